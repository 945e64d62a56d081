// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace Concord {

/// The reliability data of one dimension: units × raters → one category or missing.
///
/// Plain values with no store behind them, so the statistics work the same on a
/// project, a spreadsheet of ratings or a test's table. Units, raters and categories
/// are interned to indices; a cell holds the category index or Missing. The order of
/// categories matters only when the dimension is ordered (weighted kappa, ordinal and
/// interval alpha); numericValue() gives the interval metric its distances.
class RatingsTable
{
public:
    static constexpr int Missing = -1;

    RatingsTable() = default;

    int unitCount() const { return int(m_units.size()); }
    int raterCount() const { return int(m_raters.size()); }
    int categoryCount() const { return int(m_categories.size()); }
    const QStringList &units() const { return m_units; }
    const QStringList &raters() const { return m_raters; }
    const QStringList &categories() const { return m_categories; }

    /// Index of the unit, rater or category with this name, added when new.
    int addUnit(const QString &name);
    int addRater(const QString &name);
    int addCategory(const QString &name);
    /// Index or -1.
    int unitIndex(const QString &name) const { return m_unitIndex.value(name, -1); }
    int raterIndex(const QString &name) const { return m_raterIndex.value(name, -1); }
    int categoryIndex(const QString &name) const { return m_categoryIndex.value(name, -1); }

    /// category is a category index or Missing.
    void setRating(int unit, int rater, int category);
    int rating(int unit, int rater) const { return m_cells[size_t(unit) * size_t(m_raters.size()) + size_t(rater)]; }
    /// Convenience for tests and importers: adds unit, rater and category as needed; an
    /// empty value is a missing rating.
    void setRating(const QString &unit, const QString &rater, const QString &value);
    /// Drops a unit's ratings (its row stays, all missing).
    void clearUnit(int unit);

    /// Whether the categories have a meaningful order (weighted kappa, ordinal and
    /// interval alpha are computed only then).
    bool isOrdered() const { return m_ordered; }
    void setOrdered(bool ordered) { m_ordered = ordered; }
    /// Sorts categories: numerically when every name is a number, otherwise by the given
    /// order (names not listed go last, in their current order). Cells follow.
    void sortCategories(const QStringList &order = {});
    /// The number a category stands for on an interval scale: its name when every
    /// category name is a number, otherwise its rank (0, 1, ...).
    double numericValue(int category) const;
    bool categoriesAreNumbers() const { return !m_categories.isEmpty() && m_allNumbers; }

    /// Keeps only these raters, in this order. Cells of other raters are dropped.
    RatingsTable withRaters(const QList<int> &raters) const;

    /// Raw cells, unit-major (unit * raterCount() + rater).
    const std::vector<int> &cells() const { return m_cells; }

private:
    void relayout(int newRaterCount);

    QStringList m_units;
    QStringList m_raters;
    QStringList m_categories;
    QHash<QString, int> m_unitIndex;
    QHash<QString, int> m_raterIndex;
    QHash<QString, int> m_categoryIndex;
    std::vector<int> m_cells;
    bool m_ordered = false;
    // Kept as categories are added: numericValue() is called K times per bootstrap resample.
    bool m_allNumbers = true;
    std::vector<double> m_numbers;
};

} // namespace Concord
