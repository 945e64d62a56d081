// SPDX-License-Identifier: GPL-3.0-or-later
// Codebook edits as undo commands (codebookcommands.h) and the store calls behind them,
// on a project imported from the real web-app dump: each command changes the store,
// undo puts the codebook and every label back exactly, redo does it again.
#include "document/codebookcommands.h"
#include "document/projectdocument.h"
#include "store/project.h"
#include "uitestproject.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

/// Values ids differ after a remove and re-add; compare what a user sees and labels refer to.
QList<ValueState> shapeOf(const Codebook &codebook)
{
    QList<ValueState> states;
    for (const CodebookValue &v : codebook.values) {
        states.append(ValueState::from(v, codebook));
    }
    std::sort(states.begin(), states.end(), [](const ValueState &a, const ValueState &b) { return a.uuid < b.uuid; });
    return states;
}

} // namespace

class TestCodebookEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void addValueUndoRedo();
    void addChildAfterParentReAdded();
    void updateUndoRedo_data();
    void updateUndoRedo();
    void renameToTakenNameIsRefused();
    void removeValueRefusesWhileUsed();
    void mergeUndoRestoresEveryLabel();
    void mergeOfValueWithEarlierMergesUndoes();
    void mergeWhenFindingHadBoth();
    void splitCreatesSiblingsAndDeprecates();
    void dimensionEditUndoRedo();

private:
    DimensionId category() const;
    /// The two category values most findings chose (not named in any rule), most used first.
    QPair<CodebookValue, CodebookValue> twoUsedCategories() const;
    void checkUnchanged();

    QTemporaryDir m_dir;
    QString m_template;
    std::unique_ptr<ProjectDocument> m_doc;
    Codebook m_codebookBefore;
    QList<Finding> m_findingsBefore;
    QList<ReconciledFinding> m_reconciledBefore;
    int m_case = 0;
};

void TestCodebookEdit::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(u"template.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(m_template, UiTest::sampleFiles(), &error), qPrintable(error));
}

void TestCodebookEdit::init()
{
    const QString path = m_dir.filePath(u"case%1.concord"_s.arg(++m_case));
    QVERIFY(QFile::copy(m_template, path));
    QString error;
    m_doc = ProjectDocument::open(path, false, &error);
    QVERIFY2(m_doc, qPrintable(error));
    m_codebookBefore = m_doc->project().codebook();
    m_findingsBefore = m_doc->project().findings();
    m_reconciledBefore = m_doc->project().reconciledFindings();
    QVERIFY(!m_findingsBefore.isEmpty());
    QVERIFY(!m_reconciledBefore.isEmpty());
    QVERIFY(category() != 0);
}

void TestCodebookEdit::cleanup()
{
    m_doc.reset();
}

DimensionId TestCodebookEdit::category() const
{
    const Dimension *d = m_codebookBefore.dimensionByKey(u"category"_s);
    return d ? d->id : 0;
}

QPair<CodebookValue, CodebookValue> TestCodebookEdit::twoUsedCategories() const
{
    const auto usage = m_doc->project().valueUsage();
    Q_ASSERT(usage);
    QList<CodebookValue> values;
    for (const CodebookValue &v : m_codebookBefore.valuesOf(category(), false)) {
        bool inRules = false;
        for (const Dimension &d : m_codebookBefore.dimensions) {
            inRules = inRules || d.rules.exemptValues.contains(v.uuid) || d.rules.gateOpenValues.contains(v.uuid);
        }
        if (!inRules && usage->value(v.id) > 0) {
            values.append(v);
        }
    }
    std::sort(values.begin(), values.end(),
              [&](const CodebookValue &a, const CodebookValue &b) { return usage->value(a.id) > usage->value(b.id); });
    Q_ASSERT(values.size() >= 2);
    return {values.at(0), values.at(1)};
}

void TestCodebookEdit::checkUnchanged()
{
    QCOMPARE(m_doc->project().codebook().values, m_codebookBefore.values);
    QCOMPARE(m_doc->project().codebook().dimensions, m_codebookBefore.dimensions);
    QVERIFY(m_doc->project().findings() == m_findingsBefore);
    QVERIFY(m_doc->project().reconciledFindings() == m_reconciledBefore);
}

