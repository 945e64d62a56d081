// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli rater: lists a project's raters, adds one, or makes one a reconciler (or a
// rater again); each edit is one audited transaction, as in the window.
#include "command.h"
#include "resolve.h"

#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Lists the project's raters, adds one, or changes one's role.\n"
    "\n"
    "  concord-cli rater PROJECT [list]                 the raters (read-only)\n"
    "  concord-cli rater PROJECT add NAME [--role ROLE] [--initials X]\n"
    "  concord-cli rater PROJECT set-role NAME ROLE\n"
    "\n"
    "ROLE is rater (labels items blind: sees only their own findings) or reconciler (sees\n"
    "every rater's findings and records the final ones; a reconciler's own findings are\n"
    "not counted in agreement). NAME must be new to the project, as a name and as\n"
    "initials; set-role takes a rater's name or initials. Each edit is one audited\n"
    "transaction (the audit log names --by, a rater of the project, else the system user);\n"
    "on any error the project is unchanged.\n"
    "\n"
    "--json prints the raters (for add and set-role, as they are after the edit):\n"
    "  {\"raters\": [{\"name\": NAME, \"initials\": X, \"role\": \"rater\"|\"reconciler\",\n"
    "    \"uuid\": UUID, \"findings\": N, \"done\": N}, ...]}\n"
    "\n"
    "Exit codes: 0 success, 1 usage error (also an unknown role), 2 the project cannot be\n"
    "read or written, the rater does not exist, or the name is taken (the message names\n"
    "the file and the cause).";

QString roleName(Rater::Role role)
{
    return role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s;
}

std::optional<Rater::Role> parseRole(const QString &text)
{
    if (text == "rater"_L1) {
        return Rater::Role::Rater;
    }
    if (text == "reconciler"_L1) {
        return Rater::Role::Reconciler;
    }
    return std::nullopt;
}

/// A rater whose name or initials equal @p text (ignoring case), if any.
std::optional<Rater> clash(const QList<Rater> &raters, const QString &text)
{
    for (const Rater &r : raters) {
        if (r.name.compare(text, Qt::CaseInsensitive) == 0
            || (!r.initials.isEmpty() && r.initials.compare(text, Qt::CaseInsensitive) == 0)) {
            return r;
        }
    }
    return std::nullopt;
}

