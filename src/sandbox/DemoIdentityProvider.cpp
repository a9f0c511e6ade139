#include "DemoIdentityProvider.h"

#include "SandboxHttpServer.h"
#include "SandboxLog.h"

#include "core/jose/Algorithm.h"
#include "core/jose/Base64Url.h"
#include "core/jose/Jwk.h"
#include "core/jose/SignatureVerifier.h"
#include "core/net/Certificate.h"
#include "core/net/FormEncoding.h"
#include "core/net/JwtSigner.h"
#include "core/util/Clock.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace cmic::sandbox {

using net::JwtSigner;

struct DemoIdentityProvider::Key
{
    JwtSigner signer;
    QString kid;
};

namespace {

SandboxResponse oauthError(int status, const QString &error, const QString &description)
{
    const QJsonObject body{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
    SandboxResponse response = SandboxResponse::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (status == 401)
        response.setHeader("WWW-Authenticate", "Basic realm=\"demo-idp\"");
    return response;
}

QJsonObject decodeSegment(const QByteArray &segment)
{
    const auto bytes = jose::Base64Url::decode(segment);
    return bytes ? QJsonDocument::fromJson(*bytes).object() : QJsonObject();
}

} // namespace

DemoIdentityProvider::DemoIdentityProvider(const Clock &clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_server(std::make_unique<SandboxHttpServer>())
{
    auto rsa = std::make_shared<Key>();
    rsa->signer = JwtSigner::generateRsa(2048);
    rsa->kid = QStringLiteral("demo-rsa-1");
    m_ecKey = std::make_shared<Key>();
    m_ecKey->signer = JwtSigner::generateEc();
    m_ecKey->kid = QStringLiteral("demo-ec-1");
    m_keys = {rsa, m_ecKey};
    m_server->setHandler(
        [this](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) { handle(request, respond); });
}

DemoIdentityProvider::~DemoIdentityProvider() = default;

bool DemoIdentityProvider::start(const QSslConfiguration *tls, QString *error)
{
    return m_server->listen(0, tls, error);
}

void DemoIdentityProvider::stop() { m_server->close(); }

QString DemoIdentityProvider::plainIssuer() const { return m_server->baseUrl().toString() + QStringLiteral("/idp"); }

QString DemoIdentityProvider::issuer() const { return m_entraMode ? entraIssuer(m_entraVersion) : plainIssuer(); }

QUrl DemoIdentityProvider::discoveryUrl() const
{
    if (m_entraMode)
        return entraDiscoveryUrl(m_entraVersion);
    return QUrl(plainIssuer() + QStringLiteral("/.well-known/openid-configuration"));
}

QUrl DemoIdentityProvider::tokenEndpoint() const
{
    return m_entraMode ? entraTokenEndpoint(m_entraVersion) : QUrl(plainIssuer() + QStringLiteral("/token"));
}

QUrl DemoIdentityProvider::jwksUri() const
{
    return m_entraMode ? entraJwksUri(m_entraVersion) : QUrl(plainIssuer() + QStringLiteral("/jwks"));
}

QString DemoIdentityProvider::entraIssuer(EntraTokenVersion version) const
{
    const QString tenant = plainIssuer() + QLatin1Char('/') + m_entraTenant;
    return version == EntraTokenVersion::V1 ? QString(tenant + QLatin1Char('/'))
                                            : QString(tenant + QStringLiteral("/v2.0"));
}

QUrl DemoIdentityProvider::entraDiscoveryUrl(EntraTokenVersion version) const
{
    const QString tenant = plainIssuer() + QLatin1Char('/') + m_entraTenant;
    return QUrl(tenant + (version == EntraTokenVersion::V1 ? QString() : QStringLiteral("/v2.0"))
                + QStringLiteral("/.well-known/openid-configuration"));
}

QUrl DemoIdentityProvider::entraTokenEndpoint(EntraTokenVersion version) const
{
    const QString tenant = plainIssuer() + QLatin1Char('/') + m_entraTenant;
    return QUrl(
        tenant
        + (version == EntraTokenVersion::V1 ? QStringLiteral("/oauth2/token") : QStringLiteral("/oauth2/v2.0/token")));
}

QUrl DemoIdentityProvider::entraJwksUri(EntraTokenVersion version) const
{
    // As Entra: v1 discovery names the common keys, v2 discovery the tenant's (the same keys).
    if (version == EntraTokenVersion::V1)
        return QUrl(plainIssuer() + QStringLiteral("/common/discovery/keys"));
    return QUrl(plainIssuer() + QLatin1Char('/') + m_entraTenant + QStringLiteral("/discovery/v2.0/keys"));
}

void DemoIdentityProvider::addClient(const DemoClient &client)
{
    m_clients.removeIf([&](const DemoClient &existing) { return existing.clientId == client.clientId; });
    m_clients.append(client);
    m_clientKeys.remove(client.clientId);
}

void DemoIdentityProvider::removeClients()
{
    m_clients.clear();
    m_clientKeys.clear();
}

const DemoClient *DemoIdentityProvider::client(const QString &clientId) const
{
    for (const DemoClient &candidate : m_clients) {
        if (candidate.clientId == clientId)
            return &candidate;
    }
    return nullptr;
}

void DemoIdentityProvider::rotateKeys(bool dropOld)
{
    auto fresh = std::make_shared<Key>();
    fresh->signer = JwtSigner::generateRsa(2048);
    fresh->kid = QStringLiteral("demo-rsa-%1").arg(++m_rotations);
    if (dropOld)
        m_keys.removeIf([this](const std::shared_ptr<Key> &key) { return key != m_ecKey; });
    m_keys.prepend(fresh);
}

QString DemoIdentityProvider::currentKid() const
{
    return m_algorithm == QLatin1String("ES256") ? m_ecKey->kid : m_keys.first()->kid;
}

QStringList DemoIdentityProvider::publishedKids() const
{
    QStringList kids;
    for (const auto &key : m_keys)
        kids << key->kid;
    return kids;
}

QByteArray DemoIdentityProvider::jwksDocument() const
{
    QJsonArray keys;
    for (const auto &key : m_keys)
        keys.append(key->signer.publicJwk(key->kid, key->signer.isRsa() ? QString() : QStringLiteral("ES256")));
    return QJsonDocument(QJsonObject{{QStringLiteral("keys"), keys}}).toJson(QJsonDocument::Compact);
}

QByteArray DemoIdentityProvider::issueToken(const DemoClient &client, const QHostAddress &caller, const QString &scope,
                                            const QString &audience) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const qint64 issuedAt = m_fault == IdpFault::ExpiredToken ? now - 2 * 3600 : now;
    const qint64 expires = m_fault == IdpFault::ExpiredToken ? now - 3600 : now + m_lifetime;
    QJsonObject claims{
        {QStringLiteral("iss"), m_fault == IdpFault::WrongIssuer ? issuer() + QStringLiteral("/other") : issuer()},
        {QStringLiteral("sub"), client.clientId},
        {QStringLiteral("aud"), audience.isEmpty() ? m_defaultAudience : audience},
        {QStringLiteral("client_id"), client.clientId},
        {QStringLiteral("azp"), client.clientId},
        {QStringLiteral("appid"), client.clientId},
        {QStringLiteral("iat"), issuedAt},
        {QStringLiteral("nbf"), issuedAt},
        {QStringLiteral("exp"), expires},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    if (!scope.isEmpty())
        claims.insert(QStringLiteral("scope"), scope);
    if (!client.cmicUser.isEmpty())
        claims.insert(m_userClaim, client.cmicUser);
    if (client.emitIpaddr && !caller.isNull()) {
        QHostAddress address = caller;
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        claims.insert(QStringLiteral("ipaddr"), isV4 ? QHostAddress(v4).toString() : address.toString());
    }
    if (m_entraMode) {
        // Entra's own claims instead of the generic ones; the service-user claim and ipaddr stay.
        const QJsonObject entra = entraClaims(client, scope, audience);
        for (const char *generic : {"client_id", "azp", "appid", "scope", "aud", "sub"})
            claims.remove(QLatin1String(generic));
        for (auto it = entra.constBegin(); it != entra.constEnd(); ++it)
            claims.insert(it.key(), it.value());
        if (m_fault == IdpFault::WrongIssuer)
            claims.insert(QStringLiteral("iss"), issuer().endsWith(QLatin1Char('/'))
                                                     ? QString(issuer() + QStringLiteral("other/"))
                                                     : QString(issuer() + QStringLiteral("/other")));
    }
    for (auto it = client.extraClaims.constBegin(); it != client.extraClaims.constEnd(); ++it)
        claims.insert(it.key(), it.value());
    if (m_fault == IdpFault::MissingClaim)
        claims.remove(m_missingClaim);

    const Key &key = m_algorithm == QLatin1String("ES256") ? *m_ecKey : *m_keys.first();
    const QString kid = m_fault == IdpFault::UnknownKid ? QStringLiteral("demo-unknown-kid") : key.kid;
    QByteArray token = key.signer.sign(claims, m_algorithm, kid);
    if (m_fault == IdpFault::BadSignature && !token.isEmpty()) {
        // Change the signature without breaking its base64url form.
        const qsizetype at = token.lastIndexOf('.') + 2;
        token[at] = token.at(at) == 'A' ? 'B' : 'A';
    }
    return token;
}

QJsonObject DemoIdentityProvider::entraClaims(const DemoClient &client, const QString &scope,
                                              const QString &audience) const
{
    // The resource: an explicit audience/resource, else the App ID URI of a "<App ID URI>/.default" scope.
    QString resource = audience;
    if (resource.isEmpty()) {
        for (const QString &requested : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (requested.endsWith(QLatin1String("/.default"))) {
                resource = requested.chopped(int(qstrlen("/.default")));
                break;
            }
        }
    }
    if (resource.isEmpty())
        resource = m_defaultAudience;
    const bool v1 = m_entraVersion == EntraTokenVersion::V1;
    QString aud = resource;
    // v2 tokens name the API by its application id, whatever App ID URI the scope used.
    if (!v1 && (resource == m_defaultAudience || resource == QString(QStringLiteral("api://") + m_entraApiAppId)))
        aud = m_entraApiAppId;
    // The service principal's object id: stable per client, as Entra's is per application and tenant.
    const QString oid =
        QUuid::createUuidV5(QUuid::fromString(m_entraTenant), client.clientId).toString(QUuid::WithoutBraces);
    const QString credential =
        client.authMethod == ClientAuthMethod::PrivateKeyJwt ? QStringLiteral("2") : QStringLiteral("1");
    QJsonObject claims{
        {QStringLiteral("iss"), entraIssuer(m_entraVersion)},
        {QStringLiteral("aud"), aud},
        {QStringLiteral("idp"), entraIssuer(EntraTokenVersion::V1)},
        {QStringLiteral("oid"), oid},
        {QStringLiteral("sub"), oid},
        {QStringLiteral("tid"), m_entraTenant},
        {QStringLiteral("uti"), QString::fromLatin1(QUuid::createUuid().toRfc4122().toBase64(
                                    QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))},
        {QStringLiteral("ver"), v1 ? QStringLiteral("1.0") : QStringLiteral("2.0")},
    };
    claims.insert(v1 ? QStringLiteral("appid") : QStringLiteral("azp"), client.clientId);
    claims.insert(v1 ? QStringLiteral("appidacr") : QStringLiteral("azpacr"), credential);
    return claims;
}

bool DemoIdentityProvider::verifyAssertion(const DemoClient &client, const QByteArray &assertion, QString *why) const
{
    const QList<QByteArray> parts = assertion.split('.');
    if (parts.size() != 3) {
        *why = QStringLiteral("client_assertion is not a compact JWS");
        return false;
    }
    const QJsonObject header = decodeSegment(parts.at(0));
    const QJsonObject claims = decodeSegment(parts.at(1));
    const auto algorithm = jose::algorithmFromName(header.value(QLatin1String("alg")).toString());
    if (m_entraMode) {
        // As Entra: the certificate is found by the header's SHA-256 thumbprint, then the signature is checked with
        // its key. Entra's text, with what this tenant would have needed.
        const net::Certificate certificate = net::Certificate::fromPem(client.certificatePem);
        const QString sent = header.value(QLatin1String("x5t#S256")).toString();
        const QString notRegistered = QStringLiteral(
            "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on "
            "application. [Reason - The key was not found., Thumbprint of key used by client: '%1', Please visit the "
            "Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '%2'.]");
        if (!certificate.isValid() || sent.isEmpty() || sent != certificate.x5tS256()) {
            QString used = sent;
            if (used.isEmpty())
                used = header.value(QLatin1String("x5t")).toString();
            *why = notRegistered.arg(used.isEmpty() ? QStringLiteral("none") : used, client.clientId);
            return false;
        }
        const auto signature = jose::Base64Url::decode(parts.at(2));
        const QByteArray input = parts.at(0) + '.' + parts.at(1);
        QString detail;
        if (!algorithm || !signature
            || !jose::SignatureVerifier::verify(*algorithm, certificate.publicKey(), input, *signature, &detail)) {
            *why = QStringLiteral("AADSTS700027: Client assertion failed signature validation.");
            return false;
        }
        return checkAssertionClaims(client, claims, why);
    }
    std::shared_ptr<const jose::Jwk> &slot = m_clientKeys[client.clientId];
    if (!slot)
        slot = std::make_shared<const jose::Jwk>(jose::Jwk::fromJson(client.publicJwk));
    const jose::Jwk &key = *slot;
    const auto signature = jose::Base64Url::decode(parts.at(2));
    if (!algorithm || !key.usable() || !key.fits(*algorithm, why) || !signature) {
        if (why->isEmpty())
            *why = QStringLiteral("client_assertion alg or key not usable");
        return false;
    }
    const QByteArray input = parts.at(0) + '.' + parts.at(1);
    if (!jose::SignatureVerifier::verify(*algorithm, key.pkey(), input, *signature, why))
        return false;
    return checkAssertionClaims(client, claims, why);
}

bool DemoIdentityProvider::checkAssertionClaims(const DemoClient &client, const QJsonObject &claims, QString *why) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QString audience = claims.value(QLatin1String("aud")).toString();
    if (claims.value(QLatin1String("iss")).toString() != client.clientId
        || claims.value(QLatin1String("sub")).toString() != client.clientId) {
        *why = QStringLiteral("client_assertion iss and sub must be the client_id");
        return false;
    }
    const QStringList accepted{tokenEndpoint().toString(),
                               plainIssuer() + QStringLiteral("/token"),
                               entraTokenEndpoint(EntraTokenVersion::V1).toString(),
                               entraTokenEndpoint(EntraTokenVersion::V2).toString(),
                               issuer(),
                               plainIssuer()};
    if (!accepted.contains(audience)) {
        *why = QStringLiteral("client_assertion aud must be the token endpoint or the issuer");
        return false;
    }
    if (claims.value(QLatin1String("exp")).toInteger() + 60 < now) {
        *why = QStringLiteral("client_assertion has expired");
        return false;
    }
    return true;
}

SandboxResponse DemoIdentityProvider::tokenEndpointAnswer(const SandboxRequest &request)
{
    ++m_tokenRequests;
    if (request.method != "POST")
        return oauthError(405, QStringLiteral("invalid_request"),
                          QStringLiteral("the token endpoint accepts POST only"));
    if (m_fault == IdpFault::ServerError)
        return SandboxResponse::text(500, "text/plain", "demo IdP: internal error (fault mode)");
    if (m_fault == IdpFault::HtmlErrorPage) {
        return SandboxResponse::text(200, "text/html; charset=utf-8",
                                     "<!DOCTYPE html><html><head><title>Sign in to continue</title></head>"
                                     "<body><h1>Proxy authentication required</h1></body></html>");
    }
    const net::FormFields fields = net::formDecodeFields(request.body);
    if (net::formValue(fields, QStringLiteral("grant_type")) != QLatin1String("client_credentials")) {
        return oauthError(400, QStringLiteral("unsupported_grant_type"),
                          QStringLiteral("only client_credentials is supported"));
    }
    QString clientId;
    QString secret;
    ClientAuthMethod used = ClientAuthMethod::ClientSecretPost;
    const QByteArray authorization = request.header("authorization");
    const QString assertion = net::formValue(fields, QStringLiteral("client_assertion"));
    if (!authorization.isEmpty()) {
        if (!net::parseBasicAuthorization(authorization, &clientId, &secret))
            return oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("malformed Basic credentials"));
        used = ClientAuthMethod::ClientSecretBasic;
    } else if (!assertion.isEmpty()) {
        used = ClientAuthMethod::PrivateKeyJwt;
        clientId = net::formValue(fields, QStringLiteral("client_id"));
        if (clientId.isEmpty())
            clientId = decodeSegment(assertion.section(QLatin1Char('.'), 1, 1).toLatin1())
                           .value(QLatin1String("sub"))
                           .toString();
        if (net::formValue(fields, QStringLiteral("client_assertion_type"))
            != QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            return oauthError(400, QStringLiteral("invalid_request"),
                              QStringLiteral("unsupported client_assertion_type"));
    } else {
        clientId = net::formValue(fields, QStringLiteral("client_id"));
        secret = net::formValue(fields, QStringLiteral("client_secret"));
    }
    const DemoClient *registered = client(clientId);
    if (!registered)
        return oauthError(401, QStringLiteral("invalid_client"),
                          QStringLiteral("client authentication failed: unknown client"));
    if (registered->authMethod != used) {
        return oauthError(401, QStringLiteral("invalid_client"),
                          QStringLiteral("client authentication failed: this client is registered for %1")
                              .arg(toString(registered->authMethod)));
    }
    if (used == ClientAuthMethod::PrivateKeyJwt) {
        QString why;
        if (!verifyAssertion(*registered, assertion.toLatin1(), &why))
            return oauthError(
                401, QStringLiteral("invalid_client"),
                why.startsWith(QLatin1String("AADSTS")) ? why : QStringLiteral("invalid client_assertion: ") + why);
    } else if (secret != registered->secret) {
        return oauthError(401, QStringLiteral("invalid_client"),
                          QStringLiteral("client authentication failed: wrong secret"));
    }
    const QString scope = net::formValue(fields, QStringLiteral("scope"));
    if (!registered->allowedScopes.isEmpty()) {
        for (const QString &requested : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!registered->allowedScopes.contains(requested))
                return oauthError(400, QStringLiteral("invalid_scope"),
                                  QStringLiteral("scope '%1' is not allowed").arg(requested));
        }
    }
    QString audience = net::formValue(fields, QStringLiteral("audience"));
    if (audience.isEmpty())
        audience = net::formValue(fields, QStringLiteral("resource"));
    const QByteArray token = issueToken(*registered, request.peerAddress, scope, audience);
    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(token)},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("expires_in"), m_lifetime}};
    if (!scope.isEmpty())
        body.insert(QStringLiteral("scope"), scope);
    return SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QByteArray DemoIdentityProvider::discoveryDocument(const QString &issuer, const QUrl &tokenEndpoint,
                                                   const QUrl &jwksUri) const
{
    const QJsonObject document{
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("token_endpoint"), tokenEndpoint.toString()},
        {QStringLiteral("jwks_uri"), jwksUri.toString()},
        {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("token")}},
        {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")}},
        {QStringLiteral("id_token_signing_alg_values_supported"),
         QJsonArray{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                    QStringLiteral("private_key_jwt")}},
        {QStringLiteral("token_endpoint_auth_signing_alg_values_supported"),
         QJsonArray{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")}},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

void DemoIdentityProvider::handle(const SandboxRequest &request,
                                  const std::function<void(const SandboxResponse &)> &respond)
{
    SandboxResponse response;
    const QString path = request.path;
    const auto is = [&path](const QUrl &url) { return path == url.path(); };
    const EntraTokenVersion v1 = EntraTokenVersion::V1;
    const EntraTokenVersion v2 = EntraTokenVersion::V2;
    if (path == QLatin1String("/idp/.well-known/openid-configuration")) {
        response = SandboxResponse::json(200, discoveryDocument(issuer(), tokenEndpoint(), jwksUri()));
        response.setHeader("Cache-Control", "max-age=300");
    } else if (m_entraMode && (is(entraDiscoveryUrl(v1)) || is(entraDiscoveryUrl(v2)))) {
        // Each version's document names its own issuer and endpoints, as Entra's two documents do.
        const EntraTokenVersion version = is(entraDiscoveryUrl(v1)) ? v1 : v2;
        response = SandboxResponse::json(
            200, discoveryDocument(entraIssuer(version), entraTokenEndpoint(version), entraJwksUri(version)));
        response.setHeader("Cache-Control", "max-age=300");
    } else if (path == QLatin1String("/idp/jwks") || (m_entraMode && (is(entraJwksUri(v1)) || is(entraJwksUri(v2))))) {
        ++m_jwksRequests;
        const QByteArray body = jwksDocument();
        const QByteArray etag = '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(16) + '"';
        if (request.header("if-none-match") == etag) {
            response = SandboxResponse::text(304, "application/json", {});
        } else {
            response = SandboxResponse::json(200, body);
            response.setHeader("Content-Type", "application/jwk-set+json");
        }
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "public, max-age=" + QByteArray::number(m_jwksMaxAge));
    } else if (path == QLatin1String("/idp/token")
               || (m_entraMode && (is(entraTokenEndpoint(v1)) || is(entraTokenEndpoint(v2))))) {
        response = tokenEndpointAnswer(request);
    } else {
        response = oauthError(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint on the demo IdP"));
    }
    response.delayMs = m_fault == IdpFault::Slow ? m_slowMs : m_latencyMs;
    qCDebug(lcSandbox) << "demo IdP" << request.method << path << response.status;
    respond(response);
}

} // namespace cmic::sandbox
