// SPDX-License-Identifier: GPL-3.0-or-later
#include "filecontext.h"

#include "patch/localclone.h"
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString s_settingsGroup = u"LocalClones/"_s;
// Highlighting per slice before the event loop gets its turn again.
constexpr qint64 s_sliceMilliseconds = 8;

// Lines of the file before the hunk that starts at @p start with @p count lines: a hunk
// with no lines on a side starts after its start line ("@@ -10,0 +11,2 @@").
int linesBefore(int start, int count)
{
    return count == 0 ? start : start - 1;
}

QString shortPath(const QString &path)
{
    const QString home = QDir::homePath();
    if (!home.isEmpty() && home != u"/"_s && (path == home || path.startsWith(home + u'/'))) {
        return u"~"_s + path.mid(home.size());
    }
    return QDir::toNativeSeparators(path);
}

} // namespace

QString localClonePath(const QString &repository, const QString &projectDefault)
{
    if (!repository.isEmpty()) {
        const QSettings settings;
        const QString key = s_settingsGroup + repository;
        if (settings.contains(key)) {
            // An empty value is an unlink: it also overrides the project's import clone.
            return settings.value(key).toString();
        }
    }
    return projectDefault;
}

void setLocalClonePath(const QString &repository, const QString &path)
{
    QSettings().setValue(s_settingsGroup + repository, path);
}

/// Advances the highlighting state line by line; the formats are not wanted here.
class FileContext::StateProbe : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    KSyntaxHighlighting::State next(QStringView line, const KSyntaxHighlighting::State &state)
    {
        return highlightLine(line, state);
    }

protected:
    void applyFormat(int, int, const KSyntaxHighlighting::Format &) override {}
};

/// What the worker thread hands back.
struct FileContext::Loaded
{
    quint64 generation = 0;
    QString error;
    QStringList oldLines;
    QStringList newLines;
};

FileContext::FileContext(QObject *parent)
    : QObject(parent)
    , m_probe(std::make_unique<StateProbe>())
    , m_slice(new QTimer(this))
{
    m_slice->setInterval(0);
    connect(m_slice, &QTimer::timeout, this, &FileContext::computeSlice);
}

FileContext::~FileContext() = default;

void FileContext::clear()
{
    ++m_generation;
    m_slice->stop();
    m_file = {};
    m_clonePath.clear();
    m_old = {};
    m_new = {};
    m_verified = 0;
    m_oldStarts.clear();
    m_newStarts.clear();
    setStatus(Status::None);
}

void FileContext::load(const FileDiff &file, const QString &clonePath, const QString &commitSha)
{
    clear();
    m_file = file;
    m_clonePath = clonePath;
    setStatus(Status::Loading);
    const quint64 generation = m_generation;
    QPointer<FileContext> self(this);
    // libgit2 reads and inflates the blobs off the UI thread; each run opens its own
    // repository (libgit2 objects are not shared between threads).
    QThreadPool::globalInstance()->start([self, generation, file, clonePath, commitSha] {
        Loaded loaded;
        loaded.generation = generation;
        QString error;
        const std::optional<LocalClone> clone = LocalClone::open(clonePath, &error);
        std::optional<QByteArray> oldContent;
        std::optional<QByteArray> newContent;
        if (clone) {
            oldContent = clone->fileContent(file, LocalClone::Side::Old, commitSha, &error);
            if (oldContent) {
                newContent = clone->fileContent(file, LocalClone::Side::New, commitSha, &error);
            }
        }
        if (oldContent && newContent) {
            loaded.oldLines = LocalClone::splitLines(*oldContent);
            loaded.newLines = LocalClone::splitLines(*newContent);
        } else {
            loaded.error = error;
        }
        // The application object outlives every view: the result is checked against the
        // view there, on the UI thread.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, loaded = std::move(loaded)] {
                if (self) {
                    self->finishRead(loaded);
                }
            },
            Qt::QueuedConnection);
    });
}

void FileContext::finishRead(const Loaded &loaded)
{
    if (loaded.generation != m_generation) {
        return; // another file was asked for meanwhile
    }
    if (!loaded.error.isEmpty()) {
        setStatus(Status::Failed, loaded.error);
        return;
    }
    m_old.lines = loaded.oldLines;
    m_new.lines = loaded.newLines;
    for (const Hunk &hunk : std::as_const(m_file.hunks)) {
        m_old.wanted.append(linesBefore(hunk.oldStart, hunk.oldCount));
        m_new.wanted.append(linesBefore(hunk.newStart, hunk.newCount));
    }
    for (Side *side : {&m_old, &m_new}) {
        std::sort(side->wanted.begin(), side->wanted.end());
        side->wanted.erase(std::unique(side->wanted.begin(), side->wanted.end()), side->wanted.end());
    }
    m_probe->setDefinition(syntaxRepository().definitionForFileName(m_file.displayPath()));
    computeSlice();
    if (m_status == Status::Loading) {
        m_slice->start();
    }
}

bool FileContext::computeSide(Side &side, qint64 deadline)
{
    const int target = side.wanted.isEmpty() ? 0 : std::min(int(side.lines.size()), side.wanted.last());
    const bool highlight = m_probe->definition().isValid();
    QElapsedTimer clock;
    clock.start();
    while (side.done < target) {
        if ((side.done & 63) == 0 && clock.elapsed() >= deadline) {
            return false;
        }
        if (std::binary_search(side.wanted.cbegin(), side.wanted.cend(), side.done)) {
            side.states.insert(side.done, side.state);
        }
        if (highlight) {
            side.state = m_probe->next(side.lines[side.done], side.state);
        }
        ++side.done;
    }
    side.states.insert(side.done, side.state);
    return true;
}

