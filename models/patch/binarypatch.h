// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Concord {

/// One half of a "GIT binary patch" section. git writes the forward half (old → new)
/// and then the reverse half (new → old); each is either "literal N" (the whole file,
/// N bytes) or "delta N" (git's copy/insert delta of N bytes against the other side),
/// as zlib-compressed data in git's base85 lines (git's base85.c, diff.c
/// emit_binary_diff_body()):
///
///     GIT binary patch
///     literal 8527
///     zcmV-V...            one line per ≤52 bytes: a length char ('A'-'Z' = 1-26,
///     ...                  'a'-'z' = 27-52), then 5 base85 chars per 4 bytes
///     <empty line>
///     literal 0
///     HcmV?d00001
///     <empty line>
struct BinaryPatchPart
{
    enum class Kind : quint8 { Literal, Delta };
    Kind kind = Kind::Literal;
    qint64 size = 0;  ///< the N of "literal N"/"delta N": the inflated size
    QByteArray bytes; ///< the inflated data: the file itself, or the delta
};

/// Both halves of a "GIT binary patch"; reverse is absent when the patch has only one.
struct BinaryPatch
{
    BinaryPatchPart forward;
    std::optional<BinaryPatchPart> reverse;
};

/// Decodes the "GIT binary patch" in a file's section (the whole section, from its
/// "diff --git" line). std::nullopt with @p error set when the section has no binary
/// patch ("Binary files a and b differ") or its data are damaged.
std::optional<BinaryPatch> parseBinaryPatch(QByteArrayView section, QString *error = nullptr);

/// Decodes one line of git's base85 ("zcmV-V..."): the length char, then the data.
std::optional<QByteArray> decodeBase85Line(QByteArrayView line);

/// The source and target sizes a git delta starts with.
struct DeltaSizes
{
    qint64 source = 0;
    qint64 target = 0;
};
std::optional<DeltaSizes> gitDeltaSizes(QByteArrayView delta);

/// Applies a git delta (patch-delta.c) to @p base; std::nullopt when it does not fit.
std::optional<QByteArray> applyGitDelta(QByteArrayView base, QByteArrayView delta, QString *error = nullptr);

/// What a patch tells about a binary file's old and new contents: the bytes where the
/// patch carries them (a literal, or a delta against a side that is a literal), else
/// just the sizes where a delta header gives them (-1: unknown).
struct BinaryContent
{
    std::optional<QByteArray> oldBytes; ///< empty array for an added file
    std::optional<QByteArray> newBytes; ///< empty array for a deleted file
    qint64 oldSize = -1;
    qint64 newSize = -1;
    bool hasPatchData = false; ///< a "GIT binary patch" was read (not "Binary files differ")
    QString error;             ///< why the patch data could not be read, if it could not
};
BinaryContent binaryContent(const FileDiff &file, QByteArrayView section);

/// Plain words for a binary change: "Binary file added, 500 bytes", "Binary file
/// changed, 12.3 KB → 70.4 KB". @p noun names the file's kind ("Binary file", "Image").
QString describeBinaryChange(const FileDiff &file, const BinaryContent &content, const QString &noun);

/// "500 bytes", "12.3 KB" (binary prefixes written as KB/MB, as file managers do).
QString formatByteSize(qint64 bytes);

} // namespace Concord
