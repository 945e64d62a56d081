// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/importer.h"

#include "domain/filekind.h"
#include "import/bugreportimport.h"
#include "import/csvreader.h"
#include "import/githubissues.h"
#include "import/jsonstream.h"
#include "import/labelimport.h"
#include "import/patchimport.h"
#include "import/ponderdump.h"
#include "import/ponderimport.h"
#include "import/studycodebook.h"
#include "store/project.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>

namespace Concord {

Q_LOGGING_CATEGORY(lcImport, "concord.import")

std::optional<ImportFormat> importFormatFromName(const QString &name)
{
    static const QHash<QString, ImportFormat> names{
        {QStringLiteral("auto"), ImportFormat::Auto},         {QStringLiteral("patch"), ImportFormat::Patch},
        {QStringLiteral("mbox"), ImportFormat::Mbox},         {QStringLiteral("github-json"), ImportFormat::GitHubJson},
        {QStringLiteral("csv"), ImportFormat::Csv},           {QStringLiteral("ponder"), ImportFormat::Ponder},
    };
    const auto it = names.constFind(name.trimmed().toLower());
    return it == names.cend() ? std::nullopt : std::optional<ImportFormat>(*it);
}

QString importFormatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Auto:
        return QStringLiteral("auto");
    case ImportFormat::Patch:
        return QStringLiteral("patch");
    case ImportFormat::Mbox:
        return QStringLiteral("mbox");
    case ImportFormat::GitHubJson:
        return QStringLiteral("github-json");
    case ImportFormat::Csv:
        return QStringLiteral("csv");
    case ImportFormat::Ponder:
        return QStringLiteral("ponder");
    }
    return {};
}

std::optional<ImportFormat> detectImportFormat(const QString &path, QByteArrayView head, QString *error)
{
    const QByteArrayView trimmed = head.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("the file is empty");
        return std::nullopt;
    }
    if (looksLikePatch(head)) {
        return ImportFormat::Patch;
    }
    if (head.contains('\0')) {
        *error = QStringLiteral("binary data (a NUL byte in the first %1 bytes); not a format Concord imports").arg(head.size());
        return std::nullopt;
    }
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
        if (looksLikePonderDump(head)) {
            return ImportFormat::Ponder;
        }
        return ImportFormat::GitHubJson; // issues or their comments; checked when parsed
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("tsv") || suffix == QLatin1String("txt")
        || head.contains(',')) {
        return ImportFormat::Csv;
    }
    *error = QStringLiteral("not a format Concord imports (patch, mailbox, GitHub JSON, CSV, web-app dump)");
    return std::nullopt;
}

namespace {

QByteArray readHead(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": cannot open: ") + file.errorString();
        return {};
    }
    return file.read(64 * 1024);
}

struct PlannedFile
{
    QString path;
    ImportFormat format;
    LabelCsvKind csvKind = LabelCsvKind::Unknown;
    bool comments = false; ///< a GitHub comment list
};

/// Which phase a file is imported in (see importFiles).
int phase(const PlannedFile &f)
{
    switch (f.format) {
    case ImportFormat::Csv:
        switch (f.csvKind) {
        case LabelCsvKind::Dimensions:
        case LabelCsvKind::Raters:
            return -1; // before the taxonomy files that fill the dimensions and the labels naming raters
        case LabelCsvKind::Taxonomy:
            return 0;
        case LabelCsvKind::Commits:
            return 1; // with the patches: items before their labels
        case LabelCsvKind::BugReports:
        case LabelCsvKind::Unknown:
            return 5;
        case LabelCsvKind::Judgements:
        case LabelCsvKind::CommitDetails:
            return 6;
        case LabelCsvKind::Reconciled:
            return 7;
        }
        return 5;
    case ImportFormat::Patch:
    case ImportFormat::Mbox:
        return 1;
    case ImportFormat::Ponder:
        return 2;
    case ImportFormat::GitHubJson:
        return f.comments ? 4 : 3;
    case ImportFormat::Auto:
        break;
    }
    return 8;
}

} // namespace

