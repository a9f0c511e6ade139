#include "TestCertificates.h"
#include "core/model/Workspace.h"
#include "core/net/JwtSigner.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <functional>

using namespace cmic;

namespace {
using Mutation = std::function<void(Workspace &)>;

const QString kTenant = QStringLiteral("9188040d-6c67-4c5b-b112-36a304b66dad");
const QDateTime kNow(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);

// Every code SetupRules can emit; each must be documented in docs/rules.md and exercised below (the assertion.*
// codes of AssertionRules in tst_assertionrules).
const QStringList kAllCodes = {QStringLiteral("environment.name.missing"),
                               QStringLiteral("environment.api-base-url.missing"),
                               QStringLiteral("environment.cloud-tenant.missing"),
                               QStringLiteral("environment.cloud-tenant.invalid"),
                               QStringLiteral("environment.cloud-tenant.unused"),
                               QStringLiteral("environment.user-claim.missing"),
                               QStringLiteral("environment.probes.none"),
                               QStringLiteral("environment.cloud-basic-host"),
                               QStringLiteral("environment.probe.not-relative"),
                               QStringLiteral("environment.probe.limit-too-high"),
                               QStringLiteral("environment.probe.limit-may-be-too-high"),
                               QStringLiteral("environment.probe.limit-before-patch-22"),
                               QStringLiteral("environment.user-source.before-patch-23"),
                               QStringLiteral("environment.user-source.patch-unknown"),
                               QStringLiteral("url.malformed"),
                               QStringLiteral("url.not-https"),
                               QStringLiteral("text.whitespace"),
                               QStringLiteral("service-user.username.missing"),
                               QStringLiteral("service-user.email.malformed"),
                               QStringLiteral("service-user.not-dedicated"),
                               QStringLiteral("claim.enterprise-tenant-form"),
                               QStringLiteral("claim.remove-domain-strips-username"),
                               QStringLiteral("claim.cloud-username-has-tenant"),
                               QStringLiteral("claim.cloud-unformable"),
                               QStringLiteral("registration.name.missing"),
                               QStringLiteral("registration.environment.missing"),
                               QStringLiteral("registration.environment.unknown"),
                               QStringLiteral("registration.app-id.missing"),
                               QStringLiteral("registration.issuer.missing"),
                               QStringLiteral("registration.jwks-uri.missing"),
                               QStringLiteral("registration.token-endpoint.missing"),
                               QStringLiteral("registration.service-user.claim-fallback"),
                               QStringLiteral("registration.service-user.unset"),
                               QStringLiteral("registration.service-user.unknown"),
                               QStringLiteral("registration.duplicate"),
                               QStringLiteral("registration.preset.unknown"),
                               QStringLiteral("registration.preset-parameter.missing"),
                               QStringLiteral("registration.preset.other-idp"),
                               QStringLiteral("registration.scope.entra-missing"),
                               QStringLiteral("registration.scope.entra-not-default"),
                               QStringLiteral("credential.missing"),
                               QStringLiteral("issuer.entra-v2"),
                               QStringLiteral("issuer.entra-v2-tokens"),
                               QStringLiteral("issuer.entra-tenant-name"),
                               QStringLiteral("issuer.trailing-slash"),
                               QStringLiteral("issuer.preset-mismatch"),
                               QStringLiteral("issuer.query-or-fragment"),
                               QStringLiteral("discovery-url.trailing-slash"),
                               QStringLiteral("secret.expired"),
                               QStringLiteral("secret.expiring"),
                               QStringLiteral("secret.expiry-unknown"),
                               QStringLiteral("audience.required"),
                               QStringLiteral("audience.hint"),
                               QStringLiteral("assertion.thumbprint-no-certificate"),
                               QStringLiteral("assertion.certificate-unreadable"),
                               QStringLiteral("assertion.algorithm-key-type"),
                               QStringLiteral("assertion.certificate-expired"),
                               QStringLiteral("assertion.certificate-expiring"),
                               QStringLiteral("assertion.certificate-not-yet-valid"),
                               QStringLiteral("assertion.entra-no-thumbprint"),
                               QStringLiteral("assertion.certificate-key-mismatch"),
                               QStringLiteral("settings.proxy-url-missing"),
                               QStringLiteral("settings.proxy-url-invalid"),
                               QStringLiteral("settings.clock-skew-negative"),
                               QStringLiteral("settings.clock-skew-too-large"),
                               QStringLiteral("settings.clock-skew-wide"),
                               QStringLiteral("settings.ca-bundle-blank")};

// A complete, correct Enterprise setup with Entra ID v1 tokens.
Workspace cleanWorkspace()
{
    Workspace ws;
    ws.id = QStringLiteral("ws");
    Environment env;
    env.id = QStringLiteral("env-prod");
    env.name = QStringLiteral("cmicprod");
    env.apiBaseUrl = QStringLiteral("https://cmic.acme.com/cmicprod");
    env.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1")};
    ws.environments.append(env);

    ServiceUser user;
    user.id = QStringLiteral("su-1");
    user.username = QStringLiteral("SVC_INTEGRATION");
    user.emailUsername = QStringLiteral("svc.integration@acme.com");
    user.dedicatedConfirmed = true;
    ws.serviceUsers.append(user);

    AppRegistration reg;
    reg.id = QStringLiteral("reg-1");
    reg.name = QStringLiteral("Payroll sync");
    reg.environmentId = env.id;
    reg.idpPreset = QStringLiteral("entra-v1");
    reg.presetParameters.insert(QStringLiteral("tenant"), kTenant);
    reg.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    reg.issuer = QStringLiteral("https://sts.windows.net/") + kTenant + QLatin1Char('/');
    reg.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    reg.tokenEndpoint =
        QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/oauth2/v2.0/token");
    reg.scope = QStringLiteral("api://11111111-2222-3333-4444-555555555555/.default");
    reg.serviceUserId = user.id;
    reg.secretExpiry = kNow.date().addDays(200);
    ws.registrations.append(reg);
    return ws;
}

Environment &env(Workspace &ws) { return ws.environments[0]; }
ServiceUser &user(Workspace &ws) { return ws.serviceUsers[0]; }
AppRegistration &reg(Workspace &ws) { return ws.registrations[0]; }

void usePreset(AppRegistration &r, const char *preset, const QMap<QString, QString> &params, const QString &issuer,
               const QString &jwks, const QString &token)
{
    r.idpPreset = QLatin1String(preset);
    r.presetParameters = params;
    r.issuer = issuer;
    r.jwksUri = jwks;
    r.tokenEndpoint = token;
}

void useOkta(Workspace &ws)
{
    usePreset(reg(ws), "okta",
              {{QStringLiteral("domain"), QStringLiteral("acme.okta.com")},
               {QStringLiteral("authServerId"), QStringLiteral("default")}},
              QStringLiteral("https://acme.okta.com/oauth2/default"),
              QStringLiteral("https://acme.okta.com/oauth2/default/v1/keys"),
              QStringLiteral("https://acme.okta.com/oauth2/default/v1/token"));
}

void useKeycloak(Workspace &ws)
{
    usePreset(
        reg(ws), "keycloak",
        {{QStringLiteral("domain"), QStringLiteral("kc.acme.com")}, {QStringLiteral("realm"), QStringLiteral("cmic")}},
        QStringLiteral("https://kc.acme.com/realms/cmic"),
        QStringLiteral("https://kc.acme.com/realms/cmic/protocol/openid-connect/certs"),
        QStringLiteral("https://kc.acme.com/realms/cmic/protocol/openid-connect/token"));
}

void useAuth0(Workspace &ws)
{
    usePreset(reg(ws), "auth0", {{QStringLiteral("domain"), QStringLiteral("acme.us.auth0.com")}},
              QStringLiteral("https://acme.us.auth0.com/"),
              QStringLiteral("https://acme.us.auth0.com/.well-known/jwks.json"),
              QStringLiteral("https://acme.us.auth0.com/oauth/token"));
}

void useCognito(Workspace &ws)
{
    usePreset(reg(ws), "cognito",
              {{QStringLiteral("region"), QStringLiteral("us-east-1")},
               {QStringLiteral("userPoolId"), QStringLiteral("us-east-1_AbC")},
               {QStringLiteral("domain"), QStringLiteral("acme.auth.us-east-1.amazoncognito.com")}},
              QStringLiteral("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"),
              QStringLiteral("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/jwks.json"),
              QStringLiteral("https://acme.auth.us-east-1.amazoncognito.com/oauth2/token"));
}

void useGeneric(Workspace &ws, const QString &issuer)
{
    usePreset(reg(ws), "generic", {}, issuer, issuer + QStringLiteral("/jwks"), issuer + QStringLiteral("/token"));
}

void useCloud(Workspace &ws, const QString &tenant)
{
    env(ws).deployment = Deployment::Cloud;
    env(ws).cloudTenant = tenant;
}

const Finding *findCode(const Findings &findings, const QString &code, const QString &field)
{
    for (const Finding &f : findings) {
        if (f.code == code && f.field == field)
            return &f;
    }
    return nullptr;
}

QString describe(const Findings &findings)
{
    QStringList lines;
    for (const Finding &f : findings)
        lines.append(toString(f.severity) + QLatin1Char(' ') + f.code + QLatin1Char(' ') + f.field
                     + QStringLiteral(": ") + f.message);
    return lines.join(QLatin1Char('\n'));
}

int countAtLeast(const Findings &findings, Severity severity)
{
    int n = 0;
    for (const Finding &f : findings)
        n += int(f.severity) >= int(severity) ? 1 : 0;
    return n;
}
} // namespace

