// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/unitassembly.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace Concord {

namespace {

void noteNotComparable(AssembledUnits &out, const QString &what)
{
    ++out.notComparable;
    if (out.notComparableExamples.size() < 10) {
        out.notComparableExamples.append(what);
    }
}

} // namespace

AssembledUnits assembleUnits(const std::vector<UnitItem> &items, const std::vector<UnitRaterFinding> &findings,
                             const std::vector<UnitReconciled> &reconciled, const UnitAssemblyOptions &options)
{
    AssembledUnits out;
    // Raters: the requested ones in the requested order, else everyone with a finding.
    QStringList raters = options.raters;
    if (raters.isEmpty()) {
        for (const UnitRaterFinding &f : findings) {
            if (!raters.contains(f.rater)) {
                raters.append(f.rater);
            }
        }
        raters.sort();
    }
    for (const QString &r : raters) {
        out.table.addRater(r);
        out.sets.addRater(r);
    }
    for (const QString &c : options.categories) {
        out.table.addCategory(c);
        out.sets.addValue(c);
    }
    const QSet<QString> raterSet(raters.cbegin(), raters.cend());

    QHash<qint64, std::vector<const UnitRaterFinding *>> findingsOfItem;
    QHash<QUuid, const UnitRaterFinding *> byUuid;
    for (const UnitRaterFinding &f : findings) {
        if (raterSet.contains(f.rater)) {
            findingsOfItem[f.item].push_back(&f);
            byUuid.insert(f.uuid, &f);
        }
    }
    QHash<qint64, std::vector<const UnitReconciled *>> reconciledOfItem;
    for (const UnitReconciled &r : reconciled) {
        reconciledOfItem[r.item].push_back(&r);
    }

    // One unit: the rater findings by rater index (nullptr: the rater has none).
    auto addUnit = [&](const QString &name, const std::vector<const UnitRaterFinding *> &byRater) {
        if (std::count_if(byRater.begin(), byRater.end(), [](const UnitRaterFinding *f) { return f != nullptr; }) < 2) {
            ++out.singleRated; // nothing to compare
            return false;
        }
        if (options.gatePassedOnly) {
            for (const UnitRaterFinding *f : byRater) {
                if (f && !f->gatePassed) {
                    ++out.excludedByGate;
                    return false;
                }
            }
        }
        if (!options.multipleChoice) {
            for (const UnitRaterFinding *f : byRater) {
                if (f && f->values.value(options.dimension).size() > 1) {
                    ++out.multiValued;
                    return false;
                }
            }
        }
        const int u = out.table.addUnit(name);
        out.sets.addUnit(name);
        for (size_t r = 0; r < byRater.size(); ++r) {
            const UnitRaterFinding *f = byRater[r];
            if (!f) {
                continue;
            }
            const QStringList values = f->values.value(options.dimension);
            if (values.isEmpty() && options.emptyAsMissing) {
                continue;
            }
            if (options.multipleChoice) {
                std::vector<int> chosen;
                for (const QString &v : values) {
                    chosen.push_back(out.sets.addValue(v));
                }
                out.sets.setRating(u, int(r), std::move(chosen)); // empty set: "none of these"
            } else {
                const QString value = values.isEmpty() ? options.noneValue : values.first();
                out.table.setRating(u, int(r), out.table.addCategory(value));
            }
        }
        return true;
    };

    for (const UnitItem &item : items) {
        if (options.round && item.round != *options.round) {
            continue;
        }
        if (options.dataset && item.dataset != *options.dataset) {
            continue;
        }
        const std::vector<const UnitRaterFinding *> itemFindings = findingsOfItem.value(item.id);
        const std::vector<const UnitReconciled *> links = reconciledOfItem.value(item.id);
        // Does a reconciled finding of this item link a finding of a compared rater? Only
        // then are the reconciled findings the units; otherwise the item is.
        bool hasLinks = false;
        for (const UnitReconciled *rec : links) {
            for (const QUuid &source : rec->sources) {
                const UnitRaterFinding *f = byUuid.value(source);
                hasLinks = hasLinks || (f && f->item == item.id);
            }
        }
        if (hasLinks) {
            QSet<const UnitRaterFinding *> linked;
            int ordinal = 0;
            for (const UnitReconciled *rec : links) {
                ++ordinal;
                std::vector<const UnitRaterFinding *> byRater(size_t(raters.size()), nullptr);
                bool several = false;
                bool any = false;
                for (const QUuid &source : rec->sources) {
                    const UnitRaterFinding *f = byUuid.value(source);
                    if (!f || f->item != item.id) {
                        continue;
                    }
                    const size_t r = size_t(raters.indexOf(f->rater));
                    several = several || (byRater[r] != nullptr && byRater[r] != f);
                    byRater[r] = f;
                    linked.insert(f);
                    any = true;
                }
                if (!any) {
                    continue; // made from no compared rater's finding
                }
                const QString name = QStringLiteral("%1 #%2").arg(item.label).arg(ordinal);
                if (several) {
                    noteNotComparable(out, name);
                    continue;
                }
                if (addUnit(name, byRater)) {
                    ++out.linkedUnits;
                }
            }
            for (const UnitRaterFinding *f : itemFindings) {
                if (!linked.contains(f)) {
                    ++out.unlinkedFindings;
                }
            }
            continue;
        }
        if (itemFindings.empty()) {
            continue;
        }
        std::vector<const UnitRaterFinding *> byRater(size_t(raters.size()), nullptr);
        bool several = false;
        for (const UnitRaterFinding *f : itemFindings) {
            const size_t r = size_t(raters.indexOf(f->rater));
            several = several || byRater[r] != nullptr;
            byRater[r] = f;
        }
        if (several) {
            noteNotComparable(out, item.label);
            continue;
        }
        if (addUnit(item.label, byRater)) {
            ++out.itemUnits;
        }
    }
    return out;
}

} // namespace Concord
