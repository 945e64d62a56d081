// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/jsonstream.h"

#include "import/jsonfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr qint64 ChunkBytes = 1024 * 1024;
/// Longer than any number JSON writers produce; beyond it fromJson says what is wrong.
constexpr qint64 MaxScalarBytes = 1024;

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

JsonArrayReader::JsonArrayReader(const QString &path)
    : m_file(path)
{
}

bool JsonArrayReader::fill()
{
    if (m_eof || !m_error.isEmpty()) {
        return false;
    }
    const QByteArray chunk = m_file.read(ChunkBytes);
    if (m_file.error() != QFileDevice::NoError) {
        m_error = u"read error: "_s + m_file.errorString();
        return false;
    }
    if (chunk.isEmpty()) {
        m_eof = true;
        return false;
    }
    m_buffer.append(chunk);
    return true;
}

bool JsonArrayReader::ensure(qsizetype index)
{
    while (index >= m_buffer.size()) {
        if (!fill()) {
            return false;
        }
    }
    return true;
}

bool JsonArrayReader::skipWhitespace()
{
    qsizetype i = m_pos;
    while (ensure(i) && isSpace(m_buffer.at(i))) {
        ++i;
    }
    advance(i);
    return i < m_buffer.size();
}

void JsonArrayReader::advance(qsizetype to)
{
    const char *data = m_buffer.constData();
    for (qsizetype k = m_pos; k < to; ++k) {
        if (data[k] == '\n') {
            ++m_line;
            m_lineStart = m_base + k + 1;
        }
    }
    m_pos = to;
}

QString JsonArrayReader::here(qsizetype index) const
{
    qint64 line = m_line;
    qint64 lineStart = m_lineStart;
    const qsizetype last = std::min(index, m_buffer.size());
    for (qsizetype k = m_pos; k < last; ++k) {
        if (m_buffer.at(k) == '\n') {
            ++line;
            lineStart = m_base + k + 1;
        }
    }
    return u"line %1, column %2"_s.arg(line).arg(m_base + index - lineStart + 1);
}

JsonArrayReader::Status JsonArrayReader::fail(qsizetype index, const QString &cause)
{
    m_error = here(index) + u": "_s + cause;
    return Status::Error;
}

JsonArrayReader::Status JsonArrayReader::truncated()
{
    if (!m_error.isEmpty()) { // an I/O error, not the end of the file
        return Status::Error;
    }
    return fail(m_buffer.size(), m_element == 0 ? u"the file ends before the array is closed (no record read)"_s
                                                : u"the file ends after record %1, before the array is closed"_s.arg(m_element));
}

bool JsonArrayReader::open()
{
    if (!m_file.open(QIODevice::ReadOnly)) {
        m_error = u"cannot open: "_s + m_file.errorString();
        return false;
    }
    // The cap of the whole-document days is kept (and refuses a 2 GB sparse file at once).
    if (m_file.size() > MaxJsonFileBytes) {
        m_error = u"the file is %1 MiB; JSON files over %2 MiB are not supported"_s.arg(m_file.size() / (1024 * 1024))
                      .arg(MaxJsonFileBytes / (1024 * 1024));
        return false;
    }
    if (!skipWhitespace()) {
        if (m_error.isEmpty()) {
            m_error = u"the file is empty"_s;
        }
        return false;
    }
    if (m_buffer.at(m_pos) == '[') {
        m_isArray = true;
        advance(m_pos + 1);
        return true;
    }
    // One object (or garbage): read and parse it whole, with the messages of before.
    while (fill()) {
    }
    if (!m_error.isEmpty()) {
        return false;
    }
    QJsonDocument document;
    if (!parseJson(m_buffer, &document, &m_error)) {
        return false;
    }
    m_singleValue = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    m_single = true;
    m_buffer.clear();
    m_pos = 0;
    return true;
}

