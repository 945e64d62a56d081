// SPDX-License-Identifier: GPL-3.0-or-later
#include "termcountrunner.h"

#include "store/project.h"

#include <QElapsedTimer>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace Concord {

/// Lives on the runner's thread; owns the read-only connection.
class TermCountWorker : public QObject
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

TermCountRunner::TermCountRunner(QObject *parent)
    : QObject(parent)
    , m_worker(new TermCountWorker)
{
    m_thread.setObjectName(u"TermCountRunner"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

TermCountRunner::~TermCountRunner()
{
    m_latest.store(quint64(-1)); // the running loop stops at its next item
    m_thread.quit();
    m_thread.wait();
}

void TermCountRunner::setProjectPath(const QString &path)
{
    m_path = path;
    m_latest.fetch_add(1);
    TermCountWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, path] {
        worker->ensureOpen(path);
    }, Qt::QueuedConnection);
}

void TermCountRunner::cancel()
{
    m_latest.fetch_add(1);
}

quint64 TermCountRunner::run(const QList<HighlightTerm> &terms, const QList<ItemId> &items)
{
    const quint64 ticket = m_latest.fetch_add(1) + 1;
    TermCountWorker *worker = m_worker;
    const QString path = m_path;
    QPointer<TermCountRunner> self(this);
    QMetaObject::invokeMethod(worker, [this, self, worker, path, terms, items, ticket] {
        if (m_latest.load() != ticket) {
            return; // a newer run is queued
        }
        auto report = [self, ticket](const QHash<ItemId, qint64> &counts) {
            if (!self) {
                return;
            }
            QMetaObject::invokeMethod(self.data(), [self, ticket, counts] {
                if (self && self->m_latest.load() == ticket) {
                    Q_EMIT self->counted(ticket, counts);
                }
            }, Qt::QueuedConnection);
        };
        auto finish = [self, ticket](const QString &error) {
            if (!self) {
                return;
            }
            QMetaObject::invokeMethod(self.data(), [self, ticket, error] {
                if (self && self->m_latest.load() == ticket) {
                    Q_EMIT self->finished(ticket, error);
                }
            }, Qt::QueuedConnection);
        };
        worker->ensureOpen(path);
        if (!worker->project) {
            finish(worker->openError.isEmpty() ? u"no project"_s : worker->openError);
            return;
        }
        const TermMatcher matcher(terms);
        QHash<ItemId, qint64> slice;
        QElapsedTimer sinceReport;
        sinceReport.start();
        for (const ItemId item : items) {
            if (m_latest.load() != ticket) {
                return; // terms changed or the project closed: the rest is not wanted
            }
            QString error;
            const std::optional<QStringList> texts = worker->project->itemTexts(item, &error);
            if (!texts) {
                report(slice);
                finish(error);
                return;
            }
            qint64 n = 0;
            for (const QString &text : *texts) {
                n += matcher.count(text);
            }
            slice.insert(item, n);
            // A slice at least every 150 ms, so the rows in view fill in soon, and at most
            // 500 items, so the window is not flooded with one update per item.
            if (slice.size() >= 500 || sinceReport.elapsed() >= 150) {
                report(slice);
                slice.clear();
                sinceReport.restart();
            }
        }
        report(slice);
        finish(QString());
    }, Qt::QueuedConnection);
    return ticket;
}

} // namespace Concord
