// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreementdashboard.h"

#include "agreement/dashboardupdate.h"
#include "projectdocument.h"
#include "store/project.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Concord {

struct AgreementDashboard::WorkerState
{
    std::unique_ptr<Project> project; ///< the connection of the last full computation
    DashboardUpdater updater;
};

AgreementDashboard::AgreementDashboard(ProjectDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_coalesce(new QTimer(this))
    , m_settle(new QTimer(this))
    , m_worker(new QObject)
    , m_state(std::make_unique<WorkerState>())
{
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(250);
    connect(m_coalesce, &QTimer::timeout, this, &AgreementDashboard::runCoalesced);
    m_settle->setSingleShot(true);
    m_settle->setInterval(1500);
    connect(m_settle, &QTimer::timeout, this, [this] {
        refresh();
    });
    m_thread.setObjectName(u"AgreementDashboard"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    if (document) {
        connect(document, &ProjectDocument::findingChanged, this, [this](ItemId item) {
            scheduleItemUpdate(item);
        });
        connect(document, &ProjectDocument::codebookChanged, this, &AgreementDashboard::scheduleRefresh);
        connect(document, &ProjectDocument::ratersChanged, this, &AgreementDashboard::scheduleRefresh);
        // A final finding recorded or undone changes the item's units and the decisions.
        connect(document, &ProjectDocument::reconciledChanged, this, &AgreementDashboard::scheduleItemUpdate);
        connect(document, &ProjectDocument::currentRaterChanged, this, [this] {
            if (isAvailable() != m_wasAvailable) {
                m_wasAvailable = isAvailable();
                if (!m_wasAvailable) {
                    m_latest.fetch_add(1); // a result on its way is not to be shown
                    m_figures.reset();
                    m_error.clear();
                    setComputing(false);
                    Q_EMIT figuresChanged();
                }
                Q_EMIT availabilityChanged();
            }
            scheduleRefresh();
        });
    }
    m_wasAvailable = isAvailable();
}

AgreementDashboard::~AgreementDashboard()
{
    m_latest.store(quint64(-1)); // everything still queued is stale; a running computation stops at its next step
    m_thread.quit();
    m_thread.wait();
    m_state.reset();
}

QString AgreementDashboard::unavailableReason() const
{
    if (!m_document) {
        return tr("No project is open.");
    }
    if (!m_document->isReconciler()) {
        const std::optional<Rater> rater = m_document->currentRaterRecord();
        const QString who = rater ? tr("You label as %1, a rater.").arg(rater->name) : tr("No rater is chosen.");
        return tr("%1 The agreement dashboard shows every rater's labels, so it is open to reconcilers only: "
                  "raters label blind. Switch to a reconciler with Label > Switch Rater.")
            .arg(who);
    }
    return {};
}

void AgreementDashboard::setFilters(const DashboardFilters &filters)
{
    m_filters = filters;
    refresh();
}

void AgreementDashboard::setCoalesceInterval(int milliseconds)
{
    m_coalesce->setInterval(milliseconds);
}

void AgreementDashboard::setSettleInterval(int milliseconds)
{
    m_settle->setInterval(milliseconds);
}

void AgreementDashboard::scheduleRefresh()
{
    if (isAvailable()) {
        m_fullPending = true;
        m_coalesce->start();
    }
}

void AgreementDashboard::scheduleItemUpdate(ItemId item)
{
    if (isAvailable()) {
        if (!m_pendingItems.contains(item)) {
            m_pendingItems.append(item);
        }
        m_coalesce->start();
    }
}

void AgreementDashboard::runCoalesced()
{
    if (m_fullPending) {
        refresh();
    } else if (!m_pendingItems.isEmpty() && isAvailable()) {
        request(std::exchange(m_pendingItems, {}));
    }
}

quint64 AgreementDashboard::refresh()
{
    return request({});
}

quint64 AgreementDashboard::request(const QList<ItemId> &items)
{
    m_coalesce->stop();
    if (items.isEmpty()) {
        // A full computation covers every change waiting.
        m_settle->stop();
        m_fullPending = false;
        m_pendingItems.clear();
    }
    if (!isAvailable()) {
        return 0;
    }
    const quint64 ticket = m_latest.fetch_add(1) + 1;
    setComputing(true);
    const QString path = m_document->path();
    const DashboardFilters filters = m_filters;
    QMetaObject::invokeMethod(m_worker, [this, path, filters, ticket, items] {
        if (m_latest.load() != ticket) {
            return; // a newer request is queued: skip the work
        }
        QString error;
        std::shared_ptr<const DashboardFigures> figures;
        DashboardUpdater &updater = m_state->updater;
        if (!items.isEmpty() && m_state->project && updater.isValid() && updater.filters() == filters) {
            // The changed items only, through the incremental counts.
            if (updater.updateItems(*m_state->project, items, &error)) {
                figures = std::make_shared<const DashboardFigures>(updater.figures());
            }
        }
        if (!figures) {
            // A full computation on a fresh connection: it sees every committed edit and
            // the current codebook. It is kept for the item updates that follow.
            error.clear();
            m_state->project.reset();
            updater.clear();
            if (std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error)) {
                ProjectUnitInputs inputs;
                const auto cancelled = [this, ticket] {
                    return m_latest.load() != ticket;
                };
                if (std::optional<DashboardFigures> computed
                    = computeDashboardFigures(*project, filters, &error, cancelled, &inputs)) {
                    figures = std::make_shared<const DashboardFigures>(std::move(*computed));
                    updater.reset(*figures, std::move(inputs));
                    m_state->project = std::move(project);
                }
            }
        }
        // The dashboard waits for this thread in its destructor, so it is alive here; the
        // queued call is dropped with it if it goes before the call runs.
        QMetaObject::invokeMethod(this, [this, ticket, figures, error] {
            finish(ticket, figures, error);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    return ticket;
}

void AgreementDashboard::finish(quint64 ticket, std::shared_ptr<const DashboardFigures> figures, const QString &error)
{
    if (ticket != m_latest.load()) {
        return; // stale: a newer request is under way
    }
    m_figures = figures ? figures : nullptr;
    m_error = figures ? QString() : (error.isEmpty() ? tr("The figures could not be computed.") : error);
    if (figures && figures->provisional) {
        // Current for the labels, but without intervals and with the rounds and
        // decisions of before: the full computation once the labels are still.
        m_settle->start();
    }
    setComputing(false);
    Q_EMIT figuresChanged();
}

void AgreementDashboard::setComputing(bool computing)
{
    if (m_computing != computing) {
        m_computing = computing;
        Q_EMIT computingChanged(computing);
    }
}

} // namespace Concord
