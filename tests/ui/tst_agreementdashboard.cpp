// SPDX-License-Identifier: GPL-3.0-or-later
// The agreement dashboard on a real project made from the study's sample: its figures are
// those `concord-cli agreement --json` prints (for every dimension and each filter), a
// confusion cell lists exactly the units whose ratings fall in it (read from the store
// independently), a label change through the undo stack updates the figures, and a plain
// rater is told why there is nothing to see.
#include "../common/clirun.h"
#include "uitestproject.h"

#include "agreement/agreementdashboardwindow.h"
#include "agreement/dashboardfigures.h"
#include "document/agreementdashboard.h"
#include "document/agreementreportjob.h"
#include "document/projectdocument.h"
#include "document/reconcilecommands.h"
#include "document/undocommands.h"
#include "mainwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>

#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

bool sameNumber(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// "" when @p c equals the JSON object the CLI printed for it, else what differs.
QString compareCoefficient(const Coefficient &c, const QJsonObject &o)
{
    if (o.value("value"_L1).isNull() != !c.value) {
        return u"value defined in one, undefined in the other"_s;
    }
    if (c.value && !sameNumber(*c.value, o.value("value"_L1).toDouble())) {
        return u"value %1 vs %2"_s.arg(*c.value).arg(o.value("value"_L1).toDouble());
    }
    if (o.value("se"_L1).isNull() != !c.se || (c.se && !sameNumber(*c.se, o.value("se"_L1).toDouble()))) {
        return u"se"_s;
    }
    const QJsonArray ci = o.value("ci95"_L1).toArray();
    if (o.value("ci95"_L1).isNull() != !c.ci95
        || (c.ci95 && (!sameNumber(c.ci95->first, ci.at(0).toDouble()) || !sameNumber(c.ci95->second, ci.at(1).toDouble())))) {
        return u"ci95"_s;
    }
    if (!sameNumber(c.observed, o.value("observed"_L1).toDouble()) || !sameNumber(c.expected, o.value("expected"_L1).toDouble())) {
        return u"observed/expected"_s;
    }
    if (c.n != o.value("n"_L1).toInteger()) {
        return u"n %1 vs %2"_s.arg(c.n).arg(o.value("n"_L1).toInteger());
    }
    return {};
}

QJsonObject runCliJson(const QStringList &arguments)
{
    const CliTest::Run run = CliTest::cli(arguments);
    if (run.exitCode != 0) {
        qWarning() << "concord-cli" << arguments << "failed:" << run.exitCode << run.err;
        return {};
    }
    return QJsonDocument::fromJson(run.out).object();
}

QStringList cliFilterArguments(const DashboardFilters &f)
{
    QStringList args;
    if (f.round) {
        args << u"--round"_s << QString::number(*f.round);
    }
    if (f.dataset) {
        args << u"--dataset"_s << *f.dataset;
    }
    if (f.gatePassedOnly) {
        args << u"--gate-passed"_s;
    }
    if (f.emptyAsMissing) {
        args << u"--empty-as-missing"_s;
    }
    return args;
}

// Every figure of @p figures against what concord-cli prints for the same project and
// filters (the agreement and the decision statistics); QVERIFY-style messages on failure.
void verifyEqualsCli(const QString &path, const DashboardFigures &figures)
{
    const QStringList filterArgs = cliFilterArguments(figures.filters);
    const QJsonObject out = runCliJson(QStringList{u"agreement"_s, path, u"--json"_s} + filterArgs);
    const QJsonArray dims = out.value("dimensions"_L1).toArray();
    QVERIFY2(!dims.isEmpty(), "the CLI printed no dimensions");
    QCOMPARE(qsizetype(figures.dimensions.size()), dims.size());
    for (const QJsonValue &v : dims) {
        const QJsonObject o = v.toObject();
        const QString key = o.value("dimension"_L1).toString();
        const DashboardDimension *d = figures.dimension(key);
        QVERIFY2(d, qPrintable(key));
        QCOMPARE(d->units, o.value("n_units"_L1).toInteger());
        QCOMPARE(d->notComparable, o.value("n_not_comparable"_L1).toInteger());
        QCOMPARE(d->singleRated, o.value("n_single_rated"_L1).toInteger());
        QCOMPARE(d->excludedByGate, o.value("n_excluded_by_gate"_L1).toInteger());
        QStringList raters;
        for (const QJsonValue &r : o.value("raters"_L1).toArray()) {
            raters << r.toString();
        }
        QCOMPARE(d->raters(), raters);
        // Every coefficient the CLI prints, and no other.
        const QJsonObject stats = o.value("statistics"_L1).toObject();
        const QList<NamedCoefficient> shown = d->coefficients();
        QCOMPARE(shown.size(), stats.size());
        for (const NamedCoefficient &c : shown) {
            QVERIFY2(stats.contains(c.key), qPrintable(key + u": "_s + c.key));
            const QString diff = compareCoefficient(c.coefficient, stats.value(c.key).toObject());
            QVERIFY2(diff.isEmpty(), qPrintable(key + u" "_s + c.key + u": "_s + diff));
        }
        if (d->multipleChoice) {
            continue;
        }
        // Per category: kappa of the category against the rest and specific agreement.
        const QJsonArray perCategory = o.value("per_category"_L1).toArray();
        QCOMPARE(qsizetype(d->report.perCategory.size()), perCategory.size());
        for (qsizetype i = 0; i < perCategory.size(); ++i) {
            const QJsonObject c = perCategory.at(i).toObject();
            const CategoryAgreement &mine = d->report.perCategory[size_t(i)];
            QCOMPARE(mine.category, c.value("category"_L1).toString());
            QCOMPARE(mine.ratings, c.value("ratings"_L1).toInteger());
            QCOMPARE(mine.specificAgreement.has_value(), !c.value("specific_agreement"_L1).isNull());
            QVERIFY(!mine.specificAgreement || sameNumber(*mine.specificAgreement, c.value("specific_agreement"_L1).toDouble()));
            const QString diff = compareCoefficient(mine.kappa, c.value("kappa"_L1).toObject());
            QVERIFY2(diff.isEmpty(), qPrintable(key + u" per category "_s + mine.category + u": "_s + diff));
        }
        const QJsonArray pairs = o.value("pairs"_L1).toArray();
        QCOMPARE(qsizetype(d->report.pairs.size()), pairs.size());
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const QJsonObject p = pairs.at(i).toObject();
            const PairAgreement &mine = d->report.pairs[size_t(i)];
            QCOMPARE(mine.n, p.value("n_units"_L1).toInteger());
            QVERIFY(compareCoefficient(mine.cohenKappa, p.value("cohen_kappa"_L1).toObject()).isEmpty());
            QVERIFY(compareCoefficient(mine.percentAgreement, p.value("percent_agreement"_L1).toObject()).isEmpty());
        }
    }
    // The decision statistics, as `--decisions --json`.
    const QJsonObject decisions = runCliJson(QStringList{u"agreement"_s, path, u"--decisions"_s, u"--json"_s} + filterArgs);
    const QJsonArray decisionDims = decisions.value("dimensions"_L1).toArray();
    QVERIFY2(figures.decisionsError.isEmpty(), qPrintable(figures.decisionsError));
    QCOMPARE(qsizetype(figures.decisions.size()), decisionDims.size());
    for (qsizetype i = 0; i < decisionDims.size(); ++i) {
        QCOMPARE(decisionCountsToJson(figures.decisions[size_t(i)]), decisionDims.at(i).toObject());
    }
}

