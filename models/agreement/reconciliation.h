// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/finding.h"
#include "domain/ids.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Concord {

class Project;

/// What "accept all unanimous" would do for two raters: one reconciled finding per unit
/// (an item where each rater has exactly one finding) where both gave equal values on every
/// dimension, linked to both findings, decision Unanimous. Items that already have a
/// reconciled finding are left alone (so a second run adds nothing), and so are items
/// where a rater has several findings (which pairs with which is a reconciler's call).
struct UnanimousPlan
{
    QList<ReconciledFinding> toAdd; ///< ready to store (ordinal 0, sources A's then B's)
    QStringList keys;               ///< the item key of each entry of toAdd
    qint64 alreadyReconciled = 0;   ///< units skipped: the item has a reconciled finding
    qint64 disagreeing = 0;         ///< units where a dimension differs
    qint64 severalFindings = 0;     ///< items where a rater has more than one finding
    qint64 singleRated = 0;         ///< items only one of the two raters labeled
};

/// Plans accept-unanimous for raters @p a and @p b (their values compared by value id per
/// dimension; comments equal in both are kept, differing ones joined with the raters'
/// names; the flags of either finding carry over). Nothing, with *error, when the project
/// cannot be read.
std::optional<UnanimousPlan> planAcceptUnanimous(const Project &project, RaterId a, RaterId b, QString *error);

/// Stores @p plan's findings in one transaction, recorded as decided by @p by (0:
/// unknown) at @p at (now when invalid; a redo passes the first run's time). On error
/// nothing is stored.
bool applyAcceptUnanimous(Project &project, const UnanimousPlan &plan, RaterId by, QString *error,
                          const QDateTime &at = {});

/// The decision type a final answer @p decided is, against the rater findings @p sources it
/// was made from (values compared as sets per dimension, absent = nothing chosen):
/// Unanimous when every source gave exactly it, AdoptedOne when one source did (the others
/// not), Combined when each dimension is some source's answer there, else New.
ReconciledFinding::Decision classifyDecision(const DimensionValues &decided, const QList<DimensionValues> &sources);

} // namespace Concord
