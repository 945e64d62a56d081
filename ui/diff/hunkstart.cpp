// SPDX-License-Identifier: GPL-3.0-or-later
#include "hunkstart.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/FoldingRegion>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Theme>

#include <QHash>

#include <vector>

using namespace Qt::StringLiterals;
using KSyntaxHighlighting::FoldingRegion;
using KSyntaxHighlighting::State;
using KSyntaxHighlighting::Theme;

namespace Concord {

namespace {

constexpr qsizetype s_maxLinesPerSide = 1000;

bool isLiteral(Theme::TextStyle style)
{
    switch (style) {
    case Theme::Char:
    case Theme::SpecialChar:
    case Theme::String:
    case Theme::VerbatimString:
    case Theme::SpecialString:
    case Theme::Comment:
    case Theme::Documentation:
    case Theme::Annotation:
    case Theme::CommentVar:
    case Theme::RegionMarker:
    case Theme::Information:
    case Theme::Warning:
    case Theme::Alert:
        return true;
    default:
        return false;
    }
}

/// Highlights line by line with the real definition and keeps what the choice needs:
/// the text style of each character and the folding regions begun and ended.
class RegionProbe : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    struct Fold
    {
        int offset;
        int length;
        FoldingRegion region;
    };

    explicit RegionProbe(const KSyntaxHighlighting::Definition &definition) { setDefinition(definition); }

    State line(QStringView text, const State &state)
    {
        m_styles.assign(size_t(text.size()), Theme::Normal);
        m_folds.clear();
        return highlightLine(text, state);
    }
    Theme::TextStyle styleAt(qsizetype i) const
    {
        return i >= 0 && size_t(i) < m_styles.size() ? m_styles[size_t(i)] : Theme::Normal;
    }
    const QList<Fold> &folds() const { return m_folds; }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        const size_t end = std::min(m_styles.size(), size_t(offset + length));
        for (size_t i = size_t(std::max(0, offset)); i < end; ++i) {
            m_styles[i] = format.textStyle();
        }
    }
    void applyFolding(int offset, int length, FoldingRegion region) override
    {
        m_folds.append({offset, length, region});
    }

private:
    std::vector<Theme::TextStyle> m_styles;
    QList<Fold> m_folds;
};

struct Candidate
{
    QString opener;
    QString closer;
    State state;
    QList<int> regions; ///< folding regions the opener begins
};

bool isClosingPunctuation(QChar c)
{
    return c == u')' || c == u']' || c == u'}' || c == u',' || c == u';' || c == u'.';
}

// What comes before a literal in code: an assignment, a call, an element of a list.
bool endsLikeCodeBeforeALiteral(QStringView before)
{
    return !before.isEmpty() && u"=([{,:+%"_s.contains(before.back());
}

// Text right after the marker, as in `"""Summary`: the marker opens.
bool looksLikeOpening(QStringView text, int offset, int length)
{
    const qsizetype after = qsizetype(offset) + length;
    return after < text.size() && (text[after].isLetterOrNumber() || text[after] == u'_');
}

// Text before the marker and nothing after it (`text."""`), or closing punctuation
// after it (`""")`, `""".format(`): the marker closes.
bool looksLikeClosing(QStringView text, int offset, int length)
{
    const QStringView before = text.left(offset).trimmed();
    const QStringView after = text.mid(std::min<qsizetype>(text.size(), qsizetype(offset) + length)).trimmed();
    if (!after.isEmpty()) {
        return isClosingPunctuation(after.front());
    }
    return !before.isEmpty() && !endsLikeCodeBeforeALiteral(before);
}

// For a marker alone on its line, the line before it (the previous non-blank one) tells:
// after a line ending like `def f():` or `x = (` a literal may open; after a complete
// statement or a sentence (`return x`, `Args: the inputs.`) only one can close. +1 says
// opening, -1 closing, 0 nothing (no such line, or a comment, which may precede anything).
int previousLineEvidence(QStringView text, int offset, int length, QStringView previous, QStringView lineComment)
{
    const QStringView before = text.left(offset).trimmed();
    const QStringView after = text.mid(std::min<qsizetype>(text.size(), qsizetype(offset) + length)).trimmed();
    const QStringView last = previous.trimmed();
    if (!before.isEmpty() || !after.isEmpty() || last.isEmpty()
        || (!lineComment.isEmpty() && last.startsWith(lineComment))) {
        return 0;
    }
    return u":=([{,\\"_s.contains(last.back()) ? 1 : -1;
}

