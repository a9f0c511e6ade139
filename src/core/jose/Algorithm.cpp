#include "Algorithm.h"

#include <QList>

namespace cmic::jose {

namespace {
// clang-format off
const AlgorithmInfo kAlgorithms[] = {
    {Algorithm::RS256, "RS256", KeyFamily::Rsa, false, "SHA256", 32, nullptr, 0},
    {Algorithm::RS384, "RS384", KeyFamily::Rsa, false, "SHA384", 48, nullptr, 0},
    {Algorithm::RS512, "RS512", KeyFamily::Rsa, false, "SHA512", 64, nullptr, 0},
    {Algorithm::PS256, "PS256", KeyFamily::Rsa, true, "SHA256", 32, nullptr, 0},
    {Algorithm::PS384, "PS384", KeyFamily::Rsa, true, "SHA384", 48, nullptr, 0},
    {Algorithm::PS512, "PS512", KeyFamily::Rsa, true, "SHA512", 64, nullptr, 0},
    {Algorithm::ES256, "ES256", KeyFamily::Ec, false, "SHA256", 32, "P-256", 32},
    {Algorithm::ES384, "ES384", KeyFamily::Ec, false, "SHA384", 48, "P-384", 48},
    {Algorithm::ES512, "ES512", KeyFamily::Ec, false, "SHA512", 64, "P-521", 66},
    {Algorithm::EdDSA, "EdDSA", KeyFamily::Okp, false, nullptr, 0, "Ed25519", 0},
};
// clang-format on
} // namespace

const AlgorithmInfo &info(Algorithm algorithm) { return kAlgorithms[static_cast<int>(algorithm)]; }

QString algorithmName(Algorithm algorithm) { return QString::fromLatin1(info(algorithm).name); }

std::optional<Algorithm> algorithmFromName(QStringView name)
{
    for (const AlgorithmInfo &a : kAlgorithms) {
        if (name == QLatin1String(a.name))
            return a.algorithm;
    }
    return std::nullopt;
}

const QList<Algorithm> &supportedAlgorithms()
{
    static const QList<Algorithm> all = [] {
        QList<Algorithm> list;
        for (const AlgorithmInfo &a : kAlgorithms)
            list.append(a.algorithm);
        return list;
    }();
    return all;
}

} // namespace cmic::jose
