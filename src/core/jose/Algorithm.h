#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace cmic::jose {

// The JWS algorithms the console accepts (RFC 7518 §3, RFC 8037). Everything else, `none` and HS* included,
// is refused by design: an access token from an IdP is signed with an asymmetric key.
enum class Algorithm { RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA };

enum class KeyFamily { Rsa, Ec, Okp };

struct AlgorithmInfo
{
    Algorithm algorithm;
    const char *name; // JOSE name, e.g. "PS256"
    KeyFamily family;
    bool pss;           // RSASSA-PSS (else PKCS#1 v1.5 for RSA)
    const char *digest; // OpenSSL digest name; nullptr for EdDSA
    int digestBytes;    // also the PSS salt length
    const char *curve;  // JWK "crv" for EC / OKP keys; nullptr for RSA
    int fieldBytes;     // EC: size of r and of s in the raw signature
};

const AlgorithmInfo &info(Algorithm algorithm);
QString algorithmName(Algorithm algorithm);
// Exact, case-sensitive match against the allow-list.
std::optional<Algorithm> algorithmFromName(QStringView name);
// The allow-list, in a stable order.
const QList<Algorithm> &supportedAlgorithms();

} // namespace cmic::jose
