// SPDX-License-Identifier: GPL-3.0-or-later
#include "keydelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Concord {

QString KeyDelegate::elidedKey(const QString &key, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(key) <= width) {
        return key;
    }
    const qsizetype cut = std::max(key.lastIndexOf(u'@'), key.lastIndexOf(u'#'));
    if (cut <= 0) {
        return metrics.elidedText(key, Qt::ElideMiddle, width);
    }
    const QString tail = key.mid(cut);
    // The parts measured apart may come to a pixel or two less than together (kerning,
    // rounding): shorten until the whole fits.
    for (int room = width - metrics.horizontalAdvance(tail); room >= metrics.horizontalAdvance(u"x…"_s); room -= 2) {
        const QString shown = metrics.elidedText(key.left(cut), Qt::ElideRight, room) + tail;
        if (metrics.horizontalAdvance(shown) <= width) {
            return shown;
        }
    }
    return metrics.elidedText(tail, Qt::ElideRight, width);
}

void KeyDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    // The margins QCommonStyle leaves on each side of an item's text.
    const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option->widget) + 1;
    option->text = elidedKey(option->text, option->fontMetrics, option->rect.width() - 2 * margin);
}

} // namespace Concord
