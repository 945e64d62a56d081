// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Concord {

/// Row ids inside one project file. They are small, fast and local: they differ between
/// two raters' copies of a project. Anything another copy must match carries a QUuid
/// as well (items also carry their stable key). 0 means "none".
using DatasetId = qint64;
using ItemId = qint64;
using RaterId = qint64;
using DimensionId = qint64;
using ValueId = qint64;
using FindingId = qint64;
using ReconciledId = qint64;
using PatchFileId = qint64;

} // namespace Concord
