// SPDX-License-Identifier: GPL-3.0-or-later
#include "difftextedit.h"

#include "diff/diffhighlighter.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Theme>

#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPlainTextDocumentLayout>
#include <QTimer>
#include <QTextLayout>

#include <algorithm>

namespace Concord {

/// The line-number area at the left of a DiffTextEdit.
class DiffGutter : public QWidget
{
public:
    explicit DiffGutter(DiffTextEdit *edit)
        : QWidget(edit)
        , m_edit(edit)
    {
    }
    QSize sizeHint() const override { return {m_edit->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_edit->paintGutter(event); }

private:
    DiffTextEdit *m_edit;
};

DiffTextEdit::DiffTextEdit(Gutter gutter, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(gutter)
    , m_highlighter(new DiffHighlighter(document(), &m_rows, &m_hunkStarts, &m_newHunkStarts))
    , m_gutterWidget(new DiffGutter(this))
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(2);
    applyPalette();
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy != 0) {
            m_gutterWidget->scroll(0, dy);
        } else {
            m_gutterWidget->update(0, rect.y(), m_gutterWidget->width(), rect.height());
        }
    });
    updateGutterGeometry();
}

DiffTextEdit::~DiffTextEdit() = default;

namespace {

// A document of more rows than this is replaced, not emptied (replaceDocument()).
constexpr int s_replaceDocumentAbove = 20'000;

// Longer lines (a notebook's base64 images, minified files) are shown cut here with a
// note of what is left out: laying out tens of kilobytes of one line takes longer than a
// frame, and nobody reads base64. The highlighter stops at the same length.
constexpr qsizetype s_longestShownLine = 10'000;

// The document text of @p rows, one line per row.
QString textOf(const QList<DiffRow> &rows)
{
    qsizetype chars = 0;
    for (const DiffRow &row : rows) {
        chars += row.text.size() + 1;
    }
    QString text;
    text.reserve(chars);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i > 0) {
            text += u'\n';
        }
        // A line may hold characters that QTextDocument treats as separators; keep the
        // one-block-per-row invariant the gutter and highlighter rely on.
        QString line = rows[i].text;
        line.replace(QChar::ParagraphSeparator, QChar::ReplacementCharacter);
        line.replace(QChar::LineSeparator, QChar::ReplacementCharacter);
        line.replace(u'\r', QChar::ReplacementCharacter);
        if (line.size() > s_longestShownLine) {
            const qsizetype rest = line.size() - s_longestShownLine;
            line.truncate(s_longestShownLine);
            line += QCoreApplication::translate("Concord::DiffTextEdit", "  … %Ln more characters not shown", nullptr, int(std::min<qsizetype>(rest, INT_MAX)));
        }
        text += line;
    }
    return text;
}

int digitsFor(int maxLine)
{
    return std::max(3, int(QString::number(maxLine).size()));
}

} // namespace

void DiffTextEdit::setRows(const QList<DiffRow> &rows, const KSyntaxHighlighting::Definition &definition,
                           const QList<KSyntaxHighlighting::State> &hunkStarts,
                           const QList<KSyntaxHighlighting::State> &newHunkStarts)
{
    clearRows(definition);
    appendRows(rows, hunkStarts, newHunkStarts);
}

void DiffTextEdit::clearRows(const KSyntaxHighlighting::Definition &definition, int maxLine)
{
    m_rows.clear();
    m_hunkStarts.clear();
    m_newHunkStarts.clear();
    m_digits = digitsFor(maxLine);
    if (document()->blockCount() > s_replaceDocumentAbove) {
        replaceDocument();
    }
    m_highlighter->setDefinition(definition);
    // Without a rehighlight of its own: the document is empty.
    setPlainText(QString());
    updateGutterGeometry();
}

