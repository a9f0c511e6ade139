#include "Jwk.h"

#include "Base64Url.h"
#include "SignatureVerifier.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>
#include <mutex>

namespace cmic::jose {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::Jwk)
};

constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 16384;

struct BnDeleter
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

struct ParamBldDeleter
{
    void operator()(OSSL_PARAM_BLD *b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamDeleter
{
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxDeleter
{
    void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); }
};

Bn toBn(const QByteArray &bytes)
{
    return Bn(
        BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), static_cast<int>(bytes.size()), nullptr));
}

// EVP_PKEY_fromdata for |keyType| from |bld|'s parameters; nullptr on failure.
std::shared_ptr<EVP_PKEY> fromData(const char *keyType, OSSL_PARAM_BLD *bld)
{
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr));
    EVP_PKEY *pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

// The ROCA fingerprint (CVE-2017-15361): moduli from the flawed Infineon generator are, modulo each of these
// small primes, a power of 65537. A random modulus fails that test for at least one prime with overwhelming
// probability, so passing it for all of them marks a factorable key.
bool hasRocaFingerprint(const BIGNUM *n)
{
    static const unsigned kPrimes[] = {3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,
                                       47,  53,  59,  61,  67,  71,  73,  79,  83,  89,  97,  101, 103,
                                       107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};
    for (const unsigned p : kPrimes) {
        const BN_ULONG r = BN_mod_word(n, p);
        if (r == static_cast<BN_ULONG>(-1))
            return false;
        bool inSubgroup = false;
        const BN_ULONG g = 65537 % p;
        BN_ULONG power = 1;
        do {
            if (power == r) {
                inSubgroup = true;
                break;
            }
            power = (power * g) % p;
        } while (power != 1);
        if (!inSubgroup)
            return false;
    }
    return true;
}

// Whether the 32-byte Ed25519 public key encodes a point of small order (1, 2, 4 or 8). OpenSSL verifies with
// such a key without complaint, and for some of them a fixed signature verifies for every message (the identity
// point with R = identity, S = 0): a key like that in a JWKS would accept any token. The torsion points have one
// of five y coordinates (0, 1, p-1 and the two order-8 values below), whatever the sign bit of x; the encoding
// may also carry y + p when that is below 2^255.
bool isSmallOrderEd25519(const QByteArray &encoded)
{
    std::array<unsigned char, 32> y{};
    std::memcpy(y.data(), encoded.constData(), y.size());
    y[31] &= 0x7f; // the sign of x
    // y >= p = 2^255 - 19 means y[31] == 0x7f, y[1..30] == 0xff and y[0] >= 0xed; then y - p fits in y[0].
    bool allFf = y[31] == 0x7f;
    for (size_t i = 1; allFf && i < 31; ++i)
        allFf = y[i] == 0xff;
    if (allFf && y[0] >= 0xed) {
        const unsigned char low = static_cast<unsigned char>(y[0] - 0xed);
        y.fill(0);
        y[0] = low;
    }
    // Little-endian y of the torsion points (computed with the curve equation; see the commit message).
    static const unsigned char kTorsionY[5][32] = {
        {0x00},
        {0x01},
        {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
        {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
         0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
        {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
         0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
    };
    for (const auto &torsion : kTorsionY) {
        if (std::memcmp(y.data(), torsion, y.size()) == 0)
            return true;
    }
    return false;
}

std::optional<QByteArray> member(const QJsonObject &o, const char *name, QStringList *problems)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isUndefined()) {
        problems->append(Msg::tr("member \"%1\" is missing").arg(QLatin1String(name)));
        return std::nullopt;
    }
    if (!v.isString()) {
        problems->append(Msg::tr("member \"%1\" is not a string").arg(QLatin1String(name)));
        return std::nullopt;
    }
    auto bytes = Base64Url::decode(v.toString().toLatin1());
    if (!bytes || bytes->isEmpty()) {
        problems->append(Msg::tr("member \"%1\" is not strict base64url").arg(QLatin1String(name)));
        return std::nullopt;
    }
    return bytes;
}

} // namespace

struct Jwk::VerifyTemplates
{
    std::mutex mutex;
    std::array<EVP_MD_CTX *, 10> contexts{};
    ~VerifyTemplates()
    {
        for (EVP_MD_CTX *ctx : contexts)
            EVP_MD_CTX_free(ctx);
    }
};

