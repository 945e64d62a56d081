// SPDX-License-Identifier: GPL-3.0-or-later
#include "patchfilemodel.h"
#include "domain/tooltip.h"

namespace Concord {

PatchFileModel::PatchFileModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

PatchFileModel::~PatchFileModel() = default;

void PatchFileModel::setFiles(const QList<PatchFile> &files)
{
    beginResetModel();
    m_files = files;
    endResetModel();
}

void PatchFileModel::appendFiles(const QList<PatchFile> &files)
{
    if (files.isEmpty()) {
        return;
    }
    beginInsertRows({}, int(m_files.size()), int(m_files.size() + files.size()) - 1);
    m_files.append(files);
    endInsertRows();
}

const PatchFile *PatchFileModel::file(int row) const
{
    return row >= 0 && row < m_files.size() ? &m_files[row] : nullptr;
}

QModelIndex PatchFileModel::index(PatchFileId id, int column) const
{
    for (int row = 0; row < m_files.size(); ++row) {
        if (m_files[row].id == id) {
            return createIndex(row, column);
        }
    }
    return {};
}

PatchFileId PatchFileModel::id(const QModelIndex &index) const
{
    const PatchFile *f = index.isValid() && index.model() == this ? file(index.row()) : nullptr;
    return f ? f->id : 0;
}

int PatchFileModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

int PatchFileModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PatchFileModel::changeName(const FileDiff &diff)
{
    QString name;
    switch (diff.change) {
    case FileDiff::Change::Modified:
        name = tr("modified");
        break;
    case FileDiff::Change::Added:
        name = tr("added");
        break;
    case FileDiff::Change::Deleted:
        name = tr("deleted");
        break;
    case FileDiff::Change::Renamed:
        name = tr("renamed");
        break;
    case FileDiff::Change::Copied:
        name = tr("copied");
        break;
    }
    if (diff.binary) {
        name += tr(", binary");
    }
    if (diff.symlink) {
        name += tr(", symlink");
    }
    if (diff.submodule) {
        name += tr(", submodule");
    }
    return name;
}

QVariant PatchFileModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const PatchFile &f = m_files[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PathColumn:
            return f.diff.displayPath();
        case ChangeColumn:
            return changeName(f.diff);
        case AddedColumn:
            return f.diff.binary ? QVariant() : QVariant(f.diff.added);
        case DeletedColumn:
            return f.diff.binary ? QVariant() : QVariant(f.diff.deleted);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == PathColumn && !f.diff.oldPath.isEmpty() && f.diff.oldPath != f.diff.newPath && !f.diff.newPath.isEmpty()) {
            return plainToolTip(tr("%1\n(from %2)").arg(f.diff.newPath, f.diff.oldPath));
        }
        return plainToolTip(f.diff.displayPath());
    case Qt::TextAlignmentRole:
        if (index.column() == AddedColumn || index.column() == DeletedColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case IdRole:
        return f.id;
    case PathRole:
        return f.diff.displayPath();
    case BinaryRole:
        return f.diff.binary;
    case HunkCountRole:
        return f.hunkCount;
    }
    return {};
}

QVariant PatchFileModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case PathColumn:
        return tr("File");
    case ChangeColumn:
        return tr("Change");
    case AddedColumn:
        return tr("+");
    case DeletedColumn:
        return tr("−");
    }
    return {};
}

} // namespace Concord
