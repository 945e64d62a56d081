// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/exportdialog.h"

#include "export/projectexport.h"
#include "store/project.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

ExportDialog::ExportDialog(const Project &project, const QString &projectName, QWidget *parent)
    : QDialog(parent)
    , m_project(project)
{
    setWindowTitle(tr("Export %1").arg(projectName));
    m_directory = new QLineEdit(this);
    const QFileInfo info(project.path());
    m_directory->setText(QDir::toNativeSeparators(info.absoluteDir().filePath(info.completeBaseName() + u"-export"_s)));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto *row = new QHBoxLayout;
    row->addWidget(m_directory, 1);
    row->addWidget(browse);

    m_layout = new QComboBox(this);
    m_layout->addItem(tr("Study: codebook files, findings, reconciled findings, items"), int(ExportLayout::Study));
    m_layout->addItem(tr("Wide: one row per unit, a column per rater"), int(ExportLayout::Wide));
    m_layout->addItem(tr("Long: item, rater, dimension, value"), int(ExportLayout::Long));
    m_overwrite = new QCheckBox(tr("&Replace files that exist"), this);

    auto *form = new QFormLayout;
    auto *directoryLabel = new QLabel(tr("&Directory:"), this); // a layout cannot be a buddy
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, row);
    form->addRow(tr("&Layout:"), m_layout);
    form->addRow(QString(), m_overwrite);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (exportNow()) {
            accept();
        }
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_directory, &QLineEdit::textChanged, this, &ExportDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    updateButtons();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::run(const Project &project, const QString &projectName, QWidget *parent)
{
    ExportDialog dialog(project, projectName, parent);
    dialog.exec();
}

void ExportDialog::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export into"), m_directory->text());
    if (!dir.isEmpty()) {
        m_directory->setText(QDir::toNativeSeparators(dir));
    }
}

void ExportDialog::updateButtons()
{
    for (QAbstractButton *b : m_buttons->buttons()) {
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole) {
            b->setEnabled(!m_directory->text().trimmed().isEmpty());
        }
    }
}

bool ExportDialog::exportNow()
{
    const QString dir = QDir::fromNativeSeparators(m_directory->text().trimmed());
    QProgressDialog progress(tr("Exporting…"), tr("Cancel"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    ExportOptions options;
    options.layout = ExportLayout(m_layout->currentData().toInt());
    options.overwrite = m_overwrite->isChecked();
    options.progress = [&progress](qint64 done, qint64 total) {
        if (total > 0) {
            progress.setValue(int(std::min<qint64>(999, done * 1000 / total)));
        }
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    };
    QString error;
    QApplication::setOverrideCursor(Qt::BusyCursor);
    const auto files = exportProject(m_project, dir, options, &error);
    QApplication::restoreOverrideCursor();
    progress.reset();
    if (!files) {
        QMessageBox box(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        return false;
    }
    QStringList lines;
    for (const ExportedFile &f : *files) {
        lines << tr("%1: %n row(s)", nullptr, int(f.rows)).arg(f.name);
    }
    QMessageBox box(QMessageBox::Information, tr("Export finished"),
                    tr("%n file(s) written to %1", nullptr, int(files->size())).arg(QDir::toNativeSeparators(dir)),
                    QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.setDetailedText(lines.join(u'\n'));
    box.exec();
    return true;
}

} // namespace Concord
