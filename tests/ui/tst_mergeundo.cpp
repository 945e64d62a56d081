// SPDX-License-Identifier: GPL-3.0-or-later
// File > Merge in the GUI (MergeProjectCommand through ProjectDocument, MainWindow::mergeFile):
// two copies of a project from the real corpus, diverged by two raters. The merge gives
// what concord-cli merge gives; undo gives back exactly the tables as they were; redo
// gives the merge again; a refused file changes nothing.
#include "../common/mergecopies.h"
#include "document/itemlistmodel.h"
#include "document/mergecommand.h"
#include "document/projectdocument.h"
#include "document/undocommands.h"
#include "mainwindow.h"
#include "project/mergedialog.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QDialogButtonBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace Concord;
using namespace Concord::MergeTest;
using namespace Qt::StringLiterals;

class TestMergeUndo : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_template;
    int m_counter = 0;

    QString copyOf(const QString &from)
    {
        const QString path = m_dir.filePath(u"p%1.concord"_s.arg(++m_counter));
        return QFile::copy(from, path) ? path : QString();
    }

    bool diverge(DivergedCopies *out)
    {
        return divergeCopies(copyOf(m_template), copyOf(m_template), out);
    }

    static std::unique_ptr<ProjectDocument> openDocument(const QString &path)
    {
        QString error;
        auto document = ProjectDocument::open(path, false, &error);
        if (!document) {
            qWarning() << error;
        }
        return document;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_template = m_dir.filePath(u"corpus.concord"_s);
        QString error;
        QVERIFY2(createCorpusProject(m_template, &error), qPrintable(error));
        // The window indexes pending diffs while it waits; none are left to index, so
        // the tables change only by the merge.
        auto project = Project::open(m_template, Project::ReadWrite, &error);
        QVERIFY2(project && project->indexPendingDiffs({}, &error), qPrintable(error));
        QCOMPARE(project->pendingDiffCount().value_or(-1), qint64(0));
    }

    void mergeEqualsTheCliMergeAndUndoRedoAreExact()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        // The reference: concord-cli merge on a copy of A.
        const QString reference = copyOf(v.a);
        const Run cliMerge = cli({u"merge"_s, reference, v.b, u"--json"_s});
        QVERIFY2(cliMerge.exitCode == 0, qPrintable(cliMerge.err));

        const QStringList tablesBefore = tableContents(v.a);
        const QStringList before = snapshot(v.a);
        auto document = openDocument(v.a);
        QVERIFY(document);
        int reloads = 0;
        connect(document.get(), &ProjectDocument::reloaded, this, [&] { ++reloads; });

        MergeReport report;
        QString error;
        QVERIFY2(document->mergeFrom(v.b, &report, &error), qPrintable(error));
        QCOMPARE(reloads, 1);
        QCOMPARE(document->undoStack()->count(), 1);
        QCOMPARE(document->undoStack()->undoText(), u"Merge %1"_s.arg(QFileInfo(v.b).fileName()));
        QVERIFY(report.count(u"conflict"_s) >= 2);
        // The same changes as the CLI reported, in the same order.
        const QJsonArray cliChanges = QJsonDocument::fromJson(cliMerge.out).object().value(u"changes"_s).toArray();
        QCOMPARE(qsizetype(cliChanges.size()), report.changes.size());
        for (qsizetype i = 0; i < report.changes.size(); ++i) {
            QCOMPARE(cliChanges.at(i).toObject().value(u"uuid"_s).toString(),
                     report.changes.at(i).uuid.isNull() ? QString() : report.changes.at(i).uuid.toString(QUuid::WithoutBraces));
            QCOMPARE(cliChanges.at(i).toObject().value(u"action"_s).toString(), report.changes.at(i).action);
        }
        QVERIFY(QFile::exists(report.backupPath));
        QCOMPARE(snapshot(report.backupPath), before);
        const QStringList merged = snapshot(v.a);
        QVERIFY(merged != before);
        QCOMPARE(merged, snapshot(reference));
        QCOMPARE(agreement(v.a), agreement(reference));
        const QStringList tablesMerged = tableContents(v.a);
        // Every finding of B's edits is there, as the rules say.
        QVERIFY(document->project().findingByUuid(v.addedB));
        QVERIFY(!document->project().findingByUuid(v.removed));

        document->undoStack()->undo();
        QCOMPARE(reloads, 2);
        QCOMPARE(document->lastError(), QString());
        QCOMPARE(tableContents(v.a), tablesBefore); // exactly, row by row
        QVERIFY(!document->project().findingByUuid(v.addedB));
        QVERIFY(document->project().findingByUuid(v.removed));

        document->undoStack()->redo();
        QCOMPARE(reloads, 3);
        QCOMPARE(tableContents(v.a), tablesMerged);
        QCOMPARE(snapshot(v.a), snapshot(reference));

        // Labels edited after the merge are undone first; then the merge, exactly.
        document->setCurrentRater(document->project().raterByName(u"Rater 1"_s)->id);
        const Finding added = *document->project().findingByUuid(v.addedA);
        Finding edited = added;
        edited.shouldDiscuss = !added.shouldDiscuss;
        const Codebook codebook = document->project().codebook();
        QVERIFY(document->push(new ChangeFindingCommand(document.get(), FindingState::from(added, codebook),
                                                        FindingState::from(edited, codebook), u"flag"_s),
                               &error));
        document->undoStack()->undo();
        document->undoStack()->undo();
        QCOMPARE(document->lastError(), QString());
        QCOMPARE(tableContents(v.a), tablesBefore);
        document.reset();
        QCOMPARE(snapshot(v.a), before);
    }

    // A copy that holds nothing this project lacks: no write, no backup, no undo step.
    void nothingToMergeLeavesNoUndoStep()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        auto document = openDocument(v.a);
        QVERIFY(document);
        MergeReport report;
        QString error;
        QVERIFY2(document->mergeFrom(v.b, &report, &error), qPrintable(error));
        const QString same = m_dir.filePath(u"same%1.concord"_s.arg(++m_counter));
        QVERIFY2(document->project().writeSnapshot(same, &error), qPrintable(error));
        const QStringList tables = tableContents(v.a);
        QVERIFY2(document->mergeFrom(same, &report, &error), qPrintable(error));
        QVERIFY(report.isNoOp());
        QVERIFY(report.backupPath.isEmpty());
        QCOMPARE(document->undoStack()->count(), 1);
        QCOMPARE(tableContents(v.a), tables);
        // Nor does the same file again, though A merged a value that B's findings still use.
        QVERIFY2(document->mergeFrom(v.b, &report, &error), qPrintable(error));
        for (const MergeReport::Change &c : std::as_const(report.changes)) {
            QVERIFY2(!c.writes, qPrintable(u"%1 %2 %3 %4"_s.arg(c.action, c.entity, c.uuid.toString(), c.detail)));
        }
        QCOMPARE(document->undoStack()->count(), 1);
        QCOMPARE(tableContents(v.a), tables);
    }

    void refusedFileChangesNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("another project") << u"foreign"_s << u"another project"_s;
        QTest::newRow("damaged") << u"damaged"_s << u"Cannot merge"_s;
        QTest::newRow("not a project") << u"text"_s << u"Cannot merge"_s;
    }

    void refusedFileChangesNothing()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        DivergedCopies v;
        QVERIFY(diverge(&v));
        QString other = v.b;
        QString error;
        if (kind == u"foreign"_s) {
            other = m_dir.filePath(u"foreign%1.concord"_s.arg(++m_counter));
            auto p = Project::create(other, &error);
            QVERIFY2(p, qPrintable(error));
        } else if (kind == u"damaged"_s) {
            QFile f(other);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() / 2));
            f.write(QByteArray(64 * 1024, '\x5a'));
            QVERIFY(f.seek(0));
            f.write(QByteArray(100, '\x00'));
        } else {
            other = m_dir.filePath(u"notes%1.concord"_s.arg(++m_counter));
            QFile f(other);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("these are not the labels you are looking for\n");
        }
        const QByteArray hash = fileHash(v.a);
        {
            // The dry run on its own connection and copy, as the window runs it.
            const std::optional<MergeReport> plan = planMergeOfCopy(v.a, other, &error);
            QVERIFY(!plan);
            QVERIFY2(error.contains(expected), qPrintable(error));
            QVERIFY2(error.contains(QDir::toNativeSeparators(other)), qPrintable(error));
            QVERIFY2(!error.contains(u"plan.concord"_s), qPrintable(error)); // names the project, not the copy
        }
        {
            auto document = openDocument(v.a);
            QVERIFY(document);
            MergeReport report;
            error.clear();
            QVERIFY(!document->mergeFrom(other, &report, &error));
            QVERIFY2(error.contains(expected), qPrintable(error));
            QVERIFY2(error.contains(u"unchanged"_s), qPrintable(error));
            QCOMPARE(document->undoStack()->count(), 0);
        }
        QCOMPARE(fileHash(v.a), hash);
        QVERIFY(!QFile::exists(v.a + u".before-merge.bak"_s));
    }

    // Only a snapshot of this very project may replace its content.
    void restoreRefusesAnotherProjectsSnapshot()
    {
        const QString mine = copyOf(m_template);
        const QString foreign = m_dir.filePath(u"foreign%1.concord"_s.arg(++m_counter));
        QString error;
        QVERIFY2(Project::create(foreign, &error), qPrintable(error));
        const QString text = m_dir.filePath(u"text%1.concord"_s.arg(++m_counter));
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a database\n");
        }
        auto project = Project::open(mine, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const QStringList tables = tableContents(mine);
        for (const QString &snapshotPath : {foreign, text}) {
            error.clear();
            QVERIFY(!project->restoreSnapshot(snapshotPath, &error));
            QVERIFY2(error.contains(u"unchanged"_s), qPrintable(error));
            QCOMPARE(tableContents(mine), tables);
        }
        QVERIFY(project->itemCount() > 100); // and the connection still reads
    }

    // A record written since the merge outside the undo history (here a rater added
    // straight through the store, as an import would) would be lost by restoring the
    // snapshot: undo refuses, says why and where the backup is, and changes nothing.
    void undoRefusesWhenRecordsCameInOutsideTheHistory()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        auto document = openDocument(v.a);
        QVERIFY(document);
        MergeReport report;
        QString error;
        QVERIFY2(document->mergeFrom(v.b, &report, &error), qPrintable(error));
        Rater extra;
        extra.name = u"Late Rater"_s;
        extra.initials = u"LR"_s;
        QVERIFY2(document->project().addRater(extra, &error), qPrintable(error));
        const QStringList tables = tableContents(v.a);
        document->undoStack()->undo();
        QVERIFY2(document->lastError().contains(u"outside the undo history"_s), qPrintable(document->lastError()));
        QVERIFY2(document->lastError().contains(QDir::toNativeSeparators(report.backupPath)), qPrintable(document->lastError()));
        QCOMPARE(tableContents(v.a), tables);
        QCOMPARE(document->undoStack()->count(), 0);
    }

    // File > Merge as a user drives it: the plan dialog lists the conflicts in plain text,
    // Merge is clicked, the window's models show the merged items, Edit > Undo restores.
    void mainWindowMergesWithTheDialogAndUndoes()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        // An item retitled in B only: the list must show B's title after the merge.
        QString error;
        QUuid retitledInB;
        {
            auto b = Project::open(v.b, Project::ReadWrite, &error);
            QVERIFY2(b, qPrintable(error));
            Item item = *b->item(b->itemIds().at(3));
            item.title = u"Retitled in copy B"_s;
            QVERIFY2(b->updateItem(item, &error), qPrintable(error));
            retitledInB = item.uuid;
        }
        const QStringList tablesBefore = tableContents(v.a);
        MainWindow window(false);
        QVERIFY(window.openProject(v.a, false));
        window.setRater(window.document()->project().raterByName(u"Rater 1"_s)->id);
        const int rowsBefore = window.itemModel()->rowCount();
        const ItemId retitled = window.document()->project().itemByUuid(retitledInB)->id;
        auto titleShown = [&] {
            return window.itemModel()->data(window.itemModel()->index(retitled, ItemListModel::TitleColumn)).toString();
        };
        const QString oldTitle = titleShown();
        QVERIFY(!oldTitle.isEmpty());
        QVERIFY(oldTitle != u"Retitled in copy B"_s);
        int reloads = 0;
        connect(window.document(), &ProjectDocument::reloaded, this, [&] { ++reloads; });

        QString summary;
        QString details;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<MergeDialog *>(QApplication::activeModalWidget())) {
                summary = dialog->summary();
                details = dialog->details();
                for (QPushButton *button : dialog->findChildren<QPushButton *>()) {
                    if (button->text() == u"&Merge"_s) {
                        button->click();
                    }
                }
            }
        });
        answer.start();
        QVERIFY2(window.mergeFile(v.b, true, &error), qPrintable(error));
        answer.stop();
        QVERIFY2(summary.contains(u"conflict"_s), qPrintable(summary));
        // The finding both raters edited is listed among the conflicts, with the rule.
        const QStringList lines = details.split(u'\n');
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&](const QString &line) {
                     return line.startsWith(u"  conflict finding"_s) && line.contains(v.shared.toString(QUuid::WithoutBraces))
                         && line.contains(u"later"_s);
                 }),
                 qPrintable(details));
        QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Merged "_s), qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.document()->undoStack()->undoText(), u"Merge %1"_s.arg(QFileInfo(v.b).fileName()));
        const QStringList tablesMerged = tableContents(v.a);
        QVERIFY(tablesMerged != tablesBefore);
        QCOMPARE(window.itemModel()->rowCount(), rowsBefore); // the same items, now with B's labels
        QCOMPARE(titleShown(), u"Retitled in copy B"_s);
        QCOMPARE(reloads, 1);

        window.document()->undoStack()->undo();
        QCOMPARE(tableContents(v.a), tablesBefore);
        QCOMPARE(window.itemModel()->rowCount(), rowsBefore);
        QCOMPARE(titleShown(), oldTitle);
        window.document()->undoStack()->redo();
        QCOMPARE(tableContents(v.a), tablesMerged);
        QCOMPARE(titleShown(), u"Retitled in copy B"_s);
        QCOMPARE(reloads, 3);
    }

    // The menu action itself: File > Merge... asks for the file, shows the plan, merges.
    void fileMenuMergeActionDrivesTheWholeWay()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        MainWindow window(false);
        QVERIFY(window.openProject(v.a, false));
        QAction *merge = nullptr;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->text() == u"&Merge…"_s) {
                merge = action;
            }
        }
        QVERIFY(merge);
        QVERIFY(merge->isEnabled());
        bool askedForFile = false;
        bool showedPlan = false;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *files = qobject_cast<QFileDialog *>(modal)) {
                // Typed, as a user would: selectFile() races the dialog's folder listing.
                if (auto *name = files->findChild<QLineEdit *>(u"fileNameEdit"_s)) {
                    askedForFile = true;
                    name->setText(v.b);
                    QMetaObject::invokeMethod(files, &QDialog::accept);
                }
            }
            if (auto *plan = qobject_cast<MergeDialog *>(modal)) {
                showedPlan = true;
                plan->accept();
            }
        });
        answer.start();
        merge->trigger();
        QTRY_VERIFY(window.document()->undoStack()->count() == 1);
        answer.stop();
        QVERIFY(askedForFile);
        QVERIFY(showedPlan);
        QCOMPARE(window.document()->undoStack()->undoText(), u"Merge %1"_s.arg(QFileInfo(v.b).fileName()));
        QVERIFY(window.document()->project().findingByUuid(v.addedB));
    }

    void mainWindowRefusesADamagedFileWithAMessage()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        const QString other = m_dir.filePath(u"garbage%1.concord"_s.arg(++m_counter));
        {
            QFile f(other);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, '\x01'));
        }
        MainWindow window(false);
        QVERIFY(window.openProject(v.a, false));
        const QStringList tables = tableContents(v.a);
        QString shown;
        Qt::TextFormat format = Qt::AutoText;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                shown = box->text();
                format = box->textFormat();
                box->accept();
            }
        });
        answer.start();
        QString error;
        QVERIFY(!window.mergeFile(other, true, &error));
        answer.stop();
        QVERIFY2(shown.contains(QDir::toNativeSeparators(other)), qPrintable(shown));
        QVERIFY2(shown.contains(u"unchanged"_s), qPrintable(shown));
        QCOMPARE(format, Qt::PlainText);
        QCOMPARE(window.document()->undoStack()->count(), 0);
        QCOMPARE(tableContents(v.a), tables);
    }
};

QTEST_MAIN(TestMergeUndo)
#include "tst_mergeundo.moc"
