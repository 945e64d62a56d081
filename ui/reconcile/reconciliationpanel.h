// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agreement/reconciliationqueue.h"
#include "domain/domain.h"

#include <QHash>
#include <QWidget>

class QAbstractButton;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabBar;
class QTimer;
class QToolButton;
class QTreeWidget;
class QUndoCommand;

namespace Concord {

class ProjectDocument;
class ValuePicker;

/// The reconciliation view, beside the item's diff or report: for two chosen raters, the
/// queue of units to reconcile (disagreements first, then should-discuss, then unanimous;
/// "38 of 212 reconciled") and, for the item shown, a grid with one row per dimension and
/// the columns rater A, rater B and the final finding. Differences are marked per
/// dimension with a sign and a word, never by colour alone. The reconciler adopts A's or
/// B's answer (whole, or one dimension) or picks a new value, and writes a rationale;
/// every decision is an undoable command that computes its decision type
/// (classifyDecision), links the rater findings it came from and records the current
/// rater as the reconciler. A recorded final finding's comments and should-discuss flag
/// are edited in place, each edit one undoable, durable step. An item can get several
/// final findings.
///
/// Blind labeling holds: the panel shows raters' findings only to a reconciler.
class ReconciliationPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReconciliationPanel)
public:
    explicit ReconciliationPanel(QWidget *parent = nullptr);
    ~ReconciliationPanel() override;

    /// The project (not owned); nullptr clears the panel.
    void setDocument(ProjectDocument *document);
    /// Shows @p item (the main window's current item; 0: none).
    void showItem(ItemId item);
    ItemId currentItem() const { return m_item; }

    /// The two raters whose findings are reconciled; the queue follows.
    void setRaters(RaterId a, RaterId b);
    RaterId raterA() const { return m_a; }
    RaterId raterB() const { return m_b; }
    /// The raters (not reconcilers) of the project, and the pair that labeled the most
    /// items together (the default pair). An empty pair when there are fewer than two.
    QList<Rater> raters() const;
    std::pair<RaterId, RaterId> busiestPair() const;

    const QList<ReconcileUnit> &queue() const { return m_queue; }
    qint64 reconciledCount() const;
    /// The next (+1) or previous (-1) unit in the queue's order that is not reconciled
    /// yet, counted from the item shown; 0 when there is none.
    ItemId unitAfter(int delta) const;
    /// Asks the window to show unitAfter(delta) (itemRequested); false when none is left.
    bool stepUnit(int delta);

    // --- decisions on the final finding shown (each one undoable step) ---
    /// Takes rater @p side's (0: A, 1: B) whole answer: values, comments, should-discuss.
    void adopt(int side);
    /// Takes rater @p side's answer on one dimension only.
    void adoptDimension(int side, DimensionId dimension);
    /// Sets a value neither rater may have chosen (multiple choice: toggles it).
    void chooseValue(DimensionId dimension, ValueId value);
    /// Sets the final finding's comment on @p dimension (empty removes it); typing in the
    /// comment field merges into one step, written after a short pause or on leaving it.
    void setFinalComment(DimensionId dimension, const QString &comment);
    /// Flags the final finding shown as worth discussing (or not).
    void setFinalShouldDiscuss(bool on);
    /// Starts another final finding of the item (it fixes several problems); stored with
    /// its first decision.
    void addFinalFinding();
    /// Removes the final finding shown.
    void removeFinalFinding();
    /// Which final finding the grid edits (0-based; == finalCount() for a new one).
    int currentFinalIndex() const { return m_finalIndex; }
    void setCurrentFinalIndex(int index);
    int finalCount() const { return int(m_finals.size()); }

    /// "Accept all unanimous" for the current pair, one undo step; returns what it did
    /// ("Added 120 …; skipped 17 already reconciled …"), or why nothing was done.
    QString acceptAllUnanimous();

    // Access for tests and screenshots.
    QTreeWidget *queueView() const { return m_queueView; }
    QLabel *progressLabel() const { return m_progress; }
    QLabel *unitLabel() const { return m_unit; }
    QLabel *decisionLabel() const { return m_decision; }
    QLabel *blindLabel() const { return m_blind; }
    QPushButton *adoptButton(int side) const { return side == 0 ? m_adoptA : m_adoptB; }
    QLineEdit *rationaleEdit() const { return m_rationale; }
    /// The marker of a dimension's row ("≠ differs" / "= same").
    QLabel *marker(const QString &dimensionKey) const;
    /// What rater @p side's column shows for a dimension.
    QLabel *valueLabel(int side, const QString &dimensionKey) const;
    ValuePicker *picker(const QString &dimensionKey) const;
    /// The final finding's comment field of a dimension.
    QLineEdit *finalCommentEdit(const QString &dimensionKey) const;
    QCheckBox *finalShouldDiscussBox() const { return m_finalDiscuss; }
    QComboBox *raterBox(int side) const { return side == 0 ? m_raterA : m_raterB; }

