// SPDX-License-Identifier: GPL-3.0-or-later
#include "codebook/codebookeditor.h"

#include "document/codebookmodel.h"
#include "document/projectdocument.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

CodebookEditor::CodebookEditor(ProjectDocument *document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_model(new CodebookModel(document, this))
    , m_dimensions(new QComboBox(this))
    , m_view(new QTreeView(this))
    , m_description(new QPlainTextEdit(this))
    , m_applyDescription(new QPushButton(tr("Save &Description"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Codebook"));
    setModal(false);
    setObjectName(u"codebookEditor"_s);

    auto *dimensionLabel = new QLabel(tr("&Dimension:"), this);
    dimensionLabel->setTextFormat(Qt::PlainText);
    dimensionLabel->setBuddy(m_dimensions);
    auto *top = new QHBoxLayout;
    top->addWidget(dimensionLabel);
    top->addWidget(m_dimensions, 1);

    m_view->setModel(m_model);
    m_view->setObjectName(u"codebookValues"_s);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_view->setUniformRowHeights(true);
    m_view->header()->setSectionResizeMode(CodebookModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(CodebookModel::DescriptionColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(CodebookModel::UsageColumn, QHeaderView::ResizeToContents);

    // Values are data: their descriptions are plain text, whatever they contain.
    m_description->setObjectName(u"codebookDescription"_s);
    m_description->setTabChangesFocus(true);
    m_description->setPlaceholderText(tr("What the value means, when to choose it, examples."));
    auto *descriptionLabel = new QLabel(tr("Descri&ption:"), this);
    descriptionLabel->setTextFormat(Qt::PlainText);
    descriptionLabel->setBuddy(m_description);
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(descriptionLabel);
    sideLayout->addWidget(m_description, 1);
    sideLayout->addWidget(m_applyDescription, 0, Qt::AlignRight);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    createActions();
    auto *toolBar = new QToolBar(this);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (Action a : {Action::Add, Action::AddChild, Action::Rename, Action::MoveUp, Action::MoveDown, Action::MoveTo,
                     Action::Deprecate, Action::Merge, Action::Split}) {
        toolBar->addAction(m_actions.value(a));
    }
    toolBar->addSeparator();
    toolBar->addAction(m_actions.value(Action::EditDimension));
    if (m_document) {
        QAction *undo = m_document->undoStack()->createUndoAction(this);
        undo->setShortcut(QKeySequence::Undo);
        QAction *redo = m_document->undoStack()->createRedoAction(this);
        redo->setShortcut(QKeySequence::Redo);
        addAction(undo);
        addAction(redo);
    }

    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setObjectName(u"codebookStatus"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(toolBar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(820, 560);

    connect(m_dimensions, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setDimension(m_dimensions->currentData().toLongLong());
        m_view->expandAll();
        updateActions();
        showCurrentDescription();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateActions();
        showCurrentDescription();
    });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_collapsed.clear();
        for (const CodebookValue &v : m_model->codebook().valuesOf(m_model->dimension())) {
            const QModelIndex index = m_model->index(v.id);
            if (index.isValid() && m_model->value(index)->uuid == v.uuid && m_model->rowCount(index) > 0
                && !m_view->isExpanded(index)) {
                m_collapsed.insert(v.uuid);
            }
        }
        const CodebookValue *current = m_model->value(m_view->currentIndex());
        m_current = current ? current->uuid : QUuid();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Values the user folded stay folded; all others (new ones too) open.
        for (const CodebookValue &v : m_model->codebook().valuesOf(m_model->dimension())) {
            const QModelIndex index = m_model->index(v.id);
            if (index.isValid() && m_model->rowCount(index) > 0 && !m_collapsed.contains(v.uuid)) {
                m_view->setExpanded(index, true);
            }
        }
        if (const CodebookValue *current = m_model->codebook().valueByUuid(m_current)) {
            setCurrentValue(current->id);
        }
        updateActions();
        showCurrentDescription();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        showCurrentDescription();
    });
    connect(m_applyDescription, &QPushButton::clicked, this, [this] { describeCurrent(m_description->toPlainText()); });
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] {
        const CodebookValue *v = m_model->value(m_view->currentIndex());
        m_applyDescription->setEnabled(v && v->mergedInto == 0 && m_description->toPlainText() != v->description);
    });
    if (m_document) {
        connect(m_document, &ProjectDocument::codebookChanged, this, &CodebookEditor::fillDimensions);
        connect(m_document, &ProjectDocument::editFailed, m_status, &QLabel::setText);
    }
    fillDimensions();
}

CodebookEditor::~CodebookEditor() = default;

void CodebookEditor::createActions()
{
    auto make = [this](Action which, const QString &text, const QKeySequence &shortcut, auto handler) {
        auto *action = new QAction(text, this);
        if (!shortcut.isEmpty()) {
            action->setShortcut(shortcut);
            action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        }
        connect(action, &QAction::triggered, this, handler);
        addAction(action);
        m_actions.insert(which, action);
    };
    make(Action::Add, tr("&Add…"), QKeySequence(Qt::CTRL | Qt::Key_N), [this] { onAdd(false); });
    make(Action::AddChild, tr("Add &Child…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { onAdd(true); });
    make(Action::Rename, tr("&Rename"), QKeySequence(Qt::Key_F2), [this] {
        m_view->setFocus();
        m_view->edit(m_view->currentIndex().siblingAtColumn(CodebookModel::NameColumn));
    });
    make(Action::Describe, tr("D&escribe"), {}, [this] { m_description->setFocus(); });
    make(Action::MoveUp, tr("Move &Up"), QKeySequence(Qt::CTRL | Qt::Key_Up), [this] { moveCurrent(-1); });
    make(Action::MoveDown, tr("Move Do&wn"), QKeySequence(Qt::CTRL | Qt::Key_Down), [this] { moveCurrent(1); });
    make(Action::MoveTo, tr("&Move to…"), {}, [this] { onMoveTo(); });
    make(Action::Deprecate, tr("De&precate"), {}, [this] {
        if (const CodebookValue *v = m_model->value(m_view->currentIndex())) {
            setCurrentDeprecated(!v->deprecated);
        }
    });
    make(Action::Merge, tr("Mer&ge into…"), {}, [this] { onMerge(); });
    make(Action::Split, tr("&Split…"), {}, [this] { onSplit(); });
    make(Action::EditDimension, tr("Edit D&imension…"), {}, [this] { onEditDimension(); });
}

void CodebookEditor::fillDimensions()
{
    if (!m_document) {
        return;
    }
    const DimensionId current = dimension();
    const Codebook codebook = m_document->project().codebook();
    const QSignalBlocker blocker(m_dimensions);
    m_dimensions->clear();
    for (const Dimension &d : codebook.dimensions) {
        m_dimensions->addItem(d.name.isEmpty() ? d.key : d.name, d.id);
    }
    int at = m_dimensions->findData(current);
    if (at < 0) {
        // Start where the taxonomy is: the first dimension that is not a yes/no gate.
        at = 0;
        for (int i = 0; i < codebook.dimensions.size(); ++i) {
            if (codebook.dimensions.at(i).kind != Dimension::Kind::Gate) {
                at = i;
                break;
            }
        }
    }
    m_dimensions->setCurrentIndex(at);
    if (m_model->dimension() != dimension()) {
        m_model->setDimension(dimension());
        m_view->expandAll();
    }
    updateActions();
    showCurrentDescription();
}

DimensionId CodebookEditor::dimension() const
{
    return m_dimensions->currentData().toLongLong();
}

void CodebookEditor::setDimension(DimensionId dimension)
{
    const int at = m_dimensions->findData(dimension);
    if (at >= 0) {
        m_dimensions->setCurrentIndex(at);
    }
}

ValueId CodebookEditor::currentValue() const
{
    return m_model->id(m_view->currentIndex());
}

void CodebookEditor::setCurrentValue(ValueId value)
{
    const QModelIndex index = m_model->index(value);
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

QString CodebookEditor::statusText() const
{
    return m_status->text();
}

void CodebookEditor::updateActions()
{
    const CodebookValue *v = m_model->value(m_view->currentIndex());
    const bool writable = m_document && !m_document->isReadOnly();
    const bool live = writable && v && v->mergedInto == 0;
    const Dimension *dim = m_model->codebook().dimension(dimension());
    m_actions.value(Action::Add)->setEnabled(writable && dim);
    for (Action a : {Action::AddChild, Action::Rename, Action::Describe, Action::MoveUp, Action::MoveDown, Action::MoveTo,
                     Action::Deprecate, Action::Merge, Action::Split}) {
        m_actions.value(a)->setEnabled(live);
    }
    m_actions.value(Action::EditDimension)->setEnabled(writable && dim);
    if (live) {
        const QModelIndex index = m_view->currentIndex();
        m_actions.value(Action::MoveUp)->setEnabled(index.row() > 0);
        m_actions.value(Action::MoveDown)->setEnabled(index.row() + 1 < m_model->rowCount(index.parent()));
    }
    m_actions.value(Action::Deprecate)->setText(v && v->deprecated ? tr("Unde&precate") : tr("De&precate"));
    m_description->setReadOnly(!live);
}

void CodebookEditor::showCurrentDescription()
{
    const CodebookValue *v = m_model->value(m_view->currentIndex());
    const QString text = v ? v->description : QString();
    if (m_description->toPlainText() != text) {
        m_description->setPlainText(text);
    }
    m_applyDescription->setEnabled(false);
}

bool CodebookEditor::push(QUndoCommand *command)
{
    if (!command || !m_document) {
        return false;
    }
    m_status->clear();
    return m_document->push(command);
}

bool CodebookEditor::addValue(const QString &name, ValueId parent, const QString &description)
{
    if (!m_document || dimension() == 0) {
        return false;
    }
    int order = 0;
    for (const CodebookValue &v : m_model->codebook().values) {
        if (v.dimension == dimension() && v.parent == parent) {
            order = std::max(order, v.order + 1);
        }
    }
    CodebookValue value;
    value.dimension = dimension();
    value.name = name;
    value.description = description;
    value.parent = parent;
    value.order = order;
    value.uuid = QUuid::createUuid();
    if (!push(CodebookEdits::addValue(m_document, value))) {
        return false;
    }
    if (const CodebookValue *added = m_model->codebook().valueByUuid(value.uuid)) {
        setCurrentValue(added->id);
    }
    return true;
}

bool CodebookEditor::describeCurrent(const QString &description)
{
    return push(CodebookEdits::describeValue(m_document, currentValue(), description));
}

bool CodebookEditor::moveCurrent(int steps)
{
    return push(CodebookEdits::moveValue(m_document, currentValue(), steps));
}

bool CodebookEditor::moveCurrentTo(ValueId parent)
{
    return push(CodebookEdits::reparentValue(m_document, currentValue(), parent));
}

bool CodebookEditor::setCurrentDeprecated(bool deprecated)
{
    return push(CodebookEdits::deprecateValue(m_document, currentValue(), deprecated));
}

bool CodebookEditor::mergeCurrentInto(ValueId into)
{
    return push(CodebookEdits::mergeValues(m_document, currentValue(), into));
}

bool CodebookEditor::splitCurrent(const QList<ValueSplitPart> &parts)
{
    return push(CodebookEdits::splitValue(m_document, currentValue(), parts));
}

std::optional<ValueId> CodebookEditor::chooseValue(const QString &title, const QString &label, bool excludeSubtree,
                                                   bool topLevel)
{
    const ValueId current = currentValue();
    const Codebook &codebook = m_model->codebook();
    QStringList names;
    QList<ValueId> ids;
    if (topLevel) {
        names.append(tr("(top level)"));
        ids.append(0);
    }
    for (const CodebookValue &v : codebook.valuesOf(dimension(), false)) {
        if (v.id == current) {
            continue;
        }
        bool below = false;
        for (ValueId p = v.parent; excludeSubtree && p != 0 && !below;) {
            below = p == current;
            const CodebookValue *parent = codebook.value(p);
            p = parent ? parent->parent : 0;
        }
        if (below) {
            continue;
        }
        int depth = 0;
        for (const CodebookValue *p = codebook.value(v.parent); p && depth < 32; p = codebook.value(p->parent)) {
            ++depth;
        }
        names.append(QString(depth * 2, u' ') + v.name);
        ids.append(v.id);
    }
    bool ok = false;
    const QString chosen = QInputDialog::getItem(this, title, label, names, 0, false, &ok);
    if (!ok) {
        return std::nullopt;
    }
    const qsizetype at = names.indexOf(chosen);
    return at < 0 ? std::nullopt : std::optional<ValueId>(ids.at(at));
}

void CodebookEditor::onAdd(bool child)
{
    const CodebookValue *current = m_model->value(m_view->currentIndex());
    const ValueId parent = child ? (current ? current->id : 0) : (current ? current->parent : 0);
    bool ok = false;
    const QString name = QInputDialog::getText(this, child ? tr("Add Child Value") : tr("Add Value"), tr("Name:"),
                                               QLineEdit::Normal, {}, &ok);
    if (ok && !name.trimmed().isEmpty()) {
        addValue(name, parent);
    }
}

void CodebookEditor::onMoveTo()
{
    if (const auto parent = chooseValue(tr("Move Value"), tr("Place the value under:"), true, true)) {
        moveCurrentTo(*parent);
    }
}

void CodebookEditor::onMerge()
{
    const CodebookValue *current = m_model->value(m_view->currentIndex());
    if (!current) {
        return;
    }
    const auto into = chooseValue(tr("Merge Value"),
                                  tr("Merge \"%1\" into (its labels move there):").arg(current->name), false, false);
    if (into) {
        mergeCurrentInto(*into);
    }
}

void CodebookEditor::onSplit()
{
    const CodebookValue *current = m_model->value(m_view->currentIndex());
    if (!current) {
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Split Value"),
        tr("Split \"%1\" into these values, one per line (a tab separates a name from its description).\n"
           "\"%1\" is deprecated; its labels stay on it until they are relabeled.")
            .arg(current->name),
        {}, &ok);
    if (!ok) {
        return;
    }
    QList<ValueSplitPart> parts;
    for (const QString &line : text.split(u'\n')) {
        const QString name = line.section(u'\t', 0, 0).trimmed();
        if (!name.isEmpty()) {
            parts.append(ValueSplitPart{name, line.section(u'\t', 1).trimmed()});
        }
    }
    splitCurrent(parts);
}

void CodebookEditor::onEditDimension()
{
    const Dimension *current = m_model->codebook().dimension(dimension());
    if (!current || !m_document) {
        return;
    }
    Dimension after = *current;
    bool ok = false;
    after.name = QInputDialog::getText(this, tr("Edit Dimension"), tr("Name:"), QLineEdit::Normal, current->name, &ok);
    if (!ok) {
        return;
    }
    after.description = QInputDialog::getMultiLineText(this, tr("Edit Dimension"), tr("Description:"),
                                                       current->description, &ok);
    if (!ok) {
        return;
    }
    push(CodebookEdits::updateDimension(m_document, after));
}

} // namespace Concord
