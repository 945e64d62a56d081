// SPDX-License-Identifier: GPL-3.0-or-later
// Differential tests: random reliability data, Concord's figures against independent
// implementations from Debian's archive (statsmodels, scikit-learn, NLTK), run by
// reference_agreement.py through QProcess.
//
// Known deviations, checked here rather than hidden:
//  - NLTK's alpha() returns 1.0 when every pairable value is the same; Concord reports the
//    coefficient as undefined (0/0), as the issue asks.
//  - statsmodels/scikit-learn compute Cohen's kappa on the units both raters rated; so
//    does Concord (units with one rating are left out of the pair's table).
//  - R's irr::kripp.alpha is not in the archive; it is not used.
#include "agreement/coefficients.h"
#include "agreement/multiplechoice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace Concord;

namespace {

struct Case
{
    QString id;
    int raters = 2;
    int k = 2;
    std::vector<std::vector<int>> units; // -1 missing
    std::vector<std::vector<std::optional<std::vector<int>>>> sets;
    bool isSets = false;
};

RatingsTable tableOf(const Case &c)
{
    RatingsTable t;
    for (int r = 0; r < c.raters; ++r) {
        t.addRater(QStringLiteral("r%1").arg(r));
    }
    for (int k = 0; k < c.k; ++k) {
        t.addCategory(QString::number(k));
    }
    for (size_t u = 0; u < c.units.size(); ++u) {
        const int unit = t.addUnit(QString::number(u));
        for (int r = 0; r < c.raters; ++r) {
            t.setRating(unit, r, c.units[u][size_t(r)]);
        }
    }
    t.setOrdered(true);
    return t;
}

SetRatingsTable setTableOf(const Case &c)
{
    SetRatingsTable t;
    for (int r = 0; r < c.raters; ++r) {
        t.addRater(QStringLiteral("r%1").arg(r));
    }
    for (int k = 0; k < c.k; ++k) {
        t.addValue(QString::number(k));
    }
    for (size_t u = 0; u < c.sets.size(); ++u) {
        const int unit = t.addUnit(QString::number(u));
        for (int r = 0; r < c.raters; ++r) {
            if (c.sets[u][size_t(r)]) {
                t.setRating(unit, r, *c.sets[u][size_t(r)]);
            }
        }
    }
    return t;
}

QJsonObject caseToJson(const Case &c)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), c.id);
    o.insert(QStringLiteral("kind"), c.isSets ? QStringLiteral("sets") : QStringLiteral("single"));
    o.insert(QStringLiteral("raters"), c.raters);
    o.insert(QStringLiteral("K"), c.k);
    QJsonArray units;
    if (c.isSets) {
        for (const auto &u : c.sets) {
            QJsonArray row;
            for (const auto &cell : u) {
                if (!cell) {
                    row.append(QJsonValue::Null);
                } else {
                    QJsonArray s;
                    for (int v : *cell) {
                        s.append(v);
                    }
                    row.append(s);
                }
            }
            units.append(row);
        }
    } else {
        for (const auto &u : c.units) {
            QJsonArray row;
            for (int v : u) {
                row.append(v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v));
            }
            units.append(row);
        }
    }
    o.insert(QStringLiteral("units"), units);
    return o;
}

/// Raters who mostly follow a unit's "true" category (so agreement is neither 0 nor 1),
/// with skewed category shares and some missing ratings.
Case randomCase(std::mt19937 &rng, const QString &id, int raters, int k, int units, double missing, bool sets)
{
    Case c;
    c.id = id;
    c.raters = raters;
    c.k = k;
    c.isSets = sets;
    std::uniform_real_distribution<double> uni(0, 1);
    std::vector<double> weights(static_cast<size_t>(k));
    for (double &w : weights) {
        w = 0.2 + uni(rng);
    }
    std::discrete_distribution<int> category(weights.begin(), weights.end());
    const double follow = 0.3 + 0.6 * uni(rng);
    for (int u = 0; u < units; ++u) {
        const int truth = category(rng);
        std::vector<int> row;
        std::vector<std::optional<std::vector<int>>> setRow;
        int present = 0;
        for (int r = 0; r < raters; ++r) {
            const bool isMissing = uni(rng) < missing && present + (raters - r) > 2;
            if (sets) {
                if (isMissing) {
                    setRow.push_back(std::nullopt);
                    continue;
                }
                std::vector<int> s;
                for (int v = 0; v < k; ++v) {
                    const bool inTruth = (truth >> (v % 3)) & 1;
                    if ((uni(rng) < follow) ? inTruth : uni(rng) < 0.3) {
                        s.push_back(v);
                    }
                }
                if (s.empty()) {
                    s.push_back(truth % k); // NLTK's distances divide by |A ∪ B|
                }
                setRow.push_back(s);
            } else {
                row.push_back(isMissing ? -1 : (uni(rng) < follow ? truth : category(rng)));
            }
            ++present;
        }
        c.units.push_back(row);
        c.sets.push_back(setRow);
    }
    return c;
}

} // namespace

