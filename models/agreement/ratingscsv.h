// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/multiplechoice.h"
#include "agreement/ratingstable.h"

#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace Concord {

/// Ratings read from a long-format spreadsheet (columns item, rater, value, and
/// optionally dimension; one row per rating; an empty value is a missing rating).
struct RatingsCsv
{
    RatingsTable table;        ///< single-choice reading
    SetRatingsTable sets;      ///< multiple-choice reading (only when a separator was given)
    qint64 rows = 0;           ///< data rows read
    /// Items where one rater has several rows: which row counts is not guessed, so the
    /// item is left out of the table.
    qint64 notComparable = 0;
    QStringList notComparableItems; ///< the first few, for the message
    QString valueColumn;            ///< header name of the value column
};

struct RatingsCsvOptions
{
    /// When set, a value is a list of choices separated by this character (multiple
    /// choice); the table is filled in `sets`.
    QChar multipleChoiceSeparator;
    /// Ordered categories: numbers sort numerically, other names by first appearance.
    bool ordered = false;
    /// For a long file of several dimensions (columns item,rater,dimension,value, as
    /// `concord-cli export --layout long` writes): only the rows of this dimension. When
    /// empty and the file's dimension column names more than one, reading fails rather
    /// than mixing them.
    QString dimension;
};

/// Reads the file; on failure returns nothing and sets *error to
/// "FILE: line N: cause; nothing was read".
std::optional<RatingsCsv> readRatingsCsv(const QString &path, const RatingsCsvOptions &options, QString *error);
std::optional<RatingsCsv> readRatingsCsv(QIODevice *device, const QString &displayName,
                                         const RatingsCsvOptions &options, QString *error);

} // namespace Concord
