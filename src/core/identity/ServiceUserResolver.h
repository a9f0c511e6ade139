#pragma once

#include <QJsonObject>
#include <QString>

namespace cmic {

struct Environment;
struct AppRegistration;
struct ServiceUser;

// Who CMiC will run a call as, and why. `ok` false means CMiC would reject the call; `reason` says why and
// `fix` what to change.
struct ResolvedServiceUser
{
    bool ok = false;
    QString username;   // the CMiC username the call runs as (after remove-domain, tenant split)
    QString claimValue; // the raw claim value read, when the claim was used
    enum class Source { None, TokenClaim, Registration } source = Source::None;
    QString reason;
    QString fix;
    // Claim path only: the claim names a user other than the registration's service user. CMiC runs the calls as
    // that other user (or refuses them when it is no valid CMiC user): an error, whatever the caller expected.
    bool otherUser = false;
};

// CMiC's identity rules (see ../shared/spec/cmic-api-facts.md):
//  - UserSource::TokenClaim (Patch 22 and earlier): the claim `environment.userClaim` is required.
//    Enterprise: the value is the username. Cloud: `tenant||username` (tenant must match the environment's)
//    or the e-mail username. remove-domain strips "@domain" first when enabled.
//  - UserSource::Registration (later patches): the registration's service user wins; the claim is not needed.
//    A registration with no service user still works from the claim, as above (the source document: the claim
//    "can be overridden" by the registration's user). With a known patch level of 22 or less the registration's
//    user does not exist yet: CMiC reads the claim, as in TokenClaim mode (Environment::patchLevel).
class ServiceUserResolver
{
public:
    // |serviceUser| may be null (none set on the registration).
    static ResolvedServiceUser resolve(const Environment &environment, const AppRegistration &registration,
                                       const ServiceUser *serviceUser, const QJsonObject &claims);

    // The claim CMiC reads the user from: environment.userClaim trimmed, or "cmicuser" (CMiC's default) when empty.
    static QString claimName(const Environment &environment);

    // The value the IdP must put in the claim for |user| in |environment| (empty when it cannot be formed).
    static QString expectedClaimValue(const Environment &environment, const ServiceUser &user);
};

} // namespace cmic
