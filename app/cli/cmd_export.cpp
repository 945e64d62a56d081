// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli export: the labels as CSV files for R, pandas and a replication package.
#include "command.h"

#include "export/projectexport.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Writes the project's codebook and labels into DIR as CSV files (RFC 4180, UTF-8,\n"
    "CRLF line ends) and Markdown. Opens the project read-only.\n"
    "\n"
    "Layouts (--layout):\n"
    "  study  the layout the study published (default):\n"
    "         problem_categories.csv, problem_causes.csv, problem_symptoms.csv,\n"
    "         problem_fixes.csv (header \"category\",\"description\", ...; every field\n"
    "         quoted), DIMENSION.csv for any other dimension;\n"
    "         dimensions.csv: dimension, name, kind (single or multiple), ordered,\n"
    "         description, file;\n"
    "         raters.csv: rater (the label the other files use), name, initials,\n"
    "         role (rater or reconciler), login, uuid;\n"
    "         categorizations.csv: one row per rater finding (the columns of the study's\n"
    "         spreadsheet, then item, project, issue, finding, rater_name, unsure,\n"
    "         created, modified, uuid);\n"
    "         reconciled.csv: one row per reconciled finding (the study's columns, then\n"
    "         item, project, issue, finding, decision, rationale, reconciler,\n"
    "         reconciler_name, decided_at, source_finding_uuids, uuid);\n"
    "         items.csv: project, sha, author, commit_date, dataset, rounds, then item,\n"
    "         kind, issue, title, files, hunks, lines_added, lines_deleted, findings,\n"
    "         raters, reconciled, uuid.\n"
    "         `concord-cli import NEW.concord DIR/*.csv` reads them back: raters with\n"
    "         roles, dimensions, findings and reconciled findings. The items' content\n"
    "         (patches, bug reports) is not in them: import the same sources into NEW\n"
    "         first, and the labels come back on the same items (project + sha,\n"
    "         project + issue number).\n"
    "  wide   ratings_wide.csv: one row per unit, a column DIMENSION.RATER per rater and\n"
    "         DIMENSION.reconciled.\n"
    "  long   ratings_long.csv: item,rater,dimension,value, the units the agreement\n"
    "         figures are computed on: `concord-cli agreement --ratings\n"
    "         DIR/ratings_long.csv --dimension KEY` gives the project's figures.\n"
    "Every layout also writes codebook.md (values, descriptions and how many findings\n"
    "chose each) and decision_log.md (every reconciled finding: decision type,\n"
    "reconciler, sources, rationale).\n"
    "\n"
    "Several values of one dimension share a cell separated by ';'. A cell a spreadsheet\n"
    "would run as a formula (starting with = + - @, a tab or a carriage return) and a\n"
    "cell starting with ' get a ' in front; Concord's CSV import removes exactly that\n"
    "one, so every value survives the round trip.\n"
    "\n"
    "Files are written under temporary names and renamed into place when all are\n"
    "complete: on an error nothing is written. Existing files are not replaced unless\n"
    "--force.\n"
    "\n"
    "--json prints {\"directory\": DIR, \"layout\": L, \"files\": [{\"name\", \"path\",\n"
    "\"rows\"}, ...]} (rows: data rows without the header; Markdown: table rows).\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be read or a file\n"
    "cannot be written (the message names it and the cause).";

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption out(u"out"_s, u"the directory to write into (created when missing)"_s, u"DIR"_s);
    const QCommandLineOption layout(u"layout"_s, u"study (default), wide or long"_s, u"LAYOUT"_s, u"study"_s);
    const QCommandLineOption force(u"force"_s, u"replace files that exist"_s);
    const QCommandLineOption json(u"json"_s, u"print what was written as JSON"_s);
    parser.addOptions({out, layout, force, json});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"export"_s, &projectPath)) {
        return UsageError;
    }
    if (!parser.isSet(out) || parser.value(out).isEmpty()) {
        return usageError(parser, u"--out DIR is required"_s);
    }
    const std::optional<ExportLayout> chosen = exportLayoutFromName(parser.value(layout));
    if (!chosen) {
        return usageError(parser, u"unknown layout \"%1\" (study, wide or long)"_s.arg(printable(parser.value(layout))));
    }
    int status = Success;
    const auto project = openProject(projectPath, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    ExportOptions options;
    options.layout = *chosen;
    options.overwrite = parser.isSet(force);
    QString error;
    const auto files = exportProject(*project, parser.value(out), options, &error);
    if (!files) {
        return dataError(printable(error));
    }
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const ExportedFile &f : *files) {
            list.append(QJsonObject{{u"name"_s, f.name}, {u"path"_s, f.path}, {u"rows"_s, f.rows}});
        }
        const QJsonObject o{{u"directory"_s, parser.value(out)}, {u"layout"_s, exportLayoutName(*chosen)}, {u"files"_s, list}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString text;
        for (const ExportedFile &f : *files) {
            text += u"%1  %2 rows\n"_s.arg(printable(f.path)).arg(f.rows);
        }
        printOut(text);
    }
    return Success;
}

const CommandRegistration s_registration({u"export"_s, u"the labels as CSV files (study, wide or long layout)"_s, &run});

} // namespace
