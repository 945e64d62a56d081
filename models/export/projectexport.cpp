// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/projectexport.h"

#include "agreement/decisionstats.h"
#include "agreement/projectunits.h"
#include "export/csvwriter.h"
#include "import/studycodebook.h"
#include "store/project.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSet>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Concord {

Q_LOGGING_CATEGORY(lcExport, "concord.export")

std::optional<ExportLayout> exportLayoutFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"study") {
        return ExportLayout::Study;
    }
    if (n == u"wide") {
        return ExportLayout::Wide;
    }
    if (n == u"long") {
        return ExportLayout::Long;
    }
    return std::nullopt;
}

QString exportLayoutName(ExportLayout layout)
{
    switch (layout) {
    case ExportLayout::Study:
        return u"study"_s;
    case ExportLayout::Wide:
        return u"wide"_s;
    case ExportLayout::Long:
        return u"long"_s;
    }
    return {};
}

namespace {

const QString s_categorizations = u"categorizations.csv"_s;
const QString s_reconciled = u"reconciled.csv"_s;
const QString s_items = u"items.csv"_s;
const QString s_dimensions = u"dimensions.csv"_s;
const QString s_raters = u"raters.csv"_s;
const QString s_wide = u"ratings_wide.csv"_s;
const QString s_long = u"ratings_long.csv"_s;
const QString s_codebookMd = u"codebook.md"_s;
const QString s_decisionLog = u"decision_log.md"_s;

/// How multiple-choice values share one cell (`agreement --multiple-choice ';'` reads it).
const QString s_valueSeparator = u";"_s;

/// The study's published names of its dimensions' codebook files.
QString studyCodebookFile(const QString &key)
{
    if (key == u"category") {
        return u"problem_categories.csv"_s;
    }
    if (key == u"cause") {
        return u"problem_causes.csv"_s;
    }
    if (key == u"symptom") {
        return u"problem_symptoms.csv"_s;
    }
    if (key == u"fix") {
        return u"problem_fixes.csv"_s;
    }
    return {};
}

QString safeFileStem(const QString &key)
{
    QString stem;
    for (const QChar c : key) {
        stem += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'-' ? c : u'_';
    }
    return stem.isEmpty() ? u"dimension"_s : stem;
}

/// Dimensions in file order: gates, the study's four in its order, then the rest in
/// codebook order.
QList<const Dimension *> orderedDimensions(const Codebook &codebook)
{
    QList<const Dimension *> gates;
    QList<const Dimension *> study(4, nullptr);
    QList<const Dimension *> rest;
    for (const Dimension &d : codebook.dimensions) {
        const int s = StudyDimensions::indexOf(d.key);
        if (d.kind == Dimension::Kind::Gate) {
            gates.append(&d);
        } else if (s >= 0) {
            study[s] = &d;
        } else {
            rest.append(&d);
        }
    }
    study.removeAll(nullptr);
    return gates + study + rest;
}

/// The codebook files of the study layout: dimension → file name (gates have none: their
/// values are the fixed answers of the gate question).
QList<QPair<const Dimension *, QString>> codebookFiles(const Codebook &codebook)
{
    static const QStringList reserved{s_categorizations, s_reconciled, s_items, s_dimensions, s_raters, s_wide, s_long};
    QList<QPair<const Dimension *, QString>> files;
    QSet<QString> taken;
    for (const Dimension *d : orderedDimensions(codebook)) {
        if (d->kind == Dimension::Kind::Gate) {
            continue;
        }
        QString name = studyCodebookFile(d->key);
        if (name.isEmpty()) {
            name = safeFileStem(d->key) + u".csv"_s;
            // Another dimension must not take a name of the layout's other files.
            if (reserved.contains(name) || name.startsWith(u"problem_") || taken.contains(name)) {
                name = u"codebook_"_s + safeFileStem(d->key) + u".csv"_s;
            }
        }
        for (int n = 2; taken.contains(name); ++n) {
            name = u"codebook_%1_%2.csv"_s.arg(safeFileStem(d->key)).arg(n);
        }
        taken.insert(name);
        files.append({d, name});
    }
    return files;
}

/// The study's column names for a dimension's value and comment.
QPair<QString, QString> dimensionColumns(const Dimension &d)
{
    if (d.key == u"is_func_fix") {
        return {d.key, u"func_fix_comment"_s};
    }
    if (StudyDimensions::indexOf(d.key) >= 0) {
        return {u"problem_"_s + d.key, d.key + u"_comment"_s};
    }
    return {d.key, d.key + u"_comment"_s};
}

QString flag(bool value)
{
    return value ? u"true"_s : u"false"_s;
}

/// ISO 8601 in UTC with milliseconds, as Qt::ISODateWithMs writes it ("…T21:52:28.252Z"),
/// formatted by hand (two per finding: QDateTime::toString in such a loop is slow).
QString timestamp(const QDateTime &t)
{
    if (!t.isValid()) {
        return {};
    }
    const QDateTime utc = t.timeSpec() == Qt::UTC ? t : t.toUTC();
    const QDate d = utc.date();
    const QTime time = utc.time();
    if (d.year() < 0 || d.year() > 9999) {
        return utc.toString(Qt::ISODateWithMs);
    }
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year(), d.month(), d.day(), time.hour(),
                  time.minute(), time.second(), time.msec());
    return QString::fromLatin1(text);
}

