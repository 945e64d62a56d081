// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "colorscheme.h"
#include "diff/diffview.h"
#include "project/findingspanel.h"
#include "project/itemfiltermodel.h"
#include "document/itemlistmodel.h"
#include "project/itemview.h"
#include "document/projectdocument.h"
#include "welcomepage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
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
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcUi, "concord.ui")

namespace Concord {

namespace {

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
    , m_itemFilter(new ItemFilterModel(this))
    , m_statusItems(new QLabel(this))
    , m_statusMode(new QLabel(this))
{
    setObjectName(u"MainWindow"_s);
    m_itemFilter->setSourceModel(m_itemModel);
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
    // Views read from the document: detach them before it goes.
    m_itemView->setDocument(nullptr);
    m_itemModel->setProject(nullptr);
}

QWidget *MainWindow::createProjectPage()
{
    auto *page = new QWidget(this);
    m_mainSplit = new QSplitter(Qt::Horizontal, page);
    m_mainSplit->setObjectName(u"mainSplitter"_s);

    auto *left = new QWidget(m_mainSplit);
    m_filter = new QLineEdit(left);
    m_filter->setPlaceholderText(tr("Filter items (title, key, author, dataset)"));
    m_filter->setClearButtonEnabled(true);
    m_itemList = new QTreeView(left);
    m_itemList->setModel(m_itemFilter);
    m_itemList->setRootIsDecorated(false);
    m_itemList->setUniformRowHeights(true);
    m_itemList->setAlternatingRowColors(true);
    m_itemList->setSortingEnabled(false);
    m_itemList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_itemList->header()->setSectionsClickable(true);
    m_itemList->header()->setSortIndicatorShown(true);
    m_itemList->header()->setSortIndicator(-1, Qt::AscendingOrder);
    m_itemList->header()->resizeSection(ItemListModel::TitleColumn, 210);
    m_itemList->header()->resizeSection(ItemListModel::KeyColumn, 150);
    m_itemList->header()->resizeSection(ItemListModel::AuthorColumn, 110);
    m_itemList->header()->resizeSection(ItemListModel::DateColumn, 80);
    connect(m_itemList->header(), &QHeaderView::sortIndicatorChanged, this, &MainWindow::sortWholeList);
    connect(m_filter, &QLineEdit::textChanged, m_itemFilter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_itemList->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrentItem);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_itemList, 1);

    m_itemView = new ItemView(m_mainSplit);
    m_itemView->splitter()->setObjectName(u"itemSplitter"_s);
    m_findings = new FindingsPanel(m_mainSplit);

