// SPDX-License-Identifier: GPL-3.0-or-later
#include "patch/patchparser.h"

#include <QIODevice>

namespace Concord {

QString PatchParseError::toString(const QString &fileName) const
{
    if (line > 0) {
        return fileName + u':' + QString::number(line) + QStringLiteral(": ") + message;
    }
    return fileName + QStringLiteral(": ") + message;
}

PatchParser::PatchParser() = default;

void PatchParser::setMaxLineLength(qint64 bytes)
{
    m_maxLineLength = qMax<qint64>(1024, bytes);
}

QList<DiffLine> PatchParser::hunkLines(const Hunk &hunk, QByteArrayView bytes)
{
    QList<DiffLine> lines;
    qsizetype pos = bytes.indexOf('\n');
    if (pos < 0) {
        return lines; // only the "@@" line
    }
    ++pos;
    int oldLine = hunk.oldStart;
    int newLine = hunk.newStart;
    int oldLeft = hunk.oldCount;
    int newLeft = hunk.newCount;
    while (pos < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', pos);
        const qsizetype next = end < 0 ? bytes.size() : end + 1;
        if (end < 0) {
            end = bytes.size();
        }
        QByteArrayView raw = bytes.sliced(pos, end - pos);
        pos = next;
        DiffLine line;
        if (raw.endsWith('\r')) {
            line.crlf = true;
            raw.chop(1);
        }
        const char prefix = raw.isEmpty() ? ' ' : raw.front();
        const QByteArrayView content = raw.isEmpty() ? raw : raw.sliced(1);
        if (prefix == '\\') {
            line.kind = DiffLine::Kind::NoNewline;
            line.text = QString::fromUtf8(content.trimmed());
            lines.append(line);
            continue;
        }
        if (oldLeft <= 0 && newLeft <= 0) {
            break; // the counts are used up: what follows is not part of the hunk
        }
        line.text = QString::fromUtf8(content);
        if (prefix == '+') {
            line.kind = DiffLine::Kind::Added;
            line.newLine = newLine++;
            --newLeft;
        } else if (prefix == '-') {
            line.kind = DiffLine::Kind::Deleted;
            line.oldLine = oldLine++;
            --oldLeft;
        } else {
            line.kind = DiffLine::Kind::Context;
            line.oldLine = oldLine++;
            line.newLine = newLine++;
            --oldLeft;
            --newLeft;
        }
        lines.append(line);
    }
    return lines;
}

} // namespace Concord
