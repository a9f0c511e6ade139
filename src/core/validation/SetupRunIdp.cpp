#include "SetupRun.h"

#include "core/rules/AssertionRules.h"

#include "core/util/Elide.h"

#include <algorithm>
#include <atomic>

namespace cmic::validation {

namespace pipeline {

namespace {

std::atomic<quint64> g_nextRunId{1};

} // namespace

quint64 nextRunId() { return g_nextRunId++; }

StepCheck check(const QString &id, CheckStatus status, const QString &message)
{
    return StepCheck{id, status, message};
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

void downgradeErrorsToWarnings(Findings &findings)
{
    for (Finding &f : findings)
        f.severity = f.severity == Severity::Error ? Severity::Warning : f.severity;
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
        if (c.status == CheckStatus::Fail)
            return StepStatus::Failed;
        warn = warn || c.status == CheckStatus::Warn;
    }
    return warn ? StepStatus::Warning : StepStatus::Passed;
}

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
        return Tr::tr(
            "Configure the IdP to issue JWT access tokens for the CMiC API: CMiC can only accept a signed JWT.");
    if (id == QLatin1String("header.alg"))
        return Tr::tr("Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.");
    if (id == QLatin1String("header.embeddedKeys"))
        return Tr::tr("Nothing to change for CMiC: it only uses the keys at the registered JWKS URI.");
    if (id.startsWith(QLatin1String("header.typ")))
        return Tr::tr("Request an access token for the CMiC API with the client-credentials grant, not an ID token.");
    if (id.startsWith(QLatin1String("header.")))
        return Tr::tr("Configure the IdP to issue a plain signed JWT access token (no crit, b64 or nested token).");
    if (id == QLatin1String("jwks"))
        return Tr::tr(
            "Ask the IdP's administrators to publish only sound public keys (RSA of 2048 bits or more, EC keys "
            "on their curve, no private members).");
    if (id == QLatin1String("key.select"))
        return Tr::tr(
            "Register the JWKS URI of the IdP that issued the token; if the IdP just rotated its keys, validate "
            "again in a minute.");
    if (id == QLatin1String("signature"))
        return Tr::tr(
            "Register the JWKS URI of the IdP that issued the token. If it is right, the IdP signs with a key "
            "it does not publish, or the token was altered on the way.");
    if (id == QLatin1String("claims.required"))
        return Tr::tr("Configure the IdP to issue sub, exp, aud and iss in the access token.");
    if (id == QLatin1String("claims.iss"))
        return Tr::tr(
            "Register the issuer exactly as the token carries it, in CMiC API Security and in the workspace.");
    if (id == QLatin1String("claims.appId"))
        return Tr::tr(
            "Register the App ID of the client that requests the token, or choose the IdP preset whose App ID "
            "claim the token carries.");
    if (id == QLatin1String("claims.aud"))
        return Tr::tr(
            "Request the token for the CMiC API's audience (scope, audience or resource in the registration), "
            "or correct the registration's audience.");
    if (id == QLatin1String("claims.exp") || id == QLatin1String("claims.nbf") || id == QLatin1String("claims.iat"))
        return Tr::tr(
            "Request a fresh token; if that does not help, synchronise the clocks of this computer and of the "
            "IdP (NTP).");
    if (id == QLatin1String("claims.ipaddr"))
        return Tr::tr("Add the ipaddr claim at the IdP (Entra: an optional claim), or turn CMiC's IP check off with "
                      "cmic.oauth2.ipcheck.enabled=false.");
    return Tr::tr("Read the message above for what to change, then validate again.");
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

} // namespace pipeline

void SetupValidator::Run::configuration()
{
    begin(StepId::Configuration);
    if (!alive())
        return;
    const Workspace &workspace = input.workspace;
    const AppRegistration *found = workspace.registration(input.registrationId);
    if (!found) {
        result.checks << check(
            QStringLiteral("configuration.registration"), CheckStatus::Fail,
            Tr::tr("The workspace has no registration with id %1.").arg(elide(input.registrationId)));
        result.findings << finding(
            Severity::Error, QStringLiteral("configuration.registration-unknown"),
            Tr::tr("The registration to validate (%1) is not in the workspace.").arg(elide(input.registrationId)),
            Tr::tr("Choose one of the workspace's registrations and validate again."));
        stopReason = Tr::tr("The registration to validate is not in the workspace.");
        fail(Layer::Configuration, result.findings.constLast().message);
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
        result.checks << check(f.code, error ? CheckStatus::Fail : CheckStatus::Warn, f.message);
    }
    result.findings << rules;
    result.checks.prepend(
        check(QStringLiteral("configuration.rules"),
              errors ? CheckStatus::Fail : (warnings ? CheckStatus::Warn : CheckStatus::Pass),
              Tr::tr("The setup rules found %1 and %2 for this registration, its environment and "
                     "service user.")
                  .arg(Tr::tr("%n error(s)", nullptr, int(errors)), Tr::tr("%n warning(s)", nullptr, int(warnings)))));

    // Only what makes the run impossible stops it; everything else is shown by the steps it breaks.
    QStringList impossible;
    const bool usesKey = registration.authMethod == ClientAuthMethod::PrivateKeyJwt;
    if (input.credential.isEmpty()) {
        const QString message = usesKey ? Tr::tr("No private key was given for this private_key_jwt registration.")
                                        : Tr::tr("No client secret was given for this registration.");
        result.checks << check(QStringLiteral("configuration.credential"), CheckStatus::Fail, message);
        result.findings << finding(Severity::Error, QStringLiteral("configuration.no-credential"), message,
                                   usesKey
                                       ? Tr::tr("Store the client's PEM private key in the keychain from the console "
                                                "(or pass it to cmic-oauth validate), then validate again.")
                                       : Tr::tr("Store the client secret in the keychain from the console (or pass it "
                                                "to cmic-oauth validate with --secret-env or --secret-stdin), then "
                                                "validate again."),
                                   QStringLiteral("authMethod"));
        impossible << message;
    } else {
        result.checks << check(QStringLiteral("configuration.credential"), CheckStatus::Pass,
                               usesKey ? Tr::tr("A private key was given for this run (kept in memory only).")
                                       : Tr::tr("A client secret was given for this run (kept in memory only)."));
    }
    if (registration.tokenEndpoint.trimmed().isEmpty() && registration.discoveryUrl.trimmed().isEmpty()
        && registration.issuer.trimmed().isEmpty()) {
        const QString message =
            Tr::tr("The registration has no token endpoint, and neither an issuer nor a discovery URL "
                   "to find one.");
        result.checks << check(QStringLiteral("configuration.endpoint"), CheckStatus::Fail, message);
        result.findings << finding(
            Severity::Error, QStringLiteral("configuration.no-token-endpoint"), message,
            Tr::tr("Enter the IdP's token endpoint, or its issuer so that discovery can find it."),
            QStringLiteral("tokenEndpoint"));
        impossible << message;
    }

    if (!impossible.isEmpty()) {
        stopReason = Tr::tr("The registration cannot be exercised: %1").arg(impossible.join(QLatin1Char(' ')));
        fail(Layer::Configuration, impossible.join(QLatin1Char(' ')));
        return;
    }
    result.summary =
        errors ? Tr::tr("The setup rules found %n error(s); the run goes on to show what they cause.", nullptr, errors)
        : warnings ? Tr::tr("The setup rules found %n warning(s).", nullptr, warnings)
                   : Tr::tr("The registration, its environment and service user pass the setup rules.");
    finish(std::nullopt);
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

void SetupValidator::Run::discovery()
{
    const QString explicitUrl = registration.discoveryUrl.trimmed();
    const QString issuer = registration.issuer.trimmed();
    tokenEndpoint = QUrl(registration.tokenEndpoint.trimmed());
    if (explicitUrl.isEmpty() && issuer.isEmpty()) {
        skip(
            StepId::Discovery,
            Tr::tr("Not applicable: the registration has neither an issuer nor a discovery URL; its own token endpoint "
                   "is used."));
        return;
    }
    begin(StepId::Discovery);
    if (!alive())
        return;
    fetchDiscovery(explicitUrl.isEmpty() ? net::OidcDiscovery::discoveryUrlFor(issuer) : QUrl(explicitUrl));
}

void SetupValidator::Run::fetchDiscovery(const QUrl &url)
{
    job = net::OidcDiscovery(q.m_policy)
              .fetch(url, registration.issuer, registration.jwksUri,
                     guarded([this, url](const net::DiscoveryResult &d) { onDiscovery(url, d); }), registration.id, &q);
}

void SetupValidator::Run::onDiscovery(const QUrl &url, const net::DiscoveryResult &d)
{
    job = nullptr;
    addExchange(d.http);
    noteServerDate(d.http);
    // No OpenID configuration: an OAuth-only authorization server publishes RFC 8414 metadata instead.
    const QUrl rfc8414 =
        openIdConfigurationUrl.isEmpty() && d.http.status == 404 ? net::OidcDiscovery::rfc8414UrlFor(url) : QUrl();
    if (!rfc8414.isEmpty()) {
        openIdConfigurationUrl = url;
        fetchDiscovery(rfc8414);
        return;
    }
    if (!d.http.ok) {
        discoveryUnreadable(url, d);
        return;
    }
    if (!openIdConfigurationUrl.isEmpty()) {
        addFindings({net::makeNetFinding(
            Severity::Info, QStringLiteral("discovery.rfc8414"),
            Tr::tr(
                "The IdP publishes OAuth authorization server metadata (RFC 8414) at %1, not an OpenID configuration "
                "at %2; the console read the RFC 8414 document.")
                .arg(elide(url.toDisplayString()), elide(openIdConfigurationUrl.toDisplayString())),
            Tr::tr("Register in CMiC API Security the issuer and the jwks_uri this document names; CMiC reads no "
                   "discovery document itself."),
            registration.id, QStringLiteral("discoveryUrl"))});
    }
    const net::OidcMetadata &meta = d.metadata;
    result.checks << check(QStringLiteral("discovery.document"), d.ok ? CheckStatus::Pass : CheckStatus::Fail,
                           d.ok ? (openIdConfigurationUrl.isEmpty()
                                       ? Tr::tr("The OpenID configuration at %1 was read.")
                                       : Tr::tr("The OAuth authorization server metadata (RFC 8414) at %1 was read."))
                                      .arg(elide(url.toDisplayString()))
                                : Tr::tr("The document at %1 lacks what the flow needs: %2")
                                      .arg(elide(url.toDisplayString()),
                                           d.findings.isEmpty() ? QString() : d.findings.constFirst().message));
    compareDiscoveredIssuer(meta);
    compareDiscoveredJwksUri(meta);
    addFindings(d.findings);
    compareDiscoveredTokenEndpoint(meta);
    if (!meta.jwksUri.isEmpty())
        discoveredJwksUri = meta.jwksUri;
    discoveredAssertionAlgorithms = meta.assertionSigningAlgorithms;
    compareDiscoveredAuthMethods(meta);
    if (!d.ok) {
        // The document lacks members: the run can still go on when the registration (or discovery) names both
        // endpoints; the problems are then warnings.
        const bool canGoOn =
            (hasOwnTokenEndpoint() || !meta.tokenEndpoint.isEmpty()) && (hasOwnJwksUri() || !meta.jwksUri.isEmpty());
        if (!canGoOn) {
            fail(Layer::Idp, firstProblem());
            return;
        }
        downgradeErrorsToWarnings(result.findings);
        for (StepCheck &c : result.checks)
            c.status = c.status == CheckStatus::Fail ? CheckStatus::Warn : c.status;
    }
    result.summary = result.findings.isEmpty() || statusOf(result) == StepStatus::Passed
                         ? Tr::tr("The IdP's OpenID configuration agrees with the registration.")
                         : firstProblem();
    // The IdP answered; what differs from its document (issuer, jwks_uri, token endpoint) is fixed in the
    // registration, so that is where the problem is said to be.
    const bool registrationDiffers =
        std::any_of(result.findings.cbegin(), result.findings.cend(), [this](const Finding &f) {
            return f.severity != Severity::Info && f.subjectKind == SubjectKind::Registration
                   && f.subjectId == registration.id && !f.field.isEmpty();
        });
    finish(std::nullopt, registrationDiffers ? std::optional<Layer>(Layer::Configuration) : std::nullopt);
}

// Discovery is optional: when it cannot be read, the registration's own endpoints are used if it has both.
void SetupValidator::Run::discoveryUnreadable(const QUrl &url, const net::DiscoveryResult &d)
{
    const bool canGoOn = hasOwnTokenEndpoint() && hasOwnJwksUri();
    Findings findings = d.findings;
    for (Finding &finding : findings) {
        if (finding.code == QLatin1String("discovery.not-found") && !openIdConfigurationUrl.isEmpty()) {
            finding.message = Tr::tr("There is no OpenID configuration at %1, nor OAuth authorization server metadata "
                                     "(RFC 8414) at %2 (HTTP 404 for both).")
                                  .arg(elide(openIdConfigurationUrl.toDisplayString()), elide(url.toDisplayString()));
        }
    }
    if (canGoOn)
        downgradeErrorsToWarnings(findings);
    addFindings(findings);
    result.checks << check(QStringLiteral("discovery.document"), canGoOn ? CheckStatus::Warn : CheckStatus::Fail,
                           Tr::tr("The OpenID configuration at %1 could not be read: %2")
                               .arg(elide(url.toDisplayString()), d.http.message));
    if (!canGoOn) {
        fail(layerFor(d.http, StepId::Discovery), firstProblem());
        return;
    }
    result.summary = Tr::tr("Discovery could not be read; the run goes on with the registration's own token endpoint "
                            "and JWKS URI.");
    finish(StepStatus::Warning);
}

void SetupValidator::Run::compareDiscoveredIssuer(const net::OidcMetadata &meta)
{
    if (registration.issuer.isEmpty() || meta.issuer.isEmpty())
        return;
    const bool same = meta.issuer == registration.issuer;
    result.checks << check(QStringLiteral("discovery.issuer"), same ? CheckStatus::Pass : CheckStatus::Warn,
                           same ? Tr::tr("The issuer \"%1\" matches the registration.").arg(elide(meta.issuer))
                                : Tr::tr("The issuer is \"%1\", the registration has \"%2\".")
                                      .arg(elide(meta.issuer), elide(registration.issuer)));
}

void SetupValidator::Run::compareDiscoveredJwksUri(const net::OidcMetadata &meta)
{
    if (!hasOwnJwksUri() || !meta.jwksUri.isValid() || meta.jwksUri.isEmpty())
        return;
    const bool same = meta.jwksUri == QUrl(registration.jwksUri.trimmed());
    result.checks << check(QStringLiteral("discovery.jwks"), same ? CheckStatus::Pass : CheckStatus::Warn,
                           same ? Tr::tr("The jwks_uri matches the registration's JWKS URI.")
                                : Tr::tr("The jwks_uri is %1, the registration has %2.")
                                      .arg(elide(meta.jwksUri.toDisplayString()), elide(registration.jwksUri)));
}

void SetupValidator::Run::compareDiscoveredTokenEndpoint(const net::OidcMetadata &meta)
{
    if (meta.tokenEndpoint.isEmpty())
        return;
    const QString id = QStringLiteral("discovery.token-endpoint");
    const QString discovered = meta.tokenEndpoint.toDisplayString();
    if (!hasOwnTokenEndpoint()) {
        tokenEndpoint = meta.tokenEndpoint;
        result.checks << check(id, CheckStatus::Pass,
                               Tr::tr("The token endpoint %1 comes from discovery.").arg(elide(discovered)));
        result.findings << finding(Severity::Info, QStringLiteral("discovery.token-endpoint-used"),
                                   Tr::tr("The registration has no token endpoint; the validation uses discovery's %1.")
                                       .arg(elide(discovered)),
                                   Tr::tr("Enter it in the registration so the setup does not depend on discovery."),
                                   QStringLiteral("tokenEndpoint"));
    } else if (meta.tokenEndpoint != tokenEndpoint) {
        const QString own = tokenEndpoint.toDisplayString();
        result.checks << check(id, CheckStatus::Warn,
                               Tr::tr("Discovery names the token endpoint %1; the registration has %2.")
                                   .arg(elide(discovered), elide(own)));
        result.findings << finding(Severity::Warning, QStringLiteral("discovery.token-endpoint-mismatch"),
                                   Tr::tr("Discovery names the token endpoint %1, but the registration has %2; the "
                                          "validation uses the registration's.")
                                       .arg(elide(discovered), elide(own)),
                                   Tr::tr("Use the IdP's token endpoint in the registration, unless you know the other "
                                          "one issues the same tokens."),
                                   QStringLiteral("tokenEndpoint"));
    } else {
        result.checks << check(id, CheckStatus::Pass, Tr::tr("The token endpoint matches the registration."));
    }
}

void SetupValidator::Run::compareDiscoveredAuthMethods(const net::OidcMetadata &meta)
{
    const QString method = toString(registration.authMethod);
    if (meta.tokenEndpointAuthMethods.isEmpty() || meta.tokenEndpointAuthMethods.contains(method))
        return;
    const QString message = Tr::tr("The IdP does not list %1 among its client authentication methods (%2).")
                                .arg(elide(method), elide(meta.tokenEndpointAuthMethods.join(QStringLiteral(", "))));
    result.checks << check(QStringLiteral("discovery.auth-method"), CheckStatus::Warn, message);
    result.findings << finding(Severity::Warning, QStringLiteral("discovery.auth-method-unsupported"), message,
                               Tr::tr("Choose one of the listed methods for the registration, and configure the client "
                                      "at the IdP the same way."),
                               QStringLiteral("authMethod"));
}

void SetupValidator::Run::token()
{
    if (tokenEndpoint.isEmpty()) {
        skip(StepId::Token,
             Tr::tr("There is no token endpoint: the registration has none and discovery did not give one."));
        return;
    }
    begin(StepId::Token);
    if (!alive())
        return;
    // What the private key tells about the certificate and the algorithm (the workspace-only checks ran before).
    const Findings keyFindings = AssertionRules::checkKey(registration, input.credential.rawView());
    addFindings(keyFindings);
    // The run's buffer moves into the request (no copy); it is wiped when the exchange is over.
    net::TokenRequest request = net::TokenRequest::forRegistration(registration, std::move(input.credential));
    request.tokenEndpoint = tokenEndpoint;
    request.idpAlgorithms = discoveredAssertionAlgorithms;
    job = tokens.request(request, guarded([this](const net::TokenResponse &response) { onToken(response); }), &q);
}

void SetupValidator::Run::onToken(const net::TokenResponse &response)
{
    job = nullptr;
    addExchange(response.http);
    noteServerDate(response.http);
    addFindings(response.findings);
    if (!response.ok) {
        result.checks << check(QStringLiteral("token.request"), CheckStatus::Fail, firstProblem());
        Layer layer = Layer::Idp;
        if (response.oauthError.isEmpty())
            layer = hasExchange(response.http) ? layerFor(response.http, StepId::Token) : Layer::Configuration;
        fail(layer, firstProblem());
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
        QStringLiteral("token.request"), CheckStatus::Pass,
        Tr::tr("The IdP issued a %1 token, valid for %2.")
            .arg(elide(response.tokenType.isEmpty() ? Tr::tr("typeless") : response.tokenType), lifetime));
    result.checks << check(QStringLiteral("token.jwt"), tokenDecodable ? CheckStatus::Pass : CheckStatus::Warn,
                           tokenDecodable ? Tr::tr("The access token is a JWT; its header and claims are in the report "
                                                   "(the token itself is not).")
                                          : Tr::tr("The access token is not a JWT that could be decoded; CMiC needs a "
                                                   "signed JWT (see the signature step)."));
    if (!response.scope.isEmpty())
        result.checks << check(QStringLiteral("token.scope"), CheckStatus::Pass,
                               Tr::tr("Granted scope: %1.").arg(elide(response.scope)));
    result.summary = Tr::tr("Token obtained (%1, expires in %2).")
                         .arg(elide(response.tokenType.isEmpty() ? Tr::tr("no type") : response.tokenType), lifetime);
    finish(std::nullopt);
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
        skip(StepId::Keys, Tr::tr("There is no JWKS URI: the registration has none and discovery did not give one."));
        return;
    }
    begin(StepId::Keys);
    if (!alive())
        return;
    jwksUri = uri;
    if (fromDiscovery) {
        result.findings << finding(
            Severity::Warning, QStringLiteral("keys.jwks-from-discovery"),
            Tr::tr("The registration has no JWKS URI; the validation uses discovery's %1, but CMiC "
                   "only uses the one registered in API Security.")
                .arg(elide(uri.toDisplayString())),
            Tr::tr("Enter the JWKS URI in the registration and in CMiC API Security."), QStringLiteral("jwksUri"));
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
        result.checks << check(QStringLiteral("keys.fetch"), CheckStatus::Fail, firstProblem());
        fail(layerFor(r.http, StepId::Keys), firstProblem());
        return;
    }
    report().jwksKeyIds = r.kids; // the signing keys as last seen (ValidationHistory)
    result.checks << check(QStringLiteral("keys.fetch"), CheckStatus::Pass,
                           jwksRefetched ? Tr::tr("The JWKS was read, and read again once because the token's key was "
                                                  "not in it.")
                                         : Tr::tr("The JWKS was read (%n key(s)).", nullptr, int(r.kids.size())));
    keySet = r.keySet;
    bool notAJwkSet = false;
    for (const Finding &f : r.findings)
        notAJwkSet = notAJwkSet || f.code == QLatin1String("jwks.not-a-jwk-set");
    if (notAJwkSet) {
        result.checks << check(QStringLiteral("keys.strict"), CheckStatus::Fail, firstProblem());
    } else if (!r.keySet) {
        const QString message = Tr::tr("The JWKS is not a strictly valid JWK Set: %1").arg(r.keySetError);
        result.checks << check(QStringLiteral("keys.strict"), CheckStatus::Fail, message);
        result.findings << finding(
            Severity::Error, QStringLiteral("keys.not-strict"), message,
            Tr::tr("Ask the IdP's administrators to publish a well-formed JWK Set; check that the "
                   "JWKS URI points at the keys document."),
            QStringLiteral("jwksUri"));
    } else if (r.keySet->isEmpty()) {
        const QString message = Tr::tr("The JWKS holds no key.");
        result.checks << check(QStringLiteral("keys.strict"), CheckStatus::Fail, message);
        result.findings << finding(Severity::Error, QStringLiteral("keys.empty"), message,
                                   Tr::tr("Check the JWKS URI; it must list the IdP's signing keys."),
                                   QStringLiteral("jwksUri"));
    } else {
        result.checks << check(QStringLiteral("keys.strict"), CheckStatus::Pass,
                               Tr::tr("The JWKS is a strictly valid JWK Set."));
        const QStringList problems = r.keySet->problems();
        if (problems.isEmpty()) {
            result.checks << check(QStringLiteral("keys.sanity"), CheckStatus::Pass,
                                   Tr::tr("Every key is sound (size, curve, parameters)."));
        } else {
            const QString message = Tr::tr("The JWKS has problems: %1.").arg(problems.join(QStringLiteral("; ")));
            result.checks << check(QStringLiteral("keys.sanity"), CheckStatus::Warn, message);
            result.findings << finding(Severity::Warning, QStringLiteral("keys.problems"), message,
                                       fixForCheck(QStringLiteral("jwks")), QStringLiteral("jwksUri"));
        }
    }
    if (!kid.isEmpty()) {
        const bool known = r.kids.contains(kid);
        result.checks << check(QStringLiteral("keys.kid"), known ? CheckStatus::Pass : CheckStatus::Fail,
                               known ? Tr::tr("The JWKS holds the token's key \"%1\".").arg(elide(kid))
                                     : Tr::tr("The JWKS does not hold the token's key \"%1\".").arg(elide(kid)));
        if (!known) {
            // Entra with claims mapping signs with a custom key, published only at .../discovery/keys?appid=.
            Findings custom;
            for (const Finding &f : entraShape(false, false).findings) {
                if (f.code == QLatin1String("entra.custom-signing-key"))
                    custom << f;
            }
            addFindings(custom);
        }
    } else if (!tokenObtained()) {
        result.checks << check(QStringLiteral("keys.kid"), CheckStatus::Skip,
                               Tr::tr("No token, so the key it names could not be looked up."));
    }
    result.summary = statusOf(result) == StepStatus::Passed
                         ? Tr::tr("The JWKS holds %n key(s), the token's among them.", nullptr, int(r.kids.size()))
                         : firstProblem();
    if (!tokenObtained() && statusOf(result) == StepStatus::Passed)
        result.summary = Tr::tr("The JWKS holds %n key(s).", nullptr, int(r.kids.size()));
    finish(std::nullopt);
}

} // namespace cmic::validation
