// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Concord {

/// The CJK fonts installed here, best first, for @p monospace text or not: Noto CJK
/// (Korean first: the corpus's non-Latin titles are Korean and Chinese, and Hangul is
/// the same in every Noto CJK variant), Source Han, WenQuanYi, Nanum, then the fonts
/// Windows and macOS ship.
QStringList installedCjkFamilies(bool monospace);

/// Makes the installed CJK fonts the fallbacks of the application's fonts (the general
/// and the fixed-pitch one), ahead of whatever the platform would pick, so Korean,
/// Chinese and Japanese titles, names and comments show as text, not boxes. Call once,
/// after the QApplication is made and before windows are.
void installFontFallbacks();

} // namespace Concord
