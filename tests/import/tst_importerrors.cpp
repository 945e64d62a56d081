// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input gives an error naming the file, the line or record and the cause, and the
// project is left exactly as it was (one import is one transaction).
#include "import/importer.h"
#include "store/project.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestImportErrors : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(bytes);
        }
        return path;
    }

    static QByteArray corpus(const QString &relative)
    {
        QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/") + relative);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    /// A project holding the taxonomy already, so "unchanged" has something to compare.
    std::unique_ptr<Project> seededProject(const QString &name)
    {
        QString error;
        auto project = Project::create(m_dir.filePath(name), &error);
        if (!project) {
            return nullptr;
        }
        ImportRequest request;
        request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/labels/taxonomy.csv")};
        ImportResult result;
        if (!importFiles(*project, request, &result, &error)) {
            qWarning() << error;
            return nullptr;
        }
        return project;
    }

private Q_SLOTS:
    void badInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected"); ///< must appear in the message

        const QByteArray dump = corpus(u"ponder-fixture-sample.json"_s);
        QTest::newRow("truncated dump") << write(u"truncated.json"_s, dump.left(dump.size() / 2)) << u"auto"_s
                                        << u"truncated.json: line "_s;
        QTest::newRow("malformed JSON") << write(u"malformed.json"_s, "[\n {\"model\": \"ponder.commit\",\n  \"pk\": 1 \"fields\": {}}\n]")
                                        << u"github-json"_s << u"malformed.json: line 3, column"_s;
        QTest::newRow("dump record of the wrong shape")
            << write(u"shape.json"_s, R"([{"model": "ponder.dataset", "pk": 1, "fields": {"name": "Boa"}},
 {"model": "ponder.commit", "pk": 9, "fields": {"project": "o/n", "sha": 12345, "dataset": 1}}])")
            << u"auto"_s << u"shape.json: record 2 (ponder.commit pk 9): field \"sha\" should be a string"_s;
        QTest::newRow("binary junk") << write(u"junk.bin"_s, [] {
            static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0garbage"; // NULs inside: size from the array
            return QByteArray(junk, sizeof(junk) - 1);
        }())
                                     << u"auto"_s << u"junk.bin: binary data"_s;
        QTest::newRow("empty file") << write(u"empty.csv"_s, "") << u"auto"_s << u"empty.csv: the file is empty"_s;
        QTest::newRow("wrong columns") << write(u"wrong.csv"_s, "foo,bar\n1,2\n") << u"auto"_s
                                       << u"wrong.csv: line 1: cannot tell what this CSV holds (columns: foo, bar)"_s;
        QTest::newRow("short row") << write(u"short.csv"_s, "category,description\nA,one\nB\n") << u"auto"_s
                                   << u"short.csv: line 3: 1 fields where the header has 2 columns"_s;
        QTest::newRow("unclosed quote") << write(u"quote.csv"_s, "category,description\nA,\"never closed\nB,two\n")
                                        << u"auto"_s << u"quote.csv: line 2: a quoted field starts here and is never closed"_s;
        QTest::newRow("not UTF-8") << write(u"latin1.csv"_s, "category,description\nCat\xe9gorie,x\n") << u"auto"_s
                                   << u"latin1.csv: line 2: field 1 is not valid UTF-8"_s;
        QTest::newRow("judgement of an unknown commit")
            << write(u"judgements.csv"_s, "sha,rater,is_func_fix,problem_category\n" "0123456789abcdef0123456789abcdef01234567,R1,true,Performance\n")
            << u"auto"_s << u"judgements.csv: line 2: commit 0123456789abcdef0123456789abcdef01234567 is not in the project"_s;
        QTest::newRow("issue without repository") << write(u"issue.json"_s, R"({"number": 3, "title": "t"})") << u"auto"_s
                                                  << u"issue.json: record 1 (issue #3): cannot tell its repository"_s;
        QTest::newRow("bug-report CSV, bad map") << write(u"bugs.csv"_s, "Key,Summary\nX-1,crash\n") << u"csv"_s
                                                 << u"bugs.csv: line 1: no column for the bug report's number"_s;
    }

    void badInput()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, expected);
        auto project = seededProject(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_') + u".concord"_s);
        QVERIFY(project);
        const ProjectCounts before = project->counts();
        const Codebook codebookBefore = project->codebook();

        ImportRequest request;
        request.files = {file};
        request.format = *importFormatFromName(format);
        if (QTest::currentDataTag() == QByteArray("bug-report CSV, bad map")) {
            request.columnMap = {u"title=Summary"_s};
        }
        ImportResult result;
        QString error;
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(u"nothing was imported"_s), qPrintable(error));
        QCOMPARE(project->counts(), before);
        QCOMPARE(project->codebook().values.size(), codebookBefore.values.size());
    }

    // A good file and a bad one in the same import: the good one is not imported either.
    void oneTransaction()
    {
        auto project = seededProject(u"mixed.concord"_s);
        QVERIFY(project);
        const ProjectCounts before = project->counts();
        ImportRequest request;
        request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json"),
                         write(u"bad-labels.csv"_s, "sha,rater,is_func_fix\n00a33f7e060caa6616c15003bdac95b7926b76ae,R2,maybe\n")};
        ImportResult result;
        QString error;
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(u"bad-labels.csv: line 2: is_func_fix \"maybe\" is not true or false"_s), qPrintable(error));
        QCOMPARE(project->counts(), before);
        QCOMPARE(project->itemCount(), qint64(0));
    }

    // Cancelling through the progress callback rolls everything back.
    void cancel()
    {
        auto project = seededProject(u"cancel.concord"_s);
        QVERIFY(project);
        const ProjectCounts before = project->counts();
        ImportRequest request;
        request.files = {QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")};
        int calls = 0;
        request.options.progress = [&](qint64, qint64) { return ++calls < 100; };
        ImportResult result;
        QString error;
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(u"cancelled"_s), qPrintable(error));
        QCOMPARE(calls, 100);
        QCOMPARE(project->counts(), before);
    }

    // A 2 GB one-line file is refused at once, without reading it.
    void hugeOneLineFile()
    {
        const QString path = m_dir.filePath(u"huge.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[");
        QVERIFY(file.resize(qint64(2) * 1024 * 1024 * 1024)); // sparse: no disk used
        file.close();
        auto project = seededProject(u"huge.concord"_s);
        QVERIFY(project);
        QElapsedTimer timer;
        timer.start();
        ImportRequest request;
        request.files = {path};
        ImportResult result;
        QString error;
        // Detected from its first bytes (zeros here): binary.
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(u"huge.json: binary data"_s), qPrintable(error));
        // Read as the dump it claims to be: refused by size.
        request.format = ImportFormat::Ponder;
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(u"huge.json: the file is 2048 MiB; JSON files over 512 MiB are not supported"_s), qPrintable(error));
        QVERIFY(timer.elapsed() < 5000);

        // The same as CSV: stops at the field limit, not at the end of the file.
        const QString csvPath = m_dir.filePath(u"huge.csv"_s);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("category,description\n");
        QByteArray block(1024 * 1024, 'x');
        for (int i = 0; i < 80; ++i) {
            csv.write(block);
        }
        csv.close();
        request.files = {csvPath};
        request.format = ImportFormat::Auto;
        QVERIFY(!importFiles(*project, request, &result, &error));
        QVERIFY2(error.contains(u"huge.csv: line 2: field 1 is longer than 64 MiB"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestImportErrors)
#include "tst_importerrors.moc"
