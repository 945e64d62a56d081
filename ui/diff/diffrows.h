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
        Gap,       ///< unchanged lines of the whole file not shown (FileContext); hunk: the gap's index
    };
    Kind kind = Kind::Context;
    int oldLine = 0; ///< 0 when the row has no old line
    int newLine = 0; ///< 0 when the row has no new line
    int hunk = -1;   ///< index of the hunk in the file
    QString text;
    QList<TextRange> changes;    ///< word-level changes against the paired line (not indentation)
    QList<TextRange> whitespace; ///< white space shown with visible markers: changed, or trailing a changed line
    bool crlf = false;           ///< the line ended with "\r\n"
    bool markLineEnd = false;    ///< show the line end: it differs from the paired line's or the hunk's

    bool operator==(const DiffRow &) const = default;
};

/// Builds the rows of the diff views from a file's hunks. Plain functions on values, so
/// unified and side-by-side views show the same data and tests can check them directly.
namespace DiffRows {

/// How rows are built.
struct Options
{
    /// Lines that differ only in white space (or line ends) are shown as context, as
    /// `git diff -w` shows them, and no white space is marked.
    bool ignoreWhitespace = false;
    /// False: no word-level changes are marked (much quicker on long lines; a view's
    /// first look at a large hunk, replaced by the whole rows when they are built).
    bool wordChanges = true;
    bool operator==(const Options &) const = default;
};

/// The changes marked in one line against the line paired with it.
struct LineChanges
{
    QList<TextRange> changes;    ///< ranges outside the common token sequence, but changed indentation
    QList<TextRange> whitespace; ///< the ranges made only of white space, indentation included
    bool operator==(const LineChanges &) const = default;
};

/// The "@@ -a,b +c,d @@ heading" text of a hunk.
QString hunkHeaderText(const Hunk &hunk);

/// Rows of a unified view: header, then the hunk's lines in patch order.
/// @p hunkLines holds the lines of hunks 0..n-1 (n may be less than file.hunks.size()).
/// With @p maxRows >= 0, stops after that many rows (a huge hunk is never built whole).
QList<DiffRow> unified(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, qsizetype maxRows = -1,
                       const Options &options = {});

/// Rows of a side-by-side view: old side and new side, always of equal length, deleted
/// and added runs paired (pairLines()) and padded with fillers.
std::pair<QList<DiffRow>, QList<DiffRow>> sideBySide(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines,
                                                     qsizetype maxRows = -1, const Options &options = {});

/// The rows unified() makes for hunk @p hunk of @p file alone, from its @p lines: a view
/// can build a large file hunk by hunk and get the same rows as from unified().
QList<DiffRow> unifiedHunk(const FileDiff &file, int hunk, const QList<DiffLine> &lines, qsizetype maxRows = -1,
                           const Options &options = {});

/// The rows sideBySide() makes for hunk @p hunk alone (see unifiedHunk()).
std::pair<QList<DiffRow>, QList<DiffRow>> sideBySideHunk(const FileDiff &file, int hunk, const QList<DiffLine> &lines,
                                                         qsizetype maxRows = -1, const Options &options = {});

/// How a run of @p deleted lines and the @p added lines after it face each other, in
/// order, as (deleted index, added index) with -1 for none: lines equal but for white
/// space face each other (aligned by Myers' diff), the others pair in order between
/// them. Word-level changes are marked between the lines of a pair.
QList<std::pair<qsizetype, qsizetype>> pairLines(const QList<DiffLine> &deleted, const QList<DiffLine> &added);

/// A hunk's lines with the deleted and added lines that differ only in white space
/// turned into context lines (old and new line numbers, the new text). Within each run of
/// deleted lines and the added lines after it, the lines are aligned by Myers' diff on
/// their text without white space.
QList<DiffLine> ignoringWhitespace(const QList<DiffLine> &lines);

/// Word-level changes between a deleted line and the added line paired with it: the
/// ranges of @p oldText and @p newText outside a longest common token sequence (words,
/// runs of white space, single other characters), found by Myers' O(ND) diff. Nothing
/// is marked when the lines share no word and are not equal but for white space (a
/// rewritten line is shown as a whole, not as a mosaic of fragments). With
/// options.ignoreWhitespace, white space is left out of the comparison.
std::pair<LineChanges, LineChanges> wordChanges(QStringView oldText, QStringView newText, const Options &options = {});

/// The range of white space at the end of @p text (empty when there is none).
TextRange trailingWhitespace(QStringView text);

} // namespace DiffRows
} // namespace Concord
