// SPDX-License-Identifier: GPL-3.0-or-later
#include "patch/patchparser.h"

#include <QBuffer>
#include <QIODevice>
#include <QLocale>
#include <QLoggingCategory>
#include <QStringDecoder>
#include <QTimeZone>

#include <cstring>

Q_LOGGING_CATEGORY(lcPatch, "concord.patch")

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr qint64 s_chunkSize = 1 << 20;
constexpr qint64 s_progressStep = 1 << 20;
/// Bytes kept of a line too long to buffer: enough to classify it.
constexpr qsizetype s_longLineHead = 64;

/// One input line without its "\n" (a "\r" before it is kept).
struct Line
{
    QByteArrayView bytes;
    qint64 offset = 0;     ///< where it starts in the input
    qint64 length = 0;     ///< its full length including the "\n"
    bool truncated = false; ///< longer than the cap: bytes holds only its start
};

/// Reads lines from a device in chunks. Memory stays at one chunk plus the longest line
/// it agreed to buffer; longer lines are skipped through and reported truncated.
class LineReader
{
public:
    explicit LineReader(QIODevice *device)
        : m_device(device)
    {
    }

    /// False at the end of the input or on a read error (see readError()). A line longer
    /// than \a cap is skipped through when \a mayskip (only its head is returned), else
    /// only its head is returned at once and reading stops being meaningful.
    bool next(Line *line, qint64 cap, bool maySkip)
    {
        for (;;) {
            const char *data = m_buf.constData();
            const qsizetype avail = m_buf.size() - m_pos;
            const void *nl = avail > 0 ? std::memchr(data + m_pos, '\n', size_t(avail)) : nullptr;
            if (nl) {
                const qsizetype end = static_cast<const char *>(nl) - data;
                line->bytes = QByteArrayView(data + m_pos, end - m_pos);
                line->offset = m_bufStart + m_pos;
                line->length = end + 1 - m_pos;
                line->truncated = false;
                m_pos = end + 1;
                return true;
            }
            if (m_eof) {
                if (avail <= 0) {
                    return false;
                }
                line->bytes = QByteArrayView(data + m_pos, avail);
                line->offset = m_bufStart + m_pos;
                line->length = avail;
                line->truncated = false;
                m_pos = m_buf.size();
                return true;
            }
            if (avail >= cap) {
                if (!maySkip) {
                    // The caller will refuse the line: do not read gigabytes to find its end.
                    m_longHead = QByteArray(data + m_pos, s_longLineHead);
                    line->bytes = m_longHead;
                    line->offset = m_bufStart + m_pos;
                    line->length = avail;
                    line->truncated = true;
                    m_pos = m_buf.size();
                    return true;
                }
                return skipLongLine(line);
            }
            if (!fill()) {
                return false;
            }
        }
    }

    bool readError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qint64 consumed() const { return m_bufStart + m_pos; }

private:
    /// Moves the unread rest to the front and appends one chunk.
    bool fill()
    {
        if (m_pos > 0) {
            m_buf.remove(0, m_pos);
            m_bufStart += m_pos;
            m_pos = 0;
        }
        const qsizetype old = m_buf.size();
        m_buf.resize(old + s_chunkSize);
        const qint64 n = m_device->read(m_buf.data() + old, s_chunkSize);
        if (n < 0) {
            m_buf.resize(old);
            m_error = m_device->errorString();
            m_eof = true;
            return false;
        }
        m_buf.resize(old + n);
        if (n == 0 && m_device->atEnd()) {
            m_eof = true;
        } else if (n == 0 && !m_device->waitForReadyRead(30000)) {
            m_eof = true;
        }
        return true;
    }

    bool skipLongLine(Line *line)
    {
        m_longHead = QByteArray(m_buf.constData() + m_pos, s_longLineHead);
        const qint64 start = m_bufStart + m_pos;
        for (;;) {
            const qsizetype avail = m_buf.size() - m_pos;
            const void *nl = avail > 0 ? std::memchr(m_buf.constData() + m_pos, '\n', size_t(avail)) : nullptr;
            if (nl) {
                m_pos = static_cast<const char *>(nl) - m_buf.constData() + 1;
                break;
            }
            m_pos = m_buf.size();
            if (m_eof) {
                break;
            }
            m_buf.clear(); // the line's middle is dropped: memory stays bounded
            m_bufStart += m_pos;
            m_pos = 0;
            if (!fill()) {
                return false;
            }
            if (m_buf.isEmpty() && m_eof) {
                break;
            }
        }
        line->bytes = m_longHead;
        line->offset = start;
        line->length = m_bufStart + m_pos - start;
        line->truncated = true;
        return true;
    }

    QIODevice *m_device;
    QByteArray m_buf;
    QByteArray m_longHead;
    qsizetype m_pos = 0;
    qint64 m_bufStart = 0;
    bool m_eof = false;
    QString m_error;
};

