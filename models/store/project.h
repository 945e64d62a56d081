// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "domain/highlightterms.h"
#include "patch/diffdata.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace Concord {

class ProjectPrivate;
class ImportSessionPrivate;
class ImportSession;

/// Figures of a whole project (concord-cli info prints them).
struct ProjectCounts
{
    qint64 items = 0;
    qint64 patches = 0;
    qint64 bugReports = 0;
    qint64 files = 0;
    qint64 hunks = 0;
    qint64 binaryFiles = 0;
    qint64 linesAdded = 0;
    qint64 linesDeleted = 0;
    qint64 raters = 0;
    qint64 findings = 0;
    qint64 reconciled = 0;
    qint64 datasets = 0;
    qint64 dimensions = 0;

    bool operator==(const ProjectCounts &) const = default;
};

/// Per dimension: how many values it has and how many findings chose at least one.
struct DimensionCounts
{
    DimensionId dimension = 0;
    QString key;
    qint64 values = 0;
    qint64 findingsWithValue = 0;
};

/// One file of a stored patch, without its hunks (load them with Project::fileHunks).
/// diff.hunks is empty; hunkCount says how many there are.
struct PatchFile
{
    PatchFileId id = 0;
    ItemId item = 0;
    int index = 0; ///< position in the patch
    FileDiff diff;
    int hunkCount = 0;
};

/// One full-text search result.
struct SearchHit
{
    ItemId item = 0;
    QString field;   ///< "title", "message", "body", "comment", "path", "diff"
    QString snippet; ///< plain text around the match; matched terms between [ and ]
    double rank = 0; ///< lower is better (FTS5 bm25)
};

/// Why an open failed, for callers that react differently (offer read-only, say "newer").
enum class OpenFailure : quint8 {
    None,
    NotFound,
    NotAProject,     ///< not SQLite, or SQLite without Concord's application_id
    NewerSchema,     ///< made by a newer Concord
    Corrupt,         ///< truncated or damaged (quick_check failed)
    Untrusted,       ///< unexpected triggers, views or other objects
    LockedByWriter,  ///< another Concord has it open for writing; read-only works
    Io,              ///< permissions, disk full, ...
    MigrationFailed, ///< the backup was kept, the file is unchanged
    ForeignWal,      ///< a -wal from another copy of the project was set aside; opening again works
    ReadOnlyLocation, ///< the file or its folder cannot be written; read-only works
};

/// What Project::mergeValues(from, into) is about to change, read before it runs
/// (Project::valueMerge), so that Project::unmergeValues can put every label back exactly.
/// Everything is named by UUID: the record still applies after findings were removed
/// and added back (by undoing other edits), which gives them new row ids.
struct ValueMerge
{
    /// One finding or reconciled finding that chose the merged value.
    struct Label
    {
        QUuid owner{};       ///< the finding's (or reconciled finding's) uuid
        ItemId item = 0;
        RaterId rater = 0;   ///< 0 for a reconciled finding
        bool hadInto = false; ///< it chose both values: the merge dropped its from label
        bool operator==(const Label &) const = default;
    };

    QUuid from{};
    QUuid into{};
    QList<Label> findings{};
    QList<Label> reconciled{};
    QList<QUuid> mergedIntoFrom{}; ///< values merged into from earlier (the merge re-points them to into)

    bool operator==(const ValueMerge &) const = default;
};

/// What merging another copy of a project brings in (Project::planMerge, applyMerge).
/// Every record is matched by its uuid, never by row id or name alone.
struct MergeReport
{
    /// One record added, updated or deleted, or one conflict and the rule that decided it.
    struct Change
    {
        QString action; ///< "add", "update", "delete" or "conflict"
        QString entity; ///< "rater", "dataset", "dimension", "value", "item", "finding", "reconciled", "done", "tombstone", "audit"
        QUuid uuid{};
        QString detail{}; ///< for a conflict: what differed and the rule applied
        /// false for a conflict decided in this copy's favour: reported, nothing written
        /// (so it is reported again by the next merge of the same file)
        bool writes = true;
        bool operator==(const Change &) const = default;
    };
    QString backupPath{}; ///< where applyMerge copied the target first (empty: nothing to merge, or a plan)
    QList<Change> changes{};
    /// Changes that write something, other than imported audit entries (a merge that only
    /// copies the other copy's log writes no merge entry of its own, so two copies stop
    /// exchanging).
    qint64 substantive() const;
    /// Nothing would be written: a second merge of the same file.
    bool isNoOp() const;
    qint64 count(const QString &action) const;
};

