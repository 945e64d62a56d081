// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Concord {
/// The version of this build, e.g. "0.1.0".
QString versionString();
} // namespace Concord
