// SPDX-License-Identifier: GPL-3.0-or-later
// The diff view on real corpus patches, parsed with the shipped parser.
#include "../common/corpuspatch.h"
#include "diff/diffcolors.h"
#include "diff/diffrows.h"
#include "diff/difftextedit.h"
#include "diff/diffview.h"
#include "diff/hunkstart.h"
#include "diff/notebookdiffview.h"
#include "patch/patchparser.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QAction>
#include <QPushButton>
#include <QTimer>
#include <QScrollBar>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>
#include <QTextBlock>
#include <QTextLayout>

using namespace Concord;
using namespace Concord::CorpusTest;
using namespace Qt::StringLiterals;

namespace {

int blockContaining(const QTextDocument *document, const QString &text)
{
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next()) {
        if (b.text().contains(text)) {
            return b.blockNumber();
        }
    }
    return -1;
}

// The facts manifest.csv records for a patch: files, hunks, binary, added, deleted.
struct ManifestFacts
{
    int files = -1, hunks = -1, binary = -1, added = -1, deleted = -1;
};

ManifestFacts manifestFacts(const QString &sha)
{
    QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/manifest.csv"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    while (!file.atEnd()) {
        const QList<QByteArray> cols = file.readLine().split(',');
        if (cols.size() > 9 && QString::fromLatin1(cols[1]) == sha) {
            return {cols[5].toInt(), cols[6].toInt(), cols[7].toInt(), cols[8].toInt(), cols[9].toInt()};
        }
    }
    return {};
}

const QString s_gpflow = u"GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"_s;
// The corpus's largest patch (1.8 MB): a notebook whose lines carry base64 images.
const QString s_largest = u"GPflow__GPflow/24b5733d161bed633dd5c00c4de3faf4d4ee0322.patch"_s;
const QString s_largestFile = u"doc/source/notebooks/advanced/mcmc.ipynb"_s;

/// Runs the event loop until @p view has loaded its file (at most a minute).
bool waitLoaded(const DiffView &view)
{
    QElapsedTimer timer;
    timer.start();
    while (view.isLoading() && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return !view.isLoading();
}

/// The longest gap between the ticks of a 5 ms timer while it runs: how long the event
/// loop was kept from running.
class StallWatch : public QObject
{
public:
    StallWatch()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            tick();
        });
        m_clock.start();
        m_last = m_clock.elapsed();
        m_timer.start();
    }
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        longestMs = std::max(longestMs, now - m_last);
        m_last = now;
        ++ticks;
    }
    qint64 longestMs = 0;
    int ticks = 0;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
};

/// The rows shown are the rows of @p expected, and each block is highlighted as a view
/// given all of them at once highlights it.
void compareWithAllAtOnce(DiffTextEdit *edit, const QList<DiffRow> &expected, const FileDiff &file,
                          const QList<QList<DiffLine>> &lines, DiffTextEdit::Gutter gutter)
{
    QCOMPARE(edit->rows().size(), expected.size());
    QVERIFY(edit->rows() == expected);
    QCOMPARE(edit->document()->blockCount(), expected.size());
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(file.displayPath());
    QList<KSyntaxHighlighting::State> starts;
    for (const QList<DiffLine> &hunk : lines) {
        starts.append(hunkStart(definition, hunk).state);
    }
    DiffTextEdit reference(gutter);
    reference.setRows(expected, definition, starts);
    QTextBlock a = edit->document()->begin();
    QTextBlock b = reference.document()->begin();
    for (; a.isValid() && b.isValid(); a = a.next(), b = b.next()) {
        QCOMPARE(a.text(), b.text());
        QVERIFY2(a.layout()->formats() == b.layout()->formats(), qPrintable(u"block %1"_s.arg(a.blockNumber())));
    }
}

} // namespace

class TestDiffView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unifiedRowsMatchTheManifest();
    void unifiedViewShowsLinesWithNumbers();
    void sideBySideAlignsBothSides();
    void htmlInAPatchIsShownLiterally();
    void labelsArePlainText();
    void keywordsAreHighlighted();
    void highlightingRestartsAtEachHunk();
    void oldAndNewFilesAreHighlightedApart();
    void wordChangesAreMarkedInThePairedLines();
    void binaryFileIsDescribedNotShown_data();
    void binaryFileIsDescribedNotShown();
    void largeFileIsCutAndShowAllLoadsTheRest();
    void hugeHunkShowsItsFirstRowsQuickly();
    void darkPaletteGivesDarkBackgrounds();
    void paletteChangeSwitchesTheSyntaxTheme();
    void ignoreWhitespaceShowsWhitespaceOnlyChangesAsContext();
    void whitespaceMarkersAreDrawn();
    void lineEndTagsAreDrawn();
    void nextAndPreviousChangeStepThroughTheChanges();
    void switchingModesKeepsTheLineAtTheTop();
    void headerNamesModeChangesAndRenames();
    void largeFileLoadsInSlicesWhileTheEventLoopRuns_data();
    void largeFileLoadsInSlicesWhileTheEventLoopRuns();
    void largeNotebookIsBuiltInSlices();
    void aHugeDocumentIsReplacedNotEmptied();
    void switchingFilesMidLoadShowsOnlyTheNewFile();
    void progressIsShownAndStopKeepsWhatIsShown();
};

void TestDiffView::unifiedRowsMatchTheManifest()
{
    // Independent facts from the corpus manifest: every added and deleted line of every
    // file ends up as one row of that kind.
    const QString sha = u"002b217f983e55811faabf2e548e7c4e66ff09c6"_s;
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const ManifestFacts facts = manifestFacts(sha);
    QVERIFY(facts.added > 0);
    int added = 0, deleted = 0, headers = 0;
    for (const FileDiff &file : loaded->patch.files) {
        for (const DiffRow &row : DiffRows::unified(file, linesOf(*loaded, file))) {
            added += row.kind == DiffRow::Kind::Added;
            deleted += row.kind == DiffRow::Kind::Deleted;
            headers += row.kind == DiffRow::Kind::HunkHeader;
        }
    }
    QCOMPARE(added, facts.added);
    QCOMPARE(deleted, facts.deleted);
    QCOMPARE(headers, facts.hunks);
}