QByteArrayView chopCr(QByteArrayView v)
{
    return v.endsWith('\r') ? v.chopped(1) : v;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// "From <40 or 64 hex> " — the separator git format-patch writes before each patch.
bool isMailSeparator(QByteArrayView l)
{
    if (!l.startsWith("From ")) {
        return false;
    }
    qsizetype i = 5;
    while (i < l.size() && isHex(l[i])) {
        ++i;
    }
    const qsizetype n = i - 5;
    return (n == 40 || n == 64) && i < l.size() && l[i] == ' ';
}

QDateTime parseGitDate(QByteArrayView value);

/// A "---"/"+++" name that stands for no file: "/dev/null", a timestamp at the epoch (GNU
/// diff -N writes the missing side of an added or deleted file so, in the local time zone:
/// "1970-01-01 00:00:00.000000000 +0000" or "1969-12-31 19:00:00.000000000 -0500"), or
/// svn's "(revision 0)" / "(nonexistent)".
bool isAbsentSide(QByteArrayView v)
{
    v = chopCr(v);
    if (v == "/dev/null" || v.startsWith("/dev/null\t")) {
        return true;
    }
    const qsizetype tab = v.lastIndexOf('\t');
    if (tab < 0) {
        return false;
    }
    QByteArray stamp = v.sliced(tab + 1).trimmed().toByteArray();
    if (stamp == "(revision 0)" || stamp == "(nonexistent)") {
        return true;
    }
    if (!stamp.startsWith("1970-01-01 ") && !stamp.startsWith("1969-12-31 ")) {
        return false;
    }
    const qsizetype dot = stamp.indexOf('.');
    const qsizetype space = stamp.lastIndexOf(' ');
    if (dot > 0 && space > dot) {
        stamp.remove(dot, space - dot); // the nanoseconds
    }
    const QDateTime t = parseGitDate(stamp);
    return t.isValid() && t.toSecsSinceEpoch() == 0;
}

/// "commit <40 or 64 hex>" optionally followed by " (refs)" or " (from <sha>)": where an
/// entry of `git log -p` / `git show` output begins (git's pretty.c, the "medium" format).
bool isLogCommitLine(QByteArrayView l)
{
    l = chopCr(l);
    if (!l.startsWith("commit ")) {
        return false;
    }
    qsizetype i = 7;
    while (i < l.size() && isHex(l[i])) {
        ++i;
    }
    const qsizetype n = i - 7;
    return (n == 40 || n == 64) && (i == l.size() || l.sliced(i).startsWith(" ("));
}

/// A date as git log prints it: the default "Mon Nov 30 14:32:02 2026 +0000", --date=iso
/// "2026-11-30 14:32:02 +0000", --date=iso-strict and --date=rfc. Invalid when none fits.
QDateTime parseGitDate(QByteArrayView value)
{
    const QString v = QString::fromLatin1(value.trimmed());
    QDateTime d = QDateTime::fromString(v, Qt::RFC2822Date);
    if (d.isValid()) {
        return d;
    }
    d = QDateTime::fromString(v, Qt::ISODate);
    if (d.isValid()) {
        return d;
    }
    // The last word is the offset "+hhmm"; what comes before it is the local time.
    const qsizetype space = v.lastIndexOf(u' ');
    if (space < 0) {
        return {};
    }
    const QString zone = v.mid(space + 1);
    const QString local = v.left(space).simplified();
    if (zone.size() != 5 || (zone[0] != u'+' && zone[0] != u'-')) {
        return {};
    }
    bool okH = false;
    bool okM = false;
    const int hours = zone.mid(1, 2).toInt(&okH);
    const int minutes = zone.mid(3, 2).toInt(&okM);
    if (!okH || !okM) {
        return {};
    }
    const int offset = (zone[0] == u'-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    const QLocale c = QLocale::c();
    for (const QString &format : {u"ddd MMM d HH:mm:ss yyyy"_s, u"yyyy-MM-dd HH:mm:ss"_s}) {
        QDateTime t = c.toDateTime(local, format);
        if (t.isValid()) {
            t.setTimeZone(QTimeZone::fromSecondsAheadOfUtc(offset));
            return t;
        }
    }
    return {};
}

/// A "From " line as git mailsplit takes one for the start of a message: "From ", anything,
/// then a time "hh:mm:ss" (or "h:mm:ss") followed by a year after 1990 (builtin/mailsplit.c,
/// is_from_line). Matches format-patch's "From <sha> Mon Sep 17 00:00:00 2001", mboxrd's
/// "From mboxrd@z Thu Jan  1 00:00:00 1970", b4's "From git@z ...", "From nobody ..." and
/// a mail client's "From user@host Mon Jan  1 12:00:00 2024"; not prose ("From now on").
bool isMboxFromLine(QByteArrayView l)
{
    l = chopCr(l);
    if (l.size() < 19 || !l.startsWith("From ")) {
        return false;
    }
    qsizetype colon = -1;
    for (qsizetype i = l.size() - 1; i >= 5; --i) {
        if (l[i] == ':') {
            colon = i;
            break;
        }
    }
    auto digit = [&](qsizetype i) { return i >= 5 && i < l.size() && l[i] >= '0' && l[i] <= '9'; };
    if (colon < 0 || !digit(colon - 4) || !digit(colon - 2) || !digit(colon - 1) || !digit(colon + 1)
        || !digit(colon + 2)) {
        return false;
    }
    qsizetype i = colon + 3;
    while (i < l.size() && l[i] == ' ') {
        ++i;
    }
    qint64 year = 0;
    int digits = 0;
    while (i < l.size() && l[i] >= '0' && l[i] <= '9' && digits < 6) {
        year = year * 10 + (l[i] - '0');
        ++i;
        ++digits;
    }
    return year > 90;
}

/// Decodes a quoted-printable body (RFC 2045 6.7): "=XX" bytes, "=" at a line end joins
/// the next line.
QByteArray decodeQuotedPrintable(QByteArrayView body)
{
    QByteArray out;
    out.reserve(body.size());
    qsizetype pos = 0;
    while (pos < body.size()) {
        qsizetype end = body.indexOf('\n', pos);
        const bool lastLine = end < 0;
        if (lastLine) {
            end = body.size();
        }
        QByteArrayView line = chopCr(body.sliced(pos, end - pos));
        pos = end + 1;
        bool soft = false;
        for (qsizetype k = 0; k < line.size(); ++k) {
            const char c = line[k];
            if (c != '=') {
                out.append(c);
            } else if (k + 2 < line.size() + 0 && isHex(line[k + 1]) && isHex(line[k + 2])) {
                out.append(char(QByteArray(line.sliced(k + 1, 2).toByteArray()).toInt(nullptr, 16)));
                k += 2;
            } else if (line.sliced(k + 1).trimmed().isEmpty()) {
                soft = true; // a soft line break (trailing white space after it is padding)
                break;
            } else {
                out.append(c);
            }
        }
        if (!soft && !lastLine) {
            out.append('\n');
        }
    }
    return out;
}

/// The value of one parameter of a MIME header value ("text/plain; charset=UTF-8").
QByteArray mimeParameter(QByteArrayView value, QByteArrayView name)
{
    const QByteArray lower = value.toByteArray().toLower();
    const QByteArray key = QByteArray(name.toByteArray().toLower() + '=');
    qsizetype at = 0;
    while ((at = lower.indexOf(key, at)) >= 0) {
        if (at > 0 && lower[at - 1] != ';' && lower[at - 1] != ' ' && lower[at - 1] != '\t') {
            ++at;
            continue;
        }
        QByteArrayView v = value.sliced(at + name.size() + 1);
        if (v.startsWith('"')) {
            const qsizetype close = v.indexOf('"', 1);
            return v.sliced(1, close < 0 ? v.size() - 1 : close - 1).toByteArray();
        }
        const qsizetype semi = v.indexOf(';');
        return (semi < 0 ? v : v.first(semi)).trimmed().toByteArray();
    }
    return {};
}

/// Text in \a charset as UTF-8 (as git mailinfo does); unknown charsets stay as they are.
QByteArray toUtf8(const QByteArray &bytes, const QByteArray &charset)
{
    const QByteArray cs = charset.toLower();
    if (cs.isEmpty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii") {
        return bytes;
    }
    QStringDecoder decoder(cs.constData());
    if (!decoder.isValid()) {
        return bytes;
    }
    return QString(decoder.decode(bytes)).toUtf8();
}

/// Whether a text/plain content type says format=flowed (RFC 3676).
bool isFlowed(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("text/plain")
        && mimeParameter(contentType, "format").toLower() == "flowed";
}

/// Undoes RFC 3676 format=flowed as git mailinfo does: a line ending in a space is joined
/// with the next (the space dropped too with delsp=yes), one leading space of a
/// space-stuffed line goes, and the "-- " signature line stays as it is.
QByteArray unflow(QByteArrayView text, bool delsp)
{
    QByteArray out;
    out.reserve(text.size());
    QByteArray pending; // flowed lines waiting for the line that ends their paragraph
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        const bool hasEnd = end >= 0;
        if (!hasEnd) {
            end = text.size();
        }
        QByteArrayView line = chopCr(text.sliced(pos, end - pos));
        pos = end + 1;
        if (line == "-- ") {
            if (!pending.isEmpty()) {
                out += pending + '\n';
                pending.clear();
            }
            out += line.toByteArray() + '\n';
            continue;
        }
        if (line.startsWith(' ')) {
            line = line.sliced(1);
        }
        if (line.endsWith(' ')) {
            pending += delsp ? line.chopped(1) : line;
            continue;
        }
        out += pending + line.toByteArray();
        pending.clear();
        if (hasEnd) {
            out += '\n';
        }
    }
    if (!pending.isEmpty()) {
        out += pending;
    }
    return out;
}

/// One MIME entity's body decoded from its transfer encoding, converted to UTF-8, and
/// unflowed when it is format=flowed.
QByteArray decodeEntity(QByteArrayView body, const QByteArray &encoding, const QByteArray &contentType)
{
    QByteArray bytes;
    const QByteArray enc = encoding.trimmed().toLower();
    if (enc == "quoted-printable") {
        bytes = decodeQuotedPrintable(body);
    } else if (enc == "base64") {
        QByteArray compact;
        for (char c : body) {
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        bytes = QByteArray::fromBase64(compact);
    } else {
        bytes = body.toByteArray();
    }
    bytes = toUtf8(bytes, mimeParameter(contentType, "charset"));
    if (isFlowed(contentType)) {
        bytes = unflow(bytes, mimeParameter(contentType, "delsp").toLower() == "yes");
    }
    return bytes;
}

/// Whether decoded bytes of an attachment hold a diff: what a mail client attaches as
/// application/octet-stream or application/x-patch is read, an image is not.
bool looksLikeDiff(QByteArrayView bytes)
{
    if (bytes.contains('\0')) {
        return false;
    }
    return bytes.startsWith("diff ") || bytes.startsWith("--- ") || bytes.startsWith("From ")
        || bytes.contains("\ndiff --git ") || bytes.contains("\n--- ") || bytes.contains("\nIndex: ");
}

/// The text of a MIME body: a single part decoded, or the text parts of a multipart body
/// (text/plain, text/x-patch, text/x-diff, ...) decoded and joined, as git mailinfo reads
/// them. Parts of other types (images, signatures) are left out.
QByteArray decodeMimeBody(QByteArrayView body, const QByteArray &encoding, const QByteArray &contentType,
                          int depth = 0)
{
    const QByteArray type = contentType.trimmed().toLower();
    if (!type.startsWith("multipart/") || depth > 4) {
        return decodeEntity(body, encoding, contentType);
    }
    const QByteArray boundary = "--" + mimeParameter(contentType, "boundary");
    if (boundary.size() <= 2) {
        return decodeEntity(body, encoding, contentType);
    }
    QByteArray out;
    qsizetype pos = 0;
    qsizetype partStart = -1;
    auto takePart = [&](qsizetype from, qsizetype to) {
        QByteArrayView part = body.sliced(from, to - from);
        // Part headers up to the first empty line.
        QByteArray partType;
        QByteArray partEncoding;
        QByteArray last;
        qsizetype p = 0;
        while (p < part.size()) {
            qsizetype e = part.indexOf('\n', p);
            if (e < 0) {
                e = part.size();
            }
            const QByteArrayView h = chopCr(part.sliced(p, e - p));
            p = e + 1;
            if (h.isEmpty()) {
                break;
            }
            if ((h.front() == ' ' || h.front() == '\t') && !last.isEmpty()) {
                (last == "content-type" ? partType : partEncoding) += h.toByteArray();
                continue;
            }
            const qsizetype colon = h.indexOf(':');
            last = colon > 0 ? h.first(colon).toByteArray().toLower() : QByteArray();
            if (last == "content-type") {
                partType = h.sliced(colon + 1).trimmed().toByteArray();
            } else if (last == "content-transfer-encoding") {
                partEncoding = h.sliced(colon + 1).trimmed().toByteArray();
            } else {
                last.clear();
            }
        }
        const QByteArray lowerType = partType.trimmed().toLower();
        const bool textual = lowerType.isEmpty() || lowerType.startsWith("text/") || lowerType.startsWith("multipart/");
        const QByteArrayView partBody = p < part.size() ? part.sliced(p) : QByteArrayView();
        QByteArray text = decodeMimeBody(partBody, partEncoding, partType, depth + 1);
        if (!textual && !looksLikeDiff(text)) {
            return; // an image, a signature, a document: not part of the patch
        }
        if (!out.isEmpty() && !out.endsWith('\n')) {
            out.append('\n');
        }
        out += text;
    };
    while (pos < body.size()) {
        qsizetype end = body.indexOf('\n', pos);
        if (end < 0) {
            end = body.size();
        }
        const QByteArrayView line = chopCr(body.sliced(pos, end - pos));
        if (line.startsWith(boundary)) {
            if (partStart >= 0) {
                // The line break before the boundary belongs to the boundary.
                qsizetype to = pos;
                if (to > partStart && body[to - 1] == '\n') {
                    --to;
                    if (to > partStart && body[to - 1] == '\r') {
                        --to;
                    }
                }
                takePart(partStart, to);
            }
            if (line.sliced(boundary.size()).startsWith("--")) {
                partStart = -1;
                break;
            }
            partStart = end + 1;
        }
        pos = end + 1;
    }
    if (partStart >= 0 && partStart < body.size()) {
        takePart(partStart, body.size());
    }
    if (!out.isEmpty() && !out.endsWith('\n')) {
        out.append('\n');
    }
    return out;
}

/// "Name: value" with a header name made of printable characters other than ':'.
bool isHeaderLine(QByteArrayView l)
{
    const qsizetype colon = l.indexOf(':');
    if (colon <= 0) {
        return false;
    }
    for (qsizetype i = 0; i < colon; ++i) {
        const char c = l[i];
        if (c <= ' ' || c > '~') {
            return false;
        }
    }
    return true;
}

/// Parses a non-negative decimal number; false on anything else or overflow.
bool parseNumber(QByteArrayView v, int *out)
{
    if (v.isEmpty() || v.size() > 9) {
        return false;
    }
    int n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') {
            return false;
        }
        n = n * 10 + (c - '0');
    }
    *out = n;
    return true;
}

/// "-a[,b]" / "+c[,d]": the count defaults to 1.
bool parseRange(QByteArrayView v, char sign, int *start, int *count)
{
    if (v.isEmpty() || v.front() != sign) {
        return false;
    }
    v = v.sliced(1);
    const qsizetype comma = v.indexOf(',');
    if (comma < 0) {
        *count = 1;
        return parseNumber(v, start);
    }
    return parseNumber(v.first(comma), start) && parseNumber(v.sliced(comma + 1), count);
}

/// Parses "@@ -a,b +c,d @@ heading"; false when malformed.
bool parseHunkHeader(QByteArrayView l, Hunk *h)
{
    l = chopCr(l);
    if (!l.startsWith("@@ -")) {
        return false;
    }
    const qsizetype close = l.indexOf(" @@", 3);
    if (close < 0) {
        return false;
    }
    const QByteArrayView ranges = l.sliced(3, close - 3);
    const qsizetype space = ranges.indexOf(' ');
    if (space < 0) {
        return false;
    }
    if (!parseRange(ranges.first(space), '-', &h->oldStart, &h->oldCount)
        || !parseRange(ranges.sliced(space + 1), '+', &h->newStart, &h->newCount)) {
        return false;
    }
    QByteArrayView heading = l.sliced(close + 3);
    if (heading.startsWith(' ')) {
        heading = heading.sliced(1);
    }
    h->heading = QString::fromUtf8(heading);
    return true;
}

