// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace Concord {

/// A one-line plain-text label that elides (with "…") instead of wrapping or widening its
/// layout: a header line keeps its height whatever the title or author. The whole text is
/// its tooltip and what Copy from the context menu takes. Like KSqueezedTextLabel, which
/// KWidgetsAddons has and we do not link.
class ElidedLabel : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    /// Sets the whole text (plain text: a title from a commit is never markup).
    void setFullText(const QString &text);
    QString fullText() const { return m_fullText; }

    /// Where the "…" goes: Qt::ElideRight (default) or Qt::ElideMiddle.
    void setElideMode(Qt::TextElideMode mode);

    /// True when the text does not fit and is shown shortened.
    bool isElided() const;

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void updateShownText();

    QString m_fullText;
    Qt::TextElideMode m_mode = Qt::ElideRight;
};

} // namespace Concord
