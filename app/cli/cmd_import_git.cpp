// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli import-git PROJECT --repo PATH --shas FILE
#include "command.h"

#include "import/gitimport.h"
#include "store/project.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace Concord::Cli {

namespace {

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("The .concord project file to import into."));
    const QCommandLineOption repoOption(QStringLiteral("repo"), QStringLiteral("The local clone to read commits from."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption shasOption(
        QStringLiteral("shas"),
        QStringLiteral("The commits: one SHA per line (# starts a comment), or a CSV with a header naming "
                       "\"sha\" and optionally \"project\" columns (like the study's commit list)."),
        QStringLiteral("FILE"));
    const QCommandLineOption projectOption(
        QStringLiteral("project"),
        QStringLiteral("OWNER/NAME for commits whose list gives no project. Default: from the clone's "
                       "\"origin\" remote URL."),
        QStringLiteral("OWNER/NAME"));
    const QCommandLineOption datasetOption(QStringLiteral("dataset"),
                                           QStringLiteral("The dataset the new items belong to."),
                                           QStringLiteral("NAME"));
    parser.addOption(repoOption);
    parser.addOption(shasOption);
    parser.addOption(projectOption);
    parser.addOption(datasetOption);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Imports commits from a local git clone: each commit's diff against its first parent, "
                       "its author, date and message, stored like an imported format-patch file.\n"
                       "SHAs missing from the clone are listed by name and skipped; the rest are imported in "
                       "one transaction. Any other error imports nothing.\n"
                       "Exit codes: 0 imported (warnings on stderr), 1 usage error, 2 data error."));
    if (parsed >= 0) {
        return parsed;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(parser, QStringLiteral("import-git: give exactly one PROJECT file"));
    }
    if (!parser.isSet(repoOption) || !parser.isSet(shasOption)) {
        return usageError(parser, QStringLiteral("import-git: --repo and --shas are required"));
    }
    const QString projectPath = positional.constFirst();
    const QString repoPath = parser.value(repoOption);
    const QString shasPath = parser.value(shasOption);

    QString defaultProject = parser.value(projectOption);
    if (defaultProject.isEmpty()) {
        defaultProject = projectFromRepository(repoPath);
    }
    QString error;
    QList<GitCommitRef> commits;
    if (!readGitCommitList(shasPath, defaultProject, &commits, &error)) {
        return dataError(error + QStringLiteral("; nothing was imported"));
    }
    if (commits.isEmpty()) {
        return dataError(shasPath + QStringLiteral(": no commit SHAs in it; nothing was imported"));
    }

    OpenFailure failure = OpenFailure::None;
    auto project = Project::open(projectPath, Project::ReadWrite, &error, &failure);
    if (!project) {
        return dataError(projectPath + QStringLiteral(": ") + error);
    }
    ImportOptions options;
    options.dataset = parser.value(datasetOption);
    options.project = defaultProject;
    ImportReport report;
    if (!importGitCommits(*project, repoPath, commits, options, &report, &error)) {
        return dataError(error);
    }
    for (const QString &w : std::as_const(report.warnings)) {
        printErr(QStringLiteral("concord-cli: warning: ") + w + u'\n');
    }
    QString summary = report.summary();
    if (report.added == 0 && report.alreadyPresent > 0) {
        summary += QStringLiteral(" — nothing new, the project is unchanged");
    }
    printOut(QStringLiteral("import-git: ") + summary + QStringLiteral(" (%1 files, %2 hunks stored)\n")
                                                            .arg(report.files)
                                                            .arg(report.hunks));
    return Success;
}

const CommandRegistration s_registration({QStringLiteral("import-git"),
                                          QStringLiteral("import commits from a local git clone by SHA"), &run});

} // namespace

} // namespace Concord::Cli
