// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/project.h"

#include <QTemporaryDir>
#include <QUndoCommand>

#include <memory>

namespace Concord {

class ProjectDocument;

/// What a merge would bring in, computed without touching the open project: a read-only
/// connection of its own copies @p projectPath into a private temporary file, and the
/// merge is planned there (Project::planMerge, which validates @p otherPath first as
/// untrusted input). Safe to run on a worker thread while the window keeps its own
/// connection; messages name the real project, never the temporary copy.
std::optional<MergeReport> planMergeOfCopy(const QString &projectPath, const QString &otherPath, QString *error);

/// The counts a merge report boils down to, as plain text ("3 items, 12 findings, ...").
QString mergeSummary(const MergeReport &report);

/// File > Merge as one undo step. The first redo writes a snapshot of the project, runs
/// Project::applyMerge (which writes the user's ".before-merge.bak" and merges in one
/// transaction) and writes a snapshot of the result; undo restores the first snapshot,
/// a later redo the second (Project::restoreSnapshot: one transaction each), so undo
/// gives back exactly the file as it was and redo exactly the merge, without the other
/// file. The snapshots live in a private temporary folder as long as the command.
/// Undo and redo refuse when records were written since outside the undo history (an
/// import, a new rater): restoring would lose them; the command is then dropped, the
/// project left as it is, and the message names the backup file.
/// After each step the document announces a reload (ProjectDocument::reloaded).
class MergeProjectCommand : public QUndoCommand
{
public:
    /// @p firstReport, when given, receives what the first redo merged (the command may
    /// be gone after the push: a merge with nothing to bring in leaves no undo step).
    MergeProjectCommand(ProjectDocument *document, const QString &otherPath, MergeReport *firstReport = nullptr);

    void undo() override;
    void redo() override;

    /// What the merge did (empty until the first redo succeeded).
    const MergeReport &report() const { return m_report; }

private:
    bool fail(const QString &message);

    ProjectDocument *m_document;
    QString m_otherPath;
    MergeReport *m_firstReport;
    std::unique_ptr<QTemporaryDir> m_snapshots;
    MergeReport m_report;
    QString m_countsBefore; ///< Project::recordCounts() before the merge
    QString m_countsAfter;  ///< and after it
    bool m_done = false;    ///< the merge ran once: redo restores its snapshot
};

} // namespace Concord