void TestDiffView::unifiedViewShowsLinesWithNumbers()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/convolutional.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    view.resize(900, 600);
    view.setFile(*file, linesOf(*loaded, *file));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DiffTextEdit *edit = view.unifiedEdit();
    QVERIFY(edit->isVisible());
    const QTextDocument *doc = edit->document();
    QCOMPARE(doc->blockCount(), edit->rows().size());
    // The hunk "@@ -33,13 +33,15 @@ import tensorflow as tf" as the patch file shows it.
    QCOMPARE(doc->findBlockByNumber(0).text(), u"@@ -33,13 +33,15 @@ import tensorflow as tf"_s);
    QCOMPARE(doc->findBlockByNumber(1).text(), u"import tensorflow_probability as tfp"_s);
    QCOMPARE(edit->rowAt(1)->oldLine, 33);
    QCOMPARE(edit->rowAt(1)->newLine, 33);
    const int addedImport = blockContaining(doc, u"from gpflow.ci_utils import is_continuous_integration"_s);
    QCOMPARE(edit->rowAt(addedImport)->kind, DiffRow::Kind::Added);
    QCOMPARE(edit->rowAt(addedImport)->oldLine, 0);
    QCOMPARE(edit->rowAt(addedImport)->newLine, 36);
    const int removedDef = blockContaining(doc, u"def is_continuous_integration():"_s);
    QCOMPARE(edit->rowAt(removedDef)->kind, DiffRow::Kind::Deleted);
    QCOMPARE(edit->rowAt(removedDef)->oldLine, 41);
    QCOMPARE(edit->rowAt(removedDef)->newLine, 0);
    const int maxiter = blockContaining(doc, u"MAXITER = 2"_s);
    QCOMPARE(edit->rowAt(maxiter)->kind, DiffRow::Kind::Context);
    QCOMPARE(edit->rowAt(maxiter)->oldLine, 44);
    QCOMPARE(edit->rowAt(maxiter)->newLine, 46);
    // The text is monospace.
    QVERIFY(QFontInfo(edit->font()).fixedPitch());
}

void TestDiffView::sideBySideAlignsBothSides()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/convolutional.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    view.setMode(DiffView::Mode::SideBySide);
    view.setFile(*file, linesOf(*loaded, *file));
    const QList<DiffRow> &left = view.oldEdit()->rows();
    const QList<DiffRow> &right = view.newEdit()->rows();
    QCOMPARE(left.size(), right.size());
    QCOMPARE(view.oldEdit()->document()->blockCount(), view.newEdit()->document()->blockCount());
    int lastOld = 0, lastNew = 0;
    for (qsizetype i = 0; i < left.size(); ++i) {
        QVERIFY(left[i].kind != DiffRow::Kind::Added);
        QVERIFY(right[i].kind != DiffRow::Kind::Deleted);
        QCOMPARE(left[i].kind == DiffRow::Kind::HunkHeader, right[i].kind == DiffRow::Kind::HunkHeader);
        if (left[i].kind == DiffRow::Kind::Context) {
            QCOMPARE(left[i].text, right[i].text);
        }
        // Line numbers increase on each side.
        if (left[i].oldLine > 0) {
            QVERIFY(left[i].oldLine > lastOld);
            lastOld = left[i].oldLine;
        }
        if (right[i].newLine > 0) {
            QVERIFY(right[i].newLine > lastNew);
            lastNew = right[i].newLine;
        }
    }
    // The two deleted lines face the first two of the three added ones, then a filler.
    const int row = int(std::find_if(left.begin(), left.end(), [](const DiffRow &r) {
                            return r.text == u"def is_continuous_integration():"_s;
                        })
                        - left.begin());
    QVERIFY(row < left.size());
    QCOMPARE(right[row].text, u"# for reproducibility of this notebook:"_s);
    QCOMPARE(right[row + 2].text, u"tf.random.set_seed(42)"_s);
    QCOMPARE(left[row + 2].kind, DiffRow::Kind::Filler);
    // Scrolling one side scrolls the other.
    view.resize(600, 80);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.oldEdit()->verticalScrollBar()->maximum() > 0);
    view.oldEdit()->verticalScrollBar()->setValue(3);
    QCOMPARE(view.newEdit()->verticalScrollBar()->value(), 3);
}

void TestDiffView::htmlInAPatchIsShownLiterally()
{
    const auto loaded = loadPatch(u"GPflow__GPflow/27b07703fdad398c9cf03bdfbf631e80bcfb21f2.patch"_s);
    QVERIFY(loaded);
    const FileDiff *withHtml = nullptr;
    for (const FileDiff &file : loaded->patch.files) {
        for (const QList<DiffLine> &lines : linesOf(*loaded, file)) {
            for (const DiffLine &line : lines) {
                if (line.text.contains(u"<a id='example_1'></a>"_s)) {
                    withHtml = &file;
                }
            }
        }
    }
    QVERIFY(withHtml);
    DiffView view;
    view.setFile(*withHtml, linesOf(*loaded, *withHtml));
    const QTextDocument *doc = view.unifiedEdit()->document();
    const int block = blockContaining(doc, u"<a id='example_1'></a>"_s);
    QVERIFY(block >= 0);
    QCOMPARE(doc->findBlockByNumber(block).text(), u"# <a id='example_1'></a>"_s);
    QVERIFY(!doc->toPlainText().contains(u"example_1'>"_s + u'\n')); // no anchor was made of it
    // A hostile file name in the title stays text too.
    FileDiff hostile = *withHtml;
    hostile.newPath = u"<img src=x onerror=alert(1)><b>bold</b>.py"_s;
    view.setFile(hostile, linesOf(*loaded, *withHtml));
    bool titleFound = false;
    // The title elides to its width; its tooltip holds the whole text, shown as these
    // characters (Qt would render a tooltip that looks like markup: no <img> may come of it).
    for (QLabel *label : view.findChildren<QLabel *>()) {
        QTextDocument tip;
        tip.setHtml(label->toolTip());
        if (tip.toPlainText().contains(u"<b>bold</b>"_s)) {
            titleFound = true;
            QCOMPARE(label->textFormat(), Qt::PlainText);
            QVERIFY(tip.toPlainText().startsWith(u"<img src=x onerror=alert(1)><b>bold</b>.py"_s));
            QVERIFY(!tip.toHtml().contains(u"<img"_s));
        }
    }
    QVERIFY(titleFound);
    QVERIFY(view.titleText().startsWith(u"<img src=x onerror=alert(1)><b>bold</b>.py"_s));
}

void TestDiffView::labelsArePlainText()
{
    DiffView view;
    const QList<QLabel *> labels = view.findChildren<QLabel *>();
    QVERIFY(!labels.isEmpty());
    for (QLabel *label : labels) {
        QCOMPARE(label->textFormat(), Qt::PlainText);
    }
}

