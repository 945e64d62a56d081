// SPDX-License-Identifier: GPL-3.0-or-later
// Dates as their sources give them: a day stays a day, a moment keeps its offset, through
// the importers, the store and the item list. Runs with TZ=America/New_York (see
// CMakeLists.txt), where a day taken for midnight UTC used to show as the day before.
#include "document/itemlistmodel.h"
#include "import/importer.h"
#include "store/project.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <sqlite3.h>

#include <algorithm>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

QString corpus(const QString &relative)
{
    return QStringLiteral(CONCORD_CORPUS_DIR "/") + relative;
}

const auto s_ireeCommit = ItemKey::commit(u"google/iree"_s, u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s);
// Date: Thu, 10 Dec 2020 20:24:42 +0900
const QString s_koreanPatch = u"patches/Nam-SW__Response_Generation/f72b139c3c0fc2a47c65a69bd06f9a956feb5c6e.patch"_s;
const auto s_koreanCommit = ItemKey::commit(u"Nam-SW/Response_Generation"_s, u"f72b139c3c0fc2a47c65a69bd06f9a956feb5c6e"_s);

} // namespace

class TestSourceDate : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<Project> imported(const QString &name, const QStringList &files)
    {
        QString error;
        auto project = Project::create(m_dir.filePath(name), &error);
        if (!project) {
            qWarning() << error;
            return nullptr;
        }
        ImportRequest request;
        request.files = files;
        ImportResult result;
        if (!importFiles(*project, request, &result, &error)) {
            qWarning() << error;
            return nullptr;
        }
        return project;
    }

    std::unique_ptr<Project> reopened(std::unique_ptr<Project> project)
    {
        const QString path = project->path();
        project.reset();
        QString error;
        auto again = Project::open(path, Project::ReadWrite, &error);
        if (!again) {
            qWarning() << error;
        }
        return again;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The test means something only where local time is not UTC.
        QCOMPARE(QTimeZone::systemTimeZoneId(), QByteArray("America/New_York"));
        QCOMPARE(QDateTime(QDate(2019, 12, 2), QTime(0, 0), QTimeZone::UTC).toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s),
                 u"2019-12-01 19:00"_s);
    }

    void readsWhatSourcesGive_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("hasTime");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("stored");
        QTest::addColumn<int>("offset");
        QTest::newRow("day (the dump, the issue list)") << u"2019-12-02"_s << true << false << u"2019-12-02"_s << u"2019-12-02"_s << 0;
        QTest::newRow("GitHub REST") << u"2020-11-04T10:00:00Z"_s << true << true << u"2020-11-04 10:00 UTC"_s
                                     << u"2020-11-04T10:00:00.000Z"_s << 0;
        QTest::newRow("offset") << u"2020-12-10T20:24:42+09:00"_s << true << true << u"2020-12-10 20:24 +09:00"_s
                                << u"2020-12-10T11:24:42.000Z[+09:00]"_s << 9 * 3600;
        QTest::newRow("git-style offset, space") << u"2020-12-10 20:24:42 +0900"_s << true << true << u"2020-12-10 20:24 +09:00"_s
                                                 << u"2020-12-10T11:24:42.000Z[+09:00]"_s << 9 * 3600;
        QTest::newRow("west of UTC, day changes in UTC") << u"2024-03-02T21:30:00-05:00"_s << true << true
                                                         << u"2024-03-02 21:30 -05:00"_s << u"2024-03-03T02:30:00.000Z[-05:00]"_s
                                                         << -5 * 3600;
        QTest::newRow("half-hour offset") << u"2021-06-01T09:15:00.250+05:30"_s << true << true << u"2021-06-01 09:15 +05:30"_s
                                          << u"2021-06-01T03:45:00.250Z[+05:30]"_s << 5 * 3600 + 1800;
        QTest::newRow("no zone (a spreadsheet)") << u"2020-05-14 10:00:00"_s << true << true << u"2020-05-14 10:00"_s
                                                 << u"2020-05-14T10:00:00.000"_s << 0;
        QTest::newRow("stored by earlier versions") << u"2019-12-02T00:00:00.000Z"_s << true << true << u"2019-12-02 00:00 UTC"_s
                                                    << u"2019-12-02T00:00:00.000Z"_s << 0;
        QTest::newRow("stored with offset") << u"2020-12-10T11:24:42.000Z[+09:00]"_s << true << true << u"2020-12-10 20:24 +09:00"_s
                                            << u"2020-12-10T11:24:42.000Z[+09:00]"_s << 9 * 3600;
        QTest::newRow("white space") << u"  2019-12-02\n"_s << true << false << u"2019-12-02"_s << u"2019-12-02"_s << 0;
        QTest::newRow("empty") << QString() << false << false << QString() << QString() << 0;
        QTest::newRow("words") << u"yesterday"_s << false << false << QString() << QString() << 0;
        QTest::newRow("no such month") << u"2019-13-02"_s << false << false << QString() << QString() << 0;
        QTest::newRow("no such hour") << u"2019-12-02T25:00:00Z"_s << false << false << QString() << QString() << 0;
        QTest::newRow("offset out of range") << u"2019-12-02T10:00:00+15:00"_s << false << false << QString() << QString() << 0;
        QTest::newRow("display offset without a zone") << u"2019-12-02T10:00:00.000[+09:00]"_s << false << false << QString()
                                                       << QString() << 0;
    }

    void readsWhatSourcesGive()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, hasTime);
        QFETCH(QString, display);
        QFETCH(QString, stored);
        QFETCH(int, offset);
        const SourceDate date = SourceDate::fromString(text);
        QCOMPARE(date.isValid(), valid);
        QCOMPARE(date.hasTime(), hasTime);
        QCOMPARE(date.toDisplayString(), display);
        QCOMPARE(date.toString(), stored);
        QCOMPARE(date.offsetFromUtc(), offset);
        // The stored form reads back as the same date.
        QCOMPARE(SourceDate::fromString(date.toString()), date);
    }

    void storedFormSortsInTimeOrder()
    {
        const QList<SourceDate> dates{
            SourceDate::fromString(u"2019-12-02T10:30:00+09:00"_s), // 01:30 UTC
            SourceDate::fromString(u"2019-12-02T05:00:00Z"_s),
            SourceDate::fromString(u"2019-12-01T22:00:00-05:00"_s), // 03:00 UTC on the 2nd
            SourceDate::fromString(u"2019-12-02"_s),
            SourceDate::fromString(u"2019-12-01"_s),
            SourceDate::fromString(u"2019-12-02T04:00:00.000"_s),
        };
        QList<SourceDate> byTime = dates;
        std::sort(byTime.begin(), byTime.end());
        QList<SourceDate> byText = dates;
        std::sort(byText.begin(), byText.end(), [](const SourceDate &a, const SourceDate &b) { return a.toString() < b.toString(); });
        QCOMPARE(byText, byTime);
        QCOMPARE(byTime.first().toDisplayString(), u"2019-12-01"_s);
        QCOMPARE(byTime.at(1).toDisplayString(), u"2019-12-02"_s);
        QCOMPARE(byTime.at(2).toDisplayString(), u"2019-12-02 10:30 +09:00"_s);
        QCOMPARE(byTime.last().toDisplayString(), u"2019-12-02 05:00 UTC"_s);
        // The same moment at two offsets is not the same source date, but neither is earlier.
        const SourceDate seoul = SourceDate::fromString(u"2019-12-02T10:30:00+09:00"_s);
        const SourceDate utc = SourceDate::fromString(u"2019-12-02T01:30:00Z"_s);
        QVERIFY(!(seoul == utc));
        QVERIFY(!(seoul < utc) && !(utc < seoul));
    }

    // The dump's commit_date is a day: no 00:00, not the day before in New York, in the
    // store, after reopening, and in the item list.
    void dumpDayStaysADay()
    {
        auto project = imported(u"dump.concord"_s, {corpus(u"ponder-fixture-sample.json"_s)});
        QVERIFY(project);
        project = reopened(std::move(project));
        QVERIFY(project);
        const auto item = project->itemByKey(s_ireeCommit);
        QVERIFY(item);
        QVERIFY(item->date.isValid());
        QVERIFY(!item->date.hasTime());
        QCOMPARE(item->date.day(), QDate(2019, 12, 2));
        QCOMPARE(item->date.toDisplayString(), u"2019-12-02"_s);

        ItemListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProject(project.get());
        const QModelIndex row = model.index(item->id, ItemListModel::DateColumn);
        QVERIFY(row.isValid());
        QCOMPARE(row.data().toString(), QLocale().toString(QDate(2019, 12, 2), QLocale::ShortFormat));
        QCOMPARE(row.data(Qt::ToolTipRole).toString(), u"2019-12-02"_s);
        QCOMPARE(row.data(ItemListModel::DateRole).metaType(), QMetaType::fromType<QDate>());
        QCOMPARE(row.data(ItemListModel::DateRole).toDate(), QDate(2019, 12, 2));
    }

    // A commit's date keeps the offset it was made at (+09:00 here), in the item and in
    // the commit header, through the store.
    void patchMomentKeepsItsZone()
    {
        auto project = imported(u"patch.concord"_s, {corpus(s_koreanPatch)});
        QVERIFY(project);
        project = reopened(std::move(project));
        QVERIFY(project);
        const auto item = project->itemByKey(s_koreanCommit);
        QVERIFY(item);
        QVERIFY(item->date.hasTime());
        QCOMPARE(item->date.toDisplayString(), u"2020-12-10 20:24 +09:00"_s);
        QCOMPARE(item->date.toDateTime(), QDateTime(QDate(2020, 12, 10), QTime(11, 24, 42), QTimeZone::UTC));
        const auto header = project->commitHeader(item->id);
        QVERIFY(header);
        QCOMPARE(header->date.offsetFromUtc(), 9 * 3600);
        QCOMPARE(header->date.time(), QTime(20, 24, 42));

        ItemListModel model;
        model.setProject(project.get());
        const QModelIndex row = model.index(item->id, ItemListModel::DateColumn);
        // The commit's own day, though it was the 10th in New York too; the tooltip says
        // the time as the commit gives it.
        QCOMPARE(row.data().toString(), QLocale().toString(QDate(2020, 12, 10), QLocale::ShortFormat));
        QCOMPARE(row.data(Qt::ToolTipRole).toString(), u"2020-12-10 20:24 +09:00"_s);
    }

    // Projects written before: the text "...T00:00:00.000Z" still reads, as the UTC
    // moment it says.
    void earlierStoredTextStillReads()
    {
        auto project = imported(u"earlier.concord"_s, {corpus(u"ponder-fixture-sample.json"_s)});
        QVERIFY(project);
        const QString path = project->path();
        const ItemId id = project->itemByKey(s_ireeCommit)->id;
        project.reset();
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        const QByteArray sql = "UPDATE item SET date = '2019-12-02T00:00:00.000Z' WHERE id = " + QByteArray::number(id);
        QCOMPARE(sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        QString error;
        project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const auto item = project->item(id);
        QVERIFY(item);
        QCOMPARE(item->date.toDisplayString(), u"2019-12-02 00:00 UTC"_s);
    }
};

QTEST_MAIN(TestSourceDate)
#include "tst_sourcedate.moc"
