// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "domain/highlightterms.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>

namespace Concord {

class TermCountWorker;

/// Counts the highlight terms in items (Project::itemTexts, TermMatcher::count) on a
/// worker thread with its own read-only connection, so that a 100,000-item project is
/// counted while the window stays responsive. Counts arrive in slices (counted()), each
/// after a few hundred items or a fraction of a second; a new run() or cancel() stops
/// the one before at its next item.
class TermCountRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TermCountRunner)
public:
    explicit TermCountRunner(QObject *parent = nullptr);
    ~TermCountRunner() override;

    /// The project file to read (empty: close the worker's connection).
    void setProjectPath(const QString &path);
    /// Counts @p terms in @p items, in that order; returns the run's ticket.
    quint64 run(const QList<HighlightTerm> &terms, const QList<ItemId> &items);
    /// Stops the current run (its slices still queued are stale).
    void cancel();
    quint64 latestTicket() const { return m_latest.load(); }

Q_SIGNALS:
    /// Counts of some items of run @p ticket.
    void counted(quint64 ticket, const QHash<Concord::ItemId, qint64> &counts);
    /// Run @p ticket has counted every item, or stopped at an error (the message says
    /// why; items not counted stay unknown).
    void finished(quint64 ticket, const QString &error);

private:
    QThread m_thread;
    TermCountWorker *m_worker;
    QString m_path;
    std::atomic<quint64> m_latest{0};
};

} // namespace Concord
