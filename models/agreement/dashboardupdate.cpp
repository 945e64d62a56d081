// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/dashboardupdate.h"

#include "domain/finding.h"
#include "store/project.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace Concord {

/// The incremental counts of one single-choice dimension and where its units are.
struct DashboardUpdater::DimensionState
{
    std::unique_ptr<AgreementCounts> counts; ///< null for a multiple-choice dimension
    QHash<QString, int> unitIndex;           ///< unit name → row of counts (rows are never removed)
    qint64 liveUnits = 0;                    ///< rows that are units now (a removed unit's row is all missing)
    bool dirty = false;
};

DashboardUpdater::DashboardUpdater() = default;
DashboardUpdater::~DashboardUpdater() = default;

void DashboardUpdater::clear()
{
    m_valid = false;
    m_figures = {};
    m_inputs = {};
    m_itemIndex.clear();
    m_findingsOfItem.clear();
    m_reconciledOfItem.clear();
    m_findingsOfRater.clear();
    m_dimensions.clear();
}

void DashboardUpdater::reset(const DashboardFigures &figures, ProjectUnitInputs inputs)
{
    clear();
    m_figures = figures;
    m_figures.provisional = false;
    m_options = figures.filters.projectOptions();
    m_inputs = std::move(inputs);
    for (qsizetype i = 0; i < qsizetype(m_inputs.items.size()); ++i) {
        m_itemIndex.insert(m_inputs.items[size_t(i)].id, i);
    }
    for (const Finding &f : std::as_const(m_inputs.findings)) {
        m_findingsOfItem[qint64(f.item)].append(f);
        if (!m_inputs.reconcilers.contains(f.rater)) {
            ++m_findingsOfRater[f.rater];
        }
    }
    m_inputs.findings.clear(); // kept by item above
    for (const UnitReconciled &r : m_inputs.reconciled) {
        m_reconciledOfItem[r.item].push_back(r);
    }
    m_inputs.reconciled.clear();
    for (const DashboardDimension &d : m_figures.dimensions) {
        auto state = std::make_unique<DimensionState>();
        if (!d.multipleChoice) {
            state->counts = std::make_unique<AgreementCounts>(d.table);
            const QStringList units = d.table.units();
            for (int u = 0; u < units.size(); ++u) {
                state->unitIndex.insert(units.at(u), u);
            }
            state->liveUnits = d.table.unitCount();
        }
        m_dimensions.push_back(std::move(state));
    }
    m_valid = m_dimensions.size() == size_t(m_inputs.dimensions.size());
}

bool DashboardUpdater::updateItems(const Project &project, const QList<ItemId> &items, QString *error)
{
    if (!m_valid) {
        return false;
    }
    bool multipleChoiceChanged = false;
    for (const ItemId item : items) {
        if (!updateItem(project, item, error)) {
            clear();
            return false;
        }
    }
    for (size_t i = 0; i < m_dimensions.size(); ++i) {
        if (m_figures.dimensions[i].multipleChoice) {
            multipleChoiceChanged = multipleChoiceChanged || !items.isEmpty();
            continue;
        }
        if (m_dimensions[i]->dirty) {
            refreshDimension(i);
        }
    }
    if (multipleChoiceChanged) {
        // Sets of values have no incremental counts: assembled again from the rows in
        // memory (nothing is read from the file).
        QList<Finding> all;
        std::vector<UnitReconciled> reconciled;
        for (const UnitItem &item : m_inputs.items) {
            all.append(m_findingsOfItem.value(item.id));
            const auto it = m_reconciledOfItem.constFind(item.id);
            if (it != m_reconciledOfItem.cend()) {
                reconciled.insert(reconciled.end(), it->begin(), it->end());
            }
        }
        for (size_t i = 0; i < m_dimensions.size(); ++i) {
            DashboardDimension &d = m_figures.dimensions[i];
            if (!d.multipleChoice) {
                continue;
            }
            const AssembledUnits u = assembleUnits(m_inputs.items, m_inputs.raterFindings(d.dimension, all), reconciled,
                                                   m_inputs.assemblyOptions(d.dimension, m_options));
            d.multipleChoiceReport = computeMultipleChoiceAgreement(u.sets);
            d.units = d.multipleChoiceReport.units;
            d.setCounts(u);
        }
    }
    m_figures.provisional = m_figures.provisional || !items.isEmpty();
    return true;
}

