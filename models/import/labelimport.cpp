// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/labelimport.h"

#include "agreement/decisionstats.h"
#include "domain/identity.h"
#include "import/csvreader.h"
#include "import/studycodebook.h"
#include "store/project.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace Concord {

LabelCsvKind classifyLabelCsv(const CsvHeader &header)
{
    const bool hasSha = header.contains(QStringLiteral("sha"));
    if (hasSha && (header.contains(QStringLiteral("rater")) || header.contains(QStringLiteral("categorizer")))) {
        return LabelCsvKind::Judgements;
    }
    if (hasSha && header.contains(QStringLiteral("bug_fix_id"))) {
        return LabelCsvKind::Reconciled;
    }
    if (hasSha && header.contains(QStringLiteral("project"))) {
        return LabelCsvKind::Commits;
    }
    if (hasSha && (header.contains(QStringLiteral("file_name")) || header.contains(QStringLiteral("method_name")))) {
        return LabelCsvKind::CommitDetails;
    }
    if (header.contains(QStringLiteral("dimension")) && header.contains(QStringLiteral("kind"))) {
        return LabelCsvKind::Dimensions;
    }
    if (!hasSha && header.contains(QStringLiteral("rater")) && header.contains(QStringLiteral("role"))) {
        return LabelCsvKind::Raters;
    }
    if (header.contains(QStringLiteral("dimension")) && header.contains(QStringLiteral("name"))) {
        return LabelCsvKind::Taxonomy;
    }
    if (header.names().size() >= 1 && header.contains(QStringLiteral("description"))
        && StudyDimensions::indexOf(header.names().first().trimmed().toLower()) >= 0) {
        return LabelCsvKind::Taxonomy;
    }
    // Another dimension's codebook file (an export's DIMENSION.csv): "KEY","description".
    // Column names that say the file holds something else are not taken for a key.
    static const QStringList notAKey{QStringLiteral("title"),  QStringLiteral("name"),    QStringLiteral("sha"),
                                     QStringLiteral("project"), QStringLiteral("item"),   QStringLiteral("rater"),
                                     QStringLiteral("id"),     QStringLiteral("number"),  QStringLiteral("issue"),
                                     QStringLiteral("body"),   QStringLiteral("url"),     QStringLiteral("summary")};
    if (header.names().size() == 2 && header.names().at(1).trimmed().toLower() == QLatin1String("description")) {
        const QString first = header.names().first().trimmed().toLower();
        if (!first.isEmpty() && !notAKey.contains(first)) {
            return LabelCsvKind::Taxonomy;
        }
    }
    if (header.contains(QStringLiteral("title"))) {
        return LabelCsvKind::BugReports;
    }
    return LabelCsvKind::Unknown;
}

namespace {

/// A CSV file opened with its header read; errors carry the file name and line.
struct CsvFile
{
    QFile file;
    std::unique_ptr<CsvReader> reader;
    CsvHeader header;
    QString name;

    bool open(const QString &path, QString *error)
    {
        name = path;
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = path + QStringLiteral(": cannot open: ") + file.errorString();
            return false;
        }
        reader = std::make_unique<CsvReader>(&file);
        QStringList names;
        if (!reader->readRecord(&names)) {
            *error = path + QStringLiteral(": ")
                + (reader->hasError() ? reader->errorString() : QStringLiteral("the file is empty"));
            return false;
        }
        header = CsvHeader(names);
        return true;
    }
    /// Next non-blank record; false at the end or on error (then *error is set).
    bool next(QStringList *fields, QString *error)
    {
        while (reader->readRecord(fields)) {
            if (fields->size() == 1 && fields->first().trimmed().isEmpty()) {
                continue; // blank line
            }
            if (fields->size() != header.names().size()) {
                *error = where() + QStringLiteral("%1 fields where the header has %2 columns")
                                       .arg(fields->size())
                                       .arg(header.names().size());
                return false;
            }
            return true;
        }
        if (reader->hasError()) {
            *error = name + QStringLiteral(": ") + reader->errorString();
        }
        return false;
    }
    QString where() const { return name + QStringLiteral(": line %1: ").arg(reader->recordLine()); }
    QString value(const QStringList &fields, const QString &column) const { return header.value(fields, column); }
};

std::optional<bool> parseFlag(const QString &text, bool *ok)
{
    const QString t = text.trimmed().toLower();
    *ok = true;
    if (t.isEmpty() || t == QLatin1String("null") || t == QLatin1String("na")) {
        return std::nullopt;
    }
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1") || t == QLatin1String("t")) {
        return true;
    }
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0") || t == QLatin1String("f")) {
        return false;
    }
    *ok = false;
    return std::nullopt;
}

/// The order after every dimension of the project: a new dimension goes last.
int nextDimensionOrder(const ImportContext &ctx)
{
    int order = 0;
    for (const Dimension &d : ctx.project.codebook().dimensions) {
        order = std::max(order, d.order + 1);
    }
    return order;
}

/// A dimension key as a file names it: the study's four in lower case, others as written.
QString dimensionKey(const QString &text)
{
    const QString key = text.trimmed();
    return StudyDimensions::indexOf(key.toLower()) >= 0 ? key.toLower() : key;
}

} // namespace

