// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/githubissues.h"

#include "import/importcontext.h"
#include "import/jsonstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace Concord {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// "x" or {"login": "x"} (REST user, gh author).
QString login(const QJsonValue &v)
{
    if (v.isString()) {
        return v.toString();
    }
    const QJsonObject o = v.toObject();
    const QString l = str(o, "login");
    return l.isEmpty() ? str(o, "name") : l;
}

SourceDate date(const QJsonObject &o, const char *rest, const char *gh)
{
    QString s = str(o, rest);
    if (s.isEmpty()) {
        s = str(o, gh);
    }
    if (s.isEmpty()) {
        return {};
    }
    return SourceDate::fromString(s);
}

/// owner/name and number from https://github.com/O/N/issues/12, .../pull/12 or
/// https://api.github.com/repos/O/N/issues/12.
bool repoFromUrl(const QString &url, QString *repository, qint64 *number)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^https?://(?:api\.)?github\.com/(?:repos/)?([^/\s]+/[^/\s]+)/(?:issues|pull|pulls)/(\d+))"));
    const QRegularExpressionMatch m = re.match(url);
    if (!m.hasMatch()) {
        return false;
    }
    *repository = m.captured(1);
    *number = m.captured(2).toLongLong();
    return true;
}

/// A REST or gh comment: {user|author, created_at|createdAt, body}.
BugReportComment commentOf(const QJsonObject &c)
{
    return {login(c.contains(QLatin1String("user")) ? c.value(QLatin1String("user")) : c.value(QLatin1String("author"))),
            date(c, "created_at", "createdAt"), str(c, "body")};
}

QList<BugReportComment> readComments(const QJsonArray &array)
{
    QList<BugReportComment> comments;
    for (const QJsonValue &v : array) {
        comments.append(commentOf(v.toObject()));
    }
    return comments;
}

bool readIssue(const QJsonObject &o, int record, ParsedBugReport *r, QString *error)
{
    r->record = record;
    r->title = str(o, "title");
    r->body = str(o, "body");
    r->author = login(o.contains(QLatin1String("user")) ? o.value(QLatin1String("user")) : o.value(QLatin1String("author")));
    r->state = str(o, "state").toLower();
    r->created = date(o, "created_at", "createdAt");
    r->updated = date(o, "updated_at", "updatedAt");
    r->closed = date(o, "closed_at", "closedAt");
    r->pullRequest = o.contains(QLatin1String("pull_request")) || o.value(QLatin1String("isPullRequest")).toBool();
    for (const QJsonValue &l : o.value(QLatin1String("labels")).toArray()) {
        const QString name = l.isString() ? l.toString() : str(l.toObject(), "name");
        if (!name.isEmpty()) {
            r->labels.append(name);
        }
    }
    const QJsonValue comments = o.value(QLatin1String("comments"));
    if (comments.isArray()) {
        r->comments = readComments(comments.toArray());
        r->commentCount = int(r->comments.size());
    } else if (comments.isDouble()) {
        r->commentCount = comments.toInt();
    } else if (comments.isObject()) { // gh GraphQL-like {"totalCount": n, "nodes": [...]}
        r->comments = readComments(comments.toObject().value(QLatin1String("nodes")).toArray());
        r->commentCount = comments.toObject().value(QLatin1String("totalCount")).toInt(int(r->comments.size()));
    }

    // The page people open: REST html_url, gh url, corpus url.
    const QString htmlUrl = str(o, "html_url");
    const QString url = str(o, "url");
    r->url = !htmlUrl.isEmpty() ? htmlUrl : url;

    QString repo = str(o, "repo");
    if (repo.isEmpty()) {
        const QJsonValue repository = o.value(QLatin1String("repository"));
        repo = repository.isString() ? repository.toString() : str(repository.toObject(), "nameWithOwner");
        if (repo.isEmpty()) {
            repo = str(repository.toObject(), "full_name");
        }
    }
    qint64 urlNumber = 0;
    QString urlRepo;
    if (!repoFromUrl(r->url, &urlRepo, &urlNumber)) {
        repoFromUrl(url, &urlRepo, &urlNumber);
    }
    if (repo.isEmpty()) {
        repo = urlRepo;
    }
    if (repo.isEmpty()) {
        // REST: "repository_url": "https://api.github.com/repos/O/N"
        static const QRegularExpression re(QStringLiteral(R"(/repos/([^/\s]+/[^/\s]+)/?$)"));
        const QRegularExpressionMatch m = re.match(str(o, "repository_url"));
        if (m.hasMatch()) {
            repo = m.captured(1);
        }
    }
    const QJsonValue number = o.value(QLatin1String("number"));
    r->number = number.isDouble() ? number.toInteger() : urlNumber;
    r->repository = repo.trimmed();

    if (!o.contains(QLatin1String("title")) && !o.contains(QLatin1String("number"))) {
        *error = QStringLiteral("record %1: not a GitHub issue (no \"title\" or \"number\")").arg(record);
        return false;
    }
    if (r->number <= 0) {
        *error = QStringLiteral("record %1: the issue has no number").arg(record);
        return false;
    }
    if (r->repository.isEmpty() || !r->repository.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("record %1 (issue #%2): cannot tell its repository (no \"repo\", "
                                "\"repository_url\" or github.com URL)")
                     .arg(record)
                     .arg(r->number);
        return false;
    }
    return true;
}

