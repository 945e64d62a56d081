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

UnitItem ProjectUnitInputs::unitItem(const Item &item) const
{
    return {qint64(item.id), item.key.toString(), item.round, datasetName.value(item.dataset)};
}

UnitAssemblyOptions ProjectUnitInputs::assemblyOptions(const Dimension &dim, const ProjectAgreementOptions &options) const
{
    UnitAssemblyOptions o;
    for (const CodebookValue &v : codebook.values) {
        if (v.dimension == dim.id && v.mergedInto == 0) {
            o.categories.append(v.name);
        }
    }
    o.dimension = dim.key;
    o.multipleChoice = dim.kind == Dimension::Kind::MultipleChoice;
    o.raters = raters;
    o.round = options.round;
    o.dataset = options.dataset;
    o.gatePassedOnly = options.gatePassedOnly;
    o.emptyAsMissing = options.emptyAsMissing;
    return o;
}

std::vector<UnitRaterFinding> ProjectUnitInputs::raterFindings(const Dimension &dim, const QList<Finding> &list) const
{
    QSet<QUuid> open;
    const Dimension *gate = gateOf(codebook, dim, &open);
    QHash<ValueId, const CodebookValue *> valueOf;
    for (const CodebookValue &v : codebook.values) {
        valueOf.insert(v.id, &v);
    }
    std::vector<UnitRaterFinding> plain;
    plain.reserve(size_t(list.size()));
    for (const Finding &f : list) {
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
            const CodebookValue *v = valueOf.value(id);
            names.append(v ? v->name : QString());
        }
        p.values.insert(dim.key, names);
        if (gate) {
            const QList<ValueId> gateValues = f.valuesOf(gate->id);
            for (ValueId id : gateValues) {
                const CodebookValue *v = valueOf.value(id);
                p.gatePassed = p.gatePassed || open.contains(v ? v->uuid : QUuid());
            }
        } else {
            p.gatePassed = true;
        }
        plain.push_back(std::move(p));
    }
    return plain;
}

std::optional<ProjectUnitInputs> readProjectUnitInputs(const Project &project, const ProjectAgreementOptions &options,
                                                       QString *error)
{
    ProjectUnitInputs in;
    // Statistics from a partial list would look complete: read with the checked calls.
    std::optional<Codebook> book = project.codebook(error);
    if (!book) {
        return std::nullopt;
    }
    in.codebook = std::move(*book);
    const Codebook &codebook = in.codebook;
    if (options.dimensions.isEmpty()) {
        in.dimensions = codebook.dimensions;
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
            in.dimensions.append(*d);
        }
    }
    const QList<Rater> allRaters = project.raters();
    for (const Rater &r : allRaters) {
        in.raterName.insert(r.id, r.name);
        if (r.role == Rater::Role::Reconciler) {
            in.reconcilers.insert(r.id);
        }
    }
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
        if (!in.raters.contains(match->name)) {
            in.raters.append(match->name);
        }
    }
    const QList<Dataset> datasets = project.datasets();
    for (const Dataset &d : datasets) {
        in.datasetName.insert(d.id, d.name);
    }
    if (options.dataset && !QStringList(in.datasetName.values()).contains(*options.dataset)) {
        QStringList names = in.datasetName.values();
        names.sort();
        *error = QStringLiteral("%1: no dataset \"%2\" (datasets: %3)")
                     .arg(project.path(), *options.dataset, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const QList<Item> all = project.items(0, project.itemCount());
    in.items.reserve(size_t(all.size()));
    for (const Item &item : all) {
        in.items.push_back(in.unitItem(item));
    }
    const std::optional<QList<ReconciledFinding>> recs = project.reconciledFindings(error);
    if (!recs) {
        return std::nullopt;
    }
    for (const ReconciledFinding &r : *recs) {
        in.reconciled.push_back({qint64(r.item), r.sourceFindings});
    }
    std::optional<QList<Finding>> checkedFindings = project.findings(error);
    if (!checkedFindings) {
        return std::nullopt;
    }
    in.findings = std::move(*checkedFindings);
    return in;
}

std::vector<DimensionUnits> assembleProjectUnits(const ProjectUnitInputs &in, const ProjectAgreementOptions &options)
{
    std::vector<DimensionUnits> result;
    for (const Dimension &dim : std::as_const(in.dimensions)) {
        QSet<QUuid> open;
        const Dimension *gate = gateOf(in.codebook, dim, &open);
        const UnitAssemblyOptions o = in.assemblyOptions(dim, options);
        DimensionUnits du;
        du.dimension = dim;
        du.gateKnown = gate != nullptr;
        du.units = assembleUnits(in.items, in.raterFindings(dim, in.findings), in.reconciled, o);
        if (dim.ordered && dim.kind != Dimension::Kind::MultipleChoice) {
            // The codebook's value order is the scale (numbers sort numerically).
            du.units.table.sortCategories(o.categories);
            du.units.table.setOrdered(true);
        }
        result.push_back(std::move(du));
    }
    return result;
}

std::optional<std::vector<DimensionUnits>> assembleProjectUnits(const Project &project,
                                                                const ProjectAgreementOptions &options,
                                                                QString *error)
{
    const std::optional<ProjectUnitInputs> in = readProjectUnitInputs(project, options, error);
    if (!in) {
        return std::nullopt;
    }
    return assembleProjectUnits(*in, options);
}

} // namespace Concord
