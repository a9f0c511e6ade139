#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>

using EVP_PKEY = struct evp_pkey_st;
using X509 = struct x509_st;

namespace cmic::net {

// A public X.509 certificate (PEM) as used for certificate credentials: the thumbprints an assertion header
// carries ("x5t" = base64url SHA-1 of the DER certificate, "x5t#S256" = base64url SHA-256, RFC 7515 §4.1.7/4.1.8),
// its validity and its public key. The certificate is public; it may sit in the workspace.
class Certificate
{
public:
    Certificate();
    ~Certificate();
    Certificate(const Certificate &);
    Certificate &operator=(const Certificate &);

    // The first certificate in |pem|. On failure isValid() is false and *error says why.
    static Certificate fromPem(const QByteArray &pem, QString *error = nullptr);

    bool isValid() const { return m_cert != nullptr; }
    QByteArray der() const;
    QByteArray sha1Thumbprint() const;   // raw 20 bytes
    QByteArray sha256Thumbprint() const; // raw 32 bytes
    QString x5t() const;                 // base64url of sha1Thumbprint()
    QString x5tS256() const;             // base64url of sha256Thumbprint()
    QDateTime notBefore() const;
    QDateTime notAfter() const;
    QString subject() const; // one line, e.g. "CN=cmic-sync"
    // "RSA", "EC P-256", "EC <curve>" or the key type OpenSSL names.
    QString keyType() const;
    bool isRsa() const;
    bool isP256() const;
    // The certificate's public key (owned by the certificate).
    EVP_PKEY *publicKey() const;
    // True when |key| (a private or public key) has the same public key as this certificate.
    bool matchesKey(EVP_PKEY *key) const;

private:
    std::shared_ptr<X509> m_cert;
};

} // namespace cmic::net
