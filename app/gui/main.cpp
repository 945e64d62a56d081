// SPDX-License-Identifier: GPL-3.0-or-later
// concord — the GUI. Everything but argument handling lives in Concord::Ui.
#include "mainwindow.h"
#include "agreement/agreementdashboardwindow.h"
#include "document/agreementdashboard.h"
#include "colorscheme.h"
#include "fontfallback.h"
#include "document/projectdocument.h"
#include "diff/diffview.h"
#include "document/itemlistmodel.h"
#include "diff/filecontext.h"
#include "document/patchfilemodel.h"
#include "project/itemview.h"
#include "project/labelingpanel.h"
#include "reconcile/reconciliationpanel.h"
#include "welcomepage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QIcon>
#include <QPixmap>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "concord: %s\n", qUtf8Printable(message));
}

/// The window --view NAME shows (and a screenshot takes): "main", the default, or a view
/// opened from the main window, waited for until it shows its content ("reconcile" is a
/// tab of the main window; @p itemGiven, @p raterGiven: --item and --rater chose them).
/// Null, with *error, when it cannot be opened. One branch per view.
QWidget *openView(Concord::MainWindow &window, const QString &name, QSize size, bool itemGiven, bool raterGiven, QString *error)
{
    if (name.isEmpty() || name == "main"_L1) {
        return &window;
    }
    if (name == "dashboard"_L1 || name.startsWith("dashboard-"_L1)) {
        // dashboard-TAB: the dashboard with another tab in front.
        const QStringList tabs{u"confusion"_s, u"pairs"_s, u"rounds"_s, u"frequencies"_s, u"decisions"_s};
        const int tab = name == "dashboard"_L1 ? 0 : int(tabs.indexOf(name.mid(10)));
        if (tab < 0) {
            *error = u"--view: expected dashboard or dashboard-TAB with TAB one of %1, got \"%2\""_s.arg(tabs.join(u", "_s), name);
            return nullptr;
        }
        if (!window.document()) {
            *error = u"--view dashboard needs a project"_s;
            return nullptr;
        }
        window.showAgreementDashboard();
        Concord::AgreementDashboardWindow *dashboard = window.agreementDashboard();
        if (size.isValid()) {
            dashboard->resize(size);
        }
        dashboard->tabs()->setCurrentIndex(tab);
        // The figures are computed on a worker thread: wait for them (up to a minute).
        QElapsedTimer waited;
        waited.start();
        while (dashboard->dashboard()->isAvailable() && !dashboard->isShowingFigures() && waited.elapsed() < 60000) {
            QEventLoop pause;
            QTimer::singleShot(20, &pause, &QEventLoop::quit);
            pause.exec();
        }
        return dashboard;
    }
    if (name == "reconcile"_L1) {
        // The raters' answers are for a reconciler: take the first one unless --rater chose one.
        Concord::ProjectDocument *document = window.document();
        if (!document) {
            *error = u"--view reconcile needs a project"_s;
            return nullptr;
        }
        if (raterGiven && !document->isReconciler()) {
            *error = u"--view reconcile: %1 is no reconciler, and raters label blind"_s.arg(
                document->currentRaterRecord() ? document->currentRaterRecord()->name : QString());
            return nullptr;
        }
        if (!document->isReconciler()) {
            const QList<Concord::Rater> raters = document->project().raters();
            const auto reconciler = std::find_if(raters.cbegin(), raters.cend(), [](const Concord::Rater &r) {
                return r.role == Concord::Rater::Role::Reconciler;
            });
            if (reconciler == raters.cend()) {
                *error = u"--view reconcile: %1 has no reconciler (add one with Label > Switch Rater…)"_s.arg(
                    QDir::toNativeSeparators(document->path()));
                return nullptr;
            }
            window.setRater(reconciler->id);
        }
        Concord::ReconciliationPanel *panel = window.reconciliationPanel();
        window.setPanelShown(Concord::MainWindow::Panel::Side, true);
        window.sideTabs()->setCurrentWidget(panel);
        if (!itemGiven) {
            // The first disagreement not reconciled yet; else the first unit.
            const QList<Concord::ReconcileUnit> &queue = panel->queue();
            const auto open = std::find_if(queue.cbegin(), queue.cend(), [](const Concord::ReconcileUnit &u) {
                return !u.isReconciled() && u.kind == Concord::ReconcileUnit::Kind::Disagreement;
            });
            if (open != queue.cend()) {
                window.selectItem(open->item);
            } else if (!queue.isEmpty()) {
                window.selectItem(queue.first().item);
            }
        }
        return &window;
    }
    *error = u"--view: expected main, dashboard or reconcile, got \"%1\""_s.arg(name);
    return nullptr;
}

