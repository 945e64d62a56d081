// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"
#include "domain/tooltip.h"

#include "agreement/agreementdashboardwindow.h"
#include "colorscheme.h"
#include "diff/diffview.h"
#include "diff/filecontext.h"
#include "patch/localclone.h"
#include "document/itemlistmodel.h"
#include "document/itemqueryrunner.h"
#include "document/mergecommand.h"
#include "document/projectdocument.h"
#include "codebook/codebookeditor.h"
#include "document/codebookcommands.h"
#include "document/undocommands.h"
#include "export/exportdialog.h"
#include "import/importer.h"
#include "project/findingspanel.h"
#include "project/itemview.h"
#include "project/keydelegate.h"
#include "project/labelingpanel.h"
#include "project/mergedialog.h"
#include "project/raterdialog.h"
#include "project/termsdialog.h"
#include "reconcile/reconciliationpanel.h"
#include "welcomepage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QMimeData>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QCloseEvent>
#include <QToolButton>
#include <QUndoView>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>
#include <QSignalBlocker>
#include <QLocale>
#include <QFontMetrics>
#include <QMenu>
#include <QUndoGroup>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcUi, "concord.ui")

namespace Concord {

namespace {

// The wait for a merge's write, which cannot be cancelled (one transaction): neither
// Escape nor the close button hides it while the window's edits must stay blocked.
class UncancellableProgress : public QProgressDialog
{
public:
    using QProgressDialog::QProgressDialog;

protected:
    void reject() override { }
    void closeEvent(QCloseEvent *event) override { event->ignore(); }
};

constexpr int s_maxRecent = 10;
const auto s_recentKey = "recentProjects"_L1;

} // namespace

MainWindow::MainWindow(bool persistent, QWidget *parent)
    : QMainWindow(parent)
    , m_persistent(persistent)
    , m_undoGroup(new QUndoGroup(this))
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_itemModel(new ItemListModel(this))
    , m_statusItems(new QLabel(this))
    , m_statusMode(new QLabel(this))
    , m_statusIndexing(new QLabel(this))
{
    setObjectName(u"MainWindow"_s);
    setAcceptDrops(true);
    m_projectPage = createProjectPage();
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_projectPage);
    setCentralWidget(m_pages);
    createActions();
    createMenus();
    m_statusItems->setTextFormat(Qt::PlainText);
    m_statusMode->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusItems, 1);
    statusBar()->addPermanentWidget(m_statusMode);
    m_statusIndexing->setTextFormat(Qt::PlainText);
    m_statusIndexing->setObjectName(u"statusIndexing"_s);
    m_statusIndexing->hide();
    statusBar()->addPermanentWidget(m_statusIndexing);
    m_indexTimer = new QTimer(this);
    m_indexTimer->setInterval(0);
    connect(m_indexTimer, &QTimer::timeout, this, &MainWindow::indexDiffSlice);

    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openWithDialog);
    connect(m_welcome, &WelcomePage::openRecentRequested, this, [this](const QString &path) {
        QString error;
        if (!openProject(path, true, &error)) {
            m_welcome->setMessage(error);
        }
    });
    resize(1280, 800);
    readSettings();
    updateRecentMenu();
    closeProject();
}

MainWindow::~MainWindow()
{
    if (m_mergePlanThread) {
        // A check stops at its next step once cancelled; a merge's write is never
        // cancelled (it is one transaction) and is waited for.
        m_mergeCancel->store(true);
        m_mergePlanThread->wait();
    }
    // Views read from the document: detach them before it goes.
    m_labeling->setDocument(nullptr);
    m_reconcile->setDocument(nullptr);
    m_itemView->setDocument(nullptr);
    m_itemModel->setProject(nullptr);
}

QWidget *MainWindow::createProjectPage()
{
    auto *page = new QWidget(this);
    m_mainSplit = new QSplitter(Qt::Horizontal, page);
    m_mainSplit->setObjectName(u"mainSplitter"_s);

    auto *left = new QWidget(m_mainSplit);
    left->setObjectName(u"itemListPane"_s);
    m_filter = new QLineEdit(left);
    m_filter->setPlaceholderText(tr("Search: sha, key, title, author, text of messages and diffs"));
    m_filter->setClearButtonEnabled(true);
    m_filterButton = new QToolButton(left);
    m_filterButton->setText(tr("Show ▾"));
    m_filterButton->setStyleSheet(u"QToolButton::menu-indicator { image: none; width: 0px; }"_s);
    m_filterButton->setToolTip(tr("Filter the list: status, kind, dataset, round"));
    m_filterButton->setPopupMode(QToolButton::InstantPopup);
    m_filterMenu = new QMenu(m_filterButton);
    m_filterButton->setMenu(m_filterMenu);
    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);
    // Typing searches on a worker thread (the window stays responsive on 100,000 items);
    // Return, the filter menu and tests apply the filter at once.
    m_queryRunner = new ItemQueryRunner(this);
    connect(m_queryRunner, &ItemQueryRunner::finished, this, &MainWindow::showSearchResult);
    connect(m_filterTimer, &QTimer::timeout, this, &MainWindow::searchInBackground);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        applyFilter();
        m_itemList->setFocus(Qt::ShortcutFocusReason);
    });

    m_itemList = new QTreeView(left);
    m_itemList->setObjectName(u"itemList"_s);
    m_itemList->setModel(m_itemModel);
    m_itemList->setRootIsDecorated(false);
    m_itemList->setUniformRowHeights(true);
    m_itemList->setAlternatingRowColors(true);
    m_itemList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_itemList->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setUpItemColumns();
    // The store sorts: one query, whatever the number of items.
    m_itemList->setSortingEnabled(true);
    m_itemList->sortByColumn(-1, Qt::AscendingOrder);
    connect(m_itemList->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrentItem);
    connect(m_itemModel, &QAbstractItemModel::modelReset, this, [this] {
        // A new order or filter keeps the item the rater is on selected.
        const QModelIndex again = m_itemModel->index(currentItem(), ItemListModel::TitleColumn);
        if (again.isValid()) {
            m_itemList->setCurrentIndex(again);
            m_itemList->scrollTo(again);
        }
        updateProgress();
    });
    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->setSpacing(4);
    searchRow->addWidget(m_filter, 1);
    searchRow->addWidget(m_filterButton);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(m_itemList, 1);

    m_itemView = new ItemView(m_mainSplit);
    m_itemView->splitter()->setObjectName(u"itemSplitter"_s);

    m_side = new QTabWidget(m_mainSplit);
    m_side->setObjectName(u"sidePanel"_s);
    m_side->setDocumentMode(true);
    m_labeling = new LabelingPanel(m_side);
    m_findings = new FindingsPanel(m_side);
    m_side->addTab(m_labeling, tr("&Label"));
    m_side->addTab(m_findings, tr("All Findin&gs"));
    m_reconcile = new ReconciliationPanel(m_side);
    m_side->addTab(m_reconcile, tr("Reconc&ile"));
    connect(m_reconcile, &ReconciliationPanel::itemRequested, this, &MainWindow::selectItem);
    connect(m_reconcile, &ReconciliationPanel::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
    // The grid's three columns need more room than the form: the diff lends it.
    connect(m_side, &QTabWidget::currentChanged, this, [this] {
        QList<int> sizes = m_mainSplit->sizes();
        if (m_side->currentWidget() != m_reconcile || sizes.value(2) <= 0 || sizes.value(2) >= 540) {
            return;
        }
        const int take = std::min(540 - sizes[2], std::max(0, sizes[1] - 360));
        sizes[1] -= take;
        sizes[2] += take;
        m_mainSplit->setSizes(sizes);
    });
    connect(m_labeling, &LabelingPanel::doneRequested, this, &MainWindow::markDoneAndNext);
    connect(m_labeling, &LabelingPanel::chooseRaterRequested, this, &MainWindow::chooseRater);
    connect(m_labeling, &LabelingPanel::newValueRequested, this, &MainWindow::addValueWhileLabeling);

    m_mainSplit->addWidget(left);
    m_mainSplit->addWidget(m_itemView);
    m_mainSplit->addWidget(m_side);
    m_mainSplit->setStretchFactor(0, 0);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setStretchFactor(2, 0);
    // Panels may be dragged shut (or closed from the View menu) to give the diff the width.
    m_mainSplit->setChildrenCollapsible(true);
    m_mainSplit->setCollapsible(1, false);
    left->setMinimumWidth(200);
    m_side->setMinimumWidth(240);
    m_mainSplit->setSizes({330, 640, 310});

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplit);
    return page;
}

