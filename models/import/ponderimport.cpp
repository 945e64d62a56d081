// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/ponderimport.h"

#include "domain/identity.h"
#include "import/studycodebook.h"
#include "store/project.h"

#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace Concord {

namespace {

struct StudyCodebook : StudyDimensions
{
    std::array<QHash<qint64, ValueId>, 4> valueByPk;
};

bool storeFailed(ImportContext &ctx, const QString &what, QString *error)
{
    *error = what + QStringLiteral(": ") + ctx.session.errorString();
    return false;
}

bool importCodebook(ImportContext &ctx, const PonderDump &dump, const QString &fileName, StudyCodebook *cb,
                    QString *error)
{
    if (!ensureStudyDimensions(ctx, cb, error)) {
        *error = fileName + QStringLiteral(": ") + *error;
        return false;
    }
    for (int d = 0; d < 4; ++d) {
        int order = 0;
        for (const PonderDump::Value &pv : dump.values[d]) {
            const auto id = importCodebookValue(ctx, cb->dimensions[d], QLatin1String(PonderDump::DimensionKeys[d]),
                                                pv.name, pv.description, order++, error);
            if (!id) {
                *error = fileName + QStringLiteral(": record %1: ").arg(pv.record) + *error;
                return false;
            }
            cb->valueByPk[d].insert(pv.pk, *id);
        }
    }
    return true;
}

/// Values and comments of a categorization or bug fix in the project's dimensions.
/// Unknown value pks are left out and named in warnings.
void judgementValues(ImportContext &ctx, const StudyCodebook &cb, const PonderDump::Judgement &j, const QString &what,
                     DimensionValues *values, DimensionComments *comments)
{
    if (j.isFuncFix) {
        values->insert(cb.gate, {*j.isFuncFix ? cb.yes : cb.no});
    }
    if (!j.funcFixComment.isEmpty()) {
        comments->insert(cb.gate, j.funcFixComment);
    }
    for (int d = 0; d < 4; ++d) {
        if (j.values[d]) {
            const ValueId v = cb.valueByPk[d].value(*j.values[d], 0);
            if (v) {
                values->insert(cb.dimensions[d], {v});
            } else {
                ctx.warnings.append(what + QStringLiteral(": problem_%1 %2 is not a value of the dump's codebook; "
                                                          "the finding was imported without it")
                                               .arg(QLatin1String(PonderDump::DimensionKeys[d]))
                                               .arg(*j.values[d]));
            }
        }
        if (!j.comments[d].isEmpty()) {
            comments->insert(cb.dimensions[d], j.comments[d]);
        }
    }
}

QString pkList(const QList<qint64> &pks)
{
    QStringList s;
    for (qint64 pk : pks) {
        s.append(QString::number(pk));
    }
    return s.join(QStringLiteral(", "));
}

} // namespace

