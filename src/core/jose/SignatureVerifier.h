#pragma once

#include "Algorithm.h"

#include <QByteArrayView>
#include <QString>

#include <openssl/types.h>

namespace cmic::jose {

class Jwk;

// Verifies one JWS signature with OpenSSL 3 EVP. Strict about the signature's shape for the algorithm:
// RSA signatures exactly the modulus size; ECDSA the raw R||S of exactly twice the field size (converted to DER
// for OpenSSL here, never accepted as DER); Ed25519 exactly 64 bytes; PSS with MGF1 over the same digest and a
// salt exactly the digest length. The key's type (and curve) must match the algorithm.
class SignatureVerifier
{
public:
    // True when |signature| is a valid |algorithm| signature of |data| under |key|. On false, *why (if given) says
    // what was wrong in a short phrase ("the signature does not match", "the ES256 signature is 72 bytes, ...").
    static bool verify(Algorithm algorithm, EVP_PKEY *key, QByteArrayView data, QByteArrayView signature,
                       QString *why = nullptr);

    // The same, with |key|'s cached, pre-initialised verify context (see Jwk::initVerify). The key must fit
    // |algorithm| (Jwk::fits); that is checked again here.
    static bool verify(Algorithm algorithm, const Jwk &key, QByteArrayView data, QByteArrayView signature,
                       QString *why = nullptr);

    // The digest for |algorithm|, fetched once (nullptr for EdDSA).
    static EVP_MD *digest(Algorithm algorithm);

private:
    static bool verifyWith(Algorithm algorithm, EVP_PKEY *key, const Jwk *jwk, QByteArrayView data,
                           QByteArrayView signature, QString *why);
};

} // namespace cmic::jose
