// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace Concord {

/// Filters an ItemListModel by a text typed in the filter box (title, key, author,
/// dataset; case-insensitive) and sorts dates as dates and changes by size.
class ItemFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemFilterModel)
public:
    explicit ItemFilterModel(QObject *parent = nullptr);
    ~ItemFilterModel() override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace Concord
