// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"

#include <QString>
#include <QUuid>

namespace Concord {

/// Where a group of items came from ("Boa", "GH commits", "GH other").
struct Dataset
{
    DatasetId id = 0;
    QUuid uuid{};
    QString name{}; ///< unique within a project
    QString description{};

    bool operator==(const Dataset &) const = default;
};

} // namespace Concord
