// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace Concord {

/// One recorded change to labels, findings, the codebook or reconciliation.
/// before/after hold the changed record as JSON (empty for an insert / a delete).
struct AuditEntry
{
    qint64 id = 0;
    QUuid uuid{};     ///< of this entry (null in entries written before schema 3)
    QDateTime when{}; ///< UTC
    QString who{};    ///< the actor set on the Project (a rater's name or the OS user)
    QUuid raterUuid{}; ///< the actor's rater uuid when the actor is a rater of the project
    QString action{}; ///< e.g. "finding.update", "value.merge", "reconciled.add"
    QString entity{}; ///< table-like kind: "finding", "value", "dimension", "reconciled", "rater", "item"
    QUuid entityUuid{};
    QJsonObject before{};
    QJsonObject after{};

    bool operator==(const AuditEntry &) const = default;
};

} // namespace Concord
