// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconcilecommands.h"

#include "document/projectdocument.h"
#include "document/undocommands.h"

#include <QCoreApplication>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::ReconcileCommands", text);
}

std::optional<ReconciledFinding> reconciledByUuid(const Project &project, ItemId item, const QUuid &uuid)
{
    const QList<ReconciledFinding> all = project.reconciledForItem(item);
    for (const ReconciledFinding &r : all) {
        if (r.uuid == uuid) {
            return r;
        }
    }
    return std::nullopt;
}

// The one typed field an edit changes: "rationale", or "comment N" for dimension N's
// comment; empty when it changes anything else, or more than one field.
QString typedField(const ReconciledState &before, const ReconciledState &after)
{
    ReconciledState rest = before;
    rest.rationale = after.rationale;
    if (rest == after) {
        return before.rationale != after.rationale ? u"rationale"_s : QString();
    }
    rest = before;
    rest.comments = after.comments;
    if (rest != after) {
        return {};
    }
    QSet<DimensionId> dims;
    for (auto it = before.comments.cbegin(); it != before.comments.cend(); ++it) {
        if (after.comments.value(it.key()) != it.value()) {
            dims.insert(it.key());
        }
    }
    for (auto it = after.comments.cbegin(); it != after.comments.cend(); ++it) {
        if (before.comments.value(it.key()) != it.value()) {
            dims.insert(it.key());
        }
    }
    return dims.size() == 1 ? u"comment %1"_s.arg(*dims.cbegin()) : QString();
}

} // namespace

ReconciledState ReconciledState::from(const ReconciledFinding &finding, const Codebook &codebook)
{
    ReconciledState s;
    s.uuid = finding.uuid;
    s.item = finding.item;
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
    s.sourceFindings = finding.sourceFindings;
    s.decision = finding.decision;
    s.rationale = finding.rationale;
    s.decidedBy = finding.decidedBy;
    s.decidedAt = finding.decidedAt;
    return s;
}

ReconciledFinding ReconciledState::toReconciled(const Codebook &codebook, QStringList *missing) const
{
    ReconciledFinding r;
    r.uuid = uuid;
    r.item = item;
    r.ordinal = ordinal;
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
            ids.append(codebook.resolve(value->id));
        }
        if (!ids.isEmpty()) {
            r.values.insert(it.key(), ids);
        }
    }
    r.comments = comments;
    r.shouldDiscuss = shouldDiscuss;
    r.sourceFindings = sourceFindings;
    r.decision = decision;
    r.rationale = rationale;
    r.decidedBy = decidedBy;
    r.decidedAt = decidedAt;
    return r;
}

// --- ChangeReconciledCommand ------------------------------------------------------------

ChangeReconciledCommand::ChangeReconciledCommand(ProjectDocument *document, std::optional<ReconciledState> before,
                                                 std::optional<ReconciledState> after, const QString &text, bool mergeable)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_mergeable(mergeable)
{
    Q_ASSERT(m_before || m_after);
}

void ChangeReconciledCommand::undo()
{
    apply(m_after, m_before);
}

void ChangeReconciledCommand::redo()
{
    apply(m_before, m_after);
}

int ChangeReconciledCommand::id() const
{
    return m_mergeable ? ReconciledRationaleCommandId : -1;
}

bool ChangeReconciledCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const ChangeReconciledCommand *>(other);
    if (!next->m_mergeable || !m_before || !m_after || !next->m_before || !next->m_after
        || next->m_before->uuid != m_after->uuid || *next->m_before != *m_after) {
        return false;
    }
    // Typing in the rationale and then in a comment are two steps.
    const QString field = typedField(*m_before, *m_after);
    if (field.isEmpty() || field != typedField(*next->m_before, *next->m_after)) {
        return false;
    }
    m_after = next->m_after;
    setObsolete(m_before && *m_before == *m_after);
    return true;
}

