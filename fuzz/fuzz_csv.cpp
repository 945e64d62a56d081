// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the CSV reader on arbitrary bytes, with small limits so long inputs
// exercise the "field too long" path. Checks what the importers rely on: record lines
// only grow, a record never exceeds the field cap, and an error stops the reader.
#include "import/csvreader.h"
#include "import/labelimport.h"

#include <QBuffer>

#include <cstdlib>

using namespace Concord;

static void check(bool ok)
{
    if (!ok) {
        std::abort();
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, size > 0 && data[0] == ';' ? ';' : ',');
    reader.setMaxFieldBytes(4096);
    reader.setMaxFields(256);
    QStringList fields;
    qint64 lastLine = 0;
    bool first = true;
    while (reader.readRecord(&fields)) {
        check(reader.recordLine() >= lastLine);
        lastLine = reader.recordLine();
        check(fields.size() >= 1 && fields.size() <= 256);
        for (const QString &f : std::as_const(fields)) {
            check(f.size() <= 4096);
        }
        if (first) {
            (void)classifyLabelCsv(CsvHeader(fields));
            first = false;
        }
    }
    if (reader.hasError()) {
        check(reader.errorString().startsWith(QLatin1String("line ")));
        check(!reader.readRecord(&fields));
    }
    return 0;
}
