// SPDX-License-Identifier: GPL-3.0-or-later
// Project::planMerge / applyMerge: bringing in another copy of the same project.
//
// The other file is first opened as an untrusted, read-only Project (every check of
// Project::open), then copied with SQLite's backup API into a private temporary file,
// which this connection attaches as "o": the other file itself is only ever read by a
// read-only connection. Every record is matched by uuid. The rules (README "Merging
// copies"):
// - a record only the other copy has is added (unless a tombstone says it was deleted);
// - tombstones are united and a deletion wins: a record deleted in either copy is
//   deleted in the result;
// - a finding, reconciled finding or done mark that differs: the later modification time
//   wins (reported as a conflict);
// - a dimension or value that differs: the later modification time wins; a value renamed
//   differently is reported with both names;
// - two live values of one dimension with the same name and different uuids: both kept,
//   reported;
// - a value merged into another in either copy is merged in the result, and every use of
//   it (incoming ones too) moves to the value it was merged into (reported);
// - a rater only in the other copy whose name is taken here by another rater gets the
//   name "NAME (INITIALS or uuid)" (reported).
#include "store/project.h"

#include "store/project_p.h"

#include "domain/identity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

qint64 MergeReport::substantive() const
{
    return std::count_if(changes.cbegin(), changes.cend(), [](const Change &c) { return c.writes && c.entity != u"audit"_s; });
}

bool MergeReport::isNoOp() const
{
    return std::none_of(changes.cbegin(), changes.cend(), [](const Change &c) { return c.writes; });
}

qint64 MergeReport::count(const QString &action) const
{
    return std::count_if(changes.cbegin(), changes.cend(), [&](const Change &c) { return c.action == action; });
}

#define MERGE_NEXT_ID(table) \
    "(SELECT max(coalesce((SELECT max(id) FROM main." table "), 0), " \
    "coalesce((SELECT id FROM main.id_high_water WHERE entity = '" table "'), 0)) + 1)"

namespace {

class Merger
{
public:
    Merger(ProjectPrivate *d, MergeReport *report)
        : d(d)
        , r(report)
    {
    }

    bool run()
    {
        return d->keepIdsUsed() && tombstones() && datasets() && raters() && dimensions() && values() && items()
            && findings() && reconciled() && labelsLeftOut() && doneMarks() && applyTombstones() && followMerges()
            && auditEntries();
    }

private:
    ProjectPrivate *d;
    MergeReport *r;

    void add(const QString &action, const QString &entity, const QUuid &uuid, const QString &detail = {}, bool writes = true)
    {
        r->changes.append({action, entity, uuid, detail, writes});
    }

