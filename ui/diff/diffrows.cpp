// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffrows.h"

#include "diff/myersdiff.h"

#include <algorithm>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace Concord::DiffRows {

namespace {

// Aligning two long, very different lines is not worth more than about this many steps
// of Myers' algorithm; what could not be aligned within it is marked changed.
constexpr qsizetype s_wordDiffBudget = 20'000'000;

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

// Appends the token's range, joining it to the last range when only white space (or
// nothing) lies between them, so "foo bar" changed is one range, not two.
void addRange(QList<TextRange> &ranges, const Token &t, QStringView text)
{
    if (!ranges.isEmpty()) {
        TextRange &last = ranges.last();
        const int end = last.start + last.length;
        if (end <= t.start && text.mid(end, t.start - end).trimmed().isEmpty()) {
            last.length = t.start + t.length - last.start;
            return;
        }
    }
    ranges.append({t.start, t.length});
}

bool isBlank(QStringView text, const TextRange &r)
{
    return text.mid(r.start, r.length).trimmed().isEmpty();
}

QString withoutWhitespace(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace()) {
            out.append(c);
        }
    }
    return out;
}

} // namespace

std::pair<LineChanges, LineChanges> wordChanges(QStringView oldText, QStringView newText, const Options &options)
{
    QList<Token> a = tokenize(oldText);
    QList<Token> b = tokenize(newText);
    if (options.ignoreWhitespace) {
        a.removeIf([](const Token &t) { return t.space; });
        b.removeIf([](const Token &t) { return t.space; });
    }
    std::vector<QStringView> as;
    std::vector<QStringView> bs;
    as.reserve(size_t(a.size()));
    bs.reserve(size_t(b.size()));
    for (const Token &t : std::as_const(a)) {
        as.push_back(oldText.mid(t.start, t.length));
    }
    for (const Token &t : std::as_const(b)) {
        bs.push_back(newText.mid(t.start, t.length));
    }
    const qsizetype total = a.size() + b.size();
    const qsizetype maxCost = std::max<qsizetype>(64, s_wordDiffBudget / std::max<qsizetype>(1, total));
    const std::vector<Myers::Match> common = Myers::commonSubsequence(
        a.size(), b.size(),
        [&](qsizetype i, qsizetype j) {
            return as[size_t(i)] == bs[size_t(j)];
        },
        maxCost);
    std::vector<bool> keepA(size_t(a.size()), false);
    std::vector<bool> keepB(size_t(b.size()), false);
    // Lines are related when they share a word; shared white space or punctuation alone
    // (a ':' at the end of two unrelated lines) would only paint noise.
    bool related = false;
    for (const auto &[i, j] : common) {
        keepA[size_t(i)] = true;
        keepB[size_t(j)] = true;
        related = related || a[i].word;
    }
    related = related || withoutWhitespace(oldText) == withoutWhitespace(newText);
    if (!related) {
        return {};
    }
    auto collect = [](const QList<Token> &tokens, const std::vector<bool> &keep, QStringView text) {
        LineChanges out;
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            if (!keep[size_t(i)]) {
                addRange(out.changes, tokens[i], text);
            }
        }
        // Changed indentation is marked, not painted as a change: a reindented block
        // would otherwise be a column of change backgrounds.
        out.changes.removeIf([&](const TextRange &r) {
            if (!isBlank(text, r)) {
                return false;
            }
            out.whitespace.append(r);
            return r.start == 0;
        });
        return out;
    };
    return {collect(a, keepA, oldText), collect(b, keepB, newText)};
}

TextRange trailingWhitespace(QStringView text)
{
    qsizetype start = text.size();
    while (start > 0 && text[start - 1].isSpace()) {
        --start;
    }
    return{int(start), int(text.size() - start)};
}

namespace {

// The deleted and added lines of a run that are equal but for white space, aligned by
// Myers' diff (a "\ No newline" mark matches nothing).
std::vector<Myers::Match> sameButForWhitespace(const QList<DiffLine> &deleted, const QList<DiffLine> &added)
{
    if (deleted.isEmpty() || added.isEmpty()) {
        return {};
    }
    QStringList oldKeys;
    QStringList newKeys;
    oldKeys.reserve(deleted.size());
    newKeys.reserve(added.size());
    for (const DiffLine &line : deleted) {
        oldKeys.append(line.kind == DiffLine::Kind::NoNewline ? QString() : withoutWhitespace(line.text));
    }
    for (const DiffLine &line : added) {
        newKeys.append(line.kind == DiffLine::Kind::NoNewline ? QString() : withoutWhitespace(line.text));
    }
    return Myers::commonSubsequence(
        deleted.size(), added.size(),
        [&](qsizetype x, qsizetype y) {
            return deleted[x].kind != DiffLine::Kind::NoNewline && added[y].kind != DiffLine::Kind::NoNewline
                && oldKeys[x] == newKeys[y];
        },
        std::max<qsizetype>(64, s_wordDiffBudget / (deleted.size() + added.size())));
}

} // namespace