bool importTaxonomyCsv(ImportContext &ctx, const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    const bool combined = csv.header.contains(QStringLiteral("dimension"));
    const QString singleKey = combined ? QString() : dimensionKey(csv.header.names().first());
    if (!combined && (singleKey.isEmpty() || !csv.header.contains(QStringLiteral("description")))) {
        *error = path + QStringLiteral(": line 1: a taxonomy file needs the columns \"category\",\"description\" (or "
                                       "cause, symptom, fix) or dimension,name,description");
        return false;
    }
    StudyDimensions study;
    bool haveStudy = false;
    QHash<QString, DimensionId> dimensionByKey;
    QHash<QString, int> nextOrder;
    QSet<QString> seen;
    QStringList fields;
    while (csv.next(&fields, error)) {
        const QString key = combined ? dimensionKey(csv.value(fields, QStringLiteral("dimension"))) : singleKey;
        const QString name = (combined ? csv.value(fields, QStringLiteral("name")) : fields.first()).trimmed();
        const QString description = csv.value(fields, QStringLiteral("description"));
        if (key.isEmpty()) {
            *error = csv.where() + QStringLiteral("the row names no dimension; nothing was imported");
            return false;
        }
        if (name.isEmpty()) {
            *error = csv.where() + QStringLiteral("the %1 value has no name; nothing was imported").arg(key);
            return false;
        }
        if (!dimensionByKey.contains(key)) {
            const int study_index = StudyDimensions::indexOf(key);
            if (study_index >= 0) {
                if (!haveStudy && !ensureStudyDimensions(ctx, &study, error)) {
                    *error = csv.where() + *error;
                    return false;
                }
                haveStudy = true;
                dimensionByKey.insert(key, study.dimensions[study_index]);
            } else {
                Dimension dim;
                dim.key = key;
                dim.name = key;
                dim.kind = Dimension::Kind::SingleChoice;
                dim.order = nextDimensionOrder(ctx);
                bool created = false;
                const auto id = ctx.session.dimension(dim, &created);
                if (!id) {
                    *error = csv.where() + QStringLiteral("dimension ") + key + QStringLiteral(": ")
                        + ctx.session.errorString();
                    return false;
                }
                ctx.tally.count(QStringLiteral("dimensions"), created, *id);
                dimensionByKey.insert(key, *id);
            }
        }
        if (seen.contains(key + QLatin1Char('\n') + name)) {
            ctx.warnings.append(csv.where() + QStringLiteral("%1 value \"%2\" is listed twice; the first row was kept").arg(key, name));
            continue;
        }
        seen.insert(key + QLatin1Char('\n') + name);
        if (!importCodebookValue(ctx, dimensionByKey.value(key), key, name, description, nextOrder[key]++, error)) {
            *error = csv.where() + *error;
            return false;
        }
        if (!ctx.progress(csv.file.pos(), csv.file.size())) {
            *error = path + QStringLiteral(": cancelled");
            return false;
        }
    }
    return error->isEmpty();
}

bool importDimensionsCsv(ImportContext &ctx, const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    StudyDimensions study;
    bool haveStudy = false;
    QStringList fields;
    while (csv.next(&fields, error)) {
        const QString key = dimensionKey(csv.value(fields, QStringLiteral("dimension")));
        if (key.isEmpty()) {
            *error = csv.where() + QStringLiteral("the row names no dimension; nothing was imported");
            return false;
        }
        if (StudyDimensions::indexOf(key) >= 0) {
            // The study's dimensions come with their rules, as a taxonomy import makes them.
            if (!haveStudy && !ensureStudyDimensions(ctx, &study, error)) {
                *error = csv.where() + *error;
                return false;
            }
            haveStudy = true;
            continue;
        }
        const QString kindText = csv.value(fields, QStringLiteral("kind")).trimmed().toLower();
        Dimension dim;
        dim.key = key;
        dim.name = csv.value(fields, QStringLiteral("name")).trimmed();
        if (dim.name.isEmpty()) {
            dim.name = key;
        }
        dim.description = csv.value(fields, QStringLiteral("description"));
        if (kindText.isEmpty() || kindText == QLatin1String("single") || kindText == QLatin1String("single choice")) {
            dim.kind = Dimension::Kind::SingleChoice;
        } else if (kindText == QLatin1String("multiple") || kindText == QLatin1String("multiple choice")) {
            dim.kind = Dimension::Kind::MultipleChoice;
        } else {
            *error = csv.where() + QStringLiteral("kind \"%1\" of dimension %2 is not single or multiple; nothing was imported")
                                       .arg(kindText, key);
            return false;
        }
        bool ok = true;
        dim.ordered = parseFlag(csv.value(fields, QStringLiteral("ordered")), &ok).value_or(false);
        if (!ok) {
            *error = csv.where() + QStringLiteral("ordered \"%1\" is not true or false; nothing was imported")
                                       .arg(csv.value(fields, QStringLiteral("ordered")));
            return false;
        }
        const Codebook codebook = ctx.project.codebook();
        if (const Dimension *have = codebook.dimensionByKey(key)) {
            if (have->kind != dim.kind) {
                *error = csv.where() + QStringLiteral("dimension %1 is already in the project as another kind; nothing "
                                                      "was imported")
                                           .arg(key);
                return false;
            }
            ctx.tally.count(QStringLiteral("dimensions"), false, have->id);
            continue;
        }
        dim.order = nextDimensionOrder(ctx);
        bool created = false;
        const auto id = ctx.session.dimension(dim, &created);
        if (!id) {
            *error = csv.where() + QStringLiteral("dimension ") + key + QStringLiteral(": ") + ctx.session.errorString();
            return false;
        }
        ctx.tally.count(QStringLiteral("dimensions"), created, *id);
    }
    return error->isEmpty();
}