/// Undoes git's C quoting ("a/caf\303\251" → bytes). Returns the unquoted bytes and sets
/// *consumed to the characters used, or returns an empty array with *consumed = 0.
QByteArray cUnquote(QByteArrayView v, qsizetype *consumed)
{
    *consumed = 0;
    if (v.isEmpty() || v.front() != '"') {
        return {};
    }
    QByteArray out;
    for (qsizetype i = 1; i < v.size(); ++i) {
        const char c = v[i];
        if (c == '"') {
            *consumed = i + 1;
            return out;
        }
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (++i >= v.size()) {
            break;
        }
        const char e = v[i];
        switch (e) {
        case 'a': out.append('\a'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'v': out.append('\v'); break;
        default:
            if (e >= '0' && e <= '3' && i + 2 < v.size()) {
                const int value = (e - '0') * 64 + (v[i + 1] - '0') * 8 + (v[i + 2] - '0');
                out.append(char(value));
                i += 2;
            } else {
                out.append(e);
            }
        }
    }
    return {};
}

/// A path as written after "---", "rename from" etc.: quoted or raw, without a trailing
/// tab and timestamp (diff -u), optionally without its first component (git's -p1).
QString pathFrom(QByteArrayView v, bool stripComponent)
{
    v = chopCr(v);
    QByteArray bytes;
    qsizetype used = 0;
    if (v.startsWith('"')) {
        bytes = cUnquote(v, &used);
    }
    if (used == 0) {
        const qsizetype tab = v.indexOf('\t');
        bytes = (tab >= 0 ? v.first(tab) : v).toByteArray();
        // diff -u puts the timestamp after a tab; git writes no tab and no timestamp.
        while (bytes.endsWith(' ') && tab >= 0) {
            bytes.chop(1);
        }
    }
    if (stripComponent) {
        const qsizetype slash = bytes.indexOf('/');
        if (slash >= 0) {
            bytes.remove(0, slash + 1);
        }
    }
    return QString::fromUtf8(bytes);
}

/// Splits "a/X b/Y" of a "diff --git" line into the two names (prefix stripped).
bool splitGitNames(QByteArrayView rest, QString *oldName, QString *newName)
{
    rest = chopCr(rest);
    if (rest.startsWith('"')) {
        qsizetype used = 0;
        QByteArray a = cUnquote(rest, &used);
        if (used == 0 || used >= rest.size() || rest[used] != ' ') {
            return false;
        }
        *oldName = pathFrom(a, true);
        *newName = pathFrom(rest.sliced(used + 1), true);
        return !newName->isEmpty();
    }
    const qsizetype quoted = rest.indexOf(" \"");
    if (quoted > 0) {
        *oldName = pathFrom(rest.first(quoted), true);
        *newName = pathFrom(rest.sliced(quoted + 1), true);
        return true;
    }
    // Unquoted names may hold spaces: prefer the split that gives the same name twice.
    auto stripFirst = [](QByteArrayView v) {
        const qsizetype slash = v.indexOf('/');
        return slash >= 0 ? v.sliced(slash + 1) : v;
    };
    const qsizetype n = rest.size();
    if (n % 2 == 1) {
        const qsizetype mid = n / 2;
        if (rest[mid] == ' ' && stripFirst(rest.first(mid)) == stripFirst(rest.sliced(mid + 1))) {
            *oldName = QString::fromUtf8(stripFirst(rest.first(mid)));
            *newName = *oldName;
            return true;
        }
    }
    qsizetype split = rest.lastIndexOf(" b/");
    if (split < 0) {
        split = rest.indexOf(' ');
    }
    if (split <= 0) {
        return false;
    }
    *oldName = QString::fromUtf8(stripFirst(rest.first(split)));
    *newName = QString::fromUtf8(stripFirst(rest.sliced(split + 1)));
    return true;
}

void noteMode(FileDiff *f, QByteArrayView mode)
{
    if (mode == "120000") {
        f->symlink = true;
    } else if (mode == "160000") {
        f->submodule = true;
    }
}

/// Checks one line of base85 data of a "GIT binary patch": a length character
/// ('A'-'Z' = 1-26, 'a'-'z' = 27-52) and 5 characters per 4 bytes.
bool isBase85Line(QByteArrayView l)
{
    l = chopCr(l);
    if (l.isEmpty()) {
        return false;
    }
    const char c = l.front();
    int len = 0;
    if (c >= 'A' && c <= 'Z') {
        len = c - 'A' + 1;
    } else if (c >= 'a' && c <= 'z') {
        len = c - 'a' + 27;
    } else {
        return false;
    }
    return l.size() == 1 + 5 * ((len + 3) / 4);
}

QString quoteForMessage(QByteArrayView l)
{
    QByteArrayView shown = chopCr(l).first(qMin<qsizetype>(chopCr(l).size(), 40));
    QString s = QString::fromUtf8(shown);
    for (QChar &ch : s) {
        if (ch.unicode() < 0x20 || ch.unicode() == 0x7f) {
            ch = QChar(0xfffd);
        }
    }
    return u'"' + s + (chopCr(l).size() > 40 ? QStringLiteral("…\"") : QStringLiteral("\""));
}

/// "Name <email>" (a mail's From, a git log's Author) into the header's author fields.
void setAuthor(const QByteArray &value, CommitHeader *h)
{
    const qsizetype lt = value.lastIndexOf('<');
    const qsizetype gt = value.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
        h->authorEmail = QString::fromUtf8(value.mid(lt + 1, gt - lt - 1).trimmed());
        QByteArray name = value.left(lt).trimmed();
        if (name.size() >= 2 && name.startsWith('"') && name.endsWith('"')) {
            qsizetype used = 0;
            const QByteArray unq = cUnquote(name, &used);
            name = used == name.size() ? unq : name.mid(1, name.size() - 2);
        }
        h->author = PatchParser::decodeHeader(name);
    } else {
        h->authorEmail = QString::fromUtf8(value);
        h->author = h->authorEmail;
    }
}

/// The state machine; one instance per parse() call.
class Machine
{
public:
    Machine(PatchParser::Handler &handler, PatchParseError &error, qint64 maxLine)
        : m_handler(handler)
        , m_error(error)
        , m_maxLine(maxLine)
    {
    }

    bool run(QIODevice *device)
    {
        LineReader reader(device);
        Line line;
        qint64 nextProgress = s_progressStep;
        while (reader.next(&line, m_maxLine, m_state == State::HunkBody)) {
            ++m_lineNo;
            m_line = line;
            m_lastLineEnded = line.truncated || line.length > line.bytes.size();
            if (!feed(line)) {
                return false;
            }
            if (line.offset >= nextProgress) {
                nextProgress = line.offset + s_progressStep;
                if (!m_handler.progress(line.offset)) {
                    return cancelled();
                }
            }
        }
        if (reader.readError()) {
            return fail(0, QStringLiteral("read error: ") + reader.errorString());
        }
        m_end = reader.consumed();
        m_totalLines = m_lineNo;
        return finish();
    }

private:
    enum class State {
        Between,      ///< outside any file: junk, separators, the start of a file
        MailHeaders,  ///< the header lines of a mail
        MailMessage,  ///< the commit message
        Diffstat,     ///< after "---", before the first file
        FileHeader,   ///< after "diff --git": extended headers, ---/+++
        PlainHeader,  ///< after a "--- " line outside a git header: needs "+++ "
        HunkBody,
        AfterHunk,    ///< a hunk's counts are used up
        Binary,       ///< inside "GIT binary patch" data
        BinaryGap,    ///< after the blank line ending one binary chunk
        Signature,    ///< after "-- ": nothing until the next mail
        EncodedBody,  ///< a quoted-printable, base64 or multipart mail body, kept to decode
        LogHeaders,   ///< after "commit <sha>" of git log / git show: Author, Date, Merge...
        LogMessage,   ///< the commit message of git log, indented by four spaces
        LogSkip,      ///< a merge's diff against a further parent (git log -m): skipped
    };

    bool fail(qint64 lineNo, const QString &message)
    {
        if (m_inDecoded) {
            // Lines of a decoded body have no line in the input: name the mail's first line.
            m_error.line = m_patch.line;
            m_error.offset = m_patch.offset;
            m_error.message = u"in the decoded text of the mail that starts here, at its line %1: "_s.arg(lineNo)
                + message;
            return false;
        }
        m_error.line = lineNo;
        m_error.offset = lineNo > 0 ? m_line.offset : 0;
        m_error.message = message;
        return false;
    }
    bool failHere(const QString &message) { return fail(m_lineNo, message); }
    bool cancelled()
    {
        m_error = PatchParseError{0, 0, QStringLiteral("cancelled")};
        return false;
    }

    bool checkLength(const Line &l)
    {
        if (l.truncated) {
            return failHere(QStringLiteral("line is longer than %1 MiB; this is not a patch").arg(m_maxLine >> 20));
        }
        return true;
    }

    // --- patches -------------------------------------------------------------------

    bool beginPatch(qint64 offset)
    {
        if (!endPatch(offset, m_lineNo - 1)) {
            return false;
        }
        m_patch = Patch();
        m_patch.offset = offset;
        m_patch.line = m_lineNo;
        m_patchOpen = true;
        m_patchAnnounced = false;
        m_messageLines.clear();
        m_messageBytes = 0;
        m_headerName.clear();
        m_headerValue.clear();
        m_rawHeader.clear();
        m_transferEncoding.clear();
        m_contentType.clear();
        m_formatPatchMail = false;
        m_logEntry = false;
        m_mboxrd = false;
        m_statFiles = -1;
        m_statAdded = 0;
        m_statDeleted = 0;
        m_statFileLines = 0;
        m_sawSignature = false;
        m_inBody = InBody::Start;
        m_commentaryLine = 0;
        m_patchFiles = 0;
        m_patchAdded = 0;
        m_patchDeleted = 0;
        m_lastFilePath.clear();
        return true;
    }

