// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "domain/highlightterms.h"

#include <QUndoCommand>

#include <optional>

namespace Concord {

class ProjectDocument;

/// Ids for QUndoCommand::id(), one per kind of command that merges with its successor.
enum UndoCommandId : int {
    FindingCommentCommandId = 1, ///< typing in one comment field merges into one step
    ReconciledRationaleCommandId = 2, ///< typing a reconciled finding's rationale (or one comment) merges likewise
};

/// One finding as an undo command remembers it. Values are kept by UUID, not row id, so
/// a command still applies after the value was removed and added back by another undo.
struct FindingState
{
    QUuid uuid{};
    ItemId item = 0;
    RaterId rater = 0;
    int ordinal = 0;
    QMap<DimensionId, QList<QUuid>> values{};
    DimensionComments comments{};
    bool shouldDiscuss = false;
    bool unsure = false;
    QDateTime created{}; ///< kept, so a removed finding comes back as it was

    static FindingState from(const Finding &finding, const Codebook &codebook);
    /// The finding to write: values resolved to the ids they have now. Values that no
    /// longer exist are named in *missing.
    Finding toFinding(const Codebook &codebook, QStringList *missing) const;
    bool operator==(const FindingState &) const = default;
};

/// Changes one rater's finding from one state to another, where "no state" means the
/// finding does not exist: so the same command adds (before empty), removes (after
/// empty) and edits values, comments and flags. One durable transaction per redo/undo;
/// a refused transaction drops the command and reports through the document.
class ChangeFindingCommand : public QUndoCommand
{
public:
    /// @p mergeDimension >= 0: a comment edit of that dimension, merged with the next
    /// comment edit of the same finding and dimension (one undo step per typing burst).
    ChangeFindingCommand(ProjectDocument *document, std::optional<FindingState> before, std::optional<FindingState> after,
                         const QString &text, DimensionId mergeDimension = -1);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

    const std::optional<FindingState> &before() const { return m_before; }
    const std::optional<FindingState> &after() const { return m_after; }

private:
    bool apply(const std::optional<FindingState> &from, const std::optional<FindingState> &to);

    ProjectDocument *m_document;
    std::optional<FindingState> m_before;
    std::optional<FindingState> m_after;
    DimensionId m_mergeDimension;
};

/// Marks or unmarks a rater's work on an item as done.
class SetItemDoneCommand : public QUndoCommand
{
public:
    SetItemDoneCommand(ProjectDocument *document, ItemId item, RaterId rater, bool before, bool after, QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    bool apply(bool done);

    ProjectDocument *m_document;
    ItemId m_item;
    RaterId m_rater;
    bool m_before;
    bool m_after;
};

/// Replaces the project's highlight terms (Project::setHighlightTerms): one durable
/// transaction per redo/undo, announced through ProjectDocument::highlightTermsChanged.
/// A refused write (an invalid term, a read-only project) drops the command and reports
/// through the document; the terms stay as they were.
class SetHighlightTermsCommand : public QUndoCommand
{
public:
    SetHighlightTermsCommand(ProjectDocument *document, QList<HighlightTerm> before, QList<HighlightTerm> after,
                             const QString &text, QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    bool apply(const QList<HighlightTerm> &terms);

    ProjectDocument *m_document;
    QList<HighlightTerm> m_before;
    QList<HighlightTerm> m_after;
};

/// Builders for the labeling form: each returns a command to push, or nullptr when the
/// edit would change nothing.
namespace FindingEdits {
/// Sets the values of one dimension of @p current (creating the finding when @p exists
/// is false). Setting a gate to a value that closes dimensions clears those dimensions
/// in the same step, as the codebook's rules require them empty.
QUndoCommand *setValues(ProjectDocument *document, const Finding &current, bool exists, DimensionId dimension,
                        const QList<ValueId> &values);
QUndoCommand *setComment(ProjectDocument *document, const Finding &current, bool exists, DimensionId dimension,
                         const QString &comment);
QUndoCommand *setFlags(ProjectDocument *document, const Finding &current, bool exists, bool shouldDiscuss, bool unsure);
/// A new, empty finding of @p item by @p rater after its existing ones.
QUndoCommand *addFinding(ProjectDocument *document, ItemId item, RaterId rater, int ordinal);
QUndoCommand *removeFinding(ProjectDocument *document, const Finding &current);
} // namespace FindingEdits

} // namespace Concord
