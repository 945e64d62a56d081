// SPDX-License-Identifier: GPL-3.0-or-later
#include "notebookdiffview.h"

#include "diff/difftextedit.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

KSyntaxHighlighting::Definition definitionFor(const QString &language)
{
    KSyntaxHighlighting::Repository &repo = syntaxRepository();
    for (const KSyntaxHighlighting::Definition &d : repo.definitions()) {
        if (d.name().compare(language, Qt::CaseInsensitive) == 0) {
            return d;
        }
    }
    return repo.definitionForName(u"Python"_s);
}

// A diff text view as tall as its rows, inside the scrolling cell list.
DiffTextEdit *linesView(const QList<NotebookBlock::Line> &lines, const KSyntaxHighlighting::Definition &definition, QWidget *parent)
{
    QList<DiffRow> rows;
    int oldLine = 0;
    int newLine = 0;
    for (const NotebookBlock::Line &l : lines) {
        DiffRow row;
        row.text = l.text;
        switch (l.kind) {
        case DiffLine::Kind::Added:
            row.kind = DiffRow::Kind::Added;
            row.newLine = ++newLine;
            break;
        case DiffLine::Kind::Deleted:
            row.kind = DiffRow::Kind::Deleted;
            row.oldLine = ++oldLine;
            break;
        default:
            row.kind = DiffRow::Kind::Context;
            row.oldLine = ++oldLine;
            row.newLine = ++newLine;
            break;
        }
        rows.append(row);
    }
    auto *edit = new DiffTextEdit(DiffTextEdit::Gutter::OldAndNew, parent);
    edit->setRows(rows, definition);
    edit->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int height = int(rows.size()) * edit->fontMetrics().lineSpacing() + 2 * edit->frameWidth()
        + int(2 * edit->document()->documentMargin()) + edit->horizontalScrollBar()->sizeHint().height() + 4;
    edit->setFixedHeight(height);
    return edit;
}

QLabel *imageLabel(const QString &title, const QByteArray &bytes, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    const QImage image = QImage::fromData(bytes);
    if (bytes.isEmpty()) {
        label->setText(title + u"\n"_s + NotebookDiffView::tr("(none)"));
    } else if (image.isNull()) {
        label->setText(title + u"\n"_s + NotebookDiffView::tr("(the image cannot be decoded)"));
    } else {
        QImage shown = image.width() > 300 ? image.scaledToWidth(300, Qt::SmoothTransformation) : image;
        label->setPixmap(QPixmap::fromImage(shown));
        label->setToolTip(NotebookDiffView::tr("%1: %2 × %3 px").arg(title).arg(image.width()).arg(image.height()));
    }
    return label;
}

QString blockTitle(const NotebookBlock &block)
{
    const QString hunk = NotebookDiffView::tr("Hunk %1").arg(block.hunk + 1);
    QString what;
    switch (block.role) {
    case NotebookBlock::Role::Source:
        what = block.cellType.isEmpty() ? NotebookDiffView::tr("cell source") : NotebookDiffView::tr("%1 cell").arg(block.cellType);
        if (!block.startSeen) {
            what += NotebookDiffView::tr(" (continued: its start is outside the hunk)");
        }
        break;
    case NotebookBlock::Role::OutputText:
        what = NotebookDiffView::tr("output %1, %n line(s)", nullptr, int(block.lines.size())).arg(block.name);
        break;
    case NotebookBlock::Role::Image:
        what = NotebookDiffView::tr("image output (%1)").arg(block.name);
        break;
    case NotebookBlock::Role::Json:
        what = NotebookDiffView::tr("other JSON changes (metadata, execution counts), %n line(s)", nullptr, int(block.lines.size()));
        break;
    }
    QString title = hunk + u" · "_s + what;
    if (!block.changed()) {
        title += NotebookDiffView::tr(" · unchanged");
    }
    return title;
}

} // namespace

NotebookDiffView::NotebookDiffView(QWidget *parent)
    : QScrollArea(parent)
    , m_buildTimer(new QTimer(this))
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_buildTimer->setSingleShot(true);
    m_buildTimer->setInterval(0);
    connect(m_buildTimer, &QTimer::timeout, this, [this] {
        buildSlice(1, true);
    });
}

NotebookDiffView::~NotebookDiffView() = default;

