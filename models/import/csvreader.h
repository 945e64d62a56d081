// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

class QIODevice;

namespace Concord {

/// A streaming RFC 4180 reader for spreadsheets exported as CSV.
///
/// Grammar: records end at LF, CRLF or a lone CR; fields are separated by the delimiter
/// (',' unless set); a field that starts with '"' is quoted, may contain delimiters,
/// line ends and '""' for one quote, and must be followed by a delimiter or a record
/// end. A UTF-8 byte order mark at the start is skipped. A quote inside an unquoted
/// field is kept as text (spreadsheets write `5" disk` that way).
///
/// It reads the device in blocks, so memory stays bounded by the longest record, and
/// refuses — with the line number — what a spreadsheet never writes: a field over
/// maxFieldBytes() (a 2 GB one-line file stops there instead of filling memory),
/// NUL bytes (binary files), text that is not UTF-8 (it would be changed on decoding),
/// a quote left open at the end, and text after a closing quote.
///
/// Cells neutralized against formula injection by CsvWriter (a ' put before a leading
/// = + - @ TAB CR or ') are restored to their value (CsvCell::restore), so exported
/// values read back exactly; setRestoreNeutralizedCells(false) keeps the raw text.
class CsvReader
{
public:
    explicit CsvReader(QIODevice *device, char delimiter = ',');

    /// Reads the next record into fields. Returns false at the end of the input or on
    /// an error (then hasError() is true and errorString() says where and why).
    bool readRecord(QStringList *fields);

    bool hasError() const { return !m_error.isEmpty(); }
    /// "line N: cause" (without the file name, which the caller knows).
    QString errorString() const { return m_error; }
    /// 1-based physical line where the last record read starts.
    qint64 recordLine() const { return m_recordLine; }
    /// 1-based number of the last record read (the header is record 1).
    qint64 recordNumber() const { return m_recordNumber; }

    qint64 maxFieldBytes() const { return m_maxFieldBytes; }
    void setMaxFieldBytes(qint64 bytes) { m_maxFieldBytes = bytes; }
    int maxFields() const { return m_maxFields; }
    void setMaxFields(int count) { m_maxFields = count; }
    bool restoresNeutralizedCells() const { return m_restoreNeutralized; }
    void setRestoreNeutralizedCells(bool restore) { m_restoreNeutralized = restore; }

private:
    bool fill();
    bool fail(qint64 line, const QString &cause);
    bool finishField(QStringList *fields, QByteArray &field);

    QIODevice *m_device;
    char m_delimiter;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    bool m_started = false;
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    qint64 m_recordNumber = 0;
    qint64 m_maxFieldBytes = 64 * 1024 * 1024;
    int m_maxFields = 100000;
    bool m_restoreNeutralized = true;
    QString m_error;
};

/// The header row of a CSV file: finds columns by name, ignoring case and surrounding
/// spaces, so "Summary" and " summary " are the same column.
class CsvHeader
{
public:
    CsvHeader() = default;
    explicit CsvHeader(const QStringList &names);

    /// Index of the column, or -1.
    int indexOf(const QString &name) const;
    bool contains(const QString &name) const { return indexOf(name) >= 0; }
    const QStringList &names() const { return m_names; }
    /// The value of a column in a record, or an empty string when the column is absent
    /// or the record is short.
    QString value(const QStringList &record, const QString &name) const;

private:
    QStringList m_names;
    QHash<QString, int> m_index;
};

} // namespace Concord
