// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectdocument.h"

#include "document/mergecommand.h"
#include "document/undocommands.h"

#include <QFileInfo>
#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Concord {

std::unique_ptr<ProjectDocument> ProjectDocument::open(const QString &path, bool allowReadOnly, QString *error, OpenFailure *failure)
{
    OpenFailure why = OpenFailure::None;
    std::unique_ptr<Project> project = Project::open(path, Project::ReadWrite, error, &why);
    bool lockedByOther = false;
    if (!project && why == OpenFailure::LockedByWriter && allowReadOnly) {
        project = Project::open(path, Project::ReadOnly, error, &why);
        lockedByOther = project != nullptr;
    }
    if (failure) {
        *failure = project ? OpenFailure::None : why;
    }
    if (!project) {
        return nullptr;
    }
    return std::unique_ptr<ProjectDocument>(new ProjectDocument(std::move(project), lockedByOther));
}

ProjectDocument::ProjectDocument(std::unique_ptr<Project> project, bool lockedByOther)
    : m_project(std::move(project))
    , m_undoStack(new QUndoStack(this))
    , m_lockedByOther(lockedByOther)
{
    if (std::optional<QList<HighlightTerm>> terms = m_project->highlightTerms(&m_termsError)) {
        m_terms = *terms;
    }
}

ProjectDocument::~ProjectDocument() = default;

QString ProjectDocument::path() const
{
    return m_project->path();
}

QString ProjectDocument::displayName() const
{
    const QString title = m_project->metadata(u"title"_s).trimmed();
    return title.isEmpty() ? QFileInfo(path()).fileName() : title;
}

bool ProjectDocument::isReadOnly() const
{
    return m_project->isReadOnly();
}

std::optional<Rater> ProjectDocument::currentRaterRecord() const
{
    return m_rater != 0 ? m_project->rater(m_rater) : std::nullopt;
}

void ProjectDocument::setCurrentRater(RaterId rater)
{
    const std::optional<Rater> record = rater != 0 ? m_project->rater(rater) : std::nullopt;
    m_rater = record ? record->id : 0;
    m_reconciler = record && record->role == Rater::Role::Reconciler;
    if (record) {
        m_project->setActor(record->name);
    }
    Q_EMIT currentRaterChanged(m_rater);
}

bool ProjectDocument::isReconciler() const
{
    return m_reconciler;
}

bool ProjectDocument::mayShowAllFindings(ItemId item) const
{
    return m_reconciler || !m_project->reconciledForItem(item).isEmpty();
}

bool ProjectDocument::push(QUndoCommand *command, QString *error)
{
    m_lastError.clear();
    // QUndoStack::push runs redo(); a command whose transaction failed marks itself
    // obsolete, and the stack then deletes it instead of keeping it.
    m_undoStack->push(command);
    const bool failed = !m_lastError.isEmpty();
    if (error && failed) {
        *error = m_lastError;
    }
    return !failed;
}

void ProjectDocument::announceFindingChanged(ItemId item, RaterId rater, const QUuid &finding)
{
    Q_EMIT findingChanged(item, rater, finding);
    Q_EMIT labelStatusChanged(item, rater);
}

void ProjectDocument::announceLabelStatusChanged(ItemId item, RaterId rater)
{
    Q_EMIT labelStatusChanged(item, rater);
}

void ProjectDocument::announceReconciledChanged(ItemId item)
{
    Q_EMIT reconciledChanged(item);
}

void ProjectDocument::announceCodebookChanged()
{
    Q_EMIT codebookChanged();
}

void ProjectDocument::announceRatersChanged()
{
    Q_EMIT ratersChanged();
}

bool ProjectDocument::setHighlightTerms(const QList<HighlightTerm> &terms, QString *error)
{
    if (terms == m_terms) {
        return false;
    }
    QString invalid;
    if (!TermMatcher::validate(terms, &invalid)) {
        if (error) {
            *error = tr("%1; the highlight terms are unchanged").arg(invalid);
        }
        return false;
    }
    return push(new SetHighlightTermsCommand(this, m_terms, terms, tr("Change highlight terms")), error);
}

void ProjectDocument::announceHighlightTermsChanged(const QList<HighlightTerm> &terms)
{
    m_terms = terms;
    m_termsError.clear();
    Q_EMIT highlightTermsChanged(terms);
}

bool ProjectDocument::mergeFrom(const QString &otherPath, MergeReport *report, QString *error)
{
    // The same work as File > Merge's worker thread, on a connection of its own, here.
    auto fail = [&](const QString &message) {
        announceEditFailed(message);
        if (error) {
            *error = message;
        }
        return false;
    };
    QString why;
    std::unique_ptr<Project> connection = m_project->openWorkerConnection(&why);
    if (!connection) {
        return fail(why);
    }
    std::optional<MergeStep> step = runMergeStep(*connection, otherPath, QString(), &why);
    connection.reset();
    if (!step) {
        return fail(why);
    }
    if (report) {
        *report = step->report;
    }
    return adoptMerge(otherPath, std::move(*step), error);
}

bool ProjectDocument::adoptMerge(const QString &otherPath, MergeStep step, QString *error)
{
    if (step.report.isNoOp()) {
        return true; // nothing was written: no undo step
    }
    if (!step.undoError.isEmpty()) {
        announceReloaded();
        announceEditFailed(step.undoError);
        if (error) {
            *error = step.undoError;
        }
        return false;
    }
    return push(new MergeProjectCommand(this, otherPath, std::move(step)), error);
}

void ProjectDocument::announceReloaded()
{
    if (m_rater != 0 && !m_project->rater(m_rater)) {
        setCurrentRater(0); // brought in by the merge that was undone
    }
    QString termsError;
    if (std::optional<QList<HighlightTerm>> terms = m_project->highlightTerms(&termsError); terms && *terms != m_terms) {
        announceHighlightTermsChanged(*terms);
    }
    Q_EMIT reloaded();
    Q_EMIT codebookChanged();
    Q_EMIT ratersChanged();
}

void ProjectDocument::announceBusy(const QString &what)
{
    Q_EMIT busy(what);
}

void ProjectDocument::announceEditFailed(const QString &message)
{
    m_lastError = message;
    Q_EMIT editFailed(message);
}

} // namespace Concord