void TestCodebookEdit::addValueUndoRedo()
{
    QSignalSpy changed(m_doc.get(), &ProjectDocument::codebookChanged);
    CodebookValue value;
    value.dimension = category();
    value.name = u"Retracing <b>storm</b>"_s;
    value.description = u"A tf.function retraced on every call."_s;
    value.order = 99;
    QUndoCommand *command = addValueCommand(m_doc.get(), value);
    QVERIFY(command);
    QString error;
    QVERIFY2(m_doc->push(command, &error), qPrintable(error));
    QCOMPARE(changed.count(), 1);

    const auto find = [&] {
        const Codebook now = m_doc->project().codebook();
        const CodebookValue *v = now.valueByName(category(), value.name);
        return v ? std::optional<CodebookValue>(*v) : std::nullopt;
    };
    const auto added = find();
    QVERIFY(added);
    QCOMPARE(added->description, value.description);
    QCOMPARE(added->order, 99);
    QCOMPARE(m_doc->project().auditLog(1).first().action, u"value.add"_s);

    m_doc->undoStack()->undo();
    QCOMPARE(changed.count(), 2);
    QVERIFY(!find());
    checkUnchanged();
    QCOMPARE(m_doc->project().auditLog(1).first().action, u"value.remove"_s);

    m_doc->undoStack()->redo();
    const auto again = find();
    QVERIFY(again);
    QCOMPARE(again->uuid, added->uuid); // the same value (the row id may or may not be the same)
    QCOMPARE(again->name, added->name);
}

void TestCodebookEdit::addChildAfterParentReAdded()
{
    CodebookValue parent;
    parent.dimension = category();
    parent.name = u"Retracing"_s;
    QVERIFY(m_doc->push(CodebookEdits::addValue(m_doc.get(), parent)));
    const CodebookValue p = *m_doc->project().codebook().valueByName(category(), u"Retracing"_s);
    CodebookValue child;
    child.dimension = category();
    child.name = u"Retracing on Python scalars"_s;
    child.parent = p.id;
    QVERIFY(m_doc->push(CodebookEdits::addValue(m_doc.get(), child)));

    m_doc->undoStack()->undo();
    m_doc->undoStack()->undo();
    checkUnchanged();
    m_doc->undoStack()->redo(); // the parent comes back as a new row
    m_doc->undoStack()->redo(); // the child finds it by uuid
    const Codebook now = m_doc->project().codebook();
    const CodebookValue *p2 = now.valueByName(category(), u"Retracing"_s);
    const CodebookValue *c2 = now.valueByName(category(), u"Retracing on Python scalars"_s);
    QVERIFY(p2 && c2);
    QCOMPARE(p2->uuid, p.uuid);
    QCOMPARE(c2->parent, p2->id);
    QCOMPARE(m_doc->undoStack()->count(), 2);
}

enum class Edit { Rename, Describe, Deprecate, Reparent, MoveUp, MoveDown };

void TestCodebookEdit::updateUndoRedo_data()
{
    QTest::addColumn<int>("edit");
    QTest::newRow("rename") << int(Edit::Rename);
    QTest::newRow("describe") << int(Edit::Describe);
    QTest::newRow("deprecate") << int(Edit::Deprecate);
    QTest::newRow("reparent") << int(Edit::Reparent);
    QTest::newRow("move up") << int(Edit::MoveUp);
    QTest::newRow("move down") << int(Edit::MoveDown);
}

