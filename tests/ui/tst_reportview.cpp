// SPDX-License-Identifier: GPL-3.0-or-later
// A bug report as a document. The report is a real corpus issue (tensorflow/tensorflow
// #46012: title, URL, state, labels and opening day as bugreports/issues.json has them)
// exported the way `gh issue view --json` writes it and imported by the shipped importer.
// The corpus carries no bodies or comments, so those are written here: Markdown, a code
// block, and what a hostile report would hold (scripts, remote and local images,
// javascript: and file: links).
#include "import/importer.h"
#include "report/reportview.h"
#include "store/project.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_localImage = u"docs/screenshots/labeling-1280x800-light.png"_s; // relative to the source tree

/// Stands in for the user's browser: QDesktopServices hands it what it would open.
class Browser : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

/// Every fragment of @p doc, in order.
QList<QTextFragment> fragments(const QTextDocument *doc)
{
    QList<QTextFragment> list;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            list.append(it.fragment());
        }
    }
    return list;
}

/// The fragment holding @p text; an invalid one when none does.
QTextFragment fragmentWith(const QTextDocument *doc, const QString &text)
{
    for (const QTextFragment &f : fragments(doc)) {
        if (f.text().contains(text)) {
            return f;
        }
    }
    return {};
}

} // namespace

class TestReportView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTcpServer m_server; ///< where the report's "remote" images point
    QJsonObject m_corpusIssue;
    std::unique_ptr<Project> m_project;
    Item m_item;
    BugReportContent m_report;
    Browser m_browser;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        QFile corpus(QStringLiteral(CONCORD_CORPUS_DIR "/bugreports/issues.json"));
        QVERIFY(corpus.open(QIODevice::ReadOnly));
        for (const QJsonValue &v : QJsonDocument::fromJson(corpus.readAll()).array()) {
            if (v[u"repo"].toString() == u"tensorflow/tensorflow" && v[u"number"].toInt() == 46012) {
                m_corpusIssue = v.toObject();
            }
        }
        QVERIFY(!m_corpusIssue.isEmpty());
        QVERIFY(m_corpusIssue[u"labels"].toArray().size() >= 3);
        QVERIFY(QFile::exists(QStringLiteral(CONCORD_SOURCE_DIR "/") + s_localImage));

        const QString remote = u"http://127.0.0.1:%1"_s.arg(m_server.serverPort());
        const QString body = u"### Describe the bug\n"
                             "Retracing warnings <script>alert(1)</script> on every call.\n\n"
                             "<img src=\"%1/pixel.png\">\n\n"
                             "<a href=\"javascript:alert(1)\">click me</a>\n\n"
                             "See [md js](javascript:alert(2)), [a file](file:///etc/passwd), "
                             "[the next issue](/tensorflow/tensorflow/issues/46013) and "
                             "[the guide](https://www.tensorflow.org/guide/function).\n\n"
                             "![remote](%1/remote.png)\n\n"
                             "![local](%2)\n\n"
                             "```python\n"
                             "@tf.function\n"
                             "def f(x):\n"
                             "    return x + 1  # retraces\n"
                             "```\n\n"
                             "```\n"
                             "WARNING:tensorflow:5 out of the last 5 calls triggered tf.function retracing.\n"
                             "```\n"_s.arg(remote, QUrl::fromLocalFile(QStringLiteral(CONCORD_SOURCE_DIR "/") + s_localImage).toString());
        QJsonArray labels;
        for (const QJsonValue &l : m_corpusIssue[u"labels"].toArray()) {
            labels.append(QJsonObject{{u"name"_s, l}});
        }
        auto comment = [](const QString &login, const QString &body, const QString &at) {
            return QJsonObject{{u"author"_s, QJsonObject{{u"login"_s, login}}}, {u"body"_s, body}, {u"createdAt"_s, at}};
        };
        const QJsonObject gh{
            {u"number"_s, m_corpusIssue[u"number"]},
            {u"title"_s, m_corpusIssue[u"title"]},
            {u"url"_s, m_corpusIssue[u"url"]},
            {u"state"_s, m_corpusIssue[u"state"].toString().toUpper()},
            {u"author"_s, QJsonObject{{u"login"_s, u"reporter"_s}}},
            {u"labels"_s, labels},
            {u"createdAt"_s, m_corpusIssue[u"created_at"]},
            {u"closedAt"_s, u"2021-01-15T08:00:00Z"_s},
            {u"body"_s, body},
            {u"comments"_s, QJsonArray{comment(u"first-commenter"_s, u"Same here with `tf.function`."_s, u"2021-01-02T09:30:00+01:00"_s),
                                       comment(u"second-commenter"_s, u"**Fixed** in 2.5."_s, u"2021-01-03T10:00:00Z"_s),
                                       comment(u"third-commenter"_s, u"Closing <b>now</b>."_s, u"2021-01-04T11:00:00Z"_s)}},
        };
        const QString file = m_dir.filePath(u"issue.json"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(QJsonArray{gh}).toJson());
        out.close();

        QString error;
        m_project = Project::create(m_dir.filePath(u"report.concord"_s), &error);
        QVERIFY2(m_project, qPrintable(error));
        ImportRequest request;
        request.files = {file};
        ImportResult result;
        QVERIFY2(importFiles(*m_project, request, &result, &error), qPrintable(error));
        const auto item = m_project->itemByKey(ItemKey::issue(u"tensorflow/tensorflow"_s, 46012));
        QVERIFY(item);
        m_item = *item;
        const auto report = m_project->bugReport(item->id);
        QVERIFY(report);
        m_report = *report;

        // A click goes to the "browser" here, never to a real one.
        for (const QString &scheme : {u"http"_s, u"https"_s, u"mailto"_s, u"file"_s, u"javascript"_s}) {
            QDesktopServices::setUrlHandler(scheme, &m_browser, "open");
        }
    }

    void cleanupTestCase()
    {
        for (const QString &scheme : {u"http"_s, u"https"_s, u"mailto"_s, u"file"_s, u"javascript"_s}) {
            QDesktopServices::unsetUrlHandler(scheme);
        }
    }

    void init() { m_browser.opened.clear(); }

    // State, labels, who and when (as given: a day stays a day), the URL, the body
    // rendered, then the comments in their order.
    void showsStateLabelsDatesAndComments()
    {
        ReportView view;
        view.setReport(m_item, m_report);
        const QString text = view.document()->toPlainText();
        QVERIFY2(text.contains(u"Closed"_s), qPrintable(text));
        for (const QJsonValue &label : m_corpusIssue[u"labels"].toArray()) {
            QVERIFY2(text.contains(label.toString()), qPrintable(label.toString()));
        }
        QVERIFY2(text.contains(u"opened by reporter on "_s + m_corpusIssue[u"created_at"].toString() + u"  ·"_s), qPrintable(text));
        QVERIFY(text.contains(u"closed on 2021-01-15 08:00 UTC"_s));
        QVERIFY(text.contains(u"3 comments"_s));
        QVERIFY(text.contains(m_corpusIssue[u"url"].toString()));
        // Markdown, not its source.
        QVERIFY(text.contains(u"Describe the bug"_s));
        QVERIFY(!text.contains(u"### Describe"_s));
        QVERIFY(!text.contains(u"**Fixed**"_s));
        const QTextFragment fixed = fragmentWith(view.document(), u"Fixed"_s);
        QVERIFY(fixed.isValid());
        QCOMPARE(fixed.charFormat().fontWeight(), int(QFont::Bold));
        // Comments in order, each with its author and its date as written.
        const qsizetype first = text.indexOf(u"first-commenter commented on 2021-01-02 09:30 +01:00"_s);
        const qsizetype second = text.indexOf(u"second-commenter commented on 2021-01-03 10:00 UTC"_s);
        const qsizetype third = text.indexOf(u"third-commenter commented on 2021-01-04 11:00 UTC"_s);
        QVERIFY2(first > text.indexOf(u"retraces"_s) && second > first && third > second, qPrintable(text));
        QVERIFY(text.indexOf(u"Same here"_s) > first && text.indexOf(u"Same here"_s) < second);
        // The URL is a link to the report.
        const QTextFragment url = fragmentWith(view.document(), m_corpusIssue[u"url"].toString());
        QVERIFY(url.charFormat().isAnchor());
        QCOMPARE(url.charFormat().anchorHref(), m_corpusIssue[u"url"].toString());
    }

    // Raw HTML is text; only http(s) and mailto links stay links; images are links.
    void hostileHtmlIsInert()
    {
        ReportView view;
        view.setReport(m_item, m_report);
        const QTextDocument *doc = view.document();
        const QString text = doc->toPlainText();
        QVERIFY2(text.contains(u"<script>alert(1)</script>"_s), qPrintable(text));
        QVERIFY(text.contains(u"<img src=\"http://127.0.0.1:"_s));
        QVERIFY(text.contains(u"<a href=\"javascript:alert(1)\">click me</a>"_s));
        QVERIFY(text.contains(u"Closing <b>now</b>."_s));
        QStringList hrefs;
        for (const QTextFragment &f : fragments(doc)) {
            const QTextCharFormat format = f.charFormat();
            QVERIFY2(!format.isImageFormat(), qPrintable(f.text()));
            if (format.isAnchor()) {
                const QString scheme = QUrl(format.anchorHref()).scheme();
                QVERIFY2(scheme == u"http" || scheme == u"https" || scheme == u"mailto", qPrintable(format.anchorHref()));
                hrefs << format.anchorHref();
            }
        }
        QVERIFY(!fragmentWith(doc, u"md js"_s).charFormat().isAnchor());
        QVERIFY(!fragmentWith(doc, u"a file"_s).charFormat().isAnchor());
        QCOMPARE(fragmentWith(doc, u"the next issue"_s).charFormat().anchorHref(),
                 u"https://github.com/tensorflow/tensorflow/issues/46013"_s);
        QCOMPARE(fragmentWith(doc, u"the guide"_s).charFormat().anchorHref(), u"https://www.tensorflow.org/guide/function"_s);
        // Images: a link to the remote one, the local one only named.
        const QTextFragment remote = fragmentWith(doc, u"[image: remote]"_s);
        QVERIFY(remote.isValid());
        QCOMPARE(remote.charFormat().anchorHref(), u"http://127.0.0.1:%1/remote.png"_s.arg(m_server.serverPort()));
        const QTextFragment local = fragmentWith(doc, u"[image: local]"_s);
        QVERIFY(local.isValid());
        QVERIFY(!local.charFormat().isAnchor());
        QVERIFY2(hrefs.size() == 4, qPrintable(hrefs.join(u' ')));
    }

    // Nothing is fetched: not the "remote" images (a local server counts connections),
    // not a local file an image names (QTextDocument reads those by default).
    void nothingIsLoaded()
    {
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QStringLiteral(CONCORD_SOURCE_DIR)));
        ReportView view;
        view.resize(900, 1400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setReport(m_item, m_report);
        view.grab(); // lays out and paints everything
        QTest::qWait(200);
        QVERIFY(!m_server.hasPendingConnections());
        QVERIFY(!m_server.waitForNewConnection(300));
        for (const QUrl &url : {QUrl(s_localImage), QUrl::fromLocalFile(QStringLiteral(CONCORD_SOURCE_DIR "/") + s_localImage),
                                QUrl(u"http://127.0.0.1:%1/remote.png"_s.arg(m_server.serverPort()))}) {
            QVERIFY2(!view.document()->resource(QTextDocument::ImageResource, url).isValid(), qPrintable(url.toString()));
        }
        QVERIFY(m_browser.opened.isEmpty()); // and nothing was opened without a click
        QDir::setCurrent(cwd);
    }

    // A click opens a link in the browser; a javascript: "link" opens nothing.
    void linksOpenOnlyOnClick()
    {
        ReportView view;
        view.resize(900, 1400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setReport(m_item, m_report);
        QSignalSpy opened(&view, &ReportView::linkOpened);
        auto click = [&](const QString &text) {
            const QTextFragment f = fragmentWith(view.document(), text);
            QVERIFY2(f.isValid(), qPrintable(text));
            QTextCursor cursor(view.document());
            cursor.setPosition(f.position() + 1);
            view.setTextCursor(cursor);
            view.ensureCursorVisible();
            const QPoint at = view.cursorRect(cursor).center() + QPoint(2, 0);
            QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, at);
        };
        QVERIFY(m_browser.opened.isEmpty());
        click(u"md js"_s);
        click(u"click me"_s);
        click(u"a file"_s);
        QVERIFY2(m_browser.opened.isEmpty(), qPrintable(m_browser.opened.value(0).toString()));
        click(u"the next issue"_s);
        QCOMPARE(m_browser.opened, QList<QUrl>{QUrl(u"https://github.com/tensorflow/tensorflow/issues/46013"_s)});
        click(m_corpusIssue[u"url"].toString());
        QCOMPARE(m_browser.opened.size(), 2);
        QCOMPARE(m_browser.opened.last(), QUrl(m_corpusIssue[u"url"].toString()));
        QCOMPARE(opened.size(), 2);
        // Direct activation with anything but http(s)/mailto does nothing either.
        Q_EMIT view.anchorClicked(QUrl(u"javascript:alert(3)"_s));
        Q_EMIT view.anchorClicked(QUrl(u"file:///etc/passwd"_s));
        QCOMPARE(m_browser.opened.size(), 2);
        QVERIFY(!m_server.hasPendingConnections());
    }

    // Code blocks: monospace; a fence's language highlights it, no language leaves it plain.
    void codeBlocksAreMonospaceAndHighlighted()
    {
        ReportView view;
        view.resize(900, 1400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setReport(m_item, m_report);
        const QStringList fixedFamilies = QFontDatabase::systemFont(QFontDatabase::FixedFont).families();
        const QTextDocument *doc = view.document();
        const QTextBlock python = doc->find(u"def f(x):"_s).block();
        const QTextBlock plain = doc->find(u"WARNING:tensorflow:5 out of"_s).block();
        QVERIFY(python.isValid() && plain.isValid());
        for (const QTextBlock &block : {python, plain}) {
            QCOMPARE(block.begin().fragment().charFormat().fontFamilies().toStringList(), fixedFamilies);
        }
        QCOMPARE(python.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage), u"python"_s);
        // "def" is coloured, and differently from "f(x):"
        const QList<QTextLayout::FormatRange> formats = python.layout()->formats();
        QVERIFY2(!formats.isEmpty(), "the python block is not highlighted");
        QColor defColour;
        for (const QTextLayout::FormatRange &r : formats) {
            if (r.start == 0 && r.length >= 3) {
                defColour = r.format.foreground().color();
            }
        }
        QVERIFY(defColour.isValid());
        QVERIFY(doc->find(u"# retraces"_s).block().layout()->formats().size() >= 1);
        QVERIFY(plain.layout()->formats().isEmpty());
        // Prose is not highlighted as code.
        QVERIFY(doc->find(u"Retracing warnings"_s).block().layout()->formats().isEmpty());
        // A long line of code wraps: the report never scrolls sideways.
        view.resize(420, 900);
        QTest::qWait(50);
        QCOMPARE(view.horizontalScrollBar()->maximum(), 0);
        QVERIFY(plain.layout()->lineCount() > 1);
    }
};

QTEST_MAIN(TestReportView)
#include "tst_reportview.moc"
