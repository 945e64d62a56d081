// SPDX-License-Identifier: GPL-3.0-or-later
// The shared-mime-info package: a real project file is recognised by its content (the
// SQLite header plus Concord's application_id at offset 68) and by its name, and a plain
// SQLite database is not mistaken for one. Uses update-mime-database and QMimeDatabase.
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {
// Set before QCoreApplication exists: QMimeDatabase reads XDG_DATA_DIRS once.
QTemporaryDir *s_xdg = nullptr;
}

class TestPackaging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void projectRecognisedByContent();
    void projectRecognisedByName();
    void plainSqliteIsNotAProject();

private:
    QTemporaryDir m_dir;
};

void TestPackaging::initTestCase()
{
    QVERIFY(s_xdg && s_xdg->isValid());
    const QString packages = s_xdg->filePath(u"mime/packages"_s);
    QVERIFY(QDir().mkpath(packages));
    QVERIFY(QFile::copy(QStringLiteral(CONCORD_SOURCE_DIR "/packaging/io.github.concord.Concord.mime.xml"),
                        packages + u"/io.github.concord.Concord.xml"_s));
    QProcess update;
    update.start(u"update-mime-database"_s, {s_xdg->filePath(u"mime"_s)});
    QVERIFY2(update.waitForFinished(60000), "update-mime-database did not run (is shared-mime-info installed?)");
    QVERIFY2(update.exitCode() == 0, update.readAllStandardError().constData());
    QVERIFY(QMimeDatabase().mimeTypeForName(u"application/x-concord-project"_s).isValid());
}

void TestPackaging::projectRecognisedByContent()
{
    // A real project under a name that says nothing.
    const QString path = m_dir.filePath(u"project.concord"_s);
    QString error;
    QVERIFY2(Project::create(path, &error), qPrintable(error));
    const QString renamed = m_dir.filePath(u"mystery.bin"_s);
    QVERIFY(QFile::copy(path, renamed));
    const QMimeType type = QMimeDatabase().mimeTypeForFile(renamed, QMimeDatabase::MatchContent);
    QCOMPARE(type.name(), u"application/x-concord-project"_s);
    QVERIFY(type.inherits(u"application/vnd.sqlite3"_s));
}

void TestPackaging::projectRecognisedByName()
{
    QCOMPARE(QMimeDatabase().mimeTypeForFile(u"study.concord"_s, QMimeDatabase::MatchExtension).name(),
             u"application/x-concord-project"_s);
}

void TestPackaging::plainSqliteIsNotAProject()
{
    const QString path = m_dir.filePath(u"plain.bin"_s);
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "PRAGMA application_id = 42; CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    const QMimeType type = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchContent);
    QVERIFY2(type.name() != u"application/x-concord-project"_s, qPrintable(type.name()));
    QCOMPARE(type.name(), u"application/vnd.sqlite3"_s);
}

int main(int argc, char **argv)
{
    QTemporaryDir xdg;
    s_xdg = &xdg;
    const QByteArray system = qgetenv("XDG_DATA_DIRS").isEmpty() ? QByteArray("/usr/local/share:/usr/share") : qgetenv("XDG_DATA_DIRS");
    const QByteArray dirs = QFile::encodeName(xdg.path()) + ':' + system;
    qputenv("XDG_DATA_DIRS", dirs);
    QCoreApplication app(argc, argv);
    TestPackaging test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_packaging.moc"
