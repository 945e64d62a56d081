// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/importcontext.h"

namespace Concord {

QUuid stableUuid(const QString &name)
{
    // A fixed namespace for Concord's importers.
    static const QUuid ns(QStringLiteral("{6c1f3d2a-7e4b-5a90-8c1d-2f6e9b0a4c37}"));
    return QUuid::createUuidV5(ns, name);
}

QString ImportTally::summary() const
{
    QStringList added;
    QStringList present;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value().added > 0) {
            added.append(QString::number(it.value().added) + QLatin1Char(' ') + it.key());
        }
        if (it.value().present > 0) {
            present.append(QString::number(it.value().present) + QLatin1Char(' ') + it.key());
        }
    }
    if (added.isEmpty() && present.isEmpty()) {
        return QStringLiteral("nothing to import");
    }
    if (added.isEmpty()) {
        return QStringLiteral("nothing new: ") + present.join(QStringLiteral(", "))
            + QStringLiteral(" were already in the project");
    }
    QString s = added.join(QStringLiteral(", ")) + QStringLiteral(" added");
    if (!present.isEmpty()) {
        s += QStringLiteral("; already present: ") + present.join(QStringLiteral(", "));
    }
    return s;
}

} // namespace Concord
