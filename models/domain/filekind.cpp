// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/filekind.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

namespace Concord {

QString notRegularFileKind(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st = {};
    if (path.isEmpty() || ::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return {};
    }
    if (S_ISREG(st.st_mode)) {
        return {};
    }
    if (S_ISDIR(st.st_mode)) {
        return u"a directory"_s;
    }
    if (S_ISFIFO(st.st_mode)) {
        return u"a FIFO"_s;
    }
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        return u"a device"_s;
    }
    if (S_ISSOCK(st.st_mode)) {
        return u"a socket"_s;
    }
    return u"not a regular file"_s;
#else
    const QFileInfo info(path);
    if (!info.exists() || info.isFile()) {
        return {};
    }
    return info.isDir() ? u"a directory"_s : u"a device"_s;
#endif
}

QString notRegularFileMessage(const QString &path)
{
    const QString kind = notRegularFileKind(path);
    if (kind.isEmpty()) {
        return {};
    }
    if (kind == u"not a regular file"_s) {
        return u"%1 is not a regular file"_s.arg(QDir::toNativeSeparators(path));
    }
    return u"%1 is %2, not a file"_s.arg(QDir::toNativeSeparators(path), kind);
}

} // namespace Concord