Q_DECLARE_METATYPE(Mutation)
Q_DECLARE_METATYPE(Severity)
Q_DECLARE_METATYPE(SubjectKind)

class TestSetupRules : public QObject
{
    Q_OBJECT

private slots:
    void cleanWorkspaceHasNoFindings()
    {
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(cleanWorkspace());
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void cleanVariantsHaveNoErrorsOrWarnings_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::newRow("cloudTenantForm") << Mutation([](Workspace &ws) { useCloud(ws, QStringLiteral("ACME")); });
        QTest::newRow("registrationSourceWithUserPatch23") << Mutation([](Workspace &ws) {
            env(ws).userSource = UserSource::Registration;
            env(ws).patchLevel = 23;
        });

        QTest::newRow("enterpriseRemoveDomain") << Mutation([](Workspace &ws) { env(ws).removeDomainFromUser = true; });
        QTest::newRow("okta") << Mutation(useOkta);
        QTest::newRow("cloudOAuthHost") << Mutation([](Workspace &ws) {
            useCloud(ws, QStringLiteral("ACME"));
            env(ws).apiBaseUrl = QStringLiteral("https://atlas-api-oauth.cmiccloud.com/cmicprod");
        });
        QTest::newRow("auth0WithAudience") << Mutation([](Workspace &ws) {
            useAuth0(ws);
            reg(ws).audience = QStringLiteral("https://cmic.acme.com/api");
        });
        QTest::newRow("keycloakWithAudience") << Mutation([](Workspace &ws) {
            useKeycloak(ws);
            reg(ws).audience = QStringLiteral("cmic-api");
            reg(ws).discoveryUrl = QStringLiteral("https://kc.acme.com/realms/cmic/.well-known/openid-configuration");
        });
        QTest::newRow("cognitoWithAudience") << Mutation([](Workspace &ws) {
            useCognito(ws);
            reg(ws).audience = QStringLiteral("cmic");
        });
        QTest::newRow("genericWithSlashIssuer") << Mutation([](Workspace &ws) {
            useGeneric(ws, QStringLiteral("https://idp.acme.com/"));
            reg(ws).discoveryUrl = QStringLiteral("https://idp.acme.com/.well-known/openid-configuration");
        });
        QTest::newRow("entraV1DiscoveryOnOtherHost") << Mutation([](Workspace &ws) {
            reg(ws).discoveryUrl = QStringLiteral("https://login.microsoftonline.com/") + kTenant
                                   + QStringLiteral("/.well-known/openid-configuration");
        });
        QTest::newRow("entraTenantParameterIsDomainName") << Mutation([](Workspace &ws) {
            reg(ws).presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("contoso.onmicrosoft.com"));
            reg(ws).tokenEndpoint =
                QStringLiteral("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
        });
        QTest::newRow("entraV2Deliberate") << Mutation([](Workspace &ws) {
            reg(ws).idpPreset = QStringLiteral("entra-v2");
            reg(ws).issuer = QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0");
        });
        QTest::newRow("loopbackHttpSandbox") << Mutation([](Workspace &ws) {
            useGeneric(ws, QStringLiteral("http://127.0.0.1:8443"));
            env(ws).apiBaseUrl = QStringLiteral("http://localhost:9000/cmicprod");
            reg(ws).jwksUri = QStringLiteral("http://[::1]:8443/jwks");
            reg(ws).tokenEndpoint = QStringLiteral("http://127.8.9.10/token");
        });
        QTest::newRow("privateKeyJwtFarExpiry")
            << Mutation([](Workspace &ws) { reg(ws).authMethod = ClientAuthMethod::PrivateKeyJwt; });
        QTest::newRow("secretExpiresIn31Days")
            << Mutation([](Workspace &ws) { reg(ws).secretExpiry = kNow.date().addDays(31); });
        QTest::newRow("probeLimitExactly1000") << Mutation([](Workspace &ws) {
            env(ws).probeEndpoints = {QStringLiteral("/jc-rest-api/rest/1/jcjob?limit=1000&offset=0")};
        });
        QTest::newRow("sameIssuerAndAppIdInOtherEnvironment") << Mutation([](Workspace &ws) {
            Environment test = env(ws);
            test.id = QStringLiteral("env-test");
            test.name = QStringLiteral("cmictest");
            ws.environments.append(test);
            AppRegistration copy = reg(ws);
            copy.id = QStringLiteral("reg-2");
            copy.environmentId = test.id;
            ws.registrations.append(copy);
        });
    }

    void cleanVariantsHaveNoErrorsOrWarnings()
    {
        QFETCH(Mutation, mutate);
        Workspace ws = cleanWorkspace();
        mutate(ws);
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QVERIFY2(countAtLeast(findings, Severity::Warning) == 0, qPrintable(describe(findings)));
    }

    void reportsEachCode_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<SubjectKind>("subject");
        QTest::addColumn<QString>("textContains"); // in message or fix; empty: no check