void TestDiffView::keywordsAreHighlighted()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/convolutional.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    view.setFile(*file, linesOf(*loaded, *file));
    const QTextDocument *doc = view.unifiedEdit()->document();
    const int def = blockContaining(doc, u"def is_continuous_integration():"_s);
    QVERIFY(def >= 0);
    const QTextBlock block = doc->findBlockByNumber(def);
    auto formatAt = [&](int pos) {
        for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
            if (pos >= r.start && pos < r.start + r.length) {
                return r.format;
            }
        }
        return QTextCharFormat();
    };
    // "def" is a Python keyword; "is_continuous_integration" is a plain name.
    const QTextCharFormat keyword = formatAt(0);
    QVERIFY(keyword.hasProperty(QTextFormat::ForegroundBrush) || keyword.hasProperty(QTextFormat::FontWeight));
    QVERIFY(keyword != formatAt(5));
    // A file name without a definition gets no colours at all.
    FileDiff plain = *file;
    plain.newPath = u"notes.unknown-extension"_s;
    view.setFile(plain, linesOf(*loaded, *file));
    const QTextBlock plainBlock = view.unifiedEdit()->document()->findBlockByNumber(def);
    QVERIFY(plainBlock.layout()->formats().isEmpty());
}

void TestDiffView::highlightingRestartsAtEachHunk()
{
    // A hunk that opens a Python triple-quoted string and never closes it (hunks are
    // fragments): the next hunk must not be coloured as string.
    FileDiff file;
    file.newPath = file.oldPath = u"a.py"_s;
    Hunk h1{1, 1, 1, 1, {}, 0, 0, 0, 0};
    Hunk h2{50, 1, 50, 1, {}, 0, 0, 0, 0};
    file.hunks = {h1, h2};
    QList<QList<DiffLine>> lines = {{DiffLine{DiffLine::Kind::Context, 1, 1, u"x = \"\"\"start of a docstring"_s, false}},
                                    {DiffLine{DiffLine::Kind::Context, 50, 50, u"import os"_s, false}}};
    DiffView view;
    view.setFile(file, lines);
    const QTextBlock importBlock = view.unifiedEdit()->document()->findBlockByNumber(3);
    QCOMPARE(importBlock.text(), u"import os"_s);
    // Compare with the same line highlighted on its own.
    FileDiff single = file;
    single.hunks = {h2};
    view.setFile(single, QList<QList<DiffLine>>{lines[1]});
    const QTextBlock alone = view.unifiedEdit()->document()->findBlockByNumber(1);
    QCOMPARE(alone.text(), u"import os"_s);
    QVERIFY(!alone.layout()->formats().isEmpty());
    // Store the first result again (setFile replaced the document).
    view.setFile(file, lines);
    const auto formatsAfterString = view.unifiedEdit()->document()->findBlockByNumber(3).layout()->formats();
    view.setFile(single, QList<QList<DiffLine>>{lines[1]});
    const auto formatsAlone = view.unifiedEdit()->document()->findBlockByNumber(1).layout()->formats();
    QCOMPARE(formatsAfterString.size(), formatsAlone.size());
    for (qsizetype i = 0; i < formatsAlone.size(); ++i) {
        QCOMPARE(formatsAfterString[i].start, formatsAlone[i].start);
        QCOMPARE(formatsAfterString[i].format, formatsAlone[i].format);
    }
}

void TestDiffView::oldAndNewFilesAreHighlightedApart()
{
    // The deleted line opened a docstring in the old file; the new file has none. The
    // added line and the context after it belong to the new file: not a string.
    FileDiff file;
    file.newPath = file.oldPath = u"b.py"_s;
    file.hunks = {Hunk{1, 2, 1, 2, {}, 0, 0, 1, 1}};
    const QList<QList<DiffLine>> lines = {{DiffLine{DiffLine::Kind::Deleted, 1, 0, u"doc = \"\"\"unfinished"_s, false},
                                           DiffLine{DiffLine::Kind::Added, 0, 1, u"import sys"_s, false},
                                           DiffLine{DiffLine::Kind::Context, 2, 2, u"import os"_s, false}}};
    FileDiff alone = file;
    alone.hunks = {Hunk{1, 2, 1, 2, {}, 0, 0, 1, 0}};
    const QList<QList<DiffLine>> aloneLines = {{DiffLine{DiffLine::Kind::Added, 0, 1, u"import sys"_s, false},
                                                DiffLine{DiffLine::Kind::Context, 2, 2, u"import os"_s, false}}};
    DiffView view;
    auto formatsOf = [&](int block) {
        QList<std::pair<int, QTextCharFormat>> out;
        for (const QTextLayout::FormatRange &r : view.unifiedEdit()->document()->findBlockByNumber(block).layout()->formats()) {
            out.append({r.start, r.format});
        }
        return out;
    };
    view.setFile(alone, aloneLines);
    QCOMPARE(view.unifiedEdit()->document()->findBlockByNumber(2).text(), u"import os"_s);
    const auto expectedAdded = formatsOf(1);
    const auto expectedContext = formatsOf(2);
    QVERIFY(!expectedContext.isEmpty());
    view.setFile(file, lines);
    QCOMPARE(view.unifiedEdit()->document()->findBlockByNumber(3).text(), u"import os"_s);
    QCOMPARE(formatsOf(2), expectedAdded);
    QCOMPARE(formatsOf(3), expectedContext);
}

void TestDiffView::wordChangesAreMarkedInThePairedLines()
{
    // In the GPflow patch, "gpflow.config.set_default_float" lines are unchanged, but in
    // a real pair the word-level background must appear on the changed words only.
    FileDiff file;
    file.newPath = file.oldPath = u"train.py"_s;
    file.hunks = {Hunk{10, 1, 10, 1, {}, 0, 0, 1, 1}};
    QList<QList<DiffLine>> lines = {{DiffLine{DiffLine::Kind::Deleted, 10, 0, u"loss = model(x, training=False)"_s, false},
                                     DiffLine{DiffLine::Kind::Added, 0, 10, u"loss = model(x, training=True)"_s, false}}};
    DiffView view;
    view.setFile(file, lines);
    const DiffColors colors = DiffColors::fromPalette(view.unifiedEdit()->palette());
    const QTextBlock added = view.unifiedEdit()->document()->findBlockByNumber(2);
    QCOMPARE(added.text(), u"loss = model(x, training=True)"_s);
    const int truePos = int(added.text().indexOf(u"True"_s));
    bool marked = false;
    bool markedElsewhere = false;
    for (const QTextLayout::FormatRange &r : added.layout()->formats()) {
        if (r.format.background().color() == colors.addedWord) {
            if (r.start >= truePos && r.start < truePos + 4) {
                marked = true;
            } else {
                markedElsewhere = true;
            }
        }
    }
    QVERIFY(marked);
    QVERIFY(!markedElsewhere);
}

