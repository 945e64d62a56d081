// SPDX-License-Identifier: GPL-3.0-or-later
// The Reconcile tab of the main window, as a reconciler uses it, on the study's dump
// before reconciliation: the queue's order and progress, Next unit selecting the item in
// the window, adopting a rater's answer (whole or one dimension), a second final finding,
// undo of a decision, a final finding's comments and should-discuss flag edited and undone,
// accept-all-unanimous from the window, and blind labeling (a rater
// who is no reconciler sees nothing of the others); the bundled sample opens with work
// to reconcile for its reconciler.
#include "agreement/reconciliation.h"
#include "agreement/reconciliationqueue.h"
#include "document/projectdocument.h"
#include "mainwindow.h"
#include "project/raterdialog.h"
#include "project/valuepicker.h"
#include "reconcile/reconciliationpanel.h"
#include "reconciletestproject.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QImage>
#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

/// Rater @p rater's findings of every item, by ordinal.
QHash<ItemId, QList<Finding>> findingsOf(const Project &project, RaterId rater)
{
    QHash<ItemId, QList<Finding>> out;
    for (const Finding &f : project.findings()) {
        if (f.rater == rater) {
            out[f.item].append(f);
        }
    }
    return out;
}

QAction *menuAction(QMainWindow *window, const QString &text)
{
    for (QAction *menu : window->menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == text) {
                return action;
            }
        }
    }
    return nullptr;
}

} // namespace

class TestReconciliationPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void queueOrderProgressAndNextUnit();
    void adoptingAndUndoingDecisions();
    void editingFinalCommentsAndShouldDiscuss();
    void acceptAllUnanimousFromTheWindow();
    void adoptingReproducesTheStudysDecisions();
    void blindForARater();
    void viewOptionOfTheGui();
    void theBundledSampleIsReadyToReconcile();

private:
    std::unique_ptr<MainWindow> openWindow(const QString &raterName);

    QTemporaryDir m_dir;
    QString m_base;
    QString m_project;
    int m_copy = 0;
};

void TestReconciliationPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_base = m_dir.filePath(u"base.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildUnreconciledProject(m_base, &error), qPrintable(error));
}

void TestReconciliationPanel::init()
{
    m_project = m_dir.filePath(u"copy%1.concord"_s.arg(++m_copy));
    QVERIFY(QFile::copy(m_base, m_project));
}

std::unique_ptr<MainWindow> TestReconciliationPanel::openWindow(const QString &raterName)
{
    auto window = std::make_unique<MainWindow>(false);
    window->resize(1280, 800);
    window->show();
    QString error;
    if (!window->openProject(m_project, false, &error)) {
        qWarning() << error;
        return nullptr;
    }
    const std::optional<Rater> rater = window->document()->project().raterByName(raterName);
    if (!rater) {
        return nullptr;
    }
    window->setRater(rater->id);
    return window;
}

