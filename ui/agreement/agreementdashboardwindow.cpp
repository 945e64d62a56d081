// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreementdashboardwindow.h"

#include "document/agreementdashboard.h"
#include "document/agreementreportjob.h"
#include "document/projectdocument.h"
#include "domain/tooltip.h"
#include "report/htmlreport.h"
#include "store/project.h"

#include <QBarCategoryAxis>
#include <QHorizontalBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTreeView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Item data of the heat-map cells.
constexpr int HeatRole = Qt::UserRole + 1;     ///< 0..1: how strongly the cell is coloured; absent: not coloured
constexpr int DiagonalRole = Qt::UserRole + 2; ///< true: agreement (diagonal) colour, else disagreement colour
constexpr int RowCategoryRole = Qt::UserRole + 3;
constexpr int ColumnCategoryRole = Qt::UserRole + 4;
constexpr int ItemRole = Qt::UserRole + 5;

/// Shows @p chart in @p view and deletes the chart it replaces (the view gives it back).
void setChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

QString number(double v)
{
    return QString::number(v, 'f', 4);
}

/// Chart labels are drawn as rich text: data (category and rater names) escaped.
QString chartText(const QString &s)
{
    return s.toHtmlEscaped();
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

/// Paints a cell's background by its HeatRole value: the agreement colour on the
/// diagonal, the disagreement colour elsewhere, blended into the base colour.
class HeatDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QVariant heat = index.data(HeatRole);
        if (heat.isValid()) {
            const double h = std::clamp(heat.toDouble(), 0.0, 1.0);
            const QColor base = opt.palette.color(QPalette::Base);
            const QColor tint = index.data(DiagonalRole).toBool() ? QColor(40, 120, 220) : QColor(225, 95, 35);
            const double a = h == 0 ? 0.0 : 0.12 + 0.78 * h;
            const QColor fill = QColor::fromRgbF(float(base.redF() * (1 - a) + tint.redF() * a),
                                                 float(base.greenF() * (1 - a) + tint.greenF() * a),
                                                 float(base.blueF() * (1 - a) + tint.blueF() * a));
            opt.backgroundBrush = fill;
            opt.palette.setColor(QPalette::Text, fill.lightness() < 140 ? Qt::white : Qt::black);
        }
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : nullptr;
        if (style) {
            style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        } else {
            QStyledItemDelegate::paint(painter, option, index);
        }
    }
};

QStandardItem *cell(const QString &s, const QString &tip = {})
{
    auto *item = new QStandardItem(s);
    item->setEditable(false);
    if (!tip.isEmpty()) {
        item->setToolTip(plainToolTip(tip));
    }
    return item;
}

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? u"%1 (%2%)"_s.arg(part).arg(100.0 * double(part) / double(whole), 0, 'f', 1)
                     : u"%1 (undefined: 0/0)"_s.arg(part);
}

/// One row of the coefficient table: name, value ("undefined" with the reason as tooltip),
/// interval, SE, observed, expected, n.
QList<QStandardItem *> coefficientRow(const QString &name, const Coefficient &k, bool chanceCorrected, const QString &tip)
{
    QList<QStandardItem *> row;
    row << cell(name, tip);
    row << cell(formatCoefficientValue(k.value), k.value ? tip : k.undefinedReason);
    row << cell(k.value && k.ci95 ? u"[%1, %2]"_s.arg(number(k.ci95->first), number(k.ci95->second)) : u"–"_s);
    row << cell(k.value && k.se ? number(*k.se) : u"–"_s);
    const QString disagreement =
        k.disagreement ? QCoreApplication::translate("Concord::AgreementDashboardWindow", "Disagreements: value = 1 − observed / expected")
                       : QString();
    row << cell(k.value ? number(k.observed) : u"–"_s, disagreement);
    row << cell(k.value && chanceCorrected ? number(k.expected) : u"–"_s, disagreement);
    row << cell(QString::number(k.n));
    for (int i = 1; i < row.size(); ++i) {
        row[i]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    return row;
}

QList<NamedCoefficient> coefficientsOf(const DashboardFigures &figures, const QString &dimension, int round)
{
    for (const RoundFigures &r : figures.byRound) {
        if (r.round == round) {
            return r.coefficients.value(dimension);
        }
    }
    return {};
}

} // namespace

