// SPDX-License-Identifier: GPL-3.0-or-later
// Whole files from a local clone: a real repository made with the git command from a
// corpus file (tensorflow/addons' connected_components.py, added whole by a corpus
// patch), read with libgit2 (LocalClone), a format-patch of a change to it imported into
// a real project, and the diff view's highlighting and unchanged lines checked against
// the file as git shows it.
#include "textformats.h"
#include "../common/corpuspatch.h"
#include "diff/diffcolors.h"
#include "diff/diffrows.h"
#include "diff/difftextedit.h"
#include "diff/diffview.h"
#include "diff/filecontext.h"
#include "document/projectdocument.h"
#include "import/gitimport.h"
#include "import/patchimport.h"
#include "patch/localclone.h"
#include "patch/patchparser.h"
#include "project/itemview.h"
#include "store/project.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Theme>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>

using namespace Concord;
using namespace Concord::CorpusTest;
using namespace Qt::StringLiterals;
using Concord::UiTest::formatAt;
using Concord::UiTest::lightPalette;
using KSyntaxHighlighting::Theme;

namespace {

const QString s_source = u"tensorflow__addons/2d977c8a2412f66300e6e613dab35db9fc6fdb8d.patch"_s;
const QString s_path = u"tensorflow_addons/image/connected_components.py"_s;
// A line in the middle of the function's docstring (lines 31-55): the hunk changing it
// holds no quotes, so only the file tells that it starts inside the docstring.
const QString s_prose = u"    Zero entries all have an output id of 0."_s;
const QString s_proseNew = u"    Zero entries all have the output id 0."_s;
const QString s_code = u"        components_flat = tf.reshape(components, [-1])"_s;
const QString s_codeNew = u"        components_flat = tf.reshape(components, shape=[-1])"_s;

QTextBlock blockWithText(const DiffTextEdit *edit, const QString &text)
{
    for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
        if (b.text() == text) {
            return b;
        }
    }
    return{};
}

QList<DiffRow> rowsOfKind(const QList<DiffRow> &rows, DiffRow::Kind kind)
{
    QList<DiffRow> out;
    for (const DiffRow &row : rows) {
        if (row.kind == kind) {
            out.append(row);
        }
    }
    return out;
}

} // namespace

class TestFileContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void blobsByAbbreviatedId();
    void fallbackThroughTheCommit();
    void clearErrors();
    void importGitRecordsTheClone();
    void docstringHunkStartsInTheRealState();
    void expandingShowsTheFilesLines();
    void missingBlobKeepsTheGuess();
    void hugeGapOpensInSteps();

private:
    QByteArray git(const QStringList &args, const QString &dir = {})
    {
        QProcess p;
        p.setWorkingDirectory(dir.isEmpty() ? m_repo : dir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"GIT_AUTHOR_NAME"_s, u"Tester"_s);
        env.insert(u"GIT_AUTHOR_EMAIL"_s, u"t@example.org"_s);
        env.insert(u"GIT_COMMITTER_NAME"_s, u"Tester"_s);
        env.insert(u"GIT_COMMITTER_EMAIL"_s, u"t@example.org"_s);
        p.setProcessEnvironment(env);
        p.start(u"git"_s, args);
        p.waitForFinished(120000);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning() << "git" << args << "failed:" << p.readAllStandardError();
            m_gitFailed = true;
        }
        return p.readAllStandardOutput();
    }
    bool writeFile(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    }
    /// The project at @p name with the format-patch imported as a commit of @p repository.
    std::unique_ptr<ProjectDocument> patchProject(const QString &name, const QString &repository)
    {
        QString error;
        const QString path = m_dir.filePath(name);
        {
            auto project = Project::create(path, &error);
            if (!project) {
                qWarning() << error;
                return nullptr;
            }
            ImportOptions options;
            options.project = repository;
            ImportReport report;
            if (!importPatchFile(*project, m_patchFile, options, &report, &error)) {
                qWarning() << error;
                return nullptr;
            }
        }
        auto document = ProjectDocument::open(path, false, &error);
        if (!document) {
            qWarning() << error;
        }
        return document;
    }
    /// The view showing the changed file of @p document's only item.
    void showChangedFile(ItemView &view, ProjectDocument &document, const QString &repository)
    {
        view.setDocument(&document);
        const std::optional<Item> item = document.project().itemByKey(ItemKey::commit(repository, m_sha));
        QVERIFY(item);
        view.showItem(item->id);
        view.showFile(0);
        QCOMPARE(view.diffView()->titleText().section(u"  "_s, 0, 0), s_path);
    }

    QTemporaryDir m_dir;
    QString m_repo;
    QString m_olderClone; ///< cloned before the change: lacks its blobs and its commit
    QString m_patchFile;
    QString m_sha;
    QByteArray m_oldContent;
    QByteArray m_newContent;
    FileDiff m_file; ///< the file as the format-patch describes it
    bool m_gitFailed = false;
};

