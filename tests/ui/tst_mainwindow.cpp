// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on a real project built from corpus files by the shipped importers,
// and the concord binary's --screenshot path.
#include "codebook/codebookeditor.h"
#include "diff/difftextedit.h"
#include "diff/diffview.h"
#include "fontfallback.h"
#include "mainwindow.h"
#include "project/findingspanel.h"
#include "document/itemlistmodel.h"
#include "project/itemview.h"
#include "project/keydelegate.h"
#include "document/patchfilemodel.h"
#include "document/projectdocument.h"
#include "report/reportview.h"
#include "uitestproject.h"
#include "welcomepage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextLayout>
#include <QTimeZone>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeView>
#include <QHeaderView>
#include <QDirIterator>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSplitter>
#include <QMenu>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void startsOnTheWelcomePage();
    void opensAProjectAndShowsTheFirstItem();
    void showsTheFindingsPerDimension();
    void filterBoxFiltersTheList();
    void binaryFileIsDescribed();
    void bugReportIsShownAsADocument();
    void koreanTitleShowsAsText();
    void standardShortcuts();
    void lockedProjectOpensReadOnly();
    void indexesPendingDiffsInTheBackground();
    void badFileKeepsTheWelcomePageWithTheReason();
    void recentProjectsAndGeometryPersist();
    void itemListFitsItsPane();
    void longTitlesAndPathsElideInsteadOfWidening();
    void largeFileListIsReadInSlices();
    void panelDraggedShutIsClosedAndComesBackUsable();
    void sideBySideGetsTheWidthOfAClosedPanel();
    void panelsAndColumnsPersist();
    void closingTheProjectClosesItsCodebookEditor();
    void screenshotWritesAPngOfTheWindow_data();
    void screenshotWritesAPngOfTheWindow();
    void screenshotOfAMissingProjectFails();
    void screenshotOptions();
    void helpAndVersionWithoutADisplay();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

namespace {

/// The label in the status bar that names the diff mode.
QLabel *diffModeLabel(MainWindow &window)
{
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->text() == u"Unified"_s || label->text() == u"Side by side"_s) {
            return label;
        }
    }
    return nullptr;
}

/// How many characters of @p text @p font draws as the missing-glyph box (glyph 0), with
/// the fallbacks it would use.
int missingGlyphs(const QString &text, const QFont &font)
{
    QTextLayout layout(text, font);
    layout.beginLayout();
    layout.createLine().setLineWidth(100000);
    layout.endLayout();
    int missing = 0;
    for (const QGlyphRun &run : layout.glyphRuns()) {
        for (const quint32 glyph : run.glyphIndexes()) {
            missing += glyph == 0;
        }
    }
    return missing;
}

} // namespace

