// SPDX-License-Identifier: GPL-3.0-or-later
#include "labelingpanel.h"
#include "domain/tooltip.h"

#include "document/itemlistmodel.h"
#include "document/projectdocument.h"
#include "document/undocommands.h"
#include "valuepicker.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QTabBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QLabel *plainLabel(QWidget *parent, const QString &text = {})
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // codebook text is typed by people: never HTML
    label->setText(text);
    label->setWordWrap(true);
    return label;
}

// Milliseconds of quiet after typing in a comment before it is written (and at once
// when the field loses focus): one transaction per burst, not per key.
constexpr int s_commentDelay = 400;

} // namespace

LabelingPanel::LabelingPanel(QWidget *parent)
    : QWidget(parent)
    , m_who(plainLabel(this))
    , m_chooseRater(new QPushButton(tr("Choose Who You Are…"), this))
    , m_form(new QWidget(this))
    , m_tabs(new QTabBar(m_form))
    , m_addFinding(new QToolButton(m_form))
    , m_removeFinding(new QToolButton(m_form))
    , m_status(plainLabel(m_form))
    , m_sectionsLayout(new QVBoxLayout)
    , m_shouldDiscuss(new QCheckBox(tr("Should &discuss"), m_form))
    , m_unsure(new QCheckBox(tr("Uns&ure"), m_form))
    , m_messages(plainLabel(m_form))
    , m_done(new QPushButton(tr("Done ✓  (Ctrl+Enter)"), m_form))
    , m_description(plainLabel(this))
{
    setObjectName(u"labelingPanel"_s);
    QFont bold = m_who->font();
    bold.setBold(true);
    m_who->setFont(bold);
    connect(m_chooseRater, &QPushButton::clicked, this, &LabelingPanel::chooseRaterRequested);

    m_tabs->setDocumentMode(true);
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    m_tabs->setFocusPolicy(Qt::NoFocus);
    m_addFinding->setText(u"+"_s);
    m_addFinding->setToolTip(tr("Add a finding: the change fixes another problem too"));
    m_removeFinding->setText(u"−"_s);
    m_removeFinding->setToolTip(tr("Remove this finding"));
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        if (!m_reloading && index >= 0) {
            m_index = index;
            reload();
        }
    });
    connect(m_addFinding, &QToolButton::clicked, this, &LabelingPanel::addFinding);
    connect(m_removeFinding, &QToolButton::clicked, this, &LabelingPanel::removeCurrentFinding);

    auto *findingRow = new QHBoxLayout;
    findingRow->setContentsMargins(0, 0, 0, 0);
    findingRow->addWidget(m_tabs, 1);
    findingRow->addWidget(m_addFinding);
    findingRow->addWidget(m_removeFinding);

    m_status->setObjectName(u"labelStatus"_s);
    m_messages->setObjectName(u"labelMessages"_s);
    m_messages->setVisible(false);
    QPalette warn = m_messages->palette();
    warn.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_messages->setPalette(warn);
    connect(m_shouldDiscuss, &QCheckBox::clicked, this, [this](bool on) {
        setFlags(on, m_unsure->isChecked());
    });
    connect(m_unsure, &QCheckBox::clicked, this, [this](bool on) {
        setFlags(m_shouldDiscuss->isChecked(), on);
    });
    m_done->setToolTip(tr("Mark this item done and go to the next one not done (Ctrl+Enter)"));
    m_done->setFocusPolicy(Qt::TabFocus);
    connect(m_done, &QPushButton::clicked, this, &LabelingPanel::doneRequested);

    auto *flags = new QHBoxLayout;
    flags->setContentsMargins(0, 0, 0, 0);
    flags->addWidget(m_shouldDiscuss);
    flags->addWidget(m_unsure);
    flags->addStretch(1);

    auto *doneRow = new QHBoxLayout;
    doneRow->setContentsMargins(0, 0, 0, 0);
    doneRow->addWidget(m_status, 1);
    doneRow->addWidget(m_done);

    auto *formLayout = new QVBoxLayout(m_form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->setSpacing(6);
    formLayout->addLayout(findingRow);
    formLayout->addLayout(m_sectionsLayout);
    formLayout->addLayout(flags);
    formLayout->addWidget(m_messages);
    formLayout->addLayout(doneRow);
    formLayout->addStretch(1);
    m_sectionsLayout->setSpacing(10);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_form->setMinimumWidth(180);

    m_description->setObjectName(u"valueDescription"_s);
    m_description->setFrameShape(QFrame::StyledPanel);
    m_description->setMargin(6);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_description->setMinimumHeight(60);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    m_description->setText(tr("The description of the value you pick or point at shows here."));
    // The field the rater is in shows what its current value means.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        for (const Section &s : std::as_const(m_sections)) {
            if (now && (now == s.picker || (s.gate && s.gate->buttons().contains(qobject_cast<QAbstractButton *>(now))))) {
                const QList<ValueId> chosen = s.picker ? s.picker->chosen() : QList<ValueId>{};
                if (!chosen.isEmpty()) {
                    showDescription(chosen.first());
                } else if (const Dimension *d = m_codebook.dimension(s.id)) {
                    m_description->setForegroundRole(QPalette::WindowText);
                    m_description->setText(d->description.isEmpty() ? d->name : d->name + u"\n"_s + d->description);
                }
                return;
            }
        }
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_who);
    layout->addWidget(m_chooseRater);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_description);
    setDocument(nullptr);
}