void TestDiffView::binaryFileIsDescribedNotShown_data()
{
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("message");
    // The sizes are what the patches' "literal"/"delta" lines say.
    // Sizes in plain words: the literal's size, and the old and new sizes the JPEG's git
    // deltas start with (58,303 and 58,309 bytes), not the deltas' own sizes.
    QTest::newRow("literal") << u"google__iree/55fcfab7131ea0acb65050078af23a91b2687ca2.patch"_s << u"Binary file added, 500 bytes"_s;
    QTest::newRow("delta") << u"MLH-Fellowship__neuro-art/f737f9fb3dd0447a09feab9531319319ae9fecae.patch"_s
                           << u"Image changed, 58,303 bytes → 58,309 bytes\nThe patch holds only the difference from the old file (a git "
                              "delta), not the images; they can be shown only with the repository."_s;
}

void TestDiffView::binaryFileIsDescribedNotShown()
{
    QFETCH(QString, patch);
    QFETCH(QString, message);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto loaded = loadPatch(patch);
    QVERIFY(loaded);
    const FileDiff *binary = nullptr;
    for (const FileDiff &f : loaded->patch.files) {
        if (f.binary) {
            binary = &f;
        }
    }
    QVERIFY(binary);
    BinaryInfo info = binaryInfoFromSection(QByteArrayView(loaded->bytes).sliced(binary->offset, std::min<qint64>(binary->length, 512)));
    info.section = loaded->bytes.sliced(binary->offset, binary->length);
    DiffView view;
    view.setFile(*binary, QList<QList<DiffLine>>{}, info);
    QCOMPARE(view.messageText(), message);
    QVERIFY(!view.unifiedEdit()->isVisibleTo(&view));
}

void TestDiffView::largeFileIsCutAndShowAllLoadsTheRest()
{
    const auto loaded = loadPatch(u"GPflow__GPflow/27b07703fdad398c9cf03bdfbf631e80bcfb21f2.patch"_s);
    QVERIFY(loaded);
    const FileDiff *biggest = &loaded->patch.files.first();
    for (const FileDiff &f : loaded->patch.files) {
        if (f.hunks.size() > biggest->hunks.size()) {
            biggest = &f;
        }
    }
    QVERIFY(biggest->hunks.size() >= 3);
    const QList<QList<DiffLine>> all = linesOf(*loaded, *biggest);
    const int allRows = int(DiffRows::unified(*biggest, all).size());
    int loads = 0;
    DiffView view;
    view.setRowLimit(5);
    view.rawJsonToggle()->setChecked(true); // the patch's files are all notebooks: their JSON rows
    view.setFile(*biggest, [&](int index, QString *) -> std::optional<QList<DiffLine>> {
        ++loads;
        return all.value(index);
    });
    QVERIFY(waitLoaded(view));
    QVERIFY(view.isTruncated());
    QVERIFY(loads < biggest->hunks.size()); // the rest was never read
    QCOMPARE(view.unifiedEdit()->rows().size(), 5);
    view.showAll();
    QVERIFY(waitLoaded(view));
    QVERIFY(!view.isTruncated());
    QCOMPARE(loads, biggest->hunks.size());
    QCOMPARE(view.unifiedEdit()->rows().size(), allRows);

    // A loader error is reported, not hidden.
    view.setRowLimit(100000);
    view.setFile(*biggest, [&](int index, QString *error) -> std::optional<QList<DiffLine>> {
        if (index == 1) {
            *error = u"disk on fire"_s;
            return std::nullopt;
        }
        return all.value(index);
    });
    QVERIFY(waitLoaded(view));
    bool reported = false;
    for (QLabel *label : view.findChildren<QLabel *>()) {
        reported = reported || (label->isVisibleTo(&view) && label->text().contains(u"disk on fire"_s));
    }
    QVERIFY(reported);
}

void TestDiffView::hugeHunkShowsItsFirstRowsQuickly()
{
    // A generated file added whole: one hunk of 300,000 lines (as in the 467 MB commit).
    const int count = 300000;
    FileDiff file;
    file.change = FileDiff::Change::Added;
    file.newPath = u"gen/generated_ops.py"_s;
    file.hunks = {Hunk{0, 0, 1, count, {}, 0, 0, count, 0}};
    QList<DiffLine> lines;
    lines.reserve(count);
    for (int i = 0; i < count; ++i) {
        lines.append(DiffLine{DiffLine::Kind::Added, 0, i + 1, u"def op_%1(x): return tf.add(x, %1)  # <generated>"_s.arg(i), false});
    }
    DiffView view;
    view.resize(900, 700);
    view.show();
    QElapsedTimer timer;
    timer.start();
    view.setFile(file, QList<QList<DiffLine>>{lines});
    QCoreApplication::processEvents();
    const qint64 elapsed = timer.elapsed();
    qInfo() << "first screen of a 300,000-line hunk shown in" << elapsed << "ms";
    QVERIFY(view.unifiedEdit()->rows().size() >= DiffView::s_firstScreenRows);
    QVERIFY(waitLoaded(view));
    qInfo() << "first" << view.rowLimit() << "rows in" << timer.elapsed() << "ms";
    QVERIFY(view.isTruncated());
    QCOMPARE(view.unifiedEdit()->rows().size(), view.rowLimit());
    QCOMPARE(view.unifiedEdit()->rows().last().newLine, view.rowLimit() - 1);
}

void TestDiffView::darkPaletteGivesDarkBackgrounds()
{
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    const DiffColors c = DiffColors::fromPalette(dark);
    QVERIFY(c.added.lightnessF() < 0.4);
    QVERIFY(c.deleted.lightnessF() < 0.4);
    QVERIFY(c.added.green() > c.added.red());
    QVERIFY(c.deleted.red() > c.deleted.green());
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    const DiffColors l = DiffColors::fromPalette(light);
    QVERIFY(l.added.lightnessF() > 0.7);
    QVERIFY(l.addedWord != l.added);
}

void TestDiffView::paletteChangeSwitchesTheSyntaxTheme()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/convolutional.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    view.setPalette(light);
    view.setFile(*file, linesOf(*loaded, *file));
    const QTextDocument *doc = view.unifiedEdit()->document();
    // A string literal: coloured by every theme.
    const QString line = u"gpflow.config.set_default_summary_fmt(\"notebook\")"_s;
    const int block = blockContaining(doc, line);
    QVERIFY(block >= 0);
    const int stringPos = int(doc->findBlockByNumber(block).text().indexOf(u"\"notebook\""_s)) + 2;
    auto stringColour = [&] {
        for (const QTextLayout::FormatRange &r : doc->findBlockByNumber(block).layout()->formats()) {
            if (stringPos >= r.start && stringPos < r.start + r.length && r.format.hasProperty(QTextFormat::ForegroundBrush)) {
                return r.format.foreground().color();
            }
        }
        return QColor();
    };
    const QColor onLight = stringColour();
    QVERIFY(onLight.isValid());
    QVERIFY(onLight.lightnessF() < 0.55); // readable on white
    // Switching the palette (View > Color Scheme > Dark) recolours what is shown.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(32, 33, 36));
    dark.setColor(QPalette::Text, QColor(225, 227, 230));
    view.setPalette(dark);
    const QColor onDark = stringColour();
    QVERIFY(onDark.isValid());
    QVERIFY(onDark != onLight);
    QVERIFY(onDark.lightnessF() > 0.5); // readable on the dark base
}

