// SPDX-License-Identifier: GPL-3.0-or-later
#include "command.h"

#include <QCoreApplication>

#include <cstdio>

namespace Concord::Cli {

static QList<Command> &registry()
{
    static QList<Command> s_commands;
    return s_commands;
}

const QList<Command> &commands()
{
    return registry();
}

CommandRegistration::CommandRegistration(Command command)
{
    registry().append(std::move(command));
}

static void writeUtf8(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void printOut(const QString &text)
{
    writeUtf8(stdout, text);
}

void printErr(const QString &text)
{
    writeUtf8(stderr, text);
}

int parseArguments(QCommandLineParser &parser, const QStringList &arguments, const QString &description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help = parser.addHelpOption();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        return usageError(parser, parser.errorText());
    }
    if (parser.isSet(help)) {
        // QCommandLineParser names the binary by its full path; users typed "concord-cli NAME".
        QString text = parser.helpText();
        const QString usagePrefix = QStringLiteral("Usage: ");
        if (text.startsWith(usagePrefix) && !arguments.isEmpty()) {
            const qsizetype end = text.indexOf(QLatin1Char(' '), usagePrefix.size());
            if (end > 0) {
                text.replace(usagePrefix.size(), end - usagePrefix.size(), arguments.constFirst());
            }
        }
        printOut(text);
        return Success;
    }
    return -1;
}

QString printable(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0)) {
            c = QChar(0xfffd);
        }
    }
    return out;
}

std::unique_ptr<Project> openProject(const QString &path, Project::OpenMode mode, int *status)
{
    QString error;
    std::unique_ptr<Project> project = Project::open(path, mode, &error);
    if (!project) {
        *status = dataError(error.contains(path) ? error : path + QStringLiteral(": ") + error);
    }
    return project;
}

int dataError(const QString &message)
{
    printErr(QStringLiteral("concord-cli: ") + message + QLatin1Char('\n'));
    return DataError;
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    Q_UNUSED(parser);
    printErr(QStringLiteral("concord-cli: ") + message + QStringLiteral("\n(see --help)\n"));
    return UsageError;
}

bool projectArgument(const QCommandLineParser &parser, const QString &command, QString *path)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() == 1) {
        *path = positional.first();
        return true;
    }
    usageError(parser, command
                           + (positional.isEmpty() ? QStringLiteral(": a project file name is required")
                                                   : QStringLiteral(": exactly one project file name is expected")));
    return false;
}

} // namespace Concord::Cli