void TestMainWindow::initTestCase()
{
    // As concord's main() does.
    installFontFallbacks();
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(u"ConcordTest"_s);
    QApplication::setApplicationName(u"tst_mainwindow"_s);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(u"study.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(m_project, UiTest::sampleFiles(), &error), qPrintable(error));
}

void TestMainWindow::startsOnTheWelcomePage()
{
    MainWindow window(false);
    QVERIFY(!window.document());
    QVERIFY(window.welcomePage()->isVisibleTo(&window));
    QCOMPARE(window.windowTitle(), u"Concord"_s);
}

void TestMainWindow::opensAProjectAndShowsTheFirstItem()
{
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QAbstractItemModelTester listTester(window.itemModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filesTester(window.itemView()->fileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QString error;
    QVERIFY2(window.openProject(m_project, false, &error), qPrintable(error));
    QVERIFY(window.document());
    QVERIFY(window.windowTitle().startsWith(u"study.concord"_s));
    QVERIFY(!window.windowTitle().contains(u"read-only"_s));
    QVERIFY(window.itemModel()->totalCount() >= 2);
    QVERIFY(window.itemList()->isVisible());
    // The first item is shown at once, without a click.
    QCOMPARE(window.currentItem(), window.document()->project().items(0, 1).first().id);
    QCOMPARE(window.itemList()->currentIndex().row(), 0);
    // Go to the GPflow commit and check what a rater reads.
    const auto item = window.document()->project().itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
    QVERIFY(item);
    QVERIFY(window.selectItem(item->id));
    QCOMPARE(window.currentItem(), item->id);
    QCOMPARE(window.itemView()->titleText(), item->title);
    QVERIFY(!item->title.isEmpty());
    QVERIFY(window.itemView()->detailsText().contains(u"GPflow/GPflow@002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
    QVERIFY(window.itemView()->detailsText().contains(item->author));
    // The file list and the first file's diff, with old/new line numbers.
    const PatchFileModel *files = window.itemView()->fileModel();
    QCOMPARE(files->rowCount(), item->stats.files);
    DiffTextEdit *edit = window.itemView()->diffView()->unifiedEdit();
    QVERIFY(edit->isVisible());
    QCOMPARE(edit->document()->findBlockByNumber(0).text(), u"@@ -29,6 +29,8 @@ import gpflow"_s);
    QCOMPARE(edit->document()->findBlockByNumber(1).text(), u"import numpy as np"_s);
    QCOMPARE(edit->rowAt(1)->oldLine, 29);
    QCOMPARE(edit->rowAt(4)->kind, DiffRow::Kind::Added);
    QCOMPARE(edit->rowAt(4)->newLine, 32);
    QCOMPARE(edit->document()->findBlockByNumber(4).text(), u"np.random.seed(123)  # for reproducibility of this notebook"_s);
    // A patch: the status bar names the diff mode.
    QLabel *mode = diffModeLabel(window);
    QVERIFY(mode);
    QVERIFY(mode->isVisible());
    // Next file (Alt+Shift+Down) shows the second file.
    const QString secondPath = files->index(1, 0).data().toString();
    QTest::keyClick(window.itemList(), Qt::Key_Down, Qt::AltModifier | Qt::ShiftModifier);
    QCOMPARE(window.itemView()->fileList()->currentIndex().row(), 1);
    bool titled = false;
    for (QLabel *label : window.itemView()->diffView()->findChildren<QLabel *>()) {
        titled = titled || label->text().startsWith(secondPath);
    }
    QVERIFY(titled);
    // Side by side keeps working on the same file.
    window.itemView()->diffView()->setMode(DiffView::Mode::SideBySide);
    QVERIFY(window.itemView()->diffView()->oldEdit()->isVisible());
    QCOMPARE(window.itemView()->diffView()->oldEdit()->rows().size(), window.itemView()->diffView()->newEdit()->rows().size());
    window.closeProject();
    QVERIFY(!window.document());
    QCOMPARE(window.itemModel()->rowCount(), 0);
}

void TestMainWindow::showsTheFindingsPerDimension()
{
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(m_project, false));
    Project &project = window.document()->project();
    const auto item = project.itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
    QVERIFY(item);
    // Everyone's findings are for a reconciler (raters label blind).
    Rater reconciler;
    reconciler.name = u"Reconciler for the findings test"_s;
    reconciler.role = Rater::Role::Reconciler;
    QString error;
    const std::optional<RaterId> reconcilerId = project.addRater(reconciler, &error);
    QVERIFY2(reconcilerId, qPrintable(error));
    window.setRater(*reconcilerId);
    QVERIFY(window.selectItem(item->id));
    QVERIFY(window.sideTabs()->isTabEnabled(window.sideTabs()->indexOf(window.findingsPanel())));
    const Codebook codebook = project.codebook();
    QVERIFY(!codebook.dimensions.isEmpty());
    const QList<Finding> findings = project.findingsForItem(item->id);
    QVERIFY(findings.size() >= 2);
    // One section per dimension, titled with its name.
    QStringList titles;
    for (QGroupBox *box : window.findingsPanel()->findChildren<QGroupBox *>()) {
        titles << box->title();
    }
    for (const Dimension &d : codebook.dimensions) {
        QVERIFY2(titles.contains(d.name.isEmpty() ? d.key : d.name), qPrintable(d.name));
    }
    // A value a rater chose is shown by name, its description as the tooltip.
    const CodebookValue *chosen = nullptr;
    for (const Finding &f : findings) {
        for (auto it = f.values.cbegin(); it != f.values.cend() && !chosen; ++it) {
            for (ValueId v : it.value()) {
                const CodebookValue *value = codebook.value(v);
                if (value && !value->description.isEmpty()) {
                    chosen = value;
                }
            }
        }
    }
    QVERIFY(chosen);
    bool shown = false;
    for (QLabel *label : window.findingsPanel()->findChildren<QLabel *>()) {
        QCOMPARE(label->textFormat(), Qt::PlainText);
        if (label->text().split(u", "_s).contains(chosen->name)) {
            shown = true;
            QVERIFY(UiTest::toolTipAsShown(label->toolTip()).contains(chosen->description));
        }
    }
    QVERIFY(shown);
}

void TestMainWindow::filterBoxFiltersTheList()
{
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(m_project, false));
    const int all = window.itemModel()->rowCount();
    QVERIFY(all > 2);
    // The search runs in the store once typing pauses: a key with a sha prefix ...
    QTest::keyClicks(window.filterEdit(), u"google/iree@55fcfab"_s);
    QTRY_COMPARE(window.itemModel()->rowCount(), 1);
    // ... a bare sha prefix ...
    window.filterEdit()->setText(u"55fcfab7131"_s);
    window.applyFilter();
    QCOMPARE(window.itemModel()->rowCount(), 1);
    QCOMPARE(window.itemModel()->index(0, ItemListModel::KeyColumn).data(ItemListModel::KeyRole).toString(),
             u"google/iree@55fcfab7131ea0acb65050078af23a91b2687ca2"_s);
    window.filterEdit()->clear();
    window.applyFilter();
    QCOMPARE(window.itemModel()->rowCount(), all);
}

void TestMainWindow::binaryFileIsDescribed()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(m_project, false));
    const auto item = window.document()->project().itemByKey(ItemKey::commit(u"google/iree"_s, u"55fcfab7131ea0acb65050078af23a91b2687ca2"_s));
    QVERIFY(item);
    QVERIFY(window.selectItem(item->id));
    const PatchFileModel *files = window.itemView()->fileModel();
    int binaryRow = -1;
    for (int row = 0; row < files->rowCount(); ++row) {
        if (files->index(row, 0).data(PatchFileModel::BinaryRole).toBool()) {
            binaryRow = row;
        }
    }
    QVERIFY(binaryRow >= 0);
    window.itemView()->showFile(binaryRow);
    // The patch's "literal 500" line: the stored bytes were read back by range.
    QCOMPARE(window.itemView()->diffView()->messageText(), u"Binary file added, 500 bytes"_s);
}

void TestMainWindow::bugReportIsShownAsADocument()
{
    // Runs with TZ=America/New_York (CMakeLists.txt), where the issue's day once showed as
    // the evening before.
    QCOMPARE(QTimeZone::systemTimeZoneId(), QByteArray("America/New_York"));
    const QString path = m_dir.filePath(u"issues.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(path, {UiTest::corpus(u"bugreports/issues.json"_s), UiTest::sampleFiles().first()}, &error),
             qPrintable(error));
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(path, false, &error));
    const auto patch = window.document()->project().itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
    QVERIFY(patch);
    QVERIFY(window.selectItem(patch->id));
    QLabel *mode = diffModeLabel(window);
    QVERIFY(mode);
    QVERIFY(mode->isVisible());

    const auto item = window.document()->project().itemByKey(ItemKey::issue(u"tensorflow/tensorflow"_s, 46012));
    QVERIFY(item);
    QVERIFY(window.selectItem(item->id));
    QCOMPARE(window.itemView()->titleText(), u"tf.function retracing"_s);
    QVERIFY(window.itemView()->detailsText().contains(u"tensorflow/tensorflow#46012"_s));
    // The day as the issue list gives it: no time, not the day before.
    QVERIFY2(window.itemView()->detailsText().contains(u"2020-12-28  ·"_s), qPrintable(window.itemView()->detailsText()));
    QVERIFY(!window.itemView()->detailsText().contains(u"2020-12-27"_s));
    QVERIFY(!window.itemView()->detailsText().contains(u":00"_s));
    // No file list or diff for a bug report, no diff mode in the status bar; the report
    // as a document: state, labels, a link to it.
    QVERIFY(!window.itemView()->fileList()->isVisible());
    QVERIFY(!window.itemView()->diffView()->isVisible());
    QVERIFY(!mode->isVisible());
    ReportView *report = window.itemView()->reportView();
    QVERIFY(report->isVisible());
    const QString text = report->document()->toPlainText();
    QVERIFY2(text.contains(u"Closed"_s), qPrintable(text));
    for (const QString &label : {u"comp:keras"_s, u"stat:awaiting response"_s, u"TF 2.4"_s, u"type:bug"_s}) {
        QVERIFY2(text.contains(label), qPrintable(label));
    }
    QVERIFY(text.contains(u"opened by (unknown) on 2020-12-28"_s));
    const QTextCursor link = report->document()->find(u"https://github.com/tensorflow/tensorflow/issues/46012"_s);
    QVERIFY(!link.isNull());
    QCOMPARE(link.charFormat().anchorHref(), u"https://github.com/tensorflow/tensorflow/issues/46012"_s);

    // Back to the patch: the mode shows again.
    QVERIFY(window.selectItem(patch->id));
    QVERIFY(mode->isVisible());
}