void DiffTextEdit::replaceDocument()
{
    // Emptying a document of many rows frees every row's text layout and formats: about
    // 270 ms for the 149,311 rows of a 7 MB patch shown whole, a stall when the next file
    // is shown. A new empty document takes its place at once; the old one, with the
    // highlighter it owns (which no longer reads this view's rows), is emptied from its
    // end a few thousand rows per event-loop turn and then deleted.
    QTextDocument *old = document();
    auto *fresh = new QTextDocument(this);
    fresh->setDocumentLayout(new QPlainTextDocumentLayout(fresh));
    fresh->setUndoRedoEnabled(false);
    fresh->setDocumentMargin(old->documentMargin());
    fresh->setDefaultFont(old->defaultFont());
    fresh->setDefaultTextOption(old->defaultTextOption());
    m_highlighter->retire();
    auto *bin = new QObject(this); // deleted with this view, the old document with it
    old->setParent(bin);           // (setDocument() deletes a document this view owns)
    setDocument(fresh);
    m_highlighter = new DiffHighlighter(fresh, &m_rows, &m_hunkStarts, &m_newHunkStarts);
    m_highlighter->setColors(m_colors);
    m_highlighter->setTheme(syntaxThemeFor(palette()));
    m_highlighter->setTerms(m_terms);
    auto *slices = new QTimer(bin);
    connect(slices, &QTimer::timeout, bin, [old, bin] {
        QElapsedTimer slice;
        slice.start();
        while (old->blockCount() > 1 && slice.elapsed() < 8) {
            const int from = std::max(0, old->blockCount() - 2000);
            QTextCursor cursor(old);
            cursor.setPosition(from == 0 ? 0 : old->findBlockByNumber(from).position() - 1);
            cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
        }
        if (old->blockCount() <= 1) {
            bin->deleteLater();
        }
    });
    slices->start(0);
}

void DiffTextEdit::setHighlightTerms(const QList<HighlightTerm> &terms)
{
    m_terms = TermMatcher(terms);
    m_highlighter->setTerms(m_terms);
    m_highlighter->rehighlight();
}

void DiffTextEdit::appendRows(const QList<DiffRow> &rows, const QList<KSyntaxHighlighting::State> &hunkStarts,
                              const QList<KSyntaxHighlighting::State> &newHunkStarts)
{
    const bool first = m_rows.isEmpty();
    // The highlighter reads the rows and starts while the text goes in: both first.
    m_rows.append(rows);
    m_hunkStarts = hunkStarts;
    m_newHunkStarts = newHunkStarts;
    int maxLine = 0;
    for (const DiffRow &row : rows) {
        maxLine = std::max({maxLine, row.oldLine, row.newLine});
    }
    const int digits = std::max(m_digits, digitsFor(maxLine));
    if (first) {
        // setPlainText puts the cursor and the view at the top.
        setPlainText(textOf(rows));
    } else if (!rows.isEmpty()) {
        // A cursor of its own at the end: the reader's cursor and scroll position stay.
        QTextCursor end(document());
        end.movePosition(QTextCursor::End);
        end.insertText(u'\n' + textOf(rows));
    }
    if (first || digits != m_digits) {
        m_digits = digits;
        updateGutterGeometry();
    }
}

void DiffTextEdit::truncateRows(qsizetype count)
{
    if (count >= m_rows.size()) {
        return;
    }
    if (count <= 0) {
        m_rows.clear();
        setPlainText(QString());
        return;
    }
    // From the end of the last row kept (its line break included) to the end.
    QTextCursor cut(document()->findBlockByNumber(int(count - 1)));
    cut.movePosition(QTextCursor::EndOfBlock);
    cut.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cut.removeSelectedText();
    m_rows.resize(count);
}

int DiffTextEdit::firstVisibleRow() const
{
    return firstVisibleBlock().blockNumber();
}

void DiffTextEdit::scrollToRow(int row)
{
    // Without line wrapping the vertical scroll bar counts blocks.
    verticalScrollBar()->setValue(std::clamp(row, 0, std::max(0, int(m_rows.size()) - 1)));
}

const DiffRow *DiffTextEdit::rowAt(int block) const
{
    if (block < 0 || block >= m_rows.size()) {
        return nullptr;
    }
    return &m_rows[block];
}

