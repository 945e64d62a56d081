// SPDX-License-Identifier: GPL-3.0-or-later
#include "codebookmodel.h"
#include "domain/tooltip.h"

#include "document/codebookcommands.h"
#include "document/projectdocument.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Concord {

CodebookModel::CodebookModel(ProjectDocument *document, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    if (m_document) {
        connect(m_document, &ProjectDocument::codebookChanged, this, &CodebookModel::reload);
        // Labels moving change the usage column only; coalesce a burst of edits into one read.
        connect(m_document, &ProjectDocument::findingChanged, this, [this] {
            if (!m_usagePending) {
                m_usagePending = true;
                QTimer::singleShot(0, this, &CodebookModel::refreshUsage);
            }
        });
        m_codebook = m_document->project().codebook();
        m_usage = m_document->project().valueUsage().value_or(QHash<ValueId, qint64>());
    }
}

CodebookModel::~CodebookModel() = default;

void CodebookModel::setDimension(DimensionId dimension)
{
    if (dimension == m_dimension) {
        return;
    }
    beginResetModel();
    m_dimension = dimension;
    m_nodes = readNodes(&m_roots);
    m_nodeOf.clear();
    for (int i = 0; i < m_nodes.size(); ++i) {
        m_nodeOf.insert(m_nodes.at(i).value.id, i);
    }
    endResetModel();
}

QList<CodebookModel::Node> CodebookModel::readNodes(QList<int> *roots) const
{
    roots->clear();
    QList<Node> nodes;
    if (m_dimension == 0) {
        return nodes;
    }
    // valuesOf gives tree order: a parent always comes before its children.
    const QList<CodebookValue> values = m_codebook.valuesOf(m_dimension);
    QHash<ValueId, int> at;
    for (const CodebookValue &v : values) {
        Node node;
        node.value = v;
        const int index = int(nodes.size());
        const auto parent = at.constFind(v.parent);
        if (v.parent != 0 && parent != at.cend()) {
            node.parent = parent.value();
            node.row = int(nodes[node.parent].children.size());
            nodes[node.parent].children.append(index);
        } else {
            node.row = int(roots->size());
            roots->append(index);
        }
        at.insert(v.id, index);
        nodes.append(node);
    }
    return nodes;
}

void CodebookModel::reload()
{
    if (!m_document) {
        return;
    }
    m_codebook = m_document->project().codebook();
    m_usage = m_document->project().valueUsage().value_or(QHash<ValueId, qint64>());
    QList<int> roots;
    QList<Node> nodes = readNodes(&roots);
    // A rename, a description or a merge keeps the tree's shape: update in place so views
    // keep their selection and expansion. Anything else (add, move, remove) resets.
    bool sameShape = roots == m_roots && nodes.size() == m_nodes.size();
    for (qsizetype i = 0; sameShape && i < nodes.size(); ++i) {
        sameShape = nodes.at(i).value.uuid == m_nodes.at(i).value.uuid && nodes.at(i).parent == m_nodes.at(i).parent
            && nodes.at(i).children == m_nodes.at(i).children;
    }
    if (!sameShape) {
        beginResetModel();
        m_nodes = nodes;
        m_roots = roots;
        m_nodeOf.clear();
        for (int i = 0; i < m_nodes.size(); ++i) {
            m_nodeOf.insert(m_nodes.at(i).value.id, i);
        }
        endResetModel();
        return;
    }
    // Names of merge targets and usage counts may change on any row: repaint them all.
    m_nodes = nodes;
    m_nodeOf.clear();
    for (int i = 0; i < m_nodes.size(); ++i) {
        m_nodeOf.insert(m_nodes.at(i).value.id, i);
    }
    for (int i = 0; i < m_nodes.size(); ++i) {
        Q_EMIT dataChanged(indexOf(i, 0), indexOf(i, ColumnCount - 1));
    }
}

void CodebookModel::refreshUsage()
{
    m_usagePending = false;
    if (!m_document) {
        return;
    }
    const auto usage = m_document->project().valueUsage();
    if (!usage) {
        return;
    }
    const QHash<ValueId, qint64> old = m_usage;
    m_usage = *usage;
    for (int i = 0; i < m_nodes.size(); ++i) {
        const ValueId id = m_nodes.at(i).value.id;
        if (old.value(id) != m_usage.value(id)) {
            Q_EMIT dataChanged(indexOf(i, UsageColumn), indexOf(i, UsageColumn));
        }
    }
}

