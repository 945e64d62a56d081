// SPDX-License-Identifier: GPL-3.0-or-later
// TermMatcher and HighlightTerm: what a term marks and counts, which terms are refused
// and why, and the JSON the project stores them as.
#include "domain/highlightterms.h"

#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QList<Concord::TermMatch>)

namespace {

HighlightTerm text(const QString &pattern, bool caseSensitive = false)
{
    return HighlightTerm{pattern, false, caseSensitive};
}

HighlightTerm pattern(const QString &pattern)
{
    return HighlightTerm{pattern, true, false};
}

} // namespace

class TestTermMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void marks_data()
    {
        QTest::addColumn<QList<HighlightTerm>>("terms");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QList<TermMatch>>("marks");
        QTest::addColumn<qint64>("count");
        const QList<HighlightTerm> study{text(u"tf.function"_s), text(u"@tf.function"_s), text(u"input_signature"_s)};
        QTest::newRow("decorator: both terms, one mark, two occurrences")
            << study << u"    @tf.function"_s << QList<TermMatch>{{4, 12}} << qint64(2);
        QTest::newRow("case ignored") << study << u"x = TF.Function(f)"_s << QList<TermMatch>{{4, 11}} << qint64(1);
        QTest::newRow("a dot is a dot") << study << u"tfXfunction(f)"_s << QList<TermMatch>{} << qint64(0);
        QTest::newRow("two on a line")
            << study << u"@tf.function(input_signature=[spec])"_s << QList<TermMatch>{{0, 12}, {13, 15}} << qint64(3);
        QTest::newRow("case-sensitive term") << QList<HighlightTerm>{text(u"TensorFlow"_s, true)}
                                             << u"tensorflow TensorFlow"_s << QList<TermMatch>{{11, 10}} << qint64(1);
        QTest::newRow("regular expression") << QList<HighlightTerm>{pattern(u"input_sig\\w+\\s*="_s)}
                                            << u"f(input_signature = x)"_s << QList<TermMatch>{{2, 17}} << qint64(1);
        QTest::newRow("non-ASCII line, UTF-16 offsets")
            << study << u"# Mátéの tf.function"_s << QList<TermMatch>{{8, 11}} << qint64(1);
    }

    void marks()
    {
        QFETCH(QList<HighlightTerm>, terms);
        QFETCH(QString, line);
        QFETCH(QList<TermMatch>, marks);
        QFETCH(qint64, count);
        const TermMatcher matcher(terms);
        QCOMPARE(matcher.terms().size(), terms.size());
        QCOMPARE(matcher.marks(line), marks);
        QCOMPARE(matcher.count(line), count);
    }

    void countsLineByLine()
    {
        // A pattern never matches across a line end: what is counted is what can be marked.
        const TermMatcher matcher({pattern(u"function\\s+def"_s)});
        QCOMPARE(matcher.count(u"@tf.function\ndef f():"_s), qint64(0));
        QCOMPARE(matcher.count(u"tf.function def\n\nfunction  def"_s), qint64(2));
        QCOMPARE(TermMatcher().count(u"tf.function"_s), qint64(0));
    }

    void refusedTerms_data()
    {
        QTest::addColumn<QList<HighlightTerm>>("terms");
        QTest::addColumn<QString>("message");
        QTest::newRow("unbalanced parenthesis") << QList<HighlightTerm>{pattern(u"(tf\\.function"_s)}
                                                << u"\"(tf\\.function\" is not a valid regular expression: missing closing parenthesis at offset 13"_s;
        QTest::newRow("matches empty text") << QList<HighlightTerm>{pattern(u"x*"_s)}
                                            << u"the regular expression \"x*\" matches empty text: it must match at least one character"_s;
        QTest::newRow("empty") << QList<HighlightTerm>{text(u"  "_s)} << u"a term cannot be empty"_s;
        QTest::newRow("listed twice, in another case") << QList<HighlightTerm>{text(u"tf.function"_s), text(u"TF.FUNCTION"_s)}
                                                       << u"the term \"TF.FUNCTION\" is listed twice"_s;
        QTest::newRow("two lines") << QList<HighlightTerm>{text(u"tf.\nfunction"_s)}
                                   << u"the term \"tf. function\" spans lines: terms are matched within one line"_s;
    }

    void refusedTerms()
    {
        QFETCH(QList<HighlightTerm>, terms);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!TermMatcher::validate(terms, &error));
        QCOMPARE(error, message);
        // And never read back from a project file that somehow holds it.
        error.clear();
        QVERIFY(!TermMatcher::fromJson(TermMatcher::toJson(terms), &error));
        QCOMPARE(error, message);
    }

    void jsonRoundTrip()
    {
        const QList<HighlightTerm> terms{text(u"tf.function"_s), pattern(u"input_signature\\s*="_s),
                                         text(u"TensorFlow"_s, true), text(u"<b>\"quoted\"</b>"_s)};
        QString error;
        QVERIFY(TermMatcher::validate(terms, &error));
        const QString json = TermMatcher::toJson(terms);
        QVERIFY(json.contains(u"\"version\":1"_s));
        const std::optional<QList<HighlightTerm>> back = TermMatcher::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, terms);
        QCOMPARE(TermMatcher::fromJson(QString(), &error), std::optional<QList<HighlightTerm>>(QList<HighlightTerm>()));
    }

    void unreadableJsonIsAnError()
    {
        QString error;
        QVERIFY(!TermMatcher::fromJson(u"{\"version\": 2, \"terms\": []}"_s, &error));
        QCOMPARE(error, u"the highlight terms have version 2; this Concord reads version 1"_s);
        QVERIFY(!TermMatcher::fromJson(u"[\"tf.function\""_s, &error));
        QVERIFY2(error.startsWith(u"the highlight terms are not readable JSON"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTermMatcher)
#include "tst_termmatcher.moc"
