// SPDX-License-Identifier: GPL-3.0-or-later
// PatchParser against every real patch of the corpus (figures from manifest.csv) and
// against hand-made grammar cases and malformed input.
#include "patch/patchparser.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

struct ManifestRow
{
    QString project, sha, path, author;
    qint64 bytes = 0;
    int files = 0, hunks = 0, binary = 0, added = 0, deleted = 0;
    bool crlf = false;
    QDateTime date;
};

QList<ManifestRow> readManifest()
{
    QList<ManifestRow> rows;
    QFile f(QStringLiteral(CONCORD_CORPUS_DIR "/manifest.csv"));
    if (!f.open(QIODevice::ReadOnly)) {
        return rows;
    }
    const QList<QByteArray> header = f.readLine().trimmed().split(',');
    auto col = [&](const char *name) { return header.indexOf(QByteArray(name)); };
    while (!f.atEnd()) {
        const QList<QByteArray> c = f.readLine().trimmed().split(',');
        if (c.size() != header.size()) {
            continue; // the test below compares the row count with the patches on disk
        }
        ManifestRow r;
        r.project = QString::fromUtf8(c[col("project")]);
        r.sha = QString::fromUtf8(c[col("sha")]);
        r.path = QString::fromUtf8(c[col("patch_path")]);
        r.author = QString::fromUtf8(c[col("git_author_name")]);
        r.bytes = c[col("bytes")].toLongLong();
        r.files = c[col("files_changed")].toInt();
        r.hunks = c[col("hunks")].toInt();
        r.binary = c[col("binary_files")].toInt();
        r.added = c[col("lines_added")].toInt();
        r.deleted = c[col("lines_deleted")].toInt();
        r.crlf = c[col("has_crlf")] == "True";
        r.date = QDateTime::fromString(QString::fromUtf8(c[col("git_author_date")]), Qt::ISODate);
        rows.append(r);
    }
    return rows;
}

/// Streams a file through the parser like the importer does, collecting everything.
class Recorder : public PatchParser::Handler
{
public:
    bool patchStarted(const CommitHeader &header, qint64 offset) override
    {
        headers.append(header);
        starts.append(offset);
        return true;
    }
    bool fileParsed(const FileDiff &file) override
    {
        files.append(file);
        return true;
    }
    bool patchFinished(const Patch &patch) override
    {
        patches.append(patch);
        return true;
    }
    bool progress(qint64 bytes) override
    {
        lastProgress = bytes;
        return !cancelAt || bytes < cancelAt;
    }
    bool warning(qint64 line, const QString &message) override
    {
        warnings.append(u"%1: %2"_s.arg(line).arg(message));
        return true;
    }
    QStringList warnings;
    QList<CommitHeader> headers;
    QList<qint64> starts;
    QList<FileDiff> files;
    QList<Patch> patches;
    qint64 lastProgress = 0;
    qint64 cancelAt = 0;
};

/// Parses bytes and returns the error message ("" on success) with its line.
QString parseError(const QByteArray &bytes, qint64 *line = nullptr, qint64 maxLine = 0)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    PatchParser parser;
    if (maxLine > 0) {
        parser.setMaxLineLength(maxLine);
    }
    Recorder rec;
    if (parser.parse(&buffer, rec)) {
        return QString();
    }
    if (line) {
        *line = parser.error().line;
    }
    return parser.error().message;
}

/// A sequential device that yields \a size bytes of \a fill without holding them.
class Generator : public QIODevice
{
public:
    Generator(qint64 size, char fill, QByteArray prefix = {})
        : m_size(size)
        , m_fill(fill)
        , m_prefix(std::move(prefix))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool atEnd() const override { return m_pos >= m_size; }
    qint64 produced() const { return m_pos; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = qMin(max, m_size - m_pos);
        for (qint64 i = 0; i < n; ++i) {
            const qint64 p = m_pos + i;
            data[i] = p < m_prefix.size() ? m_prefix[p] : m_fill;
        }
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_size;
    char m_fill;
    QByteArray m_prefix;
    qint64 m_pos = 0;
};

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return f.readAll();
}

} // namespace

Q_DECLARE_METATYPE(ManifestRow)

class TestPatchParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void corpusMatchesManifest_data();
    void corpusMatchesManifest();
    void manifestCoversCorpus();
    void encodedHeaders_data();
    void encodedHeaders();
    void mailboxOfManyPatches();
    void signatureIsNotADeletedLine();
    void plainUnifiedDiff();
    void extendedHeaders();
    void binaryPatches();
    void crlfAndNonUtf8();
    void hunkLinesNumbers();
    void wholeMailWithCrlf();
    void malformed_data();
    void malformed();
    void hugeSingleLine();
    void longLineInHunkIsStreamed();
    void cancel();
    void mailboxFromLines();
    void zeroShaAndCoverLetter();
    void truncatedMail_data();
    void truncatedMail();
    void quotedPrintableMail();
    void gitLogEntries();
    void missingSides();
    void inBodyHeaders();
    void formatFlowed();
    void attachmentTypes();
    void nulInHeader();
    void commentaryAfterHunks();
};

void TestPatchParser::corpusMatchesManifest_data()
{
    QTest::addColumn<ManifestRow>("row");
    const QList<ManifestRow> rows = readManifest();
    QVERIFY2(rows.size() >= 200, "manifest.csv missing or short");
    for (const ManifestRow &r : rows) {
        QTest::newRow(qPrintable(r.path)) << r;
    }
}