void TestFileContext::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QSettings().fileName().startsWith(QString::fromLocal8Bit(qgetenv("XDG_CONFIG_HOME"))));

    // The file as the corpus patch added it, through the shipped parser.
    const auto loaded = loadPatch(s_source);
    QVERIFY(loaded);
    const FileDiff *added = fileByPath(loaded->patch, s_path);
    QVERIFY(added);
    QCOMPARE(added->change, FileDiff::Change::Added);
    QStringList lines;
    const QList<QList<DiffLine>> hunks = linesOf(*loaded, *added);
    QCOMPARE(hunks.size(), 1);
    for (const DiffLine &line : hunks.constFirst()) {
        lines.append(line.text);
    }
    QCOMPARE(lines.size(), 96);
    // The lines the change edits: 41, in the docstring of lines 31-54, and 69, in code.
    QCOMPARE(lines.indexOf(s_prose), 40);
    QCOMPARE(lines.indexOf(s_code), 68);
    QCOMPARE(lines.at(30), u"    \"\"\"Labels the connected components in a batch of images."_s);
    QCOMPARE(lines.at(53), u"    \"\"\""_s);
    m_oldContent = lines.join(u'\n').toUtf8() + '\n';
    m_newContent = QString::fromUtf8(m_oldContent).replace(s_prose, s_proseNew).replace(s_code, s_codeNew).toUtf8();

    m_repo = m_dir.filePath(u"repo"_s);
    QVERIFY(QDir().mkpath(m_repo));
    git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
    QVERIFY(writeFile(m_repo + u'/' + s_path, m_oldContent));
    git({u"add"_s, u"."_s});
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"Add connected components"_s});
    m_olderClone = m_dir.filePath(u"older"_s);
    git({u"clone"_s, u"-q"_s, m_repo, m_olderClone}, m_dir.path());
    QVERIFY(writeFile(m_repo + u'/' + s_path, m_newContent));
    git({u"commit"_s, u"-q"_s, u"-a"_s, u"-m"_s, u"Reword the docstring, name the shape"_s});
    m_sha = QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}).trimmed());
    m_patchFile = m_dir.filePath(u"change.patch"_s);
    QVERIFY(writeFile(m_patchFile, git({u"format-patch"_s, u"-1"_s, u"--stdout"_s, u"HEAD"_s})));
    QVERIFY(!m_gitFailed);

    QFile patch(m_patchFile);
    QVERIFY(patch.open(QIODevice::ReadOnly));
    PatchParseError error;
    const auto patches = PatchParser::parseAll(patch.readAll(), &error);
    QVERIFY2(patches && patches->size() == 1, qPrintable(error.message));
    QCOMPARE(patches->constFirst().files.size(), 1);
    m_file = patches->constFirst().files.constFirst();
    QCOMPARE(m_file.hunks.size(), 2);
}

