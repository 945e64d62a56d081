// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"

#include <QString>
#include <QUuid>

namespace Concord {

/// A person who labels items (a rater) or records the final decision (a reconciler).
struct Rater
{
    enum class Role : quint8 { Rater, Reconciler };

    RaterId id = 0;
    QUuid uuid{};
    QString name{}; ///< unique within a project
    QString initials{};
    QString login{}; ///< optional account name (e.g. the web app's user)
    Role role = Role::Rater;

    bool operator==(const Rater &) const = default;
};

} // namespace Concord
