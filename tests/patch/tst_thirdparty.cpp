// SPDX-License-Identifier: GPL-3.0-or-later
// Third-party diffs and mailboxes (git's own test files, tests/data/thirdparty/): each is
// imported and its figures compared with what git itself finds in it — git mailsplit to
// split a mailbox, git mailinfo to take each mail's diff, git apply --numstat to count.
// And output made here by git itself (git log -p, git show of a merge) and by diff -c,
// compared with what git says of each commit.
#include "import/importer.h"
#include "import/patchimport.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

struct Figures
{
    int patches = 0;
    int files = 0;
    int binary = 0;
    int added = 0;
    int deleted = 0;
    bool operator==(const Figures &) const = default;
};

QString describe(const Figures &f)
{
    return u"%1 patches, %2 files, %3 binary, +%4 -%5"_s.arg(f.patches).arg(f.files).arg(f.binary).arg(f.added).arg(
        f.deleted);
}

bool runGit(const QStringList &args, const QByteArray &input, QByteArray *out, QString *error)
{
    QProcess p;
    p.setProgram(u"git"_s);
    p.setArguments(args);
    // Outside any repository: inside one, git apply ignores paths outside the current
    // directory (and the build directory is inside the source tree).
    p.setWorkingDirectory(QDir::tempPath());
    p.start();
    if (!p.waitForStarted()) {
        *error = p.errorString();
        return false;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        *error = u"git %1 did not finish"_s.arg(args.join(u' '));
        return false;
    }
    *out = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit) {
        *error = u"git %1 crashed"_s.arg(args.join(u' '));
        return false;
    }
    return p.exitCode() == 0;
}

/// Adds the figures of one diff as git apply --numstat counts them. False when git finds
/// no patch in it (a mail without a diff).
bool numstat(const QByteArray &diff, Figures *f)
{
    QByteArray out;
    QString error;
    if (!runGit({u"apply"_s, u"--numstat"_s, u"-"_s}, diff, &out, &error) || out.trimmed().isEmpty()) {
        return false;
    }
    ++f->patches;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> c = line.split('\t');
        if (c.size() < 3) {
            continue;
        }
        ++f->files;
        if (c[0] == "-") {
            ++f->binary;
        } else {
            f->added += c[0].toInt();
            f->deleted += c[1].toInt();
        }
    }
    return true;
}

/// Runs \a program in \a dir with a fixed identity and no user or system git
/// configuration (a diff.noprefix or color.ui of the machine must not change the output).
bool runIn(const QString &dir, const QString &program, const QStringList &args, QByteArray *out,
           const QByteArray &date = {}, bool anyExit = false)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"GIT_CONFIG_GLOBAL"_s, u"/dev/null"_s);
    env.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    env.insert(u"GIT_COMMITTER_NAME"_s, u"Com Mitter"_s);
    env.insert(u"GIT_COMMITTER_EMAIL"_s, u"committer@example.org"_s);
    if (!date.isEmpty()) {
        env.insert(u"GIT_AUTHOR_DATE"_s, QString::fromLatin1(date));
        env.insert(u"GIT_COMMITTER_DATE"_s, QString::fromLatin1(date));
    }
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit) {
        qWarning() << program << args << "did not finish";
        return false;
    }
    if (out) {
        *out = p.readAllStandardOutput();
    }
    if (p.exitCode() != 0 && !anyExit) {
        qWarning() << program << args << p.readAllStandardError();
        return false;
    }
    return true;
}

bool git(const QString &dir, const QStringList &args, QByteArray *out = nullptr, const QByteArray &date = {})
{
    return runIn(dir, u"git"_s, args, out, date);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// The 1-based number of the first line of \a text that starts with \a prefix, 0 if none.
int lineOf(const QByteArray &text, QByteArrayView prefix)
{
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(prefix)) {
            return i + 1;
        }
    }
    return 0;
}

} // namespace

class TestThirdParty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesGit_data();
    void matchesGit();
    void gitLogOneItemPerCommit_data();
    void gitLogOneItemPerCommit();
    void combinedAndContextDiffsRefused_data();
    void combinedAndContextDiffsRefused();
    void gnuDiffRecursive_data();
    void gnuDiffRecursive();

private:
    /// A repository with added, deleted, renamed and binary files and a merge whose
    /// conflict was resolved by hand (so git show prints a combined diff).
    void makeRepository();
    QTemporaryDir m_repoDir;
    QString m_repo;
    QByteArray m_merge;
    QString m_dataDir = QStringLiteral(CONCORD_SOURCE_DIR "/tests/data/thirdparty");
};

