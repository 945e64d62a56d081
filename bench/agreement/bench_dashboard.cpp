// SPDX-License-Identifier: GPL-3.0-or-later
// The agreement dashboard on a 100,000-item project labeled by two raters (a yes/no gate
// and four dimensions of 12 values, 200,000 findings): the full computation
// (computeDashboardFigures: every coefficient, alpha's bootstrap of 1,000 resamples per
// dimension, the rounds, the decisions) against bringing the figures up to date after one
// label change with the engine's incremental counts (DashboardUpdater::updateItems). The
// label change itself (a write to the store) is not timed. The file lives in a
// QTemporaryDir (TMPDIR).
#include "agreement/dashboardfigures.h"
#include "agreement/dashboardupdate.h"
#include "store/project.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <memory>

#include <benchmark/benchmark.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

constexpr int Items = 100'000;
constexpr int Values = 12;

struct Study
{
    QTemporaryDir dir;
    QString path;
    QString error;
    QList<DimensionId> dimensions; ///< the gate first
    QList<QList<ValueId>> values;  ///< per dimension
};

Study &study()
{
    static Study s;
    static bool made = false;
    if (made) {
        return s;
    }
    made = true;
    s.path = s.dir.filePath(u"study.concord"_s);
    auto project = Project::create(s.path, &s.error);
    if (!project) {
        return s;
    }
    ImportSession session(*project, u"bench"_s);
    QList<RaterId> raters;
    for (const QString &name : {u"Rater 1"_s, u"Rater 2"_s}) {
        Rater r;
        r.name = name;
        raters.append(*session.rater(r));
    }
    const QStringList keys{u"is_fix"_s, u"category"_s, u"cause"_s, u"symptom"_s, u"fix"_s};
    for (const QString &key : keys) {
        Dimension d;
        d.key = key;
        d.kind = key == u"is_fix"_s ? Dimension::Kind::Gate : Dimension::Kind::SingleChoice;
        const DimensionId id = *session.dimension(d);
        s.dimensions.append(id);
        QList<ValueId> ids;
        for (int v = 0; v < (key == u"is_fix"_s ? 2 : Values); ++v) {
            CodebookValue value;
            value.dimension = id;
            value.name = key == u"is_fix"_s ? (v == 0 ? u"Yes"_s : u"No"_s) : u"%1 %2"_s.arg(key).arg(v);
            value.order = v;
            ids.append(*session.value(value));
        }
        s.values.append(ids);
    }
    quint64 seed = 12345;
    const auto next = [&seed] {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        return int(seed >> 33);
    };
    for (int n = 0; n < Items; ++n) {
        Item item;
        item.key = ItemKey::commit(u"owner%1/project%2"_s.arg(n % 250).arg(n % 7),
                                   QString::number(0x10000000ull + quint64(n) * 2654435761ull, 16).rightJustified(40, u'0'));
        item.title = u"Fix retracing of tf.function number %1"_s.arg(n);
        item.round = 1 + n % 4;
        const std::optional<ItemId> id = session.item(item);
        if (!id) {
            s.error = session.errorString();
            return s;
        }
        // The raters agree about 70% of the time; 10% are not fixes.
        const int gate = next() % 10 == 0 ? 1 : 0;
        QList<int> first;
        for (int d = 1; d < s.dimensions.size(); ++d) {
            first.append(next() % Values);
        }
        for (int r = 0; r < raters.size(); ++r) {
            Finding f;
            f.item = *id;
            f.rater = raters.at(r);
            f.values.insert(s.dimensions.at(0), {s.values.at(0).at(gate)});
            for (int d = 1; gate == 0 && d < s.dimensions.size(); ++d) {
                const int v = r == 0 || next() % 10 < 7 ? first.at(d - 1) : next() % Values;
                f.values.insert(s.dimensions.at(d), {s.values.at(d).at(v)});
            }
            if (!session.finding(f)) {
                s.error = session.errorString();
                return s;
            }
        }
    }
    session.commit(&s.error);
    return s;
}

void BM_DashboardFullComputation(benchmark::State &state)
{
    Study &s = study();
    if (!s.error.isEmpty()) {
        state.SkipWithError(qPrintable(s.error));
        return;
    }
    QString error;
    auto project = Project::open(s.path, Project::ReadOnly, &error);
    for (auto _ : state) {
        const std::optional<DashboardFigures> figures = computeDashboardFigures(*project, DashboardFilters{}, &error);
        if (!figures) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        benchmark::DoNotOptimize(figures->dimensions.size());
    }
}
BENCHMARK(BM_DashboardFullComputation)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

void BM_DashboardOneLabelChange(benchmark::State &state)
{
    Study &s = study();
    if (!s.error.isEmpty()) {
        state.SkipWithError(qPrintable(s.error));
        return;
    }
    QString error;
    auto writer = Project::open(s.path, Project::ReadWrite, &error);
    auto reader = Project::open(s.path, Project::ReadOnly, &error);
    ProjectUnitInputs inputs;
    const std::optional<DashboardFigures> figures
        = computeDashboardFigures(*reader, DashboardFilters{}, &error, {}, &inputs);
    if (!figures) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    DashboardUpdater updater;
    updater.reset(*figures, std::move(inputs));
    const QList<Finding> findings = writer->findings();
    int n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        // Another value of "category" in one finding of a fix.
        const Finding *f = &findings.at((n * 7919) % findings.size());
        while (f->valuesOf(s.dimensions.at(1)).isEmpty()) {
            f = &findings.at((++n * 7919) % findings.size());
        }
        ++n;
        const ValueId value = s.values.at(1).at(n % Values);
        if (!writer->setFindingValues(f->id, s.dimensions.at(1), {value}, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        state.ResumeTiming();
        if (!updater.updateItems(*reader, {f->item}, &error)) {
            state.SkipWithError("the update needed a full computation");
            return;
        }
        // The dashboard hands a copy of the figures to the window.
        const auto shown = std::make_shared<const DashboardFigures>(updater.figures());
        benchmark::DoNotOptimize(shown.get());
    }
}
BENCHMARK(BM_DashboardOneLabelChange)->Unit(benchmark::kMillisecond)->Iterations(50)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
