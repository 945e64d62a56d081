// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

class QJsonDocument;

namespace Concord {

/// The data of the tf.function study's Django web app ("ponder"), read from a
/// `manage.py dumpdata` file: a JSON array of {"model", "pk", "fields"} records.
/// Plain values, checked for shape (types of the fields that matter), not yet linked:
/// PonderImport links them and reports what does not link.
struct PonderDump
{
    /// The four taxonomy dimensions, in this order everywhere below.
    static constexpr std::array<const char *, 4> DimensionKeys{"category", "cause", "symptom", "fix"};

    struct Dataset
    {
        qint64 pk = 0;
        QString name;
        QString description;
    };
    struct Commit
    {
        qint64 pk = 0;
        QString project; ///< "owner/name"
        QString sha;     ///< lowercase
        QString author;  ///< mis-decoded UTF-8 repaired (see repairs)
        QString commitDate;
        std::optional<qint64> dataset;
        int round = 0; ///< 0 when not in a calibration round
        int record = 0; ///< 1-based position in the file, for messages
    };
    struct Value
    {
        qint64 pk = 0;
        QString name;
        QString description;
        int record = 0;
    };
    struct Rater
    {
        qint64 pk = 0;
        QString name;
        QString initials;
        QString user;
    };
    /// A categorization (one rater's judgement) or a bugfix (the reconciled finding).
    struct Judgement
    {
        qint64 pk = 0;
        QString sha;
        qint64 rater = 0; ///< categorizer pk; 0 for a bugfix
        std::optional<bool> isFuncFix;
        QString funcFixComment;
        std::array<std::optional<qint64>, 4> values; ///< pks into values[DimensionKeys[i]]
        std::array<QString, 4> comments;
        bool shouldDiscuss = false; ///< null in the dump counts as false
        std::optional<qint64> bugFix; ///< categorizations only
        int record = 0;
    };

    QList<Dataset> datasets;
    QList<Commit> commits;
    std::array<QList<Value>, 4> values; ///< per dimension, in file order
    QList<Rater> raters;
    QList<Judgement> categorizations;
    QList<Judgement> bugFixes;
    /// Commit details per sha, repeated rows removed (the web app stored some twice).
    QHash<QString, QList<QJsonObject>> commitDetails;
    int duplicateCommitDetails = 0;
    /// Repository metadata per project ("owner/name"), fields as in the dump.
    QHash<QString, QJsonObject> repositories;
    /// Records of models this importer does not use (auth.user, sessions...), by model.
    QMap<QString, int> ignoredModels;
    int records = 0;

    /// A text field that the web app stored as UTF-8 read as Latin-1, repaired on
    /// reading (repairLatin1Mojibake): the values above hold the repaired text.
    struct TextRepair
    {
        QString where; ///< "record N (MODEL pk P)"
        QString field;
        QString stored;
        QString repaired;
    };
    QList<TextRepair> repairs;
};

/// Reads a dumpdata document. On a record of the wrong shape returns false and sets
/// *error to "record N (MODEL pk P): cause".
bool parsePonderDump(const QJsonDocument &document, PonderDump *dump, QString *error);
/// The same, reading the file one record at a time (JsonArrayReader): the file's bytes
/// and its QJsonDocument are never in memory, only the tables above (commits,
/// judgements, values, raters, the commit details and repository metadata as JSON
/// objects). JSON errors read "line L, column C: cause".
bool readPonderDumpFile(const QString &path, PonderDump *dump, QString *error);

/// True when the start of a file looks like a dumpdata array with "ponder." models.
bool looksLikePonderDump(QByteArrayView head);

} // namespace Concord
