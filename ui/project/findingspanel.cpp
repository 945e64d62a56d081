// SPDX-License-Identifier: GPL-3.0-or-later
#include "findingspanel.h"
#include "domain/tooltip.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(parent);
    // Names, descriptions and comments are typed by people: never rich text.
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString raterName(const QList<Rater> &raters, RaterId id)
{
    for (const Rater &r : raters) {
        if (r.id == id) {
            return r.initials.isEmpty() ? r.name : r.initials;
        }
    }
    return FindingsPanel::tr("Unknown rater");
}

QString raterFullName(const QList<Rater> &raters, RaterId id)
{
    for (const Rater &r : raters) {
        if (r.id == id) {
            return r.name;
        }
    }
    return {};
}

QString decisionName(ReconciledFinding::Decision d)
{
    switch (d) {
    case ReconciledFinding::Decision::Unanimous:
        return FindingsPanel::tr("unanimous");
    case ReconciledFinding::Decision::AdoptedOne:
        return FindingsPanel::tr("adopted one rater's answer");
    case ReconciledFinding::Decision::Combined:
        return FindingsPanel::tr("combined");
    case ReconciledFinding::Decision::New:
        return FindingsPanel::tr("new decision");
    }
    return {};
}

// One row of a dimension's section: who, what they chose (descriptions as tooltip),
// and their comment underneath.
void addRow(QFormLayout *form, const Codebook &codebook, const QString &who, const QString &whoTip,
            const QList<ValueId> &values, const QString &comment, QWidget *parent)
{
    QStringList names;
    QStringList tips;
    for (ValueId v : values) {
        const CodebookValue *value = codebook.value(v);
        if (!value) {
            names << FindingsPanel::tr("(missing value %1)").arg(v);
            continue;
        }
        QString name = value->name;
        if (value->mergedInto != 0) {
            if (const CodebookValue *into = codebook.value(codebook.resolve(v))) {
                name += FindingsPanel::tr(" (merged into %1)").arg(into->name);
            }
        } else if (value->deprecated) {
            name += FindingsPanel::tr(" (deprecated)");
        }
        names << name;
        tips << (value->description.isEmpty() ? value->name : value->name + u": "_s + value->description);
    }
    auto *box = new QWidget(parent);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(1);
    QLabel *valueLabel = plainLabel(names.isEmpty() ? FindingsPanel::tr("—") : names.join(u", "_s), box);
    valueLabel->setToolTip(plainToolTip(tips.join(u"\n\n"_s)));
    v->addWidget(valueLabel);
    if (!comment.trimmed().isEmpty()) {
        QLabel *commentLabel = plainLabel(comment.trimmed(), box);
        QFont f = commentLabel->font();
        f.setItalic(true);
        commentLabel->setFont(f);
        commentLabel->setForegroundRole(QPalette::PlaceholderText);
        v->addWidget(commentLabel);
    }
    QLabel *whoLabel = plainLabel(who, parent);
    whoLabel->setWordWrap(false);
    whoLabel->setToolTip(plainToolTip(whoTip));
    form->addRow(whoLabel, box);
}

} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QScrollArea(parent)
    , m_content(new QWidget(this))
    , m_layout(new QVBoxLayout(m_content))
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setWidget(m_content);
    m_layout->setContentsMargins(6, 6, 6, 6);
    clear();
}

FindingsPanel::~FindingsPanel() = default;

void FindingsPanel::clear()
{
    while (QLayoutItem *child = m_layout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    QLabel *none = plainLabel(tr("No item selected."), m_content);
    none->setAlignment(Qt::AlignCenter);
    m_layout->addWidget(none);
    m_layout->addStretch(1);
}

void FindingsPanel::setFindings(const Codebook &codebook, const QList<Rater> &raters, const QList<Finding> &findings,
                                const QList<ReconciledFinding> &reconciled)
{
    while (QLayoutItem *child = m_layout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    if (findings.isEmpty() && reconciled.isEmpty()) {
        QLabel *none = plainLabel(tr("No findings for this item yet."), m_content);
        none->setAlignment(Qt::AlignCenter);
        m_layout->addWidget(none);
        m_layout->addStretch(1);
        return;
    }
    // Several findings of one rater are told apart by their ordinal.
    QHash<RaterId, int> perRater;
    for (const Finding &f : findings) {
        perRater[f.rater]++;
    }
    auto who = [&](const Finding &f) {
        QString name = raterName(raters, f.rater);
        if (perRater.value(f.rater) > 1) {
            name += u" #"_s + QString::number(f.ordinal + 1);
        }
        return name;
    };
    for (const Dimension &dimension : codebook.dimensions) {
        auto *group = new QGroupBox(dimension.name.isEmpty() ? dimension.key : dimension.name, m_content);
        group->setToolTip(plainToolTip(dimension.description));
        auto *form = new QFormLayout(group);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        for (const Finding &f : findings) {
            addRow(form, codebook, who(f), raterFullName(raters, f.rater), f.valuesOf(dimension.id), f.comments.value(dimension.id), group);
        }
        for (const ReconciledFinding &r : reconciled) {
            QString name = tr("Final");
            if (reconciled.size() > 1) {
                name += u" #"_s + QString::number(r.ordinal + 1);
            }
            addRow(form, codebook, name, tr("Reconciled: %1").arg(decisionName(r.decision)), r.values.value(dimension.id),
                   r.comments.value(dimension.id), group);
        }
        m_layout->addWidget(group);
    }
    // Flags: should-discuss and unsure, only when someone set them.
    QStringList flags;
    for (const Finding &f : findings) {
        QStringList set;
        if (f.shouldDiscuss) {
            set << tr("should discuss");
        }
        if (f.unsure) {
            set << tr("unsure");
        }
        if (!set.isEmpty()) {
            flags << who(f) + u": "_s + set.join(u", "_s);
        }
    }
    for (const ReconciledFinding &r : reconciled) {
        if (r.shouldDiscuss) {
            flags << tr("Final: should discuss");
        }
    }
    if (!flags.isEmpty()) {
        auto *group = new QGroupBox(tr("Flags"), m_content);
        auto *v = new QVBoxLayout(group);
        v->addWidget(plainLabel(flags.join(u'\n'), group));
        m_layout->addWidget(group);
    }
    m_layout->addStretch(1);
}

} // namespace Concord
