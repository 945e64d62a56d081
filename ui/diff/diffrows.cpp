// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffrows.h"

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace Concord::DiffRows {

namespace {

// Above this many token pairs the quadratic LCS is not worth it: fall back to the
// common prefix and suffix, which is what a reader notices first anyway.
constexpr qsizetype s_maxLcsCells = 200'000;

struct Token
{
    int start;
    int length;
    bool space;
    bool word; ///< letters, digits or '_'
};

QList<Token> tokenize(QStringView text)
{
    QList<Token> tokens;
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        const QChar c = text[i];
        int j = i + 1;
        if (c.isLetterOrNumber() || c == u'_') {
            while (j < n && (text[j].isLetterOrNumber() || text[j] == u'_')) {
                ++j;
            }
        } else if (c.isSpace()) {
            while (j < n && text[j].isSpace()) {
                ++j;
            }
        } else if (c.isHighSurrogate() && j < n) {
            ++j;
        }
        tokens.append({i, j - i, c.isSpace(), c.isLetterOrNumber() || c == u'_'});
        i = j;
    }
    return tokens;
}

void addRange(QList<TextRange> &ranges, const Token &t)
{
    if (!ranges.isEmpty() && ranges.last().start + ranges.last().length == t.start) {
        ranges.last().length += t.length;
    } else {
        ranges.append({t.start, t.length});
    }
}

// Removes ranges made only of white space: a change in indentation next to a real
// change is shown, white space alone is noise.
QList<TextRange> dropBlankRanges(const QList<TextRange> &ranges, QStringView text)
{
    QList<TextRange> out;
    for (const TextRange &r : ranges) {
        if (!text.mid(r.start, r.length).trimmed().isEmpty()) {
            out.append(r);
        }
    }
    return out;
}

} // namespace

std::pair<QList<TextRange>, QList<TextRange>> wordChanges(QStringView oldText, QStringView newText)
{
    const QList<Token> a = tokenize(oldText);
    const QList<Token> b = tokenize(newText);
    auto same = [&](const Token &x, const Token &y) {
        return oldText.mid(x.start, x.length) == newText.mid(y.start, y.length);
    };
    // Strip the common prefix and suffix first: most edits touch a small part of a line.
    qsizetype pre = 0;
    while (pre < a.size() && pre < b.size() && same(a[pre], b[pre])) {
        ++pre;
    }
    qsizetype suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && same(a[a.size() - 1 - suf], b[b.size() - 1 - suf])) {
        ++suf;
    }
    const qsizetype n = a.size() - pre - suf;
    const qsizetype m = b.size() - pre - suf;
    std::vector<bool> keepA(size_t(a.size()), true);
    std::vector<bool> keepB(size_t(b.size()), true);
    for (qsizetype i = 0; i < n; ++i) {
        keepA[size_t(pre + i)] = false;
    }
    for (qsizetype j = 0; j < m; ++j) {
        keepB[size_t(pre + j)] = false;
    }
    if (n > 0 && m > 0 && n * m <= s_maxLcsCells) {
        // Classic LCS table over the middle tokens.
        std::vector<int> dp(size_t((n + 1) * (m + 1)), 0);
        auto at = [&](qsizetype i, qsizetype j) -> int & {
            return dp[size_t(i * (m + 1) + j)];
        };
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                at(i, j) = same(a[pre + i], b[pre + j]) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n && j < m) {
            if (same(a[pre + i], b[pre + j])) {
                keepA[size_t(pre + i)] = true;
                keepB[size_t(pre + j)] = true;
                ++i;
                ++j;
            } else if (at(i + 1, j) >= at(i, j + 1)) {
                ++i;
            } else {
                ++j;
            }
        }
    }
    // Lines are related when they share a word; shared white space or punctuation alone
    // (a ':' at the end of two unrelated lines) would only paint noise.
    bool related = false;
    QList<TextRange> oldRanges;
    QList<TextRange> newRanges;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (keepA[size_t(i)]) {
            related = related || a[i].word;
        } else {
            addRange(oldRanges, a[i]);
        }
    }
    for (qsizetype j = 0; j < b.size(); ++j) {
        if (!keepB[size_t(j)]) {
            addRange(newRanges, b[j]);
        }
    }
    if (!related) {
        return {};
    }
    return {dropBlankRanges(oldRanges, oldText), dropBlankRanges(newRanges, newText)};
}

QString hunkHeaderText(const Hunk &hunk)
{
    QString text = u"@@ -"_s + QString::number(hunk.oldStart);
    if (hunk.oldCount != 1) {
        text += u',' + QString::number(hunk.oldCount);
    }
    text += u" +"_s + QString::number(hunk.newStart);
    if (hunk.newCount != 1) {
        text += u',' + QString::number(hunk.newCount);
    }
    text += u" @@"_s;
    if (!hunk.heading.isEmpty()) {
        text += u' ' + hunk.heading;
    }
    return text;
}

