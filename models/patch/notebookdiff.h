// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "patch/diffdata.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Concord {

/// A Jupyter notebook's diff read cell by cell from the hunks of its JSON.
///
/// Notebooks are written by Jupyter (and nbformat) pretty-printed with one-space
/// indentation: a cell's keys at indent 3 ("cell_type", "outputs", "source"), each line
/// of a cell's source one JSON string at indent 4, an output's text lines deeper, and an
/// image output as one base64 string ("image/png": "iVBOR..."). Hunks usually show
/// only parts of cells, so the hunk lines are read by that layout, line by line: JSON
/// strings become text lines keeping their diff kind, "image/png" strings become
/// images, and any other changed JSON line (execution counts, metadata) is kept as is.
/// When the hunks hold the whole notebook (an added file, or one hunk from line 1 whose
/// old and new texts both parse), complete is set and the kernel's language is read.
struct NotebookBlock
{
    enum class Role : quint8 {
        Source,     ///< a cell's source lines
        OutputText, ///< an output's text (stream, text/plain, ...)
        Image,      ///< an image output
        Json,       ///< other changed JSON lines (metadata, execution counts)
    };
    struct Line
    {
        DiffLine::Kind kind = DiffLine::Kind::Context;
        QString text; ///< decoded, without its trailing "\n"
        bool operator==(const Line &) const = default;
    };
    Role role = Role::Source;
    QString cellType;   ///< "code", "markdown", "raw"; empty when the hunk does not show it
    QString name;       ///< the JSON key the lines came from ("source", "text", "text/plain", "image/png")
    bool startSeen = false; ///< the hunk shows where the block begins
    int hunk = 0;
    QList<Line> lines;  ///< Source, OutputText, Json
    QByteArray oldImage; ///< Image: the encoded image (PNG, JPEG) on each side, empty when absent
    QByteArray newImage;

    bool changed() const;
    bool operator==(const NotebookBlock &) const = default;
};

struct NotebookDiff
{
    bool complete = false;          ///< old and new notebooks rebuilt whole from the hunks
    QString language = QStringLiteral("python"); ///< the kernel's language (python when not known)
    QList<NotebookBlock> blocks;
    int cells = 0;                  ///< "cell_type" lines seen (cells whose start is shown)
};

/// True for paths ending in ".ipynb".
bool isNotebookPath(const QString &path);

/// Reads the hunks of a notebook's diff (@p hunkLines: hunks 0..n-1 of @p file).
NotebookDiff notebookDiff(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines);

} // namespace Concord