void TestPatchParser::corpusMatchesManifest()
{
    QFETCH(ManifestRow, row);
    const QString path = QStringLiteral(CONCORD_CORPUS_DIR "/") + row.path;
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QCOMPARE(file.size(), row.bytes);
    PatchParser parser;
    Recorder rec;
    QVERIFY2(parser.parse(&file, rec), qPrintable(parser.error().toString(path)));

    QCOMPARE(rec.patches.size(), 1);
    const Patch &p = rec.patches.constFirst();
    QCOMPARE(p.offset, 0);
    QCOMPARE(p.length, row.bytes); // the whole file belongs to the patch: stored bytes = file
    QCOMPARE(QString::fromLatin1(p.header.sha), row.sha);
    QCOMPARE(p.header.author, row.author);
    QCOMPARE(p.header.date, row.date);
    QVERIFY(!p.header.subject.isEmpty());
    QVERIFY(!p.header.subject.startsWith(u"[PATCH"_s));

    int hunks = 0, binary = 0, added = 0, deleted = 0;
    const QByteArray bytes = readFile(path);
    qint64 previousEnd = 0;
    for (const FileDiff &f : std::as_const(rec.files)) {
        hunks += f.hunks.size();
        binary += f.binary ? 1 : 0;
        added += f.added;
        deleted += f.deleted;
        QVERIFY(!f.displayPath().isEmpty());
        // Sections are in order, do not overlap and start with their "diff --git" line.
        QVERIFY(f.offset >= previousEnd);
        QVERIFY(f.offset + f.length <= bytes.size());
        QVERIFY(bytes.sliced(f.offset).startsWith("diff --git "));
        previousEnd = f.offset + f.length;
        int fileAdded = 0, fileDeleted = 0;
        for (const Hunk &h : f.hunks) {
            QVERIFY(h.offset >= f.offset && h.offset + h.length <= f.offset + f.length);
            const QByteArrayView hb = QByteArrayView(bytes).sliced(h.offset, h.length);
            QVERIFY(hb.startsWith("@@ -"));
            // hunkLines() re-reads the same bytes and must agree with the parser's counts.
            const QList<DiffLine> lines = PatchParser::hunkLines(h, hb);
            int a = 0, d = 0, ctx = 0;
            for (const DiffLine &l : lines) {
                a += l.kind == DiffLine::Kind::Added;
                d += l.kind == DiffLine::Kind::Deleted;
                ctx += l.kind == DiffLine::Kind::Context;
            }
            QCOMPARE(a, h.added);
            QCOMPARE(d, h.deleted);
            QCOMPARE(ctx + d, h.oldCount);
            QCOMPARE(ctx + a, h.newCount);
            fileAdded += a;
            fileDeleted += d;
        }
        QCOMPARE(fileAdded, f.added);
        QCOMPARE(fileDeleted, f.deleted);
    }
    QCOMPARE(rec.files.size(), row.files);
    QCOMPARE(hunks, row.hunks);
    QCOMPARE(binary, row.binary);
    QCOMPARE(added, row.added);
    QCOMPARE(deleted, row.deleted);
}

void TestPatchParser::manifestCoversCorpus()
{
    // Every patch on disk is in the manifest, so the data-driven test above sees them all.
    const QList<ManifestRow> rows = readManifest();
    QSet<QString> listed;
    for (const ManifestRow &r : rows) {
        listed.insert(r.path);
    }
    QDir dir(QStringLiteral(CONCORD_CORPUS_DIR "/patches"));
    int onDisk = 0;
    for (const QString &project : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const QString &name : QDir(dir.filePath(project)).entryList({u"*.patch"_s})) {
            ++onDisk;
            QVERIFY2(listed.contains(u"patches/"_s + project + u'/' + name), qPrintable(name));
        }
    }
    QCOMPARE(onDisk, rows.size());
}

void TestPatchParser::encodedHeaders_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("author");
    QTest::addColumn<QString>("subject");
    // Expected values decoded independently (Python's email.header) from the corpus.
    QTest::newRow("q utf-8 subject split over folded words")
        << u"Nam-SW__Response_Generation/dd38f06df79685a342fc5ebe56ac863f109f2a8b.patch"_s << u"Ean"_s
        << u"fix: 됐으면 좋겠따"_s;
    QTest::newRow("q utf-8 subject") << u"Nam-SW__Response_Generation/f72b139c3c0fc2a47c65a69bd06f9a956feb5c6e.patch"_s
                                     << u"Ean"_s << u"fix: 설마 이대로고쳐진다거나?"_s;
    QTest::newRow("q utf-8 author, folded From")
        << u"tensorflow__addons/96c3308432bb525c33556063b8f92eeb6123644f.patch"_s << u"Yan Facai (颜发才)"_s
        << u"Convert unknown rank image to 4D image (#330)"_s;
    QTest::newRow("latin accents in author")
        << u"nyikovicsmate__thesis/6cd67cf254312cea06e77aaf2d021d42d279319d.patch"_s << u"Nyikovics Máté"_s
        << u"Fixes."_s;
}

void TestPatchParser::encodedHeaders()
{
    QFETCH(QString, path);
    QFETCH(QString, author);
    QFETCH(QString, subject);
    const QByteArray bytes = readFile(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + path);
    QVERIFY(!bytes.isEmpty());
    PatchParseError error;
    const auto patches = PatchParser::parseAll(bytes, &error);
    QVERIFY2(patches, qPrintable(error.toString(path)));
    QCOMPARE(patches->size(), 1);
    QCOMPARE(patches->constFirst().header.author, author);
    QCOMPARE(patches->constFirst().header.subject, subject);
    QCOMPARE(patches->constFirst().header.authorEmail, u"redacted@example.invalid"_s);
}

void TestPatchParser::mailboxOfManyPatches()
{
    // A mailbox is format-patch files one after another; each keeps its exact bytes.
    const QList<ManifestRow> rows = readManifest();
    QVERIFY(rows.size() >= 3);
    QByteArray mbox;
    QList<QByteArray> parts;
    const QList<int> picked{0, 5, 17};
    for (int i : picked) {
        parts.append(readFile(QStringLiteral(CONCORD_CORPUS_DIR "/") + rows[i].path));
        mbox += parts.constLast();
    }
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mbox, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mbox"_s)));
    QCOMPARE(patches->size(), 3);
    qint64 offset = 0;
    for (int k = 0; k < 3; ++k) {
        const Patch &p = patches->at(k);
        QCOMPARE(p.offset, offset);
        QCOMPARE(mbox.sliced(p.offset, p.length), parts[k]);
        offset += parts[k].size();
        QCOMPARE(QString::fromLatin1(p.header.sha), rows[picked[k]].sha);
    }
}

void TestPatchParser::signatureIsNotADeletedLine()
{
    // The last hunk deletes a line whose text is "-- " (so the patch line is "--- ");
    // its count says so. The "-- " after it is git's signature, not a deletion.
    const QByteArray patch = "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
                             "From: A U Thor <a@example.org>\n"
                             "Date: Thu, 16 Apr 2020 13:26:00 +0200\n"
                             "Subject: [PATCH 2/7] Drop the sig\n"
                             "\n"
                             "Body line.\n"
                             "---\n"
                             " sig.txt | 2 +-\n"
                             "\n"
                             "diff --git a/sig.txt b/sig.txt\n"
                             "index 1111111..2222222 100644\n"
                             "--- a/sig.txt\n"
                             "+++ b/sig.txt\n"
                             "@@ -1,2 +1,1 @@\n"
                             " keep\n"
                             "--- \n"
                             "-- \n"
                             "2.39.5\n"
                             "\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(patch, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"sig"_s)));
    const Patch &p = patches->constFirst();
    QCOMPARE(p.header.subject, u"Drop the sig"_s);
    QCOMPARE(p.header.message, u"Body line."_s);
    QCOMPARE(p.header.date, QDateTime(QDate(2020, 4, 16), QTime(11, 26), QTimeZone::UTC));
    QCOMPARE(p.files.size(), 1);
    QCOMPARE(p.files[0].deleted, 1);
    QCOMPARE(p.files[0].added, 0);
    QCOMPARE(p.length, patch.size());
    const Hunk &h = p.files[0].hunks[0];
    const QList<DiffLine> lines = PatchParser::hunkLines(h, QByteArrayView(patch).sliced(h.offset, h.length));
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[1].kind, DiffLine::Kind::Deleted);
    QCOMPARE(lines[1].text, u"-- "_s);
    QVERIFY(!patch.sliced(p.files[0].offset, p.files[0].length).contains("2.39.5"));
}

