// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace Concord {

class ProjectDocument;

/// "Who are you?": picks one of the project's raters or creates a new one (name,
/// initials, rater or reconciler). The choice decides whose findings the labeling form
/// edits and what blind labeling hides.
class RaterDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaterDialog)
public:
    explicit RaterDialog(ProjectDocument *document, QWidget *parent = nullptr);
    ~RaterDialog() override;

    /// The rater chosen or created once accepted; 0 before.
    RaterId rater() const { return m_rater; }

    void accept() override;

private:
    void updateOk();

    ProjectDocument *m_document;
    RaterId m_rater = 0;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_initials;
    QComboBox *m_role;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace Concord
