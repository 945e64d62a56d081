// SPDX-License-Identifier: GPL-3.0-or-later
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QPalette>

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

} // namespace Concord
