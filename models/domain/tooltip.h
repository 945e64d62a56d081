// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Concord {

/// @p text (a title, a path, a description: data from patches, reports and imported files)
/// as a tooltip that shows exactly these characters. Qt shows a tooltip as rich text
/// whenever it looks like markup (Qt::mightBeRichText), so "<img src=…>" in a commit title
/// would be rendered, and could load a local file; escaped inside a paragraph that keeps
/// line breaks and spaces, it is inert text.
inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty()) {
        return {};
    }
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

} // namespace Concord
