// Prints, per algorithm, tokens verified per second through the full path (parse, key lookup, signature, claims)
// with a cached key, next to bare EVP_DigestVerify of the same signing input with the same EVP_PKEY, measured in
// the same run with interleaved rounds; the ratio's target is >= 0.90. Also the time to parse a 10-key JWKS.
// Usage: jose_bench [--rounds N] [--round-ms MS] [--breakdown] [--profile N]
// --profile N verifies the RS256 token N times through the full path and exits (for callgrind or perf).
#include "JoseTestKit.h"

#include "core/jose/Base64Url.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/SignatureVerifier.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace cmic::jose;
namespace tk = cmic::jose::testkit;

namespace {

constexpr qint64 kNow = 1'780'000'000;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// Runs |fn| |iterations| times; returns operations per second.
double opsPerSecond(const std::function<bool()> &fn, int iterations)
{
    QElapsedTimer timer;
    timer.start();
    int ok = 0;
    for (int i = 0; i < iterations; ++i)
        ok += fn() ? 1 : 0;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (ok != iterations) {
        std::fprintf(stderr, "jose_bench: a verification failed (%d of %d passed)\n", ok, iterations);
        std::exit(1);
    }
    return iterations / seconds;
}

int calibrate(const std::function<bool()> &fn, int roundMs)
{
    int n = 1;
    while (true) {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i)
            fn();
        const qint64 ms = timer.elapsed();
        if (ms >= 50)
            return std::max(1, int(double(n) * roundMs / double(ms)));
        n *= 2;
    }
}

