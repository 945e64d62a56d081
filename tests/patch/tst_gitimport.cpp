// SPDX-License-Identifier: GPL-3.0-or-later
// Git import from a real repository the test makes with the git CLI (renames, binary,
// mode change, non-UTF-8 content, a root commit, a corpus patch applied with git am),
// checked against git's own numbers, plus the concord-cli import-git command.
#include "import/gitimport.h"
#include "patch/patchparser.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_tensorlayerSha = u"0fe70a734dd6ac692f28cb6b1fe1a4ac52965ac3"_s;
const QString s_tensorlayerPatch =
    QStringLiteral(CONCORD_CORPUS_DIR "/patches/tensorlayer__tensorlayer/0fe70a734dd6ac692f28cb6b1fe1a4ac52965ac3.patch");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

/// git's own figures for a commit: files, binary files, lines added/deleted, hunks.
struct GitNumbers
{
    int files = 0, binary = 0, added = 0, deleted = 0, hunks = 0;
};

} // namespace

class TestGitImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importCommits();
    void corpusPatchThroughGitAm();
    void readCommitLists();
    void cli();

private:
    QByteArray git(const QStringList &args, int *exitCode = nullptr, const QString &dir = {})
    {
        QProcess p;
        p.setWorkingDirectory(dir.isEmpty() ? m_repo : dir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"GIT_COMMITTER_NAME"_s, u"Committer"_s);
        env.insert(u"GIT_COMMITTER_EMAIL"_s, u"c@example.org"_s);
        p.setProcessEnvironment(env);
        p.start(u"git"_s, args);
        p.waitForFinished(60000);
        if (exitCode) {
            *exitCode = p.exitCode();
        } else if (p.exitCode() != 0) {
            qWarning() << "git" << args << "failed:" << p.readAllStandardError();
        }
        return p.readAllStandardOutput();
    }
    /// git's figures for sha against its first parent (git show for a root commit).
    GitNumbers numbers(const QString &sha, bool root = false)
    {
        GitNumbers n;
        const QStringList range = root ? QStringList{u"show"_s, u"-M"_s, u"--format="_s, sha}
                                       : QStringList{u"diff"_s, u"-M"_s, sha + u"^1"_s, sha};
        const QByteArray numstat = git(range + QStringList{u"--numstat"_s});
        for (const QByteArray &line : numstat.split('\n')) {
            if (line.isEmpty()) {
                continue;
            }
            const QList<QByteArray> c = line.split('\t');
            ++n.files;
            if (c[0] == "-") {
                ++n.binary;
            } else {
                n.added += c[0].toInt();
                n.deleted += c[1].toInt();
            }
        }
        const QByteArray patch = git(range);
        for (const QByteArray &line : patch.split('\n')) {
            n.hunks += line.startsWith("@@ -") ? 1 : 0;
        }
        return n;
    }
    std::unique_ptr<Project> newProject(const QString &name)
    {
        QString error;
        auto p = Project::create(m_dir.filePath(name), &error);
        if (!p) {
            qWarning() << error;
        }
        return p;
    }

    QTemporaryDir m_dir;
    QString m_repo;
    QStringList m_shas; ///< root, second, third (git am)
};

void TestGitImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_repo = m_dir.filePath(u"repo"_s);
    QVERIFY(QDir().mkpath(m_repo));
    int rc = 0;
    git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}, &rc);
    QCOMPARE(rc, 0);
    git({u"config"_s, u"user.name"_s, u"Tester"_s});
    git({u"config"_s, u"user.email"_s, u"t@example.org"_s});
    git({u"remote"_s, u"add"_s, u"origin"_s, u"https://github.com/example-owner/example-repo.git"_s});

    QByteArray text;
    for (int i = 1; i <= 30; ++i) {
        text += "line " + QByteArray::number(i) + "\n";
    }
    QByteArray code;
    for (int i = 1; i <= 40; ++i) {
        code += "def f" + QByteArray::number(i) + "():\n    return " + QByteArray::number(i) + "\n";
    }
    QByteArray binary;
    for (int i = 0; i < 3000; ++i) {
        binary.append(char((i * 31) % 256));
    }
    QVERIFY(writeFile(m_repo + u"/a.txt"_s, text));
    QVERIFY(writeFile(m_repo + u"/old_name.py"_s, code));
    QVERIFY(writeFile(m_repo + u"/data.bin"_s, binary));
    QVERIFY(writeFile(m_repo + u"/run.sh"_s, "echo hi\n"));
    git({u"add"_s, u"-A"_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"Initial files"_s});
    m_shas.append(QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}).trimmed()));

    text.replace("line 5\n", "line five\n");
    text += "line 31\n";
    code.replace("return 40", "return 41");
    binary[100] = 'x';
    QVERIFY(writeFile(m_repo + u"/a.txt"_s, text));
    QVERIFY(QFile::remove(m_repo + u"/old_name.py"_s));
    QVERIFY(writeFile(m_repo + u"/new_name.py"_s, code));
    QVERIFY(writeFile(m_repo + u"/data.bin"_s, binary));
    QVERIFY(writeFile(m_repo + u"/latin1.txt"_s, "caf\xe9 cr\xe8me\n"));
    QVERIFY(QFile::setPermissions(m_repo + u"/run.sh"_s, QFile::permissions(m_repo + u"/run.sh"_s)
                                                                | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther));
    git({u"add"_s, u"-A"_s});
    git({u"commit"_s, u"-q"_s, u"--author=Nyikovics Máté <m@example.org>"_s, u"-m"_s,
         u"Rename, binary change, mode change\n\nA body line.\n"_s});
    m_shas.append(QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}).trimmed()));

    // A real corpus patch (it only adds files, so it applies to any tree).
    git({u"am"_s, u"-q"_s, s_tensorlayerPatch}, &rc);
    QCOMPARE(rc, 0);
    m_shas.append(QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}).trimmed()));

    // A merge: its diff is against the first parent.
    git({u"checkout"_s, u"-q"_s, u"-b"_s, u"side"_s, m_shas[1]}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY(writeFile(m_repo + u"/side.txt"_s, "from the side branch\n"));
    git({u"add"_s, u"-A"_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"Side work"_s});
    git({u"checkout"_s, u"-q"_s, u"main"_s});
    git({u"merge"_s, u"-q"_s, u"--no-ff"_s, u"-m"_s, u"Merge side"_s, u"side"_s}, &rc);
    QCOMPARE(rc, 0);
    m_shas.append(QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}).trimmed()));
}

void TestGitImport::importCommits()
{
    auto project = newProject(u"git.concord"_s);
    QVERIFY(project);
    const QString missing = u"0123456789abcdef0123456789abcdef01234567"_s;
    QList<GitCommitRef> refs;
    refs.append({u"example-owner/example-repo"_s, m_shas[0]});
    refs.append({u"example-owner/example-repo"_s, m_shas[1].left(10)}); // abbreviated
    refs.append({u"example-owner/example-repo"_s, missing});
    refs.append({u"example-owner/example-repo"_s, m_shas[3]}); // the merge
    ImportReport report;
    QString error;
    QVERIFY2(importGitCommits(*project, m_repo, refs, {}, &report, &error), qPrintable(error));
    QCOMPARE(report.added, 3);
    QCOMPARE(report.warnings.size(), 1);
    QVERIFY2(report.warnings[0].contains(missing) && report.warnings[0].contains(u"not found"_s),
             qPrintable(report.warnings[0]));

    for (int k : {0, 1, 3}) {
        const auto item = project->itemByKey(ItemKey::commit(u"example-owner/example-repo"_s, m_shas[k]));
        QVERIFY2(item, qPrintable(m_shas[k]));
        const GitNumbers n = numbers(m_shas[k], k == 0);
        QVERIFY(n.files > 0);
        QCOMPARE(item->stats.files, n.files);
        QCOMPARE(item->stats.binaryFiles, n.binary);
        QCOMPARE(item->stats.linesAdded, n.added);
        QCOMPARE(item->stats.linesDeleted, n.deleted);
        QCOMPARE(item->stats.hunks, n.hunks);
    }
    const auto second = project->itemByKey(ItemKey::commit(u"example-owner/example-repo"_s, m_shas[1]));
    QCOMPARE(second->author, u"Nyikovics Máté"_s);
    QCOMPARE(second->title, u"Rename, binary change, mode change"_s);
    const auto header = project->commitHeader(second->id);
    QVERIFY(header);
    QVERIFY2(header->message.contains(u"A body line."_s), qPrintable(header->message));
    bool renamed = false, modeChanged = false, binary = false;
    for (const PatchFile &f : project->patchFiles(second->id)) {
        renamed = renamed || (f.diff.change == FileDiff::Change::Renamed && f.diff.oldPath == u"old_name.py"_s
                              && f.diff.newPath == u"new_name.py"_s);
        modeChanged = modeChanged || (f.diff.newMode == u"100755"_s && f.diff.oldMode == u"100644"_s);
        binary = binary || (f.diff.binary && f.diff.newPath == u"data.bin"_s);
    }
    QVERIFY(renamed);
    QVERIFY(modeChanged);
    QVERIFY(binary);

    // Round trip: the stored patch applies to its parent (binary included) and the
    // non-UTF-8 bytes survive unchanged.
    const auto bytes = project->patchBytes(second->id);
    QVERIFY(bytes);
    QVERIFY(bytes->contains("caf\xe9 cr\xe8me"));
    const QString exported = m_dir.filePath(u"second.patch"_s);
    QVERIFY(writeFile(exported, *bytes));
    const QString wt = m_dir.filePath(u"wt"_s);
    int rc = 0;
    git({u"worktree"_s, u"add"_s, u"-q"_s, u"--detach"_s, wt, m_shas[0]}, &rc);
    QCOMPARE(rc, 0);
    git({u"apply"_s, u"--check"_s, exported}, &rc, wt);
    QCOMPARE(rc, 0);
    git({u"am"_s, u"-q"_s, exported}, &rc, wt);
    QCOMPARE(rc, 0);
    // Applied, the tree equals the original commit's tree.
    QCOMPARE(git({u"rev-parse"_s, u"HEAD^{tree}"_s}, nullptr, wt), git({u"rev-parse"_s, m_shas[1] + u"^{tree}"_s}));

    // Again: nothing new.
    ImportReport again;
    QVERIFY2(importGitCommits(*project, m_repo, refs, {}, &again, &error), qPrintable(error));
    QCOMPARE(again.added, 0);
    QCOMPARE(again.alreadyPresent, 3);

    // Not a repository: a clear error, nothing imported.
    QVERIFY(!importGitCommits(*project, m_dir.filePath(u"nowhere"_s), refs, {}, &again, &error));
    QVERIFY2(error.contains(u"not a git repository"_s) && error.endsWith(u"nothing was imported"_s),
             qPrintable(error));
}

