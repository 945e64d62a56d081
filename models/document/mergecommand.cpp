// SPDX-License-Identifier: GPL-3.0-or-later
#include "mergecommand.h"

#include "document/projectdocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QThread>
#include <QFileInfo>
#include <QMap>

using namespace Qt::StringLiterals;

namespace Concord {

std::optional<MergeReport> planMergeOfCopy(const QString &projectPath, const QString &otherPath, QString *error,
                                           const QString &keepValidatedCopy)
{
    const QString ours = QDir::toNativeSeparators(projectPath);
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        if (error) {
            *error = QCoreApplication::translate("MergeProjectCommand",
                                                 "Cannot check %1: no temporary folder (%2). The project is unchanged.")
                         .arg(QDir::toNativeSeparators(otherPath), scratch.errorString());
        }
        return std::nullopt;
    }
    const QString copy = scratch.filePath(u"plan.concord"_s);
    {
        std::unique_ptr<Project> reader = Project::open(projectPath, Project::ReadOnly, error);
        if (!reader || !reader->writeSnapshot(copy, error)) {
            return std::nullopt;
        }
    }
    std::unique_ptr<Project> planner = Project::open(copy, Project::ReadWrite, error);
    if (!planner) {
        return std::nullopt;
    }
    std::optional<MergeReport> report = planner->planMerge(otherPath, error, keepValidatedCopy);
    if (!report && error) {
        error->replace(QDir::toNativeSeparators(copy), ours);
    }
    return report;
}

QString mergeSummary(const MergeReport &report)
{
    // entity -> action -> how many; audit entries counted on their own
    QMap<QString, QMap<QString, qint64>> counts;
    for (const MergeReport::Change &c : report.changes) {
        if (c.action != u"conflict"_s) {
            ++counts[c.entity][c.action];
        }
    }
    static const QList<std::pair<QString, const char *>> s_entities = {
        {u"item"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "items")},
        {u"finding"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "findings")},
        {u"reconciled"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "reconciled findings")},
        {u"done"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "done marks")},
        {u"dimension"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "codebook dimensions")},
        {u"value"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "codebook values")},
        {u"rater"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "raters")},
        {u"dataset"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "datasets")},
        {u"tombstone"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "deletions")},
        {u"audit"_s, QT_TRANSLATE_NOOP("MergeProjectCommand", "audit entries")},
    };
    QStringList parts;
    for (const auto &[entity, name] : s_entities) {
        const QMap<QString, qint64> byAction = counts.take(entity);
        if (byAction.isEmpty()) {
            continue;
        }
        QStringList actions;
        static const std::pair<const char *, const char *> s_actions[] = {
            {"add", QT_TRANSLATE_NOOP("MergeProjectCommand", "added")},
            {"update", QT_TRANSLATE_NOOP("MergeProjectCommand", "updated")},
            {"delete", QT_TRANSLATE_NOOP("MergeProjectCommand", "deleted")},
        };
        for (const auto &[action, shown] : s_actions) {
            const qint64 n = byAction.value(QString::fromLatin1(action));
            if (n > 0) {
                actions << u"%1 %2"_s.arg(n).arg(QCoreApplication::translate("MergeProjectCommand", shown));
            }
        }
        parts << u"%1: %2"_s.arg(QCoreApplication::translate("MergeProjectCommand", name), actions.join(u", "_s));
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) { // an entity added to the store later
        qint64 n = 0;
        for (qint64 v : it.value()) {
            n += v;
        }
        parts << u"%1: %2"_s.arg(it.key()).arg(n);
    }
    parts << QCoreApplication::translate("MergeProjectCommand", "%n conflict(s) decided", nullptr,
                                         int(report.count(u"conflict"_s)));
    return parts.join(u"; "_s);
}

