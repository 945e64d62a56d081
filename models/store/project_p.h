// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internals of the project store: the SQLite connection, the statement cache and the
// transaction guard. Only models/store includes this.

#include "store/project.h"

#include <QHash>
#include <QJsonObject>
#include <QLockFile>
#include <QSet>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Concord {

class ProjectPrivate;

QJsonObject rulesToJson(const DimensionRules &rules);
DimensionRules rulesFromJson(const QString &json);
QString toJsonText(const QJsonObject &object);
QJsonObject fromJsonText(const QString &text);

/// A cached prepared statement in use; resets itself when it goes out of scope.
/// SQL must be a string literal: the cache is keyed by its address.
class Stmt
{
public:
    Stmt(ProjectPrivate *d, const char *sql);
    /// SQL assembled at run time from fixed fragments (never from user text: that goes in
    /// bound parameters). Interned, so each distinct text is prepared once and cached.
    Stmt(ProjectPrivate *d, const QByteArray &sql);
    ~Stmt();
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;

    bool isValid() const { return m_stmt != nullptr; }
    Stmt &bind(int i, qint64 v);
    Stmt &bind(int i, int v) { return bind(i, qint64(v)); }
    Stmt &bind(int i, bool v) { return bind(i, qint64(v ? 1 : 0)); }
    Stmt &bind(int i, const QString &v);
    Stmt &bind(int i, const QUuid &v);
    Stmt &bind(int i, const QDateTime &v); ///< NULL when invalid
    Stmt &bind(int i, const SourceDate &v); ///< its stored form; NULL when invalid
    Stmt &bindBlob(int i, const QByteArray &v);
    Stmt &bindBlob(int i, const char *data, int size); ///< data must outlive the step
    Stmt &bindNull(int i);
    Stmt &bindId(int i, qint64 id); ///< NULL when 0

    bool next();  ///< true when a row is there; errors are recorded in the project
    bool exec();  ///< runs to completion; false on error
    bool failed() const { return m_failed; }

    qint64 int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
    int integer(int c) const { return sqlite3_column_int(m_stmt, c); }
    bool boolean(int c) const { return sqlite3_column_int(m_stmt, c) != 0; }
    double real(int c) const { return sqlite3_column_double(m_stmt, c); }
    QString text(int c) const;
    QByteArray blob(int c) const;
    QUuid uuid(int c) const;
    QDateTime dateTime(int c) const;
    SourceDate sourceDate(int c) const; ///< invalid for NULL
    bool isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }

private:
    ProjectPrivate *m_d;
    sqlite3_stmt *m_stmt = nullptr;
    const char *m_sql = nullptr;
    bool m_owned = false; ///< a temporary second copy of a statement already in use
    bool m_failed = false;
};

/// BEGIN IMMEDIATE ... COMMIT at the outer level, a savepoint when nested.
/// Rolls back unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(ProjectPrivate *d);
    ~Transaction();
    bool isValid() const { return m_valid; }
    bool commit();

private:
    ProjectPrivate *m_d;
    bool m_outer = false;
    bool m_valid = false;
    bool m_done = false;
};

/// Around every query of the search index: catches the index up first
/// (ProjectPrivate::ensureSearchComplete); on a read-only connection also one read
/// transaction, so that its temporary index of pending diffs and the query see the same
/// snapshot of the file while the writer goes on indexing or importing.
class SearchScope
{
public:
    /// persist false: pending diffs go in the connection's temporary index even when the
    /// file could take them (a read that must not change the file).
    SearchScope(ProjectPrivate *d, bool persist);
    ~SearchScope();
    SearchScope(const SearchScope &) = delete;
    SearchScope &operator=(const SearchScope &) = delete;
    bool isValid() const { return m_valid; }

private:
    ProjectPrivate *m_d;
    bool m_began = false;
    bool m_valid = false;
};

class ProjectPrivate
{
public:
    ~ProjectPrivate();

    sqlite3 *db = nullptr;
    QString path;
    bool readOnly = false;
    QString actor;
    QUuid actorRater; ///< set by Project::setActor(const Rater &)
    std::unique_ptr<QLockFile> lock;
    /// Which physical file this connection writes ("device:inode"); every commit stores
    /// it in project_meta "file_identity", so a -wal carries the name of its file (see
    /// walOwnerCheck in project.cpp). Empty: not recorded.
    QString fileIdentity;
    /// The -wal was there before this connection opened the file. When it was not, the
    /// -wal and -shm that a read-only or refused connection leaves are removed on close.
    bool walExisted = true;
    QString lastError; ///< the cause of the last failure, for messages

    struct Cached
    {
        sqlite3_stmt *stmt = nullptr;
        bool busy = false;
    };
    QHash<const void *, Cached> statements;
    /// Texts of assembled statements; their addresses key the cache like literals do.
    QSet<QByteArray> assembled;

