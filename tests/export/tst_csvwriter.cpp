// SPDX-License-Identifier: GPL-3.0-or-later
// The CSV writer: RFC 4180 quoting, formula cells neutralized, and the reader undoing
// exactly that neutralization (every value survives write → read).
#include "export/csvwriter.h"
#include "import/csvreader.h"

#include <QBuffer>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void neutralize_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("cell");
        QTest::newRow("formula") << u"=HYPERLINK(\"http://evil.example\",\"click\")"_s
                                 << u"'=HYPERLINK(\"http://evil.example\",\"click\")"_s;
        QTest::newRow("plus") << u"+1"_s << u"'+1"_s;
        QTest::newRow("minus") << u"-x"_s << u"'-x"_s;
        QTest::newRow("at") << u"@SUM(A1:A9)"_s << u"'@SUM(A1:A9)"_s;
        QTest::newRow("tab") << u"\tcmd"_s << u"'\tcmd"_s;
        QTest::newRow("cr") << u"\rcmd"_s << u"'\rcmd"_s;
        QTest::newRow("quote") << u"'quoted"_s << u"''quoted"_s;
        QTest::newRow("quote formula") << u"'=1+1"_s << u"''=1+1"_s;
        QTest::newRow("lone quote") << u"'"_s << u"''"_s;
        QTest::newRow("plain") << u"Use tf.function."_s << u"Use tf.function."_s;
        QTest::newRow("inner equals") << u"a=b"_s << u"a=b"_s;
        QTest::newRow("empty") << QString() << QString();
    }
    void neutralize()
    {
        QFETCH(QString, value);
        QFETCH(QString, cell);
        QCOMPARE(CsvCell::neutralize(value), cell);
        QCOMPARE(CsvCell::restore(cell), value);
    }

    // A ' before a letter in someone else's spreadsheet is their text, not ours to strip.
    void foreignQuoteKept()
    {
        QCOMPARE(CsvCell::restore(u"'plain"_s), u"'plain"_s);
        QCOMPARE(CsvCell::restore(u"'"_s), u"'"_s);
    }

    void quoting()
    {
        QCOMPARE(CsvWriter::encodeField(u"a,b"_s, CsvWriter::Quoting::Minimal), QByteArray("\"a,b\""));
        QCOMPARE(CsvWriter::encodeField(u"say \"hi\""_s, CsvWriter::Quoting::Minimal), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(CsvWriter::encodeField(u"two\nlines"_s, CsvWriter::Quoting::Minimal), QByteArray("\"two\nlines\""));
        QCOMPARE(CsvWriter::encodeField(u" padded"_s, CsvWriter::Quoting::Minimal), QByteArray("\" padded\""));
        QCOMPARE(CsvWriter::encodeField(u"plain"_s, CsvWriter::Quoting::Minimal), QByteArray("plain"));
        QCOMPARE(CsvWriter::encodeField(u"plain"_s, CsvWriter::Quoting::All), QByteArray("\"plain\""));
        QCOMPARE(CsvWriter::encodeField(u"\tx"_s, CsvWriter::Quoting::Minimal), QByteArray("'\tx"));
        QCOMPARE(CsvWriter::encodeField(u"Ünïcödé ✓"_s, CsvWriter::Quoting::Minimal), QString(u"Ünïcödé ✓"_s).toUtf8());
    }

    // Every value, however awkward, reads back exactly; records end in CRLF.
    void roundTrip()
    {
        const QList<QStringList> rows{
            {u"category"_s, u"description"_s},
            {u"=HYPERLINK(\"http://x\")"_s, u"+1"_s, u"-x"_s, u"@SUM"_s, u"\tleading tab"_s},
            {u"'"_s, u"''"_s, u"'=x"_s, u"'plain"_s, QString()},
            {u"multi\nline, \"quoted\"\r\nand CRLF"_s, u" spaces "_s, u"\r"_s, u"日本語"_s, u"a;b"_s},
        };
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        {
            CsvWriter writer(&buffer);
            for (const QStringList &row : rows) {
                QVERIFY(writer.writeRow(row));
            }
            QVERIFY(writer.flush());
            QCOMPARE(writer.rowCount(), qint64(rows.size()));
        }
        QVERIFY(buffer.data().startsWith("category,description\r\n"));
        QVERIFY(!buffer.data().contains(",=HYPERLINK"));
        buffer.close();
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer);
        QStringList fields;
        for (const QStringList &row : rows) {
            QVERIFY2(reader.readRecord(&fields), qPrintable(reader.errorString()));
            QCOMPARE(fields, row);
        }
        QVERIFY(!reader.readRecord(&fields));
        QVERIFY(!reader.hasError());
    }

    // Many rows are written through a bounded buffer, not one string.
    void streamsLargeOutput()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvWriter writer(&buffer);
        for (int i = 0; i < 20000; ++i) {
            QVERIFY(writer.writeRow({QString::number(i), u"some text, with a comma"_s}));
            if (i == 10000) {
                QVERIFY(buffer.size() > 0); // written while rows were still coming
            }
        }
        QVERIFY(writer.flush());
        QCOMPARE(buffer.data().count('\n'), 20000);
    }

    // A write that fails (the device refuses, as on a full disk) is reported, not lost.
    void writeErrorReported()
    {
        QBuffer buffer;
        buffer.open(QIODevice::ReadOnly); // not writable
        CsvWriter writer(&buffer);
        writer.writeRow({u"a"_s});
        QVERIFY(!writer.flush());
        QVERIFY(writer.hasError());
        QVERIFY(!writer.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