AgreementDashboardWindow::AgreementDashboardWindow(ProjectDocument *document, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_dashboard(new AgreementDashboard(document, this))
{
    setWindowTitle(tr("Agreement Dashboard — %1").arg(document ? document->displayName() : QString()));
    setObjectName(u"agreementDashboard"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createFilterBar());
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages, 1);

    // Page 0: why there is nothing to see.
    m_unavailable = new QLabel(this);
    m_unavailable->setTextFormat(Qt::PlainText);
    m_unavailable->setWordWrap(true);
    m_unavailable->setAlignment(Qt::AlignCenter);
    m_unavailable->setMargin(40);
    m_pages->addWidget(m_unavailable);

    // Page 1: the figures.
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_coefficients = new QStandardItemModel(this);
    m_coefficientView = new QTreeView(split);
    m_coefficientView->setModel(m_coefficients);
    m_coefficientView->setRootIsDecorated(true);
    m_coefficientView->setUniformRowHeights(true);
    m_coefficientView->setAlternatingRowColors(true);
    m_coefficientView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_coefficientView->header()->setStretchLastSection(false);

    auto *right = new QWidget(split);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *dimensionRow = new QHBoxLayout;
    auto *dimensionLabel = new QLabel(tr("&Dimension:"), right);
    m_dimension = new QComboBox(right);
    m_dimension->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    dimensionLabel->setBuddy(m_dimension);
    dimensionRow->addWidget(dimensionLabel);
    dimensionRow->addWidget(m_dimension);
    dimensionRow->addStretch(1);
    rightLayout->addLayout(dimensionRow);
    m_tabs = new QTabWidget(right);
    m_tabs->addTab(createConfusionTab(), tr("&Confusion Matrix"));
    m_tabs->addTab(createPairTab(), tr("Rater &Pairs"));
    m_tabs->addTab(createRoundTab(), tr("By &Round"));
    m_tabs->addTab(createFrequencyTab(), tr("Value &Frequencies"));
    m_tabs->addTab(createDecisionTab(), tr("D&ecisions"));
    rightLayout->addWidget(m_tabs, 1);
    split->addWidget(m_coefficientView);
    split->addWidget(right);
    split->setStretchFactor(0, 0); // a wider window widens the matrices and charts
    split->setStretchFactor(1, 1);
    split->setSizes({550, 730}); // the table's columns fit at 1280 wide
    m_pages->addWidget(split);

    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    connect(m_dimension, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::selectDimension);
    connect(m_coefficientView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        QModelIndex top = index.siblingAtColumn(0);
        while (top.parent().isValid()) {
            top = top.parent();
        }
        const int at = m_dimension->findData(top.data(Qt::UserRole));
        if (top.isValid() && at >= 0) {
            m_dimension->setCurrentIndex(at);
        }
    });
    connect(m_dashboard, &AgreementDashboard::figuresChanged, this, &AgreementDashboardWindow::showFigures);
    connect(m_dashboard, &AgreementDashboard::availabilityChanged, this, &AgreementDashboardWindow::updateAvailability);
    connect(m_dashboard, &AgreementDashboard::computingChanged, this, [this](bool computing) {
        if (computing) {
            m_status->setText(tr("Computing…"));
        }
    });

    resize(1280, 800);
    updateAvailability();
    m_dashboard->refresh();
}

AgreementDashboardWindow::~AgreementDashboardWindow() = default;

QWidget *AgreementDashboardWindow::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    auto *roundLabel = new QLabel(tr("R&ound:"), bar);
    m_round = new QComboBox(bar);
    m_round->addItem(tr("All rounds"));
    roundLabel->setBuddy(m_round);
    auto *datasetLabel = new QLabel(tr("D&ataset:"), bar);
    m_dataset = new QComboBox(bar);
    m_dataset->addItem(tr("All datasets"));
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    datasetLabel->setBuddy(m_dataset);
    m_gate = new QCheckBox(tr("&Gate passed only"), bar);
    m_gate->setToolTip(tr("Only units where every rater passed the dimension's gate (e.g. both said it fixes a problem)"));
    m_emptyAsMissing = new QCheckBox(tr("&Empty answer as missing"), bar);
    m_emptyAsMissing->setToolTip(tr("An empty answer is a missing rating instead of the value \"none\""));
    row->addWidget(roundLabel);
    row->addWidget(m_round);
    row->addSpacing(12);
    row->addWidget(datasetLabel);
    row->addWidget(m_dataset);
    row->addSpacing(12);
    row->addWidget(m_gate);
    row->addWidget(m_emptyAsMissing);
    row->addStretch(1);
    m_reportButton = new QPushButton(QIcon::fromTheme(u"document-export"_s), tr("Write &Report…"), bar);
    m_reportButton->setToolTip(tr("Write the agreement report under these filters: one self-contained HTML page, the "
                                  "ratings as CSV and Python and R scripts that recompute the headline figures"));
    row->addWidget(m_reportButton);
    connect(m_reportButton, &QPushButton::clicked, this, &AgreementDashboardWindow::writeReport);
    connect(m_round, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::applyFilters);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::applyFilters);
    connect(m_gate, &QCheckBox::toggled, this, &AgreementDashboardWindow::applyFilters);
    connect(m_emptyAsMissing, &QCheckBox::toggled, this, &AgreementDashboardWindow::applyFilters);
    return bar;
}

QWidget *AgreementDashboardWindow::createConfusionTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *pairRow = new QHBoxLayout;
    auto *rowsLabel = new QLabel(tr("Ro&ws:"), page);
    m_raterA = new QComboBox(page);
    rowsLabel->setBuddy(m_raterA);
    auto *columnsLabel = new QLabel(tr("Co&lumns:"), page);
    m_raterB = new QComboBox(page);
    columnsLabel->setBuddy(m_raterB);
    pairRow->addWidget(rowsLabel);
    pairRow->addWidget(m_raterA);
    pairRow->addSpacing(12);
    pairRow->addWidget(columnsLabel);
    pairRow->addWidget(m_raterB);
    pairRow->addStretch(1);
    layout->addLayout(pairRow);

    auto *split = new QSplitter(Qt::Vertical, page);
    m_confusion = new QStandardItemModel(this);
    m_confusionView = new QTableView(split);
    m_confusionView->setModel(m_confusion);
    m_confusionView->setItemDelegate(new HeatDelegate(m_confusionView));
    m_confusionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_confusionView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_confusionView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_confusionView->horizontalHeader()->setMinimumSectionSize(40);
    m_confusionView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *units = new QWidget(split);
    auto *unitsLayout = new QVBoxLayout(units);
    unitsLayout->setContentsMargins(0, 0, 0, 0);
    m_confusionNote = new QLabel(units);
    m_confusionNote->setTextFormat(Qt::PlainText);
    m_confusionNote->setWordWrap(true);
    unitsLayout->addWidget(m_confusionNote);
    m_cellTitle = new QLabel(tr("Click a cell to list its units; double-click a unit to open its item."), units);
    m_cellTitle->setTextFormat(Qt::PlainText);
    m_cellTitle->setWordWrap(true);
    unitsLayout->addWidget(m_cellTitle);
    m_unitList = new QListWidget(units);
    m_unitList->setUniformItemSizes(true);
    unitsLayout->addWidget(m_unitList, 1);
    split->addWidget(m_confusionView);
    split->addWidget(units);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({450, 150}); // the matrix first; the list needs a few lines
    layout->addWidget(split, 1);

    connect(m_raterA, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::fillConfusion);
    connect(m_raterB, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::fillConfusion);
    // The current cell's units, whether it was clicked or reached with the arrow keys.
    connect(m_confusionView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (index.isValid()) {
            showCellUnits(index.row(), index.column());
        }
    });
    // Double-click or Enter (the platform's activation) opens the item.
    connect(m_unitList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const ItemId id = item->data(ItemRole).toLongLong();
        if (id != 0) {
            Q_EMIT itemActivated(id);
        }
    });
    return page;
}

