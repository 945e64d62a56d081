// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli report: the agreement report, one self-contained HTML page with the
// ratings and the scripts that recompute its headline figures beside it.
#include "command.h"

#include "report/htmlreport.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Writes the agreement report of PROJECT into DIR. Opens the project read-only.\n"
    "\n"
    "  report.html       one self-contained page (inline CSS and SVG charts; no script,\n"
    "                    nothing fetched, opens offline in any browser): the project's\n"
    "                    summary; per dimension every coefficient with its 95% interval,\n"
    "                    observed and expected agreement and n (a coefficient that is 0/0\n"
    "                    is \"undefined\" with the reason); the rater-pair matrix;\n"
    "                    confusion matrices; agreement per round; value frequencies; the\n"
    "                    decision statistics; the codebook with value counts.\n"
    "  ratings_long.csv  item,rater,dimension,value: the units of those figures (the\n"
    "                    export's long layout, under the same filters).\n"
    "  recompute.py      python3 recompute.py (needs statsmodels) prints percent\n"
    "                    agreement, Cohen's kappa (two raters) and Fleiss' kappa per\n"
    "                    dimension from ratings_long.csv: DIMENSION<TAB>COEFFICIENT<TAB>\n"
    "                    VALUE<TAB>METHOD, VALUE with 17 significant digits or undefined.\n"
    "  recompute.R       the same in R (Rscript recompute.R); adds Krippendorff's alpha\n"
    "                    when the irr package is installed.\n"
    "\n"
    "The figures are those of `concord-cli agreement --json` with the same filters (the\n"
    "alpha interval: 1000 bootstrap resamples, seed 1, unless --bootstrap/--seed).\n"
    "Files are written under temporary names and renamed into place when all are\n"
    "complete: on an error nothing is written. Existing files are not replaced unless\n"
    "--force.\n"
    "\n"
    "--json prints {\"directory\": DIR, \"files\": [{\"name\", \"path\", \"rows\"}, ...]}.\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be read or a file\n"
    "cannot be written (the message names it and the cause).";

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption out(u"out"_s, u"the directory to write into (created when missing)"_s, u"DIR"_s);
    const QCommandLineOption force(u"force"_s, u"replace files that exist"_s);
    const QCommandLineOption json(u"json"_s, u"print what was written as JSON"_s);
    const QCommandLineOption roundOption(u"round"_s, u"only items of this round"_s, u"N"_s);
    const QCommandLineOption datasetOption(u"dataset"_s, u"only items of this dataset"_s, u"NAME"_s);
    const QCommandLineOption gatePassed(u"gate-passed"_s,
                                        u"only units where every rater passed the gate (e.g. both said it fixes a problem)"_s);
    const QCommandLineOption emptyAsMissing(u"empty-as-missing"_s,
                                            u"an empty answer is a missing rating instead of the value \"none\""_s);
    const QCommandLineOption bootstrap(u"bootstrap"_s, u"resamples for the alpha confidence interval (default 1000, 0 = none)"_s,
                                       u"N"_s, u"1000"_s);
    const QCommandLineOption seed(u"seed"_s, u"bootstrap seed (default 1)"_s, u"S"_s, u"1"_s);
    parser.addOptions({out, force, json, roundOption, datasetOption, gatePassed, emptyAsMissing, bootstrap, seed});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"report"_s, &projectPath)) {
        return UsageError;
    }
    if (!parser.isSet(out) || parser.value(out).isEmpty()) {
        return usageError(parser, u"--out DIR is required"_s);
    }
    AgreementReportOptions options;
    options.overwrite = parser.isSet(force);
    bool ok = false;
    if (parser.isSet(roundOption)) {
        const int round = parser.value(roundOption).toInt(&ok);
        if (!ok || round < 0) {
            return usageError(parser, u"--round needs a whole number"_s);
        }
        options.filters.round = round;
    }
    if (parser.isSet(datasetOption)) {
        options.filters.dataset = parser.value(datasetOption);
    }
    options.filters.gatePassedOnly = parser.isSet(gatePassed);
    options.filters.emptyAsMissing = parser.isSet(emptyAsMissing);
    options.filters.bootstrapResamples = parser.value(bootstrap).toInt(&ok);
    if (!ok || options.filters.bootstrapResamples < 0 || options.filters.bootstrapResamples > 1000000) {
        return usageError(parser, u"--bootstrap needs a whole number from 0 to 1000000"_s);
    }
    options.filters.bootstrapSeed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        return usageError(parser, u"--seed needs a non-negative whole number"_s);
    }
    int status = Success;
    const auto project = openProject(projectPath, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    const auto files = writeAgreementReport(*project, options, parser.value(out), &error);
    if (!files) {
        return dataError(printable(error));
    }
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const ExportedFile &f : *files) {
            list.append(QJsonObject{{u"name"_s, f.name}, {u"path"_s, f.path}, {u"rows"_s, f.rows}});
        }
        const QJsonObject o{{u"directory"_s, parser.value(out)}, {u"files"_s, list}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString text;
        for (const ExportedFile &f : *files) {
            text += printable(f.path) + u'\n';
        }
        printOut(text);
    }
    return Success;
}

const CommandRegistration s_registration({u"report"_s, u"the agreement report: one self-contained HTML page, the ratings "
                                                       "and scripts that recompute its figures"_s,
                                          &run});

} // namespace
