// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importtypes.h"

#include <QString>

namespace Concord {

class Project;

/// Imports a `git format-patch` file, a mailbox of many patches, or a plain unified diff
/// into \a project as one transaction: each patch becomes an item keyed by project + sha
/// (a plain diff without a sha is keyed by the SHA-1 of its bytes), with its original
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

/// True when the first bytes look like a patch or mailbox ("From <sha>", "From:",
/// "diff --git", "--- " followed by "+++ ", "Index: "), for format detection.
bool looksLikePatch(QByteArrayView head);

} // namespace Concord
