// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace Concord {

/// Largest JSON file the importers read. readJsonFile holds the document in memory;
/// JsonArrayReader does not, but keeps the cap (a 1,000,000-issue export is ~415 MB).
/// A 2 GB one-line file is refused at once.
inline constexpr qint64 MaxJsonFileBytes = 512ll * 1024 * 1024;

/// Reads and parses a JSON file. On failure returns false and sets *error to
/// "line L, column C: cause" (or the I/O cause), without the file name.
bool readJsonFile(const QString &path, QJsonDocument *document, QString *error);
/// The same for bytes already in memory.
bool parseJson(const QByteArray &bytes, QJsonDocument *document, QString *error);

/// "line L, column C" of a byte offset, for messages.
QString jsonPosition(const QByteArray &bytes, qsizetype offset);

} // namespace Concord
