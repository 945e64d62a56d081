// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The study's web-app dump as it was before reconciliation, for the reconciliation tests:
// imported through the shipped importer, its reconciled findings taken out, and a
// reconciler added.

#include "uitestproject.h"

namespace Concord::UiTest {

/// The name of the reconciler buildUnreconciledProject adds.
inline QString reconcilerName()
{
    return QStringLiteral("Recon Ciler");
}

/// Creates @p path from ponder-fixture-sample.json without its reconciled findings and
/// with a reconciler (initials RC); the project is closed on return.
inline bool buildUnreconciledProject(const QString &path, QString *error)
{
    if (!buildProject(path, {corpus(QStringLiteral("ponder-fixture-sample.json"))}, error)) {
        return false;
    }
    std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, error);
    if (!project) {
        return false;
    }
    const QList<ReconciledFinding> all = project->reconciledFindings();
    if (all.isEmpty()) {
        *error = QStringLiteral("the dump brought no reconciled findings");
        return false;
    }
    const bool removed = project->transaction(
        [&](QString *e) {
            for (const ReconciledFinding &r : all) {
                if (!project->removeReconciled(r.id, e)) {
                    return false;
                }
            }
            return true;
        },
        error);
    if (!removed) {
        return false;
    }
    Rater reconciler;
    reconciler.name = reconcilerName();
    reconciler.initials = QStringLiteral("RC");
    reconciler.role = Rater::Role::Reconciler;
    return project->addRater(reconciler, error).has_value();
}

} // namespace Concord::UiTest