bool Jwk::initVerify(Algorithm algorithm, EVP_MD_CTX *ctx) const
{
    if (!m_pkey || !m_templates || !ctx)
        return false;
    const auto slot = static_cast<size_t>(algorithm);
    // The copy happens under the lock too: OpenSSL does not promise that reading one context from several
    // threads at once is safe.
    const std::lock_guard<std::mutex> lock(m_templates->mutex);
    EVP_MD_CTX *&prepared = m_templates->contexts[slot];
    if (!prepared) {
        const AlgorithmInfo &ai = info(algorithm);
        EVP_MD_CTX *fresh = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pctx = nullptr;
        bool ok =
            fresh
            && EVP_DigestVerifyInit(fresh, &pctx, SignatureVerifier::digest(algorithm), nullptr, m_pkey.get()) == 1;
        if (ok && ai.pss) {
            ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
                 && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, SignatureVerifier::digest(algorithm)) == 1
                 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, ai.digestBytes) == 1;
        }
        if (!ok) {
            EVP_MD_CTX_free(fresh);
            ERR_clear_error();
            return false;
        }
        prepared = fresh;
    }
    if (EVP_MD_CTX_copy_ex(ctx, prepared) != 1) {
        ERR_clear_error();
        return false;
    }
    return true;
}

Jwk Jwk::fromJson(const QJsonObject &object)
{
    Jwk key;
    key.m_templates = std::make_shared<VerifyTemplates>();
    key.m_json = object;
    const auto optionalString = [&](const char *name, QString *out) {
        const QJsonValue v = object.value(QLatin1String(name));
        if (v.isUndefined())
            return;
        if (v.isString())
            *out = v.toString();
        else
            key.m_problems.append(Msg::tr("member \"%1\" is not a string").arg(QLatin1String(name)));
    };
    const QJsonValue kty = object.value(QLatin1String("kty"));
    if (!kty.isString()) {
        key.m_problems.append(Msg::tr("member \"kty\" is missing or not a string"));
        key.m_description = key.composeDescription();
        return key;
    }
    key.m_kty = kty.toString();
    key.m_hasKid = object.contains(QLatin1String("kid"));
    optionalString("kid", &key.m_kid);
    optionalString("alg", &key.m_alg);
    optionalString("use", &key.m_use);
    optionalString("crv", &key.m_crv);
    const QJsonValue ops = object.value(QLatin1String("key_ops"));
    if (ops.isArray()) {
        for (const QJsonValue &op : ops.toArray()) {
            if (!op.isString() || key.m_keyOps.contains(op.toString())) {
                key.m_problems.append(Msg::tr("\"key_ops\" must hold distinct strings"));
                break;
            }
            key.m_keyOps.append(op.toString());
        }
    } else if (!ops.isUndefined()) {
        key.m_problems.append(Msg::tr("\"key_ops\" is not an array"));
    }
    if (!key.m_use.isEmpty() && !key.m_keyOps.isEmpty())
        key.m_warnings.append(Msg::tr("both \"use\" and \"key_ops\" are present (RFC 7517 says use one)"));

    if (key.m_kty == QLatin1String("RSA")) {
        key.m_kind = Kind::Rsa;
        key.buildRsa();
    } else if (key.m_kty == QLatin1String("EC")) {
        key.m_kind = Kind::Ec;
        key.buildEc();
    } else if (key.m_kty == QLatin1String("OKP")) {
        key.m_kind = Kind::Okp;
        key.buildOkp();
    } else if (key.m_kty == QLatin1String("oct")) {
        key.m_problems.append(Msg::tr("it is a symmetric key (kty \"oct\"); access tokens signed with a shared "
                                      "secret are never accepted, and a JWKS must not publish secrets"));
    } else {
        key.m_problems.append(Msg::tr("key type \"%1\" is not supported (RSA, EC and OKP are)").arg(elide(key.m_kty)));
    }

    if (!key.m_alg.isEmpty()) {
        const auto alg = algorithmFromName(key.m_alg);
        if (!alg) {
            key.m_problems.append(
                Msg::tr("its \"alg\" %1 is not a signature algorithm the console accepts").arg(elide(key.m_alg)));
        } else {
            const AlgorithmInfo &ai = info(*alg);
            const bool typeFits = (ai.family == KeyFamily::Rsa && key.m_kind == Kind::Rsa)
                                  || (ai.family == KeyFamily::Ec && key.m_kind == Kind::Ec)
                                  || (ai.family == KeyFamily::Okp && key.m_kind == Kind::Okp);
            if (!typeFits || (ai.curve && key.m_crv != QLatin1String(ai.curve))) {
                key.m_problems.append(Msg::tr("its \"alg\" %1 does not match the key (kty %2%3)")
                                          .arg(elide(key.m_alg), elide(key.m_kty),
                                               key.m_crv.isEmpty() ? QString() : QStringLiteral(", crv ") + key.m_crv));
            }
        }
    }
    key.m_description = key.composeDescription();
    return key;
}

