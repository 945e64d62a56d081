// SPDX-License-Identifier: GPL-3.0-or-later
// Project: everything that reads.
#include "store/project.h"

#include "store/project_p.h"

#include "patch/patchparser.h"

#include <QDir>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Concord {

QString toJsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject fromJsonText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

static QJsonArray uuidArray(const QList<QUuid> &uuids)
{
    QJsonArray a;
    for (const QUuid &u : uuids) {
        a.append(u.toString(QUuid::WithoutBraces));
    }
    return a;
}

static QList<QUuid> uuidList(const QJsonValue &v)
{
    QList<QUuid> list;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &e : a) {
        const QUuid u = QUuid::fromString(e.toString());
        if (!u.isNull()) {
            list.append(u);
        }
    }
    return list;
}

QJsonObject rulesToJson(const DimensionRules &rules)
{
    QJsonObject o;
    if (!rules.gateKey.isEmpty()) {
        o.insert(u"gate"_s, rules.gateKey);
        o.insert(u"gate_open"_s, uuidArray(rules.gateOpenValues));
    }
    o.insert(u"required"_s, rules.required);
    if (!rules.exemptKey.isEmpty()) {
        o.insert(u"exempt"_s, rules.exemptKey);
        o.insert(u"exempt_values"_s, uuidArray(rules.exemptValues));
    }
    o.insert(u"allow_new_values"_s, rules.allowNewValues);
    return o;
}

DimensionRules rulesFromJson(const QString &json)
{
    const QJsonObject o = fromJsonText(json);
    DimensionRules r;
    r.gateKey = o.value(u"gate"_s).toString();
    r.gateOpenValues = uuidList(o.value(u"gate_open"_s));
    r.required = o.value(u"required"_s).toBool();
    r.exemptKey = o.value(u"exempt"_s).toString();
    r.exemptValues = uuidList(o.value(u"exempt_values"_s));
    r.allowNewValues = o.value(u"allow_new_values"_s).toBool(true);
    return r;
}

#define ITEM_COLUMNS \
    "SELECT id, uuid, kind, repository, ref, title, author, date, dataset_id, round, metadata, files, hunks, " \
    "binary_files, lines_added, lines_deleted, bytes FROM item "

std::optional<Item> ProjectPrivate::readItem(Stmt &q) const
{
    Item item;
    item.id = q.int64(0);
    item.uuid = q.uuid(1);
    item.key.kind = q.integer(2) == 1 ? ItemKind::BugReport : ItemKind::Patch;
    item.key.repository = q.text(3);
    item.key.ref = q.text(4);
    item.title = q.text(5);
    item.author = q.text(6);
    item.date = q.sourceDate(7);
    item.dataset = q.int64(8);
    item.round = q.integer(9);
    item.metadata = fromJsonText(q.text(10));
    item.stats.files = q.integer(11);
    item.stats.hunks = q.integer(12);
    item.stats.binaryFiles = q.integer(13);
    item.stats.linesAdded = q.integer(14);
    item.stats.linesDeleted = q.integer(15);
    item.stats.bytes = q.int64(16);
    return item;
}

QString Project::metadata(const QString &key) const
{
    Stmt q(d.get(), "SELECT value FROM project_meta WHERE key = ?");
    q.bind(1, key);
    return q.next() ? q.text(0) : QString();
}

std::optional<QList<HighlightTerm>> Project::highlightTerms(QString *error) const
{
    QString why;
    std::optional<QList<HighlightTerm>> terms = TermMatcher::fromJson(metadata(u"highlight_terms"_s), &why);
    if (!terms && error) {
        *error = u"%1: %2"_s.arg(path(), why);
    }
    return terms;
}

std::optional<QStringList> Project::itemTexts(ItemId item, QString *error) const
{
    const std::optional<Item> found = this->item(item);
    if (!found) {
        if (error) {
            *error = u"%1: there is no item %2"_s.arg(path()).arg(item);
        }
        return std::nullopt;
    }
    QStringList texts{found->title};
    if (const std::optional<CommitHeader> header = commitHeader(item)) {
        texts.append(header->message);
    }
    for (const PatchFile &file : patchFiles(item)) {
        if (file.hunkCount == 0 || file.diff.length <= 0) {
            continue;
        }
        // One read per file; its hunks are slices of it.
        const std::optional<QByteArray> bytes = patchBytes(item, file.diff.offset, file.diff.length, error);
        if (!bytes) {
            return std::nullopt;
        }
        for (const Hunk &hunk : fileHunks(file.id)) {
            const QByteArrayView slice = QByteArrayView(*bytes).sliced(
                std::clamp<qint64>(hunk.offset - file.diff.offset, 0, bytes->size()));
            const QList<DiffLine> lines = PatchParser::hunkLines(hunk, slice.first(std::min<qint64>(hunk.length, slice.size())));
            QStringList text;
            text.reserve(lines.size());
            for (const DiffLine &line : lines) {
                if (line.kind != DiffLine::Kind::NoNewline) { // git's marker, not the file's text
                    text.append(line.text);
                }
            }
            texts.append(text.join(u'\n'));
        }
    }
    if (const std::optional<BugReportContent> report = bugReport(item)) {
        texts.append(report->body);
        for (const BugReportComment &comment : report->comments) {
            texts.append(comment.body);
        }
    }
    return texts;
}

