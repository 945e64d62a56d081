// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemfiltermodel.h"

#include "document/itemlistmodel.h"

#include <QDateTime>

namespace Concord {

ItemFilterModel::ItemFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setSortLocaleAware(true);
}

ItemFilterModel::~ItemFilterModel() = default;

bool ItemFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    switch (left.column()) {
    case ItemListModel::DateColumn:
        return left.data(ItemListModel::DateRole).toDateTime() < right.data(ItemListModel::DateRole).toDateTime();
    case ItemListModel::ChangesColumn: {
        auto size = [](const QModelIndex &i) {
            return i.data(ItemListModel::LinesAddedRole).toLongLong() + i.data(ItemListModel::LinesDeletedRole).toLongLong();
        };
        return size(left) < size(right);
    }
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

} // namespace Concord