void TestGitImport::corpusPatchThroughGitAm()
{
    // The corpus patch applied with git am and read back by libgit2 has the manifest's
    // figures and the original author and subject.
    auto project = newProject(u"am.concord"_s);
    QVERIFY(project);
    ImportReport report;
    QString error;
    QVERIFY2(importGitCommits(*project, m_repo, {{u"tensorlayer/tensorlayer"_s, m_shas[2]}}, {}, &report, &error),
             qPrintable(error));
    QCOMPARE(report.added, 1);
    const auto item = project->itemByKey(ItemKey::commit(u"tensorlayer/tensorlayer"_s, m_shas[2]));
    QVERIFY(item);
    QFile manifest(QStringLiteral(CONCORD_CORPUS_DIR "/manifest.csv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    const QList<QByteArray> h = manifest.readLine().trimmed().split(',');
    QList<QByteArray> row;
    while (!manifest.atEnd()) {
        const QList<QByteArray> c = manifest.readLine().trimmed().split(',');
        if (c.value(1) == s_tensorlayerSha.toLatin1()) {
            row = c;
        }
    }
    QCOMPARE(row.size(), h.size());
    auto value = [&](const char *name) { return row[h.indexOf(QByteArray(name))].toInt(); };
    QCOMPARE(item->stats.files, value("files_changed"));
    QCOMPARE(item->stats.hunks, value("hunks"));
    QCOMPARE(item->stats.linesAdded, value("lines_added"));
    QCOMPARE(item->stats.linesDeleted, value("lines_deleted"));
    QCOMPARE(item->author, QString::fromUtf8(row[h.indexOf("git_author_name")]));
    const auto original = PatchParser::parseAll([] {
        QFile f(s_tensorlayerPatch);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }());
    QVERIFY(original);
    QCOMPARE(item->title, original->constFirst().header.subject);
    QCOMPARE(item->date, SourceDate::fromMoment(original->constFirst().header.date));
}

void TestGitImport::readCommitLists()
{
    QList<GitCommitRef> refs;
    QString error;
    const QString plain = m_dir.filePath(u"shas.txt"_s);
    QVERIFY(writeFile(plain, "# commits\n" + m_shas[0].toLatin1() + "\n\n  " + m_shas[1].toLatin1() + "  \n"));
    QVERIFY2(readGitCommitList(plain, u"o/n"_s, &refs, &error), qPrintable(error));
    QCOMPARE(refs.size(), 2);
    QCOMPARE(refs[1].sha, m_shas[1]);
    QCOMPARE(refs[1].project, u"o/n"_s);

    const QString csv = m_dir.filePath(u"commits.csv"_s);
    QVERIFY(writeFile(csv, "project,sha,dataset\r\nalpha/one," + m_shas[0].toLatin1() + ",Boa\r\n\"beta/two\","
                               + m_shas[1].toLatin1() + ",GH\r\n"));
    QVERIFY2(readGitCommitList(csv, u"o/n"_s, &refs, &error), qPrintable(error));
    QCOMPARE(refs.size(), 2);
    QCOMPARE(refs[0].project, u"alpha/one"_s);
    QCOMPARE(refs[1].project, u"beta/two"_s);

    const QString bad = m_dir.filePath(u"bad.txt"_s);
    QVERIFY(writeFile(bad, m_shas[0].toLatin1() + "\nnot-a-sha!\n"));
    QVERIFY(!readGitCommitList(bad, {}, &refs, &error));
    QVERIFY2(error.contains(u"line 2"_s) && error.contains(u"not-a-sha!"_s), qPrintable(error));

    const QString noSha = m_dir.filePath(u"nosha.csv"_s);
    QVERIFY(writeFile(noSha, "project,commit\na/b,123456\n"));
    QVERIFY(!readGitCommitList(noSha, {}, &refs, &error));
    QVERIFY2(error.contains(u"no \"sha\" column"_s), qPrintable(error));

    QCOMPARE(projectFromRepository(m_repo), u"example-owner/example-repo"_s);
}

void TestGitImport::cli()
{
    const QString cliPath = QStringLiteral(CONCORD_BIN_DIR "/concord-cli");
    QVERIFY(QFile::exists(cliPath));
    auto run = [&](const QStringList &args, QByteArray *out, QByteArray *err) {
        QProcess p;
        p.start(cliPath, args);
        p.waitForFinished(120000);
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    const QString projectPath = m_dir.filePath(u"cli.concord"_s);
    QVERIFY(Project::create(projectPath, nullptr) != nullptr);
    const QString shas = m_dir.filePath(u"cli-shas.txt"_s);
    const QString missing = u"fedcba9876543210fedcba9876543210fedcba98"_s;
    QVERIFY(writeFile(shas, m_shas[0].toLatin1() + "\n" + missing.toLatin1() + "\n" + m_shas[1].toLatin1() + "\n"));
    QByteArray out, err;

    QCOMPARE(run({u"import-git"_s, projectPath, u"--repo"_s, m_repo, u"--shas"_s, shas}, &out, &err), 0);
    QVERIFY2(out.contains("2 items added"), out.constData());
    QVERIFY2(err.contains(missing.toLatin1()), err.constData());
    {
        auto project = Project::open(projectPath, Project::ReadOnly, nullptr);
        QVERIFY(project);
        // The project came from the clone's origin URL.
        QVERIFY(project->itemByKey(ItemKey::commit(u"example-owner/example-repo"_s, m_shas[0])));
    }
    QCOMPARE(run({u"import-git"_s, projectPath, u"--repo"_s, m_repo, u"--shas"_s, shas}, &out, &err), 0);
    QVERIFY2(out.contains("0 items added") && out.contains("already present"), out.constData());

    // Usage errors: 1; data errors: 2, naming the file.
    QCOMPARE(run({u"import-git"_s, projectPath}, &out, &err), 1);
    QCOMPARE(run({u"import-git"_s, projectPath, u"--repo"_s, m_dir.filePath(u"nope"_s), u"--shas"_s, shas}, &out,
                 &err),
             2);
    QVERIFY2(err.contains("not a git repository"), err.constData());
    const QString badList = m_dir.filePath(u"cli-bad.txt"_s);
    QVERIFY(writeFile(badList, "zzz\n"));
    QCOMPARE(run({u"import-git"_s, projectPath, u"--repo"_s, m_repo, u"--shas"_s, badList}, &out, &err), 2);
    QVERIFY2(err.contains(badList.toUtf8()) && err.contains("line 1"), err.constData());
    QCOMPARE(run({u"import-git"_s, m_dir.filePath(u"absent.concord"_s), u"--repo"_s, m_repo, u"--shas"_s, shas}, &out,
                 &err),
             2);
}

QTEST_GUILESS_MAIN(TestGitImport)
#include "tst_gitimport.moc"
