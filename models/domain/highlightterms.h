// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include <optional>

namespace Concord {

/// A word or pattern the study looks for (`tf.function`, `input_signature`), marked in
/// diffs and reports and counted per item. Kept in the project, so that every rater sees
/// the same marks. Plain text matches literally; both kinds ignore case unless told.
struct HighlightTerm
{
    QString pattern{};
    bool regex = false;
    bool caseSensitive = false;

    bool operator==(const HighlightTerm &) const = default;

    /// The expression that finds this term; nullopt and *error ("the pattern "(" is not a
    /// valid regular expression: missing closing parenthesis at offset 1") when the
    /// pattern is empty, not a valid expression, or matches empty text (it would mark
    /// nothing and count without end).
    std::optional<QRegularExpression> compile(QString *error) const;
};

/// One marked stretch of a line.
struct TermMatch
{
    int start = 0;
    int length = 0;
    bool operator==(const TermMatch &) const = default;
};

/// The terms of a project, compiled once. Matching works line by line: a match never
/// spans a line end, so what is counted is what a view can mark.
class TermMatcher
{
public:
    TermMatcher() = default;
    /// Terms that do not compile are left out (the store never holds such terms).
    explicit TermMatcher(const QList<HighlightTerm> &terms);

    bool isEmpty() const { return m_expressions.isEmpty(); }
    const QList<HighlightTerm> &terms() const { return m_terms; }

    /// The stretches of @p line that some term matches, sorted and merged where they
    /// overlap (`@tf.function` and `tf.function` give one mark).
    QList<TermMatch> marks(QStringView line) const;
    /// Occurrences of the terms in @p text, line by line: each term counts its own
    /// non-overlapping matches, so `@tf.function` counts once for each of the terms
    /// `@tf.function` and `tf.function`.
    qint64 count(QStringView text) const;

    /// The JSON the project stores ({"version": 1, "terms": [...]}).
    static QString toJson(const QList<HighlightTerm> &terms);
    /// Reads toJson()'s text (empty text: no terms). nullopt and *error when the text is
    /// not that JSON, is a newer version, or holds a term that does not compile.
    static std::optional<QList<HighlightTerm>> fromJson(const QString &json, QString *error);
    /// Checks a list before it is stored: every term compiles and none is given twice.
    static bool validate(const QList<HighlightTerm> &terms, QString *error);

private:
    QList<HighlightTerm> m_terms;
    QList<QRegularExpression> m_expressions;
};

} // namespace Concord
