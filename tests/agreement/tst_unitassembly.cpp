// SPDX-License-Identifier: GPL-3.0-or-later
// Units as issue 4 defines them, from plain findings: linked reconciled findings, items
// with one finding per rater, not-comparable items, "none" vs missing, the filters.
#include "agreement/coefficients.h"
#include "agreement/unitassembly.h"

#include <QTest>

using namespace Concord;

namespace {

struct Fixture
{
    std::vector<UnitItem> items;
    std::vector<UnitRaterFinding> findings;
    std::vector<UnitReconciled> reconciled;

    QUuid finding(qint64 item, const QString &rater, const QString &category, bool gate = true)
    {
        UnitRaterFinding f;
        f.uuid = QUuid::createUuid();
        f.item = item;
        f.rater = rater;
        if (!category.isEmpty()) {
            f.values.insert(QStringLiteral("category"), {category});
        }
        f.gatePassed = gate;
        findings.push_back(f);
        return f.uuid;
    }
};

/// The rating of a rater on the unit with this name, or "" when missing / "?" when absent.
QString cell(const AssembledUnits &a, const QString &unit, const QString &rater)
{
    const int u = a.table.unitIndex(unit);
    const int r = a.table.raterIndex(rater);
    if (u < 0 || r < 0) {
        return QStringLiteral("?");
    }
    const int c = a.table.rating(u, r);
    return c == RatingsTable::Missing ? QString() : a.table.categories().at(c);
}

} // namespace

class TestUnitAssembly : public QObject
{
    Q_OBJECT

    Fixture m_f;
    const QString A = QStringLiteral("Rater 1");
    const QString B = QStringLiteral("Rater 2");

private Q_SLOTS:
    void initTestCase()
    {
        // item 1: one finding each → one unit
        m_f.items.push_back({1, QStringLiteral("p/a@1"), 1, QStringLiteral("Boa")});
        m_f.finding(1, A, QStringLiteral("Performance"));
        m_f.finding(1, B, QStringLiteral("Performance"));
        // item 2: two reconciled findings, each linking one finding of each rater → two units
        m_f.items.push_back({2, QStringLiteral("p/a@2"), 0, QStringLiteral("Boa")});
        const QUuid a1 = m_f.finding(2, A, QStringLiteral("API misuse"));
        const QUuid a2 = m_f.finding(2, A, QStringLiteral("Performance"));
        const QUuid b1 = m_f.finding(2, B, QStringLiteral("API misuse"));
        const QUuid b2 = m_f.finding(2, B, QStringLiteral("Other"));
        m_f.reconciled.push_back({2, {a1, b1}});
        m_f.reconciled.push_back({2, {a2, b2}});
        // item 3: rater A has two findings, nothing links them → not comparable
        m_f.items.push_back({3, QStringLiteral("p/a@3"), 0, QStringLiteral("GH commits")});
        m_f.finding(3, A, QStringLiteral("Performance"));
        m_f.finding(3, A, QStringLiteral("Other"));
        m_f.finding(3, B, QStringLiteral("Other"));
        // item 4: both said "not a fix" and left the category empty
        m_f.items.push_back({4, QStringLiteral("p/a@4"), 1, QStringLiteral("GH commits")});
        m_f.finding(4, A, QString(), false);
        m_f.finding(4, B, QString(), false);
        // item 5: only rater B labeled it
        m_f.items.push_back({5, QStringLiteral("p/a@5"), 0, QStringLiteral("Boa")});
        m_f.finding(5, B, QStringLiteral("Other"));
        // item 6: a reconciled finding linking two findings of rater A → not comparable
        m_f.items.push_back({6, QStringLiteral("p/a@6"), 0, QStringLiteral("Boa")});
        const QUuid c1 = m_f.finding(6, A, QStringLiteral("Other"));
        const QUuid c2 = m_f.finding(6, A, QStringLiteral("Test"));
        const QUuid c3 = m_f.finding(6, B, QStringLiteral("Other"));
        m_f.reconciled.push_back({6, {c1, c2, c3}});
        // item 7: a reconciled finding that links nothing → the item rule applies
        m_f.items.push_back({7, QStringLiteral("p/a@7"), 0, QStringLiteral("Boa")});
        m_f.finding(7, A, QStringLiteral("Test"));
        m_f.finding(7, B, QStringLiteral("Test"));
        m_f.reconciled.push_back({7, {}});
    }