void TestThirdParty::initTestCase()
{
    if (QStandardPaths::findExecutable(u"git"_s).isEmpty()) {
        QSKIP("git is not installed: the expected figures come from git mailsplit and git apply --numstat");
    }
    makeRepository();
}

void TestThirdParty::makeRepository()
{
    QVERIFY(m_repoDir.isValid());
    m_repo = m_repoDir.filePath(u"repo"_s);
    QVERIFY(QDir().mkpath(m_repo));
    const QString r = m_repo;
    auto put = [&](const QString &name, const QByteArray &bytes) { QVERIFY(writeFile(r + u'/' + name, bytes)); };
    auto commit = [&](const QString &author, const QString &message, const QByteArray &date) {
        QVERIFY(git(r, {u"add"_s, u"-A"_s}));
        QVERIFY(git(r, {u"commit"_s, u"-q"_s, u"--author"_s, author, u"-m"_s, message}, nullptr, date));
    };
    QVERIFY(git(r, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}));
    QByteArray tenLines;
    for (int i = 1; i <= 10; ++i) {
        tenLines += "line " + QByteArray::number(i) + '\n';
    }
    QByteArray binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    put(u"a.txt"_s, tenLines);
    put(u"old.txt"_s, "to be deleted\nsoon\n");
    put(u"image.png"_s, binary);
    commit(u"Ann Example <ann@example.org>"_s, u"Add the first files\n\nA body paragraph\nover two lines.\n\nAnd a second one."_s,
           "2024-03-01T10:00:00+01:00");
    put(u"a.txt"_s, QByteArray(tenLines).replace("line 3\n", "line three\n"));
    QVERIFY(QFile::remove(r + u"/old.txt"_s));
    commit(u"Zoë Ünïcode <zoe@example.org>"_s, u"Delete old.txt, change a line"_s, "2024-03-02T11:30:00-05:00");
    QVERIFY(git(r, {u"mv"_s, u"a.txt"_s, u"renamed.txt"_s}));
    put(u"renamed.txt"_s, QByteArray(tenLines).replace("line 3\n", "line three\n").append("line 11\n"));
    put(u"image.png"_s, binary + QByteArray("\0more", 5));
    commit(u"Ann Example <ann@example.org>"_s, u"Rename a.txt, grow the image"_s, "2024-03-03T09:15:00+00:00");

    // A merge whose conflict was resolved to a third text: git show prints it as diff --cc.
    QVERIFY(git(r, {u"checkout"_s, u"-q"_s, u"-b"_s, u"side"_s}));
    put(u"renamed.txt"_s, QByteArray(tenLines).replace("line 3\n", "line three\n").replace("line 5\n", "side 5\n")
                              .append("line 11\n"));
    commit(u"Side Author <side@example.org>"_s, u"Side change"_s, "2024-03-04T08:00:00+00:00");
    QVERIFY(git(r, {u"checkout"_s, u"-q"_s, u"main"_s}));
    put(u"renamed.txt"_s, QByteArray(tenLines).replace("line 3\n", "line three\n").replace("line 5\n", "main 5\n")
                              .append("line 11\n"));
    commit(u"Ann Example <ann@example.org>"_s, u"Main change"_s, "2024-03-05T08:00:00+00:00");
    QByteArray ignored;
    runIn(r, u"git"_s, {u"merge"_s, u"-q"_s, u"side"_s}, &ignored, "2024-03-06T08:00:00+00:00", true); // conflicts
    put(u"renamed.txt"_s, QByteArray(tenLines).replace("line 3\n", "line three\n").replace("line 5\n", "both 5\n")
                              .append("line 11\n"));
    commit(u"Ann Example <ann@example.org>"_s, u"Merge branch 'side'"_s, "2024-03-06T08:00:00+00:00");
    QVERIFY(git(r, {u"rev-parse"_s, u"HEAD"_s}, &m_merge));
    m_merge = m_merge.trimmed();
    QByteArray parents;
    QVERIFY(git(r, {u"rev-list"_s, u"--parents"_s, u"-n1"_s, u"HEAD"_s}, &parents));
    QCOMPARE(parents.trimmed().split(' ').size(), 3); // a merge indeed
}

