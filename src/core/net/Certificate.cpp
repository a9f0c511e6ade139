#include "Certificate.h"

#include "JwtSigner.h"

#include <QCoreApplication>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>

namespace cmic::net {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cmic::net", text); }

QDateTime fromAsn1(const ASN1_TIME *time)
{
    if (!time)
        return {};
    struct tm parts = {};
    if (ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    const QDate date(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
    const QTime clock(parts.tm_hour, parts.tm_min, parts.tm_sec);
    return QDateTime(date, clock, Qt::UTC);
}

QByteArray digest(const QByteArray &data, const EVP_MD *md)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (data.isEmpty() || EVP_Digest(data.constData(), size_t(data.size()), out, &length, md, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

} // namespace

Certificate::Certificate() = default;
Certificate::~Certificate() = default;
Certificate::Certificate(const Certificate &) = default;
Certificate &Certificate::operator=(const Certificate &) = default;

Certificate Certificate::fromPem(const QByteArray &pem, QString *error)
{
    Certificate certificate;
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    const auto noPassphrase = [](char *, int, int, void *) -> int { return 0; };
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, noPassphrase, nullptr);
    BIO_free(bio);
    ERR_clear_error();
    if (!x509) {
        if (error) {
            *error = pem.contains("PRIVATE KEY")
                         ? tr("This is a private key, not a certificate. Paste the public certificate "
                              "('-----BEGIN CERTIFICATE-----'); the private key goes into the keychain.")
                         : tr("The certificate is not a readable PEM certificate. Paste the whole certificate "
                              "including the '-----BEGIN CERTIFICATE-----' line.");
        }
        return certificate;
    }
    certificate.m_cert = std::shared_ptr<X509>(x509, X509_free);
    return certificate;
}

QByteArray Certificate::der() const
{
    if (!m_cert)
        return {};
    unsigned char *out = nullptr;
    const int length = i2d_X509(m_cert.get(), &out);
    if (length <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(out), length);
    OPENSSL_free(out);
    return bytes;
}

QByteArray Certificate::sha1Thumbprint() const { return digest(der(), EVP_sha1()); }
QByteArray Certificate::sha256Thumbprint() const { return digest(der(), EVP_sha256()); }
QString Certificate::x5t() const { return QString::fromLatin1(base64UrlEncode(sha1Thumbprint())); }
QString Certificate::x5tS256() const { return QString::fromLatin1(base64UrlEncode(sha256Thumbprint())); }

QDateTime Certificate::notBefore() const { return m_cert ? fromAsn1(X509_get0_notBefore(m_cert.get())) : QDateTime(); }
QDateTime Certificate::notAfter() const { return m_cert ? fromAsn1(X509_get0_notAfter(m_cert.get())) : QDateTime(); }

QString Certificate::subject() const
{
    if (!m_cert)
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, X509_get_subject_name(m_cert.get()), 0, XN_FLAG_RFC2253);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const QString text = QString::fromUtf8(data, size);
    BIO_free(bio);
    return text;
}

QString Certificate::keyType() const
{
    EVP_PKEY *key = publicKey();
    if (!key)
        return {};
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA");
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length);
        ERR_clear_error();
        const QString curve = QString::fromLatin1(group);
        return QStringLiteral("EC ") + (curve == QLatin1String("prime256v1") ? QStringLiteral("P-256") : curve);
    }
    return QString::fromLatin1(EVP_PKEY_get0_type_name(key));
}

bool Certificate::isRsa() const { return keyType() == QLatin1String("RSA"); }
bool Certificate::isP256() const { return keyType() == QLatin1String("EC P-256"); }

EVP_PKEY *Certificate::publicKey() const { return m_cert ? X509_get0_pubkey(m_cert.get()) : nullptr; }

bool Certificate::matchesKey(EVP_PKEY *key) const
{
    EVP_PKEY *own = publicKey();
    if (!own || !key)
        return false;
    const bool same = EVP_PKEY_eq(own, key) == 1;
    ERR_clear_error();
    return same;
}

} // namespace cmic::net
