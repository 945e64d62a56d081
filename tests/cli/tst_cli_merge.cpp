// SPDX-License-Identifier: GPL-3.0-or-later
// Merging copies of one project (Project::planMerge/applyMerge, concord-cli merge): two
// copies of a project imported from the real corpus diverge through edits by two raters
// and are merged both ways.
#include "../common/mergecopies.h"
#include "domain/identity.h"
#include "import/importer.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sqlite3.h>

using namespace Concord;
using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

using namespace Concord::MergeTest;

class TestCliMerge : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_template;
    int m_counter = 0;

    QString copyOf(const QString &from)
    {
        const QString path = m_dir.filePath(u"p%1.concord"_s.arg(++m_counter));
        return QFile::copy(from, path) ? path : QString();
    }

    using Diverged = DivergedCopies;

    bool diverge(Diverged *out)
    {
        return divergeCopies(copyOf(m_template), copyOf(m_template), out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_template = m_dir.filePath(u"corpus.concord"_s);
        QString error;
        QVERIFY2(createCorpusProject(m_template, &error), qPrintable(error));
    }
    void help()
    {
        const Run r = cli({u"merge"_s, u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--dry-run"));
        QVERIFY(r.out.contains("before-merge.bak"));
    }

    void bothWaysGiveEqualProjectsWithEveryEdit()
    {
        Diverged v;
        QVERIFY(diverge(&v));
        const QStringList beforeA = snapshot(v.a);
        const QStringList beforeB = snapshot(v.b);
        QVERIFY(beforeA != beforeB);

        // B into a copy of A, and A into a copy of B.
        const QString x = copyOf(v.a);
        const QString y = copyOf(v.b);
        QString error;
        MergeReport rx, ry;
        {
            auto p = Project::open(x, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            auto r = p->applyMerge(v.b, &error);
            QVERIFY2(r, qPrintable(error));
            rx = *r;
        }
        {
            auto p = Project::open(y, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            auto r = p->applyMerge(v.a, &error);
            QVERIFY2(r, qPrintable(error));
            ry = *r;
        }
        const QStringList sx = snapshot(x);
        const QStringList sy = snapshot(y);
        QCOMPARE(sx, sy);
        QCOMPARE(agreement(x), agreement(y));
        QVERIFY(!agreement(x).startsWith("failed"));

        // Every edit is there.
        auto p = Project::open(x, Project::ReadOnly, &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->findingByUuid(v.addedA));
        QVERIFY(p->findingByUuid(v.addedB));
        QVERIFY(!p->findingByUuid(v.removed)); // deleted in B stays deleted
        const Codebook codebook = p->codebook();
        QVERIFY(codebook.valueByUuid(v.valueA));
        QVERIFY(codebook.valueByUuid(v.valueB));
        const Finding shared = *p->findingByUuid(v.shared);
        const Dimension *category = codebook.dimensionByKey(u"category"_s);
        QCOMPARE(shared.valuesOf(category->id).size(), 1);
        QCOMPARE(codebook.value(shared.valuesOf(category->id).first())->name, v.sharedValueB); // the later edit
        QVERIFY(p->findingByUuid(v.editedInB)->unsure);
        QCOMPARE(p->itemByUuid(v.retitled)->title, u"Retitled in copy A"_s);
        QCOMPARE(p->raterByName(u"Rater 3"_s)->initials, u"R3x"_s);
        QVERIFY(std::any_of(rx.changes.cbegin(), rx.changes.cend(), [&](const MergeReport::Change &c) {
            return c.uuid == v.editedInB && c.action == u"update"_s;
        }));
        // The value merged in A is merged, and B's new use of it moved to the value it went into.
        QCOMPARE(codebook.value(codebook.valueByUuid(v.mergedFrom)->mergedInto)->uuid, v.mergedInto);
        const Finding usesMerged = *p->findingByUuid(v.usesMerged);
        QCOMPARE(usesMerged.valuesOf(category->id).size(), 1);
        QCOMPARE(codebook.value(usesMerged.valuesOf(category->id).first())->uuid, v.mergedInto);
        // Both "Shared idea" values were kept.
        int sharedIdeas = 0;
        for (const CodebookValue &value : codebook.valuesOf(category->id)) {
            sharedIdeas += value.name == u"Shared idea"_s ? 1 : 0;
        }
        QCOMPARE(sharedIdeas, 2);

        // The conflicts were reported with their rule, in both directions.
        for (const MergeReport &r : {rx, ry}) {
            const bool findingConflict = std::any_of(r.changes.cbegin(), r.changes.cend(), [&](const MergeReport::Change &c) {
                return c.action == u"conflict"_s && c.uuid == v.shared && c.detail.contains(u"later edit wins"_s);
            });
            QVERIFY(findingConflict);
            const bool nameConflict = std::any_of(r.changes.cbegin(), r.changes.cend(), [&](const MergeReport::Change &c) {
                return c.action == u"conflict"_s && c.detail.contains(u"\"Shared idea\""_s);
            });
            QVERIFY(nameConflict);
            // An edit made in one copy only is no conflict.
            QVERIFY(std::none_of(r.changes.cbegin(), r.changes.cend(), [&](const MergeReport::Change &c) {
                return c.uuid == v.editedInB && c.action == u"conflict"_s;
            }));
            QVERIFY(!r.backupPath.isEmpty());
        }
        // The backup is the project as it was before.
        QCOMPARE(snapshot(rx.backupPath), beforeA);
    }

    void sequentialMergesConvergeAndRepeatIsNoOp()
    {
        Diverged v;
        QVERIFY(diverge(&v));
        QString error;
        {
            auto b = Project::open(v.b, Project::ReadWrite, &error);
            QVERIFY2(b, qPrintable(error));
            QVERIFY2(b->applyMerge(v.a, &error), qPrintable(error));
        }
        {
            auto a = Project::open(v.a, Project::ReadWrite, &error);
            QVERIFY2(a, qPrintable(error));
            QVERIFY2(a->applyMerge(v.b, &error), qPrintable(error));
        }
        QCOMPARE(snapshot(v.a), snapshot(v.b));
        QCOMPARE(agreement(v.a), agreement(v.b));

        // Again, both ways: audit entries of the last merge may travel once, then nothing.
        for (int round = 0; round < 2; ++round) {
            for (const auto &[into, from] : {std::pair{v.b, v.a}, std::pair{v.a, v.b}}) {
                auto p = Project::open(into, Project::ReadWrite, &error);
                QVERIFY2(p, qPrintable(error));
                const auto r = p->applyMerge(from, &error);
                QVERIFY2(r, qPrintable(error));
                QCOMPARE(r->substantive(), 0);
                if (round == 1) {
                    QCOMPARE(r->changes.size(), 0); // equal projects: not even a conflict to report
                }
            }
        }
        // A merge with nothing to do leaves the file as it is.
        const QByteArray hash = fileHash(v.a);
        const Run r = cli({u"merge"_s, v.a, v.b, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"changes"_s).toArray().size(), 0);
        QCOMPARE(fileHash(v.a), hash);
    }

    void dryRunPredictsExactlyAndChangesNothing()
    {
        Diverged v;
        QVERIFY(diverge(&v));
        const QByteArray hash = fileHash(v.a);
        const Run plan = cli({u"merge"_s, v.a, v.b, u"--dry-run"_s, u"--json"_s});
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
        QCOMPARE(fileHash(v.a), hash);
        QVERIFY(!QFile::exists(v.a + u".before-merge.bak"_s));
        const QJsonObject planned = QJsonDocument::fromJson(plan.out).object();
        QVERIFY(planned.value(u"dry_run"_s).toBool());
        QVERIFY(planned.value(u"conflicts"_s).toInt() >= 2);

        const Run text = cli({u"merge"_s, v.a, v.b, u"--dry-run"_s});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY(text.out.contains("Dry run: nothing was changed."));
        QCOMPARE(fileHash(v.a), hash);

        const Run done = cli({u"merge"_s, v.a, v.b, u"--json"_s});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        const QJsonObject merged = QJsonDocument::fromJson(done.out).object();
        QCOMPARE(merged.value(u"changes"_s).toArray(), planned.value(u"changes"_s).toArray());
        QCOMPARE(merged.value(u"backup"_s).toString(), v.a + u".before-merge.bak"_s);
        QCOMPARE(fileHash(merged.value(u"backup"_s).toString()).isEmpty(), false);
        QVERIFY(fileHash(v.a) != hash);
    }

    void existingBackupIsNeverOverwritten()
    {
        Diverged v;
        QVERIFY(diverge(&v));
        QFile old(v.a + u".before-merge.bak"_s);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older backup");
        old.close();
        const Run done = cli({u"merge"_s, v.a, v.b, u"--json"_s});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        QCOMPARE(QJsonDocument::fromJson(done.out).object().value(u"backup"_s).toString(), v.a + u".before-merge.bak.2"_s);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("an older backup"));
    }

    void foreignDamagedOrCraftedFileChangesNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("another project") << u"foreign"_s << u"another project"_s;
        QTest::newRow("damaged") << u"damaged"_s << u"Cannot merge"_s;
        QTest::newRow("crafted: a trigger") << u"trigger"_s << u"Cannot merge"_s;
        QTest::newRow("not a project") << u"text"_s << u"Cannot merge"_s;
        QTest::newRow("missing") << u"missing"_s << u"Cannot merge"_s;
        QTest::newRow("itself") << u"itself"_s << u"into itself"_s;
    }

    void foreignDamagedOrCraftedFileChangesNothing()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        Diverged v;
        QVERIFY(diverge(&v));
        QString other = v.b;
        if (kind == u"foreign"_s) {
            // The same corpus imported into a new project: same item uuids, another project.
            other = m_dir.filePath(u"foreign%1.concord"_s.arg(++m_counter));
            QString error;
            auto p = Project::create(other, &error);
            QVERIFY2(p, qPrintable(error));
            ImportRequest request;
            request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")};
            ImportResult result;
            QVERIFY2(importFiles(*p, request, &result, &error), qPrintable(error));
        } else if (kind == u"damaged"_s) {
            QFile f(other);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 size = f.size();
            QVERIFY(f.seek(size / 2));
            f.write(QByteArray(64 * 1024, '\x5a'));
            QVERIFY(f.seek(0));
            f.write(QByteArray(100, '\x00'));
        } else if (kind == u"trigger"_s) {
            // A copy of the project that runs SQL of its own when a finding is written.
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(other).constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "CREATE TRIGGER sneaky AFTER INSERT ON finding BEGIN DELETE FROM finding; END",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            QCOMPARE(sqlite3_close(db), SQLITE_OK);
        } else if (kind == u"text"_s) {
            other = m_dir.filePath(u"notes%1.concord"_s.arg(++m_counter));
            QFile f(other);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("these are not the labels you are looking for\n");
        } else if (kind == u"missing"_s) {
            other = m_dir.filePath(u"nothing-here.concord"_s);
        } else if (kind == u"itself"_s) {
            other = v.a;
        }
        const QByteArray hash = fileHash(v.a);
        for (const QStringList &extra : {QStringList{u"--dry-run"_s}, QStringList{}}) {
            const Run r = cli(QStringList{u"merge"_s, v.a, other} + extra);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(expected), qPrintable(r.err));
            QVERIFY2(r.err.contains(u"unchanged"_s), qPrintable(r.err));
            QCOMPARE(fileHash(v.a), hash);
            QVERIFY(!QFile::exists(v.a + u".before-merge.bak"_s));
        }
    }

    // A dimension of the other copy that this project does not take (deleted here, or
    // another dimension here has its key) keeps its labels out of the merge: a conflict
    // that says how many, reported again by every merge of that file, and nothing else lost.
    void dimensionLeftOutReportsItsLabels_data()
    {
        QTest::addColumn<bool>("deletedHere");
        QTest::newRow("same key, another uuid") << false;
        QTest::newRow("deleted in this copy") << true;
    }

    void dimensionLeftOutReportsItsLabels()
    {
        QFETCH(bool, deletedHere);
        const QString a = copyOf(m_template);
        const QString b = copyOf(m_template);
        QString error;
        Dimension incoming;
        incoming.key = u"severity_x"_s;
        incoming.name = u"Severity"_s;
        incoming.order = 50;
        incoming.uuid = Identity::random();
        QUuid finding;
        {
            auto p = Project::open(b, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            const Rater r2 = *p->raterByName(u"Rater 2"_s);
            p->setActor(r2);
            const auto dimension = p->addDimension(incoming, &error);
            QVERIFY2(dimension, qPrintable(error));
            const auto high = p->addValue({0, {}, *dimension, u"High"_s, {}, 0}, &error);
            QVERIFY2(high, qPrintable(error));
            const Codebook codebook = p->codebook(); // category points into it
            const Dimension *category = codebook.dimensionByKey(u"category"_s);
            QVERIFY(category);
            Finding f;
            f.item = p->itemIds().first();
            f.rater = r2.id;
            f.ordinal = -1;
            f.values.insert(*dimension, {*high});
            f.comments.insert(*dimension, u"looks bad"_s);
            f.values.insert(category->id, {codebook.valuesOf(category->id, false).first().id});
            const auto id = p->addFinding(f, &error);
            QVERIFY2(id, qPrintable(error));
            finding = p->finding(*id)->uuid;
        }
        if (deletedHere) {
            // No edit deletes a dimension yet; a tombstone is what a deletion would leave.
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(a).constData(), &db), SQLITE_OK);
            const QByteArray sql = "INSERT INTO tombstone(uuid, entity, at, who) VALUES('"
                + incoming.uuid.toString(QUuid::WithoutBraces).toLatin1() + "', 'dimension', '2026-01-01T00:00:00.000Z', 'test')";
            QCOMPARE(sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_close(db), SQLITE_OK);
        } else {
            auto p = Project::open(a, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            Dimension mine = incoming;
            mine.name = u"Severity (A's)"_s;
            mine.uuid = Identity::random();
            QVERIFY2(p->addDimension(mine, &error), qPrintable(error));
        }
        const QByteArray hashBefore = fileHash(a);
        for (int round = 0; round < 2; ++round) {
            const Run r = cli({u"merge"_s, a, b, u"--json"_s});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const QJsonArray changes = QJsonDocument::fromJson(r.out).object().value(u"changes"_s).toArray();
            const auto reported = std::find_if(changes.cbegin(), changes.cend(), [&](const QJsonValue &c) {
                return c.toObject().value(u"uuid"_s).toString() == incoming.uuid.toString(QUuid::WithoutBraces)
                    && c.toObject().value(u"detail"_s).toString().contains(u"label"_s);
            });
            QVERIFY2(reported != changes.cend(), r.out.constData());
            const QJsonObject c = reported->toObject();
            QCOMPARE(c.value(u"action"_s).toString(), u"conflict"_s);
            QCOMPARE(c.value(u"writes"_s).toBool(), false);
            const QString detail = c.value(u"detail"_s).toString();
            QVERIFY2(detail.contains(u"its 2 label(s) on 1 finding(s) there were not brought in"_s), qPrintable(detail));
            QVERIFY2(detail.contains(deletedHere ? u"deleted in this copy"_s : u"another dimension here has its key"_s),
                     qPrintable(detail));
            if (round == 0) {
                QVERIFY(fileHash(a) != hashBefore); // the finding came in
            } else {
                // Nothing else to bring in: the conflicts alone write nothing.
                QVERIFY2(std::none_of(changes.cbegin(), changes.cend(),
                                      [](const QJsonValue &v) { return v.toObject().value(u"writes"_s).toBool(); }),
                         r.out.constData());
            }
        }
        // The finding came in with its category; the left-out dimension's labels did not.
        auto p = Project::open(a, Project::ReadOnly, &error);
        QVERIFY2(p, qPrintable(error));
        const std::optional<Finding> merged = p->findingByUuid(finding);
        QVERIFY(merged);
        const Codebook codebook = p->codebook();
        QCOMPARE(merged->values.size(), 1);
        QCOMPARE(codebook.dimension(merged->values.firstKey())->key, u"category"_s);
        QVERIFY(merged->comments.isEmpty());
        QVERIFY(std::none_of(codebook.dimensions.cbegin(), codebook.dimensions.cend(),
                             [&](const Dimension &d) { return d.uuid == incoming.uuid; }));
    }

    // Content imported into one copy only (a patch for an item both have, bug reports as
    // new items) comes along, byte for byte.
    void contentImportedInOneCopyComesAlong()
    {
        const QString base = m_dir.filePath(u"light%1.concord"_s.arg(++m_counter));
        QString error;
        {
            auto p = Project::create(base, &error);
            QVERIFY2(p, qPrintable(error));
            ImportRequest request;
            request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")};
            ImportResult result;
            QVERIFY2(importFiles(*p, request, &result, &error), qPrintable(error));
        }
        const QString a = copyOf(base);
        const QString b = copyOf(base);
        const QString patch = QStringLiteral(CONCORD_CORPUS_DIR "/patches/google__iree/00a33f7e060caa6616c15003bdac95b7926b76ae.patch");
        for (const auto &[path, file] : {std::pair{a, patch}, std::pair{b, QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json")}}) {
            auto p = Project::open(path, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            ImportRequest request;
            request.files = {file};
            ImportResult result;
            QVERIFY2(importFiles(*p, request, &result, &error), qPrintable(error));
        }
        const QString x = copyOf(a);
        const QString y = copyOf(b);
        for (const auto &[into, from] : {std::pair{x, b}, std::pair{y, a}}) {
            auto p = Project::open(into, Project::ReadWrite, &error);
            QVERIFY2(p, qPrintable(error));
            QVERIFY2(p->applyMerge(from, &error), qPrintable(error));
        }
        QCOMPARE(snapshot(x), snapshot(y));
        QByteArray original;
        {
            QFile f(patch);
            QVERIFY(f.open(QIODevice::ReadOnly));
            original = f.readAll();
        }
        ProjectCounts counts[2];
        int n = 0;
        for (const QString &path : {x, y}) {
            auto p = Project::open(path, Project::ReadOnly, &error);
            QVERIFY2(p, qPrintable(error));
            counts[n++] = p->counts();
            const auto item = p->itemByKey(ItemKey::commit(u"google/iree"_s, u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s));
            QVERIFY(item);
            QCOMPARE(p->patchBytes(item->id).value_or(QByteArray()), original);
            QVERIFY(!p->patchFiles(item->id).isEmpty());
            QVERIFY(!p->search(u"iree"_s).isEmpty());
        }
        QCOMPARE(counts[0], counts[1]);
        QVERIFY(counts[0].bugReports > 0);
        QVERIFY(counts[0].hunks > 0);
    }

    void raterCopiesKeepBlindnessAndMergeBack()
    {
        const QString master = copyOf(m_template);
        QString error;
        QHash<QString, QString> copies;
        qint64 allFindings = 0;
        qint64 reconciledCount = 0;
        {
            auto p = Project::open(master, Project::ReadOnly, &error);
            QVERIFY2(p, qPrintable(error));
            allFindings = p->findings().size();
            reconciledCount = p->reconciledFindings().size();
            QVERIFY(reconciledCount > 0);
        }
        for (const QString &name : {u"Rater 1"_s, u"Rater 2"_s}) {
            const QString out = m_dir.filePath(u"copy-%1-%2.concord"_s.arg(name.right(1)).arg(++m_counter));
            const Run r = cli({u"export-rater"_s, master, u"--rater"_s, name, u"--out"_s, out, u"--json"_s});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            copies.insert(name, out);
            auto copy = Project::open(out, Project::ReadWrite, &error);
            QVERIFY2(copy, qPrintable(error));
            const Rater me = *copy->raterByName(name);
            const QList<Finding> findings = copy->findings();
            QVERIFY(!findings.isEmpty());
            QSet<QUuid> mine;
            for (const Finding &f : findings) {
                QCOMPARE(f.rater, me.id); // nobody else's findings
                mine.insert(f.uuid);
            }
            QCOMPARE(copy->reconciledFindings().size(), 0);
            QCOMPARE(copy->projectUuid(), Project::open(master, Project::ReadOnly, &error)->projectUuid());
            for (const AuditEntry &e : copy->auditLog(100000)) {
                if (e.entity == u"finding"_s) {
                    QVERIFY(mine.contains(e.entityUuid));
                }
                QVERIFY(e.entity != u"reconciled"_s);
            }
            // The rater labels one more item in the copy.
            const Codebook codebook = copy->codebook();
            const Dimension *category = codebook.dimensionByKey(u"category"_s);
            Finding f;
            f.item = copy->itemIds().at(name == u"Rater 1"_s ? 3 : 4);
            f.rater = me.id;
            f.ordinal = -1;
            f.comments.insert(category->id, u"labelled on the laptop of "_s + name);
            QVERIFY2(copy->addFinding(f, &error), qPrintable(error));
            QVERIFY(copy->patchSize(copy->itemIds().first()) > 0 || copy->bugReport(copy->itemIds().first()));
        }
        // An existing file is never replaced.
        const QByteArray before = fileHash(copies.value(u"Rater 1"_s));
        const Run again = cli({u"export-rater"_s, master, u"--rater"_s, u"Rater 1"_s, u"--out"_s, copies.value(u"Rater 1"_s)});
        QCOMPARE(again.exitCode, 2);
        QCOMPARE(fileHash(copies.value(u"Rater 1"_s)), before);

        for (const QString &copy : std::as_const(copies)) {
            const Run r = cli({u"merge"_s, master, copy, u"--json"_s});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QCOMPARE(QJsonDocument::fromJson(r.out).object().value(u"deleted"_s).toInt(), 0);
        }
        auto p = Project::open(master, Project::ReadOnly, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->findings().size(), allFindings + 2); // everyone's findings, and both new ones
        QCOMPARE(p->reconciledFindings().size(), reconciledCount);
        int fromLaptops = 0;
        for (const Finding &f : p->findings()) {
            for (const QString &c : f.comments) {
                fromLaptops += c.startsWith(u"labelled on the laptop of"_s) ? 1 : 0;
            }
        }
        QCOMPARE(fromLaptops, 2);
    }

    // Random edits on two copies: merging is idempotent, commutative in its result and
    // loses nothing either copy added.
    void randomEditsKeepTheMergeLaws()
    {
        for (int seed = 1; seed <= 3; ++seed) {
            QRandomGenerator rng{quint32(seed)};
            const QString a = copyOf(m_template);
            const QString b = copyOf(m_template);
            QString error;
            QSet<QUuid> added;
            QSet<QUuid> removed;
            for (const QString &path : {a, b}) {
                auto p = Project::open(path, Project::ReadWrite, &error);
                QVERIFY2(p, qPrintable(error));
                const Codebook codebook = p->codebook();
                const Dimension *category = codebook.dimensionByKey(u"category"_s);
                const QList<CodebookValue> values = codebook.valuesOf(category->id, false);
                const QList<ItemId> ids = p->itemIds();
                const QList<Rater> raters = p->raters();
                for (int step = 0; step < 25; ++step) {
                    const QList<Finding> all = p->findings();
                    const int op = rng.bounded(6);
                    if (op == 0 || all.isEmpty()) {
                        Finding f;
                        f.item = ids.at(rng.bounded(ids.size()));
                        f.rater = raters.at(rng.bounded(raters.size())).id;
                        f.ordinal = -1;
                        f.values.insert(category->id, {values.at(rng.bounded(values.size())).id});
                        const auto id = p->addFinding(f, &error);
                        QVERIFY2(id, qPrintable(error));
                        added.insert(p->finding(*id)->uuid);
                    } else if (op == 1) {
                        const Finding &f = all.at(rng.bounded(all.size()));
                        removed.insert(f.uuid);
                        added.remove(f.uuid);
                        QVERIFY2(p->removeFinding(f.id, &error), qPrintable(error));
                    } else if (op == 2) {
                        const Finding &f = all.at(rng.bounded(all.size()));
                        QVERIFY2(p->setFindingValues(f.id, category->id, {values.at(rng.bounded(values.size())).id}, &error),
                                 qPrintable(error));
                    } else if (op == 3) {
                        const Finding &f = all.at(rng.bounded(all.size()));
                        QVERIFY2(p->setFindingComment(f.id, category->id, u"comment %1"_s.arg(rng.generate()), &error),
                                 qPrintable(error));
                    } else if (op == 4) {
                        // A codebook value renamed (possibly the same one differently in the other copy).
                        CodebookValue value = *p->codebook().value(values.at(rng.bounded(values.size())).id);
                        value.name = u"renamed %1 %2"_s.arg(seed).arg(rng.generate());
                        QVERIFY2(p->updateValue(value, &error), qPrintable(error));
                    } else {
                        const Finding &f = all.at(rng.bounded(all.size()));
                        QVERIFY2(p->setItemDone(f.item, f.rater, rng.bounded(2) == 1, &error), qPrintable(error));
                    }
                }
            }
            const QString x = copyOf(a);
            const QString y = copyOf(b);
            for (const auto &[into, from] : {std::pair{x, b}, std::pair{y, a}}) {
                auto p = Project::open(into, Project::ReadWrite, &error);
                QVERIFY2(p, qPrintable(error));
                QVERIFY2(p->applyMerge(from, &error), qPrintable(error));
                const auto again = p->applyMerge(from, &error);
                QVERIFY2(again, qPrintable(error));
                QVERIFY(again->isNoOp()); // idempotent
                QVERIFY(again->backupPath.isEmpty());
            }
            QCOMPARE(snapshot(x), snapshot(y)); // commutative in result
            auto p = Project::open(x, Project::ReadOnly, &error);
            QVERIFY2(p, qPrintable(error));
            for (const QUuid &uuid : std::as_const(added)) {
                QVERIFY2(p->findingByUuid(uuid), qPrintable(uuid.toString())); // nothing lost
            }
            for (const QUuid &uuid : std::as_const(removed)) {
                QVERIFY(!p->findingByUuid(uuid)); // deletions win
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCliMerge)
#include "tst_cli_merge.moc"
