// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace KSyntaxHighlighting {
class Format;
class Repository;
class Theme;
}
class QPalette;
class QTextCharFormat;

namespace Concord {

/// The application's one syntax-definition repository. Loading the definitions is
/// expensive (hundreds of XML files), so every view shares this instance, created on
/// first use and kept until the program exits.
KSyntaxHighlighting::Repository &syntaxRepository();

/// The highlighting theme that fits @p palette (a dark theme on a dark palette).
KSyntaxHighlighting::Theme syntaxThemeFor(const QPalette &palette);

/// The character format of a highlighted token in @p theme: its text colour and
/// bold/italic/underline/strike-out. Backgrounds from the theme are left out (the views
/// draw their own: a diff's added/deleted lines, a report's code block).
QTextCharFormat charFormatFor(const KSyntaxHighlighting::Format &format, const KSyntaxHighlighting::Theme &theme);

} // namespace Concord