/// Waits for the figures of a full computation (provisional ones, brought up to date item
/// by item, are followed by a full computation once the labels are still).
bool waitForFigures(AgreementDashboard *dashboard, int timeout = 60000)
{
    QElapsedTimer t;
    t.start();
    const auto ready = [dashboard] {
        return !dashboard->isComputing() && dashboard->figures() && !dashboard->figures()->provisional;
    };
    while (!ready() && t.elapsed() < timeout) {
        QTest::qWait(20);
    }
    return ready();
}

/// The items of the units in one confusion cell, sorted (a unit's row differs between a
/// table kept up to date and one assembled afresh; its item does not).
QList<ItemId> cellItems(const DashboardDimension &d, int a, int b, const QString &row, const QString &column)
{
    QList<ItemId> items;
    const int r = int(d.table.categories().indexOf(row));
    const int c = int(d.table.categories().indexOf(column));
    if (r < 0 || c < 0) {
        return items;
    }
    for (const int unit : confusionCellUnits(d, a, b, r, c)) {
        items.append(d.unitItems.at(unit));
    }
    std::sort(items.begin(), items.end());
    return items;
}

/// Figures brought up to date item by item (@p got) against a full computation of the
/// same filters on a fresh connection: everything the updater keeps current — units,
/// counts, every coefficient with its observed, expected, n and SE, the units of every
/// confusion cell of every pair, the value frequencies. Alpha's bootstrap interval is
/// left out of provisional figures (it comes with the full computation).
void verifyEqualsFull(const QString &path, const DashboardFigures &got)
{
    QString error;
    std::unique_ptr<Project> project = Project::open(path, Project::ReadOnly, &error);
    QVERIFY2(project, qPrintable(error));
    const std::optional<DashboardFigures> full = computeDashboardFigures(*project, got.filters, &error);
    QVERIFY2(full, qPrintable(error));
    QCOMPARE(got.dimensions.size(), full->dimensions.size());
    for (size_t i = 0; i < full->dimensions.size(); ++i) {
        const DashboardDimension &g = got.dimensions[i];
        const DashboardDimension &f = full->dimensions[i];
        const QByteArray key = f.dimension.key.toUtf8();
        QVERIFY2(g.units == f.units, QByteArray(key + ": units " + QByteArray::number(g.units) + " vs " + QByteArray::number(f.units)).constData());
        QVERIFY2(g.notComparable == f.notComparable && g.singleRated == f.singleRated
                     && g.excludedByGate == f.excludedByGate && g.multiValued == f.multiValued
                     && g.linkedUnits == f.linkedUnits && g.itemUnits == f.itemUnits
                     && g.unlinkedFindings == f.unlinkedFindings, QByteArray(key + ": counts").constData());
        const QList<NamedCoefficient> gc = g.coefficients();
        const QList<NamedCoefficient> fc = f.coefficients();
        QCOMPARE(gc.size(), fc.size());
        for (qsizetype k = 0; k < fc.size(); ++k) {
            const Coefficient &x = gc[k].coefficient;
            const Coefficient &y = fc[k].coefficient;
            const QByteArray where = key + " " + fc[k].key.toUtf8();
            QCOMPARE(gc[k].key, fc[k].key);
            QVERIFY2(bool(x.value) == bool(y.value), QByteArray(where + ": defined in one only").constData());
            if (y.value) {
                QVERIFY2(sameNumber(*x.value, *y.value), QByteArray(where + ": " + QByteArray::number(*x.value, 'g', 17) + " vs "
                             + QByteArray::number(*y.value, 'g', 17)).constData());
                QVERIFY2(sameNumber(x.observed, y.observed) && sameNumber(x.expected, y.expected), QByteArray(where + ": po/pe").constData());
            }
            QVERIFY2(x.n == y.n, QByteArray(where + ": n").constData());
            QVERIFY2(bool(x.se) == bool(y.se) && (!y.se || sameNumber(*x.se, *y.se)), QByteArray(where + ": se").constData());
            if (fc[k].key.startsWith(u"krippendorff_alpha"_s)) {
                QVERIFY2(!x.ci95, QByteArray(where + ": a provisional bootstrap interval").constData());
            } else {
                QVERIFY2(bool(x.ci95) == bool(y.ci95)
                             && (!y.ci95 || (sameNumber(x.ci95->first, y.ci95->first) && sameNumber(x.ci95->second, y.ci95->second))), QByteArray(where + ": ci95").constData());
            }
        }
        if (f.multipleChoice) {
            continue;
        }
        QCOMPARE(g.table.raters(), f.table.raters());
        const QStringList categories = f.table.categories();
        const std::vector<std::vector<qint64>> gf = valueFrequencies(g);
        const std::vector<std::vector<qint64>> ff = valueFrequencies(f);
        for (int a = 0; a < f.table.raterCount(); ++a) {
            for (const QString &c : categories) {
                const int gi = int(g.table.categories().indexOf(c));
                const qint64 gotCount = gi < 0 ? 0 : gf[size_t(a)][size_t(gi)];
                QVERIFY2(gotCount == ff[size_t(a)][size_t(categories.indexOf(c))], QByteArray(key + ": frequency of " + c.toUtf8()).constData());
            }
            for (int b = a + 1; b < f.table.raterCount(); ++b) {
                for (const QString &row : categories) {
                    for (const QString &column : categories) {
                        QVERIFY2(cellItems(g, a, b, row, column) == cellItems(f, a, b, row, column), QByteArray(key + ": cell " + row.toUtf8() + " / " + column.toUtf8()).constData());
                    }
                }
            }
        }
    }
}