void TestReconciliationPanel::queueOrderProgressAndNextUnit()
{
    auto window = openWindow(UiTest::reconcilerName());
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    QTabWidget *side = window->sideTabs();
    QVERIFY(side->isTabEnabled(side->indexOf(panel)));
    const Project &project = window->document()->project();
    // The pair that labeled the most items together: Rater 2 and Rater 3 in the study.
    const RaterId a = project.raterByName(u"Rater 2"_s)->id;
    const RaterId b = project.raterByName(u"Rater 3"_s)->id;
    QCOMPARE(panel->raterA(), a);
    QCOMPARE(panel->raterB(), b);

    // Every item both labeled, once; disagreements, then should-discuss, then unanimous,
    // each kind in the store's item order.
    const QHash<ItemId, QList<Finding>> ofA = findingsOf(project, a);
    const QHash<ItemId, QList<Finding>> ofB = findingsOf(project, b);
    QSet<ItemId> both;
    for (auto it = ofA.cbegin(); it != ofA.cend(); ++it) {
        if (ofB.contains(it.key())) {
            both.insert(it.key());
        }
    }
    const QList<ReconcileUnit> &queue = panel->queue();
    QCOMPARE(queue.size(), both.size());
    QSet<ItemId> inQueue;
    const QList<ItemId> itemOrder = project.itemIds();
    int disagreements = 0;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        const ReconcileUnit &u = queue[i];
        inQueue.insert(u.item);
        if (i > 0) {
            const ReconcileUnit &before = queue[i - 1];
            QVERIFY(before.kind < u.kind || (before.kind == u.kind && itemOrder.indexOf(before.item) < itemOrder.indexOf(u.item)));
        }
        // The kind, from the findings themselves.
        const QList<Finding> x = ofA.value(u.item);
        const QList<Finding> y = ofB.value(u.item);
        bool differ = x.size() != y.size();
        bool flagged = false;
        for (qsizetype k = 0; k < std::min(x.size(), y.size()); ++k) {
            differ = differ || classifyDecision(x[k].values, {y[k].values}) != ReconciledFinding::Decision::Unanimous;
        }
        for (const Finding &f : x + y) {
            flagged = flagged || f.shouldDiscuss || f.unsure;
        }
        const ReconcileUnit::Kind expected = differ ? ReconcileUnit::Kind::Disagreement
                                                    : (flagged ? ReconcileUnit::Kind::ShouldDiscuss : ReconcileUnit::Kind::Unanimous);
        QCOMPARE(u.kind, expected);
        disagreements += differ ? 1 : 0;
        QVERIFY(!u.isReconciled());
    }
    QCOMPARE(inQueue, both);
    QVERIFY(disagreements > 5);
    QVERIFY(queue.last().kind == ReconcileUnit::Kind::Unanimous);
    QCOMPARE(panel->progressLabel()->text(), u"0 of %1 reconciled"_s.arg(queue.size()));
    QCOMPARE(panel->queueView()->topLevelItemCount(), int(queue.size()));
    QCOMPARE(panel->queueView()->topLevelItem(0)->text(0), u"≠"_s);
    QCOMPARE(panel->queueView()->topLevelItem(0)->text(2), u"disagreement"_s);

    // Reconcile > Next Unit (F9) selects the first unit in the window.
    QAction *next = menuAction(window.get(), u"&Next Unit to Reconcile"_s);
    QVERIFY(next);
    QCOMPARE(next->shortcut(), QKeySequence(Qt::Key_F9));
    // From an item that is no unit (one of the two did not label it), the first unit.
    const auto outside = std::find_if(itemOrder.cbegin(), itemOrder.cend(), [&](ItemId id) {
        return !both.contains(id);
    });
    QVERIFY(outside != itemOrder.cend());
    QVERIFY(window->selectItem(*outside));
    QVERIFY(panel->unitLabel()->text().startsWith(u"Not a unit"_s));
    next->trigger();
    QCOMPARE(window->currentItem(), queue.first().item);
    QCOMPARE(panel->currentItem(), queue.first().item);
    QCOMPARE(side->currentWidget(), panel);
    next->trigger();
    QCOMPARE(window->currentItem(), queue.at(1).item);
    QAction *previous = menuAction(window.get(), u"&Previous Unit to Reconcile"_s);
    QVERIFY(previous);
    previous->trigger();
    QCOMPARE(window->currentItem(), queue.first().item);
    QVERIFY(panel->unitLabel()->text().startsWith(u"Unit 1 of %1"_s.arg(queue.size())));

    // The grid marks the dimensions that differ with a sign and a word (a unit where
    // each rater has one finding, so the grid shows all of both).
    const auto single = std::find_if(queue.cbegin(), queue.cend(), [&](const ReconcileUnit &u) {
        return u.kind == ReconcileUnit::Kind::Disagreement && ofA.value(u.item).size() == 1 && ofB.value(u.item).size() == 1;
    });
    QVERIFY(single != queue.cend());
    QVERIFY(window->selectItem(single->item));
    QVERIFY(!single->differing.isEmpty());
    const Codebook book = project.codebook();
    for (const Dimension &d : book.dimensions) {
        QLabel *marker = panel->marker(d.key);
        QVERIFY(marker);
        const bool differs = classifyDecision(DimensionValues{{d.id, ofA.value(single->item).first().values.value(d.id)}},
                                              QList<DimensionValues>{DimensionValues{{d.id, ofB.value(single->item).first().values.value(d.id)}}})
            != ReconciledFinding::Decision::Unanimous;
        QCOMPARE(single->differing.contains(d.id), differs);
        QCOMPARE(marker->text(), differs ? u"≠ differs"_s : u"= same"_s);
    }
}

