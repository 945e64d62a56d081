// SPDX-License-Identifier: GPL-3.0-or-later
// Labeling in the window, as a rater does it: keyboard only, undo and redo of every
// kind of edit, blind mode. On a project imported from the corpus's own label
// spreadsheets (the study's taxonomy, its commits, five raters' judgements).
#include "document/itemlistmodel.h"
#include "document/projectdocument.h"
#include "document/undocommands.h"
#include "mainwindow.h"
#include "project/findingspanel.h"
#include "project/labelingpanel.h"
#include "project/valuepicker.h"
#include "uitestproject.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <functional>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

/// What the store holds of one rater's work on one item: comparable values.
struct Snapshot
{
    QList<Finding> findings;
    LabelStatus status = LabelStatus::NotStarted;
    bool operator==(const Snapshot &) const = default;
};

Snapshot snapshot(const Project &project, ItemId item, RaterId rater)
{
    Snapshot s;
    const QList<Finding> all = project.findingsForItem(item);
    for (Finding f : all) {
        if (f.rater == rater) {
            f.modified = {}; // the time of the last write is not what undo restores
            f.id = 0;        // nor the row id: a removed finding comes back under its uuid
            s.findings.append(f);
        }
    }
    s.status = project.labelStatus(item, rater);
    return s;
}

const CodebookValue *valueNamed(const Codebook &codebook, const QString &dimension, const QString &name)
{
    const Dimension *d = codebook.dimensionByKey(dimension);
    return d ? codebook.valueByName(d->id, name) : nullptr;
}

void type(const QString &text)
{
    QTest::keyClicks(QApplication::focusWidget(), text);
}

void key(Qt::Key k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(QApplication::focusWidget(), k, modifiers);
}

} // namespace

class TestLabeling : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void keyboardOnlyLabeling();
    void rulesShowInlineAndKeepTheItemOpen();
    void undoAndRedoEveryKindOfEdit();
    void severalFindingsPerItem();
    void blindModeHidesOtherRaters();
    void workQueueFiltersAndNextNotDone();
    void newValueWhileLabelingIsOneUndoStep();
    void importFromTheWindow();

private:
    std::unique_ptr<MainWindow> openWindow(RaterId *rater, const QString &raterName = u"Tester"_s,
                                           Rater::Role role = Rater::Role::Rater);
    QTemporaryDir m_dir;
    QString m_base;
    QString m_project;
    int m_copy = 0;
};

void TestLabeling::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString base = m_dir.filePath(u"base.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(base,
                                  {UiTest::corpus(u"labels/taxonomy.csv"_s), UiTest::corpus(u"labels/commits.csv"_s),
                                   UiTest::corpus(u"labels/categorizations.csv"_s)},
                                  &error),
             qPrintable(error));
    m_base = base;
}

void TestLabeling::init()
{
    // Each test labels its own copy of the imported project.
    const QString copy = m_dir.filePath(u"copy%1.concord"_s.arg(++m_copy));
    QVERIFY(QFile::copy(m_base, copy));
    m_project = copy;
}

std::unique_ptr<MainWindow> TestLabeling::openWindow(RaterId *rater, const QString &raterName, Rater::Role role)
{
    auto window = std::make_unique<MainWindow>(false);
    window->resize(1280, 800);
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get())) {
        return nullptr;
    }
    QString error;
    if (!window->openProject(m_project, false, &error)) {
        qWarning() << error;
        return nullptr;
    }
    Rater r;
    r.name = raterName;
    r.role = role;
    const std::optional<RaterId> id = window->document()->project().addRater(r, &error);
    if (!id) {
        qWarning() << error;
        return nullptr;
    }
    window->setRater(*id);
    *rater = *id;
    return window;
}

