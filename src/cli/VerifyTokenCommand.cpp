// cmic-oauth verify-token: local verification of an access token (see docs/cli.md).
#include "Commands.h"
#include "Output.h"
#include "WorkspaceInput.h"

#include "core/jose/ClaimsValidator.h"
#include "core/jose/EntraTokenShape.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/model/IdpPreset.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/util/BoundedFile.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QUrl>

#include <optional>

namespace cmic::cli {

int runVerifyToken(const QStringList &args, Io &io);

const CommandSpec verifyTokenCommand{
    "verify-token", QT_TRANSLATE_NOOP("cmic::cli::Command", "verify a JWT locally: signature, claims, CMiC's checks"),
    QT_TRANSLATE_NOOP("cmic::cli::Command", "Verifies an access token locally: structure, header rules, signature "
                                            "against the JWKS, and CMiC's claim checks."),
    &runVerifyToken};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::VerifyToken)
};

constexpr qint64 kMaxJwksBytes = 1024 * 1024;
constexpr qint64 kMaxTokenInputBytes = 1024 * 1024;

// Fetches the JWKS through the shared network layer: timeout, 1 MiB cap, TLS verified (plus --ca-bundle), https
// only but loopback, each redirect checked (docs/network.md).
std::optional<QByteArray> fetch(const QUrl &url, const QString &caBundle, QString *error)
{
    net::HttpPolicy policy;
    policy.setMaxResponseBytes(kMaxJwksBytes);
    if (!caBundle.isEmpty() && !policy.loadExtraCaBundle(caBundle, error))
        return std::nullopt;
    net::HttpRequestSpec spec;
    spec.url = url;
    spec.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/jwk-set+json, application/json")});
    const net::HttpResult result = net::HttpClient(policy).run(spec);
    if (!result.ok) {
        *error = Msg::tr("could not fetch the JWKS from %1: %2 %3").arg(url.toString(), result.message, result.fix);
        if (result.error == net::NetErrorKind::TlsUnknownCa && caBundle.isEmpty())
            *error +=
                QLatin1Char(' ') + Msg::tr("If your organisation uses its own CA, pass it with --ca-bundle FILE.");
        return std::nullopt;
    }
    return result.body;
}

std::optional<QByteArray> readFile(const QString &path, qint64 cap, QString *error)
{
    QByteArray bytes;
    const BoundedRead read = readRegularFile(path, cap, &bytes);
    if (!read.ok()) {
        *error = Msg::tr("cannot read the JWKS file: %1.").arg(describeReadProblem(read, path, cap));
        return std::nullopt;
    }
    return bytes;
}

QByteArray cleanToken(QByteArray text)
{
    text = text.trimmed();
    if (text.startsWith("Bearer ") || text.startsWith("bearer "))
        text = text.mid(7).trimmed();
    return text;
}

QString statusTag(jose::CheckStatus status)
{
    switch (status) {
    case jose::CheckStatus::Pass: return QStringLiteral("pass");
    case jose::CheckStatus::Warn: return QStringLiteral("WARN");
    case jose::CheckStatus::Fail: return QStringLiteral("FAIL");
    case jose::CheckStatus::Skip: break;
    }
    return QStringLiteral("skip");
}

