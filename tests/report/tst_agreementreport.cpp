// SPDX-License-Identifier: GPL-3.0-or-later
// The agreement report of a real project made from the study's sample dump: its numbers
// are the engine's, the page fetches nothing and runs nothing, project text is shown as
// text (a hostile rater name, value description and title stay inert), and recompute.py
// run with the build root's python3 and statsmodels prints the engine's figures.
#include "../common/clirun.h"

#include "agreement/dashboardfigures.h"
#include "agreement/ratingscsv.h"
#include "document/agreementreportjob.h"
#include "import/importer.h"
#include "report/htmlreport.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Concord;
using namespace Concord::CliTest;
using namespace Qt::StringLiterals;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");
const QString s_hostileRater = u"<script>alert(1)</script>"_s;
const QString s_hostileDescription = u"<img src=x onerror=alert(2)> & \"quoted\""_s;
const QString s_hostileTitle = u"\"><iframe src=http://evil.example/></iframe><link rel=stylesheet href=https://evil.example/x.css>"_s;
const QString s_hostileValue = u"<b onmouseover=alert(3)>Bold</b>"_s;

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString escaped(const QString &text)
{
    QString out = text.toHtmlEscaped();
    return out.replace(u'\'', u"&#39;"_s);
}

struct HtmlCoefficient
{
    QString value; ///< data-value: 17 digits or "undefined"
    qint64 n = -1;
    QString ciLow;
    QString ciHigh;
    QString row; ///< the whole <tr>…</tr>
};

/// Every coefficient row of the page's coefficient tables: "dimension/key" → values.
QHash<QString, HtmlCoefficient> coefficientRows(const QString &html)
{
    QHash<QString, HtmlCoefficient> rows;
    static const QRegularExpression re(
        u"<tr data-dimension=\"([^\"]*)\" data-coefficient=\"([^\"]*)\" data-value=\"([^\"]*)\" data-n=\"(\\d+)\"(?: data-ci-low=\"([^\"]*)\" data-ci-high=\"([^\"]*)\")?>(.*?)</tr>"_s);
    for (auto it = re.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        rows.insert(m.captured(1) + u'/' + m.captured(2),
                    {m.captured(3), m.captured(4).toLongLong(), m.captured(5), m.captured(6), m.captured(7)});
    }
    return rows;
}

} // namespace

class TestAgreementReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void numbersEqualEngine_data();
    void numbersEqualEngine();
    void undefinedShownAsUndefined();
    void noScriptNoExternalResource();
    void projectTextIsEscaped();
    void ratingsAndScriptsBeside();
    void pythonRecomputesEngineFigures();
    void cliWritesAndRefusesToOverwrite();
    void workerWritesWhatCliWrites();
    void cancelLeavesNothing();

private:
    QTemporaryDir m_tmp;
    QString m_path;
    std::unique_ptr<Project> m_project;
    QString m_dir;
    QString m_html;
};

void TestAgreementReport::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_path = m_tmp.filePath(u"study.concord"_s);
    QString error;
    auto project = Project::create(m_path, &error);
    QVERIFY2(project, qPrintable(error));
    ImportRequest request;
    request.files = {s_dump};
    ImportResult result;
    QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
    QVERIFY(project->counts().findings > 100);
    QVERIFY(project->counts().reconciled > 50);

    // Imported text is data: a rater's name, a value's name and description and the
    // project's title that would be markup if they were pasted into the page.
    QList<Rater> raters = project->raters();
    QVERIFY(!raters.isEmpty());
    Rater rater = raters.first();
    rater.name = s_hostileRater;
    QVERIFY2(project->updateRater(rater, &error), qPrintable(error));
    const Codebook codebook = project->codebook();
    const Dimension *category = codebook.dimensionByKey(u"category"_s);
    QVERIFY(category);
    // The most used category value, so that it shows up in tables and charts.
    const auto usage = project->valueUsage(&error);
    QVERIFY2(usage, qPrintable(error));
    CodebookValue most;
    for (const CodebookValue &v : codebook.valuesOf(category->id)) {
        if (usage->value(v.id) > usage->value(most.id)) {
            most = v;
        }
    }
    QVERIFY(most.id != 0);
    most.name = s_hostileValue;
    most.description = s_hostileDescription;
    QVERIFY2(project->updateValue(most, &error), qPrintable(error));
    QVERIFY2(project->setMetadata(u"title"_s, s_hostileTitle, &error), qPrintable(error));
    project.reset();

    m_project = Project::open(m_path, Project::ReadOnly, &error);
    QVERIFY2(m_project, qPrintable(error));
    m_dir = m_tmp.filePath(u"report"_s);
    AgreementReportOptions options;
    const auto files = writeAgreementReport(*m_project, options, m_dir, &error);
    QVERIFY2(files, qPrintable(error));
    QCOMPARE(files->size(), 4);
    m_html = readText(QDir(m_dir).filePath(u"report.html"_s));
    QVERIFY(m_html.startsWith(u"<!DOCTYPE html>"_s));
}

