// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli label: writes one rater's finding of one item, as one audited transaction.
#include "command.h"

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

int editDistance(const QString &a, const QString &b)
{
    QList<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j) {
        row[j] = int(j);
    }
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            const int cost = a.at(i - 1).toCaseFolded() == b.at(j - 1).toCaseFolded() ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = up;
        }
    }
    return row[b.size()];
}

/// " (did you mean "X"?)" for the candidate closest to name, or "" when there is none.
QString suggestion(const QString &name, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &c : candidates) {
        const int distance = editDistance(name, c);
        if (distance < bestDistance) {
            best = c;
            bestDistance = distance;
        }
    }
    return best.isEmpty() ? QString() : u" (did you mean \"%1\"?)"_s.arg(best);
}

bool isHex(const QString &s)
{
    return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

/// The item KEY names; nullopt with *error (naming it, the candidates or the closest key).
std::optional<Item> resolveItem(const Project &project, const QString &key, QString *error)
{
    const qsizetype at = key.lastIndexOf(u'@');
    const qsizetype hash = key.lastIndexOf(u'#');
    const qsizetype split = std::max(at, hash);
    const QString repository = split > 0 ? key.left(split) : QString();
    const QString ref = split > 0 ? key.mid(split + 1) : QString();
    if (repository.isEmpty() || !repository.contains(u'/') || ref.isEmpty()) {
        *error = u"\"%1\" is not an item key: expected OWNER/NAME@SHA or OWNER/NAME#NUMBER"_s.arg(key);
        return std::nullopt;
    }
    QList<Item> candidates;
    if (split == hash) {
        bool ok = false;
        const qint64 number = ref.toLongLong(&ok);
        if (!ok) {
            *error = u"\"%1\" is not an item key: the issue number \"%2\" is not a number"_s.arg(key, ref);
            return std::nullopt;
        }
        if (auto item = project.itemByKey(ItemKey::issue(repository, number))) {
            return item;
        }
    } else {
        if (!isHex(ref) || ref.size() < 7) {
            *error = u"\"%1\" is not an item key: the sha must be 7 or more hex digits"_s.arg(key);
            return std::nullopt;
        }
        ItemQuery query;
        query.text = key;
        query.fullText = false; // a key, not words: no need to index pending diffs first
        query.kind = ItemKind::Patch;
        const auto ids = project.queryItems(query, error);
        if (!ids) {
            return std::nullopt;
        }
        const auto items = project.itemsById(*ids, error);
        if (!items) {
            return std::nullopt;
        }
        for (const Item &item : *items) {
            if (item.key.repository == repository && item.key.ref.startsWith(ref.toLower())) {
                candidates.append(item);
            }
        }
        if (candidates.size() == 1) {
            return candidates.first();
        }
        if (candidates.size() > 1) {
            QStringList keys;
            for (const Item &item : std::as_const(candidates)) {
                keys.append(item.key.toString());
            }
            *error = u"the sha prefix in \"%1\" is ambiguous: %2"_s.arg(key, keys.join(u", "_s));
            return std::nullopt;
        }
    }
    // Not there: suggest the closest key of the repository, or the closest repository.
    QStringList sameRepository;
    QSet<QString> repositories;
    for (const Item &item : project.items(0, -1)) {
        repositories.insert(item.key.repository);
        if (item.key.repository == repository) {
            sameRepository.append(item.key.toString());
        }
    }
    const QStringList names = sameRepository.isEmpty() ? QStringList(repositories.cbegin(), repositories.cend()) : sameRepository;
    *error = u"no item \"%1\"%2"_s.arg(key, suggestion(sameRepository.isEmpty() ? repository : key, names));
    return std::nullopt;
}

const Dimension *resolveDimension(const Codebook &book, const QString &key, QString *error)
{
    if (const Dimension *d = book.dimensionByKey(key)) {
        return d;
    }
    QStringList keys;
    for (const Dimension &d : book.dimensions) {
        if (d.key.compare(key, Qt::CaseInsensitive) == 0) {
            return &d;
        }
        keys.append(d.key);
    }
    *error = u"no dimension \"%1\"%2"_s.arg(key, suggestion(key, keys));
    return nullptr;
}

const CodebookValue *resolveValue(const Codebook &book, const Dimension &dim, const QString &name, QString *error)
{
    if (const CodebookValue *v = book.valueByName(dim.id, name)) {
        return v;
    }
    QStringList names;
    for (const CodebookValue &v : book.values) {
        if (v.dimension != dim.id || v.mergedInto != 0) {
            continue;
        }
        if (v.name.compare(name, Qt::CaseInsensitive) == 0) {
            return &v;
        }
        names.append(v.name);
    }
    *error = u"dimension \"%1\" has no value \"%2\"%3"_s.arg(dim.key, name, suggestion(name, names));
    return nullptr;
}

/// "DIM=TEXT" split at the first '='; false when there is none.
bool splitAssignment(const QString &text, QString *dim, QString *rest)
{
    const qsizetype eq = text.indexOf(u'=');
    if (eq <= 0) {
        return false;
    }
    *dim = text.left(eq).trimmed();
    *rest = text.mid(eq + 1);
    return true;
}

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
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(parser, positional.isEmpty() ? u"label: a project file name is required"_s
                                                       : u"label: exactly one project file name is expected"_s);
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

    const QString path = positional.first();
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
