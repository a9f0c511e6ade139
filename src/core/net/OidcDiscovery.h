#pragma once

#include "HttpResult.h"

#include "core/rules/Finding.h"

#include <QStringList>

#include <functional>

class QObject;

namespace cmic::net {

class HttpJob;
class HttpPolicy;

struct OidcMetadata
{
    QString issuer;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QStringList tokenEndpointAuthMethods;   // token_endpoint_auth_methods_supported
    QStringList assertionSigningAlgorithms; // token_endpoint_auth_signing_alg_values_supported
    QStringList grantTypes;
    QJsonObject raw;
};

struct DiscoveryResult
{
    bool ok = false; // the document was read and has the members the flow needs
    OidcMetadata metadata;
    Findings findings;
    HttpResult http;
};

// Reads the issuer's /.well-known/openid-configuration and compares what CMiC needs (issuer, jwks_uri) with
// the registration. Discovery is optional: a registration may enter its endpoints by hand.
class OidcDiscovery
{
public:
    explicit OidcDiscovery(const HttpPolicy &policy) : m_policy(policy) {}

    // issuer (trailing slash removed) + "/.well-known/openid-configuration"
    static QUrl discoveryUrlFor(const QString &issuer);
    // The OAuth 2.0 authorization server metadata address (RFC 8414, section 3) for the same issuer as
    // |openIdConfigurationUrl| (an address ending in /.well-known/openid-configuration): "/.well-known/
    // oauth-authorization-server" inserted between the host and the issuer's path. Empty when |openIdConfigurationUrl|
    // does not end that way (an address typed by hand for another document).
    static QUrl rfc8414UrlFor(const QUrl &openIdConfigurationUrl);

    // |expectedIssuer| and |expectedJwksUri| (the registration's values) may be empty: not compared.
    HttpJob *fetch(const QUrl &discoveryUrl, const QString &expectedIssuer, const QString &expectedJwksUri,
                   std::function<void(const DiscoveryResult &)> done, const QString &subjectId = {},
                   QObject *parent = nullptr) const;
    DiscoveryResult fetchBlocking(const QUrl &discoveryUrl, const QString &expectedIssuer = {},
                                  const QString &expectedJwksUri = {}, const QString &subjectId = {}) const;

    // The checks on a document already read (public for tests and offline use).
    static DiscoveryResult evaluate(const HttpResult &http, const QString &expectedIssuer,
                                    const QString &expectedJwksUri, const QString &subjectId);

private:
    const HttpPolicy &m_policy;
};

} // namespace cmic::net
