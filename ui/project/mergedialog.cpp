// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/mergedialog.h"

#include "document/mergecommand.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Untrusted text on one line: control characters (a newline in a crafted name could
// forge a line of the list) are shown as spaces.
QString oneLine(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator) {
            c = u' ';
        }
    }
    return out;
}

QString changeLine(const MergeReport::Change &c)
{
    return u"%1 %2 %3%4"_s.arg(c.action, -8)
        .arg(c.entity, -10)
        .arg(c.uuid.isNull() ? u"-"_s : c.uuid.toString(QUuid::WithoutBraces))
        .arg(c.detail.isEmpty() ? QString() : u"  "_s + oneLine(c.detail));
}

} // namespace

QString MergeDialog::planText(const MergeReport &plan)
{
    QStringList conflicts;
    QStringList changes;
    for (const MergeReport::Change &c : plan.changes) {
        if (c.entity == u"audit"_s) {
            continue;
        }
        (c.action == u"conflict"_s ? conflicts : changes) << changeLine(c);
    }
    QStringList lines;
    lines << tr("Conflicts and the rule that decides each (%1):").arg(conflicts.size());
    if (conflicts.isEmpty()) {
        lines << tr("  none");
    }
    for (const QString &line : std::as_const(conflicts)) {
        lines << u"  "_s + line;
    }
    lines << QString() << tr("Changes (%1):").arg(changes.size());
    for (const QString &line : std::as_const(changes)) {
        lines << u"  "_s + line;
    }
    return lines.join(u'\n');
}

MergeDialog::MergeDialog(const MergeReport &plan, const QString &projectName, const QString &otherPath, QWidget *parent)
    : QDialog(parent)
{
    const QString other = QFileInfo(otherPath).fileName();
    setWindowTitle(tr("Merge %1").arg(oneLine(other)));
    m_summary = plan.isNoOp()
        ? tr("Nothing to merge: %1 holds nothing that %2 lacks (%3).")
              .arg(oneLine(other), oneLine(projectName), mergeSummary(plan))
        : tr("Merging %1 into %2 would bring in: %3.")
              .arg(oneLine(QDir::toNativeSeparators(otherPath)), oneLine(projectName), mergeSummary(plan));
    auto *summary = new QLabel(m_summary, this);
    summary->setTextFormat(Qt::PlainText); // names come from the other file
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *note = new QLabel(tr("The project is copied to a .before-merge.bak file first; the merge is one step of "
                               "Edit ▸ Undo."),
                            this);
    note->setTextFormat(Qt::PlainText);
    note->setWordWrap(true);
    m_list = new QPlainTextEdit(this);
    m_list->setReadOnly(true);
    m_list->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->setPlainText(planText(plan));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_merge = buttons->addButton(tr("&Merge"), QDialogButtonBox::AcceptRole);
    m_merge->setEnabled(!plan.isNoOp());
    m_merge->setDefault(!plan.isNoOp());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(760, 480);
}

MergeDialog::~MergeDialog() = default;

QString MergeDialog::details() const
{
    return m_list->toPlainText();
}

} // namespace Concord
