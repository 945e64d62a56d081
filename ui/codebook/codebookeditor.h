// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"
#include "document/codebookcommands.h"

#include <QDialog>
#include <QMap>
#include <QPointer>
#include <QSet>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeView;

namespace Concord {

class CodebookModel;
class ProjectDocument;

/// The "Codebook" window: a non-modal dialog to grow the taxonomy of an open project
/// while labeling. Pick a dimension, then add, rename (F2, in place), describe, reorder,
/// move, deprecate, merge and split its values. Every edit is an undo command pushed
/// onto the document's stack (Ctrl+Z works here and in the main window alike); a refused
/// edit is explained in the window's status line and changes nothing.
class CodebookEditor : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodebookEditor)
public:
    enum class Action { Add, AddChild, Rename, Describe, MoveUp, MoveDown, MoveTo, Deprecate, Merge, Split, EditDimension };

    explicit CodebookEditor(ProjectDocument *document, QWidget *parent = nullptr);
    ~CodebookEditor() override;

    CodebookModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QAction *action(Action which) const { return m_actions.value(which); }

    DimensionId dimension() const;
    void setDimension(DimensionId dimension);
    /// The selected value, 0 when none.
    ValueId currentValue() const;
    void setCurrentValue(ValueId value);
    /// The last refusal shown in the status line (empty when the last edit worked).
    QString statusText() const;

    // The edits behind the actions, without their dialogs. Each returns whether the
    // document accepted the edit.
    bool addValue(const QString &name, ValueId parent, const QString &description = {});
    bool describeCurrent(const QString &description);
    bool moveCurrent(int steps);
    bool moveCurrentTo(ValueId parent);
    bool setCurrentDeprecated(bool deprecated);
    bool mergeCurrentInto(ValueId into);
    bool splitCurrent(const QList<ValueSplitPart> &parts);

private:
    void createActions();
    void fillDimensions();
    void updateActions();
    void showCurrentDescription();
    bool push(QUndoCommand *command);
    /// Asks for one active value of the dimension other than the current one (and,
    /// when @p excludeSubtree, not below it). 0 when cancelled; @p topLevel adds a "(top level)" choice.
    std::optional<ValueId> chooseValue(const QString &title, const QString &label, bool excludeSubtree, bool topLevel);

    void onAdd(bool child);
    void onMoveTo();
    void onMerge();
    void onSplit();
    void onEditDimension();

    QPointer<ProjectDocument> m_document;
    CodebookModel *m_model;
    QComboBox *m_dimensions;
    QTreeView *m_view;
    QPlainTextEdit *m_description;
    QPushButton *m_applyDescription;
    QLabel *m_status;
    QMap<Action, QAction *> m_actions;
    // Kept across a model reset so the tree looks the same after an add or a move.
    QSet<QUuid> m_collapsed;
    QUuid m_current;
};

} // namespace Concord
