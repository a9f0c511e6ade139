#include "RegistrationFacts.h"

#include "Exporter.h"
#include "core/identity/ServiceUserResolver.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/Verdict.h"
#include "core/model/IdpPreset.h"
#include "core/model/Workspace.h"
#include "core/util/Clock.h"

namespace cmic::exportfacts {

UserClaim userClaim(const Workspace &workspace, const AppRegistration &registration)
{
    UserClaim out;
    const Environment *env = workspace.environment(registration.environmentId);
    if (!env)
        return out;
    const ServiceUser *user = workspace.serviceUser(registration.serviceUserId);
    out.name = ServiceUserResolver::claimName(*env);
    out.hasServiceUser = user != nullptr;
    if (user)
        out.value = ServiceUserResolver::expectedClaimValue(*env, *user);
    // The resolver decides, given a token without the claim: it only succeeds when the registration's user wins.
    const ResolvedServiceUser resolved = ServiceUserResolver::resolve(*env, registration, user, {});
    if (resolved.ok && resolved.source == ResolvedServiceUser::Source::Registration) {
        out.need = UserClaim::Need::NotRequired;
        return out;
    }
    out.need = UserClaim::Need::Required;
    if (env->userSource == UserSource::Registration) {
        const bool userOnRegistration = user && !user->username.trimmed().isEmpty();
        out.whyClaimStillRead =
            userOnRegistration
                ? ExportText::tr("At %1 CMiC cannot take the service user from the registration (that comes after "
                                 "Patch 22), so it reads the user from the token.")
                      .arg(Environment::patchLevelText(env->patchLevel))
                : ExportText::tr("No service user is set on this registration, so CMiC reads the user from the "
                                 "token.");
    }
    return out;
}

const IdpPreset *preset(const AppRegistration &registration) { return IdpPresets::find(registration.idpPreset); }

QString presetName(const AppRegistration &registration)
{
    if (const IdpPreset *p = preset(registration))
        return p->displayedName();
    return registration.idpPreset.isEmpty() ? ExportText::tr("(none)") : registration.idpPreset;
}

QString appIdClaim(const AppRegistration &registration)
{
    const IdpPreset *p = preset(registration);
    return p ? p->appIdClaim : QString();
}

QString appIdClaimSentence(const AppRegistration &registration)
{
    const QString claim = appIdClaim(registration);
    if (!claim.isEmpty()) {
        return ExportText::tr("CMiC matches the App ID against the token's \"%1\" claim (IdP preset: %2).")
            .arg(claim, presetName(registration));
    }
    return ExportText::tr("The registration's IdP preset names no App ID claim: CMiC matches the App ID against the "
                          "first of %1 the token carries.")
        .arg(jose::appIdClaimNames().join(QStringLiteral(", ")));
}

QString ipAddrRequirement(const Environment &environment)
{
    if (!environment.ipCheck)
        return {};
    return ExportText::tr("CMiC's IP check is on (cmic.oauth2.ipcheck.enabled=true): the access token must carry an "
                          "\"ipaddr\" claim equal to the caller's address as CMiC sees it (X-Forwarded-For), so call "
                          "from that address, not through a VPN or proxy.");
}

QString ipAddrCaveat(const Environment &environment)
{
    if (!environment.ipCheck)
        return {};
    // The token checks word what CMiC does at this patch level with a token that has no ipaddr; ask them.
    jose::ClaimsPolicy policy;
    policy.ipCheck = true;
    policy.patchLevel = environment.patchLevel;
    jose::Verdict verdict;
    jose::ClaimsValidator(Clock::system()).validate({}, {}, policy, &verdict);
    const jose::Check *check = verdict.find(QStringLiteral("claims.ipaddr"));
    return check ? check->message() : QString();
}

} // namespace cmic::exportfacts
