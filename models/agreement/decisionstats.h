// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/projectunits.h"
#include "domain/finding.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>
#include <vector>

namespace Concord {

class Project;

/// How the final answers of one dimension relate to the raters' answers they were
/// reconciled from: the decision statistics a study reports ("18% of final categories were
/// chosen by neither rater"). Answers are compared as sets of value names; an empty answer
/// is the answer "none".
struct DecisionCounts
{
    Dimension dimension;
    qint64 reconciled = 0;     ///< reconciled findings of the items in the filter
    qint64 withoutSources = 0; ///< linked to no rater finding: nothing to compare with
    qint64 singleSource = 0;   ///< linked to findings of only one compared rater
    qint64 notComparable = 0;  ///< linked to several findings of one rater
    qint64 excludedByGate = 0; ///< with gatePassedOnly: a linked rater did not pass the gate
    // The comparable ones (linked to one finding of each of at least two raters):
    qint64 agreedKept = 0;      ///< the raters agreed and the final answer is theirs
    qint64 agreedOverruled = 0; ///< the raters agreed, the final answer is another
    qint64 adoptedAny = 0;      ///< the raters disagreed, the final answer is one of theirs
    QMap<QString, qint64> adopted; ///< rater name → disagreements settled with their answer
    qint64 disagreedNeither = 0; ///< the raters disagreed, the final answer is none of theirs
    /// The decision type each reconciled finding records, by name (unanimous, adopted,
    /// combined, new) — what the reconciler said, beside what the values show.
    QMap<QString, qint64> recorded;

    qint64 comparable() const { return agreedKept + agreedOverruled + adoptedAny + disagreedNeither; }
    qint64 neither() const { return agreedOverruled + disagreedNeither; } ///< chosen by no rater
};

/// The decision statistics of every dimension in @p options (raters, round, dataset and
/// gatePassedOnly as for agreement; emptyAsMissing does not apply). Nothing, with *error,
/// when the options do not fit the project or it cannot be read.
std::optional<std::vector<DecisionCounts>> computeDecisionCounts(const Project &project,
                                                                 const ProjectAgreementOptions &options, QString *error);

/// One dimension's counts as JSON, with shares of the comparable findings (null when
/// there are none: 0/0 is undefined, not 0).
QJsonObject decisionCountsToJson(const DecisionCounts &counts);

/// The name a recorded decision type has in JSON and tables.
QString decisionName(ReconciledFinding::Decision decision);
/// The decision type named by decisionName() (or the store's "adopted_one"); nullopt for
/// another text.
std::optional<ReconciledFinding::Decision> decisionFromName(const QString &name);

} // namespace Concord
