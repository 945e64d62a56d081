// SPDX-License-Identifier: GPL-3.0-or-later
#include "highlightterms.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Concord::HighlightTerms", text);
}

constexpr int s_jsonVersion = 1;

} // namespace

std::optional<QRegularExpression> HighlightTerm::compile(QString *error) const
{
    if (pattern.trimmed().isEmpty()) {
        *error = tr("a term cannot be empty");
        return std::nullopt;
    }
    if (pattern.contains(u'\n') || pattern.contains(u'\r')) {
        *error = tr("the term \"%1\" spans lines: terms are matched within one line").arg(pattern.simplified());
        return std::nullopt;
    }
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (!caseSensitive) {
        options |= QRegularExpression::CaseInsensitiveOption;
    }
    QRegularExpression re(regex ? pattern : QRegularExpression::escape(pattern), options);
    if (!re.isValid()) {
        *error = tr("\"%1\" is not a valid regular expression: %2 at offset %3")
                     .arg(pattern, re.errorString())
                     .arg(re.patternErrorOffset());
        return std::nullopt;
    }
    // An expression that matches empty text (a*, x?) marks nothing where it matches
    // nothing; zero-length matches of others (\b) are skipped when matching.
    if (re.match(QString()).hasMatch()) {
        *error = tr("the regular expression \"%1\" matches empty text: it must match at least one character").arg(pattern);
        return std::nullopt;
    }
    re.optimize();
    return re;
}

TermMatcher::TermMatcher(const QList<HighlightTerm> &terms)
{
    for (const HighlightTerm &term : terms) {
        QString error;
        if (std::optional<QRegularExpression> re = term.compile(&error)) {
            m_terms.append(term);
            m_expressions.append(*re);
        }
    }
}

QList<TermMatch> TermMatcher::marks(QStringView line) const
{
    QList<TermMatch> found;
    for (const QRegularExpression &re : m_expressions) {
        QRegularExpressionMatchIterator it = re.globalMatchView(line);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() > 0) {
                found.append({int(m.capturedStart()), int(m.capturedLength())});
            }
        }
    }
    if (found.size() < 2) {
        return found;
    }
    std::sort(found.begin(), found.end(), [](const TermMatch &a, const TermMatch &b) {
        return a.start < b.start || (a.start == b.start && a.length > b.length);
    });
    QList<TermMatch> merged;
    for (const TermMatch &m : std::as_const(found)) {
        if (!merged.isEmpty() && m.start <= merged.last().start + merged.last().length) {
            TermMatch &last = merged.last();
            last.length = std::max(last.length, m.start + m.length - last.start);
        } else {
            merged.append(m);
        }
    }
    return merged;
}

qint64 TermMatcher::count(QStringView text) const
{
    if (m_expressions.isEmpty() || text.isEmpty()) {
        return 0;
    }
    qint64 n = 0;
    for (const QStringView line : text.tokenize(u'\n')) {
        if (line.isEmpty()) {
            continue;
        }
        for (const QRegularExpression &re : m_expressions) {
            QRegularExpressionMatchIterator it = re.globalMatchView(line);
            while (it.hasNext()) {
                n += it.next().capturedLength() > 0 ? 1 : 0;
            }
        }
    }
    return n;
}

QString TermMatcher::toJson(const QList<HighlightTerm> &terms)
{
    QJsonArray list;
    for (const HighlightTerm &term : terms) {
        list.append(QJsonObject{{u"pattern"_s, term.pattern},
                                {u"regex"_s, term.regex},
                                {u"caseSensitive"_s, term.caseSensitive}});
    }
    const QJsonObject root{{u"version"_s, s_jsonVersion}, {u"terms"_s, list}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

std::optional<QList<HighlightTerm>> TermMatcher::fromJson(const QString &json, QString *error)
{
    if (json.trimmed().isEmpty()) {
        return QList<HighlightTerm>();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (!doc.isObject()) {
        *error = tr("the highlight terms are not readable JSON (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const int version = root.value(u"version"_s).toInt(0);
    if (version < 1 || version > s_jsonVersion) {
        *error = tr("the highlight terms have version %1; this Concord reads version %2")
                     .arg(root.value(u"version"_s).toVariant().toString())
                     .arg(s_jsonVersion);
        return std::nullopt;
    }
    QList<HighlightTerm> terms;
    const QJsonArray list = root.value(u"terms"_s).toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject o = value.toObject();
        HighlightTerm term;
        term.pattern = o.value(u"pattern"_s).toString();
        term.regex = o.value(u"regex"_s).toBool(false);
        term.caseSensitive = o.value(u"caseSensitive"_s).toBool(false);
        terms.append(term);
    }
    if (!validate(terms, error)) {
        return std::nullopt;
    }
    return terms;
}

bool TermMatcher::validate(const QList<HighlightTerm> &terms, QString *error)
{
    QSet<QString> seen;
    for (const HighlightTerm &term : terms) {
        if (!term.compile(error)) {
            return false;
        }
        const QString key = (term.regex ? u"r:"_s : u"t:"_s) + (term.caseSensitive ? term.pattern : term.pattern.toCaseFolded());
        if (seen.contains(key)) {
            *error = tr("the term \"%1\" is listed twice").arg(term.pattern);
            return false;
        }
        seen.insert(key);
    }
    return true;
}

} // namespace Concord
