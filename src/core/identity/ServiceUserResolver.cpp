#include "ServiceUserResolver.h"

#include "core/model/AppRegistration.h"
#include "core/model/Environment.h"
#include "core/model/ServiceUser.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcIdentity, "cmic.identity")

// Decisions where CMiC's public documentation is silent (also in docs/rules.md):
//  - remove-domain is applied first, exactly as the server does, and cuts the value at its first '@'. On Cloud this
//    turns an e-mail username into a bare name, which Cloud cannot resolve; the reason says so.
//  - The Cloud tenant in `tenant||username` is compared with the environment's tenant case-insensitively: CMiC
//    stores tenant codes and usernames in upper case, so only a different tenant is a rejection. A difference in
//    letter case alone is accepted with a note.
//  - With no tenant on the environment, `tenant||username` is accepted with a note: CMiC knows its tenant, the
//    console does not, so rejecting would be a guess.
//  - A value with leading or trailing spaces is rejected: CMiC looks the user up as sent and finds nobody.
//  - Usernames are compared with the service user case-insensitively for the same reason as the tenant.

namespace cmic {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::ServiceUserResolver)
};

const QLatin1String kTenantSeparator("||");

QString stripDomain(const QString &value)
{
    const qsizetype at = value.indexOf(QLatin1Char('@'));
    return at < 0 ? value : value.left(at);
}

bool sameName(const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) == 0; }

bool looksLikeEmail(const QString &value)
{
    const qsizetype at = value.indexOf(QLatin1Char('@'));
    return at > 0 && at == value.lastIndexOf(QLatin1Char('@')) && at < value.size() - 1;
}

ResolvedServiceUser failure(QString reason, QString fix, QString claimValue = {})
{
    ResolvedServiceUser r;
    r.ok = false;
    r.source = ResolvedServiceUser::Source::None;
    r.claimValue = std::move(claimValue);
    r.reason = std::move(reason);
    r.fix = std::move(fix);
    return r;
}

// Does the claim (a raw value) name |user|? True when it equals what the IdP should send, or resolves to the
// user's username or e-mail username.
bool claimNamesUser(const Environment &environment, const ServiceUser &user, const QString &claimValue)
{
    const QString expected = ServiceUserResolver::expectedClaimValue(environment, user);
    if (!expected.isEmpty() && sameName(expected, claimValue))
        return true;
    QString value = environment.removeDomainFromUser ? stripDomain(claimValue) : claimValue;
    const qsizetype sep = value.indexOf(kTenantSeparator);
    if (sep >= 0)
        value = value.mid(sep + 2);
    return sameName(value, user.username)
           || (!user.emailUsername.isEmpty() && sameName(claimValue, user.emailUsername));
}

// Registration mode (after Patch 22) with a service user on the registration: that user wins over any claim.
ResolvedServiceUser resolveFromRegistration(const Environment &environment, const ServiceUser &serviceUser,
                                            const QJsonObject &claims)
{
    ResolvedServiceUser r;
    r.ok = true;
    r.source = ResolvedServiceUser::Source::Registration;
    r.username = serviceUser.username.trimmed();
    r.reason = Tr::tr("CMiC runs the call as %1, the service user set on the registration; the token's claim is not "
                      "needed.")
                   .arg(elide(r.username));

    const QString claimName = ServiceUserResolver::claimName(environment);
    const QJsonValue claim = claims.value(claimName);
    if (claim.isString() && !claim.toString().trimmed().isEmpty()) {
        r.claimValue = claim.toString();
        if (!claimNamesUser(environment, serviceUser, r.claimValue)) {
            r.reason += QLatin1Char(' ')
                        + Tr::tr("The token's \"%1\" claim names \"%2\", someone else; CMiC ignores it, but it shows "
                                 "the IdP is set up for a different user.")
                              .arg(elide(claimName), elide(r.claimValue));
            r.fix = Tr::tr("Remove the \"%1\" claim from the IdP's token, or make it name %2, so the setup does not "
                           "mislead the next person who reads it.")
                        .arg(elide(claimName), elide(r.username));
        }
    }
    return r;
}

