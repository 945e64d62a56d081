// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli label, run as the real binary on a project imported from the real corpus.
#include "../common/clirun.h"
#include "import/importer.h"
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

const QString s_sha = u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s;
const QString s_key = u"google/iree@"_s + s_sha;

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

} // namespace

class TestCliLabel : public QObject
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

    static QJsonObject json(const Run &r) { return QJsonDocument::fromJson(r.out).object(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_template = m_dir.filePath(u"corpus.concord"_s);
        QString error;
        auto project = Project::create(m_template, &error);
        QVERIFY2(project, qPrintable(error));
        ImportRequest request;
        request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/patches/google__iree/00a33f7e060caa6616c15003bdac95b7926b76ae.patch"),
                         QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")};
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QVERIFY(project->raterByName(u"Rater 1"_s));
        // A rater without findings of the item, so finding 1 is new.
        QVERIFY(project->addRater({0, {}, u"Newcomer"_s, u"NC"_s}, &error));
    }

    void help()
    {
        const Run r = cli({u"label"_s, u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--should-discuss"));
        QVERIFY(r.out.contains("OWNER/NAME@SHA"));
    }

    void createsAFindingAndPrintsIt()
    {
        const QString path = copy();
        const Run r = cli({u"label"_s, path, u"--rater"_s, u"Newcomer"_s, u"--item"_s, u"google/iree@00a33f7"_s,
                           u"--set"_s, u"is_func_fix=yes"_s, u"--set"_s, u"category=API Misuse"_s, u"--comment"_s,
                           u"category=see https://example.org/x"_s, u"--should-discuss"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = json(r);
        QCOMPARE(o.value(u"item"_s).toString(), s_key);
        QCOMPARE(o.value(u"rater"_s).toString(), u"Newcomer"_s);
        QCOMPARE(o.value(u"finding"_s).toInt(), 1);
        QCOMPARE(o.value(u"values"_s).toObject().value(u"is_func_fix"_s).toArray(), QJsonArray{u"Yes"_s});
        QCOMPARE(o.value(u"values"_s).toObject().value(u"category"_s).toArray(), QJsonArray{u"API Misuse"_s});
        QCOMPARE(o.value(u"comments"_s).toObject().value(u"category"_s).toString(), u"see https://example.org/x"_s);
        QCOMPARE(o.value(u"should_discuss"_s).toBool(), true);
        QCOMPARE(o.value(u"unsure"_s).toBool(), false);
        QCOMPARE(o.value(u"status"_s).toString(), u"in_progress"_s);

        // In the store, as one audited change by the rater.
        QString error;
        auto project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        const Rater rater = *project->raterByName(u"Newcomer"_s);
        const auto item = project->itemByKey(ItemKey::commit(u"google/iree"_s, s_sha));
        QList<Finding> mine;
        for (const Finding &f : project->findingsForItem(item->id)) {
            if (f.rater == rater.id) {
                mine.append(f);
            }
        }
        QCOMPARE(mine.size(), 1);
        QCOMPARE(mine.first().uuid.toString(QUuid::WithoutBraces), o.value(u"uuid"_s).toString());
        QVERIFY(mine.first().shouldDiscuss);
        const AuditEntry last = project->auditLog(1).first();
        QCOMPARE(last.action, u"finding.add"_s);
        QCOMPARE(last.who, u"Newcomer"_s);
        QCOMPARE(last.raterUuid, rater.uuid);
        project.reset();

        // Done needs the codebook's rules to hold, as in the window: a fix of category
        // Performance needs a cause, a symptom and a fix. Refused, nothing changed.
        const QByteArray beforeRefusal = fileHash(path);
        const Run early = cli({u"label"_s, path, u"--rater"_s, u"NC"_s, u"--item"_s, s_key, u"--set"_s,
                               u"category=performance"_s, u"--done"_s});
        QCOMPARE(early.exitCode, 2);
        QVERIFY2(early.err.contains(u"cannot be marked done"_s) && early.err.contains(u"cause"_s), qPrintable(early.err));
        QVERIFY(fileHash(path) == beforeRefusal);
        // Change it to an exempt category, flag it unsure, mark done: status unsure;
        // finding 2 is added next.
        const Run again = cli({u"label"_s, path, u"--rater"_s, u"NC"_s, u"--item"_s, s_key, u"--set"_s,
                               u"category=unknown"_s, u"--unsure"_s, u"--done"_s, u"--json"_s});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(json(again).value(u"values"_s).toObject().value(u"category"_s).toArray(), QJsonArray{u"Unknown"_s});
        QCOMPARE(json(again).value(u"values"_s).toObject().value(u"is_func_fix"_s).toArray(), QJsonArray{u"Yes"_s});
        QCOMPARE(json(again).value(u"uuid"_s), o.value(u"uuid"_s));
        QCOMPARE(json(again).value(u"status"_s).toString(), u"unsure"_s);
        const Run second = cli({u"label"_s, path, u"--rater"_s, u"Newcomer"_s, u"--item"_s, s_key, u"--finding"_s, u"2"_s,
                                u"--clear"_s, u"category"_s, u"--sure"_s, u"--json"_s});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QCOMPARE(json(second).value(u"finding"_s).toInt(), 2);
        QVERIFY(json(second).value(u"uuid"_s) != o.value(u"uuid"_s));
        project = Project::open(path, Project::ReadOnly, &error);
        QCOMPARE(project->doneCount(rater.id), 1);
    }

    void refusalsChangeNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown rater") << QStringList{u"--rater"_s, u"Rater 1x"_s, u"--item"_s, s_key} << 2
                                       << u"no rater \"Rater 1x\" (did you mean \"Rater 1\"?)"_s;
        QTest::newRow("unknown item") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, u"google/iree@00a33f7e06ffff"_s}
                                      << 2 << u"did you mean \"google/iree@00a33f7e060caa6616c15003bdac95b7926b76ae\""_s;
        QTest::newRow("unknown repository") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, u"google/ireee#5"_s} << 2
                                            << u"no item \"google/ireee#5\" (did you mean \"google/iree\"?)"_s;
        QTest::newRow("unknown dimension")
            << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, s_key, u"--set"_s, u"categroy=Other"_s} << 2
            << u"no dimension \"categroy\" (did you mean \"category\"?)"_s;
        QTest::newRow("unknown value")
            << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, s_key, u"--set"_s, u"category=API Misuze"_s} << 2
            << u"no value \"API Misuze\" (did you mean \"API Misuse\"?)"_s;
        QTest::newRow("two values in single choice")
            << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, s_key, u"--set"_s, u"category=Other"_s, u"--set"_s,
                           u"category=Test"_s}
            << 2 << u"takes one value"_s;
        QTest::newRow("finding too far") << QStringList{u"--rater"_s, u"Newcomer"_s, u"--item"_s, s_key, u"--finding"_s, u"3"_s}
                                         << 2 << u"--finding 1 would add the next one"_s;
        QTest::newRow("short sha") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, u"google/iree@00a33f"_s} << 2
                                   << u"7 or more hex digits"_s;
        QTest::newRow("ambiguous prefix") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, u"google/iree@00a33f7"_s}
                                          << 2 << u"ambiguous: google/iree@"_s;
        QTest::newRow("no rater") << QStringList{u"--item"_s, s_key} << 1 << u"--rater and --item are required"_s;
        QTest::newRow("both flags") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, s_key, u"--unsure"_s, u"--sure"_s}
                                    << 1 << u"exclude each other"_s;
        QTest::newRow("bad set") << QStringList{u"--rater"_s, u"Rater 1"_s, u"--item"_s, s_key, u"--set"_s, u"category"_s} << 1
                                 << u"DIM=VALUE"_s;
    }

    void refusalsChangeNothing()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString path = copy();
        if (QTest::currentDataTag() == QByteArrayLiteral("ambiguous prefix")) {
            // A second commit of the repository whose sha starts like the first one's.
            QString error;
            auto project = Project::open(path, Project::ReadWrite, &error);
            Item twin;
            twin.key = ItemKey::commit(u"google/iree"_s, u"00a33f7e0000000000000000000000000000beef"_s);
            QVERIFY2(project->addItem(twin, &error), qPrintable(error));
        }
        const QByteArray before = fileHash(path);
        QVERIFY(!before.isEmpty());
        const Run r = cli(QStringList{u"label"_s, path} + arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (exitCode == 2 && r.err.contains(u"concord-cli:"_s) && !r.err.contains(u"ambiguous"_s)) {
            QVERIFY2(r.err.contains(u"unchanged"_s), qPrintable(r.err));
        }
        QCOMPARE(fileHash(path), before);
    }
};

QTEST_GUILESS_MAIN(TestCliLabel)
#include "tst_cli_label.moc"
