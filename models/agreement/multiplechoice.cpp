// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/multiplechoice.h"
#include "agreement/nameindex.h"

#include <QByteArray>

#include <algorithm>

namespace Concord {

int SetRatingsTable::addUnit(const QString &name)
{
    return internName(m_units, m_unitIndex, name, [this](int) {
        m_cells.resize(m_cells.size() + size_t(m_raters.size()));
        m_present.resize(m_present.size() + size_t(m_raters.size()), 0);
    });
}

int SetRatingsTable::addRater(const QString &name)
{
    return internName(m_raters, m_raterIndex, name, [this](int index) {
        relayout(index + 1);
    });
}

int SetRatingsTable::addValue(const QString &name)
{
    return internName(m_values, m_valueIndex, name, [](int) {});
}

void SetRatingsTable::relayout(int newRaterCount)
{
    const size_t oldR = size_t(m_raters.size());
    const size_t newR = size_t(newRaterCount);
    std::vector<std::vector<int>> cells(size_t(m_units.size()) * newR);
    std::vector<char> present(size_t(m_units.size()) * newR, 0);
    for (size_t u = 0; u < size_t(m_units.size()); ++u) {
        for (size_t r = 0; r < oldR; ++r) {
            cells[u * newR + r] = std::move(m_cells[u * oldR + r]);
            present[u * newR + r] = m_present[u * oldR + r];
        }
    }
    m_cells.swap(cells);
    m_present.swap(present);
}

void SetRatingsTable::setRating(int unit, int rater, std::vector<int> values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    m_cells[index(unit, rater)] = std::move(values);
    m_present[index(unit, rater)] = 1;
}

void SetRatingsTable::setMissing(int unit, int rater)
{
    m_cells[index(unit, rater)].clear();
    m_present[index(unit, rater)] = 0;
}

RatingsTable SetRatingsTable::binary(int value) const
{
    RatingsTable t;
    for (const QString &r : m_raters) {
        t.addRater(r);
    }
    const int no = t.addCategory(QStringLiteral("no"));
    const int yes = t.addCategory(QStringLiteral("yes"));
    for (int u = 0; u < unitCount(); ++u) {
        t.addUnit(m_units.at(u));
        for (int r = 0; r < raterCount(); ++r) {
            if (!isMissing(u, r)) {
                const std::vector<int> &v = rating(u, r);
                t.setRating(u, r, std::binary_search(v.begin(), v.end(), value) ? yes : no);
            }
        }
    }
    return t;
}

double setDistance(const std::vector<int> &a, const std::vector<int> &b, SetDistance distance)
{
    if (a == b) {
        return 0;
    }
    std::vector<int> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    const size_t unionSize = a.size() + b.size() - common.size();
    const double jaccard = unionSize == 0 ? 1.0 : double(common.size()) / double(unionSize);
    if (distance == SetDistance::Jaccard) {
        return 1 - jaccard;
    }
    double m = 0;
    if (common.size() == std::min(a.size(), b.size())) {
        m = 0.67; // one is a subset of the other (equal sets returned above)
    } else if (!common.empty()) {
        m = 0.33;
    }
    // The constants are Passonneau's as NLTK's masi_distance uses them (0.67, 0.33).
    return 1 - jaccard * m;
}

Coefficient setAlpha(const SetRatingsTable &table, SetDistance distance)
{
    Coefficient coef;
    coef.disagreement = true;
    // Distinct sets become the "values" of an ordinary coincidence matrix.
    QHash<QByteArray, int> setIndex;
    std::vector<const std::vector<int> *> sets;
    std::vector<double> totals;
    QHash<quint64, double> coincidences;
    std::vector<int> unitSets;
    double n = 0;
    for (int u = 0; u < table.unitCount(); ++u) {
        unitSets.clear();
        for (int r = 0; r < table.raterCount(); ++r) {
            if (table.isMissing(u, r)) {
                continue;
            }
            const std::vector<int> &v = table.rating(u, r);
            const QByteArray key(reinterpret_cast<const char *>(v.data()), qsizetype(v.size() * sizeof(int)));
            auto it = setIndex.constFind(key);
            int id;
            if (it == setIndex.constEnd()) {
                id = int(sets.size());
                setIndex.insert(key, id);
                sets.push_back(&v);
                totals.push_back(0);
            } else {
                id = it.value();
            }
            unitSets.push_back(id);
        }
        const size_t m = unitSets.size();
        if (m < 2) {
            continue;
        }
        n += double(m);
        for (size_t i = 0; i < m; ++i) {
            totals[size_t(unitSets[i])] += 1;
            for (size_t j = 0; j < m; ++j) {
                if (i != j) {
                    const quint64 key = (quint64(quint32(unitSets[i])) << 32) | quint32(unitSets[j]);
                    coincidences[key] += 1.0 / double(m - 1);
                }
            }
        }
    }
    coef.n = qint64(n);
    if (n == 0) {
        coef.undefinedReason = QStringLiteral("no unit was rated by at least two raters (no pairable values)");
        return coef;
    }
    double observed = 0;
    for (auto it = coincidences.cbegin(); it != coincidences.cend(); ++it) {
        const int a = int(it.key() >> 32);
        const int b = int(it.key() & 0xffffffffu);
        observed += it.value() * setDistance(*sets[size_t(a)], *sets[size_t(b)], distance);
    }
    double expected = 0;
    for (size_t a = 0; a < sets.size(); ++a) {
        for (size_t b = 0; b < sets.size(); ++b) {
            if (a != b && totals[a] > 0 && totals[b] > 0) {
                expected += totals[a] * totals[b] * setDistance(*sets[a], *sets[b], distance);
            }
        }
    }
    coef.observed = observed / n;
    coef.expected = expected / (n * (n - 1));
    if (expected <= 0) {
        coef.undefinedReason
            = QStringLiteral("all pairable answers are the same set, so expected disagreement is 0 and alpha is 0/0");
        return coef;
    }
    coef.value = 1 - coef.observed / coef.expected;
    return coef;
}

MultipleChoiceReport computeMultipleChoiceAgreement(const SetRatingsTable &table)
{
    MultipleChoiceReport r;
    r.raters = table.raters();
    r.units = table.unitCount();
    for (int v = 0; v < table.valueCount(); ++v) {
        const AgreementCounts counts(table.binary(v));
        ValueAgreement va;
        va.value = table.values().at(v);
        va.kappa = table.raterCount() == 2 ? cohenKappa(counts.pair(0, 1)) : fleissKappa(counts);
        va.alpha = krippendorffAlpha(counts, AlphaLevel::Nominal);
        r.perValue.push_back(std::move(va));
    }
    r.alphaJaccard = setAlpha(table, SetDistance::Jaccard);
    r.alphaMasi = setAlpha(table, SetDistance::Masi);
    return r;
}

} // namespace Concord