    bool announcePatch()
    {
        if (m_patchAnnounced) {
            return true;
        }
        m_patchAnnounced = true;
        if (m_inBody == InBody::Reading) {
            flushHeader(); // the mail ended inside its in-body headers
        }
        m_inBody = InBody::Done;
        // Trailing blank lines of the message are layout, not content.
        while (!m_messageLines.isEmpty() && m_messageLines.constLast().isEmpty()) {
            m_messageLines.removeLast();
        }
        while (!m_messageLines.isEmpty() && m_messageLines.constFirst().isEmpty()) {
            m_messageLines.removeFirst();
        }
        if (m_logEntry) {
            // git log prints the whole message: its first paragraph is the subject (as
            // git's %s), the rest the message, as in a format-patch mail.
            QByteArrayList subject;
            while (!m_messageLines.isEmpty() && !m_messageLines.constFirst().trimmed().isEmpty()) {
                subject.append(m_messageLines.takeFirst().trimmed());
            }
            while (!m_messageLines.isEmpty() && m_messageLines.constFirst().trimmed().isEmpty()) {
                m_messageLines.removeFirst();
            }
            m_patch.header.subject = QString::fromUtf8(subject.join(' '));
        }
        m_patch.header.message = QString::fromUtf8(m_messageLines.join('\n'));
        m_messageLines.clear();
        if (!m_handler.patchStarted(m_patch.header, m_patch.offset)) {
            return cancelled();
        }
        return true;
    }

    /// Compares what a mail's diff held with what its diffstat promised, and asks for the
    /// signature git format-patch ends a mail with: a mail cut short (a half-copied
    /// download) must not pass for a complete commit.
    bool checkComplete(qint64 endLine)
    {
        const int promised = m_statFiles >= 0 ? m_statFiles : m_statFileLines;
        if (promised <= 0) {
            return true;
        }
        const QString where = m_patchFiles == 0 ? u"before its first file"_s
                                                : u"after %1"_s.arg(m_lastFilePath);
        if (m_patchFiles < promised) {
            return fail(endLine, u"the mail ends at line %1 %2: its diffstat promised %3 files, %4 were read "
                                 "(truncated?)"_s.arg(endLine).arg(where).arg(promised).arg(m_patchFiles));
        }
        if (m_statFiles >= 0 && (m_patchAdded < m_statAdded || m_patchDeleted < m_statDeleted)) {
            return fail(endLine, u"the mail ends at line %1 %2: its diffstat promised %3 added and %4 deleted "
                                 "lines, %5 and %6 were read (truncated?)"_s.arg(endLine)
                                     .arg(where)
                                     .arg(m_statAdded)
                                     .arg(m_statDeleted)
                                     .arg(m_patchAdded)
                                     .arg(m_patchDeleted));
        }
        // format-patch --attach/--inline (MIME multipart) writes no signature, nor does
        // format-patch --no-signature. Without one, the diffstat's summary must match what
        // was read exactly and the last line must be whole: a cut at any file, hunk or line
        // boundary then shows in the counts, a cut inside a line in its missing line end.
        if (m_formatPatchMail && !m_sawSignature && !m_contentType.trimmed().toLower().startsWith("multipart/")) {
            const bool statMatches = m_statFiles >= 0 && m_statFiles == m_patchFiles
                && m_statAdded == m_patchAdded && m_statDeleted == m_patchDeleted;
            const bool atEndOfInput = endLine >= m_totalLines && m_totalLines > 0;
            if (atEndOfInput && !m_lastLineEnded) {
                return fail(endLine, u"the mail ends at line %1 %2 inside a line (no line end) and without the \"-- \" "
                                     "line that git format-patch writes after the diff (truncated?)"_s.arg(endLine).arg(where));
            }
            if (!statMatches) {
                return fail(endLine, u"the mail ends at line %1 %2 without the \"-- \" line that git format-patch "
                                     "writes after the diff (truncated?)"_s.arg(endLine).arg(where));
            }
        }
        return true;
    }

    bool endPatch(qint64 end, qint64 endLine)
    {
        if (!endFile(end)) {
            return false;
        }
        if (!m_patchOpen) {
            return true;
        }
        if (!checkComplete(endLine)) {
            return false;
        }
        if (m_commentaryLine > 0 && m_patchFiles > 0) {
            // As git apply and GNU patch: text after the last hunk (review comments, prose,
            // a signature without "-- ") is not part of the diff.
            const QString message = m_commentaryDecoded
                ? u"text after the last hunk of %1 (from line %2 of the mail's decoded text) is not part of the "
                  "diff: kept in the stored patch, not counted"_s.arg(m_lastFilePath)
                      .arg(m_commentaryLine)
                : u"text after the last hunk of %1 (lines %2 to %3) is not part of the diff: kept in the stored "
                  "patch, not counted"_s.arg(m_lastFilePath)
                      .arg(m_commentaryLine)
                      .arg(endLine);
            if (!m_handler.warning(m_commentaryDecoded ? m_patch.line : m_commentaryLine, message)) {
                return cancelled();
            }
        }
        m_commentaryLine = 0;
        if (!announcePatch()) {
            return false;
        }
        m_patchOpen = false;
        m_patch.length = end - m_patch.offset;
        ++m_patches;
        if (!m_handler.patchFinished(m_patch)) {
            return cancelled();
        }
        return true;
    }

    // --- files ---------------------------------------------------------------------

    bool beginFile(qint64 offset)
    {
        if (!endFile(offset)) {
            return false;
        }
        if (!m_patchOpen) {
            // A plain diff: one patch without a mail header, from the start of the input.
            if (!beginPatch(m_patches == 0 ? 0 : offset)) {
                return false;
            }
            if (m_patches == 0) {
                m_patch.line = 1;
            }
        }
        if (!announcePatch()) {
            return false;
        }
        m_file = FileDiff();
        m_file.offset = offset;
        m_fileOpen = true;
        m_commentaryLine = 0;
        m_sawRenameOrCopy = false;
        return true;
    }

    bool endFile(qint64 end)
    {
        if (!m_fileOpen) {
            return true;
        }
        m_fileOpen = false;
        FileDiff &f = m_file;
        f.length = end - f.offset;
        if (f.change == FileDiff::Change::Added) {
            f.oldPath.clear();
        } else if (f.change == FileDiff::Change::Deleted) {
            f.newPath.clear();
        }
        if (f.oldPath.isEmpty() && f.newPath.isEmpty()) {
            return fail(m_fileLine, QStringLiteral("file section has no file name"));
        }
        ++m_files;
        ++m_patchFiles;
        m_patchAdded += f.added;
        m_patchDeleted += f.deleted;
        m_lastFilePath = f.displayPath();
        if (!m_handler.fileParsed(f)) {
            return cancelled();
        }
        return true;
    }

    bool beginHunk(const Line &l)
    {
        Hunk h;
        if (!parseHunkHeader(l.bytes, &h)) {
            return failHere(QStringLiteral("malformed hunk header %1").arg(quoteForMessage(l.bytes)));
        }
        h.offset = l.offset;
        h.length = l.length;
        m_hunkLine = m_lineNo;
        m_oldLeft = h.oldCount;
        m_newLeft = h.newCount;
        m_file.hunks.append(h);
        m_state = (m_oldLeft == 0 && m_newLeft == 0) ? State::AfterHunk : State::HunkBody;
        return true;
    }

    QString countsMessage() const
    {
        const Hunk &h = m_file.hunks.constLast();
        return QStringLiteral("the hunk at line %1 announces %2 old and %3 new lines but has %4 and %5")
            .arg(m_hunkLine)
            .arg(h.oldCount)
            .arg(h.newCount)
            .arg(h.oldCount - m_oldLeft)
            .arg(h.newCount - m_newLeft);
    }

    // --- the line dispatcher -------------------------------------------------------

    bool feed(const Line &l)
    {
        switch (m_state) {
        case State::Between:
            return feedBetween(l);
        case State::MailHeaders:
            return feedMailHeader(l);
        case State::MailMessage:
            return feedMessage(l);
        case State::Diffstat:
            return feedDiffstat(l);
        case State::FileHeader:
            return feedFileHeader(l);
        case State::PlainHeader:
            return feedPlainHeader(l);
        case State::HunkBody:
            return feedHunkBody(l);
        case State::AfterHunk:
            return feedAfterHunk(l);
        case State::Binary:
            return feedBinary(l);
        case State::BinaryGap:
            return feedBinaryGap(l);
        case State::Signature:
            return feedSignature(l);
        case State::EncodedBody:
            return feedEncodedBody(l);
        case State::LogHeaders:
            return feedLogHeader(l);
        case State::LogMessage:
            return feedLogMessage(l);
        case State::LogSkip:
            if (isMessageStart(l) || isLogCommitLine(l.bytes)) {
                m_state = State::Between;
                return feedBetween(l);
            }
            return true;
        }
        return true;
    }

    /// Where a new mail begins, as git mailsplit splits a mailbox: a format-patch "From
    /// <sha>" line or any mbox "From " line with a time and year (see isMboxFromLine),
    /// wherever a file may end. Like git mailsplit, no empty line is needed before it:
    /// git's own t5100/sample.mbox has mails that follow a signature or a hunk directly.
    bool isMessageStart(const Line &l) const
    {
        if (m_inDecoded) {
            return false;
        }
        if (isMailSeparator(l.bytes)) {
            return true;
        }
        return isMboxFromLine(l.bytes);
    }

    /// Lines that start something wherever a file may end.
    /// Returns true when the line was taken (with *ok set).
    bool startsSomething(const Line &l, bool *ok)
    {
        const QByteArrayView b = l.bytes;
        if (isMessageStart(l)) {
            *ok = startMail(l);
            return true;
        }
        if (!m_inDecoded && isLogCommitLine(b)) {
            *ok = startLogEntry(l);
            return true;
        }
        if (b.startsWith("diff --git ")) {
            *ok = startGitFile(l);
            return true;
        }
        if (b.startsWith("diff --cc ") || b.startsWith("diff --combined ")) {
            *ok = failCombined(m_lineNo, b.startsWith("diff --cc ") ? "diff --cc" : "diff --combined");
            return true;
        }
        if (b.startsWith("--- ")) {
            *ok = endFile(l.offset);
            m_pendingMinus = l.bytes.toByteArray();
            m_pendingOffset = l.offset;
            m_pendingLine = m_lineNo;
            m_state = State::PlainHeader;
            return true;
        }
        return false;
    }

    bool startMail(const Line &l)
    {
        if (!beginPatch(l.offset)) {
            return false;
        }
        if (isMailSeparator(l.bytes)) {
            m_patch.header.sha = l.bytes.sliced(5, l.bytes.indexOf(' ', 5) - 5).toByteArray().toLower();
            m_formatPatchMail = true;
        }
        m_mboxrd = l.bytes.startsWith("From mboxrd@z ");
        m_state = State::MailHeaders;
        return true;
    }

