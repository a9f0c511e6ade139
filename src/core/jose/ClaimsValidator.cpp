#include "ClaimsValidator.h"

#include "Verdict.h"
#include "core/identity/ServiceUserResolver.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cmic::jose {

const QStringList &appIdClaimNames()
{
    static const QStringList names{QStringLiteral("appid"), QStringLiteral("azp"), QStringLiteral("cid"),
                                   QStringLiteral("client_id")};
    return names;
}

QString appIdClaimIn(const QJsonObject &claims, const QString &configured)
{
    if (!configured.isEmpty())
        return configured;
    for (const QString &name : appIdClaimNames()) {
        if (claims.contains(name))
            return name;
    }
    return {};
}

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::ClaimsValidator)
};

const QString kTyp = QStringLiteral("header.typ");
const QString kRequired = QStringLiteral("claims.required");
const QString kIss = QStringLiteral("claims.iss");
const QString kAppId = QStringLiteral("claims.appId");
const QString kAud = QStringLiteral("claims.aud");
const QString kExp = QStringLiteral("claims.exp");
const QString kNbf = QStringLiteral("claims.nbf");
const QString kIat = QStringLiteral("claims.iat");
const QString kIpAddr = QStringLiteral("claims.ipaddr");
const QString kUser = QStringLiteral("claims.user");

// 9999-12-31T23:59:59Z. NumericDates beyond it (either sign) are refused, which also keeps every difference of
// two times far inside the range of qint64.
constexpr double kLastPlausibleSecond = 253402300799.0;
// The skew is clamped to [0, 10 years] so that a configuration value cannot overflow anything either.
constexpr qint64 kMaxSkewSeconds = 10LL * 366 * 86400;

QString describeValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return Msg::tr("a string (\"%1\")").arg(elide(v.toString(), 40));
    case QJsonValue::Bool: return Msg::tr("a boolean");
    case QJsonValue::Null: return Msg::tr("null");
    case QJsonValue::Array: return Msg::tr("an array");
    case QJsonValue::Object: return Msg::tr("an object");
    default: return Msg::tr("a number");
    }
}

QString utcText(double epochSeconds)
{
    if (!std::isfinite(epochSeconds) || std::fabs(epochSeconds) > 1e13)
        return QStringLiteral("?");
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(epochSeconds), Qt::UTC).toString(Qt::ISODate);
}

// At most kShownItems values, each cut (an aud array can hold thousands).
QString quoted(const QStringList &items)
{
    constexpr qsizetype kShownItems = 10;
    QStringList out;
    for (const QString &s : items.mid(0, kShownItems))
        out.append(QLatin1Char('\'') + elide(s) + QLatin1Char('\''));
    if (items.size() > kShownItems)
        out.append(Msg::tr("and %n more", nullptr, int(qMin<qsizetype>(items.size() - kShownItems, 1 << 30))));
    return out.join(QStringLiteral(", "));
}

void checkTyp(const QJsonObject &header, Verdict *v)
{
    const QJsonValue typ = header.value(QLatin1String("typ"));
    if (typ.isUndefined()) {
        v->pass(kTyp, [](const auto &) { return Msg::tr("No typ header; CMiC does not require one."); });
        return;
    }
    const QString t = typ.toString();
    if (typ.isString()
        && (t.compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) == 0
            || t.compare(QLatin1String("application/at+jwt"), Qt::CaseInsensitive) == 0
            || t.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0)) {
        v->pass(kTyp,
                [](const Check::Args &g) { return Msg::tr("typ is \"%1\", an access-token type.").arg(elide(g.a)); },
                {t});
        return;
    }
    v->fail(kTyp, Msg::tr("typ is %1, not at+jwt, application/at+jwt or JWT: this is not an access token (an ID "
                          "token or logout token?). Request an access token with the client-credentials grant.")
                      .arg(describeValue(typ)));
}

void checkRequired(const QJsonObject &claims, Verdict *v)
{
    QStringList missing;
    for (const char *name : {"sub", "exp", "aud", "iss"}) {
        if (!claims.contains(QLatin1String(name)))
            missing.append(QLatin1String(name));
    }
    if (missing.isEmpty())
        v->pass(kRequired,
                [](const auto &) { return Msg::tr("The claims CMiC requires (sub, exp, aud, iss) are present."); });
    else
        v->fail(kRequired, Msg::tr("%n claim(s) CMiC requires missing: %1. CMiC answers 401 without them; configure "
                                   "the IdP to issue them (for aud, request the token for the CMiC API's "
                                   "audience or resource).",
                                   nullptr, int(missing.size()))
                               .arg(missing.join(QStringLiteral(", "))));
}

