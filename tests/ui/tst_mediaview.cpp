// SPDX-License-Identifier: GPL-3.0-or-later
// Images and notebooks in the diff view, from real corpus patches.
#include "diff/diffview.h"
#include "diff/difftextedit.h"
#include "diff/imagediffview.h"
#include "diff/notebookdiffview.h"
#include "patch/patchparser.h"

#include <QFile>
#include <QLocale>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Concord;

namespace {

struct Loaded
{
    QByteArray bytes;
    Patch patch;
};

std::optional<Loaded> load(const QString &relative)
{
    QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + relative);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    Loaded loaded{file.readAll(), {}};
    const auto patches = PatchParser::parseAll(loaded.bytes);
    if (!patches || patches->size() != 1) {
        return std::nullopt;
    }
    loaded.patch = patches->first();
    return loaded;
}

QList<QList<DiffLine>> linesOf(const Loaded &loaded, const FileDiff &file)
{
    QList<QList<DiffLine>> lines;
    for (const Hunk &h : file.hunks) {
        lines.append(PatchParser::hunkLines(h, QByteArrayView(loaded.bytes).sliced(h.offset, h.length)));
    }
    return lines;
}

} // namespace

class TestMediaView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void addedPngIsShown();
    void notebookShowsCellsAndRawJson();
};

void TestMediaView::addedPngIsShown()
{
    const auto loaded = load(u"toonsquare__gan/0814d67d9ccb244e1faf06bcedf5a16746eaee8b.patch"_s);
    QVERIFY(loaded);
    const FileDiff *png = nullptr;
    for (const FileDiff &f : loaded->patch.files) {
        if (f.binary) {
            png = &f;
        }
    }
    QVERIFY(png);
    BinaryInfo info = binaryInfoFromSection(QByteArrayView(loaded->bytes).sliced(png->offset, png->length));
    info.section = loaded->bytes.sliced(png->offset, png->length);
    DiffView view;
    view.resize(900, 600);
    view.show();
    view.setFile(*png, QList<QList<DiffLine>>{}, info);
    QVERIFY(view.imageView()->isVisible());
    QCOMPARE(view.imageView()->summaryText(), u"Image added, 8.3 KB"_s);
    QCOMPARE(view.imageView()->newImageSize(), QSize(256, 256));
    QVERIFY(!view.imageView()->oldImageSize().isValid());
    QVERIFY(view.messageText().isEmpty());
    // Without the section (only the start of it was read) the file is described.
    view.setFile(*png, QList<QList<DiffLine>>{}, binaryInfoFromSection(QByteArrayView(loaded->bytes).sliced(png->offset, 300)));
    QVERIFY(!view.imageView()->isVisible());
    QCOMPARE(view.messageText(), u"Binary file, 8,527 bytes"_s);
}

void TestMediaView::notebookShowsCellsAndRawJson()
{
    const auto loaded = load(u"GPflow__GPflow/330074a49b242af49edb1e2665ea0199ca7a420a.patch"_s);
    QVERIFY(loaded);
    const FileDiff &nb = loaded->patch.files.first();
    QVERIFY(nb.newPath.endsWith(u".ipynb"_s));
    DiffView view;
    view.resize(1000, 700);
    view.show();
    view.setFile(nb, linesOf(*loaded, nb));
    // A large notebook's cells are read off the UI thread.
    QTRY_VERIFY(!view.isLoading());
    QVERIFY(view.rawJsonToggle()->isVisible());
    QVERIFY(view.notebookView()->isVisible());
    QVERIFY(!view.unifiedEdit()->isVisible());
    QVERIFY(view.notebookView()->noteText().contains(u"python"_s));
    const QStringList headers = view.notebookView()->blockHeaders();
    QVERIFY2(headers.first().startsWith(u"Hunk 1 · cell source"_s), qPrintable(headers.first()));
    QVERIFY(headers.contains(u"Hunk 3 · image output (image/png)"_s));
    // A click away: the raw JSON diff, and back.
    view.rawJsonToggle()->click();
    QTRY_VERIFY(!view.isLoading());
    QVERIFY(view.unifiedEdit()->isVisible());
    QVERIFY(!view.notebookView()->isVisible());
    QVERIFY(view.unifiedEdit()->toPlainText().contains(u"\"image/png\": \"iVBOR"_s));
    view.rawJsonToggle()->click();
    QTRY_VERIFY(!view.isLoading());
    QVERIFY(view.notebookView()->isVisible());
    // A Python file of the same patch has no toggle.
    const FileDiff &py = loaded->patch.files.at(1);
    QVERIFY(py.newPath.endsWith(u".py"_s));
    view.setFile(py, linesOf(*loaded, py));
    QVERIFY(!view.rawJsonToggle()->isVisible());
    QVERIFY(view.unifiedEdit()->isVisible());
}

QTEST_MAIN(TestMediaView)
#include "tst_mediaview.moc"
