// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Concord {

struct Finding;

/// One value of a dimension (a category, a cause...). Values form a tree (parent) and
/// keep their UUID across renames, so labels and other copies of the project follow.
struct CodebookValue
{
    ValueId id = 0;
    QUuid uuid{};
    DimensionId dimension = 0;
    QString name{}; ///< unique among the non-merged values of a dimension
    QString description{};
    int order = 0;       ///< position among its siblings
    ValueId parent = 0;  ///< 0 for a top-level value
    bool deprecated = false; ///< kept for old labels, not offered for new ones
    ValueId mergedInto = 0;  ///< when merged: the value that replaced it (labels moved there)

    bool isActive() const { return !deprecated && mergedInto == 0; }
    bool operator==(const CodebookValue &) const = default;
};

/// The study's validation rules, data of the codebook rather than code.
/// Example (the tf.function study): category has gateKey "is_func_fix",
/// gateOpenValues {uuid of "Yes"}, required; cause has the same gate, required, and
/// exemptKey "category" with exemptValues {Unknown, Test, Other}.
struct DimensionRules
{
    QString gateKey{};             ///< key of a Gate dimension; empty when not gated
    QList<QUuid> gateOpenValues{}; ///< gate values that open this dimension; otherwise it must be empty
    bool required = false;       ///< must have a value when open (or ungated)
    QString exemptKey{};           ///< not required when dimension exemptKey ...
    QList<QUuid> exemptValues{};   ///< ... holds one of these values
    bool allowNewValues = true;  ///< raters may add values while labeling

    bool operator==(const DimensionRules &) const = default;
};

/// One question raters answer per finding. A Gate is a yes/no question that decides
/// whether the gated dimensions apply (the study's is_func_fix); when created, a gate
/// gets the values "Yes" (order 0) and "No" (order 1) unless values are given.
struct Dimension
{
    enum class Kind : quint8 { Gate, SingleChoice, MultipleChoice };

    DimensionId id = 0;
    QString key{}; ///< stable, machine-readable: "is_func_fix", "category"; unique in a project
    QString name{}; ///< shown to people: "Problem category"
    QString description{};
    Kind kind = Kind::SingleChoice;
    int order = 0;
    DimensionRules rules{};
    /// Values are ordered (by their order): agreement adds weighted kappa and ordinal alpha.
    bool ordered = false;
    QUuid uuid{}; ///< made by the store from the key (Identity::dimension) when null; last, so
                  ///< brace-initialised Dimensions of older code keep their meaning

    bool operator==(const Dimension &) const = default;
};

/// The taxonomy: dimensions and their values, as read from a project at one moment.
class Codebook
{
public:
    QList<Dimension> dimensions{}; ///< sorted by order
    QList<CodebookValue> values{}; ///< all values of all dimensions, sorted by dimension, parent, order

    const Dimension *dimension(DimensionId id) const;
    const Dimension *dimensionByKey(const QString &key) const;
    const CodebookValue *value(ValueId id) const;
    const CodebookValue *valueByUuid(const QUuid &uuid) const;
    /// The non-merged value of a dimension with this name (exact match), or nullptr.
    const CodebookValue *valueByName(DimensionId dimension, const QString &name) const;
    /// Values of one dimension, in tree order (parent before children, then by order).
    QList<CodebookValue> valuesOf(DimensionId dimension, bool includeInactive = true) const;
    /// Follows mergedInto links to the value that stands for id today.
    ValueId resolve(ValueId id) const;

    /// Problems of a finding against the rules: empty when valid. Each message names the
    /// dimension, e.g. "category: required when is_func_fix is Yes".
    QStringList validate(const Finding &finding) const;
    /// What keeps a rater's findings of one item (by ordinal) from being marked done:
    /// nothing labeled, an unanswered gate, or validate()'s problems ("Finding 2 — ..."
    /// when there are several). Empty when the item may be done.
    QStringList validateDone(const QList<Finding> &findings) const;
};

} // namespace Concord
