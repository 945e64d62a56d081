// SPDX-License-Identifier: GPL-3.0-or-later
#include "valuepicker.h"
#include "domain/tooltip.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {
constexpr int s_idRole = Qt::UserRole + 1;
constexpr int s_nameRole = Qt::UserRole + 2;

// A small downward chevron in the text colour: the "show all values" button. Drawn, not
// taken from an icon theme, so it looks the same on every desktop and in dark mode.
QIcon chevronIcon(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QPen pen(color, 1.6);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.setPen(pen);
    const QPointF points[] = {{4.5, 6.5}, {8.0, 10.0}, {11.5, 6.5}};
    painter.drawPolyline(points, 3);
    return QIcon(pixmap);
}
} // namespace

ValuePicker::ValuePicker(QWidget *parent)
    : QLineEdit(parent)
    , m_model(new QStandardItemModel(this))
    , m_completer(new QCompleter(this))
{
    m_completer->setModel(m_model);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(12);
    setCompleter(m_completer);
    setClearButtonEnabled(false);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this, [this](const QModelIndex &index) {
        const ValueId id = index.data(s_idRole).toLongLong();
        if (id != 0) {
            Q_EMIT valuePicked(id);
        }
        showChosen();
    });
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::highlighted), this, [this](const QModelIndex &index) {
        Q_EMIT valueHighlighted(index.data(s_idRole).toLongLong());
    });
    QAction *tree = addAction(chevronIcon(palette().color(QPalette::Text)), QLineEdit::TrailingPosition);
    tree->setToolTip(tr("All values (F4)"));
    connect(tree, &QAction::triggered, this, &ValuePicker::showTreeMenu);
}

ValuePicker::~ValuePicker() = default;

QString ValuePicker::pathOf(const CodebookValue &value) const
{
    QString path = value.name;
    ValueId parent = value.parent;
    // Bounded walk: a crafted file could hold a parent cycle.
    for (int depth = 0; parent != 0 && depth < 32; ++depth) {
        const CodebookValue *p = m_codebook.value(parent);
        if (!p) {
            break;
        }
        path = p->name + u" › "_s + path;
        parent = p->parent;
    }
    return path;
}

void ValuePicker::setValues(const Codebook &codebook, DimensionId dimension, bool allowNew)
{
    m_codebook = codebook;
    m_dimension = dimension;
    m_allowNew = allowNew;
    m_model->clear();
    const QList<CodebookValue> values = codebook.valuesOf(dimension, false);
    for (const CodebookValue &v : values) {
        auto *row = new QStandardItem(pathOf(v));
        row->setData(v.id, s_idRole);
        row->setData(v.name, s_nameRole);
        row->setToolTip(plainToolTip(v.description.isEmpty() ? v.name : v.name + u"\n\n"_s + v.description));
        row->setEditable(false);
        m_model->appendRow(row);
    }
    const Dimension *dim = codebook.dimension(dimension);
    setPlaceholderText(allowNew ? tr("Type to pick or add a %1").arg(dim ? dim->name.toLower() : tr("value"))
                                : tr("Type to pick a %1").arg(dim ? dim->name.toLower() : tr("value")));
    showChosen();
}

void ValuePicker::setChosen(const QList<ValueId> &values)
{
    m_chosen = values;
    if (!hasFocus() || !isModified()) {
        showChosen();
    }
}

void ValuePicker::setFrequent(const QList<ValueId> &values)
{
    m_frequent = values.mid(0, 9);
}

QString ValuePicker::frequentHint() const
{
    QStringList parts;
    for (int i = 0; i < m_frequent.size(); ++i) {
        if (const CodebookValue *v = m_codebook.value(m_frequent[i])) {
            parts << u"%1 %2"_s.arg(i + 1).arg(v->name);
        }
    }
    return parts.join(u"  ·  "_s);
}

void ValuePicker::showChosen()
{
    QStringList names;
    for (ValueId id : std::as_const(m_chosen)) {
        const CodebookValue *v = m_codebook.value(m_codebook.resolve(id));
        names << (v ? v->name : tr("(unknown value)"));
    }
    const QString text = names.join(u", "_s);
    if (this->text() != text) {
        setText(text);
        if (!hasFocus()) {
            setCursorPosition(0); // a narrow field shows the name's start, not its end
        }
    }
    setModified(false);
    setToolTip(plainToolTip(m_chosen.size() == 1 && m_codebook.value(m_codebook.resolve(m_chosen.first()))
                                ? m_codebook.value(m_codebook.resolve(m_chosen.first()))->description
                                : QString()));
}

