// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importcontext.h"
#include "import/ponderdump.h"

namespace Concord {

/// Brings the tf.function study's web-app dump into a project, inside the caller's
/// ImportSession (so it shares the transaction with other files of the same import):
/// - datasets by name; commits as items keyed by project + sha (an item made earlier by
///   a patch import is reused, and a later patch import fills this one), with the
///   commit's author, date, dataset and round; commit details (deduplicated) and the
///   repository's metadata go to the item's metadata under "ponder";
/// - the codebook: the gate is_func_fix (Yes/No) and category, cause, symptom, fix with
///   the study's rules (cause, symptom and fix not required for Unknown, Test, Other),
///   values matched by name, new ones with their descriptions;
/// - raters by initials; every categorization as a finding of its rater (comments,
///   should-discuss; several on one commit get ordinals 0, 1, ... by pk);
/// - every bug fix as a reconciled finding with the categorizations that point to it as
///   sources, and a decision (unanimous, adopted, combined, new) derived from them.
/// Uuids are derived from the dump's keys, so importing the same dump again adds nothing.
/// What cannot be linked (a judgement of an unknown commit, rater or value, a bug fix
/// no categorization points to...) is imported as far as it can be and named in
/// ctx.warnings. Returns false with *error (naming the record) only when cancelled or
/// when the store fails.
bool importPonderDump(ImportContext &ctx, const PonderDump &dump, const QString &fileName, QString *error);

} // namespace Concord
