// SPDX-License-Identifier: GPL-3.0-or-later
// Project: the work queue (schema 3) — which items a list shows, in which order, and where
// each rater stands with each item.
#include "store/project.h"

#include "store/project_p.h"

#include <QDir>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Concord {

// A rater's status of every item they touched, as the LabelStatus code (NotStarted 0,
// InProgress 1, Done 2, Unsure 3): the highest of "has a finding" (1), "marked done" (2)
// and "has an unsure finding" (3) — exactly the precedence labelstatus.h describes.
// Parameter ?1 is the rater.
#define STATUS_CTE \
    "WITH st(item_id, status) AS (SELECT item_id, max(s) FROM (" \
    " SELECT item_id, CASE WHEN max(unsure) <> 0 THEN 3 ELSE 1 END AS s FROM finding WHERE rater_id = ?1 GROUP BY item_id" \
    " UNION ALL SELECT item_id, 2 FROM rater_item WHERE rater_id = ?1 AND done <> 0) GROUP BY item_id) "

static LabelStatus statusFromCode(int code)
{
    switch (code) {
    case 1:
        return LabelStatus::InProgress;
    case 2:
        return LabelStatus::Done;
    case 3:
        return LabelStatus::Unsure;
    default:
        return LabelStatus::NotStarted;
    }
}

// The bound upper end of a prefix range: the prefix with its last character incremented,
// so "ref >= prefix AND ref < end" selects exactly the refs starting with prefix.
static QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    end[end.size() - 1] = QChar(end.at(end.size() - 1).unicode() + 1);
    return end;
}