struct StoreView
{
    Codebook codebook;
    QHash<RaterId, QString> raterName;
    QSet<RaterId> reconcilers;
    QList<Finding> findings;
    QList<ReconciledFinding> reconciled;
};

/// The items (one entry per unit) where rater @p a chose @p row and rater @p b chose
/// @p column in dimension @p key, read from the store without the engine: a unit is a
/// reconciled finding with the raters' findings it links (on items that have links), else
/// the item when each rater has one finding; a unit with several findings of one rater or
/// several values of a single-choice dimension is left out; an empty answer is "none".
QList<ItemId> unitsOfCell(const StoreView &s, const QString &key, const QString &a, const QString &b, const QString &row,
                          const QString &column)
{
    const Dimension *dim = s.codebook.dimensionByKey(key);
    QHash<QUuid, const Finding *> byUuid;
    QHash<ItemId, QList<const Finding *>> ofItem;
    for (const Finding &f : s.findings) {
        if (!s.reconcilers.contains(f.rater)) {
            byUuid.insert(f.uuid, &f);
            ofItem[f.item].append(&f);
        }
    }
    QHash<ItemId, QList<const ReconciledFinding *>> recOfItem;
    for (const ReconciledFinding &r : s.reconciled) {
        recOfItem[r.item].append(&r);
    }
    auto answer = [&](const Finding *f) {
        const QList<ValueId> ids = f->valuesOf(dim->id);
        return ids.isEmpty() ? u"none"_s : s.codebook.value(ids.first())->name;
    };
    auto check = [&](ItemId item, const QList<const Finding *> &unit, QList<ItemId> *out) {
        QSet<RaterId> seen;
        const Finding *fa = nullptr;
        const Finding *fb = nullptr;
        for (const Finding *f : unit) {
            if (seen.contains(f->rater) || f->valuesOf(dim->id).size() > 1) {
                return;
            }
            seen.insert(f->rater);
            fa = s.raterName.value(f->rater) == a ? f : fa;
            fb = s.raterName.value(f->rater) == b ? f : fb;
        }
        if (fa && fb && answer(fa) == row && answer(fb) == column) {
            out->append(item);
        }
    };
    QList<ItemId> out;
    QList<ItemId> items = ofItem.keys();
    std::sort(items.begin(), items.end());
    for (ItemId item : std::as_const(items)) {
        bool hasLinks = false;
        for (const ReconciledFinding *r : recOfItem.value(item)) {
            for (const QUuid &u : r->sourceFindings) {
                const Finding *f = byUuid.value(u);
                hasLinks = hasLinks || (f && f->item == item);
            }
        }
        if (hasLinks) {
            for (const ReconciledFinding *r : recOfItem.value(item)) {
                QList<const Finding *> unit;
                for (const QUuid &u : r->sourceFindings) {
                    const Finding *f = byUuid.value(u);
                    if (f && f->item == item) {
                        unit.append(f);
                    }
                }
                check(item, unit, &out);
            }
        } else {
            check(item, ofItem.value(item), &out);
        }
    }
    return out;
}

} // namespace

class TestAgreementDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void figuresEqualTheEngine_data();
    void figuresEqualTheEngine();
    void undefinedIsShownAsUndefined();
    void plainRaterSeesWhyNot();
    void confusionCellListsItsUnits();
    void labelChangeUpdatesTheFigures();
    void labelChangesAreAppliedItemByItem_data();
    void labelChangesAreAppliedItemByItem();
    void closingDuringAComputationDoesNotWaitForIt();
    void staleResultsAreDropped();
    void unknownDatasetIsReported();
    void reportIsWrittenOffTheUiThread();
    void reportCancelAndCloseLeaveNothing();

private:
    std::unique_ptr<ProjectDocument> openAsReconciler();

    QTemporaryDir m_dir;
    QString m_path;
    RaterId m_reconciler = 0;
    RaterId m_rater = 0;
};

void TestAgreementDashboard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"sample.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildProject(m_path, {UiTest::corpus(u"ponder-fixture-sample.json"_s)}, &error), qPrintable(error));
    std::unique_ptr<Project> project = Project::open(m_path, Project::ReadWrite, &error);
    QVERIFY2(project, qPrintable(error));
    Rater reconciler;
    reconciler.name = u"Dashboard Reconciler"_s;
    reconciler.role = Rater::Role::Reconciler;
    const std::optional<RaterId> id = project->addRater(reconciler, &error);
    QVERIFY2(id, qPrintable(error));
    m_reconciler = *id;
    for (const Rater &r : project->raters()) {
        if (r.role == Rater::Role::Rater && m_rater == 0) {
            m_rater = r.id;
        }
    }
    QVERIFY(m_rater != 0);
}

std::unique_ptr<ProjectDocument> TestAgreementDashboard::openAsReconciler()
{
    QString error;
    std::unique_ptr<ProjectDocument> document = ProjectDocument::open(m_path, false, &error);
    if (!document) {
        qWarning() << error;
        return nullptr;
    }
    document->setCurrentRater(m_reconciler);
    return document;
}

void TestAgreementDashboard::figuresEqualTheEngine_data()
{
    QTest::addColumn<int>("round");
    QTest::addColumn<bool>("firstDataset");
    QTest::addColumn<bool>("gatePassed");
    QTest::addColumn<bool>("emptyAsMissing");
    QTest::newRow("no filter") << -1 << false << false << false;
    QTest::newRow("round 3") << 3 << false << false << false;
    QTest::newRow("a dataset") << -1 << true << false << false;
    QTest::newRow("gate passed") << -1 << false << true << false;
    QTest::newRow("empty as missing") << -1 << false << false << true;
    QTest::newRow("gate passed, empty as missing") << -1 << false << true << true;
}

