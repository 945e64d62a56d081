// SPDX-License-Identifier: GPL-3.0-or-later
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QFont>
#include <QPalette>
#include <QTextCharFormat>

namespace Concord {

KSyntaxHighlighting::Repository &syntaxRepository()
{
    static KSyntaxHighlighting::Repository s_repository;
    return s_repository;
}

KSyntaxHighlighting::Theme syntaxThemeFor(const QPalette &palette)
{
    return syntaxRepository().themeForPalette(palette);
}

QTextCharFormat charFormatFor(const KSyntaxHighlighting::Format &format, const KSyntaxHighlighting::Theme &theme)
{
    QTextCharFormat f;
    if (format.hasTextColor(theme)) {
        f.setForeground(format.textColor(theme));
    }
    if (format.isBold(theme)) {
        f.setFontWeight(QFont::Bold);
    }
    if (format.isItalic(theme)) {
        f.setFontItalic(true);
    }
    if (format.isUnderline(theme)) {
        f.setFontUnderline(true);
    }
    if (format.isStrikeThrough(theme)) {
        f.setFontStrikeOut(true);
    }
    return f;
}

} // namespace Concord
