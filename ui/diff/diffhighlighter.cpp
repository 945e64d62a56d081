// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffhighlighter.h"

#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QTextBlockUserData>
#include <QTextDocument>

namespace Concord {

namespace {

// Lines longer than this are not run through the syntax definition (as editors do: VS Code
// stops tokenizing at 20,000 characters): a base64 image in a notebook's JSON or a minified
// file is one line of tens of kilobytes, and highlighting it would freeze the window for
// nothing a reader looks at. The state passes through unchanged; change backgrounds, word
// changes and term marks are still drawn.
constexpr qsizetype s_longestHighlightedLine = 10'000;

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

DiffHighlighter::DiffHighlighter(QTextDocument *document, const QList<DiffRow> *rows,
                                 const QList<KSyntaxHighlighting::State> *hunkStarts,
                                 const QList<KSyntaxHighlighting::State> *newHunkStarts)
    : QSyntaxHighlighter(document)
    , m_rows(rows)
    , m_hunkStarts(hunkStarts)
    , m_newHunkStarts(newHunkStarts)
{
}

DiffHighlighter::~DiffHighlighter() = default;

void DiffHighlighter::setColors(const DiffColors &colors)
{
    m_colors = colors;
    m_changeFormats.clear();
}

void DiffHighlighter::setTerms(const TermMatcher &terms)
{
    m_terms = terms;
}

void DiffHighlighter::retire()
{
    static const QList<DiffRow> s_noRows;
    static const QList<KSyntaxHighlighting::State> s_noStates;
    m_rows = &s_noRows;
    m_hunkStarts = &s_noStates;
    m_newHunkStarts = &s_noStates;
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
    m_runs.clear();
    switch (kind) {
    case DiffRow::Kind::HunkHeader: {
        QTextCharFormat f;
        f.setForeground(m_colors.headerText);
        setFormat(0, int(text.size()), f);
        // A hunk is a fragment of the file: start from the state chosen for it (see the
        // class comment), not from the end of the previous hunk.
        const KSyntaxHighlighting::State start = row && row->hunk >= 0 ? m_hunkStarts->value(row->hunk)
                                                                      : KSyntaxHighlighting::State();
        data->oldState = start;
        data->newState = row && row->hunk >= 0 && row->hunk < m_newHunkStarts->size() ? m_newHunkStarts->at(row->hunk)
                                                                                      : start;
        return;
    }
    case DiffRow::Kind::Gap: {
        // "⋯ 42 unchanged lines": no code; the states pass through to the next hunk.
        QTextCharFormat f;
        f.setForeground(m_colors.headerText);
        f.setFontItalic(true);
        setFormat(0, int(text.size()), f);
        data->oldState = oldState;
        data->newState = newState;
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
        if (definition().isValid() && text.size() <= s_longestHighlightedLine) {
            oldState = highlightLine(text, oldState);
        }
        break;
    case DiffRow::Kind::Added:
        if (definition().isValid() && text.size() <= s_longestHighlightedLine) {
            newState = highlightLine(text, newState);
        }
        break;
    case DiffRow::Kind::Context:
        if (definition().isValid() && text.size() <= s_longestHighlightedLine) {
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
    applyRuns(text, row);
}

void DiffHighlighter::applyRuns(const QString &text, const DiffRow *row)
{
    const bool changed = row && (row->kind == DiffRow::Kind::Added || row->kind == DiffRow::Kind::Deleted);
    const bool lineOfFile = changed || (row && row->kind == DiffRow::Kind::Context);
    const QList<TermMatch> marks = lineOfFile && !m_terms.isEmpty() ? m_terms.marks(text) : QList<TermMatch>();
    if (!changed && marks.isEmpty()) {
        for (const Run &run : m_runs) {
            setFormat(run.offset, run.length, m_formats.value(run.format));
        }
        return;
    }
    // On a change background or in a term's mark every character is drawn with a readable
    // foreground: each stretch of equal syntax format and background is set once.
    const int n = int(text.size());
    m_formatOf.assign(size_t(n), -1);
    m_inChange.assign(size_t(n), false);
    m_inTerm.assign(size_t(n), false);
    for (const Run &run : m_runs) {
        const int end = std::min(n, run.offset + run.length);
        std::fill(m_formatOf.begin() + std::max(0, run.offset), m_formatOf.begin() + std::max(0, end), run.format);
    }
    if (changed) {
        for (const TextRange &range : row->changes) {
            const int end = std::min(n, range.start + range.length);
            for (int i = std::max(0, range.start); i < end; ++i) {
                m_inChange[size_t(i)] = true;
            }
        }
    }
    for (const TermMatch &mark : marks) {
        const int end = std::min(n, mark.start + mark.length);
        for (int i = std::max(0, mark.start); i < end; ++i) {
            m_inTerm[size_t(i)] = true;
        }
    }
    const Line line = !changed ? Line::Context : (row->kind == DiffRow::Kind::Added ? Line::Added : Line::Deleted);
    int start = 0;
    while (start < n) {
        const int format = m_formatOf[size_t(start)];
        const bool inChange = m_inChange[size_t(start)];
        const bool inTerm = m_inTerm[size_t(start)];
        int end = start + 1;
        while (end < n && m_formatOf[size_t(end)] == format && m_inChange[size_t(end)] == inChange
               && m_inTerm[size_t(end)] == inTerm) {
            ++end;
        }
        const QTextCharFormat &f = formatOn(format, line, inChange, inTerm);
        if (!f.properties().isEmpty()) {
            setFormat(start, end - start, f);
        }
        start = end;
    }
}

const QTextCharFormat &DiffHighlighter::formatOn(int format, Line line, bool inChange, bool inTerm)
{
    // A document uses a few dozen formats; each is made readable on each background once.
    const quint32 key = (quint32(quint16(format)) << 4) | (quint32(line) << 2) | (inChange ? 2 : 0) | (inTerm ? 1 : 0);
    auto it = m_changeFormats.constFind(key);
    if (it != m_changeFormats.cend()) {
        return *it;
    }
    QTextCharFormat f = format >= 0 ? m_formats.value(format) : QTextCharFormat();
    QColor foreground = f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : m_colors.text;
    if (line != Line::Context) {
        const bool added = line == Line::Added;
        const QColor background = added ? (inChange ? m_colors.addedWord : m_colors.added)
                                        : (inChange ? m_colors.deletedWord : m_colors.deleted);
        if (inChange) {
            f.setBackground(background);
        }
        foreground = DiffColors::readableOn(foreground, background);
        if (inTerm && inChange) {
            // The term's mark hides the word change's background: keep the change
            // visible as an underline in its colour.
            f.setUnderlineStyle(QTextCharFormat::SingleUnderline);
            f.setUnderlineColor(background.darker(150));
        }
    }
    if (inTerm) {
        // The colour the character has without the mark, made readable on the mark.
        f.setBackground(m_colors.term);
        foreground = DiffColors::readableOn(foreground, m_colors.term);
    }
    const bool own = f.hasProperty(QTextFormat::ForegroundBrush);
    if (foreground != (own ? f.foreground().color() : m_colors.text)) {
        f.setForeground(foreground);
    }
    it = m_changeFormats.insert(key, f);
    return *it;
}

void DiffHighlighter::setTheme(const KSyntaxHighlighting::Theme &theme)
{
    AbstractHighlighter::setTheme(theme);
    m_formats.clear();
    m_changeFormats.clear();
}

void DiffHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    const KSyntaxHighlighting::Theme t = theme();
    if (m_discardFormats || format.isDefaultTextStyle(t)) {
        return;
    }
    const int id = format.id();
    m_runs.push_back({offset, length, id});
    if (m_formats.contains(id)) {
        return;
    }
    // Backgrounds from the theme are left out: the diff's own added/deleted backgrounds
    // carry the meaning here.
    m_formats.insert(id, charFormatFor(format, t));
}

} // namespace Concord
