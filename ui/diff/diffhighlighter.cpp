// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffhighlighter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QTextBlockUserData>
#include <QTextDocument>

namespace Concord {

namespace {

// The highlighting state at the end of a block, the start state of the next one.
class BlockState : public QTextBlockUserData
{
public:
    KSyntaxHighlighting::State state;
};

KSyntaxHighlighting::State stateAfter(const QTextBlock &block)
{
    if (!block.isValid()) {
        return {};
    }
    if (auto *data = static_cast<BlockState *>(block.userData())) {
        return data->state;
    }
    return {};
}

} // namespace

DiffHighlighter::DiffHighlighter(QTextDocument *document, const QList<DiffRow> *rows)
    : QSyntaxHighlighter(document)
    , m_rows(rows)
{
}

DiffHighlighter::~DiffHighlighter() = default;

void DiffHighlighter::setColors(const DiffColors &colors)
{
    m_colors = colors;
}

void DiffHighlighter::highlightBlock(const QString &text)
{
    const QTextBlock block = currentBlock();
    const int n = block.blockNumber();
    KSyntaxHighlighting::State state = stateAfter(block.previous());
    auto *data = static_cast<BlockState *>(currentBlockUserData());
    if (!data) {
        data = new BlockState;
        setCurrentBlockUserData(data);
    }
    if (n < 0 || n >= m_rows->size()) {
        data->state = state;
        return;
    }
    const DiffRow &row = m_rows->at(n);
    switch (row.kind) {
    case DiffRow::Kind::HunkHeader: {
        QTextCharFormat f;
        f.setForeground(m_colors.headerText);
        setFormat(0, int(text.size()), f);
        data->state = {};
        return;
    }
    case DiffRow::Kind::NoNewline: {
        QTextCharFormat f;
        f.setForeground(m_colors.gutterText);
        f.setFontItalic(true);
        setFormat(0, int(text.size()), f);
        data->state = state;
        return;
    }
    case DiffRow::Kind::Filler:
        data->state = state;
        return;
    case DiffRow::Kind::Context:
    case DiffRow::Kind::Added:
    case DiffRow::Kind::Deleted:
        break;
    }
    if (definition().isValid()) {
        state = highlightLine(text, state);
    }
    data->state = state;
    if (!row.changes.isEmpty()) {
        const QColor background = row.kind == DiffRow::Kind::Added ? m_colors.addedWord : m_colors.deletedWord;
        for (const TextRange &range : row.changes) {
            const int end = std::min(range.start + range.length, int(text.size()));
            for (int i = std::max(0, range.start); i < end; ++i) {
                QTextCharFormat f = format(i);
                f.setBackground(background);
                setFormat(i, 1, f);
            }
        }
    }
}

void DiffHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    const KSyntaxHighlighting::Theme t = theme();
    if (format.isDefaultTextStyle(t)) {
        return;
    }
    // Backgrounds from the theme are left out: the diff's own added/deleted backgrounds
    // carry the meaning here.
    QTextCharFormat f;
    if (format.hasTextColor(t)) {
        f.setForeground(format.textColor(t));
    }
    if (format.isBold(t)) {
        f.setFontWeight(QFont::Bold);
    }
    if (format.isItalic(t)) {
        f.setFontItalic(true);
    }
    if (format.isUnderline(t)) {
        f.setFontUnderline(true);
    }
    if (format.isStrikeThrough(t)) {
        f.setFontStrikeOut(true);
    }
    setFormat(offset, length, f);
}

} // namespace Concord
