#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

using EVP_PKEY = struct evp_pkey_st;

namespace cmic::net {

// Signs compact JWS/JWT with an OpenSSL private key: RS256, PS256 (RSA) and ES256 (P-256). Used for the
// RFC 7523 client assertion and by the sandbox IdP. The key comes from PEM text the caller holds in memory
// (read from the keychain); nothing is written to disk.
class JwtSigner
{
public:
    JwtSigner();
    ~JwtSigner();
    JwtSigner(const JwtSigner &);
    JwtSigner &operator=(const JwtSigner &);

    // PKCS#8 or traditional PEM private key. On failure isValid() is false and *error says why.
    static JwtSigner fromPem(const QByteArray &pem, QString *error = nullptr);
    static JwtSigner generateRsa(int bits = 2048);
    static JwtSigner generateEc(); // P-256

    bool isValid() const { return m_key != nullptr; }
    bool isRsa() const;
    QString defaultAlgorithm() const { return isRsa() ? QStringLiteral("RS256") : QStringLiteral("ES256"); }
    bool supports(const QString &algorithm) const;

    // The public key as a JWK ("kty", "n"/"e" or "crv"/"x"/"y"), with kid/alg/use when given.
    QJsonObject publicJwk(const QString &kid = {}, const QString &algorithm = {}) const;
    QByteArray privateKeyPem() const;
    QByteArray publicKeyPem() const;

    // base64url(header) "." base64url(claims) "." base64url(signature). Adds "alg" (and "kid" when non-empty)
    // to |header|. Empty on failure, with *error set.
    QByteArray sign(const QJsonObject &claims, const QString &algorithm, const QString &kid = {},
                    QJsonObject header = {}, QString *error = nullptr) const;
    // The raw JWS signature of |input| (r||s for ES256).
    QByteArray signBytes(const QByteArray &input, const QString &algorithm, QString *error = nullptr) const;

    EVP_PKEY *pkey() const { return m_key.get(); }

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

QByteArray base64UrlEncode(const QByteArray &data);

} // namespace cmic::net
