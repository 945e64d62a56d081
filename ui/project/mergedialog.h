// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/project.h"

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace Concord {

/// File > Merge: what merging another copy of the project would bring in (the dry run,
/// Project::planMerge) before anything changes. The counts, then every conflict with the
/// rule that decides it, then every other change, all as plain text: names and details
/// come from the other file, which is untrusted input. Merge / Cancel.
class MergeDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MergeDialog)
public:
    MergeDialog(const MergeReport &plan, const QString &projectName, const QString &otherPath, QWidget *parent = nullptr);
    ~MergeDialog() override;

    /// The summary line shown above the list ("Merging X into Y would bring in ...").
    QString summary() const { return m_summary; }
    /// The list of conflicts and changes, as shown.
    QString details() const;
    /// The plan as the dialog shows it: conflicts first (with the rule applied), then the
    /// other changes; audit entries only counted.
    static QString planText(const MergeReport &plan);

private:
    QString m_summary;
    QPlainTextEdit *m_list;
    QPushButton *m_merge;
};

} // namespace Concord
