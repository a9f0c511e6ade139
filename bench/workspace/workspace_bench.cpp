// Figures (RelWithDebInfo, the project's default build type and the one scripts/build.sh and .ci/run make; a shared
// 2-core machine with other builds running, so read the ratios against the baselines measured in the same run):
// - before branch perf, load average 10+: stall median 98.8 ms (max 149), 10k open 697 ms, keystroke 19.3 ms, 87 MiB.
// - 2026-12-03, branch perf merged (narrowing filter), before branch perf2, load 3.3-3.7 (quick runs, 5 and 3
//   rounds): 10k open + populate 402.5 ms (bare QJsonDocument parse 119.9 ms, ratio 3.36), keystroke median 1.91 ms
//   (max 46.2), 96.9 MiB resident; 20k findings-heavy: longest stall median 478.1 ms (max 479.2; the Expiry view
//   building 20,000 hidden rows, then the credential inventory making 20,000 keys twice), open call 747 ms, cold start
//   72.0 ms against 53.1 ms empty (ratio 1.36). The full run never ended: the empty workspace's first frame was
//   probed on the registrations table, which an empty workspace hides behind its page's text.
// - branch perf2 at 76ef984, 06:21 UTC, load average 4.1-4.4, the full default run (44 s): 10k open + populate
//   269.4 ms (bare parse 86.4 ms, ratio 3.12; again at 06:34, load 2.9-3.0: 279.8 ms, ratio 3.21), keystroke 1.19 ms
//   (max 25.4), 66.5 MiB, cold start ratio 1.01, stall median 42.6 ms (max 69.1).
// - branch perf2 at 2089c13 (the fingerprint taken while Qt parses, one hash lookup per id), the full default run at
//   06:45 UTC, load average 2.1-2.4 (and at 06:38, load 1.1-1.4, in brackets):
//   10k open + populate 149.5 ms median of 7 (177.5), bare QJsonDocument parse in the same rounds 69.4 ms (83.8),
//   ratio 2.15 (2.12): target <= 250 met. What is left is Qt's parse (on its own thread, beside the strict check) and
//   reading its tree into the model (QJsonObject lookups and string conversions), about half each. Not measured
//   at load 4 since: the parallel parse gains less when the second core is busy, so expect it nearer the target.
//   The cold-start ratio says the window paints before the file is read (by design, AfterFirstFrame), not what the
//   open costs after that frame.
//   Filter keystroke 1.69 ms median of 42, max 25.0 (1.87, max 22.2; a stock proxy 9.09 ms): target met.
//   Resident memory 66.6 MiB (66.8), of which 22.7 MiB is Qt started with nothing loaded; peak 71.2: target met.
//   20k findings-heavy, 180,001 findings: `cmic-oauth-console FILE` to its first frame 55.1 ms against 56.5 ms for an
//   empty workspace, ratio 0.97 (0.99): target met. Longest event-loop stall while the findings come in: median
//   35.9 ms, max 37.3 ms of 5 rounds (39.8, max 57.0; an idle loop over the same time 5.0 ms): target met. In a shown
//   window the open call itself (read, parse, reset; synchronous by design) takes 336 ms (385) and the dock lists
//   every finding after 1.5 s (1.6).
// Opening a large workspace and filtering its tables: 10,000 registrations and 2,000 service users.
// Prints medians and ratios against baselines measured in the same run (a bare QJsonDocument parse of the same
// file; a stock QSortFilterProxyModel over a QStandardItemModel holding the same visible text). Targets from the
// issue: open + populate <= 250 ms, one filter keystroke <= 16 ms, resident memory <= 80 MiB.
// Then a findings-heavy workspace (20,000 registrations, every one incomplete): `cmic-oauth-console FILE` from start to
// its first painted frame against the same for an empty workspace (target <= 1.5x; child processes ended by
// CMIC_QUIT_AFTER_SHOW, as in bench/startup), and, opened in a window in this process, the longest event-loop stall
// while its findings are computed and listed (target <= 100 ms, measured with a 5 ms timer).
// Knobs for quick runs and profiling: CMIC_BENCH_ROUNDS=N (every timed part), CMIC_BENCH_HEAVY=N (registrations of
// the findings-heavy file), CMIC_BENCH_HEAVY_ONLY=1, CMIC_BENCH_NO_COLD_START=1 (this process alone, e.g. under perf),
// CMIC_BENCH_STALLS=MS (prints every event the window took longer than MS over, with its receiver),
// CMIC_BENCH_VERBOSE=1 (per-round figures, the memory probe's phases), CMIC_BENCH_TRIM_PROBE=1 (the probe's malloc
// arenas, and what malloc_trim gives back).
#include "WorkspaceGenerator.h"

