#pragma once

// Test-only helpers: fresh keys, JWK export, signing, token minting. Shared by the jose tests and jose_bench.

#include "core/jose/Algorithm.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <memory>

#include <openssl/types.h>

namespace cmic::jose::testkit {

struct TestKey
{
    std::shared_ptr<EVP_PKEY> pkey; // private key
    Algorithm algorithm = Algorithm::RS256;
    QJsonObject jwk; // public JWK with kid and alg
};

// A key for |algorithm| (RSA 2048, P-256/384/521, Ed25519), generated once per process and per |slot|.
TestKey key(Algorithm algorithm, int slot = 0, const QString &kid = {});

// Public JWK for |pkey| (no kid/alg).
QJsonObject publicJwk(EVP_PKEY *pkey);

// A JOSE signature (raw R||S for ECDSA). |pssSaltLength| < 0: the digest length.
QByteArray sign(Algorithm algorithm, EVP_PKEY *pkey, const QByteArray &input, int pssSaltLength = -1);

// BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)
QByteArray token(const QByteArray &headerJson, const QByteArray &payloadJson, const TestKey &key);
QByteArray token(const QJsonObject &header, const QJsonObject &claims, const TestKey &key);
// Header {"alg": <key alg>, "kid": <key kid>, "typ": "at+jwt"} over |claims|.
QByteArray token(const QJsonObject &claims, const TestKey &key);

QByteArray jwks(const QList<QJsonObject> &keys);
QByteArray compact(const QJsonObject &object);

} // namespace cmic::jose::testkit