bool importRatersCsv(ImportContext &ctx, const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    QStringList fields;
    while (csv.next(&fields, error)) {
        const QString label = csv.value(fields, QStringLiteral("rater")).trimmed();
        Rater r;
        r.name = csv.value(fields, QStringLiteral("name")).trimmed();
        if (r.name.isEmpty()) {
            r.name = label;
        }
        if (r.name.isEmpty()) {
            *error = csv.where() + QStringLiteral("the row names no rater; nothing was imported");
            return false;
        }
        // The label the other files use is the initials, or the name when there are none.
        r.initials = csv.header.contains(QStringLiteral("initials")) ? csv.value(fields, QStringLiteral("initials")).trimmed()
                                                                     : (label != r.name ? label : QString());
        r.login = csv.value(fields, QStringLiteral("login")).trimmed();
        const QString role = csv.value(fields, QStringLiteral("role")).trimmed().toLower();
        if (role == QLatin1String("reconciler")) {
            r.role = Rater::Role::Reconciler;
        } else if (role.isEmpty() || role == QLatin1String("rater")) {
            r.role = Rater::Role::Rater;
        } else {
            *error = csv.where() + QStringLiteral("role \"%1\" is not rater or reconciler; nothing was imported").arg(role);
            return false;
        }
        const QString uuidText = csv.value(fields, QStringLiteral("uuid")).trimmed();
        r.uuid = QUuid(uuidText);
        if (!uuidText.isEmpty() && r.uuid.isNull()) {
            *error = csv.where() + QStringLiteral("uuid \"%1\" is not a uuid; nothing was imported").arg(uuidText);
            return false;
        }
        if (r.uuid.isNull()) {
            // The recipe the judgement import uses for a rater it meets first by label.
            r.uuid = Identity::sourceRecord(QStringLiteral("ponder/categorizer/") + (label.isEmpty() ? r.name : label));
        }
        for (const Rater &have : ctx.project.raters()) {
            if ((have.uuid == r.uuid || have.name == r.name) && have.role != r.role) {
                ctx.warnings.append(csv.where() + QStringLiteral("rater \"%1\" is already in the project as a %2 and stays one")
                                                      .arg(have.name, have.role == Rater::Role::Reconciler
                                                                          ? QStringLiteral("reconciler")
                                                                          : QStringLiteral("rater")));
                break;
            }
        }
        bool created = false;
        const auto id = ctx.session.rater(r, &created);
        if (!id) {
            *error = csv.where() + QStringLiteral("rater \"%1\": %2").arg(r.name, ctx.session.errorString());
            return false;
        }
        ctx.tally.count(QStringLiteral("raters"), created, *id);
    }
    return error->isEmpty();
}