void TestAgreementReport::numbersEqualEngine_data()
{
    QTest::addColumn<bool>("gatePassed");
    QTest::addColumn<int>("round");
    QTest::newRow("every unit") << false << -1;
    QTest::newRow("gate passed") << true << -1;
    QTest::newRow("round 1") << false << 1;
}

void TestAgreementReport::numbersEqualEngine()
{
    QFETCH(bool, gatePassed);
    QFETCH(int, round);
    AgreementReportOptions options;
    options.filters.gatePassedOnly = gatePassed;
    if (round >= 0) {
        options.filters.round = round;
    }
    options.filters.bootstrapResamples = 200;
    QString error;
    const QString dir = m_tmp.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_'));
    QVERIFY2(writeAgreementReport(*m_project, options, dir, &error), qPrintable(error));
    const QString html = readText(QDir(dir).filePath(u"report.html"_s));
    const auto figures = computeDashboardFigures(*m_project, options.filters, &error);
    QVERIFY2(figures, qPrintable(error));
    QVERIFY(!figures->dimensions.empty());

    const QHash<QString, HtmlCoefficient> rows = coefficientRows(html);
    int expected = 0;
    for (const DashboardDimension &d : figures->dimensions) {
        for (const NamedCoefficient &nc : d.coefficients()) {
            ++expected;
            const QString key = d.dimension.key + u'/' + nc.key;
            QVERIFY2(rows.contains(key), qPrintable(u"no row for "_s + key));
            const HtmlCoefficient &row = rows.value(key);
            const Coefficient &c = nc.coefficient;
            QCOMPARE(row.n, c.n);
            if (!c.value) {
                QCOMPARE(row.value, u"undefined"_s);
                QVERIFY2(row.row.contains(escaped(c.undefinedReason)), qPrintable(key));
                continue;
            }
            bool ok = false;
            QCOMPARE(row.value.toDouble(&ok), *c.value);
            QVERIFY(ok);
            // What a reader sees: four decimals of the same number.
            QVERIFY2(row.row.contains(u">"_s + QString::number(*c.value, 'f', 4) + u"<"_s), qPrintable(key));
            QCOMPARE(!row.ciLow.isEmpty(), c.ci95.has_value());
            if (c.ci95) {
                QCOMPARE(row.ciLow.toDouble(), c.ci95->first);
                QCOMPARE(row.ciHigh.toDouble(), c.ci95->second);
            }
        }
    }
    QCOMPARE(rows.size(), expected);

    // The pair matrix: each rater pair's Cohen's kappa and n.
    int pairCells = 0;
    for (const DashboardDimension &d : figures->dimensions) {
        for (const PairAgreement &p : d.report.pairs) {
            if (p.n == 0) {
                continue;
            }
            const QString cell = u"data-rater-a=\""_s + escaped(p.raterA) + u"\" data-rater-b=\""_s + escaped(p.raterB)
                                 + u"\" data-value=\""_s
                                 + (p.cohenKappa.value ? QString::number(*p.cohenKappa.value, 'g', 17) : u"undefined"_s)
                                 + u"\" data-n=\"%1\""_s.arg(p.n);
            QVERIFY2(html.contains(cell), qPrintable(d.dimension.key + u": "_s + cell));
            ++pairCells;
        }
    }
    QVERIFY(pairCells > 0);

    // The decision statistics: chosen by neither rater, as the engine counts it.
    QVERIFY(figures->decisionsError.isEmpty());
    for (const DecisionCounts &c : figures->decisions) {
        const QString rowStart = u"<tr data-dimension=\""_s + escaped(c.dimension.key) + u"\">"_s;
        const qsizetype at = html.indexOf(rowStart, html.indexOf(u"id=\"decisions\""_s));
        QVERIFY2(at >= 0, qPrintable(c.dimension.key));
        const QString row = html.mid(at, html.indexOf(u"</tr>"_s, at) - at);
        if (c.comparable() > 0) {
            QVERIFY2(row.contains(u"data-value=\"%1\""_s.arg(QString::number(double(c.neither()) / double(c.comparable()), 'g', 17))),
                     qPrintable(row));
        } else {
            QVERIFY2(row.contains(u"undefined"_s), qPrintable(row));
        }
        QVERIFY2(row.contains(u"<td class=\"num\">%1</td><td class=\"num\">%2</td>"_s.arg(c.reconciled).arg(c.comparable())),
                 qPrintable(row));
    }

    // The project summary.
    const ProjectCounts counts = m_project->counts();
    QVERIFY(html.contains(u"<tr data-summary=\"items\"><th scope=\"row\">Items</th><td class=\"num\">%1</td>"_s.arg(counts.items)));
    QVERIFY(html.contains(u"data-summary=\"findings\"><th scope=\"row\">Rater findings</th><td class=\"num\">%1</td>"_s.arg(counts.findings)));
    QVERIFY(html.contains(
        u"data-summary=\"reconciled\"><th scope=\"row\">Reconciled findings</th><td class=\"num\">%1</td>"_s.arg(counts.reconciled)));
}

