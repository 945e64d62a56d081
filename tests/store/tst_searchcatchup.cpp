// SPDX-License-Identifier: GPL-3.0-or-later
// Deferred full-text indexing of diff text (schema 5): the corpus's real patches imported
// by the real importer leave their diffs pending; every query of the index must still
// find exactly what an index built at import time would. The reference is FTS5 itself,
// with the same tokenizer, over the patch text read back from the project: for each
// term, the items whose stored diff holds it.
#include "import/importer.h"
#include "store/project.h"
#include "store/schema.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

bool rawExec(const QString &path, const QByteArray &sql, QString *error = nullptr)
{
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK;
    char *message = nullptr;
    ok = ok && sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) == SQLITE_OK;
    if (!ok && error) {
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    }
    sqlite3_free(message);
    sqlite3_close(db);
    return ok;
}

qint64 rawCount(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    qint64 n = -1;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            n = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return n;
}

QSet<ItemId> diffHits(const Project &project, const QString &term, QString *error)
{
    QSet<ItemId> items;
    const QList<SearchHit> hits = project.search(u"\""_s + term + u"\""_s, 1000000, error);
    for (const SearchHit &hit : hits) {
        if (hit.field == u"diff"_s) {
            items.insert(hit.item);
        }
    }
    return items;
}

} // namespace

