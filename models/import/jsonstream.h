// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonValue>
#include <QString>

#include <functional>

namespace Concord {

/// Reads a JSON file whose top level is an array one element at a time, so a file of a
/// million records never lives in memory as one QJsonDocument.
///
/// The file is read in chunks. A small tokenizer finds the byte range of each top-level
/// element (strings with escapes, nested arrays and objects, scalars) and only that slice
/// is parsed, with QJsonDocument::fromJson. It keeps the current element's bytes and one
/// chunk, whatever the file's size. Line and column are counted as the bytes go by, so
/// every error reads "line L, column C: cause" (columns in bytes, as jsonPosition()).
///
/// A top level that is not an array (one object, say) is read whole, as before, and
/// handed out as the only element with isArray() false. Files over MaxJsonFileBytes are
/// refused at open(), as before, though memory no longer depends on the file's size.
///
/// Grammar checked here: ws '[' ws ( element ws ( ',' ws element ws )* )? ']' ws EOF.
/// Inside an element only strings and brackets are tracked; the rest is left to fromJson.
class JsonArrayReader
{
public:
    enum class Status { Element, End, Error };

    explicit JsonArrayReader(const QString &path);

    /// Opens the file and reads up to the first element. False with errorString() set
    /// (the I/O cause, "the file is empty", or a "line L, column C: ..." message).
    bool open();
    /// True when the top level is an array (known after open()).
    bool isArray() const { return m_isArray; }

    /// The next element: Element with *value set, End after the closing bracket (and
    /// nothing but whitespace after it), or Error with errorString() set. A file cut
    /// short is always an Error, never a shorter list.
    Status next(QJsonValue *value);

    /// 1-based number of the element last returned (or being read when an error came).
    qint64 elementNumber() const { return m_element; }
    /// Bytes consumed so far, for progress against size().
    qint64 bytesRead() const { return m_base + m_pos; }
    qint64 size() const { return m_file.size(); }
    QString errorString() const { return m_error; }

    /// Largest single element accepted.
    static constexpr qint64 MaxElementBytes = 512ll * 1024 * 1024;

private:
    bool fill();                               ///< appends one chunk; false at EOF or on error
    bool ensure(qsizetype index);              ///< byte at index is in the buffer
    bool skipWhitespace();                     ///< false at EOF (or on an I/O error)
    void advance(qsizetype to);                ///< moves m_pos, counting lines
    QString here(qsizetype index) const;       ///< "line L, column C" of a buffer index
    Status fail(qsizetype index, const QString &cause);
    Status truncated();
    /// End (exclusive) of the element at m_pos: 1 found, 0 end of file (or I/O error),
    /// -1 over MaxElementBytes.
    int scanElement(qsizetype *end);
    bool parseSlice(qsizetype end, QJsonValue *value);

    QFile m_file;
    QByteArray m_buffer;
    qsizetype m_pos = 0;   ///< next byte to read in m_buffer
    qint64 m_base = 0;     ///< file offset of m_buffer[0]
    qint64 m_line = 1;     ///< line of m_pos
    qint64 m_lineStart = 0; ///< file offset of the first byte of that line
    qint64 m_element = 0;
    bool m_isArray = false;
    bool m_eof = false;
    bool m_done = false;
    bool m_single = false; ///< non-array top level: m_singleValue not handed out yet
    QJsonValue m_singleValue;
    QString m_error;
};

/// Called with each record of a file and its 1-based number; returns false (with *error
/// set) to stop the reading.
using JsonRecordSink = std::function<bool(const QJsonValue &value, int record, QString *error)>;

/// The reading loop of the streaming importers: hands every element of an opened reader
/// to onRecord, in order. True after the last one; false with *error set to the reader's
/// message ("line L, column C: cause", a file cut short included) or to onRecord's.
bool forEachJsonRecord(JsonArrayReader &reader, const JsonRecordSink &onRecord, QString *error);
/// The same on a file: opens it first (a top-level object is one record, as open() says).
bool forEachJsonRecord(const QString &path, const JsonRecordSink &onRecord, QString *error);

} // namespace Concord
