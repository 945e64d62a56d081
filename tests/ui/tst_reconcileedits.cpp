// SPDX-License-Identifier: GPL-3.0-or-later
// Reconciliation through the document's undo stack (reconcilecommands.h), on a real
// project made from the study's web-app dump with its reconciled findings taken out (the
// state before reconciliation): "accept all unanimous" as one step whose undo leaves the
// label tables byte for byte as they were and whose redo equals the command line's
// `reconcile --accept-unanimous`; single decisions with their type, links and reconciler.
#include "../common/clirun.h"
#include "agreement/reconciliation.h"
#include "document/projectdocument.h"
#include "document/reconcilecommands.h"
#include "store/project.h"
#include "reconciletestproject.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <sqlite3.h>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

/// Every row of the tables that hold labels (rater findings, reconciled findings and
/// their links), each column with its storage class and exact bytes; sorted, so two dumps
/// are equal exactly when the tables hold the same rows.
QStringList labelTables(const QString &path)
{
    QStringList rows;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return {u"cannot open "_s + path};
    }
    const char *const tables[] = {"finding",   "finding_value",      "finding_comment",  "reconciled",
                                  "reconciled_value", "reconciled_comment", "reconciled_source"};
    for (const char *table : tables) {
        sqlite3_stmt *q = nullptr;
        const QByteArray sql = "SELECT * FROM " + QByteArray(table);
        if (sqlite3_prepare_v2(db, sql.constData(), -1, &q, nullptr) != SQLITE_OK) {
            rows << u"cannot read "_s + QString::fromLatin1(table);
            continue;
        }
        while (sqlite3_step(q) == SQLITE_ROW) {
            QString row = QString::fromLatin1(table);
            for (int c = 0; c < sqlite3_column_count(q); ++c) {
                const int type = sqlite3_column_type(q, c);
                const QByteArray bytes(static_cast<const char *>(sqlite3_column_blob(q, c)), sqlite3_column_bytes(q, c));
                row += u"|%1:%2"_s.arg(type).arg(QString::fromLatin1(bytes.toHex()));
            }
            rows << row;
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    rows.sort();
    return rows;
}

/// A reconciled finding as two copies of a project can compare it (row ids, uuids and
/// times differ between copies; values are compared by their uuids, the same in both).
QString describe(const Project &project, const ReconciledFinding &r)
{
    const Codebook book = project.codebook();
    QStringList parts{project.item(r.item)->key.toString(), QString::number(r.ordinal)};
    for (auto it = r.values.cbegin(); it != r.values.cend(); ++it) {
        QStringList names;
        for (ValueId v : it.value()) {
            names << book.value(v)->uuid.toString();
        }
        names.sort();
        parts << book.dimension(it.key())->key + u'=' + names.join(u',');
    }
    for (auto it = r.comments.cbegin(); it != r.comments.cend(); ++it) {
        parts << book.dimension(it.key())->key + u"#"_s + it.value();
    }
    QStringList sources;
    for (const QUuid &u : r.sourceFindings) {
        sources << u.toString();
    }
    sources.sort();
    parts << sources.join(u',') << QString::number(int(r.decision)) << r.rationale << QString::number(r.shouldDiscuss)
          << QString::number(r.decidedBy);
    return parts.join(u" | "_s);
}

QStringList describeAll(const Project &project)
{
    QStringList out;
    for (const ReconciledFinding &r : project.reconciledFindings()) {
        out << describe(project, r);
    }
    out.sort();
    return out;
}

/// The units of raters @p a and @p b where each has exactly one finding: (a's, b's).
QList<std::pair<Finding, Finding>> singleUnits(const Project &project, RaterId a, RaterId b)
{
    QHash<ItemId, QList<Finding>> ofA;
    QHash<ItemId, QList<Finding>> ofB;
    QList<ItemId> order;
    for (const Finding &f : project.findings()) {
        if (f.rater == a || f.rater == b) {
            if (!ofA.contains(f.item) && !ofB.contains(f.item)) {
                order << f.item;
            }
            (f.rater == a ? ofA : ofB)[f.item].append(f);
        }
    }
    QList<std::pair<Finding, Finding>> out;
    for (ItemId item : std::as_const(order)) {
        if (ofA.value(item).size() == 1 && ofB.value(item).size() == 1) {
            out.append({ofA.value(item).first(), ofB.value(item).first()});
        }
    }
    return out;
}

} // namespace

class TestReconcileEdits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void acceptUnanimousIsOneStepAndUndoRestoresEveryByte();
    void singleDecisionsRecordTypeLinksAndReconciler();