/// Cancel for long reads and plans on a worker thread: while a CancelScope lives on a
/// thread, every statement a Project runs on that thread (and every copy made with the
/// backup API) stops soon after *flag turns true, within a few thousand SQLite
/// instructions or one slice of pages, and fails with "interrupted"; a transaction it was
/// in is rolled back. Scopes nest; other threads are not affected.
///   std::atomic<bool> cancel{false};          // set from the UI thread
///   { CancelScope scope(&cancel); project->planMerge(other, &error); }
class CancelScope
{
public:
    explicit CancelScope(const std::atomic<bool> *flag);
    ~CancelScope();
    CancelScope(const CancelScope &) = delete;
    CancelScope &operator=(const CancelScope &) = delete;
    /// A CancelScope of this thread was asked to stop.
    static bool cancelled();

private:
    const std::atomic<bool> *m_previous;
};

/// A `.concord` project: one SQLite file holding items, patch bytes, the codebook, raters,
/// findings, reconciliation and an audit log. All SQL of Concord lives behind this class.
///
/// How to use it:
///   QString error;
///   auto project = Project::create(path, &error);           // refuses an existing file
///   auto project = Project::open(path, Project::ReadWrite, &error, &failure);
///   if (!project && failure == OpenFailure::LockedByWriter) -> offer Project::ReadOnly
///   project->setActor(u"Rater 1"_s);                         // who the audit log names
///   project->setFindingValues(findingId, dimensionId, {valueId}, &error);
/// Every edit method is one transaction, durable (fsync'd, WAL + synchronous=FULL) when
/// it returns true, and recorded in the audit log. On failure it returns false / nullopt,
/// sets *error ("the project is unchanged") and leaves the file as it was.
/// Reads never modify. A Project is used from one thread; open a second (read-only)
/// Project for a worker thread.
///
/// Bulk import goes through ImportSession (below): one big transaction, prepared
/// statements, get-or-create by stable key, patch bytes streamed in chunks.
class Project
{
public:
    enum OpenMode { ReadWrite, ReadOnly };

    using ImportSession = Concord::ImportSession; ///< also reachable as Project::ImportSession

    /// The schema this build writes; files with a lower user_version are migrated.
    static int schemaVersion();
    /// PRAGMA application_id of a .concord file ('CONC').
    static constexpr qint32 ApplicationId = 0x434F4E43;

    /// Creates a new, empty project file. Refuses when path exists.
    static std::unique_ptr<Project> create(const QString &path, QString *error);
    /// Like create(), with @p fill run on the new project before it gets its name (an
    /// import into a file that does not exist yet): PATH then appears at once with the
    /// schema and what @p fill wrote, or not at all. Written straight into the file, with
    /// no write-ahead log to copy back and one flush before the link, so a new project
    /// and its first import cost a fraction of the disk writes and waits of create() then
    /// an import. When @p fill returns false (its *error says why) nothing is left behind.
    static std::unique_ptr<Project> create(const QString &path, QString *error,
                                           const std::function<bool(Project &, QString *)> &fill);
    /// Opens an existing project. ReadWrite takes the single-writer lock; when another
    /// process holds it, fails with LockedByWriter. Migrates older schemas (after
    /// copying the file to "<path>.schema<N>.bak").
    static std::unique_ptr<Project> open(const QString &path, OpenMode mode, QString *error,
                                         OpenFailure *failure = nullptr);
    ~Project();
    Project(const Project &) = delete;
    Project &operator=(const Project &) = delete;

