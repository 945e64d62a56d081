// SPDX-License-Identifier: GPL-3.0-or-later
// Patch import into a real project file: the whole corpus, byte-identical storage,
// re-import, all-or-nothing on errors, mailboxes, plain diffs and cancelling.
#include "import/patchimport.h"
#include "patch/patchparser.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

struct Row
{
    QString project, sha, path;
    qint64 bytes = 0;
    int files = 0, hunks = 0, binary = 0, added = 0, deleted = 0;
    QString author;
};

QList<Row> manifest()
{
    QList<Row> rows;
    QFile f(QStringLiteral(CONCORD_CORPUS_DIR "/manifest.csv"));
    if (!f.open(QIODevice::ReadOnly)) {
        return rows;
    }
    const QList<QByteArray> h = f.readLine().trimmed().split(',');
    auto col = [&](const char *n) { return h.indexOf(QByteArray(n)); };
    while (!f.atEnd()) {
        const QList<QByteArray> c = f.readLine().trimmed().split(',');
        if (c.size() != h.size()) {
            continue;
        }
        Row r;
        r.project = QString::fromUtf8(c[col("project")]);
        r.sha = QString::fromUtf8(c[col("sha")]);
        r.path = QStringLiteral(CONCORD_CORPUS_DIR "/") + QString::fromUtf8(c[col("patch_path")]);
        r.bytes = c[col("bytes")].toLongLong();
        r.files = c[col("files_changed")].toInt();
        r.hunks = c[col("hunks")].toInt();
        r.binary = c[col("binary_files")].toInt();
        r.added = c[col("lines_added")].toInt();
        r.deleted = c[col("lines_deleted")].toInt();
        r.author = QString::fromUtf8(c[col("git_author_name")]);
        rows.append(r);
    }
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPatchImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void wholeCorpus();
    void errorImportsNothing();
    void mailboxAndPlainDiff();
    void mailsWithoutOwnSha();
    void mailsNamingOneCommit();
    void existingItemWithoutContentGetsIt();
    void cancelImportsNothing();
    void projectFromPath();
    void detection();

private:
    std::unique_ptr<Project> newProject(const QString &name = u"p.concord"_s)
    {
        QString error;
        auto p = Project::create(m_dir->filePath(name), &error);
        if (!p) {
            qWarning() << error;
        }
        return p;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPatchImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestPatchImport::wholeCorpus()
{
    const QList<Row> rows = manifest();
    QVERIFY(rows.size() >= 200);
    auto project = newProject();
    QVERIFY(project);
    QStringList paths;
    ProjectCounts expected;
    for (const Row &r : rows) {
        paths.append(r.path);
        expected.files += r.files;
        expected.hunks += r.hunks;
        expected.binaryFiles += r.binary;
        expected.linesAdded += r.added;
        expected.linesDeleted += r.deleted;
    }
    ImportOptions options;
    options.dataset = u"GH commits"_s;
    qint64 lastDone = 0, lastTotal = 0;
    options.progress = [&](qint64 done, qint64 total) {
        lastDone = done;
        lastTotal = total;
        return true;
    };
    ImportReport report;
    QString error;
    QVERIFY2(importPatchFiles(*project, paths, options, &report, &error), qPrintable(error));
    QCOMPARE(report.added, rows.size());
    QCOMPARE(report.alreadyPresent, 0);
    QVERIFY(lastTotal > 9000000 && lastDone > 0 && lastDone <= lastTotal);

    const ProjectCounts counts = project->counts();
    QCOMPARE(counts.items, rows.size());
    QCOMPARE(counts.patches, rows.size());
    QCOMPARE(counts.files, expected.files);
    QCOMPARE(counts.hunks, expected.hunks);
    QCOMPARE(counts.binaryFiles, expected.binaryFiles);
    QCOMPARE(counts.linesAdded, expected.linesAdded);
    QCOMPARE(counts.linesDeleted, expected.linesDeleted);

    for (const Row &r : rows) {
        const auto item = project->itemByKey(ItemKey::commit(r.project, r.sha));
        QVERIFY2(item, qPrintable(r.path));
        QCOMPARE(item->stats.files, r.files);
        QCOMPARE(item->stats.hunks, r.hunks);
        QCOMPARE(item->stats.binaryFiles, r.binary);
        QCOMPARE(item->stats.linesAdded, r.added);
        QCOMPARE(item->stats.linesDeleted, r.deleted);
        QCOMPARE(item->author, r.author);
        QVERIFY(!item->title.isEmpty());
        // Byte-identical: what a user exports is exactly the file they imported.
        const auto bytes = project->patchBytes(item->id);
        QVERIFY(bytes);
        QCOMPARE(bytes->size(), r.bytes);
        QVERIFY2(*bytes == readAll(r.path), qPrintable(r.path));
    }

    // Stored hunk offsets point into the stored bytes: the diff view reads one hunk.
    const auto big = project->itemByKey(ItemKey::commit(u"tensorflow/io"_s, u"d46154bd0dfd5e3868a14cca8521c51ac67dd7cb"_s));
    QVERIFY(big);
    const QList<PatchFile> files = project->patchFiles(big->id);
    QCOMPARE(files.size(), big->stats.files);
    int checked = 0;
    for (const PatchFile &f : files) {
        for (const Hunk &h : project->fileHunks(f.id)) {
            const auto hb = project->patchBytes(big->id, h.offset, h.length);
            QVERIFY(hb);
            QVERIFY(hb->startsWith("@@ -"));
            const QList<DiffLine> lines = PatchParser::hunkLines(h, *hb);
            int a = 0;
            for (const DiffLine &l : lines) {
                a += l.kind == DiffLine::Kind::Added;
            }
            QCOMPARE(a, h.added);
            ++checked;
        }
    }
    QVERIFY(checked > 10);

    // The same files again: nothing added, and the report says so.
    ImportReport again;
    QVERIFY2(importPatchFiles(*project, paths, options, &again, &error), qPrintable(error));
    QCOMPARE(again.added, 0);
    QCOMPARE(again.alreadyPresent, rows.size());
    QVERIFY(again.summary().contains(u"already present"_s));
    QCOMPARE(project->counts(), counts);
}

void TestPatchImport::errorImportsNothing()
{
    const QList<Row> rows = manifest();
    QVERIFY(!rows.isEmpty());
    // A good patch, then one whose hunk counts lie: the whole import fails, naming the
    // bad file and line, and the good one is not imported either.
    QByteArray bad = readAll(rows[2].path);
    const qsizetype hunk = bad.indexOf("\n@@ -");
    QVERIFY(hunk > 0);
    const qsizetype comma = bad.indexOf(',', hunk + 5);
    bad.insert(comma + 1, "9"); // "-12,5" becomes "-12,95"
    const QString badPath = m_dir->filePath(u"owner__repo/bad.patch"_s);
    QVERIFY(writeFile(badPath, bad));
    const qint64 badLine = bad.left(hunk + 1).count('\n') + 1;

    auto project = newProject();
    QVERIFY(project);
    ImportReport report;
    QString error;
    QVERIFY(!importPatchFiles(*project, {rows[0].path, badPath}, {}, &report, &error));
    QVERIFY2(error.startsWith(badPath + u':'), qPrintable(error));
    QVERIFY2(error.contains(u"the hunk at line %1 announces"_s.arg(badLine)), qPrintable(error));
    QVERIFY2(error.endsWith(u"nothing was imported"_s), qPrintable(error));
    QCOMPARE(report.added, 0);
    QCOMPARE(project->counts().items, 0);
    QCOMPARE(project->counts().files, 0);

    // Truncated in the middle of a hunk and binary junk: the same.
    const QByteArray good = readAll(rows[3].path);
    const QString truncated = m_dir->filePath(u"owner__repo/truncated.patch"_s);
    QVERIFY(writeFile(truncated, good.left(good.indexOf("\n@@ -") + 40)));
    QVERIFY(!importPatchFile(*project, truncated, {}, &report, &error));
    QVERIFY2(error.contains(u"truncated.patch:15: the input ends at line 15 inside hunk 1 of"_s), qPrintable(error));
    const QString junk = m_dir->filePath(u"owner__repo/junk.patch"_s);
    QByteArray junkBytes;
    for (int i = 0; i < 100000; ++i) {
        junkBytes.append(char((i * 7919) % 256));
    }
    QVERIFY(writeFile(junk, junkBytes));
    QVERIFY(!importPatchFile(*project, junk, {}, &report, &error));
    QVERIFY2(error.startsWith(junk), qPrintable(error));
    QCOMPARE(project->counts().items, 0);

    // A file that does not exist.
    QVERIFY(!importPatchFile(*project, m_dir->filePath(u"none.patch"_s), {}, &report, &error));
    QVERIFY2(error.contains(u"cannot open"_s), qPrintable(error));
}

void TestPatchImport::mailboxAndPlainDiff()
{
    const QList<Row> rows = manifest();
    QByteArray mbox;
    for (int i : {10, 11, 12}) {
        mbox += readAll(rows[i].path);
    }
    const QString mboxPath = m_dir->filePath(u"mbox"_s);
    QVERIFY(writeFile(mboxPath, mbox));
    auto project = newProject();
    QVERIFY(project);
    ImportOptions options;
    options.project = u"some/project"_s;
    ImportReport report;
    QString error;
    QVERIFY2(importPatchFile(*project, mboxPath, options, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 3);
    for (int i : {10, 11, 12}) {
        const auto item = project->itemByKey(ItemKey::commit(u"some/project"_s, rows[i].sha));
        QVERIFY(item);
        QCOMPARE(*project->patchBytes(item->id), readAll(rows[i].path));
        QCOMPARE(item->stats.hunks, rows[i].hunks);
    }
    // Without --project a commit outside an OWNER__NAME directory is refused, clearly.
    auto other = newProject(u"q.concord"_s);
    QVERIFY(!importPatchFile(*other, mboxPath, {}, &report, &error));
    QVERIFY2(error.contains(u"--project"_s), qPrintable(error));

    // A plain diff has no sha: its key is the SHA-256 of its bytes.
    const QByteArray diff = "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n";
    const QString diffPath = m_dir->filePath(u"change.diff"_s);
    QVERIFY(writeFile(diffPath, diff));
    QVERIFY2(importPatchFile(*project, diffPath, {}, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 1);
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(diff, QCryptographicHash::Sha256).toHex());
    const auto item = project->itemByKey(ItemKey{ItemKind::Patch, QString(), hash});
    QVERIFY(item);
    QCOMPARE(*project->patchBytes(item->id), diff);
    QCOMPARE(item->stats.linesAdded, 1);
    QVERIFY2(importPatchFile(*project, diffPath, {}, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 0);
    QCOMPARE(report.alreadyPresent, 1);
}

void TestPatchImport::mailsWithoutOwnSha()
{
    // A --zero-commit series with a cover letter, then mails from a list archive: every mail
    // with a diff is an item of its own, keyed by the SHA-256 of its bytes; the cover letter
    // is reported as skipped.
    auto mail = [](const QByteArray &from, const QByteArray &subject, const QByteArray &file) {
        return from + "\nFrom: A <a@x>\nDate: Mon, 1 Jan 2024 12:00:00 +0000\nSubject: " + subject
            + "\n\nText.\n---\n " + file + " | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/"
            + file + " b/" + file + "\n--- a/" + file + "\n+++ b/" + file + "\n@@ -1 +1 @@\n-a\n+b\n-- \n2.47.0\n\n";
    };
    const QByteArray zero = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001";
    const QByteArray cover = zero + "\nFrom: A <a@x>\nSubject: [PATCH 0/2] the series\n\nBlurb.\n\n-- \n2.47.0\n\n";
    const QList<QByteArray> mails{mail(zero, "[PATCH 1/2] one", "a.c"), mail(zero, "[PATCH 2/2] two", "b.c"),
                                  mail("From mboxrd@z Thu Jan  1 00:00:00 1970", "[PATCH] three", "c.c"),
                                  mail("From git@z Thu Jan  1 00:00:00 1970", "[PATCH] three", "c.c")};
    QByteArray mbox = cover;
    for (const QByteArray &m : mails) {
        mbox += m;
    }
    const QString path = m_dir->filePath(u"series.mbox"_s);
    QVERIFY(writeFile(path, mbox));
    auto project = newProject();
    QVERIFY(project);
    ImportReport report;
    QString error;
    QVERIFY2(importPatchFile(*project, path, {}, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 4);
    QCOMPARE(report.alreadyPresent, 0);
    QCOMPARE(report.skipped, 1);
    QCOMPARE(report.warnings.size(), 1);
    QVERIFY2(report.warnings[0].contains(u"series.mbox:1: cover letter \"[PATCH 0/2] the series\" has no diff; skipped"_s),
             qPrintable(report.warnings[0]));
    const QStringList titles{u"one"_s, u"two"_s, u"three"_s, u"three"_s};
    for (int k = 0; k < mails.size(); ++k) {
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(mails[k], QCryptographicHash::Sha256).toHex());
        const auto item = project->itemByKey(ItemKey{ItemKind::Patch, QString(), hash});
        QVERIFY2(item, qPrintable(titles[k]));
        QCOMPARE(item->title, titles[k]);
        QCOMPARE(item->author, u"A"_s);
        QCOMPARE(*project->patchBytes(item->id), mails[k]);
    }
    // The same mail again is present; a byte-different mail is not.
    const QString again = m_dir->filePath(u"again.mbox"_s);
    QVERIFY(writeFile(again, mails[2] + mail("From nobody Mon Sep 17 00:00:00 2001", "[PATCH] three", "c.c")));
    QVERIFY2(importPatchFile(*project, again, {}, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 1);
    QCOMPARE(report.alreadyPresent, 1);
}

void TestPatchImport::mailsNamingOneCommit()
{
    // Mails of one input that name the same commit: the very same bytes again are that
    // commit; other bytes (of the same length or not) are not, and become items of their
    // own keyed by the SHA-256 of their bytes, with a warning naming the first mail's line.
    auto mail = [](const QByteArray &subject, const QByteArray &file) {
        return "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\n"
               "Date: Mon, 1 Jan 2024 12:00:00 +0000\nSubject: "
            + subject + "\n\nText.\n---\n " + file + " | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/"
            + file + " b/" + file + "\n--- a/" + file + "\n+++ b/" + file + "\n@@ -1 +1 @@\n-a\n+b\n-- \n2.47.0\n\n";
    };
    const QByteArray first = mail("[PATCH] one", "a.c");
    const QByteArray sameLength = mail("[PATCH] one", "b.c");
    const QByteArray longer = mail("[PATCH] one", "long.c");
    QCOMPARE(sameLength.size(), first.size());
    const QString path = m_dir->filePath(u"one-sha.mbox"_s);
    QVERIFY(writeFile(path, first + sameLength + first + longer));
    auto project = newProject();
    QVERIFY(project);
    ImportOptions options;
    options.project = u"some/project"_s;
    ImportReport report;
    QString error;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 3);
    QCOMPARE(report.alreadyPresent, 1);
    QCOMPARE(report.warnings.size(), 2);
    for (const QString &warning : std::as_const(report.warnings)) {
        QVERIFY2(warning.contains(u"names commit 1234567890abcdef1234567890abcdef12345678 like the mail at line 1 but "
                                  "differs from it"_s),
                 qPrintable(warning));
    }
    const auto commit = project->itemByKey(ItemKey::commit(u"some/project"_s, u"1234567890abcdef1234567890abcdef12345678"_s));
    QVERIFY(commit);
    QCOMPARE(*project->patchBytes(commit->id), first);
    for (const QByteArray &other : {sameLength, longer}) {
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex());
        const auto item = project->itemByKey(ItemKey{ItemKind::Patch, u"some/project"_s, hash});
        QVERIFY(item);
        QCOMPARE(*project->patchBytes(item->id), other);
    }
}

void TestPatchImport::existingItemWithoutContentGetsIt()
{
    // The web-app dump creates items by project + sha without content; importing the
    // patch afterwards fills them instead of adding a second item.
    const QList<Row> rows = manifest();
    auto project = newProject();
    QVERIFY(project);
    QString error;
    Item item;
    item.key = ItemKey::commit(rows[0].project, rows[0].sha);
    item.title = u"from the dump"_s;
    QVERIFY2(project->addItem(item, &error), qPrintable(error));
    ImportReport report;
    QVERIFY2(importPatchFile(*project, rows[0].path, {}, &report, &error), qPrintable(error));
    QCOMPARE(project->counts().items, 1);
    const auto stored = project->itemByKey(item.key);
    QVERIFY(stored);
    QCOMPARE(stored->stats.hunks, rows[0].hunks);
    QCOMPARE(*project->patchBytes(stored->id), readAll(rows[0].path));
}

void TestPatchImport::cancelImportsNothing()
{
    const QList<Row> rows = manifest();
    QStringList paths;
    for (const Row &r : rows) {
        paths.append(r.path);
    }
    auto project = newProject();
    QVERIFY(project);
    ImportOptions options;
    options.progress = [](qint64 done, qint64) { return done < 3000000; };
    ImportReport report;
    QString error;
    QVERIFY(!importPatchFiles(*project, paths, options, &report, &error));
    QVERIFY2(error.contains(u"cancelled"_s) && error.contains(u"nothing was imported"_s), qPrintable(error));
    QCOMPARE(project->counts().items, 0);
}

void TestPatchImport::projectFromPath()
{
    QCOMPARE(projectFromPatchPath(u"/x/patches/tensorflow__addons/96c3.patch"_s), u"tensorflow/addons"_s);
    QCOMPARE(projectFromPatchPath(u"/x/patches/Z-yq__TensorflowASR/1.patch"_s), u"Z-yq/TensorflowASR"_s);
    QCOMPARE(projectFromPatchPath(u"/tmp/plain/1.patch"_s), QString());
}

void TestPatchImport::detection()
{
    const QList<Row> rows = manifest();
    QVERIFY(looksLikePatch(readAll(rows[0].path).left(4096)));
    QVERIFY(looksLikePatch("diff --git a/x b/x\n"));
    QVERIFY(looksLikePatch("Only in x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n"));
    QVERIFY(!looksLikePatch("[{\"model\": \"ponder.commit\"}]"));
    QVERIFY(!looksLikePatch("project,sha\nowner/name,abc\n"));
    QVERIFY(!looksLikePatch(readAll(QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json")).left(4096)));
}

QTEST_GUILESS_MAIN(TestPatchImport)
#include "tst_patchimport.moc"
