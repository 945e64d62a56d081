// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domain.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressDialog;
class QPushButton;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTreeView;

namespace Concord {

class AgreementDashboard;
class AgreementReportJob;
struct DashboardDimension;
class ProjectDocument;

/// The agreement dashboard, a non-modal window for a reconciler: per dimension every
/// coefficient the engine computes with its interval, observed and expected agreement
/// and the unit counts; the rater-pair matrix of one coefficient; the confusion matrix
/// of a chosen pair as a heat map whose cells list their units (double-click opens one
/// in the main window); agreement per round and value frequencies per rater as charts;
/// the decision statistics of the reconciled findings; filters for round, dataset, gate
/// and empty answers. It follows label changes as they are made (AgreementDashboard).
/// A plain rater sees why it is unavailable instead (blind labeling).
class AgreementDashboardWindow : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgreementDashboardWindow)
public:
    explicit AgreementDashboardWindow(ProjectDocument *document, QWidget *parent = nullptr);
    ~AgreementDashboardWindow() override;

    AgreementDashboard *dashboard() const { return m_dashboard; }

    // For tests and screenshots.
    QTreeView *coefficientView() const { return m_coefficientView; }
    QTableView *pairView() const { return m_pairView; }
    QTableView *confusionView() const { return m_confusionView; }
    QListWidget *unitList() const { return m_unitList; }
    QTableView *decisionView() const { return m_decisionView; }
    QComboBox *dimensionCombo() const { return m_dimension; }
    QComboBox *raterACombo() const { return m_raterA; }
    QComboBox *raterBCombo() const { return m_raterB; }
    QComboBox *roundCombo() const { return m_round; }
    QComboBox *datasetCombo() const { return m_dataset; }
    QCheckBox *gateCheck() const { return m_gate; }
    QCheckBox *emptyAsMissingCheck() const { return m_emptyAsMissing; }
    /// "Write Report…": the agreement report under the current filters (reconcilers only).
    QPushButton *reportButton() const { return m_reportButton; }
    QChartView *roundChart() const { return m_roundChart; }
    QChartView *frequencyChart() const { return m_frequencyChart; }
    QLabel *unavailableLabel() const { return m_unavailable; }
    QLabel *statusLabel() const { return m_status; }
    QTabWidget *tabs() const { return m_tabs; }
    /// True while the figures shown are those of the current filters and labels.
    bool isShowingFigures() const;

    /// Lists the units of the confusion cell at @p row, @p column of confusionView().
    void showCellUnits(int row, int column);

    /// Writes the agreement report under the current filters into @p directory on a
    /// worker thread (AgreementReportJob), with a progress dialog whose Cancel leaves
    /// nothing; asks before replacing a report there. What "Write Report…" does once a
    /// directory is chosen.
    void writeReportInto(const QString &directory);
    /// The report being written, or null.
    AgreementReportJob *reportJob() const;
    /// The progress dialog of the report being written, or null.
    QProgressDialog *reportProgress() const;

Q_SIGNALS:
    /// The user double-clicked a unit: show its item in the main window.
    void itemActivated(Concord::ItemId item);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createFilterBar();
    QWidget *createConfusionTab();
    QWidget *createPairTab();
    QWidget *createRoundTab();
    QWidget *createFrequencyTab();
    QWidget *createDecisionTab();
    void applyFilters();
    /// Asks for a directory and writes the agreement report under the current filters.
    void writeReport();
    void updateAvailability();
    void showFigures();
    void fillFilterChoices();
    void fillCoefficients();
    void fillDecisions();
    void selectDimension();
    void fillRaters();
    void fillPairs();
    void fillConfusion();
    void fillRoundChart();
    void fillFrequencyChart();
    const DashboardDimension *currentDimension() const;

    AgreementDashboard *m_dashboard;
    QStackedWidget *m_pages;
    QLabel *m_unavailable;
    QLabel *m_status;
    QComboBox *m_round;
    QComboBox *m_dataset;
    QCheckBox *m_gate;
    QCheckBox *m_emptyAsMissing;
    QPushButton *m_reportButton;
    QPointer<AgreementReportJob> m_reportJob;
    QPointer<QProgressDialog> m_reportProgress;
    QTreeView *m_coefficientView;
    QStandardItemModel *m_coefficients;
    QTableView *m_decisionView;
    QStandardItemModel *m_decisions;
    QLabel *m_decisionNote;
    QTabWidget *m_tabs;
    QComboBox *m_dimension;
    QComboBox *m_raterA;
    QComboBox *m_raterB;
    QTableView *m_confusionView;
    QStandardItemModel *m_confusion;
    QLabel *m_confusionNote;
    QLabel *m_cellTitle;
    QListWidget *m_unitList;
    QComboBox *m_pairCoefficient;
    QTableView *m_pairView;
    QStandardItemModel *m_pairs;
    QComboBox *m_roundCoefficient;
    QChartView *m_roundChart;
    QLabel *m_roundNote;
    QChartView *m_frequencyChart;
};

} // namespace Concord
