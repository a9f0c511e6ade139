#pragma once

// What the exports for CMiC's side and the IdP's side state about one registration, taken from the decisions core
// already makes (ServiceUserResolver, IdpPreset, jose::appIdClaimNames, ClaimsValidator), so that the registration
// sheet, the Keycloak client and the IdP guides never decide anything on their own.

#include <QString>

namespace cmic {

struct Workspace;
struct AppRegistration;
struct Environment;
struct ServiceUser;
struct IdpPreset;

namespace exportfacts {

struct UserClaim
{
    enum class Need {
        Unknown,    // no environment: where CMiC reads the user from is not known
        Required,   // CMiC reads the user from the claim
        NotRequired // the service user on the registration wins (after Patch 22)
    };
    Need need = Need::Unknown;
    QString name;  // the claim CMiC reads (ServiceUserResolver::claimName)
    QString value; // the value the IdP must send; empty when there is no service user or it cannot be formed
    bool hasServiceUser = false;
    // Required although the environment takes the user from the registration: why (no service user on the
    // registration, or a patch level of 22 or less). Empty otherwise.
    QString whyClaimStillRead;
};

UserClaim userClaim(const Workspace &workspace, const AppRegistration &registration);

// The claim CMiC matches the App ID against for this registration's IdP preset; empty when the preset names none
// (then the first of jose::appIdClaimNames() the token carries).
QString appIdClaim(const AppRegistration &registration);
// One sentence saying which claim that is, for the sheet and the guides.
QString appIdClaimSentence(const AppRegistration &registration);

// The preset the registration names, or null.
const IdpPreset *preset(const AppRegistration &registration);
// The preset's display name, or its id, or "(none)".
QString presetName(const AppRegistration &registration);

// The ipaddr requirement when the environment's IP check is on: the sentence and the patch-level caveat the token
// checks (ClaimsValidator) word for a token without ipaddr. Empty when the check is off.
QString ipAddrRequirement(const Environment &environment);
QString ipAddrCaveat(const Environment &environment);

} // namespace exportfacts
} // namespace cmic