    sqlite3_stmt *prepare(const char *sql, bool *owned);
    void release(const char *sql, sqlite3_stmt *stmt, bool owned);
    bool execScript(const char *sql); ///< several statements, no parameters
    void recordSqliteError(const char *what);
    bool fail(const QString &cause)
    {
        lastError = cause;
        return false;
    }

    /// Runs fn in one transaction; on failure sets *error to a message naming the file
    /// and the cause and saying that nothing changed.
    bool edit(QString *error, const QString &what, const std::function<bool()> &fn);

    bool audit(const QString &action, const QString &entity, const QUuid &uuid, const QJsonObject &before,
               const QJsonObject &after);

    // Identity of deleted records. Ids are never handed out twice: before a delete,
    // keepIdsUsed() records each table's highest id in id_high_water, and every insert
    // takes max(highest id, high-water mark) + 1 (SQLite alone would reuse the highest id
    // after it is deleted). bury() leaves a tombstone; unbury() removes it when the uuid
    // comes back (an undo of a delete).
    bool keepIdsUsed();
    bool bury(const QString &entity, const QUuid &uuid);
    bool unbury(const QUuid &uuid);

    // readers shared by Project and ImportSession
    std::optional<Item> readItem(Stmt &q) const;
    QString dimensionKey(DimensionId id);
    QJsonObject findingJson(FindingId id);
    QJsonObject reconciledJson(ReconciledId id);
    QJsonObject valueJson(ValueId id);
    QJsonObject dimensionJson(DimensionId id);
    QJsonObject labelsJson(const DimensionValues &values, const DimensionComments &comments);

    // writers shared by Project and ImportSession
    std::optional<ItemId> insertItem(const Item &item);
    std::optional<DimensionId> insertDimension(const Dimension &dimension);
    std::optional<ValueId> insertValue(const CodebookValue &value);
    std::optional<RaterId> insertRater(const Rater &rater);
    std::optional<DatasetId> insertDataset(const Dataset &dataset);
    std::optional<FindingId> insertFinding(const Finding &finding);
    bool writeFindingLabels(FindingId id, const DimensionValues &values, const DimensionComments &comments);
    std::optional<ReconciledId> insertReconciled(const ReconciledFinding &finding);
    bool writeReconciledLabels(ReconciledId id, const ReconciledFinding &finding);
    bool setPatch(ItemId item, const Patch &patch);
    bool storeOriginalMail(ItemId item, const QByteArray &bytes);
    bool storePatchBytes(ItemId item, QIODevice *source, qint64 size,
                         const std::function<bool(qint64, qint64)> &progress);
    bool setBugReport(ItemId item, const BugReportContent &content);

    // the search index: each item owns FTS rowids item * 16 + slot
    enum SearchSlot { SlotTitle = 0, SlotMessage = 1, SlotBody = 2, SlotComments = 3, SlotPaths = 4, SlotDiff = 5 };
    bool indexText(ItemId item, SearchSlot slot, const QString &text);
    bool unindexItem(ItemId item);
    bool rebuildSearchIndex(); ///< everything, the pending diffs too
    bool indexDiffFromChunks(ItemId item);
    /// What the index holds of an item's diff: its first IndexedDiffBytes, as UTF-8.
    std::optional<QString> diffTextToIndex(ItemId item);
    /// Leaves the item's diff text out of the index until indexDiffSlice reaches it
    /// (schema 5: import does not tokenize diffs in its transaction).
    bool queueDiffIndex(ItemId item);
    std::optional<qint64> pendingDiffCount();
    /// Indexes pending diffs, oldest item first, in one transaction: at most maxItems,
    /// and no more once maxBytes of diff text are reached (at least one). How many.
    std::optional<qint64> indexDiffSlice(qint64 maxItems, qint64 maxBytes);
    /// Before any query of the index: indexes every pending diff (writable and persist),
    /// or puts them in a temporary index that the queries read too (tempDiffIndex).
    /// Either way the queries' results are complete.
    bool ensureSearchComplete(bool persist);
    bool tempDiffIndex = false; ///< temp.diff_search holds pending diffs
    static constexpr qint64 IndexSliceItems = 64;
    static constexpr qint64 IndexSliceBytes = 4 << 20;

    /// Bytes per patch_chunk row. Small enough that reading one hunk walks few overflow
    /// pages, large enough that a 467 MB patch is only ~7,500 rows.
    static constexpr qint64 ChunkSize = 64 << 10;
    /// The chunk size this file was written with (project_meta "patch_chunk_size"), so a
    /// later build with another ChunkSize still reads older files.
    qint64 chunkSize = ChunkSize;
    static constexpr qint64 IndexedDiffBytes = 8 << 20;     ///< diff text indexed per item
};

} // namespace Concord
