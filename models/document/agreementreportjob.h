// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/htmlreport.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QThread;

namespace Concord {

/// Writes an agreement report (writeAgreementReport) on a worker thread that reads the
/// project file through its own read-only connection, as AgreementDashboard computes its
/// figures: the bootstrap of alpha's interval can take seconds on a large project, and
/// the window stays responsive meanwhile.
///
/// cancel() before the files are renamed into place leaves nothing behind (the report
/// writer writes under temporary names); the worker stops at its next step (the figures
/// are computed a dimension at a time). Deleting the
/// job cancels it and waits at most 100 ms: a worker still inside a long computation
/// finishes on its own, writes nothing and touches no object of the caller.
class AgreementReportJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgreementReportJob)
public:
    AgreementReportJob(const QString &projectPath, const AgreementReportOptions &options, const QString &directory,
                       QObject *parent = nullptr);
    ~AgreementReportJob() override;

    /// Starts the worker (once).
    void start();
    /// Asks the worker to stop. True when nothing will be written; false when the files
    /// were already being renamed into place (the report is then complete: finished()
    /// says so) or the job has finished.
    bool cancel();
    bool isRunning() const { return m_running; }
    bool isCancelled() const;

    QString directory() const { return m_directory; }
    /// The files written (after finished(true)).
    const QList<ExportedFile> &files() const { return m_files; }
    QString errorString() const { return m_error; }
    /// Workers of any job still running (a deleted job's worker finishes on its own).
    static int runningWorkers();

Q_SIGNALS:
    /// Step @p step of @p steps is done.
    void progress(int step, int steps);
    /// The worker is done: @p ok with every file in place; otherwise errorString() says
    /// why (or isCancelled()) and nothing was written.
    void finished(bool ok);

private:
    struct State;
    void finish(bool ok, const QList<ExportedFile> &files, const QString &error);

    std::shared_ptr<State> m_state;
    QString m_path;
    AgreementReportOptions m_options;
    QString m_directory;
    QPointer<QThread> m_thread;
    QList<ExportedFile> m_files;
    QString m_error;
    bool m_running = false;
    bool m_started = false;
};

} // namespace Concord
