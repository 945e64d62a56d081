// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "store/project.h"

#include <QUndoCommand>

#include <optional>

namespace Concord {

class ProjectDocument;

/// One codebook value as an undo command remembers it. The value, its parent and the
/// value it was merged into are kept by UUID, not row id: a value removed and added back
/// by undo gets a new row id, and commands made before must still find it.
struct ValueState
{
    QUuid uuid{};
    DimensionId dimension = 0;
    QString name{};
    QString description{};
    int order = 0;
    QUuid parent{};
    bool deprecated = false;
    QUuid mergedInto{};

    static ValueState from(const CodebookValue &value, const Codebook &codebook);
    /// The value to write, with the row ids it has in @p codebook (id 0 when it does not
    /// exist yet). nullopt and *error when its parent or merge target is gone.
    std::optional<CodebookValue> toValue(const Codebook &codebook, QString *error) const;
    bool operator==(const ValueState &) const = default;
};

/// One value going from one state to another; "no state" means the value does not
/// exist, so the same change adds (before empty), removes (after empty) or edits.
struct ValueChange
{
    std::optional<ValueState> before{};
    std::optional<ValueState> after{};
};

/// Applies several value changes as one durable transaction (one undo step): redo applies
/// them in order, undo reverts them in reverse order. Adding, renaming, describing,
/// re-parenting, reordering, deprecating and splitting are all such lists. A refused
/// transaction (a name already taken, a value still in use) drops the command and
/// reports through ProjectDocument::editFailed; nothing changes.
class ChangeValuesCommand : public QUndoCommand
{
public:
    ChangeValuesCommand(ProjectDocument *document, QList<ValueChange> changes, const QString &text,
                        QUndoCommand *parent = nullptr);
    /// One value's edit (rename, describe, re-parent, reorder, deprecate) from @p before to @p after.
    ChangeValuesCommand(ProjectDocument *document, const CodebookValue &before, const CodebookValue &after,
                        const QString &text, QUndoCommand *parent = nullptr);

    void undo() override;
    void redo() override;

    const QList<ValueChange> &changes() const { return m_changes; }

private:
    bool apply(bool forward);

    ProjectDocument *m_document;
    QList<ValueChange> m_changes;
};

/// Merges one value into another: every finding and reconciled finding that chose
/// "from" chooses "into" (Project::mergeValues). Undo puts every label back exactly
/// (Project::unmergeValues with the record read just before the merge).
class MergeValuesCommand : public QUndoCommand
{
public:
    MergeValuesCommand(ProjectDocument *document, const QUuid &from, const QUuid &into, const QString &text,
                       QUndoCommand *parent = nullptr);

    void undo() override;
    void redo() override;

    /// What the last redo changed (empty before the first redo).
    const ValueMerge &record() const { return m_record; }

private:
    void announce();

    ProjectDocument *m_document;
    QUuid m_from;
    QUuid m_into;
    ValueMerge m_record;
};

/// Changes a dimension's name, description or order (its key, kind and rules too, as
/// Project::updateDimension writes them).
class ChangeDimensionCommand : public QUndoCommand
{
public:
    ChangeDimensionCommand(ProjectDocument *document, const Dimension &before, const Dimension &after,
                           const QString &text, QUndoCommand *parent = nullptr);

    void undo() override;
    void redo() override;

private:
    bool apply(const Dimension &to);

    ProjectDocument *m_document;
    Dimension m_before;
    Dimension m_after;
};

/// The name and description of one value a split creates.
struct ValueSplitPart
{
    QString name{};
    QString description{};
};

/// Builders for the codebook editor. Each returns a command to push through
/// ProjectDocument::push, or nullptr when the edit would change nothing (or makes no
/// sense, like moving the first value up). Values are read by id from the document's
/// current codebook and remembered by UUID.
namespace CodebookEdits {
/// Adds @p value (its uuid is made now when null, so redo after undo adds the same
/// value again); undo removes it.
QUndoCommand *addValue(ProjectDocument *document, CodebookValue value);
/// Any edit of one value from @p before to @p after (same uuid).
QUndoCommand *updateValue(ProjectDocument *document, const CodebookValue &before, const CodebookValue &after,
                          const QString &text);
QUndoCommand *renameValue(ProjectDocument *document, ValueId value, const QString &name);
QUndoCommand *describeValue(ProjectDocument *document, ValueId value, const QString &description);
QUndoCommand *deprecateValue(ProjectDocument *document, ValueId value, bool deprecated);
/// Moves a value @p steps places among its siblings (negative: up). The siblings are
/// numbered 0, 1, ... in their new order.
QUndoCommand *moveValue(ProjectDocument *document, ValueId value, int steps);
/// Places a value under @p parent (0: top level), after the parent's other children.
QUndoCommand *reparentValue(ProjectDocument *document, ValueId value, ValueId parent);
/// Merges @p from into @p into (two values of one dimension).
QUndoCommand *mergeValues(ProjectDocument *document, ValueId from, ValueId into);
/// Splits @p value into new values, one per part, placed as its siblings right after it
/// (not as its children: the parts replace it at the same level of the taxonomy), and
/// deprecates @p value. Its labels stay on it, so the items labeled with it can be found
/// (deprecated values stay searchable) and relabeled one by one. Undo removes the new
/// values and un-deprecates @p value.
QUndoCommand *splitValue(ProjectDocument *document, ValueId value, const QList<ValueSplitPart> &parts);
/// Changes a dimension's name, description and order.
QUndoCommand *updateDimension(ProjectDocument *document, const Dimension &after);
} // namespace CodebookEdits

/// Same as CodebookEdits::addValue.
inline QUndoCommand *addValueCommand(ProjectDocument *document, CodebookValue value)
{
    return CodebookEdits::addValue(document, std::move(value));
}

} // namespace Concord