void TestAgreementDashboard::figuresEqualTheEngine()
{
    QFETCH(int, round);
    QFETCH(bool, firstDataset);
    QFETCH(bool, gatePassed);
    QFETCH(bool, emptyAsMissing);
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboardWindow window(document.get());
    QVERIFY(waitForFigures(window.dashboard()));
    // The filters as a user sets them: through the window's controls.
    if (round >= 0) {
        const int at = window.roundCombo()->findData(round);
        QVERIFY2(at > 0, "the round filter offers the project's rounds");
        window.roundCombo()->setCurrentIndex(at);
    }
    if (firstDataset) {
        QVERIFY(window.datasetCombo()->count() > 1);
        window.datasetCombo()->setCurrentIndex(1);
    }
    window.gateCheck()->setChecked(gatePassed);
    window.emptyAsMissingCheck()->setChecked(emptyAsMissing);
    QVERIFY(waitForFigures(window.dashboard()));
    const std::shared_ptr<const DashboardFigures> figures = window.dashboard()->figures();
    QCOMPARE(figures->filters.round.has_value(), round >= 0);
    QCOMPARE(figures->filters.dataset.has_value(), firstDataset);
    QCOMPARE(figures->filters.gatePassedOnly, gatePassed);
    QCOMPARE(figures->filters.emptyAsMissing, emptyAsMissing);
    verifyEqualsCli(m_path, *figures);
    if (QTest::currentTestFailed()) {
        return;
    }

    // The table shows these figures: one row per dimension, one child per coefficient,
    // the value as the CLI prints it ("undefined" when it has none).
    const QStandardItemModel *model = qobject_cast<QStandardItemModel *>(window.coefficientView()->model());
    QVERIFY(model);
    QCOMPARE(model->rowCount(), int(figures->dimensions.size()));
    for (int i = 0; i < model->rowCount(); ++i) {
        const DashboardDimension &d = figures->dimensions[size_t(i)];
        const QStandardItem *top = model->item(i);
        QCOMPARE(top->data(Qt::UserRole).toString(), d.dimension.key);
        QVERIFY2(top->text().contains(u"%1 units"_s.arg(d.units)), qPrintable(top->text()));
        QVERIFY2(top->text().contains(u"not comparable %1"_s.arg(d.notComparable)), qPrintable(top->text()));
        QVERIFY2(top->text().contains(u"single-rated %1"_s.arg(d.singleRated)), qPrintable(top->text()));
        const QList<NamedCoefficient> coefficients = d.coefficients();
        QCOMPARE(top->rowCount(), int(coefficients.size()) + 1); // and the per-category rows
        for (int r = 0; r < coefficients.size(); ++r) {
            QCOMPARE(top->child(r, 0)->text(), coefficients[r].name);
            const std::optional<double> &value = coefficients[r].coefficient.value;
            QCOMPARE(top->child(r, 1)->text(), value ? QString::number(*value, 'f', 4) : u"undefined"_s);
        }
        if (!d.multipleChoice) {
            const QStandardItem *perCategory = top->child(top->rowCount() - 1, 0);
            QCOMPARE(perCategory->rowCount(), int(d.report.perCategory.size()));
            for (int r = 0; r < perCategory->rowCount(); ++r) {
                const CategoryAgreement &c = d.report.perCategory[size_t(r)];
                QCOMPARE(perCategory->child(r, 0)->text(), c.category);
                QCOMPARE(perCategory->child(r, 1)->text(), formatCoefficientValue(c.kappa.value));
            }
        }
    }
}

void TestAgreementDashboard::undefinedIsShownAsUndefined()
{
    // Five raters: Cohen's kappa and Scott's pi are undefined for the whole table, and
    // pairs that rated nothing together have no agreement at all — never 0 or 1.
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboardWindow window(document.get());
    QVERIFY(waitForFigures(window.dashboard()));
    const QStandardItemModel *model = qobject_cast<QStandardItemModel *>(window.coefficientView()->model());
    int undefinedShown = 0;
    for (int i = 0; i < model->rowCount(); ++i) {
        const QStandardItem *top = model->item(i);
        for (int r = 0; r < top->rowCount(); ++r) {
            if (top->child(r, 1) && top->child(r, 1)->text() == u"undefined"_s) {
                ++undefinedShown;
                QVERIFY(!top->child(r, 1)->toolTip().isEmpty()); // the reason
                QCOMPARE(top->child(r, 2)->text(), u"–"_s);
            }
        }
    }
    QVERIFY(undefinedShown > 0);
    // The pairs matrix: a pair with no common unit says "undefined".
    window.tabs()->setCurrentIndex(1);
    const QAbstractItemModel *pairs = window.pairView()->model();
    const DashboardDimension *d = window.dashboard()->figures()->dimension(window.dimensionCombo()->currentData().toString());
    QVERIFY(d);
    bool sawUndefinedPair = false;
    for (const PairAgreement &p : d->report.pairs) {
        const int a = int(d->report.raters.indexOf(p.raterA));
        const int b = int(d->report.raters.indexOf(p.raterB));
        const QString shown = pairs->index(a, b).data().toString();
        QCOMPARE(shown, u"%1 (n %2)"_s.arg(formatCoefficientValue(p.cohenKappa.value)).arg(p.n));
        sawUndefinedPair = sawUndefinedPair || (p.n == 0 && shown == u"undefined (n 0)"_s);
    }
    QVERIFY2(sawUndefinedPair, "the sample has raters who rated no unit together");
}

void TestAgreementDashboard::plainRaterSeesWhyNot()
{
    QString error;
    std::unique_ptr<ProjectDocument> document = ProjectDocument::open(m_path, false, &error);
    QVERIFY2(document, qPrintable(error));
    document->setCurrentRater(m_rater);
    AgreementDashboardWindow window(document.get());
    window.show();
    QVERIFY(!window.dashboard()->isAvailable());
    QCOMPARE(window.dashboard()->refresh(), quint64(0)); // nothing is computed
    QTest::qWait(100);
    QVERIFY(!window.dashboard()->figures());
    QVERIFY(window.unavailableLabel()->isVisible());
    QVERIFY(window.unavailableLabel()->text().contains(u"reconcilers only"_s));
    QVERIFY(!window.coefficientView()->isVisible());
    QVERIFY(!window.reportButton()->isEnabled()); // the report shows every rater's labels too
    // Becoming the reconciler shows the figures; going back hides them again.
    document->setCurrentRater(m_reconciler);
    QVERIFY(waitForFigures(window.dashboard()));
    QVERIFY(window.coefficientView()->isVisible());
    QVERIFY(window.reportButton()->isEnabled());
    QVERIFY(window.coefficientView()->model()->rowCount() > 0);
    document->setCurrentRater(m_rater);
    QVERIFY(!window.dashboard()->figures());
    QVERIFY(window.unavailableLabel()->isVisible());
    QVERIFY(!window.reportButton()->isEnabled());
}

