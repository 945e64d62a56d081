// SPDX-License-Identifier: GPL-3.0-or-later
#include "agreement/agreementjson.h"

#include <QJsonArray>

#include <cmath>

namespace Concord {

namespace {

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? number(*v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject coefficientToJson(const Coefficient &c)
{
    QJsonObject o;
    o.insert(QStringLiteral("value"), optionalNumber(c.value));
    o.insert(QStringLiteral("se"), optionalNumber(c.se));
    if (c.ci95) {
        o.insert(QStringLiteral("ci95"), QJsonArray{number(c.ci95->first), number(c.ci95->second)});
    } else {
        o.insert(QStringLiteral("ci95"), QJsonValue(QJsonValue::Null));
    }
    o.insert(QStringLiteral("observed"), number(c.observed));
    o.insert(QStringLiteral("expected"), number(c.expected));
    o.insert(QStringLiteral("undefined_reason"),
             c.value ? QJsonValue(QJsonValue::Null) : QJsonValue(c.undefinedReason));
    o.insert(QStringLiteral("n"), c.n);
    if (c.disagreement) {
        o.insert(QStringLiteral("disagreement"), true);
    }
    return o;
}

QJsonObject agreementReportToJson(const AgreementReport &r, const QString &dimension, qint64 notComparable)
{
    QJsonObject o;
    o.insert(QStringLiteral("dimension"), dimension);
    o.insert(QStringLiteral("raters"), QJsonArray::fromStringList(r.raters));
    o.insert(QStringLiteral("n_units"), r.units);
    o.insert(QStringLiteral("n_rated_units"), r.ratedUnits);
    o.insert(QStringLiteral("n_pairable_units"), r.pairableUnits);
    o.insert(QStringLiteral("n_not_comparable"), notComparable);
    o.insert(QStringLiteral("categories"), QJsonArray::fromStringList(r.categories));

    QJsonObject s;
    s.insert(QStringLiteral("percent_agreement"), coefficientToJson(r.percentAgreement));
    if (r.raters.size() == 2) {
        s.insert(QStringLiteral("cohen_kappa"), coefficientToJson(r.cohenKappa));
    }
    s.insert(QStringLiteral("scott_pi"), coefficientToJson(r.scottPi));
    s.insert(QStringLiteral("fleiss_kappa"), coefficientToJson(r.fleissKappa));
    s.insert(QStringLiteral("krippendorff_alpha"), coefficientToJson(r.krippendorffAlpha));
    s.insert(QStringLiteral("gwet_ac1"), coefficientToJson(r.gwetAc1));
    s.insert(QStringLiteral("brennan_prediger"), coefficientToJson(r.brennanPrediger));
    if (r.weightedKappaLinear) {
        s.insert(QStringLiteral("weighted_kappa_linear"), coefficientToJson(*r.weightedKappaLinear));
    }
    if (r.weightedKappaQuadratic) {
        s.insert(QStringLiteral("weighted_kappa_quadratic"), coefficientToJson(*r.weightedKappaQuadratic));
    }
    if (r.krippendorffAlphaOrdinal) {
        s.insert(QStringLiteral("krippendorff_alpha_ordinal"), coefficientToJson(*r.krippendorffAlphaOrdinal));
    }
    if (r.krippendorffAlphaInterval) {
        s.insert(QStringLiteral("krippendorff_alpha_interval"), coefficientToJson(*r.krippendorffAlphaInterval));
    }
    o.insert(QStringLiteral("statistics"), s);

    if (r.confusion) {
        QJsonObject c;
        c.insert(QStringLiteral("rows"), r.confusion->raterA);
        c.insert(QStringLiteral("columns"), r.confusion->raterB);
        c.insert(QStringLiteral("categories"), QJsonArray::fromStringList(r.confusion->categories));
        QJsonArray matrix;
        for (const auto &row : r.confusion->counts) {
            QJsonArray line;
            for (qint64 v : row) {
                line.append(v);
            }
            matrix.append(line);
        }
        c.insert(QStringLiteral("matrix"), matrix);
        o.insert(QStringLiteral("confusion"), c);
    }

    QJsonArray pairs;
    for (const PairAgreement &p : r.pairs) {
        QJsonObject po;
        po.insert(QStringLiteral("raters"), QJsonArray{p.raterA, p.raterB});
        po.insert(QStringLiteral("n_units"), p.n);
        po.insert(QStringLiteral("percent_agreement"), coefficientToJson(p.percentAgreement));
        po.insert(QStringLiteral("cohen_kappa"), coefficientToJson(p.cohenKappa));
        po.insert(QStringLiteral("scott_pi"), coefficientToJson(p.scottPi));
        pairs.append(po);
    }
    o.insert(QStringLiteral("pairs"), pairs);

    QJsonArray perCategory;
    for (const CategoryAgreement &c : r.perCategory) {
        QJsonObject co;
        co.insert(QStringLiteral("category"), c.category);
        co.insert(QStringLiteral("ratings"), c.ratings);
        co.insert(QStringLiteral("specific_agreement"), optionalNumber(c.specificAgreement));
        co.insert(QStringLiteral("kappa"), coefficientToJson(c.kappa));
        perCategory.append(co);
    }
    o.insert(QStringLiteral("per_category"), perCategory);
    return o;
}

QJsonObject multipleChoiceReportToJson(const MultipleChoiceReport &r, const QString &dimension, qint64 notComparable)
{
    QJsonObject o;
    o.insert(QStringLiteral("dimension"), dimension);
    o.insert(QStringLiteral("raters"), QJsonArray::fromStringList(r.raters));
    o.insert(QStringLiteral("n_units"), r.units);
    o.insert(QStringLiteral("n_not_comparable"), notComparable);
    QJsonObject s;
    s.insert(QStringLiteral("krippendorff_alpha_jaccard"), coefficientToJson(r.alphaJaccard));
    s.insert(QStringLiteral("krippendorff_alpha_masi"), coefficientToJson(r.alphaMasi));
    o.insert(QStringLiteral("statistics"), s);
    QJsonArray perValue;
    for (const ValueAgreement &v : r.perValue) {
        QJsonObject vo;
        vo.insert(QStringLiteral("value"), v.value);
        vo.insert(QStringLiteral("kappa"), coefficientToJson(v.kappa));
        vo.insert(QStringLiteral("krippendorff_alpha"), coefficientToJson(v.alpha));
        perValue.append(vo);
    }
    o.insert(QStringLiteral("per_value"), perValue);
    return o;
}

} // namespace Concord
