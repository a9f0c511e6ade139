#pragma once

#include "HttpResult.h"

#include "core/model/ModelEnums.h"
#include "core/rules/Finding.h"
#include "core/storage/SecretBuffer.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <functional>
#include <memory>

class QObject;

namespace cmic {
class Clock;
struct AppRegistration;
} // namespace cmic

namespace cmic::net {

class HttpJob;
class JwtSigner;
class HttpPolicy;

struct TokenRequest
{
    QUrl tokenEndpoint;
    QString clientId;
    ClientAuthMethod authMethod = ClientAuthMethod::ClientSecretBasic;
    // The client secret (client_secret_basic / client_secret_post) or the PEM private key (private_key_jwt), as
    // bytes, in one SecretBuffer that the copies of this request share (a request is copied into its exchange's
    // callback) and that wipes itself when the last copy goes. From the keychain or the command line, never stored.
    std::shared_ptr<const SecretBuffer> credential;
    QString keyId;             // "kid" of the assertion header, optional
    QString signingAlgorithm;  // RS256 / PS256 / ES256; empty: ES256 for EC keys, RS256 for RSA keys or PS256 when
                               // idpAlgorithms has it but not RS256 (AssertionRules::effectiveAlgorithm)
    QStringList idpAlgorithms; // discovery's token_endpoint_auth_signing_alg_values_supported, when known
    QByteArray certificate;    // PEM of the public certificate, for the header thumbprint
    AssertionThumbprint thumbprint = AssertionThumbprint::None; // "x5t" / "x5t#S256" in the assertion header
    QString assertionAudience; // "aud" of the client assertion; empty: the token endpoint URL
    QString scope;
    QString audience;
    QString resource;
    QString subjectId; // the registration, for findings

    void setCredential(SecretBuffer secret) { credential = std::make_shared<const SecretBuffer>(std::move(secret)); }
    QByteArrayView credentialBytes() const { return credential ? credential->view() : QByteArrayView(); }

    // The request a registration describes; |credential| is the client secret or, for private_key_jwt, the PEM
    // private key, as read from the SecretStore. The buffer moves into the request: no copy is made.
    static TokenRequest forRegistration(const AppRegistration &registration, SecretBuffer credential);
};

struct TokenResponse
{
    bool ok = false;
    QString accessToken; // in memory only
    QString tokenType;
    qint64 expiresIn = 0;
    QDateTime obtainedAt;
    QDateTime expiresAt;
    QString scope;
    bool fromCache = false;
    QString oauthError; // "invalid_client", ... when the IdP answered an OAuth error
    QString oauthErrorDescription;
    Findings findings;
    HttpResult http; // empty when served from the cache
};

// Client-credentials tokens (RFC 6749 §4.4): client_secret_basic with §2.3.1 form-encoding of id and secret,
// client_secret_post, private_key_jwt (RFC 7523). Tokens are cached per (endpoint, client, method, scope,
// audience, resource, credential) until kRefreshMarginSeconds before they expire; there is no refresh token.
class TokenClient
{
public:
    static constexpr int kRefreshMarginSeconds = 60;

    TokenClient(const HttpPolicy &policy, const Clock &clock);

    // nullptr when answered from the cache (the callback then runs from the event loop).
    HttpJob *request(const TokenRequest &request, std::function<void(const TokenResponse &)> done,
                     QObject *parent = nullptr);
    TokenResponse requestBlocking(const TokenRequest &request);

    // Off: every request fetches a new token and decodes the private_key_jwt key from its PEM again.
    void setCacheEnabled(bool enabled) { m_cacheEnabled = enabled; }
    void clearCache()
    {
        m_cache.clear();
        m_signers.clear();
    }
    int cacheSize() const { return int(m_cache.size()); }
    int cachedKeyCount() const { return int(m_signers.size()); } // decoded private_key_jwt keys held

    // The client assertion a private_key_jwt request sends (public for tests). Empty and *error on failure, with
    // *errorField the registration member to fix ("authMethod" for the key, "assertionCertificate", ...).
    QByteArray clientAssertion(const TokenRequest &request, QString *error, QString *errorField = nullptr) const;
    // An OAuth error response (error, error_description, Entra AADSTS codes) as findings with a fix.
    static Findings findingsForOAuthError(const QString &error, const QString &description, int status,
                                          const TokenRequest &request);

private:
    static QString cacheKey(const TokenRequest &request);
    TokenResponse evaluate(const HttpResult &http, const TokenRequest &request) const;

    const HttpPolicy &m_policy;
    const Clock &m_clock;
    // Callbacks of jobs still running when this object is destroyed check it and do nothing.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
    bool m_cacheEnabled = true;
    QHash<QString, TokenResponse> m_cache;
    // private_key_jwt keys decoded from PEM, by the PEM's SHA-256 (OpenSSL 3's PEM decoder costs more than the
    // signature). Bounded; cleared with the token cache.
    static constexpr int kMaxSigners = 64;
    mutable QHash<QByteArray, std::shared_ptr<const JwtSigner>> m_signers;
};

} // namespace cmic::net
