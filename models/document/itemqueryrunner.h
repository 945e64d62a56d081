// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace Concord {

class ItemQueryWorker;

/// Runs work-queue queries (Project::queryItems) on a worker thread with its own
/// read-only connection to the project file, so that typing in the search box of a
/// 100,000-item project never stalls the window. Only the newest request counts: an
/// older one still waiting is skipped, and its result, if any, is marked stale by its
/// ticket. Edits are committed before the window shows them, so the worker's reads see
/// them.
class ItemQueryRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemQueryRunner)
public:
    explicit ItemQueryRunner(QObject *parent = nullptr);
    ~ItemQueryRunner() override;

    /// The project file to read (empty: close the worker's connection).
    void setProjectPath(const QString &path);
    /// Starts @p query; returns its ticket. finished() reports it.
    quint64 run(const ItemQuery &query);
    /// The ticket of the newest request: results with another ticket are stale.
    quint64 latestTicket() const { return m_latest.load(); }

Q_SIGNALS:
    /// The result of request @p ticket: the ids in order, or an error message (ids empty).
    void finished(quint64 ticket, const Concord::ItemQuery &query, const QList<Concord::ItemId> &ids, const QString &error);

private:
    QThread m_thread;
    ItemQueryWorker *m_worker;
    QString m_path;
    std::atomic<quint64> m_latest{0};
};

} // namespace Concord