void TestLabeling::keyboardOnlyLabeling()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    QAbstractItemModelTester tester(window->itemModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(window->windowTitle().contains(u"Tester"_s));
    Project &project = window->document()->project();
    const Codebook codebook = project.codebook();
    const ItemId first = window->currentItem();
    QVERIFY(first != 0);
    QCOMPARE(project.labelStatus(first, me), LabelStatus::NotStarted);

    // Ctrl+L: to the form's first field, the gate. "1" answers its first value (Yes).
    QTest::keyClick(window.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(window->labelingPanel()->isAncestorOf(QApplication::focusWidget()));
    type(u"1"_s);
    // The gate moved the focus on, to the category picker: type part of a name, Enter.
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->picker(u"category"_s));
    type(u"api misu"_s);
    key(Qt::Key_Return);
    const CodebookValue *apiMisuse = valueNamed(codebook, u"category"_s, u"API Misuse"_s);
    QVERIFY(apiMisuse);
    QCOMPARE(window->labelingPanel()->picker(u"category"_s)->text(), apiMisuse->name);
    // Cause by its exact name, symptom by frequent-value key 1, fix by exact name too.
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->picker(u"cause"_s));
    const Dimension *cause = codebook.dimensionByKey(u"cause"_s);
    const CodebookValue firstCause = codebook.valuesOf(cause->id, false).first();
    type(firstCause.name);
    key(Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->picker(u"symptom"_s));
    const ValuePicker *symptomPicker = window->labelingPanel()->picker(u"symptom"_s);
    QVERIFY(!symptomPicker->frequent().isEmpty());
    const ValueId frequentSymptom = symptomPicker->frequent().first();
    type(u"1"_s);
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->picker(u"fix"_s));
    const Dimension *fix = codebook.dimensionByKey(u"fix"_s);
    const CodebookValue firstFix = codebook.valuesOf(fix->id, false).first();
    type(firstFix.name);
    key(Qt::Key_Return);
    // The last dimension answered: the focus waits on Done. Back through the flags to
    // the fix's comment (Shift+Tab three times).
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->doneButton());
    key(Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->unsureBox());
    key(Qt::Key_Backtab, Qt::ShiftModifier);
    key(Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), window->labelingPanel()->commentEdit(u"fix"_s));
    type(u"see https://example.org/x <b>not html</b>"_s);
    key(Qt::Key_Tab); // leaving the field writes the comment at once

    // The store holds exactly what was typed, in one finding of this rater.
    QList<Finding> mine = snapshot(project, first, me).findings;
    QCOMPARE(mine.size(), 1);
    const Finding f = mine.first();
    const Dimension *gate = codebook.dimensionByKey(u"is_func_fix"_s);
    QVERIFY(gate);
    QCOMPARE(f.values.value(gate->id), QList<ValueId>{codebook.valuesOf(gate->id, false).first().id});
    QCOMPARE(f.values.value(codebook.dimensionByKey(u"category"_s)->id), QList<ValueId>{apiMisuse->id});
    QCOMPARE(f.values.value(cause->id), QList<ValueId>{firstCause.id});
    QCOMPARE(f.values.value(codebook.dimensionByKey(u"symptom"_s)->id), QList<ValueId>{frequentSymptom});
    QCOMPARE(f.values.value(fix->id), QList<ValueId>{firstFix.id});
    QCOMPARE(f.comments.value(fix->id), u"see https://example.org/x <b>not html</b>"_s);
    QCOMPARE(project.labelStatus(first, me), LabelStatus::InProgress);

    // Ctrl+Enter: done, and on to the next item not done, focus back on the gate.
    QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(project.labelStatus(first, me), LabelStatus::Done);
    QVERIFY(window->currentItem() != first);
    QCOMPARE(window->itemModel()->status(first), LabelStatus::Done);
    QVERIFY(window->labelingPanel()->isAncestorOf(QApplication::focusWidget()));
    bool progressShown = false;
    for (QLabel *label : window->statusBar()->findChildren<QLabel *>()) {
        progressShown = progressShown || label->text().startsWith(u"1 of %1 items done"_s.arg(window->itemModel()->totalCount()));
    }
    QVERIFY(progressShown);

    // A "not a fix" item: "2" on the gate, then Ctrl+Enter is enough; the gated
    // dimensions are disabled.
    const ItemId second = window->currentItem();
    type(u"2"_s);
    QVERIFY(!window->labelingPanel()->picker(u"category"_s)->isEnabled());
    QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(project.labelStatus(second, me), LabelStatus::Done);
    QCOMPARE(window->itemModel()->doneCount(), 2);
}

