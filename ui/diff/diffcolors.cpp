// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffcolors.h"

#include <QPalette>

namespace Concord {

namespace {

QColor mix(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

DiffColors DiffColors::fromPalette(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightnessF() < 0.5;
    // On a dark base the tint must be stronger to be seen, and less saturated to stay
    // readable under light text.
    const QColor green = dark ? QColor(60, 170, 90) : QColor(40, 180, 70);
    const QColor red = dark ? QColor(200, 70, 70) : QColor(230, 60, 60);
    const QColor blue = dark ? QColor(70, 120, 200) : QColor(60, 110, 210);
    DiffColors c;
    c.added = mix(base, green, dark ? 0.22 : 0.16);
    c.deleted = mix(base, red, dark ? 0.22 : 0.14);
    c.addedWord = mix(base, green, dark ? 0.45 : 0.38);
    c.deletedWord = mix(base, red, dark ? 0.45 : 0.34);
    c.header = mix(base, blue, dark ? 0.22 : 0.12);
    c.headerText = mix(text, blue, 0.45);
    c.filler = mix(base, text, dark ? 0.06 : 0.05);
    c.gutter = mix(base, text, 0.04);
    c.gutterText = mix(base, text, 0.55);
    return c;
}

} // namespace Concord