        const auto E = Severity::Error;
        const auto W = Severity::Warning;
        const auto I = Severity::Info;
        const auto Env = SubjectKind::Environment;
        const auto Usr = SubjectKind::ServiceUser;
        const auto Reg = SubjectKind::Registration;
        auto row = [](const char *name, Mutation m, const char *code, const char *field, Severity s, SubjectKind k,
                      const QString &text = {}) {
            QTest::newRow(name) << m << QString::fromLatin1(code) << QString::fromLatin1(field) << s << k << text;
        };

        // Environments.
        row(
            "envNameMissing", [](Workspace &ws) { env(ws).name.clear(); }, "environment.name.missing", "name", E, Env);
        row(
            "envBaseUrlMissing", [](Workspace &ws) { env(ws).apiBaseUrl.clear(); }, "environment.api-base-url.missing",
            "apiBaseUrl", W, Env);
        row(
            "envBaseUrlMalformed", [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("https//cmic/cmicprod"); },
            "url.malformed", "apiBaseUrl", E, Env);
        row(
            "envBaseUrlPlainHttp",
            [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("http://cmic.acme.com/cmicprod"); },
            "url.not-https", "apiBaseUrl", E, Env, QStringLiteral("\"https://cmic.acme.com/cmicprod\""));
        row(
            "envBaseUrlHttpOnLanAddress",
            [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("http://10.0.0.5/cmicprod"); }, "url.not-https",
            "apiBaseUrl", E, Env);
        row(
            "envBaseUrlWhitespace",
            [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("https://cmic.acme.com/cmicprod "); },
            "text.whitespace", "apiBaseUrl", E, Env);
        row(
            "cloudTenantMissing", [](Workspace &ws) { useCloud(ws, QString()); }, "environment.cloud-tenant.missing",
            "cloudTenant", W, Env);
        row(
            "cloudTenantInvalid", [](Workspace &ws) { useCloud(ws, QStringLiteral("AC||ME")); },
            "environment.cloud-tenant.invalid", "cloudTenant", E, Env);
        row(
            "cloudTenantOnEnterprise", [](Workspace &ws) { env(ws).cloudTenant = QStringLiteral("ACME"); },
            "environment.cloud-tenant.unused", "cloudTenant", I, Env);
        row(
            "userClaimMissing", [](Workspace &ws) { env(ws).userClaim = QStringLiteral(" "); },
            "environment.user-claim.missing", "userClaim", E, Env);
        row(
            "cloudBasicHostDocumented",
            [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("https://atlas-api.cmiccloud.com/cmicprod"); },
            "environment.cloud-basic-host", "apiBaseUrl", W, Env,
            QStringLiteral("Use https://atlas-api-oauth.cmiccloud.com/cmicprod as the API base URL"));
        row(
            "cloudBasicHostGuessed",
            [](Workspace &ws) { env(ws).apiBaseUrl = QStringLiteral("https://nova-api.cmiccloud.com/cmictest"); },
            "environment.cloud-basic-host", "apiBaseUrl", W, Env, QStringLiteral("is a guess"));
        row(
            "noProbes", [](Workspace &ws) { env(ws).probeEndpoints.clear(); }, "environment.probes.none",
            "probeEndpoints", I, Env);
        row(
            "probeAbsoluteUrl",
            [](Workspace &ws) { env(ws).probeEndpoints = {QStringLiteral("https://other.host/cmicprod/x")}; },
            "environment.probe.not-relative", "probeEndpoints", E, Env);
        row(
            "probeNetworkPath", [](Workspace &ws) { env(ws).probeEndpoints = {QStringLiteral("//other.host/x")}; },
            "environment.probe.not-relative", "probeEndpoints", E, Env);
        row(
            "probeLimitAbove1000",
            [](Workspace &ws) {
                env(ws).patchLevel = 22;
                env(ws).probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?offset=0&limit=5000")};
            },
            "environment.probe.limit-too-high", "probeEndpoints", E, Env, QStringLiteral("limit=5000"));
        row(
            "probeLimitAbove1000PatchUnknown",
            [](Workspace &ws) { env(ws).probeEndpoints = {QStringLiteral("jc-rest-api/rest/1/jcjob?limit=2000")}; },
            "environment.probe.limit-may-be-too-high", "probeEndpoints", W, Env, QStringLiteral("limit=1"));
        row(
            "probeLimitAbove1000Patch21",
            [](Workspace &ws) {
                env(ws).patchLevel = 21;
                env(ws).probeEndpoints = {QStringLiteral("jc-rest-api/rest/1/jcjob?limit=2000")};
            },
            "environment.probe.limit-before-patch-22", "probeEndpoints", I, Env, QStringLiteral("Patch 21"));
        row(
            "registrationUserAtPatch22",
            [](Workspace &ws) {
                env(ws).userSource = UserSource::Registration;
                env(ws).patchLevel = 22;
            },
            "environment.user-source.before-patch-23", "userSource", E, Env, QStringLiteral("\"cmicuser\" claim"));
        row(
            "registrationUserPatchUnknown", [](Workspace &ws) { env(ws).userSource = UserSource::Registration; },
            "environment.user-source.patch-unknown", "userSource", W, Env, QStringLiteral("patch level"));

        // Service users.
        row(
            "usernameMissing", [](Workspace &ws) { user(ws).username.clear(); }, "service-user.username.missing",
            "username", E, Usr);
        row(
            "usernameWhitespace", [](Workspace &ws) { user(ws).username = QStringLiteral(" SVC_INTEGRATION"); },
            "text.whitespace", "username", E, Usr, QStringLiteral("\"SVC_INTEGRATION\""));
        row(
            "emailMalformed", [](Workspace &ws) { user(ws).emailUsername = QStringLiteral("svc.integration"); },
            "service-user.email.malformed", "emailUsername", W, Usr);
        row(
            "notDedicated", [](Workspace &ws) { user(ws).dedicatedConfirmed = false; }, "service-user.not-dedicated",
            "dedicatedConfirmed", W, Usr);
        row(
            "enterpriseUsernameWithTenant", [](Workspace &ws) { user(ws).username = QStringLiteral("ACME||SVC"); },
            "claim.enterprise-tenant-form", "username", E, Usr, QStringLiteral("\"SVC\""));
        row(
            "enterpriseUsernameWithTenantAfterPatch22",
            [](Workspace &ws) {
                env(ws).userSource = UserSource::Registration;
                user(ws).username = QStringLiteral("ACME||SVC");
            },
            "claim.enterprise-tenant-form", "username", E, Usr);
        row(
            "removeDomainCutsUsername",
            [](Workspace &ws) {
                env(ws).removeDomainFromUser = true;
                user(ws).username = QStringLiteral("svc@acme.com");
            },
            "claim.remove-domain-strips-username", "username", E, Usr, QStringLiteral("\"svc\""));
        row(
            "cloudUsernameWithTenant",
            [](Workspace &ws) {
                useCloud(ws, QStringLiteral("ACME"));
                user(ws).username = QStringLiteral("ACME||SVC");
            },
            "claim.cloud-username-has-tenant", "username", E, Usr, QStringLiteral("\"SVC\""));
        row(
            "cloudNeitherTenantNorEmail",
            [](Workspace &ws) {
                useCloud(ws, QString());
                user(ws).emailUsername.clear();
            },
            "claim.cloud-unformable", "emailUsername", E, Usr, QStringLiteral("no e-mail username"));
        row(
            "cloudEmailCutByRemoveDomain",
            [](Workspace &ws) {
                useCloud(ws, QString());
                env(ws).removeDomainFromUser = true;
            },
            "claim.cloud-unformable", "emailUsername", E, Usr, QStringLiteral("remove-domain"));

