// SPDX-License-Identifier: GPL-3.0-or-later
// Record identity in the project store (schema 3): one function makes every uuid,
// deletions leave tombstones, ids are never reused, audit rows carry uuids, bulk reads
// report failure, and a schema-2 file migrates with a backup. Real SQLite files.
#include "domain/identity.h"
#include "import/importer.h"
#include "store/project.h"
#include "store/schema.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

bool rawExec(const QString &path, const QByteArray &sql, QString *error = nullptr)
{
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK;
    char *message = nullptr;
    ok = ok && sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) == SQLITE_OK;
    if (!ok && error) {
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    }
    sqlite3_free(message);
    sqlite3_close(db);
    return ok;
}

qint64 rawInt(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    qint64 v = -1;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            v = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return v;
}

const QString s_iree = u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s;

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(u"p%1.concord"_s.arg(++m_counter)); }

    /// A project with the study's web-app dump imported.
    std::unique_ptr<Project> sample(QString *path = nullptr)
    {
        const QString p = freshPath();
        QString error;
        auto project = Project::create(p, &error);
        if (!project) {
            qWarning() << error;
            return nullptr;
        }
        ImportRequest request;
        request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")};
        ImportResult result;
        if (!importFiles(*project, request, &result, &error)) {
            qWarning() << error;
            return nullptr;
        }
        if (path) {
            *path = p;
        }
        return project;
    }

