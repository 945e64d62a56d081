// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/agreementcounts.h"

#include <algorithm>

namespace Concord {

template<typename T>
void SquareSums<T>::resize(int k)
{
    if (k == m_k) {
        return;
    }
    // Re-file what is there under the new layout (categories are only ever added).
    std::vector<std::tuple<int, int, T>> kept;
    forEach([&kept](int i, int j, T v) {
        if (v != T(0)) {
            kept.emplace_back(i, j, v);
        }
    });
    m_k = k;
    m_dense = k <= DenseLimit;
    m_cells.clear();
    m_sparse.clear();
    if (m_dense) {
        m_cells.assign(size_t(k) * size_t(k), T(0));
    }
    for (const auto &[i, j, v] : kept) {
        add(i, j, v);
    }
}

template<typename T>
void SquareSums<T>::add(int i, int j, T delta)
{
    if (m_dense) {
        m_cells[size_t(i) * size_t(m_k) + size_t(j)] += delta;
        return;
    }
    const quint64 key = (quint64(quint32(i)) << 32) | quint32(j);
    auto it = m_sparse.find(key);
    if (it == m_sparse.end()) {
        m_sparse.insert(key, delta);
    } else {
        it.value() += delta;
        if (it.value() == T(0)) {
            m_sparse.erase(it);
        }
    }
}

template<typename T>
T SquareSums<T>::at(int i, int j) const
{
    if (m_dense) {
        return m_cells[size_t(i) * size_t(m_k) + size_t(j)];
    }
    return m_sparse.value((quint64(quint32(i)) << 32) | quint32(j), T(0));
}

template<typename T>
void SquareSums<T>::forEach(const std::function<void(int, int, T)> &f) const
{
    if (m_dense) {
        for (int i = 0; i < m_k; ++i) {
            const T *row = m_cells.data() + size_t(i) * size_t(m_k);
            for (int j = 0; j < m_k; ++j) {
                if (row[j] != T(0)) {
                    f(i, j, row[j]);
                }
            }
        }
        return;
    }
    for (auto it = m_sparse.cbegin(); it != m_sparse.cend(); ++it) {
        f(int(it.key() >> 32), int(it.key() & 0xffffffffu), it.value());
    }
}

template class SquareSums<double>;
template class SquareSums<qint64>;

AgreementCounts::AgreementCounts(const RatingsTable &table)
    : m_table(table)
{
    const int r = m_table.raterCount() <= MaxPairRaters ? m_table.raterCount() : 0;
    for (int a = 0; a < r; ++a) {
        for (int b = a + 1; b < r; ++b) {
            Pair p;
            p.a = a;
            p.b = b;
            m_pairs.push_back(std::move(p));
        }
    }
    growCategories();
    for (int u = 0; u < m_table.unitCount(); ++u) {
        applyUnit(u, +1);
    }
}

void AgreementCounts::growCategories()
{
    const int k = m_table.categoryCount();
    m_sumV.resize(size_t(k), 0.0);
    m_sumIV.resize(size_t(k), 0.0);
    m_sumPaV.resize(size_t(k), 0.0);
    m_sumCatDis.resize(size_t(k), 0.0);
    m_catTotal.resize(size_t(k), 0);
    m_pairableTotal.resize(size_t(k), 0);
    m_sumVV.resize(k);
    m_coinc.resize(k);
    for (Pair &p : m_pairs) {
        p.rowTotals.resize(size_t(k), 0);
        p.colTotals.resize(size_t(k), 0);
        p.cells.resize(k);
    }
}

int AgreementCounts::addCategory(const QString &name)
{
    const int before = m_table.categoryCount();
    const int index = m_table.addCategory(name);
    if (m_table.categoryCount() != before) {
        growCategories();
    }
    return index;
}

int AgreementCounts::addUnit(const QString &name)
{
    return m_table.addUnit(name); // an empty unit contributes nothing
}

const AgreementCounts::Pair &AgreementCounts::pair(int a, int b) const
{
    if (a > b) {
        std::swap(a, b);
    }
    const int r = raterCount();
    // pairs are stored row by row: (0,1) (0,2) ... (1,2) ...
    const int index = a * (2 * r - a - 1) / 2 + (b - a - 1);
    Q_ASSERT(size_t(index) < m_pairs.size()); // no pair tables beyond MaxPairRaters raters
    return m_pairs[size_t(index)];
}

void AgreementCounts::applyUnit(int unit, int sign)
{
    const int r = raterCount();
    // Distinct categories of this unit with their counts; raters are few, so a linear
    // scan beats any map.
    constexpr int Small = 16;
    int catsSmall[Small];
    int countsSmall[Small];
    std::vector<int> catsBig;
    std::vector<int> countsBig;
    int *cats = catsSmall;
    int *counts = countsSmall;
    if (r > Small) {
        catsBig.resize(size_t(r));
        countsBig.resize(size_t(r));
        cats = catsBig.data();
        counts = countsBig.data();
    }
    int d = 0;
    int m = 0;
    for (int i = 0; i < r; ++i) {
        const int c = m_table.rating(unit, i);
        if (c == RatingsTable::Missing) {
            continue;
        }
        ++m;
        int j = 0;
        while (j < d && cats[j] != c) {
            ++j;
        }
        if (j == d) {
            cats[d] = c;
            counts[d] = 0;
            ++d;
        }
        ++counts[j];
    }
    if (m == 0) {
        return;
    }
    const double s = sign;
    m_ratedUnits += sign;
    for (int j = 0; j < d; ++j) {
        const double v = double(counts[j]) / m;
        m_sumV[size_t(cats[j])] += s * v;
        m_catTotal[size_t(cats[j])] += sign * counts[j];
        for (int l = 0; l < d; ++l) {
            m_sumVV.add(cats[j], cats[l], s * v * (double(counts[l]) / m));
        }
    }
    if (m >= 2) {
        m_pairableUnits += sign;
        m_pairableValues += sign * m;
        double pa = 0;
        const double mm1 = double(m) * (m - 1);
        for (int j = 0; j < d; ++j) {
            pa += double(counts[j]) * (counts[j] - 1) / mm1;
        }
        m_sumPa += s * pa;
        m_sumPa2 += s * pa * pa;
        for (int j = 0; j < d; ++j) {
            const size_t c = size_t(cats[j]);
            const double v = double(counts[j]) / m;
            m_sumIV[c] += s * v;
            m_sumPaV[c] += s * pa * v;
            m_sumCatDis[c] += s * double(counts[j]) * (m - counts[j]) / mm1;
            m_pairableTotal[c] += sign * counts[j];
            for (int l = 0; l < d; ++l) {
                const double o = j == l ? double(counts[j]) * (counts[j] - 1) : double(counts[j]) * counts[l];
                if (o != 0) {
                    m_coinc.add(cats[j], cats[l], s * o / (m - 1));
                }
            }
        }
    }
    // Pairwise contingency tables.
    for (Pair &p : m_pairs) {
        const int x = m_table.rating(unit, p.a);
        const int y = m_table.rating(unit, p.b);
        if (x == RatingsTable::Missing || y == RatingsTable::Missing) {
            continue;
        }
        p.n += sign;
        if (x == y) {
            p.agree += sign;
        }
        p.rowTotals[size_t(x)] += sign;
        p.colTotals[size_t(y)] += sign;
        p.cells.add(x, y, sign);
    }
}

void AgreementCounts::setRating(int unit, int rater, int category)
{
    if (m_table.rating(unit, rater) == category) {
        return;
    }
    applyUnit(unit, -1);
    m_table.setRating(unit, rater, category);
    applyUnit(unit, +1);
}

} // namespace Concord
