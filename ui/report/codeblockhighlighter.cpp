// SPDX-License-Identifier: GPL-3.0-or-later
#include "codeblockhighlighter.h"

#include "diff/diffcolors.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QHash>
#include <QTextBlock>
#include <QTextBlockUserData>
#include <QTextDocument>
#include <QTextFragment>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

/// The highlighting state at the end of a code block's line.
class BlockState : public QTextBlockUserData
{
public:
    KSyntaxHighlighting::State state;
};

/// Names people write after a fence that are neither a definition's name nor a file
/// extension.
const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> s_aliases{
        {u"python3"_s, u"Python"_s}, {u"py3"_s, u"Python"_s},       {u"pycon"_s, u"Python"_s},   {u"ipython"_s, u"Python"_s},
        {u"shell"_s, u"Bash"_s},     {u"console"_s, u"Bash"_s},     {u"sh"_s, u"Bash"_s},        {u"zsh"_s, u"Zsh"_s},
        {u"c++"_s, u"C++"_s},        {u"js"_s, u"JavaScript"_s},    {u"ts"_s, u"TypeScript"_s},  {u"patch"_s, u"Diff"_s},
        {u"yml"_s, u"YAML"_s},       {u"dockerfile"_s, u"Dockerfile"_s},
    };
    return s_aliases;
}

KSyntaxHighlighting::Definition definitionFor(const QString &language)
{
    static QHash<QString, KSyntaxHighlighting::Definition> s_cache;
    const QString key = language.toLower();
    const auto cached = s_cache.constFind(key);
    if (cached != s_cache.cend()) {
        return *cached;
    }
    KSyntaxHighlighting::Repository &repository = syntaxRepository();
    KSyntaxHighlighting::Definition definition = repository.definitionForName(aliases().value(key, language));
    if (!definition.isValid()) {
        definition = repository.definitionForFileName(u"code."_s + key);
    }
    s_cache.insert(key, definition);
    return definition;
}

} // namespace

CodeBlockHighlighter::CodeBlockHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
}

CodeBlockHighlighter::~CodeBlockHighlighter() = default;

QString CodeBlockHighlighter::languageOf(const QTextBlock &block)
{
    const QTextBlockFormat format = block.blockFormat();
    if (!format.hasProperty(QTextFormat::BlockCodeFence)) {
        return {};
    }
    // "python title=x.py": the first word names the language.
    return format.stringProperty(QTextFormat::BlockCodeLanguage).section(u' ', 0, 0, QString::SectionSkipEmpty);
}

void CodeBlockHighlighter::setTerms(const TermMatcher &terms, const QColor &background, const QColor &text)
{
    m_terms = terms;
    m_termBackground = background;
    m_text = text;
}

void CodeBlockHighlighter::markTerms(const QString &text)
{
    if (m_terms.isEmpty()) {
        return;
    }
    const QList<TermMatch> marks = m_terms.marks(text);
    if (marks.isEmpty()) {
        return;
    }
    // The colour each character is drawn in: a syntax colour set above, else the
    // document's own (a link, a muted date), else the palette's text.
    const QTextBlock block = currentBlock();
    for (const TermMatch &mark : marks) {
        for (int i = mark.start; i < mark.start + mark.length; ++i) {
            QTextCharFormat f = format(i);
            QColor foreground = f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : QColor();
            if (!foreground.isValid()) {
                for (auto it = block.begin(); !it.atEnd(); ++it) {
                    const QTextFragment fragment = it.fragment();
                    const int start = fragment.position() - block.position();
                    if (i >= start && i < start + fragment.length()) {
                        const QTextCharFormat own = fragment.charFormat();
                        if (own.hasProperty(QTextFormat::ForegroundBrush)) {
                            foreground = own.foreground().color();
                        }
                        break;
                    }
                }
            }
            if (!foreground.isValid()) {
                foreground = m_text;
            }
            f.setBackground(m_termBackground);
            f.setForeground(DiffColors::readableOn(foreground, m_termBackground));
            setFormat(i, 1, f);
        }
    }
}

void CodeBlockHighlighter::highlightBlock(const QString &text)
{
    const QTextBlock block = currentBlock();
    const QString language = languageOf(block);
    if (language.isEmpty()) {
        markTerms(text);
        return;
    }
    const KSyntaxHighlighting::Definition definition = definitionFor(language);
    if (!definition.isValid()) {
        markTerms(text);
        return;
    }
    if (this->definition() != definition) {
        setDefinition(definition);
    }
    // A fence continues the state of the line before it when that is the same block of
    // code; each new block starts afresh.
    KSyntaxHighlighting::State state;
    const QTextBlock previous = block.previous();
    if (previous.isValid() && languageOf(previous) == language) {
        if (const auto *data = static_cast<const BlockState *>(previous.userData())) {
            state = data->state;
        }
    }
    auto *data = static_cast<BlockState *>(currentBlockUserData());
    if (!data) {
        data = new BlockState;
        setCurrentBlockUserData(data);
    }
    data->state = highlightLine(text, state);
    markTerms(text);
}

void CodeBlockHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    const KSyntaxHighlighting::Theme t = theme();
    if (format.isDefaultTextStyle(t)) {
        return;
    }
    setFormat(offset, length, charFormatFor(format, t));
}

} // namespace Concord
