// SPDX-License-Identifier: GPL-3.0-or-later
// End to end, under a real (virtual) display: separate processes run the real main
// window against one project file, as a person would across a day:
//   1. open the project, say who you are in the dialog, label three items, quit;
//   2. open it again: you are remembered, the three labels are there;
//   3. label once more and get killed right after the form showed the edit: the edit
//      is in the file.
// The test executable is also the child program (--child MODE PROJECT), so the
// children drive the shipped widgets with key events, nothing else.
#include "document/itemlistmodel.h"
#include "document/projectdocument.h"
#include "mainwindow.h"
#include "project/labelingpanel.h"
#include "project/valuepicker.h"
#include "uitestproject.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

void keyTo(QWidget *window, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : window;
    QTest::keyClick(target, key, modifiers);
}

// The child: returns the process's exit code. Anything unexpected exits 3 with a word.
int runChild(const QString &mode, const QString &project)
{
    MainWindow window(true); // persistent: remembers who the user is, per project
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        say(u"FAIL window not exposed"_s);
        return 3;
    }
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) {
        say(u"NOTE window not active"_s); // shortcuts may then not reach it; the checks below will say
    }
    // A dialog asking who you are must come up only on the first visit.
    bool asked = false;
    QTimer answer;
    answer.setInterval(50);
    QObject::connect(&answer, &QTimer::timeout, &window, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        asked = true;
        for (QLineEdit *edit : dialog->findChildren<QLineEdit *>()) {
            if (edit->placeholderText() == u"Your name"_s) {
                edit->setFocus();
                QTest::keyClicks(edit, u"Grace Hopper"_s);
            }
        }
        QTest::keyClick(dialog, Qt::Key_Return);
    });
    answer.start();
    QString error;
    if (!window.openProject(project, true, &error)) {
        say(u"FAIL open: "_s + error);
        return 3;
    }
    answer.stop();
    // The dialog had the focus: wait until the main window has it back, as a user would.
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) {
        say(u"NOTE window not active after opening"_s);
    }
    say(u"ASKED %1"_s.arg(asked ? 1 : 0));
    say(u"TITLE "_s + window.windowTitle());
    if (mode == u"label"_s) {
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier); // to the gate
            keyTo(&window, Qt::Key_2);                                // "No": not a fix
            QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier); // done, next
        }
        say(u"DONE %1"_s.arg(window.itemModel()->doneCount()));
        window.close();
        return 0;
    }
    if (mode == u"check"_s) {
        QStringList statuses;
        for (int row = 0; row < 4; ++row) {
            statuses << ItemListModel::statusName(window.itemModel()->status(window.itemModel()->idAt(row)));
        }
        say(u"STATUS "_s + statuses.join(u',')); // comma-separated, first four items
        window.close();
        return 0;
    }
    if (mode == u"kill"_s) {
        window.selectItem(window.itemModel()->idAt(3));
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        keyTo(&window, Qt::Key_1); // a fix
        QTest::keyClicks(QApplication::focusWidget(), u"Unknown"_s);
        keyTo(&window, Qt::Key_Return);
        // The form shows it: acknowledge, then wait to be killed.
        say(u"ACK "_s + window.labelingPanel()->picker(u"category"_s)->text());
        return QApplication::exec();
    }
    say(u"FAIL unknown mode "_s + mode);
    return 3;
}

} // namespace

class TestEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void labelQuitReopenAndSurviveAKill();

private:
    QStringList runChildProcess(const QString &mode, bool kill, int *exitCode);
    QTemporaryDir m_dir;
    QString m_project;
};

void TestEndToEnd::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(u"e2e.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(m_project,
                                  {UiTest::corpus(u"labels/taxonomy.csv"_s), UiTest::corpus(u"labels/commits.csv"_s)},
                                  &error),
             qPrintable(error));
}

