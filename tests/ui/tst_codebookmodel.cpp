// SPDX-License-Identifier: GPL-3.0-or-later
// The codebook tree model (under QAbstractItemModelTester while commands change the
// store and are undone) and the Codebook editor window, on the real web-app dump.
#include "codebook/codebookeditor.h"
#include "document/codebookcommands.h"
#include "document/codebookmodel.h"
#include "document/projectdocument.h"
#include "uitestproject.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFont>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestCodebookModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheDimensionsValues();
    void followsCommandsUnderTheTester();
    void setDataRenamesThroughTheUndoStack();
    void editorEditsAndReportsRefusals();

private:
    DimensionId category() const;

    QTemporaryDir m_dir;
    QString m_template;
    std::unique_ptr<ProjectDocument> m_doc;
    int m_case = 0;
};

void TestCodebookModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(u"template.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(m_template, UiTest::sampleFiles(), &error), qPrintable(error));
}

void TestCodebookModel::init()
{
    const QString path = m_dir.filePath(u"case%1.concord"_s.arg(++m_case));
    QVERIFY(QFile::copy(m_template, path));
    QString error;
    m_doc = ProjectDocument::open(path, false, &error);
    QVERIFY2(m_doc, qPrintable(error));
}

void TestCodebookModel::cleanup()
{
    m_doc.reset();
}

DimensionId TestCodebookModel::category() const
{
    const Codebook codebook = m_doc->project().codebook(); // keep it alive while reading
    const Dimension *d = codebook.dimensionByKey(u"category"_s);
    return d ? d->id : 0;
}

void TestCodebookModel::showsTheDimensionsValues()
{
    CodebookModel model(m_doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setDimension(category());
    const Codebook codebook = m_doc->project().codebook();
    const QList<CodebookValue> values = codebook.valuesOf(category());
    QCOMPARE(model.rowCount(), values.size()); // the study's categories are flat
    const auto usage = m_doc->project().valueUsage().value();
    for (const CodebookValue &v : values) {
        const QModelIndex index = model.index(v.id);
        QVERIFY(index.isValid());
        QCOMPARE(model.id(index), v.id);
        QCOMPARE(index.data().toString(), v.name);
        QCOMPARE(index.siblingAtColumn(CodebookModel::UsageColumn).data().toLongLong(), usage.value(v.id));
        QCOMPARE(index.data(CodebookModel::UuidRole).toUuid(), v.uuid);
    }
    const CodebookValue *performance = codebook.valueByName(category(), u"Performance"_s);
    QVERIFY(performance);
    QVERIFY(model.index(performance->id, CodebookModel::UsageColumn).data().toLongLong() > 0);
}

void TestCodebookModel::followsCommandsUnderTheTester()
{
    CodebookModel model(m_doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDimension(category());
    const int rows = model.rowCount();
    const QList<CodebookValue> values = m_doc->project().codebook().valuesOf(category(), false);
    const CodebookValue a = values.at(0);
    const CodebookValue b = values.at(1);

    // A child: the tree gets a level.
    CodebookValue child;
    child.dimension = category();
    child.name = u"A child"_s;
    child.parent = a.id;
    QVERIFY(m_doc->push(CodebookEdits::addValue(m_doc.get(), child)));
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.rowCount(model.index(a.id)), 1);
    QCOMPARE(model.index(0, 0, model.index(a.id)).data().toString(), u"A child"_s);

    // Deprecated: greyed, still there.
    QVERIFY(m_doc->push(CodebookEdits::deprecateValue(m_doc.get(), b.id, true)));
    QVERIFY(model.index(b.id).data(CodebookModel::DeprecatedRole).toBool());
    QVERIFY(model.index(b.id).data(Qt::ForegroundRole).isValid());

    // Merged: struck out, "→ target", usage moved.
    const qint64 usageA = model.usage(a.id);
    const qint64 usageB = model.usage(b.id);
    QVERIFY(m_doc->push(CodebookEdits::mergeValues(m_doc.get(), b.id, a.id)));
    QCOMPARE(model.index(b.id).data().toString(), u"%1 → %2"_s.arg(b.name, a.name));
    QVERIFY(model.index(b.id).data(Qt::FontRole).value<QFont>().strikeOut());
    QCOMPARE(model.index(b.id).data(CodebookModel::PlainNameRole).toString(), b.name);
    QCOMPARE(model.usage(a.id), usageA + usageB);
    QVERIFY(!(model.flags(model.index(b.id)) & Qt::ItemIsEditable));

    // Moves and splits reset the tree; the tester checks every step, also on undo.
    QVERIFY(m_doc->push(CodebookEdits::moveValue(m_doc.get(), a.id, 2)));
    QVERIFY(m_doc->push(CodebookEdits::splitValue(m_doc.get(), a.id, {{u"Part one"_s, {}}, {u"Part two"_s, {}}})));
    QCOMPARE(model.rowCount(), rows + 2);
    while (m_doc->undoStack()->canUndo()) {
        m_doc->undoStack()->undo();
    }
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.rowCount(model.index(a.id)), 0);
    QCOMPARE(model.index(b.id).data().toString(), b.name);
    QCOMPARE(model.usage(b.id), usageB);
    while (m_doc->undoStack()->canRedo()) {
        m_doc->undoStack()->redo();
    }
    QCOMPARE(model.rowCount(), rows + 2);
}