        // Registrations: required fields and references.
        row(
            "regNameMissing", [](Workspace &ws) { reg(ws).name.clear(); }, "registration.name.missing", "name", E, Reg);
        row(
            "regEnvironmentMissing", [](Workspace &ws) { reg(ws).environmentId.clear(); },
            "registration.environment.missing", "environmentId", E, Reg);
        row(
            "regEnvironmentUnknown", [](Workspace &ws) { reg(ws).environmentId = QStringLiteral("deleted"); },
            "registration.environment.unknown", "environmentId", E, Reg);
        row(
            "appIdMissing", [](Workspace &ws) { reg(ws).appId.clear(); }, "registration.app-id.missing", "appId", E,
            Reg);
        row(
            "issuerMissing", [](Workspace &ws) { reg(ws).issuer.clear(); }, "registration.issuer.missing", "issuer", E,
            Reg);
        row(
            "jwksMissing", [](Workspace &ws) { reg(ws).jwksUri.clear(); }, "registration.jwks-uri.missing", "jwksUri",
            E, Reg);
        row(
            "tokenEndpointMissing", [](Workspace &ws) { reg(ws).tokenEndpoint.clear(); },
            "registration.token-endpoint.missing", "tokenEndpoint", W, Reg);
        row(
            "serviceUserFallsBackToClaimAfterPatch22",
            [](Workspace &ws) {
                env(ws).userSource = UserSource::Registration;
                reg(ws).serviceUserId.clear();
            },
            "registration.service-user.claim-fallback", "serviceUserId", W, Reg, QStringLiteral("\"cmicuser\" claim"));
        row(
            "serviceUserUnsetWithClaim", [](Workspace &ws) { reg(ws).serviceUserId.clear(); },
            "registration.service-user.unset", "serviceUserId", W, Reg);
        row(
            "serviceUserUnknown", [](Workspace &ws) { reg(ws).serviceUserId = QStringLiteral("deleted"); },
            "registration.service-user.unknown", "serviceUserId", E, Reg);
        row(
            "duplicateIssuerAndAppId",
            [](Workspace &ws) {
                AppRegistration copy = reg(ws);
                copy.id = QStringLiteral("reg-2");
                copy.name = QStringLiteral("Payroll sync (copy)");
                copy.appId = copy.appId.toUpper();
                ws.registrations.append(copy);
            },
            "registration.duplicate", "appId", E, Reg, QStringLiteral("\"Payroll sync (copy)\""));
        row(
            "presetUnknown", [](Workspace &ws) { reg(ws).idpPreset = QStringLiteral("pingfederate"); },
            "registration.preset.unknown", "idpPreset", W, Reg);
        row(
            "presetParameterMissing", [](Workspace &ws) { reg(ws).presetParameters.clear(); },
            "registration.preset-parameter.missing", "presetParameters", I, Reg, QStringLiteral("tenant"));

        // URLs.
        row(
            "issuerPlainHttp", [](Workspace &ws) { useGeneric(ws, QStringLiteral("http://idp.acme.com")); },
            "url.not-https", "issuer", E, Reg);
        row(
            "jwksPlainHttp",
            [](Workspace &ws) {
                reg(ws).jwksUri = QStringLiteral("http://login.microsoftonline.com/common/discovery/keys");
            },
            "url.not-https", "jwksUri", E, Reg);
        row(
            "tokenEndpointPlainHttp",
            [](Workspace &ws) { reg(ws).tokenEndpoint = QStringLiteral("http://idp.acme.com/token"); }, "url.not-https",
            "tokenEndpoint", E, Reg);
        row(
            "discoveryPlainHttp",
            [](Workspace &ws) {
                reg(ws).discoveryUrl = QStringLiteral("http://idp.acme.com/.well-known/openid-configuration");
            },
            "url.not-https", "discoveryUrl", E, Reg);
        row(
            "jwksMalformed", [](Workspace &ws) { reg(ws).jwksUri = QStringLiteral("login.microsoftonline.com/keys"); },
            "url.malformed", "jwksUri", E, Reg);
        row(
            "tokenEndpointMalformed", [](Workspace &ws) { reg(ws).tokenEndpoint = QStringLiteral("https://"); },
            "url.malformed", "tokenEndpoint", E, Reg);
        row(
            "issuerWhitespace", [](Workspace &ws) { reg(ws).issuer += QLatin1Char(' '); }, "text.whitespace", "issuer",
            E, Reg);
        row(
            "appIdWhitespace", [](Workspace &ws) { reg(ws).appId.prepend(QLatin1Char('\t')); }, "text.whitespace",
            "appId", E, Reg);

        // Issuer shapes.
        row(
            "entraV2Issuer",
            [](Workspace &ws) {
                reg(ws).issuer =
                    QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0");
            },
            "issuer.entra-v2", "issuer", E, Reg,
            QStringLiteral("\"https://sts.windows.net/") + kTenant + QStringLiteral("/\""));
        row(
            "entraV2IssuerWithDomainName",
            [](Workspace &ws) {
                reg(ws).idpPreset.clear();
                reg(ws).issuer = QStringLiteral("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/");
            },
            "issuer.entra-v2", "issuer", E, Reg, QStringLiteral("tenant ID GUID"));
        row(
            "entraV2Deliberate",
            [](Workspace &ws) {
                reg(ws).idpPreset = QStringLiteral("entra-v2");
                reg(ws).issuer =
                    QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0");
            },
            "issuer.entra-v2-tokens", "issuer", I, Reg);
        row(
            "entraV2DeliberateWithStraySlash",
            [](Workspace &ws) {
                reg(ws).idpPreset = QStringLiteral("entra-v2");
                reg(ws).issuer =
                    QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0/");
            },
            "issuer.trailing-slash", "issuer", E, Reg,
            QStringLiteral("\"https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0\""));
        row(
            "entraTenantName",
            [](Workspace &ws) { reg(ws).issuer = QStringLiteral("https://sts.windows.net/contoso.onmicrosoft.com/"); },
            "issuer.entra-tenant-name", "issuer", W, Reg);
        row(
            "entraV1WithoutSlash", [](Workspace &ws) { reg(ws).issuer.chop(1); }, "issuer.trailing-slash", "issuer", E,
            Reg, QStringLiteral("\"https://sts.windows.net/") + kTenant + QStringLiteral("/\""));
        row(
            "oktaStraySlash",
            [](Workspace &ws) {
                useOkta(ws);
                reg(ws).issuer += QLatin1Char('/');
            },
            "issuer.trailing-slash", "issuer", E, Reg, QStringLiteral("\"https://acme.okta.com/oauth2/default\""));
        row(
            "auth0MissingSlash",
            [](Workspace &ws) {
                useAuth0(ws);
                reg(ws).audience = QStringLiteral("api");
                reg(ws).issuer.chop(1);
            },
            "issuer.trailing-slash", "issuer", E, Reg, QStringLiteral("\"https://acme.us.auth0.com/\""));
        row(
            "entraOtherTenantThanPreset",
            [](Workspace &ws) {
                reg(ws).presetParameters.insert(QStringLiteral("tenant"),
                                                QStringLiteral("00000000-0000-0000-0000-000000000001"));
            },
            "issuer.preset-mismatch", "issuer", W, Reg, QStringLiteral("00000000-0000-0000-0000-000000000001"));
        row(
            "oktaOtherIssuer",
            [](Workspace &ws) {
                useOkta(ws);
                reg(ws).issuer = QStringLiteral("https://acme.okta.com");
            },
            "issuer.preset-mismatch", "issuer", W, Reg, QStringLiteral("https://acme.okta.com/oauth2/default"));
        row(
            "issuerWithQuery", [](Workspace &ws) { useGeneric(ws, QStringLiteral("https://idp.acme.com/x?tenant=1")); },
            "issuer.query-or-fragment", "issuer", E, Reg);
        row(
            "discoveryDoubleSlash",
            [](Workspace &ws) {
                useGeneric(ws, QStringLiteral("https://idp.acme.com/realms/x/"));
                reg(ws).discoveryUrl =
                    QStringLiteral("https://idp.acme.com/realms/x//.well-known/openid-configuration");
            },
            "discovery-url.trailing-slash", "discoveryUrl", W, Reg,
            QStringLiteral("\"https://idp.acme.com/realms/x/.well-known/openid-configuration\""));
        row(
            "discoveryTrailingSlashAgainstPreset",
            [](Workspace &ws) {
                useKeycloak(ws);
                reg(ws).audience = QStringLiteral("cmic");
                reg(ws).discoveryUrl =
                    QStringLiteral("https://kc.acme.com/realms/cmic/.well-known/openid-configuration/");
            },
            "discovery-url.trailing-slash", "discoveryUrl", W, Reg);

