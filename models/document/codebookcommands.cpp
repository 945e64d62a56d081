// SPDX-License-Identifier: GPL-3.0-or-later
#include "codebookcommands.h"

#include "document/projectdocument.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::CodebookCommands", text);
}

QUuid uuidOf(const Codebook &codebook, ValueId id)
{
    const CodebookValue *value = id != 0 ? codebook.value(id) : nullptr;
    return value ? value->uuid : QUuid();
}

} // namespace

ValueState ValueState::from(const CodebookValue &value, const Codebook &codebook)
{
    ValueState s;
    s.uuid = value.uuid;
    s.dimension = value.dimension;
    s.name = value.name;
    s.description = value.description;
    s.order = value.order;
    s.parent = uuidOf(codebook, value.parent);
    s.deprecated = value.deprecated;
    s.mergedInto = uuidOf(codebook, value.mergedInto);
    return s;
}

std::optional<CodebookValue> ValueState::toValue(const Codebook &codebook, QString *error) const
{
    CodebookValue v;
    const CodebookValue *existing = codebook.valueByUuid(uuid);
    v.id = existing ? existing->id : 0;
    v.uuid = uuid;
    v.dimension = dimension;
    v.name = name;
    v.description = description;
    v.order = order;
    v.deprecated = deprecated;
    if (!parent.isNull()) {
        const CodebookValue *p = codebook.valueByUuid(parent);
        if (!p) {
            *error = tr("the codebook no longer has the parent of \"%1\"").arg(name);
            return std::nullopt;
        }
        v.parent = p->id;
    }
    if (!mergedInto.isNull()) {
        const CodebookValue *m = codebook.valueByUuid(mergedInto);
        if (!m) {
            *error = tr("the codebook no longer has the value \"%1\" was merged into").arg(name);
            return std::nullopt;
        }
        v.mergedInto = m->id;
    }
    return v;
}

// --- ChangeValuesCommand ---------------------------------------------------------------

