// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Builds real .concord files for the UI tests through the shipped importers.

#include "import/importer.h"
#include "store/project.h"

#include <QString>
#include <QStringList>
#include <QTextDocument>

#include <memory>

namespace Concord::UiTest {

/// The text a tooltip shows: Qt renders @p tip as rich text when it looks like markup
/// (Qt::mightBeRichText), as QToolTip does; otherwise the characters themselves.
inline QString toolTipAsShown(const QString &tip)
{
    if (!Qt::mightBeRichText(tip)) {
        return tip;
    }
    QTextDocument document;
    document.setHtml(tip);
    return document.toPlainText();
}

inline QString corpus(const QString &relative)
{
    return QStringLiteral(CONCORD_CORPUS_DIR "/") + relative;
}

/// Two real commits (one with a binary file) and the study's web-app dump (codebook,
/// raters, their findings and the reconciled ones).
inline QStringList sampleFiles()
{
    return {corpus(QStringLiteral("patches/GPflow__GPflow/002b217f983e55811faabf2e548e7c4e66ff09c6.patch")),
            corpus(QStringLiteral("patches/google__iree/55fcfab7131ea0acb65050078af23a91b2687ca2.patch")),
            corpus(QStringLiteral("ponder-fixture-sample.json"))};
}

/// Creates @p path and imports @p files into it; the project is closed on return.
inline bool buildProject(const QString &path, const QStringList &files, QString *error)
{
    std::unique_ptr<Project> project = Project::create(path, error);
    if (!project) {
        return false;
    }
    ImportRequest request;
    request.files = files;
    ImportResult result;
    return importFiles(*project, request, &result, error);
}

} // namespace Concord::UiTest
