// SPDX-License-Identifier: GPL-3.0-or-later
// ProjectPrivate: the inserts shared by single edits and bulk imports, the audit log and
// the search index.
#include "store/project.h"

#include "store/project_p.h"

#include "domain/identity.h"

#include <QCryptographicHash>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Concord {

static int kindCode(ItemKind kind)
{
    return kind == ItemKind::BugReport ? 1 : 0;
}

static int dimensionKindCode(Dimension::Kind kind)
{
    switch (kind) {
    case Dimension::Kind::Gate:
        return 0;
    case Dimension::Kind::SingleChoice:
        return 1;
    case Dimension::Kind::MultipleChoice:
        return 2;
    }
    return 1;
}

bool ProjectPrivate::audit(const QString &action, const QString &entity, const QUuid &uuid, const QJsonObject &before,
                           const QJsonObject &after)
{
    // An actor given by name is still a rater of the project when a rater has that name.
    Stmt q(this,
           "INSERT INTO audit(uuid, at, who, rater_uuid, action, entity, entity_uuid, before, after) "
           "VALUES(?1, ?2, ?3, coalesce(?4, (SELECT uuid FROM rater WHERE name = ?3), ''), ?5, ?6, ?7, ?8, ?9)");
    q.bind(1, Identity::random()).bind(2, QDateTime::currentDateTimeUtc()).bind(3, actor);
    if (actorRater.isNull()) {
        q.bindNull(4);
    } else {
        q.bind(4, actorRater);
    }
    q.bind(5, action).bind(6, entity);
    q.bind(7, uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces));
    q.bind(8, toJsonText(before)).bind(9, toJsonText(after));
    return q.exec();
}

bool ProjectPrivate::keepIdsUsed()
{
    Stmt q(this,
           "INSERT INTO id_high_water(entity, id) VALUES "
           "('item', coalesce((SELECT max(id) FROM item), 0)), ('finding', coalesce((SELECT max(id) FROM finding), 0)), "
           "('reconciled', coalesce((SELECT max(id) FROM reconciled), 0)), "
           "('value', coalesce((SELECT max(id) FROM value), 0)), "
           "('dimension', coalesce((SELECT max(id) FROM dimension), 0)), "
           "('rater', coalesce((SELECT max(id) FROM rater), 0)) "
           "ON CONFLICT(entity) DO UPDATE SET id = max(id, excluded.id)");
    return q.exec();
}

bool ProjectPrivate::bury(const QString &entity, const QUuid &uuid)
{
    Stmt q(this, "INSERT OR REPLACE INTO tombstone(uuid, entity, at, who) VALUES(?, ?, ?, ?)");
    return q.bind(1, uuid).bind(2, entity).bind(3, QDateTime::currentDateTimeUtc()).bind(4, actor).exec();
}

bool ProjectPrivate::unbury(const QUuid &uuid)
{
    Stmt q(this, "DELETE FROM tombstone WHERE uuid = ?");
    return q.bind(1, uuid).exec();
}

// The id a new row of table gets: past every id the table ever had (see keepIdsUsed).
#define NEXT_ID(table) \
    "(SELECT max(coalesce((SELECT max(id) FROM " table "), 0), " \
    "coalesce((SELECT id FROM id_high_water WHERE entity = '" table "'), 0)) + 1)"

QString ProjectPrivate::dimensionKey(DimensionId id)
{
    Stmt q(this, "SELECT key FROM dimension WHERE id = ?");
    q.bind(1, id);
    return q.next() ? q.text(0) : QString::number(id);
}

QJsonObject ProjectPrivate::labelsJson(const DimensionValues &values, const DimensionComments &comments)
{
    // Names for people reading the log, UUIDs so a later rename cannot blur it.
    QJsonObject valuesJson;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (it.value().isEmpty()) {
            continue;
        }
        QJsonArray chosen;
        for (ValueId v : it.value()) {
            Stmt q(this, "SELECT uuid, name FROM value WHERE id = ?");
            q.bind(1, v);
            if (q.next()) {
                chosen.append(QJsonObject{{u"uuid"_s, q.text(0)}, {u"name"_s, q.text(1)}});
            }
        }
        valuesJson.insert(dimensionKey(it.key()), chosen);
    }
    QJsonObject commentsJson;
    for (auto it = comments.cbegin(); it != comments.cend(); ++it) {
        if (!it.value().isEmpty()) {
            commentsJson.insert(dimensionKey(it.key()), it.value());
        }
    }
    return QJsonObject{{u"values"_s, valuesJson}, {u"comments"_s, commentsJson}};
}

