// SPDX-License-Identifier: GPL-3.0-or-later
// The project store: a durable finding edit, a bulk import of 100,000 items, and storing
// and reading the original bytes of a large patch. Files live in a QTemporaryDir (TMPDIR),
// which must be on a real disk for the fsync figures to mean anything.
#include "store/project.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <sys/resource.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

QTemporaryDir &tempDir()
{
    static QTemporaryDir s_dir;
    return s_dir;
}

QString freshPath()
{
    static int s_counter = 0;
    return tempDir().filePath(u"bench%1.concord"_s.arg(++s_counter));
}

double maxRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// One rater changes the category of a finding: one transaction, fsync'd before return.
void BM_FindingEdit(benchmark::State &state)
{
    QString error;
    auto project = Project::create(freshPath(), &error);
    Rater rater;
    rater.name = u"Rater 1"_s;
    const RaterId r = *project->addRater(rater, &error);
    Item item;
    item.key = ItemKey::commit(u"google/iree"_s, u"00a33f7e060caa6616c15003bdac95b7926b76ae"_s);
    const ItemId i = *project->addItem(item, &error);
    Dimension category;
    category.key = u"category"_s;
    const DimensionId d = *project->addDimension(category, &error);
    CodebookValue a;
    a.dimension = d;
    a.name = u"API Misuse"_s;
    CodebookValue b = a;
    b.name = u"Other"_s;
    const ValueId va = *project->addValue(a, &error);
    const ValueId vb = *project->addValue(b, &error);
    Finding f;
    f.item = i;
    f.rater = r;
    const FindingId id = *project->addFinding(f, &error);
    bool flip = false;
    for (auto _ : state) {
        if (!project->setFindingValues(id, d, {flip ? va : vb}, &error)) {
            state.SkipWithError(error.toStdString());
            break;
        }
        flip = !flip;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindingEdit)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// An importer adds 100,000 commits (key, title, author, date, metadata) in one session.
void BM_BulkInsert100kItems(benchmark::State &state)
{
    const int count = 100'000;
    for (auto _ : state) {
        QString error;
        auto project = Project::create(freshPath(), &error);
        ImportSession session(*project, u"bench"_s);
        Dataset ds;
        ds.name = u"GH commits"_s;
        const DatasetId dataset = *session.dataset(ds);
        for (int n = 0; n < count; ++n) {
            Item item;
            item.key = ItemKey::commit(u"owner%1/project%2"_s.arg(n % 250).arg(n % 7),
                                       QString::number(0x10000000ull + quint64(n) * 2654435761ull, 16).rightJustified(40, u'0'));
            item.title = u"Fix retracing of tf.function in training loop number %1"_s.arg(n);
            item.author = u"Author %1"_s.arg(n % 1000);
            item.date = SourceDate::fromMoment(QDateTime::fromSecsSinceEpoch(1'500'000'000 + n * 60, QTimeZone::UTC));
            item.dataset = dataset;
            item.metadata = QJsonObject{{u"stars"_s, n % 5000}, {u"language"_s, u"py"_s}};
            if (!session.item(item)) {
                state.SkipWithError(session.errorString().toStdString());
                return;
            }
        }
        if (!session.commit(&error)) {
            state.SkipWithError(error.toStdString());
            return;
        }
    }
    state.SetItemsProcessed(state.iterations() * count);
}
BENCHMARK(BM_BulkInsert100kItems)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// Streams state.range(0) MiB of patch text into one item, then commits.
void BM_StorePatchBytes(benchmark::State &state)
{
    const qint64 mib = state.range(0);
    QByteArray line("+        return tf.function(self._step, experimental_relax_shapes=True)(x)\n");
    QByteArray block;
    while (block.size() < (1 << 20)) {
        block += line;
    }
    block.truncate(1 << 20);
    // A device that produces the bytes on the fly, so the benchmark itself holds 1 MiB.
    class Generator : public QIODevice
    {
    public:
        Generator(const QByteArray &block, qint64 size)
            : m_block(block)
            , m_size(size)
        {
        }
        qint64 readData(char *data, qint64 max) override
        {
            const qint64 n = qMin(max, m_size - m_pos);
            for (qint64 done = 0; done < n;) {
                const qint64 at = (m_pos + done) % m_block.size();
                const qint64 piece = qMin(n - done, m_block.size() - at);
                memcpy(data + done, m_block.constData() + at, size_t(piece));
                done += piece;
            }
            m_pos += n;
            return n;
        }
        qint64 writeData(const char *, qint64) override { return -1; }
        bool isSequential() const override { return true; }
        qint64 bytesAvailable() const override { return m_size - m_pos + QIODevice::bytesAvailable(); }

    private:
        QByteArray m_block;
        qint64 m_size;
        qint64 m_pos = 0;
    };
    for (auto _ : state) {
        QString error;
        auto project = Project::create(freshPath(), &error);
        ImportSession session(*project, u"bench"_s);
        Item item;
        item.key = ItemKey::commit(u"big/repo"_s, u"ffffffffffffffffffffffffffffffffffffffff"_s);
        const ItemId id = *session.item(item);
        Generator source(block, mib << 20);
        source.open(QIODevice::ReadOnly);
        if (!session.storePatchBytes(id, &source, mib << 20) || !session.commit(&error)) {
            state.SkipWithError(session.errorString().toStdString());
            return;
        }
    }
    state.SetBytesProcessed(state.iterations() * (mib << 20));
    state.counters[u"max_rss_MiB"_s.toStdString()] = maxRssMiB();
}
BENCHMARK(BM_StorePatchBytes)->Arg(467)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// Reads one 4 KiB hunk from the middle of a 256 MiB stored patch.
void BM_ReadPatchRange(benchmark::State &state)
{
    QString error;
    const QString path = freshPath();
    ItemId id = 0;
    {
        auto project = Project::create(path, &error);
        ImportSession session(*project, u"bench"_s);
        Item item;
        item.key = ItemKey::commit(u"big/repo"_s, u"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"_s);
        id = *session.item(item);
        QByteArray chunk(1 << 20, 'x');
        QByteArray all;
        for (int i = 0; i < 256; ++i) {
            all += chunk;
        }
        session.storePatchBytes(id, all);
        session.commit(&error);
    }
    auto project = Project::open(path, Project::ReadOnly, &error);
    qint64 offset = 123456789;
    for (auto _ : state) {
        auto bytes = project->patchBytes(id, offset, 4096);
        benchmark::DoNotOptimize(bytes);
        offset = (offset + 7777777) % (250 << 20);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReadPatchRange)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