void TestPatchParser::plainUnifiedDiff()
{
    // diff -u output: timestamps after a tab, no "diff --git", several files, junk lines.
    const QByteArray diff = "Only in new: extra\n"
                            "diff -u old/a.c new/a.c\n"
                            "--- old/a.c\t2024-01-01 10:00:00.000000000 +0100\n"
                            "+++ new/a.c\t2024-01-02 10:00:00.000000000 +0100\n"
                            "@@ -1,3 +1,3 @@\n"
                            " int main()\n"
                            "-{ return 1; }\n"
                            "+{ return 0; }\n"
                            " \n"
                            "--- /dev/null\t1970-01-01 00:00:00.000000000 +0000\n"
                            "+++ new/b.h\t2024-01-02 10:00:00.000000000 +0100\n"
                            "@@ -0,0 +1 @@\n"
                            "+#pragma once\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(diff, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"diff"_s)));
    QCOMPARE(patches->size(), 1);
    const Patch &p = patches->constFirst();
    QVERIFY(p.header.sha.isEmpty());
    QCOMPARE(p.length, diff.size());
    QCOMPARE(p.files.size(), 2);
    QCOMPARE(p.files[0].oldPath, u"a.c"_s);
    QCOMPARE(p.files[0].newPath, u"a.c"_s);
    QCOMPARE(p.files[0].added, 1);
    QCOMPARE(p.files[0].deleted, 1);
    QCOMPARE(p.files[1].change, FileDiff::Change::Added);
    QCOMPARE(p.files[1].newPath, u"b.h"_s);
    QVERIFY(p.files[1].oldPath.isEmpty());
    QCOMPARE(p.files[1].hunks[0].newCount, 1);
    QCOMPARE(p.files[1].added, 1);
}

void TestPatchParser::extendedHeaders()
{
    const QByteArray diff = "diff --git a/old name.txt b/new name.txt\n"
                            "similarity index 91%\n"
                            "rename from old name.txt\n"
                            "rename to new name.txt\n"
                            "index 1111111..2222222 100644\n"
                            "--- a/old name.txt\n"
                            "+++ b/new name.txt\n"
                            "@@ -1 +1 @@\n"
                            "-x\n"
                            "+y\n"
                            "diff --git a/run.sh b/run.sh\n"
                            "old mode 100644\n"
                            "new mode 100755\n"
                            "diff --git a/link b/link\n"
                            "new file mode 120000\n"
                            "index 0000000..3333333\n"
                            "--- /dev/null\n"
                            "+++ b/link\n"
                            "@@ -0,0 +1 @@\n"
                            "+target\n"
                            "\\ No newline at end of file\n"
                            "diff --git a/third_party/lib b/third_party/lib\n"
                            "deleted file mode 160000\n"
                            "index 4444444..0000000\n"
                            "--- a/third_party/lib\n"
                            "+++ /dev/null\n"
                            "@@ -1 +0,0 @@\n"
                            "-Subproject commit 4444444444444444444444444444444444444444\n"
                            "diff --git a/src/x.c b/src/y.c\n"
                            "similarity index 100%\n"
                            "copy from src/x.c\n"
                            "copy to src/y.c\n"
                            "diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\n"
                            "new file mode 100644\n"
                            "index 0000000..e69de29\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(diff, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"diff"_s)));
    const QList<FileDiff> &f = patches->constFirst().files;
    QCOMPARE(f.size(), 6);
    QCOMPARE(f[0].change, FileDiff::Change::Renamed);
    QCOMPARE(f[0].oldPath, u"old name.txt"_s);
    QCOMPARE(f[0].newPath, u"new name.txt"_s);
    QCOMPARE(f[0].similarity, 91);
    QCOMPARE(f[0].oldIndex, "1111111");
    QCOMPARE(f[0].newIndex, "2222222");
    QCOMPARE(f[1].change, FileDiff::Change::Modified);
    QCOMPARE(f[1].oldMode, u"100644"_s);
    QCOMPARE(f[1].newMode, u"100755"_s);
    QVERIFY(f[1].hunks.isEmpty());
    QCOMPARE(f[1].newPath, u"run.sh"_s);
    QCOMPARE(f[2].change, FileDiff::Change::Added);
    QVERIFY(f[2].symlink);
    QCOMPARE(f[2].added, 1);
    // The "\ No newline" line belongs to the hunk's bytes.
    const Hunk &h = f[2].hunks[0];
    const QByteArray hb = diff.sliced(h.offset, h.length);
    QVERIFY(hb.endsWith("\\ No newline at end of file\n"));
    const QList<DiffLine> lines = PatchParser::hunkLines(h, hb);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[1].kind, DiffLine::Kind::NoNewline);
    QCOMPARE(f[3].change, FileDiff::Change::Deleted);
    QVERIFY(f[3].submodule);
    QCOMPARE(f[3].oldPath, u"third_party/lib"_s);
    QVERIFY(f[3].newPath.isEmpty());
    QCOMPARE(f[4].change, FileDiff::Change::Copied);
    QCOMPARE(f[4].oldPath, u"src/x.c"_s);
    QCOMPARE(f[4].newPath, u"src/y.c"_s);
    QCOMPARE(f[5].newPath, u"café.txt"_s);
    QCOMPARE(f[5].change, FileDiff::Change::Added);
}

void TestPatchParser::binaryPatches()
{
    const QByteArray diff = "diff --git a/img.png b/img.png\n"
                            "new file mode 100644\n"
                            "index 0000000..1111111\n"
                            "GIT binary patch\n"
                            "literal 5\n"
                            "McmZQzWMXCj00aO4O#lD@\n"
                            "\n"
                            "literal 0\n"
                            "HcmV?d00001\n"
                            "\n"
                            "diff --git a/doc.pdf b/doc.pdf\n"
                            "index 2222222..3333333 100644\n"
                            "Binary files a/doc.pdf and b/doc.pdf differ\n"
                            "diff --git a/t.txt b/t.txt\n"
                            "index 4444444..5555555 100644\n"
                            "--- a/t.txt\n"
                            "+++ b/t.txt\n"
                            "@@ -1 +1 @@\n"
                            "-a\n"
                            "+b\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(diff, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"diff"_s)));
    const QList<FileDiff> &f = patches->constFirst().files;
    QCOMPARE(f.size(), 3);
    QVERIFY(f[0].binary);
    QVERIFY(f[0].hunks.isEmpty());
    QVERIFY(f[1].binary);
    QVERIFY(!f[2].binary);
    QCOMPARE(f[2].added, 1);

    // A corrupt base85 line is an error with its line number.
    QByteArray bad = diff;
    bad.replace("McmZQzWMXCj00aO4O#lD@\n", "McmZQzWMXCj00\n");
    qint64 line = 0;
    QVERIFY(parseError(bad, &line).contains(u"corrupt binary patch"_s));
    QCOMPARE(line, 6);
}