int list(const Project &project, bool json)
{
    QString error;
    const QList<Rater> raters = project.raters();
    QJsonArray array;
    QString text;
    for (const Rater &r : raters) {
        const std::optional<QList<Finding>> findings = project.findingsForRater(r.id, &error);
        if (!findings) {
            return dataError(u"%1: %2"_s.arg(project.path(), error));
        }
        const qint64 done = project.doneCount(r.id);
        array.append(QJsonObject{{u"name"_s, r.name},
                                 {u"initials"_s, r.initials},
                                 {u"role"_s, roleName(r.role)},
                                 {u"uuid"_s, r.uuid.toString(QUuid::WithoutBraces)},
                                 {u"findings"_s, qint64(findings->size())},
                                 {u"done"_s, done}});
        const QString who =
            r.initials.isEmpty() || r.initials == r.name ? r.name : u"%1 (%2)"_s.arg(r.name, r.initials);
        text += u"%1  %2, %3 finding(s), %4 item(s) done\n"_s.arg(printable(who), roleName(r.role))
                    .arg(findings->size())
                    .arg(done);
    }
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{u"raters"_s, array}}).toJson(QJsonDocument::Indented)));
    } else {
        printOut(raters.isEmpty() ? u"No raters.\n"_s : text);
    }
    return Success;
}

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption roleOption(u"role"_s, u"with add: rater (default) or reconciler"_s, u"ROLE"_s);
    const QCommandLineOption initialsOption(u"initials"_s, u"with add: the new rater's initials"_s, u"X"_s);
    const QCommandLineOption byOption(u"by"_s, u"who the audit log names for the edit (a rater's name or initials)"_s,
                                      u"NAME"_s);
    const QCommandLineOption json(u"json"_s, u"print the raters as JSON (see above)"_s);
    parser.addOptions({roleOption, initialsOption, byOption, json});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    parser.addPositionalArgument(u"ACTION"_s, u"list (default), add NAME or set-role NAME ROLE"_s,
                                 u"[ACTION ARGS...]"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        return usageError(parser, u"rater: a project file name is required"_s);
    }
    const QString path = positional.first();
    const QString action = positional.size() > 1 ? positional.at(1) : u"list"_s;
    const QStringList rest = positional.mid(2);
    std::optional<Rater::Role> role;
    if (action == "list"_L1) {
        if (!rest.isEmpty()) {
            return usageError(parser, u"rater: list takes no arguments"_s);
        }
    } else if (action == "add"_L1) {
        if (rest.size() != 1 || rest.first().trimmed().isEmpty()) {
            return usageError(parser, u"rater: add takes one NAME"_s);
        }
        role = Rater::Role::Rater;
        if (parser.isSet(roleOption)) {
            role = parseRole(parser.value(roleOption));
            if (!role) {
                return usageError(parser, u"rater: --role takes rater or reconciler, not \"%1\""_s.arg(
                                              printable(parser.value(roleOption))));
            }
        }
    } else if (action == "set-role"_L1) {
        if (rest.size() != 2) {
            return usageError(parser, u"rater: set-role takes NAME and ROLE"_s);
        }
        role = parseRole(rest.at(1));
        if (!role) {
            return usageError(parser, u"rater: ROLE is rater or reconciler, not \"%1\""_s.arg(printable(rest.at(1))));
        }
    } else {
        return usageError(parser, u"rater: expected list, add or set-role, not \"%1\""_s.arg(printable(action)));
    }
    if (action != "add"_L1 && (parser.isSet(roleOption) || parser.isSet(initialsOption))) {
        return usageError(parser, u"rater: --role and --initials go with add"_s);
    }
    if (action == "list"_L1 && parser.isSet(byOption)) {
        return usageError(parser, u"rater: --by goes with add and set-role"_s);
    }

    int status = Success;
    auto project = openProject(path, action == "list"_L1 ? Project::ReadOnly : Project::ReadWrite, &status);
    if (!project) {
        return status;
    }
    if (action == "list"_L1) {
        return list(*project, parser.isSet(json));
    }
    auto refuse = [&](const QString &cause) {
        return dataError(u"%1: %2; the project is unchanged"_s.arg(path, cause));
    };
    QString error;
    if (parser.isSet(byOption)) {
        const std::optional<Rater> by = resolveRater(*project, parser.value(byOption), &error);
        if (!by) {
            return refuse(u"--by: "_s + printable(error));
        }
        project->setActor(*by);
    }
    const QList<Rater> raters = project->raters();
    QString summary;
    if (action == "add"_L1) {
        Rater added;
        added.name = rest.first().trimmed();
        added.initials = parser.value(initialsOption).trimmed();
        added.role = *role;
        if (const std::optional<Rater> taken = clash(raters, added.name)) {
            return refuse(u"there is already a rater \"%1\"%2"_s.arg(
                printable(taken->name),
                taken->initials.isEmpty() ? QString() : u" (initials %1)"_s.arg(printable(taken->initials))));
        }
        if (!added.initials.isEmpty()) {
            if (const std::optional<Rater> taken = clash(raters, added.initials)) {
                return refuse(u"the initials \"%1\" name the rater \"%2\" already"_s.arg(printable(added.initials),
                                                                                         printable(taken->name)));
            }
        }
        if (!project->addRater(added, &error)) {
            return dataError(error);
        }
        summary = u"Added %1 as a %2.\n"_s.arg(printable(added.name), roleName(added.role));
    } else {
        std::optional<Rater> target = resolveRater(*project, rest.first(), &error);
        if (!target) {
            QStringList names;
            for (const Rater &r : raters) {
                names.append(r.name);
            }
            return refuse(u"no rater \"%1\"%2"_s.arg(printable(rest.first()), suggestion(rest.first(), names)));
        }
        if (target->role == *role) {
            summary = u"%1 is a %2 already.\n"_s.arg(printable(target->name), roleName(*role));
        } else {
            target->role = *role;
            if (!project->updateRater(*target, &error)) {
                return dataError(error);
            }
            summary = u"%1 is now a %2.\n"_s.arg(printable(target->name), roleName(*role));
        }
    }
    if (parser.isSet(json)) {
        return list(*project, true);
    }
    printOut(summary);
    return Success;
}

static const CommandRegistration s_registration({u"rater"_s, u"list the raters, add one, or make one a reconciler"_s,
                                                 &run});
