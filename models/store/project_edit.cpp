// SPDX-License-Identifier: GPL-3.0-or-later
// Project: the edits (one audited transaction each) and the bulk ImportSession.
#include "store/project.h"

#include "store/project_p.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace Concord {

bool Project::setMetadata(const QString &key, const QString &value, QString *error)
{
    return d->edit(error, u"set the project's %1"_s.arg(key), [&] {
        Stmt old(d.get(), "SELECT value FROM project_meta WHERE key = ?");
        const QString before = old.bind(1, key).next() ? old.text(0) : QString();
        Stmt q(d.get(), "INSERT OR REPLACE INTO project_meta(key, value) VALUES(?, ?)");
        return q.bind(1, key).bind(2, value).exec()
            && d->audit(u"project.metadata"_s, u"project"_s, {}, QJsonObject{{key, before}}, QJsonObject{{key, value}});
    });
}

bool Project::setHighlightTerms(const QList<HighlightTerm> &terms, QString *error)
{
    QString invalid;
    if (!TermMatcher::validate(terms, &invalid)) {
        if (error) {
            *error = u"%1: %2; the project is unchanged"_s.arg(path(), invalid);
        }
        return false;
    }
    const QString json = TermMatcher::toJson(terms);
    return d->edit(error, u"set the highlight terms"_s, [&] {
        Stmt old(d.get(), "SELECT value FROM project_meta WHERE key = 'highlight_terms'");
        const QString before = old.next() ? old.text(0) : QString();
        Stmt q(d.get(), "INSERT OR REPLACE INTO project_meta(key, value) VALUES('highlight_terms', ?)");
        return q.bind(1, json).exec()
            && d->audit(u"project.terms"_s, u"project"_s, {}, QJsonObject{{u"terms"_s, before}},
                        QJsonObject{{u"terms"_s, json}});
    });
}

bool Project::transaction(const std::function<bool(QString *error)> &fn, QString *error)
{
    QString inner;
    const bool ok = d->edit(error, u"save the changes"_s, [&] {
        if (!fn(&inner)) {
            return d->fail(inner.isEmpty() ? u"the change was abandoned"_s : inner);
        }
        return true;
    });
    return ok;
}

std::optional<DatasetId> Project::addDataset(const Dataset &dataset, QString *error)
{
    std::optional<DatasetId> id;
    d->edit(error, u"add the dataset \"%1\""_s.arg(dataset.name), [&] {
        id = d->insertDataset(dataset);
        return id.has_value();
    });
    return id;
}

std::optional<RaterId> Project::addRater(const Rater &rater, QString *error)
{
    std::optional<RaterId> id;
    d->edit(error, u"add the rater \"%1\""_s.arg(rater.name), [&] {
        id = d->insertRater(rater);
        return id && d->audit(u"rater.add"_s, u"rater"_s, this->rater(*id)->uuid, {},
                              QJsonObject{{u"name"_s, rater.name}, {u"initials"_s, rater.initials},
                                          {u"role"_s, rater.role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s}});
    });
    return id;
}

bool Project::updateRater(const Rater &rater, QString *error)
{
    return d->edit(error, u"change the rater \"%1\""_s.arg(rater.name), [&] {
        const auto old = this->rater(rater.id);
        if (!old) {
            return d->fail(u"there is no rater %1"_s.arg(rater.id));
        }
        Stmt q(d.get(), "UPDATE rater SET name = ?, initials = ?, login = ?, role = ?, modified = ? WHERE id = ?");
        q.bind(1, rater.name).bind(2, rater.initials).bind(3, rater.login);
        q.bind(4, rater.role == Rater::Role::Reconciler ? 1 : 0).bind(5, QDateTime::currentDateTimeUtc()).bind(6, rater.id);
        auto json = [](const Rater &r) {
            return QJsonObject{{u"name"_s, r.name}, {u"initials"_s, r.initials}, {u"login"_s, r.login},
                               {u"role"_s, r.role == Rater::Role::Reconciler ? u"reconciler"_s : u"rater"_s}};
        };
        return q.exec() && d->audit(u"rater.update"_s, u"rater"_s, old->uuid, json(*old), json(rater));
    });
}