void TestAgreementDashboard::confusionCellListsItsUnits()
{
    // Through the main window: View > Agreement Dashboard, as a reconciler.
    MainWindow main(false);
    main.show();
    QString error;
    QVERIFY2(main.openProject(m_path, false, &error), qPrintable(error));
    main.setRater(m_reconciler);
    main.showAgreementDashboard();
    AgreementDashboardWindow *window = main.agreementDashboard();
    QVERIFY(window);
    QVERIFY(window->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(waitForFigures(window->dashboard()));

    window->dimensionCombo()->setCurrentIndex(window->dimensionCombo()->findData(u"category"_s));
    window->raterACombo()->setCurrentIndex(window->raterACombo()->findText(u"Rater 2"_s));
    window->raterBCombo()->setCurrentIndex(window->raterBCombo()->findText(u"Rater 3"_s));
    window->tabs()->setCurrentIndex(0);
    QTableView *view = window->confusionView();
    QAbstractItemModel *model = view->model();
    QVERIFY(model->rowCount() > 1);

    StoreView store;
    {
        const Project &project = main.document()->project();
        store.codebook = project.codebook();
        for (const Rater &r : project.raters()) {
            store.raterName.insert(r.id, r.name);
            if (r.role == Rater::Role::Reconciler) {
                store.reconcilers.insert(r.id);
            }
        }
        store.findings = project.findings();
        store.reconciled = project.reconciledFindings();
    }
    qint64 listed = 0;
    int nonEmptyCells = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c) {
            const QModelIndex index = model->index(r, c);
            view->scrollTo(index);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
            QList<ItemId> shown;
            for (int i = 0; i < window->unitList()->count(); ++i) {
                shown.append(window->unitList()->item(i)->data(Qt::UserRole + 5).toLongLong());
            }
            // Rows read "N  name", columns "N" (the row of the same number names it).
            QCOMPARE(model->headerData(c, Qt::Horizontal).toString(), QString::number(c + 1));
            const QString rowName = model->headerData(r, Qt::Vertical).toString().section(u"  "_s, 1);
            const QString columnName = model->headerData(c, Qt::Vertical).toString().section(u"  "_s, 1);
            QList<ItemId> expected = unitsOfCell(store, u"category"_s, u"Rater 2"_s, u"Rater 3"_s, rowName, columnName);
            std::sort(shown.begin(), shown.end());
            std::sort(expected.begin(), expected.end());
            QCOMPARE(shown, expected);
            QCOMPARE(index.data().toString(), QString::number(expected.size())); // the cell's count
            listed += shown.size();
            nonEmptyCells += shown.isEmpty() ? 0 : 1;
        }
    }
    QVERIFY(nonEmptyCells > 2);
    const DashboardDimension *d = window->dashboard()->figures()->dimension(u"category"_s);
    for (const PairAgreement &p : d->report.pairs) {
        if (p.raterA == u"Rater 2"_s && p.raterB == u"Rater 3"_s) {
            QCOMPARE(listed, p.n); // every unit both rated is in exactly one cell
        }
    }

    // Double-clicking a unit shows its item in the main window.
    const QModelIndex offDiagonal = [&] {
        for (int r = 0; r < model->rowCount(); ++r) {
            for (int c = 0; c < model->columnCount(); ++c) {
                if (r != c && model->index(r, c).data().toInt() > 0) {
                    return model->index(r, c);
                }
            }
        }
        return QModelIndex();
    }();
    QVERIFY(offDiagonal.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(offDiagonal).center());
    QListWidget *list = window->unitList();
    QVERIFY(list->count() > 0);
    QListWidgetItem *unit = nullptr;
    for (int i = 0; i < list->count() && !unit; ++i) {
        if (list->item(i)->data(Qt::UserRole + 5).toLongLong() != main.currentItem()) {
            unit = list->item(i);
        }
    }
    QVERIFY(unit);
    const ItemId wanted = unit->data(Qt::UserRole + 5).toLongLong();
    list->scrollToItem(unit);
    QSignalSpy activated(window, &AgreementDashboardWindow::itemActivated);
    const QPoint at = list->visualItemRect(unit).center();
    QVERIFY2(list->viewport()->rect().contains(at), "the unit is on screen");
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().value<ItemId>(), wanted);
    QCOMPARE(main.currentItem(), wanted);
}