void MainWindow::setUpItemColumns()
{
    QHeaderView *columns = m_itemList->header();
    columns->setSectionsClickable(true);
    columns->setSortIndicatorShown(true);
    columns->setSortIndicator(-1, Qt::AscendingOrder);
    columns->setStretchLastSection(false);
    columns->setMinimumSectionSize(24);
    // The pane is narrow (a third of 1280 px at most): the title takes whatever the other
    // columns leave, so nothing hides behind a horizontal scrollbar; widths follow the font.
    const QFontMetrics metrics(m_itemList->font());
    columns->setSectionResizeMode(ItemListModel::TitleColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(ItemListModel::StatusColumn, QHeaderView::Fixed);
    columns->resizeSection(ItemListModel::StatusColumn, 28);
    columns->resizeSection(ItemListModel::KeyColumn, metrics.horizontalAdvance(u"models@0000000"_s) + 12);
    columns->resizeSection(ItemListModel::AuthorColumn, metrics.horizontalAdvance(u"Firstname Lastname"_s) + 12);
    columns->resizeSection(ItemListModel::DateColumn,
                           metrics.horizontalAdvance(QLocale().toString(QDate(2020, 12, 28), QLocale::ShortFormat)) + 16);
    columns->resizeSection(ItemListModel::DatasetColumn, metrics.horizontalAdvance(u"GH commits"_s) + 12);
    columns->resizeSection(ItemListModel::ChangesColumn, metrics.horizontalAdvance(u"+1,234 −1,234"_s) + 12);
    m_itemList->setItemDelegateForColumn(ItemListModel::KeyColumn, new KeyDelegate(m_itemList));
    // Term counts: a few digits, next to the status mark, shown only while the project has
    // highlight terms (so not in the columns menu).
    columns->resizeSection(ItemListModel::TermsColumn, metrics.horizontalAdvance(u"Terms"_s) + 16);
    columns->moveSection(columns->visualIndex(ItemListModel::TermsColumn), columns->visualIndex(ItemListModel::StatusColumn) + 1);
    columns->hideSection(ItemListModel::TermsColumn);
    connect(m_itemModel, &QAbstractItemModel::modelReset, this, [this] {
        m_itemList->setColumnHidden(ItemListModel::TermsColumn, m_itemModel->highlightTerms().isEmpty());
    });

    // Title and key by default; every other column is one click away, in the header's
    // context menu and in View > List Columns (the item's header shows them all anyway).
    m_columnsMenu = new QMenu(tr("List &Columns"), this);
    for (int c = 0; c < ItemListModel::ColumnCount; ++c) {
        if (c == ItemListModel::TitleColumn || c == ItemListModel::TermsColumn) {
            continue;
        }
        const QString name = c == ItemListModel::StatusColumn ? tr("Status")
                                                              : m_itemModel->headerData(c, Qt::Horizontal).toString();
        QAction *show = m_columnsMenu->addAction(name);
        show->setCheckable(true);
        show->setData(c);
        connect(show, &QAction::toggled, this, [columns, c](bool on) {
            columns->setSectionHidden(c, !on);
        });
    }
    for (int c : {ItemListModel::AuthorColumn, ItemListModel::DateColumn, ItemListModel::DatasetColumn,
                  ItemListModel::ChangesColumn}) {
        columns->hideSection(c);
    }
    syncColumnActions();
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this, [this, columns](const QPoint &pos) {
        m_columnsMenu->popup(columns->viewport()->mapToGlobal(pos));
    });
}

void MainWindow::syncColumnActions()
{
    for (QAction *show : m_columnsMenu->actions()) {
        const QSignalBlocker quiet(show);
        show->setChecked(!m_itemList->header()->isSectionHidden(show->data().toInt()));
    }
}