int DiffTextEdit::gutterWidth() const
{
    const int digit = fontMetrics().horizontalAdvance(u'9');
    const int columns = m_gutter == Gutter::OldAndNew ? 2 : 1;
    // numbers, a gap between them, and the +/- sign column
    return columns * (m_digits * digit + digit) + 2 * digit;
}

void DiffTextEdit::updateGutterGeometry()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
    const QRect cr = contentsRect();
    m_gutterWidget->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
    m_gutterWidget->update();
}

void DiffTextEdit::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    updateGutterGeometry();
}

void DiffTextEdit::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        updateGutterGeometry();
    }
}

void DiffTextEdit::applyPalette()
{
    m_colors = DiffColors::fromPalette(palette());
    m_highlighter->setColors(m_colors);
    m_highlighter->setTheme(syntaxThemeFor(palette()));
    if (!m_rows.isEmpty()) {
        m_highlighter->rehighlight();
    }
}

void DiffTextEdit::paintEvent(QPaintEvent *event)
{
    {
        // Row backgrounds across the whole width, under the text the base class paints.
        QPainter painter(viewport());
        QTextBlock block = firstVisibleBlock();
        const QPointF offset = contentOffset();
        const int width = viewport()->width();
        while (block.isValid()) {
            const QRectF r = blockBoundingGeometry(block).translated(offset);
            if (r.top() > event->rect().bottom()) {
                break;
            }
            if (const DiffRow *row = rowAt(block.blockNumber())) {
                QColor color;
                switch (row->kind) {
                case DiffRow::Kind::Added:
                    color = m_colors.added;
                    break;
                case DiffRow::Kind::Deleted:
                    color = m_colors.deleted;
                    break;
                case DiffRow::Kind::HunkHeader:
                case DiffRow::Kind::Gap:
                    color = m_colors.header;
                    break;
                case DiffRow::Kind::Filler:
                    color = m_colors.filler;
                    break;
                case DiffRow::Kind::Context:
                case DiffRow::Kind::NoNewline:
                    break;
                }
                if (color.isValid()) {
                    painter.fillRect(QRectF(0, r.top(), width, r.height()), color);
                }
                if (row->kind == DiffRow::Kind::Filler) {
                    QColor hatch = m_colors.gutterText;
                    hatch.setAlphaF(0.35f);
                    painter.fillRect(QRectF(0, r.top(), width, r.height()), QBrush(hatch, Qt::BDiagPattern));
                }
            }
            block = block.next();
        }
    }
    QPlainTextEdit::paintEvent(event);
    paintWhitespace(event);
}

void DiffTextEdit::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    // A click, not the end of a selection drag.
    if (event->button() == Qt::LeftButton && !textCursor().hasSelection()) {
        const DiffRow *row = rowAt(cursorForPosition(event->position().toPoint()).blockNumber());
        if (row && row->kind == DiffRow::Kind::Gap) {
            Q_EMIT gapActivated(row->hunk);
        }
    }
}

int DiffTextEdit::gapNearCursor() const
{
    const int cursor = textCursor().blockNumber();
    int found = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].kind == DiffRow::Kind::Gap) {
            found = i;
            if (i >= cursor) {
                break;
            }
        }
    }
    return found >= 0 ? m_rows[found].hunk : -1;
}

void DiffTextEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_E && (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
        if (const int gap = gapNearCursor(); gap >= 0) {
            Q_EMIT gapActivated(gap);
            event->accept();
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
}

void DiffTextEdit::paintWhitespace(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(m_colors.whitespace, 1.2));
    painter.setFont(font());
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.7));
    const QPointF offset = contentOffset();
    for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
        const QRectF r = blockBoundingGeometry(block).translated(offset);
        if (r.top() > event->rect().bottom()) {
            break;
        }
        const DiffRow *row = rowAt(block.blockNumber());
        if (!row || (row->whitespace.isEmpty() && !row->markLineEnd) || !block.layout()
            || block.layout()->lineCount() == 0) {
            continue;
        }
        const QTextLine line = block.layout()->lineAt(0);
        const QString text = block.text();
        const qreal top = r.top() + line.y();
        const qreal height = line.height();
        for (const TextRange &range : row->whitespace) {
            const int end = std::min(int(text.size()), range.start + range.length);
            for (int i = std::max(0, range.start); i < end; ++i) {
                const qreal x1 = r.left() + line.cursorToX(i);
                const qreal x2 = r.left() + line.cursorToX(i + 1);
                const QRectF cell(x1, top, std::max<qreal>(1, x2 - x1), height);
                const qreal dot = std::max<qreal>(2.0, std::min(cell.width(), height) / 4.0);
                if (text[i] == u' ') {
                    // A dot in the middle of the cell.
                    painter.setBrush(m_colors.whitespace);
                    painter.drawEllipse(QRectF(cell.center().x() - dot / 2, cell.center().y() - dot / 2, dot, dot));
                } else if (text[i] == u'\t') {
                    // An arrow across the tab's width.
                    const qreal y = cell.center().y();
                    const qreal left = cell.left() + dot;
                    const qreal right = std::max(left + dot, cell.right() - dot);
                    painter.drawLine(QPointF(left, y), QPointF(right, y));
                    painter.drawLine(QPointF(right - dot, y - dot), QPointF(right, y));
                    painter.drawLine(QPointF(right - dot, y + dot), QPointF(right, y));
                } else {
                    // Other white space (no-break, ideographic space...): an open box.
                    painter.setBrush(Qt::NoBrush);
                    painter.drawRect(cell.adjusted(cell.width() / 4, height / 3, -cell.width() / 4, -height / 3));
                }
            }
        }
        if (row->markLineEnd) {
            const QString tag = row->crlf ? QStringLiteral("CRLF") : QStringLiteral("LF");
            const qreal x = r.left() + line.cursorToX(int(text.size())) + fontMetrics().horizontalAdvance(u' ') / 2.0;
            painter.setFont(small);
            const QFontMetricsF metrics(small);
            const QRectF box(x, top + (height - metrics.height()) / 2, metrics.horizontalAdvance(tag) + 6,
                             metrics.height());
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
            painter.drawText(box, Qt::AlignCenter, tag);
            painter.setFont(font());
        }
    }
}

void DiffTextEdit::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutterWidget);
    painter.fillRect(event->rect(), m_colors.gutter);
    painter.setFont(font());
    const int digit = fontMetrics().horizontalAdvance(u'9');
    const int numberWidth = m_digits * digit;
    QTextBlock block = firstVisibleBlock();
    const QPointF offset = contentOffset();
    while (block.isValid()) {
        const QRectF r = blockBoundingGeometry(block).translated(offset);
        if (r.top() > event->rect().bottom()) {
            break;
        }
        const DiffRow *row = rowAt(block.blockNumber());
        if (row && r.bottom() >= event->rect().top()) {
            QColor background;
            QString sign;
            if (row->kind == DiffRow::Kind::Added) {
                background = m_colors.added;
                sign = QStringLiteral("+");
            } else if (row->kind == DiffRow::Kind::Deleted) {
                background = m_colors.deleted;
                sign = QStringLiteral("−");
            } else if (row->kind == DiffRow::Kind::HunkHeader || row->kind == DiffRow::Kind::Gap) {
                background = m_colors.header;
            } else if (row->kind == DiffRow::Kind::Filler) {
                background = m_colors.filler;
            }
            if (background.isValid()) {
                painter.fillRect(QRectF(0, r.top(), m_gutterWidget->width(), r.height()), background);
            }
            painter.setPen(m_colors.gutterText);
            int x = digit / 2;
            auto drawNumber = [&](int line) {
                if (line > 0) {
                    painter.drawText(QRectF(x, r.top(), numberWidth, r.height()), Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
                }
                x += numberWidth + digit;
            };
            if (m_gutter != Gutter::New) {
                drawNumber(row->oldLine);
            }
            if (m_gutter != Gutter::Old) {
                drawNumber(row->newLine);
            }
            if (!sign.isEmpty()) {
                painter.setPen(palette().color(QPalette::Text));
                painter.drawText(QRectF(x - digit / 2, r.top(), digit * 1.5, r.height()), Qt::AlignCenter, sign);
            }
        }
        block = block.next();
    }
}

} // namespace Concord