void TestAgreementDashboard::labelChangeUpdatesTheFigures()
{
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboard dashboard(document.get());
    dashboard.setCoalesceInterval(50);
    dashboard.refresh();
    QVERIFY(waitForFigures(&dashboard));
    const std::shared_ptr<const DashboardFigures> before = dashboard.figures();
    const DashboardDimension *d = before->dimension(u"category"_s);
    QVERIFY(d);
    const int a = int(d->table.raters().indexOf(u"Rater 2"_s));
    const int b = int(d->table.raters().indexOf(u"Rater 3"_s));
    const std::optional<ConfusionMatrix> m = pairConfusion(*d, a, b);
    QVERIFY(m);

    // A unit where the two agree, on an item whose Rater 2 finding we change to another
    // value of the dimension: one agreement becomes a disagreement.
    const Codebook codebook = document->project().codebook();
    const Dimension *dim = codebook.dimensionByKey(u"category"_s);
    int unit = -1;
    for (int u = 0; u < d->table.unitCount() && unit < 0; ++u) {
        const int ra = d->table.rating(u, a);
        if (ra >= 0 && ra == d->table.rating(u, b) && d->table.categories().at(ra) != u"none"_s && d->unitItems.at(u) != 0) {
            unit = u;
        }
    }
    QVERIFY(unit >= 0);
    const ItemId item = d->unitItems.at(unit);
    const QString agreed = d->table.categories().at(d->table.rating(unit, a));
    RaterId rater2 = 0;
    for (const Rater &r : document->project().raters()) {
        rater2 = r.name == u"Rater 2"_s ? r.id : rater2;
    }
    std::optional<Finding> finding;
    for (const Finding &f : document->project().findingsForItem(item)) {
        if (f.rater == rater2) {
            finding = f;
        }
    }
    QVERIFY(finding);
    const CodebookValue *other = nullptr;
    for (const CodebookValue &v : codebook.values) {
        if (v.dimension == dim->id && v.mergedInto == 0 && v.parent == 0 && v.name != agreed && !other) {
            other = &v;
        }
    }
    QVERIFY(other);
    const int row = int(m->categories.indexOf(agreed));
    const int newRow = int(m->categories.indexOf(other->name));
    QVERIFY(row >= 0 && newRow >= 0);

    QSignalSpy changed(&dashboard, &AgreementDashboard::figuresChanged);
    QString error;
    QVERIFY2(document->push(FindingEdits::setValues(document.get(), *finding, true, dim->id, {other->id}), &error),
             qPrintable(error));
    QVERIFY(changed.wait(30000));
    QVERIFY(waitForFigures(&dashboard));
    const std::shared_ptr<const DashboardFigures> after = dashboard.figures();
    QVERIFY(after != before);
    const std::optional<ConfusionMatrix> m2 = pairConfusion(*after->dimension(u"category"_s), a, b);
    QVERIFY(m2);
    QCOMPARE(m2->counts[size_t(row)][size_t(row)], m->counts[size_t(row)][size_t(row)] - 1);
    QCOMPARE(m2->counts[size_t(newRow)][size_t(row)], m->counts[size_t(newRow)][size_t(row)] + 1);
    const auto agreement = [](const DashboardFigures &f) {
        return *f.dimension(u"category"_s)->report.percentAgreement.value;
    };
    QVERIFY(agreement(*after) < agreement(*before));
    verifyEqualsCli(m_path, *after); // still the engine's figures, now of the new labels
    if (QTest::currentTestFailed()) {
        return;
    }

    // Undo: the figures are those of before again.
    changed.clear();
    document->undoStack()->undo();
    QVERIFY(changed.wait(30000));
    QVERIFY(waitForFigures(&dashboard));
    QCOMPARE(agreement(*dashboard.figures()), agreement(*before));
    const std::optional<ConfusionMatrix> m3 = pairConfusion(*dashboard.figures()->dimension(u"category"_s), a, b);
    QCOMPARE(m3->counts, m->counts);
    verifyEqualsCli(m_path, *dashboard.figures());
}

void TestAgreementDashboard::labelChangesAreAppliedItemByItem_data()
{
    QTest::addColumn<bool>("gatePassed");
    QTest::addColumn<bool>("emptyAsMissing");
    QTest::newRow("no filter") << false << false;
    QTest::newRow("gate passed, empty as missing") << true << true;
}

