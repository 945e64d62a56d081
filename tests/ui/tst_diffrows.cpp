// SPDX-License-Identifier: GPL-3.0-or-later
// The rows of the diff views: Myers' diff, word-level changes, white space marks and
// "ignore white space", on real corpus patches.
#include "../common/corpuspatch.h"
#include "diff/diffrows.h"
#include "diff/myersdiff.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace Concord;
using namespace Concord::CorpusTest;
using namespace Qt::StringLiterals;

namespace {

const QString s_gpflow = u"GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch"_s;
const QString s_mdn = u"doc/source/notebooks/tailor/mixture_density_network.pct.py"_s;
const QString s_reformat = u"tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"_s;
const QString s_crlf = u"siavash-khodadadeh__MetaLearning-TF2.0/b1dd56d66b2a5b2640cef5b063722fb40cabfe4d.patch"_s;

// Length of a longest common subsequence by the textbook dynamic program (two rows).
template<typename T>
qsizetype referenceLcs(const QList<T> &a, const QList<T> &b)
{
    std::vector<qsizetype> previous(size_t(b.size() + 1), 0);
    std::vector<qsizetype> current(size_t(b.size() + 1), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            current[size_t(j)] = a[i - 1] == b[j - 1] ? previous[size_t(j - 1)] + 1
                                                      : std::max(previous[size_t(j)], current[size_t(j - 1)]);
        }
        std::swap(previous, current);
    }
    return previous[size_t(b.size())];
}

template<typename T>
void verifyCommonSubsequence(const QList<T> &a, const QList<T> &b, const std::vector<Myers::Match> &matches)
{
    qsizetype lastA = -1;
    qsizetype lastB = -1;
    for (const auto &[i, j] : matches) {
        QVERIFY(i > lastA && j > lastB);
        QVERIFY(i < a.size() && j < b.size());
        QCOMPARE(a[i], b[j]);
        lastA = i;
        lastB = j;
    }
}

// Words, runs of white space and single other characters, as a reader splits a line.
QStringList tokens(const QString &text)
{
    static const QRegularExpression s_token(u"\\w+|\\s+|."_s, QRegularExpression::UseUnicodePropertiesOption);
    QStringList out;
    for (auto it = s_token.globalMatch(text); it.hasNext();) {
        out << it.next().captured();
    }
    return out;
}

QStringList parts(const QString &text, const QList<TextRange> &ranges)
{
    QStringList out;
    for (const TextRange &r : ranges) {
        out << text.mid(r.start, r.length);
    }
    return out;
}

const DiffRow *rowWithText(const QList<DiffRow> &rows, DiffRow::Kind kind, const QString &text)
{
    for (const DiffRow &row : rows) {
        if (row.kind == kind && row.text == text) {
            return &row;
        }
    }
    return nullptr;
}

} // namespace

class TestDiffRows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void myersFindsALongestCommonSubsequence_data();
    void myersFindsALongestCommonSubsequence();
    void myersOnRealLongLines();
    void myersWorkGrowsWithTheDifferencesNotTheLength();
    void wordChanges_data();
    void wordChanges();
    void wordChangesInALongRealLineAreExact();
    void whitespaceOnlyChangesAreMarked();
    void removedLineOfSpacesIsMarked();
    void lineEndChangesAreMarked();
    void linesEqualButForWhitespaceFaceEachOther();
    void ignoringWhitespaceShowsReindentedLinesAsContext();
    void ignoringWhitespaceKeepsRealChanges();
};

void TestDiffRows::myersFindsALongestCommonSubsequence_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("alphabet");
    for (quint32 seed = 1; seed <= 40; ++seed) {
        QTest::addRow("seed %u", seed) << seed << int(2 + seed % 5);
    }
}

void TestDiffRows::myersFindsALongestCommonSubsequence()
{
    QFETCH(quint32, seed);
    QFETCH(int, alphabet);
    QRandomGenerator random(seed);
    for (int round = 0; round < 25; ++round) {
        QList<int> a(random.bounded(0, 60));
        QList<int> b;
        for (int &x : a) {
            x = random.bounded(alphabet);
        }
        // b: a edited (so that both similar and unrelated pairs occur).
        for (int x : std::as_const(a)) {
            const int r = random.bounded(10);
            if (r == 0) {
                continue; // deleted
            }
            if (r == 1) {
                b << random.bounded(alphabet); // inserted
            }
            b << (r == 2 ? random.bounded(alphabet) : x);
        }
        const auto matches = Myers::commonSubsequence(a.size(), b.size(), [&](qsizetype i, qsizetype j) {
            return a[i] == b[j];
        });
        verifyCommonSubsequence(a, b, matches);
        QCOMPARE(qsizetype(matches.size()), referenceLcs(a, b));
    }
}