void TestCodebookModel::setDataRenamesThroughTheUndoStack()
{
    CodebookModel model(m_doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDimension(category());
    const QList<CodebookValue> values = m_doc->project().codebook().valuesOf(category(), false);
    const QModelIndex index = model.index(values.at(0).id);
    QVERIFY(model.flags(index) & Qt::ItemIsEditable);
    QVERIFY(model.setData(index, u"Renamed in place"_s));
    QCOMPARE(model.index(values.at(0).id).data().toString(), u"Renamed in place"_s);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    // A taken name: refused, nothing changes, nothing on the stack.
    QVERIFY(!model.setData(index, values.at(1).name));
    QCOMPARE(model.index(values.at(0).id).data().toString(), u"Renamed in place"_s);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    m_doc->undoStack()->undo();
    QCOMPARE(model.index(values.at(0).id).data().toString(), values.at(0).name);
}

void TestCodebookModel::editorEditsAndReportsRefusals()
{
    CodebookEditor editor(m_doc.get());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QAbstractItemModelTester tester(editor.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // It opens on the first dimension that is not a gate: the study's category.
    QCOMPARE(editor.dimension(), category());
    const int rows = editor.model()->rowCount();
    const QList<CodebookValue> values = m_doc->project().codebook().valuesOf(category(), false);
    QVERIFY(!editor.action(CodebookEditor::Action::Rename)->isEnabled());

    editor.setCurrentValue(values.at(0).id);
    QCOMPARE(editor.currentValue(), values.at(0).id);
    QVERIFY(editor.action(CodebookEditor::Action::Rename)->isEnabled());
    QVERIFY(!editor.action(CodebookEditor::Action::MoveUp)->isEnabled());

    QVERIFY(editor.addValue(u"Added from the editor"_s, values.at(0).id, u"<b>plain</b>"_s));
    const CodebookValue *found = editor.model()->codebook().valueByName(category(), u"Added from the editor"_s);
    QVERIFY(found);
    const CodebookValue added = *found; // the model's codebook is re-read on every change
    QCOMPARE(added.parent, values.at(0).id);
    QCOMPARE(editor.currentValue(), added.id);
    QVERIFY(editor.view()->isExpanded(editor.model()->index(values.at(0).id)));

    QVERIFY(editor.describeCurrent(u"Described"_s));
    QCOMPARE(editor.model()->codebook().value(added.id)->description, u"Described"_s);
    QVERIFY(editor.setCurrentDeprecated(true));
    QCOMPARE(editor.action(CodebookEditor::Action::Deprecate)->text().remove(u'&'), u"Undeprecate"_s);

    // Refusal: the status line says why, the window stays usable.
    editor.setCurrentValue(values.at(1).id);
    QVERIFY(!editor.model()->setData(editor.view()->currentIndex(), values.at(2).name));
    QVERIFY2(editor.statusText().contains(u"already has a value"_s), qPrintable(editor.statusText()));

    QVERIFY(editor.mergeCurrentInto(values.at(2).id));
    QVERIFY(!editor.action(CodebookEditor::Action::Merge)->isEnabled()); // merged: nothing more to do with it
    QVERIFY(editor.statusText().isEmpty());

    // F2 opens the in-place editor on the name.
    editor.setCurrentValue(values.at(3).id);
    editor.view()->setFocus();
    QTest::keyClick(editor.view(), Qt::Key_F2);
    const auto *lineEdit = editor.view()->viewport()->findChild<QLineEdit *>();
    QVERIFY(lineEdit);
    QCOMPARE(lineEdit->text(), values.at(3).name);

    while (m_doc->undoStack()->canUndo()) {
        m_doc->undoStack()->undo();
    }
    QCOMPARE(editor.model()->rowCount(), rows);
    QCOMPARE(editor.model()->index(values.at(1).id).data().toString(), values.at(1).name);
    QVERIFY(!m_doc->project().codebook().valueByName(category(), u"Added from the editor"_s));
}

QTEST_MAIN(TestCodebookModel)
#include "tst_codebookmodel.moc"
