// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/htmlreport.h"

#include "export/csvwriter.h"
#include "report/recomputescripts.h"
#include "report/svgchart.h"
#include "store/project.h"
#include "version.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace Concord {

Q_LOGGING_CATEGORY(lcReport, "concord.report")

namespace {

const QString s_html = u"report.html"_s;
const QString s_long = u"ratings_long.csv"_s;
const QString s_python = u"recompute.py"_s;
const QString s_r = u"recompute.R"_s;

// Light and dark by the reader's preference; no web font, no image, no url().
const char s_style[] = R"css(
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #ffffff; --muted: #5c6166; --line: #d0d4d8;
  --head: #f1f3f5; --c0: #2f6fba; --c1: #d9822b; --c2: #3a9a5b; --c3: #b5443c; --c4: #7c5cb8;
  --c5: #8a6d3b; --c6: #c2549b; --c7: #5f7482; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e5e8; --bg: #16181b; --muted: #9aa1a8; --line: #3a3f44; --head: #23272b;
    --c0: #6ea8ec; --c1: #f0a85c; --c2: #6cc38a; --c3: #e57a70; --c4: #a98ee0; --c5: #c9a86a;
    --c6: #e08cc4; --c7: #9fb3c1; }
}
body { font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2em auto;
  max-width: 72em; padding: 0 1em; line-height: 1.4; }
