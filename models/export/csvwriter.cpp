// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/csvwriter.h"

#include <QIODevice>
#include <QStringEncoder>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

constexpr qsizetype FlushSize = 64 * 1024;

bool isTrigger(QChar c)
{
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

} // namespace

bool CsvCell::needsNeutralizing(QStringView value)
{
    return !value.isEmpty() && (isTrigger(value.front()) || value.front() == u'\'');
}

QString CsvCell::neutralize(const QString &value)
{
    return needsNeutralizing(value) ? u'\'' + value : value;
}

QString CsvCell::restore(const QString &cell)
{
    if (cell.size() >= 2 && cell.front() == u'\'' && (isTrigger(cell.at(1)) || cell.at(1) == u'\'')) {
        return cell.mid(1);
    }
    return cell;
}

CsvWriter::CsvWriter(QIODevice *device, Quoting quoting)
    : m_device(device)
    , m_quoting(quoting)
{
    m_buffer.reserve(FlushSize + 4096);
}

CsvWriter::~CsvWriter()
{
    flush();
}

void CsvWriter::appendField(QByteArray &out, QStringView value, Quoting quoting)
{
    // Decided on the cell text (the value, or ' + value): a neutralized cell starts with '.
    const bool neutral = CsvCell::needsNeutralizing(value);
    bool quote = quoting == Quoting::All;
    bool hasQuote = false;
    if (!value.isEmpty()) {
        quote = quote || (!neutral && value.front().isSpace()) || value.back().isSpace();
        for (const QChar c : value) {
            if (c == u'"') {
                hasQuote = true;
                quote = true;
            } else if (c == u',' || c == u'\n' || c == u'\r') {
                quote = true;
            }
        }
    }
    if (quote) {
        out.append('"');
    }
    if (neutral) {
        out.append('\'');
    }
    if (hasQuote) {
        out.append(value.toUtf8().replace('"', "\"\""));
    } else if (!value.isEmpty()) {
        // Straight into the buffer: no temporary per field.
        QStringEncoder encoder(QStringEncoder::Utf8);
        const qsizetype start = out.size();
        out.resize(start + encoder.requiredSpace(value.size()));
        char *end = encoder.appendToBuffer(out.data() + start, value);
        out.truncate(end - out.constData());
    }
    if (quote) {
        out.append('"');
    }
}

QByteArray CsvWriter::encodeField(const QString &value, Quoting quoting)
{
    QByteArray bytes;
    appendField(bytes, value, quoting);
    return bytes;
}

bool CsvWriter::writeRow(const QStringList &fields)
{
    if (hasError()) {
        return false;
    }
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            m_buffer.append(',');
        }
        appendField(m_buffer, fields.at(i), m_quoting);
    }
    m_buffer.append("\r\n");
    ++m_rows;
    if (m_buffer.size() >= FlushSize) {
        return flush();
    }
    return true;
}

bool CsvWriter::flush()
{
    if (hasError()) {
        return false;
    }
    if (m_buffer.isEmpty()) {
        return true;
    }
    const qint64 written = m_device->write(m_buffer);
    if (written != m_buffer.size()) {
        m_error = m_device->errorString().isEmpty() ? u"write failed"_s : m_device->errorString();
        return false;
    }
    m_buffer.clear();
    return true;
}

} // namespace Concord
