// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/gitimport.h"

#include "import/csvreader.h"
#include "import/patchimport.h"
#include "store/project.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryFile>
#include <QTimeZone>

#include <git2.h>

#include <memory>

Q_LOGGING_CATEGORY(lcGitImport, "concord.import.git")

namespace Concord {

namespace {

const QString s_nothingImported = QStringLiteral("; nothing was imported");

QString gitError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("unknown libgit2 error");
}

/// libgit2 is initialised per import; the counter inside libgit2 makes nesting safe.
struct GitLibrary
{
    GitLibrary() { git_libgit2_init(); }
    ~GitLibrary() { git_libgit2_shutdown(); }
};

template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using DiffPtr = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;

bool isSha(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-fA-F]{4,64}$"));
    return re.match(s).hasMatch();
}

/// Writes what the diff printer hands over, as git_diff_to_buf does: content lines get
/// their origin character in front, headers and binary data come complete.
int writeDiffLine(const git_diff_delta *, const git_diff_hunk *, const git_diff_line *line, void *payload)
{
    auto *out = static_cast<QIODevice *>(payload);
    if (line->origin == GIT_DIFF_LINE_ADDITION || line->origin == GIT_DIFF_LINE_DELETION
        || line->origin == GIT_DIFF_LINE_CONTEXT) {
        const char origin = char(line->origin);
        if (out->write(&origin, 1) != 1) {
            return -1;
        }
    }
    return out->write(line->content, qint64(line->content_len)) == qint64(line->content_len) ? 0 : -1;
}

/// "Mon, 1 Jun 2020 12:00:00 +0200" in the signature's own time zone (RFC 2822).
QByteArray mailDate(const git_time &when)
{
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(when.time, QTimeZone::fromSecondsAheadOfUtc(when.offset * 60));
    const int offset = qAbs(when.offset);
    return QLocale::c().toString(dt, QStringLiteral("ddd, d MMM yyyy HH:mm:ss ")).toLatin1()
        + (when.offset < 0 ? "-" : "+") + QByteArray::number(offset / 60).rightJustified(2, '0')
        + QByteArray::number(offset % 60).rightJustified(2, '0');
}

/// Writes the commit as `git format-patch` text to \a out: the mail header, the message,
/// and the diff against the first parent (the empty tree for a root commit) with rename
/// detection and binary data, as git's own. The diff is printed file by file, so memory
/// stays at one file's blobs however large the commit.
bool formatCommit(git_repository *repo, git_commit *commit, QIODevice *out, QString *error)
{
    TreePtr tree;
    TreePtr parentTree;
    {
        git_tree *t = nullptr;
        if (git_commit_tree(&t, commit) != 0) {
            *error = QStringLiteral("cannot read its tree: ") + gitError();
            return false;
        }
        tree.reset(t);
    }
    if (git_commit_parentcount(commit) > 0) {
        git_commit *parent = nullptr;
        if (git_commit_parent(&parent, commit, 0) != 0) {
            *error = QStringLiteral("cannot read its first parent: ") + gitError();
            return false;
        }
        CommitPtr parentPtr(parent);
        git_tree *t = nullptr;
        if (git_commit_tree(&t, parent) != 0) {
            *error = QStringLiteral("cannot read its parent's tree: ") + gitError();
            return false;
        }
        parentTree.reset(t);
    }
    // The options git_email_create_from_commit uses (GIT_EMAIL_CREATE_OPTIONS_INIT).
    git_email_create_options opts = GIT_EMAIL_CREATE_OPTIONS_INIT;
    git_diff *d = nullptr;
    if (git_diff_tree_to_tree(&d, repo, parentTree.get(), tree.get(), &opts.diff_opts) != 0) {
        *error = QStringLiteral("cannot diff it: ") + gitError();
        return false;
    }
    DiffPtr diff(d);
    opts.diff_find_opts.flags |= GIT_DIFF_FIND_RENAMES;
    if (git_diff_find_similar(diff.get(), &opts.diff_find_opts) != 0) {
        *error = QStringLiteral("cannot detect renames: ") + gitError();
        return false;
    }

    const git_signature *author = git_commit_author(commit);
    const char *summary = git_commit_summary(commit);
    const char *body = git_commit_body(commit);
    char sha[GIT_OID_MAX_HEXSIZE + 1] = {};
    git_oid_tostr(sha, sizeof(sha), git_commit_id(commit));
    QByteArray header = QByteArray("From ") + sha + " Mon Sep 17 00:00:00 2001\n";
    header += QByteArray("From: ") + (author && author->name ? author->name : "") + " <"
        + (author && author->email ? author->email : "") + ">\n";
    if (author) {
        header += "Date: " + mailDate(author->when) + "\n";
    }
    header += QByteArray("Subject: [PATCH] ") + (summary ? summary : "") + "\n\n";
    if (body && *body) {
        header += body;
        if (!header.endsWith('\n')) {
            header += '\n';
        }
    }
    header += "---\n\n";
    if (out->write(header) != header.size()) {
        *error = QStringLiteral("cannot write a temporary file: ") + out->errorString();
        return false;
    }
    if (git_diff_print(diff.get(), GIT_DIFF_FORMAT_PATCH, &writeDiffLine, out) != 0) {
        *error = QStringLiteral("cannot write it as a patch: ") + (out->errorString().isEmpty() ? gitError()
                                                                                                 : out->errorString());
        return false;
    }
    const QByteArray signature = "-- \nlibgit2 " LIBGIT2_VERSION "\n\n";
    if (out->write(signature) != signature.size()) {
        *error = QStringLiteral("cannot write a temporary file: ") + out->errorString();
        return false;
    }
    return true;
}

} // namespace

