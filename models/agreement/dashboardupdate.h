// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/agreementcounts.h"
#include "agreement/dashboardfigures.h"
#include "agreement/projectunits.h"

#include <QHash>
#include <QList>

#include <memory>
#include <vector>

namespace Concord {

class Project;

/// Keeps the agreement dashboard's figures current while labels change, one item at a
/// time, with the engine's incremental counts: the units of a changed item are assembled
/// again from its findings before and after, and only the ratings that differ go through
/// AgreementCounts::setRating(). A label change then costs one item's rows and a pass over
/// the categories, not a pass over the project.
///
/// What is brought up to date: every dimension's coefficients, units and counts (not
/// comparable, single rated, …), its ratings table (so the confusion matrix, its cells'
/// units and the value frequencies are current). What is not: the bootstrap intervals of
/// alpha (left out), the per-round chart and the decision statistics; the figures say so
/// (DashboardFigures::provisional) until the next full computation replaces them.
class DashboardUpdater
{
public:
    DashboardUpdater();
    ~DashboardUpdater();

    /// Takes over the figures of a full computation (computeDashboardFigures) and what it
    /// read (its @p inputs).
    void reset(const DashboardFigures &figures, ProjectUnitInputs inputs);
    /// Forgets everything: the next update needs a full computation.
    void clear();
    bool isValid() const { return m_valid; }
    const DashboardFilters &filters() const { return m_figures.filters; }

    /// Reads the findings and final findings of @p items from @p project again and brings
    /// the figures up to date. Returns false, and clears the updater, when this cannot be
    /// done item by item: an item the figures do not know (imported since), a rater who
    /// gave a first finding or lost the last one (the raters of the tables change), a new
    /// value of an ordered dimension, or a read error (*error). A full computation is
    /// needed then.
    bool updateItems(const Project &project, const QList<ItemId> &items, QString *error);

    /// The current figures.
    const DashboardFigures &figures() const { return m_figures; }

private:
    struct DimensionState;
    bool updateItem(const Project &project, ItemId item, QString *error);
    void refreshDimension(size_t index);

    bool m_valid = false;
    DashboardFigures m_figures;
    ProjectUnitInputs m_inputs;
    ProjectAgreementOptions m_options;
    QHash<qint64, qsizetype> m_itemIndex;             ///< item id → index in m_inputs.items
    QHash<qint64, QList<Finding>> m_findingsOfItem;    ///< every finding, by item
    QHash<qint64, std::vector<UnitReconciled>> m_reconciledOfItem;
    QHash<RaterId, qint64> m_findingsOfRater;          ///< rater findings (not reconcilers') per rater
    std::vector<std::unique_ptr<DimensionState>> m_dimensions; ///< as m_figures.dimensions
};

} // namespace Concord
