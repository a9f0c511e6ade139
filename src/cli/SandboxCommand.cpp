// cmic-oauth sandbox: the demo IdP and the CMiC stand-in on loopback, and a workspace for them (see docs/cli.md).
#include "Commands.h"
#include "Interrupt.h"
#include "SecretSource.h"

#include "core/export/Escapers.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/Clock.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

namespace cmic::cli {

int runSandbox(const QStringList &args, Io &io);

const CommandSpec sandboxCommand{
    "sandbox",
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "run the demo IdP and CMiC stand-in locally and write a workspace for them"),
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "Runs the demo identity provider and the CMiC stand-in on this computer (loopback only) and "
                      "writes a workspace that points at them, so the whole flow can be tried without touching "
                      "production."),
    &runSandbox};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Sandbox)
};

// Writes the demo secrets to the OS keychain and waits for every answer; false (with the reason) on any failure.
// Each entry is labelled with its registration and the workspace file written (KeychainSecretStore::entryLabel).
bool storeInKeychain(const sandbox::DemoSandbox &sandbox, const QString &workspacePath, Io &io)
{
    KeychainSecretStore store;
    const Workspace workspace = sandbox.workspace();
    store.setLabeller([&workspace, &workspacePath](const QString &key) {
        return KeychainSecretStore::entryLabelFor(workspace, workspacePath, key);
    });
    QEventLoop loop;
    int pending = 0;
    bool ok = true;
    const QList<SecretRequest *> requests = sandbox.storeSecrets(store);
    pending = int(requests.size());
    for (SecretRequest *request : requests) {
        QObject::connect(request, &SecretRequest::finished, &loop, [&](SecretRequest *finished) {
            if (finished->status() != SecretStore::Status::Ok) {
                ok = false;
                io.err << Msg::tr("cmic-oauth sandbox: could not store %1: %2")
                              .arg(oneLine(finished->key()), oneLine(finished->errorText()))
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
    CommandLine parser(sandboxCommand, io);
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             Msg::tr("Where to write the workspace (default: ./demo.cmic-oauth.json)."),
                                             QStringLiteral("path"), QStringLiteral("demo.cmic-oauth.json"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), Msg::tr("Folder for the sandbox CA certificate (default: beside the workspace)."),
        QStringLiteral("folder"));
    const QCommandLineOption plainOption(QStringLiteral("plain"),
                                         Msg::tr("Serve plain HTTP on 127.0.0.1 instead of HTTPS."));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            Msg::tr("Stop after this many seconds (default: run until interrupted)."),
                                            QStringLiteral("seconds"));
    const QCommandLineOption storeOption(QStringLiteral("store-secrets"),
                                         Msg::tr("Put the demo client secrets and key into the OS keychain."));
    const QCommandLineOption printOption(
        QStringLiteral("print-secrets"),
        Msg::tr("Print the demo secrets on standard output as shell lines, export CMIC_SECRET_<REGISTRATION "
                "ID>='...', the names --secret-env-prefix CMIC_SECRET_ reads (everything else goes to standard "
                "error then). They are only valid for this sandbox."));
    const QCommandLineOption standInOption(
        QStringLiteral("cmic"),
        Msg::tr("Change the CMiC stand-in's own configuration after the workspace is written, so CMiC differs from "
                "the workspace (repeatable; e.g. patch=20, ip-check=off, missing-ipaddr=pass, issuer=URL). Keys: %1.")
            .arg(sandbox::standInSettingKeys().join(QLatin1String(", "))),
        QStringLiteral("key=value"));
    parser.addOptions(
        {workspaceOption, dirOption, plainOption, durationOption, storeOption, printOption, standInOption});
    parser.addHelpNote(Msg::tr("An existing file is replaced only when it is a demo workspace (or CA) an earlier "
                               "sandbox wrote; any other file, a folder, a pipe or a device is left as it is and the "
                               "command stops before the servers start."));
    parser.addHelpNote(Msg::tr("Exit status: 0 after a clean stop, 2 usage error, a path that may not be written, or "
                               "the servers could not start."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    bool durationOk = true;
    const int duration = parser.isSet(durationOption) ? parser.value(durationOption).toInt(&durationOk) : 0;
    if (!durationOk || duration < 0)
        return parser.usageError(Msg::tr("--duration needs a number of seconds."));
    if (!parser.positionalArguments().isEmpty())
        return parser.usageError(Msg::tr("unexpected argument '%1'; give the workspace's path with --workspace PATH.")
                                     .arg(oneLine(parser.positionalArguments().constFirst())));

    // Where the files go is checked before the servers start: the sandbox replaces only its own earlier files
    // (core's demoWorkspaceTargetProblem, sandboxCaTargetProblem), never a real workspace, its .bak or a device.
    const QString workspacePath = QFileInfo(parser.value(workspaceOption)).absoluteFilePath();
    sandbox::DemoSandboxOptions options;
    options.tls = !parser.isSet(plainOption);
    options.folder = parser.isSet(dirOption) ? parser.value(dirOption) : QFileInfo(workspacePath).absolutePath();
    if (const QString problem = demoWorkspaceTargetProblem(workspacePath); !problem.isEmpty())
        return parser.inputError(oneLine(problem) + QLatin1Char(' ')
                                 + Msg::tr("Use --workspace PATH for another path."));
    if (options.tls) {
        const QString caPath = QFileInfo(QDir(options.folder).filePath(kSandboxCaFileName)).absoluteFilePath();
        if (caPath == workspacePath)
            return parser.usageError(Msg::tr("the workspace and the sandbox CA would both be %1; name another file "
                                             "with --workspace PATH or another folder with --dir FOLDER.")
                                         .arg(oneLine(QDir::toNativeSeparators(caPath))));
        if (const QString problem = sandboxCaTargetProblem(caPath); !problem.isEmpty())
            return parser.inputError(oneLine(problem) + QLatin1Char(' ')
                                     + Msg::tr("Use --dir FOLDER for another folder."));
    }
    const bool replacing = QFileInfo::exists(workspacePath);
    const QStringList standInSettings = parser.values(standInOption);
    for (const QString &setting : standInSettings) { // refused before anything starts
        sandbox::StandInConfig trial;
        QString problem;
        if (!sandbox::applyStandInSetting(trial, setting, &problem))
            return parser.usageError(oneLine(problem));
    }

    sandbox::DemoSandbox demo(Clock::system());
    QString error;
    if (!demo.start(options, &error))
        return parser.inputError(Msg::tr("the sandbox could not start: %1").arg(oneLine(error)));
    // Asked again right before writing: the path may have changed while the servers started.
    if (const QString problem = demoWorkspaceTargetProblem(workspacePath); !problem.isEmpty())
        return parser.inputError(oneLine(problem));
    const BoundedWrite written =
        writeRegularFile(workspacePath, WorkspaceFile::serialize(markedAsDemoWorkspace(demo.workspace())));
    if (!written.ok())
        return parser.inputError(
            Msg::tr("could not write %1: %2. Name a file in a folder you can write to with "
                    "--workspace PATH.")
                .arg(oneLine(QDir::toNativeSeparators(workspacePath)), oneLine(written.systemError)));
    // With --print-secrets standard output holds only the export lines, for a script to source.
    TerminalStream &info = parser.isSet(printOption) ? io.err : io.out;
    // The workspace describes the stand-in as seeded; these change CMiC's side only.
    for (const QString &setting : standInSettings) {
        sandbox::applyStandInSetting(demo.cmic()->config(), setting, &error);
        info << Msg::tr("CMiC stand-in changed: %1 (the workspace still says otherwise)").arg(oneLine(setting)) << "\n";
    }
    // The paths come from the command line: each stays on its line.
    info << Msg::tr("Demo identity provider: %1").arg(oneLine(demo.identityProvider()->issuer())) << "\n"
         << Msg::tr("CMiC stand-in:          %1").arg(oneLine(demo.cmic()->apiBaseUrl())) << "\n";
    if (!demo.caBundlePath().isEmpty())
        info << Msg::tr("Sandbox CA (in the workspace settings): %1").arg(oneLine(demo.caBundlePath())) << "\n";
    info << (replacing ? Msg::tr("Workspace written:      %1 (the earlier demo workspace replaced)")
                       : Msg::tr("Workspace written:      %1"))
                .arg(oneLine(QDir::toNativeSeparators(workspacePath)))
         << "\n";
    if (parser.isSet(storeOption)) {
        if (!storeInKeychain(demo, workspacePath, io))
            io.err << Msg::tr("cmic-oauth sandbox: the secrets are not in the keychain; use --print-secrets instead.")
                   << "\n";
        else
            info << Msg::tr("Demo secrets stored in the keychain.") << "\n";
    }
    if (parser.isSet(printOption)) {
        const Workspace workspace = demo.workspace();
        QString lines;
        for (const sandbox::DemoSecret &secret : demo.secrets()) {
            for (const AppRegistration &r : workspace.registrations) {
                if (credentialKey(workspace.id, r.id, credentialKindFor(r)) == secret.key)
                    lines += QStringLiteral("export %1=%2\n")
                                 .arg(SecretSource::prefixedVariable(QStringLiteral("CMIC_SECRET_"), r.id),
                                      escape::shellWord(secret.value));
            }
        }
        // As written: the values are the sandbox's own, and a PEM key's line feeds are inside the quotes.
        io.out.flush();
        const QByteArray bytes = lines.toUtf8();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
    }
    info << (duration > 0 ? Msg::tr("Running for %1 s.").arg(duration) : Msg::tr("Running; press Ctrl+C to stop."))
         << "\n";
    info.flush();
    if (duration > 0)
        QTimer::singleShot(duration * 1000, QCoreApplication::instance(), &QCoreApplication::quit);
    {
        // Ctrl+C (SIGINT) or SIGTERM is how the sandbox is meant to stop: a clean stop, exit 0.
        const StopAction stop([] { QCoreApplication::quit(); });
        QCoreApplication::exec();
    }
    demo.stop();
    return ExitOk;
}

} // namespace cmic::cli