QJsonObject ProjectPrivate::findingJson(FindingId id)
{
    QJsonObject o;
    DimensionValues values;
    DimensionComments comments;
    {
        Stmt q(this,
               "SELECT f.uuid, i.repository, i.ref, i.kind, r.name, f.ordinal, f.should_discuss, f.unsure "
               "FROM finding f JOIN item i ON i.id = f.item_id JOIN rater r ON r.id = f.rater_id WHERE f.id = ?");
        q.bind(1, id);
        if (!q.next()) {
            return o;
        }
        const ItemKey key{q.integer(3) == 1 ? ItemKind::BugReport : ItemKind::Patch, q.text(1), q.text(2)};
        o.insert(u"uuid"_s, q.text(0));
        o.insert(u"item"_s, key.toString());
        o.insert(u"rater"_s, q.text(4));
        o.insert(u"ordinal"_s, q.integer(5));
        o.insert(u"should_discuss"_s, q.boolean(6));
        o.insert(u"unsure"_s, q.boolean(7));
    }
    {
        Stmt q(this, "SELECT dimension_id, value_id FROM finding_value WHERE finding_id = ?");
        q.bind(1, id);
        while (q.next()) {
            values[q.int64(0)].append(q.int64(1));
        }
    }
    {
        Stmt q(this, "SELECT dimension_id, text FROM finding_comment WHERE finding_id = ?");
        q.bind(1, id);
        while (q.next()) {
            comments.insert(q.int64(0), q.text(1));
        }
    }
    const QJsonObject labels = labelsJson(values, comments);
    o.insert(u"values"_s, labels.value(u"values"_s));
    o.insert(u"comments"_s, labels.value(u"comments"_s));
    return o;
}

QJsonObject ProjectPrivate::reconciledJson(ReconciledId id)
{
    QJsonObject o;
    DimensionValues values;
    DimensionComments comments;
    {
        Stmt q(this,
               "SELECT x.uuid, i.repository, i.ref, i.kind, x.ordinal, x.should_discuss, x.decision, x.rationale, "
               "(SELECT name FROM rater WHERE id = x.decided_by), x.decided_at "
               "FROM reconciled x JOIN item i ON i.id = x.item_id WHERE x.id = ?");
        q.bind(1, id);
        if (!q.next()) {
            return o;
        }
        const ItemKey key{q.integer(3) == 1 ? ItemKind::BugReport : ItemKind::Patch, q.text(1), q.text(2)};
        static const char *const decisions[] = {"unanimous", "adopted_one", "combined", "new"};
        const int decision = qBound(0, q.integer(6), 3);
        o.insert(u"uuid"_s, q.text(0));
        o.insert(u"item"_s, key.toString());
        o.insert(u"ordinal"_s, q.integer(4));
        o.insert(u"should_discuss"_s, q.boolean(5));
        o.insert(u"decision"_s, QString::fromLatin1(decisions[decision]));
        o.insert(u"rationale"_s, q.text(7));
        o.insert(u"decided_by"_s, q.text(8));
        o.insert(u"decided_at"_s, q.text(9));
    }
    {
        Stmt q(this, "SELECT dimension_id, value_id FROM reconciled_value WHERE reconciled_id = ?");
        q.bind(1, id);
        while (q.next()) {
            values[q.int64(0)].append(q.int64(1));
        }
    }
    {
        Stmt q(this, "SELECT dimension_id, text FROM reconciled_comment WHERE reconciled_id = ?");
        q.bind(1, id);
        while (q.next()) {
            comments.insert(q.int64(0), q.text(1));
        }
    }
    QJsonArray sources;
    {
        Stmt q(this, "SELECT finding_uuid FROM reconciled_source WHERE reconciled_id = ? ORDER BY finding_uuid");
        q.bind(1, id);
        while (q.next()) {
            sources.append(q.text(0));
        }
    }
    const QJsonObject labels = labelsJson(values, comments);
    o.insert(u"values"_s, labels.value(u"values"_s));
    o.insert(u"comments"_s, labels.value(u"comments"_s));
    o.insert(u"sources"_s, sources);
    return o;
}

QJsonObject ProjectPrivate::valueJson(ValueId id)
{
    Stmt q(this,
           "SELECT v.uuid, d.key, v.name, v.description, v.ord, (SELECT uuid FROM value p WHERE p.id = v.parent_id), "
           "v.deprecated, (SELECT uuid FROM value m WHERE m.id = v.merged_into) "
           "FROM value v JOIN dimension d ON d.id = v.dimension_id WHERE v.id = ?");
    q.bind(1, id);
    if (!q.next()) {
        return {};
    }
    return QJsonObject{{u"uuid"_s, q.text(0)},        {u"dimension"_s, q.text(1)}, {u"name"_s, q.text(2)},
                       {u"description"_s, q.text(3)}, {u"order"_s, q.integer(4)},  {u"parent"_s, q.text(5)},
                       {u"deprecated"_s, q.boolean(6)}, {u"merged_into"_s, q.text(7)}};
}

QJsonObject ProjectPrivate::dimensionJson(DimensionId id)
{
    Stmt q(this, "SELECT key, name, description, kind, ord, rules, uuid, ordered FROM dimension WHERE id = ?");
    q.bind(1, id);
    if (!q.next()) {
        return {};
    }
    return QJsonObject{{u"key"_s, q.text(0)},      {u"name"_s, q.text(1)},  {u"description"_s, q.text(2)},
                       {u"kind"_s, q.integer(3)},     {u"order"_s, q.integer(4)}, {u"rules"_s, fromJsonText(q.text(5))},
                       {u"uuid"_s, q.text(6)},        {u"ordered"_s, q.boolean(7)}};
}