LabelingPanel::~LabelingPanel() = default;

void LabelingPanel::setDocument(ProjectDocument *document)
{
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    m_item = 0;
    m_findings.clear();
    m_index = 0;
    if (m_document) {
        connect(m_document, &ProjectDocument::findingChanged, this, [this](ItemId item, RaterId rater, const QUuid &) {
            if (item == m_item && rater == m_document->currentRater()) {
                reload();
            }
        });
        connect(m_document, &ProjectDocument::labelStatusChanged, this, [this](ItemId item, RaterId rater) {
            if (item == m_item && rater == m_document->currentRater()) {
                m_status->setText(ItemListModel::statusName(m_document->project().labelStatus(m_item, rater)));
            }
        });
        connect(m_document, &ProjectDocument::codebookChanged, this, [this] {
            rebuild();
            reload();
        });
        connect(m_document, &ProjectDocument::currentRaterChanged, this, [this] {
            m_index = 0;
            reloadUsage();
            reload();
        });
    }
    rebuild();
    reloadUsage();
    reload();
}

void LabelingPanel::showItem(ItemId item)
{
    if (item != m_item) {
        m_index = 0;
        m_messages->clear();
        m_messages->setVisible(false);
    }
    m_item = item;
    reload();
}

void LabelingPanel::setCurrentFindingIndex(int index)
{
    m_index = std::clamp(index, 0, std::max(0, int(m_findings.size()) - 1));
    reload();
}

