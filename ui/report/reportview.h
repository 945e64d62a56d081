// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/bugreport.h"
#include "domain/highlightterms.h"
#include "domain/item.h"

#include <QTextBrowser>

#include <optional>

namespace Concord {

class CodeBlockHighlighter;

/// A bug report as a document: state, labels, author and dates, its URL, then the body
/// and the comments in order, each rendered from Markdown (GitHub's dialect).
///
/// What a report says is data, never active content:
/// - raw HTML in the Markdown is shown as text (Qt's Markdown reader without HTML);
/// - nothing is loaded, from the network or from disk (loadResource returns nothing):
///   an image shows as a link to it;
/// - a link opens in the user's browser (QDesktopServices) only when clicked, and only
///   an http, https or mailto link: others (javascript:, file:, data:...) are plain text.
///   Relative links are resolved against the report's URL.
/// Code blocks are monospace and highlighted by their fence's language.
class ReportView : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportView)
public:
    explicit ReportView(QWidget *parent = nullptr);
    ~ReportView() override;

    /// Shows @p report; @p item gives its author, opening date and GitHub metadata.
    void setReport(const Item &item, const BugReportContent &report);
    /// Marks the occurrences of @p terms in the report (text stays text: the marks are
    /// formats laid over it, never markup).
    void setHighlightTerms(const QList<HighlightTerm> &terms);

    /// Shows @p message instead of a report.
    void showMessage(const QString &message);

    /// What a click on a link to @p url opens: http, https and mailto URLs (a relative
    /// one resolved against the report's URL); an invalid QUrl for anything else.
    QUrl openableUrl(const QUrl &url) const;

Q_SIGNALS:
    /// A clicked link was handed to the desktop to open.
    void linkOpened(const QUrl &url);

protected:
    /// Nothing: no image or style sheet of a report is ever fetched or read.
    QVariant loadResource(int type, const QUrl &name) override;
    void changeEvent(QEvent *event) override;

private:
    void render();
    void insertMarkdown(QTextCursor &cursor, const QString &markdown);
    void neutralize(QTextDocument *doc) const;
    void openLink(const QUrl &url);

    Item m_item{};
    std::optional<BugReportContent> m_report;
    QString m_message;
    QUrl m_base;
    CodeBlockHighlighter *m_highlighter = nullptr;
    QList<HighlightTerm> m_terms;
};

} // namespace Concord