    /// "Binary files A and B differ" outside a "diff --git" section (diff -r, diff -u on
    /// binary files): a binary file with no content, as git diff without --binary shows one.
    bool startBinaryFile(const Line &l)
    {
        if (!beginFile(l.offset)) {
            return false;
        }
        m_fileLine = m_lineNo;
        m_gitFile = false;
        const QByteArrayView names = chopCr(l.bytes).sliced(13).chopped(7);
        // Names may hold " and ": prefer the split that gives the same name on both sides.
        qsizetype split = names.indexOf(" and ");
        for (qsizetype at = split; at >= 0; at = names.indexOf(" and ", at + 1)) {
            if (pathFrom(names.first(at), true) == pathFrom(names.sliced(at + 5), true)) {
                split = at;
                break;
            }
        }
        if (split < 0) {
            return failHere(u"\"Binary files\" line without two file names"_s);
        }
        const QByteArrayView a = names.first(split);
        const QByteArrayView b = names.sliced(split + 5);
        if (a == "/dev/null") {
            m_file.change = FileDiff::Change::Added;
        } else {
            m_file.oldPath = pathFrom(a, true);
        }
        if (b == "/dev/null") {
            m_file.change = FileDiff::Change::Deleted;
        } else {
            m_file.newPath = pathFrom(b, true);
        }
        m_file.binary = true;
        m_state = State::AfterHunk;
        return true;
    }

    /// "commit <sha>" of git log -p / git show: an entry keyed by its sha, like a
    /// format-patch mail.
    /// "abc1234 Subject" or "abc1234 (HEAD -> main) Subject": git log --oneline.
    static bool isOnelineLogLine(QByteArrayView b)
    {
        qsizetype i = 0;
        while (i < b.size() && isHex(b[i]) && !(b[i] >= 'A' && b[i] <= 'F')) {
            ++i;
        }
        // Abbreviated only: a full id ("<sha> (from <parent>)" of git diff-tree) names its commit.
        return i >= 7 && i < 40 && i + 1 < b.size() && b[i] == ' ' && b[i + 1] != ' ';
    }

    bool startLogEntry(const Line &l)
    {
        const QByteArrayView b = chopCr(l.bytes);
        const qsizetype end = b.indexOf(' ', 7);
        const QByteArray sha = (end < 0 ? b.sliced(7) : b.sliced(7, end - 7)).toByteArray().toLower();
        const QByteArrayView rest = end < 0 ? QByteArrayView() : b.sliced(end + 1);
        if (rest.startsWith("(from ") && sha == m_lastLogSha) {
            // git log -m: a merge shown once per parent. The first diff (against the first
            // parent, as git show --first-parent) is the commit's; the others are skipped.
            if (!endPatch(l.offset, m_lineNo - 1)) {
                return false;
            }
            if (!m_handler.warning(m_lineNo, u"commit %1 is shown again with its diff against another parent %2 "
                                             "(git log -m): only its diff against the first parent is imported"_s.arg(
                                                 QString::fromLatin1(sha.left(12)), quoteForMessage(rest)))) {
                return cancelled();
            }
            m_state = State::LogSkip;
            return true;
        }
        if (!beginPatch(l.offset)) {
            return false;
        }
        m_patch.header.sha = sha;
        m_lastLogSha = sha;
        m_logEntry = true;
        m_state = State::LogHeaders;
        return true;
    }

    bool feedLogHeader(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        const QByteArrayView b = chopCr(l.bytes);
        if (b.isEmpty()) {
            m_state = State::LogMessage;
            return true;
        }
        if (!isHeaderLine(b)) {
            // No message (git log --format with a diff right after the header).
            m_state = State::Between;
            return feedBetween(l);
        }
        const qsizetype colon = b.indexOf(':');
        const QByteArray name = b.first(colon).toByteArray().toLower();
        const QByteArray value = b.sliced(colon + 1).trimmed().toByteArray();
        if (name == "author") {
            setAuthor(value, &m_patch.header);
        } else if (name == "date" || name == "authordate") {
            m_patch.header.date = parseGitDate(value);
        }
        return true; // Merge:, Commit:, CommitDate:, Reflog: say nothing an item keeps
    }

    bool feedLogMessage(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        const QByteArrayView b = chopCr(l.bytes);
        if (b.startsWith("    ")) {
            m_messageBytes += b.size() - 3;
            if (m_messageBytes > m_maxLine) {
                return failHere(u"commit message longer than %1 MiB"_s.arg(m_maxLine >> 20));
            }
            m_messageLines.append(b.sliced(4).toByteArray());
            return true;
        }
        if (b.isEmpty()) {
            return true;
        }
        // The message ends at the first line that is not indented: a diff, the next commit.
        m_state = State::Between;
        return feedBetween(l);
    }

    /// Merges shown as combined diffs (git show of a merge, git log -p --cc) have three-way
    /// hunks "@@@" that no two-way diff can hold: refused rather than read as empty files.
    bool failCombined(qint64 lineNo, const char *what)
    {
        return fail(lineNo, u"a combined diff (%1) of a merge commit: Concord imports two-way diffs"_s.arg(
                                QString::fromLatin1(what)));
    }

    bool startGitFile(const Line &l)
    {
        if (m_onelineLine > 0 && m_onelineLine == m_lineNo - 1 && !m_inDecoded) {
            // The commits' boundaries are there, but not their shas: an abbreviated id is
            // no key to tell commits apart, and the diffs would run together.
            return fail(m_onelineLine, u"this looks like git log --oneline -p output (\"abbreviated-sha subject\" "
                                       "before each diff): it does not name the commits in full; export them with "
                                       "git log -p or git format-patch instead"_s);
        }
        if (!beginFile(l.offset)) {
            return false;
        }
        m_fileLine = m_lineNo;
        m_gitFile = true;
        if (!splitGitNames(l.bytes.sliced(11), &m_file.oldPath, &m_file.newPath)) {
            return failHere(QStringLiteral("\"diff --git\" line without two file names"));
        }
        m_state = State::FileHeader;
        return true;
    }

    bool feedBetween(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        bool ok = true;
        if (startsSomething(l, &ok)) {
            return ok;
        }
        const QByteArrayView b = chopCr(l.bytes);
        if (!m_logEntry && !m_formatPatchMail && isOnelineLogLine(b)) {
            m_onelineLine = m_lineNo;
        }
        if (m_patchOpen && m_patchFiles > 0 && m_commentaryLine == 0 && !b.trimmed().isEmpty()
            && !b.startsWith("Only in ")) {
            m_commentaryLine = m_lineNo; // text after a file: a next file's preamble, or commentary
            m_commentaryDecoded = m_inDecoded;
        }
        if (m_lineNo == 1 && !m_patchOpen && isHeaderLine(b)
            && (b.startsWith("From:") || b.startsWith("Subject:") || b.startsWith("Date:"))) {
            // A mail without the "From <sha>" line (what a mail client saves).
            if (!beginPatch(l.offset)) {
                return false;
            }
            m_state = State::MailHeaders;
            return feedMailHeader(l);
        }
        if (b.startsWith("@@ -")) {
            return failHere(QStringLiteral("hunk without a file header (no \"diff --git\" or \"---\"/\"+++\" before it)"));
        }
        if (b.startsWith("@@@ -")) {
            return failCombined(m_lineNo, "\"@@@\" hunks");
        }
        if (b.startsWith("Binary files ") && b.endsWith(" differ")) {
            return startBinaryFile(l);
        }
        if (b.startsWith("Only in ") && b.indexOf(": ") > 8) {
            // diff -r without -N names such files and folders but shows none of their content.
            if (!m_handler.warning(m_lineNo, u"%1: diff -r lists this file or folder on one side only, without "
                                             "its content (diff -N would include it); not imported"_s.arg(
                                                 quoteForMessage(b)))) {
                return cancelled();
            }
        }
        if (b.startsWith("*** ")) {
            m_starLine = m_lineNo;
            m_starOffset = l.offset;
        }
        if ((b == "-- " || b == "--") && m_patchOpen && m_patch.line > 0 && m_files > 0) {
            // The signature after a last file without hunks (a mode change, a rename).
            m_sawSignature = true;
            m_state = State::Signature;
        }
        return true; // junk between files, as git apply allows
    }

    // --- mail ----------------------------------------------------------------------

    bool flushHeader()
    {
        if (m_headerName.isEmpty()) {
            return true;
        }
        const QByteArray name = m_headerName.toLower();
        QByteArray value = m_headerValue.trimmed();
        m_headerName.clear();
        m_headerValue.clear();
        if (value.contains('\0')) {
            // A NUL would end the value wherever it is read as a C string: keep what follows it.
            value.replace('\0', "\xef\xbf\xbd"); // U+FFFD
            if (!m_handler.warning(m_headerLine, u"the %1 header holds a NUL byte; it is kept as \uFFFD"_s.arg(
                                                     QString::fromLatin1(name)))) {
                return cancelled();
            }
        }
        CommitHeader &h = m_patch.header;
        if (name == "from") {
            setAuthor(value, &h);
        } else if (name == "date") {
            h.date = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
        } else if (name == "subject") {
            // As git mailinfo's cleanup_subject: leading "Re:", ":" and "[PATCH n/m]",
            // "[RFC]", "[list-name]" groups go; they are kept in subjectPrefix.
            QString s = PatchParser::decodeHeader(value).trimmed();
            QStringList prefix;
            for (;;) {
                if (s.startsWith(u'[') && s.indexOf(u']') > 0) {
                    const qsizetype close = s.indexOf(u']');
                    prefix.append(s.left(close + 1));
                    s = s.mid(close + 1);
                } else if (s.size() > 3 && s.startsWith(u"re:"_s, Qt::CaseInsensitive)) {
                    prefix.append(s.left(3));
                    s = s.mid(3);
                } else if (s.startsWith(u':') || s.startsWith(u' ') || s.startsWith(u'\t')) {
                    s = s.mid(1);
                } else {
                    break;
                }
            }
            h.subject = s.trimmed();
            h.subjectPrefix = prefix.join(u' ');
        } else if (name == "message-id") {
            h.messageId = QString::fromUtf8(value);
        } else if (name == "content-transfer-encoding") {
            m_transferEncoding = value.toLower();
        } else if (name == "content-type") {
            m_contentType = value;
        }
        return true;
    }

    bool feedMailHeader(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        const QByteArrayView b = chopCr(l.bytes);
        if (b.isEmpty()) {
            if (!flushHeader()) {
                return false;
            }
            m_bodyLine = m_lineNo + 1;
            m_state = bodyIsEncoded() ? State::EncodedBody : State::MailMessage;
            return true;
        }
        if (m_rawHeader.size() < m_maxLine) {
            m_rawHeader += b.toByteArray() + '\n';
        }
        if ((b.front() == ' ' || b.front() == '\t') && !m_headerName.isEmpty()) {
            // RFC 5322 unfolding: the line break goes, the white space stays.
            m_headerValue += b.toByteArray();
            if (m_headerValue.size() > m_maxLine) {
                return failHere(QStringLiteral("mail header longer than %1 MiB").arg(m_maxLine >> 20));
            }
            return true;
        }
        if (!flushHeader()) {
            return false;
        }
        if (isHeaderLine(b)) {
            const qsizetype colon = b.indexOf(':');
            m_headerName = b.first(colon).toByteArray();
            m_headerValue = b.sliced(colon + 1).toByteArray();
            m_headerLine = m_lineNo;
            return true;
        }
        // Not a header: the message starts without the blank line.
        m_bodyLine = m_lineNo;
        m_state = bodyIsEncoded() ? State::EncodedBody : State::MailMessage;
        return feed(l);
    }