QUuid Project::projectUuid() const
{
    return QUuid::fromString(metadata(u"uuid"_s));
}

ProjectCounts Project::counts() const
{
    ProjectCounts c;
    {
        Stmt q(d.get(),
               "SELECT kind, count(*), total(files), total(hunks), total(binary_files), total(lines_added), "
               "total(lines_deleted) FROM item GROUP BY kind");
        while (q.next()) {
            const qint64 n = q.int64(1);
            c.items += n;
            (q.integer(0) == 1 ? c.bugReports : c.patches) += n;
            c.files += qint64(q.real(2));
            c.hunks += qint64(q.real(3));
            c.binaryFiles += qint64(q.real(4));
            c.linesAdded += qint64(q.real(5));
            c.linesDeleted += qint64(q.real(6));
        }
    }
    auto count = [this](const char *sql) {
        Stmt q(d.get(), sql);
        return q.next() ? q.int64(0) : 0;
    };
    c.raters = count("SELECT count(*) FROM rater");
    c.findings = count("SELECT count(*) FROM finding");
    c.reconciled = count("SELECT count(*) FROM reconciled");
    c.datasets = count("SELECT count(*) FROM dataset");
    c.dimensions = count("SELECT count(*) FROM dimension");
    return c;
}

QList<DimensionCounts> Project::dimensionCounts() const
{
    QList<DimensionCounts> list;
    Stmt q(d.get(),
           "SELECT d.id, d.key, "
           " (SELECT count(*) FROM value v WHERE v.dimension_id = d.id AND v.merged_into IS NULL), "
           " (SELECT count(DISTINCT fv.finding_id) FROM finding_value fv WHERE fv.dimension_id = d.id) "
           "FROM dimension d ORDER BY d.ord, d.id");
    while (q.next()) {
        list.append({q.int64(0), q.text(1), q.int64(2), q.int64(3)});
    }
    return list;
}

QList<Dataset> Project::datasets() const
{
    QList<Dataset> list;
    Stmt q(d.get(), "SELECT id, uuid, name, description FROM dataset ORDER BY id");
    while (q.next()) {
        list.append({q.int64(0), q.uuid(1), q.text(2), q.text(3)});
    }
    return list;
}

static Rater readRater(Stmt &q)
{
    return {q.int64(0), q.uuid(1), q.text(2), q.text(3), q.text(4), q.integer(5) == 1 ? Rater::Role::Reconciler : Rater::Role::Rater};
}

QList<Rater> Project::raters() const
{
    QList<Rater> list;
    Stmt q(d.get(), "SELECT id, uuid, name, initials, login, role FROM rater ORDER BY id");
    while (q.next()) {
        list.append(readRater(q));
    }
    return list;
}

std::optional<Rater> Project::rater(RaterId id) const
{
    Stmt q(d.get(), "SELECT id, uuid, name, initials, login, role FROM rater WHERE id = ?");
    q.bind(1, id);
    if (q.next()) {
        return readRater(q);
    }
    return std::nullopt;
}

std::optional<Rater> Project::raterByName(const QString &name) const
{
    Stmt q(d.get(), "SELECT id, uuid, name, initials, login, role FROM rater WHERE name = ?");
    q.bind(1, name);
    if (q.next()) {
        return readRater(q);
    }
    return std::nullopt;
}

qint64 Project::itemCount() const
{
    Stmt q(d.get(), "SELECT count(*) FROM item");
    return q.next() ? q.int64(0) : 0;
}

QList<ItemId> Project::itemIds() const
{
    QList<ItemId> ids;
    Stmt q(d.get(), "SELECT id FROM item ORDER BY id");
    while (q.next()) {
        ids.append(q.int64(0));
    }
    return ids;
}