bool importCommitListCsv(ImportContext &ctx, const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    static const QStringList known{QStringLiteral("project"), QStringLiteral("sha"), QStringLiteral("author"),
                                   QStringLiteral("commit_date"), QStringLiteral("date"), QStringLiteral("dataset"),
                                   QStringLiteral("rounds"), QStringLiteral("round"),
                                   // what concord-cli export writes besides (counts are derived, not kept)
                                   QStringLiteral("item"), QStringLiteral("kind"), QStringLiteral("issue"),
                                   QStringLiteral("title"), QStringLiteral("files"), QStringLiteral("hunks"),
                                   QStringLiteral("lines_added"), QStringLiteral("lines_deleted"),
                                   QStringLiteral("findings"), QStringLiteral("raters"), QStringLiteral("reconciled"),
                                   QStringLiteral("uuid")};
    const auto fallback = ctx.optionsDataset(error);
    if (!fallback) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    QStringList fields;
    qint64 bugReportRows = 0;
    while (csv.next(&fields, error)) {
        if (csv.value(fields, QStringLiteral("kind")).trimmed() == QLatin1String("bug_report")) {
            // An export's bug-report items: they come from an issue import (imported in
            // this import before the labels, or earlier).
            const QString project = csv.value(fields, QStringLiteral("project")).trimmed();
            bool isNumber = false;
            const qint64 number = csv.value(fields, QStringLiteral("issue")).trimmed().toLongLong(&isNumber);
            if (!isNumber || !ctx.project.itemByKey(ItemKey::issue(project, number))) {
                ++bugReportRows;
            }
            continue;
        }
        const QString project = csv.value(fields, QStringLiteral("project")).trimmed();
        const QString sha = csv.value(fields, QStringLiteral("sha")).trimmed().toLower();
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{7,64}$"));
        if (project.isEmpty() || !project.contains(QLatin1Char('/'))) {
            *error = csv.where() + QStringLiteral("\"%1\" is not a project OWNER/NAME; nothing was imported").arg(project);
            return false;
        }
        if (!hex.match(sha).hasMatch()) {
            *error = csv.where() + QStringLiteral("\"%1\" is not a commit sha; nothing was imported").arg(sha);
            return false;
        }
        Item item;
        item.key = ItemKey::commit(project, sha);
        item.uuid = Identity::item(item.key);
        item.author = csv.value(fields, QStringLiteral("author"));
        item.title = csv.value(fields, QStringLiteral("title"));
        const QString date = csv.value(fields, csv.header.contains(QStringLiteral("commit_date")) ? QStringLiteral("commit_date")
                                                                                                 : QStringLiteral("date"));
        item.date = SourceDate::fromString(date);
        if (!date.trimmed().isEmpty() && !item.date.isValid()) {
            *error = csv.where() + QStringLiteral("\"%1\" is not a date; nothing was imported").arg(date);
            return false;
        }
        const QString roundText = csv.value(fields, csv.header.contains(QStringLiteral("rounds")) ? QStringLiteral("rounds")
                                                                                                 : QStringLiteral("round"))
                                      .trimmed();
        bool ok = true;
        item.round = roundText.isEmpty() ? 0 : roundText.toInt(&ok);
        if (!ok || item.round < 0) {
            *error = csv.where() + QStringLiteral("round \"%1\" is not a number; nothing was imported").arg(roundText);
            return false;
        }
        item.dataset = *fallback;
        const QString datasetName = csv.value(fields, QStringLiteral("dataset")).trimmed();
        if (!datasetName.isEmpty()) {
            const auto dataset = ctx.datasetByName(datasetName, QString(), error);
            if (!dataset) {
                *error = csv.where() + *error;
                return false;
            }
            item.dataset = *dataset;
        }
        QJsonObject extra;
        for (int i = 0; i < csv.header.names().size(); ++i) {
            const QString name = csv.header.names().at(i).trimmed();
            if (!known.contains(name.toLower()) && !fields.at(i).isEmpty()) {
                extra.insert(name, fields.at(i));
            }
        }
        if (!extra.isEmpty()) {
            item.metadata.insert(QStringLiteral("commit_list"), extra);
        }
        bool created = false;
        if (!importItem(ctx, item, &created, error)) {
            *error = csv.where() + item.key.toString() + QStringLiteral(": ") + *error;
            return false;
        }
        if (!ctx.progress(csv.file.pos(), csv.file.size())) {
            *error = path + QStringLiteral(": cancelled");
            return false;
        }
    }
    if (bugReportRows > 0) {
        ctx.warnings.append(path + QStringLiteral(": %1 bug-report rows name issues that are not in the project (import "
                                                  "the issues themselves)")
                                       .arg(bugReportRows));
    }
    return error->isEmpty();
}

struct JudgementImport::Private
{
    ImportContext &ctx;
    LabelImportOptions options;
    bool indexed = false;
    QHash<QString, QList<ItemId>> itemsBySha;
    QHash<ItemId, ItemKey> keyById;
    QHash<QString, ItemId> itemByKey; ///< "owner/name@sha", "owner/name#123" (an export's item column)
    StudyDimensions study;
    bool haveStudy = false;
    QHash<QPair<ItemId, RaterId>, int> nextOrdinal;
    QHash<QString, QList<QPair<QUuid, DimensionValues>>> sourcesByBugFix;
    std::optional<Codebook> codebook; ///< read once, re-read after adding a value
    QHash<QString, RaterId> raterByName; ///< initials and names of known raters
    bool ratersRead = false;

    Private(ImportContext &c, const LabelImportOptions &o)
        : ctx(c)
        , options(o)
    {
    }

    void indexItems()
    {
        if (indexed) {
            return;
        }
        indexed = true;
        const qint64 count = ctx.project.itemCount();
        for (qint64 offset = 0; offset < count; offset += 5000) {
            for (const Item &item : ctx.project.items(offset, 5000)) {
                itemByKey.insert(item.key.toString(), item.id);
                keyById.insert(item.id, item.key);
                if (item.kind() == ItemKind::Patch) {
                    itemsBySha[item.key.ref].append(item.id);
                }
            }
        }
    }