    QString path() const;
    bool isReadOnly() const;

    /// Who the audit log names for edits through this object (default: the OS user).
    /// When the name is a rater's of this project, audit rows also carry its uuid.
    void setActor(const QString &name);
    /// The actor is this rater: audit rows name it and carry its uuid.
    void setActor(const Rater &rater);
    QString actor() const;

    // --- project metadata (free key/value text: title, description, ...) ---
    QString metadata(const QString &key) const;
    bool setMetadata(const QString &key, const QString &value, QString *error);
    QUuid projectUuid() const;

    // --- highlight terms (project_meta "highlight_terms", versioned JSON) ---
    /// The terms every rater sees marked (empty when none were set); nullopt and *error
    /// when the stored JSON cannot be read (a newer Concord's, damaged).
    std::optional<QList<HighlightTerm>> highlightTerms(QString *error = nullptr) const;
    /// Replaces the terms: one durable, audited transaction ("project.terms"). Refuses,
    /// leaving the project unchanged, when a term does not compile (an invalid regular
    /// expression, an empty term) or is listed twice; *error says which and why.
    bool setHighlightTerms(const QList<HighlightTerm> &terms, QString *error);
    /// The texts of an item that terms are counted in (and a view marks): its title, the
    /// commit message, the lines of every hunk (without their +/-/space prefix; one
    /// string per hunk, lines joined by "\n"), a bug report's body and each comment.
    /// nullopt and *error when the store failed.
    std::optional<QStringList> itemTexts(ItemId item, QString *error = nullptr) const;

    // --- reads ---
    ProjectCounts counts() const;
    QList<DimensionCounts> dimensionCounts() const;

    QList<Dataset> datasets() const;
    QList<Rater> raters() const;
    std::optional<Rater> rater(RaterId id) const;
    std::optional<Rater> raterByName(const QString &name) const;

    qint64 itemCount() const;
    QList<ItemId> itemIds() const;                       ///< all, in import order
    QList<Item> items(qint64 offset, qint64 limit) const; ///< a page, in import order
    std::optional<Item> item(ItemId id) const;
    std::optional<Item> itemByKey(const ItemKey &key) const;
    std::optional<Item> itemByUuid(const QUuid &uuid) const;

    Codebook codebook() const; ///< empty or partial when the store fails: prefer the checked one
    /// The codebook; nullopt (and *error) when the store failed, never a partial one.
    std::optional<Codebook> codebook(QString *error) const;

    // Bulk reads: the plain ones are for views (an error gives a short list and a log
    // line); exports and statistics use the checked ones, which return nullopt and set
    // *error when the store failed instead of a partial list.
    QList<Finding> findings() const;                   ///< all, by item then rater then ordinal
    QList<Finding> findingsForItem(ItemId item) const;
    QList<Finding> findingsForRater(RaterId rater) const;
    std::optional<QList<Finding>> findings(QString *error) const;
    std::optional<QList<Finding>> findingsForItem(ItemId item, QString *error) const;
    std::optional<QList<Finding>> findingsForRater(RaterId rater, QString *error) const;
    std::optional<Finding> finding(FindingId id) const;
    std::optional<Finding> findingByUuid(const QUuid &uuid) const;

    QList<ReconciledFinding> reconciledFindings() const;
    std::optional<QList<ReconciledFinding>> reconciledFindings(QString *error) const;
    QList<ReconciledFinding> reconciledForItem(ItemId item) const;
    std::optional<ReconciledFinding> reconciled(ReconciledId id) const;