static QJsonObject itemJson(const Item &item)
{
    return QJsonObject{{u"key"_s, item.key.toString()},
                       {u"title"_s, item.title},
                       {u"author"_s, item.author},
                       {u"date"_s, item.date.toString()},
                       {u"dataset"_s, item.dataset},
                       {u"round"_s, item.round},
                       {u"metadata"_s, item.metadata}};
}

std::optional<ItemId> Project::addItem(const Item &item, QString *error)
{
    std::optional<ItemId> id;
    d->edit(error, u"add the item %1"_s.arg(item.key.toString()), [&] {
        if (itemByKey(item.key)) {
            return d->fail(u"the project already has the item %1"_s.arg(item.key.toString()));
        }
        id = d->insertItem(item);
        return id && d->audit(u"item.add"_s, u"item"_s, this->item(*id)->uuid, {}, itemJson(item));
    });
    return id;
}

bool Project::updateItem(const Item &item, QString *error)
{
    return d->edit(error, u"change the item %1"_s.arg(item.key.toString()), [&] {
        const auto old = this->item(item.id);
        if (!old) {
            return d->fail(u"there is no item %1"_s.arg(item.id));
        }
        Stmt q(d.get(),
               "UPDATE item SET title = ?, author = ?, date = ?, dataset_id = ?, round = ?, metadata = ?, modified = ? "
               "WHERE id = ?");
        q.bind(1, item.title).bind(2, item.author).bind(3, item.date).bindId(4, item.dataset).bind(5, item.round);
        q.bind(6, toJsonText(item.metadata)).bind(7, QDateTime::currentDateTimeUtc()).bind(8, item.id);
        Item after = item;
        after.key = old->key;
        return q.exec() && d->indexText(item.id, ProjectPrivate::SlotTitle, item.title)
            && d->audit(u"item.update"_s, u"item"_s, old->uuid, itemJson(*old), itemJson(after));
    });
}

bool Project::removeItem(ItemId id, QString *error)
{
    return d->edit(error, u"remove item %1"_s.arg(id), [&] {
        const auto old = item(id);
        if (!old) {
            return d->fail(u"there is no item %1"_s.arg(id));
        }
        QJsonObject before = itemJson(*old);
        QJsonArray findingsJson;
        for (const Finding &f : findingsForItem(id)) {
            findingsJson.append(d->findingJson(f.id));
        }
        before.insert(u"findings"_s, findingsJson);
        // Its findings and reconciled findings go with it (cascade): they get tombstones too.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Stmt buryFindings(d.get(),
                          "INSERT OR REPLACE INTO tombstone(uuid, entity, at, who) "
                          "SELECT uuid, 'finding', ?, ? FROM finding WHERE item_id = ?");
        Stmt buryReconciled(d.get(),
                            "INSERT OR REPLACE INTO tombstone(uuid, entity, at, who) "
                            "SELECT uuid, 'reconciled', ?, ? FROM reconciled WHERE item_id = ?");
        Stmt q(d.get(), "DELETE FROM item WHERE id = ?");
        return d->keepIdsUsed() && buryFindings.bind(1, now).bind(2, d->actor).bind(3, id).exec()
            && buryReconciled.bind(1, now).bind(2, d->actor).bind(3, id).exec() && d->bury(u"item"_s, old->uuid)
            && q.bind(1, id).exec() && d->unindexItem(id) && d->audit(u"item.remove"_s, u"item"_s, old->uuid, before, {});
    });
}

std::optional<DimensionId> Project::addDimension(const Dimension &dimension, QString *error)
{
    std::optional<DimensionId> id;
    d->edit(error, u"add the dimension \"%1\""_s.arg(dimension.key), [&] {
        id = d->insertDimension(dimension);
        if (!id) {
            return false;
        }
        const QJsonObject after = d->dimensionJson(*id);
        return d->audit(u"dimension.add"_s, u"dimension"_s, QUuid::fromString(after.value(u"uuid"_s).toString()), {}, after);
    });
    return id;
}

