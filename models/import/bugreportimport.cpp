// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/bugreportimport.h"

#include "domain/identity.h"
#include "import/csvreader.h"
#include "store/project.h"

#include <QFile>
#include <QMap>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

namespace Concord {

static const QStringList s_fields{QStringLiteral("repository"), QStringLiteral("number"), QStringLiteral("title"),
                                  QStringLiteral("body"),       QStringLiteral("author"), QStringLiteral("labels"),
                                  QStringLiteral("state"),      QStringLiteral("created"), QStringLiteral("closed"),
                                  QStringLiteral("url")};

/// The comments of both lists, each once (same author, date and body), by date.
static QList<BugReportComment> mergeComments(const QList<BugReportComment> &have, const QList<BugReportComment> &more)
{
    QList<BugReportComment> merged = have;
    for (const BugReportComment &c : more) {
        if (!merged.contains(c)) {
            merged.append(c);
        }
    }
    std::stable_sort(merged.begin(), merged.end(),
                     [](const BugReportComment &a, const BugReportComment &b) { return a.date < b.date; });
    return merged;
}

BugReportImport::BugReportImport(ImportContext &ctx, const QString &fileName)
    : m_ctx(ctx)
    , m_fileName(fileName)
{
}

bool BugReportImport::begin(QString *error)
{
    m_dataset = m_ctx.optionsDataset(error);
    return m_dataset.has_value();
}

bool BugReportImport::add(const ParsedBugReport &r, qint64 done, qint64 total, QString *error)
{
    Q_ASSERT(m_dataset);
    ImportContext &ctx = m_ctx;
    const QString &fileName = m_fileName;
    if (!ctx.progress(done, total)) {
        *error = fileName + QStringLiteral(": cancelled");
        return false;
    }
    const ItemKey key = ItemKey::issue(r.repository, r.number);
    if (r.pullRequest) {
        m_pullRequests.append(key.toString());
        return true;
    }
    QJsonObject github;
    if (r.updated.isValid()) {
        github.insert(QStringLiteral("updated_at"), r.updated.toString());
    }
    if (r.closed.isValid()) {
        github.insert(QStringLiteral("closed_at"), r.closed.toString());
    }
    if (r.commentCount >= 0) {
        github.insert(QStringLiteral("comment_count"), r.commentCount);
    }
    Item item;
    item.key = key;
    item.uuid = Identity::item(key);
    item.title = r.title;
    item.author = r.author;
    item.date = r.created;
    item.dataset = *m_dataset;
    item.metadata.insert(QStringLiteral("github"), github);
    bool created = false;
    const auto id = ctx.session.item(item, &created);
    if (!id) {
        *error = fileName + QStringLiteral(": record %1 (%2): %3").arg(r.record).arg(key.toString(), ctx.session.errorString());
        return false;
    }
    BugReportContent content;
    content.item = *id;
    content.title = r.title;
    content.body = r.body;
    content.comments = r.comments;
    content.labels = r.labels;
    content.state = r.state;
    content.url = r.url;
    if (!created) {
        const std::optional<BugReportContent> existing = ctx.project.bugReport(*id);
        if (existing && *existing == content) {
            ctx.tally.count(QStringLiteral("bug reports"), false);
            return true;
        }
        if (existing) {
            // Comments accumulate: a later export without them keeps the ones we have.
            content.comments = mergeComments(existing->comments, content.comments);
        }
        if (existing && *existing == content) {
            ctx.tally.count(QStringLiteral("bug reports"), false);
            return true;
        }
        ctx.tally.count(QStringLiteral("bug reports updated"), true);
    } else {
        ctx.tally.count(QStringLiteral("bug reports"), true);
    }
    if (!ctx.session.setBugReport(*id, content)) {
        *error = fileName + QStringLiteral(": record %1 (%2): %3").arg(r.record).arg(key.toString(), ctx.session.errorString());
        return false;
    }
    return true;
}

void BugReportImport::finish()
{
    if (!m_pullRequests.isEmpty()) {
        m_ctx.warnings.append(m_fileName + QStringLiteral(": %1 pull requests are not bug reports and were skipped: %2")
                                               .arg(m_pullRequests.size())
                                               .arg(m_pullRequests.join(QStringLiteral(", "))));
    }
}

bool importBugReports(ImportContext &ctx, const QList<ParsedBugReport> &reports, const QString &fileName, QString *error)
{
    BugReportImport import(ctx, fileName);
    if (!import.begin(error)) {
        return false;
    }
    qint64 done = 0;
    for (const ParsedBugReport &r : reports) {
        if (!import.add(r, ++done, reports.size(), error)) {
            return false;
        }
    }
    import.finish();
    return true;
}

bool importGitHubIssuesFile(ImportContext &ctx, const QString &path, QString *error)
{
    BugReportImport import(ctx, path);
    if (!import.begin(error)) {
        return false;
    }
    QString cause;
    const bool ok = readGitHubIssuesFile(
        path, [&](const ParsedBugReport &r, QString *sinkError) { return import.add(r, r.record, 0, sinkError); }, &cause);
    if (!ok) {
        // The store's errors name the file already; the reader's do not.
        *error = cause.startsWith(path) ? cause : path + QStringLiteral(": ") + cause;
        return false;
    }
    import.finish();
    return true;
}

GitHubCommentImport::GitHubCommentImport(ImportContext &ctx, const QString &fileName, qint64 batchBytes)
    : m_ctx(ctx)
    , m_fileName(fileName)
    , m_batchBytes(batchBytes)
{
}

bool GitHubCommentImport::add(const ParsedComment &c, QString *error)
{
    if (!m_ctx.progress(++m_done, 0)) {
        *error = m_fileName + QStringLiteral(": cancelled");
        return false;
    }
    QList<BugReportComment> &comments = m_batch[{c.repository, c.number}];
    if (comments.isEmpty()) {
        m_batchSize += 2 * c.repository.size() + 128; // the map's node and key
    }
    comments.append(c.comment);
    m_batchSize += 2 * (c.comment.author.size() + c.comment.body.size()) + qint64(sizeof(BugReportComment));
    return m_batchSize < m_batchBytes || flush(error);
}

bool GitHubCommentImport::finish(QString *error)
{
    return flush(error);
}

bool GitHubCommentImport::flush(QString *error)
{
    for (auto it = m_batch.cbegin(); it != m_batch.cend(); ++it) {
        if (!m_ctx.progress(m_done, 0)) {
            *error = m_fileName + QStringLiteral(": cancelled");
            return false;
        }
        const ItemKey key = ItemKey::issue(it.key().first, it.key().second);
        const std::optional<Item> item = m_ctx.project.itemByKey(key);
        std::optional<BugReportContent> content = item ? m_ctx.project.bugReport(item->id) : std::nullopt;
        if (!content) {
            m_unmatched += int(it.value().size());
            continue;
        }
        const QList<BugReportComment> merged = mergeComments(content->comments, it.value());
        const int added = int(merged.size() - content->comments.size());
        for (int i = 0; i < int(it.value().size()); ++i) {
            m_ctx.tally.count(QStringLiteral("comments"), i < added);
        }
        if (added == 0) {
            continue;
        }
        content->comments = merged;
        if (!m_ctx.session.setBugReport(item->id, *content)) {
            *error = m_fileName + QStringLiteral(": comments of %1: %2").arg(key.toString(), m_ctx.session.errorString());
            return false;
        }
    }
    m_batch.clear();
    m_batchSize = 0;
    return true;
}

bool importGitHubCommentsFile(ImportContext &ctx, const QString &path, int *unmatched, QString *error)
{
    *unmatched = 0;
    GitHubCommentImport import(ctx, path);
    QString cause;
    const bool ok = readGitHubCommentsFile(
        path, [&](const ParsedComment &c, QString *sinkError) { return import.add(c, sinkError); }, &cause);
    if (!ok) {
        // The store's errors name the file already; the reader's do not.
        *error = cause.startsWith(path) ? cause : path + QStringLiteral(": ") + cause;
        return false;
    }
    if (!import.finish(error)) {
        return false;
    }
    *unmatched = import.unmatched();
    return true;
}

bool parseColumnMap(const QStringList &specs, QHash<QString, QString> *map, QString *error)
{
    for (const QString &spec : specs) {
        for (const QString &pair : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString field = pair.left(eq).trimmed().toLower();
            const QString column = pair.mid(eq + 1).trimmed();
            if (eq <= 0 || column.isEmpty()) {
                *error = QStringLiteral("--map: \"%1\" is not FIELD=COLUMN").arg(pair);
                return false;
            }
            if (!s_fields.contains(field)) {
                *error = QStringLiteral("--map: unknown field \"%1\" (fields: %2)").arg(field, s_fields.join(QStringLiteral(", ")));
                return false;
            }
            map->insert(field, column);
        }
    }
    return true;
}

bool readBugReportCsv(const QString &path, const QHash<QString, QString> &map, const QString &defaultRepository,
                      QList<ParsedBugReport> *reports, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": cannot open: ") + file.errorString();
        return false;
    }
    CsvReader reader(&file);
    QStringList names;
    if (!reader.readRecord(&names)) {
        *error = path + QStringLiteral(": ") + (reader.hasError() ? reader.errorString() : QStringLiteral("the file is empty"));
        return false;
    }
    const CsvHeader header(names);
    QHash<QString, int> column;
    for (const QString &field : s_fields) {
        const QString name = map.value(field, field);
        int index = header.indexOf(name);
        if (index < 0 && field == QLatin1String("repository") && !map.contains(field)) {
            index = header.indexOf(QStringLiteral("repo"));
        }
        if (index < 0 && map.contains(field)) {
            *error = path + QStringLiteral(": line 1: --map %1=%2: there is no column \"%2\" (columns: %3); nothing was imported")
                                .arg(field, name, names.join(QStringLiteral(", ")));
            return false;
        }
        column.insert(field, index);
    }
    for (const char *required : {"number", "title"}) {
        if (column.value(QLatin1String(required)) < 0) {
            *error = path + QStringLiteral(": line 1: no column for the bug report's %1 (columns: %2); name it with --map %1=COLUMN")
                                .arg(QLatin1String(required), names.join(QStringLiteral(", ")));
            return false;
        }
    }
    if (column.value(QStringLiteral("repository")) < 0 && defaultRepository.isEmpty()) {
        *error = path + QStringLiteral(": line 1: no repository column; name it with --map repository=COLUMN or give --project");
        return false;
    }
    auto get = [&](const QStringList &fields, const char *field) {
        const int i = column.value(QLatin1String(field), -1);
        return i >= 0 && i < fields.size() ? fields.at(i) : QString();
    };
    static const QRegularExpression trailingNumber(QStringLiteral("(\\d+)\\s*$"));
    QStringList fields;
    int record = 1;
    while (reader.readRecord(&fields)) {
        ++record;
        if (fields.size() == 1 && fields.first().trimmed().isEmpty()) {
            continue;
        }
        const QString where = path + QStringLiteral(": line %1: ").arg(reader.recordLine());
        if (fields.size() != names.size()) {
            *error = where + QStringLiteral("%1 fields where the header has %2 columns; nothing was imported")
                                 .arg(fields.size())
                                 .arg(names.size());
            return false;
        }
        ParsedBugReport r;
        r.record = int(reader.recordLine());
        r.repository = get(fields, "repository").trimmed();
        if (r.repository.isEmpty()) {
            r.repository = defaultRepository;
        }
        // "PROJ-123" and "#123" keep their number; the prefix stays in the title's context.
        const QRegularExpressionMatch m = trailingNumber.match(get(fields, "number"));
        r.number = m.hasMatch() ? m.captured(1).toLongLong() : 0;
        if (r.number <= 0) {
            *error = where + QStringLiteral("\"%1\" is not an issue number; nothing was imported").arg(get(fields, "number"));
            return false;
        }
        r.title = get(fields, "title");
        r.body = get(fields, "body");
        r.author = get(fields, "author");
        for (const QString &label : get(fields, "labels").split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts)) {
            if (!label.trimmed().isEmpty()) {
                r.labels.append(label.trimmed());
            }
        }
        r.state = get(fields, "state").trimmed().toLower();
        r.created = SourceDate::fromString(get(fields, "created"));
        r.closed = SourceDate::fromString(get(fields, "closed"));
        r.url = get(fields, "url").trimmed();
        reports->append(r);
    }
    if (reader.hasError()) {
        *error = path + QStringLiteral(": ") + reader.errorString() + QStringLiteral("; nothing was imported");
        return false;
    }
    return true;
}

} // namespace Concord
