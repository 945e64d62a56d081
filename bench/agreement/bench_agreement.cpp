// SPDX-License-Identifier: GPL-3.0-or-later
// Agreement engine timings at the size of a large study: 100,000 units × 3 raters ×
// 5 dimensions. See bench/README.md ("Agreement") for the figures and the command.
#include "agreement/coefficients.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace Concord;

namespace {

constexpr int Units = 100000;
constexpr int Raters = 3;
// A gate (yes/no) and four dimensions of realistic taxonomy sizes.
constexpr int Categories[5] = {2, 12, 25, 18, 30};

RatingsTable makeTable(int k, std::mt19937 &rng)
{
    RatingsTable t;
    for (int r = 0; r < Raters; ++r) {
        t.addRater(QStringLiteral("Rater %1").arg(r + 1));
    }
    for (int c = 0; c < k; ++c) {
        t.addCategory(QStringLiteral("value %1").arg(c));
    }
    std::uniform_real_distribution<double> uni(0, 1);
    std::uniform_int_distribution<int> cat(0, k - 1);
    for (int u = 0; u < Units; ++u) {
        const int unit = t.addUnit(QString::number(u));
        const int truth = cat(rng);
        for (int r = 0; r < Raters; ++r) {
            if (uni(rng) < 0.05) {
                continue; // a few missing ratings
            }
            t.setRating(unit, r, uni(rng) < 0.7 ? truth : cat(rng));
        }
    }
    return t;
}

const std::vector<RatingsTable> &tables()
{
    static const std::vector<RatingsTable> s_tables = [] {
        std::mt19937 rng(42);
        std::vector<RatingsTable> v;
        for (int k : Categories) {
            v.push_back(makeTable(k, rng));
        }
        return v;
    }();
    return s_tables;
}

/// From the ratings to every coefficient (no bootstrap) of all five dimensions.
void BM_AllDimensionsFromRatings(benchmark::State &state)
{
    const auto &t = tables();
    for (auto _ : state) {
        for (const RatingsTable &table : t) {
            const AgreementCounts counts(table);
            benchmark::DoNotOptimize(computeAgreement(counts));
        }
    }
}
BENCHMARK(BM_AllDimensionsFromRatings)->Unit(benchmark::kMillisecond);

/// Every coefficient of all five dimensions from the kept counts.
void BM_AllDimensionsFromCounts(benchmark::State &state)
{
    std::vector<AgreementCounts> counts;
    for (const RatingsTable &table : tables()) {
        counts.emplace_back(table);
    }
    for (auto _ : state) {
        for (const AgreementCounts &c : counts) {
            benchmark::DoNotOptimize(computeAgreement(c));
        }
    }
}
BENCHMARK(BM_AllDimensionsFromCounts)->Unit(benchmark::kMicrosecond);

/// One rating changes (the largest dimension): update the counts and recompute every
/// coefficient of that dimension.
void BM_OneChangedRating(benchmark::State &state)
{
    AgreementCounts counts(tables()[4]);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> unit(0, Units - 1);
    std::uniform_int_distribution<int> rater(0, Raters - 1);
    std::uniform_int_distribution<int> cat(0, Categories[4] - 1);
    for (auto _ : state) {
        counts.setRating(unit(rng), rater(rng), cat(rng));
        benchmark::DoNotOptimize(computeAgreement(counts));
    }
}
BENCHMARK(BM_OneChangedRating)->Unit(benchmark::kMicrosecond);

/// Only the count update of one changed rating.
void BM_OneChangedRatingCountsOnly(benchmark::State &state)
{
    AgreementCounts counts(tables()[4]);
    std::mt19937 rng(8);
    std::uniform_int_distribution<int> unit(0, Units - 1);
    std::uniform_int_distribution<int> rater(0, Raters - 1);
    std::uniform_int_distribution<int> cat(0, Categories[4] - 1);
    for (auto _ : state) {
        counts.setRating(unit(rng), rater(rng), cat(rng));
    }
}
BENCHMARK(BM_OneChangedRatingCountsOnly)->Unit(benchmark::kNanosecond);

/// Krippendorff's alpha bootstrap, 1,000 resamples of 100,000 units.
void BM_Bootstrap1000(benchmark::State &state)
{
    const AgreementCounts counts(tables()[4]);
    for (auto _ : state) {
        benchmark::DoNotOptimize(bootstrapAlpha(counts, AlphaLevel::Nominal, 1000, 1));
    }
}
BENCHMARK(BM_Bootstrap1000)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
