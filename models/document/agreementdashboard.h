// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/dashboardfigures.h"
#include "domain/ids.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <memory>

class QTimer;

namespace Concord {

class ProjectDocument;

/// The agreement dashboard without widgets: computes, for the current filters, every
/// figure the dashboard shows (computeDashboardFigures) on a worker thread that reads the
/// project file through its own read-only connection, so a large project (and the
/// bootstrap interval of alpha, 1000 resamples per dimension) never stalls the window.
/// Each request gets a ticket; a result whose ticket is not the newest is stale and
/// dropped, and a computation whose ticket is no longer the newest stops at its next step
/// (so closing the window waits for one step at most, not for the whole computation).
///
/// Label changes announced by the ProjectDocument (findings and final findings of items)
/// are applied item by item after a short pause (a burst is coalesced into one) with the
/// engine's incremental counts (DashboardUpdater): the coefficients, counts, confusion
/// matrices and frequencies are current at once, marked provisional, and a full
/// computation (intervals, rounds, decisions) follows once the labels have been still for
/// a moment (setSettleInterval). Codebook and rater changes, and changes the updater cannot
/// apply item by item, start a full computation. Edits are committed before they are
/// announced, so the worker reads them.
///
/// The figures show every rater's labels: they are computed only while the document's
/// current rater is a reconciler (blind labeling); unavailableReason() says why not.
class AgreementDashboard : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgreementDashboard)
public:
    explicit AgreementDashboard(ProjectDocument *document, QObject *parent = nullptr);
    ~AgreementDashboard() override;

    ProjectDocument *document() const { return m_document; }

    const DashboardFilters &filters() const { return m_filters; }
    /// Replaces the filters and recomputes (at once: the user asked for it).
    void setFilters(const DashboardFilters &filters);

    /// Empty when the figures may be shown; otherwise why not (for the window to say).
    QString unavailableReason() const;
    bool isAvailable() const { return unavailableReason().isEmpty(); }

    /// The newest figures (null before the first result, or when unavailable).
    std::shared_ptr<const DashboardFigures> figures() const { return m_figures; }
    /// Why the last computation failed (empty when it did not).
    QString error() const { return m_error; }
    /// True from a request until its result (or a newer one's) arrives.
    bool isComputing() const { return m_computing; }

    /// Starts a computation now; returns its ticket (0 when unavailable: nothing started).
    quint64 refresh();
    /// Starts a full computation after the coalescing pause (restarted by each call).
    void scheduleRefresh();
    /// Brings the figures up to date for the labels of @p item after the coalescing pause
    /// (restarted by each call), item by item when possible.
    void scheduleItemUpdate(Concord::ItemId item);
    /// The pause that coalesces bursts of changes (default 250 ms).
    void setCoalesceInterval(int milliseconds);
    /// How long labels must be still after provisional figures before the full
    /// computation starts (default 1500 ms).
    void setSettleInterval(int milliseconds);
    /// The ticket of the newest request.
    quint64 latestTicket() const { return m_latest.load(); }

Q_SIGNALS:
    /// New figures (or a new error) for the newest request.
    void figuresChanged();
    void computingChanged(bool computing);
    /// The current rater changed between reconciler and rater.
    void availabilityChanged();

private:
    /// Queues a computation on the worker: item by item for @p items when the updater can
    /// (and @p items is not empty), else in full.
    quint64 request(const QList<ItemId> &items);
    void runCoalesced();
    void finish(quint64 ticket, std::shared_ptr<const DashboardFigures> figures, const QString &error);
    void setComputing(bool computing);

    QPointer<ProjectDocument> m_document;
    DashboardFilters m_filters;
    std::shared_ptr<const DashboardFigures> m_figures;
    QString m_error;
    bool m_computing = false;
    bool m_wasAvailable = false;
    QTimer *m_coalesce;
    QTimer *m_settle;
    QList<ItemId> m_pendingItems; ///< changed items waiting for the coalescing pause
    bool m_fullPending = false;   ///< a change that needs a full computation is waiting
    QThread m_thread;
    QObject *m_worker;
    /// Used on the worker thread only (created and destroyed here while it is stopped).
    struct WorkerState;
    std::unique_ptr<WorkerState> m_state;
    std::atomic<quint64> m_latest{0};
};

} // namespace Concord