void checkIssuer(const QJsonObject &claims, const ClaimsPolicy &policy, Verdict *v)
{
    const QJsonValue iss = claims.value(QLatin1String("iss"));
    if (iss.isUndefined()) {
        v->fail(kIss, Msg::tr("The token has no iss claim; CMiC matches the registration by issuer."));
        return;
    }
    if (!iss.isString()) {
        v->fail(kIss, Msg::tr("iss is %1; it must be a string.").arg(describeValue(iss)));
        return;
    }
    const QString got = iss.toString();
    if (policy.issuer.isEmpty()) {
        v->skip(kIss,
                [](const Check::Args &g) {
                    return Msg::tr("iss is \"%1\"; not compared (no expected issuer given).").arg(elide(g.a));
                },
                {got});
        return;
    }
    if (got == policy.issuer) {
        v->pass(kIss,
                [](const Check::Args &g) { return Msg::tr("iss is \"%1\", the registered issuer.").arg(elide(g.a)); },
                {got});
        return;
    }
    QString hint;
    const auto stripSlash = [](QString s) {
        while (s.endsWith(QLatin1Char('/')))
            s.chop(1);
        return s;
    };
    if (stripSlash(got) == stripSlash(policy.issuer))
        hint = Msg::tr(" They differ only in the trailing slash, and CMiC compares exactly: register \"%1\".")
                   .arg(elide(got));
    else if (got.contains(QLatin1String("sts.windows.net"))
             && policy.issuer.contains(QLatin1String("login.microsoftonline.com")))
        hint = Msg::tr(" The token is an Entra v1 token (issuer sts.windows.net) but the registration has the v2 "
                       "issuer: register \"%1\".")
                   .arg(elide(got));
    else if (policy.issuer.contains(QLatin1String("sts.windows.net"))
             && got.contains(QLatin1String("login.microsoftonline.com")))
        hint = Msg::tr(" The token is an Entra v2 token but the registration has the v1 issuer: set "
                       "accessTokenAcceptedVersion in the API's manifest, or register \"%1\".")
                   .arg(elide(got));
    else
        hint =
            Msg::tr(" Register the issuer exactly as the token has it, or request the token from the registered IdP.");
    v->fail(kIss,
            Msg::tr("iss is \"%1\" but the registration says \"%2\".").arg(elide(got), elide(policy.issuer)) + hint);
}

void checkAppId(const QJsonObject &claims, const ClaimsPolicy &policy, Verdict *v)
{
    QString claimName = policy.appIdClaim;
    if (claimName.isEmpty()) {
        for (const QString &name : appIdClaimNames()) {
            if (claims.contains(name)) {
                claimName = name;
                break;
            }
        }
        if (claimName.isEmpty()) {
            v->fail(kAppId, Msg::tr("The token has none of appid, azp, cid or client_id; CMiC matches the App ID "
                                    "by this claim. Check the IdP preset and the token type."));
            return;
        }
    }
    const QJsonValue value = claims.value(claimName);
    if (value.isUndefined()) {
        v->fail(kAppId, Msg::tr("The token has no %1 claim, which this IdP uses for the App ID. Check the IdP "
                                "preset (Entra: appid; Okta: cid; Auth0: azp; Keycloak, RFC 9068: client_id).")
                            .arg(elide(claimName)));
        return;
    }
    if (!value.isString()) {
        v->fail(kAppId, Msg::tr("%1 is %2; it must be a string.").arg(elide(claimName), describeValue(value)));
        return;
    }
    const QString appId = value.toString();
    if (policy.appId.isEmpty()) {
        v->skip(kAppId,
                [](const Check::Args &g) {
                    return Msg::tr("%1 is \"%2\"; not compared (no App ID given).").arg(elide(g.a), elide(g.b));
                },
                {claimName, appId});
        return;
    }
    if (appId == policy.appId)
        v->pass(kAppId,
                [](const Check::Args &g) {
                    return Msg::tr("%1 is \"%2\", the registered App ID.").arg(elide(g.a), elide(g.b));
                },
                {claimName, appId});
    else
        v->fail(kAppId, Msg::tr("%1 is \"%2\" but the registered App ID is \"%3\". Register the client id that "
                                "requested the token, or request it with the registered client.")
                            .arg(elide(claimName), elide(appId), elide(policy.appId)));
}