h1, h2, h3 { line-height: 1.2; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid var(--line); padding: .2em .5em; vertical-align: top; }
thead th { background: var(--head); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.undefined { color: var(--muted); font-style: italic; }
.note, caption { color: var(--muted); font-size: .9em; text-align: left; }
code { font-family: ui-monospace, monospace; }
details { margin: .3em 0; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg.chart text { fill: var(--fg); }
svg.chart text.undefined { fill: var(--muted); }
svg.chart line.axis { stroke: var(--muted); stroke-width: 1; }
.s0 { fill: var(--c0); } .s1 { fill: var(--c1); } .s2 { fill: var(--c2); } .s3 { fill: var(--c3); }
.s4 { fill: var(--c4); } .s5 { fill: var(--c5); } .s6 { fill: var(--c6); } .s7 { fill: var(--c7); }
)css";

QString esc(const QString &text)
{
    return escapeMarkup(text);
}

/// Full precision for data-value attributes (a reader of the page parses them).
QString exact(double v)
{
    return QString::number(v, 'g', 17);
}

QString fixed(double v)
{
    return QString::number(v, 'f', 4);
}

QString dimensionTitle(const Dimension &d)
{
    return d.name.isEmpty() ? d.key : d.name;
}

QString kindName(const Dimension &d)
{
    QString kind = d.kind == Dimension::Kind::Gate             ? u"gate"_s
                   : d.kind == Dimension::Kind::MultipleChoice ? u"multiple choice"_s
                                                               : u"single choice"_s;
    return d.ordered ? kind + u", ordered"_s : kind;
}

QString undefinedCell(const QString &reason)
{
    return u"<span class=\"undefined\">undefined</span>"_s
           + (reason.isEmpty() ? QString() : u" <span class=\"note\">("_s + esc(reason) + u")</span>"_s);
}

QString filtersText(const DashboardFilters &f)
{
    QStringList parts;
    if (f.round) {
        parts << u"round %1"_s.arg(*f.round);
    }
    if (f.dataset) {
        parts << u"dataset \u201c"_s + esc(*f.dataset) + u"\u201d"_s;
    }
    if (f.gatePassedOnly) {
        parts << u"only findings that passed the gate"_s;
    }
    if (f.emptyAsMissing) {
        parts << u"an empty dimension counts as a missing rating"_s;
    }
    return parts.isEmpty() ? u"none (every item, every round, every dataset)"_s : parts.join(u"; "_s);
}

class Page
{
public:
    Page(const Project &project, const DashboardFigures &figures)
        : m_project(project)
        , m_f(figures)
    {
    }

    std::optional<QString> build(QString *error);

private:
    void summary();
    void dimensionSection(const DashboardDimension &d, int index);
    void coefficientTable(const DashboardDimension &d);
    void pairMatrix(const DashboardDimension &d);
    void confusionMatrices(const DashboardDimension &d);
    void frequencies(const DashboardDimension &d);
    void rounds(const DashboardDimension &d);
    void decisions();
    bool codebook(QString *error);
    void files();

    const Project &m_project;
    const DashboardFigures &m_f;
    QString m_out;
};

std::optional<QString> Page::build(QString *error)
{
    const QString title = m_project.metadata(u"title"_s);
    const QString name = title.isEmpty() ? QFileInfo(m_project.path()).completeBaseName() : title;
    m_out += u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"Concord "_s
             + esc(versionString()) + u"\">\n<title>Agreement report: "_s + esc(name) + u"</title>\n<style>"_s
             + QString::fromUtf8(s_style) + u"</style>\n</head>\n<body>\n"_s;
    m_out += u"<h1>Agreement report: "_s + esc(name) + u"</h1>\n"_s;
    summary();
    m_out += u"<nav><h2>Contents</h2><ul>\n"_s;
    for (size_t i = 0; i < m_f.dimensions.size(); ++i) {
        const Dimension &d = m_f.dimensions[i].dimension;
        m_out += u"<li><a href=\"#dim-%1\">"_s.arg(i) + esc(dimensionTitle(d)) + u"</a></li>\n"_s;
    }
    m_out += u"<li><a href=\"#decisions\">Decision statistics</a></li>\n<li><a href=\"#codebook\">Codebook</a></li>\n"
             "<li><a href=\"#recompute\">Recomputing the figures</a></li>\n</ul></nav>\n"_s;
    for (size_t i = 0; i < m_f.dimensions.size(); ++i) {
        dimensionSection(m_f.dimensions[i], int(i));
    }
    decisions();
    if (!codebook(error)) {
        return std::nullopt;
    }
    files();
    m_out += u"</body>\n</html>\n"_s;
    return m_out;
}

void Page::summary()
{
    const ProjectCounts c = m_project.counts();
    qint64 raters = 0;
    qint64 reconcilers = 0;
    for (const Rater &r : m_project.raters()) {
        (r.role == Rater::Role::Reconciler ? reconcilers : raters) += 1;
    }
    m_out += u"<section id=\"summary\">\n<h2>Project</h2>\n<table class=\"summary\">\n<tbody>\n"_s;
    auto row = [this](const QString &key, const QString &label, const QString &value) {
        m_out += u"<tr data-summary=\"%1\"><th scope=\"row\">%2</th><td class=\"num\">%3</td></tr>\n"_s.arg(key, label, value);
    };
    row(u"file"_s, u"File"_s, esc(QFileInfo(m_project.path()).fileName()));
    row(u"items"_s, u"Items"_s, QString::number(c.items));
    row(u"raters"_s, u"Raters"_s, QString::number(raters));
    row(u"reconcilers"_s, u"Reconcilers"_s, QString::number(reconcilers));
    row(u"findings"_s, u"Rater findings"_s, QString::number(c.findings));
    row(u"reconciled"_s, u"Reconciled findings"_s, QString::number(c.reconciled));
    row(u"filters"_s, u"Filters"_s, filtersText(m_f.filters));
    row(u"generated"_s, u"Generated"_s,
        esc(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)) + u" by Concord "_s + esc(versionString()));
    m_out += u"</tbody>\n</table>\n"_s;
    m_out += u"<p class=\"note\">Every figure is computed by Concord's agreement engine, the same as "
             "<code>concord-cli agreement --json</code> prints for these filters. A coefficient that is 0/0 is "
             "shown as <em>undefined</em> with the reason, never as 0 or 1. The 95% intervals of kappa-type "
             "coefficients are Gwet's (t distribution); Krippendorff's alpha has a percentile bootstrap interval "
             "(%1 resamples, seed %2).</p>\n</section>\n"_s.arg(m_f.filters.bootstrapResamples).arg(m_f.filters.bootstrapSeed);
}

