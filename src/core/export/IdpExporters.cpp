#include "Escapers.h"
#include "Exporter.h"
#include "RegistrationFacts.h"

#include "core/model/IdpPreset.h"
#include "core/model/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cmic {

namespace {

using exporthelp::orUnset;

bool presetIsEntra(const AppRegistration &r) { return r.idpPreset.startsWith(QLatin1String("entra")); }

QString notThisIdpWarning(const AppRegistration &r, const QString &idp)
{
    return ExportText::tr("This registration's IdP preset is %1, not %2: the steps may not apply to it.")
        .arg(exportfacts::presetName(r), idp);
}

// "{name}" when the registration has no value for a preset parameter, so the reader sees what to fill in.
QString parameter(const AppRegistration &r, const char *name)
{
    const QString key = QString::fromLatin1(name);
    const QString value = r.presetParameters.value(key).trimmed();
    return value.isEmpty() ? QString(QLatin1Char('{') + key + QLatin1Char('}')) : value;
}

QString secretHeaderWarning()
{
    return ExportText::tr("This file contains the client secret: keep it private (it is written with mode 0600) and "
                          "delete it once imported.");
}

// ---------------------------------------------------------------------------------------------------------------

// A client representation for `kcadm.sh create clients -r REALM -f FILE` (Keycloak's ClientRepresentation): a
// confidential client with only the service account (client credentials) flow, a hardcoded-claim mapper for CMiC's
// user claim and an audience mapper, since Keycloak's service-account tokens carry no aud otherwise.
class KeycloakClientExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("keycloak-client"); }
    QString displayName() const override { return ExportText::tr("Keycloak client (JSON for kcadm.sh)"); }
    QString description() const override
    {
        return ExportText::tr("The client for the Keycloak realm, imported with kcadm.sh create clients -r REALM -f "
                              "FILE.");
    }
    QString fileSuffix() const override { return QStringLiteral("json"); }
    ExportEscaping escaping() const override { return ExportEscaping::Json; }
    bool supportsSecret() const override { return true; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r,
                        const ExportOptions &options) const override
    {
        ExportResult result;
        if (r.idpPreset != QLatin1String("keycloak"))
            result.warnings << notThisIdpWarning(r, QStringLiteral("Keycloak"));
        const bool jwt = r.authMethod == ClientAuthMethod::PrivateKeyJwt;

        QJsonObject client;
        client.insert(QStringLiteral("clientId"), r.appId);
        client.insert(QStringLiteral("name"), r.name);
        client.insert(QStringLiteral("enabled"), true);
        client.insert(QStringLiteral("protocol"), QStringLiteral("openid-connect"));
        client.insert(QStringLiteral("publicClient"), false);
        client.insert(QStringLiteral("bearerOnly"), false);
        client.insert(QStringLiteral("serviceAccountsEnabled"), true);
        client.insert(QStringLiteral("standardFlowEnabled"), false);
        client.insert(QStringLiteral("implicitFlowEnabled"), false);
        client.insert(QStringLiteral("directAccessGrantsEnabled"), false);
        client.insert(QStringLiteral("clientAuthenticatorType"),
                      jwt ? QStringLiteral("client-jwt") : QStringLiteral("client-secret"));
        if (r.appId.isEmpty())
            result.warnings << ExportText::tr("The registration has no App ID: enter the client id first.");

        QJsonObject attributes;
        if (jwt) {
            if (!r.assertionAlgorithm.isEmpty())
                attributes.insert(QStringLiteral("token.endpoint.auth.signing.alg"), r.assertionAlgorithm);
            const QString der = certificateBase64(r.assertionCertificate);
            if (!der.isEmpty())
                attributes.insert(QStringLiteral("jwt.credential.certificate"), der);
            else
                result.warnings << ExportText::tr("private_key_jwt: the registration has no public certificate; "
                                                  "add the client's key in Keycloak under Credentials > Keys.");
        }
        if (!attributes.isEmpty())
            client.insert(QStringLiteral("attributes"), attributes);

        if (options.includeSecret && !jwt && !options.secret.isEmpty()) {
            client.insert(QStringLiteral("secret"), QString::fromUtf8(options.secret));
            client.insert(QStringLiteral("description"), secretHeaderWarning());
            result.containsSecret = true;
            result.warnings << secretHeaderWarning();
        } else {
            client.insert(QStringLiteral("description"),
                          ExportText::tr("CMiC API client (exported by CMiC OAuth Console)."));
        }

        QJsonArray mappers;
        const exportfacts::UserClaim claim = exportfacts::userClaim(workspace, r);
        if (claim.need == exportfacts::UserClaim::Need::Unknown) {
            result.warnings << ExportText::tr("The registration has no environment: the user claim mapper is left "
                                              "out.");
        } else if (claim.value.isEmpty()) {
            if (claim.need == exportfacts::UserClaim::Need::Required)
                result.warnings << ExportText::tr("CMiC reads the user from the \"%1\" claim, but the registration's "
                                                  "service user gives no value for it: the mapper is left out.")
                                       .arg(claim.name);
        } else {
            // Keycloak reads a "." in claim.name as a nested object; "\." is a literal dot.
            QString claimName = claim.name;
            claimName.replace(QLatin1Char('.'), QLatin1String("\\."));
            QJsonObject config{{QStringLiteral("claim.name"), claimName},
                               {QStringLiteral("claim.value"), claim.value},
                               {QStringLiteral("jsonType.label"), QStringLiteral("String")},
                               {QStringLiteral("access.token.claim"), QStringLiteral("true")},
                               {QStringLiteral("id.token.claim"), QStringLiteral("false")},
                               {QStringLiteral("userinfo.token.claim"), QStringLiteral("false")},
                               {QStringLiteral("introspection.token.claim"), QStringLiteral("true")}};
            mappers.append(
                mapper(QStringLiteral("cmic user claim"), QStringLiteral("oidc-hardcoded-claim-mapper"), config));
        }

        QJsonObject audience{{QStringLiteral("access.token.claim"), QStringLiteral("true")},
                             {QStringLiteral("id.token.claim"), QStringLiteral("false")},
                             {QStringLiteral("introspection.token.claim"), QStringLiteral("true")}};
        if (!r.audience.isEmpty()) {
            audience.insert(QStringLiteral("included.custom.audience"), r.audience);
        } else {
            audience.insert(QStringLiteral("included.client.audience"), r.appId);
            result.warnings << ExportText::tr("The registration has no audience: the audience mapper adds the client "
                                              "id as aud. Enter the audience CMiC should see on the registration.");
        }
        mappers.append(mapper(QStringLiteral("cmic audience"), QStringLiteral("oidc-audience-mapper"), audience));

        const Environment *env = workspace.environment(r.environmentId);
        if (env && env->ipCheck) {
            // Keycloak keeps the caller's address in the service account session's "clientAddress" note.
            QJsonObject ip{{QStringLiteral("user.session.note"), QStringLiteral("clientAddress")},
                           {QStringLiteral("claim.name"), QStringLiteral("ipaddr")},
                           {QStringLiteral("jsonType.label"), QStringLiteral("String")},
                           {QStringLiteral("access.token.claim"), QStringLiteral("true")},
                           {QStringLiteral("id.token.claim"), QStringLiteral("false")},
                           {QStringLiteral("introspection.token.claim"), QStringLiteral("true")}};
            mappers.append(
                mapper(QStringLiteral("cmic ipaddr"), QStringLiteral("oidc-usersessionmodel-note-mapper"), ip));
            result.warnings << ExportText::tr("CMiC's IP check is on: the ipaddr mapper puts in the address Keycloak "
                                              "sees the caller at, which must be the one CMiC sees.");
        }
        client.insert(QStringLiteral("protocolMappers"), mappers);
        result.content = QJsonDocument(client).toJson(QJsonDocument::Indented);
        return result;
    }

