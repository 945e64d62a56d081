// SPDX-License-Identifier: GPL-3.0-or-later
#include "mergecommand.h"

#include "document/projectdocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMap>

using namespace Qt::StringLiterals;

namespace Concord {

std::optional<MergeReport> planMergeOfCopy(const QString &projectPath, const QString &otherPath, QString *error)
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
    std::optional<MergeReport> report = planner->planMerge(otherPath, error);
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

MergeProjectCommand::MergeProjectCommand(ProjectDocument *document, const QString &otherPath, MergeReport *firstReport)
    : QUndoCommand(QCoreApplication::translate("MergeProjectCommand", "Merge %1").arg(QFileInfo(otherPath).fileName()))
    , m_document(document)
    , m_otherPath(otherPath)
    , m_firstReport(firstReport)
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
    Project &project = m_document->project();
    QString error;
    if (m_done) {
        if (project.recordCounts() != m_countsBefore) {
            fail(QCoreApplication::translate("MergeProjectCommand",
                                             "Redo %1: records were added or removed since the undo outside the undo history "
                                             "(an import, a new rater); redoing would lose them. The project is unchanged; "
                                             "merge the file again instead.")
                     .arg(text()));
            return;
        }
        if (!project.restoreSnapshot(m_snapshots->filePath(u"after.concord"_s), &error)) {
            fail(u"%1: %2"_s.arg(text(), error));
            return;
        }
        m_document->announceReloaded();
        return;
    }
    m_snapshots = std::make_unique<QTemporaryDir>();
    if (!m_snapshots->isValid()) {
        fail(QCoreApplication::translate("MergeProjectCommand",
                                         "%1: no temporary folder for the undo snapshots (%2). The project is unchanged.")
                 .arg(text(), m_snapshots->errorString()));
        return;
    }
    m_countsBefore = project.recordCounts();
    if (!project.writeSnapshot(m_snapshots->filePath(u"before.concord"_s), &error)) {
        fail(QCoreApplication::translate("MergeProjectCommand", "%1: %2 The project is unchanged.").arg(text(), error));
        return;
    }
    std::optional<MergeReport> report = project.applyMerge(m_otherPath, &error);
    if (!report) {
        fail(error);
        return;
    }
    m_report = std::move(*report);
    if (m_firstReport) {
        *m_firstReport = m_report;
        m_firstReport = nullptr;
    }
    if (m_report.isNoOp()) {
        // Nothing was written: no undo step either (the report still says why).
        setObsolete(true);
        return;
    }
    m_countsAfter = project.recordCounts();
    if (!project.writeSnapshot(m_snapshots->filePath(u"after.concord"_s), &error)) {
        // The merge itself is done and durable; only its undo is impossible.
        fail(QCoreApplication::translate("MergeProjectCommand",
                                         "%1 was merged, but it cannot be undone: %2 The project as it was is at %3.")
                 .arg(QFileInfo(m_otherPath).fileName(), error, QDir::toNativeSeparators(m_report.backupPath)));
        m_document->announceReloaded();
        return;
    }
    m_done = true;
    m_document->announceReloaded();
}

void MergeProjectCommand::undo()
{
    Project &project = m_document->project();
    if (project.recordCounts() != m_countsAfter) {
        fail(QCoreApplication::translate("MergeProjectCommand",
                                         "Undo %1: records were added or removed since the merge outside the undo history "
                                         "(an import, a new rater); undoing would lose them. The project is unchanged; "
                                         "the project as it was before the merge is at %2.")
                 .arg(text(), QDir::toNativeSeparators(m_report.backupPath)));
        return;
    }
    QString error;
    if (!project.restoreSnapshot(m_snapshots->filePath(u"before.concord"_s), &error)) {
        fail(u"%1: %2"_s.arg(text(), error));
        return;
    }
    m_document->announceReloaded();
}

} // namespace Concord
