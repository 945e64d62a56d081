// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffcolors.h"
#include "diff/diffrows.h"

#include <KSyntaxHighlighting/AbstractHighlighter>

#include <QSyntaxHighlighter>

namespace Concord {

/// Syntax highlighting for a diff view's document, one block per DiffRow.
/// The highlighting state restarts at each hunk header (as in Kate's diff editor): a
/// hunk shows a fragment of the file, so an unclosed comment or string in one hunk must
/// not colour the next. Within a hunk the old and the new file are highlighted as two
/// streams (a unified view interleaves them). Word-level changes are drawn on top of the
/// syntax formats.
class DiffHighlighter : public QSyntaxHighlighter, public KSyntaxHighlighting::AbstractHighlighter
{
    Q_OBJECT
    Q_INTERFACES(KSyntaxHighlighting::AbstractHighlighter)
    Q_DISABLE_COPY_MOVE(DiffHighlighter)
public:
    /// @p rows must outlive the highlighter; block n of the document shows rows[n].
    DiffHighlighter(QTextDocument *document, const QList<DiffRow> *rows);
    ~DiffHighlighter() override;

    void setColors(const DiffColors &colors);

protected:
    void highlightBlock(const QString &text) override;
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    const QList<DiffRow> *m_rows;
    DiffColors m_colors;
    bool m_discardFormats = false;
};

} // namespace Concord
