// SPDX-License-Identifier: GPL-3.0-or-later
#include "notebookdiff.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

// Reads the JSON string starting at t[0] == '"'; sets end to the index after its
// closing quote. Enough of JSON for the strings nbformat writes (all escapes).
std::optional<QString> readJsonString(QStringView t, qsizetype &end)
{
    if (t.isEmpty() || t[0] != u'"') {
        return std::nullopt;
    }
    QString out;
    for (qsizetype i = 1; i < t.size(); ++i) {
        const QChar c = t[i];
        if (c == u'"') {
            end = i + 1;
            return out;
        }
        if (c != u'\\') {
            out.append(c);
            continue;
        }
        if (++i >= t.size()) {
            return std::nullopt;
        }
        switch (t[i].unicode()) {
        case u'n': out.append(u'\n'); break;
        case u't': out.append(u'\t'); break;
        case u'r': out.append(u'\r'); break;
        case u'b': out.append(u'\b'); break;
        case u'f': out.append(u'\f'); break;
        case u'"': out.append(u'"'); break;
        case u'\\': out.append(u'\\'); break;
        case u'/': out.append(u'/'); break;
        case u'u': {
            if (i + 4 >= t.size()) {
                return std::nullopt;
            }
            bool ok = false;
            const ushort code = t.sliced(i + 1, 4).toUShort(&ok, 16);
            if (!ok) {
                return std::nullopt;
            }
            out.append(QChar(code));
            i += 4;
            break;
        }
        default:
            return std::nullopt;
        }
    }
    return std::nullopt;
}

QStringView withoutComma(QStringView t)
{
    return t.endsWith(u',') ? t.chopped(1).trimmed() : t;
}

// A line that is one JSON string, an array element: "text\n",
std::optional<QString> stringElement(QStringView t)
{
    qsizetype end = 0;
    std::optional<QString> s = readJsonString(t, end);
    if (!s || withoutComma(t.sliced(end)).size() != 0) {
        return std::nullopt;
    }
    return s;
}

struct KeyValue
{
    QString key;
    QStringView value; ///< the raw JSON value, without a trailing comma
};

// A line "key": value
std::optional<KeyValue> keyValue(QStringView t)
{
    qsizetype end = 0;
    std::optional<QString> key = readJsonString(t, end);
    if (!key) {
        return std::nullopt;
    }
    QStringView rest = t.sliced(end).trimmed();
    if (!rest.startsWith(u':')) {
        return std::nullopt;
    }
    return KeyValue{*key, withoutComma(rest.sliced(1).trimmed())};
}

std::optional<QString> stringValue(QStringView value)
{
    qsizetype end = 0;
    std::optional<QString> s = readJsonString(value, end);
    if (!s || end != value.size()) {
        return std::nullopt;
    }
    return s;
}

bool isTextArrayKey(const QString &key)
{
    return key == u"source"_s || key == u"text"_s || key.startsWith(u"text/"_s) || key == u"application/javascript"_s
        || key == u"image/svg+xml"_s || key == u"traceback"_s;
}

void appendText(NotebookBlock &block, DiffLine::Kind kind, QString text)
{
    if (text.endsWith(u'\n')) {
        text.chop(1);
    }
    const QStringList parts = text.split(u'\n');
    for (const QString &part : parts) {
        block.lines.append({kind, part});
    }
}

int indentOf(const QString &text)
{
    int n = 0;
    while (n < text.size() && text[n] == u' ') {
        ++n;
    }
    return n;
}

QString languageOf(const QJsonObject &notebook)
{
    const QJsonObject metadata = notebook.value(u"metadata"_s).toObject();
    QString language = metadata.value(u"kernelspec"_s).toObject().value(u"language"_s).toString();
    if (language.isEmpty()) {
        language = metadata.value(u"language_info"_s).toObject().value(u"name"_s).toString();
    }
    return language;
}

// The whole old and new notebooks, when one hunk holds them.
void readWholeNotebook(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, NotebookDiff &diff)
{
    if (file.hunks.size() != 1 || hunkLines.size() != 1) {
        return;
    }
    const Hunk &hunk = file.hunks.first();
    if (hunk.oldStart > 1 || hunk.newStart > 1) {
        return;
    }
    QString oldText;
    QString newText;
    for (const DiffLine &line : hunkLines.first()) {
        if (line.kind != DiffLine::Kind::Added && line.kind != DiffLine::Kind::NoNewline) {
            oldText += line.text + u'\n';
        }
        if (line.kind != DiffLine::Kind::Deleted && line.kind != DiffLine::Kind::NoNewline) {
            newText += line.text + u'\n';
        }
    }
    QJsonParseError error;
    const QJsonDocument newDoc = QJsonDocument::fromJson(newText.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !newDoc.isObject()) {
        return;
    }
    if (file.change != FileDiff::Change::Added || !oldText.isEmpty()) {
        const QJsonDocument oldDoc = QJsonDocument::fromJson(oldText.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !oldDoc.isObject()) {
            return;
        }
    }
    diff.complete = true;
    const QString language = languageOf(newDoc.object());
    if (!language.isEmpty()) {
        diff.language = language;
    }
}

} // namespace

