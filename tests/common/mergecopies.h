// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Two copies of a project made from the real corpus, diverged by two raters, and ways
// to compare projects: by what a user relies on (snapshot), by the agreement figures
// (concord-cli agreement --json) and table by table (tableContents). Used by the CLI
// merge tests and the GUI merge tests.

#include "clirun.h"
#include "domain/identity.h"
#include "import/importer.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <sqlite3.h>

#include <algorithm>

namespace Concord::MergeTest {

using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

/// The template both copies start from: the study's dump, one patch and bug reports.
inline bool createCorpusProject(const QString &path, QString *error)
{
    auto project = Project::create(path, error);
    if (!project) {
        return false;
    }
    ImportRequest request;
    request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json"),
                     QStringLiteral(CONCORD_CORPUS_DIR "/patches/google__iree/00a33f7e060caa6616c15003bdac95b7926b76ae.patch"),
                     QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json")};
    ImportResult result;
    return importFiles(*project, request, &result, error) && project->itemCount() > 100;
}

inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

// What a user relies on of a project, by uuid and name only (row ids differ by copy):
// items with their content, raters, values, findings and reconciled findings.
inline QStringList snapshot(const QString &path)
{
    QString error;
    auto p = Project::open(path, Project::ReadOnly, &error);
    if (!p) {
        return {u"cannot open: "_s + error};
    }
    QStringList lines;
    const Codebook codebook = p->codebook();
    auto valueText = [&](const DimensionValues &values, const DimensionComments &comments) {
        QStringList parts;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            QStringList chosen;
            for (ValueId v : it.value()) {
                const CodebookValue *value = codebook.value(v);
                chosen << (value ? value->uuid.toString() + value->name : u"?"_s);
            }
            chosen.sort();
            parts << codebook.dimension(it.key())->key + u'=' + chosen.join(u',');
        }
        for (auto it = comments.cbegin(); it != comments.cend(); ++it) {
            parts << codebook.dimension(it.key())->key + u"#"_s + it.value();
        }
        parts.sort();
        return parts.join(u';');
    };
    QHash<ItemId, QUuid> items;
    for (const Item &item : p->itemsById(p->itemIds()).value_or(QList<Item>())) {
        items.insert(item.id, item.uuid);
        lines << u"item %1 %2 %3 %4 %5"_s.arg(item.uuid.toString(), item.key.toString(), item.title)
                     .arg(p->patchSize(item.id))
                     .arg(QString::fromLatin1(QCryptographicHash::hash(p->patchBytes(item.id).value_or(QByteArray()),
                                                                       QCryptographicHash::Sha1)
                                                  .toHex()));
        QStringList files;
        for (const PatchFile &f : p->patchFiles(item.id)) {
            files << u"%1:%2:%3"_s.arg(f.diff.newPath).arg(f.hunkCount).arg(p->fileHunks(f.id).size());
        }
        lines << u"files %1 %2"_s.arg(item.uuid.toString(), files.join(u','));
    }
    QHash<RaterId, QString> raters;
    for (const Rater &r : p->raters()) {
        raters.insert(r.id, r.uuid.toString() + r.name);
        lines << u"rater "_s + r.uuid.toString() + r.name + u' ' + r.initials;
    }
    for (const Rater &r : p->raters()) {
        const auto statuses = p->labelStatuses(r.id);
        if (!statuses) {
            return {u"cannot read statuses"_s};
        }
        for (auto it = statuses->cbegin(); it != statuses->cend(); ++it) {
            lines << u"status %1 %2 %3"_s.arg(items.value(it.key()).toString(), r.uuid.toString(), labelStatusKey(it.value()));
        }
    }
    for (const CodebookValue &v : codebook.values) {
        const CodebookValue *into = codebook.value(v.mergedInto);
        lines << u"value %1 %2 %3 %4"_s.arg(v.uuid.toString(), codebook.dimension(v.dimension)->key, v.name,
                                            into ? into->uuid.toString() : QString());
    }
    for (const Finding &f : p->findings()) {
        lines << u"finding %1 %2 %3 %4 %5 %6"_s.arg(f.uuid.toString(), items.value(f.item).toString(), raters.value(f.rater))
                     .arg(f.ordinal)
                     .arg(int(f.shouldDiscuss))
                     .arg(valueText(f.values, f.comments));
    }
    for (const ReconciledFinding &r : p->reconciledFindings()) {
        QStringList sources;
        for (const QUuid &s : r.sourceFindings) {
            sources << s.toString();
        }
        sources.sort();
        lines << u"reconciled %1 %2 %3 %4 %5"_s.arg(r.uuid.toString(), items.value(r.item).toString())
                     .arg(int(r.decision))
                     .arg(valueText(r.values, r.comments), sources.join(u','));
    }
    lines.sort();
    return lines;
}

