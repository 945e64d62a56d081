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
#include <QPromise>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>
#include <memory>
#include <tuple>

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
    , m_stop(new QPushButton(tr("Stop"), this))
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
    // Each slice of a load runs when the events before it have been handled.
    m_loadTimer = new QTimer(this);
    m_loadTimer->setSingleShot(true);
    m_loadTimer->setInterval(0);
    connect(m_loadTimer, &QTimer::timeout, this, [this] {
        loadSlice(0);
    });
    m_buildWatcher = new QFutureWatcher<BuiltHunk>(this);
    connect(m_buildWatcher, &QFutureWatcher<BuiltHunk>::finished, this, &DiffView::hunkBuilt);
    m_notebookWatcher = new QFutureWatcher<NotebookDiff>(this);
    connect(m_notebookWatcher, &QFutureWatcher<NotebookDiff>::finished, this, &DiffView::notebookRead);

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
    bannerLayout->addWidget(m_stop);
    m_bannerBox->hide();
    m_stop->hide();
    connect(m_showAll, &QPushButton::clicked, this, &DiffView::showAll);
    connect(m_stop, &QPushButton::clicked, this, &DiffView::stopLoading);

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
    connect(m_notebook, &NotebookDiffView::built, this, &DiffView::loadingFinished);

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
    keepAnchor(anchor);
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
    keepAnchor(anchor);
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

bool DiffView::scrollTo(const Anchor &anchor)
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
                return m_unified->firstVisibleRow() == int(i);
            }
        }
    } else if (m_stack->currentWidget() == m_split) {
        const QList<DiffRow> &left = m_old->rows();
        const QList<DiffRow> &right = m_new->rows();
        for (qsizetype i = 0; i < std::min(left.size(), right.size()); ++i) {
            if (matches(left[i], true, false) || matches(right[i], false, true)) {
                m_old->scrollToRow(int(i));
                m_new->scrollToRow(int(i));
                return m_old->firstVisibleRow() == int(i);
            }
        }
    }
    return false;
}

