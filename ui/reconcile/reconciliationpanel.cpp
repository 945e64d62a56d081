// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconciliationpanel.h"

#include "agreement/reconciliation.h"
#include "document/projectdocument.h"
#include "document/reconcilecommands.h"
#include "domain/tooltip.h"
#include "project/valuepicker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalBlocker>
#include <QTabBar>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Milliseconds of quiet after typing in a final comment before it is written (and at
// once when the field loses focus), as in the labeling form: one step per burst.
constexpr int s_commentDelay = 400;

QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(parent);
    // Names, values and comments are typed by people: never rich text.
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString kindText(const ReconcileUnit &unit)
{
    switch (unit.kind) {
    case ReconcileUnit::Kind::Disagreement:
        return ReconciliationPanel::tr("disagreement");
    case ReconcileUnit::Kind::ShouldDiscuss:
        return ReconciliationPanel::tr("should discuss");
    case ReconcileUnit::Kind::Unanimous:
        return ReconciliationPanel::tr("unanimous");
    }
    return {};
}

// A sign for each state, so the queue does not speak through colour alone.
QString kindSign(const ReconcileUnit &unit)
{
    if (unit.isReconciled()) {
        return u"✓"_s;
    }
    switch (unit.kind) {
    case ReconcileUnit::Kind::Disagreement:
        return u"≠"_s;
    case ReconcileUnit::Kind::ShouldDiscuss:
        return u"⚑"_s;
    case ReconcileUnit::Kind::Unanimous:
        return u"="_s;
    }
    return {};
}

QString decisionText(ReconciledFinding::Decision d)
{
    switch (d) {
    case ReconciledFinding::Decision::Unanimous:
        return ReconciliationPanel::tr("unanimous");
    case ReconciledFinding::Decision::AdoptedOne:
        return ReconciliationPanel::tr("adopted one rater's answer");
    case ReconciledFinding::Decision::Combined:
        return ReconciliationPanel::tr("combined from both raters");
    case ReconciledFinding::Decision::New:
        return ReconciliationPanel::tr("new decision (chosen by neither rater)");
    }
    return {};
}

bool sameAnswer(const QList<ValueId> &x, const QList<ValueId> &y)
{
    QList<ValueId> a = x;
    QList<ValueId> b = y;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    return a == b;
}

} // namespace

