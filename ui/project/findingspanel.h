// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QScrollArea>

class QVBoxLayout;

namespace Concord {

/// The findings of one item, one section per codebook dimension: what each rater (and
/// the reconciliation) chose, with the codebook's value descriptions as tooltips and the
/// rater's comment below. Read-only for now; the labeling form will take its place for
/// the current rater.
class FindingsPanel : public QScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingsPanel)
public:
    explicit FindingsPanel(QWidget *parent = nullptr);
    ~FindingsPanel() override;

    void setFindings(const Codebook &codebook, const QList<Rater> &raters, const QList<Finding> &findings,
                     const QList<ReconciledFinding> &reconciled);
    void clear();

private:
    QWidget *m_content;
    QVBoxLayout *m_layout;
};

} // namespace Concord
