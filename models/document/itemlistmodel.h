// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Concord {

class Project;

/// The items of a project, one row each, fetched page by page as views scroll
/// (canFetchMore/fetchMore): a 100,000-item project opens with one page read.
/// Sorting and filtering belong in a QSortFilterProxyModel above it.
class ItemListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemListModel)
public:
    enum Column { TitleColumn, KeyColumn, AuthorColumn, DateColumn, DatasetColumn, ChangesColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< ItemId (qint64)
        KeyRole,                   ///< ItemKey::toString()
        KindRole,                  ///< ItemKind as int
        TitleRole,
        AuthorRole,
        DateRole,    ///< QDateTime
        DatasetRole, ///< dataset name
        RoundRole,
        FilesRole,
        LinesAddedRole,
        LinesDeletedRole,
    };
    Q_ENUM(Role)

    explicit ItemListModel(QObject *parent = nullptr);
    ~ItemListModel() override;

    /// Shows the items of @p project (not owned; nullptr clears the model).
    void setProject(const Project *project);
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);

    /// Total items in the project, fetched or not.
    qint64 totalCount() const { return m_total; }
    /// Fetches every remaining page (for sorting the whole list).
    void fetchAll();

    /// The row of item @p id, fetching pages until it is found; invalid when absent.
    QModelIndex index(ItemId id, int column = 0);
    using QAbstractTableModel::index;
    /// The item id at @p index, 0 when invalid.
    ItemId id(const QModelIndex &index) const;
    /// The item at @p row, or nullptr.
    const Item *item(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QHash<int, QByteArray> roleNames() const override;

private:
    const Project *m_project = nullptr;
    QList<Item> m_items;
    QHash<ItemId, int> m_rows;
    QHash<DatasetId, QString> m_datasets;
    qint64 m_total = 0;
    int m_pageSize = 500;
    bool m_fetching = false;
};

} // namespace Concord
