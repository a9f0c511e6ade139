// Secrets stay out of core dumps (core/storage/CoreDumps.h): both programs turn dumping off first thing in main(),
// before any secret can be read, and for good. Checked on the real `cmic-oauth` and `cmic-oauth-console` while they
// run (their core size limit, which /proc/PID/limits shows to anyone, and, for another user, /proc/PID's owner),
// then on disableCoreDumps() in this process (prctl(PR_GET_DUMPABLE) and the limit).
#include "core/storage/CoreDumps.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace cmic;

namespace {

// The soft core size limit of process |pid| as /proc shows it ("0", "unlimited", a number); empty when unreadable.
QString coreLimitOf(qint64 pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression line(QStringLiteral("^Max core file size\\s+(\\S+)"),
                                         QRegularExpression::MultilineOption);
    return line.match(QString::fromLatin1(limits.readAll())).captured(1);
}

// Waits until the running |process| shows a core size limit of 0; false when it does not within 10 s.
bool waitForNoCoreDumps(const QProcess &process)
{
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        if (coreLimitOf(process.processId()) == QLatin1String("0"))
            return true;
        QTest::qWait(10);
    }
    return false;
}

// For a user other than root, a process that is not dumpable has its /proc/PID files owned by root.
void expectNotDumpableFromOutside(const QProcess &process)
{
    if (getuid() == 0)
        return; // root owns every /proc/PID already: the limit above is what shows
    const QFileInfo status(QStringLiteral("/proc/%1/status").arg(process.processId()));
    QCOMPARE(status.ownerId(), 0u);
}

} // namespace

class TestCoreDumps : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private slots:
    // The programs must have something to turn off: this process (whose limit they inherit) allows core dumps.
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        struct rlimit limit = {};
        QCOMPARE(getrlimit(RLIMIT_CORE, &limit), 0);
        if (limit.rlim_max == 0 && getuid() == 0)
            limit.rlim_max = RLIM_INFINITY;
        limit.rlim_cur = limit.rlim_max;
        QCOMPARE(setrlimit(RLIMIT_CORE, &limit), 0);
        QVERIFY2(coreLimitOf(QCoreApplication::applicationPid()) != QLatin1String("0"),
                 "the hard core size limit is 0 here, so the check below could not tell anything apart");
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
    }

    // verify-token waits on standard input for the token: the process is caught while it runs.
    void cliTurnsCoreDumpsOffAtStartUp()
    {
        QProcess cli;
        cli.start(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("verify-token"), QStringLiteral("-")});
        QVERIFY(cli.waitForStarted(10000));
        const bool off = waitForNoCoreDumps(cli);
        if (off)
            expectNotDumpableFromOutside(cli);
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(30000));
        QVERIFY2(off, "cmic-oauth ran with core dumps allowed");
    }

    void consoleTurnsCoreDumpsOffAtStartUp()
    {
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(CMIC_CONSOLE_PATH), QStringList());
        QVERIFY(console.waitForStarted(10000));
        const bool off = waitForNoCoreDumps(console);
        if (off)
            expectNotDumpableFromOutside(console);
        console.kill();
        console.waitForFinished(10000);
        QVERIFY2(off, "cmic-oauth-console ran with core dumps allowed");
    }

    // Last: this process keeps the setting from here on.
    void disableCoreDumpsIsInForceAfterwards()
    {
        QVERIFY(!coreDumpsDisabled());
        QVERIFY(disableCoreDumps());
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        struct rlimit limit = {};
        QCOMPARE(getrlimit(RLIMIT_CORE, &limit), 0);
        QCOMPARE(limit.rlim_cur, rlim_t(0));
        QVERIFY(coreDumpsDisabled());
        QCOMPARE(coreLimitOf(QCoreApplication::applicationPid()), QStringLiteral("0"));
        // Calling it again changes nothing.
        QVERIFY(disableCoreDumps());
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    }
};

QTEST_GUILESS_MAIN(TestCoreDumps)
#include "tst_coredumps.moc"
