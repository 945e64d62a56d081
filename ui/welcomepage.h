// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace Concord {

/// What the main window shows without a project: Open, the recent projects, and the
/// reason when a project could not be opened.
class WelcomePage : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)
public:
    explicit WelcomePage(QWidget *parent = nullptr);
    ~WelcomePage() override;

    void setRecentProjects(const QStringList &paths);
    /// A problem to show above the list (plain text); empty hides it.
    void setMessage(const QString &message);
    QString message() const;

Q_SIGNALS:
    void openRequested();
    void openRecentRequested(const QString &path);

private:
    QLabel *m_message;
    QListWidget *m_recent;
    QLabel *m_recentTitle;
};

} // namespace Concord
