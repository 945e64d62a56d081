// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/coefficients.h"
#include "agreement/multiplechoice.h"

#include <QJsonObject>

namespace Concord {

/// {"value", "se", "ci95", "observed", "expected", "undefined_reason", "n"}; numbers that
/// are absent (or not finite) are null. "disagreement": true marks alpha variants whose
/// observed/expected are disagreements.
QJsonObject coefficientToJson(const Coefficient &coefficient);

/// The object `concord-cli agreement --json` prints for one dimension: dimension, raters,
/// n_units, n_not_comparable, statistics (percent_agreement, cohen_kappa for two raters,
/// scott_pi, fleiss_kappa, krippendorff_alpha, gwet_ac1, brennan_prediger, and for
/// ordered dimensions weighted kappa and ordinal/interval alpha), confusion (two raters),
/// pairs, per_category.
QJsonObject agreementReportToJson(const AgreementReport &report, const QString &dimension, qint64 notComparable);

/// The same for a multiple-choice dimension: per_value kappa/alpha and alpha with
/// Jaccard and MASI distances.
QJsonObject multipleChoiceReportToJson(const MultipleChoiceReport &report, const QString &dimension,
                                       qint64 notComparable);

} // namespace Concord
