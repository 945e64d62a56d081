// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/project.h"

#include "store/project_p.h"
#include "store/schema.h"

#include "domain/filekind.h"
#include "domain/identity.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QtEndian>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>
#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "concord.store")

namespace Concord {

// ---------------------------------------------------------------------------------------
// Stmt

Stmt::Stmt(ProjectPrivate *d, const char *sql)
    : m_d(d)
{
    m_stmt = d->prepare(sql, &m_owned);
    m_failed = m_stmt == nullptr;
    m_sql = sql;
}

Stmt::Stmt(ProjectPrivate *d, const QByteArray &sql)
    : Stmt(d, d->assembled.insert(sql)->constData())
{
}

Stmt::~Stmt()
{
    if (m_stmt) {
        m_d->release(m_sql, m_stmt, m_owned);
    }
}

Stmt &Stmt::bind(int i, qint64 v)
{
    if (m_stmt) {
        sqlite3_bind_int64(m_stmt, i, v);
    }
    return *this;
}

Stmt &Stmt::bind(int i, const QString &v)
{
    if (m_stmt) {
        const QByteArray utf8 = v.toUtf8();
        sqlite3_bind_text64(m_stmt, i, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    return *this;
}

Stmt &Stmt::bind(int i, const QUuid &v)
{
    return bind(i, v.isNull() ? QString() : v.toString(QUuid::WithoutBraces));
}

Stmt &Stmt::bind(int i, const QDateTime &v)
{
    if (!v.isValid()) {
        return bindNull(i);
    }
    return bind(i, v.toUTC().toString(Qt::ISODateWithMs));
}

Stmt &Stmt::bind(int i, const SourceDate &v)
{
    if (!v.isValid()) {
        return bindNull(i);
    }
    return bind(i, v.toString());
}

Stmt &Stmt::bindBlob(int i, const QByteArray &v)
{
    if (m_stmt) {
        sqlite3_bind_blob64(m_stmt, i, v.constData(), sqlite3_uint64(v.size()), SQLITE_TRANSIENT);
    }
    return *this;
}

Stmt &Stmt::bindBlob(int i, const char *data, int size)
{
    if (m_stmt) {
        sqlite3_bind_blob(m_stmt, i, data, size, SQLITE_STATIC);
    }
    return *this;
}

Stmt &Stmt::bindNull(int i)
{
    if (m_stmt) {
        sqlite3_bind_null(m_stmt, i);
    }
    return *this;
}

Stmt &Stmt::bindId(int i, qint64 id)
{
    return id == 0 ? bindNull(i) : bind(i, id);
}

bool Stmt::next()
{
    if (!m_stmt || m_failed) {
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc != SQLITE_DONE) {
        m_failed = true;
        m_d->recordSqliteError(m_sql);
    }
    return false;
}

bool Stmt::exec()
{
    while (next()) {
    }
    return !m_failed;
}

QString Stmt::text(int c) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, c)) : QString();
}

QByteArray Stmt::blob(int c) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, c));
    return p ? QByteArray(p, sqlite3_column_bytes(m_stmt, c)) : QByteArray();
}

QUuid Stmt::uuid(int c) const
{
    return QUuid::fromString(text(c));
}

