// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffcolors.h"

#include <QPalette>

#include <cmath>

namespace Concord {

namespace {

QColor mix(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

double linear(double channel)
{
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

} // namespace

double DiffColors::luminance(const QColor &color)
{
    const QColor c = color.toRgb();
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

double DiffColors::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor DiffColors::readableOn(const QColor &foreground, const QColor &background, double minimum)
{
    if (contrast(foreground, background) >= minimum) {
        return foreground;
    }
    const QColor white(Qt::white);
    const QColor black(Qt::black);
    const QColor target = contrast(white, background) >= contrast(black, background) ? white : black;
    // Mixing towards the target is not monotonic in contrast when the foreground starts
    // on the other side of the background: walk in small steps.
    constexpr int steps = 50;
    for (int i = 1; i <= steps; ++i) {
        const QColor c = mix(foreground, target, double(i) / steps);
        if (contrast(c, background) >= minimum) {
            return c;
        }
    }
    return target;
}

DiffColors DiffColors::fromPalette(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightnessF() < 0.5;
    // On a dark base the tint must be stronger to be seen, and less saturated to stay
    // readable under light text; it stays dark, so that light syntax colours keep their
    // contrast on it (and readableOn() has little to change).
    const QColor green = dark ? QColor(60, 170, 90) : QColor(40, 180, 70);
    const QColor red = dark ? QColor(200, 70, 70) : QColor(230, 60, 60);
    const QColor blue = dark ? QColor(70, 120, 200) : QColor(60, 110, 210);
    DiffColors c;
    c.added = mix(base, green, dark ? 0.20 : 0.16);
    c.deleted = mix(base, red, dark ? 0.20 : 0.14);
    c.addedWord = mix(base, green, dark ? 0.38 : 0.38);
    c.deletedWord = mix(base, red, dark ? 0.40 : 0.34);
    c.header = mix(base, blue, dark ? 0.22 : 0.12);
    c.headerText = mix(text, blue, 0.45);
    c.filler = mix(base, text, dark ? 0.06 : 0.05);
    c.gutter = mix(base, text, 0.04);
    c.gutterText = mix(base, text, 0.55);
    c.text = text;
    c.whitespace = mix(base, text, 0.6);
    // Amber, unlike any change colour, so a term stands out on green, red and plain
    // lines alike; dark enough on a dark base that light syntax colours stay readable.
    c.term = dark ? mix(base, QColor(230, 170, 30), 0.42) : mix(base, QColor(255, 196, 0), 0.55);
    return c;
}

} // namespace Concord