void TestLabeling::rulesShowInlineAndKeepTheItemOpen()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    const ItemId item = window->currentItem();
    // A fix with only a category: cause, symptom and fix are required (the study's rule).
    QTest::keyClick(window.get(), Qt::Key_L, Qt::ControlModifier);
    type(u"1"_s);
    type(u"API Misuse"_s);
    key(Qt::Key_Return);
    QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(window->currentItem(), item); // stays
    QCOMPARE(project.labelStatus(item, me), LabelStatus::InProgress);
    QLabel *messages = window->labelingPanel()->messageLabel();
    QVERIFY(messages->isVisible());
    QCOMPARE(messages->textFormat(), Qt::PlainText);
    QVERIFY2(messages->text().contains(u"cause"_s), qPrintable(messages->text()));
    // No dialog was opened for it.
    QVERIFY(!QApplication::activeModalWidget());
    // An exempt category (Unknown) needs nothing else.
    QLineEdit *category = window->labelingPanel()->picker(u"category"_s);
    category->setFocus();
    category->selectAll();
    type(u"Unknown"_s);
    key(Qt::Key_Return);
    QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(project.labelStatus(item, me), LabelStatus::Done);
}

void TestLabeling::undoAndRedoEveryKindOfEdit()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    QUndoStack *stack = window->document()->undoStack();
    LabelingPanel *panel = window->labelingPanel();
    const ItemId item = window->currentItem();
    const Codebook codebook = project.codebook();
    const CodebookValue yesValue = codebook.valuesOf(codebook.dimensionByKey(u"is_func_fix"_s)->id, false).first();
    const CodebookValue *yes = &yesValue;

    struct Step
    {
        QString what;
        std::function<void()> edit;
        std::function<bool()> viewShowsIt;
    };
    const QList<Step> steps = {
        {u"gate"_s, [&] { panel->gateButton(yes->name)->click(); }, [&] { return panel->gateButton(yes->name)->isChecked(); }},
        {u"value"_s,
         [&] {
             QVERIFY(panel->picker(u"category"_s)->pickText(u"API Misuse"_s));
         },
         [&] { return panel->picker(u"category"_s)->text() == u"API Misuse"_s; }},
        {u"comment"_s,
         [&] {
             QLineEdit *c = panel->commentEdit(u"category"_s);
             c->setFocus();
             QTest::keyClicks(c, u"why"_s);
             QTest::keyClick(c, Qt::Key_Return); // editingFinished writes it
         },
         [&] { return panel->commentEdit(u"category"_s)->text() == u"why"_s; }},
        {u"should discuss"_s, [&] { panel->shouldDiscussBox()->click(); }, [&] { return panel->shouldDiscussBox()->isChecked(); }},
        {u"unsure"_s, [&] { panel->unsureBox()->click(); }, [&] { return panel->unsureBox()->isChecked(); }},
        {u"second finding"_s, [&] { panel->addFinding(); }, [&] { return panel->findingCount() == 2; }},
        {u"remove finding"_s, [&] { panel->removeCurrentFinding(); }, [&] { return panel->findingCount() == 1; }},
        {u"done"_s,
         [&] {
             // "Unknown" needs no cause, symptom or fix (the study's rule); sure again.
             QVERIFY(panel->picker(u"category"_s)->pickText(u"Unknown"_s));
             panel->unsureBox()->click();
             window->markDoneAndNext();
             window->selectItem(item);
         },
         [&] { return project.labelStatus(item, me) == LabelStatus::Done; }},
    };
    QList<Snapshot> states{snapshot(project, item, me)};
    QList<int> indexes{stack->index()};
    for (const Step &step : steps) {
        step.edit();
        QVERIFY2(step.viewShowsIt(), qPrintable(step.what));
        states.append(snapshot(project, item, me));
        indexes.append(stack->index());
        QVERIFY2(states.constLast() != states.at(states.size() - 2), qPrintable(step.what + u": nothing was stored"_s));
    }
    // Undo everything, one step at a time: the store is back at each earlier state.
    for (int i = int(states.size()) - 1; i > 0; --i) {
        while (stack->index() > indexes[i - 1]) {
            stack->undo();
        }
        QVERIFY2(snapshot(project, item, me) == states[i - 1], qPrintable(u"undo of "_s + steps[i - 1].what));
    }
    QCOMPARE(snapshot(project, item, me).findings.size(), 0);
    QCOMPARE(panel->picker(u"category"_s)->text(), QString());
    QVERIFY(!panel->gateButton(yes->name)->isChecked());
    // Redo everything: the store is at each later state again, the view follows.
    for (int i = 1; i < states.size(); ++i) {
        while (stack->index() < indexes[i]) {
            stack->redo();
        }
        QVERIFY2(snapshot(project, item, me) == states[i], qPrintable(u"redo of "_s + steps[i - 1].what));
    }
    QCOMPARE(window->itemModel()->status(item), LabelStatus::Done);
    // Every edit is in the audit log, under the rater's name.
    const QList<AuditEntry> log = project.auditLog(50);
    QVERIFY(!log.isEmpty());
    QCOMPARE(log.first().who, u"Tester"_s);
}