void TestDiffRows::myersOnRealLongLines()
{
    // The long lines of a real notebook diff (base64 images, JSON), paired as the view
    // pairs them: the alignment is a longest common token sequence.
    const auto loaded = loadPatch(u"GPflow__GPflow/24b5733d161bed633dd5c00c4de3faf4d4ee0322.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/advanced/mcmc.ipynb"_s);
    QVERIFY(file);
    int checked = 0;
    for (const QList<DiffLine> &lines : linesOf(*loaded, *file)) {
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (lines[i].kind != DiffLine::Kind::Deleted || lines[i + 1].kind != DiffLine::Kind::Added) {
                continue;
            }
            const QStringList a = tokens(lines[i].text);
            const QStringList b = tokens(lines[i + 1].text);
            if (a.size() < 400 || b.size() < 400 || qint64(a.size()) * b.size() > 12'000'000) {
                continue;
            }
            const auto matches = Myers::commonSubsequence(a.size(), b.size(), [&](qsizetype x, qsizetype y) {
                return a[x] == b[y];
            });
            verifyCommonSubsequence(a, b, matches);
            QCOMPARE(qsizetype(matches.size()), referenceLcs(a, b));
            ++checked;
        }
    }
    QVERIFY2(checked >= 3, qPrintable(u"only %1 long line pairs"_s.arg(checked)));
}

