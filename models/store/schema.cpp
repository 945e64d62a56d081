// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/schema.h"

#include "domain/identity.h"
#include "store/project_p.h"

using namespace Qt::StringLiterals;

namespace Concord::Schema {

// Schema 1: the first released schema. Kept verbatim: tests create files with it and
// migrate them. Times are ISO 8601 UTC text, UUIDs text without braces, JSON as text.
static const char s_version1[] = R"SQL(
CREATE TABLE project_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE dataset(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '');
CREATE TABLE rater(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
    initials TEXT NOT NULL DEFAULT '', login TEXT NOT NULL DEFAULT '', role INTEGER NOT NULL DEFAULT 0);
CREATE TABLE item(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL,
    repository TEXT NOT NULL, ref TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', author TEXT NOT NULL DEFAULT '', date TEXT,
    dataset_id INTEGER REFERENCES dataset(id) ON DELETE SET NULL,
    round INTEGER NOT NULL DEFAULT 0, metadata TEXT NOT NULL DEFAULT '{}',
    files INTEGER NOT NULL DEFAULT 0, hunks INTEGER NOT NULL DEFAULT 0,
    binary_files INTEGER NOT NULL DEFAULT 0, lines_added INTEGER NOT NULL DEFAULT 0,
    lines_deleted INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE(kind, repository, ref));
CREATE INDEX item_dataset ON item(dataset_id);
CREATE TABLE patch_header(
    item_id INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE,
    sha TEXT NOT NULL DEFAULT '', author TEXT NOT NULL DEFAULT '', author_email TEXT NOT NULL DEFAULT '',
    date TEXT, subject TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '',
    offset INTEGER NOT NULL DEFAULT 0, length INTEGER NOT NULL DEFAULT 0);
CREATE TABLE patch_file(
    id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, change INTEGER NOT NULL, old_path TEXT NOT NULL, new_path TEXT NOT NULL,
    old_mode TEXT NOT NULL, new_mode TEXT NOT NULL, similarity INTEGER NOT NULL,
    old_index BLOB NOT NULL, new_index BLOB NOT NULL, is_binary INTEGER NOT NULL,
    is_symlink INTEGER NOT NULL, is_submodule INTEGER NOT NULL,
    offset INTEGER NOT NULL, length INTEGER NOT NULL, added INTEGER NOT NULL, deleted INTEGER NOT NULL,
    hunk_count INTEGER NOT NULL, UNIQUE(item_id, idx));
CREATE TABLE patch_hunk(
    file_id INTEGER NOT NULL REFERENCES patch_file(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    old_start INTEGER NOT NULL, old_count INTEGER NOT NULL, new_start INTEGER NOT NULL,
    new_count INTEGER NOT NULL, heading TEXT NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
    added INTEGER NOT NULL, deleted INTEGER NOT NULL, PRIMARY KEY(file_id, idx)) WITHOUT ROWID;
CREATE TABLE patch_chunk(
    id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE(item_id, seq));
CREATE TABLE bug_report(
    item_id INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', comments TEXT NOT NULL DEFAULT '[]',
    labels TEXT NOT NULL DEFAULT '[]', state TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '');
CREATE TABLE dimension(
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    kind INTEGER NOT NULL, ord INTEGER NOT NULL DEFAULT 0, rules TEXT NOT NULL DEFAULT '{}');
CREATE TABLE value(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL DEFAULT 0,
    parent_id INTEGER REFERENCES value(id) ON DELETE SET NULL,
    deprecated INTEGER NOT NULL DEFAULT 0, merged_into INTEGER REFERENCES value(id) ON DELETE SET NULL);
CREATE INDEX value_dimension ON value(dimension_id);
CREATE TABLE finding(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    rater_id INTEGER NOT NULL REFERENCES rater(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL DEFAULT 0, should_discuss INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL, modified TEXT NOT NULL);
CREATE INDEX finding_item ON finding(item_id, rater_id, ordinal);
CREATE INDEX finding_rater ON finding(rater_id);
CREATE TABLE finding_value(
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    value_id INTEGER NOT NULL REFERENCES value(id) ON DELETE CASCADE,
    PRIMARY KEY(finding_id, dimension_id, value_id)) WITHOUT ROWID;
CREATE INDEX finding_value_value ON finding_value(value_id);
CREATE TABLE finding_comment(
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    text TEXT NOT NULL, PRIMARY KEY(finding_id, dimension_id)) WITHOUT ROWID;
CREATE TABLE reconciled(
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL DEFAULT 0, should_discuss INTEGER NOT NULL DEFAULT 0,
    decision INTEGER NOT NULL DEFAULT 1, rationale TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES rater(id) ON DELETE SET NULL, decided_at TEXT);
CREATE INDEX reconciled_item ON reconciled(item_id, ordinal);
CREATE TABLE reconciled_value(
    reconciled_id INTEGER NOT NULL REFERENCES reconciled(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    value_id INTEGER NOT NULL REFERENCES value(id) ON DELETE CASCADE,
    PRIMARY KEY(reconciled_id, dimension_id, value_id)) WITHOUT ROWID;
CREATE INDEX reconciled_value_value ON reconciled_value(value_id);
CREATE TABLE reconciled_comment(
    reconciled_id INTEGER NOT NULL REFERENCES reconciled(id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES dimension(id) ON DELETE CASCADE,
    text TEXT NOT NULL, PRIMARY KEY(reconciled_id, dimension_id)) WITHOUT ROWID;
CREATE TABLE reconciled_source(
    reconciled_id INTEGER NOT NULL REFERENCES reconciled(id) ON DELETE CASCADE,
    finding_uuid TEXT NOT NULL, PRIMARY KEY(reconciled_id, finding_uuid)) WITHOUT ROWID;
CREATE TABLE audit(
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, entity_uuid TEXT NOT NULL DEFAULT '',
    before TEXT NOT NULL DEFAULT '{}', after TEXT NOT NULL DEFAULT '{}');
CREATE INDEX audit_entity ON audit(entity_uuid);
)SQL";

// Schema 2: the "unsure" flag on findings and the full-text index. Each item owns the
// FTS rowids item_id * 16 + slot (see project.cpp), so its rows are replaced by range.
static const char s_version2[] = R"SQL(
ALTER TABLE finding ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;
CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
)SQL";

// Schema 3: the work queue and record identity.
// - rater_item holds what a rater says about an item as a whole (the done mark); an
//   item's status is derived from it and the rater's findings. item_ref makes a sha
//   prefix search a range scan (ref >= prefix AND ref < prefix + 1).
// - dimension gets a uuid (filled from its key by completeSchema3) and "ordered"; every
//   labeled table has "modified" (migrated rows: the migration's time, reconciled ones
//   their decision's); deletions leave a tombstone; audit rows get their own uuid and the
//   acting rater's uuid.
// - id_high_water: the highest id each table ever had, so ids are never reused (see
//   ProjectPrivate::keepIdsUsed).
static const char s_version3[] = R"SQL(
CREATE TABLE rater_item(
    item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    rater_id INTEGER NOT NULL REFERENCES rater(id) ON DELETE CASCADE,
    done INTEGER NOT NULL DEFAULT 0, modified TEXT NOT NULL,
    PRIMARY KEY(item_id, rater_id)) WITHOUT ROWID;
CREATE INDEX rater_item_rater ON rater_item(rater_id, item_id);
CREATE INDEX item_ref ON item(ref);
CREATE INDEX item_title ON item(title COLLATE NOCASE, id);
CREATE INDEX item_author ON item(author COLLATE NOCASE, id);
CREATE INDEX item_date ON item(date, id);
ALTER TABLE dimension ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE dimension ADD COLUMN ordered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dimension ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE value ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE rater ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE item ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE reconciled ADD COLUMN modified TEXT NOT NULL DEFAULT '';
UPDATE dimension SET modified = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE value SET modified = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE rater SET modified = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE item SET modified = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE reconciled SET modified = coalesce(decided_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
CREATE TABLE tombstone(uuid TEXT PRIMARY KEY, entity TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX tombstone_at ON tombstone(at);
CREATE TABLE id_high_water(entity TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
ALTER TABLE audit ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN rater_uuid TEXT NOT NULL DEFAULT '';
)SQL";

// Name-based uuids for the dimensions and audit rows that existed before schema 3, then
// the index that keeps dimension uuids unique.
static bool completeSchema3(ProjectPrivate *d)
{
    QList<std::pair<qint64, QString>> dimensions;
    {
        Stmt q(d, "SELECT id, key FROM dimension WHERE uuid = ''");
        while (q.next()) {
            dimensions.append({q.int64(0), q.text(1)});
        }
        if (q.failed()) {
            return false;
        }
    }
    for (const auto &[id, key] : std::as_const(dimensions)) {
        Stmt q(d, "UPDATE dimension SET uuid = ? WHERE id = ?");
        if (!q.bind(1, Identity::dimension(key)).bind(2, id).exec()) {
            return false;
        }
    }
    // Old audit rows: from the project's uuid and the row's id, so two copies of one
    // file migrate to the same uuids.
    QString project;
    {
        Stmt q(d, "SELECT value FROM project_meta WHERE key = 'uuid'");
        project = q.next() ? q.text(0) : QString();
    }
    QList<qint64> audits;
    {
        Stmt q(d, "SELECT id FROM audit WHERE uuid = ''");
        while (q.next()) {
            audits.append(q.int64(0));
        }
        if (q.failed()) {
            return false;
        }
    }
    for (qint64 id : std::as_const(audits)) {
        Stmt q(d, "UPDATE audit SET uuid = ? WHERE id = ?");
        if (!q.bind(1, Identity::fromName(u"audit/%1/%2"_s.arg(project).arg(id))).bind(2, id).exec()) {
            return false;
        }
    }
    return d->execScript("CREATE UNIQUE INDEX dimension_uuid ON dimension(uuid)");
}

// Schema 4: a mail that arrived transfer-encoded (quoted-printable, base64, MIME
// multipart, format=flowed) keeps its bytes exactly as they arrived here; patch_chunk
// holds the decoded text that the files' and hunks' offsets point into.
static const char s_version4[] = R"SQL(
CREATE TABLE patch_original(
    item_id INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE, data BLOB NOT NULL);
)SQL";

// Schema 5: import stores a patch's bytes and names the item here instead of putting its
// diff text through FTS5 inside the import's transaction (three quarters of an import's
// work); Project::indexPendingDiffs indexes them later in short transactions, removing
// each row in the transaction that indexes its item, and every query of the index
// catches up first. Files of earlier schemas had every diff indexed: the table starts empty.
static const char s_version5[] = R"SQL(
CREATE TABLE diff_index_pending(item_id INTEGER PRIMARY KEY REFERENCES item(id) ON DELETE CASCADE);
)SQL";

const QList<Step> &steps()
{
    static const QList<Step> s_steps = {
        {1, s_version1, false},
        {2, s_version2, true},
        {3, s_version3, false, completeSchema3},
        {4, s_version4, false},
        {5, s_version5, false},
    };
    return s_steps;
}

int currentVersion()
{
    return steps().constLast().version;
}

const QStringList &knownObjects()
{
    static const QStringList s_objects = {
        u"project_meta"_s, u"dataset"_s, u"rater"_s, u"item"_s, u"item_dataset"_s,
        u"patch_header"_s, u"patch_file"_s, u"patch_hunk"_s, u"patch_chunk"_s, u"bug_report"_s,
        u"dimension"_s, u"value"_s, u"value_dimension"_s, u"finding"_s, u"finding_item"_s,
        u"finding_rater"_s, u"finding_value"_s, u"finding_value_value"_s, u"finding_comment"_s,
        u"reconciled"_s, u"reconciled_item"_s, u"reconciled_value"_s, u"reconciled_value_value"_s,
        u"reconciled_comment"_s, u"reconciled_source"_s, u"audit"_s, u"audit_entity"_s,
        // schema 3
        u"rater_item"_s, u"rater_item_rater"_s, u"item_ref"_s, u"item_title"_s, u"item_author"_s, u"item_date"_s, u"tombstone"_s, u"tombstone_at"_s, u"id_high_water"_s,
        u"dimension_uuid"_s,
        // schema 4
        u"patch_original"_s,
        // schema 5
        u"diff_index_pending"_s,
        // FTS5 and its shadow tables
        u"search"_s, u"search_data"_s, u"search_idx"_s, u"search_content"_s, u"search_docsize"_s,
        u"search_config"_s,
        // SQLite's own
        u"sqlite_sequence"_s, u"sqlite_stat1"_s, u"sqlite_stat4"_s,
    };
    return s_objects;
}

} // namespace Concord::Schema
