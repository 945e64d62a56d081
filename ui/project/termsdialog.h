// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/highlightterms.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace Concord {

class ProjectDocument;

/// View ▸ Highlight Terms…: the words and patterns marked in diffs and reports and
/// counted in the item list. They belong to the project (every rater sees the same
/// marks); each Add or Remove is one undoable, durable edit (ProjectDocument::
/// setHighlightTerms). An invalid regular expression is refused with the reason and
/// changes nothing.
class HighlightTermsDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HighlightTermsDialog)
public:
    explicit HighlightTermsDialog(ProjectDocument *document, QWidget *parent = nullptr);
    ~HighlightTermsDialog() override;

    /// Adds the term typed in the field; false (the reason shown) when it is refused.
    bool addTerm();
    /// Removes the selected terms.
    bool removeSelected();
    QLineEdit *patternField() const { return m_pattern; }
    QCheckBox *regexBox() const { return m_regex; }
    QTreeWidget *list() const { return m_list; }
    QString errorText() const;

private:
    void showTerms(const QList<HighlightTerm> &terms);
    void showError(const QString &message);

    ProjectDocument *m_document;
    QTreeWidget *m_list;
    QLineEdit *m_pattern;
    QCheckBox *m_regex;
    QCheckBox *m_caseSensitive;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_error;
};

} // namespace Concord
