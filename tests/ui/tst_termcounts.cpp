// SPDX-License-Identifier: GPL-3.0-or-later
// The item list's Terms column (ItemListModel with its TermCountRunner): on the whole
// corpus (every patch, the web-app dump and the issue list) imported into a real
// project, each item's count equals a brute-force count over what the project stores,
// read here without Project::itemTexts; counts come from a worker thread, show "…"
// until known, sort once known, and follow a change of terms.
#include "document/itemlistmodel.h"
#include "document/termcountrunner.h"
#include "patch/patchparser.h"
#include "store/project.h"
#include "uitestproject.h"

#include <QAbstractItemModelTester>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace Concord;
using namespace Concord::UiTest;
using namespace Qt::StringLiterals;

namespace {

const QList<HighlightTerm> s_terms{{u"tf.function"_s, false, false},
                                   {u"@tf.function"_s, false, false},
                                   {u"input_signature"_s, false, false},
                                   {u"autograph\\.\\w+"_s, true, false}};

// Occurrences in one line, the plain way: left to right, a match resumes after itself.
qint64 bruteForce(const QString &line)
{
    qint64 n = 0;
    for (const HighlightTerm &term : s_terms) {
        if (term.regex) {
            QRegularExpressionMatchIterator it = QRegularExpression(term.pattern, QRegularExpression::CaseInsensitiveOption).globalMatch(line);
            while (it.hasNext()) {
                it.next();
                ++n;
            }
            continue;
        }
        for (qsizetype at = line.indexOf(term.pattern, 0, Qt::CaseInsensitive); at >= 0;
             at = line.indexOf(term.pattern, at + term.pattern.size(), Qt::CaseInsensitive)) {
            ++n;
        }
    }
    return n;
}

qint64 bruteForceText(const QString &text)
{
    qint64 n = 0;
    for (const QString &line : text.split(u'\n')) {
        n += bruteForce(line);
    }
    return n;
}

// The item's stored text read the long way: its title, commit message, every line of
// its stored patch bytes parsed again, its report's body and comments.
std::optional<qint64> storedCount(const Project &project, ItemId id)
{
    const std::optional<Item> item = project.item(id);
    if (!item) {
        return std::nullopt;
    }
    qint64 n = bruteForceText(item->title);
    if (const std::optional<CommitHeader> header = project.commitHeader(id)) {
        n += bruteForceText(header->message);
    }
    if (project.patchSize(id) > 0) {
        const std::optional<QByteArray> bytes = project.patchBytes(id);
        if (!bytes) {
            return std::nullopt;
        }
        const auto patches = PatchParser::parseAll(*bytes);
        if (!patches) {
            return std::nullopt;
        }
        for (const Patch &patch : *patches) {
            const QByteArray &source = patch.decoded.isEmpty() ? *bytes : patch.decoded;
            for (const FileDiff &file : patch.files) {
                for (const Hunk &hunk : file.hunks) {
                    for (const DiffLine &line :
                         PatchParser::hunkLines(hunk, QByteArrayView(source).sliced(hunk.offset, hunk.length))) {
                        if (line.kind != DiffLine::Kind::NoNewline) {
                            n += bruteForce(line.text);
                        }
                    }
                }
            }
        }
    }
    if (const std::optional<BugReportContent> report = project.bugReport(id)) {
        n += bruteForceText(report->body);
        for (const BugReportComment &c : report->comments) {
            n += bruteForceText(c.body);
        }
    }
    return n;
}

} // namespace

class TestTermCounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"corpus.concord"_s);
        QStringList files;
        QDirIterator it(corpus(u"patches"_s), {u"*.patch"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            files.append(it.next());
        }
        QVERIFY(files.size() > 200);
        files << corpus(u"ponder-fixture-sample.json"_s) << corpus(u"bugreports/issues.json"_s);
        QString error;
        QVERIFY2(buildProject(m_path, files, &error), qPrintable(error));
        m_project = Project::open(m_path, Project::ReadWrite, &error);
        QVERIFY2(m_project, qPrintable(error));
        QVERIFY(m_project->itemCount() > 250);
    }

    void noTermsNoWorker()
    {
        // Opening a project without terms (the 100,000-item bench) costs nothing more.
        ItemListModel model;
        model.setProject(m_project.get());
        QVERIFY(!model.findChild<TermCountRunner *>());
        QCOMPARE(model.headerData(ItemListModel::TermsColumn, Qt::Horizontal).toString(), u"Terms"_s);
        QCOMPARE(model.index(0, ItemListModel::TermsColumn).data().toString(), QString());
        QVERIFY(!model.index(0, ItemListModel::TermsColumn).data(ItemListModel::TermCountRole).isValid());
    }

    void countsEqualBruteForceForEveryItem()
    {
        ItemListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProject(m_project.get());
        QSignalSpy finished(&model, &ItemListModel::termCountsFinished);
        QElapsedTimer counting;
        counting.start();
        model.setHighlightTerms(s_terms);
        // Not known yet: the column says so instead of a number.
        QCOMPARE(model.index(0, ItemListModel::TermsColumn).data().toString(), u"…"_s);
        QVERIFY(finished.wait(120000));
        qInfo() << "counted in" << counting.elapsed() << "ms on the worker thread";
        QCOMPARE(finished.constFirst().constFirst().toString(), QString());
        QVERIFY(model.termCountsComplete());
        qint64 total = 0;
        int withTerms = 0;
        const QList<ItemId> ids = m_project->itemIds();
        for (const ItemId id : ids) {
            const std::optional<qint64> expected = storedCount(*m_project, id);
            QVERIFY2(expected, qPrintable(QString::number(id)));
            const std::optional<qint64> counted = model.termCount(id);
            QVERIFY2(counted, qPrintable(QString::number(id)));
            if (*counted != *expected) {
                QFAIL(qPrintable(u"%1: counted %2, stored text has %3"_s.arg(m_project->item(id)->key.toString())
                                     .arg(*counted)
                                     .arg(*expected)));
            }
            total += *counted;
            withTerms += *counted > 0 ? 1 : 0;
            const QModelIndex at = model.index(id, ItemListModel::TermsColumn);
            QCOMPARE(at.data(ItemListModel::TermCountRole).toLongLong(), *expected);
            QCOMPARE(at.data().toString(), *expected > 0 ? QLocale().toString(*expected) : QString());
        }
        qInfo() << ids.size() << "items," << withTerms << "with terms," << total << "occurrences";
        QVERIFY(withTerms > 50);
        QVERIFY(total > 500);
    }

    void sortsByCountOnceKnown()
    {
        ItemListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setProject(m_project.get());
        QSignalSpy finished(&model, &ItemListModel::termCountsFinished);
        model.setHighlightTerms(s_terms);
        QVERIFY(finished.wait(120000));
        model.sort(ItemListModel::TermsColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowCount(), int(m_project->itemCount()));
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < model.rowCount(); ++row) {
            const qint64 n = *model.termCount(model.idAt(row));
            QVERIFY2(n <= previous, qPrintable(QString::number(row)));
            previous = n;
        }
        QVERIFY(*model.termCount(model.idAt(0)) > 10);
        // A new query (a search) keeps the order by count.
        ItemQuery q;
        q.text = u"tensorflow"_s;
        QVERIFY(model.setQuery(q));
        QVERIFY(model.rowCount() > 0);
        previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < model.rowCount(); ++row) {
            const qint64 n = *model.termCount(model.idAt(row));
            QVERIFY(n <= previous);
            previous = n;
        }
        model.sort(ItemListModel::TermsColumn, Qt::AscendingOrder);
        QCOMPARE(*model.termCount(model.idAt(0)), qint64(0));
    }

    void changingTermsRecounts()
    {
        ItemListModel model;
        model.setProject(m_project.get());
        QSignalSpy finished(&model, &ItemListModel::termCountsFinished);
        model.setHighlightTerms(s_terms);
        QVERIFY(finished.wait(120000));
        const ItemId id = m_project->itemByKey(ItemKey::commit(u"tensorflow/addons"_s, u"2b070a15fb516e6b3c1cca3898ae611024d7481d"_s))->id;
        const qint64 before = *model.termCount(id);
        QVERIFY(before > 10);
        model.setHighlightTerms({{u"@tf.function"_s, false, false}});
        QVERIFY(!model.termCount(id)); // the old counts are gone at once
        QVERIFY(finished.wait(120000));
        const std::optional<qint64> after = model.termCount(id);
        QVERIFY(after);
        QVERIFY(*after > 0 && *after < before);
        model.setHighlightTerms({});
        QCOMPARE(model.index(id, ItemListModel::TermsColumn).data().toString(), QString());
    }

    void importedItemsAreCountedOnRefresh()
    {
        const QString path = m_dir.filePath(u"grow.concord"_s);
        QString error;
        QVERIFY2(buildProject(path, {corpus(u"patches/tensorflow__addons/2b070a15fb516e6b3c1cca3898ae611024d7481d.patch"_s)}, &error),
                 qPrintable(error));
        auto project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        ItemListModel model;
        model.setProject(project.get());
        QSignalSpy finished(&model, &ItemListModel::termCountsFinished);
        model.setHighlightTerms(s_terms);
        QVERIFY(finished.wait(60000));
        const ItemId first = project->itemIds().constFirst();
        QCOMPARE(model.termCount(first), storedCount(*project, first));

        ImportRequest request;
        request.files = {corpus(u"patches/tensorflow__addons/c06e9abf856015f75507dc7e04f79b73f1058bd4.patch"_s)};
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QVERIFY(model.refresh());
        const ItemId added = project->itemIds().constLast();
        QVERIFY(added != first);
        QVERIFY(!model.termCount(added));
        QCOMPARE(model.index(added, ItemListModel::TermsColumn).data().toString(), u"…"_s);
        QVERIFY(finished.wait(60000));
        QVERIFY(model.termCountsComplete());
        QCOMPARE(model.termCount(added), storedCount(*project, added));
        QCOMPARE(*model.termCount(added), qint64(3)); // tf.function twice, input_signature once
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Project> m_project;
};

QTEST_MAIN(TestTermCounts)
#include "tst_termcounts.moc"