bool Project::updateDimension(const Dimension &dimension, QString *error)
{
    return d->edit(error, u"change the dimension \"%1\""_s.arg(dimension.key), [&] {
        const QJsonObject before = d->dimensionJson(dimension.id);
        if (before.isEmpty()) {
            return d->fail(u"there is no dimension %1"_s.arg(dimension.id));
        }
        Stmt q(d.get(),
               "UPDATE dimension SET name = ?, description = ?, kind = ?, ord = ?, rules = ?, ordered = ?, modified = ? "
               "WHERE id = ?");
        q.bind(1, dimension.name).bind(2, dimension.description);
        q.bind(3, dimension.kind == Dimension::Kind::Gate ? 0 : (dimension.kind == Dimension::Kind::MultipleChoice ? 2 : 1));
        q.bind(4, dimension.order).bind(5, toJsonText(rulesToJson(dimension.rules))).bind(6, dimension.ordered);
        q.bind(7, QDateTime::currentDateTimeUtc()).bind(8, dimension.id);
        return q.exec()
            && d->audit(u"dimension.update"_s, u"dimension"_s, QUuid::fromString(before.value(u"uuid"_s).toString()), before,
                        d->dimensionJson(dimension.id));
    });
}

std::optional<ValueId> Project::addValue(const CodebookValue &value, QString *error)
{
    std::optional<ValueId> id;
    d->edit(error, u"add the value \"%1\""_s.arg(value.name), [&] {
        id = d->insertValue(value);
        if (!id) {
            return false;
        }
        const QJsonObject after = d->valueJson(*id);
        return d->audit(u"value.add"_s, u"value"_s, QUuid::fromString(after.value(u"uuid"_s).toString()), {}, after);
    });
    return id;
}

bool Project::updateValue(const CodebookValue &value, QString *error)
{
    return d->edit(error, u"change the value \"%1\""_s.arg(value.name), [&] {
        const QJsonObject before = d->valueJson(value.id);
        if (before.isEmpty()) {
            return d->fail(u"there is no value %1"_s.arg(value.id));
        }
        const QString name = value.name.trimmed();
        if (!std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
            return d->fail(u"a codebook value needs a name with at least one letter or digit"_s);
        }
        {
            Stmt q(d.get(), "SELECT 1 FROM value WHERE dimension_id = (SELECT dimension_id FROM value WHERE id = ?) "
                            "AND name = ? AND merged_into IS NULL AND id <> ?");
            if (q.bind(1, value.id).bind(2, name).bind(3, value.id).next()) {
                return d->fail(u"the dimension already has a value \"%1\""_s.arg(name));
            }
        }
        for (ValueId p = value.parent; p != 0;) { // no cycles in the tree
            if (p == value.id) {
                return d->fail(u"a value cannot be placed under itself"_s);
            }
            Stmt q(d.get(), "SELECT coalesce(parent_id, 0) FROM value WHERE id = ?");
            p = q.bind(1, p).next() ? q.int64(0) : 0;
        }
        Stmt q(d.get(),
               "UPDATE value SET name = ?, description = ?, ord = ?, parent_id = ?, deprecated = ?, modified = ? WHERE id = ?");
        q.bind(1, name).bind(2, value.description).bind(3, value.order).bindId(4, value.parent);
        q.bind(5, value.deprecated).bind(6, QDateTime::currentDateTimeUtc()).bind(7, value.id);
        return q.exec()
            && d->audit(u"value.update"_s, u"value"_s, QUuid::fromString(before.value(u"uuid"_s).toString()), before,
                        d->valueJson(value.id));
    });
}

