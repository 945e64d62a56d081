// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffcolors.h"
#include "diff/diffrows.h"
#include "domain/highlightterms.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/State>

#include <QHash>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace Concord {

/// Syntax highlighting for a diff view's document, one block per DiffRow.
/// Each hunk starts from the state chosen for it (hunkStart(): the file's initial state,
/// or inside the docstring or comment the hunk begins in), never from where the previous
/// hunk ended: a hunk shows a fragment of the file, so an unclosed comment or string in
/// one hunk must not colour the next. Within a hunk the old and the new file are
/// highlighted as two streams (a unified view interleaves them). Word-level changes are
/// drawn on top of the syntax formats, and text on a change background keeps a contrast
/// of at least DiffColors::s_minimumContrast. Occurrences of the highlight terms get the
/// term background on top of all that (a changed word under a term keeps an underline in
/// its change colour), with the same contrast.
class DiffHighlighter : public QSyntaxHighlighter, public KSyntaxHighlighting::AbstractHighlighter
{
    Q_OBJECT
    Q_INTERFACES(KSyntaxHighlighting::AbstractHighlighter)
    Q_DISABLE_COPY_MOVE(DiffHighlighter)
public:
    /// @p rows, @p hunkStarts and @p newHunkStarts must outlive the highlighter; block n
    /// of the document shows rows[n], and hunk h starts in hunkStarts[h] (the initial
    /// state when absent), on the new side in newHunkStarts[h] when that is given (the
    /// real states of a whole file differ where an earlier hunk changed a comment).
    DiffHighlighter(QTextDocument *document, const QList<DiffRow> *rows,
                    const QList<KSyntaxHighlighting::State> *hunkStarts,
                    const QList<KSyntaxHighlighting::State> *newHunkStarts);
    ~DiffHighlighter() override;

    void setColors(const DiffColors &colors);
    /// Marks the occurrences of @p terms (the caller re-highlights).
    void setTerms(const TermMatcher &terms);
    void setTheme(const KSyntaxHighlighting::Theme &theme) override;
    /// Lets go of the rows and states it was given (they may change or go away): from now
    /// on it highlights nothing, while its document is emptied and deleted.
    void retire();

protected:
    void highlightBlock(const QString &text) override;
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    struct Run
    {
        int offset;
        int length;
        int format; ///< KSyntaxHighlighting::Format::id()
    };
    void applyRuns(const QString &text, const DiffRow *row);
    enum class Line : quint8 { Context, Added, Deleted };
    /// Syntax format @p format (-1: none) as drawn on a @p line's background, in a word
    /// change or not, in a term's mark or not.
    const QTextCharFormat &formatOn(int format, Line line, bool inChange, bool inTerm);

    const QList<DiffRow> *m_rows;
    const QList<KSyntaxHighlighting::State> *m_hunkStarts;
    const QList<KSyntaxHighlighting::State> *m_newHunkStarts;
    DiffColors m_colors;
    TermMatcher m_terms;
    bool m_discardFormats = false;
    std::vector<Run> m_runs;                         ///< the syntax formats of the current block
    std::vector<int> m_formatOf;                     ///< per character of the current block: its format, or -1
    std::vector<bool> m_inChange;                    ///< per character of the current block: in a word change
    std::vector<bool> m_inTerm;                      ///< per character of the current block: in a term's mark
    QHash<int, QTextCharFormat> m_formats;           ///< by Format::id(), in the current theme
    QHash<quint32, QTextCharFormat> m_changeFormats; ///< see formatOn()
};

} // namespace Concord
