// cmic-oauth validate: the "Validate setup" pipeline from the command line (see docs/cli.md and
// docs/validation.md). The server-side use: copy the exported server workspace to the CMiC server and prove the
// flow from that network.
#include "Commands.h"

#include "core/model/Workspace.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/PortableConfig.h"
#include "core/storage/SecretReference.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"
#include "core/util/TerminalText.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace cmic::cli {

int runValidate(const QStringList &args, Io &io);

const CommandSpec validateCommand{
    "validate",
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "prove one registration end to end: token, keys, claims, service user, a CMiC call"),
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "Proves one app registration end to end, the way CMiC will see it: configuration, discovery, a "
                      "token from the IdP, the JWKS, the signature and claims, the service user, and a call to CMiC. "
                      "Says which layer failed and how to fix it."),
    &runValidate};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Validate)
};

constexpr qint64 kMaxSecretInputBytes = 64 * 1024;
constexpr int kKeychainWaitMs = 60000; // a keyring may ask the user to unlock it

// The registrations to choose from, at most kListed of them, each name and id cut (elide()).
QString registrationList(const Workspace &workspace)
{
    constexpr qsizetype kListed = 50;
    QStringList names;
    for (const AppRegistration &r : workspace.registrations.mid(0, kListed))
        names << QStringLiteral("  %1  (id %2)")
                     .arg(r.name.isEmpty() ? Msg::tr("(no name)") : oneLine(elide(r.name)), oneLine(elide(r.id)));
    if (workspace.registrations.size() > kListed)
        names << Msg::tr("  ... and %n more.", nullptr, int(workspace.registrations.size() - kListed));
    return names.join(QLatin1Char('\n'));
}

// The registration named by |wanted| (id, exact name, or the one name that matches ignoring case).
const AppRegistration *findRegistration(const Workspace &workspace, const QString &wanted)
{
    for (const AppRegistration &r : workspace.registrations) {
        if (r.id == wanted || r.name == wanted)
            return &r;
    }
    const AppRegistration *match = nullptr;
    for (const AppRegistration &r : workspace.registrations) {
        if (r.name.compare(wanted, Qt::CaseInsensitive) == 0) {
            if (match)
                return nullptr; // ambiguous
            match = &r;
        }
    }
    return match;
}

struct KeychainAnswer
{
    bool arrived = false;
    SecretStore::Status status = SecretStore::Status::OtherError;
    SecretBuffer secret;
    QString errorText;
};

KeychainAnswer readKeychain(const QString &key)
{
    KeychainSecretStore store;
    KeychainAnswer answer;
    QEventLoop loop;
    QObject::connect(store.read(key), &SecretRequest::finished, &loop, [&](SecretRequest *request) {
        answer.arrived = true;
        answer.status = request->status();
        answer.secret = request->takeSecret();
        answer.errorText = request->errorText();
        loop.quit();
    });
    QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
    loop.exec();
    return answer;
}

} // namespace