QWidget *AgreementDashboardWindow::createPairTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("Coe&fficient:"), page);
    m_pairCoefficient = new QComboBox(page);
    m_pairCoefficient->addItem(tr("Cohen's kappa"), u"cohen_kappa"_s);
    m_pairCoefficient->addItem(tr("Percent agreement"), u"percent_agreement"_s);
    m_pairCoefficient->addItem(tr("Scott's pi"), u"scott_pi"_s);
    label->setBuddy(m_pairCoefficient);
    row->addWidget(label);
    row->addWidget(m_pairCoefficient);
    row->addStretch(1);
    layout->addLayout(row);
    m_pairs = new QStandardItemModel(this);
    m_pairView = new QTableView(page);
    m_pairView->setModel(m_pairs);
    m_pairView->setItemDelegate(new HeatDelegate(m_pairView));
    m_pairView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_pairView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_pairView, 1);
    auto *note = new QLabel(tr("Each cell: the coefficient over the units both raters rated (the tooltip gives n and the "
                               "interval); \"undefined\" when it cannot be computed (0/0), with the reason in the tooltip."),
                            page);
    note->setWordWrap(true);
    layout->addWidget(note);
    connect(m_pairCoefficient, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::fillPairs);
    return page;
}

QWidget *AgreementDashboardWindow::createRoundTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("Coeffic&ient:"), page);
    m_roundCoefficient = new QComboBox(page);
    m_roundCoefficient->addItem(tr("Krippendorff's alpha"), u"krippendorff_alpha"_s);
    m_roundCoefficient->addItem(tr("Fleiss' kappa"), u"fleiss_kappa"_s);
    m_roundCoefficient->addItem(tr("Percent agreement"), u"percent_agreement"_s);
    m_roundCoefficient->addItem(tr("Gwet's AC1"), u"gwet_ac1"_s);
    m_roundCoefficient->addItem(tr("Brennan-Prediger"), u"brennan_prediger"_s);
    label->setBuddy(m_roundCoefficient);
    row->addWidget(label);
    row->addWidget(m_roundCoefficient);
    row->addStretch(1);
    layout->addLayout(row);
    m_roundChart = new QChartView(page);
    m_roundChart->setRenderHint(QPainter::Antialiasing);
    m_roundChart->setMinimumHeight(200);
    layout->addWidget(m_roundChart, 1);
    m_roundNote = new QLabel(page);
    m_roundNote->setTextFormat(Qt::PlainText);
    m_roundNote->setWordWrap(true);
    layout->addWidget(m_roundNote);
    connect(m_roundCoefficient, &QComboBox::currentIndexChanged, this, &AgreementDashboardWindow::fillRoundChart);
    return page;
}

QWidget *AgreementDashboardWindow::createDecisionTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *title = new QLabel(tr("How the reconciled answers relate to the raters' answers, per dimension. Comparable: "
                                "reconciled findings linked to one finding of each of two or more raters. Agreed, kept: "
                                "the raters agreed and the final answer is theirs; disagreed, adopted: the final answer "
                                "is one rater's; chosen by neither: by none of the raters (also where they agreed)."),
                             page);
    title->setWordWrap(true);
    layout->addWidget(title);
    m_decisions = new QStandardItemModel(this);
    m_decisionView = new QTableView(page);
    m_decisionView->setModel(m_decisions);
    m_decisionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_decisionView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_decisionView, 1);
    m_decisionNote = new QLabel(page);
    m_decisionNote->setTextFormat(Qt::PlainText);
    m_decisionNote->setWordWrap(true);
    layout->addWidget(m_decisionNote);
    return page;
}

QWidget *AgreementDashboardWindow::createFrequencyTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_frequencyChart = new QChartView(page);
    m_frequencyChart->setRenderHint(QPainter::Antialiasing);
    m_frequencyChart->setMinimumHeight(200);
    layout->addWidget(m_frequencyChart, 1);
    return page;
}

bool AgreementDashboardWindow::isShowingFigures() const
{
    return m_dashboard->isAvailable() && !m_dashboard->isComputing() && m_dashboard->figures() != nullptr;
}

void AgreementDashboardWindow::applyFilters()
{
    DashboardFilters f = m_dashboard->filters();
    f.round = m_round->currentIndex() > 0 ? std::optional<int>(m_round->currentData().toInt()) : std::nullopt;
    f.dataset = m_dataset->currentIndex() > 0 ? std::optional<QString>(m_dataset->currentData().toString()) : std::nullopt;
    f.gatePassedOnly = m_gate->isChecked();
    f.emptyAsMissing = m_emptyAsMissing->isChecked();
    if (!(f == m_dashboard->filters())) {
        m_dashboard->setFilters(f);
    }
}

