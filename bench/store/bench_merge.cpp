// SPDX-License-Identifier: GPL-3.0-or-later
// Merging two copies of a 100,000-item project that differ in 10,000 findings: 5,000
// added in the other copy and 5,000 edited there (Project::applyMerge, with its dry run
// and backup), and the same as an undo step of the GUI (snapshots before and after) with
// its undo and redo (restoring them). Files live in a QTemporaryDir (TMPDIR).
#include "document/mergecommand.h"
#include "store/project.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

struct Copies
{
    QTemporaryDir dir;
    QString base;  ///< A: 100,000 items, 10,000 findings of Rater 1
    QString other; ///< B: A plus 5,000 new findings of Rater 2 and 5,000 of A's edited
    QString error;
};

Copies &copies()
{
    static Copies s_copies;
    static bool s_made = false;
    if (s_made) {
        return s_copies;
    }
    s_made = true;
    Copies &c = s_copies;
    c.base = c.dir.filePath(u"a.concord"_s);
    c.other = c.dir.filePath(u"b.concord"_s);
    QString &error = c.error;
    QList<ValueId> values;
    DimensionId dimension = 0;
    {
        auto project = Project::create(c.base, &error);
        if (!project) {
            return c;
        }
        ImportSession session(*project, u"bench"_s);
        Rater r1;
        r1.name = u"Rater 1"_s;
        Rater r2;
        r2.name = u"Rater 2"_s;
        const RaterId rater1 = *session.rater(r1);
        session.rater(r2);
        Dimension category;
        category.key = u"category"_s;
        dimension = *session.dimension(category);
        for (int v = 0; v < 20; ++v) {
            CodebookValue value;
            value.dimension = dimension;
            value.name = u"Value %1"_s.arg(v);
            value.order = v;
            values.append(*session.value(value));
        }
        for (int n = 0; n < 100'000; ++n) {
            Item item;
            item.key = ItemKey::commit(u"owner%1/project%2"_s.arg(n % 250).arg(n % 7),
                                       QString::number(0x10000000ull + quint64(n) * 2654435761ull, 16).rightJustified(40, u'0'));
            item.title = u"Fix retracing of tf.function in training loop number %1"_s.arg(n);
            const auto id = session.item(item);
            if (!id) {
                error = session.errorString();
                return c;
            }
            if (n % 10 == 0) {
                Finding f;
                f.item = *id;
                f.rater = rater1;
                f.values.insert(dimension, {values.at(n % values.size())});
                if (!session.finding(f)) {
                    error = session.errorString();
                    return c;
                }
            }
        }
        if (!session.commit(&error)) {
            return c;
        }
    }
    if (!QFile::copy(c.base, c.other)) {
        error = u"cannot copy"_s;
        return c;
    }
    auto b = Project::open(c.other, Project::ReadWrite, &error);
    if (!b) {
        return c;
    }
    const RaterId rater2 = b->raterByName(u"Rater 2"_s)->id;
    const QList<ItemId> ids = b->itemIds();
    const QList<Finding> existing = b->findings();
    b->transaction(
        [&](QString *e) {
            for (int n = 0; n < 5'000; ++n) {
                Finding f;
                f.item = ids.at(n * 20 + 1);
                f.rater = rater2;
                f.values.insert(dimension, {values.at(n % values.size())});
                if (!b->addFinding(f, e)) {
                    return false;
                }
                if (!b->setFindingValues(existing.at(n).id, dimension, {values.at((n + 7) % values.size())}, e)) {
                    return false;
                }
            }
            return true;
        },
        &error);
    return c;
}

void BM_Merge100kItems10kDifferingFindings(benchmark::State &state)
{
    Copies &c = copies();
    if (!c.error.isEmpty()) {
        state.SkipWithError(c.error.toStdString());
        return;
    }
    int round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const QString target = c.dir.filePath(u"target%1.concord"_s.arg(++round));
        QFile::copy(c.base, target);
        QString error;
        auto project = Project::open(target, Project::ReadWrite, &error);
        state.ResumeTiming();
        const auto report = project->applyMerge(c.other, &error);
        if (!report) {
            state.SkipWithError(error.toStdString());
            return;
        }
        state.counters["changes"] = double(report->changes.size());
    }
}
BENCHMARK(BM_Merge100kItems10kDifferingFindings)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

// File > Merge as one undo step, the work its worker thread does (runMergeStep on a
// second connection, Project::openWorkerConnection): a snapshot of the project before,
// the merge, a snapshot after.
void BM_MergeAsUndoStep(benchmark::State &state)
{
    Copies &c = copies();
    if (!c.error.isEmpty()) {
        state.SkipWithError(c.error.toStdString());
        return;
    }
    int round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const QString target = c.dir.filePath(u"step%1.concord"_s.arg(++round));
        QFile::copy(c.base, target);
        QString error;
        auto project = Project::open(target, Project::ReadWrite, &error);
        state.ResumeTiming();
        auto connection = project ? project->openWorkerConnection(&error) : nullptr;
        const std::optional<MergeStep> step = connection ? runMergeStep(*connection, c.other, QString(), &error) : std::nullopt;
        if (!step || !step->undoError.isEmpty()) {
            state.SkipWithError((step ? step->undoError : error).toStdString());
            return;
        }
    }
}
BENCHMARK(BM_MergeAsUndoStep)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

// Its undo and redo: the whole file restored from the snapshot before (after), in one
// transaction, on the open connection.
void BM_UndoThenRedoMerge(benchmark::State &state)
{
    Copies &c = copies();
    if (!c.error.isEmpty()) {
        state.SkipWithError(c.error.toStdString());
        return;
    }
    const QString target = c.dir.filePath(u"undo.concord"_s);
    QFile::copy(c.base, target);
    QString error;
    auto project = Project::open(target, Project::ReadWrite, &error);
    if (!project || !project->writeSnapshot(target + u".before"_s, &error) || !project->applyMerge(c.other, &error)
        || !project->writeSnapshot(target + u".after"_s, &error)) {
        state.SkipWithError(error.toStdString());
        return;
    }
    for (auto _ : state) {
        if (!project->restoreSnapshot(target + u".before"_s, &error)
            || !project->restoreSnapshot(target + u".after"_s, &error)) {
            state.SkipWithError(error.toStdString());
            return;
        }
    }
}
BENCHMARK(BM_UndoThenRedoMerge)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
