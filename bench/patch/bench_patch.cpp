// SPDX-License-Identifier: GPL-3.0-or-later
// Throughput of the patch parser and of patch import into a real project file.
//   BM_ParseCorpus   every corpus patch from memory through PatchParser
//   BM_ImportCorpus  every corpus patch imported into a new .concord file (one transaction)
//   BM_ParseLarge    the file named by CONCORD_LARGE_PATCH, streamed from disk
//   BM_ImportLarge   the same file imported into a new .concord file in /tmp
// The large benchmarks run one iteration; run them under /usr/bin/time -v for peak RSS
// (bench/patch/run_large.sh does that next to `git apply --numstat`).
#include "import/patchimport.h"
#include "patch/patchparser.h"
#include "store/project.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace Concord;

namespace {

QStringList corpusPatches()
{
    QStringList paths;
    QDirIterator it(QStringLiteral(CONCORD_CORPUS_DIR "/patches"), {QStringLiteral("*.patch")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        paths.append(it.next());
    }
    paths.sort();
    return paths;
}

class Counter : public PatchParser::Handler
{
public:
    bool fileParsed(const FileDiff &file) override
    {
        ++files;
        hunks += file.hunks.size();
        return true;
    }
    qint64 files = 0;
    qint64 hunks = 0;
};

void BM_ParseCorpus(benchmark::State &state)
{
    QList<QByteArray> contents;
    qint64 bytes = 0;
    for (const QString &p : corpusPatches()) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly)) {
            contents.append(f.readAll());
            bytes += contents.constLast().size();
        }
    }
    for (auto _ : state) {
        Counter counter;
        for (QByteArray &c : contents) {
            QBuffer buffer(&c);
            buffer.open(QIODevice::ReadOnly);
            PatchParser parser;
            if (!parser.parse(&buffer, counter)) {
                state.SkipWithError(qPrintable(parser.error().message));
                return;
            }
        }
        benchmark::DoNotOptimize(counter.files);
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["patches"] = double(contents.size());
}
BENCHMARK(BM_ParseCorpus)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportCorpus(benchmark::State &state)
{
    const QStringList paths = corpusPatches();
    qint64 bytes = 0;
    for (const QString &p : paths) {
        bytes += QFileInfo(p).size();
    }
    QTemporaryDir dir;
    int n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QString error;
        auto project = Project::create(dir.filePath(QStringLiteral("b%1.concord").arg(n++)), &error);
        state.ResumeTiming();
        if (!project) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        ImportReport report;
        if (!importPatchFiles(*project, paths, {}, &report, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["patches"] = double(paths.size());
}
BENCHMARK(BM_ImportCorpus)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

QString largePatch()
{
    return QString::fromLocal8Bit(qgetenv("CONCORD_LARGE_PATCH"));
}

void BM_ParseLarge(benchmark::State &state)
{
    const QString path = largePatch();
    if (path.isEmpty() || !QFile::exists(path)) {
        state.SkipWithError("set CONCORD_LARGE_PATCH to a file made by bench/patch/gen_large_patch.py");
        return;
    }
    Counter counter;
    for (auto _ : state) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            state.SkipWithError("cannot open CONCORD_LARGE_PATCH");
            return;
        }
        counter = Counter();
        PatchParser parser;
        if (!parser.parse(&f, counter)) {
            state.SkipWithError(qPrintable(parser.error().toString(path)));
            return;
        }
    }
    state.SetBytesProcessed(state.iterations() * QFileInfo(path).size());
    state.counters["files"] = double(counter.files);
    state.counters["hunks"] = double(counter.hunks);
}
BENCHMARK(BM_ParseLarge)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

void BM_ImportLarge(benchmark::State &state)
{
    const QString path = largePatch();
    if (path.isEmpty() || !QFile::exists(path)) {
        state.SkipWithError("set CONCORD_LARGE_PATCH to a file made by bench/patch/gen_large_patch.py");
        return;
    }
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/concord-bench-XXXXXX"));
    for (auto _ : state) {
        QString error;
        auto project = Project::create(dir.filePath(QStringLiteral("large.concord")), &error);
        if (!project) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        ImportOptions options;
        options.project = QStringLiteral("bench/large");
        ImportReport report;
        if (!importPatchFile(*project, path, options, &report, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        state.counters["files"] = double(report.files);
    }
    state.SetBytesProcessed(state.iterations() * QFileInfo(path).size());
}
BENCHMARK(BM_ImportLarge)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