    /// Commit header (author, subject, message) of a patch item, if it had one.
    std::optional<CommitHeader> commitHeader(ItemId item) const;
    /// The files of a patch item, without hunks, in patch order.
    QList<PatchFile> patchFiles(ItemId item) const;
    /// At most @p limit files (negative: all) of @p item from position @p fromIndex on, in
    /// patch order: a commit of tens of thousands of files is listed a slice at a time.
    QList<PatchFile> patchFiles(ItemId item, int fromIndex, int limit) const;
    /// One file's hunks with their byte offsets into the original patch bytes
    /// (the hunk lines themselves: parse patchBytes(item, hunk.offset, hunk.length)).
    QList<Hunk> fileHunks(PatchFileId file) const;
    /// Size of the stored original patch bytes, 0 when none.
    qint64 patchSize(ItemId item) const;
    /// A byte range of the original patch; reads only the chunks it needs.
    std::optional<QByteArray> patchBytes(ItemId item, qint64 offset, qint64 length, QString *error = nullptr) const;
    /// All original bytes (fine for ordinary patches; use ranges or writePatchTo for huge ones).
    std::optional<QByteArray> patchBytes(ItemId item, QString *error = nullptr) const;
    /// Streams all original bytes to device, chunk by chunk.
    bool writePatchTo(ItemId item, QIODevice *device, QString *error) const;
    /// The mail exactly as it arrived, for a patch whose mail was transfer-encoded
    /// (quoted-printable, base64, MIME multipart, format=flowed): the stored patch bytes
    /// above are then its decoded text, which files and hunks point into. An empty array
    /// when the stored patch bytes are the original; nullopt on a read error.
    std::optional<QByteArray> originalMail(ItemId item, QString *error = nullptr) const;

    std::optional<BugReportContent> bugReport(ItemId item) const;

    // --- the work queue (schema 3) ---
    /// The ids of the items @p query selects, in its order. nullopt (and *error) when the
    /// store failed: never a partial list. Fast enough to run per keystroke on 100,000
    /// items (indexed sha prefix, FTS5 for full text).
    std::optional<QList<ItemId>> queryItems(const ItemQuery &query, QString *error = nullptr) const;
    /// The items with these ids, in the order given (ids that do not exist are left out).
    std::optional<QList<Item>> itemsById(const QList<ItemId> &ids, QString *error = nullptr) const;
    /// One rater's status of one item.
    LabelStatus labelStatus(ItemId item, RaterId rater) const;
    /// One rater's status of every item that is not NotStarted; nullopt when the store failed.
    std::optional<QHash<ItemId, LabelStatus>> labelStatuses(RaterId rater, QString *error = nullptr) const;
    /// How many items the rater has marked done (Done or Unsure with the done mark).
    qint64 doneCount(RaterId rater) const;

    /// Full-text search (FTS5 syntax; plain words are ANDed) over titles, commit messages,
    /// bug bodies and comments, file paths and diff text. Best first. Indexes pending
    /// diffs first (on a read-only project: in memory, for this connection only).
    QList<SearchHit> search(const QString &query, int limit = 200, QString *error = nullptr) const;

    /// How many items' diff text an import stored without putting it in the search index
    /// yet (schema 5; see indexPendingDiffs). nullopt (and *error) when the store failed.
    std::optional<qint64> pendingDiffCount(QString *error = nullptr) const;
    /// Puts pending diff text in the search index, oldest item first, in slices of a few
    /// dozen items or a few MiB, each its own short transaction that also removes its
    /// items from the queue (a kill loses at most the slice under way, and the next call
    /// goes on). progress(done, total) is called before each slice (return false to
    /// stop: what was indexed stays) and once at the end. At most maxItems when it is
    /// not negative. Returns how many were indexed; nullopt and *error on failure or when
    /// read-only. Searches do not need it: search() and queryItems() catch up first.
    std::optional<qint64> indexPendingDiffs(const std::function<bool(qint64 done, qint64 total)> &progress,
                                            QString *error, qint64 maxItems = -1);

    /// Newest first. entityUuid null = all entities.
    QList<AuditEntry> auditLog(int limit = 1000, const QUuid &entityUuid = {}) const;

    /// A deleted record: what it was (entity: "finding", "reconciled", "item", "value",
    /// "dimension", "rater"), when and by whom. Re-adding the uuid removes the tombstone.
    struct Tombstone
    {
        QUuid uuid{};
        QString entity{};
        QDateTime at{};
        QString who{};
        bool operator==(const Tombstone &) const = default;
    };
    /// Newest first; nullopt when the store failed.
    std::optional<QList<Tombstone>> tombstones(QString *error = nullptr) const;