bool Project::mergeValues(ValueId from, ValueId into, QString *error)
{
    return d->edit(error, u"merge the values"_s, [&] {
        const QJsonObject fromJson = d->valueJson(from);
        const QJsonObject intoJson = d->valueJson(into);
        if (fromJson.isEmpty() || intoJson.isEmpty()) {
            return d->fail(u"there is no value %1"_s.arg(fromJson.isEmpty() ? from : into));
        }
        if (from == into || fromJson.value(u"dimension"_s) != intoJson.value(u"dimension"_s)) {
            return d->fail(u"only two different values of one dimension can be merged"_s);
        }
        qint64 moved = 0;
        // A finding that had both keeps one: OR IGNORE leaves the duplicate row, deleted next.
        Stmt a(d.get(), "UPDATE OR IGNORE finding_value SET value_id = ? WHERE value_id = ?");
        if (!a.bind(1, into).bind(2, from).exec()) {
            return false;
        }
        moved += sqlite3_changes(d->db);
        Stmt b(d.get(), "DELETE FROM finding_value WHERE value_id = ?");
        Stmt c(d.get(), "UPDATE OR IGNORE reconciled_value SET value_id = ? WHERE value_id = ?");
        if (!b.bind(1, from).exec() || !c.bind(1, into).bind(2, from).exec()) {
            return false;
        }
        moved += sqlite3_changes(d->db);
        Stmt e(d.get(), "DELETE FROM reconciled_value WHERE value_id = ?");
        Stmt f(d.get(), "UPDATE value SET merged_into = ?, modified = ? WHERE id = ?");
        Stmt g(d.get(), "UPDATE value SET merged_into = ?, modified = ? WHERE merged_into = ?"); // earlier merges follow
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!e.bind(1, from).exec() || !f.bind(1, into).bind(2, now).bind(3, from).exec()
            || !g.bind(1, into).bind(2, now).bind(3, from).exec()) {
            return false;
        }
        QJsonObject after = d->valueJson(from);
        after.insert(u"labels_moved"_s, moved);
        return d->audit(u"value.merge"_s, u"value"_s, QUuid::fromString(fromJson.value(u"uuid"_s).toString()), fromJson, after);
    });
}

std::optional<FindingId> Project::addFinding(const Finding &finding, QString *error)
{
    std::optional<FindingId> id;
    d->edit(error, u"add the finding"_s, [&] {
        Finding f = finding;
        Stmt q(d.get(), "SELECT 1 FROM finding WHERE item_id = ? AND rater_id = ? AND ordinal = ?");
        if (f.ordinal < 0 || q.bind(1, f.item).bind(2, f.rater).bind(3, f.ordinal).next()) {
            f.ordinal = -1; // next free
        }
        id = d->insertFinding(f);
        if (!id) {
            return false;
        }
        const QJsonObject after = d->findingJson(*id);
        return d->audit(u"finding.add"_s, u"finding"_s, QUuid::fromString(after.value(u"uuid"_s).toString()), {}, after);
    });
    return id;
}

// Runs change on finding id inside an edit, auditing its state before and after.
static bool editFinding(ProjectPrivate *d, FindingId id, QString *error, const QString &action,
                        const std::function<bool()> &change)
{
    return d->edit(error, u"save the finding"_s, [&] {
        const QJsonObject before = d->findingJson(id);
        if (before.isEmpty()) {
            return d->fail(u"there is no finding %1"_s.arg(id));
        }
        if (!change()) {
            return false;
        }
        Stmt touch(d, "UPDATE finding SET modified = ? WHERE id = ?");
        if (!touch.bind(1, QDateTime::currentDateTimeUtc()).bind(2, id).exec()) {
            return false;
        }
        return d->audit(action, u"finding"_s, QUuid::fromString(before.value(u"uuid"_s).toString()), before,
                        d->findingJson(id));
    });
}

bool Project::updateFinding(const Finding &finding, QString *error)
{
    return editFinding(d.get(), finding.id, error, u"finding.update"_s, [&] {
        Stmt q(d.get(), "UPDATE finding SET should_discuss = ?, unsure = ? WHERE id = ?");
        return q.bind(1, finding.shouldDiscuss).bind(2, finding.unsure).bind(3, finding.id).exec()
            && d->writeFindingLabels(finding.id, finding.values, finding.comments);
    });
}

