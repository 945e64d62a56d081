// SPDX-License-Identifier: GPL-3.0-or-later
// Highlighting of diffs with the real KSyntaxHighlighting definitions and themes: where
// each hunk starts (inside a docstring or a comment, or not), and the contrast of text
// on the change backgrounds in the light and the dark scheme.
#include "textformats.h"
#include "../common/corpuspatch.h"
#include "colorscheme.h"
#include "diff/diffcolors.h"
#include "diff/difftextedit.h"
#include "diff/diffview.h"
#include "diff/hunkstart.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QApplication>
#include <QSet>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Concord;
using namespace Concord::CorpusTest;
using namespace Qt::StringLiterals;
using Concord::UiTest::formatAt;
using Concord::UiTest::lightPalette;
using KSyntaxHighlighting::Theme;

namespace {

const QString s_reformat = u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s;
const QString s_dicomOps = u"tensorflow_io/core/python/ops/dicom_ops.py"_s;

// The block of @p edit showing @p text in hunk @p hunk.
QTextBlock blockOf(const DiffTextEdit *edit, int hunk, const QString &text)
{
    for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
        const DiffRow *row = edit->rowAt(b.blockNumber());
        if (row && row->hunk == hunk && b.text() == text) {
            return b;
        }
    }
    return{};
}

} // namespace

class TestDiffHighlight : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hunkStart_data();
    void hunkStart();
    void docstringHunkIsHighlightedAsInTheFile();
    void veryLongLinesAreNotTokenized();
    void licenseCommentHunkIsHighlightedAsInTheFile();
    void tokenColoursReachTheContrastOnChangeBackgrounds_data();
    void tokenColoursReachTheContrastOnChangeBackgrounds();
    void highlightedChangesReachTheContrast_data();
    void highlightedChangesReachTheContrast();
};

void TestDiffHighlight::hunkStart_data()
{
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("oldStart");
    QTest::addColumn<QString>("opener");
    // Hunks that begin inside a docstring and close it.
    QTest::newRow("DICOM: docstring end, then 4,000 lines of code") << s_reformat << s_dicomOps << 127 << u"\"\"\""_s;
    QTest::newRow("closes one docstring, opens the next")
        << s_reformat << u"tensorflow_io/core/python/ops/io_tensor.py"_s << 193 << u"\"\"\""_s;
    QTest::newRow("closing quotes alone after prose")
        << u"tensorlayer__tensorlayer/aff7804d91deb89f4be20f1e2a7f8bc70576a5ee.patch"_s
        << u"tensorlayer/models/seq2seq_with_attention.py"_s << 178 << u"\"\"\""_s;
    QTest::newRow("module docstring end")
        << u"danielegrattarola__spektral/56fa9dc8d4803494724fb1d0692cdb973643439b.patch"_s
        << u"examples/classification_BDGC_disjoint.py"_s << 2 << u"\"\"\""_s;
    // Hunks that begin inside a license block comment.
    QTest::newRow("C++ license comment") << u"tensorflow__io/e6dee8682b8137aa5a03bef539a56d84ca4fc7eb.patch"_s
                                         << u"tensorflow_io/core/kernels/image_dicom_kernels.cc"_s << 14 << u"/*"_s;
    QTest::newRow("TypeScript license comment") << u"tensorflow__tfjs/f94df0f384130940ba1343900a049f8319f7f51e.patch"_s
                                                << u"tfjs-converter/src/executor/graph_model.ts"_s << 15 << u"/*"_s;
    // Hunks that begin in code: a docstring opens near their end, after "class ...:".
    QTest::newRow("docstring opens at the end")
        << u"tensorflow__addons/2b070a15fb516e6b3c1cca3898ae611024d7481d.patch"_s
        << u"tensorflow_addons/layers/gelu.py"_s << 19 << QString();
    QTest::newRow("docstring opens after def") << u"tensorflow__addons/2b070a15fb516e6b3c1cca3898ae611024d7481d.patch"_s
                                               << u"tensorflow_addons/losses/triplet.py"_s << 60 << QString();
    QTest::newRow("quotes opening after a def line")
        << u"PatricioClark__PINNs/d0fca590b171da49f598452513d2a013360d46db.patch"_s << u"pinn.py"_s << 8 << QString();
    // Template literals (backquotes) in code, and plain code.
    QTest::newRow("template literals") << u"tensorflow__tfjs/054e332be3ea7bdacc8e40e76d9ea94a33053cdc.patch"_s
                                       << u"integration_tests/models/models_benchmarks.ts"_s << 466 << QString();
    QTest::newRow("plain code") << u"GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"_s
                                << u"doc/source/notebooks/advanced/convolutional.pct.py"_s << 33 << QString();
}