ReconciliationPanel::ReconciliationPanel(QWidget *parent)
    : QWidget(parent)
    , m_raterA(new QComboBox(this))
    , m_raterB(new QComboBox(this))
    , m_progress(new QLabel(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_queueView(new QTreeWidget(this))
    , m_blind(new QLabel(this))
    , m_body(new QWidget(this))
{
    setObjectName(u"reconciliationPanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);

    auto *pair = new QHBoxLayout;
    auto *raters = new QLabel(tr("Raters:"), this);
    raters->setBuddy(m_raterA);
    auto *versus = new QLabel(tr("and"), this);
    m_raterA->setObjectName(u"raterA"_s);
    m_raterB->setObjectName(u"raterB"_s);
    m_raterA->setToolTip(tr("Rater A: the first column of the grid"));
    m_raterB->setToolTip(tr("Rater B: the second column of the grid"));
    pair->addWidget(raters);
    pair->addWidget(m_raterA, 1);
    pair->addWidget(versus);
    pair->addWidget(m_raterB, 1);
    layout->addLayout(pair);

    auto *progressRow = new QHBoxLayout;
    m_progress->setObjectName(u"reconcileProgress"_s);
    m_progress->setTextFormat(Qt::PlainText);
    m_previous->setText(tr("◀ Previous"));
    m_previous->setToolTip(tr("The previous unit not reconciled yet (Shift+F9)"));
    m_next->setText(tr("Next ▶"));
    m_next->setToolTip(tr("The next unit not reconciled yet (F9)"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_previous);
    progressRow->addWidget(m_next);
    layout->addLayout(progressRow);

    m_queueView->setObjectName(u"reconcileQueue"_s);
    m_queueView->setColumnCount(3);
    m_queueView->setHeaderLabels({u""_s, tr("Item"), tr("Unit")});
    m_queueView->setRootIsDecorated(false);
    m_queueView->setUniformRowHeights(true);
    m_queueView->setAlternatingRowColors(true);
    m_queueView->header()->setStretchLastSection(false);
    m_queueView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_queueView->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_queueView->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_queueView->setMinimumHeight(90);
    m_queueView->setMaximumHeight(170);
    layout->addWidget(m_queueView);

    m_blind->setObjectName(u"reconcileBlind"_s);
    m_blind->setTextFormat(Qt::PlainText);
    m_blind->setWordWrap(true);
    m_blind->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_blind);

    // The body: the unit, its final findings, the grid, the decision.
    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(4);
    m_unit = new QLabel(m_body);
    m_unit->setObjectName(u"reconcileUnit"_s);
    m_unit->setTextFormat(Qt::PlainText);
    m_unit->setWordWrap(true);
    QFont bold = m_unit->font();
    bold.setBold(true);
    m_unit->setFont(bold);
    body->addWidget(m_unit);

    auto *finals = new QHBoxLayout;
    m_finalTabs = new QTabBar(m_body);
    m_finalTabs->setObjectName(u"finalTabs"_s);
    m_finalTabs->setDrawBase(false);
    m_finalTabs->setExpanding(false);
    m_addFinal = new QToolButton(m_body);
    m_addFinal->setText(tr("+"));
    m_addFinal->setToolTip(tr("Add another final finding: the item fixes several problems"));
    m_removeFinal = new QToolButton(m_body);
    m_removeFinal->setText(tr("−"));
    m_removeFinal->setToolTip(tr("Remove this final finding"));
    finals->addWidget(m_finalTabs, 1);
    finals->addWidget(m_addFinal);
    finals->addWidget(m_removeFinal);
    body->addLayout(finals);

    m_grid = new QWidget;
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setHorizontalSpacing(8);
    m_gridLayout->setVerticalSpacing(6);
    auto *scroll = new QScrollArea(m_body);
    scroll->setObjectName(u"reconcileGrid"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The grid keeps its own height; the room below it goes to a stretch, not to some row
    // of the grid (its cells would grow a gap under a dimension).
    auto *gridHolder = new QWidget;
    auto *holderLayout = new QVBoxLayout(gridHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    holderLayout->addWidget(m_grid);
    holderLayout->addStretch(1);
    scroll->setWidget(gridHolder);
    body->addWidget(scroll, 1);

    auto *adoptRow = new QHBoxLayout;
    m_adoptA = new QPushButton(tr("Adopt A"), m_body);
    m_adoptA->setObjectName(u"adoptA"_s);
    m_adoptB = new QPushButton(tr("Adopt B"), m_body);
    m_adoptB->setObjectName(u"adoptB"_s);
    adoptRow->addWidget(m_adoptA);
    adoptRow->addWidget(m_adoptB);
    adoptRow->addStretch(1);
    body->addLayout(adoptRow);

    m_rationale = new QLineEdit(m_body);
    m_rationale->setObjectName(u"rationale"_s);
    m_rationale->setPlaceholderText(tr("Rationale: why this is the final answer"));
    m_rationale->setClearButtonEnabled(true);
    body->addWidget(m_rationale);
    m_decision = new QLabel(m_body);
    m_decision->setObjectName(u"reconcileDecision"_s);
    m_decision->setTextFormat(Qt::PlainText);
    m_decision->setWordWrap(true);
    body->addWidget(m_decision);
    layout->addWidget(m_body, 1);

    connect(m_raterA, &QComboBox::activated, this, [this] {
        setRaters(m_raterA->currentData().value<RaterId>(), m_b);
    });
    connect(m_raterB, &QComboBox::activated, this, [this] {
        setRaters(m_a, m_raterB->currentData().value<RaterId>());
    });
    connect(m_previous, &QToolButton::clicked, this, [this] {
        stepUnit(-1);
    });
    connect(m_next, &QToolButton::clicked, this, [this] {
        stepUnit(1);
    });
    connect(m_queueView, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current && !m_reloading) {
            const ItemId item = current->data(0, Qt::UserRole).value<ItemId>();
            if (item != m_item) {
                Q_EMIT itemRequested(item);
            }
        }
    });
    connect(m_finalTabs, &QTabBar::currentChanged, this, [this](int index) {
        if (!m_reloading && index >= 0) {
            setCurrentFinalIndex(index);
        }
    });
    connect(m_addFinal, &QToolButton::clicked, this, &ReconciliationPanel::addFinalFinding);
    connect(m_removeFinal, &QToolButton::clicked, this, &ReconciliationPanel::removeFinalFinding);
    connect(m_adoptA, &QPushButton::clicked, this, [this] {
        adopt(0);
    });
    connect(m_adoptB, &QPushButton::clicked, this, [this] {
        adopt(1);
    });
    connect(m_rationale, &QLineEdit::editingFinished, this, &ReconciliationPanel::commitRationale);
    setDocument(nullptr);
}

ReconciliationPanel::~ReconciliationPanel() = default;

void ReconciliationPanel::setDocument(ProjectDocument *document)
{
    if (m_document) {
        commitPendingComments(); // typed into the project being left
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    m_item = 0;
    m_a = 0;
    m_b = 0;
    m_queue.clear();
    m_queueIndex.clear();
    m_codebook = document ? document->project().codebook() : Codebook();
    if (document) {
        connect(document, &ProjectDocument::reconciledChanged, this, &ReconciliationPanel::updateReconciled);
        connect(document, &ProjectDocument::findingChanged, this, [this](ItemId, RaterId rater, const QUuid &) {
            if (rater == m_a || rater == m_b) {
                rebuildQueue();
                reload();
            }
        });
        connect(document, &ProjectDocument::codebookChanged, this, [this] {
            m_codebook = m_document->project().codebook();
            rebuildGrid();
            reload();
        });
        connect(document, &ProjectDocument::ratersChanged, this, &ReconciliationPanel::fillRaterBoxes);
        connect(document, &ProjectDocument::currentRaterChanged, this, [this] {
            rebuildQueue();
            reload();
        });
        const auto [a, b] = busiestPair();
        m_a = a;
        m_b = b;
    }
    fillRaterBoxes();
    rebuildGrid();
    rebuildQueue();
    reload();
}

bool ReconciliationPanel::mayShow() const
{
    // The queue shows every item's raters' answers: for a reconciler only (blind labeling).
    return m_document && m_document->isReconciler();
}

QList<Rater> ReconciliationPanel::raters() const
{
    QList<Rater> out;
    if (!m_document) {
        return out;
    }
    for (const Rater &r : m_document->project().raters()) {
        if (r.role != Rater::Role::Reconciler) {
            out.append(r);
        }
    }
    return out;
}

std::pair<RaterId, RaterId> ReconciliationPanel::busiestPair() const
{
    if (!m_document) {
        return {0, 0};
    }
    const QList<Rater> people = raters();
    QSet<RaterId> labelers;
    for (const Rater &r : people) {
        labelers.insert(r.id);
    }
    QHash<ItemId, QSet<RaterId>> byItem;
    for (const Finding &f : m_document->project().findings()) {
        if (labelers.contains(f.rater)) {
            byItem[f.item].insert(f.rater);
        }
    }
    QHash<std::pair<RaterId, RaterId>, int> together;
    for (auto it = byItem.cbegin(); it != byItem.cend(); ++it) {
        QList<RaterId> ids(it.value().cbegin(), it.value().cend());
        std::sort(ids.begin(), ids.end());
        for (qsizetype i = 0; i < ids.size(); ++i) {
            for (qsizetype j = i + 1; j < ids.size(); ++j) {
                ++together[{ids[i], ids[j]}];
            }
        }
    }
    std::pair<RaterId, RaterId> best{0, 0};
    int most = -1;
    for (auto it = together.cbegin(); it != together.cend(); ++it) {
        if (it.value() > most || (it.value() == most && it.key() < best)) {
            most = it.value();
            best = it.key();
        }
    }
    if (most < 0 && people.size() >= 2) {
        best = {people[0].id, people[1].id};
    }
    return best;
}

void ReconciliationPanel::fillRaterBoxes()
{
    const QList<Rater> people = raters();
    for (QComboBox *box : {m_raterA, m_raterB}) {
        const QSignalBlocker quiet(box);
        box->clear();
        for (const Rater &r : people) {
            box->addItem(r.initials.isEmpty() ? r.name : u"%1 (%2)"_s.arg(r.name, r.initials), QVariant::fromValue(r.id));
        }
    }
    m_raterA->setCurrentIndex(m_raterA->findData(QVariant::fromValue(m_a)));
    m_raterB->setCurrentIndex(m_raterB->findData(QVariant::fromValue(m_b)));
}

void ReconciliationPanel::setRaters(RaterId a, RaterId b)
{
    m_a = a;
    m_b = b;
    fillRaterBoxes();
    rebuildQueue();
    reload();
}

QString ReconciliationPanel::raterLabel(RaterId rater) const
{
    if (!m_document) {
        return {};
    }
    const std::optional<Rater> r = m_document->project().rater(rater);
    return r ? r->name : tr("(no rater)");
}

// --- the queue ------------------------------------------------------------------------

void ReconciliationPanel::rebuildQueue()
{
    m_reloading = true;
    m_queueView->clear();
    m_queue.clear();
    m_queueIndex.clear();
    if (mayShow() && m_a != 0 && m_b != 0 && m_a != m_b) {
        QString error;
        if (std::optional<QList<ReconcileUnit>> queue = reconciliationQueue(m_document->project(), m_a, m_b, &error)) {
            m_queue = *queue;
        } else {
            Q_EMIT message(tr("The units to reconcile could not be read: %1").arg(error));
        }
        QList<ItemId> ids;
        for (const ReconcileUnit &unit : std::as_const(m_queue)) {
            ids.append(unit.item);
        }
        QHash<ItemId, Item> items;
        if (const std::optional<QList<Item>> read = m_document->project().itemsById(ids)) {
            for (const Item &item : *read) {
                items.insert(item.id, item);
            }
        }
        QList<QTreeWidgetItem *> rows;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            const Item item = items.value(m_queue[i].item);
            auto *row = new QTreeWidgetItem;
            row->setData(0, Qt::UserRole, QVariant::fromValue(m_queue[i].item));
            const QString title = item.title.isEmpty() ? item.key.toString() : item.title;
            row->setText(1, title);
            row->setToolTip(1, plainToolTip(item.key.toString() + u'\n' + title));
            rows.append(row);
            m_queueIndex.insert(m_queue[i].item, int(i));
        }
        m_queueView->addTopLevelItems(rows);
        for (int i = 0; i < m_queue.size(); ++i) {
            updateQueueRow(i);
        }
        if (const int at = m_queueIndex.value(m_item, -1); at >= 0) {
            m_queueView->setCurrentItem(m_queueView->topLevelItem(at));
        }
    }
    m_reloading = false;
    updateProgress();
}

void ReconciliationPanel::updateQueueRow(int index)
{
    QTreeWidgetItem *row = m_queueView->topLevelItem(index);
    if (!row) {
        return;
    }
    const ReconcileUnit &unit = m_queue.at(index);
    row->setText(0, kindSign(unit));
    QString what = kindText(unit);
    if (unit.isReconciled()) {
        what = tr("reconciled (%1)").arg(what);
    }
    row->setText(2, what);
    QStringList dims;
    for (const DimensionId d : unit.differing) {
        if (const Dimension *dim = m_codebook.dimension(d)) {
            dims << (dim->name.isEmpty() ? dim->key : dim->name);
        }
    }
    row->setToolTip(2, plainToolTip(dims.isEmpty() ? what : tr("%1 — differs in %2").arg(what, dims.join(u", "_s))));
}

qint64 ReconciliationPanel::reconciledCount() const
{
    return std::count_if(m_queue.cbegin(), m_queue.cend(), [](const ReconcileUnit &u) {
        return u.isReconciled();
    });
}

void ReconciliationPanel::updateProgress()
{
    const QLocale locale;
    if (!mayShow()) {
        m_progress->clear();
    } else if (m_a == 0 || m_b == 0 || m_a == m_b) {
        m_progress->setText(tr("Choose two raters"));
    } else {
        m_progress->setText(tr("%1 of %2 reconciled").arg(locale.toString(reconciledCount()), locale.toString(m_queue.size())));
    }
    m_previous->setEnabled(mayShow() && !m_queue.isEmpty());
    m_next->setEnabled(mayShow() && !m_queue.isEmpty());
}

void ReconciliationPanel::updateReconciled(ItemId item)
{
    const int at = m_queueIndex.value(item, -1);
    if (at >= 0 && m_document) {
        m_queue[at].reconciled = int(m_document->project().reconciledForItem(item).size());
        updateQueueRow(at);
        updateProgress();
    }
    if (item == m_item) {
        reload();
    }
}

ItemId ReconciliationPanel::unitAfter(int delta) const
{
    if (m_queue.isEmpty() || delta == 0) {
        return 0;
    }
    const int here = m_queueIndex.value(m_item, delta > 0 ? -1 : int(m_queue.size()));
    for (int i = here + delta; i >= 0 && i < m_queue.size(); i += delta) {
        if (!m_queue[i].isReconciled()) {
            return m_queue[i].item;
        }
    }
    return 0;
}

bool ReconciliationPanel::stepUnit(int delta)
{
    if (!mayShow()) {
        return false;
    }
    const ItemId next = unitAfter(delta);
    if (next == 0) {
        Q_EMIT message(delta > 0 ? tr("No unit after this one is left to reconcile.")
                                 : tr("No unit before this one is left to reconcile."));
        return false;
    }
    Q_EMIT itemRequested(next);
    return true;
}

// --- the grid -------------------------------------------------------------------------

void ReconciliationPanel::rebuildGrid()
{
    while (QLayoutItem *child = m_gridLayout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    m_rows.clear();
    m_header[0] = plainLabel({}, m_grid);
    m_header[1] = plainLabel({}, m_grid);
    auto *finalHeader = plainLabel(tr("Final"), m_grid);
    for (QLabel *h : {m_header[0], m_header[1], finalHeader}) {
        QFont f = h->font();
        f.setBold(true);
        h->setFont(f);
    }
    m_gridLayout->addWidget(m_header[0], 0, 1, Qt::AlignTop);
    m_gridLayout->addWidget(m_header[1], 0, 2, Qt::AlignTop);
    m_gridLayout->addWidget(finalHeader, 0, 3, Qt::AlignTop);
    int line = 1;
    for (const Dimension &dim : std::as_const(m_codebook.dimensions)) {
        Row row;
        row.id = dim.id;
        row.key = dim.key;
        row.kind = dim.kind;
        auto *nameBox = new QWidget(m_grid);
        auto *nameLayout = new QVBoxLayout(nameBox);
        nameLayout->setContentsMargins(0, 0, 0, 0);
        nameLayout->setSpacing(1);
        row.name = plainLabel(dim.name.isEmpty() ? dim.key : dim.name, nameBox);
        row.name->setToolTip(plainToolTip(dim.description));
        row.marker = plainLabel({}, nameBox);
        row.marker->setObjectName(u"marker_"_s + dim.key);
        nameLayout->addWidget(row.name);
        nameLayout->addWidget(row.marker);
        nameLayout->addStretch(1);
        m_gridLayout->addWidget(nameBox, line, 0, Qt::AlignTop);
        for (int side = 0; side < 2; ++side) {
            auto *cell = new QWidget(m_grid);
            auto *v = new QVBoxLayout(cell);
            v->setContentsMargins(0, 0, 0, 0);
            v->setSpacing(1);
            row.value[side] = plainLabel({}, cell);
            row.value[side]->setObjectName(u"value%1_%2"_s.arg(side == 0 ? u"A"_s : u"B"_s, dim.key));
            row.comment[side] = plainLabel({}, cell);
            QFont italic = row.comment[side]->font();
            italic.setItalic(true);
            row.comment[side]->setFont(italic);
            row.comment[side]->setForegroundRole(QPalette::PlaceholderText);
            v->addWidget(row.value[side]);
            v->addWidget(row.comment[side]);
            v->addStretch(1);
            m_gridLayout->addWidget(cell, line, 1 + side, Qt::AlignTop);
        }
        auto *finalCell = new QWidget(m_grid);
        auto *finalColumn = new QVBoxLayout(finalCell);
        finalColumn->setContentsMargins(0, 0, 0, 0);
        finalColumn->setSpacing(2);
        auto *h = new QHBoxLayout;
        h->setContentsMargins(0, 0, 0, 0);
        h->setSpacing(2);
        finalColumn->addLayout(h);
        row.picker = new ValuePicker(finalCell);
        row.picker->setObjectName(u"final_"_s + dim.key);
        row.picker->setValues(m_codebook, dim.id, false);
        h->addWidget(row.picker, 1);
        for (int side = 0; side < 2; ++side) {
            row.take[side] = new QToolButton(finalCell);
            row.take[side]->setText(side == 0 ? u"A"_s : u"B"_s);
            row.take[side]->setObjectName(u"take%1_%2"_s.arg(side == 0 ? u"A"_s : u"B"_s, dim.key));
            h->addWidget(row.take[side]);
            const DimensionId id = dim.id;
            connect(row.take[side], &QToolButton::clicked, this, [this, side, id] {
                adoptDimension(side, id);
            });
        }
        row.finalComment = new QLineEdit(finalCell);
        row.finalComment->setObjectName(u"finalComment_"_s + dim.key);
        row.finalComment->setClearButtonEnabled(true);
        finalColumn->addWidget(row.finalComment);
        row.commentTimer = new QTimer(finalCell);
        row.commentTimer->setSingleShot(true);
        row.commentTimer->setInterval(s_commentDelay);
        const DimensionId id = dim.id;
        QLineEdit *comment = row.finalComment;
        QTimer *timer = row.commentTimer;
        connect(comment, &QLineEdit::textEdited, timer, qOverload<>(&QTimer::start));
        connect(timer, &QTimer::timeout, this, [this, id, comment] {
            setFinalComment(id, comment->text().trimmed());
        });
        connect(comment, &QLineEdit::editingFinished, this, [this, id, comment, timer] {
            if (timer->isActive()) {
                timer->stop();
                setFinalComment(id, comment->text().trimmed());
            }
        });
        connect(row.picker, &ValuePicker::valuePicked, this, [this, id](ValueId value) {
            chooseValue(id, value);
        });
        connect(row.picker, &ValuePicker::clearRequested, this, [this, id] {
            commitPendingComments();
            bool exists = false;
            ReconciledFinding f = currentFinal(&exists);
            if (f.values.contains(id)) {
                f.values.remove(id);
                decide(f.values, f.comments, f.shouldDiscuss, tr("Clear the final %1").arg(m_codebook.dimension(id)->name));
            }
        });
        m_gridLayout->addWidget(finalCell, line, 3, Qt::AlignTop);
        m_rows.append(row);
        ++line;
    }
    auto *flagsName = plainLabel(tr("Flags"), m_grid);
    m_gridLayout->addWidget(flagsName, line, 0, Qt::AlignTop);
    for (int side = 0; side < 2; ++side) {
        m_flags[side] = plainLabel({}, m_grid);
        m_flags[side]->setObjectName(side == 0 ? u"flagsA"_s : u"flagsB"_s);
        m_gridLayout->addWidget(m_flags[side], line, 1 + side, Qt::AlignTop);
    }
    m_finalDiscuss = new QCheckBox(tr("⚑ Should discuss"), m_grid);
    m_finalDiscuss->setObjectName(u"finalShouldDiscuss"_s);
    m_gridLayout->addWidget(m_finalDiscuss, line, 3, Qt::AlignTop);
    connect(m_finalDiscuss, &QCheckBox::clicked, this, &ReconciliationPanel::setFinalShouldDiscuss);
    m_gridLayout->setColumnStretch(0, 0);
    m_gridLayout->setColumnStretch(1, 2);
    m_gridLayout->setColumnStretch(2, 2);
    m_gridLayout->setColumnStretch(3, 3);
    m_gridLayout->setRowStretch(line + 1, 1);
}

QString ReconciliationPanel::valueNames(const QList<ValueId> &values) const
{
    QStringList names;
    for (ValueId v : values) {
        const CodebookValue *value = m_codebook.value(m_codebook.resolve(v));
        names << (value ? value->name : tr("(missing value %1)").arg(v));
    }
    return names.isEmpty() ? tr("—") : names.join(u", "_s);
}

const Finding *ReconciliationPanel::source(int side) const
{
    const RaterId rater = side == 0 ? m_a : m_b;
    if (m_finalIndex < m_finals.size() && !m_finals[m_finalIndex].sourceFindings.isEmpty()) {
        // A recorded decision keeps the findings it was linked to.
        for (const Finding &f : m_findings[side]) {
            if (f.rater == rater && m_finals[m_finalIndex].sourceFindings.contains(f.uuid)) {
                return &f;
            }
        }
        return nullptr;
    }
    // The finding of the same number; a rater's only finding stands for every final one
    // (a second problem the rater described in the same finding, or did not record).
    if (m_finalIndex < m_findings[side].size()) {
        return &m_findings[side][m_finalIndex];
    }
    return m_findings[side].size() == 1 ? &m_findings[side].first() : nullptr;
}

QList<Finding> ReconciliationPanel::sources() const
{
    QList<Finding> out;
    if (m_finalIndex < m_finals.size() && !m_finals[m_finalIndex].sourceFindings.isEmpty()) {
        for (const Finding &f : m_allFindings) {
            if (m_finals[m_finalIndex].sourceFindings.contains(f.uuid)) {
                out.append(f);
            }
        }
        return out;
    }
    for (int side = 0; side < 2; ++side) {
        if (const Finding *f = source(side)) {
            out.append(*f);
        }
    }
    return out;
}

ReconciledFinding ReconciliationPanel::currentFinal(bool *exists) const
{
    *exists = m_finalIndex < m_finals.size();
    if (*exists) {
        return m_finals[m_finalIndex];
    }
    ReconciledFinding r;
    r.item = m_item;
    int ordinal = 0;
    for (const ReconciledFinding &f : m_finals) {
        ordinal = std::max(ordinal, f.ordinal + 1);
    }
    r.ordinal = ordinal;
    // A new final finding starts from what both raters said alike.
    const Finding *a = source(0);
    const Finding *b = source(1);
    if (a && b) {
        for (auto it = a->values.cbegin(); it != a->values.cend(); ++it) {
            if (sameAnswer(it.value(), b->values.value(it.key()))) {
                r.values.insert(it.key(), it.value());
            }
        }
    }
    return r;
}

void ReconciliationPanel::reload()
{
    m_reloading = true;
    const bool show = mayShow() && m_item != 0;
    m_queueView->setEnabled(mayShow());
    m_raterA->setEnabled(mayShow());
    m_raterB->setEnabled(mayShow());
    m_body->setVisible(show);
    m_blind->setVisible(!show);
    if (!m_document) {
        m_blind->setText(tr("No project is open."));
    } else if (!mayShow()) {
        m_blind->setText(tr("Reconciliation is for a reconciler: the raters' answers stay hidden while you label "
                            "blind. Label ▸ Switch Rater… to reconcile as a reconciler."));
    } else {
        m_blind->setText(tr("No item selected."));
    }
    for (int side = 0; side < 2; ++side) {
        m_findings[side].clear();
    }
    m_allFindings.clear();
    m_finals.clear();
    if (!show) {
        m_reloading = false;
        return;
    }
    const Project &project = m_document->project();
    m_allFindings = project.findingsForItem(m_item);
    for (const Finding &f : std::as_const(m_allFindings)) {
        if (f.rater == m_a) {
            m_findings[0].append(f);
        } else if (f.rater == m_b) {
            m_findings[1].append(f);
        }
    }
    m_finals = project.reconciledForItem(m_item);
    if (m_finalIndex > m_finals.size()) {
        m_finalIndex = int(m_finals.size());
    }
    // Which unit this is.
    const int at = m_queueIndex.value(m_item, -1);
    if (at >= 0) {
        const ReconcileUnit &unit = m_queue.at(at);
        m_unit->setText(tr("Unit %1 of %2 · %3%4")
                            .arg(at + 1)
                            .arg(m_queue.size())
                            .arg(kindText(unit), unit.isReconciled() ? tr(" · reconciled") : QString()));
        if (m_queueView->currentItem() != m_queueView->topLevelItem(at)) {
            m_queueView->setCurrentItem(m_queueView->topLevelItem(at));
        }
        m_queueView->scrollToItem(m_queueView->topLevelItem(at));
    } else {
        m_unit->setText(tr("Not a unit of %1 and %2: they did not both label this item.")
                            .arg(raterLabel(m_a), raterLabel(m_b)));
        m_queueView->setCurrentItem(nullptr);
    }
    // Final findings: one tab each, and one for a new one being made.
    while (m_finalTabs->count() > 0) {
        m_finalTabs->removeTab(0);
    }
    for (const ReconciledFinding &f : std::as_const(m_finals)) {
        m_finalTabs->addTab(tr("Final %1").arg(f.ordinal + 1));
    }
    if (m_finalIndex == m_finals.size()) {
        m_finalTabs->addTab(m_finals.isEmpty() ? tr("Final (not recorded yet)") : tr("Final %1 (new)").arg(m_finals.size() + 1));
    }
    m_finalTabs->setCurrentIndex(m_finalIndex);
    m_removeFinal->setEnabled(m_finalIndex < m_finals.size() && !m_document->isReadOnly());
    m_addFinal->setEnabled(m_finalIndex < m_finals.size() && !m_document->isReadOnly());

    const Finding *src[2] = {source(0), source(1)};
    for (int side = 0; side < 2; ++side) {
        const RaterId rater = side == 0 ? m_a : m_b;
        QString head = (side == 0 ? tr("A: %1") : tr("B: %1")).arg(raterLabel(rater));
        if (m_findings[side].size() > 1 && src[side]) {
            head += tr(" · finding %1 of %2").arg(src[side]->ordinal + 1).arg(m_findings[side].size());
        } else if (!src[side]) {
            head += tr(" · no finding");
        }
        m_header[side]->setText(head);
        QStringList flags;
        if (src[side] && src[side]->shouldDiscuss) {
            flags << tr("⚑ should discuss");
        }
        if (src[side] && src[side]->unsure) {
            flags << tr("? unsure");
        }
        m_flags[side]->setText(flags.isEmpty() ? tr("—") : flags.join(u'\n'));
    }
    m_adoptA->setText(tr("Adopt &A (%1)").arg(raterLabel(m_a)));
    m_adoptB->setText(tr("Adopt &B (%1)").arg(raterLabel(m_b)));
    m_adoptA->setToolTip(tr("The final finding takes %1's whole answer (Alt+A)").arg(raterLabel(m_a)));
    m_adoptB->setToolTip(tr("The final finding takes %1's whole answer (Alt+B)").arg(raterLabel(m_b)));
    const bool writable = !m_document->isReadOnly();
    m_adoptA->setEnabled(writable && src[0]);
    m_adoptB->setEnabled(writable && src[1]);

    bool exists = false;
    const ReconciledFinding shown = currentFinal(&exists);
    for (Row &row : m_rows) {
        QList<ValueId> answer[2];
        for (int side = 0; side < 2; ++side) {
            answer[side] = src[side] ? src[side]->values.value(row.id) : QList<ValueId>{};
            row.value[side]->setText(src[side] ? valueNames(answer[side]) : tr("(no finding)"));
            QStringList tips;
            for (ValueId v : answer[side]) {
                if (const CodebookValue *value = m_codebook.value(v)) {
                    tips << (value->description.isEmpty() ? value->name : value->name + u": "_s + value->description);
                }
            }
            row.value[side]->setToolTip(plainToolTip(tips.join(u"\n\n"_s)));
            const QString comment = src[side] ? src[side]->comments.value(row.id).trimmed() : QString();
            row.comment[side]->setText(comment);
            row.comment[side]->setVisible(!comment.isEmpty());
            row.take[side]->setEnabled(writable && src[side]);
            row.take[side]->setToolTip(tr("Take %1's %2").arg(raterLabel(side == 0 ? m_a : m_b), row.name->text()));
        }
        const bool differs = src[0] && src[1] && !sameAnswer(answer[0], answer[1]);
        // A sign and a word: the difference does not depend on seeing colour.
        row.marker->setText(differs ? tr("≠ differs") : (src[0] && src[1] ? tr("= same") : QString()));
        QFont f = row.marker->font();
        f.setBold(differs);
        row.marker->setFont(f);
        row.marker->setForegroundRole(differs ? QPalette::Link : QPalette::PlaceholderText);
        QFont nameFont = row.name->font();
        nameFont.setBold(differs);
        row.name->setFont(nameFont);
        row.picker->setChosen(shown.values.value(row.id));
        row.picker->setEnabled(writable);
        row.picker->setToolTip(exists ? QString() : tr("Not recorded yet: pick a value or adopt an answer to record it"));
        const QString dimName = row.name->text();
        if (!row.commentTimer->isActive()) {
            const QSignalBlocker quiet(row.finalComment);
            row.finalComment->setText(exists ? shown.comments.value(row.id) : QString());
        }
        row.finalComment->setEnabled(writable && exists);
        row.finalComment->setPlaceholderText(tr("Comment"));
        row.finalComment->setToolTip(exists ? tr("The final finding's comment on %1").arg(dimName.toLower())
                                            : tr("Not recorded yet: adopt an answer or pick a value first"));
    }
    m_finalDiscuss->setChecked(exists && shown.shouldDiscuss);
    m_finalDiscuss->setEnabled(writable && exists);
    m_finalDiscuss->setToolTip(exists ? tr("Flag the final finding as worth discussing")
                                      : tr("Not recorded yet: adopt an answer or pick a value first"));
    {
        const QSignalBlocker quiet(m_rationale);
        if (!m_rationale->hasFocus() || exists) {
            m_rationale->setText(exists ? shown.rationale : QString());
        }
    }
    m_rationale->setEnabled(writable);
    if (exists) {
        QString who = raterLabel(shown.decidedBy);
        if (shown.decidedBy == 0) {
            who = tr("an unknown reconciler");
        }
        m_decision->setText(tr("Decision: %1 · recorded by %2, %3")
                                .arg(decisionText(shown.decision), who,
                                     QLocale().toString(shown.decidedAt.toLocalTime(), QLocale::ShortFormat)));
    } else {
        m_decision->setText(tr("Not reconciled yet: adopt an answer or pick the final values."));
    }
    m_reloading = false;
}

void ReconciliationPanel::showItem(ItemId item)
{
    commitPendingComments();
    if (item != m_item) {
        m_finalIndex = 0;
    }
    m_item = item;
    reload();
}

void ReconciliationPanel::setCurrentFinalIndex(int index)
{
    commitPendingComments();
    m_finalIndex = std::clamp(index, 0, int(m_finals.size()));
    reload();
}

// --- decisions ------------------------------------------------------------------------

void ReconciliationPanel::push(QUndoCommand *command)
{
    if (command && m_document) {
        m_document->push(command);
    }
}

void ReconciliationPanel::decide(const DimensionValues &values, const DimensionComments &comments, bool shouldDiscuss,
                                 const QString &text)
{
    if (!mayShow() || m_item == 0 || m_document->isReadOnly()) {
        return;
    }
    bool exists = false;
    const ReconciledFinding current = currentFinal(&exists);
    ReconciledFinding decided = current;
    decided.values = values;
    decided.comments = comments;
    decided.shouldDiscuss = shouldDiscuss;
    decided.rationale = m_rationale->text().trimmed();
    push(ReconcileEdits::decide(m_document, current, exists, decided, sources(), text));
}

void ReconciliationPanel::adopt(int side)
{
    commitPendingComments(); // a comment typed a moment ago is not lost to the decision
    const Finding *f = source(side);
    if (!f) {
        return;
    }
    decide(f->values, f->comments, f->shouldDiscuss, tr("Adopt %1's answer").arg(raterLabel(f->rater)));
}

void ReconciliationPanel::adoptDimension(int side, DimensionId dimension)
{
    commitPendingComments(); // a comment typed a moment ago is not lost to the decision
    const Finding *f = source(side);
    const Dimension *dim = m_codebook.dimension(dimension);
    if (!f || !dim) {
        return;
    }
    bool exists = false;
    ReconciledFinding current = currentFinal(&exists);
    const QList<ValueId> values = f->values.value(dimension);
    if (values.isEmpty()) {
        current.values.remove(dimension);
    } else {
        current.values.insert(dimension, values);
    }
    if (f->comments.contains(dimension)) {
        current.comments.insert(dimension, f->comments.value(dimension));
    }
    decide(current.values, current.comments, current.shouldDiscuss,
           tr("Take %1's %2").arg(raterLabel(f->rater), dim->name.isEmpty() ? dim->key : dim->name));
}

void ReconciliationPanel::chooseValue(DimensionId dimension, ValueId value)
{
    commitPendingComments(); // a comment typed a moment ago is not lost to the decision
    const Dimension *dim = m_codebook.dimension(dimension);
    const CodebookValue *chosen = m_codebook.value(value);
    if (!dim || !chosen) {
        return;
    }
    bool exists = false;
    ReconciledFinding current = currentFinal(&exists);
    QList<ValueId> values = current.values.value(dimension);
    if (dim->kind == Dimension::Kind::MultipleChoice) {
        if (values.contains(value)) {
            values.removeAll(value);
        } else {
            values.append(value);
        }
    } else {
        values = {value};
    }
    if (values.isEmpty()) {
        current.values.remove(dimension);
    } else {
        current.values.insert(dimension, values);
    }
    decide(current.values, current.comments, current.shouldDiscuss,
           tr("Set the final %1 to %2").arg(dim->name.isEmpty() ? dim->key : dim->name, chosen->name));
}

void ReconciliationPanel::setFinalComment(DimensionId dimension, const QString &comment)
{
    if (!mayShow() || m_finalIndex >= m_finals.size() || m_document->isReadOnly()) {
        return; // a final finding not recorded yet has no comment to edit
    }
    push(ReconcileEdits::setComment(m_document, m_finals[m_finalIndex], dimension, comment));
}

void ReconciliationPanel::setFinalShouldDiscuss(bool on)
{
    if (!mayShow() || m_finalIndex >= m_finals.size() || m_document->isReadOnly()) {
        return;
    }
    push(ReconcileEdits::setShouldDiscuss(m_document, m_finals[m_finalIndex], on));
    reload(); // a refused edit leaves the box as stored
}

void ReconciliationPanel::commitPendingComments()
{
    for (const Row &row : std::as_const(m_rows)) {
        if (row.commentTimer->isActive()) {
            row.commentTimer->stop();
            setFinalComment(row.id, row.finalComment->text().trimmed());
        }
    }
}

void ReconciliationPanel::addFinalFinding()
{
    if (!mayShow() || m_item == 0) {
        return;
    }
    commitPendingComments();
    m_finalIndex = int(m_finals.size());
    reload();
}

void ReconciliationPanel::removeFinalFinding()
{
    if (!mayShow() || m_finalIndex >= m_finals.size()) {
        return;
    }
    push(ReconcileEdits::remove(m_document, m_finals[m_finalIndex]));
}

void ReconciliationPanel::commitRationale()
{
    if (!mayShow() || m_finalIndex >= m_finals.size() || m_reloading) {
        return; // a rationale typed before the decision goes with it
    }
    push(ReconcileEdits::setRationale(m_document, m_finals[m_finalIndex], m_rationale->text().trimmed()));
}

QString ReconciliationPanel::acceptAllUnanimous()
{
    if (!mayShow()) {
        return tr("Only a reconciler accepts unanimous units.");
    }
    if (m_a == 0 || m_b == 0 || m_a == m_b) {
        return tr("Choose two different raters first.");
    }
    QString error;
    std::unique_ptr<AcceptUnanimousCommand> command =
        AcceptUnanimousCommand::create(m_document, m_a, m_b, m_document->currentRater(), &error);
    if (!command) {
        return tr("Nothing was accepted: %1").arg(error);
    }
    const UnanimousPlan plan = command->plan();
    const QLocale locale;
    QString report;
    if (plan.toAdd.isEmpty()) {
        report = tr("No unanimous unit of %1 and %2 is left to accept.").arg(raterLabel(m_a), raterLabel(m_b));
    } else if (!m_document->push(command.release(), &error)) {
        return tr("Nothing was accepted: %1").arg(error);
    } else {
        report = tr("Accepted %1 unanimous unit(s) of %2 and %3 as final findings (one step: Edit ▸ Undo takes them back).")
                     .arg(locale.toString(plan.toAdd.size()), raterLabel(m_a), raterLabel(m_b));
    }
    report += u"\n\n"_s
        + tr("Skipped %1 unit(s) already reconciled: a decision made earlier is never overwritten.")
              .arg(locale.toString(plan.alreadyReconciled));
    report += u"\n"_s
        + tr("Left for you: %1 disagreeing, %2 where a rater has several findings.")
              .arg(locale.toString(plan.disagreeing), locale.toString(plan.severalFindings));
    return report;
}

// --- access for tests -----------------------------------------------------------------

QLabel *ReconciliationPanel::marker(const QString &dimensionKey) const
{
    for (const Row &row : m_rows) {
        if (row.key == dimensionKey) {
            return row.marker;
        }
    }
    return nullptr;
}

QLabel *ReconciliationPanel::valueLabel(int side, const QString &dimensionKey) const
{
    for (const Row &row : m_rows) {
        if (row.key == dimensionKey) {
            return row.value[side == 0 ? 0 : 1];
        }
    }
    return nullptr;
}

QLineEdit *ReconciliationPanel::finalCommentEdit(const QString &dimensionKey) const
{
    for (const Row &row : m_rows) {
        if (row.key == dimensionKey) {
            return row.finalComment;
        }
    }
    return nullptr;
}

ValuePicker *ReconciliationPanel::picker(const QString &dimensionKey) const
{
    for (const Row &row : m_rows) {
        if (row.key == dimensionKey) {
            return row.picker;
        }
    }
    return nullptr;
}

} // namespace Concord