void TestMainWindow::koreanTitleShowsAsText()
{
    // A real commit whose subject is Korean (RFC 2047 encoded in the patch).
    const QString path = m_dir.filePath(u"korean.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(path, {UiTest::corpus(u"patches/Nam-SW__Response_Generation/f72b139c3c0fc2a47c65a69bd06f9a956feb5c6e.patch"_s)},
                                  &error),
             qPrintable(error));
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(path, false, &error));
    const QString title = window.itemView()->titleText();
    QCOMPARE(title, u"fix: 설마 이대로고쳐진다거나?"_s);
    QLabel *titleLabel = nullptr;
    for (QLabel *label : window.itemView()->findChildren<QLabel *>()) {
        if (label->text() == title) {
            titleLabel = label;
        }
    }
    QVERIFY(titleLabel);
    // Every character has a glyph in the fonts the title and the list use (a CJK font
    // is in the build environment's packages; installFontFallbacks makes it a fallback).
    QCOMPARE(missingGlyphs(title, titleLabel->font()), 0);
    QCOMPARE(missingGlyphs(title, window.itemList()->font()), 0);
    QCOMPARE(missingGlyphs(u"关于tf.function报错"_s, titleLabel->font()), 0);
}

void TestMainWindow::standardShortcuts()
{
    MainWindow window(false);
    QHash<QString, QKeySequence> shortcuts;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *a : menu->menu()->actions()) {
            shortcuts.insert(a->text().remove(u'&'), a->shortcut());
        }
    }
    QCOMPARE(shortcuts.value(u"Open Project…"_s), QKeySequence(QKeySequence::Open));
    QCOMPARE(shortcuts.value(u"Quit"_s), QKeySequence(QKeySequence::Quit));
    QCOMPARE(shortcuts.value(u"Find Items…"_s), QKeySequence(QKeySequence::Find));
    QVERIFY(shortcuts.contains(u"Undo"_s) || std::any_of(shortcuts.keyBegin(), shortcuts.keyEnd(), [](const QString &k) {
                return k.startsWith(u"Undo"_s);
            }));
    bool undo = false, redo = false;
    for (auto it = shortcuts.cbegin(); it != shortcuts.cend(); ++it) {
        undo = undo || it.value() == QKeySequence(QKeySequence::Undo);
        redo = redo || it.value() == QKeySequence(QKeySequence::Redo);
    }
    QVERIFY(undo);
    QVERIFY(redo);
    // The diff's keys: next and previous change, as in other diff viewers.
    QCOMPARE(shortcuts.value(u"Next Change"_s), QKeySequence(Qt::Key_F7));
    QCOMPARE(shortcuts.value(u"Previous Change"_s), QKeySequence(Qt::SHIFT | Qt::Key_F7));
    QVERIFY(shortcuts.contains(u"Ignore Whitespace"_s));
    // No key does two things.
    QHash<QKeySequence, QString> owner;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *a : menu->menu()->actions()) {
            for (const QKeySequence &key : a->shortcuts()) {
                QVERIFY2(!owner.contains(key) || owner.value(key) == a->text(),
                         qPrintable(u"%1: %2 and %3"_s.arg(key.toString(), owner.value(key), a->text())));
                owner.insert(key, a->text());
            }
        }
    }
}

