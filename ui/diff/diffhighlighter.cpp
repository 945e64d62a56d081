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

// The highlighting states at the end of a block, for the old and the new file. A unified
// view interleaves two files: a deleted line continues the old file's state, an added
// line the new file's, and a context line both. So a string opened on a deleted line
// does not colour the added lines after it.
class BlockState : public QTextBlockUserData
{
public:
    KSyntaxHighlighting::State oldState;
    KSyntaxHighlighting::State newState;
};

const BlockState *stateAfter(const QTextBlock &block)
{
    return block.isValid() ? static_cast<const BlockState *>(block.userData()) : nullptr;
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
    KSyntaxHighlighting::State oldState;
    KSyntaxHighlighting::State newState;
    if (const BlockState *previous = stateAfter(block.previous())) {
        oldState = previous->oldState;
        newState = previous->newState;
    }
    auto *data = static_cast<BlockState *>(currentBlockUserData());
    if (!data) {
        data = new BlockState;
        setCurrentBlockUserData(data);
    }
    const DiffRow *row = n >= 0 && n < m_rows->size() ? &m_rows->at(n) : nullptr;
    const DiffRow::Kind kind = row ? row->kind : DiffRow::Kind::Filler;
    switch (kind) {
    case DiffRow::Kind::HunkHeader: {
        QTextCharFormat f;
        f.setForeground(m_colors.headerText);
        setFormat(0, int(text.size()), f);
        // A hunk is a fragment of the file: start afresh (see the class comment).
        data->oldState = {};
        data->newState = {};
        return;
    }
    case DiffRow::Kind::NoNewline: {
        QTextCharFormat f;
        f.setForeground(m_colors.gutterText);
        f.setFontItalic(true);
        setFormat(0, int(text.size()), f);
        break;
    }
    case DiffRow::Kind::Filler:
        break;
    case DiffRow::Kind::Deleted:
        if (definition().isValid()) {
            oldState = highlightLine(text, oldState);
        }
        break;
    case DiffRow::Kind::Added:
        if (definition().isValid()) {
            newState = highlightLine(text, newState);
        }
        break;
    case DiffRow::Kind::Context:
        if (definition().isValid()) {
            newState = highlightLine(text, newState);
            if (!(oldState == newState)) {
                // The old file's stream differs here: advance it without painting.
                m_discardFormats = true;
                oldState = highlightLine(text, oldState);
                m_discardFormats = false;
            } else {
                oldState = newState;
            }
        }
        break;
    }
    data->oldState = oldState;
    data->newState = newState;
    if (row && !row->changes.isEmpty()) {
        const QColor background = row->kind == DiffRow::Kind::Added ? m_colors.addedWord : m_colors.deletedWord;
        for (const TextRange &range : row->changes) {
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
    if (m_discardFormats || format.isDefaultTextStyle(t)) {
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
