#include "TokenClient.h"

#include "Certificate.h"
#include "FormEncoding.h"
#include "HttpClient.h"
#include "JwtSigner.h"
#include "NetFindings.h"
#include "NetLog.h"

#include "core/model/AppRegistration.h"
#include "core/rules/AssertionRules.h"
#include "core/storage/CredentialKind.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <openssl/evp.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

struct AadstsHint
{
    const char *code;
    const char *message;
    const char *fix;
    const char *field = nullptr; // the registration field the fix is in; null: the credential's (see below)
};

// The Entra codes admins meet on the client-credentials path, with what to do about each.
const AadstsHint kAadsts[] = {
    {"7000215", QT_TRANSLATE_NOOP("cmic::net", "Microsoft Entra rejected the client secret (AADSTS7000215)."),
     QT_TRANSLATE_NOOP(
         "cmic::net",
         "Paste the secret's Value (not its Secret ID) from Certificates & secrets into the keychain entry.")},
    {"7000222", QT_TRANSLATE_NOOP("cmic::net", "The client secret has expired (AADSTS7000222)."),
     QT_TRANSLATE_NOOP("cmic::net", "Create a new client secret in the app registration and store it in the keychain; "
                                    "note its expiry in the registration.")},
    {"700016",
     QT_TRANSLATE_NOOP("cmic::net", "Microsoft Entra does not know this client id in the tenant (AADSTS700016)."),
     QT_TRANSLATE_NOOP("cmic::net", "Check the Application (client) ID and the tenant in the token endpoint."),
     "appId"},
    {"90002", QT_TRANSLATE_NOOP("cmic::net", "The tenant in the token endpoint does not exist (AADSTS90002)."),
     QT_TRANSLATE_NOOP("cmic::net", "Use the Directory (tenant) ID from the app registration's overview page."),
     "tokenEndpoint"},
    {"70011", QT_TRANSLATE_NOOP("cmic::net", "The scope is not valid for client credentials (AADSTS70011)."),
     QT_TRANSLATE_NOOP("cmic::net", "Use the Application ID URI followed by /.default, e.g. api://<app-id>/.default."),
     "scope"},
    {"1002012", QT_TRANSLATE_NOOP("cmic::net", "Client-credentials scopes must end in /.default (AADSTS1002012)."),
     QT_TRANSLATE_NOOP("cmic::net", "Use the Application ID URI followed by /.default, e.g. api://<app-id>/.default."),
     "scope"},
    {"500011",
     QT_TRANSLATE_NOOP("cmic::net", "The resource named in the scope was not found in the tenant (AADSTS500011)."),
     QT_TRANSLATE_NOOP(
         "cmic::net",
         "Check the Application ID URI in the scope; the API's app registration must exist in this tenant."),
     "scope"},
    {"501461",
     QT_TRANSLATE_NOOP("cmic::net", "Claims mapping (the cmicuser claim) needs acceptMappedClaims (AADSTS501461)."),
     QT_TRANSLATE_NOOP("cmic::net", "Set \"acceptMappedClaims\": true in the API app's manifest, and give it an "
                                    "Application ID URI on a verified domain."),
     "appId"},
    {"50146",
     QT_TRANSLATE_NOOP("cmic::net", "The application needs an app-specific signing key or acceptMappedClaims to emit "
                                    "mapped claims (AADSTS50146)."),
     QT_TRANSLATE_NOOP("cmic::net", "Set \"acceptMappedClaims\": true in the API app's manifest and use an Application "
                                    "ID URI on a verified domain."),
     "appId"},
    {"700024", QT_TRANSLATE_NOOP("cmic::net", "The client assertion is outside its valid time range (AADSTS700024)."),
     QT_TRANSLATE_NOOP("cmic::net", "Check this computer's clock; the assertion is valid for five minutes from now."),
     "tokenEndpoint"},
};