void TestMainWindow::lockedProjectOpensReadOnly()
{
    // Another writer holds the project (a second Project in this process takes the same
    // writer lock another Concord would).
    QString error;
    auto writer = Project::open(m_project, Project::ReadWrite, &error);
    QVERIFY2(writer, qPrintable(error));
    MainWindow window(false);
    QVERIFY2(window.openProject(m_project, false, &error), qPrintable(error));
    QVERIFY(window.document()->isReadOnly());
    QVERIFY(window.document()->isLockedByOther());
    QVERIFY(window.windowTitle().contains(u"read-only"_s));
    window.closeProject();
    writer.reset();
    QVERIFY(window.openProject(m_project, false, &error));
    QVERIFY(!window.windowTitle().contains(u"read-only"_s));
}

void TestMainWindow::indexesPendingDiffsInTheBackground()
{
    // 40 real commits imported: their diffs wait for the search index. The window indexes
    // them after opening, a few per tick, and says so in the status bar; a text filter
    // typed meanwhile finds every item whose diff has the word.
    QStringList patches;
    QDirIterator files(UiTest::corpus(u"patches"_s), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        patches << files.next();
    }
    patches.sort();
    patches = patches.mid(0, 40);
    const QString path = m_dir.filePath(u"pending.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(path, patches, &error), qPrintable(error));

    // A word that starts a token in some diffs and is in no title or author: the items
    // the filter must list are those whose patch text has it at a token start (FTS5's
    // unicode61 splits at every character that is not a letter or digit).
    QString word;
    QSet<ItemId> expected;
    {
        auto project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->pendingDiffCount(), 40);
        QString titles;
        for (const Item &item : project->items(0, 1000)) {
            titles += item.title.toLower() + u'\n' + item.author.toLower() + u'\n';
        }
        const QList<ItemId> ids = project->itemIds();
        QHash<ItemId, QString> texts;
        for (ItemId id : ids) {
            texts.insert(id, QString::fromUtf8(project->patchBytes(id).value_or(QByteArray())).toLower());
        }
        static const QRegularExpression s_token(u"[a-z][a-z0-9]{13,}"_s);
        for (auto match = s_token.globalMatch(texts.value(ids.last())); match.hasNext() && word.isEmpty();) {
            const QString candidate = match.next().captured();
            if (!titles.contains(candidate)) {
                word = candidate;
            }
        }
        QVERIFY(!word.isEmpty());
        const QRegularExpression atTokenStart(u"(?<![\\p{L}\\p{N}])"_s + QRegularExpression::escape(word));
        for (ItemId id : ids) {
            if (atTokenStart.match(texts.value(id)).hasMatch()) {
                expected.insert(id);
            }
        }
        QVERIFY(!expected.isEmpty());
    }

    MainWindow window(false);
    window.show();
    QVERIFY2(window.openProject(path, false, &error), qPrintable(error));
    auto *status = window.statusBar()->findChild<QLabel *>(u"statusIndexing"_s);
    QVERIFY(status);
    QVERIFY(status->isVisibleTo(&window));
    QCOMPARE(status->text(), u"Indexing 0 of 40 diffs for search"_s);
    QTest::keyClicks(window.filterEdit(), word);
    QTRY_VERIFY_WITH_TIMEOUT(window.itemModel()->rowCount() < 40, 20000);
    QSet<ItemId> listed;
    for (int row = 0; row < window.itemModel()->rowCount(); ++row) {
        listed.insert(window.itemModel()->idAt(row));
    }
    QCOMPARE(listed, expected);
    // The indexing finishes on its own and the status bar no longer mentions it.
    QTRY_VERIFY_WITH_TIMEOUT(!status->isVisibleTo(&window), 20000);
    QCOMPARE(window.document()->project().pendingDiffCount(), 0);
    // The same filter on the file's own index now, synchronously.
    window.applyFilter();
    listed.clear();
    for (int row = 0; row < window.itemModel()->rowCount(); ++row) {
        listed.insert(window.itemModel()->idAt(row));
    }
    QCOMPARE(listed, expected);
}

void TestMainWindow::badFileKeepsTheWelcomePageWithTheReason()
{
    const QString bad = m_dir.filePath(u"not-a-project.concord"_s);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<html><b>not SQLite</b></html>\n");
    file.close();
    MainWindow window(false);
    QString error;
    QVERIFY(!window.openProject(bad, false, &error));
    QVERIFY(error.contains(u"not-a-project.concord"_s));
    QVERIFY(!window.document());
    // With a project open, a failed open keeps it.
    QVERIFY(window.openProject(m_project, false));
    QVERIFY(!window.openProject(bad, false, &error));
    QVERIFY(window.document());
    QCOMPARE(window.document()->path(), QFileInfo(m_project).absoluteFilePath());
}

