// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/svgchart.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Concord {

QString escapeMarkup(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out += u"&amp;"_s;
            break;
        case u'<':
            out += u"&lt;"_s;
            break;
        case u'>':
            out += u"&gt;"_s;
            break;
        case u'"':
            out += u"&quot;"_s;
            break;
        case u'\'':
            out += u"&#39;"_s;
            break;
        default:
            // Control characters other than tab and line ends are not allowed in XML (SVG).
            if (c.unicode() < 0x20 && c != u'\t' && c != u'\n' && c != u'\r') {
                out += u'\uFFFD';
            } else {
                out += c;
            }
        }
    }
    return out;
}

namespace {

QString number(double v)
{
    return QString::number(v, 'f', 1);
}

/// A label no longer than @p max characters (the full text stays in the row's <title>).
QString shortened(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + u'\u2026';
}

} // namespace

QString barChartSvg(const BarChart &chart)
{
    const int seriesCount = std::max<int>(1, int(chart.series.size()));
    const double barHeight = 12;
    const double rowGap = 8;
    const double rowHeight = seriesCount * barHeight + rowGap;
    const double labelWidth = 200;
    const double plotWidth = 380;
    const double valueWidth = 80;
    const double top = 24 + (chart.series.size() > 1 ? 18 : 0);
    const double width = labelWidth + plotWidth + valueWidth;
    const double height = top + chart.rows.size() * rowHeight + 24;
    const double minimum = std::min(0.0, chart.minimum);
    const double maximum = chart.maximum > minimum ? chart.maximum : minimum + 1;
    auto x = [&](double v) { return labelWidth + (std::clamp(v, minimum, maximum) - minimum) / (maximum - minimum) * plotWidth; };

    QString svg = u"<svg class=\"chart\" role=\"img\" width=\"%1\" height=\"%2\" "
                  "viewBox=\"0 0 %1 %2\">"_s.arg(number(width), number(height));
    svg += u"<title>"_s + escapeMarkup(chart.title) + u"</title>"_s;
    // Legend.
    if (chart.series.size() > 1) {
        double lx = labelWidth;
        for (int s = 0; s < chart.series.size(); ++s) {
            svg += u"<rect class=\"s%1\" x=\"%2\" y=\"6\" width=\"10\" height=\"10\"/>"_s.arg(s % 8).arg(number(lx));
            const QString name = shortened(chart.series.at(s).name, 24);
            svg += u"<text class=\"label\" x=\"%1\" y=\"15\">%2</text>"_s.arg(number(lx + 14), escapeMarkup(name));
            lx += 14 + 7.0 * name.size() + 16;
        }
    }
    // Axis: the zero line and the two ends.
    const double axisTop = top - 4;
    const double axisBottom = top + chart.rows.size() * rowHeight;
    svg += u"<line class=\"axis\" x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\"/>"_s.arg(number(x(0)), number(axisTop), number(axisBottom));
    for (const double tick : {minimum, maximum}) {
        svg += u"<text class=\"label\" x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>"_s.arg(
            number(x(tick)), number(axisBottom + 16), QString::number(tick, 'g', 6));
    }
    if (minimum < 0) {
        svg += u"<text class=\"label\" x=\"%1\" y=\"%2\" text-anchor=\"middle\">0</text>"_s.arg(number(x(0)), number(axisBottom + 16));
    }
    for (int r = 0; r < chart.rows.size(); ++r) {
        const double rowTop = top + r * rowHeight;
        svg += u"<g><title>"_s + escapeMarkup(chart.rows.at(r)) + u"</title>"_s;
        svg += u"<text class=\"label\" x=\"%1\" y=\"%2\" text-anchor=\"end\">%3</text>"_s.arg(
            number(labelWidth - 6), number(rowTop + seriesCount * barHeight / 2 + 4), escapeMarkup(shortened(chart.rows.at(r), 28)));
        for (int s = 0; s < chart.series.size(); ++s) {
            const std::optional<double> v = chart.series.at(s).values.value(r);
            const double y = rowTop + s * barHeight;
            if (!v || !std::isfinite(*v)) {
                svg += u"<text class=\"undefined\" x=\"%1\" y=\"%2\">undefined</text>"_s.arg(number(x(0) + 4), number(y + barHeight - 2));
                continue;
            }
            const double x0 = std::min(x(0), x(*v));
            const double w = std::abs(x(*v) - x(0));
            svg += u"<rect class=\"s%1\" x=\"%2\" y=\"%3\" width=\"%4\" height=\"%5\"/>"_s.arg(s % 8)
                       .arg(number(x0), number(y + 1), number(w), number(barHeight - 2));
            svg += u"<text class=\"label\" x=\"%1\" y=\"%2\">%3</text>"_s.arg(
                number(labelWidth + plotWidth + 6), number(y + barHeight - 2), QString::number(*v, 'f', chart.decimals));
        }
        svg += u"</g>"_s;
    }
    svg += u"</svg>"_s;
    return svg;
}

} // namespace Concord
