// SPDX-License-Identifier: GPL-3.0-or-later
// Codebooks and labels from spreadsheets: the corpus's taxonomy, rater judgements and
// reconciled findings (labels/*.csv), checked against the web-app dump they came from.
#include "import/csvreader.h"
#include "import/importer.h"
#include "store/project.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_labels = QStringLiteral(CONCORD_CORPUS_DIR "/labels/");

QStringList corpusPatches()
{
    QStringList files;
    QDirIterator it(QStringLiteral(CONCORD_CORPUS_DIR "/patches"), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files.append(it.next());
    }
    files.sort();
    return files;
}

/// Rows of a corpus CSV as maps column → value.
QList<QHash<QString, QString>> readRows(const QString &path)
{
    QList<QHash<QString, QString>> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return rows;
    }
    CsvReader reader(&file);
    QStringList header;
    QStringList fields;
    reader.readRecord(&header);
    while (reader.readRecord(&fields)) {
        QHash<QString, QString> row;
        for (int i = 0; i < header.size() && i < fields.size(); ++i) {
            row.insert(header.at(i), fields.at(i));
        }
        rows.append(row);
    }
    return rows;
}

/// Value names per dimension key, in the dump.
QMap<QString, QStringList> dumpValueNames()
{
    QMap<QString, QStringList> names;
    QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        return names;
    }
    for (const QJsonValue &v : QJsonDocument::fromJson(file.readAll()).array()) {
        const QString model = v[u"model"].toString();
        if (model.startsWith(u"ponder.problem")) {
            const QString key = model.mid(14);
            names[key].append(v[u"fields"][key].toString());
        }
    }
    for (QStringList &list : names) {
        list.sort();
    }
    return names;
}

QMap<QString, QStringList> codebookNames(const Project &project)
{
    QMap<QString, QStringList> names;
    const Codebook codebook = project.codebook();
    for (const Dimension &d : codebook.dimensions) {
        if (d.kind == Dimension::Kind::Gate) {
            continue;
        }
        for (const CodebookValue &v : codebook.valuesOf(d.id)) {
            names[d.key].append(v.name);
        }
        names[d.key].sort();
    }
    return names;
}

bool run(Project &project, const QStringList &files, ImportResult *result, QString *error, bool addMissing = false)
{
    ImportRequest request;
    request.files = files;
    request.addMissingValues = addMissing;
    return importFiles(project, request, result, error);
}

} // namespace

class TestLabelImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<Project> projectWithPatches(const QString &name)
    {
        QString error;
        auto project = Project::create(m_dir.filePath(name), &error);
        ImportResult result;
        if (!project || !run(*project, corpusPatches(), &result, &error)) {
            qWarning() << error;
            return nullptr;
        }
        return project;
    }

