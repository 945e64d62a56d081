// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli reconcile: records final findings from the raters' findings.
#include "command.h"

#include "agreement/reconciliation.h"
#include "domain/rater.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    "Raters are named by name or initials; --by names who records the decisions (a\n"
    "reconciler, usually; default: recorded as unknown).\n"
    "\n"
    "--json prints {\"added\": N, \"dry_run\": BOOL, \"items\": [KEY, ...],\n"
    "  \"already_reconciled\": N, \"disagreeing\": N, \"several_findings\": N,\n"
    "  \"single_rated\": N}.\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be opened or written, or a\n"
    "rater does not exist (the project is unchanged).";

std::optional<Rater> findRater(const Project &project, const QString &name, QString *error)
{
    QStringList known;
    for (const Rater &r : project.raters()) {
        if (r.name == name || (!r.initials.isEmpty() && r.initials == name)) {
            return r;
        }
        known << (r.initials.isEmpty() ? r.name : u"%1 (%2)"_s.arg(r.name, r.initials));
    }
    *error = u"%1: no rater \"%2\" (raters: %3)"_s.arg(project.path(), name, known.isEmpty() ? u"none"_s : known.join(u", "_s));
    return std::nullopt;
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
    parser.addOptions({acceptUnanimous, raters, by, dryRun, json});
    const int early = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (early >= 0) {
        return early;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(parser, u"give one project"_s);
    }
    if (!parser.isSet(acceptUnanimous)) {
        return usageError(parser, u"say what to reconcile: --accept-unanimous"_s);
    }
    const QStringList pair = parser.value(raters).split(u',', Qt::SkipEmptyParts);
    if (pair.size() != 2 || pair[0].trimmed() == pair[1].trimmed()) {
        return usageError(parser, u"--raters needs two different raters: A,B"_s);
    }
    const QString path = parser.positionalArguments().first();
    QString error;
    OpenFailure failure = OpenFailure::None;
    std::unique_ptr<Project> project =
        Project::open(path, parser.isSet(dryRun) ? Project::ReadOnly : Project::ReadWrite, &error, &failure);
    if (!project) {
        return dataError(error.contains(path) ? error : path + u": "_s + error);
    }
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
                                          u"record final findings: accept every unanimous unit of two raters"_s, &run});

} // namespace
