// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "domain/highlightterms.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Concord {

class Project;
class TermCountRunner;

/// The items of a project as a work queue: one row per item that the current query
/// selects, with the current rater's status. The store filters, searches and sorts
/// (Project::queryItems), so a 100,000-item project needs its ids in memory and only
/// the rows a view shows: those are read page by page on demand and cached. Sorting a
/// view (sort()) asks the store for the new order; there is no proxy, because a proxy
/// would need every row loaded to sort or filter.
class ItemListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ItemListModel)
public:
    enum Column { StatusColumn, TitleColumn, KeyColumn, AuthorColumn, DateColumn, DatasetColumn, ChangesColumn,
                  TermsColumn, ///< occurrences of the highlight terms; "…" until counted
                  ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< ItemId (qint64)
        KeyRole,                   ///< ItemKey::toString()
        KindRole,                  ///< ItemKind as int
        TitleRole,
        AuthorRole,
        DateRole,    ///< QDate for a day, QDateTime (in its own offset) for a moment; see SourceDate
        DatasetRole, ///< dataset name
        RoundRole,
        FilesRole,
        LinesAddedRole,
        LinesDeletedRole,
        StatusRole, ///< LabelStatus of the current rater, as int
        TermCountRole, ///< occurrences of the highlight terms (qint64); invalid until counted
    };
    Q_ENUM(Role)

    explicit ItemListModel(QObject *parent = nullptr);
    ~ItemListModel() override;

    /// Shows the items of @p project (not owned; nullptr clears the model).
    void setProject(const Project *project);
    /// Whose status the Status column shows and status filters use (0: nobody).
    void setRater(RaterId rater);
    RaterId rater() const { return m_query.rater; }
    /// Runs @p query (its rater is replaced by the model's). False and *error when the
    /// store failed: the model then keeps what it showed.
    bool setQuery(const ItemQuery &query, QString *error = nullptr);
    const ItemQuery &query() const { return m_query; }
    /// Shows @p ids as the result of @p query, computed elsewhere (ItemQueryRunner, on a
    /// worker thread). The query's rater must be this model's.
    void setResult(const ItemQuery &query, const QList<ItemId> &ids);
    /// Runs the current query again (after an import, say).
    bool refresh(QString *error = nullptr);
    /// Re-reads one item's status (after a label edit) and announces the change; an
    /// item that no longer passes a status filter stays until the next query, so the
    /// list does not jump under the rater's hands.
    void updateStatus(ItemId item);

    /// Counts @p terms in every item (on a worker thread, the current rows first); the
    /// Terms column shows "…" until an item is counted, nothing when there are no terms.
    void setHighlightTerms(const QList<HighlightTerm> &terms);
    const QList<HighlightTerm> &highlightTerms() const { return m_terms; }
    /// The count of item @p id, nullopt while unknown.
    std::optional<qint64> termCount(ItemId id) const;
    /// True once every item of the project is counted.
    bool termCountsComplete() const { return !m_terms.isEmpty() && m_pendingCounts == 0; }

    /// Rows read from the store at once.
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    /// Items in the project (whatever the query).
    qint64 totalCount() const { return m_total; }
    /// Items with the current rater's status Done.
    qint64 doneCount() const;

    /// The row of item @p id; invalid when the query does not select it.
    QModelIndex index(ItemId id, int column = 0) const;
    using QAbstractTableModel::index;
    /// The item id at @p index (or row), 0 when invalid.
    ItemId id(const QModelIndex &index) const;
    ItemId idAt(int row) const;
    /// The item at @p row (read on demand), or nullptr.
    const Item *item(int row) const;
    LabelStatus status(ItemId id) const { return m_statuses.value(id, LabelStatus::NotStarted); }
    /// Rows the cache holds (for tests of laziness).
    int cachedRows() const { return int(m_cache.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Every column but Terms is sorted by the store; Terms is sorted here, by the counts
    /// known when it is asked (items not counted yet go last), and kept when the query
    /// changes.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;

    static QString statusName(LabelStatus status);

Q_SIGNALS:
    /// Every item is counted (or counting stopped at @p error).
    void termCountsFinished(const QString &error);

private:
    void loadPage(int row) const;
    void loadStatuses();
    void startTermCount();
    void sortByTermCount();
    void setIds(const QList<ItemId> &ids);

    const Project *m_project = nullptr;
    ItemQuery m_query;
    QList<ItemId> m_ids;
    QHash<ItemId, int> m_rows;
    mutable QHash<ItemId, Item> m_cache;
    QHash<ItemId, LabelStatus> m_statuses;
    QHash<DatasetId, QString> m_datasets;
    qint64 m_total = 0;
    int m_pageSize = 200;

    QList<HighlightTerm> m_terms;
    QHash<ItemId, qint64> m_termCounts;
    TermCountRunner *m_termRunner = nullptr; ///< made when terms are first set
    quint64 m_termTicket = 0;
    qint64 m_pendingCounts = 0;
    bool m_sortByTerms = false;
    bool m_termsDescending = false;
};

} // namespace Concord
