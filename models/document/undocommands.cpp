// SPDX-License-Identifier: GPL-3.0-or-later
#include "undocommands.h"

#include "document/projectdocument.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::UndoCommands", text);
}

} // namespace

FindingState FindingState::from(const Finding &finding, const Codebook &codebook)
{
    FindingState s;
    s.uuid = finding.uuid;
    s.item = finding.item;
    s.rater = finding.rater;
    s.ordinal = finding.ordinal;
    for (auto it = finding.values.cbegin(); it != finding.values.cend(); ++it) {
        QList<QUuid> uuids;
        for (ValueId v : it.value()) {
            if (const CodebookValue *value = codebook.value(v)) {
                uuids.append(value->uuid);
            }
        }
        if (!uuids.isEmpty()) {
            s.values.insert(it.key(), uuids);
        }
    }
    for (auto it = finding.comments.cbegin(); it != finding.comments.cend(); ++it) {
        if (!it.value().isEmpty()) {
            s.comments.insert(it.key(), it.value());
        }
    }
    s.shouldDiscuss = finding.shouldDiscuss;
    s.unsure = finding.unsure;
    s.created = finding.created;
    return s;
}

Finding FindingState::toFinding(const Codebook &codebook, QStringList *missing) const
{
    Finding f;
    f.uuid = uuid;
    f.item = item;
    f.rater = rater;
    f.ordinal = ordinal;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        QList<ValueId> ids;
        for (const QUuid &u : it.value()) {
            const CodebookValue *value = codebook.valueByUuid(u);
            if (!value) {
                if (missing) {
                    missing->append(u.toString(QUuid::WithoutBraces));
                }
                continue;
            }
            // A value merged since the command was made stands for the one it went into.
            ids.append(codebook.resolve(value->id));
        }
        if (!ids.isEmpty()) {
            f.values.insert(it.key(), ids);
        }
    }
    f.comments = comments;
    f.shouldDiscuss = shouldDiscuss;
    f.unsure = unsure;
    f.created = created;
    return f;
}

ChangeFindingCommand::ChangeFindingCommand(ProjectDocument *document, std::optional<FindingState> before,
                                           std::optional<FindingState> after, const QString &text, DimensionId mergeDimension)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_mergeDimension(mergeDimension)
{
    Q_ASSERT(m_before || m_after);
}

void ChangeFindingCommand::undo()
{
    apply(m_after, m_before);
}

void ChangeFindingCommand::redo()
{
    if (apply(m_before, m_after) && m_after && !m_after->created.isValid()) {
        // A finding made by this command: its creation time comes back with every redo.
        if (const std::optional<Finding> stored = m_document->project().findingByUuid(m_after->uuid)) {
            m_after->created = stored->created;
        }
    }
}

int ChangeFindingCommand::id() const
{
    return m_mergeDimension >= 0 ? FindingCommentCommandId : -1;
}

bool ChangeFindingCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const ChangeFindingCommand *>(other);
    // The stored state carries the creation time the first command could not know.
    auto content = [](FindingState s) {
        s.created = {};
        return s;
    };
    if (next->m_mergeDimension != m_mergeDimension || !m_after || !next->m_before || !next->m_after
        || next->m_before->uuid != m_after->uuid || content(*next->m_before) != content(*m_after)) {
        return false;
    }
    m_after = next->m_after;
    // Typing that returns to where it started is no step at all.
    setObsolete(m_before && content(*m_before) == content(*m_after));
    return true;
}

bool ChangeFindingCommand::apply(const std::optional<FindingState> &from, const std::optional<FindingState> &to)
{
    Q_UNUSED(from)
    Project &project = m_document->project();
    const FindingState &any = to ? *to : *from;
    QString error;
    const bool ok = project.transaction(
        [&](QString *e) {
            const std::optional<Finding> existing = project.findingByUuid(any.uuid);
            if (!to) {
                return !existing || project.removeFinding(existing->id, e);
            }
            QStringList missing;
            const Codebook codebook = project.codebook();
            Finding f = to->toFinding(codebook, &missing);
            if (!missing.isEmpty()) {
                *e = tr("the codebook no longer has the value(s) %1").arg(missing.join(u", "_s));
                return false;
            }
            if (existing) {
                f.id = existing->id;
                f.created = existing->created;
                return project.updateFinding(f, e);
            }
            return project.addFinding(f, e).has_value();
        },
        &error);
    if (!ok) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2; the project is unchanged.").arg(text(), error));
        return false;
    }
    m_document->announceFindingChanged(any.item, any.rater, any.uuid);
    return true;
}

SetItemDoneCommand::SetItemDoneCommand(ProjectDocument *document, ItemId item, RaterId rater, bool before, bool after,
                                       QUndoCommand *parent)
    : QUndoCommand(after ? tr("Mark item done") : tr("Mark item not done"), parent)
    , m_document(document)
    , m_item(item)
    , m_rater(rater)
    , m_before(before)
    , m_after(after)
{
}

void SetItemDoneCommand::undo()
{
    apply(m_before);
}

void SetItemDoneCommand::redo()
{
    apply(m_after);
}