#include "core/rules/FindingsIndex.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Memory.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <memory>
#include <vector>

using namespace cmic;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

long residentKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// What a table view asks for first: the visible rows of every summary column.
void touchFirstPage(QAbstractItemModel &model, int rows)
{
    for (int r = 0; r < std::min(rows, model.rowCount()); ++r) {
        for (int c = 0; c < model.columnCount(); ++c)
            (void)model.data(model.index(r, c));
    }
}

struct Phases
{
    std::vector<double> open, reset, models, findings, firstPage;
};
Phases g_phases;

struct Opened
{
    std::unique_ptr<WorkspaceDocument> document;
    std::unique_ptr<RegistrationModel> registrations;
    std::unique_ptr<ServiceUserModel> users;
    std::unique_ptr<EnvironmentModel> environments;
    std::unique_ptr<ObjectFilterModel> registrationFilter;
    std::unique_ptr<ObjectFilterModel> userFilter;
    std::unique_ptr<ObjectFilterModel> environmentFilter;
};

Opened openAndPopulate(const QString &path)
{
    Opened o;
    Workspace w;
    WorkspaceFile file;
    QElapsedTimer t;
    t.start();
    const auto lap = [&t](std::vector<double> &into) {
        into.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
    };
    if (!file.open(path, &w).ok())
        qFatal("cannot open the generated workspace");
    lap(g_phases.open);
    o.document = std::make_unique<WorkspaceDocument>();
    o.document->reset(w, path);
    lap(g_phases.reset);
    o.registrations = std::make_unique<RegistrationModel>(o.document.get());
    o.users = std::make_unique<ServiceUserModel>(o.document.get());
    o.environments = std::make_unique<EnvironmentModel>(o.document.get());
    o.registrationFilter = std::make_unique<ObjectFilterModel>(o.registrations.get());
    o.userFilter = std::make_unique<ObjectFilterModel>(o.users.get());
    o.environmentFilter = std::make_unique<ObjectFilterModel>(o.environments.get());
    lap(g_phases.models);
    // The findings are checked off the main thread (WorkspaceDocument); the memory probe waits for them below.
    lap(g_phases.findings);
    touchFirstPage(*o.registrationFilter, 40);
    lap(g_phases.firstPage);
    return o;
}

// Records when a widget is first painted.
class PaintProbe : public QObject
{
public:
    PaintProbe(QWidget *widget, const QElapsedTimer &clock) : m_clock(clock) { widget->installEventFilter(this); }
    double firstPaintMs = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && firstPaintMs < 0)
            firstPaintMs = m_clock.nsecsElapsed() / 1e6;
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
};

// `cmic-oauth-console FILE` from process start to its first painted frame (the process ends there).
double coldStartMs(const QString &file)
{
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CMIC_QUIT_AFTER_SHOW"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QFileInfo(file).absolutePath()); // no saved state, no recent files
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer t;
    t.start();
    console.start(QStringLiteral(CMIC_CONSOLE_PATH), {file});
    if (!console.waitForFinished(120000))
        qFatal("the console did not reach its first frame");
    return t.nsecsElapsed() / 1e6;
}

