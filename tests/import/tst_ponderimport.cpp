// SPDX-License-Identifier: GPL-3.0-or-later
// The study's web-app dump and its patches, imported in either order, give one item per
// commit with its content, its raters' findings and its reconciled findings. Every
// expected figure is computed here from the JSON itself.
#include "import/importer.h"
#include "import/mojibake.h"
#include "import/ponderdump.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");

/// The dump read plainly, without the importer's code.
struct Expected
{
    struct Commit
    {
        QString project;
        QString sha;
        QString dataset;
        int round = 0;
        QString author; ///< as the dump has it
    };
    QList<Commit> commits;
    QHash<QString, QList<QJsonObject>> categorizationsBySha;
    QHash<QString, QList<QJsonObject>> bugFixesBySha;
    QHash<qint64, int> categorizationsPerBugFix;
    QHash<qint64, QString> raterInitials;
    QHash<QString, QHash<qint64, QString>> valueNames; // "category" -> pk -> name

    static Expected read()
    {
        Expected e;
        QFile file(s_dump);
        if (!file.open(QIODevice::ReadOnly)) {
            return e;
        }
        const QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
        QHash<qint64, QString> datasets;
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            const QString model = r[u"model"].toString();
            const QJsonObject f = r[u"fields"].toObject();
            const qint64 pk = r[u"pk"].toInteger();
            if (model == u"ponder.dataset") {
                datasets.insert(pk, f[u"name"].toString());
            } else if (model == u"ponder.categorizer") {
                e.raterInitials.insert(pk, f[u"initials"].toString());
            } else if (model == u"ponder.categorization") {
                e.categorizationsBySha[f[u"sha"].toString()].append(f);
                if (!f[u"bug_fix"].isNull()) {
                    e.categorizationsPerBugFix[f[u"bug_fix"].toInteger()] += 1;
                }
            } else if (model == u"ponder.bugfix") {
                QJsonObject withPk = f;
                withPk.insert(u"pk"_s, pk);
                e.bugFixesBySha[f[u"sha"].toString()].append(withPk);
            } else if (model.startsWith(u"ponder.problem")) {
                const QString key = model.mid(14) == u"category" ? u"category"_s : model.mid(14);
                e.valueNames[key].insert(pk, f[key].toString());
            }
        }
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            if (r[u"model"].toString() == u"ponder.commit") {
                const QJsonObject f = r[u"fields"].toObject();
                e.commits.append({f[u"project"].toString(), f[u"sha"].toString(), datasets.value(f[u"dataset"].toInteger()),
                                  f[u"rounds"].toInt(), f[u"author"].toString()});
            }
        }
        return e;
    }

    QStringList patchFiles() const
    {
        QStringList files;
        for (const Commit &c : commits) {
            QString dir = c.project;
            dir.replace(u'/', u"__"_s);
            files.append(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + dir + u'/' + c.sha + u".patch"_s);
        }
        return files;
    }
};

bool runImport(Project &project, const QStringList &files, ImportResult *result, QString *error)
{
    ImportRequest request;
    request.files = files;
    return importFiles(project, request, result, error);
}

} // namespace

class TestPonderImport : public QObject
{
    Q_OBJECT

