// SPDX-License-Identifier: GPL-3.0-or-later
// Published worked examples, reproduced to their published precision. The source of every
// number is cited beside its case; where a figure comes from a reference implementation
// rather than a paper or book, the case says so.
#include "agreement/coefficients.h"

#include <QTest>

#include <cmath>

using namespace Concord;

namespace {

/// Rows are units, columns raters; "." is a missing rating.
RatingsTable wide(const QList<QStringList> &rows, bool ordered = false)
{
    RatingsTable t;
    const qsizetype raters = rows.isEmpty() ? 0 : rows.first().size();
    for (qsizetype r = 0; r < raters; ++r) {
        t.addRater(QStringLiteral("R%1").arg(r + 1));
    }
    for (qsizetype u = 0; u < rows.size(); ++u) {
        const int unit = t.addUnit(QString::number(u + 1));
        for (qsizetype r = 0; r < raters; ++r) {
            const QString v = rows.at(u).at(r);
            if (v != QLatin1String(".")) {
                t.setRating(unit, int(r), t.addCategory(v));
            }
        }
    }
    if (ordered) {
        t.sortCategories();
        t.setOrdered(true);
    }
    return t;
}

QList<QStringList> split(const char *text)
{
    QList<QStringList> rows;
    const QStringList lines = QString::fromLatin1(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        rows.append(line.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    }
    return rows;
}

/// Transposes observer-major text ("one line per observer") to unit rows.
QList<QStringList> observers(const char *text)
{
    const QList<QStringList> byObserver = split(text);
    QList<QStringList> rows(byObserver.first().size());
    for (const QStringList &obs : byObserver) {
        for (qsizetype u = 0; u < obs.size(); ++u) {
            rows[u].append(obs.at(u));
        }
    }
    return rows;
}

/// A contingency table of two raters as unit rows.
RatingsTable fromContingency(const QList<QList<int>> &counts, bool ordered = false)
{
    QList<QStringList> rows;
    for (qsizetype i = 0; i < counts.size(); ++i) {
        for (qsizetype j = 0; j < counts.at(i).size(); ++j) {
            for (int c = 0; c < counts.at(i).at(j); ++c) {
                rows.append({QString::number(i + 1), QString::number(j + 1)});
            }
        }
    }
    RatingsTable t = wide(rows, ordered);
    // keep every category of the table, used or not
    for (qsizetype i = 0; i < counts.size(); ++i) {
        t.addCategory(QString::number(i + 1));
    }
    if (ordered) {
        t.sortCategories();
    }
    return t;
}

/// Fleiss-style count table (units × categories → raters choosing it) as unit rows.
RatingsTable fromCounts(const QList<QList<int>> &counts)
{
    QList<QStringList> rows;
    for (const QList<int> &unit : counts) {
        QStringList row;
        for (qsizetype k = 0; k < unit.size(); ++k) {
            for (int c = 0; c < unit.at(k); ++c) {
                row.append(QString::number(k + 1));
            }
        }
        rows.append(row);
    }
    return wide(rows);
}

// Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C: nominal data,
// any number of observers, missing data (4 observers × 12 units). The same matrix is
// Gwet (2014) Handbook of Inter-Rater Reliability, 4th ed., p. 120 (with unit 12's single
// value given to observer C instead of B: unit 12 is unpairable either way).
const char *s_krippendorffC = R"(
1 2 3 3 2 1 4 1 2 . . .
1 2 3 3 2 2 4 1 2 5 . 3
. 3 3 3 2 3 4 2 2 5 1 .
1 2 3 3 2 4 4 1 2 5 1 .
)";

// Wikipedia, "Krippendorff's alpha", a computational example (3 coders × 15 units);
// alpha nominal 0.691, interval 0.811 as printed there.
const char *s_wikipediaAlpha = R"(
. . . . . 3 4 1 2 1 1 3 3 . 3
1 . 2 1 3 3 4 3 . . . . . . .
. . 2 1 3 4 4 . 2 1 1 3 3 . 4
)";