void TestReconciliationPanel::adoptingAndUndoingDecisions()
{
    auto window = openWindow(UiTest::reconcilerName());
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    Project &project = window->document()->project();
    const RaterId reconciler = project.raterByName(UiTest::reconcilerName())->id;
    // A disagreement where each rater has one finding.
    const QHash<ItemId, QList<Finding>> ofA = findingsOf(project, panel->raterA());
    const QHash<ItemId, QList<Finding>> ofB = findingsOf(project, panel->raterB());
    ReconcileUnit unit;
    for (const ReconcileUnit &u : panel->queue()) {
        if (unit.item == 0 && u.kind == ReconcileUnit::Kind::Disagreement && ofA.value(u.item).size() == 1
            && ofB.value(u.item).size() == 1) {
            unit = u;
        }
    }
    QVERIFY(unit.item != 0);
    const Finding a = ofA.value(unit.item).first();
    const Finding b = ofB.value(unit.item).first();
    QVERIFY(window->selectItem(unit.item));
    window->sideTabs()->setCurrentWidget(panel);
    QCOMPARE(panel->currentItem(), unit.item);
    QCOMPARE(panel->finalCount(), 0);
    const qsizetype total = panel->queue().size();

    // The rationale typed first, then Adopt A.
    QTest::keyClicks(panel->rationaleEdit(), u"B read the symptom as the cause"_s);
    QTest::mouseClick(panel->adoptButton(0), Qt::LeftButton);
    QList<ReconciledFinding> stored = project.reconciledForItem(unit.item);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().values, a.values);
    QCOMPARE(stored.first().decision, ReconciledFinding::Decision::AdoptedOne);
    QCOMPARE(QSet<QUuid>(stored.first().sourceFindings.cbegin(), stored.first().sourceFindings.cend()),
             (QSet<QUuid>{a.uuid, b.uuid}));
    QCOMPARE(stored.first().decidedBy, reconciler);
    QCOMPARE(stored.first().rationale, u"B read the symptom as the cause"_s);
    QCOMPARE(panel->progressLabel()->text(), u"1 of %1 reconciled"_s.arg(total));
    QVERIFY(panel->decisionLabel()->text().contains(u"adopted one rater's answer"_s));
    QVERIFY(panel->decisionLabel()->text().contains(UiTest::reconcilerName()));

    // Undo of the decision: nothing recorded, progress back; redo brings it back.
    QUndoStack *stack = window->document()->undoStack();
    stack->undo();
    QVERIFY(project.reconciledForItem(unit.item).isEmpty());
    QCOMPARE(panel->progressLabel()->text(), u"0 of %1 reconciled"_s.arg(total));
    QCOMPARE(panel->finalCount(), 0);
    stack->redo();
    QCOMPARE(project.reconciledForItem(unit.item).size(), 1);
    QCOMPARE(panel->progressLabel()->text(), u"1 of %1 reconciled"_s.arg(total));

    // One dimension from B: B's value there, the type what the values show.
    const DimensionId differing = unit.differing.first();
    const Codebook book = project.codebook(); // dimension() points into it: keep it alive
    const Dimension *dim = book.dimension(differing);
    QToolButton *takeB = panel->findChild<QToolButton *>(u"takeB_"_s + dim->key);
    QVERIFY(takeB);
    QTest::mouseClick(takeB, Qt::LeftButton);
    stored = project.reconciledForItem(unit.item);
    QCOMPARE(stored.size(), 1);
    DimensionValues expected = a.values;
    if (b.values.value(differing).isEmpty()) {
        expected.remove(differing);
    } else {
        expected.insert(differing, b.values.value(differing));
    }
    QCOMPARE(stored.first().values, expected);
    QCOMPARE(stored.first().decision, classifyDecision(expected, {a.values, b.values}));
    QVERIFY(stored.first().decision == ReconciledFinding::Decision::Combined
            || stored.first().decision == ReconciledFinding::Decision::AdoptedOne);

    // A second final finding (the item fixes two problems): B's answer.
    panel->addFinalFinding();
    QCOMPARE(panel->currentFinalIndex(), 1);
    QTest::mouseClick(panel->adoptButton(1), Qt::LeftButton);
    stored = project.reconciledForItem(unit.item);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(1).ordinal, 1);
    QCOMPARE(stored.at(1).values, b.values);
    QCOMPARE(stored.at(1).decision, ReconciledFinding::Decision::AdoptedOne);
    QCOMPARE(panel->finalCount(), 2);
    QCOMPARE(panel->progressLabel()->text(), u"1 of %1 reconciled"_s.arg(total));
    stack->undo();
    QCOMPARE(project.reconciledForItem(unit.item).size(), 1);
}

