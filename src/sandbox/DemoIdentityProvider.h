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

    QString issuer() const; // base URL + "/idp", no trailing slash
    QUrl discoveryUrl() const;
    QUrl tokenEndpoint() const;
    QUrl jwksUri() const;

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
    void setEntraMode(bool on) { m_entraMode = on; }
    bool entraMode() const { return m_entraMode; }

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
    int m_tokenRequests = 0;
    int m_jwksRequests = 0;
};

} // namespace cmic::sandbox