// SHA-256 of a credential through OpenSSL's one-shot digest, whose context (holding the last partial block of the
// secret) is wiped when it is freed; QCryptographicHash frees its context without wiping it.
QByteArray credentialDigest(QByteArrayView secret)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(secret.data(), size_t(secret.size()), digest, &length, EVP_sha256(), nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length));
}

QString clientAuthHint(const TokenRequest &request)
{
    switch (request.authMethod) {
    case ClientAuthMethod::ClientSecretBasic:
        return Tr::tr("The console sent client_secret_basic (id and secret form-encoded, RFC 6749 §2.3.1). If the IdP "
                      "expects the secret in the body, switch the registration to client_secret_post.");
    case ClientAuthMethod::ClientSecretPost:
        return Tr::tr("The console sent client_secret_post. If the IdP expects HTTP Basic, switch the registration to "
                      "client_secret_basic.");
    case ClientAuthMethod::PrivateKeyJwt: {
        // Which algorithm and kid were sent, and which the IdP offers: an IdP client registered for one signing
        // algorithm (token_endpoint_auth_signing_alg) refuses the others with a bare invalid_client.
        QString algorithm = request.signingAlgorithm;
        if (algorithm.isEmpty() && !request.credentialBytes().isEmpty()) {
            const QByteArrayView pem = request.credentialBytes();
            // fromRawData: the key is read in place, no copy of it is made.
            const JwtSigner signer = JwtSigner::fromPem(QByteArray::fromRawData(pem.data(), pem.size()));
            if (signer.isValid())
                algorithm = AssertionRules::effectiveAlgorithm(QString(), request.idpAlgorithms, signer.isRsa());
        }
        const QString kid = request.keyId.isEmpty() ? Tr::tr("no kid") : Tr::tr("kid \"%1\"").arg(elide(request.keyId));
        QString hint = algorithm.isEmpty()
                           ? Tr::tr("The console sent a private_key_jwt assertion (%1).").arg(kid)
                           : Tr::tr("The console sent a private_key_jwt assertion signed %1 (%2).").arg(algorithm, kid);
        hint += QLatin1Char(' ')
                + Tr::tr("Check that the IdP holds the matching public key (and kid) for this client, and that the "
                         "client's signing algorithm (token_endpoint_auth_signing_alg) is the one sent: if it is not, "
                         "set the registration's assertion algorithm to it");
        // The algorithms the IdP lists that the same key could sign instead.
        QStringList others;
        const bool rsa = algorithm != QLatin1String("ES256");
        for (const QString &listed : request.idpAlgorithms) {
            const bool rsaFamily = listed == QLatin1String("RS256") || listed == QLatin1String("PS256");
            if (listed != algorithm && (rsa ? rsaFamily : listed == QLatin1String("ES256")))
                others << listed;
        }
        if (others.isEmpty())
            return hint + QLatin1Char('.');
        return hint + QLatin1Char(' ') + Tr::tr("(the IdP also takes %1).").arg(others.join(QStringLiteral(", ")));
    }
    }
    return {};
}

// Entra's answers when it cannot find the assertion's certificate (AADSTS700027, AADSTS50027) or does not accept
// its header (AADSTS5002726): the fix names the thumbprint style to switch to, not the key.
bool certificateLookupHint(const QString &number, const TokenRequest &request, QString *message, QString *fix,
                           QString *field)
{
    const bool notFound = number == QLatin1String("700027") || number == QLatin1String("50027");
    const bool badHeader = number == QLatin1String("5002726");
    if (!notFound && !badHeader)
        return false;
    *field = QStringLiteral("assertionThumbprint");
    *message = notFound
                   ? Tr::tr("Microsoft Entra found no certificate registered on the application for the client "
                            "assertion's header (AADSTS%1).")
                         .arg(number)
                   : Tr::tr("Microsoft Entra did not accept the client assertion's header (AADSTS%1).").arg(number);
    switch (request.thumbprint) {
    case AssertionThumbprint::None:
        *fix =
            request.certificate.isEmpty()
                ? Tr::tr("The assertion carried no certificate thumbprint. Import the certificate uploaded to the app "
                         "registration (Certificates & secrets) and set the thumbprint to x5t#S256 (with PS256), "
                         "or x5t (with RS256).")
                : Tr::tr("The assertion carried no certificate thumbprint. Set the thumbprint to x5t#S256 (with "
                         "PS256), or x5t (with RS256).");
        break;
    case AssertionThumbprint::X5tS256:
        *fix =
            Tr::tr("The assertion carried x5t#S256. Set the thumbprint to x5t (SHA-1, with RS256), which older Entra "
                   "tenants expect, and check that this certificate is the one uploaded under Certificates & "
                   "secrets.");
        break;
    case AssertionThumbprint::X5t:
        *fix = Tr::tr("The assertion carried x5t. Set the thumbprint to x5t#S256 (SHA-256, with PS256), as Entra's "
                      "current documentation asks, and check that this certificate is the one uploaded under "
                      "Certificates & secrets.");
        break;
    }
    return true;
}

} // namespace