void FileContext::computeSlice()
{
    QElapsedTimer clock;
    clock.start();
    if (!computeSide(m_old, s_sliceMilliseconds) || !computeSide(m_new, s_sliceMilliseconds - clock.elapsed())) {
        return; // the timer brings the next slice
    }
    m_slice->stop();
    for (const Hunk &hunk : std::as_const(m_file.hunks)) {
        m_oldStarts.append(m_old.states.value(linesBefore(hunk.oldStart, hunk.oldCount)));
        m_newStarts.append(m_new.states.value(linesBefore(hunk.newStart, hunk.newCount)));
    }
    setStatus(Status::Ready);
}

void FileContext::setStatus(Status status, const QString &error)
{
    if (m_status == status && m_error == error) {
        return;
    }
    m_status = status;
    m_error = error;
    Q_EMIT statusChanged();
}

QString FileContext::statusText() const
{
    switch (m_status) {
    case Status::None:
        break;
    case Status::Loading:
        return tr("reading the whole file from %1…").arg(shortPath(m_clonePath));
    case Status::Ready:
        return tr("whole file from %1").arg(shortPath(m_clonePath));
    case Status::Failed:
        return tr("no whole file from %1").arg(shortPath(m_clonePath));
    }
    return{};
}

ContextGap FileContext::gap(int index) const
{
    const int hunks = int(m_file.hunks.size());
    if (m_status != Status::Ready || index < 0 || index > hunks) {
        return{};
    }
    int oldFrom = 0;
    int newFrom = 0;
    if (index > 0) {
        const Hunk &previous = m_file.hunks[index - 1];
        oldFrom = linesBefore(previous.oldStart, previous.oldCount) + previous.oldCount;
        newFrom = linesBefore(previous.newStart, previous.newCount) + previous.newCount;
    }
    int oldTo = int(m_old.lines.size());
    int newTo = int(m_new.lines.size());
    if (index < hunks) {
        const Hunk &next = m_file.hunks[index];
        oldTo = linesBefore(next.oldStart, next.oldCount);
        newTo = linesBefore(next.newStart, next.newCount);
    }
    const int count = newTo - newFrom;
    // Unchanged lines are as many on both sides, and inside both files.
    if (count <= 0 || oldTo - oldFrom != count || oldTo > m_old.lines.size() || newTo > m_new.lines.size()) {
        return{};
    }
    return {oldFrom + 1, newFrom + 1, count};
}

bool FileContext::verify(const QList<QList<DiffLine>> &hunkLines)
{
    if (m_status != Status::Ready) {
        return false;
    }
    const int count = int(std::min(hunkLines.size(), m_file.hunks.size()));
    for (; m_verified < count; ++m_verified) {
        const Hunk &hunk = m_file.hunks[m_verified];
        qsizetype oldAt = linesBefore(hunk.oldStart, hunk.oldCount);
        qsizetype newAt = linesBefore(hunk.newStart, hunk.newCount);
        for (const DiffLine &line : hunkLines[m_verified]) {
            const bool old = line.kind == DiffLine::Kind::Context || line.kind == DiffLine::Kind::Deleted;
            const bool added = line.kind == DiffLine::Kind::Context || line.kind == DiffLine::Kind::Added;
            QString mismatch;
            if (old && (oldAt >= m_old.lines.size() || m_old.lines[oldAt] != line.text)) {
                mismatch = tr("line %1 of the old file").arg(oldAt + 1);
            } else if (added && (newAt >= m_new.lines.size() || m_new.lines[newAt] != line.text)) {
                mismatch = tr("line %1 of the new file").arg(newAt + 1);
            }
            if (!mismatch.isEmpty()) {
                setStatus(Status::Failed, tr("%1 in %2: the clone's file differs from the patch at %3")
                                              .arg(m_file.displayPath(), QDir::toNativeSeparators(m_clonePath), mismatch));
                return false;
            }
            oldAt += old ? 1 : 0;
            newAt += added ? 1 : 0;
        }
    }
    return true;
}

QList<DiffRow> FileContext::withGaps(const QList<DiffRow> &rows, const QHash<int, int> &shown, bool complete) const
{
    if (m_status != Status::Ready) {
        return rows;
    }
    QList<DiffRow> out;
    out.reserve(rows.size());
    auto appendGap = [&](int index) {
        const ContextGap g = gap(index);
        if (g.count == 0) {
            return;
        }
        const int lines = std::clamp(shown.value(index), 0, g.count);
        for (int i = 0; i < lines; ++i) {
            DiffRow row;
            row.kind = DiffRow::Kind::Context;
            row.oldLine = g.oldFirst + i;
            row.newLine = g.newFirst + i;
            row.text = m_new.lines[g.newFirst + i - 1];
            out.append(row);
        }
        const int hidden = g.count - lines;
        if (hidden == 0) {
            return;
        }
        DiffRow row;
        row.kind = DiffRow::Kind::Gap;
        row.hunk = index;
        if (hidden == 1) {
            // Short enough for one side of a side-by-side view at 1280 pixels.
            row.text = tr("↕ 1 unchanged line (click or E)");
        } else if (hidden <= expandStep()) {
            row.text = tr("↕ %1 unchanged lines (click or E)").arg(QLocale().toString(hidden));
        } else {
            row.text = tr("↕ %1 unchanged lines (click or E: %2 more)")
                           .arg(QLocale().toString(hidden), QLocale().toString(expandStep()));
        }
        out.append(row);
    };
    int lastHeader = -1;
    for (const DiffRow &row : rows) {
        if (row.kind == DiffRow::Kind::HunkHeader && row.hunk != lastHeader) {
            appendGap(row.hunk);
            lastHeader = row.hunk;
        }
        out.append(row);
    }
    if (complete) {
        appendGap(int(m_file.hunks.size()));
    }
    return out;
}

} // namespace Concord
