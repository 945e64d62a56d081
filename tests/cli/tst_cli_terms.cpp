// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli terms, run as a user runs it, on a real project file: list, add, remove,
// --json, --help, and an invalid regular expression that changes nothing.
#include "../common/clirun.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

class TestCliTerms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"cli%1.concord"_s.arg(++m_run));
        const Run made = cli({u"new"_s, m_path});
        QCOMPARE(made.exitCode, 0);
    }

    void help()
    {
        const Run r = cli({u"terms"_s, u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--add <TERM>"));
        QVERIFY(r.out.contains("--regex"));
        QVERIFY(r.out.contains("--remove <TERM>"));
        QVERIFY(r.out.contains("--json"));
        QVERIFY(cli({u"--help"_s}).out.contains("terms"));
    }

    void addListRemove()
    {
        Run r = cli({u"terms"_s, m_path});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("No highlight terms.\n"));

        r = cli({u"terms"_s, m_path, u"--add"_s, u"tf.function"_s, u"--add"_s, u"@tf.function"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("tf.function\n@tf.function\n"));
        r = cli({u"terms"_s, m_path, u"--add"_s, u"input_signature\\s*="_s, u"--regex"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        r = cli({u"terms"_s, m_path, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray terms = QJsonDocument::fromJson(r.out).object().value(u"terms"_s).toArray();
        QCOMPARE(terms.size(), 3);
        QCOMPARE(terms.at(2).toObject().value(u"pattern"_s).toString(), u"input_signature\\s*="_s);
        QCOMPARE(terms.at(2).toObject().value(u"regex"_s).toBool(), true);
        QCOMPARE(terms.at(0).toObject().value(u"case_sensitive"_s).toBool(), false);

        r = cli({u"terms"_s, m_path, u"--remove"_s, u"@tf.function"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("tf.function\ninput_signature\\s*=  (regular expression)\n"));

        // What the window reads.
        QString error;
        auto project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        const auto stored = project->highlightTerms(&error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->size(), 2);
        QCOMPARE(stored->at(1), (HighlightTerm{u"input_signature\\s*="_s, true, false}));
    }

    void refusedEditsChangeNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("invalid regular expression")
            << QStringList{u"--add"_s, u"x"_s, u"--add"_s, u"tf.function("_s, u"--regex"_s}
            << u"\"tf.function(\" is not a valid regular expression: missing closing parenthesis at offset 12; the project is unchanged"_s;
        QTest::newRow("twice") << QStringList{u"--add"_s, u"TF.function"_s}
                               << u"the term \"TF.function\" is listed twice; the project is unchanged"_s;
        QTest::newRow("remove what is not there") << QStringList{u"--add"_s, u"x"_s, u"--remove"_s, u"nothing"_s}
                                                  << u"has no term \"nothing\"; the project is unchanged"_s;
        QTest::newRow("empty") << QStringList{u"--add"_s, u""_s} << u"a term cannot be empty; the project is unchanged"_s;
    }

    void refusedEditsChangeNothing()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QCOMPARE(cli({u"terms"_s, m_path, u"--add"_s, u"tf.function"_s}).exitCode, 0);
        const Run r = cli(QStringList{u"terms"_s, m_path} + arguments);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        const Run after = cli({u"terms"_s, m_path});
        QCOMPARE(after.out, QByteArray("tf.function\n"));
    }

    void usageErrors()
    {
        QCOMPARE(cli({u"terms"_s}).exitCode, 1);
        QCOMPARE(cli({u"terms"_s, m_path, u"--regex"_s}).exitCode, 1);
        const Run missing = cli({u"terms"_s, m_dir.filePath(u"missing.concord"_s)});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(u"missing.concord"_s));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_run = 0;
};

QTEST_GUILESS_MAIN(TestCliTerms)
#include "tst_cli_terms.moc"
