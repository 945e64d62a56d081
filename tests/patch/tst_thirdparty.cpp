// SPDX-License-Identifier: GPL-3.0-or-later
// Third-party diffs and mailboxes (tests/data/thirdparty/PROJECT/: test files of git,
// python-unidiff, go-gitdiff and public-inbox, each folder with a README naming its source):
// each is imported and its figures compared with what git itself finds in it — git
// mailsplit to split a mailbox, git mailinfo to take each mail's diff, git apply --numstat
// to count. Where git refuses an input, Concord must refuse it too, naming the file and the
// line, unless the upstream test states what the input holds.
// And output made here by git itself (git log -p, git show of a merge) and by diff -c,
// compared with what git says of each commit.
#include "import/importer.h"
#include "import/patchimport.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
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

/// What an upstream test states about one of its inputs; -1 where it says nothing.
struct Stated
{
    int patches = -1;
    int files = -1;
    int binary = -1;
    int added = -1;
    int deleted = -1;
    bool any() const { return patches >= 0 || files >= 0 || binary >= 0 || added >= 0 || deleted >= 0; }
    /// The figures of \a f that differ from a statement, "" when none does.
    QString differences(const Figures &f) const
    {
        QStringList d;
        const auto check = [&](int stated, int got, const char *what) {
            if (stated >= 0 && stated != got) {
                d.append(u"%1 %2 (stated %3)"_s.arg(got).arg(QLatin1StringView(what)).arg(stated));
            }
        };
        check(patches, f.patches, "patches");
        check(files, f.files, "files");
        check(binary, f.binary, "binary");
        check(added, f.added, "added");
        check(deleted, f.deleted, "deleted");
        return d.join(u", "_s);
    }
};

/// How one input is to be judged when git's own figures do not say it all.
struct Expectation
{
    Stated stated;
    bool refused = false; ///< git refuses it, the upstream test says it is broken: Concord must refuse it
};

/// Whether git am reads \a bytes as a mailbox (builtin/am.c, detect_patch_format() and
/// is_mail()): a first line "From " or "From: ", or a first paragraph of header lines.
/// git apply reads anything else.
bool isMail(const QByteArray &bytes)
{
    if (bytes.startsWith("From ") || bytes.startsWith("From: ")) {
        return true;
    }
    const QList<QByteArray> lines = bytes.split('\n');
    if (lines.constFirst().isEmpty()) {
        return false;
    }
    static const QRegularExpression header(u"^[!-9;-~]+:"_s);
    for (const QByteArray &line : lines) {
        if (line.isEmpty()) {
            break;
        }
        if (!line.startsWith('\t') && !line.startsWith(' ') && !header.match(QString::fromLatin1(line)).hasMatch()) {
            return false;
        }
    }
    return true;
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
    if (p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError()).trimmed();
        return false;
    }
    return true;
}

/// Adds the figures of git's --numstat output (one "ADDED<TAB>DELETED<TAB>PATH" line per
/// file, "-" for binary files); false when it lists no file.
bool numstatOf(const QByteArray &out, Figures *f)
{
    bool any = false;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> c = line.split('\t');
        if (c.size() < 3) {
            continue;
        }
        any = true;
        ++f->files;
        if (c[0] == "-") {
            ++f->binary;
        } else {
            f->added += c[0].toInt();
            f->deleted += c[1].toInt();
        }
    }
    if (any) {
        ++f->patches;
    }
    return any;
}

/// Adds the figures of one diff as git apply --numstat counts them. False when git refuses
/// it, with git's message in *refusal ("No valid patches in input" when it finds no patch).
bool numstat(const QByteArray &diff, Figures *f, QString *refusal = nullptr)
{
    QByteArray out;
    QString said;
    if (!runGit({u"apply"_s, u"--numstat"_s, u"-"_s}, diff, &out, &said)) {
        if (refusal) {
            *refusal = said;
        }
        return false;
    }
    return numstatOf(out, f);
}