private Q_SLOTS:
    void namesAreTheFileFormat()
    {
        // The v5 names of the first importers: existing files keep their uuids.
        const QUuid ns(u"{6c1f3d2a-7e4b-5a90-8c1d-2f6e9b0a4c37}"_s);
        QCOMPARE(Identity::item(ItemKey::commit(u"google/iree"_s, s_iree)),
                 QUuid::createUuidV5(ns, u"item/google/iree@"_s + s_iree));
        QCOMPARE(Identity::item(ItemKey::issue(u"tensorflow/tensorflow"_s, 12)),
                 QUuid::createUuidV5(ns, u"item/tensorflow/tensorflow#12"_s));
        QCOMPARE(Identity::value(u"category"_s, u"Other"_s), QUuid::createUuidV5(ns, u"value/category/Other"_s));
        QCOMPARE(Identity::dimension(u"category"_s), QUuid::createUuidV5(ns, u"dimension/category"_s));
        QCOMPARE(Identity::sourceRecord(u"ponder/bugfix/1/x"_s), QUuid::createUuidV5(ns, u"ponder/bugfix/1/x"_s));
        QVERIFY(Identity::random() != Identity::random());
        QCOMPARE(Identity::random().version(), QUuid::Random);
    }

    void importedAndHandMadeRecordsGetTheSameUuids()
    {
        auto imported = sample();
        QVERIFY(imported);
        const auto item = imported->itemByKey(ItemKey::commit(u"google/iree"_s, s_iree));
        QVERIFY(item);
        QCOMPARE(item->uuid, Identity::item(item->key));
        QString error;
        const std::optional<Codebook> book = imported->codebook(&error);
        QVERIFY2(book, qPrintable(error));
        QVERIFY(book->dimensions.size() >= 5);
        for (const Dimension &d : book->dimensions) {
            QCOMPARE(d.uuid, Identity::dimension(d.key));
        }
        for (const CodebookValue &v : book->values) {
            QCOMPARE(v.uuid, Identity::value(book->dimension(v.dimension)->key, v.name));
        }

        // The same records made by hand in another project: the same uuids.
        auto byHand = Project::create(freshPath(), &error);
        QVERIFY(byHand);
        Item copy;
        copy.key = item->key;
        const auto itemId = byHand->addItem(copy, &error);
        QVERIFY2(itemId, qPrintable(error));
        QCOMPARE(byHand->item(*itemId)->uuid, item->uuid);
        Dimension gate;
        gate.key = u"is_func_fix"_s;
        gate.kind = Dimension::Kind::Gate;
        const auto gateId = byHand->addDimension(gate, &error);
        QVERIFY2(gateId, qPrintable(error));
        const Codebook handBook = byHand->codebook();
        QCOMPARE(handBook.dimension(*gateId)->uuid, book->dimensionByKey(u"is_func_fix"_s)->uuid);
        const CodebookValue *yes = handBook.valueByName(*gateId, u"Yes"_s);
        QVERIFY(yes);
        QCOMPARE(yes->uuid, book->valueByName(book->dimensionByKey(u"is_func_fix"_s)->id, u"Yes"_s)->uuid);
        // Hand-made findings and raters are random.
        const auto rater = byHand->addRater({0, {}, u"R"_s}, &error);
        QCOMPARE(byHand->rater(*rater)->uuid.version(), QUuid::Random);

        // A renamed value leaves its name's uuid taken: a new value of that name gets a random one.
        CodebookValue renamed = *yes;
        renamed.name = u"Yes, a fix"_s;
        QVERIFY2(byHand->updateValue(renamed, &error), qPrintable(error));
        CodebookValue again;
        again.dimension = *gateId;
        again.name = u"Yes"_s;
        const auto againId = byHand->addValue(again, &error);
        QVERIFY2(againId, qPrintable(error));
        QVERIFY(byHand->codebook().value(*againId)->uuid != yes->uuid);
    }

    void deletionsLeaveTombstonesAndIdsAreNotReused()
    {
        auto project = sample();
        QVERIFY(project);
        QString error;
        const Rater rater = *project->raterByName(u"Rater 1"_s);
        project->setActor(rater);
        const ItemId item = project->itemIds().first();
        Finding f;
        f.item = item;
        f.rater = rater.id;
        const auto id = project->addFinding(f, &error);
        QVERIFY2(id, qPrintable(error));
        const Finding added = *project->finding(*id);
        QVERIFY(project->removeFinding(*id, &error));

        auto tombstones = project->tombstones(&error);
        QVERIFY2(tombstones, qPrintable(error));
        QCOMPARE(tombstones->size(), 1);
        QCOMPARE(tombstones->first().uuid, added.uuid);
        QCOMPARE(tombstones->first().entity, u"finding"_s);
        QCOMPARE(tombstones->first().who, u"Rater 1"_s);
        QVERIFY(tombstones->first().at.isValid());

        // The highest id was deleted; SQLite alone would hand it out again.
        const auto next = project->addFinding(f, &error);
        QVERIFY2(next, qPrintable(error));
        QVERIFY2(*next > *id, qPrintable(u"%1 after %2"_s.arg(*next).arg(*id)));

        // Undo of the delete: the same uuid comes back, its tombstone goes.
        Finding undo = added;
        undo.id = 0;
        const auto restored = project->addFinding(undo, &error);
        QVERIFY2(restored, qPrintable(error));
        QCOMPARE(project->finding(*restored)->uuid, added.uuid);
        QVERIFY(project->tombstones()->isEmpty());

        // An item takes its findings and reconciled findings along: all get tombstones.
        const QList<Finding> findingsOfItem = project->findingsForItem(item);
        const QList<ReconciledFinding> reconciledOfItem = project->reconciledForItem(item);
        const ItemId maxItem = project->itemIds().last();
        const QUuid itemUuid = project->item(item)->uuid;
        QVERIFY(project->removeItem(item, &error));
        tombstones = project->tombstones(&error);
        QCOMPARE(tombstones->size(), 1 + findingsOfItem.size() + reconciledOfItem.size());
        QSet<QUuid> buried;
        for (const Project::Tombstone &t : *tombstones) {
            buried.insert(t.uuid);
        }
        QVERIFY(buried.contains(itemUuid));
        for (const Finding &g : findingsOfItem) {
            QVERIFY(buried.contains(g.uuid));
        }
        QVERIFY(project->removeItem(maxItem, &error));
        Item newItem;
        newItem.key = ItemKey::commit(u"a/b"_s, u"0123456789abcdef0123456789abcdef01234567"_s);
        const auto newId = project->addItem(newItem, &error);
        QVERIFY2(newId, qPrintable(error));
        QVERIFY(*newId > maxItem);
    }

    void auditRowsCarryUuids()
    {
        auto project = sample();
        QVERIFY(project);
        QString error;
        const Rater rater = *project->raterByName(u"Rater 2"_s);
        const ItemId item = project->itemIds().at(3);
        project->setActor(rater);
        QVERIFY(project->setItemDone(item, rater.id, true, &error));
        project->setActor(u"Rater 3"_s); // a name that is a rater's
        QVERIFY(project->setItemDone(item, rater.id, false, &error));
        project->setActor(u"someone else"_s);
        QVERIFY(project->setItemDone(item, rater.id, true, &error));
        const QList<AuditEntry> log = project->auditLog(3);
        QCOMPARE(log.size(), 3);
        QCOMPARE(log.at(2).raterUuid, rater.uuid);
        QCOMPARE(log.at(1).raterUuid, project->raterByName(u"Rater 3"_s)->uuid);
        QVERIFY(log.at(0).raterUuid.isNull());
        QSet<QUuid> uuids;
        for (const AuditEntry &e : project->auditLog(100000)) {
            QVERIFY(!e.uuid.isNull());
            uuids.insert(e.uuid);
        }
        QCOMPARE(uuids.size(), project->auditLog(100000).size());
    }

    void bulkReadsReportFailure()
    {
        QString path;
        auto project = sample(&path);
        QVERIFY(project);
        QString error;
        QVERIFY(project->findings(&error));
        QVERIFY(!project->findings().isEmpty());
        // Another program damages the file under the open project.
        QVERIFY(rawExec(path, "DROP TABLE finding_comment; DROP TABLE reconciled_source; DROP TABLE value;", &error));
        QVERIFY(!project->findings(&error));
        QVERIFY2(error.contains(u"finding_comment"_s) && error.contains(path), qPrintable(error));
        QVERIFY(!project->findingsForItem(project->itemIds().first(), &error));
        QVERIFY(!project->findingsForRater(project->raters().first().id, &error));
        QVERIFY(!project->reconciledFindings(&error));
        QVERIFY(!project->codebook(&error));
        QVERIFY2(error.contains(u"codebook"_s), qPrintable(error));
    }

    void migrationFromSchema2()
    {
        const QString path = freshPath();
        // A file as schema 2 wrote it (the verbatim steps 1 and 2), with data.
        QByteArray sql;
        for (const Schema::Step &step : Schema::steps()) {
            if (step.version <= 2) {
                sql += step.sql;
            }
        }
        sql += "PRAGMA application_id = 1129270851; PRAGMA user_version = 2;"
               "INSERT INTO project_meta VALUES('uuid', '6f1c1d40-2222-4a57-9a52-0b8f1a3a7d01');"
               "INSERT INTO rater(id, uuid, name, initials) VALUES(1, 'a6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01', 'Rater 1', 'R1');"
               "INSERT INTO item(id, uuid, kind, repository, ref, title) VALUES(1, 'b6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01', 0,"
               " 'google/iree', '00a33f7e060caa6616c15003bdac95b7926b76ae', 'Hybridization of the inner loop');"
               "INSERT INTO dimension(id, key, name, kind) VALUES(1, 'category', 'Category', 1);"
               "INSERT INTO dimension(id, key, name, kind) VALUES(2, 'cause', 'Cause', 1);"
               "INSERT INTO value(id, uuid, dimension_id, name) VALUES(1, 'c6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01', 1, 'Other');"
               "INSERT INTO finding(id, uuid, item_id, rater_id, created, modified, unsure) VALUES(1,"
               " 'd6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01', 1, 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z', 1);"
               "INSERT INTO finding(id, uuid, item_id, rater_id, ordinal, created, modified) VALUES(2,"
               " 'e6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01', 1, 1, 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z');"
               "INSERT INTO finding_value VALUES(1, 1, 1);"
               "INSERT INTO audit(at, who, action, entity) VALUES('2021-01-01T00:00:00Z', 'Rater 1', 'finding.add', 'finding');";
        QString error;
        QVERIFY2(rawExec(path, sql, &error), qPrintable(error));
        const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);

        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(QFile::exists(path + u".schema2.bak"_s));
        QCOMPARE(rawInt(path + u".schema2.bak"_s, "PRAGMA user_version"), 2);
        QCOMPARE(rawInt(path + u".schema2.bak"_s, "SELECT count(*) FROM finding"), 2);

        // Dimension uuids are made from the keys: the same in every copy migrated.
        const std::optional<Codebook> book = project->codebook(&error);
        QVERIFY2(book, qPrintable(error));
        QCOMPARE(book->dimensionByKey(u"category"_s)->uuid, Identity::dimension(u"category"_s));
        QCOMPARE(book->dimensionByKey(u"cause"_s)->uuid, Identity::dimension(u"cause"_s));
        QVERIFY(!book->dimensionByKey(u"cause"_s)->ordered);
        // Every labeled table has modified, filled by the migration.
        QCOMPARE(rawInt(path, "SELECT count(*) FROM item WHERE modified = ''"), 0);
        QCOMPARE(rawInt(path, "SELECT count(*) FROM dimension WHERE modified >= '2000'"), 2);
        QCOMPARE(rawInt(path, "SELECT count(*) FROM value WHERE modified >= '2000'"), 1);
        QCOMPARE(rawInt(path, "SELECT count(*) FROM rater WHERE modified >= '2000'"), 1);
        // The old audit row got a uuid; the migration is audited.
        const QList<AuditEntry> log = project->auditLog(10);
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.first().action, u"project.migrate"_s);
        QVERIFY(!log.last().uuid.isNull());
        QCOMPARE(log.last().uuid, Identity::fromName(u"audit/6f1c1d40-2222-4a57-9a52-0b8f1a3a7d01/1"_s));
        QVERIFY(log.last().when < started);
        // The work queue works on the migrated data.
        QCOMPARE(project->labelStatus(1, 1), LabelStatus::Unsure);
        QVERIFY(project->setItemDone(1, 1, true, &error));
        QCOMPARE(project->doneCount(1), 1);

        // Tombstones and ids after migration.
        QVERIFY(project->removeFinding(2, &error));
        QCOMPARE(project->tombstones()->size(), 1);
        QCOMPARE(project->tombstones()->first().uuid, QUuid::fromString(u"e6a0d5d2-2222-4c0c-9d35-1c5f2c7b7e01"_s));
        Finding f;
        f.item = 1;
        f.rater = 1;
        const auto id = project->addFinding(f, &error);
        QVERIFY2(id, qPrintable(error));
        QCOMPARE(*id, 3);
        project.reset();

        // Reopening does not migrate again.
        project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(!QFile::exists(path + u".schema2.2.bak"_s));
        QVERIFY(!QFile::exists(path + u".schema3.bak"_s));
        QCOMPARE(project->auditLog(100).first().action, u"finding.add"_s);
    }
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
