// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importtypes.h"

#include <QString>
#include <QStringList>

namespace Concord {

class Project;

/// One commit to import from a local clone.
struct GitCommitRef
{
    QString project; ///< "owner/name"; the item key together with sha
    QString sha;     ///< full or abbreviated hex
};

/// Reads a list of commits: one SHA per line, or a CSV with (at least) `project` and `sha`
/// columns, like the study's commit list. Lines without a project get \a defaultProject.
/// Returns false with *error naming the file and line for unreadable input.
bool readGitCommitList(const QString &path, const QString &defaultProject, QList<GitCommitRef> *commits,
                       QString *error);

/// "OWNER/NAME" from the repository's "origin" remote URL (GitHub style), or "".
QString projectFromRepository(const QString &repoPath);

/// The project_meta key under which importGitCommits() records the clone a repository's
/// commits were read from ("local_clone:OWNER/NAME"), the default clone to read whole
/// files from (see LocalClone).
QString localCloneMetadataKey(const QString &repository);

/// Imports each commit's diff against its first parent (the root commit: against the
/// empty tree) and its metadata from the repository at \a repoPath, read with libgit2.
/// The commit is rendered as `git format-patch` text and stored through the same parser
/// as patch files. SHAs not found in the repository are listed in report->warnings by
/// name and skipped; the rest are imported in one transaction. Fails (nothing imported)
/// when the repository cannot be opened or on a store error. On success the clone's path
/// is recorded for each repository under localCloneMetadataKey().
bool importGitCommits(Project &project, const QString &repoPath, const QList<GitCommitRef> &commits,
                      const ImportOptions &options, ImportReport *report, QString *error);

} // namespace Concord