void checkAudience(const QJsonObject &claims, const ClaimsPolicy &policy, Verdict *v)
{
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    if (aud.isUndefined()) {
        v->fail(kAud, Msg::tr("The token has no aud claim, which CMiC requires. Request it for the CMiC API "
                              "(scope, audience or resource parameter; Keycloak needs an audience mapper)."));
        return;
    }
    if (aud.isString() && !policy.audience.isEmpty()) { // the common case, without building a list
        if (aud.toString() == policy.audience) {
            v->pass(kAud, [](const Check::Args &g) { return Msg::tr("aud includes \"%1\".").arg(elide(g.a)); },
                    {policy.audience});
            return;
        }
    }
    QStringList values;
    if (aud.isString()) {
        values.append(aud.toString());
    } else if (aud.isArray()) {
        for (const QJsonValue &a : aud.toArray()) {
            if (!a.isString()) {
                v->fail(kAud, Msg::tr("aud is an array with a non-string entry; it must hold strings."));
                return;
            }
            values.append(a.toString());
        }
    } else {
        v->fail(kAud, Msg::tr("aud is %1; it must be a string or an array of strings.").arg(describeValue(aud)));
        return;
    }
    if (values.isEmpty()) {
        v->fail(kAud, Msg::tr("aud is an empty array. Request the token for the CMiC API's audience."));
        return;
    }
    if (policy.audience.isEmpty()) {
        v->pass(kAud, Msg::tr("aud is %1 (no expected audience given; not compared).").arg(quoted(values)));
        return;
    }
    if (values.contains(policy.audience)) {
        v->pass(kAud, [](const Check::Args &g) { return Msg::tr("aud includes \"%1\".").arg(elide(g.a)); },
                {policy.audience});
        return;
    }
    // CMiC documents aud only as a required claim (fact); nothing says it compares the value, so a different
    // value is a warning that says what the IdP sent, never a verdict.
    v->warn(kAud, Msg::tr("The IdP sent aud %1, not the audience \"%2\" entered for this registration. CMiC "
                          "requires aud to be present; its documentation does not say it compares the value, so "
                          "CMiC probably accepts this token (a guess). Entra v1 tokens carry the Application ID URI "
                          "(with or without a trailing slash) or the app's GUID. If %1 is what the IdP issues for "
                          "the CMiC API, enter it as the audience; otherwise request the token for \"%2\".")
                      .arg(quoted(values), elide(policy.audience)));
}

// Reads a NumericDate claim; returns false (after reporting) when present but not a JSON number.
bool numericDate(const QJsonObject &claims, const char *name, const QString &id, std::optional<double> *out, Verdict *v)
{
    const QJsonValue value = claims.value(QLatin1String(name));
    if (value.isUndefined())
        return true;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        v->fail(id, Msg::tr("%1 is %2; it must be a JSON number of seconds since 1970 (NumericDate), and CMiC "
                            "rejects other types. Fix the IdP's claim mapping.")
                        .arg(QLatin1String(name), describeValue(value)));
        return false;
    }
    // Far beyond any real token lifetime, and where converting seconds to integers would overflow: a token that
    // "expires" in the year 10^300 is a never-expiring token, not a date.
    const double seconds = value.toDouble();
    if (std::fabs(seconds) > kLastPlausibleSecond) {
        v->fail(id, Msg::tr("%1 is %2, which is not a plausible date (more than 8,000 years from 1970); it must be a "
                            "NumericDate (seconds since 1970). Fix the IdP's claim mapping or token lifetime.")
                        .arg(QLatin1String(name), QString::number(seconds, 'g', 6)));
        return false;
    }
    *out = seconds;
    return true;
}