void Page::dimensionSection(const DashboardDimension &d, int index)
{
    m_out += u"<section id=\"dim-%1\" class=\"dimension\">\n<h2>"_s.arg(index) + esc(dimensionTitle(d.dimension))
             + u" <code>"_s + esc(d.dimension.key) + u"</code></h2>\n"_s;
    m_out += u"<p>Kind: "_s + kindName(d.dimension) + u". Raters: "_s + esc(d.raters().join(u", "_s)) + u".</p>\n"_s;
    if (!d.gateKnown) {
        m_out += u"<p class=\"note\">The gate filter was asked for, but this dimension has no gate: every finding "
                 "counts.</p>\n"_s;
    }
    m_out += u"<p>Units: %1"_s.arg(d.units);
    if (!d.multipleChoice) {
        m_out += u" (%1 rated, %2 rated by at least two raters)"_s.arg(d.report.ratedUnits).arg(d.report.pairableUnits);
    }
    m_out += u". Left out: %1 rated by only one rater, %2 not comparable (a rater has several findings no "
             "reconciled finding links), %3 excluded by the gate; %4 multi-valued.</p>\n"_s.arg(d.singleRated)
                 .arg(d.notComparable)
                 .arg(d.excludedByGate)
                 .arg(d.multiValued);
    coefficientTable(d);
    if (!d.multipleChoice) {
        pairMatrix(d);
        confusionMatrices(d);
        frequencies(d);
    }
    rounds(d);
    m_out += u"</section>\n"_s;
}

void Page::coefficientTable(const DashboardDimension &d)
{
    m_out += u"<table class=\"coefficients\" data-dimension=\""_s + esc(d.dimension.key)
             + u"\">\n<caption>Agreement coefficients</caption>\n<thead><tr><th>Coefficient</th><th class=\"num\">Value</th>"
               "<th class=\"num\">95% CI</th><th class=\"num\">Observed</th><th class=\"num\">Expected</th>"
               "<th class=\"num\">n</th><th>Note</th></tr></thead>\n<tbody>\n"_s;
    for (const NamedCoefficient &nc : d.coefficients()) {
        const Coefficient &c = nc.coefficient;
        QString attrs = u" data-dimension=\""_s + esc(d.dimension.key) + u"\" data-coefficient=\""_s + esc(nc.key)
                        + u"\" data-value=\""_s + (c.value ? exact(*c.value) : u"undefined"_s) + u"\" data-n=\"%1\""_s.arg(c.n);
        if (c.ci95) {
            attrs += u" data-ci-low=\"%1\" data-ci-high=\"%2\""_s.arg(exact(c.ci95->first), exact(c.ci95->second));
        }
        m_out += u"<tr"_s + attrs + u"><th scope=\"row\">"_s + esc(nc.name) + u"</th>"_s;
        m_out += c.value ? u"<td class=\"num\">"_s + fixed(*c.value) + u"</td>"_s
                         : u"<td class=\"num\"><span class=\"undefined\">undefined</span></td>"_s;
        m_out += u"<td class=\"num\">"_s + (c.ci95 ? u"[%1, %2]"_s.arg(fixed(c.ci95->first), fixed(c.ci95->second)) : u"\u2013"_s)
                 + u"</td>"_s;
        const bool hasObserved = c.value || c.n > 0;
        m_out += u"<td class=\"num\">"_s + (hasObserved ? fixed(c.observed) : u"\u2013"_s) + u"</td>"_s;
        m_out += u"<td class=\"num\">"_s + (nc.chanceCorrected && hasObserved ? fixed(c.expected) : u"\u2013"_s) + u"</td>"_s;
        m_out += u"<td class=\"num\">%1</td>"_s.arg(c.n);
        QString note;
        if (!c.value) {
            note = u"undefined: "_s + esc(c.undefinedReason);
        } else if (c.disagreement) {
            note = u"observed and expected are disagreements: value = 1 \u2212 observed / expected"_s;
        } else if (c.se) {
            note = u"SE "_s + fixed(*c.se);
        }
        m_out += u"<td>"_s + note + u"</td></tr>\n"_s;
    }
    m_out += u"</tbody>\n</table>\n"_s;
}

