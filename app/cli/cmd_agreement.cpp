// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli agreement: inter-rater agreement of a ratings spreadsheet (and, later, of a
// project), as a readable table or as JSON.
#include "command.h"

#include "agreement/agreementjson.h"
#include "agreement/coefficients.h"
#include "agreement/decisionstats.h"
#include "agreement/multiplechoice.h"
#include "agreement/projectunits.h"
#include "agreement/ratingscsv.h"
#include "domain/item.h"
#include "store/project.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Concord;
using namespace Concord::Cli;

namespace {

QString fmt(double v)
{
    return QString::number(v, 'f', 4);
}

// Percent agreement is not chance-corrected: its "expected" column shows "-", not 0.
enum class Chance { Corrected, NotCorrected };

QString coefficientLine(const QString &name, const Coefficient &c, Chance chance = Chance::Corrected)
{
    QString line = QStringLiteral("  %1").arg(name, -28);
    if (!c.value) {
        return line + QStringLiteral("undefined: ") + c.undefinedReason + QLatin1Char('\n');
    }
    line += QStringLiteral("%1  ").arg(fmt(*c.value), 8);
    line += QStringLiteral("%1  ").arg(c.se ? fmt(*c.se) : QStringLiteral("-"), 7);
    line += QStringLiteral("%1  ")
                .arg(c.ci95 ? QStringLiteral("[%1, %2]").arg(fmt(c.ci95->first), fmt(c.ci95->second)) : QStringLiteral("-"),
                     -18);
    line += QStringLiteral("%1  %2")
                .arg(fmt(c.observed), 8)
                .arg(chance == Chance::Corrected ? fmt(c.expected) : QStringLiteral("-"), 8);
    if (c.disagreement) {
        line += QStringLiteral("  (disagreement)");
    }
    return line + QLatin1Char('\n');
}

QString reportText(const AgreementReport &r, const QString &dimension, qint64 notComparable, int resamples)
{
    QString t;
    QStringList raters;
    for (const QString &rater : r.raters) {
        raters << printable(rater);
    }
    t += QStringLiteral("Agreement on %1: %2 raters (%3)\n").arg(printable(dimension)).arg(r.raters.size()).arg(raters.join(QStringLiteral(", ")));
    t += QStringLiteral("Units: %1 (%2 rated by at least two raters); not comparable: %3\n\n")
             .arg(r.units)
             .arg(r.pairableUnits)
             .arg(notComparable);
    t += QStringLiteral("  %1%2  %3  %4  %5  %6\n")
             .arg(QStringLiteral("Coefficient"), -28)
             .arg(QStringLiteral("Value"), 8)
             .arg(QStringLiteral("SE"), 7)
             .arg(QStringLiteral("95% CI"), -18)
             .arg(QStringLiteral("Observed"), 8)
             .arg(QStringLiteral("Expected"), 8);
    t += coefficientLine(QStringLiteral("Percent agreement"), r.percentAgreement, Chance::NotCorrected);
    if (r.raters.size() == 2) {
        t += coefficientLine(QStringLiteral("Cohen's kappa"), r.cohenKappa);
    }
    if (r.weightedKappaLinear) {
        t += coefficientLine(QStringLiteral("Weighted kappa (linear)"), *r.weightedKappaLinear);
    }
    if (r.weightedKappaQuadratic) {
        t += coefficientLine(QStringLiteral("Weighted kappa (quadratic)"), *r.weightedKappaQuadratic);
    }
    t += coefficientLine(QStringLiteral("Scott's pi"), r.scottPi);
    t += coefficientLine(QStringLiteral("Fleiss' kappa"), r.fleissKappa);
    t += coefficientLine(QStringLiteral("Krippendorff's alpha"), r.krippendorffAlpha);
    if (r.krippendorffAlphaOrdinal) {
        t += coefficientLine(QStringLiteral("Krippendorff's alpha (ordinal)"), *r.krippendorffAlphaOrdinal);
    }
    if (r.krippendorffAlphaInterval) {
        t += coefficientLine(QStringLiteral("Krippendorff's alpha (interval)"), *r.krippendorffAlphaInterval);
    }
    t += coefficientLine(QStringLiteral("Gwet's AC1"), r.gwetAc1);
    t += coefficientLine(QStringLiteral("Brennan-Prediger"), r.brennanPrediger);
    t += QStringLiteral("\n  Kappa CIs: normal (Fleiss, Cohen & Everitt 1969 SE); Fleiss/AC1/BP: Student t (Gwet 2014);\n"
                        "  alpha CI: percentile bootstrap over units, %1 resamples.\n")
             .arg(resamples);
    if (r.confusion) {
        const ConfusionMatrix &m = *r.confusion;
        t += QStringLiteral("\nConfusion matrix (rows %1, columns %2):\n").arg(printable(m.raterA), printable(m.raterB));
        // Only categories either rater used, names cut to 16 characters (the JSON has all).
        std::vector<size_t> used;
        for (size_t i = 0; i < m.counts.size(); ++i) {
            qint64 total = 0;
            for (size_t j = 0; j < m.counts.size(); ++j) {
                total += m.counts[i][j] + m.counts[j][i];
            }
            if (total > 0) {
                used.push_back(i);
            }
        }
        int width = 6;
        for (size_t i : used) {
            width = std::max(width, int(std::min<qsizetype>(m.categories.at(qsizetype(i)).size(), 16)));
        }
        t += QStringLiteral("  %1").arg(QString(), -width);
        for (size_t j : used) {
            t += QStringLiteral(" %1").arg(printable(m.categories.at(qsizetype(j)).left(16)), width);
        }
        t += QLatin1Char('\n');
        for (size_t i : used) {
            t += QStringLiteral("  %1").arg(printable(m.categories.at(qsizetype(i)).left(16)), -width);
            for (size_t j : used) {
                t += QStringLiteral(" %1").arg(m.counts[i][j], width);
            }
            t += QLatin1Char('\n');
        }
    }
    if (r.pairs.size() > 1) {
        t += QStringLiteral("\nRater pairs:\n");
        for (const PairAgreement &p : r.pairs) {
            t += QStringLiteral("  %1 / %2: %3 units, agreement %4, Cohen's kappa %5\n")
                     .arg(printable(p.raterA), printable(p.raterB))
                     .arg(p.n)
                     .arg(p.percentAgreement.value ? fmt(*p.percentAgreement.value) : QStringLiteral("undefined"))
                     .arg(p.cohenKappa.value ? fmt(*p.cohenKappa.value)
                                             : QStringLiteral("undefined (%1)").arg(p.cohenKappa.undefinedReason));
        }
    }
    t += QStringLiteral("\nPer category (specific agreement; kappa of the category against the rest):\n");
    for (const CategoryAgreement &c : r.perCategory) {
        t += QStringLiteral("  %1 %2 ratings  specific %3  kappa %4\n")
                 .arg(printable(c.category.left(40)), -40)
                 .arg(c.ratings, 6)
                 .arg(c.specificAgreement ? fmt(*c.specificAgreement) : QStringLiteral("-"), 6)
                 .arg(c.kappa.value ? fmt(*c.kappa.value) : QStringLiteral("undefined (%1)").arg(c.kappa.undefinedReason));
    }
    return t;
}

QString multipleChoiceText(const MultipleChoiceReport &r, const QString &dimension, qint64 notComparable)
{
    QString t;
    t += QStringLiteral("Agreement on %1 (multiple choice): %2 raters, %3 units; not comparable: %4\n\n")
             .arg(printable(dimension))
             .arg(r.raters.size())
             .arg(r.units)
             .arg(notComparable);
    t += coefficientLine(QStringLiteral("Krippendorff's alpha (Jaccard)"), r.alphaJaccard);
    t += coefficientLine(QStringLiteral("Krippendorff's alpha (MASI)"), r.alphaMasi);
    t += QStringLiteral("\nPer value (chosen or not):\n");
    for (const ValueAgreement &v : r.perValue) {
        t += QStringLiteral("  %1 kappa %2  alpha %3\n")
                 .arg(printable(v.value.left(40)), -40)
                 .arg(v.kappa.value ? fmt(*v.kappa.value) : QStringLiteral("undefined"))
                 .arg(v.alpha.value ? fmt(*v.alpha.value) : QStringLiteral("undefined"));
    }
    return t;
}

// Every dimension's figures under @p options: JSON objects and the text table.
bool measure(const Project &project, const ProjectAgreementOptions &options, const AgreementOptions &agreementOptions,
             QJsonArray *objectsOut, QString *textOut, QString *error)
{
    const std::optional<std::vector<DimensionUnits>> dims = assembleProjectUnits(project, options, error);
    if (!dims) {
        return false;
    }
    QJsonArray objects;
    QString text;
    for (const DimensionUnits &d : *dims) {
        const AssembledUnits &u = d.units;
        QJsonObject o;
        if (d.dimension.kind == Dimension::Kind::MultipleChoice) {
            const MultipleChoiceReport report = computeMultipleChoiceAgreement(u.sets);
            o = multipleChoiceReportToJson(report, d.dimension.key, u.notComparable);
            text += multipleChoiceText(report, d.dimension.key, u.notComparable);
        } else {
            const AgreementReport report = computeAgreement(AgreementCounts(u.table), agreementOptions);
            o = agreementReportToJson(report, d.dimension.key, u.notComparable);
            text += reportText(report, d.dimension.key, u.notComparable, agreementOptions.bootstrapResamples);
        }
        o.insert(QStringLiteral("n_linked_units"), u.linkedUnits);
        o.insert(QStringLiteral("n_item_units"), u.itemUnits);
        o.insert(QStringLiteral("n_excluded_by_gate"), u.excludedByGate);
        o.insert(QStringLiteral("n_single_rated"), u.singleRated);
        o.insert(QStringLiteral("n_unlinked_findings"), u.unlinkedFindings);
        o.insert(QStringLiteral("n_multi_valued"), u.multiValued);
        QJsonObject filters;
        filters.insert(QStringLiteral("round"), options.round ? QJsonValue(*options.round) : QJsonValue(QJsonValue::Null));
        filters.insert(QStringLiteral("dataset"), options.dataset ? QJsonValue(*options.dataset) : QJsonValue(QJsonValue::Null));
        filters.insert(QStringLiteral("gate_passed"), options.gatePassedOnly);
        filters.insert(QStringLiteral("empty_as_missing"), options.emptyAsMissing);
        o.insert(QStringLiteral("filters"), filters);
        objects.append(o);
        text += QStringLiteral("Units from reconciled findings: %1; from items: %2; rated by one rater only (left "
                               "out): %3; left out by the gate filter: %4; findings no reconciled finding links: %5\n")
                    .arg(u.linkedUnits)
                    .arg(u.itemUnits)
                    .arg(u.singleRated)
                    .arg(u.excludedByGate)
                    .arg(u.unlinkedFindings);
        if (options.gatePassedOnly && !d.gateKnown) {
            text += QStringLiteral("(this dimension has no gate: --gate-passed did not filter it)\n");
        }
        text += QLatin1Char('\n');
    }
    *objectsOut = objects;
    *textOut = text;
    return true;
}

// The figures of the dimensions asked for: one object when one dimension was named, else
// {"project", "dimensions": [...]}; or the text table.
void printFigures(const QString &path, const ProjectAgreementOptions &options, const QJsonArray &objects,
                  const QString &text, bool json)
{
    if (!json) {
        printOut(text);
        return;
    }
    QJsonObject out;
    if (options.dimensions.size() == 1 && objects.size() == 1) {
        out = objects.first().toObject();
    } else {
        out.insert(QStringLiteral("project"), path);
        out.insert(QStringLiteral("dimensions"), objects);
    }
    printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
}

int runProject(const QString &path, const ProjectAgreementOptions &options, const AgreementOptions &agreementOptions,
               bool json)
{
    int status = Success;
    const std::unique_ptr<Project> project = openProject(path, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    QJsonArray objects;
    QString text;
    if (!measure(*project, options, agreementOptions, &objects, &text, &error)) {
        return dataError(error);
    }
    printFigures(path, options, objects, text, json);
    return Success;
}

// One set of figures per round (the items' rounds, in order): calibration over time.
int runByRound(const QString &path, const ProjectAgreementOptions &options, const AgreementOptions &agreementOptions,
               bool json)
{
    int status = Success;
    const std::unique_ptr<Project> project = openProject(path, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QList<int> rounds;
    for (const Item &item : project->items(0, project->itemCount())) {
        if (!rounds.contains(item.round)) {
            rounds.append(item.round);
        }
    }
    std::sort(rounds.begin(), rounds.end());
    QJsonArray perRound;
    QString text;
    for (const int round : std::as_const(rounds)) {
        ProjectAgreementOptions o = options;
        o.round = round;
        QJsonArray objects;
        QString roundText;
        QString error;
        if (!measure(*project, o, agreementOptions, &objects, &roundText, &error)) {
            return dataError(error);
        }
        perRound.append(QJsonObject{{QStringLiteral("round"), round}, {QStringLiteral("dimensions"), objects}});
        text += QStringLiteral("=== Round %1 ===\n\n").arg(round) + roundText;
    }
    if (json) {
        const QJsonObject out{{QStringLiteral("project"), path}, {QStringLiteral("rounds"), perRound}};
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
    } else {
        printOut(rounds.isEmpty() ? QStringLiteral("The project has no items.\n") : text);
    }
    return Success;
}

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? QStringLiteral("%1%").arg(100.0 * double(part) / double(whole), 0, 'f', 1) : QStringLiteral("undefined (0/0)");
}

// How the reconciled answers relate to the raters' answers, per dimension.
int runDecisions(const QString &path, const ProjectAgreementOptions &options, bool json)
{
    int status = Success;
    const std::unique_ptr<Project> project = openProject(path, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    const std::optional<std::vector<DecisionCounts>> all = computeDecisionCounts(*project, options, &error);
    if (!all) {
        return dataError(error);
    }
    QJsonArray objects;
    QString text;
    for (const DecisionCounts &c : *all) {
        objects.append(decisionCountsToJson(c));
        const qint64 n = c.comparable();
        text += QStringLiteral("Decisions on %1: %2 reconciled findings, %3 comparable (linked to one finding of each of "
                               "two or more raters)\n")
                    .arg(printable(c.dimension.key))
                    .arg(c.reconciled)
                    .arg(n);
        text += QStringLiteral("  raters agreed, answer kept      %1  %2\n").arg(c.agreedKept, 6).arg(percent(c.agreedKept, n));
        text += QStringLiteral("  raters agreed, answer replaced  %1  %2\n").arg(c.agreedOverruled, 6).arg(percent(c.agreedOverruled, n));
        text += QStringLiteral("  disagreed, a rater's adopted    %1  %2\n").arg(c.adoptedAny, 6).arg(percent(c.adoptedAny, n));
        if (c.adopted.size() > 2) {
            text += QStringLiteral("    by rater (with three or more raters one answer can be several raters'):\n");
        }
        for (auto it = c.adopted.cbegin(); it != c.adopted.cend(); ++it) {
            text += QStringLiteral("    %1 %2\n").arg(printable(it.key()).left(28), -28).arg(it.value(), 6);
        }
        text += QStringLiteral("  disagreed, neither's answer     %1  %2\n").arg(c.disagreedNeither, 6).arg(percent(c.disagreedNeither, n));
        text += QStringLiteral("  chosen by neither rater (all)   %1  %2\n").arg(c.neither(), 6).arg(percent(c.neither(), n));
        text += QStringLiteral("  not compared: no linked finding %1, one rater only %2, several findings of a rater %3, "
                               "gate %4\n")
                    .arg(c.withoutSources)
                    .arg(c.singleSource)
                    .arg(c.notComparable)
                    .arg(c.excludedByGate);
        QStringList recorded;
        for (auto it = c.recorded.cbegin(); it != c.recorded.cend(); ++it) {
            recorded << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
        }
        text += QStringLiteral("  decision types recorded: %1\n\n").arg(recorded.isEmpty() ? QStringLiteral("none") : recorded.join(QStringLiteral(", ")));
    }
    printFigures(path, options, objects, text, json);
    return Success;
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("a Concord project (.concord)"),
                                 QStringLiteral("[PROJECT]"));
    const QCommandLineOption ratings(QStringLiteral("ratings"),
                                     QStringLiteral("a long-format CSV with columns item,rater,value (an empty value "
                                                    "is a missing rating)"),
                                     QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object instead of a table"));
    const QCommandLineOption ordered(QStringLiteral("ordered"),
                                     QStringLiteral("values are ordered (numbers numerically, other values in order "
                                                    "of first appearance): adds weighted kappa and ordinal/interval "
                                                    "alpha"));
    const QCommandLineOption multiple(QStringLiteral("multiple-choice"),
                                      QStringLiteral("a value lists several choices separated by SEP"),
                                      QStringLiteral("SEP"));
    const QCommandLineOption bootstrap(QStringLiteral("bootstrap"),
                                       QStringLiteral("resamples for the alpha confidence interval (default 1000, 0 = none)"),
                                       QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("bootstrap seed (default 1)"),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption dimensionOption(QStringLiteral("dimension"),
                                             QStringLiteral("only this dimension (its key, e.g. category); with "
                                                            "--ratings, the rows whose dimension column holds it"),
                                             QStringLiteral("KEY"));
    const QCommandLineOption ratersOption(QStringLiteral("raters"),
                                          QStringLiteral("project mode: the raters to compare, by name or initials "
                                                         "(default: every rater)"),
                                          QStringLiteral("A,B,..."));
    const QCommandLineOption roundOption(QStringLiteral("round"), QStringLiteral("project mode: only items of this round"),
                                         QStringLiteral("N"));
    const QCommandLineOption datasetOption(QStringLiteral("dataset"),
                                           QStringLiteral("project mode: only items of this dataset"), QStringLiteral("NAME"));
    const QCommandLineOption gatePassed(QStringLiteral("gate-passed"),
                                        QStringLiteral("project mode: only units where every rater passed the gate "
                                                       "(e.g. both said it fixes a problem)"));
    const QCommandLineOption emptyAsMissing(QStringLiteral("empty-as-missing"),
                                            QStringLiteral("project mode: an empty answer is a missing rating instead "
                                                           "of the value \"none\""));
    const QCommandLineOption byRound(QStringLiteral("by-round"),
                                     QStringLiteral("project mode: one set of figures per round of items (calibration over time)"));
    const QCommandLineOption decisions(QStringLiteral("decisions"),
                                       QStringLiteral("project mode: how reconciled answers relate to the raters' answers "
                                                      "(kept where they agreed, adopted from one rater, chosen by neither)"));
    parser.addOptions({byRound, decisions});
    parser.addOptions({ratings, json, ordered, multiple, bootstrap, seed, dimensionOption, ratersOption, roundOption,
                       datasetOption, gatePassed, emptyAsMissing});
    const int early = parseArguments(parser, arguments,
                                     QStringLiteral("Inter-rater agreement: percent agreement, Cohen's kappa (with SE "
                                                    "and CI), Scott's pi, Fleiss' kappa, Krippendorff's alpha, Gwet's "
                                                    "AC1, Brennan-Prediger; undefined (0/0) coefficients are reported "
                                                    "as undefined with the reason."));
    if (early >= 0) {
        return early;
    }
    const bool projectMode = !parser.isSet(ratings);
    if (projectMode && parser.positionalArguments().size() != 1) {
        return usageError(parser, QStringLiteral("give a project or --ratings FILE.csv"));
    }
    if (!projectMode && !parser.positionalArguments().isEmpty()) {
        return usageError(parser, QStringLiteral("give either a project or --ratings, not both"));
    }
    for (const QCommandLineOption *o : {&ratersOption, &roundOption, &datasetOption, &gatePassed,
                                        &emptyAsMissing, &byRound, &decisions}) {
        if (!projectMode && parser.isSet(*o)) {
            return usageError(parser, QStringLiteral("--%1 applies to a project, not to --ratings").arg(o->names().first()));
        }
    }
    if (projectMode && (parser.isSet(ordered) || parser.isSet(multiple))) {
        return usageError(parser, QStringLiteral("--ordered and --multiple-choice apply to --ratings (a project's "
                                                 "codebook says which dimensions are multiple choice)"));
    }
    bool ok = false;
    const int resamples = parser.value(bootstrap).toInt(&ok);
    if (!ok || resamples < 0 || resamples > 1000000) {
        return usageError(parser, QStringLiteral("--bootstrap needs a whole number from 0 to 1000000"));
    }
    const quint64 seedValue = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        return usageError(parser, QStringLiteral("--seed needs a non-negative whole number"));
    }
    AgreementOptions agreementOptions;
    agreementOptions.bootstrapResamples = resamples;
    agreementOptions.bootstrapSeed = seedValue;
    if (projectMode) {
        ProjectAgreementOptions po;
        if (parser.isSet(dimensionOption)) {
            po.dimensions = {parser.value(dimensionOption)};
        }
        if (parser.isSet(ratersOption)) {
            for (const QString &r : parser.value(ratersOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                po.raters.append(r.trimmed());
            }
        }
        if (parser.isSet(roundOption)) {
            const int round = parser.value(roundOption).toInt(&ok);
            if (!ok || round < 0) {
                return usageError(parser, QStringLiteral("--round needs a whole number"));
            }
            po.round = round;
        }
        if (parser.isSet(datasetOption)) {
            po.dataset = parser.value(datasetOption);
        }
        po.gatePassedOnly = parser.isSet(gatePassed);
        po.emptyAsMissing = parser.isSet(emptyAsMissing);
        if (parser.isSet(byRound) && (parser.isSet(roundOption) || parser.isSet(decisions))) {
            return usageError(parser, QStringLiteral("--by-round goes with neither --round nor --decisions"));
        }
        if (parser.isSet(decisions)) {
            return runDecisions(parser.positionalArguments().first(), po, parser.isSet(json));
        }
        if (parser.isSet(byRound)) {
            return runByRound(parser.positionalArguments().first(), po, agreementOptions, parser.isSet(json));
        }
        return runProject(parser.positionalArguments().first(), po, agreementOptions, parser.isSet(json));
    }
    RatingsCsvOptions options;
    options.ordered = parser.isSet(ordered);
    options.dimension = parser.value(dimensionOption);
    if (parser.isSet(multiple)) {
        const QString sep = parser.value(multiple);
        if (sep.size() != 1) {
            return usageError(parser, QStringLiteral("--multiple-choice needs one separator character"));
        }
        options.multipleChoiceSeparator = sep.at(0);
    }
    const QString path = parser.value(ratings);
    QString error;
    const std::optional<RatingsCsv> csv = readRatingsCsv(path, options, &error);
    if (!csv) {
        return dataError(error);
    }
    const QString dimension = options.dimension.isEmpty() ? csv->valueColumn : options.dimension;
    if (!options.multipleChoiceSeparator.isNull()) {
        const MultipleChoiceReport report = computeMultipleChoiceAgreement(csv->sets);
        if (parser.isSet(json)) {
            printOut(QString::fromUtf8(
                QJsonDocument(multipleChoiceReportToJson(report, dimension, csv->notComparable)).toJson(QJsonDocument::Indented)));
        } else {
            printOut(multipleChoiceText(report, dimension, csv->notComparable));
        }
        return Success;
    }
    const AgreementCounts counts(csv->table);
    const AgreementReport report = computeAgreement(counts, agreementOptions);
    if (csv->notComparable > 0) {
        printErr(QStringLiteral("concord-cli agreement: %1: %2 item(s) left out as not comparable (a rater has several "
                                "rows), e.g. %3\n")
                     .arg(path)
                     .arg(csv->notComparable)
                     .arg(printable(csv->notComparableItems.join(QStringLiteral(", ")))));
    }
    if (parser.isSet(json)) {
        printOut(QString::fromUtf8(
            QJsonDocument(agreementReportToJson(report, dimension, csv->notComparable)).toJson(QJsonDocument::Indented)));
    } else {
        printOut(reportText(report, dimension, csv->notComparable, resamples));
    }
    return Success;
}

const CommandRegistration s_registration({QStringLiteral("agreement"),
                                          QStringLiteral("inter-rater agreement of a ratings CSV (kappa, alpha, AC1, ...)"),
                                          &run});

} // namespace
