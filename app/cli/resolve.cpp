// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolve.h"

#include "store/project.h"

#include <QSet>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Concord::Cli {

namespace {

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

bool isHex(const QString &s)
{
    return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

} // namespace

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

std::optional<Rater> resolveRater(const Project &project, const QString &name, QString *error)
{
    QStringList known;
    for (const Rater &r : project.raters()) {
        if (r.name == name || (!r.initials.isEmpty() && r.initials == name)) {
            return r;
        }
        known << (r.initials.isEmpty() ? r.name : u"%1 (%2)"_s.arg(r.name, r.initials));
    }
    *error = u"no rater \"%1\" (raters: %2)"_s.arg(name, known.isEmpty() ? u"none"_s : known.join(u", "_s));
    return std::nullopt;
}

} // namespace Concord::Cli