void TestThirdParty::gitLogOneItemPerCommit_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("git log -p") << QStringList{u"log"_s, u"-p"_s};
    QTest::newRow("git log -p --binary") << QStringList{u"log"_s, u"-p"_s, u"--binary"_s};
    QTest::newRow("git log -p, fuller, iso dates")
        << QStringList{u"log"_s, u"-p"_s, u"--format=fuller"_s, u"--date=iso"_s};
    QTest::newRow("git show of two commits") << QStringList{u"show"_s, u"HEAD~1"_s, u"HEAD~2"_s};
}

void TestThirdParty::gitLogOneItemPerCommit()
{
    QFETCH(QStringList, args);
    QByteArray log;
    QVERIFY(git(m_repo, args, &log));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"history.log"_s);
    QVERIFY(writeFile(path, log));

    // What git says of each commit shown (merges are shown without a diff: skipped).
    QByteArray list;
    QVERIFY(git(m_repo, QStringList(args.mid(0, 1)) + args.mid(1).filter(u"HEAD"_s)
                            + QStringList{u"--no-patch"_s, u"--format=%H%x09%P%x09%an%x09%aI%x09%s"_s},
                &list));
    struct Expected
    {
        QString sha, author, subject;
        QDateTime date;
        int files = 0, binary = 0, added = 0, deleted = 0;
        QStringList paths;
    };
    QList<Expected> commits;
    int merges = 0;
    for (const QByteArray &line : list.trimmed().split('\n')) {
        const QList<QByteArray> c = line.split('\t');
        QCOMPARE(c.size(), 5);
        if (c[1].contains(' ')) {
            ++merges;
            continue;
        }
        Expected e{QString::fromUtf8(c[0]), QString::fromUtf8(c[2]), QString::fromUtf8(c[4]),
                   QDateTime::fromString(QString::fromUtf8(c[3]), Qt::ISODate)};
        QByteArray numstat;
        QVERIFY(git(m_repo, {u"show"_s, u"--numstat"_s, u"--format="_s, e.sha}, &numstat));
        for (const QByteArray &n : numstat.trimmed().split('\n')) {
            const QList<QByteArray> f = n.split('\t');
            QCOMPARE(f.size(), 3);
            ++e.files;
            if (f[0] == "-") {
                ++e.binary;
            } else {
                e.added += f[0].toInt();
                e.deleted += f[1].toInt();
            }
        }
        QByteArray names;
        QVERIFY(git(m_repo, {u"show"_s, u"--name-only"_s, u"--format="_s, e.sha}, &names));
        for (const QByteArray &n : names.trimmed().split('\n')) {
            e.paths.append(QString::fromUtf8(n));
        }
        commits.append(e);
    }
    QVERIFY(commits.size() >= 2);

    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions options;
    options.project = u"test/repo"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    QCOMPARE(report.added, commits.size());
    QCOMPARE(report.skipped, merges);
    for (const QString &w : std::as_const(report.warnings)) {
        QVERIFY2(w.contains(u"(a merge or an empty commit)"_s), qPrintable(w));
    }
    for (const Expected &e : std::as_const(commits)) {
        const auto item = project->itemByKey(ItemKey::commit(u"test/repo"_s, e.sha));
        QVERIFY2(item, qPrintable(e.sha));
        QCOMPARE(item->title, e.subject);
        QCOMPARE(item->author, e.author);
        QCOMPARE(item->date, SourceDate::fromMoment(e.date));
        QCOMPARE(item->stats.files, e.files);
        QCOMPARE(item->stats.binaryFiles, e.binary);
        QCOMPARE(item->stats.linesAdded, e.added);
        QCOMPARE(item->stats.linesDeleted, e.deleted);
        QStringList paths;
        for (const PatchFile &f : project->patchFiles(item->id)) {
            paths.append(f.diff.displayPath());
        }
        QCOMPARE(paths, e.paths);
    }
}

void TestThirdParty::combinedAndContextDiffsRefused_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("git show of a merge") << u"show"_s;
    QTest::newRow("git log -p --cc") << u"log-cc"_s;
    QTest::newRow("diff -c") << u"diff-c"_s;
    QTest::newRow("bare hunk") << u"bare"_s;
}

