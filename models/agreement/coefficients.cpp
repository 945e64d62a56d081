// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/coefficients.h"

#include <QByteArray>
#include <QHash>

#include <algorithm>
#include <cmath>

namespace Concord {

namespace {

const double s_z975 = 1.959963984540054; // standard normal 97.5% quantile
// Weighted kappa walks all K² cells; beyond this an "ordered" dimension is free text.
constexpr int MaxWeightedCategories = 5000;
// A dense K×K confusion matrix beyond this would be gigabytes of zeros.
constexpr int MaxConfusionCategories = 1000;

Coefficient undefinedCoefficient(const QString &reason, double observed = 0, double expected = 0, qint64 n = 0)
{
    Coefficient c;
    c.undefinedReason = reason;
    c.observed = observed;
    c.expected = expected;
    c.n = n;
    return c;
}

std::pair<double, double> clippedInterval(double value, double halfWidth)
{
    return {std::max(-1.0, value - halfWidth), std::min(1.0, value + halfWidth)};
}

QString noPairableUnitReason()
{
    return QStringLiteral("no unit was rated by at least two raters");
}

QString oneCategoryReason()
{
    return QStringLiteral(
        "every rating is in the same category, so chance agreement is 1 and the coefficient is 0/0");
}

int usedCategories(const std::vector<qint64> &totals)
{
    return int(std::count_if(totals.begin(), totals.end(), [](qint64 t) { return t > 0; }));
}

/// Gwet's (2008, 2014) linearization variance of the Fleiss / AC1 / Brennan–Prediger
/// family, summed from the kept moments instead of a pass over the units:
///   x_u = (n/n2)(pa_u - pe·[m_u≥2])/(1-pe) - 2(1-κ)(pe_u - pe)/(1-pe),
///   pe_u = Σ_k v_uk w_k (w = π for Fleiss, (1-π)/(K-1) for AC1, none for BP),
///   var = Σ_u (x_u - κ)² / (n(n-1)).
std::optional<double> gwetStandardError(const AgreementCounts &c, double kappa, double pe,
                                        const std::vector<double> &unitChanceWeights)
{
    const double n = double(c.ratedUnits());
    const double n2 = double(c.pairableUnits());
    if (n < 2 || n2 < 1) {
        return std::nullopt;
    }
    const double A = (n / n2) / (1 - pe);
    const double B = -(n / n2) * pe / (1 - pe);
    double E = -kappa;
    std::vector<double> w;
    if (!unitChanceWeights.empty()) {
        const double scale = -2 * (1 - kappa) / (1 - pe);
        w.resize(unitChanceWeights.size());
        for (size_t k = 0; k < w.size(); ++k) {
            w[k] = scale * unitChanceWeights[k];
        }
        E += 2 * (1 - kappa) * pe / (1 - pe);
    }
    auto dot = [&w](const std::vector<double> &v) {
        double s = 0;
        for (size_t k = 0; k < w.size(); ++k) {
            s += w[k] * v[k];
        }
        return s;
    };
    double wVVw = 0;
    if (!w.empty()) {
        c.sumVV().forEach([&](int i, int j, double v) { wVVw += w[size_t(i)] * v * w[size_t(j)]; });
    }
    const double sp = c.sumPa();
    const double sum = A * A * c.sumPa2() + B * B * n2 + wVVw + n * E * E + 2 * A * B * sp + 2 * A * dot(c.sumPaV())
        + 2 * A * E * sp + 2 * B * dot(c.sumPairableV()) + 2 * B * E * n2 + 2 * E * dot(c.sumV());
    return std::sqrt(std::max(0.0, sum) / (n * (n - 1)));
}

void fillGwetInterval(Coefficient &coef, const AgreementCounts &c)
{
    if (coef.value && coef.se) {
        const double df = double(c.ratedUnits()) - 1;
        coef.ci95 = clippedInterval(*coef.value, studentTQuantile(0.975, df) * *coef.se);
    }
}

std::vector<double> chanceShares(const AgreementCounts &c)
{
    std::vector<double> pi(c.sumV().size());
    const double n = double(c.ratedUnits());
    for (size_t k = 0; k < pi.size(); ++k) {
        pi[k] = c.sumV()[k] / n;
    }
    return pi;
}

double observedAgreement(const AgreementCounts &c)
{
    return c.sumPa() / double(c.pairableUnits());
}

} // namespace

Coefficient percentAgreement(const AgreementCounts &c)
{
    if (c.pairableUnits() == 0) {
        return undefinedCoefficient(noPairableUnitReason());
    }
    Coefficient coef;
    coef.observed = observedAgreement(c);
    coef.expected = 0; // no chance correction
    coef.value = coef.observed;
    coef.n = c.pairableUnits();
    return coef;
}

Coefficient fleissKappa(const AgreementCounts &c)
{
    if (c.pairableUnits() == 0) {
        return undefinedCoefficient(noPairableUnitReason());
    }
    const double pa = observedAgreement(c);
    if (usedCategories(c.categoryTotals()) <= 1) {
        return undefinedCoefficient(oneCategoryReason(), pa, 1.0, c.pairableUnits());
    }
    const std::vector<double> pi = chanceShares(c);
    double pe = 0;
    for (double p : pi) {
        pe += p * p;
    }
    Coefficient coef;
    coef.observed = pa;
    coef.expected = pe;
    coef.n = c.pairableUnits();
    coef.value = (pa - pe) / (1 - pe);
    coef.se = gwetStandardError(c, *coef.value, pe, pi);
    fillGwetInterval(coef, c);
    return coef;
}

Coefficient gwetAc1(const AgreementCounts &c)
{
    const int k = c.categoryCount();
    if (c.pairableUnits() == 0) {
        return undefinedCoefficient(noPairableUnitReason());
    }
    const double pa = observedAgreement(c);
    if (k < 2) {
        return undefinedCoefficient(QStringLiteral("AC1 needs at least two possible categories"), pa, 1.0,
                                    c.pairableUnits());
    }
    const std::vector<double> pi = chanceShares(c);
    double pe = 0;
    std::vector<double> w(pi.size());
    for (size_t i = 0; i < pi.size(); ++i) {
        pe += pi[i] * (1 - pi[i]);
        w[i] = (1 - pi[i]) / (k - 1);
    }
    pe /= (k - 1);
    Coefficient coef;
    coef.observed = pa;
    coef.expected = pe;
    coef.n = c.pairableUnits();
    coef.value = (pa - pe) / (1 - pe);
    coef.se = gwetStandardError(c, *coef.value, pe, w);
    fillGwetInterval(coef, c);
    return coef;
}

Coefficient brennanPrediger(const AgreementCounts &c)
{
    const int k = c.categoryCount();
    if (c.pairableUnits() == 0) {
        return undefinedCoefficient(noPairableUnitReason());
    }
    const double pa = observedAgreement(c);
    if (k < 2) {
        return undefinedCoefficient(
            QStringLiteral("Brennan–Prediger needs at least two possible categories (chance agreement 1/K is 1)"), pa,
            1.0, c.pairableUnits());
    }
    const double pe = 1.0 / k;
    Coefficient coef;
    coef.observed = pa;
    coef.expected = pe;
    coef.n = c.pairableUnits();
    coef.value = (pa - pe) / (1 - pe);
    coef.se = gwetStandardError(c, *coef.value, pe, {});
    fillGwetInterval(coef, c);
    return coef;
}

namespace {

/// δ² between categories c and k for the given level; marginals are the pairable totals.
/// Interval and ordinal are both squared differences of a position per category: the
/// category's number (interval), or its mid-rank M_c = Σ_{g<c} n_g + n_c / 2 (ordinal:
/// Krippendorff's (Σ_{g=c..k} n_g - (n_c + n_k)/2)² equals (M_k - M_c)²). That makes the
/// expected disagreement a weighted variance, O(K) instead of O(K²).
class AlphaMetric
{
public:
    AlphaMetric(const RatingsTable &table, AlphaLevel level, const std::vector<double> &totals)
        : m_level(level)
    {
        const size_t k = totals.size();
        if (level == AlphaLevel::Interval) {
            m_position.resize(k);
            for (size_t i = 0; i < k; ++i) {
                m_position[i] = table.numericValue(int(i));
            }
        } else if (level == AlphaLevel::Ordinal) {
            m_position.resize(k);
            double before = 0;
            for (size_t i = 0; i < k; ++i) {
                m_position[i] = before + totals[i] / 2;
                before += totals[i];
            }
        }
    }

