// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/dashboardfigures.h"

#include "domain/dataset.h"
#include "domain/item.h"
#include "store/project.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

ProjectAgreementOptions DashboardFilters::projectOptions() const
{
    ProjectAgreementOptions o;
    o.round = round;
    o.dataset = dataset;
    o.gatePassedOnly = gatePassedOnly;
    o.emptyAsMissing = emptyAsMissing;
    return o;
}

AgreementOptions DashboardFilters::agreementOptions() const
{
    AgreementOptions o;
    o.bootstrapResamples = bootstrapResamples;
    o.bootstrapSeed = bootstrapSeed;
    return o;
}

QList<NamedCoefficient> namedCoefficients(const AgreementReport &r)
{
    // The keys and the order of agreementReportToJson() and of the CLI's table.
    QList<NamedCoefficient> out;
    out.append({u"percent_agreement"_s, u"Percent agreement"_s, r.percentAgreement, false});
    if (r.raters.size() == 2) {
        out.append({u"cohen_kappa"_s, u"Cohen's kappa"_s, r.cohenKappa, true});
    }
    if (r.weightedKappaLinear) {
        out.append({u"weighted_kappa_linear"_s, u"Weighted kappa (linear)"_s, *r.weightedKappaLinear, true});
    }
    if (r.weightedKappaQuadratic) {
        out.append({u"weighted_kappa_quadratic"_s, u"Weighted kappa (quadratic)"_s, *r.weightedKappaQuadratic, true});
    }
    out.append({u"scott_pi"_s, u"Scott's pi"_s, r.scottPi, true});
    out.append({u"fleiss_kappa"_s, u"Fleiss' kappa"_s, r.fleissKappa, true});
    out.append({u"krippendorff_alpha"_s, u"Krippendorff's alpha"_s, r.krippendorffAlpha, true});
    if (r.krippendorffAlphaOrdinal) {
        out.append({u"krippendorff_alpha_ordinal"_s, u"Krippendorff's alpha (ordinal)"_s, *r.krippendorffAlphaOrdinal, true});
    }
    if (r.krippendorffAlphaInterval) {
        out.append({u"krippendorff_alpha_interval"_s, u"Krippendorff's alpha (interval)"_s, *r.krippendorffAlphaInterval, true});
    }
    out.append({u"gwet_ac1"_s, u"Gwet's AC1"_s, r.gwetAc1, true});
    out.append({u"brennan_prediger"_s, u"Brennan-Prediger"_s, r.brennanPrediger, true});
    return out;
}

QList<NamedCoefficient> namedCoefficients(const MultipleChoiceReport &r)
{
    return {{u"krippendorff_alpha_jaccard"_s, u"Krippendorff's alpha (Jaccard)"_s, r.alphaJaccard, true},
            {u"krippendorff_alpha_masi"_s, u"Krippendorff's alpha (MASI)"_s, r.alphaMasi, true}};
}

void DashboardDimension::addCounts(const AssembledUnits &u, int sign)
{
    notComparable += sign * u.notComparable;
    singleRated += sign * u.singleRated;
    excludedByGate += sign * u.excludedByGate;
    multiValued += sign * u.multiValued;
    linkedUnits += sign * u.linkedUnits;
    itemUnits += sign * u.itemUnits;
    unlinkedFindings += sign * u.unlinkedFindings;
}

void DashboardDimension::setCounts(const AssembledUnits &u)
{
    notComparable = singleRated = excludedByGate = multiValued = linkedUnits = itemUnits = unlinkedFindings = 0;
    addCounts(u);
}

const DashboardDimension *DashboardFigures::dimension(const QString &key) const
{
    for (const DashboardDimension &d : dimensions) {
        if (d.dimension.key == key) {
            return &d;
        }
    }
    return nullptr;
}

namespace {

// A unit is named after its item ("owner/name@sha"), "#N" added when it is the item's
// N-th reconciled finding (unitassembly.cpp).
ItemId itemOfUnit(const QHash<QString, ItemId> &byLabel, const QString &unit)
{
    if (const auto it = byLabel.constFind(unit); it != byLabel.cend()) {
        return *it;
    }
    const qsizetype hash = unit.lastIndexOf(u" #"_s);
    return hash > 0 ? byLabel.value(unit.left(hash), 0) : 0;
}

DashboardDimension dashboardDimension(const DimensionUnits &d, const AgreementOptions &agreementOptions,
                                      const QHash<QString, ItemId> &byLabel)
{
    DashboardDimension out;
    const AssembledUnits &u = d.units;
    out.dimension = d.dimension;
    out.gateKnown = d.gateKnown;
    out.multipleChoice = d.dimension.kind == Dimension::Kind::MultipleChoice;
    if (out.multipleChoice) {
        out.multipleChoiceReport = computeMultipleChoiceAgreement(u.sets);
        out.units = out.multipleChoiceReport.units;
    } else {
        out.report = computeAgreement(AgreementCounts(u.table), agreementOptions);
        out.units = out.report.units;
        out.table = u.table;
        out.unitItems.reserve(u.table.unitCount());
        for (const QString &unit : u.table.units()) {
            out.unitItems.append(itemOfUnit(byLabel, unit));
        }
    }
    out.setCounts(u);
    return out;
}

} // namespace

