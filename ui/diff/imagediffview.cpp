// SPDX-License-Identifier: GPL-3.0-or-later
#include "imagediffview.h"

#include <QBuffer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// The image and what the reader said about it.
struct DecodedImage
{
    QImage image;
    QByteArray format;
    QString error;
};

DecodedImage decode(const QByteArray &bytes, const QString &path)
{
    DecodedImage out;
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    out.format = reader.format();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (out.format.isEmpty() && (suffix == u"svg"_s || suffix == u"svgz"_s)
        && !QImageReader::supportedImageFormats().contains(QByteArrayLiteral("svg"))) {
        out.error = ImageDiffView::tr("SVG images cannot be shown: this build has no SVG image plugin.");
        return out;
    }
    out.image = reader.read();
    if (out.image.isNull()) {
        out.error = ImageDiffView::tr("The image cannot be decoded: %1").arg(reader.errorString());
    }
    return out;
}

} // namespace

/// One side: a caption and the image drawn under it to fit, on a checkerboard.
class ImagePane : public QWidget
{
public:
    explicit ImagePane(QWidget *parent)
        : QWidget(parent)
        , m_caption(new QLabel(this))
    {
        m_caption->setTextFormat(Qt::PlainText);
        m_caption->setWordWrap(true);
        m_caption->setAlignment(Qt::AlignCenter);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(2, 2, 2, 2);
        layout->addWidget(m_caption);
        layout->addStretch(1);
    }

    void set(const QString &title, const std::optional<QByteArray> &bytes, const QString &path, qint64 size, const QString &absent)
    {
        m_image = {};
        QString text = title;
        if (!bytes || bytes->isEmpty()) {
            text += u"\n"_s + absent;
        } else {
            const DecodedImage decoded = decode(*bytes, path);
            m_image = decoded.image;
            if (!m_image.isNull()) {
                text += u"\n"_s + tr("%1 × %2 px, %3, %4")
                                     .arg(m_image.width())
                                     .arg(m_image.height())
                                     .arg(QString::fromLatin1(decoded.format.toUpper()), formatByteSize(size));
            } else {
                text += u"\n"_s + formatByteSize(size) + u"\n"_s + decoded.error;
            }
        }
        m_caption->setText(text);
        update();
    }

    QSize imageSize() const { return m_image.isNull() ? QSize() : m_image.size(); }
    QString caption() const { return m_caption->text(); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (m_image.isNull()) {
            return;
        }
        const QRect area = rect().adjusted(8, m_caption->geometry().bottom() + 8, -8, -8);
        if (area.width() < 8 || area.height() < 8) {
            return;
        }
        QSize shown = m_image.size();
        if (shown.width() > area.width() || shown.height() > area.height()) {
            shown.scale(area.size(), Qt::KeepAspectRatio);
        }
        // Centred across, right under the caption: the eye goes from the figures to the image.
        const QRect target(area.x() + (area.width() - shown.width()) / 2, area.y(), shown.width(), shown.height());
        QPainter p(this);
        const int cell = 8;
        for (int y = target.top(); y <= target.bottom(); y += cell) {
            for (int x = target.left(); x <= target.right(); x += cell) {
                const bool dark = ((x - target.left()) / cell + (y - target.top()) / cell) % 2;
                p.fillRect(QRect(x, y, cell, cell).intersected(target), dark ? QColor(0xcc, 0xcc, 0xcc) : QColor(0xff, 0xff, 0xff));
            }
        }
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(target, m_image);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(target.adjusted(-1, -1, 0, 0));
    }

private:
    QLabel *m_caption;
    QImage m_image;
};

ImageDiffView::ImageDiffView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_old(new ImagePane(this))
    , m_new(new ImagePane(this))
{
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 4);
    auto *sides = new QHBoxLayout;
    sides->setSpacing(2);
    sides->addWidget(m_old, 1);
    sides->addWidget(m_new, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addLayout(sides, 1);
}

ImageDiffView::~ImageDiffView() = default;

bool ImageDiffView::isImagePath(const QString &path)
{
    static const QStringList suffixes{u"png"_s, u"jpg"_s, u"jpeg"_s, u"gif"_s, u"svg"_s, u"svgz"_s, u"bmp"_s, u"webp"_s, u"ico"_s};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

bool ImageDiffView::setFile(const FileDiff &file, const BinaryContent &content)
{
    const bool hasOld = content.oldBytes && !content.oldBytes->isEmpty();
    const bool hasNew = content.newBytes && !content.newBytes->isEmpty();
    if (!hasOld && !hasNew) {
        return false;
    }
    QString summary = describeBinaryChange(file, content, tr("Image"));
    if (!content.error.isEmpty()) {
        summary += u"\n"_s + content.error;
    }
    m_summary->setText(summary);
    const QString oldPath = file.oldPath.isEmpty() ? file.newPath : file.oldPath;
    const QString newPath = file.newPath.isEmpty() ? file.oldPath : file.newPath;
    const QString unknown = tr("Not in the patch: it holds only the difference (a git delta) from the other side.");
    m_old->set(tr("Old"), content.oldBytes, oldPath, content.oldSize,
               file.change == FileDiff::Change::Added ? tr("(none: the file is added)") : unknown);
    m_new->set(tr("New"), content.newBytes, newPath, content.newSize,
               file.change == FileDiff::Change::Deleted ? tr("(none: the file is deleted)") : unknown);
    return true;
}

QString ImageDiffView::summaryText() const
{
    return m_summary->text();
}

QSize ImageDiffView::oldImageSize() const
{
    return m_old->imageSize();
}

QSize ImageDiffView::newImageSize() const
{
    return m_new->imageSize();
}

} // namespace Concord