void LabelingPanel::rebuild()
{
    for (const Section &s : std::as_const(m_sections)) {
        delete s.box;
    }
    m_sections.clear();
    m_codebook = m_document ? m_document->project().codebook() : Codebook();
    QWidget *previous = nullptr;
    for (const Dimension &dim : std::as_const(m_codebook.dimensions)) {
        Section s;
        s.id = dim.id;
        s.key = dim.key;
        s.kind = dim.kind;
        s.box = new QWidget(m_form);
        auto *box = new QVBoxLayout(s.box);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(3);
        s.title = plainLabel(s.box, dim.rules.required || dim.kind == Dimension::Kind::Gate ? dim.name + u" *"_s : dim.name);
        QFont f = s.title->font();
        f.setBold(true);
        s.title->setFont(f);
        s.title->setToolTip(plainToolTip(dim.description));
        box->addWidget(s.title);
        const DimensionId id = dim.id;
        if (dim.kind == Dimension::Kind::Gate) {
            s.gate = new QButtonGroup(s.box);
            s.gate->setExclusive(false); // clicking the chosen value again clears it
            auto *row = new QHBoxLayout;
            row->setContentsMargins(0, 0, 0, 0);
            const QList<CodebookValue> values = m_codebook.valuesOf(dim.id, false);
            for (int i = 0; i < values.size(); ++i) {
                QString text = values[i].name;
                text.replace(u'&', u"&&"_s);
                auto *button = new QPushButton(i < 9 ? u"%1   (%2)"_s.arg(text).arg(i + 1) : text, s.box);
                button->setCheckable(true);
                // The answer must be readable at a glance, in light and dark alike.
                button->setStyleSheet(u"QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
                                      " font-weight: bold; }"_s);
                button->setToolTip(plainToolTip(values[i].description));
                button->setProperty("valueId", values[i].id);
                button->setProperty("valueName", values[i].name);
                button->installEventFilter(this);
                s.gate->addButton(button);
                row->addWidget(button);
                if (previous) {
                    setTabOrder(previous, button);
                }
                previous = button;
            }
            row->addStretch(1);
            box->addLayout(row);
            connect(s.gate, &QButtonGroup::buttonClicked, this, [this, id](QAbstractButton *button) {
                const ValueId value = button->property("valueId").toLongLong();
                pickValue(id, value);
            });
        } else {
            s.picker = new ValuePicker(s.box);
            s.picker->setObjectName(u"picker_"_s + dim.key);
            s.picker->setValues(m_codebook, dim.id, dim.rules.allowNewValues);
            box->addWidget(s.picker);
            s.hint = plainLabel(s.box);
            QFont small = s.hint->font();
            small.setPointSizeF(small.pointSizeF() * 0.85);
            s.hint->setFont(small);
            s.hint->setForegroundRole(QPalette::PlaceholderText);
            box->addWidget(s.hint);
            connect(s.picker, &ValuePicker::valuePicked, this, [this, id](ValueId value) {
                pickValue(id, value);
            });
            connect(s.picker, &ValuePicker::clearRequested, this, [this, id] {
                setValues(id, {});
            });
            connect(s.picker, &ValuePicker::newValueRequested, this, [this, id](const QString &name) {
                Q_EMIT newValueRequested(id, name);
            });
            connect(s.picker, &ValuePicker::valueHighlighted, this, &LabelingPanel::showDescription);
            if (previous) {
                setTabOrder(previous, s.picker);
            }
            previous = s.picker;
        }
        s.comment = new QLineEdit(s.box);
        s.comment->setObjectName(u"comment_"_s + dim.key);
        s.comment->setPlaceholderText(tr("Comment on %1").arg(dim.name.toLower()));
        s.comment->setClearButtonEnabled(true);
        s.commentTimer = new QTimer(s.box);
        s.commentTimer->setSingleShot(true);
        s.commentTimer->setInterval(s_commentDelay);
        box->addWidget(s.comment);
        setTabOrder(previous, s.comment);
        previous = s.comment;
        m_sectionsLayout->addWidget(s.box);
        m_sections.append(s);
        // Connections look the section up again: m_sections may grow and move.
        const Section &stored = m_sections.constLast();
        connect(stored.comment, &QLineEdit::textEdited, stored.commentTimer, qOverload<>(&QTimer::start));
        connect(stored.commentTimer, &QTimer::timeout, this, [this, id] {
            if (const Section *sec = section(id)) {
                commitComment(*sec);
            }
        });
        connect(stored.comment, &QLineEdit::editingFinished, this, [this, id] {
            if (const Section *sec = section(id); sec && sec->commentTimer->isActive()) {
                sec->commentTimer->stop();
                commitComment(*sec);
            }
        });
    }
    if (previous) {
        setTabOrder(previous, m_shouldDiscuss);
        setTabOrder(m_shouldDiscuss, m_unsure);
        setTabOrder(m_unsure, m_done);
    }
    updateFrequent();
}

const LabelingPanel::Section *LabelingPanel::section(DimensionId id) const
{
    for (const Section &s : m_sections) {
        if (s.id == id) {
            return &s;
        }
    }
    return nullptr;
}

