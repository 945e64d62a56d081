// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importcontext.h"
#include "import/importtypes.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace Concord {

class Project;

/// Input formats `concord-cli import` knows.
enum class ImportFormat : quint8 {
    Auto,       ///< decide per file from its first bytes
    Patch,      ///< git format-patch file or plain unified diff
    Mbox,       ///< a mailbox of patches (same importer as Patch)
    GitHubJson, ///< GitHub issues (REST or gh --json), or a list of their comments
    Csv,        ///< taxonomy, rater judgements, reconciled findings or bug reports, told apart by header
    Ponder,     ///< the tf.function study's web-app dump (Django dumpdata)
};

/// "auto", "patch", ... → format; nullopt for an unknown name.
std::optional<ImportFormat> importFormatFromName(const QString &name);
QString importFormatName(ImportFormat format);

/// The format of one file from its name and first bytes. Returns nullopt with *error
/// ("empty file", "binary data", "not a format Concord imports") when it cannot tell.
std::optional<ImportFormat> detectImportFormat(const QString &path, QByteArrayView head, QString *error);

/// One `concord-cli import` run.
struct ImportRequest
{
    QStringList files;
    ImportFormat format = ImportFormat::Auto; ///< applies to every file
    ImportOptions options;
    QStringList columnMap;         ///< --map FIELD=COLUMN,... for bug-report CSVs
    bool addMissingValues = false; ///< --add-missing-values for judgement CSVs
};

/// What one run did: the item report and the per-kind tally.
struct ImportResult
{
    ImportReport report;
    ImportTally tally;
    QStringList formats; ///< per file, the format it was read as
};

/// Imports all files of a request as one transaction: on any error nothing is imported
/// and *error names the file, the line or record, and the cause. Patch and mailbox files
/// go to the patch importer inside the same session. Files are read in this order,
/// whatever the command line's order: taxonomies, patches, web-app dumps, GitHub
/// issues, their comments, bug-report CSVs, rater judgements, reconciled findings — so
/// labels find their items and codebook, and reconciled findings their sources.
bool importFiles(Project &project, const ImportRequest &request, ImportResult *result, QString *error);

} // namespace Concord