inline QByteArray agreement(const QString &path)
{
    const Run r = cli({u"agreement"_s, path, u"--json"_s});
    if (r.exitCode != 0) {
        return "failed: " + r.err.toUtf8();
    }
    QJsonObject o = QJsonDocument::fromJson(r.out).object();
    o.remove(u"project"_s); // the file's name
    return QJsonDocument(o).toJson();
}


/// Every row of every table (search index and metadata included), as text, sorted
/// within each table: two files with equal contents give equal lists, whatever their
/// page layout. Read through a connection of its own (the project may be open).
inline QStringList tableContents(const QString &path)
{
    sqlite3 *db = nullptr;
    QStringList out;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return {u"cannot open"_s};
    }
    QStringList tables;
    sqlite3_stmt *q = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", -1,
                       &q, nullptr);
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        tables << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(q, 0)));
    }
    sqlite3_finalize(q);
    for (const QString &table : std::as_const(tables)) {
        QStringList rows;
        const QByteArray sql = "SELECT * FROM \"" + table.toUtf8() + '"';
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &q, nullptr) != SQLITE_OK) {
            out << table + u": cannot read"_s;
            continue;
        }
        while (sqlite3_step(q) == SQLITE_ROW) {
            QStringList cells;
            for (int c = 0; c < sqlite3_column_count(q); ++c) {
                const int type = sqlite3_column_type(q, c); // before the blob read converts the value
                const auto *bytes = static_cast<const char *>(sqlite3_column_blob(q, c));
                const QByteArray cell(bytes, sqlite3_column_bytes(q, c));
                cells << QString::number(type) + u':' + QString::fromLatin1(cell.toHex());
            }
            rows << cells.join(u'|');
        }
        sqlite3_finalize(q);
        rows.sort();
        out << u"%1 (%2 rows)"_s.arg(table).arg(rows.size());
        for (const QString &row : std::as_const(rows)) {
            out << table + u": "_s + row;
        }
    }
    sqlite3_close(db);
    return out;
}

// Copy A: Rater 1 adds a value, relabels a shared finding, adds a finding; a value
// named "Shared idea" is created there independently. Copy B: Rater 2 adds another
// value, relabels the same finding later, removes a finding and adds a finding; the
// other "Shared idea".
struct DivergedCopies
{
    QString a, b;
    QUuid shared;     ///< the finding edited in both copies
    QUuid removed;    ///< removed in B
    QUuid addedA, addedB;
    QUuid valueA, valueB;
    QString sharedValueB; ///< the value B gave the shared finding (the later edit)
    QUuid usesMerged;     ///< added in B with a value that A merged into another
    QUuid mergedFrom, mergedInto;
    QUuid editedInB; ///< edited in B only
    QUuid retitled;  ///< an item retitled in A
};


