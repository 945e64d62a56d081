// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTreeView;
class QUndoGroup;

namespace Concord {

class FindingsPanel;
class ItemFilterModel;
class ItemListModel;
class ItemView;
class ProjectDocument;
class WelcomePage;

/// The main window: the project's items (filterable, fetched lazily), the selected item's
/// header, files and diff, and its findings. Without a project it shows a welcome page
/// with Open and the recent projects. Window geometry, splitters, the diff mode and the
/// recent list live in QSettings.
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

    ProjectDocument *document() const { return m_document.get(); }
    /// Selects item @p id in the list and shows it; false when it is not in the list.
    bool selectItem(ItemId id);
    ItemId currentItem() const;

    ItemListModel *itemModel() const { return m_itemModel; }
    ItemFilterModel *itemFilter() const { return m_itemFilter; }
    QTreeView *itemList() const { return m_itemList; }
    QLineEdit *filterEdit() const { return m_filter; }
    ItemView *itemView() const { return m_itemView; }
    FindingsPanel *findingsPanel() const { return m_findings; }
    WelcomePage *welcomePage() const { return m_welcome; }

    /// Recent projects, newest first (from QSettings).
    static QStringList recentProjects();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createProjectPage();
    void readSettings();
    void writeSettings() const;
    void addRecentProject(const QString &path);
    void updateRecentMenu();
    void updateTitle();
    void openWithDialog();
    void showCurrentItem();
    void stepItem(int delta);
    void sortWholeList(int column, Qt::SortOrder order);

    bool m_persistent;
    std::unique_ptr<ProjectDocument> m_document;
    QUndoGroup *m_undoGroup;

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    QWidget *m_projectPage = nullptr;
    QSplitter *m_mainSplit = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_itemList = nullptr;
    ItemListModel *m_itemModel;
    ItemFilterModel *m_itemFilter;
    ItemView *m_itemView = nullptr;
    FindingsPanel *m_findings = nullptr;
    QLabel *m_statusItems;
    QLabel *m_statusMode;

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
    QAction *m_aboutAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QActionGroup *m_schemes = nullptr;
};

} // namespace Concord