QList<Item> Project::items(qint64 offset, qint64 limit) const
{
    QList<Item> list;
    Stmt q(d.get(), ITEM_COLUMNS "ORDER BY id LIMIT ? OFFSET ?");
    q.bind(1, limit < 0 ? qint64(-1) : limit).bind(2, qMax<qint64>(0, offset));
    while (q.next()) {
        list.append(*d->readItem(q));
    }
    return list;
}

std::optional<Item> Project::item(ItemId id) const
{
    Stmt q(d.get(), ITEM_COLUMNS "WHERE id = ?");
    q.bind(1, id);
    return q.next() ? d->readItem(q) : std::nullopt;
}

std::optional<Item> Project::itemByKey(const ItemKey &key) const
{
    Stmt q(d.get(), ITEM_COLUMNS "WHERE kind = ? AND repository = ? AND ref = ?");
    q.bind(1, int(key.kind == ItemKind::BugReport ? 1 : 0)).bind(2, key.repository).bind(3, key.ref);
    return q.next() ? d->readItem(q) : std::nullopt;
}

std::optional<Item> Project::itemByUuid(const QUuid &uuid) const
{
    Stmt q(d.get(), ITEM_COLUMNS "WHERE uuid = ?");
    q.bind(1, uuid);
    return q.next() ? d->readItem(q) : std::nullopt;
}

Codebook Project::codebook() const
{
    return codebook(nullptr).value_or(Codebook{});
}

static QString readFailed(ProjectPrivate *d, const QString &what)
{
    return u"Could not read %1 from %2: %3."_s.arg(what, QDir::toNativeSeparators(d->path),
                                                  d->lastError.isEmpty() ? u"unknown error"_s : d->lastError);
}

std::optional<Codebook> Project::codebook(QString *error) const
{
    Codebook book;
    {
        Stmt q(d.get(), "SELECT id, key, name, description, kind, ord, rules, uuid, ordered FROM dimension ORDER BY ord, id");
        while (q.next()) {
            Dimension dim;
            dim.id = q.int64(0);
            dim.key = q.text(1);
            dim.name = q.text(2);
            dim.description = q.text(3);
            const int kind = q.integer(4);
            dim.kind = kind == 0 ? Dimension::Kind::Gate
                                 : (kind == 2 ? Dimension::Kind::MultipleChoice : Dimension::Kind::SingleChoice);
            dim.order = q.integer(5);
            dim.rules = rulesFromJson(q.text(6));
            dim.uuid = q.uuid(7);
            dim.ordered = q.boolean(8);
            book.dimensions.append(dim);
        }
        if (q.failed()) {
            if (error) {
                *error = readFailed(d.get(), u"the codebook"_s);
            }
            return std::nullopt;
        }
    }
    Stmt q(d.get(),
           "SELECT id, uuid, dimension_id, name, description, ord, parent_id, deprecated, merged_into FROM value "
           "ORDER BY dimension_id, ord, id");
    while (q.next()) {
        CodebookValue v;
        v.id = q.int64(0);
        v.uuid = q.uuid(1);
        v.dimension = q.int64(2);
        v.name = q.text(3);
        v.description = q.text(4);
        v.order = q.integer(5);
        v.parent = q.int64(6);
        v.deprecated = q.boolean(7);
        v.mergedInto = q.int64(8);
        book.values.append(v);
    }
    if (q.failed()) {
        if (error) {
            *error = readFailed(d.get(), u"the codebook"_s);
        }
        return std::nullopt;
    }
    return book;
}

// Findings and reconciled findings come in several queries (rows, values, comments,
// sources) joined in memory: one pass each, whatever their number. attachRows runs one
// of the later queries, whose first column is the owner's id, and hands each row to attach.
template<typename T, typename Attach>
static bool attachRows(ProjectPrivate *d, const char *sql, std::optional<qint64> parameter, QList<T> &list,
                       const QHash<qint64, qsizetype> &index, Attach attach)
{
    Stmt q(d, sql);
    if (parameter) {
        q.bind(1, *parameter);
    }
    while (q.next()) {
        const auto it = index.constFind(q.int64(0));
        if (it != index.cend()) {
            attach(list[*it], q);
        }
    }
    return !q.failed();
}

template<typename T>
static bool attachValuesAndComments(ProjectPrivate *d, const char *valuesSql, const char *commentsSql,
                                    std::optional<qint64> parameter, QList<T> &list,
                                    const QHash<qint64, qsizetype> &index)
{
    return attachRows(d, valuesSql, parameter, list, index, [](T &owner, Stmt &q) {
               owner.values[q.int64(1)].append(q.int64(2));
           })
        && attachRows(d, commentsSql, parameter, list, index, [](T &owner, Stmt &q) {
               owner.comments.insert(q.int64(1), q.text(2));
           });
}

