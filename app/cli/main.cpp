// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli: the scriptable face of Concord. Links Concord::Models only.
#include "command.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>
#include <cstdlib>

using namespace Concord::Cli;

static QString overview()
{
    QList<Command> sorted = commands();
    std::sort(sorted.begin(), sorted.end(), [](const Command &a, const Command &b) { return a.name < b.name; });
    QString text = QStringLiteral(
        "Usage: concord-cli COMMAND [OPTIONS] [ARGUMENTS]\n"
        "Concord: label code patches and bug reports in pairs, measure agreement, reconcile, export.\n\n"
        "Commands:\n");
    for (const Command &c : sorted) {
        text += QStringLiteral("  %1%2\n").arg(c.name, -14).arg(c.summary);
    }
    text += QStringLiteral(
        "\nOptions:\n"
        "  -h, --help     this text; COMMAND --help describes one command\n"
        "  -v, --version  the version\n"
        "  --verbose      also print the library's log lines on stderr\n\n"
        "Exit codes: 0 success, 1 usage error, 2 data error (message on stderr).\n");
    return text;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("concord-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Concord"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION_STRING));

    // Commands report errors themselves, once, on stderr; the library's log lines (and
    // Qt's own warnings) are for debugging: --verbose, anywhere, or QT_LOGGING_RULES shows them.
    QStringList args = QCoreApplication::arguments();
    const bool verbose = args.removeAll(QStringLiteral("--verbose")) > 0;
    if (verbose) {
        QLoggingCategory::setFilterRules(QStringLiteral("concord.*=true"));
    } else if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &) {
            if (type == QtFatalMsg) {
                std::abort();
            }
        });
    }

    if (args.size() < 2) {
        printErr(overview());
        return UsageError;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("-h") || first == QLatin1String("--help") || first == QLatin1String("help")) {
        printOut(overview());
        return Success;
    }
    if (first == QLatin1String("-v") || first == QLatin1String("--version")) {
        printOut(QStringLiteral("concord-cli %1\n").arg(QCoreApplication::applicationVersion()));
        return Success;
    }
    for (const Command &c : commands()) {
        if (c.name == first) {
            QStringList rest = args.mid(2);
            rest.prepend(QStringLiteral("concord-cli ") + c.name);
            return c.run(rest);
        }
    }
    printErr(QStringLiteral("concord-cli: unknown command \"%1\" (see concord-cli --help)\n").arg(first));
    return UsageError;
}
