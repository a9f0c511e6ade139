#include "SetupValidator.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/model/IdpPreset.h"
#include "core/net/CmicProbe.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwksCache.h"
#include "core/net/NetFindings.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>
#include <atomic>
#include <optional>

Q_LOGGING_CATEGORY(lcValidation, "cmic.validation")

namespace cmic::validation {

namespace {

// The same context as SetupValidator::tr, which the pipeline's members use.
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("cmic::validation::SetupValidator", text, disambiguation, n);
}

std::atomic<quint64> g_nextRunId{1};

QString checkStatusWord(jose::CheckStatus status) { return jose::statusName(status); }

StepCheck check(const QString &id, const char *status, const QString &message)
{
    return StepCheck{id, QLatin1String(status), message};
}

// Where a failed exchange puts the problem: the URL itself (configuration), the transport (network / TLS), or the
// server that answered (the step's own layer).
Layer layerFor(const net::HttpResult &http, StepId step)
{
    switch (http.error) {
    case net::NetErrorKind::None:
    case net::NetErrorKind::HttpStatus:
    case net::NetErrorKind::BadJson:
    case net::NetErrorKind::Cancelled: return defaultLayer(step);
    case net::NetErrorKind::InvalidUrl:
    case net::NetErrorKind::InsecureUrl: return Layer::Configuration;
    default: return Layer::Network;
    }
}

bool hasExchange(const net::HttpResult &http)
{
    return !http.exchange.url.isEmpty() || !http.exchange.method.isEmpty();
}

// Failed when a check failed or an error was found; Warning when something warns; Passed otherwise (infos are fine).
StepStatus statusOf(const StepResult &result)
{
    bool warn = false;
    for (const Finding &finding : result.findings) {
        if (finding.severity == Severity::Error)
            return StepStatus::Failed;
        warn = warn || finding.severity == Severity::Warning;
    }
    for (const StepCheck &c : result.checks) {
        if (c.status == QLatin1String("fail"))
            return StepStatus::Failed;
        warn = warn || c.status == QLatin1String("warn");
    }
    return warn ? StepStatus::Warning : StepStatus::Passed;
}

// The Verdict's check ids (core/jose), split over the steps that report them.
enum class VerdictPart { Signature, Claims, Ignored };

VerdictPart partOf(const QString &id)
{
    if (id == QLatin1String("claims.user"))
        return VerdictPart::Ignored; // the service-user step resolves the user itself, with its reason and fix
    if (id == QLatin1String("header.typ") || id == QLatin1String("claims") || id.startsWith(QLatin1String("claims.")))
        return VerdictPart::Claims;
    return VerdictPart::Signature;
}

// What to do about a failed or warning verdict check (the verdict's sentence says what was found).
QString fixForCheck(const QString &id)
{
    if (id.startsWith(QLatin1String("token.")))
        return tr("Configure the IdP to issue JWT access tokens for the CMiC API: CMiC can only accept a signed JWT.");
    if (id == QLatin1String("header.alg"))
        return tr("Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.");
    if (id == QLatin1String("header.embeddedKeys"))
        return tr("Nothing to change for CMiC: it only uses the keys at the registered JWKS URI.");
    if (id.startsWith(QLatin1String("header.typ")))
        return tr("Request an access token for the CMiC API with the client-credentials grant, not an ID token.");
    if (id.startsWith(QLatin1String("header.")))
        return tr("Configure the IdP to issue a plain signed JWT access token (no crit, b64 or nested token).");
    if (id == QLatin1String("jwks"))
        return tr("Ask the IdP's administrators to publish only sound public keys (RSA of 2048 bits or more, EC keys "
                  "on their curve, no private members).");
    if (id == QLatin1String("key.select"))
        return tr("Register the JWKS URI of the IdP that issued the token; if the IdP just rotated its keys, validate "
                  "again in a minute.");
    if (id == QLatin1String("signature"))
        return tr("Register the JWKS URI of the IdP that issued the token. If it is right, the IdP signs with a key "
                  "it does not publish, or the token was altered on the way.");
    if (id == QLatin1String("claims.required"))
        return tr("Configure the IdP to issue sub, exp, aud and iss in the access token.");
    if (id == QLatin1String("claims.iss"))
        return tr("Register the issuer exactly as the token carries it, in CMiC API Security and in the workspace.");
    if (id == QLatin1String("claims.appId"))
        return tr("Register the App ID of the client that requests the token, or choose the IdP preset whose App ID "
                  "claim the token carries.");
    if (id == QLatin1String("claims.aud"))
        return tr("Request the token for the CMiC API's audience (scope, audience or resource in the registration), "
                  "or correct the registration's audience.");
    if (id == QLatin1String("claims.exp") || id == QLatin1String("claims.nbf") || id == QLatin1String("claims.iat"))
        return tr("Request a fresh token; if that does not help, synchronise the clocks of this computer and of the "
                  "IdP (NTP).");
    if (id == QLatin1String("claims.ipaddr"))
        return tr("Add the ipaddr claim at the IdP (Entra: an optional claim), or turn CMiC's IP check off with "
                  "cmic.oauth2.ipcheck.enabled=false.");
    return tr("Read the message above for what to change, then validate again.");
}

QString fieldForCheck(const QString &id)
{
    if (id == QLatin1String("claims.iss"))
        return QStringLiteral("issuer");
    if (id == QLatin1String("claims.appId"))
        return QStringLiteral("appId");
    if (id == QLatin1String("claims.aud"))
        return QStringLiteral("audience");
    if (id == QLatin1String("key.select") || id == QLatin1String("signature") || id == QLatin1String("jwks"))
        return QStringLiteral("jwksUri");
    return {};
}

} // namespace

// One run of the pipeline. Steps run one after the other, each started from the event loop; network steps keep
// their HttpJob so cancel() can abort it. Callbacks check that the run they belong to is still the live one.
struct SetupValidator::Run
{
    Run(SetupValidator &owner, const ValidationInput &in)
        : q(owner), id(g_nextRunId++), input(in.clone()), tokens(owner.m_policy, owner.m_clock),
          jwks(owner.m_policy, owner.m_clock)
    {
        tokens.setCacheEnabled(false); // a validation always asks the IdP
    }

