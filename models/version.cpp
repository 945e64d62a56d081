// SPDX-License-Identifier: GPL-3.0-or-later
#include "version.h"

namespace Concord {
QString versionString()
{
    return QStringLiteral(CONCORD_VERSION_STRING);
}
} // namespace Concord
