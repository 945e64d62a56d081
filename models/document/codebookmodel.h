// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>

namespace Concord {

class ProjectDocument;

/// The values of one codebook dimension as a tree (parent before children, siblings by
/// order), with name, description and usage (how many rater findings chose the value)
/// columns. It follows ProjectDocument::codebookChanged and findingChanged. Editing the
/// name pushes a rename command onto the document's undo stack; the model changes only
/// when the document announces the change.
///
/// Deprecated values are greyed; merged values stay in the tree, struck out, named
/// "name → target", so the history of the taxonomy stays visible.
class CodebookModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodebookModel)
public:
    enum Column { NameColumn, DescriptionColumn, UsageColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< ValueId (qint64)
        UuidRole,                  ///< QUuid
        DeprecatedRole,            ///< bool
        MergedIntoRole,            ///< ValueId of the target, 0 when not merged
        UsageRole,                 ///< qint64
        PlainNameRole,             ///< the name alone (Display adds "→ target" to merged values)
    };
    Q_ENUM(Role)

    explicit CodebookModel(ProjectDocument *document, QObject *parent = nullptr);
    ~CodebookModel() override;

    /// Shows the values of @p dimension (0: none).
    void setDimension(DimensionId dimension);
    DimensionId dimension() const { return m_dimension; }
    /// The codebook as last read (all dimensions).
    const Codebook &codebook() const { return m_codebook; }

    QModelIndex index(ValueId id, int column = 0) const;
    using QAbstractItemModel::index;
    /// The value id at @p index, 0 when invalid.
    ValueId id(const QModelIndex &index) const;
    /// The value at @p index, or nullptr.
    const CodebookValue *value(const QModelIndex &index) const;
    qint64 usage(ValueId id) const { return m_usage.value(id); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node
    {
        CodebookValue value;
        int parent = -1; ///< index into m_nodes, -1 at top level
        int row = 0;     ///< among its siblings
        QList<int> children;
    };

    void reload();
    void refreshUsage();
    /// Reads the document's codebook into nodes (does not touch the model's rows).
    QList<Node> readNodes(QList<int> *roots) const;
    QModelIndex indexOf(int node, int column) const;

    QPointer<ProjectDocument> m_document;
    DimensionId m_dimension = 0;
    Codebook m_codebook;
    QList<Node> m_nodes;
    QList<int> m_roots;
    QHash<ValueId, int> m_nodeOf;
    QHash<ValueId, qint64> m_usage;
    bool m_usagePending = false;
};

} // namespace Concord
