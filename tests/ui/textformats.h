// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the diff and report highlighters left on a block, for the UI tests.

#include <QPalette>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextLayout>

namespace Concord::UiTest {

/// The format the highlighter set at @p pos of @p block (the last range that covers it).
inline QTextCharFormat formatAt(const QTextBlock &block, int pos)
{
    QTextCharFormat format;
    for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
        if (pos >= r.start && pos < r.start + r.length) {
            format = r.format;
        }
    }
    return format;
}

/// A light palette whatever the platform's: white base, black text.
inline QPalette lightPalette()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    return light;
}

} // namespace Concord::UiTest