void TestLabeling::severalFindingsPerItem()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    LabelingPanel *panel = window->labelingPanel();
    const ItemId item = window->currentItem();
    QVERIFY(panel->picker(u"category"_s)->pickText(u"API Misuse"_s));
    panel->addFinding();
    QCOMPARE(panel->findingCount(), 2);
    QCOMPARE(panel->currentFindingIndex(), 1);
    QCOMPARE(panel->picker(u"category"_s)->text(), QString());
    QVERIFY(panel->picker(u"category"_s)->pickText(u"Unknown"_s));
    const QList<Finding> mine = snapshot(project, item, me).findings;
    QCOMPARE(mine.size(), 2);
    QCOMPARE(mine[0].ordinal, 0);
    QCOMPARE(mine[1].ordinal, 1);
    panel->setCurrentFindingIndex(0);
    QCOMPARE(panel->picker(u"category"_s)->text(), u"API Misuse"_s);
}

void TestLabeling::blindModeHidesOtherRaters()
{
    // An item other raters labeled and nobody reconciled (no reconciled CSV imported).
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    ItemId labeled = 0;
    QStringList othersText;
    for (int row = 0; row < window->itemModel()->rowCount() && labeled == 0; ++row) {
        const ItemId id = window->itemModel()->idAt(row);
        const QList<Finding> findings = project.findingsForItem(id);
        for (const Finding &f : findings) {
            if (!f.comments.isEmpty() && project.reconciledForItem(id).isEmpty()) {
                labeled = id;
                othersText = f.comments.values();
            }
        }
    }
    QVERIFY(labeled != 0);
    QVERIFY(window->selectItem(labeled));
    QTabWidget *side = window->sideTabs();
    QVERIFY(!side->isTabEnabled(side->indexOf(window->findingsPanel())));
    // Nothing another rater wrote is anywhere in the window.
    for (QLabel *label : window->findChildren<QLabel *>()) {
        for (const QString &text : std::as_const(othersText)) {
            QVERIFY2(text.isEmpty() || !label->text().contains(text), qPrintable(label->text()));
        }
    }
    QCOMPARE(window->labelingPanel()->findingCount(), 0);
    // A reconciler sees everyone.
    RaterId reconciler = 0;
    window->closeProject(); // one writer at a time
    auto second = openWindow(&reconciler, u"Rec"_s, Rater::Role::Reconciler);
    QVERIFY(second);
    QVERIFY(second->selectItem(labeled));
    QVERIFY(second->sideTabs()->isTabEnabled(second->sideTabs()->indexOf(second->findingsPanel())));
    bool seen = false;
    for (QLabel *label : second->findingsPanel()->findChildren<QLabel *>()) {
        for (const QString &text : std::as_const(othersText)) {
            seen = seen || (!text.isEmpty() && label->text().contains(text.trimmed()));
        }
    }
    QVERIFY(seen);
}