    // --- edits: each one transaction, durable on return, audited ---
    std::optional<DatasetId> addDataset(const Dataset &dataset, QString *error);
    std::optional<RaterId> addRater(const Rater &rater, QString *error); ///< random uuid when null
    bool updateRater(const Rater &rater, QString *error);

    std::optional<ItemId> addItem(const Item &item, QString *error); ///< fails when the key exists
    bool updateItem(const Item &item, QString *error);               ///< title, author, date, dataset, round, metadata
    bool removeItem(ItemId item, QString *error);                    ///< with its content and findings

    /// A new Gate gets the values "Yes" (order 0) and "No" (order 1).
    std::optional<DimensionId> addDimension(const Dimension &dimension, QString *error); ///< uuid from the key when null
    bool updateDimension(const Dimension &dimension, QString *error); ///< name, description, order, rules, kind, ordered
    /// A null uuid is made from the dimension's key and the name (random when a renamed or
    /// merged value already holds that one).
    std::optional<ValueId> addValue(const CodebookValue &value, QString *error);
    bool updateValue(const CodebookValue &value, QString *error); ///< rename, describe, reorder, reparent, deprecate
    /// Merges from into into: every finding and reconciled finding that chose from now
    /// chooses into (once); from stays as a record with mergedInto set.
    bool mergeValues(ValueId from, ValueId into, QString *error);
    /// What mergeValues(from, into) would change (a read; run it in the same
    /// transaction as the merge). nullopt and *error when a value is missing.
    std::optional<ValueMerge> valueMerge(ValueId from, ValueId into, QString *error) const;
    /// Undoes a merge exactly: from is no longer merged, every finding and reconciled
    /// finding of @p merge chooses from again (and drops into unless it had both), and
    /// the values that were merged into from point to it again. Refuses unless from is
    /// still merged into into. Audited ("value.unmerge").
    bool unmergeValues(const ValueMerge &merge, QString *error);
    /// Removes a value nobody uses: refuses, naming why, while a finding or reconciled
    /// finding chose it or another value has it as parent or mergedInto. Audited
    /// ("value.remove").
    bool removeValue(ValueId value, QString *error);
    /// How many rater findings chose each value (values nobody chose are absent).
    /// nullopt and *error when the store failed.
    std::optional<QHash<ValueId, qint64>> valueUsage(QString *error = nullptr) const;

    /// A null uuid gets a new one; an ordinal of -1 or one already taken by this rater on
    /// this item becomes the next free one. created/modified are set to now when invalid.
    std::optional<FindingId> addFinding(const Finding &finding, QString *error);
    bool updateFinding(const Finding &finding, QString *error); ///< replaces values, comments, flags
    bool setFindingValues(FindingId finding, DimensionId dimension, const QList<ValueId> &values, QString *error);
    bool setFindingComment(FindingId finding, DimensionId dimension, const QString &comment, QString *error);
    bool setFindingFlags(FindingId finding, bool shouldDiscuss, bool unsure, QString *error);
    bool removeFinding(FindingId finding, QString *error);
    /// Marks (or unmarks) @p rater's work on @p item as done; audited ("item.done").
    bool setItemDone(ItemId item, RaterId rater, bool done, QString *error);

    std::optional<ReconciledId> addReconciled(const ReconciledFinding &finding, QString *error);
    bool updateReconciled(const ReconciledFinding &finding, QString *error);
    bool removeReconciled(ReconciledId id, QString *error);

