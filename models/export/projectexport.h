// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/projectunits.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Concord {

class Project;

/// Which CSV files an export writes (codebook.md and decision_log.md come with each).
enum class ExportLayout : quint8 {
    /// The layout the study published: one codebook file per dimension
    /// (problem_categories.csv with the header "category","description", ... ; DIMENSION.csv
    /// for other dimensions), dimensions.csv (each dimension's name, kind and description),
    /// raters.csv (every rater with role), categorizations.csv (one row per rater
    /// finding), reconciled.csv (one row per reconciled finding) and items.csv. The
    /// findings and reconciled files have the columns of the study's spreadsheets first and
    /// Concord's own columns after them, so `concord-cli import` reads an export back
    /// (the labels; the items' content comes from importing the same sources again).
    Study,
    /// ratings_wide.csv: one row per unit, a column per rater per dimension and the
    /// reconciled value.
    Wide,
    /// ratings_long.csv: item,rater,dimension,value, the units of the agreement figures
    /// (what `concord-cli agreement --ratings FILE --dimension KEY` reads).
    Long,
};

/// "study", "wide", "long" → layout; nullopt for another name.
std::optional<ExportLayout> exportLayoutFromName(const QString &name);
QString exportLayoutName(ExportLayout layout);

struct ExportOptions
{
    ExportLayout layout = ExportLayout::Study;
    bool overwrite = false; ///< replace files that exist (otherwise the export refuses)
    /// Called with rows done / rows to write; return false to cancel (nothing is written).
    std::function<bool(qint64 done, qint64 total)> progress;
};

/// One file an export wrote.
struct ExportedFile
{
    QString name; ///< file name inside the export directory
    QString path; ///< absolute path
    qint64 rows = 0; ///< data rows (without the header); for Markdown, table rows
};

/// The files of a layout, in the order they are written (codebook files depend on the
/// project's dimensions, hence the project).
QStringList exportFileNames(const Project &project, ExportLayout layout);

/// Writes the export into @p directory (created when missing). Every file is written
/// under a temporary name and renamed into place only when all of them were written, so
/// a failed or cancelled export leaves the directory as it was. Refuses, naming the
/// file, when a file of the layout already exists unless options.overwrite. Returns the
/// files written; nullopt and *error ("FILE: cause") on failure.
std::optional<QList<ExportedFile>> exportProject(const Project &project, const QString &directory,
                                                 const ExportOptions &options, QString *error);

/// The header of ratings_long.csv: item, rater, dimension, value.
QStringList longRatingsHeader();

/// Calls @p row with every row of ratings_long.csv for @p units (one per unit, rater and
/// dimension; a missing rating has an empty value, an empty set of a multiple-choice
/// dimension the value "none", several values are joined by ';'), in the order the
/// long layout writes them. Stops and returns false when @p row does.
bool forEachLongRating(const std::vector<DimensionUnits> &units, const std::function<bool(const QStringList &)> &row);

} // namespace Concord
