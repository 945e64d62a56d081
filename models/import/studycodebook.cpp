// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/studycodebook.h"

#include "domain/identity.h"
#include "store/project.h"

namespace Concord {

static const char *const s_dimensionNames[] = {"Problem category", "Problem cause", "Problem symptom", "Problem fix"};

int StudyDimensions::indexOf(const QString &key)
{
    for (int i = 0; i < 4; ++i) {
        if (key == QLatin1String(Keys[i])) {
            return i;
        }
    }
    return -1;
}

static QUuid valueUuid(const QString &dimensionKey, const QString &name)
{
    return Identity::value(dimensionKey, name);
}

bool ensureStudyDimensions(ImportContext &ctx, StudyDimensions *out, QString *error)
{
    bool created = false;
    Dimension gate;
    gate.key = QStringLiteral("is_func_fix");
    gate.name = QStringLiteral("Fixes a problem");
    gate.description = QStringLiteral("Does the change fix a problem related to the topic of the study?");
    gate.kind = Dimension::Kind::Gate;
    gate.order = 0;
    const auto gateId = ctx.session.dimension(gate, &created);
    if (!gateId) {
        *error = QStringLiteral("dimension is_func_fix: ") + ctx.session.errorString();
        return false;
    }
    ctx.tally.count(QStringLiteral("dimensions"), created, *gateId);
    out->gate = *gateId;
    for (const auto &[name, target] : {std::pair{QStringLiteral("Yes"), &out->yes}, std::pair{QStringLiteral("No"), &out->no}}) {
        CodebookValue v;
        v.dimension = out->gate;
        v.name = name;
        v.order = name == QLatin1String("Yes") ? 0 : 1;
        const auto id = ctx.session.value(v);
        if (!id) {
            *error = QStringLiteral("gate value ") + name + QStringLiteral(": ") + ctx.session.errorString();
            return false;
        }
        *target = *id;
    }
    // The Yes value's uuid (the store made it with the gate) opens the gated dimensions.
    const Codebook codebook = ctx.project.codebook();
    const CodebookValue *yes = codebook.value(out->yes);

    // Exempt categories by the uuids importCodebookValue gives them, so the rule holds
    // once the taxonomy arrives (later in the same import).
    const QList<QUuid> exempt{valueUuid(QStringLiteral("category"), QStringLiteral("Unknown")),
                              valueUuid(QStringLiteral("category"), QStringLiteral("Test")),
                              valueUuid(QStringLiteral("category"), QStringLiteral("Other"))};
    for (int d = 0; d < 4; ++d) {
        Dimension dim;
        dim.key = QLatin1String(StudyDimensions::Keys[d]);
        dim.name = QLatin1String(s_dimensionNames[d]);
        dim.kind = Dimension::Kind::SingleChoice;
        dim.order = d + 1;
        dim.rules.gateKey = gate.key;
        if (yes) {
            dim.rules.gateOpenValues = {yes->uuid};
        }
        dim.rules.required = true;
        if (d > 0) {
            dim.rules.exemptKey = QStringLiteral("category");
            dim.rules.exemptValues = exempt;
        }
        const auto id = ctx.session.dimension(dim, &created);
        if (!id) {
            *error = QStringLiteral("dimension ") + dim.key + QStringLiteral(": ") + ctx.session.errorString();
            return false;
        }
        ctx.tally.count(QStringLiteral("dimensions"), created, *id);
        out->dimensions[d] = *id;
    }
    return true;
}

std::optional<ValueId> importCodebookValue(ImportContext &ctx, DimensionId dimension, const QString &dimensionKey,
                                           const QString &name, const QString &description, int order,
                                           QString *error)
{
    CodebookValue v;
    v.dimension = dimension;
    v.uuid = valueUuid(dimensionKey, name);
    v.name = name;
    v.description = description;
    v.order = order;
    bool created = false;
    const auto id = ctx.session.value(v, &created);
    if (!id) {
        *error = QStringLiteral("%1 value \"%2\": %3").arg(dimensionKey, name, ctx.session.errorString());
        return std::nullopt;
    }
    ctx.tally.count(QStringLiteral("codebook values"), created, *id);
    return id;
}

} // namespace Concord
