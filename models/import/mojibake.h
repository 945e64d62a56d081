// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Concord {

/// The text that @p text was before it was mis-decoded: UTF-8 bytes read as Latin-1
/// ("Nyikovics MÃ¡tÃ©" for "Nyikovics Máté"), as the study's web app stored some author
/// names. Repaired only when that is unambiguous: every character of @p text is Latin-1,
/// some are not ASCII, and those bytes are valid UTF-8 (no C1 control characters in the
/// result). Anything else — correct text, text mis-decoded some other way — gives nullopt
/// and is left as it is.
std::optional<QString> repairLatin1Mojibake(QStringView text);

} // namespace Concord
