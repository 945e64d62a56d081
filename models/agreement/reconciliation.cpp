// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/reconciliation.h"

#include "domain/item.h"
#include "domain/rater.h"
#include "store/project.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Values as a set per dimension; a dimension with nothing chosen is the same as one that is
// absent.
bool sameValues(const DimensionValues &x, const DimensionValues &y)
{
    QSet<DimensionId> dims;
    for (auto it = x.cbegin(); it != x.cend(); ++it) {
        dims.insert(it.key());
    }
    for (auto it = y.cbegin(); it != y.cend(); ++it) {
        dims.insert(it.key());
    }
    for (const DimensionId d : std::as_const(dims)) {
        QList<ValueId> a = x.value(d);
        QList<ValueId> b = y.value(d);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
        b.erase(std::unique(b.begin(), b.end()), b.end());
        if (a != b) {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<UnanimousPlan> planAcceptUnanimous(const Project &project, RaterId a, RaterId b, QString *error)
{
    const std::optional<QList<Finding>> findings = project.findings(error);
    const std::optional<QList<ReconciledFinding>> reconciled = project.reconciledFindings(error);
    if (!findings || !reconciled) {
        return std::nullopt;
    }
    const std::optional<Rater> raterA = project.rater(a);
    const std::optional<Rater> raterB = project.rater(b);
    if (!raterA || !raterB || a == b) {
        *error = u"%1: accept-unanimous needs two different raters of the project"_s.arg(project.path());
        return std::nullopt;
    }
    QSet<ItemId> done;
    for (const ReconciledFinding &r : *reconciled) {
        done.insert(r.item);
    }
    QHash<ItemId, QList<const Finding *>> ofA;
    QHash<ItemId, QList<const Finding *>> ofB;
    QList<ItemId> order; // items in the store's order (by item, then rater, then ordinal)
    for (const Finding &f : *findings) {
        if (f.rater != a && f.rater != b) {
            continue;
        }
        if (!ofA.contains(f.item) && !ofB.contains(f.item)) {
            order.append(f.item);
        }
        (f.rater == a ? ofA : ofB)[f.item].append(&f);
    }
    UnanimousPlan plan;
    for (const ItemId item : std::as_const(order)) {
        const QList<const Finding *> fa = ofA.value(item);
        const QList<const Finding *> fb = ofB.value(item);
        if (fa.isEmpty() || fb.isEmpty()) {
            ++plan.singleRated;
            continue;
        }
        if (done.contains(item)) {
            ++plan.alreadyReconciled;
            continue;
        }
        if (fa.size() > 1 || fb.size() > 1) {
            ++plan.severalFindings;
            continue;
        }
        const Finding &x = *fa.first();
        const Finding &y = *fb.first();
        if (!sameValues(x.values, y.values)) {
            ++plan.disagreeing;
            continue;
        }
        ReconciledFinding r;
        r.item = item;
        r.ordinal = 0;
        r.values = x.values;
        QSet<DimensionId> commented;
        for (auto it = x.comments.cbegin(); it != x.comments.cend(); ++it) {
            commented.insert(it.key());
        }
        for (auto it = y.comments.cbegin(); it != y.comments.cend(); ++it) {
            commented.insert(it.key());
        }
        for (const DimensionId d : std::as_const(commented)) {
            const QString cx = x.comments.value(d).trimmed();
            const QString cy = y.comments.value(d).trimmed();
            if (cx == cy || cy.isEmpty()) {
                r.comments.insert(d, cx);
            } else if (cx.isEmpty()) {
                r.comments.insert(d, cy);
            } else {
                r.comments.insert(d, u"%1: %2\n%3: %4"_s.arg(raterA->name, cx, raterB->name, cy));
            }
        }
        r.shouldDiscuss = x.shouldDiscuss || y.shouldDiscuss;
        r.sourceFindings = {x.uuid, y.uuid};
        r.decision = ReconciledFinding::Decision::Unanimous;
        r.rationale = u"Both raters gave the same values on every dimension (accept all unanimous)."_s;
        plan.toAdd.append(r);
        const std::optional<Item> stored = project.item(item);
        plan.keys.append(stored ? stored->key.toString() : QString::number(item));
    }
    return plan;
}

ReconciledFinding::Decision classifyDecision(const DimensionValues &decided, const QList<DimensionValues> &sources)
{
    if (sources.isEmpty()) {
        return ReconciledFinding::Decision::New;
    }
    const bool all = std::all_of(sources.cbegin(), sources.cend(), [&](const DimensionValues &v) {
        return sameValues(v, decided);
    });
    if (all) {
        return ReconciledFinding::Decision::Unanimous;
    }
    if (std::any_of(sources.cbegin(), sources.cend(), [&](const DimensionValues &v) {
            return sameValues(v, decided);
        })) {
        return ReconciledFinding::Decision::AdoptedOne;
    }
    QSet<DimensionId> dims;
    for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
        dims.insert(it.key());
    }
    for (const DimensionValues &v : sources) {
        for (auto it = v.cbegin(); it != v.cend(); ++it) {
            dims.insert(it.key());
        }
    }
    for (const DimensionId d : std::as_const(dims)) {
        const DimensionValues mine{{d, decided.value(d)}};
        const bool someone = std::any_of(sources.cbegin(), sources.cend(), [&](const DimensionValues &v) {
            return sameValues(DimensionValues{{d, v.value(d)}}, mine);
        });
        if (!someone) {
            return ReconciledFinding::Decision::New;
        }
    }
    return ReconciledFinding::Decision::Combined;
}

bool applyAcceptUnanimous(Project &project, const UnanimousPlan &plan, RaterId by, QString *error, const QDateTime &at)
{
    const QDateTime now = at.isValid() ? at : QDateTime::currentDateTimeUtc();
    return project.transaction(
        [&](QString *failure) {
            for (ReconciledFinding r : plan.toAdd) {
                r.decidedBy = by;
                r.decidedAt = now;
                if (!project.addReconciled(r, failure)) {
                    return false;
                }
            }
            return true;
        },
        error);
}

} // namespace Concord
