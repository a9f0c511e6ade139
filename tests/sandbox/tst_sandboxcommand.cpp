// 'cmic-oauth sandbox' runs both servers, writes a workspace that points at them, and stops cleanly; it replaces
// only its own earlier files (issue 9, item 8): a real workspace, its .bak, any other file, a pipe, a device or a
// folder at its paths is left as it was, and a stray argument is a usage error.
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/WorkspaceFile.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace cmic;
using namespace cmic::net;

namespace {

struct Run
{
    int exitCode = -1; // -1: crashed, or still running when the watchdog stopped it
    QByteArray out;
    QByteArray err;
};

// The sandbox command in |workingDirectory|, stopped after |watchdogMs| (a refusal is immediate; a regression that
// starts the servers anyway ends with --duration, one that blocks on a pipe is killed here and fails the test).
Run runSandbox(const QString &cli, const QStringList &args, const QString &workingDirectory = {},
               int watchdogMs = 20000)
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(cli, QStringList{QStringLiteral("sandbox")} + args);
    if (!process.waitForStarted(10000))
        return {};
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(watchdogMs)) {
        process.kill();
        process.waitForFinished(5000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        run.exitCode = process.exitCode();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString explain(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A file's bytes and modification time, to prove it was not written (not even with the same bytes).
struct Snapshot
{
    QByteArray bytes;
    QDateTime modified;
    bool operator==(const Snapshot &) const = default;
};

// Sets an old modification time first, so a rewrite within the same second still shows.
Snapshot snapshotAged(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return {};
    const QDateTime old = QDateTime::fromSecsSinceEpoch(1577836800, Qt::UTC); // 2020-01-01
    if (!f.setFileTime(old, QFileDevice::FileModificationTime))
        return {};
    f.close();
    return {readAll(path), QFileInfo(path).lastModified()};
}

Snapshot snapshot(const QString &path) { return {readAll(path), QFileInfo(path).lastModified()}; }

// A workspace somebody works with: its own id, a registration with real URLs.
Workspace realWorkspace()
{
    Workspace w;
    w.id = QStringLiteral("prod-workspace");
    AppRegistration r;
    r.id = QStringLiteral("payroll");
    r.name = QStringLiteral("Payroll sync");
    r.issuer = QStringLiteral("https://login.example.com/tenant/v2.0");
    r.appId = QStringLiteral("payroll-sync");
    w.registrations << r;
    return w;
}

bool isFifo(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISFIFO(st.st_mode);
}

} // namespace

class TestSandboxCommand : public QObject
{
    Q_OBJECT

private:
    QString m_cli;

private slots:
    void initTestCase()
    {
        m_cli = qEnvironmentVariable("CMIC_OAUTH_CLI");
        QVERIFY2(!m_cli.isEmpty(), "CMIC_OAUTH_CLI is not set; run this test through ctest.");
    }

    void writesWorkspaceAndServesUntilDurationEnds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        QProcess cli;
        cli.start(m_cli, {QStringLiteral("sandbox"), QStringLiteral("--plain"), QStringLiteral("--duration"),
                          QStringLiteral("3"), QStringLiteral("--workspace"), path});
        QVERIFY(cli.waitForStarted(5000));
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += cli.readAllStandardOutput()).contains("Running"), 15000);

        Workspace workspace;
        WorkspaceFile file;
        const WorkspaceFile::Result opened = file.open(path, &workspace);
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        QCOMPARE(workspace.registrations.size(), 3);
        QVERIFY(workspace.settings.caBundlePath.isEmpty());

        // The servers answer while the command runs.
        HttpPolicy policy;
        HttpRequestSpec spec;
        spec.url = QUrl(workspace.registrations.first().discoveryUrl);
        const HttpResult discovery = HttpClient(policy).run(spec);
        QVERIFY2(discovery.ok, qPrintable(discovery.message));
        QCOMPARE(discovery.json.object().value(QLatin1String("issuer")).toString(),
                 workspace.registrations.first().issuer);

        QVERIFY(cli.waitForFinished(15000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
    }

    // Whatever is at --workspace and is not the sandbox's own earlier demo workspace is refused before the servers
    // start: the file and its .bak keep their bytes and their modification times, and no CA is written beside them.
    void refusesToReplaceAnyOtherFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("a real workspace") << QStringLiteral("real");
        QTest::newRow("the console's --demo, saved by the user") << QStringLiteral("demo-copy");
        QTest::newRow("a damaged workspace") << QStringLiteral("damaged");
        QTest::newRow("not a workspace at all") << QStringLiteral("text");
        QTest::newRow("a link to a real workspace") << QStringLiteral("link");
    }
    void refusesToReplaceAnyOtherFile()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prod.cmic-oauth.json"));
        QString file = path; // what the path holds (the link's target for "link")
        if (kind == QLatin1String("real") || kind == QLatin1String("link")) {
            if (kind == QLatin1String("link")) {
                file = dir.filePath(QStringLiteral("elsewhere.cmic-oauth.json"));
                QVERIFY(QFile::link(file, path));
            }
            // Saved twice, as the console does: the workspace and its .bak.
            WorkspaceFile saved;
            QVERIFY(saved.save(file, realWorkspace()).ok());
            Workspace changed = realWorkspace();
            changed.registrations[0].name = QStringLiteral("Payroll sync (renamed)");
            QVERIFY(saved.save(file, changed).ok());
        } else if (kind == QLatin1String("demo-copy")) {
            Workspace copy = realWorkspace();
            copy.id = kDemoWorkspaceId; // the demo id without the sandbox's marker
            QVERIFY(writeAll(path, WorkspaceFile::serialize(copy)));
        } else if (kind == QLatin1String("damaged")) {
            QVERIFY(
                writeAll(path, QByteArrayLiteral("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"regis")));
        } else {
            QVERIFY(writeAll(path, QByteArrayLiteral("notes, not a workspace\n")));
        }
        const QString bak = WorkspaceFile::backupPath(file);
        if (!QFileInfo::exists(bak))
            QVERIFY(writeAll(bak, QByteArrayLiteral("the previous version\n")));
        const Snapshot fileBefore = snapshotAged(file);
        const Snapshot bakBefore = snapshotAged(bak);
        QVERIFY(!fileBefore.bytes.isEmpty() && !bakBefore.bytes.isEmpty());

        const Run r =
            runSandbox(m_cli, {QStringLiteral("--workspace"), path, QStringLiteral("--duration"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("already exists and is not a demo workspace written by the sandbox"),
                 qPrintable(explain(r)));
        QVERIFY2(r.err.contains("--workspace PATH"), qPrintable(explain(r)));
        QVERIFY2(!r.out.contains("Running"), qPrintable(explain(r))); // refused before the servers started
        QCOMPARE(snapshot(file), fileBefore);
        QCOMPARE(snapshot(bak), bakBefore);
        QVERIFY(!QFileInfo::exists(dir.filePath(kSandboxCaFileName)));
        if (kind == QLatin1String("link"))
            QVERIFY(QFileInfo(path).isSymLink());
    }

    // A folder, a named pipe (also through a link), a character device and a missing folder are refused at once:
    // the command never opens a pipe (which would wait for a writer) and never renames a file over a node.
    void refusesSpecialTargetsWithoutBlocking_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("mustSay");
        QTest::newRow("named pipe") << QStringLiteral("fifo") << QByteArray("is a named pipe (FIFO), not a file");
        QTest::newRow("link to a named pipe")
            << QStringLiteral("fifo-link") << QByteArray("is a named pipe (FIFO), not a file");
        QTest::newRow("character device") << QStringLiteral("device") << QByteArray("is a character device");
        QTest::newRow("folder") << QStringLiteral("folder") << QByteArray("is a folder");
        QTest::newRow("missing folder") << QStringLiteral("missing") << QByteArray("its folder does not exist");
    }
    void refusesSpecialTargetsWithoutBlocking()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, mustSay);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("target.cmic-oauth.json"));
        const QString node = dir.filePath(QStringLiteral("node"));
        if (kind == QLatin1String("fifo")) {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else if (kind == QLatin1String("fifo-link")) {
            QVERIFY(::mkfifo(QFile::encodeName(node).constData(), 0600) == 0);
            QVERIFY(QFile::link(node, path));
        } else if (kind == QLatin1String("device")) {
            // A zero device of the test's own (never the machine's /dev nodes); mknod needs root, as in CI.
            QVERIFY2(::mknod(QFile::encodeName(path).constData(), S_IFCHR | 0600, makedev(1, 5)) == 0,
                     std::strerror(errno));
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("target.cmic-oauth.json")));
        } else {
            path = dir.filePath(QStringLiteral("no/such/folder/demo.cmic-oauth.json"));
        }
        QElapsedTimer timer;
        timer.start();
        const Run r = runSandbox(m_cli,
                                 {QStringLiteral("--workspace"), path, QStringLiteral("--duration"),
                                  QStringLiteral("1"), QStringLiteral("--plain")},
                                 {}, 15000);
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(timer.elapsed() < 10000, "the refusal took as long as a run");
        QVERIFY2(r.err.contains(mustSay), qPrintable(explain(r)));
        QVERIFY2(!r.out.contains("Running"), qPrintable(explain(r)));
        struct stat st = {};
        if (kind == QLatin1String("fifo"))
            QVERIFY(isFifo(path));
        if (kind == QLatin1String("fifo-link"))
            QVERIFY(isFifo(node) && QFileInfo(path).isSymLink());
        if (kind == QLatin1String("device"))
            QVERIFY(::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISCHR(st.st_mode));
        if (kind == QLatin1String("folder"))
            QVERIFY(QFileInfo(path).isDir());
    }

    // Its own earlier demo workspace (and CA) may be refreshed; the .bak beside it is still left alone.
    void refreshesItsOwnEarlierDemoWorkspace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        const QString ca = dir.filePath(kSandboxCaFileName);
        const QStringList args{QStringLiteral("--workspace"), path, QStringLiteral("--duration"), QStringLiteral("1")};
        const Run first = runSandbox(m_cli, args + QStringList{QStringLiteral("--plain")});
        QVERIFY2(first.exitCode == 0, qPrintable(explain(first)));
        Workspace written;
        QVERIFY(WorkspaceFile().open(path, &written).ok());
        QVERIFY(isDemoWorkspace(written));
        QVERIFY(written.settings.caBundlePath.isEmpty());
        QVERIFY(QFile::copy(path, WorkspaceFile::backupPath(path)));
        const Snapshot bakBefore = snapshotAged(WorkspaceFile::backupPath(path));
        const Snapshot firstDemo = snapshotAged(path);

        const Run second = runSandbox(m_cli, args); // HTTPS: writes the CA too
        QVERIFY2(second.exitCode == 0, qPrintable(explain(second)));
        QVERIFY2(second.out.contains("(the earlier demo workspace replaced)"), qPrintable(explain(second)));
        QVERIFY(snapshot(path) != firstDemo);
        Workspace refreshed;
        QVERIFY(WorkspaceFile().open(path, &refreshed).ok());
        QVERIFY(isDemoWorkspace(refreshed));
        QCOMPARE(QFileInfo(refreshed.settings.caBundlePath).canonicalFilePath(), QFileInfo(ca).canonicalFilePath());
        QCOMPARE(snapshot(WorkspaceFile::backupPath(path)), bakBefore);

        // A third run recognises the CA the second one wrote and replaces it with its own.
        const Snapshot firstCa = snapshotAged(ca);
        const Run third = runSandbox(m_cli, args);
        QVERIFY2(third.exitCode == 0, qPrintable(explain(third)));
        QVERIFY(readAll(ca) != firstCa.bytes);
        QCOMPARE(snapshot(WorkspaceFile::backupPath(path)), bakBefore);
    }

    // A sandbox-ca.pem that is not an earlier sandbox's CA (an organisation's CA kept there, say) is left as it was,
    // and nothing else is written.
    void refusesToReplaceAForeignCaFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        const QString ca = dir.filePath(kSandboxCaFileName);
        QVERIFY(writeAll(
            ca, QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nMIIBorganisation\n-----END CERTIFICATE-----\n")));
        const Snapshot before = snapshotAged(ca);
        const Run r =
            runSandbox(m_cli, {QStringLiteral("--workspace"), path, QStringLiteral("--duration"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("is not the CA certificate of an earlier sandbox"), qPrintable(explain(r)));
        QVERIFY2(r.err.contains("--dir FOLDER"), qPrintable(explain(r)));
        QCOMPARE(snapshot(ca), before);
        QVERIFY(!QFileInfo::exists(path));
    }

    // The workspace cannot be written where the CA goes: a usage error, nothing written.
    void workspaceAndCaCannotShareAPath()
    {
        QTemporaryDir dir;
        const Run r =
            runSandbox(m_cli, {QStringLiteral("--workspace"), dir.filePath(kSandboxCaFileName), QStringLiteral("--dir"),
                               dir.path(), QStringLiteral("--duration"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("would both be"), qPrintable(explain(r)));
        QVERIFY(!QFileInfo::exists(dir.filePath(kSandboxCaFileName)));
    }

    // `sandbox my.json` used to ignore the argument and write ./demo.cmic-oauth.json.
    void strayArgumentIsAUsageError()
    {
        QTemporaryDir dir;
        const Run r = runSandbox(
            m_cli,
            {QStringLiteral("my.json"), QStringLiteral("--plain"), QStringLiteral("--duration"), QStringLiteral("1")},
            dir.path());
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.startsWith("cmic-oauth sandbox: unexpected argument 'my.json'"), qPrintable(explain(r)));
        QVERIFY2(r.err.contains("--workspace PATH"), qPrintable(explain(r)));
        QVERIFY2(r.err.endsWith("Run 'cmic-oauth sandbox --help' for the options.\n"), qPrintable(explain(r)));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System | QDir::Hidden),
                 QStringList());
    }

    void rejectsBadDuration()
    {
        QProcess cli;
        cli.start(m_cli, {QStringLiteral("sandbox"), QStringLiteral("--duration"), QStringLiteral("soon")});
        QVERIFY(cli.waitForFinished(10000));
        QCOMPARE(cli.exitCode(), 2);
        QVERIFY(cli.readAllStandardError().contains("--duration"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxCommand)
#include "tst_sandboxcommand.moc"
