// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/csvwriter.h"

#include <QIODevice>

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

QByteArray CsvWriter::encodeField(const QString &value, Quoting quoting)
{
    const QString text = CsvCell::neutralize(value);
    bool quote = quoting == Quoting::All;
    if (!quote && !text.isEmpty()) {
        quote = text.front().isSpace() || text.back().isSpace();
        for (qsizetype i = 0; !quote && i < text.size(); ++i) {
            const QChar c = text.at(i);
            quote = c == u',' || c == u'"' || c == u'\n' || c == u'\r';
        }
    }
    QByteArray bytes = text.toUtf8();
    if (!quote) {
        return bytes;
    }
    bytes.replace('"', "\"\"");
    bytes.prepend('"');
    bytes.append('"');
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
        m_buffer.append(encodeField(fields.at(i), m_quoting));
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
