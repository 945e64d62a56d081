// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <utility>

namespace Concord {

/// A range of characters in a line of text.
struct TextRange
{
    int start = 0;
    int length = 0;
    bool operator==(const TextRange &) const = default;
};

/// One row as a diff view shows it: a hunk header, a line of the file, or a filler
/// that keeps the two sides of a side-by-side view aligned.
struct DiffRow
{
    enum class Kind : quint8 {
        HunkHeader, ///< "@@ -a,b +c,d @@ heading"
        Context,
        Added,
        Deleted,
        Filler,    ///< an empty row opposite a line that has no counterpart
        NoNewline, ///< "\ No newline at end of file"
    };
    Kind kind = Kind::Context;
    int oldLine = 0; ///< 0 when the row has no old line
    int newLine = 0; ///< 0 when the row has no new line
    int hunk = -1;   ///< index of the hunk in the file
    QString text;
    QList<TextRange> changes; ///< word-level changes against the paired line

    bool operator==(const DiffRow &) const = default;
};

/// Builds the rows of the diff views from a file's hunks. Plain functions on values, so
/// unified and side-by-side views show the same data and tests can check them directly.
namespace DiffRows {

/// The "@@ -a,b +c,d @@ heading" text of a hunk.
QString hunkHeaderText(const Hunk &hunk);

/// Rows of a unified view: header, then the hunk's lines in patch order.
/// @p hunkLines holds the lines of hunks 0..n-1 (n may be less than file.hunks.size()).
/// With @p maxRows >= 0, stops after that many rows (a huge hunk is never built whole).
QList<DiffRow> unified(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, qsizetype maxRows = -1);

/// Rows of a side-by-side view: old side and new side, always of equal length, deleted
/// and added runs paired line by line and padded with fillers.
std::pair<QList<DiffRow>, QList<DiffRow>> sideBySide(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines,
                                                     qsizetype maxRows = -1);

/// Word-level changes between a deleted line and the added line paired with it: the
/// ranges of @p oldText and @p newText outside their longest common token sequence.
/// Both lists are empty when the lines share nothing but white space (a rewritten line
/// is shown as a whole, not as a mosaic of fragments).
std::pair<QList<TextRange>, QList<TextRange>> wordChanges(QStringView oldText, QStringView newText);

} // namespace DiffRows
} // namespace Concord
