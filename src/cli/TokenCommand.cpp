// cmic-oauth token: a client-credentials token for one registration, the IdP's answer as JSON on standard output
// (see docs/cli.md), for a script that calls CMiC itself. Diagnostics go to standard error.
#include "Commands.h"
#include "Interrupt.h"
#include "Output.h"
#include "SecretSource.h"
#include "WorkspaceInput.h"

#include "core/model/Workspace.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace cmic::cli {

int runToken(const QStringList &args, Io &io);

const CommandSpec tokenCommand{
    "token", QT_TRANSLATE_NOOP("cmic::cli::Command", "get a client-credentials token for a registration, as JSON"),
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "Asks the registration's IdP for a client-credentials token, with the registration's method, "
                      "scope, audience and resource, and prints the IdP's answer as JSON on standard output (the "
                      "token is in .response.access_token). Diagnostics go to standard error."),
    &runToken};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Token)
};

} // namespace

int runToken(const QStringList &args, Io &io)
{
    CommandLine parser(tokenCommand, io);
    addWorkspaceArgument(parser);
    const QCommandLineOption registrationOption =
        cli::registrationOption(Msg::tr("The registration, by name or id (needed when the workspace has several)."));
    const SecretSource secrets(SecretSource::Use::One);
    const QCommandLineOption caBundleOption(
        QStringLiteral("ca-bundle"),
        Msg::tr("Extra CA certificates (PEM) to trust besides the system's, instead of the workspace's CA bundle."),
        QStringLiteral("PEM"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           Msg::tr("Timeout of each exchange, 1 to 600 seconds (default 15)."),
                                           QStringLiteral("SECONDS"), QStringLiteral("15"));
    parser.addOptions({registrationOption});
    parser.addOptions(secrets.options());
    parser.addOptions({caBundleOption, timeoutOption});
    parser.addHelpNote(secrets.helpNote());
    parser.addHelpNote(Msg::tr("Output: {\"schema\": \"%1\", \"registration\": {\"id\", \"name\"}, "
                               "\"tokenEndpoint\", \"httpStatus\", \"response\": the IdP's JSON answer as it came, "
                               "or null, \"error\": null or {\"kind\", \"message\", \"fix\"}}. It holds the access "
                               "token: keep it out of logs.")
                           .arg(QLatin1String(kSchemaToken)));
    parser.addHelpNote(Msg::tr("Exit status: 0 a token was issued, 1 the IdP refused or could not be reached, 2 usage "
                               "error, unreadable input or no secret, 130 interrupted (SIGINT), 143 terminated "
                               "(SIGTERM)."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    bool numberOk = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&numberOk);
    if (!numberOk || timeoutSeconds < 1 || timeoutSeconds > 600)
        return parser.usageError(Msg::tr("--timeout must be a number of seconds from 1 to 600, not '%1'.")
                                     .arg(oneLine(parser.value(timeoutOption))));
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(
            Msg::tr("give exactly one workspace file, e.g. cmic-oauth token prod.cmic-oauth.json -r payroll"));
    const QString workspacePath = parser.positionalArguments().constFirst();
    if (const QString problem = secrets.usageProblem(parser, workspacePath == QLatin1String("-")); !problem.isEmpty())
        return parser.usageError(problem);

    Workspace workspace;
    SecretReference portableSecret; // what a portable config names; invalid for a workspace
    if (const QString problem = loadWorkspace(workspacePath, &workspace, &portableSecret); !problem.isEmpty())
        return parser.inputError(problem);
    QString problem;
    const AppRegistration *registration = chooseRegistration(
        workspace, parser.isSet(registrationOption) ? parser.value(registrationOption) : QString(), &problem);
    if (!registration)
        return parser.inputError(problem);
    net::HttpPolicy policy;
    if (!applyNetworkSettings(policy, workspace, workspacePath, parser.value(caBundleOption), "token", io, &problem))
        return parser.inputError(problem);
    policy.setTimeoutMs(timeoutSeconds * 1000);
    SecretSource::Answer secret = secrets.read(parser, workspace, *registration, io, portableSecret);
    if (!secret.problem.isEmpty())
        return parser.inputError(secret.problem);

    // The token endpoint: the registration's, else discovery's (which also says which assertion algorithms the IdP
    // takes, for private_key_jwt).
    net::TokenRequest request = net::TokenRequest::forRegistration(*registration, std::move(secret.secret));
    if (request.tokenEndpoint.isEmpty() || registration->authMethod == ClientAuthMethod::PrivateKeyJwt) {
        const QUrl discoveryUrl = registration->discoveryUrl.trimmed().isEmpty()
                                      ? net::OidcDiscovery::discoveryUrlFor(registration->issuer)
                                      : QUrl(registration->discoveryUrl.trimmed());
        const net::DiscoveryResult discovery = net::OidcDiscovery(policy).fetchBlocking(discoveryUrl);
        if (discovery.ok) {
            if (request.tokenEndpoint.isEmpty())
                request.tokenEndpoint = discovery.metadata.tokenEndpoint;
            request.idpAlgorithms = discovery.metadata.assertionSigningAlgorithms;
        } else if (request.tokenEndpoint.isEmpty()) {
            return parser.inputError(
                Msg::tr("the registration has no token endpoint and discovery at %1 did not give one: %2 %3")
                    .arg(oneLine(discoveryUrl.toString()), oneLine(discovery.http.message),
                         oneLine(discovery.http.fix)));
        }
    }
    if (interruptSignal() != 0)
        return interruptedExitCode();

    io.err << Msg::tr("cmic-oauth token: asking %1 for a token for '%2'...")
                  .arg(oneLine(request.tokenEndpoint.toString()), oneLine(elide(registration->name)))
           << "\n";
    io.err.flush();
    net::TokenClient client(policy, Clock::system());
    client.setCacheEnabled(false);
    net::TokenResponse response;
    QEventLoop loop;
    net::HttpJob *job = client.request(request, [&](const net::TokenResponse &answer) {
        response = answer;
        job = nullptr;
        loop.quit();
    });
    request.credential.reset();
    const StopAction stop([&job] {
        if (job)
            job->cancel();
    });
    if (job && !job->isFinished())
        loop.exec();
    job = nullptr;
    if (interruptSignal() != 0)
        return interruptedExitCode();

    QJsonObject out{
        {QStringLiteral("schema"), QLatin1String(kSchemaToken)},
        {QStringLiteral("registration"),
         QJsonObject{{QStringLiteral("id"), registration->id}, {QStringLiteral("name"), registration->name}}},
        {QStringLiteral("tokenEndpoint"), request.tokenEndpoint.toString()},
        {QStringLiteral("httpStatus"), response.http.status},
        {QStringLiteral("response"),
         response.http.json.isObject() ? QJsonValue(response.http.json.object()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("error"),
         response.ok ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(QJsonObject{
                         {QStringLiteral("kind"),
                          response.oauthError.isEmpty() ? net::toString(response.http.error) : response.oauthError},
                         {QStringLiteral("message"),
                          response.findings.isEmpty() ? response.http.message : response.findings.first().message},
                         {QStringLiteral("fix"),
                          response.findings.isEmpty() ? response.http.fix : response.findings.first().fix}})}};
    writeOutput(QStringLiteral("-"), QJsonDocument(out).toJson(QJsonDocument::Indented), OutputKind::Json,
                FileAccess::Default, io);
    for (const Finding &finding : response.findings) {
        io.err << "cmic-oauth token: " << toString(finding.severity) << ": " << oneLine(finding.message) << "\n";
        if (!finding.fix.isEmpty())
            io.err << "  " << Msg::tr("Fix: %1").arg(oneLine(finding.fix)) << "\n";
    }
    if (response.ok)
        io.err << Msg::tr("cmic-oauth token: issued (%1, expires in %n s).", nullptr, int(response.expiresIn))
                      .arg(oneLine(response.tokenType))
               << "\n";
    else if (response.findings.isEmpty())
        io.err << "cmic-oauth token: " << oneLine(response.http.message) << " " << oneLine(response.http.fix) << "\n";
    io.err.flush();
    wipeInPlace(response.accessToken);
    return response.ok ? ExitOk : ExitInvalid;
}

} // namespace cmic::cli
