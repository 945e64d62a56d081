// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/codebook.h"

#include "domain/finding.h"

#include <QHash>
#include <QSet>

#include <functional>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

const Dimension *Codebook::dimension(DimensionId id) const
{
    for (const Dimension &d : dimensions) {
        if (d.id == id) {
            return &d;
        }
    }
    return nullptr;
}

const Dimension *Codebook::dimensionByKey(const QString &key) const
{
    for (const Dimension &d : dimensions) {
        if (d.key == key) {
            return &d;
        }
    }
    return nullptr;
}

const CodebookValue *Codebook::value(ValueId id) const
{
    for (const CodebookValue &v : values) {
        if (v.id == id) {
            return &v;
        }
    }
    return nullptr;
}

const CodebookValue *Codebook::valueByUuid(const QUuid &uuid) const
{
    for (const CodebookValue &v : values) {
        if (v.uuid == uuid) {
            return &v;
        }
    }
    return nullptr;
}

const CodebookValue *Codebook::valueByName(DimensionId dimension, const QString &name) const
{
    for (const CodebookValue &v : values) {
        if (v.dimension == dimension && v.mergedInto == 0 && v.name == name) {
            return &v;
        }
    }
    return nullptr;
}

QList<CodebookValue> Codebook::valuesOf(DimensionId dimension, bool includeInactive) const
{
    QList<CodebookValue> mine;
    for (const CodebookValue &v : values) {
        if (v.dimension == dimension && (includeInactive || v.isActive())) {
            mine.append(v);
        }
    }
    std::stable_sort(mine.begin(), mine.end(), [](const CodebookValue &a, const CodebookValue &b) {
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    // Depth-first: parent before its children, siblings by order. Values whose parent
    // is missing (or filtered out) are shown at top level rather than lost. Iterative,
    // so a crafted file with a very deep or cyclic tree cannot exhaust the stack.
    QSet<ValueId> present;
    for (const CodebookValue &v : mine) {
        present.insert(v.id);
    }
    QHash<ValueId, QList<qsizetype>> children; // parent -> indexes into mine, in order
    for (qsizetype i = 0; i < mine.size(); ++i) {
        const ValueId parent = present.contains(mine.at(i).parent) ? mine.at(i).parent : 0;
        children[parent].append(i);
    }
    QList<CodebookValue> ordered;
    ordered.reserve(mine.size());
    QSet<ValueId> done;
    QList<std::pair<ValueId, qsizetype>> stack{{0, 0}}; // (parent, next child position)
    while (!stack.isEmpty()) {
        auto &[parent, next] = stack.last();
        const QList<qsizetype> &kids = children[parent];
        if (next >= kids.size()) {
            stack.removeLast();
            continue;
        }
        const CodebookValue &v = mine.at(kids.at(next++));
        if (done.contains(v.id)) {
            continue;
        }
        done.insert(v.id);
        ordered.append(v);
        stack.append({v.id, 0});
    }
    for (const CodebookValue &v : mine) { // cycles: never lose a value
        if (!done.contains(v.id)) {
            ordered.append(v);
        }
    }
    return ordered;
}

ValueId Codebook::resolve(ValueId id) const
{
    // Bounded walk: a crafted file could hold a merge cycle.
    for (int guard = 0; guard < 64; ++guard) {
        const CodebookValue *v = value(id);
        if (!v || v->mergedInto == 0) {
            return id;
        }
        id = v->mergedInto;
    }
    return id;
}

QStringList Codebook::validate(const Finding &finding) const
{
    QStringList problems;
    auto chosenUuids = [&](const Dimension &d) {
        QList<QUuid> uuids;
        for (ValueId id : finding.values.value(d.id)) {
            if (const CodebookValue *v = value(resolve(id))) {
                uuids.append(v->uuid);
            }
        }
        return uuids;
    };
    auto valueNames = [&](const QList<QUuid> &uuids) {
        QStringList names;
        for (const QUuid &u : uuids) {
            if (const CodebookValue *v = valueByUuid(u)) {
                names.append(v->name);
            }
        }
        return names.join(u" or "_s);
    };
    for (const Dimension &d : dimensions) {
        const QList<ValueId> chosen = finding.values.value(d.id);
        if (d.kind != Dimension::Kind::MultipleChoice && chosen.size() > 1) {
            problems.append(u"%1: only one value may be chosen, %2 were"_s.arg(d.key).arg(chosen.size()));
        }
        for (ValueId id : chosen) {
            const CodebookValue *v = value(id);
            if (!v || v->dimension != d.id) {
                problems.append(u"%1: value %2 does not belong to this dimension"_s.arg(d.key).arg(id));
            }
        }
        bool open = true;
        if (!d.rules.gateKey.isEmpty()) {
            const Dimension *gate = dimensionByKey(d.rules.gateKey);
            if (gate) {
                const QList<QUuid> gateValues = chosenUuids(*gate);
                open = std::any_of(gateValues.cbegin(), gateValues.cend(), [&](const QUuid &u) {
                    return d.rules.gateOpenValues.contains(u);
                });
                if (!open && !chosen.isEmpty()) {
                    problems.append(u"%1: must be empty unless %2 is %3"_s.arg(d.key, gate->key, valueNames(d.rules.gateOpenValues)));
                }
            }
        }
        if (open && d.rules.required && chosen.isEmpty()) {
            bool exempt = false;
            if (!d.rules.exemptKey.isEmpty()) {
                if (const Dimension *other = dimensionByKey(d.rules.exemptKey)) {
                    const QList<QUuid> otherValues = chosenUuids(*other);
                    exempt = std::any_of(otherValues.cbegin(), otherValues.cend(), [&](const QUuid &u) {
                        return d.rules.exemptValues.contains(u);
                    });
                }
            }
            if (!exempt) {
                if (!d.rules.gateKey.isEmpty()) {
                    problems.append(u"%1: required when %2 is %3"_s.arg(d.key, d.rules.gateKey, valueNames(d.rules.gateOpenValues)));
                } else {
                    problems.append(u"%1: required"_s.arg(d.key));
                }
            }
        }
    }
    return problems;
}

QStringList Codebook::validateDone(const QList<Finding> &findings) const
{
    QStringList problems;
    if (findings.isEmpty()) {
        problems << u"nothing is labeled yet"_s;
    }
    for (int i = 0; i < findings.size(); ++i) {
        const Finding &f = findings[i];
        QStringList these;
        for (const Dimension &d : dimensions) {
            if (d.kind == Dimension::Kind::Gate && f.values.value(d.id).isEmpty()) {
                these << u"%1: choose a value"_s.arg(d.key);
            }
        }
        these << validate(f);
        for (const QString &p : std::as_const(these)) {
            problems << (findings.size() > 1 ? u"finding %1 — %2"_s.arg(i + 1).arg(p) : p);
        }
    }
    return problems;
}

} // namespace Concord
