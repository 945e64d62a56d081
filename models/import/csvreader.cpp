// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/csvreader.h"

#include "export/csvwriter.h"

#include <QIODevice>
#include <QStringDecoder>

namespace Concord {

static constexpr qint64 BlockSize = 256 * 1024;

CsvReader::CsvReader(QIODevice *device, char delimiter)
    : m_device(device)
    , m_delimiter(delimiter)
{
}

bool CsvReader::fill()
{
    if (m_eof) {
        return false;
    }
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + BlockSize);
    const qint64 n = m_device->read(m_buffer.data() + old, BlockSize);
    if (n <= 0) {
        m_buffer.resize(old);
        m_eof = true;
        if (n < 0) {
            m_error = QStringLiteral("line %1: read error: %2").arg(m_line).arg(m_device->errorString());
        }
        return false;
    }
    m_buffer.resize(old + n);
    return true;
}

bool CsvReader::fail(qint64 line, const QString &cause)
{
    m_error = QStringLiteral("line %1: %2").arg(line).arg(cause);
    return false;
}

bool CsvReader::finishField(QStringList *fields, QByteArray &field)
{
    if (fields->size() >= m_maxFields) {
        return fail(m_recordLine, QStringLiteral("more than %1 fields in one record").arg(m_maxFields));
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(field);
    if (decoder.hasError()) {
        return fail(m_line,
                    QStringLiteral("field %1 is not valid UTF-8 text (save the spreadsheet as \"CSV UTF-8\")")
                        .arg(fields->size() + 1));
    }
    if (m_restoreNeutralized && !text.isEmpty() && text.front() == u'\'') {
        text = CsvCell::restore(text);
    }
    fields->append(std::move(text));
    field.clear();
    return true;
}

bool CsvReader::readRecord(QStringList *fields)
{
    fields->clear();
    if (hasError()) {
        return false;
    }
    if (!m_started) {
        m_started = true;
        while (m_buffer.size() - m_pos < 3 && fill()) { }
        if (m_buffer.size() - m_pos >= 3 && m_buffer.at(m_pos) == '\xEF' && m_buffer.at(m_pos + 1) == '\xBB'
            && m_buffer.at(m_pos + 2) == '\xBF') {
            m_pos += 3;
        }
    }
    if (m_pos >= m_buffer.size() && !fill()) {
        return false; // clean end (or a read error, set by fill)
    }

    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
    State state = State::FieldStart;
    QByteArray field;
    m_recordLine = m_line;
    ++m_recordNumber;
    qint64 quoteLine = m_line;
    qint64 recordBytes = 0;

    for (;;) {
        if (m_pos >= m_buffer.size()) {
            if (!fill()) {
                if (hasError()) {
                    return false;
                }
                // End of input ends the record.
                if (state == State::Quoted) {
                    return fail(quoteLine, QStringLiteral("a quoted field starts here and is never closed"));
                }
                return finishField(fields, field);
            }
        }
        const char *data = m_buffer.constData();
        const qsizetype size = m_buffer.size();
        while (m_pos < size) {
            const char c = data[m_pos];
            if (c == '\0') {
                return fail(m_line, QStringLiteral("contains a NUL byte; this is not a text file"));
            }
            switch (state) {
            case State::FieldStart:
            case State::Unquoted:
                if (c == m_delimiter) {
                    ++m_pos;
                    if (!finishField(fields, field)) {
                        return false;
                    }
                    state = State::FieldStart;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    ++m_pos;
                    if (c == '\r') {
                        // CRLF counts as one line end; peek, refilling if the pair straddles blocks.
                        if (m_pos >= m_buffer.size()) {
                            fill();
                        }
                        if (m_pos < m_buffer.size() && m_buffer.at(m_pos) == '\n') {
                            ++m_pos;
                        }
                    }
                    const bool ok = finishField(fields, field);
                    ++m_line;
                    return ok;
                }
                if (c == '"' && state == State::FieldStart) {
                    state = State::Quoted;
                    quoteLine = m_line;
                    ++m_pos;
                    continue;
                }
                state = State::Unquoted;
                break;
            case State::Quoted:
                if (c == '"') {
                    state = State::QuoteInQuoted;
                    ++m_pos;
                    continue;
                }
                if (c == '\n') {
                    ++m_line;
                } else if (c == '\r') {
                    // A CR not followed by LF is a line end of its own.
                    if (m_pos + 1 < size && data[m_pos + 1] != '\n') {
                        ++m_line;
                    }
                }
                break;
            case State::QuoteInQuoted:
                if (c == '"') {
                    state = State::Quoted; // "" is one quote
                    break;
                }
                if (c == m_delimiter || c == '\n' || c == '\r') {
                    state = State::Unquoted; // the field is closed; handle the separator above
                    continue;
                }
                return fail(m_line,
                            QStringLiteral("field %1 has text after its closing quote").arg(fields->size() + 1));
            }
            field.append(c);
            ++m_pos;
            if (++recordBytes > 4 * m_maxFieldBytes) {
                return fail(m_recordLine,
                            QStringLiteral("record is longer than %1 MiB; this is not a spreadsheet")
                                .arg(4 * m_maxFieldBytes / (1024 * 1024)));
            }
            if (field.size() > m_maxFieldBytes) {
                return fail(m_recordLine,
                            QStringLiteral("field %1 is longer than %2 MiB; this is not a spreadsheet")
                                .arg(fields->size() + 1)
                                .arg(m_maxFieldBytes / (1024 * 1024)));
            }
        }
    }
}

CsvHeader::CsvHeader(const QStringList &names)
    : m_names(names)
{
    for (int i = 0; i < names.size(); ++i) {
        const QString key = names.at(i).trimmed().toCaseFolded();
        if (!m_index.contains(key)) {
            m_index.insert(key, i);
        }
    }
}

int CsvHeader::indexOf(const QString &name) const
{
    return m_index.value(name.trimmed().toCaseFolded(), -1);
}

QString CsvHeader::value(const QStringList &record, const QString &name) const
{
    const int i = indexOf(name);
    return i >= 0 && i < record.size() ? record.at(i) : QString();
}

} // namespace Concord