    void unitsAsTheIssueDefinesThem()
    {
        UnitAssemblyOptions o;
        o.dimension = QStringLiteral("category");
        const AssembledUnits a = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(a.table.raters(), (QStringList{A, B}));
        QCOMPARE(a.linkedUnits, qint64(2));
        QCOMPARE(a.itemUnits, qint64(3)); // items 1, 4, 7
        QCOMPARE(a.singleRated, qint64(1)); // item 5: only rater B
        QCOMPARE(a.notComparable, qint64(2)); // item 3, item 6's reconciled finding
        QCOMPARE(a.notComparableExamples, (QStringList{QStringLiteral("p/a@3"), QStringLiteral("p/a@6 #1")}));
        QCOMPARE(a.table.unitCount(), 5);
        QCOMPARE(cell(a, QStringLiteral("p/a@7"), B), QStringLiteral("Test"));
        QCOMPARE(cell(a, QStringLiteral("p/a@1"), A), QStringLiteral("Performance"));
        QCOMPARE(cell(a, QStringLiteral("p/a@2 #1"), A), QStringLiteral("API misuse"));
        QCOMPARE(cell(a, QStringLiteral("p/a@2 #1"), B), QStringLiteral("API misuse"));
        QCOMPARE(cell(a, QStringLiteral("p/a@2 #2"), A), QStringLiteral("Performance"));
        QCOMPARE(cell(a, QStringLiteral("p/a@2 #2"), B), QStringLiteral("Other"));
        QCOMPARE(cell(a, QStringLiteral("p/a@4"), A), QStringLiteral("none")); // empty = "none"
        QCOMPARE(cell(a, QStringLiteral("p/a@5"), B), QStringLiteral("?")); // not a unit
        // Figures: 5 pairable units, agreeing on 4 (items 1, 4, 7 and 2 #1).
        const AgreementReport r = computeAgreement(AgreementCounts(a.table));
        QCOMPARE(r.pairableUnits, qint64(5));
        QCOMPARE(*r.percentAgreement.value, 0.8);
    }

    void emptyAsMissingAndGate()
    {
        UnitAssemblyOptions o;
        o.dimension = QStringLiteral("category");
        o.emptyAsMissing = true;
        const AssembledUnits a = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(cell(a, QStringLiteral("p/a@4"), A), QString());
        QCOMPARE(a.table.categoryIndex(QStringLiteral("none")), -1);
        QCOMPARE(*computeAgreement(AgreementCounts(a.table)).percentAgreement.value, 3.0 / 4.0);

        o.emptyAsMissing = false;
        o.gatePassedOnly = true;
        const AssembledUnits g = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(g.excludedByGate, qint64(1));
        QCOMPARE(g.table.unitIndex(QStringLiteral("p/a@4")), -1);
        QVERIFY(g.table.unitIndex(QStringLiteral("p/a@1")) >= 0);
    }

    void filters()
    {
        UnitAssemblyOptions o;
        o.dimension = QStringLiteral("category");
        o.round = 1;
        const AssembledUnits round1 = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(round1.table.units(), (QStringList{QStringLiteral("p/a@1"), QStringLiteral("p/a@4")}));
        o.round.reset();
        o.dataset = QStringLiteral("GH commits");
        const AssembledUnits gh = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(gh.table.units(), (QStringList{QStringLiteral("p/a@4")}));
        QCOMPARE(gh.notComparable, qint64(1));
        o.dataset.reset();
        o.raters = {B};
        const AssembledUnits onlyB = assembleUnits(m_f.items, m_f.findings, m_f.reconciled, o);
        QCOMPARE(onlyB.table.raters(), (QStringList{B}));
        QCOMPARE(onlyB.notComparable, qint64(0)); // A's several findings no longer matter
        QCOMPARE(onlyB.table.unitCount(), 0);     // one rater compares nothing
    }
};

QTEST_GUILESS_MAIN(TestUnitAssembly)
#include "tst_unitassembly.moc"