void TestFileContext::blobsByAbbreviatedId()
{
    // git format-patch abbreviates the blob ids of its index line.
    QVERIFY(m_file.oldIndex.size() < 40);
    QVERIFY(m_file.newIndex.size() < 40);
    QString error;
    const std::optional<LocalClone> clone = LocalClone::open(m_repo, &error);
    QVERIFY2(clone, qPrintable(error));
    // No commit given: the ids alone find the blobs.
    const auto oldContent = clone->fileContent(m_file, LocalClone::Side::Old, QString(), &error);
    QVERIFY2(oldContent, qPrintable(error));
    QCOMPARE(*oldContent, git({u"show"_s, u"HEAD^:"_s + s_path}));
    const auto newContent = clone->fileContent(m_file, LocalClone::Side::New, QString(), &error);
    QVERIFY2(newContent, qPrintable(error));
    QCOMPARE(*newContent, git({u"show"_s, u"HEAD:"_s + s_path}));
    QCOMPARE(*newContent, m_newContent);
    QCOMPARE(LocalClone::splitLines(*newContent).size(), 96);
    QCOMPARE(LocalClone::splitLines(*newContent).at(40), s_proseNew);
}

void TestFileContext::fallbackThroughTheCommit()
{
    QString error;
    const std::optional<LocalClone> clone = LocalClone::open(m_repo, &error);
    QVERIFY2(clone, qPrintable(error));
    // A diff without an index line: the commit and its parent, by path.
    FileDiff noIndex = m_file;
    noIndex.oldIndex.clear();
    noIndex.newIndex.clear();
    const auto oldContent = clone->fileContent(noIndex, LocalClone::Side::Old, m_sha, &error);
    QVERIFY2(oldContent, qPrintable(error));
    QCOMPARE(*oldContent, m_oldContent);
    const auto newContent = clone->fileContent(noIndex, LocalClone::Side::New, m_sha.left(10), &error);
    QVERIFY2(newContent, qPrintable(error));
    QCOMPARE(*newContent, m_newContent);
    QVERIFY(!clone->fileContent(noIndex, LocalClone::Side::New, QString(), &error));
    QVERIFY2(error.contains(u"names no commit"_s), qPrintable(error));

    // The commit's file is not the blob the patch names: said, not shown.
    FileDiff other = m_file;
    other.newIndex = "1234567";
    QVERIFY(!clone->fileContent(other, LocalClone::Side::New, m_sha, &error));
    QVERIFY2(error.contains(u"the patch names 1234567"_s), qPrintable(error));
}

void TestFileContext::clearErrors()
{
    QString error;
    const QString plain = m_dir.filePath(u"plain"_s);
    QVERIFY(QDir().mkpath(plain));
    QVERIFY(!LocalClone::open(plain, &error));
    QVERIFY2(error.contains(u"not a git repository"_s) && error.contains(QDir::toNativeSeparators(plain)),
             qPrintable(error));
    QVERIFY(!LocalClone::open(m_dir.filePath(u"nowhere"_s), &error));
    QVERIFY2(error.contains(u"no such directory"_s), qPrintable(error));

    // The clone made before the change has the old file, not the new one nor the commit.
    const std::optional<LocalClone> older = LocalClone::open(m_olderClone, &error);
    QVERIFY2(older, qPrintable(error));
    QVERIFY(older->fileContent(m_file, LocalClone::Side::Old, m_sha, &error));
    QVERIFY(!older->fileContent(m_file, LocalClone::Side::New, m_sha, &error));
    QVERIFY2(error.contains(u"blob %1 is not in the clone"_s.arg(QString::fromLatin1(m_file.newIndex))), qPrintable(error));
    QVERIFY2(error.contains(u"older than the commit"_s), qPrintable(error));
    QVERIFY2(error.contains(s_path), qPrintable(error));

    // A binary blob and one above the cap, named by their ids as an index line would.
    const QString big = m_dir.filePath(u"big"_s);
    QVERIFY(QDir().mkpath(big));
    git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}, big);
    QByteArray text;
    const QByteArray line = "x = 1  # a line of a generated file, repeated up to the cap\n";
    while (text.size() <= LocalClone::maxFileSize()) {
        text += line;
    }
    QVERIFY(writeFile(big + u"/big.py"_s, text));
    QVERIFY(writeFile(big + u"/data.py"_s, QByteArray("a = 1\n\0\0\0binary\n", 16)));
    git({u"add"_s, u"."_s}, big);
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"big"_s}, big);
    QVERIFY(!m_gitFailed);
    const std::optional<LocalClone> bigClone = LocalClone::open(big, &error);
    QVERIFY2(bigClone, qPrintable(error));
    FileDiff file;
    file.oldPath = file.newPath = u"big.py"_s;
    file.newIndex = git({u"rev-parse"_s, u"HEAD:big.py"_s}, big).trimmed().left(9);
    QVERIFY(!bigClone->fileContent(file, LocalClone::Side::New, QString(), &error));
    QVERIFY2(error.contains(u"too large"_s) && error.contains(u"20.0 MB"_s), qPrintable(error));
    file.oldPath = file.newPath = u"data.py"_s;
    file.newIndex = git({u"rev-parse"_s, u"HEAD:data.py"_s}, big).trimmed().left(9);
    QVERIFY(!bigClone->fileContent(file, LocalClone::Side::New, QString(), &error));
    QVERIFY2(error.contains(u"binary"_s), qPrintable(error));
}

