// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Concord {

/// Plain values describing a parsed patch. The parser fills them, the store keeps them,
/// and every view (unified, side by side) reads them. Byte offsets point into the
/// original patch bytes, which the store keeps unchanged, so a file's lines can be
/// loaded lazily one file at a time.

/// One line of a hunk body.
struct DiffLine
{
    enum class Kind : quint8 {
        Context,   ///< ' ' prefix
        Added,     ///< '+' prefix
        Deleted,   ///< '-' prefix
        NoNewline, ///< "\ No newline at end of file" marker for the line before it
    };
    Kind kind = Kind::Context;
    int oldLine = 0; ///< 1-based line number in the old file, 0 when not applicable
    int newLine = 0; ///< 1-based line number in the new file, 0 when not applicable
    QString text;    ///< without prefix and line end; invalid UTF-8 shown as U+FFFD
    bool crlf = false; ///< the original line ended with "\r\n"

    bool operator==(const DiffLine &) const = default;
};

/// One "@@ -a,b +c,d @@ heading" section.
struct Hunk
{
    int oldStart = 0;
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    QString heading;   ///< text after the closing "@@" (often a function name)
    qint64 offset = 0; ///< byte offset of the "@@" line in the original patch
    qint64 length = 0; ///< bytes from the "@@" line to the end of the hunk body
    int added = 0;
    int deleted = 0;

    bool operator==(const Hunk &) const = default;
};

/// One file's section of a patch ("diff --git a/x b/x" up to the next one).
struct FileDiff
{
    enum class Change : quint8 { Modified, Added, Deleted, Renamed, Copied };
    Change change = Change::Modified;
    QString oldPath; ///< without the "a/" prefix; empty for an added file
    QString newPath; ///< without the "b/" prefix; empty for a deleted file
    QString oldMode; ///< e.g. "100644"; empty when not given
    QString newMode;
    int similarity = -1; ///< rename/copy similarity index in percent, -1 when absent
    QByteArray oldIndex; ///< abbreviated blob ids from the "index" line
    QByteArray newIndex;
    bool binary = false;    ///< "GIT binary patch" or "Binary files ... differ"
    bool symlink = false;   ///< mode 120000
    bool submodule = false; ///< mode 160000
    qint64 offset = 0;      ///< byte offset of the section in the original patch
    qint64 length = 0;      ///< bytes of the whole section
    QList<Hunk> hunks;
    int added = 0;
    int deleted = 0;

    /// The path to show: the new path, or the old one for a deleted file.
    QString displayPath() const { return newPath.isEmpty() ? oldPath : newPath; }
    bool operator==(const FileDiff &) const = default;
};

/// The mailbox header and message of a commit, when the patch has one.
struct CommitHeader
{
    /// From the "From <sha> Mon Sep 17 00:00:00 2001" line git format-patch writes, hex;
    /// empty when the message began with another "From " line (mboxrd "From mboxrd@z",
    /// b4 "From git@z", a mail client's "From user@host DATE", "From nobody") or none.
    /// May be all zeros (format-patch --zero-commit); a cover letter repeats the sha of
    /// the series' last commit.
    QByteArray sha;
    QString author; ///< decoded display name (RFC 2047)
    QString authorEmail;
    QDateTime date;
    QString subject; ///< decoded, leading "[PATCH n/m]" (and other "[...]") groups removed
    QString subjectPrefix; ///< the groups removed from the subject, e.g. "[PATCH 0/3]"
    QString messageId; ///< the Message-ID header, e.g. "<20240101.1234@host>"; may be empty
    QString message; ///< commit message body after the subject, before "---"

    bool operator==(const CommitHeader &) const = default;
};

/// One patch: a commit from a mailbox, or a plain unified diff (empty header).
struct Patch
{
    CommitHeader header;
    QList<FileDiff> files;
    qint64 offset = 0; ///< where this patch starts in the input (mailboxes hold many)
    qint64 length = 0; ///< its bytes in the input
    qint64 line = 0;   ///< the 1-based input line it starts at
    /// Set when the mail's body was transfer-encoded (quoted-printable, base64) or MIME
    /// multipart: the message with its header and its text decoded to 8 bit (UTF-8).
    /// The offsets of files and hunks then point into these bytes (counted from
    /// offset), not into the input, and these are the bytes to keep.
    QByteArray decoded;

    int hunkCount() const
    {
        int n = 0;
        for (const FileDiff &f : files) {
            n += int(f.hunks.size());
        }
        return n;
    }
    bool operator==(const Patch &) const = default;
};

} // namespace Concord
