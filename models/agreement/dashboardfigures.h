// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/coefficients.h"
#include "agreement/decisionstats.h"
#include "agreement/multiplechoice.h"
#include "agreement/projectunits.h"
#include "domain/domain.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace Concord {

class Project;

/// The filters of the agreement dashboard: the same as `concord-cli agreement`'s
/// --round, --dataset, --gate-passed and --empty-as-missing (every dimension, every rater).
struct DashboardFilters
{
    std::optional<int> round;
    std::optional<QString> dataset;
    bool gatePassedOnly = false;
    bool emptyAsMissing = false;
    /// As the CLI's --bootstrap and --seed defaults, so that both show the same interval.
    int bootstrapResamples = 1000;
    quint64 bootstrapSeed = 1;

    /// The options `concord-cli agreement` would be given for these filters.
    ProjectAgreementOptions projectOptions() const;
    AgreementOptions agreementOptions() const;

    bool operator==(const DashboardFilters &) const = default;
};

/// One coefficient with the key it has in `concord-cli agreement --json` ("fleiss_kappa")
/// and the name a reader sees ("Fleiss' kappa").
struct NamedCoefficient
{
    QString key;
    QString name;
    Coefficient coefficient;
    bool chanceCorrected = true; ///< false for percent agreement: it has no "expected"
};

/// Every coefficient of a single-choice report, in the order the CLI prints them; the
/// two-rater ones only for two raters, the ordered ones only when the report has them.
QList<NamedCoefficient> namedCoefficients(const AgreementReport &report);
/// The same for a multiple-choice report (alpha with Jaccard and MASI distances).
QList<NamedCoefficient> namedCoefficients(const MultipleChoiceReport &report);

/// What the dashboard shows of one dimension, computed by the agreement engine from the
/// units assembleProjectUnits() made.
struct DashboardDimension
{
    Dimension dimension;
    bool multipleChoice = false;
    bool gateKnown = true; ///< false when the gate filter is on and the dimension has no gate
    AgreementReport report;                   ///< single choice
    MultipleChoiceReport multipleChoiceReport; ///< multiple choice
    /// The units the report was computed from (single choice): rows of the confusion
    /// matrix and the value frequencies come from it.
    RatingsTable table;
    /// The item each unit of table was made from (index = unit), 0 when unknown.
    QList<ItemId> unitItems;
    qint64 units = 0;
    qint64 notComparable = 0;
    qint64 singleRated = 0;
    qint64 excludedByGate = 0;
    qint64 multiValued = 0;
    qint64 linkedUnits = 0;
    qint64 itemUnits = 0;
    qint64 unlinkedFindings = 0;

    /// Adds (@p sign 1) or takes away (-1) the counts of @p units: not comparable,
    /// single rated, excluded by the gate, multi-valued, linked, item units, unlinked.
    void addCounts(const AssembledUnits &units, int sign = 1);
    /// The counts of @p units in place of these.
    void setCounts(const AssembledUnits &units);

    QStringList raters() const { return multipleChoice ? multipleChoiceReport.raters : report.raters; }
    QList<NamedCoefficient> coefficients() const
    {
        return multipleChoice ? namedCoefficients(multipleChoiceReport) : namedCoefficients(report);
    }
};

/// One round's coefficients per dimension key (no bootstrap: the chart shows values).
struct RoundFigures
{
    int round = 0;
    QHash<QString, QList<NamedCoefficient>> coefficients;
};

/// Everything the agreement dashboard shows for one set of filters.
struct DashboardFigures
{
    DashboardFilters filters;
    QList<int> rounds;     ///< every round of the project's items, ascending (for the filter)
    QStringList datasets;  ///< every dataset name, sorted (for the filter)
    std::vector<DashboardDimension> dimensions;
    /// The figures of every round under the other filters (the round filter itself does
    /// not apply): agreement over time, as `concord-cli agreement --by-round`.
    std::vector<RoundFigures> byRound;
    /// As `concord-cli agreement --decisions` (emptyAsMissing does not apply).
    std::vector<DecisionCounts> decisions;
    QString decisionsError; ///< set when the decision statistics could not be computed
    /// True when the dimensions' figures were brought up to date item by item after a
    /// label change (DashboardUpdater): their coefficients and counts are current, but
    /// the bootstrap intervals of alpha are left out and byRound and decisions are those
    /// of the last full computation, which follows.
    bool provisional = false;

    const DashboardDimension *dimension(const QString &key) const;
};

/// Reads @p project and computes every figure of the dashboard under @p filters with the
/// agreement engine (assembleProjectUnits, computeAgreement,
/// computeMultipleChoiceAgreement, computeDecisionCounts): the numbers are those
/// `concord-cli agreement --json` prints for the same filters. Nothing, with *error, when
/// the filters do not fit the project (an unknown dataset) or it cannot be read.
///
/// @p cancelled, when given, is asked between steps (each dimension, each round): when it
/// returns true the computation stops and returns nothing. @p inputs, when given, receives
/// what was read (for DashboardUpdater).
std::optional<DashboardFigures> computeDashboardFigures(const Project &project, const DashboardFilters &filters,
                                                        QString *error, const std::function<bool()> &cancelled = {},
                                                        ProjectUnitInputs *inputs = nullptr);

/// The confusion matrix of raters @p raterA (rows) and @p raterB (columns), indices into
/// table.raters(), over every category of the table (the engine's two-rater report of
/// these two raters). Nothing for a multiple-choice dimension or bad indices.
std::optional<ConfusionMatrix> pairConfusion(const DashboardDimension &dimension, int raterA, int raterB);

/// The units where @p raterA chose category @p row and @p raterB category @p column:
/// exactly those counted in that cell of pairConfusion(). Unit indices into table.
QList<int> confusionCellUnits(const DashboardDimension &dimension, int raterA, int raterB, int row, int column);

/// How often each rater chose each category in the dimension's units:
/// [rater][category], indices of table.raters() and table.categories().
std::vector<std::vector<qint64>> valueFrequencies(const DashboardDimension &dimension);

/// "0.8216", or "undefined" when the value is undefined (0/0 is never shown as 0 or 1).
QString formatCoefficientValue(const std::optional<double> &value);

} // namespace Concord