ChangeValuesCommand::ChangeValuesCommand(ProjectDocument *document, QList<ValueChange> changes, const QString &text,
                                         QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_changes(std::move(changes))
{
}

ChangeValuesCommand::ChangeValuesCommand(ProjectDocument *document, const CodebookValue &before,
                                         const CodebookValue &after, const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
{
    const Codebook codebook = document->project().codebook();
    m_changes.append(ValueChange{ValueState::from(before, codebook), ValueState::from(after, codebook)});
}

void ChangeValuesCommand::undo()
{
    apply(false);
}

void ChangeValuesCommand::redo()
{
    apply(true);
}

bool ChangeValuesCommand::apply(bool forward)
{
    Project &project = m_document->project();
    auto applyOne = [&](const ValueChange &change, QString *error) {
        const std::optional<ValueState> &to = forward ? change.after : change.before;
        const std::optional<ValueState> &any = to ? to : (forward ? change.before : change.after);
        const Codebook codebook = project.codebook();
        const CodebookValue *existing = codebook.valueByUuid(any->uuid);
        if (!to) {
            return !existing || project.removeValue(existing->id, error);
        }
        const std::optional<CodebookValue> value = to->toValue(codebook, error);
        if (!value) {
            return false;
        }
        if (existing) {
            return project.updateValue(*value, error);
        }
        return project.addValue(*value, error).has_value();
    };
    QString error;
    bool ok = true;
    if (m_changes.size() == 1) {
        // Straight to the store, so its message ("the dimension already has a value ...")
        // reaches the user without a second wrapper.
        ok = applyOne(m_changes.first(), &error);
    } else {
        ok = project.transaction(
            [&](QString *e) {
                for (qsizetype i = 0; i < m_changes.size(); ++i) {
                    if (!applyOne(m_changes.at(forward ? i : m_changes.size() - 1 - i), e)) {
                        return false;
                    }
                }
                return true;
            },
            &error);
    }
    if (!ok) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2").arg(text(), error));
        return false;
    }
    m_document->announceCodebookChanged();
    return true;
}

// --- MergeValuesCommand ----------------------------------------------------------------

MergeValuesCommand::MergeValuesCommand(ProjectDocument *document, const QUuid &from, const QUuid &into,
                                       const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_from(from)
    , m_into(into)
{
}

void MergeValuesCommand::redo()
{
    Project &project = m_document->project();
    QString error;
    std::optional<ValueMerge> record;
    const bool ok = project.transaction(
        [&](QString *e) {
            const Codebook codebook = project.codebook();
            const CodebookValue *from = codebook.valueByUuid(m_from);
            const CodebookValue *into = codebook.valueByUuid(m_into);
            if (!from || !into) {
                *e = tr("the codebook no longer has one of the two values");
                return false;
            }
            // Read what the merge will change in the same transaction, so undo is exact.
            record = project.valueMerge(from->id, into->id, e);
            return record && project.mergeValues(from->id, into->id, e);
        },
        &error);
    if (!ok) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2").arg(text(), error));
        return;
    }
    m_record = *record;
    announce();
}

void MergeValuesCommand::undo()
{
    QString error;
    if (!m_document->project().unmergeValues(m_record, &error)) {
        setObsolete(true);
        m_document->announceEditFailed(tr("Undo %1: %2").arg(text(), error));
        return;
    }
    announce();
}

void MergeValuesCommand::announce()
{
    m_document->announceCodebookChanged();
    for (const ValueMerge::Label &label : std::as_const(m_record.findings)) {
        m_document->announceFindingChanged(label.item, label.rater, label.owner);
    }
}

// --- ChangeDimensionCommand ------------------------------------------------------------

ChangeDimensionCommand::ChangeDimensionCommand(ProjectDocument *document, const Dimension &before,
                                               const Dimension &after, const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_before(before)
    , m_after(after)
{
    Q_ASSERT(before.id == after.id);
}

void ChangeDimensionCommand::undo()
{
    apply(m_before);
}

void ChangeDimensionCommand::redo()
{
    apply(m_after);
}

bool ChangeDimensionCommand::apply(const Dimension &to)
{
    QString error;
    if (!m_document->project().updateDimension(to, &error)) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2").arg(text(), error));
        return false;
    }
    m_document->announceCodebookChanged();
    return true;
}

// --- builders --------------------------------------------------------------------------

namespace CodebookEdits {

namespace {

/// The siblings of @p value (itself included) in their shown order.
QList<CodebookValue> siblingsOf(const Codebook &codebook, DimensionId dimension, ValueId parent)
{
    QList<CodebookValue> siblings;
    for (const CodebookValue &v : codebook.values) {
        if (v.dimension == dimension && v.parent == parent) {
            siblings.append(v);
        }
    }
    std::stable_sort(siblings.begin(), siblings.end(), [](const CodebookValue &a, const CodebookValue &b) {
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    return siblings;
}

/// Changes that number @p ordered 0, 1, ... (only the values whose order changes).
QList<ValueChange> renumber(const Codebook &codebook, const QList<CodebookValue> &ordered)
{
    QList<ValueChange> changes;
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        if (ordered.at(i).order != int(i)) {
            CodebookValue after = ordered.at(i);
            after.order = int(i);
            changes.append(ValueChange{ValueState::from(ordered.at(i), codebook), ValueState::from(after, codebook)});
        }
    }
    return changes;
}

} // namespace

QUndoCommand *addValue(ProjectDocument *document, CodebookValue value)
{
    if (value.uuid.isNull()) {
        value.uuid = QUuid::createUuid();
    }
    const Codebook codebook = document->project().codebook();
    return new ChangeValuesCommand(document, {ValueChange{std::nullopt, ValueState::from(value, codebook)}},
                                   tr("Add value \"%1\"").arg(value.name));
}

QUndoCommand *updateValue(ProjectDocument *document, const CodebookValue &before, const CodebookValue &after,
                          const QString &text)
{
    if (before == after) {
        return nullptr;
    }
    Q_ASSERT(before.uuid == after.uuid);
    return new ChangeValuesCommand(document, before, after, text);
}

QUndoCommand *renameValue(ProjectDocument *document, ValueId value, const QString &name)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *before = codebook.value(value);
    if (!before) {
        return nullptr;
    }
    CodebookValue after = *before;
    after.name = name;
    return updateValue(document, *before, after, tr("Rename \"%1\" to \"%2\"").arg(before->name, name));
}

QUndoCommand *describeValue(ProjectDocument *document, ValueId value, const QString &description)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *before = codebook.value(value);
    if (!before) {
        return nullptr;
    }
    CodebookValue after = *before;
    after.description = description;
    return updateValue(document, *before, after, tr("Describe \"%1\"").arg(before->name));
}

QUndoCommand *deprecateValue(ProjectDocument *document, ValueId value, bool deprecated)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *before = codebook.value(value);
    if (!before) {
        return nullptr;
    }
    CodebookValue after = *before;
    after.deprecated = deprecated;
    return updateValue(document, *before, after,
                       (deprecated ? tr("Deprecate \"%1\"") : tr("Undeprecate \"%1\"")).arg(before->name));
}

