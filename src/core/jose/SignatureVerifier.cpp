#include "SignatureVerifier.h"

#include "Jwk.h"

#include <QCoreApplication>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>
#include <memory>

namespace cmic::jose {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::SignatureVerifier)
};

struct MdContextDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

// Appends the DER INTEGER for the big-endian unsigned |bytes|; returns the new write position.
unsigned char *appendDerInteger(unsigned char *out, const unsigned char *bytes, int length)
{
    while (length > 1 && *bytes == 0) {
        ++bytes;
        --length;
    }
    const bool pad = (bytes[0] & 0x80) != 0;
    *out++ = 0x02;
    *out++ = static_cast<unsigned char>(length + (pad ? 1 : 0));
    if (pad)
        *out++ = 0x00;
    std::memcpy(out, bytes, static_cast<size_t>(length));
    return out + length;
}

// Raw R||S (each |half| bytes) to a DER ECDSA-Sig-Value. |out| holds at least 2 * (half + 3) + 3 bytes.
int rawEcdsaToDer(const unsigned char *raw, int half, unsigned char *out)
{
    std::array<unsigned char, 2 * (66 + 3)> body{};
    unsigned char *end = appendDerInteger(body.data(), raw, half);
    end = appendDerInteger(end, raw + half, half);
    const int bodyLength = static_cast<int>(end - body.data());
    unsigned char *o = out;
    *o++ = 0x30;
    if (bodyLength > 127)
        *o++ = 0x81;
    *o++ = static_cast<unsigned char>(bodyLength);
    std::memcpy(o, body.data(), static_cast<size_t>(bodyLength));
    return static_cast<int>(o - out) + bodyLength;
}

bool keyMatches(const AlgorithmInfo &alg, EVP_PKEY *key)
{
    switch (alg.family) {
    case KeyFamily::Rsa: return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    case KeyFamily::Ec:
        return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC && (EVP_PKEY_get_bits(key) + 7) / 8 == alg.fieldBytes;
    case KeyFamily::Okp: return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
    }
    return false;
}

} // namespace

EVP_MD *SignatureVerifier::digest(Algorithm algorithm)
{
    static const std::array<EVP_MD *, 3> digests = {
        EVP_MD_fetch(nullptr, "SHA256", nullptr),
        EVP_MD_fetch(nullptr, "SHA384", nullptr),
        EVP_MD_fetch(nullptr, "SHA512", nullptr),
    };
    switch (info(algorithm).digestBytes) {
    case 32: return digests[0];
    case 48: return digests[1];
    case 64: return digests[2];
    default: return nullptr;
    }
}

bool SignatureVerifier::verify(Algorithm algorithm, const Jwk &key, QByteArrayView data, QByteArrayView signature,
                               QString *why)
{
    if (!key.fits(algorithm, why))
        return false;
    return verifyWith(algorithm, key.pkey(), &key, data, signature, why);
}

bool SignatureVerifier::verify(Algorithm algorithm, EVP_PKEY *key, QByteArrayView data, QByteArrayView signature,
                               QString *why)
{
    return verifyWith(algorithm, key, nullptr, data, signature, why);
}

bool SignatureVerifier::verifyWith(Algorithm algorithm, EVP_PKEY *key, const Jwk *jwk, QByteArrayView data,
                                   QByteArrayView signature, QString *why)
{
    const AlgorithmInfo &alg = info(algorithm);
    const auto reject = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!key)
        return reject(Msg::tr("no usable key"));
    if (!keyMatches(alg, key))
        return reject(Msg::tr("the key's type or curve does not fit %1").arg(QLatin1String(alg.name)));

    const auto *sig = reinterpret_cast<const unsigned char *>(signature.data());
    size_t sigLength = static_cast<size_t>(signature.size());
    std::array<unsigned char, 2 * (66 + 3) + 3> der{};

    switch (alg.family) {
    case KeyFamily::Rsa:
        if (signature.size() != EVP_PKEY_get_size(key)) {
            return reject(Msg::tr("the %1 signature is %2 bytes; the key's modulus is %3 bytes")
                              .arg(QLatin1String(alg.name))
                              .arg(signature.size())
                              .arg(EVP_PKEY_get_size(key)));
        }
        break;
    case KeyFamily::Ec:
        if (signature.size() != 2 * alg.fieldBytes) {
            return reject(Msg::tr("the %1 signature is %2 bytes; it must be R||S of exactly %3 bytes")
                              .arg(QLatin1String(alg.name))
                              .arg(signature.size())
                              .arg(2 * alg.fieldBytes));
        }
        sigLength = static_cast<size_t>(rawEcdsaToDer(sig, alg.fieldBytes, der.data()));
        sig = der.data();
        break;
    case KeyFamily::Okp:
        if (signature.size() != 64)
            return reject(Msg::tr("the EdDSA signature is %1 bytes; Ed25519 signatures are 64").arg(signature.size()));
        break;
    }

    MdContext ctx(EVP_MD_CTX_new());
    if (jwk) {
        if (!jwk->initVerify(algorithm, ctx.get()))
            return reject(Msg::tr("OpenSSL could not set up the verification"));
    } else {
        EVP_PKEY_CTX *pctx = nullptr;
        if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, digest(algorithm), nullptr, key) != 1) {
            ERR_clear_error();
            return reject(Msg::tr("OpenSSL could not set up the verification"));
        }
        if (alg.pss
            && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
                || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, digest(algorithm)) != 1
                || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, alg.digestBytes) != 1)) {
            ERR_clear_error();
            return reject(Msg::tr("OpenSSL could not set up RSA-PSS"));
        }
    }
    // The context is this call's own: let OpenSSL finalise it in place instead of duplicating the key context
    // first (it does that so a caller could keep feeding data after the final call, which nobody does here).
    EVP_MD_CTX_set_flags(ctx.get(), EVP_MD_CTX_FLAG_FINALISE);
    const int rc = EVP_DigestVerify(ctx.get(), sig, sigLength, reinterpret_cast<const unsigned char *>(data.data()),
                                    static_cast<size_t>(data.size()));
    if (rc != 1) {
        ERR_clear_error();
        return reject(Msg::tr("the signature does not match the signed data under this key"));
    }
    return true;
}

} // namespace cmic::jose
