// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemlistmodel.h"

#include "store/project.h"

#include <QLocale>
#include <QPalette>
#include <QScopedValueRollback>

using namespace Qt::StringLiterals;

namespace Concord {

ItemListModel::ItemListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

ItemListModel::~ItemListModel() = default;

void ItemListModel::setProject(const Project *project)
{
    // Handlers of modelReset may ask for more rows: not before the reset is announced.
    const QScopedValueRollback<bool> guard(m_fetching, true);
    beginResetModel();
    m_project = project;
    m_items.clear();
    m_rows.clear();
    m_datasets.clear();
    m_total = 0;
    if (m_project) {
        m_total = m_project->itemCount();
        const QList<Dataset> datasets = m_project->datasets();
        for (const Dataset &d : datasets) {
            m_datasets.insert(d.id, d.name);
        }
    }
    endResetModel();
}

void ItemListModel::setPageSize(int size)
{
    m_pageSize = std::max(1, size);
}

void ItemListModel::fetchAll()
{
    while (canFetchMore({})) {
        fetchMore({});
    }
}

QModelIndex ItemListModel::index(ItemId id, int column)
{
    while (!m_rows.contains(id) && canFetchMore({})) {
        fetchMore({});
    }
    const auto it = m_rows.constFind(id);
    return it == m_rows.constEnd() ? QModelIndex() : createIndex(*it, column);
}

ItemId ItemListModel::id(const QModelIndex &index) const
{
    const Item *i = index.isValid() && index.model() == this ? item(index.row()) : nullptr;
    return i ? i->id : 0;
}

const Item *ItemListModel::item(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items[row] : nullptr;
}

int ItemListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ItemListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ItemListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_project && m_items.size() < m_total;
}

void ItemListModel::fetchMore(const QModelIndex &parent)
{
    // Views (and QAbstractItemModelTester) call fetchMore again from their rowsInserted
    // handlers; an insertion must not start while another is being announced.
    if (m_fetching || !canFetchMore(parent)) {
        return;
    }
    const QScopedValueRollback<bool> guard(m_fetching, true);
    const QList<Item> page = m_project->items(m_items.size(), m_pageSize);
    if (page.isEmpty()) {
        // The project has fewer items than it said (changed underneath): stop asking.
        m_total = m_items.size();
        return;
    }
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    for (const Item &i : page) {
        m_rows.insert(i.id, int(m_items.size()));
        m_items.append(i);
    }
    endInsertRows();
}

namespace {

QString shortKey(const ItemKey &key)
{
    if (key.kind == ItemKind::Patch) {
        return key.repository.isEmpty() ? key.ref.left(10) : key.repository + u'@' + key.ref.left(7);
    }
    return key.toString();
}

} // namespace

QVariant ItemListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Item &i = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return i.title.isEmpty() ? tr("(no title)") : i.title;
        case KeyColumn:
            return shortKey(i.key);
        case AuthorColumn:
            return i.author;
        case DateColumn:
            return i.date.isValid() ? QLocale().toString(i.date.date(), QLocale::ShortFormat) : QString();
        case DatasetColumn:
            return m_datasets.value(i.dataset);
        case ChangesColumn:
            if (i.kind() != ItemKind::Patch) {
                return QString();
            }
            return u"+%1 −%2"_s.arg(i.stats.linesAdded).arg(i.stats.linesDeleted);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == KeyColumn) {
            return i.key.toString();
        }
        if (index.column() == TitleColumn) {
            return i.title;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == TitleColumn && i.title.isEmpty()) {
            return QPalette().brush(QPalette::PlaceholderText);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ChangesColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case IdRole:
        return i.id;
    case KeyRole:
        return i.key.toString();
    case KindRole:
        return int(i.kind());
    case TitleRole:
        return i.title;
    case AuthorRole:
        return i.author;
    case DateRole:
        return i.date;
    case DatasetRole:
        return m_datasets.value(i.dataset);
    case RoundRole:
        return i.round;
    case FilesRole:
        return i.stats.files;
    case LinesAddedRole:
        return i.stats.linesAdded;
    case LinesDeletedRole:
        return i.stats.linesDeleted;
    }
    return {};
}

QVariant ItemListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case TitleColumn:
        return tr("Title");
    case KeyColumn:
        return tr("Key");
    case AuthorColumn:
        return tr("Author");
    case DateColumn:
        return tr("Date");
    case DatasetColumn:
        return tr("Dataset");
    case ChangesColumn:
        return tr("Changes");
    }
    return {};
}

QHash<int, QByteArray> ItemListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "itemId");
    names.insert(KeyRole, "key");
    names.insert(KindRole, "kind");
    names.insert(TitleRole, "title");
    names.insert(AuthorRole, "author");
    names.insert(DateRole, "date");
    names.insert(DatasetRole, "dataset");
    names.insert(RoundRole, "round");
    names.insert(FilesRole, "files");
    names.insert(LinesAddedRole, "linesAdded");
    names.insert(LinesDeletedRole, "linesDeleted");
    return names;
}

} // namespace Concord