bool Project::setFindingValues(FindingId finding, DimensionId dimension, const QList<ValueId> &values, QString *error)
{
    return editFinding(d.get(), finding, error, u"finding.update"_s, [&] {
        Stmt clear(d.get(), "DELETE FROM finding_value WHERE finding_id = ? AND dimension_id = ?");
        if (!clear.bind(1, finding).bind(2, dimension).exec()) {
            return false;
        }
        for (ValueId v : values) {
            Stmt q(d.get(),
                   "INSERT OR IGNORE INTO finding_value(finding_id, dimension_id, value_id) "
                   "SELECT ?, dimension_id, id FROM value WHERE id = ? AND dimension_id = ?");
            if (!q.bind(1, finding).bind(2, v).bind(3, dimension).exec()) {
                return false;
            }
            Stmt check(d.get(), "SELECT 1 FROM finding_value WHERE finding_id = ? AND dimension_id = ? AND value_id = ?");
            if (!check.bind(1, finding).bind(2, dimension).bind(3, v).next()) {
                return d->fail(u"value %1 is not a value of dimension %2"_s.arg(v).arg(d->dimensionKey(dimension)));
            }
        }
        return true;
    });
}

bool Project::setFindingComment(FindingId finding, DimensionId dimension, const QString &comment, QString *error)
{
    return editFinding(d.get(), finding, error, u"finding.update"_s, [&] {
        if (comment.isEmpty()) {
            Stmt q(d.get(), "DELETE FROM finding_comment WHERE finding_id = ? AND dimension_id = ?");
            return q.bind(1, finding).bind(2, dimension).exec();
        }
        Stmt q(d.get(), "INSERT OR REPLACE INTO finding_comment(finding_id, dimension_id, text) VALUES(?, ?, ?)");
        return q.bind(1, finding).bind(2, dimension).bind(3, comment).exec();
    });
}

bool Project::setFindingFlags(FindingId finding, bool shouldDiscuss, bool unsure, QString *error)
{
    return editFinding(d.get(), finding, error, u"finding.update"_s, [&] {
        Stmt q(d.get(), "UPDATE finding SET should_discuss = ?, unsure = ? WHERE id = ?");
        return q.bind(1, shouldDiscuss).bind(2, unsure).bind(3, finding).exec();
    });
}

bool Project::removeFinding(FindingId finding, QString *error)
{
    return d->edit(error, u"remove the finding"_s, [&] {
        const QJsonObject before = d->findingJson(finding);
        if (before.isEmpty()) {
            return d->fail(u"there is no finding %1"_s.arg(finding));
        }
        const QUuid uuid = QUuid::fromString(before.value(u"uuid"_s).toString());
        Stmt q(d.get(), "DELETE FROM finding WHERE id = ?");
        return d->keepIdsUsed() && d->bury(u"finding"_s, uuid) && q.bind(1, finding).exec()
            && d->audit(u"finding.remove"_s, u"finding"_s, uuid, before, {});
    });
}

std::optional<ReconciledId> Project::addReconciled(const ReconciledFinding &finding, QString *error)
{
    std::optional<ReconciledId> id;
    d->edit(error, u"record the reconciled finding"_s, [&] {
        ReconciledFinding r = finding;
        Stmt q(d.get(), "SELECT 1 FROM reconciled WHERE item_id = ? AND ordinal = ?");
        if (r.ordinal < 0 || q.bind(1, r.item).bind(2, r.ordinal).next()) {
            r.ordinal = -1;
        }
        id = d->insertReconciled(r);
        if (!id) {
            return false;
        }
        const QJsonObject after = d->reconciledJson(*id);
        return d->audit(u"reconciled.add"_s, u"reconciled"_s, QUuid::fromString(after.value(u"uuid"_s).toString()), {}, after);
    });
    return id;
}

bool Project::updateReconciled(const ReconciledFinding &finding, QString *error)
{
    return d->edit(error, u"change the reconciled finding"_s, [&] {
        const QJsonObject before = d->reconciledJson(finding.id);
        if (before.isEmpty()) {
            return d->fail(u"there is no reconciled finding %1"_s.arg(finding.id));
        }
        Stmt q(d.get(),
               "UPDATE reconciled SET should_discuss = ?, decision = ?, rationale = ?, decided_by = ?, decided_at = ?, "
               "modified = ? WHERE id = ?");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.bind(1, finding.shouldDiscuss).bind(2, int(finding.decision)).bind(3, finding.rationale);
        q.bindId(4, finding.decidedBy).bind(5, finding.decidedAt.isValid() ? finding.decidedAt : now);
        q.bind(6, now).bind(7, finding.id);
        return q.exec() && d->writeReconciledLabels(finding.id, finding)
            && d->audit(u"reconciled.update"_s, u"reconciled"_s, QUuid::fromString(before.value(u"uuid"_s).toString()),
                        before, d->reconciledJson(finding.id));
    });
}

