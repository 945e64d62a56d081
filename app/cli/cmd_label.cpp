// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli label: writes one rater's finding of one item, as one audited transaction.
#include "command.h"
#include "resolve.h"

#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <limits>

using namespace Concord;
using namespace Concord::Cli;
using namespace Qt::StringLiterals;

namespace {

const char s_description[] =
    "Writes rater R's finding N (1-based, default 1) of one item, creating it when the\n"
    "rater has N-1 findings of the item. All changes are one audited transaction: either\n"
    "all are saved or, on any error, none.\n"
    "\n"
    "KEY is OWNER/NAME@SHA (a unique prefix of 7 or more hex digits is enough) or\n"
    "OWNER/NAME#NUMBER. DIM is a codebook dimension's key; VALUE is matched by name in\n"
    "that dimension (exactly, else ignoring case). --set may repeat for a multiple-choice\n"
    "dimension; --set replaces the dimension's values, --clear empties them.\n"
    "\n"
    "--json prints the finding as written:\n"
    "  {\"item\": KEY, \"rater\": NAME, \"finding\": N, \"uuid\": UUID,\n"
    "   \"values\": {DIM: [VALUE, ...]}, \"comments\": {DIM: TEXT},\n"
    "   \"should_discuss\": BOOL, \"unsure\": BOOL,\n"
    "   \"status\": \"not_started\"|\"in_progress\"|\"done\"|\"unsure\"}\n"
    "\n"
    "Exit codes: 0 success, 1 usage error, 2 the project cannot be opened or written, or a\n"
    "rater, item, dimension or value does not exist (the message names it and the closest\n"
    "existing name; the project is unchanged).";

} // namespace