void TestThirdParty::combinedAndContextDiffsRefused()
{
    QFETCH(QString, what);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray input;
    QString expected;
    if (what == u"show"_s || what == u"log-cc"_s) {
        QVERIFY(git(m_repo,
                    what == u"show"_s ? QStringList{u"show"_s, QString::fromLatin1(m_merge)}
                                      : QStringList{u"log"_s, u"-p"_s, u"--cc"_s},
                    &input));
        const int line = lineOf(input, "diff --cc ");
        QVERIFY(line > 0);
        expected = u"input.txt:%1: a combined diff (diff --cc) of a merge commit: Concord imports two-way diffs; "
                   "nothing was imported"_s.arg(line);
    } else if (what == u"diff-c"_s) {
        QVERIFY(writeFile(tmp.filePath(u"a"_s), "one\ntwo\nthree\n"));
        QVERIFY(writeFile(tmp.filePath(u"b"_s), "one\n2\nthree\n"));
        QVERIFY(runIn(tmp.path(), u"diff"_s, {u"-c"_s, u"a"_s, u"b"_s}, &input, {}, true));
        QVERIFY(input.startsWith("*** a"));
        expected = u"input.txt:1: a context diff (diff -c, \"***\"/\"---\" hunks): Concord imports unified diffs "
                   "(diff -u, git diff); nothing was imported"_s;
    } else {
        input = "@@ -1,2 +1,2 @@\n-a,b\n+a,c\n x,y\n";
        expected = u"input.txt:1: hunk without a file header"_s;
    }
    const QString path = tmp.filePath(u"input.txt"_s);
    QVERIFY(writeFile(path, input));
    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    // Through format detection, as concord-cli import does: said as a diff, not as a CSV.
    ImportRequest request;
    request.files = {path};
    request.options.project = u"test/repo"_s;
    ImportResult result;
    QVERIFY(!importFiles(*project, request, &result, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.endsWith(u"nothing was imported"_s), qPrintable(error));
    QCOMPARE(project->counts().patches, 0);
}

void TestThirdParty::matchesGit_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("patches"); ///< the upstream test's own statement, -1 when it makes none
    const QStringList files = QDir(m_dataDir + u"/git"_s).entryList({u"*.mbox"_s, u"*.patch"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 8);
    for (const QString &f : files) {
        // git's t5100 says sample.mbox splits into 18 mails, 15 of which carry a patch.
        QTest::newRow(qPrintable(f)) << m_dataDir + u"/git/"_s + f << (f == u"t5100-sample.mbox"_s ? 15 : -1);
    }
}

void TestThirdParty::matchesGit()
{
    QFETCH(QString, path);
    QFETCH(int, patches);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();

    // What git finds.
    Figures expected;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    if (path.endsWith(u".mbox"_s)) {
        QByteArray out;
        QString error;
        QVERIFY2(runGit({u"mailsplit"_s, u"-o"_s + tmp.path(), path}, {}, &out, &error), qPrintable(error));
        const QStringList mails = QDir(tmp.path()).entryList(QDir::Files, QDir::Name);
        QVERIFY(!mails.isEmpty());
        for (const QString &m : mails) {
            QFile mail(tmp.filePath(m));
            QVERIFY(mail.open(QIODevice::ReadOnly));
            const QString msg = tmp.filePath(m + u".msg"_s);
            const QString diff = tmp.filePath(m + u".diff"_s);
            QVERIFY2(runGit({u"mailinfo"_s, msg, diff}, mail.readAll(), &out, &error), qPrintable(error));
            QFile d(diff);
            QVERIFY(d.open(QIODevice::ReadOnly));
            numstat(d.readAll(), &expected);
        }
    } else {
        QVERIFY2(numstat(bytes, &expected), "git apply finds no patch");
    }
    if (patches >= 0) {
        QCOMPARE(expected.patches, patches);
    }

    // What Concord imports.
    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions options;
    options.project = u"git/git"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    const ProjectCounts counts = project->counts();
    const Figures got{int(counts.patches), int(counts.files), int(counts.binaryFiles), int(counts.linesAdded),
                      int(counts.linesDeleted)};
    QVERIFY2(got == expected, qPrintable(u"Concord: %1; git: %2"_s.arg(describe(got), describe(expected))));
    QCOMPARE(report.added, expected.patches);
    QCOMPARE(report.alreadyPresent, 0);
}

void TestThirdParty::gnuDiffRecursive_data()
{
    QTest::addColumn<bool>("newFiles");
    QTest::newRow("diff -ruN") << true;
    QTest::newRow("diff -ru") << false;
}

void TestThirdParty::gnuDiffRecursive()
{
    QFETCH(bool, newFiles);
    if (QStandardPaths::findExecutable(u"diff"_s).isEmpty()) {
        QSKIP("GNU diff is not installed");
    }
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString t = tmp.path();
    for (const QString &d : {u"a/only"_s, u"b/sub"_s}) {
        QVERIFY(QDir(t).mkpath(d));
    }
    QVERIFY(writeFile(t + u"/a/x.txt"_s, "one\ntwo\nthree\n"));
    QVERIFY(writeFile(t + u"/b/x.txt"_s, "one\n2\nthree\nfour\n"));
    QVERIFY(writeFile(t + u"/a/deleted.txt"_s, "gone\nalso gone\n"));
    QVERIFY(writeFile(t + u"/b/sub/added.txt"_s, "new\nfile\nhere\n"));
    QVERIFY(writeFile(t + u"/b/no-newline.txt"_s, "no newline"));
    QVERIFY(writeFile(t + u"/a/only/o.txt"_s, "x\n"));
    QVERIFY(writeFile(t + u"/a/image.bin"_s, QByteArray("\0\1bin", 5)));
    QVERIFY(writeFile(t + u"/b/image.bin"_s, QByteArray("\0\2bin", 5)));

    QByteArray diff;
    QVERIFY(runIn(t, u"diff"_s, {newFiles ? u"-ruN"_s : u"-ru"_s, u"a"_s, u"b"_s}, &diff, {}, true));
    const int onlyIn = int(diff.count("\nOnly in ")) + (diff.startsWith("Only in ") ? 1 : 0);
    QCOMPARE(onlyIn, newFiles ? 0 : 4);
    const QString path = t + u"/tree.diff"_s;
    QVERIFY(writeFile(path, diff));

    // What git finds between the two trees; diff -r without -N shows only the files on both sides.
    QByteArray numstat;
    QVERIFY(runIn(t, u"git"_s, {u"diff"_s, u"--no-index"_s, u"--no-renames"_s, u"--numstat"_s, u"a"_s, u"b"_s},
                  &numstat, {}, true));
    Figures expected;
    expected.patches = 1;
    int addedFiles = 0;
    int deletedFiles = 0;
    for (const QByteArray &line : numstat.trimmed().split('\n')) {
        const QList<QByteArray> c = line.split('\t');
        QCOMPARE(c.size(), 3);
        const bool added = c[2].startsWith("/dev/null");
        const bool deleted = c[2].endsWith("/dev/null");
        if (!newFiles && (added || deleted)) {
            continue;
        }
        addedFiles += added ? 1 : 0;
        deletedFiles += deleted ? 1 : 0;
        ++expected.files;
        if (c[0] == "-") {
            ++expected.binary;
        } else {
            expected.added += c[0].toInt();
            expected.deleted += c[1].toInt();
        }
    }

    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions options;
    options.project = u"test/repo"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    const ProjectCounts counts = project->counts();
    const Figures got{int(counts.patches), int(counts.files), int(counts.binaryFiles), int(counts.linesAdded),
                      int(counts.linesDeleted)};
    QVERIFY2(got == expected, qPrintable(u"Concord: %1; git: %2"_s.arg(describe(got), describe(expected))));
    const QList<Item> items = project->items(0, 10);
    QCOMPARE(items.size(), 1);
    int gotAdded = 0;
    int gotDeleted = 0;
    QStringList paths;
    for (const PatchFile &f : project->patchFiles(items[0].id)) {
        gotAdded += f.diff.change == FileDiff::Change::Added ? 1 : 0;
        gotDeleted += f.diff.change == FileDiff::Change::Deleted ? 1 : 0;
        paths.append(f.diff.displayPath());
    }
    QCOMPARE(gotAdded, addedFiles);
    QCOMPARE(gotDeleted, deletedFiles);
    QVERIFY2(paths.contains(u"x.txt"_s) && paths.contains(u"image.bin"_s), qPrintable(paths.join(u", "_s)));
    if (newFiles) {
        // Paths without the timestamps diff writes after a tab.
        QVERIFY2(paths.contains(u"sub/added.txt"_s) && paths.contains(u"deleted.txt"_s), qPrintable(paths.join(u", "_s)));
    }
    QCOMPARE(report.warnings.size(), onlyIn);
    for (const QString &w : std::as_const(report.warnings)) {
        QVERIFY2(w.contains(u"\"Only in "_s) && w.contains(u"on one side only"_s), qPrintable(w));
    }
}

QTEST_GUILESS_MAIN(TestThirdParty)
#include "tst_thirdparty.moc"