void TestCodebookEdit::updateUndoRedo()
{
    QFETCH(int, edit);
    const QList<CodebookValue> values = m_codebookBefore.valuesOf(category(), false);
    QVERIFY(values.size() >= 3);
    const CodebookValue second = values.at(1);
    const CodebookValue third = values.at(2);
    QUndoCommand *command = nullptr;
    switch (Edit(edit)) {
    case Edit::Rename:
        command = CodebookEdits::renameValue(m_doc.get(), second.id, u"Renamed: Ünïcode & <html>"_s);
        break;
    case Edit::Describe:
        command = CodebookEdits::describeValue(m_doc.get(), second.id, u"line one\nline two <i>not html</i>"_s);
        break;
    case Edit::Deprecate:
        command = CodebookEdits::deprecateValue(m_doc.get(), second.id, true);
        break;
    case Edit::Reparent:
        command = CodebookEdits::reparentValue(m_doc.get(), third.id, second.id);
        break;
    case Edit::MoveUp:
        command = CodebookEdits::moveValue(m_doc.get(), third.id, -1);
        break;
    case Edit::MoveDown:
        command = CodebookEdits::moveValue(m_doc.get(), second.id, 1);
        break;
    }
    QVERIFY(command);
    QString error;
    QVERIFY2(m_doc->push(command, &error), qPrintable(error));

    auto check = [&] {
        const Codebook now = m_doc->project().codebook();
        const CodebookValue *s = now.valueByUuid(second.uuid);
        const CodebookValue *t = now.valueByUuid(third.uuid);
        QVERIFY(s && t);
        switch (Edit(edit)) {
        case Edit::Rename:
            QCOMPARE(s->name, u"Renamed: Ünïcode & <html>"_s);
            break;
        case Edit::Describe:
            QCOMPARE(s->description, u"line one\nline two <i>not html</i>"_s);
            break;
        case Edit::Deprecate:
            QVERIFY(s->deprecated);
            QVERIFY(!now.valuesOf(category(), false).contains(*s));
            break;
        case Edit::Reparent:
            QCOMPARE(t->parent, s->id);
            break;
        case Edit::MoveUp:
        case Edit::MoveDown: {
            const QList<CodebookValue> order = now.valuesOf(category(), false);
            QCOMPARE(order.at(1).uuid, third.uuid);
            QCOMPARE(order.at(2).uuid, second.uuid);
            break;
        }
        }
    };
    check();
    if (QTest::currentTestFailed()) {
        return;
    }
    m_doc->undoStack()->undo();
    checkUnchanged();
    m_doc->undoStack()->redo();
    check();
    // Labels never move on these edits.
    QVERIFY(m_doc->project().findings() == m_findingsBefore);
}

void TestCodebookEdit::renameToTakenNameIsRefused()
{
    const QList<CodebookValue> values = m_codebookBefore.valuesOf(category(), false);
    const int depth = m_doc->undoStack()->count();
    const qsizetype auditBefore = m_doc->project().auditLog(100000).size();
    QSignalSpy failed(m_doc.get(), &ProjectDocument::editFailed);
    QString error;
    QVERIFY(!m_doc->push(CodebookEdits::renameValue(m_doc.get(), values.at(0).id, values.at(1).name), &error));
    QVERIFY2(error.contains(u"already has a value"_s), qPrintable(error));
    QVERIFY(error.contains(values.at(1).name));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(m_doc->undoStack()->count(), depth);
    QCOMPARE(m_doc->project().auditLog(100000).size(), auditBefore);
    checkUnchanged();

    // A name only a merged value holds is free again; undoing both puts everything back.
    const auto [into, from] = twoUsedCategories();
    const auto third = std::find_if(values.cbegin(), values.cend(),
                                    [&](const CodebookValue &v) { return v.id != into.id && v.id != from.id; });
    QVERIFY(third != values.cend());
    QVERIFY(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), from.id, into.id)));
    QVERIFY2(m_doc->push(CodebookEdits::renameValue(m_doc.get(), third->id, from.name), &error), qPrintable(error));
    m_doc->undoStack()->undo();
    m_doc->undoStack()->undo();
    checkUnchanged();
}

void TestCodebookEdit::removeValueRefusesWhileUsed()
{
    const auto [used, other] = twoUsedCategories();
    Q_UNUSED(other)
    QString error;
    QVERIFY(!m_doc->project().removeValue(used.id, &error));
    QVERIFY2(error.contains(u"finding"_s) && error.contains(used.name), qPrintable(error));
    checkUnchanged();

    // A value named in a rule ("Unknown" exempts cause, symptom and fix) is refused too.
    const CodebookValue *unknown = m_codebookBefore.valueByName(category(), u"Unknown"_s);
    QVERIFY(unknown);
    QVERIFY(!m_doc->project().removeValue(unknown->id, &error));
    QVERIFY2(error.contains(u"rules"_s), qPrintable(error));

    // A parent is refused while it has children.
    CodebookValue child;
    child.dimension = category();
    child.name = u"Child"_s;
    child.parent = other.id;
    const auto childId = m_doc->project().addValue(child, &error);
    QVERIFY(childId);
    QVERIFY(!m_doc->project().removeValue(other.id, &error));
    QVERIFY2(error.contains(u"placed under it"_s), qPrintable(error));
    QVERIFY2(m_doc->project().removeValue(*childId, &error), qPrintable(error));
    QCOMPARE(m_doc->project().auditLog(1).first().action, u"value.remove"_s);
    checkUnchanged();
}

