// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/notebookdiff.h"

#include <KSyntaxHighlighting/Definition>

#include <QScrollArea>

class QLabel;
class QTimer;
class QVBoxLayout;

namespace Concord {

/// A notebook's diff cell by cell (see NotebookDiff): source lines highlighted as the
/// kernel's language (Markdown for markdown cells, as text: nothing is rendered),
/// outputs and other JSON changes collapsed behind a button, image outputs shown old
/// beside new. The raw JSON diff is the DiffView's own, one toggle away.
/// A notebook of many cells and images is built a few blocks at a time between events
/// (each cell is a text view, each image is decoded), so the window never freezes on one.
class NotebookDiffView : public QScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotebookDiffView)
public:
    explicit NotebookDiffView(QWidget *parent = nullptr);
    ~NotebookDiffView() override;

    void setDiff(const NotebookDiff &diff, bool allHunksLoaded);
    /// Drops the blocks not built yet (another file is shown).
    void stopBuilding();
    /// True while blocks of the diff are still being added.
    bool isBuilding() const { return m_next < m_blocks.size(); }

    /// The note above the cells (complete notebook or parts of it).
    QString noteText() const;
    /// Headers of the blocks shown, in order (for tests).
    QStringList blockHeaders() const;

Q_SIGNALS:
    /// Every block of the diff is shown.
    void built();

private:
    /// Adds @p minimum blocks, and with @p timed more until a slice of time is used up.
    void buildSlice(int minimum, bool timed);
    void addBlock(const NotebookBlock &block, const QString &title);

    QWidget *m_content = nullptr;
    QLabel *m_note = nullptr;
    QStringList m_headers;
    QList<NotebookBlock> m_blocks; ///< the diff's blocks, shown up to m_next
    qsizetype m_next = 0;
    QVBoxLayout *m_layout = nullptr;
    QString m_language;
    KSyntaxHighlighting::Definition m_code; ///< for source cells, found on first use
    QTimer *m_buildTimer;
};

} // namespace Concord
