// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/ponderdump.h"

#include "import/jsonstream.h"
#include "import/mojibake.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace Concord {

namespace {

/// Reads typed fields of one record and remembers the first problem. Texts that are
/// UTF-8 read as Latin-1 are repaired and the repair recorded.
class FieldReader
{
public:
    FieldReader(const QJsonObject &fields, QString *problem, const QString &where, QList<PonderDump::TextRepair> *repairs)
        : m_fields(fields)
        , m_problem(problem)
        , m_where(where)
        , m_repairs(repairs)
    {
    }

    QString string(const char *name, bool required = false)
    {
        const QJsonValue v = m_fields.value(QLatin1String(name));
        if (v.isString()) {
            const QString stored = v.toString();
            if (std::optional<QString> repaired = repairLatin1Mojibake(stored)) {
                m_repairs->append({m_where, QLatin1String(name), stored, *repaired});
                return *repaired;
            }
            return stored;
        }
        if (v.isNull() || (v.isUndefined() && !required)) {
            return {};
        }
        fail(name, v, "a string");
        return {};
    }

    std::optional<qint64> integer(const char *name)
    {
        const QJsonValue v = m_fields.value(QLatin1String(name));
        if (v.isNull() || v.isUndefined()) {
            return std::nullopt;
        }
        if (v.isDouble() && v.toDouble() == double(v.toInteger())) {
            return v.toInteger();
        }
        fail(name, v, "an integer or null");
        return std::nullopt;
    }

    std::optional<bool> boolean(const char *name)
    {
        const QJsonValue v = m_fields.value(QLatin1String(name));
        if (v.isNull() || v.isUndefined()) {
            return std::nullopt;
        }
        if (v.isBool()) {
            return v.toBool();
        }
        fail(name, v, "true, false or null");
        return std::nullopt;
    }

private:
    void fail(const char *name, const QJsonValue &v, const char *expected)
    {
        if (!m_problem->isEmpty()) {
            return;
        }
        const QString got = v.isUndefined() ? QStringLiteral("missing")
            : v.isArray()                   ? QStringLiteral("an array")
            : v.isObject()                  ? QStringLiteral("an object")
            : v.isBool()                    ? QStringLiteral("a boolean")
            : v.isDouble()                  ? QStringLiteral("the number ") + QString::number(v.toDouble())
                                            : QStringLiteral("a string");
        *m_problem = QStringLiteral("field \"%1\" should be %2, it is %3")
                         .arg(QLatin1String(name), QLatin1String(expected), got);
    }

    QJsonObject m_fields;
    QString *m_problem;
    QString m_where;
    QList<PonderDump::TextRepair> *m_repairs;
};

bool isSha(const QString &s)
{
    if (s.size() < 7 || s.size() > 64) {
        return false;
    }
    for (const QChar c : s) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) {
            return false;
        }
    }
    return true;
}

PonderDump::Judgement readJudgement(FieldReader &r, bool categorization)
{
    PonderDump::Judgement j;
    j.sha = r.string("sha", true).trimmed().toLower();
    j.isFuncFix = r.boolean("is_func_fix");
    j.funcFixComment = r.string("func_fix_comment");
    static const char *const valueFields[] = {"problem_category", "problem_cause", "problem_symptom", "problem_fix"};
    static const char *const commentFields[] = {"category_comment", "cause_comment", "symptom_comment", "fix_comment"};
    for (int i = 0; i < 4; ++i) {
        j.values[i] = r.integer(valueFields[i]);
        j.comments[i] = r.string(commentFields[i]);
    }
    j.shouldDiscuss = r.boolean("should_discuss").value_or(false);
    if (categorization) {
        j.rater = r.integer("categorizer").value_or(0);
        j.bugFix = r.integer("bug_fix");
    }
    return j;
}

} // namespace

namespace {

/// Takes the records of a dump one at a time into a PonderDump.
class PonderDumpBuilder
{
public:
    explicit PonderDumpBuilder(PonderDump *dump)
        : m_dump(dump)
    {
    }

    bool add(const QJsonValue &value, int recordNumber, QString *error);

private:
    PonderDump *m_dump;
    /// Commit-detail rows seen, per sha, to drop the repeated ones.
    QHash<QString, QSet<QJsonObject>> m_seenDetails;
};

bool PonderDumpBuilder::add(const QJsonValue &value, int recordNumber, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("record %1: not an object").arg(recordNumber);
        return false;
    }
    const QJsonObject record = value.toObject();
    const QString model = record.value(QLatin1String("model")).toString();
    const QJsonValue pkValue = record.value(QLatin1String("pk"));
    const QJsonObject fields = record.value(QLatin1String("fields")).toObject();
    const QString where = QStringLiteral("record %1 (%2 pk %3)")
                              .arg(recordNumber)
                              .arg(model.isEmpty() ? QStringLiteral("no model") : model)
                              .arg(pkValue.isDouble() ? QString::number(pkValue.toInteger())
                                                      : pkValue.toVariant().toString());
    if (model.isEmpty() || !record.value(QLatin1String("fields")).isObject()) {
        *error = where + QStringLiteral(": a dumpdata record needs \"model\" and \"fields\"");
        return false;
    }
    ++m_dump->records;
    if (!model.startsWith(QLatin1String("ponder."))) {
        ++m_dump->ignoredModels[model];
        return true;
    }
    const QString name = model.mid(7);
    static const QStringList known{QStringLiteral("dataset"),       QStringLiteral("commit"),         QStringLiteral("commitdetail"),
                                   QStringLiteral("repository"),    QStringLiteral("problemcategory"), QStringLiteral("problemcause"),
                                   QStringLiteral("problemsymptom"), QStringLiteral("problemfix"),     QStringLiteral("categorizer"),
                                   QStringLiteral("categorization"), QStringLiteral("bugfix")};
    if (!known.contains(name)) {
        ++m_dump->ignoredModels[model];
        return true;
    }
    if (!pkValue.isDouble() || pkValue.toDouble() != double(pkValue.toInteger())) {
        *error = where + QStringLiteral(": \"pk\" should be an integer");
        return false;
    }
    const qint64 pk = pkValue.toInteger();
    QString problem;
    FieldReader r(fields, &problem, where, &m_dump->repairs);