    bool bodyIsEncoded() const
    {
        return m_transferEncoding == "quoted-printable" || m_transferEncoding == "base64"
            || m_contentType.trimmed().toLower().startsWith("multipart/") || isFlowed(m_contentType);
    }

    bool feedEncodedBody(const Line &l)
    {
        if (isMessageStart(l)) {
            return decodeBody() && startMail(l);
        }
        m_encodedBody += l.bytes.toByteArray();
        if (l.length > l.bytes.size()) {
            m_encodedBody += '\n';
        }
        if (m_encodedBody.size() > m_maxLine) {
            return failHere(u"encoded mail body longer than %1 MiB"_s.arg(m_maxLine >> 20));
        }
        return true;
    }

    /// Decodes a mail body kept in EncodedBody and reads the decoded text as if it had
    /// been the mail's body. The mail's bytes become m_patch.decoded (header as read, minus
    /// its MIME lines, then the text); offsets of files and hunks count from the mail's
    /// offset into those bytes.
    bool decodeBody()
    {
        const QByteArray text = decodeMimeBody(m_encodedBody, m_transferEncoding, m_contentType);
        m_encodedBody.clear();
        QByteArray decoded;
        bool skipping = false;
        for (const QByteArray &h : m_rawHeader.split('\n')) {
            if (h.isEmpty()) {
                continue;
            }
            if (h.front() == ' ' || h.front() == '\t') {
                if (!skipping) {
                    decoded += h + '\n';
                }
                continue;
            }
            const QByteArray name = h.left(qMax<qsizetype>(0, h.indexOf(':'))).toLower();
            skipping = name == "content-type" || name == "content-transfer-encoding" || name == "mime-version";
            if (!skipping) {
                decoded += h + '\n';
            }
        }
        decoded += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n";
        const qsizetype bodyStart = decoded.size();
        decoded += text;
        m_patch.decoded = decoded;

        const qint64 savedLine = m_lineNo;
        const Line savedCurrent = m_line;
        m_inDecoded = true;
        m_lineNo = 0;
        m_state = State::MailMessage;
        const QByteArrayView all(m_patch.decoded);
        qsizetype pos = bodyStart;
        bool ok = true;
        while (ok && pos < all.size()) {
            qsizetype end = all.indexOf('\n', pos);
            const qsizetype next = end < 0 ? all.size() : end + 1;
            if (end < 0) {
                end = all.size();
            }
            Line line;
            line.bytes = all.sliced(pos, end - pos);
            line.offset = m_patch.offset + pos;
            line.length = next - pos;
            ++m_lineNo;
            m_line = line;
            ok = feed(line);
            pos = next;
        }
        const qint64 end = m_patch.offset + all.size();
        ok = ok && checkEndOfInput() && endFile(end);
        m_inDecoded = false;
        m_lineNo = savedLine;
        m_line = savedCurrent;
        m_state = State::Signature; // the rest of the mail was decoded: wait for the next
        return ok;
    }

    /// "From:", "Subject:" or "Date:" at the start of a mail's body: git mailinfo's in-body
    /// headers, which override the mail's own (a patch forwarded or sent for someone else).
    static bool isInBodyHeader(QByteArrayView b)
    {
        for (const QByteArrayView name : {QByteArrayView("from:"), QByteArrayView("subject:"), QByteArrayView("date:")}) {
            if (b.size() >= name.size() && QByteArrayView(b.first(name.size())).compare(name, Qt::CaseInsensitive) == 0) {
                return true;
            }
        }
        return false;
    }

    /// Reads in-body headers at the start of a mail's message. True when the line was
    /// taken as one (or as the blank line ending them).
    bool takeInBodyHeader(QByteArrayView b)
    {
        if (m_inBody == InBody::Done || m_logEntry) {
            return false;
        }
        if (m_inBody == InBody::Start) {
            if (b.trimmed().isEmpty()) {
                return false; // leading blank lines: layout
            }
            if (!isInBodyHeader(b)) {
                m_inBody = InBody::Done;
                return false;
            }
            m_inBody = InBody::Reading;
        } else if (b.isEmpty()) {
            flushHeader();
            m_inBody = InBody::Done;
            return true;
        } else if ((b.front() == ' ' || b.front() == '\t') && !m_headerName.isEmpty()) {
            if (m_headerValue.size() < m_maxLine) {
                m_headerValue += b.toByteArray();
            }
            return true;
        } else if (!isInBodyHeader(b)) {
            flushHeader();
            m_inBody = InBody::Done;
            return false;
        }
        flushHeader();
        const qsizetype colon = b.indexOf(':');
        m_headerName = b.first(colon).toByteArray();
        m_headerValue = b.sliced(colon + 1).toByteArray();
        m_headerLine = m_lineNo;
        return true;
    }

    bool feedMessage(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        QByteArrayView b = chopCr(l.bytes);
        if (takeInBodyHeader(b)) {
            return true;
        }
        if (m_inBody == InBody::Reading) {
            flushHeader();
            m_inBody = InBody::Done;
        }
        if (b == "---") {
            m_state = State::Diffstat;
            return announcePatch();
        }
        if (b.startsWith("diff --git ") || isMessageStart(l)) {
            bool ok = true;
            startsSomething(l, &ok);
            return ok;
        }
        if (b.startsWith("--- ")) {
            // A mail client's message with a diff -u right after the text (no "---" line).
            bool ok = true;
            startsSomething(l, &ok);
            m_plainFromMessage = true;
            return ok;
        }
        if (m_mboxrd && b.startsWith(">")) {
            // mboxrd quotes ">*From " lines of a body with one more '>'.
            qsizetype k = 0;
            while (k < b.size() && b[k] == '>') {
                ++k;
            }
            if (b.sliced(k).startsWith("From ")) {
                b = b.sliced(1);
            }
        }
        m_messageBytes += b.size() + 1;
        if (m_messageBytes > m_maxLine) {
            return failHere(QStringLiteral("commit message longer than %1 MiB").arg(m_maxLine >> 20));
        }
        m_messageLines.append(b.toByteArray());
        return true;
    }

    bool feedDiffstat(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        bool ok = true;
        const QByteArrayView b = chopCr(l.bytes);
        if (b.startsWith("diff --git ") || isMessageStart(l)) {
            startsSomething(l, &ok);
            return ok;
        }
        if (b.startsWith("--- ")) {
            startsSomething(l, &ok);
            return ok;
        }
        if (b == "-- " || b == "--") {
            m_sawSignature = true;
            m_state = State::Signature;
            return true;
        }
        noteDiffstatLine(b);
        return true;
    }