void TestFileContext::importGitRecordsTheClone()
{
    // import-git records where the commits came from; the view reads whole files there
    // without any link of the user's.
    QString error;
    const QString path = m_dir.filePath(u"fromgit.concord"_s);
    {
        auto project = Project::create(path, &error);
        QVERIFY2(project, qPrintable(error));
        ImportReport report;
        QVERIFY2(importGitCommits(*project, m_repo, {{u"example/fromgit"_s, m_sha}}, {}, &report, &error),
                 qPrintable(error));
        QCOMPARE(report.added, 1);
        QCOMPARE(project->metadata(localCloneMetadataKey(u"example/fromgit"_s)), QFileInfo(m_repo).canonicalFilePath());
    }
    auto document = ProjectDocument::open(path, false, &error);
    QVERIFY2(document, qPrintable(error));
    ItemView view;
    showChangedFile(view, *document, u"example/fromgit"_s);
    QCOMPARE(view.currentClonePath(), QFileInfo(m_repo).canonicalFilePath());
    QTRY_COMPARE(view.diffView()->fileContext()->status(), FileContext::Status::Ready);
    QVERIFY2(view.diffView()->contextText().startsWith(u"whole file from "_s), qPrintable(view.diffView()->contextText()));
    // View ▸ Show Unchanged Lines at Cursor does what E does: the gap near the cursor opens.
    DiffView *diff = view.diffView();
    QVERIFY(diff->hasGaps());
    const qsizetype gapsBefore = rowsOfKind(diff->unifiedEdit()->rows(), DiffRow::Kind::Gap).size();
    const qsizetype rowsBefore = diff->unifiedEdit()->rows().size();
    QVERIFY(diff->expandGapNearCursor());
    QVERIFY(diff->unifiedEdit()->rows().size() > rowsBefore);
    QCOMPARE(rowsOfKind(diff->unifiedEdit()->rows(), DiffRow::Kind::Gap).size(), gapsBefore - 1);

    // View ▸ Unlink Local Clone: the import's clone is no longer read either, until the
    // user links one again.
    setLocalClonePath(u"example/fromgit"_s, QString());
    view.reloadFile();
    QCOMPARE(view.currentClonePath(), QString());
    QCOMPARE(diff->fileContext()->status(), FileContext::Status::None);
    QVERIFY(diff->contextText().isEmpty());
    QVERIFY(!diff->hasGaps());
    QVERIFY(!diff->expandGapNearCursor());
    setLocalClonePath(u"example/fromgit"_s, m_repo);
    view.reloadFile();
    QTRY_COMPARE(diff->fileContext()->status(), FileContext::Status::Ready);
    QVERIFY(diff->hasGaps());
}

