// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/coefficients.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <vector>

namespace Concord {

/// Reliability data of a multiple-choice dimension: units × raters → a set of values
/// (possibly empty: "none of these") or missing.
class SetRatingsTable
{
public:
    int unitCount() const { return int(m_units.size()); }
    int raterCount() const { return int(m_raters.size()); }
    int valueCount() const { return int(m_values.size()); }
    const QStringList &units() const { return m_units; }
    const QStringList &raters() const { return m_raters; }
    const QStringList &values() const { return m_values; }

    int addUnit(const QString &name);
    int addRater(const QString &name);
    int addValue(const QString &name);

    /// values are value indices (order and repeats do not matter).
    void setRating(int unit, int rater, std::vector<int> values);
    void setMissing(int unit, int rater);
    bool isMissing(int unit, int rater) const { return !m_present[index(unit, rater)]; }
    /// Sorted, without repeats.
    const std::vector<int> &rating(int unit, int rater) const { return m_cells[index(unit, rater)]; }

    /// The table of "value chosen / not chosen" (categories "no", "yes") for one value.
    RatingsTable binary(int value) const;

private:
    size_t index(int unit, int rater) const { return size_t(unit) * size_t(m_raters.size()) + size_t(rater); }
    void relayout(int newRaterCount);

    QStringList m_units;
    QStringList m_raters;
    QStringList m_values;
    QHash<QString, int> m_unitIndex;
    QHash<QString, int> m_raterIndex;
    QHash<QString, int> m_valueIndex;
    std::vector<std::vector<int>> m_cells;
    std::vector<char> m_present;
};

/// Distance between two sets of values for Krippendorff's alpha.
enum class SetDistance : quint8 {
    Jaccard, ///< 1 - |A∩B| / |A∪B| (two empty sets: 0)
    Masi,    ///< Passonneau (2006): 1 - J·M, M = 1 equal, 2/3 subset, 1/3 overlap, 0 disjoint
};

double setDistance(const std::vector<int> &a, const std::vector<int> &b, SetDistance distance);

/// Krippendorff's alpha over sets with the given distance (used unsquared, as in
/// Passonneau 2006 and NLTK's AnnotationTask). observed/expected are disagreements.
Coefficient setAlpha(const SetRatingsTable &table, SetDistance distance);

/// Agreement on one value of a multiple-choice dimension ("chosen or not").
struct ValueAgreement
{
    QString value;
    Coefficient kappa; ///< Cohen's kappa for two raters, Fleiss' kappa otherwise
    Coefficient alpha; ///< Krippendorff's alpha, nominal
};

struct MultipleChoiceReport
{
    QStringList raters;
    qint64 units = 0;
    std::vector<ValueAgreement> perValue;
    Coefficient alphaJaccard;
    Coefficient alphaMasi;
};

MultipleChoiceReport computeMultipleChoiceAgreement(const SetRatingsTable &table);

} // namespace Concord