void MainWindow::createActions()
{
    m_openAction = new QAction(QIcon::fromTheme(u"document-open"_s), tr("&Open Project…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openWithDialog);

    m_closeAction = new QAction(QIcon::fromTheme(u"document-close"_s), tr("&Close Project"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeProject);

    m_quitAction = new QAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    // Undo/redo follow whichever project's stack is active (QUndoGroup), so the actions
    // exist before any project and later editing commands only push onto the stack.
    m_undoAction = m_undoGroup->createUndoAction(this, tr("&Undo"));
    m_undoAction->setIcon(QIcon::fromTheme(u"edit-undo"_s));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_undoGroup->createRedoAction(this, tr("&Redo"));
    m_redoAction->setIcon(QIcon::fromTheme(u"edit-redo"_s));
    m_redoAction->setShortcut(QKeySequence::Redo);

    m_findAction = new QAction(QIcon::fromTheme(u"edit-find"_s), tr("&Find Items…"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        if (m_document) {
            m_itemListAction->setChecked(true);
            m_filter->setFocus(Qt::ShortcutFocusReason);
            m_filter->selectAll();
        }
    });

    m_nextItemAction = new QAction(tr("&Next Item"), this);
    m_nextItemAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    connect(m_nextItemAction, &QAction::triggered, this, [this] {
        stepItem(1);
    });
    m_previousItemAction = new QAction(tr("&Previous Item"), this);
    m_previousItemAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    connect(m_previousItemAction, &QAction::triggered, this, [this] {
        stepItem(-1);
    });
    m_nextFileAction = new QAction(tr("Next &File"), this);
    m_nextFileAction->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Down));
    connect(m_nextFileAction, &QAction::triggered, this, [this] {
        m_itemView->stepFile(1);
    });
    m_previousFileAction = new QAction(tr("Previous F&ile"), this);
    m_previousFileAction->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Up));
    connect(m_previousFileAction, &QAction::triggered, this, [this] {
        m_itemView->stepFile(-1);
    });

    auto *modes = new QActionGroup(this);
    m_unifiedAction = new QAction(tr("&Unified Diff"), modes);
    m_unifiedAction->setCheckable(true);
    m_unifiedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U));
    m_sideBySideAction = new QAction(tr("&Side by Side Diff"), modes);
    m_sideBySideAction->setCheckable(true);
    m_sideBySideAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    DiffView *diff = m_itemView->diffView();
    (diff->mode() == DiffView::Mode::Unified ? m_unifiedAction : m_sideBySideAction)->setChecked(true);
    connect(m_unifiedAction, &QAction::triggered, diff, [diff] {
        diff->setMode(DiffView::Mode::Unified);
    });
    connect(m_sideBySideAction, &QAction::triggered, diff, [diff] {
        diff->setMode(DiffView::Mode::SideBySide);
    });
    connect(diff, &DiffView::modeChanged, this, [this](DiffView::Mode mode) {
        (mode == DiffView::Mode::Unified ? m_unifiedAction : m_sideBySideAction)->setChecked(true);
        m_statusMode->setText(mode == DiffView::Mode::Unified ? tr("Unified") : tr("Side by side"));
    });
    m_statusMode->setText(diff->mode() == DiffView::Mode::Unified ? tr("Unified") : tr("Side by side"));
    // The diff mode means nothing for a bug report.
    m_statusMode->setVisible(m_itemView->showsPatch());
    connect(m_itemView, &ItemView::itemShown, m_statusMode, [this](ItemId, bool patch) {
        m_statusMode->setVisible(patch);
    });
    m_showAllAction = new QAction(tr("Show &Whole File"), this);
    connect(m_showAllAction, &QAction::triggered, diff, &DiffView::showAll);
    connect(diff, &DiffView::ignoreWhitespaceChanged, this, [this](bool ignore) {
        if (m_persistent) {
            QSettings settings;
            settings.setValue(u"MainWindow/ignoreWhitespace"_s, ignore);
        }
    });

    m_linkCloneAction = new QAction(tr("&Link Repository to Local Clone…"), this);
    m_linkCloneAction->setToolTip(
        tr("Read whole files from a local clone of the item's repository: highlighting as in the file, "
           "unchanged lines between the hunks"));
    m_linkCloneAction->setEnabled(false);
    connect(m_linkCloneAction, &QAction::triggered, this, &MainWindow::linkLocalClone);
    m_unlinkCloneAction = new QAction(tr("U&nlink Local Clone"), this);
    m_unlinkCloneAction->setToolTip(tr("Stop reading whole files for the item's repository from its local clone"));
    m_unlinkCloneAction->setEnabled(false);
    connect(m_unlinkCloneAction, &QAction::triggered, this, [this] {
        const QString repository = m_itemView->currentRepository();
        if (repository.isEmpty() || m_itemView->currentClonePath().isEmpty()) {
            return;
        }
        setLocalClonePath(repository, QString());
        statusBar()->showMessage(tr("%1 is no longer linked to a local clone").arg(repository), 5000);
        m_itemView->reloadFile();
        m_unlinkCloneAction->setEnabled(!m_itemView->currentClonePath().isEmpty());
    });
    connect(m_itemView, &ItemView::itemShown, m_linkCloneAction, [this](ItemId, bool patch) {
        m_linkCloneAction->setEnabled(patch && !m_itemView->currentRepository().isEmpty());
        m_unlinkCloneAction->setEnabled(patch && !m_itemView->currentClonePath().isEmpty());
    });
    // E in the diff, and the same from the menu: the unchanged lines a linked clone adds.
    m_expandGapAction = new QAction(tr("Show &Unchanged Lines at Cursor"), this);
    m_expandGapAction->setShortcut(QKeySequence(Qt::Key_E));
    m_expandGapAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    diff->addAction(m_expandGapAction);
    connect(m_expandGapAction, &QAction::triggered, diff, &DiffView::expandGapNearCursor);
    m_expandAllGapsAction = new QAction(tr("Show A&ll Unchanged Lines"), this);
    connect(m_expandAllGapsAction, &QAction::triggered, diff, &DiffView::expandAllGaps);
    connect(diff, &DiffView::loadingFinished, this, [this, diff] {
        const bool gaps = diff->hasGaps();
        m_expandGapAction->setEnabled(gaps);
        m_expandAllGapsAction->setEnabled(gaps);
        m_unlinkCloneAction->setEnabled(!m_itemView->currentClonePath().isEmpty());
    });

    m_importAction = new QAction(QIcon::fromTheme(u"document-import"_s), tr("&Import…"), this);
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importAction->setToolTip(tr("Import patches, mailboxes, GitHub issues, the study's dump or label CSVs (also by dropping files on the window)"));
    connect(m_importAction, &QAction::triggered, this, &MainWindow::importWithDialog);
    m_exportAction = new QAction(QIcon::fromTheme(u"document-export"_s), tr("&Export…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(tr("Write the codebook and labels as CSV files for R, pandas and a replication package"));
    connect(m_exportAction, &QAction::triggered, this, [this] {
        if (m_document) {
            ExportDialog::run(m_document->project(), m_document->displayName(), this);
        }
    });

    m_mergeAction = new QAction(QIcon::fromTheme(u"merge"_s), tr("&Merge…"), this);
    m_mergeAction->setToolTip(
        tr("Bring in another rater's copy of this project: a dry run lists every conflict first; one undo step"));
    m_mergeAction->setEnabled(false);
    connect(m_mergeAction, &QAction::triggered, this, &MainWindow::mergeWithDialog);

    m_raterAction = new QAction(QIcon::fromTheme(u"system-switch-user"_s), tr("&Switch Rater…"), this);
    m_raterAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_raterAction, &QAction::triggered, this, &MainWindow::chooseRater);

    m_doneAction = new QAction(QIcon::fromTheme(u"dialog-ok"_s), tr("Mark &Done and Next"), this);
    m_doneAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_doneAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_doneAction, &QAction::triggered, this, &MainWindow::markDoneAndNext);

    m_nextNotDoneAction = new QAction(tr("Next &Not Done"), this);
    m_nextNotDoneAction->setShortcut(QKeySequence(Qt::Key_F8));
    connect(m_nextNotDoneAction, &QAction::triggered, this, [this] {
        stepNotDone(1);
    });
    m_previousNotDoneAction = new QAction(tr("Previous Not D&one"), this);
    m_previousNotDoneAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8));
    connect(m_previousNotDoneAction, &QAction::triggered, this, [this] {
        stepNotDone(-1);
    });

    m_addFindingAction = new QAction(tr("&Add Finding"), this);
    m_addFindingAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_addFindingAction->setToolTip(tr("The change fixes another problem too: record a second finding"));
    connect(m_addFindingAction, &QAction::triggered, this, [this] {
        m_side->setCurrentWidget(m_labeling);
        m_labeling->addFinding();
    });
    m_acceptUnanimousAction = new QAction(tr("&Accept All Unanimous…"), this);
    m_acceptUnanimousAction->setToolTip(
        tr("A final finding for every unit where both raters gave the same answer: one undoable step"));
    connect(m_acceptUnanimousAction, &QAction::triggered, this, [this] {
        acceptAllUnanimous(true);
    });
    m_nextUnitAction = new QAction(tr("&Next Unit to Reconcile"), this);
    m_nextUnitAction->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_nextUnitAction, &QAction::triggered, this, [this] {
        m_side->setCurrentWidget(m_reconcile);
        m_reconcile->stepUnit(1);
    });
    m_previousUnitAction = new QAction(tr("&Previous Unit to Reconcile"), this);
    m_previousUnitAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F9));
    connect(m_previousUnitAction, &QAction::triggered, this, [this] {
        m_side->setCurrentWidget(m_reconcile);
        m_reconcile->stepUnit(-1);
    });
    m_labelFocusAction = new QAction(tr("Go to &Labels"), this);
    m_labelFocusAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_labelFocusAction, &QAction::triggered, this, [this] {
        if (m_document) {
            m_side->setVisible(true);
            m_side->setCurrentWidget(m_labeling);
            m_labeling->focusFirstField();
        }
    });

    m_codebookAction = new QAction(QIcon::fromTheme(u"view-list-tree"_s), tr("&Codebook…"), this);
    m_codebookAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_codebookAction->setToolTip(tr("Add, rename, describe, move, deprecate, merge and split codebook values"));
    connect(m_codebookAction, &QAction::triggered, this, &MainWindow::showCodebookEditor);
    m_dashboardAction = new QAction(tr("Agreement &Dashboard"), this);
    m_dashboardAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_dashboardAction->setToolTip(tr("Agreement per dimension, rater pair and round, the confusion matrix and the "
                                     "reconciliation decisions (for a reconciler)"));
    connect(m_dashboardAction, &QAction::triggered, this, &MainWindow::showAgreementDashboard);
    m_termsAction = new QAction(tr("Highlight &Terms…"), this);
    m_termsAction->setToolTip(tr("Words and patterns marked in diffs and reports and counted per item"));
    connect(m_termsAction, &QAction::triggered, this, &MainWindow::showHighlightTerms);

    m_focusAction = new QAction(tr("&Focus on the Diff"), this);
    m_focusAction->setCheckable(true);
    m_focusAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_focusAction->setToolTip(tr("Hide the item list and the side panel; again to bring them back"));
    connect(m_focusAction, &QAction::toggled, this, &MainWindow::setFocusMode);
    m_itemListAction = new QAction(tr("Item &List"), this);
    m_itemListAction->setCheckable(true);
    m_itemListAction->setChecked(true);
    connect(m_itemListAction, &QAction::toggled, this, [this](bool on) {
        showPanelWidget(0, on);
    });
    m_sidePanelAction = new QAction(tr("Labeling &Panel"), this);
    m_sidePanelAction->setCheckable(true);
    m_sidePanelAction->setChecked(true);
    connect(m_sidePanelAction, &QAction::toggled, this, [this](bool on) {
        showPanelWidget(2, on);
    });
    // A panel dragged shut counts as closed: the menu says so, and opening it again gives
    // it its width back instead of leaving it at zero.
    connect(m_mainSplit, &QSplitter::splitterMoved, this, &MainWindow::syncPanelActions);

    m_historyDock = new QDockWidget(tr("Undo History"), this);
    m_historyDock->setObjectName(u"historyDock"_s);
    m_historyDock->setWidget(new QUndoView(m_undoGroup, m_historyDock));
    m_historyDock->setVisible(false);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    m_historyAction = m_historyDock->toggleViewAction();
    m_historyAction->setText(tr("Undo &History"));
    m_historyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z));

    m_aboutAction = new QAction(tr("&About Concord"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Concord"),
                           tr("Concord %1\n\nLabel code patches and bug reports in pairs, measure agreement, reconcile and export.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(QIcon::fromTheme(u"document-open-recent"_s), tr("Open &Recent"));
    file->addAction(m_closeAction);
    file->addSeparator();
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addAction(m_mergeAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addAction(m_historyAction);
    edit->addSeparator();
    edit->addAction(m_findAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_unifiedAction);
    view->addAction(m_sideBySideAction);
    view->addAction(m_showAllAction);
    view->addAction(m_itemView->diffView()->ignoreWhitespaceAction());
    view->addAction(m_termsAction);
    view->addAction(m_expandGapAction);
    view->addAction(m_expandAllGapsAction);
    view->addAction(m_linkCloneAction);
    view->addAction(m_unlinkCloneAction);
    view->addSeparator();
    view->addAction(m_focusAction);
    view->addAction(m_itemListAction);
    view->addAction(m_sidePanelAction);
    view->addMenu(m_columnsMenu);
    view->addSeparator();
    view->addAction(m_dashboardAction);
    view->addSeparator();
    QMenu *schemes = view->addMenu(tr("&Color Scheme"));
    m_schemes = new QActionGroup(this);
    const std::pair<ColorScheme, QString> choices[] = {{ColorScheme::System, tr("&System")},
                                                       {ColorScheme::Light, tr("&Light")},
                                                       {ColorScheme::Dark, tr("&Dark")}};
    for (const auto &[scheme, text] : choices) {
        QAction *action = schemes->addAction(text);
        action->setCheckable(true);
        action->setData(colorSchemeName(scheme));
        action->setChecked(scheme == ColorScheme::System);
        m_schemes->addAction(action);
        connect(action, &QAction::triggered, this, [this, scheme] {
            applyColorScheme(scheme);
            if (m_persistent) {
                QSettings().setValue(u"colorScheme"_s, colorSchemeName(scheme));
            }
        });
    }

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addAction(m_nextItemAction);
    go->addAction(m_previousItemAction);
    go->addSeparator();
    go->addAction(m_nextNotDoneAction);
    go->addAction(m_previousNotDoneAction);
    go->addSeparator();
    go->addAction(m_nextFileAction);
    go->addAction(m_previousFileAction);
    go->addSeparator();
    go->addAction(m_itemView->diffView()->nextChangeAction());
    go->addAction(m_itemView->diffView()->previousChangeAction());

    QMenu *label = menuBar()->addMenu(tr("&Label"));
    label->addAction(m_doneAction);
    label->addAction(m_labelFocusAction);
    label->addAction(m_addFindingAction);
    label->addSeparator();
    label->addAction(m_codebookAction);
    label->addAction(m_raterAction);

    QMenu *reconcile = menuBar()->addMenu(tr("&Reconcile"));
    reconcile->addAction(m_acceptUnanimousAction);
    reconcile->addSeparator();
    reconcile->addAction(m_nextUnitAction);
    reconcile->addAction(m_previousUnitAction);
    updateReconcileTab();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::linkLocalClone()
{
    const QString repository = m_itemView->currentRepository();
    const QString title = tr("Link Repository to Local Clone");
    if (repository.isEmpty()) {
        QMessageBox::information(this, title, tr("The current item names no repository (owner/name) to link."));
        return;
    }
    const QString current = m_itemView->currentClonePath();
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Local Clone of %1").arg(repository), current.isEmpty() ? QDir::homePath() : current);
    if (directory.isEmpty()) {
        return;
    }
    QString error;
    const std::optional<LocalClone> clone = LocalClone::open(directory, &error);
    if (!clone) {
        QMessageBox::warning(this, title,
                             tr("%1 cannot be linked to %2:\n%3\n\nThe link is unchanged.")
                                 .arg(repository, QDir::toNativeSeparators(directory), error));
        return;
    }
    // The clone's place is this machine's business, not the project's: the settings keep it.
    setLocalClonePath(repository, clone->path());
    statusBar()->showMessage(tr("%1 is linked to %2").arg(repository, QDir::toNativeSeparators(clone->path())), 5000);
    m_itemView->reloadFile();
}

bool MainWindow::openProject(const QString &path, bool interactive, QString *error)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QString why;
    OpenFailure failure = OpenFailure::None;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    std::unique_ptr<ProjectDocument> document = ProjectDocument::open(absolute, false, &why, &failure);
    QApplication::restoreOverrideCursor();
    if (!document && (failure == OpenFailure::LockedByWriter || failure == OpenFailure::ReadOnlyLocation)) {
        const QString question = failure == OpenFailure::LockedByWriter
            ? tr("%1 is open for writing in another Concord.\n\nOpen it read-only?").arg(QDir::toNativeSeparators(absolute))
            : tr("%1 cannot be written here (the file or its folder is read-only).\n\nOpen it read-only?")
                  .arg(QDir::toNativeSeparators(absolute));
        const bool readOnly = !interactive
            || QMessageBox::question(this, failure == OpenFailure::LockedByWriter ? tr("Project in use") : tr("Project is read-only"),
                                     question)
                == QMessageBox::Yes;
        if (readOnly) {
            document = ProjectDocument::open(absolute, true, &why, &failure);
        }
    }
    if (!document) {
        const QString message = why.isEmpty() ? tr("%1: could not be opened.").arg(QDir::toNativeSeparators(absolute)) : why;
        qCWarning(lcUi) << message;
        if (error) {
            *error = message;
        }
        if (interactive && m_document) {
            QMessageBox::warning(this, tr("Cannot open project"), message + tr("\n\nThe open project stays as it was."));
        }
        return false;
    }
    closeProject();
    m_document = std::move(document);
    m_undoGroup->addStack(m_document->undoStack());
    m_undoGroup->setActiveStack(m_document->undoStack());
    m_itemView->setDocument(m_document.get());
    m_labeling->setDocument(m_document.get());
    m_reconcile->setDocument(m_document.get());
    applyHighlightTerms(m_document->highlightTerms()); // before setProject: counted once
    m_itemModel->setProject(&m_document->project());
    m_queryRunner->setProjectPath(m_document->path());
    ProjectDocument *doc = m_document.get();
    connect(doc, &ProjectDocument::labelStatusChanged, this, [this](ItemId item, RaterId rater) {
        if (m_document && rater == m_document->currentRater()) {
            m_itemModel->updateStatus(item);
            updateProgress();
        }
    });
    connect(doc, &ProjectDocument::findingChanged, this, [this](ItemId item, RaterId, const QUuid &) {
        if (item == currentItem()) {
            showFindings();
        }
    });
    connect(doc, &ProjectDocument::reconciledChanged, this, [this](ItemId item) {
        if (item == currentItem()) {
            showFindings(); // a reconciled item opens All Findings to its raters
        }
    });
    connect(doc, &ProjectDocument::currentRaterChanged, this, [this](RaterId rater) {
        updateReconcileTab();
        m_itemModel->setRater(rater);
        updateTitle();
        updateProgress();
        showFindings();
    });
    connect(doc, &ProjectDocument::codebookChanged, this, &MainWindow::showFindings);
    connect(doc, &ProjectDocument::highlightTermsChanged, this, &MainWindow::applyHighlightTerms);
    connect(doc, &ProjectDocument::reloaded, this, &MainWindow::reloadViews);
    connect(doc, &ProjectDocument::busy, this, &MainWindow::showBusy);
    connect(doc, &ProjectDocument::editFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
        if (isVisible()) {
            // Plain text: a refused merge quotes the other file's name.
            QMessageBox box(QMessageBox::Warning, tr("Not saved"), message, QMessageBox::Ok, this);
            box.setTextFormat(Qt::PlainText);
            box.exec();
        }
    });
    m_pages->setCurrentWidget(m_projectPage);
    m_welcome->setMessage({});
    addRecentProject(absolute);
    restoreRater();
    if (interactive && m_document->currentRater() == 0 && !m_document->isReadOnly()) {
        chooseRater();
    }
    updateFilterMenu();
    updateTitle();
    updateProgress();
    if (m_itemModel->rowCount() > 0) {
        m_itemList->setCurrentIndex(m_itemModel->index(0, ItemListModel::TitleColumn));
    }
    m_itemList->setFocus();
    startDiffIndexing();
    return true;
}

void MainWindow::startDiffIndexing()
{
    if (!m_document) {
        return;
    }
    if (m_document->isReadOnly()) {
        // Nothing can be written: each search indexes what is pending in memory instead
        // (complete, slower the first time); say so once, if anything is pending.
        const std::optional<qint64> pending = m_document->project().pendingDiffCount();
        if (pending && *pending > 0) {
            m_statusIndexing->setText(tr("%n diff(s) not indexed for search (read-only): searches index them in memory",
                                         nullptr, int(qMin<qint64>(*pending, std::numeric_limits<int>::max()))));
            m_statusIndexing->show();
        }
        return;
    }
    const std::optional<qint64> pending = m_document->project().pendingDiffCount();
    if (!pending || *pending == 0) {
        return;
    }
    m_indexDone = 0;
    m_indexTotal = *pending;
    m_statusIndexing->setText(tr("Indexing %1 of %2 diffs for search").arg(QLocale().toString(m_indexDone),
                                                                          QLocale().toString(m_indexTotal)));
    m_statusIndexing->show();
    m_indexTimer->start();
}

void MainWindow::indexDiffSlice()
{
    if (!m_document || m_document->isReadOnly()) {
        m_indexTimer->stop();
        m_statusIndexing->hide();
        return;
    }
    // A few diffs per tick keeps each transaction (and so each pause of the window) short;
    // every tick commits, so closing the window mid-way loses nothing.
    QString error;
    const std::optional<qint64> done = m_document->project().indexPendingDiffs({}, &error, 4);
    if (!done) {
        m_indexTimer->stop();
        m_statusIndexing->hide();
        statusBar()->showMessage(tr("Indexing diffs for search stopped: %1 Searches index the rest as they run.").arg(error),
                                 15000);
        return;
    }
    m_indexDone += *done;
    if (*done == 0 || m_indexDone >= m_indexTotal) {
        const std::optional<qint64> pending = m_document->project().pendingDiffCount();
        if (!pending || *pending == 0 || *done == 0) {
            m_indexTimer->stop();
            m_statusIndexing->hide();
            return;
        }
        m_indexTotal = m_indexDone + *pending; // an import added more meanwhile
    }
    m_statusIndexing->setText(tr("Indexing %1 of %2 diffs for search").arg(QLocale().toString(m_indexDone),
                                                                          QLocale().toString(m_indexTotal)));
}

void MainWindow::closeProject()
{
    if (m_termsDialog) {
        delete m_termsDialog; // it edits this project's terms
    }
    if (m_codebookEditor) {
        delete m_codebookEditor; // it holds this project's document, about to go
    }
    if (m_dashboard) {
        delete m_dashboard; // the same
    }
    m_indexTimer->stop();
    m_statusIndexing->hide();
    m_findings->clear();
    m_labeling->setDocument(nullptr);
    m_reconcile->setDocument(nullptr);
    m_itemView->setDocument(nullptr);
    m_itemModel->setProject(nullptr);
    m_queryRunner->setProjectPath({});
    m_pendingSearch = 0;
    {
        const QSignalBlocker block(m_filter);
        m_filter->clear();
    }
    m_filterQuery = ItemQuery();
    if (m_document) {
        m_undoGroup->removeStack(m_document->undoStack());
        disconnect(m_document.get(), nullptr, this, nullptr);
    }
    m_document.reset();
    m_welcome->setRecentProjects(recentProjects());
    m_pages->setCurrentWidget(m_welcome);
    m_statusItems->clear();
    m_closeAction->setEnabled(false);
    m_mergeAction->setEnabled(false);
    updateReconcileTab();
    updateTitle();
}

void MainWindow::updateTitle()
{
    if (!m_document) {
        setWindowTitle(u"Concord"_s);
        setWindowFilePath({});
        return;
    }
    m_closeAction->setEnabled(true);
    m_mergeAction->setEnabled(!m_document->isReadOnly() && !m_mergePlanThread);
    QString title = m_document->displayName();
    if (const std::optional<Rater> rater = m_document->currentRaterRecord()) {
        title += u" — "_s + rater->name;
        if (rater->role == Rater::Role::Reconciler) {
            title += tr(" (reconciler)");
        }
    }
    if (m_document->isLockedByOther()) {
        title += tr(" [read-only: open in another Concord]");
    } else if (m_document->isReadOnly()) {
        title += tr(" [read-only]");
    }
    setWindowTitle(title + u" — Concord"_s);
    setWindowFilePath(m_document->path());
}

void MainWindow::openWithDialog()
{
    const QString dir = recentProjects().isEmpty() ? QDir::homePath() : QFileInfo(recentProjects().first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), dir, tr("Concord projects (*.concord);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    if (!openProject(path, true, &error) && !m_document) {
        m_welcome->setMessage(error);
    }
}

bool MainWindow::selectItem(ItemId id)
{
    QModelIndex index = m_itemModel->index(id, ItemListModel::TitleColumn);
    if (!index.isValid() && m_document && id != 0) {
        // Not in the filtered list: show everything again rather than refuse.
        const QSignalBlocker block(m_filter);
        m_filter->clear();
        m_filterQuery = ItemQuery();
        applyFilter();
        index = m_itemModel->index(id, ItemListModel::TitleColumn);
    }
    if (!index.isValid()) {
        return false;
    }
    m_itemList->setCurrentIndex(index);
    m_itemList->scrollTo(index);
    return true;
}

ItemId MainWindow::currentItem() const
{
    return m_itemView->currentItem();
}

void MainWindow::showCurrentItem()
{
    const ItemId id = m_itemModel->id(m_itemList->currentIndex());
    if (id == currentItem() && id != 0) {
        return;
    }
    m_itemView->showItem(id);
    m_labeling->showItem(id);
    m_reconcile->showItem(id);
    showFindings();
}

void MainWindow::showFindings()
{
    const ItemId id = currentItem();
    if (!m_document || id == 0) {
        m_findings->clear();
        return;
    }
    // Blind labeling: other raters' findings only for a reconciler or a reconciled item.
    const bool mayShow = m_document->mayShowAllFindings(id);
    const int tab = m_side->indexOf(m_findings);
    m_side->setTabEnabled(tab, mayShow);
    m_side->setTabToolTip(tab, mayShow ? QString()
                                       : tr("Hidden while you label blind: other raters' findings show once the item is "
                                            "reconciled, or to a reconciler."));
    if (!mayShow) {
        m_findings->clear();
        if (m_side->currentWidget() == m_findings) {
            m_side->setCurrentWidget(m_labeling);
        }
        return;
    }
    const Project &project = m_document->project();
    m_findings->setFindings(project.codebook(), project.raters(), project.findingsForItem(id), project.reconciledForItem(id));
}

void MainWindow::updateReconcileTab()
{
    if (!m_acceptUnanimousAction) {
        return; // menus not made yet
    }
    // Blind labeling: the raters' answers of every unit are for a reconciler's eyes only.
    const bool reconciler = m_document && m_document->isReconciler();
    const int tab = m_side->indexOf(m_reconcile);
    m_side->setTabEnabled(tab, reconciler);
    m_side->setTabToolTip(tab, reconciler ? QString() : tr("For a reconciler: Label ▸ Switch Rater… to reconcile."));
    if (!reconciler && m_side->currentWidget() == m_reconcile) {
        m_side->setCurrentWidget(m_labeling);
    }
    m_acceptUnanimousAction->setEnabled(reconciler && !m_document->isReadOnly());
    m_nextUnitAction->setEnabled(reconciler);
    m_previousUnitAction->setEnabled(reconciler);
}

QString MainWindow::acceptAllUnanimous(bool interactive)
{
    if (!m_document || !m_document->isReconciler()) {
        return {};
    }
    const QList<Rater> people = m_reconcile->raters();
    if (interactive && people.size() > 2) {
        // Which pair is meant is not obvious: ask, starting from the panel's pair.
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Accept All Unanimous"));
        auto *a = new QComboBox(&dialog);
        auto *b = new QComboBox(&dialog);
        for (const Rater &r : people) {
            a->addItem(r.name, QVariant::fromValue(r.id));
            b->addItem(r.name, QVariant::fromValue(r.id));
        }
        a->setCurrentIndex(a->findData(QVariant::fromValue(m_reconcile->raterA())));
        b->setCurrentIndex(b->findData(QVariant::fromValue(m_reconcile->raterB())));
        auto *intro = new QLabel(tr("A final finding is recorded for every unit where these two raters gave the same "
                                    "answer on every dimension. Units already reconciled are left alone."),
                                 &dialog);
        intro->setWordWrap(true);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Accept"));
        auto *form = new QFormLayout(&dialog);
        form->addRow(intro);
        form->addRow(tr("Rater &A:"), a);
        form->addRow(tr("Rater &B:"), b);
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        if (dialog.exec() != QDialog::Accepted) {
            return {};
        }
        m_reconcile->setRaters(a->currentData().value<RaterId>(), b->currentData().value<RaterId>());
    }
    m_side->setVisible(true);
    m_sidePanelAction->setChecked(true);
    m_side->setCurrentWidget(m_reconcile);
    const QString report = m_reconcile->acceptAllUnanimous();
    statusBar()->showMessage(report.section(u'\n', 0, 0), 10000);
    if (interactive) {
        QMessageBox box(QMessageBox::Information, tr("Accept All Unanimous"), report, QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText); // rater names are data
        box.exec();
    }
    return report;
}

void MainWindow::stepItem(int delta)
{
    if (!m_document || m_itemModel->rowCount() == 0) {
        return;
    }
    const int row = std::clamp(m_itemList->currentIndex().row() + delta, 0, m_itemModel->rowCount() - 1);
    m_itemList->setCurrentIndex(m_itemModel->index(row, ItemListModel::TitleColumn));
}

bool MainWindow::stepNotDone(int delta)
{
    if (!m_document || m_itemModel->rowCount() == 0) {
        return false;
    }
    const int rows = m_itemModel->rowCount();
    const int start = m_itemList->currentIndex().isValid() ? m_itemList->currentIndex().row() : (delta > 0 ? -1 : rows);
    // Statuses are in memory: the scan touches no row data, however long the list.
    for (int row = start + delta; row >= 0 && row < rows; row += delta) {
        if (m_itemModel->status(m_itemModel->idAt(row)) != LabelStatus::Done) {
            m_itemList->setCurrentIndex(m_itemModel->index(row, ItemListModel::TitleColumn));
            return true;
        }
    }
    statusBar()->showMessage(delta > 0 ? tr("No item after this one is left to do.") : tr("No item before this one is left to do."),
                             5000);
    return false;
}

bool MainWindow::markDoneAndNext()
{
    if (!m_document || currentItem() == 0) {
        return false;
    }
    if (m_document->currentRater() == 0) {
        if (!chooseRater()) {
            return false;
        }
    }
    m_side->setVisible(true);
    m_side->setCurrentWidget(m_labeling);
    if (!m_labeling->checkDone().isEmpty()) {
        return false; // the form shows why, inline
    }
    const ItemId item = currentItem();
    const RaterId rater = m_document->currentRater();
    if (m_document->project().labelStatus(item, rater) != LabelStatus::Done) {
        const bool wasDone = false;
        if (!m_document->push(new SetItemDoneCommand(m_document.get(), item, rater, wasDone, true))) {
            return false;
        }
    }
    if (stepNotDone(1) || stepNotDone(-1)) {
        m_labeling->focusFirstField();
    }
    return true;
}

void MainWindow::updateProgress()
{
    if (!m_document) {
        m_statusItems->clear();
        return;
    }
    const qint64 total = m_itemModel->totalCount();
    QString text;
    const QLocale locale;
    if (m_document->currentRater() != 0) {
        text = (total == 1 ? tr("%1 of %2 item done") : tr("%1 of %2 items done"))
                   .arg(locale.toString(m_itemModel->doneCount()), locale.toString(total));
    } else {
        text = total == 1 ? tr("1 item") : tr("%1 items").arg(locale.toString(total));
    }
    if (m_itemModel->rowCount() != total) {
        text += tr(" · %1 shown").arg(locale.toString(m_itemModel->rowCount()));
    }
    m_statusItems->setText(text);
}

ItemQuery MainWindow::currentQuery() const
{
    ItemQuery query = m_filterQuery;
    query.text = m_filter->text().trimmed();
    query.rater = m_itemModel->rater();
    query.sort = m_itemModel->query().sort;
    query.descending = m_itemModel->query().descending;
    return query;
}

void MainWindow::applyFilter()
{
    m_filterTimer->stop();
    m_pendingSearch = 0; // a search still running in the background no longer counts
    if (!m_document) {
        return;
    }
    const ItemQuery query = currentQuery();
    const ItemId current = currentItem();
    QString error;
    QElapsedTimer timer;
    timer.start();
    if (!m_itemModel->setQuery(query, &error)) {
        statusBar()->showMessage(tr("Search failed: %1").arg(error), 8000);
        return;
    }
    qCDebug(lcUi) << "query" << query.text << "took" << timer.elapsed() << "ms";
    const QModelIndex again = m_itemModel->index(current, ItemListModel::TitleColumn);
    if (again.isValid()) {
        m_itemList->setCurrentIndex(again);
        m_itemList->scrollTo(again);
    }
    updateProgress();
}

void MainWindow::searchInBackground()
{
    if (!m_document) {
        return;
    }
    m_pendingSearch = m_queryRunner->run(currentQuery());
}

void MainWindow::showSearchResult(quint64 ticket, const ItemQuery &query, const QList<ItemId> &ids, const QString &error)
{
    if (ticket != m_pendingSearch || !m_document || query.rater != m_itemModel->rater()) {
        return; // stale: newer typing, another project or rater, or an applied filter
    }
    m_pendingSearch = 0;
    if (!error.isEmpty()) {
        statusBar()->showMessage(tr("Search failed: %1").arg(error), 8000);
        return;
    }
    // The model reset keeps the current item selected (see the modelReset handler).
    m_itemModel->setResult(query, ids);
}

void MainWindow::updateFilterMenu()
{
    m_filterMenu->clear();
    if (!m_document) {
        return;
    }
    int active = 0;
    auto addChoice = [this](QMenu *menu, QActionGroup *group, const QString &text, bool checked, auto apply) {
        QAction *action = menu->addAction(text);
        action->setCheckable(true);
        action->setChecked(checked);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, apply] {
            apply(m_filterQuery);
            applyFilter();
            updateFilterMenu();
        });
    };
    m_filterMenu->addSection(tr("Status"));
    auto *status = new QActionGroup(m_filterMenu);
    const std::pair<ItemQuery::Status, QString> statuses[] = {
        {ItemQuery::Status::Any, tr("All items")},
        {ItemQuery::Status::NotDone, tr("My items not done")},
        {ItemQuery::Status::Done, tr("My items done")},
        {ItemQuery::Status::Unsure, tr("My unsure items")},
        {ItemQuery::Status::ShouldDiscuss, tr("Should discuss")},
    };
    for (const auto &[value, text] : statuses) {
        addChoice(m_filterMenu, status, text, m_filterQuery.status == value, [value](ItemQuery &q) {
            q.status = value;
        });
    }
    active += m_filterQuery.status != ItemQuery::Status::Any ? 1 : 0;

    m_filterMenu->addSection(tr("Kind"));
    auto *kind = new QActionGroup(m_filterMenu);
    addChoice(m_filterMenu, kind, tr("Patches and bug reports"), !m_filterQuery.kind, [](ItemQuery &q) {
        q.kind.reset();
    });
    addChoice(m_filterMenu, kind, tr("Patches"), m_filterQuery.kind == ItemKind::Patch, [](ItemQuery &q) {
        q.kind = ItemKind::Patch;
    });
    addChoice(m_filterMenu, kind, tr("Bug reports"), m_filterQuery.kind == ItemKind::BugReport, [](ItemQuery &q) {
        q.kind = ItemKind::BugReport;
    });
    active += m_filterQuery.kind ? 1 : 0;

    const QList<Dataset> datasets = m_document->project().datasets();
    if (!datasets.isEmpty()) {
        QMenu *sub = m_filterMenu->addMenu(tr("Dataset"));
        auto *group = new QActionGroup(sub);
        addChoice(sub, group, tr("Any dataset"), m_filterQuery.dataset == 0, [](ItemQuery &q) {
            q.dataset = 0;
        });
        for (const Dataset &d : datasets) {
            QString text = d.name;
            text.replace(u'&', u"&&"_s);
            const DatasetId id = d.id;
            addChoice(sub, group, text, m_filterQuery.dataset == id, [id](ItemQuery &q) {
                q.dataset = id;
            });
        }
        active += m_filterQuery.dataset != 0 ? 1 : 0;
    }
    QMenu *rounds = m_filterMenu->addMenu(tr("Round"));
    auto *roundGroup = new QActionGroup(rounds);
    addChoice(rounds, roundGroup, tr("Any round"), m_filterQuery.round < 0, [](ItemQuery &q) {
        q.round = -1;
    });
    addChoice(rounds, roundGroup, tr("Not in a calibration round"), m_filterQuery.round == 0, [](ItemQuery &q) {
        q.round = 0;
    });
    for (int r = 1; r <= 4; ++r) {
        addChoice(rounds, roundGroup, tr("Round %1").arg(r), m_filterQuery.round == r, [r](ItemQuery &q) {
            q.round = r;
        });
    }
    active += m_filterQuery.round >= 0 ? 1 : 0;
    m_filterButton->setText(active > 0 ? tr("Show (%1) ▾").arg(active) : tr("Show ▾"));
}

