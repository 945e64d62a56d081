// SPDX-License-Identifier: GPL-3.0-or-later
// View ▸ Highlight Terms… (HighlightTermsDialog) on a real project file: adding and
// removing are undoable edits of the document, an invalid regular expression is refused
// in the dialog with the reason and changes nothing, and an undo shows in the open dialog.
#include "document/projectdocument.h"
#include "project/termsdialog.h"
#include "uitestproject.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestTermsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addInvalidRemoveUndo()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"dialog.concord"_s);
        QString error;
        QVERIFY2(UiTest::buildProject(path, UiTest::sampleFiles(), &error), qPrintable(error));
        auto document = ProjectDocument::open(path, false, &error);
        QVERIFY2(document, qPrintable(error));
        HighlightTermsDialog dialog(document.get());
        QCOMPARE(dialog.list()->topLevelItemCount(), 0);

        QTest::keyClicks(dialog.patternField(), u"tf.function"_s);
        QTest::keyClick(dialog.patternField(), Qt::Key_Return);
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QCOMPARE(dialog.list()->topLevelItem(0)->text(0), u"tf.function"_s);
        QVERIFY(dialog.patternField()->text().isEmpty());
        QCOMPARE(document->undoStack()->count(), 1);

        dialog.regexBox()->setChecked(true);
        dialog.patternField()->setText(u"input_signature=(["_s);
        QVERIFY(!dialog.addTerm());
        QVERIFY2(dialog.errorText().contains(u"\"input_signature=([\" is not a valid regular expression"_s),
                 qPrintable(dialog.errorText()));
        QCOMPARE(dialog.patternField()->text(), u"input_signature=(["_s); // kept, to fix
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QCOMPARE(document->undoStack()->count(), 1);
        QCOMPARE(document->highlightTerms().size(), 1);

        dialog.patternField()->setText(u"input_signature\\s*="_s);
        QVERIFY(dialog.errorText().isEmpty());
        QVERIFY(dialog.addTerm());
        QCOMPARE(dialog.list()->topLevelItemCount(), 2);
        QCOMPARE(dialog.list()->topLevelItem(1)->text(1), u"pattern"_s);

        dialog.list()->topLevelItem(0)->setSelected(true);
        QVERIFY(dialog.removeSelected());
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QCOMPARE(document->highlightTerms(), (QList<HighlightTerm>{{u"input_signature\\s*="_s, true, false}}));

        // Undo (Ctrl+Z in the window) while the dialog is open.
        document->undoStack()->undo();
        QCOMPARE(dialog.list()->topLevelItemCount(), 2);
        QCOMPARE(dialog.list()->topLevelItem(0)->text(0), u"tf.function"_s);
    }
};

QTEST_MAIN(TestTermsDialog)
#include "tst_termsdialog.moc"