bool importFiles(Project &project, const ImportRequest &request, ImportResult *result, QString *error)
{
    *result = ImportResult();
    if (request.files.isEmpty()) {
        *error = QStringLiteral("no files to import");
        return false;
    }
    QHash<QString, QString> columnMap;
    if (!parseColumnMap(request.columnMap, &columnMap, error)) {
        return false;
    }

    // Plan: the format of every file, and JSON parsed, before anything is written.
    QList<PlannedFile> planned;
    for (const QString &path : request.files) {
        if (const QString notAFile = notRegularFileMessage(path); !notAFile.isEmpty()) {
            *error = notAFile + QStringLiteral("; nothing was imported");
            return false;
        }
        if (!QFileInfo(path).isFile()) {
            *error = path + QStringLiteral(": no such file; nothing was imported");
            return false;
        }
        PlannedFile f;
        f.path = path;
        f.format = request.format;
        if (f.format == ImportFormat::Auto) {
            QString cause;
            const QByteArray head = readHead(path, &cause);
            if (!cause.isEmpty()) {
                *error = cause + QStringLiteral("; nothing was imported");
                return false;
            }
            const auto format = detectImportFormat(path, head, &cause);
            if (!format) {
                *error = path + QStringLiteral(": ") + cause + QStringLiteral("; nothing was imported");
                return false;
            }
            f.format = *format;
        }
        result->formats.append(importFormatName(f.format));
        if (f.format == ImportFormat::Ponder || f.format == ImportFormat::GitHubJson) {
            // Only the first record is read here: issues, their comments and dumps are
            // streamed when imported (a broken record later on fails the import, which
            // rolls back).
            JsonArrayReader reader(path);
            QJsonValue first;
            if (!reader.open() || reader.next(&first) == JsonArrayReader::Status::Error) {
                *error = path + QStringLiteral(": ") + reader.errorString() + QStringLiteral("; nothing was imported");
                return false;
            }
            // Any dumpdata file is a list of {"model", "fields"}: the "ponder." records may
            // come after the first 64 KiB that detection looked at.
            const QJsonObject firstObject = reader.isArray() ? first.toObject() : QJsonObject();
            if (request.format == ImportFormat::Auto && firstObject.contains(QLatin1String("model"))
                && firstObject.contains(QLatin1String("fields"))) {
                f.format = ImportFormat::Ponder;
                result->formats.last() = importFormatName(f.format);
            }
            f.comments = f.format == ImportFormat::GitHubJson && firstObject.contains(QLatin1String("issue_url"))
                && !firstObject.contains(QLatin1String("title"));
        } else if (f.format == ImportFormat::Csv) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                *error = path + QStringLiteral(": cannot open: ") + file.errorString() + QStringLiteral("; nothing was imported");
                return false;
            }
            CsvReader reader(&file);
            QStringList header;
            if (!reader.readRecord(&header)) {
                *error = path + QStringLiteral(": ") + (reader.hasError() ? reader.errorString() : QStringLiteral("the file is empty"))
                    + QStringLiteral("; nothing was imported");
                return false;
            }
            f.csvKind = classifyLabelCsv(CsvHeader(header));
            if (!columnMap.isEmpty() && f.csvKind == LabelCsvKind::Unknown) {
                f.csvKind = LabelCsvKind::BugReports; // --map names the columns
            }
            if (!columnMap.isEmpty() && f.csvKind == LabelCsvKind::Taxonomy && header.size() == 2
                && StudyDimensions::indexOf(header.first().trimmed().toLower()) < 0) {
                f.csvKind = LabelCsvKind::BugReports; // "summary","description" with --map is a bug-report list
            }
            if (f.csvKind == LabelCsvKind::Unknown) {
                *error = path + QStringLiteral(": line 1: cannot tell what this CSV holds (columns: %1). Concord reads "
                                               "taxonomies (category,description or dimension,name,description), dimensions (dimension,name,kind), raters (rater,name,role), rater "
                                               "judgements (sha,rater,...), reconciled findings (bug_fix_id,sha,...), commit lists (project,sha,...), commit details (sha,file_name,...) and "
                                               "bug reports (title,... or --map); nothing was imported")
                                    .arg(header.join(QStringLiteral(", ")));
                return false;
            }
        }
        planned.append(f);
    }

    std::stable_sort(planned.begin(), planned.end(), [](const PlannedFile &a, const PlannedFile &b) { return phase(a) < phase(b); });

    ImportSession session(project, QStringLiteral("import ") + request.files.join(QStringLiteral(" ")));
    if (!session.isValid()) {
        *error = QStringLiteral("cannot start the import: ") + session.errorString();
        return false;
    }
    if (request.options.progress) {
        // The store reports bytes of one patch at a time; pass on only the chance to
        // cancel (total 0 = "unknown"), so the overall progress does not jump around.
        session.setProgressCallback([&request](qint64, qint64) { return request.options.progress(0, 0); });
    }
    ImportContext ctx(project, session, request.options);
    const qint64 itemsBefore = project.itemCount();
    {
        const QList<ItemId> ids = project.itemIds();
        ctx.firstNewItem = ids.isEmpty() ? 1 : *std::max_element(ids.cbegin(), ids.cend()) + 1;
    }
    LabelImportOptions labelOptions;
    labelOptions.addMissingValues = request.addMissingValues;
    JudgementImport judgements(ctx, labelOptions);
    ImportReport patchReport;
    qint64 patchBytesTotal = 0;
    for (const PlannedFile &f : std::as_const(planned)) {
        if (phase(f) == 1 && f.format != ImportFormat::Csv) {
            patchBytesTotal += QFileInfo(f.path).size();
        }
    }
    qint64 patchBytesDone = 0;

    auto fail = [&](const QString &message) {
        session.rollback();
        *error = message;
        if (!error->contains(QLatin1String("nothing was imported"))) {
            *error += QStringLiteral("; nothing was imported");
        }
        qCDebug(lcImport) << "import failed:" << *error;
        return false;
    };

    for (const PlannedFile &f : std::as_const(planned)) {
        QString cause;
        switch (phase(f)) {
        case -1:
            if (f.csvKind == LabelCsvKind::Dimensions ? !importDimensionsCsv(ctx, f.path, &cause)
                                                      : !importRatersCsv(ctx, f.path, &cause)) {
                return fail(cause);
            }
            break;
        case 0:
            if (!importTaxonomyCsv(ctx, f.path, &cause)) {
                return fail(cause);
            }
            break;
        case 1: {
            if (f.format == ImportFormat::Csv) {
                if (!importCommitListCsv(ctx, f.path, &cause)) {
                    return fail(cause);
                }
                break;
            }
            ImportReport one;
            if (!importPatchFileInto(project, session, f.path, request.options, &one, &cause, patchBytesDone,
                                     patchBytesTotal)) {
                return fail(cause);
            }
            patchBytesDone += QFileInfo(f.path).size();
            patchReport.added += one.added;
            patchReport.alreadyPresent += one.alreadyPresent;
            patchReport.files += one.files;
            patchReport.hunks += one.hunks;
            patchReport.skipped += one.skipped;
            ctx.warnings += one.warnings;
            break;
        }
        case 2: {
            PonderDump dump;
            if (!readPonderDumpFile(f.path, &dump, &cause)) {
                return fail(f.path + QStringLiteral(": ") + cause);
            }
            if (!importPonderDump(ctx, dump, f.path, &cause)) {
                return fail(cause);
            }
            break;
        }
        case 3: {
            if (!importGitHubIssuesFile(ctx, f.path, &cause)) {
                return fail(cause);
            }
            break;
        }
        case 4: {
            int unmatched = 0;
            if (!importGitHubCommentsFile(ctx, f.path, &unmatched, &cause)) {
                return fail(cause);
            }
            if (unmatched > 0) {
                ctx.warnings.append(f.path + QStringLiteral(": %1 comments belong to issues that are not in the project "
                                                            "and were skipped (import the issues too)")
                                                 .arg(unmatched));
            }
            break;
        }
        case 5: {
            QList<ParsedBugReport> parsed;
            if (!readBugReportCsv(f.path, columnMap, request.options.project, &parsed, &cause)) {
                return fail(cause);
            }
            if (!importBugReports(ctx, parsed, f.path, &cause)) {
                return fail(cause);
            }
            break;
        }
        case 6:
            if (f.csvKind == LabelCsvKind::CommitDetails ? !judgements.importCommitDetailsCsv(f.path, &cause)
                                                         : !judgements.importJudgementCsv(f.path, &cause)) {
                return fail(cause);
            }
            break;
        case 7:
            if (!judgements.importReconciledCsv(f.path, &cause)) {
                return fail(cause);
            }
            break;
        default:
            break;
        }
    }
    QString cause;
    // A cancel that came while the last records were written still counts.
    if (request.options.progress && !request.options.progress(0, 0)) {
        return fail(QStringLiteral("the import was cancelled"));
    }
    if (!session.commit(&cause)) {
        return fail(QStringLiteral("saving the import failed: ") + cause);
    }
    // Items: the patch importer reports numbers, not rows, so count the new ones in the
    // project; "present" is what the importers found already there (the larger of the
    // patch files' and the other files' counts, as both may name the same items).
    const qint64 itemsAdded = project.itemCount() - itemsBefore - ctx.tally.added(QStringLiteral("bug reports"));
    const int keyedPresent = ctx.tally.present(QStringLiteral("items"));
    if (itemsAdded > 0 || keyedPresent > 0 || patchReport.alreadyPresent > 0) {
        ctx.tally.counts[QStringLiteral("items")] = {int(itemsAdded), std::max(keyedPresent, patchReport.alreadyPresent)};
    }
    if (patchReport.added > 0 || patchReport.alreadyPresent > 0) {
        // Patch content may land on items made earlier (by the dump or a commit list):
        // say so apart from the items.
        ctx.tally.counts[QStringLiteral("patches")] = {patchReport.added, patchReport.alreadyPresent};
    }
    result->tally = ctx.tally;
    result->report.added = ctx.tally.added(QStringLiteral("items")) + ctx.tally.added(QStringLiteral("bug reports"));
    result->report.alreadyPresent = ctx.tally.present(QStringLiteral("items")) + ctx.tally.present(QStringLiteral("bug reports"));
    result->report.files = patchReport.files;
    result->report.hunks = patchReport.hunks;
    result->report.skipped = patchReport.skipped;
    result->report.warnings = ctx.warnings;
    return true;
}

} // namespace Concord