    if (name == QLatin1String("dataset")) {
        m_dump->datasets.append({pk, r.string("name", true), r.string("description")});
        if (problem.isEmpty() && m_dump->datasets.last().name.trimmed().isEmpty()) {
            problem = QStringLiteral("the dataset has no name");
        }
    } else if (name == QLatin1String("commit")) {
        PonderDump::Commit c;
        c.pk = pk;
        c.project = r.string("project", true).trimmed();
        c.sha = r.string("sha", true).trimmed().toLower();
        c.author = r.string("author");
        c.commitDate = r.string("commit_date");
        c.dataset = r.integer("dataset");
        c.round = int(r.integer("rounds").value_or(0));
        c.record = recordNumber;
        if (problem.isEmpty() && !isSha(c.sha)) {
            problem = QStringLiteral("\"%1\" is not a commit sha").arg(c.sha);
        } else if (problem.isEmpty() && c.project.isEmpty()) {
            problem = QStringLiteral("the commit has no project");
        }
        m_dump->commits.append(c);
    } else if (name == QLatin1String("commitdetail")) {
        const QString sha = r.string("sha", true).trimmed().toLower();
        if (problem.isEmpty()) {
            // Rows repeat in the real dump: keep one of each, ignoring the pk.
            QSet<QJsonObject> &seen = m_seenDetails[sha];
            if (seen.contains(fields)) {
                ++m_dump->duplicateCommitDetails;
            } else {
                seen.insert(fields);
                QJsonObject detail = fields;
                detail.remove(QStringLiteral("sha"));
                m_dump->commitDetails[sha].append(detail);
            }
        }
    } else if (name == QLatin1String("repository")) {
        const QString project = r.string("project", true).trimmed();
        if (problem.isEmpty()) {
            QJsonObject meta = fields;
            meta.remove(QStringLiteral("project"));
            m_dump->repositories.insert(project, meta);
        }
    } else if (name.startsWith(QLatin1String("problem"))) {
        static const QStringList tables{QStringLiteral("problemcategory"), QStringLiteral("problemcause"), QStringLiteral("problemsymptom"),
                                        QStringLiteral("problemfix")};
        const int d = int(tables.indexOf(name));
        PonderDump::Value v{pk, r.string(PonderDump::DimensionKeys[d], true), r.string("description"), recordNumber};
        if (problem.isEmpty() && v.name.trimmed().isEmpty()) {
            problem = QStringLiteral("the value has no name");
        }
        m_dump->values[d].append(v);
    } else if (name == QLatin1String("categorizer")) {
        m_dump->raters.append({pk, r.string("name"), r.string("initials"), r.string("user")});
        if (problem.isEmpty() && m_dump->raters.last().initials.trimmed().isEmpty()
            && m_dump->raters.last().name.trimmed().isEmpty()) {
            problem = QStringLiteral("the categorizer has neither name nor initials");
        }
    } else {
        const bool categorization = name == QLatin1String("categorization");
        PonderDump::Judgement j = readJudgement(r, categorization);
        j.pk = pk;
        j.record = recordNumber;
        if (problem.isEmpty() && !isSha(j.sha)) {
            problem = QStringLiteral("\"%1\" is not a commit sha").arg(j.sha);
        }
        (categorization ? m_dump->categorizations : m_dump->bugFixes).append(j);
    }
    if (!problem.isEmpty()) {
        *error = where + QStringLiteral(": ") + problem;
        return false;
    }
    return true;
}

} // namespace

bool parsePonderDump(const QJsonDocument &document, PonderDump *dump, QString *error)
{
    *dump = PonderDump();
    if (!document.isArray()) {
        *error = QStringLiteral("not a Django dumpdata file: the top level should be an array of records");
        return false;
    }
    const QJsonArray records = document.array();
    PonderDumpBuilder builder(dump);
    for (qsizetype index = 0; index < records.size(); ++index) {
        if (!builder.add(records.at(index), int(index + 1), error)) {
            return false;
        }
    }
    return true;
}

bool readPonderDumpFile(const QString &path, PonderDump *dump, QString *error)
{
    *dump = PonderDump();
    JsonArrayReader reader(path);
    if (!reader.open()) {
        *error = reader.errorString();
        return false;
    }
    if (!reader.isArray()) {
        *error = QStringLiteral("not a Django dumpdata file: the top level should be an array of records");
        return false;
    }
    PonderDumpBuilder builder(dump);
    return forEachJsonRecord(
        reader, [&](const QJsonValue &value, int record, QString *recordError) { return builder.add(value, record, recordError); },
        error);
}

bool looksLikePonderDump(QByteArrayView head)
{
    const QByteArrayView trimmed = head.trimmed();
    return trimmed.startsWith('[') && head.contains("\"model\"") && head.contains("\"ponder.");
}

} // namespace Concord
