#pragma once

// Self-signed certificates made at run time for the certificate-credential tests (x5t / x5t#S256, expiry, key
// match). Header-only; OpenSSL comes with cmic_core.

#include <QByteArray>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

namespace cmic::test {

// A self-signed certificate for |key| with subject CN=|commonName|, valid from now + |fromSeconds| to now +
// |toSeconds| (negative: in the past), as PEM.
inline QByteArray selfSignedCertificate(EVP_PKEY *key, long fromSeconds = -3600, long toSeconds = 365L * 86400,
                                        const char *commonName = "cmic-test-client")
{
    X509 *x509 = X509_new();
    X509_set_version(x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509), 4711);
    X509_gmtime_adj(X509_getm_notBefore(x509), fromSeconds);
    X509_gmtime_adj(X509_getm_notAfter(x509), toSeconds);
    X509_set_pubkey(x509, key);
    X509_NAME *name = X509_get_subject_name(x509);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1, -1,
                               0);
    X509_set_issuer_name(x509, name);
    QByteArray pem;
    if (X509_sign(x509, key, EVP_sha256()) > 0) {
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(bio, x509);
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, size);
        BIO_free(bio);
    }
    X509_free(x509);
    return pem;
}

// DER bytes of a PEM certificate, read independently of cmic::net::Certificate.
inline QByteArray certificateDer(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    QByteArray der;
    if (x509) {
        unsigned char *out = nullptr;
        const int length = i2d_X509(x509, &out);
        if (length > 0)
            der = QByteArray(reinterpret_cast<const char *>(out), length);
        OPENSSL_free(out);
        X509_free(x509);
    }
    return der;
}

// X509_digest, the bytes `openssl x509 -fingerprint -sha1 / -sha256` prints (as hex with colons).
inline QByteArray certificateFingerprint(const QByteArray &pem, const EVP_MD *md)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    QByteArray out;
    if (x509) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (X509_digest(x509, md, digest, &length) == 1)
            out = QByteArray(reinterpret_cast<const char *>(digest), int(length));
        X509_free(x509);
    }
    return out;
}

// A PKCS#12 file (DER) of |key| and the PEM certificate |certificatePem| protected by |password|, made as
// `openssl pkcs12 -export` makes one (OpenSSL 3's defaults: AES-256-CBC, PBKDF2, SHA-256 MAC).
inline QByteArray pkcs12Of(EVP_PKEY *key, const QByteArray &certificatePem, const char *password)
{
    BIO *bio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    PKCS12 *p12 = PKCS12_create(password, "cmic-test", key, x509, nullptr, 0, 0, 0, 0, 0);
    QByteArray der;
    if (p12) {
        unsigned char *out = nullptr;
        const int length = i2d_PKCS12(p12, &out);
        if (length > 0)
            der = QByteArray(reinterpret_cast<const char *>(out), length);
        OPENSSL_free(out);
        PKCS12_free(p12);
    }
    X509_free(x509);
    ERR_clear_error();
    return der;
}

} // namespace cmic::test
