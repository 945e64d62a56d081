// SPDX-License-Identifier: GPL-3.0-or-later
// JsonArrayReader: the records of a top-level array one at a time, the same values as
// QJsonDocument would give, and on a cut or broken file an error with line and column,
// never a shorter list.
#include "import/jsonstream.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestImportJsonStream : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(u"f.json"_s);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            file.write(bytes);
        }
        return path;
    }

    /// Reads every element; false with *error on the first error.
    static bool readAll(const QString &path, QJsonArray *values, QString *error, bool *isArray = nullptr)
    {
        JsonArrayReader reader(path);
        if (!reader.open()) {
            *error = reader.errorString();
            return false;
        }
        if (isArray) {
            *isArray = reader.isArray();
        }
        for (;;) {
            QJsonValue value;
            switch (reader.next(&value)) {
            case JsonArrayReader::Status::Element:
                values->append(value);
                break;
            case JsonArrayReader::Status::End:
                return true;
            case JsonArrayReader::Status::Error:
                *error = reader.errorString();
                return false;
            }
        }
    }

    static QByteArray hostile()
    {
        return "[\n"
               "  {\"title\": \"a ] b [ c } { \\\"quoted\\\" \\\\\", \"n\": 1},\n"
               "  [1, [2, [3, \"]]]\"]], {\"x\": []}],\n"
               "  \"a string with \\\\\\\" and , and ]\",\n"
               "  -12.5e3, true, null,\r\n"
               "  {\"nested\": {\"deep\": [[[{}]]]}, \"u\": \"\\u00e9\\n\"}\n"
               "]\n";
    }