void LabelingPanel::reloadUsage()
{
    m_usage.clear();
    if (m_document && m_document->currentRater() != 0) {
        const QList<Finding> mine = m_document->project().findingsForRater(m_document->currentRater());
        for (const Finding &f : mine) {
            for (const QList<ValueId> &values : f.values) {
                for (ValueId v : values) {
                    ++m_usage[m_codebook.resolve(v)];
                }
            }
        }
    }
    updateFrequent();
}

void LabelingPanel::updateFrequent()
{
    for (const Section &s : std::as_const(m_sections)) {
        if (!s.picker) {
            continue;
        }
        QList<CodebookValue> values = m_codebook.valuesOf(s.id, false);
        // Most used first; unused values keep the codebook's order after them.
        std::stable_sort(values.begin(), values.end(), [this](const CodebookValue &a, const CodebookValue &b) {
            return m_usage.value(a.id) > m_usage.value(b.id);
        });
        QList<ValueId> frequent;
        for (const CodebookValue &v : std::as_const(values)) {
            frequent.append(v.id);
        }
        s.picker->setFrequent(frequent);
        s.hint->setText(s.picker->frequentHint());
        s.hint->setVisible(!s.hint->text().isEmpty());
    }
}

void LabelingPanel::reload()
{
    const bool haveRater = m_document && m_document->currentRater() != 0;
    const std::optional<Rater> rater = haveRater ? m_document->currentRaterRecord() : std::nullopt;
    if (!m_document) {
        m_who->setText(tr("No project open"));
    } else if (!rater) {
        m_who->setText(tr("Labels are kept per rater: choose who you are to start labeling."));
    } else {
        m_who->setText(rater->role == Rater::Role::Reconciler ? tr("Labeling as %1 (reconciler)").arg(rater->name)
                                                              : tr("Labeling as %1").arg(rater->name));
    }
    m_chooseRater->setVisible(m_document && !rater);
    m_form->setVisible(rater && m_item != 0);
    m_findings.clear();
    if (!rater || m_item == 0) {
        return;
    }
    const QList<Finding> all = m_document->project().findingsForItem(m_item);
    for (const Finding &f : all) {
        if (f.rater == rater->id) {
            m_findings.append(f);
        }
    }
    std::sort(m_findings.begin(), m_findings.end(), [](const Finding &a, const Finding &b) {
        return a.ordinal < b.ordinal;
    });
    m_index = std::clamp(m_index, 0, std::max(0, int(m_findings.size()) - 1));
    const QScopedValueRollback<bool> guard(m_reloading, true);
    updateTabs();
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    for (const Section &s : std::as_const(m_sections)) {
        const QList<ValueId> chosen = f.values.value(s.id);
        if (s.gate) {
            const QList<QAbstractButton *> buttons = s.gate->buttons();
            for (QAbstractButton *b : buttons) {
                b->setChecked(chosen.contains(b->property("valueId").toLongLong()));
            }
        } else {
            s.picker->setChosen(chosen);
        }
        const QString comment = f.comments.value(s.id);
        if (s.comment->text() != comment && !s.commentTimer->isActive()) {
            s.comment->setText(comment);
        }
    }
    m_shouldDiscuss->setChecked(f.shouldDiscuss);
    m_unsure->setChecked(f.unsure);
    m_status->setText(ItemListModel::statusName(m_document->project().labelStatus(m_item, rater->id)));
    const bool writable = !m_document->isReadOnly();
    m_form->setEnabled(writable);
    updateEnabled();
}

void LabelingPanel::updateTabs()
{
    const int tabs = std::max(1, int(m_findings.size()));
    while (m_tabs->count() > tabs) {
        m_tabs->removeTab(m_tabs->count() - 1);
    }
    while (m_tabs->count() < tabs) {
        m_tabs->addTab(QString());
    }
    for (int i = 0; i < tabs; ++i) {
        m_tabs->setTabText(i, tr("Finding %1").arg(i + 1));
    }
    m_tabs->setCurrentIndex(m_index);
    m_removeFinding->setEnabled(!m_findings.isEmpty());
}