void TestDiffView::ignoreWhitespaceShowsWhitespaceOnlyChangesAsContext()
{
    // GPflow's mixture density network notebook: a trailing space removed from "self, ",
    // a line of spaces emptied. Ignoring white space, both are unchanged lines.
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/tailor/mixture_density_network.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    view.setFile(*file, linesOf(*loaded, *file));
    const QTextDocument *doc = view.unifiedEdit()->document();
    const int before = blockContaining(doc, u"        self, "_s);
    QVERIFY(before >= 0);
    QCOMPARE(view.unifiedEdit()->rowAt(before)->kind, DiffRow::Kind::Deleted);
    QSignalSpy changed(&view, &DiffView::ignoreWhitespaceChanged);
    QVERIFY(!view.ignoreWhitespaceAction()->isChecked());
    view.ignoreWhitespaceAction()->trigger();
    QVERIFY(view.ignoresWhitespace());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(blockContaining(doc, u"        self, "_s), -1);
    const int after = blockContaining(doc, u"        self,"_s);
    QVERIFY(after >= 0);
    const DiffRow *row = view.unifiedEdit()->rowAt(after);
    QCOMPARE(row->kind, DiffRow::Kind::Context);
    QVERIFY(row->oldLine > 0 && row->newLine > 0);
    // Side by side too, and back.
    view.setMode(DiffView::Mode::SideBySide);
    for (const DiffRow &r : view.oldEdit()->rows()) {
        QVERIFY(r.text != u"        self, "_s);
        QVERIFY(r.whitespace.isEmpty());
    }
    view.setIgnoreWhitespace(false);
    QVERIFY(!view.ignoreWhitespaceAction()->isChecked());
    QCOMPARE(changed.size(), 2);
    bool shown = false;
    for (const DiffRow &r : view.oldEdit()->rows()) {
        shown = shown || (r.text == u"        self, "_s && r.kind == DiffRow::Kind::Deleted);
    }
    QVERIFY(shown);
}

namespace {

// The view drawn with and without the marks of the (first) row showing exactly @p text;
// returns the pixels of that row that differ, or -1 when the row is not there.
int pixelsMarked(DiffTextEdit *edit, const QString &text, const std::function<void(DiffRow &)> &unmark)
{
    const QList<DiffRow> rows = edit->rows();
    int block = -1;
    for (QTextBlock b = edit->document()->begin(); b.isValid() && block < 0; b = b.next()) {
        block = b.text() == text ? b.blockNumber() : -1;
    }
    if (block < 0) {
        return -1;
    }
    edit->scrollToRow(std::max(0, block - 2));
    QCoreApplication::processEvents();
    const QRect rect = edit->cursorRect(QTextCursor(edit->document()->findBlockByNumber(block)));
    const QRect line(0, rect.top(), edit->viewport()->width(), rect.height());
    const QImage marked = edit->viewport()->grab(line).toImage();
    QList<DiffRow> plain = rows;
    unmark(plain[block]);
    edit->setRows(plain, syntaxRepository().definitionForName(u"Python"_s));
    edit->scrollToRow(std::max(0, block - 2));
    QCoreApplication::processEvents();
    const QImage unmarked = edit->viewport()->grab(line).toImage();
    if (marked.size() != unmarked.size()) {
        return -1;
    }
    int differ = 0;
    for (int y = 0; y < marked.height(); ++y) {
        for (int x = 0; x < marked.width(); ++x) {
            differ += marked.pixel(x, y) != unmarked.pixel(x, y);
        }
    }
    return differ;
}

} // namespace

void TestDiffView::whitespaceMarkersAreDrawn()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/tailor/mixture_density_network.pct.py"_s);
    QVERIFY(file);
    DiffView view;
    view.resize(900, 400);
    view.setFile(*file, linesOf(*loaded, *file));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DiffTextEdit *edit = view.unifiedEdit();
    // The removed line of eight spaces: invisible without its markers.
    const int spaces = pixelsMarked(edit, u"        "_s, [](DiffRow &row) { row.whitespace.clear(); });
    QVERIFY2(spaces > 8 * 4, qPrintable(QString::number(spaces)));
}

void TestDiffView::lineEndTagsAreDrawn()
{
    const auto loaded = loadPatch(u"siavash-khodadadeh__MetaLearning-TF2.0/b1dd56d66b2a5b2640cef5b063722fb40cabfe4d.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"models/crossdomain/attention.py"_s);
    QVERIFY(file);
    DiffView view;
    view.resize(900, 400);
    view.setMode(DiffView::Mode::SideBySide);
    view.setFile(*file, linesOf(*loaded, *file));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int block = blockContaining(view.oldEdit()->document(), u"import numpy as np"_s);
    QVERIFY(block >= 0);
    QVERIFY(view.oldEdit()->rowAt(block)->markLineEnd);
    QVERIFY(view.oldEdit()->rowAt(block)->crlf);
    QVERIFY(view.newEdit()->rowAt(block)->markLineEnd);
    const int tag = pixelsMarked(view.oldEdit(), u"import numpy as np"_s, [](DiffRow &row) { row.markLineEnd = false; });
    QVERIFY2(tag > 20, qPrintable(QString::number(tag)));
}

void TestDiffView::nextAndPreviousChangeStepThroughTheChanges()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/tailor/mixture_density_network.pct.py"_s);
    QVERIFY(file);
    for (const DiffView::Mode mode : {DiffView::Mode::Unified, DiffView::Mode::SideBySide}) {
        DiffView view;
        view.resize(900, 300);
        view.setMode(mode);
        view.setFile(*file, linesOf(*loaded, *file));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        DiffTextEdit *edit = mode == DiffView::Mode::Unified ? view.unifiedEdit() : view.newEdit();
        // The first rows of the runs of changed lines, from the rows themselves.
        auto changedAt = [&](int i) {
            const DiffRow *r = edit->rowAt(i);
            const DiffRow *l = mode == DiffView::Mode::Unified ? r : view.oldEdit()->rowAt(i);
            return (r && (r->kind == DiffRow::Kind::Added || r->kind == DiffRow::Kind::Deleted))
                || (l && l->kind == DiffRow::Kind::Deleted);
        };
        QList<int> starts;
        for (int i = 0; i < edit->rows().size(); ++i) {
            if (changedAt(i) && !changedAt(i - 1)) {
                starts << i;
            }
        }
        QVERIFY(starts.size() >= 4);
        QList<int> visited;
        while (view.stepChange(1)) {
            visited << edit->textCursor().blockNumber();
            // The change is on screen, with the rows above it when there is room.
            QVERIFY(edit->viewport()->rect().contains(edit->cursorRect().center()));
            QVERIFY(edit->firstVisibleRow() <= std::max(0, visited.last() - 3));
        }
        QCOMPARE(visited, starts);
        view.previousChangeAction()->trigger();
        QCOMPARE(edit->textCursor().blockNumber(), starts[starts.size() - 2]);
        view.nextChangeAction()->trigger();
        QCOMPARE(edit->textCursor().blockNumber(), starts.last());
    }
}

