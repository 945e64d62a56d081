// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/sourcedate.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

/// "+09:00", "-05:30".
QString offsetText(int seconds)
{
    const int minutes = std::abs(seconds) / 60;
    return QChar(seconds < 0 ? u'-' : u'+') + QString::number(minutes / 60).rightJustified(2, u'0') + u':'
        + QString::number(minutes % 60).rightJustified(2, u'0');
}

/// "Z", "+09:00", "+0900", "+09" → seconds ahead of UTC; nullopt when out of range.
std::optional<int> parseOffset(QStringView text)
{
    if (text == u"Z"_s || text == u"z"_s) {
        return 0;
    }
    const int sign = text.front() == u'-' ? -1 : 1;
    const QString digits = text.mid(1).toString().remove(u':');
    const int hours = digits.left(2).toInt();
    const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
    if (hours > 14 || minutes > 59) {
        return std::nullopt;
    }
    return sign * (hours * 3600 + minutes * 60);
}

} // namespace

SourceDate SourceDate::fromDay(QDate day)
{
    SourceDate d;
    d.m_day = day;
    return d;
}

SourceDate SourceDate::fromMoment(const QDateTime &moment)
{
    if (!moment.isValid()) {
        return {};
    }
    SourceDate d;
    d.m_offset = moment.offsetFromUtc();
    d.m_hasOffset = true;
    // The day and time as written at that offset, whatever zone the QDateTime is in.
    const QDateTime there = moment.toOffsetFromUtc(d.m_offset);
    d.m_day = there.date();
    d.m_time = there.time();
    return d;
}

SourceDate SourceDate::fromFloating(const QDateTime &moment)
{
    if (!moment.isValid()) {
        return {};
    }
    SourceDate d;
    d.m_day = moment.date();
    d.m_time = moment.time();
    return d;
}

SourceDate SourceDate::fromString(QStringView text)
{
    static const QRegularExpression re(
        uR"(^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)"
        uR"( ?(Z|z|[+-]\d{2}(?::?\d{2})?)?(?:\[([+-]\d{2}:\d{2})\])?)?$)"_s);
    const QRegularExpressionMatch m = re.matchView(text.trimmed());
    if (!m.hasMatch()) {
        return {};
    }
    const QDate day = QDate::fromString(m.captured(1), Qt::ISODate);
    if (!day.isValid()) {
        return {};
    }
    if (!m.hasCaptured(2)) {
        return fromDay(day);
    }
    const int ms = m.hasCaptured(5) ? m.captured(5).left(3).leftJustified(3, u'0').toInt() : 0;
    const QTime time(m.captured(2).toInt(), m.captured(3).toInt(), m.hasCaptured(4) ? m.captured(4).toInt() : 0, ms);
    if (!time.isValid()) {
        return {};
    }
    if (!m.hasCaptured(6)) {
        if (m.hasCaptured(7)) {
            return {}; // a display offset needs the moment's own zone
        }
        SourceDate d;
        d.m_day = day;
        d.m_time = time;
        return d;
    }
    const std::optional<int> offset = parseOffset(m.capturedView(6));
    if (!offset) {
        return {};
    }
    QDateTime moment(day, time, QTimeZone::fromSecondsAheadOfUtc(*offset));
    if (m.hasCaptured(7)) {
        // The stored form: the UTC instant, then the offset it was written in.
        const std::optional<int> shown = parseOffset(m.capturedView(7));
        if (!shown) {
            return {};
        }
        moment = moment.toOffsetFromUtc(*shown);
    }
    return fromMoment(moment);
}

QDateTime SourceDate::toDateTime() const
{
    if (!isValid()) {
        return {};
    }
    if (!hasTime()) {
        return QDateTime(m_day, QTime(0, 0), QTimeZone::UTC);
    }
    return QDateTime(m_day, m_time, m_hasOffset ? QTimeZone::fromSecondsAheadOfUtc(m_offset) : QTimeZone(QTimeZone::UTC));
}

QString SourceDate::toString() const
{
    if (!isValid()) {
        return {};
    }
    if (!hasTime()) {
        return m_day.toString(Qt::ISODate);
    }
    if (!m_hasOffset) {
        return m_day.toString(Qt::ISODate) + u'T' + m_time.toString(u"HH:mm:ss.zzz"_s);
    }
    const QDateTime utc = toDateTime().toUTC();
    QString text = utc.date().toString(Qt::ISODate) + u'T' + utc.time().toString(u"HH:mm:ss.zzz"_s) + u'Z';
    if (m_offset != 0) {
        text += u'[' + offsetText(m_offset) + u']';
    }
    return text;
}

QString SourceDate::toDisplayString() const
{
    if (!isValid()) {
        return {};
    }
    QString text = m_day.toString(Qt::ISODate);
    if (!hasTime()) {
        return text;
    }
    text += u' ' + m_time.toString(u"HH:mm"_s);
    if (m_hasOffset) {
        text += u' ' + (m_offset == 0 ? u"UTC"_s : offsetText(m_offset));
    }
    return text;
}

std::weak_ordering operator<=>(const SourceDate &a, const SourceDate &b)
{
    if (a.isValid() != b.isValid()) {
        return a.isValid() ? std::weak_ordering::greater : std::weak_ordering::less;
    }
    if (!a.isValid()) {
        return std::weak_ordering::equivalent;
    }
    const qint64 ta = a.toDateTime().toMSecsSinceEpoch();
    const qint64 tb = b.toDateTime().toMSecsSinceEpoch();
    if (ta != tb) {
        return ta < tb ? std::weak_ordering::less : std::weak_ordering::greater;
    }
    if (a.hasTime() != b.hasTime()) {
        return a.hasTime() ? std::weak_ordering::greater : std::weak_ordering::less;
    }
    return std::weak_ordering::equivalent;
}

} // namespace Concord
