// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importtypes.h"

#include <QString>
#include <QStringList>

class QIODevice;

namespace Concord {

class Project;
class ImportSession;

/// Imports a `git format-patch` file, a mailbox of many patches, or a plain unified diff
/// into \a project as one transaction: each patch becomes an item keyed by project + sha
/// (a plain diff without a sha is keyed by the SHA-256 of its bytes), with its original
/// bytes (byte-identical, streamed), its files and hunks, and the commit's author, date,
/// subject and message. The item's project comes from options.project, else from the
/// file's directory name OWNER__NAME (→ OWNER/NAME).
///
/// Items already present are left unchanged and counted in report->alreadyPresent. On
/// any error (parse error, cancelled, store error) nothing is imported, false is
/// returned and *error says which file, which line and why, ending with "nothing was
/// imported".
bool importPatchFile(Project &project, const QString &path, const ImportOptions &options, ImportReport *report,
                     QString *error);

/// The same for several files in one transaction (what `concord-cli import A.patch
/// B.patch` does): all or nothing.
bool importPatchFiles(Project &project, const QStringList &paths, const ImportOptions &options, ImportReport *report,
                      QString *error);

/// The same inside a session the caller owns (to mix formats in one transaction). On
/// failure the caller rolls the session back. progressBase/progressTotal place this
/// file's bytes in a larger import's progress (0/0: this file alone).
bool importPatchFileInto(Project &project, ImportSession &session, const QString &path, const ImportOptions &options,
                         ImportReport *report, QString *error, qint64 progressBase = 0, qint64 progressTotal = 0);

/// The lowest level, used by the git importer: parses \a input and reads each patch's
/// bytes again from \a reread (the same content, seekable). options.project must be set
/// for commits. \a shas receives the item refs stored or found, in input order.
bool importPatchDevice(Project &project, ImportSession &session, QIODevice &input, QIODevice &reread,
                       const QString &fileName, const ImportOptions &options, ImportReport *report, QString *error,
                       qint64 progressBase = 0, qint64 progressTotal = 0, QStringList *shas = nullptr);

/// "OWNER/NAME" from a path ".../OWNER__NAME/SHA.patch" (the corpus layout), else "".
QString projectFromPatchPath(const QString &path);

/// True when the first bytes look like a patch or mailbox ("From <sha>", "From:",
/// "commit <sha>", "diff --git", "diff --cc", "--- " followed by "+++ ", "*** " followed by
/// "--- ", "Index: ", a hunk header "@@ -N"), for format detection: diff-like input that
/// fails then says why as a diff.
bool looksLikePatch(QByteArrayView head);

} // namespace Concord
