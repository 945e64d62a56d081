// SPDX-License-Identifier: GPL-3.0-or-later
// Properties every agreement figure must have, on random data: invariance under relabeling
// categories and reordering units and raters, 1 for perfect agreement, undefined for 0/0,
// incremental updates equal to a computation from scratch, a reproducible bootstrap.
#include "agreement/agreementjson.h"
#include "agreement/coefficients.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <cmath>
#include <random>

using namespace Concord;

namespace {

RatingsTable randomTable(std::mt19937 &rng, int units, int raters, int k, double missing)
{
    RatingsTable t;
    for (int r = 0; r < raters; ++r) {
        t.addRater(QStringLiteral("rater %1").arg(r));
    }
    for (int c = 0; c < k; ++c) {
        t.addCategory(QStringLiteral("c%1").arg(c));
    }
    std::uniform_real_distribution<double> uni(0, 1);
    std::uniform_int_distribution<int> cat(0, k - 1);
    for (int u = 0; u < units; ++u) {
        const int unit = t.addUnit(QStringLiteral("u%1").arg(u));
        const int truth = cat(rng);
        for (int r = 0; r < raters; ++r) {
            if (uni(rng) < missing) {
                continue;
            }
            t.setRating(unit, r, uni(rng) < 0.6 ? truth : cat(rng));
        }
    }
    return t;
}

/// The figures that must not change; nominal only when `nominalOnly`.
std::vector<std::optional<double>> figures(const AgreementReport &r, bool nominalOnly)
{
    std::vector<std::optional<double>> v{r.percentAgreement.value, r.fleissKappa.value, r.fleissKappa.se,
                                         r.krippendorffAlpha.value, r.gwetAc1.value, r.gwetAc1.se,
                                         r.brennanPrediger.value, r.brennanPrediger.se, r.cohenKappa.value,
                                         r.cohenKappa.se, r.scottPi.value};
    if (!nominalOnly && r.krippendorffAlphaOrdinal) {
        v.push_back(r.krippendorffAlphaOrdinal->value);
        v.push_back(r.krippendorffAlphaInterval->value);
        if (r.weightedKappaLinear) {
            v.push_back(r.weightedKappaLinear->value);
            v.push_back(r.weightedKappaLinear->se);
            v.push_back(r.weightedKappaQuadratic->value);
        }
    }
    return v;
}

bool same(const std::vector<std::optional<double>> &a, const std::vector<std::optional<double>> &b, QString *why)
{
    if (a.size() != b.size()) {
        *why = QStringLiteral("different number of figures");
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].has_value() != b[i].has_value()) {
            *why = QStringLiteral("figure %1 defined in one and not the other").arg(i);
            return false;
        }
        if (a[i] && std::abs(*a[i] - *b[i]) > 1e-9) {
            *why = QStringLiteral("figure %1: %2 vs %3").arg(i).arg(*a[i], 0, 'g', 15).arg(*b[i], 0, 'g', 15);
            return false;
        }
    }
    return true;
}

AgreementReport reportOf(const RatingsTable &t)
{
    return computeAgreement(AgreementCounts(t));
}

} // namespace