    /// The item of a row: by project + sha when the file has a project column, else by
    /// the sha alone when exactly one item has it.
    std::optional<ItemId> findItem(const CsvFile &csv, const QStringList &fields, QString *problem)
    {
        indexItems();
        const QString sha = csv.value(fields, QStringLiteral("sha")).trimmed().toLower();
        const QString projectName = csv.value(fields, QStringLiteral("project")).trimmed();
        const QString key = csv.value(fields, QStringLiteral("item")).trimmed();
        if (sha.isEmpty() && !key.isEmpty()) {
            if (itemByKey.contains(key)) {
                return itemByKey.value(key);
            }
            *problem = QStringLiteral("item %1 is not in the project").arg(key);
            return std::nullopt;
        }
        if (sha.isEmpty()) {
            *problem = QStringLiteral("the row has no sha");
            return std::nullopt;
        }
        QList<ItemId> candidates = itemsBySha.value(sha);
        if (!projectName.isEmpty()) {
            candidates.removeIf([&](ItemId id) { return keyById.value(id).repository != projectName; });
        }
        if (candidates.size() == 1) {
            return candidates.first();
        }
        *problem = candidates.isEmpty()
            ? QStringLiteral("commit %1 is not in the project (import its patch or the web-app dump first)").arg(sha)
            : QStringLiteral("commit %1 is in several projects; add a \"project\" column").arg(sha);
        return std::nullopt;
    }

    /// A rater by initials or name; a new one is named @p fullName when given (an
    /// export's rater_name column), else @p who.
    std::optional<RaterId> findRater(const QString &who, const QString &fullName, QString *error)
    {
        if (!ratersRead) {
            ratersRead = true;
            for (const Rater &r : ctx.project.raters()) {
                raterByName.insert(r.name, r.id);
                if (!r.initials.isEmpty() && !raterByName.contains(r.initials)) {
                    raterByName.insert(r.initials, r.id);
                }
            }
        }
        if (!fullName.isEmpty() && raterByName.contains(fullName)) {
            return raterByName.value(fullName);
        }
        if (raterByName.contains(who)) {
            return raterByName.value(who);
        }
        Rater r;
        r.name = fullName.isEmpty() ? who : fullName;
        r.initials = who;
        r.uuid = Identity::sourceRecord(QStringLiteral("ponder/categorizer/") + who);
        bool created = false;
        const auto id = ctx.session.rater(r, &created);
        if (!id) {
            *error = QStringLiteral("rater \"%1\": %2").arg(who, ctx.session.errorString());
        } else {
            ctx.tally.count(QStringLiteral("raters"), created, *id);
            raterByName.insert(who, *id);
            raterByName.insert(r.name, *id);
        }
        return id;
    }

    /// Values and comments of one row. Unknown value names are collected in *unknown
    /// (or added when options.addMissingValues); flags that are not true/false are errors.
    bool rowValues(const CsvFile &csv, const QStringList &fields, bool withGateComment, DimensionValues *values,
                   DimensionComments *comments, bool *shouldDiscuss, QStringList *unknown, QString *error)
    {
        if (!haveStudy) {
            if (!ensureStudyDimensions(ctx, &study, error)) {
                return false;
            }
            haveStudy = true;
        }
        bool ok = true;
        const std::optional<bool> gate = parseFlag(csv.value(fields, QStringLiteral("is_func_fix")), &ok);
        if (!ok) {
            *error = csv.where() + QStringLiteral("is_func_fix \"%1\" is not true or false; nothing was imported")
                                       .arg(csv.value(fields, QStringLiteral("is_func_fix")));
            return false;
        }
        if (gate) {
            values->insert(study.gate, {*gate ? study.yes : study.no});
        }
        if (withGateComment && !csv.value(fields, QStringLiteral("func_fix_comment")).isEmpty()) {
            comments->insert(study.gate, csv.value(fields, QStringLiteral("func_fix_comment")));
        }
        for (int d = 0; d < 4; ++d) {
            if (!codebook) {
                codebook = ctx.project.codebook();
            }
            const QString key = QLatin1String(StudyDimensions::Keys[d]);
            const QString column = csv.header.contains(QStringLiteral("problem_") + key) ? QStringLiteral("problem_") + key : key;
            const QString name = csv.value(fields, column).trimmed();
            if (!name.isEmpty()) {
                const CodebookValue *v = codebook->valueByName(study.dimensions[d], name);
                if (v) {
                    values->insert(study.dimensions[d], {v->id});
                } else if (options.addMissingValues) {
                    const auto id = importCodebookValue(ctx, study.dimensions[d], key, name, QString(),
                                                        int(codebook->valuesOf(study.dimensions[d]).size()), error);
                    if (!id) {
                        *error = csv.where() + *error;
                        return false;
                    }
                    codebook.reset();
                    ctx.warnings.append(csv.where() + QStringLiteral("added the %1 value \"%2\" to the codebook").arg(key, name));
                    values->insert(study.dimensions[d], {*id});
                } else {
                    unknown->append(QStringLiteral("line %1: %2 \"%3\"").arg(csv.reader->recordLine()).arg(key, name));
                }
            }
            const QString comment = csv.value(fields, key + QStringLiteral("_comment"));
            if (!comment.isEmpty()) {
                comments->insert(study.dimensions[d], comment);
            }
        }
        if (!codebook) {
            codebook = ctx.project.codebook();
        }
        // Dimensions beyond the study's: a column named by the key, several values of a
        // multiple-choice dimension separated by ';', and KEY_comment.
        static const QStringList ownColumns{QStringLiteral("sha"),     QStringLiteral("rater"),   QStringLiteral("item"),
                                            QStringLiteral("project"), QStringLiteral("issue"),   QStringLiteral("finding"),
                                            QStringLiteral("uuid"),    QStringLiteral("decision"), QStringLiteral("rationale")};
        const QList<Dimension> dimensions = codebook->dimensions;
        for (const Dimension &dim : dimensions) {
            if (dim.kind == Dimension::Kind::Gate || StudyDimensions::indexOf(dim.key) >= 0 || !csv.header.contains(dim.key)
                || ownColumns.contains(dim.key.toLower())) {
                continue;
            }
            const QString text = csv.value(fields, dim.key).trimmed();
            const QStringList names = dim.kind == Dimension::Kind::MultipleChoice ? text.split(QLatin1Char(';'), Qt::SkipEmptyParts)
                : text.isEmpty()                                                   ? QStringList()
                                                                                   : QStringList{text};
            QList<ValueId> ids;
            for (const QString &raw : names) {
                const QString name = raw.trimmed();
                if (const CodebookValue *v = codebook->valueByName(dim.id, name)) {
                    ids.append(v->id);
                } else if (options.addMissingValues) {
                    const auto id = importCodebookValue(ctx, dim.id, dim.key, name, QString(), int(codebook->valuesOf(dim.id).size()), error);
                    if (!id) {
                        *error = csv.where() + *error;
                        return false;
                    }
                    codebook = ctx.project.codebook();
                    ctx.warnings.append(csv.where() + QStringLiteral("added the %1 value \"%2\" to the codebook").arg(dim.key, name));
                    ids.append(*id);
                } else {
                    unknown->append(QStringLiteral("line %1: %2 \"%3\"").arg(csv.reader->recordLine()).arg(dim.key, name));
                }
            }
            if (!ids.isEmpty()) {
                values->insert(dim.id, ids);
            }
            const QString comment = csv.value(fields, dim.key + QStringLiteral("_comment"));
            if (!comment.isEmpty()) {
                comments->insert(dim.id, comment);
            }
        }
        const std::optional<bool> discuss = parseFlag(csv.value(fields, QStringLiteral("should_discuss")), &ok);
        if (!ok) {
            *error = csv.where() + QStringLiteral("should_discuss \"%1\" is not true or false; nothing was imported")
                                       .arg(csv.value(fields, QStringLiteral("should_discuss")));
            return false;
        }
        *shouldDiscuss = discuss.value_or(false);
        return true;
    }