/// What the upstream tests state about their inputs, by "PROJECT/FILE" (each with where
/// it says so), and the inputs git refuses that Concord must refuse too.
QHash<QString, Expectation> expectations()
{
    QHash<QString, Expectation> e;
    // git t/t5100-mailinfo.sh: sample.mbox splits into 18 mails, 15 of which carry a patch.
    e[u"git/t5100-sample.mbox"_s].stated = {.patches = 15};

    // python-unidiff tests/test_parser.py. TestVCSSamples.test_samples: 3 files, 7 added
    // and 4 removed lines in each of the four.
    for (const QString &f : {u"bzr.diff"_s, u"git.diff"_s, u"hg.diff"_s, u"svn.diff"_s}) {
        e[u"python-unidiff/"_s + f].stated = {.files = 3, .added = 7, .deleted = 4};
    }
    // test_parse_sample: 3 files, 21 added, 17 removed.
    e[u"python-unidiff/sample0.diff"_s].stated = {.files = 3, .added = 21, .deleted = 17};
    // test_no_newline_at_end_of_file and test_preserve_dos_line_endings: 3 files.
    e[u"python-unidiff/sample3.diff"_s].stated = {.files = 3};
    e[u"python-unidiff/sample4.diff"_s].stated = {.files = 3};
    // test_preserve_dos_line_endings_empty_line_type: 2 files. git refuses it (a context
    // line of just "\r\n", without its leading space).
    e[u"python-unidiff/sample5.diff"_s].stated = {.files = 2};
    // test_parse_diff_with_new_and_modified_binary_files: 5 files, 3 of them binary.
    e[u"python-unidiff/sample8.diff"_s].stated = {.files = 5, .binary = 3};
    // test_binary_patch: 1 binary file.
    e[u"python-unidiff/binary.diff"_s].stated = {.files = 1, .binary = 1};
    // test_parse_diff_git_no_prefix: 3 files (git diff --no-prefix; git apply refuses it
    // without -p0).
    e[u"python-unidiff/git_no_prefix.diff"_s].stated = {.files = 3};
    // test_parse_filename_with_spaces, test_parse_filename_prefix_with_spaces,
    // test_deleted_file: 1 file each.
    for (const QString &f : {u"git_filenames_with_spaces.diff"_s, u"git_filenames_with_spaces_prefix.diff"_s,
                             u"git_delete.diff"_s}) {
        e[u"python-unidiff/"_s + f].stated = {.files = 1};
    }
    // test_parse_malformed_diff, ..._longer_than_expected, ..._shorter_than_expected:
    // UnidiffParseError. sample2.diff is in no upstream test; git: "corrupt patch at line 53".
    for (const QString &f : {u"sample1.diff"_s, u"sample6.diff"_s, u"sample7.diff"_s, u"sample2.diff"_s}) {
        e[u"python-unidiff/"_s + f].refused = true;
    }

    // go-gitdiff gitdiff/apply_test.go, applyTest.run(): each apply/ patch holds "exactly
    // one file"; TestApplyBinaryFragment ("literalCreate") and TestApplyFile
    // ("binaryModify") apply a binary one. git refuses those two: a "GIT binary patch" in a
    // "diff --git" section without an index line.
    for (const QString &f : {u"file_mode_change.patch"_s, u"file_text_modify.patch"_s,
                             u"text_fragment_add_end_noeol.patch"_s, u"text_fragment_change_single_noeol.patch"_s,
                             u"text_fragment_delete_all.patch"_s, u"text_fragment_new.patch"_s}) {
        e[u"go-gitdiff/"_s + f].stated = {.files = 1};
    }
    e[u"go-gitdiff/bin_fragment_literal_create.patch"_s].stated = {.files = 1, .binary = 1};
    e[u"go-gitdiff/file_bin_modify.patch"_s].stated = {.files = 1, .binary = 1};
    // gitdiff/parser_test.go, TestParse: "oneFile", "twoFiles", "newBinaryFile".
    e[u"go-gitdiff/one_file.patch"_s].stated = {.files = 1};
    e[u"go-gitdiff/two_files.patch"_s].stated = {.files = 2};
    e[u"go-gitdiff/new_binary_file.patch"_s].stated = {.files = 1, .binary = 1};

    // public-inbox: git refuses both. plack-attached-patch.eml (t/plack.t) attaches a hunk
    // header "@@ -49, 7 +49,34 @@" and nothing else; data/binary.patch (t/search.t) ends
    // its binary data without the empty line git format-patch writes after it.
    e[u"public-inbox/plack-attached-patch.eml"_s].refused = true;
    e[u"public-inbox/binary.patch"_s].refused = true;
    return e;
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

Q_DECLARE_METATYPE(Expectation)

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
    void formatPatchVariants_data();
    void formatPatchVariants();
    void gitLogMergeAgainstEachParent();
    void gitLogOnelineRefused();
    void textAfterHunksAsGitReadsIt();
    void encodedMailsKeptAsTheyArrived();

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
        Expected e;
        e.sha = QString::fromUtf8(c[0]);
        e.author = QString::fromUtf8(c[2]);
        e.subject = QString::fromUtf8(c[4]);
        e.date = QDateTime::fromString(QString::fromUtf8(c[3]), Qt::ISODate);
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
    QTest::addColumn<QString>("project");
    QTest::addColumn<Expectation>("expectation");
    const QHash<QString, Expectation> table = expectations();
    QSet<QString> rows;
    const QStringList projects = QDir(m_dataDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY2(projects.size() >= 4, qPrintable(projects.join(u", "_s)));
    for (const QString &project : projects) {
        const QDir dir(m_dataDir + u'/' + project);
        QVERIFY2(dir.exists(u"README.md"_s), qPrintable(project + u" has no README.md naming its source"_s));
        const QStringList files =
            dir.entryList({u"*.mbox"_s, u"*.patch"_s, u"*.diff"_s, u"*.eml"_s}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), qPrintable(project));
        for (const QString &f : files) {
            const QString key = project + u'/' + f;
            rows.insert(key);
            QTest::newRow(qPrintable(key)) << dir.filePath(f) << project << table.value(key);
        }
    }
    QVERIFY(rows.size() >= 40);
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        QVERIFY2(rows.contains(it.key()), qPrintable(it.key() + u": stated, but no such file"_s));
    }
}

