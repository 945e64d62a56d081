// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/finding.h"
#include "domain/ids.h"

#include <QList>
#include <QString>

#include <optional>

namespace Concord {

class Project;

/// One unit to reconcile for two raters: an item both of them labeled.
struct ReconcileUnit
{
    /// In the order a reconciler walks them.
    enum class Kind : quint8 {
        Disagreement,  ///< the raters' findings differ on a dimension, or they count differently
        ShouldDiscuss, ///< equal answers, but a finding is marked should-discuss or unsure
        Unanimous,     ///< equal answers on every dimension, nothing flagged
    };

    ItemId item = 0;
    Kind kind = Kind::Unanimous;
    int reconciled = 0;             ///< how many final findings the item has
    QList<DimensionId> differing{}; ///< dimensions where findings of the same number differ

    bool isReconciled() const { return reconciled > 0; }
    bool operator==(const ReconcileUnit &) const = default;
};

/// What kind of unit the findings @p ofA and @p ofB of one item make (each rater's
/// findings by ordinal; findings of the same number are compared, values as sets per
/// dimension). @p differing, when given, receives the dimensions that differ.
ReconcileUnit::Kind classifyUnit(const QList<Finding> &ofA, const QList<Finding> &ofB,
                                 QList<DimensionId> *differing = nullptr);

/// Every item that raters @p a and @p b both labeled: disagreements first, then
/// should-discuss, then unanimous units; within a kind in the store's item order. Nothing,
/// with *error, when the project cannot be read.
std::optional<QList<ReconcileUnit>> reconciliationQueue(const Project &project, RaterId a, RaterId b, QString *error);

} // namespace Concord
