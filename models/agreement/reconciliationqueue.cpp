// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/reconciliationqueue.h"

#include "agreement/reconciliation.h"
#include "store/project.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace Concord {

ReconcileUnit::Kind classifyUnit(const QList<Finding> &ofA, const QList<Finding> &ofB, QList<DimensionId> *differing)
{
    bool differs = ofA.size() != ofB.size();
    bool flagged = false;
    QSet<DimensionId> dims;
    const qsizetype n = std::max(ofA.size(), ofB.size());
    for (qsizetype i = 0; i < n; ++i) {
        const DimensionValues x = i < ofA.size() ? ofA.at(i).values : DimensionValues{};
        const DimensionValues y = i < ofB.size() ? ofB.at(i).values : DimensionValues{};
        QSet<DimensionId> here;
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            here.insert(it.key());
        }
        for (auto it = y.cbegin(); it != y.cend(); ++it) {
            here.insert(it.key());
        }
        for (const DimensionId d : std::as_const(here)) {
            // classifyDecision compares as sets, an empty list as absent: the same rule as
            // accept-unanimous.
            if (classifyDecision(DimensionValues{{d, x.value(d)}}, QList<DimensionValues>{DimensionValues{{d, y.value(d)}}})
                != ReconciledFinding::Decision::Unanimous) {
                dims.insert(d);
                differs = true;
            }
        }
    }
    for (const QList<Finding> *side : {&ofA, &ofB}) {
        for (const Finding &f : *side) {
            flagged = flagged || f.shouldDiscuss || f.unsure;
        }
    }
    if (differing) {
        *differing = QList<DimensionId>(dims.cbegin(), dims.cend());
        std::sort(differing->begin(), differing->end());
    }
    if (differs) {
        return ReconcileUnit::Kind::Disagreement;
    }
    return flagged ? ReconcileUnit::Kind::ShouldDiscuss : ReconcileUnit::Kind::Unanimous;
}

std::optional<QList<ReconcileUnit>> reconciliationQueue(const Project &project, RaterId a, RaterId b, QString *error)
{
    const std::optional<QList<Finding>> findings = project.findings(error);
    const std::optional<QList<ReconciledFinding>> reconciled = project.reconciledFindings(error);
    if (!findings || !reconciled) {
        return std::nullopt;
    }
    QHash<ItemId, int> finals;
    for (const ReconciledFinding &r : *reconciled) {
        ++finals[r.item];
    }
    // Findings come by item, then rater, then ordinal: the order within a rater is kept.
    QHash<ItemId, QList<Finding>> ofA;
    QHash<ItemId, QList<Finding>> ofB;
    QList<ItemId> order;
    for (const Finding &f : *findings) {
        if (f.rater != a && f.rater != b) {
            continue;
        }
        if (!ofA.contains(f.item) && !ofB.contains(f.item)) {
            order.append(f.item);
        }
        (f.rater == a ? ofA : ofB)[f.item].append(f);
    }
    QList<ReconcileUnit> units;
    for (const ItemId item : std::as_const(order)) {
        if (!ofA.contains(item) || !ofB.contains(item) || a == b) {
            continue;
        }
        ReconcileUnit unit;
        unit.item = item;
        unit.kind = classifyUnit(ofA.value(item), ofB.value(item), &unit.differing);
        unit.reconciled = finals.value(item);
        units.append(unit);
    }
    std::stable_sort(units.begin(), units.end(), [](const ReconcileUnit &x, const ReconcileUnit &y) {
        return x.kind < y.kind;
    });
    return units;
}

} // namespace Concord
