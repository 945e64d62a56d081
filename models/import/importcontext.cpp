// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/importcontext.h"

#include "store/project.h"

#include <algorithm>

namespace Concord {

QUuid stableUuid(const QString &name)
{
    // A fixed namespace for Concord's importers.
    static const QUuid ns(QStringLiteral("{6c1f3d2a-7e4b-5a90-8c1d-2f6e9b0a4c37}"));
    return QUuid::createUuidV5(ns, name);
}

std::optional<DatasetId> ImportContext::datasetByName(const QString &name, const QString &description, QString *error)
{
    const QString trimmed = name.trimmed();
    if (m_datasets.contains(trimmed)) {
        return m_datasets.value(trimmed);
    }
    Dataset d;
    d.name = trimmed;
    d.description = description;
    bool created = false;
    const auto id = session.dataset(d, &created);
    if (!id) {
        *error = QStringLiteral("dataset \"%1\": %2").arg(trimmed, session.errorString());
        return std::nullopt;
    }
    tally.count(QStringLiteral("datasets"), created);
    m_datasets.insert(trimmed, *id);
    return id;
}

std::optional<DatasetId> ImportContext::optionsDataset(QString *error)
{
    if (options.dataset.trimmed().isEmpty()) {
        return DatasetId(0);
    }
    return datasetByName(options.dataset, QString(), error);
}

QString ImportTally::summary() const
{
    QStringList added;
    QStringList present;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value().added > 0) {
            added.append(QString::number(it.value().added) + QLatin1Char(' ') + it.key());
        }
        if (it.value().present > 0) {
            present.append(QString::number(it.value().present) + QLatin1Char(' ') + it.key());
        }
    }
    if (added.isEmpty() && present.isEmpty()) {
        return QStringLiteral("nothing to import");
    }
    if (added.isEmpty()) {
        return QStringLiteral("nothing new: ") + present.join(QStringLiteral(", "))
            + QStringLiteral(" were already in the project");
    }
    QString s = added.join(QStringLiteral(", ")) + QStringLiteral(" added");
    if (!present.isEmpty()) {
        s += QStringLiteral("; already present: ") + present.join(QStringLiteral(", "));
    }
    return s;
}

ReconciledFinding::Decision decideReconciliation(const DimensionValues &final, const QList<DimensionValues> &sources)
{
    if (sources.isEmpty()) {
        return ReconciledFinding::Decision::New;
    }
    const bool all = std::all_of(sources.cbegin(), sources.cend(), [&](const DimensionValues &s) { return s == final; });
    if (all && sources.size() >= 2) {
        return ReconciledFinding::Decision::Unanimous;
    }
    if (std::any_of(sources.cbegin(), sources.cend(), [&](const DimensionValues &s) { return s == final; })) {
        return ReconciledFinding::Decision::AdoptedOne;
    }
    for (auto it = final.cbegin(); it != final.cend(); ++it) {
        const bool someone = std::any_of(sources.cbegin(), sources.cend(),
                                         [&](const DimensionValues &s) { return s.value(it.key()) == it.value(); });
        if (!someone) {
            return ReconciledFinding::Decision::New;
        }
    }
    return ReconciledFinding::Decision::Combined;
}

} // namespace Concord