void Page::pairMatrix(const DashboardDimension &d)
{
    const QStringList raters = d.report.raters;
    if (raters.size() < 2) {
        return;
    }
    m_out += u"<table class=\"pairs\" data-dimension=\""_s + esc(d.dimension.key)
             + u"\">\n<caption>Rater pairs: Cohen's kappa (units both rated)</caption>\n<thead><tr><th></th>"_s;
    for (const QString &r : raters) {
        m_out += u"<th scope=\"col\">"_s + esc(r) + u"</th>"_s;
    }
    m_out += u"</tr></thead>\n<tbody>\n"_s;
    for (const QString &a : raters) {
        m_out += u"<tr><th scope=\"row\">"_s + esc(a) + u"</th>"_s;
        for (const QString &b : raters) {
            if (a == b) {
                m_out += u"<td class=\"num\">\u2013</td>"_s;
                continue;
            }
            const PairAgreement *pair = nullptr;
            for (const PairAgreement &p : d.report.pairs) {
                if ((p.raterA == a && p.raterB == b) || (p.raterA == b && p.raterB == a)) {
                    pair = &p;
                }
            }
            if (!pair || pair->n == 0) {
                m_out += u"<td class=\"num\"><span class=\"note\">no unit in common</span></td>"_s;
                continue;
            }
            const Coefficient &k = pair->cohenKappa;
            m_out += u"<td class=\"num\" data-rater-a=\""_s + esc(a) + u"\" data-rater-b=\""_s + esc(b) + u"\" data-value=\""_s
                     + (k.value ? exact(*k.value) : u"undefined"_s) + u"\" data-n=\"%1\">"_s.arg(pair->n)
                     + (k.value ? fixed(*k.value) : undefinedCell(k.undefinedReason))
                     + u"<br><span class=\"note\">n = %1, agreement %2</span></td>"_s.arg(pair->n).arg(
                         pair->percentAgreement.value ? fixed(*pair->percentAgreement.value) : u"undefined"_s);
        }
        m_out += u"</tr>\n"_s;
    }
    m_out += u"</tbody>\n</table>\n"_s;
}

void Page::confusionMatrices(const DashboardDimension &d)
{
    const QStringList raters = d.table.raters();
    bool any = false;
    for (int a = 0; a < raters.size(); ++a) {
        for (int b = a + 1; b < raters.size(); ++b) {
            const std::optional<ConfusionMatrix> m = pairConfusion(d, a, b);
            if (!m) {
                continue;
            }
            // Only the categories either rater used: a taxonomy of 40 values would
            // otherwise give a page of zeros.
            QList<int> used;
            qint64 total = 0;
            for (int k = 0; k < m->categories.size(); ++k) {
                qint64 row = 0;
                qint64 column = 0;
                for (int j = 0; j < m->categories.size(); ++j) {
                    row += m->counts[size_t(k)][size_t(j)];
                    column += m->counts[size_t(j)][size_t(k)];
                }
                total += row;
                if (row > 0 || column > 0) {
                    used << k;
                }
            }
            if (total == 0) {
                continue;
            }
            if (!any) {
                m_out += u"<h3>Confusion matrices</h3>\n"_s;
                any = true;
            }
            m_out += u"<details><summary>"_s + esc(raters.at(a)) + u" (rows) \u00d7 "_s + esc(raters.at(b))
                     + u" (columns), %1 units</summary>\n<table class=\"confusion\">\n<thead><tr><th></th>"_s.arg(total);
            for (int k : std::as_const(used)) {
                m_out += u"<th scope=\"col\">"_s + esc(m->categories.at(k)) + u"</th>"_s;
            }
            m_out += u"</tr></thead>\n<tbody>\n"_s;
            for (int i : std::as_const(used)) {
                m_out += u"<tr><th scope=\"row\">"_s + esc(m->categories.at(i)) + u"</th>"_s;
                for (int j : std::as_const(used)) {
                    const qint64 n = m->counts[size_t(i)][size_t(j)];
                    m_out += (i == j ? u"<td class=\"num\"><strong>%1</strong></td>"_s : u"<td class=\"num\">%1</td>"_s).arg(n);
                }
                m_out += u"</tr>\n"_s;
            }
            m_out += u"</tbody>\n</table>\n</details>\n"_s;
        }
    }
}