QDateTime Stmt::dateTime(int c) const
{
    if (isNull(c)) {
        return {};
    }
    QDateTime t = QDateTime::fromString(text(c), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

SourceDate Stmt::sourceDate(int c) const
{
    return isNull(c) ? SourceDate() : SourceDate::fromString(text(c));
}

// ---------------------------------------------------------------------------------------
// ProjectPrivate

static void removeIdleWal(const QString &path);

ProjectPrivate::~ProjectPrivate()
{
    for (const Cached &c : std::as_const(statements)) {
        sqlite3_finalize(c.stmt);
    }
    statements.clear();
    if (db) {
        // Closing the last connection checkpoints the WAL into the file and removes it,
        // so a closed project is one self-contained file again.
        if (sqlite3_close(db) != SQLITE_OK) {
            qCWarning(lcStore) << "closing" << path << "failed:" << sqlite3_errmsg(db);
            sqlite3_close_v2(db);
        }
        db = nullptr;
        if (!walExisted) {
            removeIdleWal(path);
        }
    }
    if (lock) {
        lock->unlock();
    }
}

sqlite3_stmt *ProjectPrivate::prepare(const char *sql, bool *owned)
{
    *owned = false;
    auto it = statements.find(sql);
    if (it != statements.end() && !it->busy) {
        it->busy = true;
        return it->stmt;
    }
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        recordSqliteError(sql);
        sqlite3_finalize(stmt);
        return nullptr;
    }
    if (it != statements.end()) {
        *owned = true; // the cached one is in use further up the stack
        return stmt;
    }
    statements.insert(sql, Cached{stmt, true});
    return stmt;
}

void ProjectPrivate::release(const char *sql, sqlite3_stmt *stmt, bool owned)
{
    if (owned) {
        sqlite3_finalize(stmt);
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    auto it = statements.find(sql);
    if (it != statements.end()) {
        it->busy = false;
    }
}

// Says in words what an SQLite failure means for the user.
static QString describeFailure(int code, const QString &message)
{
    switch (code & 0xff) {
    case SQLITE_FULL:
        return u"the disk is full"_s;
    case SQLITE_READONLY:
        return u"the file is read-only here (%1)"_s.arg(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return u"another program keeps the file busy (%1)"_s.arg(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return u"the file is damaged (%1)"_s.arg(message);
    case SQLITE_IOERR:
        return u"the disk reported an error (%1)"_s.arg(message);
    default:
        return message;
    }
}

bool ProjectPrivate::execScript(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        lastError = describeFailure(sqlite3_extended_errcode(db), QString::fromUtf8(message ? message : sqlite3_errmsg(db)));
        qCWarning(lcStore).noquote() << path << lastError << "in" << QString::fromUtf8(sql).simplified().left(120);
        sqlite3_free(message);
        return false;
    }
    return true;
}

void ProjectPrivate::recordSqliteError(const char *what)
{
    lastError = describeFailure(sqlite3_extended_errcode(db), QString::fromUtf8(sqlite3_errmsg(db)));
    qCWarning(lcStore).noquote() << path << lastError << "in" << QString::fromUtf8(what).simplified().left(120);
}

bool ProjectPrivate::edit(QString *error, const QString &what, const std::function<bool()> &fn)
{
    lastError.clear();
    if (readOnly) {
        if (error) {
            *error = u"%1 is open read-only: cannot %2."_s.arg(QDir::toNativeSeparators(path), what);
        }
        return false;
    }
    Transaction tx(this);
    if (!tx.isValid() || !fn() || !tx.commit()) {
        if (error) {
            *error = u"Could not %1 in %2: %3. The project is unchanged."_s.arg(
                what, QDir::toNativeSeparators(path), lastError.isEmpty() ? u"unknown error"_s : lastError);
        }
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// Transaction

Transaction::Transaction(ProjectPrivate *d)
    : m_d(d)
{
    m_outer = sqlite3_get_autocommit(d->db) != 0;
    // IMMEDIATE takes the write lock now, so a busy file fails here (after the busy
    // timeout) instead of half-way through an edit.
    m_valid = d->execScript(m_outer ? "BEGIN IMMEDIATE" : "SAVEPOINT edit");
}

Transaction::~Transaction()
{
    if (m_valid && !m_done) {
        const QString keep = m_d->lastError; // rolling back must not hide the cause
        if (m_outer) {
            m_d->execScript("ROLLBACK");
        } else {
            m_d->execScript("ROLLBACK TO edit; RELEASE edit");
        }
        m_d->lastError = keep;
    }
}

bool Transaction::commit()
{
    if (!m_valid || m_done) {
        return false;
    }
    if (m_outer && !m_d->fileIdentity.isEmpty()) {
        // Every commit rewrites this row, so every -wal (each generation, after each
        // checkpoint) holds a frame naming the file it was written for.
        Stmt q(m_d, "INSERT INTO project_meta(key, value) VALUES('file_identity', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        if (!q.bind(1, m_d->fileIdentity).exec()) {
            return false;
        }
    }
    if (!m_d->execScript(m_outer ? "COMMIT" : "RELEASE edit")) {
        return false;
    }
    m_done = true;
    return true;
}

// ---------------------------------------------------------------------------------------
// Opening and creating

static QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

static QString defaultActor()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) {
        user = qEnvironmentVariable("USERNAME");
    }
    return user.isEmpty() ? u"unknown"_s : user;
}

static bool setFailure(QString *error, OpenFailure *failure, OpenFailure kind, const QString &message)
{
    if (error) {
        *error = message;
    }
    if (failure) {
        *failure = kind;
    }
    qCInfo(lcStore).noquote() << message;
    return false;
}

// The cancel flag of the innermost CancelScope on this thread. A Project is used from one
// thread, so the progress handler below runs on the thread whose scope it reads.
static thread_local const std::atomic<bool> *t_cancel = nullptr;

CancelScope::CancelScope(const std::atomic<bool> *flag)
    : m_previous(t_cancel)
{
    t_cancel = flag;
}

CancelScope::~CancelScope()
{
    t_cancel = m_previous;
}

bool CancelScope::cancelled()
{
    return t_cancel && t_cancel->load(std::memory_order_relaxed);
}

// Nonzero stops the statement with SQLITE_INTERRUPT (a few thousand instructions apart:
// microseconds, and nothing measurable on reads without a scope).
static int cancelRequested(void *)
{
    return CancelScope::cancelled() ? 1 : 0;
}

static void hardenConnection(sqlite3 *db)
{
    sqlite3_progress_handler(db, 4000, &cancelRequested, nullptr);
    // An opened file is untrusted input: no schema-defined SQL functions, no triggers or
    // views, no writes to the schema behind SQLite's back.
    int ignored = 0;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &ignored);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &ignored);
    sqlite3_extended_result_codes(db, 1);
    // The writer holds the lock for its session; a busy file is a short checkpoint or a
    // foreign program: wait a little rather than fail at once.
    sqlite3_busy_timeout(db, 5000);
    // No single value of ours comes near this (patch chunks are 64 KiB, indexed diff text
    // 8 MiB); a crafted 1 GB string must fail to load rather than exhaust memory.
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 256 << 20);
    // 32 MiB of page cache: a bulk import of 10^5 items keeps its index pages in memory
    // instead of spilling them to the WAL mid-transaction.
    sqlite3_exec(db, "PRAGMA cache_size = -32768", nullptr, nullptr, nullptr);
}

// "device:inode" of the file itself (through symlinks): the one thing two byte-identical
// copies of a project do not share. Empty when it cannot be had (then nothing is checked).
static QString fileIdentity(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return {};
    }
    return u"%1:%2"_s.arg(quint64(st.st_dev)).arg(quint64(st.st_ino));
#else
    return QFileInfo(path).canonicalFilePath();
#endif
}

// Where SQLite keeps the -wal and the writer lock lives: beside the real file, whatever
// name (symlink, relative path) it was opened by.
static QString realPath(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QFileInfo(path).absoluteFilePath() : canonical;
}

static QString lockPath(const QString &path)
{
    return realPath(path) + u".lock"_s;
}

// A read-only connection cannot checkpoint, so SQLite leaves the (empty) -wal and the
// -shm it made beside the file on close; so does a refused read-write one (it was told
// not to checkpoint). When this process made them and the -wal is still empty, let SQLite
// itself remove them: a read-write connection that reads once and closes checkpoints
// nothing (there are no frames) and deletes both only when it is the last connection to
// the file. Nothing is written to the file itself.
static void removeIdleWal(const QString &path)
{
    const QString real = realPath(path);
    const QFileInfo wal(real + u"-wal"_s);
    if (!wal.exists() || wal.size() != 0 || QFileInfo::exists(real + u"-journal"_s)) {
        return;
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(real).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
            == SQLITE_OK
        && sqlite3_db_readonly(db, "main") == 0) {
        int ignored = 0;
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored);
        sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
}

enum class WalOwner : quint8 { None, Ours, Foreign };