void TestPatchParser::crlfAndNonUtf8()
{
    // Content lines with CRLF and Latin-1 bytes: counted, kept, shown with U+FFFD.
    QByteArray diff = "diff --git a/w.txt b/w.txt\n"
                      "--- a/w.txt\n"
                      "+++ b/w.txt\n"
                      "@@ -1,2 +1,2 @@\n"
                      " caf\xe9\r\n"
                      "-old\r\n"
                      "+new\xff\r\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(diff, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"diff"_s)));
    const FileDiff &f = patches->constFirst().files.constFirst();
    QCOMPARE(f.added, 1);
    QCOMPARE(f.deleted, 1);
    const Hunk &h = f.hunks.constFirst();
    QCOMPARE(h.offset + h.length, diff.size());
    const QList<DiffLine> lines = PatchParser::hunkLines(h, QByteArrayView(diff).sliced(h.offset, h.length));
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].crlf);
    QCOMPARE(lines[0].text, u"caf\ufffd"_s);
    QCOMPARE(lines[2].text, u"new\ufffd"_s);
    QCOMPARE(lines[1].oldLine, 2);
    QCOMPARE(lines[2].newLine, 2);

    // The CRLF corpus patches are covered by corpusMatchesManifest; one of them explicitly.
    const QByteArray crlf = readFile(
        QStringLiteral(CONCORD_CORPUS_DIR "/patches/Z-yq__TensorflowASR/1cdc4096b7bc8a47f01008663243af4645ff24a9.patch"));
    QVERIFY(crlf.contains("\r\n"));
    const auto crlfPatches = PatchParser::parseAll(crlf, &error);
    QVERIFY2(crlfPatches, qPrintable(error.message));
    bool sawCrlf = false;
    for (const FileDiff &file : crlfPatches->constFirst().files) {
        for (const Hunk &hk : file.hunks) {
            for (const DiffLine &l : PatchParser::hunkLines(hk, QByteArrayView(crlf).sliced(hk.offset, hk.length))) {
                sawCrlf = sawCrlf || l.crlf;
                QVERIFY(!l.text.endsWith(u'\r'));
            }
        }
    }
    QVERIFY(sawCrlf);
}

void TestPatchParser::hunkLinesNumbers()
{
    const QByteArray diff = "--- a/f\n+++ b/f\n@@ -10,4 +20,5 @@ def heading():\n a\n-b\n+c\n+d\n e\n\n";
    const auto patches = PatchParser::parseAll(diff);
    QVERIFY(patches);
    const Hunk &h = patches->constFirst().files.constFirst().hunks.constFirst();
    QCOMPARE(h.heading, u"def heading():"_s);
    const QList<DiffLine> l = PatchParser::hunkLines(h, QByteArrayView(diff).sliced(h.offset, h.length));
    QCOMPARE(l.size(), 6);
    QCOMPARE(l[0].oldLine, 10);
    QCOMPARE(l[0].newLine, 20);
    QCOMPARE(l[1].oldLine, 11);
    QCOMPARE(l[1].newLine, 0);
    QCOMPARE(l[2].newLine, 21);
    QCOMPARE(l[3].newLine, 22);
    QCOMPARE(l[4].oldLine, 12);
    QCOMPARE(l[4].newLine, 23);
    // An empty line stands for an empty context line (mailers strip the space).
    QCOMPARE(l[5].kind, DiffLine::Kind::Context);
    QCOMPARE(l[5].oldLine, 13);
    QCOMPARE(l[5].text, QString());
}

void TestPatchParser::wholeMailWithCrlf()
{
    // A mail client on Windows saves the whole mail with CRLF: headers, separators, the
    // signature. It parses to the same figures, with no '\r' in the decoded text.
    const QList<ManifestRow> rows = readManifest();
    QVERIFY(rows.size() > 20);
    const ManifestRow &row = rows[20];
    QByteArray bytes = readFile(QStringLiteral(CONCORD_CORPUS_DIR "/") + row.path);
    QVERIFY(!bytes.contains('\r'));
    bytes.replace("\n", "\r\n");
    PatchParseError error;
    const auto patches = PatchParser::parseAll(bytes, &error);
    QVERIFY2(patches, qPrintable(error.toString(row.path)));
    const Patch &p = patches->constFirst();
    QCOMPARE(p.header.author, row.author);
    QCOMPARE(p.header.date, row.date);
    QVERIFY(!p.header.subject.contains(u'\r'));
    QVERIFY(!p.header.message.contains(u'\r'));
    int hunks = 0, added = 0, deleted = 0;
    for (const FileDiff &f : p.files) {
        hunks += f.hunks.size();
        added += f.added;
        deleted += f.deleted;
        QVERIFY(!f.displayPath().contains(u'\r'));
    }
    QCOMPARE(p.files.size(), row.files);
    QCOMPARE(hunks, row.hunks);
    QCOMPARE(added, row.added);
    QCOMPARE(deleted, row.deleted);
}