private:
    QTemporaryDir m_dir;
    QString m_base;
    QString m_path;
    int m_run = 0;
    std::unique_ptr<ProjectDocument> m_document;
    RaterId m_a = 0;
    RaterId m_b = 0;
    RaterId m_reconciler = 0;
};

void TestReconcileEdits::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_base = m_dir.filePath(u"base.concord"_s);
    QString error;
    QVERIFY2(UiTest::buildUnreconciledProject(m_base, &error), qPrintable(error));
    std::unique_ptr<Project> project = Project::open(m_base, Project::ReadOnly, &error);
    QVERIFY2(project, qPrintable(error));
    QVERIFY(project->reconciledFindings().isEmpty());
    QVERIFY(project->findings().size() > 400);
}

void TestReconcileEdits::init()
{
    m_path = m_dir.filePath(u"copy%1.concord"_s.arg(++m_run));
    QVERIFY(QFile::copy(m_base, m_path));
    QString error;
    std::unique_ptr<Project> project = Project::open(m_path, Project::ReadOnly, &error);
    QVERIFY2(project, qPrintable(error));
    m_a = project->raterByName(u"Rater 2"_s)->id;
    m_b = project->raterByName(u"Rater 3"_s)->id;
    m_reconciler = project->raterByName(UiTest::reconcilerName())->id;
}

void TestReconcileEdits::cleanup()
{
    m_document.reset();
}