// Fleiss (1971) "Measuring nominal scale agreement among many raters", Table 1: 30 patients,
// 6 psychiatrists, 5 diagnoses (the rows as statsmodels' test suite and R irr's
// `diagnoses` data hold them). Published kappa .430.
const char *s_fleiss1971 = R"(
4 4 4 4 4 4
2 2 2 5 5 5
2 3 3 3 3 5
5 5 5 5 5 5
2 2 2 4 4 4
1 1 3 3 3 3
3 3 3 3 5 5
1 1 3 3 3 4
1 1 4 4 4 4
5 5 5 5 5 5
1 4 4 4 4 4
1 2 4 4 4 4
2 2 2 3 3 3
1 4 4 4 4 4
2 2 4 4 4 5
3 3 3 3 3 5
1 1 1 4 5 5
1 1 1 1 1 2
2 2 4 4 4 4
1 3 3 5 5 5
5 5 5 5 5 5
2 4 4 4 4 4
2 2 4 5 5 5
1 1 4 4 4 4
1 4 4 4 4 5
2 2 2 2 2 4
1 1 1 1 5 5
2 2 4 4 4 4
1 3 3 3 3 3
5 5 5 5 5 5
)";

// Gwet (2014) Handbook, 4th ed.: 5 observers × 15 units on a 0–3 scale (larger version on
// p. 125); irrCAC's `cac.raw5obser`.
const char *s_gwet5observers = R"(
1 1 2 . 0 0 1 1 2 2 . 0 1 3 1
1 1 3 0 0 0 0 . 2 1 1 0 2 3 1
2 0 3 0 0 0 2 2 2 1 0 0 2 2 1
. 1 3 . . . . 0 . 1 0 0 2 2 .
2 . . 0 0 0 1 . 2 . . . . 3 1
)";

} // namespace

class TestPublishedExamples : public QObject
{
    Q_OBJECT

private:
    static void expectValue(const Coefficient &c, double expected, double tolerance, const char *what)
    {
        QVERIFY2(c.isDefined(), qPrintable(QStringLiteral("%1 undefined: %2").arg(QLatin1String(what), c.undefinedReason)));
        QVERIFY2(std::abs(*c.value - expected) <= tolerance,
                 qPrintable(QStringLiteral("%1 = %2, published %3").arg(QLatin1String(what)).arg(*c.value, 0, 'f', 6).arg(expected)));
    }
    static void expectNear(double actual, double expected, double tolerance, const char *what)
    {
        QVERIFY2(std::abs(actual - expected) <= tolerance,
                 qPrintable(QStringLiteral("%1 = %2, published %3").arg(QLatin1String(what)).arg(actual, 0, 'f', 6).arg(expected)));
    }

private Q_SLOTS:
    void krippendorff2011MissingData()
    {
        // Krippendorff (2011) C: nominal .743; the same data as ordinal .815 and interval
        // .849 (Krippendorff 2011 section D; fast-krippendorff's tests hold the same figures).
        AgreementCounts counts(wide(observers(s_krippendorffC), true));
        expectValue(krippendorffAlpha(counts, AlphaLevel::Nominal), 0.743, 0.0005, "alpha nominal");
        expectValue(krippendorffAlpha(counts, AlphaLevel::Ordinal), 0.815, 0.0005, "alpha ordinal");
        expectValue(krippendorffAlpha(counts, AlphaLevel::Interval), 0.849, 0.0005, "alpha interval");
        // Krippendorff prints the coincidence matrix of this example: n.. = 40 pairable
        // values, n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3.
        QCOMPARE(counts.pairableValues(), qint64(40));
        QCOMPARE(counts.pairableTotals(), (std::vector<qint64>{9, 13, 10, 5, 3}));
    }

    void wikipediaAlphaExample()
    {
        AgreementCounts counts(wide(observers(s_wikipediaAlpha), true));
        expectValue(krippendorffAlpha(counts, AlphaLevel::Nominal), 0.691, 0.0005, "alpha nominal");
        expectValue(krippendorffAlpha(counts, AlphaLevel::Interval), 0.811, 0.0005, "alpha interval");
    }

