// SPDX-License-Identifier: GPL-3.0-or-later
// File → Export…: the dialog writes the chosen layout into the chosen directory, says so,
// and refuses (keeping itself open and the files as they were) when files exist.
#include "export/exportdialog.h"
#include "uitestproject.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestExportDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;

    /// Clicks Export; returns the title and text of the message box it showed (closed at once).
    QPair<QString, QString> clickExport(ExportDialog &dialog)
    {
        QPair<QString, QString> shown;
        QTimer timer;
        timer.setInterval(20);
        connect(&timer, &QTimer::timeout, this, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                shown = {box->windowTitle(), box->text()};
                box->accept();
            }
        });
        timer.start();
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        for (QAbstractButton *b : buttons->buttons()) {
            if (buttons->buttonRole(b) == QDialogButtonBox::AcceptRole) {
                b->click();
            }
        }
        return shown;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        const QString path = m_dir.filePath(u"sample.concord"_s);
        QVERIFY2(UiTest::buildProject(path, UiTest::sampleFiles(), &error), qPrintable(error));
        m_project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(m_project, qPrintable(error));
    }

    void exportsLongLayout()
    {
        ExportDialog dialog(*m_project, u"sample"_s);
        const QString out = m_dir.filePath(u"out"_s);
        dialog.findChild<QLineEdit *>()->setText(out);
        auto *layout = dialog.findChild<QComboBox *>();
        layout->setCurrentIndex(2); // long
        // A picture to look at: CONCORD_SCREENSHOT_DIR=DIR tst_exportdialog
        if (qEnvironmentVariableIsSet("CONCORD_SCREENSHOT_DIR")) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().save(qEnvironmentVariable("CONCORD_SCREENSHOT_DIR") + u"/export-dialog.png"_s));
        }
        const auto [title, text] = clickExport(dialog);
        QCOMPARE(title, u"Export finished"_s);
        QVERIFY2(text.startsWith(u"3 file"_s), qPrintable(text));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QFile file(out + u"/ratings_long.csv"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readLine(), QByteArray("item,rater,dimension,value\r\n"));
    }

    void refusesExistingFiles()
    {
        ExportDialog dialog(*m_project, u"sample"_s);
        const QString out = m_dir.filePath(u"out"_s);
        dialog.findChild<QLineEdit *>()->setText(out);
        dialog.findChild<QComboBox *>()->setCurrentIndex(2);
        const QByteArray before = [&] {
            QFile f(out + u"/codebook.md"_s);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!before.isEmpty());
        const auto [title, text] = clickExport(dialog);
        QCOMPARE(title, u"Export failed"_s);
        QVERIFY2(text.contains(u"exists"_s) && text.contains(u"nothing was written"_s), qPrintable(text));
        QVERIFY(dialog.result() != int(QDialog::Accepted)); // stays open for another directory
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