void TestDiffRows::myersWorkGrowsWithTheDifferencesNotTheLength()
{
    // 200,000 elements with three edits: a quadratic method would compare 4e10 pairs.
    const qsizetype n = 200'000;
    QList<int> a(n);
    for (qsizetype i = 0; i < n; ++i) {
        a[i] = int(i % 9973);
    }
    QList<int> b = a;
    b[1000] = -1;
    b.remove(120'000);
    b.insert(190'000, -2);
    qint64 comparisons = 0;
    const auto matches = Myers::commonSubsequence(a.size(), b.size(), [&](qsizetype i, qsizetype j) {
        ++comparisons;
        return a[i] == b[j];
    });
    QCOMPARE(qsizetype(matches.size()), n - 2);
    verifyCommonSubsequence(a, b, matches);
    QVERIFY2(comparisons < 20 * n, qPrintable(QString::number(comparisons)));
}

void TestDiffRows::wordChanges_data()
{
    QTest::addColumn<QString>("oldText");
    QTest::addColumn<QString>("newText");
    QTest::addColumn<bool>("ignoreWhitespace");
    QTest::addColumn<QStringList>("oldChanged");
    QTest::addColumn<QStringList>("newChanged");
    QTest::addColumn<QStringList>("oldSpace");
    QTest::addColumn<QStringList>("newSpace");
    const QStringList none;
    QTest::newRow("argument") << u"x = foo(a, b)"_s << u"x = foo(a, c)"_s << false << QStringList{u"b"_s}
                              << QStringList{u"c"_s} << none << none;
    QTest::newRow("inserted word") << u"model.fit(x)"_s << u"model.fit(x, verbose)"_s << false << none
                                   << QStringList{u", verbose"_s} << none << none;
    QTest::newRow("renamed call") << u"    tf.function(f)"_s << u"    tf.py_function(f)"_s << false
                                  << QStringList{u"function"_s} << QStringList{u"py_function"_s} << none << none;
    QTest::newRow("unrelated") << u"return a"_s << u"print(b)"_s << false << none << none << none << none;
    QTest::newRow("equal") << u"same"_s << u"same"_s << false << none << none << none << none;
    // White space alone is marked, as white space; changed indentation only so.
    QTest::newRow("indent only") << u"  x"_s << u"    x"_s << false << none << none << QStringList{u"  "_s}
                                 << QStringList{u"    "_s};
    QTest::newRow("tab to spaces") << u"\tx = 1"_s << u"    x = 1"_s << false << none << none << QStringList{u"\t"_s}
                                   << QStringList{u"    "_s};
    QTest::newRow("indent and a word") << u"  x = a"_s << u"    x = b"_s << false << QStringList{u"a"_s} << QStringList{u"b"_s}
                                       << QStringList{u"  "_s} << QStringList{u"    "_s};
    QTest::newRow("trailing spaces") << u"self, "_s << u"self,"_s << false << QStringList{u" "_s} << none
                                     << QStringList{u" "_s} << none;
    QTest::newRow("punctuation re-spaced") << u")"_s << u"  )"_s << false << none << none << none << QStringList{u"  "_s};
    // The real line from GPflow's mcmc notebook: a double space made single.
    QTest::newRow("inner space")
        << u"model.kernel.kernels[0].variance.prior =  tfp.distributions.Gamma(f64(1.), f64(1.))"_s
        << u"model.kernel.kernels[0].variance.prior = tfp.distributions.Gamma(f64(1.), f64(1.))"_s << false
        << QStringList{u"  "_s} << QStringList{u" "_s} << QStringList{u"  "_s} << QStringList{u" "_s};
    QTest::newRow("indent ignored") << u"  x"_s << u"    x"_s << true << none << none << none << none;
    QTest::newRow("change with spacing ignored")
        << u"x=1"_s << u"x = 2"_s << true << QStringList{u"1"_s} << QStringList{u"2"_s} << none << none;
    QTest::newRow("words joined across ignored space")
        << u"a b c d"_s << u"a x y d"_s << true << QStringList{u"b c"_s} << QStringList{u"x y"_s} << none << none;
}

void TestDiffRows::wordChanges()
{
    QFETCH(QString, oldText);
    QFETCH(QString, newText);
    QFETCH(bool, ignoreWhitespace);
    QFETCH(QStringList, oldChanged);
    QFETCH(QStringList, newChanged);
    QFETCH(QStringList, oldSpace);
    QFETCH(QStringList, newSpace);
    const auto [oldChanges, newChanges]
        = DiffRows::wordChanges(oldText, newText, DiffRows::Options{ignoreWhitespace});
    QCOMPARE(parts(oldText, oldChanges.changes), oldChanged);
    QCOMPARE(parts(newText, newChanges.changes), newChanged);
    QCOMPARE(parts(oldText, oldChanges.whitespace), oldSpace);
    QCOMPARE(parts(newText, newChanges.whitespace), newSpace);
}

void TestDiffRows::wordChangesInALongRealLineAreExact()
{
    // A real 2,000-token line (a notebook's JSON) with two words changed far apart: both
    // are marked, and nothing between them. (Cutting off at a size and falling back to
    // common prefix and suffix would mark the whole stretch between the two.)
    const auto loaded = loadPatch(u"GPflow__GPflow/330074a49b242af49edb1e2665ea0199ca7a420a.patch"_s);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"doc/source/notebooks/theory/FITCvsVFE.ipynb"_s);
    QVERIFY(file);
    QString line;
    for (const QList<DiffLine> &lines : linesOf(*loaded, *file)) {
        for (const DiffLine &l : lines) {
            if (tokens(l.text).size() > 2000) {
                line = l.text;
                break;
            }
        }
    }
    QVERIFY(!line.isEmpty());
    const QStringList words = tokens(line);
    // Replace the first word after a tenth and after nine tenths of the line.
    QString edited;
    int replaced = 0;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const bool target = (i > words.size() / 10 && replaced == 0) || (i > words.size() * 9 / 10 && replaced == 1);
        if (target && words[i].front().isLetter()) {
            edited += u"CONCORDWORD%1"_s.arg(replaced++);
        } else {
            edited += words[i];
        }
    }
    QCOMPARE(replaced, 2);
    const auto [oldChanges, newChanges] = DiffRows::wordChanges(line, edited);
    QCOMPARE(parts(edited, newChanges.changes), (QStringList{u"CONCORDWORD0"_s, u"CONCORDWORD1"_s}));
    QCOMPARE(oldChanges.changes.size(), 2);
}

void TestDiffRows::whitespaceOnlyChangesAreMarked()
{
    // GPflow's mixture density network notebook: "self, " lost its trailing space, and
    // a reindented line of tensorflow/io's reformat.
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, s_mdn);
    QVERIFY(file);
    const QList<DiffRow> rows = DiffRows::unified(*file, linesOf(*loaded, *file));
    const DiffRow *oldSelf = rowWithText(rows, DiffRow::Kind::Deleted, u"        self, "_s);
    const DiffRow *newSelf = rowWithText(rows, DiffRow::Kind::Added, u"        self,"_s);
    QVERIFY(oldSelf && newSelf);
    QCOMPARE(oldSelf->whitespace, (QList<TextRange>{ {13, 1} }));
    QCOMPARE(oldSelf->changes, (QList<TextRange>{ {13, 1} }));
    QVERIFY(newSelf->whitespace.isEmpty());
    QVERIFY(newSelf->changes.isEmpty());

    const auto reformat = loadPatch(s_reformat);
    QVERIFY(reformat);
    const FileDiff *ioTensor = fileByPath(reformat->patch, u"tensorflow_io/core/python/ops/io_tensor.py"_s);
    QVERIFY(ioTensor);
    const auto [left, right] = DiffRows::sideBySide(*ioTensor, linesOf(*reformat, *ioTensor));
    bool found = false;
    for (qsizetype i = 0; i < left.size(); ++i) {
        if (left[i].text == u"  @classmethod"_s && right[i].text == u"    @classmethod"_s) {
            found = true;
            QCOMPARE(left[i].whitespace, (QList<TextRange>{ {0, 2} }));
            QCOMPARE(right[i].whitespace, (QList<TextRange>{ {0, 4} }));
        }
    }
    QVERIFY(found);
}

