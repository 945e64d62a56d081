// SPDX-License-Identifier: GPL-3.0-or-later
// Project's highlight terms (project_meta "highlight_terms") in a real project file:
// durable and shared through the file, refused whole when one term is invalid, and the
// item texts they are counted in, read from a real corpus patch.
#include "import/importer.h"
#include "store/project.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

QString corpus(const QString &relative)
{
    return QStringLiteral(CONCORD_CORPUS_DIR "/") + relative;
}

const QList<HighlightTerm> s_study{{u"tf.function"_s, false, false},
                                   {u"@tf.function"_s, false, false},
                                   {u"input_signature\\s*="_s, true, false}};

qint64 termEdits(const Project &project)
{
    qint64 n = 0;
    for (const AuditEntry &e : project.auditLog(100000)) {
        n += e.action == u"project.terms"_s ? 1 : 0;
    }
    return n;
}

} // namespace

class TestProjectTerms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"terms%1.concord"_s.arg(++m_run));
        QString error;
        QVERIFY2(Project::create(m_path, &error), qPrintable(error));
    }

    void newProjectHasNoTerms()
    {
        QString error;
        auto project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        const auto terms = project->highlightTerms(&error);
        QVERIFY2(terms, qPrintable(error));
        QVERIFY(terms->isEmpty());
    }

    void termsSurviveReopen()
    {
        QString error;
        {
            auto project = Project::open(m_path, Project::ReadWrite, &error);
            QVERIFY2(project, qPrintable(error));
            QVERIFY2(project->setHighlightTerms(s_study, &error), qPrintable(error));
            // A second connection (the other rater's window) sees them at once.
            auto reader = Project::open(m_path, Project::ReadOnly, &error);
            QVERIFY2(reader, qPrintable(error));
            QCOMPARE(reader->highlightTerms(&error), std::optional<QList<HighlightTerm>>(s_study));
        }
        auto project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QCOMPARE(project->highlightTerms(&error), std::optional<QList<HighlightTerm>>(s_study));
        QCOMPARE(termEdits(*project), qint64(1));
        // Versioned JSON in the key/value table, not a schema of its own.
        QVERIFY(project->metadata(u"highlight_terms"_s).contains(u"\"version\":1"_s));
    }

    void invalidRegexChangesNothing()
    {
        QString error;
        auto project = Project::open(m_path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY2(project->setHighlightTerms(s_study, &error), qPrintable(error));
        const QString stored = project->metadata(u"highlight_terms"_s);
        QList<HighlightTerm> bad = s_study;
        bad.append({u"tf.function("_s, true, false});
        error.clear();
        QVERIFY(!project->setHighlightTerms(bad, &error));
        QVERIFY2(error.contains(u"\"tf.function(\" is not a valid regular expression: missing closing parenthesis"_s),
                 qPrintable(error));
        QVERIFY2(error.endsWith(u"the project is unchanged"_s), qPrintable(error));
        QVERIFY2(error.startsWith(m_path), qPrintable(error));
        project.reset();
        auto again = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->metadata(u"highlight_terms"_s), stored);
        QCOMPARE(termEdits(*again), qint64(1));
    }

    void readOnlyProjectRefuses()
    {
        QString error;
        auto project = Project::open(m_path, Project::ReadOnly, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(!project->setHighlightTerms(s_study, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(project->highlightTerms(&error)->isEmpty());
    }

    void newerTermsAreAClearError()
    {
        QString error;
        auto project = Project::open(m_path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        QVERIFY(project->setMetadata(u"highlight_terms"_s, u"{\"version\": 7, \"terms\": [{\"pattern\": \"x\"}]}"_s, &error));
        QVERIFY(!project->highlightTerms(&error));
        QCOMPARE(error, m_path + u": the highlight terms have version 7; this Concord reads version 1"_s);
    }

    void itemTextsOfARealPatch()
    {
        // tensorflow/addons decorates its activations with @tf.function; the texts hold
        // the title, the message and every hunk's lines without their +/-/space prefix.
        QString error;
        auto project = Project::open(m_path, Project::ReadWrite, &error);
        QVERIFY2(project, qPrintable(error));
        const QString file = corpus(u"patches/tensorflow__addons/2b070a15fb516e6b3c1cca3898ae611024d7481d.patch"_s);
        ImportRequest request;
        request.files = {file};
        ImportResult result;
        QVERIFY2(importFiles(*project, request, &result, &error), qPrintable(error));
        QCOMPARE(project->itemCount(), qint64(1));
        const ItemId item = project->itemIds().constFirst();
        const auto texts = project->itemTexts(item, &error);
        QVERIFY2(texts, qPrintable(error));
        QCOMPARE(texts->constFirst(), project->item(item)->title);
        QCOMPARE(texts->at(1), project->commitHeader(item)->message);
        int hunks = 0;
        for (const PatchFile &f : project->patchFiles(item)) {
            hunks += f.hunkCount;
        }
        QCOMPARE(texts->size(), 2 + hunks);
        // Every "@tf.function" line of the file, as the diff shows it.
        QFile patch(file);
        QVERIFY(patch.open(QIODevice::ReadOnly));
        qint64 inPatch = 0;
        for (const QByteArray &line : patch.readAll().split('\n')) {
            if ((line.startsWith(' ') || line.startsWith('+') || line.startsWith('-')) && line.mid(1) == "@tf.function") {
                ++inPatch;
            }
        }
        QVERIFY(inPatch >= 8);
        qint64 inTexts = 0;
        for (qsizetype i = 2; i < texts->size(); ++i) {
            inTexts += texts->at(i).split(u'\n').count(u"@tf.function"_s);
        }
        QCOMPARE(inTexts, inPatch);
        QVERIFY(!project->itemTexts(item + 1000, &error));
        QVERIFY2(error.contains(u"there is no item"_s), qPrintable(error));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_run = 0;
};

QTEST_GUILESS_MAIN(TestProjectTerms)
#include "tst_projectterms.moc"
