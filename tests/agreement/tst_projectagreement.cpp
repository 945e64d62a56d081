// SPDX-License-Identifier: GPL-3.0-or-later
// Agreement on the study's sample dump, imported through the real importer into a real
// project file, against figures computed straight from the dump's JSON by
// reference_ponder.py (its own reading of the dump, scikit-learn's kappa).
#include "agreement/coefficients.h"
#include "agreement/projectunits.h"
#include "import/importer.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Concord;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");

QJsonObject reference(const QStringList &flags)
{
    QProcess python;
    python.start(QStringLiteral("python3"),
                 QStringList{QStringLiteral(CONCORD_SOURCE_DIR "/tests/agreement/reference_ponder.py"), s_dump} + flags);
    if (!python.waitForStarted() || !python.waitForFinished(120000) || python.exitCode() != 0) {
        qWarning() << python.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

} // namespace

class TestProjectAgreement : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Project> m_project;

    void compareAllPairs(const QJsonObject &ref, bool gatePassed, bool emptyAsMissing)
    {
        QCOMPARE(ref.size(), 10); // 5 raters → 10 pairs
        int kappas = 0;
        for (auto it = ref.begin(); it != ref.end(); ++it) {
            const QStringList pair = it.key().split(QLatin1Char('|'));
            ProjectAgreementOptions o;
            o.raters = pair;
            o.gatePassedOnly = gatePassed;
            o.emptyAsMissing = emptyAsMissing;
            QString error;
            const auto dims = assembleProjectUnits(*m_project, o, &error);
            QVERIFY2(dims, qPrintable(error));
            QCOMPARE(dims->size(), size_t(5));
            for (const DimensionUnits &d : *dims) {
                const QJsonObject r = it.value().toObject().value(d.dimension.key).toObject();
                const QString tag = it.key() + QLatin1Char(' ') + d.dimension.key;
                QVERIFY2(!r.isEmpty(), qPrintable(tag));
                QCOMPARE(d.units.notComparable, qint64(r.value(QStringLiteral("n_not_comparable")).toInt()));
                const AgreementReport report = computeAgreement(AgreementCounts(d.units.table));
                QVERIFY2(report.pairableUnits == r.value(QStringLiteral("n_pairable")).toInt(),
                         qPrintable(tag + QStringLiteral(": %1 pairable units, reference %2").arg(report.pairableUnits).arg(r.value(QStringLiteral("n_pairable")).toInt())));
                const QJsonValue pa = r.value(QStringLiteral("percent_agreement"));
                QCOMPARE(report.percentAgreement.isDefined(), !pa.isNull());
                if (!pa.isNull()) {
                    QVERIFY(std::abs(*report.percentAgreement.value - pa.toDouble()) < 1e-12);
                }
                const QJsonValue k = r.value(QStringLiteral("cohen_kappa"));
                if (k.isNull()) {
                    QVERIFY2(!report.cohenKappa.isDefined(), qPrintable(tag));
                } else {
                    QVERIFY2(report.cohenKappa.isDefined(), qPrintable(tag + QLatin1Char(' ') + report.cohenKappa.undefinedReason));
                    QVERIFY2(std::abs(*report.cohenKappa.value - k.toDouble()) < 1e-12,
                             qPrintable(tag + QStringLiteral(": kappa %1, reference %2").arg(*report.cohenKappa.value).arg(k.toDouble())));
                    ++kappas;
                }
            }
        }
        QVERIFY(kappas >= 10); // the sample has real overlap; a test comparing only undefined figures proves little
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("sample.concord"));
        QString error;
        m_project = Project::create(m_path, &error);
        QVERIFY2(m_project, qPrintable(error));
        ImportRequest request;
        request.files = {s_dump};
        request.format = ImportFormat::Ponder;
        ImportResult result;
        QVERIFY2(importFiles(*m_project, request, &result, &error), qPrintable(error));
        QCOMPARE(m_project->raters().size(), 5);
    }

    void everyPairEveryDimension()
    {
        compareAllPairs(reference({}), false, false);
    }

    void gatePassedAndEmptyAsMissing()
    {
        compareAllPairs(reference({QStringLiteral("--gate-passed")}), true, false);
        compareAllPairs(reference({QStringLiteral("--empty-as-missing")}), false, true);
    }

    void gateFilterLowersAgreement()
    {
        // The study's observation: excluding units where both said "not a fix" (and left
        // everything empty, which agrees as "none") lowers category agreement.
        ProjectAgreementOptions all;
        all.dimensions = {QStringLiteral("category")};
        all.raters = {QStringLiteral("R1"), QStringLiteral("R2")};
        ProjectAgreementOptions gated = all;
        gated.gatePassedOnly = true;
        QString error;
        const auto a = assembleProjectUnits(*m_project, all, &error);
        const auto g = assembleProjectUnits(*m_project, gated, &error);
        QVERIFY(a && g);
        const AgreementReport ra = computeAgreement(AgreementCounts(a->front().units.table));
        const AgreementReport rg = computeAgreement(AgreementCounts(g->front().units.table));
        QVERIFY(rg.pairableUnits < ra.pairableUnits);
        QVERIFY(g->front().units.excludedByGate > 0);
        QVERIFY(*rg.percentAgreement.value < *ra.percentAgreement.value);
    }

    void cliOnTheProject()
    {
        QProcess p;
        p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"),
                {QStringLiteral("agreement"), m_path, QStringLiteral("--dimension"), QStringLiteral("category"),
                 QStringLiteral("--raters"), QStringLiteral("Rater 1,R2"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(o.value(QStringLiteral("dimension")).toString(), QStringLiteral("category"));
        QCOMPARE(o.value(QStringLiteral("raters")).toArray(), (QJsonArray{QStringLiteral("Rater 1"), QStringLiteral("Rater 2")}));
        const QJsonObject ref = reference({}).value(QStringLiteral("Rater 1|Rater 2")).toObject().value(QStringLiteral("category")).toObject();
        QCOMPARE(o.value(QStringLiteral("n_not_comparable")).toInt(), ref.value(QStringLiteral("n_not_comparable")).toInt());
        const double kappa = o.value(QStringLiteral("statistics")).toObject().value(QStringLiteral("cohen_kappa")).toObject().value(QStringLiteral("value")).toDouble();
        QVERIFY(std::abs(kappa - ref.value(QStringLiteral("cohen_kappa")).toDouble()) < 1e-12);
        QVERIFY(o.contains(QStringLiteral("confusion")));

        // All dimensions: one object with a list.
        QProcess all;
        all.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"),
                  {QStringLiteral("agreement"), m_path, QStringLiteral("--raters"), QStringLiteral("R1,R2"), QStringLiteral("--json")});
        QVERIFY(all.waitForFinished(60000));
        QCOMPARE(all.exitCode(), 0);
        QCOMPARE(QJsonDocument::fromJson(all.readAllStandardOutput()).object().value(QStringLiteral("dimensions")).toArray().size(), 5);

        // Unknown names are data errors that say what exists.
        QProcess bad;
        bad.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"),
                  {QStringLiteral("agreement"), m_path, QStringLiteral("--dimension"), QStringLiteral("colour")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
        const QString err = QString::fromUtf8(bad.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("colour")) && err.contains(QStringLiteral("category")), qPrintable(err));
        QProcess badRater;
        badRater.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"),
                       {QStringLiteral("agreement"), m_path, QStringLiteral("--raters"), QStringLiteral("R1,R9")});
        QVERIFY(badRater.waitForFinished(60000));
        QCOMPARE(badRater.exitCode(), 2);
        QVERIFY(QString::fromUtf8(badRater.readAllStandardError()).contains(QStringLiteral("R9")));
    }

    // Last: it changes the shared project. A codebook dimension marked ordered gets the
    // ordered coefficients in `agreement PROJECT`, which --ratings files had with --ordered.
    void orderedDimensionGetsWeightedKappa()
    {
        auto run = [&] {
            QProcess p;
            p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"),
                    {QStringLiteral("agreement"), m_path, QStringLiteral("--dimension"), QStringLiteral("symptom"),
                     QStringLiteral("--raters"), QStringLiteral("R1,R2"), QStringLiteral("--json")});
            p.waitForFinished(60000);
            return QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("statistics")).toObject();
        };
        const QJsonObject before = run();
        QVERIFY(before.contains(QStringLiteral("cohen_kappa")));
        QVERIFY(!before.contains(QStringLiteral("weighted_kappa_linear")));
        QVERIFY(!before.contains(QStringLiteral("krippendorff_alpha_ordinal")));

        QString error;
        const std::optional<Codebook> book = m_project->codebook(&error);
        QVERIFY2(book, qPrintable(error));
        Dimension symptom = *book->dimensionByKey(QStringLiteral("symptom"));
        QVERIFY(!symptom.ordered);
        symptom.ordered = true;
        QVERIFY2(m_project->updateDimension(symptom, &error), qPrintable(error));
        QVERIFY(m_project->codebook(&error)->dimensionByKey(QStringLiteral("symptom"))->ordered);

        const QJsonObject after = run();
        QVERIFY(after.contains(QStringLiteral("weighted_kappa_linear")));
        QVERIFY(after.contains(QStringLiteral("weighted_kappa_quadratic")));
        QVERIFY(after.contains(QStringLiteral("krippendorff_alpha_ordinal")));
        // Unweighted kappa does not depend on the order of the categories.
        QCOMPARE(after.value(QStringLiteral("cohen_kappa")), before.value(QStringLiteral("cohen_kappa")));
    }
};

QTEST_GUILESS_MAIN(TestProjectAgreement)
#include "tst_projectagreement.moc"
