// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importtypes.h"

#include "domain/finding.h"
#include "domain/item.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Concord {

class Project;
class ImportSession;

/// How many records of each kind an import added, and how many were already there.
/// Kinds are plain words used in messages: "items", "findings", "values"...
struct ImportTally
{
    struct Count
    {
        int added = 0;
        int present = 0;
    };
    QMap<QString, Count> counts;

    void count(const QString &kind, bool created)
    {
        Count &c = counts[kind];
        (created ? c.added : c.present) += 1;
    }
    /// Counts a stored row once per import, however many files touch it (the dump, a
    /// commit list and patches all name the same items).
    void count(const QString &kind, bool created, qint64 rowId)
    {
        QSet<qint64> &seen = m_seen[kind];
        if (!seen.contains(rowId)) {
            seen.insert(rowId);
            count(kind, created);
        }
    }
    int added(const QString &kind) const { return counts.value(kind).added; }
    int present(const QString &kind) const { return counts.value(kind).present; }
    /// True when the import found everything already in the project.
    bool addedNothing() const
    {
        for (const Count &c : counts) {
            if (c.added > 0) {
                return false;
            }
        }
        return true;
    }
    /// "203 items, 455 findings added; 5 raters already present", or
    /// "nothing new: 203 items, 455 findings were already in the project".
    QString summary() const;

private:
    QHash<QString, QSet<qint64>> m_seen;
};

/// What the non-patch importers share while writing into one ImportSession: the session,
/// the options, the tally and the warnings. Errors end the import (the caller rolls
/// back); warnings name what was skipped or taken with a caveat.
struct ImportContext
{
    ImportContext(Project &p, ImportSession &s, const ImportOptions &o)
        : project(p)
        , session(s)
        , options(o)
    {
    }
    /// The context keeps a reference to the options: a temporary would dangle.
    ImportContext(Project &p, ImportSession &s, const ImportOptions &&o) = delete;
    Project &project;
    ImportSession &session;
    const ImportOptions &options;
    ImportTally tally;
    QStringList warnings;
    /// Items with this id or higher were created by this import (SQLite row ids grow),
    /// so a later file of the same import that finds them does not call them "present".
    ItemId firstNewItem = 0;

    /// Reports progress; false when the user cancelled.
    bool progress(qint64 done, qint64 total) const { return !options.progress || options.progress(done, total); }

    /// The dataset of options.dataset (got or created once), 0 when none is given;
    /// nullopt when the store failed (*error says why).
    std::optional<DatasetId> optionsDataset(QString *error);
    /// A dataset by name, got or created, counted in the tally.
    std::optional<DatasetId> datasetByName(const QString &name, const QString &description, QString *error);

private:
    QHash<QString, DatasetId> m_datasets;
};

/// Gets or creates an item by key, counted in ctx.tally as "items". An item that was
/// there (from a patch import or another list) keeps what it has and gains what it
/// lacks: dataset, round, author, date, and the new metadata's top-level keys.
std::optional<ItemId> importItem(ImportContext &ctx, const Item &item, bool *created, QString *error);

/// How a reconciled finding relates to the rater findings it came from: all of them
/// (two or more) equal it → Unanimous; one equals it → AdoptedOne; every chosen value
/// was some rater's → Combined; otherwise (or without sources) → New.
ReconciledFinding::Decision decideReconciliation(const DimensionValues &final, const QList<DimensionValues> &sources);

} // namespace Concord
