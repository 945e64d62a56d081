// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli rater, run as the real binary on a project imported from the real corpus:
// list (text and --json), add, set-role, the audit log, and refusals that leave the file
// byte for byte as it was.
#include "../common/clirun.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

QJsonObject raterNamed(const QJsonArray &raters, const QString &name)
{
    for (const QJsonValue &v : raters) {
        if (v.toObject().value(u"name"_s).toString() == name) {
            return v.toObject();
        }
    }
    return {};
}

} // namespace

class TestCliRater : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_template;
    int m_counter = 0;

    QString copy()
    {
        const QString path = m_dir.filePath(u"p%1.concord"_s.arg(++m_counter));
        return QFile::copy(m_template, path) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_template = m_dir.filePath(u"corpus.concord"_s);
        QCOMPARE(cli({u"new"_s, m_template}).exitCode, 0);
        const Run imported =
            cli({u"import"_s, m_template, QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    }

    void help()
    {
        const Run r = cli({u"rater"_s, u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("set-role NAME ROLE"));
        QVERIFY(r.out.contains("--role <ROLE>"));
        QVERIFY(r.out.contains("--initials <X>"));
        QVERIFY(r.out.contains("--json"));
        QVERIFY(cli({u"--help"_s}).out.contains("rater "));
    }

    void listsTheImportedRaters()
    {
        const QString path = copy();
        const QByteArray before = fileHash(path);
        Run r = cli({u"rater"_s, path, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray raters = QJsonDocument::fromJson(r.out).object().value(u"raters"_s).toArray();
        QString error;
        auto project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        const QList<Rater> stored = project->raters();
        QCOMPARE(raters.size(), stored.size());
        QVERIFY(stored.size() >= 2);
        for (const Rater &s : stored) {
            const QJsonObject o = raterNamed(raters, s.name);
            QCOMPARE(o.value(u"uuid"_s).toString(), s.uuid.toString(QUuid::WithoutBraces));
            QCOMPARE(o.value(u"role"_s).toString(), s.role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s);
            QCOMPARE(o.value(u"findings"_s).toInteger(), qint64(project->findingsForRater(s.id).size()));
            QCOMPARE(o.value(u"done"_s).toInteger(), project->doneCount(s.id));
        }
        // Some rater of the dump labeled something: counts of zero alone would prove little.
        QVERIFY(std::any_of(raters.begin(), raters.end(), [](const QJsonValue &v) {
            return v.toObject().value(u"findings"_s).toInteger() > 0;
        }));

        r = cli({u"rater"_s, path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QByteArray(stored.first().name.toUtf8() + ' ')), r.out.constData());
        QVERIFY(r.out.contains("finding(s)"));
        project.reset();
        QCOMPARE(fileHash(path), before); // listing opens read-only
    }

    void addsAReconcilerAndChangesRoles()
    {
        const QString path = copy();
        Run r = cli({u"rater"_s, path, u"add"_s, u"Rita Reconciler"_s, u"--role"_s, u"reconciler"_s, u"--initials"_s,
                     u"RR"_s, u"--by"_s, u"Rater 1"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("Added Rita Reconciler as a reconciler.\n"));
        r = cli({u"rater"_s, path, u"add"_s, u"Newcomer"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray listed = QJsonDocument::fromJson(r.out).object().value(u"raters"_s).toArray();
        QCOMPARE(raterNamed(listed, u"Newcomer"_s).value(u"role"_s).toString(), u"rater"_s);
        QCOMPARE(raterNamed(listed, u"Newcomer"_s).value(u"findings"_s).toInteger(), 0);
        QCOMPARE(raterNamed(listed, u"Rita Reconciler"_s).value(u"initials"_s).toString(), u"RR"_s);

        QString error;
        {
            auto project = Project::open(path, Project::ReadOnly, &error);
            QVERIFY2(project, qPrintable(error));
            const std::optional<Rater> rita = project->raterByName(u"Rita Reconciler"_s);
            QVERIFY(rita);
            QCOMPARE(rita->role, Rater::Role::Reconciler);
            QCOMPARE(rita->initials, u"RR"_s);
            // Audited as the window audits: the entry names who made the edit.
            const QList<AuditEntry> log = project->auditLog(10, rita->uuid);
            QCOMPARE(log.size(), 1);
            QCOMPARE(log.first().action, u"rater.add"_s);
            QCOMPARE(log.first().who, u"Rater 1"_s);
            QCOMPARE(log.first().raterUuid, project->raterByName(u"Rater 1"_s)->uuid);
            QCOMPARE(log.first().after.value(u"role"_s).toString(), u"reconciler"_s);
        }

        // By initials; then back.
        r = cli({u"rater"_s, path, u"set-role"_s, u"RR"_s, u"rater"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("Rita Reconciler is now a rater.\n"));
        r = cli({u"rater"_s, path, u"set-role"_s, u"Newcomer"_s, u"reconciler"_s, u"--by"_s, u"RR"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli({u"rater"_s, path, u"set-role"_s, u"Newcomer"_s, u"reconciler"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("Newcomer is a reconciler already.\n"));

        auto project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->raterByName(u"Rita Reconciler"_s)->role, Rater::Role::Rater);
        const std::optional<Rater> newcomer = project->raterByName(u"Newcomer"_s);
        QCOMPARE(newcomer->role, Rater::Role::Reconciler);
        const QList<AuditEntry> log = project->auditLog(10, newcomer->uuid);
        QCOMPARE(log.size(), 2); // the add and one update: "already" wrote nothing
        const auto update = std::find_if(log.cbegin(), log.cend(), [](const AuditEntry &e) {
            return e.action == "rater.update"_L1;
        });
        QVERIFY(update != log.cend());
        QCOMPARE(update->who, u"Rita Reconciler"_s);
        QCOMPARE(update->before.value(u"role"_s).toString(), u"rater"_s);
        QCOMPARE(update->after.value(u"role"_s).toString(), u"reconciler"_s);
    }

    void refusalsLeaveTheFileUntouched_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown rater") << QStringList{u"set-role"_s, u"Rater 9"_s, u"reconciler"_s} << 2
                                       << u"no rater \"Rater 9\" (did you mean \"Rater "_s;
        QTest::newRow("duplicate name") << QStringList{u"add"_s, u"Rater 1"_s} << 2
                                        << u"there is already a rater \"Rater 1\" (initials R1); the project is unchanged"_s;
        QTest::newRow("duplicate name, other case") << QStringList{u"add"_s, u"rater 1"_s} << 2
                                                    << u"there is already a rater \"Rater 1\""_s;
        QTest::newRow("initials taken") << QStringList{u"add"_s, u"Someone"_s, u"--initials"_s, u"rater 2"_s} << 2
                                        << u"the initials \"rater 2\" name the rater \"Rater 2\" already"_s;
        QTest::newRow("unknown --by") << QStringList{u"add"_s, u"Someone"_s, u"--by"_s, u"Nobody"_s} << 2
                                      << u"--by: no rater \"Nobody\""_s;
        QTest::newRow("bad role to add") << QStringList{u"add"_s, u"Someone"_s, u"--role"_s, u"admin"_s} << 1
                                         << u"--role takes rater or reconciler, not \"admin\""_s;
        QTest::newRow("bad role to set") << QStringList{u"set-role"_s, u"Rater 1"_s, u"boss"_s} << 1
                                         << u"ROLE is rater or reconciler, not \"boss\""_s;
        QTest::newRow("unknown action") << QStringList{u"remove"_s, u"Rater 1"_s} << 1
                                        << u"expected list, add or set-role, not \"remove\""_s;
        QTest::newRow("add without a name") << QStringList{u"add"_s} << 1 << u"add takes one NAME"_s;
        QTest::newRow("--role with set-role")
            << QStringList{u"set-role"_s, u"Rater 1"_s, u"rater"_s, u"--role"_s, u"rater"_s} << 1
            << u"--role and --initials go with add"_s;
    }

    void refusalsLeaveTheFileUntouched()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString path = copy();
        const QByteArray before = fileHash(path);
        const Run r = cli(QStringList{u"rater"_s, path} + arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (exitCode == 2) {
            QVERIFY2(r.err.contains(path), qPrintable(r.err)); // the message names the file
        }
        QVERIFY(r.out.isEmpty());
        QCOMPARE(fileHash(path), before);
        QVERIFY(!QFile::exists(path + u"-wal"_s) || QFile(path + u"-wal"_s).size() == 0);
    }

    void missingProject()
    {
        const QString missing = m_dir.filePath(u"missing.concord"_s);
        const Run r = cli({u"rater"_s, missing, u"add"_s, u"X"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"missing.concord"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(missing));
        QCOMPARE(cli({u"rater"_s}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliRater)
#include "tst_cli_rater.moc"
