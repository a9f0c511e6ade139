#pragma once

#include <QString>

#include <optional>

namespace cmic {

// Where CMiC is deployed; decides the format of the service-user claim value.
enum class Deployment { Enterprise, Cloud };

// Where CMiC reads the service user from: the token's claim (Patch 22 and earlier)
// or the app registration in CMiC API Security (later patches).
enum class UserSource { TokenClaim, Registration };

// OAuth client authentication at the token endpoint.
enum class ClientAuthMethod { ClientSecretBasic, ClientSecretPost, PrivateKeyJwt };

// How the console reaches the network.
enum class ProxyMode { System, None, Manual };

// The certificate thumbprint a private_key_jwt assertion header carries (certificate credentials, e.g. Entra):
// none, "x5t" (base64url SHA-1 of the DER certificate) or "x5t#S256" (base64url SHA-256).
enum class AssertionThumbprint { None, X5t, X5tS256 };

// Stable string forms used in workspace files and exports. Parsing is strict:
// an unknown word yields std::nullopt so the loader can say which member is wrong.
QString toString(Deployment value);
QString toString(UserSource value);
QString toString(ClientAuthMethod value);
QString toString(ProxyMode value);
QString toString(AssertionThumbprint value);
std::optional<Deployment> deploymentFromString(const QString &text);
std::optional<UserSource> userSourceFromString(const QString &text);
std::optional<ClientAuthMethod> clientAuthMethodFromString(const QString &text);
std::optional<ProxyMode> proxyModeFromString(const QString &text);
std::optional<AssertionThumbprint> assertionThumbprintFromString(const QString &text);

// Human labels (translatable) for forms and reports.
QString displayName(Deployment value);
QString displayName(UserSource value);
QString displayName(ClientAuthMethod value);
QString displayName(ProxyMode value);

} // namespace cmic
