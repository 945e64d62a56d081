// SPDX-License-Identifier: GPL-3.0-or-later
// The .concord project store: real SQLite files in a temporary folder, real corpus
// patches, a real second process for crashes and concurrent writers.
#include "store/project.h"
#include "store/schema.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QTest>

// Brace-initialised domain values name only the fields a case needs.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers" // for the plain structs of diffdata.h

#include <sqlite3.h>

#include <csignal>
#include <sys/resource.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

// Raw SQL on a file, as a hostile or older program would write it.
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

struct Fixture
{
    RaterId rater = 0;
    ItemId item = 0;
    DimensionId gate = 0;
    DimensionId category = 0;
    ValueId apiMisuse = 0;
    ValueId other = 0;
};

Fixture fill(Project &project)
{
    Fixture f;
    QString error;
    f.rater = project.addRater({0, {}, u"Rater 1"_s, u"R1"_s, u"rater1"_s, Rater::Role::Rater}, &error).value_or(0);
    Item item;
    item.key = ItemKey::commit(u"google/iree"_s, u"00A33F7E060CAA6616C15003BDAC95B7926B76AE"_s);
    item.title = u"Remove tf.function from inner helper"_s;
    item.author = u"Sean Silva"_s;
    item.date = SourceDate::fromDay(QDate(2019, 12, 2));
    item.round = 1;
    item.metadata = QJsonObject{{u"stars"_s, 12}};
    f.item = project.addItem(item, &error).value_or(0);
    Dimension gate;
    gate.key = u"is_func_fix"_s;
    gate.name = u"Is a tf.function fix"_s;
    gate.kind = Dimension::Kind::Gate;
    f.gate = project.addDimension(gate, &error).value_or(0);
    Dimension category;
    category.key = u"category"_s;
    category.name = u"Problem category"_s;
    category.order = 1;
    f.category = project.addDimension(category, &error).value_or(0);
    f.apiMisuse = project.addValue({0, {}, f.category, u"API Misuse"_s, u"Wrong use of an API"_s}, &error).value_or(0);
    f.other = project.addValue({0, {}, f.category, u"Other"_s, u"None of the above"_s, 1}, &error).value_or(0);
    return f;
}

} // namespace

