#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "core/storage/SecretBuffer.h"

#include <memory>

using EVP_PKEY = struct evp_pkey_st;
using X509 = struct x509_st;

namespace cmic::net {

struct Pkcs12Contents;

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

    // A PKCS#12 file (.pfx / .p12) holding the private key and its certificate, as exported for certificate
    // credentials (Windows certificate export, openssl pkcs12 -export). |der| larger than kMaxPkcs12Bytes is refused
    // unread. The certificate must be valid at |now| (expired ones are refused: the IdP would refuse them too) and
    // belong to the key; the key must be one the console signs with (RSA 2048+ or P-256). On failure false, and
    // *error says what is wrong and what to do.
    static bool fromPkcs12(QByteArrayView der, const QByteArray &password, const QDateTime &now, Pkcs12Contents *out,
                           QString *error);
    // The same from a file: regular files only (a named pipe or a device is refused before it is opened), no more
    // than kMaxPkcs12Bytes read, whatever the file's size says.
    static bool readPkcs12File(const QString &path, const QByteArray &password, const QDateTime &now,
                               Pkcs12Contents *out, QString *error);
    // Whether |path|'s name or first bytes say PKCS#12 rather than PEM (".pfx", ".p12", or DER that is not
    // "-----BEGIN").
    static bool looksLikePkcs12(const QString &path, QByteArrayView firstBytes = {});

    // A PKCS#12 file with one key and a certificate chain is a few KiB; 256 KiB leaves room for long chains.
    static constexpr qint64 kMaxPkcs12Bytes = 256 * 1024;

    bool isValid() const { return m_cert != nullptr; }
    QByteArray toPem() const;
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

// What a PKCS#12 file gave: the certificate (public: it may sit in the workspace) and the private key as PEM
// (PKCS#8), for the keychain only.
struct Pkcs12Contents
{
    Certificate certificate;
    SecretBuffer privateKeyPem;
    int extraCertificates = 0; // CA certificates in the file besides the key's own (not used)
};

} // namespace cmic::net
