#include "JwtSigner.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace cmic::net {

namespace {

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY *key) { return key ? std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free) : nullptr; }

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

QByteArray bignumParam(EVP_PKEY *key, const char *name, int width = 0)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    const int size = width > 0 ? width : BN_num_bytes(bn);
    QByteArray bytes(size, '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(bytes.data()), size);
    BN_free(bn);
    return bytes;
}

QByteArray writePem(EVP_PKEY *key, bool privatePart)
{
    BIO *bio = BIO_new(BIO_s_mem());
    const int ok = privatePart ? PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr)
                               : PEM_write_bio_PUBKEY(bio, key);
    QByteArray pem;
    if (ok == 1) {
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, size);
    }
    BIO_free(bio);
    return pem;
}

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

} // namespace

QByteArray base64UrlEncode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

JwtSigner::JwtSigner() = default;
JwtSigner::~JwtSigner() = default;
JwtSigner::JwtSigner(const JwtSigner &) = default;
JwtSigner &JwtSigner::operator=(const JwtSigner &) = default;

JwtSigner JwtSigner::fromPem(const QByteArray &pem, QString *error)
{
    JwtSigner signer;
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    // Never ask for a pass phrase: with no callback OpenSSL would prompt on the terminal and block the process.
    const auto noPassphrase = [](char *, int, int, void *) -> int { return 0; };
    signer.m_key = wrap(PEM_read_bio_PrivateKey(bio, nullptr, noPassphrase, nullptr));
    BIO_free(bio);
    if (!signer.m_key) {
        ERR_clear_error();
        if (error && (pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED"))) {
            *error = Tr::tr("The private key is encrypted with a pass phrase, which the console cannot use. Decrypt "
                            "it first (openssl pkey -in key.pem -out key-decrypted.pem); the keychain protects it.");
        } else if (error) {
            *error = Tr::tr("The private key is not a readable PEM private key. Paste the whole key including the "
                            "'-----BEGIN PRIVATE KEY-----' line; encrypted keys must be decrypted first.");
        }
        return signer;
    }
    const bool ec = EVP_PKEY_is_a(signer.m_key.get(), "EC");
    if (!signer.isRsa() && !ec) {
        if (error)
            *error = Tr::tr("Only RSA and P-256 EC private keys can sign client assertions; generate one of those.");
        signer.m_key.reset();
        return signer;
    }
    if (ec) {
        char group[64] = {};
        size_t length = 0;
        if (!EVP_PKEY_get_utf8_string_param(signer.m_key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                            &length)
            || qstrcmp(group, "prime256v1") != 0) {
            ERR_clear_error();
            if (error)
                *error = Tr::tr("This EC key is on curve %1; client assertions are signed with ES256, which needs a "
                                "P-256 (prime256v1) key. Generate one: openssl genpkey -algorithm EC -pkeyopt "
                                "ec_paramgen_curve:P-256")
                             .arg(QString::fromLatin1(group));
            signer.m_key.reset();
        }
    } else if (EVP_PKEY_get_bits(signer.m_key.get()) < 2048) {
        if (error)
            *error = Tr::tr("This RSA key has %1 bits; identity providers refuse assertions signed with fewer than "
                            "2048. Generate a 2048-bit (or larger) key.")
                         .arg(EVP_PKEY_get_bits(signer.m_key.get()));
        signer.m_key.reset();
    }
    return signer;
}

JwtSigner JwtSigner::generateRsa(int bits)
{
    JwtSigner signer;
    signer.m_key = wrap(EVP_RSA_gen(static_cast<unsigned int>(bits)));
    return signer;
}

JwtSigner JwtSigner::generateEc()
{
    JwtSigner signer;
    signer.m_key = wrap(EVP_EC_gen("P-256"));
    return signer;
}

bool JwtSigner::isRsa() const { return m_key && EVP_PKEY_is_a(m_key.get(), "RSA"); }

bool JwtSigner::supports(const QString &algorithm) const
{
    if (!m_key)
        return false;
    if (isRsa())
        return algorithm == QLatin1String("RS256") || algorithm == QLatin1String("PS256");
    return algorithm == QLatin1String("ES256");
}

QJsonObject JwtSigner::publicJwk(const QString &kid, const QString &algorithm) const
{
    QJsonObject jwk;
    if (!m_key)
        return jwk;
    if (isRsa()) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"),
                   QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(QStringLiteral("e"),
                   QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E))));
    } else {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("P-256"));
        jwk.insert(QStringLiteral("x"),
                   QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))));
        jwk.insert(QStringLiteral("y"),
                   QString::fromLatin1(base64UrlEncode(bignumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))));
    }
    if (!kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), kid);
    if (!algorithm.isEmpty())
        jwk.insert(QStringLiteral("alg"), algorithm);
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    return jwk;
}

QByteArray JwtSigner::privateKeyPem() const { return m_key ? writePem(m_key.get(), true) : QByteArray(); }

QByteArray JwtSigner::publicKeyPem() const { return m_key ? writePem(m_key.get(), false) : QByteArray(); }

QByteArray JwtSigner::signBytes(const QByteArray &input, const QString &algorithm, QString *error) const
{
    if (!supports(algorithm)) {
        if (error)
            *error = Tr::tr("The key cannot sign with %1; use %2.").arg(algorithm, defaultAlgorithm());
        return {};
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    QByteArray signature;
    size_t length = 0;
    bool ok = EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nullptr, m_key.get()) == 1;
    if (ok && algorithm == QLatin1String("PS256")) {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
             && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    ok = ok && EVP_DigestSign(ctx, nullptr, &length, data, size_t(input.size())) == 1;
    if (ok) {
        signature.resize(qsizetype(length));
        ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                            size_t(input.size()))
             == 1;
        signature.resize(qsizetype(length));
    }
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        if (error)
            *error = Tr::tr("Signing failed: %1.").arg(opensslError());
        return {};
    }
    if (algorithm == QLatin1String("ES256")) {
        // DER ECDSA-Sig-Value -> fixed-width r||s (RFC 7518 §3.4).
        const auto *der = reinterpret_cast<const unsigned char *>(signature.constData());
        ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &der, long(signature.size()));
        if (!sig)
            return {};
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char *>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char *>(raw.data()) + 32, 32);
        ECDSA_SIG_free(sig);
        return raw;
    }
    return signature;
}

QByteArray JwtSigner::sign(const QJsonObject &claims, const QString &algorithm, const QString &kid, QJsonObject header,
                           QString *error) const
{
    header.insert(QStringLiteral("alg"), algorithm);
    if (!kid.isEmpty())
        header.insert(QStringLiteral("kid"), kid);
    if (!header.contains(QStringLiteral("typ")))
        header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
    const QByteArray input = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                             + base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = signBytes(input, algorithm, error);
    if (signature.isEmpty())
        return {};
    return input + '.' + base64UrlEncode(signature);
}

} // namespace cmic::net
