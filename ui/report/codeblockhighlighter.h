// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/highlightterms.h"

#include <KSyntaxHighlighting/AbstractHighlighter>

#include <QColor>
#include <QSyntaxHighlighter>

namespace Concord {

/// Highlights the fenced code blocks of a document made from Markdown ("```python"),
/// each by its own language; other blocks are left alone. A fence's language is
/// looked up as a definition name ("Python"), then as a file extension ("py"); an
/// unknown or missing language leaves the block monospace but uncoloured.
/// Occurrences of the highlight terms are marked in every block, code or prose, on the
/// term background with a foreground that keeps DiffColors::s_minimumContrast.
class CodeBlockHighlighter : public QSyntaxHighlighter, public KSyntaxHighlighting::AbstractHighlighter
{
    Q_OBJECT
    Q_INTERFACES(KSyntaxHighlighting::AbstractHighlighter)
    Q_DISABLE_COPY_MOVE(CodeBlockHighlighter)
public:
    explicit CodeBlockHighlighter(QTextDocument *document);
    ~CodeBlockHighlighter() override;

    /// Marks @p terms on @p background; @p text is the colour of text that has none of
    /// its own (the caller re-highlights).
    void setTerms(const TermMatcher &terms, const QColor &background, const QColor &text);

    /// The language of a fenced block as written after the fence, empty for others.
    static QString languageOf(const QTextBlock &block);

protected:
    void highlightBlock(const QString &text) override;
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    void markTerms(const QString &text);

    TermMatcher m_terms;
    QColor m_termBackground;
    QColor m_text;
};

} // namespace Concord