// nullopt when any of the queries failed: never a list missing rows or labels.
static std::optional<QList<Finding>> loadFindings(ProjectPrivate *d, const char *rowsSql, const char *valuesSql,
                                                  const char *commentsSql, std::optional<qint64> parameter)
{
    QList<Finding> list;
    QHash<FindingId, qsizetype> index;
    {
        Stmt q(d, rowsSql);
        if (parameter) {
            q.bind(1, *parameter);
        }
        while (q.next()) {
            Finding f;
            f.id = q.int64(0);
            f.uuid = q.uuid(1);
            f.item = q.int64(2);
            f.rater = q.int64(3);
            f.ordinal = q.integer(4);
            f.shouldDiscuss = q.boolean(5);
            f.unsure = q.boolean(6);
            f.created = q.dateTime(7);
            f.modified = q.dateTime(8);
            index.insert(f.id, list.size());
            list.append(f);
        }
        if (q.failed()) {
            return std::nullopt;
        }
    }
    if (list.isEmpty()) {
        return list;
    }
    if (!attachValuesAndComments(d, valuesSql, commentsSql, parameter, list, index)) {
        return std::nullopt;
    }
    return list;
}

template<typename T>
static std::optional<T> checked(ProjectPrivate *d, std::optional<T> result, const QString &what, QString *error)
{
    if (!result && error) {
        *error = readFailed(d, what);
    }
    return result;
}

#define FINDING_COLUMNS "SELECT f.id, f.uuid, f.item_id, f.rater_id, f.ordinal, f.should_discuss, f.unsure, f.created, f.modified FROM finding f "

QList<Finding> Project::findings() const
{
    return findings(nullptr).value_or(QList<Finding>{});
}

QList<Finding> Project::findingsForItem(ItemId item) const
{
    return findingsForItem(item, nullptr).value_or(QList<Finding>{});
}

QList<Finding> Project::findingsForRater(RaterId rater) const
{
    return findingsForRater(rater, nullptr).value_or(QList<Finding>{});
}

std::optional<QList<Finding>> Project::findings(QString *error) const
{
    return checked(d.get(), loadFindings(d.get(), FINDING_COLUMNS "ORDER BY f.item_id, f.rater_id, f.ordinal, f.id",
                        "SELECT finding_id, dimension_id, value_id FROM finding_value",
                        "SELECT finding_id, dimension_id, text FROM finding_comment", std::nullopt),
                   u"the findings"_s, error);
}

std::optional<QList<Finding>> Project::findingsForItem(ItemId item, QString *error) const
{
    return checked(d.get(), loadFindings(d.get(), FINDING_COLUMNS "WHERE f.item_id = ? ORDER BY f.rater_id, f.ordinal, f.id",
                        "SELECT fv.finding_id, fv.dimension_id, fv.value_id FROM finding_value fv "
                        "JOIN finding f ON f.id = fv.finding_id WHERE f.item_id = ?",
                        "SELECT fc.finding_id, fc.dimension_id, fc.text FROM finding_comment fc "
                        "JOIN finding f ON f.id = fc.finding_id WHERE f.item_id = ?",
                        item),
                   u"the findings of item %1"_s.arg(item), error);
}

std::optional<QList<Finding>> Project::findingsForRater(RaterId rater, QString *error) const
{
    return checked(d.get(), loadFindings(d.get(), FINDING_COLUMNS "WHERE f.rater_id = ? ORDER BY f.item_id, f.ordinal, f.id",
                        "SELECT fv.finding_id, fv.dimension_id, fv.value_id FROM finding_value fv "
                        "JOIN finding f ON f.id = fv.finding_id WHERE f.rater_id = ?",
                        "SELECT fc.finding_id, fc.dimension_id, fc.text FROM finding_comment fc "
                        "JOIN finding f ON f.id = fc.finding_id WHERE f.rater_id = ?",
                        rater),
                   u"the findings of rater %1"_s.arg(rater), error);
}

std::optional<Finding> Project::finding(FindingId id) const
{
    const QList<Finding> list = loadFindings(d.get(), FINDING_COLUMNS "WHERE f.id = ?",
                                             "SELECT finding_id, dimension_id, value_id FROM finding_value WHERE finding_id = ?",
                                             "SELECT finding_id, dimension_id, text FROM finding_comment WHERE finding_id = ?",
                                             id)
                                    .value_or(QList<Finding>{});
    return list.isEmpty() ? std::nullopt : std::optional<Finding>(list.first());
}

