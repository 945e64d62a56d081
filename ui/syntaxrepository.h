// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace KSyntaxHighlighting {
class Repository;
class Theme;
}
class QPalette;

namespace Concord {

/// The application's one syntax-definition repository. Loading the definitions is
/// expensive (hundreds of XML files), so every view shares this instance, created on
/// first use and kept until the program exits.
KSyntaxHighlighting::Repository &syntaxRepository();

/// The highlighting theme that fits @p palette (a dark theme on a dark palette).
KSyntaxHighlighting::Theme syntaxThemeFor(const QPalette &palette);

} // namespace Concord