QByteArray rawToDer(const QByteArray &raw)
{
    const int half = int(raw.size() / 2);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.constData()), half, nullptr),
                   BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.constData()) + half, half, nullptr));
    unsigned char *der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    QByteArray out(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Production logging: the per-call debug lines of the identity resolver are off.
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    int rounds = 9;
    int roundMs = 250;
    int profileIterations = 0; // --profile N: only the RS256 full path, N times (for callgrind / perf)
    const bool breakdown = QCoreApplication::arguments().contains(QStringLiteral("--breakdown"));
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--rounds"))
            rounds = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--round-ms"))
            roundMs = std::max(10, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--profile"))
            profileIterations = std::max(1, args[i + 1].toInt());
    }

    cmic::FixedClock clock(QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC));
    ClaimsPolicy policy;
    policy.issuer = QStringLiteral("https://idp.example/");
    policy.appId = QStringLiteral("client-1");
    policy.appIdClaim = QStringLiteral("client_id");
    policy.audience = QStringLiteral("api://cmic");
    policy.ipCheck = true;
    policy.environment = cmic::Environment{};
    policy.expectUser = QStringLiteral("SVC_INTEGRATION");
    const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("https://idp.example/")},
                             {QStringLiteral("sub"), QStringLiteral("client-1")},
                             {QStringLiteral("aud"), QStringLiteral("api://cmic")},
                             {QStringLiteral("client_id"), QStringLiteral("client-1")},
                             {QStringLiteral("scope"), QStringLiteral("cmic.api")},
                             {QStringLiteral("jti"), QStringLiteral("5d7c1f7e-5d8b-4bb4-9d61-3d1f0f0c2a11")},
                             {QStringLiteral("iat"), kNow - 60},
                             {QStringLiteral("nbf"), kNow - 60},
                             {QStringLiteral("exp"), kNow + 3600},
                             {QStringLiteral("ipaddr"), QStringLiteral("192.0.2.1")},
                             {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEGRATION")}};

    std::printf("jose_bench: %d interleaved rounds of ~%d ms each, medians (OpenSSL %s)\n", rounds, roundMs,
                OpenSSL_version(OPENSSL_VERSION_STRING));
    std::printf("%-6s %14s %14s %8s %s\n", "alg", "full path/s", "bare EVP/s", "ratio", "");
    bool allMet = true;
    for (Algorithm alg : {Algorithm::RS256, Algorithm::PS256, Algorithm::ES256, Algorithm::EdDSA}) {
        const tk::TestKey key = tk::key(alg, 0, QStringLiteral("bench-key"));
        const auto keys =
            JwkSet::parse(tk::jwks({tk::key(Algorithm::ES384, 0, QStringLiteral("other")).jwk, key.jwk}), nullptr);
        const QByteArray token = tk::token(claims, key);
        const TokenVerifier verifier(&*keys, clock);
        if (!verifier.verify(token, policy).valid()) {
            std::fprintf(stderr, "jose_bench: the %s token does not verify\n", info(alg).name);
            return 1;
        }
        // The bare baseline: the same signing input, the same cached EVP_PKEY, OpenSSL's own signature format.
        EVP_PKEY *pkey = keys->keys().last().pkey();
        const QByteArray input = token.left(token.lastIndexOf('.'));
        QByteArray sig = *Base64Url::decode(token.mid(token.lastIndexOf('.') + 1));
        if (info(alg).family == KeyFamily::Ec)
            sig = rawToDer(sig);
        EVP_MD *md = SignatureVerifier::digest(alg);
        const bool pss = info(alg).pss;
        const int saltLength = info(alg).digestBytes;
        const std::function<bool()> bare = [&] {
            EVP_MD_CTX *ctx = EVP_MD_CTX_new();
            EVP_PKEY_CTX *pctx = nullptr;
            EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, pkey);
            if (pss) {
                EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md);
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltLength);
            }
            const int rc =
                EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()), size_t(sig.size()),
                                 reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
            EVP_MD_CTX_free(ctx);
            return rc == 1;
        };
        const std::function<bool()> full = [&] { return verifier.verify(token, policy).valid(); };
        if (profileIterations > 0) {
            int valid = 0;
            for (int i = 0; i < profileIterations; ++i)
                valid += verifier.verify(token, policy).valid() ? 1 : 0;
            std::printf("%s: %d of %d tokens valid (profile mode)\n", info(alg).name, valid, profileIterations);
            return valid == profileIterations ? 0 : 1;
        }

        if (breakdown) {
            const CompactJws::PayloadKind kind = CompactJws::PayloadKind::JsonObject;
            const CompactJws parsed = CompactJws::parse(token, kind);
            const Jwk &jwk = keys->keys().last();
            const QJsonObject header = parsed.header;
            const std::vector<std::pair<const char *, std::function<bool()>>> parts = {
                {"CompactJws::parse", [&] { return CompactJws::parse(token, kind).ok(); }},
                {"key select",
                 [&] { return keys->select(QStringLiteral("bench-key"), true, alg).status == CheckStatus::Pass; }},
                {"SignatureVerifier",
                 [&] { return SignatureVerifier::verify(alg, jwk, parsed.signingInput, parsed.signature); }},
                {"ClaimsValidator",
                 [&] {
                     Verdict v;
                     ClaimsValidator(clock).validate(header, parsed.claims, policy, &v);
                     return v.failedIds().isEmpty();
                 }},
                {"verifyJws (no claims)", [&] { return verifier.verifyJws(token).valid(); }},
            };
            for (const auto &[name, fn] : parts) {
                const int n = calibrate(fn, roundMs / 2);
                std::printf("    %-24s %8.2f us\n", name, 1e6 / opsPerSecond(fn, n));
            }
        }
        const int bareIterations = calibrate(bare, roundMs);
        const int fullIterations = calibrate(full, roundMs);
        std::vector<double> bareRates, fullRates, ratios;
        for (int r = 0; r < rounds; ++r) {
            const double b = opsPerSecond(bare, bareIterations);
            const double f = opsPerSecond(full, fullIterations);
            bareRates.push_back(b);
            fullRates.push_back(f);
            ratios.push_back(f / b);
        }
        const double ratio = median(ratios);
        allMet = allMet && ratio >= 0.90;
        std::printf("%-6s %14.0f %14.0f %8.3f %s\n", info(alg).name, median(fullRates), median(bareRates), ratio,
                    ratio >= 0.90 ? "ok (>= 0.90)" : "BELOW 0.90");
    }

    // A 10-key JWKS: 4 RSA 2048, 3 EC (P-256/384/521), 3 Ed25519.
    QList<QJsonObject> jwks;
    for (int i = 0; i < 4; ++i)
        jwks.append(tk::key(Algorithm::RS256, i, QStringLiteral("rsa-%1").arg(i)).jwk);
    jwks.append(tk::key(Algorithm::ES256, 0, QStringLiteral("ec-256")).jwk);
    jwks.append(tk::key(Algorithm::ES384, 0, QStringLiteral("ec-384")).jwk);
    jwks.append(tk::key(Algorithm::ES512, 0, QStringLiteral("ec-521")).jwk);
    for (int i = 0; i < 3; ++i)
        jwks.append(tk::key(Algorithm::EdDSA, i, QStringLiteral("ed-%1").arg(i)).jwk);
    const QByteArray jwksText = tk::jwks(jwks);
    std::vector<double> parseMs;
    for (int r = 0; r < std::max(rounds, 5); ++r) {
        constexpr int kParses = 50;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kParses; ++i) {
            const auto set = JwkSet::parse(jwksText, nullptr);
            if (!set || set->keys().size() != 10 || !set->problems().isEmpty()) {
                std::fprintf(stderr, "jose_bench: the 10-key JWKS did not parse cleanly\n");
                return 1;
            }
        }
        parseMs.push_back(double(timer.nsecsElapsed()) / 1e6 / kParses);
    }
    const double jwksMs = median(parseMs);
    std::printf("10-key JWKS parse (%lld bytes, EVP_PKEY built per key): %.3f ms median %s\n",
                static_cast<long long>(jwksText.size()), jwksMs, jwksMs <= 1.0 ? "ok (<= 1 ms)" : "ABOVE 1 ms");
    return allMet && jwksMs <= 1.0 ? 0 : 3;
}