class TestProperties : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relabelingCategories()
    {
        std::mt19937 rng(1);
        for (int round = 0; round < 20; ++round) {
            const int raters = 2 + round % 3;
            const int k = 2 + round % 5;
            const RatingsTable t = randomTable(rng, 30 + round * 5, raters, k, round % 2 ? 0.2 : 0.0);
            // New names in a shuffled order: the same partition of the ratings.
            std::vector<int> perm(static_cast<size_t>(k));
            std::iota(perm.begin(), perm.end(), 0);
            std::shuffle(perm.begin(), perm.end(), rng);
            RatingsTable relabeled;
            for (int r = 0; r < raters; ++r) {
                relabeled.addRater(t.raters().at(r));
            }
            for (int c = 0; c < k; ++c) {
                relabeled.addCategory(QStringLiteral("renamed %1").arg(perm[size_t(c)]));
            }
            for (int u = 0; u < t.unitCount(); ++u) {
                const int unit = relabeled.addUnit(t.units().at(u));
                for (int r = 0; r < raters; ++r) {
                    const int c = t.rating(u, r);
                    relabeled.setRating(unit, r, c < 0 ? c : relabeled.categoryIndex(QStringLiteral("renamed %1").arg(perm[size_t(c)])));
                }
            }
            QString why;
            QVERIFY2(same(figures(reportOf(t), true), figures(reportOf(relabeled), true), &why), qPrintable(why));
        }
    }

    void reorderingUnitsAndRaters()
    {
        std::mt19937 rng(2);
        for (int round = 0; round < 20; ++round) {
            const int raters = 2 + round % 4;
            const int k = 2 + round % 4;
            RatingsTable t = randomTable(rng, 40 + round, raters, k, round % 2 ? 0.25 : 0.0);
            t.setOrdered(true);
            std::vector<int> units(static_cast<size_t>(t.unitCount()));
            std::iota(units.begin(), units.end(), 0);
            std::shuffle(units.begin(), units.end(), rng);
            QList<int> raterOrder;
            for (int r = raters - 1; r >= 0; --r) {
                raterOrder.append(r);
            }
            RatingsTable reordered;
            for (int r : raterOrder) {
                reordered.addRater(t.raters().at(r));
            }
            for (const QString &c : t.categories()) {
                reordered.addCategory(c);
            }
            reordered.setOrdered(true);
            for (int u : units) {
                const int unit = reordered.addUnit(t.units().at(u));
                for (int i = 0; i < raters; ++i) {
                    reordered.setRating(unit, i, t.rating(u, raterOrder.at(i)));
                }
            }
            QString why;
            QVERIFY2(same(figures(reportOf(t), false), figures(reportOf(reordered), false), &why),
                     qPrintable(QStringLiteral("round %1: %2").arg(round).arg(why)));
        }
    }

    void perfectAgreementIsOne()
    {
        std::mt19937 rng(3);
        for (int raters = 2; raters <= 5; ++raters) {
            RatingsTable t = randomTable(rng, 25, 1, 4, 0.0).withRaters({0});
            for (int r = 1; r < raters; ++r) {
                t.addRater(QStringLiteral("copy %1").arg(r));
                for (int u = 0; u < t.unitCount(); ++u) {
                    t.setRating(u, r, t.rating(u, 0));
                }
            }
            t.setOrdered(true);
            const AgreementReport r = reportOf(t);
            for (const Coefficient *c : {&r.percentAgreement, &r.fleissKappa, &r.krippendorffAlpha, &r.gwetAc1,
                                         &r.brennanPrediger, &*r.krippendorffAlphaOrdinal, &*r.krippendorffAlphaInterval}) {
                QVERIFY2(c->isDefined(), qPrintable(c->undefinedReason));
                QCOMPARE(*c->value, 1.0);
            }
            if (raters == 2) {
                QCOMPARE(*r.cohenKappa.value, 1.0);
                QCOMPARE(*r.scottPi.value, 1.0);
                QCOMPARE(*r.weightedKappaLinear->value, 1.0);
            }
        }
    }

    void zeroOverZeroIsUndefined()
    {
        // Every rating in one category: kappa, pi and alpha are 0/0.
        RatingsTable t;
        t.addCategory(QStringLiteral("none"));
        t.addCategory(QStringLiteral("bug"));
        for (int u = 0; u < 10; ++u) {
            t.setRating(QStringLiteral("u%1").arg(u), QStringLiteral("A"), QStringLiteral("none"));
            t.setRating(QStringLiteral("u%1").arg(u), QStringLiteral("B"), QStringLiteral("none"));
        }
        const AgreementReport r = reportOf(t);
        QCOMPARE(*r.percentAgreement.value, 1.0);
        for (const Coefficient *c : {&r.cohenKappa, &r.scottPi, &r.fleissKappa, &r.krippendorffAlpha}) {
            QVERIFY(!c->isDefined());
            QVERIFY(!c->undefinedReason.isEmpty());
            QVERIFY(!c->se && !c->ci95);
        }
        QCOMPARE(r.cohenKappa.observed, 1.0);
        QCOMPARE(r.cohenKappa.expected, 1.0);
        // AC1 and Brennan–Prediger have a chance agreement below 1 here: defined.
        QCOMPARE(*r.gwetAc1.value, 1.0);
        QCOMPARE(*r.brennanPrediger.value, 1.0);
        // The category "bug" was never chosen: its kappa is undefined, not 0.
        QVERIFY(!r.perCategory[1].kappa.isDefined());

        // One unit on which both raters agree: 0/0 too.
        RatingsTable one;
        one.setRating(QStringLiteral("u"), QStringLiteral("A"), QStringLiteral("x"));
        one.setRating(QStringLiteral("u"), QStringLiteral("B"), QStringLiteral("x"));
        const AgreementReport r1 = reportOf(one);
        QVERIFY(!r1.cohenKappa.isDefined());
        QVERIFY(!r1.krippendorffAlpha.isDefined());
        QVERIFY(!r1.gwetAc1.isDefined()); // one possible category
        QVERIFY(!r1.brennanPrediger.isDefined());

        // Nobody rated the same unit twice.
        RatingsTable apart;
        apart.setRating(QStringLiteral("u1"), QStringLiteral("A"), QStringLiteral("x"));
        apart.setRating(QStringLiteral("u2"), QStringLiteral("B"), QStringLiteral("y"));
        const AgreementReport r2 = reportOf(apart);
        for (const Coefficient *c : {&r2.percentAgreement, &r2.cohenKappa, &r2.fleissKappa, &r2.krippendorffAlpha,
                                     &r2.gwetAc1, &r2.brennanPrediger}) {
            QVERIFY(!c->isDefined());
            QVERIFY(!c->undefinedReason.isEmpty());
        }

        // In JSON: null value and a reason, never 0 or 1.
        const QJsonObject json = agreementReportToJson(r, QStringLiteral("category"), 0);
        const QJsonObject kappa = json.value(QStringLiteral("statistics")).toObject().value(QStringLiteral("cohen_kappa")).toObject();
        QVERIFY(kappa.value(QStringLiteral("value")).isNull());
        QVERIFY(kappa.value(QStringLiteral("se")).isNull());
        QVERIFY(kappa.value(QStringLiteral("ci95")).isNull());
        QVERIFY(!kappa.value(QStringLiteral("undefined_reason")).toString().isEmpty());
        QCOMPARE(kappa.value(QStringLiteral("observed")).toDouble(), 1.0);
    }

    void incrementalEqualsFromScratch()
    {
        std::mt19937 rng(4);
        for (int round = 0; round < 6; ++round) {
            const int raters = 2 + round % 3;
            const int k = 3 + round;
            RatingsTable t = randomTable(rng, 200, raters, k, 0.1);
            t.setOrdered(true);
            AgreementCounts live(t);
            std::uniform_int_distribution<int> unit(0, t.unitCount() - 1);
            std::uniform_int_distribution<int> rater(0, raters - 1);
            std::uniform_int_distribution<int> cat(-1, k - 1);
            for (int step = 0; step < 3000; ++step) {
                const int u = unit(rng);
                const int r = rater(rng);
                const int c = cat(rng);
                live.setRating(u, r, c);
                t.setRating(u, r, c);
                if (step % 500 == 499) {
                    const AgreementReport incremental = computeAgreement(live);
                    const AgreementReport scratch = computeAgreement(AgreementCounts(t));
                    QString why;
                    QVERIFY2(same(figures(incremental, false), figures(scratch, false), &why),
                             qPrintable(QStringLiteral("round %1 step %2: %3").arg(round).arg(step).arg(why)));
                    QCOMPARE(incremental.pairableUnits, scratch.pairableUnits);
                    for (size_t i = 0; i < incremental.pairs.size(); ++i) {
                        QCOMPARE(incremental.pairs[i].n, scratch.pairs[i].n);
                    }
                }
            }
        }
        // A category added while labeling (the codebook grows).
        std::mt19937 rng2(5);
        RatingsTable t = randomTable(rng2, 50, 2, 3, 0.0);
        AgreementCounts live(t);
        const int added = live.addCategory(QStringLiteral("new value"));
        live.setRating(0, 0, added);
        live.setRating(0, 1, added);
        t.addCategory(QStringLiteral("new value"));
        t.setRating(0, 0, added);
        t.setRating(0, 1, added);
        QString why;
        QVERIFY2(same(figures(computeAgreement(live), true), figures(reportOf(t), true), &why), qPrintable(why));
    }

    void bootstrapIsReproducible()
    {
        std::mt19937 rng(6);
        const RatingsTable t = randomTable(rng, 300, 3, 4, 0.1);
        const AgreementCounts counts(t);
        const BootstrapInterval a = bootstrapAlpha(counts, AlphaLevel::Nominal, 500, 42);
        const BootstrapInterval b = bootstrapAlpha(counts, AlphaLevel::Nominal, 500, 42);
        const BootstrapInterval c = bootstrapAlpha(counts, AlphaLevel::Nominal, 500, 43);
        QVERIFY(a.ci95 && b.ci95 && c.ci95);
        QCOMPARE(a.ci95->first, b.ci95->first);
        QCOMPARE(a.ci95->second, b.ci95->second);
        QVERIFY(a.ci95->first != c.ci95->first || a.ci95->second != c.ci95->second);
        QCOMPARE(a.validResamples, 500);
        const double alpha = *krippendorffAlpha(counts, AlphaLevel::Nominal).value;
        QVERIFY(a.ci95->first < alpha && alpha < a.ci95->second);
        // Width near 2 × 1.96 × the sampling SD; a crude check that it is neither zero nor wild.
        QVERIFY(a.ci95->second - a.ci95->first > 0.02);
        QVERIFY(a.ci95->second - a.ci95->first < 0.4);
        for (AlphaLevel level : {AlphaLevel::Ordinal, AlphaLevel::Interval}) {
            const BootstrapInterval i = bootstrapAlpha(counts, level, 300, 7);
            QVERIFY(i.ci95);
            const double v = *krippendorffAlpha(counts, level).value;
            QVERIFY(i.ci95->first < v && v < i.ci95->second);
        }
    }
};

QTEST_GUILESS_MAIN(TestProperties)
#include "tst_properties.moc"