Q_SIGNALS:
    /// The window should select @p item (Next/Previous unit, a click in the queue).
    void itemRequested(Concord::ItemId item);
    /// A message for the status bar.
    void message(const QString &text);

private:
    struct Row
    {
        DimensionId id = 0;
        QString key;
        Dimension::Kind kind = Dimension::Kind::SingleChoice;
        QLabel *name = nullptr;
        QLabel *marker = nullptr;
        QLabel *value[2] = {nullptr, nullptr};
        QLabel *comment[2] = {nullptr, nullptr};
        ValuePicker *picker = nullptr;
        QToolButton *take[2] = {nullptr, nullptr};
        QLineEdit *finalComment = nullptr;
        QTimer *commentTimer = nullptr; ///< runs while typed text waits to be written
    };

    void fillRaterBoxes();
    void rebuildQueue();
    void updateQueueRow(int index);
    void updateProgress();
    void rebuildGrid();
    void reload();
    void updateReconciled(ItemId item);
    bool mayShow() const;
    /// The findings of rater @p side the final finding shown is (or will be) made from.
    const Finding *source(int side) const;
    QList<Finding> sources() const;
    /// The final finding shown, or a new one (ordinal after the existing ones).
    ReconciledFinding currentFinal(bool *exists) const;
    void decide(const DimensionValues &values, const DimensionComments &comments, bool shouldDiscuss, const QString &text);
    void commitRationale();
    /// Writes the comments typed and not written yet (before the grid shows another finding).
    void commitPendingComments();
    void push(QUndoCommand *command);
    QString valueNames(const QList<ValueId> &values) const;
    QString raterLabel(RaterId rater) const;

    ProjectDocument *m_document = nullptr;
    ItemId m_item = 0;
    RaterId m_a = 0;
    RaterId m_b = 0;
    Codebook m_codebook;
    QList<ReconcileUnit> m_queue;
    QHash<ItemId, int> m_queueIndex;
    QList<Finding> m_findings[2]; ///< rater A's and B's findings of the item, by ordinal
    QList<Finding> m_allFindings; ///< every finding of the item (sources may be others')
    QList<ReconciledFinding> m_finals;
    int m_finalIndex = 0;
    QList<Row> m_rows;
    bool m_reloading = false;

    QComboBox *m_raterA;
    QComboBox *m_raterB;
    QLabel *m_progress;
    QToolButton *m_previous;
    QToolButton *m_next;
    QTreeWidget *m_queueView;
    QLabel *m_blind;
    QWidget *m_body;
    QLabel *m_unit;
    QTabBar *m_finalTabs;
    QToolButton *m_addFinal;
    QToolButton *m_removeFinal;
    QWidget *m_grid;
    QGridLayout *m_gridLayout;
    QLabel *m_header[2] = {nullptr, nullptr};
    QLabel *m_flags[2] = {nullptr, nullptr};
    QCheckBox *m_finalDiscuss = nullptr;
    QPushButton *m_adoptA;
    QPushButton *m_adoptB;
    QLineEdit *m_rationale;
    QLabel *m_decision;
};

} // namespace Concord
