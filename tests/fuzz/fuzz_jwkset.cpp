// Fuzzes JWKS reading: strict JSON, every key type's members, EVP_PKEY_fromdata, key selection.
#include "core/jose/Algorithm.h"
#include "core/jose/JwkSet.h"
#include "core/jose/SignatureVerifier.h"

#include <cstdint>

using namespace cmic::jose;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;
    const auto set = JwkSet::parse(bytes, &error);
    if (!set)
        return 0;
    (void)set->problems();
    for (const Jwk &key : set->keys()) {
        (void)key.describe();
        for (Algorithm alg : supportedAlgorithms()) {
            QString why;
            if (key.fits(alg, &why))
                (void)SignatureVerifier::verify(alg, key, "a.b", QByteArray(64, '\1'), &why);
        }
    }
    for (Algorithm alg : supportedAlgorithms()) {
        (void)set->select(QStringLiteral("k1"), true, alg).message;
        (void)set->select({}, false, alg).message;
    }
    return 0;
}