void TestDiffView::switchingModesKeepsTheLineAtTheTop()
{
    // tensorflow/io's DICOM ops: thousands of rows; the reader is deep inside.
    const auto loaded = loadPatch(u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"tensorflow_io/core/python/ops/dicom_ops.py"_s);
    QVERIFY(file);
    DiffView view;
    view.resize(900, 500);
    view.setFile(*file, linesOf(*loaded, *file));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(waitLoaded(view));
    const int block = blockContaining(view.unifiedEdit()->document(), u"  BadPixelImage = int('00143080', 16)"_s);
    QVERIFY(block > 300);
    view.unifiedEdit()->scrollToRow(block);
    QCOMPARE(view.unifiedEdit()->firstVisibleRow(), block);
    const DiffRow top = *view.unifiedEdit()->rowAt(block);
    QCOMPARE(top.kind, DiffRow::Kind::Deleted);
    view.setMode(DiffView::Mode::SideBySide);
    QVERIFY(waitLoaded(view));
    const int sideTop = view.oldEdit()->firstVisibleRow();
    QVERIFY(sideTop > 0);
    QCOMPARE(view.oldEdit()->rowAt(sideTop)->oldLine, top.oldLine);
    QCOMPARE(view.newEdit()->firstVisibleRow(), sideTop);
    view.setMode(DiffView::Mode::Unified);
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.unifiedEdit()->rowAt(view.unifiedEdit()->firstVisibleRow())->oldLine, top.oldLine);
    // Ignoring white space rebuilds the rows; the line stays at the top too.
    view.unifiedEdit()->scrollToRow(blockContaining(view.unifiedEdit()->document(), u"    def __init__(self):"_s));
    const int newLine = view.unifiedEdit()->rowAt(view.unifiedEdit()->firstVisibleRow())->newLine;
    QVERIFY(newLine > 0);
    view.setIgnoreWhitespace(true);
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.unifiedEdit()->rowAt(view.unifiedEdit()->firstVisibleRow())->newLine, newLine);
}

void TestDiffView::headerNamesModeChangesAndRenames()
{
    // A BUILD file made executable in the same commit that edits it.
    const auto addons = loadPatch(u"tensorflow__addons/33baec04cf3a71f41bd3007cbc1738744f1807f4.patch"_s);
    QVERIFY(addons);
    const FileDiff *build = fileByPath(addons->patch, u"tensorflow_addons/activations/BUILD"_s);
    QVERIFY(build);
    QVERIFY(!build->hunks.isEmpty());
    DiffView view;
    view.setFile(*build, linesOf(*addons, *build));
    QCOMPARE(view.titleText(), u"tensorflow_addons/activations/BUILD  —  modified, made executable (mode 100644 → 100755)"_s);
    QVERIFY(view.unifiedEdit()->isVisibleTo(&view) || view.messageText().isEmpty());
    // A file renamed (83% similar) and edited.
    const auto art = loadPatch(u"MLH-Fellowship__neuro-art/f737f9fb3dd0447a09feab9531319319ae9fecae.patch"_s);
    QVERIFY(art);
    const FileDiff *nst = fileByPath(art->patch, u"backend/model/nst.py"_s);
    QVERIFY(nst);
    QVERIFY(!nst->hunks.isEmpty());
    view.setFile(*nst, linesOf(*art, *nst));
    QCOMPARE(view.titleText(), u"backend/model/nst.py  —  renamed from backend/nst.py (83% similar)"_s);
}

void TestDiffView::largeFileLoadsInSlicesWhileTheEventLoopRuns_data()
{
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("path");
    QTest::addColumn<DiffView::Mode>("mode");
    // The notebook's JSON as stored: 1,405 rows, some of them tens of kilobytes of base64.
    QTest::newRow("largest patch, raw JSON, unified") << s_largest << s_largestFile << DiffView::Mode::Unified;
    QTest::newRow("largest patch, raw JSON, side by side") << s_largest << s_largestFile << DiffView::Mode::SideBySide;
    // Thousands of rows of Python.
    QTest::newRow("DICOM ops, unified") << u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s
                                        << u"tensorflow_io/core/python/ops/dicom_ops.py"_s << DiffView::Mode::Unified;
}