    double operator()(int c, int k) const
    {
        if (c == k) {
            return 0;
        }
        if (m_level == AlphaLevel::Nominal) {
            return 1;
        }
        const double d = m_position[size_t(c)] - m_position[size_t(k)];
        return d * d;
    }

    /// Σ_c Σ_k n_c n_k δ_ck.
    double expectedSum(const std::vector<double> &totals) const
    {
        double n = 0;
        double sumSquares = 0;
        for (double t : totals) {
            n += t;
            sumSquares += t * t;
        }
        if (m_level == AlphaLevel::Nominal) {
            return n * n - sumSquares;
        }
        if (n == 0) {
            return 0;
        }
        double mean = 0;
        for (size_t i = 0; i < totals.size(); ++i) {
            mean += totals[i] * m_position[i];
        }
        mean /= n;
        double variance = 0;
        for (size_t i = 0; i < totals.size(); ++i) {
            const double d = m_position[i] - mean;
            variance += totals[i] * d * d;
        }
        return 2 * n * variance;
    }

private:
    AlphaLevel m_level;
    std::vector<double> m_position;
};

double expectedDisagreementSum(const std::vector<double> &totals, const AlphaMetric &delta)
{
    return delta.expectedSum(totals);
}

} // namespace

Coefficient krippendorffAlpha(const AgreementCounts &c, AlphaLevel level)
{
    const double n = double(c.pairableValues());
    if (n == 0) {
        return undefinedCoefficient(QStringLiteral("no unit was rated by at least two raters (no pairable values)"));
    }
    std::vector<double> totals(c.pairableTotals().begin(), c.pairableTotals().end());
    if (usedCategories(c.pairableTotals()) <= 1) {
        Coefficient coef = undefinedCoefficient(
            QStringLiteral("all pairable values are the same, so expected disagreement is 0 and alpha is 0/0"),
            level == AlphaLevel::Nominal ? 1.0 : 0.0, level == AlphaLevel::Nominal ? 1.0 : 0.0, c.pairableValues());
        coef.disagreement = level != AlphaLevel::Nominal;
        return coef;
    }
    Coefficient coef;
    coef.n = c.pairableValues();
    if (level == AlphaLevel::Nominal) {
        double diagonal = 0;
        for (int k = 0; k < c.categoryCount(); ++k) {
            diagonal += c.coincidences().at(k, k);
        }
        double sameChance = 0;
        for (double t : totals) {
            sameChance += t * (t - 1);
        }
        coef.observed = diagonal / n;
        coef.expected = sameChance / (n * (n - 1));
        coef.value = (coef.observed - coef.expected) / (1 - coef.expected);
        return coef;
    }
    const AlphaMetric delta(c.table(), level, totals);
    double observedSum = 0;
    c.coincidences().forEach([&](int i, int j, double o) { observedSum += o * delta(i, j); });
    const double expectedSum = expectedDisagreementSum(totals, delta);
    coef.disagreement = true;
    coef.observed = observedSum / n;
    coef.expected = expectedSum / (n * (n - 1));
    if (expectedSum <= 0) {
        coef.undefinedReason = QStringLiteral("expected disagreement is 0, so alpha is 0/0");
        return coef;
    }
    coef.value = 1 - coef.observed / coef.expected;
    return coef;
}

Coefficient pairPercentAgreement(const AgreementCounts::Pair &p)
{
    if (p.n == 0) {
        return undefinedCoefficient(QStringLiteral("the two raters rated no unit in common"));
    }
    Coefficient coef;
    coef.n = p.n;
    coef.observed = double(p.agree) / double(p.n);
    coef.value = coef.observed;
    return coef;
}

Coefficient cohenKappa(const AgreementCounts::Pair &p)
{
    if (p.n == 0) {
        return undefinedCoefficient(QStringLiteral("the two raters rated no unit in common"));
    }
    const double n = double(p.n);
    const double po = double(p.agree) / n;
    const size_t k = p.rowTotals.size();
    double pe = 0;
    bool oneCategory = false;
    for (size_t i = 0; i < k; ++i) {
        pe += (double(p.rowTotals[i]) / n) * (double(p.colTotals[i]) / n);
        oneCategory = oneCategory || (p.rowTotals[i] == p.n && p.colTotals[i] == p.n);
    }
    if (oneCategory) {
        return undefinedCoefficient(oneCategoryReason(), po, 1.0, p.n);
    }
    Coefficient coef;
    coef.n = p.n;
    coef.observed = po;
    coef.expected = pe;
    const double kappa = (po - pe) / (1 - pe);
    coef.value = kappa;
    // Fleiss, Cohen & Everitt (1969), the large-sample variance of kappa (not under H0).
    double termA = 0;
    double termB = 0;
    p.cells.forEach([&](int i, int j, qint64 count) {
        const double pij = double(count) / n;
        if (i == j) {
            const double t = 1 - (double(p.rowTotals[size_t(i)]) / n + double(p.colTotals[size_t(i)]) / n) * (1 - kappa);
            termA += pij * t * t;
        } else {
            const double t = double(p.colTotals[size_t(i)]) / n + double(p.rowTotals[size_t(j)]) / n;
            termB += pij * t * t;
        }
    });
    const double termC = kappa - pe * (1 - kappa);
    const double var = (termA + (1 - kappa) * (1 - kappa) * termB - termC * termC) / (n * (1 - pe) * (1 - pe));
    coef.se = std::sqrt(std::max(0.0, var));
    coef.ci95 = clippedInterval(kappa, s_z975 * *coef.se);
    return coef;
}

Coefficient scottPi(const AgreementCounts::Pair &p)
{
    if (p.n == 0) {
        return undefinedCoefficient(QStringLiteral("the two raters rated no unit in common"));
    }
    const double n = double(p.n);
    const double po = double(p.agree) / n;
    double pe = 0;
    bool oneCategory = false;
    for (size_t i = 0; i < p.rowTotals.size(); ++i) {
        const double share = double(p.rowTotals[i] + p.colTotals[i]) / (2 * n);
        pe += share * share;
        oneCategory = oneCategory || p.rowTotals[i] + p.colTotals[i] == 2 * p.n;
    }
    if (oneCategory) {
        return undefinedCoefficient(oneCategoryReason(), po, 1.0, p.n);
    }
    Coefficient coef;
    coef.n = p.n;
    coef.observed = po;
    coef.expected = pe;
    coef.value = (po - pe) / (1 - pe);
    return coef;
}

} // namespace Concord

