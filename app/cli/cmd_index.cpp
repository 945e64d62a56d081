// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli index PROJECT [--json]: puts the diff text imports left pending in the search index.
#include "command.h"

#include "store/project.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <unistd.h>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "An import stores each patch's diff text but leaves it out of the search index, so that\n"
    "importing stays fast; the window indexes it in the background after opening the\n"
    "project, and a search meanwhile indexes what is missing in memory first, so it finds\n"
    "everything. This command puts them in the project's own index now, in\n"
    "short transactions of a few dozen patches: Ctrl+C (or a kill) keeps what was indexed\n"
    "and the next run goes on from there.\n"
    "\n"
    "--json prints {\"indexed\": N, \"pending\": N, \"cancelled\": false}: how many diffs were\n"
    "indexed and how many are still waiting.\n"
    "\n"
    "Exit codes: 0 success (also when nothing was pending), 1 usage error, 2 the project\n"
    "cannot be opened for writing or the store failed (the message says which; what was\n"
    "indexed before the failure stays).";

volatile std::sig_atomic_t s_interrupted = 0;

extern "C" void onIndexInterrupt(int)
{
    s_interrupted = 1;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl+C ends the process at once
}

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
    if (!projectArgument(parser, u"index"_s, &projectPath)) {
        return UsageError;
    }
    int status = Success;
    auto project = openProject(projectPath, Project::ReadWrite, &status);
    if (!project) {
        return status;
    }
    QString error;
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    s_interrupted = 0;
    std::signal(SIGINT, onIndexInterrupt);
    const std::optional<qint64> indexed = project->indexPendingDiffs(
        [&](qint64 done, qint64 total) {
            if (terminal && total > 0) {
                printErr(u"\rindexing diffs for search... %1 of %2"_s.arg(done).arg(total));
            }
            return s_interrupted == 0;
        },
        &error);
    std::signal(SIGINT, SIG_DFL);
    if (terminal) {
        printErr(u"\r\033[K"_s);
    }
    if (!indexed) {
        return dataError(error);
    }
    const std::optional<qint64> pending = project->pendingDiffCount(&error);
    if (!pending) {
        return dataError(error);
    }
    const bool cancelled = s_interrupted != 0;
    if (parser.isSet(json)) {
        const QJsonObject o{{u"indexed"_s, *indexed}, {u"pending"_s, *pending}, {u"cancelled"_s, cancelled}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else if (cancelled) {
        printOut(u"%1: cancelled after indexing %2 diffs; %3 still pending (run index again to go on)\n"_s
                     .arg(project->path())
                     .arg(*indexed)
                     .arg(*pending));
    } else {
        printOut(u"%1: %2 diffs indexed for search; %3 pending\n"_s.arg(project->path()).arg(*indexed).arg(*pending));
    }
    return Success;
}

static const CommandRegistration s_registration({u"index"_s, u"put the diff text imports left pending in the search index"_s,
                                                 &run});