void TestDiffView::largeFileLoadsInSlicesWhileTheEventLoopRuns()
{
    QFETCH(QString, patch);
    QFETCH(QString, path);
    QFETCH(DiffView::Mode, mode);
    const auto loaded = loadPatch(patch);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, path);
    QVERIFY(file);
    const QList<QList<DiffLine>> lines = linesOf(*loaded, *file);
    const bool unified = mode == DiffView::Mode::Unified;
    const QList<DiffRow> expected = unified ? DiffRows::unified(*file, lines) : DiffRows::sideBySide(*file, lines).first;
    QVERIFY(expected.size() > 3 * DiffView::s_firstScreenRows);

    // What the view did before it loaded in slices, in one go: the hunks' start states,
    // every row with its word-level changes, all of them into the view and highlighted.
    // The event loop waited that long.
    qint64 allAtOnceMs = 0;
    {
        DiffTextEdit edit(DiffTextEdit::Gutter::OldAndNew);
        edit.resize(900, 700);
        edit.show();
        QElapsedTimer timer;
        timer.start();
        const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(path);
        QList<KSyntaxHighlighting::State> starts;
        for (const QList<DiffLine> &hunk : lines) {
            starts.append(hunkStart(definition, hunk).state);
        }
        const QList<DiffRow> rows = unified ? DiffRows::unified(*file, lines) : DiffRows::sideBySide(*file, lines).first;
        edit.setRows(rows, definition, starts);
        QCoreApplication::processEvents();
        allAtOnceMs = timer.elapsed();
    }

    DiffView view;
    view.resize(900, 700);
    view.setMode(mode);
    view.rawJsonToggle()->setChecked(true);
    view.setRowLimit(1000000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DiffTextEdit *edit = unified ? view.unifiedEdit() : view.oldEdit();
    QSignalSpy finished(&view, &DiffView::loadingFinished);
    StallWatch watch;
    view.setFile(*file, lines);
    // First rows are there when setFile returns, the rest is not yet. (A large hunk's
    // first rows come without word-level changes until the hunk is built whole.)
    const qsizetype firstRows = edit->rows().size();
    QVERIFY(view.isLoading());
    QVERIFY(firstRows > 0);
    QVERIFY(firstRows < expected.size());
    for (qsizetype i = 0; i < firstRows; ++i) {
        QCOMPARE(edit->rows()[i].text, expected[i].text);
        QCOMPARE(edit->rows()[i].kind, expected[i].kind);
        QCOMPARE(edit->rows()[i].newLine, expected[i].newLine);
    }
    QVERIFY(waitLoaded(view));
    watch.tick();
    QCOMPARE(finished.size(), 1);
    qInfo() << "all rows at once:" << allAtOnceMs << "ms; in slices: longest stall" << watch.longestMs << "ms," << watch.ticks
            << "ticks while" << expected.size() << "rows loaded";
    // Generous (debug build, a loaded machine), yet far under what all rows at once
    // keep the event loop waiting.
    QVERIFY2(watch.longestMs < std::max<qint64>(150, allAtOnceMs / 3),
             qPrintable(u"longest stall %1 ms, all at once %2 ms"_s.arg(watch.longestMs).arg(allAtOnceMs)));
    QVERIFY(watch.ticks > 5);
    QVERIFY(!view.isTruncated());
    compareWithAllAtOnce(edit, expected, *file, lines, unified ? DiffTextEdit::Gutter::OldAndNew : DiffTextEdit::Gutter::Old);
    if (!unified) {
        compareWithAllAtOnce(view.newEdit(), DiffRows::sideBySide(*file, lines).second, *file, lines, DiffTextEdit::Gutter::New);
    }
}

void TestDiffView::aHugeDocumentIsReplacedNotEmptied()
{
    // A view that showed a huge file whole (149,311 rows for the 7 MB patch) and is given
    // the next file: its document is replaced by an empty one at once and emptied between
    // events, not emptied in one go (about 270 ms in a release build); the next rows are
    // highlighted as in a fresh view, with the terms it was given.
    const auto loaded = loadPatch(u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s);
    QVERIFY(loaded);
    const QString path = u"tensorflow_io/core/python/ops/dicom_ops.py"_s;
    const FileDiff *file = fileByPath(loaded->patch, path);
    QVERIFY(file);
    const QList<QList<DiffLine>> lines = linesOf(*loaded, *file);
    const QList<DiffRow> rows = DiffRows::unified(*file, lines);
    QList<DiffRow> many;
    while (many.size() < 60'000) {
        many.append(rows);
    }
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(path);
    QList<KSyntaxHighlighting::State> starts;
    for (const QList<DiffLine> &hunk : lines) {
        starts.append(hunkStart(definition, hunk).state);
    }
    const QList<HighlightTerm> terms{{u"dicom"_s}};

    // How long the event loop would wait for an equal document emptied in one go.
    qint64 atOnceMs = 0;
    {
        DiffTextEdit reference(DiffTextEdit::Gutter::OldAndNew);
        reference.setRows(many, definition, starts);
        QElapsedTimer timer;
        timer.start();
        reference.setPlainText(QString());
        atOnceMs = timer.elapsed();
    }

    DiffTextEdit edit(DiffTextEdit::Gutter::OldAndNew);
    edit.resize(900, 700);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));
    edit.setHighlightTerms(terms);
    edit.setRows(many, definition, starts);
    QCOMPARE(edit.document()->blockCount(), many.size());
    const QPointer<QTextDocument> old = edit.document();
    StallWatch watch;
    edit.clearRows(definition);
    QVERIFY(edit.document() != old.data());
    QCOMPARE(edit.document()->blockCount(), 1);
    QVERIFY2(old && old->blockCount() > 1, "the old document is not emptied in one go");
    QTRY_VERIFY_WITH_TIMEOUT(old.isNull(), 30000);
    watch.tick();
    qInfo() << "emptied at once:" << atOnceMs << "ms; replaced and emptied in slices: longest stall" << watch.longestMs
            << "ms," << watch.ticks << "ticks";
    QVERIFY2(watch.longestMs < std::max<qint64>(100, atOnceMs / 2),
             qPrintable(u"longest stall %1 ms, at once %2 ms"_s.arg(watch.longestMs).arg(atOnceMs)));
    QVERIFY(watch.ticks > 3);

    // The next rows, in the new document: highlighted (syntax, term marks) as in a fresh
    // view given the same rows and terms.
    edit.setRows(rows, definition, starts);
    DiffTextEdit fresh(DiffTextEdit::Gutter::OldAndNew);
    fresh.setHighlightTerms(terms);
    fresh.setRows(rows, definition, starts);
    QCOMPARE(edit.document()->blockCount(), rows.size());
    bool marked = false;
    for (QTextBlock a = edit.document()->begin(), b = fresh.document()->begin(); a.isValid() && b.isValid();
         a = a.next(), b = b.next()) {
        QCOMPARE(a.text(), b.text());
        QVERIFY2(a.layout()->formats() == b.layout()->formats(), qPrintable(u"block %1"_s.arg(a.blockNumber())));
        marked = marked || (a.text().contains(u"dicom"_s, Qt::CaseInsensitive) && !a.layout()->formats().isEmpty());
    }
    QVERIFY(marked);
}