void TestMainWindow::recentProjectsAndGeometryPersist()
{
    QSettings().clear();
    {
        MainWindow window(true);
        window.show();
        window.resize(700, 500); // within the offscreen screen (800x600)
        QVERIFY(window.openProject(m_project, false));
        window.itemView()->diffView()->setMode(DiffView::Mode::SideBySide);
        // View > Ignore Whitespace, as a user checks it.
        QAction *ignore = nullptr;
        for (QAction *menu : window.menuBar()->actions()) {
            for (QAction *a : menu->menu()->actions()) {
                ignore = a->text().remove(u'&') == u"Ignore Whitespace"_s ? a : ignore;
            }
        }
        QVERIFY(ignore);
        ignore->trigger();
        QVERIFY(window.itemView()->diffView()->ignoresWhitespace());
        window.close();
    }
    QCOMPARE(MainWindow::recentProjects(), QStringList{QFileInfo(m_project).absoluteFilePath()});
    MainWindow again(true);
    QCOMPARE(again.size(), QSize(700, 500));
    QCOMPARE(again.itemView()->diffView()->mode(), DiffView::Mode::SideBySide);
    QVERIFY(again.itemView()->diffView()->ignoresWhitespace());
    QVERIFY(again.itemView()->diffView()->ignoreWhitespaceAction()->isChecked());
    // A window that is not persistent (screenshots) neither reads nor writes settings.
    MainWindow transient(false);
    QCOMPARE(transient.itemView()->diffView()->mode(), DiffView::Mode::Unified);
    QVERIFY(!transient.itemView()->diffView()->ignoresWhitespace());
    QSettings().clear();
}

namespace {

QAction *viewAction(MainWindow &window, const QString &text)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text().remove(u'&') != u"View"_s) {
            continue;
        }
        for (QAction *a : menu->menu()->actions()) {
            if (a->text().remove(u'&') == text) {
                return a;
            }
        }
    }
    return nullptr;
}

/// Sum of the widths of the list's shown columns.
int shownColumnsWidth(QTreeView *list)
{
    int width = 0;
    for (int c = 0; c < list->header()->count(); ++c) {
        width += list->header()->isSectionHidden(c) ? 0 : list->header()->sectionSize(c);
    }
    return width;
}

} // namespace

void TestMainWindow::itemListFitsItsPane()
{
    // The whole corpus: repository names up to 27 characters, the longest titles.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"corpus.concord"_s);
    QStringList files;
    QDirIterator it(UiTest::corpus(u"patches"_s), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files << it.next();
    }
    QVERIFY(files.size() > 100);
    QString error;
    QVERIFY2(UiTest::buildProject(path, files, &error), qPrintable(error));
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY2(window.openProject(path, false, &error), qPrintable(error));
    QTreeView *list = window.itemList();
    QTRY_VERIFY(list->viewport()->width() > 0);
    // Every shown column inside the pane: no horizontal scrollbar to reach the key.
    QVERIFY2(shownColumnsWidth(list) <= list->viewport()->width(),
             qPrintable(u"%1 > %2"_s.arg(shownColumnsWidth(list)).arg(list->viewport()->width())));
    QCOMPARE(list->horizontalScrollBar()->maximum(), 0);
    QVERIFY(!list->header()->isSectionHidden(ItemListModel::KeyColumn));
    // The title keeps most of the width.
    QVERIFY2(list->header()->sectionSize(ItemListModel::TitleColumn) >= list->viewport()->width() / 2,
             qPrintable(u"title %1 key %2 of %3"_s.arg(list->header()->sectionSize(ItemListModel::TitleColumn)).arg(list->header()->sectionSize(ItemListModel::KeyColumn)).arg(list->viewport()->width())));
    // A key in the list tells commits apart: the repository's name and 7 hex digits; the whole
    // key is its tooltip.
    const QModelIndex first = window.itemModel()->index(0, ItemListModel::KeyColumn);
    const QString full = first.data(ItemListModel::KeyRole).toString();
    const QString sha = full.section(u'@', -1);
    QCOMPARE(first.data().toString(), full.section(u'/', -1).section(u'@', 0, 0) + u'@' + sha.left(7));
    QCOMPARE(UiTest::toolTipAsShown(first.data(Qt::ToolTipRole).toString()), full);
    // Every key keeps its commit's digits in view; a long repository name is what gets
    // shortened ("generative-fa…@27b0770").
    const QFontMetrics metrics(list->font());
    const int width = list->header()->sectionSize(ItemListModel::KeyColumn) - 8;
    int whole = 0;
    for (int row = 0; row < window.itemModel()->rowCount(); ++row) {
        const QString key = window.itemModel()->index(row, ItemListModel::KeyColumn).data().toString();
        const QString shown = KeyDelegate::elidedKey(key, metrics, width);
        QVERIFY2(metrics.horizontalAdvance(shown) <= width, qPrintable(shown));
        QVERIFY2(shown.endsWith(key.mid(key.lastIndexOf(u'@'))), qPrintable(shown));
        whole += shown == key;
    }
    QVERIFY2(whole * 2 >= window.itemModel()->rowCount(), qPrintable(QString::number(whole)));

    // The other columns are reachable: View > List Columns shows them.
    QAction *author = nullptr;
    QAction *columns = viewAction(window, u"List Columns"_s);
    QVERIFY(columns && columns->menu());
    for (QAction *a : columns->menu()->actions()) {
        author = a->text() == u"Author"_s ? a : author;
    }
    QVERIFY(author);
    QVERIFY(!author->isChecked());
    QVERIFY(list->header()->isSectionHidden(ItemListModel::AuthorColumn));
    author->trigger();
    QVERIFY(!list->header()->isSectionHidden(ItemListModel::AuthorColumn));
    QVERIFY(list->header()->sectionSize(ItemListModel::AuthorColumn) > 40);
    author->trigger();
    QVERIFY(list->header()->isSectionHidden(ItemListModel::AuthorColumn));
}