    Expected m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        m_expected = Expected::read();
        QVERIFY(m_expected.commits.size() > 100);
        for (const QString &path : m_expected.patchFiles()) {
            QVERIFY2(QFile::exists(path), qPrintable(path));
        }
    }

    // Read record by record, the dump gives the tables the whole document gives; cut
    // short, it is an error with line and column, not a smaller dump.
    void streamedDumpMatchesDocument()
    {
        QFile file(s_dump);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        PonderDump whole;
        QString error;
        QVERIFY2(parsePonderDump(QJsonDocument::fromJson(bytes), &whole, &error), qPrintable(error));
        PonderDump streamed;
        QVERIFY2(readPonderDumpFile(s_dump, &streamed, &error), qPrintable(error));
        QCOMPARE(streamed.records, whole.records);
        QCOMPARE(streamed.datasets.size(), whole.datasets.size());
        QCOMPARE(streamed.commits.size(), whole.commits.size());
        QCOMPARE(streamed.commits.last().sha, whole.commits.last().sha);
        QCOMPARE(streamed.commits.last().record, whole.commits.last().record);
        for (int d = 0; d < 4; ++d) {
            QCOMPARE(streamed.values[d].size(), whole.values[d].size());
        }
        QCOMPARE(streamed.raters.size(), whole.raters.size());
        QCOMPARE(streamed.categorizations.size(), whole.categorizations.size());
        QCOMPARE(streamed.bugFixes.size(), whole.bugFixes.size());
        QCOMPARE(streamed.commitDetails, whole.commitDetails);
        QCOMPARE(streamed.duplicateCommitDetails, whole.duplicateCommitDetails);
        QCOMPARE(streamed.repositories, whole.repositories);
        QCOMPARE(streamed.ignoredModels, whole.ignoredModels);

        QTemporaryDir dir;
        const QString cut = dir.filePath(u"cut.json"_s);
        QFile out(cut);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(bytes.size() / 2));
        out.close();
        QVERIFY(!readPonderDumpFile(cut, &streamed, &error));
        QVERIFY2(error.startsWith(u"line "_s) && error.contains(u": the file ends inside record "_s), qPrintable(error));

        const QString object = dir.filePath(u"object.json"_s);
        QFile one(object);
        QVERIFY(one.open(QIODevice::WriteOnly));
        one.write(R"({"model": "ponder.dataset", "pk": 1, "fields": {}})");
        one.close();
        QVERIFY(!readPonderDumpFile(object, &streamed, &error));
        QCOMPARE(error, u"not a Django dumpdata file: the top level should be an array of records"_s);
    }

    void eitherOrder_data()
    {
        QTest::addColumn<bool>("dumpFirst");
        QTest::newRow("dump, then patches") << true;
        QTest::newRow("patches, then dump") << false;
    }

    void eitherOrder()
    {
        QFETCH(bool, dumpFirst);
        QTemporaryDir dir;
        QString error;
        auto project = Project::create(dir.filePath(u"p.concord"_s), &error);
        QVERIFY2(project, qPrintable(error));

        const QList<QStringList> steps = dumpFirst ? QList<QStringList>{{s_dump}, m_expected.patchFiles()}
                                                   : QList<QStringList>{m_expected.patchFiles(), {s_dump}};
        for (const QStringList &files : steps) {
            ImportResult result;
            QVERIFY2(runImport(*project, files, &result, &error), qPrintable(error));
        }

        // One item per commit, with its patch bytes and its dataset and round.
        QCOMPARE(project->itemCount(), qint64(m_expected.commits.size()));
        const Codebook codebook = project->codebook();
        const DimensionId gate = codebook.dimensionByKey(u"is_func_fix"_s)->id;
        const DimensionId category = codebook.dimensionByKey(u"category"_s)->id;
        QHash<QString, QString> datasetNames;
        for (const Dataset &d : project->datasets()) {
            datasetNames.insert(QString::number(d.id), d.name);
        }
        QHash<RaterId, QString> initials;
        for (const Rater &r : project->raters()) {
            initials.insert(r.id, r.initials);
        }
        int findingsTotal = 0;
        int reconciledTotal = 0;
        for (const Expected::Commit &c : std::as_const(m_expected.commits)) {
            const auto item = project->itemByKey(ItemKey::commit(c.project, c.sha));
            QVERIFY2(item, qPrintable(c.sha));
            QString patchPath = c.project;
            patchPath.replace(u'/', u"__"_s);
            QCOMPARE(project->patchSize(item->id), QFileInfo(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + patchPath + u'/'
                                                              + c.sha + u".patch"_s)
                                                        .size());
            // The dump has no subjects: whichever comes first, the item gets the patch's.
            QVERIFY2(!item->title.isEmpty(), qPrintable(u"no title for "_s + c.sha));
            QCOMPARE(datasetNames.value(QString::number(item->dataset)), c.dataset);
            QCOMPARE(item->round, c.round);
            // Whichever comes first, the author is the patch header's, not the dump's copy.
            const auto header = project->commitHeader(item->id);
            QVERIFY(header);
            QVERIFY(!header->author.isEmpty());
            QCOMPARE(item->author, header->author);

            // The raters' findings: as many per rater as the dump has, gate and category by name.
            const QList<QJsonObject> cats = m_expected.categorizationsBySha.value(c.sha);
            const QList<Finding> findings = project->findingsForItem(item->id);
            QCOMPARE(findings.size(), cats.size());
            QMap<QString, QStringList> expectedByRater;
            for (const QJsonObject &f : cats) {
                const QString cat = f[u"problem_category"].isNull()
                    ? QString()
                    : m_expected.valueNames[u"category"_s].value(f[u"problem_category"].toInteger());
                expectedByRater[m_expected.raterInitials.value(f[u"categorizer"].toInteger())].append(
                    (f[u"is_func_fix"].toBool() ? u"Yes|"_s : u"No|"_s) + cat + u'|'
                    + (f[u"should_discuss"].toBool() ? u"discuss"_s : QString()) + u'|' + f[u"category_comment"].toString());
            }
            QMap<QString, QStringList> gotByRater;
            for (const Finding &f : findings) {
                const QList<ValueId> g = f.values.value(gate);
                const QList<ValueId> cat = f.values.value(category);
                gotByRater[initials.value(f.rater)].append(
                    (g.isEmpty() ? QString() : codebook.value(g.first())->name) + u'|'
                    + (cat.isEmpty() ? QString() : codebook.value(cat.first())->name) + u'|'
                    + (f.shouldDiscuss ? u"discuss"_s : QString()) + u'|' + f.comments.value(category));
            }
            for (auto it = expectedByRater.begin(); it != expectedByRater.end(); ++it) {
                std::sort(it->begin(), it->end());
            }
            for (auto it = gotByRater.begin(); it != gotByRater.end(); ++it) {
                std::sort(it->begin(), it->end());
            }
            QCOMPARE(gotByRater, expectedByRater);
            findingsTotal += int(findings.size());

            // The reconciled findings, each linked to the categorizations pointing to it.
            const QList<QJsonObject> fixes = m_expected.bugFixesBySha.value(c.sha);
            const QList<ReconciledFinding> reconciled = project->reconciledForItem(item->id);
            QCOMPARE(reconciled.size(), fixes.size());
            QMultiMap<QString, int> expectedSources;
            for (const QJsonObject &b : fixes) {
                const QString cat = b[u"problem_category"].isNull()
                    ? QString()
                    : m_expected.valueNames[u"category"_s].value(b[u"problem_category"].toInteger());
                expectedSources.insert(cat, m_expected.categorizationsPerBugFix.value(b[u"pk"].toInteger()));
            }
            QMultiMap<QString, int> gotSources;
            for (const ReconciledFinding &r : reconciled) {
                const QList<ValueId> cat = r.values.value(category);
                gotSources.insert(cat.isEmpty() ? QString() : codebook.value(cat.first())->name, int(r.sourceFindings.size()));
                for (const QUuid &source : r.sourceFindings) {
                    const auto f = project->findingByUuid(source);
                    QVERIFY(f);
                    QCOMPARE(f->item, item->id);
                }
            }
            QCOMPARE(gotSources, expectedSources);
            reconciledTotal += int(reconciled.size());
        }
        const ProjectCounts counts = project->counts();
        QCOMPARE(counts.findings, qint64(findingsTotal));
        QCOMPARE(counts.reconciled, qint64(reconciledTotal));
        QCOMPARE(counts.raters, qint64(m_expected.raterInitials.size()));
        QCOMPARE(counts.patches, qint64(m_expected.commits.size()));
        // Where the dump's name is cut short, a login or mis-decoded, the header's wins.
        const QList<std::pair<ItemKey, QString>> authors{
            {ItemKey::commit(u"GPflow/GPflow"_s, u"d02862f0f81a553468bedb955422c68ef4c0018f"_s), u"ST John"_s},
            {ItemKey::commit(u"nyikovicsmate/thesis"_s, u"6cd67cf254312cea06e77aaf2d021d42d279319d"_s), u"Nyikovics Máté"_s},
            {ItemKey::commit(u"tensorflow/addons"_s, u"96c3308432bb525c33556063b8f92eeb6123644f"_s), u"Yan Facai (颜发才)"_s},
        };
        for (const auto &[key, author] : authors) {
            const auto item = project->itemByKey(key);
            QVERIFY2(item, qPrintable(key.toString()));
            QCOMPARE(item->author, author);
        }

        // The same data again adds nothing and says so.
        for (const QStringList &files : steps) {
            ImportResult again;
            QVERIFY2(runImport(*project, files, &again, &error), qPrintable(error));
            QCOMPARE(again.report.added, 0);
        }
        ImportResult dumpAgain;
        QVERIFY2(runImport(*project, {s_dump}, &dumpAgain, &error), qPrintable(error));
        QVERIFY(dumpAgain.tally.addedNothing());
        QVERIFY(dumpAgain.tally.summary().startsWith(u"nothing new"_s));
        QCOMPARE(project->counts(), counts);
    }

    void repairLatin1Mojibake_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("repaired"); // null: left as it is
        // Real names from the dump.
        QTest::newRow("Hungarian") << u"Nyikovics MÃ¡tÃ©"_s << u"Nyikovics Máté"_s;
        QTest::newRow("Chinese, with C1 bytes") << u"Yan Facai (é¢\u009cå\u008f\u0091æ\u0089\u008d)"_s << u"Yan Facai (颜发才)"_s;
        // Correct text stays.
        QTest::newRow("ASCII") << u"Sean Silva"_s << QString();
        QTest::newRow("correct Latin-1 letters") << u"Jörg Müller"_s << QString();
        QTest::newRow("correct accented") << u"Nyikovics Máté"_s << QString();
        QTest::newRow("correct CJK") << u"颜发才"_s << QString();
        QTest::newRow("typographic apostrophe (the dump's GPflow comment)") << u"GPflow’s Scipy optimizer"_s << QString();
        QTest::newRow("a lone lead byte") << u"Ã"_s << QString();
        QTest::newRow("would decode to a C1 control") << u"Â\u0085"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void repairLatin1Mojibake()
    {
        QFETCH(QString, text);
        QFETCH(QString, repaired);
        const std::optional<QString> got = Concord::repairLatin1Mojibake(text);
        QCOMPARE(got.has_value(), !repaired.isNull());
        if (got) {
            QCOMPARE(*got, repaired);
        }
    }

    // The dump alone: its mis-decoded names are repaired and the repair is reported;
    // every other text is as the dump has it.
    void dumpTextIsRepairedWhereUnambiguous()
    {
        QTemporaryDir dir;
        QString error;
        auto project = Project::create(dir.filePath(u"dump.concord"_s), &error);
        QVERIFY2(project, qPrintable(error));
        ImportResult result;
        QVERIFY2(runImport(*project, {s_dump}, &result, &error), qPrintable(error));
        int repairedNames = 0;
        for (const Expected::Commit &c : std::as_const(m_expected.commits)) {
            const auto item = project->itemByKey(ItemKey::commit(c.project, c.sha));
            QVERIFY(item);
            const std::optional<QString> repaired = Concord::repairLatin1Mojibake(c.author);
            QCOMPARE(item->author, repaired.value_or(c.author));
            repairedNames += repaired.has_value();
        }
        QCOMPARE(repairedNames, 5);
        QCOMPARE(project->itemByKey(ItemKey::commit(u"nyikovicsmate/thesis"_s, u"6cd67cf254312cea06e77aaf2d021d42d279319d"_s))->author,
                 u"Nyikovics Máté"_s);
        QCOMPARE(project->itemByKey(ItemKey::commit(u"tensorflow/addons"_s, u"96c3308432bb525c33556063b8f92eeb6123644f"_s))->author,
                 u"Yan Facai (颜发才)"_s);
        const QString warning = result.report.warnings.filter(u"UTF-8 read as Latin-1"_s).join(u'\n');
        QVERIFY2(warning.contains(u"5 texts"_s) && warning.contains(u"ponder.commit pk 135"_s)
                     && warning.contains(u"\"Nyikovics MÃ¡tÃ©\" read as \"Nyikovics Máté\""_s),
                 qPrintable(result.report.warnings.join(u'\n')));
        // Control characters of the stored text are named, not written to a terminal.
        QVERIFY2(warning.contains(u"\"Yan Facai (é¢\\u009cå\\u008f\\u0091æ\\u0089\\u008d)\" read as \"Yan Facai (颜发才)\""_s), qPrintable(warning));
        for (const QChar c : warning) {
            QVERIFY(c.category() != QChar::Other_Control || c == u'\n');
        }
        // Correct non-ASCII text in a comment stays as it was.
        bool apostrophe = false;
        for (const Finding &f : project->findingsForItem(
                 project->itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"330074a49b242af49edb1e2665ea0199ca7a420a"_s))->id)) {
            for (const QString &comment : f.comments) {
                apostrophe = apostrophe || comment.contains(u"GPflow’s"_s);
            }
        }
        QVERIFY(apostrophe);
    }

    // A dump whose first 64 KiB hold only other apps' records is still recognized.
    void detectedPastOtherModels()
    {
        QByteArray dump = "[";
        for (int i = 1; i <= 1500; ++i) {
            dump += "{\"model\": \"auth.user\", \"pk\": " + QByteArray::number(i)
                + ", \"fields\": {\"username\": \"user" + QByteArray::number(i) + "\", \"is_staff\": false}},\n";
        }
        dump += "{\"model\": \"ponder.dataset\", \"pk\": 1, \"fields\": {\"name\": \"Boa\", \"description\": \"d\"}}]";
        QVERIFY(dump.indexOf("ponder.") > 64 * 1024);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"late.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(dump);
        file.close();
        QString error;
        auto project = Project::create(dir.filePath(u"p.concord"_s), &error);
        QVERIFY(project);
        ImportResult result;
        QVERIFY2(runImport(*project, {path}, &result, &error), qPrintable(error));
        QCOMPARE(result.formats, QStringList{u"ponder"_s});
        QCOMPARE(project->datasets().size(), 1);
        QVERIFY(result.report.warnings.join(u'\n').contains(u"1500 records of model auth.user"_s));
    }

    // What does not link is imported as far as it can be and named.
    void unlinkedRecordsAreReported()
    {
        const QByteArray dump = R"([
 {"model": "ponder.dataset", "pk": 1, "fields": {"name": "Boa", "description": ""}},
 {"model": "ponder.commit", "pk": 1, "fields": {"project": "o/n", "sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "author": "VÃ©lez", "commit_date": "2020-01-02", "dataset": 7, "rounds": null}},
 {"model": "ponder.problemcategory", "pk": 1, "fields": {"category": "Performance", "description": "Speed."}},
 {"model": "ponder.categorizer", "pk": 1, "fields": {"name": "Rater 1", "initials": "R1", "user": "r1"}},
 {"model": "ponder.categorization", "pk": 1, "fields": {"sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "categorizer": 1, "is_func_fix": true, "func_fix_comment": null, "problem_category": 99, "category_comment": "c", "problem_cause": null, "cause_comment": null, "problem_symptom": null, "symptom_comment": null, "problem_fix": null, "fix_comment": null, "should_discuss": true, "bug_fix": 42}},
 {"model": "ponder.categorization", "pk": 2, "fields": {"sha": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "categorizer": 1, "is_func_fix": false, "func_fix_comment": null, "problem_category": null, "category_comment": null, "problem_cause": null, "cause_comment": null, "problem_symptom": null, "symptom_comment": null, "problem_fix": null, "fix_comment": null, "should_discuss": null, "bug_fix": null}},
 {"model": "ponder.categorization", "pk": 3, "fields": {"sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "categorizer": 5, "is_func_fix": false, "func_fix_comment": null, "problem_category": null, "category_comment": null, "problem_cause": null, "cause_comment": null, "problem_symptom": null, "symptom_comment": null, "problem_fix": null, "fix_comment": null, "should_discuss": null, "bug_fix": null}},
 {"model": "auth.user", "pk": 1, "fields": {"username": "admin"}}
])";
        QTemporaryDir dir;
        const QString path = dir.filePath(u"dump.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(dump);
        file.close();
        QString error;
        auto project = Project::create(dir.filePath(u"p.concord"_s), &error);
        QVERIFY(project);
        ImportResult result;
        QVERIFY2(runImport(*project, {path}, &result, &error), qPrintable(error));
        const QString warnings = result.report.warnings.join(u'\n');
        QVERIFY2(warnings.contains(u"record 2 (ponder.commit pk 1): dataset 7 is not in the dump"_s), qPrintable(warnings));
        QVERIFY2(warnings.contains(u"record 5 (ponder.categorization pk 1): problem_category 99 is not a value"_s), qPrintable(warnings));
        QVERIFY2(warnings.contains(u"record 5 (ponder.categorization pk 1): its bug fix 42 is not in the dump"_s), qPrintable(warnings));
        QVERIFY2(warnings.contains(u"record 6 (ponder.categorization pk 2): commit bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb is not in the dump's commits"_s), qPrintable(warnings));
        QVERIFY2(warnings.contains(u"record 7 (ponder.categorization pk 3): categorizer 5 is not in the dump"_s), qPrintable(warnings));
        QVERIFY2(warnings.contains(u"1 records of model auth.user"_s), qPrintable(warnings));
        // The linkable finding is there, without the unknown value, with its comment and flag.
        const auto item = project->itemByKey(ItemKey::commit(u"o/n"_s, u"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"_s));
        QVERIFY(item);
        QCOMPARE(item->author, u"Vélez"_s); // UTF-8 read as Latin-1, repaired
        QVERIFY2(warnings.contains(u"record 2 (ponder.commit pk 1) author \"VÃ©lez\" read as \"Vélez\""_s), qPrintable(warnings));
        const QList<Finding> findings = project->findingsForItem(item->id);
        QCOMPARE(findings.size(), 1);
        QVERIFY(findings.first().shouldDiscuss);
        const Codebook codebook = project->codebook();
        QCOMPARE(findings.first().comments.value(codebook.dimensionByKey(u"category"_s)->id), u"c"_s);
        QVERIFY(findings.first().values.value(codebook.dimensionByKey(u"category"_s)->id).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPonderImport)
#include "tst_ponderimport.moc"
