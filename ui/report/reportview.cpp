// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportview.h"
#include "domain/tooltip.h"

#include "diff/diffcolors.h"
#include "report/codeblockhighlighter.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Theme>

#include <QDesktopServices>
#include <QEvent>
#include <QFontDatabase>
#include <QJsonObject>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextObjectInterface>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

/// GitHub's Markdown, raw HTML shown as the text it is.
constexpr auto s_markdown = QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML);

/// Takes the place of Qt's image handler, which reads an image named by a path straight
/// from disk (relative ones against the working directory) when loadResource gives
/// nothing: an image in a report document takes no room and is never read.
class InertImages : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    using QObject::QObject;
    QSizeF intrinsicSize(QTextDocument *, int, const QTextFormat &) override { return {}; }
    void drawObject(QPainter *, const QRectF &, QTextDocument *, int, const QTextFormat &) override { }
};

/// A document that loads nothing: QTextDocument::loadResource would otherwise read the
/// local file an image or style sheet names and decode data: URLs.
class ReportDocument : public QTextDocument
{
public:
    explicit ReportDocument(QObject *parent = nullptr)
        : QTextDocument(parent)
    {
        setResourceProvider([](const QUrl &) { return QVariant(); });
        documentLayout()->registerHandler(QTextFormat::ImageObject, new InertImages(this));
    }

protected:
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

QColor mix(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount), float(a.greenF() + (b.greenF() - a.greenF()) * amount),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

bool isMonospace(const QTextCharFormat &format)
{
    return format.fontFixedPitch() || format.fontFamilies().toStringList().contains(u"monospace"_s);
}

} // namespace

ReportView::ReportView(QWidget *parent)
    : QTextBrowser(parent)
{
    setDocument(new ReportDocument(this));
    m_highlighter = new CodeBlockHighlighter(document());
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(this, &QTextBrowser::anchorClicked, this, &ReportView::openLink);
    // Where a link goes, before it is clicked (its text may say otherwise).
    connect(this, &QTextBrowser::highlighted, this, [this](const QUrl &url) {
        viewport()->setToolTip(url.isEmpty() ? QString() : plainToolTip(url.toDisplayString()));
    });
}

ReportView::~ReportView() = default;

void ReportView::setReport(const Item &item, const BugReportContent &report)
{
    m_item = item;
    m_report = report;
    m_message.clear();
    const QUrl url(report.url);
    const QString scheme = url.scheme().toLower();
    m_base = (scheme == "http"_L1 || scheme == "https"_L1) && !url.host().isEmpty() ? url : QUrl();
    render();
}

void ReportView::setHighlightTerms(const QList<HighlightTerm> &terms)
{
    if (terms == m_terms) {
        return;
    }
    m_terms = terms;
    render();
}

void ReportView::showMessage(const QString &message)
{
    m_item = {};
    m_report.reset();
    m_message = message;
    m_base = QUrl();
    render();
}

QUrl ReportView::openableUrl(const QUrl &url) const
{
    if (!url.isValid() || url.isEmpty()) {
        return {};
    }
    QUrl target = url;
    if (target.isRelative()) {
        if (!m_base.isValid()) {
            return {};
        }
        target = m_base.resolved(target);
    }
    const QString scheme = target.scheme().toLower();
    if ((scheme == "http"_L1 || scheme == "https"_L1) && !target.host().isEmpty()) {
        return target;
    }
    if (scheme == "mailto"_L1 && !target.path().isEmpty()) {
        return target;
    }
    return {};
}

QVariant ReportView::loadResource(int, const QUrl &)
{
    return {};
}

void ReportView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        render(); // chip colours, link colours and the highlighting theme follow the palette
    }
}

void ReportView::openLink(const QUrl &url)
{
    const QUrl target = openableUrl(url);
    if (!target.isValid()) {
        return;
    }
    QDesktopServices::openUrl(target);
    Q_EMIT linkOpened(target);
}

void ReportView::insertMarkdown(QTextCursor &cursor, const QString &markdown)
{
    // Read into a document of its own, never shown, and made inert there (images become
    // links, unsafe links text): what reaches the view holds no image to load.
    ReportDocument scratch;
    scratch.setMarkdown(markdown, s_markdown);
    neutralize(&scratch);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertFragment(QTextDocumentFragment(&scratch));
}

