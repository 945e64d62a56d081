// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffview.h"

#include "diff/diffrows.h"
#include "diff/difftextedit.h"
#include "diff/filecontext.h"
#include "domain/tooltip.h"
#include "diff/imagediffview.h"
#include "diff/notebookdiffview.h"
#include "elidedlabel.h"
#include "patch/binarypatch.h"
#include "diff/hunkstart.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString changeText(const FileDiff &file)
{
    const QString similar = file.similarity >= 0 ? DiffView::tr(" (%1% similar)").arg(file.similarity) : QString();
    switch (file.change) {
    case FileDiff::Change::Added:
        return DiffView::tr("added");
    case FileDiff::Change::Deleted:
        return DiffView::tr("deleted");
    case FileDiff::Change::Renamed:
        return DiffView::tr("renamed from %1").arg(file.oldPath) + similar;
    case FileDiff::Change::Copied:
        return DiffView::tr("copied from %1").arg(file.oldPath) + similar;
    case FileDiff::Change::Modified:
        break;
    }
    return DiffView::tr("modified");
}

// The mode change of a file in words, with git's numbers; empty when there is none.
QString modeText(const FileDiff &file)
{
    const QString executable = u"100755"_s;
    const QString regular = u"100644"_s;
    if (!file.oldMode.isEmpty() && !file.newMode.isEmpty() && file.oldMode != file.newMode) {
        const QString numbers = u"%1 → %2"_s.arg(file.oldMode, file.newMode);
        if (file.oldMode == regular && file.newMode == executable) {
            return DiffView::tr("made executable (mode %1)").arg(numbers);
        }
        if (file.oldMode == executable && file.newMode == regular) {
            return DiffView::tr("no longer executable (mode %1)").arg(numbers);
        }
        return DiffView::tr("mode %1").arg(numbers);
    }
    if (file.change == FileDiff::Change::Added && file.newMode == executable) {
        return DiffView::tr("executable (mode %1)").arg(file.newMode);
    }
    return{};
}

void syncScrollBars(QScrollBar *a, QScrollBar *b)
{
    QObject::connect(a, &QScrollBar::valueChanged, b, [b](int v) {
        if (b->value() != v) {
            b->setValue(v);
        }
    });
    QObject::connect(b, &QScrollBar::valueChanged, a, [a](int v) {
        if (a->value() != v) {
            a->setValue(v);
        }
    });
}

} // namespace

BinaryInfo binaryInfoFromSection(QByteArrayView sectionStart)
{
    const qsizetype marker = sectionStart.indexOf(QByteArrayView("GIT binary patch"));
    if (marker < 0) {
        return {};
    }
    const qsizetype lineStart = sectionStart.indexOf('\n', marker);
    if (lineStart < 0) {
        return {};
    }
    qsizetype lineEnd = sectionStart.indexOf('\n', lineStart + 1);
    if (lineEnd < 0) {
        lineEnd = sectionStart.size();
    }
    const QByteArrayView line = sectionStart.sliced(lineStart + 1, lineEnd - lineStart - 1).trimmed();
    BinaryInfo info;
    QByteArrayView number;
    if (line.startsWith("literal ")) {
        number = line.sliced(8);
    } else if (line.startsWith("delta ")) {
        number = line.sliced(6);
        info.delta = true;
    } else {
        return {};
    }
    bool ok = false;
    const qint64 size = number.toLongLong(&ok);
    if (!ok || size < 0) {
        return {};
    }
    info.size = size;
    return info;
}