std::optional<Finding> Project::findingByUuid(const QUuid &uuid) const
{
    Stmt q(d.get(), "SELECT id FROM finding WHERE uuid = ?");
    q.bind(1, uuid);
    if (!q.next()) {
        return std::nullopt;
    }
    const FindingId id = q.int64(0);
    return finding(id);
}

static std::optional<QList<ReconciledFinding>> loadReconciled(ProjectPrivate *d, const char *rowsSql, const char *valuesSql,
                                               const char *commentsSql, const char *sourcesSql,
                                               std::optional<qint64> parameter)
{
    QList<ReconciledFinding> list;
    QHash<ReconciledId, qsizetype> index;
    {
        Stmt q(d, rowsSql);
        if (parameter) {
            q.bind(1, *parameter);
        }
        while (q.next()) {
            ReconciledFinding r;
            r.id = q.int64(0);
            r.uuid = q.uuid(1);
            r.item = q.int64(2);
            r.ordinal = q.integer(3);
            r.shouldDiscuss = q.boolean(4);
            const int decision = q.integer(5);
            r.decision = decision >= 0 && decision <= 3 ? ReconciledFinding::Decision(decision) : ReconciledFinding::Decision::New;
            r.rationale = q.text(6);
            r.decidedBy = q.int64(7);
            r.decidedAt = q.dateTime(8);
            index.insert(r.id, list.size());
            list.append(r);
        }
        if (q.failed()) {
            return std::nullopt;
        }
    }
    if (list.isEmpty()) {
        return list;
    }
    const bool ok = attachValuesAndComments(d, valuesSql, commentsSql, parameter, list, index)
        && attachRows(d, sourcesSql, parameter, list, index, [](ReconciledFinding &owner, Stmt &q) {
               owner.sourceFindings.append(q.uuid(1));
           });
    if (!ok) {
        return std::nullopt;
    }
    return list;
}

#define RECONCILED_COLUMNS \
    "SELECT r.id, r.uuid, r.item_id, r.ordinal, r.should_discuss, r.decision, r.rationale, r.decided_by, r.decided_at FROM reconciled r "

QList<ReconciledFinding> Project::reconciledFindings() const
{
    return reconciledFindings(nullptr).value_or(QList<ReconciledFinding>{});
}

std::optional<QList<ReconciledFinding>> Project::reconciledFindings(QString *error) const
{
    return checked(d.get(),
                   loadReconciled(d.get(), RECONCILED_COLUMNS "ORDER BY r.item_id, r.ordinal, r.id",
                                  "SELECT reconciled_id, dimension_id, value_id FROM reconciled_value",
                                  "SELECT reconciled_id, dimension_id, text FROM reconciled_comment",
                                  "SELECT reconciled_id, finding_uuid FROM reconciled_source", std::nullopt),
                   u"the reconciled findings"_s, error);
}

QList<ReconciledFinding> Project::reconciledForItem(ItemId item) const
{
    return loadReconciled(d.get(), RECONCILED_COLUMNS "WHERE r.item_id = ? ORDER BY r.ordinal, r.id",
                          "SELECT x.reconciled_id, x.dimension_id, x.value_id FROM reconciled_value x "
                          "JOIN reconciled r ON r.id = x.reconciled_id WHERE r.item_id = ?",
                          "SELECT x.reconciled_id, x.dimension_id, x.text FROM reconciled_comment x "
                          "JOIN reconciled r ON r.id = x.reconciled_id WHERE r.item_id = ?",
                          "SELECT x.reconciled_id, x.finding_uuid FROM reconciled_source x "
                          "JOIN reconciled r ON r.id = x.reconciled_id WHERE r.item_id = ?",
                          item)
        .value_or(QList<ReconciledFinding>{});
}

std::optional<ReconciledFinding> Project::reconciled(ReconciledId id) const
{
    const auto list = loadReconciled(d.get(), RECONCILED_COLUMNS "WHERE r.id = ?",
                                     "SELECT reconciled_id, dimension_id, value_id FROM reconciled_value WHERE reconciled_id = ?",
                                     "SELECT reconciled_id, dimension_id, text FROM reconciled_comment WHERE reconciled_id = ?",
                                     "SELECT reconciled_id, finding_uuid FROM reconciled_source WHERE reconciled_id = ?", id)
                          .value_or(QList<ReconciledFinding>{});
    return list.isEmpty() ? std::nullopt : std::optional<ReconciledFinding>(list.first());
}

