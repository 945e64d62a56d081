// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreementreportjob.h"

#include "store/project.h"

#include <QMutex>
#include <QMutexLocker>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
std::atomic<int> s_workers{0};
}

int AgreementReportJob::runningWorkers()
{
    return s_workers.load();
}

/// What the worker and the job share; the job may be gone while the worker runs.
struct AgreementReportJob::State
{
    QMutex mutex;
    AgreementReportJob *job = nullptr; ///< null once the job is destroyed
    bool cancelled = false;
    bool renaming = false; ///< past the last chance to cancel
};

AgreementReportJob::AgreementReportJob(const QString &projectPath, const AgreementReportOptions &options,
                                       const QString &directory, QObject *parent)
    : QObject(parent)
    , m_state(std::make_shared<State>())
    , m_path(projectPath)
    , m_options(options)
    , m_directory(directory)
{
    m_state->job = this;
}

AgreementReportJob::~AgreementReportJob()
{
    {
        QMutexLocker lock(&m_state->mutex);
        m_state->cancelled = true;
        m_state->job = nullptr; // the worker posts nothing to this object from now on
    }
    // A worker between steps stops at once; one inside the figures finishes later by
    // itself and writes nothing. Do not hold up the window that is closing for it.
    if (m_thread) {
        m_thread->wait(100);
    }
}

void AgreementReportJob::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_running = true;
    const std::shared_ptr<State> state = m_state;
    AgreementReportOptions options = m_options;
    options.progress = [state](int step, int steps) {
        QMutexLocker lock(&state->mutex);
        if (state->cancelled) {
            return false;
        }
        if (step == steps) {
            state->renaming = true;
        }
        if (state->job) {
            AgreementReportJob *job = state->job;
            QMetaObject::invokeMethod(job, [job, step, steps] { Q_EMIT job->progress(step, steps); }, Qt::QueuedConnection);
        }
        return true;
    };
    options.cancelled = [state] {
        QMutexLocker lock(&state->mutex);
        return state->cancelled;
    };
    const QString path = m_path;
    const QString directory = m_directory;
    s_workers.fetch_add(1);
    QThread *thread = QThread::create([state, options, path, directory] {
        QString error;
        std::optional<QList<ExportedFile>> files;
        // A connection of its own: the window's connection stays on the UI thread.
        if (std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error)) {
            files = writeAgreementReport(*project, options, directory, &error);
        } else {
            error = path + u": "_s + error;
        }
        QMutexLocker lock(&state->mutex);
        if (AgreementReportJob *job = state->job) {
            const QList<ExportedFile> written = files.value_or(QList<ExportedFile>());
            const bool ok = files.has_value();
            QMetaObject::invokeMethod(job, [job, ok, written, error] { job->finish(ok, written, error); }, Qt::QueuedConnection);
        }
        s_workers.fetch_sub(1);
    });
    thread->setObjectName(u"AgreementReport"_s);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    m_thread = thread;
    thread->start();
}

bool AgreementReportJob::cancel()
{
    QMutexLocker lock(&m_state->mutex);
    if (m_state->renaming || !m_running) {
        return false;
    }
    m_state->cancelled = true;
    return true;
}

bool AgreementReportJob::isCancelled() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->cancelled && !m_state->renaming;
}

void AgreementReportJob::finish(bool ok, const QList<ExportedFile> &files, const QString &error)
{
    m_running = false;
    m_files = files;
    m_error = error;
    Q_EMIT finished(ok);
}

} // namespace Concord
