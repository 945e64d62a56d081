// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"
#include "domain/sourcedate.h"

#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace Concord {

enum class ItemKind : quint8 { Patch, BugReport };

/// What identifies an item across copies of a project and across re-imports:
/// a commit by project ("owner/name") and sha, an issue by repository and number.
/// A patch without a commit (a plain diff file) uses an empty repository and the
/// SHA-256 of its bytes as ref.
struct ItemKey
{
    ItemKind kind = ItemKind::Patch;
    QString repository{}; ///< "owner/name"
    /// A patch: the commit's full lowercase hex sha. A patch with no commit sha of its
    /// own — a plain diff, a mail from a list archive (mboxrd), b4 or a mail client, a
    /// format-patch --zero-commit mail, or a second mail claiming a sha already taken by a
    /// different mail of the same import — is keyed by the SHA-256 (hex) of its bytes, so
    /// it is "already present" only when the very same bytes were imported before; its
    /// repository is the one given (--project) or empty. A bug report: its number.
    QString ref{};

    static ItemKey commit(const QString &project, const QString &sha) { return {ItemKind::Patch, project, sha.toLower()}; }
    static ItemKey issue(const QString &repository, qint64 number) { return {ItemKind::BugReport, repository, QString::number(number)}; }
    qint64 number() const { return ref.toLongLong(); } ///< the issue number of a bug report
    /// "owner/name@sha" or "owner/name#123", for messages and exports.
    QString toString() const { return repository + (kind == ItemKind::Patch ? QLatin1Char('@') : QLatin1Char('#')) + ref; }

    bool operator==(const ItemKey &) const = default;
};

/// Summary figures of a patch item, kept with the item so lists need no extra query.
struct PatchStats
{
    int files = 0;
    int hunks = 0;
    int binaryFiles = 0;
    int linesAdded = 0;
    int linesDeleted = 0;
    qint64 bytes = 0; ///< size of the original patch bytes, 0 when not stored

    bool operator==(const PatchStats &) const = default;
};

/// One thing to label: a code patch (commit) or a bug report.
struct Item
{
    ItemId id = 0;
    QUuid uuid{};
    ItemKey key{};
    QString title{}; ///< commit subject or issue title
    QString author{};
    SourceDate date{}; ///< as the source gave it: a day, or a moment with its offset
    DatasetId dataset = 0; ///< 0 when none
    int round = 0;         ///< calibration round (1, 2, ...), 0 when not part of one
    QJsonObject metadata{};  ///< anything importers want to keep (stars, commit details, url...)
    PatchStats stats{};      ///< zeros for a bug report or a patch without content

    ItemKind kind() const { return key.kind; }
    bool operator==(const Item &) const = default;
};

} // namespace Concord
