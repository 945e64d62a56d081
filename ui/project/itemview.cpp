// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemview.h"

#include "diff/diffview.h"
#include "elidedlabel.h"
#include "diff/filecontext.h"
#include "import/gitimport.h"
#include "patch/patchparser.h"
#include "document/patchfilemodel.h"
#include "document/projectdocument.h"
#include "report/reportview.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
// The first slice is what a screen of the file list shows and more; the later ones are
// read one per event-loop turn, each a few milliseconds even on a busy machine.
int FirstFileSlice = 400;
int FileSlice = 2000;
} // namespace

ItemView::ItemView(QWidget *parent)
    : QWidget(parent)
    , m_title(new ElidedLabel(this))
    , m_details(new ElidedLabel(this))
    , m_message(new QPlainTextEdit(this))
    , m_split(new QSplitter(Qt::Vertical, this))
    , m_body(new QStackedWidget(this))
    , m_files(new QTreeView(this))
    , m_fileModel(new PatchFileModel(this))
    , m_diff(new DiffView(this))
    , m_report(new ReportView(this))
{
    // Titles, names and messages come from commits and issues: plain text only
    // (ElidedLabel's). One line each, shortened with "…" rather than wrapped mid-value, so
    // the diff below does not jump from item to item; the whole line is the tooltip.
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_details->setForegroundRole(QPalette::PlaceholderText);

    m_message->setReadOnly(true);
    m_message->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_message->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    m_files->setModel(m_fileModel);
    m_files->setRootIsDecorated(false);
    m_files->setUniformRowHeights(true);
    m_files->setAlternatingRowColors(true);
    m_files->header()->setStretchLastSection(false);
    m_files->header()->setSectionResizeMode(PatchFileModel::PathColumn, QHeaderView::Stretch);
    for (int c : {PatchFileModel::ChangeColumn, PatchFileModel::AddedColumn, PatchFileModel::DeletedColumn}) {
        m_files->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    connect(m_files->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        showFile(current.row());
    });

    m_body->addWidget(m_diff);
    m_body->addWidget(m_report);

    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_message);
    m_split->addWidget(m_files);
    m_split->addWidget(m_body);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 0);
    m_split->setStretchFactor(2, 1);
    m_split->setSizes({90, 120, 600});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_details);
    layout->addSpacing(4);
    layout->addWidget(m_split, 1);
    showItem(0);
}

ItemView::~ItemView() = default;

void ItemView::setFileSlices(int first, int later)
{
    FirstFileSlice = std::max(1, first);
    FileSlice = std::max(1, later);
}

void ItemView::setDocument(ProjectDocument *document)
{
    disconnect(m_termsConnection); // safe when the old document is already gone
    m_document = document;
    const QList<HighlightTerm> terms = m_document ? m_document->highlightTerms() : QList<HighlightTerm>();
    m_diff->setHighlightTerms(terms);
    m_report->setHighlightTerms(terms);
    if (m_document) {
        // Both raters see the same marks: the terms live in the project, and an edit (or
        // its undo) repaints what is shown.
        m_termsConnection = connect(m_document, &ProjectDocument::highlightTermsChanged, this, [this](const QList<HighlightTerm> &terms) {
            m_diff->setHighlightTerms(terms);
            m_report->setHighlightTerms(terms);
        });
    }
    showItem(0);
}

QString ItemView::titleText() const
{
    return m_title->fullText();
}

QString ItemView::detailsText() const
{
    return m_details->fullText();
}

void ItemView::showItem(ItemId id)
{
    ++m_fileListTicket;
    m_filesComplete = true;
    m_item = 0;
    m_repository.clear();
    m_commitSha.clear();
    std::optional<Item> item;
    if (m_document && id != 0) {
        item = m_document->project().item(id);
    }
    if (!item) {
        m_title->setFullText(m_document ? tr("No item selected") : QString());
        m_details->setFullText(QString());
        m_message->clear();
        m_message->hide();
        m_fileModel->setFiles({});
        m_files->hide();
        m_diff->showMessage(m_document ? tr("Select an item in the list.") : QString());
        m_body->setCurrentWidget(m_diff);
        Q_EMIT itemShown(0, false);
        return;
    }
    m_item = item->id;
    m_title->setFullText(item->title.isEmpty() ? tr("(no title)") : item->title);
    QStringList details;
    if (!item->author.isEmpty()) {
        details << item->author;
    }
    if (item->date.isValid()) {
        details << item->date.toDisplayString(); // as the source gave it, not in local time
    }
    details << item->key.toString();
    for (const Dataset &d : m_document->project().datasets()) {
        if (d.id == item->dataset) {
            details << tr("dataset %1").arg(d.name);
        }
    }
    if (item->round > 0) {
        details << tr("round %1").arg(item->round);
    }
    m_details->setFullText(details.join(u"  ·  "_s));
    if (item->kind() == ItemKind::Patch) {
        showPatch(*item);
    } else {
        showBugReport(*item);
    }
    Q_EMIT itemShown(m_item, item->kind() == ItemKind::Patch);
}

