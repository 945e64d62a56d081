// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemqueryrunner.h"

#include "store/project.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace Concord {

/// Lives on the runner's thread; owns the read-only connection.
class ItemQueryWorker : public QObject
{
public:
    std::unique_ptr<Project> project;
    QString path;
    QString openError;

    void ensureOpen(const QString &wanted)
    {
        if (wanted == path && (project || !openError.isEmpty())) {
            return;
        }
        project.reset();
        openError.clear();
        path = wanted;
        if (path.isEmpty()) {
            return;
        }
        QString error;
        project = Project::open(path, Project::ReadOnly, &error);
        if (!project) {
            openError = error;
        }
    }
};

ItemQueryRunner::ItemQueryRunner(QObject *parent)
    : QObject(parent)
    , m_worker(new ItemQueryWorker)
{
    m_thread.setObjectName(u"ItemQueryRunner"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

ItemQueryRunner::~ItemQueryRunner()
{
    m_latest.store(quint64(-1)); // everything still queued is stale
    m_thread.quit();
    m_thread.wait();
}

void ItemQueryRunner::setProjectPath(const QString &path)
{
    m_path = path;
    m_latest.fetch_add(1); // results for the previous project are stale
    ItemQueryWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, path] {
        worker->ensureOpen(path);
    }, Qt::QueuedConnection);
}

quint64 ItemQueryRunner::run(const ItemQuery &query)
{
    const quint64 ticket = m_latest.fetch_add(1) + 1;
    ItemQueryWorker *worker = m_worker;
    const QString path = m_path;
    QPointer<ItemQueryRunner> self(this);
    QMetaObject::invokeMethod(worker, [this, self, worker, path, query, ticket] {
        if (m_latest.load() != ticket) {
            return; // a newer request is queued: skip the work
        }
        worker->ensureOpen(path);
        QList<ItemId> ids;
        QString error;
        if (!worker->project) {
            error = worker->openError.isEmpty() ? u"no project"_s : worker->openError;
        } else if (const std::optional<QList<ItemId>> found = worker->project->queryItems(query, &error)) {
            ids = *found;
        }
        // Back on the runner's thread; the runner may be gone by then.
        QMetaObject::invokeMethod(self.data(), [self, ticket, query, ids, error] {
            if (self) {
                Q_EMIT self->finished(ticket, query, ids, error);
            }
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    return ticket;
}

} // namespace Concord
