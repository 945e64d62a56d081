// SPDX-License-Identifier: GPL-3.0-or-later
// The work queue of the project store (schema 3): Project::queryItems, label status and
// the done mark, on a project imported from the real corpus (every patch, the web app's
// dump and the GitHub issues).
#include "import/importer.h"
#include "store/project.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

QString corpus(const QString &relative)
{
    return QStringLiteral(CONCORD_CORPUS_DIR "/") + relative;
}

// SQLite's NOCASE: ASCII letters folded, everything else compared as is.
QString asciiFolded(const QString &s)
{
    QString out = s;
    for (QChar &c : out) {
        if (c >= u'A' && c <= u'Z') {
            c = QChar(c.unicode() + 32);
        }
    }
    return out;
}

} // namespace

class TestWorkQueue : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_template; ///< the imported corpus, copied for every test that edits
    int m_counter = 0;

    std::unique_ptr<Project> openCopy()
    {
        const QString path = m_dir.filePath(u"copy%1.concord"_s.arg(++m_counter));
        if (!QFile::copy(m_template, path)) {
            return nullptr;
        }
        QString error;
        auto project = Project::open(path, Project::ReadWrite, &error);
        if (!project) {
            qWarning() << error;
        }
        return project;
    }

    static QList<ItemId> query(const Project &project, const ItemQuery &q)
    {
        QString error;
        const auto ids = project.queryItems(q, &error);
        if (!ids) {
            qWarning() << error;
            return {ItemId(-1)};
        }
        return *ids;
    }

    static ItemQuery text(const QString &t)
    {
        ItemQuery q;
        q.text = t;
        return q;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_template = m_dir.filePath(u"corpus.concord"_s);
        QStringList files;
        QDirIterator it(corpus(u"patches"_s), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            files.append(it.next());
        }
        QVERIFY(files.size() > 200);
        files << corpus(u"ponder-fixture-sample.json"_s) << corpus(u"bugreports/issues.json"_s);
        QString error;
        auto project = Project::create(m_template, &error);
        QVERIFY2(project, qPrintable(error));
        ImportRequest request;
        request.files = files;
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QVERIFY(project->itemCount() > 250);
    }

    void emptyQueryIsEveryItemInImportOrder()
    {
        auto project = openCopy();
        QVERIFY(project);
        QCOMPARE(query(*project, {}), project->itemIds());
    }

    void shaPrefixFindsExactlyThatItem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("7 hex") << u"998cc54"_s;
        QTest::newRow("upper case, spaces") << u"  998CC54A1 "_s;
        QTest::newRow("full sha") << u"998cc54a175d6d366c2ccf8457d88a1c2878f749"_s;
        QTest::newRow("key") << u"tensorflow/tfjs@998cc54a175d6d366c2ccf8457d88a1c2878f749"_s;
        QTest::newRow("key with short sha") << u"tensorflow/tfjs@998cc54"_s;
    }

    void shaPrefixFindsExactlyThatItem()
    {
        QFETCH(QString, text);
        auto project = openCopy();
        QVERIFY(project);
        const auto item = project->itemByKey(ItemKey::commit(u"tensorflow/tfjs"_s, u"998cc54a175d6d366c2ccf8457d88a1c2878f749"_s));
        QVERIFY(item);
        // The prefix is unique in the corpus: counted here independently of the store.
        const QList<Item> all = project->items(0, -1);
        QCOMPARE(std::count_if(all.cbegin(), all.cend(), [](const Item &i) { return i.key.ref.startsWith(u"998cc54"_s); }), 1);
        QCOMPARE(query(*project, this->text(text)), QList<ItemId>{item->id});
    }

    void shaPrefixOfAnotherRepositoryFindsNothing()
    {
        auto project = openCopy();
        QVERIFY(project);
        QCOMPARE(query(*project, text(u"google/iree@998cc54"_s)), QList<ItemId>{});
    }

    void issueKeyFindsTheIssue()
    {
        auto project = openCopy();
        QVERIFY(project);
        ItemQuery kinds;
        kinds.kind = ItemKind::BugReport;
        const QList<ItemId> issues = query(*project, kinds);
        QVERIFY(issues.size() > 10);
        const auto issue = project->item(issues.at(3));
        QVERIFY(issue);
        QCOMPARE(issue->kind(), ItemKind::BugReport);
        QCOMPARE(query(*project, text(issue->key.toString())), QList<ItemId>{issue->id});
    }

    void fullTextFindsAWordOfADiff()
    {
        auto project = openCopy();
        QVERIFY(project);
        // An identifier that occurs only in the diff of this one patch (not in any
        // commit message, title or author).
        const auto item = project->itemByKey(ItemKey::commit(u"tensorflow/tfjs"_s, u"998cc54a175d6d366c2ccf8457d88a1c2878f749"_s));
        QVERIFY(item);
        QVERIFY(!item->title.contains(u"TimesThreePlusOne"_s, Qt::CaseInsensitive));
        QCOMPARE(query(*project, text(u"TimesThreePlusOne"_s)), QList<ItemId>{item->id});
        // The last word is a prefix: the list narrows while the user types.
        QCOMPARE(query(*project, text(u"TimesThreePl"_s)), QList<ItemId>{item->id});
        // Every word must match (AND), in whatever field.
        QCOMPARE(query(*project, text(u"TimesThreePlusOne zzzznotthere"_s)), QList<ItemId>{});
    }

    void titleAndAuthorSubstring()
    {
        auto project = openCopy();
        QVERIFY(project);
        const QList<Item> all = project->items(0, -1);
        const auto withAuthor = std::find_if(all.cbegin(), all.cend(), [](const Item &i) { return i.author.size() > 6; });
        QVERIFY(withAuthor != all.cend());
        const QString needle = withAuthor->author.mid(1, 4).toUpper();
        QSet<ItemId> expected;
        for (const Item &i : all) {
            if (i.title.contains(needle, Qt::CaseInsensitive) || i.author.contains(needle, Qt::CaseInsensitive)) {
                expected.insert(i.id);
            }
        }
        QVERIFY(!expected.isEmpty());
        const QList<ItemId> found = query(*project, text(needle));
        const QSet<ItemId> foundSet(found.cbegin(), found.cend());
        QVERIFY2(foundSet.contains(expected), qPrintable(needle));
        QCOMPARE(found.size(), foundSet.size()); // each item once, even when several ways match
    }

    void hostileSearchText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("quote inside") << u"foo\"bar"_s;
        QTest::newRow("operator and paren") << u"AND ("_s;
        QTest::newRow("lone quote") << u"\""_s;
        QTest::newRow("star") << u"*"_s;
        QTest::newRow("near") << u"NEAR(a b"_s;
        QTest::newRow("column filter") << u"text: -x ^y"_s;
        QTest::newRow("sql") << u"'; DROP TABLE item; --"_s;
        QTest::newRow("like wildcards") << u"%_\\"_s;
        QTest::newRow("percent") << u"%"_s;
        QTest::newRow("key-like") << u"a/b@'--"_s;
        QTest::newRow("nul and newline") << QString(u"x\u0000y\nz"_s);
        QTest::newRow("long hex") << QString(200, u'a');
    }

    void hostileSearchText()
    {
        QFETCH(QString, text);
        auto project = openCopy();
        QVERIFY(project);
        const qint64 before = project->itemCount();
        QString error;
        const auto ids = project->queryItems(this->text(text), &error);
        QVERIFY2(ids, qPrintable(error));
        QCOMPARE(project->itemCount(), before);
        // The text is matched literally: "foo\"bar" is two words that must both occur.
        if (text == u"foo\"bar"_s) {
            QVERIFY(ids->isEmpty());
        }
        // So are LIKE's wildcards: only items whose title or author holds the text itself.
        if (text == u"%"_s || text == u"%_\\"_s) {
            const QList<Item> all = project->items(0, -1);
            QList<ItemId> expected;
            for (const Item &i : all) {
                if (i.title.contains(text, Qt::CaseInsensitive) || i.author.contains(text, Qt::CaseInsensitive)) {
                    expected.append(i.id);
                }
            }
            QCOMPARE(*ids, expected);
        }
    }

    void statusTransitions()
    {
        auto project = openCopy();
        QVERIFY(project);
        QString error;
        const auto rater = project->addRater({0, {}, u"Tester"_s, u"T"_s}, &error);
        QVERIFY2(rater, qPrintable(error));
        const ItemId item = project->itemIds().at(5);
        const int auditBefore = project->auditLog(100000).size();
        ItemQuery unsure;
        unsure.rater = *rater;
        unsure.status = ItemQuery::Status::Unsure;
        ItemQuery done = unsure;
        done.status = ItemQuery::Status::Done;
        ItemQuery notDone = unsure;
        notDone.status = ItemQuery::Status::NotDone;

        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::NotStarted);
        QVERIFY(project->labelStatuses(*rater)->isEmpty());
        QVERIFY(query(*project, notDone).contains(item));

        Finding f;
        f.item = item;
        f.rater = *rater;
        const auto finding = project->addFinding(f, &error);
        QVERIFY2(finding, qPrintable(error));
        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::InProgress);
        QCOMPARE(project->labelStatuses(*rater)->value(item), LabelStatus::InProgress);
        QCOMPARE(project->doneCount(*rater), 0);

        QVERIFY2(project->setItemDone(item, *rater, true, &error), qPrintable(error));
        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::Done);
        QCOMPARE(project->doneCount(*rater), 1);
        QCOMPARE(query(*project, done), QList<ItemId>{item});
        QVERIFY(!query(*project, notDone).contains(item));
        QCOMPARE(query(*project, notDone).size(), project->itemCount() - 1);
        const AuditEntry last = project->auditLog(1).first();
        QCOMPARE(last.action, u"item.done"_s);
        QCOMPARE(last.entityUuid, project->item(item)->uuid);
        QCOMPARE(last.before.value(u"done"_s).toBool(), false);
        QCOMPARE(last.after.value(u"done"_s).toBool(), true);
        QCOMPARE(last.after.value(u"rater"_s).toString(), u"Tester"_s);

        QVERIFY(project->setFindingFlags(*finding, false, true, &error));
        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::Unsure);
        QCOMPARE(project->labelStatuses(*rater)->value(item), LabelStatus::Unsure);
        QCOMPARE(query(*project, unsure), QList<ItemId>{item});
        QCOMPARE(query(*project, done), QList<ItemId>{});
        QCOMPARE(project->doneCount(*rater), 1); // still marked done underneath

        QVERIFY(project->setItemDone(item, *rater, false, &error));
        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::Unsure);
        QVERIFY(project->setFindingFlags(*finding, false, false, &error));
        QCOMPARE(project->labelStatus(item, *rater), LabelStatus::InProgress);
        QCOMPARE(project->doneCount(*rater), 0);
        // Another rater's status is their own.
        const RaterId other = project->raterByName(u"Rater 1"_s)->id;
        QVERIFY(project->labelStatus(item, other) != LabelStatus::Done);
        QCOMPARE(project->auditLog(100000).size(), auditBefore + 5);
    }

    void setItemDoneRefusesUnknownItemOrRater()
    {
        auto project = openCopy();
        QVERIFY(project);
        const int auditBefore = project->auditLog(100000).size();
        QString error;
        const RaterId rater = project->raters().first().id;
        QVERIFY(!project->setItemDone(999999, rater, true, &error));
        QVERIFY2(error.contains(u"no item 999999"_s) && error.contains(u"unchanged"_s), qPrintable(error));
        QVERIFY(!project->setItemDone(project->itemIds().first(), 999999, true, &error));
        QVERIFY2(error.contains(u"no rater 999999"_s), qPrintable(error));
        QCOMPARE(project->auditLog(100000).size(), auditBefore);
        QCOMPARE(project->doneCount(rater), 0);
    }

    void filters()
    {
        auto project = openCopy();
        QVERIFY(project);
        const QList<Item> all = project->items(0, -1);
        auto expect = [&](const std::function<bool(const Item &)> &keep) {
            QList<ItemId> ids;
            for (const Item &i : all) {
                if (keep(i)) {
                    ids.append(i.id);
                }
            }
            return ids;
        };
        ItemQuery q;
        q.kind = ItemKind::BugReport;
        QCOMPARE(query(*project, q), expect([](const Item &i) { return i.kind() == ItemKind::BugReport; }));
        QVERIFY(query(*project, q).size() > 10);
        q.kind = ItemKind::Patch;
        QCOMPARE(query(*project, q), expect([](const Item &i) { return i.kind() == ItemKind::Patch; }));

        const QList<Dataset> datasets = project->datasets();
        QVERIFY(datasets.size() >= 3);
        for (const Dataset &ds : datasets) {
            ItemQuery byDataset;
            byDataset.dataset = ds.id;
            const QList<ItemId> ids = query(*project, byDataset);
            QCOMPARE(ids, expect([&](const Item &i) { return i.dataset == ds.id; }));
        }
        for (int round = 0; round <= 4; ++round) {
            ItemQuery byRound;
            byRound.round = round;
            QCOMPARE(query(*project, byRound), expect([&](const Item &i) { return i.round == round; }));
        }
        ItemQuery combined;
        combined.round = 1;
        combined.dataset = datasets.at(1).id;
        combined.kind = ItemKind::Patch;
        const QList<ItemId> ids = query(*project, combined);
        QVERIFY(!ids.isEmpty());
        QCOMPARE(ids, expect([&](const Item &i) { return i.round == 1 && i.dataset == datasets.at(1).id && i.kind() == ItemKind::Patch; }));

        // Status of a rater of the dump: every item they labeled is in progress.
        const Rater rater = *project->raterByName(u"Rater 1"_s);
        QSet<ItemId> labeled;
        QSet<ItemId> discuss;
        QSet<ItemId> anyDiscuss;
        for (const Finding &f : project->findings()) {
            if (f.rater == rater.id) {
                labeled.insert(f.item);
                if (f.shouldDiscuss) {
                    discuss.insert(f.item);
                }
            }
            if (f.shouldDiscuss) {
                anyDiscuss.insert(f.item);
            }
        }
        QVERIFY(!labeled.isEmpty());
        QVERIFY(!discuss.isEmpty());
        ItemQuery notDone;
        notDone.rater = rater.id;
        notDone.status = ItemQuery::Status::NotDone;
        QCOMPARE(query(*project, notDone).size(), all.size());
        ItemQuery shouldDiscuss;
        shouldDiscuss.rater = rater.id;
        shouldDiscuss.status = ItemQuery::Status::ShouldDiscuss;
        QList<ItemId> got = query(*project, shouldDiscuss);
        QCOMPARE(QSet<ItemId>(got.cbegin(), got.cend()), discuss);
        shouldDiscuss.rater = 0;
        got = query(*project, shouldDiscuss);
        QCOMPARE(QSet<ItemId>(got.cbegin(), got.cend()), anyDiscuss);
        const auto statuses = project->labelStatuses(rater.id);
        QVERIFY(statuses);
        QCOMPARE(QSet<ItemId>(statuses->keyBegin(), statuses->keyEnd()), labeled);
    }

    void sortOrders_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("descending");
        for (int s = 0; s <= int(ItemQuery::Sort::Status); ++s) {
            QTest::addRow("sort %d ascending", s) << s << false;
            QTest::addRow("sort %d descending", s) << s << true;
        }
    }

    void sortOrders()
    {
        QFETCH(int, sort);
        QFETCH(bool, descending);
        auto project = openCopy();
        QVERIFY(project);
        QString error;
        const Rater rater = *project->raterByName(u"Rater 2"_s);
        // Give the status sort all four states to order.
        const QList<ItemId> itemIds = project->itemIds();
        QVERIFY(project->setItemDone(itemIds.at(1), rater.id, true, &error));
        Finding unsure;
        unsure.item = itemIds.at(2);
        unsure.rater = rater.id;
        unsure.unsure = true;
        QVERIFY(project->addFinding(unsure, &error));

        QHash<DatasetId, QString> datasetNames;
        for (const Dataset &ds : project->datasets()) {
            datasetNames.insert(ds.id, ds.name);
        }
        const QHash<ItemId, LabelStatus> statuses = *project->labelStatuses(rater.id);
        const QList<Item> all = project->items(0, -1);
        QHash<ItemId, Item> byId;
        for (const Item &i : all) {
            byId.insert(i.id, i);
        }
        // Each sort's key as the store defines it; compared with QVariant's ordering.
        auto key = [&](const Item &i) -> QVariantList {
            switch (ItemQuery::Sort(sort)) {
            case ItemQuery::Sort::ImportOrder:
                return {i.id};
            case ItemQuery::Sort::Title:
                return {asciiFolded(i.title)};
            case ItemQuery::Sort::Key:
                return {int(i.kind()), i.key.repository, qlonglong(i.key.ref.size()), i.key.ref};
            case ItemQuery::Sort::Author:
                return {asciiFolded(i.author)};
            case ItemQuery::Sort::Date:
                return {i.date.toString()}; // the stored form sorts in time order
            case ItemQuery::Sort::Dataset:
                return {asciiFolded(datasetNames.value(i.dataset))};
            case ItemQuery::Sort::Changes:
                return {i.stats.linesAdded + i.stats.linesDeleted};
            case ItemQuery::Sort::Status:
                return {int(statuses.value(i.id, LabelStatus::NotStarted))};
            }
            return {};
        };
        ItemQuery q;
        q.sort = ItemQuery::Sort(sort);
        q.descending = descending;
        q.rater = rater.id;
        const QList<ItemId> ids = query(*project, q);
        QCOMPARE(ids.size(), all.size());
        QCOMPARE(QSet<ItemId>(ids.cbegin(), ids.cend()).size(), all.size());
        int ties = 0;
        int steps = 0;
        for (qsizetype n = 1; n < ids.size(); ++n) {
            const QVariantList a = key(byId.value(ids.at(n - 1)));
            const QVariantList b = key(byId.value(ids.at(n)));
            QPartialOrdering order = QPartialOrdering::Equivalent;
            for (qsizetype k = 0; k < a.size() && order == QPartialOrdering::Equivalent; ++k) {
                order = QVariant::compare(a.at(k), b.at(k));
            }
            if (order == QPartialOrdering::Equivalent) {
                ++ties;
                QVERIFY2(ids.at(n - 1) < ids.at(n), "ties keep import order");
            } else {
                ++steps;
                QVERIFY2(order == (descending ? QPartialOrdering::Greater : QPartialOrdering::Less),
                         qPrintable(u"%1 before %2"_s.arg(ids.at(n - 1)).arg(ids.at(n))));
            }
        }
        QVERIFY(steps > 0); // the sort really orders something
        if (ItemQuery::Sort(sort) == ItemQuery::Sort::Status) {
            QCOMPARE(project->labelStatus(descending ? ids.first() : ids.last(), rater.id), LabelStatus::Unsure);
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