void TestDiffView::largeNotebookIsBuiltInSlices()
{
    const auto loaded = loadPatch(s_largest);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, s_largestFile);
    QVERIFY(file);
    const QList<QList<DiffLine>> lines = linesOf(*loaded, *file);
    QElapsedTimer cellsTimer;
    cellsTimer.start();
    const NotebookDiff cells = notebookDiff(*file, lines);
    qInfo() << "notebookDiff:" << cellsTimer.elapsed() << "ms";
    int sources = 0;
    for (const NotebookBlock &b : cells.blocks) {
        sources += b.role == NotebookBlock::Role::Source;
    }
    QVERIFY(sources > 10);
    DiffView view;
    view.resize(900, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto cellViews = [&] {
        return view.notebookView()->findChildren<DiffTextEdit *>().size();
    };
    StallWatch watch;
    QElapsedTimer timer;
    timer.start();
    // Hunks come as the window reads them: one at a time, from the patch's bytes.
    int reads = 0;
    view.setFile(*file, [&](int index, QString *) -> std::optional<QList<DiffLine>> {
        ++reads;
        if (index < 0 || index >= lines.size()) {
            return std::nullopt;
        }
        return lines[index];
    });
    const qint64 setFileMs = timer.elapsed();
    QVERIFY(view.isLoading());
    // Nothing is read while the file is chosen: the window first says what it does.
    QCOMPARE(reads, 0);
    QCOMPARE(view.messageText(), u"Reading the notebook's cells…"_s);
    // The cells are read off the UI thread, then shown a few at a time.
    while (view.isLoading() && cellViews() == 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const qint64 firstMs = timer.elapsed();
    QCOMPARE(view.notebookView()->blockHeaders().size(), cells.blocks.size());
    QVERIFY(view.isLoading());
    const qsizetype first = cellViews();
    QVERIFY(first >= 1);
    QVERIFY(first < sources);
    qInfo() << "first cells after" << firstMs << "ms";
    QVERIFY(waitLoaded(view));
    watch.tick();
    const qint64 allMs = timer.elapsed();
    qInfo() << "notebook: setFile" << setFileMs << "ms, all" << cells.blocks.size() << "blocks in" << allMs
            << "ms; longest stall" << watch.longestMs << "ms";
    QCOMPARE(cellViews(), sources);
    QCOMPARE(reads, file->hunks.size());
    // Built all at once, the stall would be the whole build.
    QVERIFY2(watch.longestMs < std::max<qint64>(150, allMs / 2), qPrintable(QString::number(watch.longestMs)));
}

void TestDiffView::switchingFilesMidLoadShowsOnlyTheNewFile()
{
    const auto loaded = loadPatch(s_largest);
    QVERIFY(loaded);
    const FileDiff *big = fileByPath(loaded->patch, s_largestFile);
    QVERIFY(big);
    const QList<QList<DiffLine>> bigLines = linesOf(*loaded, *big);
    const auto dicom = loadPatch(u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s);
    QVERIFY(dicom);
    const FileDiff *other = fileByPath(dicom->patch, u"tensorflow_io/core/python/ops/dicom_ops.py"_s);
    QVERIFY(other);
    const QList<QList<DiffLine>> otherLines = linesOf(*dicom, *other);
    const FileDiff *small = fileByPath(loaded->patch, u"gpflow/optimizers/__init__.py"_s);
    QVERIFY(small);

    DiffView view;
    view.resize(900, 700);
    view.rawJsonToggle()->setChecked(true);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Another large file while the first loads: only its rows, all of them.
    view.setFile(*big, bigLines);
    QVERIFY(view.isLoading());
    QCoreApplication::processEvents();
    view.setFile(*other, otherLines);
    QVERIFY(view.isLoading());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.titleText().section(u"  —  "_s, 0, 0), other->displayPath());
    QVERIFY(view.unifiedEdit()->rows() == DiffRows::unified(*other, otherLines, view.rowLimit()));

    // A small file: done at once, and nothing of the large one follows.
    view.setFile(*big, bigLines);
    QCoreApplication::processEvents();
    view.setFile(*small, linesOf(*loaded, *small));
    QVERIFY(!view.isLoading());
    QTest::qWait(200);
    QVERIFY(view.unifiedEdit()->rows() == DiffRows::unified(*small, linesOf(*loaded, *small)));

    // A message (no file selected) while loading: the message stays.
    view.setFile(*big, bigLines);
    view.showMessage(u"No file selected."_s);
    QVERIFY(!view.isLoading());
    QTest::qWait(200);
    QCOMPARE(view.messageText(), u"No file selected."_s);

    // Side by side while loading: the load goes on in the new mode, from the start.
    view.setFile(*big, bigLines);
    QCoreApplication::processEvents();
    view.setMode(DiffView::Mode::SideBySide);
    QVERIFY(waitLoaded(view));
    const auto [left, right] = DiffRows::sideBySide(*big, bigLines, view.rowLimit());
    QVERIFY(view.oldEdit()->rows() == left);
    QVERIFY(view.newEdit()->rows() == right);

    // From the notebook's cells to another file while the cells are built.
    view.setMode(DiffView::Mode::Unified);
    view.rawJsonToggle()->setChecked(false);
    view.setFile(*big, bigLines);
    QVERIFY(view.isLoading());
    view.setFile(*other, otherLines);
    QVERIFY(waitLoaded(view));
    QVERIFY(!view.notebookView()->isBuilding());
    QVERIFY(view.unifiedEdit()->rows() == DiffRows::unified(*other, otherLines, view.rowLimit()));
}

void TestDiffView::progressIsShownAndStopKeepsWhatIsShown()
{
    const auto loaded = loadPatch(s_largest);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, s_largestFile);
    QVERIFY(file);
    const QList<QList<DiffLine>> lines = linesOf(*loaded, *file);
    DiffView view;
    view.resize(900, 700);
    view.rawJsonToggle()->setChecked(true);
    view.setRowLimit(1000000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto visibleLabel = [&](const QString &text) {
        for (QLabel *label : view.findChildren<QLabel *>()) {
            if (label->isVisible() && label->text().contains(text)) {
                return true;
            }
        }
        return false;
    };
    auto button = [&](const QString &text) -> QPushButton * {
        for (QPushButton *b : view.findChildren<QPushButton *>()) {
            if (b->text() == text) {
                return b;
            }
        }
        return nullptr;
    };
    QPushButton *stop = button(u"Stop"_s);
    QVERIFY(stop);
    view.setFile(*file, lines);
    QVERIFY(view.isLoading());
    QElapsedTimer timer;
    timer.start();
    while (view.isLoading() && !stop->isVisible()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    if (!view.isLoading()) {
        QSKIP("the file loaded in under 200 ms here: no progress to show");
    }
    QVERIFY(timer.elapsed() >= 150);
    QVERIFY(visibleLabel(u"Loading "_s));
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(!view.isLoading());
    const qsizetype shown = view.unifiedEdit()->rows().size();
    QTest::qWait(200);
    QCOMPARE(view.unifiedEdit()->rows().size(), shown);
    QVERIFY(view.isTruncated());
    QVERIFY(!stop->isVisible());
    QVERIFY(button(u"Show All"_s)->isVisible());
    const QList<DiffRow> expected = DiffRows::unified(*file, lines);
    QVERIFY(shown < expected.size());
    QVERIFY(view.unifiedEdit()->rows() == expected.first(shown));
    // The rest on request: all rows, as if never stopped.
    view.showAll();
    QVERIFY(waitLoaded(view));
    QVERIFY(!view.isTruncated());
    QVERIFY(view.unifiedEdit()->rows() == expected);
}

QTEST_MAIN(TestDiffView)
#include "tst_diffview.moc"