void Jwk::buildRsa()
{
    for (const char *priv : {"d", "p", "q", "dp", "dq", "qi", "oth"}) {
        if (m_json.contains(QLatin1String(priv))) {
            m_problems.append(Msg::tr("it publishes private key material (\"%1\"): treat the key as compromised "
                                      "and have the IdP rotate it")
                                  .arg(QLatin1String(priv)));
            break;
        }
    }
    QStringList bad;
    const auto n = member(m_json, "n", &bad);
    const auto e = member(m_json, "e", &bad);
    if (!n || !e) {
        m_problems += bad;
        return;
    }
    if (static_cast<unsigned char>(n->at(0)) == 0)
        m_warnings.append(Msg::tr("the modulus has a leading zero byte (RFC 7518 §6.3.1.1 forbids it)"));
    Bn bnN = toBn(*n);
    Bn bnE = toBn(*e);
    if (!bnN || !bnE) {
        m_problems.append(Msg::tr("OpenSSL could not read the modulus or exponent"));
        return;
    }
    m_bits = BN_num_bits(bnN.get());
    if (m_bits < kMinRsaBits) {
        m_problems.append(Msg::tr("the RSA key is %1 bits; at least %2 are required").arg(m_bits).arg(kMinRsaBits));
    } else if (m_bits > kMaxRsaBits) {
        m_problems.append(Msg::tr("the RSA key is %1 bits; more than %2 is refused").arg(m_bits).arg(kMaxRsaBits));
    }
    if (!BN_is_odd(bnE.get()) || BN_is_one(bnE.get()) || BN_num_bits(bnE.get()) > 64)
        m_problems.append(Msg::tr("the RSA public exponent is invalid (it must be odd, above 1, and small)"));
    if (!BN_is_odd(bnN.get()))
        m_problems.append(Msg::tr("the RSA modulus is even"));
    if (hasRocaFingerprint(bnN.get()))
        m_problems.append(Msg::tr("the RSA modulus has the ROCA fingerprint (CVE-2017-15361): the private key can "
                                  "be computed from it; have the IdP replace the key"));
    if (!m_problems.isEmpty())
        return;

    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1
        || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1) {
        m_problems.append(Msg::tr("OpenSSL could not build the RSA key"));
        return;
    }
    m_pkey = fromData("RSA", bld.get());
    if (!m_pkey)
        m_problems.append(Msg::tr("OpenSSL could not build the RSA key"));
}

void Jwk::buildEc()
{
    if (m_json.contains(QLatin1String("d")))
        m_problems.append(Msg::tr("it publishes private key material (\"d\"): treat the key as compromised and "
                                  "have the IdP rotate it"));
    const char *group = nullptr;
    int fieldBytes = 0;
    if (m_crv == QLatin1String("P-256")) {
        group = "prime256v1";
        fieldBytes = 32;
    } else if (m_crv == QLatin1String("P-384")) {
        group = "secp384r1";
        fieldBytes = 48;
    } else if (m_crv == QLatin1String("P-521")) {
        group = "secp521r1";
        fieldBytes = 66;
    } else {
        m_problems.append(Msg::tr("curve \"%1\" is not supported (P-256, P-384 and P-521 are)").arg(elide(m_crv)));
        return;
    }
    m_bits = fieldBytes == 66 ? 521 : fieldBytes * 8;
    QStringList bad;
    const auto x = member(m_json, "x", &bad);
    const auto y = member(m_json, "y", &bad);
    if (!x || !y) {
        m_problems += bad;
        return;
    }
    if (x->size() != fieldBytes || y->size() != fieldBytes) {
        m_problems.append(
            Msg::tr("the coordinates must be exactly %1 bytes each for %2").arg(fieldBytes).arg(elide(m_crv)));
        return;
    }
    if (!m_problems.isEmpty())
        return;
    QByteArray point;
    point.reserve(1 + 2 * fieldBytes);
    point.append('\x04').append(*x).append(*y);
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                            static_cast<size_t>(point.size()))
               != 1) {
        m_problems.append(Msg::tr("OpenSSL could not build the EC key"));
        return;
    }
    // EVP_PKEY_fromdata decodes the point with EC_POINT_oct2point, which refuses a point not on the curve; the
    // NIST curves have cofactor 1, so that is the whole public-key validation (no costly order check needed).
    m_pkey = fromData("EC", bld.get());
    if (!m_pkey) {
        m_pkey.reset();
        m_problems.append(Msg::tr("the point (x, y) is not on curve %1").arg(elide(m_crv)));
    }
}

