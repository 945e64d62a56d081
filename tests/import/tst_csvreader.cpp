// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/csvreader.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryFile>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestCsvReader : public QObject
{
    Q_OBJECT

private:
    static QList<QStringList> readAll(const QByteArray &bytes, QString *error = nullptr, QList<qint64> *lines = nullptr)
    {
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer);
        QList<QStringList> records;
        QStringList fields;
        while (reader.readRecord(&fields)) {
            records.append(fields);
            if (lines) {
                lines->append(reader.recordLine());
            }
        }
        if (error) {
            *error = reader.errorString();
        }
        return records;
    }

private Q_SLOTS:
    void records_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QStringList>>("expected");
        QTest::addColumn<QList<qint64>>("lines");

        QTest::newRow("plain") << "a,b\n1,2\n"_ba << QList<QStringList>{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}}
                               << QList<qint64>{1, 2};
        QTest::newRow("no final newline") << "a,b\n1,2"_ba
                                          << QList<QStringList>{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}}
                                          << QList<qint64>{1, 2};
        QTest::newRow("crlf") << "a,b\r\n1,2\r\n"_ba << QList<QStringList>{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}}
                              << QList<qint64>{1, 2};
        QTest::newRow("bom") << "\xEF\xBB\xBF"
                                "category,description\nx,y\n"_ba
                             << QList<QStringList>{{u"category"_s, u"description"_s}, {u"x"_s, u"y"_s}}
                             << QList<qint64>{1, 2};
        QTest::newRow("quoted comma and quote")
            << "\"a,b\",\"say \"\"hi\"\"\"\n"_ba << QList<QStringList>{{u"a,b"_s, u"say \"hi\""_s}}
            << QList<qint64>{1};
        QTest::newRow("embedded newlines keep line numbers")
            << "h1,h2\n\"multi\nline\r\ntext\",x\nnext,y\n"_ba
            << QList<QStringList>{{u"h1"_s, u"h2"_s}, {u"multi\nline\r\ntext"_s, u"x"_s}, {u"next"_s, u"y"_s}}
            << QList<qint64>{1, 2, 5};
        QTest::newRow("empty fields") << ",,\n"_ba << QList<QStringList>{{QString(), QString(), QString()}}
                                      << QList<qint64>{1};
        QTest::newRow("quote inside unquoted field kept") << "5\" disk,x\n"_ba
                                                          << QList<QStringList>{{u"5\" disk"_s, u"x"_s}}
                                                          << QList<qint64>{1};
        QTest::newRow("utf8") << "Vélez,日本\n"_ba << QList<QStringList>{{u"Vélez"_s, u"日本"_s}}
                              << QList<qint64>{1};
        QTest::newRow("empty input") << QByteArray() << QList<QStringList>{} << QList<qint64>{};
    }

    void records()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QStringList>, expected);
        QFETCH(QList<qint64>, lines);
        QString error;
        QList<qint64> gotLines;
        QCOMPARE(readAll(input, &error, &gotLines), expected);
        QCOMPARE(error, QString());
        QCOMPARE(gotLines, lines);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("errorStart");
        QTest::newRow("unclosed quote") << "a,b\nx,\"open\nmore\n"_ba << u"line 2: a quoted field"_s;
        QTest::newRow("text after quote") << "a,b\n\"x\"y,z\n"_ba << u"line 2: field 1 has text after"_s;
        QTest::newRow("nul byte") << "a,b\n1,\0\x01\x02"_ba << u"line 2: contains a NUL byte"_s;
        QTest::newRow("latin1") << "name\nV\xE9lez\n"_ba << u"line 2: field 1 is not valid UTF-8"_s;
    }

    void errors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, errorStart);
        QString error;
        readAll(input, &error);
        QVERIFY2(error.startsWith(errorStart), qPrintable(error));
    }

    // Records spanning the reader's internal block boundary must come out whole,
    // including a CRLF split across two reads.
    void blockBoundaries()
    {
        QByteArray input = "h\r\n"_ba;
        QList<QStringList> expected{{u"h"_s}};
        for (int i = 0; i < 40000; ++i) {
            const QByteArray value = QByteArray::number(i) + QByteArray(i % 7, 'x');
            input += '"' + value + "\"\r\n";
            expected.append({QString::fromLatin1(value)});
        }
        QString error;
        QList<qint64> lines;
        QCOMPARE(readAll(input, &error, &lines), expected);
        QCOMPARE(error, QString());
        QCOMPARE(lines.last(), qint64(40001));
    }

    // A file of one enormous line stops with an error at the field limit, quickly and
    // without reading it all into memory.
    void hugeSingleLine()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        const QByteArray block(1024 * 1024, 'a');
        for (int i = 0; i < 80; ++i) {
            file.write(block);
        }
        file.seek(0);
        CsvReader reader(&file);
        reader.setMaxFieldBytes(8 * 1024 * 1024);
        QStringList fields;
        QVERIFY(!reader.readRecord(&fields));
        QVERIFY2(reader.errorString().startsWith(u"line 1: field 1 is longer than 8 MiB"_s),
                 qPrintable(reader.errorString()));
        QVERIFY(file.pos() < 16 * 1024 * 1024);
    }

    void header()
    {
        const CsvHeader header({u"Summary"_s, u" Description "_s});
        QCOMPARE(header.indexOf(u"summary"_s), 0);
        QCOMPARE(header.indexOf(u"DESCRIPTION"_s), 1);
        QCOMPARE(header.indexOf(u"missing"_s), -1);
        QCOMPARE(header.value({u"t"_s}, u"description"_s), QString());
        QCOMPARE(header.value({u"t"_s, u"d"_s}, u"description"_s), u"d"_s);
    }

    // Every CSV in the shared corpus reads without error and with the header's width.
    void corpusFiles_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *name : {"categorizations.csv", "commit_details.csv", "commits.csv", "reconciled.csv", "taxonomy.csv"}) {
            QTest::newRow(name) << QStringLiteral(CONCORD_CORPUS_DIR "/labels/") + QLatin1String(name);
        }
        QTest::newRow("manifest") << QStringLiteral(CONCORD_CORPUS_DIR "/manifest.csv");
    }

    void corpusFiles()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        CsvReader reader(&file);
        QStringList header;
        QVERIFY(reader.readRecord(&header));
        QStringList fields;
        int records = 0;
        while (reader.readRecord(&fields)) {
            QVERIFY2(fields.size() == header.size(),
                     qPrintable(u"record at line %1 has %2 fields"_s.arg(reader.recordLine()).arg(fields.size())));
            ++records;
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QVERIFY(records > 0);
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
