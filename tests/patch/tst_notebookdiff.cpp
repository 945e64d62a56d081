// SPDX-License-Identifier: GPL-3.0-or-later
// Notebook diffs read cell by cell from real corpus patches of .ipynb files.
#include "patch/notebookdiff.h"
#include "patch/patchparser.h"

#include <QFile>
#include <QImage>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Concord;

namespace {

struct NotebookFile
{
    FileDiff file;
    QList<QList<DiffLine>> lines;
};

std::optional<NotebookFile> notebookIn(const QString &relative)
{
    QFile f(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + relative);
    if (!f.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    const auto patches = PatchParser::parseAll(bytes);
    if (!patches) {
        return std::nullopt;
    }
    for (const FileDiff &file : patches->first().files) {
        if (isNotebookPath(file.displayPath())) {
            NotebookFile out{file, {}};
            for (const Hunk &h : file.hunks) {
                out.lines.append(PatchParser::hunkLines(h, QByteArrayView(bytes).sliced(h.offset, h.length)));
            }
            return out;
        }
    }
    return std::nullopt;
}

using Line = NotebookBlock::Line;
constexpr auto Ctx = DiffLine::Kind::Context;
constexpr auto Add = DiffLine::Kind::Added;
constexpr auto Del = DiffLine::Kind::Deleted;

} // namespace

class TestNotebookDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sourceLinesAreDecoded();
    void hunkStartingInsideSource();
    void changedImageOutputIsPaired();
};

void TestNotebookDiff::sourceLinesAreDecoded()
{
    // comtalyst's main.ipynb: two lines added to a cell, shown as Python, not JSON.
    const auto nb = notebookIn(u"comtalyst__generative-facial-cosmetics/dfd76d01451135be5b45dbf92dab7d1c5bebf4ba.patch"_s);
    QVERIFY(nb);
    const NotebookDiff diff = notebookDiff(nb->file, nb->lines);
    QVERIFY(!diff.complete);
    QCOMPARE(diff.language, u"python"_s);
    QCOMPARE(diff.blocks.size(), 1);
    const NotebookBlock &cell = diff.blocks.first();
    QCOMPARE(cell.role, NotebookBlock::Role::Source);
    QVERIFY(cell.startSeen);
    QVERIFY(cell.changed());
    const QList<Line> expected{
        {Ctx, u"EPOCHS = 200"_s},
        {Ctx, u""_s},
        {Add, u"if isColab():                   # some colab's tpu side bug"_s},
        {Add, u"  np.rank = np.ndim"_s},
        {Ctx, u"train(generator, discriminator, training_dataset, EPOCHS, BATCH_SIZE, strategy)"_s},
    };
    QCOMPARE(cell.lines, expected);
}

void TestNotebookDiff::hunkStartingInsideSource()
{
    // GPflow FITCvsVFE: hunk 2 starts inside a source array (no "source": [ line), and
    // its last source line has no "\n" and no comma.
    const auto nb = notebookIn(u"GPflow__GPflow/330074a49b242af49edb1e2665ea0199ca7a420a.patch"_s);
    QVERIFY(nb);
    const NotebookDiff diff = notebookDiff(nb->file, nb->lines);
    QList<NotebookBlock> second;
    for (const NotebookBlock &b : diff.blocks) {
        if (b.hunk == 1) {
            second.append(b);
        }
    }
    QVERIFY(!second.isEmpty());
    QCOMPARE(second.first().role, NotebookBlock::Role::Source);
    QVERIFY(!second.first().startSeen);
    QCOMPARE(second.first().lines.last(),
             (Line{Add, u"#logging.disable(logging.WARN)  # do not clutter up the notebook with optimisation warnings"_s}));
    QCOMPARE(second.first().lines.first(), (Line{Ctx, u"                       repeatMinimization, stretch, plotComparisonFigure)"_s}));
    // The first hunk: "import tensorflow as tf" added, with its "\n" stripped.
    QVERIFY(diff.blocks.first().lines.contains(Line{Add, u"import tensorflow as tf"_s}));
    // No block holds JSON syntax as text.
    for (const NotebookBlock &b : diff.blocks) {
        if (b.role == NotebookBlock::Role::Source) {
            for (const Line &l : b.lines) {
                QVERIFY2(!l.text.startsWith(u"    \""_s), qPrintable(l.text));
            }
        }
    }
}

void TestNotebookDiff::changedImageOutputIsPaired()
{
    // Hunk 3 replaces a 374×252 plot by a 370×248 one (the PNGs' own IHDR sizes).
    const auto nb = notebookIn(u"GPflow__GPflow/330074a49b242af49edb1e2665ea0199ca7a420a.patch"_s);
    QVERIFY(nb);
    const NotebookDiff diff = notebookDiff(nb->file, nb->lines);
    const NotebookBlock *image = nullptr;
    for (const NotebookBlock &b : diff.blocks) {
        if (b.role == NotebookBlock::Role::Image && b.hunk == 2) {
            QVERIFY(!image);
            image = &b;
        }
    }
    QVERIFY(image);
    QCOMPARE(image->name, u"image/png"_s);
    QVERIFY(image->changed());
    QCOMPARE(QImage::fromData(image->oldImage).size(), QSize(374, 252));
    QCOMPARE(QImage::fromData(image->newImage).size(), QSize(370, 248));
}

QTEST_MAIN(TestNotebookDiff)
#include "tst_notebookdiff.moc"
