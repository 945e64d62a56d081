// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/ratingscsv.h"

#include "import/csvreader.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcAgreement, "concord.agreement", QtWarningMsg)

namespace Concord {

namespace {

constexpr int MaxRaters = 1000;
constexpr qint64 MaxCells = 50'000'000;

struct Row
{
    QString item;
    QString rater;
    QString value;
    bool missing = false;
};

} // namespace

std::optional<RatingsCsv> readRatingsCsv(const QString &path, const RatingsCsvOptions &options, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return readRatingsCsv(&file, path, options, error);
}

std::optional<RatingsCsv> readRatingsCsv(QIODevice *device, const QString &displayName,
                                         const RatingsCsvOptions &options, QString *error)
{
    auto fail = [&](const QString &cause) {
        *error = QStringLiteral("%1: %2; nothing was read").arg(displayName, cause);
        qCDebug(lcAgreement) << *error;
        return std::nullopt;
    };
    CsvReader reader(device);
    QStringList fields;
    if (!reader.readRecord(&fields)) {
        return fail(reader.hasError() ? reader.errorString()
                                      : QStringLiteral("the file is empty (expected a header item,rater,value)"));
    }
    const CsvHeader header(fields);
    const int itemCol = header.indexOf(QStringLiteral("item"));
    const int raterCol = header.indexOf(QStringLiteral("rater"));
    const int valueCol = header.indexOf(QStringLiteral("value"));
    if (itemCol < 0 || raterCol < 0 || valueCol < 0) {
        QStringList missing;
        if (itemCol < 0) {
            missing << QStringLiteral("item");
        }
        if (raterCol < 0) {
            missing << QStringLiteral("rater");
        }
        if (valueCol < 0) {
            missing << QStringLiteral("value");
        }
        return fail(QStringLiteral("line 1: the header lacks the column(s) %1 (expected item,rater,value; found: %2)")
                        .arg(missing.join(QStringLiteral(", ")), fields.join(QLatin1Char(','))));
    }
    const int dimensionCol = header.indexOf(QStringLiteral("dimension"));
    if (!options.dimension.isEmpty() && dimensionCol < 0) {
        return fail(QStringLiteral("line 1: a dimension was asked for (%1) but the file has no dimension column")
                        .arg(options.dimension));
    }
    QSet<QString> dimensionsSeen;
    RatingsCsv result;
    result.valueColumn = fields.at(valueCol).trimmed();
    // First pass into rows, so that items with a rater's repeated rows can be dropped
    // as a whole before anything enters the table.
    std::vector<Row> rows;
    QHash<QString, QSet<QString>> ratersOfItem;
    QSet<QString> conflicting;
    const int needed = std::max({itemCol, raterCol, valueCol, dimensionCol}) + 1;
    while (reader.readRecord(&fields)) {
        const qint64 line = reader.recordLine();
        if (fields.size() == 1 && fields.first().isEmpty()) {
            continue; // a blank line
        }
        if (fields.size() < needed) {
            return fail(QStringLiteral("line %1: %2 field(s), expected at least %3 (item,rater,value)")
                            .arg(line)
                            .arg(fields.size())
                            .arg(needed));
        }
        if (dimensionCol >= 0) {
            const QString dimension = fields.at(dimensionCol).trimmed();
            if (!options.dimension.isEmpty() && dimension != options.dimension) {
                dimensionsSeen.insert(dimension);
                continue;
            }
            dimensionsSeen.insert(dimension);
            if (options.dimension.isEmpty() && dimensionsSeen.size() > 1) {
                QStringList names(dimensionsSeen.cbegin(), dimensionsSeen.cend());
                names.sort();
                return fail(QStringLiteral("line %1: the file holds several dimensions (%2); choose one with --dimension")
                                .arg(line)
                                .arg(names.join(QStringLiteral(", "))));
            }
        }
        Row row;
        row.item = fields.at(itemCol).trimmed();
        row.rater = fields.at(raterCol).trimmed();
        row.value = fields.at(valueCol).trimmed();
        if (row.item.isEmpty()) {
            return fail(QStringLiteral("line %1: the item is empty").arg(line));
        }
        if (row.rater.isEmpty()) {
            return fail(QStringLiteral("line %1: the rater is empty").arg(line));
        }
        row.missing = row.value.isEmpty();
        QSet<QString> &raters = ratersOfItem[row.item];
        if (raters.contains(row.rater)) {
            conflicting.insert(row.item);
        }
        raters.insert(row.rater);
        rows.push_back(std::move(row));
    }
    if (reader.hasError()) {
        return fail(reader.errorString());
    }
    result.rows = qint64(rows.size());
    if (rows.empty() && !options.dimension.isEmpty()) {
        QStringList names(dimensionsSeen.cbegin(), dimensionsSeen.cend());
        names.sort();
        return fail(QStringLiteral("no ratings of the dimension %1 (the file has: %2)")
                        .arg(options.dimension, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    }
    if (rows.empty()) {
        return fail(QStringLiteral("no ratings after the header"));
    }
    {
        QSet<QString> raterNames;
        for (const Row &row : rows) {
            raterNames.insert(row.rater);
        }
        // The table is dense (items × raters): refuse what would not fit rather than
        // exhaust memory on a sheet where every row names a new rater.
        const qint64 cells = qint64(ratersOfItem.size()) * qint64(raterNames.size());
        if (raterNames.size() > MaxRaters || cells > MaxCells) {
            return fail(QStringLiteral("%1 items × %2 raters is more than agreement statistics handle (at most %3 "
                                       "raters and %4 item × rater cells); is the rater column the right one?")
                            .arg(ratersOfItem.size())
                            .arg(raterNames.size())
                            .arg(MaxRaters)
                            .arg(MaxCells));
        }
    }
    result.notComparable = conflicting.size();
    for (const Row &row : rows) {
        if (conflicting.contains(row.item)) {
            if (result.notComparableItems.size() < 10 && !result.notComparableItems.contains(row.item)) {
                result.notComparableItems.append(row.item);
            }
            continue;
        }
        const int r = result.table.addRater(row.rater);
        const int u = result.table.addUnit(row.item);
        result.sets.addRater(row.rater);
        result.sets.addUnit(row.item);
        if (row.missing) {
            continue;
        }
        if (options.multipleChoiceSeparator.isNull()) {
            result.table.setRating(u, r, result.table.addCategory(row.value));
        } else {
            std::vector<int> chosen;
            const QStringList parts = row.value.split(options.multipleChoiceSeparator);
            for (const QString &part : parts) {
                const QString v = part.trimmed();
                if (!v.isEmpty()) {
                    chosen.push_back(result.sets.addValue(v));
                }
            }
            result.sets.setRating(u, r, std::move(chosen));
        }
    }
    if (options.ordered) {
        result.table.sortCategories(result.table.categoriesAreNumbers() ? QStringList() : result.table.categories());
        result.table.setOrdered(true);
    }
    return result;
}

} // namespace Concord