    m_mainSplit->addWidget(left);
    m_mainSplit->addWidget(m_itemView);
    m_mainSplit->addWidget(m_findings);
    m_mainSplit->setStretchFactor(0, 0);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setStretchFactor(2, 0);
    m_mainSplit->setChildrenCollapsible(false);
    m_mainSplit->setSizes({340, 700, 260});

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplit);
    return page;
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
    m_showAllAction = new QAction(tr("Show &Whole File"), this);
    connect(m_showAllAction, &QAction::triggered, diff, &DiffView::showAll);

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
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_findAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_unifiedAction);
    view->addAction(m_sideBySideAction);
    view->addAction(m_showAllAction);
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
    go->addAction(m_nextFileAction);
    go->addAction(m_previousFileAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

bool MainWindow::openProject(const QString &path, bool interactive, QString *error)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QString why;
    OpenFailure failure = OpenFailure::None;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    std::unique_ptr<ProjectDocument> document = ProjectDocument::open(absolute, false, &why, &failure);
    QApplication::restoreOverrideCursor();
    if (!document && failure == OpenFailure::LockedByWriter) {
        const bool readOnly = !interactive
            || QMessageBox::question(this, tr("Project in use"),
                                     tr("%1 is open for writing in another Concord.\n\nOpen it read-only?").arg(QDir::toNativeSeparators(absolute)))
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
    m_itemModel->setProject(&m_document->project());
    m_pages->setCurrentWidget(m_projectPage);
    m_welcome->setMessage({});
    addRecentProject(absolute);
    updateTitle();
    m_statusItems->setText(tr("%n item(s)", nullptr, int(m_itemModel->totalCount())));
    m_itemModel->fetchMore({});
    if (m_itemFilter->rowCount() > 0) {
        m_itemList->setCurrentIndex(m_itemFilter->index(0, 0));
    }
    m_itemList->setFocus();
    return true;
}

void MainWindow::closeProject()
{
    m_findings->clear();
    m_itemView->setDocument(nullptr);
    m_itemModel->setProject(nullptr);
    m_filter->clear();
    if (m_document) {
        m_undoGroup->removeStack(m_document->undoStack());
    }
    m_document.reset();
    m_welcome->setRecentProjects(recentProjects());
    m_pages->setCurrentWidget(m_welcome);
    m_statusItems->clear();
    m_closeAction->setEnabled(false);
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
    QString title = m_document->displayName();
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
    const QModelIndex source = m_itemModel->index(id);
    if (!source.isValid()) {
        return false;
    }
    const QModelIndex proxy = m_itemFilter->mapFromSource(source);
    if (!proxy.isValid()) {
        return false;
    }
    m_itemList->setCurrentIndex(proxy);
    m_itemList->scrollTo(proxy);
    return true;
}

ItemId MainWindow::currentItem() const
{
    return m_itemView->currentItem();
}

void MainWindow::showCurrentItem()
{
    const QModelIndex source = m_itemFilter->mapToSource(m_itemList->currentIndex());
    const ItemId id = m_itemModel->id(source);
    m_itemView->showItem(id);
    if (!m_document || id == 0) {
        m_findings->clear();
        return;
    }
    const Project &project = m_document->project();
    m_findings->setFindings(project.codebook(), project.raters(), project.findingsForItem(id), project.reconciledForItem(id));
}

void MainWindow::stepItem(int delta)
{
    if (!m_document) {
        return;
    }
    int row = m_itemList->currentIndex().row() + delta;
    if (row >= m_itemFilter->rowCount() && m_itemFilter->canFetchMore({})) {
        m_itemFilter->fetchMore({});
    }
    row = std::clamp(row, 0, m_itemFilter->rowCount() - 1);
    if (row >= 0) {
        m_itemList->setCurrentIndex(m_itemFilter->index(row, 0));
    }
}

void MainWindow::sortWholeList(int column, Qt::SortOrder order)
{
    // Sorting only the fetched pages would mislead: fetch the rest first, with progress.
    if (column >= 0 && m_itemModel->canFetchMore({})) {
        QProgressDialog progress(tr("Loading all items to sort them…"), tr("Cancel"), 0, int(m_itemModel->totalCount()), this);
        progress.setWindowModality(Qt::WindowModal);
        progress.setMinimumDuration(400);
        while (m_itemModel->canFetchMore({})) {
            m_itemModel->fetchMore({});
            progress.setValue(m_itemModel->rowCount());
            if (progress.wasCanceled()) {
                // Keep import order rather than a sort of a part.
                QSignalBlocker block(m_itemList->header());
                m_itemList->header()->setSortIndicator(-1, Qt::AscendingOrder);
                return;
            }
        }
    }
    const ItemId current = currentItem();
    m_itemFilter->sort(column, order);
    if (current != 0) {
        selectItem(current);
    }
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
        action->setToolTip(QDir::toNativeSeparators(path));
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
    m_itemList->header()->restoreState(settings.value(u"itemColumns"_s).toByteArray());
    // A sort needs every item fetched; start in import order instead.
    m_itemList->header()->setSortIndicator(-1, Qt::AscendingOrder);
    const bool sideBySide = settings.value(u"sideBySide"_s, false).toBool();
    m_itemView->diffView()->setMode(sideBySide ? DiffView::Mode::SideBySide : DiffView::Mode::Unified);
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
    settings.setValue(u"itemColumns"_s, m_itemList->header()->saveState());
    settings.setValue(u"sideBySide"_s, m_itemView->diffView()->mode() == DiffView::Mode::SideBySide);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    event->accept();
}

} // namespace Concord
