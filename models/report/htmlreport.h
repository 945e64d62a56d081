// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/dashboardfigures.h"
#include "export/projectexport.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

#include <optional>

namespace Concord {

class Project;

/// What goes into an agreement report: the dashboard's filters (round, dataset,
/// gate-passed, empty-as-missing; the bootstrap of alpha's interval) and whether files
/// that exist may be replaced.
struct AgreementReportOptions
{
    DashboardFilters filters;
    bool overwrite = false;
    /// Called with step 0..steps as the report is made (steps when every file is written
    /// and they are about to be renamed into place); return false to cancel: nothing is
    /// written. A call with step == steps that returns true is the last chance to cancel.
    std::function<bool(int step, int steps)> progress;
    /// Asked between the figures' steps (each dimension, each round): true stops the
    /// computation, and nothing is written.
    std::function<bool()> cancelled;
};

/// The files of a report, in the order they are written: report.html, ratings_long.csv,
/// recompute.py, recompute.R.
QStringList agreementReportFileNames();

/// Writes the agreement report of @p project into @p directory (created when missing):
///  - report.html, one self-contained page (inline CSS and SVG; no script, no external
///    resource, no link to anything): the project's summary, per dimension every
///    coefficient the engine computes (value, 95% interval, observed and expected
///    agreement, n; "undefined" with the reason where it is 0/0), the rater-pair matrix,
///    the confusion matrices, agreement per round and value frequencies (tables and SVG
///    bar charts), the decision statistics and the codebook with value counts. Every
///    text that comes from the project is escaped: it is shown, never read as markup;
///  - ratings_long.csv, the units of those figures in the export's long layout (under
///    the same filters);
///  - recompute.py and recompute.R, which read ratings_long.csv and print percent
///    agreement, Cohen's kappa (two raters) and Fleiss' kappa per dimension (R adds
///    Krippendorff's alpha when the irr package is installed).
/// Every number comes from computeDashboardFigures(). Files are written under temporary
/// names and renamed into place when all are complete; an existing file is not replaced
/// unless options.overwrite. Returns the files; nullopt and *error ("FILE: cause") on
/// failure, with nothing written.
std::optional<QList<ExportedFile>> writeAgreementReport(const Project &project, const AgreementReportOptions &options,
                                                        const QString &directory, QString *error);

/// The page alone (what report.html holds) for figures already computed.
std::optional<QString> agreementReportHtml(const Project &project, const DashboardFigures &figures, QString *error);

} // namespace Concord