void TestMainWindow::longTitlesAndPathsElideInsteadOfWidening()
{
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QString error;
    QVERIFY2(window.openProject(m_project, false, &error), qPrintable(error));
    // The item whose title is longest, and its longest path.
    const QList<Item> items = window.document()->project().items(0, 100);
    const Item *longest = &items.first();
    for (const Item &i : items) {
        longest = i.title.size() > longest->title.size() ? &i : longest;
    }
    QVERIFY(longest->title.size() > 60);
    QVERIFY(window.selectItem(longest->id));
    ItemView *view = window.itemView();
    QCOMPARE(view->titleText(), longest->title);
    // The item's header and the file's header ask for no width of their own: the pane
    // around the diff can shrink to what the splitter gives it.
    QVERIFY2(view->minimumSizeHint().width() < 400, qPrintable(QString::number(view->minimumSizeHint().width())));
    QSplitter *split = window.findChild<QSplitter *>(u"mainSplitter"_s);
    QVERIFY(split);
    split->setSizes({330, 380, 570});
    QApplication::processEvents();
    QVERIFY2(view->width() <= 400, qPrintable(QString::number(view->width())));
    // One line each, shortened, and the whole text in the tooltip.
    const QList<QLabel *> labels = view->findChildren<QLabel *>();
    bool titleSeen = false;
    for (QLabel *label : labels) {
        if (UiTest::toolTipAsShown(label->toolTip()) == longest->title) {
            titleSeen = true;
            QVERIFY(label->text().endsWith(u"…"_s));
            QVERIFY(label->height() < 2 * label->fontMetrics().lineSpacing());
            QVERIFY(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width());
        }
    }
    QVERIFY(titleSeen);
}

