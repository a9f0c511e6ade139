#pragma once

#include <QByteArrayView>

namespace cmic {
class Clock;
}

namespace cmic::jose {

class JwkSet;
class Verdict;
struct ClaimsPolicy;

// The whole local verification of an access token: structure, header rules, key selection from the
// registered JWKS (never from the token), signature, then CMiC's claim checks. Every check lands in the
// verdict; a broken part skips only what depends on it.
//
// Header rules: alg must be on the allow-list (never none in any spelling, never HS*) and agree with the
// selected key's alg; crit with any member is rejected (the console understands no extensions); b64 other
// than true is rejected; cty JWT (a nested token) is rejected; jwk, jku, x5u and x5c are reported and never
// used to find a key.
class TokenVerifier
{
public:
    // |keys| may be null: the signature is then reported as not checked and the token is not valid.
    TokenVerifier(const JwkSet *keys, const Clock &clock) : m_keys(keys), m_clock(clock) {}

    // A JWT access token: the payload must be a JSON claims set, checked against |policy|.
    Verdict verify(QByteArrayView token, const ClaimsPolicy &policy) const;

    // The signature layer alone, for any JWS payload (conformance vectors): no claim checks.
    Verdict verifyJws(QByteArrayView token) const;

private:
    Verdict run(QByteArrayView token, const ClaimsPolicy *policy) const;

    const JwkSet *m_keys;
    const Clock &m_clock;
};

} // namespace cmic::jose
