// SPDX-License-Identifier: GPL-3.0-or-later
// Changing the highlight terms through the document's undo stack
// (ProjectDocument::setHighlightTerms, SetHighlightTermsCommand) on a real project file:
// every step, undo and redo is in the file at once (read back through a second
// connection), announced once, and an invalid term changes nothing and pushes nothing.
#include "document/projectdocument.h"
#include "document/undocommands.h"
#include "store/project.h"
#include "uitestproject.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestTermsEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"edit%1.concord"_s.arg(++m_run));
        QString error;
        QVERIFY2(UiTest::buildProject(m_path, UiTest::sampleFiles(), &error), qPrintable(error));
        m_document = ProjectDocument::open(m_path, false, &error);
        QVERIFY2(m_document, qPrintable(error));
    }

    void cleanup()
    {
        m_document.reset();
    }

    void undoRedoIsDurable()
    {
        const QList<HighlightTerm> one{{u"tf.function"_s, false, false}};
        QList<HighlightTerm> two = one;
        two.append({u"input_signature\\s*="_s, true, false});
        QSignalSpy changed(m_document.get(), &ProjectDocument::highlightTermsChanged);
        QString error;
        QVERIFY2(m_document->setHighlightTerms(one, &error), qPrintable(error));
        QVERIFY2(m_document->setHighlightTerms(two, &error), qPrintable(error));
        QCOMPARE(m_document->undoStack()->count(), 2);
        QCOMPARE(stored(), two);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().constFirst().value<QList<HighlightTerm>>(), two);

        m_document->undoStack()->undo();
        QCOMPARE(m_document->highlightTerms(), one);
        QCOMPARE(stored(), one);
        m_document->undoStack()->undo();
        QVERIFY(m_document->highlightTerms().isEmpty());
        QVERIFY(stored().isEmpty());
        m_document->undoStack()->redo();
        m_document->undoStack()->redo();
        QCOMPARE(stored(), two);
        QCOMPARE(changed.size(), 6);
        QCOMPARE(m_document->undoStack()->undoText(), u"Change highlight terms"_s);

        // Reopened, the document starts with the terms of the file.
        m_document.reset();
        m_document = ProjectDocument::open(m_path, false, &error);
        QVERIFY2(m_document, qPrintable(error));
        QCOMPARE(m_document->highlightTerms(), two);
    }

    void invalidRegexChangesNothing()
    {
        const QList<HighlightTerm> one{{u"tf.function"_s, false, false}};
        QString error;
        QVERIFY(m_document->setHighlightTerms(one, &error));
        QSignalSpy changed(m_document.get(), &ProjectDocument::highlightTermsChanged);
        QList<HighlightTerm> bad = one;
        bad.append({u"[tf"_s, true, false});
        QVERIFY(!m_document->setHighlightTerms(bad, &error));
        QCOMPARE(error, u"\"[tf\" is not a valid regular expression: missing terminating ] for character class at offset 3; "
                        "the highlight terms are unchanged"_s);
        QCOMPARE(m_document->undoStack()->count(), 1);
        QCOMPARE(m_document->highlightTerms(), one);
        QCOMPARE(stored(), one);
        QCOMPARE(changed.size(), 0);
        // The same terms again are no step either.
        QVERIFY(!m_document->setHighlightTerms(one, &error));
        QCOMPARE(m_document->undoStack()->count(), 1);
    }

    void refusedWriteDropsTheCommand()
    {
        // The command itself, when the store refuses (a term that does not compile got
        // past the caller): dropped from the stack, reported, nothing written.
        QSignalSpy failed(m_document.get(), &ProjectDocument::editFailed);
        QString error;
        QVERIFY(!m_document->push(new SetHighlightTermsCommand(m_document.get(), {}, {{u"(("_s, true, false}},
                                                               u"Change highlight terms"_s),
                                  &error));
        QVERIFY2(error.startsWith(u"Change highlight terms: "_s), qPrintable(error));
        QVERIFY2(error.contains(u"the project is unchanged"_s), qPrintable(error));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(m_document->undoStack()->count(), 0);
        QVERIFY(stored().isEmpty());
    }

private:
    /// The terms in the file, read through a second connection.
    QList<HighlightTerm> stored() const
    {
        QString error;
        auto reader = Project::open(m_path, Project::ReadOnly, &error);
        if (!reader) {
            qWarning() << error;
            return {{u"(unreadable)"_s, false, false}};
        }
        return reader->highlightTerms(&error).value_or(QList<HighlightTerm>{{u"(unreadable)"_s, false, false}});
    }

    QTemporaryDir m_dir;
    QString m_path;
    int m_run = 0;
    std::unique_ptr<ProjectDocument> m_document;
};

QTEST_GUILESS_MAIN(TestTermsEdit)
#include "tst_termsedit.moc"
