// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "import/importcontext.h"

#include "domain/ids.h"

#include <array>
#include <optional>

namespace Concord {

/// The codebook skeleton of the tf.function study, shared by the web-app dump and the
/// spreadsheet importers so both land in the same dimensions: the gate is_func_fix
/// (Yes/No) and category, cause, symptom, fix, with the study's rules as data (a fix
/// needs a category; cause, symptom and fix too unless the category is Unknown, Test
/// or Other; not a fix leaves all empty). Existing dimensions are reused unchanged.
struct StudyDimensions
{
    static constexpr std::array<const char *, 4> Keys{"category", "cause", "symptom", "fix"};
    DimensionId gate = 0;
    ValueId yes = 0;
    ValueId no = 0;
    std::array<DimensionId, 4> dimensions{};

    /// Index of a key in Keys ("category" → 0), -1 when not one of them.
    static int indexOf(const QString &key);
};

bool ensureStudyDimensions(ImportContext &ctx, StudyDimensions *out, QString *error);

/// Gets or creates a value by dimension and name. New values get a uuid derived from
/// the dimension key and the name, so two copies importing the same taxonomy agree.
std::optional<ValueId> importCodebookValue(ImportContext &ctx, DimensionId dimension, const QString &dimensionKey,
                                           const QString &name, const QString &description, int order,
                                           QString *error);

} // namespace Concord
