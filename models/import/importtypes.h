// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace Concord {

/// What every importer (patches, mailboxes, git, GitHub issues, CSV, the web-app dump)
/// takes besides the input itself.
struct ImportOptions
{
    /// The dataset the new items belong to (e.g. "Boa", "GH commits"); empty = none.
    QString dataset;
    /// The item's project ("owner/name") when the input does not say it. Empty: patch
    /// files derive it from their directory name OWNER__NAME (the corpus layout).
    QString project;
    /// Called now and then with the bytes (or records) done and the total (0 when
    /// unknown). Returning false cancels the import; nothing is then imported.
    std::function<bool(qint64 done, qint64 total)> progress;
};

/// What an import did. One import is one transaction: when it fails, nothing was
/// imported and these counts describe nothing.
struct ImportReport
{
    int added = 0;          ///< items (or records) new in the project
    int alreadyPresent = 0; ///< items that were there already and were left unchanged
    int files = 0;          ///< patch files stored by this import
    int hunks = 0;
    int skipped = 0;        ///< mails without a diff (cover letters, replies), each also a warning
    QStringList warnings;   ///< things taken with a caveat or skipped, each naming file/line/item

    /// One line for the CLI, e.g. "3 items added, 1 already present".
    QString summary() const
    {
        QString s = QString::number(added) + (added == 1 ? QStringLiteral(" item added") : QStringLiteral(" items added"));
        if (alreadyPresent > 0) {
            s += QStringLiteral(", ") + QString::number(alreadyPresent) + QStringLiteral(" already present (unchanged)");
        }
        if (skipped > 0) {
            s += QStringLiteral(", ") + QString::number(skipped)
                + (skipped == 1 ? QStringLiteral(" mail without a diff skipped") : QStringLiteral(" mails without a diff skipped"));
        }
        if (!warnings.isEmpty()) {
            s += QStringLiteral(", ") + QString::number(warnings.size())
                + (warnings.size() == 1 ? QStringLiteral(" warning") : QStringLiteral(" warnings"));
        }
        return s;
    }
};

} // namespace Concord