std::optional<ItemId> ProjectPrivate::insertItem(const Item &item)
{
    if (item.key.ref.isEmpty()) {
        fail(u"item \"%1\" has no sha or number"_s.arg(item.key.toString()));
        return std::nullopt;
    }
    const QUuid uuid = item.uuid.isNull() ? Identity::item(item.key) : item.uuid;
    Stmt q(this,
           "INSERT INTO item(id, uuid, kind, repository, ref, title, author, date, dataset_id, round, metadata, modified) "
           "VALUES(" NEXT_ID("item") ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, uuid).bind(2, kindCode(item.key.kind));
    q.bind(3, item.key.repository).bind(4, item.key.ref).bind(5, item.title).bind(6, item.author).bind(7, item.date);
    q.bindId(8, item.dataset).bind(9, item.round).bind(10, toJsonText(item.metadata));
    q.bind(11, QDateTime::currentDateTimeUtc());
    if (!q.exec() || !unbury(uuid)) {
        if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
            fail(u"item %1 cannot be stored: %2"_s.arg(item.key.toString(), lastError));
        }
        return std::nullopt;
    }
    const ItemId id = sqlite3_last_insert_rowid(db);
    if (!item.title.isEmpty() && !indexText(id, SlotTitle, item.title)) {
        return std::nullopt;
    }
    return id;
}

std::optional<DatasetId> ProjectPrivate::insertDataset(const Dataset &dataset)
{
    if (dataset.name.trimmed().isEmpty()) {
        fail(u"a dataset needs a name"_s);
        return std::nullopt;
    }
    Stmt q(this, "INSERT INTO dataset(uuid, name, description) VALUES(?, ?, ?)");
    q.bind(1, dataset.uuid.isNull() ? Identity::dataset(dataset.name) : dataset.uuid).bind(2, dataset.name).bind(3, dataset.description);
    if (!q.exec()) {
        return std::nullopt;
    }
    return sqlite3_last_insert_rowid(db);
}

std::optional<RaterId> ProjectPrivate::insertRater(const Rater &rater)
{
    if (rater.name.trimmed().isEmpty()) {
        fail(u"a rater needs a name"_s);
        return std::nullopt;
    }
    const QUuid uuid = rater.uuid.isNull() ? Identity::random() : rater.uuid;
    Stmt q(this,
           "INSERT INTO rater(id, uuid, name, initials, login, role, modified) VALUES(" NEXT_ID("rater") ", ?, ?, ?, ?, ?, ?)");
    q.bind(1, uuid).bind(2, rater.name).bind(3, rater.initials);
    q.bind(4, rater.login).bind(5, rater.role == Rater::Role::Reconciler ? 1 : 0).bind(6, QDateTime::currentDateTimeUtc());
    if (!q.exec() || !unbury(uuid)) {
        return std::nullopt;
    }
    return sqlite3_last_insert_rowid(db);
}