void MainWindow::restoreRater()
{
    if (!m_document) {
        return;
    }
    RaterId rater = 0;
    if (m_persistent) {
        const QString key = u"projects/%1/rater"_s.arg(m_document->project().projectUuid().toString(QUuid::WithoutBraces));
        const QUuid uuid = QUuid::fromString(QSettings().value(key).toString());
        if (!uuid.isNull()) {
            const QList<Rater> raters = m_document->project().raters();
            for (const Rater &r : raters) {
                if (r.uuid == uuid) {
                    rater = r.id;
                }
            }
        }
    }
    m_document->setCurrentRater(rater);
}

void MainWindow::setRater(RaterId rater)
{
    if (!m_document) {
        return;
    }
    m_document->setCurrentRater(rater);
    if (m_persistent) {
        if (const std::optional<Rater> r = m_document->currentRaterRecord()) {
            const QString key = u"projects/%1/rater"_s.arg(m_document->project().projectUuid().toString(QUuid::WithoutBraces));
            QSettings().setValue(key, r->uuid.toString(QUuid::WithoutBraces));
        }
    }
}

bool MainWindow::chooseRater()
{
    if (!m_document) {
        return false;
    }
    RaterDialog dialog(m_document.get(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.rater() == 0) {
        return false;
    }
    setRater(dialog.rater());
    m_labeling->focusFirstField();
    return true;
}

void MainWindow::showAgreementDashboard()
{
    if (!m_document) {
        return;
    }
    if (!m_dashboard) {
        m_dashboard = new AgreementDashboardWindow(m_document.get(), this);
        m_dashboard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dashboard, &AgreementDashboardWindow::itemActivated, this, [this](ItemId item) {
            if (!selectItem(item)) {
                statusBar()->showMessage(tr("That item is not in the list: clear the search or filter to see it."), 10000);
            }
            raise();
            activateWindow();
        });
    }
    m_dashboard->show();
    m_dashboard->raise();
    m_dashboard->activateWindow();
}