bool ChangeReconciledCommand::apply(const std::optional<ReconciledState> &from, const std::optional<ReconciledState> &to)
{
    Project &project = m_document->project();
    const ReconciledState &any = to ? *to : *from;
    QString error;
    const bool ok = project.transaction(
        [&](QString *e) {
            const std::optional<ReconciledFinding> existing = reconciledByUuid(project, any.item, any.uuid);
            if (!to) {
                return !existing || project.removeReconciled(existing->id, e);
            }
            QStringList missing;
            ReconciledFinding r = to->toReconciled(project.codebook(), &missing);
            if (!missing.isEmpty()) {
                *e = tr("the codebook no longer has the value(s) %1").arg(missing.join(u", "_s));
                return false;
            }
            if (existing) {
                r.id = existing->id;
                return project.updateReconciled(r, e);
            }
            return project.addReconciled(r, e).has_value();
        },
        &error);
    if (!ok) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2; the project is unchanged.").arg(text(), error));
        return false;
    }
    m_document->announceReconciledChanged(any.item);
    return true;
}

// --- AcceptUnanimousCommand -------------------------------------------------------------

std::unique_ptr<AcceptUnanimousCommand> AcceptUnanimousCommand::create(ProjectDocument *document, RaterId a, RaterId b,
                                                                       RaterId by, QString *error)
{
    std::optional<UnanimousPlan> plan = planAcceptUnanimous(document->project(), a, b, error);
    if (!plan) {
        return nullptr;
    }
    // Each finding gets its UUID now: undo removes exactly these, redo adds them again.
    for (ReconciledFinding &r : plan->toAdd) {
        r.uuid = QUuid::createUuid();
    }
    const std::optional<Rater> ra = document->project().rater(a);
    const std::optional<Rater> rb = document->project().rater(b);
    const QString text = tr("Accept %1 unanimous unit(s) of %2 and %3")
                             .arg(plan->toAdd.size())
                             .arg(ra ? ra->name : QString::number(a), rb ? rb->name : QString::number(b));
    return std::unique_ptr<AcceptUnanimousCommand>(new AcceptUnanimousCommand(document, std::move(*plan), by, text));
}

AcceptUnanimousCommand::AcceptUnanimousCommand(ProjectDocument *document, UnanimousPlan plan, RaterId by, const QString &text)
    : QUndoCommand(text)
    , m_document(document)
    , m_plan(std::move(plan))
    , m_by(by)
    , m_at(QDateTime::currentDateTimeUtc())
{
}

void AcceptUnanimousCommand::redo()
{
    Project &project = m_document->project();
    QString error;
    // The plan left out every item with a reconciled finding; the stack puts the project
    // back where it was when the plan was made, so none has appeared since. Checked all the
    // same: a decision made by hand is never overwritten.
    bool clash = false;
    for (const ReconciledFinding &r : std::as_const(m_plan.toAdd)) {
        clash = clash || !project.reconciledForItem(r.item).isEmpty();
    }
    if (clash) {
        error = tr("an item of the plan has been reconciled meanwhile");
    }
    if (clash || !applyAcceptUnanimous(project, m_plan, m_by, &error, m_at)) {
        setObsolete(true);
        m_document->announceEditFailed(tr("%1: %2; the project is unchanged.").arg(text(), error));
        return;
    }
    announce();
}

void AcceptUnanimousCommand::undo()
{
    Project &project = m_document->project();
    QString error;
    const bool ok = project.transaction(
        [&](QString *e) {
            for (const ReconciledFinding &r : std::as_const(m_plan.toAdd)) {
                const std::optional<ReconciledFinding> stored = reconciledByUuid(project, r.item, r.uuid);
                if (stored && !project.removeReconciled(stored->id, e)) {
                    return false;
                }
            }
            return true;
        },
        &error);
    if (!ok) {
        setObsolete(true);
        m_document->announceEditFailed(tr("Undo %1: %2; the project is unchanged.").arg(text(), error));
        return;
    }
    announce();
}