void TestFileContext::docstringHunkStartsInTheRealState()
{
    auto document = patchProject(u"patch.concord"_s, u"tensorflow/addons"_s);
    QVERIFY(document);
    ItemView view;
    view.diffView()->setPalette(lightPalette());
    const Theme theme = syntaxThemeFor(view.diffView()->unifiedEdit()->palette());
    const QColor comment = QColor::fromRgb(theme.textColor(Theme::Comment));

    // No clone linked: the hunk is guessed to start in code, and its docstring is not one.
    showChangedFile(view, *document, u"tensorflow/addons"_s);
    QCOMPARE(view.diffView()->fileContext()->status(), FileContext::Status::None);
    QVERIFY(view.diffView()->contextText().isEmpty());
    QTextBlock prose = blockWithText(view.diffView()->unifiedEdit(), u"    A component is a set of pixels in a single input image, which are"_s);
    QVERIFY(!prose.isValid()); // not in the hunk: the file's line 33
    prose = blockWithText(view.diffView()->unifiedEdit(), u"    image_index_in_batch, row, col)."_s);
    QVERIFY(prose.isValid());
    QVERIFY(formatAt(prose, 6).foreground().color() != comment);
    QVERIFY(rowsOfKind(view.diffView()->unifiedEdit()->rows(), DiffRow::Kind::Gap).isEmpty());

    // Linked: the hunk starts in the state the file has at its line 41, in the docstring.
    setLocalClonePath(u"tensorflow/addons"_s, m_repo);
    view.reloadFile();
    QTRY_COMPARE(view.diffView()->fileContext()->status(), FileContext::Status::Ready);
    QCOMPARE(view.diffView()->contextText(), u"whole file from "_s + QDir::toNativeSeparators(m_repo));
    for (DiffView::Mode mode : {DiffView::Mode::Unified, DiffView::Mode::SideBySide}) {
        view.diffView()->setMode(mode);
        const QList<DiffTextEdit *> edits = mode == DiffView::Mode::Unified
            ? QList<DiffTextEdit *>{view.diffView()->unifiedEdit()}
            : QList<DiffTextEdit *>{view.diffView()->oldEdit(), view.diffView()->newEdit()};
        for (const DiffTextEdit *edit : edits) {
            prose = blockWithText(edit, u"    image_index_in_batch, row, col)."_s);
            QVERIFY(prose.isValid());
            QCOMPARE(formatAt(prose, 6).foreground().color(), comment);
            // The changed line too, on its side (drawn readable on the change background).
            const bool old = edit == view.diffView()->oldEdit();
            const QTextBlock changed = blockWithText(edit, old ? s_prose : s_proseNew);
            QVERIFY(changed.isValid());
            const QTextCharFormat f = formatAt(changed, 6);
            const QColor background = f.hasProperty(QTextFormat::BackgroundBrush)
                ? f.background().color()
                : (old ? edit->colors().deleted : edit->colors().added);
            QCOMPARE(f.foreground().color(), DiffColors::readableOn(comment, background));
            // The second hunk is code, as it was with the guess.
            const QTextBlock code = blockWithText(edit, u"        unique_ids, id_index = tf.unique(components_flat)"_s);
            QVERIFY(code.isValid());
            QVERIFY(formatAt(code, 8).foreground().color() != comment);
        }
    }
    view.diffView()->setMode(DiffView::Mode::Unified);
}