    /// The columns `concord-cli export` adds: uuid (the record keeps its identity) and
    /// finding (its 1-based number among the item's findings).
    static bool exportColumns(const CsvFile &csv, const QStringList &fields, QUuid *uuid, int *ordinal, QString *error)
    {
        const QString uuidText = csv.value(fields, QStringLiteral("uuid")).trimmed();
        if (!uuidText.isEmpty()) {
            const QUuid parsed(uuidText);
            if (parsed.isNull()) {
                *error = csv.where() + QStringLiteral("uuid \"%1\" is not a uuid; nothing was imported").arg(uuidText);
                return false;
            }
            *uuid = parsed;
        }
        const QString number = csv.value(fields, QStringLiteral("finding")).trimmed();
        if (!number.isEmpty()) {
            bool ok = false;
            const int n = number.toInt(&ok);
            if (!ok || n < 1) {
                *error = csv.where() + QStringLiteral("finding \"%1\" is not a number from 1; nothing was imported").arg(number);
                return false;
            }
            *ordinal = n - 1;
        }
        return true;
    }

    static bool unknownValuesError(const QString &path, const QStringList &unknown, QString *error)
    {
        QStringList shown = unknown.mid(0, 20);
        if (unknown.size() > shown.size()) {
            shown.append(QStringLiteral("... and %1 more").arg(unknown.size() - shown.size()));
        }
        *error = path + QStringLiteral(": %1 values are not in the codebook (import the taxonomy first, or use "
                                       "--add-missing-values to add them); nothing was imported:\n  ")
                            .arg(unknown.size())
            + shown.join(QStringLiteral("\n  "));
        return false;
    }
};

JudgementImport::JudgementImport(ImportContext &ctx, const LabelImportOptions &options)
    : d(std::make_unique<Private>(ctx, options))
{
}

JudgementImport::~JudgementImport() = default;