bool importPonderDump(ImportContext &ctx, const PonderDump &dump, const QString &fileName, QString *error)
{
    const qint64 total = dump.datasets.size() + dump.commits.size() + dump.categorizations.size() + dump.bugFixes.size();
    qint64 done = 0;
    auto step = [&]() {
        if (!ctx.progress(++done, total)) {
            *error = fileName + QStringLiteral(": cancelled");
            return false;
        }
        return true;
    };
    bool created = false;

    // Datasets.
    QHash<qint64, DatasetId> datasetByPk;
    QHash<qint64, QString> datasetName;
    for (const PonderDump::Dataset &pd : dump.datasets) {
        const auto id = ctx.datasetByName(pd.name, pd.description, error);
        if (!id) {
            *error = fileName + QStringLiteral(": ") + *error;
            return false;
        }
        datasetByPk.insert(pd.pk, *id);
        datasetName.insert(pd.pk, pd.name.trimmed());
        if (!step()) {
            return false;
        }
    }
    const auto fallback = ctx.optionsDataset(error);
    if (!fallback) {
        return false;
    }
    const DatasetId fallbackDataset = *fallback;

    StudyCodebook cb;
    if (!importCodebook(ctx, dump, fileName, &cb, error)) {
        return false;
    }

    // Raters, by initials.
    QHash<qint64, RaterId> raterByPk;
    for (const PonderDump::Rater &pr : dump.raters) {
        Rater r;
        r.initials = pr.initials.trimmed();
        r.name = pr.name.trimmed().isEmpty() ? r.initials : pr.name.trimmed();
        r.login = pr.user;
        r.uuid = Identity::sourceRecord(QStringLiteral("ponder/categorizer/") + (r.initials.isEmpty() ? r.name : r.initials));
        const auto id = ctx.session.rater(r, &created);
        if (!id) {
            return storeFailed(ctx, fileName + QStringLiteral(": rater \"%1\"").arg(r.name), error);
        }
        ctx.tally.count(QStringLiteral("raters"), created, *id);
        raterByPk.insert(pr.pk, *id);
    }

    // Commits as items.
    QHash<QString, QList<ItemId>> itemsBySha;
    QSet<QString> seenKeys;
    for (const PonderDump::Commit &c : dump.commits) {
        const ItemKey key = ItemKey::commit(c.project, c.sha);
        if (seenKeys.contains(key.toString())) {
            ctx.warnings.append(fileName + QStringLiteral(": record %1 (ponder.commit pk %2): %3 appears twice; "
                                                         "the first record was kept")
                                               .arg(c.record)
                                               .arg(c.pk)
                                               .arg(key.toString()));
            continue;
        }
        seenKeys.insert(key.toString());
        QJsonObject ponder{{QStringLiteral("commit_pk"), c.pk},
                           {QStringLiteral("author"), c.author},
                           {QStringLiteral("commit_date"), c.commitDate}};
        DatasetId dataset = fallbackDataset;
        if (c.dataset) {
            if (datasetByPk.contains(*c.dataset)) {
                dataset = datasetByPk.value(*c.dataset);
                ponder.insert(QStringLiteral("dataset"), datasetName.value(*c.dataset));
            } else {
                ctx.warnings.append(fileName + QStringLiteral(": record %1 (ponder.commit pk %2): dataset %3 is not in "
                                                             "the dump; the item has no dataset")
                                                   .arg(c.record)
                                                   .arg(c.pk)
                                                   .arg(*c.dataset));
            }
        }
        if (c.round > 0) {
            ponder.insert(QStringLiteral("rounds"), c.round);
        }
        const QList<QJsonObject> details = dump.commitDetails.value(c.sha);
        if (!details.isEmpty()) {
            QJsonArray array;
            for (const QJsonObject &d : details) {
                array.append(d);
            }
            ponder.insert(QStringLiteral("commit_details"), array);
        }
        if (dump.repositories.contains(c.project)) {
            ponder.insert(QStringLiteral("repository"), dump.repositories.value(c.project));
        }

        Item item;
        item.key = key;
        item.uuid = Identity::item(key);
        item.author = c.author;
        item.date = SourceDate::fromString(c.commitDate);
        item.dataset = dataset;
        item.round = c.round;
        item.metadata.insert(QStringLiteral("ponder"), ponder);
        QString cause;
        const auto id = importItem(ctx, item, &created, &cause);
        if (!id) {
            *error = fileName + QStringLiteral(": record %1 (%2): %3").arg(c.record).arg(key.toString(), cause);
            return false;
        }
        itemsBySha[c.sha].append(*id);
        if (!step()) {
            return false;
        }
    }
    if (dump.duplicateCommitDetails > 0) {
        ctx.warnings.append(fileName + QStringLiteral(": %1 repeated commit-detail rows were kept once").arg(dump.duplicateCommitDetails));
    }
    if (!dump.repairs.isEmpty()) {
        QStringList shown;
        for (const PonderDump::TextRepair &r : dump.repairs) {
            if (shown.size() == 10) {
                shown << QStringLiteral("and %1 more").arg(dump.repairs.size() - 10);
                break;
            }
            // The stored text can hold C1 control characters: named, not sent to a terminal.
            QString stored;
            for (const QChar c : r.stored) {
                stored += c.category() == QChar::Other_Control ? QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'))
                                                               : QString(c);
            }
            shown << QStringLiteral("%1 %2 \"%3\" read as \"%4\"").arg(r.where, r.field, stored, r.repaired);
        }
        ctx.warnings.append(fileName + QStringLiteral(": %1 texts were stored as UTF-8 read as Latin-1 and were repaired: %2")
                                           .arg(dump.repairs.size())
                                           .arg(shown.join(QStringLiteral("; "))));
    }

    // Categorizations as rater findings.
    QList<PonderDump::Judgement> categorizations = dump.categorizations;
    std::stable_sort(categorizations.begin(), categorizations.end(),
                     [](const auto &a, const auto &b) { return a.pk < b.pk; });
    QHash<QPair<ItemId, RaterId>, int> nextOrdinal;
    QHash<qint64, QList<QPair<QUuid, DimensionValues>>> sourcesByBugFix;
    QSet<qint64> bugFixPks;
    QHash<qint64, QString> bugFixSha;
    for (const PonderDump::Judgement &b : dump.bugFixes) {
        bugFixPks.insert(b.pk);
        bugFixSha.insert(b.pk, b.sha);
    }
    QList<qint64> notReconciled;
    for (const PonderDump::Judgement &j : std::as_const(categorizations)) {
        const QString what = fileName + QStringLiteral(": record %1 (ponder.categorization pk %2)").arg(j.record).arg(j.pk);
        const QList<ItemId> items = itemsBySha.value(j.sha);
        if (items.size() != 1) {
            ctx.warnings.append(what + (items.isEmpty()
                                            ? QStringLiteral(": commit %1 is not in the dump's commits; not imported").arg(j.sha)
                                            : QStringLiteral(": commit %1 is in several projects; not imported").arg(j.sha)));
            if (!step()) {
                return false;
            }
            continue;
        }
        if (!raterByPk.contains(j.rater)) {
            ctx.warnings.append(what + QStringLiteral(": categorizer %1 is not in the dump; not imported").arg(j.rater));
            if (!step()) {
                return false;
            }
            continue;
        }
        Finding f;
        f.uuid = Identity::sourceRecord(QStringLiteral("ponder/categorization/%1/%2").arg(j.pk).arg(j.sha));
        f.item = items.first();
        f.rater = raterByPk.value(j.rater);
        f.ordinal = nextOrdinal[{f.item, f.rater}]++;
        f.shouldDiscuss = j.shouldDiscuss;
        judgementValues(ctx, cb, j, what, &f.values, &f.comments);
        const auto id = ctx.session.finding(f, &created);
        if (!id) {
            return storeFailed(ctx, what, error);
        }
        ctx.tally.count(QStringLiteral("findings"), created, *id);
        if (j.bugFix) {
            if (!bugFixPks.contains(*j.bugFix)) {
                ctx.warnings.append(what + QStringLiteral(": its bug fix %1 is not in the dump; not linked").arg(*j.bugFix));
            } else if (bugFixSha.value(*j.bugFix) != j.sha) {
                ctx.warnings.append(what + QStringLiteral(": its bug fix %1 is about commit %2, not %3; not linked")
                                               .arg(*j.bugFix)
                                               .arg(bugFixSha.value(*j.bugFix), j.sha));
            } else {
                sourcesByBugFix[*j.bugFix].append({f.uuid, f.values});
            }
        } else {
            notReconciled.append(j.pk);
        }
        if (!step()) {
            return false;
        }
    }
    if (!notReconciled.isEmpty()) {
        ctx.warnings.append(fileName + QStringLiteral(": %1 categorizations point to no bug fix (not reconciled in the web "
                                                     "app), imported as findings only: pk %2")
                                           .arg(notReconciled.size())
                                           .arg(pkList(notReconciled)));
    }

    // Bug fixes as reconciled findings.
    QList<PonderDump::Judgement> bugFixes = dump.bugFixes;
    std::stable_sort(bugFixes.begin(), bugFixes.end(), [](const auto &a, const auto &b) { return a.pk < b.pk; });
    QHash<ItemId, int> nextReconciled;
    QList<qint64> withoutSources;
    for (const PonderDump::Judgement &j : std::as_const(bugFixes)) {
        const QString what = fileName + QStringLiteral(": record %1 (ponder.bugfix pk %2)").arg(j.record).arg(j.pk);
        const QList<ItemId> items = itemsBySha.value(j.sha);
        if (items.size() != 1) {
            ctx.warnings.append(what + (items.isEmpty()
                                            ? QStringLiteral(": commit %1 is not in the dump's commits; not imported").arg(j.sha)
                                            : QStringLiteral(": commit %1 is in several projects; not imported").arg(j.sha)));
            if (!step()) {
                return false;
            }
            continue;
        }
        ReconciledFinding r;
        r.uuid = Identity::sourceRecord(QStringLiteral("ponder/bugfix/%1/%2").arg(j.pk).arg(j.sha));
        r.item = items.first();
        r.ordinal = nextReconciled[r.item]++;
        r.shouldDiscuss = j.shouldDiscuss;
        judgementValues(ctx, cb, j, what, &r.values, &r.comments);
        QList<DimensionValues> sourceValues;
        for (const auto &[uuid, values] : sourcesByBugFix.value(j.pk)) {
            r.sourceFindings.append(uuid);
            sourceValues.append(values);
        }
        r.decision = decideReconciliation(r.values, sourceValues);
        r.rationale = QStringLiteral("Imported from the web app's bug fix %1.").arg(j.pk);
        if (r.sourceFindings.isEmpty()) {
            withoutSources.append(j.pk);
        }
        const auto id = ctx.session.reconciled(r, &created);
        if (!id) {
            return storeFailed(ctx, what, error);
        }
        ctx.tally.count(QStringLiteral("reconciled findings"), created, *id);
        if (!step()) {
            return false;
        }
    }
    if (!withoutSources.isEmpty()) {
        ctx.warnings.append(fileName + QStringLiteral(": %1 bug fixes have no categorization pointing to them, imported "
                                                     "as reconciled findings without sources: pk %2")
                                           .arg(withoutSources.size())
                                           .arg(pkList(withoutSources)));
    }
    for (auto it = dump.ignoredModels.cbegin(); it != dump.ignoredModels.cend(); ++it) {
        ctx.warnings.append(fileName + QStringLiteral(": %1 records of model %2 are not used by Concord and were skipped")
                                           .arg(it.value())
                                           .arg(it.key()));
    }
    return true;
}

} // namespace Concord