    SetupValidator &q;
    const quint64 id;
    ValidationInput input;
    net::TokenClient tokens;
    net::JwksCache jwks;
    QPointer<net::HttpJob> job;
    bool done = false;

    // What the steps found so far.
    AppRegistration registration;
    std::optional<Environment> environment;
    std::optional<ServiceUser> serviceUser;
    QString stopReason;
    QUrl jwksUri;
    QUrl tokenEndpoint;
    QUrl discoveredJwksUri;
    QString accessToken;
    bool tokenDecodable = false;
    bool jwksRefetched = false;
    std::shared_ptr<const jose::JwkSet> keySet;
    std::optional<jose::Verdict> verdict;
    int probeIndex = 0;

    QElapsedTimer stepTimer;
    StepResult result; // the running step's result

    ValidationReport &report() { return q.m_report; }
    const Clock &clock() const { return q.m_clock; }

    // Runs |f| from the event loop if this run is still the live one by then.
    template <typename F>
    auto guarded(F f)
    {
        return [self = QPointer<SetupValidator>(&q), runId = id, f = std::move(f)](auto &&...args) {
            SetupValidator *validator = self.data();
            const Run *run = validator ? validator->m_run.get() : nullptr;
            if (!run || run->id != runId || run->done)
                return;
            f(std::forward<decltype(args)>(args)...);
        };
    }
    void later(std::function<void()> f)
    {
        auto call = guarded([f = std::move(f)] { f(); });
        QMetaObject::invokeMethod(
            &q, [call]() { call(); }, Qt::QueuedConnection);
    }
    bool alive() const { return q.m_run.get() == this && !done; }

    Finding finding(Severity severity, const QString &code, const QString &message, const QString &fix,
                    const QString &field = {}) const
    {
        Finding f = net::makeNetFinding(severity, code, message, fix, registration.id, field);
        f.subjectKind = SubjectKind::Registration;
        f.subjectName = registration.name;
        return f;
    }
    void addFindings(const Findings &findings)
    {
        for (Finding f : findings) {
            if (f.subjectId.isEmpty() || f.subjectId == registration.id) {
                f.subjectKind = SubjectKind::Registration;
                f.subjectId = registration.id;
                if (f.subjectName.isEmpty())
                    f.subjectName = registration.name;
            }
            result.findings << f;
        }
    }
    void addExchange(const net::HttpResult &http)
    {
        if (hasExchange(http))
            result.exchanges << http.exchange;
    }
    // The IdP's clock, from its Date header, against ours (the injected clock) when the answer arrived.
    void noteServerDate(const net::HttpResult &http)
    {
        const QDateTime date = http.exchange.serverDate;
        if (!date.isValid())
            return;
        ValidationReport &r = report();
        if (!r.serverDate.isValid() || date >= r.serverDate) {
            r.serverDate = date.toUTC();
            r.serverClockOffsetSeconds = clock().now().secsTo(date);
        }
    }

    // --- step bookkeeping ---
    void begin(StepId step)
    {
        result = StepResult();
        result.step = step;
        result.layer = defaultLayer(step);
        result.status = StepStatus::Running;
        report().step(step).status = StepStatus::Running;
        stepTimer.start();
        emit q.stepStarted(step);
    }
    // Ends the running step with |status| (or the status its checks and findings give) and goes on with |next|.
    void finish(std::optional<StepStatus> status, void (Run::*next)())
    {
        result.status = status ? *status : statusOf(result);
        result.elapsedMs = stepTimer.elapsed();
        if (result.status != StepStatus::Failed)
            result.layer = defaultLayer(result.step);
        report().step(result.step) = result;
        const StepResult copy = result;
        emit q.stepFinished(copy);
        if (alive())
            proceed(next);
    }
    void proceed(void (Run::*next)())
    {
        if (next)
            later([this, next] { (this->*next)(); });
        else
            later([this] { complete(); });
    }
    // A step that does not run: announced with stepFinished only (no stepStarted).
    void skipStep(StepId step, const QString &reason)
    {
        StepResult skipped;
        skipped.step = step;
        skipped.layer = defaultLayer(step);
        skipped.status = StepStatus::Skipped;
        skipped.skipReason = reason;
        skipped.summary = reason;
        report().step(step) = skipped;
        emit q.stepFinished(skipped);
    }
    void skip(StepId step, const QString &reason, void (Run::*next)())
    {
        skipStep(step, reason);
        if (alive())
            proceed(next);
    }
    void fail(Layer layer, const QString &summary, void (Run::*next)())
    {
        result.layer = layer;
        result.summary = summary;
        finish(StepStatus::Failed, next);
    }
    QString firstProblem() const
    {
        for (const Finding &f : result.findings) {
            if (f.severity == Severity::Error)
                return f.message;
        }
        for (const Finding &f : result.findings) {
            if (f.severity == Severity::Warning)
                return f.message;
        }
        return {};
    }
    void complete()
    {
        done = true;
        input.credential.clear();
        report().finishedAt = clock().now().toUTC();
        const ValidationReport copy = report();
        emit q.finished(copy);
    }
    bool stepFailed(StepId step) { return report().step(step).status == StepStatus::Failed; }
    bool stepSkipped(StepId step) { return report().step(step).status == StepStatus::Skipped; }
    bool tokenObtained() { return !accessToken.isEmpty(); }

    // --- the steps ---
    void configuration();
    void discovery();
    void token();
    void keys();
    void onKeys(const net::JwksResult &jwksResult);
    void signature();
    void claims();
    void serviceUserStep();
    void cmicCall();
    void probeNext();
    void skipRest(StepId from, const QString &reason);
    void stopRun();
    const jose::Verdict &ensureVerdict();
    void addVerdictChecks(VerdictPart part);
};