QString binaryDescription(const BinaryInfo &info)
{
    if (info.size < 0) {
        return DiffView::tr("Binary file (the patch does not record its size)");
    }
    if (info.delta) {
        return DiffView::tr("Binary file changed (the patch holds only its difference from the old file)");
    }
    return DiffView::tr("Binary file, %1 bytes").arg(QLocale().toString(info.size));
}

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
    , m_context(new FileContext(this))
    , m_title(new ElidedLabel(this))
    , m_contextLabel(new ElidedLabel(this))
    , m_banner(new QLabel(this))
    , m_showAll(new QPushButton(tr("Show All"), this))
    , m_bannerBox(new QWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_unified(new DiffTextEdit(DiffTextEdit::Gutter::OldAndNew, this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_old(new DiffTextEdit(DiffTextEdit::Gutter::Old, m_split))
    , m_new(new DiffTextEdit(DiffTextEdit::Gutter::New, m_split))
    , m_image(new ImageDiffView(this))
    , m_notebook(new NotebookDiffView(this))
    , m_rawJson(new QToolButton(this))
    , m_ignoreWhitespaceAction(new QAction(tr("Ignore &Whitespace"), this))
    , m_nextChangeAction(new QAction(tr("Next &Change"), this))
    , m_previousChangeAction(new QAction(tr("Previous C&hange"), this))
{
    m_ignoreWhitespaceAction->setCheckable(true);
    m_ignoreWhitespaceAction->setToolTip(tr("Show lines that differ only in white space as unchanged"));
    connect(m_ignoreWhitespaceAction, &QAction::toggled, this, &DiffView::setIgnoreWhitespace);
    // F7 as in other diff viewers (Alt+arrows step items and files, F8 unlabeled items).
    m_nextChangeAction->setShortcut(QKeySequence(Qt::Key_F7));
    m_previousChangeAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    connect(m_nextChangeAction, &QAction::triggered, this, [this] {
        stepChange(1);
    });
    connect(m_previousChangeAction, &QAction::triggered, this, [this] {
        stepChange(-1);
    });
    addActions({m_ignoreWhitespaceAction, m_nextChangeAction, m_previousChangeAction});

    // Everything here shows text from patches: plain text only, never rich text.
    // A long path must not keep the pane from shrinking: the middle of it is elided, the
    // file name and what changed stay in view.
    m_title->setElideMode(Qt::ElideMiddle);
    m_title->setContentsMargins(6, 3, 6, 3);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_banner->setTextFormat(Qt::PlainText);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_contextLabel->setElideMode(Qt::ElideMiddle);
    m_contextLabel->setForegroundRole(QPalette::PlaceholderText);
    m_contextLabel->setContentsMargins(6, 3, 6, 3);
    m_contextLabel->hide();
    connect(m_context, &FileContext::statusChanged, this, [this] {
        // The clone's path can be long: shortened in the middle, whole in the tooltip
        // (with the reason when the file could not be read).
        m_contextLabel->setFullText(m_context->statusText());
        m_contextLabel->setToolTip(plainToolTip(m_context->errorString().isEmpty() ? m_context->statusText()
                                                                                     : m_context->errorString()));
        m_contextLabel->setVisible(m_context->status() != FileContext::Status::None);
        if (m_context->status() == FileContext::Status::Ready
            && (m_stack->currentWidget() == m_unified || m_stack->currentWidget() == m_split)) {
            const std::optional<Anchor> anchor = topAnchor();
            rebuild();
            if (anchor) {
                scrollTo(*anchor);
            }
        }
    });
    for (DiffTextEdit *edit : {m_unified, m_old, m_new}) {
        connect(edit, &DiffTextEdit::gapActivated, this, &DiffView::expandGap);
    }

    auto *bannerLayout = new QHBoxLayout(m_bannerBox);
    bannerLayout->setContentsMargins(6, 2, 6, 2);
    bannerLayout->addWidget(m_banner, 1);
    bannerLayout->addWidget(m_showAll);
    m_bannerBox->hide();
    connect(m_showAll, &QPushButton::clicked, this, &DiffView::showAll);

    m_split->setChildrenCollapsible(false);
    syncScrollBars(m_old->verticalScrollBar(), m_new->verticalScrollBar());
    syncScrollBars(m_old->horizontalScrollBar(), m_new->horizontalScrollBar());

    m_stack->addWidget(m_message);
    m_stack->addWidget(m_unified);
    m_stack->addWidget(m_split);
    m_stack->addWidget(m_image);
    m_stack->addWidget(m_notebook);
    m_rawJson->setText(tr("Raw JSON"));
    m_rawJson->setToolTip(tr("Show the notebook's diff as stored (JSON) instead of its cells"));
    m_rawJson->setCheckable(true);
    m_rawJson->hide();
    connect(m_rawJson, &QToolButton::toggled, this, &DiffView::rebuild);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_contextLabel);
    titleRow->addWidget(m_rawJson);
    layout->addLayout(titleRow);
    layout->addWidget(m_bannerBox);
    layout->addWidget(m_stack, 1);
    showMessage(tr("No file selected."));
}

DiffView::~DiffView() = default;

void DiffView::setHighlightTerms(const QList<HighlightTerm> &terms)
{
    for (DiffTextEdit *edit : {m_unified, m_old, m_new}) {
        edit->setHighlightTerms(terms);
    }
}

void DiffView::setMode(Mode mode)
{
    if (m_mode == mode) {
        return;
    }
    const std::optional<Anchor> anchor = topAnchor();
    m_mode = mode;
    rebuild();
    if (anchor) {
        scrollTo(*anchor);
    }
    Q_EMIT modeChanged(mode);
}

void DiffView::setIgnoreWhitespace(bool ignore)
{
    if (m_options.ignoreWhitespace == ignore) {
        return;
    }
    const std::optional<Anchor> anchor = topAnchor();
    m_options.ignoreWhitespace = ignore;
    m_ignoreWhitespaceAction->setChecked(ignore);
    rebuild();
    if (anchor) {
        scrollTo(*anchor);
    }
    Q_EMIT ignoreWhitespaceChanged(ignore);
}

QString DiffView::titleText() const
{
    return m_title->fullText();
}

std::optional<DiffView::Anchor> DiffView::topAnchor() const
{
    if (m_stack->currentWidget() == m_unified) {
        const DiffRow *row = m_unified->rowAt(m_unified->firstVisibleRow());
        if (!row) {
            return std::nullopt;
        }
        return Anchor{row->hunk, row->kind == DiffRow::Kind::HunkHeader, row->oldLine, row->newLine};
    }
    if (m_stack->currentWidget() == m_split) {
        const int top = m_old->firstVisibleRow();
        const DiffRow *left = m_old->rowAt(top);
        const DiffRow *right = m_new->rowAt(top);
        if (!left || !right) {
            return std::nullopt;
        }
        return Anchor{left->hunk, left->kind == DiffRow::Kind::HunkHeader, left->oldLine, right->newLine};
    }
    return std::nullopt;
}

void DiffView::scrollTo(const Anchor &anchor)
{
    auto matches = [&](const DiffRow &row, bool oldSide, bool newSide) {
        if (anchor.header) {
            return row.kind == DiffRow::Kind::HunkHeader && row.hunk == anchor.hunk;
        }
        return (oldSide && anchor.oldLine > 0 && row.oldLine == anchor.oldLine)
            || (newSide && anchor.newLine > 0 && row.newLine == anchor.newLine);
    };
    if (m_stack->currentWidget() == m_unified) {
        const QList<DiffRow> &rows = m_unified->rows();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (matches(rows[i], true, true)) {
                m_unified->scrollToRow(int(i));
                return;
            }
        }
    } else if (m_stack->currentWidget() == m_split) {
        const QList<DiffRow> &left = m_old->rows();
        const QList<DiffRow> &right = m_new->rows();
        for (qsizetype i = 0; i < std::min(left.size(), right.size()); ++i) {
            if (matches(left[i], true, false) || matches(right[i], false, true)) {
                m_old->scrollToRow(int(i));
                m_new->scrollToRow(int(i));
                return;
            }
        }
    }
}

bool DiffView::isChangeRow(int row) const
{
    if (m_mode == Mode::Unified) {
        const DiffRow *r = m_unified->rowAt(row);
        return r && (r->kind == DiffRow::Kind::Added || r->kind == DiffRow::Kind::Deleted);
    }
    const DiffRow *left = m_old->rowAt(row);
    const DiffRow *right = m_new->rowAt(row);
    return (left && left->kind == DiffRow::Kind::Deleted) || (right && right->kind == DiffRow::Kind::Added);
}

bool DiffView::stepChange(int direction)
{
    DiffTextEdit *edit = m_mode == Mode::Unified ? m_unified : m_new;
    if (m_stack->currentWidget() == m_message || edit->rows().isEmpty()) {
        return false;
    }
    const int count = int(edit->rows().size());
    // From the cursor when it is on screen (where the last step left it), else from
    // what the reader scrolled to.
    const int first = edit->firstVisibleRow();
    const int visible = std::max(1, edit->viewport()->height() / std::max(1, edit->fontMetrics().height()));
    const int cursor = edit->textCursor().blockNumber();
    const bool cursorShown = cursor >= first && cursor < first + visible;
    int from = cursorShown ? cursor : (direction > 0 ? first - 1 : first);
    auto isStart = [&](int row) {
        return isChangeRow(row) && !isChangeRow(row - 1);
    };
    int target = -1;
    if (direction > 0) {
        for (int row = from + 1; row < count; ++row) {
            if (isStart(row)) {
                target = row;
                break;
            }
        }
    } else {
        for (int row = std::min(from, count) - 1; row >= 0; --row) {
            if (isStart(row)) {
                target = row;
                break;
            }
        }
    }
    if (target < 0) {
        return false;
    }
    const QList<DiffTextEdit *> edits = m_mode == Mode::Unified ? QList<DiffTextEdit *>{m_unified}
                                                                : QList<DiffTextEdit *>{m_old, m_new};
    for (DiffTextEdit *e : edits) {
        QTextCursor c(e->document()->findBlockByNumber(target));
        e->setTextCursor(c);
        // A few rows of context above the change.
        e->scrollToRow(std::max(0, target - 3));
    }
    return true;
}

void DiffView::setRowLimit(int rows)
{
    m_rowLimit = std::max(1, rows);
}

void DiffView::setFile(const FileDiff &file, HunkLoader loader, const BinaryInfo &binary)
{
    m_file = file;
    m_loader = std::move(loader);
    m_hunkLines.clear();
    m_hunkStarts.clear();
    m_loadError.clear();
    m_truncated = false;
    m_all = false;
    QStringList what{changeText(file)};
    if (const QString mode = modeText(file); !mode.isEmpty()) {
        what << mode;
    }
    m_title->setFullText(file.displayPath() + u"  —  "_s + what.join(u", "_s));
    m_rawJson->setVisible(!file.binary && isNotebookPath(file.displayPath()));
    m_expanded.clear();
    if (!file.binary && !file.hunks.isEmpty() && !m_clonePath.isEmpty() && !isNotebookPath(file.displayPath())) {
        m_context->load(file, m_clonePath, m_commitSha);
    } else {
        m_context->clear();
    }
    if (file.binary) {
        m_bannerBox->hide();
        if (!binary.section.isEmpty()) {
            // The patch may carry the file's bytes: images are shown, the rest described.
            const BinaryContent content = binaryContent(file, binary.section);
            const bool image = ImageDiffView::isImagePath(file.displayPath());
            if (image && m_image->setFile(file, content)) {
                m_stack->setCurrentWidget(m_image);
                return;
            }
            QString text = describeBinaryChange(file, content, image ? tr("Image") : tr("Binary file"));
            if (image && content.hasPatchData) {
                text += u"\n"_s + tr("The patch holds only the difference from the old file (a git delta), not the images; "
                                    "they can be shown only with the repository.");
            }
            m_message->setText(text);
            m_stack->setCurrentWidget(m_message);
            return;
        }
        m_message->setText(binaryDescription(binary));
        m_stack->setCurrentWidget(m_message);
        return;
    }
    loadHunks(false);
    rebuild();
}

void DiffView::setFile(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, const BinaryInfo &binary)
{
    setFile(
        file,
        [hunkLines](int index, QString *) -> std::optional<QList<DiffLine>> {
            if (index < 0 || index >= hunkLines.size()) {
                return std::nullopt;
            }
            return hunkLines[index];
        },
        binary);
}

void DiffView::showMessage(const QString &message)
{
    m_file = {};
    m_loader = {};
    m_hunkLines.clear();
    m_hunkStarts.clear();
    m_truncated = false;
    m_context->clear();
    m_title->setFullText(QString());
    m_bannerBox->hide();
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

QString DiffView::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

void DiffView::showAll()
{
    if (!m_truncated) {
        return;
    }
    m_all = true;
    const std::optional<Anchor> anchor = topAnchor();
    loadHunks(true);
    rebuild();
    if (anchor) {
        scrollTo(*anchor);
    }
}

void DiffView::computeHunkStarts()
{
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(m_file.displayPath());
    while (m_hunkStarts.size() < m_hunkLines.size()) {
        m_hunkStarts.append(hunkStart(definition, m_hunkLines[m_hunkStarts.size()]).state);
    }
}

void DiffView::loadHunks(bool all)
{
    qsizetype rows = 0;
    for (const QList<DiffLine> &lines : std::as_const(m_hunkLines)) {
        rows += lines.size() + 1;
    }
    // Loading every hunk of a huge file takes a while: show progress and allow a cancel
    // (what was loaded so far stays shown).
    std::unique_ptr<QProgressDialog> progress;
    if (all && m_file.hunks.size() - m_hunkLines.size() > 200) {
        progress = std::make_unique<QProgressDialog>(tr("Loading %1…").arg(m_file.displayPath()), tr("Cancel"), int(m_hunkLines.size()),
                                                     int(m_file.hunks.size()), this);
        progress->setWindowModality(Qt::WindowModal);
        progress->setMinimumDuration(500);
    }
    while (m_hunkLines.size() < m_file.hunks.size() && (all || rows < m_rowLimit)) {
        if (progress) {
            progress->setValue(int(m_hunkLines.size()));
            if (progress->wasCanceled()) {
                break;
            }
        }
        QString error;
        std::optional<QList<DiffLine>> lines = m_loader ? m_loader(int(m_hunkLines.size()), &error) : std::nullopt;
        if (!lines) {
            m_loadError = tr("Hunk %1 of %2 could not be read: %3")
                              .arg(m_hunkLines.size() + 1)
                              .arg(m_file.hunks.size())
                              .arg(error.isEmpty() ? tr("unknown error") : error);
            break;
        }
        rows += lines->size() + 1;
        m_hunkLines.append(std::move(*lines));
    }
    m_truncated = m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size();
}

void DiffView::rebuild()
{
    if (m_stack->currentWidget() == m_message && m_loader == nullptr) {
        return;
    }
    if (m_file.binary) {
        return;
    }
    if (m_file.hunks.isEmpty()) {
        m_bannerBox->hide();
        m_message->setText(describeFile());
        m_stack->setCurrentWidget(m_message);
        return;
    }
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(m_file.displayPath());
    // One hunk can itself be huge (a generated file added whole): cut the rows too, one
    // more than the limit asked for so a cut is seen.
    const qsizetype maxRows = m_all ? -1 : qsizetype(m_rowLimit) + 1;
    bool cut = false;
    auto limit = [&](QList<DiffRow> &rows) {
        if (!m_all && rows.size() > m_rowLimit) {
            rows.resize(m_rowLimit);
            cut = true;
        }
    };
    if (isNotebookPath(m_file.displayPath()) && !m_rawJson->isChecked()) {
        m_notebook->setDiff(notebookDiff(m_file, m_hunkLines), m_hunkLines.size() == m_file.hunks.size());
        m_stack->setCurrentWidget(m_notebook);
    } else if (m_mode == Mode::Unified) {
        const bool whole = m_context->verify(m_hunkLines);
        if (!whole) {
            computeHunkStarts();
        }
        QList<DiffRow> rows = DiffRows::unified(m_file, m_hunkLines, maxRows, m_options);
        limit(rows);
        if (whole) {
            rows = m_context->withGaps(rows, m_expanded, m_hunkLines.size() == m_file.hunks.size() && !cut);
        }
        m_unified->setRows(rows, definition, whole ? m_context->oldStarts() : m_hunkStarts,
                           whole ? m_context->newStarts() : QList<KSyntaxHighlighting::State>());
        m_stack->setCurrentWidget(m_unified);
    } else {
        const bool whole = m_context->verify(m_hunkLines);
        if (!whole) {
            computeHunkStarts();
        }
        auto [left, right] = DiffRows::sideBySide(m_file, m_hunkLines, maxRows, m_options);
        limit(left);
        limit(right);
        if (whole) {
            const bool complete = m_hunkLines.size() == m_file.hunks.size() && !cut;
            left = m_context->withGaps(left, m_expanded, complete);
            right = m_context->withGaps(right, m_expanded, complete);
        }
        m_old->setRows(left, definition, whole ? m_context->oldStarts() : m_hunkStarts);
        m_new->setRows(right, definition, whole ? m_context->oldStarts() : m_hunkStarts,
                       whole ? m_context->newStarts() : QList<KSyntaxHighlighting::State>());
        m_stack->setCurrentWidget(m_split);
    }
    m_truncated = m_truncated || cut;
    if (!m_loadError.isEmpty()) {
        m_banner->setText(m_loadError);
        m_showAll->hide();
        m_bannerBox->show();
    } else if (m_truncated) {
        m_banner->setText(cut ? tr("Showing the first %1 rows of this large file.").arg(QLocale().toString(m_rowLimit))
                              : tr("Showing %1 of %2 hunks of this large file.").arg(m_hunkLines.size()).arg(m_file.hunks.size()));
        m_showAll->show();
        m_bannerBox->show();
    } else {
        m_bannerBox->hide();
    }
}

void DiffView::setLocalClone(const QString &clonePath, const QString &commitSha)
{
    m_clonePath = clonePath;
    m_commitSha = commitSha;
}

QString DiffView::contextText() const
{
    return m_context->status() == FileContext::Status::None ? QString() : m_context->statusText();
}

void DiffView::expandGap(int gap)
{
    const int shown = m_expanded.value(gap);
    if (shown >= m_context->gap(gap).count) {
        return;
    }
    m_expanded.insert(gap, shown + FileContext::expandStep());
    // The rows above the gap stay as they are: so does the scroll position.
    DiffTextEdit *edit = m_mode == Mode::Unified ? m_unified : m_old;
    const int top = edit->verticalScrollBar()->value();
    rebuild();
    for (DiffTextEdit *e : {m_unified, m_old, m_new}) {
        e->verticalScrollBar()->setValue(top);
    }
}

void DiffView::expandAllGaps()
{
    for (int gap = 0; gap <= m_file.hunks.size(); ++gap) {
        m_expanded.insert(gap, std::numeric_limits<int>::max());
    }
    rebuild();
}

QString DiffView::describeFile() const
{
    QStringList parts;
    if (m_file.change == FileDiff::Change::Renamed) {
        parts << tr("Renamed from %1 to %2 without changes to its content.").arg(m_file.oldPath, m_file.newPath);
    } else if (m_file.change == FileDiff::Change::Copied) {
        parts << tr("Copied from %1 to %2 without changes to its content.").arg(m_file.oldPath, m_file.newPath);
    } else if (m_file.change == FileDiff::Change::Added) {
        parts << tr("Empty file added.");
    } else if (m_file.change == FileDiff::Change::Deleted) {
        parts << tr("Empty file deleted.");
    }
    if (!m_file.oldMode.isEmpty() && !m_file.newMode.isEmpty() && m_file.oldMode != m_file.newMode) {
        parts << tr("Mode changed from %1 to %2.").arg(m_file.oldMode, m_file.newMode);
    }
    if (parts.isEmpty()) {
        parts << tr("No changes to the content of this file.");
    }
    return parts.join(u'\n');
}

} // namespace Concord