namespace {

DiffRow rowFor(const DiffLine &line, int hunk)
{
    DiffRow row;
    row.hunk = hunk;
    row.text = line.text;
    switch (line.kind) {
    case DiffLine::Kind::Context:
        row.kind = DiffRow::Kind::Context;
        row.oldLine = line.oldLine;
        row.newLine = line.newLine;
        break;
    case DiffLine::Kind::Added:
        row.kind = DiffRow::Kind::Added;
        row.newLine = line.newLine;
        break;
    case DiffLine::Kind::Deleted:
        row.kind = DiffRow::Kind::Deleted;
        row.oldLine = line.oldLine;
        break;
    case DiffLine::Kind::NoNewline:
        row.kind = DiffRow::Kind::NoNewline;
        row.text = QStringLiteral("\\ No newline at end of file");
        break;
    }
    return row;
}

DiffRow headerRow(const Hunk &hunk, int index)
{
    DiffRow row;
    row.kind = DiffRow::Kind::HunkHeader;
    row.hunk = index;
    row.text = hunkHeaderText(hunk);
    return row;
}

DiffRow fillerRow(int hunk)
{
    DiffRow row;
    row.kind = DiffRow::Kind::Filler;
    row.hunk = hunk;
    return row;
}

// Splits a hunk's lines into runs: a context line alone, or a change block made of the
// deleted lines then the added lines that follow them (with their "\ No newline" marks).
struct Block
{
    QList<DiffLine> deleted;
    QList<DiffLine> added;
    QList<DiffLine> context;
};

QList<Block> blocksOf(const QList<DiffLine> &lines, qsizetype maxLines)
{
    QList<Block> blocks;
    DiffLine::Kind previous = DiffLine::Kind::Context;
    const qsizetype count = maxLines < 0 ? lines.size() : std::min(maxLines, lines.size());
    for (qsizetype i = 0; i < count; ++i) {
        const DiffLine &line = lines[i];
        switch (line.kind) {
        case DiffLine::Kind::Context:
            blocks.append(Block{{}, {}, {line}});
            break;
        case DiffLine::Kind::Deleted:
            if (blocks.isEmpty() || !blocks.last().context.isEmpty() || !blocks.last().added.isEmpty()) {
                blocks.append(Block{});
            }
            blocks.last().deleted.append(line);
            break;
        case DiffLine::Kind::Added:
            if (blocks.isEmpty() || !blocks.last().context.isEmpty()) {
                blocks.append(Block{});
            }
            blocks.last().added.append(line);
            break;
        case DiffLine::Kind::NoNewline:
            if (blocks.isEmpty()) {
                blocks.append(Block{});
            }
            if (previous == DiffLine::Kind::Deleted) {
                blocks.last().deleted.append(line);
            } else if (previous == DiffLine::Kind::Added) {
                blocks.last().added.append(line);
            } else {
                blocks.last().context.append(line);
            }
            break;
        }
        previous = line.kind;
    }
    return blocks;
}

void pairChanges(DiffRow &oldRow, DiffRow &newRow)
{
    if (oldRow.kind != DiffRow::Kind::Deleted || newRow.kind != DiffRow::Kind::Added) {
        return;
    }
    auto [oldRanges, newRanges] = wordChanges(oldRow.text, newRow.text);
    oldRow.changes = std::move(oldRanges);
    newRow.changes = std::move(newRanges);
}

} // namespace

QList<DiffRow> unified(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, qsizetype maxRows)
{
    QList<DiffRow> rows;
    const int count = int(std::min(file.hunks.size(), hunkLines.size()));
    for (int h = 0; h < count && (maxRows < 0 || rows.size() < maxRows); ++h) {
        rows.append(headerRow(file.hunks[h], h));
        // Never more lines than rows still wanted: a 300,000-line hunk costs what is shown.
        const qsizetype wanted = maxRows < 0 ? -1 : maxRows - rows.size();
        for (const Block &block : blocksOf(hunkLines[h], wanted)) {
            for (const DiffLine &line : block.context) {
                rows.append(rowFor(line, h));
            }
            const qsizetype firstDeleted = rows.size();
            for (const DiffLine &line : block.deleted) {
                rows.append(rowFor(line, h));
            }
            const qsizetype firstAdded = rows.size();
            for (const DiffLine &line : block.added) {
                rows.append(rowFor(line, h));
            }
            const qsizetype pairs = std::min(firstAdded - firstDeleted, rows.size() - firstAdded);
            for (qsizetype i = 0; i < pairs; ++i) {
                pairChanges(rows[firstDeleted + i], rows[firstAdded + i]);
            }
        }
    }
    if (maxRows >= 0 && rows.size() > maxRows) {
        rows.resize(maxRows);
    }
    return rows;
}

std::pair<QList<DiffRow>, QList<DiffRow>> sideBySide(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, qsizetype maxRows)
{
    QList<DiffRow> left;
    QList<DiffRow> right;
    const int count = int(std::min(file.hunks.size(), hunkLines.size()));
    for (int h = 0; h < count && (maxRows < 0 || left.size() < maxRows); ++h) {
        left.append(headerRow(file.hunks[h], h));
        right.append(headerRow(file.hunks[h], h));
        // Each line makes at most one row per side.
        const qsizetype wanted = maxRows < 0 ? -1 : maxRows - left.size();
        for (const Block &block : blocksOf(hunkLines[h], wanted)) {
            for (const DiffLine &line : block.context) {
                left.append(rowFor(line, h));
                right.append(rowFor(line, h));
            }
            const qsizetype rows = std::max(block.deleted.size(), block.added.size());
            for (qsizetype i = 0; i < rows; ++i) {
                DiffRow l = i < block.deleted.size() ? rowFor(block.deleted[i], h) : fillerRow(h);
                DiffRow r = i < block.added.size() ? rowFor(block.added[i], h) : fillerRow(h);
                pairChanges(l, r);
                left.append(std::move(l));
                right.append(std::move(r));
            }
        }
    }
    if (maxRows >= 0 && left.size() > maxRows) {
        left.resize(maxRows);
        right.resize(maxRows);
    }
    return {left, right};
}

} // namespace Concord::DiffRows