void TestLabeling::workQueueFiltersAndNextNotDone()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    ItemListModel *model = window->itemModel();
    const int all = model->rowCount();
    QVERIFY(all > 100);
    const ItemId first = model->idAt(0);
    const ItemId second = model->idAt(1);
    QString error;
    QVERIFY2(project.setItemDone(second, me, true, &error), qPrintable(error));
    model->updateStatus(second);
    QVERIFY(window->selectItem(first));
    // F8 skips the done item.
    QTest::keyClick(window.get(), Qt::Key_F8);
    QCOMPARE(window->currentItem(), model->idAt(2));
    QTest::keyClick(window.get(), Qt::Key_F8, Qt::ShiftModifier);
    QCOMPARE(window->currentItem(), first);
    // "My items not done" from the Show menu.
    QAction *notDone = nullptr;
    for (QAction *a : window->filterButton()->menu()->actions()) {
        if (a->text() == u"My items not done"_s) {
            notDone = a;
        }
    }
    QVERIFY(notDone);
    notDone->trigger();
    QCOMPARE(model->rowCount(), all - 1);
    QVERIFY(!model->index(second).isValid());
    QVERIFY(window->filterButton()->text().contains(u"1"_s));
}

void TestLabeling::newValueWhileLabelingIsOneUndoStep()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    const ItemId item = window->currentItem();
    const Codebook before = project.codebook();
    const DimensionId category = before.dimensionByKey(u"category"_s)->id;
    const Snapshot labelsBefore = snapshot(project, item, me);
    // A name without a letter or digit is refused (the study's rule), nothing changes.
    QVERIFY(!window->addValueAndChoose(category, u" -- "_s, QString()));
    QCOMPARE(project.codebook().values, before.values);
    QVERIFY(window->addValueAndChoose(category, u"Shape polymorphism"_s, u"Retraced for every new input shape."_s));
    const Codebook after = project.codebook();
    const CodebookValue *added = after.valueByName(category, u"Shape polymorphism"_s);
    QVERIFY(added);
    QCOMPARE(added->description, u"Retraced for every new input shape."_s);
    // Visible at once: the picker offers it and the finding holds it.
    QCOMPARE(window->labelingPanel()->picker(u"category"_s)->text(), u"Shape polymorphism"_s);
    QVERIFY(window->labelingPanel()->picker(u"category"_s)->completer()->model()->rowCount()
            > before.valuesOf(category, false).size());
    QCOMPARE(snapshot(project, item, me).findings.value(0).values.value(category), QList<ValueId>{added->id});
    // One undo takes both back.
    window->document()->undoStack()->undo();
    QCOMPARE(project.codebook().values, before.values);
    QVERIFY(snapshot(project, item, me) == labelsBefore);
}

void TestLabeling::importFromTheWindow()
{
    RaterId me = 0;
    auto window = openWindow(&me);
    QVERIFY(window);
    Project &project = window->document()->project();
    const qint64 items = project.itemCount();
    const ProjectCounts counts = project.counts();
    // A patch of the corpus whose commit is already listed gets its content.
    const QString patch = UiTest::corpus(u"patches/GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"_s);
    QString error;
    QVERIFY2(window->importFiles({patch}, false, &error), qPrintable(error));
    QCOMPARE(project.itemCount(), items);
    QVERIFY(project.counts().files > counts.files);
    // The list follows, and a search finds it by a word of its diff.
    window->filterEdit()->setText(u"002b217f98"_s);
    window->applyFilter();
    QCOMPARE(window->itemModel()->rowCount(), 1);
    // A bad file: refused with the file named, nothing imported.
    const ProjectCounts before = project.counts();
    QTemporaryDir dir;
    const QString bad = dir.filePath(u"truncated.json"_s);
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[{\"model\": \"ponder.commit\", \"pk\": 1, \"fields\": {\"project\": ");
    f.close();
    QVERIFY(!window->importFiles({bad}, false, &error));
    QVERIFY2(error.contains(u"truncated.json"_s), qPrintable(error));
    QCOMPARE(project.counts(), before);
}

QTEST_MAIN(TestLabeling)
#include "tst_labeling.moc"