private Q_SLOTS:
    // The corpus's all-in-one taxonomy gives the dump's codebook, name for name.
    void taxonomyCombined()
    {
        QString error;
        auto project = Project::create(m_dir.filePath(u"tax.concord"_s), &error);
        QVERIFY(project);
        ImportResult result;
        QVERIFY2(run(*project, {s_labels + u"taxonomy.csv"_s}, &result, &error), qPrintable(error));
        QCOMPARE(codebookNames(*project), dumpValueNames());
        // Descriptions survive, multi-line ones included.
        const Codebook codebook = project->codebook();
        const CodebookValue *unknown = codebook.valueByName(codebook.dimensionByKey(u"category"_s)->id, u"Unknown"_s);
        QVERIFY(unknown);
        QCOMPARE(unknown->description, u"A fix whose category cannot be determined."_s);
        // The study's rules come with the dimensions: cause is exempt for Unknown.
        QVERIFY(codebook.dimensionByKey(u"cause"_s)->rules.exemptValues.contains(unknown->uuid));
        ImportResult again;
        QVERIFY2(run(*project, {s_labels + u"taxonomy.csv"_s}, &again, &error), qPrintable(error));
        QVERIFY(again.tally.addedNothing());
    }

    // The published layout: one file per dimension, "category","description".
    void taxonomyPublishedLayout()
    {
        QMap<QString, QList<QPair<QString, QString>>> perDimension;
        for (const auto &row : readRows(s_labels + u"taxonomy.csv"_s)) {
            perDimension[row.value(u"dimension"_s)].append({row.value(u"name"_s), row.value(u"description"_s)});
        }
        const QHash<QString, QString> fileNames{{u"category"_s, u"problem_categories.csv"_s},
                                                {u"cause"_s, u"problem_causes.csv"_s},
                                                {u"symptom"_s, u"problem_symptoms.csv"_s},
                                                {u"fix"_s, u"problem_fixes.csv"_s}};
        QStringList files;
        for (auto it = perDimension.cbegin(); it != perDimension.cend(); ++it) {
            const QString path = m_dir.filePath(fileNames.value(it.key()));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            auto quote = [](QString s) { return QString(u'"' + s.replace(u'"', u"\"\""_s) + u'"'); };
            file.write((quote(it.key()) + u","_s + quote(u"description"_s) + u"\n"_s).toUtf8());
            for (const auto &[name, description] : it.value()) {
                file.write((quote(name) + u","_s + quote(description) + u"\n"_s).toUtf8());
            }
            files.append(path);
        }
        QString error;
        auto project = Project::create(m_dir.filePath(u"published.concord"_s), &error);
        QVERIFY(project);
        ImportResult result;
        QVERIFY2(run(*project, files, &result, &error), qPrintable(error));
        QCOMPARE(codebookNames(*project), dumpValueNames());
    }

    // Rater judgements and reconciled findings from the spreadsheets.
    void judgementsAndReconciled()
    {
        auto project = projectWithPatches(u"labels.concord"_s);
        QVERIFY(project);
        const auto judgements = readRows(s_labels + u"categorizations.csv"_s);
        const auto reconciled = readRows(s_labels + u"reconciled.csv"_s);
        QHash<QString, int> perBugFix;
        QHash<QString, int> perRater;
        int discuss = 0;
        for (const auto &row : judgements) {
            perBugFix[row.value(u"bug_fix_id"_s)] += 1;
            perRater[row.value(u"rater"_s)] += 1;
            discuss += row.value(u"should_discuss"_s) == u"true";
        }
        ImportResult result;
        QString error;
        // Command-line order does not matter: taxonomy, then judgements, then reconciled.
        QVERIFY2(run(*project, {s_labels + u"reconciled.csv"_s, s_labels + u"categorizations.csv"_s, s_labels + u"taxonomy.csv"_s},
                     &result, &error),
                 qPrintable(error));
        QCOMPARE(project->counts().findings, qint64(judgements.size()));
        QCOMPARE(project->counts().reconciled, qint64(reconciled.size()));
        QHash<QString, int> gotPerRater;
        int gotDiscuss = 0;
        for (const Rater &r : project->raters()) {
            gotPerRater.insert(r.initials, int(project->findingsForRater(r.id).size()));
        }
        for (const Finding &f : project->findings()) {
            gotDiscuss += f.shouldDiscuss;
        }
        QCOMPARE(gotPerRater, perRater);
        QCOMPARE(gotDiscuss, discuss);
        int linked = 0;
        for (const ReconciledFinding &r : project->reconciledFindings()) {
            linked += int(r.sourceFindings.size());
        }
        int expectedLinked = 0;
        for (const auto &row : reconciled) {
            expectedLinked += perBugFix.value(row.value(u"bug_fix_id"_s));
        }
        QCOMPARE(linked, expectedLinked);
    }

    // The spreadsheets and the dump of the same study do not double up.
    void spreadsheetAfterDumpAddsNothing()
    {
        auto project = projectWithPatches(u"both.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        QVERIFY2(run(*project, {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")}, &result, &error), qPrintable(error));
        const ProjectCounts before = project->counts();
        ImportResult again;
        QVERIFY2(run(*project, {s_labels + u"taxonomy.csv"_s, s_labels + u"categorizations.csv"_s, s_labels + u"reconciled.csv"_s},
                     &again, &error),
                 qPrintable(error));
        QVERIFY2(again.tally.addedNothing(), qPrintable(again.tally.summary()));
        QCOMPARE(project->counts(), before);
    }

    // The commit list makes the items (dataset, round, author, date); patches fill them.
    void commitList()
    {
        const auto rows = readRows(s_labels + u"commits.csv"_s);
        QVERIFY(!rows.isEmpty());
        QMap<QString, int> perDataset;
        for (const auto &row : rows) {
            perDataset[row.value(u"dataset"_s)] += 1;
        }
        QString error;
        auto project = Project::create(m_dir.filePath(u"commits.concord"_s), &error);
        QVERIFY(project);
        ImportResult result;
        QVERIFY2(run(*project, {s_labels + u"commits.csv"_s}, &result, &error), qPrintable(error));
        QCOMPARE(result.formats, QStringList{u"csv"_s});
        QCOMPARE(project->itemCount(), qint64(rows.size()));
        QHash<DatasetId, QString> names;
        for (const Dataset &d : project->datasets()) {
            names.insert(d.id, d.name);
        }
        QMap<QString, int> gotPerDataset;
        for (const Item &item : project->items(0, project->itemCount())) {
            gotPerDataset[names.value(item.dataset)] += 1;
        }
        QCOMPARE(gotPerDataset, perDataset);
        const auto first = project->itemByKey(ItemKey::commit(rows.first().value(u"project"_s), rows.first().value(u"sha"_s)));
        QVERIFY(first);
        QCOMPARE(first->author, rows.first().value(u"author"_s));
        QCOMPARE(first->date, SourceDate::fromDay(QDate::fromString(rows.first().value(u"commit_date"_s), Qt::ISODate)));

        QVERIFY2(run(*project, corpusPatches(), &result, &error), qPrintable(error));
        QCOMPARE(project->itemCount(), qint64(rows.size()));
        QCOMPARE(project->counts().patches, qint64(rows.size()));
    }

    // Commit details from the spreadsheet land where the dump puts them, each row once.
    void commitDetails()
    {
        const auto rows = readRows(s_labels + u"commit_details.csv"_s);
        QSet<QString> distinct; // rows repeat in the study's data: each counts once
        for (const auto &row : rows) {
            QStringList parts;
            for (auto it = row.cbegin(); it != row.cend(); ++it) {
                if (it.key() != u"id") {
                    parts.append(it.key() + u'=' + it.value());
                }
            }
            parts.sort();
            distinct.insert(parts.join(u'\n'));
        }
        auto project = projectWithPatches(u"details.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        QVERIFY2(run(*project, {s_labels + u"commit_details.csv"_s}, &result, &error), qPrintable(error));
        QCOMPARE(result.tally.added(u"commit details"_s), int(distinct.size()));
        int stored = 0;
        for (const Item &item : project->items(0, project->itemCount())) {
            stored += int(item.metadata.value(u"ponder"_s).toObject().value(u"commit_details"_s).toArray().size());
        }
        QCOMPARE(stored, int(distinct.size()));
        // The dump carries the same details: nothing new.
        QVERIFY2(run(*project, {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")}, &result, &error), qPrintable(error));
        int after = 0;
        for (const Item &item : project->items(0, project->itemCount())) {
            after += int(item.metadata.value(u"ponder"_s).toObject().value(u"commit_details"_s).toArray().size());
        }
        QCOMPARE(after, stored);
    }

    // Value names the codebook lacks: listed and refused, or added on request.
    void unknownValues()
    {
        auto project = projectWithPatches(u"unknown.concord"_s);
        QVERIFY(project);
        const ProjectCounts before = project->counts();
        ImportResult result;
        QString error;
        QVERIFY(!run(*project, {s_labels + u"categorizations.csv"_s}, &result, &error));
        QVERIFY2(error.contains(u"\n  line 3: category \"API Misuse\""_s), qPrintable(error));
        int named = 0; // every value name in the file is unknown to an empty codebook
        for (const auto &row : readRows(s_labels + u"categorizations.csv"_s)) {
            for (const char *column : {"problem_category", "problem_cause", "problem_symptom", "problem_fix"}) {
                named += !row.value(QLatin1String(column)).trimmed().isEmpty();
            }
        }
        QVERIFY2(error.contains(u"categorizations.csv: %1 values are not in the codebook"_s.arg(named)), qPrintable(error));
        QVERIFY2(error.contains(u"nothing was imported"_s), qPrintable(error));
        QCOMPARE(project->counts(), before);

        QVERIFY2(run(*project, {s_labels + u"categorizations.csv"_s}, &result, &error, true), qPrintable(error));
        QCOMPARE(project->counts().findings, qint64(readRows(s_labels + u"categorizations.csv"_s).size()));
        QVERIFY(result.tally.added(u"codebook values"_s) > 0);
        QVERIFY(result.report.warnings.join(u'\n').contains(u"added the category value \"API Misuse\""_s));
    }

    // An export's dimensions.csv, raters.csv and DIMENSION.csv: a dimension of another
    // kind with its values, raters with roles; bad rows are refused naming the line, and a
    // two-column CSV given --map is still a bug-report list.
    void dimensionsRatersAndOtherCodebookFiles()
    {
        auto write = [this](const QString &name, const QByteArray &text) {
            QFile file(m_dir.filePath(name));
            return file.open(QIODevice::WriteOnly) && file.write(text) == text.size() ? file.fileName() : QString();
        };
        const QString dimensions = write(u"dimensions.csv"_s, "dimension,name,kind,ordered,description,file\r\n"
                                                              "category,Problem category,single,false,,problem_categories.csv\r\n"
                                                              "Parts,Affected parts,multiple,false,\"Where, in the code\",Parts.csv\r\n"
                                                              "severity,Severity,single,true,,severity.csv\r\n");
        const QString parts = write(u"Parts.csv"_s, "\"Parts\",\"description\"\r\n\"api\",\"The API\"\r\n\"tests\",\"\"\r\n");
        const QString severity = write(u"severity.csv"_s, "\"severity\",\"description\"\r\n\"low\",\"\"\r\n\"high\",\"=bad\"\r\n");
        const QString raters = write(u"raters.csv"_s, "rater,name,initials,role,login,uuid\r\n"
                                                      "AL,Ada Lovelace,AL,rater,ada,\r\n"
                                                      "Carol,Carol,,reconciler,,\r\n");
        QVERIFY(!dimensions.isEmpty() && !parts.isEmpty() && !severity.isEmpty() && !raters.isEmpty());
        QString error;
        auto project = Project::create(m_dir.filePath(u"dimensions.concord"_s), &error);
        QVERIFY2(project, qPrintable(error));
        ImportResult result;
        QVERIFY2(run(*project, {severity, parts, raters, dimensions}, &result, &error), qPrintable(error));
        const Codebook codebook = project->codebook();
        const Dimension *partsDim = codebook.dimensionByKey(u"Parts"_s);
        const Dimension *severityDim = codebook.dimensionByKey(u"severity"_s);
        QVERIFY(partsDim && severityDim && codebook.dimensionByKey(u"category"_s));
        QCOMPARE(partsDim->kind, Dimension::Kind::MultipleChoice);
        QCOMPARE(partsDim->name, u"Affected parts"_s);
        QCOMPARE(partsDim->description, u"Where, in the code"_s);
        QVERIFY(severityDim->ordered);
        QVERIFY(partsDim->order > codebook.dimensionByKey(u"fix"_s)->order); // after the study's
        QVERIFY(severityDim->order > partsDim->order);
        QCOMPARE(codebook.valueByName(partsDim->id, u"api"_s)->description, u"The API"_s);
        QCOMPARE(codebook.valueByName(severityDim->id, u"high"_s)->description, u"=bad"_s);
        QCOMPARE(codebook.valuesOf(severityDim->id).size(), 2);
        const auto ada = project->raterByName(u"Ada Lovelace"_s);
        const auto carol = project->raterByName(u"Carol"_s);
        QVERIFY(ada && carol);
        QCOMPARE(ada->role, Rater::Role::Rater);
        QCOMPARE(ada->login, u"ada"_s);
        QCOMPARE(carol->role, Rater::Role::Reconciler);
        QCOMPARE(carol->initials, QString());

        const ProjectCounts before = project->counts();
        const QString badRole = write(u"badrole.csv"_s, "rater,name,role\r\nBB,Bob,boss\r\n");
        QVERIFY(!run(*project, {badRole}, &result, &error));
        QVERIFY2(error.contains(u"badrole.csv: line 2: role \"boss\""_s) && error.contains(u"nothing was imported"_s),
                 qPrintable(error));
        const QString badKind = write(u"badkind.csv"_s, "dimension,name,kind\r\nseverity,Severity,multiple\r\n");
        QVERIFY(!run(*project, {badKind}, &result, &error));
        QVERIFY2(error.contains(u"badkind.csv: line 2: dimension severity is already in the project as another kind"_s),
                 qPrintable(error));
        QCOMPARE(project->counts(), before);

        const QString issues = write(u"issues-two.csv"_s, "ticket,description\r\n17,It retraces every call\r\n");
        ImportRequest request;
        request.files = {issues};
        request.columnMap = {u"number=ticket,title=description"_s};
        request.options.project = u"acme/widgets"_s;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QCOMPARE(project->counts().items, before.items + 1);
        QVERIFY(!project->codebook().dimensionByKey(u"ticket"_s));
    }
};

QTEST_GUILESS_MAIN(TestLabelImport)
#include "tst_labelimport.moc"