private:
    static QJsonObject mapper(const QString &name, const QString &type, const QJsonObject &config)
    {
        return {{QStringLiteral("name"), name},
                {QStringLiteral("protocol"), QStringLiteral("openid-connect")},
                {QStringLiteral("protocolMapper"), type},
                {QStringLiteral("consentRequired"), false},
                {QStringLiteral("config"), config}};
    }

    // The base64 DER of the first PEM certificate, as Keycloak keeps it; empty when there is none.
    static QString certificateBase64(const QString &pem)
    {
        const QLatin1String begin("-----BEGIN CERTIFICATE-----");
        const QLatin1String end("-----END CERTIFICATE-----");
        const qsizetype from = pem.indexOf(begin);
        const qsizetype to = from < 0 ? -1 : pem.indexOf(end, from);
        if (to < 0)
            return {};
        QString body = pem.mid(from + begin.size(), to - from - begin.size());
        body.remove(QLatin1Char('\n')).remove(QLatin1Char('\r')).remove(QLatin1Char(' '));
        const QByteArray der = QByteArray::fromBase64(body.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        return der.isEmpty() ? QString() : QString::fromLatin1(der.toBase64());
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Markdown guides. Every value goes through escape::markdownCode (shown literally) and every name through
// escape::markdownText; values are listed, never put in tables (a "|" would split a table's cell).

QString code(const QString &value) { return escape::markdownCode(orUnset(value)); }
// escape::markdownText leaves "&" as it is, so "&copy;" or "&#42;" in a name would show as an entity's character:
// "\&" (CommonMark escapes any ASCII punctuation) keeps it literal.
QString text(const QString &value)
{
    return escape::markdownText(value).replace(QLatin1Char('&'), QLatin1String("\\&"));
}

// The user claim part both guides share: returns false when the claim is not needed (and says why).
void writeClaimIntro(QTextStream &s, const exportfacts::UserClaim &claim)
{
    switch (claim.need) {
    case exportfacts::UserClaim::Need::Unknown:
        s << ExportText::tr("The registration has no environment, so whether CMiC reads the user from the token is "
                            "not known. Choose the environment and export again.")
          << "\n\n";
        return;
    case exportfacts::UserClaim::Need::NotRequired:
        s << ExportText::tr("CMiC takes the service user from the registration, so the token needs no user claim. "
                            "If you add it anyway, it must name the same user.")
          << "\n\n";
        return;
    case exportfacts::UserClaim::Need::Required: break;
    }
    if (!claim.whyClaimStillRead.isEmpty())
        s << text(claim.whyClaimStillRead) << "\n\n";
    s << ExportText::tr("CMiC reads the service user from the access token's %1 claim.").arg(code(claim.name))
      << "\n\n";
    if (claim.value.isEmpty()) {
        s << (claim.hasServiceUser
                  ? ExportText::tr("The registration's service user gives no value CMiC accepts here; correct it "
                                   "first (the workspace's findings say how).")
                  : ExportText::tr("Choose the registration's service user to see the value."))
          << "\n\n";
    } else {
        s << ExportText::tr("Its value must be %1.").arg(code(claim.value)) << "\n\n";
    }
}

void writeHeader(QTextStream &s, const QString &title, const Workspace &workspace, const AppRegistration &r)
{
    s << "# " << title << "\n\n" << ExportText::tr("Registration: %1").arg(text(orUnset(r.name))) << "  \n";
    if (const Environment *env = workspace.environment(r.environmentId))
        s << ExportText::tr("CMiC environment: %1, %2").arg(text(env->name), text(cmic::displayName(env->deployment)))
          << "  \n";
    s << ExportText::tr("IdP preset: %1").arg(text(exportfacts::presetName(r))) << "\n\n";
}

void writeCmicValues(QTextStream &s, const Workspace &workspace, const AppRegistration &r)
{
    s << "- App ID: " << code(r.appId) << "\n"
      << "- Issuer: " << code(r.issuer) << "\n"
      << "- JWKS URI: " << code(r.jwksUri) << "\n"
      << "- Service username: " << code(exporthelp::serviceUsername(workspace, r)) << "\n\n"
      << text(exportfacts::appIdClaimSentence(r)) << "\n\n";
}

void writeIpCheck(QTextStream &s, const Environment *env, const QString &howTo)
{
    if (!env) {
        s << ExportText::tr("Choose the registration's environment to see whether CMiC's IP check needs an ipaddr "
                            "claim.")
          << "\n\n";
        return;
    }
    if (!env->ipCheck) {
        s << ExportText::tr("CMiC's IP check is off for this environment; the token needs no ipaddr claim.") << "\n\n";
        return;
    }
    s << text(exportfacts::ipAddrRequirement(*env)) << "\n\n" << howTo << "\n\n";
    s << "> " << text(exportfacts::ipAddrCaveat(*env)) << "\n\n";
}

// The Application ID URI the registration's scope names (scope minus "/.default"), else its audience, else the
// api:// form of its App ID.
QString applicationIdUri(const AppRegistration &r)
{
    const QString scope = r.scope.trimmed().section(QLatin1Char(' '), 0, 0);
    const QLatin1String suffix("/.default");
    if (scope.endsWith(suffix) && scope.size() > suffix.size())
        return scope.left(scope.size() - suffix.size());
    if (!r.audience.isEmpty())
        return r.audience;
    return QStringLiteral("api://") + (r.appId.isEmpty() ? QStringLiteral("{app-id}") : r.appId);
}

class EntraGuideExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("entra-guide"); }
    QString displayName() const override { return ExportText::tr("Microsoft Entra ID setup guide (Markdown)"); }
    QString description() const override
    {
        return ExportText::tr("Step by step for the Entra administrator, with this registration's values.");
    }
    QString fileSuffix() const override { return QStringLiteral("md"); }
    ExportEscaping escaping() const override { return ExportEscaping::Markdown; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        ExportResult result;
        if (!presetIsEntra(r))
            result.warnings << notThisIdpWarning(r, QStringLiteral("Microsoft Entra ID"));
        const Environment *env = workspace.environment(r.environmentId);
        const QString tenant = parameter(r, "tenant");
        const QString appId = r.appId.isEmpty() ? QStringLiteral("{app-id}") : r.appId;
        const QString uri = applicationIdUri(r);
        const bool v2 = r.idpPreset == QLatin1String("entra-v2");
        const exportfacts::UserClaim claim = exportfacts::userClaim(workspace, r);

        QString out;
        QTextStream s(&out);
        writeHeader(s, ExportText::tr("Microsoft Entra ID for the CMiC API"), workspace, r);

        s << "## " << ExportText::tr("1. App registration") << "\n\n"
          << ExportText::tr("In the Microsoft Entra admin center, App registrations > New registration (single "
                            "tenant). Its Application (client) ID is CMiC's App ID: %1. The Directory (tenant) ID "
                            "is %2.")
                 .arg(code(appId), code(tenant))
          << "\n\n";

        s << "## " << ExportText::tr("2. Application ID URI and scope") << "\n\n"
          << ExportText::tr("Under Expose an API, set the Application ID URI to %1. The client requests the token "
                            "with the scope %2 (the Application ID URI plus /.default; without it Entra answers "
                            "AADSTS1002012).")
                 .arg(code(uri), code(uri + QStringLiteral("/.default")))
          << "\n\n"
          << ExportText::tr("Token endpoint: %1").arg(code(r.tokenEndpoint)) << "  \n"
          << ExportText::tr("Scope on this registration: %1").arg(code(r.scope)) << "\n\n";

        s << "## " << ExportText::tr("3. Token version and what CMiC registers") << "\n\n"
          << ExportText::tr("The manifest's api.requestedAccessTokenVersion (formerly accessTokenAcceptedVersion) "
                            "decides the access token version: null or 1 gives v1 tokens, 2 gives v2 tokens. The "
                            "issuer is compared as an exact string, trailing slash included.")
          << "\n\n"
          << "- " << ExportText::tr("v1 (null or 1):") << " Issuer "
          << code(QStringLiteral("https://sts.windows.net/") + tenant + QLatin1Char('/')) << ", JWKS URI "
          << code(QStringLiteral("https://login.microsoftonline.com/common/discovery/keys")) << ", "
          << ExportText::tr("App ID claim") << " " << code(QStringLiteral("appid")) << "\n"
          << "- " << ExportText::tr("v2 (2):") << " Issuer "
          << code(QStringLiteral("https://login.microsoftonline.com/") + tenant + QStringLiteral("/v2.0"))
          << ", JWKS URI "
          << code(QStringLiteral("https://login.microsoftonline.com/") + tenant
                  + QStringLiteral("/discovery/v2.0/keys"))
          << ", " << ExportText::tr("App ID claim") << " " << code(QStringLiteral("azp")) << "\n\n"
          << (v2 ? ExportText::tr("This registration expects v2 tokens. CMiC's documentation names appid for Entra, "
                                  "so prefer v1 tokens unless you know your CMiC reads azp.")
                 : ExportText::tr("This registration expects v1 tokens: leave the token version at null or 1."))
          << "\n\n"
          << ExportText::tr("Enter in CMiC API Security:") << "\n\n";
        writeCmicValues(s, workspace, r);

        s << "## " << ExportText::tr("4. The user claim (claims mapping)") << "\n\n";
        writeClaimIntro(s, claim);
        if (claim.need == exportfacts::UserClaim::Need::Required) {
            s << ExportText::tr("Add it to the API's enterprise application (Enterprise applications > the app > "
                                "Single sign-on > Attributes & Claims, or a claims mapping policy on its service "
                                "principal) as claim %1 with the constant value %2.")
                     .arg(code(claim.name), code(claim.value))
              << "\n\n"
              << ExportText::tr("Then set %1 in the app registration's manifest (api.acceptMappedClaims in the "
                                "current manifest). The Application ID URI must be on a verified domain of the "
                                "tenant (or the audience must be the app's GUID), otherwise token requests fail with "
                                "AADSTS501461; without a custom signing key they fail with AADSTS50146.")
                     .arg(code(QStringLiteral("\"acceptMappedClaims\": true")))
              << "\n\n"
              << ExportText::tr("With a custom signing key the keys are not in the common set: CMiC's JWKS URI must "
                                "then be %1.")
                     .arg(code(QStringLiteral("https://login.microsoftonline.com/") + tenant
                               + QStringLiteral("/discovery/keys?appid=") + appId))
              << "\n\n";
        }

        s << "## " << ExportText::tr("5. The ipaddr claim") << "\n\n";
        writeIpCheck(s, env,
                     ExportText::tr("Entra emits ipaddr in client-credentials tokens only as an optional claim: Token "
                                    "configuration > Add optional claim > Access > ipaddr."));

        s << "## " << ExportText::tr("6. Credential: certificate or secret") << "\n\n";
        if (r.authMethod == ClientAuthMethod::PrivateKeyJwt) {
            s << ExportText::tr("This registration signs a client assertion (private_key_jwt): upload the public "
                                "certificate under Certificates & secrets > Certificates. Current Microsoft "
                                "documentation asks for the header alg PS256 with x5t#S256 (base64url SHA-256 of the "
                                "certificate); older documentation RS256 with x5t.")
              << "\n\n"
              << ExportText::tr("On this registration: algorithm %1, thumbprint %2.")
                     .arg(code(r.assertionAlgorithm.isEmpty() ? ExportText::tr("(default)") : r.assertionAlgorithm),
                          code(toString(r.assertionThumbprint)))
              << "\n\n";
        } else {
            s << ExportText::tr("This registration uses a client secret (%1): create it under Certificates & secrets "
                                "> Client secrets and copy its Value, not its Secret ID (AADSTS7000215). A "
                                "certificate (private_key_jwt, PS256 with x5t#S256) avoids a shared secret and its "
                                "expiry.")
                     .arg(code(toString(r.authMethod)))
              << "\n\n";
        }

        s << "## " << ExportText::tr("7. Errors you may see") << "\n\n"
          << "- AADSTS1002012: " << ExportText::tr("the scope must end in /.default for client credentials.") << "\n"
          << "- AADSTS7000215: "
          << ExportText::tr("invalid client secret (often the secret's ID pasted instead of its "
                            "value).")
          << "\n"
          << "- AADSTS700016: "
          << ExportText::tr("the application is not found in the tenant (App ID or tenant "
                            "wrong).")
          << "\n"
          << "- AADSTS50146: " << ExportText::tr("claims mapping needs a custom signing key.") << "\n"
          << "- AADSTS501461: "
          << ExportText::tr("acceptMappedClaims needs an audience that is the app's GUID or on "
                            "a verified domain.")
          << "\n"
          << "- AADSTS700027 / AADSTS50027: "
          << ExportText::tr("the certificate named by the assertion is not "
                            "registered on the application.")
          << "\n"
          << "- AADSTS5002726: " << ExportText::tr("the assertion header is not one Entra accepts.") << "\n";
        s.flush();
        result.content = out.toUtf8();
        return result;
    }
};

class OktaGuideExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("okta-guide"); }
    QString displayName() const override { return ExportText::tr("Okta setup guide (Markdown)"); }
    QString description() const override
    {
        return ExportText::tr("Step by step for the Okta administrator, with this registration's values.");
    }
    QString fileSuffix() const override { return QStringLiteral("md"); }
    ExportEscaping escaping() const override { return ExportEscaping::Markdown; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        ExportResult result;
        if (r.idpPreset != QLatin1String("okta"))
            result.warnings << notThisIdpWarning(r, QStringLiteral("Okta"));
        const Environment *env = workspace.environment(r.environmentId);
        const exportfacts::UserClaim claim = exportfacts::userClaim(workspace, r);

        QString out;
        QTextStream s(&out);
        writeHeader(s, ExportText::tr("Okta for the CMiC API"), workspace, r);

        s << "## " << ExportText::tr("1. Custom authorization server") << "\n\n"
          << ExportText::tr("Security > API > Authorization Servers: use a custom authorization server (ID %1 on "
                            "Okta domain %2; \"default\" is the default one). The org authorization server cannot "
                            "issue tokens for your own API. Its Audience is what the tokens carry as aud: %3.")
                 .arg(code(parameter(r, "authServerId")), code(parameter(r, "domain")), code(r.audience))
          << "\n\n"
          << ExportText::tr("Its issuer (no trailing slash) is CMiC's Issuer: %1.").arg(code(r.issuer)) << "\n\n";

        s << "## " << ExportText::tr("2. Scope") << "\n\n"
          << ExportText::tr("Under Scopes add the custom scope the client requests: %1. Client credentials need at "
                            "least one custom scope.")
                 .arg(code(r.scope))
          << "\n\n";

        s << "## " << ExportText::tr("3. The application (client credentials)") << "\n\n"
          << ExportText::tr("Applications > Create App Integration > API Services. Its Client ID is CMiC's App ID, "
                            "%1; Okta puts it in the access token's cid claim.")
                 .arg(code(r.appId))
          << "\n\n"
          << (r.authMethod == ClientAuthMethod::PrivateKeyJwt
                  ? ExportText::tr("Client authentication: Public key / Private key (private_key_jwt); add the "
                                   "client's public key.")
                  : ExportText::tr("Client authentication: Client secret (%1).").arg(code(toString(r.authMethod))))
          << "\n\n"
          << ExportText::tr("Under the authorization server's Access Policies, add a policy for this client with a "
                            "rule that allows the Client Credentials grant and the scope above.")
          << "\n\n"
          << ExportText::tr("Token endpoint: %1").arg(code(r.tokenEndpoint)) << "\n\n";

        s << "## " << ExportText::tr("4. The user claim") << "\n\n";
        writeClaimIntro(s, claim);
        if (claim.need == exportfacts::UserClaim::Need::Required) {
            QString literal = claim.value;
            literal.replace(QLatin1Char('"'), QLatin1String("\"\""));
            s << ExportText::tr("On the authorization server, Claims > Add Claim: name %1, include in token type "
                                "Access Token, value type Expression, value %2, included in any scope.")
                     .arg(code(claim.name), code(QLatin1Char('"') + literal + QLatin1Char('"')))
              << "\n\n";
        }

        s << "## " << ExportText::tr("5. The ipaddr claim") << "\n\n";
        writeIpCheck(s, env,
                     ExportText::tr("The console knows no Okta setting that puts the caller's address into a "
                                    "client-credentials token; check with Okta, or turn CMiC's IP check off "
                                    "(cmic.oauth2.ipcheck.enabled=false)."));

        s << "## " << ExportText::tr("6. Enter in CMiC API Security") << "\n\n";
        writeCmicValues(s, workspace, r);
        s.flush();
        result.content = out.toUtf8();
        return result;
    }
};

} // namespace

void addIdpExporters(ExporterList &list)
{
    list.push_back(std::make_unique<KeycloakClientExporter>());
    list.push_back(std::make_unique<EntraGuideExporter>());
    list.push_back(std::make_unique<OktaGuideExporter>());
}

} // namespace cmic