void AgreementDashboardWindow::updateAvailability()
{
    const QString reason = m_dashboard->unavailableReason();
    m_unavailable->setText(reason);
    m_pages->setCurrentIndex(reason.isEmpty() ? 1 : 0);
    for (QWidget *w : {static_cast<QWidget *>(m_round), static_cast<QWidget *>(m_dataset), static_cast<QWidget *>(m_gate),
                       static_cast<QWidget *>(m_emptyAsMissing), static_cast<QWidget *>(m_reportButton)}) {
        w->setEnabled(reason.isEmpty() && (w != m_reportButton || !m_reportJob));
    }
    if (!reason.isEmpty()) {
        m_status->setText(tr("Not available for this rater."));
    }
}

void AgreementDashboardWindow::showFigures()
{
    updateAvailability();
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    if (!figures) {
        // No figures (an error, or not available): nothing old may pass for current.
        m_coefficients->clear();
        m_decisions->clear();
        m_pairs->clear();
        m_confusion->clear();
        m_unitList->clear();
        m_confusionNote->clear();
        fillRoundChart();
        fillFrequencyChart();
        if (!m_dashboard->error().isEmpty()) {
            m_status->setText(tr("Could not compute the figures: %1").arg(m_dashboard->error()));
        }
        return;
    }
    fillFilterChoices();
    fillCoefficients();
    fillDecisions();
    {
        const QString current = m_dimension->currentData().toString();
        const QSignalBlocker block(m_dimension);
        m_dimension->clear();
        for (const DashboardDimension &d : figures->dimensions) {
            m_dimension->addItem(d.dimension.name.isEmpty() ? d.dimension.key : d.dimension.name, d.dimension.key);
        }
        // The first dimension with a confusion matrix to show (single choice, two raters).
        int at = m_dimension->findData(current);
        for (int i = 0; at < 0 && i < int(figures->dimensions.size()); ++i) {
            const DashboardDimension &d = figures->dimensions[size_t(i)];
            if (!d.multipleChoice && d.dimension.kind != Dimension::Kind::Gate && d.units > 0) {
                at = i;
            }
        }
        m_dimension->setCurrentIndex(std::max(at, 0));
    }
    selectDimension();
    fillRoundChart();
    qint64 units = 0;
    for (const DashboardDimension &d : figures->dimensions) {
        units = std::max(units, d.units);
    }
    if (figures->provisional) {
        m_status->setText(tr("Figures as of %1, brought up to date for the changed items: %2 dimensions, up to %3 "
                             "units. Alpha's bootstrap intervals, the rounds and the decisions follow in a moment.")
                              .arg(QTime::currentTime().toString(u"HH:mm:ss"_s))
                              .arg(figures->dimensions.size())
                              .arg(units));
        return;
    }
    m_status->setText(tr("Figures as of %1: %2 dimensions, up to %3 units. Intervals: kappa normal (SE), Fleiss/AC1/BP "
                         "Student t, alpha percentile bootstrap (%4 resamples, seed %5), as concord-cli agreement.")
                          .arg(QTime::currentTime().toString(u"HH:mm:ss"_s))
                          .arg(figures->dimensions.size())
                          .arg(units)
                          .arg(figures->filters.bootstrapResamples)
                          .arg(figures->filters.bootstrapSeed));
}

void AgreementDashboardWindow::fillFilterChoices()
{
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    const QSignalBlocker blockRound(m_round);
    const QSignalBlocker blockDataset(m_dataset);
    const DashboardFilters &f = m_dashboard->filters();
    while (m_round->count() > 1) {
        m_round->removeItem(1);
    }
    for (int r : figures->rounds) {
        m_round->addItem(r == 0 ? tr("Round 0 (not in a round)") : tr("Round %1").arg(r), r);
    }
    m_round->setCurrentIndex(f.round ? std::max(0, m_round->findData(*f.round)) : 0);
    while (m_dataset->count() > 1) {
        m_dataset->removeItem(1);
    }
    for (const QString &d : figures->datasets) {
        m_dataset->addItem(d, d);
    }
    m_dataset->setCurrentIndex(f.dataset ? std::max(0, m_dataset->findData(*f.dataset)) : 0);
}

