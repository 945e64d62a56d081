// SPDX-License-Identifier: GPL-3.0-or-later
// Project: codebook edits beyond add/update/merge (removing a value, undoing a merge)
// and the usage counts the codebook editor shows.
#include "store/project.h"

#include "store/project_p.h"

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

struct ValueRow
{
    ValueId id = 0;
    DimensionId dimension = 0;
    QUuid uuid{};
    QString name{};
    ValueId mergedInto = 0;
};

std::optional<ValueRow> valueRow(ProjectPrivate *d, ValueId id)
{
    Stmt q(d, "SELECT id, dimension_id, uuid, name, coalesce(merged_into, 0) FROM value WHERE id = ?");
    if (!q.bind(1, id).next()) {
        return std::nullopt;
    }
    return ValueRow{q.int64(0), q.int64(1), q.uuid(2), q.text(3), q.int64(4)};
}

std::optional<ValueRow> valueRowByUuid(ProjectPrivate *d, const QUuid &uuid)
{
    Stmt q(d, "SELECT id FROM value WHERE uuid = ?");
    if (!q.bind(1, uuid).next()) {
        return std::nullopt;
    }
    return valueRow(d, q.int64(0));
}

qint64 countOf(Stmt &q, qint64 id, bool *ok)
{
    if (!q.bind(1, id).next()) {
        *ok = *ok && q.isValid() && !q.failed();
        return 0;
    }
    return q.int64(0);
}

} // namespace

std::optional<ValueMerge> Project::valueMerge(ValueId from, ValueId into, QString *error) const
{
    const auto fromRow = valueRow(d.get(), from);
    const auto intoRow = valueRow(d.get(), into);
    if (!fromRow || !intoRow) {
        if (error) {
            *error = u"there is no value %1"_s.arg(fromRow ? into : from);
        }
        return std::nullopt;
    }
    if (from == into || fromRow->dimension != intoRow->dimension) {
        if (error) {
            *error = u"only two different values of one dimension can be merged"_s;
        }
        return std::nullopt;
    }
    ValueMerge merge;
    merge.from = fromRow->uuid;
    merge.into = intoRow->uuid;
    {
        Stmt q(d.get(),
               "SELECT f.uuid, f.item_id, f.rater_id, "
               "EXISTS(SELECT 1 FROM finding_value b WHERE b.finding_id = f.id AND b.value_id = ?) "
               "FROM finding_value a JOIN finding f ON f.id = a.finding_id WHERE a.value_id = ? ORDER BY f.id");
        q.bind(1, into).bind(2, from);
        while (q.next()) {
            merge.findings.append({q.uuid(0), q.int64(1), q.int64(2), q.boolean(3)});
        }
        if (q.failed() || !q.isValid()) {
            if (error) {
                *error = d->lastError;
            }
            return std::nullopt;
        }
    }
    {
        Stmt q(d.get(),
               "SELECT r.uuid, r.item_id, "
               "EXISTS(SELECT 1 FROM reconciled_value b WHERE b.reconciled_id = r.id AND b.value_id = ?) "
               "FROM reconciled_value a JOIN reconciled r ON r.id = a.reconciled_id WHERE a.value_id = ? ORDER BY r.id");
        q.bind(1, into).bind(2, from);
        while (q.next()) {
            merge.reconciled.append({q.uuid(0), q.int64(1), 0, q.boolean(2)});
        }
        if (q.failed() || !q.isValid()) {
            if (error) {
                *error = d->lastError;
            }
            return std::nullopt;
        }
    }
    Stmt q(d.get(), "SELECT uuid FROM value WHERE merged_into = ? ORDER BY id");
    q.bind(1, from);
    while (q.next()) {
        merge.mergedIntoFrom.append(q.uuid(0));
    }
    if (q.failed() || !q.isValid()) {
        if (error) {
            *error = d->lastError;
        }
        return std::nullopt;
    }
    return merge;
}

