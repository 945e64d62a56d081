// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace Concord {

class DiffView;
class ElidedLabel;
class PatchFileModel;
class ProjectDocument;
class ReportView;

/// What a rater reads about one item: its header (title, author, date, key, dataset),
/// the commit message, and for a patch the file list and the selected file's diff; for a
/// bug report the report as a document (ReportView: Markdown, never active HTML).
class ItemView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemView)
public:
    explicit ItemView(QWidget *parent = nullptr);
    ~ItemView() override;

    /// The project to read from (not owned); nullptr clears the view.
    void setDocument(ProjectDocument *document);
    /// Shows item @p id (0: none).
    void showItem(ItemId id);
    ItemId currentItem() const { return m_item; }

    /// Selects file @p row of the current patch.
    void showFile(int row);
    /// Moves to the next (+1) or previous (-1) file.
    void stepFile(int delta);
    /// The repository ("owner/name") of the current patch, empty for none.
    QString currentRepository() const { return m_repository; }
    /// The local clone the current patch's whole files are read from (see
    /// localClonePath()), empty when none is linked.
    QString currentClonePath() const;
    /// Shows the current file again, e.g. after the clone was linked.
    void reloadFile();

    DiffView *diffView() const { return m_diff; }
    ReportView *reportView() const { return m_report; }
    /// True while a patch (its files and diff) is shown, false for a bug report or none.
    bool showsPatch() const;
    QTreeView *fileList() const { return m_files; }
    PatchFileModel *fileModel() const { return m_fileModel; }
    QSplitter *splitter() const { return m_split; }
    /// False while the rest of a large commit's file list is still being read (a slice
    /// per event-loop turn, so the window never waits for tens of thousands of rows).
    bool filesComplete() const { return m_filesComplete; }
    /// How many files the first slice and each later one read (400 and 2,000); smaller in
    /// tests, so that a real commit of a hundred files takes the sliced path.
    static void setFileSlices(int first, int later);
    QString titleText() const;
    QString detailsText() const;

Q_SIGNALS:
    /// Item @p id (0: none) is shown; @p patch says whether it is a patch.
    void itemShown(ItemId id, bool patch);
    /// The current patch's file list has every file (at once for most patches; after the
    /// last slice for a large commit).
    void filesCompleted();

private:
    void showPatch(const Item &item);
    void showBugReport(const Item &item);
    /// Reads the next slice of the current patch's files; schedules itself until done.
    void loadMoreFiles();

    ProjectDocument *m_document = nullptr;
    QMetaObject::Connection m_termsConnection;
    ItemId m_item = 0;
    QString m_repository; ///< of the current patch
    QString m_commitSha;  ///< of the current patch, empty when it names none
    ElidedLabel *m_title;
    ElidedLabel *m_details;
    QPlainTextEdit *m_message;
    QSplitter *m_split;
    QStackedWidget *m_body;
    QTreeView *m_files;
    PatchFileModel *m_fileModel;
    bool m_filesComplete = true;
    quint64 m_fileListTicket = 0; ///< changes with every item shown: a stale slice stops
    DiffView *m_diff;
    ReportView *m_report;
};

} // namespace Concord
