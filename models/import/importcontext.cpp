// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/importcontext.h"

#include "store/project.h"

#include <QTimeZone>

#include <algorithm>

namespace Concord {

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
    tally.count(QStringLiteral("datasets"), created, *id);
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

std::optional<ItemId> importItem(ImportContext &ctx, const Item &item, bool *created, QString *error)
{
    const auto id = ctx.session.item(item, created);
    if (!id) {
        *error = ctx.session.errorString();
        return std::nullopt;
    }
    ctx.tally.count(QStringLiteral("items"), *created || (ctx.firstNewItem > 0 && *id >= ctx.firstNewItem), *id);
    if (*created) {
        return id;
    }
    const std::optional<Item> existing = ctx.project.item(*id);
    if (!existing) {
        *error = QStringLiteral("the item %1 cannot be read back").arg(*id);
        return std::nullopt;
    }
    Item updated = *existing;
    for (auto it = item.metadata.constBegin(); it != item.metadata.constEnd(); ++it) {
        updated.metadata.insert(it.key(), it.value());
    }
    if (updated.dataset == 0) {
        updated.dataset = item.dataset;
    }
    if (updated.round == 0) {
        updated.round = item.round;
    }
    if (updated.author.isEmpty()) {
        updated.author = item.author;
    }
    if (updated.title.isEmpty()) {
        updated.title = item.title;
    }
    if (!updated.date.isValid()) {
        updated.date = item.date;
    }
    if (updated.dataset != existing->dataset || updated.round != existing->round || updated.author != existing->author
        || updated.date != existing->date || updated.title != existing->title) {
        // An edit inside the session's transaction (a savepoint): rolled back with it.
        if (!ctx.project.updateItem(updated, error)) {
            return std::nullopt;
        }
    } else if (updated.metadata != existing->metadata && !ctx.session.setItemMetadata(*id, updated.metadata)) {
        *error = ctx.session.errorString();
        return std::nullopt;
    }
    return id;
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
