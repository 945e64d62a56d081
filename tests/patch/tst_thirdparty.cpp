// SPDX-License-Identifier: GPL-3.0-or-later
// Third-party diffs and mailboxes (git's own test files, tests/data/thirdparty/): each is
// imported and its figures compared with what git itself finds in it — git mailsplit to
// split a mailbox, git mailinfo to take each mail's diff, git apply --numstat to count.
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

} // namespace

class TestThirdParty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesGit_data();
    void matchesGit();

private:
    QString m_dataDir = QStringLiteral(CONCORD_SOURCE_DIR "/tests/data/thirdparty");
};

void TestThirdParty::initTestCase()
{
    if (QStandardPaths::findExecutable(u"git"_s).isEmpty()) {
        QSKIP("git is not installed: the expected figures come from git mailsplit and git apply --numstat");
    }
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

QTEST_GUILESS_MAIN(TestThirdParty)
#include "tst_thirdparty.moc"
