// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

class QFontMetrics;

namespace Concord {

/// Draws an item's short key ("io@d46154b", "tensorflow#46012") in a narrow column: when it
/// does not fit, the repository's name is shortened, never the commit or issue number that
/// tells items apart ("generative-fa…@27b0770").
class KeyDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    /// @p key as shown in @p width pixels of @p metrics.
    static QString elidedKey(const QString &key, const QFontMetrics &metrics, int width);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace Concord
