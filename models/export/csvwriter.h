// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace Concord {

/// Formula neutralization of spreadsheet cells (OWASP, "CSV Injection").
///
/// The rule, which makes it reversible:
///  - a value whose first character is one of = + - @ TAB CR (a spreadsheet would run it
///    as a formula), or is a single quote ', is written with one ' put in front;
///  - on reading, a cell that starts with ' followed by one of = + - @ TAB CR ' loses
///    that first '; any other cell is kept as it is.
/// So every value survives writing and reading exactly: "=SUM(A1)" is written
/// "'=SUM(A1)" and read back as "=SUM(A1)"; "'quoted" is written "''quoted" and read
/// back as "'quoted"; "'plain" from someone else's spreadsheet (a ' before a letter)
/// is never changed. Numbers such as "-1" are neutralized too (a leading minus starts a
/// formula in some spreadsheets); R and pandas then read the column as text.
namespace CsvCell {
/// True when the value would be written with a ' in front.
bool needsNeutralizing(QStringView value);
/// The cell text for @p value (the value itself, or ' + value).
QString neutralize(const QString &value);
/// The value of a cell written by neutralize() (and of any other cell: unchanged
/// unless it starts with ' and one of the characters above).
QString restore(const QString &cell);
} // namespace CsvCell

/// A streaming RFC 4180 writer: UTF-8 without a byte order mark, fields separated by
/// commas, records ended by CRLF, a field quoted when it holds a comma, a quote, CR or
/// LF or starts or ends with white space (QuoteAll: every field, as R's write.csv and the
/// study's published codebook files do), quotes doubled inside. Every field goes
/// through CsvCell::neutralize. Rows are buffered in blocks of 64 KiB and written to
/// the device as they fill, so memory stays small whatever the number of rows.
class CsvWriter
{
public:
    enum class Quoting { Minimal, All };

    explicit CsvWriter(QIODevice *device, Quoting quoting = Quoting::Minimal);
    ~CsvWriter(); ///< flushes

    /// Appends one record. Returns false once a write to the device failed (then
    /// errorString() says why, e.g. "No space left on device").
    bool writeRow(const QStringList &fields);
    /// Writes what is buffered to the device.
    bool flush();

    qint64 rowCount() const { return m_rows; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /// One field as it appears in the file (neutralized, quoted when needed).
    static QByteArray encodeField(const QString &value, Quoting quoting);
    /// Appends encodeField(value) to out.
    static void appendField(QByteArray &out, QStringView value, Quoting quoting);

private:
    QIODevice *m_device;
    Quoting m_quoting;
    QByteArray m_buffer;
    qint64 m_rows = 0;
    QString m_error;
};

} // namespace Concord
