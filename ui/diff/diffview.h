// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff/diffrows.h"
#include "domain/highlightterms.h"
#include "patch/diffdata.h"
#include "patch/notebookdiff.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/State>

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTimer;
class QToolButton;
class QSplitter;

namespace Concord {

class DiffTextEdit;
class ElidedLabel;
class FileContext;
class ImageDiffView;
class NotebookDiffView;

/// What a "GIT binary patch" records about a binary file: the size of the new file
/// ("literal N") or of the delta that changes it ("delta N"). size is -1 when the patch
/// records neither ("Binary files a and b differ").
struct BinaryInfo
{
    qint64 size = -1;
    bool delta = false;
    QByteArray section; ///< the file's whole section when read: images are shown from it
    bool operator==(const BinaryInfo &) const = default;
};

/// Shows one file of a patch at a time, unified or side by side, highlighted by the
/// syntax definition that matches the file name, each hunk from the state it starts in
/// (hunkStart()). Hunks are loaded on demand through a HunkLoader and only up to a row
/// limit, so a file with a million changed lines opens at once; "Show all" loads the
/// rest. A large file is never built in one go: setFile() shows the first screen of rows
/// and returns, the rest is loaded, built and highlighted in slices of a few
/// milliseconds between events, with progress and a Stop button once it takes longer
/// than a moment; another file, mode or option drops the work in hand. Binary files are
/// described, never shown as text. Switching between unified and
/// side by side, or ignoring white space, keeps the line at the top of the view.
/// The view's actions (Ignore Whitespace, Next/Previous Change) are for the window's
/// menus; they work on the view alone too.
class DiffView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffView)
public:
    enum class Mode { Unified, SideBySide };
    Q_ENUM(Mode)

    /// Returns the lines of hunk @p index of the current file, or std::nullopt with
    /// @p error set when they cannot be read.
    using HunkLoader = std::function<std::optional<QList<DiffLine>>(int index, QString *error)>;

    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    /// Lines that differ only in white space shown as context, no white space marked.
    bool ignoresWhitespace() const { return m_options.ignoreWhitespace; }
    void setIgnoreWhitespace(bool ignore);

    /// Moves to the first row of the next (@p direction > 0) or previous change (a run of
    /// added or deleted lines) after or before the current row, and scrolls it into view
    /// with a little context above. Returns false when there is none.
    bool stepChange(int direction);

    /// Checkable "Ignore Whitespace", in step with setIgnoreWhitespace().
    QAction *ignoreWhitespaceAction() const { return m_ignoreWhitespaceAction; }
    /// "Next Change" (F7) and "Previous Change" (Shift+F7).
    QAction *nextChangeAction() const { return m_nextChangeAction; }
    QAction *previousChangeAction() const { return m_previousChangeAction; }

    /// Marks the occurrences of @p terms in the unified and the side-by-side text.
    void setHighlightTerms(const QList<HighlightTerm> &terms);

    /// The file header: path, kind of change, rename and mode change.
    QString titleText() const;

    /// Shows @p file, loading hunks through @p loader until rowLimit() rows are shown.
    /// @p binary describes a binary file (see binaryInfoFromSection()).
    void setFile(const FileDiff &file, HunkLoader loader, const BinaryInfo &binary = {});
    /// Convenience for lines already at hand (tests, small patches).
    void setFile(const FileDiff &file, const QList<QList<DiffLine>> &hunkLines, const BinaryInfo &binary = {});
    /// The local clone to read whole files from for the next setFile() (empty: none),
    /// and the commit the patch was made from. With it, hunks start in the real
    /// highlighting state of the file and the unchanged lines between them can be shown
    /// (FileContext); the header says where the file comes from, or why it could not.
    void setLocalClone(const QString &clonePath, const QString &commitSha);
    FileContext *fileContext() const { return m_context; }
    /// Shows the unchanged lines of gap @p gap (see FileContext::withGaps()), up to
    /// FileContext::expandStep() more of them.
    void expandGap(int gap);
    /// Shows every unchanged line of the file.
    void expandAllGaps();
    /// What E does in the diff, for a menu: opens the gap near the cursor of the view with
    /// focus (else the unified or old view). False when no gap is shown.
    bool expandGapNearCursor();
    /// True when rows of hidden unchanged lines are shown (a linked clone's whole file).
    bool hasGaps() const;
    /// "whole file from ~/src/io", or why not; empty without a linked clone.
    QString contextText() const;

    /// Shows @p message instead of a file (no file selected, an error).
    void showMessage(const QString &message);

    /// Rows shown before the view stops loading and offers "Show all".
    int rowLimit() const { return m_rowLimit; }
    void setRowLimit(int rows);
    /// True when some hunks or lines of the current file are not shown yet.
    bool isTruncated() const { return m_truncated; }
    /// Loads and shows every hunk of the current file (in slices, as setFile() does).
    void showAll();

    /// True while rows of the current file are still being loaded and built.
    bool isLoading() const;
    /// Stops loading: what is shown stays, "Show all" offers the rest.
    void stopLoading();
    /// Rows setFile() shows before it returns, the rest following in slices.
    static constexpr int s_firstScreenRows = 200;

    /// The text shown instead of a diff (binary file, message), empty when a diff is shown.
    QString messageText() const;

    /// The views, for tests and for keyboard navigation.
    DiffTextEdit *unifiedEdit() const { return m_unified; }
    DiffTextEdit *oldEdit() const { return m_old; }
    DiffTextEdit *newEdit() const { return m_new; }
    ImageDiffView *imageView() const { return m_image; }
    NotebookDiffView *notebookView() const { return m_notebook; }
    /// Checked: a notebook's raw JSON diff instead of its cells.
    QToolButton *rawJsonToggle() const { return m_rawJson; }

