// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli new: create an empty project file.
#include "command.h"

#include "store/project.h"

#include <QDir>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file to create; an existing file is never overwritten"_s);
    const int handled = parseArguments(parser, arguments,
                                       u"Creates a new, empty Concord project file (a single SQLite file).\nAn existing file is never overwritten.\n"
                                       "Exit codes: 0 created, 1 usage error, 2 the file exists or cannot be written."_s);
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"new"_s, &projectPath)) {
        return UsageError;
    }
    QString error;
    auto project = Project::create(projectPath, &error);
    if (!project) {
        return dataError(error);
    }
    printOut(u"Created %1 (schema %2)\n"_s.arg(QDir::toNativeSeparators(projectPath)).arg(Project::schemaVersion()));
    return Success;
}

static const CommandRegistration s_registration({u"new"_s, u"create an empty project file"_s, &run});
