// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

class QIODevice;

namespace Concord {

/// Where and why a patch could not be parsed. Lines are 1-based; 0 means "the input as a
/// whole" (for example when it ended inside a hunk or held no diff at all).
struct PatchParseError
{
    qint64 line = 0;
    qint64 offset = 0; ///< byte offset of the line in the input
    QString message;   ///< the cause, e.g. "hunk at line 12 announces 5 old lines, found 3"

    /// "FILE:LINE: MESSAGE" (or "FILE: MESSAGE" without a line).
    QString toString(const QString &fileName) const;
};

/**
 * A streaming parser for `git format-patch` files, mailboxes holding many of them,
 * `git log -p` / `git show` output (one patch per commit), and plain unified diffs
 * (`git diff`, `diff -u`). It reads a QIODevice in chunks, keeps at
 * most one line (capped, see setMaxLineLength()) and the current file's values in memory,
 * and hands every file to the Handler as soon as its section ends. A 467 MB commit with
 * tens of thousands of files therefore parses in a few megabytes.
 *
 * The grammar it follows (git's own: builtin/mailsplit.c, mailinfo.c, apply.c):
 *
 *   input      := (mailpatch | log-entry)+ | plain-diff
 *   mailpatch  := [from-line LF] headers LF message ["---" LF diffstat] diff [signature]
 *   from-line  := "From " SHA " " date              ; git format-patch
 *               | "From " any " hh:mm:ss " year     ; git mailsplit's test: mboxrd "From
 *                 ; mboxrd@z ...", b4 "From git@z ...", "From nobody ...", a mail client's
 *                 ; "From user@host ..."; anywhere a file may end, with or without an empty
 *                 ; line before it, as git mailsplit splits ("From now on" in a message is
 *                 ; text: no time, no year). In an mboxrd mailbox ("From mboxrd@z") message
 *                 ; lines ">From " lose one '>'.
 *   headers    := (name ":" value LF (WSP continuation LF)*)*   ; folded lines join with
 *                 ; one space; From, Date and Subject may hold RFC 2047 encoded words
 *                 ; "=?charset?B|Q?text?=" (any charset Qt knows; whitespace between two
 *                 ; adjacent encoded words is dropped); leading "[PATCH n/m]" (any "[...]")
 *                 ; groups are removed from the subject (kept in subjectPrefix); Message-ID
 *                 ; is kept. A body with Content-Transfer-Encoding quoted-printable or base64,
 *                 ; or a multipart body, is decoded (text parts, charset to UTF-8) and read
 *                 ; as the body; Patch::decoded then holds the mail as read.
 *   diffstat   := (" " path " | " N ...)* [" " N " file(s) changed" [", " N " insertion(s)(+)"]
 *                 [", " N " deletion(s)(-)"]]
 *   message    := lines up to a line "---" or the first "diff --git" line
 *   signature  := "-- " LF version LF ...        ; only after a hunk's counts are used up
 *   log-entry  := "commit " SHA [" (" refs ")"] LF (name ":" value LF)* LF
 *                 ("    " message-line LF)* [LF] (junk | file)*
 *                 ; git log -p / git show (pretty.c, medium and fuller formats): keyed by
 *                 ; SHA like a format-patch mail; Author gives the author, Date (or
 *                 ; AuthorDate) the date (default, iso, iso-strict or rfc format); the
 *                 ; message's first paragraph is the subject (git's %s), the rest the
 *                 ; message. A merge shown without a diff is a patch without files.
 *   plain-diff := (junk | file | gnu-binary | only-in)*  ; junk lines between files are skipped
 *   file       := git-header | traditional-header
 *   git-header := "diff --git a/OLD b/NEW" LF extended* [minus plus] (hunk* | binary)
 *   extended   := "old mode" M | "new mode" M | "deleted file mode" M | "new file mode" M
 *               | "similarity index" N "%" | "dissimilarity index" N "%"
 *               | "rename from" P | "rename to" P | "copy from" P | "copy to" P
 *               | "index" OLD ".." NEW [M]
 *   traditional-header := ["diff " ... LF | "Index: " P LF "===..." LF] minus plus hunk+
 *   minus      := "--- " ("a/" P | "/dev/null") [TAB timestamp] LF
 *   plus       := "+++ " ("b/" P | "/dev/null") [TAB timestamp] LF
 *                 ; the timestamp is dropped from the path; a side at the epoch (diff -N:
 *                 ; "1970-01-01 00:00:00.000000000 +0000" in any time zone) or svn's
 *                 ; "(revision 0)"/"(nonexistent)" is a missing file, as /dev/null
 *   gnu-binary := "Binary files " A " and " B " differ" LF   ; diff -r: a binary file
 *   only-in    := "Only in " DIR ": " NAME LF  ; diff -r without -N: a warning, not a file
 *   hunk       := "@@ -" a ["," b] " +" c ["," d] " @@" [heading] LF body
 *   body       := exactly b old and d new lines, counted: " " context (or an empty line,
 *                 which some mailers leave of a context line), "-" deleted, "+" added;
 *                 "\ No newline at end of file" may follow any of them
 *   binary     := "GIT binary patch" LF ("literal" | "delta") N LF base85-line* LF
 *                 [("literal" | "delta") N LF base85-line* LF]
 *               | "Binary files " A " and " B " differ" LF
 *
 * Paths in quotes are C-unquoted (git writes non-ASCII bytes as octal escapes). Modes
 * 120000 mark symlinks, 160000 submodules. CRLF line ends are accepted everywhere; in hunk
 * bodies they are part of the content (DiffLine::crlf). Bytes are never changed: content
 * that is not UTF-8 becomes U+FFFD only in the QStrings made for display.
 *
 * Refused, naming the line: combined diffs of merges ("diff --cc", "diff --combined",
 * "@@@" hunks: git show of a merge, git log -p --cc) and context diffs (diff -c: "*** OLD",
 * "--- NEW", "***************"), which no two-way unified diff can hold.
 *
 * Errors (all name the line): hunk counts that do not match the body (too few or too many
 * lines), input that ends inside a header, hunk or binary patch, a line longer than the
 * cap outside a hunk body, a "diff --git" line without names, bad numbers, input with no
 * diff at all. A mail cut short is an error too: fewer files, added or deleted lines than
 * its diffstat promised, or, in a mail git format-patch wrote ("From <sha>"), a diffstat
 * without the "-- " signature after the diff (a half-copied file whose last line was cut).
 * A plain diff has no diffstat: there only the hunk counts can tell.
 *
 * Every mail becomes a Patch, also one without a diff (a cover letter, a reply): its files
 * are empty and the caller decides (the importer reports it as skipped).
 * Overlong lines inside a hunk body are streamed through without being buffered.
 */
class PatchParser
{
public:
    /// Receives the values as the input is read. Returning false from any callback stops
    /// the parse; parse() then fails with the message "cancelled".
    class Handler
    {
    public:
        virtual ~Handler() = default;
        /// A patch begins; its header (empty for a plain diff) is complete.
        virtual bool patchStarted(const CommitHeader &header, qint64 offset)
        {
            Q_UNUSED(header) Q_UNUSED(offset) return true;
        }
        /// One file's section is complete, with its hunks (no DiffLines: see hunkLines()).
        virtual bool fileParsed(const FileDiff &file)
        {
            Q_UNUSED(file) return true;
        }
        /// A patch ended. \a patch has its header, offset and length; files is empty (they
        /// went to fileParsed()).
        virtual bool patchFinished(const Patch &patch)
        {
            Q_UNUSED(patch) return true;
        }
        /// Something in the input that is read but not imported ("Only in DIR: NAME" of
        /// diff -r), with its line.
        virtual bool warning(qint64 line, const QString &message)
        {
            Q_UNUSED(line) Q_UNUSED(message) return true;
        }
        /// Called about every megabyte with the bytes consumed so far.
        virtual bool progress(qint64 bytesRead)
        {
            Q_UNUSED(bytesRead) return true;
        }
    };

    PatchParser();

    /// Lines longer than this outside a hunk body are an error (default 16 MiB).
    void setMaxLineLength(qint64 bytes);
    qint64 maxLineLength() const { return m_maxLineLength; }

    /// Reads \a device to its end. Returns false on a parse error (see error()) or when
    /// the handler cancelled. The device must be open for reading.
    bool parse(QIODevice *device, Handler &handler);

    const PatchParseError &error() const { return m_error; }

    /// Convenience for small inputs: every patch with its files, or the error.
    static std::optional<QList<Patch>> parseAll(QByteArrayView bytes, PatchParseError *error = nullptr);

    /// The lines of one hunk, for display. \a hunkBytes are the original bytes
    /// [hunk.offset, hunk.offset + hunk.length), starting with the "@@" line.
    static QList<DiffLine> hunkLines(const Hunk &hunk, QByteArrayView hunkBytes);

    /// Decodes RFC 2047 encoded words in a header value ("=?UTF-8?q?M=C3=A1t=C3=A9?=").
    static QString decodeHeader(QByteArrayView value);

private:
    qint64 m_maxLineLength = 16 * 1024 * 1024;
    PatchParseError m_error;
};

} // namespace Concord
