// SPDX-License-Identifier: GPL-3.0-or-later
// Highlight-term marks as the views draw them (DiffHighlighter in DiffView, unified and
// side by side; CodeBlockHighlighter in ReportView), with the real KSyntaxHighlighting
// definitions and themes and a real corpus patch that decorates functions with
// @tf.function: the marks cover exactly the occurrences, keep the syntax colour (made
// readable), and every marked character keeps 4.5:1 contrast in the light and the dark
// scheme.
#include "textformats.h"
#include "../common/corpuspatch.h"
#include "colorscheme.h"
#include "diff/diffcolors.h"
#include "diff/difftextedit.h"
#include "diff/diffview.h"
#include "report/reportview.h"

#include <QApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Concord;
using namespace Concord::CorpusTest;
using namespace Qt::StringLiterals;
using Concord::UiTest::formatAt;

namespace {

const QString s_addons = u"tensorflow__addons/2b070a15fb516e6b3c1cca3898ae611024d7481d.patch"_s;
const QList<HighlightTerm> s_terms{{u"tf.function"_s, false, false}, {u"@tf.function"_s, false, false}};

// Where the terms occur in @p text, found the plain way.
QList<bool> expectedMarks(const QString &text)
{
    QList<bool> marked(text.size(), false);
    for (const HighlightTerm &term : s_terms) {
        for (qsizetype at = text.indexOf(term.pattern, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term.pattern, at + 1, Qt::CaseInsensitive)) {
            for (qsizetype i = at; i < at + term.pattern.size(); ++i) {
                marked[i] = true;
            }
        }
    }
    return marked;
}

} // namespace