void TestFileContext::expandingShowsTheFilesLines()
{
    auto document = patchProject(u"expand.concord"_s, u"tensorflow/addons"_s);
    QVERIFY(document);
    setLocalClonePath(u"tensorflow/addons"_s, m_repo);
    ItemView view;
    view.diffView()->setPalette(lightPalette());
    showChangedFile(view, *document, u"tensorflow/addons"_s);
    DiffView *diff = view.diffView();
    QTRY_COMPARE(diff->fileContext()->status(), FileContext::Status::Ready);
    const QStringList newLines = QString::fromUtf8(git({u"show"_s, u"HEAD:"_s + s_path})).split(u'\n');
    const QStringList oldLines = QString::fromUtf8(git({u"show"_s, u"HEAD^:"_s + s_path})).split(u'\n');

    // Hunks at lines 38-44 and 66-72 of 96: 37 lines before, 21 between, 24 after.
    QList<DiffRow> gaps = rowsOfKind(diff->unifiedEdit()->rows(), DiffRow::Kind::Gap);
    QCOMPARE(gaps.size(), 3);
    QCOMPARE(gaps[0].text, u"↕ 37 unchanged lines (click or E)"_s);
    QCOMPARE(gaps[1].text, u"↕ 21 unchanged lines (click or E)"_s);
    QCOMPARE(gaps[2].text, u"↕ 24 unchanged lines (click or E)"_s);
    QCOMPARE(diff->unifiedEdit()->rows().constFirst().kind, DiffRow::Kind::Gap);
    QCOMPARE(diff->unifiedEdit()->rows().constLast().kind, DiffRow::Kind::Gap);

    // A click on the gap between the hunks shows exactly the file's lines 45-65.
    int gapRow = -1;
    for (int i = 0; i < diff->unifiedEdit()->rows().size(); ++i) {
        if (diff->unifiedEdit()->rows()[i].kind == DiffRow::Kind::Gap && diff->unifiedEdit()->rows()[i].hunk == 1) {
            gapRow = i;
        }
    }
    QVERIFY(gapRow > 0);
    view.resize(1000, 1400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    DiffTextEdit *edit = diff->unifiedEdit();
    edit->scrollToRow(gapRow);
    const QTextBlock gapBlock = edit->document()->findBlockByNumber(gapRow);
    const QRect r = edit->cursorRect(QTextCursor(gapBlock));
    QVERIFY(edit->viewport()->rect().contains(r.center()));
    QTest::mouseClick(edit->viewport(), Qt::LeftButton, {}, r.center() + QPoint(20, 0));
    QCOMPARE(rowsOfKind(edit->rows(), DiffRow::Kind::Gap).size(), 2);
    for (int i = 0; i < 21; ++i) {
        const DiffRow &row = edit->rows()[gapRow + i];
        QCOMPARE(row.kind, DiffRow::Kind::Context);
        QCOMPARE(row.newLine, 45 + i);
        QCOMPARE(row.oldLine, 45 + i);
        QCOMPARE(row.text, newLines[44 + i]);
        QCOMPARE(row.text, oldLines[44 + i]);
        QCOMPARE(edit->document()->findBlockByNumber(gapRow + i).text(), newLines[44 + i]);
    }
    QCOMPARE(edit->rows()[gapRow + 21].kind, DiffRow::Kind::HunkHeader);
    // Highlighted as in the file: the docstring's last lines as docstring, the code after
    // its closing quotes as code.
    const Theme theme = syntaxThemeFor(edit->palette());
    const QColor comment = QColor::fromRgb(theme.textColor(Theme::Comment));
    const QTextBlock args = blockWithText(edit, u"      TypeError: if `images` is not 2D or 3D."_s);
    QVERIFY(args.isValid());
    QCOMPARE(formatAt(args, 8).foreground().color(), comment);
    const QTextBlock with = blockWithText(edit, u"    with tf.name_scope(name or \"connected_components\"):"_s);
    QVERIFY(with.isValid());
    QVERIFY(formatAt(with, 4).foreground().color() != comment);
    QVERIFY(formatAt(with, 4).foreground().color() != QColor::fromRgb(theme.textColor(Theme::String)));

    // Side by side, E at the top shows the 37 lines before the first hunk on both sides.
    diff->setMode(DiffView::Mode::SideBySide);
    QCOMPARE(rowsOfKind(diff->newEdit()->rows(), DiffRow::Kind::Gap).size(), 2);
    diff->newEdit()->setFocus();
    diff->newEdit()->moveCursor(QTextCursor::Start);
    QTest::keyClick(diff->newEdit(), Qt::Key_E);
    QCOMPARE(rowsOfKind(diff->newEdit()->rows(), DiffRow::Kind::Gap).size(), 1);
    for (const DiffTextEdit *side : {diff->oldEdit(), diff->newEdit()}) {
        QCOMPARE(side->rows().size(), diff->newEdit()->rows().size());
        for (int i = 0; i < 37; ++i) {
            QCOMPARE(side->rows()[i].kind, DiffRow::Kind::Context);
            QCOMPARE(side->rows()[i].text, newLines[i]);
            QCOMPARE(side->rows()[i].newLine, i + 1);
        }
        QCOMPARE(side->rows()[37].kind, DiffRow::Kind::HunkHeader);
    }
    // The last gap, then none is left; the file ends where git's does.
    QTest::keyClick(diff->newEdit(), Qt::Key_E);
    QVERIFY(rowsOfKind(diff->newEdit()->rows(), DiffRow::Kind::Gap).isEmpty());
    QCOMPARE(diff->newEdit()->rows().constLast().newLine, 96);
    QCOMPARE(diff->newEdit()->rows().constLast().text, newLines[95]);
    int shown = 0;
    for (const DiffRow &row : diff->newEdit()->rows()) {
        shown += row.newLine > 0 ? 1 : 0;
    }
    QCOMPARE(shown, 96); // every line of the new file once
    diff->setMode(DiffView::Mode::Unified);
}

void TestFileContext::missingBlobKeepsTheGuess()
{
    auto document = patchProject(u"older.concord"_s, u"tensorflow/addons"_s);
    QVERIFY(document);
    setLocalClonePath(u"tensorflow/addons"_s, m_olderClone);
    ItemView view;
    view.diffView()->setPalette(lightPalette());
    showChangedFile(view, *document, u"tensorflow/addons"_s);
    DiffView *diff = view.diffView();
    QTRY_COMPARE(diff->fileContext()->status(), FileContext::Status::Failed);
    QCOMPARE(diff->contextText(), u"no whole file from "_s + QDir::toNativeSeparators(m_olderClone));
    const QString error = diff->fileContext()->errorString();
    QVERIFY2(error.contains(u"is not in the clone"_s) && error.contains(u"older than the commit"_s), qPrintable(error));
    // The view shows the hunks as without a clone: guessed starts, no gaps.
    QVERIFY(rowsOfKind(diff->unifiedEdit()->rows(), DiffRow::Kind::Gap).isEmpty());
    const Theme theme = syntaxThemeFor(diff->unifiedEdit()->palette());
    const QTextBlock prose = blockWithText(diff->unifiedEdit(), u"    image_index_in_batch, row, col)."_s);
    QVERIFY(prose.isValid());
    QVERIFY(formatAt(prose, 6).foreground().color() != QColor::fromRgb(theme.textColor(Theme::Comment)));

    // A link to a folder that is no repository says so too.
    setLocalClonePath(u"tensorflow/addons"_s, m_dir.filePath(u"plain"_s));
    view.reloadFile();
    QTRY_COMPARE(diff->fileContext()->status(), FileContext::Status::Failed);
    QVERIFY2(diff->fileContext()->errorString().contains(u"not a git repository"_s),
             qPrintable(diff->fileContext()->errorString()));
    setLocalClonePath(u"tensorflow/addons"_s, QString());
}

void TestFileContext::hugeGapOpensInSteps()
{
    // A module docstring of 2,000 lines, then 1,000 lines of code; one change inside the
    // docstring (line 1500), one in the code (line 2500).
    const QString dir = m_dir.filePath(u"long"_s);
    QVERIFY(QDir().mkpath(dir));
    git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s}, dir);
    QStringList lines{u"\"\"\"A module docstring, as long as some are."_s};
    for (int i = 2; i < 2000; ++i) {
        lines.append(u"prose line %1"_s.arg(i));
    }
    lines.append(u"\"\"\""_s);
    for (int i = 2001; i <= 3000; ++i) {
        lines.append(u"value_%1 = %1"_s.arg(i));
    }
    QVERIFY(writeFile(dir + u"/long.py"_s, lines.join(u'\n').toUtf8() + '\n'));
    git({u"add"_s, u"."_s}, dir);
    git({u"commit"_s, u"-q"_s, u"-m"_s, u"long"_s}, dir);
    lines[1499] = u"prose line 1500, reworded"_s;
    lines[2499] = u"value_2500 = 2500 + 0"_s;
    QVERIFY(writeFile(dir + u"/long.py"_s, lines.join(u'\n').toUtf8() + '\n'));
    git({u"commit"_s, u"-q"_s, u"-a"_s, u"-m"_s, u"change"_s}, dir);
    const QByteArray patch = git({u"format-patch"_s, u"-1"_s, u"--stdout"_s, u"HEAD"_s}, dir);
    QVERIFY(!m_gitFailed);
    PatchParseError error;
    const auto patches = PatchParser::parseAll(patch, &error);
    QVERIFY2(patches && patches->size() == 1, qPrintable(error.message));
    const FileDiff file = patches->constFirst().files.constFirst();
    QCOMPARE(file.hunks.size(), 2);
    QList<QList<DiffLine>> hunkLines;
    for (const Hunk &hunk : file.hunks) {
        hunkLines.append(PatchParser::hunkLines(hunk, QByteArrayView(patch).sliced(hunk.offset, hunk.length)));
    }

    DiffView view;
    view.setPalette(lightPalette());
    view.setLocalClone(dir, QString::fromLatin1(patches->constFirst().header.sha));
    view.setFile(file, hunkLines);
    QTRY_COMPARE(view.fileContext()->status(), FileContext::Status::Ready);
    const DiffTextEdit *edit = view.unifiedEdit();
    const Theme theme = syntaxThemeFor(edit->palette());
    const QColor comment = QColor::fromRgb(theme.textColor(Theme::Comment));
    QTextBlock prose = blockWithText(edit, u"prose line 1499"_s);
    QVERIFY(prose.isValid());
    QCOMPARE(formatAt(prose, 0).foreground().color(), comment);

    // 1,496 lines before the first hunk: 1,000 at a time, from the top of the gap.
    QCOMPARE(edit->rows().constFirst().text, u"↕ %1 unchanged lines (click or E: %2 more)"_s.arg(QLocale().toString(1496), QLocale().toString(1000)));
    view.expandGap(0);
    QCOMPARE(edit->rows()[999].newLine, 1000);
    QCOMPARE(edit->rows()[999].text, u"prose line 1000"_s);
    QCOMPARE(edit->rows()[1000].kind, DiffRow::Kind::Gap);
    QCOMPARE(edit->rows()[1000].text, u"↕ 496 unchanged lines (click or E)"_s);
    prose = edit->document()->findBlockByNumber(999);
    QCOMPARE(formatAt(prose, 0).foreground().color(), comment);
    view.expandGap(0);
    QCOMPARE(edit->rows()[1495].newLine, 1496);
    QCOMPARE(edit->rows()[1496].kind, DiffRow::Kind::HunkHeader);
    // The gap between the hunks closes the docstring: the code after it is code.
    view.expandGap(1);
    const QTextBlock code = blockWithText(edit, u"value_2001 = 2001"_s);
    QVERIFY(code.isValid());
    QVERIFY(formatAt(code, 0).foreground().color() != comment);
    QCOMPARE(formatAt(code, 13).foreground().color(), QColor::fromRgb(theme.textColor(Theme::DecVal)));
}

int main(int argc, char **argv)
{
    // The links live in the settings: keep them out of the user's, from the start.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QApplication app(argc, argv);
    TestFileContext test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_filecontext.moc"