bool readGitCommitList(const QString &path, const QString &defaultProject, QList<GitCommitRef> *commits,
                       QString *error)
{
    commits->clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": cannot open: ") + file.errorString();
        return false;
    }
    const QByteArray head = file.peek(4096);
    const qsizetype firstEnd = head.indexOf('\n');
    const QByteArray firstLine = firstEnd >= 0 ? head.left(firstEnd) : head;
    if (firstLine.contains(',')) {
        // A CSV with a header naming at least the sha column, like the study's commit list.
        CsvReader reader(&file);
        QStringList fields;
        if (!reader.readRecord(&fields)) {
            *error = path + QStringLiteral(": ") + (reader.hasError() ? reader.errorString() : QStringLiteral("empty"));
            return false;
        }
        const CsvHeader header(fields);
        if (!header.contains(QStringLiteral("sha"))) {
            *error = path + QStringLiteral(": line 1: the CSV has no \"sha\" column (columns: %1)")
                                .arg(fields.join(QStringLiteral(", ")));
            return false;
        }
        const int shaCol = header.indexOf(QStringLiteral("sha"));
        const int projectCol = header.indexOf(QStringLiteral("project"));
        while (reader.readRecord(&fields)) {
            if (fields.size() == 1 && fields.constFirst().trimmed().isEmpty()) {
                continue;
            }
            GitCommitRef ref;
            ref.sha = fields.value(shaCol).trimmed();
            ref.project = projectCol >= 0 ? fields.value(projectCol).trimmed() : QString();
            if (ref.project.isEmpty()) {
                ref.project = defaultProject;
            }
            if (!isSha(ref.sha)) {
                *error = path + QStringLiteral(": line %1: \"%2\" is not a commit SHA")
                                    .arg(reader.recordLine())
                                    .arg(ref.sha.left(80));
                return false;
            }
            commits->append(ref);
        }
        if (reader.hasError()) {
            *error = path + QStringLiteral(": ") + reader.errorString();
            return false;
        }
        return true;
    }
    qint64 lineNo = 0;
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine(4096);
        ++lineNo;
        if (raw.size() >= 4095 && !raw.endsWith('\n')) {
            *error = path + QStringLiteral(": line %1 is too long for a commit SHA").arg(lineNo);
            return false;
        }
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u'#')) {
            continue;
        }
        if (!isSha(line)) {
            *error = path + QStringLiteral(": line %1: \"%2\" is not a commit SHA").arg(lineNo).arg(line.left(80));
            return false;
        }
        commits->append(GitCommitRef{defaultProject, line});
    }
    return true;
}

QString localCloneMetadataKey(const QString &repository)
{
    return QStringLiteral("local_clone:") + repository;
}

QString projectFromRepository(const QString &repoPath)
{
    GitLibrary lib;
    git_repository *r = nullptr;
    if (git_repository_open_ext(&r, QFile::encodeName(repoPath).constData(), 0, nullptr) != 0) {
        return QString();
    }
    RepoPtr repo(r);
    git_remote *remote = nullptr;
    QString result;
    if (git_remote_lookup(&remote, repo.get(), "origin") == 0) {
        const char *url = git_remote_url(remote);
        // https://github.com/OWNER/NAME(.git) or git@github.com:OWNER/NAME(.git)
        static const QRegularExpression re(QStringLiteral("[:/]([^/:]+)/([^/]+?)(\\.git)?/?$"));
        const auto m = re.match(QString::fromUtf8(url ? url : ""));
        if (m.hasMatch()) {
            result = m.captured(1) + u'/' + m.captured(2);
        }
        git_remote_free(remote);
    }
    return result;
}

