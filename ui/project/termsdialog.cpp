// SPDX-License-Identifier: GPL-3.0-or-later
#include "termsdialog.h"

#include "document/projectdocument.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace Concord {

HighlightTermsDialog::HighlightTermsDialog(ProjectDocument *document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_list(new QTreeWidget(this))
    , m_pattern(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("&Regular expression"), this))
    , m_caseSensitive(new QCheckBox(tr("Match &case"), this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Highlight Terms"));
    auto *intro = new QLabel(tr("Words and patterns marked in diffs and bug reports and counted in the item "
                                "list's Terms column. They are saved in the project: every rater sees the same marks."),
                             this);
    intro->setWordWrap(true);

    m_list->setObjectName(u"termList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setHeaderLabels({tr("Term"), tr("Kind"), tr("Case")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    m_pattern->setObjectName(u"termPattern"_s);
    m_pattern->setPlaceholderText(tr("tf.function"));
    m_error->setObjectName(u"termError"_s);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText); // a pattern is data, never markup
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_error->setPalette(errorPalette);
    m_error->hide();

    auto *entry = new QHBoxLayout;
    entry->addWidget(m_pattern, 1);
    entry->addWidget(m_add);
    auto *options = new QHBoxLayout;
    options->addWidget(m_regex);
    options->addWidget(m_caseSensitive);
    options->addStretch(1);
    options->addWidget(m_remove);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(entry);
    layout->addLayout(options);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    m_add->setDefault(false);
    m_add->setAutoDefault(false);
    connect(m_add, &QPushButton::clicked, this, &HighlightTermsDialog::addTerm);
    connect(m_pattern, &QLineEdit::returnPressed, this, &HighlightTermsDialog::addTerm);
    connect(m_pattern, &QLineEdit::textChanged, this, [this] {
        m_error->hide();
    });
    connect(m_remove, &QPushButton::clicked, this, &HighlightTermsDialog::removeSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        m_remove->setEnabled(!m_document->isReadOnly() && !m_list->selectedItems().isEmpty());
    });
    // An undo or redo while the dialog is open shows here too.
    connect(m_document, &ProjectDocument::highlightTermsChanged, this, &HighlightTermsDialog::showTerms);

    const bool writable = !m_document->isReadOnly();
    m_pattern->setEnabled(writable);
    m_add->setEnabled(writable);
    m_remove->setEnabled(false);
    showTerms(m_document->highlightTerms());
    if (!m_document->highlightTermsError().isEmpty()) {
        showError(m_document->highlightTermsError());
    }
    resize(460, 380);
}

HighlightTermsDialog::~HighlightTermsDialog() = default;

QString HighlightTermsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void HighlightTermsDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void HighlightTermsDialog::showTerms(const QList<HighlightTerm> &terms)
{
    m_list->clear();
    for (const HighlightTerm &term : terms) {
        auto *row = new QTreeWidgetItem(m_list);
        row->setText(0, term.pattern);
        row->setText(1, term.regex ? tr("pattern") : tr("text"));
        row->setText(2, term.caseSensitive ? tr("exact") : tr("any"));
    }
    m_remove->setEnabled(false);
}

bool HighlightTermsDialog::addTerm()
{
    HighlightTerm term;
    term.pattern = m_pattern->text();
    term.regex = m_regex->isChecked();
    term.caseSensitive = m_caseSensitive->isChecked();
    QList<HighlightTerm> terms = m_document->highlightTerms();
    terms.append(term);
    QString error;
    if (!m_document->setHighlightTerms(terms, &error)) {
        showError(error.isEmpty() ? tr("The term was not added.") : error);
        return false;
    }
    showError({});
    m_pattern->clear();
    return true;
}

bool HighlightTermsDialog::removeSelected()
{
    QList<HighlightTerm> terms = m_document->highlightTerms();
    QList<int> rows;
    for (QTreeWidgetItem *item : m_list->selectedItems()) {
        rows.append(m_list->indexOfTopLevelItem(item));
    }
    if (rows.isEmpty()) {
        return false;
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : std::as_const(rows)) {
        if (row >= 0 && row < terms.size()) {
            terms.removeAt(row);
        }
    }
    QString error;
    if (!m_document->setHighlightTerms(terms, &error)) {
        showError(error);
        return false;
    }
    showError({});
    return true;
}

} // namespace Concord
