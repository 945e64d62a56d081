// SPDX-License-Identifier: GPL-3.0-or-later
#include "binarypatch.h"

#include <QCoreApplication>
#include <QLocale>

#include <zlib.h>

#include <array>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::BinaryPatch", text);
}

// git's base85.c alphabet.
constexpr char s_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

constexpr std::array<qint8, 256> decodeTable()
{
    std::array<qint8, 256> table{};
    for (auto &v : table) {
        v = -1;
    }
    for (int i = 0; i < 85; ++i) {
        table[static_cast<unsigned char>(s_alphabet[i])] = qint8(i);
    }
    return table;
}
constexpr std::array<qint8, 256> s_decode = decodeTable();

// Inflates a whole zlib stream that must give exactly @p size bytes (git's apply.c
// inflate_it() refuses any other length).
std::optional<QByteArray> inflateExactly(const QByteArray &data, qint64 size)
{
    if (size < 0 || size > (qint64(1) << 31)) {
        return std::nullopt;
    }
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) {
        return std::nullopt;
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    int status = Z_OK;
    // avail_out may reach 0 before Z_STREAM_END is seen: one more call with a spare byte
    // tells a stream that really ends from one that has more to give.
    char spare = 0;
    while (status == Z_OK) {
        status = inflate(&stream, Z_FINISH);
        if (status == Z_BUF_ERROR && stream.avail_out == 0 && stream.next_out != reinterpret_cast<Bytef *>(&spare) + 1) {
            stream.next_out = reinterpret_cast<Bytef *>(&spare);
            stream.avail_out = 1;
            status = Z_OK;
        }
    }
    const bool ok = status == Z_STREAM_END && qint64(stream.total_out) == size;
    inflateEnd(&stream);
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

qsizetype lineEnd(QByteArrayView data, qsizetype from)
{
    const qsizetype nl = data.indexOf('\n', from);
    return nl < 0 ? data.size() : nl;
}

QByteArrayView lineAt(QByteArrayView data, qsizetype from, qsizetype end)
{
    QByteArrayView line = data.sliced(from, end - from);
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    return line;
}

// Reads one "literal N"/"delta N" block starting at @p pos; moves pos past its empty line.
std::optional<BinaryPatchPart> readPart(QByteArrayView data, qsizetype &pos, QString *error)
{
    if (pos >= data.size()) {
        return std::nullopt;
    }
    qsizetype end = lineEnd(data, pos);
    const QByteArrayView header = lineAt(data, pos, end);
    BinaryPatchPart part;
    QByteArrayView number;
    if (header.startsWith("literal ")) {
        number = header.sliced(8);
    } else if (header.startsWith("delta ")) {
        part.kind = BinaryPatchPart::Kind::Delta;
        number = header.sliced(6);
    } else {
        return std::nullopt;
    }
    bool ok = false;
    part.size = number.toLongLong(&ok);
    if (!ok || part.size < 0) {
        *error = tr("unreadable size in \"%1\"").arg(QString::fromLatin1(header));
        return std::nullopt;
    }
    QByteArray compressed;
    pos = end + 1;
    while (pos < data.size()) {
        end = lineEnd(data, pos);
        const QByteArrayView line = lineAt(data, pos, end);
        pos = end + 1;
        if (line.isEmpty()) {
            break;
        }
        const std::optional<QByteArray> bytes = decodeBase85Line(line);
        if (!bytes) {
            *error = tr("damaged base85 line \"%1\"").arg(QString::fromLatin1(line.first(std::min<qsizetype>(line.size(), 20))));
            return std::nullopt;
        }
        compressed += *bytes;
    }
    std::optional<QByteArray> inflated = inflateExactly(compressed, part.size);
    if (!inflated) {
        *error = tr("the compressed data do not inflate to the %1 bytes announced").arg(part.size);
        return std::nullopt;
    }
    part.bytes = std::move(*inflated);
    return part;
}

// git's delta header: sizes as little-endian base-128 varints.
std::optional<qint64> deltaVarint(QByteArrayView delta, qsizetype &pos)
{
    qint64 value = 0;
    int shift = 0;
    while (pos < delta.size() && shift < 56) {
        const auto byte = static_cast<unsigned char>(delta[pos++]);
        value |= qint64(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<QByteArray> decodeBase85Line(QByteArrayView line)
{
    if (line.isEmpty()) {
        return std::nullopt;
    }
    const char lengthChar = line[0];
    qsizetype length = 0;
    if (lengthChar >= 'A' && lengthChar <= 'Z') {
        length = lengthChar - 'A' + 1;
    } else if (lengthChar >= 'a' && lengthChar <= 'z') {
        length = lengthChar - 'a' + 27;
    } else {
        return std::nullopt;
    }
    const QByteArrayView encoded = line.sliced(1);
    // As apply.c checks: whole groups of five, and no more groups than the length needs.
    if (encoded.size() % 5 != 0 || encoded.size() / 5 * 4 < length || length <= encoded.size() / 5 * 4 - 4) {
        return std::nullopt;
    }
    QByteArray out;
    out.reserve(length);
    qsizetype remaining = length;
    for (qsizetype group = 0; group < encoded.size(); group += 5) {
        quint32 acc = 0;
        for (int i = 0; i < 4; ++i) {
            const qint8 digit = s_decode[static_cast<unsigned char>(encoded[group + i])];
            if (digit < 0) {
                return std::nullopt;
            }
            acc = acc * 85 + quint32(digit);
        }
        const qint8 digit = s_decode[static_cast<unsigned char>(encoded[group + 4])];
        if (digit < 0 || 0xffffffffu / 85 < acc || 0xffffffffu - quint32(digit) < acc * 85) {
            return std::nullopt;
        }
        acc = acc * 85 + quint32(digit);
        const qsizetype count = std::min<qsizetype>(remaining, 4);
        for (qsizetype i = 0; i < count; ++i) {
            out.append(char((acc >> (24 - 8 * i)) & 0xff));
        }
        remaining -= count;
    }
    return out;
}

std::optional<BinaryPatch> parseBinaryPatch(QByteArrayView section, QString *error)
{
    QString localError;
    QString *err = error ? error : &localError;
    const qsizetype marker = section.indexOf(QByteArrayView("\nGIT binary patch"));
    if (marker < 0) {
        *err = tr("the patch does not contain the file's data");
        return std::nullopt;
    }
    qsizetype pos = lineEnd(section, marker + 1) + 1;
    std::optional<BinaryPatchPart> forward = readPart(section, pos, err);
    if (!forward) {
        if (err->isEmpty()) {
            *err = tr("no \"literal\" or \"delta\" line after \"GIT binary patch\"");
        }
        return std::nullopt;
    }
    BinaryPatch patch;
    patch.forward = std::move(*forward);
    QString reverseError;
    patch.reverse = readPart(section, pos, &reverseError);
    if (!reverseError.isEmpty()) {
        *err = reverseError;
        return std::nullopt;
    }
    return patch;
}

std::optional<DeltaSizes> gitDeltaSizes(QByteArrayView delta)
{
    qsizetype pos = 0;
    const std::optional<qint64> source = deltaVarint(delta, pos);
    const std::optional<qint64> target = source ? deltaVarint(delta, pos) : std::nullopt;
    if (!target) {
        return std::nullopt;
    }
    return DeltaSizes{*source, *target};
}

std::optional<QByteArray> applyGitDelta(QByteArrayView base, QByteArrayView delta, QString *error)
{
    QString localError;
    QString *err = error ? error : &localError;
    qsizetype pos = 0;
    const std::optional<qint64> source = deltaVarint(delta, pos);
    const std::optional<qint64> target = source ? deltaVarint(delta, pos) : std::nullopt;
    if (!target || *target > (qint64(1) << 31)) {
        *err = tr("the delta's header is damaged");
        return std::nullopt;
    }
    if (*source != base.size()) {
        *err = tr("the delta is for a file of %1 bytes, not %2").arg(*source).arg(base.size());
        return std::nullopt;
    }
    QByteArray out;
    out.reserve(qsizetype(*target));
    while (pos < delta.size()) {
        const auto cmd = static_cast<unsigned char>(delta[pos++]);
        if (cmd & 0x80) {
            // Copy from base: offset and size bytes present as the low bits say.
            quint64 offset = 0;
            quint64 size = 0;
            for (int i = 0; i < 4; ++i) {
                if (cmd & (1 << i)) {
                    if (pos >= delta.size()) {
                        *err = tr("the delta ends inside a copy instruction");
                        return std::nullopt;
                    }
                    offset |= quint64(static_cast<unsigned char>(delta[pos++])) << (8 * i);
                }
            }
            for (int i = 0; i < 3; ++i) {
                if (cmd & (0x10 << i)) {
                    if (pos >= delta.size()) {
                        *err = tr("the delta ends inside a copy instruction");
                        return std::nullopt;
                    }
                    size |= quint64(static_cast<unsigned char>(delta[pos++])) << (8 * i);
                }
            }
            if (size == 0) {
                size = 0x10000;
            }
            if (offset + size > quint64(base.size()) || qint64(out.size() + size) > *target) {
                *err = tr("the delta copies beyond the file");
                return std::nullopt;
            }
            out.append(base.sliced(qsizetype(offset), qsizetype(size)));
        } else if (cmd != 0) {
            if (pos + cmd > delta.size() || out.size() + cmd > *target) {
                *err = tr("the delta inserts beyond its data");
                return std::nullopt;
            }
            out.append(delta.sliced(pos, cmd));
            pos += cmd;
        } else {
            *err = tr("the delta holds the reserved instruction 0");
            return std::nullopt;
        }
    }
    if (out.size() != *target) {
        *err = tr("the delta gives %1 bytes, not the %2 it announces").arg(out.size()).arg(*target);
        return std::nullopt;
    }
    return out;
}

BinaryContent binaryContent(const FileDiff &file, QByteArrayView section)
{
    BinaryContent content;
    if (file.change == FileDiff::Change::Added) {
        content.oldBytes = QByteArray();
        content.oldSize = 0;
    } else if (file.change == FileDiff::Change::Deleted) {
        content.newBytes = QByteArray();
        content.newSize = 0;
    }
    QString error;
    const std::optional<BinaryPatch> patch = parseBinaryPatch(section, &error);
    if (!patch) {
        if (section.contains(QByteArrayView("\nGIT binary patch"))) {
            content.error = error;
        }
        return content;
    }
    content.hasPatchData = true;
    auto take = [&](const BinaryPatchPart &part, std::optional<QByteArray> &to, qint64 &toSize, qint64 &fromSize) {
        if (part.kind == BinaryPatchPart::Kind::Literal) {
            to = part.bytes;
            toSize = part.size;
        } else if (const std::optional<DeltaSizes> sizes = gitDeltaSizes(part.bytes)) {
            toSize = sizes->target;
            fromSize = sizes->source;
        }
    };
    take(patch->forward, content.newBytes, content.newSize, content.oldSize);
    if (patch->reverse) {
        take(*patch->reverse, content.oldBytes, content.oldSize, content.newSize);
    }
    // A delta against a side the patch carries whole gives the other side too.
    if (!content.newBytes && content.oldBytes && patch->forward.kind == BinaryPatchPart::Kind::Delta) {
        content.newBytes = applyGitDelta(*content.oldBytes, patch->forward.bytes, &content.error);
    }
    if (!content.oldBytes && content.newBytes && patch->reverse && patch->reverse->kind == BinaryPatchPart::Kind::Delta) {
        content.oldBytes = applyGitDelta(*content.newBytes, patch->reverse->bytes, &content.error);
    }
    return content;
}

QString formatByteSize(qint64 bytes)
{
    if (bytes < 1024) {
        return bytes == 1 ? tr("1 byte") : tr("%1 bytes").arg(QLocale().toString(bytes));
    }
    if (bytes < 1024 * 1024) {
        return tr("%1 KB").arg(QLocale().toString(double(bytes) / 1024, 'f', 1));
    }
    if (bytes < qint64(1024) * 1024 * 1024) {
        return tr("%1 MB").arg(QLocale().toString(double(bytes) / (1024 * 1024), 'f', 1));
    }
    return tr("%1 GB").arg(QLocale().toString(double(bytes) / (1024 * 1024 * 1024), 'f', 1));
}

QString describeBinaryChange(const FileDiff &file, const BinaryContent &content, const QString &noun)
{
    if (file.change == FileDiff::Change::Added) {
        return content.newSize >= 0 ? tr("%1 added, %2").arg(noun, formatByteSize(content.newSize)) : tr("%1 added").arg(noun);
    }
    if (file.change == FileDiff::Change::Deleted) {
        return content.oldSize >= 0 ? tr("%1 deleted, %2").arg(noun, formatByteSize(content.oldSize)) : tr("%1 deleted").arg(noun);
    }
    if (content.oldSize >= 0 && content.newSize >= 0) {
        QString oldText = formatByteSize(content.oldSize);
        QString newText = formatByteSize(content.newSize);
        if (oldText == newText && content.oldSize != content.newSize) {
            // "56.9 KB → 56.9 KB" would hide the change: exact bytes instead.
            oldText = tr("%1 bytes").arg(QLocale().toString(content.oldSize));
            newText = tr("%1 bytes").arg(QLocale().toString(content.newSize));
        }
        return tr("%1 changed, %2 → %3").arg(noun, oldText, newText);
    }
    if (content.newSize >= 0) {
        return tr("%1 changed, now %2").arg(noun, formatByteSize(content.newSize));
    }
    return tr("%1 changed (the patch does not include its contents)").arg(noun);
}

} // namespace Concord
