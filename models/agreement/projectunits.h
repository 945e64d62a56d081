// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/unitassembly.h"
#include "domain/codebook.h"

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
