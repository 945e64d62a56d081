// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli export-rater: a copy of a project for one rater, without anyone else's answers.
#include "command.h"
#include "resolve.h"

#include "store/project.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Writes a \"rater copy\" of PROJECT for rater R to label on another machine: the items\n"
    "with their content, the codebook, the raters, R's own findings and done marks; no\n"
    "other rater's findings or done marks, no reconciled findings, and no audit entries\n"
    "that show them, so blindness survives the exchange (deleted rows are vacuumed away).\n"
    "The copy is the same project (same uuids): when R is done, bring the work back with\n"
    "  concord-cli merge PROJECT COPY\n"
    "which adds R's findings and removes nobody else's.\n"
    "\n"
    "The copy is made under a temporary name beside OUT and linked into place: an\n"
    "existing file is never replaced, and a crash leaves no partial file.\n"
    "\n"
    "--json prints {\"out\": PATH, \"rater\": NAME, \"findings\": N, \"items\": N}.\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be opened, the rater is\n"
    "unknown, or OUT exists or cannot be written (the message says which).";

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption raterOption(u"rater"_s, u"the rater (name or initials)"_s, u"R"_s);
    const QCommandLineOption outOption(u"out"_s, u"the copy to write (must not exist)"_s, u"FILE"_s);
    const QCommandLineOption json(u"json"_s, u"print JSON (see above) instead of text"_s);
    parser.addOptions({raterOption, outOption, json});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"export-rater"_s, &projectPath)) {
        return UsageError;
    }
    if (!parser.isSet(raterOption) || !parser.isSet(outOption)) {
        return usageError(parser, u"export-rater: --rater and --out are required"_s);
    }
    int status = Success;
    auto project = openProject(projectPath, Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    const std::optional<Rater> rater = resolveRater(*project, parser.value(raterOption), &error);
    if (!rater) {
        return dataError(error);
    }
    const QString out = parser.value(outOption);
    if (!project->exportRaterCopy(rater->id, out, &error)) {
        return dataError(error);
    }
    const qint64 findings = project->findingsForRater(rater->id).size();
    if (parser.isSet(json)) {
        const QJsonObject o{{u"out"_s, out}, {u"rater"_s, rater->name}, {u"findings"_s, findings}, {u"items"_s, project->itemCount()}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return Success;
    }
    printOut(u"Wrote %1 for %2: %3 items, %4 of their findings, nobody else's.\n"_s.arg(
        printable(QDir::toNativeSeparators(out)), printable(rater->name)).arg(project->itemCount()).arg(findings));
    return Success;
}

static const CommandRegistration s_registration({u"export-rater"_s, u"a copy for one rater, without anyone else's findings"_s, &run});