static int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption raterOption(u"rater"_s, u"the rater's name (or initials)"_s, u"R"_s);
    const QCommandLineOption itemOption(u"item"_s, u"the item: OWNER/NAME@SHA or OWNER/NAME#NUMBER"_s, u"KEY"_s);
    const QCommandLineOption findingOption(u"finding"_s, u"which of the rater's findings of the item (default 1)"_s, u"N"_s);
    const QCommandLineOption setOption(u"set"_s, u"choose VALUE in dimension DIM (repeat for several)"_s, u"DIM=VALUE"_s);
    const QCommandLineOption commentOption(u"comment"_s, u"the comment on dimension DIM (empty removes it)"_s, u"DIM=TEXT"_s);
    const QCommandLineOption clearOption(u"clear"_s, u"remove every value of dimension DIM"_s, u"DIM"_s);
    const QCommandLineOption discuss(u"should-discuss"_s, u"flag the finding as worth discussing"_s);
    const QCommandLineOption noDiscuss(u"no-should-discuss"_s, u"remove the should-discuss flag"_s);
    const QCommandLineOption unsure(u"unsure"_s, u"flag the finding as unsure"_s);
    const QCommandLineOption sure(u"sure"_s, u"remove the unsure flag"_s);
    const QCommandLineOption done(u"done"_s, u"mark the rater's work on the item as done"_s);
    const QCommandLineOption json(u"json"_s, u"print the finding as JSON (see above)"_s);
    parser.addOptions({raterOption, itemOption, findingOption, setOption, commentOption, clearOption, discuss, noDiscuss,
                       unsure, sure, done, json});
    parser.addPositionalArgument(u"PROJECT"_s, u"the .concord file"_s);
    const int handled = parseArguments(parser, arguments, QString::fromUtf8(s_description));
    if (handled >= 0) {
        return handled;
    }
    QString path;
    if (!projectArgument(parser, u"label"_s, &path)) {
        return UsageError;
    }
    if (!parser.isSet(raterOption) || !parser.isSet(itemOption)) {
        return usageError(parser, u"label: --rater and --item are required"_s);
    }
    if ((parser.isSet(discuss) && parser.isSet(noDiscuss)) || (parser.isSet(unsure) && parser.isSet(sure))) {
        return usageError(parser, u"label: --should-discuss/--no-should-discuss and --unsure/--sure exclude each other"_s);
    }
    int findingNumber = 1;
    if (parser.isSet(findingOption)) {
        bool ok = false;
        findingNumber = parser.value(findingOption).toInt(&ok);
        if (!ok || findingNumber < 1) {
            return usageError(parser, u"label: --finding takes a number from 1"_s);
        }
    }
    QList<std::pair<QString, QString>> sets;
    QList<std::pair<QString, QString>> comments;
    for (const QString &s : parser.values(setOption)) {
        QString dim;
        QString value;
        if (!splitAssignment(s, &dim, &value) || value.trimmed().isEmpty()) {
            return usageError(parser, u"label: --set takes DIM=VALUE, not \"%1\""_s.arg(s));
        }
        sets.append({dim, value.trimmed()});
    }
    for (const QString &s : parser.values(commentOption)) {
        QString dim;
        QString text;
        if (!splitAssignment(s, &dim, &text)) {
            return usageError(parser, u"label: --comment takes DIM=TEXT, not \"%1\""_s.arg(s));
        }
        comments.append({dim, text});
    }

    QString error;
    auto project = Project::open(path, Project::ReadWrite, &error);
    if (!project) {
        return dataError(error);
    }
    auto refuse = [&](const QString &cause) {
        return dataError(u"%1: %2. The project is unchanged."_s.arg(path, cause));
    };

    // Resolve every name before writing anything.
    const QString raterName = parser.value(raterOption);
    std::optional<Rater> rater = project->raterByName(raterName);
    if (!rater) {
        QStringList names;
        for (const Rater &r : project->raters()) {
            if (r.name.compare(raterName, Qt::CaseInsensitive) == 0 || r.initials == raterName) {
                rater = r;
                break;
            }
            names.append(r.name);
        }
        if (!rater) {
            return refuse(u"no rater \"%1\"%2"_s.arg(raterName, suggestion(raterName, names)));
        }
    }
    const std::optional<Item> item = resolveItem(*project, parser.value(itemOption), &error);
    if (!item) {
        return refuse(error);
    }
    const std::optional<Codebook> book = project->codebook(&error);
    if (!book) {
        return dataError(error);
    }
    DimensionValues newValues; // dimensions in here are replaced
    for (const QString &key : parser.values(clearOption)) {
        const Dimension *dim = resolveDimension(*book, key, &error);
        if (!dim) {
            return refuse(error);
        }
        newValues.insert(dim->id, {});
    }
    QSet<DimensionId> cleared(newValues.keyBegin(), newValues.keyEnd());
    for (const auto &[key, name] : std::as_const(sets)) {
        const Dimension *dim = resolveDimension(*book, key, &error);
        if (!dim) {
            return refuse(error);
        }
        if (cleared.contains(dim->id)) {
            return usageError(parser, u"label: --set and --clear both name dimension \"%1\""_s.arg(dim->key));
        }
        const CodebookValue *value = resolveValue(*book, *dim, name, &error);
        if (!value) {
            return refuse(error);
        }
        QList<ValueId> &chosen = newValues[dim->id];
        if (!chosen.contains(value->id)) {
            chosen.append(value->id);
        }
        if (dim->kind != Dimension::Kind::MultipleChoice && chosen.size() > 1) {
            return refuse(u"dimension \"%1\" takes one value; --set gave several"_s.arg(dim->key));
        }
    }
    DimensionComments newComments;
    for (const auto &[key, text] : std::as_const(comments)) {
        const Dimension *dim = resolveDimension(*book, key, &error);
        if (!dim) {
            return refuse(error);
        }
        newComments.insert(dim->id, text);
    }
    const std::optional<QList<Finding>> all = project->findingsForItem(item->id, &error);
    if (!all) {
        return dataError(error);
    }
    QList<Finding> mine;
    for (const Finding &f : *all) {
        if (f.rater == rater->id) {
            mine.append(f);
        }
    }
    std::sort(mine.begin(), mine.end(), [](const Finding &a, const Finding &b) { return a.ordinal < b.ordinal; });
    if (findingNumber > mine.size() + 1) {
        return refuse(u"%1 has %2 finding(s) of %3; --finding %4 would add the next one"_s.arg(rater->name)
                          .arg(mine.size())
                          .arg(item->key.toString())
                          .arg(mine.size() + 1));
    }

    project->setActor(*rater);
    Finding finding;
    const bool exists = findingNumber <= mine.size();
    if (exists) {
        finding = mine.at(findingNumber - 1);
    } else {
        finding.item = item->id;
        finding.rater = rater->id;
        finding.ordinal = -1;
    }
    for (auto it = newValues.cbegin(); it != newValues.cend(); ++it) {
        finding.values.insert(it.key(), it.value());
    }
    for (auto it = newComments.cbegin(); it != newComments.cend(); ++it) {
        finding.comments.insert(it.key(), it.value());
    }
    if (parser.isSet(discuss) || parser.isSet(noDiscuss)) {
        finding.shouldDiscuss = parser.isSet(discuss);
    }
    if (parser.isSet(unsure) || parser.isSet(sure)) {
        finding.unsure = parser.isSet(unsure);
    }
    const bool writeFinding = !exists || !sets.isEmpty() || !comments.isEmpty() || !cleared.isEmpty()
        || parser.isSet(discuss) || parser.isSet(noDiscuss) || parser.isSet(unsure) || parser.isSet(sure);
    FindingId written = finding.id;
    const bool ok = project->transaction([&](QString *inner) {
        if (writeFinding) {
            if (exists) {
                if (!project->updateFinding(finding, inner)) {
                    return false;
                }
            } else {
                const auto id = project->addFinding(finding, inner);
                if (!id) {
                    return false;
                }
                written = *id;
            }
        }
        if (!parser.isSet(done)) {
            return true;
        }
        // Done means what it means in the window: the codebook's rules hold.
        QList<Finding> mine;
        const QList<Finding> all = project->findingsForItem(item->id);
        for (const Finding &f : all) {
            if (f.rater == rater->id) {
                mine.append(f);
            }
        }
        const QStringList problems = book->validateDone(mine);
        if (!problems.isEmpty()) {
            *inner = u"%1 cannot be marked done: %2"_s.arg(item->key.toString(), problems.join(u"; "_s));
            return false;
        }
        return project->setItemDone(item->id, rater->id, true, inner);
    }, &error);
    if (!ok) {
        return dataError(error);
    }

    const std::optional<Finding> result = project->finding(written);
    if (!result) {
        return dataError(u"%1: the finding was saved but cannot be read back"_s.arg(path));
    }
    QJsonObject values;
    for (auto it = result->values.cbegin(); it != result->values.cend(); ++it) {
        QJsonArray names;
        for (ValueId v : it.value()) {
            names.append(book->value(v) ? book->value(v)->name : QString::number(v));
        }
        if (!names.isEmpty()) {
            values.insert(book->dimension(it.key()) ? book->dimension(it.key())->key : QString::number(it.key()), names);
        }
    }
    QJsonObject commentsJson;
    for (auto it = result->comments.cbegin(); it != result->comments.cend(); ++it) {
        commentsJson.insert(book->dimension(it.key()) ? book->dimension(it.key())->key : QString::number(it.key()), it.value());
    }
    const LabelStatus status = project->labelStatus(item->id, rater->id);
    if (parser.isSet(json)) {
        const QJsonObject o{{u"item"_s, item->key.toString()},
                            {u"rater"_s, rater->name},
                            {u"finding"_s, findingNumber},
                            {u"uuid"_s, result->uuid.toString(QUuid::WithoutBraces)},
                            {u"values"_s, values},
                            {u"comments"_s, commentsJson},
                            {u"should_discuss"_s, result->shouldDiscuss},
                            {u"unsure"_s, result->unsure},
                            {u"status"_s, labelStatusKey(status)}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return Success;
    }
    QString text = u"%1, finding %2 of %3 (%4):\n"_s.arg(rater->name).arg(findingNumber).arg(item->key.toString(),
                                                                                              labelStatusKey(status));
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        QStringList names;
        for (const QJsonValue &v : it.value().toArray()) {
            names.append(v.toString());
        }
        text += u"  %1: %2\n"_s.arg(it.key(), names.join(u", "_s));
    }
    printOut(text);
    return Success;
}

static const CommandRegistration s_registration({u"label"_s, u"write a rater's finding of an item"_s, &run});
