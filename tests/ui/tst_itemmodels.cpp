// SPDX-License-Identifier: GPL-3.0-or-later
// The item list (lazy paging, proxy filter and sort) and the patch file list, on real
// project files.
#include "document/itemlistmodel.h"
#include "document/itemqueryrunner.h"
#include "document/patchfilemodel.h"
#include "store/project.h"
#include "uitestproject.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

class TestItemModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsRowsOnDemand();
    void indexAndIdRoundTrip();
    void rolesCarryTheItem();
    void searchFilterAndSortInTheStore();
    void statusFollowsTheRatersWork();
    void queriesRunOffTheGuiThread();
    void manyItemsOpenAtOnce();
    void patchFilesMatchTheManifest();
    void tooltipsShowTitlesAsText();

private:
    std::unique_ptr<Project> makeItems(const QString &name, int count);
    QTemporaryDir m_dir;
};

void TestItemModels::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

std::unique_ptr<Project> TestItemModels::makeItems(const QString &name, int count)
{
    QString error;
    auto project = Project::create(m_dir.filePath(name), &error);
    if (!project) {
        qWarning() << error;
        return nullptr;
    }
    ImportSession session(*project, u"test items"_s);
    const auto dataset = session.dataset(Dataset{0, {}, u"GH commits"_s, {}});
    for (int i = 0; i < count; ++i) {
        Item item;
        item.key = ItemKey::commit(u"owner/repo"_s, u"%1"_s.arg(i, 40, 16, QLatin1Char('0')));
        item.title = u"Commit %1"_s.arg(i, 5, 10, QLatin1Char('0'));
        item.author = i % 2 ? u"Ada"_s : u"Grace"_s;
        item.date = SourceDate::fromMoment(QDateTime(QDate(2020, 1, 1).addDays(count - i), QTime(12, 0), QTimeZone::UTC));
        item.dataset = dataset.value_or(0);
        if (!session.item(item)) {
            qWarning() << session.errorString();
            return nullptr;
        }
    }
    if (!session.commit(&error)) {
        qWarning() << error;
        return nullptr;
    }
    return project;
}