    /// What applyMerge(otherPath) would change, computed by running the merge in a
    /// transaction that is rolled back: the file stays byte-identical. nullopt and *error
    /// when the other file is missing, damaged, crafted, of another project or schema.
    /// With @p keepValidatedCopy, the other file's validated private copy (the one the
    /// plan read) is kept at that path, for applyMerge to use instead of validating the
    /// other file again.
    std::optional<MergeReport> planMerge(const QString &otherPath, QString *error, const QString &keepValidatedCopy = {});
    /// Brings in from another copy of this project (same project uuid) everything it has
    /// and this one lacks, matched by uuid (see README "Merging copies" for the conflict
    /// rules). The other file is opened read-only and validated first; this file is
    /// copied to "<path>.before-merge.bak" (or .bak.N: never over an existing backup)
    /// before anything changes; one transaction: on failure the project is unchanged.
    /// A merge that finds nothing to bring in changes nothing and makes no backup.
    /// @p validatedCopy: a copy that planMerge(otherPath, ..., keepValidatedCopy) of this
    /// project (or of a snapshot of it) validated and kept; it is read instead of the other
    /// file, which is not opened again (messages still name @p otherPath).
    std::optional<MergeReport> applyMerge(const QString &otherPath, QString *error, const QString &validatedCopy = {});

    /// A consistent copy of the whole file (what a committed transaction left, the WAL
    /// included) at @p path, written with SQLite's online backup API: the undo of a merge
    /// keeps one from before and one from after it. false and *error when it cannot be
    /// written.
    bool writeSnapshot(const QString &path, QString *error) const;
    /// Replaces the whole content of this project with the snapshot at @p path (one of
    /// this project's, from writeSnapshot), in one write transaction of the backup API:
    /// a crash leaves either the old or the new content. Refuses a snapshot of another
    /// project or schema. false and *error (the project unchanged) on failure.
    bool restoreSnapshot(const QString &path, QString *error);
    /// A second read-write connection to this project's file, for a worker thread (a merge
    /// while the window keeps reading): under this Project's writer lock (no lock of its
    /// own), without the checks this one's open() already made. SQLite's WAL lets one
    /// connection write at a time and the others read what was last committed, so while
    /// the worker writes, this Project must not write (it would wait, then fail); it sees
    /// the worker's commits in its next read. Must not outlive this Project. nullptr and
    /// *error when the file cannot be opened or this one is read-only.
    std::unique_ptr<Project> openWorkerConnection(QString *error) const;
    /// Another connection replaced the whole content (restoreSnapshot on a worker
    /// connection): forgets what this one derived from the old content (the temporary
    /// index of pending diffs, keyed by the old item ids).
    void contentReplaced();
    /// How many items, raters, datasets, dimensions, values, findings, reconciled
    /// findings and done marks the project holds, as one line ("item=12 rater=3 ...").
    /// Undoing a merge compares it with what the merge left, to notice records written
    /// since outside the undo history (an import, a new rater), which a restore would lose.
    QString recordCounts() const;

    /// Writes a "rater copy" at @p outPath for @p rater to label on another machine: the
    /// items with their content, the codebook, the raters, that rater's own findings and
    /// done marks, and no other rater's findings, done marks or reconciled findings (nor
    /// audit entries that show them), so blindness survives the exchange. Deleted rows are
    /// vacuumed away, not left in free pages. Made under a temporary name in the same
    /// folder and linked into place (refuses an existing file; a crash leaves no partial
    /// file). Merging the copy back (applyMerge) brings in the rater's work and removes
    /// nothing. false and *error when the rater is unknown or the file cannot be written.
    bool exportRaterCopy(RaterId rater, const QString &outPath, QString *error) const;

    /// Runs fn inside one transaction (one undo step touching several records, e.g.
    /// "adopt all unanimous"). Edits called from fn join it; it commits when fn returns
    /// true and rolls everything back when fn returns false or an edit fails.
    bool transaction(const std::function<bool(QString *error)> &fn, QString *error);

private:
    Project();
    /// open() without the quick_check that reads the whole file: for the file create()
    /// has just written and flushed itself.
    /// @p takeLock false: the writer lock is held by another Project of this process
    /// (openWorkerConnection).
    static std::unique_ptr<Project> open(const QString &path, OpenMode mode, QString *error, OpenFailure *failure,
                                         bool quickCheck, bool takeLock = true);
    friend class Concord::ImportSession;
    friend class ProjectPrivate;
    std::optional<MergeReport> merge(const QString &otherPath, bool apply, QString *error, const QString &copyPath,
                                     bool validated);
    std::unique_ptr<ProjectPrivate> d;
};