class TestSearchCatchUp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString m_template; ///< the corpus imported, every diff pending; copied per test
    qint64 m_items = 0;
    /// term -> items whose stored diff text holds it, by the reference index
    QHash<QString, QSet<ItemId>> m_expected;

    QString copyOfTemplate()
    {
        const QString path = m_dir.filePath(u"p%1.concord"_s.arg(++m_counter));
        return QFile::copy(m_template, path) ? path : QString();
    }

    void compareWithReference(const Project &project)
    {
        for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
            QString error;
            const QSet<ItemId> found = diffHits(project, it.key(), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            if (found != it.value()) {
                QFAIL(qPrintable(u"\"%1\": %2 items found in diffs, the reference has %3"_s.arg(it.key())
                                     .arg(found.size())
                                     .arg(it.value().size())));
            }
            // The item list's text filter finds at least those (it also matches titles,
            // authors and the last word as a prefix).
            ItemQuery query;
            query.text = it.key();
            const std::optional<QList<ItemId>> listed = project.queryItems(query, &error);
            QVERIFY2(listed, qPrintable(error));
            const QSet<ItemId> listedSet(listed->cbegin(), listed->cend());
            QVERIFY2(listedSet.contains(it.value()), qPrintable(it.key()));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStringList patches;
        QDirIterator files(QStringLiteral(CONCORD_CORPUS_DIR "/patches"), {u"*.patch"_s}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            patches << files.next();
        }
        patches.sort();
        QVERIFY(patches.size() > 100);
        m_template = m_dir.filePath(u"template.concord"_s);
        QString error;
        auto project = Project::create(m_template, &error);
        QVERIFY2(project, qPrintable(error));
        ImportRequest request;
        request.files = patches;
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        m_items = project->counts().patches;
        QCOMPARE(m_items, qint64(patches.size()));
        QCOMPARE(project->pendingDiffCount(), m_items);
        // The import put no diff text in the file's index.
        project.reset();
        QCOMPARE(rawCount(m_template, "SELECT count(*) FROM search WHERE rowid % 16 = 5"), 0);

        // The reference: FTS5 with the index's tokenizer over the same text the eager
        // import indexed (the first 8 MiB of each stored patch, decoded as UTF-8).
        project = Project::open(m_template, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "CREATE VIRTUAL TABLE ref USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');"
                              "CREATE VIRTUAL TABLE vocab USING fts5vocab(ref, 'row');",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_stmt *insert = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "INSERT INTO ref(rowid, text) VALUES(?, ?)", -1, &insert, nullptr), SQLITE_OK);
        const QList<ItemId> ids = project->itemIds();
        QCOMPARE(ids.size(), m_items);
        for (ItemId id : ids) {
            const std::optional<QByteArray> bytes = project->patchBytes(id, &error);
            QVERIFY2(bytes, qPrintable(error));
            const QByteArray text = QString::fromUtf8(bytes->left(8 << 20)).toUtf8();
            sqlite3_bind_int64(insert, 1, id);
            sqlite3_bind_text(insert, 2, text.constData(), int(text.size()), SQLITE_TRANSIENT);
            QCOMPARE(sqlite3_step(insert), SQLITE_DONE);
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        // Terms of every frequency: all of them would be 100,000; take every 1009th term
        // by name (mostly rare ones) plus every 31st of those in 50 or more items.
        sqlite3_stmt *terms = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT term, doc FROM vocab ORDER BY term", -1, &terms, nullptr), SQLITE_OK);
        QStringList chosen;
        for (int n = 0; sqlite3_step(terms) == SQLITE_ROW; ++n) {
            const QString term = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(terms, 0)));
            if (n % 1009 == 0 || (sqlite3_column_int(terms, 1) >= 50 && n % 31 == 0)) {
                chosen << term;
            }
        }
        sqlite3_finalize(terms);
        QVERIFY(chosen.size() > 50);
        sqlite3_stmt *match = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT rowid FROM ref WHERE ref MATCH ?", -1, &match, nullptr), SQLITE_OK);
        int rare = 0;
        for (const QString &term : std::as_const(chosen)) {
            const QByteArray phrase = (u"\""_s + QString(term).replace(u"\""_s, u"\"\""_s) + u"\""_s).toUtf8();
            sqlite3_bind_text(match, 1, phrase.constData(), int(phrase.size()), SQLITE_TRANSIENT);
            QSet<ItemId> items;
            while (sqlite3_step(match) == SQLITE_ROW) {
                items.insert(sqlite3_column_int64(match, 0));
            }
            sqlite3_reset(match);
            QVERIFY2(!items.isEmpty(), qPrintable(term));
            rare += items.size() <= 2 ? 1 : 0;
            m_expected.insert(QString(term).replace(u"\""_s, u"\"\""_s), items);
        }
        sqlite3_finalize(match);
        sqlite3_close(db);
        QVERIFY(rare > 10);
        qInfo() << m_expected.size() << "terms," << rare << "of them in one or two diffs";
    }

    void searchCatchesUpFirst()
    {
        const QString path = copyOfTemplate();
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->pendingDiffCount(), m_items);
        compareWithReference(*project);
        QCOMPARE(project->pendingDiffCount(), 0); // the first search indexed them, for good
        project.reset();
        QCOMPARE(rawCount(path, "SELECT count(*) FROM search WHERE rowid % 16 = 5"), m_items);
        QCOMPARE(rawCount(path, "SELECT count(*) FROM diff_index_pending"), 0);
    }

    void itemListFilterCatchesUpFirst()
    {
        // The text filter alone (no search() before it) gives complete results too, on a
        // writable project, without writing to it.
        const QString path = copyOfTemplate();
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const auto rarest = std::min_element(m_expected.cbegin(), m_expected.cend(),
                                             [](const QSet<ItemId> &a, const QSet<ItemId> &b) { return a.size() < b.size(); });
        ItemQuery query;
        query.text = rarest.key();
        const std::optional<QList<ItemId>> listed = project->queryItems(query, &error);
        QVERIFY2(listed, qPrintable(error));
        QVERIFY2(QSet<ItemId>(listed->cbegin(), listed->cend()).contains(rarest.value()), qPrintable(rarest.key()));
        // A read leaves the file as it was: the diffs were indexed in memory only.
        QCOMPARE(project->pendingDiffCount(), m_items);
        project.reset();
        QCOMPARE(rawCount(path, "SELECT count(*) FROM search WHERE rowid % 16 = 5"), 0);
        // Every term, by the filter alone.
        project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
            query.text = it.key();
            const std::optional<QList<ItemId>> found = project->queryItems(query, &error);
            QVERIFY2(found, qPrintable(error));
            QVERIFY2(QSet<ItemId>(found->cbegin(), found->cend()).contains(it.value()), qPrintable(it.key()));
        }
    }

    void readOnlySearchesIndexInMemory()
    {
        const QString path = copyOfTemplate();
        QString error;
        auto reader = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->pendingDiffCount(), m_items);
        const std::optional<qint64> refused = reader->indexPendingDiffs({}, &error);
        QVERIFY(!refused);
        QVERIFY2(error.contains(u"read-only"_s) && error.contains(u"searches still find them"_s), qPrintable(error));
        compareWithReference(*reader);
        QCOMPARE(reader->pendingDiffCount(), m_items); // the file was not written
        QCOMPARE(rawCount(path, "SELECT count(*) FROM search WHERE rowid % 16 = 5"), 0);

        // A writer indexes part of them meanwhile: the reader's results stay exact (what
        // the file's index now holds leaves the reader's temporary one, no item twice).
        auto writer = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(writer, qPrintable(error));
        QCOMPARE(writer->indexPendingDiffs({}, &error, m_items / 2), m_items / 2);
        QCOMPARE(reader->pendingDiffCount(), m_items - m_items / 2);
        compareWithReference(*reader);
        for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it) {
            const QList<SearchHit> hits = reader->search(u"\""_s + it.key() + u"\""_s, 1000000, &error);
            QSet<std::pair<ItemId, QString>> seen;
            for (const SearchHit &hit : hits) {
                QVERIFY2(!seen.contains({hit.item, hit.field}), qPrintable(it.key()));
                seen.insert({hit.item, hit.field});
            }
        }
        // ... and all of them.
        QCOMPARE(writer->indexPendingDiffs({}, &error), m_items - m_items / 2);
        compareWithReference(*reader);
    }

    void slicesResumeAndCancel()
    {
        const QString path = copyOfTemplate();
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QList<std::pair<qint64, qint64>> calls;
        const std::optional<qint64> some = project->indexPendingDiffs(
            [&](qint64 done, qint64 total) {
                calls.append({done, total});
                return true;
            },
            &error, 50);
        QCOMPARE(some, 50);
        QCOMPARE(calls.first(), std::make_pair(qint64(0), qint64(50)));
        QCOMPARE(calls.last(), std::make_pair(qint64(50), qint64(50)));
        QCOMPARE(project->pendingDiffCount(), m_items - 50);

        // Cancelled at the second slice: the first stays indexed.
        int slices = 0;
        const std::optional<qint64> cancelled = project->indexPendingDiffs([&](qint64, qint64) { return ++slices < 2; }, &error);
        QVERIFY2(cancelled, qPrintable(error));
        QVERIFY(*cancelled > 0 && *cancelled < m_items - 50);
        QCOMPARE(project->pendingDiffCount(), m_items - 50 - *cancelled);

        // Closed and opened again: the rest, then nothing.
        project.reset();
        project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->indexPendingDiffs({}, &error), m_items - 50 - *cancelled);
        QCOMPARE(project->indexPendingDiffs({}, &error), 0);
        compareWithReference(*project);
    }

    void killedIndexingLosesNothing()
    {
        // concord-cli index killed (SIGKILL) at random moments: every item is either still
        // pending or has its diff in the index, never neither, and the next run finishes.
        const QString path = copyOfTemplate();
        auto consistent = [&] {
            return rawCount(path,
                            "SELECT count(*) FROM item WHERE bytes > 0 AND id NOT IN (SELECT item_id FROM diff_index_pending) "
                            "AND id * 16 + 5 NOT IN (SELECT rowid FROM search)")
                == 0
                && rawCount(path,
                            "SELECT count(*) FROM diff_index_pending WHERE item_id * 16 + 5 IN (SELECT rowid FROM search)")
                == 0;
        };
        QElapsedTimer clock;
        clock.start();
        int partial = 0;
        for (int run = 0; run < 6; ++run) {
            // Killed once the run has committed a slice (the first moment a kill can
            // leave work half done), a random few milliseconds later.
            const qint64 before = rawCount(path, "SELECT count(*) FROM diff_index_pending");
            QProcess p;
            p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), {u"index"_s, path});
            QVERIFY(p.waitForStarted());
            while (p.state() == QProcess::Running && rawCount(path, "SELECT count(*) FROM diff_index_pending") >= before) {
                QTest::qWait(2);
            }
            QTest::qWait(QRandomGenerator::global()->bounded(30));
            p.kill();
            p.waitForFinished();
            QFile::remove(path + u".lock"_s); // a killed writer leaves its lock file behind
            QVERIFY2(consistent(), qPrintable(u"run %1"_s.arg(run)));
            const qint64 pending = rawCount(path, "SELECT count(*) FROM diff_index_pending");
            partial += pending > 0 && pending < m_items ? 1 : 0;
        }
        qInfo() << partial << "of 6 kills stopped the indexing part way," << clock.elapsed() << "ms";
        QVERIFY(partial > 0); // otherwise this tested nothing
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(project->indexPendingDiffs({}, &error));
        QCOMPARE(project->pendingDiffCount(), 0);
        compareWithReference(*project);
    }

    void removedAndReimportedItemsLeaveNoStaleRows()
    {
        const QString path = copyOfTemplate();
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        // A term found in exactly one diff, and its item.
        auto single = std::find_if(m_expected.cbegin(), m_expected.cend(), [](const QSet<ItemId> &s) { return s.size() == 1; });
        QVERIFY(single != m_expected.cend());
        const QString term = single.key();
        const ItemId item = *single.value().cbegin();
        const Item removed = *project->item(item);

        // Removed while pending: its queue row goes with it, and nothing finds it.
        QVERIFY2(project->removeItem(item, &error), qPrintable(error));
        QCOMPARE(project->pendingDiffCount(), m_items - 1);
        QVERIFY(diffHits(*project, term, &error).isEmpty());
        QCOMPARE(project->pendingDiffCount(), 0);

        // Imported again (from its corpus file): queued again, found again under its new id.
        const QString file = QStringLiteral(CONCORD_CORPUS_DIR "/patches/%1/%2.patch")
                                 .arg(QString(removed.key.repository).replace(u"/"_s, u"__"_s), removed.key.ref);
        QVERIFY2(QFile::exists(file), qPrintable(file));
        ImportRequest request;
        request.files = {file};
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QCOMPARE(project->pendingDiffCount(), 1);
        const ItemId again = project->itemByKey(removed.key)->id;
        QVERIFY(again != item);
        QCOMPARE(diffHits(*project, term, &error), QSet<ItemId>{again});

        // The same file once more adds nothing and queues nothing.
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QVERIFY(result.tally.addedNothing());
        QCOMPARE(project->pendingDiffCount(), 0);

        // Removed once indexed: gone from the index too.
        QVERIFY2(project->removeItem(again, &error), qPrintable(error));
        QVERIFY(diffHits(*project, term, &error).isEmpty());
        project.reset();
        QCOMPARE(rawCount(path, "SELECT count(*) FROM diff_index_pending"), 0);
        QCOMPARE(rawCount(path, "SELECT count(*) FROM search WHERE rowid / 16 NOT IN (SELECT id FROM item)"), 0);
    }

    void migrationFromSchema4()
    {
        // A file as schema 4 wrote it, its diff already in the index: it keeps it and
        // gets an empty queue.
        const QString path = m_dir.filePath(u"schema4.concord"_s);
        QByteArray sql;
        for (const Schema::Step &step : Schema::steps()) {
            if (step.version <= 4) {
                sql += step.sql;
            }
        }
        sql += "PRAGMA application_id = 1129270851; PRAGMA user_version = 4;"
               "CREATE UNIQUE INDEX dimension_uuid ON dimension(uuid);" // what schema 3's completion makes
               "INSERT INTO project_meta VALUES('uuid', '6f1c1d40-4444-4a57-9a52-0b8f1a3a7d01');"
               "INSERT INTO project_meta VALUES('patch_chunk_size', '65536');"
               "INSERT INTO item(id, uuid, kind, repository, ref, title, bytes) VALUES(1, "
               "'b6a0d5d2-4444-4c0c-9d35-1c5f2c7b7e01', 0, 'google/iree', '00a33f7e060caa6616c15003bdac95b7926b76ae', "
               "'Inner loop', 24);"
               "INSERT INTO patch_chunk(item_id, seq, data) VALUES(1, 0, CAST('+    zanzibarquux = 1' || char(10) AS BLOB));"
               "INSERT INTO search(rowid, text) VALUES(21, '+    zanzibarquux = 1');";
        QString error;
        QVERIFY2(rawExec(path, sql, &error), qPrintable(error));
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->pendingDiffCount(), 0);
        QCOMPARE(diffHits(*project, u"zanzibarquux"_s, &error), QSet<ItemId>{1});
        project.reset();
        QCOMPARE(rawCount(path, "PRAGMA user_version"), Project::schemaVersion());
        QVERIFY(QFile::exists(path + u".schema4.bak"_s));
        // The migrated file passes the schema check of a read-only open.
        project = Project::open(path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));

        // A queue table redefined by someone else is refused.
        project.reset();
        const QString hostile = m_dir.filePath(u"hostile.concord"_s);
        QVERIFY(QFile::copy(path, hostile));
        QVERIFY(rawExec(hostile, "PRAGMA journal_mode = DELETE; DROP TABLE diff_index_pending; "
                                 "CREATE TABLE diff_index_pending(item_id INTEGER, extra TEXT);"));
        QVERIFY(!Project::open(hostile, Project::ReadOnly, &error));
        QVERIFY2(error.contains(u"diff_index_pending"_s), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSearchCatchUp)
#include "tst_searchcatchup.moc"