QUndoCommand *moveValue(ProjectDocument *document, ValueId value, int steps)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *moved = codebook.value(value);
    if (!moved || steps == 0) {
        return nullptr;
    }
    QList<CodebookValue> siblings = siblingsOf(codebook, moved->dimension, moved->parent);
    const qsizetype from = std::find_if(siblings.cbegin(), siblings.cend(),
                                        [&](const CodebookValue &v) { return v.id == value; })
        - siblings.cbegin();
    const qsizetype to = from + steps;
    if (to < 0 || to >= siblings.size()) {
        return nullptr;
    }
    siblings.move(from, to);
    QList<ValueChange> changes = renumber(codebook, siblings);
    if (changes.isEmpty()) {
        return nullptr;
    }
    return new ChangeValuesCommand(document, changes,
                                   (steps < 0 ? tr("Move \"%1\" up") : tr("Move \"%1\" down")).arg(moved->name));
}

QUndoCommand *reparentValue(ProjectDocument *document, ValueId value, ValueId parent)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *before = codebook.value(value);
    if (!before || before->parent == parent) {
        return nullptr;
    }
    const CodebookValue *newParent = parent != 0 ? codebook.value(parent) : nullptr;
    if (parent != 0 && (!newParent || newParent->dimension != before->dimension)) {
        return nullptr;
    }
    const QList<CodebookValue> siblings = siblingsOf(codebook, before->dimension, parent);
    CodebookValue after = *before;
    after.parent = parent;
    after.order = siblings.isEmpty() ? 0 : siblings.last().order + 1;
    return updateValue(document, *before, after,
                       newParent ? tr("Move \"%1\" under \"%2\"").arg(before->name, newParent->name)
                                 : tr("Move \"%1\" to the top level").arg(before->name));
}

QUndoCommand *mergeValues(ProjectDocument *document, ValueId from, ValueId into)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *a = codebook.value(from);
    const CodebookValue *b = codebook.value(into);
    if (!a || !b || from == into) {
        return nullptr;
    }
    return new MergeValuesCommand(document, a->uuid, b->uuid, tr("Merge \"%1\" into \"%2\"").arg(a->name, b->name));
}

QUndoCommand *splitValue(ProjectDocument *document, ValueId value, const QList<ValueSplitPart> &parts)
{
    const Codebook codebook = document->project().codebook();
    const CodebookValue *original = codebook.value(value);
    if (!original || parts.isEmpty()) {
        return nullptr;
    }
    QList<CodebookValue> siblings = siblingsOf(codebook, original->dimension, original->parent);
    const qsizetype at = std::find_if(siblings.cbegin(), siblings.cend(),
                                      [&](const CodebookValue &v) { return v.id == value; })
        - siblings.cbegin();
    QList<CodebookValue> added;
    for (const ValueSplitPart &part : parts) {
        CodebookValue v;
        v.uuid = QUuid::createUuid();
        v.dimension = original->dimension;
        v.parent = original->parent;
        v.name = part.name;
        v.description = part.description;
        added.append(v);
    }
    // Number the siblings with the parts right after the original: existing siblings
    // first (their new orders), then the new values, then the original deprecated.
    QList<CodebookValue> ordered = siblings;
    for (qsizetype i = 0; i < added.size(); ++i) {
        ordered.insert(at + 1 + i, added.at(i));
    }
    QList<ValueChange> changes;
    for (qsizetype i = 0; i < ordered.size(); ++i) {
        ordered[i].order = int(i);
    }
    for (const CodebookValue &sibling : siblings) {
        const CodebookValue &now = *std::find_if(ordered.cbegin(), ordered.cend(),
                                                 [&](const CodebookValue &v) { return v.uuid == sibling.uuid; });
        if (now.order != sibling.order) {
            changes.append(ValueChange{ValueState::from(sibling, codebook), ValueState::from(now, codebook)});
        }
    }
    for (const CodebookValue &v : ordered) {
        if (v.id == 0) {
            changes.append(ValueChange{std::nullopt, ValueState::from(v, codebook)});
        }
    }
    const CodebookValue renumbered = ordered.at(at);
    CodebookValue deprecated = renumbered;
    deprecated.deprecated = true;
    changes.append(ValueChange{ValueState::from(renumbered, codebook), ValueState::from(deprecated, codebook)});
    QStringList names;
    for (const ValueSplitPart &part : parts) {
        names.append(part.name);
    }
    return new ChangeValuesCommand(document, changes,
                                   tr("Split \"%1\" into %2").arg(original->name, names.join(u", "_s)));
}

QUndoCommand *updateDimension(ProjectDocument *document, const Dimension &after)
{
    const Codebook codebook = document->project().codebook();
    const Dimension *before = codebook.dimension(after.id);
    if (!before || *before == after) {
        return nullptr;
    }
    return new ChangeDimensionCommand(document, *before, after, tr("Change the dimension \"%1\"").arg(before->name));
}

} // namespace CodebookEdits

} // namespace Concord