void DiffView::keepAnchor(const std::optional<Anchor> &anchor)
{
    m_pendingAnchor.reset();
    if (anchor && !scrollTo(*anchor) && m_loading) {
        // The row is not there yet, or too near the end to be at the top: again after
        // each slice until it is.
        m_pendingAnchor = anchor;
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
    cancelLoading();
    m_file = file;
    m_loader = std::move(loader);
    m_hunkLines.clear();
    m_hunkStarts.clear();
    m_loadError.clear();
    m_loadedRows = 0;
    m_builtHunks = 0;
    m_builtRows = 0;
    m_cut = false;
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
    rebuild();
}

void DiffView::scheduleNotebookRead()
{
    QMetaObject::invokeMethod(this, [this, generation = m_generation] {
        // Another file, raw JSON or a cancel since: that path reads on its own.
        if (generation == m_generation && m_loading) {
            readNotebookHunks();
        }
    }, Qt::QueuedConnection);
}

void DiffView::readNotebookHunks()
{
    QElapsedTimer slice;
    slice.start();
    while (m_hunkLines.size() < m_file.hunks.size() && m_loadedRows < m_rowLimit && slice.elapsed() < 12) {
        if (!loadNextHunk()) {
            break;
        }
    }
    if (m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size() && m_loadedRows < m_rowLimit) {
        scheduleNotebookRead();
        return;
    }
    m_truncated = m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size();
    rebuild(); // every hunk up to the limit is in: makes the cells
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
    cancelLoading();
    m_file = {};
    m_loader = {};
    m_hunkLines.clear();
    m_hunkStarts.clear();
    m_loadedRows = 0;
    m_builtHunks = 0;
    m_builtRows = 0;
    m_cut = false;
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
    if (!m_truncated && !m_loading) {
        return;
    }
    m_all = true;
    if (isNotebookPath(m_file.displayPath()) && !m_rawJson->isChecked()) {
        const std::optional<Anchor> anchor = topAnchor();
        loadHunks(true);
        rebuild();
        if (anchor) {
            scrollTo(*anchor);
        }
        return;
    }
    // Builds on what is shown: the rows there stay, the rest is appended in slices.
    m_truncated = false;
    if (m_cut || (!m_loading && shownRows() < m_builtRows)) {
        // The last hunk shown is shown in part (cut at the row limit, or stopped): build
        // the rows again, that hunk whole.
        const std::optional<Anchor> anchor = topAnchor();
        rebuild();
        keepAnchor(anchor);
        return;
    }
    if (!m_loading) {
        m_loading = true;
        m_loadClock.start();
    }
    loadSlice(0);
}

void DiffView::loadHunks(bool all)
{
    // Loading every hunk of a huge notebook takes a while: show progress and allow a
    // cancel (what was loaded so far stays shown).
    std::unique_ptr<QProgressDialog> progress;
    if (all && m_file.hunks.size() - m_hunkLines.size() > 200) {
        progress = std::make_unique<QProgressDialog>(tr("Loading %1…").arg(m_file.displayPath()), tr("Cancel"), int(m_hunkLines.size()),
                                                     int(m_file.hunks.size()), this);
        progress->setWindowModality(Qt::WindowModal);
        progress->setMinimumDuration(500);
    }
    while (m_hunkLines.size() < m_file.hunks.size() && (all || m_loadedRows < m_rowLimit)) {
        if (progress) {
            progress->setValue(int(m_hunkLines.size()));
            if (progress->wasCanceled()) {
                break;
            }
        }
        if (!loadNextHunk()) {
            break;
        }
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
    if (isNotebookPath(m_file.displayPath()) && !m_rawJson->isChecked()) {
        cancelLoading();
        if (m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size() && m_loadedRows < m_rowLimit) {
            // Cells are made from the whole JSON, so the hunks (up to the row limit) are
            // read first, in slices.
            m_bannerBox->hide();
            m_message->setText(tr("Reading the notebook's cells…"));
            m_stack->setCurrentWidget(m_message);
            m_loading = true;
            m_loadClock.start();
            scheduleNotebookRead(); // after the message has painted
            return;
        }
        qsizetype chars = 0;
        for (const QList<DiffLine> &lines : std::as_const(m_hunkLines)) {
            for (const DiffLine &line : lines) {
                chars += line.text.size();
            }
        }
        if (chars > 200'000) {
            // Reading the cells and images out of megabytes of JSON takes a while: off the
            // UI thread, on copies of the lines.
            m_loading = true;
            m_loadClock.start();
            m_bannerBox->hide();
            m_message->setText(tr("Reading the notebook's cells…"));
            m_stack->setCurrentWidget(m_message);
            auto promise = std::make_shared<QPromise<NotebookDiff>>();
            m_notebookWatcher->setFuture(promise->future());
            m_notebookGeneration = m_generation;
            QThreadPool::globalInstance()->start([promise, file = m_file, lines = m_hunkLines] {
                promise->start();
                promise->addResult(notebookDiff(file, lines));
                promise->finish();
            });
            return;
        }
        showNotebook(notebookDiff(m_file, m_hunkLines));
        return;
    }
    // The rows are built again from the hunks loaded so far; loading goes on from there.
    m_loadTimer->stop();
    m_notebook->stopBuilding();
    dropBuild();
    m_provisional = 0; // the views are emptied below
    m_pending[0].clear();
    m_pending[1].clear();
    m_pendingAt = 0;
    m_pendingAnchor.reset();
    m_builtHunks = 0;
    m_builtRows = 0;
    m_cut = false;
    m_truncated = false;
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(m_file.displayPath());
    if (m_context->status() == FileContext::Status::Ready) {
        // The whole file is here (read off the UI thread, at most 20 MB, its states computed
        // in slices): the hunks up to the row limit are read at once and shown with the
        // file's unchanged lines between them and the file's real highlighting states.
        loadHunks(m_all);
        if (m_context->verify(m_hunkLines)) {
            rebuildWithContext(definition);
            return;
        }
    }
    // The gutter is sized for the last hunk's line numbers at once, so it does not widen
    // while rows arrive.
    int maxLine = 0;
    for (const Hunk &hunk : std::as_const(m_file.hunks)) {
        maxLine = std::max({maxLine, hunk.oldStart + hunk.oldCount, hunk.newStart + hunk.newCount});
    }
    if (m_mode == Mode::Unified) {
        m_unified->clearRows(definition, maxLine);
        m_stack->setCurrentWidget(m_unified);
    } else {
        m_old->clearRows(definition, maxLine);
        m_new->clearRows(definition, maxLine);
        m_stack->setCurrentWidget(m_split);
    }
    if (!m_loading) {
        m_loading = true;
        m_loadClock.start();
    }
    loadSlice(s_firstScreenRows);
}

void DiffView::rebuildWithContext(const KSyntaxHighlighting::Definition &definition)
{
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
    const bool complete = m_hunkLines.size() == m_file.hunks.size();
    if (m_mode == Mode::Unified) {
        QList<DiffRow> rows = DiffRows::unified(m_file, m_hunkLines, maxRows, m_options);
        limit(rows);
        rows = m_context->withGaps(rows, m_expanded, complete && !cut);
        m_unified->setRows(rows, definition, m_context->oldStarts(), m_context->newStarts());
        m_stack->setCurrentWidget(m_unified);
    } else {
        auto [left, right] = DiffRows::sideBySide(m_file, m_hunkLines, maxRows, m_options);
        limit(left);
        limit(right);
        left = m_context->withGaps(left, m_expanded, complete && !cut);
        right = m_context->withGaps(right, m_expanded, complete && !cut);
        m_old->setRows(left, definition, m_context->oldStarts());
        m_new->setRows(right, definition, m_context->oldStarts(), m_context->newStarts());
        m_stack->setCurrentWidget(m_split);
    }
    m_builtHunks = int(m_hunkLines.size());
    m_cut = cut;
    m_builtRows = shownRows();
    // Everything is shown: what finishLoading() does at the end of a sliced load (banner,
    // Show All, the loadingFinished signal when a load was in hand).
    finishLoading();
}

bool DiffView::isLoading() const
{
    return m_loading || (m_stack->currentWidget() == m_notebook && m_notebook->isBuilding());
}

void DiffView::showNotebook(const NotebookDiff &diff)
{
    m_notebook->setDiff(diff, m_hunkLines.size() == m_file.hunks.size());
    m_stack->setCurrentWidget(m_notebook);
    m_truncated = m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size();
    m_bannerBox->setVisible(!m_loadError.isEmpty() || m_truncated);
    m_banner->setText(!m_loadError.isEmpty() ? m_loadError
                                             : tr("Showing %1 of %2 hunks of this large file.").arg(m_hunkLines.size()).arg(m_file.hunks.size()));
    m_showAll->setVisible(m_loadError.isEmpty());
    m_stop->hide();
}

void DiffView::notebookRead()
{
    const QFuture<NotebookDiff> future = m_notebookWatcher->future();
    if (!m_loading || m_notebookGeneration != m_generation || !future.isValid() || future.resultCount() == 0) {
        return; // for a file no longer shown
    }
    m_loading = false;
    showNotebook(future.result());
    if (!m_notebook->isBuilding()) {
        Q_EMIT loadingFinished();
    }
}

qsizetype DiffView::shownRows() const
{
    return (m_mode == Mode::Unified ? m_unified : m_old)->rows().size();
}

void DiffView::cancelLoading()
{
    m_loadTimer->stop();
    m_loading = false;
    dropBuild();
    m_pending[0].clear();
    m_pending[1].clear();
    m_pendingAt = 0;
    m_pendingAnchor.reset();
    m_stop->hide();
    m_notebook->stopBuilding();
}

void DiffView::stopLoading()
{
    if (!m_loading) {
        return;
    }
    finishLoading();
}

bool DiffView::loadNextHunk()
{
    QString error;
    const int index = int(m_hunkLines.size());
    std::optional<QList<DiffLine>> lines = m_loader ? m_loader(index, &error) : std::nullopt;
    if (!lines) {
        m_loadError = tr("Hunk %1 of %2 could not be read: %3")
                          .arg(index + 1)
                          .arg(m_file.hunks.size())
                          .arg(error.isEmpty() ? tr("unknown error") : error);
        return false;
    }
    m_loadedRows += lines->size() + 1;
    m_hunkLines.append(std::move(*lines));
    return true;
}

namespace {

// Rows of a hunk this large are built off the UI thread: word-level changes on long
// lines and aligning long runs take far longer than a slice.
bool buildsOffThread(const QList<DiffLine> &lines)
{
    qsizetype chars = 0;
    for (const DiffLine &line : lines) {
        chars += line.text.size();
    }
    return lines.size() > 400 || chars > 16'000;
}

} // namespace

void DiffView::buildNextHunk(bool firstScreen)
{
    const int h = m_builtHunks;
    if (m_hunkStarts.size() <= h) {
        // Highlighting states: on the UI thread, with the one syntax repository.
        const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(m_file.displayPath());
        m_hunkStarts.append(hunkStart(definition, m_hunkLines[h]).state);
    }
    // One hunk can itself be huge (a generated file added whole): cut its rows too, one
    // more than the limit asked for so a cut is seen.
    const qsizetype maxRows = m_all ? -1 : qsizetype(m_rowLimit) + 1 - m_builtRows;
    const bool unified = m_mode == Mode::Unified;
    if (!buildsOffThread(m_hunkLines[h])) {
        BuiltHunk built;
        built.hunk = h;
        if (unified) {
            built.rows[0] = DiffRows::unifiedHunk(m_file, h, m_hunkLines[h], maxRows, m_options);
        } else {
            std::tie(built.rows[0], built.rows[1]) = DiffRows::sideBySideHunk(m_file, h, m_hunkLines[h], maxRows, m_options);
        }
        acceptHunk(std::move(built));
        return;
    }
    // Values only go to the worker (copies, shared until written), and its result comes
    // back through the watcher, tagged with the generation it was started in.
    auto promise = std::make_shared<QPromise<BuiltHunk>>();
    m_buildWatcher->setFuture(promise->future());
    m_building = true;
    QThreadPool::globalInstance()->start([promise, file = m_file, h, lines = m_hunkLines[h], maxRows, options = m_options,
                                          unified, generation = m_generation] {
        promise->start();
        BuiltHunk built;
        built.generation = generation;
        built.hunk = h;
        if (unified) {
            built.rows[0] = DiffRows::unifiedHunk(file, h, lines, maxRows, options);
        } else {
            std::tie(built.rows[0], built.rows[1]) = DiffRows::sideBySideHunk(file, h, lines, maxRows, options);
        }
        promise->addResult(std::move(built));
        promise->finish();
    });
    if (firstScreen && shownRows() < s_firstScreenRows) {
        // The first screen does not wait for it: the hunk's first rows without word-level
        // changes at once, replaced by the whole rows when they come.
        DiffRows::Options quick = m_options;
        quick.wordChanges = false;
        const qsizetype want = std::min<qsizetype>(s_firstScreenRows - shownRows(), m_all ? s_firstScreenRows : m_rowLimit - m_builtRows);
        const qsizetype rows = maxRows < 0 ? want : std::min(want, maxRows);
        m_provisionalFrom = shownRows();
        if (unified) {
            m_unified->appendRows(DiffRows::unifiedHunk(m_file, h, m_hunkLines[h], rows, quick), m_hunkStarts);
        } else {
            const auto [left, right] = DiffRows::sideBySideHunk(m_file, h, m_hunkLines[h], rows, quick);
            m_old->appendRows(left, m_hunkStarts);
            m_new->appendRows(right, m_hunkStarts);
        }
        m_provisional = shownRows() - m_provisionalFrom;
    }
}

void DiffView::dropProvisionalRows()
{
    if (m_provisional == 0) {
        return;
    }
    if (m_mode == Mode::Unified) {
        m_unified->truncateRows(m_provisionalFrom);
    } else {
        m_old->truncateRows(m_provisionalFrom);
        m_new->truncateRows(m_provisionalFrom);
    }
    m_provisional = 0;
}

void DiffView::hunkBuilt()
{
    const QFuture<BuiltHunk> future = m_buildWatcher->future();
    if (!m_building || !future.isValid() || future.resultCount() == 0) {
        return;
    }
    BuiltHunk built = m_buildWatcher->future().result();
    if (built.generation != m_generation || built.hunk != m_builtHunks) {
        return; // for a file, mode or option no longer shown
    }
    m_building = false;
    // The quick rows go, and with them maybe the line the reader looks at: it comes back
    // at the top when the whole rows are in.
    if (m_provisional > 0 && !m_pendingAnchor) {
        m_pendingAnchor = topAnchor();
    }
    // The whole rows take the quick ones' place at once, as many as were shown: the view
    // never shrinks under the reader (a slow slice would otherwise show fewer rows than
    // the first screen for a moment). The rest follows in slices.
    const int refill = m_provisional > 0 ? int(shownRows()) : 0;
    dropProvisionalRows();
    acceptHunk(std::move(built));
    loadSlice(refill);
}

void DiffView::acceptHunk(BuiltHunk built)
{
    qsizetype count = built.rows[0].size();
    if (!m_all && m_builtRows + count > m_rowLimit) {
        count = m_rowLimit - m_builtRows;
        built.rows[0].resize(count);
        if (m_mode == Mode::SideBySide) {
            built.rows[1].resize(count);
        }
        m_cut = true;
    }
    m_pending[0].append(std::move(built.rows[0]));
    if (m_mode == Mode::SideBySide) {
        m_pending[1].append(std::move(built.rows[1]));
    }
    m_builtRows += count;
    ++m_builtHunks;
}

void DiffView::appendPending(qsizetype count)
{
    const qsizetype n = std::min(count, m_pending[0].size() - m_pendingAt);
    if (m_mode == Mode::Unified) {
        m_unified->appendRows(m_pending[0].mid(m_pendingAt, n), m_hunkStarts);
    } else {
        m_old->appendRows(m_pending[0].mid(m_pendingAt, n), m_hunkStarts);
        m_new->appendRows(m_pending[1].mid(m_pendingAt, n), m_hunkStarts);
    }
    m_pendingAt += n;
    if (m_pendingAt == m_pending[0].size()) {
        m_pending[0].clear();
        m_pending[1].clear();
        m_pendingAt = 0;
    }
}

void DiffView::loadSlice(int firstScreen)
{
    // A slice stays well under the 100 ms that is felt as a stall, with room for the
    // paint and the events that follow it.
    constexpr qint64 budgetNs = 15'000'000;
    QElapsedTimer slice;
    slice.start();
    bool done = false;
    bool waiting = false;
    while (!done) {
        if (firstScreen > 0 ? shownRows() >= firstScreen : slice.nsecsElapsed() >= budgetNs) {
            break;
        }
        const bool canLoad = m_loadError.isEmpty() && m_hunkLines.size() < m_file.hunks.size()
            && (m_all || m_loadedRows < m_rowLimit);
        if (m_pendingAt < m_pending[0].size()) {
            // As many rows as fit in what is left of the slice, judged by the last chunk.
            const qsizetype count = firstScreen > 0 ? firstScreen - shownRows() : m_chunkRows;
            QElapsedTimer chunk;
            chunk.start();
            appendPending(count);
            const qint64 spent = std::max<qint64>(chunk.nsecsElapsed(), 1);
            if (firstScreen == 0) {
                m_chunkRows = std::clamp<qsizetype>(count * (budgetNs / 3) / spent, 1, 5000);
            }
        } else if (m_building) {
            // While a hunk is built off the thread, the next ones are read meanwhile.
            if (canLoad && m_hunkLines.size() - m_builtHunks < 64) {
                loadNextHunk();
            } else {
                waiting = true;
                break;
            }
        } else if (m_builtHunks < m_hunkLines.size() && (m_all || m_builtRows < m_rowLimit)) {
            buildNextHunk(firstScreen > 0);
        } else if (canLoad) {
            if (!loadNextHunk()) {
                done = true;
            }
        } else {
            done = true;
        }
    }
    if (m_pendingAnchor && scrollTo(*m_pendingAnchor)) {
        m_pendingAnchor.reset();
    }
    if (done) {
        finishLoading();
        return;
    }
    showProgress();
    if (!waiting) {
        m_loadTimer->start();
    }
}

void DiffView::showProgress()
{
    // A load that ends within a moment shows no progress; a longer one says how far it
    // is and can be stopped.
    if (m_loadClock.elapsed() < 200) {
        return;
    }
    // Rows still to come: what is built, plus what the hunks not built yet make at most
    // (header, context, deleted and added lines), within the row limit.
    qsizetype expected = shownRows() + (m_pending[0].size() - m_pendingAt);
    for (int h = m_builtHunks; h < m_file.hunks.size(); ++h) {
        const Hunk &hunk = m_file.hunks[h];
        expected += 1 + hunk.oldCount + hunk.added;
    }
    if (!m_all) {
        expected = std::min<qsizetype>(expected, m_rowLimit);
    }
    const QLocale locale;
    m_banner->setText(tr("Loading %1 of about %2 rows…").arg(locale.toString(shownRows()), locale.toString(std::max(expected, shownRows()))));
    m_showAll->hide();
    m_stop->show();
    m_bannerBox->show();
}

void DiffView::dropBuild()
{
    // A hunk still being built is for rows no longer wanted: its result is ignored.
    ++m_generation;
    m_building = false;
}

void DiffView::finishLoading()
{
    m_loadTimer->stop();
    const bool wasLoading = m_loading;
    m_loading = false;
    dropBuild();
    dropProvisionalRows();
    // Rows built but not appended yet (a Stop) are dropped: what is shown stays.
    m_pending[0].clear();
    m_pending[1].clear();
    m_pendingAt = 0;
    m_stop->hide();
    if (m_pendingAnchor) {
        scrollTo(*m_pendingAnchor);
        m_pendingAnchor.reset();
    }
    const qsizetype shown = shownRows();
    m_truncated = m_loadError.isEmpty() && (m_builtHunks < m_file.hunks.size() || m_cut || shown < m_builtRows);
    if (!m_loadError.isEmpty()) {
        m_banner->setText(m_loadError);
        m_showAll->hide();
        m_bannerBox->show();
    } else if (m_truncated) {
        m_banner->setText(m_cut && shown == m_builtRows
                              ? tr("Showing the first %1 rows of this large file.").arg(QLocale().toString(m_rowLimit))
                              : tr("Showing %1 rows of this large file (%2 of %3 hunks).")
                                    .arg(QLocale().toString(shown))
                                    .arg(m_builtHunks)
                                    .arg(m_file.hunks.size()));
        m_showAll->show();
        m_bannerBox->show();
    } else {
        m_bannerBox->hide();
    }
    if (wasLoading) {
        Q_EMIT loadingFinished();
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

bool DiffView::expandGapNearCursor()
{
    DiffTextEdit *edit = m_mode == Mode::Unified ? m_unified : (m_new->hasFocus() ? m_new : m_old);
    const int gap = edit->gapNearCursor();
    if (gap < 0) {
        return false;
    }
    expandGap(gap);
    return true;
}

bool DiffView::hasGaps() const
{
    const DiffTextEdit *edit = m_mode == Mode::Unified ? m_unified : m_old;
    if (m_stack->currentWidget() != (m_mode == Mode::Unified ? static_cast<QWidget *>(m_unified) : m_split)) {
        return false;
    }
    return std::any_of(edit->rows().cbegin(), edit->rows().cend(), [](const DiffRow &row) { return row.kind == DiffRow::Kind::Gap; });
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