void checkTimes(const QJsonObject &claims, const ClaimsPolicy &policy, double now, Verdict *v)
{
    const qint64 skewSeconds = std::clamp<qint64>(policy.clockSkewSeconds, 0, kMaxSkewSeconds);
    const double skew = static_cast<double>(skewSeconds);
    const auto skewText = [skewSeconds] { return ClaimsValidator::formatDuration(skewSeconds); };

    std::optional<double> exp;
    if (numericDate(claims, "exp", kExp, &exp, v)) {
        if (!exp) {
            v->fail(kExp, Msg::tr("The token has no exp claim; CMiC requires an expiry."));
        } else {
            const auto margin = static_cast<qint64>(std::floor(*exp - now));
            if (now >= *exp + skew) {
                v->fail(kExp, Msg::tr("The token expired %1 ago (at %2), beyond the %3 clock skew. Request a new "
                                      "token; if it was just issued, check this computer's clock.")
                                  .arg(ClaimsValidator::formatDuration(-margin), utcText(*exp), skewText()));
            } else if (now >= *exp) {
                v->warn(kExp, Msg::tr("The token expired %1 ago (at %2), within the %3 clock skew; CMiC may already "
                                      "refuse it. Request a new token.")
                                  .arg(ClaimsValidator::formatDuration(-margin), utcText(*exp), skewText()));
            } else {
                v->pass(kExp,
                        [](const Check::Args &g) {
                            return Msg::tr("The token expires in %1 (at %2).")
                                .arg(ClaimsValidator::formatDuration(static_cast<qint64>(g.x)), utcText(g.y));
                        },
                        {{}, {}, static_cast<double>(margin), *exp});
            }
        }
    }

    std::optional<double> nbf;
    if (numericDate(claims, "nbf", kNbf, &nbf, v)) {
        if (!nbf) {
            v->skip(kNbf, [](const auto &) { return Msg::tr("No nbf claim (optional)."); });
        } else if (*nbf > now + skew) {
            v->fail(kNbf, Msg::tr("The token is not valid for another %1 (nbf %2), beyond the %3 clock skew. Check "
                                  "the clocks of this computer and of the IdP.")
                              .arg(ClaimsValidator::formatDuration(static_cast<qint64>(std::ceil(*nbf - now))),
                                   utcText(*nbf), skewText()));
        } else if (*nbf > now) {
            v->warn(kNbf, Msg::tr("The token becomes valid in %1 (nbf %2), within the %3 clock skew.")
                              .arg(ClaimsValidator::formatDuration(static_cast<qint64>(std::ceil(*nbf - now))),
                                   utcText(*nbf), skewText()));
        } else {
            v->pass(
                kNbf,
                [](const Check::Args &g) { return Msg::tr("The token has been valid since %1.").arg(utcText(g.x)); },
                {{}, {}, *nbf});
        }
    }

    std::optional<double> iat;
    if (numericDate(claims, "iat", kIat, &iat, v)) {
        if (!iat) {
            v->skip(kIat, [](const auto &) { return Msg::tr("No iat claim (optional)."); });
        } else if (*iat > now + skew) {
            v->fail(kIat, Msg::tr("The token was issued %1 in the future (iat %2), beyond the %3 clock skew: the "
                                  "IdP's clock or this computer's is wrong.")
                              .arg(ClaimsValidator::formatDuration(static_cast<qint64>(std::ceil(*iat - now))),
                                   utcText(*iat), skewText()));
        } else if (exp && *iat > *exp) {
            v->fail(kIat, Msg::tr("The token was issued (%1) after it expires (%2); the IdP's token settings are "
                                  "broken.")
                              .arg(utcText(*iat), utcText(*exp)));
        } else {
            v->pass(
                kIat,
                [](const Check::Args &g) {
                    return Msg::tr("Issued %1 ago (at %2).")
                        .arg(ClaimsValidator::formatDuration(static_cast<qint64>(std::floor(g.x - std::min(g.y, g.x)))),
                             utcText(g.y));
                },
                {{}, {}, now, *iat});
        }
    }
}

