// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/projectunits.h"

#include "domain/dataset.h"
#include "domain/finding.h"
#include "domain/item.h"
#include "domain/rater.h"
#include "store/project.h"

#include <QHash>
#include <QSet>

namespace Concord {

const Dimension *gateOf(const Codebook &codebook, const Dimension &dim, QSet<QUuid> *open)
{
    const Dimension *gate = nullptr;
    if (dim.kind == Dimension::Kind::Gate) {
        gate = &dim;
    } else if (!dim.rules.gateKey.isEmpty()) {
        gate = codebook.dimensionByKey(dim.rules.gateKey);
    } else {
        for (const Dimension &d : codebook.dimensions) {
            if (d.kind == Dimension::Kind::Gate) {
                gate = &d;
                break;
            }
        }
    }
    if (!gate) {
        return nullptr;
    }
    if (gate != &dim && !dim.rules.gateOpenValues.isEmpty()) {
        *open = QSet<QUuid>(dim.rules.gateOpenValues.cbegin(), dim.rules.gateOpenValues.cend());
        return gate;
    }
    // The gate's first value ("Yes" by the store's convention) opens.
    const CodebookValue *first = nullptr;
    for (const CodebookValue &v : codebook.values) {
        if (v.dimension == gate->id && v.parent == 0 && v.mergedInto == 0 && (!first || v.order < first->order)) {
            first = &v;
        }
    }
    if (first) {
        open->insert(first->uuid);
    }
    return gate;
}

std::optional<std::vector<DimensionUnits>> assembleProjectUnits(const Project &project,
                                                                const ProjectAgreementOptions &options,
                                                                QString *error)
{
    // Statistics from a partial list would look complete: read with the checked calls.
    const std::optional<Codebook> book = project.codebook(error);
    if (!book) {
        return std::nullopt;
    }
    const Codebook &codebook = *book;
    QList<Dimension> dimensions;
    if (options.dimensions.isEmpty()) {
        dimensions = codebook.dimensions;
    } else {
        for (const QString &key : options.dimensions) {
            const Dimension *d = codebook.dimensionByKey(key);
            if (!d) {
                QStringList keys;
                for (const Dimension &dim : codebook.dimensions) {
                    keys << dim.key;
                }
                *error = QStringLiteral("%1: no dimension \"%2\" (the codebook has: %3)")
                             .arg(project.path(), key, keys.isEmpty() ? QStringLiteral("no dimensions") : keys.join(QStringLiteral(", ")));
                return std::nullopt;
            }
            dimensions.append(*d);
        }
    }

    const QList<Rater> allRaters = project.raters();
    QHash<RaterId, QString> raterName;
    for (const Rater &r : allRaters) {
        raterName.insert(r.id, r.name);
    }
    QStringList raters;
    for (const QString &wanted : options.raters) {
        const Rater *match = nullptr;
        for (const Rater &r : allRaters) {
            if (r.name == wanted || (!r.initials.isEmpty() && r.initials == wanted)) {
                match = &r;
                break;
            }
        }
        if (!match) {
            QStringList known;
            for (const Rater &r : allRaters) {
                known << (r.initials.isEmpty() ? r.name : QStringLiteral("%1 (%2)").arg(r.name, r.initials));
            }
            *error = QStringLiteral("%1: no rater \"%2\" (raters: %3)")
                         .arg(project.path(), wanted, known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        if (!raters.contains(match->name)) {
            raters.append(match->name);
        }
    }
    QSet<RaterId> reconcilers;
    for (const Rater &r : allRaters) {
        if (r.role == Rater::Role::Reconciler) {
            reconcilers.insert(r.id);
        }
    }

    QHash<DatasetId, QString> datasetName;
    const QList<Dataset> datasets = project.datasets();
    for (const Dataset &d : datasets) {
        datasetName.insert(d.id, d.name);
    }
    if (options.dataset && !QStringList(datasetName.values()).contains(*options.dataset)) {
        QStringList names = datasetName.values();
        names.sort();
        *error = QStringLiteral("%1: no dataset \"%2\" (datasets: %3)")
                     .arg(project.path(), *options.dataset, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")));
        return std::nullopt;
    }

    std::vector<UnitItem> items;
    const QList<Item> all = project.items(0, project.itemCount());
    items.reserve(size_t(all.size()));
    for (const Item &item : all) {
        items.push_back({qint64(item.id), item.key.toString(), item.round, datasetName.value(item.dataset)});
    }
    std::vector<UnitReconciled> reconciled;
    const std::optional<QList<ReconciledFinding>> recs = project.reconciledFindings(error);
    if (!recs) {
        return std::nullopt;
    }
    for (const ReconciledFinding &r : *recs) {
        reconciled.push_back({qint64(r.item), r.sourceFindings});
    }
    const std::optional<QList<Finding>> checkedFindings = project.findings(error);
    if (!checkedFindings) {
        return std::nullopt;
    }
    const QList<Finding> &findings = *checkedFindings;

    std::vector<DimensionUnits> result;
    for (const Dimension &dim : std::as_const(dimensions)) {
        QSet<QUuid> open;
        const Dimension *gate = gateOf(codebook, dim, &open);
        QHash<ValueId, QUuid> uuidOfValue;
        QHash<ValueId, QString> nameOfValue;
        UnitAssemblyOptions o;
        for (const CodebookValue &v : codebook.values) {
            uuidOfValue.insert(v.id, v.uuid);
            nameOfValue.insert(v.id, v.name);
            if (v.dimension == dim.id && v.mergedInto == 0) {
                o.categories.append(v.name);
            }
        }
        std::vector<UnitRaterFinding> plain;
        plain.reserve(size_t(findings.size()));
        for (const Finding &f : findings) {
            if (reconcilers.contains(f.rater)) {
                continue;
            }
            UnitRaterFinding p;
            p.uuid = f.uuid;
            p.item = qint64(f.item);
            p.rater = raterName.value(f.rater);
            QStringList names;
            const QList<ValueId> ids = f.valuesOf(dim.id);
            for (ValueId id : ids) {
                names.append(nameOfValue.value(id));
            }
            p.values.insert(dim.key, names);
            if (gate) {
                const QList<ValueId> gateValues = f.valuesOf(gate->id);
                for (ValueId id : gateValues) {
                    p.gatePassed = p.gatePassed || open.contains(uuidOfValue.value(id));
                }
            } else {
                p.gatePassed = true;
            }
            plain.push_back(std::move(p));
        }
        o.dimension = dim.key;
        o.multipleChoice = dim.kind == Dimension::Kind::MultipleChoice;
        o.raters = raters;
        o.round = options.round;
        o.dataset = options.dataset;
        o.gatePassedOnly = options.gatePassedOnly;
        o.emptyAsMissing = options.emptyAsMissing;
        DimensionUnits du;
        du.dimension = dim;
        du.gateKnown = gate != nullptr;
        du.units = assembleUnits(items, plain, reconciled, o);
        if (dim.ordered && dim.kind != Dimension::Kind::MultipleChoice) {
            // The codebook's value order is the scale (numbers sort numerically).
            du.units.table.sortCategories(o.categories);
            du.units.table.setOrdered(true);
        }
        result.push_back(std::move(du));
    }
    return result;
}

} // namespace Concord