void TestCodebookEdit::mergeUndoRestoresEveryLabel()
{
    const auto [into, from] = twoUsedCategories();
    const DimensionId cat = category();
    auto count = [&](const QList<Finding> &findings, ValueId v) {
        return std::count_if(findings.cbegin(), findings.cend(), [&](const Finding &f) { return f.valuesOf(cat).contains(v); });
    };
    const qint64 fromCount = count(m_findingsBefore, from.id);
    const qint64 intoCount = count(m_findingsBefore, into.id);
    QVERIFY(fromCount > 0 && intoCount > 0);
    const auto neither = std::find_if(m_findingsBefore.cbegin(), m_findingsBefore.cend(), [&](const Finding &f) {
        return !f.valuesOf(cat).contains(from.id) && !f.valuesOf(cat).contains(into.id) && !f.valuesOf(cat).isEmpty();
    });
    QVERIFY(neither != m_findingsBefore.cend());
    const qint64 reconciledFrom = std::count_if(m_reconciledBefore.cbegin(), m_reconciledBefore.cend(),
                                                [&](const ReconciledFinding &r) { return r.values.value(cat).contains(from.id); });

    QSignalSpy findingChanged(m_doc.get(), &ProjectDocument::findingChanged);
    QString error;
    QVERIFY2(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), from.id, into.id), &error), qPrintable(error));
    QCOMPARE(findingChanged.count(), fromCount);

    const QList<Finding> merged = m_doc->project().findings();
    QCOMPARE(count(merged, from.id), 0);
    QCOMPARE(count(merged, into.id), fromCount + intoCount);
    QCOMPARE(m_doc->project().finding(neither->id).value(), *neither);
    QCOMPARE(m_doc->project().codebook().value(from.id)->mergedInto, into.id);
    const QList<ReconciledFinding> reconciledMerged = m_doc->project().reconciledFindings();
    QVERIFY(std::none_of(reconciledMerged.cbegin(), reconciledMerged.cend(),
                         [&](const ReconciledFinding &r) { return r.values.value(cat).contains(from.id); }));
    const auto *command = static_cast<const MergeValuesCommand *>(m_doc->undoStack()->command(m_doc->undoStack()->count() - 1));
    QCOMPARE(command->record().findings.size(), fromCount);
    QCOMPARE(command->record().reconciled.size(), reconciledFrom);

    findingChanged.clear();
    m_doc->undoStack()->undo();
    QCOMPARE(findingChanged.count(), fromCount);
    checkUnchanged();
    QCOMPARE(m_doc->project().auditLog(1).first().action, u"value.unmerge"_s);

    m_doc->undoStack()->redo();
    QVERIFY(m_doc->project().findings() == merged);
    QVERIFY(m_doc->project().reconciledFindings() == reconciledMerged);
    m_doc->undoStack()->undo();
    checkUnchanged();
}

void TestCodebookEdit::mergeOfValueWithEarlierMergesUndoes()
{
    // c into b, then b into a: c's mergedInto follows to a; undoing both restores all.
    const auto [a, b] = twoUsedCategories();
    const auto usage = m_doc->project().valueUsage().value();
    const QList<CodebookValue> values = m_codebookBefore.valuesOf(category(), false);
    const auto c = std::find_if(values.cbegin(), values.cend(), [&](const CodebookValue &v) {
        return v.id != a.id && v.id != b.id && usage.value(v.id) > 0 && v.name != u"Unknown"_s && v.name != u"Test"_s
            && v.name != u"Other"_s;
    });
    QVERIFY(c != values.cend());
    QVERIFY(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), c->id, b.id)));
    QVERIFY(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), b.id, a.id)));
    const Codebook merged = m_doc->project().codebook();
    QCOMPARE(merged.value(c->id)->mergedInto, a.id);
    QCOMPARE(merged.resolve(c->id), a.id);
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->project().codebook().value(c->id)->mergedInto, b.id);
    m_doc->undoStack()->undo();
    checkUnchanged();
}

