// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli new / info, run as the real binary.
#include "store/project.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run cli(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(CONCORD_BIN_DIR) + u"/concord-cli"_s, arguments);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(30000)) {
        r.err = p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QStringList s_countKeys = {u"items"_s,        u"patches"_s,     u"bug_reports"_s,   u"files"_s,
                                 u"hunks"_s,        u"binary_files"_s, u"lines_added"_s,   u"lines_deleted"_s,
                                 u"raters"_s,       u"findings"_s,    u"reconciled"_s,    u"diffs_pending_index"_s};

} // namespace

class TestCliProject : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void newProjectInfoIsAllZeros()
    {
        const QString path = m_dir.filePath(u"study.concord"_s);
        const Run created = cli({u"new"_s, path});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QVERIFY(QFile::exists(path));

        const Run info = cli({u"info"_s, path, u"--json"_s});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QJsonParseError parseError;
        const QJsonObject o = QJsonDocument::fromJson(info.out, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QStringList expected = s_countKeys;
        expected << u"dimensions"_s;
        expected.sort();
        QStringList keys = o.keys();
        keys.sort();
        QCOMPARE(keys, expected);
        for (const QString &key : s_countKeys) {
            QVERIFY2(o.value(key).isDouble(), qPrintable(key));
            QCOMPARE(o.value(key).toInteger(-1), 0);
        }
        QVERIFY(o.value(u"dimensions"_s).isObject());
        QVERIFY(o.value(u"dimensions"_s).toObject().isEmpty());

        const Run text = cli({u"info"_s, path});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("findings:"));
    }

    void infoCountsWhatIsThere()
    {
        const QString path = m_dir.filePath(u"filled.concord"_s);
        {
            QString error;
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            const auto rater = project->addRater({.name = u"Rater 1"_s}, &error);
            Dimension category;
            category.key = u"category"_s;
            const auto dim = project->addDimension(category, &error);
            const auto a = project->addValue({.dimension = *dim, .name = u"API Misuse"_s}, &error);
            const auto b = project->addValue({.dimension = *dim, .name = u"Other"_s}, &error);
            QVERIFY(rater && dim && a && b);
            for (int i = 0; i < 3; ++i) {
                Item item;
                item.key = ItemKey::issue(u"tensorflow/tensorflow"_s, 100 + i);
                const auto id = project->addItem(item, &error);
                QVERIFY(id);
                Finding f;
                f.item = *id;
                f.rater = *rater;
                if (i < 2) {
                    f.values[*dim] = {*a};
                }
                QVERIFY(project->addFinding(f, &error));
            }
            QVERIFY(project->mergeValues(*b, *a, &error));
        }
        const Run info = cli({u"info"_s, u"--json"_s, path});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        const QJsonObject o = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(o.value(u"items"_s).toInteger(), 3);
        QCOMPARE(o.value(u"bug_reports"_s).toInteger(), 3);
        QCOMPARE(o.value(u"patches"_s).toInteger(), 0);
        QCOMPARE(o.value(u"raters"_s).toInteger(), 1);
        QCOMPARE(o.value(u"findings"_s).toInteger(), 3);
        const QJsonObject category = o.value(u"dimensions"_s).toObject().value(u"category"_s).toObject();
        QCOMPARE(category.value(u"values"_s).toInteger(), 1); // "Other" was merged away
        QCOMPARE(category.value(u"findings_with_value"_s).toInteger(), 2);
    }

    void newNeverOverwrites()
    {
        const QString path = m_dir.filePath(u"existing.concord"_s);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious notes\n");
        }
        const Run r = cli({u"new"_s, path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(path) && r.err.contains(u"already exists"_s), qPrintable(r.err));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious notes\n"));
    }

    void dataErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing") << m_dir.filePath(u"nowhere.concord"_s) << u"does not exist"_s;
        QTest::newRow("corpus csv") << QStringLiteral(CONCORD_CORPUS_DIR) + u"/manifest.csv"_s
                                    << u"not a Concord project (it is not an SQLite database)"_s;
        QTest::newRow("corpus json") << QStringLiteral(CONCORD_CORPUS_DIR) + u"/ponder-fixture-sample.json"_s
                                     << u"not a Concord project"_s;
    }

    void dataErrors()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const Run r = cli({u"info"_s, file, u"--json"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(file) && r.err.contains(message), qPrintable(r.err));
    }

    void notRegularFiles_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::addColumn<QString>("kind");
        const QString dir = m_dir.filePath(u"a-folder.concord"_s);
        const QString fifo = m_dir.filePath(u"a-fifo.concord"_s);
        QDir().mkpath(dir);
        if (!QFile::exists(fifo)) {
            QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        }
        const QString project = m_dir.filePath(u"for-import.concord"_s);
        QTest::newRow("info directory") << QStringList{u"info"_s, dir} << dir << u"a directory"_s;
        QTest::newRow("info fifo") << QStringList{u"info"_s, fifo} << fifo << u"a FIFO"_s;
        QTest::newRow("info device") << QStringList{u"info"_s, u"/dev/null"_s} << u"/dev/null"_s << u"a device"_s;
        QTest::newRow("import fifo") << QStringList{u"import"_s, project, fifo} << fifo << u"a FIFO"_s;
        QTest::newRow("import directory") << QStringList{u"import"_s, project, dir} << dir << u"a directory"_s;
        QTest::newRow("import into fifo") << QStringList{u"import"_s, fifo, QStringLiteral(CONCORD_CORPUS_DIR) + u"/manifest.csv"_s} << fifo << u"a FIFO"_s;
    }

    void notRegularFiles()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        QFETCH(QString, kind);
        const Run r = cli(arguments); // a FIFO that was read would hang until the 30 s timeout
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"%1 is %2, not a file"_s.arg(named, kind)), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1); // one message, no log lines
    }

    void refusedFileLeavesNothingBeside()
    {
        const QString path = m_dir.filePath(u"newer.concord"_s);
        {
            QString error;
            QVERIFY2(Project::create(path, &error), qPrintable(error));
        }
        {
            // Made by a "newer" Concord (the sqlite3 shell leaves nothing beside a file it closes).
            QProcess sqlite;
            sqlite.start(u"sqlite3"_s, {path, u"PRAGMA user_version = 99"_s});
            QVERIFY(sqlite.waitForFinished(10000));
            QCOMPARE(sqlite.exitCode(), 0);
            QVERIFY(!QFile::exists(path + u"-wal"_s));
        }
        const Run refused = cli({u"info"_s, path});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(u"newer Concord"_s), qPrintable(refused.err));
        QVERIFY(!QFile::exists(path + u"-wal"_s));
        QVERIFY(!QFile::exists(path + u"-shm"_s));
        const QString ok = m_dir.filePath(u"plain.concord"_s);
        QString error;
        QVERIFY2(Project::create(ok, &error), qPrintable(error));
        const Run good = cli({u"info"_s, ok});
        QCOMPARE(good.exitCode, 0);
        QVERIFY(!QFile::exists(ok + u"-wal"_s));
        QVERIFY(!QFile::exists(ok + u"-shm"_s));
    }

    void readOnlyFolderOpensReadOnly()
    {
        // Tests run as root, where permissions do not bite: a read-only bind mount in a
        // private mount namespace does (and vanishes with it).
        const QString dir = m_dir.filePath(u"ro"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + u"/study.concord"_s;
        {
            QString error;
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            QVERIFY(project->addRater({.name = u"Rater 1"_s}, &error));
        }
        auto inReadOnlyFolder = [&](const QStringList &arguments) {
            QString command = u"mount --bind '%1' '%1' && mount -o remount,ro,bind '%1' && echo mounted >&2 && exec '%2'"_s
                                  .arg(dir, QStringLiteral(CONCORD_BIN_DIR) + u"/concord-cli"_s);
            for (const QString &a : arguments) {
                command += u" '"_s + a + u"'"_s;
            }
            QProcess p;
            p.start(u"unshare"_s, {u"-m"_s, u"--propagation"_s, u"unchanged"_s, u"sh"_s, u"-c"_s, command});
            Run r;
            if (!p.waitForStarted() || !p.waitForFinished(30000)) {
                return r;
            }
            r.exitCode = p.exitCode();
            r.out = p.readAllStandardOutput();
            r.err = QString::fromUtf8(p.readAllStandardError());
            return r;
        };
        Run info = inReadOnlyFolder({u"info"_s, u"--json"_s, path});
        if (!info.err.startsWith(u"mounted\n"_s)) {
            QSKIP(qPrintable(u"no read-only bind mount here: "_s + info.err));
        }
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QCOMPARE(QJsonDocument::fromJson(info.out).object().value(u"raters"_s).toInteger(), 1);

        const Run import = inReadOnlyFolder({u"import"_s, path, QStringLiteral(CONCORD_CORPUS_DIR) + u"/manifest.csv"_s});
        QCOMPARE(import.exitCode, 2);
        QVERIFY2(import.err.contains(u"folder is read-only"_s) && import.err.contains(u"Open it read-only"_s)
                     && !import.err.contains(u"damaged"_s),
                 qPrintable(import.err));
    }

    void verboseShowsLogLines()
    {
        const QString path = m_dir.filePath(u"nothing-here.concord"_s);
        const Run quiet = cli({u"info"_s, path});
        QCOMPARE(quiet.exitCode, 2);
        QCOMPARE(quiet.err.count(u'\n'), 1);
        QVERIFY2(!quiet.err.contains(u"concord.store"_s), qPrintable(quiet.err));
        const Run loud = cli({u"--verbose"_s, u"info"_s, path});
        QCOMPARE(loud.exitCode, 2);
        QVERIFY2(loud.err.count(u'\n') > 1, qPrintable(loud.err));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("info without file") << QStringList{u"info"_s};
        QTest::newRow("info two files") << QStringList{u"info"_s, u"a"_s, u"b"_s};
        QTest::newRow("info unknown option") << QStringList{u"info"_s, u"--frobnicate"_s, u"a"_s};
        QTest::newRow("new without file") << QStringList{u"new"_s};
        QTest::newRow("new two files") << QStringList{u"new"_s, u"a"_s, u"b"_s};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Run r = cli(arguments);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"--help"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(u"a"_s) && !QFile::exists(u"b"_s));
    }

    void importQueuesDiffsAndIndexIndexesThem()
    {
        // The corpus's patches through the real binary: the import says how many diffs wait
        // for the search index, info reports it, index does it, and a second index finds
        // nothing to do.
        const QString path = m_dir.filePath(u"corpus-index.concord"_s);
        QStringList patches;
        QDirIterator it(QStringLiteral(CONCORD_CORPUS_DIR "/patches"), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            patches << it.next();
        }
        QVERIFY(patches.size() > 100);
        const Run imported = cli(QStringList{u"import"_s, path, u"--json"_s} + patches);
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        const QJsonObject report = QJsonDocument::fromJson(imported.out).object();
        const qint64 items = report.value(u"items_added"_s).toInteger(-1);
        QCOMPARE(items, patches.size());
        QCOMPARE(report.value(u"diffs_pending_index"_s).toInteger(-1), items);

        const Run before = cli({u"info"_s, u"--json"_s, path});
        QVERIFY2(before.exitCode == 0, qPrintable(before.err));
        QCOMPARE(QJsonDocument::fromJson(before.out).object().value(u"diffs_pending_index"_s).toInteger(-1), items);

        const Run indexed = cli({u"index"_s, path, u"--json"_s});
        QVERIFY2(indexed.exitCode == 0, qPrintable(indexed.err));
        const QJsonObject o = QJsonDocument::fromJson(indexed.out).object();
        QCOMPARE(o.value(u"indexed"_s).toInteger(-1), items);
        QCOMPARE(o.value(u"pending"_s).toInteger(-1), 0);
        QCOMPARE(o.value(u"cancelled"_s).toBool(true), false);

        const Run after = cli({u"info"_s, u"--json"_s, path});
        QCOMPARE(QJsonDocument::fromJson(after.out).object().value(u"diffs_pending_index"_s).toInteger(-1), 0);
        const Run again = cli({u"index"_s, path});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(" 0 diffs indexed for search; 0 pending"), again.out.constData());

        // Plain text output of an import names the queue.
        const QString second = m_dir.filePath(u"corpus-index-text.concord"_s);
        const Run text = cli({u"import"_s, second, patches.first()});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("1 diffs queued for the search index"), text.out.constData());

        const Run missing = cli({u"index"_s, m_dir.filePath(u"no-such.concord"_s)});
        QCOMPARE(missing.exitCode, 2);
        const Run usage = cli({u"index"_s});
        QCOMPARE(usage.exitCode, 1);
    }

    void help()
    {
        const Run index = cli({u"index"_s, u"--help"_s});
        QCOMPARE(index.exitCode, 0);
        QVERIFY(index.out.contains("\"pending\""));
        const Run info = cli({u"info"_s, u"--help"_s});
        QCOMPARE(info.exitCode, 0);
        QVERIFY(info.out.contains("findings_with_value"));
        const Run created = cli({u"new"_s, u"--help"_s});
        QCOMPARE(created.exitCode, 0);
        QVERIFY(created.out.contains("never overwritten"));
    }
};

QTEST_GUILESS_MAIN(TestCliProject)
#include "tst_cli_project.moc"
