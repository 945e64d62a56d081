// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffcolors.h"
#include "diff/diffrows.h"

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Definition;
}

namespace Concord {

class DiffHighlighter;

/// A read-only text view of diff rows with a line-number gutter, added/deleted
/// backgrounds and syntax highlighting. One block per row; text is always plain.
/// The unified view and each side of the side-by-side view are one of these.
class DiffTextEdit : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffTextEdit)
public:
    /// Which line numbers the gutter shows.
    enum class Gutter { OldAndNew, Old, New };

    explicit DiffTextEdit(Gutter gutter, QWidget *parent = nullptr);
    ~DiffTextEdit() override;

    /// Shows @p rows, highlighted with @p definition (none: plain).
    void setRows(const QList<DiffRow> &rows, const KSyntaxHighlighting::Definition &definition);
    const QList<DiffRow> &rows() const { return m_rows; }

    /// The row shown in @p block, or nullptr.
    const DiffRow *rowAt(int block) const;

    int gutterWidth() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class DiffGutter;
    void paintGutter(QPaintEvent *event);
    void updateGutterGeometry();
    void applyPalette();

    Gutter m_gutter;
    QList<DiffRow> m_rows;
    DiffColors m_colors;
    DiffHighlighter *m_highlighter;
    QWidget *m_gutterWidget;
    int m_digits = 3;
};

} // namespace Concord