// Whose is the -wal beside path? SQLite applies any -wal whose own checksums hold to the
// database beside it, so a -wal copied from another copy of the project (same pages up to
// the copy, other edits after it) would be merged in silently: its frames overwrite pages
// of a file they were never written for. The two copies may be byte-identical, so no
// content can tell them apart; their inode can. Every commit stores this file's
// "device:inode" in project_meta (Transaction::commit), so every -wal generation holds a
// frame with it. Read the project with the -wal applied, on a read-only connection that
// never checkpoints: when that row names another file, the -wal was written elsewhere.
// A -wal without the row (older Concord, another program) is left to SQLite as before.
// Known cost: a crashed project copied with its -wal to another disk is refused once
// (its -wal set aside, not deleted).
static WalOwner walOwner(const QString &path, const QString &identity)
{
    const QFileInfo wal(realPath(path) + u"-wal"_s);
    if (identity.isEmpty() || !wal.exists() || wal.size() <= 32) { // 32: the header alone, no frames
        return WalOwner::None;
    }
    sqlite3 *db = nullptr;
    WalOwner owner = WalOwner::None;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr)
        == SQLITE_OK) {
        int ignored = 0;
        sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &ignored);
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored);
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT value FROM project_meta WHERE key = 'file_identity'", -1, &stmt, nullptr)
                == SQLITE_OK
            && sqlite3_step(stmt) == SQLITE_ROW) {
            const QString stored = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            owner = stored == identity ? WalOwner::Ours : WalOwner::Foreign;
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return owner;
}

// Moves a foreign -wal out of SQLite's way (and the -shm, which indexes it). The caller
// holds the writer lock, so no Concord is using them. Returns where it went.
static QString setWalAside(const QString &path, QString *cause)
{
    const QString real = realPath(path);
    const QString aside = u"%1-wal.foreign-%2"_s.arg(real, QDateTime::currentDateTimeUtc().toString(u"yyyyMMddTHHmmss"_s));
    if (!QFile::rename(real + u"-wal"_s, aside)) {
        *cause = u"it could not be moved to %1"_s.arg(QDir::toNativeSeparators(aside));
        return {};
    }
    QFile::remove(real + u"-shm"_s);
    return aside;
}

// Whether a read-only connection can read the file where it is: it cannot when the file
// is in WAL mode and its folder does not let SQLite create the -shm (SQLITE_CANTOPEN or
// SQLITE_READONLY_CANTINIT, not damage).
static bool readableInPlace(sqlite3 *db)
{
    const int rc = sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    const int code = sqlite3_extended_errcode(db);
    return rc == SQLITE_OK || ((code & 0xff) != SQLITE_CANTOPEN && (code & 0xff) != SQLITE_READONLY);
}

static std::optional<qint64> pragmaInt(sqlite3 *db, const char *sql, QString *cause, int *code)
{
    sqlite3_stmt *stmt = nullptr;
    std::optional<qint64> result;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        result = sqlite3_column_int64(stmt, 0);
    } else {
        *cause = QString::fromUtf8(sqlite3_errmsg(db));
        *code = sqlite3_errcode(db) & 0xff;
    }
    sqlite3_finalize(stmt);
    return result;
}

int Project::schemaVersion()
{
    return Schema::currentVersion();
}

Project::Project()
    : d(std::make_unique<ProjectPrivate>())
{
    d->actor = defaultActor();
}

Project::~Project() = default;

static bool applySteps(ProjectPrivate *d, int fromVersion)
{
    bool reindex = false;
    for (const Schema::Step &step : Schema::steps()) {
        if (step.version <= fromVersion) {
            continue;
        }
        if (!d->execScript(step.sql) || (step.complete && !step.complete(d))) {
            d->lastError = u"schema step %1 failed: %2"_s.arg(step.version).arg(d->lastError);
            return false;
        }
        reindex = reindex || step.reindex;
        const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(step.version);
        if (!d->execScript(setVersion.constData())) {
            return false;
        }
    }
    if (reindex && fromVersion > 0) {
        return d->rebuildSearchIndex();
    }
    return true;
}

/// Removes what a creator that was killed left behind: ".NAME.creating-PID-RANDOM" files
/// (and their -wal, -shm, -journal) whose process is gone.
static void removeStaleTemporaries(const QDir &dir, const QString &name)
{
    const QString prefix = u"."_s + name + u".creating-"_s;
    const QStringList found = dir.entryList({prefix + u"*"_s}, QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &entry : found) {
        const QString rest = entry.mid(prefix.size());
        bool ok = false;
        const qint64 pid = rest.section(u'-', 0, 0).toLongLong(&ok);
        if (!ok || pid <= 0 || (::kill(pid_t(pid), 0) == 0 || errno != ESRCH)) {
            continue; // its creator may still be at work
        }
        QFile::remove(dir.filePath(entry));
    }
}

/// Flushes a file (or a directory's entries) to the disk.
static bool syncPath(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDWR);
    if (fd < 0) {
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// The CREATE statement as SQLite keeps it, with layout that does not change its meaning
// removed: runs of white space become one space, and none is kept next to ( ) , or =.
static QString normalisedSql(const QString &sql)
{
    QString text = sql.simplified();
    static const QRegularExpression s_aroundPunctuation(u"\\s*([(),=])\\s*"_s);
    text.replace(s_aroundPunctuation, u"\\1"_s);
    return text;
}

// name -> normalised CREATE statement of each table and index in sqlite_schema. SQLite's
// own objects and the FTS5 shadow tables (whose text FTS5 writes, and checks itself) are
// left out.
static std::optional<QHash<QString, QString>> schemaOf(sqlite3 *db)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
                               "ESCAPE '\\' AND name NOT IN ('search_data', 'search_idx', 'search_content', "
                               "'search_docsize', 'search_config')",
                           -1, &stmt, nullptr)
        != SQLITE_OK) {
        return std::nullopt;
    }
    QHash<QString, QString> schema;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        schema.insert(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))),
                      normalisedSql(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1)))));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        return std::nullopt;
    }
    return schema;
}

// What this build's steps up to @p version create, made once per version in an empty
// in-memory database, so the expectation cannot drift from the steps themselves.
static QMutex s_expectedSchemaMutex;

static QHash<int, QHash<QString, QString>> &expectedSchemaCache()
{
    static QHash<int, QHash<QString, QString>> s_schemas;
    return s_schemas;
}

