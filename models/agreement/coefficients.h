// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/agreementcounts.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace Concord {

/// One agreement coefficient as a reviewer needs it: the value, or why it has none, and
/// the observed and expected (chance) agreement it was computed from, so that
/// value = (observed - expected) / (1 - expected) can be checked by hand.
struct Coefficient
{
    std::optional<double> value;
    std::optional<double> se;
    std::optional<std::pair<double, double>> ci95;
    double observed = 0;
    double expected = 0;
    /// True when observed/expected are disagreements (Krippendorff's ordinal and
    /// interval alpha: value = 1 - observed / expected).
    bool disagreement = false;
    QString undefinedReason; ///< set exactly when value is empty
    qint64 n = 0; ///< units (or pairable values for alpha) it is based on

    bool isDefined() const { return value.has_value(); }
};

/// How Krippendorff's alpha measures the distance between two values.
enum class AlphaLevel : quint8 { Nominal, Ordinal, Interval };

/// Agreement weights for weighted kappa: 1 on the diagonal, falling with distance.
enum class KappaWeights : quint8 { Linear, Quadratic };

/// Agreement between two raters: what a reviewer reads in a pairs matrix.
struct PairAgreement
{
    QString raterA;
    QString raterB;
    qint64 n = 0; ///< units rated by both
    Coefficient percentAgreement;
    Coefficient cohenKappa;
    Coefficient scottPi;
};

/// Agreement on one category ("k or not k").
struct CategoryAgreement
{
    QString category;
    qint64 ratings = 0; ///< ratings in this category (all units)
    /// Specific agreement: of the pairable ratings in k, the share whose partner rating
    /// in the same unit is also k (o_kk / n_k in Krippendorff's coincidence terms).
    std::optional<double> specificAgreement;
    Coefficient kappa; ///< Fleiss' kappa of the binary split k / not k
};

/// A rater pair's confusion matrix: rows are raterA's categories, columns raterB's.
struct ConfusionMatrix
{
    QString raterA;
    QString raterB;
    QStringList categories;
    std::vector<std::vector<qint64>> counts;
};

/// Everything computed for one dimension.
struct AgreementReport
{
    QStringList raters;
    QStringList categories;
    qint64 units = 0;         ///< units in the table
    qint64 ratedUnits = 0;    ///< with at least one rating
    qint64 pairableUnits = 0; ///< with at least two ratings
    Coefficient percentAgreement;
    Coefficient cohenKappa; ///< two raters only
    std::optional<Coefficient> weightedKappaLinear;    ///< two raters, ordered categories
    std::optional<Coefficient> weightedKappaQuadratic; ///< two raters, ordered categories
    Coefficient scottPi; ///< two raters only
    Coefficient fleissKappa;
    Coefficient krippendorffAlpha; ///< nominal
    std::optional<Coefficient> krippendorffAlphaOrdinal;  ///< ordered categories
    std::optional<Coefficient> krippendorffAlphaInterval; ///< ordered categories
    Coefficient gwetAc1;
    Coefficient brennanPrediger;
    std::vector<CategoryAgreement> perCategory;
    std::vector<PairAgreement> pairs;
    std::optional<ConfusionMatrix> confusion; ///< two raters only
};

struct AgreementOptions
{
    /// Resamples for the bootstrap CI of Krippendorff's alpha; 0 = none.
    int bootstrapResamples = 0;
    quint64 bootstrapSeed = 1;
};

/// Computes every coefficient from the kept sums (no pass over the units, except for the
/// bootstrap).
AgreementReport computeAgreement(const AgreementCounts &counts, const AgreementOptions &options = {});

// The individual coefficients, for callers that need only one.
Coefficient percentAgreement(const AgreementCounts &counts);
Coefficient fleissKappa(const AgreementCounts &counts);
Coefficient gwetAc1(const AgreementCounts &counts);
Coefficient brennanPrediger(const AgreementCounts &counts);
Coefficient krippendorffAlpha(const AgreementCounts &counts, AlphaLevel level);
Coefficient cohenKappa(const AgreementCounts::Pair &pair);
/// Weights follow the categories' numeric values (their ranks when they are not numbers):
/// linear 1 - |x_i - x_j| / range, quadratic 1 - (x_i - x_j)² / range² (Cicchetti–Allison,
/// Fleiss–Cohen); the standard error is Fleiss, Cohen & Everitt's (1969).
Coefficient weightedKappa(const AgreementCounts &counts, const AgreementCounts::Pair &pair, KappaWeights weights);
Coefficient scottPi(const AgreementCounts::Pair &pair);
Coefficient pairPercentAgreement(const AgreementCounts::Pair &pair);

/// Percentile bootstrap 95% interval of Krippendorff's alpha: units are resampled with
/// replacement (the unit is the sampling unit of a reliability study), alpha is
/// recomputed per resample, and the 2.5% and 97.5% quantiles are returned. The random
/// numbers come from a fixed generator (xoshiro256** seeded by splitmix64), so the same
/// seed gives the same interval on every platform. Resamples where alpha is undefined are
/// skipped; validResamples says how many were used.
struct BootstrapInterval
{
    std::optional<std::pair<double, double>> ci95;
    int validResamples = 0;
};
BootstrapInterval bootstrapAlpha(const AgreementCounts &counts, AlphaLevel level, int resamples, quint64 seed);

/// Two-sided Student t quantile: P(T ≤ t) = p with df degrees of freedom.
double studentTQuantile(double p, double df);

} // namespace Concord