void Page::frequencies(const DashboardDimension &d)
{
    const RatingsTable &t = d.table;
    if (t.categoryCount() == 0) {
        return;
    }
    const std::vector<std::vector<qint64>> counts = valueFrequencies(d);
    BarChart chart;
    chart.title = u"How often each rater chose each value: "_s + dimensionTitle(d.dimension);
    chart.rows = t.categories();
    chart.decimals = 0;
    double most = 1;
    for (int r = 0; r < t.raterCount(); ++r) {
        BarSeries s;
        s.name = t.raters().at(r);
        for (int c = 0; c < t.categoryCount(); ++c) {
            const qint64 n = counts[size_t(r)][size_t(c)];
            s.values << double(n);
            most = std::max(most, double(n));
        }
        chart.series << s;
    }
    chart.maximum = most;
    m_out += u"<h3>Value frequencies</h3>\n"_s + barChartSvg(chart) + u"\n"_s;
    m_out += u"<table class=\"frequencies\" data-dimension=\""_s + esc(d.dimension.key)
             + u"\">\n<thead><tr><th>Value</th>"_s;
    for (const QString &r : t.raters()) {
        m_out += u"<th scope=\"col\" class=\"num\">"_s + esc(r) + u"</th>"_s;
    }
    m_out += u"</tr></thead>\n<tbody>\n"_s;
    for (int c = 0; c < t.categoryCount(); ++c) {
        m_out += u"<tr><th scope=\"row\">"_s + esc(t.categories().at(c)) + u"</th>"_s;
        for (int r = 0; r < t.raterCount(); ++r) {
            m_out += u"<td class=\"num\">%1</td>"_s.arg(counts[size_t(r)][size_t(c)]);
        }
        m_out += u"</tr>\n"_s;
    }
    m_out += u"</tbody>\n</table>\n"_s;
}

void Page::rounds(const DashboardDimension &d)
{
    if (m_f.byRound.empty()) {
        return;
    }
    const QStringList wanted = d.multipleChoice
                                   ? QStringList{u"krippendorff_alpha_jaccard"_s, u"krippendorff_alpha_masi"_s}
                                   : QStringList{u"percent_agreement"_s, u"fleiss_kappa"_s, u"krippendorff_alpha"_s};
    QStringList names = wanted;
    for (const RoundFigures &rf : m_f.byRound) {
        for (const NamedCoefficient &nc : rf.coefficients.value(d.dimension.key)) {
            const qsizetype i = wanted.indexOf(nc.key);
            if (i >= 0) {
                names[i] = nc.name;
            }
        }
    }
    BarChart chart;
    chart.title = u"Agreement per round: "_s + dimensionTitle(d.dimension);
    chart.minimum = 0;
    for (const QString &n : std::as_const(names)) {
        chart.series << BarSeries{n, {}};
    }
    QString table = u"<table class=\"rounds\" data-dimension=\""_s + esc(d.dimension.key)
                    + u"\">\n<thead><tr><th>Round</th>"_s;
    for (const QString &n : std::as_const(names)) {
        table += u"<th scope=\"col\" class=\"num\">"_s + esc(n) + u"</th>"_s;
    }
    table += u"<th class=\"num\">n</th></tr></thead>\n<tbody>\n"_s;
    for (const RoundFigures &rf : m_f.byRound) {
        chart.rows << u"Round %1"_s.arg(rf.round);
        const QList<NamedCoefficient> list = rf.coefficients.value(d.dimension.key);
        table += u"<tr data-round=\"%1\"><th scope=\"row\">%1</th>"_s.arg(rf.round);
        qint64 n = 0;
        for (int w = 0; w < wanted.size(); ++w) {
            const auto it = std::find_if(list.cbegin(), list.cend(), [&](const NamedCoefficient &nc) { return nc.key == wanted.at(w); });
            if (it == list.cend()) {
                chart.series[w].values << std::nullopt;
                table += u"<td class=\"num\">\u2013</td>"_s;
                continue;
            }
            const Coefficient &c = it->coefficient;
            n = std::max(n, c.n);
            chart.series[w].values << c.value;
            if (c.value) {
                chart.minimum = std::min(chart.minimum, std::floor(*c.value * 10) / 10);
            }
            table += u"<td class=\"num\" data-coefficient=\""_s + esc(it->key) + u"\" data-value=\""_s
                     + (c.value ? exact(*c.value) : u"undefined"_s) + u"\">"_s
                     + (c.value ? fixed(*c.value) : undefinedCell(c.undefinedReason)) + u"</td>"_s;
        }
        table += u"<td class=\"num\">%1</td></tr>\n"_s.arg(n);
    }
    table += u"</tbody>\n</table>\n"_s;
    chart.minimum = std::max(-1.0, chart.minimum);
    m_out += u"<h3>Agreement per round</h3>\n"_s + barChartSvg(chart) + u"\n"_s + table;
}

