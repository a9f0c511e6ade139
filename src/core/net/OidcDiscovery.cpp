#include "OidcDiscovery.h"

#include "HttpClient.h"
#include "NetFindings.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

} // namespace

QUrl OidcDiscovery::discoveryUrlFor(const QString &issuer)
{
    QString base = issuer.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QStringLiteral("/.well-known/openid-configuration"));
}

QUrl OidcDiscovery::rfc8414UrlFor(const QUrl &openIdConfigurationUrl)
{
    static const QString suffix = QStringLiteral("/.well-known/openid-configuration");
    QString path = openIdConfigurationUrl.path();
    if (!openIdConfigurationUrl.isValid() || !path.endsWith(suffix) || openIdConfigurationUrl.hasQuery())
        return {};
    path.chop(suffix.size());
    QUrl url = openIdConfigurationUrl;
    url.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    return url;
}

HttpJob *OidcDiscovery::fetch(const QUrl &discoveryUrl, const QString &expectedIssuer, const QString &expectedJwksUri,
                              std::function<void(const DiscoveryResult &)> done, const QString &subjectId,
                              QObject *parent) const
{
    HttpRequestSpec spec;
    spec.url = discoveryUrl;
    spec.headers = {{"Accept", "application/json"}};
    return HttpClient(m_policy).start(
        spec,
        [=](const HttpResult &http) {
            if (done)
                done(evaluate(http, expectedIssuer, expectedJwksUri, subjectId));
        },
        parent);
}

DiscoveryResult OidcDiscovery::fetchBlocking(const QUrl &discoveryUrl, const QString &expectedIssuer,
                                             const QString &expectedJwksUri, const QString &subjectId) const
{
    return waitForResult<DiscoveryResult>(
        [&](auto callback) { fetch(discoveryUrl, expectedIssuer, expectedJwksUri, callback, subjectId); });
}

DiscoveryResult OidcDiscovery::evaluate(const HttpResult &http, const QString &expectedIssuer,
                                        const QString &expectedJwksUri, const QString &subjectId)
{
    DiscoveryResult result;
    result.http = http;
    if (!http.ok) {
        Finding finding = findingFromNetError(http, subjectId, QStringLiteral("discoveryUrl"));
        if (http.status == 404) {
            finding.code = QStringLiteral("discovery.not-found");
            finding.message = Tr::tr("There is no OpenID configuration at %1 (HTTP 404).")
                                  .arg(elide(http.exchange.url.toDisplayString()));
            finding.fix =
                Tr::tr("Check the issuer URL; some IdPs publish discovery only for a tenant- or realm-specific "
                       "issuer. You can also enter the token endpoint and JWKS URI by hand.");
        }
        result.findings << finding;
        return result;
    }
    const QJsonObject document = http.json.object();
    OidcMetadata &metadata = result.metadata;
    metadata.raw = document;
    metadata.issuer = document.value(QLatin1String("issuer")).toString();
    metadata.tokenEndpoint = QUrl(document.value(QLatin1String("token_endpoint")).toString());
    metadata.jwksUri = QUrl(document.value(QLatin1String("jwks_uri")).toString());
    metadata.tokenEndpointAuthMethods =
        stringList(document.value(QLatin1String("token_endpoint_auth_methods_supported")));
    metadata.assertionSigningAlgorithms =
        stringList(document.value(QLatin1String("token_endpoint_auth_signing_alg_values_supported")));
    metadata.grantTypes = stringList(document.value(QLatin1String("grant_types_supported")));

    if (!http.json.isObject() || metadata.issuer.isEmpty()) {
        result.findings << makeNetFinding(Severity::Error, QStringLiteral("discovery.not-oidc"),
                                          Tr::tr("The document at %1 is not an OpenID configuration (no \"issuer\").")
                                              .arg(elide(http.exchange.url.toDisplayString())),
                                          Tr::tr("Check the discovery URL; it normally ends in "
                                                 "/.well-known/openid-configuration below the issuer."),
                                          subjectId, QStringLiteral("discoveryUrl"));
        return result;
    }
    if (!metadata.tokenEndpoint.isValid() || metadata.tokenEndpoint.isEmpty()) {
        result.findings << makeNetFinding(Severity::Error, QStringLiteral("discovery.no-token-endpoint"),
                                          Tr::tr("The OpenID configuration names no token_endpoint."),
                                          Tr::tr("Enter the token endpoint by hand in the registration."), subjectId,
                                          QStringLiteral("tokenEndpoint"));
    }
    if (!metadata.jwksUri.isValid() || metadata.jwksUri.isEmpty()) {
        result.findings << makeNetFinding(Severity::Error, QStringLiteral("discovery.no-jwks-uri"),
                                          Tr::tr("The OpenID configuration names no jwks_uri."),
                                          Tr::tr("Enter the JWKS URI by hand; CMiC needs it to check signatures."),
                                          subjectId, QStringLiteral("jwksUri"));
    }
    if (!expectedIssuer.isEmpty() && metadata.issuer != expectedIssuer) {
        QString fix = Tr::tr("Register exactly \"%1\" as the Issuer in CMiC API Security and in the workspace; CMiC "
                             "compares the string exactly, trailing slash included.")
                          .arg(elide(metadata.issuer));
        if (expectedIssuer.contains(QLatin1String("login.microsoftonline.com"))
            || metadata.issuer.contains(QLatin1String("sts.windows.net")))
            fix += QLatin1Char(' ')
                   + Tr::tr("For Microsoft Entra access tokens the issuer is usually the v1 form "
                            "https://sts.windows.net/{tenant}/ even when discovery is v2; decode a "
                            "token to see which one it carries.");
        result.findings << makeNetFinding(
            Severity::Warning, QStringLiteral("discovery.issuer-mismatch"),
            Tr::tr("The IdP's discovery says issuer \"%1\", but the registration has \"%2\".")
                .arg(elide(metadata.issuer), elide(expectedIssuer)),
            fix, subjectId, QStringLiteral("issuer"));
    }
    if (!expectedJwksUri.isEmpty() && metadata.jwksUri.isValid() && metadata.jwksUri != QUrl(expectedJwksUri)) {
        result.findings << makeNetFinding(
            Severity::Warning, QStringLiteral("discovery.jwks-mismatch"),
            Tr::tr("The IdP publishes its keys at %1, but the registration names %2.")
                .arg(elide(metadata.jwksUri.toDisplayString()), elide(expectedJwksUri)),
            Tr::tr("Use the IdP's jwks_uri as the JWKS URI in CMiC API Security, unless you "
                   "know the other address serves the same keys."),
            subjectId, QStringLiteral("jwksUri"));
    }
    result.ok = !metadata.tokenEndpoint.isEmpty() && !metadata.jwksUri.isEmpty();
    return result;
}

} // namespace cmic::net
