// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/notebookdiff.h"

#include <QScrollArea>

class QLabel;
class QVBoxLayout;

namespace Concord {

/// A notebook's diff cell by cell (see NotebookDiff): source lines highlighted as the
/// kernel's language (Markdown for markdown cells, as text: nothing is rendered),
/// outputs and other JSON changes collapsed behind a button, image outputs shown old
/// beside new. The raw JSON diff is the DiffView's own, one toggle away.
class NotebookDiffView : public QScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotebookDiffView)
public:
    explicit NotebookDiffView(QWidget *parent = nullptr);
    ~NotebookDiffView() override;

    void setDiff(const NotebookDiff &diff, bool allHunksLoaded);

    /// The note above the cells (complete notebook or parts of it).
    QString noteText() const;
    /// Headers of the blocks shown, in order (for tests).
    QStringList blockHeaders() const;

private:
    QWidget *m_content = nullptr;
    QLabel *m_note = nullptr;
    QStringList m_headers;
};

} // namespace Concord
