// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/mojibake.h"

#include <QStringDecoder>

namespace Concord {

std::optional<QString> repairLatin1Mojibake(QStringView text)
{
    bool nonAscii = false;
    for (const QChar c : text) {
        if (c.unicode() > 0xff) {
            return std::nullopt; // not Latin-1: it was not read that way
        }
        nonAscii = nonAscii || c.unicode() > 0x7f;
    }
    if (!nonAscii) {
        return std::nullopt;
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString repaired = utf8.decode(text.toLatin1());
    if (utf8.hasError()) {
        return std::nullopt; // "café" as Latin-1 is no UTF-8: it was right as it was
    }
    for (const QChar c : repaired) {
        if (c.unicode() >= 0x80 && c.unicode() <= 0x9f) {
            return std::nullopt; // C1 controls: not text anyone wrote
        }
    }
    return repaired;
}

} // namespace Concord