QList<Candidate> candidatesFor(RegionProbe &probe, const KSyntaxHighlighting::Definition &definition)
{
    QList<std::pair<QString, QString>> markers;
    const auto comment = definition.multiLineCommentMarker();
    if (!comment.first.isEmpty() && !comment.second.isEmpty()) {
        markers.append({comment.first, comment.second});
    }
    markers.append({u"\"\"\""_s, u"\"\"\""_s});
    markers.append({u"'''"_s, u"'''"_s});
    markers.append({u"`"_s, u"`"_s});

    QList<Candidate> candidates;
    for (const auto &[opener, closer] : std::as_const(markers)) {
        Candidate c{opener, closer, probe.line(opener, State()), {}};
        for (const RegionProbe::Fold &fold : probe.folds()) {
            if (fold.region.type() == FoldingRegion::Begin) {
                c.regions.append(fold.region.id());
            }
        }
        // Only an opener that leaves the highlighter inside a string or comment makes a
        // candidate: a word on the next line must be highlighted as one.
        probe.line(u"word"_s, c.state);
        if (!isLiteral(probe.styleAt(0))) {
            continue;
        }
        const bool known = std::any_of(candidates.cbegin(), candidates.cend(), [&](const Candidate &other) {
            return other.state == c.state;
        });
        if (!known) {
            candidates.append(std::move(c));
        }
    }
    return candidates;
}

struct Faults
{
    int count = 0;
    bool leftStart = false; ///< the region the side started in was closed
};

// The faults (see hunkStart()) of highlighting @p side from @p start.
Faults faults(RegionProbe &probe, const QList<QStringView> &side, const State &start, const QList<int> &startRegions,
    const QList<Candidate> &candidates, QStringView lineComment)
{
    QHash<int, int> depth;
    QHash<int, bool> symmetric;
    for (const Candidate &c : candidates) {
        for (int id : c.regions) {
            symmetric.insert(id, c.opener == c.closer);
        }
    }
    for (int id : startRegions) {
        depth[id] = 1;
    }
    Faults result;
    int &count = result.count;
    State state = start;
    QStringView previous;
    for (QStringView text : side) {
        state = probe.line(text, state);
        for (const RegionProbe::Fold &fold : probe.folds()) {
            const int id = fold.region.id();
            if (!symmetric.contains(id)) {
                continue;
            }
            const int evidence
                = symmetric.value(id) ? previousLineEvidence(text, fold.offset, fold.length, previous, lineComment) : 0;
            if (fold.region.type() == FoldingRegion::Begin) {
                ++depth[id];
                count += symmetric.value(id) && (looksLikeClosing(text, fold.offset, fold.length) || evidence < 0);
            } else if (fold.region.type() == FoldingRegion::End) {
                if (depth.value(id) == 0) {
                    ++count;
                } else if (--depth[id] == 0 && startRegions.contains(id)) {
                    result.leftStart = true;
                }
                count += symmetric.value(id) && (looksLikeOpening(text, fold.offset, fold.length) || evidence > 0);
            }
        }
        if (!text.trimmed().isEmpty()) {
            previous = text;
        }
        for (const Candidate &c : candidates) {
            if (c.opener == c.closer) {
                continue;
            }
            for (qsizetype at = text.indexOf(c.closer); at >= 0; at = text.indexOf(c.closer, at + c.closer.size())) {
                count += !isLiteral(probe.styleAt(at));
            }
        }
    }
    return result;
}

} // namespace

HunkStart hunkStart(const KSyntaxHighlighting::Definition &definition, const QList<DiffLine> &lines)
{
    if (!definition.isValid() || lines.isEmpty()) {
        return{};
    }
    RegionProbe probe(definition);
    const QList<Candidate> candidates = candidatesFor(probe, definition);
    if (candidates.isEmpty()) {
        return{};
    }
    QList<QStringView> oldSide;
    QList<QStringView> newSide;
    bool hasMarker = false;
    for (const DiffLine &line : lines) {
        if (oldSide.size() >= s_maxLinesPerSide && newSide.size() >= s_maxLinesPerSide) {
            break;
        }
        if (line.kind == DiffLine::Kind::NoNewline) {
            continue;
        }
        if (line.kind != DiffLine::Kind::Added && oldSide.size() < s_maxLinesPerSide) {
            oldSide.append(line.text);
        }
        if (line.kind != DiffLine::Kind::Deleted && newSide.size() < s_maxLinesPerSide) {
            newSide.append(line.text);
        }
        for (const Candidate &c : candidates) {
            hasMarker = hasMarker || line.text.contains(c.opener) || line.text.contains(c.closer);
        }
    }
    if (!hasMarker) {
        return{};
    }
    const QString lineComment = definition.singleLineCommentMarker();
    HunkStart best;
    int bestFaults = faults(probe, oldSide, State(), {}, candidates, lineComment).count
        + faults(probe, newSide, State(), {}, candidates, lineComment).count;
    for (const Candidate &c : candidates) {
        if (bestFaults == 0) {
            break;
        }
        const Faults oldFaults = faults(probe, oldSide, c.state, c.regions, candidates, lineComment);
        const Faults newFaults = faults(probe, newSide, c.state, c.regions, candidates, lineComment);
        // A hunk that never leaves the region would have no faults inside it: that is no
        // evidence that it starts there.
        if (!oldFaults.leftStart && !newFaults.leftStart) {
            continue;
        }
        if (oldFaults.count + newFaults.count < bestFaults) {
            bestFaults = oldFaults.count + newFaults.count;
            best = {c.state, c.opener};
        }
    }
    return best;
}

} // namespace Concord