void TestThirdParty::matchesGit()
{
    QFETCH(QString, path);
    QFETCH(QString, project);
    QFETCH(Expectation, expectation);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QString name = QFileInfo(path).fileName();

    // What git finds: a mailbox as git am reads it (mailsplit -b, mailinfo, apply), anything
    // else as git apply does.
    Figures expected;
    QString refusal;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    if (isMail(bytes)) {
        const QString mailDir = tmp.filePath(u"mails"_s);
        QVERIFY(QDir().mkpath(mailDir));
        QByteArray out;
        QString error;
        QVERIFY2(runGit({u"mailsplit"_s, u"-b"_s, u"-o"_s + mailDir, path}, {}, &out, &error), qPrintable(error));
        const QStringList mails = QDir(mailDir).entryList(QDir::Files, QDir::Name);
        QVERIFY(!mails.isEmpty());
        for (const QString &m : mails) {
            QFile mail(mailDir + u'/' + m);
            QVERIFY(mail.open(QIODevice::ReadOnly));
            const QString msg = tmp.filePath(m + u".msg"_s);
            const QString diff = tmp.filePath(m + u".diff"_s);
            QVERIFY2(runGit({u"mailinfo"_s, msg, diff}, mail.readAll(), &out, &error), qPrintable(error));
            QFile d(diff);
            QVERIFY(d.open(QIODevice::ReadOnly));
            QString said;
            // A mail without a diff (git apply's one complaint is then "No valid patches in
            // input") is no refusal; a diff git cannot read is.
            if (!numstat(d.readAll(), &expected, &said)
                && (said.contains(u'\n') || !said.contains(u"No valid patches in input"_s))) {
                refusal = u"mail %1: %2"_s.arg(m, said);
            }
        }
    } else {
        numstat(bytes, &expected, &refusal);
    }
    if (!refusal.isEmpty()) {
        QVERIFY2(expectation.refused || expectation.stated.any(),
                 qPrintable(u"git refuses it (%1): say what its upstream test states, or expect Concord to "
                            "refuse it"_s.arg(refusal)));
    } else {
        QVERIFY2(!expectation.refused, qPrintable(u"git accepts it: %1"_s.arg(describe(expected))));
        // Where git and the upstream test both speak, they agree (this checks the harness).
        const QString off = expectation.stated.differences(expected);
        QVERIFY2(off.isEmpty(), qPrintable(u"git: "_s + off));
    }

    // What Concord imports, through format detection as concord-cli import does.
    QString error;
    auto store = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(store, qPrintable(error));
    ImportRequest request;
    request.files = {path};
    request.options.project = u"thirdparty/"_s + project;
    ImportResult result;
    const bool imported = importFiles(*store, request, &result, &error);
    if (expectation.refused) {
        QVERIFY2(!imported, qPrintable(u"imported what git refuses (%1) and the upstream test calls broken"_s
                                           .arg(refusal)));
        // "PATH:LINE: cause; nothing was imported", the line inside the file.
        const QRegularExpressionMatch where =
            QRegularExpression(QRegularExpression::escape(name) + u":(\\d+): "_s).match(error);
        QVERIFY2(where.hasMatch(), qPrintable(error));
        const int line = where.captured(1).toInt();
        QVERIFY2(line >= 1 && line <= bytes.count('\n') + 1, qPrintable(error));
        QVERIFY2(error.endsWith(u"nothing was imported"_s), qPrintable(error));
        QCOMPARE(store->counts().patches, 0);
        return;
    }
    QVERIFY2(imported, qPrintable(error));
    const ProjectCounts counts = store->counts();
    const Figures got{int(counts.patches), int(counts.files), int(counts.binaryFiles), int(counts.linesAdded),
                      int(counts.linesDeleted)};
    if (refusal.isEmpty()) {
        QVERIFY2(got == expected, qPrintable(u"Concord: %1; git: %2"_s.arg(describe(got), describe(expected))));
        QCOMPARE(result.report.added, expected.patches);
    } else {
        const QString off = expectation.stated.differences(got);
        QVERIFY2(off.isEmpty(), qPrintable(u"Concord: "_s + off));
    }
    QCOMPARE(result.report.alreadyPresent, 0);
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

void TestThirdParty::formatPatchVariants_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("default") << QStringList();
    QTest::newRow("--no-signature") << QStringList{u"--no-signature"_s};
    QTest::newRow("--signature") << QStringList{u"--signature=Sent from a test"_s};
    QTest::newRow("--zero-commit") << QStringList{u"--zero-commit"_s};
    QTest::newRow("--cover-letter --no-signature") << QStringList{u"--cover-letter"_s, u"--no-signature"_s};
    QTest::newRow("--attach") << QStringList{u"--attach"_s};
    QTest::newRow("--inline --no-signature") << QStringList{u"--inline"_s, u"--no-signature"_s};
    QTest::newRow("-k") << QStringList{u"-k"_s};
    QTest::newRow("--subject-prefix") << QStringList{u"--subject-prefix=PATCH v3 net"_s};
    QTest::newRow("--rfc -n") << QStringList{u"--rfc"_s, u"-n"_s};
    QTest::newRow("--no-stat --no-signature") << QStringList{u"--no-stat"_s, u"--no-signature"_s};
    QTest::newRow("--binary --full-index") << QStringList{u"--binary"_s, u"--full-index"_s};
}

