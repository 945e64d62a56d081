// SPDX-License-Identifier: GPL-3.0-or-later
// Codebook rules as data: the tf.function study's web-form rules expressed as
// DimensionRules and checked by Codebook::validate.
#include "domain/codebook.h"
#include "domain/finding.h"

#include <QJsonArray>
#include <QTest>

// Brace-initialised domain values name only the fields a case needs.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace Concord;
using namespace Qt::StringLiterals;

class TestCodebook : public QObject
{
    Q_OBJECT

    Codebook m_book;
    ValueId m_yes = 1, m_no = 2, m_unknown = 10, m_apiMisuse = 11, m_cause = 20;

private Q_SLOTS:
    void initTestCase()
    {
        const QUuid yes = QUuid::createUuid();
        const QUuid unknown = QUuid::createUuid();
        m_book.dimensions = {
            {1, u"is_func_fix"_s, u"Fix?"_s, {}, Dimension::Kind::Gate, 0, {}},
            {2, u"category"_s, u"Category"_s, {}, Dimension::Kind::SingleChoice, 1, {u"is_func_fix"_s, {yes}, true, {}, {}, true}},
            {3, u"cause"_s, u"Cause"_s, {}, Dimension::Kind::SingleChoice, 2,
             {u"is_func_fix"_s, {yes}, true, u"category"_s, {unknown}, true}},
        };
        m_book.values = {
            {m_yes, yes, 1, u"Yes"_s},
            {m_no, QUuid::createUuid(), 1, u"No"_s, {}, 1},
            {m_unknown, unknown, 2, u"Unknown"_s},
            {m_apiMisuse, QUuid::createUuid(), 2, u"API Misuse"_s, {}, 1},
            {m_cause, QUuid::createUuid(), 3, u"Wrong decorator"_s},
        };
    }

    void validate_data()
    {
        QTest::addColumn<DimensionValues>("values");
        QTest::addColumn<QStringList>("problems");
        QTest::newRow("not a fix, empty") << DimensionValues{{1, {m_no}}} << QStringList{};
        QTest::newRow("not a fix with a category")
            << DimensionValues{{1, {m_no}}, {2, {m_apiMisuse}}} << QStringList{u"category: must be empty unless is_func_fix is Yes"_s};
        QTest::newRow("fix without category")
            << DimensionValues{{1, {m_yes}}}
            << QStringList{u"category: required when is_func_fix is Yes"_s, u"cause: required when is_func_fix is Yes"_s};
        QTest::newRow("fix, complete") << DimensionValues{{1, {m_yes}}, {2, {m_apiMisuse}}, {3, {m_cause}}} << QStringList{};
        QTest::newRow("unknown category exempts cause") << DimensionValues{{1, {m_yes}}, {2, {m_unknown}}} << QStringList{};
        QTest::newRow("two values in single choice")
            << DimensionValues{{1, {m_yes}}, {2, {m_unknown, m_apiMisuse}}}
            << QStringList{u"category: only one value may be chosen, 2 were"_s};
        QTest::newRow("value of another dimension")
            << DimensionValues{{1, {m_yes}}, {2, {m_cause}}, {3, {m_cause}}}
            << QStringList{u"category: value 20 does not belong to this dimension"_s};
    }

    void validate()
    {
        QFETCH(DimensionValues, values);
        QFETCH(QStringList, problems);
        Finding f;
        f.values = values;
        QCOMPARE(m_book.validate(f), problems);
    }

    void treeOrderAndMerge()
    {
        Codebook book;
        book.values = {
            {1, QUuid::createUuid(), 7, u"B"_s, {}, 1},
            {2, QUuid::createUuid(), 7, u"A"_s, {}, 0},
            {3, QUuid::createUuid(), 7, u"A.1"_s, {}, 0, 2},
            {4, QUuid::createUuid(), 7, u"old A"_s, {}, 2, 0, false, 2},
        };
        QStringList names;
        for (const CodebookValue &v : book.valuesOf(7)) {
            names.append(v.name);
        }
        QCOMPARE(names, (QStringList{u"A"_s, u"A.1"_s, u"B"_s, u"old A"_s}));
        QCOMPARE(book.valuesOf(7, false).size(), 3);
        QCOMPARE(book.resolve(4), 2);
        QVERIFY(!book.valueByName(7, u"old A"_s)); // merged values do not answer to their name
    }

    void hostileTreesLoseNothing()
    {
        // A file from someone else may hold a parent cycle or a very deep chain.
        Codebook book;
        book.values = {{1, QUuid::createUuid(), 7, u"X"_s, {}, 0, 2}, {2, QUuid::createUuid(), 7, u"Y"_s, {}, 0, 1}};
        for (ValueId id = 10; id < 200'010; ++id) {
            book.values.append({id, {}, 8, u"v"_s, {}, 0, id == 10 ? 0 : id - 1});
        }
        QCOMPARE(book.valuesOf(7).size(), 2);
        const QList<CodebookValue> deep = book.valuesOf(8);
        QCOMPARE(deep.size(), 200'000);
        QCOMPARE(deep.first().id, 10);
        QCOMPARE(deep.last().id, 200'009);
        book.values.append({300'000, {}, 9, u"a"_s, {}, 0, 0, false, 300'001});
        book.values.append({300'001, {}, 9, u"b"_s, {}, 0, 0, false, 300'000});
        const ValueId resolved = book.resolve(300'000); // a merge cycle ends, somewhere
        QVERIFY(resolved == 300'000 || resolved == 300'001);
    }
};

QTEST_GUILESS_MAIN(TestCodebook)
#include "tst_codebook.moc"
