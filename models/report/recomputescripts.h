// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Concord {

/// recompute.py of an agreement report: reads ratings_long.csv (beside it, or the file
/// given as its argument) and prints, per single-choice dimension, one line per headline
/// coefficient: "DIMENSION<TAB>COEFFICIENT<TAB>VALUE<TAB>METHOD", COEFFICIENT one of
/// percent_agreement, cohen_kappa (two raters only), fleiss_kappa; VALUE with 17
/// significant digits or "undefined"; METHOD says what computed it (statsmodels, or the
/// plain formula where statsmodels has no estimator for incomplete designs). The
/// dimensions in @p multipleChoice are skipped (their values are sets).
QString recomputePythonScript(const QStringList &multipleChoice);

/// recompute.R: the same in R; Krippendorff's alpha (nominal) too when the irr package
/// is installed.
QString recomputeRScript(const QStringList &multipleChoice);

} // namespace Concord
