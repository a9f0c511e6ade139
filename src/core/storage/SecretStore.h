#pragma once

#include "CredentialKind.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace cmic {

// Where secrets (client secrets, private keys) live: the OS keychain, never a file.
// Asynchronous: each call returns a request id and answers once with the matching signal, always later (never from
// inside the call), so callers can connect after calling and every implementation behaves alike.
// Keys are namespaced: "<workspaceId>/<registrationId>/<kind>" (see key(); '%' and '/' inside a part are
// percent-escaped so parts cannot run into each other). Kinds: keyName(CredentialKind) (CredentialKind.h).
// Implementations: KeychainSecretStore (the OS keychain through QtKeychain; never falls back to plaintext) and
// MemorySecretStore ("this session only", and tests). A missing or locked keychain is reported as a Status, which
// the caller shows (explain()); no implementation silently switches to another place.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound,     // no secret stored under that key
        Unavailable,  // no keychain service (no Secret Service / D-Bus)
        AccessDenied, // locked keychain or the user refused
        OtherError,
    };
    Q_ENUM(Status)

    using QObject::QObject;

    static QString key(const QString &workspaceId, const QString &registrationId,
                       const QString &kind = keyName(CredentialKind::ClientSecret));

    virtual int read(const QString &key) = 0;
    virtual int write(const QString &key, const QString &secret) = 0;
    // Ok when nothing is stored under |key| afterwards, whether or not something was there (deleting a
    // registration that never had a secret is not an error).
    virtual int remove(const QString &key) = 0;

    // A short, user-facing description of the backend ("GNOME Keyring / Secret Service", "this session only").
    virtual QString backendName() const = 0;
    // Whether secrets survive the process (false for MemorySecretStore).
    virtual bool isPersistent() const = 0;

    // Checks, without reading or writing any secret, whether the backend answers; emits probeFinished once with
    // Ok, Unavailable, AccessDenied or OtherError. For a status indicator ("Keychain: ready / not running").
    // It is not meant to prompt; a keyring that is running but locked may still answer Ok here and AccessDenied on the
    // first write(), so callers handle every status on every request anyway.
    // The default implementation answers Ok.
    virtual int probe();

    // A sentence for a status, saying what happened and what to do next. |detail| (the backend's own text) is
    // appended when given. Empty for Ok.
    static QString explain(Status status, const QString &detail = {});

signals:
    // |errorText| is empty on Ok; otherwise a user-facing sentence, explain(status, backend detail).
    // |secret| is empty unless status is Ok.
    void readFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &secret,
                      const QString &errorText);
    void writeFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &errorText);
    void removeFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &errorText);
    void probeFinished(int requestId, cmic::SecretStore::Status status, const QString &errorText);

protected:
    int nextRequestId() { return ++m_lastRequestId; }

private:
    int m_lastRequestId = 0;
};

} // namespace cmic
