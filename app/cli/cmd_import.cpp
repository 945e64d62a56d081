// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli import PROJECT FILE... [--dataset NAME] [--format F] [--map ...] [--add-missing-values] [--json]
#include "command.h"

#include "domain/filekind.h"
#include "import/importer.h"
#include "store/project.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <unistd.h>

namespace Concord::Cli {

namespace {

volatile std::sig_atomic_t s_interrupted = 0;

extern "C" void onInterrupt(int)
{
    s_interrupted = 1;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl+C ends the process at once
}

QJsonObject toJson(const ImportResult &result)
{
    QJsonObject added;
    QJsonObject present;
    for (auto it = result.tally.counts.cbegin(); it != result.tally.counts.cend(); ++it) {
        QString key = it.key();
        key.replace(QLatin1Char(' '), QLatin1Char('_'));
        added.insert(key, it.value().added);
        present.insert(key, it.value().present);
    }
    return QJsonObject{
        {QStringLiteral("added"), added},
        {QStringLiteral("already_present"), present},
        {QStringLiteral("items_added"), result.report.added},
        {QStringLiteral("items_already_present"), result.report.alreadyPresent},
        {QStringLiteral("files"), result.report.files},
        {QStringLiteral("hunks"), result.report.hunks},
        {QStringLiteral("formats"), QJsonArray::fromStringList(result.formats)},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(result.report.warnings)},
        {QStringLiteral("nothing_new"), result.tally.addedNothing()},
    };
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"),
                                 QStringLiteral("The .concord project file (created when it does not exist)."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Files to import."), QStringLiteral("FILE..."));
    const QCommandLineOption datasetOption(QStringLiteral("dataset"), QStringLiteral("The dataset new items belong to."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("auto (default), patch, mbox, github-json, csv or ponder."),
                                          QStringLiteral("FORMAT"), QStringLiteral("auto"));
    const QCommandLineOption mapOption(
        QStringLiteral("map"),
        QStringLiteral("Columns of a bug-report CSV: FIELD=COLUMN,... with fields repository, number, title, body, "
                       "author, labels, state, created, closed, url (e.g. title=Summary,body=Description)."),
        QStringLiteral("MAP"));
    const QCommandLineOption projectOption(
        QStringLiteral("project"), QStringLiteral("OWNER/NAME for items whose input does not say (bug-report CSVs, patches)."),
        QStringLiteral("OWNER/NAME"));
    const QCommandLineOption addMissingOption(QStringLiteral("add-missing-values"),
                                              QStringLiteral("Add value names of rater judgements that the codebook does "
                                                             "not have, instead of failing."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print what was imported as JSON on stdout."));
    parser.addOption(datasetOption);
    parser.addOption(formatOption);
    parser.addOption(mapOption);
    parser.addOption(projectOption);
    parser.addOption(addMissingOption);
    parser.addOption(jsonOption);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Imports patches, mailboxes, GitHub issues (REST or gh --json, comments embedded or as a "
                       "second file), CSV taxonomies, rater judgements, reconciled findings and bug reports, and the "
                       "tf.function study's web-app dump (Django dumpdata JSON).\n"
                       "An export of the study layout reads back with `import NEW DIR/*.csv` (dimensions.csv and "
                       "raters.csv bring the dimensions' kinds and the raters' roles) once NEW holds the same "
                       "sources (patches, issues).\n"
                       "All files are one transaction: on any error nothing is imported and the message names the "
                       "file, the line or record, and the cause. Importing the same data again adds nothing. "
                       "Ctrl+C cancels and imports nothing.\n"
                       "The diff text of patches is put in the search index after the import, not in it "
                       "(\"diffs_pending_index\" in --json counts what waits; see concord-cli index).\n"
                       "Exit codes: 0 imported (warnings on stderr), 1 usage error, 2 data error."));
    if (parsed >= 0) {
        return parsed;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2) {
        return usageError(parser, QStringLiteral("import: give a PROJECT file and at least one FILE"));
    }
    const auto format = importFormatFromName(parser.value(formatOption));
    if (!format) {
        return usageError(parser, QStringLiteral("import: unknown --format \"%1\"").arg(parser.value(formatOption)));
    }

    ImportRequest request;
    request.files = positional.mid(1);
    request.format = *format;
    request.options.dataset = parser.value(datasetOption);
    request.options.project = parser.value(projectOption);
    request.columnMap = parser.values(mapOption);
    request.addMissingValues = parser.isSet(addMissingOption);
    for (const QString &file : std::as_const(request.files)) {
        if (const QString notAFile = notRegularFileMessage(file); !notAFile.isEmpty()) {
            return dataError(notAFile + QStringLiteral("; nothing was imported"));
        }
        if (!QFileInfo(file).isFile()) {
            return dataError(file + QStringLiteral(": no such file; nothing was imported"));
        }
    }

    const QString projectPath = positional.constFirst();
    if (const QString notAFile = notRegularFileMessage(projectPath); !notAFile.isEmpty()) {
        return dataError(notAFile + QStringLiteral("; nothing was imported"));
    }
    QString error;
    const bool createdProject = !QFileInfo::exists(projectPath);
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    int lastPercent = -1;
    s_interrupted = 0;
    std::signal(SIGINT, onInterrupt);
    request.options.progress = [&](qint64 done, qint64 total) {
        if (terminal && total > 0) {
            const int percent = int(done * 100 / total);
            if (percent != lastPercent) {
                lastPercent = percent;
                printErr(QStringLiteral("\rimporting... %1%").arg(percent));
            }
        }
        return s_interrupted == 0;
    };

    ImportResult result;
    bool ok = false;
    std::unique_ptr<Project> project;
    if (createdProject) {
        // A new project is made with its import in it, then linked into place: PATH
        // appears complete or not at all (a failed or cancelled import leaves nothing).
        bool opened = false;
        project = Project::create(projectPath, &error, [&](Project &fresh, QString *why) {
            opened = true;
            ok = importFiles(fresh, request, &result, why);
            return ok;
        });
        if (!project && !opened) {
            return dataError(projectPath + QStringLiteral(": ") + error);
        }
        ok = ok && project;
    } else {
        project = Project::open(projectPath, Project::ReadWrite, &error);
        if (!project) {
            return dataError(projectPath + QStringLiteral(": ") + error);
        }
        ok = importFiles(*project, request, &result, &error);
    }
    std::signal(SIGINT, SIG_DFL);
    if (terminal && lastPercent >= 0) {
        printErr(QStringLiteral("\r\033[K"));
    }
    if (!ok) {
        project.reset();
        if (s_interrupted) {
            return dataError(QStringLiteral("import cancelled; nothing was imported"));
        }
        return dataError(error);
    }
    for (const QString &warning : std::as_const(result.report.warnings)) {
        printErr(QStringLiteral("concord-cli: warning: ") + warning + QLatin1Char('\n'));
    }
    // Diff text is indexed for search after the import (concord-cli index, the window, or
    // the first search): say how much is waiting.
    const std::optional<qint64> pending = project->pendingDiffCount(&error);
    if (!pending) {
        return dataError(error + QStringLiteral(" (the import itself was saved)"));
    }
    if (parser.isSet(jsonOption)) {
        QJsonObject o = toJson(result);
        o.insert(QStringLiteral("diffs_pending_index"), *pending);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString summary = result.tally.summary();
        if (result.report.files > 0) {
            summary += QStringLiteral(" (%1 patch files, %2 hunks stored)").arg(result.report.files).arg(result.report.hunks);
        }
        if (*pending > 0) {
            summary += QStringLiteral("; %1 diffs queued for the search index (concord-cli index indexes them now; "
                                      "searches find them meanwhile)").arg(*pending);
        }
        printOut(projectPath + QStringLiteral(": ") + summary + QLatin1Char('\n'));
    }
    return Success;
}

const CommandRegistration s_registration({QStringLiteral("import"),
                                          QStringLiteral("import patches, issues, spreadsheets or the web-app dump"), &run});

} // namespace

} // namespace Concord::Cli