static QHash<QString, QString> expectedSchema(int version)
{
    const QMutexLocker locker(&s_expectedSchemaMutex);
    QHash<int, QHash<QString, QString>> &s_schemas = expectedSchemaCache();
    const auto found = s_schemas.constFind(version);
    if (found != s_schemas.cend()) {
        return *found;
    }
    ProjectPrivate scratch;
    scratch.path = u":memory:"_s;
    QHash<QString, QString> schema;
    if (sqlite3_open_v2(":memory:", &scratch.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        == SQLITE_OK) {
        bool ok = true;
        for (const Schema::Step &step : Schema::steps()) {
            if (step.version > version || !ok) {
                break;
            }
            ok = scratch.execScript(step.sql) && (!step.complete || step.complete(&scratch));
        }
        Q_ASSERT(ok);
        schema = schemaOf(scratch.db).value_or(QHash<QString, QString>());
    }
    s_schemas.insert(version, schema);
    return schema;
}

// A project just made by this build's steps from an empty file has exactly the schema
// expectedSchema() would make in its scratch database: keep it, so that opening the new
// project does not build the same schema a second time.
static void rememberExpectedSchema(int version, sqlite3 *db)
{
    const auto schema = schemaOf(db);
    if (!schema) {
        return;
    }
    const QMutexLocker locker(&s_expectedSchemaMutex);
    if (!expectedSchemaCache().contains(version)) {
        expectedSchemaCache().insert(version, *schema);
    }
}

// Compares the file's tables and indexes with what schema @p version defines; names the
// first difference ("" when there is none). Names alone are not enough: a known table
// redefined with other columns or constraints would make every statement about it do
// something else.
static QString schemaDifference(sqlite3 *db, int version)
{
    const auto actual = schemaOf(db);
    if (!actual) {
        return u"its schema cannot be read (%1)"_s.arg(QString::fromUtf8(sqlite3_errmsg(db)));
    }
    const QHash<QString, QString> expected = expectedSchema(version);
    QStringList names = expected.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        const auto it = actual->constFind(name);
        if (it == actual->cend()) {
            return u"\"%1\" is missing"_s.arg(name);
        }
        if (*it != expected.value(name)) {
            return u"\"%1\" is defined differently from Concord's schema %2"_s.arg(name.left(80)).arg(version);
        }
    }
    QStringList extra = actual->keys();
    extra.sort();
    for (const QString &name : std::as_const(extra)) {
        if (!expected.contains(name)) {
            return u"\"%1\" does not belong to Concord's schema %2"_s.arg(name.left(80)).arg(version);
        }
    }
    return {};
}

// Why create() could not claim @p path. Another Concord may be creating it right now:
// the name is claimed (empty file) before the writer lock is taken and the schema written.
static QString existsMessage(const QString &path)
{
    QLockFile lock(lockPath(path));
    lock.setStaleLockTime(0);
    const bool beingCreated = QFileInfo(path).size() == 0 || (QFileInfo::exists(lockPath(path)) && !lock.tryLock(0));
    if (beingCreated) {
        return u"%1 is being created by another program or already exists; a new project is never written over an "
               "existing file."_s.arg(native(path));
    }
    return u"%1 already exists; a new project is never written over an existing file."_s.arg(native(path));
}

/// Gives the flushed file @p temp the name @p target, never replacing a file that has it:
/// a hard link (the caller removes the temporary name after), or on a file system without
/// hard links a rename that refuses to replace. 0, or the errno (EEXIST: @p target exists).
static int linkIntoPlace(const QString &temp, const QString &target)
{
    const QByteArray from = QFile::encodeName(temp);
    const QByteArray to = QFile::encodeName(target);
    if (::link(from.constData(), to.constData()) == 0) {
        return 0;
    }
    if (errno == EEXIST) {
        return EEXIST;
    }
    return ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0 ? 0 : errno;
}

std::unique_ptr<Project> Project::create(const QString &path, QString *error)
{
    return create(path, error, {});
}

