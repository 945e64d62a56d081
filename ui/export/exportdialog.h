// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace Concord {

class Project;

/// File → Export…: asks for a directory and a layout (study, wide, long), writes the
/// export with a cancellable progress dialog and says what was written or why nothing
/// was. The export itself is exportProject() (models/export).
class ExportDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)
public:
    ExportDialog(const Project &project, const QString &projectName, QWidget *parent = nullptr);
    ~ExportDialog() override;

    /// Shows the dialog and runs the export when accepted.
    static void run(const Project &project, const QString &projectName, QWidget *parent);

private:
    void browse();
    void updateButtons();
    /// Runs the export; false keeps the dialog open (the user can pick another directory).
    bool exportNow();

    const Project &m_project;
    QLineEdit *m_directory = nullptr;
    QComboBox *m_layout = nullptr;
    QCheckBox *m_overwrite = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Concord
