// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabBar;
class QTimer;
class QToolButton;
class QUndoCommand;
class QVBoxLayout;

namespace Concord {

class ProjectDocument;
class ValuePicker;

/// The labeling form: the current rater's finding(s) of one item, one section per
/// codebook dimension in the codebook's order. The gate comes first (keys 1/2 or the
/// values' first letters); the dimensions it closes are disabled. Each other dimension
/// has a type-ahead value picker (keys 1–9 for the rater's frequent values), a comment,
/// and the highlighted value's description at the bottom. Every change is an undoable
/// command on the document: durable when the form shows it. The codebook's rules show
/// inline when the rater asks to mark the item done, never as dialogs.
class LabelingPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabelingPanel)
public:
    explicit LabelingPanel(QWidget *parent = nullptr);
    ~LabelingPanel() override;

    /// The project to edit (not owned); nullptr clears the form.
    void setDocument(ProjectDocument *document);
    /// Shows the current rater's findings of @p item (0: none).
    void showItem(ItemId item);
    ItemId currentItem() const { return m_item; }

    /// Which of the rater's findings the form edits (0-based).
    int currentFindingIndex() const { return m_index; }
    void setCurrentFindingIndex(int index);
    /// How many findings the current rater has for the item.
    int findingCount() const { return int(m_findings.size()); }

    /// What keeps the item from being done under the codebook's rules (empty when it
    /// can be done); shows the problems inline.
    QStringList checkDone();
    /// Puts the keyboard focus on the first field (the gate), for the labeling loop.
    void focusFirstField();

    /// Chooses @p value for @p dimension in the finding shown, as picking it would.
    void chooseValue(DimensionId dimension, ValueId value);
    /// Adds a finding after the existing ones (a change that fixes several problems).
    void addFinding();
    /// Removes the finding the form shows.
    void removeCurrentFinding();

    // Access for tests and screenshots.
    ValuePicker *picker(const QString &dimensionKey) const;
    QAbstractButton *gateButton(const QString &valueName) const;
    QLineEdit *commentEdit(const QString &dimensionKey) const;
    QCheckBox *shouldDiscussBox() const { return m_shouldDiscuss; }
    QCheckBox *unsureBox() const { return m_unsure; }
    QLabel *messageLabel() const { return m_messages; }
    QLabel *descriptionLabel() const { return m_description; }
    QPushButton *doneButton() const { return m_done; }

Q_SIGNALS:
    /// The Done button: the window marks the item done and moves on (Ctrl+Enter).
    void doneRequested();
    /// No rater is chosen yet; the button asks the window to let the user choose.
    void chooseRaterRequested();
    /// A typed name matched no value: the window asks for a description and adds it.
    void newValueRequested(Concord::DimensionId dimension, const QString &name);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Section
    {
        DimensionId id = 0;
        QString key;
        Dimension::Kind kind = Dimension::Kind::SingleChoice;
        QWidget *box = nullptr;
        QLabel *title = nullptr;
        ValuePicker *picker = nullptr;
        QButtonGroup *gate = nullptr;
        QLabel *hint = nullptr;
        QLineEdit *comment = nullptr;
        QTimer *commentTimer = nullptr;
    };

    void rebuild();
    void reload();
    void reloadUsage();
    void updateFrequent();
    void updateEnabled();
    void updateTabs();
    void showDescription(ValueId value);
    Finding currentOrNew(bool *exists) const;
    void setValues(DimensionId dimension, const QList<ValueId> &values);
    void pickValue(DimensionId dimension, ValueId value);
    void commitComment(const Section &section);
    void setFlags(bool shouldDiscuss, bool unsure);
    void push(QUndoCommand *command);
    void focusSectionAfter(DimensionId dimension);
    const Section *section(DimensionId id) const;

    ProjectDocument *m_document = nullptr;
    ItemId m_item = 0;
    Codebook m_codebook;
    QList<Finding> m_findings; ///< the current rater's findings of the item, by ordinal
    int m_index = 0;
    QHash<ValueId, int> m_usage; ///< how often the current rater chose each value
    QList<Section> m_sections;
    bool m_reloading = false;

    QLabel *m_who;
    QPushButton *m_chooseRater;
    QWidget *m_form;
    QTabBar *m_tabs;
    QToolButton *m_addFinding;
    QToolButton *m_removeFinding;
    QLabel *m_status;
    QVBoxLayout *m_sectionsLayout;
    QCheckBox *m_shouldDiscuss;
    QCheckBox *m_unsure;
    QLabel *m_messages;
    QPushButton *m_done;
    QLabel *m_description;
};

} // namespace Concord
