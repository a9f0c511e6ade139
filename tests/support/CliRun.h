#pragma once

// Runs the cmic-oauth executable as a user would, without blocking this thread's event loop: tests serve the
// sandbox (or a JWKS server) from that loop while the command talks to it.

#include <QEventLoop>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

namespace cmic::test {

struct CliRun
{
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

inline CliRun runCliProcess(const QString &binary, const QStringList &args, const QByteArray &stdinData = {},
                            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                            int timeoutMs = 90000)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    process.start(binary, args);
    if (!process.waitForStarted(10000))
        return {};
    process.write(stdinData);
    process.closeWriteChannel();
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    CliRun run;
    run.exitCode = process.state() == QProcess::NotRunning && process.exitStatus() == QProcess::NormalExit
                       ? process.exitCode()
                       : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace cmic::test