QModelIndex CodebookModel::indexOf(int node, int column) const
{
    return createIndex(m_nodes.at(node).row, column, quintptr(node));
}

QModelIndex CodebookModel::index(ValueId id, int column) const
{
    const auto it = m_nodeOf.constFind(id);
    return it == m_nodeOf.cend() ? QModelIndex() : indexOf(it.value(), column);
}

ValueId CodebookModel::id(const QModelIndex &index) const
{
    const CodebookValue *v = value(index);
    return v ? v->id : 0;
}

const CodebookValue *CodebookModel::value(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() >= quintptr(m_nodes.size())) {
        return nullptr;
    }
    return &m_nodes.at(int(index.internalId())).value;
}

QModelIndex CodebookModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0) {
        return {};
    }
    const QList<int> &children = parent.isValid() ? m_nodes.at(int(parent.internalId())).children : m_roots;
    if (row >= children.size() || (parent.isValid() && parent.column() != 0)) {
        return {};
    }
    return indexOf(children.at(row), column);
}

QModelIndex CodebookModel::parent(const QModelIndex &child) const
{
    if (!child.isValid()) {
        return {};
    }
    const int parent = m_nodes.at(int(child.internalId())).parent;
    return parent < 0 ? QModelIndex() : indexOf(parent, 0);
}

int CodebookModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid()) {
        return int(m_roots.size());
    }
    if (parent.column() != 0) {
        return 0;
    }
    return int(m_nodes.at(int(parent.internalId())).children.size());
}

int CodebookModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CodebookModel::data(const QModelIndex &index, int role) const
{
    const CodebookValue *v = value(index);
    if (!v) {
        return {};
    }
    const CodebookValue *target = v->mergedInto != 0 ? m_codebook.value(m_codebook.resolve(v->id)) : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return target ? u"%1 → %2"_s.arg(v->name, target->name) : v->name;
        case DescriptionColumn:
            // One line in the tree; the editor shows all of it.
            return v->description.section(u'\n', 0, 0);
        case UsageColumn:
            return m_usage.value(v->id);
        }
        return {};
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(v->name) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = v->description;
        if (v->deprecated) {
            tip = tip.isEmpty() ? u"(deprecated)"_s : tip + u"\n(deprecated)"_s;
        }
        return tip.isEmpty() ? QVariant() : QVariant(plainToolTip(tip));
    }
    case Qt::FontRole:
        if (target) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (!v->isActive()) {
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == UsageColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case IdRole:
        return v->id;
    case UuidRole:
        return v->uuid;
    case DeprecatedRole:
        return v->deprecated;
    case MergedIntoRole:
        return v->mergedInto;
    case UsageRole:
        return m_usage.value(v->id);
    case PlainNameRole:
        return v->name;
    }
    return {};
}

bool CodebookModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const CodebookValue *v = this->value(index);
    if (!v || role != Qt::EditRole || index.column() != NameColumn || !m_document) {
        return false;
    }
    QUndoCommand *command = CodebookEdits::renameValue(m_document, v->id, value.toString());
    if (!command) {
        return false;
    }
    // The rename reaches the model through codebookChanged; a refusal (name taken) is
    // reported through the document's editFailed.
    return m_document->push(command);
}

Qt::ItemFlags CodebookModel::flags(const QModelIndex &index) const
{
    const CodebookValue *v = value(index);
    if (!v) {
        return Qt::NoItemFlags;
    }
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn && v->mergedInto == 0 && m_document && !m_document->isReadOnly()) {
        flags |= Qt::ItemIsEditable;
    }
    return flags;
}

QVariant CodebookModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Value");
    case DescriptionColumn:
        return tr("Description");
    case UsageColumn:
        return tr("Findings");
    }
    return {};
}

QHash<int, QByteArray> CodebookModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(IdRole, "valueId");
    names.insert(UuidRole, "uuid");
    names.insert(DeprecatedRole, "deprecated");
    names.insert(MergedIntoRole, "mergedInto");
    names.insert(UsageRole, "usage");
    names.insert(PlainNameRole, "plainName");
    return names;
}

} // namespace Concord