        // Secrets.
        row(
            "secretExpired", [](Workspace &ws) { reg(ws).secretExpiry = kNow.date().addDays(-1); }, "secret.expired",
            "secretExpiry", E, Reg, QStringLiteral("1 day(s) ago"));
        row(
            "secretExpiresIn12Days", [](Workspace &ws) { reg(ws).secretExpiry = kNow.date().addDays(12); },
            "secret.expiring", "secretExpiry", W, Reg, QStringLiteral("in 12 day(s)"));
        row(
            "secretExpiresIn30Days", [](Workspace &ws) { reg(ws).secretExpiry = kNow.date().addDays(30); },
            "secret.expiring", "secretExpiry", W, Reg, QStringLiteral("in 30 day(s)"));
        row(
            "secretExpiresToday", [](Workspace &ws) { reg(ws).secretExpiry = kNow.date(); }, "secret.expiring",
            "secretExpiry", W, Reg, QStringLiteral("today"));
        row(
            "keyExpiredPrivateKeyJwt",
            [](Workspace &ws) {
                reg(ws).authMethod = ClientAuthMethod::PrivateKeyJwt;
                reg(ws).secretExpiry = kNow.date().addDays(-40);
            },
            "secret.expired", "secretExpiry", E, Reg, QStringLiteral("private_key_jwt"));
        row(
            "secretExpiryUnknown", [](Workspace &ws) { reg(ws).secretExpiry = QDate(); }, "secret.expiry-unknown",
            "secretExpiry", I, Reg);

        // Audience from the preset data.
        row("auth0WithoutAudience", useAuth0, "audience.required", "audience", W, Reg);
        row("keycloakWithoutAudience", useKeycloak, "audience.hint", "audience", I, Reg,
            QStringLiteral("Audience mapper"));
        row("cognitoWithoutAudience", useCognito, "audience.hint", "audience", I, Reg);