inline bool divergeCopies(const QString &pathA, const QString &pathB, DivergedCopies *out)
{
    out->a = pathA;
    out->b = pathB;
    QString error;
    auto a = Project::open(out->a, Project::ReadWrite, &error);
    auto b = Project::open(out->b, Project::ReadWrite, &error);
    if (!a || !b) {
        qWarning() << error;
        return false;
    }
    const Rater r1 = *a->raterByName(u"Rater 1"_s);
    a->setActor(r1);
    const Rater r2 = *b->raterByName(u"Rater 2"_s);
    b->setActor(r2);
    const Codebook codebook = a->codebook();
    const Dimension *category = codebook.dimensionByKey(u"category"_s);
    if (!category) {
        qWarning() << "no category dimension";
        return false;
    }
    // The shared finding: Rater 1's first finding with a category (same uuid in both copies).
    const QList<Finding> all = a->findings();
    const auto shared = std::find_if(all.cbegin(), all.cend(), [&](const Finding &f) {
        return f.rater == r1.id && !f.valuesOf(category->id).isEmpty();
    });
    const auto removed = std::find_if(all.cbegin(), all.cend(), [&](const Finding &f) { return f.rater != r1.id && f.rater != r2.id; });
    if (shared == all.cend() || removed == all.cend()) {
        qWarning() << "no findings to edit";
        return false;
    }
    out->shared = shared->uuid;
    out->removed = removed->uuid;

    auto valueA = a->addValue({0, {}, category->id, u"Merge test value A"_s, u"added in copy A"_s, 900}, &error);
    auto sameA = a->addValue({0, Identity::random(), category->id, u"Shared idea"_s, {}, 901}, &error);
    // (Distinct orders: values of equal order are listed by row id, which differs by copy.)
    auto valueB = b->addValue({0, {}, category->id, u"Merge test value B"_s, u"added in copy B"_s, 902}, &error);
    auto sameB = b->addValue({0, Identity::random(), category->id, u"Shared idea"_s, {}, 903}, &error);
    if (!valueA || !sameA || !valueB || !sameB) {
        qWarning() << error;
        return false;
    }
    out->valueA = a->codebook().value(*valueA)->uuid;
    out->valueB = b->codebook().value(*valueB)->uuid;
    out->sharedValueB = u"Merge test value B"_s;

    // The concurrent edit: A first, B later.
    const Finding inA = *a->findingByUuid(out->shared);
    if (!a->setFindingValues(inA.id, category->id, {*valueA}, &error)
        || !a->setFindingComment(inA.id, category->id, u"A's reading"_s, &error)) {
        qWarning() << error;
        return false;
    }
    QThread::msleep(20);
    const Finding inB = *b->findingByUuid(out->shared);
    if (!b->setFindingValues(inB.id, category->id, {*valueB}, &error)) {
        qWarning() << error;
        return false;
    }
    // New findings on both sides, a removal on B.
    const QList<ItemId> ids = a->itemIds();
    Finding fa;
    fa.item = ids.last();
    fa.rater = r1.id;
    fa.ordinal = -1;
    fa.values.insert(category->id, {*sameA});
    fa.comments.insert(category->id, u"new in A"_s);
    Finding fb;
    fb.item = ids.first();
    fb.rater = r2.id;
    fb.ordinal = -1;
    fb.values.insert(category->id, {*sameB});
    auto idA = a->addFinding(fa, &error);
    auto idB = b->addFinding(fb, &error);
    if (!idA || !idB || !b->removeFinding(b->findingByUuid(out->removed)->id, &error)) {
        qWarning() << error;
        return false;
    }
    out->addedA = a->finding(*idA)->uuid;
    out->addedB = b->finding(*idB)->uuid;

    // A merges one value into another while B uses it in a new finding.
    const QList<CodebookValue> active = codebook.valuesOf(category->id, false);
    const CodebookValue from = active.at(1);
    const CodebookValue into = active.at(2);
    out->mergedFrom = from.uuid;
    out->mergedInto = into.uuid;
    if (!a->mergeValues(from.id, into.id, &error)) {
        qWarning() << error;
        return false;
    }
    Finding fc;
    fc.item = ids.at(1);
    fc.rater = r2.id;
    fc.ordinal = -1;
    fc.values.insert(category->id, {b->codebook().valueByUuid(from.uuid)->id});
    auto idC = b->addFinding(fc, &error);
    if (!idC) {
        qWarning() << error;
        return false;
    }
    out->usesMerged = b->finding(*idC)->uuid;

    // An edit in B alone.
    const auto onlyB = std::find_if(all.cbegin(), all.cend(), [&](const Finding &f) {
        return f.rater == r2.id && f.uuid != out->removed && f.uuid != out->shared;
    });
    if (onlyB == all.cend() || !b->setFindingFlags(b->findingByUuid(onlyB->uuid)->id, true, true, &error)) {
        qWarning() << "no finding of Rater 2 to flag" << error;
        return false;
    }
    out->editedInB = onlyB->uuid;

    // A retitles an item.
    Item retitled = *a->item(ids.at(2));
    retitled.title = u"Retitled in copy A"_s;
    if (!a->updateItem(retitled, &error)) {
        qWarning() << error;
        return false;
    }
    out->retitled = retitled.uuid;

    // A changes a rater's initials.
    Rater r3 = *a->raterByName(u"Rater 3"_s);
    r3.initials = u"R3x"_s;
    if (!a->updateRater(r3, &error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

} // namespace Concord::MergeTest