void Page::decisions()
{
    m_out += u"<section id=\"decisions\">\n<h2>Decision statistics</h2>\n"_s;
    if (!m_f.decisionsError.isEmpty()) {
        m_out += u"<p>The decision statistics could not be computed: "_s + esc(m_f.decisionsError) + u"</p>\n</section>\n"_s;
        return;
    }
    m_out += u"<p class=\"note\">How each dimension's reconciled answers relate to the answers of the rater findings "
             "they were reconciled from (compared as sets of value names). \u201cComparable\u201d: linked to one finding "
             "of each of at least two raters.</p>\n"_s;
    m_out += u"<table class=\"decisions\">\n<thead><tr><th>Dimension</th><th class=\"num\">Reconciled</th>"
             "<th class=\"num\">Comparable</th><th class=\"num\">Agreed, kept</th><th class=\"num\">Agreed, overruled</th>"
             "<th class=\"num\">Disagreed, adopted a rater's</th><th>Adopted from</th><th class=\"num\">Disagreed, chosen by "
             "neither</th><th class=\"num\">Chosen by neither rater (share of comparable)</th><th>Not compared</th>"
             "<th>Recorded decision</th></tr></thead>\n<tbody>\n"_s;
    for (const DecisionCounts &c : m_f.decisions) {
        QStringList adopted;
        for (auto it = c.adopted.cbegin(); it != c.adopted.cend(); ++it) {
            adopted << esc(it.key()) + u": "_s + QString::number(it.value());
        }
        QStringList recorded;
        for (auto it = c.recorded.cbegin(); it != c.recorded.cend(); ++it) {
            recorded << esc(it.key()) + u": "_s + QString::number(it.value());
        }
        const qint64 comparable = c.comparable();
        const QString share = comparable > 0
                                  ? u"<span data-value=\"%1\">%2 (%3%)</span>"_s.arg(exact(double(c.neither()) / double(comparable)))
                                        .arg(c.neither())
                                        .arg(QString::number(100.0 * double(c.neither()) / double(comparable), 'f', 1))
                                  : undefinedCell(u"no comparable reconciled finding"_s);
        m_out += u"<tr data-dimension=\""_s + esc(c.dimension.key) + u"\"><th scope=\"row\">"_s
                 + esc(dimensionTitle(c.dimension)) + u"</th>"_s;
        m_out += u"<td class=\"num\">%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td><td class=\"num\">%4</td>"
                 "<td class=\"num\">%5</td>"_s.arg(c.reconciled)
                     .arg(comparable)
                     .arg(c.agreedKept)
                     .arg(c.agreedOverruled)
                     .arg(c.adoptedAny);
        m_out += u"<td>"_s + (adopted.isEmpty() ? u"\u2013"_s : adopted.join(u"<br>"_s)) + u"</td>"_s;
        m_out += u"<td class=\"num\">%1</td><td class=\"num\">"_s.arg(c.disagreedNeither) + share + u"</td>"_s;
        m_out += u"<td>without sources %1, one rater only %2, not comparable %3, excluded by gate %4</td>"_s.arg(c.withoutSources)
                     .arg(c.singleSource)
                     .arg(c.notComparable)
                     .arg(c.excludedByGate);
        m_out += u"<td>"_s + (recorded.isEmpty() ? u"\u2013"_s : recorded.join(u"<br>"_s)) + u"</td></tr>\n"_s;
    }
    m_out += u"</tbody>\n</table>\n</section>\n"_s;
}

