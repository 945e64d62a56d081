// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/project.h"

#include <QAbstractTableModel>

namespace Concord {

/// The files of one patch item: path, kind of change, lines added and deleted.
class PatchFileModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatchFileModel)
public:
    enum Column { PathColumn, ChangeColumn, AddedColumn, DeletedColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< PatchFileId
        PathRole,                  ///< the display path
        BinaryRole,
        HunkCountRole,
    };
    Q_ENUM(Role)

    explicit PatchFileModel(QObject *parent = nullptr);
    ~PatchFileModel() override;

    void setFiles(const QList<PatchFile> &files);
    /// Appends @p files after the last row (a large commit is listed a slice at a time).
    void appendFiles(const QList<PatchFile> &files);
    const QList<PatchFile> &files() const { return m_files; }
    const PatchFile *file(int row) const;

    QModelIndex index(PatchFileId id, int column = 0) const;
    using QAbstractTableModel::index;
    PatchFileId id(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "modified", "added", "renamed", ... for a file.
    static QString changeName(const FileDiff &diff);

private:
    QList<PatchFile> m_files;
};

} // namespace Concord
