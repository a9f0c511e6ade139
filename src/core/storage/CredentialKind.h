#pragma once

// What a registration authenticates to its IdP with, and where that credential lives in the keychain. One place
// for the rule "private_key_jwt uses a private key, every other method a client secret" and for the key names.

#include <QString>

namespace cmic {

struct AppRegistration;

enum class CredentialKind {
    ClientSecret, // client_secret_basic, client_secret_post
    PrivateKey,   // private_key_jwt: an unencrypted PEM key
};

// The credential a registration needs, from its client authentication method.
CredentialKind credentialKindFor(const AppRegistration &registration);
// The last part of the keychain key: "client-secret", "private-key" (stable: keychain entries already use them).
QString keyName(CredentialKind kind);
// The keychain key of a registration's credential (SecretStore::key with keyName(kind)).
QString credentialKey(const QString &workspaceId, const QString &registrationId, CredentialKind kind);
// The registration form field that holds it: "clientSecret", "privateKey" (a Finding's field, a widget's objectName).
QString formField(CredentialKind kind);
// For people, translated: "client secret", "private key".
QString displayName(CredentialKind kind);

} // namespace cmic