QStringList TestEndToEnd::runChildProcess(const QString &mode, bool kill, int *exitCode)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // A home of its own: QSettings (who the user is) lives there, between the runs.
    env.insert(u"HOME"_s, m_dir.path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {u"--child"_s, mode, m_project});
    if (!child.waitForStarted()) {
        return {u"FAIL start"_s};
    }
    QStringList lines;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000) {
        if (child.canReadLine() || child.waitForReadyRead(200)) {
            while (child.canReadLine()) {
                lines << QString::fromUtf8(child.readLine()).trimmed();
            }
        }
        if (kill && !lines.isEmpty() && lines.constLast().startsWith(u"ACK"_s)) {
            child.kill(); // SIGKILL: no destructor, no close, no flush
            child.waitForFinished();
            *exitCode = -9;
            return lines;
        }
        if (child.state() == QProcess::NotRunning) {
            while (child.canReadLine()) {
                lines << QString::fromUtf8(child.readLine()).trimmed();
            }
            *exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
            return lines;
        }
    }
    child.kill();
    child.waitForFinished();
    lines << u"FAIL timeout"_s;
    *exitCode = -2;
    return lines;
}

void TestEndToEnd::labelQuitReopenAndSurviveAKill()
{
    int code = 0;
    // 1. First visit: asked who we are; three items labeled "not a fix" and done.
    QStringList out = runChildProcess(u"label"_s, false, &code);
    QVERIFY2(code == 0, qPrintable(out.join(u'\n')));
    QVERIFY2(out.contains(u"ASKED 1"_s), qPrintable(out.join(u'\n')));
    QVERIFY2(out.contains(u"DONE 3"_s), qPrintable(out.join(u'\n')));
    QVERIFY(!QFile::exists(m_project + u".lock"_s));
    // 2. Second visit: not asked again, the title names us, the labels are there.
    out = runChildProcess(u"check"_s, false, &code);
    QVERIFY2(code == 0, qPrintable(out.join(u'\n')));
    QVERIFY2(out.contains(u"ASKED 0"_s), qPrintable(out.join(u'\n')));
    QVERIFY2(out.filter(u"TITLE"_s).value(0).contains(u"Grace Hopper"_s), qPrintable(out.join(u'\n')));
    QVERIFY2(out.contains(u"STATUS Done,Done,Done,Not started"_s), qPrintable(out.join(u'\n')));
    // 3. Killed right after the form showed an edit: the edit is in the file.
    out = runChildProcess(u"kill"_s, true, &code);
    QVERIFY2(code == -9, qPrintable(out.join(u'\n')));
    QVERIFY2(out.contains(u"ACK Unknown"_s), qPrintable(out.join(u'\n')));
    QString error;
    OpenFailure failure = OpenFailure::None;
    auto project = Project::open(m_project, Project::ReadWrite, &error, &failure); // takes over the dead writer's lock
    QVERIFY2(project, qPrintable(error));
    const std::optional<Rater> grace = project->raterByName(u"Grace Hopper"_s);
    QVERIFY(grace);
    const QList<Finding> mine = project->findingsForRater(grace->id);
    QCOMPARE(mine.size(), 4);
    const Codebook codebook = project->codebook();
    const Dimension *category = codebook.dimensionByKey(u"category"_s);
    const CodebookValue *unknown = codebook.valueByName(category->id, u"Unknown"_s);
    QVERIFY(unknown);
    int withUnknown = 0;
    for (const Finding &f : mine) {
        withUnknown += f.values.value(category->id) == QList<ValueId>{unknown->id} ? 1 : 0;
    }
    QCOMPARE(withUnknown, 1);
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ConcordEndToEnd"_s);
    QApplication::setApplicationName(u"Concord"_s);
    const QStringList args = QApplication::arguments();
    if (args.size() == 4 && args[1] == u"--child"_s) {
        return runChild(args[2], args[3]);
    }
    TestEndToEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_endtoend.moc"