void AcceptUnanimousCommand::announce()
{
    QSet<ItemId> seen;
    for (const ReconciledFinding &r : std::as_const(m_plan.toAdd)) {
        if (!seen.contains(r.item)) {
            seen.insert(r.item);
            m_document->announceReconciledChanged(r.item);
        }
    }
}

// --- builders ---------------------------------------------------------------------------

namespace ReconcileEdits {

QUndoCommand *decide(ProjectDocument *document, const ReconciledFinding &current, bool exists,
                     const ReconciledFinding &decided, const QList<Finding> &sources, const QString &text)
{
    const Codebook codebook = document->project().codebook();
    ReconciledFinding r = decided;
    r.id = current.id;
    r.uuid = exists && !current.uuid.isNull() ? current.uuid : QUuid::createUuid();
    r.item = current.item;
    r.ordinal = current.ordinal;
    QList<DimensionValues> given;
    r.sourceFindings.clear();
    for (const Finding &f : sources) {
        given.append(f.values);
        r.sourceFindings.append(f.uuid);
    }
    r.decision = classifyDecision(r.values, given);
    r.decidedBy = document->currentRater();
    r.decidedAt = QDateTime::currentDateTimeUtc();
    std::optional<ReconciledState> before;
    if (exists) {
        before = ReconciledState::from(current, codebook);
    }
    const ReconciledState after = ReconciledState::from(r, codebook);
    if (before) {
        // Only the time would change: no step.
        ReconciledState same = after;
        same.decidedAt = before->decidedAt;
        if (same == *before) {
            return nullptr;
        }
    }
    return new ChangeReconciledCommand(document, before, after, text);
}

QUndoCommand *setRationale(ProjectDocument *document, const ReconciledFinding &current, const QString &rationale)
{
    if (current.rationale == rationale) {
        return nullptr;
    }
    const Codebook codebook = document->project().codebook();
    const ReconciledState before = ReconciledState::from(current, codebook);
    ReconciledState after = before;
    after.rationale = rationale;
    return new ChangeReconciledCommand(document, before, after, tr("Edit the rationale"), true);
}

QUndoCommand *setComment(ProjectDocument *document, const ReconciledFinding &current, DimensionId dimension,
                         const QString &comment)
{
    if (current.comments.value(dimension) == comment) {
        return nullptr;
    }
    const Codebook codebook = document->project().codebook();
    const ReconciledState before = ReconciledState::from(current, codebook);
    ReconciledState after = before;
    if (comment.isEmpty()) {
        after.comments.remove(dimension);
    } else {
        after.comments.insert(dimension, comment);
    }
    if (after == before) {
        return nullptr;
    }
    const Dimension *dim = codebook.dimension(dimension);
    const QString text = tr("Edit the final comment on %1").arg(dim ? dim->name : tr("a dimension"));
    return new ChangeReconciledCommand(document, before, after, text, true);
}

QUndoCommand *setShouldDiscuss(ProjectDocument *document, const ReconciledFinding &current, bool shouldDiscuss)
{
    if (current.shouldDiscuss == shouldDiscuss) {
        return nullptr;
    }
    const Codebook codebook = document->project().codebook();
    const ReconciledState before = ReconciledState::from(current, codebook);
    ReconciledState after = before;
    after.shouldDiscuss = shouldDiscuss;
    return new ChangeReconciledCommand(document, before, after,
                                       shouldDiscuss ? tr("Mark the final finding should discuss")
                                                     : tr("Unmark the final finding should discuss"));
}

QUndoCommand *remove(ProjectDocument *document, const ReconciledFinding &current)
{
    const Codebook codebook = document->project().codebook();
    return new ChangeReconciledCommand(document, ReconciledState::from(current, codebook), std::nullopt,
                                       tr("Remove final finding %1").arg(current.ordinal + 1));
}

} // namespace ReconcileEdits

} // namespace Concord
