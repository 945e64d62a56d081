// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"
#include "domain/item.h"

#include <QString>

#include <optional>

namespace Concord {

/// Where one rater stands with one item (the work queue's column). Derived by the store:
/// Unsure when any of the rater's findings of the item is flagged unsure, else Done when
/// the rater marked the item done, else InProgress when the rater has a finding, else
/// NotStarted.
enum class LabelStatus : quint8 { NotStarted, InProgress, Done, Unsure };

/// The machine-readable name of a status, for JSON and scripts: "not_started",
/// "in_progress", "done", "unsure". (People read ItemListModel::statusName.)
inline QString labelStatusKey(LabelStatus status)
{
    switch (status) {
    case LabelStatus::NotStarted:
        return QStringLiteral("not_started");
    case LabelStatus::InProgress:
        return QStringLiteral("in_progress");
    case LabelStatus::Done:
        return QStringLiteral("done");
    case LabelStatus::Unsure:
        return QStringLiteral("unsure");
    }
    return {};
}

/// Which items a list shows and in what order; evaluated by the store (Project::queryItems)
/// so filtering, sorting and search never need every item in memory.
struct ItemQuery
{
    enum class Status : quint8 {
        Any,
        NotDone,       ///< rater's status is NotStarted, InProgress or Unsure
        Done,          ///< rater's status is Done
        Unsure,        ///< rater's status is Unsure
        ShouldDiscuss, ///< the rater has a finding flagged should-discuss (any rater when rater is 0)
    };
    enum class Sort : quint8 { ImportOrder, Title, Key, Author, Date, Dataset, Changes, Status };

    /// Search text: a full sha or a prefix of one (7+ hex digits), an item key
    /// ("owner/name@sha", "owner/name#12"), words of title or author (substring, case-
    /// insensitive), or full-text matches of messages, diffs and report bodies (FTS5).
    /// Items matching any of these; empty = all.
    QString text{};
    /// false: text matches shas, keys, titles and authors only, not the full-text index (a
    /// lookup by key needs no diff text, and then never waits for diffs still to be indexed).
    bool fullText = true;
    RaterId rater = 0;                  ///< whose status Status and Sort::Status use
    Status status = Status::Any;
    std::optional<ItemKind> kind{};     ///< nullopt = any
    DatasetId dataset = 0;              ///< 0 = any
    int round = -1;                     ///< -1 = any
    Sort sort = Sort::ImportOrder;
    bool descending = false;

    bool operator==(const ItemQuery &) const = default;
};

} // namespace Concord