void TestAgreementDashboard::labelChangesAreAppliedItemByItem()
{
    // Edits of every kind through the undo stack — a value changed, a value cleared, a
    // gate closed, a finding removed, every unanimous unit reconciled at once (units move
    // from items to final findings) — and each undone: after each, the figures arrive
    // provisional (brought up to date item by item, not recomputed) and equal a full
    // computation. Then, once the labels are still, the full computation follows and
    // equals the CLI.
    QFETCH(bool, gatePassed);
    QFETCH(bool, emptyAsMissing);
    const QString path = m_dir.filePath(u"itembyitem-%1%2.concord"_s.arg(gatePassed).arg(emptyAsMissing));
    QFile::remove(path);
    QVERIFY(QFile::copy(m_path, path));
    QString error;
    {
        // A multiple-choice dimension besides the study's (sets of values have no
        // incremental counts: assembled again from the rows in memory), chosen on the
        // first findings of the copy.
        std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QList<ValueId> values;
        DimensionId affected = 0;
        {
            ImportSession session(*project, u"test"_s);
            Dimension d;
            d.key = u"affected"_s;
            d.name = u"Affected API"_s;
            d.kind = Dimension::Kind::MultipleChoice;
            affected = *session.dimension(d);
            for (const QString &name : {u"tf.function"_s, u"tf.data"_s, u"tf.keras"_s}) {
                CodebookValue v;
                v.dimension = affected;
                v.name = name;
                v.order = int(values.size());
                values.append(*session.value(v));
            }
            QVERIFY2(session.commit(&error), qPrintable(error));
        }
        const QList<Finding> all = project->findings();
        for (qsizetype i = 0; i < std::min<qsizetype>(all.size(), 80); ++i) {
            const QList<ValueId> chosen = i % 3 == 0 ? QList<ValueId>{values[0]}
                                        : i % 3 == 1 ? QList<ValueId>{values[0], values[1]}
                                                     : QList<ValueId>{values[2]};
            QVERIFY2(project->setFindingValues(all[i].id, affected, chosen, &error), qPrintable(error));
        }
    }
    std::unique_ptr<ProjectDocument> document = ProjectDocument::open(path, false, &error);
    QVERIFY2(document, qPrintable(error));
    document->setCurrentRater(m_reconciler);
    AgreementDashboard dashboard(document.get());
    dashboard.setCoalesceInterval(20);
    dashboard.setSettleInterval(10 * 60 * 1000); // no full computation until asked below
    DashboardFilters filters;
    filters.gatePassedOnly = gatePassed;
    filters.emptyAsMissing = emptyAsMissing;
    dashboard.setFilters(filters);
    QVERIFY(waitForFigures(&dashboard));

    const Codebook codebook = document->project().codebook();
    const Dimension *category = codebook.dimensionByKey(u"category"_s);
    QVERIFY(category);
    const Dimension *gate = nullptr;
    for (const Dimension &d : codebook.dimensions) {
        gate = !gate && d.kind == Dimension::Kind::Gate ? &d : gate;
    }
    QVERIFY(gate);
    QList<const CodebookValue *> categoryValues;
    QList<const CodebookValue *> gateValues;
    for (const CodebookValue &v : codebook.values) {
        if (v.mergedInto == 0 && v.parent == 0) {
            if (v.dimension == category->id) {
                categoryValues.append(&v);
            } else if (v.dimension == gate->id) {
                gateValues.append(&v);
            }
        }
    }
    std::sort(gateValues.begin(), gateValues.end(), [](auto *x, auto *y) { return x->order < y->order; });
    QVERIFY(categoryValues.size() >= 2 && gateValues.size() >= 2);
    RaterId rater2 = 0;
    RaterId rater3 = 0;
    for (const Rater &r : document->project().raters()) {
        rater2 = r.name == u"Rater 2"_s ? r.id : rater2;
        rater3 = r.name == u"Rater 3"_s ? r.id : rater3;
    }
    QVERIFY(rater2 && rater3);
    // Findings of items both raters labeled once, different items for each edit.
    QList<Finding> candidates;
    {
        QHash<ItemId, QList<Finding>> byItem;
        for (const Finding &f : document->project().findings()) {
            byItem[f.item].append(f);
        }
        for (auto it = byItem.cbegin(); it != byItem.cend(); ++it) {
            int of2 = 0;
            int of3 = 0;
            for (const Finding &f : *it) {
                of2 += f.rater == rater2;
                of3 += f.rater == rater3;
            }
            for (const Finding &f : *it) {
                if (of2 == 1 && of3 == 1 && f.rater == rater2 && f.valuesOf(gate->id).contains(gateValues.first()->id)
                    && !f.valuesOf(category->id).isEmpty()) {
                    candidates.append(f);
                }
            }
        }
        std::sort(candidates.begin(), candidates.end(), [](const Finding &x, const Finding &y) { return x.item < y.item; });
    }
    QVERIFY2(candidates.size() >= 4, "the sample has items labeled once by Rater 2 and Rater 3");
    const auto other = [&](const Finding &f) {
        for (const CodebookValue *v : std::as_const(categoryValues)) {
            if (!f.valuesOf(category->id).contains(v->id)) {
                return v->id;
            }
        }
        return ValueId(0);
    };

    const auto step = [&](QUndoCommand *command, const char *what) {
        QVERIFY2(command, what);
        const quint64 before = dashboard.latestTicket();
        QString pushError;
        QVERIFY2(document->push(command, &pushError), qPrintable(QString::fromUtf8(what) + u": "_s + pushError));
        QTRY_VERIFY_WITH_TIMEOUT(dashboard.latestTicket() > before && !dashboard.isComputing(), 30000);
        QVERIFY2(dashboard.figures(), qPrintable(dashboard.error()));
        QVERIFY2(dashboard.figures()->provisional, what); // item by item, not a full computation
        verifyEqualsFull(path, *dashboard.figures());
    };
    const auto undo = [&](const char *what) {
        const quint64 before = dashboard.latestTicket();
        document->undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(dashboard.latestTicket() > before && !dashboard.isComputing(), 30000);
        QVERIFY2(dashboard.figures() && dashboard.figures()->provisional, what);
        verifyEqualsFull(path, *dashboard.figures());
    };

    step(FindingEdits::setValues(document.get(), candidates[0], true, category->id, {other(candidates[0])}),
         "a value changed");
    if (QTest::currentTestFailed()) {
        return;
    }
    step(FindingEdits::setValues(document.get(), candidates[1], true, category->id, {}), "a value cleared");
    if (QTest::currentTestFailed()) {
        return;
    }
    const Dimension *affected = codebook.dimensionByKey(u"affected"_s);
    QVERIFY(affected);
    QList<ValueId> affectedValues;
    for (const CodebookValue &v : codebook.values) {
        if (v.dimension == affected->id) {
            affectedValues.append(v.id);
        }
    }
    step(FindingEdits::setValues(document.get(), candidates[1], true, affected->id, affectedValues),
         "a set of values changed");
    if (QTest::currentTestFailed()) {
        return;
    }
    step(FindingEdits::setValues(document.get(), candidates[2], true, gate->id, {gateValues.at(1)->id}), "a gate closed");
    if (QTest::currentTestFailed()) {
        return;
    }
    step(FindingEdits::removeFinding(document.get(), candidates[3]), "a finding removed");
    if (QTest::currentTestFailed()) {
        return;
    }
    // A final finding removed: its item's units go back to the item (or to not comparable).
    const QList<ReconciledFinding> reconciled = document->project().reconciledFindings();
    QVERIFY2(!reconciled.isEmpty(), "the sample has final findings");
    step(ReconcileEdits::remove(document.get(), reconciled.first()), "a final finding removed");
    if (QTest::currentTestFailed()) {
        return;
    }
    int steps = 6;
    // Every unanimous unit reconciled at once (units move from items to final findings).
    std::unique_ptr<AcceptUnanimousCommand> accept
        = AcceptUnanimousCommand::create(document.get(), rater2, rater3, m_reconciler, &error);
    QVERIFY2(accept, qPrintable(error));
    if (!accept->plan().toAdd.isEmpty()) {
        step(accept.release(), "every unanimous unit reconciled");
        if (QTest::currentTestFailed()) {
            return;
        }
        ++steps;
    }
    for (int i = 0; i < steps; ++i) {
        undo(qPrintable(u"undo %1 of %2"_s.arg(i + 1).arg(steps)));
        if (QTest::currentTestFailed()) {
            return;
        }
    }

    // Still labels: the full computation follows, with the intervals, rounds and decisions.
    dashboard.setSettleInterval(20);
    const quint64 before = dashboard.latestTicket();
    document->undoStack()->redo();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.latestTicket() > before && waitForFigures(&dashboard), 60000);
    QVERIFY(!dashboard.figures()->provisional);
    verifyEqualsCli(path, *dashboard.figures());
}

void TestAgreementDashboard::closingDuringAComputationDoesNotWaitForIt()
{
    // The dashboard asks for the figures and is destroyed at once (the window closed): the
    // computation stops at its next step instead of running to its end (alpha's bootstrap
    // of every dimension and the rounds).
    {
        // The computation asks whether it is still wanted between steps and stops at once.
        QString error;
        std::unique_ptr<Project> project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        int asked = 0;
        const std::optional<DashboardFigures> none
            = computeDashboardFigures(*project, DashboardFilters{}, &error, [&asked] { return ++asked == 2; });
        QVERIFY(!none);
        QCOMPARE(asked, 2);
        QVERIFY2(error.contains(u"cancelled"_s), qPrintable(error));
    }
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    QElapsedTimer whole;
    {
        AgreementDashboard dashboard(document.get());
        whole.start();
        dashboard.refresh();
        QVERIFY(waitForFigures(&dashboard));
    }
    const qint64 full = whole.elapsed();
    QElapsedTimer closing;
    {
        AgreementDashboard dashboard(document.get());
        dashboard.refresh();
        QTest::qWait(1); // let the worker start
        closing.start();
    }
    const qint64 closed = closing.elapsed();
    qInfo() << "full computation" << full << "ms, closing during one" << closed << "ms";
    QVERIFY2(closed <= full, qPrintable(u"closing took %1 ms, the whole computation %2 ms"_s.arg(closed).arg(full)));
}

