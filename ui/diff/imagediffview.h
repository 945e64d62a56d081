// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/binarypatch.h"

#include <QWidget>

class QLabel;

namespace Concord {

class ImagePane;

/// Old and new image of a binary file side by side, each with its dimensions, format
/// and size, on a checkerboard so transparency is visible. Decoded with QImageReader
/// (PNG, JPEG, GIF, and SVG through Qt's svg image plugin), never scaled up.
class ImageDiffView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageDiffView)
public:
    explicit ImageDiffView(QWidget *parent = nullptr);
    ~ImageDiffView() override;

    /// True for the file names this view is for (.png, .jpg, .jpeg, .gif, .svg, ...).
    static bool isImagePath(const QString &path);

    /// Shows @p file's images. Returns false, showing nothing, when the patch carries
    /// neither side's bytes (the caller then describes the change in words).
    bool setFile(const FileDiff &file, const BinaryContent &content);

    QString summaryText() const;
    /// The decoded images' sizes in pixels; invalid when that side is absent or unreadable.
    QSize oldImageSize() const;
    QSize newImageSize() const;

private:
    QLabel *m_summary;
    ImagePane *m_old;
    ImagePane *m_new;
};

} // namespace Concord
