// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli info: what a project holds, as text or JSON.
#include "command.h"

#include "store/project.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Prints what a project holds: counts of items and patch content, raters, findings\n"
    "and reconciled findings, and per codebook dimension how many values it has and\n"
    "how many findings chose at least one of them. Opens the project read-only.\n"
    "\n"
    "--json prints one object (all numbers are integers):\n"
    "  {\"items\": N, \"patches\": N, \"bug_reports\": N, \"files\": N, \"hunks\": N,\n"
    "   \"binary_files\": N, \"lines_added\": N, \"lines_deleted\": N, \"raters\": N,\n"
    "   \"findings\": N, \"reconciled\": N, \"diffs_pending_index\": N,\n"
    "   \"dimensions\": {\"KEY\": {\"values\": N, \"findings_with_value\": N}, ...}}\n"
    "\"values\" counts a dimension's values that were not merged into another one.\n"
    "\"diffs_pending_index\" counts patches whose diff text an import stored but did not\n"
    "yet put in the search index (concord-cli index does it; searches find them meanwhile).\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the file is missing, not a Concord project,\n"
    "damaged or from a newer Concord (the message says which).";

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(u"json"_s, u"print JSON (see above) instead of text"_s);
    parser.addOption(json);
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"info"_s, &projectPath)) {
        return UsageError;
    }
    int status = Success;
    auto project = openProject(projectPath, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    const ProjectCounts c = project->counts();
    QList<std::pair<QString, qint64>> counts = {
        {u"items"_s, c.items},
        {u"patches"_s, c.patches},
        {u"bug_reports"_s, c.bugReports},
        {u"files"_s, c.files},
        {u"hunks"_s, c.hunks},
        {u"binary_files"_s, c.binaryFiles},
        {u"lines_added"_s, c.linesAdded},
        {u"lines_deleted"_s, c.linesDeleted},
        {u"raters"_s, c.raters},
        {u"findings"_s, c.findings},
        {u"reconciled"_s, c.reconciled},
    };
    const std::optional<qint64> pending = project->pendingDiffCount(&error);
    if (!pending) {
        return dataError(error);
    }
    counts.append({u"diffs_pending_index"_s, *pending});
    const QList<DimensionCounts> dimensions = project->dimensionCounts();
    if (parser.isSet(json)) {
        QJsonObject o;
        for (const auto &[key, value] : counts) {
            o.insert(key, value);
        }
        QJsonObject dims;
        for (const DimensionCounts &d : dimensions) {
            dims.insert(d.key, QJsonObject{{u"values"_s, d.values}, {u"findings_with_value"_s, d.findingsWithValue}});
        }
        o.insert(u"dimensions"_s, dims);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return Success;
    }
    QString text = u"Project %1 (schema %2)\n"_s.arg(printable(project->path())).arg(Project::schemaVersion());
    for (const auto &[key, value] : counts) {
        text += u"  %1 %2\n"_s.arg(key + QLatin1Char(':'), -15).arg(value);
    }
    if (dimensions.isEmpty()) {
        text += u"Codebook: no dimensions\n"_s;
    } else {
        text += u"Codebook:\n"_s;
        for (const DimensionCounts &d : dimensions) {
            text += u"  %1 %2 values, %3 findings with a value\n"_s.arg(printable(d.key) + QLatin1Char(':'), -15)
                        .arg(d.values)
                        .arg(d.findingsWithValue);
        }
    }
    printOut(text);
    return Success;
}

static const CommandRegistration s_registration({u"info"_s, u"counts of items, content, findings and codebook values"_s, &run});
