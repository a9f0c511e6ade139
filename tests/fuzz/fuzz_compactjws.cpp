// Fuzzes the token path: Base64Url, strict JSON, CompactJws, and the whole TokenVerifier (header rules, key
// selection, signature, claims) against a fixed key set.
#include "core/jose/Base64Url.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/StrictJson.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QLoggingCategory>

#include <cstdint>
#include <cstdlib>

using namespace cmic::jose;

namespace {

// Public keys only (RFC 7520 / RFC 8037 examples), so tokens in the corpus can reach the signature check.
const char kJwks[] = R"({"keys":[
{"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","use":"sig","alg":"RS256","n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw","e":"AQAB"},
{"kty":"EC","kid":"ec","crv":"P-521","x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt","y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"},
{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})";

const JwkSet &keys()
{
    static const JwkSet set = *JwkSet::parse(kJwks, nullptr);
    return set;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    keys();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    // Base64Url: whatever decodes must re-encode to the same text (one canonical spelling).
    if (const auto decoded = Base64Url::decode(bytes)) {
        if (Base64Url::encode(*decoded) != bytes)
            std::abort();
    }
    QString error;
    isStrictJson(bytes, &error);

    const CompactJws plain = CompactJws::parse(bytes, CompactJws::PayloadKind::Bytes);
    if (plain.ok() && plain.signingInput.size() >= bytes.size())
        std::abort();

    static const cmic::FixedClock clock(QDateTime::fromSecsSinceEpoch(1'780'000'000, Qt::UTC));
    ClaimsPolicy policy;
    policy.issuer = QStringLiteral("https://idp.example/");
    policy.appId = QStringLiteral("client-1");
    policy.audience = QStringLiteral("api://cmic");
    policy.ipCheck = true;
    policy.environment = cmic::Environment{};
    const Verdict verdict = TokenVerifier(&keys(), clock).verify(bytes, policy);
    for (const Check &c : verdict.checks())
        (void)c.message(); // every sentence must be composable
    (void)verdict.toJson();
    (void)TokenVerifier(&keys(), clock).verifyJws(bytes).valid();
    return 0;
}