void ReportView::render()
{
    if (!m_highlighter) {
        return; // still being constructed
    }
    // Highlight once, when the document is complete.
    m_highlighter->setDocument(nullptr);
    QTextDocument *doc = document();
    doc->clear();
    doc->setDocumentMargin(12);
    const QPalette pal = palette();
    const QColor muted = pal.color(QPalette::PlaceholderText);
    QTextCursor cursor(doc);

    QTextCharFormat plain;
    QTextCharFormat mutedFormat;
    mutedFormat.setForeground(muted);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QTextCharFormat link;
    link.setAnchor(true);
    link.setForeground(pal.link());
    link.setFontUnderline(true);
    QTextBlockFormat rule;
    rule.setProperty(QTextFormat::BlockTrailingHorizontalRulerWidth, QTextLength(QTextLength::PercentageLength, 100));
    rule.setBottomMargin(6);

    if (!m_report) {
        cursor.insertText(m_message, mutedFormat);
        m_highlighter->setDocument(doc);
        return;
    }
    const BugReportContent &report = *m_report;

    // State and labels, as chips.
    auto chip = [&](const QString &text, const QColor &background, const QColor &foreground) {
        QTextCharFormat f;
        f.setBackground(background);
        f.setForeground(foreground);
        cursor.insertText(u"\u2002"_s + text + u"\u2002"_s, f);
        cursor.insertText(u"  "_s, plain);
    };
    if (!report.state.isEmpty()) {
        const QString state = report.state.toLower();
        const QColor background = state == "open"_L1 ? QColor(0x1a, 0x7f, 0x37)
            : state == "closed"_L1                    ? QColor(0x82, 0x50, 0xdf)
                                                      : QColor(0x59, 0x63, 0x6e);
        chip(state == "open"_L1 ? tr("Open") : state == "closed"_L1 ? tr("Closed") : report.state, background, Qt::white);
    }
    const QColor labelBackground = mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.12);
    for (const QString &label : report.labels) {
        chip(label, labelBackground, pal.color(QPalette::Text));
    }
    if (report.labels.isEmpty()) {
        cursor.insertText(tr("no labels"), mutedFormat);
    }

    // Who and when, as the source gave it.
    cursor.insertBlock(QTextBlockFormat(), plain);
    const QString author = m_item.author.isEmpty() ? tr("(unknown)") : m_item.author;
    cursor.insertText(tr("opened by "), mutedFormat);
    cursor.insertText(author, bold);
    if (m_item.date.isValid()) {
        cursor.insertText(tr(" on %1").arg(m_item.date.toDisplayString()), mutedFormat);
    }
    const QJsonObject github = m_item.metadata.value(u"github"_s).toObject();
    const SourceDate closed = SourceDate::fromString(github.value(u"closed_at"_s).toString());
    const SourceDate updated = SourceDate::fromString(github.value(u"updated_at"_s).toString());
    if (closed.isValid()) {
        cursor.insertText(tr("  ·  closed on %1").arg(closed.toDisplayString()), mutedFormat);
    }
    if (updated.isValid()) {
        cursor.insertText(tr("  ·  updated on %1").arg(updated.toDisplayString()), mutedFormat);
    }
    const int comments = int(report.comments.size());
    cursor.insertText(u"  ·  "_s + (comments == 1 ? tr("1 comment") : tr("%1 comments").arg(comments)), mutedFormat);

    if (!report.url.isEmpty()) {
        cursor.insertBlock(QTextBlockFormat(), plain);
        const QUrl target = openableUrl(QUrl(report.url));
        if (target.isValid()) {
            QTextCharFormat f = link;
            f.setAnchorHref(target.toString());
            cursor.insertText(report.url, f);
        } else {
            cursor.insertText(report.url, mutedFormat);
        }
    }
    cursor.insertBlock(rule, plain);

    if (report.body.trimmed().isEmpty()) {
        cursor.insertBlock(QTextBlockFormat(), plain);
        QTextCharFormat f = mutedFormat;
        f.setFontItalic(true);
        cursor.insertText(tr("No description."), f);
    } else {
        insertMarkdown(cursor, report.body);
    }

    for (const BugReportComment &c : report.comments) {
        cursor.insertBlock(rule, plain);
        QTextBlockFormat header;
        header.setTopMargin(8);
        cursor.insertBlock(header, plain);
        cursor.insertText(c.author.isEmpty() ? tr("(unknown)") : c.author, bold);
        if (c.date.isValid()) {
            cursor.insertText(tr(" commented on %1").arg(c.date.toDisplayString()), mutedFormat);
        } else {
            cursor.insertText(tr(" commented"), mutedFormat);
        }
        if (c.body.trimmed().isEmpty()) {
            cursor.insertBlock(QTextBlockFormat(), plain);
            cursor.insertText(tr("(empty)"), mutedFormat);
        } else {
            insertMarkdown(cursor, c.body);
        }
    }

    m_highlighter->setTheme(syntaxThemeFor(pal));
    m_highlighter->setTerms(TermMatcher(m_terms), DiffColors::fromPalette(pal).term, pal.color(QPalette::Text));
    m_highlighter->setDocument(doc);
    m_highlighter->rehighlight(); // now, not on the next turn of the event loop
    moveCursor(QTextCursor::Start);
}

