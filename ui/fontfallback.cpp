// SPDX-License-Identifier: GPL-3.0-or-later
#include "fontfallback.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Concord {

QStringList installedCjkFamilies(bool monospace)
{
    static const QStringList s_sans{
        u"Noto Sans CJK KR"_s, u"Noto Sans CJK SC"_s,  u"Noto Sans CJK TC"_s,  u"Noto Sans CJK JP"_s,
        u"Source Han Sans K"_s, u"Source Han Sans"_s,   u"WenQuanYi Micro Hei"_s, u"WenQuanYi Zen Hei"_s,
        u"NanumGothic"_s,      u"Malgun Gothic"_s,     u"Microsoft YaHei"_s,   u"Yu Gothic UI"_s,
        u"Apple SD Gothic Neo"_s, u"PingFang SC"_s,     u"Hiragino Sans"_s};
    static const QStringList s_mono{u"Noto Sans Mono CJK KR"_s, u"Noto Sans Mono CJK SC"_s, u"Noto Sans Mono CJK TC"_s,
                                    u"Noto Sans Mono CJK JP"_s, u"WenQuanYi Micro Hei Mono"_s, u"NanumGothicCoding"_s};
    QSet<QString> installed;
    for (const QString &family : QFontDatabase::families()) {
        installed.insert(family.toLower());
    }
    QStringList found;
    for (const QStringList *list : monospace ? QList<const QStringList *>{&s_mono, &s_sans} : QList<const QStringList *>{&s_sans}) {
        for (const QString &family : *list) {
            if (installed.contains(family.toLower())) {
                found.append(family);
            }
        }
    }
    return found;
}

void installFontFallbacks()
{
    const QStringList sans = installedCjkFamilies(false);
    const QStringList mono = installedCjkFamilies(true);
    const QString general = QApplication::font().family();
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    if (!sans.isEmpty()) {
        QFont::insertSubstitutions(general, sans);
        QFont::insertSubstitutions(u"sans-serif"_s, sans);
    }
    if (!mono.isEmpty()) {
        QFont::insertSubstitutions(fixed, mono);
        QFont::insertSubstitutions(u"monospace"_s, mono);
    }
}

} // namespace Concord