class TestTermMarks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diffMarks_data()
    {
        QTest::addColumn<int>("scheme");
        QTest::addColumn<DiffView::Mode>("mode");
        QTest::addColumn<bool>("termsFirst");
        QTest::newRow("light unified") << int(ColorScheme::Light) << DiffView::Mode::Unified << true;
        QTest::newRow("light side by side, terms set on a shown file") << int(ColorScheme::Light) << DiffView::Mode::SideBySide << false;
        QTest::newRow("dark unified, terms set on a shown file") << int(ColorScheme::Dark) << DiffView::Mode::Unified << false;
        QTest::newRow("dark side by side") << int(ColorScheme::Dark) << DiffView::Mode::SideBySide << true;
    }

    void diffMarks()
    {
        QFETCH(int, scheme);
        QFETCH(DiffView::Mode, mode);
        QFETCH(bool, termsFirst);
        applyColorScheme(ColorScheme(scheme));
        const auto loaded = loadPatch(s_addons);
        QVERIFY(loaded);
        int marks = 0;
        int onChanges = 0;
        int files = 0;
        double lowest = 21;
        for (const FileDiff &file : loaded->patch.files) {
            if (file.hunks.isEmpty()) {
                continue;
            }
            ++files;
            DiffView plain; // the same file without terms: what the syntax and change colours are
            plain.setMode(mode);
            plain.setFile(file, linesOf(*loaded, file));
            DiffView view;
            view.setMode(mode);
            if (termsFirst) {
                view.setHighlightTerms(s_terms);
            }
            view.setFile(file, linesOf(*loaded, file));
            if (!termsFirst) {
                view.setHighlightTerms(s_terms);
            }
            const QList<DiffTextEdit *> edits = mode == DiffView::Mode::Unified ? QList<DiffTextEdit *>{view.unifiedEdit()}
                                                                                 : QList<DiffTextEdit *>{view.oldEdit(), view.newEdit()};
            const QList<DiffTextEdit *> plainEdits = mode == DiffView::Mode::Unified
                ? QList<DiffTextEdit *>{plain.unifiedEdit()}
                : QList<DiffTextEdit *>{plain.oldEdit(), plain.newEdit()};
            for (qsizetype e = 0; e < edits.size(); ++e) {
                const DiffColors colors = edits[e]->colors();
                QVERIFY(colors.term.isValid());
                QTextBlock p = plainEdits[e]->document()->begin();
                for (QTextBlock b = edits[e]->document()->begin(); b.isValid(); b = b.next(), p = p.next()) {
                    const DiffRow *row = edits[e]->rowAt(b.blockNumber());
                    QVERIFY(row);
                    const bool text = row->kind == DiffRow::Kind::Added || row->kind == DiffRow::Kind::Deleted
                        || row->kind == DiffRow::Kind::Context;
                    const QList<bool> expected = text ? expectedMarks(b.text()) : QList<bool>(b.text().size(), false);
                    const QColor line = row->kind == DiffRow::Kind::Added ? colors.added
                        : row->kind == DiffRow::Kind::Deleted             ? colors.deleted
                                                                          : QApplication::palette().color(QPalette::Base);
                    for (int i = 0; i < b.text().size(); ++i) {
                        const QTextCharFormat f = formatAt(b, i);
                        const bool marked = f.hasProperty(QTextFormat::BackgroundBrush) && f.background().color() == colors.term;
                        const QString where = u"%1 row %2 col %3: \"%4\""_s.arg(file.displayPath()).arg(b.blockNumber()).arg(i).arg(b.text());
                        QVERIFY2(marked == expected[i], qPrintable(where));
                        if (!marked) {
                            continue;
                        }
                        ++marks;
                        // The syntax colour (or the text colour) it had without the mark,
                        // made readable on the mark.
                        const QTextCharFormat before = formatAt(p, i);
                        const QColor was = before.hasProperty(QTextFormat::ForegroundBrush) ? before.foreground().color() : colors.text;
                        const QColor drawn = f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : colors.text;
                        QCOMPARE(drawn, DiffColors::readableOn(was, colors.term));
                        const double ratio = DiffColors::contrast(drawn, colors.term);
                        lowest = std::min(lowest, ratio);
                        QVERIFY2(ratio >= DiffColors::s_minimumContrast,
                                 qPrintable(where + u" %1 on %2 is %3:1"_s.arg(drawn.name(), colors.term.name()).arg(ratio)));
                        onChanges += line != QApplication::palette().color(QPalette::Base);
                        // A changed word under the mark stays visible as an underline.
                        const bool inWord = before.hasProperty(QTextFormat::BackgroundBrush);
                        QCOMPARE(f.underlineStyle() == QTextCharFormat::SingleUnderline, inWord);
                    }
                }
            }
        }
        qInfo() << marks << "marked characters in" << files << "files, lowest contrast" << lowest;
        QVERIFY(files > 10);
        // 17 lines of the patch hold tf.function; side by side shows context lines twice.
        QVERIFY2(marks >= 17 * 11, qPrintable(QString::number(marks)));
        QVERIFY(onChanges > 0);
    }

    void reportMarks_data()
    {
        QTest::addColumn<int>("scheme");
        QTest::newRow("light") << int(ColorScheme::Light);
        QTest::newRow("dark") << int(ColorScheme::Dark);
    }

    void reportMarks()
    {
        // Text is data: a term inside raw HTML is marked as the text it is shown as, and
        // the marks are formats over the text, not markup.
        QFETCH(int, scheme);
        applyColorScheme(ColorScheme(scheme));
        Item item;
        item.key = ItemKey::issue(u"tensorflow/tensorflow"_s, 46012);
        item.title = u"Retracing with tf.function"_s;
        BugReportContent report;
        report.title = item.title;
        report.url = u"https://github.com/tensorflow/tensorflow/issues/46012"_s;
        report.body = u"Wrapping it in <b>tf.function</b> retraces.\n\n"
                      "```python\n"
                      "@tf.function(input_signature=[spec])\n"
                      "def f(x):\n"
                      "    return x\n"
                      "```\n"_s;
        report.comments.append({u"someone"_s, {}, u"[TF.FUNCTION guide](https://www.tensorflow.org/guide/function)"_s});
        ReportView view;
        view.setReport(item, report);
        view.setHighlightTerms(s_terms);
        const QColor term = DiffColors::fromPalette(view.palette()).term;
        const QColor text = view.palette().color(QPalette::Text);
        int marks = 0;
        int blocksWithMarks = 0;
        for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
            const QList<bool> expected = expectedMarks(b.text());
            blocksWithMarks += expected.contains(true) ? 1 : 0;
            for (int i = 0; i < b.text().size(); ++i) {
                const QTextCharFormat f = formatAt(b, i);
                const bool marked = f.hasProperty(QTextFormat::BackgroundBrush) && f.background().color() == term;
                QVERIFY2(marked == expected[i], qPrintable(u"\"%1\" col %2"_s.arg(b.text()).arg(i)));
                if (marked) {
                    ++marks;
                    const QColor drawn = f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : text;
                    QVERIFY2(DiffColors::contrast(drawn, term) >= DiffColors::s_minimumContrast,
                             qPrintable(u"%1 on %2"_s.arg(drawn.name(), term.name())));
                }
            }
        }
        // The HTML line shown as text, the code line, the link's text.
        QVERIFY2(blocksWithMarks >= 3, qPrintable(QString::number(blocksWithMarks)));
        QVERIFY(view.document()->toPlainText().contains(u"<b>tf.function</b>"_s));
        QVERIFY(marks >= 3 * 11);
        // No terms: no marks.
        view.setHighlightTerms({});
        for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
            for (int i = 0; i < b.text().size(); ++i) {
                const QTextCharFormat f = formatAt(b, i);
                QVERIFY(!(f.hasProperty(QTextFormat::BackgroundBrush) && f.background().color() == term));
            }
        }
    }
};

QTEST_MAIN(TestTermMarks)
#include "tst_termmarks.moc"
