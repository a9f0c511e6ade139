#pragma once

#include "Algorithm.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

#include <openssl/types.h>

namespace cmic::jose {

// One public key from a JWKS (RFC 7517/7518/8037): RSA, EC P-256/384/521 or OKP Ed25519. The OpenSSL key is
// built once (OSSL_PARAM_BLD + EVP_PKEY_fromdata) when the JWK is read and shared by copies.
//
// A key can never verify when it has a problem: an unsupported or symmetric type, missing or malformed members,
// RSA below 2048 bits, a public exponent that is even or 1, a modulus with the ROCA fingerprint, an EC point not
// on its curve, coordinates of the wrong length, private members published, or an "alg" that does not match
// the key type or curve.
class Jwk
{
public:
    enum class Kind { Unsupported, Rsa, Ec, Okp };

    static Jwk fromJson(const QJsonObject &object);

    Kind kind() const { return m_kind; }
    QString kty() const { return m_kty; }
    QString kid() const { return m_kid; }
    bool hasKid() const { return m_hasKid; }
    QString alg() const { return m_alg; } // empty when the key does not name one
    QString use() const { return m_use; }
    QStringList keyOps() const { return m_keyOps; }
    QString crv() const { return m_crv; }
    int bits() const { return m_bits; }

    // Reasons the key can never verify (empty when usable).
    QStringList problems() const { return m_problems; }
    // Not fatal, but worth telling the admin.
    QStringList warnings() const { return m_warnings; }
    bool usable() const { return m_pkey && m_problems.isEmpty(); }

    // Whether this key may verify an |algorithm| signature: usable, its type/curve fits, its own "alg" (if any)
    // is the same, "use" (if any) is "sig", and "key_ops" (if any) contains "verify". Otherwise *why says why not.
    bool fits(Algorithm algorithm, QString *why = nullptr) const;

    // "RSA 2048-bit key 'k1' (alg RS256)" (composed once, when the JWK is read)
    QString describe() const { return m_description; }

    EVP_PKEY *pkey() const { return m_pkey.get(); }

    // Sets |ctx| up to verify an |algorithm| signature with this key (and the PSS parameters) by copying a
    // context initialised once per algorithm and shared by copies of this Jwk, instead of paying for
    // EVP_DigestVerifyInit on every verification. False when OpenSSL refuses. Thread-safe.
    bool initVerify(Algorithm algorithm, EVP_MD_CTX *ctx) const;
    QJsonObject json() const { return m_json; }

private:
    void buildRsa();
    void buildEc();
    void buildOkp();
    QString composeDescription() const;

    Kind m_kind = Kind::Unsupported;
    QString m_kty;
    QString m_kid;
    bool m_hasKid = false;
    QString m_alg;
    QString m_use;
    QStringList m_keyOps;
    QString m_crv;
    int m_bits = 0;
    QStringList m_problems;
    QStringList m_warnings;
    std::shared_ptr<EVP_PKEY> m_pkey;
    struct VerifyTemplates;
    std::shared_ptr<VerifyTemplates> m_templates;
    QJsonObject m_json;
    QString m_description;
};

} // namespace cmic::jose
