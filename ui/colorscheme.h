// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Concord {

/// The application's colours: the system's, or a light or dark palette of our own (for
/// desktops without a dark theme, and for screenshots). Diff backgrounds and syntax
/// colours follow the palette, so every view switches with it.
enum class ColorScheme { System, Light, Dark };

void applyColorScheme(ColorScheme scheme);
/// "system", "light", "dark" → ColorScheme; an unknown name gives System and sets
/// @p ok to false.
ColorScheme colorSchemeFromName(const QString &name, bool *ok = nullptr);
QString colorSchemeName(ColorScheme scheme);

} // namespace Concord
