// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/reconciliation.h"
#include "domain/domain.h"

#include <QUndoCommand>

#include <optional>

namespace Concord {

class ProjectDocument;

/// One reconciled (final) finding as an undo command remembers it. Values are kept by
/// UUID, not row id, so a command still applies after a value was removed and added back
/// by another undo; the finding itself is found again by its UUID.
struct ReconciledState
{
    QUuid uuid{};
    ItemId item = 0;
    int ordinal = 0;
    QMap<DimensionId, QList<QUuid>> values{};
    DimensionComments comments{};
    bool shouldDiscuss = false;
    QList<QUuid> sourceFindings{};
    ReconciledFinding::Decision decision = ReconciledFinding::Decision::AdoptedOne;
    QString rationale{};
    RaterId decidedBy = 0;
    QDateTime decidedAt{}; ///< kept, so a removed decision comes back as it was

    static ReconciledState from(const ReconciledFinding &finding, const Codebook &codebook);
    /// The reconciled finding to write: values resolved to the ids they have now. Values
    /// that no longer exist are named in *missing.
    ReconciledFinding toReconciled(const Codebook &codebook, QStringList *missing) const;
    bool operator==(const ReconciledState &) const = default;
};

/// Changes one reconciled finding from one state to another, where "no state" means it
/// does not exist: so the same command adds (before empty), removes (after empty) and
/// edits values, comments, decision, rationale and links. One durable transaction per
/// redo/undo, announced through ProjectDocument::reconciledChanged; a refused transaction
/// drops the command and reports through the document.
class ChangeReconciledCommand : public QUndoCommand
{
public:
    /// @p mergeable: a typed edit (the rationale, or one dimension's comment), merged
    /// with the next mergeable edit of the same field of the same finding (one undo step
    /// per typing burst).
    ChangeReconciledCommand(ProjectDocument *document, std::optional<ReconciledState> before,
                            std::optional<ReconciledState> after, const QString &text, bool mergeable = false);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

    const std::optional<ReconciledState> &before() const { return m_before; }
    const std::optional<ReconciledState> &after() const { return m_after; }

private:
    bool apply(const std::optional<ReconciledState> &from, const std::optional<ReconciledState> &to);

    ProjectDocument *m_document;
    std::optional<ReconciledState> m_before;
    std::optional<ReconciledState> m_after;
    bool m_mergeable;
};

/// "Accept all unanimous" for two raters as one undo step: one reconciled finding per
/// unit where both gave equal values on every dimension (planAcceptUnanimous), stored in
/// one transaction (applyAcceptUnanimous). Items that already have a reconciled finding
/// (decisions made by hand or earlier) are never touched: plan().alreadyReconciled says
/// how many were skipped. Undo removes exactly the findings it added, in one transaction;
/// redo stores the same ones again (same UUIDs, same decision time).
class AcceptUnanimousCommand : public QUndoCommand
{
public:
    /// Plans for raters @p a and @p b, decided by @p by (0: unknown). Nothing, with
    /// *error, when the project cannot be read or the raters are not two of its raters.
    /// The command is returned even when it would add nothing (plan().toAdd empty): the
    /// caller reports the counts and need not push it.
    static std::unique_ptr<AcceptUnanimousCommand> create(ProjectDocument *document, RaterId a, RaterId b, RaterId by,
                                                          QString *error);

    void undo() override;
    void redo() override;

    const UnanimousPlan &plan() const { return m_plan; }

private:
    AcceptUnanimousCommand(ProjectDocument *document, UnanimousPlan plan, RaterId by, const QString &text);
    void announce();

    ProjectDocument *m_document;
    UnanimousPlan m_plan; ///< with a UUID per finding, so undo finds exactly these
    RaterId m_by;
    QDateTime m_at;
};

/// Builders for the reconciliation panel: each returns a command to push, or nullptr when
/// the edit would change nothing.
namespace ReconcileEdits {
/// Replaces (or, with @p exists false, adds) @p current by @p decided: the decision type
/// is computed from the values against @p sources (classifyDecision), the sources are
/// linked, and the current rater of @p document is recorded as the reconciler, now.
QUndoCommand *decide(ProjectDocument *document, const ReconciledFinding &current, bool exists,
                     const ReconciledFinding &decided, const QList<Finding> &sources, const QString &text);
/// Sets the rationale of an existing reconciled finding (merged while typing).
QUndoCommand *setRationale(ProjectDocument *document, const ReconciledFinding &current, const QString &rationale);
/// Sets (empty: removes) the comment of an existing reconciled finding on @p dimension
/// (merged while typing).
QUndoCommand *setComment(ProjectDocument *document, const ReconciledFinding &current, DimensionId dimension,
                         const QString &comment);
/// Flags (or unflags) an existing reconciled finding as worth discussing.
QUndoCommand *setShouldDiscuss(ProjectDocument *document, const ReconciledFinding &current, bool shouldDiscuss);
QUndoCommand *remove(ProjectDocument *document, const ReconciledFinding &current);
} // namespace ReconcileEdits

} // namespace Concord