void NotebookDiffView::setDiff(const NotebookDiff &diff, bool allHunksLoaded)
{
    m_headers.clear();
    m_content = new QWidget;
    auto *layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(8, 6, 8, 8);
    m_note = new QLabel(m_content);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    QString note = diff.complete
        ? tr("The whole notebook, cell by cell (%1).").arg(diff.language)
        : tr("The patch holds only the parts of this notebook its hunks show, so these are the cells and outputs they touch, "
             "highlighted as %1; lines outside the hunks are not in the patch. \"Raw JSON\" shows the diff as stored.")
              .arg(diff.language);
    if (!allHunksLoaded) {
        note += u" "_s + tr("Only the hunks loaded so far are shown.");
    }
    m_note->setText(note);
    layout->addWidget(m_note);

    m_layout = layout;
    m_language = diff.language;
    m_code = {};
    m_blocks = diff.blocks;
    m_next = 0;
    for (const NotebookBlock &block : std::as_const(m_blocks)) {
        m_headers.append(blockTitle(block));
    }
    if (diff.blocks.isEmpty()) {
        auto *none = new QLabel(tr("No cell source or output could be read from these hunks; \"Raw JSON\" shows them."), m_content);
        none->setTextFormat(Qt::PlainText);
        layout->addWidget(none);
    }
    layout->addStretch(1);
    setWidget(m_content); // deletes the previous content
    // The first screen at once, the rest between events.
    m_buildTimer->stop();
    buildSlice(2, false);
}

void NotebookDiffView::stopBuilding()
{
    m_buildTimer->stop();
    m_blocks.clear();
    m_next = 0;
}

void NotebookDiffView::buildSlice(int minimum, bool timed)
{
    QElapsedTimer slice;
    slice.start();
    int added = 0;
    while (m_next < m_blocks.size() && (added < minimum || (timed && slice.elapsed() < 15))) {
        addBlock(m_blocks[m_next], m_headers.value(m_next));
        ++m_next;
        ++added;
    }
    if (m_next < m_blocks.size()) {
        m_buildTimer->start();
        return;
    }
    m_blocks.clear();
    m_next = 0;
    Q_EMIT built();
}

void NotebookDiffView::addBlock(const NotebookBlock &block, const QString &title)
{
    // Before the stretch that ends the layout.
    const int at = m_layout->count() - 1;
    if (block.role == NotebookBlock::Role::Source) {
        if (!m_code.isValid()) {
            m_code = definitionFor(m_language);
        }
        auto *header = new QLabel(title, m_content);
        header->setTextFormat(Qt::PlainText);
        QFont bold = header->font();
        bold.setBold(true);
        header->setFont(bold);
        m_layout->insertWidget(at, header);
        const KSyntaxHighlighting::Definition markdown = syntaxRepository().definitionForName(u"Markdown"_s);
        m_layout->insertWidget(at + 1, linesView(block.lines, block.cellType == u"markdown"_s ? markdown : m_code, m_content));
    } else if (block.role == NotebookBlock::Role::Image) {
        auto *header = new QLabel(title, m_content);
        header->setTextFormat(Qt::PlainText);
        m_layout->insertWidget(at, header);
        auto *row = new QHBoxLayout;
        if (block.oldImage == block.newImage) {
            row->addWidget(imageLabel(tr("Image"), block.newImage, m_content));
        } else {
            row->addWidget(imageLabel(tr("Old"), block.oldImage, m_content));
            row->addWidget(imageLabel(tr("New"), block.newImage, m_content));
        }
        row->addStretch(1);
        m_layout->insertLayout(at + 1, row);
    } else {
        // Outputs and JSON: collapsed; the lines are built when first opened.
        auto *toggle = new QToolButton(m_content);
        toggle->setText(title);
        toggle->setCheckable(true);
        toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        toggle->setArrowType(Qt::RightArrow);
        toggle->setAutoRaise(true);
        m_layout->insertWidget(at, toggle);
        auto *holder = new QWidget(m_content);
        auto *holderLayout = new QVBoxLayout(holder);
        holderLayout->setContentsMargins(16, 0, 0, 0);
        holder->hide();
        m_layout->insertWidget(at + 1, holder);
        const QList<NotebookBlock::Line> lines = block.lines;
        connect(toggle, &QToolButton::toggled, holder, [toggle, holder, holderLayout, lines](bool on) {
            toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
            if (on && holderLayout->count() == 0) {
                holderLayout->addWidget(linesView(lines, KSyntaxHighlighting::Definition(), holder));
            }
            holder->setVisible(on);
        });
    }
}

QString NotebookDiffView::noteText() const
{
    return m_note ? m_note->text() : QString();
}

QStringList NotebookDiffView::blockHeaders() const
{
    return m_headers;
}

} // namespace Concord