void TestMainWindow::panelDraggedShutIsClosedAndComesBackUsable()
{
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openProject(m_project, false));
    QSplitter *split = window.findChild<QSplitter *>(u"mainSplitter"_s);
    QVERIFY(split);
    QAction *listAction = viewAction(window, u"Item List"_s);
    QVERIFY(listAction && listAction->isChecked());
    // Drag the handle between the list and the diff to the window's left edge.
    QSplitterHandle *handle = split->handle(1);
    const QPoint grab = handle->rect().center();
    QTest::mousePress(handle, Qt::LeftButton, {}, grab);
    QMouseEvent move(QEvent::MouseMove, QPointF(grab) - QPointF(handle->mapTo(split, QPoint()).x() + 50, 0),
                     handle->mapToGlobal(QPointF(grab) - QPointF(handle->mapTo(split, QPoint()).x() + 50, 0)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(handle, &move);
    QTest::mouseRelease(handle, Qt::LeftButton, {}, grab - QPoint(handle->mapTo(split, QPoint()).x() + 50, 0));
    QCOMPARE(split->sizes().first(), 0);
    // The menu says what the window shows.
    QVERIFY(!listAction->isChecked());
    QVERIFY(!window.isPanelShown(MainWindow::Panel::ItemList));
    // Brought back from the menu, it has a width to work with, not zero.
    listAction->trigger();
    QVERIFY(window.itemList()->isVisible());
    QVERIFY2(split->sizes().first() >= 200, qPrintable(QString::number(split->sizes().first())));
}

void TestMainWindow::sideBySideGetsTheWidthOfAClosedPanel()
{
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY(window.openProject(m_project, false));
    DiffView *diff = window.itemView()->diffView();
    diff->setMode(DiffView::Mode::SideBySide);
    QApplication::processEvents();
    const auto columns = [diff] {
        const DiffTextEdit *edit = diff->newEdit();
        return edit->viewport()->width() / edit->fontMetrics().horizontalAdvance(u'0');
    };
    const int withBoth = columns();
    window.setPanelShown(MainWindow::Panel::ItemList, false);
    QApplication::processEvents();
    const int withoutList = columns();
    // The list's whole width goes to the two sides: at 1280 px each side shows a line of
    // 60 characters or more (about 38 before the panels could close).
    QVERIFY2(withoutList >= 60, qPrintable(u"%1 → %2"_s.arg(withBoth).arg(withoutList)));
    QVERIFY(withoutList > withBoth + 15);
}

void TestMainWindow::panelsAndColumnsPersist()
{
    QSettings().clear();
    {
        MainWindow window(true);
        window.show();
        window.resize(700, 500);
        QVERIFY(window.openProject(m_project, false));
        window.setPanelShown(MainWindow::Panel::Side, false);
        QAction *columns = viewAction(window, u"List Columns"_s);
        QVERIFY(columns);
        for (QAction *a : columns->menu()->actions()) {
            if (a->text() == u"Date"_s) {
                a->trigger();
            }
        }
        QVERIFY(!window.itemList()->header()->isSectionHidden(ItemListModel::DateColumn));
        window.close();
    }
    MainWindow again(true);
    QVERIFY(!again.isPanelShown(MainWindow::Panel::Side));
    QVERIFY(again.isPanelShown(MainWindow::Panel::ItemList));
    QVERIFY(!again.itemList()->header()->isSectionHidden(ItemListModel::DateColumn));
    QVERIFY(again.itemList()->header()->isSectionHidden(ItemListModel::AuthorColumn));
    QCOMPARE(again.itemList()->header()->sectionResizeMode(ItemListModel::TitleColumn), QHeaderView::Stretch);
    QSettings().clear();
}

void TestMainWindow::closingTheProjectClosesItsCodebookEditor()
{
    // The editor works on the open project's document: it must not outlive it (it used to
    // stay open holding the closed document, and the next edit would use freed memory).
    MainWindow window(false);
    window.show();
    QVERIFY(window.openProject(m_project, false));
    window.showCodebookEditor();
    QPointer<CodebookEditor> editor = window.findChild<CodebookEditor *>();
    QVERIFY(editor);
    window.closeProject();
    QVERIFY(!editor);
    QVERIFY(window.openProject(m_project, false));
    window.showCodebookEditor();
    editor = window.findChild<CodebookEditor *>();
    QVERIFY(editor);
    QVERIFY(editor->isVisible());
}

void TestMainWindow::largeFileListIsReadInSlices()
{
    // tensorflow/io d46154b changes 107 files; with slices of 10 and 25 it takes the path a
    // commit of tens of thousands of files takes with the real sizes (400, then 2,000).
    QTemporaryDir dir;
    const QString path = dir.filePath(u"io.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(path,
                                  {UiTest::corpus(u"patches/tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s),
                                   UiTest::corpus(u"patches/GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"_s)},
                                  &error),
             qPrintable(error));
    ItemView::setFileSlices(10, 25);
    const auto restore = qScopeGuard([] { ItemView::setFileSlices(400, 2000); });
    MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QAbstractItemModelTester filesTester(window.itemView()->fileModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY2(window.openProject(path, false, &error), qPrintable(error));
    const Project &project = window.document()->project();
    const auto io = project.itemByKey(ItemKey::commit(u"tensorflow/io"_s, u"d46154bd0dfd5e3868a14cca8521c51ac67dd7cb"_s));
    const auto gpflow = project.itemByKey(ItemKey::commit(u"GPflow/GPflow"_s, u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s));
    QVERIFY(io && gpflow);
    const QList<PatchFile> ioFiles = project.patchFiles(io->id);
    QCOMPARE(ioFiles.size(), 107);
    QVERIFY(window.selectItem(io->id));
    const PatchFileModel *files = window.itemView()->fileModel();
    // Selecting shows the first slice and the first file's diff at once; the rest follows.
    QCOMPARE(files->rowCount(), 10);
    QVERIFY(!window.itemView()->filesComplete());
    QCOMPARE(window.itemView()->fileList()->currentIndex().row(), 0);
    QSignalSpy completed(window.itemView(), &ItemView::filesCompleted);
    QTRY_VERIFY(window.itemView()->filesComplete());
    QCOMPARE(completed.size(), 1);
    QCOMPARE(files->rowCount(), 107);
    for (int row = 0; row < ioFiles.size(); ++row) {
        QCOMPARE(files->file(row)->id, ioFiles[row].id);
        QCOMPARE(files->file(row)->diff.newPath, ioFiles[row].diff.newPath);
    }
    // The current file stayed the one chosen while the rest came in.
    QCOMPARE(window.itemView()->fileList()->currentIndex().row(), 0);
    // Going to the last file works like on a short list.
    window.itemView()->stepFile(1000);
    QCOMPARE(window.itemView()->fileList()->currentIndex().row(), 106);

    // Another item chosen mid-way: no slice of the first one lands in its list.
    QVERIFY(window.selectItem(gpflow->id));
    QVERIFY(window.selectItem(io->id));
    QCOMPARE(files->rowCount(), 10);
    QVERIFY(window.selectItem(gpflow->id));
    const QList<PatchFile> gpFiles = project.patchFiles(gpflow->id);
    QTRY_VERIFY(window.itemView()->filesComplete());
    QTest::qWait(50); // the first item's queued slices would have run by now
    QCOMPARE(files->rowCount(), gpFiles.size());
    for (int row = 0; row < gpFiles.size(); ++row) {
        QCOMPARE(files->file(row)->id, gpFiles[row].id);
    }
}

void TestMainWindow::screenshotWritesAPngOfTheWindow_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("default") << QString() << QSize(1280, 800);
    QTest::newRow("full hd") << u"1920x1080"_s << QSize(1920, 1080);
}

void TestMainWindow::screenshotWritesAPngOfTheWindow()
{
    QFETCH(QString, size);
    QFETCH(QSize, expected);
    const QString png = m_dir.filePath(u"shot-%1.png"_s.arg(expected.width()));
    QStringList args{u"--screenshot"_s, png};
    if (!size.isEmpty()) {
        args << u"--size"_s << size;
    }
    args << m_project;
    QProcess concord;
    concord.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    concord.start(QStringLiteral(CONCORD_BIN_DIR "/concord"), args);
    QVERIFY(concord.waitForFinished(60000));
    QVERIFY2(concord.exitStatus() == QProcess::NormalExit && concord.exitCode() == 0, concord.readAllStandardError().constData());
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), expected);
    // A real window: more than a handful of colours (text, diff backgrounds).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