class TestDifferential : public QObject
{
    Q_OBJECT

private:
    QJsonObject m_reference;
    std::vector<Case> m_cases;

    static void compare(const Coefficient &mine, const QJsonValue &theirs, const QString &what, double tolerance = 1e-9)
    {
        if (theirs.isNull() || theirs.isUndefined()) {
            QVERIFY2(!mine.isDefined(), qPrintable(what + QStringLiteral(": reference undefined, Concord %1").arg(*mine.value)));
            return;
        }
        QVERIFY2(mine.isDefined(), qPrintable(what + QStringLiteral(": Concord undefined (%1), reference %2")
                                                          .arg(mine.undefinedReason)
                                                          .arg(theirs.toDouble())));
        QVERIFY2(std::abs(*mine.value - theirs.toDouble()) <= tolerance,
                 qPrintable(what + QStringLiteral(": Concord %1, reference %2").arg(*mine.value, 0, 'g', 12).arg(theirs.toDouble(), 0, 'g', 12)));
    }
    static void compareSe(const Coefficient &mine, const QJsonValue &theirs, const QString &what)
    {
        QVERIFY2(mine.se && !theirs.isNull(), qPrintable(what + QStringLiteral(": standard error missing")));
        QVERIFY2(std::abs(*mine.se - theirs.toDouble()) <= 1e-9,
                 qPrintable(what + QStringLiteral(": SE Concord %1, reference %2").arg(*mine.se, 0, 'g', 12).arg(theirs.toDouble(), 0, 'g', 12)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        std::mt19937 rng(20261125);
        int id = 0;
        auto add = [&](int raters, int k, int units, double missing, bool sets = false) {
            m_cases.push_back(randomCase(rng, QStringLiteral("c%1").arg(id++), raters, k, units, missing, sets));
        };
        for (int i = 0; i < 16; ++i) {
            add(2, 2 + i % 5, 8 + 13 * i, 0.0);
        }
        for (int i = 0; i < 8; ++i) {
            add(2, 3 + i % 3, 30 + 7 * i, 0.15);
        }
        for (int i = 0; i < 12; ++i) {
            add(3 + i % 4, 2 + i % 5, 10 + 11 * i, 0.0);
        }
        for (int i = 0; i < 10; ++i) {
            add(3 + i % 3, 3 + i % 4, 20 + 9 * i, 0.25);
        }
        for (int i = 0; i < 8; ++i) {
            add(2 + i % 3, 3 + i % 3, 15 + 10 * i, i < 4 ? 0.0 : 0.2, true);
        }
        QJsonArray cases;
        for (const Case &c : m_cases) {
            cases.append(caseToJson(c));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString input = dir.filePath(QStringLiteral("cases.json"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("cases"), cases}}).toJson(QJsonDocument::Compact));
        f.close();
        QProcess python;
        python.start(QStringLiteral("python3"),
                     {QStringLiteral(CONCORD_SOURCE_DIR "/tests/agreement/reference_agreement.py"), input});
        QVERIFY2(python.waitForStarted(), "python3 is needed (the build root installs it with statsmodels, NLTK, scikit-learn)");
        QVERIFY(python.waitForFinished(300000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QJsonParseError error;
        m_reference = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(m_reference.size(), qsizetype(m_cases.size()));
    }

    void singleChoice()
    {
        int checked = 0;
        for (const Case &c : m_cases) {
            if (c.isSets) {
                continue;
            }
            const QJsonObject ref = m_reference.value(c.id).toObject();
            const AgreementCounts counts(tableOf(c));
            const QString tag = c.id + QStringLiteral(" (%1 raters, K=%2, %3 units)").arg(c.raters).arg(c.k).arg(c.units.size());

            const Coefficient alpha = krippendorffAlpha(counts, AlphaLevel::Nominal);
            if (!alpha.isDefined()) {
                // Known deviation: NLTK says 1.0 for the 0/0 case.
                QCOMPARE(ref.value(QStringLiteral("nltk_alpha_nominal")).toDouble(), 1.0);
            } else {
                compare(alpha, ref.value(QStringLiteral("nltk_alpha_nominal")), tag + QStringLiteral(" alpha nominal vs NLTK"));
                compare(krippendorffAlpha(counts, AlphaLevel::Interval), ref.value(QStringLiteral("nltk_alpha_interval")),
                        tag + QStringLiteral(" alpha interval vs NLTK"));
            }
            if (ref.contains(QStringLiteral("sm_fleiss"))) {
                compare(fleissKappa(counts), ref.value(QStringLiteral("sm_fleiss")), tag + QStringLiteral(" Fleiss vs statsmodels"));
                compare(brennanPrediger(counts), ref.value(QStringLiteral("sm_randolph")),
                        tag + QStringLiteral(" Brennan-Prediger vs statsmodels randolph"));
                compare(c.raters == 2 ? scottPi(counts.pair(0, 1)) : fleissKappa(counts), ref.value(QStringLiteral("nltk_pi")),
                        tag + QStringLiteral(" pi vs NLTK"));
            }
            if (c.raters == 2) {
                const AgreementCounts::Pair &p = counts.pair(0, 1);
                const Coefficient kappa = cohenKappa(p);
                compare(kappa, ref.value(QStringLiteral("sk_cohen")), tag + QStringLiteral(" Cohen vs scikit-learn"));
                compare(kappa, ref.value(QStringLiteral("sm_cohen")), tag + QStringLiteral(" Cohen vs statsmodels"));
                compareSe(kappa, ref.value(QStringLiteral("sm_cohen_se")), tag + QStringLiteral(" Cohen"));
                const Coefficient linear = weightedKappa(counts, p, KappaWeights::Linear);
                compare(linear, ref.value(QStringLiteral("sk_linear")), tag + QStringLiteral(" linear kappa vs scikit-learn"));
                compare(linear, ref.value(QStringLiteral("sm_linear")), tag + QStringLiteral(" linear kappa vs statsmodels"));
                compareSe(linear, ref.value(QStringLiteral("sm_linear_se")), tag + QStringLiteral(" linear kappa"));
                const Coefficient quadratic = weightedKappa(counts, p, KappaWeights::Quadratic);
                compare(quadratic, ref.value(QStringLiteral("sk_quadratic")), tag + QStringLiteral(" quadratic kappa vs scikit-learn"));
                compare(quadratic, ref.value(QStringLiteral("sm_quadratic")), tag + QStringLiteral(" quadratic kappa vs statsmodels"));
                compareSe(quadratic, ref.value(QStringLiteral("sm_quadratic_se")), tag + QStringLiteral(" quadratic kappa"));
            }
            const Coefficient ac1 = gwetAc1(counts);
            compare(ac1, ref.value(QStringLiteral("gwet_ac1")), tag + QStringLiteral(" AC1 vs direct Gwet"));
            compareSe(ac1, ref.value(QStringLiteral("gwet_ac1_se")), tag + QStringLiteral(" AC1"));
            const Coefficient fleiss = fleissKappa(counts);
            compare(fleiss, ref.value(QStringLiteral("gwet_fleiss")), tag + QStringLiteral(" Fleiss vs direct Gwet"));
            compareSe(fleiss, ref.value(QStringLiteral("gwet_fleiss_se")), tag + QStringLiteral(" Fleiss"));
            const Coefficient bp = brennanPrediger(counts);
            compare(bp, ref.value(QStringLiteral("gwet_bp")), tag + QStringLiteral(" BP vs direct Gwet"));
            compareSe(bp, ref.value(QStringLiteral("gwet_bp_se")), tag + QStringLiteral(" BP"));
            ++checked;
        }
        QCOMPARE(checked, 46);
    }

    void multipleChoice()
    {
        int checked = 0;
        for (const Case &c : m_cases) {
            if (!c.isSets) {
                continue;
            }
            const QJsonObject ref = m_reference.value(c.id).toObject();
            const SetRatingsTable table = setTableOf(c);
            compare(setAlpha(table, SetDistance::Masi), ref.value(QStringLiteral("nltk_alpha_masi")),
                    c.id + QStringLiteral(" alpha MASI vs NLTK"));
            compare(setAlpha(table, SetDistance::Jaccard), ref.value(QStringLiteral("nltk_alpha_jaccard")),
                    c.id + QStringLiteral(" alpha Jaccard vs NLTK"));
            ++checked;
        }
        QCOMPARE(checked, 8);
    }
};

QTEST_GUILESS_MAIN(TestDifferential)
#include "tst_differential.moc"
