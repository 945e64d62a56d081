// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QUuid>

namespace Concord {

/// Chosen values per dimension (one for gate and single choice, any number for multiple
/// choice). A dimension missing from the map, or mapped to an empty list, is empty.
using DimensionValues = QMap<DimensionId, QList<ValueId>>;
/// Free-text comment per dimension (often with a URL). Plain text, never HTML.
using DimensionComments = QMap<DimensionId, QString>;

/// One rater's judgement of an item. A rater may record several findings for one item
/// (a commit that fixes several problems); ordinal orders them.
struct Finding
{
    FindingId id = 0;
    QUuid uuid{};
    ItemId item = 0;
    RaterId rater = 0;
    int ordinal = 0; ///< 0, 1, ... among this rater's findings of this item
    DimensionValues values{};
    DimensionComments comments{};
    bool shouldDiscuss = false;
    bool unsure = false;
    QDateTime created{}; ///< UTC, set by the store
    QDateTime modified{}; ///< UTC, set by the store

    QList<ValueId> valuesOf(DimensionId d) const { return values.value(d); }
    bool operator==(const Finding &) const = default;
};

/// The final decision for an item after reconciliation, linked to the rater findings it
/// came from. Also records decisions that neither rater made.
struct ReconciledFinding
{
    enum class Decision : quint8 {
        Unanimous, ///< all source findings agreed; adopted as is
        AdoptedOne, ///< equals one rater's full answer
        Combined,  ///< parts taken from several raters' answers
        New,       ///< a fresh decision: chosen by none of the raters
    };

    ReconciledId id = 0;
    QUuid uuid{};
    ItemId item = 0;
    int ordinal = 0; ///< 0, 1, ... among the reconciled findings of this item
    DimensionValues values{};
    DimensionComments comments{};
    bool shouldDiscuss = false;
    QList<QUuid> sourceFindings{}; ///< uuids of the rater findings it came from
    Decision decision = Decision::AdoptedOne;
    QString rationale{};
    RaterId decidedBy = 0; ///< the reconciler (or rater) who recorded it; 0 when unknown
    QDateTime decidedAt{};   ///< UTC

    bool operator==(const ReconciledFinding &) const = default;
};

} // namespace Concord
