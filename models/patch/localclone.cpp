// SPDX-License-Identifier: GPL-3.0-or-later
#include "patch/localclone.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <git2.h>

Q_LOGGING_CATEGORY(lcLocalClone, "concord.patch.clone")

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QString gitError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : u"unknown libgit2 error"_s;
}

template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using OdbPtr = std::unique_ptr<git_odb, GitDeleter<git_odb, git_odb_free>>;
using BlobPtr = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, GitDeleter<git_tree_entry, git_tree_entry_free>>;

bool isHex(const QByteArray &s)
{
    static const QRegularExpression re(u"^[0-9a-fA-F]{4,64}$"_s);
    return re.match(QString::fromLatin1(s)).hasMatch();
}

bool isZero(const QByteArray &id)
{
    return !id.isEmpty() && id.count('0') == id.size();
}

QString hexOf(const git_oid *oid, int digits = 0)
{
    char buf[GIT_OID_MAX_HEXSIZE + 1] = {};
    git_oid_tostr(buf, sizeof(buf), oid);
    const QString hex = QString::fromLatin1(buf);
    return digits > 0 ? hex.left(digits) : hex;
}

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MB"_s;
}

} // namespace

struct LocalClone::Private
{
    Private() { git_libgit2_init(); }
    ~Private()
    {
        repo.reset();
        git_libgit2_shutdown();
    }
    Q_DISABLE_COPY_MOVE(Private)

    RepoPtr repo;

    /// The full id of the object whose id starts with @p hex, or std::nullopt with *why.
    std::optional<git_oid> findBlob(const QByteArray &hex, QString *why) const
    {
        git_oid prefix;
        if (git_oid_fromstrn(&prefix, hex.constData(), size_t(hex.size())) != 0) {
            *why = u"\"%1\" is not a blob id"_s.arg(QString::fromLatin1(hex));
            return std::nullopt;
        }
        git_odb *o = nullptr;
        if (git_repository_odb(&o, repo.get()) != 0) {
            *why = u"cannot read its object database: "_s + gitError();
            return std::nullopt;
        }
        OdbPtr odb(o);
        git_oid full;
        const int rc = git_odb_exists_prefix(&full, odb.get(), &prefix, size_t(hex.size()));
        if (rc == GIT_EAMBIGUOUS) {
            *why = u"the abbreviated blob id %1 is ambiguous in the clone"_s.arg(QString::fromLatin1(hex));
            return std::nullopt;
        }
        if (rc != 0) {
            *why = u"blob %1 is not in the clone"_s.arg(QString::fromLatin1(hex));
            return std::nullopt;
        }
        return full;
    }

    /// The id of @p path in @p sha (or in its first parent), or std::nullopt with *why.
    std::optional<git_oid> findByPath(const QString &sha, bool parent, const QString &path, QString *why) const
    {
        const QByteArray hex = sha.toLatin1();
        git_oid prefix;
        if (!isHex(hex) || hex.size() > GIT_OID_MAX_HEXSIZE
            || git_oid_fromstrn(&prefix, hex.constData(), size_t(hex.size())) != 0) {
            *why = u"the item names no commit"_s;
            return std::nullopt;
        }
        git_commit *c = nullptr;
        if (git_commit_lookup_prefix(&c, repo.get(), &prefix, size_t(hex.size())) != 0) {
            *why = u"commit %1 is not in the clone"_s.arg(sha.left(12));
            return std::nullopt;
        }
        CommitPtr commit(c);
        if (parent) {
            if (git_commit_parentcount(commit.get()) == 0) {
                *why = u"commit %1 has no parent"_s.arg(sha.left(12));
                return std::nullopt;
            }
            git_commit *p = nullptr;
            if (git_commit_parent(&p, commit.get(), 0) != 0) {
                *why = u"the parent of commit %1 is not in the clone: "_s.arg(sha.left(12)) + gitError();
                return std::nullopt;
            }
            commit.reset(p);
        }
        git_tree *t = nullptr;
        if (git_commit_tree(&t, commit.get()) != 0) {
            *why = u"cannot read the tree of commit %1: "_s.arg(hexOf(git_commit_id(commit.get()), 12)) + gitError();
            return std::nullopt;
        }
        TreePtr tree(t);
        git_tree_entry *e = nullptr;
        if (git_tree_entry_bypath(&e, tree.get(), path.toUtf8().constData()) != 0) {
            *why = u"%1 is not in commit %2"_s.arg(path, hexOf(git_commit_id(commit.get()), 12));
            return std::nullopt;
        }
        EntryPtr entry(e);
        if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
            *why = u"%1 is not a file in commit %2"_s.arg(path, hexOf(git_commit_id(commit.get()), 12));
            return std::nullopt;
        }
        return *git_tree_entry_id(entry.get());
    }
};

LocalClone::LocalClone(std::unique_ptr<Private> d)
    : d(std::move(d))
{
}

LocalClone::~LocalClone() = default;
LocalClone::LocalClone(LocalClone &&) noexcept = default;
LocalClone &LocalClone::operator=(LocalClone &&) noexcept = default;