// Compares the resolved username with the registration's service user and appends a note when they differ.
void noteRegistrationUser(ResolvedServiceUser &r, const Environment &environment, const ServiceUser *serviceUser)
{
    if (!serviceUser || serviceUser->username.trimmed().isEmpty())
        return;
    if (claimNamesUser(environment, *serviceUser, r.claimValue))
        return;
    r.otherUser = true;
    r.reason += QLatin1Char(' ')
                + Tr::tr("That is not %1, the service user chosen for this registration: CMiC runs the calls as %2 "
                         "(or refuses them if %2 is no valid CMiC user).")
                      .arg(elide(serviceUser->username), elide(r.username));
    const QString expected = ServiceUserResolver::expectedClaimValue(environment, *serviceUser);
    r.fix = expected.isEmpty()
                ? Tr::tr("Make the IdP send the registration's service user in the claim, or choose %1 as the "
                         "registration's service user.")
                      .arg(elide(r.username))
                : Tr::tr("Make the IdP send \"%1\" in the claim, or choose %2 as the registration's service user.")
                      .arg(elide(expected), elide(r.username));
}

ResolvedServiceUser resolveEnterprise(const QString &claimName, const QString &raw, const QString &value)
{
    if (value.contains(kTenantSeparator)) {
        const QString user = value.mid(value.indexOf(kTenantSeparator) + 2);
        return failure(Tr::tr("The \"%1\" claim is \"%2\", the Cloud form tenant||username, but this environment is "
                              "Enterprise: CMiC looks for a user named \"%2\" and finds none.")
                           .arg(elide(claimName), elide(raw)),
                       Tr::tr("Make the IdP send only the username, e.g. \"%1\", or set the environment's deployment "
                              "to Cloud if it is CMiC Cloud.")
                           .arg(elide(user)),
                       raw);
    }
    ResolvedServiceUser r;
    r.ok = true;
    r.source = ResolvedServiceUser::Source::TokenClaim;
    r.claimValue = raw;
    r.username = value;
    r.reason = value == raw
                   ? Tr::tr("CMiC runs the call as %1, read from the \"%2\" claim.").arg(elide(value), elide(claimName))
                   : Tr::tr("CMiC runs the call as %1: the \"%2\" claim is \"%3\" and remove-domain strips the "
                            "\"@domain\" part.")
                         .arg(elide(value), elide(claimName), elide(raw));
    if (value.contains(QLatin1Char('@'))) {
        r.reason += QLatin1Char(' ')
                    + Tr::tr("The value is in e-mail form; CMiC looks it up as it is, so a username without the domain "
                             "will not match.");
    }
    return r;
}

