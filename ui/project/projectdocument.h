// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/project.h"

#include <QObject>

#include <memory>

class QUndoStack;

namespace Concord {

/// An open project as the GUI sees it: the Project store plus the undo stack that later
/// editing (labels, codebook, reconciliation) pushes its commands onto, as Tiled's
/// Document owns its stack. Every view of the project reads through this object.
class ProjectDocument : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectDocument)
public:
    /// Opens @p path. When another Concord holds the write lock and @p allowReadOnly is
    /// true, opens read-only instead and says so in isReadOnly().
    static std::unique_ptr<ProjectDocument> open(const QString &path, bool allowReadOnly, QString *error,
                                                 OpenFailure *failure = nullptr);
    ~ProjectDocument() override;

    Project &project() { return *m_project; }
    const Project &project() const { return *m_project; }
    QUndoStack *undoStack() const { return m_undoStack; }

    QString path() const;
    /// The name to show: the project's "title" metadata, else the file name.
    QString displayName() const;
    bool isReadOnly() const;
    /// True when the project was opened read-only because another Concord writes it.
    bool isLockedByOther() const { return m_lockedByOther; }

private:
    explicit ProjectDocument(std::unique_ptr<Project> project, bool lockedByOther);

    std::unique_ptr<Project> m_project;
    QUndoStack *m_undoStack;
    bool m_lockedByOther = false;
};

} // namespace Concord