    /// " 5 files changed, 10 insertions(+), 3 deletions(-)" and " path | 12 +++---".
    void noteDiffstatLine(QByteArrayView b)
    {
        const QByteArrayView t = b.trimmed();
        qsizetype i = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            ++i;
        }
        if (i > 0 && (t.sliced(i).startsWith(" file changed") || t.sliced(i).startsWith(" files changed"))) {
            int n = 0;
            parseNumber(t.first(i), &n);
            m_statFiles = n;
            for (const QByteArrayView part : {QByteArrayView("insertion"), QByteArrayView("deletion")}) {
                const qsizetype at = t.indexOf(part);
                if (at < 2) {
                    continue;
                }
                qsizetype start = at - 1; // the space before the word
                qsizetype d = start;
                while (d > 0 && t[d - 1] >= '0' && t[d - 1] <= '9') {
                    --d;
                }
                int count = 0;
                if (parseNumber(t.sliced(d, start - d), &count)) {
                    (part == "insertion" ? m_statAdded : m_statDeleted) = count;
                }
            }
            return;
        }
        const qsizetype bar = b.indexOf(" | ");
        if (b.startsWith(' ') && bar > 1) {
            const QByteArrayView right = b.sliced(bar + 3).trimmed();
            if (right.startsWith("Bin") || (!right.isEmpty() && right.front() >= '0' && right.front() <= '9')) {
                ++m_statFileLines;
            }
        }
    }

    // --- file headers --------------------------------------------------------------

    bool feedFileHeader(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        const QByteArrayView b = chopCr(l.bytes);
        FileDiff &f = m_file;
        auto after = [&](const char *prefix) { return b.sliced(qsizetype(std::strlen(prefix))); };
        if (b.startsWith("@@ -")) {
            return beginHunk(l);
        }
        if (b.startsWith("old mode ")) {
            f.oldMode = QString::fromLatin1(after("old mode "));
            noteMode(&f, after("old mode "));
        } else if (b.startsWith("new mode ")) {
            f.newMode = QString::fromLatin1(after("new mode "));
            noteMode(&f, after("new mode "));
        } else if (b.startsWith("deleted file mode ")) {
            f.oldMode = QString::fromLatin1(after("deleted file mode "));
            noteMode(&f, after("deleted file mode "));
            f.change = FileDiff::Change::Deleted;
        } else if (b.startsWith("new file mode ")) {
            f.newMode = QString::fromLatin1(after("new file mode "));
            noteMode(&f, after("new file mode "));
            f.change = FileDiff::Change::Added;
        } else if (b.startsWith("similarity index ") || b.startsWith("dissimilarity index ")) {
            QByteArrayView v = after(b.startsWith("s") ? "similarity index " : "dissimilarity index ");
            if (v.endsWith('%')) {
                v.chop(1);
            }
            int n = 0;
            if (!parseNumber(v, &n) || n > 100) {
                return failHere(QStringLiteral("malformed similarity index %1").arg(quoteForMessage(b)));
            }
            f.similarity = b.startsWith("s") ? n : 100 - n;
        } else if (b.startsWith("rename from ") || b.startsWith("copy from ")) {
            f.oldPath = pathFrom(b.sliced(b.indexOf(" from ") + 6), false);
            f.change = b.startsWith("r") ? FileDiff::Change::Renamed : FileDiff::Change::Copied;
            m_sawRenameOrCopy = true;
        } else if (b.startsWith("rename to ") || b.startsWith("copy to ")) {
            f.newPath = pathFrom(b.sliced(b.indexOf(" to ") + 4), false);
            f.change = b.startsWith("r") ? FileDiff::Change::Renamed : FileDiff::Change::Copied;
            m_sawRenameOrCopy = true;
        } else if (b.startsWith("rename old ") || b.startsWith("rename new ")) {
            (b.startsWith("rename old ") ? f.oldPath : f.newPath) = pathFrom(b.sliced(11), false);
            f.change = FileDiff::Change::Renamed;
            m_sawRenameOrCopy = true;
        } else if (b.startsWith("index ")) {
            QByteArrayView v = after("index ");
            const qsizetype space = v.indexOf(' ');
            if (space >= 0) {
                const QByteArrayView mode = v.sliced(space + 1);
                noteMode(&f, mode);
                if (f.oldMode.isEmpty() && f.newMode.isEmpty()) {
                    f.oldMode = f.newMode = QString::fromLatin1(mode);
                }
                v = v.first(space);
            }
            const qsizetype dots = v.indexOf("..");
            if (dots < 0) {
                return failHere(QStringLiteral("malformed index line %1").arg(quoteForMessage(b)));
            }
            f.oldIndex = v.first(dots).toByteArray();
            f.newIndex = v.sliced(dots + 2).toByteArray();
        } else if (b.startsWith("--- ")) {
            const QByteArrayView v = after("--- ");
            if (v == "/dev/null") {
                f.change = FileDiff::Change::Added;
            } else if (!m_sawRenameOrCopy) {
                f.oldPath = pathFrom(v, true);
            }
        } else if (b.startsWith("+++ ")) {
            const QByteArrayView v = after("+++ ");
            if (v == "/dev/null") {
                f.change = FileDiff::Change::Deleted;
            } else if (!m_sawRenameOrCopy) {
                f.newPath = pathFrom(v, true);
            }
        } else if (b == "GIT binary patch") {
            f.binary = true;
            m_binaryChunks = 0;
            m_binaryLines = 0;
            m_state = State::BinaryGap;
            m_binaryLine = m_lineNo;
        } else if (b.startsWith("Binary files ") && b.endsWith(" differ")) {
            f.binary = true;
            m_state = State::AfterHunk;
        } else {
            // Not an extended header: the file had no hunks (mode change, empty file...).
            m_state = State::Between;
            return feedAfterFile(l);
        }
        return true;
    }

    bool feedPlainHeader(const Line &l)
    {
        if (!checkLength(l)) {
            return false;
        }
        const QByteArrayView b = chopCr(l.bytes);
        const bool fromMessage = m_plainFromMessage;
        m_plainFromMessage = false;
        if (b.startsWith("***************")) {
            // "*** OLD", "--- NEW", then the hunk separator: a context diff (diff -c).
            const bool header = m_starLine == m_pendingLine - 1;
            fail(header ? m_starLine : m_lineNo, u"a context diff (diff -c, \"***\"/\"---\" hunks): Concord "
                                                 "imports unified diffs (diff -u, git diff)"_s);
            m_error.offset = header ? m_starOffset : l.offset;
            return false;
        }
        if (!b.startsWith("+++ ")) {
            if (fromMessage) {
                // Text of the message after all: keep both lines in it.
                m_messageLines.append(chopCr(QByteArrayView(m_pendingMinus)).toByteArray());
                m_state = State::MailMessage;
                return feedMessage(l);
            }
            // The "---" line was junk (or a message line); look at this one afresh.
            m_state = State::Between;
            return feedBetween(l);
        }
        if (!beginFile(m_pendingOffset)) {
            return false;
        }
        m_fileLine = m_pendingLine;
        m_gitFile = false;
        const QByteArrayView minus = chopCr(QByteArrayView(m_pendingMinus)).sliced(4);
        const QByteArrayView plus = b.sliced(4);
        // diff -N names both files and dates the missing one at the epoch: the path is
        // kept from the side that exists.
        const bool minusAbsent = isAbsentSide(minus);
        const bool plusAbsent = isAbsentSide(plus);
        if (!minus.startsWith("/dev/null")) {
            m_file.oldPath = pathFrom(minus, true);
        }
        if (!plus.startsWith("/dev/null")) {
            m_file.newPath = pathFrom(plus, true);
        }
        if (minusAbsent && !plusAbsent) {
            m_file.change = FileDiff::Change::Added;
        } else if (plusAbsent && !minusAbsent) {
            m_file.change = FileDiff::Change::Deleted;
        }
        m_state = State::FileHeader;
        return true;
    }

    // --- hunks ---------------------------------------------------------------------

    bool feedHunkBody(const Line &l)
    {
        Hunk &h = m_file.hunks.last();
        const QByteArrayView b = l.bytes;
        const char prefix = (b.isEmpty() || b == "\r") ? ' ' : b.front();
        switch (prefix) {
        case ' ':
            if (m_oldLeft <= 0 || m_newLeft <= 0) {
                return failHere(countsMessage() + QStringLiteral(" (a context line here does not fit)"));
            }
            --m_oldLeft;
            --m_newLeft;
            break;
        case '-':
            if (m_oldLeft <= 0) {
                return failHere(countsMessage() + QStringLiteral(" (a deleted line here does not fit)"));
            }
            --m_oldLeft;
            ++h.deleted;
            ++m_file.deleted;
            break;
        case '+':
            if (m_newLeft <= 0) {
                return failHere(countsMessage() + QStringLiteral(" (an added line here does not fit)"));
            }
            --m_newLeft;
            ++h.added;
            ++m_file.added;
            break;
        case '\\':
            break;
        default:
            return failHere(countsMessage() + QStringLiteral("; line %1 is not part of a hunk: %2")
                                                  .arg(m_lineNo)
                                                  .arg(quoteForMessage(b)));
        }
        h.length = l.offset + l.length - h.offset;
        if (m_oldLeft == 0 && m_newLeft == 0) {
            m_state = State::AfterHunk;
        }
        return true;
    }

    bool feedAfterHunk(const Line &l)
    {
        const QByteArrayView b = chopCr(l.bytes);
        if (b.startsWith("\\") && !m_file.hunks.isEmpty()) {
            Hunk &h = m_file.hunks.last();
            if (h.offset + h.length == l.offset) {
                h.length += l.length; // "\ No newline at end of file" for the hunk's last line
            }
            return true;
        }
        if (!checkLength(l)) {
            return false;
        }
        if (b.startsWith("@@ -")) {
            return beginHunk(l);
        }
        if (b == "-- " || b == "--") {
            // The signature git format-patch appends: not a deleted line.
            if (!endFile(l.offset)) {
                return false;
            }
            m_sawSignature = true;
            m_state = State::Signature;
            return true;
        }
        if (!b.isEmpty() && (b.front() == '+' || (b.front() == '-' && !b.startsWith("--- ")) || b.front() == ' ')
            && !m_file.hunks.isEmpty()) {
            // git apply and GNU patch read what the counts announce and take the rest as
            // text; so does Concord, but says so: the counts may have been edited wrongly.
            if (!m_handler.warning(m_lineNo, u"the hunk at line %1 announces %2 old and %3 new lines, but more lines "
                                             "like a diff's follow (%4): as git apply does, they are read as text "
                                             "after the hunk, kept in the stored patch but not counted"_s
                                                 .arg(m_hunkLine)
                                                 .arg(m_file.hunks.constLast().oldCount)
                                                 .arg(m_file.hunks.constLast().newCount)
                                                 .arg(quoteForMessage(b)))) {
                return cancelled();
            }
            m_commentaryLine = -1; // already said
        }
        m_state = State::Between;
        return feedAfterFile(l);
    }

    /// A line that ends the current file's section: it may start the next one.
    bool feedAfterFile(const Line &l)
    {
        bool ok = true;
        if (startsSomething(l, &ok)) {
            return ok;
        }
        if (!endFile(l.offset)) {
            return false;
        }
        return feedBetween(l);
    }

    // --- binary --------------------------------------------------------------------

    bool feedBinaryGap(const Line &l)
    {
        const QByteArrayView b = chopCr(l.bytes);
        if (b.startsWith("literal ") || b.startsWith("delta ")) {
            int n = 0;
            if (!parseNumber(b.sliced(b.indexOf(' ') + 1), &n)) {
                return failHere(QStringLiteral("malformed binary patch size %1").arg(quoteForMessage(b)));
            }
            ++m_binaryChunks;
            m_binaryLines = 0;
            m_state = State::Binary;
            return true;
        }
        if (m_binaryChunks == 0) {
            return failHere(QStringLiteral("\"GIT binary patch\" at line %1 without \"literal\" or \"delta\"")
                                .arg(m_binaryLine));
        }
        m_state = State::AfterHunk;
        return feedAfterHunk(l);
    }

    bool feedBinary(const Line &l)
    {
        const QByteArrayView b = chopCr(l.bytes);
        if (b.isEmpty()) {
            if (m_binaryLines == 0 && m_binaryChunks == 1) {
                return failHere(QStringLiteral("binary patch at line %1 has no data").arg(m_binaryLine));
            }
            m_state = State::BinaryGap;
            return true;
        }
        if (l.truncated || !isBase85Line(b)) {
            return failHere(QStringLiteral("corrupt binary patch (the patch at line %1): %2")
                                .arg(m_binaryLine)
                                .arg(quoteForMessage(b)));
        }
        ++m_binaryLines;
        return true;
    }

    bool feedSignature(const Line &l)
    {
        if (isMessageStart(l)) {
            return startMail(l);
        }
        return true;
    }

    // --- the end -------------------------------------------------------------------

    /// The checks at the end of the input (or of a decoded mail body): nothing may be
    /// left half-read.
    bool checkEndOfInput()
    {
        switch (m_state) {
        case State::HunkBody:
            return fail(m_lineNo, u"the input ends at line %1 inside hunk %2 of %3: "_s.arg(m_lineNo)
                                      .arg(m_file.hunks.size())
                                      .arg(m_file.displayPath())
                        + countsMessage() + u" (truncated?)"_s);
        case State::Binary:
            if (m_binaryLines == 0) {
                return fail(0, QStringLiteral("the input ends inside the binary patch at line %1 (truncated?)")
                                   .arg(m_binaryLine));
            }
            // git writes an empty line after each block of data, and git apply refuses a
            // block without it ("corrupt binary patch").
            return fail(m_lineNo, QStringLiteral("the input ends at line %1 inside the binary patch at line %2, "
                                                 "before the empty line that ends its data (truncated?)")
                                      .arg(m_lineNo)
                                      .arg(m_binaryLine));
        case State::BinaryGap:
            if (m_binaryChunks == 0) {
                return fail(0, QStringLiteral("the input ends inside the binary patch at line %1 (truncated?)")
                                   .arg(m_binaryLine));
            }
            break;
        case State::MailHeaders:
            if (!flushHeader()) {
                return false;
            }
            break;
        default:
            break;
        }
        return true;
    }

    bool finish()
    {
        if (m_state == State::EncodedBody && !decodeBody()) {
            return false;
        }
        m_lineNo = m_totalLines;
        if (!checkEndOfInput()) {
            return false;
        }
        if (!endPatch(m_end, m_totalLines)) {
            return false;
        }
        if (m_patches == 0) {
            return fail(0, QStringLiteral("no patch or diff found"));
        }
        return true;
    }

    PatchParser::Handler &m_handler;
    PatchParseError &m_error;
    const qint64 m_maxLine;

    State m_state = State::Between;
    Line m_line;
    qint64 m_lineNo = 0;
    qint64 m_totalLines = 0;
    qint64 m_end = 0;

    // The mail being read: how it began, its MIME body, its diffstat, its figures.
    bool m_formatPatchMail = false; ///< began with "From <sha>": git format-patch wrote it
    bool m_logEntry = false;        ///< began with "commit <sha>": git log -p or git show wrote it
    qint64 m_starLine = 0;          ///< the last "*** " line outside a file (diff -c's old name)
    qint64 m_starOffset = 0;
    bool m_mboxrd = false;
    QByteArray m_rawHeader;
    QByteArray m_transferEncoding;
    QByteArray m_contentType;
    QByteArray m_encodedBody;
    qint64 m_bodyLine = 0;
    bool m_inDecoded = false;
    bool m_plainFromMessage = false;
    int m_statFiles = -1; ///< from the diffstat's summary line, -1 without one
    int m_statAdded = 0;
    int m_statDeleted = 0;
    int m_statFileLines = 0;
    bool m_sawSignature = false;
    bool m_lastLineEnded = true;      ///< the last line read had its line end
    /// The first line of text after a file's last hunk (0: none yet, -1: already reported).
    qint64 m_commentaryLine = 0;
    QByteArray m_lastLogSha; ///< the sha of the last "commit <sha>" entry (git log -m repeats merges)
    qint64 m_onelineLine = 0; ///< the last line that looked like git log --oneline output
    bool m_commentaryDecoded = false;
    /// Where the in-body headers of a mail's message stand (see takeInBodyHeader).
    enum class InBody { Start, Reading, Done } m_inBody = InBody::Start;
    int m_patchFiles = 0;
    int m_patchAdded = 0;
    int m_patchDeleted = 0;
    QString m_lastFilePath;

    Patch m_patch;
    bool m_patchOpen = false;
    bool m_patchAnnounced = false;
    int m_patches = 0;
    QByteArrayList m_messageLines;
    qint64 m_messageBytes = 0;
    QByteArray m_headerName;
    QByteArray m_headerValue;
    qint64 m_headerLine = 0;

    FileDiff m_file;
    bool m_fileOpen = false;
    bool m_gitFile = false;
    bool m_sawRenameOrCopy = false;
    qint64 m_fileLine = 0;
    qint64 m_files = 0;

    QByteArray m_pendingMinus;
    qint64 m_pendingOffset = 0;
    qint64 m_pendingLine = 0;

    qint64 m_hunkLine = 0;
    int m_oldLeft = 0;
    int m_newLeft = 0;

    qint64 m_binaryLine = 0;
    int m_binaryChunks = 0;
    int m_binaryLines = 0;
};

