// SPDX-License-Identifier: GPL-3.0-or-later
#include "elidedlabel.h"
#include "domain/tooltip.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace Concord {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void ElidedLabel::setFullText(const QString &text)
{
    // One line: a newline or tab in a title would otherwise be drawn as a box or break the
    // line anyway.
    QString line = text;
    for (QChar &c : line) {
        if (c == u'\n' || c == u'\r' || c == u'\t') {
            c = u' ';
        }
    }
    m_fullText = line;
    setToolTip(plainToolTip(line));
    updateShownText();
    updateGeometry();
}

void ElidedLabel::setElideMode(Qt::TextElideMode mode)
{
    m_mode = mode;
    updateShownText();
}

bool ElidedLabel::isElided() const
{
    return text() != m_fullText;
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Any width will do: the text elides.
    return {fontMetrics().horizontalAdvance(u"…"_s) + contentsMargins().left() + contentsMargins().right(),
            QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(m_fullText) + m.left() + m.right(), QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateShownText();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        updateShownText();
    }
}

void ElidedLabel::contextMenuEvent(QContextMenuEvent *event)
{
    // Copy takes the whole text, not the shortened one on screen.
    QMenu menu(this);
    QAction *copy = menu.addAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy"));
    connect(copy, &QAction::triggered, this, [this] {
        QApplication::clipboard()->setText(hasSelectedText() && !isElided() ? selectedText() : m_fullText);
    });
    menu.exec(event->globalPos());
}

void ElidedLabel::updateShownText()
{
    const int width = contentsRect().width();
    const QString shown = width > 0 ? fontMetrics().elidedText(m_fullText, m_mode, width) : m_fullText;
    if (shown != text()) {
        setText(shown);
    }
}

} // namespace Concord
