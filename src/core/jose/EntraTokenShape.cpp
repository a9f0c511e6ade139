#include "EntraTokenShape.h"

#include "ClaimsValidator.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace cmic::jose {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::EntraTokenShape)
};

const QString kGraphId = QStringLiteral("00000003-0000-0000-c000-000000000000");
const QString kV1Prefix = QStringLiteral("https://sts.windows.net/");
const QString kV2Prefix = QStringLiteral("https://login.microsoftonline.com/");

bool isGraphAudience(QString aud)
{
    while (aud.endsWith(QLatin1Char('/')))
        aud.chop(1);
    return aud.compare(kGraphId, Qt::CaseInsensitive) == 0
           || aud.compare(QLatin1String("https://graph.microsoft.com"), Qt::CaseInsensitive) == 0;
}

bool isGuid(const QString &s) { return s.size() == 36 && !QUuid::fromString(s).isNull(); }

// Entra's claims under an issuer on another host (Entra External ID's ciamlogin.com, or the sandbox's Entra-like
// mode on loopback): ver "1.0" with appid, or ver "2.0" with azp, and the tenant in tid. Other IdPs do not send
// this combination (Okta's ver is the number 1 and its client is in cid).
bool entraLikeClaims(const QJsonObject &claims)
{
    if (claims.value(QLatin1String("tid")).toString().isEmpty())
        return false;
    const QJsonValue ver = claims.value(QLatin1String("ver"));
    if (ver == QJsonValue(QStringLiteral("1.0")))
        return claims.value(QLatin1String("appid")).isString();
    if (ver == QJsonValue(QStringLiteral("2.0")))
        return claims.value(QLatin1String("azp")).isString();
    return false;
}

// The registration's Issuer in the v2 form (".../v2.0"), or in the v1 form (sts.windows.net, or ".../<tenant>/").
bool isV2Form(const QString &issuer) { return issuer.startsWith(kV2Prefix) || issuer.endsWith(QLatin1String("/v2.0")); }
bool isV1Form(const QString &issuer, const QString &tenant)
{
    if (issuer.startsWith(kV1Prefix))
        return true;
    return !isV2Form(issuer) && !tenant.isEmpty() && issuer.endsWith(tenant + QLatin1Char('/'));
}

// The v1 issuer of the tenant a v2 token came from.
QString v1IssuerFor(const QString &v2Issuer, const QString &tenant)
{
    if (!v2Issuer.startsWith(kV2Prefix) && v2Issuer.endsWith(QLatin1String("/v2.0")))
        return v2Issuer.chopped(4); // ".../<tenant>/v2.0" -> ".../<tenant>/", the same host's v1 form
    return kV1Prefix + (tenant.isEmpty() ? QStringLiteral("<tenant id>") : tenant) + QLatin1Char('/');
}

// The tenant: the tid claim, else the issuer's path segment.
QString tenantOf(const QJsonObject &claims, const QString &iss)
{
    const QString tid = claims.value(QLatin1String("tid")).toString();
    if (!tid.isEmpty())
        return tid;
    for (const QString &prefix : {kV1Prefix, kV2Prefix}) {
        if (iss.startsWith(prefix))
            return iss.mid(prefix.size()).section(QLatin1Char('/'), 0, 0);
    }
    return {};
}

// The app whose custom signing key signed the token: the API the token is for (aud as a GUID or api://GUID),
// else the registration's App ID, else the client the token names.
QString keyAppId(const QJsonObject &claims, const EntraShapeContext &context)
{
    for (QString aud : audienceValues(claims)) {
        if (aud.startsWith(QLatin1String("api://")))
            aud = aud.mid(6).section(QLatin1Char('/'), 0, 0);
        if (isGuid(aud))
            return aud;
    }
    if (!context.appId.isEmpty())
        return context.appId;
    const QString appid = claims.value(QLatin1String("appid")).toString();
    return appid.isEmpty() ? claims.value(QLatin1String("azp")).toString() : appid;
}

Finding make(Severity severity, const QString &code, const QString &message, const QString &fix, const QString &field)
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Registration;
    f.code = code;
    f.message = message;
    f.fix = fix;
    f.field = field;
    return f;
}