void LabelingPanel::updateEnabled()
{
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    for (const Section &s : std::as_const(m_sections)) {
        const Dimension *dim = m_codebook.dimension(s.id);
        bool open = true;
        if (dim && !dim->rules.gateKey.isEmpty()) {
            if (const Dimension *gate = m_codebook.dimensionByKey(dim->rules.gateKey)) {
                const QList<ValueId> gateValues = f.values.value(gate->id);
                // Open until the gate says otherwise: an unanswered gate leaves them usable.
                open = gateValues.isEmpty();
                for (ValueId v : gateValues) {
                    const CodebookValue *value = m_codebook.value(m_codebook.resolve(v));
                    open = open || (value && dim->rules.gateOpenValues.contains(value->uuid));
                }
            }
        }
        s.box->setEnabled(open);
    }
}

Finding LabelingPanel::currentOrNew(bool *exists) const
{
    if (m_index < m_findings.size()) {
        *exists = true;
        return m_findings[m_index];
    }
    *exists = false;
    Finding f;
    f.item = m_item;
    f.rater = m_document ? m_document->currentRater() : 0;
    f.ordinal = int(m_findings.size());
    return f;
}

void LabelingPanel::push(QUndoCommand *command)
{
    if (command && m_document) {
        m_messages->setVisible(false);
        m_document->push(command);
    }
}

void LabelingPanel::setValues(DimensionId dimension, const QList<ValueId> &values)
{
    if (!m_document || m_item == 0 || m_document->currentRater() == 0) {
        return;
    }
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    push(FindingEdits::setValues(m_document, f, exists, dimension, values));
}

void LabelingPanel::pickValue(DimensionId dimension, ValueId value)
{
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    QList<ValueId> values = f.values.value(dimension);
    const Section *s = section(dimension);
    if (s && s->kind == Dimension::Kind::MultipleChoice) {
        // Picking a chosen value again takes it out; otherwise it joins the others.
        if (values.contains(value)) {
            values.removeAll(value);
        } else {
            values.append(value);
        }
    } else if (s && s->gate && values == QList<ValueId>{value}) {
        values.clear(); // clicking the chosen gate value again clears the gate
    } else {
        values = {value};
    }
    if (!values.isEmpty()) {
        ++m_usage[value];
    }
    setValues(dimension, values);
    focusSectionAfter(dimension);
}

void LabelingPanel::chooseValue(DimensionId dimension, ValueId value)
{
    // The codebook may have just grown: pickers offer the new value first.
    if (!m_codebook.value(value)) {
        rebuild();
        reload();
    }
    pickValue(dimension, value);
}

void LabelingPanel::focusSectionAfter(DimensionId dimension)
{
    bool after = false;
    for (const Section &s : std::as_const(m_sections)) {
        if (after && s.box->isEnabled()) {
            if (s.picker) {
                s.picker->setFocus(Qt::TabFocusReason);
                s.picker->selectAll();
            } else if (!s.gate->buttons().isEmpty()) {
                s.gate->buttons().first()->setFocus(Qt::TabFocusReason);
            }
            return;
        }
        after = after || s.id == dimension;
    }
    m_done->setFocus(Qt::TabFocusReason);
}

void LabelingPanel::commitComment(const Section &section)
{
    if (!m_document || m_item == 0 || m_document->currentRater() == 0) {
        return;
    }
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    push(FindingEdits::setComment(m_document, f, exists, section.id, section.comment->text()));
}

void LabelingPanel::setFlags(bool shouldDiscuss, bool unsure)
{
    if (!m_document || m_item == 0 || m_document->currentRater() == 0) {
        return;
    }
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    push(FindingEdits::setFlags(m_document, f, exists, shouldDiscuss, unsure));
}