void TestCodebookEdit::mergeWhenFindingHadBoth()
{
    // A multiple-choice dimension where one finding chose both values: the merge leaves
    // it one label, undo gives it both back.
    Project &project = m_doc->project();
    QString error;
    Dimension tags;
    tags.key = u"tags"_s;
    tags.name = u"Tags"_s;
    tags.kind = Dimension::Kind::MultipleChoice;
    const auto dim = project.addDimension(tags, &error);
    QVERIFY2(dim, qPrintable(error));
    const auto x = project.addValue(CodebookValue{0, {}, *dim, u"x"_s}, &error);
    const auto y = project.addValue(CodebookValue{0, {}, *dim, u"y"_s}, &error);
    QVERIFY(x && y);
    const Finding f0 = m_findingsBefore.at(0);
    const Finding f1 = m_findingsBefore.at(1);
    QVERIFY(project.setFindingValues(f0.id, *dim, {*x, *y}, &error));
    QVERIFY(project.setFindingValues(f1.id, *dim, {*x}, &error));
    const QList<Finding> before = project.findings();
    const Codebook codebookBefore = project.codebook();

    QVERIFY(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), *x, *y)));
    QCOMPARE(project.finding(f0.id)->valuesOf(*dim), QList<ValueId>{*y});
    QCOMPARE(project.finding(f1.id)->valuesOf(*dim), QList<ValueId>{*y});
    m_doc->undoStack()->undo();
    QVERIFY(project.findings() == before);
    QCOMPARE(project.codebook().values, codebookBefore.values);
}

void TestCodebookEdit::splitCreatesSiblingsAndDeprecates()
{
    const auto [used, other] = twoUsedCategories();
    Q_UNUSED(other)
    const QList<ValueSplitPart> parts{{u"Shape polymorphism"_s, u"Input shapes vary between calls."_s},
                                      {u"Dtype polymorphism"_s, {}}};
    QString error;
    QVERIFY2(m_doc->push(CodebookEdits::splitValue(m_doc.get(), used.id, parts), &error), qPrintable(error));

    auto check = [&](QList<QUuid> *uuids) {
        const Codebook now = m_doc->project().codebook();
        const CodebookValue *original = now.valueByUuid(used.uuid);
        QVERIFY(original);
        QVERIFY(original->deprecated);
        const CodebookValue *a = now.valueByName(category(), parts.at(0).name);
        const CodebookValue *b = now.valueByName(category(), parts.at(1).name);
        QVERIFY(a && b);
        QCOMPARE(a->description, parts.at(0).description);
        QCOMPARE(a->parent, original->parent);
        QCOMPARE(b->parent, original->parent);
        // Right after the original among its siblings, in the order given.
        const QList<CodebookValue> order = now.valuesOf(category());
        const qsizetype at = order.indexOf(*original);
        QCOMPARE(order.at(at + 1).uuid, a->uuid);
        QCOMPARE(order.at(at + 2).uuid, b->uuid);
        *uuids = {a->uuid, b->uuid};
    };
    QList<QUuid> first;
    check(&first);
    // The labels stay on the original until someone relabels them.
    QVERIFY(m_doc->project().findings() == m_findingsBefore);

    m_doc->undoStack()->undo();
    checkUnchanged();
    m_doc->undoStack()->redo();
    QList<QUuid> second;
    check(&second);
    QCOMPARE(second, first);
    m_doc->undoStack()->undo();
    checkUnchanged();
    QCOMPARE(shapeOf(m_doc->project().codebook()), shapeOf(m_codebookBefore));
}

void TestCodebookEdit::dimensionEditUndoRedo()
{
    Dimension after = *m_codebookBefore.dimension(category());
    after.name = u"Problem category (revised)"_s;
    after.description = u"What went wrong."_s;
    after.order = after.order + 10;
    QSignalSpy changed(m_doc.get(), &ProjectDocument::codebookChanged);
    QVERIFY(m_doc->push(CodebookEdits::updateDimension(m_doc.get(), after)));
    QCOMPARE(*m_doc->project().codebook().dimension(category()), after);
    m_doc->undoStack()->undo();
    checkUnchanged();
    m_doc->undoStack()->redo();
    QCOMPARE(*m_doc->project().codebook().dimension(category()), after);
    QCOMPARE(changed.count(), 3);
    QVERIFY(!CodebookEdits::updateDimension(m_doc.get(), after)); // nothing to change
}

QTEST_GUILESS_MAIN(TestCodebookEdit)
#include "tst_codebookedit.moc"
