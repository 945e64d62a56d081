// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QPalette;

namespace Concord {

/// Background colours of a diff, derived from the palette so that dark mode works:
/// a tint of green or red mixed into the base colour, stronger for word-level changes.
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

    static DiffColors fromPalette(const QPalette &palette);
};

} // namespace Concord
