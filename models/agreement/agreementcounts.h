// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/ratingstable.h"

#include <QHash>

#include <functional>
#include <vector>

namespace Concord {

/// A K×K table of sums: dense while K is small (the usual codebook dimension), a hash of
/// the non-zero cells when K is large (free-text values from a spreadsheet), so memory
/// stays proportional to what was seen.
template<typename T>
class SquareSums
{
public:
    static constexpr int DenseLimit = 128;

    void resize(int k);
    int size() const { return m_k; }
    void add(int i, int j, T delta);
    T at(int i, int j) const;
    /// Calls f(i, j, value) for every cell that may be non-zero.
    void forEach(const std::function<void(int, int, T)> &f) const;

private:
    int m_k = 0;
    bool m_dense = true;
    std::vector<T> m_cells;
    QHash<quint64, T> m_sparse;
};

/// The sufficient statistics of every agreement coefficient, kept up to date one rating
/// at a time.
///
/// It owns the cells of a RatingsTable (units × raters → category) and, per unit,
/// subtracts the unit's contribution before a rating changes and adds it back after, so
/// setRating() costs O(raters²) whatever the number of units. Coefficients are then
/// computed from these sums in O(categories²) by computeAgreement() — no pass over the
/// units. What is kept (n_uk = raters of unit u choosing k, m_u = ratings of unit u,
/// v_uk = n_uk / m_u, pa_u = Σ_k n_uk (n_uk - 1) / (m_u (m_u - 1))):
///   - Fleiss / Gwet / Brennan–Prediger (Gwet 2014, ch. 2 and 5): counts of rated and
///     pairable units, Σ pa_u, Σ pa_u², Σ v_u, Σ_{m_u≥2} v_u, Σ pa_u v_u, Σ v_u v_uᵀ —
///     enough for the coefficients and their variance as a quadratic form;
///   - Krippendorff: the coincidence matrix o_ck = Σ_u n_uc n_uk' / (m_u - 1) and the
///     integer value totals n_c of pairable units;
///   - Cohen / Scott: one contingency table per pair of raters.
class AgreementCounts
{
public:
    /// Pairwise tables (Cohen, Scott, the pairs matrix) are kept for up to this many
    /// raters; beyond, pairs() is empty (R(R-1)/2 tables would dominate memory).
    static constexpr int MaxPairRaters = 20;

    explicit AgreementCounts(const RatingsTable &table);

    const RatingsTable &table() const { return m_table; }
    int unitCount() const { return m_table.unitCount(); }
    int raterCount() const { return m_table.raterCount(); }
    int categoryCount() const { return m_table.categoryCount(); }
    int rating(int unit, int rater) const { return m_table.rating(unit, rater); }

    /// Changes one rating (category index or RatingsTable::Missing) and updates every sum.
    void setRating(int unit, int rater, int category);
    /// Adds a category (a value added to the codebook while labeling).
    int addCategory(const QString &name);
    /// Adds an empty unit.
    int addUnit(const QString &name);

    struct Pair
    {
        int a = 0; ///< rater index (rows)
        int b = 0; ///< rater index (columns), a < b
        qint64 n = 0; ///< units rated by both
        qint64 agree = 0;
        std::vector<qint64> rowTotals;
        std::vector<qint64> colTotals;
        SquareSums<qint64> cells;
    };

    // Fleiss / Gwet family
    qint64 ratedUnits() const { return m_ratedUnits; }      ///< m_u ≥ 1
    qint64 pairableUnits() const { return m_pairableUnits; } ///< m_u ≥ 2
    double sumPa() const { return m_sumPa; }
    double sumPa2() const { return m_sumPa2; }
    const std::vector<double> &sumV() const { return m_sumV; }
    const std::vector<double> &sumPairableV() const { return m_sumIV; }
    const std::vector<double> &sumPaV() const { return m_sumPaV; }
    const SquareSums<double> &sumVV() const { return m_sumVV; }
    /// Σ_{m_u≥2} n_uk (m_u - n_uk) / (m_u (m_u - 1)): disagreement on "k or not k".
    const std::vector<double> &sumCategoryDisagreement() const { return m_sumCatDis; }
    /// Ratings per category over all units (integer, so "is this category used" is exact).
    const std::vector<qint64> &categoryTotals() const { return m_catTotal; }

    // Krippendorff
    qint64 pairableValues() const { return m_pairableValues; }
    const std::vector<qint64> &pairableTotals() const { return m_pairableTotal; }
    const SquareSums<double> &coincidences() const { return m_coinc; }

    // Cohen / Scott
    const std::vector<Pair> &pairs() const { return m_pairs; }
    const Pair &pair(int a, int b) const;

private:
    void applyUnit(int unit, int sign);
    void growCategories();

    RatingsTable m_table;
    qint64 m_ratedUnits = 0;
    qint64 m_pairableUnits = 0;
    double m_sumPa = 0;
    double m_sumPa2 = 0;
    std::vector<double> m_sumV;
    std::vector<double> m_sumIV;
    std::vector<double> m_sumPaV;
    std::vector<double> m_sumCatDis;
    std::vector<qint64> m_catTotal;
    SquareSums<double> m_sumVV;
    qint64 m_pairableValues = 0;
    std::vector<qint64> m_pairableTotal;
    SquareSums<double> m_coinc;
    std::vector<Pair> m_pairs;
};

} // namespace Concord