    bool tombstones()
    {
        QList<std::pair<QUuid, QString>> added;
        {
            Stmt q(d, "SELECT uuid, entity FROM o.tombstone WHERE uuid NOT IN (SELECT uuid FROM main.tombstone) ORDER BY uuid");
            while (q.next()) {
                added.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        Stmt ins(d, "INSERT OR IGNORE INTO main.tombstone(uuid, entity, at, who) "
                    "SELECT uuid, entity, at, who FROM o.tombstone WHERE uuid NOT IN (SELECT uuid FROM main.tombstone)");
        if (!ins.exec()) {
            return false;
        }
        for (const auto &[uuid, entity] : std::as_const(added)) {
            add(u"add"_s, u"tombstone"_s, uuid, entity);
        }
        return true;
    }

    bool datasets()
    {
        QList<QUuid> added;
        {
            Stmt q(d, "SELECT uuid FROM o.dataset WHERE uuid NOT IN (SELECT uuid FROM main.dataset) "
                      "AND name NOT IN (SELECT name FROM main.dataset) ORDER BY uuid");
            while (q.next()) {
                added.append(q.uuid(0));
            }
            if (q.failed()) {
                return false;
            }
        }
        Stmt ins(d, "INSERT INTO main.dataset(uuid, name, description) SELECT uuid, name, description FROM o.dataset "
                    "WHERE uuid NOT IN (SELECT uuid FROM main.dataset) AND name NOT IN (SELECT name FROM main.dataset)");
        if (!ins.exec()) {
            return false;
        }
        for (const QUuid &uuid : std::as_const(added)) {
            add(u"add"_s, u"dataset"_s, uuid);
        }
        return true;
    }

    bool raters()
    {
        struct Row
        {
            QUuid uuid;
            QString name, initials;
        };
        QList<Row> rows;
        {
            Stmt q(d, "SELECT uuid, name, initials FROM o.rater WHERE uuid NOT IN (SELECT uuid FROM main.rater) "
                      "AND uuid NOT IN (SELECT uuid FROM main.tombstone) ORDER BY uuid");
            while (q.next()) {
                rows.append({q.uuid(0), q.text(1), q.text(2)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const Row &row : std::as_const(rows)) {
            QString name = row.name;
            auto isTaken = [&](const QString &candidate) {
                Stmt taken(d, "SELECT 1 FROM main.rater WHERE name = ?");
                return taken.bind(1, candidate).next();
            };
            if (isTaken(name)) {
                name = u"%1 (%2)"_s.arg(row.name, row.initials.isEmpty() ? row.uuid.toString(QUuid::WithoutBraces).left(8)
                                                                           : row.initials);
                if (isTaken(name)) {
                    name = u"%1 (%2)"_s.arg(row.name, row.uuid.toString(QUuid::WithoutBraces));
                }
                add(u"conflict"_s, u"rater"_s, row.uuid,
                    u"another rater here is named \"%1\": the incoming rater was added as \"%2\""_s.arg(row.name, name));
            }
            Stmt q(d, "INSERT INTO main.rater(id, uuid, name, initials, login, role, modified) SELECT " MERGE_NEXT_ID("rater")
                      ", uuid, ?, initials, login, role, modified FROM o.rater WHERE uuid = ?");
            if (!q.bind(1, name).bind(2, row.uuid).exec()) {
                return false;
            }
            add(u"add"_s, u"rater"_s, row.uuid, name);
        }
        // Raters both copies have: the later edit wins (the name only when no other rater
        // here has it).
        struct Newer
        {
            QUuid uuid;
            QString ours, theirs;
        };
        QList<Newer> newer;
        {
            Stmt q(d, "SELECT m.uuid, m.name, x.name FROM main.rater m JOIN o.rater x ON x.uuid = m.uuid "
                      "WHERE x.modified > m.modified AND (x.name IS NOT m.name OR x.initials IS NOT m.initials "
                      "OR x.login IS NOT m.login OR x.role IS NOT m.role) ORDER BY m.uuid");
            while (q.next()) {
                newer.append({q.uuid(0), q.text(1), q.text(2)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const Newer &n : std::as_const(newer)) {
            Stmt taken(d, "SELECT 1 FROM main.rater WHERE name = ? AND uuid <> ?");
            const bool nameFree = !taken.bind(1, n.theirs).bind(2, n.uuid).next();
            Stmt q(d, "UPDATE main.rater SET (initials, login, role, modified) = "
                      "(SELECT initials, login, role, modified FROM o.rater WHERE uuid = ?1), "
                      "name = CASE WHEN ?2 THEN (SELECT name FROM o.rater WHERE uuid = ?1) ELSE name END WHERE uuid = ?1");
            if (!q.bind(1, n.uuid).bind(2, nameFree).exec()) {
                return false;
            }
            add(nameFree ? u"update"_s : u"conflict"_s, u"rater"_s, n.uuid,
                nameFree ? u"rater \"%1\" was edited later in the other copy (now \"%2\")"_s.arg(n.ours, n.theirs)
                         : u"rater \"%1\" was renamed \"%2\" in the other copy, a name another rater has here: the name "
                           "was kept, the rest taken"_s.arg(n.ours, n.theirs));
        }
        return true;
    }

    bool dimensions()
    {
        QList<std::pair<QUuid, QString>> rows;
        {
            Stmt q(d, "SELECT uuid, key FROM o.dimension WHERE uuid NOT IN (SELECT uuid FROM main.dimension) "
                      "AND uuid NOT IN (SELECT uuid FROM main.tombstone) ORDER BY ord, uuid");
            while (q.next()) {
                rows.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[uuid, key] : std::as_const(rows)) {
            Stmt taken(d, "SELECT 1 FROM main.dimension WHERE key = ?");
            if (taken.bind(1, key).next()) {
                // Nothing is written for it: decided in this copy's favour.
                add(u"conflict"_s, u"dimension"_s, uuid,
                    u"another dimension here has the key \"%1\": the incoming one (and its values) was left out"_s.arg(key),
                    false);
                continue;
            }
            Stmt q(d, "INSERT INTO main.dimension(id, key, name, description, kind, ord, rules, uuid, ordered, modified) "
                      "SELECT " MERGE_NEXT_ID("dimension") ", key, name, description, kind, ord, rules, uuid, ordered, modified "
                      "FROM o.dimension WHERE uuid = ?");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            add(u"add"_s, u"dimension"_s, uuid, key);
        }
        // Both have it and the other's is newer and different: the later edit wins.
        QList<std::pair<QUuid, QString>> newer;
        {
            Stmt q(d, "SELECT m.uuid, m.key FROM main.dimension m JOIN o.dimension x ON x.uuid = m.uuid "
                      "WHERE x.modified > m.modified AND (x.name IS NOT m.name OR x.description IS NOT m.description "
                      "OR x.kind IS NOT m.kind OR x.ord IS NOT m.ord OR x.rules IS NOT m.rules OR x.ordered IS NOT m.ordered) "
                      "ORDER BY m.uuid");
            while (q.next()) {
                newer.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[uuid, key] : std::as_const(newer)) {
            Stmt q(d, "UPDATE main.dimension SET (name, description, kind, ord, rules, ordered, modified) = "
                      "(SELECT name, description, kind, ord, rules, ordered, modified FROM o.dimension WHERE uuid = ?1) "
                      "WHERE uuid = ?1");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            add(u"conflict"_s, u"dimension"_s, uuid,
                u"dimension \"%1\" differs in the two copies: the later edit (the other copy's) was kept"_s.arg(key));
        }
        return true;
    }

    bool values()
    {
        QList<std::pair<QUuid, QString>> rows;
        {
            Stmt q(d, "SELECT v.uuid, v.name FROM o.value v JOIN o.dimension od ON od.id = v.dimension_id "
                      "JOIN main.dimension md ON md.uuid = od.uuid "
                      "WHERE v.uuid NOT IN (SELECT uuid FROM main.value) AND v.uuid NOT IN (SELECT uuid FROM main.tombstone) "
                      "ORDER BY v.ord, v.uuid");
            while (q.next()) {
                rows.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[uuid, name] : std::as_const(rows)) {
            Stmt q(d, "INSERT INTO main.value(id, uuid, dimension_id, name, description, ord, deprecated, modified) "
                      "SELECT " MERGE_NEXT_ID("value") ", v.uuid, md.id, v.name, v.description, v.ord, v.deprecated, v.modified "
                      "FROM o.value v JOIN o.dimension od ON od.id = v.dimension_id JOIN main.dimension md ON md.uuid = od.uuid "
                      "WHERE v.uuid = ?");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            add(u"add"_s, u"value"_s, uuid, name);
            // Same name, same dimension, both live, different uuids: both kept, reported.
            Stmt dup(d, "SELECT b.uuid FROM main.value a JOIN main.value b ON b.dimension_id = a.dimension_id "
                        "AND b.name = a.name AND b.uuid <> a.uuid WHERE a.uuid = ? AND a.merged_into IS NULL "
                        "AND b.merged_into IS NULL");
            if (dup.bind(1, uuid).next()) {
                add(u"conflict"_s, u"value"_s, uuid,
                    u"two values named \"%1\" were created independently (%2 here, %3 in the other copy): both were kept; "
                    "merge them in the codebook if they mean the same"_s.arg(name, dup.uuid(0).toString(QUuid::WithoutBraces),
                                                                             uuid.toString(QUuid::WithoutBraces)));
            }
        }
        // Values both copies have, the other's newer and different.
        struct Newer
        {
            QUuid uuid;
            QString ours, theirs;
        };
        QList<Newer> newer;
        {
            Stmt q(d, "SELECT m.uuid, m.name, x.name FROM main.value m JOIN o.value x ON x.uuid = m.uuid "
                      "WHERE x.modified > m.modified AND (x.name IS NOT m.name OR x.description IS NOT m.description "
                      "OR x.ord IS NOT m.ord OR x.deprecated IS NOT m.deprecated "
                      "OR (SELECT uuid FROM o.value WHERE id = x.parent_id) IS NOT (SELECT uuid FROM main.value WHERE id = m.parent_id)) "
                      "ORDER BY m.uuid");
            while (q.next()) {
                newer.append({q.uuid(0), q.text(1), q.text(2)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const Newer &n : std::as_const(newer)) {
            Stmt q(d, "UPDATE main.value SET (name, description, ord, deprecated, modified) = "
                      "(SELECT name, description, ord, deprecated, modified FROM o.value WHERE uuid = ?1) WHERE uuid = ?1");
            if (!q.bind(1, n.uuid).exec()) {
                return false;
            }
            add(u"conflict"_s, u"value"_s, n.uuid,
                n.ours == n.theirs
                    ? u"value \"%1\" was edited in both copies: the later edit (the other copy's) was kept"_s.arg(n.ours)
                    : u"value renamed differently: \"%1\" here, \"%2\" in the other copy; the later name \"%2\" was kept"_s.arg(
                          n.ours, n.theirs));
        }
        // Parents of values the other copy has (added ones, and newer ones above).
        {
            Stmt q(d, "UPDATE main.value AS m SET parent_id = (SELECT mp.id FROM o.value x JOIN o.value xp ON xp.id = x.parent_id "
                      "JOIN main.value mp ON mp.uuid = xp.uuid WHERE x.uuid = m.uuid) "
                      "WHERE m.parent_id IS NULL AND EXISTS (SELECT 1 FROM o.value x JOIN o.value xp ON xp.id = x.parent_id "
                      "JOIN main.value mp ON mp.uuid = xp.uuid WHERE x.uuid = m.uuid)");
            if (!q.exec()) {
                return false;
            }
        }
        // A value merged in the other copy and not here: merged here too.
        QList<std::pair<QUuid, QString>> merged;
        {
            Stmt q(d, "SELECT m.uuid, m.name FROM main.value m JOIN o.value x ON x.uuid = m.uuid "
                      "JOIN o.value xi ON xi.id = x.merged_into JOIN main.value mi ON mi.uuid = xi.uuid "
                      "WHERE m.merged_into IS NULL ORDER BY m.uuid");
            while (q.next()) {
                merged.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[uuid, name] : std::as_const(merged)) {
            Stmt q(d, "UPDATE main.value SET merged_into = (SELECT mi.id FROM o.value x JOIN o.value xi ON xi.id = x.merged_into "
                      "JOIN main.value mi ON mi.uuid = xi.uuid WHERE x.uuid = ?1) WHERE uuid = ?1");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            add(u"update"_s, u"value"_s, uuid, u"value \"%1\" was merged into another in the other copy: merged here too"_s.arg(name));
        }
        return true;
    }

    bool indexItem(ItemId id)
    {
        {
            Stmt q(d, "SELECT title FROM main.item WHERE id = ?");
            if (q.bind(1, id).next() && !q.text(0).isEmpty() && !d->indexText(id, ProjectPrivate::SlotTitle, q.text(0))) {
                return false;
            }
        }
        {
            Stmt q(d, "SELECT subject, message FROM main.patch_header WHERE item_id = ?");
            if (q.bind(1, id).next()
                && !d->indexText(id, ProjectPrivate::SlotMessage, QString(q.text(0) + QLatin1Char('\n') + q.text(1)).trimmed())) {
                return false;
            }
        }
        {
            Stmt q(d, "SELECT group_concat(old_path || ' ' || new_path, char(10)) FROM main.patch_file WHERE item_id = ?");
            if (q.bind(1, id).next() && !q.isNull(0) && !d->indexText(id, ProjectPrivate::SlotPaths, q.text(0))) {
                return false;
            }
        }
        {
            Stmt q(d, "SELECT body, (SELECT group_concat(value, ' ') FROM json_each(labels)), "
                      "(SELECT group_concat(json_extract(value, '$.body'), char(10)) FROM json_each(comments)) "
                      "FROM main.bug_report WHERE item_id = ?");
            if (q.bind(1, id).next()
                && (!d->indexText(id, ProjectPrivate::SlotBody, q.text(0) + QLatin1Char('\n') + q.text(1))
                    || !d->indexText(id, ProjectPrivate::SlotComments, q.text(2)))) {
                return false;
            }
        }
        Stmt chunks(d, "SELECT 1 FROM main.patch_chunk WHERE item_id = ? LIMIT 1");
        if (chunks.bind(1, id).next()) {
            return d->queueDiffIndex(id);
        }
        return !chunks.failed();
    }

    // The other copy's patch (header, files, hunks, bytes, original mail) and/or bug
    // report of an item, into this copy's item id.
    bool copyContent(ItemId id, const QUuid &uuid, bool patch, bool bugReport)
    {
        Stmt header(d, "INSERT INTO main.patch_header SELECT ?1, sha, author, author_email, date, subject, message, "
                       "offset, length FROM o.patch_header WHERE item_id = (SELECT id FROM o.item WHERE uuid = ?2)");
        Stmt files(d, "INSERT INTO main.patch_file(item_id, idx, change, old_path, new_path, old_mode, new_mode, similarity, "
                      "old_index, new_index, is_binary, is_symlink, is_submodule, offset, length, added, deleted, hunk_count) "
                      "SELECT ?1, idx, change, old_path, new_path, old_mode, new_mode, similarity, old_index, new_index, "
                      "is_binary, is_symlink, is_submodule, offset, length, added, deleted, hunk_count FROM o.patch_file "
                      "WHERE item_id = (SELECT id FROM o.item WHERE uuid = ?2) ORDER BY idx");
        Stmt hunks(d, "INSERT INTO main.patch_hunk(file_id, idx, old_start, old_count, new_start, new_count, heading, "
                      "offset, length, added, deleted) SELECT mf.id, h.idx, h.old_start, h.old_count, h.new_start, "
                      "h.new_count, h.heading, h.offset, h.length, h.added, h.deleted FROM o.patch_hunk h "
                      "JOIN o.patch_file f ON f.id = h.file_id JOIN main.patch_file mf ON mf.item_id = ?1 AND mf.idx = f.idx "
                      "WHERE f.item_id = (SELECT id FROM o.item WHERE uuid = ?2)");
        Stmt chunks(d, "INSERT INTO main.patch_chunk(item_id, seq, data) SELECT ?1, seq, data FROM o.patch_chunk "
                       "WHERE item_id = (SELECT id FROM o.item WHERE uuid = ?2) ORDER BY seq");
        Stmt original(d, "INSERT INTO main.patch_original(item_id, data) SELECT ?1, data FROM o.patch_original "
                         "WHERE item_id = (SELECT id FROM o.item WHERE uuid = ?2)");
        Stmt bug(d, "INSERT INTO main.bug_report(item_id, title, body, comments, labels, state, url) "
                    "SELECT ?1, title, body, comments, labels, state, url FROM o.bug_report "
                    "WHERE item_id = (SELECT id FROM o.item WHERE uuid = ?2)");
        QList<Stmt *> parts;
        if (patch) {
            parts << &header << &files << &hunks << &chunks << &original;
        }
        if (bugReport) {
            parts << &bug;
        }
        for (Stmt *s : std::as_const(parts)) {
            if (!s->bind(1, id).bind(2, uuid).exec()) {
                return false;
            }
        }
        return true;
    }

    bool items()
    {
        QList<std::pair<QUuid, QString>> rows;
        {
            Stmt q(d, "SELECT uuid, repository || '@' || ref FROM o.item WHERE uuid NOT IN (SELECT uuid FROM main.item) "
                      "AND uuid NOT IN (SELECT uuid FROM main.tombstone) ORDER BY id");
            while (q.next()) {
                rows.append({q.uuid(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[uuid, key] : std::as_const(rows)) {
            {
                Stmt taken(d, "SELECT 1 FROM main.item m JOIN o.item x ON x.kind = m.kind AND x.repository = m.repository "
                              "AND x.ref = m.ref WHERE x.uuid = ?");
                if (taken.bind(1, uuid).next()) {
                    add(u"conflict"_s, u"item"_s, uuid,
                        u"item %1 is here under another uuid: the incoming copy (and its findings) was left out"_s.arg(key));
                    continue;
                }
            }
            Stmt q(d, "INSERT INTO main.item(id, uuid, kind, repository, ref, title, author, date, dataset_id, round, metadata, "
                      "files, hunks, binary_files, lines_added, lines_deleted, bytes, modified) "
                      "SELECT " MERGE_NEXT_ID("item") ", x.uuid, x.kind, x.repository, x.ref, x.title, x.author, x.date, "
                      "(SELECT md.id FROM o.dataset od JOIN main.dataset md ON md.uuid = od.uuid WHERE od.id = x.dataset_id), "
                      "x.round, x.metadata, x.files, x.hunks, x.binary_files, x.lines_added, x.lines_deleted, x.bytes, x.modified "
                      "FROM o.item x WHERE x.uuid = ?");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            const ItemId id = sqlite3_last_insert_rowid(d->db);
            if (!copyContent(id, uuid, true, true)) {
                return false;
            }
            if (!indexItem(id)) {
                return false;
            }
            add(u"add"_s, u"item"_s, uuid, key);
        }
        // Items both copies have, whose patch or bug report only the other copy imported.
        struct Missing
        {
            ItemId id;
            QUuid uuid;
            QString key;
            bool patch, bug;
        };
        QList<Missing> missing;
        {
            Stmt q(d, "SELECT m.id, m.uuid, m.repository || '@' || m.ref, "
                      "NOT EXISTS (SELECT 1 FROM main.patch_chunk WHERE item_id = m.id) "
                      "AND EXISTS (SELECT 1 FROM o.patch_chunk WHERE item_id = x.id), "
                      "NOT EXISTS (SELECT 1 FROM main.bug_report WHERE item_id = m.id) "
                      "AND EXISTS (SELECT 1 FROM o.bug_report WHERE item_id = x.id) "
                      "FROM main.item m JOIN o.item x ON x.uuid = m.uuid ORDER BY m.uuid");
            while (q.next()) {
                if (q.boolean(3) || q.boolean(4)) {
                    missing.append({q.int64(0), q.uuid(1), q.text(2), q.boolean(3), q.boolean(4)});
                }
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const Missing &m : std::as_const(missing)) {
            if (m.patch) {
                // Files left by a header-only import would collide with the incoming ones.
                Stmt clearFiles(d, "DELETE FROM main.patch_file WHERE item_id = ?");
                Stmt clearHeader(d, "DELETE FROM main.patch_header WHERE item_id = ?");
                Stmt clearOriginal(d, "DELETE FROM main.patch_original WHERE item_id = ?");
                Stmt stats(d, "UPDATE main.item SET (files, hunks, binary_files, lines_added, lines_deleted, bytes) = "
                              "(SELECT files, hunks, binary_files, lines_added, lines_deleted, bytes FROM o.item WHERE uuid = ?2) "
                              "WHERE id = ?1");
                if (!clearFiles.bind(1, m.id).exec() || !clearHeader.bind(1, m.id).exec() || !clearOriginal.bind(1, m.id).exec()
                    || !stats.bind(1, m.id).bind(2, m.uuid).exec()) {
                    return false;
                }
            }
            if (!copyContent(m.id, m.uuid, m.patch, m.bug) || !indexItem(m.id)) {
                return false;
            }
            add(u"update"_s, u"item"_s, m.uuid,
                u"%1: %2 imported in the other copy only"_s.arg(m.key, m.patch ? u"patch content"_s : u"bug report"_s));
        }
        // Items both copies have: what updateItem edits, the later edit wins. (Content is
        // the import's and the same in every copy.)
        QList<std::pair<ItemId, QString>> newer;
        {
            Stmt q(d, "SELECT m.id, m.repository || '@' || m.ref FROM main.item m JOIN o.item x ON x.uuid = m.uuid "
                      "WHERE x.modified > m.modified AND (x.title IS NOT m.title OR x.author IS NOT m.author "
                      "OR x.date IS NOT m.date OR x.round IS NOT m.round OR x.metadata IS NOT m.metadata "
                      "OR (SELECT uuid FROM o.dataset WHERE id = x.dataset_id) IS NOT "
                      "(SELECT uuid FROM main.dataset WHERE id = m.dataset_id)) ORDER BY m.uuid");
            while (q.next()) {
                newer.append({q.int64(0), q.text(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[id, key] : std::as_const(newer)) {
            Stmt q(d, "UPDATE main.item SET (title, author, date, round, metadata, dataset_id, modified) = "
                      "(SELECT x.title, x.author, x.date, x.round, x.metadata, (SELECT md.id FROM o.dataset od "
                      "JOIN main.dataset md ON md.uuid = od.uuid WHERE od.id = x.dataset_id), x.modified "
                      "FROM o.item x JOIN main.item m ON m.uuid = x.uuid WHERE m.id = ?1) WHERE id = ?1");
            Stmt title(d, "SELECT title FROM main.item WHERE id = ?");
            if (!q.bind(1, id).exec() || !title.bind(1, id).next()
                || !d->indexText(id, ProjectPrivate::SlotTitle, title.text(0))) {
                return false;
            }
            Stmt uuid(d, "SELECT uuid FROM main.item WHERE id = ?");
            add(u"update"_s, u"item"_s, uuid.bind(1, id).next() ? uuid.uuid(0) : QUuid(),
                u"item %1 was edited later in the other copy: its title, author, date, round, dataset and metadata taken"_s.arg(key));
        }
        return true;
    }

    // The labels of one finding or reconciled finding as one comparable text, from either
    // copy (schema "main" or "o"): values and comments named by their uuids.
    static QByteArray signatureSql(const char *schema, bool reconciled)
    {
        QByteArray sql = reconciled
            ? "SELECT r.should_discuss || ',' || r.decision || ',' || r.rationale || ',' || r.ordinal || ',' || "
              "coalesce((SELECT uuid FROM S.rater WHERE id = r.decided_by), '') || ',' || coalesce(r.decided_at, '') || '|' || "
              "coalesce((SELECT group_concat(x, ';') FROM (SELECT d.uuid || '=' || v.uuid AS x FROM S.reconciled_value rv "
              "JOIN S.dimension d ON d.id = rv.dimension_id JOIN S.value v ON v.id = rv.value_id "
              "WHERE rv.reconciled_id = r.id ORDER BY x)), '') || '|' || "
              "coalesce((SELECT group_concat(x, ';') FROM (SELECT d.uuid || '=' || c.text AS x FROM S.reconciled_comment c "
              "JOIN S.dimension d ON d.id = c.dimension_id WHERE c.reconciled_id = r.id ORDER BY x)), '') || '|' || "
              "coalesce((SELECT group_concat(x, ';') FROM (SELECT finding_uuid AS x FROM S.reconciled_source "
              "WHERE reconciled_id = r.id ORDER BY x)), ''), r.modified FROM S.reconciled r WHERE r.uuid = ?"
            : "SELECT f.should_discuss || ',' || f.unsure || ',' || f.ordinal || '|' || "
              "coalesce((SELECT group_concat(x, ';') FROM (SELECT d.uuid || '=' || v.uuid AS x FROM S.finding_value fv "
              "JOIN S.dimension d ON d.id = fv.dimension_id JOIN S.value v ON v.id = fv.value_id "
              "WHERE fv.finding_id = f.id ORDER BY x)), '') || '|' || "
              "coalesce((SELECT group_concat(x, ';') FROM (SELECT d.uuid || '=' || c.text AS x FROM S.finding_comment c "
              "JOIN S.dimension d ON d.id = c.dimension_id WHERE c.finding_id = f.id ORDER BY x)), ''), f.modified "
              "FROM S.finding f WHERE f.uuid = ?";
        sql.replace("S.", QByteArray(QByteArray(schema) + '.'));
        if (qstrcmp(schema, "o") == 0) {
            // The other copy's labels as they will read here: a value merged into another
            // here stands for the one it went into (followMerges moves it there), so a
            // finding relabelled only by that merge does not differ.
            sql.replace("d.uuid || '=' || v.uuid AS x",
                        "DISTINCT d.uuid || '=' || coalesce((SELECT mi.uuid FROM main.value mv JOIN main.value mi "
                        "ON mi.id = mv.merged_into WHERE mv.uuid = v.uuid), v.uuid) AS x");
        }
        return sql;
    }

    bool copyLabels(bool reconciled, qint64 id, const QUuid &uuid)
    {
        if (reconciled) {
            Stmt a(d, "DELETE FROM main.reconciled_value WHERE reconciled_id = ?");
            Stmt b(d, "DELETE FROM main.reconciled_comment WHERE reconciled_id = ?");
            Stmt c(d, "DELETE FROM main.reconciled_source WHERE reconciled_id = ?");
            if (!a.bind(1, id).exec() || !b.bind(1, id).exec() || !c.bind(1, id).exec()) {
                return false;
            }
            Stmt v(d, "INSERT OR IGNORE INTO main.reconciled_value(reconciled_id, dimension_id, value_id) "
                      "SELECT ?1, md.id, mv.id FROM o.reconciled_value rv JOIN o.reconciled r ON r.id = rv.reconciled_id "
                      "JOIN o.dimension od ON od.id = rv.dimension_id JOIN main.dimension md ON md.uuid = od.uuid "
                      "JOIN o.value ov ON ov.id = rv.value_id JOIN main.value mv ON mv.uuid = ov.uuid AND mv.dimension_id = md.id "
                      "WHERE r.uuid = ?2");
            Stmt cm(d, "INSERT OR IGNORE INTO main.reconciled_comment(reconciled_id, dimension_id, text) "
                       "SELECT ?1, md.id, c.text FROM o.reconciled_comment c JOIN o.reconciled r ON r.id = c.reconciled_id "
                       "JOIN o.dimension od ON od.id = c.dimension_id JOIN main.dimension md ON md.uuid = od.uuid WHERE r.uuid = ?2");
            Stmt s(d, "INSERT OR IGNORE INTO main.reconciled_source(reconciled_id, finding_uuid) "
                      "SELECT ?1, s.finding_uuid FROM o.reconciled_source s JOIN o.reconciled r ON r.id = s.reconciled_id "
                      "WHERE r.uuid = ?2");
            return v.bind(1, id).bind(2, uuid).exec() && cm.bind(1, id).bind(2, uuid).exec() && s.bind(1, id).bind(2, uuid).exec();
        }
        Stmt a(d, "DELETE FROM main.finding_value WHERE finding_id = ?");
        Stmt b(d, "DELETE FROM main.finding_comment WHERE finding_id = ?");
        if (!a.bind(1, id).exec() || !b.bind(1, id).exec()) {
            return false;
        }
        Stmt v(d, "INSERT OR IGNORE INTO main.finding_value(finding_id, dimension_id, value_id) "
                  "SELECT ?1, md.id, mv.id FROM o.finding_value fv JOIN o.finding f ON f.id = fv.finding_id "
                  "JOIN o.dimension od ON od.id = fv.dimension_id JOIN main.dimension md ON md.uuid = od.uuid "
                  "JOIN o.value ov ON ov.id = fv.value_id JOIN main.value mv ON mv.uuid = ov.uuid AND mv.dimension_id = md.id "
                  "WHERE f.uuid = ?2");
        Stmt cm(d, "INSERT OR IGNORE INTO main.finding_comment(finding_id, dimension_id, text) "
                   "SELECT ?1, md.id, c.text FROM o.finding_comment c JOIN o.finding f ON f.id = c.finding_id "
                   "JOIN o.dimension od ON od.id = c.dimension_id JOIN main.dimension md ON md.uuid = od.uuid WHERE f.uuid = ?2");
        return v.bind(1, id).bind(2, uuid).exec() && cm.bind(1, id).bind(2, uuid).exec();
    }

    bool findingsOf(bool reconciled)
    {
        const QString entity = reconciled ? u"reconciled"_s : u"finding"_s;
        QList<QUuid> fresh;
        {
            Stmt q = reconciled
                ? Stmt(d, "SELECT r.uuid FROM o.reconciled r JOIN o.item oi ON oi.id = r.item_id JOIN main.item mi ON mi.uuid = oi.uuid "
                          "WHERE r.uuid NOT IN (SELECT uuid FROM main.reconciled) AND r.uuid NOT IN (SELECT uuid FROM main.tombstone) "
                          "ORDER BY r.id")
                : Stmt(d, "SELECT f.uuid FROM o.finding f JOIN o.item oi ON oi.id = f.item_id JOIN main.item mi ON mi.uuid = oi.uuid "
                          "JOIN o.rater orr ON orr.id = f.rater_id JOIN main.rater mr ON mr.uuid = orr.uuid "
                          "WHERE f.uuid NOT IN (SELECT uuid FROM main.finding) AND f.uuid NOT IN (SELECT uuid FROM main.tombstone) "
                          "ORDER BY f.id");
            while (q.next()) {
                fresh.append(q.uuid(0));
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const QUuid &uuid : std::as_const(fresh)) {
            Stmt q = reconciled
                ? Stmt(d, "INSERT INTO main.reconciled(id, uuid, item_id, ordinal, should_discuss, decision, rationale, decided_by, "
                          "decided_at, modified) SELECT " MERGE_NEXT_ID("reconciled") ", r.uuid, mi.id, r.ordinal, r.should_discuss, "
                          "r.decision, r.rationale, (SELECT mr.id FROM o.rater orr JOIN main.rater mr ON mr.uuid = orr.uuid "
                          "WHERE orr.id = r.decided_by), r.decided_at, r.modified FROM o.reconciled r "
                          "JOIN o.item oi ON oi.id = r.item_id JOIN main.item mi ON mi.uuid = oi.uuid WHERE r.uuid = ?")
                : Stmt(d, "INSERT INTO main.finding(id, uuid, item_id, rater_id, ordinal, should_discuss, unsure, created, modified) "
                          "SELECT " MERGE_NEXT_ID("finding") ", f.uuid, mi.id, mr.id, f.ordinal, f.should_discuss, f.unsure, "
                          "f.created, f.modified FROM o.finding f JOIN o.item oi ON oi.id = f.item_id "
                          "JOIN main.item mi ON mi.uuid = oi.uuid JOIN o.rater orr ON orr.id = f.rater_id "
                          "JOIN main.rater mr ON mr.uuid = orr.uuid WHERE f.uuid = ?");
            if (!q.bind(1, uuid).exec()) {
                return false;
            }
            if (!copyLabels(reconciled, sqlite3_last_insert_rowid(d->db), uuid)) {
                return false;
            }
            add(u"add"_s, entity, uuid);
        }
        // Both copies have it: compare labels; when they differ the later edit wins.
        QList<std::pair<qint64, QUuid>> common;
        {
            Stmt q = reconciled ? Stmt(d, "SELECT m.id, m.uuid FROM main.reconciled m JOIN o.reconciled x ON x.uuid = m.uuid ORDER BY m.uuid")
                                : Stmt(d, "SELECT m.id, m.uuid FROM main.finding m JOIN o.finding x ON x.uuid = m.uuid ORDER BY m.uuid");
            while (q.next()) {
                common.append({q.int64(0), q.uuid(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        const QByteArray ourSql = signatureSql("main", reconciled);
        const QByteArray theirSql = signatureSql("o", reconciled);
        for (const auto &[id, uuid] : std::as_const(common)) {
            Stmt ours(d, ourSql);
            if (!ours.bind(1, uuid).next()) {
                return false;
            }
            const QString ourSig = ours.text(0);
            const QString ourTime = ours.text(1);
            Stmt theirs(d, theirSql);
            if (!theirs.bind(1, uuid).next()) {
                return false;
            }
            const QString theirSig = theirs.text(0);
            const QString theirTime = theirs.text(1);
            if (ourSig == theirSig) {
                if (theirTime > ourTime) {
                    // Same labels, a later time (an edit that was undone, a re-save): keep the later time.
                    Stmt t = reconciled ? Stmt(d, "UPDATE main.reconciled SET modified = ? WHERE id = ?")
                                        : Stmt(d, "UPDATE main.finding SET modified = ? WHERE id = ?");
                    if (!t.bind(1, theirTime).bind(2, id).exec()) {
                        return false;
                    }
                    add(u"update"_s, entity, uuid, u"same labels, later modification time %1 taken"_s.arg(theirTime));
                }
                continue;
            }
            // Equal times with different labels: the larger signature wins, so both
            // directions of a merge decide alike.
            const bool theirsWin = theirTime > ourTime || (theirTime == ourTime && theirSig > ourSig);
            if (theirsWin) {
                Stmt u = reconciled
                    ? Stmt(d, "UPDATE main.reconciled SET (ordinal, should_discuss, decision, rationale, decided_by, decided_at, "
                              "modified) = (SELECT r.ordinal, r.should_discuss, r.decision, r.rationale, (SELECT mr.id FROM "
                              "o.rater orr JOIN main.rater mr ON mr.uuid = orr.uuid WHERE orr.id = r.decided_by), r.decided_at, "
                              "r.modified FROM o.reconciled r WHERE r.uuid = ?1) WHERE uuid = ?1")
                    : Stmt(d, "UPDATE main.finding SET (ordinal, should_discuss, unsure, modified) = (SELECT f.ordinal, "
                              "f.should_discuss, f.unsure, f.modified FROM o.finding f WHERE f.uuid = ?1) WHERE uuid = ?1");
                if (!u.bind(1, uuid).exec() || !copyLabels(reconciled, id, uuid)) {
                    return false;
                }
            }
            // Edited in both copies when each log has an edit of it the other lacks (the
            // logs are shared by merges, so an edit already merged is in both).
            // (Correlated on entity_uuid, which both logs index.)
            Stmt oursEdited(d, "SELECT 1 FROM main.audit m WHERE m.entity_uuid = ?1 AND NOT EXISTS "
                               "(SELECT 1 FROM o.audit x WHERE x.entity_uuid = ?1 AND x.uuid = m.uuid) LIMIT 1");
            Stmt theirsEdited(d, "SELECT 1 FROM o.audit x WHERE x.entity_uuid = ?1 AND NOT EXISTS "
                                 "(SELECT 1 FROM main.audit m WHERE m.entity_uuid = ?1 AND m.uuid = x.uuid) LIMIT 1");
            const bool both = oursEdited.bind(1, uuid).next() && theirsEdited.bind(1, uuid).next();
            if (both) {
                add(u"conflict"_s, entity, uuid,
                    u"edited in both copies (last here %1, in the other copy %2): the later edit wins, %3 was kept"_s.arg(
                        ourTime, theirTime, theirsWin ? u"the other copy's"_s : u"this copy's"_s),
                    theirsWin);
            } else if (theirsWin) {
                add(u"update"_s, entity, uuid, u"edited in the other copy (%1, here %2)"_s.arg(theirTime, ourTime));
            }
            // else: the other copy holds an older state of this one's edit: nothing to do.
        }
        return true;
    }

    bool findings() { return findingsOf(false); }
    bool reconciled() { return findingsOf(true); }

    // Labels of the other copy in a dimension this project does not take (deleted here,
    // so the deletion wins; or another dimension here has its key) cannot come along:
    // each such dimension is a conflict that says how many labels stayed out. Nothing is
    // written, so a later merge of the same file reports it again.
    bool labelsLeftOut()
    {
        struct Left
        {
            QUuid uuid;
            QString key;
            bool deletedHere;
            qint64 labels;
            qint64 findings;
        };
        QList<Left> rows;
        {
            Stmt q(d, "SELECT od.uuid, od.key, od.uuid IN (SELECT uuid FROM main.tombstone), "
                      "(SELECT count(*) FROM o.finding_value WHERE dimension_id = od.id) "
                      "+ (SELECT count(*) FROM o.finding_comment WHERE dimension_id = od.id) "
                      "+ (SELECT count(*) FROM o.reconciled_value WHERE dimension_id = od.id) "
                      "+ (SELECT count(*) FROM o.reconciled_comment WHERE dimension_id = od.id), "
                      "(SELECT count(DISTINCT finding_id) FROM (SELECT finding_id FROM o.finding_value WHERE dimension_id = od.id "
                      "UNION ALL SELECT finding_id FROM o.finding_comment WHERE dimension_id = od.id)) "
                      "+ (SELECT count(DISTINCT reconciled_id) FROM (SELECT reconciled_id FROM o.reconciled_value "
                      "WHERE dimension_id = od.id UNION ALL SELECT reconciled_id FROM o.reconciled_comment "
                      "WHERE dimension_id = od.id)) "
                      "FROM o.dimension od WHERE od.uuid NOT IN (SELECT uuid FROM main.dimension) ORDER BY od.uuid");
            while (q.next()) {
                rows.append({q.uuid(0), q.text(1), q.boolean(2), q.int64(3), q.int64(4)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const Left &left : std::as_const(rows)) {
            if (left.labels == 0 && !left.deletedHere) {
                continue; // a key clash without labels: dimensions() reported it
            }
            const QString why = left.deletedHere ? u"was deleted in this copy (the deletion wins)"_s
                                                 : u"is not in this project (another dimension here has its key)"_s;
            add(u"conflict"_s, u"dimension"_s, left.uuid,
                u"dimension \"%1\" of the other copy %2: its %3 label(s) on %4 finding(s) there were not brought in"_s
                    .arg(left.key, why)
                    .arg(left.labels)
                    .arg(left.findings),
                false);
        }
        return true;
    }

    bool doneMarks()
    {
        QList<std::pair<QUuid, QUuid>> rows;
        {
            Stmt q(d, "SELECT oi.uuid, orr.uuid FROM o.rater_item x JOIN o.item oi ON oi.id = x.item_id "
                      "JOIN o.rater orr ON orr.id = x.rater_id JOIN main.item mi ON mi.uuid = oi.uuid "
                      "JOIN main.rater mr ON mr.uuid = orr.uuid "
                      "LEFT JOIN main.rater_item m ON m.item_id = mi.id AND m.rater_id = mr.id "
                      "WHERE m.item_id IS NULL OR (x.modified > m.modified AND x.done <> m.done) ORDER BY oi.uuid, orr.uuid");
            while (q.next()) {
                rows.append({q.uuid(0), q.uuid(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[item, rater] : std::as_const(rows)) {
            Stmt q(d, "INSERT OR REPLACE INTO main.rater_item(item_id, rater_id, done, modified) "
                      "SELECT mi.id, mr.id, x.done, x.modified FROM o.rater_item x JOIN o.item oi ON oi.id = x.item_id "
                      "JOIN o.rater orr ON orr.id = x.rater_id JOIN main.item mi ON mi.uuid = oi.uuid "
                      "JOIN main.rater mr ON mr.uuid = orr.uuid WHERE oi.uuid = ?1 AND orr.uuid = ?2");
            if (!q.bind(1, item).bind(2, rater).exec()) {
                return false;
            }
            add(u"update"_s, u"done"_s, item, u"rater %1's done mark (the later one)"_s.arg(rater.toString(QUuid::WithoutBraces)));
        }
        return true;
    }

    // A deletion wins: records this copy still has that a tombstone names are deleted.
    bool applyTombstones()
    {
        struct Kind
        {
            const char *select;
            const char *remove;
            QString entity;
        };
        const Kind kinds[] = {
            {"SELECT uuid FROM main.reconciled WHERE uuid IN (SELECT uuid FROM main.tombstone) ORDER BY uuid",
             "DELETE FROM main.reconciled WHERE uuid = ?", u"reconciled"_s},
            {"SELECT uuid FROM main.finding WHERE uuid IN (SELECT uuid FROM main.tombstone) ORDER BY uuid",
             "DELETE FROM main.finding WHERE uuid = ?", u"finding"_s},
            {"SELECT uuid FROM main.rater WHERE uuid IN (SELECT uuid FROM main.tombstone) ORDER BY uuid",
             "DELETE FROM main.rater WHERE uuid = ?", u"rater"_s},
            // Only values nobody uses (as Project::removeValue): a used one stays, reported.
            {"SELECT uuid FROM main.value v WHERE uuid IN (SELECT uuid FROM main.tombstone) "
             "AND NOT EXISTS (SELECT 1 FROM main.finding_value WHERE value_id = v.id) "
             "AND NOT EXISTS (SELECT 1 FROM main.reconciled_value WHERE value_id = v.id) "
             "AND NOT EXISTS (SELECT 1 FROM main.value c WHERE c.parent_id = v.id OR c.merged_into = v.id) ORDER BY uuid",
             "DELETE FROM main.value WHERE uuid = ?", u"value"_s},
        };
        for (const Kind &kind : kinds) {
            QList<QUuid> uuids;
            {
                Stmt q(d, kind.select);
                while (q.next()) {
                    uuids.append(q.uuid(0));
                }
                if (q.failed()) {
                    return false;
                }
            }
            for (const QUuid &uuid : std::as_const(uuids)) {
                Stmt q(d, kind.remove);
                if (!q.bind(1, uuid).exec()) {
                    return false;
                }
                add(u"delete"_s, kind.entity, uuid, u"deleted in the other copy"_s);
            }
        }
        QList<std::pair<ItemId, QUuid>> items;
        {
            Stmt q(d, "SELECT id, uuid FROM main.item WHERE uuid IN (SELECT uuid FROM main.tombstone) ORDER BY uuid");
            while (q.next()) {
                items.append({q.int64(0), q.uuid(1)});
            }
            if (q.failed()) {
                return false;
            }
        }
        for (const auto &[id, uuid] : std::as_const(items)) {
            Stmt q(d, "DELETE FROM main.item WHERE id = ?");
            if (!d->unindexItem(id) || !q.bind(1, id).exec()) {
                return false;
            }
            add(u"delete"_s, u"item"_s, uuid, u"deleted in the other copy"_s);
        }
        Stmt used(d, "SELECT uuid, name FROM main.value v WHERE uuid IN (SELECT uuid FROM main.tombstone) ORDER BY uuid");
        while (used.next()) {
            add(u"conflict"_s, u"value"_s, used.uuid(0),
                u"value \"%1\" was removed in one copy but is used in the other: it was kept"_s.arg(used.text(1)));
        }
        return !used.failed();
    }

    // Every use of a merged value (incoming ones too) moves to the value it was merged into.
    bool followMerges()
    {
        for (int round = 0; round < 16; ++round) {
            qint64 moved = 0;
            Stmt a(d, "INSERT OR IGNORE INTO main.finding_value(finding_id, dimension_id, value_id) "
                      "SELECT fv.finding_id, fv.dimension_id, v.merged_into FROM main.finding_value fv "
                      "JOIN main.value v ON v.id = fv.value_id WHERE v.merged_into IS NOT NULL");
            Stmt b(d, "DELETE FROM main.finding_value WHERE value_id IN (SELECT id FROM main.value WHERE merged_into IS NOT NULL)");
            if (!a.exec() || !b.exec()) {
                return false;
            }
            moved += sqlite3_changes(d->db);
            Stmt c(d, "INSERT OR IGNORE INTO main.reconciled_value(reconciled_id, dimension_id, value_id) "
                      "SELECT rv.reconciled_id, rv.dimension_id, v.merged_into FROM main.reconciled_value rv "
                      "JOIN main.value v ON v.id = rv.value_id WHERE v.merged_into IS NOT NULL");
            Stmt e(d, "DELETE FROM main.reconciled_value WHERE value_id IN (SELECT id FROM main.value WHERE merged_into IS NOT NULL)");
            if (!c.exec() || !e.exec()) {
                return false;
            }
            moved += sqlite3_changes(d->db);
            if (moved == 0) {
                return true;
            }
            add(u"conflict"_s, u"value"_s, QUuid(),
                u"%1 use(s) of values merged into others (in either copy) moved to the value they were merged into"_s.arg(moved));
        }
        return true;
    }

    bool auditEntries()
    {
        QList<QUuid> uuids;
        {
            Stmt q(d, "SELECT uuid FROM o.audit WHERE uuid <> '' AND uuid NOT IN (SELECT uuid FROM main.audit) ORDER BY at, id");
            while (q.next()) {
                uuids.append(q.uuid(0));
            }
            if (q.failed()) {
                return false;
            }
        }
        Stmt ins(d, "INSERT INTO main.audit(uuid, at, who, rater_uuid, action, entity, entity_uuid, before, after) "
                    "SELECT uuid, at, who, rater_uuid, action, entity, entity_uuid, before, after FROM o.audit "
                    "WHERE uuid <> '' AND uuid NOT IN (SELECT uuid FROM main.audit) ORDER BY at, id");
        if (!ins.exec()) {
            return false;
        }
        for (const QUuid &uuid : std::as_const(uuids)) {
            add(u"add"_s, u"audit"_s, uuid);
        }
        return true;
    }
};

QString nextBackupPath(const QString &path)
{
    const QString base = path + u".before-merge.bak"_s;
    if (!QFileInfo::exists(base)) {
        return base;
    }
    for (int n = 2;; ++n) {
        const QString candidate = base + u'.' + QString::number(n);
        if (!QFileInfo::exists(candidate)) {
            return candidate;
        }
    }
}

// A consistent copy of a connection's main database (WAL content included) at target.
bool copyDatabase(sqlite3 *from, const QString &target, QString *cause)
{
    sqlite3 *out = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(target).constData(), &out,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK) {
        *cause = QString::fromUtf8(sqlite3_errmsg(out));
        sqlite3_close(out);
        return false;
    }
    sqlite3_backup *backup = sqlite3_backup_init(out, "main", from, "main");
    int rc = backup ? SQLITE_OK : SQLITE_ERROR;
    // In slices of 4 MiB (at 4 KiB pages), so that a CancelScope stops a copy of a large
    // file at once. Each slice reads what is committed; should another connection commit
    // between two slices, the backup starts again and the copy is still consistent.
    while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (CancelScope::cancelled()) {
            rc = SQLITE_INTERRUPT;
            break;
        }
        rc = sqlite3_backup_step(backup, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(5);
        }
    }
    if (backup) {
        sqlite3_backup_finish(backup);
    }
    if (rc != SQLITE_DONE) {
        *cause = rc == SQLITE_INTERRUPT ? u"interrupted"_s : QString::fromUtf8(sqlite3_errmsg(out));
        sqlite3_close(out);
        return false;
    }
    // The backup takes the source's journal mode (WAL): fold it into the file.
    sqlite3_exec(out, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    return sqlite3_close(out) == SQLITE_OK;
}

} // namespace

std::optional<MergeReport> Project::planMerge(const QString &otherPath, QString *error, const QString &keepValidatedCopy)
{
    return merge(otherPath, false, error, keepValidatedCopy, false);
}

std::optional<MergeReport> Project::applyMerge(const QString &otherPath, QString *error, const QString &validatedCopy)
{
    return merge(otherPath, true, error, validatedCopy, !validatedCopy.isEmpty());
}

std::optional<MergeReport> Project::merge(const QString &otherPath, bool apply, QString *error, const QString &copyPath,
                                          bool validated)
{
    const QString shown = QDir::toNativeSeparators(otherPath);
    const QString ours = QDir::toNativeSeparators(d->path);
    auto failWith = [&](const QString &message) -> std::optional<MergeReport> {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    if (d->readOnly) {
        return failWith(u"%1 is open read-only: cannot merge into it."_s.arg(ours));
    }
    if (QFileInfo(otherPath).canonicalFilePath() == QFileInfo(d->path).canonicalFilePath()) {
        return failWith(u"Cannot merge %1 into itself. The project is unchanged."_s.arg(shown));
    }
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        return failWith(u"Cannot merge %1: no temporary folder (%2). The project is unchanged."_s.arg(shown, scratch.errorString()));
    }
    const QString copy = copyPath.isEmpty() ? scratch.filePath(u"other.concord"_s) : copyPath;
    if (validated) {
        // Checked by the plan that kept it (below), and private to this process since.
        if (!QFileInfo(copy).isFile()) {
            return failWith(u"Cannot merge %1: its checked copy %2 is gone. The project is unchanged."_s.arg(
                shown, QDir::toNativeSeparators(copy)));
        }
    } else {
        // The other file is untrusted input: every check of open(), read-only.
        QString cause;
        OpenFailure failure = OpenFailure::None;
        auto other = Project::open(otherPath, Project::ReadOnly, &cause, &failure);
        if (!other) {
            return failWith(u"Cannot merge %1: %2 The project %3 is unchanged."_s.arg(shown, cause, ours));
        }
        if (other->projectUuid().isNull() || other->projectUuid() != projectUuid()) {
            return failWith(u"Cannot merge %1: it is another project (project uuid %2, this one's is %3), not a copy of %4. "
                            "The project is unchanged."_s.arg(shown, other->projectUuid().toString(QUuid::WithoutBraces),
                                                            projectUuid().toString(QUuid::WithoutBraces), ours));
        }
        if (other->metadata(u"patch_chunk_size"_s) != metadata(u"patch_chunk_size"_s)) {
            return failWith(u"Cannot merge %1: it stores patch bytes in chunks of another size. The project is unchanged."_s.arg(shown));
        }
        if (!copyDatabase(other->d->db, copy, &cause)) {
            return failWith(u"Cannot read %1: %2. The project is unchanged."_s.arg(shown, cause));
        }
    }
    {
        Stmt q(d.get(), "ATTACH DATABASE ? AS o");
        if (!q.bind(1, copy).exec()) {
            return failWith(u"Cannot read %1: %2. The project is unchanged."_s.arg(shown, d->lastError));
        }
    }
    struct Detach
    {
        ProjectPrivate *d;
        ~Detach()
        {
            // Statements that name o must go before it can be detached.
            for (auto it = d->statements.begin(); it != d->statements.end();) {
                if (!it->busy) {
                    sqlite3_finalize(it->stmt);
                    it = d->statements.erase(it);
                } else {
                    ++it;
                }
            }
            d->assembled.clear();
            sqlite3_exec(d->db, "DETACH DATABASE o", nullptr, nullptr, nullptr);
        }
    } detach{d.get()};
    {
        Stmt v(d.get(), "PRAGMA o.user_version");
        if (!v.next() || v.integer(0) != Project::schemaVersion()) {
            return failWith(u"Cannot merge %1: it has schema %2 and this project %3; open it once with this Concord to "
                            "bring it up to date. The project is unchanged."_s.arg(shown).arg(v.integer(0)).arg(Project::schemaVersion()));
        }
    }

    MergeReport report;
    {
        // The plan: the merge itself, rolled back.
        Transaction tx(d.get());
        if (!tx.isValid() || !Merger(d.get(), &report).run()) {
            return failWith(u"Could not merge %1 into %2: %3. The project is unchanged."_s.arg(
                shown, ours, d->lastError.isEmpty() ? u"unknown error"_s : d->lastError));
        }
    }
    if (!apply || report.isNoOp()) {
        return report;
    }
    const QString backup = nextBackupPath(d->path);
    {
        QString cause;
        if (!copyDatabase(d->db, backup, &cause)) {
            QFile::remove(backup);
            return failWith(u"Cannot back up %1 to %2 before merging: %3. The project is unchanged."_s.arg(
                ours, QDir::toNativeSeparators(backup), cause));
        }
    }
    MergeReport done;
    done.backupPath = backup;
    Transaction tx(d.get());
    bool ok = tx.isValid() && Merger(d.get(), &done).run();
    if (ok && done.substantive() > 0) {
        QJsonObject after{{u"from"_s, QFileInfo(otherPath).fileName()},
                          {u"added"_s, done.count(u"add"_s)},
                          {u"updated"_s, done.count(u"update"_s)},
                          {u"deleted"_s, done.count(u"delete"_s)},
                          {u"conflicts"_s, done.count(u"conflict"_s)},
                          {u"backup"_s, QFileInfo(backup).fileName()}};
        ok = d->audit(u"project.merge"_s, u"project"_s, projectUuid(), {}, after);
    }
    if (!ok || !tx.commit()) {
        return failWith(u"Could not merge %1 into %2: %3. The project is unchanged (a copy of it is at %4)."_s.arg(
            shown, ours, d->lastError.isEmpty() ? u"unknown error"_s : d->lastError, QDir::toNativeSeparators(backup)));
    }
    return done;
}

bool Project::writeSnapshot(const QString &path, QString *error) const
{
    QString cause;
    if (!copyDatabase(d->db, path, &cause)) {
        QFile::remove(path);
        if (error) {
            *error = u"Cannot copy %1 to %2: %3."_s.arg(QDir::toNativeSeparators(d->path), QDir::toNativeSeparators(path), cause);
        }
        return false;
    }
    return true;
}

bool Project::restoreSnapshot(const QString &path, QString *error)
{
    auto failWith = [&](const QString &cause) {
        if (error) {
            *error = u"Cannot restore %1 from %2: %3. The project is unchanged."_s.arg(QDir::toNativeSeparators(d->path),
                                                                                       QDir::toNativeSeparators(path), cause);
        }
        return false;
    };
    if (d->readOnly) {
        return failWith(u"it is open read-only"_s);
    }
    sqlite3 *source = nullptr;
    const int opened = sqlite3_open_v2(QFile::encodeName(path).constData(), &source,
                                       SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    struct Close
    {
        sqlite3 *db;
        ~Close() { sqlite3_close(db); }
    } close{source};
    if (opened != SQLITE_OK) {
        return failWith(QString::fromUtf8(sqlite3_errmsg(source)));
    }
    // Only a snapshot of this very project and schema may replace it.
    {
        sqlite3_stmt *q = nullptr;
        QUuid uuid;
        int version = -1;
        if (sqlite3_prepare_v2(source, "SELECT (SELECT value FROM project_meta WHERE key = 'uuid'), "
                                       "(SELECT user_version FROM pragma_user_version)", -1, &q, nullptr) == SQLITE_OK
            && sqlite3_step(q) == SQLITE_ROW) {
            uuid = QUuid::fromString(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(q, 0))));
            version = sqlite3_column_int(q, 1);
        }
        sqlite3_finalize(q);
        if (uuid.isNull() || uuid != projectUuid()) {
            return failWith(u"it is not a copy of this project"_s);
        }
        if (version != Project::schemaVersion()) {
            return failWith(u"it has schema %1, this project %2"_s.arg(version).arg(Project::schemaVersion()));
        }
    }
    // The backup needs the destination without an open read: finalize the cached
    // statements (they are prepared again on use, against the restored schema).
    for (auto it = d->statements.begin(); it != d->statements.end();) {
        if (it->busy) {
            return failWith(u"a query is still running on it"_s);
        }
        sqlite3_finalize(it->stmt);
        it = d->statements.erase(it);
    }
    d->assembled.clear();
    if (d->tempDiffIndex) {
        // Its item ids are those of the content being replaced.
        d->execScript("DROP TABLE IF EXISTS temp.diff_search; DROP TABLE IF EXISTS temp.diff_search_item");
        d->tempDiffIndex = false;
    }
    sqlite3_backup *backup = sqlite3_backup_init(d->db, "main", source, "main");
    if (!backup) {
        return failWith(QString::fromUtf8(sqlite3_errmsg(d->db)));
    }
    // One step for the whole file: one write transaction on this connection (the WAL
    // makes it atomic, so a crash leaves the old content or the new, never a mix).
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        return failWith(QString::fromUtf8(sqlite3_errstr(rc)));
    }
    // The snapshot's project_meta names the file it was taken from as it was then (a
    // copy never committed to names the file it was copied from): stamp this file's
    // identity, or the -wal would look foreign to the next open (walOwner in project.cpp).
    // A crash before this leaves the restore's frames refused and set aside on open: the
    // project as it was before the restore.
    Transaction tx(d.get());
    if (!tx.isValid() || !tx.commit()) {
        qCWarning(lcStore) << "restored" << d->path << "but could not record its file identity:" << d->lastError;
    }
    return true;
}

void Project::contentReplaced()
{
    if (d->tempDiffIndex) {
        d->execScript("DROP TABLE IF EXISTS temp.diff_search; DROP TABLE IF EXISTS temp.diff_search_item");
        d->tempDiffIndex = false;
    }
}

QString Project::recordCounts() const
{
    Stmt q(d.get(), "SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM rater), (SELECT count(*) FROM dataset), "
                    "(SELECT count(*) FROM dimension), (SELECT count(*) FROM value), (SELECT count(*) FROM finding), "
                    "(SELECT count(*) FROM reconciled), (SELECT count(*) FROM rater_item WHERE done)");
    if (!q.next()) {
        return u"unreadable: "_s + d->lastError;
    }
    return u"item=%1 rater=%2 dataset=%3 dimension=%4 value=%5 finding=%6 reconciled=%7 done=%8"_s.arg(q.int64(0))
        .arg(q.int64(1))
        .arg(q.int64(2))
        .arg(q.int64(3))
        .arg(q.int64(4))
        .arg(q.int64(5))
        .arg(q.int64(6))
        .arg(q.int64(7));
}

} // namespace Concord
