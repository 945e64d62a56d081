// SPDX-License-Identifier: GPL-3.0-or-later
// File > Merge in the GUI (MergeProjectCommand through ProjectDocument, MainWindow::mergeFile):
// two copies of a project from the real corpus, diverged by two raters. The merge gives
// what concord-cli merge gives; undo gives back exactly the tables as they were; redo
// gives the merge again; a refused file changes nothing. A large merge leaves the event
// loop turning (the check and the merge run on worker threads); Cancel stops the check.
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
#include <QElapsedTimer>
#include <QThread>
#include <QFileInfo>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
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

    // Two copies of a project large enough that checking and merging take well over a
    // second in a debug build: A with s_largeItems items and a finding of Rater 1 on every
    // tenth; B is A plus findings of Rater 2 on a twentieth and a twentieth of A's edited.
    static constexpr int s_largeItems = 40'000;
    QString m_largeA;
    QString m_largeB;

    bool largeCopies(QString *a, QString *b, QString *error)
    {
        if (m_largeA.isEmpty()) {
            const QString base = m_dir.filePath(u"large-a.concord"_s);
            const QString other = m_dir.filePath(u"large-b.concord"_s);
            QList<ValueId> values;
            DimensionId dimension = 0;
            {
                auto project = Project::create(base, error);
                if (!project) {
                    return false;
                }
                ImportSession session(*project, u"tst_mergeundo"_s);
                Rater r1;
                r1.name = u"Rater 1"_s;
                Rater r2;
                r2.name = u"Rater 2"_s;
                const RaterId rater1 = *session.rater(r1);
                session.rater(r2);
                Dimension category;
                category.key = u"category"_s;
                dimension = *session.dimension(category);
                for (int v = 0; v < 20; ++v) {
                    CodebookValue value;
                    value.dimension = dimension;
                    value.name = u"Value %1"_s.arg(v);
                    value.order = v;
                    values.append(*session.value(value));
                }
                for (int n = 0; n < s_largeItems; ++n) {
                    Item item;
                    item.key = ItemKey::commit(u"owner%1/project%2"_s.arg(n % 250).arg(n % 7),
                                               QString::number(0x10000000ull + quint64(n) * 2654435761ull, 16).rightJustified(40, u'0'));
                    item.title = u"Fix retracing of tf.function in training loop number %1"_s.arg(n);
                    const auto id = session.item(item);
                    if (!id) {
                        *error = session.errorString();
                        return false;
                    }
                    if (n % 10 == 0) {
                        Finding f;
                        f.item = *id;
                        f.rater = rater1;
                        f.values.insert(dimension, {values.at(n % values.size())});
                        if (!session.finding(f)) {
                            *error = session.errorString();
                            return false;
                        }
                    }
                }
                if (!session.commit(error)) {
                    return false;
                }
            }
            if (!QFile::copy(base, other)) {
                *error = u"cannot copy"_s;
                return false;
            }
            auto project = Project::open(other, Project::ReadWrite, error);
            if (!project) {
                return false;
            }
            const RaterId rater2 = project->raterByName(u"Rater 2"_s)->id;
            const QList<ItemId> ids = project->itemIds();
            const QList<Finding> existing = project->findings();
            const bool ok = project->transaction(
                [&](QString *e) {
                    for (int n = 0; n < s_largeItems / 20; ++n) {
                        Finding f;
                        f.item = ids.at(n * 20 + 1);
                        f.rater = rater2;
                        f.values.insert(dimension, {values.at(n % values.size())});
                        if (!project->addFinding(f, e)
                            || !project->setFindingValues(existing.at(n).id, dimension,
                                                          {values.at((n + 7) % values.size())}, e)) {
                            return false;
                        }
                    }
                    return true;
                },
                error);
            if (!ok) {
                return false;
            }
            m_largeA = base;
            m_largeB = other;
        }
        *a = copyOf(m_largeA);
        *b = m_largeB;
        return !a->isEmpty();
    }

    // The file as it is on disk, its write-ahead log included.
    static QByteArray fileAndWalHash(const QString &path)
    {
        return fileHash(path) + fileHash(path + u"-wal"_s);
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

    // File > Merge of a large copy: the check and the merge run on worker threads, so
    // the event loop keeps turning (a 5 ms timer never waits for long), and the result
    // is the merge, one undo step that undoes exactly.
    void mainWindowMergeKeepsTheEventLoopTurning()
    {
        QString a;
        QString b;
        QString error;
        QVERIFY2(largeCopies(&a, &b, &error), qPrintable(error));
        MainWindow window(false);
        QVERIFY(window.openProject(a, false));
        const QString countsBefore = window.document()->project().recordCounts();
        const qint64 findingsBefore = window.document()->project().findings().size();

        QElapsedTimer clock;
        qint64 lastTick = 0;
        qint64 longestGap = 0;
        int ticks = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longestGap = std::max(longestGap, now - lastTick);
            lastTick = now;
            ++ticks;
        });
        clock.start();
        tick.start();
        QVERIFY2(window.mergeFile(b, false, &error), qPrintable(error));
        const qint64 took = clock.elapsed();
        tick.stop();
        longestGap = std::max(longestGap, took - lastTick);
        qInfo("merge of %d items through MainWindow::mergeFile: %lld ms, %d ticks of 5 ms, longest stall %lld ms", s_largeItems,
              took, ticks, longestGap);
        QVERIFY2(took > 1000, "the project is too small to show a stall");
        QVERIFY2(longestGap * 4 < took, qPrintable(u"longest stall %1 ms of %2 ms"_s.arg(longestGap).arg(took)));

        QCOMPARE(window.document()->project().findings().size(), findingsBefore + s_largeItems / 20);
        QCOMPARE(window.document()->undoStack()->count(), 1);
        QVERIFY(QFileInfo::exists(a + u".before-merge.bak"_s));
        const QString countsAfter = window.document()->project().recordCounts();

        // Undo and redo restore a snapshot of the whole file on a worker thread too.
        QStringList busy;
        connect(window.document(), &ProjectDocument::busy, this, [&](const QString &what) { busy << what; });
        auto timed = [&](const std::function<void()> &step, const char *name) {
            ticks = 0;
            longestGap = 0;
            lastTick = 0;
            clock.restart();
            tick.start();
            step();
            const qint64 stepTook = clock.elapsed();
            tick.stop();
            longestGap = std::max(longestGap, stepTook - lastTick);
            qInfo("%s of the merge of %d items: %lld ms, %d ticks of 5 ms, longest stall %lld ms", name, s_largeItems,
                  stepTook, ticks, longestGap);
        };
        timed([&] { window.document()->undoStack()->undo(); }, "undo");
        QCOMPARE(window.document()->project().recordCounts(), countsBefore);
        QCOMPARE(window.document()->project().findings().size(), findingsBefore);
        QVERIFY2(ticks > 0, "the event loop did not turn during the undo");
        timed([&] { window.document()->undoStack()->redo(); }, "redo");
        QCOMPARE(window.document()->project().recordCounts(), countsAfter);
        QVERIFY2(ticks > 0, "the event loop did not turn during the redo");
        QCOMPARE(busy, QStringList({u"Undoing Merge large-b.concord…"_s, QString(), u"Redoing Merge large-b.concord…"_s, QString()}));
    }

    // The interactive merge of a large copy: while it writes, an application-modal
    // progress dialog says why it has no Cancel, and Escape does not close it.
    void interactiveMergeWaitsWithoutCancel()
    {
        QString a;
        QString b;
        QString error;
        QVERIFY2(largeCopies(&a, &b, &error), qPrintable(error));
        MainWindow window(false);
        QVERIFY(window.openProject(a, false));
        bool checkShown = false;
        QString waitText;
        bool waitHadButton = true;
        bool waitStayedAfterEscape = false;
        Qt::WindowModality waitModality = Qt::NonModal;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *dialog = qobject_cast<MergeDialog *>(modal)) {
                for (QPushButton *button : dialog->findChildren<QPushButton *>()) {
                    if (button->text() == u"&Merge"_s) {
                        button->click();
                    }
                }
            } else if (auto *progress = qobject_cast<QProgressDialog *>(modal); progress && progress->isVisible()) {
                if (progress->labelText().startsWith(u"Checking"_s)) {
                    checkShown = true;
                } else if (waitText.isEmpty()) {
                    waitText = progress->labelText();
                    waitHadButton = !progress->findChildren<QPushButton *>().isEmpty();
                    waitModality = progress->windowModality();
                    progress->reject(); // what Escape does
                    waitStayedAfterEscape = progress->isVisible();
                }
            }
        });
        answer.start();
        QVERIFY2(window.mergeFile(b, true, &error), qPrintable(error));
        answer.stop();
        QVERIFY(checkShown);
        QVERIFY2(waitText.contains(u"cannot be cancelled"_s), qPrintable(waitText));
        QVERIFY(!waitHadButton);
        QCOMPARE(waitModality, Qt::ApplicationModal);
        QVERIFY(waitStayedAfterEscape);
        QCOMPARE(window.document()->undoStack()->count(), 1);
    }

    // Cancel while the other file is checked: the check stops at its next step (closing
    // the window right after waits for no more than that), nothing changes.
    void cancelDuringTheCheckStopsItAndChangesNothing()
    {
        QString a;
        QString b;
        QString error;
        QVERIFY2(largeCopies(&a, &b, &error), qPrintable(error));
        auto window = std::make_unique<MainWindow>(false);
        QVERIFY(window->openProject(a, false));
        const QString countsBefore = window->document()->project().recordCounts();
        const QByteArray before = fileAndWalHash(a);

        QElapsedTimer clock;
        qint64 cancelledAt = -1;
        QTimer::singleShot(300, this, [&] {
            cancelledAt = clock.elapsed();
            window->cancelMergeCheck();
        });
        clock.start();
        QVERIFY(!window->mergeFile(b, false, &error));
        const qint64 returnedAt = clock.elapsed();
        QVERIFY2(error.contains(u"cancelled"_s), qPrintable(error));
        QVERIFY(cancelledAt >= 0);
        // Generous for a loaded machine or a sanitizer build; uncancelled, the check of
        // these copies runs for seconds.
        QVERIFY2(returnedAt - cancelledAt < 400, qPrintable(u"returned %1 ms after Cancel"_s.arg(returnedAt - cancelledAt)));
        // The window's destructor waits for the check: it must have stopped.
        window.reset();
        const qint64 closedAt = clock.elapsed();
        qInfo("check cancelled at %lld ms, mergeFile returned at %lld ms, window closed at %lld ms", cancelledAt, returnedAt,
              closedAt);
        QVERIFY2(closedAt - cancelledAt < 1500, qPrintable(u"closing waited %1 ms after Cancel"_s.arg(closedAt - cancelledAt)));
        QCOMPARE(fileAndWalHash(a), before);
        QVERIFY(!QFileInfo::exists(a + u".before-merge.bak"_s));
        auto project = Project::open(a, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->recordCounts(), countsBefore);
    }

    // The check itself under a CancelScope: it stops soon after the flag is set, with an
    // error, whether it is copying, validating or planning.
    void planStopsSoonAfterCancel_data()
    {
        QTest::addColumn<int>("after");
        QTest::newRow("at once") << 0;
        QTest::newRow("after 150 ms") << 150;
        QTest::newRow("after 400 ms") << 400;
    }

    void planStopsSoonAfterCancel()
    {
        QFETCH(int, after);
        QString a;
        QString b;
        QString error;
        QVERIFY2(largeCopies(&a, &b, &error), qPrintable(error));
        // Uncancelled, it takes long enough for the cancel to land inside it.
        QElapsedTimer whole;
        whole.start();
        QVERIFY2(planMergeOfCopy(a, b, &error), qPrintable(error));
        const qint64 full = whole.elapsed();
        QVERIFY2(full > after + 200, qPrintable(u"a full check takes only %1 ms"_s.arg(full)));

        std::atomic<bool> cancel{false};
        std::optional<MergeReport> plan;
        QString planError;
        QElapsedTimer clock;
        qint64 stoppedAt = -1;
        QThread *thread = QThread::create([&] {
            const CancelScope scope(&cancel);
            plan = planMergeOfCopy(a, b, &planError);
            stoppedAt = clock.elapsed();
        });
        clock.start();
        thread->start();
        QTest::qWait(after);
        const qint64 cancelledAt = clock.elapsed();
        cancel.store(true);
        QVERIFY(thread->wait(10'000));
        delete thread;
        qInfo("full check %lld ms; cancelled at %lld ms, stopped at %lld ms", full, cancelledAt, stoppedAt);
        QVERIFY(!plan);
        QVERIFY2(planError.contains(u"interrupted"_s), qPrintable(planError));
        // Well before the uncancelled check would have ended (a third of what was left of
        // it, at least 250 ms: a loaded machine or a sanitizer build is slower).
        const qint64 bound = std::max<qint64>(250, (full - after) / 3);
        QVERIFY2(stoppedAt - cancelledAt < bound,
                 qPrintable(u"stopped %1 ms after Cancel (bound %2 ms)"_s.arg(stoppedAt - cancelledAt).arg(bound)));
    }

    // The plan keeps the validated copy of the other file; the merge reads that copy and
    // does not open the other file again (here: it is gone), with the same result.
    void mergeUsesTheCopyThePlanValidated()
    {
        DivergedCopies v;
        QVERIFY(diverge(&v));
        const QString viaCli = copyOf(v.a);
        QString error;
        {
            auto project = Project::open(viaCli, Project::ReadWrite, &error);
            QVERIFY2(project && project->applyMerge(v.b, &error), qPrintable(error));
        }
        QTemporaryDir scratch;
        const QString checked = scratch.filePath(u"other.concord"_s);
        QVERIFY2(planMergeOfCopy(v.a, v.b, &error, checked), qPrintable(error));
        QVERIFY(QFileInfo::exists(checked));
        const QString moved = v.b + u".moved"_s;
        QVERIFY(QFile::rename(v.b, moved));
        auto document = openDocument(v.a);
        QVERIFY(document);
        auto connection = document->project().openWorkerConnection(&error);
        QVERIFY2(connection, qPrintable(error));
        std::optional<MergeStep> step = runMergeStep(*connection, v.b, checked, &error);
        connection.reset();
        QVERIFY2(step, qPrintable(error));
        QVERIFY(document->adoptMerge(v.b, std::move(*step), &error));
        QCOMPARE(snapshot(v.a), snapshot(viaCli));
        QCOMPARE(document->undoStack()->count(), 1);
    }
};

QTEST_MAIN(TestMergeUndo)
#include "tst_mergeundo.moc"