bool JudgementImport::importJudgementCsv(const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    const QString raterColumn = csv.header.contains(QStringLiteral("rater")) ? QStringLiteral("rater") : QStringLiteral("categorizer");
    if (!csv.header.contains(QStringLiteral("sha")) || !csv.header.contains(raterColumn)) {
        *error = path + QStringLiteral(": line 1: rater judgements need the columns sha and rater (found: %1)")
                            .arg(csv.header.names().join(QStringLiteral(", ")));
        return false;
    }
    QStringList unknown;
    QStringList fields;
    while (csv.next(&fields, error)) {
        QString problem;
        const auto item = d->findItem(csv, fields, &problem);
        if (!item) {
            *error = csv.where() + problem + QStringLiteral("; nothing was imported");
            return false;
        }
        const QString who = csv.value(fields, raterColumn).trimmed();
        if (who.isEmpty()) {
            *error = csv.where() + QStringLiteral("the row names no rater; nothing was imported");
            return false;
        }
        const auto rater = d->findRater(who, csv.value(fields, QStringLiteral("rater_name")).trimmed(), error);
        if (!rater) {
            *error = csv.where() + *error;
            return false;
        }
        Finding f;
        f.item = *item;
        f.rater = *rater;
        f.ordinal = d->nextOrdinal[{f.item, f.rater}]++;
        if (!d->rowValues(csv, fields, true, &f.values, &f.comments, &f.shouldDiscuss, &unknown, error)) {
            return false;
        }
        const QString id = csv.value(fields, QStringLiteral("categorization_id")).trimmed();
        const QString sha = csv.value(fields, QStringLiteral("sha")).trimmed().toLower();
        f.uuid = id.isEmpty()
            ? Identity::sourceRecord(QStringLiteral("labels/%1/%2/%3").arg(d->keyById.value(f.item).toString(), who).arg(f.ordinal))
            : Identity::sourceRecord(QStringLiteral("ponder/categorization/%1/%2").arg(id, sha));
        if (!d->exportColumns(csv, fields, &f.uuid, &f.ordinal, error)) {
            return false;
        }
        if (csv.header.contains(QStringLiteral("unsure"))) {
            bool ok = true;
            f.unsure = parseFlag(csv.value(fields, QStringLiteral("unsure")), &ok).value_or(false);
            if (!ok) {
                *error = csv.where() + QStringLiteral("unsure \"%1\" is not true or false; nothing was imported")
                                           .arg(csv.value(fields, QStringLiteral("unsure")));
                return false;
            }
        }
        f.created = QDateTime::fromString(csv.value(fields, QStringLiteral("created")).trimmed(), Qt::ISODateWithMs);
        f.modified = QDateTime::fromString(csv.value(fields, QStringLiteral("modified")).trimmed(), Qt::ISODateWithMs);
        if (!unknown.isEmpty()) {
            continue; // keep reading to list every unknown value, then fail
        }
        bool created = false;
        const auto findingId = d->ctx.session.finding(f, &created);
        if (!findingId) {
            *error = csv.where() + d->ctx.session.errorString();
            return false;
        }
        d->ctx.tally.count(QStringLiteral("findings"), created, *findingId);
        const QString bugFix = csv.value(fields, QStringLiteral("bug_fix_id")).trimmed();
        if (!bugFix.isEmpty()) {
            d->sourcesByBugFix[bugFix + QLatin1Char('/') + sha].append({f.uuid, f.values});
        }
        if (!d->ctx.progress(csv.file.pos(), csv.file.size())) {
            *error = path + QStringLiteral(": cancelled");
            return false;
        }
    }
    if (!error->isEmpty()) {
        return false;
    }
    if (!unknown.isEmpty()) {
        return Private::unknownValuesError(path, unknown, error);
    }
    return true;
}

