// SPDX-License-Identifier: GPL-3.0-or-later
#include "itemlistmodel.h"
#include "domain/tooltip.h"

#include "document/termcountrunner.h"
#include "store/project.h"

#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

ItemListModel::ItemListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

ItemListModel::~ItemListModel() = default;

void ItemListModel::setProject(const Project *project)
{
    beginResetModel();
    m_project = project;
    m_ids.clear();
    m_rows.clear();
    m_cache.clear();
    m_statuses.clear();
    m_datasets.clear();
    m_total = 0;
    m_query = ItemQuery();
    m_termCounts.clear();
    m_sortByTerms = false;
    if (m_project) {
        m_total = m_project->itemCount();
        const QList<Dataset> datasets = m_project->datasets();
        for (const Dataset &d : datasets) {
            m_datasets.insert(d.id, d.name);
        }
        if (const std::optional<QList<ItemId>> ids = m_project->queryItems(m_query)) {
            m_ids = *ids;
        }
        for (int row = 0; row < m_ids.size(); ++row) {
            m_rows.insert(m_ids[row], row);
        }
    }
    endResetModel();
    startTermCount();
}

void ItemListModel::setHighlightTerms(const QList<HighlightTerm> &terms)
{
    m_terms = terms;
    m_termCounts.clear();
    startTermCount();
    if (!m_ids.isEmpty()) {
        Q_EMIT dataChanged(index(0, TermsColumn), index(int(m_ids.size()) - 1, TermsColumn));
    }
}

std::optional<qint64> ItemListModel::termCount(ItemId id) const
{
    const auto it = m_termCounts.constFind(id);
    return it == m_termCounts.constEnd() ? std::nullopt : std::optional<qint64>(*it);
}

void ItemListModel::startTermCount()
{
    m_pendingCounts = 0;
    if (m_termRunner) {
        m_termRunner->cancel();
    }
    if (!m_project || m_terms.isEmpty()) {
        return;
    }
    if (!m_termRunner) {
        // Made only when a project has terms: opening one without costs no thread.
        m_termRunner = new TermCountRunner(this);
        connect(m_termRunner, &TermCountRunner::counted, this, [this](quint64 ticket, const QHash<ItemId, qint64> &counts) {
            if (ticket != m_termTicket || counts.isEmpty()) {
                return;
            }
            m_termCounts.insert(counts);
            m_pendingCounts = std::max<qint64>(0, m_pendingCounts - counts.size());
            if (!m_ids.isEmpty()) {
                Q_EMIT dataChanged(index(0, TermsColumn), index(int(m_ids.size()) - 1, TermsColumn));
            }
        });
        connect(m_termRunner, &TermCountRunner::finished, this, [this](quint64 ticket, const QString &error) {
            if (ticket == m_termTicket) {
                Q_EMIT termCountsFinished(error);
            }
        });
    }
    // The rows the query shows first (the rows in view fill in first), then the rest, so
    // that a later query finds its items counted. Items counted already keep their count
    // (the terms did not change: setHighlightTerms clears them when they do).
    QList<ItemId> order;
    for (const ItemId id : std::as_const(m_ids)) {
        if (!m_termCounts.contains(id)) {
            order.append(id);
        }
    }
    const QList<ItemId> all = m_project->itemIds();
    for (const ItemId id : all) {
        if (!m_rows.contains(id) && !m_termCounts.contains(id)) {
            order.append(id);
        }
    }
    m_pendingCounts = order.size();
    m_termRunner->setProjectPath(m_project->path());
    m_termTicket = m_termRunner->run(m_terms, order);
}

void ItemListModel::sortByTermCount()
{
    const bool descending = m_termsDescending;
    // Items not counted yet go last in either order.
    std::stable_sort(m_ids.begin(), m_ids.end(), [this, descending](ItemId a, ItemId b) {
        const qint64 ca = m_termCounts.value(a, -1);
        const qint64 cb = m_termCounts.value(b, -1);
        if ((ca < 0) != (cb < 0)) {
            return cb < 0;
        }
        return descending ? ca > cb : ca < cb;
    });
    m_rows.clear();
    m_rows.reserve(m_ids.size());
    for (int row = 0; row < m_ids.size(); ++row) {
        m_rows.insert(m_ids[row], row);
    }
}

void ItemListModel::loadStatuses()
{
    m_statuses.clear();
    if (m_project && m_query.rater != 0) {
        if (const std::optional<QHash<ItemId, LabelStatus>> statuses = m_project->labelStatuses(m_query.rater)) {
            m_statuses = *statuses;
        }
    }
}

