// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Concord {

/// One series of a bar chart: a value per row, nothing where it is undefined.
struct BarSeries
{
    QString name;
    QList<std::optional<double>> values; ///< one per BarChart::rows
};

/// A horizontal grouped bar chart: a row per label (a round, a codebook value), in each
/// row one bar per series. Values are drawn from a zero line between minimum and maximum;
/// an undefined value is written "undefined" where its bar would be, never drawn as 0.
struct BarChart
{
    QString title;          ///< for the <title> of the SVG (read by screen readers)
    QStringList rows;
    QList<BarSeries> series;
    double minimum = 0;     ///< left end of the axis (≤ 0)
    double maximum = 1;     ///< right end of the axis (> minimum)
    int decimals = 4;       ///< digits of the value labels (0 for counts)
};

/// The chart as an inline <svg> element for an HTML page: no scripts, no external
/// references, every text escaped. Colours are CSS classes (series s0 … s7, "axis",
/// "label") so the page's style sheet decides them, light and dark.
QString barChartSvg(const BarChart &chart);

/// @p text with & < > " ' replaced by character references: safe in HTML and SVG text
/// and in double- or single-quoted attributes.
QString escapeMarkup(const QString &text);

} // namespace Concord