bool importGitCommits(Project &project, const QString &repoPath, const QList<GitCommitRef> &commits,
                      const ImportOptions &options, ImportReport *report, QString *error)
{
    ImportReport local;
    ImportReport &r = report ? *report : local;
    r = ImportReport();
    GitLibrary lib;
    git_repository *rp = nullptr;
    if (git_repository_open_ext(&rp, QFile::encodeName(repoPath).constData(), 0, nullptr) != 0) {
        *error = repoPath + QStringLiteral(": not a git repository: ") + gitError() + s_nothingImported;
        return false;
    }
    RepoPtr repo(rp);

    ImportSession session(project, QStringLiteral("import git commits"));
    if (!session.isValid()) {
        *error = QStringLiteral("cannot import into %1: ").arg(project.path()) + session.errorString()
            + s_nothingImported;
        return false;
    }
    qint64 done = 0;
    QSet<QString> repositories; ///< of the commits read
    for (const GitCommitRef &ref : commits) {
        if (options.progress && !options.progress(done, commits.size())) {
            *error = QStringLiteral("cancelled") + s_nothingImported;
            r = ImportReport();
            return false;
        }
        ++done;
        const QString where = repoPath + QStringLiteral(": commit ") + ref.sha;
        const QByteArray hex = ref.sha.toLatin1();
        git_oid oid;
        if (!isSha(ref.sha) || git_oid_fromstrn(&oid, hex.constData(), size_t(hex.size())) != 0) {
            r.warnings.append(where + QStringLiteral(": not a SHA; skipped"));
            continue;
        }
        git_commit *c = nullptr;
        const int rc = git_commit_lookup_prefix(&c, repo.get(), &oid, size_t(hex.size()));
        if (rc == GIT_ENOTFOUND) {
            r.warnings.append(where + QStringLiteral(": not found in the repository; skipped"));
            continue;
        }
        if (rc == GIT_EAMBIGUOUS) {
            r.warnings.append(where + QStringLiteral(": ambiguous abbreviation; skipped (give more digits)"));
            continue;
        }
        if (rc != 0) {
            r.warnings.append(where + QStringLiteral(": ") + gitError() + QStringLiteral("; skipped"));
            continue;
        }
        CommitPtr commit(c);
        ImportOptions opts = options;
        opts.progress = nullptr; // progress here is per commit
        opts.project = ref.project.isEmpty() ? options.project : ref.project;
        if (opts.project.isEmpty()) {
            *error = where + QStringLiteral(": no project (OWNER/NAME) is known for it; give --project")
                + s_nothingImported;
            r = ImportReport();
            return false;
        }
        // The patch text goes through a temporary file, read twice (parse, then bytes):
        // memory stays bounded for a commit of hundreds of megabytes.
        QTemporaryFile text(QDir::tempPath() + QStringLiteral("/concord-git-XXXXXX.patch"));
        QString cause;
        if (!text.open()) {
            cause = QStringLiteral("cannot create a temporary file: ") + text.errorString();
        } else if (formatCommit(repo.get(), commit.get(), &text, &cause) && !text.flush()) {
            cause = QStringLiteral("cannot write a temporary file: ") + text.errorString();
        }
        if (!cause.isEmpty()) {
            *error = where + QStringLiteral(": ") + cause + s_nothingImported;
            r = ImportReport();
            return false;
        }
        QFile input(text.fileName());
        if (!input.open(QIODevice::ReadOnly) || !text.seek(0)) {
            *error = where + QStringLiteral(": cannot read a temporary file: ") + input.errorString()
                + s_nothingImported;
            r = ImportReport();
            return false;
        }
        QIODevice &reread = text;
        if (!importPatchDevice(project, session, input, reread, where, opts, &r, error)) {
            r = ImportReport();
            return false;
        }
        repositories.insert(opts.project);
    }
    if (options.progress) {
        options.progress(done, commits.size());
    }
    if (!session.commit(error)) {
        *error = QStringLiteral("cannot save the import in %1: ").arg(project.path()) + *error + s_nothingImported;
        r = ImportReport();
        return false;
    }
    // Where the commits came from is the obvious clone to read whole files from later
    // (LocalClone); a user's own link in the GUI's settings wins over it. Not worth
    // failing the import for: the commits are stored already.
    const char *workdir = git_repository_workdir(repo.get());
    const QString clonePath = QFileInfo(workdir ? QFile::decodeName(workdir) : repoPath).canonicalFilePath();
    for (const QString &repository : std::as_const(repositories)) {
        QString why;
        if (!repository.isEmpty() && project.metadata(localCloneMetadataKey(repository)) != clonePath
            && !project.setMetadata(localCloneMetadataKey(repository), clonePath, &why)) {
            r.warnings.append(repoPath + QStringLiteral(": the clone was not recorded for %1: ").arg(repository) + why);
        }
    }
    qCDebug(lcGitImport) << "imported from" << repoPath << r.summary();
    return true;
}

} // namespace Concord