ResolvedServiceUser resolveCloud(const Environment &environment, const QString &claimName, const QString &raw,
                                 const QString &value)
{
    const QString tenant = environment.cloudTenant.trimmed();
    const qsizetype sep = value.indexOf(kTenantSeparator);
    if (sep >= 0) {
        const QString claimTenant = value.left(sep);
        const QString user = value.mid(sep + 2);
        if (claimTenant.isEmpty() || user.isEmpty() || user.contains(kTenantSeparator)) {
            return failure(
                Tr::tr("The \"%1\" claim is \"%2\": the tenant||username form needs exactly one tenant "
                       "and one username around \"||\".")
                    .arg(elide(claimName), elide(raw)),
                tenant.isEmpty()
                    ? Tr::tr("Make the IdP send TENANT||USERNAME with your CMiC Cloud tenant.")
                    : Tr::tr("Make the IdP send %1||USERNAME with the service user's username.").arg(elide(tenant)),
                raw);
        }
        if (!tenant.isEmpty() && !sameName(claimTenant, tenant)) {
            return failure(Tr::tr("The \"%1\" claim names tenant \"%2\", but this environment's Cloud tenant is "
                                  "\"%3\"; CMiC does not find the user in its tenant.")
                               .arg(elide(claimName), elide(claimTenant), elide(tenant)),
                           Tr::tr("Make the IdP send \"%1||%2\", or correct the environment's Cloud tenant.")
                               .arg(elide(tenant), elide(user)),
                           raw);
        }
        ResolvedServiceUser r;
        r.ok = true;
        r.source = ResolvedServiceUser::Source::TokenClaim;
        r.claimValue = raw;
        r.username = user;
        r.reason = Tr::tr("CMiC runs the call as %1 in tenant %2, read from the \"%3\" claim.")
                       .arg(elide(user), elide(claimTenant), elide(claimName));
        if (tenant.isEmpty()) {
            r.reason += QLatin1Char(' ')
                        + Tr::tr("The environment has no Cloud tenant, so the console could not check the tenant.");
            r.fix = Tr::tr("Enter the Cloud tenant on the environment so the console can check it.");
        } else if (claimTenant != tenant) {
            r.reason +=
                QLatin1Char(' ')
                + Tr::tr("The tenant differs from the environment's \"%1\" only in letter case.").arg(elide(tenant));
        }
        return r;
    }
    if (looksLikeEmail(value)) {
        ResolvedServiceUser r;
        r.ok = true;
        r.source = ResolvedServiceUser::Source::TokenClaim;
        r.claimValue = raw;
        r.username = value;
        r.reason = Tr::tr("CMiC runs the call as the user whose unique e-mail username is %1, read from the \"%2\" "
                          "claim.")
                       .arg(elide(value), elide(claimName));
        return r;
    }
    const QString example = (tenant.isEmpty() ? QStringLiteral("TENANT") : tenant) % kTenantSeparator % value;
    if (value != raw) {
        return failure(
            Tr::tr("The \"%1\" claim is \"%2\", but remove-domain strips it to \"%3\"; CMiC Cloud needs "
                   "tenant||username or the full e-mail username, so it cannot find the user.")
                .arg(elide(claimName), elide(raw), elide(value)),
            Tr::tr("Turn remove-domain off for this environment, or make the IdP send \"%1\".").arg(elide(example)),
            raw);
    }
    return failure(Tr::tr("The \"%1\" claim is \"%2\", a plain username; CMiC Cloud needs tenant||username or the "
                          "user's unique e-mail username, so it cannot find the user.")
                       .arg(elide(claimName), elide(raw)),
                   Tr::tr("Make the IdP send \"%1\", or the service user's e-mail username.").arg(elide(example)), raw);
}

// The claim path: Patch 22 and earlier, or a later patch whose registration names no service user.
ResolvedServiceUser resolveFromClaim(const Environment &environment, const ServiceUser *serviceUser,
                                     const QJsonObject &claims)
{
    const QString claimName = ServiceUserResolver::claimName(environment);
    const QString expected =
        serviceUser ? ServiceUserResolver::expectedClaimValue(environment, *serviceUser) : QString();
    const QString sendHint = expected.isEmpty()
                                 ? Tr::tr("Add the \"%1\" claim to the IdP's access token with the service user's "
                                          "name in the form this deployment needs.")
                                       .arg(elide(claimName))
                                 : Tr::tr("Add the \"%1\" claim to the IdP's access token with the value \"%2\".")
                                       .arg(elide(claimName), elide(expected));
    const QString patchNote = Tr::tr("Up to Patch 22 CMiC reads the service user from this claim and rejects the call "
                                     "without it.");

    if (!claims.contains(claimName)) {
        return failure(Tr::tr("The token has no \"%1\" claim.").arg(elide(claimName)) % QLatin1Char(' ') % patchNote,
                       sendHint);
    }
    const QJsonValue claim = claims.value(claimName);
    if (!claim.isString()) {
        return failure(Tr::tr("The token's \"%1\" claim is not a string.").arg(elide(claimName)) % QLatin1Char(' ')
                           % patchNote,
                       sendHint);
    }
    const QString raw = claim.toString();
    if (raw.trimmed().isEmpty()) {
        return failure(Tr::tr("The token's \"%1\" claim is empty.").arg(elide(claimName)) % QLatin1Char(' ')
                           % patchNote,
                       sendHint, raw);
    }
    if (raw != raw.trimmed()) {
        return failure(Tr::tr("The token's \"%1\" claim \"%2\" has leading or trailing spaces; CMiC looks the user "
                              "up as sent and finds nobody.")
                           .arg(elide(claimName), elide(raw)),
                       Tr::tr("Remove the spaces from the claim value in the IdP's claim mapping."), raw);
    }

    const QString value = environment.removeDomainFromUser ? stripDomain(raw) : raw;
    if (value.isEmpty()) {
        return failure(Tr::tr("The token's \"%1\" claim \"%2\" is empty once remove-domain strips \"@domain\".")
                           .arg(elide(claimName), elide(raw)),
                       sendHint, raw);
    }

    ResolvedServiceUser r = environment.deployment == Deployment::Enterprise
                                ? resolveEnterprise(claimName, raw, value)
                                : resolveCloud(environment, claimName, raw, value);
    if (r.ok)
        noteRegistrationUser(r, environment, serviceUser);
    return r;
}

} // namespace

