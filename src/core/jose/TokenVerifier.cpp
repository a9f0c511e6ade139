#include "TokenVerifier.h"

#include "ClaimsValidator.h"
#include "CompactJws.h"
#include "JwkSet.h"
#include "SignatureVerifier.h"
#include "Verdict.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cmic::jose {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::TokenVerifier)
};

const QString kFormat = QStringLiteral("token.format");
const QString kHeader = QStringLiteral("token.header");
const QString kPayload = QStringLiteral("token.payload");
const QString kAlg = QStringLiteral("header.alg");
const QString kCrit = QStringLiteral("header.crit");
const QString kB64 = QStringLiteral("header.b64");
const QString kCty = QStringLiteral("header.cty");
const QString kEmbedded = QStringLiteral("header.embeddedKeys");
const QString kJwks = QStringLiteral("jwks");
const QString kKey = QStringLiteral("key.select");
const QString kSignature = QStringLiteral("signature");
const QString kClaims = QStringLiteral("claims");

std::optional<Algorithm> checkAlg(const QJsonObject &header, Verdict *v)
{
    const QJsonValue value = header.value(QLatin1String("alg"));
    if (!value.isString()) {
        v->fail(kAlg, value.isUndefined() ? Msg::tr("The header has no alg. A signed token must name its algorithm.")
                                          : Msg::tr("The header's alg is not a string."));
        return std::nullopt;
    }
    const QString name = value.toString();
    if (name.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        v->fail(kAlg, Msg::tr("alg is \"%1\": the token is unsigned and anyone could have written it. It is never "
                              "accepted; request a signed token from the IdP.")
                          .arg(elide(name)));
        return std::nullopt;
    }
    if (name.startsWith(QLatin1String("HS"), Qt::CaseInsensitive)) {
        v->fail(kAlg, Msg::tr("alg is %1, an HMAC with a shared secret. It is never accepted: with a public JWKS it "
                              "is the classic key-confusion forgery. Configure the IdP to sign access tokens with "
                              "RS256, PS256, ES256 or EdDSA.")
                          .arg(elide(name)));
        return std::nullopt;
    }
    const auto alg = algorithmFromName(name);
    if (!alg) {
        QStringList allowed;
        for (Algorithm a : supportedAlgorithms())
            allowed.append(algorithmName(a));
        v->fail(kAlg, Msg::tr("alg \"%1\" is not on the allow-list (%2). Configure the IdP to use one of those.")
                          .arg(elide(name, 40), allowed.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    v->pass(kAlg, [](const Check::Args &g) { return Msg::tr("alg %1 is on the allow-list.").arg(g.a); }, {name});
    return alg;
}

bool checkHeaderRules(const QJsonObject &header, Verdict *v)
{
    bool ok = true;
    const QJsonValue crit = header.value(QLatin1String("crit"));
    if (crit.isUndefined()) {
        v->pass(kCrit,
                [](const auto &) { return Msg::tr("No crit header (no extensions the verifier must understand)."); });
    } else {
        QStringList names;
        for (const QJsonValue &c : crit.toArray())
            names.append(c.isString() ? c.toString() : QStringLiteral("?"));
        ok = false;
        v->fail(kCrit, crit.isArray() && !names.isEmpty()
                           ? Msg::tr("crit lists %1, which the console does not understand; RFC 7515 requires "
                                     "rejecting such a token. Access tokens for CMiC should not use crit.")
                                 .arg(names.join(QStringLiteral(", ")))
                           : Msg::tr("crit is malformed (it must be a non-empty array of names)."));
    }

    const QJsonValue b64 = header.value(QLatin1String("b64"));
    if (b64.isUndefined()) {
        v->pass(kB64, [](const auto &) { return Msg::tr("The payload is base64url-encoded (no b64 header)."); });
    } else if (b64.isBool() && b64.toBool()) {
        v->warn(kB64, Msg::tr("b64 is true, which is the default; the header need not carry it."));
    } else {
        ok = false;
        v->fail(kB64, Msg::tr("b64 is %1: an unencoded payload (RFC 7797) is not a JWT and is never accepted.")
                          .arg(b64.isBool() ? QStringLiteral("false") : Msg::tr("not a boolean")));
    }

    const QJsonValue cty = header.value(QLatin1String("cty"));
    const QString ctyText = cty.toString();
    if (cty.isUndefined()) {
        v->pass(kCty, [](const auto &) { return Msg::tr("No cty header (not a nested token)."); });
    } else if (!cty.isString() || ctyText.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0
               || ctyText.compare(QLatin1String("application/jwt"), Qt::CaseInsensitive) == 0) {
        ok = false;
        v->fail(kCty, Msg::tr("cty says the payload is another JWT (a nested token). CMiC expects a plain signed "
                              "access token; nested tokens are never accepted."));
    } else {
        v->warn(kCty, Msg::tr("cty is \"%1\"; access tokens normally have none.").arg(elide(ctyText, 40)));
    }

    QStringList embedded;
    for (const char *name : {"jwk", "jku", "x5u", "x5c"}) {
        if (header.contains(QLatin1String(name)))
            embedded.append(QLatin1String(name));
    }
    if (embedded.isEmpty())
        v->pass(kEmbedded,
                [](const auto &) { return Msg::tr("The header names no key of its own (jwk, jku, x5u, x5c)."); });
    else
        v->warn(kEmbedded, Msg::tr("The header carries %1. It is ignored: a token cannot choose the key it is "
                                   "verified with; only the registered JWKS is used.")
                               .arg(embedded.join(QStringLiteral(", "))));
    return ok;
}

} // namespace

Verdict TokenVerifier::verify(QByteArrayView token, const ClaimsPolicy &policy) const { return run(token, &policy); }

Verdict TokenVerifier::verifyJws(QByteArrayView token) const { return run(token, nullptr); }

Verdict TokenVerifier::run(QByteArrayView token, const ClaimsPolicy *policy) const
{
    Verdict v;
    v.reserve(24);
    const CompactJws jws =
        CompactJws::parse(token, policy ? CompactJws::PayloadKind::JsonObject : CompactJws::PayloadKind::Bytes);
    if (!jws.formatOk()) {
        v.fail(kFormat, jws.formatError);
        v.skip(kSignature, Msg::tr("Not checked: the token could not be split into header, payload and signature."));
        if (policy)
            v.skip(kClaims, Msg::tr("Not checked: the token could not be read."));
        return v;
    }
    v.pass(
        kFormat,
        [](const Check::Args &g) { return Msg::tr("Three base64url parts, %1 bytes.").arg(static_cast<qint64>(g.x)); },
        {{}, {}, static_cast<double>(token.size())});
    v.header = jws.header;
    v.claims = jws.claims;

    if (jws.headerOk())
        v.pass(kHeader, [](const auto &) { return Msg::tr("The header is a JSON object."); });
    else
        v.fail(kHeader, jws.headerError + Msg::tr(" The token is corrupt or was altered; copy it again."));
    if (policy) {
        if (jws.payloadOk())
            v.pass(kPayload, [](const auto &) { return Msg::tr("The payload is a JSON claims set."); });
        else
            v.fail(kPayload, jws.payloadError + Msg::tr(" The token is corrupt or was altered; copy it again."));
    }

    std::optional<Algorithm> alg;
    if (jws.headerOk()) {
        alg = checkAlg(jws.header, &v);
        checkHeaderRules(jws.header, &v);
    }

    if (!m_keys) {
        v.skip(kKey, Msg::tr("No JWKS given, so no key was selected."));
        v.skip(kSignature, Msg::tr("Not checked: no JWKS given. Pass the registration's JWKS URI (or a saved "
                                   "copy) to verify the signature."));
    } else {
        const QStringList problems = m_keys->problems();
        if (problems.isEmpty())
            v.pass(kJwks,
                   [](const Check::Args &g) {
                       return Msg::tr("The JWKS has %n usable key(s).", nullptr, static_cast<int>(g.x));
                   },
                   {{}, {}, static_cast<double>(m_keys->keys().size())});
        else
            v.warn(kJwks, Msg::tr("The JWKS has problems: %1.").arg(problems.join(QStringLiteral("; "))));

        QList<const Jwk *> candidates;
        if (!jws.headerOk() || !alg) {
            v.skip(kKey, Msg::tr("Not selected: the header or its alg is not acceptable."));
        } else {
            const QJsonValue kid = jws.header.value(QLatin1String("kid"));
            if (!kid.isUndefined() && !kid.isString()) {
                v.fail(kKey, Msg::tr("The header's kid is not a string."));
            } else {
                const QString kidText = kid.toString();
                const JwkSet::Selection selection = m_keys->select(kidText, !kid.isUndefined(), *alg);
                if (selection.status == CheckStatus::Pass) {
                    v.pass(kKey, [](const Check::Args &g) { return JwkSet::selectedMessage(g.a, g.b); },
                           {kidText, selection.candidates.first()->describe()});
                } else {
                    v.add(kKey, selection.status, selection.message);
                }
                candidates = selection.candidates;
            }
        }

        if (candidates.isEmpty()) {
            v.skip(kSignature, Msg::tr("Not checked: no key from the JWKS can verify this token."));
        } else {
            QString why;
            const Jwk *verifiedWith = nullptr;
            for (const Jwk *key : candidates) {
                if (SignatureVerifier::verify(*alg, *key, jws.signingInput, jws.signature, &why)) {
                    verifiedWith = key;
                    break;
                }
            }
            if (verifiedWith) {
                v.pass(kSignature,
                       [](const Check::Args &g) {
                           return Msg::tr("The %1 signature verifies with the %2.")
                               .arg(algorithmName(static_cast<Algorithm>(static_cast<int>(g.x))), g.b);
                       },
                       {{}, verifiedWith->describe(), static_cast<double>(static_cast<int>(*alg))});
            } else {
                v.fail(kSignature, Msg::tr("The signature is not valid: %1. The token was altered, or it was "
                                           "signed by a key that is not in this JWKS (check the JWKS URI).")
                                       .arg(why));
            }
        }
    }

    if (policy) {
        if (jws.payloadOk()) {
            ClaimsValidator(m_clock).validate(jws.headerOk() ? jws.header : QJsonObject(), jws.claims, *policy, &v);
        } else {
            v.skip(kClaims, Msg::tr("Not checked: the payload is not a JSON claims set."));
        }
    }
    return v;
}

} // namespace cmic::jose