QList<std::pair<qsizetype, qsizetype>> pairLines(const QList<DiffLine> &deleted, const QList<DiffLine> &added)
{
    QList<std::pair<qsizetype, qsizetype>> rows;
    qsizetype x = 0;
    qsizetype y = 0;
    // Between two aligned lines, the others face each other in order.
    auto gapTo = [&](qsizetype toX, qsizetype toY) {
        while (x < toX || y < toY) {
            rows.append({x < toX ? x++ : -1, y < toY ? y++ : -1});
        }
    };
    for (const auto &[mx, my] : sameButForWhitespace(deleted, added)) {
        gapTo(mx, my);
        rows.append({x++, y++});
    }
    gapTo(deleted.size(), added.size());
    return rows;
}

QList<DiffLine> ignoringWhitespace(const QList<DiffLine> &lines)
{
    QList<DiffLine> out;
    out.reserve(lines.size());
    qsizetype i = 0;
    while (i < lines.size()) {
        if (lines[i].kind == DiffLine::Kind::Context) {
            out.append(lines[i++]);
            continue;
        }
        // A run of changed lines: the deleted ones (with their "\ No newline" marks), then
        // the added ones.
        QList<DiffLine> deleted;
        QList<DiffLine> added;
        DiffLine::Kind previous = DiffLine::Kind::Context;
        while (i < lines.size() && lines[i].kind != DiffLine::Kind::Context) {
            const DiffLine &line = lines[i];
            const DiffLine::Kind kind = line.kind == DiffLine::Kind::NoNewline ? previous : line.kind;
            if (kind == DiffLine::Kind::Deleted && !added.isEmpty()) {
                break; // the next run starts
            }
            (kind == DiffLine::Kind::Added ? added : deleted).append(line);
            previous = kind;
            ++i;
        }
        qsizetype x = 0;
        qsizetype y = 0;
        auto flushTo = [&](qsizetype toX, qsizetype toY) {
            while (x < toX) {
                out.append(deleted[x++]);
            }
            while (y < toY) {
                out.append(added[y++]);
            }
        };
        for (const auto &[mx, my] : sameButForWhitespace(deleted, added)) {
            flushTo(mx, my);
            DiffLine same = added[my];
            same.kind = DiffLine::Kind::Context;
            same.oldLine = deleted[mx].oldLine;
            ++x;
            ++y;
            out.append(same);
        }
        flushTo(deleted.size(), added.size());
    }
    return out;
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

// The line end most context lines of a hunk have: std::nullopt when it has none.
std::optional<bool> contextLineEnd(const QList<DiffLine> &lines)
{
    qsizetype crlf = 0;
    qsizetype lf = 0;
    for (const DiffLine &line : lines) {
        if (line.kind == DiffLine::Kind::Context) {
            (line.crlf ? crlf : lf) += 1;
        }
    }
    if (crlf + lf == 0) {
        return std::nullopt;
    }
    return crlf > lf;
}

// What rows of one hunk are built from: its lines (cut to what is wanted, white space
// folded away when asked) and the line end of its context.
struct HunkInput
{
    QList<DiffLine> lines;
    std::optional<bool> crlf;
};

HunkInput hunkInput(const QList<DiffLine> &lines, qsizetype wanted, const Options &options)
{
    HunkInput in;
    in.lines = wanted < 0 || wanted >= lines.size() ? lines : lines.mid(0, wanted);
    if (options.ignoreWhitespace) {
        in.lines = ignoringWhitespace(in.lines);
    } else {
        in.crlf = contextLineEnd(in.lines);
    }
    return in;
}

DiffRow rowFor(const DiffLine &line, int hunk, const Options &options, std::optional<bool> hunkCrlf)
{
    DiffRow row;
    row.hunk = hunk;
    row.text = line.text;
    row.crlf = line.crlf;
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
        row.crlf = false;
        break;
    }
    if ((row.kind == DiffRow::Kind::Added || row.kind == DiffRow::Kind::Deleted) && !options.ignoreWhitespace) {
        // White space at the end of a changed line is invisible otherwise: a removed line
        // of spaces would look like a removed empty line.
        const TextRange trailing = trailingWhitespace(row.text);
        if (trailing.length > 0) {
            row.whitespace.append(trailing);
        }
        row.markLineEnd = hunkCrlf && *hunkCrlf != row.crlf;
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

QList<Block> blocksOf(const QList<DiffLine> &lines)
{
    QList<Block> blocks;
    DiffLine::Kind previous = DiffLine::Kind::Context;
    for (const DiffLine &line : lines) {
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

void appendRange(QList<TextRange> &ranges, const TextRange &range)
{
    if (!ranges.contains(range)) {
        ranges.append(range);
    }
}

void pairChanges(DiffRow &oldRow, DiffRow &newRow, const Options &options)
{
    if (oldRow.kind != DiffRow::Kind::Deleted || newRow.kind != DiffRow::Kind::Added) {
        return;
    }
    if (!options.wordChanges) {
        if (!options.ignoreWhitespace && oldRow.crlf != newRow.crlf) {
            oldRow.markLineEnd = true;
            newRow.markLineEnd = true;
        }
        return;
    }
    auto [oldChanges, newChanges] = wordChanges(oldRow.text, newRow.text, options);
    oldRow.changes = std::move(oldChanges.changes);
    newRow.changes = std::move(newChanges.changes);
    for (const TextRange &r : std::as_const(oldChanges.whitespace)) {
        appendRange(oldRow.whitespace, r);
    }
    for (const TextRange &r : std::as_const(newChanges.whitespace)) {
        appendRange(newRow.whitespace, r);
    }
    if (!options.ignoreWhitespace && oldRow.crlf != newRow.crlf) {
        oldRow.markLineEnd = true;
        newRow.markLineEnd = true;
    }
}

} // namespace

QList<DiffRow> unifiedHunk(const FileDiff &file, int hunk, const QList<DiffLine> &lines, qsizetype maxRows,
                           const Options &options)
{
    QList<DiffRow> rows;
    if (hunk < 0 || hunk >= file.hunks.size() || maxRows == 0) {
        return rows;
    }
    rows.append(headerRow(file.hunks[hunk], hunk));
    // Never more lines than rows still wanted: a 300,000-line hunk costs what is shown.
    const HunkInput in = hunkInput(lines, maxRows < 0 ? -1 : maxRows - rows.size(), options);
    for (const Block &block : blocksOf(in.lines)) {
        for (const DiffLine &line : block.context) {
            rows.append(rowFor(line, hunk, options, in.crlf));
        }
        const qsizetype firstDeleted = rows.size();
        for (const DiffLine &line : block.deleted) {
            rows.append(rowFor(line, hunk, options, in.crlf));
        }
        const qsizetype firstAdded = rows.size();
        for (const DiffLine &line : block.added) {
            rows.append(rowFor(line, hunk, options, in.crlf));
        }
        for (const auto &[d, a] : pairLines(block.deleted, block.added)) {
            if (d >= 0 && a >= 0) {
                pairChanges(rows[firstDeleted + d], rows[firstAdded + a], options);
            }
        }
    }
    if (maxRows >= 0 && rows.size() > maxRows) {
        rows.resize(maxRows);
    }
    return rows;
}

QList<DiffRow> unified(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, qsizetype maxRows,
                       const Options &options)
{
    QList<DiffRow> rows;
    const int count = int(std::min(file.hunks.size(), hunkLines.size()));
    for (int h = 0; h < count && (maxRows < 0 || rows.size() < maxRows); ++h) {
        rows.append(unifiedHunk(file, h, hunkLines[h], maxRows < 0 ? -1 : maxRows - rows.size(), options));
    }
    return rows;
}

std::pair<QList<DiffRow>, QList<DiffRow>> sideBySideHunk(const FileDiff &file, int hunk, const QList<DiffLine> &lines,
                                                         qsizetype maxRows, const Options &options)
{
    QList<DiffRow> left;
    QList<DiffRow> right;
    if (hunk < 0 || hunk >= file.hunks.size() || maxRows == 0) {
        return {left, right};
    }
    left.append(headerRow(file.hunks[hunk], hunk));
    right.append(headerRow(file.hunks[hunk], hunk));
    // Each line makes at most one row per side.
    const HunkInput in = hunkInput(lines, maxRows < 0 ? -1 : maxRows - left.size(), options);
    for (const Block &block : blocksOf(in.lines)) {
        for (const DiffLine &line : block.context) {
            left.append(rowFor(line, hunk, options, in.crlf));
            right.append(rowFor(line, hunk, options, in.crlf));
        }
        for (const auto &[d, a] : pairLines(block.deleted, block.added)) {
            DiffRow l = d >= 0 ? rowFor(block.deleted[d], hunk, options, in.crlf) : fillerRow(hunk);
            DiffRow r = a >= 0 ? rowFor(block.added[a], hunk, options, in.crlf) : fillerRow(hunk);
            pairChanges(l, r, options);
            left.append(std::move(l));
            right.append(std::move(r));
        }
    }
    if (maxRows >= 0 && left.size() > maxRows) {
        left.resize(maxRows);
        right.resize(maxRows);
    }
    return {left, right};
}

std::pair<QList<DiffRow>, QList<DiffRow>> sideBySide(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines,
                                                     qsizetype maxRows, const Options &options)
{
    QList<DiffRow> left;
    QList<DiffRow> right;
    const int count = int(std::min(file.hunks.size(), hunkLines.size()));
    for (int h = 0; h < count && (maxRows < 0 || left.size() < maxRows); ++h) {
        auto [l, r] = sideBySideHunk(file, h, hunkLines[h], maxRows < 0 ? -1 : maxRows - left.size(), options);
        left.append(std::move(l));
        right.append(std::move(r));
    }
    return {left, right};
}

} // namespace Concord::DiffRows