void checkIpAddr(const QJsonObject &claims, const ClaimsPolicy &policy, Verdict *v)
{
    if (!policy.ipCheck) {
        v->skip(kIpAddr, [](const auto &) {
            return Msg::tr("CMiC's IP check is off for this environment; ipaddr is not needed.");
        });
        return;
    }
    const QJsonValue ip = claims.value(QLatin1String("ipaddr"));
    const QString ipText = ip.toString();
    if (ip.isString() && !ipText.isEmpty()) {
        v->pass(kIpAddr,
                [](const Check::Args &g) {
                    return Msg::tr("ipaddr is \"%1\"; CMiC compares it with the caller's address as it sees it "
                                   "(X-Forwarded-For), so call from that address, not through a VPN or proxy.")
                        .arg(elide(g.a));
                },
                {ipText});
        return;
    }
    // fact (CMiC FAQ): a client-credentials token without ipaddr fails the IP check, "a missing fix that's part of
    // Patch 20". guess: from Patch 20 such a token passes; the exact rule is not published.
    if (policy.patchLevel > 0 && policy.patchLevel < 20) {
        v->fail(kIpAddr, Msg::tr("CMiC's IP check is on but the token has no ipaddr claim, so CMiC at Patch %1 "
                                 "answers 401 (documented: CMiC's FAQ lists a missing ipaddr in client-credentials "
                                 "tokens as fixed only in Patch 20). Add ipaddr to the token (Entra: optional claim), "
                                 "or turn the check off with cmic.oauth2.ipcheck.enabled=false.")
                             .arg(policy.patchLevel));
        return;
    }
    const QString patch = policy.patchLevel > 0 ? Msg::tr("Patch %1").arg(policy.patchLevel)
                                                : Msg::tr("an unknown patch level (set it on the environment)");
    v->warn(kIpAddr, Msg::tr("CMiC's IP check is on and the token has no ipaddr claim; the environment is at %1. "
                             "CMiC's FAQ calls a missing ipaddr in client-credentials tokens \"a missing fix that's "
                             "part of Patch 20\"; that from Patch 20 such a token passes the IP check is a guess, not "
                             "published. Below Patch 20 CMiC answers 401. To be sure, add ipaddr to the token "
                             "(Entra: optional claim) or turn the check off with cmic.oauth2.ipcheck.enabled=false.")
                         .arg(patch));
}

void checkUser(const QJsonObject &claims, const ClaimsPolicy &policy, Verdict *v)
{
    if (!policy.environment) {
        v->skip(kUser, Msg::tr("The service user was not resolved (no environment given)."));
        return;
    }
    const ResolvedServiceUser resolved = ServiceUserResolver::resolve(
        *policy.environment, policy.registration, policy.serviceUser ? &*policy.serviceUser : nullptr, claims);
    if (!resolved.ok) {
        QString text = resolved.reason;
        if (!resolved.fix.isEmpty())
            text += QLatin1Char(' ') + resolved.fix;
        if (text.isEmpty())
            text = Msg::tr("CMiC could not tell which service user to run the call as.");
        v->fail(kUser, text);
        return;
    }
    v->serviceUser = resolved.username;
    if (!policy.expectUser.isEmpty() && resolved.username.compare(policy.expectUser, Qt::CaseInsensitive) != 0) {
        v->fail(kUser, Msg::tr("CMiC would run the call as %1, not as the expected %2. %3")
                           .arg(elide(resolved.username), elide(policy.expectUser), resolved.reason));
        return;
    }
    if (resolved.otherUser) {
        v->fail(kUser, resolved.reason + QLatin1Char(' ') + resolved.fix);
        return;
    }
    if (!resolved.fix.isEmpty()) {
        v->warn(kUser, resolved.reason + QLatin1Char(' ') + resolved.fix);
        return;
    }
    v->pass(
        kUser,
        [](const Check::Args &g) { return g.a.isEmpty() ? Msg::tr("CMiC will run the call as %1.").arg(g.b) : g.a; },
        {resolved.reason, resolved.username});
}

} // namespace

QString ClaimsValidator::formatDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = seconds == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : -seconds;
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    const qint64 secs = seconds % 60;
    if (days > 0)
        return hours ? Msg::tr("%1 d %2 h").arg(days).arg(hours) : Msg::tr("%1 d").arg(days);
    if (hours > 0)
        return minutes ? Msg::tr("%1 h %2 min").arg(hours).arg(minutes) : Msg::tr("%1 h").arg(hours);
    if (minutes > 0)
        return secs ? Msg::tr("%1 min %2 s").arg(minutes).arg(secs) : Msg::tr("%1 min").arg(minutes);
    return Msg::tr("%1 s").arg(secs);
}

void ClaimsValidator::validate(const QJsonObject &header, const QJsonObject &claims, const ClaimsPolicy &policy,
                               Verdict *verdict) const
{
    const double now = static_cast<double>(m_clock.now().toMSecsSinceEpoch()) / 1000.0;
    checkTyp(header, verdict);
    checkRequired(claims, verdict);
    checkIssuer(claims, policy, verdict);
    checkAppId(claims, policy, verdict);
    checkAudience(claims, policy, verdict);
    checkTimes(claims, policy, now, verdict);
    checkIpAddr(claims, policy, verdict);
    checkUser(claims, policy, verdict);
}

QStringList audienceValues(const QJsonObject &claims)
{
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    QStringList values;
    if (aud.isString())
        values.append(aud.toString());
    for (const QJsonValue &a : aud.toArray()) {
        if (a.isString())
            values.append(a.toString());
    }
    return values;
}

} // namespace cmic::jose