void TestDiffRows::removedLineOfSpacesIsMarked()
{
    const auto loaded = loadPatch(s_gpflow);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, s_mdn);
    QVERIFY(file);
    const QList<DiffRow> rows = DiffRows::unified(*file, linesOf(*loaded, *file));
    // "-        " then "+": the removed line held eight spaces; the added one is empty.
    const DiffRow *spaces = rowWithText(rows, DiffRow::Kind::Deleted, u"        "_s);
    QVERIFY(spaces);
    QCOMPARE(spaces->whitespace, (QList<TextRange>{ {0, 8} }));
    const DiffRow *empty = rowWithText(rows, DiffRow::Kind::Added, QString());
    QVERIFY(empty);
    QVERIFY(empty->whitespace.isEmpty());
    // Ignoring white space, the two are the same line.
    const QList<DiffRow> ignoring = DiffRows::unified(*file, linesOf(*loaded, *file), -1, DiffRows::Options{true});
    QVERIFY(!rowWithText(ignoring, DiffRow::Kind::Deleted, u"        "_s));
    for (const DiffRow &row : ignoring) {
        QVERIFY(row.whitespace.isEmpty());
    }
}

void TestDiffRows::lineEndChangesAreMarked()
{
    // A commit that converted two files from CRLF to LF (and trimmed trailing space).
    const auto loaded = loadPatch(s_crlf);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"models/crossdomain/acdml.py"_s);
    QVERIFY(file);
    const auto [left, right] = DiffRows::sideBySide(*file, linesOf(*loaded, *file));
    int marked = 0;
    for (qsizetype i = 0; i < left.size(); ++i) {
        if (left[i].kind == DiffRow::Kind::Deleted && right[i].kind == DiffRow::Kind::Added
            && left[i].text == right[i].text) {
            QVERIFY(left[i].crlf);
            QVERIFY(!right[i].crlf);
            QVERIFY(left[i].markLineEnd);
            QVERIFY(right[i].markLineEnd);
            QVERIFY(left[i].changes.isEmpty());
            ++marked;
        }
    }
    QVERIFY2(marked > 300, qPrintable(QString::number(marked)));
    // Ignoring white space, line ends are no difference: those lines are context.
    const QList<DiffRow> ignoring = DiffRows::unified(*file, linesOf(*loaded, *file), -1, DiffRows::Options{true});
    int context = 0;
    for (const DiffRow &row : ignoring) {
        QVERIFY(!row.markLineEnd);
        context += row.kind == DiffRow::Kind::Context;
    }
    QVERIFY(context >= marked);
}

void TestDiffRows::linesEqualButForWhitespaceFaceEachOther()
{
    // The same commit's attention.py: CRLF to LF, and two blank lines dropped near the
    // top. Paired in order, every line after the first dropped one would face its
    // neighbour (a mosaic of word changes); aligned, each line faces itself.
    const auto loaded = loadPatch(s_crlf);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"models/crossdomain/attention.py"_s);
    QVERIFY(file);
    const auto [left, right] = DiffRows::sideBySide(*file, linesOf(*loaded, *file));
    int same = 0;
    int facing = 0;
    for (qsizetype i = 0; i < left.size(); ++i) {
        if (left[i].kind == DiffRow::Kind::Deleted && right[i].kind == DiffRow::Kind::Added) {
            ++facing;
            if (left[i].text.trimmed() == right[i].text.trimmed()) {
                ++same;
                QVERIFY(left[i].changes.isEmpty());
                QVERIFY(right[i].changes.isEmpty());
            }
        }
    }
    // 192 new lines, all but a few equal to an old line but for white space.
    QVERIFY2(same >= 180, qPrintable(u"%1 of %2"_s.arg(same).arg(facing)));
    const int row = int(std::find_if(left.cbegin(), left.cend(), [](const DiffRow &r) {
                            return r.text == u"    def __init__(self, num_classes):"_s;
                        })
                        - left.cbegin());
    QVERIFY(row < left.size());
    QCOMPARE(right[row].text, left[row].text);
    QCOMPARE(left[row].oldLine, right[row].newLine + 1);
    // Unified keeps the patch's order but marks word changes between the same pairs.
    for (const DiffRow &r : DiffRows::unified(*file, linesOf(*loaded, *file))) {
        if (r.text == u"    def __init__(self, num_classes):"_s) {
            QVERIFY(r.changes.isEmpty());
            QVERIFY(r.markLineEnd);
        }
    }
}