    void gwetHandbookFourRaters()
    {
        // Gwet (2014), data of p. 120; figures as printed by Gwet's irrCAC (R) and its
        // Python port's tests (afergadis/irrCAC test_gwet.py, test_bp.py, test_fleiss.py):
        // AC1 pa .818 pe .190 AC1 .775 se .143 CI (.461, 1); BP pe .200 .773 se .145
        // CI (.454, 1); Fleiss pe .239 kappa .761 CI (.424, 1). CIs use Student t with
        // n - 1 = 11 df, truncated to [-1, 1].
        AgreementCounts counts(wide(observers(s_krippendorffC)));
        const Coefficient ac1 = gwetAc1(counts);
        expectValue(ac1, 0.775, 0.0005, "AC1");
        expectNear(ac1.observed, 0.818, 0.0005, "AC1 pa");
        expectNear(ac1.expected, 0.190, 0.0005, "AC1 pe");
        QVERIFY(ac1.se);
        expectNear(*ac1.se, 0.143, 0.0005, "AC1 se");
        QVERIFY(ac1.ci95);
        expectNear(ac1.ci95->first, 0.461, 0.0005, "AC1 CI low");
        expectNear(ac1.ci95->second, 1.0, 1e-12, "AC1 CI high");

        const Coefficient bp = brennanPrediger(counts);
        expectValue(bp, 0.773, 0.0005, "BP");
        expectNear(bp.expected, 0.200, 1e-12, "BP pe");
        QVERIFY(bp.se);
        expectNear(*bp.se, 0.145, 0.0005, "BP se");
        expectNear(bp.ci95->first, 0.454, 0.0005, "BP CI low");

        const Coefficient fleiss = fleissKappa(counts);
        expectValue(fleiss, 0.761, 0.0005, "Fleiss");
        expectNear(fleiss.observed, 0.818, 0.0005, "Fleiss pa");
        expectNear(fleiss.expected, 0.239, 0.0005, "Fleiss pe");
        expectNear(fleiss.ci95->first, 0.424, 0.0005, "Fleiss CI low");
    }

    void gwetHandbookFiveObservers()
    {
        // Gwet (2014) 5 observers (irrCAC cac.raw5obser; same sources as above):
        // AC1 .497 se .122 CI (.235, .758); BP .487 se .121; Fleiss .458 se .120
        // CI (.199, .716); Krippendorff's alpha .481.
        AgreementCounts counts(wide(observers(s_gwet5observers)));
        const Coefficient ac1 = gwetAc1(counts);
        expectValue(ac1, 0.497, 0.0005, "AC1");
        expectNear(*ac1.se, 0.122, 0.0005, "AC1 se");
        expectNear(ac1.ci95->first, 0.235, 0.0005, "AC1 CI low");
        expectNear(ac1.ci95->second, 0.758, 0.0005, "AC1 CI high");
        const Coefficient bp = brennanPrediger(counts);
        expectValue(bp, 0.487, 0.0005, "BP");
        expectNear(*bp.se, 0.121, 0.0005, "BP se");
        const Coefficient fleiss = fleissKappa(counts);
        expectValue(fleiss, 0.458, 0.0005, "Fleiss");
        expectNear(*fleiss.se, 0.120, 0.0005, "Fleiss se");
        expectNear(fleiss.ci95->first, 0.199, 0.0005, "Fleiss CI low");
        expectNear(fleiss.ci95->second, 0.716, 0.0005, "Fleiss CI high");
        expectValue(krippendorffAlpha(counts, AlphaLevel::Nominal), 0.481, 0.0005, "alpha");
    }

    void fleiss1971()
    {
        AgreementCounts counts(wide(split(s_fleiss1971)));
        // Fleiss (1971): kappa = .430; R irr kappam.fleiss: 0.4302445.
        expectValue(fleissKappa(counts), 0.4302445, 5e-8, "Fleiss kappa");
    }