std::optional<CommitHeader> Project::commitHeader(ItemId item) const
{
    Stmt q(d.get(), "SELECT sha, author, author_email, date, subject, message FROM patch_header WHERE item_id = ?");
    q.bind(1, item);
    if (!q.next()) {
        return std::nullopt;
    }
    CommitHeader h;
    h.sha = q.text(0).toLatin1();
    h.author = q.text(1);
    h.authorEmail = q.text(2);
    h.date = q.sourceDate(3).toDateTime(); // in the offset the commit was made in
    h.subject = q.text(4);
    h.message = q.text(5);
    return h;
}

QList<PatchFile> Project::patchFiles(ItemId item) const
{
    return patchFiles(item, 0, -1);
}

QList<PatchFile> Project::patchFiles(ItemId item, int fromIndex, int limit) const
{
    QList<PatchFile> list;
    Stmt q(d.get(),
           "SELECT id, idx, change, old_path, new_path, old_mode, new_mode, similarity, old_index, new_index, "
           "is_binary, is_symlink, is_submodule, offset, length, added, deleted, hunk_count FROM patch_file "
           "WHERE item_id = ? AND idx >= ? ORDER BY idx LIMIT ?");
    q.bind(1, item);
    q.bind(2, qint64(fromIndex));
    q.bind(3, qint64(limit < 0 ? -1 : limit));
    while (q.next()) {
        PatchFile f;
        f.id = q.int64(0);
        f.item = item;
        f.index = q.integer(1);
        const int change = q.integer(2);
        f.diff.change = change >= 0 && change <= 4 ? FileDiff::Change(change) : FileDiff::Change::Modified;
        f.diff.oldPath = q.text(3);
        f.diff.newPath = q.text(4);
        f.diff.oldMode = q.text(5);
        f.diff.newMode = q.text(6);
        f.diff.similarity = q.integer(7);
        f.diff.oldIndex = q.blob(8);
        f.diff.newIndex = q.blob(9);
        f.diff.binary = q.boolean(10);
        f.diff.symlink = q.boolean(11);
        f.diff.submodule = q.boolean(12);
        f.diff.offset = q.int64(13);
        f.diff.length = q.int64(14);
        f.diff.added = q.integer(15);
        f.diff.deleted = q.integer(16);
        f.hunkCount = q.integer(17);
        list.append(f);
    }
    return list;
}

QList<Hunk> Project::fileHunks(PatchFileId file) const
{
    QList<Hunk> list;
    Stmt q(d.get(),
           "SELECT old_start, old_count, new_start, new_count, heading, offset, length, added, deleted "
           "FROM patch_hunk WHERE file_id = ? ORDER BY idx");
    q.bind(1, file);
    while (q.next()) {
        Hunk h;
        h.oldStart = q.integer(0);
        h.oldCount = q.integer(1);
        h.newStart = q.integer(2);
        h.newCount = q.integer(3);
        h.heading = q.text(4);
        h.offset = q.int64(5);
        h.length = q.int64(6);
        h.added = q.integer(7);
        h.deleted = q.integer(8);
        list.append(h);
    }
    return list;
}

qint64 Project::patchSize(ItemId item) const
{
    Stmt q(d.get(), "SELECT bytes FROM item WHERE id = ?");
    q.bind(1, item);
    return q.next() ? q.int64(0) : 0;
}

// Reads [offset, offset + length) chunk by chunk with incremental BLOB I/O, so only the
// bytes asked for are read, even from the middle of a chunk.
static bool readRange(ProjectPrivate *d, ItemId item, qint64 offset, qint64 length,
                      const std::function<bool(const char *, qint64)> &sink, QString *error)
{
    const qint64 chunk = d->chunkSize;
    const qint64 first = offset / chunk;
    const qint64 last = (offset + length - 1) / chunk;
    Stmt q(d, "SELECT id, seq, length(data) FROM patch_chunk WHERE item_id = ? AND seq BETWEEN ? AND ? ORDER BY seq");
    q.bind(1, item).bind(2, first).bind(3, last);
    qint64 position = first * chunk;
    qint64 remaining = length;
    QByteArray buffer;
    while (remaining > 0 && q.next()) {
        const qint64 rowid = q.int64(0);
        const qint64 seq = q.int64(1);
        const qint64 size = q.int64(2);
        if (seq * chunk != position) {
            if (error) {
                *error = u"the stored patch of item %1 misses bytes at %2"_s.arg(item).arg(position);
            }
            return false;
        }
        const qint64 from = qMax<qint64>(0, offset - position);
        const qint64 n = qMin(remaining, size - from);
        if (n <= 0) {
            break;
        }
        sqlite3_blob *blob = nullptr;
        if (sqlite3_blob_open(d->db, "main", "patch_chunk", "data", rowid, 0, &blob) != SQLITE_OK) {
            if (error) {
                *error = QString::fromUtf8(sqlite3_errmsg(d->db));
            }
            sqlite3_blob_close(blob);
            return false;
        }
        buffer.resize(n);
        const int rc = sqlite3_blob_read(blob, buffer.data(), int(n), int(from));
        sqlite3_blob_close(blob);
        if (rc != SQLITE_OK) {
            if (error) {
                *error = QString::fromUtf8(sqlite3_errstr(rc));
            }
            return false;
        }
        if (!sink(buffer.constData(), n)) {
            return false;
        }
        remaining -= n;
        position += size;
    }
    if (q.failed()) {
        if (error) {
            *error = d->lastError;
        }
        return false;
    }
    if (remaining > 0) {
        if (error) {
            *error = u"the stored patch of item %1 ends before byte %2"_s.arg(item).arg(offset + length);
        }
        return false;
    }
    return true;
}