void TestDiffRows::ignoringWhitespaceShowsReindentedLinesAsContext()
{
    // tensorflow/io's reformat (2 to 4 spaces) of io_tensor.py: "@classmethod" and the
    // "def graph" line only moved right; the comment line gained a space after '#'.
    const auto loaded = loadPatch(s_reformat);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"tensorflow_io/core/python/ops/io_tensor.py"_s);
    QVERIFY(file);
    const QList<QList<DiffLine>> lines = linesOf(*loaded, *file);
    const QList<DiffRow> rows = DiffRows::unified(*file, lines, -1, DiffRows::Options{true});
    for (const QString &text : {u"    @classmethod"_s, u"    def graph(cls, dtype):"_s, u"    # Graph mode"_s}) {
        const DiffRow *row = rowWithText(rows, DiffRow::Kind::Context, text);
        QVERIFY2(row, qPrintable(text));
        QVERIFY(row->oldLine > 0 && row->newLine > 0);
    }
    const DiffRow *classmethod = rowWithText(rows, DiffRow::Kind::Context, u"    @classmethod"_s);
    QCOMPARE(classmethod->oldLine, 200); // "-  @classmethod" is line 200 of the old file
    // Counts: what is shown as unchanged is what was paired; nothing is lost.
    qsizetype before[3] = {0, 0, 0};
    qsizetype after[3] = {0, 0, 0};
    for (const DiffRow &row : DiffRows::unified(*file, lines)) {
        before[0] += row.kind == DiffRow::Kind::Context;
        before[1] += row.kind == DiffRow::Kind::Deleted;
        before[2] += row.kind == DiffRow::Kind::Added;
    }
    for (const DiffRow &row : rows) {
        after[0] += row.kind == DiffRow::Kind::Context;
        after[1] += row.kind == DiffRow::Kind::Deleted;
        after[2] += row.kind == DiffRow::Kind::Added;
    }
    // 76: the sum over its runs of changed lines of the longest common subsequence of the
    // deleted and the added lines with all white space removed, computed apart from
    // Concord (a textbook dynamic program in Python over the patch text).
    const qsizetype paired = after[0] - before[0];
    QCOMPARE(paired, 76);
    QCOMPARE(after[1], before[1] - paired);
    QCOMPARE(after[2], before[2] - paired);
    // Line numbers still increase on both sides, hunk by hunk.
    int lastOld = 0, lastNew = 0, hunk = -1;
    for (const DiffRow &row : rows) {
        if (row.hunk != hunk) {
            hunk = row.hunk;
            lastOld = lastNew = 0;
        }
        if (row.oldLine > 0) {
            QVERIFY(row.oldLine > lastOld);
            lastOld = row.oldLine;
        }
        if (row.newLine > 0) {
            QVERIFY(row.newLine > lastNew);
            lastNew = row.newLine;
        }
    }
}

void TestDiffRows::ignoringWhitespaceKeepsRealChanges()
{
    // In the same reformat, quotes changed ('skip' to "skip"): not white space, still shown.
    const auto loaded = loadPatch(s_reformat);
    QVERIFY(loaded);
    const FileDiff *file = fileByPath(loaded->patch, u"tensorflow_io/core/python/ops/dicom_ops.py"_s);
    QVERIFY(file);
    const QList<DiffRow> rows = DiffRows::unified(*file, linesOf(*loaded, *file), -1, DiffRows::Options{true});
    const DiffRow *oldQuote = rowWithText(rows, DiffRow::Kind::Deleted, u"    on_error='skip',"_s);
    const DiffRow *newQuote = rowWithText(rows, DiffRow::Kind::Added, u"    on_error=\"skip\","_s);
    QVERIFY(oldQuote);
    QVERIFY(newQuote);
    QCOMPARE(parts(newQuote->text, newQuote->changes), (QStringList{u"\""_s, u"\""_s}));
}

QTEST_GUILESS_MAIN(TestDiffRows)
#include "tst_diffrows.moc"
