// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ids.h"
#include "domain/sourcedate.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Concord {

/// One comment under a bug report.
struct BugReportComment
{
    QString author{};
    SourceDate date{};
    QString body{}; ///< as written (Markdown); shown as Markdown without HTML, never as active HTML

    bool operator==(const BugReportComment &) const = default;
};

/// The readable content of a bug report item.
struct BugReportContent
{
    ItemId item = 0;
    QString title{};
    QString body{};
    QList<BugReportComment> comments{};
    QStringList labels{};
    QString state{}; ///< "open", "closed", ...
    QString url{};

    bool operator==(const BugReportContent &) const = default;
};

} // namespace Concord