void TestPatchParser::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");
    QTest::addColumn<qint64>("line");
    const QByteArray head = "diff --git a/f b/f\n--- a/f\n+++ b/f\n";
    QTest::newRow("counts too large, next file") << head + "@@ -1,3 +1,3 @@\n a\n-b\n+c\ndiff --git a/g b/g\n"
                                                 << u"announces 3 old and 3 new lines but has 2 and 2"_s << qint64(8);
    QTest::newRow("truncated in hunk") << head + "@@ -1,5 +1,5 @@\n a\n" << u"ends at line 5 inside hunk 1 of f"_s
                                       << qint64(5);
    QTest::newRow("bad hunk header") << head + "@@ -x,1 +1 @@\n" << u"malformed hunk header"_s << qint64(4);
    QTest::newRow("hunk without header") << QByteArray("hello\n@@ -1 +1 @@\n-a\n+b\n") << u"hunk without a file header"_s
                                         << qint64(2);
    QTest::newRow("empty") << QByteArray() << u"no patch or diff found"_s << qint64(0);
    QTest::newRow("binary junk") << QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0", 24)
                                 << u"no patch or diff found"_s << qint64(0);
    QTest::newRow("text without diff") << QByteArray("just some\nwords\n") << u"no patch or diff found"_s << qint64(0);
    QTest::newRow("diff --git without names") << QByteArray("diff --git \n") << u"without two file names"_s << qint64(1);
    QTest::newRow("binary without data") << QByteArray("diff --git a/b b/b\nGIT binary patch\n")
                                         << u"ends inside the binary patch at line 2"_s << qint64(0);
    // public-inbox's t/data/binary.patch: git apply says "corrupt binary patch".
    QTest::newRow("binary data without its empty line")
        << QByteArray("diff --git a/z b/z\nnew file mode 100644\nindex 0000000..f76dd23\nGIT binary patch\nliteral 1\n"
                      "IcmZPo000310RR91\n\nliteral 0\nHcmV?d00001\n")
        << u"the input ends at line 9 inside the binary patch at line 4, before the empty line that ends its data"_s
        << qint64(9);
    QTest::newRow("base64 mail cut in a hunk")
        << QByteArray("From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
                      "From: X <x@y>\nContent-Transfer-Encoding: base64\n\n"
                      + QByteArray("---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n").toBase64() + "\n")
        << u"decoded text of the mail that starts here, at its line 6: the input ends at line 6 inside hunk 1 of f"_s
        << qint64(1);
    QTest::newRow("similarity > 100") << QByteArray("diff --git a/a b/b\nsimilarity index 130%\n")
                                      << u"malformed similarity index"_s << qint64(2);
    QTest::newRow("huge hunk count") << head + "@@ -1,99999999999 +1 @@\n" << u"malformed hunk header"_s << qint64(4);
    QTest::newRow("combined diff") << QByteArray("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
                                                 "diff --cc g\nindex 1,2..3\n--- a/g\n+++ b/g\n@@@ -1,1 -1,1 +1,1 @@@\n")
                                   << u"a combined diff (diff --cc) of a merge commit"_s << qint64(7);
    QTest::newRow("combined hunk, no diff --cc") << QByteArray("--- a/g\n+++ b/g\n@@@ -1,1 -1,1 +1,1 @@@\n")
                                                 << u"a combined diff (\"@@@\" hunks) of a merge commit"_s << qint64(3);
    QTest::newRow("context diff") << QByteArray("*** a\t2024-01-01\n--- b\t2024-01-01\n***************\n*** 1 ****\n")
                                  << u"a context diff (diff -c"_s << qint64(1);
}

void TestPatchParser::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    QFETCH(qint64, line);
    qint64 gotLine = -1;
    const QString got = parseError(input, &gotLine);
    QVERIFY2(got.contains(message), qPrintable(got));
    QCOMPARE(gotLine, line);
}

void TestPatchParser::hugeSingleLine()
{
    // A 2 GB file of one line: refused at once, without reading it all or buffering it.
    Generator junk(qint64(2) << 30, 'x');
    PatchParser parser;
    Recorder rec;
    QVERIFY(!parser.parse(&junk, rec));
    QCOMPARE(parser.error().line, 1);
    QVERIFY2(parser.error().message.contains(u"longer than 16 MiB"_s), qPrintable(parser.error().message));
    QVERIFY(junk.produced() < qint64(64) << 20);
}

void TestPatchParser::longLineInHunkIsStreamed()
{
    // A 40 MB added line (minified code) inside a hunk is fine: counted, not buffered.
    const QByteArray head = "diff --git a/m.js b/m.js\n--- a/m.js\n+++ b/m.js\n@@ -0,0 +1,2 @@\n+";
    QByteArray tail = "\n+end\n";
    const qint64 lineLength = qint64(40) << 20;
    // head, then the long line of 'x', then tail: build with a generator over the prefix
    // and append the tail by a second parse step is not possible, so use a buffer.
    QByteArray input = head + QByteArray(lineLength, 'x') + tail;
    PatchParseError error;
    const auto patches = PatchParser::parseAll(input, &error);
    QVERIFY2(patches, qPrintable(error.message));
    const FileDiff &f = patches->constFirst().files.constFirst();
    QCOMPARE(f.added, 2);
    QCOMPARE(f.hunks[0].offset + f.hunks[0].length, input.size());
}

void TestPatchParser::cancel()
{
    // Progress arrives while reading, and returning false stops the parse.
    QByteArray big;
    const QByteArray file = readFile(QStringLiteral(CONCORD_CORPUS_DIR "/patches/tensorflow__io/d46154bd0dfd5e3868a14cca8521c51ac67dd7cb.patch"));
    QVERIFY(file.size() > (1 << 20));
    big = file + file + file;
    QBuffer buffer(&big);
    buffer.open(QIODevice::ReadOnly);
    PatchParser parser;
    Recorder rec;
    rec.cancelAt = 2 << 20;
    QVERIFY(!parser.parse(&buffer, rec));
    QCOMPARE(parser.error().message, u"cancelled"_s);
    QVERIFY(rec.lastProgress >= (1 << 20));
    QVERIFY(rec.patches.size() < 3);
}

namespace {
QByteArray mail(const QByteArray &fromLine, const QByteArray &subject, const QByteArray &file, bool signature = true)
{
    QByteArray m = fromLine + "\nFrom: A U Thor <a@example.com>\nDate: Mon, 1 Jan 2024 12:00:00 +0000\nSubject: "
        + subject + "\nMessage-ID: <" + file + "@example.com>\n\nWhy " + file + ".\n>From the archive.\n---\n " + file
        + " | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/" + file + " b/" + file
        + "\n--- a/" + file + "\n+++ b/" + file + "\n@@ -1 +1 @@\n-a\n+b\n";
    if (signature) {
        m += "-- \n2.47.0\n";
    }
    return m + "\n";
}
} // namespace

void TestPatchParser::mailboxFromLines()
{
    // Every kind of "From " line starts a message, and every message's headers are read.
    const QByteArray mbox = mail("From mboxrd@z Thu Jan  1 00:00:00 1970", "[PATCH 1/4] one", "a.c")
        + mail("From git@z Thu Jan  1 00:00:00 1970", "[PATCH 2/4] two", "b.c")
        + mail("From someone@example.com Mon Jan  1 12:00:00 2024", "Re: [PATCH 3/4] three", "c.c", false)
        + mail("From nobody Mon Sep 17 00:00:00 2001", "=?UTF-8?q?[PATCH_4/4]_f=C3=BCnf?=", "d.c", false);
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mbox, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mbox"_s)));
    QCOMPARE(patches->size(), 4);
    // As git mailinfo: "Re:" goes with the brackets (the mail client's mail is a reply).
    const QStringList subjects{u"one"_s, u"two"_s, u"three"_s, u"fünf"_s};
    const QStringList files{u"a.c"_s, u"b.c"_s, u"c.c"_s, u"d.c"_s};
    qint64 end = 0;
    for (int k = 0; k < 4; ++k) {
        const Patch &p = patches->at(k);
        QCOMPARE(p.offset, end);
        end = p.offset + p.length;
        QVERIFY(p.header.sha.isEmpty());
        QCOMPARE(p.header.subject, subjects[k]);
        QCOMPARE(p.header.author, u"A U Thor"_s);
        QCOMPARE(p.header.date, QDateTime(QDate(2024, 1, 1), QTime(12, 0), QTimeZone::UTC));
        QCOMPARE(p.header.messageId, u"<"_s + files[k] + u"@example.com>"_s);
        QCOMPARE(p.files.size(), 1);
        QCOMPARE(p.files[0].newPath, files[k]);
    }
    QCOMPARE(end, mbox.size());
    // mboxrd quoting is undone in the message of an mboxrd mailbox only.
    QVERIFY2(patches->at(0).header.message.contains(u"\nFrom the archive."_s), qPrintable(patches->at(0).header.message));
    QVERIFY(patches->at(1).header.message.contains(u"\n>From the archive."_s));
    // A "From " line in prose is not a message start.
    const QByteArray prose = mail("From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001", "x", "e.c");
    QByteArray withProse = prose;
    withProse.replace("Why e.c.\n", "Why e.c.\n\nFrom now on this works.\n");
    const auto one = PatchParser::parseAll(withProse, &error);
    QVERIFY2(one, qPrintable(error.message));
    QCOMPARE(one->size(), 1);
}