std::optional<DimensionId> ProjectPrivate::insertDimension(const Dimension &dimension)
{
    if (dimension.key.trimmed().isEmpty()) {
        fail(u"a dimension needs a key"_s);
        return std::nullopt;
    }
    const QUuid uuid = dimension.uuid.isNull() ? Identity::dimension(dimension.key) : dimension.uuid;
    Stmt q(this,
           "INSERT INTO dimension(id, key, name, description, kind, ord, rules, uuid, ordered, modified) "
           "VALUES(" NEXT_ID("dimension") ", ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, dimension.key).bind(2, dimension.name.isEmpty() ? dimension.key : dimension.name);
    q.bind(3, dimension.description).bind(4, dimensionKindCode(dimension.kind)).bind(5, dimension.order);
    q.bind(6, toJsonText(rulesToJson(dimension.rules))).bind(7, uuid).bind(8, dimension.ordered);
    q.bind(9, QDateTime::currentDateTimeUtc());
    if (!q.exec() || !unbury(uuid)) {
        return std::nullopt;
    }
    const DimensionId id = sqlite3_last_insert_rowid(db);
    if (dimension.kind == Dimension::Kind::Gate) {
        CodebookValue yes;
        yes.dimension = id;
        yes.name = u"Yes"_s;
        CodebookValue no = yes;
        no.name = u"No"_s;
        no.order = 1;
        if (!insertValue(yes) || !insertValue(no)) {
            return std::nullopt;
        }
    }
    return id;
}

std::optional<ValueId> ProjectPrivate::insertValue(const CodebookValue &value)
{
    const QString name = value.name.trimmed();
    if (!std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
        fail(u"a codebook value needs a name with at least one letter or digit"_s);
        return std::nullopt;
    }
    {
        Stmt q(this, "SELECT 1 FROM value WHERE dimension_id = ? AND name = ? AND merged_into IS NULL");
        q.bind(1, value.dimension).bind(2, name);
        if (q.next()) {
            fail(u"the dimension already has a value \"%1\""_s.arg(name));
            return std::nullopt;
        }
    }
    QUuid uuid = value.uuid;
    if (uuid.isNull()) {
        Stmt key(this, "SELECT key FROM dimension WHERE id = ?");
        if (!key.bind(1, value.dimension).next()) {
            fail(u"there is no dimension %1"_s.arg(value.dimension));
            return std::nullopt;
        }
        uuid = Identity::value(key.text(0), name);
        // A renamed or merged value may hold the uuid of this name already.
        Stmt taken(this, "SELECT 1 FROM value WHERE uuid = ?");
        if (taken.bind(1, uuid).next()) {
            uuid = Identity::random();
        }
    }
    Stmt q(this,
           "INSERT INTO value(id, uuid, dimension_id, name, description, ord, parent_id, deprecated, merged_into, modified) "
           "VALUES(" NEXT_ID("value") ", ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, uuid).bind(2, value.dimension).bind(3, name);
    q.bind(4, value.description).bind(5, value.order).bindId(6, value.parent).bind(7, value.deprecated);
    q.bindId(8, value.mergedInto).bind(9, QDateTime::currentDateTimeUtc());
    if (!q.exec() || !unbury(uuid)) {
        return std::nullopt;
    }
    return sqlite3_last_insert_rowid(db);
}

bool ProjectPrivate::writeFindingLabels(FindingId id, const DimensionValues &values, const DimensionComments &comments)
{
    Stmt clearValues(this, "DELETE FROM finding_value WHERE finding_id = ?");
    Stmt clearComments(this, "DELETE FROM finding_comment WHERE finding_id = ?");
    if (!clearValues.bind(1, id).exec() || !clearComments.bind(1, id).exec()) {
        return false;
    }
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        for (ValueId v : it.value()) {
            // The SELECT makes a value of another dimension insert nothing; caught below.
            Stmt q(this,
                   "INSERT OR IGNORE INTO finding_value(finding_id, dimension_id, value_id) "
                   "SELECT ?, dimension_id, id FROM value WHERE id = ? AND dimension_id = ?");
            if (!q.bind(1, id).bind(2, v).bind(3, it.key()).exec()) {
                return false;
            }
            if (sqlite3_changes(db) == 0) {
                Stmt check(this, "SELECT 1 FROM finding_value WHERE finding_id = ? AND dimension_id = ? AND value_id = ?");
                if (!check.bind(1, id).bind(2, it.key()).bind(3, v).next()) {
                    return fail(u"value %1 is not a value of dimension %2"_s.arg(v).arg(dimensionKey(it.key())));
                }
            }
        }
    }
    for (auto it = comments.cbegin(); it != comments.cend(); ++it) {
        if (it.value().isEmpty()) {
            continue;
        }
        Stmt q(this, "INSERT INTO finding_comment(finding_id, dimension_id, text) VALUES(?, ?, ?)");
        if (!q.bind(1, id).bind(2, it.key()).bind(3, it.value()).exec()) {
            return false;
        }
    }
    return true;
}

std::optional<FindingId> ProjectPrivate::insertFinding(const Finding &finding)
{
    int ordinal = finding.ordinal;
    if (ordinal < 0) {
        Stmt q(this, "SELECT coalesce(max(ordinal) + 1, 0) FROM finding WHERE item_id = ? AND rater_id = ?");
        q.bind(1, finding.item).bind(2, finding.rater);
        ordinal = q.next() ? q.integer(0) : 0;
    }
    {
        Stmt q(this, "SELECT (SELECT 1 FROM item WHERE id = ?), (SELECT 1 FROM rater WHERE id = ?)");
        q.bind(1, finding.item).bind(2, finding.rater);
        if (!q.next() || q.isNull(0)) {
            fail(u"there is no item %1"_s.arg(finding.item));
            return std::nullopt;
        }
        if (q.isNull(1)) {
            fail(u"there is no rater %1"_s.arg(finding.rater));
            return std::nullopt;
        }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QUuid uuid = finding.uuid.isNull() ? Identity::random() : finding.uuid;
    Stmt q(this,
           "INSERT INTO finding(id, uuid, item_id, rater_id, ordinal, should_discuss, unsure, created, modified) "
           "VALUES(" NEXT_ID("finding") ", ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, uuid).bind(2, finding.item).bind(3, finding.rater);
    q.bind(4, ordinal).bind(5, finding.shouldDiscuss).bind(6, finding.unsure);
    q.bind(7, finding.created.isValid() ? finding.created : now).bind(8, finding.modified.isValid() ? finding.modified : now);
    if (!q.exec() || !unbury(uuid)) {
        return std::nullopt;
    }
    const FindingId id = sqlite3_last_insert_rowid(db);
    if (!writeFindingLabels(id, finding.values, finding.comments)) {
        return std::nullopt;
    }
    return id;
}

bool ProjectPrivate::writeReconciledLabels(ReconciledId id, const ReconciledFinding &finding)
{
    Stmt a(this, "DELETE FROM reconciled_value WHERE reconciled_id = ?");
    Stmt b(this, "DELETE FROM reconciled_comment WHERE reconciled_id = ?");
    Stmt c(this, "DELETE FROM reconciled_source WHERE reconciled_id = ?");
    if (!a.bind(1, id).exec() || !b.bind(1, id).exec() || !c.bind(1, id).exec()) {
        return false;
    }
    for (auto it = finding.values.cbegin(); it != finding.values.cend(); ++it) {
        for (ValueId v : it.value()) {
            Stmt q(this,
                   "INSERT OR IGNORE INTO reconciled_value(reconciled_id, dimension_id, value_id) "
                   "SELECT ?, dimension_id, id FROM value WHERE id = ? AND dimension_id = ?");
            if (!q.bind(1, id).bind(2, v).bind(3, it.key()).exec()) {
                return false;
            }
            if (sqlite3_changes(db) == 0) {
                Stmt check(this, "SELECT 1 FROM reconciled_value WHERE reconciled_id = ? AND dimension_id = ? AND value_id = ?");
                if (!check.bind(1, id).bind(2, it.key()).bind(3, v).next()) {
                    return fail(u"value %1 is not a value of dimension %2"_s.arg(v).arg(dimensionKey(it.key())));
                }
            }
        }
    }
    for (auto it = finding.comments.cbegin(); it != finding.comments.cend(); ++it) {
        if (it.value().isEmpty()) {
            continue;
        }
        Stmt q(this, "INSERT INTO reconciled_comment(reconciled_id, dimension_id, text) VALUES(?, ?, ?)");
        if (!q.bind(1, id).bind(2, it.key()).bind(3, it.value()).exec()) {
            return false;
        }
    }
    for (const QUuid &source : finding.sourceFindings) {
        Stmt q(this, "INSERT OR IGNORE INTO reconciled_source(reconciled_id, finding_uuid) VALUES(?, ?)");
        if (!q.bind(1, id).bind(2, source).exec()) {
            return false;
        }
    }
    return true;
}

std::optional<ReconciledId> ProjectPrivate::insertReconciled(const ReconciledFinding &finding)
{
    int ordinal = finding.ordinal;
    if (ordinal < 0) {
        Stmt q(this, "SELECT coalesce(max(ordinal) + 1, 0) FROM reconciled WHERE item_id = ?");
        q.bind(1, finding.item);
        ordinal = q.next() ? q.integer(0) : 0;
    }
    {
        Stmt q(this, "SELECT 1 FROM item WHERE id = ?");
        if (!q.bind(1, finding.item).next()) {
            fail(u"there is no item %1"_s.arg(finding.item));
            return std::nullopt;
        }
    }
    const QUuid uuid = finding.uuid.isNull() ? Identity::random() : finding.uuid;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Stmt q(this,
           "INSERT INTO reconciled(id, uuid, item_id, ordinal, should_discuss, decision, rationale, decided_by, decided_at, "
           "modified) VALUES(" NEXT_ID("reconciled") ", ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, uuid).bind(2, finding.item).bind(3, ordinal);
    q.bind(4, finding.shouldDiscuss).bind(5, int(finding.decision)).bind(6, finding.rationale);
    q.bindId(7, finding.decidedBy).bind(8, finding.decidedAt.isValid() ? finding.decidedAt : now).bind(9, now);
    if (!q.exec() || !unbury(uuid)) {
        return std::nullopt;
    }
    const ReconciledId id = sqlite3_last_insert_rowid(db);
    if (!writeReconciledLabels(id, finding)) {
        return std::nullopt;
    }
    return id;
}

// --- patch content -----------------------------------------------------------------------

bool ProjectPrivate::setPatch(ItemId item, const Patch &patch)
{
    {
        Stmt q(this, "SELECT 1 FROM item WHERE id = ?");
        if (!q.bind(1, item).next()) {
            return fail(u"there is no item %1"_s.arg(item));
        }
    }
    Stmt clear(this, "DELETE FROM patch_file WHERE item_id = ?"); // hunks follow by cascade
    if (!clear.bind(1, item).exec()) {
        return false;
    }
    PatchStats stats;
    QString paths;
    for (qsizetype i = 0; i < patch.files.size(); ++i) {
        const FileDiff &f = patch.files.at(i);
        Stmt q(this,
               "INSERT INTO patch_file(item_id, idx, change, old_path, new_path, old_mode, new_mode, similarity, "
               "old_index, new_index, is_binary, is_symlink, is_submodule, offset, length, added, deleted, hunk_count) "
               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, item).bind(2, int(i)).bind(3, int(f.change)).bind(4, f.oldPath).bind(5, f.newPath);
        q.bind(6, f.oldMode).bind(7, f.newMode).bind(8, f.similarity).bindBlob(9, f.oldIndex).bindBlob(10, f.newIndex);
        q.bind(11, f.binary).bind(12, f.symlink).bind(13, f.submodule).bind(14, f.offset).bind(15, f.length);
        q.bind(16, f.added).bind(17, f.deleted).bind(18, int(f.hunks.size()));
        if (!q.exec()) {
            return false;
        }
        const PatchFileId fileId = sqlite3_last_insert_rowid(db);
        for (qsizetype h = 0; h < f.hunks.size(); ++h) {
            const Hunk &hunk = f.hunks.at(h);
            Stmt hq(this,
                    "INSERT INTO patch_hunk(file_id, idx, old_start, old_count, new_start, new_count, heading, offset, "
                    "length, added, deleted) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            hq.bind(1, fileId).bind(2, int(h)).bind(3, hunk.oldStart).bind(4, hunk.oldCount).bind(5, hunk.newStart);
            hq.bind(6, hunk.newCount).bind(7, hunk.heading).bind(8, hunk.offset).bind(9, hunk.length);
            hq.bind(10, hunk.added).bind(11, hunk.deleted);
            if (!hq.exec()) {
                return false;
            }
        }
        stats.files += 1;
        stats.hunks += int(f.hunks.size());
        stats.binaryFiles += f.binary ? 1 : 0;
        stats.linesAdded += f.added;
        stats.linesDeleted += f.deleted;
        if (paths.size() < IndexedDiffBytes) {
            paths += f.oldPath + QLatin1Char(' ') + f.newPath + QLatin1Char('\n');
        }
    }
    // An upsert, not INSERT OR REPLACE: a REPLACE on a table with a foreign key makes
    // SQLite open a statement savepoint, and every savepoint makes FTS5 flush its pending
    // terms into a new segment — one tiny segment per item, merged over and over.
    Stmt header(this,
                "INSERT INTO patch_header(item_id, sha, author, author_email, date, subject, message, offset, length) "
                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET sha = excluded.sha, "
                "author = excluded.author, author_email = excluded.author_email, date = excluded.date, "
                "subject = excluded.subject, message = excluded.message, offset = excluded.offset, "
                "length = excluded.length");
    header.bind(1, item).bind(2, QString::fromLatin1(patch.header.sha)).bind(3, patch.header.author);
    header.bind(4, patch.header.authorEmail).bind(5, SourceDate::fromMoment(patch.header.date)).bind(6, patch.header.subject);
    header.bind(7, patch.header.message).bind(8, patch.offset).bind(9, patch.length);
    if (!header.exec()) {
        return false;
    }
    Stmt update(this,
                "UPDATE item SET files = ?, hunks = ?, binary_files = ?, lines_added = ?, lines_deleted = ? WHERE id = ?");
    update.bind(1, stats.files).bind(2, stats.hunks).bind(3, stats.binaryFiles).bind(4, stats.linesAdded);
    update.bind(5, stats.linesDeleted).bind(6, item);
    if (!update.exec()) {
        return false;
    }
    const QString message = patch.header.subject + QLatin1Char('\n') + patch.header.message;
    return indexText(item, SlotMessage, message.trimmed()) && indexText(item, SlotPaths, paths);
}

bool ProjectPrivate::storePatchBytes(ItemId item, QIODevice *source, qint64 size,
                                     const std::function<bool(qint64, qint64)> &progress)
{
    {
        Stmt q(this, "SELECT 1 FROM item WHERE id = ?");
        if (!q.bind(1, item).next()) {
            return fail(u"there is no item %1"_s.arg(item));
        }
    }
    if (!source || !source->isReadable()) {
        return fail(u"the patch source cannot be read"_s);
    }
    Stmt clear(this, "DELETE FROM patch_chunk WHERE item_id = ?");
    if (!clear.bind(1, item).exec()) {
        return false;
    }
    Stmt clearOriginal(this, "DELETE FROM patch_original WHERE item_id = ?");
    if (!clearOriginal.bind(1, item).exec()) {
        return false;
    }
    QByteArray buffer(int(chunkSize), Qt::Uninitialized);
    qint64 total = 0;
    qint64 seq = 0;
    for (;;) {
        qint64 want = chunkSize;
        if (size >= 0) {
            want = qMin(want, size - total);
        }
        if (want <= 0) {
            break;
        }
        // Fill a whole chunk (a device may return less than asked) so chunk n always
        // starts at n * chunkSize.
        qint64 got = 0;
        while (got < want) {
            const qint64 n = source->read(buffer.data() + got, want - got);
            if (n < 0) {
                return fail(u"reading the patch failed after %1 bytes: %2"_s.arg(total + got).arg(source->errorString()));
            }
            // A pipe (git) may be slow, never silent for a minute: give up rather than hang.
            if (n == 0 && !source->waitForReadyRead(60000)) {
                break;
            }
            got += n;
        }
        if (got == 0) {
            break;
        }
        Stmt q(this, "INSERT INTO patch_chunk(item_id, seq, data) VALUES(?, ?, ?)");
        if (!q.bind(1, item).bind(2, seq).bindBlob(3, buffer.constData(), int(got)).exec()) {
            return false;
        }
        total += got;
        ++seq;
        if (progress && !progress(total, size)) {
            return fail(u"cancelled"_s);
        }
        if (got < want) {
            break;
        }
    }
    if (size >= 0 && total != size) {
        return fail(u"the patch ended after %1 of %2 bytes"_s.arg(total).arg(size));
    }
    Stmt update(this, "UPDATE item SET bytes = ? WHERE id = ?");
    if (!update.bind(1, total).bind(2, item).exec()) {
        return false;
    }
    return queueDiffIndex(item);
}

bool ProjectPrivate::storeOriginalMail(ItemId item, const QByteArray &bytes)
{
    // An upsert, not INSERT OR REPLACE: see setPatch (a savepoint per mail would make FTS5
    // write a segment per mail).
    Stmt q(this,
           "INSERT INTO patch_original(item_id, data) VALUES(?, ?) ON CONFLICT(item_id) DO UPDATE SET data = excluded.data");
    return q.bind(1, item).bindBlob(2, bytes.constData(), int(bytes.size())).exec();
}

bool ProjectPrivate::setBugReport(ItemId item, const BugReportContent &content)
{
    QJsonArray comments;
    QString commentText;
    for (const BugReportComment &c : content.comments) {
        comments.append(QJsonObject{{u"author"_s, c.author},
                                    {u"date"_s, c.date.toString()},
                                    {u"body"_s, c.body}});
        commentText += c.body + QLatin1Char('\n');
    }
    QJsonArray labels;
    for (const QString &l : content.labels) {
        labels.append(l);
    }
    // An upsert, not INSERT OR REPLACE: see setPatch (a savepoint per report would make
    // FTS5 write a segment per report).
    Stmt q(this,
           "INSERT INTO bug_report(item_id, title, body, comments, labels, state, url) VALUES(?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT(item_id) DO UPDATE SET title = excluded.title, body = excluded.body, "
           "comments = excluded.comments, labels = excluded.labels, state = excluded.state, url = excluded.url");
    q.bind(1, item).bind(2, content.title).bind(3, content.body);
    q.bind(4, QString::fromUtf8(QJsonDocument(comments).toJson(QJsonDocument::Compact)));
    q.bind(5, QString::fromUtf8(QJsonDocument(labels).toJson(QJsonDocument::Compact)));
    q.bind(6, content.state).bind(7, content.url);
    if (!q.exec()) {
        if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
            fail(u"there is no item %1"_s.arg(item));
        }
        return false;
    }
    return indexText(item, SlotBody, content.body + QLatin1Char('\n') + content.labels.join(QLatin1Char(' ')))
        && indexText(item, SlotComments, commentText);
}

// --- search index -----------------------------------------------------------------------

bool ProjectPrivate::indexText(ItemId item, SearchSlot slot, const QString &text)
{
    const qint64 rowid = item * 16 + slot;
    Stmt del(this, "DELETE FROM search WHERE rowid = ?");
    if (!del.bind(1, rowid).exec()) {
        return false;
    }
    if (text.trimmed().isEmpty()) {
        return true;
    }
    Stmt q(this, "INSERT INTO search(rowid, text) VALUES(?, ?)");
    return q.bind(1, rowid).bind(2, text).exec();
}

bool ProjectPrivate::unindexItem(ItemId item)
{
    Stmt q(this, "DELETE FROM search WHERE rowid BETWEEN ? AND ?");
    return q.bind(1, item * 16).bind(2, item * 16 + 15).exec();
}

bool ProjectPrivate::queueDiffIndex(ItemId item)
{
    // The old diff text leaves the index now: until the new one is indexed, no search may
    // find the item by text it no longer has (a read-only reader adds pending items from
    // a temporary index of its own, see ensureSearchComplete).
    Stmt del(this, "DELETE FROM search WHERE rowid = ?");
    if (!del.bind(1, item * 16 + SlotDiff).exec()) {
        return false;
    }
    // An upsert, not INSERT OR IGNORE: see setPatch (no statement savepoint per item).
    Stmt q(this, "INSERT INTO diff_index_pending(item_id) VALUES(?) ON CONFLICT(item_id) DO NOTHING");
    return q.bind(1, item).exec();
}

std::optional<qint64> ProjectPrivate::pendingDiffCount()
{
    Stmt q(this, "SELECT count(*) FROM diff_index_pending");
    if (!q.next()) {
        return std::nullopt;
    }
    return q.int64(0);
}

std::optional<qint64> ProjectPrivate::indexDiffSlice(qint64 maxItems, qint64 maxBytes)
{
    if (readOnly) {
        fail(u"it is open read-only"_s);
        return std::nullopt;
    }
    // Its own short transaction (a savepoint inside an import's): each pending row goes in
    // the transaction that indexes its item, so a kill between slices loses nothing and
    // the next slice goes on where this one stopped.
    Transaction tx(this);
    if (!tx.isValid()) {
        return std::nullopt;
    }
    QList<ItemId> slice;
    {
        Stmt q(this,
               "SELECT p.item_id, coalesce(i.bytes, 0) FROM diff_index_pending p LEFT JOIN item i ON i.id = p.item_id "
               "ORDER BY p.item_id LIMIT ?");
        q.bind(1, qMax<qint64>(1, maxItems));
        qint64 bytes = 0;
        while (bytes < maxBytes && q.next()) {
            slice.append(q.int64(0));
            bytes += qMin(q.int64(1), IndexedDiffBytes);
        }
        if (q.failed()) {
            return std::nullopt;
        }
    }
    for (ItemId item : std::as_const(slice)) {
        Stmt done(this, "DELETE FROM diff_index_pending WHERE item_id = ?");
        if (!indexDiffFromChunks(item) || !done.bind(1, item).exec()) {
            return std::nullopt;
        }
    }
    if (!tx.commit()) {
        return std::nullopt;
    }
    return qint64(slice.size());
}

bool ProjectPrivate::ensureSearchComplete(bool persist)
{
    const std::optional<qint64> pending = pendingDiffCount();
    if (!pending) {
        return false;
    }
    if (!readOnly && persist) {
        for (qint64 left = *pending; left > 0;) {
            const std::optional<qint64> done = indexDiffSlice(IndexSliceItems, IndexSliceBytes);
            if (!done) {
                return false;
            }
            if (*done == 0) {
                break;
            }
            left -= *done;
        }
        return true;
    }
    if (*pending == 0 && !tempDiffIndex) {
        return true;
    }
    // Read-only, or a read that must leave the file as it is: the connection's temporary
    // database takes the pending diffs instead. It holds exactly those pending at this
    // snapshot (on a read-only connection the caller's SearchScope keeps one read
    // transaction over this and the query): those the writer has indexed since leave it,
    // new ones join it. query_only guards a read-only file; that file is opened read-only
    // as well, so lifting it for the temporary tables writes nothing there.
    if (readOnly && !execScript("PRAGMA query_only = OFF")) {
        return false;
    }
    bool ok = execScript("CREATE VIRTUAL TABLE IF NOT EXISTS temp.diff_search USING "
                    "fts5(text, tokenize = 'unicode61 remove_diacritics 2'); "
                    "CREATE TABLE IF NOT EXISTS temp.diff_search_item(item_id INTEGER PRIMARY KEY)");
    tempDiffIndex = tempDiffIndex || ok;
    ok = ok
        && execScript("DELETE FROM temp.diff_search WHERE rowid IN (SELECT item_id * 16 + 5 FROM temp.diff_search_item "
                      "WHERE item_id NOT IN (SELECT item_id FROM main.diff_index_pending)); "
                      "DELETE FROM temp.diff_search_item WHERE item_id NOT IN (SELECT item_id FROM main.diff_index_pending)");
    QList<ItemId> missing;
    if (ok) {
        Stmt q(this, "SELECT item_id FROM main.diff_index_pending WHERE item_id NOT IN (SELECT item_id FROM temp.diff_search_item)");
        while (q.next()) {
            missing.append(q.int64(0));
        }
        ok = !q.failed();
    }
    for (ItemId item : std::as_const(missing)) {
        if (!ok) {
            break;
        }
        const std::optional<QString> text = diffTextToIndex(item);
        Stmt insert(this, "INSERT INTO temp.diff_search(rowid, text) VALUES(?, ?)");
        Stmt mark(this, "INSERT INTO temp.diff_search_item(item_id) VALUES(?)");
        ok = text && insert.bind(1, item * 16 + SlotDiff).bind(2, *text).exec() && mark.bind(1, item).exec();
    }
    const QString cause = lastError;
    ok = (!readOnly || execScript("PRAGMA query_only = ON")) && ok;
    if (!ok && !cause.isEmpty()) {
        lastError = cause;
    }
    return ok;
}

SearchScope::SearchScope(ProjectPrivate *d, bool persist)
    : m_d(d)
{
    if (d->readOnly && sqlite3_get_autocommit(d->db)) {
        m_began = d->execScript("BEGIN");
    }
    m_valid = d->ensureSearchComplete(persist);
}

SearchScope::~SearchScope()
{
    if (!m_began) {
        return;
    }
    // COMMIT even after a failure: the file was only read, and the temporary index stays
    // consistent item by item (its text and its diff_search_item row go in together).
    // query_only refuses to commit what was written to the temporary tables; a
    // transaction left open would pin this snapshot and keep the writer's checkpoints
    // waiting.
    m_d->execScript("PRAGMA query_only = OFF");
    if (!m_d->execScript("COMMIT")) {
        m_d->execScript("ROLLBACK");
    }
    m_d->execScript("PRAGMA query_only = ON");
}

std::optional<QString> ProjectPrivate::diffTextToIndex(ItemId item)
{
    QByteArray text;
    Stmt q(this, "SELECT data FROM patch_chunk WHERE item_id = ? ORDER BY seq");
    q.bind(1, item);
    while (text.size() < IndexedDiffBytes && q.next()) {
        text.append(q.blob(0).left(IndexedDiffBytes - text.size()));
    }
    if (q.failed()) {
        return std::nullopt;
    }
    // Lossy decoding: a binary patch or a Latin-1 file must not stop the indexing.
    return QString::fromUtf8(text);
}

bool ProjectPrivate::indexDiffFromChunks(ItemId item)
{
    const std::optional<QString> text = diffTextToIndex(item);
    return text && indexText(item, SlotDiff, *text);
}

bool ProjectPrivate::rebuildSearchIndex()
{
    if (!execScript("DELETE FROM search")) {
        return false;
    }
    QList<ItemId> ids;
    {
        Stmt q(this, "SELECT id, title FROM item ORDER BY id");
        while (q.next()) {
            ids.append(q.int64(0));
            if (!indexText(q.int64(0), SlotTitle, q.text(1))) {
                return false;
            }
        }
        if (q.failed()) {
            return false;
        }
    }
    {
        Stmt q(this, "SELECT item_id, subject, message FROM patch_header");
        while (q.next()) {
            if (!indexText(q.int64(0), SlotMessage, QString(q.text(1) + QLatin1Char('\n') + q.text(2)).trimmed())) {
                return false;
            }
        }
    }
    {
        Stmt q(this, "SELECT item_id, group_concat(old_path || ' ' || new_path, char(10)) FROM patch_file GROUP BY item_id");
        while (q.next()) {
            if (!indexText(q.int64(0), SlotPaths, q.text(1))) {
                return false;
            }
        }
    }
    {
        Stmt q(this, "SELECT item_id, body, labels, comments FROM bug_report");
        while (q.next()) {
            QStringList labels;
            const QJsonArray labelArray = QJsonDocument::fromJson(q.text(2).toUtf8()).array();
            for (const QJsonValue &v : labelArray) {
                labels.append(v.toString());
            }
            QString comments;
            const QJsonArray commentArray = QJsonDocument::fromJson(q.text(3).toUtf8()).array();
            for (const QJsonValue &v : commentArray) {
                comments += v.toObject().value(u"body"_s).toString() + QLatin1Char('\n');
            }
            if (!indexText(q.int64(0), SlotBody, q.text(1) + QLatin1Char('\n') + labels.join(QLatin1Char(' ')))
                || !indexText(q.int64(0), SlotComments, comments)) {
                return false;
            }
        }
    }
    for (ItemId id : std::as_const(ids)) {
        if (!indexDiffFromChunks(id)) {
            return false;
        }
    }
    return execScript("DELETE FROM diff_index_pending");
}

} // namespace Concord
