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
/// connection; messages name the real project, never the temporary copy. Under a
/// CancelScope it stops at its next step once cancelled (nullopt, "interrupted").
/// With @p keepValidatedCopy, the validated copy of the other file is kept there, for
/// runMergeStep to merge without validating the other file again.
std::optional<MergeReport> planMergeOfCopy(const QString &projectPath, const QString &otherPath, QString *error,
                                           const QString &keepValidatedCopy = {});

/// The work of File > Merge as one undo step, done on a connection of its own so that it
/// can run on a worker thread (Project::openWorkerConnection): a snapshot of the project,
/// Project::applyMerge (the user's ".before-merge.bak", then one transaction), a snapshot
/// of the result. MergeProjectCommand takes it over; the window's connection then sees
/// the merged project.
struct MergeStep
{
    MergeReport report;
    std::shared_ptr<QTemporaryDir> snapshots; ///< before.concord and after.concord
    QString countsBefore; ///< Project::recordCounts() before the merge
    QString countsAfter;  ///< and after it
    /// The merge is done but no snapshot of its result could be written: it cannot be
    /// undone (the message says so and names the backup).
    QString undoError;
};

/// Runs the merge step of @p otherPath on @p connection (a worker's connection to the open
/// project). @p validatedCopy: the other file's copy a plan validated and kept (empty:
/// validate it again). nullopt and *error when it was refused or failed: the project is
/// unchanged (the merge is one transaction; a crash at any point leaves the project as it
/// was or merged). Not cancellable once the merge's transaction runs.
std::optional<MergeStep> runMergeStep(Project &connection, const QString &otherPath, const QString &validatedCopy,
                                      QString *error);

/// The counts a merge report boils down to, as plain text ("3 items, 12 findings, ...").
QString mergeSummary(const MergeReport &report);

/// File > Merge as one undo step, made from a merge step that already ran (runMergeStep,
/// usually on a worker thread): the first redo only announces the reload; undo restores
/// the snapshot from before, a later redo the one from after (Project::restoreSnapshot:
/// one transaction each, on a worker thread with a connection of its own while the event
/// loop turns without user input; ProjectDocument::busy says so), so undo gives back exactly the file
/// as it was and redo exactly the merge, without the other file. The snapshots live in a
/// private temporary folder as long as the command.
/// Undo and redo refuse when records were written since outside the undo history (an
/// import, a new rater): restoring would lose them; the command is then dropped, the
/// project left as it is, and the message names the backup file.
/// After each step the document announces a reload (ProjectDocument::reloaded).
class MergeProjectCommand : public QUndoCommand
{
public:
    MergeProjectCommand(ProjectDocument *document, const QString &otherPath, MergeStep step);

    void undo() override;
    void redo() override;

    /// What the merge did.
    const MergeReport &report() const { return m_step.report; }

private:
    bool fail(const QString &message);

    ProjectDocument *m_document;
    QString m_otherPath;
    MergeStep m_step;
    bool m_announced = false; ///< the first redo (the merge itself, already done) was announced
};

} // namespace Concord
