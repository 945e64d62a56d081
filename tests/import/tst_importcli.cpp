// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli import as a user runs it: exit codes, messages, re-import, --json, Ctrl+C.
#include "store/project.h"

#include <QFile>
#include <QDateTime>
#include <QFileInfo>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestImportCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run cli(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), arguments);
        process.waitForFinished(120000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void importTwice()
    {
        const QString project = m_dir.filePath(u"twice.concord"_s);
        const Run first = cli({u"import"_s, project, m_dump});
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.out.contains(u"items added"_s) || first.out.contains(u" items"_s), qPrintable(first.out));
        QVERIFY2(first.err.contains(u"warning: "_s), qPrintable(first.err)); // what did not link is said

        const Run second = cli({u"import"_s, project, m_dump, u"--json"_s});
        QCOMPARE(second.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(second.out.toUtf8()).object();
        QVERIFY2(json.value(u"nothing_new"_s).toBool(), qPrintable(second.out));
        QCOMPARE(json.value(u"items_added"_s).toInt(), 0);
        QVERIFY(json.value(u"items_already_present"_s).toInt() > 0);
        QCOMPARE(json.value(u"formats"_s).toArray(), QJsonArray{u"ponder"_s});

        // A re-import that adds nothing changes nothing in the file: same bytes, same time.
        const auto fingerprint = [&project] {
            QFile f(project);
            const QDateTime modified = QFileInfo(project).lastModified();
            const QByteArray hash = f.open(QIODevice::ReadOnly)
                ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                : QByteArray();
            return std::pair{hash, modified};
        };
        const auto before = fingerprint();
        QVERIFY(!before.first.isEmpty());
        QTest::qWait(20); // a write now would show in the modification time
        const Run third = cli({u"import"_s, project, m_dump});
        QVERIFY2(third.out.contains(u"nothing new"_s), qPrintable(third.out));
        QVERIFY(fingerprint() == before);
        QVERIFY(!QFileInfo::exists(project + u"-wal"_s) || QFileInfo(project + u"-wal"_s).size() == 0);
    }

    void dataErrorLeavesNoTrace()
    {
        const QString bad = m_dir.filePath(u"bad.json"_s);
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[\n {\"model\": \"ponder.commit\", \"pk\": 1,\n");
        file.close();

        // Into a new project: error, and no project file left behind.
        const QString fresh = m_dir.filePath(u"fresh.concord"_s);
        Run run = cli({u"import"_s, fresh, bad});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(bad + u": line 3, column"_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"nothing was imported"_s), qPrintable(run.err));
        QVERIFY(!QFile::exists(fresh));

        // Into an existing project, with a good file first: the project is unchanged.
        const QString existing = m_dir.filePath(u"existing.concord"_s);
        QCOMPARE(cli({u"import"_s, existing, QStringLiteral(CONCORD_CORPUS_DIR "/labels/taxonomy.csv")}).exitCode, 0);
        ProjectCounts before;
        {
            QString error;
            auto p = Project::open(existing, Project::ReadOnly, &error);
            QVERIFY2(p, qPrintable(error));
            before = p->counts();
        }
        run = cli({u"import"_s, existing, m_dump, bad});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(bad), qPrintable(run.err));
        QString error;
        auto p = Project::open(existing, Project::ReadOnly, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->counts(), before);
    }

    void usageErrors()
    {
        QCOMPARE(cli({u"import"_s, m_dir.filePath(u"u.concord"_s)}).exitCode, 1);
        const Run run = cli({u"import"_s, m_dir.filePath(u"u.concord"_s), m_dump, u"--format"_s, u"xml"_s});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"unknown --format \"xml\""_s), qPrintable(run.err));
        const Run missing = cli({u"import"_s, m_dir.filePath(u"u.concord"_s), m_dir.filePath(u"nope.json"_s)});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(u"nope.json: no such file"_s), qPrintable(missing.err));
    }

    // Ctrl+C during an import: exit 2, "cancelled", nothing imported.
    void interrupt()
    {
        QJsonArray issues;
        for (int i = 1; i <= 30000; ++i) {
            issues.append(QJsonObject{{u"repo"_s, u"acme/big"_s},
                                      {u"number"_s, i},
                                      {u"title"_s, u"issue %1"_s.arg(i)},
                                      {u"body"_s, QString(400, u'x')},
                                      {u"state"_s, u"open"_s}});
        }
        const QString path = m_dir.filePath(u"many.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(issues).toJson(QJsonDocument::Compact));
        file.close();
        const QString project = m_dir.filePath(u"interrupted.concord"_s);
        QCOMPARE(cli({u"import"_s, project, QStringLiteral(CONCORD_CORPUS_DIR "/labels/taxonomy.csv")}).exitCode, 0);

        QProcess process;
        process.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), {u"import"_s, project, path});
        QVERIFY(process.waitForStarted());
        // Wait until the JSON is parsed and writing has begun, then interrupt.
        QTest::qWait(1500);
        if (process.state() != QProcess::Running) {
            QSKIP("the import finished before it could be interrupted");
        }
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        if (process.exitCode() == 0) {
            // The signal came while the transaction was being committed (past the last
            // point where a cancel is taken): then everything was imported, consistently.
            QString error;
            auto p = Project::open(project, Project::ReadOnly, &error);
            QVERIFY2(p, qPrintable(error));
            QCOMPARE(p->counts().bugReports, qint64(30000));
            QSKIP("the interrupt came during the commit; the import completed whole");
        }
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(err.contains(u"import cancelled; nothing was imported"_s), qPrintable(err));
        QString error;
        auto p = Project::open(project, Project::ReadOnly, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->counts().bugReports, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
