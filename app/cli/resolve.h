// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Finding what a command line names in a project: items by key, dimensions, values and
// raters by name, with the closest existing name suggested when there is no match.

#include "domain/codebook.h"
#include "domain/item.h"
#include "domain/rater.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Concord {
class Project;
}

namespace Concord::Cli {

/// " (did you mean "X"?)" for the candidate closest to name, or "" when there is none.
QString suggestion(const QString &name, const QStringList &candidates);
/// The item KEY names (OWNER/NAME@SHA with a unique prefix of 7+ hex digits, or
/// OWNER/NAME#NUMBER); nullopt with *error naming it and the closest key.
std::optional<Item> resolveItem(const Project &project, const QString &key, QString *error);
const Dimension *resolveDimension(const Codebook &book, const QString &key, QString *error);
const CodebookValue *resolveValue(const Codebook &book, const Dimension &dim, const QString &name, QString *error);
/// A rater by name or initials; nullopt with *error listing the raters.
std::optional<Rater> resolveRater(const Project &project, const QString &name, QString *error);
/// "DIM=TEXT" split at the first '='; false when there is none.
bool splitAssignment(const QString &text, QString *dim, QString *rest);

} // namespace Concord::Cli
