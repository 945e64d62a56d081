// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Concord {

/// What @p path names when it is there but is not a regular file: "a directory",
/// "a FIFO", "a device", "a socket" (symlinks are followed). Empty for a regular file
/// and for a path that does not exist. Inputs are checked with it before they are
/// opened: reading a FIFO would wait for a writer forever.
QString notRegularFileKind(const QString &path);

/// "PATH is a FIFO, not a file" for such a path, else empty.
QString notRegularFileMessage(const QString &path);

} // namespace Concord