// The messages quote what the token says (iss, kid, claims), which a stranger may have written: each stays on its
// line.
void printText(const jose::Verdict &verdict, const jose::EntraShapeResult &entra, TerminalStream &out)
{
    int failed = 0, warned = 0;
    for (const jose::Check &c : verdict.checks()) {
        failed += c.status == jose::CheckStatus::Fail;
        warned += c.status == jose::CheckStatus::Warn;
    }
    out << (verdict.valid() ? Msg::tr("Token: VALID") : Msg::tr("Token: INVALID"))
        << Msg::tr(" (%1 failed, %2 warnings)").arg(failed).arg(warned) << "\n";
    for (const jose::Check &c : verdict.checks())
        out << "  [" << statusTag(c.status) << "] " << c.id.leftJustified(20) << " " << oneLine(c.message()) << "\n";
    if (entra.shape != jose::EntraShape::NotEntra) {
        out << Msg::tr("Entra token shape: %1").arg(jose::entraShapeName(entra.shape)) << "\n";
        for (const Finding &f : entra.findings) {
            out << "  [" << toString(f.severity) << "] " << f.code << " " << oneLine(f.message) << "\n";
            if (!f.fix.isEmpty())
                out << "      " << Msg::tr("Fix: %1").arg(oneLine(f.fix)) << "\n";
        }
    }
    out << Msg::tr("Service user: %1")
               .arg(verdict.serviceUser.isEmpty() ? Msg::tr("(not resolved)") : oneLine(verdict.serviceUser))
        << "\n";
    out << Msg::tr("Header: %1")
               .arg(oneLine(QString::fromUtf8(QJsonDocument(verdict.header).toJson(QJsonDocument::Compact))))
        << "\n";
    out << Msg::tr("Claims: %1")
               .arg(oneLine(QString::fromUtf8(QJsonDocument(verdict.claims).toJson(QJsonDocument::Compact))))
        << "\n";
}

} // namespace