void TestPatchParser::zeroShaAndCoverLetter()
{
    const QByteArray zero = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001";
    const QByteArray cover = zero
        + "\nFrom: A <a@x>\nSubject: [PATCH 0/2] the series\n\nA cover letter.\n\nA (2):\n  one\n  two\n\n"
          " a.c | 2 +-\n b.c | 2 +-\n 2 files changed, 2 insertions(+), 2 deletions(-)\n\n-- \n2.47.0\n\n";
    const QByteArray mbox = cover + mail(zero, "[PATCH 1/2] one", "a.c") + mail(zero, "[PATCH 2/2] two", "b.c");
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mbox, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mbox"_s)));
    QCOMPARE(patches->size(), 3);
    QCOMPARE(patches->at(0).header.subjectPrefix, u"[PATCH 0/2]"_s);
    QCOMPARE(patches->at(0).files.size(), 0); // the importer reports it as skipped
    QCOMPARE(patches->at(1).files.size(), 1);
    QCOMPARE(patches->at(2).files.size(), 1);
    QCOMPARE(patches->at(2).header.subject, u"two"_s);
}

void TestPatchParser::truncatedMail_data()
{
    QTest::addColumn<int>("cutAfterLine");
    QTest::addColumn<QString>("message");
    // The mail of truncatedMail(): its line 10 ends the diffstat, 17 the first file, 23 the diff.
    QTest::newRow("complete") << 26 << QString();
    QTest::newRow("at a file boundary") << 17 << u"the mail ends at line 17 after a.c: its diffstat promised 2 files, 1 were read"_s;
    QTest::newRow("inside a hunk") << 15 << u"the input ends at line 15 inside hunk 1 of a.c"_s;
    // What format-patch --no-signature writes: the diffstat's counts all match.
    QTest::newRow("before the signature (--no-signature)") << 23 << QString();
    QTest::newRow("at a hunk boundary") << 22 << u"the input ends at line 22 inside hunk 1 of b.c"_s;
    QTest::newRow("before the diff") << 10 << u"the mail ends at line 10 before its first file: its diffstat promised 2 files, 0 were read"_s;
    QTest::newRow("mid-line of the last line") << -1 << u"inside a line (no line end) and without the \"-- \" line"_s;
}

void TestPatchParser::truncatedMail()
{
    QFETCH(int, cutAfterLine);
    QFETCH(QString, message);
    const QByteArray m = "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
                         "From: A <a@x>\nSubject: [PATCH] two files\n\nText.\n---\n"
                         " a.c | 3 ++-\n b.c | 2 +-\n 2 files changed, 3 insertions(+), 2 deletions(-)\n\n"
                         "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n-a\n+b\n+c\n"
                         "diff --git a/b.c b/b.c\n--- a/b.c\n+++ b/b.c\n@@ -1 +1 @@\n-a\n+b\n"
                         "-- \n2.47.0\n\n";
    QByteArray input;
    if (cutAfterLine < 0) {
        input = m.left(m.indexOf("-- \n") - 1); // "+b" without its line end
    } else {
        qsizetype pos = 0;
        for (int i = 0; i < cutAfterLine; ++i) {
            pos = m.indexOf('\n', pos) + 1;
        }
        input = m.left(pos);
    }
    const QString got = parseError(input);
    if (message.isEmpty()) {
        QCOMPARE(got, QString());
    } else {
        QVERIFY2(got.contains(message), qPrintable(got));
    }
    // Without the mail around it (a plain git diff) only the hunk counts can tell.
    const QByteArray diff = m.mid(m.indexOf("diff --git"));
    QCOMPARE(parseError(diff.left(diff.indexOf("diff --git a/b.c"))), QString());
}

void TestPatchParser::quotedPrintableMail()
{
    // git send-email and mail clients may send a patch quoted-printable: read it decoded.
    const QByteArray qp = "From nobody Mon Sep 17 00:00:00 2001\nFrom: =?ISO8859-1?Q?David_K=E5gedal?= <d@x>\n"
                          "Subject: [PATCH] qp\nContent-Type: text/plain; charset=ISO8859-1\n"
                          "Content-Transfer-Encoding: quoted-printable\n\nK=E5gedal wrote this.\n---\n"
                          "diff --git a/some/long=\n-name.txt b/some/long-name.txt\n--- a/some/long-name.txt\n"
                          "+++ b/some/long-name.txt\n@@ -1,2 +1,2 @@\n a=20\n-b=3D1\n+b=3D=E5\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(qp, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"qp"_s)));
    QCOMPARE(patches->size(), 1);
    const Patch &p = patches->constFirst();
    QCOMPARE(p.header.author, u"David Kågedal"_s);
    QCOMPARE(p.header.message, u"Kågedal wrote this."_s);
    QCOMPARE(p.files.size(), 1);
    QCOMPARE(p.files[0].newPath, u"some/long-name.txt"_s);
    QCOMPARE(p.files[0].added, 1);
    QVERIFY(p.decoded.contains("+b=\xc3\xa5\n"));
    const Hunk &h = p.files[0].hunks[0];
    const QList<DiffLine> lines = PatchParser::hunkLines(h, QByteArrayView(p.decoded).sliced(h.offset - p.offset, h.length));
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0].text, u"a "_s);
    QCOMPARE(lines[2].text, u"b=å"_s);
    // The decoded bytes read again give the same values (they are what the store keeps).
    const auto again = PatchParser::parseAll(p.decoded, &error);
    QVERIFY2(again, qPrintable(error.message));
    QCOMPARE(again->constFirst().files.size(), 1);
    QCOMPARE(again->constFirst().files[0].added, 1);
}

