// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/dashboardfigures.h"

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
/// dropped. Label, codebook and rater changes announced by the ProjectDocument start a new
/// computation after a short pause (changes in a burst are coalesced into one); edits are
/// committed before they are announced, so the worker reads them.
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
    /// Starts a computation after the coalescing pause (restarted by each call).
    void scheduleRefresh();
    /// The pause that coalesces bursts of changes (default 250 ms).
    void setCoalesceInterval(int milliseconds);
    /// The ticket of the newest request.
    quint64 latestTicket() const { return m_latest.load(); }

Q_SIGNALS:
    /// New figures (or a new error) for the newest request.
    void figuresChanged();
    void computingChanged(bool computing);
    /// The current rater changed between reconciler and rater.
    void availabilityChanged();

private:
    void finish(quint64 ticket, std::shared_ptr<const DashboardFigures> figures, const QString &error);
    void setComputing(bool computing);

    QPointer<ProjectDocument> m_document;
    DashboardFilters m_filters;
    std::shared_ptr<const DashboardFigures> m_figures;
    QString m_error;
    bool m_computing = false;
    bool m_wasAvailable = false;
    QTimer *m_coalesce;
    QThread m_thread;
    QObject *m_worker;
    std::atomic<quint64> m_latest{0};
};

} // namespace Concord