QString graphScopeFix(const EntraShapeContext &context)
{
    const QString id = context.appId.isEmpty() ? QStringLiteral("<CMiC API app id>") : context.appId;
    return Msg::tr("Request the token for the CMiC API, not for Graph: set the registration's scope to "
                   "\"api://%1/.default\" (or the CMiC API's own scope, its Application ID URI plus /.default).")
        .arg(elide(id));
}

} // namespace

QString entraShapeName(EntraShape shape)
{
    switch (shape) {
    case EntraShape::NotEntra: return QStringLiteral("not-entra");
    case EntraShape::V1: return QStringLiteral("v1");
    case EntraShape::V2: return QStringLiteral("v2");
    case EntraShape::Graph: return QStringLiteral("graph");
    }
    return {};
}

EntraShapeResult recogniseEntraToken(const QJsonObject &header, const QJsonObject &claims,
                                     const EntraShapeContext &context)
{
    EntraShapeResult r;
    const QString iss = claims.value(QLatin1String("iss")).toString();
    const QStringList auds = audienceValues(claims);
    const bool entraIssuer = iss.startsWith(kV1Prefix) || iss.startsWith(kV2Prefix) || entraLikeClaims(claims);
    const bool graph = std::any_of(auds.cbegin(), auds.cend(), isGraphAudience);

    if (graph) {
        r.shape = EntraShape::Graph;
        r.graphNonce = header.contains(QLatin1String("nonce"));
        const QString aud = auds.first();
        const QString fix = graphScopeFix(context);
        r.findings << make(Severity::Error, QStringLiteral("entra.graph-token"),
                           (r.graphNonce ? Msg::tr("The token is a Microsoft Graph token (aud \"%1\"), not one for the "
                                                   "CMiC API: the wrong scope was requested. Its header carries a "
                                                   "nonce, so no one but Graph can verify its signature.")
                                         : Msg::tr("The token is a Microsoft Graph token (aud \"%1\"), not one for the "
                                                   "CMiC API: the wrong scope was requested."))
                               .arg(elide(aud)),
                           fix, QStringLiteral("scope"));
        if (context.signatureFailed && r.graphNonce) {
            r.findings << make(Severity::Error, QStringLiteral("entra.graph-signature"),
                               Msg::tr("The signature does not verify because this is a Graph token with a nonce in "
                                       "its header (Graph alters the header before checking it); the keys and the "
                                       "JWKS URI are not at fault. Wrong scope, not a bad signature."),
                               fix, QStringLiteral("scope"));
        }
        return r;
    }
    if (!entraIssuer)
        return r;

    const QString ver = claims.value(QLatin1String("ver")).toString();
    if (ver == QLatin1String("1.0"))
        r.shape = EntraShape::V1;
    else if (ver == QLatin1String("2.0"))
        r.shape = EntraShape::V2;
    else
        r.shape = iss.startsWith(kV1Prefix) ? EntraShape::V1 : EntraShape::V2;
    const bool v1 = r.shape == EntraShape::V1;
    const QString claimName = v1 ? QStringLiteral("appid") : QStringLiteral("azp");
    const QString client = claims.value(claimName).toString();
    const QString tenant = tenantOf(claims, iss);

    if (v1) {
        r.findings << make(Severity::Info, QStringLiteral("entra.token-v1"),
                           Msg::tr("An Entra v1 access token arrived (ver 1.0, issuer \"%1\", client in appid \"%2\"). "
                                   "CMiC compares the Issuer exactly, trailing slash included, and reads the App ID "
                                   "from appid.")
                               .arg(elide(iss), elide(client)),
                           Msg::tr("Register the Issuer \"%1\" and the App ID \"%2\" (claim appid) in CMiC API "
                                   "Security and in the workspace.")
                               .arg(elide(iss), elide(client)),
                           QStringLiteral("issuer"));
    } else {
        r.findings << make(Severity::Info, QStringLiteral("entra.token-v2"),
                           Msg::tr("An Entra v2 access token arrived (ver 2.0, issuer \"%1\", client in azp \"%2\", no "
                                   "appid). CMiC compares the Issuer exactly and would have to read the App ID from "
                                   "azp.")
                               .arg(elide(iss), elide(client)),
                           Msg::tr("Register the Issuer \"%1\" (no trailing slash) and the App ID \"%2\" (claim azp), "
                                   "or make Entra issue v1 tokens (see entra.v2-no-appid).")
                               .arg(elide(iss), elide(client)),
                           QStringLiteral("issuer"));
        const QString v1Issuer = v1IssuerFor(iss, tenant);
        r.findings << make(Severity::Warning, QStringLiteral("entra.v2-no-appid"),
                           Msg::tr("The v2 token has no appid claim, and CMiC documents reading the App ID of Entra "
                                   "tokens from appid; CMiC may not find the application."),
                           Msg::tr("Set requestedAccessTokenVersion (accessTokenAcceptedVersion) of the CMiC API's app "
                                   "registration to 1 or null in its manifest so Entra issues v1 tokens, then "
                                   "register the Issuer \"%1\".")
                               .arg(elide(v1Issuer)),
                           QString());
    }

    if (!context.issuer.isEmpty() && context.issuer != iss) {
        const bool regV1 = isV1Form(context.issuer, tenant);
        const bool regV2 = isV2Form(context.issuer);
        QString why;
        if (v1 && regV2)
            why = Msg::tr("the registration has the v2 form, but a v1 token arrived");
        else if (!v1 && regV1)
            why = Msg::tr("the registration has the v1 form, but a v2 token arrived");
        else
            why = Msg::tr("it is not the token's issuer");
        r.findings << make(
            Severity::Error, QStringLiteral("entra.issuer-mismatch"),
            Msg::tr("The registration's Issuer \"%1\" does not fit the token: %2 (\"%3\").")
                .arg(elide(context.issuer), why, elide(iss)),
            Msg::tr("Register the Issuer \"%1\" exactly, in CMiC API Security and in the workspace.").arg(elide(iss)),
            QStringLiteral("issuer"));
    }

    if (!context.appIdClaim.isEmpty() && context.appIdClaim != claimName) {
        r.findings << make(
            Severity::Error, QStringLiteral("entra.appid-claim-mismatch"),
            Msg::tr("The IdP preset reads the App ID from %1, but a %2 token carries the client in %3.")
                .arg(elide(context.appIdClaim), v1 ? QStringLiteral("v1") : QStringLiteral("v2"), claimName),
            Msg::tr("Choose the IdP preset \"%1\" (App ID claim %2).")
                .arg(v1 ? QStringLiteral("entra-v1") : QStringLiteral("entra-v2"), claimName),
            QStringLiteral("idpPreset"));
    }

    const QString kid = header.value(QLatin1String("kid")).toString();
    if (context.kidInKeys && !*context.kidInKeys && !kid.isEmpty()
        && !context.jwksUri.contains(QLatin1String("appid="), Qt::CaseInsensitive)) {
        r.customSigningKey = true;
        const QString app = keyAppId(claims, context);
        r.customKeysUri = kV2Prefix + (tenant.isEmpty() ? QStringLiteral("<tenant id>") : tenant)
                          + QStringLiteral("/discovery/keys?appid=")
                          + (app.isEmpty() ? QStringLiteral("<app id>") : app);
        r.findings << make(Severity::Error, QStringLiteral("entra.custom-signing-key"),
                           Msg::tr("The token's key \"%1\" is not in the keys at \"%2\". With claims mapping Entra "
                                   "signs with the application's custom signing key, published only at "
                                   ".../discovery/keys?appid=<app id>, not among the tenant's common keys.")
                               .arg(elide(kid), elide(context.jwksUri)),
                           Msg::tr("Set the JWKS URI to \"%1\" in CMiC API Security and in the workspace: that is "
                                   "the JWKS URI CMiC must use.")
                               .arg(r.customKeysUri),
                           QStringLiteral("jwksUri"));
    }
    return r;
}

} // namespace cmic::jose