/// The bulk path for importers: one transaction over many inserts, with prepared
/// statements and get-or-create by stable key, so re-importing the same data adds
/// nothing. Nothing is visible to others (or durable) until commit(); destroying an
/// uncommitted session rolls back, leaving the project unchanged. A session must not
/// outlive its Project; Project edits made while it is open join its transaction (and
/// roll back with it). Bulk imports are not
/// written to the audit log item by item; commit() records one "import" entry.
///
///   ImportSession session(*project, u"ponder import"_s);
///   if (!session.isValid()) -> session.errorString()
///   session.setProgressCallback([](qint64 done, qint64 total) { return !cancelled; });
///   auto item = session.item(item, &created);
///   session.setPatch(*item, patch);                  // files + hunks + stats + header
///   session.storePatchBytes(*item, &file, file.size()); // original bytes, streamed
///   ...
///   if (!session.commit(&error)) -> "nothing was imported"
class ImportSession
{
public:
    ImportSession(Project &project, const QString &description);
    ~ImportSession(); ///< rolls back unless committed
    ImportSession(const ImportSession &) = delete;
    ImportSession &operator=(const ImportSession &) = delete;

    bool isValid() const; ///< false when the transaction could not start (read-only, ...)
    QString errorString() const; ///< the last error of any call

    /// Called by long operations (storing patch bytes, indexing) with bytes done/total;
    /// return false to cancel: the operation fails and the caller should roll back.
    void setProgressCallback(std::function<bool(qint64 done, qint64 total)> callback);

    // get-or-create: returns the existing row when the stable key is already there.
    std::optional<DatasetId> dataset(const Dataset &dataset, bool *created = nullptr);  ///< by name
    std::optional<RaterId> rater(const Rater &rater, bool *created = nullptr);          ///< by uuid, else name
    std::optional<ItemId> item(const Item &item, bool *created = nullptr);              ///< by key
    std::optional<DimensionId> dimension(const Dimension &dimension, bool *created = nullptr); ///< by key
    std::optional<ValueId> value(const CodebookValue &value, bool *created = nullptr);  ///< by uuid, else dimension + name
    /// By uuid; with a null uuid, by item + rater + ordinal (so give a rater's several
    /// findings of one item ordinals 0, 1, ...). Values must belong to their dimension.
    std::optional<FindingId> finding(const Finding &finding, bool *created = nullptr);
    /// By uuid; with a null uuid, by item + ordinal.
    std::optional<ReconciledId> reconciled(const ReconciledFinding &finding, bool *created = nullptr);

    /// Replaces the item's metadata JSON.
    bool setItemMetadata(ItemId item, const QJsonObject &metadata);
    /// Stores parsed files and hunks (replacing earlier ones), the commit header, the
    /// item's PatchStats, and indexes paths, subject and message for search.
    bool setPatch(ItemId item, const Patch &patch);
    /// Stores the original bytes (replacing earlier ones) in fixed-size chunks while
    /// reading from source: memory stays bounded for a 467 MB patch. The diff text (up to
    /// a cap per item) is queued for the search index, not indexed here (see
    /// Project::indexPendingDiffs). size < 0: read to the end.
    bool storePatchBytes(ItemId item, QIODevice *source, qint64 size = -1);
    bool storePatchBytes(ItemId item, const QByteArray &bytes);
    /// Keeps a transfer-encoded mail's bytes as they arrived, beside the decoded text given
    /// to storePatchBytes (see Project::originalMail).
    bool storeOriginalMail(ItemId item, const QByteArray &bytes);
    bool setBugReport(ItemId item, const BugReportContent &content);

    bool commit(QString *error);
    void rollback();

private:
    std::unique_ptr<ImportSessionPrivate> d;
};

} // namespace Concord
