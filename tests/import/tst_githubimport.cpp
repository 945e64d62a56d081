// SPDX-License-Identifier: GPL-3.0-or-later
// GitHub issue exports: the corpus's issue list, the REST API shape (one issue or an
// array, comments as a second file or embedded, pull requests by their pull_request key)
// and `gh issue view/list --json`. Fixtures are built here from the corpus's real issues.
#include "import/bugreportimport.h"
#include "import/githubissues.h"
#include "import/importcontext.h"
#include "import/importer.h"
#include "store/project.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestGitHubImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QJsonArray m_issues; ///< the corpus's issues.json

    QString write(const QString &name, const QJsonDocument &doc)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(doc.toJson());
        }
        return path;
    }

    std::unique_ptr<Project> newProject(const QString &name)
    {
        QString error;
        return Project::create(m_dir.filePath(name), &error);
    }

    static bool run(Project &project, const QStringList &files, ImportResult *result, QString *error)
    {
        ImportRequest request;
        request.files = files;
        return importFiles(project, request, result, error);
    }

    /// The REST API's shape of a corpus issue.
    static QJsonObject restIssue(const QJsonObject &c, int comments)
    {
        const QString repo = c[u"repo"].toString();
        const QString number = QString::number(c[u"number"].toInt());
        QJsonArray labels;
        for (const QJsonValue &l : c[u"labels"].toArray()) {
            labels.append(QJsonObject{{u"id"_s, 1}, {u"name"_s, l.toString()}, {u"color"_s, u"ededed"_s}});
        }
        return QJsonObject{
            {u"url"_s, QString(u"https://api.github.com/repos/"_s + repo + u"/issues/"_s + number)},
            {u"repository_url"_s, QString(u"https://api.github.com/repos/"_s + repo)},
            {u"html_url"_s, c[u"url"].toString()},
            {u"number"_s, c[u"number"]},
            {u"title"_s, c[u"title"]},
            {u"user"_s, QJsonObject{{u"login"_s, u"reporter"_s}, {u"id"_s, 7}}},
            {u"labels"_s, labels},
            {u"state"_s, c[u"state"]},
            {u"comments"_s, comments},
            {u"created_at"_s, QString(c[u"created_at"].toString() + u"T10:00:00Z"_s)},
            {u"updated_at"_s, QString(c[u"created_at"].toString() + u"T12:00:00Z"_s)},
            {u"body"_s, QString(u"### Describe the bug\n<script>alert(1)</script> `@tf.function` retraces: "_s + c[u"title"].toString())},
        };
    }

    static QString corpusFile() { return QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json"); }

    /// A REST comment (`GET /repos/O/N/issues/comments`) on a corpus issue.
    static QJsonObject restComment(const QJsonObject &issue, int id, const QString &login, const QString &date,
                                   const QString &body)
    {
        const QString repo = issue[u"repo"].toString();
        const QString number = QString::number(issue[u"number"].toInt());
        return QJsonObject{
            {u"url"_s, u"https://api.github.com/repos/%1/issues/comments/%2"_s.arg(repo).arg(id)},
            {u"html_url"_s, u"%1#issuecomment-%2"_s.arg(issue[u"url"].toString()).arg(id)},
            {u"issue_url"_s, QString(u"https://api.github.com/repos/"_s + repo + u"/issues/"_s + number)},
            {u"id"_s, id},
            {u"user"_s, QJsonObject{{u"login"_s, login}, {u"id"_s, 100 + id % 7}, {u"type"_s, u"User"_s}}},
            {u"created_at"_s, date},
            {u"updated_at"_s, date},
            {u"author_association"_s, u"NONE"_s},
            {u"body"_s, body},
        };
    }

    /// Comments on the corpus's issues as a repository-wide export lists them: by date,
    /// so the issues interleave. Round r comments on every (r+1)-th issue; the first issue
    /// also gets a reply in the same second as round 0 (order kept on equal dates), and
    /// the first comment comes twice (an export repeated across pages).
    QJsonArray corpusComments() const
    {
        QJsonArray comments;
        int id = 5000;
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < m_issues.size(); i += round + 1) {
                const QJsonObject issue = m_issues.at(i).toObject();
                const QString date = u"2023-0%1-01T00:00:00Z"_s.arg(round + 1);
                comments.append(restComment(issue, ++id, u"rater%1"_s.arg(round), date,
                                            u"round %1 on #%2: still \"[retracing]\" é"_s.arg(round).arg(issue[u"number"].toInt())));
                if (round == 0 && i == 0) {
                    comments.append(restComment(issue, ++id, u"maintainer"_s, date, u"same second"_s));
                }
            }
        }
        comments.append(comments.at(0));
        return comments;
    }

    /// Every bug report's content and the project's counts, to tell it is unchanged.
    static QList<BugReportContent> snapshot(const Project &project)
    {
        QList<BugReportContent> contents;
        for (const ItemId id : project.itemIds()) {
            contents.append(project.bugReport(id).value_or(BugReportContent()));
        }
        return contents;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_issues = QJsonDocument::fromJson(file.readAll()).array();
        QVERIFY(m_issues.size() > 10);
    }

    // The corpus's list imports as is: one bug report per issue, title, labels, state, url.
    void corpusList()
    {
        auto project = newProject(u"corpus.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        QVERIFY2(run(*project, {QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json")}, &result, &error), qPrintable(error));
        QCOMPARE(result.formats, QStringList{u"github-json"_s});
        QCOMPARE(project->counts().bugReports, qint64(m_issues.size()));
        for (const QJsonValue &v : std::as_const(m_issues)) {
            const QJsonObject c = v.toObject();
            const auto item = project->itemByKey(ItemKey::issue(c[u"repo"].toString(), c[u"number"].toInt()));
            QVERIFY2(item, qPrintable(c[u"url"].toString()));
            QCOMPARE(item->title, c[u"title"].toString());
            // A day stays a day: no time, no zone, the same text back.
            QVERIFY(!item->date.hasTime());
            QCOMPARE(item->date.day(), QDate::fromString(c[u"created_at"].toString(), Qt::ISODate));
            QCOMPARE(item->date.toString(), c[u"created_at"].toString());
            const auto content = project->bugReport(item->id);
            QVERIFY(content);
            QCOMPARE(content->state, c[u"state"].toString());
            QCOMPARE(content->url, c[u"url"].toString());
            QStringList labels;
            for (const QJsonValue &l : c[u"labels"].toArray()) {
                labels.append(l.toString());
            }
            QCOMPARE(content->labels, labels);
        }
        ImportResult again;
        QVERIFY2(run(*project, {QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json")}, &again, &error), qPrintable(error));
        QVERIFY(again.tally.addedNothing());
        QCOMPARE(project->counts().bugReports, qint64(m_issues.size()));
    }

    // REST: an array with a pull request, comments in a second file.
    void restWithCommentFile()
    {
        QJsonArray issues;
        QJsonArray comments;
        for (int i = 0; i < 4; ++i) {
            const QJsonObject issue = restIssue(m_issues.at(i).toObject(), i);
            issues.append(issue);
            for (int k = 0; k < i; ++k) {
                comments.append(QJsonObject{
                    {u"id"_s, 1000 + 10 * i + k},
                    {u"issue_url"_s, issue[u"url"]},
                    {u"html_url"_s, QString(issue[u"html_url"].toString() + u"#issuecomment-1"_s)},
                    {u"user"_s, QJsonObject{{u"login"_s, u"commenter%1"_s.arg(k)}}},
                    {u"created_at"_s, u"2021-01-0%1T00:00:00Z"_s.arg(k + 1)},
                    {u"body"_s, u"comment %1 on #%2"_s.arg(k).arg(issue[u"number"].toInt())},
                });
            }
        }
        QJsonObject pr = restIssue(m_issues.at(5).toObject(), 0);
        pr.insert(u"pull_request"_s, QJsonObject{{u"url"_s, u"https://api.github.com/repos/x/y/pulls/1"_s}});
        issues.append(pr);
        const QString issuesPath = write(u"rest-issues.json"_s, QJsonDocument(issues));
        const QString commentsPath = write(u"rest-comments.json"_s, QJsonDocument(comments));

        auto project = newProject(u"rest.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        // Comments first on the command line: the importer still reads issues first.
        QVERIFY2(run(*project, {commentsPath, issuesPath}, &result, &error), qPrintable(error));
        QCOMPARE(project->counts().bugReports, qint64(4));
        QVERIFY2(result.report.warnings.join(u'\n').contains(u"1 pull requests are not bug reports and were skipped"_s),
                 qPrintable(result.report.warnings.join(u'\n')));
        for (int i = 0; i < 4; ++i) {
            const QJsonObject c = m_issues.at(i).toObject();
            const auto item = project->itemByKey(ItemKey::issue(c[u"repo"].toString(), c[u"number"].toInt()));
            QVERIFY(item);
            QCOMPARE(item->author, u"reporter"_s);
            const auto content = project->bugReport(item->id);
            QVERIFY(content);
            QVERIFY(content->body.contains(u"<script>alert(1)</script>"_s)); // kept as text, as written
            QCOMPARE(content->comments.size(), i);
            for (int k = 0; k < i; ++k) {
                QCOMPARE(content->comments.at(k).author, u"commenter%1"_s.arg(k));
                QCOMPARE(content->comments.at(k).body, u"comment %1 on #%2"_s.arg(k).arg(c[u"number"].toInt()));
                QCOMPARE(content->comments.at(k).date, SourceDate::fromMoment(QDateTime(QDate(2021, 1, k + 1), QTime(0, 0), QTimeZone::UTC)));
            }
        }
        QVERIFY(!project->itemByKey(ItemKey::issue(m_issues.at(5).toObject()[u"repo"].toString(),
                                                   m_issues.at(5).toObject()[u"number"].toInt())));
        ImportResult again;
        QVERIFY2(run(*project, {issuesPath, commentsPath}, &again, &error), qPrintable(error));
        QVERIFY2(again.tally.addedNothing(), qPrintable(again.tally.summary()));

        // Issues in one run (into a dataset), their comments in a later one.
        auto later = newProject(u"later.concord"_s);
        QVERIFY(later);
        ImportRequest issuesOnly;
        issuesOnly.files = {issuesPath};
        issuesOnly.options.dataset = u"GH issues"_s;
        QVERIFY2(importFiles(*later, issuesOnly, &result, &error), qPrintable(error));
        QVERIFY2(run(*later, {commentsPath}, &result, &error), qPrintable(error));
        QCOMPARE(result.tally.added(u"comments"_s), int(comments.size()));
        const QList<Dataset> datasets = later->datasets();
        QCOMPARE(datasets.size(), 1);
        QCOMPARE(datasets.first().name, u"GH issues"_s);
        for (int i = 0; i < 4; ++i) {
            const QJsonObject c = m_issues.at(i).toObject();
            const auto item = later->itemByKey(ItemKey::issue(c[u"repo"].toString(), c[u"number"].toInt()));
            QVERIFY(item);
            QCOMPARE(item->dataset, datasets.first().id);
            QCOMPARE(later->bugReport(item->id)->comments, project->bugReport(project->itemByKey(item->key)->id)->comments);
        }
        // The same comments again: nothing new; the issues again keep their comments.
        QVERIFY2(run(*later, {commentsPath}, &again, &error), qPrintable(error));
        QVERIFY2(again.tally.addedNothing(), qPrintable(again.tally.summary()));
        QVERIFY2(run(*later, {issuesPath}, &again, &error), qPrintable(error));
        QVERIFY2(again.tally.addedNothing(), qPrintable(again.tally.summary()));
        QCOMPARE(later->counts().bugReports, project->counts().bugReports);
    }

    // One REST issue object with embedded comments, and the gh CLI's shape.
    void singleIssueAndGhShape()
    {
        const QJsonObject c = m_issues.at(6).toObject();
        QJsonObject one = restIssue(c, 1);
        one.insert(u"comments"_s, QJsonArray{QJsonObject{{u"user"_s, QJsonObject{{u"login"_s, u"maintainer"_s}}},
                                                         {u"created_at"_s, u"2022-02-02T02:02:02Z"_s},
                                                         {u"body"_s, u"Fixed in #12."_s}}});
        const QJsonObject g = m_issues.at(7).toObject();
        const QJsonArray gh{QJsonObject{
            {u"number"_s, g[u"number"]},
            {u"title"_s, g[u"title"]},
            {u"body"_s, u"body text"_s},
            {u"author"_s, QJsonObject{{u"login"_s, u"ghuser"_s}, {u"name"_s, u"G. H. User"_s}}},
            {u"labels"_s, QJsonArray{QJsonObject{{u"name"_s, u"bug"_s}, {u"description"_s, u""_s}}}},
            {u"state"_s, u"CLOSED"_s},
            {u"createdAt"_s, u"2020-05-06T07:08:09Z"_s},
            {u"closedAt"_s, u"2020-06-01T00:00:00Z"_s},
            {u"url"_s, g[u"url"]},
            {u"comments"_s, QJsonArray{QJsonObject{{u"author"_s, QJsonObject{{u"login"_s, u"other"_s}}},
                                                   {u"body"_s, u"same here"_s},
                                                   {u"createdAt"_s, u"2020-05-07T00:00:00Z"_s}}}},
        }};
        auto project = newProject(u"gh.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        QVERIFY2(run(*project, {write(u"one.json"_s, QJsonDocument(one)), write(u"gh.json"_s, QJsonDocument(gh))}, &result, &error),
                 qPrintable(error));
        QCOMPARE(project->counts().bugReports, qint64(2));

        const auto restItem = project->itemByKey(ItemKey::issue(c[u"repo"].toString(), c[u"number"].toInt()));
        QVERIFY(restItem);
        const auto restContent = project->bugReport(restItem->id);
        QCOMPARE(restContent->comments.size(), 1);
        QCOMPARE(restContent->comments.first().author, u"maintainer"_s);

        // gh: repository from the url, upper-case state lowered, author login.
        const auto ghItem = project->itemByKey(ItemKey::issue(g[u"repo"].toString(), g[u"number"].toInt()));
        QVERIFY(ghItem);
        QCOMPARE(ghItem->author, u"ghuser"_s);
        QCOMPARE(ghItem->date, SourceDate::fromMoment(QDateTime(QDate(2020, 5, 6), QTime(7, 8, 9), QTimeZone::UTC)));
        const auto ghContent = project->bugReport(ghItem->id);
        QCOMPARE(ghContent->state, u"closed"_s);
        QCOMPARE(ghContent->labels, QStringList{u"bug"_s});
        QCOMPARE(ghContent->comments.size(), 1);
        QCOMPARE(ghContent->comments.first().body, u"same here"_s);
    }

    // The streaming reader gives the records parseGitHubIssues gives from the whole
    // document, in order; a file cut short is an error, never fewer issues.
    void streamedFileMatchesDocument()
    {
        QJsonArray rest;
        for (int i = 0; i < m_issues.size(); ++i) {
            rest.append(i % 2 ? restIssue(m_issues.at(i).toObject(), i) : m_issues.at(i));
        }
        QJsonObject pull = restIssue(m_issues.at(0).toObject(), 0);
        pull.insert(u"pull_request"_s, QJsonObject{{u"url"_s, u"x"_s}});
        rest.append(pull);
        const QList<QJsonDocument> documents{QJsonDocument(rest), QJsonDocument(restIssue(m_issues.at(3).toObject(), 2))};
        for (const QJsonDocument &document : documents) {
            const QString path = write(u"stream.json"_s, document);
            QList<ParsedBugReport> expected;
            QString error;
            QVERIFY2(parseGitHubIssues(document, &expected, &error), qPrintable(error));
            QList<ParsedBugReport> streamed;
            QVERIFY2(readGitHubIssuesFile(path, [&](const ParsedBugReport &r, QString *) { streamed.append(r); return true; }, &error),
                     qPrintable(error));
            QCOMPARE(streamed.size(), expected.size());
            for (qsizetype i = 0; i < expected.size(); ++i) {
                const ParsedBugReport &a = streamed.at(i);
                const ParsedBugReport &b = expected.at(i);
                QCOMPARE(a.record, b.record);
                QCOMPARE(a.repository, b.repository);
                QCOMPARE(a.number, b.number);
                QCOMPARE(a.title, b.title);
                QCOMPARE(a.body, b.body);
                QCOMPARE(a.author, b.author);
                QCOMPARE(a.labels, b.labels);
                QCOMPARE(a.state, b.state);
                QCOMPARE(a.created, b.created);
                QCOMPARE(a.url, b.url);
                QCOMPARE(a.pullRequest, b.pullRequest);
                QCOMPARE(a.commentCount, b.commentCount);
            }
        }

        const QByteArray bytes = QJsonDocument(rest).toJson();
        const QString cut = m_dir.filePath(u"cut.json"_s);
        QFile file(cut);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes.left(bytes.size() * 2 / 3));
        file.close();
        int seen = 0;
        QString error;
        QVERIFY(!readGitHubIssuesFile(cut, [&](const ParsedBugReport &, QString *) { ++seen; return true; }, &error));
        QVERIFY2(error.contains(u": the file ends inside record %1"_s.arg(seen + 1)) && error.startsWith(u"line "_s), qPrintable(error));

        // Into a project through BugReportImport: the same bug reports as importFiles.
        auto project = newProject(u"streamed.concord"_s);
        QVERIFY(project);
        {
            ImportSession session(*project, u"stream"_s);
            QVERIFY(session.isValid());
            const ImportOptions options; // the context keeps a reference: it must outlive it
            ImportContext ctx(*project, session, options);
            QVERIFY2(importGitHubIssuesFile(ctx, write(u"stream.json"_s, QJsonDocument(rest)), &error), qPrintable(error));
            QCOMPARE(ctx.warnings.size(), 1); // the pull request
            QVERIFY2(session.commit(&error), qPrintable(error));
        }
        QCOMPARE(project->counts().bugReports, qint64(m_issues.size()));
        QString failed;
        {
            ImportSession session(*project, u"stream"_s);
            const ImportOptions options; // the context keeps a reference: it must outlive it
            ImportContext ctx(*project, session, options);
            QVERIFY(!importGitHubIssuesFile(ctx, cut, &failed));
            session.rollback();
        }
        QVERIFY2(failed.startsWith(cut + u": line "_s), qPrintable(failed));
    }

    // A comments file on the corpus's real issues, streamed: each issue gets its
    // comments by date, a repeated comment is stored once, a comment of an issue the
    // project lacks is a warning, and the same file again adds nothing.
    void commentFileOnCorpusIssues()
    {
        QJsonArray comments = corpusComments();
        QJsonObject stranger = restComment(QJsonObject{{u"repo"_s, u"acme/elsewhere"_s}, {u"number"_s, 1}, {u"url"_s, u""_s}},
                                           9999, u"x"_s, u"2023-01-02T00:00:00Z"_s, u"not ours"_s);
        comments.insert(3, stranger);
        const QString commentsPath = write(u"corpus-comments.json"_s, QJsonDocument(comments));

        auto project = newProject(u"corpus-comments.concord"_s);
        QVERIFY(project);
        ImportResult result;
        QString error;
        QVERIFY2(run(*project, {commentsPath, corpusFile()}, &result, &error), qPrintable(error));
        QCOMPARE(project->counts().bugReports, qint64(m_issues.size()));
        QCOMPARE(result.tally.added(u"comments"_s), int(comments.size()) - 2);  // the repeat, the stranger
        QCOMPARE(result.tally.present(u"comments"_s), 1);                      // the repeat
        QVERIFY2(result.report.warnings.join(u'\n').contains(u"1 comments belong to issues that are not in the project"_s),
                 qPrintable(result.report.warnings.join(u'\n')));
        for (int i = 0; i < m_issues.size(); ++i) {
            const QJsonObject c = m_issues.at(i).toObject();
            const auto item = project->itemByKey(ItemKey::issue(c[u"repo"].toString(), c[u"number"].toInt()));
            QVERIFY(item);
            const QList<BugReportComment> stored = project->bugReport(item->id)->comments;
            QStringList authors;
            for (const BugReportComment &comment : stored) {
                authors.append(comment.author);
            }
            QStringList expected{u"rater0"_s};
            if (i == 0) {
                expected.append(u"maintainer"_s);
            }
            if (i % 2 == 0) {
                expected.append(u"rater1"_s);
            }
            if (i % 3 == 0) {
                expected.append(u"rater2"_s);
            }
            QCOMPARE(authors, expected);
            QCOMPARE(stored.first().body, u"round 0 on #%1: still \"[retracing]\" é"_s.arg(c[u"number"].toInt()));
            QCOMPARE(stored.first().date, QDateTime(QDate(2023, 1, 1), QTime(0, 0), QTimeZone::UTC));
        }
        ImportResult again;
        QVERIFY2(run(*project, {commentsPath}, &again, &error), qPrintable(error));
        QVERIFY2(again.tally.addedNothing(), qPrintable(again.tally.summary()));
        QCOMPARE(again.tally.present(u"comments"_s), int(comments.size()) - 1);
    }

    // Comments are merged in batches (a repository-wide export is not grouped by issue);
    // a batch of one comment gives the same bug reports, in the same order, as one batch.
    void commentBatchesGiveTheSameComments()
    {
        const QString commentsPath = write(u"batched-comments.json"_s, QJsonDocument(corpusComments()));
        QList<QList<BugReportContent>> results;
        QList<ImportTally> tallies;
        for (const qint64 batchBytes : {qint64(1), qint64(600), GitHubCommentImport::DefaultBatchBytes}) {
            auto project = newProject(u"batches-%1.concord"_s.arg(batchBytes));
            QVERIFY(project);
            ImportResult result;
            QString error;
            QVERIFY2(run(*project, {corpusFile()}, &result, &error), qPrintable(error));
            ImportSession session(*project, u"comments"_s);
            QVERIFY(session.isValid());
            const ImportOptions options;
            ImportContext ctx(*project, session, options);
            GitHubCommentImport import(ctx, commentsPath, batchBytes);
            QVERIFY2(readGitHubCommentsFile(commentsPath, [&](const ParsedComment &c, QString *e) { return import.add(c, e); }, &error),
                     qPrintable(error));
            QVERIFY2(import.finish(&error), qPrintable(error));
            QCOMPARE(import.unmatched(), 0);
            QVERIFY2(session.commit(&error), qPrintable(error));
            results.append(snapshot(*project));
            tallies.append(ctx.tally);
        }
        for (qsizetype i = 1; i < results.size(); ++i) {
            QVERIFY(results.at(i) == results.first());
            QCOMPARE(tallies.at(i).added(u"comments"_s), tallies.first().added(u"comments"_s));
            QCOMPARE(tallies.at(i).present(u"comments"_s), tallies.first().present(u"comments"_s));
        }
        QCOMPARE(results.first().first().comments.size(), 4); // rater0, maintainer, rater1, rater2
        QCOMPARE(results.first().first().comments.at(1).body, u"same second"_s);
    }

    // A comments file cut short or broken anywhere fails the whole import with the file,
    // the line or comment and the cause, and the project is unchanged: the issues of the
    // same call are not kept, nor are comments merged in batches before the error.
    void brokenCommentFileImportsNothing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const QByteArray good = QJsonDocument(corpusComments()).toJson();
        // A break late in the file, after comments of earlier issues were read.
        const qsizetype late = good.indexOf("\"body\"", good.size() * 3 / 4);
        QTest::newRow("cut inside a comment") << good.left(late) << u": line %1, column "_s.arg(good.left(late).count('\n') + 1);
        const qsizetype between = good.indexOf("},\n", late) + 3;
        QTest::newRow("cut between comments") << good.left(between) << u", before the array is closed"_s;
        QByteArray malformed = good;
        malformed.replace(late, 7, "\"body\" ");
        QTest::newRow("malformed comment") << malformed << u": line %1, column "_s.arg(good.left(late).count('\n') + 1);
        QByteArray elsewhere = good;
        const qsizetype url = elsewhere.indexOf("https://api.github.com/repos/", elsewhere.lastIndexOf("\"issue_url\""));
        elsewhere.replace(url, 29, "https://gitlab.example.com/");
        QTest::newRow("issue_url of another site")
            << elsewhere << u": comment %1: \"issue_url\" does not name a GitHub issue"_s.arg(corpusComments().size());
    }
    void brokenCommentFileImportsNothing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(u"broken-comments.json"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        }
        // Issues and comments in one call: neither is kept.
        auto empty = newProject(u"broken-%1.concord"_s.arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'-'));
        QVERIFY(empty);
        ImportResult result;
        QString error;
        QVERIFY(!run(*empty, {corpusFile(), path}, &result, &error));
        QVERIFY2(error.startsWith(path + u": "_s) && error.contains(message) && error.endsWith(u"; nothing was imported"_s),
                 qPrintable(error));
        QCOMPARE(empty->counts().items, qint64(0));

        // Comments onto issues already there, merged one comment at a time (as a long
        // file's batches would be) before the error: rolled back.
        auto project = newProject(u"broken-onto-%1.concord"_s.arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'-'));
        QVERIFY(project);
        QVERIFY2(run(*project, {corpusFile()}, &result, &error), qPrintable(error));
        const QList<BugReportContent> before = snapshot(*project);
        QString failed;
        {
            ImportSession session(*project, u"comments"_s);
            QVERIFY(session.isValid());
            const ImportOptions options;
            ImportContext ctx(*project, session, options);
            GitHubCommentImport import(ctx, path, 1);
            int read = 0;
            QVERIFY(!readGitHubCommentsFile(path, [&](const ParsedComment &c, QString *e) { ++read; return import.add(c, e); }, &failed));
            QVERIFY2(read > 10 && ctx.tally.added(u"comments"_s) > 10, qPrintable(ctx.tally.summary())); // written, then undone
            session.rollback();
        }
        QVERIFY2(failed.contains(message.mid(2)), qPrintable(failed));
        QVERIFY(snapshot(*project) == before);
    }

    // Bug reports from another tracker's CSV with a column map.
    void csvWithMap()
    {
        const QString path = m_dir.filePath(u"jira.csv"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Key,Summary,Description,Reporter,Labels,Status,Created\r\n"
                   "PROJ-12,Retracing warning,\"Steps:\r\n1. call f\r\n2. \"\"boom\"\"\",Ann,\"perf; tf.function\",Open,2021-03-04\r\n"
                   "PROJ-13,=HYPERLINK(\"x\"),plain,Bob,,Closed,2021-03-05T10:00:00Z\r\n");
        file.close();
        auto project = newProject(u"csv.concord"_s);
        QVERIFY(project);
        ImportRequest request;
        request.files = {path};
        request.columnMap = {u"number=Key,title=Summary,body=Description"_s, u"author=Reporter,state=Status,created=Created"_s};
        request.options.project = u"acme/proj"_s;
        ImportResult result;
        QString error;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QCOMPARE(project->counts().bugReports, qint64(2));
        const auto item = project->itemByKey(ItemKey::issue(u"acme/proj"_s, 12));
        QVERIFY(item);
        QCOMPARE(item->author, u"Ann"_s);
        const auto content = project->bugReport(item->id);
        QCOMPARE(content->title, u"Retracing warning"_s);
        QCOMPARE(content->body, u"Steps:\r\n1. call f\r\n2. \"boom\""_s);
        QCOMPARE(content->labels, (QStringList{u"perf"_s, u"tf.function"_s}));
        QCOMPARE(content->state, u"open"_s);
        // A formula-looking title is data, kept as text.
        QCOMPARE(project->bugReport(project->itemByKey(ItemKey::issue(u"acme/proj"_s, 13))->id)->title, u"=HYPERLINK(\"x\")"_s);
    }
};

QTEST_GUILESS_MAIN(TestGitHubImport)
#include "tst_githubimport.moc"
