// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli new, and an import that creates its project, killed (SIGKILL) at random
// moments: afterwards the path either does not exist or opens as a complete project.
#include "store/project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestCliKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killed_data();
    void killed();
    void twoCreatorsOneWinner();
};

void TestCliKill::killed_data()
{
    QTest::addColumn<bool>("import");
    QTest::newRow("new") << false;
    QTest::newRow("import into a new file") << true;
}

void TestCliKill::killed()
{
    QFETCH(bool, import);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A patch big enough that the import takes a while after the project exists.
    QString patchPath = dir.filePath(u"owner__name/big.patch"_s);
    if (import) {
        QVERIFY(QDir().mkpath(dir.filePath(u"owner__name"_s)));
        QByteArray diff;
        for (int f = 0; f < 400; ++f) {
            const QByteArray name = "src/file" + QByteArray::number(f) + ".py";
            diff += "diff --git a/" + name + " b/" + name + "\n--- a/" + name + "\n+++ b/" + name + "\n@@ -1,3 +1,3 @@\n";
            diff += " a\n-b\n+c\n d\n";
        }
        QFile patch(patchPath);
        QVERIFY(patch.open(QIODevice::WriteOnly));
        patch.write(diff);
    }
    QRandomGenerator random(import ? 8008 : 8);
    int existed = 0;
    QElapsedTimer clock;
    clock.start();
    for (int run = 0; run < 50; ++run) {
        const QString path = dir.filePath(u"p%1.concord"_s.arg(run));
        QProcess p;
        QStringList args = import ? QStringList{u"import"_s, path, patchPath} : QStringList{u"new"_s, path};
        p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), args);
        QVERIFY(p.waitForStarted());
        QThread::usleep(random.bounded(50000));
        p.kill();
        QVERIFY(p.waitForFinished(10000));
        QString error;
        if (!QFileInfo::exists(path)) {
            // Nothing at the path: creating it now works, and clears what the killed
            // creator left under its temporary name.
            QVERIFY2(Project::create(path, &error), qPrintable(u"run %1: %2"_s.arg(run).arg(error)));
            const QStringList left =
                QDir(dir.path()).entryList({u".p%1.concord.creating-*"_s.arg(run)}, QDir::Files | QDir::Hidden);
            QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
            continue;
        }
        ++existed;
        auto project = Project::open(path, Project::ReadWrite, &error);
        if (!project && QFileInfo::exists(path + u".lock"_s) && QFileInfo(path + u".lock"_s).size() == 0) {
            // Killed while writing its lock file: a lock naming nobody is stale after a second.
            QThread::msleep(1100);
            project = Project::open(path, Project::ReadWrite, &error);
        }
        QVERIFY2(project, qPrintable(u"run %1: %2"_s.arg(run).arg(error)));
        QCOMPARE(project->schemaVersion(), Project::schemaVersion());
        const ProjectCounts counts = project->counts(); // what concord-cli info prints
        QVERIFY(counts.items == 0 || counts.items == 1);
    }
    qInfo() << existed << "of 50 killed runs had made the project," << clock.elapsed() << "ms";
}

void TestCliKill::twoCreatorsOneWinner()
{
    // Two programs create the same project at once, 20 times: exactly one wins, the
    // other is told so, and what is there is a complete project.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int refusals = 0;
    for (int run = 0; run < 20; ++run) {
        const QString path = dir.filePath(u"race%1.concord"_s.arg(run));
        QProcess a;
        QProcess b;
        a.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), {u"new"_s, path});
        b.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), {u"new"_s, path});
        QVERIFY(a.waitForFinished(30000) && b.waitForFinished(30000));
        const int wins = (a.exitCode() == 0 ? 1 : 0) + (b.exitCode() == 0 ? 1 : 0);
        QCOMPARE(wins, 1);
        const QString loser = QString::fromUtf8((a.exitCode() == 0 ? b : a).readAllStandardError());
        QCOMPARE((a.exitCode() == 0 ? b : a).exitCode(), 2);
        QVERIFY2(loser.contains(path) && (loser.contains(u"another program"_s) || loser.contains(u"already exists"_s)),
                 qPrintable(loser));
        refusals += loser.contains(u"another program"_s) ? 1 : 0;
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->schemaVersion(), Project::schemaVersion());
        const QStringList left = QDir(dir.path()).entryList({u".race%1.concord.creating-*"_s.arg(run)}, QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
    }
    qInfo() << refusals << "of 20 losers came in while the winner was creating";
}

QTEST_GUILESS_MAIN(TestCliKill)
#include "tst_cli_kill.moc"
