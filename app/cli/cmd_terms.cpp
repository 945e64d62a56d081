// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli terms: the highlight terms of a project (marked in diffs and reports,
// counted per item), listed, added or removed.
#include "command.h"

#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Lists, adds or removes the project's highlight terms: words or patterns that the\n"
    "window marks in diffs and bug reports and counts per item in the item list, the\n"
    "same for every rater. A term is plain text matched anywhere in a line, ignoring\n"
    "case; --regex makes the --add terms regular expressions (Perl syntax), --case-sensitive\n"
    "makes them match case. Every --add and --remove of one call is one audited edit:\n"
    "when any of them is refused (an invalid regular expression, a term listed twice, a\n"
    "--remove of a term the project does not have) the project is unchanged.\n"
    "Without --add or --remove the project is opened read-only.\n"
    "\n"
    "--json prints the terms after the edit:\n"
    "  {\"terms\": [{\"pattern\": \"tf.function\", \"regex\": false, \"case_sensitive\": false}, ...]}\n"
    "\n"
    "Exit codes: 0 success, 1 usage error (also an invalid term), 2 the project cannot be\n"
    "read or written (the message says why).";

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption add(u"add"_s, u"add TERM (repeatable)"_s, u"TERM"_s);
    const QCommandLineOption remove(u"remove"_s, u"remove the term written exactly TERM (repeatable)"_s, u"TERM"_s);
    const QCommandLineOption regex(u"regex"_s, u"the --add terms are regular expressions"_s);
    const QCommandLineOption caseSensitive(u"case-sensitive"_s, u"the --add terms match case"_s);
    const QCommandLineOption json(u"json"_s, u"print JSON (see above) instead of text"_s);
    parser.addOptions({add, remove, regex, caseSensitive, json});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString projectPath;
    if (!projectArgument(parser, u"terms"_s, &projectPath)) {
        return UsageError;
    }
    const QStringList added = parser.values(add);
    const QStringList removed = parser.values(remove);
    if ((parser.isSet(regex) || parser.isSet(caseSensitive)) && added.isEmpty()) {
        return usageError(parser, u"terms: --regex and --case-sensitive apply to --add terms; none was given"_s);
    }
    const bool edits = !added.isEmpty() || !removed.isEmpty();
    int status = Success;
    auto project = openProject(projectPath, edits ? Project::ReadWrite : Project::ReadOnly, &status);
    if (!project) {
        return status;
    }
    QString error;
    std::optional<QList<HighlightTerm>> terms = project->highlightTerms(&error);
    if (!terms) {
        return dataError(error);
    }
    if (edits) {
        QList<HighlightTerm> next = *terms;
        for (const QString &pattern : removed) {
            const auto it = std::find_if(next.begin(), next.end(), [&](const HighlightTerm &t) {
                return t.pattern == pattern;
            });
            if (it == next.end()) {
                return usageError(parser, u"terms: %1 has no term \"%2\"; the project is unchanged"_s
                                              .arg(project->path(), printable(pattern)));
            }
            next.erase(it);
        }
        for (const QString &pattern : added) {
            next.append(HighlightTerm{pattern, parser.isSet(regex), parser.isSet(caseSensitive)});
        }
        QString invalid;
        if (!TermMatcher::validate(next, &invalid)) {
            return usageError(parser, u"terms: %1; the project is unchanged"_s.arg(printable(invalid)));
        }
        if (!project->setHighlightTerms(next, &error)) {
            return dataError(error);
        }
        terms = next;
    }
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const HighlightTerm &t : std::as_const(*terms)) {
            list.append(QJsonObject{{u"pattern"_s, t.pattern}, {u"regex"_s, t.regex}, {u"case_sensitive"_s, t.caseSensitive}});
        }
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{u"terms"_s, list}}).toJson(QJsonDocument::Indented)));
        return Success;
    }
    if (terms->isEmpty()) {
        printOut(u"No highlight terms.\n"_s);
        return Success;
    }
    QString text;
    for (const HighlightTerm &t : std::as_const(*terms)) {
        QStringList notes;
        if (t.regex) {
            notes.append(u"regular expression"_s);
        }
        if (t.caseSensitive) {
            notes.append(u"case-sensitive"_s);
        }
        text += printable(t.pattern) + (notes.isEmpty() ? QString() : u"  ("_s + notes.join(u", "_s) + u')') + u'\n';
    }
    printOut(text);
    return Success;
}

static const CommandRegistration s_registration({u"terms"_s, u"list, add or remove the highlight terms"_s, &run});
