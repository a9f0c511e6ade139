#pragma once

#include "core/model/ModelEnums.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class QSslConfiguration;

namespace cmic::jose {
class Jwk;
}

namespace cmic {
class Clock;
}

namespace cmic::sandbox {

class SandboxHttpServer;
struct SandboxRequest;
struct SandboxResponse;

// Faults the demo IdP can be told to show, one at a time, for tests and demonstrations.
enum class IdpFault {
    None,
    Slow,          // answers every request after slowMs()
    ServerError,   // token endpoint answers 500
    WrongIssuer,   // tokens carry an issuer other than the discovery document's
    ExpiredToken,  // tokens expired an hour ago
    MissingClaim,  // tokens lack missingClaim() (default "cmicuser")
    BadSignature,  // token signatures do not verify
    UnknownKid,    // tokens name a kid the JWKS does not contain
    HtmlErrorPage, // token endpoint answers an HTML page with 200, as a captive proxy would
};

// The access token shape of the Entra-like mode: which version the API's manifest asks for (Entra's
// requestedAccessTokenVersion). Both versions' endpoints answer either way, as Entra's do.
enum class EntraTokenVersion {
    V1, // iss "<base>/idp/<tenant>/" (as https://sts.windows.net/<tenant>/), appid, ver "1.0", aud the App ID URI
    V2, // iss "<base>/idp/<tenant>/v2.0", azp, ver "2.0", aud the API's application id
};

struct DemoClient
{
    QString clientId;
    ClientAuthMethod authMethod = ClientAuthMethod::ClientSecretBasic;
    QString secret;                 // client_secret_basic / client_secret_post
    QJsonObject publicJwk;          // private_key_jwt: the client's public key
    QString cmicUser;               // the service-user claim value; empty: no claim
    QStringList allowedScopes;      // empty: any scope
    QJsonObject extraClaims;        // merged into every token, overriding the defaults
    bool emitIpaddr = true;         // ipaddr = the caller's address, as Entra does when configured
    QByteArray certificatePem = {}; // private_key_jwt in Entra mode: the certificate uploaded for the client (PEM)
};

// A local OpenID Provider for client credentials: discovery, JWKS (an RSA and an EC key), a token endpoint with
// client_secret_basic (RFC 6749 §2.3.1 form-decoding), client_secret_post and private_key_jwt (RFC 7523),
// JWT access tokens with configurable claims, key rotation and fault modes. Product code: `--demo` runs it.
class DemoIdentityProvider : public QObject
{
    Q_OBJECT
public:
    explicit DemoIdentityProvider(const Clock &clock, QObject *parent = nullptr);
    ~DemoIdentityProvider() override;

    // Loopback only; plain HTTP, or HTTPS with |tls|.
    bool start(const QSslConfiguration *tls = nullptr, QString *error = nullptr);
    void stop();

    // Base URL + "/idp", no trailing slash; in Entra mode the chosen token version's issuer (entraIssuer()).
    QString issuer() const;
    // The discovery document, token endpoint and JWKS of issuer(); in Entra mode laid out as Entra's: v1
    // "<tenant>/.well-known/openid-configuration", "<tenant>/oauth2/token", "common/discovery/keys"; v2
    // "<tenant>/v2.0/.well-known/openid-configuration", "<tenant>/oauth2/v2.0/token", "<tenant>/discovery/v2.0/keys"
    // (all under <base>/idp/). The plain mode's /idp/token and /idp/jwks answer in either mode.
    QUrl discoveryUrl() const;
    QUrl tokenEndpoint() const;
    QUrl jwksUri() const;
    // One Entra version's issuer and endpoints, whichever version tokens currently have.
    QString entraIssuer(EntraTokenVersion version) const;
    QUrl entraDiscoveryUrl(EntraTokenVersion version) const;
    QUrl entraTokenEndpoint(EntraTokenVersion version) const;
    QUrl entraJwksUri(EntraTokenVersion version) const;

    void addClient(const DemoClient &client);
    void removeClients();
    const QList<DemoClient> &clients() const { return m_clients; }