void TestReconciliationPanel::editingFinalCommentsAndShouldDiscuss()
{
    auto window = openWindow(UiTest::reconcilerName());
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    Project &project = window->document()->project();
    QUndoStack *stack = window->document()->undoStack();
    const QHash<ItemId, QList<Finding>> ofA = findingsOf(project, panel->raterA());
    const QHash<ItemId, QList<Finding>> ofB = findingsOf(project, panel->raterB());
    QList<ItemId> units;
    for (const ReconcileUnit &u : panel->queue()) {
        if (u.kind == ReconcileUnit::Kind::Disagreement && ofA.value(u.item).size() == 1
            && ofB.value(u.item).size() == 1) {
            units.append(u.item);
        }
    }
    QVERIFY(units.size() >= 2);
    const ItemId item = units.first();
    const Finding a = ofA.value(item).first();
    QVERIFY(window->selectItem(item));
    window->sideTabs()->setCurrentWidget(panel);
    const Codebook book = project.codebook();
    const Dimension &dim = book.dimensions.last();
    QLineEdit *comment = panel->finalCommentEdit(dim.key);
    QCheckBox *discuss = panel->finalShouldDiscussBox();
    QVERIFY(comment);
    QVERIFY(discuss);
    // Nothing recorded yet: nothing to comment on.
    QVERIFY(!comment->isEnabled());
    QVERIFY(!discuss->isEnabled());

    QTest::mouseClick(panel->adoptButton(0), Qt::LeftButton);
    QCOMPARE(project.reconciledForItem(item).size(), 1);
    const ReconciledFinding adopted = project.reconciledForItem(item).first();
    QVERIFY(comment->isEnabled());
    QVERIFY(discuss->isEnabled());
    QCOMPARE(comment->text(), a.comments.value(dim.id)); // the adopted answer's comment
    QCOMPARE(discuss->isChecked(), a.shouldDiscuss);
    const int steps = stack->count();
    const QString typed = u"Both read the log; the fix says retrace"_s;
    auto storedComment = [&] {
        return project.reconciledForItem(item).first().comments.value(dim.id);
    };

    // Typing is one step, written once the field is left (Enter here).
    comment->setFocus();
    comment->selectAll();
    QTest::keyClicks(comment, typed);
    QTest::keyClick(comment, Qt::Key_Return);
    QCOMPARE(storedComment(), typed);
    QCOMPARE(stack->count(), steps + 1);
    // What the window shows is on disk: another connection reads it.
    {
        QString error;
        const std::unique_ptr<Project> reader = Project::open(m_project, Project::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->reconciledForItem(item).first().comments.value(dim.id), typed);
    }
    // The rest of the final finding is as it was: values, decision, reconciler, rationale.
    ReconciledFinding expected = adopted;
    expected.comments.insert(dim.id, typed);
    QCOMPARE(project.reconciledForItem(item).first(), expected);

    // Typing after a pause merges into the same step.
    QTest::keyClicks(comment, u"s"_s);
    QTRY_COMPARE(storedComment(), typed + u's');
    QCOMPARE(stack->count(), steps + 1);

    stack->undo();
    QCOMPARE(project.reconciledForItem(item).first(), adopted);
    QCOMPARE(comment->text(), a.comments.value(dim.id));
    stack->redo();
    QCOMPARE(storedComment(), typed + u's');
    QCOMPARE(comment->text(), typed + u's');

    // Should discuss: a click is one durable step; undo takes it back.
    const bool flagged = discuss->isChecked();
    discuss->click(); // as a click on the box or Space does
    QCOMPARE(project.reconciledForItem(item).first().shouldDiscuss, !flagged);
    QCOMPARE(discuss->isChecked(), !flagged);
    QCOMPARE(stack->count(), steps + 2);
    QVERIFY(stack->undoText().contains(u"should discuss"_s));
    stack->undo();
    QCOMPARE(project.reconciledForItem(item).first().shouldDiscuss, flagged);
    QCOMPARE(discuss->isChecked(), flagged);
    stack->redo();
    QCOMPARE(project.reconciledForItem(item).first().shouldDiscuss, !flagged);

    // An emptied field removes the comment, as its own step (the flag came between).
    comment->clear();
    QTest::keyClick(comment, Qt::Key_Space);
    QTest::keyClick(comment, Qt::Key_Backspace);
    QTest::keyClick(comment, Qt::Key_Return);
    QVERIFY(!project.reconciledForItem(item).first().comments.contains(dim.id));
    QCOMPARE(stack->count(), steps + 3);
    stack->undo();
    QCOMPARE(storedComment(), typed + u's');
    QCOMPARE(comment->text(), typed + u's');

    // A comment typed and not written yet goes with the item when the window moves on.
    QTest::keyClicks(comment, u"!"_s);
    QVERIFY(window->selectItem(units.at(1)));
    QCOMPARE(storedComment(), typed + u"s!"_s);
    QVERIFY(!comment->isEnabled()); // the next unit has no final finding yet
    QVERIFY(comment->text().isEmpty());
}