void TestAgreementReport::undefinedShownAsUndefined()
{
    // Per round, small calibration rounds give coefficients that are 0/0; the round
    // table shows them as undefined, never as 0 or 1.
    QString error;
    const auto figures = computeDashboardFigures(*m_project, DashboardFilters{}, &error);
    QVERIFY2(figures, qPrintable(error));
    int undefinedCells = 0;
    int definedCells = 0;
    for (const RoundFigures &rf : figures->byRound) {
        for (auto it = rf.coefficients.cbegin(); it != rf.coefficients.cend(); ++it) {
            const qsizetype table = m_html.indexOf(u"<table class=\"rounds\" data-dimension=\""_s + escaped(it.key()) + u'"');
            QVERIFY2(table >= 0, qPrintable(it.key()));
            const qsizetype rowAt = m_html.indexOf(u"<tr data-round=\"%1\">"_s.arg(rf.round), table);
            QVERIFY(rowAt >= 0);
            const QString row = m_html.mid(rowAt, m_html.indexOf(u"</tr>"_s, rowAt) - rowAt);
            for (const NamedCoefficient &nc : it.value()) {
                if (nc.key != u"percent_agreement"_s && nc.key != u"fleiss_kappa"_s && nc.key != u"krippendorff_alpha"_s) {
                    continue;
                }
                const QString start = u"data-coefficient=\""_s + nc.key + u"\" data-value=\""_s;
                const qsizetype at = row.indexOf(start);
                QVERIFY2(at >= 0, qPrintable(row));
                const QString cell = row.mid(at, row.indexOf(u"</td>"_s, at) - at);
                if (nc.coefficient.value) {
                    QVERIFY2(cell.startsWith(start + QString::number(*nc.coefficient.value, 'g', 17) + u'"'), qPrintable(cell));
                    ++definedCells;
                } else {
                    QVERIFY2(cell.startsWith(start + u"undefined\""_s), qPrintable(cell));
                    QVERIFY2(cell.contains(u">undefined</span>"_s) && cell.contains(escaped(nc.coefficient.undefinedReason)),
                             qPrintable(cell));
                    ++undefinedCells;
                }
            }
        }
    }
    QVERIFY(definedCells > 0);
    // The sample's round 1 has one unit: Fleiss' kappa and alpha are 0/0 there.
    QVERIFY(undefinedCells > 0);
}

