// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "document/mergecommand.h"
#include "store/project.h"

#include <QObject>
#include <QUuid>

#include <memory>

class QUndoCommand;
class QUndoStack;

namespace Concord {

/// An open project as the GUI sees it: the Project store, the undo stack that every
/// edit of labels and codebook goes through (as Tiled's Document owns its stack), and
/// who is labeling. Edits are QUndoCommands (undocommands.h) that write one durable
/// transaction each and then announce what they changed through the signals below, so
/// views update from the change itself (an undo repaints what it touched) and never
/// re-read "just in case".
class ProjectDocument : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectDocument)
public:
    /// Opens @p path. When another Concord holds the write lock and @p allowReadOnly is
    /// true, opens read-only instead and says so in isReadOnly().
    static std::unique_ptr<ProjectDocument> open(const QString &path, bool allowReadOnly, QString *error,
                                                 OpenFailure *failure = nullptr);
    ~ProjectDocument() override;

    Project &project() { return *m_project; }
    const Project &project() const { return *m_project; }
    QUndoStack *undoStack() const { return m_undoStack; }

    QString path() const;
    /// The name to show: the project's "title" metadata, else the file name.
    QString displayName() const;
    bool isReadOnly() const;
    /// True when the project was opened read-only because another Concord writes it.
    bool isLockedByOther() const { return m_lockedByOther; }

    // --- who is labeling ---
    /// The rater whose findings the labeling form edits; 0 when nobody is chosen yet.
    RaterId currentRater() const { return m_rater; }
    /// The current rater's record (nullopt when none).
    std::optional<Rater> currentRaterRecord() const;
    /// Chooses who labels; the audit log names them from now on.
    void setCurrentRater(RaterId rater);
    /// A reconciler sees every rater's findings and the agreement figures.
    bool isReconciler() const;
    /// Blind labeling: other raters' findings of @p item may be shown only to a
    /// reconciler or once the item has a reconciled finding.
    bool mayShowAllFindings(ItemId item) const;

    /// Pushes @p command onto the undo stack (which runs it). When the store refuses,
    /// the command is dropped, nothing changed, and false is returned with *error set
    /// (also announced through editFailed).
    bool push(QUndoCommand *command, QString *error = nullptr);

    /// Merges @p otherPath (another copy of this project) as one undo step "Merge NAME"
    /// (MergeProjectCommand): false and *error when it was refused or failed (the project
    /// unchanged, unless the message says otherwise). *report gets what was merged; a
    /// merge with nothing to bring in succeeds without an undo step (report->isNoOp()).
    /// Runs the merge on a second connection of its own (runMergeStep), on this thread.
    bool mergeFrom(const QString &otherPath, MergeReport *report, QString *error = nullptr);
    /// Takes over a merge step that ran on a worker thread (runMergeStep on
    /// Project::openWorkerConnection): pushes it as the undo step "Merge NAME" and
    /// announces the reload. A merge with nothing to bring in leaves no step (true); one
    /// whose result could not be snapshotted is merged but leaves no step either: false
    /// and *error (announced through editFailed) say it cannot be undone.
    bool adoptMerge(const QString &otherPath, MergeStep step, QString *error = nullptr);

    // --- highlight terms ---
    /// The project's terms as last read or set (empty when the stored ones cannot be
    /// read: highlightTermsError() says why).
    const QList<HighlightTerm> &highlightTerms() const { return m_terms; }
    QString highlightTermsError() const { return m_termsError; }
    /// Pushes a command that replaces the terms with @p terms. False and *error (the
    /// terms unchanged, nothing pushed) when a term is invalid or listed twice, or the
    /// store refused; false without error when @p terms are the current ones.
    bool setHighlightTerms(const QList<HighlightTerm> &terms, QString *error = nullptr);

    // --- announcements, emitted by the commands after their transaction committed ---
    void announceFindingChanged(ItemId item, RaterId rater, const QUuid &finding);
    void announceLabelStatusChanged(ItemId item, RaterId rater);
    void announceReconciledChanged(ItemId item);
    void announceCodebookChanged();
    void announceRatersChanged();
    void announceHighlightTermsChanged(const QList<HighlightTerm> &terms);
    void announceEditFailed(const QString &message);
    /// Anything may have changed (a merge, its undo or redo): emits reloaded, then
    /// codebookChanged and ratersChanged; a current rater that no longer exists is unset.
    void announceReloaded();
    /// Long work on a worker thread started (@p what, shown to the user) or ended (empty):
    /// the window blocks edits and shows that it waits (restoring a merge's snapshot).
    void announceBusy(const QString &what);
    /// The message of the last refused edit (cleared by push).
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    /// Work on a worker thread runs (@p what) or ended (empty); the event loop turns
    /// meanwhile without user input, and nothing may edit the project.
    void busy(const QString &what);
    /// A finding of @p item by @p rater was added, changed or removed.
    void findingChanged(Concord::ItemId item, Concord::RaterId rater, const QUuid &finding);
    /// A reconciled (final) finding of @p item was added, changed or removed.
    void reconciledChanged(Concord::ItemId item);
    /// A rater's done mark or derived status of @p item may have changed.
    void labelStatusChanged(Concord::ItemId item, Concord::RaterId rater);
    /// Dimensions or values were added, renamed, moved, merged, ...
    void codebookChanged();
    void ratersChanged();
    /// The highlight terms were replaced (an edit, its undo or redo).
    void highlightTermsChanged(const QList<Concord::HighlightTerm> &terms);
    void currentRaterChanged(Concord::RaterId rater);
    /// The whole project may have changed (a merge, its undo or redo): views read it again.
    void reloaded();
    /// The store refused an edit (disk full, read-only, ...): the message says why and
    /// that nothing was changed.
    void editFailed(const QString &message);

private:
    explicit ProjectDocument(std::unique_ptr<Project> project, bool lockedByOther);

    std::unique_ptr<Project> m_project;
    QUndoStack *m_undoStack;
    bool m_lockedByOther = false;
    RaterId m_rater = 0;
    bool m_reconciler = false;
    QString m_lastError;
    QList<HighlightTerm> m_terms;
    QString m_termsError;
};

} // namespace Concord