int runValidate(const QStringList &args, Io &io)
{
    CommandLine parser(validateCommand, io);
    parser.addPositional(QStringLiteral("workspace"),
                         Msg::tr("The *.cmic-oauth.json workspace, or an exported portable config "
                                 "(*.cmic-oauth-portable.json)."),
                         QStringLiteral("WORKSPACE"));
    const QCommandLineOption registrationOption(
        QStringLiteral("registration"),
        Msg::tr("The registration to validate, by name or id (needed when the workspace has several)."),
        QStringLiteral("NAME|ID"));
    const QCommandLineOption secretEnvOption(
        QStringLiteral("secret-env"),
        Msg::tr("Read the client secret (or the PEM private key for private_key_jwt) from this environment variable."),
        QStringLiteral("VAR"));
    const QCommandLineOption secretStdinOption(
        QStringLiteral("secret-stdin"), Msg::tr("Read the client secret (or PEM private key) from standard input."));
    const QCommandLineOption expectUserOption(
        QStringLiteral("expect-user"),
        Msg::tr("The CMiC username the calls must run as (compared case-insensitively)."), QStringLiteral("NAME"));
    const QCommandLineOption noCmicOption(QStringLiteral("no-cmic"),
                                          Msg::tr("Stop after the service-user step; do not call CMiC."));
    const QCommandLineOption caBundleOption(
        QStringLiteral("ca-bundle"),
        Msg::tr("Extra CA certificates (PEM) to trust besides the system's, instead of the workspace's CA bundle."),
        QStringLiteral("PEM"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           Msg::tr("Timeout of each exchange, 1 to 600 seconds (default 15)."),
                                           QStringLiteral("SECONDS"), QStringLiteral("15"));
    const QCommandLineOption formatOption(QStringLiteral("format"), Msg::tr("Output: text (default), json or html."),
                                          QStringLiteral("text|json|html"), QStringLiteral("text"));
    const QCommandLineOption outputOption(QStringLiteral("output"),
                                          Msg::tr("Write the report to this file instead of standard output (- for "
                                                  "standard output)."),
                                          QStringLiteral("FILE"));
    parser.addOptions({registrationOption, secretEnvOption, secretStdinOption, expectUserOption, noCmicOption,
                       caBundleOption, timeoutOption, formatOption, outputOption});
    parser.addHelpNote(Msg::tr("The secret comes from --secret-env, --secret-stdin or, by default, the OS keychain "
                               "entry the console stores it under. It is never written anywhere."));
    parser.addHelpNote(Msg::tr("A portable config names where its secret is (\"secret\": env:NAME, file:PATH or "
                               "keychain); without --secret-env or --secret-stdin it is read from there. A file:PATH "
                               "is used only when no one but its owner may read it (mode 0600 or stricter)."));
    parser.addHelpNote(
        Msg::tr("Exit status: 0 every step passed (a CMiC call that was skipped included), 1 a step failed or the "
                "run was cancelled, 2 usage error, unreadable input or no secret."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    const auto usage = [&parser](const QString &message) { return parser.inputError(message); };

    const std::optional<validation::ReportFormat> format =
        validation::reportFormatFromString(parser.value(formatOption));
    if (!format)
        return parser.usageError(
            Msg::tr("--format must be text, json or html, not '%1'.").arg(oneLine(parser.value(formatOption))));
    bool timeoutOk = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 1 || timeoutSeconds > 600)
        return parser.usageError(Msg::tr("--timeout must be a number of seconds from 1 to 600, not '%1'.")
                                     .arg(oneLine(parser.value(timeoutOption))));
    if (parser.isSet(secretEnvOption) && parser.isSet(secretStdinOption))
        return parser.usageError(Msg::tr("give the secret one way: --secret-env VAR or --secret-stdin, not both."));
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(
            Msg::tr("give exactly one workspace file, e.g. cmic-oauth validate server.cmic-oauth.json"));

    // The workspace and the registration.
    const QString workspacePath = parser.positionalArguments().constFirst();
    // Where the report goes is checked before anything is fetched; "-" is standard output.
    const bool writesFile = parser.isSet(outputOption) && parser.value(outputOption) != QLatin1String("-");
    if (writesFile) {
        if (const QString problem = validation::reportTargetProblem(parser.value(outputOption), workspacePath);
            !problem.isEmpty())
            return parser.usageError(oneLine(problem) + QLatin1Char(' ')
                                     + Msg::tr("Or leave --output out (or give -) to print the report."));
    }
    Workspace workspace;
    // A portable config (docs/export-format.md) or a workspace: told apart by the portable config's "format".
    std::optional<SecretReference> portableSecret;
    QByteArray small;
    if (readRegularFile(workspacePath, PortableConfig::kMaxFileSize, &small).ok()
        && PortableConfig::isPortableConfig(small)) {
        PortableConfig::Content content;
        const PortableConfig::Result parsed = PortableConfig::parse(small, &content, workspacePath);
        if (!parsed.ok)
            return usage(parsed.message);
        workspace = std::move(content.workspace);
        portableSecret = content.secret;
    } else {
        WorkspaceFile file;
        const WorkspaceFile::Result opened = file.open(workspacePath, &workspace);
        if (!opened.ok())
            return usage(opened.message);
    }
    small.clear();
    const AppRegistration *registration = nullptr;
    if (parser.isSet(registrationOption)) {
        registration = findRegistration(workspace, parser.value(registrationOption));
        if (!registration)
            return usage(Msg::tr("the workspace has no single registration named '%1'. Its registrations:\n%2")
                             .arg(oneLine(elide(parser.value(registrationOption))), registrationList(workspace)));
    } else if (workspace.registrations.size() == 1) {
        registration = &workspace.registrations.first();
    } else if (workspace.registrations.isEmpty()) {
        return usage(Msg::tr("the workspace has no registration to validate; add one in the console."));
    } else {
        return usage(Msg::tr("the workspace has %1 registrations; choose one with --registration NAME:\n%2")
                         .arg(workspace.registrations.size())
                         .arg(registrationList(workspace)));
    }

    // The credential: given for this run only, never stored.
    SecretBuffer credential;
    const CredentialKind kind = credentialKindFor(*registration);
    const QString what = displayName(kind);
    // A portable config's own reference applies when the command line gives no secret.
    const bool givenOnCommandLine = parser.isSet(secretEnvOption) || parser.isSet(secretStdinOption);
    const bool fromReference = !givenOnCommandLine && portableSecret.has_value();
    const auto referenceNote = [&]() {
        return Msg::tr("(named by \"secret\": \"%1\" in %2)")
            .arg(oneLine(elide(portableSecret->toString())), oneLine(QFileInfo(workspacePath).fileName()));
    };
    if (parser.isSet(secretEnvOption)
        || (fromReference && portableSecret->kind == SecretReference::Kind::Environment)) {
        const QString variable = parser.isSet(secretEnvOption) ? parser.value(secretEnvOption) : portableSecret->value;
        // The bytes as exported, straight into the buffer (the environment block itself is the process's, not ours
        // to overwrite).
        QByteArray value = qgetenv(variable.toLocal8Bit().constData());
        credential = SecretBuffer::takeFrom(value);
        if (credential.isEmpty() && fromReference)
            return usage(Msg::tr("no secret: the environment variable %1 %2 is not set or empty. Export the %3 in "
                                 "it, or use --secret-env VAR or --secret-stdin.")
                             .arg(oneLine(variable), referenceNote(), what));
        if (credential.isEmpty())
            return usage(Msg::tr("no secret: the environment variable %1 is not set or empty. Export the %2 in it, "
                                 "or use --secret-stdin.")
                             .arg(oneLine(variable), what));
    } else if (fromReference && portableSecret->kind == SecretReference::Kind::File) {
        // A relative path is relative to the portable config's folder, as its CA bundle path is.
        const QString path = QFileInfo(workspacePath).absoluteDir().absoluteFilePath(portableSecret->value);
        SecretFileRead read = readSecretFile(path, kMaxSecretInputBytes);
        if (!read.ok)
            return usage(Msg::tr("no secret %1: %2").arg(referenceNote(), oneLine(read.problem)));
        credential = std::move(read.secret);
    } else if (parser.isSet(secretStdinOption)) {
        // Read unbuffered, straight into the buffer: no QTextStream or stdio buffer keeps a copy.
        QFile in;
        bool tooLong = false;
        if (in.open(fileno(stdin), QIODevice::ReadOnly | QIODevice::Unbuffered))
            credential = SecretBuffer::readFrom(in, kMaxSecretInputBytes, &tooLong);
        credential.chopLineEnds();
        const bool blank = credential.isBlank();
        if (tooLong)
            return usage(Msg::tr("standard input holds more than %1 bytes; pipe in only the %2.")
                             .arg(kMaxSecretInputBytes)
                             .arg(what));
        if (blank)
            return usage(Msg::tr("no secret: standard input was empty. Pipe in the %1.").arg(what));
    } else {
        const QString key = credentialKey(workspace.id, registration->id, kind);
        KeychainAnswer answer = readKeychain(key);
        if (!answer.arrived)
            return usage(Msg::tr("no secret: the OS keychain did not answer. Unlock it, or set --secret-env VAR "
                                 "or --secret-stdin."));
        if (answer.status == SecretStore::Status::NotFound)
            return usage(Msg::tr("no secret: the keychain holds no %1 for registration '%2' of this workspace. "
                                 "Set --secret-env VAR or --secret-stdin, or store it with the console.")
                             .arg(what, oneLine(elide(registration->name))));
        if (answer.status != SecretStore::Status::Ok)
            return usage(
                Msg::tr("no secret: %1 Set --secret-env VAR or --secret-stdin instead.")
                    .arg(oneLine(answer.errorText.isEmpty() ? SecretStore::explain(answer.status) : answer.errorText)));
        credential = std::move(answer.secret);
    }

    // The network, with the workspace's settings (the CA bundle may be replaced by --ca-bundle).
    WorkspaceSettings settings = workspace.settings;
    if (parser.isSet(caBundleOption)) {
        settings.caBundlePath = parser.value(caBundleOption);
    } else if (!settings.caBundlePath.isEmpty()) {
        const QString bundle = net::HttpPolicy::resolveCaBundlePath(settings.caBundlePath, workspacePath);
        if (!QFileInfo::exists(bundle)) {
            // An exported workspace names the bundle on the admin's machine; here only the system's CAs are known.
            io.err << Msg::tr("cmic-oauth validate: note: the workspace's CA bundle %1 is not on this computer; "
                              "only the system's trusted CAs are used. Pass --ca-bundle FILE to add one.")
                          .arg(oneLine(settings.caBundlePath))
                   << "\n";
            settings.caBundlePath.clear();
        }
    }
    net::HttpPolicy policy;
    QString error;
    // --ca-bundle is typed here, so relative to the working directory; the workspace's own against its folder.
    // The sentences quote the workspace's CA bundle path and proxy URL: on one line.
    if (!policy.applySettings(settings, parser.isSet(caBundleOption) ? QString() : workspacePath, &error))
        return usage(oneLine(error));
    policy.setTimeoutMs(timeoutSeconds * 1000);

    validation::ValidationInput input;
    input.workspace = workspace;
    input.registrationId = registration->id;
    input.credential = std::move(credential);
    input.expectUser = parser.value(expectUserOption);
    input.probeCmic = !parser.isSet(noCmicOption);

    validation::SetupValidator validator(policy, Clock::system());
    QObject::connect(&validator, &validation::SetupValidator::stepFinished, &validator,
                     [&io](const validation::StepResult &step) {
                         io.err << "cmic-oauth validate: " << validation::displayName(step.step) << ": "
                                << validation::toString(step.status);
                         if (step.status == validation::StepStatus::Failed)
                             io.err << " (" << validation::displayName(step.layer) << ")";
                         io.err << "\n";
                         io.err.flush();
                     });
    io.err << Msg::tr("cmic-oauth validate: validating '%1'...").arg(oneLine(elide(registration->name))) << "\n";
    io.err.flush();
    const validation::ValidationReport report = validator.runBlocking(input);
    input.credential.clear();

    if (writesFile) {
        const QString path = parser.value(outputOption);
        QString writeError;
        if (!validation::writeReport(report, path, *format, &writeError))
            return usage(oneLine(writeError) + QLatin1Char(' ')
                         + Msg::tr("Give another file with --output, or leave it out to print the report."));
        io.err << Msg::tr("cmic-oauth validate: report written to %1").arg(oneLine(QFileInfo(path).absoluteFilePath()))
               << "\n";
    } else if (*format == validation::ReportFormat::Json) {
        io.out.json(QString::fromUtf8(validation::renderReport(report, *format)));
        io.out.flush();
    } else {
        io.out << QString::fromUtf8(validation::renderReport(report, *format));
        io.out.flush();
    }
    const validation::ReportVerdict verdict = validation::ReportVerdict::of(report);
    // On one line: a line feed from a server (in a step's summary) must not print a line of its own.
    io.err << "cmic-oauth validate: " << terminalSafe(verdict.statusLine(), LineFeeds::Escape) << "\n";
    io.err.flush();
    return verdict.exitCode() == 0 ? ExitOk : ExitInvalid;
}

} // namespace cmic::cli
