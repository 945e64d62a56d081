// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffcolors.h"
#include "diff/diffrows.h"
#include "domain/highlightterms.h"

#include <KSyntaxHighlighting/State>

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Definition;
}

namespace Concord {

class DiffHighlighter;

/// A read-only text view of diff rows with a line-number gutter, added/deleted
/// backgrounds and syntax highlighting. One block per row; text is always plain.
/// The unified view and each side of the side-by-side view are one of these.
/// Changed white space is drawn over the text with visible markers (a dot for a space, an
/// arrow for a tab, a box for other white space) and a changed line end with a CRLF or LF
/// tag; the document keeps the text as it is, so copying gives the real characters.
class DiffTextEdit : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffTextEdit)
public:
    /// Which line numbers the gutter shows.
    enum class Gutter { OldAndNew, Old, New };

    explicit DiffTextEdit(Gutter gutter, QWidget *parent = nullptr);
    ~DiffTextEdit() override;

    /// Shows @p rows, highlighted with @p definition (none: plain), hunk h starting in
    /// @p hunkStarts[h] (see hunkStart()), on the new side in @p newHunkStarts[h] when
    /// given (the real states of the whole file, FileContext).
    void setRows(const QList<DiffRow> &rows, const KSyntaxHighlighting::Definition &definition,
                 const QList<KSyntaxHighlighting::State> &hunkStarts = {},
                 const QList<KSyntaxHighlighting::State> &newHunkStarts = {});
    const QList<DiffRow> &rows() const { return m_rows; }
    /// Marks the occurrences of @p terms (see DiffHighlighter).
    void setHighlightTerms(const QList<HighlightTerm> &terms);

    /// Empties the view for rows appended with appendRows(), highlighted with
    /// @p definition; @p maxLine (the largest line number to come) sizes the gutter.
    void clearRows(const KSyntaxHighlighting::Definition &definition, int maxLine = 0);
    /// Adds @p rows at the end: only they are highlighted and laid out, so a large file
    /// can be shown in slices. @p hunkStarts covers every hunk of the rows shown so far.
    void appendRows(const QList<DiffRow> &rows, const QList<KSyntaxHighlighting::State> &hunkStarts,
                    const QList<KSyntaxHighlighting::State> &newHunkStarts = {});
    /// Keeps the first @p count rows, removing the rest.
    void truncateRows(qsizetype count);

    /// The row shown in @p block, or nullptr.
    const DiffRow *rowAt(int block) const;

    int gutterWidth() const;
    const DiffColors &colors() const { return m_colors; }

    /// The gap of unchanged lines E opens: the one at the cursor, else the next one below
    /// it, else the last one above; -1 when there is none.
    int gapNearCursor() const;
    /// The row at the top of the viewport.
    int firstVisibleRow() const;
    /// Scrolls so that @p row is the first visible one (as far as the scroll range allows).
    void scrollToRow(int row);

Q_SIGNALS:
    /// The reader clicked the row of hidden unchanged lines @p gap (DiffRow::Kind::Gap),
    /// or pressed E with the cursor on or above it.
    void gapActivated(int gap);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class DiffGutter;
    void paintGutter(QPaintEvent *event);
    void paintWhitespace(QPaintEvent *event);
    void updateGutterGeometry();
    void applyPalette();
    /// Puts a new empty document in place of the current one, which is emptied from its
    /// end in slices between events and then deleted.
    void replaceDocument();

    Gutter m_gutter;
    QList<DiffRow> m_rows;
    QList<KSyntaxHighlighting::State> m_hunkStarts;
    QList<KSyntaxHighlighting::State> m_newHunkStarts;
    DiffColors m_colors;
    TermMatcher m_terms;
    DiffHighlighter *m_highlighter;
    QWidget *m_gutterWidget;
    int m_digits = 3;
};

} // namespace Concord