void Jwk::buildOkp()
{
    if (m_json.contains(QLatin1String("d")))
        m_problems.append(Msg::tr("it publishes private key material (\"d\"): treat the key as compromised and "
                                  "have the IdP rotate it"));
    if (m_crv != QLatin1String("Ed25519")) {
        m_problems.append(Msg::tr("OKP curve \"%1\" is not supported (Ed25519 is)").arg(elide(m_crv)));
        return;
    }
    m_bits = 256;
    QStringList bad;
    const auto x = member(m_json, "x", &bad);
    if (!x) {
        m_problems += bad;
        return;
    }
    if (x->size() != 32) {
        m_problems.append(Msg::tr("an Ed25519 public key is 32 bytes; this one is %1").arg(x->size()));
        return;
    }
    if (isSmallOrderEd25519(*x)) {
        m_problems.append(Msg::tr("the Ed25519 public key is a point of small order: with it a forged signature "
                                  "verifies for any token. Have the IdP publish its real signing key"));
        return;
    }
    if (!m_problems.isEmpty())
        return;
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
    if (!bld
        || OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, x->constData(),
                                            static_cast<size_t>(x->size()))
               != 1) {
        m_problems.append(Msg::tr("OpenSSL could not build the Ed25519 key"));
        return;
    }
    m_pkey = fromData("ED25519", bld.get());
    if (!m_pkey)
        m_problems.append(Msg::tr("OpenSSL could not build the Ed25519 key"));
}

bool Jwk::fits(Algorithm algorithm, QString *why) const
{
    const auto no = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!usable())
        return no(m_problems.isEmpty() ? Msg::tr("the key could not be built") : m_problems.join(QStringLiteral("; ")));
    const AlgorithmInfo &ai = info(algorithm);
    const QLatin1String name(ai.name); // compared and quoted without building a QString on the hot path
    switch (ai.family) {
    case KeyFamily::Rsa:
        if (m_kind != Kind::Rsa)
            return no(Msg::tr("it is a %1 key, not RSA as %2 needs").arg(m_kty, name));
        break;
    case KeyFamily::Ec:
        if (m_kind != Kind::Ec || m_crv != QLatin1String(ai.curve))
            return no(Msg::tr("%1 needs an EC key on %2; this is kty %3%4")
                          .arg(name, QLatin1String(ai.curve), m_kty,
                               m_crv.isEmpty() ? QString() : QStringLiteral(" crv ") + m_crv));
        break;
    case KeyFamily::Okp:
        if (m_kind != Kind::Okp || m_crv != QLatin1String(ai.curve))
            return no(Msg::tr("%1 needs an OKP Ed25519 key; this is kty %2").arg(name, m_kty));
        break;
    }
    if (!m_alg.isEmpty() && m_alg != name)
        return no(Msg::tr("the key is bound to alg %1 but the token says %2").arg(m_alg, name));
    if (!m_use.isEmpty() && m_use != QLatin1String("sig"))
        return no(Msg::tr("the key is for use \"%1\", not \"sig\"").arg(m_use));
    if (!m_keyOps.isEmpty() && !m_keyOps.contains(QLatin1String("verify")))
        return no(Msg::tr("the key's key_ops (%1) do not include \"verify\"").arg(m_keyOps.join(QStringLiteral(", "))));
    return true;
}

QString Jwk::composeDescription() const
{
    QString type;
    switch (m_kind) {
    case Kind::Rsa: type = Msg::tr("RSA %1-bit key").arg(m_bits); break;
    case Kind::Ec: type = Msg::tr("EC %1 key").arg(elide(m_crv)); break;
    case Kind::Okp: type = Msg::tr("%1 key").arg(elide(m_crv)); break;
    case Kind::Unsupported: type = Msg::tr("%1 key").arg(m_kty.isEmpty() ? QStringLiteral("?") : m_kty); break;
    }
    QString text = m_hasKid ? Msg::tr("%1 '%2'").arg(type, m_kid) : Msg::tr("%1 without kid").arg(type);
    if (!m_alg.isEmpty())
        text += Msg::tr(" (alg %1)").arg(m_alg);
    return text;
}

} // namespace cmic::jose