void AgreementDashboardWindow::fillCoefficients()
{
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    m_coefficients->clear();
    m_coefficients->setHorizontalHeaderLabels(
        {tr("Coefficient"), tr("Value"), tr("95% CI"), tr("SE"), tr("Observed"), tr("Expected"), tr("n")});
    for (const DashboardDimension &d : figures->dimensions) {
        const QString name = d.dimension.name.isEmpty() ? d.dimension.key : d.dimension.name;
        QString summary = tr("%1: %2 units, %3 raters; not comparable %4, single-rated %5")
                              .arg(name)
                              .arg(d.units)
                              .arg(d.raters().size())
                              .arg(d.notComparable)
                              .arg(d.singleRated);
        if (figures->filters.gatePassedOnly) {
            summary += d.gateKnown ? tr(", left out by the gate %1").arg(d.excludedByGate) : tr(" (no gate: not filtered)");
        }
        if (d.multiValued > 0) {
            summary += tr(", several values in one finding %1").arg(d.multiValued);
        }
        auto *top = cell(summary, tr("%1 (%2)\nUnits from reconciled findings: %3; from items: %4\nRaters: %5")
                                      .arg(name, d.dimension.key)
                                      .arg(d.linkedUnits)
                                      .arg(d.itemUnits)
                                      .arg(d.raters().join(u", "_s)));
        top->setData(d.dimension.key, Qt::UserRole);
        QFont bold = top->font();
        bold.setBold(true);
        top->setFont(bold);
        for (const NamedCoefficient &c : d.coefficients()) {
            top->appendRow(coefficientRow(c.name, c.coefficient, c.chanceCorrected, {}));
            top->child(top->rowCount() - 1, 1)->setData(c.key, Qt::UserRole);
        }
        // The per-category (per-value) coefficients, folded: one row per category.
        auto *perCategory = cell(d.multipleChoice ? tr("Per value: kappa and alpha of \"chosen or not\"")
                                                  : tr("Per category: kappa of the category against the rest"));
        if (d.multipleChoice) {
            for (const ValueAgreement &v : d.multipleChoiceReport.perValue) {
                perCategory->appendRow(coefficientRow(tr("%1: kappa").arg(v.value), v.kappa, true, {}));
                perCategory->appendRow(coefficientRow(tr("%1: alpha").arg(v.value), v.alpha, true, {}));
            }
        } else {
            for (const CategoryAgreement &c : d.report.perCategory) {
                const QString specific = tr("%1 ratings; specific agreement %2")
                                             .arg(c.ratings)
                                             .arg(c.specificAgreement ? number(*c.specificAgreement) : tr("undefined"));
                perCategory->appendRow(coefficientRow(c.category, c.kappa, true, specific));
            }
        }
        top->appendRow(perCategory);
        m_coefficients->appendRow(top);
        m_coefficientView->setFirstColumnSpanned(m_coefficients->rowCount() - 1, {}, true);
        m_coefficientView->setFirstColumnSpanned(perCategory->row(), top->index(), true);
    }
    for (int i = 0; i < m_coefficients->rowCount(); ++i) {
        m_coefficientView->setExpanded(m_coefficients->index(i, 0), true);
    }
    m_coefficientView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void AgreementDashboardWindow::fillDecisions()
{
    // One column per dimension, one row per kind of decision (the rows fit the width).
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    m_decisions->clear();
    QStringList raters;
    for (const DecisionCounts &c : figures->decisions) {
        for (auto it = c.adopted.cbegin(); it != c.adopted.cend(); ++it) {
            if (!raters.contains(it.key())) {
                raters.append(it.key());
            }
        }
    }
    raters.sort();
    QStringList rows{tr("Reconciled"), tr("Comparable"), tr("Agreed, kept"), tr("Disagreed, adopted")};
    for (const QString &r : std::as_const(raters)) {
        rows << tr("  from %1").arg(r);
    }
    rows << tr("Chosen by neither");
    QStringList columns;
    for (const DecisionCounts &c : figures->decisions) {
        const qint64 n = c.comparable();
        QList<QStandardItem *> column;
        column << cell(QString::number(c.reconciled),
                       tr("Not compared: no linked finding %1, one rater only %2, several findings of a rater %3, gate %4")
                           .arg(c.withoutSources)
                           .arg(c.singleSource)
                           .arg(c.notComparable)
                           .arg(c.excludedByGate))
               << cell(QString::number(n)) << cell(percent(c.agreedKept, n)) << cell(percent(c.adoptedAny, n));
        for (const QString &r : std::as_const(raters)) {
            column << cell(percent(c.adopted.value(r), n));
        }
        column << cell(percent(c.neither(), n), tr("Raters agreed, answer replaced: %1\nRaters disagreed, none of their answers: %2")
                                                    .arg(c.agreedOverruled)
                                                    .arg(c.disagreedNeither));
        for (QStandardItem *i : std::as_const(column)) {
            i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        m_decisions->appendColumn(column);
        columns << (c.dimension.name.isEmpty() ? c.dimension.key : c.dimension.name);
    }
    m_decisions->setHorizontalHeaderLabels(columns);
    m_decisions->setVerticalHeaderLabels(rows);
    m_decisionNote->setText(figures->decisionsError.isEmpty()
                                ? tr("Percentages of the comparable findings; 0 of 0 is undefined. With three or more "
                                     "raters one answer can be several raters'. The empty-answer filter does not apply "
                                     "here.")
                                : tr("Decision statistics unavailable: %1").arg(figures->decisionsError));
}

const DashboardDimension *AgreementDashboardWindow::currentDimension() const
{
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    return figures ? figures->dimension(m_dimension->currentData().toString()) : nullptr;
}

void AgreementDashboardWindow::selectDimension()
{
    fillRaters();
    fillPairs();
    fillConfusion();
    fillFrequencyChart();
}

void AgreementDashboardWindow::fillRaters()
{
    const DashboardDimension *d = currentDimension();
    const QString a = m_raterA->currentText();
    const QString b = m_raterB->currentText();
    const QSignalBlocker blockA(m_raterA);
    const QSignalBlocker blockB(m_raterB);
    m_raterA->clear();
    m_raterB->clear();
    if (!d || d->multipleChoice) {
        return;
    }
    const QStringList raters = d->table.raters();
    for (int i = 0; i < raters.size(); ++i) {
        m_raterA->addItem(raters.at(i), i);
        m_raterB->addItem(raters.at(i), i);
    }
    int ia = m_raterA->findText(a);
    int ib = m_raterB->findText(b);
    if (ia < 0 || ib < 0 || ia == ib) {
        // The pair that rated the most units together.
        qint64 best = -1;
        for (const PairAgreement &p : d->report.pairs) {
            if (p.n > best) {
                best = p.n;
                ia = int(raters.indexOf(p.raterA));
                ib = int(raters.indexOf(p.raterB));
            }
        }
        if (ia < 0 || ib < 0) {
            ia = 0;
            ib = raters.size() > 1 ? 1 : 0;
        }
    }
    m_raterA->setCurrentIndex(ia);
    m_raterB->setCurrentIndex(ib);
}

void AgreementDashboardWindow::fillPairs()
{
    m_pairs->clear();
    const DashboardDimension *d = currentDimension();
    if (!d || d->multipleChoice) {
        return;
    }
    const QString key = m_pairCoefficient->currentData().toString();
    const QStringList raters = d->report.raters;
    m_pairs->setHorizontalHeaderLabels(raters);
    m_pairs->setVerticalHeaderLabels(raters);
    for (int i = 0; i < raters.size(); ++i) {
        for (int j = 0; j < raters.size(); ++j) {
            if (i == j) {
                m_pairs->setItem(i, j, cell(u"—"_s));
            }
        }
    }
    for (const PairAgreement &p : d->report.pairs) {
        const Coefficient &c = key == u"percent_agreement"_s ? p.percentAgreement
                               : key == u"scott_pi"_s        ? p.scottPi
                                                             : p.cohenKappa;
        QString tip = tr("%1 / %2: %3 units rated by both").arg(p.raterA, p.raterB).arg(p.n);
        if (c.value && c.ci95) {
            tip += tr("\n95% CI [%1, %2]").arg(number(c.ci95->first), number(c.ci95->second));
        }
        if (!c.value) {
            tip += u"\n"_s + c.undefinedReason;
        }
        const int a = int(raters.indexOf(p.raterA));
        const int b = int(raters.indexOf(p.raterB));
        for (const auto &[row, column] : {std::pair{a, b}, std::pair{b, a}}) {
            QStandardItem *item = cell(tr("%1 (n %2)").arg(formatCoefficientValue(c.value)).arg(p.n), tip);
            item->setTextAlignment(Qt::AlignCenter);
            if (c.value) {
                item->setData(std::max(0.0, *c.value), HeatRole);
                item->setData(true, DiagonalRole);
            }
            m_pairs->setItem(row, column, item);
        }
    }
}

void AgreementDashboardWindow::fillConfusion()
{
    m_confusion->clear();
    m_unitList->clear();
    m_cellTitle->setText(tr("Click a cell to list its units; double-click a unit to open its item."));
    const DashboardDimension *d = currentDimension();
    if (!d || d->multipleChoice) {
        m_confusionNote->setText(d ? tr("A multiple-choice dimension has no confusion matrix: see its per-value "
                                        "agreement in the table.")
                                   : QString());
        return;
    }
    const std::optional<ConfusionMatrix> m = pairConfusion(*d, m_raterA->currentData().toInt(), m_raterB->currentData().toInt());
    if (!m) {
        m_confusionNote->setText(tr("Choose two different raters."));
        return;
    }
    // Only the categories either rater used (the others would be empty rows and columns).
    QList<int> used;
    qint64 total = 0;
    qint64 agree = 0;
    qint64 max = 0;
    for (size_t i = 0; i < m->counts.size(); ++i) {
        qint64 sum = 0;
        for (size_t j = 0; j < m->counts.size(); ++j) {
            sum += m->counts[i][j] + m->counts[j][i];
            total += m->counts[i][j];
            max = std::max(max, m->counts[i][j]);
        }
        agree += m->counts[i][i];
        if (sum > 0) {
            used.append(int(i));
        }
    }
    m_confusionNote->setText(
        tr("Rows: %1, columns: %2. %3 units rated by both, %4 on the diagonal (agreement).").arg(m->raterA, m->raterB).arg(total).arg(agree));
    QStringList names;
    for (int c : std::as_const(used)) {
        names << m->categories.at(c);
    }
    // Columns are numbered (names would make the matrix too wide); rows carry number and name.
    QStringList rowLabels;
    QStringList columnLabels;
    for (int i = 0; i < names.size(); ++i) {
        rowLabels << u"%1  %2"_s.arg(i + 1).arg(names[i]);
        columnLabels << QString::number(i + 1);
    }
    m_confusion->setHorizontalHeaderLabels(columnLabels);
    m_confusion->setVerticalHeaderLabels(rowLabels);
    for (int r = 0; r < used.size(); ++r) {
        for (int c = 0; c < used.size(); ++c) {
            const qint64 count = m->counts[size_t(used[r])][size_t(used[c])];
            QStandardItem *item = cell(QString::number(count),
                                       tr("%1: %2, %3: %4 — %5 units").arg(m->raterA, names[r], m->raterB, names[c]).arg(count));
            item->setTextAlignment(Qt::AlignCenter);
            // Square root: a few confusions stay visible beside a diagonal of hundreds.
            item->setData(max > 0 ? std::sqrt(double(count) / double(max)) : 0.0, HeatRole);
            item->setData(r == c, DiagonalRole);
            item->setData(used[r], RowCategoryRole);
            item->setData(used[c], ColumnCategoryRole);
            m_confusion->setItem(r, c, item);
        }
    }
    for (int i = 0; i < used.size(); ++i) {
        m_confusion->horizontalHeaderItem(i)->setToolTip(plainToolTip(u"%1: %2"_s.arg(i + 1).arg(names[i])));
        m_confusion->verticalHeaderItem(i)->setToolTip(plainToolTip(names[i]));
    }
    // Start with the largest disagreement: its units are the first to look at.
    QModelIndex largest;
    qint64 most = 0;
    for (int r = 0; r < used.size(); ++r) {
        for (int c = 0; c < used.size(); ++c) {
            const qint64 count = m->counts[size_t(used[r])][size_t(used[c])];
            if (r != c && count > most) {
                most = count;
                largest = m_confusion->index(r, c);
            }
        }
    }
    if (largest.isValid()) {
        m_confusionView->setCurrentIndex(largest); // lists its units
    }
}

void AgreementDashboardWindow::showCellUnits(int row, int column)
{
    m_unitList->clear();
    const DashboardDimension *d = currentDimension();
    const QModelIndex index = m_confusion->index(row, column);
    if (!d || !index.isValid()) {
        return;
    }
    const int a = m_raterA->currentData().toInt();
    const int b = m_raterB->currentData().toInt();
    const int rowCategory = index.data(RowCategoryRole).toInt();
    const int columnCategory = index.data(ColumnCategoryRole).toInt();
    const QList<int> units = confusionCellUnits(*d, a, b, rowCategory, columnCategory);
    m_cellTitle->setText(tr("%1 unit(s) where %2 chose %3 and %4 chose %5 (double-click to open):")
                             .arg(units.size())
                             .arg(d->table.raters().at(a), d->table.categories().at(rowCategory), d->table.raters().at(b),
                                  d->table.categories().at(columnCategory)));
    const Project *project = m_dashboard->document() ? &m_dashboard->document()->project() : nullptr;
    // Titles are read one item at a time on this thread: for the first few hundred units
    // only (a diagonal cell of a large project can hold tens of thousands).
    constexpr int MaxTitles = 300;
    int titled = 0;
    for (int u : units) {
        const ItemId id = d->unitItems.value(u);
        QString label = d->table.units().at(u);
        QString tip = label;
        if (project && id != 0 && titled++ < MaxTitles) {
            if (const std::optional<Item> item = project->item(id); item && !item->title.isEmpty()) {
                label += u" — "_s + item->title;
                tip += u"\n"_s + item->title;
            }
        }
        auto *entry = new QListWidgetItem(label, m_unitList);
        entry->setData(ItemRole, id);
        entry->setToolTip(plainToolTip(tip));
    }
}

void AgreementDashboardWindow::fillRoundChart()
{
    const std::shared_ptr<const DashboardFigures> figures = m_dashboard->figures();
    auto *chart = new QChart;
    chart->setTheme(isDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (!figures) {
        setChart(m_roundChart, chart);
        return;
    }
    const QString key = m_roundCoefficient->currentData().toString();
    chart->setTitle(chartText(tr("%1 per round").arg(m_roundCoefficient->currentText())));
    // Each round labelled with its units: a value of 1 from two units says little.
    auto *x = new QCategoryAxis;
    x->setTitleText(tr("Round (units)"));
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    auto *y = new QValueAxis;
    y->setTitleText(chartText(m_roundCoefficient->currentText()));
    double low = 0;
    int undefinedPoints = 0;
    QList<QAbstractSeries *> all;
    for (const DashboardDimension &d : figures->dimensions) {
        if (d.multipleChoice) {
            continue;
        }
        // One line per run of defined values: an undefined round breaks the line (a line
        // across it would claim a value there); later pieces share the first one's colour
        // and legend entry.
        const QString name = chartText(d.dimension.name.isEmpty() ? d.dimension.key : d.dimension.name);
        QLineSeries *first = nullptr;
        QLineSeries *piece = nullptr;
        for (const RoundFigures &r : figures->byRound) {
            for (const NamedCoefficient &c : coefficientsOf(*figures, d.dimension.key, r.round)) {
                if (c.key != key) {
                    continue;
                }
                if (!c.coefficient.value) {
                    ++undefinedPoints; // a gap, never a 0
                    piece = nullptr;
                    continue;
                }
                if (!piece) {
                    piece = new QLineSeries;
                    piece->setName(name);
                    piece->setPointsVisible(true);
                    chart->addSeries(piece);
                    all.append(piece);
                    if (first) {
                        piece->setColor(first->color());
                        const QList<QLegendMarker *> markers = chart->legend()->markers(piece);
                        for (QLegendMarker *m : markers) {
                            m->setVisible(false);
                        }
                    } else {
                        first = piece;
                    }
                }
                piece->append(r.round, *c.coefficient.value);
                low = std::min(low, *c.coefficient.value);
            }
        }
    }
    const int firstRound = figures->rounds.isEmpty() ? 0 : figures->rounds.first();
    const int lastRound = figures->rounds.isEmpty() ? 1 : figures->rounds.last();
    // Half a round of room on each side, so the first and last points are not cut.
    x->setRange(firstRound - 0.5, std::max(lastRound, firstRound + 1) + 0.5);
    for (const RoundFigures &r : figures->byRound) {
        qint64 units = 0;
        for (const QList<NamedCoefficient> &list : r.coefficients) {
            for (const NamedCoefficient &c : list) {
                if (c.key == u"percent_agreement"_s) {
                    units = std::max(units, c.coefficient.n);
                }
            }
        }
        x->append(u"%1 (%2)"_s.arg(r.round).arg(units), r.round);
    }
    const double bottom = std::floor(low * 4) / 4;
    y->setRange(bottom, 1.0);
    y->setTickCount(int(std::lround((1.0 - bottom) * 4)) + 1); // a line every 0.25
    y->setLabelFormat(u"%.2f"_s);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : std::as_const(all)) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    setChart(m_roundChart, chart);
    m_roundNote->setText(
        tr("One point per round and dimension (round 0: items in no round), under the other filters; %1 undefined "
           "values (0/0) are left out, not drawn as 0. Small rounds give coarse values: concord-cli agreement "
           "--by-round gives each round's units and intervals.")
            .arg(undefinedPoints));
}

void AgreementDashboardWindow::fillFrequencyChart()
{
    auto *chart = new QChart;
    chart->setTheme(isDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    const DashboardDimension *d = currentDimension();
    if (!d || d->multipleChoice) {
        setChart(m_frequencyChart, chart);
        return;
    }
    const std::vector<std::vector<qint64>> counts = valueFrequencies(*d);
    const QStringList &categories = d->table.categories();
    QList<int> used;
    for (int c = 0; c < categories.size(); ++c) {
        qint64 sum = 0;
        for (const auto &rater : counts) {
            sum += rater[size_t(c)];
        }
        if (sum > 0) {
            used.append(c);
        }
    }
    chart->setTitle(chartText(tr("How often each rater chose each value of %1 (units in the filter)")
                                  .arg(d->dimension.name.isEmpty() ? d->dimension.key : d->dimension.name)));
    // Horizontal bars: the value names are read on the left, not cut under the bars.
    auto *series = new QHorizontalBarSeries;
    series->setBarWidth(0.9);
    qint64 max = 0;
    std::reverse(used.begin(), used.end()); // the first value on top
    for (int r = 0; r < d->table.raterCount(); ++r) {
        auto *set = new QBarSet(chartText(d->table.raters().at(r)));
        for (int c : std::as_const(used)) {
            set->append(double(counts[size_t(r)][size_t(c)]));
            max = std::max(max, counts[size_t(r)][size_t(c)]);
        }
        series->append(set);
    }
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    QStringList names;
    for (int c : std::as_const(used)) {
        names << chartText(categories.at(c));
    }
    x->append(names);
    auto *y = new QValueAxis;
    y->setRange(0, double(std::max<qint64>(max, 1)));
    y->applyNiceNumbers();
    y->setLabelFormat(u"%d"_s);
    y->setTitleText(tr("Ratings"));
    chart->addAxis(x, Qt::AlignLeft);
    chart->addAxis(y, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    setChart(m_frequencyChart, chart);
}

void AgreementDashboardWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_dashboard->figures()) {
        fillRoundChart();
        fillFrequencyChart();
    }
}

AgreementReportJob *AgreementDashboardWindow::reportJob() const
{
    return m_reportJob;
}

QProgressDialog *AgreementDashboardWindow::reportProgress() const
{
    return m_reportProgress;
}

void AgreementDashboardWindow::writeReport()
{
    ProjectDocument *document = m_dashboard->document();
    if (!document || !m_dashboard->isAvailable() || m_reportJob) {
        return;
    }
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Write the Agreement Report Into"),
                                                                QFileInfo(document->project().path()).absolutePath());
    if (directory.isEmpty()) {
        return;
    }
    writeReportInto(directory);
}

void AgreementDashboardWindow::writeReportInto(const QString &directory)
{
    ProjectDocument *document = m_dashboard->document();
    if (!document || !m_dashboard->isAvailable() || m_reportJob) {
        return;
    }
    AgreementReportOptions options;
    options.filters = m_dashboard->filters();
    const QDir dir(directory);
    for (const QString &name : agreementReportFileNames()) {
        if (QFileInfo::exists(dir.filePath(name))) {
            if (QMessageBox::question(this, tr("Replace the Report?"),
                                      tr("%1 already holds an agreement report (%2). Replace its files?")
                                          .arg(QDir::toNativeSeparators(directory), name))
                != QMessageBox::Yes) {
                return;
            }
            options.overwrite = true;
            break;
        }
    }
    // The worker reads the committed project through a connection of its own: the
    // bootstrap of alpha's interval can take seconds, and the window stays responsive.
    auto *job = new AgreementReportJob(document->project().path(), options, directory, this);
    m_reportJob = job;
    auto *progress = new QProgressDialog(tr("Computing the figures (the interval of alpha is bootstrapped)…"),
                                         tr("Cancel"), 0, 4, this);
    progress->setWindowTitle(tr("Agreement Report"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setValue(0);
    m_reportProgress = progress;
    m_reportButton->setEnabled(false);
    connect(job, &AgreementReportJob::progress, progress, [progress](int step, int steps) {
        progress->setMaximum(steps);
        progress->setValue(step);
        if (step >= 1) { // the figures are done
            progress->setLabelText(step < 2 ? tr("Writing the page…") : tr("Writing the ratings and the scripts…"));
        }
    });
    connect(progress, &QProgressDialog::canceled, job, [this, job, progress] {
        if (job->cancel()) {
            // Nothing will be written: the worker stops at its next step and its result
            // is dropped. The window is free at once.
            progress->deleteLater();
            job->deleteLater();
            m_reportButton->setEnabled(m_dashboard->isAvailable());
        }
    });
    connect(job, &AgreementReportJob::finished, this, [this, job, progress = QPointer<QProgressDialog>(progress), dir](bool ok) {
        if (progress) {
            progress->deleteLater();
        }
        job->deleteLater();
        m_reportButton->setEnabled(m_dashboard->isAvailable());
        if (job->isCancelled()) {
            return;
        }
        // Not modal: the window stays usable while the message is shown.
        auto *box = ok ? new QMessageBox(QMessageBox::Information, tr("Agreement Report"),
                                         tr("Wrote %1 (open it in any browser), ratings_long.csv, recompute.py and "
                                            "recompute.R.")
                                             .arg(QDir::toNativeSeparators(dir.filePath(u"report.html"_s))),
                                         QMessageBox::Ok, this)
                       : new QMessageBox(QMessageBox::Warning, tr("Agreement Report"),
                                         tr("The report was not written: %1").arg(job->errorString()), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    job->start();
}

} // namespace Concord
