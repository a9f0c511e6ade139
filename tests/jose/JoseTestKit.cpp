#include "JoseTestKit.h"

#include "core/jose/Base64Url.h"
#include "core/jose/SignatureVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace cmic::jose::testkit {

namespace {

std::shared_ptr<EVP_PKEY> generate(Algorithm algorithm)
{
    const AlgorithmInfo &ai = info(algorithm);
    EVP_PKEY *pkey = nullptr;
    switch (ai.family) {
    case KeyFamily::Rsa: pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)); break;
    case KeyFamily::Ec:
        pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC",
                                 ai.fieldBytes == 32   ? "P-256"
                                 : ai.fieldBytes == 48 ? "P-384"
                                                       : "P-521");
        break;
    case KeyFamily::Okp: pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    }
    return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

QByteArray bnParam(EVP_PKEY *pkey, const char *name, int padTo = 0)
{
    BIGNUM *bn = nullptr;
    EVP_PKEY_get_bn_param(pkey, name, &bn);
    const int size = padTo ? padTo : BN_num_bytes(bn);
    QByteArray out(size, '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), size);
    BN_free(bn);
    return out;
}

QString b64(const QByteArray &bytes) { return QString::fromLatin1(Base64Url::encode(bytes)); }

} // namespace

QJsonObject publicJwk(EVP_PKEY *pkey)
{
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
        return {{QStringLiteral("kty"), QStringLiteral("RSA")},
                {QStringLiteral("n"), b64(bnParam(pkey, OSSL_PKEY_PARAM_RSA_N))},
                {QStringLiteral("e"), b64(bnParam(pkey, OSSL_PKEY_PARAM_RSA_E))}};
    case EVP_PKEY_EC: {
        const int bits = EVP_PKEY_get_bits(pkey);
        const int field = (bits + 7) / 8;
        return {{QStringLiteral("kty"), QStringLiteral("EC")},
                {QStringLiteral("crv"), bits == 256   ? QStringLiteral("P-256")
                                        : bits == 384 ? QStringLiteral("P-384")
                                                      : QStringLiteral("P-521")},
                {QStringLiteral("x"), b64(bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, field))},
                {QStringLiteral("y"), b64(bnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, field))}};
    }
    default: {
        QByteArray raw(32, '\0');
        size_t len = 32;
        EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char *>(raw.data()), &len);
        return {{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                {QStringLiteral("x"), b64(raw)}};
    }
    }
}

TestKey key(Algorithm algorithm, int slot, const QString &kid)
{
    static QMap<QPair<int, int>, std::shared_ptr<EVP_PKEY>> cache;
    const AlgorithmInfo &ai = info(algorithm);
    // RSA keys serve every RS/PS alg; EC keys are per curve.
    const int family = ai.family == KeyFamily::Rsa ? 0 : ai.family == KeyFamily::Okp ? 1 : 10 + ai.fieldBytes;
    auto &pkey = cache[qMakePair(family, slot)];
    if (!pkey)
        pkey = generate(algorithm);
    TestKey k;
    k.pkey = pkey;
    k.algorithm = algorithm;
    k.jwk = publicJwk(pkey.get());
    k.jwk.insert(QStringLiteral("kid"),
                 kid.isEmpty() ? QStringLiteral("%1-%2").arg(algorithmName(algorithm)).arg(slot) : kid);
    k.jwk.insert(QStringLiteral("alg"), algorithmName(algorithm));
    k.jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    return k;
}

QByteArray sign(Algorithm algorithm, EVP_PKEY *pkey, const QByteArray &input, int pssSaltLength)
{
    const AlgorithmInfo &ai = info(algorithm);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    EVP_DigestSignInit(ctx, &pctx, SignatureVerifier::digest(algorithm), nullptr, pkey);
    if (ai.pss) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, SignatureVerifier::digest(algorithm));
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, pssSaltLength < 0 ? ai.digestBytes : pssSaltLength);
    }
    size_t len = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    EVP_DigestSign(ctx, nullptr, &len, data, size_t(input.size()));
    QByteArray sig(qsizetype(len), '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len, data, size_t(input.size()));
    sig.resize(qsizetype(len));
    EVP_MD_CTX_free(ctx);
    if (ai.family != KeyFamily::Ec)
        return sig;
    const auto *p = reinterpret_cast<const unsigned char *>(sig.constData());
    ECDSA_SIG *der = d2i_ECDSA_SIG(nullptr, &p, long(sig.size()));
    QByteArray raw(2 * ai.fieldBytes, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(der), reinterpret_cast<unsigned char *>(raw.data()), ai.fieldBytes);
    BN_bn2binpad(ECDSA_SIG_get0_s(der), reinterpret_cast<unsigned char *>(raw.data()) + ai.fieldBytes, ai.fieldBytes);
    ECDSA_SIG_free(der);
    return raw;
}

QByteArray compact(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

QByteArray token(const QByteArray &headerJson, const QByteArray &payloadJson, const TestKey &k)
{
    const QByteArray input = Base64Url::encode(headerJson) + '.' + Base64Url::encode(payloadJson);
    return input + '.' + Base64Url::encode(sign(k.algorithm, k.pkey.get(), input));
}

QByteArray token(const QJsonObject &header, const QJsonObject &claims, const TestKey &k)
{
    return token(compact(header), compact(claims), k);
}

QByteArray token(const QJsonObject &claims, const TestKey &k)
{
    return token(QJsonObject{{QStringLiteral("alg"), algorithmName(k.algorithm)},
                             {QStringLiteral("kid"), k.jwk.value(QLatin1String("kid"))},
                             {QStringLiteral("typ"), QStringLiteral("at+jwt")}},
                 claims, k);
}

QByteArray jwks(const QList<QJsonObject> &keys)
{
    QJsonArray array;
    for (const QJsonObject &k : keys)
        array.append(k);
    return compact(QJsonObject{{QStringLiteral("keys"), array}});
}

} // namespace cmic::jose::testkit