/// Markdown text that stays text: no HTML, no links, no emphasis, one line.
QString markdownText(QString text)
{
    text.replace(u'\\', u"\\\\"_s);
    for (const char c : {'`', '*', '_', '[', ']', '|', '#', '<', '>', '!'}) {
        text.replace(QChar::fromLatin1(c), u'\\' + QChar::fromLatin1(c));
    }
    text.replace(u'&', u"&amp;"_s);
    text.replace(u"\r\n"_s, u" "_s);
    text.replace(u'\n', u' ');
    text.replace(u'\r', u' ');
    return text;
}

/// One output file: a QSaveFile (a temporary name until commit) and its writer.
struct OutFile
{
    QString name;
    std::unique_ptr<QSaveFile> file;
    std::unique_ptr<CsvWriter> csv;
    qint64 rows = 0;
};

class Exporter
{
public:
    Exporter(const Project &project, const QString &directory, const ExportOptions &options)
        : m_project(project)
        , m_dir(directory)
        , m_options(options)
    {
    }

    std::optional<QList<ExportedFile>> run(QString *error);

private:
    bool read(QString *error);
    OutFile *open(const QString &name, CsvWriter::Quoting quoting, QString *error);
    bool row(OutFile *out, const QStringList &fields, QString *error);
    bool text(OutFile *out, const QString &text, QString *error);
    bool tick(QString *error);

    bool writeCodebookFiles(QString *error);
    bool writeCategorizations(QString *error);
    bool writeReconciled(QString *error);
    bool writeItems(QString *error);
    bool writeDimensions(QString *error);
    bool writeRaters(QString *error);
    bool writeWide(QString *error);
    bool writeLong(QString *error);
    bool writeCodebookMarkdown(QString *error);
    bool writeDecisionLog(QString *error);

    QString cell(const Dimension &d, const QList<ValueId> &values) const;
    QString raterLabel(RaterId id) const;
    QString itemSha(const Item &item) const { return item.kind() == ItemKind::Patch ? item.key.ref : QString(); }
    QString itemIssue(const Item &item) const { return item.kind() == ItemKind::BugReport ? item.key.ref : QString(); }

    const Project &m_project;
    QString m_dir;
    ExportOptions m_options;
    std::vector<std::unique_ptr<OutFile>> m_files;
    qint64 m_done = 0;
    qint64 m_total = 0;

    Codebook m_codebook;
    QList<const Dimension *> m_dimensions;
    QHash<ValueId, const CodebookValue *> m_valueById;
    QList<Rater> m_raters;
    QHash<RaterId, Rater> m_raterById;
    QList<Item> m_items;
    QHash<ItemId, qsizetype> m_itemIndex;
    QHash<DatasetId, QString> m_datasetName;
    QList<Finding> m_findings;
    QList<ReconciledFinding> m_reconciled;
};