bool DashboardUpdater::updateItem(const Project &project, ItemId item, QString *error)
{
    const auto at = m_itemIndex.constFind(qint64(item));
    if (at == m_itemIndex.cend()) {
        return false; // imported since the figures were computed
    }
    std::optional<QList<Finding>> now = project.findingsForItem(item, error);
    if (!now) {
        return false;
    }
    std::vector<UnitReconciled> nowReconciled;
    for (const ReconciledFinding &r : project.reconciledForItem(item)) {
        nowReconciled.push_back({qint64(r.item), r.sourceFindings});
    }
    const QList<Finding> before = m_findingsOfItem.value(qint64(item));
    const std::vector<UnitReconciled> reconciledBefore = m_reconciledOfItem.value(qint64(item));

    // The tables' raters are every rater with a finding (or those asked for): a rater's
    // first or last finding changes them, and needs a full computation.
    QHash<RaterId, qint64> delta;
    for (const Finding &f : before) {
        if (!m_inputs.reconcilers.contains(f.rater)) {
            --delta[f.rater];
        }
    }
    for (const Finding &f : *now) {
        if (!m_inputs.raterName.contains(f.rater)) {
            return false; // a rater added since
        }
        if (!m_inputs.reconcilers.contains(f.rater)) {
            ++delta[f.rater];
        }
    }
    for (auto it = delta.cbegin(); it != delta.cend(); ++it) {
        const qint64 was = m_findingsOfRater.value(it.key());
        if ((was == 0) != (was + it.value() == 0)) {
            return false;
        }
    }

    const std::vector<UnitItem> one{m_inputs.items[size_t(*at)]};
    for (size_t i = 0; i < m_dimensions.size(); ++i) {
        DashboardDimension &d = m_figures.dimensions[i];
        DimensionState &state = *m_dimensions[i];
        if (d.multipleChoice) {
            continue; // assembled again as a whole in updateItems()
        }
        AgreementCounts &counts = *state.counts;
        UnitAssemblyOptions o = m_inputs.assemblyOptions(d.dimension, m_options);
        o.raters = counts.table().raters(); // same indices as the counts
        const AssembledUnits old = assembleUnits(one, m_inputs.raterFindings(d.dimension, before), reconciledBefore, o);
        const AssembledUnits fresh = assembleUnits(one, m_inputs.raterFindings(d.dimension, *now), nowReconciled, o);

        d.addCounts(old, -1);
        d.addCounts(fresh);

        const QStringList oldUnits = old.table.units();
        const QStringList newUnits = fresh.table.units();
        const int raters = counts.raterCount();
        for (const QString &name : oldUnits) {
            if (newUnits.contains(name)) {
                continue;
            }
            const int row = state.unitIndex.value(name, -1);
            if (row < 0) {
                return false; // not as the full computation left it
            }
            for (int r = 0; r < raters; ++r) {
                counts.setRating(row, r, RatingsTable::Missing);
            }
            --state.liveUnits;
        }
        for (int u = 0; u < newUnits.size(); ++u) {
            const QString &name = newUnits.at(u);
            int row = state.unitIndex.value(name, -1);
            if (row < 0) {
                row = counts.addUnit(name);
                state.unitIndex.insert(name, row);
                d.unitItems.append(item);
            }
            if (!oldUnits.contains(name)) {
                ++state.liveUnits;
            }
            for (int r = 0; r < raters; ++r) {
                const int c = fresh.table.rating(u, r);
                int category = RatingsTable::Missing;
                if (c != RatingsTable::Missing) {
                    const QString value = fresh.table.categories().at(c);
                    category = int(counts.table().categories().indexOf(value));
                    if (category < 0) {
                        if (counts.table().isOrdered()) {
                            return false; // its place on the scale is the codebook's
                        }
                        category = counts.addCategory(value);
                    }
                }
                counts.setRating(row, r, category);
            }
        }
        state.dirty = true;
    }
    for (auto it = delta.cbegin(); it != delta.cend(); ++it) {
        m_findingsOfRater[it.key()] += it.value();
    }
    m_findingsOfItem.insert(qint64(item), *now);
    m_reconciledOfItem.insert(qint64(item), nowReconciled);
    return true;
}

void DashboardUpdater::refreshDimension(size_t index)
{
    DashboardDimension &d = m_figures.dimensions[index];
    DimensionState &state = *m_dimensions[index];
    AgreementOptions o = m_figures.filters.agreementOptions();
    o.bootstrapResamples = 0; // the full computation that follows brings the intervals
    d.report = computeAgreement(*state.counts, o);
    // Rows of removed units stay in the counts, all missing: not units.
    d.report.units = state.liveUnits;
    d.units = state.liveUnits;
    d.table = state.counts->table();
    state.dirty = false;
}

} // namespace Concord
