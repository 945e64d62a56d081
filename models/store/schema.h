// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Concord {
class ProjectPrivate;
}

namespace Concord::Schema {

/// The schema of a .concord file, in one place: the first schema's DDL and every forward
/// migration after it. A new project is made by running all of them, so a fresh file and
/// a migrated one cannot drift apart. Never edit a step that has shipped; add one.
struct Step
{
    int version;        ///< user_version after this step
    const char *sql;    ///< statements, separated by ';'
    bool reindex;       ///< rebuild the search index after this step
    /// Runs after sql, in the same transaction, for what SQL cannot compute (name-based
    /// uuids); nullptr when the step is SQL only.
    bool (*complete)(ProjectPrivate *d) = nullptr;
};

const QList<Step> &steps();
int currentVersion();

/// Every table and index any schema version creates (plus FTS5 shadow tables). Anything
/// else found in sqlite_master of an opened file is foreign and refuses the open.
const QStringList &knownObjects();

} // namespace Concord::Schema