bool Exporter::read(QString *error)
{
    const auto codebook = m_project.codebook(error);
    if (!codebook) {
        return false;
    }
    m_codebook = *codebook;
    m_dimensions = orderedDimensions(m_codebook);
    for (const CodebookValue &v : std::as_const(m_codebook.values)) {
        m_valueById.insert(v.id, &v);
    }
    m_raters = m_project.raters();
    for (const Rater &r : std::as_const(m_raters)) {
        m_raterById.insert(r.id, r);
    }
    for (const Dataset &d : m_project.datasets()) {
        m_datasetName.insert(d.id, d.name);
    }
    const qint64 count = m_project.itemCount();
    for (qint64 offset = 0; offset < count; offset += 5000) {
        const QList<Item> page = m_project.items(offset, 5000);
        if (page.isEmpty()) {
            *error = u"the items could not be read (%1 of %2 read)"_s.arg(offset).arg(count);
            return false;
        }
        m_items += page;
    }
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        m_itemIndex.insert(m_items.at(i).id, i);
    }
    auto findings = m_project.findings(error);
    if (!findings) {
        return false;
    }
    m_findings = std::move(*findings);
    auto reconciled = m_project.reconciledFindings(error);
    if (!reconciled) {
        return false;
    }
    m_reconciled = std::move(*reconciled);
    // Reconciled findings in item order (the store's order is by id).
    std::stable_sort(m_reconciled.begin(), m_reconciled.end(), [this](const ReconciledFinding &a, const ReconciledFinding &b) {
        const qsizetype ia = m_itemIndex.value(a.item, -1);
        const qsizetype ib = m_itemIndex.value(b.item, -1);
        return ia != ib ? ia < ib : a.ordinal < b.ordinal;
    });
    return true;
}

OutFile *Exporter::open(const QString &name, CsvWriter::Quoting quoting, QString *error)
{
    auto out = std::make_unique<OutFile>();
    out->name = name;
    out->file = std::make_unique<QSaveFile>(QDir(m_dir).filePath(name));
    if (!out->file->open(QIODevice::WriteOnly)) {
        *error = QDir(m_dir).filePath(name) + u": cannot write: "_s + out->file->errorString();
        return nullptr;
    }
    out->csv = std::make_unique<CsvWriter>(out->file.get(), quoting);
    m_files.push_back(std::move(out));
    return m_files.back().get();
}

bool Exporter::tick(QString *error)
{
    ++m_done;
    if (m_options.progress && (m_done % 256) == 0 && !m_options.progress(m_done, m_total)) {
        *error = u"cancelled; nothing was written"_s;
        return false;
    }
    return true;
}

bool Exporter::row(OutFile *out, const QStringList &fields, QString *error)
{
    if (!out->csv->writeRow(fields)) {
        *error = out->file->fileName() + u": cannot write: "_s + out->csv->errorString();
        return false;
    }
    return tick(error);
}

bool Exporter::text(OutFile *out, const QString &text, QString *error)
{
    const QByteArray bytes = text.toUtf8();
    if (out->file->write(bytes) != bytes.size()) {
        *error = out->file->fileName() + u": cannot write: "_s + out->file->errorString();
        return false;
    }
    return tick(error);
}

QString Exporter::cell(const Dimension &d, const QList<ValueId> &values) const
{
    QStringList names;
    for (ValueId id : values) {
        const CodebookValue *v = m_valueById.value(id);
        QString name = v ? v->name : QString();
        if (d.kind == Dimension::Kind::Gate && d.key == u"is_func_fix") {
            // The study's spreadsheets write its gate as true/false.
            if (name.compare(u"yes"_s, Qt::CaseInsensitive) == 0) {
                name = u"true"_s;
            } else if (name.compare(u"no"_s, Qt::CaseInsensitive) == 0) {
                name = u"false"_s;
            }
        }
        names.append(name);
    }
    return names.join(s_valueSeparator);
}

QString Exporter::raterLabel(RaterId id) const
{
    const Rater r = m_raterById.value(id);
    return r.initials.isEmpty() ? r.name : r.initials;
}

bool Exporter::writeCodebookFiles(QString *error)
{
    for (const auto &[dim, name] : codebookFiles(m_codebook)) {
        OutFile *out = open(name, CsvWriter::Quoting::All, error);
        if (!out || !out->csv->writeRow({dim->key, u"description"_s})) {
            return out ? row(out, {}, error) : false;
        }
        for (const CodebookValue &v : m_codebook.valuesOf(dim->id)) {
            if (v.mergedInto != 0) {
                continue; // its labels moved to the value it was merged into
            }
            if (!row(out, {v.name, v.description}, error)) {
                return false;
            }
            ++out->rows;
        }
    }
    return true;
}