bool NotebookBlock::changed() const
{
    if (role == Role::Image) {
        return oldImage != newImage;
    }
    for (const Line &line : lines) {
        if (line.kind == DiffLine::Kind::Added || line.kind == DiffLine::Kind::Deleted) {
            return true;
        }
    }
    return false;
}

bool isNotebookPath(const QString &path)
{
    return path.endsWith(u".ipynb"_s, Qt::CaseInsensitive);
}

NotebookDiff notebookDiff(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines)
{
    NotebookDiff diff;
    QString language;
    for (qsizetype h = 0; h < hunkLines.size(); ++h) {
        qsizetype open = -1;     // the block an open string array fills
        qsizetype jsonBlock = -1; // the block collecting a run of changed JSON lines
        QString cellType;
        auto newBlock = [&](NotebookBlock::Role role, const QString &name, bool startSeen) {
            NotebookBlock block;
            block.role = role;
            block.cellType = cellType;
            block.name = name;
            block.startSeen = startSeen;
            block.hunk = int(h);
            diff.blocks.append(std::move(block));
            jsonBlock = -1;
            return diff.blocks.size() - 1;
        };
        for (const DiffLine &line : hunkLines[h]) {
            if (line.kind == DiffLine::Kind::NoNewline) {
                continue;
            }
            const QStringView t = QStringView(line.text).trimmed();
            if (open >= 0) {
                if (t == u"]" || t == u"],") {
                    open = -1;
                    continue;
                }
                if (std::optional<QString> s = stringElement(t)) {
                    appendText(diff.blocks[open], line.kind, std::move(*s));
                    continue;
                }
                open = -1;
            }
            const std::optional<KeyValue> kv = keyValue(t);
            if (!kv) {
                if (std::optional<QString> s = stringElement(t)) {
                    // The hunk starts inside an array: a cell's source lines are at
                    // indent 4, an output's text deeper.
                    const bool source = indentOf(line.text) <= 4;
                    open = newBlock(source ? NotebookBlock::Role::Source : NotebookBlock::Role::OutputText,
                                    source ? u"source"_s : u"text"_s, false);
                    appendText(diff.blocks[open], line.kind, std::move(*s));
                    continue;
                }
            } else if (kv->key == u"cell_type"_s) {
                cellType = stringValue(kv->value).value_or(QString());
                ++diff.cells;
            } else if (kv->key == u"language"_s && language.isEmpty()) {
                language = stringValue(kv->value).value_or(QString());
            } else if (isTextArrayKey(kv->key)) {
                const auto role = kv->key == u"source"_s ? NotebookBlock::Role::Source : NotebookBlock::Role::OutputText;
                if (kv->value == u"[") {
                    open = newBlock(role, kv->key, true);
                    continue;
                }
                if (std::optional<QString> s = stringValue(kv->value)) {
                    appendText(diff.blocks[newBlock(role, kv->key, true)], line.kind, std::move(*s));
                    continue;
                }
            } else if (kv->key.startsWith(u"image/"_s)) {
                if (std::optional<QString> s = stringValue(kv->value)) {
                    const QByteArray bytes = QByteArray::fromBase64(s->trimmed().toLatin1());
                    // A deleted image followed by an added one is one changed output.
                    NotebookBlock *pair = diff.blocks.isEmpty() ? nullptr : &diff.blocks.last();
                    if (line.kind == DiffLine::Kind::Added && pair && pair->role == NotebookBlock::Role::Image && pair->hunk == h
                        && !pair->oldImage.isEmpty() && pair->newImage.isEmpty()) {
                        pair->newImage = bytes;
                        continue;
                    }
                    NotebookBlock &block = diff.blocks[newBlock(NotebookBlock::Role::Image, kv->key, true)];
                    if (line.kind != DiffLine::Kind::Added) {
                        block.oldImage = bytes;
                    }
                    if (line.kind != DiffLine::Kind::Deleted) {
                        block.newImage = bytes;
                    }
                    continue;
                }
            }
            // Structure: kept only where it changed.
            if (line.kind == DiffLine::Kind::Context) {
                jsonBlock = -1;
                continue;
            }
            if (jsonBlock < 0) {
                jsonBlock = newBlock(NotebookBlock::Role::Json, QString(), true);
            }
            diff.blocks[jsonBlock].lines.append({line.kind, line.text});
        }
    }
    if (!language.isEmpty()) {
        diff.language = language;
    }
    readWholeNotebook(file, hunkLines, diff);
    return diff;
}

} // namespace Concord