void TestAgreementDashboard::staleResultsAreDropped()
{
    // Filters changed twice in a row: only the figures of the second request are shown,
    // whichever order the worker finishes in.
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboard dashboard(document.get());
    QSignalSpy changed(&dashboard, &AgreementDashboard::figuresChanged);
    DashboardFilters first;
    first.round = 3;
    DashboardFilters second;
    second.gatePassedOnly = true;
    dashboard.setFilters(first);
    const quint64 firstTicket = dashboard.latestTicket();
    dashboard.setFilters(second);
    QVERIFY(dashboard.latestTicket() > firstTicket);
    QVERIFY(dashboard.isComputing());
    QVERIFY(waitForFigures(&dashboard));
    QTest::qWait(200); // a stale result still on its way would arrive now
    QCOMPARE(changed.count(), 1);
    QVERIFY(dashboard.figures()->filters == second);
    QVERIFY(dashboard.error().isEmpty());
}

void TestAgreementDashboard::unknownDatasetIsReported()
{
    // A filter that does not fit the project (a dataset renamed meanwhile): the window
    // says why and shows no figures, instead of the previous ones as if they were current.
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboardWindow window(document.get());
    QVERIFY(waitForFigures(window.dashboard()));
    QVERIFY(window.coefficientView()->model()->rowCount() > 0);
    DashboardFilters filters;
    filters.dataset = u"no such dataset"_s;
    window.dashboard()->setFilters(filters);
    QTRY_VERIFY_WITH_TIMEOUT(!window.dashboard()->isComputing(), 30000);
    QVERIFY(!window.dashboard()->figures());
    const QString error = window.dashboard()->error();
    QVERIFY2(error.contains(u"no dataset \"no such dataset\""_s) && error.contains(m_path), qPrintable(error));
    QCOMPARE(window.coefficientView()->model()->rowCount(), 0);
    QCOMPARE(window.confusionView()->model()->rowCount(), 0);
    const QLabel *status = window.statusLabel();
    QVERIFY(status->text().contains(error));
}

// "Write Report…" once a directory is chosen: the files are written by a worker while
// the window keeps handling events, and they are the files `concord-cli report` writes
// for the same filters.
void TestAgreementDashboard::reportIsWrittenOffTheUiThread()
{
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    AgreementDashboardWindow window(document.get());
    window.show();
    QVERIFY(waitForFigures(window.dashboard()));
    QVERIFY(window.reportButton()->isEnabled());
    const QString dir = m_dir.filePath(u"window-report"_s);
    window.writeReportInto(dir);
    QVERIFY(window.reportJob());
    QVERIFY(window.reportJob()->isRunning());
    QVERIFY(!window.reportButton()->isEnabled()); // one report at a time
    // The event loop runs while the worker works: a timer fires meanwhile.
    int ticks = 0;
    QTimer timer;
    timer.setInterval(5);
    connect(&timer, &QTimer::timeout, &window, [&ticks] { ++ticks; });
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(!window.reportJob(), 120000);
    QVERIFY(ticks > 0);
    QVERIFY(window.reportButton()->isEnabled());
    QMessageBox *box = window.findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"report.html"_s), qPrintable(box->text()));
    box->close();

    const QString cliDir = m_dir.filePath(u"cli-report"_s);
    const CliTest::Run run = CliTest::cli({u"report"_s, m_path, u"--out"_s, cliDir});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    static const QRegularExpression generated(u"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"_s);
    for (const QString &name : agreementReportFileNames()) {
        QFile a(QDir(cliDir).filePath(name));
        QFile b(QDir(dir).filePath(name));
        QVERIFY2(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly), qPrintable(name));
        QByteArray bytesA = a.readAll();
        QByteArray bytesB = b.readAll();
        if (name.endsWith(u".html"_s)) { // the page says when it was made
            bytesA = QString::fromUtf8(bytesA).replace(generated, u"TIME"_s).toUtf8();
            bytesB = QString::fromUtf8(bytesB).replace(generated, u"TIME"_s).toUtf8();
        }
        QVERIFY2(!bytesA.isEmpty() && bytesA == bytesB, qPrintable(name));
    }
}

// Cancel in the progress dialog, or closing the dashboard while the report is written,
// leaves no file, and closing does not wait for the bootstrap.
void TestAgreementDashboard::reportCancelAndCloseLeaveNothing()
{
    std::unique_ptr<ProjectDocument> document = openAsReconciler();
    QVERIFY(document);
    auto leftIn = [](const QString &dir) {
        return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    };
    {
        AgreementDashboardWindow window(document.get());
        window.show();
        QVERIFY(waitForFigures(window.dashboard()));
        DashboardFilters filters = window.dashboard()->filters();
        filters.bootstrapResamples = 20000; // seconds of work
        window.dashboard()->setFilters(filters);
        QVERIFY(waitForFigures(window.dashboard()));
        const QString dir = m_dir.filePath(u"cancelled-report"_s);
        window.writeReportInto(dir);
        QVERIFY(window.reportJob() && window.reportProgress());
        QPointer<AgreementReportJob> job = window.reportJob();
        Q_EMIT window.reportProgress()->canceled(); // what its Cancel button (or Escape) sends
        QVERIFY(job && job->isCancelled());
        QTRY_VERIFY(!window.reportJob());
        QVERIFY(window.reportButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(AgreementReportJob::runningWorkers(), 0, 120000);
        QVERIFY(!window.findChild<QMessageBox *>()); // no "not written" message after a cancel
        QCOMPARE(leftIn(dir), QStringList());
    }
    {
        auto window = std::make_unique<AgreementDashboardWindow>(document.get());
        window->show();
        QVERIFY(waitForFigures(window->dashboard()));
        DashboardFilters filters = window->dashboard()->filters();
        filters.bootstrapResamples = 20000;
        window->dashboard()->setFilters(filters);
        QVERIFY(waitForFigures(window->dashboard()));
        const QString dir = m_dir.filePath(u"closed-report"_s);
        window->writeReportInto(dir);
        QVERIFY(window->reportJob());
        QTest::qWait(100);
        QElapsedTimer timer;
        timer.start();
        window.reset();
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(AgreementReportJob::runningWorkers(), 0, 120000);
        QCOMPARE(leftIn(dir), QStringList());
    }
}

QTEST_MAIN(TestAgreementDashboard)
#include "tst_agreementdashboard.moc"