    void fleissWikipediaExample()
    {
        // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
        // P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
        AgreementCounts counts(fromCounts({{0, 0, 0, 0, 14},
                                           {0, 2, 6, 4, 2},
                                           {0, 0, 3, 5, 6},
                                           {0, 3, 9, 2, 0},
                                           {2, 2, 8, 1, 1},
                                           {7, 7, 0, 0, 0},
                                           {3, 2, 6, 3, 0},
                                           {2, 5, 3, 2, 2},
                                           {6, 5, 2, 1, 0},
                                           {0, 2, 2, 3, 7}}));
        const Coefficient k = fleissKappa(counts);
        expectValue(k, 0.210, 0.0005, "kappa");
        expectNear(k.observed, 0.378, 0.0005, "P bar");
        expectNear(k.expected, 0.213, 0.0005, "Pe bar");
    }

    void cohenWithStandardErrors()
    {
        // SAS/STAT FREQ documentation example as reproduced in statsmodels' tests
        // (test_inter_rater.py, table10): simple kappa 0.4842, ASE 0.1380, 95% CI
        // (0.2137, 0.7547); weighted kappa with scores 0, 1, 2 (Cicchetti–Allison linear
        // weights) 0.4701, ASE 0.1457, CI (0.1845, 0.7558). The ASE is Fleiss, Cohen &
        // Everitt's (1969) large-sample standard error.
        AgreementCounts counts(fromContingency({{0, 4, 1}, {0, 8, 0}, {0, 1, 5}}, true));
        const Coefficient k = cohenKappa(counts.pair(0, 1));
        expectValue(k, 0.4842, 0.00005, "kappa");
        expectNear(*k.se, 0.1380, 0.00005, "ASE");
        expectNear(k.ci95->first, 0.2137, 0.00005, "CI low");
        expectNear(k.ci95->second, 0.7547, 0.00005, "CI high");
        const Coefficient w = weightedKappa(counts, counts.pair(0, 1), KappaWeights::Linear);
        expectValue(w, 0.4701, 0.00005, "weighted kappa");
        expectNear(*w.se, 0.1457, 0.00005, "weighted ASE");
        expectNear(w.ci95->first, 0.1845, 0.00005, "weighted CI low");
        expectNear(w.ci95->second, 0.7558, 0.00005, "weighted CI high");
    }

    void cohen1960Table1()
    {
        // Cohen (1960) "A coefficient of agreement for nominal scales", Table 1 (proportions,
        // 3 categories): po = .25 + .02 + .02 = .29, pc = .20 + .09 + .06 = .35, so
        // kappa = (.29 - .35) / (1 - .35) = -.092. Kappa depends only on the diagonal and the
        // marginals; the chance products .20, .09, .06 are marginals .50/.30/.20 × .40/.30/.30.
        // The off-diagonal cells below are ours, chosen to fit those marginals (N = 100).
        AgreementCounts counts(fromContingency({{25, 15, 10}, {10, 2, 18}, {5, 13, 2}}));
        const Coefficient k = cohenKappa(counts.pair(0, 1));
        expectNear(k.observed, 0.29, 1e-12, "po");
        expectNear(k.expected, 0.35, 1e-12, "pc");
        expectValue(k, -0.06 / 0.65, 1e-12, "kappa");
    }

    void cohenWikipediaExample()
    {
        // Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, both yes 20,
        // A yes / B no 5, A no / B yes 10, both no 15: po = 0.7, pe = 0.5, kappa = 0.4.
        AgreementCounts counts(fromContingency({{20, 5}, {10, 15}}));
        const Coefficient k = cohenKappa(counts.pair(0, 1));
        expectValue(k, 0.4, 1e-12, "kappa");
        expectNear(k.observed, 0.7, 1e-12, "po");
        expectNear(k.expected, 0.5, 1e-12, "pe");
    }

    void studentT()
    {
        // Tables of Student's t: t(0.975; 11) = 2.200985, t(0.975; 1) = 12.706205,
        // t(0.975; 30) = 2.042272.
        expectNear(studentTQuantile(0.975, 11), 2.200985, 5e-7, "t 11");
        expectNear(studentTQuantile(0.975, 1), 12.706205, 5e-6, "t 1");
        expectNear(studentTQuantile(0.975, 30), 2.042272, 5e-7, "t 30");
    }
};

QTEST_GUILESS_MAIN(TestPublishedExamples)
#include "tst_publishedexamples.moc"