/// True when the command line asks only for text (--help, --version): that needs no
/// display, and QApplication would abort without one.
bool wantsTextOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--") {
            return false;
        }
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" || arg == "--version") {
            return true;
        }
    }
    return false;
}

/// True when Qt would try an X11 or Wayland display and none is there (a server, an SSH
/// session): QApplication would abort with a core dump rather than say so.
bool displayMissing(int argc, char **argv)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        return false;
    }
    for (int i = 1; i < argc; ++i) {
        if (QByteArrayView(argv[i]) == "-platform") {
            return false;
        }
    }
    return true;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

/// The options of concord, for the windowed run and the text-only one alike.
struct CommandLine
{
    CommandLine()
    {
        parser.setApplicationDescription(u"Label code patches and bug reports in pairs, measure agreement, reconcile, export."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        for (const QCommandLineOption *option : {&screenshot, &size, &scheme, &diffMode, &item, &rater, &file, &hide, &expandContext, &view}) {
            parser.addOption(*option);
        }
        parser.addPositionalArgument(u"project"_s, u"The .concord project to open."_s, u"[PROJECT]"_s);
    }

    QCommandLineParser parser;
    const QCommandLineOption screenshot{u"screenshot"_s,
                                        u"Write a PNG of the main window to FILE once the project has loaded, then exit."_s, u"FILE"_s};
    const QCommandLineOption size{u"size"_s, u"Window size, e.g. 1920x1080 (default for screenshots: 1280x800)."_s, u"WxH"_s};
    const QCommandLineOption scheme{u"color-scheme"_s, u"system, light or dark (default: as last chosen in View > Color Scheme)."_s,
                                    u"NAME"_s};
    const QCommandLineOption diffMode{u"diff"_s, u"unified or side-by-side (default: as last chosen in the View menu)."_s, u"MODE"_s};
    const QCommandLineOption item{u"item"_s, u"Show this item first: OWNER/NAME@SHA (a commit) or OWNER/NAME#NUMBER (an issue)."_s,
                                  u"KEY"_s};
    const QCommandLineOption rater{u"rater"_s, u"Label as this rater (name or initials): the labeling panel shows their findings, blind."_s,
                                   u"NAME"_s};
    const QCommandLineOption file{u"file"_s, u"With --item: show this file of the patch (its path, or its number from 1)."_s, u"PATH"_s};
    const QCommandLineOption hide{u"hide"_s, u"Hide panels beside the diff: list, panel or list,panel (as View > Item List / Labeling Panel)."_s,
                                  u"PANELS"_s};
    const QCommandLineOption view{u"view"_s, u"Show this view: main (default), reconcile (the Reconcile tab as the project's first reconciler, on the first disagreement not reconciled unless --item says which) or dashboard (the agreement dashboard, for a reconciler: see --rater; dashboard-pairs, -rounds, -frequencies or -decisions for another tab); a screenshot takes it."_s,
                                  u"NAME"_s};
    const QCommandLineOption expandContext{
        u"expand-context"_s, u"With --file and a linked local clone: show every unchanged line of the file, from the first change."_s};
};

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(u"Concord"_s);
    QCoreApplication::setOrganizationName(u"Concord"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION_STRING));
}

} // namespace

