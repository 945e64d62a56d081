// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: mail headers. The input is decoded as an RFC 2047 header value, and
// parsed as the header block and message of a format-patch mail (a separator line is put
// in front so the parser is in its mailbox states from the first byte).
#include "patch/patchparser.h"

using namespace Concord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString decoded = PatchParser::decodeHeader(input);
    (void)decoded;

    QByteArray mail = "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n";
    mail += input;
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mail, &error);
    if (patches) {
        for (const Patch &p : *patches) {
            if (p.offset < 0 || p.offset + p.length > mail.size()) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