namespace Concord {

Coefficient weightedKappa(const AgreementCounts &c, const AgreementCounts::Pair &p, KappaWeights weights)
{
    if (p.n == 0) {
        return undefinedCoefficient(QStringLiteral("the two raters rated no unit in common"));
    }
    const int k = c.categoryCount();
    if (k < 2) {
        return undefinedCoefficient(QStringLiteral("weighted kappa needs at least two categories"));
    }
    if (k > MaxWeightedCategories) {
        return undefinedCoefficient(QStringLiteral("weighted kappa is computed for up to %1 ordered values; this "
                                                   "dimension has %2")
                                        .arg(MaxWeightedCategories)
                                        .arg(k));
    }
    std::vector<double> x(static_cast<size_t>(k));
    for (int i = 0; i < k; ++i) {
        x[size_t(i)] = c.table().numericValue(i);
    }
    const auto [minIt, maxIt] = std::minmax_element(x.begin(), x.end());
    const double range = *maxIt - *minIt;
    if (range <= 0) {
        return undefinedCoefficient(QStringLiteral("all categories have the same value, so no distance is defined"));
    }
    auto w = [&](int i, int j) {
        const double d = std::abs(x[size_t(i)] - x[size_t(j)]) / range;
        return weights == KappaWeights::Linear ? 1 - d : 1 - d * d;
    };
    const double n = double(p.n);
    std::vector<double> row(static_cast<size_t>(k));
    std::vector<double> col(static_cast<size_t>(k));
    for (int i = 0; i < k; ++i) {
        row[size_t(i)] = double(p.rowTotals[size_t(i)]) / n;
        col[size_t(i)] = double(p.colTotals[size_t(i)]) / n;
    }
    double po = 0;
    p.cells.forEach([&](int i, int j, qint64 count) { po += w(i, j) * double(count) / n; });
    // w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij
    std::vector<double> wRow(size_t(k), 0.0);
    std::vector<double> wCol(size_t(k), 0.0);
    double pe = 0;
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) {
            const double wij = w(i, j);
            pe += wij * row[size_t(i)] * col[size_t(j)];
            wRow[size_t(i)] += col[size_t(j)] * wij;
            wCol[size_t(j)] += row[size_t(i)] * wij;
        }
    }
    if (1 - pe <= 1e-12) {
        return undefinedCoefficient(oneCategoryReason(), po, pe, p.n);
    }
    Coefficient coef;
    coef.n = p.n;
    coef.observed = po;
    coef.expected = pe;
    const double kappa = (po - pe) / (1 - pe);
    coef.value = kappa;
    double sum = 0;
    p.cells.forEach([&](int i, int j, qint64 count) {
        const double t = w(i, j) - (wRow[size_t(i)] + wCol[size_t(j)]) * (1 - kappa);
        sum += double(count) / n * t * t;
    });
    const double termC = kappa - pe * (1 - kappa);
    const double var = (sum - termC * termC) / (n * (1 - pe) * (1 - pe));
    coef.se = std::sqrt(std::max(0.0, var));
    coef.ci95 = clippedInterval(kappa, s_z975 * *coef.se);
    return coef;
}