std::unique_ptr<Project> Project::create(const QString &path, QString *error,
                                         const std::function<bool(Project &, QString *)> &fill)
{
    if (path.isEmpty()) {
        setFailure(error, nullptr, OpenFailure::Io, u"No project file name was given."_s);
        return nullptr;
    }
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink()) {
        setFailure(error, nullptr, OpenFailure::Io, existsMessage(path));
        return nullptr;
    }
    // The project is made complete under a temporary name in the same folder and then
    // linked into place, so that a crash or a kill at any moment leaves either no file at
    // PATH or a complete project, never an empty or half-written one that every later
    // command refuses. link() fails when PATH exists: of two creators only one wins, and
    // nobody's project is ever replaced.
    const QDir dir = target.absoluteDir();
    removeStaleTemporaries(dir, target.fileName());
    const QString temp = dir.filePath(u".%1.creating-%2-%3"_s.arg(target.fileName())
                                          .arg(QCoreApplication::applicationPid())
                                          .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0')));
    {
        QFile claim(temp);
        if (!claim.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            setFailure(error, nullptr, OpenFailure::Io,
                       u"Cannot create %1: %2."_s.arg(native(path), claim.errorString()));
            return nullptr;
        }
    }
    auto removeTemp = [&]() {
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
            QFile::remove(temp + suffix);
        }
    };
    auto cleanUp = [&](const QString &cause) {
        removeTemp();
        setFailure(error, nullptr, OpenFailure::Io, u"Cannot create %1: %2. No file was left behind."_s.arg(native(path), cause));
        return nullptr;
    };
    {
        Project building;
        ProjectPrivate *d = building.d.get();
        d->path = temp;
        d->fileIdentity = fileIdentity(temp); // the link keeps the inode: the final file's identity
        if (sqlite3_open_v2(QFile::encodeName(temp).constData(), &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            return cleanUp(QString::fromUtf8(sqlite3_errmsg(d->db)));
        }
        hardenConnection(d->db);
        // Nobody can open the file before it has its name, and a creator that dies leaves
        // only its temporary file: the schema goes in with the journal in memory, straight
        // into the file, and the file is switched to WAL after. (Writing it through the WAL
        // and checkpointing it made about twice as many waits for the disk.)
        const QByteArray setup = "PRAGMA application_id = " + QByteArray::number(ApplicationId)
            + "; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON";
        if (!d->execScript(setup.constData())) {
            return cleanUp(d->lastError);
        }
        {
            Transaction tx(d);
            if (!tx.isValid() || !applySteps(d, 0)) {
                return cleanUp(d->lastError);
            }
            rememberExpectedSchema(schemaVersion(), d->db);
            Stmt meta(d, "INSERT INTO project_meta(key, value) VALUES(?, ?)");
            meta.bind(1, u"uuid"_s).bind(2, Identity::random()).exec();
            Stmt created(d, "INSERT INTO project_meta(key, value) VALUES(?, ?)");
            created.bind(1, u"created"_s).bind(2, QDateTime::currentDateTimeUtc()).exec();
            Stmt version(d, "INSERT INTO project_meta(key, value) VALUES(?, ?)");
            version.bind(1, u"created_by"_s).bind(2, u"Concord "_s + QStringLiteral(CONCORD_VERSION_STRING)).exec();
            Stmt chunk(d, "INSERT INTO project_meta(key, value) VALUES(?, ?)");
            chunk.bind(1, u"patch_chunk_size"_s).bind(2, QString::number(ProjectPrivate::ChunkSize)).exec();
            if (meta.failed() || created.failed() || version.failed() || chunk.failed() || !tx.commit()) {
                return cleanUp(d->lastError);
            }
        }
        if (fill) {
            // Nobody sees the file before the link, and a kill leaves only the temporary
            // file: no flush per commit, one (syncPath below) for everything. Messages
            // name the project as the user gave it.
            QString cause;
            d->path = target.absoluteFilePath();
            const bool filled = d->execScript("PRAGMA synchronous = OFF") && fill(building, &cause)
                && d->execScript("PRAGMA synchronous = FULL");
            d->path = temp;
            if (!filled) {
                removeTemp();
                setFailure(error, nullptr, OpenFailure::Io, cause.isEmpty() ? d->lastError : cause);
                return nullptr;
            }
        }
        // Everything is in the file itself: closing the connection removes the empty WAL,
        // so the one file is the whole project when it gets its name.
        if (!d->execScript("PRAGMA journal_mode = WAL")) {
            return cleanUp(d->lastError);
        }
        {
            Stmt mode(d, "PRAGMA journal_mode");
            if (!mode.next() || mode.text(0) != u"wal"_s) {
                return cleanUp(u"SQLite did not switch it to write-ahead logging"_s);
            }
        }
    } // closes the connection
    if (QFileInfo::exists(temp + u"-wal"_s) && QFileInfo(temp + u"-wal"_s).size() > 0) {
        return cleanUp(u"SQLite kept a write-ahead log after closing"_s);
    }
    if (!syncPath(temp, false)) {
        return cleanUp(u"cannot flush it to the disk: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    const int linkErrno = linkIntoPlace(temp, target.absoluteFilePath());
    if (linkErrno != 0) {
        if (linkErrno == EEXIST) {
            removeTemp();
            setFailure(error, nullptr, OpenFailure::Io,
                       u"%1 was created by another program while this one was creating it; that project was kept "
                       "as it is and nothing was created here."_s.arg(native(path)));
            return nullptr;
        }
        return cleanUp(QString::fromLocal8Bit(std::strerror(linkErrno)));
    }
    removeTemp();
    syncPath(target.absolutePath(), true);
    qCInfo(lcStore) << "created" << target.absoluteFilePath() << "schema" << schemaVersion();
    // Just written and flushed by this process, through SQLite: not read back whole.
    return open(path, ReadWrite, error, nullptr, false);
}

static QString backupPath(const QString &path, int version)
{
    QString candidate = u"%1.schema%2.bak"_s.arg(path).arg(version);
    for (int n = 2; QFileInfo::exists(candidate); ++n) {
        candidate = u"%1.schema%2.%3.bak"_s.arg(path).arg(version).arg(n);
    }
    return candidate;
}

static bool backUp(sqlite3 *db, const QString &target, QString *cause)
{
    sqlite3 *out = nullptr;
    bool ok = false;
    if (sqlite3_open_v2(QFile::encodeName(target).constData(), &out,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, nullptr) == SQLITE_OK) {
        sqlite3_backup *backup = sqlite3_backup_init(out, "main", db, "main");
        if (backup) {
            ok = sqlite3_backup_step(backup, -1) == SQLITE_DONE;
            sqlite3_backup_finish(backup);
        }
        if (!ok) {
            *cause = QString::fromUtf8(sqlite3_errmsg(out));
        }
    } else {
        *cause = QString::fromUtf8(sqlite3_errmsg(out));
    }
    sqlite3_close(out);
    return ok;
}

bool Project::exportRaterCopy(RaterId raterId, const QString &outPath, QString *error) const
{
    auto fail = [&](const QString &message) {
        if (error) {
            *error = message;
        }
        return false;
    };
    const std::optional<Rater> who = rater(raterId);
    if (!who) {
        return fail(u"There is no rater %1 in %2; nothing was written."_s.arg(raterId).arg(native(d->path)));
    }
    const QFileInfo target(outPath);
    if (target.exists() || target.isSymLink()) {
        return fail(existsMessage(outPath));
    }
    const QDir dir = target.absoluteDir();
    removeStaleTemporaries(dir, target.fileName());
    const QString temp = dir.filePath(u".%1.creating-%2-%3"_s.arg(target.fileName())
                                          .arg(QCoreApplication::applicationPid())
                                          .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0')));
    auto removeTemp = [&]() {
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
            QFile::remove(temp + suffix);
        }
    };
    auto cleanUp = [&](const QString &cause) {
        removeTemp();
        return fail(u"Cannot write the rater copy %1: %2. No file was left behind."_s.arg(native(outPath), cause));
    };
    QString cause;
    if (!backUp(d->db, temp, &cause)) {
        return cleanUp(cause);
    }
    {
        sqlite3 *db = nullptr;
        if (sqlite3_open_v2(QFile::encodeName(temp).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
            != SQLITE_OK) {
            cause = QString::fromUtf8(sqlite3_errmsg(db));
            sqlite3_close(db);
            return cleanUp(cause);
        }
        // Only this rater's own work; nothing that shows another rater's answers.
        const QByteArray uuid = who->uuid.toString(QUuid::WithoutBraces).toUtf8();
        const QByteArray script = "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; BEGIN;"
                                  "DELETE FROM reconciled;"
                                  "DELETE FROM finding WHERE rater_id <> " + QByteArray::number(raterId) + ";"
                                  "DELETE FROM rater_item WHERE rater_id <> " + QByteArray::number(raterId) + ";"
                                  "DELETE FROM audit WHERE (entity IN ('finding', 'reconciled') AND entity_uuid NOT IN "
                                  "(SELECT uuid FROM finding)) OR (action IN ('item.done', 'value.merge', 'value.unmerge') "
                                  "AND rater_uuid <> '" + uuid + "');"
                                  "DELETE FROM project_meta WHERE key = 'file_identity';"
                                  "COMMIT; VACUUM; PRAGMA journal_mode = WAL;";
        char *message = nullptr;
        const int rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, &message);
        cause = message ? QString::fromUtf8(message) : QString();
        sqlite3_free(message);
        if (rc != SQLITE_OK || sqlite3_close(db) != SQLITE_OK) {
            sqlite3_close(db);
            return cleanUp(cause.isEmpty() ? u"SQLite could not finish it"_s : cause);
        }
    }
    if (!syncPath(temp, false)) {
        return cleanUp(u"cannot flush it to the disk: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    const int linkErrno = linkIntoPlace(temp, target.absoluteFilePath());
    if (linkErrno != 0) {
        removeTemp();
        return fail(linkErrno == EEXIST ? existsMessage(outPath)
                                        : u"Cannot write the rater copy %1: %2. No file was left behind."_s.arg(
                                              native(outPath), QString::fromLocal8Bit(std::strerror(linkErrno))));
    }
    removeTemp();
    syncPath(target.absolutePath(), true);
    return true;
}

std::unique_ptr<Project> Project::open(const QString &path, OpenMode mode, QString *error, OpenFailure *failure)
{
    return open(path, mode, error, failure, true);
}

std::unique_ptr<Project> Project::open(const QString &path, OpenMode mode, QString *error, OpenFailure *failure,
                                       bool quickCheck, bool takeLock)
{
    if (failure) {
        *failure = OpenFailure::None;
    }
    const QString shown = native(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        setFailure(error, failure, OpenFailure::NotFound, u"%1 does not exist."_s.arg(shown));
        return nullptr;
    }
    if (const QString notAFile = notRegularFileMessage(path); !notAFile.isEmpty() || !info.isFile()) {
        // Checked before anything reads it: a FIFO would block the read forever.
        setFailure(error, failure, OpenFailure::NotAProject,
                   (notAFile.isEmpty() ? u"%1 is not a file"_s.arg(shown) : notAFile) + u", so it is not a Concord project."_s);
        return nullptr;
    }

    // Look at the header ourselves first: SQLite would happily treat an empty file as an
    // empty database, and its messages for foreign files are cryptic.
    QByteArray header;
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            setFailure(error, failure, OpenFailure::Io, u"Cannot read %1: %2."_s.arg(shown, file.errorString()));
            return nullptr;
        }
        header = file.read(100);
    }
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic)) {
        if (header.isEmpty()) {
            setFailure(error, failure, OpenFailure::NotAProject, u"%1 is empty, not a Concord project."_s.arg(shown));
        } else if (magic.startsWith(header)) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is truncated: it ends after %2 bytes, inside the file header. Restore it from a backup."_s
                           .arg(shown).arg(header.size()));
        } else {
            setFailure(error, failure, OpenFailure::NotAProject,
                       u"%1 is not a Concord project (it is not an SQLite database)."_s.arg(shown));
        }
        return nullptr;
    }
    if (header.size() < 100) {
        setFailure(error, failure, OpenFailure::Corrupt,
                   u"%1 is truncated: it ends after %2 bytes, inside the file header. Restore it from a backup."_s.arg(shown).arg(
                       header.size()));
        return nullptr;
    }
    const bool hasWal = QFileInfo::exists(path + u"-wal"_s) && QFileInfo(path + u"-wal"_s).size() > 0;
    {
        // The page count in the header is valid when the two change counters agree; a file
        // shorter than that lost its end. (With a WAL the newest pages may live there.)
        quint32 pageSize = qFromBigEndian<quint16>(header.constData() + 16);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        const quint32 changeCounter = qFromBigEndian<quint32>(header.constData() + 24);
        const quint32 pageCount = qFromBigEndian<quint32>(header.constData() + 28);
        const quint32 validFor = qFromBigEndian<quint32>(header.constData() + 92);
        const qint64 expected = qint64(pageSize) * pageCount;
        if (!hasWal && changeCounter == validFor && pageCount > 0 && info.size() < expected) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is truncated: its header says %2 bytes but the file has %3. Nothing was changed; restore it "
                       "from a backup or another rater's copy."_s.arg(shown).arg(expected).arg(info.size()));
            return nullptr;
        }
    }

    std::unique_ptr<Project> project(new Project);
    ProjectPrivate *d = project->d.get();
    d->path = info.absoluteFilePath();
    d->readOnly = mode == ReadOnly;

    if (mode == ReadWrite && takeLock) {
        d->lock = std::make_unique<QLockFile>(lockPath(d->path)); // beside the real file, whatever its name here
        d->lock->setStaleLockTime(0); // only a dead holder makes a lock stale, never its age
        bool locked = d->lock->tryLock(0);
        if (!locked && d->lock->error() == QLockFile::LockFailedError) {
            // A writer killed while it wrote the lock file leaves one that names nobody;
            // QLockFile cannot tell whether its holder lives. Writing it takes microseconds:
            // one that still names nobody after a second is stale. (Were it not, SQLite's
            // own locks would still keep two writers' transactions apart.)
            qint64 pid = 0;
            QString host;
            QString app;
            const bool named = d->lock->getLockInfo(&pid, &host, &app) && pid > 0;
            const QFileInfo lockInfo(lockPath(d->path));
            if (!named && lockInfo.exists() && lockInfo.lastModified().msecsTo(QDateTime::currentDateTime()) >= 1000) {
                d->lock->removeStaleLockFile();
                locked = d->lock->tryLock(0);
            }
        }
        if (!locked) {
            if (d->lock->error() == QLockFile::LockFailedError) {
                qint64 pid = 0;
                QString host;
                QString app;
                d->lock->getLockInfo(&pid, &host, &app);
                setFailure(error, failure, OpenFailure::LockedByWriter,
                           u"%1 is already open for writing in another Concord (process %2 on %3). Only one program "
                           "may write a project at a time; open it read-only to look at it."_s
                               .arg(shown)
                               .arg(pid)
                               .arg(host.isEmpty() ? u"this computer"_s : host));
            } else if (!QFileInfo(QFileInfo(lockPath(d->path)).absolutePath()).isWritable()
                       || d->lock->error() == QLockFile::PermissionError) {
                setFailure(error, failure, OpenFailure::ReadOnlyLocation,
                           u"%1 cannot be written: its folder is read-only (the lock file %2 cannot be created). Open "
                           "it read-only to look at it; the file is unchanged."_s.arg(shown, native(lockPath(d->path))));
            } else {
                setFailure(error, failure, OpenFailure::Io,
                           u"Cannot open %1 for writing: cannot create the lock file %2. Open it read-only instead."_s
                               .arg(shown, native(lockPath(d->path))));
            }
            return nullptr;
        }
    }

    d->fileIdentity = fileIdentity(d->path);
    if (walOwner(d->path, d->fileIdentity) == WalOwner::Foreign) {
        // Moved only under the writer lock: then no Concord is reading or writing it.
        QLockFile probe(lockPath(d->path));
        probe.setStaleLockTime(0);
        QString cause = u"another Concord has the project open"_s;
        const QString aside = (d->lock || probe.tryLock(0)) ? setWalAside(d->path, &cause) : QString();
        const QString walName = native(realPath(d->path) + u"-wal"_s);
        setFailure(error, failure, OpenFailure::ForeignWal,
                   aside.isEmpty()
                       ? u"%1 belongs to another copy of the project (it was written beside another file), so it was "
                         "not applied; it could not be set aside: %2. The project is unchanged."_s.arg(walName, cause)
                       : u"%1 belongs to another copy of the project (it was written beside another file), so it was "
                         "not applied: set aside as %2. The project is unchanged; open it again."_s
                             .arg(walName, native(aside)));
        return nullptr;
    }

    d->walExisted = QFileInfo::exists(realPath(d->path) + u"-wal"_s);
    const int flags = (mode == ReadWrite ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(QFile::encodeName(d->path).constData(), &d->db, flags, nullptr) != SQLITE_OK) {
        setFailure(error, failure, OpenFailure::Io,
                   u"Cannot open %1: %2."_s.arg(shown, QString::fromUtf8(sqlite3_errmsg(d->db))));
        return nullptr;
    }
    if (mode == ReadWrite && sqlite3_db_readonly(d->db, "main") == 1) {
        // SQLite quietly opens a file it may not write read-only.
        setFailure(error, failure, OpenFailure::ReadOnlyLocation,
                   u"%1 cannot be written (the file or its folder is read-only). Open it read-only to look at it; "
                   "the file is unchanged."_s.arg(shown));
        return nullptr;
    }
    if (mode == ReadOnly && !d->walExisted && !readableInPlace(d->db)) {
        // A read-only folder: SQLite cannot make the -shm a WAL reader needs. Without a
        // -wal nobody is writing the file (a writer needs one), so it can be read as it is.
        sqlite3_close(d->db);
        d->db = nullptr;
        const QByteArray uri = QUrl::fromLocalFile(d->path).toEncoded() + "?immutable=1";
        if (sqlite3_open_v2(uri.constData(), &d->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr)
            != SQLITE_OK) {
            setFailure(error, failure, OpenFailure::Io,
                       u"Cannot open %1: %2."_s.arg(shown, QString::fromUtf8(sqlite3_errmsg(d->db))));
            return nullptr;
        }
    }
    hardenConnection(d->db);
    {
        // A refused file is left as it was: closing this connection must not checkpoint a
        // -wal into it before every check passed (re-enabled below once it did).
        int ignored = 0;
        sqlite3_db_config(d->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &ignored);
    }

    QString cause;
    int code = SQLITE_OK;
    const auto appId = pragmaInt(d->db, "PRAGMA application_id", &cause, &code);
    const auto version = appId ? pragmaInt(d->db, "PRAGMA user_version", &cause, &code) : std::nullopt;
    if (!appId || !version) {
        // Anything but a busy or unreadable file means its pages are not what SQLite wrote.
        if (code != SQLITE_BUSY && code != SQLITE_LOCKED && code != SQLITE_IOERR && code != SQLITE_CANTOPEN
            && code != SQLITE_PERM && code != SQLITE_NOMEM && code != SQLITE_INTERRUPT) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is damaged (%2). Nothing was changed; restore it from a backup or another rater's copy."_s
                           .arg(shown, cause));
        } else {
            setFailure(error, failure, OpenFailure::Io, u"%1 cannot be read: %2. Nothing was changed."_s.arg(shown, cause));
        }
        return nullptr;
    }
    if (*appId != ApplicationId) {
        setFailure(error, failure, OpenFailure::NotAProject,
                   u"%1 is not a Concord project (an SQLite database made by another program)."_s.arg(shown));
        return nullptr;
    }
    if (*version > schemaVersion()) {
        setFailure(error, failure, OpenFailure::NewerSchema,
                   u"%1 was made by a newer Concord (schema %2); this build reads up to %3. Update Concord to open "
                   "it; the file is unchanged."_s.arg(shown).arg(*version).arg(schemaVersion()));
        return nullptr;
    }
    if (*version < 1) {
        setFailure(error, failure, OpenFailure::Corrupt,
                   u"%1 is marked as a Concord project but has no schema (user_version 0); it is damaged."_s.arg(shown));
        return nullptr;
    }

    // Only the objects Concord itself creates. A trigger or view in a file from someone
    // else could run SQL when Concord writes; refuse it rather than "clean" it.
    {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(d->db, "SELECT type, name FROM sqlite_schema", -1, &stmt, nullptr) != SQLITE_OK) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is damaged (%2). Nothing was changed; restore it from a backup or another rater's copy."_s
                           .arg(shown, QString::fromUtf8(sqlite3_errmsg(d->db))));
            sqlite3_finalize(stmt);
            return nullptr;
        }
        int rc;
        QString foreign;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const QString type = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            const QString name = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1)));
            const bool known = (type == u"table"_s || type == u"index"_s)
                && (Schema::knownObjects().contains(name) || name.startsWith(u"sqlite_autoindex_"_s));
            if (!known && foreign.isEmpty()) {
                foreign = u"%1 \"%2\""_s.arg(type, name.left(80));
            }
        }
        const QString readError = QString::fromUtf8(sqlite3_errmsg(d->db));
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is damaged: %2. Nothing was changed; restore it from a backup."_s.arg(shown, readError));
            return nullptr;
        }
        if (!foreign.isEmpty()) {
            setFailure(error, failure, OpenFailure::Untrusted,
                       u"%1 contains a %2 that Concord never creates. It may have been crafted to run SQL when the "
                       "project is edited, so it was not opened."_s.arg(shown, foreign));
            return nullptr;
        }
    }

    {
        const QString difference = schemaDifference(d->db, int(*version));
        if (!difference.isEmpty()) {
            setFailure(error, failure, OpenFailure::Untrusted,
                       u"%1 is not laid out as a Concord project: %2. It may have been altered by another program, so it "
                       "was not opened; the file is unchanged."_s.arg(shown, difference));
            return nullptr;
        }
    }

    if (quickCheck) {
        sqlite3_stmt *stmt = nullptr;
        QStringList problems;
        int rc = sqlite3_prepare_v2(d->db, "PRAGMA quick_check(5)", -1, &stmt, nullptr);
        while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const QString line = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            if (line != u"ok"_s) {
                problems.append(line);
            }
            rc = SQLITE_OK;
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            problems.append(QString::fromUtf8(sqlite3_errmsg(d->db)));
        }
        sqlite3_finalize(stmt);
        if (rc == SQLITE_INTERRUPT) { // a CancelScope: the check was stopped, nothing found
            setFailure(error, failure, OpenFailure::Io, u"Checking %1 was interrupted. Nothing was changed."_s.arg(shown));
            return nullptr;
        }
        if (!problems.isEmpty()) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is damaged (%2). Nothing was changed; restore it from a backup or another rater's copy."_s
                           .arg(shown, problems.join(u"; "_s).left(400)));
            return nullptr;
        }
    }

    {
        // Files without the key predate it: they were written with 1 MiB chunks.
        Stmt q(d, "SELECT value FROM project_meta WHERE key = 'patch_chunk_size'");
        const qint64 size = q.next() ? q.text(0).toLongLong() : qint64(1 << 20);
        if (size < 512 || size > (64 << 20)) {
            setFailure(error, failure, OpenFailure::Corrupt,
                       u"%1 is damaged: its patch chunk size %2 is impossible."_s.arg(shown).arg(size));
            return nullptr;
        }
        d->chunkSize = size;
    }

    if (mode == ReadOnly) {
        if (*version < schemaVersion()) {
            setFailure(error, failure, OpenFailure::MigrationFailed,
                       u"%1 was made by an older Concord (schema %2); open it for writing once to upgrade it to "
                       "schema %3 (a backup copy is kept)."_s.arg(shown).arg(*version).arg(schemaVersion()));
            return nullptr;
        }
        d->execScript("PRAGMA query_only = ON");
        return project;
    }

    if (!d->execScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")) {
        setFailure(error, failure, OpenFailure::Io, u"Cannot prepare %1 for writing: %2."_s.arg(shown, d->lastError));
        return nullptr;
    }

    if (*version < schemaVersion()) {
        // A failed upgrade leaves the file unchanged, so each further attempt would copy
        // the same file again: keep the first attempt's backup and drop later ones.
        const QString firstBackup = u"%1.schema%2.bak"_s.arg(d->path).arg(*version);
        const bool hadBackup = QFileInfo::exists(firstBackup);
        const QString backup = backupPath(d->path, int(*version));
        QString backupError;
        if (!backUp(d->db, backup, &backupError)) {
            QFile::remove(backup);
            setFailure(error, failure, OpenFailure::MigrationFailed,
                       u"%1 needs an upgrade from schema %2 to %3, but the backup copy %4 could not be written (%5). "
                       "The file is unchanged."_s.arg(shown).arg(*version).arg(schemaVersion()).arg(native(backup), backupError));
            return nullptr;
        }
        Transaction tx(d);
        if (!tx.isValid() || !applySteps(d, int(*version)) || !tx.commit()) {
            if (hadBackup && QFile::remove(backup)) {
                setFailure(error, failure, OpenFailure::MigrationFailed,
                           u"Upgrading %1 from schema %2 to %3 failed: %4. The file is unchanged; the backup copy of an "
                           "earlier attempt is in %5."_s
                               .arg(shown)
                               .arg(*version)
                               .arg(schemaVersion())
                               .arg(d->lastError, native(firstBackup)));
                return nullptr;
            }
            setFailure(error, failure, OpenFailure::MigrationFailed,
                       u"Upgrading %1 from schema %2 to %3 failed: %4. The file is unchanged; a backup copy is in %5."_s
                           .arg(shown)
                           .arg(*version)
                           .arg(schemaVersion())
                           .arg(d->lastError, native(backup)));
            return nullptr;
        }
        d->audit(u"project.migrate"_s, u"project"_s, {}, QJsonObject{{u"schema"_s, int(*version)}},
                 QJsonObject{{u"schema"_s, schemaVersion()}, {u"backup"_s, backup}});
        qCInfo(lcStore) << "migrated" << d->path << "from schema" << *version << "to" << schemaVersion() << "backup" << backup;
    }
    {
        // Opened: a clean close checkpoints again, leaving one self-contained file.
        int ignored = 0;
        sqlite3_db_config(d->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, &ignored);
    }
    return project;
}

std::unique_ptr<Project> Project::openWorkerConnection(QString *error) const
{
    if (d->readOnly) {
        if (error) {
            *error = u"%1 is open read-only: it has no writer connection to share."_s.arg(native(d->path));
        }
        return nullptr;
    }
    std::unique_ptr<Project> worker = open(d->path, ReadWrite, error, nullptr, false, false);
    if (worker) {
        worker->d->actor = d->actor;
        worker->d->actorRater = d->actorRater;
    }
    return worker;
}

QString Project::path() const
{
    return d->path;
}

bool Project::isReadOnly() const
{
    return d->readOnly;
}

void Project::setActor(const QString &name)
{
    d->actor = name.isEmpty() ? defaultActor() : name;
    d->actorRater = QUuid();
}

void Project::setActor(const Rater &rater)
{
    d->actor = rater.name.isEmpty() ? defaultActor() : rater.name;
    d->actorRater = rater.uuid;
}

QString Project::actor() const
{
    return d->actor;
}

} // namespace Concord
