// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Concord {

/// The index of name in names, adding it when it is new. Ratings tables number their
/// units, raters and categories this way. onAdd(newIndex) runs before the name is
/// appended, so it still sees the old size (tables grow their cells there).
template<typename OnAdd>
int internName(QStringList &names, QHash<QString, int> &index, const QString &name, OnAdd onAdd)
{
    const auto it = index.constFind(name);
    if (it != index.constEnd()) {
        return it.value();
    }
    const int added = int(names.size());
    onAdd(added);
    names.append(name);
    index.insert(name, added);
    return added;
}

} // namespace Concord