void TestReconciliationPanel::acceptAllUnanimousFromTheWindow()
{
    auto window = openWindow(UiTest::reconcilerName());
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    const Project &project = window->document()->project();
    QString error;
    const std::optional<UnanimousPlan> plan = planAcceptUnanimous(project, panel->raterA(), panel->raterB(), &error);
    QVERIFY2(plan, qPrintable(error));
    QVERIFY(!plan->toAdd.isEmpty());
    const QString report = window->acceptAllUnanimous(false);
    QVERIFY2(report.startsWith(u"Accepted %1 unanimous unit(s)"_s.arg(plan->toAdd.size())), qPrintable(report));
    QVERIFY(report.contains(u"Skipped 0 unit(s) already reconciled"_s));
    QCOMPARE(project.reconciledFindings().size(), plan->toAdd.size());
    QCOMPARE(panel->reconciledCount(), qint64(plan->toAdd.size()));
    QCOMPARE(panel->progressLabel()->text(), u"%1 of %2 reconciled"_s.arg(plan->toAdd.size()).arg(panel->queue().size()));
    QCOMPARE(window->document()->undoStack()->count(), 1);
    // Again: nothing to add, and it says how many it skipped.
    const QString again = window->acceptAllUnanimous(false);
    QVERIFY2(again.contains(u"Skipped %1 unit(s) already reconciled"_s.arg(plan->toAdd.size())), qPrintable(again));
    QCOMPARE(window->document()->undoStack()->count(), 1);
    window->document()->undoStack()->undo();
    QVERIFY(project.reconciledFindings().isEmpty());
    QCOMPARE(panel->reconciledCount(), qint64(0));
}