std::optional<MergeStep> runMergeStep(Project &connection, const QString &otherPath, const QString &validatedCopy,
                                      QString *error)
{
    const QString name = QFileInfo(otherPath).fileName();
    auto failWith = [&](const QString &message) -> std::optional<MergeStep> {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    MergeStep step;
    step.snapshots = std::make_shared<QTemporaryDir>();
    if (!step.snapshots->isValid()) {
        return failWith(QCoreApplication::translate("MergeProjectCommand",
                                                    "Merge %1: no temporary folder for the undo snapshots (%2). The project is unchanged.")
                            .arg(name, step.snapshots->errorString()));
    }
    QString cause;
    step.countsBefore = connection.recordCounts();
    if (!connection.writeSnapshot(step.snapshots->filePath(u"before.concord"_s), &cause)) {
        return failWith(
            QCoreApplication::translate("MergeProjectCommand", "Merge %1: %2 The project is unchanged.").arg(name, cause));
    }
    std::optional<MergeReport> report = connection.applyMerge(otherPath, &cause, validatedCopy);
    if (!report) {
        return failWith(cause);
    }
    step.report = std::move(*report);
    if (step.report.isNoOp()) {
        return step;
    }
    step.countsAfter = connection.recordCounts();
    if (!connection.writeSnapshot(step.snapshots->filePath(u"after.concord"_s), &cause)) {
        // The merge itself is done and durable; only its undo is impossible.
        step.undoError = QCoreApplication::translate("MergeProjectCommand",
                                                     "%1 was merged, but it cannot be undone: %2 The project as it was is at %3.")
                             .arg(name, cause, QDir::toNativeSeparators(step.report.backupPath));
    }
    return step;
}

namespace {

// Restores @p snapshot on a worker thread with a read-write connection of its own (a
// large project takes longer than a UI may wait); the event loop turns meanwhile without
// user input, and the document announces the wait so that the window shows it. The
// window's connection only reads meanwhile and sees the restored content after.
bool restoreOffThread(ProjectDocument *document, const QString &snapshot, const QString &what, QString *error)
{
    Project &project = document->project();
    struct Restoring
    {
        std::unique_ptr<Project> connection;
        bool ok = false;
        QString error;
    };
    auto restoring = std::make_shared<Restoring>();
    restoring->connection = project.openWorkerConnection(error);
    if (!restoring->connection) {
        return false;
    }
    QThread *thread = QThread::create([restoring, snapshot] {
        restoring->ok = restoring->connection->restoreSnapshot(snapshot, &restoring->error);
        restoring->connection.reset(); // closed on the thread that used it
    });
    QEventLoop loop;
    QObject::connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    document->announceBusy(what);
    thread->start();
    loop.exec(QEventLoop::ExcludeUserInputEvents); // no second undo while this one runs
    thread->wait();
    delete thread;
    project.contentReplaced();
    document->announceBusy(QString());
    if (!restoring->ok && error) {
        *error = restoring->error;
    }
    return restoring->ok;
}

} // namespace

MergeProjectCommand::MergeProjectCommand(ProjectDocument *document, const QString &otherPath, MergeStep step)
    : QUndoCommand(QCoreApplication::translate("MergeProjectCommand", "Merge %1").arg(QFileInfo(otherPath).fileName()))
    , m_document(document)
    , m_otherPath(otherPath)
    , m_step(std::move(step))
{
}

bool MergeProjectCommand::fail(const QString &message)
{
    // Dropped from the stack: what it would undo or redo can no longer be put back exactly.
    setObsolete(true);
    m_document->announceEditFailed(message);
    return false;
}

void MergeProjectCommand::redo()
{
    if (!m_announced) {
        // The merge ran before the push (runMergeStep): its result is in the file.
        m_announced = true;
        m_document->announceReloaded();
        return;
    }
    Project &project = m_document->project();
    if (project.recordCounts() != m_step.countsBefore) {
        fail(QCoreApplication::translate("MergeProjectCommand",
                                         "Redo %1: records were added or removed since the undo outside the undo history "
                                         "(an import, a new rater); redoing would lose them. The project is unchanged; "
                                         "merge the file again instead.")
                 .arg(text()));
        return;
    }
    QString error;
    if (!restoreOffThread(m_document, m_step.snapshots->filePath(u"after.concord"_s),
                          QCoreApplication::translate("MergeProjectCommand", "Redoing %1…").arg(text()), &error)) {
        fail(u"%1: %2"_s.arg(text(), error));
        return;
    }
    m_document->announceReloaded();
}

void MergeProjectCommand::undo()
{
    Project &project = m_document->project();
    if (project.recordCounts() != m_step.countsAfter) {
        fail(QCoreApplication::translate("MergeProjectCommand",
                                         "Undo %1: records were added or removed since the merge outside the undo history "
                                         "(an import, a new rater); undoing would lose them. The project is unchanged; "
                                         "the project as it was before the merge is at %2.")
                 .arg(text(), QDir::toNativeSeparators(m_step.report.backupPath)));
        return;
    }
    QString error;
    if (!restoreOffThread(m_document, m_step.snapshots->filePath(u"before.concord"_s),
                          QCoreApplication::translate("MergeProjectCommand", "Undoing %1…").arg(text()), &error)) {
        fail(u"%1: %2"_s.arg(text(), error));
        return;
    }
    m_document->announceReloaded();
}

} // namespace Concord