        // URLs of another identity provider than the preset's (a switch that kept the old IdP's values).
        row(
            "oktaPresetWithEntraKeys",
            [](Workspace &ws) {
                useOkta(ws);
                reg(ws).jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
            },
            "registration.preset.other-idp", "jwksUri", W, Reg, QStringLiteral("Microsoft Entra ID"));
        row(
            "oktaPresetWithEntraKeysNamesOktasUrl",
            [](Workspace &ws) {
                useOkta(ws);
                reg(ws).jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
            },
            "registration.preset.other-idp", "jwksUri", W, Reg,
            QStringLiteral("https://acme.okta.com/oauth2/default/v1/keys"));
        row(
            "auth0PresetWithOktaIssuer",
            [](Workspace &ws) {
                useAuth0(ws);
                reg(ws).issuer = QStringLiteral("https://acme.okta.com/oauth2/default");
            },
            "registration.preset.other-idp", "issuer", W, Reg, QStringLiteral("Okta"));
        row(
            "entraPresetOnCustomHost",
            [](Workspace &ws) { reg(ws).tokenEndpoint = QStringLiteral("https://idp.acme.com/oauth2/token"); },
            "registration.preset.other-idp", "tokenEndpoint", W, Reg, QStringLiteral("login.microsoftonline.com"));
        // Entra's client credentials need a /.default scope; the fix names the App ID's.
        row(
            "entraScopeEmpty", [](Workspace &ws) { reg(ws).scope.clear(); }, "registration.scope.entra-missing",
            "scope", E, Reg, QStringLiteral("api://11111111-2222-3333-4444-555555555555/.default"));
        row(
            "entraScopeEmptyNoAppId",
            [](Workspace &ws) {
                reg(ws).scope.clear();
                reg(ws).appId.clear();
            },
            "registration.scope.entra-missing", "scope", E, Reg, QStringLiteral("api://<App ID>/.default"));
        row(
            "entraV2ScopeEmpty",
            [](Workspace &ws) {
                reg(ws).idpPreset = QStringLiteral("entra-v2");
                reg(ws).scope = QStringLiteral("   ");
            },
            "registration.scope.entra-missing", "scope", E, Reg);
        row(
            "entraScopeNotDefault", [](Workspace &ws) { reg(ws).scope = QStringLiteral("cmic.api"); },
            "registration.scope.entra-not-default", "scope", E, Reg, QStringLiteral("AADSTS1002012"));
    }

    // credential.missing: only with the secret store's answers, and only when the store said "not there".
    void credentialMissing_data()
    {
        QTest::addColumn<ClientAuthMethod>("method");
        QTest::addColumn<int>("stored"); // 0: not stored, 1: stored, -1: unknown
        QTest::addColumn<bool>("persistent");
        QTest::addColumn<QString>("field"); // empty: no finding
        QTest::addColumn<QString>("textContains");
        QTest::newRow("secretMissing") << ClientAuthMethod::ClientSecretBasic << 0 << true
                                       << QStringLiteral("clientSecret") << QStringLiteral("Client secret field");
        QTest::newRow("secretMissingSessionStore")
            << ClientAuthMethod::ClientSecretPost << 0 << false << QStringLiteral("clientSecret")
            << QStringLiteral("kept for this session only");
        QTest::newRow("keyMissing") << ClientAuthMethod::PrivateKeyJwt << 0 << true << QStringLiteral("privateKey")
                                    << QStringLiteral("Import PEM");
        QTest::newRow("secretStored") << ClientAuthMethod::ClientSecretBasic << 1 << true << QString() << QString();
        QTest::newRow("storeNotAnswered")
            << ClientAuthMethod::ClientSecretBasic << -1 << true << QString() << QString();
    }

    void credentialMissing()
    {
        QFETCH(ClientAuthMethod, method);
        QFETCH(int, stored);
        QFETCH(bool, persistent);
        QFETCH(QString, field);
        QFETCH(QString, textContains);
        QVERIFY(kAllCodes.contains(QStringLiteral("credential.missing")));
        Workspace ws = cleanWorkspace();
        reg(ws).authMethod = method;
        const FixedClock clock(kNow);
        SetupRules rules(clock);
        QStringList asked;
        rules.setCredentials({[&](const QString &key) -> std::optional<bool> {
                                  asked.append(key);
                                  if (stored < 0)
                                      return std::nullopt;
                                  return stored == 1;
                              },
                              QStringLiteral("Test Store"), persistent});
        for (const Findings &findings : {rules.check(ws), rules.checkRegistration(ws, reg(ws))}) {
            const Finding *f = findCode(findings, QStringLiteral("credential.missing"), field);
            if (field.isEmpty()) {
                QVERIFY2(!findCode(findings, QStringLiteral("credential.missing"), QStringLiteral("clientSecret"))
                             && !findCode(findings, QStringLiteral("credential.missing"), QStringLiteral("privateKey")),
                         qPrintable(describe(findings)));
                continue;
            }
            QVERIFY2(f, qPrintable(describe(findings)));
            QCOMPARE(toString(f->severity), QStringLiteral("warning"));
            QCOMPARE(f->subjectId, QStringLiteral("reg-1"));
            QVERIFY(f->message.contains(QLatin1String("Test Store")));
            QVERIFY2(QString(f->message + f->fix).contains(textContains), qPrintable(f->message + f->fix));
        }
        // The key asked is the registration's credential key in this workspace.
        QVERIFY(!asked.isEmpty());
        QCOMPARE(asked.constFirst(), credentialKey(ws.id, QStringLiteral("reg-1"), credentialKindFor(reg(ws))));
        // Without the store's answers (lint, the validation's configuration step) there is no such finding.
        QVERIFY(!findCode(SetupRules(clock).check(ws), QStringLiteral("credential.missing"), field));
    }

    void reportsEachCode()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(Severity, severity);
        QFETCH(SubjectKind, subject);
        QFETCH(QString, textContains);

        QVERIFY2(kAllCodes.contains(code), qPrintable(code));
        Workspace ws = cleanWorkspace();
        mutate(ws);
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        const Finding *f = findCode(findings, code, field);
        QVERIFY2(f, qPrintable(QStringLiteral("no %1 on %2; got:\n%3").arg(code, field, describe(findings))));
        QCOMPARE(toString(f->severity), toString(severity));
        QCOMPARE(int(f->subjectKind), int(subject));
        const QString expectedId = subject == SubjectKind::Environment   ? QStringLiteral("env-prod")
                                   : subject == SubjectKind::ServiceUser ? QStringLiteral("su-1")
                                                                         : QStringLiteral("reg-1");
        QCOMPARE(f->subjectId, expectedId);
        QVERIFY(!f->message.isEmpty());
        QVERIFY(!f->fix.isEmpty());
        if (!textContains.isEmpty())
            QVERIFY2(QString(f->message + f->fix).contains(textContains),
                     qPrintable(f->message + QLatin1Char('\n') + f->fix));

        // The same finding comes from checkRegistration, which the editor runs on every change.
        const Findings one = SetupRules(clock).checkRegistration(ws, reg(ws));
        QVERIFY2(one.contains(*f), qPrintable(describe(one)));
    }

    void loopbackHttpIsAllowed_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("localhost") << QStringLiteral("http://localhost:8080/cmicprod");
        QTest::newRow("LOCALHOST") << QStringLiteral("http://LOCALHOST/cmicprod");
        QTest::newRow("127.0.0.1") << QStringLiteral("http://127.0.0.1/cmicprod");
        QTest::newRow("127.255.1.2") << QStringLiteral("http://127.255.1.2:9/cmicprod");
        QTest::newRow("ipv6") << QStringLiteral("http://[::1]:8080/cmicprod");
    }

    void loopbackHttpIsAllowed()
    {
        QFETCH(QString, url);
        Workspace ws = cleanWorkspace();
        env(ws).apiBaseUrl = url;
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void nonLoopbackLookalikesNeedHttps_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("localhostSubdomainOfOther") << QStringLiteral("http://localhost.evil.com/cmicprod");
        QTest::newRow("128.0.0.1") << QStringLiteral("http://128.0.0.1/cmicprod");
        QTest::newRow("ipv6Any") << QStringLiteral("http://[::]/cmicprod");
    }

    void nonLoopbackLookalikesNeedHttps()
    {
        QFETCH(QString, url);
        Workspace ws = cleanWorkspace();
        env(ws).apiBaseUrl = url;
        const FixedClock clock(kNow);
        QVERIFY(findCode(SetupRules(clock).check(ws), QStringLiteral("url.not-https"), QStringLiteral("apiBaseUrl")));
    }

    void duplicateIsReportedOnBoth()
    {
        Workspace ws = cleanWorkspace();
        AppRegistration copy = reg(ws);
        copy.id = QStringLiteral("reg-2");
        copy.name = QStringLiteral("Second");
        copy.issuer += QLatin1Char(' '); // whitespace does not hide the duplicate: CMiC sees the same pair once fixed
        ws.registrations.append(copy);
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QStringList flagged;
        for (const Finding &f : findings) {
            if (f.code == QLatin1String("registration.duplicate"))
                flagged.append(f.subjectId);
        }
        QCOMPARE(flagged, (QStringList{QStringLiteral("reg-1"), QStringLiteral("reg-2")}));
    }

    void duplicateAppIdIgnoresCaseAndNamesEveryOther()
    {
        Workspace ws = cleanWorkspace();
        for (const char *name : {"Second", "Third"}) {
            AppRegistration copy = reg(ws);
            copy.id = QLatin1String(name);
            copy.name = QLatin1String(name);
            copy.appId = copy.appId.toUpper();
            ws.registrations.append(copy);
        }
        AppRegistration unrelated = reg(ws);
        unrelated.id = QStringLiteral("unrelated");
        unrelated.appId = QStringLiteral("another-app");
        ws.registrations.append(unrelated);
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QStringList flagged;
        for (const Finding &f : findings) {
            if (f.code != QLatin1String("registration.duplicate"))
                continue;
            flagged.append(f.subjectId);
            if (f.subjectId == QLatin1String("reg-1"))
                QVERIFY2(f.message.contains(QLatin1String("\"Second\", \"Third\"")), qPrintable(f.message));
        }
        QCOMPARE(flagged, (QStringList{QStringLiteral("reg-1"), QStringLiteral("Second"), QStringLiteral("Third")}));
        // checkRegistration (the editor's per-change check) agrees with check.
        const Findings one = SetupRules(clock).checkRegistration(ws, ws.registrations.at(2));
        QVERIFY(findCode(one, QStringLiteral("registration.duplicate"), QStringLiteral("appId")));
        QVERIFY(!findCode(SetupRules(clock).checkRegistration(ws, ws.registrations.at(3)),
                          QStringLiteral("registration.duplicate"), QStringLiteral("appId")));
    }

    // The GUI runs check() on the whole workspace; the benchmark size (10,000 registrations, 2,000 service users)
    // must take a fraction of a second, not grow with the square of the registrations. The bound is generous
    // (a linear check takes well under 100 ms here); a quadratic one took seconds at half this size.
    // Scale without duplicate false alarms (the ids, App IDs and usernames are all distinct). How fast check() is
    // at this size is bench/workspace's "findings" figure, not a timed assertion here.
    void largeWorkspaceGetsOneFindingPerRegistration()
    {
        Workspace ws = cleanWorkspace();
        const AppRegistration base = reg(ws);
        const ServiceUser baseUser = user(ws);
        ws.registrations.clear();
        ws.serviceUsers.clear();
        for (int i = 0; i < 4000; ++i) {
            ServiceUser u = baseUser;
            u.id = QStringLiteral("su-%1").arg(i);
            u.username = QStringLiteral("SVC_%1").arg(i);
            ws.serviceUsers.append(u);
        }
        for (int i = 0; i < 20000; ++i) {
            AppRegistration r = base;
            r.id = QStringLiteral("reg-%1").arg(i);
            r.name = QStringLiteral("Registration %1").arg(i);
            r.appId = QStringLiteral("app-%1").arg(i);
            r.serviceUserId = QStringLiteral("su-%1").arg(i % 4000);
            r.secretExpiry = QDate();
            ws.registrations.append(r);
        }
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QCOMPARE(findings.size(), 20000); // one secret.expiry-unknown each
        for (const Finding &f : findings)
            QCOMPARE(f.code, QStringLiteral("secret.expiry-unknown"));
    }

    // The certificate rules judge the clock's time, not the start of its day: a certificate made an hour ago is
    // valid now, one valid from an hour ahead is not.
    void certificateValidityUsesTheTimeOfDay()
    {
        const net::JwtSigner key = net::JwtSigner::generateRsa(2048);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const long from : {-3600L, 3600L}) {
            Workspace ws = cleanWorkspace();
            AppRegistration &r = reg(ws);
            r.authMethod = ClientAuthMethod::PrivateKeyJwt;
            r.assertionAlgorithm = QStringLiteral("PS256");
            r.assertionThumbprint = AssertionThumbprint::X5tS256;
            r.assertionCertificate =
                QString::fromLatin1(cmic::test::selfSignedCertificate(key.pkey(), from, 365L * 86400));
            const FixedClock clock(now);
            const Findings findings = SetupRules(clock).check(ws);
            const bool notYetValid = findCode(findings, QStringLiteral("assertion.certificate-not-yet-valid"),
                                              QStringLiteral("assertionCertificate"));
            QVERIFY2(notYetValid == (from > 0), qPrintable(QString::number(from)));
        }
    }

    void expiryWarningStartsAt30Days()
    {
        QCOMPARE(SetupRules::kSecretExpiryWarningDays, 30);
        Workspace ws = cleanWorkspace();
        FixedClock clock(kNow);
        reg(ws).secretExpiry = kNow.date().addDays(31);
        QVERIFY(SetupRules(clock).check(ws).isEmpty());
        clock.advance(24 * 3600); // one day later the same workspace warns
        const Findings later = SetupRules(clock).check(ws);
        QVERIFY(findCode(later, QStringLiteral("secret.expiring"), QStringLiteral("secretExpiry")));
        clock.advance(31 * 24 * 3600);
        QVERIFY(
            findCode(SetupRules(clock).check(ws), QStringLiteral("secret.expired"), QStringLiteral("secretExpiry")));
    }

    // "Today" is the clock's UTC date (docs/rules.md), whatever offset the clock's QDateTime carries: 01:00 on the
    // 29th at UTC+14 is still the 28th in UTC, so a secret expiring on the 28th expires today, not yesterday.
    void expiryUsesTheUtcDateWhateverTheClockOffset()
    {
        Workspace ws = cleanWorkspace();
        reg(ws).secretExpiry = QDate(2026, 11, 28);
        const FixedClock ahead(QDateTime(QDate(2026, 11, 29), QTime(1, 0), Qt::OffsetFromUTC, 14 * 3600));
        const Findings findings = SetupRules(ahead).check(ws);
        const Finding *f = findCode(findings, QStringLiteral("secret.expiring"), QStringLiteral("secretExpiry"));
        QVERIFY2(f, qPrintable(describe(findings)));
        QVERIFY2(f->message.contains(QLatin1String("today")), qPrintable(f->message));
        const FixedClock behind(QDateTime(QDate(2026, 11, 28), QTime(23, 0), Qt::OffsetFromUTC, -10 * 3600));
        QVERIFY(
            findCode(SetupRules(behind).check(ws), QStringLiteral("secret.expired"), QStringLiteral("secretExpiry")));
    }

    void sharedServiceUserFindingAppearsOnce()
    {
        Workspace ws = cleanWorkspace();
        user(ws).username = QStringLiteral("ACME||SVC");
        AppRegistration second = reg(ws);
        second.id = QStringLiteral("reg-2");
        second.appId = QStringLiteral("other-app");
        ws.registrations.append(second);
        const FixedClock clock(kNow);
        int n = 0;
        for (const Finding &f : SetupRules(clock).check(ws))
            n += f.code == QLatin1String("claim.enterprise-tenant-form") ? 1 : 0;
        QCOMPARE(n, 1);
    }

    void checkRegistrationLeavesOtherRegistrationsOut()
    {
        Workspace ws = cleanWorkspace();
        AppRegistration other = reg(ws);
        other.id = QStringLiteral("reg-2");
        other.appId = QStringLiteral("other-app");
        other.issuer = QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0");
        ws.registrations.append(other);
        user(ws).dedicatedConfirmed = false;
        const FixedClock clock(kNow);
        const Findings one = SetupRules(clock).checkRegistration(ws, reg(ws));
        QVERIFY(findCode(one, QStringLiteral("service-user.not-dedicated"), QStringLiteral("dedicatedConfirmed")));
        for (const Finding &f : one)
            QVERIFY2(f.subjectId != QLatin1String("reg-2"), qPrintable(describe(one)));
        QVERIFY(findCode(SetupRules(clock).check(ws), QStringLiteral("issuer.entra-v2"), QStringLiteral("issuer")));
    }

    void entraV2IssuerDoesNotAlsoReportPresetMismatch()
    {
        Workspace ws = cleanWorkspace();
        reg(ws).issuer = QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0");
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().code, QStringLiteral("issuer.entra-v2"));
    }

    // Issue 10, item 5: the rules that depend on the patch level, per level. |code| empty: no finding of |family|.
    void patchLevelRules_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<int>("source"); // UserSource
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QString>("family"); // code prefix looked at
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("fixNames"); // the fix names the value to change

        const int reg = int(UserSource::Registration);
        const int claim = int(UserSource::TokenClaim);
        const QString us = QStringLiteral("environment.user-source.");
        const QString lim = QStringLiteral("environment.probe.limit");
        const QString good = QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1");
        const QString big = QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1001");
        const int E = int(Severity::Error), W = int(Severity::Warning), I = int(Severity::Info);
        struct Row
        {
            const char *name;
            int patch;
            int source;
            QString probe;
            QString family;
            QString code;
            int severity;
            QString fixNames;
        };
        const Row rows[] = {
            {"registration-unknown", 0, reg, good, us, us + QStringLiteral("patch-unknown"), W,
             QStringLiteral("patch level")},
            {"registration-18", 18, reg, good, us, us + QStringLiteral("before-patch-23"), E,
             QStringLiteral("\"cmicuser\" claim")},
            {"registration-19", 19, reg, good, us, us + QStringLiteral("before-patch-23"), E,
             QStringLiteral("token claim")},
            {"registration-20", 20, reg, good, us, us + QStringLiteral("before-patch-23"), E,
             QStringLiteral("23 or later")},
            {"registration-22", 22, reg, good, us, us + QStringLiteral("before-patch-23"), E,
             QStringLiteral("\"cmicuser\" claim")},
            {"registration-23", 23, reg, good, us, QString(), 0, QString()},
            {"claim-unknown", 0, claim, good, us, QString(), 0, QString()},
            {"claim-22", 22, claim, good, us, QString(), 0, QString()},
            {"claim-23", 23, claim, good, us, QString(), 0, QString()},
            {"limit-unknown", 0, claim, big, lim, lim + QStringLiteral("-may-be-too-high"), W,
             QStringLiteral("limit=1")},
            {"limit-19", 19, claim, big, lim, lim + QStringLiteral("-before-patch-22"), I, QStringLiteral("limit=1")},
            {"limit-20", 20, claim, big, lim, lim + QStringLiteral("-before-patch-22"), I, QStringLiteral("limit=1")},
            {"limit-22", 22, claim, big, lim, lim + QStringLiteral("-too-high"), E, QStringLiteral("limit=1")},
            {"limit-23", 23, claim, big, lim, lim + QStringLiteral("-too-high"), E, QStringLiteral("limit=1")},
            {"limit-1000-22", 22, claim, QStringLiteral("x?limit=1000"), lim, QString(), 0, QString()},
        };
        for (const Row &r : rows)
            QTest::newRow(r.name) << r.patch << r.source << r.probe << r.family << r.code << r.severity << r.fixNames;
    }

    void patchLevelRules()
    {
        QFETCH(int, patch);
        QFETCH(int, source);
        QFETCH(QString, probe);
        QFETCH(QString, family);
        QFETCH(QString, code);
        QFETCH(int, severity);
        QFETCH(QString, fixNames);
        Workspace ws = cleanWorkspace();
        env(ws).patchLevel = patch;
        env(ws).userSource = UserSource(source);
        env(ws).probeEndpoints = {probe};
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QList<const Finding *> inFamily;
        for (const Finding &f : findings) {
            if (f.code.startsWith(family))
                inFamily.append(&f);
        }
        if (code.isEmpty()) {
            QVERIFY2(inFamily.isEmpty(), qPrintable(describe(findings)));
            return;
        }
        QCOMPARE(inFamily.size(), 1);
        const Finding &f = *inFamily.constFirst();
        QCOMPARE(f.code, code);
        QCOMPARE(int(f.severity), severity);
        QVERIFY2(f.fix.contains(fixNames), qPrintable(f.fix));
        // Every patch-dependent finding says which patch level it rests on.
        QVERIFY2(f.message.contains(QLatin1String("Patch")), qPrintable(f.message));
        if (patch > 0)
            QVERIFY2(f.message.contains(Environment::patchLevelText(patch)), qPrintable(f.message));
    }

    // Issue 10, item 2: Cloud with and without a tenant; only when no valid value can be formed is it an error.
    void cloudClaimFormable_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("removeDomain");
        QTest::addColumn<QString>("code"); // empty: no claim.* error
        QTest::addColumn<QString>("fixNames");

        const QString unformable = QStringLiteral("claim.cloud-unformable");
        QTest::newRow("tenant+plain") << QStringLiteral("ACME") << QStringLiteral("SVC_INTEGRATION") << QString()
                                      << false << QString() << QString();
        QTest::newRow("no-tenant+typed-whole")
            << QString() << QStringLiteral("ACME||SVC_INTEGRATION") << QString() << false << QString() << QString();
        QTest::newRow("no-tenant+typed-whole+remove-domain")
            << QString() << QStringLiteral("ACME||SVC_INTEGRATION") << QString() << true << QString() << QString();
        QTest::newRow("no-tenant+email-username")
            << QString() << QStringLiteral("svc.integration@acme.com") << QString() << false << QString() << QString();
        QTest::newRow("no-tenant+email-field")
            << QString() << QStringLiteral("SVC_INTEGRATION") << QStringLiteral("svc.integration@acme.com") << false
            << QString() << QString();
        QTest::newRow("no-tenant+plain") << QString() << QStringLiteral("SVC_INTEGRATION") << QString() << false
                                         << unformable << QStringLiteral("TENANT||SVC_INTEGRATION");
        QTest::newRow("no-tenant+empty-tenant-part")
            << QString() << QStringLiteral("||SVC_INTEGRATION") << QString() << false << unformable
            << QStringLiteral("TENANT||SVC_INTEGRATION");
        QTest::newRow("no-tenant+double-separator") << QString() << QStringLiteral("ACME||X||SVC") << QString() << false
                                                    << unformable << QStringLiteral("TENANT||SVC");
        QTest::newRow("no-tenant+email-username+remove-domain")
            << QString() << QStringLiteral("svc.integration@acme.com") << QString() << true
            << QStringLiteral("claim.remove-domain-strips-username") << QStringLiteral("remove-domain");
        QTest::newRow("tenant+typed-whole")
            << QStringLiteral("ACME") << QStringLiteral("ACME||SVC_INTEGRATION") << QString() << false
            << QStringLiteral("claim.cloud-username-has-tenant") << QStringLiteral("\"SVC_INTEGRATION\"");
    }

    void cloudClaimFormable()
    {
        QFETCH(QString, tenant);
        QFETCH(QString, username);
        QFETCH(QString, email);
        QFETCH(bool, removeDomain);
        QFETCH(QString, code);
        QFETCH(QString, fixNames);
        Workspace ws = cleanWorkspace();
        useCloud(ws, tenant);
        env(ws).removeDomainFromUser = removeDomain;
        user(ws).username = username;
        user(ws).emailUsername = email;
        const FixedClock clock(kNow);
        const Findings findings = SetupRules(clock).check(ws);
        QList<const Finding *> errors;
        for (const Finding &f : findings) {
            if (f.code.startsWith(QLatin1String("claim.")) && f.severity == Severity::Error)
                errors.append(&f);
        }
        if (code.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(describe(findings)));
            return;
        }
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.constFirst()->code, code);
        QVERIFY2(errors.constFirst()->fix.contains(fixNames) || errors.constFirst()->message.contains(fixNames),
                 qPrintable(errors.constFirst()->fix));
    }

    void everyCodeIsDocumented()
    {
        QFile file(qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/docs/rules.md"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "docs/rules.md must exist (CMIC_SOURCE_DIR points at the tree)");
        const QString doc = QString::fromUtf8(file.readAll());
        for (const QString &code : kAllCodes)
            QVERIFY2(doc.contains(QLatin1Char('`') + code + QLatin1Char('`')), qPrintable(code));
        // and nothing documented is unknown to the rules
        static const QRegularExpression codeCell(QStringLiteral("^\\| `([a-z0-9.-]+)` \\|"),
                                                 QRegularExpression::MultilineOption);
        auto it = codeCell.globalMatch(doc);
        int rows = 0;
        while (it.hasNext()) {
            const QString code = it.next().captured(1);
            QVERIFY2(kAllCodes.contains(code), qPrintable(code));
            ++rows;
        }
        QCOMPARE(rows, kAllCodes.size());
    }
};

QTEST_GUILESS_MAIN(TestSetupRules)
#include "tst_setuprules.moc"