private Q_SLOTS:
    void sameValuesAsDocument_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("hostile") << hostile();
        QTest::newRow("empty array") << QByteArray("  [ ]  \n");
        QTest::newRow("compact") << QByteArray("[{\"a\":1},{\"b\":[2,3]},\"s\",4,false]");
        QTest::newRow("one scalar") << QByteArray("[7]");
        QTest::newRow("escaped backslash before quote") << QByteArray("[\"\\\\\", {\"k\": \"\\\\\\\"\"}, \"]\"]");
    }
    void sameValuesAsDocument()
    {
        QFETCH(QByteArray, json);
        QJsonParseError parseError;
        const QJsonArray expected = QJsonDocument::fromJson(json, &parseError).array();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QJsonArray values;
        QString error;
        QVERIFY2(readAll(write(json), &values, &error), qPrintable(error));
        QCOMPARE(values, expected);
    }

    void truncatedAtEveryByte()
    {
        const QByteArray json = hostile();
        const QJsonArray full = QJsonDocument::fromJson(json).array();
        const qsizetype close = json.lastIndexOf(']');
        for (qsizetype cut = 0; cut <= close; ++cut) {
            QJsonArray values;
            QString error;
            const bool ok = readAll(write(json.left(cut)), &values, &error);
            QVERIFY2(!ok, qPrintable(u"cut at byte %1 read as a complete list of %2"_s.arg(cut).arg(values.size())));
            QVERIFY2(error == u"the file is empty"_s || error.startsWith(u"line "_s),
                     qPrintable(u"cut at %1: %2"_s.arg(cut).arg(error)));
            QVERIFY(values.size() <= full.size());
            for (qsizetype i = 0; i < values.size(); ++i) {
                QCOMPARE(values.at(i), full.at(i));
            }
        }
    }

    void errorsNameLineColumnAndRecord_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("ends inside a record") << QByteArray("[\n {\"a\": 1},\n {\"b\": \"x]") << u"line 3, column 11: the file ends inside record 2"_s;
        QTest::newRow("ends between records") << QByteArray("[\n {\"a\": 1},\n") << u"line 3, column 1: the file ends after record 1, before the array is closed"_s;
        QTest::newRow("malformed record") << QByteArray("[\n {\"model\": \"ponder.commit\",\n  \"pk\": 1 \"fields\": {}}\n]")
                                          << u"line 3, column"_s;
        QTest::newRow("missing comma") << QByteArray("[{\"a\": 1}\n {\"b\": 2}]") << u"line 2, column 2: malformed JSON (expected ',' or ']' after record 1)"_s;
        QTest::newRow("trailing comma") << QByteArray("[1,\n2,\n]") << u"line 3, column 1: malformed JSON (a ',' before the closing ']')"_s;
        QTest::newRow("after the array") << QByteArray("[1]\n[2]") << u"line 2, column 1: malformed JSON (something after the closing ']')"_s;
        QTest::newRow("empty") << QByteArray(" \n ") << u"the file is empty"_s;
        QTest::newRow("top-level scalar") << QByteArray("42") << u"line 1, column"_s;
        QTest::newRow("NUL bytes") << QByteArray("[\0\0\0\0", 5) << u"line 1, column 2: malformed JSON"_s;
        QTest::newRow("bare word") << QByteArray("[1, nope]") << u"line 1, column"_s;
    }
    void errorsNameLineColumnAndRecord()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QJsonArray values;
        QString error;
        QVERIFY(!readAll(write(json), &values, &error));
        QVERIFY2(error.startsWith(message), qPrintable(error));
    }

    void objectAtTopLevelIsOneElement()
    {
        QJsonArray values;
        QString error;
        bool isArray = true;
        QVERIFY2(readAll(write("{\"number\": 3, \"title\": \"t\"}"), &values, &error, &isArray), qPrintable(error));
        QVERIFY(!isArray);
        QCOMPARE(values.size(), 1);
        QCOMPARE(values.at(0).toObject().value(u"number"_s).toInt(), 3);
    }

    // The loop the streaming importers share: records numbered from 1, a sink's error
    // stops it at once and is passed on as is, the reader's errors come through.
    void forEachRecordNumbersAndStops()
    {
        const QByteArray json = "[{\"a\": 1},\n 2,\n \"three\",\n [4]]";
        const QString path = write(json);
        QList<int> numbers;
        QJsonArray values;
        QString error;
        QVERIFY2(forEachJsonRecord(
                     path,
                     [&](const QJsonValue &value, int record, QString *) {
                         numbers.append(record);
                         values.append(value);
                         return true;
                     },
                     &error),
                 qPrintable(error));
        QCOMPARE(numbers, (QList<int>{1, 2, 3, 4}));
        QCOMPARE(values, QJsonDocument::fromJson(json).array());

        numbers.clear();
        auto stopAtTwo = [&](const QJsonValue &, int record, QString *sinkError) {
            numbers.append(record);
            if (record == 2) {
                *sinkError = u"record 2: not wanted"_s;
                return false;
            }
            return true;
        };
        QVERIFY(!forEachJsonRecord(path, stopAtTwo, &error));
        QCOMPARE(error, u"record 2: not wanted"_s);
        QCOMPARE(numbers, (QList<int>{1, 2}));

        numbers.clear();
        QVERIFY(!forEachJsonRecord(write("[1,\n2,\n"), [&](const QJsonValue &, int record, QString *) { numbers.append(record); return true; },
                                   &error));
        QCOMPARE(error, u"line 3, column 1: the file ends after record 2, before the array is closed"_s);
        QCOMPARE(numbers, (QList<int>{1, 2}));

        QVERIFY(!forEachJsonRecord(m_dir.filePath(u"missing.json"_s), stopAtTwo, &error));
        QVERIFY2(error.startsWith(u"cannot open: "_s), qPrintable(error));

        // An opened reader: the caller looked at isArray() first; a top-level object is record 1.
        JsonArrayReader reader(write("{\"number\": 3}"));
        QVERIFY(reader.open());
        QVERIFY(!reader.isArray());
        numbers.clear();
        QVERIFY2(forEachJsonRecord(reader, [&](const QJsonValue &, int record, QString *) { numbers.append(record); return true; }, &error),
                 qPrintable(error));
        QCOMPARE(numbers, QList<int>{1});
    }

    void recordsAcrossChunksKeepTheirLines()
    {
        // ~3 MiB, one record per line, long strings crossing the 1 MiB chunk edges; the
        // broken last record is reported on its own line.
        QByteArray json = "[\n";
        const int records = 3000;
        for (int i = 0; i < records; ++i) {
            json += "{\"i\": " + QByteArray::number(i) + ", \"s\": \"" + QByteArray(1000 + i % 7, 'x') + "\\\"]\"},\n";
        }
        QByteArray good = json;
        good += "{\"last\": true}\n]\n";
        QJsonArray values;
        QString error;
        QVERIFY2(readAll(write(good), &values, &error), qPrintable(error));
        QCOMPARE(values.size(), records + 1);
        QCOMPARE(values.at(records - 1).toObject().value(u"i"_s).toInt(), records - 1);
        QCOMPARE(values.at(records - 1).toObject().value(u"s"_s).toString().right(2), u"\"]"_s);

        QByteArray bad = json + "{\"last\" true}\n]\n";
        values = QJsonArray();
        QVERIFY(!readAll(write(bad), &values, &error));
        QVERIFY2(error.startsWith(u"line %1, column "_s.arg(records + 2)) && error.contains(u"malformed JSON"_s), qPrintable(error));
        QCOMPARE(values.size(), records);
    }
};

QTEST_GUILESS_MAIN(TestImportJsonStream)
#include "tst_importjsonstream.moc"
