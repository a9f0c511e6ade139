#include "SetupChecklist.h"

#include "core/storage/CredentialKind.h"

#include <algorithm>
#include <initializer_list>

namespace cmic::validation {

namespace {

using Item = ChecklistItem;

bool anyFailed(const std::optional<ValidationRecord> &last, std::initializer_list<StepId> steps)
{
    return last && std::any_of(steps.begin(), steps.end(), [&last](StepId s) {
               return last->stepStatus(s) == StepStatus::Failed;
           });
}

bool passedStep(const std::optional<ValidationRecord> &last, StepId step)
{
    const StepStatus s = last ? last->stepStatus(step) : StepStatus::Pending;
    return s == StepStatus::Passed || s == StepStatus::Warning;
}

Item todoField(Item item, SubjectKind kind, const QString &id, const QString &field, const QString &detail)
{
    item.state = ChecklistState::Todo;
    item.detail = detail;
    item.target = ChecklistTarget::Field;
    item.subjectKind = kind;
    item.subjectId = id;
    item.field = field;
    item.actionText = SetupChecklist::tr("Go to the field");
    return item;
}

Item failedAtRun(Item item, const QString &registrationId, const QString &detail)
{
    item.state = ChecklistState::Failed;
    item.detail = detail;
    item.target = ChecklistTarget::Validate;
    item.subjectId = registrationId;
    item.actionText = SetupChecklist::tr("Validate Setup…");
    return item;
}

Item done(Item item, const QString &detail)
{
    item.state = ChecklistState::Done;
    item.detail = detail;
    return item;
}

Item serviceUserItem(const Workspace &ws, const AppRegistration *reg, const std::optional<ValidationRecord> &last)
{
    Item item;
    item.step = ChecklistStep::ServiceUser;
    item.title = SetupChecklist::tr("1. Create a dedicated service user");
    if (!reg) {
        if (ws.environments.isEmpty()) {
            item.detail = SetupChecklist::tr("Start with the CMiC environment the service user lives in: its API "
                                             "base URL and how it reads the user claim.");
            item.target = ChecklistTarget::AddEnvironment;
            item.actionText = SetupChecklist::tr("Add Environment");
            return item;
        }
        if (ws.serviceUsers.isEmpty()) {
            item.detail = SetupChecklist::tr("Add the CMiC user the API calls will run as. Use a dedicated account "
                                             "that no person signs in with.");
            item.target = ChecklistTarget::AddServiceUser;
            item.actionText = SetupChecklist::tr("Add Service User");
            return item;
        }
        return done(item, SetupChecklist::tr("The workspace has an environment and a service user."));
    }
    const Environment *env = ws.environment(reg->environmentId);
    if (!env)
        return ws.environments.isEmpty()
                   ? Item{item.step,
                          ChecklistState::Todo,
                          item.title,
                          SetupChecklist::tr("Add the CMiC environment this registration is for."),
                          ChecklistTarget::AddEnvironment,
                          SubjectKind::Environment,
                          QString(),
                          QString(),
                          SetupChecklist::tr("Add Environment")}
                   : todoField(item, SubjectKind::Registration, reg->id, QStringLiteral("environmentId"),
                               SetupChecklist::tr("Choose the CMiC environment this registration is for."));
    const ServiceUser *user = ws.serviceUser(reg->serviceUserId);
    if (!user)
        return ws.serviceUsers.isEmpty()
                   ? Item{item.step,
                          ChecklistState::Todo,
                          item.title,
                          SetupChecklist::tr("Add the CMiC user the API calls will run as, then choose it here."),
                          ChecklistTarget::AddServiceUser,
                          SubjectKind::ServiceUser,
                          QString(),
                          QString(),
                          SetupChecklist::tr("Add Service User")}
                   : todoField(item, SubjectKind::Registration, reg->id, QStringLiteral("serviceUserId"),
                               SetupChecklist::tr("Choose the service user CMiC runs this registration's calls as."));
    if (user->username.trimmed().isEmpty())
        return todoField(item, SubjectKind::ServiceUser, user->id, QStringLiteral("username"),
                         SetupChecklist::tr("Enter the service user's CMiC username."));
    if (!user->dedicatedConfirmed)
        return todoField(item, SubjectKind::ServiceUser, user->id, QStringLiteral("dedicatedConfirmed"),
                         SetupChecklist::tr("Confirm that no person signs in with %1: CMiC advises a dedicated "
                                            "account for this flow.")
                             .arg(user->username));
    if (anyFailed(last, {StepId::ServiceUser}))
        return failedAtRun(item, reg->id,
                           SetupChecklist::tr("The last validation could not resolve the service user CMiC runs as. "
                                              "Open Validate Setup to see why."));
    return done(item, SetupChecklist::tr("%1, confirmed as dedicated.").arg(user->username));
}

Item idpItem(const AppRegistration *reg, CredentialPresence credential, const std::optional<ValidationRecord> &last)
{
    Item item;
    item.step = ChecklistStep::IdpApplication;
    item.title = SetupChecklist::tr("2. Register the app in your identity provider, with the user claim");
    if (!reg) {
        item.detail = SetupChecklist::tr("Add a registration for the OAuth app you create in your identity provider "
                                         "for the client credentials flow.");
        item.target = ChecklistTarget::AddRegistration;
        item.actionText = SetupChecklist::tr("Add Registration");
        return item;
    }
    if (reg->appId.trimmed().isEmpty())
        return todoField(item, SubjectKind::Registration, reg->id, QStringLiteral("appId"),
                         SetupChecklist::tr("Enter the App ID (client ID) the identity provider gave the app."));
    if (reg->tokenEndpoint.trimmed().isEmpty() && reg->discoveryUrl.trimmed().isEmpty()
        && reg->issuer.trimmed().isEmpty())
        return todoField(item, SubjectKind::Registration, reg->id, QStringLiteral("tokenEndpoint"),
                         SetupChecklist::tr("Enter the token endpoint (or the issuer, to discover it)."));
    const CredentialKind kind = credentialKindFor(*reg);
    switch (credential) {
    case CredentialPresence::Absent:
        item.state = ChecklistState::Todo;
        item.detail = SetupChecklist::tr("Store the app's %1 in the keychain: the console needs it to ask for a token.")
                          .arg(displayName(kind));
        item.target = ChecklistTarget::Credential;
        item.subjectId = reg->id;
        item.field = formField(kind);
        item.actionText = kind == CredentialKind::PrivateKey ? SetupChecklist::tr("Import the private key")
                                                             : SetupChecklist::tr("Enter the secret");
        return item;
    case CredentialPresence::Unavailable:
        item.state = ChecklistState::Failed;
        item.detail = SetupChecklist::tr("The keychain could not be read, so the %1 cannot be checked. Unlock the "
                                         "keychain (or start a Secret Service), then look again.")
                          .arg(displayName(kind));
        item.target = ChecklistTarget::Credential;
        item.subjectId = reg->id;
        item.field = formField(kind);
        item.actionText = SetupChecklist::tr("Go to the field");
        return item;
    case CredentialPresence::Unknown:
        item.state = ChecklistState::Unverified;
        item.detail = SetupChecklist::tr("Asking the keychain for the %1…").arg(displayName(kind));
        return item;
    case CredentialPresence::Present: break;
    }
    if (anyFailed(last, {StepId::Token}))
        return failedAtRun(item, reg->id,
                           SetupChecklist::tr("The last validation got no token from the identity provider. Open "
                                              "Validate Setup to see its answer and what to change."));
    if (anyFailed(last, {StepId::Claims}))
        return failedAtRun(item, reg->id,
                           SetupChecklist::tr("The last validation found a problem in the token's claims (the user "
                                              "claim, the App ID or the audience). Open Validate Setup to see which."));
    if (passedStep(last, StepId::Token) && passedStep(last, StepId::Claims))
        return done(item, SetupChecklist::tr("The identity provider issued a token with the expected claims."));
    return done(item, SetupChecklist::tr("App ID entered and the %1 stored; Validate Setup proves the user claim.")
                          .arg(displayName(kind)));
}

Item cmicRegistrationItem(const AppRegistration *reg, const std::optional<ValidationRecord> &last)
{
    Item item;
    item.step = ChecklistStep::CmicRegistration;
    item.title = SetupChecklist::tr("3. Register the app in CMiC API Security");
    if (!reg) {
        item.detail = SetupChecklist::tr("A registration holds what CMiC API Security needs: App ID, Issuer and "
                                         "JWKS URI.");
        return item;
    }
    for (const auto &[field, detail] :
         {std::pair{QStringLiteral("appId"), SetupChecklist::tr("Enter the App ID, as in CMiC API Security.")},
          std::pair{QStringLiteral("issuer"),
                    SetupChecklist::tr("Enter the Issuer exactly as the token's iss claim has it.")},
          std::pair{QStringLiteral("jwksUri"), SetupChecklist::tr("Enter the JWKS URI CMiC reads the signing keys "
                                                                  "from.")}}) {
        const QString value = field == QLatin1String("appId")    ? reg->appId
                              : field == QLatin1String("issuer") ? reg->issuer
                                                                 : reg->jwksUri;
        if (value.trimmed().isEmpty())
            return todoField(item, SubjectKind::Registration, reg->id, field, detail);
    }
    if (anyFailed(last, {StepId::Discovery, StepId::Keys, StepId::Signature}))
        return failedAtRun(item, reg->id,
                           SetupChecklist::tr("The last validation found the Issuer or the JWKS URI not matching the "
                                              "identity provider. Open Validate Setup to see which."));
    return done(item, SetupChecklist::tr("App ID, Issuer and JWKS URI entered; enter the same values in CMiC API "
                                         "Security ▸ Application Registration."));
}

Item permissionsItem(const Workspace &ws, const AppRegistration *reg, const std::optional<ValidationRecord> &last)
{
    Item item;
    item.step = ChecklistStep::ApiPermissions;
    item.title = SetupChecklist::tr("4. Configure API Security permissions");
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    if (!env) {
        item.detail = SetupChecklist::tr("The service user needs API Security policies for the endpoints the app "
                                         "calls; the environment's probe endpoints test them.");
        return item;
    }
    if (env->apiBaseUrl.trimmed().isEmpty())
        return todoField(item, SubjectKind::Environment, env->id, QStringLiteral("apiBaseUrl"),
                         SetupChecklist::tr("Enter the environment's API base URL, so validation can call CMiC."));
    const bool anyProbe = std::any_of(env->probeEndpoints.cbegin(), env->probeEndpoints.cend(),
                                      [](const QString &p) { return !p.trimmed().isEmpty(); });
    if (!anyProbe)
        return todoField(item, SubjectKind::Environment, env->id, QStringLiteral("probeEndpoints"),
                         SetupChecklist::tr("Add a probe endpoint: a cheap GET the service user may call, such as "
                                            "/sys-rest-api/rest/1/sdcompanyaccess. Without one, validation stops "
                                            "before calling CMiC and the permissions stay unproven."));
    if (anyFailed(last, {StepId::CmicCall}))
        return failedAtRun(item, reg->id,
                           SetupChecklist::tr("CMiC refused the last validation's call. Open Validate Setup to see "
                                              "the answer for each endpoint and the likely cause."));
    if (passedStep(last, StepId::CmicCall))
        return done(item, SetupChecklist::tr("CMiC answered the probe endpoints as the service user."));
    item.state = ChecklistState::Unverified;
    item.detail = SetupChecklist::tr("Only CMiC's answer proves the permissions: run Validate Setup with the CMiC "
                                     "call.");
    item.target = ChecklistTarget::Validate;
    item.subjectId = reg->id;
    item.actionText = SetupChecklist::tr("Validate Setup…");
    return item;
}

Item validationItem(const AppRegistration *reg, const std::optional<ValidationRecord> &last)
{
    Item item;
    item.step = ChecklistStep::Validation;
    item.title = SetupChecklist::tr("5. Validate the setup");
    if (!reg) {
        item.detail = SetupChecklist::tr("Validate Setup asks for a token and calls CMiC with it, as the service "
                                         "user.");
        return item;
    }
    item.target = ChecklistTarget::Validate;
    item.subjectId = reg->id;
    item.actionText = SetupChecklist::tr("Validate Setup…");
    if (!last || last->cancelled) {
        item.detail = last ? SetupChecklist::tr("The last run was cancelled. Run Validate Setup to the end.")
                           : SetupChecklist::tr("Not validated yet. Run Validate Setup: a token from the identity "
                                                "provider, then a call to CMiC.");
        return item;
    }
    const QString when = last->finishedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    if (last->passed) {
        item.state = ChecklistState::Done;
        item.detail = SetupChecklist::tr("Passed on %1.").arg(when);
        item.actionText = SetupChecklist::tr("Run again…");
        return item;
    }
    item.state = ChecklistState::Failed;
    item.detail = last->failedStep ? SetupChecklist::tr("Failed at the %1 step on %2. Fix what it says, then run it "
                                                        "again.")
                                         .arg(displayName(*last->failedStep), when)
                                   : SetupChecklist::tr("Failed on %1. Fix what it says, then run it again.").arg(when);
    return item;
}

} // namespace

QList<ChecklistItem> SetupChecklist::compute(const Workspace &workspace, const QString &registrationId,
                                             CredentialPresence credential, const std::optional<ValidationRecord> &last)
{
    const AppRegistration *reg = registrationId.isEmpty() ? nullptr : workspace.registration(registrationId);
    const std::optional<ValidationRecord> run = reg ? last : std::nullopt;
    return {serviceUserItem(workspace, reg, run), idpItem(reg, credential, run), cmicRegistrationItem(reg, run),
            permissionsItem(workspace, reg, run), validationItem(reg, run)};
}

int SetupChecklist::doneCount(const QList<ChecklistItem> &items)
{
    return int(std::count_if(items.begin(), items.end(),
                             [](const ChecklistItem &i) { return i.state == ChecklistState::Done; }));
}

QString toString(ChecklistState state)
{
    switch (state) {
    case ChecklistState::Todo: return QStringLiteral("todo");
    case ChecklistState::Done: return QStringLiteral("done");
    case ChecklistState::Failed: return QStringLiteral("failed");
    case ChecklistState::Unverified: return QStringLiteral("unverified");
    }
    return {};
}

} // namespace cmic::validation
