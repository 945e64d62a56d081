// SPDX-License-Identifier: GPL-3.0-or-later
#include "raterdialog.h"

#include "document/projectdocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Concord {

RaterDialog::RaterDialog(ProjectDocument *document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_initials(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Who Are You?"));
    auto *intro = new QLabel(tr("Labels are kept per rater, and while labeling you see only your own. "
                                "Choose yourself, or add yourself as a new rater."),
                             this);
    intro->setWordWrap(true);
    const QList<Rater> raters = document->project().raters();
    for (const Rater &r : raters) {
        QString text = r.initials.isEmpty() || r.initials == r.name ? r.name : u"%1 (%2)"_s.arg(r.name, r.initials);
        if (r.role == Rater::Role::Reconciler) {
            text += tr(" — reconciler");
        }
        auto *row = new QListWidgetItem(text, m_list);
        row->setData(Qt::UserRole, r.id);
        if (r.id == document->currentRater()) {
            m_list->setCurrentItem(row);
        }
    }
    m_list->setVisible(!raters.isEmpty());
    m_role->addItem(tr("Rater: labels items blind"), int(Rater::Role::Rater));
    m_role->addItem(tr("Reconciler: sees every rater's findings"), int(Rater::Role::Reconciler));
    m_name->setPlaceholderText(tr("Your name"));
    m_initials->setPlaceholderText(tr("e.g. AB"));
    m_initials->setMaxLength(8);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setVisible(false);

    auto *group = new QGroupBox(raters.isEmpty() ? tr("New rater") : tr("Or add a new rater"), this);
    auto *form = new QFormLayout(group);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Initials:"), m_initials);
    form->addRow(tr("&Role:"), m_role);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(group);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &RaterDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RaterDialog::reject);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        if (current) {
            m_name->clear();
        }
        updateOk();
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this, &RaterDialog::accept);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty()) {
            m_list->setCurrentItem(nullptr);
        }
        updateOk();
    });
    if (!m_list->currentItem() && m_list->count() > 0) {
        m_list->setCurrentRow(0);
    }
    (raters.isEmpty() ? static_cast<QWidget *>(m_name) : m_list)->setFocus();
    updateOk();
    resize(420, 380);
}

RaterDialog::~RaterDialog() = default;

void RaterDialog::updateOk()
{
    const bool ok = m_list->currentItem() || !m_name->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void RaterDialog::accept()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        if (QListWidgetItem *row = m_list->currentItem()) {
            m_rater = row->data(Qt::UserRole).toLongLong();
            QDialog::accept();
        }
        return;
    }
    if (const std::optional<Rater> existing = m_document->project().raterByName(name)) {
        m_rater = existing->id;
        QDialog::accept();
        return;
    }
    Rater r;
    r.name = name;
    r.initials = m_initials->text().trimmed();
    r.role = Rater::Role(m_role->currentData().toInt());
    QString error;
    const std::optional<RaterId> id = m_document->project().addRater(r, &error);
    if (!id) {
        m_error->setText(tr("Could not add %1: %2").arg(name, error));
        m_error->setVisible(true);
        return;
    }
    m_rater = *id;
    m_document->announceRatersChanged();
    QDialog::accept();
}

} // namespace Concord