TokenRequest TokenRequest::forRegistration(const AppRegistration &registration, SecretBuffer credential)
{
    TokenRequest request;
    request.tokenEndpoint = QUrl(registration.tokenEndpoint.trimmed());
    request.clientId = registration.appId;
    request.authMethod = registration.authMethod;
    request.setCredential(std::move(credential));
    request.scope = registration.scope;
    request.audience = registration.audience;
    request.resource = registration.resource;
    request.subjectId = registration.id;
    request.signingAlgorithm = registration.assertionAlgorithm;
    request.keyId = registration.assertionKeyId.trimmed();
    request.certificate = registration.assertionCertificate.toUtf8();
    request.thumbprint = registration.assertionThumbprint;
    return request;
}

TokenClient::TokenClient(const HttpPolicy &policy, const Clock &clock) : m_policy(policy), m_clock(clock) {}

QString TokenClient::cacheKey(const TokenRequest &request)
{
    // The credential is hashed in so that a changed secret or key never reuses a token from the old one.
    const QByteArray credential = credentialDigest(request.credentialBytes()).toHex();
    return QStringList{request.tokenEndpoint.toString(QUrl::FullyEncoded),
                       request.clientId,
                       toString(request.authMethod),
                       request.scope,
                       request.audience,
                       request.resource,
                       request.signingAlgorithm,
                       request.keyId,
                       toString(request.thumbprint),
                       QString::fromLatin1(credential)}
        .join(QChar(0x1f));
}

QByteArray TokenClient::clientAssertion(const TokenRequest &request, QString *error, QString *errorField) const
{
    if (errorField)
        *errorField = QStringLiteral("authMethod");
    std::shared_ptr<const JwtSigner> cached;
    QByteArray digest;
    if (m_cacheEnabled) {
        digest = credentialDigest(request.credentialBytes());
        cached = m_signers.value(digest);
    }
    if (!cached) {
        // rawView: the PEM is read where it lies, in the request's buffer.
        auto decoded = std::make_shared<const JwtSigner>(
            JwtSigner::fromPem(request.credential ? request.credential->rawView() : QByteArray(), error));
        if (!decoded->isValid())
            return {};
        if (m_cacheEnabled) {
            if (m_signers.size() >= kMaxSigners)
                m_signers.clear();
            m_signers.insert(digest, decoded);
        }
        cached = std::move(decoded);
    }
    const JwtSigner &signer = *cached;
    const QString algorithm =
        AssertionRules::effectiveAlgorithm(request.signingAlgorithm, request.idpAlgorithms, signer.isRsa());
    if (!signer.supports(algorithm)) {
        if (error)
            *error = Tr::tr("The assertion algorithm is %1, but the private key is an %2 key, which signs %3.")
                         .arg(algorithm, signer.isRsa() ? QStringLiteral("RSA") : QStringLiteral("EC P-256"),
                              signer.isRsa() ? Tr::tr("PS256 or RS256") : QStringLiteral("ES256"));
        if (errorField)
            *errorField = QStringLiteral("assertionAlgorithm");
        return {};
    }
    QJsonObject header;
    if (request.thumbprint != AssertionThumbprint::None) {
        QString certificateError;
        const Certificate certificate = Certificate::fromPem(request.certificate, &certificateError);
        if (!certificate.isValid()) {
            if (error)
                *error = Tr::tr("The assertion header is to carry %1, but the certificate cannot be read: %2")
                             .arg(toString(request.thumbprint),
                                  request.certificate.isEmpty() ? Tr::tr("there is none.") : certificateError);
            if (errorField)
                *errorField = QStringLiteral("assertionCertificate");
            return {};
        }
        if (request.thumbprint == AssertionThumbprint::X5t)
            header.insert(QStringLiteral("x5t"), certificate.x5t());
        else
            header.insert(QStringLiteral("x5t#S256"), certificate.x5tS256());
    }
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QString audience = request.assertionAudience.isEmpty() ? request.tokenEndpoint.toString(QUrl::FullyEncoded)
                                                                 : request.assertionAudience;
    const QJsonObject claims{
        {QStringLiteral("iss"), request.clientId},
        {QStringLiteral("sub"), request.clientId},
        {QStringLiteral("aud"), audience},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("iat"), now},
        {QStringLiteral("nbf"), now},
        {QStringLiteral("exp"), now + 300},
    };
    return signer.sign(claims, algorithm, request.keyId, header, error);
}

