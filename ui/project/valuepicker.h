// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QLineEdit>

class QCompleter;
class QStandardItemModel;

namespace Concord {

/// Picks a value of one codebook dimension from the keyboard: type any part of a name
/// and the matching values drop down (type-ahead, parents shown as "Parent › Child",
/// descriptions as tooltips); Enter takes the highlighted or exactly typed value; on an
/// empty field the keys 1–9 take the rater's most frequent values; F4 or the arrow
/// button opens the whole tree as a menu. A name that matches nothing can be added as a
/// new value when the codebook allows it.
class ValuePicker : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ValuePicker)
public:
    explicit ValuePicker(QWidget *parent = nullptr);
    ~ValuePicker() override;

    /// The values to offer (active ones of one dimension, in tree order) and whether new
    /// values may be typed in.
    void setValues(const Codebook &codebook, DimensionId dimension, bool allowNew);
    /// What the finding holds now (shown when the field is not being edited).
    void setChosen(const QList<ValueId> &values);
    QList<ValueId> chosen() const { return m_chosen; }
    /// The rater's most used values, best first; keys 1–9 pick them.
    void setFrequent(const QList<ValueId> &values);
    QList<ValueId> frequent() const { return m_frequent; }
    /// "1 Foo · 2 Bar · …" for a hint line.
    QString frequentHint() const;

    /// Picks the value whose name is @p text (case-insensitive), or the first value
    /// containing it; false when nothing matches.
    bool pickText(const QString &text);

Q_SIGNALS:
    void valuePicked(Concord::ValueId value);
    void clearRequested();
    void newValueRequested(const QString &name);
    /// A value is highlighted (in the drop-down or the menu): show its description.
    void valueHighlighted(Concord::ValueId value);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void showChosen();
    void showTreeMenu();
    void commitText();
    QString pathOf(const CodebookValue &value) const;

    Codebook m_codebook;
    DimensionId m_dimension = 0;
    bool m_allowNew = true;
    QList<ValueId> m_chosen;
    QList<ValueId> m_frequent;
    QStandardItemModel *m_model;
    QCompleter *m_completer;
};

} // namespace Concord
