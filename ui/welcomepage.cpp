// SPDX-License-Identifier: GPL-3.0-or-later
#include "welcomepage.h"
#include "domain/tooltip.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Concord {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_recent(new QListWidget(this))
    , m_recentTitle(new QLabel(tr("Recent projects"), this))
{
    auto *title = new QLabel(tr("Concord"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 2.2);
    f.setBold(true);
    title->setFont(f);
    auto *subtitle = new QLabel(tr("Label patches and bug reports in pairs, measure agreement, reconcile, export."), this);
    subtitle->setWordWrap(true);
    subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->setMargin(8);
    m_message->hide();
    QFont bold = m_recentTitle->font();
    bold.setBold(true);
    m_recentTitle->setFont(bold);

    auto *open = new QPushButton(tr("Open Project…"), this);
    open->setDefault(true);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT openRecentRequested(item->data(Qt::UserRole).toString());
    });

    auto *column = new QWidget(this);
    column->setMaximumWidth(640);
    auto *v = new QVBoxLayout(column);
    v->addSpacing(48);
    v->addWidget(title);
    v->addWidget(subtitle);
    v->addSpacing(16);
    v->addWidget(m_message);
    v->addWidget(open, 0, Qt::AlignLeft);
    v->addSpacing(16);
    v->addWidget(m_recentTitle);
    v->addWidget(m_recent, 1);
    // Takes the spare height while the recent list is hidden, so the labels above keep
    // their natural size instead of being spread down the page.
    v->addStretch(0);

    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(column, 3);
    outer->addStretch(1);
    setRecentProjects({});
}

WelcomePage::~WelcomePage() = default;

void WelcomePage::setRecentProjects(const QStringList &paths)
{
    m_recent->clear();
    for (const QString &path : paths) {
        const QFileInfo info(path);
        auto *item = new QListWidgetItem(info.fileName() + QStringLiteral("\n") + QDir::toNativeSeparators(info.absolutePath()), m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(plainToolTip(QDir::toNativeSeparators(path)));
    }
    m_recent->setVisible(!paths.isEmpty());
    m_recentTitle->setVisible(!paths.isEmpty());
}

void WelcomePage::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

QString WelcomePage::message() const
{
    return m_message->text();
}

} // namespace Concord
