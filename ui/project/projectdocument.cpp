// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectdocument.h"

#include <QFileInfo>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Concord {

std::unique_ptr<ProjectDocument> ProjectDocument::open(const QString &path, bool allowReadOnly, QString *error, OpenFailure *failure)
{
    OpenFailure why = OpenFailure::None;
    std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, error, &why);
    bool lockedByOther = false;
    if (!project && why == OpenFailure::LockedByWriter && allowReadOnly) {
        project = Project::open(path, Project::ReadOnly, error, &why);
        lockedByOther = project != nullptr;
    }
    if (failure) {
        *failure = project ? OpenFailure::None : why;
    }
    if (!project) {
        return nullptr;
    }
    return std::unique_ptr<ProjectDocument>(new ProjectDocument(std::move(project), lockedByOther));
}

ProjectDocument::ProjectDocument(std::unique_ptr<Project> project, bool lockedByOther)
    : m_project(std::move(project))
    , m_undoStack(new QUndoStack(this))
    , m_lockedByOther(lockedByOther)
{
}

ProjectDocument::~ProjectDocument() = default;

QString ProjectDocument::path() const
{
    return m_project->path();
}

QString ProjectDocument::displayName() const
{
    const QString title = m_project->metadata(u"title"_s).trimmed();
    return title.isEmpty() ? QFileInfo(path()).fileName() : title;
}

bool ProjectDocument::isReadOnly() const
{
    return m_project->isReadOnly();
}

} // namespace Concord
