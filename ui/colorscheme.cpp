// SPDX-License-Identifier: GPL-3.0-or-later
#include "colorscheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 47, 50);
    const QColor base(32, 33, 36);
    const QColor text(225, 227, 230);
    const QColor disabled(128, 130, 134);
    const QColor highlight(61, 118, 196);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(40, 42, 45));
    p.setColor(QPalette::ToolTipBase, QColor(55, 57, 61));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 153, 158));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(70, 72, 76));
    p.setColor(QPalette::Midlight, QColor(60, 62, 66));
    p.setColor(QPalette::Mid, QColor(38, 39, 42));
    p.setColor(QPalette::Dark, QColor(24, 25, 27));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 160, 230));
    p.setColor(QPalette::LinkVisited, QColor(160, 130, 220));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    return p;
}

} // namespace

void applyColorScheme(ColorScheme scheme)
{
    // The platform's own style, to return to from Fusion.
    static const QString s_systemStyle = QApplication::style()->name();
    switch (scheme) {
    case ColorScheme::System:
        if (QApplication::style()->name() != s_systemStyle) {
            if (QStyle *style = QStyleFactory::create(s_systemStyle)) {
                QApplication::setStyle(style);
            }
        }
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    case ColorScheme::Light:
        // Fusion's own palette is light everywhere.
        if (QStyle *fusion = QStyleFactory::create(u"Fusion"_s)) {
            QApplication::setStyle(fusion);
        }
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    case ColorScheme::Dark:
        // Native styles may ignore a custom palette; Fusion draws with it.
        if (QStyle *fusion = QStyleFactory::create(u"Fusion"_s)) {
            QApplication::setStyle(fusion);
        }
        QApplication::setPalette(darkPalette());
        return;
    }
}

ColorScheme colorSchemeFromName(const QString &name, bool *ok)
{
    if (ok) {
        *ok = true;
    }
    if (name == "light"_L1) {
        return ColorScheme::Light;
    }
    if (name == "dark"_L1) {
        return ColorScheme::Dark;
    }
    if (name != "system"_L1 && ok) {
        *ok = false;
    }
    return ColorScheme::System;
}

QString colorSchemeName(ColorScheme scheme)
{
    switch (scheme) {
    case ColorScheme::Light:
        return u"light"_s;
    case ColorScheme::Dark:
        return u"dark"_s;
    case ColorScheme::System:
        break;
    }
    return u"system"_s;
}

} // namespace Concord