/// One comment of a REST comments export; a record that is not an object has no
/// "issue_url" either.
bool readComment(const QJsonValue &value, int record, ParsedComment *parsed, QString *error)
{
    const QJsonObject c = value.toObject();
    if (!repoFromUrl(str(c, "issue_url"), &parsed->repository, &parsed->number)) {
        *error = QStringLiteral("comment %1: \"issue_url\" does not name a GitHub issue").arg(record);
        return false;
    }
    parsed->comment = commentOf(c);
    return true;
}

} // namespace

bool parseGitHubIssues(const QJsonDocument &document, QList<ParsedBugReport> *reports, QString *error)
{
    reports->clear();
    QJsonArray array;
    if (document.isObject()) {
        array.append(document.object());
    } else {
        array = document.array();
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject()) {
            *error = QStringLiteral("record %1: not an object").arg(i + 1);
            return false;
        }
        ParsedBugReport r;
        if (!readIssue(array.at(i).toObject(), int(i + 1), &r, error)) {
            return false;
        }
        reports->append(r);
    }
    return true;
}

bool readGitHubIssuesFile(const QString &path, const GitHubIssueSink &onIssue, QString *error)
{
    return forEachJsonRecord(
        path,
        [&](const QJsonValue &value, int record, QString *recordError) {
            if (!value.isObject()) {
                *recordError = QStringLiteral("record %1: not an object").arg(record);
                return false;
            }
            ParsedBugReport r;
            return readIssue(value.toObject(), record, &r, recordError) && onIssue(r, recordError);
        },
        error);
}

bool isGitHubCommentList(const QJsonDocument &document)
{
    if (!document.isArray() || document.array().isEmpty()) {
        return false;
    }
    const QJsonObject first = document.array().first().toObject();
    return first.contains(QLatin1String("issue_url")) && !first.contains(QLatin1String("title"));
}

bool parseGitHubComments(const QJsonDocument &document, QList<ParsedComment> *comments, QString *error)
{
    comments->clear();
    const QJsonArray array = document.array();
    for (qsizetype i = 0; i < array.size(); ++i) {
        ParsedComment parsed;
        if (!readComment(array.at(i), int(i + 1), &parsed, error)) {
            return false;
        }
        comments->append(parsed);
    }
    return true;
}

bool readGitHubCommentsFile(const QString &path, const GitHubCommentSink &onComment, QString *error)
{
    return forEachJsonRecord(
        path,
        [&](const QJsonValue &value, int record, QString *recordError) {
            ParsedComment parsed;
            return readComment(value, record, &parsed, recordError) && onComment(parsed, recordError);
        },
        error);
}

bool attachGitHubComments(const QJsonDocument &document, QList<ParsedBugReport> *reports, int *unmatched,
                          QString *error)
{
    *unmatched = 0;
    QList<ParsedComment> comments;
    if (!parseGitHubComments(document, &comments, error)) {
        return false;
    }
    QHash<QString, int> index;
    for (int i = 0; i < reports->size(); ++i) {
        index.insert(reports->at(i).repository.toLower() + QLatin1Char('#') + QString::number(reports->at(i).number), i);
    }
    for (const ParsedComment &c : std::as_const(comments)) {
        const int at = index.value(c.repository.toLower() + QLatin1Char('#') + QString::number(c.number), -1);
        if (at < 0) {
            ++*unmatched;
            continue;
        }
        (*reports)[at].comments.append(c.comment);
    }
    return true;
}

bool looksLikeGitHubIssues(QByteArrayView head)
{
    const QByteArrayView t = head.trimmed();
    return (t.startsWith('[') || t.startsWith('{')) && head.contains("\"title\"")
        && (head.contains("\"number\"") || head.contains("github.com"));
}

} // namespace Concord