bool Project::removeReconciled(ReconciledId id, QString *error)
{
    return d->edit(error, u"remove the reconciled finding"_s, [&] {
        const QJsonObject before = d->reconciledJson(id);
        if (before.isEmpty()) {
            return d->fail(u"there is no reconciled finding %1"_s.arg(id));
        }
        const QUuid uuid = QUuid::fromString(before.value(u"uuid"_s).toString());
        Stmt q(d.get(), "DELETE FROM reconciled WHERE id = ?");
        return d->keepIdsUsed() && d->bury(u"reconciled"_s, uuid) && q.bind(1, id).exec()
            && d->audit(u"reconciled.remove"_s, u"reconciled"_s, uuid, before, {});
    });
}

// ---------------------------------------------------------------------------------------
// ImportSession

class ImportSessionPrivate
{
public:
    Project *project = nullptr;
    ProjectPrivate *d = nullptr;
    QString description;
    std::unique_ptr<Transaction> tx;
    bool committed = false;
    QString error;
    std::function<bool(qint64, qint64)> progress;
    qint64 created = 0;
    qint64 found = 0;
    qint64 changesAtStart = 0; ///< sqlite3_total_changes64 when the transaction began

    bool check()
    {
        if (!tx || committed) {
            error = committed ? u"the import session was already committed"_s : u"the import session is not open"_s;
            return false;
        }
        return true;
    }
    template<typename T>
    std::optional<T> done(std::optional<T> id, bool isNew, bool *createdOut)
    {
        if (createdOut) {
            *createdOut = isNew && id.has_value();
        }
        if (!id) {
            error = d->lastError;
        } else {
            (isNew ? created : found) += 1;
        }
        return id;
    }
};

ImportSession::ImportSession(Project &project, const QString &description)
    : d(std::make_unique<ImportSessionPrivate>())
{
    d->project = &project;
    d->d = project.d.get();
    d->description = description;
    if (d->d->readOnly) {
        d->error = u"%1 is open read-only; nothing can be imported"_s.arg(d->d->path);
        return;
    }
    d->tx = std::make_unique<Transaction>(d->d);
    if (!d->tx->isValid()) {
        // Typically the busy timeout ran out while another program held the file.
        d->error = u"%1: %2; nothing was imported"_s.arg(QDir::toNativeSeparators(d->d->path), d->d->lastError);
        d->tx.reset();
        return;
    }
    d->changesAtStart = sqlite3_total_changes64(d->d->db);
}

ImportSession::~ImportSession()
{
    rollback();
}

bool ImportSession::isValid() const
{
    return d->tx != nullptr && !d->committed;
}

QString ImportSession::errorString() const
{
    return d->error;
}

void ImportSession::setProgressCallback(std::function<bool(qint64, qint64)> callback)
{
    d->progress = std::move(callback);
}

std::optional<DatasetId> ImportSession::dataset(const Dataset &dataset, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    Stmt q(d->d, "SELECT id FROM dataset WHERE name = ?");
    if (q.bind(1, dataset.name).next()) {
        return d->done<DatasetId>(q.int64(0), false, created);
    }
    return d->done(d->d->insertDataset(dataset), true, created);
}

std::optional<RaterId> ImportSession::rater(const Rater &rater, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    if (!rater.uuid.isNull()) {
        Stmt q(d->d, "SELECT id FROM rater WHERE uuid = ?");
        if (q.bind(1, rater.uuid).next()) {
            return d->done<RaterId>(q.int64(0), false, created);
        }
    }
    Stmt q(d->d, "SELECT id FROM rater WHERE name = ?");
    if (q.bind(1, rater.name).next()) {
        return d->done<RaterId>(q.int64(0), false, created);
    }
    return d->done(d->d->insertRater(rater), true, created);
}