void TestReconcileEdits::acceptUnanimousIsOneStepAndUndoRestoresEveryByte()
{
    QString error;
    // A decision made by hand on one unanimous unit, before the bulk step: it must stay.
    ReconciledFinding byHand;
    {
        std::unique_ptr<Project> project = Project::open(m_path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const QList<std::pair<Finding, Finding>> units = singleUnits(*project, m_a, m_b);
        const auto unanimous = std::find_if(units.cbegin(), units.cend(), [](const auto &u) {
            return classifyDecision(u.first.values, {u.second.values}) == ReconciledFinding::Decision::Unanimous;
        });
        QVERIFY(unanimous != units.cend());
        byHand.item = unanimous->first.item;
        byHand.values = unanimous->first.values;
        byHand.sourceFindings = {unanimous->first.uuid};
        byHand.decision = ReconciledFinding::Decision::AdoptedOne;
        byHand.rationale = u"decided by hand before the bulk step"_s;
        byHand.decidedBy = m_reconciler;
        QVERIFY2(project->addReconciled(byHand, &error), qPrintable(error));
    }
    // The command line's twin of this state.
    const QString twin = m_dir.filePath(u"twin%1.concord"_s.arg(m_run));
    QVERIFY(QFile::copy(m_path, twin));

    m_document = ProjectDocument::open(m_path, false, &error);
    QVERIFY2(m_document, qPrintable(error));
    m_document->setCurrentRater(m_reconciler);
    Project &project = m_document->project();
    const QStringList before = labelTables(m_path);
    QVERIFY(before.size() > 1000); // 455 findings with their values and comments, one decision
    const QStringList handDecision = describeAll(project);
    QCOMPARE(handDecision.size(), 1);

    QSignalSpy announced(m_document.get(), &ProjectDocument::reconciledChanged);
    std::unique_ptr<AcceptUnanimousCommand> command = AcceptUnanimousCommand::create(m_document.get(), m_a, m_b,
                                                                                    m_reconciler, &error);
    QVERIFY2(command, qPrintable(error));
    const UnanimousPlan plan = command->plan();
    QVERIFY(plan.toAdd.size() > 20);
    QCOMPARE(plan.alreadyReconciled, qint64(1)); // the decision by hand: skipped, and said so
    QVERIFY(plan.disagreeing > 0);
    QVERIFY2(m_document->push(command.release(), &error), qPrintable(error));
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(project.reconciledFindings().size(), plan.toAdd.size() + 1);
    QCOMPARE(announced.size(), plan.toAdd.size());
    QVERIFY(labelTables(m_path) != before);

    // Each: both findings linked, decision unanimous, the reconciler recorded.
    QHash<QUuid, Finding> findings;
    for (const Finding &f : project.findings()) {
        findings.insert(f.uuid, f);
    }
    for (const ReconciledFinding &r : project.reconciledFindings()) {
        if (r.item == byHand.item) {
            QCOMPARE(r.rationale, byHand.rationale); // never overwritten
            QCOMPARE(r.decision, ReconciledFinding::Decision::AdoptedOne);
            continue;
        }
        QCOMPARE(r.decision, ReconciledFinding::Decision::Unanimous);
        QCOMPARE(r.decidedBy, m_reconciler);
        QCOMPARE(r.sourceFindings.size(), 2);
        QSet<RaterId> raters;
        for (const QUuid &u : r.sourceFindings) {
            QVERIFY(findings.contains(u));
            QCOMPARE(findings.value(u).item, r.item);
            raters.insert(findings.value(u).rater);
            QCOMPARE(classifyDecision(r.values, {findings.value(u).values}), ReconciledFinding::Decision::Unanimous);
        }
        QCOMPARE(raters, (QSet<RaterId>{m_a, m_b}));
    }

    // Undo: the label tables hold exactly the bytes they held before.
    m_document->undoStack()->undo();
    QCOMPARE(labelTables(m_path), before);
    QCOMPARE(describeAll(project), handDecision);
    QCOMPARE(announced.size(), 2 * plan.toAdd.size());

    // Redo: what the command line's accept-unanimous gives on the twin.
    m_document->undoStack()->redo();
    const CliTest::Run run = CliTest::cli({u"reconcile"_s, twin, u"--accept-unanimous"_s, u"--raters"_s, u"R2,R3"_s,
                                           u"--by"_s, u"RC"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    {
        std::unique_ptr<Project> other = Project::open(twin, Project::ReadOnly, &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(describeAll(project), describeAll(*other));
        QCOMPARE(other->reconciledFindings().size(), plan.toAdd.size() + 1);
    }

    // A second accept adds nothing: every unanimous unit is reconciled now.
    std::unique_ptr<AcceptUnanimousCommand> again = AcceptUnanimousCommand::create(m_document.get(), m_a, m_b,
                                                                                  m_reconciler, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(again->plan().toAdd.isEmpty());
    QCOMPARE(again->plan().alreadyReconciled, plan.alreadyReconciled + qint64(plan.toAdd.size()));

    // Durable: a reopened project has them.
    m_document.reset();
    std::unique_ptr<Project> reopened = Project::open(m_path, Project::ReadOnly, &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(reopened->reconciledFindings().size(), plan.toAdd.size() + 1);

    // Two raters are needed, and two different ones.
    m_document = ProjectDocument::open(m_path, false, &error);
    QVERIFY(!AcceptUnanimousCommand::create(m_document.get(), m_a, m_a, m_reconciler, &error));
    QVERIFY(error.contains(u"two different raters"_s));
}

void TestReconcileEdits::singleDecisionsRecordTypeLinksAndReconciler()
{
    QString error;
    m_document = ProjectDocument::open(m_path, false, &error);
    QVERIFY2(m_document, qPrintable(error));
    m_document->setCurrentRater(m_reconciler);
    Project &project = m_document->project();
    const Codebook book = project.codebook();
    const QStringList before = labelTables(m_path);

    // A unit where the raters disagree on at least one dimension.
    const QList<std::pair<Finding, Finding>> units = singleUnits(project, m_a, m_b);
    const auto disagreeing = std::find_if(units.cbegin(), units.cend(), [](const auto &u) {
        return classifyDecision(u.first.values, {u.second.values}) != ReconciledFinding::Decision::Unanimous;
    });
    QVERIFY(disagreeing != units.cend());
    const Finding a = disagreeing->first;
    const Finding b = disagreeing->second;
    const ItemId item = a.item;

    // Adopt A: A's values, decision AdoptedOne, linked to both, by the reconciler.
    ReconciledFinding current;
    current.item = item;
    ReconciledFinding decided;
    decided.values = a.values;
    decided.comments = a.comments;
    decided.rationale = u"B misread the symptom"_s;
    QSignalSpy announced(m_document.get(), &ProjectDocument::reconciledChanged);
    QVERIFY2(m_document->push(ReconcileEdits::decide(m_document.get(), current, false, decided, {a, b}, u"Adopt A"_s), &error),
             qPrintable(error));
    QCOMPARE(announced.size(), 1);
    QCOMPARE(announced.first().first().value<ItemId>(), item);
    QList<ReconciledFinding> stored = project.reconciledForItem(item);
    QCOMPARE(stored.size(), 1);
    const ReconciledFinding adopted = stored.first();
    QCOMPARE(adopted.values, a.values);
    QCOMPARE(adopted.decision, ReconciledFinding::Decision::AdoptedOne);
    QCOMPARE(QSet<QUuid>(adopted.sourceFindings.cbegin(), adopted.sourceFindings.cend()), (QSet<QUuid>{a.uuid, b.uuid}));
    QCOMPARE(adopted.decidedBy, m_reconciler);
    QCOMPARE(adopted.rationale, decided.rationale);
    QVERIFY(adopted.decidedAt.isValid());

    // Undo and redo: gone, then back under the same uuid.
    m_document->undoStack()->undo();
    QVERIFY(project.reconciledForItem(item).isEmpty());
    QCOMPARE(labelTables(m_path), before);
    m_document->undoStack()->redo();
    stored = project.reconciledForItem(item);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().uuid, adopted.uuid);
    QCOMPARE(stored.first().values, a.values);

    // A value neither rater chose, on a dimension where they differ: a new decision.
    DimensionId differing = 0;
    for (const Dimension &d : book.dimensions) {
        if (differing == 0
            && classifyDecision(DimensionValues{{d.id, a.values.value(d.id)}},
                                QList<DimensionValues>{DimensionValues{{d.id, b.values.value(d.id)}}})
                != ReconciledFinding::Decision::Unanimous) {
            differing = d.id;
        }
    }
    QVERIFY(differing != 0);
    ValueId fresh = 0;
    for (const CodebookValue &v : book.valuesOf(differing, false)) {
        if (fresh == 0 && !a.values.value(differing).contains(v.id) && !b.values.value(differing).contains(v.id)) {
            fresh = v.id;
        }
    }
    QVERIFY(fresh != 0);
    ReconciledFinding renewed = stored.first();
    renewed.values.insert(differing, {fresh});
    QVERIFY(m_document->push(
        ReconcileEdits::decide(m_document.get(), stored.first(), true, renewed, {a, b}, u"New value"_s), &error));
    QCOMPARE(project.reconciledForItem(item).first().decision, ReconciledFinding::Decision::New);
    QCOMPARE(project.reconciledForItem(item).first().uuid, adopted.uuid);
    // The same dimension from B instead: each dimension is some rater's answer.
    ReconciledFinding mixed = renewed;
    mixed.values.insert(differing, b.values.value(differing));
    if (mixed.values.value(differing).isEmpty()) {
        mixed.values.remove(differing);
    }
    QVERIFY(m_document->push(ReconcileEdits::decide(m_document.get(), project.reconciledForItem(item).first(), true,
                                                    mixed, {a, b}, u"From B"_s),
                             &error));
    const ReconciledFinding::Decision expected = classifyDecision(mixed.values, {b.values}) == ReconciledFinding::Decision::Unanimous
        ? ReconciledFinding::Decision::AdoptedOne
        : ReconciledFinding::Decision::Combined;
    QCOMPARE(project.reconciledForItem(item).first().decision, expected);
    m_document->undoStack()->undo();
    QCOMPARE(project.reconciledForItem(item).first().decision, ReconciledFinding::Decision::New);

    // Typing the rationale is one step, however many edits.
    const int steps = m_document->undoStack()->count();
    QVERIFY(m_document->push(ReconcileEdits::setRationale(m_document.get(), project.reconciledForItem(item).first(), u"B"_s)));
    QVERIFY(m_document->push(ReconcileEdits::setRationale(m_document.get(), project.reconciledForItem(item).first(), u"Bo"_s)));
    QVERIFY(m_document->push(
        ReconcileEdits::setRationale(m_document.get(), project.reconciledForItem(item).first(), u"Both missed it"_s)));
    QCOMPARE(m_document->undoStack()->count(), steps); // the undone step was replaced by one
    QCOMPARE(project.reconciledForItem(item).first().rationale, u"Both missed it"_s);
    QVERIFY(!ReconcileEdits::setRationale(m_document.get(), project.reconciledForItem(item).first(), u"Both missed it"_s));

    // A second final finding of the item (it fixes two problems), then removed and restored.
    ReconciledFinding second;
    second.item = item;
    second.ordinal = 1;
    ReconciledFinding secondValues;
    secondValues.values = b.values;
    QVERIFY(m_document->push(ReconcileEdits::decide(m_document.get(), second, false, secondValues, {a, b}, u"Add"_s)));
    stored = project.reconciledForItem(item);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(1).ordinal, 1);
    QCOMPARE(stored.at(1).decision, ReconciledFinding::Decision::AdoptedOne);
    const ReconciledFinding removed = stored.at(1);
    QVERIFY(m_document->push(ReconcileEdits::remove(m_document.get(), removed)));
    QCOMPARE(project.reconciledForItem(item).size(), 1);
    m_document->undoStack()->undo();
    stored = project.reconciledForItem(item);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(1).uuid, removed.uuid);
    QCOMPARE(stored.at(1).decidedAt, removed.decidedAt);
    QCOMPARE(stored.at(1).ordinal, 1);

    // Everything undone: the label tables as they were.
    while (m_document->undoStack()->canUndo()) {
        m_document->undoStack()->undo();
    }
    QCOMPARE(labelTables(m_path), before);
}

QTEST_GUILESS_MAIN(TestReconcileEdits)
#include "tst_reconcileedits.moc"
