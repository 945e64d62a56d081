// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <KSyntaxHighlighting/State>

#include <QList>
#include <QString>

namespace KSyntaxHighlighting {
class Definition;
}

namespace Concord {

/// Where the highlighting of a hunk starts.
struct HunkStart
{
    /// The state to highlight the hunk's first line from, on the old and the new side.
    KSyntaxHighlighting::State state;
    /// Empty when the hunk starts in the file's initial state; otherwise the text that
    /// opens the string or comment the hunk starts inside, e.g. `"""` or `/*`.
    QString opener;
};

/// Chooses where the highlighting of a hunk's @p lines starts with @p definition.
///
/// A hunk is a fragment of a file: it may begin inside a docstring or a block comment
/// opened above it, and highlighted from the file's initial state it is then inverted
/// (the rest of the docstring as code, the code after it as string). The candidates are
/// the initial state and the states inside each multi-line region the language has (its
/// multi-line comment, and `"""`, `'''` and `` ` `` strings where the definition makes
/// them). Each candidate highlights both sides of the hunk with the real definition, and
/// the one with the fewest of these faults wins, the initial state on a tie:
///  - a region closed that was never opened (a folding end without its begin);
///  - the closing text of a comment (`*/`, `-->`) outside any comment or string;
///  - for regions opened and closed by the same text (`"""`): an opening that looks
///    like a closing (text before it and nothing after, `text."""`, or closing
///    punctuation after it, `""")`), a closing that looks like an opening (a word right
///    after it, `"""Summary`), and for a marker alone on its line, an opening after a
///    line that ends a statement or a sentence, or a closing after one ending in `:`,
///    `=`, `(`, `[`, `{` or `,` (a comment line before it says nothing).
/// A candidate wins only if the hunk leaves its region: a hunk that never does (an edit
/// in the middle of a docstring) shows no fault either way and keeps the initial state.
/// So a hunk beginning with the end of a docstring or of a license comment starts inside
/// it, and one that opens a docstring near its end does not. Hunks holding none of the
/// regions' texts are not analysed; at most 1,000 lines per side are.
HunkStart hunkStart(const KSyntaxHighlighting::Definition &definition, const QList<DiffLine> &lines);

} // namespace Concord