bool ValuePicker::pickText(const QString &typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty()) {
        return false;
    }
    ValueId contains = 0;
    int containing = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QStandardItem *item = m_model->item(row);
        const QString name = item->data(s_nameRole).toString();
        if (name.compare(text, Qt::CaseInsensitive) == 0 || item->text().compare(text, Qt::CaseInsensitive) == 0) {
            Q_EMIT valuePicked(item->data(s_idRole).toLongLong());
            showChosen();
            return true;
        }
        if (item->text().contains(text, Qt::CaseInsensitive)) {
            ++containing;
            if (contains == 0) {
                contains = item->data(s_idRole).toLongLong();
            }
        }
    }
    if (containing == 1) {
        Q_EMIT valuePicked(contains);
        showChosen();
        return true;
    }
    return false;
}

void ValuePicker::commitText()
{
    const QString text = this->text().trimmed();
    if (text.isEmpty()) {
        if (!m_chosen.isEmpty()) {
            Q_EMIT clearRequested();
        }
        showChosen();
        return;
    }
    if (!isModified()) {
        return; // Enter on the value already shown
    }
    if (pickText(text)) {
        return;
    }
    if (m_allowNew) {
        Q_EMIT newValueRequested(text);
    }
    showChosen();
}

void ValuePicker::keyPressEvent(QKeyEvent *event)
{
    const bool popupOpen = m_completer->popup() && m_completer->popup()->isVisible();
    const bool replacing = text().isEmpty() || selectedText() == text();
    if (!popupOpen && replacing && event->modifiers() == Qt::NoModifier && event->key() >= Qt::Key_1 && event->key() <= Qt::Key_9) {
        const int n = event->key() - Qt::Key_1;
        if (n < m_frequent.size()) {
            Q_EMIT valuePicked(m_frequent[n]);
            showChosen();
            event->accept();
            return;
        }
    }
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (event->modifiers() & Qt::ControlModifier) {
            break; // Ctrl+Enter marks the item done: the window's shortcut
        }
        if (popupOpen) {
            // The highlighted completion if there is one, else what was typed.
            const QModelIndex current = m_completer->popup()->currentIndex();
            m_completer->popup()->hide();
            if (current.isValid() && current.data(s_idRole).toLongLong() != 0) {
                Q_EMIT valuePicked(current.data(s_idRole).toLongLong());
                showChosen();
                event->accept();
                return;
            }
        }
        commitText();
        event->accept();
        return;
    case Qt::Key_Escape:
        if (!popupOpen && isModified()) {
            showChosen();
            selectAll();
            event->accept();
            return;
        }
        break;
    case Qt::Key_F4:
        showTreeMenu();
        event->accept();
        return;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

void ValuePicker::focusOutEvent(QFocusEvent *event)
{
    if (event->reason() != Qt::PopupFocusReason && isModified()) {
        // Leaving the field takes an exactly typed name; anything else is undone, so a
        // half-typed word never becomes a label by accident.
        const QString typed = text().trimmed();
        bool exact = false;
        for (int row = 0; row < m_model->rowCount() && !exact; ++row) {
            exact = m_model->item(row)->data(s_nameRole).toString().compare(typed, Qt::CaseInsensitive) == 0;
        }
        if (exact) {
            pickText(typed);
        } else {
            showChosen();
        }
    }
    QLineEdit::focusOutEvent(event);
}

void ValuePicker::showTreeMenu()
{
    QMenu menu(this);
    menu.setToolTipsVisible(true);
    const QList<CodebookValue> values = m_codebook.valuesOf(m_dimension, false);
    QHash<ValueId, QMenu *> menus;
    auto addTo = [&](QMenu *parentMenu, const CodebookValue &v) {
        bool hasChildren = false;
        for (const CodebookValue &c : values) {
            hasChildren = hasChildren || c.parent == v.id;
        }
        QString text = v.name;
        text.replace(u'&', u"&&"_s);
        QAction *action = nullptr;
        if (hasChildren) {
            QMenu *sub = parentMenu->addMenu(text);
            sub->setToolTipsVisible(true);
            menus.insert(v.id, sub);
            action = sub->addAction(text);
            sub->addSeparator();
        } else {
            action = parentMenu->addAction(text);
        }
        action->setCheckable(true);
        action->setChecked(m_chosen.contains(v.id));
        action->setToolTip(plainToolTip(v.description));
        const ValueId id = v.id;
        connect(action, &QAction::triggered, this, [this, id] {
            Q_EMIT valuePicked(id);
            showChosen();
        });
        connect(action, &QAction::hovered, this, [this, id] {
            Q_EMIT valueHighlighted(id);
        });
    };
    // valuesOf gives parents before children.
    for (const CodebookValue &v : values) {
        QMenu *parentMenu = v.parent != 0 ? menus.value(v.parent, &menu) : &menu;
        addTo(parentMenu, v);
    }
    if (!m_chosen.isEmpty()) {
        menu.addSeparator();
        connect(menu.addAction(tr("Clear")), &QAction::triggered, this, [this] {
            Q_EMIT clearRequested();
        });
    }
    if (values.isEmpty()) {
        menu.addAction(tr("(no values yet: type a name and press Enter)"))->setEnabled(false);
    }
    menu.exec(mapToGlobal(QPoint(0, height())));
}

} // namespace Concord