void TestAgreementReport::noScriptNoExternalResource()
{
    const QString lower = m_html.toLower();
    for (const QString &forbidden : {u"<script"_s, u"<link"_s, u"<iframe"_s, u"<object"_s, u"<embed"_s, u"<img"_s,
                                     u"<base"_s, u"url("_s, u"@import"_s, u"javascript:"_s, u"@font-face"_s}) {
        QVERIFY2(!lower.contains(forbidden), qPrintable(forbidden));
    }
    // Every tag is ours (project text is escaped, so any '<' starts one of them): no
    // src, no event handler, no href but the page's own anchors, no http(s) anywhere in
    // a tag.
    static const QRegularExpression tag(u"<([a-zA-Z!/][^>]*)>"_s);
    static const QRegularExpression handler(u"\\son[a-z]+\\s*="_s);
    static const QRegularExpression href(u"\\bhref\\s*=\\s*\"([^\"]*)\""_s);
    int tags = 0;
    for (auto it = tag.globalMatch(m_html); it.hasNext();) {
        const QString t = it.next().captured(1).toLower();
        ++tags;
        QVERIFY2(!t.contains(u"src="_s), qPrintable(t));
        QVERIFY2(!t.contains(u"http:"_s) && !t.contains(u"https:"_s) && !t.contains(u"//"_s), qPrintable(t));
        QVERIFY2(!handler.match(t).hasMatch(), qPrintable(t));
        for (auto h = href.globalMatch(t); h.hasNext();) {
            QVERIFY2(h.next().captured(1).startsWith(u'#'), qPrintable(t));
        }
    }
    QVERIFY(tags > 100);
    // The CSS is inline and the charts are inline SVG.
    QVERIFY(m_html.contains(u"<style>"_s));
    QVERIFY(m_html.count(u"<svg class=\"chart\""_s) >= 2);
    QVERIFY(m_html.contains(u"prefers-color-scheme: dark"_s));
}

void TestAgreementReport::projectTextIsEscaped()
{
    for (const QString &hostile : {s_hostileRater, s_hostileDescription, s_hostileTitle, s_hostileValue}) {
        QVERIFY2(!m_html.contains(hostile), qPrintable(hostile));
        QVERIFY2(m_html.contains(escaped(hostile)), qPrintable(u"not shown: "_s + hostile));
    }
    // The rater's name is in the pair matrix and the value frequencies; the renamed value
    // in the confusion matrices, frequencies and codebook; its description in the codebook.
    QVERIFY(m_html.count(escaped(s_hostileRater)) >= 3);
    QVERIFY(m_html.count(escaped(s_hostileValue)) >= 3);
    const qsizetype codebook = m_html.indexOf(u"id=\"codebook\""_s);
    QVERIFY(codebook > 0);
    QVERIFY(m_html.indexOf(escaped(s_hostileDescription), codebook) > codebook);
}

void TestAgreementReport::ratingsAndScriptsBeside()
{
    const QDir dir(m_dir);
    const QString csv = readText(dir.filePath(u"ratings_long.csv"_s));
    QVERIFY(csv.startsWith(u"item,rater,dimension,value\r\n"_s));
    QVERIFY(csv.contains(u"<script>alert(1)</script>"_s)); // CSV is data, not markup
    // The same rows as the export's long layout (no filter on either).
    QTemporaryDir exportDir;
    ExportOptions exportOptions;
    exportOptions.layout = ExportLayout::Long;
    QString error;
    QVERIFY2(exportProject(*m_project, exportDir.path(), exportOptions, &error), qPrintable(error));
    QCOMPARE(csv, readText(QDir(exportDir.path()).filePath(u"ratings_long.csv"_s)));
    const QString python = readText(dir.filePath(u"recompute.py"_s));
    QVERIFY(python.startsWith(u"#!/usr/bin/env python3\n"_s));
    QVERIFY(!python.contains(u"@VERSION@"_s) && !python.contains(u"@MULTIPLE_CHOICE@"_s));
    QVERIFY(QFileInfo(dir.filePath(u"recompute.py"_s)).isExecutable());
    const QString r = readText(dir.filePath(u"recompute.R"_s));
    QVERIFY(r.contains(u"irr::kripp.alpha"_s));
    QVERIFY(!r.contains(u"@MULTIPLE_CHOICE@"_s));
    // R is not installed in the build root: recompute.R is written, not run here.
}