void TestMainWindow::screenshotOfAMissingProjectFails()
{
    const QString png = m_dir.filePath(u"missing.png"_s);
    QProcess concord;
    concord.start(QStringLiteral(CONCORD_BIN_DIR "/concord"), {u"--screenshot"_s, png, m_dir.filePath(u"nowhere.concord"_s)});
    QVERIFY(concord.waitForFinished(60000));
    QCOMPARE(concord.exitCode(), 2);
    QVERIFY(QString::fromUtf8(concord.readAllStandardError()).contains(u"nowhere.concord"_s));
}

void TestMainWindow::screenshotOptions()
{
    const QString png = m_dir.filePath(u"options.png"_s);
    auto run = [&](const QStringList &extra) {
        QProcess concord;
        concord.start(QStringLiteral(CONCORD_BIN_DIR "/concord"), QStringList{u"--screenshot"_s, png} + extra + QStringList{m_project});
        concord.waitForFinished(60000);
        return std::pair{concord.exitCode(), QString::fromUtf8(concord.readAllStandardError())};
    };
    QFile::remove(png);
    auto [code, err] = run({u"--item"_s, u"google/iree@55fcfab7131ea0acb65050078af23a91b2687ca2"_s, u"--diff"_s, u"side-by-side"_s,
                            u"--color-scheme"_s, u"dark"_s, u"--size"_s, u"900x600"_s});
    QVERIFY2(code == 0, qPrintable(err));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(900, 600));
    // Dark: most of the window is dark.
    int dark = 0, samples = 0;
    for (int y = 0; y < image.height(); y += 10) {
        for (int x = 0; x < image.width(); x += 10) {
            dark += QColor(image.pixel(x, y)).lightnessF() < 0.4;
            ++samples;
        }
    }
    QVERIFY2(dark * 2 > samples, qPrintable(u"%1 of %2 samples dark"_s.arg(dark).arg(samples)));
    // Mistakes are usage errors (1) or data errors (2), each named on stderr.
    std::tie(code, err) = run({u"--item"_s, u"nobody/nothing@123"_s});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(u"nobody/nothing@123"_s));
    std::tie(code, err) = run({u"--diff"_s, u"sideways"_s});
    QCOMPARE(code, 1);
    QVERIFY(err.contains(u"sideways"_s));
    std::tie(code, err) = run({u"--size"_s, u"huge"_s});
    QCOMPARE(code, 1);
    QVERIFY(err.contains(u"--size"_s));
    // A rater's view of a given file: valid names work, wrong ones are data errors.
    QFile::remove(png);
    std::tie(code, err) = run({u"--rater"_s, u"R1"_s, u"--item"_s, u"GPflow/GPflow@002b217f983e55811faabf2e548e7c4e66ff09c6"_s,
                               u"--file"_s, u"2"_s});
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY(QImage(png).width() > 0);
    std::tie(code, err) = run({u"--rater"_s, u"Nobody At All"_s});
    QCOMPARE(code, 2);
    QVERIFY2(err.contains(u"Nobody At All"_s) && err.contains(u"Rater 1"_s), qPrintable(err));
    std::tie(code, err) = run({u"--item"_s, u"GPflow/GPflow@002b217f983e55811faabf2e548e7c4e66ff09c6"_s, u"--file"_s,
                               u"no/such/file.py"_s});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(u"no/such/file.py"_s));
    std::tie(code, err) = run({u"--file"_s, u"1"_s});
    QCOMPARE(code, 1);
}

// --help and --version print and exit without a display; without one, a plain start
// says so instead of aborting.
void TestMainWindow::helpAndVersionWithoutADisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"QT_QPA_PLATFORM"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s}) {
        env.remove(name);
    }
    auto run = [&](const QStringList &args) {
        QProcess concord;
        concord.setProcessEnvironment(env);
        concord.start(QStringLiteral(CONCORD_BIN_DIR "/concord"), args);
        concord.waitForFinished(60000);
        return std::tuple{concord.exitStatus(), concord.exitCode(), QString::fromUtf8(concord.readAllStandardOutput()),
                          QString::fromUtf8(concord.readAllStandardError())};
    };
    auto [status, code, out, err] = run({u"--help"_s});
    QCOMPARE(status, QProcess::NormalExit);
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY2(out.contains(u"Usage:"_s) && out.contains(u"--screenshot"_s) && out.contains(u"--color-scheme"_s), qPrintable(out));
    std::tie(status, code, out, err) = run({u"--version"_s});
    QCOMPARE(status, QProcess::NormalExit);
    QCOMPARE(code, 0);
    QCOMPARE(out.trimmed(), u"Concord "_s + QStringLiteral(CONCORD_VERSION_STRING));
    std::tie(status, code, out, err) = run({u"--no-such-option"_s});
    QCOMPARE(status, QProcess::NormalExit);
    QCOMPARE(code, 1);
    QVERIFY(err.contains(u"no-such-option"_s));
    std::tie(status, code, out, err) = run({m_project});
    QCOMPARE(status, QProcess::NormalExit);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(u"no display"_s), qPrintable(err));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
