#pragma once

#include "core/model/AppRegistration.h"
#include "core/model/Environment.h"
#include "core/model/ServiceUser.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace cmic {
class Clock;
}

namespace cmic::jose {

class Verdict;

// The claims that can carry the App ID (the client id), in the order tried when the IdP preset names none:
// "appid" (Entra v1), "azp" (Entra v2, Auth0), "cid" (Okta), "client_id" (Keycloak, RFC 9068).
const QStringList &appIdClaimNames();
// The claim the App ID is compared with: |configured| (the IdP preset's) when set, else the first of
// appIdClaimNames() that |claims| has; empty when none.
QString appIdClaimIn(const QJsonObject &claims, const QString &configured);

// The string values of the aud claim, a string or an array (other entries left out), in the token's order.
QStringList audienceValues(const QJsonObject &claims);

// What the claims must say for CMiC to accept the token. Empty strings mean "not compared" (the check is
// reported as skipped or informational, never silently passed).
struct ClaimsPolicy
{
    QString issuer;     // compared as an exact string, trailing slash included
    QString appId;      // the registration's App ID
    QString appIdClaim; // "appid", "azp", "cid", "client_id"; empty: the first of these the token has
    QString audience;   // compared with aud: absent aud fails, a different value only warns (CMiC requires aud,
                        // nothing documents that it compares the value)
    qint64 clockSkewSeconds = 60;
    bool ipCheck = false; // CMiC's cmic.oauth2.ipcheck.enabled: the token must carry ipaddr
    int patchLevel = 0;   // Environment::patchLevel; 0 unknown. A missing ipaddr fails only below Patch 20.

    // The service-user claim is resolved through ServiceUserResolver when |environment| is set.
    std::optional<Environment> environment;
    AppRegistration registration;
    std::optional<ServiceUser> serviceUser;
    QString expectUser; // when set, the resolved CMiC username must be this one (case-insensitive)
};

// CMiC's claim checks over a decoded token, each reported in the verdict with a stable id:
// header.typ, claims.required, claims.iss, claims.appId, claims.aud, claims.exp, claims.nbf, claims.iat,
// claims.ipaddr, claims.user. Time comes from the injected Clock.
class ClaimsValidator
{
public:
    explicit ClaimsValidator(const Clock &clock) : m_clock(clock) {}

    void validate(const QJsonObject &header, const QJsonObject &claims, const ClaimsPolicy &policy,
                  Verdict *verdict) const;

    // "3 min 10 s", "2 h 5 min", "4 d 3 h", "0 s"
    static QString formatDuration(qint64 seconds);

private:
    const Clock &m_clock;
};

} // namespace cmic::jose
