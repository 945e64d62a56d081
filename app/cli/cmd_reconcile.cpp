// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli reconcile: records final findings from the raters' findings.
#include "command.h"
#include "resolve.h"

#include "agreement/decisionstats.h"
#include "agreement/reconciliation.h"
#include "domain/rater.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QDateTime>
#include <QJsonObject>

#include <algorithm>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Records reconciled (final) findings.\n"
    "\n"
    "--accept-unanimous --raters A,B: one reconciled finding per unit (an item where A\n"
    "and B have exactly one finding each) where both gave equal values on every\n"
    "dimension, linked to both findings, decision \"unanimous\". Items that already have\n"
    "a reconciled finding are left alone, so a second run adds nothing; items where a\n"
    "rater has several findings are left to a reconciler. One transaction: all or\n"
    "nothing. --dry-run says what would be added and changes nothing.\n"
    "\n"
    "--item KEY [--finding N] (--adopt RATER [--dimension DIM] | --set DIM=VALUE...)\n"
    "--rationale TEXT --by NAME: one decision. It writes the item's reconciled finding N\n"
    "(1-based, default 1; N = their number + 1 makes a new one, for an item that fixes\n"
    "several problems), linked to the raters' findings number N of the item. --adopt\n"
    "takes RATER's answer (with --dimension, only that dimension's), --set chooses values\n"
    "by name (repeat for several values or dimensions; a dimension not named keeps what\n"
    "the reconciled finding had). The decision type is what the values show against the\n"
    "raters' findings: unanimous, adopted (one rater's whole answer), combined (each\n"
    "dimension some rater's) or new (chosen by none of them).\n"
    "\n"
    "Raters are named by name or initials; --by names who records the decisions (a\n"
    "reconciler, usually; for --accept-unanimous the default is unknown).\n"
    "\n"
    "--json prints, for --accept-unanimous, {\"added\": N, \"dry_run\": BOOL, \"items\": [KEY, ...],\n"
    "  \"already_reconciled\": N, \"disagreeing\": N, \"several_findings\": N,\n"
    "  \"single_rated\": N}; for one decision {\"item\": KEY, \"reconciled\": N, \"uuid\": UUID,\n"
    "  \"decision\": TYPE, \"values\": {DIM: [VALUE, ...]}, \"sources\": [UUID, ...],\n"
    "  \"rationale\": TEXT, \"by\": NAME}.\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be opened or written, or a\n"
    "rater, item, dimension or value does not exist (the project is unchanged).";

std::optional<Rater> findRater(const Project &project, const QString &name, QString *error)
{
    std::optional<Rater> r = resolveRater(project, name, error);
    if (!r) {
        *error = project.path() + u": "_s + *error;
    }
    return r;
}

