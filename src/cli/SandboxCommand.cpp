#include "Commands.h"

#include "core/storage/KeychainSecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

namespace cmic::cli {

namespace {

// Writes the demo secrets to the OS keychain and waits for every answer; false (with the reason) on any failure.
bool storeInKeychain(const sandbox::DemoSandbox &sandbox, Io &io)
{
    KeychainSecretStore store;
    QEventLoop loop;
    int pending = 0;
    bool ok = true;
    const QList<SecretRequest *> requests = sandbox.storeSecrets(store);
    pending = int(requests.size());
    for (SecretRequest *request : requests) {
        QObject::connect(request, &SecretRequest::finished, &loop, [&](SecretRequest *finished) {
            if (finished->status() != SecretStore::Status::Ok) {
                ok = false;
                io.err << "cmic-oauth sandbox: could not store " << finished->key() << ": " << finished->errorText()
                       << "\n";
            }
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0)
        loop.exec();
    return ok;
}

} // namespace

int runSandbox(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the demo identity provider and the CMiC stand-in on this computer (loopback only) and writes a "
        "workspace that points at them, so the whole flow can be tried without touching production."));
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"), QStringLiteral("Where to write the workspace (default: ./demo.cmic-oauth.json)."),
        QStringLiteral("path"), QStringLiteral("demo.cmic-oauth.json"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), QStringLiteral("Folder for the sandbox CA certificate (default: beside the workspace)."),
        QStringLiteral("folder"));
    const QCommandLineOption plainOption(QStringLiteral("plain"),
                                         QStringLiteral("Serve plain HTTP on 127.0.0.1 instead of HTTPS."));
    const QCommandLineOption durationOption(
        QStringLiteral("duration"), QStringLiteral("Stop after this many seconds (default: run until interrupted)."),
        QStringLiteral("seconds"));
    const QCommandLineOption storeOption(QStringLiteral("store-secrets"),
                                         QStringLiteral("Put the demo client secrets and key into the OS keychain."));
    const QCommandLineOption printOption(
        QStringLiteral("print-secrets"),
        QStringLiteral("Print the demo secrets as shell exports (they are only valid for this sandbox)."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOptions({workspaceOption, dirOption, plainOption, durationOption, storeOption, printOption, help});
    if (!parser.parse(QStringList{QStringLiteral("cmic-oauth sandbox")} + args)) {
        io.err << "cmic-oauth sandbox: " << parser.errorText()
               << "\nRun 'cmic-oauth sandbox --help' for the options.\n";
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText();
        io.out << "\nExit status: 0 after a clean stop, 2 usage error or the servers could not start.\n";
        return ExitOk;
    }
    bool durationOk = true;
    const int duration = parser.isSet(durationOption) ? parser.value(durationOption).toInt(&durationOk) : 0;
    if (!durationOk || duration < 0) {
        io.err << "cmic-oauth sandbox: --duration needs a number of seconds.\n";
        return ExitUsage;
    }

    const QString workspacePath = QFileInfo(parser.value(workspaceOption)).absoluteFilePath();
    sandbox::DemoSandboxOptions options;
    options.tls = !parser.isSet(plainOption);
    options.folder = parser.isSet(dirOption) ? parser.value(dirOption) : QFileInfo(workspacePath).absolutePath();
    sandbox::DemoSandbox demo(Clock::system());
    QString error;
    if (!demo.start(options, &error)) {
        io.err << "cmic-oauth sandbox: the sandbox could not start: " << error << "\n";
        return ExitUsage;
    }
    WorkspaceFile file;
    const WorkspaceFile::Result saved = file.save(workspacePath, demo.workspace(), true);
    if (!saved.ok()) {
        io.err << "cmic-oauth sandbox: could not write " << workspacePath << ": " << saved.message << "\n";
        return ExitUsage;
    }
    io.out << "Demo identity provider: " << demo.identityProvider()->issuer() << "\n"
           << "CMiC stand-in:          " << demo.cmic()->apiBaseUrl() << "\n";
    if (!demo.caBundlePath().isEmpty())
        io.out << "Sandbox CA (in the workspace settings): " << demo.caBundlePath() << "\n";
    io.out << "Workspace written:      " << workspacePath << "\n";
    if (parser.isSet(storeOption)) {
        if (!storeInKeychain(demo, io))
            io.err << "cmic-oauth sandbox: the secrets are not in the keychain; use --print-secrets instead.\n";
        else
            io.out << "Demo secrets stored in the keychain.\n";
    }
    if (parser.isSet(printOption)) {
        for (const sandbox::DemoSecret &secret : demo.secrets()) {
            QString quoted = secret.value;
            quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
            io.out << "# " << secret.key << "\n"
                   << "'" << quoted << "'\n";
        }
    }
    io.out << (duration > 0 ? QStringLiteral("Running for %1 s.").arg(duration)
                            : QStringLiteral("Running; press Ctrl+C to stop."))
           << "\n";
    io.out.flush();
    if (duration > 0)
        QTimer::singleShot(duration * 1000, QCoreApplication::instance(), &QCoreApplication::quit);
    QCoreApplication::exec();
    demo.stop();
    return ExitOk;
}

} // namespace cmic::cli