void LabelingPanel::addFinding()
{
    if (!m_document || m_item == 0 || m_document->currentRater() == 0) {
        return;
    }
    int ordinal = 0;
    for (const Finding &f : std::as_const(m_findings)) {
        ordinal = std::max(ordinal, f.ordinal + 1);
    }
    // The form's first finding may not exist yet: make it first, so "+" always adds.
    if (m_findings.isEmpty()) {
        m_document->undoStack()->beginMacro(tr("Add finding 2"));
        push(FindingEdits::addFinding(m_document, m_item, m_document->currentRater(), 0));
        push(FindingEdits::addFinding(m_document, m_item, m_document->currentRater(), 1));
        m_document->undoStack()->endMacro();
    } else {
        push(FindingEdits::addFinding(m_document, m_item, m_document->currentRater(), ordinal));
    }
    m_index = int(m_findings.size()) - 1;
    reload();
    focusFirstField();
}

void LabelingPanel::removeCurrentFinding()
{
    bool exists = false;
    const Finding f = currentOrNew(&exists);
    if (exists) {
        push(FindingEdits::removeFinding(m_document, f));
    }
}

QStringList LabelingPanel::checkDone()
{
    QStringList problems;
    if (!m_document || m_item == 0 || m_document->currentRater() == 0) {
        return problems;
    }
    problems = m_codebook.validateDone(m_findings);
    m_messages->setText(problems.join(u'\n'));
    m_messages->setVisible(!problems.isEmpty());
    return problems;
}

void LabelingPanel::focusFirstField()
{
    for (const Section &s : std::as_const(m_sections)) {
        if (!s.box->isEnabled()) {
            continue;
        }
        if (s.gate) {
            QAbstractButton *target = s.gate->checkedButton();
            if (!target && !s.gate->buttons().isEmpty()) {
                target = s.gate->buttons().first();
            }
            if (target) {
                target->setFocus(Qt::TabFocusReason);
                return;
            }
        } else {
            s.picker->setFocus(Qt::TabFocusReason);
            s.picker->selectAll();
            return;
        }
    }
}

bool LabelingPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Gate buttons answer to 1, 2, ... and to their value's first letter.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            for (const Section &s : std::as_const(m_sections)) {
                if (!s.gate || !s.gate->buttons().contains(qobject_cast<QAbstractButton *>(watched))) {
                    continue;
                }
                const QList<QAbstractButton *> buttons = s.gate->buttons();
                const QString typed = key->text().toLower();
                for (int i = 0; i < buttons.size() && !typed.isEmpty(); ++i) {
                    const QString name = buttons[i]->property("valueName").toString().toLower();
                    if (typed == QString::number(i + 1) || (typed.at(0).isLetter() && name.startsWith(typed))) {
                        pickValue(s.id, buttons[i]->property("valueId").toLongLong());
                        return true;
                    }
                }
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}


void LabelingPanel::showDescription(ValueId value)
{
    const CodebookValue *v = m_codebook.value(value);
    if (!v) {
        m_description->clear();
        return;
    }
    m_description->setForegroundRole(QPalette::WindowText);
    m_description->setText(v->description.isEmpty() ? QString(v->name + tr(" — no description yet"))
                                                    : QString(v->name + u"\n"_s + v->description));
}

ValuePicker *LabelingPanel::picker(const QString &dimensionKey) const
{
    for (const Section &s : m_sections) {
        if (s.key == dimensionKey) {
            return s.picker;
        }
    }
    return nullptr;
}

QAbstractButton *LabelingPanel::gateButton(const QString &valueName) const
{
    for (const Section &s : m_sections) {
        if (!s.gate) {
            continue;
        }
        const QList<QAbstractButton *> buttons = s.gate->buttons();
        for (QAbstractButton *b : buttons) {
            if (b->property("valueName").toString() == valueName) {
                return b;
            }
        }
    }
    return nullptr;
}

QLineEdit *LabelingPanel::commentEdit(const QString &dimensionKey) const
{
    for (const Section &s : m_sections) {
        if (s.key == dimensionKey) {
            return s.comment;
        }
    }
    return nullptr;
}

} // namespace Concord