int main(int argc, char **argv)
{
    if (wantsTextOnly(argc, argv) || displayMissing(argc, argv)) {
        // No QApplication: help, version and usage errors are printed without a display.
        QCoreApplication core(argc, argv);
        setApplicationInfo();
        CommandLine commandLine;
        commandLine.parser.process(core); // exits for --help, --version and usage errors
        printError(u"no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset). "
                   "concord-cli works without one; for a picture, run with QT_QPA_PLATFORM=offscreen."_s);
        return 1;
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setDesktopFileName(u"io.github.concord.Concord"_s);
    QApplication::setWindowIcon(QIcon(u":/concord/icons/concord.svg"_s));
    Concord::installFontFallbacks();

    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    const QCommandLineOption &screenshot = commandLine.screenshot;
    const QCommandLineOption &size = commandLine.size;
    const QCommandLineOption &scheme = commandLine.scheme;
    const QCommandLineOption &diffMode = commandLine.diffMode;
    const QCommandLineOption &itemOption = commandLine.item;
    const QCommandLineOption &raterOption = commandLine.rater;
    const QCommandLineOption &fileOption = commandLine.file;
    parser.process(app);

    const bool shooting = parser.isSet(screenshot);
    QSize windowSize;
    if (parser.isSet(size)) {
        const QRegularExpressionMatch m = QRegularExpression(u"^(\\d{2,5})x(\\d{2,5})$"_s).match(parser.value(size));
        if (!m.hasMatch()) {
            printError(u"--size: expected WIDTHxHEIGHT such as 1280x800, got \"%1\""_s.arg(parser.value(size)));
            return 1;
        }
        windowSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    } else if (shooting) {
        windowSize = QSize(1280, 800);
    }
    bool schemeKnown = true;
    const Concord::ColorScheme colorScheme = Concord::colorSchemeFromName(parser.value(scheme), &schemeKnown);
    if (parser.isSet(scheme) && !schemeKnown) {
        printError(u"--color-scheme: expected system, light or dark, got \"%1\""_s.arg(parser.value(scheme)));
        return 1;
    }
    const QString mode = parser.value(diffMode);
    if (parser.isSet(diffMode) && mode != "unified"_L1 && mode != "side-by-side"_L1) {
        printError(u"--diff: expected unified or side-by-side, got \"%1\""_s.arg(mode));
        return 1;
    }
    QList<Concord::MainWindow::Panel> hidden;
    for (const QString &name : parser.value(commandLine.hide).split(u',', Qt::SkipEmptyParts)) {
        if (name.trimmed() == "list"_L1) {
            hidden << Concord::MainWindow::Panel::ItemList;
        } else if (name.trimmed() == "panel"_L1) {
            hidden << Concord::MainWindow::Panel::Side;
        } else {
            printError(u"--hide: expected list, panel or list,panel, got \"%1\""_s.arg(parser.value(commandLine.hide)));
            return 1;
        }
    }
    if (const QString name = parser.value(commandLine.view); parser.isSet(commandLine.view)
        && name != "main"_L1 && name != "reconcile"_L1 && name != "dashboard"_L1 && !name.startsWith("dashboard-"_L1)) {
        printError(u"--view: expected main, reconcile, dashboard or dashboard-TAB, got \"%1\""_s.arg(name));
        return 1;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printError(u"expected at most one project, got %1"_s.arg(positional.size()));
        return 1;
    }

    // Screenshots are reproducible: no saved geometry, no recent-list update.
    Concord::MainWindow window(!shooting);
    if (parser.isSet(scheme)) {
        Concord::applyColorScheme(colorScheme);
    }
    if (parser.isSet(diffMode)) {
        window.itemView()->diffView()->setMode(mode == "unified"_L1 ? Concord::DiffView::Mode::Unified
                                                                    : Concord::DiffView::Mode::SideBySide);
    }
    if (windowSize.isValid()) {
        window.resize(windowSize);
    }
    for (const Concord::MainWindow::Panel panel : hidden) {
        window.setPanelShown(panel, false);
    }
    window.show();
    bool opened = true;
    if (!positional.isEmpty()) {
        QString error;
        opened = window.openProject(positional.first(), !shooting, &error);
        if (!opened) {
            printError(error);
            window.welcomePage()->setMessage(error);
        }
    }
    if (opened && parser.isSet(raterOption) && window.document()) {
        const QString name = parser.value(raterOption);
        Concord::RaterId id = 0;
        const QList<Concord::Rater> raters = window.document()->project().raters();
        for (const Concord::Rater &r : raters) {
            if (r.name == name || (!r.initials.isEmpty() && r.initials == name)) {
                id = r.id;
            }
        }
        if (id == 0) {
            QStringList names;
            for (const Concord::Rater &r : raters) {
                names << r.name;
            }
            printError(u"--rater: %1 is not a rater of %2 (raters: %3)"_s.arg(name, QDir::toNativeSeparators(positional.first()),
                                                                              names.isEmpty() ? u"none"_s : names.join(u", "_s)));
            return 2;
        }
        window.setRater(id);
    }
    if (opened && parser.isSet(itemOption) && window.document()) {
        const QString key = parser.value(itemOption);
        const qsizetype at = key.lastIndexOf(u'@');
        const qsizetype hash = key.lastIndexOf(u'#');
        std::optional<Concord::Item> item;
        if (at > 0) {
            item = window.document()->project().itemByKey(Concord::ItemKey::commit(key.left(at), key.mid(at + 1)));
        } else if (hash > 0) {
            item = window.document()->project().itemByKey(Concord::ItemKey::issue(key.left(hash), key.mid(hash + 1).toLongLong()));
        }
        if (!item || !window.selectItem(item->id)) {
            printError(u"--item: %1 is not an item of %2"_s.arg(key, QDir::toNativeSeparators(positional.first())));
            if (shooting) {
                return 2;
            }
        } else if (parser.isSet(fileOption)) {
            const QString wanted = parser.value(fileOption);
            while (!window.itemView()->filesComplete()) { // a large commit is listed in slices
                QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
            }
            const QList<Concord::PatchFile> &files = window.itemView()->fileModel()->files();
            int row = -1;
            bool numeric = false;
            const int number = wanted.toInt(&numeric);
            if (numeric && number >= 1 && number <= files.size()) {
                row = number - 1;
            }
            for (int i = 0; i < files.size() && row < 0; ++i) {
                if (files[i].diff.newPath == wanted || files[i].diff.oldPath == wanted) {
                    row = i;
                }
            }
            if (row < 0) {
                printError(u"--file: %1 is not a file of %2"_s.arg(wanted, key));
                if (shooting) {
                    return 2;
                }
            } else {
                window.itemView()->showFile(row);
            }
        }
    } else if (parser.isSet(fileOption)) {
        printError(u"--file needs --item"_s);
        return 1;
    }
    QWidget *shown = &window;
    if (opened && parser.isSet(commandLine.view)) {
        QString error;
        shown = openView(window, parser.value(commandLine.view), windowSize, parser.isSet(itemOption), parser.isSet(raterOption), &error);
        if (!shown) {
            printError(error);
            return 2;
        }
    }
    if (!shooting) {
        return QApplication::exec();
    }

    const QString file = parser.value(screenshot);
    int status = 0;
    // The Terms column is counted on a worker thread: a picture shows the counts (up to a
    // few seconds' wait), not the "…" of items not counted yet.
    Concord::ItemListModel *items = window.itemModel();
    if (!items->highlightTerms().isEmpty() && !items->termCountsComplete()) {
        QEventLoop counting;
        QObject::connect(items, &Concord::ItemListModel::termCountsFinished, &counting, &QEventLoop::quit);
        QTimer::singleShot(5000, &counting, &QEventLoop::quit);
        counting.exec();
    }
    // The whole file comes from the local clone in the background: wait for it (up to
    // ten seconds), so the picture shows the highlighting a reader sees.
    Concord::DiffView *diff = window.itemView()->diffView();
    QElapsedTimer waited;
    waited.start();
    while (diff->fileContext()->status() == Concord::FileContext::Status::Loading && waited.elapsed() < 10000) {
        QEventLoop pause;
        QTimer::singleShot(20, &pause, &QEventLoop::quit);
        pause.exec();
    }
    if (commandLine.parser.isSet(commandLine.expandContext)) {
        diff->expandAllGaps();
        diff->stepChange(1); // the first change, with the file's lines around it
    }
    // Let layouts and the first paint settle before grabbing.
    QTimer::singleShot(50, &window, [&] {
        QApplication::processEvents();
        const QPixmap pixmap = shown->grab();
        if (pixmap.isNull() || !pixmap.save(file, "PNG")) {
            printError(u"%1: could not write the screenshot"_s.arg(QDir::toNativeSeparators(file)));
            status = 2;
        } else if (!opened) {
            status = 2; // the picture shows the welcome page with the reason
        }
        QApplication::exit(status);
    });
    QApplication::exec();
    return status;
}