void TestDiffHighlight::hunkStart()
{
    QFETCH(QString, patch);
    QFETCH(QString, path);
    QFETCH(int, oldStart);
    QFETCH(QString, opener);
    const auto loaded = loadPatch(patch);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, path);
    QVERIFY(file);
    const int hunk = hunkAt(*file, oldStart);
    QVERIFY(hunk >= 0);
    const KSyntaxHighlighting::Definition definition = syntaxRepository().definitionForFileName(path);
    QVERIFY(definition.isValid());
    const HunkStart start = Concord::hunkStart(definition, linesOf(*loaded, *file).at(hunk));
    QCOMPARE(start.opener, opener);
    QCOMPARE(start.state == KSyntaxHighlighting::State(), opener.isEmpty());
}

void TestDiffHighlight::veryLongLinesAreNotTokenized()
{
    // GPflow's MCMC notebook as stored: an output's base64 PNG is one JSON line of tens of
    // kilobytes. It keeps its change background but is not run through the JSON definition
    // (that froze the window); the lines after it are highlighted as before.
    const auto loaded = loadPatch(u"GPflow__GPflow/24b5733d161bed633dd5c00c4de3faf4d4ee0322.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/mcmc.ipynb"_s);
    QVERIFY(file);
    const QList<QList<DiffLine>> hunks = linesOf(*loaded, *file);
    QList<DiffRow> rows;
    for (int h = 0; h < hunks.size() && rows.isEmpty(); ++h) {
        for (qsizetype i = 0; i + 1 < hunks[h].size(); ++i) {
            const DiffLine &line = hunks[h][i];
            const DiffLine &next = hunks[h][i + 1];
            // A key and a value: tokenized, the line would have two colours at least.
            if (line.text.size() > 20'000 && line.text.contains(u"\": \""_s) && next.text.size() < 200
                && next.text.contains(u'"')) {
                rows = {DiffRow{DiffRow::Kind::HunkHeader, 0, 0, h, u"@@"_s},
                        DiffRow{DiffRow::Kind::Added, 0, 1, h, line.text},
                        DiffRow{DiffRow::Kind::Added, 0, 2, h, next.text}};
                break;
            }
        }
    }
    QVERIFY2(!rows.isEmpty(), "no long line followed by a short one in the notebook");
    DiffTextEdit edit(DiffTextEdit::Gutter::OldAndNew);
    edit.setPalette(lightPalette());
    edit.setRows(rows, syntaxRepository().definitionForFileName(u"x.json"_s));
    const auto foregrounds = [](const QTextBlock &block) {
        QSet<QRgb> colours;
        for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
            colours.insert(r.format.foreground().color().rgb());
        }
        return colours;
    };
    const QTextBlock longBlock = edit.document()->findBlockByNumber(1);
    const QTextBlock shortBlock = edit.document()->findBlockByNumber(2);
    // Shown cut at 10,000 characters with a note of the rest (laying out 90 kB of base64
    // froze the first screen); the row keeps the whole line.
    QCOMPARE(edit.rows()[1].text, rows[1].text);
    QCOMPARE(longBlock.text().left(10'000), rows[1].text.left(10'000));
    QVERIFY2(longBlock.text().endsWith(u"more characters not shown"_s), qPrintable(longBlock.text().right(60)));
    QVERIFY2(longBlock.text().contains(QLocale().toString(rows[1].text.size() - 10'000)), qPrintable(longBlock.text().right(60)));
    QVERIFY(longBlock.text().size() < 10'100);
    QCOMPARE(shortBlock.text(), rows[2].text);
    // Not tokenized: no format ranges of the definition's (key, separator, string...).
    QVERIFY2(longBlock.layout()->formats().size() <= 1, qPrintable(QString::number(longBlock.layout()->formats().size())));
    QVERIFY2(foregrounds(shortBlock).size() >= 2, qPrintable(shortBlock.text())); // keys, strings, punctuation
}

void TestDiffHighlight::docstringHunkIsHighlightedAsInTheFile()
{
    // tensorflow/io's DICOM ops: the hunk starts in the last lines of a docstring.
    const auto loaded = loadPatch(s_reformat);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, s_dicomOps);
    QVERIFY(file);
    const int hunk = hunkAt(*file, 127);
    QVERIFY(hunk >= 0);
    DiffView view;
    view.setPalette(lightPalette());
    view.setRowLimit(100000);
    view.setFile(*file, linesOf(*loaded, *file));
    // A large file's rows arrive in slices.
    QTRY_VERIFY_WITH_TIMEOUT(!view.isLoading(), 60000);
    const DiffTextEdit *edit = view.unifiedEdit();
    const Theme theme = syntaxThemeFor(edit->palette());
    const DiffColors colors = edit->colors();

    // The rest of the docstring is a docstring (Python's definition styles it a comment).
    const QTextBlock prose = blockOf(edit, hunk, u"      only the zeroth element will be returned as a string."_s);
    QVERIFY(prose.isValid());
    QCOMPARE(formatAt(prose, 10).foreground().color(), QColor::fromRgb(theme.textColor(Theme::Comment)));
    // The code after it is code: "=" is an operator (drawn on the added background).
    const QTextBlock code
        = blockOf(edit, hunk, u"    return core_ops.io_decode_dicom_data(contents=contents, tags=tags, name=name)"_s);
    QVERIFY(code.isValid());
    const QTextCharFormat opFormat = formatAt(code, int(code.text().indexOf(u'=')));
    const QColor background
        = opFormat.hasProperty(QTextFormat::BackgroundBrush) ? opFormat.background().color() : colors.added;
    QCOMPARE(opFormat.foreground().color(),
        DiffColors::readableOn(QColor::fromRgb(theme.textColor(Theme::Operator)), background));
    QVERIFY(opFormat.foreground().color()
        != DiffColors::readableOn(QColor::fromRgb(theme.textColor(Theme::String)), background));
    // And so is the class thousands of lines further on.
    const QTextBlock tag = blockOf(edit, hunk, u"    FileMetaInformationGroupLength = int(\"00020000\", 16)"_s);
    QVERIFY(tag.isValid());
    const QTextCharFormat number = formatAt(tag, int(tag.text().indexOf(u"16"_s)));
    QCOMPARE(number.foreground().color(),
        DiffColors::readableOn(QColor::fromRgb(theme.textColor(Theme::DecVal)),
            number.hasProperty(QTextFormat::BackgroundBrush) ? number.background().color() : colors.added));
}

void TestDiffHighlight::licenseCommentHunkIsHighlightedAsInTheFile()
{
    const auto loaded = loadPatch(u"tensorflow__io/e6dee8682b8137aa5a03bef539a56d84ca4fc7eb.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"tensorflow_io/core/kernels/image_dicom_kernels.cc"_s);
    QVERIFY(file);
    const int hunk = hunkAt(*file, 14);
    QVERIFY(hunk >= 0);
    DiffView view;
    view.setPalette(lightPalette());
    view.setMode(DiffView::Mode::SideBySide);
    view.setFile(*file, linesOf(*loaded, *file));
    QTRY_VERIFY_WITH_TIMEOUT(!view.isLoading(), 60000);
    const Theme theme = syntaxThemeFor(view.oldEdit()->palette());
    for (const DiffTextEdit *edit : {view.oldEdit(), view.newEdit()}) {
        const QTextBlock license = blockOf(edit, hunk, u"limitations under the License."_s);
        QVERIFY(license.isValid());
        QCOMPARE(formatAt(license, 0).foreground().color(), QColor::fromRgb(theme.textColor(Theme::Comment)));
        const QTextBlock include = blockOf(edit, hunk, u"#include \"dcmtk/config/osconfig.h\""_s);
        QVERIFY(include.isValid());
        QCOMPARE(formatAt(include, 0).foreground().color(), QColor::fromRgb(theme.textColor(Theme::Preprocessor)));
    }
}

void TestDiffHighlight::tokenColoursReachTheContrastOnChangeBackgrounds_data()
{
    QTest::addColumn<int>("scheme");
    QTest::newRow("light") << int(ColorScheme::Light);
    QTest::newRow("dark") << int(ColorScheme::Dark);
}

void TestDiffHighlight::tokenColoursReachTheContrastOnChangeBackgrounds()
{
    // Every colour a syntax definition can give a token in the scheme's theme, and the
    // palette's text colour, on each change background, as the highlighter draws it.
    QFETCH(int, scheme);
    applyColorScheme(ColorScheme(scheme));
    const QPalette palette = QApplication::palette();
    const Theme theme = syntaxThemeFor(palette);
    QVERIFY(theme.isValid());
    const DiffColors colors = DiffColors::fromPalette(palette);
    QList<QColor> foregrounds{palette.color(QPalette::Text)};
    for (int style = Theme::Normal; style <= Theme::Others; ++style) {
        foregrounds << QColor::fromRgb(theme.textColor(Theme::TextStyle(style)));
    }
    int formats = 0;
    for (const KSyntaxHighlighting::Definition &definition : syntaxRepository().definitions()) {
        for (const KSyntaxHighlighting::Format &format : definition.formats()) {
            if (format.hasTextColor(theme)) {
                foregrounds << format.textColor(theme);
                ++formats;
            }
        }
    }
    QVERIFY(formats > 1000);
    int adjusted = 0;
    double lowest = 21;
    for (const QColor &background : {colors.added, colors.deleted, colors.addedWord, colors.deletedWord}) {
        for (const QColor &foreground : std::as_const(foregrounds)) {
            const QColor drawn = DiffColors::readableOn(foreground, background);
            adjusted += drawn != foreground;
            const double ratio = DiffColors::contrast(drawn, background);
            lowest = std::min(lowest, ratio);
            QVERIFY2(ratio >= DiffColors::s_minimumContrast,
                qPrintable(u"%1 on %2: %3:1"_s.arg(drawn.name(), background.name()).arg(ratio, 0, 'f', 2)));
        }
    }
    qInfo() << theme.name() << foregrounds.size() << "colours, lowest contrast" << lowest << "," << adjusted << "of"
            << 4 * foregrounds.size() << "adjusted";
    // The raw theme colours would not all do: this is what the adjustment is for.
    QVERIFY(adjusted > 0);
}

void TestDiffHighlight::highlightedChangesReachTheContrast_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<DiffView::Mode>("mode");
    QTest::newRow("light unified") << int(ColorScheme::Light) << DiffView::Mode::Unified;
    QTest::newRow("dark unified") << int(ColorScheme::Dark) << DiffView::Mode::Unified;
    QTest::newRow("dark side by side") << int(ColorScheme::Dark) << DiffView::Mode::SideBySide;
}

void TestDiffHighlight::highlightedChangesReachTheContrast()
{
    // What the view really drew: every character of every changed line of tensorflow/io's
    // reformat of its Python ops (strings, comments, docstrings, numbers, keywords; word
    // changes), against the background it is drawn on.
    QFETCH(int, scheme);
    QFETCH(DiffView::Mode, mode);
    applyColorScheme(ColorScheme(scheme));
    const auto loaded = loadPatch(s_reformat);
    QVERIFY(loaded);
    int characters = 0;
    int onWords = 0;
    for (const QString &path :
        {s_dicomOps, u"tensorflow_io/core/python/ops/io_tensor.py"_s, u"tests/test_dicom.py"_s}) {
        const FileDiff *file = fileByPath(loaded->patch, path);
        QVERIFY2(file, qPrintable(path));
        DiffView view;
        view.setMode(mode);
        view.setFile(*file, linesOf(*loaded, *file));
        QTRY_VERIFY_WITH_TIMEOUT(!view.isLoading(), 60000);
        const QList<const DiffTextEdit *> edits = mode == DiffView::Mode::Unified
            ? QList<const DiffTextEdit *>{view.unifiedEdit()}
            : QList<const DiffTextEdit *>{view.oldEdit(), view.newEdit()};
        for (const DiffTextEdit *edit : edits) {
            const DiffColors colors = edit->colors();
            QCOMPARE(colors.text, QApplication::palette().color(QPalette::Text));
            for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
                const DiffRow *row = edit->rowAt(b.blockNumber());
                if (!row || (row->kind != DiffRow::Kind::Added && row->kind != DiffRow::Kind::Deleted)) {
                    continue;
                }
                const QColor line = row->kind == DiffRow::Kind::Added ? colors.added : colors.deleted;
                for (int i = 0; i < b.text().size(); ++i) {
                    if (b.text()[i].isSpace()) {
                        continue;
                    }
                    const QTextCharFormat f = formatAt(b, i);
                    const QColor background
                        = f.hasProperty(QTextFormat::BackgroundBrush) ? f.background().color() : line;
                    const QColor foreground
                        = f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : colors.text;
                    onWords += background != line;
                    ++characters;
                    const double ratio = DiffColors::contrast(foreground, background);
                    if (ratio < DiffColors::s_minimumContrast) {
                        QFAIL(qPrintable(u"%1:%2 col %3: %4 on %5 is %6:1"_s.arg(path)
                                             .arg(row->newLine + row->oldLine)
                                             .arg(i)
                                             .arg(foreground.name(), background.name())
                                             .arg(ratio, 0, 'f', 2)));
                    }
                }
            }
        }
    }
    QVERIFY(characters > 50000);
    QVERIFY(onWords > 1000);
}

QTEST_MAIN(TestDiffHighlight)
#include "tst_diffhighlight.moc"