void TestPatchParser::gitLogEntries()
{
    // git log -p --format=fuller --date=iso, then the default format: a merge without a
    // diff, a commit with a decoration, a message of two paragraphs.
    const QByteArray log = "commit 1111111111111111111111111111111111111111\n"
                           "Merge: aaaaaaa bbbbbbb\n"
                           "Author:     Ann Example <ann@example.org>\n"
                           "AuthorDate: 2024-03-06 08:00:00 +0000\n"
                           "Commit:     Com Mitter <c@example.org>\n"
                           "CommitDate: 2024-03-07 08:00:00 +0000\n"
                           "\n"
                           "    Merge branch 'side'\n"
                           "\n"
                           "commit 2222222222222222222222222222222222222222 (HEAD -> main, tag: v1)\n"
                           "Author: Zo\xc3\xab \xc3\x9cn\xc3\xaf" "code <zoe@example.org>\n"
                           "Date:   Sat Mar 2 11:30:00 2024 -0500\n"
                           "\n"
                           "    Delete old.txt,\n"
                           "    change a line\n"
                           "    \n"
                           "    The body.\n"
                           "\n"
                           "diff --git a/old.txt b/old.txt\n"
                           "deleted file mode 100644\n"
                           "index 1234567..0000000\n"
                           "--- a/old.txt\n"
                           "+++ /dev/null\n"
                           "@@ -1 +0,0 @@\n"
                           "-gone\n"
                           "\n"
                           "commit 3333333333333333333333333333333333333333\n"
                           "Author: Ann Example <ann@example.org>\n"
                           "Date:   Fri Mar 1 10:00:00 2024 +0100\n"
                           "\n"
                           "    Add a file\n"
                           "\n"
                           "diff --git a/a.txt b/a.txt\n"
                           "new file mode 100644\n"
                           "index 0000000..1234567\n"
                           "--- /dev/null\n"
                           "+++ b/a.txt\n"
                           "@@ -0,0 +1,2 @@\n"
                           "+one\n"
                           "+two\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(log, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"log"_s)));
    QCOMPARE(patches->size(), 3);
    const Patch &merge = patches->at(0);
    QCOMPARE(merge.header.sha, QByteArray(40, '1'));
    QVERIFY(merge.files.isEmpty());
    QCOMPARE(merge.header.subject, u"Merge branch 'side'"_s);
    QCOMPARE(merge.header.date, QDateTime(QDate(2024, 3, 6), QTime(8, 0), QTimeZone::UTC));

    const Patch &del = patches->at(1);
    QCOMPARE(del.header.sha, QByteArray(40, '2'));
    QCOMPARE(del.header.author, u"Zoë Ünïcode"_s);
    QCOMPARE(del.header.authorEmail, u"zoe@example.org"_s);
    QCOMPARE(del.header.date, QDateTime(QDate(2024, 3, 2), QTime(16, 30), QTimeZone::UTC));
    QCOMPARE(del.header.date.offsetFromUtc(), -5 * 3600);
    QCOMPARE(del.header.subject, u"Delete old.txt, change a line"_s); // the first paragraph, as git's %s
    QCOMPARE(del.header.message, u"The body."_s);
    QCOMPARE(del.line, 10);
    QCOMPARE(del.files.size(), 1);
    QCOMPARE(del.files[0].change, FileDiff::Change::Deleted);
    QCOMPARE(del.files[0].deleted, 1);

    const Patch &add = patches->at(2);
    QCOMPARE(add.header.date.offsetFromUtc(), 3600);
    QCOMPARE(add.header.subject, u"Add a file"_s);
    QVERIFY(add.header.message.isEmpty());
    QCOMPARE(add.files.size(), 1);
    QCOMPARE(add.files[0].change, FileDiff::Change::Added);
    QCOMPARE(add.files[0].added, 2);
    // Each entry's bytes run from its "commit" line to the next one.
    QCOMPARE(log.mid(add.offset, add.length), log.mid(log.indexOf("commit 3333")));
    QCOMPARE(del.offset + del.length, add.offset);
}

void TestPatchParser::missingSides()
{
    // svn diff's "(revision 0)"/"(nonexistent)", diff -N's epoch in another time zone, a
    // real timestamp that is not the epoch.
    const QByteArray input = "Index: added.c\n"
                             "===================================================================\n"
                             "--- added.c\t(revision 0)\n"
                             "+++ added.c\t(working copy)\n"
                             "@@ -0,0 +1 @@\n"
                             "+int x;\n"
                             "Index: gone.c\n"
                             "===================================================================\n"
                             "--- gone.c\t(revision 12)\n"
                             "+++ gone.c\t(nonexistent)\n"
                             "@@ -1 +0,0 @@\n"
                             "-int y;\n"
                             "diff -ruN a/new.txt b/new.txt\n"
                             "--- a/new.txt\t1969-12-31 19:00:00.000000000 -0500\n"
                             "+++ b/new.txt\t2024-03-01 10:00:00.123456789 -0500\n"
                             "@@ -0,0 +1 @@\n"
                             "+new\n"
                             "diff -ruN a/kept.txt b/kept.txt\n"
                             "--- a/kept.txt\t1970-01-01 00:00:01.000000000 +0000\n"
                             "+++ b/kept.txt\t2024-03-01 10:00:00.000000000 +0000\n"
                             "@@ -1 +1 @@\n"
                             "-a\n"
                             "+b\n"
                             "Binary files a/pic.png and b/pic.png differ\n"
                             "Only in a: stray.o\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(input, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"diff"_s)));
    QCOMPARE(patches->size(), 1);
    const QList<FileDiff> &files = patches->at(0).files;
    QCOMPARE(files.size(), 5);
    QCOMPARE(files[0].change, FileDiff::Change::Added);
    QCOMPARE(files[0].newPath, u"added.c"_s);
    QCOMPARE(files[1].change, FileDiff::Change::Deleted);
    QCOMPARE(files[1].oldPath, u"gone.c"_s);
    QCOMPARE(files[2].change, FileDiff::Change::Added);
    QCOMPARE(files[2].newPath, u"new.txt"_s);
    QCOMPARE(files[3].change, FileDiff::Change::Modified);
    QCOMPARE(files[3].oldPath, u"kept.txt"_s);
    QCOMPARE(files[3].newPath, u"kept.txt"_s);
    QVERIFY(files[4].binary);
    QCOMPARE(files[4].newPath, u"pic.png"_s);
    QCOMPARE(files[4].hunks.size(), 0);
}

namespace {
std::optional<QList<Patch>> parseWithWarnings(const QByteArray &bytes, QStringList *warnings, QString *error)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    PatchParser parser;
    Recorder rec;
    if (!parser.parse(&buffer, rec)) {
        *error = parser.error().toString(u"input"_s);
        return std::nullopt;
    }
    *warnings = rec.warnings;
    // The streaming parser hands files over one by one: put them back into their patches.
    QList<Patch> patches = rec.patches;
    qsizetype next = 0;
    for (Patch &p : patches) {
        while (next < rec.files.size() && rec.files[next].offset < p.offset + p.length) {
            p.files.append(rec.files[next++]);
        }
    }
    return patches;
}
} // namespace