void TestThirdParty::formatPatchVariants()
{
    // Every option of git format-patch that changes the mail's shape: each commit arrives
    // whole, with git's own figures for it (git show --numstat), subject and author.
    QFETCH(QStringList, options);
    QByteArray mbox;
    QVERIFY(git(m_repo, QStringList{u"format-patch"_s, u"--stdout"_s, u"--root"_s} + options + QStringList{u"HEAD"_s},
                &mbox));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"series.mbox"_s);
    QVERIFY(writeFile(path, mbox));
    QByteArray list;
    QVERIFY(git(m_repo, {u"log"_s, u"--no-merges"_s, u"--format=%H%x09%an%x09%s"_s}, &list));
    const QList<QByteArray> commits = list.trimmed().split('\n');
    QVERIFY(commits.size() >= 4);

    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions importOptions;
    importOptions.project = u"test/repo"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, importOptions, &report, &error), qPrintable(error));
    QCOMPARE(report.added, int(commits.size()));
    const bool zero = options.contains(u"--zero-commit"_s);
    for (const QByteArray &c : commits) {
        const QList<QByteArray> f = c.split('\t');
        QCOMPARE(f.size(), 3);
        Figures expected;
        QByteArray numstat;
        QVERIFY(git(m_repo, {u"show"_s, u"--numstat"_s, u"--format="_s, QString::fromLatin1(f[0])}, &numstat));
        QVERIFY(numstatOf(numstat, &expected));
        // Found by its sha, or (--zero-commit) by its subject.
        std::optional<Item> item;
        if (!zero) {
            item = project->itemByKey(ItemKey::commit(u"test/repo"_s, QString::fromLatin1(f[0])));
        } else {
            for (const Item &i : project->items(0, 100)) {
                if (i.title == QString::fromUtf8(f[2])) {
                    item = i;
                }
            }
        }
        QVERIFY2(item, f[0].constData());
        QCOMPARE(item->title, QString::fromUtf8(f[2]));
        QCOMPARE(item->author, QString::fromUtf8(f[1]));
        const Figures got{1, item->stats.files, item->stats.binaryFiles, item->stats.linesAdded,
                          item->stats.linesDeleted};
        QVERIFY2(got == expected, qPrintable(u"%1: Concord: %2; git: %3"_s.arg(QString::fromLatin1(f[0]), describe(got),
                                                                            describe(expected))));
    }
}