int JsonArrayReader::scanElement(qsizetype *end)
{
    const char *data = nullptr;
    qsizetype i = m_pos;
    const char first = m_buffer.at(i);
    auto byteAt = [&](qsizetype k, char *c) {
        if (k - m_pos > MaxElementBytes) {
            return -1;
        }
        if (!ensure(k)) {
            return 0;
        }
        data = m_buffer.constData();
        *c = data[k];
        return 1;
    };
    char c = 0;
    if (first == '{' || first == '[' || first == '"') {
        int depth = 0;
        bool inString = false;
        for (;;) {
            if (const int got = byteAt(i, &c); got != 1) {
                return got;
            }
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        *end = i + 1;
                        return 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    *end = i + 1;
                    return 1;
                }
            }
            ++i;
        }
    }
    // A scalar (number, true, false, null) up to the next delimiter; a byte that starts
    // no value (a NUL of a sparse file, say) is handed to fromJson alone, at once.
    if (!(first == '-' || (first >= '0' && first <= '9') || first == 't' || first == 'f' || first == 'n')) {
        *end = m_pos + 1;
        return 1;
    }
    for (;;) {
        if (i - m_pos > MaxScalarBytes) {
            break;
        }
        if (const int got = byteAt(i, &c); got != 1) {
            return got;
        }
        if (c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || isSpace(c)) {
            break;
        }
        ++i;
    }
    *end = std::max(i, m_pos + 1);
    return 1;
}

bool JsonArrayReader::parseSlice(qsizetype end, QJsonValue *value)
{
    const QByteArray slice = QByteArray::fromRawData(m_buffer.constData() + m_pos, end - m_pos);
    const char first = slice.at(0);
    const bool container = first == '{' || first == '[';
    QJsonParseError parseError;
    // fromJson wants an object or an array: a scalar is parsed inside brackets.
    const QJsonDocument document = QJsonDocument::fromJson(container ? slice : '[' + slice + ']', &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype offset = qBound(qsizetype(0), qsizetype(parseError.offset) - (container ? 0 : 1), slice.size());
        fail(m_pos + offset, u"malformed JSON ("_s + parseError.errorString() + u')');
        return false;
    }
    *value = first == '{' ? QJsonValue(document.object())
        : first == '['    ? QJsonValue(document.array())
                          : document.array().at(0);
    return true;
}

JsonArrayReader::Status JsonArrayReader::next(QJsonValue *value)
{
    if (!m_error.isEmpty()) {
        return Status::Error;
    }
    if (m_single) {
        m_single = false;
        m_element = 1;
        *value = m_singleValue;
        m_singleValue = QJsonValue();
        return Status::Element;
    }
    if (!m_isArray || m_done) {
        return Status::End;
    }
    if (!skipWhitespace()) {
        return truncated();
    }
    bool close = m_buffer.at(m_pos) == ']';
    if (m_element > 0 && !close) {
        if (m_buffer.at(m_pos) != ',') {
            return fail(m_pos, u"malformed JSON (expected ',' or ']' after record %1)"_s.arg(m_element));
        }
        advance(m_pos + 1);
        if (!skipWhitespace()) {
            return truncated();
        }
        if (m_buffer.at(m_pos) == ']') {
            return fail(m_pos, u"malformed JSON (a ',' before the closing ']')"_s);
        }
    }
    if (close) {
        advance(m_pos + 1);
        m_done = true;
        if (skipWhitespace()) {
            return fail(m_pos, u"malformed JSON (something after the closing ']')"_s);
        }
        if (!m_error.isEmpty()) {
            return Status::Error;
        }
        m_buffer.clear();
        return Status::End;
    }
    ++m_element;
    qsizetype end = 0;
    const int scanned = scanElement(&end);
    if (scanned == 0) {
        if (!m_error.isEmpty()) {
            return Status::Error;
        }
        return fail(m_buffer.size(), u"the file ends inside record %1"_s.arg(m_element));
    }
    if (scanned < 0) {
        return fail(m_pos, u"record %1 is over %2 MiB; records that large are not supported"_s.arg(m_element)
                               .arg(MaxElementBytes / (1024 * 1024)));
    }
    if (!parseSlice(end, value)) {
        return Status::Error;
    }
    advance(end);
    if (m_pos >= ChunkBytes) {
        m_buffer.remove(0, m_pos);
        m_base += m_pos;
        m_pos = 0;
    }
    return Status::Element;
}

bool forEachJsonRecord(JsonArrayReader &reader, const JsonRecordSink &onRecord, QString *error)
{
    QJsonValue value;
    for (;;) {
        switch (reader.next(&value)) {
        case JsonArrayReader::Status::End:
            return true;
        case JsonArrayReader::Status::Error:
            *error = reader.errorString();
            return false;
        case JsonArrayReader::Status::Element:
            break;
        }
        if (!onRecord(value, int(reader.elementNumber()), error)) {
            return false;
        }
    }
}

bool forEachJsonRecord(const QString &path, const JsonRecordSink &onRecord, QString *error)
{
    JsonArrayReader reader(path);
    if (!reader.open()) {
        *error = reader.errorString();
        return false;
    }
    return forEachJsonRecord(reader, onRecord, error);
}

} // namespace Concord
