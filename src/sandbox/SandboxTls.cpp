#include "SandboxTls.h"

#include "core/storage/DemoFiles.h"
#include "core/util/BoundedFile.h"

#include <QDir>
#include <QSslConfiguration>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace cmic::sandbox {

namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!extension)
        return false;
    const bool ok = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return ok;
}

CertPtr makeCertificate(const char *commonName, EVP_PKEY *subjectKey, X509 *issuer, EVP_PKEY *issuerKey,
                        long notBeforeOffset, long notAfterOffset, bool isCa, const QByteArray &subjectAltName)
{
    CertPtr cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBeforeOffset);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), notAfterOffset);
    X509_set_pubkey(cert.get(), subjectKey);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("CMiC OAuth Console sandbox"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509 *issuerCert = issuer ? issuer : cert.get();
    bool ok = addExtension(cert.get(), issuerCert, NID_subject_key_identifier, "hash");
    ok = ok && addExtension(cert.get(), issuerCert, NID_authority_key_identifier, "keyid:always");
    if (isCa) {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        ok = ok && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:FALSE");
        ok = ok && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,digitalSignature");
        ok = ok && addExtension(cert.get(), issuerCert, NID_ext_key_usage, "serverAuth");
        ok = ok && addExtension(cert.get(), issuerCert, NID_subject_alt_name, subjectAltName.constData());
    }
    if (!ok || X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return CertPtr(nullptr, X509_free);
    return cert;
}

QByteArray certificatePem(X509 *cert)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, size);
    BIO_free(bio);
    return pem;
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, size);
    BIO_free(bio);
    return pem;
}

} // namespace

QSslConfiguration TlsMaterial::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain({leafCertificate, caCertificate});
    configuration.setPrivateKey(leafKey);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // the server does not ask for client certificates
    return configuration;
}

std::optional<TlsMaterial> TlsMaterial::generate(const QString &folder, LeafProblem problem, QString *error)
{
    constexpr long kDay = 24 * 60 * 60;
    KeyPtr caKey(EVP_EC_gen("P-256"), EVP_PKEY_free);
    KeyPtr leafKey(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!caKey || !leafKey) {
        if (error)
            *error = QStringLiteral("OpenSSL could not generate a P-256 key.");
        return std::nullopt;
    }
    CertPtr ca = makeCertificate(kSandboxCaCommonName.toUtf8().constData(), caKey.get(), nullptr, caKey.get(), -kDay,
                                 30 * kDay, true, {});
    const long notBefore = problem == LeafProblem::Expired ? -10 * kDay : -kDay;
    const long notAfter = problem == LeafProblem::Expired ? -kDay : 30 * kDay;
    const QByteArray san = problem == LeafProblem::WrongHost ? QByteArrayLiteral("DNS:wrong-host.invalid")
                                                             : QByteArrayLiteral("DNS:localhost,IP:127.0.0.1,IP:::1");
    CertPtr leaf = ca ? makeCertificate(problem == LeafProblem::WrongHost ? "wrong-host.invalid" : "localhost",
                                        leafKey.get(), ca.get(), caKey.get(), notBefore, notAfter, false, san)
                      : CertPtr(nullptr, X509_free);
    if (!ca || !leaf) {
        if (error)
            *error = QStringLiteral("OpenSSL could not create the sandbox certificates.");
        return std::nullopt;
    }
    TlsMaterial material;
    material.caPem = certificatePem(ca.get());
    material.caCertificate = QSslCertificate(material.caPem, QSsl::Pem);
    material.leafCertificate = QSslCertificate(certificatePem(leaf.get()), QSsl::Pem);
    material.leafKey = QSslKey(privateKeyPem(leafKey.get()), QSsl::Ec, QSsl::Pem);
    if (material.caCertificate.isNull() || material.leafCertificate.isNull() || material.leafKey.isNull()) {
        if (error)
            *error = QStringLiteral("Qt could not load the generated sandbox certificates.");
        return std::nullopt;
    }
    if (!folder.isEmpty()) {
        QDir().mkpath(folder);
        material.caPemPath = QDir(folder).filePath(kSandboxCaFileName);
        // Only an earlier sandbox's CA is replaced; a pipe there is refused, not opened (it would wait for a reader).
        if (const QString refused = sandboxCaTargetProblem(material.caPemPath); !refused.isEmpty()) {
            if (error)
                *error = refused;
            return std::nullopt;
        }
        if (const BoundedWrite written = writeRegularFile(material.caPemPath, material.caPem); !written.ok()) {
            if (error)
                *error = QStringLiteral("Cannot write %1: %2")
                             .arg(QDir::toNativeSeparators(material.caPemPath), written.systemError);
            return std::nullopt;
        }
    }
    return material;
}

} // namespace cmic::sandbox
