// SPDX-License-Identifier: GPL-3.0-or-later
// Reconciliation from the command line, checked against the study's web-app dump read
// directly (its raw JSON, not through our importer): the decision statistics of
// `agreement --decisions` and the units `reconcile --accept-unanimous` adds.
#include "agreement/reconciliation.h"
#include "import/importer.h"
#include "store/project.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(120000)) {
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// The dump's records of one model, by pk.
QHash<int, QJsonObject> records(const QJsonArray &dump, const QString &model)
{
    QHash<int, QJsonObject> out;
    for (const QJsonValue &v : dump) {
        const QJsonObject o = v.toObject();
        if (o.value(u"model"_s).toString() == model) {
            out.insert(o.value(u"pk"_s).toInt(), o.value(u"fields"_s).toObject());
        }
    }
    return out;
}

QJsonArray readDump()
{
    QFile f(s_dump);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(f.readAll()).array();
}

// The dump's answer fields, in the codebook's dimensions.
const char *const s_fields[] = {"is_func_fix", "problem_category", "problem_cause", "problem_symptom", "problem_fix"};

} // namespace

class TestReconciliation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString buildProject(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QString error;
        std::unique_ptr<Project> project = Project::create(path, &error);
        if (!project) {
            qWarning() << error;
            return {};
        }
        ImportRequest request;
        request.files = {s_dump};
        ImportResult result;
        if (!importFiles(*project, request, &result, &error)) {
            qWarning() << error;
            return {};
        }
        return path;
    }