void ReportView::neutralize(QTextDocument *doc) const
{
    const QPalette pal = palette();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QColor codeBackground = mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.06);

    struct Change
    {
        int position;
        int length;
        QTextCharFormat format;
        QString text; ///< replaces the fragment when not null
    };
    QList<Change> changes;
    struct CodeLine
    {
        int position;
        bool first; ///< of its block of code
        bool last;
    };
    QList<CodeLine> codeLines;
    auto isCode = [](const QTextBlock &block) {
        return block.isValid()
            && (block.blockFormat().hasProperty(QTextFormat::BlockCodeFence) || block.blockFormat().nonBreakableLines());
    };
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        const bool code = isCode(block);
        if (code) {
            codeLines.append({block.position(), !isCode(block.previous()), !isCode(block.next())});
        }
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat format = fragment.charFormat();
            if (format.isImageFormat()) {
                // Never loaded: the image is a link to it (or to where its link went).
                const QTextImageFormat image = format.toImageFormat();
                const QUrl source(image.name());
                const QUrl target = openableUrl(format.isAnchor() ? QUrl(format.anchorHref()) : source);
                QString alt = image.property(QTextFormat::ImageAltText).toString();
                if (alt.isEmpty()) {
                    alt = source.fileName().isEmpty() ? image.name() : source.fileName();
                }
                QTextCharFormat replacement;
                if (target.isValid()) {
                    replacement.setAnchor(true);
                    replacement.setAnchorHref(target.toString());
                    replacement.setForeground(pal.link());
                    replacement.setFontUnderline(true);
                } else {
                    replacement.setForeground(pal.color(QPalette::PlaceholderText));
                }
                changes.append({fragment.position(), fragment.length(), replacement, tr("[image: %1]").arg(alt)});
                continue;
            }
            bool changed = false;
            if (format.isAnchor()) {
                const QString href = format.anchorHref();
                const QUrl target = openableUrl(QUrl(href));
                if (!target.isValid()) {
                    // javascript:, file:, data: and the like: shown as the text it is.
                    format.setAnchor(false);
                    format.clearProperty(QTextFormat::AnchorHref);
                    format.clearForeground();
                    format.setFontUnderline(false);
                    changed = true;
                } else if (target.toString() != href) {
                    format.setAnchorHref(target.toString());
                    changed = true;
                }
            }
            if (isMonospace(format)) {
                format.setFontFamilies(fixed.families());
                format.setFontFixedPitch(true);
                if (!code) {
                    format.setBackground(codeBackground); // `inline code`
                }
                changed = true;
            }
            if (changed) {
                changes.append({fragment.position(), fragment.length(), format, QString()});
            }
        }
    }
    QTextCursor cursor(doc);
    cursor.beginEditBlock();
    for (const CodeLine &line : std::as_const(codeLines)) {
        cursor.setPosition(line.position);
        QTextBlockFormat f;
        f.setBackground(codeBackground);
        // Long lines wrap rather than widen the whole report.
        f.setNonBreakableLines(false);
        f.setTopMargin(line.first ? 4 : 0);
        f.setBottomMargin(line.last ? 10 : 0);
        cursor.mergeBlockFormat(f);
    }
    // From the end, so that replaced text does not move the positions still to come.
    for (auto it = changes.crbegin(); it != changes.crend(); ++it) {
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + it->length, QTextCursor::KeepAnchor);
        if (it->text.isNull()) {
            cursor.setCharFormat(it->format);
        } else {
            cursor.insertText(it->text, it->format);
        }
    }
    cursor.endEditBlock();
}

} // namespace Concord

#include "reportview.moc"