// One decision on one item: see s_description.
int decide(Project &project, const QCommandLineParser &parser, const QString &key, int number, const QString &adopt,
           const QString &dimension, const QStringList &sets, const QString &rationale, const QString &by, bool json)
{
    QString error;
    const std::optional<Item> item = resolveItem(project, key, &error);
    if (!item) {
        return dataError(project.path() + u": "_s + error);
    }
    const std::optional<Rater> decider = findRater(project, by, &error);
    if (!decider) {
        return dataError(error);
    }
    const Codebook book = project.codebook();
    QList<ReconciledFinding> existing = project.reconciledForItem(item->id);
    std::sort(existing.begin(), existing.end(), [](const ReconciledFinding &x, const ReconciledFinding &y) {
        return x.ordinal < y.ordinal;
    });
    if (number > existing.size() + 1) {
        return dataError(u"%1: %2 has %3 reconciled finding(s): --finding %4 would leave a gap"_s.arg(project.path(), key)
                             .arg(existing.size())
                             .arg(number));
    }
    ReconciledFinding target;
    if (number <= existing.size()) {
        target = existing[number - 1];
    } else {
        target.item = item->id;
        target.ordinal = int(existing.size());
    }
    // The raters' findings number N of the item (a reconciler's own are not a source).
    QList<Finding> sources;
    for (const Finding &f : project.findingsForItem(item->id)) {
        const std::optional<Rater> r = project.rater(f.rater);
        if (r && r->role != Rater::Role::Reconciler && f.ordinal == number - 1) {
            sources.append(f);
        }
    }
    if (number <= existing.size() && !target.sourceFindings.isEmpty()) {
        // An existing decision keeps the findings it was linked to.
        sources.erase(std::remove_if(sources.begin(), sources.end(),
                                     [&](const Finding &f) {
                                         return !target.sourceFindings.contains(f.uuid);
                                     }),
                      sources.end());
    }
    if (!adopt.isEmpty()) {
        const std::optional<Rater> rater = findRater(project, adopt, &error);
        if (!rater) {
            return dataError(error);
        }
        const auto it = std::find_if(sources.cbegin(), sources.cend(), [&](const Finding &f) {
            return f.rater == rater->id;
        });
        if (it == sources.cend()) {
            return dataError(u"%1: %2 has no finding %3 of %4 to adopt"_s.arg(project.path(), rater->name).arg(number).arg(key));
        }
        if (dimension.isEmpty()) {
            target.values = it->values;
            target.comments = it->comments;
        } else {
            const Dimension *dim = resolveDimension(book, dimension, &error);
            if (!dim) {
                return dataError(project.path() + u": "_s + error);
            }
            target.values.insert(dim->id, it->values.value(dim->id));
            if (it->comments.contains(dim->id)) {
                target.comments.insert(dim->id, it->comments.value(dim->id));
            }
        }
    }
    QMap<DimensionId, QList<ValueId>> chosen;
    for (const QString &assignment : sets) {
        QString dimKey;
        QString valueName;
        splitAssignment(assignment, &dimKey, &valueName);
        const Dimension *dim = resolveDimension(book, dimKey, &error);
        if (!dim) {
            return dataError(project.path() + u": "_s + error);
        }
        const CodebookValue *value = resolveValue(book, *dim, valueName.trimmed(), &error);
        if (!value) {
            return dataError(project.path() + u": "_s + error);
        }
        if (!chosen[dim->id].contains(value->id)) {
            chosen[dim->id].append(value->id);
        }
    }
    for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
        target.values.insert(it.key(), it.value());
    }
    QList<DimensionValues> given;
    target.sourceFindings.clear();
    for (const Finding &f : std::as_const(sources)) {
        given.append(f.values);
        target.sourceFindings.append(f.uuid);
    }
    target.decision = classifyDecision(target.values, given);
    target.rationale = rationale;
    target.decidedBy = decider->id;
    target.decidedAt = QDateTime::currentDateTimeUtc();
    if (target.id == 0) {
        const std::optional<ReconciledId> id = project.addReconciled(target, &error);
        if (!id) {
            return dataError(u"%1: %2 (the project is unchanged)"_s.arg(project.path(), error));
        }
        target.id = *id;
    } else if (!project.updateReconciled(target, &error)) {
        return dataError(u"%1: %2 (the project is unchanged)"_s.arg(project.path(), error));
    }
    const std::optional<ReconciledFinding> stored = project.reconciled(target.id);
    if (!stored) {
        return dataError(u"%1: the reconciled finding could not be read back"_s.arg(project.path()));
    }
    QJsonObject values;
    QStringList valueText;
    for (const Dimension &dim : book.dimensions) {
        QJsonArray names;
        for (ValueId v : stored->values.value(dim.id)) {
            const CodebookValue *value = book.value(v);
            names.append(value ? value->name : QString::number(v));
        }
        values.insert(dim.key, names);
        QStringList plain;
        for (const QJsonValue &n : std::as_const(names)) {
            plain << n.toString();
        }
        valueText << u"%1=%2"_s.arg(dim.key, plain.isEmpty() ? u"(none)"_s : plain.join(u", "_s));
    }
    QJsonArray linked;
    for (const QUuid &u : stored->sourceFindings) {
        linked.append(u.toString(QUuid::WithoutBraces));
    }
    if (json) {
        const QJsonObject out{{u"item"_s, item->key.toString()},
                              {u"reconciled"_s, number},
                              {u"uuid"_s, stored->uuid.toString(QUuid::WithoutBraces)},
                              {u"decision"_s, decisionName(stored->decision)},
                              {u"values"_s, values},
                              {u"sources"_s, linked},
                              {u"rationale"_s, stored->rationale},
                              {u"by"_s, decider->name}};
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
    } else {
        printOut(u"%1 reconciled finding %2: %3 (%4), linked to %5 rater finding(s)\n"_s.arg(item->key.toString())
                     .arg(number)
                     .arg(valueText.join(u"; "_s), decisionName(stored->decision))
                     .arg(stored->sourceFindings.size()));
    }
    Q_UNUSED(parser);
    return Success;
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"PROJECT"_s, u"a Concord project (.concord)"_s);
    const QCommandLineOption acceptUnanimous(u"accept-unanimous"_s,
                                             u"add a reconciled finding for every unit where the two raters agree on every dimension"_s);
    const QCommandLineOption raters(u"raters"_s, u"the two raters to compare: A,B (names or initials)"_s, u"A,B"_s);
    const QCommandLineOption by(u"by"_s, u"who records the decisions (name or initials)"_s, u"NAME"_s);
    const QCommandLineOption dryRun(u"dry-run"_s, u"say what would be added; change nothing"_s);
    const QCommandLineOption json(u"json"_s, u"print one JSON object"_s);
    const QCommandLineOption itemOption(u"item"_s, u"one decision on this item: OWNER/NAME@SHA or OWNER/NAME#NUMBER"_s, u"KEY"_s);
    const QCommandLineOption findingOption(u"finding"_s, u"which reconciled finding of the item (default 1)"_s, u"N"_s);
    const QCommandLineOption adoptOption(u"adopt"_s, u"take this rater's answer"_s, u"RATER"_s);
    const QCommandLineOption dimensionOption(u"dimension"_s, u"with --adopt: only this dimension"_s, u"DIM"_s);
    const QCommandLineOption setOption(u"set"_s, u"choose VALUE in dimension DIM (repeat for several)"_s, u"DIM=VALUE"_s);
    const QCommandLineOption rationaleOption(u"rationale"_s, u"why: kept with the decision"_s, u"TEXT"_s);
    parser.addOptions({acceptUnanimous, raters, by, dryRun, json, itemOption, findingOption, adoptOption, dimensionOption,
                       setOption, rationaleOption});
    const int early = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (early >= 0) {
        return early;
    }
    QString path;
    if (!projectArgument(parser, u"reconcile"_s, &path)) {
        return UsageError;
    }
    if (parser.isSet(acceptUnanimous) == parser.isSet(itemOption)) {
        return usageError(parser, u"say what to reconcile: --accept-unanimous, or --item KEY with --adopt or --set"_s);
    }
    if (parser.isSet(itemOption)) {
        if (!parser.isSet(adoptOption) && parser.values(setOption).isEmpty()) {
            return usageError(parser, u"--item needs --adopt RATER or --set DIM=VALUE"_s);
        }
        if (parser.isSet(dimensionOption) && !parser.isSet(adoptOption)) {
            return usageError(parser, u"--dimension goes with --adopt"_s);
        }
        if (!parser.isSet(rationaleOption) || !parser.isSet(by)) {
            return usageError(parser, u"a decision needs --rationale TEXT and --by NAME"_s);
        }
        if (parser.isSet(dryRun) || parser.isSet(raters)) {
            return usageError(parser, u"--dry-run and --raters go with --accept-unanimous"_s);
        }
        for (const QString &assignment : parser.values(setOption)) {
            QString dim;
            QString value;
            if (!splitAssignment(assignment, &dim, &value) || value.trimmed().isEmpty()) {
                return usageError(parser, u"--set takes DIM=VALUE, not \"%1\""_s.arg(assignment));
            }
        }
        int number = 1;
        if (parser.isSet(findingOption)) {
            bool ok = false;
            number = parser.value(findingOption).toInt(&ok);
            if (!ok || number < 1) {
                return usageError(parser, u"--finding takes a number from 1"_s);
            }
        }
        int status = Success;
        std::unique_ptr<Project> project = openProject(path, Project::ReadWrite, &status);
        if (!project) {
            return status;
        }
        return decide(*project, parser, parser.value(itemOption), number, parser.value(adoptOption),
                      parser.value(dimensionOption), parser.values(setOption), parser.value(rationaleOption),
                      parser.value(by), parser.isSet(json));
    }
    const QStringList pair = parser.value(raters).split(u',', Qt::SkipEmptyParts);
    if (pair.size() != 2 || pair[0].trimmed() == pair[1].trimmed()) {
        return usageError(parser, u"--raters needs two different raters: A,B"_s);
    }
    int status = Success;
    std::unique_ptr<Project> project = openProject(path, parser.isSet(dryRun) ? Project::ReadOnly : Project::ReadWrite, &status);
    if (!project) {
        return status;
    }
    QString error;
    const std::optional<Rater> a = findRater(*project, pair[0].trimmed(), &error);
    const std::optional<Rater> b = a ? findRater(*project, pair[1].trimmed(), &error) : std::nullopt;
    if (!a || !b) {
        return dataError(error);
    }
    RaterId decider = 0;
    if (parser.isSet(by)) {
        const std::optional<Rater> who = findRater(*project, parser.value(by), &error);
        if (!who) {
            return dataError(error);
        }
        decider = who->id;
    }
    const std::optional<UnanimousPlan> plan = planAcceptUnanimous(*project, a->id, b->id, &error);
    if (!plan) {
        return dataError(error);
    }
    if (!parser.isSet(dryRun) && !plan->toAdd.isEmpty() && !applyAcceptUnanimous(*project, *plan, decider, &error)) {
        return dataError(u"%1: %2 (the project is unchanged)"_s.arg(path, error));
    }
    if (parser.isSet(json)) {
        const QJsonObject out{{u"added"_s, qint64(plan->toAdd.size())},
                              {u"dry_run"_s, parser.isSet(dryRun)},
                              {u"items"_s, QJsonArray::fromStringList(plan->keys)},
                              {u"already_reconciled"_s, plan->alreadyReconciled},
                              {u"disagreeing"_s, plan->disagreeing},
                              {u"several_findings"_s, plan->severalFindings},
                              {u"single_rated"_s, plan->singleRated}};
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
    } else {
        printOut(u"%1 %2 unanimous reconciled finding(s) of %3 and %4. Left alone: %5 already reconciled, %6 "
                 "disagreeing, %7 with several findings of a rater, %8 labeled by one of them only.\n"_s
                     .arg(parser.isSet(dryRun) ? u"Would add"_s : u"Added"_s)
                     .arg(plan->toAdd.size())
                     .arg(a->name, b->name)
                     .arg(plan->alreadyReconciled)
                     .arg(plan->disagreeing)
                     .arg(plan->severalFindings)
                     .arg(plan->singleRated));
    }
    return Success;
}

const CommandRegistration s_registration({u"reconcile"_s,
                                          u"record final findings: accept every unanimous unit of two raters, or one decision"_s, &run});

} // namespace
