// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/unitassembly.h"
#include "domain/codebook.h"
#include "domain/finding.h"
#include "domain/item.h"

#include <QHash>

#include <QSet>
#include <QUuid>

#include <optional>
#include <vector>

namespace Concord {

class Project;

/// What `concord-cli agreement PROJECT` measures.
struct ProjectAgreementOptions
{
    QStringList dimensions;   ///< keys; empty: every dimension of the codebook
    QStringList raters;       ///< names or initials; empty: every rater (not reconcilers) with a finding
    std::optional<int> round;
    std::optional<QString> dataset;
    bool gatePassedOnly = false;
    bool emptyAsMissing = false;
};

/// The units of one dimension of a project.
struct DimensionUnits
{
    Dimension dimension;
    AssembledUnits units;
    bool gateKnown = true; ///< false when gatePassedOnly was asked but the dimension has no gate
};

/// The gate dimension that opens @p dim (itself for a gate; rules.gateKey, else the
/// codebook's first gate) and, in *open, the uuids of the gate values that open it
/// (rules.gateOpenValues, else the gate's first value). Null when there is no gate.
const Dimension *gateOf(const Codebook &codebook, const Dimension &dim, QSet<QUuid> *open);

/// What assembleProjectUnits() reads from a project, kept so that the units of one item
/// can be assembled again after its findings change (DashboardUpdater).
struct ProjectUnitInputs
{
    Codebook codebook;
    QList<Dimension> dimensions;       ///< the dimensions asked for, in codebook order
    QStringList raters;                ///< the raters asked for, resolved to names (empty: every rater)
    QHash<RaterId, QString> raterName;
    QSet<RaterId> reconcilers;         ///< their findings are not ratings
    QHash<DatasetId, QString> datasetName;
    std::vector<UnitItem> items;       ///< in import order
    std::vector<UnitReconciled> reconciled;
    QList<Finding> findings;

    /// The item as unit assembly sees it (dataset by name).
    UnitItem unitItem(const Item &item) const;
    /// The options assembleUnits() gets for @p dim under @p options.
    UnitAssemblyOptions assemblyOptions(const Dimension &dim, const ProjectAgreementOptions &options) const;
    /// The rater findings among @p findings (reconcilers' left out) as unit assembly sees
    /// them in dimension @p dim: value names, and whether the gate that opens @p dim passed.
    std::vector<UnitRaterFinding> raterFindings(const Dimension &dim, const QList<Finding> &findings) const;
};

/// Reads what assembleProjectUnits() needs, with the store's checked calls. Nothing, with
/// *error naming the unknown dimension, rater or dataset (and what exists), when the
/// options do not fit the project or it cannot be read.
std::optional<ProjectUnitInputs> readProjectUnitInputs(const Project &project, const ProjectAgreementOptions &options,
                                                       QString *error);
/// Assembles the units of every dimension of @p inputs.
std::vector<DimensionUnits> assembleProjectUnits(const ProjectUnitInputs &inputs, const ProjectAgreementOptions &options);

/// The thin adapter between a Project and unit assembly: reads items, raters, the
/// codebook, findings and reconciled findings, and assembles the units of each dimension.
/// Values are compared by codebook value name; a finding passes the gate when its value
/// in the dimension's gate (rules.gateKey, else the codebook's first gate) opens the
/// dimension (rules.gateOpenValues, else the gate's first value, "Yes").
/// Returns nothing, with *error naming the unknown dimension, rater or dataset (and what
/// exists), when the options do not fit the project.
std::optional<std::vector<DimensionUnits>> assembleProjectUnits(const Project &project,
                                                                const ProjectAgreementOptions &options,
                                                                QString *error);

} // namespace Concord