ResolvedServiceUser ServiceUserResolver::resolve(const Environment &environment, const AppRegistration &registration,
                                                 const ServiceUser *serviceUser, const QJsonObject &claims)
{
    Q_UNUSED(registration);
    const bool userOnRegistration = serviceUser && !serviceUser->username.trimmed().isEmpty();
    // fact (source document): the service user on the registration comes after Patch 22. At a known patch level of
    // 22 or less CMiC has no such setting and reads the claim; SetupRules reports the setting as an error.
    if (environment.userSource == UserSource::Registration && environment.patchKnown()
        && environment.patchLevel <= 22) {
        ResolvedServiceUser r = resolveFromClaim(environment, serviceUser, claims);
        r.reason = Tr::tr("At Patch %1 CMiC cannot take the service user from the registration (that comes after "
                          "Patch 22), so it reads the token's \"%2\" claim.")
                       .arg(environment.patchLevel)
                       .arg(elide(claimName(environment)))
                   % QLatin1Char(' ') % r.reason;
        const QString setSource = Tr::tr("Set the environment's \"Service user from\" to the token claim.");
        r.fix = r.fix.isEmpty() ? setSource : r.fix % QLatin1Char(' ') % setSource;
        return r;
    }
    if (environment.userSource == UserSource::Registration && userOnRegistration)
        return resolveFromRegistration(environment, *serviceUser, claims);

    ResolvedServiceUser r = resolveFromClaim(environment, serviceUser, claims);
    if (environment.userSource == UserSource::Registration) {
        // After Patch 22 the registration's user overrides the claim; without one CMiC still reads the claim.
        r.reason = Tr::tr("The registration has no service user, so CMiC reads the user from the token's \"%1\" claim, "
                          "as up to Patch 22.")
                       .arg(elide(claimName(environment)))
                   % QLatin1Char(' ') % r.reason;
        const QString setUser = Tr::tr("Set the service user on the registration, here and in CMiC API Security, so "
                                       "the claim is no longer needed.");
        r.fix = r.fix.isEmpty() ? setUser : r.fix % QLatin1Char(' ') % setUser;
    }
    qCDebug(lcIdentity) << "resolved" << r.ok << r.username;
    return r;
}

QString ServiceUserResolver::claimName(const Environment &environment)
{
    const QString name = environment.userClaim.trimmed();
    return name.isEmpty() ? QStringLiteral("cmicuser") : name;
}

QString ServiceUserResolver::expectedClaimValue(const Environment &environment, const ServiceUser &user)
{
    const QString username = user.username.trimmed();
    if (environment.deployment == Deployment::Enterprise) {
        if (username.contains(kTenantSeparator))
            return {};
        if (environment.removeDomainFromUser && username.contains(QLatin1Char('@')))
            return {}; // the server would cut it, whatever the IdP sends
        return username;
    }
    const QString tenant = environment.cloudTenant.trimmed();
    if (!tenant.isEmpty() && !username.isEmpty() && !username.contains(kTenantSeparator)
        && !(environment.removeDomainFromUser && username.contains(QLatin1Char('@')))) {
        return tenant % kTenantSeparator % username;
    }
    const QString email = user.emailUsername.trimmed();
    if (!environment.removeDomainFromUser && looksLikeEmail(email))
        return email;
    if (tenant.isEmpty()) {
        // No tenant on the environment: the username alone may already be a valid claim value, typed whole as
        // TENANT||USERNAME or as the unique e-mail username (CMiC accepts both; the console cannot check the tenant).
        const qsizetype sep = username.indexOf(kTenantSeparator);
        if (sep > 0 && sep + 2 < username.size() && username.indexOf(kTenantSeparator, sep + 2) < 0
            && !(environment.removeDomainFromUser && username.indexOf(QLatin1Char('@'), sep) >= 0))
            return username;
        if (sep < 0 && !environment.removeDomainFromUser && looksLikeEmail(username))
            return username;
    }
    return {};
}

} // namespace cmic
