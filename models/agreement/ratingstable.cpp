// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/ratingstable.h"
#include "agreement/nameindex.h"

#include <algorithm>
#include <numeric>

namespace Concord {

int RatingsTable::addUnit(const QString &name)
{
    return internName(m_units, m_unitIndex, name, [this](int) {
        m_cells.resize(m_cells.size() + size_t(m_raters.size()), Missing);
    });
}

int RatingsTable::addRater(const QString &name)
{
    return internName(m_raters, m_raterIndex, name, [this](int index) {
        relayout(index + 1);
    });
}

int RatingsTable::addCategory(const QString &name)
{
    return internName(m_categories, m_categoryIndex, name, [this, &name](int) {
        bool ok = false;
        const double number = name.toDouble(&ok);
        m_allNumbers = m_allNumbers && ok;
        m_numbers.push_back(ok ? number : 0.0);
    });
}

void RatingsTable::relayout(int newRaterCount)
{
    const size_t oldR = size_t(m_raters.size());
    const size_t newR = size_t(newRaterCount);
    std::vector<int> cells(size_t(m_units.size()) * newR, Missing);
    for (size_t u = 0; u < size_t(m_units.size()); ++u) {
        for (size_t r = 0; r < oldR && r < newR; ++r) {
            cells[u * newR + r] = m_cells[u * oldR + r];
        }
    }
    m_cells.swap(cells);
}

void RatingsTable::setRating(int unit, int rater, int category)
{
    Q_ASSERT(unit >= 0 && unit < unitCount() && rater >= 0 && rater < raterCount());
    Q_ASSERT(category == Missing || (category >= 0 && category < categoryCount()));
    m_cells[size_t(unit) * size_t(m_raters.size()) + size_t(rater)] = category;
}

void RatingsTable::setRating(const QString &unit, const QString &rater, const QString &value)
{
    const int r = addRater(rater);
    const int u = addUnit(unit);
    setRating(u, r, value.isEmpty() ? Missing : addCategory(value));
}

void RatingsTable::clearUnit(int unit)
{
    for (int r = 0; r < raterCount(); ++r) {
        setRating(unit, r, Missing);
    }
}

double RatingsTable::numericValue(int category) const
{
    return categoriesAreNumbers() ? m_numbers[size_t(category)] : double(category);
}

void RatingsTable::sortCategories(const QStringList &order)
{
    const int k = categoryCount();
    std::vector<int> perm(static_cast<size_t>(k)); // perm[newIndex] = oldIndex
    std::iota(perm.begin(), perm.end(), 0);
    if (order.isEmpty() && categoriesAreNumbers()) {
        std::stable_sort(perm.begin(), perm.end(), [this](int a, int b) {
            return m_numbers[size_t(a)] < m_numbers[size_t(b)];
        });
    } else {
        QHash<QString, qsizetype> rankOf;
        for (qsizetype i = 0; i < order.size(); ++i) {
            rankOf.insert(order.at(i), i);
        }
        auto rank = [&](const QString &name) { return rankOf.value(name, order.size()); };
        std::stable_sort(perm.begin(), perm.end(), [&](int a, int b) {
            return rank(m_categories.at(a)) < rank(m_categories.at(b));
        });
    }
    std::vector<int> newIndexOf(static_cast<size_t>(k));
    QStringList categories;
    std::vector<double> numbers;
    m_categoryIndex.clear();
    for (int i = 0; i < k; ++i) {
        newIndexOf[size_t(perm[size_t(i)])] = i;
        categories.append(m_categories.at(perm[size_t(i)]));
        numbers.push_back(m_numbers[size_t(perm[size_t(i)])]);
        m_categoryIndex.insert(categories.last(), i);
    }
    m_categories = categories;
    m_numbers = numbers;
    for (int &cell : m_cells) {
        if (cell != Missing) {
            cell = newIndexOf[size_t(cell)];
        }
    }
}

RatingsTable RatingsTable::withRaters(const QList<int> &raters) const
{
    RatingsTable t;
    t.m_units = m_units;
    t.m_unitIndex = m_unitIndex;
    t.m_categories = m_categories;
    t.m_categoryIndex = m_categoryIndex;
    t.m_ordered = m_ordered;
    t.m_allNumbers = m_allNumbers;
    t.m_numbers = m_numbers;
    for (int r : raters) {
        t.m_raterIndex.insert(m_raters.at(r), int(t.m_raters.size()));
        t.m_raters.append(m_raters.at(r));
    }
    const size_t newR = size_t(raters.size());
    t.m_cells.assign(size_t(m_units.size()) * newR, Missing);
    for (int u = 0; u < unitCount(); ++u) {
        for (size_t i = 0; i < newR; ++i) {
            t.m_cells[size_t(u) * newR + i] = rating(u, raters.at(qsizetype(i)));
        }
    }
    return t;
}

} // namespace Concord
