// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/jsonfile.h"

#include <QFile>
#include <QJsonParseError>

namespace Concord {

QString jsonPosition(const QByteArray &bytes, qsizetype offset)
{
    offset = qBound(qsizetype(0), offset, bytes.size());
    const QByteArrayView head(bytes.constData(), offset);
    const qsizetype line = head.count('\n') + 1;
    const qsizetype lineStart = head.lastIndexOf('\n') + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

bool parseJson(const QByteArray &bytes, QJsonDocument *document, QString *error)
{
    if (bytes.size() > MaxJsonFileBytes) {
        *error = QStringLiteral("the file is %1 MiB; JSON files over %2 MiB are not supported")
                     .arg(bytes.size() / (1024 * 1024))
                     .arg(MaxJsonFileBytes / (1024 * 1024));
        return false;
    }
    if (bytes.trimmed().isEmpty()) {
        *error = QStringLiteral("the file is empty");
        return false;
    }
    QJsonParseError parseError;
    *document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = jsonPosition(bytes, parseError.offset) + QStringLiteral(": malformed JSON (")
            + parseError.errorString() + QLatin1Char(')');
        return false;
    }
    return true;
}

bool readJsonFile(const QString &path, QJsonDocument *document, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open: ") + file.errorString();
        return false;
    }
    if (file.size() > MaxJsonFileBytes) {
        *error = QStringLiteral("the file is %1 MiB; JSON files over %2 MiB are not supported")
                     .arg(file.size() / (1024 * 1024))
                     .arg(MaxJsonFileBytes / (1024 * 1024));
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("read error: ") + file.errorString();
        return false;
    }
    return parseJson(bytes, document, error);
}

} // namespace Concord