namespace {

/// Runs recompute.py on @p csv; "dimension/coefficient" → the printed fields.
QHash<QString, QStringList> runRecompute(const QString &script, const QString &csv)
{
    QHash<QString, QStringList> printed;
    QProcess python;
    python.start(u"python3"_s, {script, csv});
    if (!python.waitForStarted() || !python.waitForFinished(120000)) {
        qWarning() << "python3:" << python.errorString();
        return printed;
    }
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning().noquote() << python.readAllStandardError();
        return printed;
    }
    for (const QString &line : QString::fromUtf8(python.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList f = line.split(u'\t');
        if (f.size() != 4 || printed.contains(f.at(0) + u'/' + f.at(1))) {
            qWarning().noquote() << "unexpected line:" << line;
            return {};
        }
        printed.insert(f.at(0) + u'/' + f.at(1), f);
    }
    return printed;
}

/// The headline coefficients of one dimension as recompute.py prints them.
QList<QPair<QString, Coefficient>> headline(const AgreementReport &report)
{
    QList<QPair<QString, Coefficient>> out{{u"percent_agreement"_s, report.percentAgreement},
                                           {u"fleiss_kappa"_s, report.fleissKappa}};
    if (report.raters.size() == 2) {
        out.append({u"cohen_kappa"_s, report.cohenKappa});
    }
    return out;
}

/// Compares and removes what recompute.py printed for one dimension; the methods used
/// are added to *methods.
void compareHeadline(QHash<QString, QStringList> &printed, const QString &dimension, const AgreementReport &report,
                     QSet<QString> *methods, int *compared)
{
    for (const auto &[key, c] : headline(report)) {
        const QString name = dimension + u'/' + key;
        QVERIFY2(printed.contains(name), qPrintable(u"recompute.py did not print "_s + name));
        const QStringList f = printed.take(name);
        methods->insert(key + u':' + f.at(3));
        if (!c.value) {
            QCOMPARE(f.at(2), u"undefined"_s);
        } else {
            bool ok = false;
            const double v = f.at(2).toDouble(&ok);
            QVERIFY2(ok, qPrintable(f.join(u' ')));
            QVERIFY2(std::abs(v - *c.value) < 1e-9,
                     qPrintable(u"%1: engine %2, recompute.py %3"_s.arg(name).arg(*c.value, 0, 'g', 17).arg(f.at(2))));
        }
        ++*compared;
    }
}

} // namespace