// The first kRows rows of a model (the measured-rows view would take minutes over all 140,000 findings).
class FirstRows final : public QSortFilterProxyModel
{
public:
    static constexpr int kRows = 5000;
    explicit FirstRows(QAbstractItemModel *source) { setSourceModel(source); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &) const override { return row < kRows; }
};

// A findings view like the dock's over |model|, with the row heights measured from the contents and word wrap (as
// the dock was) or fixed (as it is): time from show() to its first paint.
double findingsViewFirstPaintMs(QAbstractItemModel *model, bool measuredRows)
{
    FirstRows rows(model);
    QTableView view;
    view.setModel(&rows);
    view.setWordWrap(measuredRows);
    view.verticalHeader()->setSectionResizeMode(measuredRows ? QHeaderView::ResizeToContents : QHeaderView::Fixed);
    view.horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    view.resize(1200, 200);
    QElapsedTimer clock;
    clock.start();
    PaintProbe probe(view.viewport(), clock);
    view.show();
    while (probe.firstPaintMs < 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    return probe.firstPaintMs;
}

// The longest gap between 5 ms timer ticks of an event loop with nothing to do, over |ms|: what the machine's own
// scheduling costs (it is shared; builds run beside the benchmark), the baseline of the stall figure.
double idleLongestGapMs(double ms)
{
    QElapsedTimer clock;
    clock.start();
    double last = 0, longest = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double now = clock.nsecsElapsed() / 1e6;
        longest = std::max(longest, now - last);
        last = now;
    });
    tick.start();
    while (clock.nsecsElapsed() / 1e6 < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    return longest;
}

// CMIC_BENCH_STALLS=MS: every event that the window's event loop takes longer than MS to handle is printed with its
// receiver, to see where a stall comes from.
class StallLoggingApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    double logAboveMs = -1; // < 0: off
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (logAboveMs < 0 || m_depth > 0)
            return QApplication::notify(receiver, event);
        const int type = event->type();
        const QByteArray what = QByteArray(receiver->metaObject()->className()) + " \""
                                + receiver->objectName().toUtf8() + "\" parent "
                                + (receiver->parent() ? receiver->parent()->metaObject()->className() : "-");
        QElapsedTimer t;
        t.start();
        ++m_depth;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = t.nsecsElapsed() / 1e6;
        if (ms > logAboveMs)
            QTextStream(stdout) << "    stall " << ms << " ms: event " << type << " to " << what << "\n";
        return handled;
    }

private:
    int m_depth = 0;
};

struct ViewProbe
{
    std::vector<double> measured, fixed;
};
ViewProbe *g_viewProbe = nullptr;

struct WindowRun
{
    double openCallMs = 0;   // MainWindow::openFile: read, parse, reset the models (blocking, by design)
    double firstFrameMs = 0; // from the start of the open to the registrations table's first paint after it
    double longestGapMs = 0; // the longest event-loop turn after the open until every finding is listed
    double allInMs = 0;      // from the start of the open until the findings dock lists every finding
    int findings = 0;
};