    void setFault(IdpFault fault) { m_fault = fault; }
    IdpFault fault() const { return m_fault; }
    void setMissingClaim(const QString &claim) { m_missingClaim = claim; }
    void setSlowMs(int ms) { m_slowMs = ms; }
    // Every answer waits this long, as a remote IdP's round trip would (benchmarks); 0 by default.
    void setLatencyMs(int ms) { m_latencyMs = ms; }
    void setSigningAlgorithm(const QString &algorithm) { m_algorithm = algorithm; } // RS256, PS256, ES256
    void setTokenLifetimeSeconds(int seconds) { m_lifetime = seconds; }
    void setDefaultAudience(const QString &audience) { m_defaultAudience = audience; }
    QString defaultAudience() const { return m_defaultAudience; }
    void setUserClaimName(const QString &name) { m_userClaim = name; }
    void setJwksMaxAge(int seconds) { m_jwksMaxAge = seconds; }
    // Entra-like certificate credentials: private_key_jwt needs a certificate registered for the client
    // (DemoClient::certificatePem) and the assertion header's x5t#S256 naming it; the signature is checked with the
    // certificate's key. An assertion with x5t only, no thumbprint or another certificate's is refused as Entra
    // does: invalid_client, "AADSTS700027: ...". Off by default.
    //
    // Tokens then have Entra's shape (entraTokenVersion()): v1 with iss "<base>/idp/<tenant>/", appid, appidacr,
    // ver "1.0", aud the App ID URI the scope names ("api://x/.default" gives "api://x"), tid, oid, sub = oid, idp,
    // uti and ipaddr when the client emits it; v2 with iss "<base>/idp/<tenant>/v2.0", azp, azpacr, ver "2.0" and
    // aud the API's application id (entraApiAppId()). No client_id, no scope claim (app tokens carry roles).
    void setEntraMode(bool on) { m_entraMode = on; }
    bool entraMode() const { return m_entraMode; }
    void setEntraTokenVersion(EntraTokenVersion version) { m_entraVersion = version; }
    EntraTokenVersion entraTokenVersion() const { return m_entraVersion; }
    void setEntraTenant(const QString &tenant) { m_entraTenant = tenant; }
    QString entraTenant() const { return m_entraTenant; }
    void setEntraApiAppId(const QString &appId) { m_entraApiAppId = appId; }
    QString entraApiAppId() const { return m_entraApiAppId; }

    // A new RSA signing key becomes current; the previous one stays published unless |dropOld|.
    void rotateKeys(bool dropOld = false);
    QString currentKid() const;
    QStringList publishedKids() const;

    int tokenRequests() const { return m_tokenRequests; }
    int jwksRequests() const { return m_jwksRequests; }
    SandboxHttpServer *server() const { return m_server.get(); }

    // Signs a token for |client| as the token endpoint would (for tests and the CLI).
    QByteArray issueToken(const DemoClient &client, const QHostAddress &caller, const QString &scope = {},
                          const QString &audience = {}) const;

private:
    struct Key;
    void handle(const SandboxRequest &request, const std::function<void(const SandboxResponse &)> &respond);
    SandboxResponse tokenEndpointAnswer(const SandboxRequest &request);
    QByteArray jwksDocument() const;
    const DemoClient *client(const QString &clientId) const;
    bool verifyAssertion(const DemoClient &client, const QByteArray &assertion, QString *why) const;
    bool checkAssertionClaims(const DemoClient &client, const QJsonObject &claims, QString *why) const;
    QJsonObject entraClaims(const DemoClient &client, const QString &scope, const QString &audience) const;
    QByteArray discoveryDocument(const QString &issuer, const QUrl &tokenEndpoint, const QUrl &jwksUri) const;
    QString plainIssuer() const;

    const Clock &m_clock;
    std::unique_ptr<SandboxHttpServer> m_server;
    QList<DemoClient> m_clients;
    // private_key_jwt: each client's public key, decoded from its JWK on first use (as an IdP keeps it).
    mutable QHash<QString, std::shared_ptr<const jose::Jwk>> m_clientKeys;
    QList<std::shared_ptr<Key>> m_keys; // published; m_keys.first() is the current RSA key
    std::shared_ptr<Key> m_ecKey;
    int m_rotations = 1;
    IdpFault m_fault = IdpFault::None;
    QString m_missingClaim = QStringLiteral("cmicuser");
    QString m_userClaim = QStringLiteral("cmicuser");
    int m_slowMs = 3000;
    int m_latencyMs = 0;
    QString m_algorithm = QStringLiteral("RS256");
    int m_lifetime = 3600;
    QString m_defaultAudience = QStringLiteral("api://cmic-demo");
    int m_jwksMaxAge = 300;
    bool m_entraMode = false;
    EntraTokenVersion m_entraVersion = EntraTokenVersion::V1;
    QString m_entraTenant = QStringLiteral("5d2f8c1e-7a4b-4c39-9e61-0b8a3f6d2c47");
    QString m_entraApiAppId = QStringLiteral("3b9e4a71-2c58-4f0d-8d16-a7c5e2f90b34");
    int m_tokenRequests = 0;
    int m_jwksRequests = 0;
};

} // namespace cmic::sandbox