void TestThirdParty::gitLogMergeAgainstEachParent()
{
    // git log -p -m shows a merge once per parent: it becomes one item with the diff
    // against its first parent (as git show --first-parent), and the report says what was
    // left out.
    QByteArray log;
    QVERIFY(git(m_repo, {u"log"_s, u"-p"_s, u"-m"_s}, &log));
    QVERIFY(log.contains(QByteArray("commit " + m_merge + " (from ")));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"history.log"_s);
    QVERIFY(writeFile(path, log));
    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions options;
    options.project = u"test/repo"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    QByteArray all;
    QVERIFY(git(m_repo, {u"rev-list"_s, u"HEAD"_s}, &all));
    QCOMPARE(report.added, int(all.trimmed().split('\n').size()));
    const auto merge = project->itemByKey(ItemKey::commit(u"test/repo"_s, QString::fromLatin1(m_merge)));
    QVERIFY(merge);
    QByteArray numstat;
    QVERIFY(git(m_repo, {u"diff"_s, u"--numstat"_s, QString::fromLatin1(m_merge) + u"^1"_s, QString::fromLatin1(m_merge)},
                &numstat));
    Figures expected;
    QVERIFY(numstatOf(numstat, &expected));
    const Figures got{1, merge->stats.files, merge->stats.binaryFiles, merge->stats.linesAdded, merge->stats.linesDeleted};
    QVERIFY2(got == expected, qPrintable(u"Concord: %1; git: %2"_s.arg(describe(got), describe(expected))));
    const QStringList said = report.warnings.filter(u"is shown again with its diff against another parent"_s);
    QCOMPARE(said.size(), 1);
    QVERIFY2(said[0].contains(QString::fromLatin1(m_merge.left(12))), qPrintable(said[0]));
}