bool Page::codebook(QString *error)
{
    const std::optional<Codebook> book = m_project.codebook(error);
    if (!book) {
        return false;
    }
    const std::optional<QHash<ValueId, qint64>> usage = m_project.valueUsage(error);
    if (!usage) {
        return false;
    }
    const std::optional<QList<ReconciledFinding>> reconciled = m_project.reconciledFindings(error);
    if (!reconciled) {
        return false;
    }
    QHash<ValueId, qint64> reconciledUsage;
    for (const ReconciledFinding &r : *reconciled) {
        for (const QList<ValueId> &ids : r.values) {
            for (ValueId id : ids) {
                ++reconciledUsage[id];
            }
        }
    }
    QHash<ValueId, QString> nameOf;
    for (const CodebookValue &v : book->values) {
        nameOf.insert(v.id, v.name);
    }
    m_out += u"<section id=\"codebook\">\n<h2>Codebook</h2>\n<p class=\"note\">The whole project (the filters do not "
             "apply): \u201cFindings\u201d counts the rater findings that chose a value, \u201cReconciled\u201d the "
             "reconciled findings.</p>\n"_s;
    for (const Dimension &d : book->dimensions) {
        m_out += u"<h3>"_s + esc(dimensionTitle(d)) + u" <code>"_s + esc(d.key) + u"</code></h3>\n<p>Kind: "_s + kindName(d)
                 + u".</p>\n"_s;
        if (!d.description.isEmpty()) {
            m_out += u"<p>"_s + esc(d.description) + u"</p>\n"_s;
        }
        m_out += u"<table class=\"codebook\" data-dimension=\""_s + esc(d.key)
                 + u"\">\n<thead><tr><th>Value</th><th>Description</th><th class=\"num\">Findings</th>"
                   "<th class=\"num\">Reconciled</th></tr></thead>\n<tbody>\n"_s;
        for (const CodebookValue &v : book->valuesOf(d.id)) {
            QString name = esc(v.name);
            if (v.mergedInto != 0) {
                name += u" <span class=\"note\">(merged into "_s + esc(nameOf.value(v.mergedInto, u"?"_s)) + u")</span>"_s;
            } else if (v.deprecated) {
                name += u" <span class=\"note\">(deprecated)</span>"_s;
            }
            m_out += u"<tr><th scope=\"row\">"_s + name + u"</th><td>"_s + esc(v.description)
                     + u"</td><td class=\"num\">%1</td><td class=\"num\">%2</td></tr>\n"_s.arg(usage->value(v.id))
                           .arg(reconciledUsage.value(v.id));
        }
        m_out += u"</tbody>\n</table>\n"_s;
    }
    m_out += u"</section>\n"_s;
    return true;
}

void Page::files()
{
    m_out += u"<section id=\"recompute\">\n<h2>Recomputing the figures</h2>\n<p>Beside this page: "
             "<code>ratings_long.csv</code> (columns item, rater, dimension, value; one row per unit, rater and "
             "dimension; an empty value is a missing rating) holds the units of the figures above, under the same "
             "filters. <code>python3 recompute.py</code> (needs statsmodels) and <code>Rscript recompute.R</code> "
             "(uses the irr package when it is installed) read it and print percent agreement, Cohen's kappa (two "
             "raters) and Fleiss' kappa per dimension, tab separated: dimension, coefficient, value "
             "(or <em>undefined</em>), how it was computed. <code>concord-cli agreement --ratings ratings_long.csv "
             "--dimension KEY</code> prints every coefficient of one dimension.</p>\n</section>\n"_s;
}

} // namespace

QStringList agreementReportFileNames()
{
    return {s_html, s_long, s_python, s_r};
}

std::optional<QString> agreementReportHtml(const Project &project, const DashboardFigures &figures, QString *error)
{
    Page page(project, figures);
    return page.build(error);
}