HttpJob *TokenClient::request(const TokenRequest &request, std::function<void(const TokenResponse &)> done,
                              QObject *parent)
{
    const QString key = cacheKey(request);
    if (m_cacheEnabled) {
        const auto it = m_cache.constFind(key);
        if (it != m_cache.constEnd() && m_clock.now().secsTo(it->expiresAt) > kRefreshMarginSeconds) {
            TokenResponse cached = *it;
            cached.fromCache = true;
            cached.http = {};
            QTimer::singleShot(0, [done = std::move(done), cached] {
                if (done)
                    done(cached);
            });
            return nullptr;
        }
        m_cache.remove(key);
    }

    FormFields fields{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    FormFields after;      // the fields after the client's: scope, audience, resource
    QByteArray sentSecret; // shares the bytes that carry the secret with the job, to wipe them once it is answered
    HttpRequestSpec spec;
    spec.method = "POST";
    spec.url = request.tokenEndpoint;
    spec.followRedirects = false;
    spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    switch (request.authMethod) {
    case ClientAuthMethod::ClientSecretBasic:
        sentSecret = basicAuthorization(request.clientId, request.credentialBytes());
        spec.headers.append({"Authorization", sentSecret});
        spec.basicClientId = request.clientId;
        break;
    case ClientAuthMethod::ClientSecretPost: fields.append({QStringLiteral("client_id"), request.clientId}); break;
    case ClientAuthMethod::PrivateKeyJwt: {
        QString error;
        QString errorField;
        const QByteArray assertion = clientAssertion(request, &error, &errorField);
        if (assertion.isEmpty()) {
            TokenResponse failed;
            if (errorField == QLatin1String("authMethod")) {
                failed.findings << makeNetFinding(Severity::Error, QStringLiteral("token.assertion-key"), error,
                                                  Tr::tr("Store the client's PEM private key (RSA or P-256) in the "
                                                         "keychain entry for this registration."),
                                                  request.subjectId, errorField);
            } else if (errorField == QLatin1String("assertionAlgorithm")) {
                failed.findings << makeNetFinding(Severity::Error, QStringLiteral("token.assertion-algorithm"), error,
                                                  Tr::tr("Choose an assertion algorithm the key can sign, or store the "
                                                         "key the algorithm needs."),
                                                  request.subjectId, errorField);
            } else {
                failed.findings << makeNetFinding(Severity::Error, QStringLiteral("token.assertion-certificate"), error,
                                                  Tr::tr("Import the PEM certificate uploaded to the IdP for this key, "
                                                         "or set the thumbprint to none."),
                                                  request.subjectId, errorField);
            }
            QTimer::singleShot(0, [done = std::move(done), failed] {
                if (done)
                    done(failed);
            });
            return nullptr;
        }
        fields.append({QStringLiteral("client_id"), request.clientId});
        fields.append({QStringLiteral("client_assertion_type"),
                       QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")});
        fields.append({QStringLiteral("client_assertion"), QString::fromLatin1(assertion)});
        break;
    }
    }
    if (!request.scope.isEmpty())
        after.append({QStringLiteral("scope"), request.scope});
    if (!request.audience.isEmpty())
        after.append({QStringLiteral("audience"), request.audience});
    if (!request.resource.isEmpty())
        after.append({QStringLiteral("resource"), request.resource});
    if (request.authMethod == ClientAuthMethod::ClientSecretPost) {
        spec.body = formEncodeWithSecret(fields, QStringLiteral("client_secret"), request.credentialBytes(), after);
        sentSecret = spec.body;
    } else {
        spec.body = formEncode(fields + after);
    }

    return HttpClient(m_policy).start(
        spec,
        [this, alive = std::weak_ptr<int>(m_alive), request, key, sentSecret,
         done = std::move(done)](const HttpResult &http) {
            // The exchange is over, whatever its outcome: its connection is closed and nothing reads these bytes
            // any more (HttpJob runs in this thread and keeps no other copy; the socket's own buffer is Qt's).
            wipeInPlace(sentSecret);
            if (alive.expired())
                return;
            TokenResponse response = evaluate(http, request);
            if (response.ok && m_cacheEnabled)
                m_cache.insert(key, response);
            if (done)
                done(response);
        },
        parent);
}

TokenResponse TokenClient::requestBlocking(const TokenRequest &request)
{
    return waitForResult<TokenResponse>([&](auto callback) { this->request(request, callback); });
}

TokenResponse TokenClient::evaluate(const HttpResult &http, const TokenRequest &request) const
{
    TokenResponse response;
    response.http = http;
    response.obtainedAt = m_clock.now();
    const QJsonObject body = http.json.object();
    const QString field = QStringLiteral("tokenEndpoint");

    if (!http.ok && http.isHttpError() && body.contains(QLatin1String("error"))) {
        response.oauthError = body.value(QLatin1String("error")).toString();
        response.oauthErrorDescription = body.value(QLatin1String("error_description")).toString();
        response.findings =
            findingsForOAuthError(response.oauthError, response.oauthErrorDescription, http.status, request);
        return response;
    }
    if (!http.ok) {
        Finding finding = findingFromNetError(http, request.subjectId, field);
        if (http.isHttpError()) {
            finding.code = QStringLiteral("token.http-%1").arg(http.status);
            finding.message = Tr::tr("The token endpoint answered HTTP %1 without an OAuth error.").arg(http.status);
            finding.fix = http.status >= 500
                              ? Tr::tr("The IdP has a problem; try again later or ask its administrators.")
                              : Tr::tr("Check the token endpoint URL; the exchange details show the answer.");
        }
        response.findings << finding;
        return response;
    }
    response.accessToken = body.value(QLatin1String("access_token")).toString();
    response.tokenType = body.value(QLatin1String("token_type")).toString();
    response.scope = body.value(QLatin1String("scope")).toString();
    const QJsonValue expires = body.value(QLatin1String("expires_in"));
    response.expiresIn = expires.isString() ? expires.toString().toLongLong() : qint64(expires.toDouble());
    if (response.accessToken.isEmpty()) {
        response.findings << makeNetFinding(Severity::Error, QStringLiteral("token.no-access-token"),
                                            Tr::tr("The token endpoint answered 200 but without an access_token."),
                                            Tr::tr("Check that the URL is the IdP's token endpoint (not an authorize "
                                                   "or discovery URL)."),
                                            request.subjectId, field);
        return response;
    }
    if (response.tokenType.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
        response.findings << makeNetFinding(
            Severity::Warning, QStringLiteral("token.type"),
            Tr::tr("The token type is \"%1\", not Bearer.").arg(elide(response.tokenType)),
            Tr::tr("CMiC expects a Bearer token; check the IdP's client settings."), request.subjectId, field);
    }
    if (response.expiresIn <= 0) {
        response.expiresIn = 300;
        response.findings << makeNetFinding(
            Severity::Info, QStringLiteral("token.no-expires-in"),
            Tr::tr("The token response has no expires_in; the console assumes 5 minutes "
                   "(CMiC itself checks the token's exp claim)."),
            QString(), request.subjectId, field);
    }
    response.expiresAt = response.obtainedAt.addSecs(response.expiresIn);
    response.ok = true;
    return response;
}

Findings TokenClient::findingsForOAuthError(const QString &error, const QString &description, int status,
                                            const TokenRequest &request)
{
    Findings findings;
    const QString subject = request.subjectId;
    const QString said = description.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(elide(description, 300));
    QString code = QStringLiteral("token.") + (error.isEmpty() ? QStringLiteral("error") : elide(error, 64));
    QString message =
        Tr::tr("The IdP refused the token request with %1, HTTP %2%3.").arg(elide(error)).arg(status).arg(said);
    QString fix;
    QString field = QStringLiteral("tokenEndpoint");
    // invalid_client is a wrong secret or key far more often than an unknown client id: the link goes to the
    // credential's field (an IdP that says the client is unknown, e.g. AADSTS700016, gets the App ID below).
    const QString credentialField =
        formField(request.authMethod == ClientAuthMethod::PrivateKeyJwt ? CredentialKind::PrivateKey
                                                                        : CredentialKind::ClientSecret);
    if (error == QLatin1String("invalid_client")) {
        fix = Tr::tr("Check the client id and the secret or key in the keychain.") + QLatin1Char(' ')
              + clientAuthHint(request);
        field = credentialField;
    } else if (error == QLatin1String("unauthorized_client")) {
        fix = Tr::tr("Allow the client-credentials grant for this client in the IdP (e.g. enable service accounts, or "
                     "the Client Credentials grant type).");
        field = QStringLiteral("appId");
    } else if (error == QLatin1String("invalid_scope")) {
        fix = Tr::tr("Use a scope the IdP defines for this API; for Microsoft Entra that is the Application ID URI "
                     "followed by /.default.");
        field = QStringLiteral("scope");
    } else if (error == QLatin1String("invalid_target")) {
        fix = Tr::tr("The resource or audience is not known to the IdP; check the resource/audience parameter.");
        field = QStringLiteral("resource");
    } else if (error == QLatin1String("unsupported_grant_type")) {
        fix = Tr::tr("The endpoint does not support client credentials; check that it is the token endpoint of an "
                     "authorization server that offers this grant.");
    } else if (error == QLatin1String("invalid_request")) {
        fix = Tr::tr("A parameter is missing or malformed; the IdP's description above says which. Auth0 needs the "
                     "audience parameter.");
    } else if (error == QLatin1String("invalid_grant")) {
        fix = Tr::tr(
            "The grant was refused; for private_key_jwt check the assertion's audience and this computer's clock.");
    } else {
        fix = Tr::tr("See the IdP's description above and its documentation for this error.");
    }
    static const QRegularExpression aadsts(QStringLiteral("AADSTS(\\d+)"));
    const auto match = aadsts.match(description);
    if (match.hasMatch()) {
        const QString number = match.captured(1);
        if (certificateLookupHint(number, request, &message, &fix, &field))
            code = QStringLiteral("token.aadsts-") + number;
        for (const AadstsHint &hint : kAadsts) {
            if (code.startsWith(QLatin1String("token.aadsts-")))
                break;
            if (number == QLatin1String(hint.code)) {
                code = QStringLiteral("token.aadsts-") + number;
                message = Tr::tr(hint.message);
                fix = Tr::tr(hint.fix);
                field = hint.field ? QString::fromLatin1(hint.field) : credentialField;
                break;
            }
        }
    }
    findings << makeNetFinding(Severity::Error, code, message, fix, subject, field);
    return findings;
}

} // namespace cmic::net
