#include "Certificate.h"

#include "JwtSigner.h"

#include "core/util/BoundedFile.h"

#include <QCoreApplication>
#include <QDir>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <ctime>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

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
                         ? Tr::tr("This is a private key, not a certificate. Paste the public certificate "
                                  "('-----BEGIN CERTIFICATE-----'); the private key goes into the keychain.")
                         : Tr::tr("The certificate is not a readable PEM certificate. Paste the whole certificate "
                                  "including the '-----BEGIN CERTIFICATE-----' line.");
        }
        return certificate;
    }
    certificate.m_cert = std::shared_ptr<X509>(x509, X509_free);
    return certificate;
}

QByteArray Certificate::toPem() const
{
    if (!m_cert)
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, m_cert.get());
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(size));
    BIO_free(bio);
    return pem;
}

bool Certificate::looksLikePkcs12(const QString &path, QByteArrayView firstBytes)
{
    const QString lower = path.toLower();
    if (lower.endsWith(QLatin1String(".pfx")) || lower.endsWith(QLatin1String(".p12")))
        return true;
    // DER starts with a SEQUENCE; PEM with text.
    return !firstBytes.isEmpty() && quint8(firstBytes.front()) == 0x30;
}

bool Certificate::fromPkcs12(QByteArrayView der, const QByteArray &password, const QDateTime &now, Pkcs12Contents *out,
                             QString *error)
{
    const auto failed = [error](const QString &why) {
        ERR_clear_error();
        if (error)
            *error = why;
        return false;
    };
    if (der.size() > kMaxPkcs12Bytes) {
        return failed(Tr::tr("The file is %1 KiB, too large for a PKCS#12 file with a key and its certificate (at most "
                             "%2 KiB). Choose the .pfx or .p12 exported for this application.")
                          .arg(der.size() / 1024)
                          .arg(kMaxPkcs12Bytes / 1024));
    }
    if (der.isEmpty())
        return failed(Tr::tr("The file is empty. Choose the .pfx or .p12 file exported with the private key."));
    BIO *bio = BIO_new_mem_buf(der.data(), int(der.size()));
    PKCS12 *p12 = d2i_PKCS12_bio(bio, nullptr);
    BIO_free(bio);
    if (!p12) {
        return failed(Tr::tr("The file is not a readable PKCS#12 file (it may be truncated or damaged, or be PEM or "
                             "another format). Export the certificate again as .pfx/.p12 with its private key, or "
                             "import the PEM certificate and key instead."));
    }
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> holder(p12, PKCS12_free);
    // The password: OpenSSL tells an empty password from none; try both when none was typed.
    const char *pass = password.constData();
    int passLength = int(password.size());
    if (PKCS12_mac_present(p12)) {
        bool verified = PKCS12_verify_mac(p12, pass, passLength) == 1;
        if (!verified && password.isEmpty() && PKCS12_verify_mac(p12, nullptr, 0) == 1) {
            verified = true;
            pass = nullptr;
        }
        if (!verified) {
            return failed(password.isEmpty()
                              ? Tr::tr("The file is protected by a password. Type the password it was exported with.")
                              : Tr::tr("The password is wrong for this file. Type the password it was exported with "
                                       "(passwords are case-sensitive)."));
        }
    }
    EVP_PKEY *key = nullptr;
    X509 *x509 = nullptr;
    STACK_OF(X509) *chain = nullptr;
    if (PKCS12_parse(p12, pass, &key, &x509, &chain) != 1) {
        return failed(Tr::tr("The file could not be decrypted: it was probably exported with an old cipher (RC2 or "
                             "3DES) that this OpenSSL no longer reads, or the password is wrong. Export it again with "
                             "AES-256 (Windows: \"AES256-SHA256\"; openssl pkcs12 -export uses it by default)."));
    }
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> keyHolder(key, EVP_PKEY_free);
    const int extra = chain ? sk_X509_num(chain) : 0;
    sk_X509_pop_free(chain, X509_free);
    Certificate certificate;
    if (x509)
        certificate.m_cert = std::shared_ptr<X509>(x509, X509_free);
    if (!key) {
        return failed(Tr::tr("The file holds no private key, only certificates. Export it again with the private key "
                             "(Windows: \"Yes, export the private key\"), or import the PEM private key separately."));
    }
    if (!certificate.isValid()) {
        return failed(extra > 0 ? Tr::tr("None of the file's %n certificate(s) belongs to its "
                                         "private key. Export the certificate that was made for "
                                         "this key, with the key.",
                                         nullptr, int(extra))
                                : Tr::tr("The file holds a private key but no certificate. Export it again with the "
                                         "certificate, or import the certificate (PEM) separately."));
    }
    const QDateTime notAfter = certificate.notAfter();
    if (notAfter.isValid() && notAfter < now) {
        return failed(Tr::tr("The certificate %1 in the file expired on %2; the IdP refuses assertions for it. Make a "
                             "new key and certificate, upload the certificate to the IdP and import the new file.")
                          .arg(certificate.subject(), notAfter.toString(Qt::ISODate)));
    }
    // The key as PKCS#8 PEM, through memory OpenSSL wipes when it is freed.
    BIO *pem = BIO_new(BIO_s_secmem());
    if (!pem || PEM_write_bio_PrivateKey(pem, key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        BIO_free(pem);
        return failed(Tr::tr("The private key in the file could not be read. Export it again, or import the PEM "
                             "private key."));
    }
    char *data = nullptr;
    const long size = BIO_get_mem_data(pem, &data);
    SecretBuffer keyPem(QByteArrayView(data, qsizetype(size)));
    BIO_free(pem);
    QString keyError;
    if (!JwtSigner::fromPem(QByteArray::fromRawData(keyPem.data(), keyPem.size()), &keyError).isValid())
        return failed(keyError);
    ERR_clear_error();
    if (out) {
        out->certificate = certificate;
        out->privateKeyPem = std::move(keyPem);
        out->extraCertificates = extra;
    }
    return true;
}

bool Certificate::readPkcs12File(const QString &path, const QByteArray &password, const QDateTime &now,
                                 Pkcs12Contents *out, QString *error)
{
    QByteArray bytes;
    const BoundedRead read = readRegularFile(path, kMaxPkcs12Bytes, &bytes);
    if (!read.ok()) {
        if (error) {
            *error = describeReadProblem(read, path, kMaxPkcs12Bytes) + QStringLiteral(". ")
                     + Tr::tr("Choose the .pfx or .p12 file exported with the private key.");
        }
        return false;
    }
    const bool ok = fromPkcs12(bytes, password, now, out, error);
    if (error && !ok)
        *error = QDir::toNativeSeparators(path) + QStringLiteral(": ") + *error;
    wipeInPlace(bytes);
    return ok;
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