// User text as an FTS5 query that cannot be a syntax error: every word becomes a quoted
// phrase (quotes doubled), ANDed; the last one also matches as a prefix, since the list
// filters while the user types. Words without a letter or digit are dropped (they index
// to nothing). Empty when nothing is left.
static QString ftsQuery(const QString &text)
{
    QStringList terms;
    const QStringList words = text.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
    for (QString w : words) {
        if (!std::any_of(w.cbegin(), w.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
            continue;
        }
        w.replace(u"\""_s, u"\"\""_s);
        terms.append(u"\""_s + w + u"\""_s);
    }
    if (!terms.isEmpty()) {
        terms.last() += u" *"_s;
    }
    return terms.join(QLatin1Char(' '));
}

static bool isHex(const QString &s)
{
    return std::all_of(s.cbegin(), s.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

std::optional<QList<ItemId>> Project::queryItems(const ItemQuery &query, QString *error) const
{
    // Parameters, by number (unused ones are simply not in the statement):
    // ?1 rater, ?2 kind, ?3 dataset, ?4 round, ?5/?6 sha range, ?7 repository, ?8/?9 key
    // ref range (or ?8 the issue number), ?10 LIKE pattern of the lower-case needle, ?11 FTS5 query.
    // Control characters (a NUL would end FTS5's reading of its query) count as spaces.
    QString cleaned = query.text;
    for (QChar &c : cleaned) {
        if (c.category() == QChar::Other_Control) {
            c = u' ';
        }
    }
    const QString text = cleaned.trimmed();
    QString shaLow;
    QString keyRepository;
    QString keyRefLow;
    bool keyIsIssue = false;
    QString fts;
    if (!text.isEmpty()) {
        if (text.size() >= 7 && text.size() <= 64 && isHex(text)) {
            shaLow = text.toLower();
        }
        static const QRegularExpression keyPattern(u"^([^\\s@#]+/[^\\s@#]+)([@#])([0-9A-Za-z]+)$"_s);
        const QRegularExpressionMatch m = keyPattern.match(text);
        if (m.hasMatch()) {
            const QString ref = m.captured(3);
            if (m.captured(2) == u"#"_s) {
                keyRepository = m.captured(1);
                keyRefLow = ref;
                keyIsIssue = true;
            } else if (ref.size() >= 7 && isHex(ref)) {
                keyRepository = m.captured(1);
                keyRefLow = ref.toLower();
            }
        }
        if (query.fullText) {
            fts = ftsQuery(text);
        }
    }
    // The diffs an import left pending go in this connection's temporary index first, so
    // that a text filter never misses an item; in the file's index only by
    // indexPendingDiffs, since a read never changes the file (concord-cli label finds its
    // item through here and must leave a refused edit's file untouched). Held to the end:
    // on a read-only connection it is the read transaction the temporary index was made in.
    std::optional<SearchScope> scope;
    if (!fts.isEmpty()) {
        scope.emplace(d.get(), false);
        if (!scope->isValid()) {
            if (error) {
                *error = u"Could not bring the search index of %1 up to date: %2."_s.arg(QDir::toNativeSeparators(d->path),
                                                                                          d->lastError);
            }
            return std::nullopt;
        }
    }
    const bool needStatus = query.rater != 0
        && (query.sort == ItemQuery::Sort::Status
            || (query.status != ItemQuery::Status::Any && query.status != ItemQuery::Status::ShouldDiscuss));

    QByteArray sql;
    if (needStatus) {
        sql += STATUS_CTE;
    }
    sql += "SELECT i.id FROM item i ";
    if (needStatus) {
        sql += "LEFT JOIN st ON st.item_id = i.id ";
    }
    sql += "WHERE 1 ";
    if (query.kind) {
        sql += "AND i.kind = ?2 ";
    }
    if (query.dataset != 0) {
        sql += "AND i.dataset_id = ?3 ";
    }
    if (query.round >= 0) {
        sql += "AND i.round = ?4 ";
    }
    // Without a rater every item is NotStarted for everybody.
    const char *statusValue = needStatus ? "coalesce(st.status, 0)" : "0";
    switch (query.status) {
    case ItemQuery::Status::Any:
        break;
    case ItemQuery::Status::NotDone:
        sql += "AND " + QByteArray(statusValue) + " <> 2 ";
        break;
    case ItemQuery::Status::Done:
        sql += "AND " + QByteArray(statusValue) + " = 2 ";
        break;
    case ItemQuery::Status::Unsure:
        sql += "AND " + QByteArray(statusValue) + " = 3 ";
        break;
    case ItemQuery::Status::ShouldDiscuss:
        sql += query.rater != 0
            ? "AND i.id IN (SELECT item_id FROM finding WHERE should_discuss <> 0 AND rater_id = ?1) "
            : "AND i.id IN (SELECT item_id FROM finding WHERE should_discuss <> 0) ";
        break;
    }
    if (!text.isEmpty()) {
        // Each way of matching keeps its own best plan (the sha range uses item_ref, the
        // FTS part the index). UNION ALL: IN keeps each item once anyway, and UNION would
        // dedupe every match in a b-tree of its own first. LIKE folds ASCII case as lower()
        // does, without a lowered copy of every title (half the time of the scan). Both
        // together: 77 -> 53 ms for a word in all 100,000 titles (bench/ui, bench_ui).
        sql += "AND i.id IN (SELECT id FROM item WHERE title LIKE ?10 ESCAPE '\\' OR author LIKE ?10 ESCAPE '\\'";
        if (!shaLow.isEmpty()) {
            sql += " UNION ALL SELECT id FROM item WHERE ref >= ?5 AND ref < ?6 AND kind = 0";
        }
        if (!keyRepository.isEmpty()) {
            sql += keyIsIssue ? " UNION ALL SELECT id FROM item WHERE repository = ?7 AND ref = ?8 AND kind = 1"
                              : " UNION ALL SELECT id FROM item WHERE ref >= ?8 AND ref < ?9 AND repository = ?7 AND kind = 0";
        }
        if (!fts.isEmpty()) {
            sql += " UNION ALL SELECT rowid / 16 FROM search WHERE search MATCH ?11";
            if (d->tempDiffIndex) {
                sql += " UNION ALL SELECT rowid / 16 FROM temp.diff_search WHERE diff_search MATCH ?11";
            }
        }
        sql += ") ";
    }
    const char *direction = query.descending ? " DESC" : "";
    switch (query.sort) {
    case ItemQuery::Sort::ImportOrder:
        sql += "ORDER BY i.id";
        sql += direction;
        break;
    case ItemQuery::Sort::Title:
        sql += "ORDER BY i.title COLLATE NOCASE" + QByteArray(direction) + ", i.id";
        break;
    case ItemQuery::Sort::Key:
        sql += "ORDER BY i.kind" + QByteArray(direction) + ", i.repository" + direction + ", length(i.ref)" + direction
            + ", i.ref" + direction + ", i.id";
        break;
    case ItemQuery::Sort::Author:
        sql += "ORDER BY i.author COLLATE NOCASE" + QByteArray(direction) + ", i.id";
        break;
    case ItemQuery::Sort::Date:
        sql += "ORDER BY i.date" + QByteArray(direction) + ", i.id";
        break;
    case ItemQuery::Sort::Dataset:
        sql += "ORDER BY (SELECT name FROM dataset WHERE id = i.dataset_id) COLLATE NOCASE" + QByteArray(direction)
            + ", i.id";
        break;
    case ItemQuery::Sort::Changes:
        sql += "ORDER BY i.lines_added + i.lines_deleted" + QByteArray(direction) + ", i.id";
        break;
    case ItemQuery::Sort::Status:
        // Without a rater all are NotStarted: import order (a bare 0 would mean a column).
        sql += needStatus ? "ORDER BY coalesce(st.status, 0)" + QByteArray(direction) + ", i.id" : QByteArray("ORDER BY i.id");
        break;
    }

    Stmt q(d.get(), sql);
    q.bind(1, query.rater);
    if (query.kind) {
        q.bind(2, *query.kind == ItemKind::BugReport ? 1 : 0);
    }
    q.bind(3, query.dataset).bind(4, query.round);
    if (!text.isEmpty()) {
        QString pattern = text.toLower();
        pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        q.bind(10, u"%"_s + pattern + u"%"_s);
    }
    if (!shaLow.isEmpty()) {
        q.bind(5, shaLow).bind(6, prefixEnd(shaLow));
    }
    if (!keyRepository.isEmpty()) {
        q.bind(7, keyRepository).bind(8, keyRefLow);
        if (!keyIsIssue) {
            q.bind(9, prefixEnd(keyRefLow));
        }
    }
    if (!fts.isEmpty()) {
        q.bind(11, fts);
    }
    QList<ItemId> ids;
    while (q.next()) {
        ids.append(q.int64(0));
    }
    if (q.failed()) {
        if (error) {
            *error = u"Could not list the items of %1: %2."_s.arg(QDir::toNativeSeparators(d->path), d->lastError);
        }
        return std::nullopt;
    }
    return ids;
}

std::optional<QList<Item>> Project::itemsById(const QList<ItemId> &ids, QString *error) const
{
    QList<Item> list;
    list.reserve(ids.size());
    for (ItemId id : ids) {
        Stmt q(d.get(),
               "SELECT id, uuid, kind, repository, ref, title, author, date, dataset_id, round, metadata, files, hunks, "
               "binary_files, lines_added, lines_deleted, bytes FROM item WHERE id = ?");
        q.bind(1, id);
        if (q.next()) {
            list.append(*d->readItem(q));
        }
        if (q.failed()) {
            if (error) {
                *error = u"Could not read the items of %1: %2."_s.arg(QDir::toNativeSeparators(d->path), d->lastError);
            }
            return std::nullopt;
        }
    }
    return list;
}

LabelStatus Project::labelStatus(ItemId item, RaterId rater) const
{
    Stmt q(d.get(),
           "SELECT max((SELECT CASE WHEN max(unsure) <> 0 THEN 3 WHEN count(*) > 0 THEN 1 ELSE 0 END FROM finding "
           "WHERE item_id = ?1 AND rater_id = ?2), "
           "coalesce((SELECT 2 FROM rater_item WHERE item_id = ?1 AND rater_id = ?2 AND done <> 0), 0))");
    q.bind(1, item).bind(2, rater);
    return q.next() ? statusFromCode(q.integer(0)) : LabelStatus::NotStarted;
}

std::optional<QHash<ItemId, LabelStatus>> Project::labelStatuses(RaterId rater, QString *error) const
{
    QHash<ItemId, LabelStatus> statuses;
    Stmt q(d.get(), STATUS_CTE "SELECT item_id, status FROM st");
    q.bind(1, rater);
    while (q.next()) {
        statuses.insert(q.int64(0), statusFromCode(q.integer(1)));
    }
    if (q.failed()) {
        if (error) {
            *error = u"Could not read the label status in %1: %2."_s.arg(QDir::toNativeSeparators(d->path), d->lastError);
        }
        return std::nullopt;
    }
    return statuses;
}

qint64 Project::doneCount(RaterId rater) const
{
    Stmt q(d.get(), "SELECT count(*) FROM rater_item WHERE rater_id = ? AND done <> 0");
    q.bind(1, rater);
    return q.next() ? q.int64(0) : 0;
}

bool Project::setItemDone(ItemId item, RaterId rater, bool done, QString *error)
{
    return d->edit(error, done ? u"mark the item done"_s : u"mark the item not done"_s, [&] {
        const auto it = this->item(item);
        if (!it) {
            return d->fail(u"there is no item %1"_s.arg(item));
        }
        const auto who = this->rater(rater);
        if (!who) {
            return d->fail(u"there is no rater %1"_s.arg(rater));
        }
        Stmt old(d.get(), "SELECT done FROM rater_item WHERE item_id = ? AND rater_id = ?");
        const bool before = old.bind(1, item).bind(2, rater).next() && old.boolean(0);
        Stmt q(d.get(),
               "INSERT INTO rater_item(item_id, rater_id, done, modified) VALUES(?1, ?2, ?3, ?4) "
               "ON CONFLICT(item_id, rater_id) DO UPDATE SET done = excluded.done, modified = excluded.modified");
        q.bind(1, item).bind(2, rater).bind(3, done).bind(4, QDateTime::currentDateTimeUtc());
        const QString key = it->key.toString();
        return q.exec()
            && d->audit(u"item.done"_s, u"item"_s, it->uuid,
                        QJsonObject{{u"item"_s, key}, {u"rater"_s, who->name}, {u"done"_s, before}},
                        QJsonObject{{u"item"_s, key}, {u"rater"_s, who->name}, {u"done"_s, done}});
    });
}

} // namespace Concord