std::optional<ItemId> ImportSession::item(const Item &item, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    Stmt q(d->d, "SELECT id FROM item WHERE kind = ? AND repository = ? AND ref = ?");
    q.bind(1, item.key.kind == ItemKind::BugReport ? 1 : 0).bind(2, item.key.repository).bind(3, item.key.ref);
    if (q.next()) {
        return d->done<ItemId>(q.int64(0), false, created);
    }
    return d->done(d->d->insertItem(item), true, created);
}

std::optional<DimensionId> ImportSession::dimension(const Dimension &dimension, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    Stmt q(d->d, "SELECT id FROM dimension WHERE key = ?");
    if (q.bind(1, dimension.key).next()) {
        return d->done<DimensionId>(q.int64(0), false, created);
    }
    return d->done(d->d->insertDimension(dimension), true, created);
}

std::optional<ValueId> ImportSession::value(const CodebookValue &value, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    if (!value.uuid.isNull()) {
        Stmt q(d->d, "SELECT id FROM value WHERE uuid = ?");
        if (q.bind(1, value.uuid).next()) {
            return d->done<ValueId>(q.int64(0), false, created);
        }
    }
    Stmt q(d->d, "SELECT id FROM value WHERE dimension_id = ? AND name = ? AND merged_into IS NULL");
    if (q.bind(1, value.dimension).bind(2, value.name.trimmed()).next()) {
        return d->done<ValueId>(q.int64(0), false, created);
    }
    return d->done(d->d->insertValue(value), true, created);
}

std::optional<FindingId> ImportSession::finding(const Finding &finding, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    if (!finding.uuid.isNull()) {
        Stmt q(d->d, "SELECT id FROM finding WHERE uuid = ?");
        if (q.bind(1, finding.uuid).next()) {
            return d->done<FindingId>(q.int64(0), false, created);
        }
    } else {
        Stmt q(d->d, "SELECT id FROM finding WHERE item_id = ? AND rater_id = ? AND ordinal = ?");
        if (q.bind(1, finding.item).bind(2, finding.rater).bind(3, finding.ordinal).next()) {
            return d->done<FindingId>(q.int64(0), false, created);
        }
    }
    return d->done(d->d->insertFinding(finding), true, created);
}

std::optional<ReconciledId> ImportSession::reconciled(const ReconciledFinding &finding, bool *created)
{
    if (!d->check()) {
        return std::nullopt;
    }
    if (!finding.uuid.isNull()) {
        Stmt q(d->d, "SELECT id FROM reconciled WHERE uuid = ?");
        if (q.bind(1, finding.uuid).next()) {
            return d->done<ReconciledId>(q.int64(0), false, created);
        }
    } else {
        Stmt q(d->d, "SELECT id FROM reconciled WHERE item_id = ? AND ordinal = ?");
        if (q.bind(1, finding.item).bind(2, finding.ordinal).next()) {
            return d->done<ReconciledId>(q.int64(0), false, created);
        }
    }
    return d->done(d->d->insertReconciled(finding), true, created);
}

bool ImportSession::setItemMetadata(ItemId item, const QJsonObject &metadata)
{
    if (!d->check()) {
        return false;
    }
    Stmt q(d->d, "UPDATE item SET metadata = ? WHERE id = ?");
    if (!q.bind(1, toJsonText(metadata)).bind(2, item).exec()) {
        d->error = d->d->lastError;
        return false;
    }
    if (sqlite3_changes(d->d->db) == 0) {
        d->error = u"there is no item %1"_s.arg(item);
        return false;
    }
    return true;
}

bool ImportSession::setPatch(ItemId item, const Patch &patch)
{
    if (!d->check()) {
        return false;
    }
    if (!d->d->setPatch(item, patch)) {
        d->error = d->d->lastError;
        return false;
    }
    return true;
}

bool ImportSession::storePatchBytes(ItemId item, QIODevice *source, qint64 size)
{
    if (!d->check()) {
        return false;
    }
    if (!d->d->storePatchBytes(item, source, size, d->progress)) {
        d->error = d->d->lastError;
        return false;
    }
    return true;
}