void TestPatchParser::inBodyHeaders()
{
    // git am's convention (mailinfo's in-body headers): From:, Subject: and Date: at the
    // start of the body override the mail's, as when a maintainer sends a patch by
    // someone else. Prefixes go as mailinfo's cleanup_subject removes them.
    const QByteArray mail = "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
                            "From: Maintainer <m@x>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
                            "Subject: Re: [PATCH v2 3/7] [net] sent on behalf\n\n"
                            "From: =?UTF-8?Q?Zo=C3=AB?= Author <zoe@x>\nDate: Tue, 2 Jan 2024 11:00:00 +0100\n"
                            "Subject: [PATCH] the real\n subject\n\nThe message.\n---\n"
                            "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n-- \n2.47.0\n";
    PatchParseError error;
    auto patches = PatchParser::parseAll(mail, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mail"_s)));
    QCOMPARE(patches->size(), 1);
    const CommitHeader &h = patches->at(0).header;
    QCOMPARE(h.author, u"Zoë Author"_s);
    QCOMPARE(h.authorEmail, u"zoe@x"_s);
    QCOMPARE(h.date, QDateTime(QDate(2024, 1, 2), QTime(10, 0), QTimeZone::UTC));
    QCOMPARE(h.subject, u"the real subject"_s);
    QCOMPARE(h.subjectPrefix, u"[PATCH]"_s);
    QCOMPARE(h.message, u"The message."_s);

    // Without in-body headers the mail's own stay, and its prefixes are all stripped.
    QByteArray plain = mail;
    plain.replace(plain.indexOf("From: =?UTF-8"), plain.indexOf("The message.") - plain.indexOf("From: =?UTF-8"), "");
    patches = PatchParser::parseAll(plain, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mail"_s)));
    QCOMPARE(patches->at(0).header.author, u"Maintainer"_s);
    QCOMPARE(patches->at(0).header.subject, u"sent on behalf"_s);
    QCOMPARE(patches->at(0).header.subjectPrefix, u"Re: [PATCH v2 3/7] [net]"_s);
    QCOMPARE(patches->at(0).header.message, u"The message."_s);

    // A message that merely starts with a word and a colon is a message.
    QByteArray prose = plain;
    prose.replace("The message.", "Fixes: 1234 (an old bug)\n\nThe message.");
    patches = PatchParser::parseAll(prose, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mail"_s)));
    QCOMPARE(patches->at(0).header.message, u"Fixes: 1234 (an old bug)\n\nThe message."_s);
}

void TestPatchParser::formatFlowed()
{
    // RFC 3676 as git mailinfo undoes it: stuffed spaces go, soft breaks join (delsp=yes
    // drops the space before the break), the "-- " signature line stays.
    const QByteArray mail = "From nobody Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\nSubject: [PATCH] flowed\n"
                            "Content-Type: text/plain; charset=utf-8; format=flowed\n\n"
                            "A long message line that a mail client broke \nin two.\n---\n"
                            "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n"
                            "  one\n-two\n+2\n  three\n-- \n2.47.0\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mail, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mail"_s)));
    QCOMPARE(patches->size(), 1);
    const Patch &p = patches->at(0);
    QCOMPARE(p.header.message, u"A long message line that a mail client broke in two."_s);
    QCOMPARE(p.files.size(), 1);
    QCOMPARE(p.files[0].added, 1);
    QCOMPARE(p.files[0].deleted, 1);
    const Hunk &h = p.files[0].hunks[0];
    const QList<DiffLine> lines = PatchParser::hunkLines(h, QByteArrayView(p.decoded).sliced(h.offset - p.offset, h.length));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0].text, u"one"_s);
    QCOMPARE(lines[0].kind, DiffLine::Kind::Context);
}

void TestPatchParser::attachmentTypes()
{
    // A patch attached as application/octet-stream (what many mail clients do) is read; an
    // image beside it is not.
    const QByteArray diff = "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n";
    const QByteArray mail = "From nobody Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\nSubject: [PATCH] attached\n"
                            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\n"
                            "Content-Type: text/plain\n\nSee the attachment.\n--XX\n"
                            "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
                            + QByteArray("\x89PNG\r\n\x1a\n\0\0", 10).toBase64() + "\n--XX\n"
                            "Content-Type: application/octet-stream; name=fix.patch\n"
                            "Content-Transfer-Encoding: base64\n\n" + diff.toBase64() + "\n--XX--\n";
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mail, &error);
    QVERIFY2(patches, qPrintable(error.toString(u"mail"_s)));
    QCOMPARE(patches->size(), 1);
    QCOMPARE(patches->at(0).files.size(), 1);
    QCOMPARE(patches->at(0).files[0].newPath, u"a.c"_s);
    QVERIFY(!patches->at(0).decoded.contains("PNG"));
}

void TestPatchParser::nulInHeader()
{
    const QByteArray mail = QByteArray("From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
                                       "From: A <a@x>\nSubject: [PATCH] before")
        + QByteArray(1, '\0') + "after\n\nText.\n---\n"
        + "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n-- \n2.47.0\n";
    QVERIFY(mail.contains(QByteArray("before\0after", 12)));
    QStringList warnings;
    QString error;
    const auto patches = parseWithWarnings(mail, &warnings, &error);
    QVERIFY2(patches, qPrintable(error));
    QCOMPARE(patches->at(0).header.subject, u"before\uFFFDafter"_s);
    QCOMPARE(warnings, QStringList{u"3: the subject header holds a NUL byte; it is kept as \uFFFD"_s});
}

void TestPatchParser::commentaryAfterHunks()
{
    // Review comments after the diff, and lines like a diff's after a hunk whose counts
    // are used up: git apply reads them as text (checked in tst_thirdparty against git).
    const QByteArray head = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";
    QStringList warnings;
    QString error;
    auto patches = parseWithWarnings(head + "\nLooks good to me.\nReviewed-by: R <r@x>\n", &warnings, &error);
    QVERIFY2(patches, qPrintable(error));
    QCOMPARE(patches->at(0).files[0].added, 1);
    QCOMPARE(warnings, QStringList{u"8: text after the last hunk of f (lines 8 to 9) is not part of the diff: kept in "
                                   "the stored patch, not counted"_s});

    patches = parseWithWarnings(head + "+c\n", &warnings, &error);
    QVERIFY2(patches, qPrintable(error));
    QCOMPARE(patches->at(0).files[0].added, 1);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings[0].startsWith(u"7: the hunk at line 4 announces 1 old and 1 new lines, but more lines like a "
                                    "diff's follow (\"+c\")"_s),
             qPrintable(warnings[0]));

    // Text between two files (svn's "Index:" preamble, diff -r's command line) is no commentary.
    patches = parseWithWarnings(head + "Index: g\n===\n--- g\n+++ g\n@@ -1 +1 @@\n-a\n+b\n", &warnings, &error);
    QVERIFY2(patches, qPrintable(error));
    QCOMPARE(patches->at(0).files.size(), 2);
    QCOMPARE(warnings, QStringList());
}

QTEST_GUILESS_MAIN(TestPatchParser)
#include "tst_patchparser.moc"