bool JudgementImport::importReconciledCsv(const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    QStringList unknown;
    QStringList fields;
    QHash<ItemId, int> nextOrdinal;
    QStringList withoutSources;
    while (csv.next(&fields, error)) {
        QString problem;
        const auto item = d->findItem(csv, fields, &problem);
        if (!item) {
            *error = csv.where() + problem + QStringLiteral("; nothing was imported");
            return false;
        }
        ReconciledFinding r;
        r.item = *item;
        r.ordinal = nextOrdinal[r.item]++;
        if (!d->rowValues(csv, fields, false, &r.values, &r.comments, &r.shouldDiscuss, &unknown, error)) {
            return false;
        }
        const QString id = csv.value(fields, QStringLiteral("bug_fix_id")).trimmed();
        const QString sha = csv.value(fields, QStringLiteral("sha")).trimmed().toLower();
        r.uuid = id.isEmpty() ? Identity::sourceRecord(QStringLiteral("labels/reconciled/%1/%2").arg(d->keyById.value(r.item).toString()).arg(r.ordinal))
                              : Identity::sourceRecord(QStringLiteral("ponder/bugfix/%1/%2").arg(id, sha));
        if (!d->exportColumns(csv, fields, &r.uuid, &r.ordinal, error)) {
            return false;
        }
        QList<DimensionValues> sourceValues;
        if (csv.header.contains(QStringLiteral("source_finding_uuids"))) {
            // An export names its sources by uuid (a finding can be the source of several).
            const QStringList uuids = csv.value(fields, QStringLiteral("source_finding_uuids"))
                                          .split(QLatin1Char(';'), Qt::SkipEmptyParts);
            for (const QString &text : uuids) {
                const QUuid uuid(text.trimmed());
                if (uuid.isNull()) {
                    *error = csv.where() + QStringLiteral("\"%1\" in source_finding_uuids is not a uuid; nothing was imported")
                                               .arg(text);
                    return false;
                }
                r.sourceFindings.append(uuid);
            }
        } else {
            for (const auto &[uuid, values] : d->sourcesByBugFix.value(id + QLatin1Char('/') + sha)) {
                r.sourceFindings.append(uuid);
                sourceValues.append(values);
            }
        }
        if (r.sourceFindings.isEmpty()) {
            withoutSources.append(QString::number(csv.reader->recordLine()));
        }
        r.decision = decideReconciliation(r.values, sourceValues);
        r.rationale = id.isEmpty() ? QStringLiteral("Imported from %1.").arg(QFileInfo(path).fileName())
                                   : QStringLiteral("Imported from %1 (bug fix %2).").arg(QFileInfo(path).fileName(), id);
        if (csv.header.contains(QStringLiteral("decision"))) {
            const QString text = csv.value(fields, QStringLiteral("decision"));
            const auto decision = decisionFromName(text);
            if (!decision) {
                *error = csv.where() + QStringLiteral("decision \"%1\" is not unanimous, adopted, combined or new; "
                                                      "nothing was imported")
                                           .arg(text);
                return false;
            }
            r.decision = *decision;
            r.rationale = csv.value(fields, QStringLiteral("rationale"));
            r.decidedAt = QDateTime::fromString(csv.value(fields, QStringLiteral("decided_at")).trimmed(), Qt::ISODateWithMs);
            const QString reconciler = csv.value(fields, QStringLiteral("reconciler")).trimmed();
            if (!reconciler.isEmpty()) {
                const auto by = d->findRater(reconciler, csv.value(fields, QStringLiteral("reconciler_name")).trimmed(), error);
                if (!by) {
                    *error = csv.where() + *error;
                    return false;
                }
                r.decidedBy = *by;
            }
        }
        if (csv.header.contains(QStringLiteral("func_fix_comment"))
            && !csv.value(fields, QStringLiteral("func_fix_comment")).isEmpty()) {
            r.comments.insert(d->study.gate, csv.value(fields, QStringLiteral("func_fix_comment")));
        }
        if (!unknown.isEmpty()) {
            continue;
        }
        bool created = false;
        const auto reconciledId = d->ctx.session.reconciled(r, &created);
        if (!reconciledId) {
            *error = csv.where() + d->ctx.session.errorString();
            return false;
        }
        d->ctx.tally.count(QStringLiteral("reconciled findings"), created, *reconciledId);
        if (!d->ctx.progress(csv.file.pos(), csv.file.size())) {
            *error = path + QStringLiteral(": cancelled");
            return false;
        }
    }
    if (!error->isEmpty()) {
        return false;
    }
    if (!unknown.isEmpty()) {
        return Private::unknownValuesError(path, unknown, error);
    }
    if (!withoutSources.isEmpty()) {
        d->ctx.warnings.append(path + QStringLiteral(": %1 reconciled findings have no rater judgement with their "
                                                     "bug_fix_id in this import (or no source_finding_uuids) and "
                                                     "were imported without sources "
                                                     "(lines %2)")
                                          .arg(withoutSources.size())
                                          .arg(withoutSources.join(QStringLiteral(", "))));
    }
    return true;
}

bool JudgementImport::importCommitDetailsCsv(const QString &path, QString *error)
{
    CsvFile csv;
    if (!csv.open(path, error)) {
        return false;
    }
    QHash<ItemId, QJsonArray> details;
    QList<ItemId> order;
    QStringList fields;
    while (csv.next(&fields, error)) {
        QString problem;
        const auto item = d->findItem(csv, fields, &problem);
        if (!item) {
            *error = csv.where() + problem + QStringLiteral("; nothing was imported");
            return false;
        }
        QJsonObject row;
        for (int i = 0; i < csv.header.names().size(); ++i) {
            const QString name = csv.header.names().at(i).trimmed();
            if (name == QLatin1String("id") || name == QLatin1String("sha") || name == QLatin1String("project")) {
                continue;
            }
            bool isNumber = false;
            const qint64 number = fields.at(i).toLongLong(&isNumber);
            row.insert(name, isNumber ? QJsonValue(number) : QJsonValue(fields.at(i)));
        }
        if (!details.contains(*item)) {
            order.append(*item);
        }
        details[*item].append(row);
    }
    if (!error->isEmpty()) {
        return false;
    }
    for (ItemId id : std::as_const(order)) {
        const std::optional<Item> item = d->ctx.project.item(id);
        if (!item) {
            *error = path + QStringLiteral(": item %1 cannot be read back").arg(id);
            return false;
        }
        QJsonObject ponder = item->metadata.value(QStringLiteral("ponder")).toObject();
        QJsonArray have = ponder.value(QStringLiteral("commit_details")).toArray();
        int added = 0;
        for (const QJsonValue &row : details.value(id)) {
            const bool isNew = !have.contains(row);
            d->ctx.tally.count(QStringLiteral("commit details"), isNew);
            if (isNew) {
                have.append(row);
                ++added;
            }
        }
        if (added == 0) {
            continue;
        }
        ponder.insert(QStringLiteral("commit_details"), have);
        QJsonObject metadata = item->metadata;
        metadata.insert(QStringLiteral("ponder"), ponder);
        if (!d->ctx.session.setItemMetadata(id, metadata)) {
            *error = path + QStringLiteral(": %1: %2").arg(item->key.toString(), d->ctx.session.errorString());
            return false;
        }
    }
    return true;
}

} // namespace Concord