bool ImportSession::storePatchBytes(ItemId item, const QByteArray &bytes)
{
    QByteArray copy = bytes; // QBuffer needs a non-const array; implicitly shared, no copy made
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return storePatchBytes(item, &buffer, bytes.size());
}

bool ImportSession::storeOriginalMail(ItemId item, const QByteArray &bytes)
{
    if (!d->check()) {
        return false;
    }
    if (bytes.size() > std::numeric_limits<int>::max()) {
        d->error = u"the mail of item %1 is too large to keep as it arrived"_s.arg(item);
        return false;
    }
    if (!d->d->storeOriginalMail(item, bytes)) {
        d->error = d->d->lastError;
        return false;
    }
    return true;
}

bool ImportSession::setBugReport(ItemId item, const BugReportContent &content)
{
    if (!d->check()) {
        return false;
    }
    if (!d->d->setBugReport(item, content)) {
        d->error = d->d->lastError;
        return false;
    }
    return true;
}

bool ImportSession::commit(QString *error)
{
    if (!d->check()) {
        if (error) {
            *error = d->error;
        }
        return false;
    }
    if (sqlite3_total_changes64(d->d->db) == d->changesAtStart) {
        // Nothing was written (everything was already there): roll back rather than
        // commit an audit row, so the file stays byte for byte as it was.
        d->committed = true;
        d->tx.reset();
        return true;
    }
    const bool audited = d->d->audit(u"import"_s, u"project"_s, {}, {},
                                     QJsonObject{{u"description"_s, d->description},
                                                 {u"created"_s, d->created},
                                                 {u"already_present"_s, d->found}});
    if (!audited || !d->tx->commit()) {
        d->error = u"Could not save the import into %1: %2. Nothing was imported."_s.arg(d->d->path, d->d->lastError);
        if (error) {
            *error = d->error;
        }
        d->tx.reset();
        return false;
    }
    d->committed = true;
    d->tx.reset();
    return true;
}

void ImportSession::rollback()
{
    d->tx.reset(); // the Transaction rolls back unless committed
}

std::optional<qint64> Project::pendingDiffCount(QString *error) const
{
    const std::optional<qint64> count = d->pendingDiffCount();
    if (!count && error) {
        *error = u"Could not read the search index's queue of %1: %2."_s.arg(QDir::toNativeSeparators(d->path), d->lastError);
    }
    return count;
}

std::optional<qint64> Project::indexPendingDiffs(const std::function<bool(qint64 done, qint64 total)> &progress,
                                                 QString *error, qint64 maxItems)
{
    d->lastError.clear();
    const QString shown = QDir::toNativeSeparators(d->path);
    if (d->readOnly) {
        if (error) {
            *error = u"%1 is open read-only: its pending diffs cannot be indexed (searches still find them, "
                     "by indexing them in memory each time the project is opened)."_s.arg(shown);
        }
        return std::nullopt;
    }
    const std::optional<qint64> pending = d->pendingDiffCount();
    if (!pending) {
        if (error) {
            *error = u"Could not index the pending diffs of %1: %2."_s.arg(shown, d->lastError);
        }
        return std::nullopt;
    }
    const qint64 total = maxItems < 0 ? *pending : qMin(*pending, maxItems);
    qint64 done = 0;
    while (done < total) {
        if (progress && !progress(done, total)) {
            break; // cancelled: every slice committed so far stays indexed
        }
        const std::optional<qint64> n = d->indexDiffSlice(qMin(ProjectPrivate::IndexSliceItems, total - done),
                                                          ProjectPrivate::IndexSliceBytes);
        if (!n) {
            if (error) {
                *error = u"Could not index the pending diffs of %1: %2. %3 of them were indexed; the others are "
                         "still pending."_s.arg(shown, d->lastError).arg(done);
            }
            return std::nullopt;
        }
        if (*n == 0) {
            break;
        }
        done += *n;
    }
    if (progress && done == total) {
        progress(done, total);
    }
    return done;
}

} // namespace Concord