void TestReconciliationPanel::adoptingReproducesTheStudysDecisions()
{
    // The study's own final findings (the dump imported as it is) that took Rater 2's or
    // Rater 3's whole answer: Adopt A / Adopt B in the panel makes each again.
    const QString study = m_dir.filePath(u"study.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(study, {UiTest::corpus(u"ponder-fixture-sample.json"_s)}, &error), qPrintable(error));
    struct Case
    {
        QString key;
        int side = 0;
        QMap<QString, QSet<QUuid>> values; // dimension key -> value uuids
    };
    auto byUuid = [](const Codebook &book, const DimensionValues &values) {
        QMap<QString, QSet<QUuid>> out;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            for (ValueId v : it.value()) {
                out[book.dimension(it.key())->key].insert(book.value(v)->uuid);
            }
        }
        return out;
    };
    QList<Case> cases;
    {
        std::unique_ptr<Project> project = Project::open(study, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        const Codebook book = project->codebook();
        const RaterId a = project->raterByName(u"Rater 2"_s)->id;
        const RaterId b = project->raterByName(u"Rater 3"_s)->id;
        const QHash<ItemId, QList<Finding>> ofA = findingsOf(*project, a);
        const QHash<ItemId, QList<Finding>> ofB = findingsOf(*project, b);
        for (const ReconciledFinding &r : project->reconciledFindings()) {
            const QList<Finding> x = ofA.value(r.item);
            const QList<Finding> y = ofB.value(r.item);
            if (x.size() != 1 || y.size() != 1 || project->reconciledForItem(r.item).size() != 1
                || QSet<QUuid>(r.sourceFindings.cbegin(), r.sourceFindings.cend()) != QSet<QUuid>{x.first().uuid, y.first().uuid}
                || classifyDecision(r.values, {x.first().values, y.first().values}) != ReconciledFinding::Decision::AdoptedOne) {
                continue;
            }
            const bool fromA = classifyDecision(r.values, {x.first().values}) == ReconciledFinding::Decision::Unanimous;
            cases.append({project->item(r.item)->key.toString(), fromA ? 0 : 1, byUuid(book, r.values)});
        }
    }
    QVERIFY2(cases.size() >= 10, qPrintable(QString::number(cases.size())));

    auto window = openWindow(UiTest::reconcilerName());
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    Project &project = window->document()->project();
    const Codebook book = project.codebook();
    for (const Case &c : std::as_const(cases)) {
        const qsizetype at = c.key.lastIndexOf(u'@');
        const std::optional<Item> item = project.itemByKey(ItemKey::commit(c.key.left(at), c.key.mid(at + 1)));
        QVERIFY2(item, qPrintable(c.key));
        QVERIFY(window->selectItem(item->id));
        QCOMPARE(panel->currentItem(), item->id);
        QTest::mouseClick(panel->adoptButton(c.side), Qt::LeftButton);
        const QList<ReconciledFinding> stored = project.reconciledForItem(item->id);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(byUuid(book, stored.first().values), c.values);
        QCOMPARE(stored.first().decision, ReconciledFinding::Decision::AdoptedOne);
        QCOMPARE(stored.first().sourceFindings.size(), 2);
    }
    QCOMPARE(panel->reconciledCount(), qint64(cases.size()));
}

void TestReconciliationPanel::blindForARater()
{
    auto window = openWindow(u"Rater 2"_s);
    QVERIFY(window);
    ReconciliationPanel *panel = window->reconciliationPanel();
    QTabWidget *side = window->sideTabs();
    QVERIFY(!side->isTabEnabled(side->indexOf(panel)));
    QVERIFY(panel->queue().isEmpty());
    QCOMPARE(panel->queueView()->topLevelItemCount(), 0);
    QVERIFY(window->acceptAllUnanimous(false).isEmpty());
    QVERIFY(window->document()->project().reconciledFindings().isEmpty());
    QVERIFY(!menuAction(window.get(), u"&Accept All Unanimous…"_s)->isEnabled());
    // An item Rater 3 commented on: none of it is anywhere in the panel.
    const Project &project = window->document()->project();
    const RaterId other = project.raterByName(u"Rater 3"_s)->id;
    ItemId item = 0;
    QStringList othersText;
    for (const Finding &f : project.findings()) {
        if (item == 0 && f.rater == other && !f.comments.isEmpty()) {
            item = f.item;
            othersText = f.comments.values();
        }
    }
    QVERIFY(item != 0);
    QVERIFY(window->selectItem(item));
    panel->showItem(item); // even when asked directly
    for (QLabel *label : panel->findChildren<QLabel *>()) {
        for (const QString &text : std::as_const(othersText)) {
            QVERIFY2(text.trimmed().isEmpty() || !label->text().contains(text.trimmed()), qPrintable(label->text()));
        }
    }
    panel->adopt(1); // nothing to adopt from
    QVERIFY(project.reconciledFindings().isEmpty());
    QVERIFY(panel->blindLabel()->isVisibleTo(panel));
}

void TestReconciliationPanel::theBundledSampleIsReadyToReconcile()
{
    // The sample ./dev run opens (resources/sample): a copy, so the build's file stays.
    const QString sample = QStringLiteral(CONCORD_BIN_DIR "/../sample/sample.concord");
    QVERIFY2(QFile::exists(sample), qPrintable(sample));
    m_project = m_dir.filePath(u"bundled-sample.concord"_s);
    QVERIFY(QFile::copy(sample, m_project));
    QFile::setPermissions(m_project, QFile::ReadOwner | QFile::WriteOwner);

    auto window = std::make_unique<MainWindow>(false);
    window->resize(1280, 800);
    window->show();
    QString error;
    QVERIFY2(window->openProject(m_project, false, &error), qPrintable(error));
    Project &project = window->document()->project();

    // Who are you? offers the reconciler beside the raters, as on a first run.
    {
        RaterDialog dialog(window->document());
        const QListWidget *list = dialog.findChild<QListWidget *>();
        QVERIFY(list);
        QStringList rows;
        for (int i = 0; i < list->count(); ++i) {
            rows << list->item(i)->text();
        }
        QCOMPARE(rows, (QStringList{u"R1"_s, u"R2"_s, u"R3 — reconciler"_s}));
    }
    const std::optional<Rater> r3 = project.raterByName(u"R3"_s);
    QVERIFY(r3);
    QCOMPARE(r3->role, Rater::Role::Reconciler);
    window->setRater(r3->id);

    // Some of the work is done, some is left: one disagreement decided with a rationale,
    // one unanimous unit accepted, one disagreement open.
    ReconciliationPanel *panel = window->reconciliationPanel();
    QVERIFY(window->sideTabs()->isTabEnabled(window->sideTabs()->indexOf(panel)));
    QCOMPARE(panel->queue().size(), 3);
    QCOMPARE(panel->progressLabel()->text(), u"2 of 3 reconciled"_s);
    QList<ReconciledFinding::Decision> decisions;
    for (const ReconciledFinding &f : project.reconciledFindings()) {
        decisions << f.decision;
        QCOMPARE(f.decidedBy, r3->id);
        if (f.decision == ReconciledFinding::Decision::AdoptedOne) {
            QVERIFY(!f.rationale.isEmpty());
        }
    }
    std::sort(decisions.begin(), decisions.end());
    QCOMPARE(decisions, (QList{ReconciledFinding::Decision::Unanimous, ReconciledFinding::Decision::AdoptedOne}));
    const ItemId open = panel->unitAfter(1);
    QVERIFY(open != 0);
    QVERIFY(window->selectItem(open));
    QVERIFY2(panel->unitLabel()->text().contains(u"disagreement"_s), qPrintable(panel->unitLabel()->text()));
    QCOMPARE(panel->marker(u"fix"_s)->text(), u"≠ differs"_s);
}

void TestReconciliationPanel::viewOptionOfTheGui()
{
    // concord --view reconcile: the picture of the Reconcile tab, as the first reconciler.
    auto run = [](const QStringList &arguments, QString *err) {
        QProcess p;
        p.start(QStringLiteral(CONCORD_BIN_DIR "/concord"), arguments);
        if (!p.waitForStarted() || !p.waitForFinished(120000)) {
            *err = p.errorString();
            return -1;
        }
        *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    };
    QString err;
    const QString png = m_dir.filePath(u"reconcile.png"_s);
    QCOMPARE(run({u"--screenshot"_s, png, u"--view"_s, u"nonsense"_s, m_project}, &err), 1);
    QVERIFY2(err.contains(u"--view: expected main, reconcile, dashboard or dashboard-TAB, got \"nonsense\""_s), qPrintable(err));
    QVERIFY(!QFile::exists(png));

    // A project without a reconciler: said so, no picture of other raters' answers.
    const QString plain = m_dir.filePath(u"plain.concord"_s);
    QVERIFY2(UiTest::buildProject(plain, {UiTest::corpus(u"ponder-fixture-sample.json"_s)}, &err), qPrintable(err));
    QCOMPARE(run({u"--screenshot"_s, png, u"--view"_s, u"reconcile"_s, plain}, &err), 2);
    QVERIFY2(err.contains(u"has no reconciler"_s), qPrintable(err));
    QVERIFY(!QFile::exists(png));

    // A rater named with --rater who is no reconciler: refused, blind labeling holds.
    QCOMPARE(run({u"--screenshot"_s, png, u"--view"_s, u"reconcile"_s, u"--rater"_s, u"R2"_s, m_project}, &err), 2);
    QVERIFY2(err.contains(u"Rater 2 is no reconciler"_s), qPrintable(err));
    QVERIFY(!QFile::exists(png));

    QCOMPARE(run({u"--screenshot"_s, png, u"--size"_s, u"1280x800"_s, u"--view"_s, u"reconcile"_s, m_project}, &err), 0);
    const QImage picture(png);
    QCOMPARE(picture.size(), QSize(1280, 800));
}

QTEST_MAIN(TestReconciliationPanel)
#include "tst_reconciliationpanel.moc"
