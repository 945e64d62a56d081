// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Real corpus patches parsed with the shipped parser, for the diff view's tests.

#include "patch/diffdata.h"
#include "patch/patchparser.h"

#include <QByteArray>
#include <QDebug>
#include <QFile>
#include <QList>
#include <QString>

#include <optional>

namespace Concord::CorpusTest {

struct LoadedPatch
{
    QByteArray bytes;
    Patch patch;
};

/// The patch at @p relative under the corpus's patches/ (OWNER__NAME/SHA.patch).
inline std::optional<LoadedPatch> loadPatch(const QString &relative)
{
    QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + relative);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning() << "cannot open" << file.fileName();
        return std::nullopt;
    }
    LoadedPatch loaded;
    loaded.bytes = file.readAll();
    PatchParseError error;
    auto patches = PatchParser::parseAll(loaded.bytes, &error);
    if (!patches || patches->size() != 1) {
        qWarning() << "cannot parse" << file.fileName() << error.message;
        return std::nullopt;
    }
    loaded.patch = patches->first();
    return loaded;
}

/// The lines of every hunk of @p file.
inline QList<QList<DiffLine>> linesOf(const LoadedPatch &loaded, const FileDiff &file)
{
    const QByteArray &bytes = loaded.patch.decoded.isEmpty() ? loaded.bytes : loaded.patch.decoded;
    QList<QList<DiffLine>> lines;
    for (const Hunk &hunk : file.hunks) {
        lines.append(PatchParser::hunkLines(hunk, QByteArrayView(bytes).sliced(hunk.offset, hunk.length)));
    }
    return lines;
}

inline const FileDiff *fileByPath(const Patch &patch, const QString &path)
{
    for (const FileDiff &f : patch.files) {
        if (f.displayPath() == path) {
            return &f;
        }
    }
    return nullptr;
}

/// The index of the hunk of @p file that starts at @p oldStart in the old file, or -1.
inline int hunkAt(const FileDiff &file, int oldStart)
{
    for (qsizetype i = 0; i < file.hunks.size(); ++i) {
        if (file.hunks[i].oldStart == oldStart) {
            return int(i);
        }
    }
    return -1;
}

} // namespace Concord::CorpusTest
