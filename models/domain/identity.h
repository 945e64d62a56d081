// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/item.h"

#include <QString>
#include <QUuid>

/// How every record of a project gets its UUID — the one place that decides it. Records
/// with a natural key get a name-based (version 5) UUID from it, so the same record made
/// by two importers, two copies of a project or a re-import is the same record; records
/// made by hand (a finding typed by a rater, a rater added in the GUI) get a random one.
/// The names below are part of the file format: changing one changes existing uuids.
namespace Concord::Identity {

/// Version 5 UUID of @p name in Concord's namespace (the base of every function below).
QUuid fromName(const QString &name);
/// An item from its kind, repository and ref: "item/owner/name@sha", "item/owner/name#12".
QUuid item(const ItemKey &key);
/// A codebook dimension from its key: "dimension/category".
QUuid dimension(const QString &key);
/// A codebook value from its dimension's key and its name: "value/category/API Misuse".
QUuid value(const QString &dimensionKey, const QString &name);
/// A dataset from its name: "dataset/Boa".
QUuid dataset(const QString &name);
/// An imported record (finding, reconciled finding, rater) from a string naming its
/// source record, e.g. "ponder/categorization/17/<sha>"; used as is.
QUuid sourceRecord(const QString &record);
/// A record made by hand: random (version 4).
QUuid random();

} // namespace Concord::Identity
