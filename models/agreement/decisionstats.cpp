// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/decisionstats.h"

#include "domain/dataset.h"
#include "domain/item.h"
#include "domain/rater.h"
#include "store/project.h"

#include <QHash>
#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

QString decisionName(ReconciledFinding::Decision decision)
{
    switch (decision) {
    case ReconciledFinding::Decision::Unanimous:
        return u"unanimous"_s;
    case ReconciledFinding::Decision::AdoptedOne:
        return u"adopted"_s;
    case ReconciledFinding::Decision::Combined:
        return u"combined"_s;
    case ReconciledFinding::Decision::New:
        return u"new"_s;
    }
    return u"unknown"_s;
}

std::optional<ReconciledFinding::Decision> decisionFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"unanimous") {
        return ReconciledFinding::Decision::Unanimous;
    }
    if (n == u"adopted" || n == u"adopted_one") {
        return ReconciledFinding::Decision::AdoptedOne;
    }
    if (n == u"combined") {
        return ReconciledFinding::Decision::Combined;
    }
    if (n == u"new") {
        return ReconciledFinding::Decision::New;
    }
    return std::nullopt;
}

namespace {

// An answer as a comparable value: the sorted names, "none" for nothing chosen.
QStringList answerOf(const QList<ValueId> &ids, const QHash<ValueId, QString> &nameOf)
{
    QStringList names;
    for (ValueId id : ids) {
        names << nameOf.value(id);
    }
    names.sort();
    names.removeDuplicates();
    if (names.isEmpty()) {
        names << u"none"_s;
    }
    return names;
}

QJsonValue share(qint64 part, qint64 whole)
{
    return whole > 0 ? QJsonValue(double(part) / double(whole)) : QJsonValue(QJsonValue::Null);
}

} // namespace

std::optional<std::vector<DecisionCounts>> computeDecisionCounts(const Project &project,
                                                                 const ProjectAgreementOptions &options, QString *error)
{
    // The same checks and names as agreement: unknown dimensions, raters or datasets are
    // reported the same way.
    const std::optional<std::vector<DimensionUnits>> checked = assembleProjectUnits(project, options, error);
    if (!checked) {
        return std::nullopt;
    }
    const std::optional<Codebook> book = project.codebook(error);
    const std::optional<QList<ReconciledFinding>> recs = project.reconciledFindings(error);
    const std::optional<QList<Finding>> findings = project.findings(error);
    if (!book || !recs || !findings) {
        return std::nullopt;
    }
    QHash<RaterId, QString> raterName;
    QSet<QString> compared;
    for (const Rater &r : project.raters()) {
        if (r.role == Rater::Role::Reconciler) {
            continue;
        }
        raterName.insert(r.id, r.name);
        const bool wanted = options.raters.isEmpty() || options.raters.contains(r.name)
            || (!r.initials.isEmpty() && options.raters.contains(r.initials));
        if (wanted) {
            compared.insert(r.name);
        }
    }
    QHash<DatasetId, QString> datasetName;
    for (const Dataset &d : project.datasets()) {
        datasetName.insert(d.id, d.name);
    }
    QHash<ItemId, bool> inFilter;
    for (const Item &item : project.items(0, project.itemCount())) {
        inFilter.insert(item.id, (!options.round || item.round == *options.round)
                                     && (!options.dataset || datasetName.value(item.dataset) == *options.dataset));
    }
    QHash<QUuid, const Finding *> findingByUuid;
    for (const Finding &f : *findings) {
        findingByUuid.insert(f.uuid, &f);
    }
    QHash<ValueId, QString> nameOf;
    QHash<ValueId, QUuid> uuidOf;
    for (const CodebookValue &v : book->values) {
        nameOf.insert(v.id, v.name);
        uuidOf.insert(v.id, v.uuid);
    }

    std::vector<DecisionCounts> result;
    for (const DimensionUnits &du : *checked) {
        const Dimension &dim = du.dimension;
        QSet<QUuid> open;
        const Dimension *gate = gateOf(*book, dim, &open);
        DecisionCounts counts;
        counts.dimension = dim;
        for (const ReconciledFinding &r : *recs) {
            if (!inFilter.value(r.item, false)) {
                continue;
            }
            ++counts.reconciled;
            counts.recorded[decisionName(r.decision)] += 1;
            QMap<QString, QStringList> answers; // rater → answer
            bool several = false;
            bool gateClosed = false;
            for (const QUuid &source : r.sourceFindings) {
                const Finding *f = findingByUuid.value(source);
                if (!f || !compared.contains(raterName.value(f->rater))) {
                    continue;
                }
                const QString rater = raterName.value(f->rater);
                several = several || answers.contains(rater);
                answers.insert(rater, answerOf(f->valuesOf(dim.id), nameOf));
                if (options.gatePassedOnly && gate) {
                    bool passed = false;
                    for (ValueId id : f->valuesOf(gate->id)) {
                        passed = passed || open.contains(uuidOf.value(id));
                    }
                    gateClosed = gateClosed || !passed;
                }
            }
            if (r.sourceFindings.isEmpty()) {
                ++counts.withoutSources;
                continue;
            }
            if (several) {
                ++counts.notComparable;
                continue;
            }
            if (answers.size() < 2) {
                ++counts.singleSource;
                continue;
            }
            if (gateClosed) {
                ++counts.excludedByGate;
                continue;
            }
            const QStringList decided = answerOf(r.values.value(dim.id), nameOf);
            const QStringList first = answers.first();
            const bool agreed = std::all_of(answers.cbegin(), answers.cend(), [&](const QStringList &a) {
                return a == first;
            });
            if (agreed) {
                ++(decided == first ? counts.agreedKept : counts.agreedOverruled);
                continue;
            }
            bool adopted = false;
            for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
                if (it.value() == decided) {
                    counts.adopted[it.key()] += 1;
                    adopted = true;
                }
            }
            ++(adopted ? counts.adoptedAny : counts.disagreedNeither);
        }
        result.push_back(std::move(counts));
    }
    return result;
}

QJsonObject decisionCountsToJson(const DecisionCounts &c)
{
    QJsonObject adopted;
    for (auto it = c.adopted.cbegin(); it != c.adopted.cend(); ++it) {
        adopted.insert(it.key(), it.value());
    }
    QJsonObject recorded;
    for (auto it = c.recorded.cbegin(); it != c.recorded.cend(); ++it) {
        recorded.insert(it.key(), it.value());
    }
    const qint64 comparable = c.comparable();
    return QJsonObject{
        {u"dimension"_s, c.dimension.key},
        {u"reconciled"_s, c.reconciled},
        {u"comparable"_s, comparable},
        {u"without_sources"_s, c.withoutSources},
        {u"single_source"_s, c.singleSource},
        {u"not_comparable"_s, c.notComparable},
        {u"excluded_by_gate"_s, c.excludedByGate},
        {u"agreed_kept"_s, c.agreedKept},
        {u"agreed_overruled"_s, c.agreedOverruled},
        {u"adopted_from_a_rater"_s, c.adoptedAny},
        {u"adopted_by_rater"_s, adopted},
        {u"chosen_by_neither"_s, c.neither()},
        {u"disagreed_chosen_by_neither"_s, c.disagreedNeither},
        {u"share_agreed_kept"_s, share(c.agreedKept, comparable)},
        {u"share_adopted_from_a_rater"_s, share(c.adoptedAny, comparable)},
        {u"share_chosen_by_neither"_s, share(c.neither(), comparable)},
        {u"recorded_decisions"_s, recorded},
    };
}

} // namespace Concord
