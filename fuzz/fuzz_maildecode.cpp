// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the mail body decoder. The input's first line becomes the mail's
// Content-Type, its second the Content-Transfer-Encoding, the rest its body, so every
// decoder path (quoted-printable, base64, MIME multipart with nested parts and
// attachments, charsets, format=flowed) is reached from the first bytes. Checked: the
// parse never crashes, and the offsets of every file and hunk of a decoded mail lie inside
// the decoded bytes (what the importer stores and the viewer reads back).
#include "patch/patchparser.h"

using namespace Concord;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype first = input.indexOf('\n');
    const QByteArrayView type = first < 0 ? input : input.first(first);
    QByteArrayView rest = first < 0 ? QByteArrayView() : input.sliced(first + 1);
    const qsizetype second = rest.indexOf('\n');
    const QByteArrayView encoding = second < 0 ? rest : rest.first(second);
    const QByteArrayView body = second < 0 ? QByteArrayView() : rest.sliced(second + 1);

    QByteArray mail = "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
                      "From: Fuzz <f@z>\nSubject: [PATCH] fuzz\nMIME-Version: 1.0\nContent-Type: ";
    mail += type;
    mail += "\nContent-Transfer-Encoding: ";
    mail += encoding;
    mail += "\n\n";
    mail += body;
    PatchParseError error;
    const auto patches = PatchParser::parseAll(mail, &error);
    if (!patches) {
        return 0;
    }
    for (const Patch &p : *patches) {
        const qint64 end = p.decoded.isEmpty() ? qint64(mail.size()) : p.offset + p.decoded.size();
        for (const FileDiff &f : p.files) {
            if (f.offset < p.offset || f.offset + f.length > end) {
                __builtin_trap();
            }
            for (const Hunk &h : f.hunks) {
                if (h.offset < f.offset || h.offset + h.length > end) {
                    __builtin_trap();
                }
                const QByteArrayView bytes = p.decoded.isEmpty()
                    ? QByteArrayView(mail).sliced(h.offset, h.length)
                    : QByteArrayView(p.decoded).sliced(h.offset - p.offset, h.length);
                (void)PatchParser::hunkLines(h, bytes);
            }
        }
    }
    return 0;
}
