// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringView>
#include <QTime>

#include <compare>

namespace Concord {

/// A date as its source gave it, never moved to the reader's time zone:
/// - a day ("2019-12-02", the web-app dump's commit_date): no time, no zone; it is the
///   same day wherever it is read, and no 00:00 is made up for it;
/// - a moment with the UTC offset it was written in (a commit's "Date: ... +0900",
///   GitHub's "...Z"): shown as the source wrote it, "2020-03-03 10:00 +09:00";
/// - a moment without a zone ("2020-05-14 10:00:00" in a spreadsheet): shown as written,
///   taken as UTC only for ordering.
///
/// The stored form (toString/fromString) is ISO 8601 text that sorts in time order, so
/// the store's date index orders items by it: "2019-12-02" for a day,
/// "2019-12-02T01:00:00.000Z" for a UTC moment, "2019-12-02T01:00:00.000Z[+09:00]" for a
/// moment written at +09:00 (the UTC instant, then the offset as an RFC 9557 suffix), and
/// "2019-12-02T10:00:00.000" for a moment without a zone. Text written by earlier versions
/// ("...T00:00:00.000Z") reads as the UTC moment it says.
class SourceDate
{
public:
    SourceDate() = default;

    static SourceDate fromDay(QDate day);
    /// @p moment with its offset from UTC (a local-time QDateTime: its offset then).
    static SourceDate fromMoment(const QDateTime &moment);
    /// @p moment's date and time as written, with no zone.
    static SourceDate fromFloating(const QDateTime &moment);
    /// Reads the stored form and what importers meet: "2019-12-02", ISO 8601 date-times
    /// ("T" or a space, seconds and fractions optional, "Z", "+09:00", "+0900" or no zone).
    /// Invalid for anything else (surrounding white space is ignored).
    static SourceDate fromString(QStringView text);

    bool isValid() const { return m_day.isValid(); }
    bool hasTime() const { return m_time.isValid(); }
    bool hasOffset() const { return m_hasOffset; }
    /// The day as the source gave it (for a moment, in its own offset).
    QDate day() const { return m_day; }
    /// The time of day as the source gave it; invalid for a day.
    QTime time() const { return m_time; }
    /// Seconds ahead of UTC the moment was written in (0 when it has no offset).
    int offsetFromUtc() const { return m_offset; }
    /// The moment in its own offset (no zone: in UTC); for a day, its start in UTC.
    /// Invalid when the date is.
    QDateTime toDateTime() const;

    /// The stored form (see the class comment); empty when invalid.
    QString toString() const;
    /// For people: "2019-12-02", "2019-12-02 10:00 +09:00", "2019-12-02 10:00 UTC",
    /// "2019-12-02 10:00" (no zone); empty when invalid.
    QString toDisplayString() const;

    /// Same kind, same day and time, same offset.
    bool operator==(const SourceDate &) const = default;
    /// Time order (a day at its start in UTC, a moment without a zone as UTC); invalid
    /// dates first, a day before the moments at its start.
    friend std::weak_ordering operator<=>(const SourceDate &a, const SourceDate &b);

private:
    QDate m_day{};
    QTime m_time{};
    int m_offset = 0;
    bool m_hasOffset = false;
};

} // namespace Concord

Q_DECLARE_METATYPE(Concord::SourceDate)