AgreementReport computeAgreement(const AgreementCounts &c, const AgreementOptions &options)
{
    AgreementReport r;
    const RatingsTable &t = c.table();
    r.raters = t.raters();
    r.categories = t.categories();
    r.units = t.unitCount();
    r.ratedUnits = c.ratedUnits();
    r.pairableUnits = c.pairableUnits();
    r.percentAgreement = percentAgreement(c);
    r.fleissKappa = fleissKappa(c);
    r.gwetAc1 = gwetAc1(c);
    r.brennanPrediger = brennanPrediger(c);
    r.krippendorffAlpha = krippendorffAlpha(c, AlphaLevel::Nominal);
    if (options.bootstrapResamples > 0 && r.krippendorffAlpha.isDefined()) {
        r.krippendorffAlpha.ci95
            = bootstrapAlpha(c, AlphaLevel::Nominal, options.bootstrapResamples, options.bootstrapSeed).ci95;
    }
    if (t.isOrdered()) {
        r.krippendorffAlphaOrdinal = krippendorffAlpha(c, AlphaLevel::Ordinal);
        r.krippendorffAlphaInterval = krippendorffAlpha(c, AlphaLevel::Interval);
        if (options.bootstrapResamples > 0) {
            if (r.krippendorffAlphaOrdinal->isDefined()) {
                r.krippendorffAlphaOrdinal->ci95
                    = bootstrapAlpha(c, AlphaLevel::Ordinal, options.bootstrapResamples, options.bootstrapSeed).ci95;
            }
            if (r.krippendorffAlphaInterval->isDefined()) {
                r.krippendorffAlphaInterval->ci95
                    = bootstrapAlpha(c, AlphaLevel::Interval, options.bootstrapResamples, options.bootstrapSeed).ci95;
            }
        }
    }
    if (c.raterCount() == 2) {
        const AgreementCounts::Pair &p = c.pair(0, 1);
        r.cohenKappa = cohenKappa(p);
        r.scottPi = scottPi(p);
        if (t.isOrdered()) {
            r.weightedKappaLinear = weightedKappa(c, p, KappaWeights::Linear);
            r.weightedKappaQuadratic = weightedKappa(c, p, KappaWeights::Quadratic);
        }
        if (t.categoryCount() <= MaxConfusionCategories) {
            ConfusionMatrix m;
            m.raterA = t.raters().at(0);
            m.raterB = t.raters().at(1);
            m.categories = t.categories();
            m.counts.assign(size_t(t.categoryCount()), std::vector<qint64>(size_t(t.categoryCount()), 0));
            p.cells.forEach([&m](int i, int j, qint64 v) { m.counts[size_t(i)][size_t(j)] = v; });
            r.confusion = std::move(m);
        }
    } else {
        const QString reason = QStringLiteral("%1 compares exactly two raters; this table has %2 (see the pairs matrix "
                                              "and Fleiss' kappa)");
        r.cohenKappa = undefinedCoefficient(reason.arg(QStringLiteral("Cohen's kappa")).arg(c.raterCount()));
        r.scottPi = undefinedCoefficient(reason.arg(QStringLiteral("Scott's pi")).arg(c.raterCount()));
    }
    for (const AgreementCounts::Pair &p : c.pairs()) {
        PairAgreement pa;
        pa.raterA = t.raters().at(p.a);
        pa.raterB = t.raters().at(p.b);
        pa.n = p.n;
        pa.percentAgreement = pairPercentAgreement(p);
        pa.cohenKappa = cohenKappa(p);
        pa.scottPi = scottPi(p);
        r.pairs.push_back(std::move(pa));
    }
    // Per category: specific agreement and the kappa of "k or not k".
    const double n = double(c.ratedUnits());
    const double n2 = double(c.pairableUnits());
    qint64 allRatings = 0;
    for (qint64 v : c.categoryTotals()) {
        allRatings += v;
    }
    for (int k = 0; k < c.categoryCount(); ++k) {
        CategoryAgreement ca;
        ca.category = t.categories().at(k);
        ca.ratings = c.categoryTotals()[size_t(k)];
        const qint64 pairable = c.pairableTotals()[size_t(k)];
        if (pairable > 0) {
            ca.specificAgreement = c.coincidences().at(k, k) / double(pairable);
        }
        if (n2 == 0) {
            ca.kappa = undefinedCoefficient(noPairableUnitReason());
        } else {
            const double pa = 1 - 2 * c.sumCategoryDisagreement()[size_t(k)] / n2;
            if (ca.ratings == 0) {
                ca.kappa = undefinedCoefficient(QStringLiteral("no rating is in this category"), pa, 1.0, qint64(n2));
            } else if (ca.ratings == allRatings) {
                ca.kappa = undefinedCoefficient(QStringLiteral("every rating is in this category"), pa, 1.0, qint64(n2));
            } else {
                const double pi = c.sumV()[size_t(k)] / n;
                const double pe = pi * pi + (1 - pi) * (1 - pi);
                ca.kappa.observed = pa;
                ca.kappa.expected = pe;
                ca.kappa.n = qint64(n2);
                ca.kappa.value = (pa - pe) / (1 - pe);
            }
        }
        r.perCategory.push_back(std::move(ca));
    }
    return r;
}