bool Exporter::writeDimensions(QString *error)
{
    // What the codebook files cannot say: a dimension's name, kind and description, so
    // that an import makes a multiple-choice or ordered dimension as it was.
    OutFile *out = open(s_dimensions, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    if (!out->csv->writeRow({u"dimension"_s, u"name"_s, u"kind"_s, u"ordered"_s, u"description"_s, u"file"_s})) {
        return row(out, {}, error);
    }
    for (const auto &[dim, name] : codebookFiles(m_codebook)) {
        const QString kind = dim->kind == Dimension::Kind::MultipleChoice ? u"multiple"_s : u"single"_s;
        if (!row(out, {dim->key, dim->name, kind, flag(dim->ordered), dim->description, name}, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

bool Exporter::writeRaters(QString *error)
{
    // Every rater, also those without findings (a reconciler), with the role: the other
    // files name raters by the "rater" column's label only.
    OutFile *out = open(s_raters, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    if (!out->csv->writeRow({u"rater"_s, u"name"_s, u"initials"_s, u"role"_s, u"login"_s, u"uuid"_s})) {
        return row(out, {}, error);
    }
    for (const Rater &r : std::as_const(m_raters)) {
        const QString role = r.role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s;
        if (!row(out, {raterLabel(r.id), r.name, r.initials, role, r.login, r.uuid.toString(QUuid::WithoutBraces)}, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

bool Exporter::writeCategorizations(QString *error)
{
    // bug_fix_id: the row of the first reconciled finding that lists the finding.
    QHash<QUuid, qsizetype> bugFixOf;
    for (qsizetype i = 0; i < m_reconciled.size(); ++i) {
        for (const QUuid &u : m_reconciled.at(i).sourceFindings) {
            if (!bugFixOf.contains(u)) {
                bugFixOf.insert(u, i + 1);
            }
        }
    }
    OutFile *out = open(s_categorizations, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    QStringList header{u"categorization_id"_s, u"sha"_s, u"bug_fix_id"_s, u"rater"_s};
    for (const Dimension *d : std::as_const(m_dimensions)) {
        const auto [value, comment] = dimensionColumns(*d);
        header << value << comment;
    }
    header << u"should_discuss"_s << u"item"_s << u"project"_s << u"issue"_s << u"finding"_s << u"rater_name"_s
           << u"unsure"_s << u"created"_s << u"modified"_s << u"uuid"_s;
    if (!out->csv->writeRow(header)) {
        return row(out, {}, error);
    }
    for (const Finding &f : std::as_const(m_findings)) {
        const qsizetype index = m_itemIndex.value(f.item, -1);
        if (index < 0) {
            *error = u"finding %1 names an item that cannot be read"_s.arg(f.uuid.toString(QUuid::WithoutBraces));
            return false;
        }
        const Item &item = m_items.at(index);
        const qsizetype bugFix = bugFixOf.value(f.uuid, 0);
        QStringList fields{QString::number(out->rows + 1), itemSha(item), bugFix > 0 ? QString::number(bugFix) : QString(),
                           raterLabel(f.rater)};
        for (const Dimension *d : std::as_const(m_dimensions)) {
            fields << cell(*d, f.values.value(d->id)) << f.comments.value(d->id);
        }
        fields << flag(f.shouldDiscuss) << item.key.toString() << item.key.repository << itemIssue(item)
               << QString::number(f.ordinal + 1) << m_raterById.value(f.rater).name << flag(f.unsure)
               << timestamp(f.created) << timestamp(f.modified) << f.uuid.toString(QUuid::WithoutBraces);
        if (!row(out, fields, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

bool Exporter::writeReconciled(QString *error)
{
    OutFile *out = open(s_reconciled, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    QStringList header{u"bug_fix_id"_s, u"sha"_s};
    QList<const Dimension *> gates;
    for (const Dimension *d : std::as_const(m_dimensions)) {
        const auto [value, comment] = dimensionColumns(*d);
        header << value;
        if (d->kind == Dimension::Kind::Gate) {
            gates << d; // the study's reconciled.csv has no gate comment: it goes after its columns
        } else {
            header << comment;
        }
    }
    header << u"should_discuss"_s << u"item"_s << u"project"_s << u"issue"_s << u"finding"_s;
    for (const Dimension *d : std::as_const(gates)) {
        header << dimensionColumns(*d).second;
    }
    header << u"decision"_s << u"rationale"_s << u"reconciler"_s << u"reconciler_name"_s << u"decided_at"_s
           << u"source_finding_uuids"_s << u"uuid"_s;
    if (!out->csv->writeRow(header)) {
        return row(out, {}, error);
    }
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        const qsizetype index = m_itemIndex.value(r.item, -1);
        if (index < 0) {
            *error = u"reconciled finding %1 names an item that cannot be read"_s.arg(r.uuid.toString(QUuid::WithoutBraces));
            return false;
        }
        const Item &item = m_items.at(index);
        QStringList fields{QString::number(out->rows + 1), itemSha(item)};
        for (const Dimension *d : std::as_const(m_dimensions)) {
            fields << cell(*d, r.values.value(d->id));
            if (d->kind != Dimension::Kind::Gate) {
                fields << r.comments.value(d->id);
            }
        }
        fields << flag(r.shouldDiscuss) << item.key.toString() << item.key.repository << itemIssue(item)
               << QString::number(r.ordinal + 1);
        for (const Dimension *d : std::as_const(gates)) {
            fields << r.comments.value(d->id);
        }
        QStringList sources;
        for (const QUuid &u : r.sourceFindings) {
            sources << u.toString(QUuid::WithoutBraces);
        }
        fields << decisionName(r.decision) << r.rationale << (r.decidedBy ? raterLabel(r.decidedBy) : QString())
               << (r.decidedBy ? m_raterById.value(r.decidedBy).name : QString()) << timestamp(r.decidedAt)
               << sources.join(s_valueSeparator) << r.uuid.toString(QUuid::WithoutBraces);
        if (!row(out, fields, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

bool Exporter::writeItems(QString *error)
{
    OutFile *out = open(s_items, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    struct Counts
    {
        qint64 findings = 0;
        QSet<RaterId> raters;
        qint64 reconciled = 0;
    };
    QHash<ItemId, Counts> counts;
    for (const Finding &f : std::as_const(m_findings)) {
        Counts &c = counts[f.item];
        ++c.findings;
        c.raters.insert(f.rater);
    }
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        ++counts[r.item].reconciled;
    }
    if (!out->csv->writeRow({u"project"_s, u"sha"_s, u"author"_s, u"commit_date"_s, u"dataset"_s, u"rounds"_s, u"item"_s,
                             u"kind"_s, u"issue"_s, u"title"_s, u"files"_s, u"hunks"_s, u"lines_added"_s,
                             u"lines_deleted"_s, u"findings"_s, u"raters"_s, u"reconciled"_s, u"uuid"_s})) {
        return row(out, {}, error);
    }
    for (const Item &item : std::as_const(m_items)) {
        const Counts c = counts.value(item.id);
        const bool patch = item.kind() == ItemKind::Patch;
        const QStringList fields{item.key.repository,
                                 itemSha(item),
                                 item.author,
                                 item.date.toString(),
                                 m_datasetName.value(item.dataset),
                                 item.round > 0 ? QString::number(item.round) : QString(),
                                 item.key.toString(),
                                 patch ? u"patch"_s : u"bug_report"_s,
                                 itemIssue(item),
                                 item.title,
                                 patch ? QString::number(item.stats.files) : QString(),
                                 patch ? QString::number(item.stats.hunks) : QString(),
                                 patch ? QString::number(item.stats.linesAdded) : QString(),
                                 patch ? QString::number(item.stats.linesDeleted) : QString(),
                                 QString::number(c.findings),
                                 QString::number(c.raters.size()),
                                 QString::number(c.reconciled),
                                 item.uuid.toString(QUuid::WithoutBraces)};
        if (!row(out, fields, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

bool Exporter::writeWide(QString *error)
{
    OutFile *out = open(s_wide, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    // Raters that recorded findings, in the project's order.
    QSet<RaterId> active;
    for (const Finding &f : std::as_const(m_findings)) {
        active.insert(f.rater);
    }
    QList<RaterId> raters;
    for (const Rater &r : std::as_const(m_raters)) {
        if (active.contains(r.id)) {
            raters << r.id;
        }
    }
    QStringList header{u"unit"_s, u"item"_s, u"project"_s, u"sha"_s, u"issue"_s, u"finding"_s};
    for (const Dimension *d : std::as_const(m_dimensions)) {
        for (RaterId r : std::as_const(raters)) {
            header << d->key + u'.' + raterLabel(r);
        }
        header << d->key + u".reconciled"_s;
    }
    if (!out->csv->writeRow(header)) {
        return row(out, {}, error);
    }
    QHash<ItemId, QList<const Finding *>> findingsOf;
    for (const Finding &f : std::as_const(m_findings)) {
        findingsOf[f.item].append(&f);
    }
    QHash<ItemId, QList<const ReconciledFinding *>> reconciledOf;
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        reconciledOf[r.item].append(&r);
    }
    auto writeUnit = [&](const Item &item, const QString &unit, int number, const QHash<RaterId, const Finding *> &byRater,
                    const ReconciledFinding *rec) {
        QStringList fields{unit, item.key.toString(), item.key.repository, itemSha(item), itemIssue(item),
                           QString::number(number)};
        for (const Dimension *d : std::as_const(m_dimensions)) {
            for (RaterId r : std::as_const(raters)) {
                const Finding *f = byRater.value(r);
                fields << (f ? cell(*d, f->values.value(d->id)) : QString());
            }
            fields << (rec ? cell(*d, rec->values.value(d->id)) : QString());
        }
        if (!row(out, fields, error)) {
            return false;
        }
        ++out->rows;
        return true;
    };
    for (const Item &item : std::as_const(m_items)) {
        const QList<const Finding *> findings = findingsOf.value(item.id);
        const QList<const ReconciledFinding *> recs = reconciledOf.value(item.id);
        if (findings.isEmpty() && recs.isEmpty()) {
            continue;
        }
        QSet<QUuid> linked;
        int number = 0;
        // A reconciled finding and the findings it came from make one unit.
        for (const ReconciledFinding *rec : recs) {
            QHash<RaterId, const Finding *> byRater;
            for (const Finding *f : findings) {
                if (rec->sourceFindings.contains(f->uuid) && !byRater.contains(f->rater)) {
                    byRater.insert(f->rater, f);
                    linked.insert(f->uuid);
                }
            }
            ++number;
            const QString unit = recs.size() == 1 && findings.size() == linked.size() ? item.key.toString()
                                                                                       : u"%1 #%2"_s.arg(item.key.toString()).arg(number);
            if (!writeUnit(item, unit, number, byRater, rec)) {
                return false;
            }
        }
        // Findings no reconciled finding links: the n-th finding of each rater together.
        QHash<RaterId, QList<const Finding *>> rest;
        int most = 0;
        for (const Finding *f : findings) {
            if (!linked.contains(f->uuid)) {
                rest[f->rater].append(f);
                most = std::max(most, int(rest[f->rater].size()));
            }
        }
        for (int k = 0; k < most; ++k) {
            QHash<RaterId, const Finding *> byRater;
            for (auto it = rest.cbegin(); it != rest.cend(); ++it) {
                if (k < it.value().size()) {
                    byRater.insert(it.key(), it.value().at(k));
                }
            }
            ++number;
            const QString unit = recs.isEmpty() && most == 1 ? item.key.toString() : u"%1 #%2"_s.arg(item.key.toString()).arg(number);
            if (!writeUnit(item, unit, number, byRater, nullptr)) {
                return false;
            }
        }
    }
    return true;
}

bool Exporter::writeLong(QString *error)
{
    // The very units the agreement figures are computed on, so that
    // `agreement --ratings ratings_long.csv --dimension KEY` recomputes them.
    const auto units = assembleProjectUnits(m_project, ProjectAgreementOptions{}, error);
    if (!units) {
        return false;
    }
    OutFile *out = open(s_long, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    if (!out->csv->writeRow(longRatingsHeader())) {
        return row(out, {}, error);
    }
    return forEachLongRating(*units, [&](const QStringList &fields) {
        if (!row(out, fields, error)) {
            return false;
        }
        ++out->rows;
        return true;
    });
}

bool Exporter::writeCodebookMarkdown(QString *error)
{
    auto usage = m_project.valueUsage(error);
    if (!usage) {
        return false;
    }
    QHash<ValueId, qint64> reconciledUsage;
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        for (const QList<ValueId> &ids : r.values) {
            for (ValueId id : ids) {
                ++reconciledUsage[id];
            }
        }
    }
    OutFile *out = open(s_codebookMd, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    QString head = u"# Codebook\n\n"_s;
    const QString title = m_project.metadata(u"title"_s);
    if (!title.isEmpty()) {
        head += u"Project: "_s + markdownText(title) + u"\n\n"_s;
    }
    head += u"%1 dimensions, %2 rater findings, %3 reconciled findings. \"Findings\" counts the rater findings that chose "
            "a value, \"Reconciled\" the reconciled findings.\n"_s.arg(m_dimensions.size())
                .arg(m_findings.size())
                .arg(m_reconciled.size());
    if (!text(out, head, error)) {
        return false;
    }
    for (const Dimension *d : std::as_const(m_dimensions)) {
        QString section = u"\n## %1 (`%2`)\n\n"_s.arg(markdownText(d->name.isEmpty() ? d->key : d->name), d->key.contains(u'`') ? u"?"_s : d->key);
        const QString kind = d->kind == Dimension::Kind::Gate ? u"gate"_s
            : d->kind == Dimension::Kind::MultipleChoice      ? u"multiple choice"_s
                                                              : u"single choice"_s;
        section += u"Kind: "_s + kind + (d->ordered ? u", ordered"_s : QString()) + u".\n"_s;
        if (!d->description.isEmpty()) {
            section += u"\n"_s + markdownText(d->description) + u"\n"_s;
        }
        section += u"\n| Value | Description | Findings | Reconciled |\n|---|---|---:|---:|\n"_s;
        if (!text(out, section, error)) {
            return false;
        }
        for (const CodebookValue &v : m_codebook.valuesOf(d->id)) {
            QString name = markdownText(v.name);
            if (v.mergedInto != 0) {
                const CodebookValue *into = m_valueById.value(v.mergedInto);
                name += u" (merged into "_s + (into ? markdownText(into->name) : u"?"_s) + u')';
            } else if (v.deprecated) {
                name += u" (deprecated)"_s;
            }
            const QString line = u"| %1 | %2 | %3 | %4 |\n"_s.arg(name, markdownText(v.description))
                                     .arg(usage->value(v.id))
                                     .arg(reconciledUsage.value(v.id));
            if (!text(out, line, error)) {
                return false;
            }
            ++out->rows;
        }
    }
    return true;
}

bool Exporter::writeDecisionLog(QString *error)
{
    OutFile *out = open(s_decisionLog, CsvWriter::Quoting::Minimal, error);
    if (!out) {
        return false;
    }
    QHash<QString, qint64> byDecision;
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        ++byDecision[decisionName(r.decision)];
    }
    QStringList summary;
    for (const QString &name : {u"unanimous"_s, u"adopted"_s, u"combined"_s, u"new"_s}) {
        summary << u"%1 %2"_s.arg(name).arg(byDecision.value(name));
    }
    QString head = u"# Decision log\n\n%1 reconciled findings: %2.\n\n"_s.arg(m_reconciled.size()).arg(summary.join(u", "_s));
    head += u"| Item | Finding | Decision | Reconciler | Decided at | Sources | Values | Rationale |\n"
            "|---|---:|---|---|---|---:|---|---|\n"_s;
    if (!text(out, head, error)) {
        return false;
    }
    for (const ReconciledFinding &r : std::as_const(m_reconciled)) {
        const qsizetype index = m_itemIndex.value(r.item, -1);
        const QString item = index >= 0 ? m_items.at(index).key.toString() : QString();
        QStringList values;
        for (const Dimension *d : std::as_const(m_dimensions)) {
            const QString v = cell(*d, r.values.value(d->id));
            if (!v.isEmpty()) {
                values << d->key + u": "_s + v;
            }
        }
        const QString line = u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n"_s.arg(markdownText(item))
                                 .arg(r.ordinal + 1)
                                 .arg(decisionName(r.decision),
                                      r.decidedBy ? markdownText(m_raterById.value(r.decidedBy).name) : QString(),
                                      timestamp(r.decidedAt))
                                 .arg(r.sourceFindings.size())
                                 .arg(markdownText(values.join(u"; "_s)), markdownText(r.rationale));
        if (!text(out, line, error)) {
            return false;
        }
        ++out->rows;
    }
    return true;
}

std::optional<QList<ExportedFile>> Exporter::run(QString *error)
{
    const QStringList names = exportFileNames(m_project, m_options.layout);
    QDir dir(m_dir);
    if (!dir.exists() && !QDir().mkpath(m_dir)) {
        *error = m_dir + u": cannot create the directory"_s;
        return std::nullopt;
    }
    m_dir = dir.absolutePath();
    if (!m_options.overwrite) {
        for (const QString &name : names) {
            if (QFileInfo::exists(dir.filePath(name))) {
                *error = dir.filePath(name) + u": exists; nothing was written (choose another directory or overwrite)"_s;
                return std::nullopt;
            }
        }
    }
    if (!read(error)) {
        *error = m_project.path() + u": "_s + *error + u"; nothing was written"_s;
        return std::nullopt;
    }
    m_total = m_findings.size() + m_reconciled.size() + m_items.size();
    bool ok = true;
    switch (m_options.layout) {
    case ExportLayout::Study:
        ok = writeCodebookFiles(error) && writeDimensions(error) && writeRaters(error) && writeCategorizations(error)
            && writeReconciled(error) && writeItems(error);
        break;
    case ExportLayout::Wide:
        ok = writeWide(error);
        break;
    case ExportLayout::Long:
        ok = writeLong(error);
        break;
    }
    ok = ok && writeCodebookMarkdown(error) && writeDecisionLog(error);
    // Flush every file before renaming any into place: a full disk fails here, with
    // nothing renamed.
    for (const auto &out : m_files) {
        if (!ok) {
            break;
        }
        if (!out->csv->flush()) {
            *error = out->file->fileName() + u": cannot write: "_s + out->csv->errorString();
            ok = false;
        } else if (!out->file->flush()) {
            *error = out->file->fileName() + u": cannot write: "_s + out->file->errorString();
            ok = false;
        }
    }
    if (!ok) {
        for (const auto &out : m_files) {
            out->csv.reset();
            out->file->cancelWriting();
        }
        if (!error->contains(u"nothing was written"_s)) {
            *error += u"; nothing was written"_s;
        }
        qCWarning(lcExport) << *error;
        return std::nullopt;
    }
    QList<ExportedFile> written;
    for (const auto &out : m_files) {
        out->csv.reset();
        if (!out->file->commit()) {
            *error = out->file->fileName() + u": cannot write: "_s + out->file->errorString();
            if (!written.isEmpty()) {
                QStringList done;
                for (const ExportedFile &f : std::as_const(written)) {
                    done << f.name;
                }
                *error += u" (already in place: %1)"_s.arg(done.join(u", "_s));
            }
            return std::nullopt;
        }
        written.append({out->name, dir.filePath(out->name), out->rows});
    }
    if (m_options.progress) {
        m_options.progress(m_total, m_total);
    }
    return written;
}

} // namespace

QStringList longRatingsHeader()
{
    return {u"item"_s, u"rater"_s, u"dimension"_s, u"value"_s};
}

bool forEachLongRating(const std::vector<DimensionUnits> &units, const std::function<bool(const QStringList &)> &row)
{
    for (const DimensionUnits &d : units) {
        const bool multiple = d.dimension.kind == Dimension::Kind::MultipleChoice;
        const QStringList unitNames = multiple ? d.units.sets.units() : d.units.table.units();
        const QStringList raterNames = multiple ? d.units.sets.raters() : d.units.table.raters();
        for (int u = 0; u < unitNames.size(); ++u) {
            for (int r = 0; r < raterNames.size(); ++r) {
                QString value;
                if (multiple) {
                    if (!d.units.sets.isMissing(u, r)) {
                        QStringList names;
                        for (int v : d.units.sets.rating(u, r)) {
                            names << d.units.sets.values().at(v);
                        }
                        // An empty set ("none of these") has no cell text of its own in a
                        // long file: it is written as the value "none".
                        value = names.isEmpty() ? u"none"_s : names.join(s_valueSeparator);
                    }
                } else {
                    const int c = d.units.table.rating(u, r);
                    if (c >= 0) {
                        value = d.units.table.categories().at(c);
                    }
                }
                if (!row({unitNames.at(u), raterNames.at(r), d.dimension.key, value})) {
                    return false;
                }
            }
        }
    }
    return true;
}

QStringList exportFileNames(const Project &project, ExportLayout layout)
{
    QStringList names;
    switch (layout) {
    case ExportLayout::Study:
        for (const auto &[dim, name] : codebookFiles(project.codebook())) {
            names << name;
        }
        names << s_dimensions << s_raters << s_categorizations << s_reconciled << s_items;
        break;
    case ExportLayout::Wide:
        names << s_wide;
        break;
    case ExportLayout::Long:
        names << s_long;
        break;
    }
    names << s_codebookMd << s_decisionLog;
    return names;
}

std::optional<QList<ExportedFile>> exportProject(const Project &project, const QString &directory,
                                                 const ExportOptions &options, QString *error)
{
    Exporter exporter(project, directory, options);
    return exporter.run(error);
}

} // namespace Concord