class TestProject : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(u"p%1.concord"_s.arg(++m_counter)); }
    QString helperPath() const { return QStringLiteral(CONCORD_BIN_DIR) + u"/store_writer_helper"_s; }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createOpenCloseReopen()
    {
        const QString path = freshPath();
        QString error;
        Fixture f;
        QUuid projectUuid;
        {
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            f = fill(*project);
            QVERIFY(f.item && f.rater && f.gate && f.category && f.apiMisuse);
            Finding finding;
            finding.item = f.item;
            finding.rater = f.rater;
            finding.values[f.gate] = {project->codebook().valueByName(f.gate, u"Yes"_s)->id};
            finding.values[f.category] = {f.apiMisuse};
            finding.comments[f.category] = u"see https://github.com/google/iree/pull/1"_s;
            finding.shouldDiscuss = true;
            QVERIFY2(project->addFinding(finding, &error), qPrintable(error));
            projectUuid = project->projectUuid();
            QVERIFY(!projectUuid.isNull());
        }
        // The file is one self-contained file again after closing.
        QVERIFY(!QFile::exists(path + u"-wal"_s));
        QVERIFY(!QFile::exists(path + u".lock"_s));

        auto again = Project::create(path, &error);
        QVERIFY(!again);
        QVERIFY2(error.contains(u"already exists"_s), qPrintable(error));

        for (auto mode : {Project::ReadWrite, Project::ReadOnly}) {
            auto project = Project::open(path, mode, &error);
            QVERIFY2(project, qPrintable(error));
            QCOMPARE(project->isReadOnly(), mode == Project::ReadOnly);
            QCOMPARE(project->projectUuid(), projectUuid);
            const ProjectCounts c = project->counts();
            QCOMPARE(c.items, 1);
            QCOMPARE(c.patches, 1);
            QCOMPARE(c.raters, 1);
            QCOMPARE(c.findings, 1);
            const auto item = project->itemByKey(ItemKey::commit(u"google/iree"_s, u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s));
            QVERIFY(item);
            QCOMPARE(item->title, u"Remove tf.function from inner helper"_s);
            QCOMPARE(item->date, SourceDate::fromDay(QDate(2019, 12, 2)));
            QCOMPARE(item->round, 1);
            QCOMPARE(item->metadata.value(u"stars"_s).toInt(), 12);
            const QList<Finding> findings = project->findingsForItem(item->id);
            QCOMPARE(findings.size(), 1);
            QCOMPARE(findings.first().values.value(f.category), QList<ValueId>{f.apiMisuse});
            QCOMPARE(findings.first().comments.value(f.category), u"see https://github.com/google/iree/pull/1"_s);
            QVERIFY(findings.first().shouldDiscuss);
            QVERIFY(!findings.first().unsure);
            QCOMPARE(project->findingsForRater(f.rater), findings);
            const Codebook book = project->codebook();
            QCOMPARE(book.dimensions.size(), 2);
            QCOMPARE(book.dimensionByKey(u"is_func_fix"_s)->kind, Dimension::Kind::Gate);
            QCOMPARE(book.valuesOf(f.gate).size(), 2); // Yes, No
            QCOMPARE(book.valuesOf(f.category).first().name, u"API Misuse"_s);
        }
    }

    void readOnlyRefusesEdits()
    {
        const QString path = freshPath();
        QString error;
        Project::create(path, &error).reset();
        auto project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(!project->addRater({0, {}, u"X"_s}, &error));
        QVERIFY2(error.contains(u"read-only"_s), qPrintable(error));
        QCOMPARE(project->counts().raters, 0);
    }

    void migrationFromSchema1()
    {
        const QString path = freshPath();
        // A file exactly as the first schema wrote it, with some data in it.
        const QByteArray v1 = QByteArray(Schema::steps().first().sql)
            + "PRAGMA application_id = 1129270851; PRAGMA user_version = 1;"
              "INSERT INTO project_meta VALUES('uuid', '6f1c1d40-1111-4a57-9a52-0b8f1a3a7d01');"
              "INSERT INTO rater(id, uuid, name, initials) VALUES(1, 'a6a0d5d2-1111-4c0c-9d35-1c5f2c7b7e01', 'Rater 1', 'R1');"
              "INSERT INTO item(id, uuid, kind, repository, ref, title) VALUES(1, 'b6a0d5d2-1111-4c0c-9d35-1c5f2c7b7e01', 0,"
              " 'google/iree', '00a33f7e060caa6616c15003bdac95b7926b76ae', 'Hybridization of the inner loop');"
              "INSERT INTO dimension(id, key, name, kind) VALUES(1, 'category', 'Category', 1);"
              "INSERT INTO value(id, uuid, dimension_id, name) VALUES(1, 'c6a0d5d2-1111-4c0c-9d35-1c5f2c7b7e01', 1, 'Other');"
              "INSERT INTO finding(id, uuid, item_id, rater_id, created, modified) VALUES(1,"
              " 'd6a0d5d2-1111-4c0c-9d35-1c5f2c7b7e01', 1, 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z');"
              "INSERT INTO finding_value VALUES(1, 1, 1);";
        QString error;
        QVERIFY2(rawExec(path, v1, &error), qPrintable(error));

        // Read-only cannot upgrade, and says how to.
        QVERIFY(!Project::open(path, Project::ReadOnly, &error));
        QVERIFY2(error.contains(u"older Concord (schema 1)"_s), qPrintable(error));

        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const auto finding = project->findingByUuid(QUuid::fromString(u"d6a0d5d2-1111-4c0c-9d35-1c5f2c7b7e01"_s));
        QVERIFY(finding);
        QCOMPARE(finding->values.value(1), QList<ValueId>{1});
        QVERIFY(!finding->unsure); // the column schema 2 added
        QVERIFY(project->setFindingFlags(finding->id, false, true, &error));
        QVERIFY(project->finding(finding->id)->unsure);
        // The search index was built from the migrated data.
        const QList<SearchHit> hits = project->search(u"hybridization"_s);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().item, 1);
        QCOMPARE(project->auditLog(10).last().action, u"project.migrate"_s);
        project.reset();

        // The untouched backup is still schema 1.
        const QString backup = path + u".schema1.bak"_s;
        QVERIFY(QFile::exists(backup));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(backup).constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
        QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(stmt, 0), 1);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        // Reopening does not migrate (or back up) again.
        project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(!QFile::exists(path + u".schema2.bak"_s));
        QVERIFY(!QFile::exists(path + u".schema1.2.bak"_s));
    }

    void failedMigrationKeepsOneBackup()
    {
        // A migration that fails (here: the process may not write a file larger than the
        // project, as under a quota, so the WAL of the upgrade cannot grow) leaves the file
        // as it was and one backup copy, however often it is tried.
        const QString path = freshPath();
        const QByteArray v1 = QByteArray(Schema::steps().first().sql)
            + "PRAGMA application_id = 1129270851; PRAGMA user_version = 1;"
              "INSERT INTO project_meta VALUES('uuid', '6f1c1d40-2222-4a57-9a52-0b8f1a3a7d01');"
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
              " INSERT INTO item(id, uuid, kind, repository, ref, title)"
              " SELECT i, printf('b6a0d5d2-2222-4c0c-9d35-%012d', i), 0, 'google/iree', printf('%040d', i),"
              " 'Hybridization of inner loop number ' || i FROM n;";
        QString error;
        QVERIFY2(rawExec(path, v1, &error), qPrintable(error));
        const qint64 size = QFileInfo(path).size();
        // What the file says, read as SQLite reads it (opening for writing switches the
        // file's header to WAL mode before the upgrade starts; that is not a change).
        auto contents = [&] {
            QByteArray out;
            sqlite3 *db = nullptr;
            if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
                sqlite3_stmt *stmt = nullptr;
                sqlite3_prepare_v2(db,
                                   "SELECT (SELECT user_version FROM pragma_user_version), (SELECT group_concat(sql, ';') "
                                   "FROM sqlite_master), (SELECT group_concat(id || title || ref) FROM item)",
                                   -1, &stmt, nullptr);
                if (sqlite3_step(stmt) == SQLITE_ROW) {
                    for (int c = 0; c < 3; ++c) {
                        out += QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, c))) + '\n';
                    }
                }
                sqlite3_finalize(stmt);
            }
            sqlite3_close(db);
            return out;
        };
        const QByteArray before = contents();
        QVERIFY(before.startsWith("1\n"));

        std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        auto attempt = [&](QString *message) {
            rlimit limited = saved;
            limited.rlim_cur = rlim_t(size + 4096); // the backup fits, the upgrade does not
            if (setrlimit(RLIMIT_FSIZE, &limited) != 0) {
                return false;
            }
            auto project = Project::open(path, Project::ReadWrite, message);
            project.reset();
            setrlimit(RLIMIT_FSIZE, &saved);
            return project == nullptr;
        };
        QString first;
        QVERIFY(attempt(&first));
        QVERIFY2(first.contains(u"failed"_s) && first.contains(u"The file is unchanged; a backup copy is in"_s),
                 qPrintable(first));
        QString second;
        QVERIFY(attempt(&second));
        QVERIFY2(second.contains(u"the backup copy of an earlier attempt is in"_s), qPrintable(second));
        QVERIFY2(second.contains(QDir::toNativeSeparators(path + u".schema1.bak"_s)), qPrintable(second));

        const QStringList backups = QDir(m_dir.path()).entryList({QFileInfo(path).fileName() + u".schema*"_s}, QDir::Files);
        QCOMPARE(backups, QStringList{QFileInfo(path).fileName() + u".schema1.bak"_s});
        QCOMPARE(contents(), before);

        // Without the limit the upgrade goes through, with every item.
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->counts().items, 3000);
        QCOMPARE(project->search(u"hybridization"_s, 5000).size(), 3000);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("failure");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing") << u"missing"_s << int(OpenFailure::NotFound) << u"does not exist"_s;
        QTest::newRow("empty") << u"empty"_s << int(OpenFailure::NotAProject) << u"is empty, not a Concord project"_s;
        QTest::newRow("text") << u"text"_s << int(OpenFailure::NotAProject) << u"not a Concord project (it is not an SQLite database)"_s;
        QTest::newRow("binary") << u"binary"_s << int(OpenFailure::NotAProject) << u"not a Concord project"_s;
        QTest::newRow("foreign sqlite") << u"foreign"_s << int(OpenFailure::NotAProject)
                                        << u"not a Concord project (an SQLite database made by another program)"_s;
        QTest::newRow("newer") << u"newer"_s << int(OpenFailure::NewerSchema)
                               << u"was made by a newer Concord (schema 7); this build reads up to %1"_s.arg(Project::schemaVersion());
        QTest::newRow("trigger") << u"trigger"_s << int(OpenFailure::Untrusted) << u"contains a trigger \"steal\""_s;
        QTest::newRow("view") << u"view"_s << int(OpenFailure::Untrusted) << u"contains a view \"everything\""_s;
        QTest::newRow("foreign table") << u"table"_s << int(OpenFailure::Untrusted) << u"contains a table \"extra\""_s;
        QTest::newRow("table redefined") << u"redefined"_s << int(OpenFailure::Untrusted)
                                         << u"\"tombstone\" is defined differently from Concord's schema"_s;
        QTest::newRow("column added") << u"column"_s << int(OpenFailure::Untrusted)
                                      << u"\"rater\" is defined differently from Concord's schema"_s;
        QTest::newRow("index dropped") << u"index"_s << int(OpenFailure::Untrusted) << u"\"item_ref\" is missing"_s;
        QTest::newRow("truncated") << u"truncated"_s << int(OpenFailure::Corrupt) << u"is truncated"_s;
        QTest::newRow("truncated header") << u"truncated-header"_s << int(OpenFailure::Corrupt) << u"is truncated"_s;
        QTest::newRow("corrupted") << u"corrupted"_s << int(OpenFailure::Corrupt) << u"damaged"_s;
    }

    void refusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, failure);
        QFETCH(QString, message);
        const QString path = freshPath();
        QString error;
        auto makeProject = [&](bool withPatch) {
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            const Fixture f = fill(*project);
            if (withPatch) {
                ImportSession session(*project, u"test"_s);
                QByteArray bytes;
                for (int i = 0; bytes.size() < 3'000'000; ++i) {
                    bytes += "+line " + QByteArray::number(i) + " of a large patch\n";
                }
                QVERIFY(session.storePatchBytes(f.item, bytes));
                QVERIFY(session.commit(&error));
            }
        };
        auto writeFile = [&](const QByteArray &bytes) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        if (kind == u"empty"_s) {
            writeFile({});
        } else if (kind == u"text"_s) {
            writeFile("category,description\nUnknown,\"A fix\"\n");
        } else if (kind == u"binary"_s) {
            writeFile(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + QByteArray(4000, '\xff'));
        } else if (kind == u"foreign"_s) {
            QVERIFY(rawExec(path, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('hello');"));
        } else if (kind == u"newer"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "PRAGMA user_version = 7"));
        } else if (kind == u"trigger"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "CREATE TRIGGER steal AFTER INSERT ON finding BEGIN DELETE FROM rater; END;"));
        } else if (kind == u"view"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "CREATE VIEW everything AS SELECT * FROM item"));
        } else if (kind == u"table"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "CREATE TABLE extra(x)"));
        } else if (kind == u"redefined"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "DROP TABLE tombstone; CREATE TABLE tombstone(uuid TEXT, entity TEXT, at TEXT, who TEXT)"));
        } else if (kind == u"column"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "ALTER TABLE rater ADD COLUMN password TEXT"));
        } else if (kind == u"index"_s) {
            makeProject(false);
            QVERIFY(rawExec(path, "DROP INDEX item_ref"));
        } else if (kind == u"truncated"_s || kind == u"truncated-header"_s || kind == u"corrupted"_s) {
            makeProject(true);
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 size = file.size();
            QVERIFY(size > 3'000'000);
            if (kind == u"truncated"_s) {
                QVERIFY(file.resize(size / 2));
            } else if (kind == u"truncated-header"_s) {
                QVERIFY(file.resize(40));
            } else {
                // Overwrite every page from 4 KiB on with noise, keeping the header intact.
                QRandomGenerator rng(42);
                QByteArray noise(int(size - 4096), Qt::Uninitialized);
                for (char &c : noise) {
                    c = char(rng.bounded(256));
                }
                file.seek(4096);
                file.write(noise);
            }
        }
        const QByteArray before = QFile::exists(path) ? [&] {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }() : QByteArray();

        for (auto mode : {Project::ReadWrite, Project::ReadOnly}) {
            OpenFailure why = OpenFailure::None;
            auto project = Project::open(path, mode, &error, &why);
            QVERIFY(!project);
            QVERIFY2(error.contains(message), qPrintable(error));
            QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error)); // names the file
            QCOMPARE(int(why), failure);
        }
        // A refused file is left exactly as it was.
        if (QFile::exists(path)) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
    }

    void twoWritersInOneProcess()
    {
        const QString path = freshPath();
        QString error;
        auto writer = Project::create(path, &error);
        QVERIFY2(writer, qPrintable(error));
        const Fixture f = fill(*writer);

        OpenFailure why = OpenFailure::None;
        auto second = Project::open(path, Project::ReadWrite, &error, &why);
        QVERIFY(!second);
        QCOMPARE(why, OpenFailure::LockedByWriter);
        QVERIFY2(error.contains(u"already open for writing"_s) && error.contains(u"read-only"_s), qPrintable(error));

        auto reader = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->counts().findings, 0);
        Finding finding;
        finding.item = f.item;
        finding.rater = f.rater;
        QVERIFY(writer->addFinding(finding, &error));
        QCOMPARE(reader->counts().findings, 1); // a committed edit is visible to readers at once

        writer.reset();
        second = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->counts().findings, 1);
    }

    void twoWritersInTwoProcesses()
    {
        const QString path = freshPath();
        QString error;
        Project::create(path, &error).reset();

        QProcess holder;
        holder.start(helperPath(), {u"hold"_s, path});
        QVERIFY2(holder.waitForStarted(), qPrintable(holder.errorString()));
        QVERIFY(holder.waitForReadyRead(10000));
        QCOMPARE(holder.readLine().trimmed(), QByteArray("ready"));

        OpenFailure why = OpenFailure::None;
        QVERIFY(!Project::open(path, Project::ReadWrite, &error, &why));
        QCOMPARE(why, OpenFailure::LockedByWriter);
        QVERIFY2(error.contains(u"process %1"_s.arg(holder.processId())), qPrintable(error));
        QVERIFY(Project::open(path, Project::ReadOnly, &error));

        // And the other way round: the helper is refused while we write.
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(holder.exitCode(), 0);
        auto writer = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(writer, qPrintable(error));
        QProcess refused;
        refused.start(helperPath(), {u"hold"_s, path});
        QVERIFY(refused.waitForFinished(10000));
        QCOMPARE(refused.exitCode(), 2);
        QVERIFY(refused.readAllStandardOutput().contains("already open for writing"));
    }

    void writerLockHoldsThroughASymlink()
    {
        const QString path = freshPath();
        QString error;
        auto writer = Project::create(path, &error);
        QVERIFY2(writer, qPrintable(error));
        QTemporaryDir elsewhere;
        const QString link = elsewhere.filePath(u"link.concord"_s);
        QVERIFY(QFile::link(path, link));
        OpenFailure why = OpenFailure::None;
        QVERIFY(!Project::open(link, Project::ReadWrite, &error, &why));
        QCOMPARE(why, OpenFailure::LockedByWriter);
        writer.reset();
        auto throughLink = Project::open(link, Project::ReadWrite, &error);
        QVERIFY2(throughLink, qPrintable(error));
        QVERIFY(!Project::open(path, Project::ReadWrite, &error, &why)); // and the other way round
        QCOMPARE(why, OpenFailure::LockedByWriter);
    }

    void foreignWriterHoldingTheFile()
    {
        // Another program (not Concord) keeps a write transaction open: an edit waits for
        // the busy timeout, then fails with a message, and nothing half-done remains.
        const QString path = freshPath();
        QString error;
        auto project = Project::create(path, &error);
        QVERIFY2(project, qPrintable(error));
        const Fixture f = fill(*project);
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        Finding finding;
        finding.item = f.item;
        finding.rater = f.rater;
        QVERIFY(!project->addFinding(finding, &error));
        QVERIFY2(error.contains(u"another program keeps the file busy"_s) && error.contains(u"unchanged"_s), qPrintable(error));
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        QCOMPARE(project->counts().findings, 0);
        QVERIFY2(project->addFinding(finding, &error), qPrintable(error)); // and works again afterwards
    }

    void transactionIsAllOrNothing()
    {
        QString error;
        auto project = Project::create(freshPath(), &error);
        const Fixture f = fill(*project);
        Finding finding;
        finding.item = f.item;
        finding.rater = f.rater;
        const qsizetype auditBefore = project->auditLog(1000).size();
        // Two edits inside, the second fails: the first is undone too.
        QVERIFY(!project->transaction([&](QString *inner) {
            return project->addFinding(finding, inner) && project->setFindingValues(999, f.category, {f.other}, inner);
        }, &error));
        QVERIFY2(error.contains(u"no finding 999"_s), qPrintable(error));
        QCOMPARE(project->counts().findings, 0);
        QCOMPARE(project->auditLog(1000).size(), auditBefore);
        QVERIFY(project->transaction([&](QString *inner) {
            return project->addFinding(finding, inner) && project->addFinding(finding, inner);
        }, &error));
        const QList<Finding> both = project->findingsForItem(f.item);
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.at(0).ordinal, 0);
        QCOMPARE(both.at(1).ordinal, 1); // a second finding of the same rater gets the next ordinal
    }

    void killedWriterLosesNoAcknowledgedEdit()
    {
        const QString path = freshPath();
        QString error;
        Fixture f;
        {
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            f = fill(*project);
        }
        QRandomGenerator rng(QRandomGenerator::global()->generate());
        int totalAcks = 0;
        const int runs = 25;
        for (int run = 0; run < runs; ++run) {
            QProcess helper;
            helper.start(helperPath(), {u"edits"_s, path, QString::number(f.item), QString::number(f.rater),
                                        QString::number(f.category), u"100000"_s});
            QVERIFY2(helper.waitForStarted(), qPrintable(helper.errorString()));
            const int killAfter = int(rng.bounded(1, 60));
            int lastAdd = -1;
            int lastSet = -1;
            int acks = 0;
            while (acks < killAfter) {
                if (!helper.canReadLine() && !helper.waitForReadyRead(20000)) {
                    QFAIL(qPrintable(u"helper stopped: "_s + QString::fromUtf8(helper.readAllStandardError())));
                }
                while (helper.canReadLine()) {
                    const QByteArray line = helper.readLine().trimmed();
                    if (line.startsWith("add ")) {
                        lastAdd = line.mid(4).toInt();
                    } else if (line.startsWith("set ")) {
                        lastSet = line.mid(4).toInt();
                    } else {
                        QFAIL(line.constData());
                    }
                    ++acks;
                }
            }
            helper.kill(); // SIGKILL, at a random point in the next edit
            QVERIFY(helper.waitForFinished(10000));
            totalAcks += acks;

            auto project = Project::open(path, Project::ReadWrite, &error);
            QVERIFY2(project, qPrintable(u"run %1: %2"_s.arg(run).arg(error)));
            // Each run's findings carry "edit i"; all acknowledged ones are there.
            QSet<QString> comments;
            const QList<Finding> findings = project->findingsForRater(f.rater);
            for (const Finding &finding : findings) {
                comments.insert(finding.comments.value(f.category));
            }
            for (int i = 0; i <= lastAdd; ++i) {
                if (i == 0) {
                    continue; // the first finding of a run holds "last N" instead
                }
                QVERIFY2(comments.contains(u"edit %1"_s.arg(i)), qPrintable(u"run %1 lost edit %2"_s.arg(run).arg(i)));
            }
            if (lastSet >= 0) {
                bool found = false;
                for (const QString &c : std::as_const(comments)) {
                    if (c.startsWith(u"last "_s) && c.mid(5).toInt() >= lastSet) {
                        found = true;
                    }
                }
                QVERIFY2(found, qPrintable(u"run %1 lost the update \"last %2\""_s.arg(run).arg(lastSet)));
            }
            // Start every run from a clean slate so counts stay meaningful.
            for (const Finding &finding : findings) {
                QVERIFY(project->removeFinding(finding.id, &error));
            }
        }
        qInfo("%d runs, %d acknowledged edits, none lost", runs, totalAcks);
    }

    void foreignWalIsSetAside()
    {
        // Two copies of one project; one is edited and keeps its -wal (still open), and
        // that -wal is copied beside the other copy.
        QString error;
        const QString original = freshPath();
        Fixture f;
        {
            auto project = Project::create(original, &error);
            QVERIFY2(project, qPrintable(error));
            f = fill(*project);
        }
        const QString a = freshPath();
        const QString b = freshPath();
        QVERIFY(QFile::copy(original, a));
        QVERIFY(QFile::copy(original, b));
        const QByteArray bBefore = [&] {
            QFile file(b);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        {
            auto edited = Project::open(a, Project::ReadWrite, &error);
            QVERIFY2(edited, qPrintable(error));
            Finding finding;
            finding.item = f.item;
            finding.rater = f.rater;
            QVERIFY2(edited->addFinding(finding, &error), qPrintable(error));
            QVERIFY(QFileInfo(a + u"-wal"_s).size() > 32);
            QVERIFY(QFile::copy(a + u"-wal"_s, b + u"-wal"_s));
        }

        for (auto mode : {Project::ReadOnly, Project::ReadWrite}) {
            OpenFailure why = OpenFailure::None;
            auto project = Project::open(b, mode, &error, &why);
            QVERIFY(!project);
            QCOMPARE(why, OpenFailure::ForeignWal);
            QVERIFY2(error.contains(QDir::toNativeSeparators(b) + u"-wal belongs to another copy of the project"_s)
                         && error.contains(u"set aside as"_s) && error.contains(u"unchanged"_s),
                     qPrintable(error));
            QVERIFY(!QFile::exists(b + u"-wal"_s));
            const QStringList aside = QDir(m_dir.path()).entryList({QFileInfo(b).fileName() + u"-wal.foreign-*"_s});
            QCOMPARE(aside.size(), 1);
            QVERIFY(QFile::remove(m_dir.filePath(aside.first())));
            {
                QFile file(b);
                QVERIFY(file.open(QIODevice::ReadOnly));
                QCOMPARE(file.readAll(), bBefore); // nothing of a's edit was merged into b
            }
            // Opening again works and shows b as it was.
            project = Project::open(b, mode, &error);
            QVERIFY2(project, qPrintable(error));
            QCOMPARE(project->counts().findings, 0);
            project.reset();
            QFile::remove(b + u"-shm"_s);
            // The copied -wal again, for the next mode.
            {
                auto edited = Project::open(a, Project::ReadWrite, &error);
                QVERIFY2(edited, qPrintable(error));
                QVERIFY2(edited->setMetadata(u"title"_s, u"edited in a"_s, &error), qPrintable(error));
                QFile::remove(b + u"-wal"_s);
                QVERIFY(QFile::copy(a + u"-wal"_s, b + u"-wal"_s));
            }
        }
        QFile::remove(b + u"-wal"_s);

        // The own -wal of a crashed writer is still applied (killedWriterLosesNoAcknowledgedEdit
        // covers this at length); a -wal moved along with its file (same inode) too.
        auto project = Project::open(a, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->counts().findings, 1);
    }

    void auditLogRecordsEdit()
    {
        const QString path = freshPath();
        QString error;
        auto project = Project::create(path, &error);
        QVERIFY2(project, qPrintable(error));
        const Fixture f = fill(*project);
        Finding finding;
        finding.item = f.item;
        finding.rater = f.rater;
        finding.values[f.category] = {f.apiMisuse};
        const auto id = project->addFinding(finding, &error);
        QVERIFY(id);
        project->setActor(u"Rater 1"_s);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        QVERIFY2(project->setFindingValues(*id, f.category, {f.other}, &error), qPrintable(error));

        const QUuid uuid = project->finding(*id)->uuid;
        const QList<AuditEntry> log = project->auditLog(10, uuid);
        QCOMPARE(log.size(), 2); // add, then update; newest first
        const AuditEntry &e = log.first();
        QCOMPARE(e.action, u"finding.update"_s);
        QCOMPARE(e.entity, u"finding"_s);
        QCOMPARE(e.who, u"Rater 1"_s);
        QVERIFY(e.when >= before && e.when <= QDateTime::currentDateTimeUtc());
        auto categoryName = [](const QJsonObject &o) {
            return o.value(u"values"_s).toObject().value(u"category"_s).toArray().first().toObject().value(u"name"_s).toString();
        };
        QCOMPARE(categoryName(e.before), u"API Misuse"_s);
        QCOMPARE(categoryName(e.after), u"Other"_s);
        QCOMPARE(e.after.value(u"rater"_s).toString(), u"Rater 1"_s);

        // A failed edit changes nothing and logs nothing.
        const qsizetype entries = project->auditLog(1000).size();
        QVERIFY(!project->setFindingValues(*id, f.category, {f.gate /* a dimension id, not a value */ + 1000}, &error));
        QVERIFY2(error.contains(u"unchanged"_s), qPrintable(error));
        QCOMPARE(project->auditLog(1000).size(), entries);
        QCOMPARE(project->finding(*id)->values.value(f.category), QList<ValueId>{f.other});
    }

    void reconciledRoundTripAndAudit()
    {
        QString error;
        auto project = Project::create(freshPath(), &error);
        const Fixture f = fill(*project);
        const auto reconciler = project->addRater({.name = u"Reconciler"_s, .role = Rater::Role::Reconciler}, &error);
        QVERIFY(reconciler);
        Finding a;
        a.item = f.item;
        a.rater = f.rater;
        a.values[f.category] = {f.apiMisuse};
        const auto fa = project->addFinding(a, &error);
        QVERIFY(fa);
        ReconciledFinding r;
        r.item = f.item;
        r.values[f.category] = {f.other};
        r.comments[f.category] = u"Neither rater chose Other; see the discussion"_s;
        r.sourceFindings = {project->finding(*fa)->uuid};
        r.decision = ReconciledFinding::Decision::New;
        r.rationale = u"Fresh decision after discussion"_s;
        r.decidedBy = *reconciler;
        r.decidedAt = QDateTime(QDate(2021, 3, 4), QTime(5, 6, 7), QTimeZone::UTC);
        const auto id = project->addReconciled(r, &error);
        QVERIFY2(id, qPrintable(error));
        r.id = *id;
        r.uuid = project->reconciled(*id)->uuid;
        QCOMPARE(project->reconciledForItem(f.item), QList<ReconciledFinding>{r});
        QCOMPARE(project->reconciledFindings(), QList<ReconciledFinding>{r});

        r.decision = ReconciledFinding::Decision::AdoptedOne;
        r.values[f.category] = {f.apiMisuse};
        QVERIFY2(project->updateReconciled(r, &error), qPrintable(error));
        const AuditEntry e = project->auditLog(1, r.uuid).first();
        QCOMPARE(e.action, u"reconciled.update"_s);
        QCOMPARE(e.before.value(u"decision"_s).toString(), u"new"_s);
        QCOMPARE(e.after.value(u"decision"_s).toString(), u"adopted_one"_s);
        QCOMPARE(e.after.value(u"decided_by"_s).toString(), u"Reconciler"_s);
        QCOMPARE(e.after.value(u"sources"_s).toArray().first().toString(), r.sourceFindings.first().toString(QUuid::WithoutBraces));
        QCOMPARE(project->counts().reconciled, 1);
        QVERIFY(project->removeReconciled(r.id, &error));
        QCOMPARE(project->counts().reconciled, 0);
        QCOMPARE(project->auditLog(1).first().action, u"reconciled.remove"_s);
    }

    void hostileTextIsStoredExactly()
    {
        // Text from patches and reports is data: NULs, broken surrogates, markup and
        // spreadsheet formulas come back exactly as they went in.
        QString nasty = u"=HYPERLINK(\"http://x\")<script>alert(1)</script> \u202Eevil ✓ 🙂 "_s;
        nasty += QChar(0);
        nasty += QChar(0xD800); // a lone surrogate (becomes U+FFFD in UTF-8, like Qt does)
        nasty += u" tail"_s;
        QString error;
        auto project = Project::create(freshPath(), &error);
        Item item;
        item.key = ItemKey::issue(u"owner/repo"_s, 7);
        item.title = nasty;
        item.metadata = QJsonObject{{u"note"_s, nasty}};
        const auto id = project->addItem(item, &error);
        QVERIFY(id);
        QString expected = nasty;
        expected = QString::fromUtf8(expected.toUtf8()); // what any UTF-8 store can hold
        QCOMPARE(project->item(*id)->title, expected);
        // JSON text escapes even a lone surrogate, so metadata keeps it.
        QCOMPARE(project->item(*id)->metadata.value(u"note"_s).toString(), nasty);
        QVERIFY(expected.contains(QChar(0)));
    }

    void mergeMovesLabels()
    {
        QString error;
        auto project = Project::create(freshPath(), &error);
        const Fixture f = fill(*project);
        Finding a;
        a.item = f.item;
        a.rater = f.rater;
        a.values[f.category] = {f.other};
        const auto id = project->addFinding(a, &error);
        QVERIFY(id);
        QVERIFY2(project->mergeValues(f.other, f.apiMisuse, &error), qPrintable(error));
        QCOMPARE(project->finding(*id)->values.value(f.category), QList<ValueId>{f.apiMisuse});
        const Codebook book = project->codebook();
        QCOMPARE(book.value(f.other)->mergedInto, f.apiMisuse);
        QCOMPARE(book.resolve(f.other), f.apiMisuse);
        QCOMPARE(project->auditLog(1).first().action, u"value.merge"_s);
    }

    void importSessionIsIdempotentAndAtomic()
    {
        QString error;
        auto project = Project::create(freshPath(), &error);
        auto importOnce = [&](bool commit) {
            ImportSession session(*project, u"test import"_s);
            QVERIFY(session.isValid());
            const auto dataset = session.dataset({0, {}, u"Boa"_s, u"Boa dataset"_s});
            const auto rater = session.rater({0, {}, u"Rater 2"_s, u"R2"_s});
            Dimension dim;
            dim.key = u"cause"_s;
            const auto cause = session.dimension(dim);
            QVERIFY(dataset && rater && cause);
            const auto value = session.value({0, {}, *cause, u"Wrong decorator"_s});
            QVERIFY(value);
            for (int i = 0; i < 50; ++i) {
                Item item;
                item.key = ItemKey::issue(u"tensorflow/tensorflow"_s, 1000 + i);
                item.title = u"Issue %1"_s.arg(i);
                item.dataset = *dataset;
                const auto id = session.item(item);
                QVERIFY(id);
                Finding finding;
                finding.uuid = QUuid::createUuidV5(QUuid(), u"finding %1"_s.arg(i));
                finding.item = *id;
                finding.rater = *rater;
                finding.values[*cause] = {*value};
                QVERIFY2(session.finding(finding), qPrintable(session.errorString()));
                BugReportContent content;
                content.title = item.title;
                content.body = u"Body of issue %1 mentions retracing"_s.arg(i);
                content.labels = {u"type:bug"_s};
                QVERIFY(session.setBugReport(*id, content));
            }
            if (commit) {
                QVERIFY2(session.commit(&error), qPrintable(error));
            }
        };
        importOnce(false); // destroyed uncommitted: nothing stays
        QCOMPARE(project->counts(), ProjectCounts{});
        importOnce(true);
        const ProjectCounts first = project->counts();
        QCOMPARE(first.items, 50);
        QCOMPARE(first.bugReports, 50);
        QCOMPARE(first.findings, 50);
        importOnce(true);
        QCOMPARE(project->counts(), first); // re-importing adds nothing
        const auto item = project->itemByKey(ItemKey::issue(u"tensorflow/tensorflow"_s, 1007));
        QVERIFY(item);
        QCOMPARE(project->bugReport(item->id)->labels, QStringList{u"type:bug"_s});
        const QList<SearchHit> hits = project->search(u"retracing"_s);
        QCOMPARE(hits.size(), 50);
    }

    void patchBytesRoundTrip()
    {
        // A real corpus patch, stored and read back byte for byte, whole and in ranges.
        QDir patches(QStringLiteral(CONCORD_CORPUS_DIR) + u"/patches"_s);
        QStringList files;
        for (const QString &dir : patches.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            for (const QString &name : QDir(patches.filePath(dir)).entryList({u"*.patch"_s})) {
                files.append(patches.filePath(dir + u"/"_s + name));
            }
        }
        QVERIFY(files.size() > 100);
        QString error;
        auto project = Project::create(freshPath(), &error);
        QList<std::pair<ItemId, QByteArray>> stored;
        {
            ImportSession session(*project, u"corpus"_s);
            for (const QString &path : std::as_const(files)) {
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                Item item;
                item.key = ItemKey::commit(QFileInfo(path).dir().dirName().replace(u"__"_s, u"/"_s), QFileInfo(path).baseName());
                const auto id = session.item(item);
                QVERIFY(id);
                QVERIFY2(session.storePatchBytes(*id, &file, file.size()), qPrintable(session.errorString()));
                file.seek(0);
                stored.append({*id, file.readAll()});
            }
            QVERIFY(session.commit(&error));
        }
        for (const auto &[id, bytes] : std::as_const(stored)) {
            QCOMPARE(project->patchSize(id), bytes.size());
            QCOMPARE(project->patchBytes(id).value_or(QByteArray("missing")), bytes);
        }
        // Several MiB with ranges across chunk boundaries.
        QByteArray big;
        QRandomGenerator rng(7);
        big.resize(3 * 1024 * 1024 + 12345);
        for (char &c : big) {
            c = char(rng.bounded(256));
        }
        ItemId bigId = 0;
        {
            ImportSession session(*project, u"big"_s);
            Item item;
            item.key = ItemKey::commit(u"x/y"_s, u"ffff"_s);
            bigId = session.item(item).value_or(0);
            int calls = 0;
            qint64 lastDone = 0;
            session.setProgressCallback([&](qint64 done, qint64 total) {
                ++calls;
                lastDone = done;
                return done <= total && total == big.size();
            });
            QVERIFY(session.storePatchBytes(bigId, big));
            QVERIFY(calls > 2);
            QCOMPARE(lastDone, big.size());
            QVERIFY(session.commit(&error));
        }
        const qint64 mib = 1024 * 1024;
        for (const auto &[offset, length] : QList<std::pair<qint64, qint64>>{
                 {0, 10}, {mib - 5, 10}, {mib, mib}, {mib - 1, 2 * mib + 2}, {3 * mib, 12345}, {big.size() - 1, 1}}) {
            QCOMPARE(project->patchBytes(bigId, offset, length).value_or(QByteArray()), big.mid(offset, length));
        }
        QVERIFY(!project->patchBytes(bigId, big.size() + 1, 1, &error));
        QVERIFY(error.contains(u"outside"_s));
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY(project->writePatchTo(bigId, &out, &error));
        QCOMPARE(out.data(), big);
        // Cancelling through the callback fails the store and keeps nothing.
        {
            ImportSession session(*project, u"cancelled"_s);
            session.setProgressCallback([](qint64, qint64) { return false; });
            QVERIFY(!session.storePatchBytes(bigId, QByteArray(3 * mib, 'x')));
            QVERIFY(session.errorString().contains(u"cancelled"_s));
        }
        QCOMPARE(project->patchBytes(bigId).value_or(QByteArray()), big);
    }

    void patchFilesAndHunks()
    {
        QString error;
        auto project = Project::create(freshPath(), &error);
        Patch patch;
        patch.header.sha = "abc123";
        patch.header.subject = u"Fix retracing in tf.function"_s;
        patch.header.message = u"The decorator was applied twice."_s;
        patch.header.author = u"Ada"_s;
        for (int i = 0; i < 3; ++i) {
            FileDiff file;
            file.oldPath = file.newPath = u"src/module%1.py"_s.arg(i);
            file.binary = i == 2;
            file.offset = 100 * i;
            file.length = 90;
            for (int h = 0; h < i + 1; ++h) {
                Hunk hunk;
                hunk.oldStart = 10 * h + 1;
                hunk.oldCount = 3;
                hunk.newStart = 10 * h + 1;
                hunk.newCount = 4;
                hunk.heading = u"def f%1():"_s.arg(h);
                hunk.offset = file.offset + 20 * h;
                hunk.length = 20;
                hunk.added = 1;
                file.hunks.append(hunk);
                file.added += 1;
            }
            patch.files.append(file);
        }
        ItemId id = 0;
        {
            ImportSession session(*project, u"t"_s);
            Item item;
            item.key = ItemKey::commit(u"a/b"_s, u"abc123"_s);
            id = session.item(item).value_or(0);
            QVERIFY(session.setPatch(id, patch));
            QVERIFY(session.commit(&error));
        }
        const QList<PatchFile> files = project->patchFiles(id);
        QCOMPARE(files.size(), 3);
        QCOMPARE(files.at(1).hunkCount, 2);
        QVERIFY(files.at(2).diff.binary);
        QList<Hunk> expected = patch.files.at(2).hunks;
        QCOMPARE(project->fileHunks(files.at(2).id), expected);
        FileDiff withoutHunks = patch.files.at(1);
        withoutHunks.hunks.clear();
        QCOMPARE(files.at(1).diff, withoutHunks);
        const ProjectCounts c = project->counts();
        QCOMPARE(c.files, 3);
        QCOMPARE(c.hunks, 6);
        QCOMPARE(c.binaryFiles, 1);
        QCOMPARE(c.linesAdded, 6);
        QCOMPARE(project->commitHeader(id)->subject, patch.header.subject);
        QCOMPARE(project->search(u"tf.function"_s).size(), 1);
        QCOMPARE(project->search(u"module1.py"_s).first().field, u"path"_s);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
