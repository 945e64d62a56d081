// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli merge: bring another copy of the same project into this one.
#include "command.h"

#include "store/project.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Brings in from OTHER, another copy of the same project (same project uuid), every\n"
    "record it has and PROJECT lacks: items with their content, raters, datasets, codebook\n"
    "dimensions and values, findings, reconciled findings, done marks, tombstones and\n"
    "audit entries. Records are matched by their uuids, never by row ids or names alone,\n"
    "so merging the same file twice changes nothing the second time.\n"
    "\n"
    "Conflicts are decided by these rules and every one is reported:\n"
    "  - a record deleted in either copy stays deleted (a value still used is kept);\n"
    "  - a finding, reconciled finding, done mark, dimension or value that differs in\n"
    "    the two copies: the later modification wins (a value renamed differently keeps\n"
    "    the later name; both names are reported);\n"
    "  - two values of one dimension with the same name created independently: both are\n"
    "    kept and reported;\n"
    "  - a value merged into another in either copy is merged in the result, and its uses\n"
    "    (incoming ones too) move to the value it was merged into;\n"
    "  - a dimension of OTHER deleted here, or whose key another dimension here has,\n"
    "    is left out with its values; the labels in it are counted in the conflict;\n"
    "  - a new rater whose name another rater has here is added as \"NAME (INITIALS)\".\n"
    "\n"
    "OTHER is opened read-only and checked first (a damaged, crafted or foreign file is\n"
    "refused and nothing changes). Before changing anything, PROJECT is copied to\n"
    "PROJECT.before-merge.bak (PROJECT.before-merge.bak.2, ... when that exists). The\n"
    "merge is one transaction: on any error the project is unchanged.\n"
    "\n"
    "--dry-run lists exactly what the merge would add, update and delete and every\n"
    "conflict with the rule applied, and changes nothing.\n"
    "--json prints {\"dry_run\": B, \"backup\": PATH or null, \"added\": N, \"updated\": N,\n"
    "  \"deleted\": N, \"conflicts\": N, \"audit_entries\": N,\n"
    "  \"changes\": [{\"action\": \"add|update|delete|conflict\", \"entity\": E,\n"
    "               \"uuid\": U, \"detail\": TEXT, \"writes\": B}, ...]}; \"writes\" is false\n"
    "for a conflict decided in PROJECT's favour (reported, nothing written).\n"
    "\n"
    "Exit codes: 0 success (also when there was nothing to merge), 1 usage error,\n"
    "2 a file could not be opened, is not a copy of this project, or the merge failed\n"
    "(the message says why; the project is unchanged).";

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption dryRun(u"dry-run"_s, u"list what would change; change nothing"_s);
    const QCommandLineOption json(u"json"_s, u"print JSON (see above) instead of text"_s);
    parser.addOption(dryRun);
    parser.addOption(json);
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file to merge into"_s);
    parser.addPositionalArgument(u"OTHER"_s, u"another copy of the same project"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        return usageError(parser, u"merge: PROJECT and OTHER are required"_s);
    }
    int status = Success;
    auto project = openProject(positional.at(0), Project::ReadWrite, &status);
    if (!project) {
        return status;
    }
    QString error;
    const bool plan = parser.isSet(dryRun);
    const std::optional<MergeReport> report = plan ? project->planMerge(positional.at(1), &error)
                                                   : project->applyMerge(positional.at(1), &error);
    if (!report) {
        return dataError(error);
    }
    const qint64 audits = report->changes.size() - report->substantive();
    if (parser.isSet(json)) {
        QJsonArray changes;
        for (const MergeReport::Change &c : report->changes) {
            changes.append(QJsonObject{{u"action"_s, c.action},
                                       {u"entity"_s, c.entity},
                                       {u"uuid"_s, c.uuid.isNull() ? QJsonValue() : QJsonValue(c.uuid.toString(QUuid::WithoutBraces))},
                                       {u"detail"_s, c.detail},
                                       {u"writes"_s, c.writes}});
        }
        QJsonObject o{{u"dry_run"_s, plan},
                      {u"backup"_s, report->backupPath.isEmpty() ? QJsonValue() : QJsonValue(report->backupPath)},
                      {u"added"_s, report->count(u"add"_s) - audits},
                      {u"updated"_s, report->count(u"update"_s)},
                      {u"deleted"_s, report->count(u"delete"_s)},
                      {u"conflicts"_s, report->count(u"conflict"_s)},
                      {u"audit_entries"_s, audits},
                      {u"changes"_s, changes}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return Success;
    }
    QString text;
    if (report->changes.isEmpty()) {
        text = u"Nothing to merge: %1 already holds everything %2 has.\n"_s.arg(printable(positional.at(0)),
                                                                                printable(positional.at(1)));
        printOut(text);
        return Success;
    }
    if (report->isNoOp()) {
        text = u"Nothing to merge: %1 differs from %2 only where its own later edits are kept:\n"_s.arg(
            printable(positional.at(0)), printable(positional.at(1)));
    } else {
        text = plan ? u"Merging %1 into %2 would:\n"_s.arg(printable(positional.at(1)), printable(positional.at(0)))
                    : u"Merged %1 into %2:\n"_s.arg(printable(positional.at(1)), printable(positional.at(0)));
    }
    for (const MergeReport::Change &c : report->changes) {
        if (c.entity == u"audit"_s) {
            continue;
        }
        text += u"  %1 %2 %3%4\n"_s.arg(c.action, -8)
                    .arg(c.entity, -10)
                    .arg(c.uuid.isNull() ? u"-"_s : c.uuid.toString(QUuid::WithoutBraces))
                    .arg(c.detail.isEmpty() ? QString() : u"  "_s + printable(c.detail));
    }
    text += u"%1 added, %2 updated, %3 deleted, %4 conflict(s) decided, %5 audit entries copied.\n"_s
                .arg(report->count(u"add"_s) - audits)
                .arg(report->count(u"update"_s))
                .arg(report->count(u"delete"_s))
                .arg(report->count(u"conflict"_s))
                .arg(audits);
    if (plan) {
        text += u"Dry run: nothing was changed.\n"_s;
    } else if (!report->backupPath.isEmpty()) {
        text += u"The project as it was before is at %1.\n"_s.arg(printable(QDir::toNativeSeparators(report->backupPath)));
    }
    printOut(text);
    return Success;
}

static const CommandRegistration s_registration({u"merge"_s, u"bring in another copy of the same project"_s, &run});