void TestAgreementReport::pythonRecomputesEngineFigures()
{
    QProcess probe;
    probe.start(u"python3"_s, {u"-c"_s, u"import numpy, statsmodels.stats.inter_rater"_s});
    if (!probe.waitForStarted() || !probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit
        || probe.exitCode() != 0) {
        QSKIP("python3 with numpy and statsmodels is not available (the build root installs python3-statsmodels)");
    }
    const QString script = QDir(m_dir).filePath(u"recompute.py"_s);
    QSet<QString> methods;
    int compared = 0;
    QString error;

    // 1. The report of the whole project, and 2. of round 2, where every unit has the
    // same number of ratings (statsmodels' fleiss_kappa applies).
    for (const std::optional<int> round : {std::optional<int>(), std::optional<int>(2)}) {
        AgreementReportOptions options;
        options.filters.round = round;
        options.filters.bootstrapResamples = 0;
        QString dir = m_dir;
        if (round) {
            dir = m_tmp.filePath(u"python-round"_s);
            QVERIFY2(writeAgreementReport(*m_project, options, dir, &error), qPrintable(error));
        }
        QHash<QString, QStringList> printed = runRecompute(QDir(dir).filePath(u"recompute.py"_s),
                                                           QDir(dir).filePath(u"ratings_long.csv"_s));
        QVERIFY(!printed.isEmpty());
        const auto figures = computeDashboardFigures(*m_project, options.filters, &error);
        QVERIFY2(figures, qPrintable(error));
        for (const DashboardDimension &d : figures->dimensions) {
            QVERIFY(!d.multipleChoice);
            compareHeadline(printed, d.dimension.key, d.report, &methods, &compared);
            if (QTest::currentTestFailed()) {
                return;
            }
        }
        QVERIFY2(printed.isEmpty(), qPrintable(printed.keys().join(u", "_s)));
    }
    QVERIFY2(methods.contains(u"fleiss_kappa:statsmodels"_s), qPrintable(QStringList(methods.values()).join(u' ')));
    QVERIFY(methods.contains(u"fleiss_kappa:formula"_s));

    // 3. Two raters (Cohen's kappa, by statsmodels): the rows of two raters of the
    // report's ratings_long.csv, against the engine reading the same file.
    const QString csvPath = QDir(m_dir).filePath(u"ratings_long.csv"_s);
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QByteArray pair = lines.first() + '\n';
    QSet<QString> dimensions;
    for (const QByteArray &line : lines.mid(1)) {
        const QList<QByteArray> f = line.split(',');
        if (f.size() >= 4 && (f.at(1) == "Rater 2" || f.at(1) == "Rater 3")) {
            pair += line + '\n';
            dimensions.insert(QString::fromUtf8(f.at(2)));
        }
    }
    QVERIFY(dimensions.size() >= 5);
    const QString pairPath = m_tmp.filePath(u"pair_long.csv"_s);
    QFile out(pairPath);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(pair);
    out.close();
    QHash<QString, QStringList> printed = runRecompute(script, pairPath);
    QVERIFY(!printed.isEmpty());
    for (const QString &dimension : std::as_const(dimensions)) {
        RatingsCsvOptions options;
        options.dimension = dimension;
        const auto ratings = readRatingsCsv(pairPath, options, &error);
        QVERIFY2(ratings, qPrintable(error));
        const AgreementReport report = computeAgreement(AgreementCounts(ratings->table));
        QCOMPARE(report.raters.size(), 2);
        compareHeadline(printed, dimension, report, &methods, &compared);
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    QVERIFY2(printed.isEmpty(), qPrintable(printed.keys().join(u", "_s)));
    QVERIFY(methods.contains(u"cohen_kappa:statsmodels"_s));
    QVERIFY(compared >= 35);
}

void TestAgreementReport::cliWritesAndRefusesToOverwrite()
{
    const QString dir = m_tmp.filePath(u"cli"_s);
    Run r = cli({u"report"_s, m_path, u"--out"_s, dir, u"--json"_s, u"--bootstrap"_s, u"100"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QStringList names;
    for (const QJsonValue &f : o.value(u"files"_s).toArray()) {
        names << f.toObject().value(u"name"_s).toString();
        QVERIFY(QFileInfo::exists(f.toObject().value(u"path"_s).toString()));
    }
    QCOMPARE(names, agreementReportFileNames());
    const QByteArray before = readText(QDir(dir).filePath(u"report.html"_s)).toUtf8();
    r = cli({u"report"_s, m_path, u"--out"_s, dir});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"report.html"_s) && r.err.contains(u"exists"_s), qPrintable(r.err));
    QCOMPARE(readText(QDir(dir).filePath(u"report.html"_s)).toUtf8(), before);
    r = cli({u"report"_s, m_path, u"--out"_s, dir, u"--force"_s, u"--gate-passed"_s, u"--round"_s, u"1"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(readText(QDir(dir).filePath(u"report.html"_s)).contains(u"only findings that passed the gate"_s));
    r = cli({u"report"_s, m_path, u"--out"_s, m_tmp.filePath(u"nodataset"_s), u"--dataset"_s, u"no such dataset"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFileInfo::exists(m_tmp.filePath(u"nodataset/report.html"_s)));
    r = cli({u"report"_s, m_path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(u"--out"_s));
}

// The dashboard's "Write Report…" path: a worker thread with its own read-only
// connection writes the very files `concord-cli report` writes.
void TestAgreementReport::workerWritesWhatCliWrites()
{
    const QString cliDir = m_tmp.filePath(u"worker-cli"_s);
    const Run r = cli({u"report"_s, m_path, u"--out"_s, cliDir, u"--bootstrap"_s, u"200"_s, u"--gate-passed"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString jobDir = m_tmp.filePath(u"worker-job"_s);
    AgreementReportOptions options;
    options.filters.bootstrapResamples = 200;
    options.filters.gatePassedOnly = true;
    AgreementReportJob job(m_path, options, jobDir);
    QSignalSpy finished(&job, &AgreementReportJob::finished);
    QSignalSpy progress(&job, &AgreementReportJob::progress);
    job.start();
    QVERIFY(job.isRunning());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(job.errorString().isEmpty(), qPrintable(job.errorString()));
    QVERIFY(!job.isRunning());
    QVERIFY(!job.cancel()); // too late: the report is complete
    QCOMPARE(job.files().size(), 4);
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());
    // The page says when it was made; everything else is the same, byte for byte.
    static const QRegularExpression generated(u"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"_s);
    for (const QString &name : agreementReportFileNames()) {
        QFile a(QDir(cliDir).filePath(name));
        QFile b(QDir(jobDir).filePath(name));
        QVERIFY2(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly), qPrintable(name));
        QByteArray bytesA = a.readAll();
        QByteArray bytesB = b.readAll();
        QVERIFY(!bytesA.isEmpty());
        if (name.endsWith(u".html"_s)) {
            bytesA = QString::fromUtf8(bytesA).replace(generated, u"TIME"_s).toUtf8();
            bytesB = QString::fromUtf8(bytesB).replace(generated, u"TIME"_s).toUtf8();
        }
        QVERIFY2(bytesA == bytesB, qPrintable(name));
    }
    QCOMPARE(QDir(jobDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 4);
}

// Cancel, or a job deleted while it works (the dashboard closed), leaves no file, and
// the deletion does not wait for a long computation.
void TestAgreementReport::cancelLeavesNothing()
{
    AgreementReportOptions options;
    options.filters.bootstrapResamples = 20000; // seconds of work on the sample
    auto leftIn = [](const QString &dir) {
        return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    };
    {
        const QString dir = m_tmp.filePath(u"cancelled"_s);
        AgreementReportJob job(m_path, options, dir);
        QSignalSpy finished(&job, &AgreementReportJob::finished);
        job.start();
        QTest::qWait(50);
        QVERIFY(job.cancel());
        QVERIFY(job.isCancelled());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY2(job.errorString().contains(u"nothing was written"_s), qPrintable(job.errorString()));
        QCOMPARE(leftIn(dir), QStringList());
    }
    {
        // Cancelled at the last step, after every file was written under its temporary name.
        const QString dir = m_tmp.filePath(u"cancelled-late"_s);
        AgreementReportOptions late;
        late.filters.bootstrapResamples = 0;
        QStringList seen;
        late.progress = [&](int step, int steps) {
            seen << QString::number(step);
            if (step == steps) {
                return false;
            }
            return true;
        };
        QString error;
        QVERIFY(!writeAgreementReport(*m_project, late, dir, &error));
        QVERIFY2(error.contains(u"nothing was written"_s), qPrintable(error));
        QCOMPARE(seen, (QStringList{u"0"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s}));
        QCOMPARE(leftIn(dir), QStringList());
    }
    {
        const QString dir = m_tmp.filePath(u"closed"_s);
        auto job = std::make_unique<AgreementReportJob>(m_path, options, dir);
        job->start();
        QTest::qWait(200);
        QElapsedTimer timer;
        timer.start();
        job.reset();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(AgreementReportJob::runningWorkers(), 0, 120000);
        QCOMPARE(leftIn(dir), QStringList());
    }
}

QTEST_GUILESS_MAIN(TestAgreementReport)
#include "tst_agreementreport.moc"