private Q_SLOTS:
    void decisionsAsTheDumpHasThem()
    {
        // By hand from the raw dump: each bug fix (the reconciled answer) against the
        // categorizations that point to it, for the category (problem_category) field.
        const QJsonArray dump = readDump();
        QVERIFY(!dump.isEmpty());
        const QHash<int, QJsonObject> fixes = records(dump, u"ponder.bugfix"_s);
        const QHash<int, QJsonObject> cats = records(dump, u"ponder.categorization"_s);
        QHash<int, QList<QJsonObject>> pointing;
        for (const QJsonObject &c : cats) {
            if (!c.value(u"bug_fix"_s).isNull()) {
                pointing[c.value(u"bug_fix"_s).toInt()].append(c);
            }
        }
        qint64 comparable = 0;
        qint64 kept = 0;
        qint64 overruled = 0;
        qint64 adopted = 0;
        qint64 neither = 0;
        qint64 without = 0;
        for (auto it = fixes.cbegin(); it != fixes.cend(); ++it) {
            const QList<QJsonObject> sources = pointing.value(it.key());
            QHash<int, QJsonValue> answer; // categorizer → problem_category
            bool several = false;
            for (const QJsonObject &c : sources) {
                const int who = c.value(u"categorizer"_s).toInt();
                several = several || answer.contains(who);
                answer.insert(who, c.value(u"problem_category"_s));
            }
            if (sources.isEmpty()) {
                ++without;
                continue;
            }
            if (several || answer.size() < 2) {
                continue;
            }
            ++comparable;
            const QJsonValue decided = it.value().value(u"problem_category"_s);
            const QList<QJsonValue> given = answer.values();
            const bool agreed = std::all_of(given.cbegin(), given.cend(), [&](const QJsonValue &v) {
                return v == given.first();
            });
            const bool someone = std::any_of(given.cbegin(), given.cend(), [&](const QJsonValue &v) {
                return v == decided;
            });
            if (agreed) {
                ++(someone ? kept : overruled);
            } else {
                ++(someone ? adopted : neither);
            }
        }
        QVERIFY(comparable > 100);
        QVERIFY(neither + overruled > 0);

        const QString path = buildProject(u"decisions.concord"_s);
        QVERIFY(!path.isEmpty());
        const Run r = cli({u"agreement"_s, path, u"--decisions"_s, u"--dimension"_s, u"category"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"dimension"_s).toString(), u"category"_s);
        QCOMPARE(o.value(u"reconciled"_s).toInteger(), qint64(fixes.size()));
        QCOMPARE(o.value(u"without_sources"_s).toInteger(), without);
        QCOMPARE(o.value(u"comparable"_s).toInteger(), comparable);
        QCOMPARE(o.value(u"agreed_kept"_s).toInteger(), kept);
        QCOMPARE(o.value(u"agreed_overruled"_s).toInteger(), overruled);
        QCOMPARE(o.value(u"adopted_from_a_rater"_s).toInteger(), adopted);
        QCOMPARE(o.value(u"disagreed_chosen_by_neither"_s).toInteger(), neither);
        QCOMPARE(o.value(u"chosen_by_neither"_s).toInteger(), neither + overruled);
        QCOMPARE(o.value(u"share_chosen_by_neither"_s).toDouble(), double(neither + overruled) / double(comparable));

        // No reconciled findings: every share is undefined (null), not 0.
        const QString empty = m_dir.filePath(u"empty.concord"_s);
        QCOMPARE(cli({u"new"_s, empty}).exitCode, 0);
        const Run e = cli({u"agreement"_s, empty, u"--decisions"_s, u"--json"_s});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const QJsonArray dims = QJsonDocument::fromJson(e.out).object().value(u"dimensions"_s).toArray();
        for (const QJsonValue &d : dims) {
            QVERIFY(d.toObject().value(u"share_chosen_by_neither"_s).isNull());
        }
    }

    void byRoundGivesEachRoundsFigures()
    {
        const QString path = buildProject(u"rounds.concord"_s);
        QVERIFY(!path.isEmpty());
        const Run all = cli({u"agreement"_s, path, u"--by-round"_s, u"--json"_s, u"--dimension"_s, u"category"_s});
        QVERIFY2(all.exitCode == 0, qPrintable(all.err));
        const QJsonArray rounds = QJsonDocument::fromJson(all.out).object().value(u"rounds"_s).toArray();
        QVERIFY(!rounds.isEmpty());
        for (const QJsonValue &round : rounds) {
            const int n = round.toObject().value(u"round"_s).toInt();
            const Run one = cli({u"agreement"_s, path, u"--round"_s, QString::number(n), u"--json"_s, u"--dimension"_s,
                                 u"category"_s});
            QVERIFY2(one.exitCode == 0, qPrintable(one.err));
            // The same figures as asking for that round alone.
            QCOMPARE(round.toObject().value(u"dimensions"_s).toArray().first().toObject(), QJsonDocument::fromJson(one.out).object());
        }
        QCOMPARE(cli({u"agreement"_s, path, u"--by-round"_s, u"--round"_s, u"1"_s}).exitCode, 1);
    }

    void adoptingReproducesTheStudysDecisions()
    {
        // The study's reconciled findings that took one rater's whole answer (recorded as
        // adopted on import) are made again, one command per item, from a copy without
        // them: the same values, the same linked findings, decision "adopted". Those it
        // chose by neither rater are made again with --set: decision "new".
        const QString path = buildProject(u"adopt.concord"_s);
        QVERIFY(!path.isEmpty());
        struct Case
        {
            QString key;
            QString rater; // whose answer was adopted; empty: --set
            ReconciledFinding original;
        };
        QList<Case> cases;
        {
            QString error;
            std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, &error);
            QVERIFY2(project, qPrintable(error));
            const Codebook book = project->codebook();
            QHash<QUuid, Finding> byUuid;
            for (const Finding &f : project->findings()) {
                byUuid.insert(f.uuid, f);
            }
            for (const ReconciledFinding &r : project->reconciledFindings()) {
                if (r.ordinal != 0 || r.sourceFindings.size() != 2 || project->reconciledForItem(r.item).size() != 1) {
                    continue;
                }
                const Finding a = byUuid.value(r.sourceFindings[0]);
                const Finding b = byUuid.value(r.sourceFindings[1]);
                if (a.ordinal != 0 || b.ordinal != 0 || a.rater == b.rater) {
                    continue;
                }
                QList<DimensionValues> given{a.values, b.values};
                const ReconciledFinding::Decision kind = classifyDecision(r.values, given);
                Case c{project->item(r.item)->key.toString(), {}, r};
                if (kind == ReconciledFinding::Decision::AdoptedOne) {
                    c.rater = project->rater(classifyDecision(r.values, {a.values}) == ReconciledFinding::Decision::Unanimous
                                                 ? a.rater
                                                 : b.rater)
                                  ->name;
                    cases.append(c);
                } else if (kind == ReconciledFinding::Decision::New && cases.size() < 60) {
                    cases.append(c);
                }
            }
            for (const Case &c : std::as_const(cases)) {
                QVERIFY2(project->removeReconciled(c.original.id, &error), qPrintable(error));
            }
            QVERIFY(project->raterByName(u"Rater 2"_s));
        }
        int adopted = 0;
        int chosenAnew = 0;
        for (const Case &c : std::as_const(cases)) {
            QStringList args{u"reconcile"_s, path, u"--item"_s, c.key, u"--rationale"_s, u"as the study decided"_s,
                             u"--by"_s, u"Rater 2"_s, u"--json"_s};
            if (!c.rater.isEmpty()) {
                args << u"--adopt"_s << c.rater;
            } else {
                QString error;
                std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error);
                QVERIFY2(project, qPrintable(error));
                const Codebook book = project->codebook();
                for (const Dimension &d : book.dimensions) {
                    for (ValueId v : c.original.values.value(d.id)) {
                        args << u"--set"_s << d.key + u'=' + book.value(v)->name;
                    }
                }
            }
            const Run r = cli(args);
            QVERIFY2(r.exitCode == 0, qPrintable(c.key + u": "_s + r.err));
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QCOMPARE(o.value(u"decision"_s).toString(), c.rater.isEmpty() ? u"new"_s : u"adopted"_s);
            (c.rater.isEmpty() ? chosenAnew : adopted) += 1;
        }
        QVERIFY2(adopted >= 10, qPrintable(QString::number(adopted)));
        QVERIFY2(chosenAnew >= 5, qPrintable(QString::number(chosenAnew)));
        QString error;
        std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        for (const Case &c : std::as_const(cases)) {
            const QList<ReconciledFinding> now = project->reconciledForItem(c.original.item);
            QCOMPARE(now.size(), 1);
            // The values the study chose (a dimension with nothing chosen equals one absent).
            for (auto it = c.original.values.cbegin(); it != c.original.values.cend(); ++it) {
                QList<ValueId> want = it.value();
                QList<ValueId> got = now.first().values.value(it.key());
                std::sort(want.begin(), want.end());
                std::sort(got.begin(), got.end());
                QCOMPARE(got, want);
            }
            QCOMPARE(QSet<QUuid>(now.first().sourceFindings.cbegin(), now.first().sourceFindings.cend()),
                     QSet<QUuid>(c.original.sourceFindings.cbegin(), c.original.sourceFindings.cend()));
            QCOMPARE(project->rater(now.first().decidedBy)->name, u"Rater 2"_s);
            QCOMPARE(now.first().rationale, u"as the study decided"_s);
        }
        // Names that do not exist are data errors naming the closest; nothing changes.
        const Run bad = cli({u"reconcile"_s, path, u"--item"_s, cases.first().key, u"--set"_s, u"category=No such value"_s,
                             u"--rationale"_s, u"x"_s, u"--by"_s, u"Rater 2"_s});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(u"no value \"No such value\""_s), qPrintable(bad.err));
        QCOMPARE(cli({u"reconcile"_s, path, u"--item"_s, cases.first().key, u"--adopt"_s, u"Rater 1"_s}).exitCode, 1);
    }

    void acceptUnanimousAddsWhatTheRatersAgreedOn()
    {
        // Raters 2 and 3 labeled most commits; which commits they answered identically on
        // every field, from the raw dump.
        const QJsonArray dump = readDump();
        const QHash<int, QJsonObject> raters = records(dump, u"ponder.categorizer"_s);
        const QHash<int, QJsonObject> commits = records(dump, u"ponder.commit"_s);
        QHash<QString, QString> keyOfSha;
        for (const QJsonObject &c : commits) {
            keyOfSha.insert(c.value(u"sha"_s).toString(), c.value(u"project"_s).toString() + u'@' + c.value(u"sha"_s).toString());
        }
        QHash<QString, QHash<int, QList<QJsonObject>>> bySha;
        for (const QJsonObject &c : records(dump, u"ponder.categorization"_s)) {
            bySha[c.value(u"sha"_s).toString()][c.value(u"categorizer"_s).toInt()].append(c);
        }
        QSet<QString> expected;
        for (auto it = bySha.cbegin(); it != bySha.cend(); ++it) {
            const QList<QJsonObject> a = it.value().value(2);
            const QList<QJsonObject> b = it.value().value(3);
            if (a.size() != 1 || b.size() != 1) {
                continue;
            }
            bool same = true;
            for (const char *field : s_fields) {
                const QString name = QString::fromLatin1(field);
                same = same && a.first().value(name) == b.first().value(name);
            }
            if (same) {
                expected.insert(keyOfSha.value(it.key()));
            }
        }
        QVERIFY(expected.size() > 50);

        // The study's project without its reconciled findings: what a pair has right after
        // labeling independently.
        const QString path = buildProject(u"unanimous.concord"_s);
        QVERIFY(!path.isEmpty());
        {
            QString error;
            std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, &error);
            QVERIFY2(project, qPrintable(error));
            for (const ReconciledFinding &r : project->reconciledFindings()) {
                QVERIFY2(project->removeReconciled(r.id, &error), qPrintable(error));
            }
        }
        const QString a = raters.value(2).value(u"name"_s).toString();
        const QString b = raters.value(3).value(u"initials"_s).toString(); // initials work too
        const QStringList args{u"reconcile"_s, path, u"--accept-unanimous"_s, u"--raters"_s, a + u',' + b, u"--json"_s};

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        const Run dry = cli(args + QStringList{u"--dry-run"_s});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.err));
        const QJsonObject planned = QJsonDocument::fromJson(dry.out).object();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before); // the dry run wrote nothing
        file.close();
        QSet<QString> plannedKeys;
        for (const QJsonValue &k : planned.value(u"items"_s).toArray()) {
            plannedKeys.insert(k.toString());
        }
        QCOMPARE(plannedKeys, expected);

        const Run done = cli(args);
        QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        const QJsonObject added = QJsonDocument::fromJson(done.out).object();
        QCOMPARE(added.value(u"items"_s).toArray(), planned.value(u"items"_s).toArray()); // the dry run said exactly this
        QCOMPARE(added.value(u"added"_s).toInteger(), qint64(expected.size()));

        {
            QString error;
            std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error);
            QVERIFY2(project, qPrintable(error));
            const QList<ReconciledFinding> stored = project->reconciledFindings();
            QCOMPARE(stored.size(), expected.size());
            QHash<QUuid, Finding> findingByUuid;
            for (const Finding &f : project->findings()) {
                findingByUuid.insert(f.uuid, f);
            }
            for (const ReconciledFinding &r : stored) {
                QCOMPARE(r.decision, ReconciledFinding::Decision::Unanimous);
                QCOMPARE(r.sourceFindings.size(), 2);
                const Finding x = findingByUuid.value(r.sourceFindings[0]);
                const Finding y = findingByUuid.value(r.sourceFindings[1]);
                // One finding of each rater (the store keeps links as a set).
                const QSet<QString> linked{project->rater(x.rater)->name, project->rater(y.rater)->initials};
                QVERIFY(linked.contains(a) || linked.contains(project->raterByName(a)->initials));
                QCOMPARE(QSet<RaterId>({x.rater, y.rater}).size(), 2);
                QVERIFY(project->rater(x.rater)->initials == b || project->rater(y.rater)->initials == b);
                QCOMPARE(x.item, r.item);
                QCOMPARE(y.item, r.item);
                QCOMPARE(r.values, x.values);
                QVERIFY(r.decidedAt.isValid());
            }
        }
        // A second run adds nothing: every unit it would touch is reconciled now.
        const Run again = cli(args);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(u"added"_s).toInteger(), 0);
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(u"already_reconciled"_s).toInteger(), qint64(expected.size()));
        // An unknown rater is a data error naming the raters; nothing changes.
        const Run unknown = cli({u"reconcile"_s, path, u"--accept-unanimous"_s, u"--raters"_s, a + u",Nobody"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(u"no rater \"Nobody\""_s) && unknown.err.contains(a), qPrintable(unknown.err));
        QCOMPARE(cli({u"reconcile"_s, path, u"--raters"_s, a + u',' + b}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestReconciliation)
#include "tst_reconciliation.moc"
