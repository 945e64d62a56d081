// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli new / info, run as the real binary.
#include "store/project.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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
                                 u"raters"_s,       u"findings"_s,    u"reconciled"_s};

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

    void help()
    {
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