std::optional<QList<ExportedFile>> writeAgreementReport(const Project &project, const AgreementReportOptions &options,
                                                        const QString &directory, QString *error)
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory)) {
        *error = directory + u": cannot create the directory"_s;
        return std::nullopt;
    }
    dir.setPath(dir.absolutePath());
    if (!options.overwrite) {
        for (const QString &name : agreementReportFileNames()) {
            if (QFileInfo::exists(dir.filePath(name))) {
                *error = dir.filePath(name) + u": exists; nothing was written (choose another directory or overwrite)"_s;
                return std::nullopt;
            }
        }
    }
    constexpr int steps = 4;
    auto proceed = [&](int step) {
        if (options.progress && !options.progress(step, steps)) {
            *error = u"cancelled; nothing was written"_s;
            return false;
        }
        return true;
    };
    if (!proceed(0)) {
        return std::nullopt;
    }
    const std::optional<DashboardFigures> figures = computeDashboardFigures(project, options.filters, error, options.cancelled);
    if (!figures) {
        if (options.cancelled && options.cancelled()) {
            *error = u"cancelled; nothing was written"_s;
        } else {
            *error = project.path() + u": "_s + *error + u"; nothing was written"_s;
        }
        return std::nullopt;
    }
    if (!proceed(1)) {
        return std::nullopt;
    }
    const std::optional<QString> html = agreementReportHtml(project, *figures, error);
    if (!html) {
        *error = project.path() + u": "_s + *error + u"; nothing was written"_s;
        return std::nullopt;
    }
    if (!proceed(2)) {
        return std::nullopt;
    }
    const std::optional<std::vector<DimensionUnits>> units =
        assembleProjectUnits(project, options.filters.projectOptions(), error);
    if (!units) {
        *error = project.path() + u": "_s + *error + u"; nothing was written"_s;
        return std::nullopt;
    }
    if (!proceed(3)) {
        return std::nullopt;
    }
    QStringList multipleChoice;
    for (const DimensionUnits &d : *units) {
        if (d.dimension.kind == Dimension::Kind::MultipleChoice) {
            multipleChoice << d.dimension.key;
        }
    }

    struct Out
    {
        QString name;
        std::unique_ptr<QSaveFile> file;
        qint64 rows = 0;
    };
    std::vector<Out> outs;
    auto fail = [&](const QString &message) {
        *error = message + u"; nothing was written"_s;
        for (Out &o : outs) {
            o.file->cancelWriting();
        }
        qCWarning(lcReport) << *error;
        return std::nullopt;
    };
    for (const QString &name : agreementReportFileNames()) {
        Out o{name, std::make_unique<QSaveFile>(dir.filePath(name)), 0};
        if (!o.file->open(QIODevice::WriteOnly)) {
            const QString message = dir.filePath(name) + u": cannot write: "_s + o.file->errorString();
            outs.push_back(std::move(o));
            return fail(message);
        }
        outs.push_back(std::move(o));
    }
    auto writeText = [&](Out &o, const QString &text) {
        const QByteArray bytes = text.toUtf8();
        return o.file->write(bytes) == bytes.size();
    };
    if (!writeText(outs[0], *html)) {
        return fail(outs[0].file->fileName() + u": cannot write: "_s + outs[0].file->errorString());
    }
    {
        CsvWriter csv(outs[1].file.get());
        bool ok = csv.writeRow(longRatingsHeader());
        ok = ok && forEachLongRating(*units, [&](const QStringList &fields) {
            ++outs[1].rows;
            return csv.writeRow(fields);
        });
        if (!ok || !csv.flush()) {
            return fail(outs[1].file->fileName() + u": cannot write: "_s + csv.errorString());
        }
    }
    if (!writeText(outs[2], recomputePythonScript(multipleChoice))) {
        return fail(outs[2].file->fileName() + u": cannot write: "_s + outs[2].file->errorString());
    }
    if (!writeText(outs[3], recomputeRScript(multipleChoice))) {
        return fail(outs[3].file->fileName() + u": cannot write: "_s + outs[3].file->errorString());
    }
    for (Out &o : outs) {
        if (!o.file->flush()) {
            return fail(o.file->fileName() + u": cannot write: "_s + o.file->errorString());
        }
    }
    if (!proceed(steps)) {
        for (Out &o : outs) {
            o.file->cancelWriting();
        }
        return std::nullopt;
    }
    QList<ExportedFile> written;
    for (Out &o : outs) {
        if (!o.file->commit()) {
            *error = o.file->fileName() + u": cannot write: "_s + o.file->errorString();
            return std::nullopt;
        }
        if (o.name == s_python) {
            QFile::setPermissions(o.file->fileName(), QFile::permissions(o.file->fileName()) | QFile::ExeOwner
                                                          | QFile::ExeGroup | QFile::ExeOther);
        }
        written.append({o.name, dir.filePath(o.name), o.rows});
    }
    return written;
}

} // namespace Concord