AgreementDashboardWindow *MainWindow::agreementDashboard() const
{
    return m_dashboard;
}

void MainWindow::showCodebookEditor()
{
    if (!m_document) {
        return;
    }
    if (!m_codebookEditor) {
        auto *editor = new CodebookEditor(m_document.get(), this);
        editor->setAttribute(Qt::WA_DeleteOnClose);
        m_codebookEditor = editor;
    }
    m_codebookEditor->show();
    m_codebookEditor->raise();
    m_codebookEditor->activateWindow();
}

void MainWindow::showHighlightTerms()
{
    if (!m_document) {
        return;
    }
    if (!m_termsDialog) {
        auto *dialog = new HighlightTermsDialog(m_document.get(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_termsDialog = dialog;
    }
    m_termsDialog->show();
    m_termsDialog->raise();
    m_termsDialog->activateWindow();
}

void MainWindow::applyHighlightTerms(const QList<HighlightTerm> &terms)
{
    m_itemList->setColumnHidden(ItemListModel::TermsColumn, terms.isEmpty());
    m_itemModel->setHighlightTerms(terms);
}

void MainWindow::addValueWhileLabeling(DimensionId dimension, const QString &name)
{
    if (!m_document || m_document->isReadOnly()) {
        return;
    }
    const Codebook codebook = m_document->project().codebook();
    const Dimension *dim = codebook.dimension(dimension);
    if (!dim) {
        return;
    }
    // Name and description together, as the codebook needs both to be useful.
    QDialog dialog(this);
    dialog.setWindowTitle(tr("New %1").arg(dim->name));
    auto *nameEdit = new QLineEdit(name.trimmed(), &dialog);
    auto *description = new QPlainTextEdit(&dialog);
    description->setPlaceholderText(tr("What this value means, so the other raters pick it the same way"));
    description->setTabChangesFocus(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add and Choose"));
    auto *form = new QFormLayout(&dialog);
    auto *intro = new QLabel(tr("“%1” is not in the codebook yet. Everyone sees a new value at once.").arg(name.trimmed()), &dialog);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    form->addRow(intro);
    form->addRow(tr("&Name:"), nameEdit);
    form->addRow(tr("&Description:"), description);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    description->setFocus();
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    addValueAndChoose(dimension, nameEdit->text(), description->toPlainText());
}

bool MainWindow::addValueAndChoose(DimensionId dimension, const QString &name, const QString &description)
{
    if (!m_document) {
        return false;
    }
    const QString trimmed = name.trimmed();
    // The study's rule, kept for every codebook: a name needs a letter or a digit.
    if (!std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
        statusBar()->showMessage(tr("A value's name needs at least one letter or digit: nothing was added."), 8000);
        return false;
    }
    CodebookValue value;
    value.uuid = QUuid::createUuid();
    value.dimension = dimension;
    value.name = trimmed;
    value.description = description.trimmed();
    int order = 0;
    const Codebook before = m_document->project().codebook();
    for (const CodebookValue &v : before.valuesOf(dimension)) {
        if (v.parent == 0) {
            order = std::max(order, v.order + 1);
        }
    }
    value.order = order;
    QUndoStack *stack = m_document->undoStack();
    stack->beginMacro(tr("Add value %1 and choose it").arg(trimmed));
    const bool added = m_document->push(CodebookEdits::addValue(m_document.get(), value));
    if (added) {
        const Codebook codebook = m_document->project().codebook();
        if (const CodebookValue *stored = codebook.valueByUuid(value.uuid)) {
            m_labeling->chooseValue(dimension, stored->id);
        }
    }
    stack->endMacro();
    return added;
}

void MainWindow::setFocusMode(bool on)
{
    if (m_focusAction->isChecked() != on) {
        m_focusAction->setChecked(on); // comes back here through toggled
        return;
    }
    m_itemListAction->setChecked(!on);
    m_sidePanelAction->setChecked(!on);
}

void MainWindow::setPanelShown(Panel panel, bool shown)
{
    (panel == Panel::ItemList ? m_itemListAction : m_sidePanelAction)->setChecked(shown);
}

bool MainWindow::isPanelShown(Panel panel) const
{
    return (panel == Panel::ItemList ? m_itemListAction : m_sidePanelAction)->isChecked();
}

void MainWindow::showPanelWidget(int index, bool shown)
{
    QWidget *panel = m_mainSplit->widget(index);
    panel->setVisible(shown);
    if (!shown) {
        return;
    }
    QList<int> sizes = m_mainSplit->sizes();
    if (sizes.value(index) >= panel->minimumWidth()) {
        return;
    }
    // Take the width from the diff, which is the only pane that stretches.
    const int wanted = std::max(panel->minimumWidth(), index == 0 ? 330 : 310);
    sizes[1] = std::max(200, sizes[1] - (wanted - sizes[index]));
    sizes[index] = wanted;
    m_mainSplit->setSizes(sizes);
}

void MainWindow::syncPanelActions()
{
    const QList<int> sizes = m_mainSplit->sizes();
    for (const auto &[index, action] : {std::pair{0, m_itemListAction}, std::pair{2, m_sidePanelAction}}) {
        const bool shown = m_mainSplit->widget(index)->isVisibleTo(m_mainSplit) && sizes.value(index) > 0;
        if (action->isChecked() != shown) {
            action->setChecked(shown);
        }
    }
}

void MainWindow::importWithDialog()
{
    if (!m_document) {
        return;
    }
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import into %1").arg(m_document->displayName()), QDir::homePath(),
        tr("Everything Concord imports (*.patch *.diff *.mbox *.eml *.json *.csv);;All files (*)"));
    if (!files.isEmpty()) {
        importFiles(files, true);
    }
}

bool MainWindow::importFiles(const QStringList &files, bool interactive, QString *error)
{
    if (!m_document || files.isEmpty()) {
        return false;
    }
    if (m_document->isReadOnly()) {
        const QString message = tr("%1 is open read-only: nothing was imported.").arg(m_document->displayName());
        if (error) {
            *error = message;
        }
        if (interactive) {
            QMessageBox::warning(this, tr("Import"), message);
        }
        return false;
    }
    QProgressDialog progress(tr("Importing %n file(s)…", nullptr, int(files.size())), tr("Cancel"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    ImportRequest request;
    request.files = files;
    request.options.progress = [&progress](qint64 done, qint64 total) {
        if (total > 0) {
            progress.setValue(int(std::min<qint64>(999, done * 1000 / total)));
        }
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    };
    ImportResult result;
    QString why;
    // The progress dialog runs the event loop: no indexing slice may join (and slow, or
    // roll back with) the import's transaction.
    const bool wasIndexing = m_indexTimer->isActive();
    m_indexTimer->stop();
    QApplication::setOverrideCursor(Qt::BusyCursor);
    const bool ok = Concord::importFiles(m_document->project(), request, &result, &why);
    QApplication::restoreOverrideCursor();
    if (wasIndexing || ok) {
        startDiffIndexing();
    }
    const bool cancelled = progress.wasCanceled();
    progress.reset();
    if (!ok) {
        const QString message = cancelled ? tr("The import was cancelled: nothing was imported.") : why;
        if (error) {
            *error = message;
        }
        if (interactive) {
            QMessageBox::warning(this, tr("Import failed"), message + (cancelled ? QString() : tr("\n\nNothing was imported; the project is unchanged.")));
        }
        return false;
    }
    // New items, raters and codebook values: every view reads again.
    const ItemId current = currentItem();
    m_itemModel->refresh();
    m_labeling->setDocument(m_document.get());
    m_document->announceCodebookChanged();
    m_document->announceRatersChanged();
    updateFilterMenu();
    updateProgress();
    if (current == 0 || !selectItem(current)) {
        if (m_itemModel->rowCount() > 0) {
            m_itemList->setCurrentIndex(m_itemModel->index(0, ItemListModel::TitleColumn));
        }
    }
    const QString summary = result.tally.summary();
    statusBar()->showMessage(summary, 15000);
    if (interactive) {
        QMessageBox box(QMessageBox::Information, tr("Import finished"), summary, QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        QStringList details;
        for (int i = 0; i < files.size(); ++i) {
            details << u"%1 (%2)"_s.arg(QDir::toNativeSeparators(files[i]), result.formats.value(i));
        }
        details << QString() << result.report.warnings;
        box.setDetailedText(details.join(u'\n'));
        box.exec();
    }
    return true;
}

void MainWindow::mergeWithDialog()
{
    if (!m_document) {
        return;
    }
    QString dir = QFileInfo(m_document->path()).absolutePath();
    if (m_persistent) {
        dir = QSettings().value(u"MainWindow/mergeDirectory"_s, dir).toString();
    }
    const QString path = QFileDialog::getOpenFileName(this, tr("Merge into %1").arg(m_document->displayName()), dir,
                                                      tr("Concord projects (*.concord);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    if (m_persistent) {
        QSettings().setValue(u"MainWindow/mergeDirectory"_s, QFileInfo(path).absolutePath());
    }
    mergeFile(path, true);
}

bool MainWindow::mergeFile(const QString &otherPath, bool interactive, QString *error)
{
    if (!m_document || m_mergePlanThread) {
        return false;
    }
    auto refuse = [&](const QString &message) {
        qCWarning(lcUi) << message;
        if (error) {
            *error = message;
        }
        statusBar()->showMessage(message, 15000);
        if (interactive) {
            // Plain text: the message quotes the other file's name and contents.
            QMessageBox box(QMessageBox::Warning, tr("Cannot merge"), message, QMessageBox::Ok, this);
            box.setTextFormat(Qt::PlainText);
            box.exec();
        }
        return false;
    };
    if (m_document->isReadOnly()) {
        return refuse(tr("%1 is open read-only: nothing was merged.").arg(m_document->displayName()));
    }
    const QString other = QFileInfo(otherPath).fileName();

    // The dry run on a worker thread: validating the other file and planning read both
    // files whole. It plans on a private copy, so the window's connection stays free, and
    // keeps the validated copy of the other file for the merge. Cancel interrupts it.
    struct Planning
    {
        std::optional<MergeReport> plan;
        QString error;
    };
    auto planning = std::make_shared<Planning>();
    auto scratch = std::make_shared<QTemporaryDir>();
    const QString checkedCopy = scratch->isValid() ? scratch->filePath(u"other.concord"_s) : QString();
    const QString projectPath = m_document->path();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_mergeCancel = cancel;
    // The folder of the checked copy lives as long as the thread that writes into it.
    QThread *thread = QThread::create([planning, projectPath, otherPath, checkedCopy, cancel, scratch] {
        const CancelScope scope(cancel.get());
        planning->plan = planMergeOfCopy(projectPath, otherPath, &planning->error, checkedCopy);
    });
    m_mergePlanThread = thread;
    m_mergeAction->setEnabled(false);
    QEventLoop loop;
    connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, thread] {
        if (!m_mergePlanThread || m_mergePlanThread == thread) {
            m_mergePlanThread = nullptr;
            if (m_document) {
                updateTitle(); // enables Merge again
            }
        }
    });
    std::optional<QProgressDialog> progress;
    if (interactive) {
        progress.emplace(tr("Checking %1 and what it would bring in…").arg(other), tr("Cancel"), 0, 0, this);
        progress->setWindowModality(Qt::WindowModal);
        progress->setMinimumDuration(300);
        progress->setValue(0); // starts the timer that shows it
        connect(&*progress, &QProgressDialog::canceled, this, &MainWindow::cancelMergeCheck);
    }
    const QPointer<ProjectDocument> document = m_document.get();
    m_mergeCheckLoop = &loop;
    thread->start();
    loop.exec();
    m_mergeCheckLoop = nullptr;
    progress.reset();
    if (cancel->load()) {
        // The thread ends within one step; its result (and the copy) are dropped.
        const QString message = tr("The merge of %1 was cancelled: nothing was merged.").arg(other);
        statusBar()->showMessage(message, 15000);
        if (error) {
            *error = message;
        }
        return false;
    }
    m_mergePlanThread = nullptr; // it has finished (its last instructions are waited for on delete)
    if (!document || document != m_document.get()) {
        return false; // the project was closed meanwhile
    }
    updateTitle(); // enables Merge again
    if (!planning->plan) {
        return refuse(planning->error);
    }
    if (planning->plan->isNoOp()) {
        const QString message = tr("Nothing to merge: %1 holds nothing that %2 lacks.").arg(other, m_document->displayName());
        statusBar()->showMessage(message, 15000);
        if (interactive) {
            MergeDialog(*planning->plan, m_document->displayName(), otherPath, this).exec();
        }
        return true;
    }
    if (interactive) {
        MergeDialog dialog(*planning->plan, m_document->displayName(), otherPath, this);
        if (dialog.exec() != QDialog::Accepted) {
            statusBar()->showMessage(tr("Nothing was merged."), 5000);
            if (error) {
                *error = tr("The merge of %1 was cancelled: nothing was merged.").arg(other);
            }
            return false;
        }
    }

    // The merge (snapshot, backup, one transaction, snapshot) on a worker thread with a
    // read-write connection of its own; the window's connection only reads meanwhile (it
    // sees the merge when it commits). No indexing slice may write meanwhile, and an
    // application-modal dialog keeps every window from editing.
    const bool wasIndexing = m_indexTimer->isActive();
    m_indexTimer->stop();
    QString why;
    std::unique_ptr<Project> connection = m_document->project().openWorkerConnection(&why);
    if (!connection) {
        if (wasIndexing) {
            startDiffIndexing();
        }
        m_document->announceEditFailed(why);
        if (error) {
            *error = why;
        }
        return false;
    }
    struct Merging
    {
        std::unique_ptr<Project> connection;
        std::optional<MergeStep> step;
        QString error;
    };
    auto merging = std::make_shared<Merging>();
    merging->connection = std::move(connection);
    const QString validatedCopy = QFileInfo::exists(checkedCopy) ? checkedCopy : QString();
    QThread *writer = QThread::create([merging, otherPath, validatedCopy, scratch] {
        merging->step = runMergeStep(*merging->connection, otherPath, validatedCopy, &merging->error);
        merging->connection.reset(); // closed on the thread that used it
    });
    m_mergePlanThread = writer;
    QEventLoop writing;
    connect(writer, &QThread::finished, &writing, &QEventLoop::quit);
    connect(writer, &QThread::finished, writer, &QObject::deleteLater);
    std::optional<UncancellableProgress> wait;
    if (interactive) {
        wait.emplace(tr("Merging %1 into %2…\nThe project is backed up first and the merge is one transaction, "
                        "so it cannot be cancelled; Edit ▸ Undo takes it back afterwards.")
                         .arg(other, m_document->displayName()),
                     QString(), 0, 0, this);
        wait->setCancelButton(nullptr);
        wait->setWindowModality(Qt::ApplicationModal);
        wait->setMinimumDuration(300);
        wait->setValue(0);
    }
    writer->start();
    writing.exec(QEventLoop::ExcludeUserInputEvents); // input waits until the merge is written
    wait.reset();
    m_mergePlanThread = nullptr;
    if (!document || document != m_document.get()) {
        return false;
    }
    updateTitle(); // enables Merge again
    bool ok = merging->step.has_value();
    MergeReport done;
    if (ok) {
        done = merging->step->report;
        ok = m_document->adoptMerge(otherPath, std::move(*merging->step), &why);
    } else {
        why = merging->error;
        m_document->announceEditFailed(why);
    }
    if (!ok) {
        // The document announced it (editFailed: status bar and a message box).
        if (error) {
            *error = why;
        }
        if (wasIndexing || merging->step) {
            startDiffIndexing();
        }
        return false;
    }
    startDiffIndexing(); // the merge brings in diffs to index
    const QString message = done.isNoOp()
        ? tr("Nothing to merge: %1 holds nothing that %2 lacks.").arg(other, m_document->displayName())
        : tr("Merged %1: %2. Edit ▸ Undo takes it back; the project as it was is also at %3.")
              .arg(other, mergeSummary(done), QDir::toNativeSeparators(done.backupPath));
    statusBar()->showMessage(message, 30000);
    return true;
}

void MainWindow::cancelMergeCheck()
{
    if (m_mergeCheckLoop && m_mergeCancel) {
        m_mergeCancel->store(true); // the check stops at its next step
        m_mergeCheckLoop->quit();
    }
}

void MainWindow::showBusy(const QString &what)
{
    if (!what.isEmpty()) {
        // A worker writes the project (undo or redo of a merge): no indexing slice may
        // write meanwhile (it would wait for the worker's transaction).
        m_indexingBeforeBusy = m_indexTimer->isActive();
        m_indexTimer->stop();
        delete m_busy;
        m_busy = new UncancellableProgress(what, QString(), 0, 0, this);
        m_busy->setCancelButton(nullptr);
        m_busy->setWindowModality(Qt::ApplicationModal);
        m_busy->setMinimumDuration(300);
        m_busy->setValue(0);
        return;
    }
    delete m_busy;
    if (m_indexingBeforeBusy) {
        m_indexingBeforeBusy = false;
        startDiffIndexing(); // counts what is pending in the restored content
    }
}

void MainWindow::reloadViews()
{
    if (!m_document) {
        return;
    }
    const ItemId current = currentItem();
    m_itemModel->refresh();
    m_labeling->setDocument(m_document.get());
    m_reconcile->setDocument(m_document.get());
    updateReconcileTab();
    updateFilterMenu();
    updateTitle();
    updateProgress();
    if (current == 0 || !selectItem(current)) {
        if (m_itemModel->rowCount() > 0) {
            m_itemList->setCurrentIndex(m_itemModel->index(0, ItemListModel::TitleColumn));
        }
    }
    // The item itself may have changed (a patch brought in): show it again.
    const ItemId shown = m_itemModel->id(m_itemList->currentIndex());
    m_itemView->showItem(shown);
    m_labeling->showItem(shown);
    m_reconcile->showItem(shown);
    showFindings();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_document && !m_document->isReadOnly() && event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList files;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            files << url.toLocalFile();
        }
    }
    if (files.isEmpty()) {
        return;
    }
    event->acceptProposedAction();
    // After the drop returns: a modal progress dialog inside the drop confuses some platforms.
    QTimer::singleShot(0, this, [this, files] {
        importFiles(files, true);
    });
}

QStringList MainWindow::recentProjects()
{
    return QSettings().value(s_recentKey).toStringList();
}

void MainWindow::addRecentProject(const QString &path)
{
    if (!m_persistent) {
        return;
    }
    QStringList recent = recentProjects();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > s_maxRecent) {
        recent.removeLast();
    }
    QSettings().setValue(s_recentKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_persistent ? recentProjects() : QStringList();
    for (const QString &path : recent) {
        // The file name as the text; '&' would become a mnemonic.
        QString text = QFileInfo(path).fileName();
        text.replace(u'&', u"&&"_s);
        QAction *action = m_recentMenu->addAction(text);
        action->setToolTip(plainToolTip(QDir::toNativeSeparators(path)));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] {
            QString error;
            if (!openProject(path, true, &error) && !m_document) {
                m_welcome->setMessage(error);
            }
        });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(s_recentKey);
            updateRecentMenu();
            m_welcome->setRecentProjects({});
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    m_welcome->setRecentProjects(recent);
}

void MainWindow::readSettings()
{
    if (!m_persistent) {
        return;
    }
    QSettings settings;
    bool known = false;
    const ColorScheme scheme = colorSchemeFromName(settings.value(u"colorScheme"_s, u"system"_s).toString(), &known);
    if (known && scheme != ColorScheme::System) {
        applyColorScheme(scheme);
    }
    for (QAction *action : m_schemes->actions()) {
        action->setChecked(action->data().toString() == colorSchemeName(scheme));
    }
    settings.beginGroup(u"MainWindow"_s);
    restoreGeometry(settings.value(u"geometry"_s).toByteArray());
    restoreState(settings.value(u"state"_s).toByteArray());
    m_mainSplit->restoreState(settings.value(u"mainSplitter"_s).toByteArray());
    m_itemView->splitter()->restoreState(settings.value(u"itemSplitter"_s).toByteArray());
    m_itemListAction->setChecked(settings.value(u"itemListShown"_s, true).toBool());
    m_sidePanelAction->setChecked(settings.value(u"sidePanelShown"_s, true).toBool());
    syncPanelActions();
    // "itemColumns2": the state saved before the title stretched (fixed 230 px wide, every
    // column shown) would bring the horizontal scrollbar back.
    if (const QByteArray columns = settings.value(u"itemColumns2"_s).toByteArray(); !columns.isEmpty()) {
        m_itemList->header()->restoreState(columns);
        m_itemList->header()->setSectionResizeMode(ItemListModel::TitleColumn, QHeaderView::Stretch);
        syncColumnActions();
    }
    // Start in import order: the work queue's natural order.
    m_itemList->header()->setSortIndicator(-1, Qt::AscendingOrder);
    const bool sideBySide = settings.value(u"sideBySide"_s, false).toBool();
    m_itemView->diffView()->setMode(sideBySide ? DiffView::Mode::SideBySide : DiffView::Mode::Unified);
    m_itemView->diffView()->setIgnoreWhitespace(settings.value(u"ignoreWhitespace"_s, false).toBool());
    settings.endGroup();
}

void MainWindow::writeSettings() const
{
    if (!m_persistent) {
        return;
    }
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState());
    settings.setValue(u"mainSplitter"_s, m_mainSplit->saveState());
    settings.setValue(u"itemSplitter"_s, m_itemView->splitter()->saveState());
    settings.setValue(u"itemListShown"_s, m_itemListAction->isChecked());
    settings.setValue(u"sidePanelShown"_s, m_sidePanelAction->isChecked());
    settings.setValue(u"itemColumns2"_s, m_itemList->header()->saveState());
    settings.setValue(u"sideBySide"_s, m_itemView->diffView()->mode() == DiffView::Mode::SideBySide);
    settings.setValue(u"ignoreWhitespace"_s, m_itemView->diffView()->ignoresWhitespace());
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    event->accept();
}

} // namespace Concord
