// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include "store/project.h"

#include <memory>

namespace Concord::Cli {

/// Exit codes shared by every subcommand.
enum ExitCode : int {
    Success = 0,
    UsageError = 1, ///< bad arguments or options
    DataError = 2,  ///< a file could not be read, parsed or written
};

/// One subcommand of concord-cli. Each lives in its own .cpp file and registers itself
/// with a static CommandRegistration, so adding a command touches no other file.
struct Command
{
    QString name;
    QString summary;               ///< one line for `concord-cli --help`
    int (*run)(const QStringList &arguments); ///< arguments[0] is "concord-cli NAME"
};

const QList<Command> &commands();

struct CommandRegistration
{
    explicit CommandRegistration(Command command);
};

/// Sets up the parser with --help and the given description, processes the arguments
/// and handles --help. Returns -1 to continue, or the exit code to return at once.
int parseArguments(QCommandLineParser &parser, const QStringList &arguments, const QString &description);

/// Prints "concord-cli: MESSAGE" on stderr and returns DataError.
int dataError(const QString &message);
/// Prints "concord-cli NAME: MESSAGE" and a hint to --help on stderr; returns UsageError.
int usageError(const QCommandLineParser &parser, const QString &message);

/// The PROJECT argument of a command that takes exactly one positional argument, in
/// *path. When there is none or more than one, prints why (naming @p command) and returns
/// false: the command then returns UsageError.
bool projectArgument(const QCommandLineParser &parser, const QString &command, QString *path);

/// Text from a data file shown on a terminal: control characters (escape sequences
/// included) become U+FFFD so a crafted value cannot drive the terminal.
QString printable(const QString &text);

/// Opens @p path; on failure prints the reason (naming the file) and sets *status to
/// DataError.
std::unique_ptr<Project> openProject(const QString &path, Project::OpenMode mode, int *status);

void printOut(const QString &text); ///< stdout, UTF-8, no newline added
void printErr(const QString &text); ///< stderr, UTF-8, no newline added

} // namespace Concord::Cli
