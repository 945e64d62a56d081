// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/multiplechoice.h"
#include "agreement/ratingstable.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>
#include <vector>

namespace Concord {

/// An item as unit assembly needs it (plain values: no store behind them).
struct UnitItem
{
    qint64 id = 0;
    QString label; ///< "owner/name@sha", for unit names and messages
    int round = 0;
    QString dataset;
};

/// One rater's finding: the chosen value names per dimension key.
struct UnitRaterFinding
{
    QUuid uuid;
    qint64 item = 0;
    QString rater;
    QMap<QString, QStringList> values; ///< dimension key → value names (empty: nothing chosen)
    bool gatePassed = false; ///< the rater said the gate question applies (the study's is_func_fix = Yes)
};

/// A reconciled finding and the rater findings it was made from.
struct UnitReconciled
{
    qint64 item = 0;
    QList<QUuid> sources;
};

struct UnitAssemblyOptions
{
    QString dimension;        ///< dimension key
    bool multipleChoice = false;
    QStringList raters;       ///< raters to compare (by name); empty: every rater with a finding
    std::optional<int> round;
    std::optional<QString> dataset;
    bool gatePassedOnly = false; ///< only units where every rater present passed the gate
    bool emptyAsMissing = false; ///< an empty answer is a missing rating instead of "none"
    QString noneValue = QStringLiteral("none");
    /// Categories to declare before any rating, in this order (a codebook's values), so
    /// that unused ones count for Gwet's AC1 and Brennan–Prediger (K is the number of
    /// possible categories).
    QStringList categories;
};

/// The units of one dimension, ready for the statistics.
struct AssembledUnits
{
    RatingsTable table;   ///< single choice
    SetRatingsTable sets; ///< multiple choice
    qint64 linkedUnits = 0; ///< units made from reconciled findings
    qint64 itemUnits = 0;   ///< units made from items where each rater has one finding
    /// Items where a rater has several findings that no reconciled finding links, and
    /// reconciled findings that link several findings of one rater: not guessed.
    qint64 notComparable = 0;
    QStringList notComparableExamples; ///< the first few, for messages
    qint64 excludedByGate = 0; ///< units left out by gatePassedOnly
    /// Items (or reconciled findings) with a finding of only one compared rater: nothing
    /// to compare, so not a unit.
    qint64 singleRated = 0;
    /// Findings of an item that has reconciled findings but that none of them links.
    qint64 unlinkedFindings = 0;
    /// Single-choice dimension with several values in one finding (cannot be compared).
    qint64 multiValued = 0;
};

/// Builds units as issue 4 defines them: each reconciled finding is a unit, with each
/// rater's finding linked to it; on items without links, an item where each rater has at
/// most one finding is a unit (a unit needs findings of at least two compared raters); items where a rater has several unlinked findings are
/// counted as not comparable. Empty answers are the value noneValue (two empty answers
/// agree, as when both raters said "not a fix") unless emptyAsMissing.
AssembledUnits assembleUnits(const std::vector<UnitItem> &items, const std::vector<UnitRaterFinding> &findings,
                             const std::vector<UnitReconciled> &reconciled, const UnitAssemblyOptions &options);

} // namespace Concord
