// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Concord {

/// A local clone of a patch's repository, read with libgit2 on demand: the whole old or
/// new content of one of the patch's files, so a view can highlight the file around its
/// hunks and show the unchanged lines between them.
///
/// A file's content is found by the abbreviated blob id of its "index" line (any clone
/// that has the blob will do, whichever branch it is on); failing that, through the
/// commit: the file's path in the commit (new side) or in its first parent (old side),
/// which must then agree with the blob id the patch names. A clone older than the commit
/// has neither, and says so. Binary files and files above maxFileSize() are refused
/// rather than read. One object per thread: libgit2 repositories are not shared.
class LocalClone
{
public:
    enum class Side { Old, New };

    ~LocalClone();
    LocalClone(LocalClone &&) noexcept;
    LocalClone &operator=(LocalClone &&) noexcept;

    /// Opens the repository at (or above) @p path; std::nullopt with *error ("PATH: not a
    /// git repository: ...") when there is none.
    static std::optional<LocalClone> open(const QString &path, QString *error);

    /// The working directory of the clone (its git directory for a bare one).
    QString path() const { return m_path; }

    /// The bytes of @p file on @p side: empty for the old side of an added file and the
    /// new side of a deleted one. @p commitSha (full or abbreviated hex, may be empty) is
    /// the commit the patch was made from, for the fallback by path. std::nullopt with
    /// *error naming the file, the clone and the cause when the content is not there, is
    /// binary or is too large.
    std::optional<QByteArray> fileContent(const FileDiff &file, Side side, const QString &commitSha,
                                          QString *error) const;

    /// Files larger than this are not read (20 MB).
    static constexpr qint64 maxFileSize() { return 20 * 1024 * 1024; }

    /// The lines of @p content as the patch parser reads them: split at "\n", a "\r"
    /// before it removed, invalid UTF-8 as U+FFFD, no empty last line for a final "\n".
    static QStringList splitLines(const QByteArray &content);

private:
    struct Private;
    explicit LocalClone(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
    QString m_path;
};

} // namespace Concord
