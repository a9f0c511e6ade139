#include "ModelEnums.h"

#include <QCoreApplication>

namespace cmic {

namespace {
template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const QString &text, const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[value, word] : table) {
        if (text == QLatin1String(word))
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
QString word(Enum value, const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[candidate, text] : table) {
        if (candidate == value)
            return QString::fromLatin1(text);
    }
    return {};
}

constexpr std::pair<Deployment, const char *> kDeployments[] = {{Deployment::Enterprise, "enterprise"},
                                                                {Deployment::Cloud, "cloud"}};
constexpr std::pair<UserSource, const char *> kUserSources[] = {{UserSource::TokenClaim, "token-claim"},
                                                                {UserSource::Registration, "registration"}};
constexpr std::pair<ClientAuthMethod, const char *> kAuthMethods[] = {
    {ClientAuthMethod::ClientSecretBasic, "client_secret_basic"},
    {ClientAuthMethod::ClientSecretPost, "client_secret_post"},
    {ClientAuthMethod::PrivateKeyJwt, "private_key_jwt"}};
constexpr std::pair<ProxyMode, const char *> kProxyModes[] = {
    {ProxyMode::System, "system"}, {ProxyMode::None, "none"}, {ProxyMode::Manual, "manual"}};
constexpr std::pair<AssertionThumbprint, const char *> kThumbprints[] = {
    {AssertionThumbprint::None, "none"}, {AssertionThumbprint::X5t, "x5t"}, {AssertionThumbprint::X5tS256, "x5t#S256"}};

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::Model)
};
} // namespace

QString toString(Deployment value) { return word(value, kDeployments); }
QString toString(UserSource value) { return word(value, kUserSources); }
QString toString(ClientAuthMethod value) { return word(value, kAuthMethods); }
QString toString(ProxyMode value) { return word(value, kProxyModes); }
QString toString(AssertionThumbprint value) { return word(value, kThumbprints); }

std::optional<Deployment> deploymentFromString(const QString &text) { return lookup(text, kDeployments); }
std::optional<UserSource> userSourceFromString(const QString &text) { return lookup(text, kUserSources); }
std::optional<ClientAuthMethod> clientAuthMethodFromString(const QString &text) { return lookup(text, kAuthMethods); }
std::optional<ProxyMode> proxyModeFromString(const QString &text) { return lookup(text, kProxyModes); }
std::optional<AssertionThumbprint> assertionThumbprintFromString(const QString &text)
{
    return lookup(text, kThumbprints);
}

QString displayName(Deployment value)
{
    return value == Deployment::Enterprise ? Tr::tr("Enterprise (on-premises)") : Tr::tr("Cloud");
}

QString displayName(UserSource value)
{
    return value == UserSource::TokenClaim ? Tr::tr("Claim in token (Patch 22 and earlier)")
                                           : Tr::tr("Set on registration (later patches)");
}

QString displayName(ClientAuthMethod value)
{
    switch (value) {
    case ClientAuthMethod::ClientSecretBasic: return Tr::tr("Client secret, HTTP Basic (client_secret_basic)");
    case ClientAuthMethod::ClientSecretPost: return Tr::tr("Client secret in form body (client_secret_post)");
    case ClientAuthMethod::PrivateKeyJwt: return Tr::tr("Signed JWT assertion (private_key_jwt)");
    }
    return {};
}

QString displayName(ProxyMode value)
{
    switch (value) {
    case ProxyMode::System: return Tr::tr("System proxy settings");
    case ProxyMode::None: return Tr::tr("No proxy");
    case ProxyMode::Manual: return Tr::tr("Explicit proxy");
    }
    return {};
}

} // namespace cmic