void SetupValidator::Run::configuration()
{
    begin(StepId::Configuration);
    if (!alive())
        return;
    const Workspace &workspace = input.workspace;
    const AppRegistration *found = workspace.registration(input.registrationId);
    if (!found) {
        result.checks << check(QStringLiteral("configuration.registration"), "fail",
                               tr("The workspace has no registration with id %1.").arg(input.registrationId));
        result.findings << finding(
            Severity::Error, QStringLiteral("configuration.registration-unknown"),
            tr("The registration to validate (%1) is not in the workspace.").arg(input.registrationId),
            tr("Choose one of the workspace's registrations and validate again."));
        stopReason = tr("The registration to validate is not in the workspace.");
        fail(Layer::Configuration, result.findings.constLast().message, &Run::stopRun);
        return;
    }
    registration = *found;
    if (const Environment *env = workspace.environment(registration.environmentId))
        environment = *env;
    if (const ServiceUser *user = workspace.serviceUser(registration.serviceUserId))
        serviceUser = *user;

    const Findings rules = SetupRules(clock()).checkRegistration(workspace, registration);
    int errors = 0;
    int warnings = 0;
    for (const Finding &f : rules) {
        if (f.severity == Severity::Info)
            continue;
        const bool error = f.severity == Severity::Error;
        errors += error;
        warnings += !error;
        result.checks << check(f.code, error ? "fail" : "warn", f.message);
    }
    result.findings << rules;
    result.checks.prepend(check(QStringLiteral("configuration.rules"), errors ? "fail" : (warnings ? "warn" : "pass"),
                                tr("The setup rules found %1 error(s) and %2 warning(s) for this registration, its "
                                   "environment and service user.")
                                    .arg(errors)
                                    .arg(warnings)));

    // Only what makes the run impossible stops it; everything else is shown by the steps it breaks.
    QStringList impossible;
    const bool usesKey = registration.authMethod == ClientAuthMethod::PrivateKeyJwt;
    if (input.credential.isEmpty()) {
        const QString message = usesKey ? tr("No private key was given for this private_key_jwt registration.")
                                        : tr("No client secret was given for this registration.");
        result.checks << check(QStringLiteral("configuration.credential"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("configuration.no-credential"), message,
                                   usesKey ? tr("Store the client's PEM private key in the keychain from the console "
                                                "(or pass it to cmic-oauth validate), then validate again.")
                                           : tr("Store the client secret in the keychain from the console (or pass it "
                                                "to cmic-oauth validate with --secret-env or --secret-stdin), then "
                                                "validate again."),
                                   QStringLiteral("authMethod"));
        impossible << message;
    } else {
        result.checks << check(QStringLiteral("configuration.credential"), "pass",
                               usesKey ? tr("A private key was given for this run (kept in memory only).")
                                       : tr("A client secret was given for this run (kept in memory only)."));
    }
    if (registration.tokenEndpoint.trimmed().isEmpty() && registration.discoveryUrl.trimmed().isEmpty()
        && registration.issuer.trimmed().isEmpty()) {
        const QString message = tr("The registration has no token endpoint, and neither an issuer nor a discovery URL "
                                   "to find one.");
        result.checks << check(QStringLiteral("configuration.endpoint"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("configuration.no-token-endpoint"), message,
                                   tr("Enter the IdP's token endpoint, or its issuer so that discovery can find it."),
                                   QStringLiteral("tokenEndpoint"));
        impossible << message;
    }

    if (!impossible.isEmpty()) {
        stopReason = tr("The registration cannot be exercised: %1").arg(impossible.join(QLatin1Char(' ')));
        fail(Layer::Configuration, impossible.join(QLatin1Char(' ')), &Run::stopRun);
        return;
    }
    result.summary =
        errors     ? tr("The setup rules found %n error(s); the run goes on to show what they cause.", nullptr, errors)
        : warnings ? tr("The setup rules found %n warning(s).", nullptr, warnings)
                   : tr("The registration, its environment and service user pass the setup rules.");
    finish(std::nullopt, &Run::discovery);
}

void SetupValidator::Run::skipRest(StepId from, const QString &reason)
{
    for (int i = int(from); i < kStepCount; ++i) {
        skipStep(StepId(i), reason);
        if (!alive())
            return;
    }
    later([this] { complete(); });
}

void SetupValidator::Run::stopRun() { skipRest(StepId::Discovery, stopReason); }

void SetupValidator::Run::discovery()
{
    const QString explicitUrl = registration.discoveryUrl.trimmed();
    const QString issuer = registration.issuer.trimmed();
    tokenEndpoint = QUrl(registration.tokenEndpoint.trimmed());
    if (explicitUrl.isEmpty() && issuer.isEmpty()) {
        skip(StepId::Discovery,
             tr("Not applicable: the registration has neither an issuer nor a discovery URL; its own token endpoint "
                "is used."),
             &Run::token);
        return;
    }
    begin(StepId::Discovery);
    if (!alive())
        return;
    const QUrl url = explicitUrl.isEmpty() ? net::OidcDiscovery::discoveryUrlFor(issuer) : QUrl(explicitUrl);
    job = net::OidcDiscovery(q.m_policy)
              .fetch(url, registration.issuer, registration.jwksUri,
                     guarded([this, url](const net::DiscoveryResult &d) {
                         job = nullptr;
                         addExchange(d.http);
                         noteServerDate(d.http);
                         const net::OidcMetadata &meta = d.metadata;
                         const bool haveOwnEndpoint = !registration.tokenEndpoint.trimmed().isEmpty();
                         const bool haveOwnJwks = !registration.jwksUri.trimmed().isEmpty();
                         if (!d.http.ok) {
                             // Discovery is optional: without it the registration's own endpoints are used.
                             const bool canGoOn = haveOwnEndpoint && haveOwnJwks;
                             Findings findings = d.findings;
                             if (canGoOn) {
                                 for (Finding &f : findings)
                                     f.severity = f.severity == Severity::Error ? Severity::Warning : f.severity;
                             }
                             addFindings(findings);
                             result.checks << check(QStringLiteral("discovery.document"), canGoOn ? "warn" : "fail",
                                                    tr("The OpenID configuration at %1 could not be read: %2")
                                                        .arg(url.toDisplayString(), d.http.message));
                             if (canGoOn) {
                                 result.summary =
                                     tr("Discovery could not be read; the run goes on with the registration's own "
                                        "token endpoint and JWKS URI.");
                                 finish(StepStatus::Warning, &Run::token);
                             } else {
                                 fail(layerFor(d.http, StepId::Discovery), firstProblem(), &Run::token);
                             }
                             return;
                         }
                         result.checks << check(
                             QStringLiteral("discovery.document"), d.ok ? "pass" : "fail",
                             d.ok ? tr("The OpenID configuration at %1 was read.").arg(url.toDisplayString())
                                  : tr("The document at %1 lacks what the flow needs: %2")
                                        .arg(url.toDisplayString(),
                                             d.findings.isEmpty() ? QString() : d.findings.constFirst().message));
                         if (!registration.issuer.isEmpty() && !meta.issuer.isEmpty()) {
                             const bool same = meta.issuer == registration.issuer;
                             result.checks
                                 << check(QStringLiteral("discovery.issuer"), same ? "pass" : "warn",
                                          same ? tr("The issuer \"%1\" matches the registration.").arg(meta.issuer)
                                               : tr("The issuer is \"%1\", the registration has \"%2\".")
                                                     .arg(meta.issuer, registration.issuer));
                         }
                         if (haveOwnJwks && meta.jwksUri.isValid() && !meta.jwksUri.isEmpty()) {
                             const bool same = meta.jwksUri == QUrl(registration.jwksUri.trimmed());
                             result.checks
                                 << check(QStringLiteral("discovery.jwks"), same ? "pass" : "warn",
                                          same ? tr("The jwks_uri matches the registration's JWKS URI.")
                                               : tr("The jwks_uri is %1, the registration has %2.")
                                                     .arg(meta.jwksUri.toDisplayString(), registration.jwksUri));
                         }
                         addFindings(d.findings);
                         if (!meta.tokenEndpoint.isEmpty()) {
                             if (!haveOwnEndpoint) {
                                 tokenEndpoint = meta.tokenEndpoint;
                                 result.checks << check(QStringLiteral("discovery.token-endpoint"), "pass",
                                                        tr("The token endpoint %1 comes from discovery.")
                                                            .arg(meta.tokenEndpoint.toDisplayString()));
                                 result.findings << finding(
                                     Severity::Info, QStringLiteral("discovery.token-endpoint-used"),
                                     tr("The registration has no token endpoint; the validation uses discovery's %1.")
                                         .arg(meta.tokenEndpoint.toDisplayString()),
                                     tr("Enter it in the registration so the setup does not depend on discovery."),
                                     QStringLiteral("tokenEndpoint"));
                             } else if (meta.tokenEndpoint != tokenEndpoint) {
                                 result.checks << check(
                                     QStringLiteral("discovery.token-endpoint"), "warn",
                                     tr("Discovery names the token endpoint %1; the registration has %2.")
                                         .arg(meta.tokenEndpoint.toDisplayString(), tokenEndpoint.toDisplayString()));
                                 result.findings << finding(
                                     Severity::Warning, QStringLiteral("discovery.token-endpoint-mismatch"),
                                     tr("Discovery names the token endpoint %1, but the registration has %2; the "
                                        "validation uses "
                                        "the registration's.")
                                         .arg(meta.tokenEndpoint.toDisplayString(), tokenEndpoint.toDisplayString()),
                                     tr("Use the IdP's token endpoint in the registration, unless you know the other "
                                        "one issues "
                                        "the same tokens."),
                                     QStringLiteral("tokenEndpoint"));
                             } else {
                                 result.checks << check(QStringLiteral("discovery.token-endpoint"), "pass",
                                                        tr("The token endpoint matches the registration."));
                             }
                         }
                         if (!meta.jwksUri.isEmpty())
                             discoveredJwksUri = meta.jwksUri;
                         const QString method = toString(registration.authMethod);
                         if (!meta.tokenEndpointAuthMethods.isEmpty()
                             && !meta.tokenEndpointAuthMethods.contains(method)) {
                             result.checks
                                 << check(QStringLiteral("discovery.auth-method"), "warn",
                                          tr("The IdP does not list %1 among its client authentication methods (%2).")
                                              .arg(method, meta.tokenEndpointAuthMethods.join(QStringLiteral(", "))));
                             result.findings
                                 << finding(Severity::Warning, QStringLiteral("discovery.auth-method-unsupported"),
                                            tr("The IdP does not list %1 among its client authentication methods (%2).")
                                                .arg(method, meta.tokenEndpointAuthMethods.join(QStringLiteral(", "))),
                                            tr("Choose one of the listed methods for the registration, and configure "
                                               "the client at the IdP "
                                               "the same way."),
                                            QStringLiteral("authMethod"));
                         }
                         if (!d.ok) {
                             const bool canGoOn = (haveOwnEndpoint || !meta.tokenEndpoint.isEmpty())
                                                  && (haveOwnJwks || !meta.jwksUri.isEmpty());
                             if (canGoOn) {
                                 for (Finding &f : result.findings)
                                     f.severity = f.severity == Severity::Error ? Severity::Warning : f.severity;
                                 for (StepCheck &c : result.checks)
                                     c.status = c.status == QLatin1String("fail") ? QStringLiteral("warn") : c.status;
                             } else {
                                 fail(Layer::Idp, firstProblem(), &Run::token);
                                 return;
                             }
                         }
                         result.summary = result.findings.isEmpty() || statusOf(result) == StepStatus::Passed
                                              ? tr("The IdP's OpenID configuration agrees with the registration.")
                                              : firstProblem();
                         finish(std::nullopt, &Run::token);
                     }),
                     registration.id, &q);
}

void SetupValidator::Run::token()
{
    if (tokenEndpoint.isEmpty()) {
        skip(StepId::Token, tr("There is no token endpoint: the registration has none and discovery did not give one."),
             &Run::keys);
        return;
    }
    begin(StepId::Token);
    if (!alive())
        return;
    // TokenRequest takes the credential as a QString (and keeps it, or its UTF-8, until the request is done).
    net::TokenRequest request = net::TokenRequest::forRegistration(registration, input.credential.toString());
    request.tokenEndpoint = tokenEndpoint;
    job = tokens.request(
        request, guarded([this](const net::TokenResponse &response) {
            job = nullptr;
            addExchange(response.http);
            noteServerDate(response.http);
            addFindings(response.findings);
            if (!response.ok) {
                result.checks << check(QStringLiteral("token.request"), "fail", firstProblem());
                Layer layer = Layer::Idp;
                if (response.oauthError.isEmpty())
                    layer = hasExchange(response.http) ? layerFor(response.http, StepId::Token) : Layer::Configuration;
                fail(layer, firstProblem(), &Run::keys);
                return;
            }
            accessToken = response.accessToken;
            const jose::CompactJws jws = jose::CompactJws::parse(accessToken.toLatin1());
            if (jws.headerOk())
                report().tokenHeader = jws.header;
            if (jws.payloadOk())
                report().tokenClaims = jws.claims;
            tokenDecodable = jws.payloadOk();
            const QString lifetime = jose::ClaimsValidator::formatDuration(response.expiresIn);
            result.checks << check(
                QStringLiteral("token.request"), "pass",
                tr("The IdP issued a %1 token, valid for %2.")
                    .arg(response.tokenType.isEmpty() ? tr("typeless") : response.tokenType, lifetime));
            result.checks << check(QStringLiteral("token.jwt"), tokenDecodable ? "pass" : "warn",
                                   tokenDecodable
                                       ? tr("The access token is a JWT; its header and claims are in the "
                                            "report (the token itself is not).")
                                       : tr("The access token is not a JWT that could be decoded; CMiC needs "
                                            "a signed JWT (see the signature step)."));
            if (!response.scope.isEmpty())
                result.checks << check(QStringLiteral("token.scope"), "pass",
                                       tr("Granted scope: %1.").arg(response.scope));
            result.summary = tr("Token obtained (%1, expires in %2).")
                                 .arg(response.tokenType.isEmpty() ? tr("no type") : response.tokenType, lifetime);
            finish(std::nullopt, &Run::keys);
        }),
        &q);
}

void SetupValidator::Run::keys()
{
    QUrl uri(registration.jwksUri.trimmed());
    bool fromDiscovery = false;
    if (uri.isEmpty() && !discoveredJwksUri.isEmpty()) {
        uri = discoveredJwksUri;
        fromDiscovery = true;
    }
    if (uri.isEmpty()) {
        skip(StepId::Keys, tr("There is no JWKS URI: the registration has none and discovery did not give one."),
             &Run::signature);
        return;
    }
    begin(StepId::Keys);
    if (!alive())
        return;
    jwksUri = uri;
    if (fromDiscovery) {
        result.findings << finding(Severity::Warning, QStringLiteral("keys.jwks-from-discovery"),
                                   tr("The registration has no JWKS URI; the validation uses discovery's %1, but CMiC "
                                      "only uses the one registered in API Security.")
                                       .arg(uri.toDisplayString()),
                                   tr("Enter the JWKS URI in the registration and in CMiC API Security."),
                                   QStringLiteral("jwksUri"));
    }
    const QString kid = report().tokenHeader.value(QLatin1String("kid")).toString();
    job = jwks.get(uri, kid, guarded([this](const net::JwksResult &r) { onKeys(r); }), registration.id, &q);
}

void SetupValidator::Run::onKeys(const net::JwksResult &r)
{
    job = nullptr;
    addExchange(r.http);
    noteServerDate(r.http);
    bool unknownKid = false;
    for (const Finding &f : r.findings)
        unknownKid = unknownKid || f.code == QLatin1String("jwks.unknown-kid");
    const QString kid = report().tokenHeader.value(QLatin1String("kid")).toString();
    if (unknownKid && !jwksRefetched) {
        // Once, as CMiC would after a key rotation: the IdP may have published the key since the first read.
        jwksRefetched = true;
        job = jwks.get(jwksUri, kid, guarded([this](const net::JwksResult &again) { onKeys(again); }), registration.id,
                       &q);
        return;
    }
    addFindings(r.findings);
    const bool fetched = r.http.ok || r.keySet || !r.kids.isEmpty();
    if (!fetched) {
        result.checks << check(QStringLiteral("keys.fetch"), "fail", firstProblem());
        fail(layerFor(r.http, StepId::Keys), firstProblem(), &Run::signature);
        return;
    }
    result.checks << check(QStringLiteral("keys.fetch"), "pass",
                           jwksRefetched ? tr("The JWKS was read, and read again once because the token's key was "
                                              "not in it.")
                                         : tr("The JWKS was read (%n key(s)).", nullptr, int(r.kids.size())));
    keySet = r.keySet;
    bool notAJwkSet = false;
    for (const Finding &f : r.findings)
        notAJwkSet = notAJwkSet || f.code == QLatin1String("jwks.not-a-jwk-set");
    if (notAJwkSet) {
        result.checks << check(QStringLiteral("keys.strict"), "fail", firstProblem());
    } else if (!r.keySet) {
        const QString message = tr("The JWKS is not a strictly valid JWK Set: %1").arg(r.keySetError);
        result.checks << check(QStringLiteral("keys.strict"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("keys.not-strict"), message,
                                   tr("Ask the IdP's administrators to publish a well-formed JWK Set; check that the "
                                      "JWKS URI points at the keys document."),
                                   QStringLiteral("jwksUri"));
    } else if (r.keySet->isEmpty()) {
        const QString message = tr("The JWKS holds no key.");
        result.checks << check(QStringLiteral("keys.strict"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("keys.empty"), message,
                                   tr("Check the JWKS URI; it must list the IdP's signing keys."),
                                   QStringLiteral("jwksUri"));
    } else {
        result.checks << check(QStringLiteral("keys.strict"), "pass", tr("The JWKS is a strictly valid JWK Set."));
        const QStringList problems = r.keySet->problems();
        if (problems.isEmpty()) {
            result.checks << check(QStringLiteral("keys.sanity"), "pass",
                                   tr("Every key is sound (size, curve, parameters)."));
        } else {
            const QString message = tr("The JWKS has problems: %1.").arg(problems.join(QStringLiteral("; ")));
            result.checks << check(QStringLiteral("keys.sanity"), "warn", message);
            result.findings << finding(Severity::Warning, QStringLiteral("keys.problems"), message,
                                       fixForCheck(QStringLiteral("jwks")), QStringLiteral("jwksUri"));
        }
    }
    if (!kid.isEmpty()) {
        const bool known = r.kids.contains(kid);
        result.checks << check(QStringLiteral("keys.kid"), known ? "pass" : "fail",
                               known ? tr("The JWKS holds the token's key \"%1\".").arg(kid)
                                     : tr("The JWKS does not hold the token's key \"%1\".").arg(kid));
    } else if (!tokenObtained()) {
        result.checks << check(QStringLiteral("keys.kid"), "skip",
                               tr("No token, so the key it names could not be looked up."));
    }
    result.summary = statusOf(result) == StepStatus::Passed
                         ? tr("The JWKS holds %n key(s), the token's among them.", nullptr, int(r.kids.size()))
                         : firstProblem();
    if (!tokenObtained() && statusOf(result) == StepStatus::Passed)
        result.summary = tr("The JWKS holds %n key(s).", nullptr, int(r.kids.size()));
    finish(std::nullopt, &Run::signature);
}

const jose::Verdict &SetupValidator::Run::ensureVerdict()
{
    if (!verdict) {
        jose::ClaimsPolicy policy;
        policy.issuer = registration.issuer;
        policy.appId = registration.appId;
        if (const IdpPreset *preset = IdpPresets::find(registration.idpPreset))
            policy.appIdClaim = preset->appIdClaim;
        policy.audience = registration.audience;
        policy.clockSkewSeconds = input.workspace.settings.clockSkewSeconds;
        policy.ipCheck = environment ? environment->ipCheck : false;
        policy.registration = registration;
        const jose::JwkSet *keys =
            report().step(StepId::Keys).status == StepStatus::Failed || !keySet ? nullptr : keySet.get();
        verdict = jose::TokenVerifier(keys, clock()).verify(accessToken.toLatin1(), policy);
    }
    return *verdict;
}

void SetupValidator::Run::addVerdictChecks(VerdictPart part)
{
    const jose::Verdict &v = ensureVerdict();
    for (const jose::Check &c : v.checks()) {
        if (partOf(c.id) != part)
            continue;
        const QString message = c.message();
        result.checks << StepCheck{c.id, checkStatusWord(c.status), message};
        if (c.status == jose::CheckStatus::Fail || c.status == jose::CheckStatus::Warn) {
            result.findings << finding(c.status == jose::CheckStatus::Fail ? Severity::Error : Severity::Warning, c.id,
                                       message, fixForCheck(c.id), fieldForCheck(c.id));
        }
    }
}

void SetupValidator::Run::signature()
{
    if (!tokenObtained()) {
        skip(StepId::Signature, tr("The token step did not obtain a token, so there is nothing to verify."),
             &Run::claims);
        return;
    }
    if (stepFailed(StepId::Keys) || stepSkipped(StepId::Keys) || !keySet) {
        skip(StepId::Signature, tr("The keys step did not give a usable key set, so the signature cannot be checked."),
             &Run::claims);
        return;
    }
    begin(StepId::Signature);
    if (!alive())
        return;
    addVerdictChecks(VerdictPart::Signature);
    bool keysAtFault = false;
    for (const StepCheck &c : result.checks) {
        if (c.status == QLatin1String("fail"))
            keysAtFault = keysAtFault || c.id == QLatin1String("key.select") || c.id == QLatin1String("jwks");
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(keysAtFault ? Layer::Keys : Layer::Token, firstProblem(), &Run::claims);
        return;
    }
    const jose::Check *sig = ensureVerdict().find(QStringLiteral("signature"));
    result.summary = sig ? sig->message() : tr("The signature verifies.");
    finish(status, &Run::claims);
}

void SetupValidator::Run::claims()
{
    if (!tokenObtained()) {
        skip(StepId::Claims, tr("The token step did not obtain a token, so there are no claims to check."),
             &Run::serviceUserStep);
        return;
    }
    if (!tokenDecodable) {
        skip(StepId::Claims, tr("The token could not be decoded (it is not a JWT), so there are no claims to check."),
             &Run::serviceUserStep);
        return;
    }
    begin(StepId::Claims);
    if (!alive())
        return;
    addVerdictChecks(VerdictPart::Claims);

    // The IdP's clock against ours: the token's times were set by its clock and are checked here (and by CMiC)
    // with another.
    const ValidationReport &r = report();
    const qint64 skew = input.workspace.settings.clockSkewSeconds;
    const QString id = QStringLiteral("claims.server-clock");
    if (!r.serverDate.isValid()) {
        result.checks << check(id, "skip", tr("The IdP sent no Date header, so its clock could not be compared."));
    } else {
        const qint64 offset = r.serverClockOffsetSeconds;
        const QString amount = jose::ClaimsValidator::formatDuration(offset);
        if (qAbs(offset) <= skew) {
            result.checks << check(id, "pass",
                                   tr("The IdP's clock agrees with this computer's within %1 (the allowed clock skew "
                                      "is %2).")
                                       .arg(amount, jose::ClaimsValidator::formatDuration(skew)));
        } else {
            const QString message =
                (offset > 0 ? tr("The IdP's clock is %1 ahead of this computer's clock (its Date header said %2, this "
                                 "computer said %3), more than the workspace's %4 clock skew.")
                            : tr("The IdP's clock is %1 behind this computer's clock (its Date header said %2, this "
                                 "computer said %3), more than the workspace's %4 clock skew."))
                    .arg(amount, r.serverDate.toUTC().toString(Qt::ISODate),
                         r.serverDate.addSecs(-offset).toUTC().toString(Qt::ISODate),
                         jose::ClaimsValidator::formatDuration(skew));
            result.checks << check(id, "warn", message);
            result.findings << finding(
                Severity::Warning, id, message,
                tr("Synchronise this computer's clock (NTP) first: the time checks above use it. If this computer "
                   "is right, the IdP's clock is wrong; tell its administrators. CMiC's server must keep the right "
                   "time too, since it checks exp and nbf with its own clock."));
        }
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(Layer::Token, firstProblem(), &Run::serviceUserStep);
        return;
    }
    result.summary =
        status == StepStatus::Passed ? tr("The claims are what CMiC checks for this registration.") : firstProblem();
    finish(status, &Run::serviceUserStep);
}

void SetupValidator::Run::serviceUserStep()
{
    if (!tokenObtained()) {
        skip(StepId::ServiceUser,
             tr("The token step did not obtain a token, so CMiC's service user cannot be worked out."), &Run::cmicCall);
        return;
    }
    if (!tokenDecodable) {
        skip(StepId::ServiceUser,
             tr("The token could not be decoded (it is not a JWT), so CMiC's service user cannot be worked out."),
             &Run::cmicCall);
        return;
    }
    begin(StepId::ServiceUser);
    if (!alive())
        return;
    if (!environment) {
        const QString message = tr("The registration belongs to no environment, so the rules that decide the service "
                                   "user (deployment, claim name, user source) are unknown.");
        result.checks << check(QStringLiteral("service-user.resolve"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("service-user.no-environment"), message,
                                   tr("Choose the registration's environment, then validate again."),
                                   QStringLiteral("environmentId"));
        fail(Layer::Configuration, message, &Run::cmicCall);
        return;
    }
    const ResolvedServiceUser resolved = ServiceUserResolver::resolve(
        *environment, registration, serviceUser ? &*serviceUser : nullptr, report().tokenClaims);
    // From the claim, the IdP's token is what to change; from the registration, the registration is.
    const Layer layer = resolved.source == ResolvedServiceUser::Source::Registration
                                || (resolved.source == ResolvedServiceUser::Source::None
                                    && environment->userSource == UserSource::Registration && serviceUser)
                            ? Layer::Configuration
                            : Layer::Token;
    const QString field =
        resolved.source == ResolvedServiceUser::Source::Registration ? QStringLiteral("serviceUserId") : QString();
    if (!resolved.ok) {
        const QString message = resolved.reason.isEmpty()
                                    ? tr("CMiC could not tell which service user to run the calls as.")
                                    : resolved.reason;
        result.checks << check(QStringLiteral("service-user.resolve"), "fail", message);
        result.findings << finding(Severity::Error, QStringLiteral("service-user.unresolved"), message,
                                   resolved.fix.isEmpty()
                                       ? tr("Make the IdP send the service user in the \"%1\" claim.")
                                             .arg(ServiceUserResolver::claimName(*environment))
                                       : resolved.fix,
                                   field);
    } else {
        report().serviceUser = resolved.username;
        if (resolved.fix.isEmpty()) {
            result.checks << check(QStringLiteral("service-user.resolve"), "pass", resolved.reason);
        } else {
            result.checks << check(QStringLiteral("service-user.resolve"), "warn", resolved.reason);
            result.findings << finding(Severity::Warning, QStringLiteral("service-user.note"), resolved.reason,
                                       resolved.fix, field);
        }
    }
    const QString expected = input.expectUser.trimmed();
    if (!expected.isEmpty()) {
        if (!resolved.ok) {
            result.checks << check(
                QStringLiteral("service-user.expected"), "skip",
                tr("Not compared with the expected %1: the service user could not be resolved.").arg(expected));
        } else if (resolved.username.compare(expected, Qt::CaseInsensitive) == 0) {
            result.checks << check(QStringLiteral("service-user.expected"), "pass",
                                   tr("CMiC runs the calls as %1, the expected user.").arg(resolved.username));
        } else {
            const QString message =
                tr("CMiC would run the calls as %1, not as the expected %2.").arg(resolved.username, expected);
            result.checks << check(QStringLiteral("service-user.expected"), "fail", message);
            result.findings << finding(
                Severity::Error, QStringLiteral("service-user.unexpected"), message,
                resolved.source == ResolvedServiceUser::Source::Registration
                    ? tr("Set %1 as the service user of the registration in CMiC API Security and in the workspace, "
                         "or correct the expected user.")
                          .arg(expected)
                    : tr("Make the IdP put %1 in the \"%2\" claim (claim mapping for this client), or correct the "
                         "expected user.")
                          .arg(expected, ServiceUserResolver::claimName(*environment)),
                field);
        }
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(layer, firstProblem(), &Run::cmicCall);
        return;
    }
    result.summary = tr("CMiC will run the calls as %1.").arg(resolved.username);
    finish(status, &Run::cmicCall);
}

void SetupValidator::Run::cmicCall()
{
    QString reason;
    if (!input.probeCmic)
        reason = tr("Not requested: this run stops before calling CMiC.");
    else if (!tokenObtained())
        reason = tr("The token step did not obtain a token, so CMiC cannot be called.");
    else if (!environment)
        reason = tr("The registration belongs to no environment, so there is no CMiC to call.");
    else if (environment->apiBaseUrl.trimmed().isEmpty())
        reason = tr("The environment has no API base URL, so there is no CMiC to call; enter it (e.g. "
                    "https://host/cmicprod) to let the validation call CMiC.");
    else if (environment->probeEndpoints.isEmpty())
        reason = tr("The environment has no probe endpoint; add a cheap GET such as "
                    "/sys-rest-api/rest/1/sdcompanyaccess to let the validation call CMiC.");
    if (!reason.isEmpty()) {
        skip(StepId::CmicCall, reason, nullptr);
        return;
    }
    begin(StepId::CmicCall);
    if (!alive())
        return;
    probeIndex = 0;
    probeNext();
}

void SetupValidator::Run::probeNext()
{
    const QStringList &paths = environment->probeEndpoints;
    if (probeIndex >= paths.size()) {
        const StepStatus status = statusOf(result);
        if (status == StepStatus::Failed) {
            Layer layer = Layer::Cmic;
            for (const net::HttpExchange &exchange : std::as_const(result.exchanges)) {
                if (exchange.status == 0) {
                    layer = Layer::Network;
                    break;
                }
            }
            if (layer == Layer::Network) {
                for (const Finding &f : std::as_const(result.findings)) {
                    if (f.code == QLatin1String("net.invalid-url") || f.code == QLatin1String("net.insecure-url"))
                        layer = Layer::Configuration;
                }
            }
            fail(layer, firstProblem(), nullptr);
            return;
        }
        result.summary = tr("CMiC accepted the token on %n probe endpoint(s).", nullptr, int(paths.size()));
        finish(status, nullptr);
        return;
    }
    const QString path = paths.at(probeIndex++);
    const QUrl url = net::CmicProbe::probeUrl(environment->apiBaseUrl, path);
    job = net::CmicProbe(q.m_policy)
              .probe(url, accessToken, guarded([this, path](const net::ProbeResult &probe) {
                         job = nullptr;
                         addExchange(probe.http);
                         const bool answered = probe.status != 0;
                         QString message;
                         if (probe.ok)
                             message = tr("GET %1: HTTP %2, %n item(s).", nullptr, probe.summary.itemCount)
                                           .arg(path)
                                           .arg(probe.status);
                         else if (answered)
                             message = tr("GET %1: HTTP %2.").arg(path).arg(probe.status);
                         else
                             message = tr("GET %1: no answer (%2).").arg(path, probe.http.message);
                         if (!probe.wwwAuthenticate.isEmpty())
                             message += QLatin1Char(' ') + tr("CMiC said: %1").arg(probe.wwwAuthenticate);
                         bool error = false;
                         for (const Finding &f : probe.findings)
                             error = error || f.severity == Severity::Error;
                         result.checks << check(QStringLiteral("cmic.status"),
                                                probe.ok ? "pass" : (error ? "fail" : "warn"), message);
                         // The probe names the registration; its URL fields belong to the environment.
                         Findings findings = probe.findings + probe.hints;
                         for (Finding &f : findings) {
                             if (f.field == QLatin1String("probeEndpoints") || f.field == QLatin1String("apiBaseUrl")) {
                                 f.subjectKind = SubjectKind::Environment;
                                 f.subjectId = environment->id;
                                 f.subjectName = environment->name;
                             }
                         }
                         addFindings(findings);
                         probeNext();
                     }),
                     registration.id, &q);
}

SetupValidator::SetupValidator(const net::HttpPolicy &policy, const Clock &clock, QObject *parent)
    : QObject(parent), m_policy(policy), m_clock(clock), m_report(ValidationReport::empty())
{
    qRegisterMetaType<cmic::validation::StepId>("cmic::validation::StepId");
    qRegisterMetaType<cmic::validation::StepResult>("cmic::validation::StepResult");
    qRegisterMetaType<cmic::validation::ValidationReport>("cmic::validation::ValidationReport");
}

SetupValidator::~SetupValidator()
{
    if (m_run && !m_run->done) {
        m_run->done = true; // callbacks of the aborted exchange find the run over and do nothing
        if (m_run->job)
            m_run->job->cancel();
    }
}

bool SetupValidator::start(const ValidationInput &input)
{
    if (isRunning())
        return false;
    m_report = ValidationReport::empty();
    m_report.registrationId = input.registrationId;
    if (const AppRegistration *registration = input.workspace.registration(input.registrationId)) {
        m_report.registrationName = registration->name;
        if (const Environment *environment = input.workspace.environment(registration->environmentId))
            m_report.environmentName = environment->name;
    }
    m_report.startedAt = m_clock.now().toUTC();
    m_run = std::make_unique<Run>(*this, input);
    qCDebug(lcValidation) << "validation started for" << input.registrationId;
    m_run->later([run = m_run.get()] { run->configuration(); });
    return true;
}

void SetupValidator::cancel()
{
    if (!isRunning())
        return;
    Run &run = *m_run;
    const bool stepsLeft = std::any_of(m_report.steps.cbegin(), m_report.steps.cend(), [](const StepResult &step) {
        return step.status == StepStatus::Running || step.status == StepStatus::Pending;
    });
    if (!stepsLeft) {
        // Every step has finished and only the report was still to be sent: the run is complete, not cancelled.
        run.complete();
        return;
    }
    run.done = true; // from here on, callbacks of this run do nothing
    run.input.credential.clear();
    if (run.job)
        run.job->cancel(); // emits its finished() now; the guarded callback ignores it
    run.job = nullptr;
    m_report.cancelled = true;
    QList<StepResult> cancelled;
    for (StepResult &step : m_report.steps) {
        if (step.status == StepStatus::Running) {
            step = run.result;
            step.status = StepStatus::Cancelled;
            step.elapsedMs = run.stepTimer.isValid() ? run.stepTimer.elapsed() : 0;
            step.summary = tr("Cancelled while running.");
            cancelled << step;
        } else if (step.status == StepStatus::Pending) {
            step.status = StepStatus::Cancelled;
            step.summary = tr("Cancelled before it started.");
            cancelled << step;
        }
    }
    m_report.finishedAt = m_clock.now().toUTC();
    qCDebug(lcValidation) << "validation cancelled";
    for (const StepResult &step : std::as_const(cancelled))
        emit stepFinished(step);
    const ValidationReport copy = m_report;
    emit finished(copy);
}

bool SetupValidator::isRunning() const { return m_run && !m_run->done; }

const ValidationReport &SetupValidator::report() const { return m_report; }

QString SetupValidator::accessToken() const { return m_run ? m_run->accessToken : QString(); }

ValidationReport SetupValidator::runBlocking(const ValidationInput &input)
{
    QEventLoop loop;
    const QMetaObject::Connection connection = connect(this, &SetupValidator::finished, &loop, &QEventLoop::quit);
    if (start(input))
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    disconnect(connection);
    return m_report;
}

} // namespace cmic::validation