std::optional<DashboardFigures> computeDashboardFigures(const Project &project, const DashboardFilters &filters,
                                                        QString *error, const std::function<bool()> &cancelled,
                                                        ProjectUnitInputs *inputsOut)
{
    const auto stop = [&] {
        if (cancelled && cancelled()) {
            *error = u"The computation was cancelled."_s;
            return true;
        }
        return false;
    };
    DashboardFigures figures;
    figures.filters = filters;
    QHash<QString, ItemId> byLabel;
    const QList<Item> items = project.items(0, project.itemCount());
    for (const Item &item : items) {
        byLabel.insert(item.key.toString(), item.id);
        if (!figures.rounds.contains(item.round)) {
            figures.rounds.append(item.round);
        }
    }
    std::sort(figures.rounds.begin(), figures.rounds.end());
    for (const Dataset &d : project.datasets()) {
        figures.datasets.append(d.name);
    }
    figures.datasets.sort();

    std::optional<ProjectUnitInputs> inputs = readProjectUnitInputs(project, filters.projectOptions(), error);
    if (!inputs) {
        return std::nullopt;
    }
    const std::vector<DimensionUnits> dims = assembleProjectUnits(*inputs, filters.projectOptions());
    const AgreementOptions agreementOptions = filters.agreementOptions();
    for (const DimensionUnits &d : dims) {
        if (stop()) {
            return std::nullopt;
        }
        figures.dimensions.push_back(dashboardDimension(d, agreementOptions, byLabel));
    }

    // Agreement per round: the values only (a bootstrap per round and dimension would
    // multiply the time by the number of rounds for intervals the chart does not draw).
    AgreementOptions noBootstrap = agreementOptions;
    noBootstrap.bootstrapResamples = 0;
    for (const int round : std::as_const(figures.rounds)) {
        if (stop()) {
            return std::nullopt;
        }
        ProjectAgreementOptions o = filters.projectOptions();
        o.round = round;
        // The same rows as the figures above, filtered by round: not read again.
        const std::vector<DimensionUnits> roundDims = assembleProjectUnits(*inputs, o);
        RoundFigures rf;
        rf.round = round;
        for (const DimensionUnits &d : roundDims) {
            if (d.dimension.kind == Dimension::Kind::MultipleChoice) {
                rf.coefficients.insert(d.dimension.key, namedCoefficients(computeMultipleChoiceAgreement(d.units.sets)));
            } else {
                rf.coefficients.insert(d.dimension.key,
                                       namedCoefficients(computeAgreement(AgreementCounts(d.units.table), noBootstrap)));
            }
        }
        figures.byRound.push_back(std::move(rf));
    }

    if (stop()) {
        return std::nullopt;
    }
    QString decisionsError;
    if (std::optional<std::vector<DecisionCounts>> decisions =
            computeDecisionCounts(project, filters.projectOptions(), &decisionsError)) {
        figures.decisions = std::move(*decisions);
    } else {
        figures.decisionsError = decisionsError;
    }
    if (inputsOut) {
        *inputsOut = std::move(*inputs);
    }
    return figures;
}

std::optional<ConfusionMatrix> pairConfusion(const DashboardDimension &dimension, int raterA, int raterB)
{
    const RatingsTable &t = dimension.table;
    if (dimension.multipleChoice || raterA < 0 || raterB < 0 || raterA >= t.raterCount() || raterB >= t.raterCount()
        || raterA == raterB) {
        return std::nullopt;
    }
    AgreementOptions o;
    o.bootstrapResamples = 0;
    // The engine's two-rater report of just these two raters has the confusion matrix.
    AgreementReport pair = computeAgreement(AgreementCounts(t.withRaters({raterA, raterB})), o);
    return pair.confusion;
}

QList<int> confusionCellUnits(const DashboardDimension &dimension, int raterA, int raterB, int row, int column)
{
    QList<int> units;
    const RatingsTable &t = dimension.table;
    if (dimension.multipleChoice || raterA < 0 || raterB < 0 || raterA >= t.raterCount() || raterB >= t.raterCount()) {
        return units;
    }
    for (int u = 0; u < t.unitCount(); ++u) {
        if (t.rating(u, raterA) == row && t.rating(u, raterB) == column) {
            units.append(u);
        }
    }
    return units;
}

std::vector<std::vector<qint64>> valueFrequencies(const DashboardDimension &dimension)
{
    const RatingsTable &t = dimension.table;
    std::vector<std::vector<qint64>> counts(size_t(t.raterCount()), std::vector<qint64>(size_t(t.categoryCount()), 0));
    for (int u = 0; u < t.unitCount(); ++u) {
        for (int r = 0; r < t.raterCount(); ++r) {
            const int c = t.rating(u, r);
            if (c != RatingsTable::Missing) {
                ++counts[size_t(r)][size_t(c)];
            }
        }
    }
    return counts;
}

QString formatCoefficientValue(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 4) : u"undefined"_s;
}

} // namespace Concord
