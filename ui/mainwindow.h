// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "domain/highlightterms.h"

#include <QDialog>
#include <QMainWindow>
#include <QPointer>

#include <atomic>
#include <memory>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QEventLoop;
class QProgressDialog;
class QThread;
class QTimer;
class QToolButton;
class QTreeView;
class QUndoGroup;

namespace Concord {

class AgreementDashboardWindow;
class FindingsPanel;
class ItemListModel;
class ItemQueryRunner;
class ItemView;
class LabelingPanel;
class ReconciliationPanel;
class ProjectDocument;
class WelcomePage;

/// The main window: the work queue (the project's items with the rater's status,
/// searched, filtered and sorted by the store), the selected item's header, files and
/// diff, and the labeling form with the current rater's findings (everyone's findings
/// only for a reconciler or a reconciled item: blind labeling). Without a project it
/// shows a welcome page with Open and the recent projects. Window geometry, splitters,
/// the diff mode, the recent list and who the user is per project live in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// @p persistent false: neither read nor write QSettings (screenshots, tests).
    explicit MainWindow(bool persistent = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens @p path, replacing the current project. When another Concord writes the
    /// project, opens it read-only (asking first when @p interactive). On failure keeps
    /// the current state, returns false and sets @p error ("FILE: cause").
    bool openProject(const QString &path, bool interactive, QString *error = nullptr);
    void closeProject();

    /// Makes @p rater the one who labels (remembered per project when persistent).
    void setRater(RaterId rater);
    /// Asks who the user is (pick or create a rater); false when cancelled.
    bool chooseRater();
    /// Marks the current item done for the current rater when the codebook's rules allow
    /// (otherwise shows why, inline) and moves to the next item not done.
    bool markDoneAndNext();
    /// Moves to the next (+1) or previous (-1) item the rater has not done.
    bool stepNotDone(int delta);
    /// Imports @p files into the open project with a progress dialog (Cancel imports
    /// nothing) and shows what was imported; false and *error when nothing was.
    bool importFiles(const QStringList &files, bool interactive, QString *error = nullptr);
    /// File > Merge: checks @p otherPath (another copy of this project, untrusted input)
    /// and plans the merge on a worker thread (Cancel interrupts it; nothing changes),
    /// shows the plan with every conflict (when @p interactive; Merge / Cancel), then
    /// merges on a worker thread with a connection of its own (no Cancel: one transaction;
    /// every window blocked meanwhile) as one undo step "Merge NAME" and says what came in
    /// on the status bar. The event loop keeps turning throughout.
    /// false and *error when the file was refused, the merge failed or was cancelled
    /// (the project unchanged); true also when there was nothing to merge.
    bool mergeFile(const QString &otherPath, bool interactive, QString *error = nullptr);
    /// Cancel of the check File > Merge runs first: it stops at its next step and nothing
    /// is merged (the write itself offers no Cancel: it is one transaction).
    void cancelMergeCheck();
    /// Opens (or raises) the non-modal codebook editor.
    void showCodebookEditor();
    /// Opens (or raises) the non-modal agreement dashboard of the open project.
    void showAgreementDashboard();
    /// The agreement dashboard, when open.
    AgreementDashboardWindow *agreementDashboard() const;
    void showHighlightTerms();
    void applyHighlightTerms(const QList<Concord::HighlightTerm> &terms);
    /// Adds a value named @p name with @p description to @p dimension and chooses it in
    /// the current finding: one undo step. False when the store refused.
    bool addValueAndChoose(DimensionId dimension, const QString &name, const QString &description);
    /// Hides or shows the item list and the side panel together (more width for the diff).
    void setFocusMode(bool on);
    /// The panels beside the diff. Shown again, a panel that was dragged shut gets a usable
    /// width back; the View menu's check marks follow (also when dragged shut).
    enum class Panel { ItemList, Side };
    void setPanelShown(Panel panel, bool shown);
    bool isPanelShown(Panel panel) const;

    ProjectDocument *document() const { return m_document.get(); }
    /// Selects item @p id in the list and shows it; false when it is not in the list.
    bool selectItem(ItemId id);
    ItemId currentItem() const;

    ItemListModel *itemModel() const { return m_itemModel; }
    QTreeView *itemList() const { return m_itemList; }
    QLineEdit *filterEdit() const { return m_filter; }
    ItemView *itemView() const { return m_itemView; }
    FindingsPanel *findingsPanel() const { return m_findings; }
    LabelingPanel *labelingPanel() const { return m_labeling; }
    /// The Reconcile tab (enabled for a reconciler only: blind labeling).
    ReconciliationPanel *reconciliationPanel() const { return m_reconcile; }
    /// Reconcile > Accept All Unanimous: asks for the two raters when the project has more
    /// than two (when @p interactive), pushes one undo step and reports what was added and
    /// skipped (also returned). Empty when the current rater is no reconciler.
    QString acceptAllUnanimous(bool interactive);
    QTabWidget *sideTabs() const { return m_side; }
    QToolButton *filterButton() const { return m_filterButton; }
    /// Applies the search box and filter menu now (they otherwise wait for typing to pause).
    void applyFilter();
    WelcomePage *welcomePage() const { return m_welcome; }

    /// Recent projects, newest first (from QSettings).
    static QStringList recentProjects();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createProjectPage();
    void setUpItemColumns();
    void syncColumnActions();
    void showPanelWidget(int index, bool shown);
    void syncPanelActions();
    void readSettings();
    void writeSettings() const;
    void addRecentProject(const QString &path);
    void updateRecentMenu();
    void updateTitle();
    void openWithDialog();
    void showCurrentItem();
    void stepItem(int delta);
    void showFindings();
    void updateProgress();
    void updateFilterMenu();
    ItemQuery currentQuery() const;
    void searchInBackground();
    void showSearchResult(quint64 ticket, const ItemQuery &query, const QList<ItemId> &ids, const QString &error);
    void importWithDialog();
    void mergeWithDialog();
    /// After a merge, its undo or redo: every view reads the project again.
    void reloadViews();
    /// ProjectDocument::busy: a progress dialog (no Cancel) and no indexing meanwhile.
    void showBusy(const QString &what);
    /// Asks for the local clone of the current item's repository and remembers it.
    void linkLocalClone();
    void startDiffIndexing();
    void indexDiffSlice();
    void restoreRater();
    void addValueWhileLabeling(DimensionId dimension, const QString &name);
    void updateReconcileTab();

    bool m_persistent;
    std::unique_ptr<ProjectDocument> m_document;
    QUndoGroup *m_undoGroup;

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    QWidget *m_projectPage = nullptr;
    QSplitter *m_mainSplit = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_itemList = nullptr;
    QToolButton *m_filterButton = nullptr;
    QMenu *m_filterMenu = nullptr;
    QTimer *m_filterTimer = nullptr;
    ItemQuery m_filterQuery;
    ItemQueryRunner *m_queryRunner = nullptr;
    quint64 m_pendingSearch = 0; ///< ticket of the search the list waits for; 0: none
    ItemListModel *m_itemModel;
    ItemView *m_itemView = nullptr;
    QTabWidget *m_side = nullptr;
    LabelingPanel *m_labeling = nullptr;
    FindingsPanel *m_findings = nullptr;
    ReconciliationPanel *m_reconcile = nullptr;
    QAction *m_acceptUnanimousAction = nullptr;
    QAction *m_nextUnitAction = nullptr;
    QAction *m_previousUnitAction = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QLabel *m_statusItems;
    QLabel *m_statusMode;
    /// Puts the diffs an import left pending in the search index, a few per tick, on the
    /// project's own connection (the only writer), while the window stays usable.
    QTimer *m_indexTimer = nullptr;
    QLabel *m_statusIndexing;
    qint64 m_indexTotal = 0; ///< pending diffs when this round of indexing started
    qint64 m_indexDone = 0;
    QList<int> m_sizesBeforeFocus;

    QAction *m_openAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_nextItemAction = nullptr;
    QAction *m_previousItemAction = nullptr;
    QAction *m_nextFileAction = nullptr;
    QAction *m_previousFileAction = nullptr;
    QAction *m_unifiedAction = nullptr;
    QAction *m_sideBySideAction = nullptr;
    QAction *m_showAllAction = nullptr;
    QAction *m_linkCloneAction = nullptr;
    QAction *m_unlinkCloneAction = nullptr;
    QAction *m_expandGapAction = nullptr;
    QAction *m_expandAllGapsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_mergeAction = nullptr;
    /// The worker that checks and plans, then writes, a merge (File > Merge); on close a
    /// check is cancelled (m_mergeCancel) and waited for, a write waited for.
    QPointer<QThread> m_mergePlanThread;
    std::shared_ptr<std::atomic<bool>> m_mergeCancel;
    QPointer<QEventLoop> m_mergeCheckLoop;
    QPointer<QProgressDialog> m_busy;
    bool m_indexingBeforeBusy = false;
    QAction *m_raterAction = nullptr;
    QAction *m_doneAction = nullptr;
    QAction *m_nextNotDoneAction = nullptr;
    QAction *m_previousNotDoneAction = nullptr;
    QAction *m_addFindingAction = nullptr;
    QAction *m_focusAction = nullptr;
    QAction *m_itemListAction = nullptr;
    QAction *m_sidePanelAction = nullptr;
    QAction *m_historyAction = nullptr;
    QAction *m_labelFocusAction = nullptr;
    QAction *m_codebookAction = nullptr;
    QPointer<QDialog> m_codebookEditor;
    QAction *m_dashboardAction = nullptr;
    QPointer<AgreementDashboardWindow> m_dashboard;
    QAction *m_termsAction = nullptr;
    QPointer<QDialog> m_termsDialog;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_columnsMenu = nullptr;
    QActionGroup *m_schemes = nullptr;
};

} // namespace Concord