/// Collects everything, for parseAll().
class Collector : public PatchParser::Handler
{
public:
    bool patchStarted(const CommitHeader &, qint64) override
    {
        m_files.clear();
        return true;
    }
    bool fileParsed(const FileDiff &file) override
    {
        m_files.append(file);
        return true;
    }
    bool patchFinished(const Patch &patch) override
    {
        Patch p = patch;
        p.files = std::move(m_files);
        m_files.clear();
        patches.append(std::move(p));
        return true;
    }
    QList<Patch> patches;

private:
    QList<FileDiff> m_files;
};

/// Decodes the bytes of one run of encoded words that share a charset.
QString decodeCharset(const QByteArray &charset, const QByteArray &bytes, bool *ok)
{
    QByteArray name = charset;
    const qsizetype star = name.indexOf('*'); // RFC 2231 language suffix
    if (star >= 0) {
        name.truncate(star);
    }
    QStringDecoder decoder(name.constData());
    if (!decoder.isValid()) {
        *ok = false;
        return {};
    }
    *ok = true;
    return decoder.decode(bytes);
}

} // namespace

QString PatchParseError::toString(const QString &fileName) const
{
    if (line > 0) {
        return fileName + u':' + QString::number(line) + QStringLiteral(": ") + message;
    }
    return fileName + QStringLiteral(": ") + message;
}

PatchParser::PatchParser() = default;

void PatchParser::setMaxLineLength(qint64 bytes)
{
    m_maxLineLength = qMax<qint64>(1024, bytes);
}

bool PatchParser::parse(QIODevice *device, Handler &handler)
{
    m_error = PatchParseError();
    if (!device || !device->isReadable()) {
        m_error.message = QStringLiteral("the input is not open for reading");
        return false;
    }
    Machine machine(handler, m_error, m_maxLineLength);
    const bool ok = machine.run(device);
    if (!ok) {
        qCDebug(lcPatch) << "patch parse failed at line" << m_error.line << m_error.message;
    }
    return ok;
}

std::optional<QList<Patch>> PatchParser::parseAll(QByteArrayView bytes, PatchParseError *error)
{
    QByteArray copy = bytes.toByteArray();
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    PatchParser parser;
    Collector collector;
    if (!parser.parse(&buffer, collector)) {
        if (error) {
            *error = parser.error();
        }
        return std::nullopt;
    }
    return std::move(collector.patches);
}

QString PatchParser::decodeHeader(QByteArrayView value)
{
    // Tokens: encoded words "=?cs?e?text?=" and the raw text between them. White space
    // between two encoded words is dropped (RFC 2047 section 6.2); bytes of adjacent
    // words with the same charset are joined before decoding, so a character split
    // across two words survives.
    QString out;
    QByteArray pendingCharset;
    QByteArray pendingBytes;
    QByteArray pendingRaw; // the original text of the pending words, if undecodable
    auto flush = [&]() {
        if (pendingCharset.isEmpty()) {
            return;
        }
        bool ok = false;
        const QString s = decodeCharset(pendingCharset, pendingBytes, &ok);
        out += ok ? s : QString::fromUtf8(pendingRaw);
        pendingCharset.clear();
        pendingBytes.clear();
        pendingRaw.clear();
    };
    qsizetype i = 0;
    const qsizetype n = value.size();
    while (i < n) {
        const qsizetype start = value.indexOf("=?", i);
        qsizetype q1 = -1, q2 = -1, end = -1;
        if (start >= 0) {
            q1 = value.indexOf('?', start + 2);
            q2 = q1 >= 0 ? value.indexOf('?', q1 + 1) : -1;
            end = (q2 >= 0 && q2 == q1 + 2) ? value.indexOf("?=", q2 + 1) : -1;
        }
        if (start < 0 || q1 < 0 || q2 != q1 + 2 || end < 0) {
            flush();
            out += QString::fromUtf8(value.sliced(i));
            break;
        }
        const QByteArrayView between = value.sliced(i, start - i);
        const bool onlySpace = between.trimmed().isEmpty();
        if (!(onlySpace && !pendingCharset.isEmpty())) {
            flush();
            out += QString::fromUtf8(between);
        }
        const QByteArray charset = value.sliced(start + 2, q1 - start - 2).toByteArray().toUpper();
        const char enc = value[q1 + 1];
        const QByteArrayView text = value.sliced(q2 + 1, end - q2 - 1);
        QByteArray bytes;
        if (enc == 'B' || enc == 'b') {
            const auto r = QByteArray::fromBase64Encoding(text.toByteArray());
            bytes = r.decoded;
        } else if (enc == 'Q' || enc == 'q') {
            for (qsizetype k = 0; k < text.size(); ++k) {
                const char c = text[k];
                if (c == '_') {
                    bytes.append(' ');
                } else if (c == '=' && k + 2 < text.size() + 0 && isHex(text[k + 1]) && isHex(text[k + 2])) {
                    bytes.append(char(QByteArray(text.sliced(k + 1, 2).toByteArray()).toInt(nullptr, 16)));
                    k += 2;
                } else {
                    bytes.append(c);
                }
            }
        } else {
            // Not an encoded word after all: keep it as text.
            flush();
            out += QString::fromUtf8(value.sliced(start, end + 2 - start));
            i = end + 2;
            continue;
        }
        if (!pendingCharset.isEmpty() && pendingCharset != charset) {
            flush();
        }
        pendingCharset = charset;
        pendingBytes += bytes;
        pendingRaw += value.sliced(start, end + 2 - start).toByteArray();
        i = end + 2;
    }
    flush();
    return out;
}

QList<DiffLine> PatchParser::hunkLines(const Hunk &hunk, QByteArrayView bytes)
{
    QList<DiffLine> lines;
    qsizetype pos = bytes.indexOf('\n');
    if (pos < 0) {
        return lines; // only the "@@" line
    }
    ++pos;
    int oldLine = hunk.oldStart;
    int newLine = hunk.newStart;
    int oldLeft = hunk.oldCount;
    int newLeft = hunk.newCount;
    while (pos < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', pos);
        const qsizetype next = end < 0 ? bytes.size() : end + 1;
        if (end < 0) {
            end = bytes.size();
        }
        QByteArrayView raw = bytes.sliced(pos, end - pos);
        pos = next;
        DiffLine line;
        if (raw.endsWith('\r')) {
            line.crlf = true;
            raw.chop(1);
        }
        const char prefix = raw.isEmpty() ? ' ' : raw.front();
        const QByteArrayView content = raw.isEmpty() ? raw : raw.sliced(1);
        if (prefix == '\\') {
            line.kind = DiffLine::Kind::NoNewline;
            line.text = QString::fromUtf8(content.trimmed());
            lines.append(line);
            continue;
        }
        if (oldLeft <= 0 && newLeft <= 0) {
            break; // the counts are used up: what follows is not part of the hunk
        }
        line.text = QString::fromUtf8(content);
        if (prefix == '+') {
            line.kind = DiffLine::Kind::Added;
            line.newLine = newLine++;
            --newLeft;
        } else if (prefix == '-') {
            line.kind = DiffLine::Kind::Deleted;
            line.oldLine = oldLine++;
            --oldLeft;
        } else {
            line.kind = DiffLine::Kind::Context;
            line.oldLine = oldLine++;
            line.newLine = newLine++;
            --oldLeft;
            --newLeft;
        }
        lines.append(line);
    }
    return lines;
}

} // namespace Concord