void ItemListModel::setRater(RaterId rater)
{
    ItemQuery q = m_query;
    q.rater = rater;
    m_query.rater = rater;
    loadStatuses();
    if (q.status != ItemQuery::Status::Any || q.sort == ItemQuery::Sort::Status) {
        setQuery(q);
    } else if (!m_ids.isEmpty()) {
        Q_EMIT dataChanged(index(0, StatusColumn), index(int(m_ids.size()) - 1, StatusColumn));
    }
}

bool ItemListModel::setQuery(const ItemQuery &query, QString *error)
{
    if (!m_project) {
        return false;
    }
    ItemQuery q = query;
    q.rater = m_query.rater;
    QString why;
    const std::optional<QList<ItemId>> ids = m_project->queryItems(q, &why);
    if (!ids) {
        if (error) {
            *error = why;
        }
        return false;
    }
    setResult(q, *ids);
    return true;
}

void ItemListModel::setResult(const ItemQuery &query, const QList<ItemId> &ids)
{
    beginResetModel();
    m_query = query;
    m_ids = ids;
    m_rows.clear();
    m_rows.reserve(m_ids.size());
    for (int row = 0; row < m_ids.size(); ++row) {
        m_rows.insert(m_ids[row], row);
    }
    if (m_sortByTerms) {
        sortByTermCount();
    }
    m_cache.clear();
    if (m_project) {
        m_total = m_project->itemCount();
        const QList<Dataset> datasets = m_project->datasets();
        m_datasets.clear();
        for (const Dataset &d : datasets) {
            m_datasets.insert(d.id, d.name);
        }
    }
    endResetModel();
}

bool ItemListModel::refresh(QString *error)
{
    loadStatuses();
    const bool ok = setQuery(m_query, error);
    startTermCount(); // items imported since are counted too; counted ones are kept
    return ok;
}

void ItemListModel::updateStatus(ItemId item)
{
    if (!m_project || m_query.rater == 0) {
        return;
    }
    const LabelStatus status = m_project->labelStatus(item, m_query.rater);
    if (status == LabelStatus::NotStarted) {
        m_statuses.remove(item);
    } else {
        m_statuses.insert(item, status);
    }
    const QModelIndex at = index(item, StatusColumn);
    if (at.isValid()) {
        Q_EMIT dataChanged(at, at);
    }
}

qint64 ItemListModel::doneCount() const
{
    qint64 done = 0;
    for (const LabelStatus s : m_statuses) {
        done += s == LabelStatus::Done ? 1 : 0;
    }
    return done;
}

void ItemListModel::setPageSize(int size)
{
    m_pageSize = std::max(1, size);
}

QModelIndex ItemListModel::index(ItemId id, int column) const
{
    const auto it = m_rows.constFind(id);
    return it == m_rows.constEnd() ? QModelIndex() : createIndex(*it, column);
}

ItemId ItemListModel::id(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this ? idAt(index.row()) : 0;
}

ItemId ItemListModel::idAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids[row] : 0;
}

void ItemListModel::loadPage(int row) const
{
    // The page around row, so scrolling either way finds its neighbours read.
    const int first = std::max(0, row - m_pageSize / 4);
    const int last = std::min(int(m_ids.size()), first + m_pageSize);
    if (m_cache.size() > 20 * m_pageSize) {
        m_cache.clear(); // bounded memory however far the view scrolls
    }
    QList<ItemId> wanted;
    for (int r = first; r < last; ++r) {
        if (!m_cache.contains(m_ids[r])) {
            wanted.append(m_ids[r]);
        }
    }
    if (const std::optional<QList<Item>> items = m_project->itemsById(wanted)) {
        for (const Item &i : *items) {
            m_cache.insert(i.id, i);
        }
    }
}

const Item *ItemListModel::item(int row) const
{
    if (!m_project || row < 0 || row >= m_ids.size()) {
        return nullptr;
    }
    auto it = m_cache.constFind(m_ids[row]);
    if (it == m_cache.constEnd()) {
        loadPage(row);
        it = m_cache.constFind(m_ids[row]);
    }
    return it == m_cache.constEnd() ? nullptr : &*it;
}

int ItemListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ItemListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ItemListModel::sort(int column, Qt::SortOrder order)
{
    if (column == TermsColumn) {
        beginResetModel();
        m_sortByTerms = true;
        m_termsDescending = order == Qt::DescendingOrder;
        sortByTermCount();
        endResetModel();
        return;
    }
    m_sortByTerms = false;
    ItemQuery q = m_query;
    switch (column) {
    case StatusColumn:
        q.sort = ItemQuery::Sort::Status;
        break;
    case TitleColumn:
        q.sort = ItemQuery::Sort::Title;
        break;
    case KeyColumn:
        q.sort = ItemQuery::Sort::Key;
        break;
    case AuthorColumn:
        q.sort = ItemQuery::Sort::Author;
        break;
    case DateColumn:
        q.sort = ItemQuery::Sort::Date;
        break;
    case DatasetColumn:
        q.sort = ItemQuery::Sort::Dataset;
        break;
    case ChangesColumn:
        q.sort = ItemQuery::Sort::Changes;
        break;
    default:
        q.sort = ItemQuery::Sort::ImportOrder;
        break;
    }
    q.descending = order == Qt::DescendingOrder;
    setQuery(q);
}

QString ItemListModel::statusName(LabelStatus status)
{
    switch (status) {
    case LabelStatus::NotStarted:
        return tr("Not started");
    case LabelStatus::InProgress:
        return tr("In progress");
    case LabelStatus::Done:
        return tr("Done");
    case LabelStatus::Unsure:
        return tr("Unsure");
    }
    return {};
}

namespace {

// What fits a narrow column and still tells items apart at a glance: the repository's name
// without its owner (the owner is in the tooltip and the item's header) and a commit's
// first 7 hex digits, as git abbreviates: "io@d46154b", "tensorflow#46012".
QString shortKey(const ItemKey &key)
{
    const QString name = key.repository.section(u'/', -1);
    if (key.kind == ItemKind::Patch) {
        return name.isEmpty() ? key.ref.left(10) : name + u'@' + key.ref.left(7);
    }
    return name.isEmpty() ? key.toString() : name + u'#' + key.ref;
}

} // namespace

QVariant ItemListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    if (index.column() == StatusColumn || role == StatusRole || role == IdRole) {
        const ItemId id = m_ids[index.row()];
        const LabelStatus status = m_statuses.value(id, LabelStatus::NotStarted);
        switch (role) {
        case Qt::DisplayRole:
            // A mark, not a word: the column stays narrow; the tooltip says it.
            switch (status) {
            case LabelStatus::NotStarted:
                return QString();
            case LabelStatus::InProgress:
                return u"…"_s;
            case LabelStatus::Done:
                return u"✓"_s;
            case LabelStatus::Unsure:
                return u"?"_s;
            }
            return {};
        case Qt::ToolTipRole:
            return statusName(status);
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignCenter);
        case StatusRole:
            return int(status);
        case IdRole:
            return id;
        default:
            return {};
        }
    }
    if (index.column() == TermsColumn || role == TermCountRole) {
        const ItemId id = m_ids[index.row()];
        const std::optional<qint64> count = termCount(id);
        switch (role) {
        case Qt::DisplayRole:
            if (m_terms.isEmpty()) {
                return QString();
            }
            // Nothing for none, so that the items with marks stand out.
            return count ? (*count > 0 ? QLocale().toString(*count) : QString()) : u"…"_s;
        case Qt::ToolTipRole:
            if (m_terms.isEmpty()) {
                return tr("No highlight terms (View ▸ Highlight Terms…)");
            }
            return count ? tr("%n occurrence(s) of the highlight terms", nullptr, int(std::min<qint64>(*count, std::numeric_limits<int>::max())))
                         : tr("Not counted yet");
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case TermCountRole:
            return count ? QVariant(*count) : QVariant();
        default:
            return {};
        }
    }
    const Item *loaded = item(index.row());
    if (!loaded) {
        return {};
    }
    const Item &i = *loaded;
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
            // The day the source gave (a commit's own day at its own offset), not moved to
            // this computer's time zone.
            return i.date.isValid() ? QLocale().toString(i.date.day(), QLocale::ShortFormat) : QString();
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
            return plainToolTip(i.key.toString());
        }
        if (index.column() == TitleColumn) {
            return plainToolTip(i.title);
        }
        if (index.column() == DateColumn) {
            return i.date.toDisplayString();
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
        if (!i.date.isValid()) {
            return {};
        }
        return i.date.hasTime() ? QVariant(i.date.toDateTime()) : QVariant(i.date.day());
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
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == StatusColumn) {
        return tr("Status: done, or how far the current rater got");
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == TermsColumn) {
        return tr("Occurrences of the highlight terms in the title, message, diff or report");
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case StatusColumn:
        return u"✓"_s;
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
    case TermsColumn:
        return tr("Terms");
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
    names.insert(StatusRole, "status");
    names.insert(TermCountRole, "termCount");
    return names;
}

} // namespace Concord
