// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importcontext.h"

#include <QString>

namespace Concord {

class CsvHeader;

/// What a CSV file of a study holds, judged by its header.
enum class LabelCsvKind : quint8 {
    Unknown,
    Taxonomy,      ///< "category","description" (one dimension per file, the published layout),
                   ///< or dimension,name,description[,id] (all dimensions in one file)
    Judgements,    ///< one row per rater and item: sha, rater, is_func_fix, dimension values by name, comments
    Reconciled,    ///< one row per final finding: bug_fix_id, sha, dimension values, no rater
    BugReports,    ///< title (and more) per row, or any CSV given a column map
    Commits,       ///< a commit list: project, sha[, author, commit_date, dataset, rounds] (labels/commits.csv)
    CommitDetails, ///< per-file/method rows of a commit: sha, file_name, ... (labels/commit_details.csv)
    Dimensions,    ///< dimension,name,kind[,ordered,description,file] (an export's dimensions.csv)
    Raters,        ///< rater,name,role[,initials,login,uuid] (an export's raters.csv)
};

LabelCsvKind classifyLabelCsv(const CsvHeader &header);

/// Imports a taxonomy CSV into the codebook: values by name in their dimension (the
/// study's dimensions are created with their rules when missing; other dimension keys
/// become plain single-choice dimensions). Values already there keep their description.
bool importTaxonomyCsv(ImportContext &ctx, const QString &path, QString *error);

/// Imports dimension definitions (an export's dimensions.csv): a dimension that is not
/// in the project is made with its name, kind (single or multiple), ordered flag and
/// description, after the dimensions already there; the study's four come with their
/// rules as the taxonomy import makes them. A dimension already in the project is kept
/// as it is (a different kind is an error: its values could not be read).
bool importDimensionsCsv(ImportContext &ctx, const QString &path, QString *error);

/// Imports raters with their role (an export's raters.csv): a new rater gets its name,
/// initials, role (rater or reconciler), login and uuid; one already in the project (by
/// uuid, else name) keeps what it has, with a warning when the role differs.
bool importRatersCsv(ImportContext &ctx, const QString &path, QString *error);

/// Imports a commit list (the study's commits.csv): one item per project + sha, with
/// author, date, dataset (by name) and round; items already there (from patches or the
/// dump) keep what they have and gain what they lack. Other columns go to the item's
/// metadata under "commit_list" (an export's items.csv: its title is read, its derived
/// columns are not kept, and its bug-report rows are checked against the project — the
/// bug reports come from an issue import — with a warning for those not in it). The
/// patches themselves come from a patch import.
bool importCommitListCsv(ImportContext &ctx, const QString &path, QString *error);

/// Options of the judgement import.
struct LabelImportOptions
{
    bool addMissingValues = false; ///< add unknown value names to the codebook instead of failing
};

/// Imports long-format rater judgements (the shape of labels/categorizations.csv) and
/// reconciled findings (labels/reconciled.csv): items are found by project + sha (or by
/// sha alone when it is unique in the project), raters by initials or name (created when
/// new), values by name in the codebook. Unknown value names fail the import, listing
/// every one with its line, unless options.addMissingValues. Rows with a
/// categorization_id / bug_fix_id get the same uuids the web-app dump import gives them,
/// so the spreadsheet and the dump of the same study do not double up. Reconciled rows
/// are linked to the judgements with the same bug_fix_id read in the same import.
/// Call importJudgementCsv for every judgement file first, then importReconciledCsv.
/// The columns `concord-cli export` adds are read when present, so an export reads back
/// as it was: uuid (the record's identity), finding (its number on the item), rater_name,
/// unsure, created, modified; decision, rationale, reconciler, reconciler_name,
/// decided_at, source_finding_uuids (';'-separated; they replace the bug_fix_id link);
/// item ("owner/name@sha" or "owner/name#123", for rows without a sha: bug reports);
/// a column per dimension beyond the study's (its key, values by name, several
/// separated by ';') with KEY_comment.
class JudgementImport
{
public:
    JudgementImport(ImportContext &ctx, const LabelImportOptions &options);
    ~JudgementImport();
    bool importJudgementCsv(const QString &path, QString *error);
    bool importReconciledCsv(const QString &path, QString *error);
    /// Commit details (the web app's commitdetail rows) into the item's metadata at
    /// ponder.commit_details, where the dump import puts them: each row once (the id
    /// column is not compared), numbers as numbers, so the dump and the CSV agree.
    bool importCommitDetailsCsv(const QString &path, QString *error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Concord
