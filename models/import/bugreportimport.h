// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/githubissues.h"
#include "import/importcontext.h"

#include <QHash>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace Concord {

/// Stores parsed bug reports as items keyed by repository + number, with their content
/// (title, body, comments, labels, state, url) and the rest (dates, pull request,
/// comment count) as item metadata under "github". A report already in the project is
/// left as it is unless its content changed (new comments from a second file): then it
/// is updated and counted as such. Pull requests are not bug reports: they are skipped
/// and named in the warnings.
bool importBugReports(ImportContext &ctx, const QList<ParsedBugReport> &reports, const QString &fileName, QString *error);

/// importBugReports one report at a time, for readers that stream a file: memory is
/// that of one report (plus the keys of skipped pull requests, for the warning).
class BugReportImport
{
public:
    BugReportImport(ImportContext &ctx, const QString &fileName);
    /// Gets the dataset of the options; call once before add().
    bool begin(QString *error);
    /// done/total for the progress callback (total 0 when unknown); false on an error
    /// ("FILE: record N (KEY): cause") or a cancel.
    bool add(const ParsedBugReport &r, qint64 done, qint64 total, QString *error);
    /// Adds the warning naming the pull requests that were skipped.
    void finish();

private:
    ImportContext &m_ctx;
    QString m_fileName;
    std::optional<DatasetId> m_dataset;
    QStringList m_pullRequests;
};

/// Streams a GitHub issues file (readGitHubIssuesFile) into the project through
/// BugReportImport. Errors name the file: "FILE: line L, column C: cause",
/// "FILE: record N: cause".
bool importGitHubIssuesFile(ImportContext &ctx, const QString &path, QString *error);

/// Adds comments from a separate export to bug reports already in the project (from
/// this import or an earlier one), skipping comments they already have, one comment at a
/// time. A REST comments export is in date order, not grouped by issue, so comments are
/// gathered per issue until their text reaches the batch size (and at finish()), then
/// merged into their bug reports: memory is that of one batch, whatever the file's size,
/// and a bug report is rewritten once per batch that has comments of it. Comments of issues the
/// project does not have are counted in unmatched().
class GitHubCommentImport
{
public:
    /// Comment text and keys, counted roughly: ~93,000 short comments of as many issues,
    /// ~45 MiB of heap (bench/README.md, "1,000,000 GitHub comments").
    static constexpr qint64 DefaultBatchBytes = 32ll * 1024 * 1024;

    GitHubCommentImport(ImportContext &ctx, const QString &fileName, qint64 batchBytes = DefaultBatchBytes);
    /// False on a cancel ("FILE: cancelled") or when a batch could not be stored
    /// ("FILE: comments of KEY: cause").
    bool add(const ParsedComment &c, QString *error);
    /// Stores the last batch.
    bool finish(QString *error);
    int unmatched() const { return m_unmatched; }

private:
    bool flush(QString *error);

    ImportContext &m_ctx;
    QString m_fileName;
    qint64 m_batchBytes;
    QMap<QPair<QString, qint64>, QList<BugReportComment>> m_batch; ///< by repository and number
    qint64 m_batchSize = 0; ///< bytes of m_batch, roughly
    qint64 m_done = 0;      ///< comments read, for progress
    int m_unmatched = 0;
};

/// Streams a REST comments file (readGitHubCommentsFile) into the project through
/// GitHubCommentImport. Errors name the file: "FILE: line L, column C: cause",
/// "FILE: comment N: cause".
bool importGitHubCommentsFile(ImportContext &ctx, const QString &path, int *unmatched, QString *error);

/// Parses a column mapping "title=Summary,body=Description,number=Key". Known fields:
/// repository, number, title, body, author, labels, state, created, closed, url.
/// Returns false with *error naming an unknown field or a malformed pair.
bool parseColumnMap(const QStringList &specs, QHash<QString, QString> *map, QString *error);

/// Reads a bug-report CSV from another tracker. Each field is read from the column
/// the map names, else from the column of the field's own name. number and title are
/// required; the repository comes from its column or from ctx.options.project. Labels
/// are split at commas and semicolons. Errors name the file and line.
bool readBugReportCsv(const QString &path, const QHash<QString, QString> &map, const QString &defaultRepository,
                      QList<ParsedBugReport> *reports, QString *error);

} // namespace Concord