bool Project::unmergeValues(const ValueMerge &merge, QString *error)
{
    return d->edit(error, u"undo the merge of two values"_s, [&] {
        const auto from = valueRowByUuid(d.get(), merge.from);
        const auto into = valueRowByUuid(d.get(), merge.into);
        if (!from || !into) {
            return d->fail(u"the value %1 no longer exists"_s.arg((from ? merge.into : merge.from).toString(QUuid::WithoutBraces)));
        }
        if (from->mergedInto != into->id) {
            return d->fail(u"the value \"%1\" is not merged into \"%2\""_s.arg(from->name, into->name));
        }
        {
            Stmt q(d.get(), "SELECT 1 FROM value WHERE dimension_id = ? AND name = ? AND merged_into IS NULL AND id <> ?");
            if (q.bind(1, from->dimension).bind(2, from->name).bind(3, from->id).next()) {
                return d->fail(u"the dimension has another value \"%1\" now"_s.arg(from->name));
            }
        }
        const QJsonObject before = d->valueJson(from->id);
        // Each label goes back: a finding that had both gets its from row again, one that
        // had only from has its into row turned back into from.
        auto restore = [&](const ValueMerge::Label &label, const char *findId, const char *insert, const char *update,
                           const QString &what) {
            Stmt find(d.get(), findId);
            if (!find.bind(1, label.owner).next()) {
                return d->fail(u"the %1 %2 no longer exists"_s.arg(what, label.owner.toString(QUuid::WithoutBraces)));
            }
            const qint64 owner = find.int64(0);
            if (label.hadInto) {
                Stmt q(d.get(), insert);
                return q.bind(1, owner).bind(2, from->dimension).bind(3, from->id).exec();
            }
            Stmt q(d.get(), update);
            if (!q.bind(1, from->id).bind(2, owner).bind(3, into->id).exec()) {
                return false;
            }
            if (sqlite3_changes(d->db) != 1) {
                return d->fail(u"the %1 %2 no longer chooses \"%3\""_s.arg(what, label.owner.toString(QUuid::WithoutBraces),
                                                                         into->name));
            }
            return true;
        };
        for (const ValueMerge::Label &label : merge.findings) {
            if (!restore(label, "SELECT id FROM finding WHERE uuid = ?",
                         "INSERT INTO finding_value(finding_id, dimension_id, value_id) VALUES(?, ?, ?)",
                         "UPDATE finding_value SET value_id = ? WHERE finding_id = ? AND value_id = ?", u"finding"_s)) {
                return false;
            }
        }
        for (const ValueMerge::Label &label : merge.reconciled) {
            if (!restore(label, "SELECT id FROM reconciled WHERE uuid = ?",
                         "INSERT INTO reconciled_value(reconciled_id, dimension_id, value_id) VALUES(?, ?, ?)",
                         "UPDATE reconciled_value SET value_id = ? WHERE reconciled_id = ? AND value_id = ?",
                         u"reconciled finding"_s)) {
                return false;
            }
        }
        Stmt unmerge(d.get(), "UPDATE value SET merged_into = NULL WHERE id = ?");
        if (!unmerge.bind(1, from->id).exec()) {
            return false;
        }
        for (const QUuid &earlier : merge.mergedIntoFrom) {
            Stmt q(d.get(), "UPDATE value SET merged_into = ? WHERE uuid = ? AND merged_into = ?");
            if (!q.bind(1, from->id).bind(2, earlier).bind(3, into->id).exec()) {
                return false;
            }
        }
        QJsonObject after = d->valueJson(from->id);
        after.insert(u"labels_restored"_s, qint64(merge.findings.size() + merge.reconciled.size()));
        return d->audit(u"value.unmerge"_s, u"value"_s, from->uuid, before, after);
    });
}

bool Project::removeValue(ValueId value, QString *error)
{
    return d->edit(error, u"remove a codebook value"_s, [&] {
        const QJsonObject before = d->valueJson(value);
        if (before.isEmpty()) {
            return d->fail(u"there is no value %1"_s.arg(value));
        }
        const QString name = before.value(u"name"_s).toString();
        bool ok = true;
        Stmt findings(d.get(), "SELECT count(*) FROM finding_value WHERE value_id = ?");
        Stmt reconciled(d.get(), "SELECT count(*) FROM reconciled_value WHERE value_id = ?");
        Stmt children(d.get(), "SELECT count(*) FROM value WHERE parent_id = ?");
        Stmt merged(d.get(), "SELECT count(*) FROM value WHERE merged_into = ?");
        const qint64 nFindings = countOf(findings, value, &ok);
        const qint64 nReconciled = countOf(reconciled, value, &ok);
        const qint64 nChildren = countOf(children, value, &ok);
        const qint64 nMerged = countOf(merged, value, &ok);
        if (!ok) {
            return false;
        }
        QStringList uses;
        if (nFindings > 0) {
            uses.append(u"%1 finding(s) chose it"_s.arg(nFindings));
        }
        if (nReconciled > 0) {
            uses.append(u"%1 reconciled finding(s) chose it"_s.arg(nReconciled));
        }
        if (nChildren > 0) {
            uses.append(u"%1 value(s) are placed under it"_s.arg(nChildren));
        }
        if (nMerged > 0) {
            uses.append(u"%1 value(s) were merged into it"_s.arg(nMerged));
        }
        const QUuid uuid = QUuid::fromString(before.value(u"uuid"_s).toString());
        for (const Dimension &dimension : codebook().dimensions) {
            if (dimension.rules.gateOpenValues.contains(uuid) || dimension.rules.exemptValues.contains(uuid)) {
                uses.append(u"the rules of \"%1\" name it"_s.arg(dimension.key));
            }
        }
        if (!uses.isEmpty()) {
            return d->fail(u"the value \"%1\" is in use: %2"_s.arg(name, uses.join(u", "_s)));
        }
        // Like every delete: its id is never handed out again, and a tombstone says it went.
        if (!d->keepIdsUsed()) {
            return false;
        }
        Stmt q(d.get(), "DELETE FROM value WHERE id = ?");
        return q.bind(1, value).exec() && d->bury(u"value"_s, uuid)
            && d->audit(u"value.remove"_s, u"value"_s, uuid, before, {});
    });
}

std::optional<QHash<ValueId, qint64>> Project::valueUsage(QString *error) const
{
    QHash<ValueId, qint64> usage;
    Stmt q(d.get(), "SELECT value_id, count(*) FROM finding_value GROUP BY value_id");
    while (q.next()) {
        usage.insert(q.int64(0), q.int64(1));
    }
    if (q.failed() || !q.isValid()) {
        if (error) {
            *error = d->lastError.isEmpty() ? u"could not count the uses of the codebook values"_s : d->lastError;
        }
        return std::nullopt;
    }
    return usage;
}

} // namespace Concord
