// Opening a large workspace and filtering its tables: 10,000 registrations and 2,000 service users.
// Prints medians and ratios against baselines measured in the same run (a bare QJsonDocument parse of the same
// file; a stock QSortFilterProxyModel over a QStandardItemModel holding the same visible text). Targets from the
// issue: open + populate <= 250 ms, one filter keystroke <= 16 ms, resident memory <= 80 MiB.
#include "WorkspaceGenerator.h"

#include "core/storage/WorkspaceFile.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTextStream>

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
    (void)o.document->findings(); // the findings dock shows them at once
    lap(g_phases.findings);
    touchFirstPage(*o.registrationFilter, 40);
    lap(g_phases.firstPage);
    return o;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    QApplication app(argc, argv);
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
        Opened o = openAndPopulate(args.at(2));
        out << residentKiB("VmRSS:") << "\n";
        return 0;
    }
    const int rounds = 7;
    const long rssStart = residentKiB("VmRSS:"); // Qt started, nothing loaded

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.cmic-oauth.json"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write the generated workspace");
        f.write(WorkspaceFile::serialize(generateWorkspace(10000, 2000)));
    }
    const qint64 fileSize = QFileInfo(path).size();

    // Baseline: parse the same bytes with QJsonDocument and nothing else.
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
    }
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        Opened o = openAndPopulate(path);
        openMs.push_back(t.nsecsElapsed() / 1e6);
    }

    Opened o = openAndPopulate(path);
    QProcess child;
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
    out.flush();
    return 0;
}