std::optional<QByteArray> Project::patchBytes(ItemId item, qint64 offset, qint64 length, QString *error) const
{
    const qint64 size = patchSize(item);
    if (offset < 0 || length < 0 || offset > size) {
        if (error) {
            *error = u"bytes %1..%2 are outside the stored patch of item %3 (%4 bytes)"_s.arg(offset).arg(offset + length).arg(item).arg(size);
        }
        return std::nullopt;
    }
    length = qMin(length, size - offset);
    QByteArray out;
    if (length == 0) {
        return out;
    }
    out.reserve(length);
    if (!readRange(d.get(), item, offset, length, [&](const char *data, qint64 n) {
            out.append(data, n);
            return true;
        }, error)) {
        return std::nullopt;
    }
    return out;
}

std::optional<QByteArray> Project::patchBytes(ItemId item, QString *error) const
{
    return patchBytes(item, 0, patchSize(item), error);
}

std::optional<QByteArray> Project::originalMail(ItemId item, QString *error) const
{
    Stmt q(d.get(), "SELECT data FROM patch_original WHERE item_id = ?");
    q.bind(1, item);
    if (q.next()) {
        return q.blob(0);
    }
    if (q.failed()) {
        if (error) {
            *error = d->lastError;
        }
        return std::nullopt;
    }
    return QByteArray();
}

bool Project::writePatchTo(ItemId item, QIODevice *device, QString *error) const
{
    const qint64 size = patchSize(item);
    if (size == 0) {
        return true;
    }
    return readRange(d.get(), item, 0, size, [&](const char *data, qint64 n) {
        if (device->write(data, n) != n) {
            if (error) {
                *error = device->errorString();
            }
            return false;
        }
        return true;
    }, error);
}

std::optional<BugReportContent> Project::bugReport(ItemId item) const
{
    Stmt q(d.get(), "SELECT title, body, comments, labels, state, url FROM bug_report WHERE item_id = ?");
    q.bind(1, item);
    if (!q.next()) {
        return std::nullopt;
    }
    BugReportContent c;
    c.item = item;
    c.title = q.text(0);
    c.body = q.text(1);
    const QJsonArray comments = QJsonDocument::fromJson(q.text(2).toUtf8()).array();
    for (const QJsonValue &v : comments) {
        const QJsonObject o = v.toObject();
        c.comments.append({o.value(u"author"_s).toString(),
                           SourceDate::fromString(o.value(u"date"_s).toString()),
                           o.value(u"body"_s).toString()});
    }
    const QJsonArray labels = QJsonDocument::fromJson(q.text(3).toUtf8()).array();
    for (const QJsonValue &v : labels) {
        c.labels.append(v.toString());
    }
    c.state = q.text(4);
    c.url = q.text(5);
    return c;
}

static QString slotName(qint64 slot)
{
    switch (slot) {
    case ProjectPrivate::SlotTitle:
        return u"title"_s;
    case ProjectPrivate::SlotMessage:
        return u"message"_s;
    case ProjectPrivate::SlotBody:
        return u"body"_s;
    case ProjectPrivate::SlotComments:
        return u"comment"_s;
    case ProjectPrivate::SlotPaths:
        return u"path"_s;
    default:
        return u"diff"_s;
    }
}