void TestThirdParty::gitLogOnelineRefused()
{
    // git log --oneline -p names commits by abbreviated ids only: refused with the reason,
    // never read as one diff of everything.
    QByteArray log;
    QVERIFY(git(m_repo, {u"log"_s, u"--oneline"_s, u"-p"_s, u"--no-merges"_s}, &log));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"oneline.log"_s);
    QVERIFY(writeFile(path, log));
    QString error;
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportRequest request;
    request.files = {path};
    request.options.project = u"test/repo"_s;
    ImportResult result;
    QVERIFY(!importFiles(*project, request, &result, &error));
    QVERIFY2(error.contains(u"oneline.log:1: this looks like git log --oneline -p output"_s), qPrintable(error));
    QCOMPARE(project->counts().patches, 0);
}

void TestThirdParty::textAfterHunksAsGitReadsIt()
{
    // Review comments after a diff, and a hunk followed by more "+" lines than it counts:
    // git apply accepts both and counts only what the hunk headers announce. So does
    // Concord, and its report says which lines it read as text.
    const QByteArray diff = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n+c\n"
                            "diff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-x\n+y\n\nLooks good.\n";
    Figures expected;
    QVERIFY(numstat(diff, &expected));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(u"reviewed.diff"_s);
    QVERIFY(writeFile(path, diff));
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
    QCOMPARE(report.warnings.size(), 2);
    QVERIFY2(report.warnings[0].contains(u"reviewed.diff:7: the hunk at line 4 announces"_s), qPrintable(report.warnings[0]));
    QVERIFY2(report.warnings[1].contains(u"reviewed.diff:15: text after the last hunk of g"_s), qPrintable(report.warnings[1]));
    // The stored bytes are the input's, commentary included.
    const QList<Item> items = project->items(0, 10);
    QCOMPARE(items.size(), 1);
    QCOMPARE(project->patchBytes(items[0].id).value_or(QByteArray()), diff);
}

void TestThirdParty::encodedMailsKeptAsTheyArrived()
{
    // git's t5100 mailbox holds quoted-printable, base64 and multipart mails: each is read
    // decoded (what the viewer shows) and kept exactly as git mailsplit cuts it out.
    const QString path = m_dataDir + u"/git/t5100-sample.mbox"_s;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QByteArray out;
    QString error;
    QVERIFY2(runGit({u"mailsplit"_s, u"-o"_s + tmp.path(), path}, {}, &out, &error), qPrintable(error));
    QList<QByteArray> mails;
    for (const QString &m : QDir(tmp.path()).entryList(QDir::Files, QDir::Name)) {
        QFile f(tmp.filePath(m));
        QVERIFY(f.open(QIODevice::ReadOnly));
        mails.append(f.readAll());
    }
    auto project = Project::create(tmp.filePath(u"p.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportOptions options;
    options.project = u"git/git"_s;
    ImportReport report;
    QVERIFY2(importPatchFile(*project, path, options, &report, &error), qPrintable(error));
    int encoded = 0;
    for (const Item &item : project->items(0, 100)) {
        const auto original = project->originalMail(item.id, &error);
        QVERIFY2(original, qPrintable(error));
        const QByteArray stored = project->patchBytes(item.id).value_or(QByteArray());
        if (original->isEmpty()) {
            continue; // an 8-bit mail: the stored bytes are the original
        }
        ++encoded;
        QVERIFY2(mails.contains(*original), qPrintable(u"%1: not a mail git mailsplit finds"_s.arg(item.title)));
        QVERIFY(original->toLower().contains("content-transfer-encoding: quoted-printable")
                || original->toLower().contains("content-transfer-encoding: base64")
                || original->toLower().contains("multipart/"));
        QVERIFY(stored.contains("Content-Transfer-Encoding: 8bit\n"));
        QVERIFY(stored != *original);
    }
    QVERIFY2(encoded >= 3, qPrintable(QString::number(encoded)));
}

QTEST_GUILESS_MAIN(TestThirdParty)
#include "tst_thirdparty.moc"
