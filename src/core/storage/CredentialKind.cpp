#include "CredentialKind.h"

#include "SecretStore.h"
#include "core/model/AppRegistration.h"

#include <QCoreApplication>

namespace cmic {

CredentialKind credentialKindFor(const AppRegistration &registration)
{
    return registration.authMethod == ClientAuthMethod::PrivateKeyJwt ? CredentialKind::PrivateKey
                                                                      : CredentialKind::ClientSecret;
}

QString keyName(CredentialKind kind)
{
    return kind == CredentialKind::PrivateKey ? QStringLiteral("private-key") : QStringLiteral("client-secret");
}

QString credentialKey(const QString &workspaceId, const QString &registrationId, CredentialKind kind)
{
    return SecretStore::key(workspaceId, registrationId, keyName(kind));
}

QString formField(CredentialKind kind)
{
    return kind == CredentialKind::PrivateKey ? QStringLiteral("privateKey") : QStringLiteral("clientSecret");
}

QString displayName(CredentialKind kind)
{
    return kind == CredentialKind::PrivateKey ? QCoreApplication::translate("cmic::CredentialKind", "private key")
                                              : QCoreApplication::translate("cmic::CredentialKind", "client secret");
}

} // namespace cmic