bool ItemView::showsPatch() const
{
    return m_item != 0 && m_body->currentWidget() == m_diff;
}

void ItemView::showPatch(const Item &item)
{
    const Project &project = m_document->project();
    const std::optional<CommitHeader> header = project.commitHeader(item.id);
    const QString message = header ? header->message.trimmed() : QString();
    m_repository = item.key.repository;
    // A mail's own "From <sha>" line names the commit; a plain diff names none.
    m_commitSha = header && !header->sha.isEmpty() && header->sha.count('0') != header->sha.size()
        ? QString::fromLatin1(header->sha)
        : QString();
    m_message->setPlainText(message);
    m_message->setVisible(!message.isEmpty());
    m_fileModel->setFiles(project.patchFiles(item.id, 0, FirstFileSlice));
    m_files->setVisible(true);
    m_body->setCurrentWidget(m_diff);
    m_filesComplete = m_fileModel->rowCount() < FirstFileSlice;
    if (m_filesComplete) {
        Q_EMIT filesCompleted();
    } else {
        QMetaObject::invokeMethod(this, [this, ticket = m_fileListTicket] {
            if (ticket == m_fileListTicket) {
                loadMoreFiles();
            }
        }, Qt::QueuedConnection);
    }
    if (m_fileModel->rowCount() == 0) {
        m_diff->showMessage(project.patchSize(item.id) > 0 ? tr("This patch changes no files.") : tr("No patch is stored for this item."));
        return;
    }
    // The reset cleared the current file, so this always announces row 0 (and shows it).
    m_files->setCurrentIndex(m_fileModel->index(0, 0));
}

void ItemView::loadMoreFiles()
{
    if (!m_document || m_filesComplete || m_item == 0) {
        return;
    }
    const QList<PatchFile> &have = m_fileModel->files();
    const int from = have.isEmpty() ? 0 : have.last().index + 1;
    const QList<PatchFile> slice = m_document->project().patchFiles(m_item, from, FileSlice);
    m_fileModel->appendFiles(slice);
    if (slice.size() < FileSlice) {
        m_filesComplete = true;
        Q_EMIT filesCompleted();
        return;
    }
    QMetaObject::invokeMethod(this, [this, ticket = m_fileListTicket] {
        if (ticket == m_fileListTicket) {
            loadMoreFiles();
        }
    }, Qt::QueuedConnection);
}

void ItemView::showBugReport(const Item &item)
{
    m_message->hide();
    m_files->hide();
    m_fileModel->setFiles({});
    const std::optional<BugReportContent> report = m_document->project().bugReport(item.id);
    if (report) {
        m_report->setReport(item, *report);
    } else {
        m_report->showMessage(tr("No content is stored for this bug report."));
    }
    m_body->setCurrentWidget(m_report);
}

void ItemView::showFile(int row)
{
    const PatchFile *file = m_fileModel->file(row);
    if (!m_document || !file) {
        return;
    }
    if (m_files->currentIndex().row() != row) {
        m_files->setCurrentIndex(m_fileModel->index(row, 0));
        return; // currentRowChanged comes back here
    }
    const Project &project = m_document->project();
    FileDiff diff = file->diff;
    diff.hunks = project.fileHunks(file->id);
    const ItemId item = m_item;
    BinaryInfo binary;
    if (diff.binary) {
        // The whole section, so that images can be shown; a huge one only its start.
        const qint64 limit = diff.length <= 64 * 1024 * 1024 ? diff.length : 1024;
        if (const auto head = project.patchBytes(item, diff.offset, limit)) {
            binary = binaryInfoFromSection(*head);
            if (limit == diff.length) {
                binary.section = *head;
            }
        }
    }
    const QList<Hunk> hunks = diff.hunks;
    ProjectDocument *document = m_document;
    m_diff->setLocalClone(currentClonePath(), m_commitSha);
    m_diff->setFile(
        diff,
        [document, item, hunks](int index, QString *error) -> std::optional<QList<DiffLine>> {
            if (index < 0 || index >= hunks.size()) {
                return std::nullopt;
            }
            const Hunk &hunk = hunks[index];
            const std::optional<QByteArray> bytes = document->project().patchBytes(item, hunk.offset, hunk.length, error);
            if (!bytes) {
                return std::nullopt;
            }
            return PatchParser::hunkLines(hunk, *bytes);
        },
        binary);
}

QString ItemView::currentClonePath() const
{
    if (!m_document || m_repository.isEmpty()) {
        return{};
    }
    return localClonePath(m_repository, m_document->project().metadata(localCloneMetadataKey(m_repository)));
}

void ItemView::reloadFile()
{
    if (m_item != 0 && m_files->currentIndex().isValid()) {
        const int row = m_files->currentIndex().row();
        m_files->setCurrentIndex({});
        showFile(row);
    }
}

void ItemView::stepFile(int delta)
{
    const int rows = m_fileModel->rowCount();
    if (rows == 0) {
        return;
    }
    const int row = std::clamp(m_files->currentIndex().row() + delta, 0, rows - 1);
    m_files->setCurrentIndex(m_fileModel->index(row, 0));
}

} // namespace Concord
