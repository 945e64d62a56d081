// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffrows.h"
#include "patch/diffdata.h"

#include <KSyntaxHighlighting/State>

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

class QTimer;

namespace Concord {

/// Where the local clone of @p repository ("owner/name") is on this machine: the user's
/// link (QSettings "LocalClones/owner/name"), else @p projectDefault (the clone the
/// project's commits were imported from, see localCloneMetadataKey()); empty when none.
QString localClonePath(const QString &repository, const QString &projectDefault);
/// Links @p repository to the clone at @p path in the user's settings. Empty unlinks it,
/// also from the clone its commits were imported from, until it is linked again.
void setLocalClonePath(const QString &repository, const QString &path);

/// The unchanged lines between two hunks of a file (or before the first, after the last).
struct ContextGap
{
    int oldFirst = 0; ///< 1-based first line in the old file
    int newFirst = 0; ///< 1-based first line in the new file
    int count = 0;    ///< 0: no gap (or the file does not fit the hunks)
};

/// The whole old and new file behind one file of a patch, read from a local clone
/// (LocalClone) in a worker thread: the real highlighting state at the start of each
/// hunk, instead of hunkStart()'s guess, and the unchanged lines between the hunks.
///
/// The states are computed on the UI thread in slices of a few milliseconds (the
/// highlighter's definitions are not shared across threads), so even a 20 MB file never
/// freezes the window; status() is Ready when they are. Every load() or clear() drops what
/// an earlier one still had under way.
class FileContext : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileContext)
public:
    enum class Status { None, Loading, Ready, Failed };
    Q_ENUM(Status)

    explicit FileContext(QObject *parent = nullptr);
    ~FileContext() override;

    /// Starts reading @p file's old and new content from the clone at @p clonePath, made
    /// by commit @p commitSha (may be empty; see LocalClone::fileContent()).
    void load(const FileDiff &file, const QString &clonePath, const QString &commitSha);
    void clear();

    Status status() const { return m_status; }
    /// Why the whole file is not known (Failed): names the file, the clone and the cause.
    QString errorString() const { return m_error; }
    QString clonePath() const { return m_clonePath; }
    /// For the diff header: "whole file from ~/src/io", "reading …", "no whole file: …".
    QString statusText() const;

    const QStringList &oldLines() const { return m_old.lines; }
    const QStringList &newLines() const { return m_new.lines; }
    /// When Ready: the state hunk h starts in, on each side (one per hunk of the file).
    const QList<KSyntaxHighlighting::State> &oldStarts() const { return m_oldStarts; }
    const QList<KSyntaxHighlighting::State> &newStarts() const { return m_newStarts; }

    /// The gap before hunk @p index; index == the number of hunks: after the last.
    ContextGap gap(int index) const;

    /// Checks the lines of the hunks loaded so far against the whole file; when they
    /// differ (the clone has another file under that blob id or path) the status turns
    /// Failed with the line named, and false is returned.
    bool verify(const QList<QList<DiffLine>> &hunkLines);

    /// @p rows (unified, or one side of side by side) with each gap before a hunk header
    /// inserted: the first @p shown[gap] of its lines, then, when some are left, a row
    /// saying how many (DiffRow::Kind::Gap, its hunk field the gap's index). With
    /// @p complete (every hunk shown) the gap after the last hunk too. Lines shown from
    /// the top of a gap keep their real highlighting: the states run on from the hunk
    /// above, and the next hunk starts in its own.
    QList<DiffRow> withGaps(const QList<DiffRow> &rows, const QHash<int, int> &shown, bool complete) const;

    /// Lines one click on a gap shows at most: a huge gap opens in steps, never in one
    /// document of a million rows.
    static constexpr int expandStep() { return 1000; }

Q_SIGNALS:
    void statusChanged();

private:
    struct Side
    {
        QStringList lines;
        QList<int> wanted; ///< line counts whose state is needed, ascending
        QHash<int, KSyntaxHighlighting::State> states; ///< by count of lines before
        int done = 0;
        KSyntaxHighlighting::State state;
    };
    struct Loaded;
    class StateProbe;
    void finishRead(const Loaded &loaded);
    void computeSlice();
    bool computeSide(Side &side, qint64 deadline);
    void setStatus(Status status, const QString &error = {});

    FileDiff m_file;
    QString m_clonePath;
    Status m_status = Status::None;
    QString m_error;
    quint64 m_generation = 0;
    Side m_old;
    Side m_new;
    int m_verified = 0; ///< hunks checked by verify()
    QList<KSyntaxHighlighting::State> m_oldStarts;
    QList<KSyntaxHighlighting::State> m_newStarts;
    std::unique_ptr<StateProbe> m_probe;
    QTimer *m_slice;
};

} // namespace Concord
