// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: PatchParser on arbitrary bytes, as a streaming parse with a small
// line cap, then hunkLines() on every hunk it reports. Checks the invariants the store
// and the diff view rely on: sections and hunks lie inside the input, in order.
#include "patch/patchparser.h"

#include <QBuffer>

#include <cstdlib>

using namespace Concord;

namespace {

class Checker : public PatchParser::Handler
{
public:
    explicit Checker(QByteArrayView input)
        : m_input(input)
    {
    }
    bool fileParsed(const FileDiff &file) override
    {
        check(file.offset >= m_lastEnd && file.length >= 0 && file.offset + file.length <= m_input.size());
        m_lastEnd = file.offset + file.length;
        int added = 0, deleted = 0;
        for (const Hunk &h : file.hunks) {
            check(h.offset >= file.offset && h.offset + h.length <= file.offset + file.length);
            const QList<DiffLine> lines = PatchParser::hunkLines(h, m_input.sliced(h.offset, h.length));
            int a = 0, d = 0;
            for (const DiffLine &l : lines) {
                a += l.kind == DiffLine::Kind::Added;
                d += l.kind == DiffLine::Kind::Deleted;
            }
            check(a == h.added && d == h.deleted);
            added += a;
            deleted += d;
        }
        check(added == file.added && deleted == file.deleted);
        return true;
    }
    bool patchFinished(const Patch &patch) override
    {
        check(patch.offset >= 0 && patch.length >= 0 && patch.offset + patch.length <= m_input.size());
        return true;
    }

private:
    static void check(bool ok)
    {
        if (!ok) {
            std::abort();
        }
    }
    QByteArrayView m_input;
    qint64 m_lastEnd = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    PatchParser parser;
    parser.setMaxLineLength(4096); // exercise the overlong-line paths with small inputs
    Checker checker(bytes);
    parser.parse(&buffer, checker);
    return 0;
}
