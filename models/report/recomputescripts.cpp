// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/recomputescripts.h"

#include "recomputescripts_data.h"
#include "version.h"

#include <QJsonDocument>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

/// The keys as a comma-separated list of double-quoted string literals: JSON's escapes
/// (\", \\, \n, \uXXXX) mean the same in Python and R.
QString stringLiterals(const QStringList &keys)
{
    QStringList out;
    for (const QString &key : keys) {
        QString json = QString::fromUtf8(QJsonDocument(QJsonArray{key}).toJson(QJsonDocument::Compact));
        out << json.mid(1, json.size() - 2);
    }
    return out.join(u", "_s);
}

QString fill(const char *text, const QStringList &multipleChoice, bool python)
{
    QString script = QString::fromUtf8(text);
    script.replace(u"@VERSION@"_s, versionString());
    const QString list = stringLiterals(multipleChoice);
    script.replace(u"@MULTIPLE_CHOICE@"_s, python ? u"["_s + list + u"]"_s : list);
    return script;
}

} // namespace

QString recomputePythonScript(const QStringList &multipleChoice)
{
    return fill(ReportScripts::python, multipleChoice, true);
}

QString recomputeRScript(const QStringList &multipleChoice)
{
    return fill(ReportScripts::r, multipleChoice, false);
}

} // namespace Concord