std::optional<LocalClone> LocalClone::open(const QString &path, QString *error)
{
    auto d = std::make_unique<Private>();
    if (path.isEmpty()) {
        *error = u"no local clone is given"_s;
        return std::nullopt;
    }
    if (!QFileInfo(path).isDir()) {
        *error = u"%1: no such directory"_s.arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    git_repository *r = nullptr;
    // No search upwards: a folder inside some other repository is not the clone asked for.
    if (git_repository_open_ext(&r, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr)
        != 0) {
        *error = u"%1: not a git repository (%2)"_s.arg(QDir::toNativeSeparators(path), gitError());
        return std::nullopt;
    }
    d->repo.reset(r);
    LocalClone clone(std::move(d));
    const char *workdir = git_repository_workdir(r);
    clone.m_path = QFile::decodeName(workdir ? workdir : git_repository_path(r));
    if (clone.m_path.size() > 1 && clone.m_path.endsWith(u'/')) {
        clone.m_path.chop(1);
    }
    return clone;
}

std::optional<QByteArray> LocalClone::fileContent(const FileDiff &file, Side side, const QString &commitSha,
                                                  QString *error) const
{
    const bool old = side == Side::Old;
    const QString path = old ? file.oldPath : file.newPath;
    const QString where = u"%1 (%2 version) in %3"_s.arg(file.displayPath(), old ? u"old"_s : u"new"_s,
                                                          QDir::toNativeSeparators(m_path));
    if ((old && file.change == FileDiff::Change::Added) || (!old && file.change == FileDiff::Change::Deleted)) {
        return QByteArray();
    }
    if (file.binary || file.submodule || file.symlink) {
        *error = where + u": not a text file"_s;
        return std::nullopt;
    }
    const QByteArray index = old ? file.oldIndex : file.newIndex;
    QString why;
    std::optional<git_oid> id;
    if (isHex(index) && !isZero(index)) {
        id = d->findBlob(index, &why);
    }
    if (!id) {
        // The commit may have the file where the blob id did not help (no index line, an
        // ambiguous abbreviation).
        QString byPath;
        id = d->findByPath(commitSha, old, path, &byPath);
        if (id && isHex(index) && !hexOf(&*id).startsWith(QString::fromLatin1(index).toLower())) {
            *error = where + u": the clone's commit has blob %1 there, the patch names %2"_s.arg(
                         hexOf(&*id, int(index.size())), QString::fromLatin1(index));
            return std::nullopt;
        }
        if (!id) {
            *error = where + u": "_s + (why.isEmpty() ? byPath : why + u", and "_s + byPath)
                + u" (is the clone older than the commit? git fetch may bring it)"_s;
            return std::nullopt;
        }
    }
    git_odb *o = nullptr;
    if (git_repository_odb(&o, d->repo.get()) != 0) {
        *error = where + u": cannot read the object database: "_s + gitError();
        return std::nullopt;
    }
    OdbPtr odb(o);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    // The header first: a huge blob is refused without inflating it.
    if (git_odb_read_header(&size, &type, odb.get(), &*id) != 0) {
        *error = where + u": cannot read blob %1: "_s.arg(hexOf(&*id, 12)) + gitError();
        return std::nullopt;
    }
    if (type != GIT_OBJECT_BLOB) {
        *error = where + u": %1 is not a blob"_s.arg(hexOf(&*id, 12));
        return std::nullopt;
    }
    if (qint64(size) > maxFileSize()) {
        *error = where + u": the file is too large to read whole (%1; the limit is %2)"_s.arg(megabytes(qint64(size)),
                                                                                                megabytes(maxFileSize()));
        return std::nullopt;
    }
    git_blob *b = nullptr;
    if (git_blob_lookup(&b, d->repo.get(), &*id) != 0) {
        *error = where + u": cannot read blob %1: "_s.arg(hexOf(&*id, 12)) + gitError();
        return std::nullopt;
    }
    BlobPtr blob(b);
    if (git_blob_is_binary(blob.get())) {
        *error = where + u": a binary file"_s;
        return std::nullopt;
    }
    qCDebug(lcLocalClone) << "read" << path << hexOf(&*id, 12) << size << "bytes from" << m_path;
    return QByteArray(static_cast<const char *>(git_blob_rawcontent(blob.get())), qsizetype(git_blob_rawsize(blob.get())));
}

QStringList LocalClone::splitLines(const QByteArray &content)
{
    QStringList lines;
    qsizetype start = 0;
    while (start < content.size()) {
        qsizetype end = content.indexOf('\n', start);
        const qsizetype next = end < 0 ? content.size() : end + 1;
        if (end < 0) {
            end = content.size();
        }
        if (end > start && content[end - 1] == '\r' && end < content.size()) {
            --end;
        }
        lines.append(QString::fromUtf8(content.constData() + start, end - start));
        start = next;
    }
    return lines;
}

} // namespace Concord