bool SetItemDoneCommand::apply(bool done)
{
    QString error;
    if (!m_document->project().setItemDone(m_item, m_rater, done, &error)) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2; the project is unchanged.").arg(text(), error));
        return false;
    }
    m_document->announceLabelStatusChanged(m_item, m_rater);
    return true;
}

// --- SetHighlightTermsCommand -----------------------------------------------------------

SetHighlightTermsCommand::SetHighlightTermsCommand(ProjectDocument *document, QList<HighlightTerm> before,
                                                   QList<HighlightTerm> after, const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
}

void SetHighlightTermsCommand::undo()
{
    apply(m_before);
}

void SetHighlightTermsCommand::redo()
{
    apply(m_after);
}

bool SetHighlightTermsCommand::apply(const QList<HighlightTerm> &terms)
{
    QString error;
    if (!m_document->project().setHighlightTerms(terms, &error)) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2").arg(text(), error));
        return false;
    }
    m_document->announceHighlightTermsChanged(terms);
    return true;
}

namespace FindingEdits {

namespace {

std::optional<FindingState> stateOf(ProjectDocument *document, const Finding &current, bool exists, const Codebook &codebook)
{
    if (!exists) {
        return std::nullopt;
    }
    return FindingState::from(current, codebook);
}

FindingState startingPoint(const Finding &current, bool exists, const Codebook &codebook)
{
    FindingState s = FindingState::from(current, codebook);
    if (!exists || s.uuid.isNull()) {
        s.uuid = current.uuid.isNull() ? QUuid::createUuid() : current.uuid;
    }
    return s;
}

QUndoCommand *make(ProjectDocument *document, const std::optional<FindingState> &before, const FindingState &after,
                   const QString &text, DimensionId mergeDimension = -1)
{
    if (before && *before == after) {
        return nullptr;
    }
    return new ChangeFindingCommand(document, before, after, text, mergeDimension);
}

} // namespace

QUndoCommand *setValues(ProjectDocument *document, const Finding &current, bool exists, DimensionId dimension,
                        const QList<ValueId> &values)
{
    const Codebook codebook = document->project().codebook();
    const Dimension *dim = codebook.dimension(dimension);
    if (!dim) {
        return nullptr;
    }
    FindingState after = startingPoint(current, exists, codebook);
    QList<QUuid> uuids;
    for (ValueId v : values) {
        if (const CodebookValue *value = codebook.value(v)) {
            uuids.append(value->uuid);
        }
    }
    if (uuids.isEmpty()) {
        after.values.remove(dimension);
    } else {
        after.values.insert(dimension, uuids);
    }
    if (dim->kind == Dimension::Kind::Gate && !uuids.isEmpty()) {
        // The rules say a closed dimension must be empty: clear them in the same step.
        for (const Dimension &other : codebook.dimensions) {
            if (other.rules.gateKey != dim->key) {
                continue;
            }
            bool open = false;
            for (const QUuid &u : uuids) {
                open = open || other.rules.gateOpenValues.contains(u);
            }
            if (!open) {
                after.values.remove(other.id);
            }
        }
    }
    const QString text = uuids.isEmpty() ? tr("Clear %1").arg(dim->name)
                                         : tr("Set %1 to %2").arg(dim->name, codebook.value(values.first())->name);
    return make(document, stateOf(document, current, exists, codebook), after, text);
}

QUndoCommand *setComment(ProjectDocument *document, const Finding &current, bool exists, DimensionId dimension,
                         const QString &comment)
{
    const Codebook codebook = document->project().codebook();
    const Dimension *dim = codebook.dimension(dimension);
    FindingState after = startingPoint(current, exists, codebook);
    if (comment.isEmpty()) {
        after.comments.remove(dimension);
    } else {
        after.comments.insert(dimension, comment);
    }
    return make(document, stateOf(document, current, exists, codebook), after,
                tr("Edit comment on %1").arg(dim ? dim->name : tr("the finding")), dimension);
}

QUndoCommand *setFlags(ProjectDocument *document, const Finding &current, bool exists, bool shouldDiscuss, bool unsure)
{
    const Codebook codebook = document->project().codebook();
    FindingState after = startingPoint(current, exists, codebook);
    QString text;
    if (after.shouldDiscuss != shouldDiscuss) {
        text = shouldDiscuss ? tr("Mark should discuss") : tr("Unmark should discuss");
    } else {
        text = unsure ? tr("Mark unsure") : tr("Mark sure");
    }
    after.shouldDiscuss = shouldDiscuss;
    after.unsure = unsure;
    return make(document, stateOf(document, current, exists, codebook), after, text);
}

QUndoCommand *addFinding(ProjectDocument *document, ItemId item, RaterId rater, int ordinal)
{
    FindingState after;
    after.uuid = QUuid::createUuid();
    after.item = item;
    after.rater = rater;
    after.ordinal = ordinal;
    return new ChangeFindingCommand(document, std::nullopt, after, tr("Add finding %1").arg(ordinal + 1));
}

QUndoCommand *removeFinding(ProjectDocument *document, const Finding &current)
{
    const Codebook codebook = document->project().codebook();
    return new ChangeFindingCommand(document, FindingState::from(current, codebook), std::nullopt,
                                    tr("Remove finding %1").arg(current.ordinal + 1));
}

} // namespace FindingEdits

} // namespace Concord