Q_SIGNALS:
    void modeChanged(Concord::DiffView::Mode mode);
    void ignoreWhitespaceChanged(bool ignore);
    /// The current file is shown as far as it will be (all rows, up to the row limit, or
    /// until stopped or a hunk could not be read).
    void loadingFinished();

private:
    /// The line a view position is tied to across rebuilds: a hunk header, or the old
    /// and/or new line number of a row.
    struct Anchor
    {
        int hunk = -1;
        bool header = false;
        int oldLine = 0;
        int newLine = 0;
    };
    void loadHunks(bool all);
    /// Reads a notebook's hunks a slice at a time (a hunk of base64 output lines can be
    /// megabytes), then makes its cells; the window stays responsive meanwhile.
    void readNotebookHunks();
    void scheduleNotebookRead();
    void rebuild();
    void rebuildWithContext(const KSyntaxHighlighting::Definition &definition);
    /// Loads, builds and appends rows until @p firstScreen rows are shown (0: for a slice
    /// of time), then schedules the next slice or finishes.
    void loadSlice(int firstScreen);
    bool loadNextHunk();
    /// The rows of one hunk, built on the UI thread or off it.
    struct BuiltHunk
    {
        quint64 generation = 0;
        int hunk = -1;
        QList<DiffRow> rows[2]; ///< unified or old side; new side
    };
    void buildNextHunk(bool firstScreen);
    void acceptHunk(BuiltHunk built);
    void hunkBuilt();
    void dropBuild();
    void dropProvisionalRows();
    void showNotebook(const NotebookDiff &diff);
    void notebookRead();
    void appendPending(qsizetype count);
    void finishLoading();
    void cancelLoading();
    void showProgress();
    qsizetype shownRows() const;
    std::optional<Anchor> topAnchor() const;
    /// True when the anchor's row is at the top of the view.
    bool scrollTo(const Anchor &anchor);
    /// Scrolls to @p anchor now, or when its row has been appended.
    void keepAnchor(const std::optional<Anchor> &anchor);
    bool isChangeRow(int row) const;
    QString describeFile() const;

    Mode m_mode = Mode::Unified;
    int m_rowLimit = 10000;
    bool m_truncated = false;
    bool m_all = false; ///< the user asked for the whole file
    FileDiff m_file;
    HunkLoader m_loader;
    QList<QList<DiffLine>> m_hunkLines;
    QList<KSyntaxHighlighting::State> m_hunkStarts; ///< for the hunks loaded so far
    QString m_loadError;
    DiffRows::Options m_options;
    QString m_clonePath;
    QString m_commitSha;
    FileContext *m_context;
    QHash<int, int> m_expanded; ///< lines shown of each gap of unchanged lines

    // The load in hand (see the class comment). Rows are built hunk by hunk into
    // m_pending and appended to the text views from m_pendingAt on, a chunk at a time.
    bool m_loading = false;
    bool m_cut = false;          ///< a hunk was cut at the row limit
    int m_builtHunks = 0;        ///< hunks whose rows are built
    qsizetype m_builtRows = 0;   ///< rows built (per side)
    qsizetype m_loadedRows = 0;  ///< rows the loaded hunks make at most (header + lines)
    QList<DiffRow> m_pending[2]; ///< unified or old side; new side
    qsizetype m_pendingAt = 0;
    qsizetype m_chunkRows = 100; ///< rows appended at a time, adapted to the slice's budget
    std::optional<Anchor> m_pendingAnchor; ///< where a rebuild should scroll once the row is there
    QElapsedTimer m_loadClock;
    QTimer *m_loadTimer;
    QFutureWatcher<BuiltHunk> *m_buildWatcher;
    QFutureWatcher<NotebookDiff> *m_notebookWatcher;
    quint64 m_notebookGeneration = 0;
    bool m_building = false;     ///< the next hunk's rows are being built off the UI thread
    quint64 m_generation = 0;    ///< changes whenever the rows in hand are dropped
    qsizetype m_provisionalFrom = 0; ///< where the quick first rows of the hunk being built start
    qsizetype m_provisional = 0;     ///< how many there are

    ElidedLabel *m_title;
    ElidedLabel *m_contextLabel;
    QLabel *m_banner;
    QPushButton *m_showAll;
    QPushButton *m_stop;
    QWidget *m_bannerBox;
    QStackedWidget *m_stack;
    QLabel *m_message;
    DiffTextEdit *m_unified;
    QSplitter *m_split;
    DiffTextEdit *m_old;
    DiffTextEdit *m_new;
    ImageDiffView *m_image;
    NotebookDiffView *m_notebook;
    QToolButton *m_rawJson;
    QAction *m_ignoreWhitespaceAction;
    QAction *m_nextChangeAction;
    QAction *m_previousChangeAction;
};


/// Reads BinaryInfo from the start of a file's section (a few hundred bytes suffice).
BinaryInfo binaryInfoFromSection(QByteArrayView sectionStart);

/// The text a diff view shows for a binary file: "Binary file, N bytes", ...
QString binaryDescription(const BinaryInfo &info);

} // namespace Concord