int runVerifyToken(const QStringList &args, Io &io)
{
    CommandLine parser(verifyTokenCommand, io);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption jwks(QStringLiteral("jwks"), Msg::tr("The registration's JWKS: an https URL or a file."),
                                  QStringLiteral("URL|FILE"));
    const QCommandLineOption issuer(QStringLiteral("issuer"), Msg::tr("Expected iss, compared exactly."),
                                    QStringLiteral("ISSUER"));
    const QCommandLineOption appId(QStringLiteral("app-id"), Msg::tr("The registration's App ID (client id)."),
                                   QStringLiteral("ID"));
    const QCommandLineOption appIdClaim(
        QStringLiteral("app-id-claim"),
        Msg::tr("Claim holding the App ID: appid, azp, cid or client_id (default: the first present)."),
        QStringLiteral("NAME"));
    const QCommandLineOption audience(QStringLiteral("audience"), Msg::tr("Expected aud value."),
                                      QStringLiteral("AUD"));
    const QCommandLineOption userClaim(QStringLiteral("user-claim"),
                                       Msg::tr("The service-user claim (default cmicuser)."), QStringLiteral("NAME"),
                                       QStringLiteral("cmicuser"));
    const QCommandLineOption deployment(QStringLiteral("deployment"), Msg::tr("enterprise (default) or cloud."),
                                        QStringLiteral("MODEL"), QStringLiteral("enterprise"));
    const QCommandLineOption tenant(QStringLiteral("tenant"), Msg::tr("Cloud tenant for tenant||username claims."),
                                    QStringLiteral("TENANT"));
    const QCommandLineOption expectUser(QStringLiteral("expect-user"),
                                        Msg::tr("The CMiC username the call must run as."), QStringLiteral("USER"));
    const QCommandLineOption skew(QStringLiteral("clock-skew"), Msg::tr("Allowed clock skew in seconds (default 60)."),
                                  QStringLiteral("SECONDS"), QStringLiteral("60"));
    const QCommandLineOption now(QStringLiteral("now"),
                                 Msg::tr("Evaluate time checks at this instant (seconds since 1970)."),
                                 QStringLiteral("EPOCH_SECONDS"));
    const QCommandLineOption ipCheck(QStringLiteral("ip-check"),
                                     Msg::tr("CMiC's IP check: on (default, CMiC's default) requires ipaddr; off."),
                                     QStringLiteral("on|off"), QStringLiteral("on"));
    const QCommandLineOption patchLevel(
        QStringLiteral("patch-level"),
        Msg::tr("CMiC's patch level, e.g. 19 or 22; 0 (default) unknown. Below 20 a missing ipaddr is a failure, "
                "otherwise a warning."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption format(QStringLiteral("format"), Msg::tr("Output: text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    const QCommandLineOption caBundle(
        QStringLiteral("ca-bundle"),
        Msg::tr("Extra CA certificates (PEM) trusted, besides the system's, when fetching --jwks from a URL."),
        QStringLiteral("FILE"));
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        Msg::tr("Take the issuer, App ID, App ID claim, audience, JWKS URI, user claim, deployment, IP check, patch "
                "level, clock skew and CA bundle from this workspace's registration; an option given as well wins."),
        QStringLiteral("WORKSPACE"));
    const QCommandLineOption registrationOption(
        QStringList{QStringLiteral("r"), QStringLiteral("registration")},
        Msg::tr("With --workspace: the registration, by name or id (needed when the workspace has several)."),
        QStringLiteral("NAME|ID"));
    const QCommandLineOption formatShort(QStringLiteral("f"), Msg::tr("Short for --format."),
                                         QStringLiteral("text|json"));
    parser.addOptions({workspaceOption, registrationOption, jwks, issuer, appId, appIdClaim, audience, userClaim,
                       deployment, tenant, expectUser, skew, now, ipCheck, patchLevel, format, formatShort, caBundle});
    parser.addPositional(QStringLiteral("token"),
                         Msg::tr("The token, or - (or nothing) to read it from standard input."),
                         QStringLiteral("[TOKEN|-]"));
    parser.addHelpNote(Msg::tr("Exit status: 0 the token is valid, 1 it is not or the signature was not checked, 2 "
                               "usage error or unreadable input (token, JWKS)."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return parser.usageError(Msg::tr("expected one token, got %1 arguments.").arg(positional.size()));

    const QString formatName = parser.isSet(formatShort) ? parser.value(formatShort) : parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json"))
        return parser.usageError(Msg::tr("--format must be text or json, not '%1'.").arg(oneLine(formatName)));

    // The registration's values, when a workspace is given: each option given as well wins.
    Workspace workspace;
    const AppRegistration *registration = nullptr;
    const Environment *registrationEnvironment = nullptr;
    QString workspaceCaBundle;
    if (parser.isSet(workspaceOption)) {
        const QString path = parser.value(workspaceOption);
        if (path == QLatin1String("-") && (positional.isEmpty() || positional.first() == QLatin1String("-")))
            return parser.usageError(Msg::tr("standard input cannot hold both the workspace and the token."));
        if (const QString problem = loadWorkspace(path, &workspace); !problem.isEmpty())
            return parser.inputError(problem);
        QString problem;
        registration = chooseRegistration(
            workspace, parser.isSet(registrationOption) ? parser.value(registrationOption) : QString(), &problem);
        if (!registration)
            return parser.inputError(problem);
        registrationEnvironment = workspace.environment(registration->environmentId);
        if (!workspace.settings.caBundlePath.isEmpty()) {
            workspaceCaBundle = net::HttpPolicy::resolveCaBundlePath(workspace.settings.caBundlePath,
                                                                     path == QLatin1String("-") ? QString() : path);
            if (!QFileInfo::exists(workspaceCaBundle))
                workspaceCaBundle.clear();
        }
    } else if (parser.isSet(registrationOption)) {
        return parser.usageError(Msg::tr("--registration needs --workspace WORKSPACE."));
    }
    const auto valueOr = [&parser](const QCommandLineOption &option, const QString &fallback) {
        // Null fallback: no workspace, so the option's own default.
        return parser.isSet(option) || fallback.isNull() ? parser.value(option) : fallback;
    };
    const auto onOff = [](bool on) { return on ? QStringLiteral("on") : QStringLiteral("off"); };
    QString presetClaim;
    if (registration) {
        if (const IdpPreset *preset = IdpPresets::find(registration->idpPreset))
            presetClaim = preset->appIdClaim;
    }
    const QString jwksSource = valueOr(jwks, registration ? registration->jwksUri.trimmed() : QString());
    const QString caBundleFile = valueOr(caBundle, workspaceCaBundle.isEmpty() ? QString() : workspaceCaBundle);

    jose::ClaimsPolicy policy;
    policy.issuer = valueOr(issuer, registration ? registration->issuer : QString());
    policy.appId = valueOr(appId, registration ? registration->appId : QString());
    policy.appIdClaim = valueOr(appIdClaim, registration ? presetClaim : QString());
    if (!policy.appIdClaim.isEmpty() && !jose::appIdClaimNames().contains(policy.appIdClaim))
        io.err << Msg::tr("cmic-oauth verify-token: note: --app-id-claim %1 is not one of appid, azp, cid, client_id.")
                      .arg(oneLine(policy.appIdClaim))
               << "\n";
    policy.audience = valueOr(audience, registration ? registration->audience : QString());

    bool ok = false;
    policy.clockSkewSeconds =
        valueOr(skew, registration ? QString::number(workspace.settings.clockSkewSeconds) : QString()).toLongLong(&ok);
    if (!ok || policy.clockSkewSeconds < 0 || policy.clockSkewSeconds > 86400)
        return parser.usageError(Msg::tr("--clock-skew must be a number of seconds from 0 to 86400, not '%1'.")
                                     .arg(oneLine(parser.value(skew))));

    const QString ip = valueOr(ipCheck, registrationEnvironment ? onOff(registrationEnvironment->ipCheck) : QString());
    if (ip != QLatin1String("on") && ip != QLatin1String("off"))
        return parser.usageError(Msg::tr("--ip-check must be on or off, not '%1'.").arg(oneLine(ip)));
    policy.ipCheck = ip == QLatin1String("on");
    policy.patchLevel =
        valueOr(patchLevel, registrationEnvironment ? QString::number(registrationEnvironment->patchLevel) : QString())
            .toInt(&ok);
    if (!ok || policy.patchLevel < 0 || policy.patchLevel > Environment::kMaxPatchLevel)
        return parser.usageError(Msg::tr("--patch-level must be 0 (unknown) or a patch number up to %1, not '%2'.")
                                     .arg(Environment::kMaxPatchLevel)
                                     .arg(oneLine(parser.value(patchLevel))));

    Environment environment = registrationEnvironment ? *registrationEnvironment : Environment();
    const auto model = deploymentFromString(
        valueOr(deployment, registrationEnvironment ? toString(registrationEnvironment->deployment) : QString())
            .toLower());
    if (!model)
        return parser.usageError(
            Msg::tr("--deployment must be enterprise or cloud, not '%1'.").arg(oneLine(parser.value(deployment))));
    environment.deployment = *model;
    environment.cloudTenant =
        valueOr(tenant, registrationEnvironment ? registrationEnvironment->cloudTenant : QString());
    environment.userClaim =
        valueOr(userClaim, registrationEnvironment ? registrationEnvironment->userClaim : QString());
    if (environment.userClaim.trimmed().isEmpty())
        return parser.usageError(Msg::tr("--user-claim must name a claim."));
    if (!registrationEnvironment)
        environment.userSource = UserSource::TokenClaim;
    environment.ipCheck = policy.ipCheck;
    environment.patchLevel = policy.patchLevel;
    policy.environment = environment;
    if (registration)
        policy.registration = *registration;
    policy.registration.appId = policy.appId;
    policy.registration.issuer = policy.issuer;
    policy.expectUser = parser.value(expectUser);
    if (!policy.expectUser.isEmpty()) {
        ServiceUser user;
        user.username = policy.expectUser;
        policy.serviceUser = user;
    } else if (registration) {
        if (const ServiceUser *user = workspace.serviceUser(registration->serviceUserId))
            policy.serviceUser = *user;
    }

    std::optional<FixedClock> fixedClock;
    if (parser.isSet(now)) {
        const qint64 at = parser.value(now).toLongLong(&ok);
        if (!ok || at < 0)
            return parser.usageError(
                Msg::tr("--now must be seconds since 1970, not '%1'.").arg(oneLine(parser.value(now))));
        fixedClock.emplace(QDateTime::fromSecsSinceEpoch(at, Qt::UTC));
    }
    const Clock &clock = fixedClock ? static_cast<const Clock &>(*fixedClock) : Clock::system();

    // The token.
    QByteArray token;
    QString error;
    if (positional.isEmpty() || positional.first() == QLatin1String("-")) {
        // read() waits for the end of input (or the cap), so a token piped in several chunks arrives whole, and
        // an endless stream is not read into memory beyond the cap.
        const QString text = io.in.read(kMaxTokenInputBytes + 1);
        if (io.in.status() != QTextStream::Ok)
            return parser.inputError(Msg::tr("could not read the token from standard input."));
        if (text.size() > kMaxTokenInputBytes)
            return parser.inputError(
                Msg::tr("standard input holds more than %1 bytes; pipe in one token.").arg(kMaxTokenInputBytes));
        token = text.toUtf8();
    } else {
        token = positional.first().toUtf8();
    }
    token = cleanToken(token);
    if (token.isEmpty())
        return parser.usageError(Msg::tr("no token given. Pass it as an argument, or pipe it in with '-'."));

    // The keys.
    std::optional<jose::JwkSet> keys;
    if (!jwksSource.isEmpty()) {
        const QString source = jwksSource;
        std::optional<QByteArray> bytes;
        const QUrl url(source);
        if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
            bytes = fetch(url, caBundleFile, &error);
        else
            bytes = readFile(source, kMaxJwksBytes, &error);
        // The messages quote the server, the file and the path: on one line.
        if (!bytes)
            return parser.inputError(oneLine(error));
        keys = jose::JwkSet::parse(*bytes, &error);
        if (!keys)
            return parser.inputError(oneLine(Msg::tr("%1 (from %2)").arg(error, source)));
        io.err << Msg::tr("cmic-oauth verify-token: %n key(s) read from %1", nullptr,
                          static_cast<int>(keys->keys().size()))
                      .arg(oneLine(source))
               << "\n";
    } else {
        io.err << Msg::tr("cmic-oauth verify-token: no --jwks given; the signature is not checked, so the token "
                          "cannot be reported valid.")
               << "\n";
    }

    const jose::Verdict verdict = jose::TokenVerifier(keys ? &*keys : nullptr, clock).verify(token, policy);
    // The Entra shape, decided by core as in Validate setup.
    jose::EntraShapeContext entraContext;
    entraContext.issuer = policy.issuer;
    entraContext.appId = policy.appId;
    entraContext.appIdClaim = policy.appIdClaim;
    entraContext.jwksUri = jwksSource;
    const QJsonValue kid = verdict.header.value(QLatin1String("kid"));
    if (keys && kid.isString())
        entraContext.kidInKeys = keys->kids().contains(kid.toString());
    entraContext.signatureFailed = verdict.status(QStringLiteral("signature")) == jose::CheckStatus::Fail
                                   || verdict.status(QStringLiteral("key.select")) == jose::CheckStatus::Fail;
    const jose::EntraShapeResult entra = jose::recogniseEntraToken(verdict.header, verdict.claims, entraContext);
    if (formatName == QLatin1String("json")) {
        QJsonObject json = verdict.toJson();
        json.insert(QStringLiteral("schema"), QLatin1String(kSchemaVerifyToken));
        if (entra.shape != jose::EntraShape::NotEntra) {
            QJsonArray findings;
            for (const Finding &f : entra.findings)
                findings.append(QJsonObject{{QStringLiteral("severity"), toString(f.severity)},
                                            {QStringLiteral("code"), f.code},
                                            {QStringLiteral("message"), f.message},
                                            {QStringLiteral("fix"), f.fix},
                                            {QStringLiteral("field"), f.field}});
            json.insert(QStringLiteral("entra"),
                        QJsonObject{{QStringLiteral("shape"), jose::entraShapeName(entra.shape)},
                                    {QStringLiteral("findings"), findings}});
        }
        io.out.json(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    } else {
        printText(verdict, entra, io.out);
    }
    io.out.flush();
    if (!verdict.valid()) {
        const QStringList failed = verdict.failedIds();
        io.err << (failed.isEmpty()
                       ? Msg::tr("cmic-oauth verify-token: the token is not valid: the signature was not verified.")
                       : Msg::tr("cmic-oauth verify-token: the token is not valid: %1 failed.")
                             .arg(failed.join(QStringLiteral(", "))))
               << "\n";
    }
    io.err.flush();
    return verdict.valid() ? ExitOk : ExitInvalid;
}

} // namespace cmic::cli