// Opens |path| in a shown console window as a user would (File > Open) and watches its event loop.
WindowRun openInWindow(const QString &path)
{
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.show();
    for (int i = 0; i < 20; ++i) // settle: the first layout and paint of the empty window
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    QElapsedTimer settle;
    settle.start();
    while (!window.findingsModel()->isComplete()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
        if (settle.elapsed() > 120000)
            qFatal("the empty window's findings did not settle in 2 minutes (pending %d)",
                   window.document()->findingsPending());
    }
    QWidget *viewport = window.table(ObjectKind::Registration)->viewport();
    WindowRun run;
    run.findings = 0;
    QElapsedTimer clock;
    clock.start();
    if (!window.openFile(path))
        qFatal("the window could not open the generated workspace");
    run.openCallMs = clock.nsecsElapsed() / 1e6;
    auto *app = static_cast<StallLoggingApplication *>(QCoreApplication::instance());
    if (qEnvironmentVariableIsSet("CMIC_BENCH_STALLS"))
        app->logAboveMs = qEnvironmentVariableIntValue("CMIC_BENCH_STALLS");
    // The frame showing the new workspace: its registrations table, or for an empty one the page's text saying what
    // to create first (the table is hidden then).
    if (!viewport->isVisibleTo(&window)) {
        viewport = window.findChild<QWidget *>(QStringLiteral("registrationEmptyText"));
        if (!viewport)
            qFatal("neither the registrations table nor the empty page's text is there");
    }
    PaintProbe probe(viewport, clock);
    viewport->update();
    double last = clock.nsecsElapsed() / 1e6;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double now = clock.nsecsElapsed() / 1e6;
        run.longestGapMs = std::max(run.longestGapMs, now - last);
        last = now;
    });
    tick.start();
    while (probe.firstPaintMs < 0 || !window.findingsModel()->isComplete()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        if (clock.elapsed() > 120000)
            qFatal("no first frame or findings after 2 minutes: painted %d, viewport visible %d, findings %d of %d, "
                   "pending %d",
                   probe.firstPaintMs >= 0, viewport->isVisible(), window.findingsModel()->rowCount(),
                   window.findingsModel()->totalCount(), window.document()->findingsPending());
    }
    const double now = clock.nsecsElapsed() / 1e6;
    run.longestGapMs = std::max(run.longestGapMs, now - last);
    run.allInMs = now;
    run.firstFrameMs = probe.firstPaintMs;
    app->logAboveMs = -1;
    tick.stop();
    run.findings = window.findingsModel()->rowCount();
    if (g_viewProbe && run.findings > 0) {
        g_viewProbe->measured.push_back(findingsViewFirstPaintMs(window.findingsModel(), true));
        g_viewProbe->fixed.push_back(findingsViewFirstPaintMs(window.findingsModel(), false));
    }
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    StallLoggingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the window's QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("cmic-bench"));
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() == 3 && args.at(1) == QLatin1String("--write")) {
        // Writes the generated workspace, e.g. for profiling the open path on its own.
        QFile f(args.at(2));
        if (!f.open(QIODevice::WriteOnly))
            return 2;
        f.write(WorkspaceFile::serialize(generateWorkspace(10000, 2000)));
        return 0;
    }
    if (args.size() == 3 && args.at(1) == QLatin1String("--rss-of")) {
        // Child mode: a fresh process opens the workspace once, like the console would, and reports its memory.
        const bool verbose = qEnvironmentVariableIsSet("CMIC_BENCH_VERBOSE");
        const long before = residentKiB("VmRSS:");
        Opened o = openAndPopulate(args.at(2));
        const long opened = residentKiB("VmRSS:");
        FindingsModel findings(o.document.get());
        while (!findings.isComplete())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (verbose)
            QTextStream(stderr) << "  memory probe: started " << before / 1024.0 << " MiB, opened and populated "
                                << opened / 1024.0 << " MiB, with its " << findings.totalCount() << " findings "
                                << residentKiB("VmRSS:") / 1024.0 << " MiB (peak " << residentKiB("VmHWM:") / 1024.0
                                << " MiB)\n";
        if (qEnvironmentVariableIsSet("CMIC_BENCH_TRIM_PROBE")) {
#if defined(__GLIBC__)
            malloc_stats();
#endif
            releaseFreedMemory();
            QTextStream(stderr) << "  after malloc_trim: " << residentKiB("VmRSS:") / 1024.0 << " MiB\n";
        }
        out << residentKiB("VmRSS:") << "\n";
        return 0;
    }
    // CMIC_BENCH_ROUNDS=N: fewer (or more) rounds of every timed part, to iterate quickly.
    const int roundsSet = qEnvironmentVariableIntValue("CMIC_BENCH_ROUNDS");
    const int rounds = roundsSet > 0 ? roundsSet : 7;
    const long rssStart = residentKiB("VmRSS:");                               // Qt started, nothing loaded
    const bool heavyOnly = qEnvironmentVariableIsSet("CMIC_BENCH_HEAVY_ONLY"); // the findings-heavy part alone

    QTemporaryDir dir;
    if (!heavyOnly) {
        const QString path = dir.filePath(QStringLiteral("big.cmic-oauth.json"));
        {
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly))
                qFatal("cannot write the generated workspace");
            f.write(WorkspaceFile::serialize(generateWorkspace(10000, 2000)));
        }
        const qint64 fileSize = QFileInfo(path).size();

        // Baseline: parse the same bytes with QJsonDocument and nothing else. Interleaved with the opens, so the
        // machine's load (it is shared) weighs on both alike.
        std::vector<double> parseMs, openMs;
        for (int i = 0; i < rounds; ++i) {
            QElapsedTimer t;
            t.start();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                qFatal("cannot read");
            const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
            parseMs.push_back(t.nsecsElapsed() / 1e6);
            if (doc.isNull())
                qFatal("generated file is not JSON");
            t.restart();
            Opened o = openAndPopulate(path);
            openMs.push_back(t.nsecsElapsed() / 1e6);
            if (qEnvironmentVariableIsSet("CMIC_BENCH_VERBOSE"))
                out << "  open round " << i << ": bare parse " << parseMs.back() << " ms, open + populate "
                    << openMs.back() << " ms\n";
        }

        Opened o = openAndPopulate(path);
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--rss-of"), path});
        if (!child.waitForFinished(60000))
            qFatal("the memory probe did not finish");
        const long rssLoaded = child.readAllStandardOutput().trimmed().toLong();

        // One keystroke each: "I", "In", "Int", ... as someone types a filter, then clearing it.
        const QString typed = QStringLiteral("Integration 12");
        std::vector<double> keyMs;
        for (int round = 0; round < 3; ++round) {
            for (int n = 1; n <= typed.size(); ++n) {
                QElapsedTimer t;
                t.start();
                o.registrationFilter->setFilterText(typed.left(n));
                touchFirstPage(*o.registrationFilter, 40);
                keyMs.push_back(t.nsecsElapsed() / 1e6);
                if (qEnvironmentVariableIsSet("CMIC_BENCH_VERBOSE"))
                    out << "  keystroke \"" << typed.left(n) << "\": " << keyMs.back() << " ms, "
                        << o.registrationFilter->rowCount() << " rows\n";
            }
            o.registrationFilter->setFilterText(QString());
        }

        // Baseline: a stock proxy over a QStandardItemModel holding the same visible summary text.
        QStandardItemModel plain(o.registrations->rowCount(), o.registrations->summaryColumns().size());
        const QList<int> summary = o.registrations->summaryColumns();
        for (int r = 0; r < o.registrations->rowCount(); ++r) {
            for (int c = 0; c < summary.size(); ++c)
                plain.setItem(r, c, new QStandardItem(o.registrations->index(r, summary.at(c)).data().toString()));
        }
        QSortFilterProxyModel stock;
        stock.setSourceModel(&plain);
        stock.setFilterKeyColumn(-1);
        stock.setFilterCaseSensitivity(Qt::CaseInsensitive);
        std::vector<double> stockKeyMs;
        for (int round = 0; round < 3; ++round) {
            for (int n = 1; n <= typed.size(); ++n) {
                QElapsedTimer t;
                t.start();
                stock.setFilterFixedString(typed.left(n));
                touchFirstPage(stock, 40);
                stockKeyMs.push_back(t.nsecsElapsed() / 1e6);
            }
            stock.setFilterFixedString(QString());
        }

        const double open = median(openMs), parse = median(parseMs), key = median(keyMs), stockKey = median(stockKeyMs);
        const double keyMax = *std::max_element(keyMs.begin(), keyMs.end());
        const double rssMiB = rssLoaded / 1024.0;
        out << "workspace: 10000 registrations, 2000 service users, 4 environments, " << fileSize / 1024 << " KiB\n";
        out << QStringLiteral("open + populate models (median of %1): %2 ms (target <= 250) %3\n")
                   .arg(rounds)
                   .arg(open, 0, 'f', 1)
                   .arg(open <= 250 ? QStringLiteral("OK") : QStringLiteral("ABOVE TARGET"));
        out << QStringLiteral(
                   "  phases (medians, ms): read+parse file %1, document reset %2, models+filters %3, findings %4, "
                   "first page %5\n")
                   .arg(median(g_phases.open), 0, 'f', 1)
                   .arg(median(g_phases.reset), 0, 'f', 1)
                   .arg(median(g_phases.models), 0, 'f', 1)
                   .arg(median(g_phases.findings), 0, 'f', 1)
                   .arg(median(g_phases.firstPage), 0, 'f', 1);
        out << QStringLiteral("  baseline bare QJsonDocument parse: %1 ms; ratio open/parse: %2\n")
                   .arg(parse, 0, 'f', 1)
                   .arg(open / parse, 0, 'f', 2);
        out << QStringLiteral("filter keystroke (median of %1, max %2 ms): %3 ms (target <= 16) %4\n")
                   .arg(keyMs.size())
                   .arg(keyMax, 0, 'f', 1)
                   .arg(key, 0, 'f', 2)
                   .arg(key <= 16 ? QStringLiteral("OK") : QStringLiteral("ABOVE TARGET"));
        out << QStringLiteral("  baseline stock QSortFilterProxyModel: %1 ms; ratio ours/stock: %2\n")
                   .arg(stockKey, 0, 'f', 2)
                   .arg(key / stockKey, 0, 'f', 2);
        out << QStringLiteral("resident memory, fresh process with the workspace open: %1 MiB (target <= 80) %2\n")
                   .arg(rssMiB, 0, 'f', 1)
                   .arg(rssMiB <= 80 ? QStringLiteral("OK") : QStringLiteral("ABOVE TARGET"));
        out << QStringLiteral("  baseline: this process with Qt started and nothing loaded: %1 MiB\n")
                   .arg(rssStart / 1024.0, 0, 'f', 1);
    }
    // The findings-heavy workspace in the window, against an empty one opened the same way.
    const int heavyCount =
        qEnvironmentVariableIntValue("CMIC_BENCH_HEAVY") > 0 ? qEnvironmentVariableIntValue("CMIC_BENCH_HEAVY") : 20000;
    const QString heavyPath = dir.filePath(QStringLiteral("incomplete.cmic-oauth.json"));
    const QString emptyPath = dir.filePath(QStringLiteral("empty.cmic-oauth.json"));
    {
        QFile heavy(heavyPath);
        QFile empty(emptyPath);
        if (!heavy.open(QIODevice::WriteOnly) || !empty.open(QIODevice::WriteOnly))
            qFatal("cannot write the generated workspaces");
        heavy.write(WorkspaceFile::serialize(generateIncompleteWorkspace(heavyCount)));
        Workspace none;
        none.id = QStringLiteral("bench-empty");
        empty.write(WorkspaceFile::serialize(none));
    }
    // Cold start, interleaved so machine noise hits both alike.
    std::vector<double> coldEmpty, coldHeavy;
    const bool cold = !qEnvironmentVariableIsSet("CMIC_BENCH_NO_COLD_START"); // e.g. to profile this process alone
    if (cold)
        (void)coldStartMs(emptyPath); // warm the page cache
    for (int i = 0; cold && i < rounds; ++i) {
        coldEmpty.push_back(coldStartMs(emptyPath));
        coldHeavy.push_back(coldStartMs(heavyPath));
    }
    const int windowRounds = roundsSet > 0 ? roundsSet : 5;
    ViewProbe viewProbe; // one round: the measured-rows view takes seconds
    std::vector<double> emptyFrame, heavyFrame, heavyGap, heavyOpen, heavyAllIn, idleGap;
    int heavyFindings = 0;
    for (int i = 0; i < windowRounds; ++i) {
        const WindowRun e = openInWindow(emptyPath);
        emptyFrame.push_back(e.firstFrameMs);
        g_viewProbe = i < 1 ? &viewProbe : nullptr;
        const WindowRun h = openInWindow(heavyPath);
        heavyFrame.push_back(h.firstFrameMs);
        heavyGap.push_back(h.longestGapMs);
        heavyOpen.push_back(h.openCallMs);
        heavyAllIn.push_back(h.allInMs);
        heavyFindings = h.findings;
        idleGap.push_back(idleLongestGapMs(h.allInMs - h.openCallMs)); // as long as the findings took to come in
        if (qEnvironmentVariableIsSet("CMIC_BENCH_VERBOSE"))
            out << "  window round " << i << ": empty frame " << e.firstFrameMs << " ms, heavy frame " << h.firstFrameMs
                << " ms, open call " << h.openCallMs << " ms, longest gap " << h.longestGapMs << " ms, all in "
                << h.allInMs << " ms\n";
    }
    const double eFrame = median(emptyFrame), hFrame = median(heavyFrame), hGap = median(heavyGap);
    const double hGapMax = *std::max_element(heavyGap.begin(), heavyGap.end());
    out << QStringLiteral("findings-heavy workspace: %1 registrations, all incomplete, %2 findings\n")
               .arg(heavyCount)
               .arg(heavyFindings);
    const double cHeavy = median(coldHeavy), cEmpty = median(coldEmpty);
    out << QStringLiteral("  cmic-oauth-console FILE to its first painted frame (median of %1): %2 ms; empty workspace "
                          "%3 ms; ratio %4 (target <= 1.5) %5\n")
               .arg(rounds)
               .arg(cHeavy, 0, 'f', 1)
               .arg(cEmpty, 0, 'f', 1)
               .arg(cHeavy / cEmpty, 0, 'f', 2)
               .arg(cHeavy <= 1.5 * cEmpty ? QStringLiteral("OK") : QStringLiteral("ABOVE TARGET"));
    out << QStringLiteral("  in a shown window, File > Open to the first frame of the table (median of %1): %2 ms; "
                          "empty workspace %3 ms\n")
               .arg(windowRounds)
               .arg(hFrame, 0, 'f', 1)
               .arg(eFrame, 0, 'f', 1);
    out << QStringLiteral(
               "  longest event-loop stall while the findings come in (median %1 ms, max %2 ms): target <= 100 "
               "%3; baseline: an idle event loop over the same time %4 ms (median; max %5 ms)\n")
               .arg(hGap, 0, 'f', 1)
               .arg(hGapMax, 0, 'f', 1)
               .arg(hGap <= 100 ? QStringLiteral("OK (median)") : QStringLiteral("ABOVE TARGET"))
               .arg(median(idleGap), 0, 'f', 1)
               .arg(*std::max_element(idleGap.begin(), idleGap.end()), 0, 'f', 1);
    out << QStringLiteral("  open call (read, parse, reset) %1 ms; every finding listed after %2 ms (medians)\n")
               .arg(median(heavyOpen), 0, 'f', 1)
               .arg(median(heavyAllIn), 0, 'f', 1);
    out << QStringLiteral(
               "  where the old dock's time went: a findings view over the first %1 findings, show() to first paint: "
               "rows measured from their contents + word wrap %2 ms, fixed row height %3 ms; ratio %4\n")
               .arg(FirstRows::kRows)
               .arg(median(viewProbe.measured), 0, 'f', 1)
               .arg(median(viewProbe.fixed), 0, 'f', 1)
               .arg(median(viewProbe.measured) / median(viewProbe.fixed), 0, 'f', 1);
    out.flush();
    return 0;
}
