// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QPalette;

namespace Concord {

/// Colours of a diff, derived from the palette so that dark mode works: a tint of green
/// or red mixed into the base colour, stronger for word-level changes. Text drawn on the
/// change backgrounds goes through readableOn(), so that it keeps the WCAG 2 contrast of
/// 4.5:1 whatever colour the syntax theme gives it.
struct DiffColors
{
    QColor added;
    QColor deleted;
    QColor addedWord;
    QColor deletedWord;
    QColor header;
    QColor headerText;
    QColor filler;
    QColor gutter;
    QColor gutterText;
    QColor text;       ///< the palette's text colour: text without a syntax colour
    QColor whitespace; ///< markers drawn on changed white space and line ends
    QColor term;       ///< background of a highlight term's occurrence (diffs and reports)

    static DiffColors fromPalette(const QPalette &palette);

    /// WCAG 2 relative luminance of @p color (0 black .. 1 white).
    static double luminance(const QColor &color);
    /// WCAG 2 contrast ratio of two colours (1 .. 21), in either order.
    static double contrast(const QColor &a, const QColor &b);
    /// The minimum contrast of text on the change backgrounds (WCAG 2 AA, normal text).
    static constexpr double s_minimumContrast = 4.5;
    /// @p foreground, or the least change of it towards white (on a dark background) or
    /// black (on a light one) that reaches @p minimum contrast on @p background.
    static QColor readableOn(const QColor &foreground, const QColor &background, double minimum = s_minimumContrast);
};

} // namespace Concord