namespace {

/// xoshiro256** (Blackman & Vigna), seeded with splitmix64: fully specified, so a seed
/// gives the same stream everywhere (std:: distributions are not portable).
class Xoshiro256
{
public:
    explicit Xoshiro256(quint64 seed)
    {
        for (quint64 &s : m_s) {
            seed += 0x9e3779b97f4a7c15ULL;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            s = z ^ (z >> 31);
        }
    }
    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    /// Uniform in [0, bound) by Lemire's multiply-shift (bias below 2^-32 for our sizes).
    quint32 below(quint32 bound) { return quint32((quint64(quint32(next() >> 32)) * bound) >> 32); }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
};


double quantile(const std::vector<double> &sorted, double p)
{
    // R's type 7: linear interpolation between order statistics.
    const double h = (double(sorted.size()) - 1) * p;
    const size_t lo = size_t(std::floor(h));
    const size_t hi = std::min(sorted.size() - 1, lo + 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

} // namespace

BootstrapInterval bootstrapAlpha(const AgreementCounts &c, AlphaLevel level, int resamples, quint64 seed)
{
    BootstrapInterval result;
    const RatingsTable &t = c.table();
    const int r = t.raterCount();
    const int k = t.categoryCount();
    // Units with the same multiset of values contribute the same, so resampling only
    // has to count how often each distinct pattern was drawn. Patterns are stored flat
    // (one array of (category, count) entries) so a resample walks memory in order.
    QHash<QByteArray, quint32> patternIndex;
    std::vector<int> patternSize;      // m: pairable values of the pattern
    std::vector<quint32> patternStart; // entries of pattern p: [start[p], start[p+1])
    std::vector<int> entryCategory;
    std::vector<int> entryCount;
    std::vector<quint32> unitPattern;
    std::vector<int> values;
    for (int u = 0; u < t.unitCount(); ++u) {
        values.clear();
        for (int i = 0; i < r; ++i) {
            const int v = t.rating(u, i);
            if (v != RatingsTable::Missing) {
                values.push_back(v);
            }
        }
        if (values.size() < 2) {
            continue;
        }
        std::sort(values.begin(), values.end());
        const QByteArray key(reinterpret_cast<const char *>(values.data()), qsizetype(values.size() * sizeof(int)));
        auto it = patternIndex.constFind(key);
        quint32 index;
        if (it == patternIndex.constEnd()) {
            index = quint32(patternSize.size());
            patternIndex.insert(key, index);
            patternSize.push_back(int(values.size()));
            patternStart.push_back(quint32(entryCategory.size()));
            for (int v : values) {
                if (entryCategory.size() > patternStart.back() && entryCategory.back() == v) {
                    ++entryCount.back();
                } else {
                    entryCategory.push_back(v);
                    entryCount.push_back(1);
                }
            }
        } else {
            index = it.value();
        }
        unitPattern.push_back(index);
    }
    patternStart.push_back(quint32(entryCategory.size()));
    const quint32 units = quint32(unitPattern.size());
    if (units == 0 || resamples <= 0) {
        return result;
    }
    const size_t patterns = patternSize.size();
    auto within = [&](size_t p, const AlphaMetric &delta) {
        double sum = 0;
        for (quint32 i = patternStart[p]; i < patternStart[p + 1]; ++i) {
            for (quint32 j = patternStart[p]; j < patternStart[p + 1]; ++j) {
                if (i != j) {
                    sum += double(entryCount[i]) * entryCount[j] * delta(entryCategory[i], entryCategory[j]);
                }
            }
        }
        return sum / (patternSize[p] - 1);
    };
    // Nominal and interval distances do not depend on the resample (ordinal ones follow
    // its marginals), so their within-unit disagreement is computed once per pattern.
    const AlphaMetric fixedDelta(t, level, std::vector<double>(size_t(k), 0.0));
    std::vector<double> fixedWithin;
    if (level != AlphaLevel::Ordinal) {
        fixedWithin.resize(patterns);
        for (size_t p = 0; p < patterns; ++p) {
            fixedWithin[p] = within(p, fixedDelta);
        }
    }
    Xoshiro256 rng(seed);
    std::vector<quint32> drawn(patterns);
    std::vector<double> totals(static_cast<size_t>(k));
    std::vector<double> alphas;
    alphas.reserve(size_t(resamples));
    for (int b = 0; b < resamples; ++b) {
        std::fill(drawn.begin(), drawn.end(), 0);
        for (quint32 i = 0; i < units; ++i) {
            ++drawn[unitPattern[rng.below(units)]];
        }
        std::fill(totals.begin(), totals.end(), 0.0);
        double n = 0;
        double observed = 0;
        for (size_t p = 0; p < patterns; ++p) {
            if (drawn[p] == 0) {
                continue;
            }
            const double d = drawn[p];
            n += d * patternSize[p];
            for (quint32 e = patternStart[p]; e < patternStart[p + 1]; ++e) {
                totals[size_t(entryCategory[e])] += d * entryCount[e];
            }
            if (!fixedWithin.empty()) {
                observed += d * fixedWithin[p];
            }
        }
        std::optional<AlphaMetric> ordinalDelta;
        if (level == AlphaLevel::Ordinal) {
            ordinalDelta.emplace(t, level, totals); // mid-ranks follow the resample's marginals
            for (size_t p = 0; p < patterns; ++p) {
                if (drawn[p] != 0) {
                    observed += double(drawn[p]) * within(p, *ordinalDelta);
                }
            }
        }
        const double expected = (ordinalDelta ? *ordinalDelta : fixedDelta).expectedSum(totals);
        if (expected <= 0) {
            continue;
        }
        alphas.push_back(1 - (n - 1) * observed / expected);
    }
    result.validResamples = int(alphas.size());
    if (alphas.empty()) {
        return result;
    }
    std::sort(alphas.begin(), alphas.end());
    result.ci95 = std::make_pair(quantile(alphas, 0.025), quantile(alphas, 0.975));
    return result;
}

namespace {

// Regularized incomplete beta I_x(a, b) by Lentz's continued fraction.
double betaContinuedFraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = std::abs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        d = std::abs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        d = std::abs(d) < tiny ? tiny : d;
        c = 1 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::abs(del - 1) < 1e-15) {
            break;
        }
    }
    return h;
}

double regularizedBeta(double a, double b, double x)
{
    if (x <= 0) {
        return 0;
    }
    if (x >= 1) {
        return 1;
    }
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x)
                                  + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
        return front * betaContinuedFraction(a, b, x) / a;
    }
    return 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}

double studentTCdf(double t, double df)
{
    const double x = df / (df + t * t);
    const double tail = 0.5 * regularizedBeta(df / 2, 0.5, x);
    return t >= 0 ? 1 - tail : tail;
}

} // namespace

double studentTQuantile(double p, double df)
{
    if (df <= 0 || p <= 0 || p >= 1) {
        return std::nan("");
    }
    if (p == 0.5) {
        return 0;
    }
    const bool upper = p > 0.5;
    const double target = upper ? p : 1 - p;
    double lo = 0;
    double hi = 1;
    while (studentTCdf(hi, df) < target && hi < 1e12) {
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-14 * std::max(1.0, hi); ++i) {
        const double mid = (lo + hi) / 2;
        if (studentTCdf(mid, df) < target) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    const double t = (lo + hi) / 2;
    return upper ? t : -t;
}

} // namespace Concord
