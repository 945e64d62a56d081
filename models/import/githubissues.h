// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bugreport.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QJsonDocument;

namespace Concord {

/// One bug report as read from an export, before it is stored.
struct ParsedBugReport
{
    QString repository; ///< "owner/name"
    qint64 number = 0;
    QString title;
    QString body; ///< Markdown kept as text
    QString author;
    QStringList labels;
    QString state; ///< lowercase: "open", "closed"
    SourceDate created;
    SourceDate updated;
    SourceDate closed;
    QString url; ///< the page a person opens
    bool pullRequest = false;
    QList<BugReportComment> comments;
    int commentCount = -1; ///< what the export says, -1 when unknown
    int record = 0;        ///< 1-based position in the file, for messages
};

/// Reads GitHub issue exports:
/// - the REST API (`GET /repos/O/N/issues[/N]`): one issue object or an array, `user.login`,
///   `labels` as objects or names, `comments` as a count or embedded as an array,
///   pull requests recognized by their `pull_request` key;
/// - `gh issue view/list --json ...`: `author.login`, `createdAt`, upper-case `state`,
///   `comments` as an array of {author, body, createdAt};
/// - the corpus's metadata shape: {repo, number, url, title, labels: [names], state, created_at}.
/// The repository comes from a "repo"/"repository" field or from the issue's URL.
/// On a record without a number or a repository it returns false with
/// "record N: cause" in *error.
bool parseGitHubIssues(const QJsonDocument &document, QList<ParsedBugReport> *reports, QString *error);

/// Called with each issue as it is read; returns false (with *error set) to stop.
using GitHubIssueSink = std::function<bool(const ParsedBugReport &, QString *error)>;

/// parseGitHubIssues on a file, one record at a time (JsonArrayReader): memory stays that
/// of one record whatever the file's size. Errors are "line L, column C: cause" for the
/// JSON (a file cut short included) and "record N: cause" for the shape, as above, or
/// whatever onIssue set.
bool readGitHubIssuesFile(const QString &path, const GitHubIssueSink &onIssue, QString *error);

/// One comment of a separate REST comments export, with the issue it belongs to.
struct ParsedComment
{
    QString repository;
    qint64 number = 0;
    BugReportComment comment;
};

/// Reads a REST comments export (`GET .../issues/N/comments` or `.../issues/comments`):
/// an array of comment objects, each naming its issue by `issue_url`. Returns false with
/// "comment N: cause" when one does not.
bool parseGitHubComments(const QJsonDocument &document, QList<ParsedComment> *comments, QString *error);

/// Called with each comment as it is read; returns false (with *error set) to stop.
using GitHubCommentSink = std::function<bool(const ParsedComment &, QString *error)>;

/// parseGitHubComments on a file, one record at a time (JsonArrayReader): memory stays
/// that of one comment whatever the file's size. Errors are "line L, column C: cause" for
/// the JSON (a file cut short included), "comment N: cause" for the shape, or whatever
/// onComment set.
bool readGitHubCommentsFile(const QString &path, const GitHubCommentSink &onComment, QString *error);

/// Attaches comments from a separate REST export (`GET .../issues/N/comments`, or
/// `.../issues/comments`): an array of comment objects with `issue_url`. Comments
/// whose issue is not among reports are counted in *unmatched.
bool attachGitHubComments(const QJsonDocument &document, QList<ParsedBugReport> *reports, int *unmatched,
                          QString *error);

/// True when a JSON document is an array of comments (objects with "issue_url" and no "title").
bool isGitHubCommentList(const QJsonDocument &document);

/// True when the start of a file looks like GitHub issue JSON.
bool looksLikeGitHubIssues(QByteArrayView head);

} // namespace Concord