QList<SearchHit> Project::search(const QString &query, int limit, QString *error) const
{
    QList<SearchHit> hits;
    if (query.trimmed().isEmpty()) {
        return hits;
    }
    // Diffs an import left pending are indexed first (see SearchScope), so no hit is missing.
    const SearchScope scope(d.get(), true);
    if (!scope.isValid()) {
        if (error) {
            *error = u"cannot search %1: its search index could not be brought up to date: %2"_s.arg(
                QDir::toNativeSeparators(d->path), d->lastError);
        }
        return {};
    }
    auto run = [&](const QString &match) {
        hits.clear();
        QSet<qint64> rowids;
        {
            Stmt q(d.get(),
                   "SELECT rowid, snippet(search, 0, '[', ']', '…', 16), bm25(search) FROM search "
                   "WHERE search MATCH ? ORDER BY rank LIMIT ?");
            q.bind(1, match).bind(2, qMax(1, limit));
            while (q.next()) {
                const qint64 rowid = q.int64(0);
                rowids.insert(rowid);
                hits.append({rowid / 16, slotName(rowid % 16), q.text(1), q.real(2)});
            }
            if (q.failed()) {
                return false;
            }
        }
        if (!d->tempDiffIndex) {
            return true;
        }
        // Read-only, with diffs still pending: their hits come from the temporary index.
        // bm25 there is computed over those diffs alone, so the order of hits from the two
        // indexes is approximate; which items are found is not.
        Stmt q(d.get(),
               "SELECT rowid, snippet(diff_search, 0, '[', ']', '…', 16), bm25(diff_search) FROM temp.diff_search "
               "WHERE diff_search MATCH ? ORDER BY rank LIMIT ?");
        q.bind(1, match).bind(2, qMax(1, limit));
        while (q.next()) {
            const qint64 rowid = q.int64(0);
            if (!rowids.contains(rowid)) {
                hits.append({rowid / 16, slotName(rowid % 16), q.text(1), q.real(2)});
            }
        }
        if (q.failed()) {
            return false;
        }
        std::stable_sort(hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) { return a.rank < b.rank; });
        if (hits.size() > qMax(1, limit)) {
            hits.resize(qMax(1, limit));
        }
        return true;
    };
    // Plain words (and FTS5 syntax: quotes, *, AND/OR/NOT, parentheses) go as typed;
    // anything else, e.g. "tf.function", is searched word by word as literal phrases.
    const bool plain = std::all_of(query.cbegin(), query.cend(), [](QChar c) {
        return c.isLetterOrNumber() || c.isSpace() || c == u'"' || c == u'*' || c == u'(' || c == u')' || c == u'_';
    });
    if (plain && run(query)) {
        return hits;
    }
    QStringList terms;
    const QStringList words = query.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QString w : words) {
        w.replace(u"\""_s, u"\"\""_s);
        terms.append(u"\""_s + w + u"\""_s);
    }
    if (run(terms.join(QLatin1Char(' ')))) {
        return hits;
    }
    if (error) {
        *error = u"cannot search for \"%1\": %2"_s.arg(query, d->lastError);
    }
    return {};
}

QList<AuditEntry> Project::auditLog(int limit, const QUuid &entityUuid) const
{
    QList<AuditEntry> list;
    auto read = [&](Stmt &q) {
        while (q.next()) {
            AuditEntry e;
            e.id = q.int64(0);
            e.uuid = q.uuid(8);
            e.raterUuid = q.uuid(9);
            e.when = q.dateTime(1);
            e.who = q.text(2);
            e.action = q.text(3);
            e.entity = q.text(4);
            e.entityUuid = q.uuid(5);
            e.before = fromJsonText(q.text(6));
            e.after = fromJsonText(q.text(7));
            list.append(e);
        }
    };
    if (entityUuid.isNull()) {
        Stmt q(d.get(),
               "SELECT id, at, who, action, entity, entity_uuid, before, after, uuid, rater_uuid FROM audit "
               "ORDER BY id DESC LIMIT ?");
        q.bind(1, limit);
        read(q);
    } else {
        Stmt q(d.get(),
               "SELECT id, at, who, action, entity, entity_uuid, before, after, uuid, rater_uuid FROM audit "
               "WHERE entity_uuid = ? "
               "ORDER BY id DESC LIMIT ?");
        q.bind(1, entityUuid).bind(2, limit);
        read(q);
    }
    return list;
}

std::optional<QList<Project::Tombstone>> Project::tombstones(QString *error) const
{
    QList<Tombstone> list;
    Stmt q(d.get(), "SELECT uuid, entity, at, who FROM tombstone ORDER BY at DESC, uuid");
    while (q.next()) {
        list.append({q.uuid(0), q.text(1), q.dateTime(2), q.text(3)});
    }
    if (q.failed()) {
        if (error) {
            *error = readFailed(d.get(), u"the tombstones"_s);
        }
        return std::nullopt;
    }
    return list;
}

} // namespace Concord