void TestItemModels::readsRowsOnDemand()
{
    auto project = makeItems(u"paging.concord"_s, 250);
    QVERIFY(project);
    ItemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    model.setProject(project.get());
    QCOMPARE(model.totalCount(), 250);
    // Every item has a row at once (its id only); row data is read when asked for.
    QCOMPARE(model.rowCount(), 250);
    // Rows are in import order and hold the stored titles.
    QCOMPARE(model.data(model.index(0, ItemListModel::TitleColumn)).toString(), u"Commit 00000"_s);
    QVERIFY(model.cachedRows() <= 100);
    QCOMPARE(model.data(model.index(249, ItemListModel::TitleColumn)).toString(), u"Commit 00249"_s);
    QVERIFY(model.cachedRows() <= 200);
    model.setProject(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestItemModels::indexAndIdRoundTrip()
{
    auto project = makeItems(u"ids.concord"_s, 300);
    QVERIFY(project);
    ItemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(50);
    model.setProject(project.get());
    const QList<Item> page = project->items(277, 1);
    QCOMPARE(page.size(), 1);
    const QModelIndex index = model.index(page.first().id);
    QVERIFY(index.isValid());
    QCOMPARE(index.row(), 277);
    QCOMPARE(model.id(index), page.first().id);
    QCOMPARE(model.id(QModelIndex()), 0);
    QVERIFY(!model.index(ItemId(987654)).isValid());
}

void TestItemModels::rolesCarryTheItem()
{
    auto project = makeItems(u"roles.concord"_s, 3);
    QVERIFY(project);
    ItemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProject(project.get());
    const Item item = project->items(1, 1).first();
    const QModelIndex i = model.index(1, ItemListModel::TitleColumn);
    QCOMPARE(i.data(ItemListModel::IdRole).toLongLong(), item.id);
    QCOMPARE(i.data(ItemListModel::KeyRole).toString(), item.key.toString());
    QCOMPARE(i.data(ItemListModel::TitleRole).toString(), u"Commit 00001"_s);
    QCOMPARE(i.data(ItemListModel::AuthorRole).toString(), u"Ada"_s);
    QCOMPARE(i.data(ItemListModel::DateRole).toDateTime(), item.date.toDateTime());
    QCOMPARE(i.data(ItemListModel::DatasetRole).toString(), u"GH commits"_s);
    QCOMPARE(model.index(1, ItemListModel::DatasetColumn).data().toString(), u"GH commits"_s);
    QCOMPARE(i.data(ItemListModel::StatusRole).toInt(), int(LabelStatus::NotStarted));
    QCOMPARE(model.roleNames().value(ItemListModel::IdRole), "itemId");
}

void TestItemModels::searchFilterAndSortInTheStore()
{
    auto project = makeItems(u"filter.concord"_s, 120);
    QVERIFY(project);
    ItemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(40);
    model.setProject(project.get());
    QCOMPARE(model.rowCount(), 120);
    ItemQuery q;
    q.text = u"commit 0011"_s; // title substring, case-insensitive: 110..119
    QVERIFY(model.setQuery(q));
    QCOMPARE(model.rowCount(), 10);
    q.text = u"grace"_s; // author
    QVERIFY(model.setQuery(q));
    QCOMPARE(model.rowCount(), 60);
    q.text.clear();
    QVERIFY(model.setQuery(q));
    QCOMPARE(model.rowCount(), 120);
    // Dates sort as dates (the newest item was imported first).
    model.sort(ItemListModel::DateColumn, Qt::AscendingOrder);
    QCOMPARE(model.index(0, ItemListModel::TitleColumn).data().toString(), u"Commit 00119"_s);
    model.sort(ItemListModel::DateColumn, Qt::DescendingOrder);
    QCOMPARE(model.index(0, ItemListModel::TitleColumn).data().toString(), u"Commit 00000"_s);
}

void TestItemModels::statusFollowsTheRatersWork()
{
    auto project = makeItems(u"status.concord"_s, 5);
    QVERIFY(project);
    QString error;
    Rater ada;
    ada.name = u"Ada"_s;
    const std::optional<RaterId> rater = project->addRater(ada, &error);
    QVERIFY2(rater, qPrintable(error));
    ItemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProject(project.get());
    model.setRater(*rater);
    const ItemId second = model.idAt(1);
    QCOMPARE(model.status(second), LabelStatus::NotStarted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY2(project->setItemDone(second, *rater, true, &error), qPrintable(error));
    model.updateStatus(second);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.status(second), LabelStatus::Done);
    QCOMPARE(model.index(1, ItemListModel::StatusColumn).data(ItemListModel::StatusRole).toInt(), int(LabelStatus::Done));
    QCOMPARE(model.doneCount(), 1);
    // "My items not done" leaves the done one out.
    ItemQuery q;
    q.status = ItemQuery::Status::NotDone;
    QVERIFY(model.setQuery(q));
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!model.index(second).isValid());
}

void TestItemModels::queriesRunOffTheGuiThread()
{
    auto project = makeItems(u"runner.concord"_s, 300);
    QVERIFY(project);
    ItemQueryRunner runner;
    runner.setProjectPath(project->path());
    QSignalSpy finished(&runner, &ItemQueryRunner::finished);
    ItemQuery q;
    q.text = u"commit 0011"_s;
    const quint64 first = runner.run(q);
    q.text = u"grace"_s;
    q.sort = ItemQuery::Sort::Title;
    q.descending = true;
    const quint64 second = runner.run(q);
    QVERIFY(second > first);
    QCOMPARE(runner.latestTicket(), second);
    // The newest request is answered, with what the store answers on this thread.
    QTRY_VERIFY(!finished.isEmpty() && finished.constLast().at(0).toULongLong() == second);
    const QList<ItemId> ids = finished.constLast().at(2).value<QList<ItemId>>();
    QCOMPARE(finished.constLast().at(3).toString(), QString());
    QCOMPARE(ids, *project->queryItems(q));
    QCOMPARE(ids.size(), 150);
    // The older request was skipped or answered before: never after the newer one.
    for (const QList<QVariant> &args : std::as_const(finished)) {
        QVERIFY(args.at(0).toULongLong() <= second);
    }
    // A project that cannot be opened is an error, not an empty list.
    runner.setProjectPath(u"/nonexistent/nowhere.concord"_s);
    const quint64 third = runner.run(q);
    QTRY_VERIFY(finished.constLast().at(0).toULongLong() == third);
    QVERIFY(!finished.constLast().at(3).toString().isEmpty());
}

void TestItemModels::manyItemsOpenAtOnce()
{
    // A 100,000-item project: showing it reads the ids, not the rows.
    auto project = makeItems(u"large.concord"_s, 100000);
    QVERIFY(project);
    ItemListModel model;
    QElapsedTimer timer;
    timer.start();
    model.setProject(project.get());
    QCOMPARE(model.index(0, ItemListModel::TitleColumn).data().toString(), u"Commit 00000"_s);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(model.totalCount(), 100000);
    QCOMPARE(model.rowCount(), 100000);
    QVERIFY(model.cachedRows() <= model.pageSize());
    // Speed itself is a benchmark's business; the test pins the laziness that gives it.
    qInfo() << "100,000 items listed, first row read, in" << elapsed << "ms";
}

void TestItemModels::patchFilesMatchTheManifest()
{
    const QString path = m_dir.filePath(u"patch.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(path, UiTest::sampleFiles().mid(0, 2), &error), qPrintable(error));
    auto project = Project::open(path, Project::ReadOnly, &error);
    QVERIFY2(project, qPrintable(error));
    const auto item = project->itemByKey(ItemKey::commit(u"google/iree"_s, u"55fcfab7131ea0acb65050078af23a91b2687ca2"_s));
    QVERIFY(item);
    PatchFileModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFiles(project->patchFiles(item->id));
    // manifest.csv: 15 files, 1 binary, 565 added, 1 deleted.
    QCOMPARE(model.rowCount(), 15);
    int added = 0, deleted = 0, binary = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        added += model.index(row, PatchFileModel::AddedColumn).data().toInt();
        deleted += model.index(row, PatchFileModel::DeletedColumn).data().toInt();
        binary += model.index(row, 0).data(PatchFileModel::BinaryRole).toBool();
        const PatchFileId id = model.index(row, 0).data(PatchFileModel::IdRole).toLongLong();
        QCOMPARE(model.index(id).row(), row);
        QCOMPARE(model.id(model.index(row, 0)), id);
    }
    QCOMPARE(added, 565);
    QCOMPARE(deleted, 1);
    QCOMPARE(binary, 1);
    model.setFiles({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestItemModels)
void TestItemModels::tooltipsShowTitlesAsText()
{
    // A title or path that looks like markup: Qt renders such a tooltip as rich text, so
    // the model's tooltip must show the characters, and make no image of them.
    const QString hostile = u"<img src=\"/etc/passwd\"><b>bold</b> & <a href=x>link</a>"_s;
    QString error;
    auto project = Project::create(m_dir.filePath(u"hostile.concord"_s), &error);
    QVERIFY2(project, qPrintable(error));
    ImportSession session(*project, u"test items"_s);
    Item item;
    item.key = ItemKey::commit(u"<b>owner</b>/repo"_s, u"0123456789012345678901234567890123456789"_s);
    item.title = hostile;
    QVERIFY2(session.item(item), qPrintable(session.errorString()));
    QVERIFY2(session.commit(&error), qPrintable(error));
    ItemListModel model;
    model.setProject(project.get());
    QCOMPARE(model.rowCount(), 1);
    for (const auto &[column, expected] : {std::pair{int(ItemListModel::TitleColumn), hostile},
                                           std::pair{int(ItemListModel::KeyColumn), item.key.toString()}}) {
        const QString tip = model.index(0, column).data(Qt::ToolTipRole).toString();
        QCOMPARE(UiTest::toolTipAsShown(tip), expected);
        QTextDocument shown;
        shown.setHtml(tip);
        QVERIFY(!shown.toHtml().contains(u"<img"_s));
        QVERIFY(!shown.toHtml().contains(u"<a "_s));
    }
    // The list's own text is the title as it is.
    QCOMPARE(model.index(0, ItemListModel::TitleColumn).data().toString(), hostile);
}

#include "tst_itemmodels.moc"
