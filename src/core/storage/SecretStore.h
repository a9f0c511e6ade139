#pragma once

#include "CredentialKind.h"
#include "SecretBuffer.h"

#include <QList>
#include <QObject>
#include <QString>

namespace cmic {

class SecretRequest;

// Where secrets (client secrets, private keys) live: the OS keychain, never a file.
// Asynchronous: each call returns its own SecretRequest, which answers once with its finished() signal to whoever
// connected to it (the requester) and to nobody else, always later (never from inside the call), so callers can
// connect after calling and every implementation behaves alike. A secret read travels only in its request.
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
    ~SecretStore() override;

    static QString key(const QString &workspaceId, const QString &registrationId,
                       const QString &kind = keyName(CredentialKind::ClientSecret));

    // Each returns a request owned by the store: it is deleted (its secret wiped) right after its finished() has
    // been emitted, or with the store. Keep it in a QPointer when it may outlive the answer; connect with a context
    // object so a requester destroyed before the answer is not called.
    SecretRequest *read(const QString &key);
    SecretRequest *write(const QString &key, SecretBuffer secret);
    // Convenience: copies |secret| into a SecretBuffer (the source stays the caller's).
    SecretRequest *write(const QString &key, QStringView secret) { return write(key, SecretBuffer(secret)); }
    // Ok when nothing is stored under |key| afterwards, whether or not something was there (deleting a
    // registration that never had a secret is not an error).
    SecretRequest *remove(const QString &key);
    // Checks, without reading or writing any secret, whether the backend answers: Ok, Unavailable, AccessDenied or
    // OtherError. For a status indicator ("Keychain: ready / not running"). It is not meant to prompt; a keyring
    // that is running but locked may still answer Ok here and AccessDenied on the first write(), so callers handle
    // every status on every request anyway.
    SecretRequest *probe();

    // A short, user-facing description of the backend ("GNOME Keyring / Secret Service", "this session only").
    virtual QString backendName() const = 0;
    // Whether secrets survive the process (false for MemorySecretStore).
    virtual bool isPersistent() const = 0;

    // Entries people can see in a keychain manager carry a label ("CMiC OAuth Console — Payroll sync client secret
    // (acme.cmic-oauth.json)"). This gives the entries already stored under these keys their new labels (a
    // registration was renamed, the workspace saved under another name); a key with no entry is skipped, no secret
    // is read or written. The default does nothing (MemorySecretStore has no labels).
    struct EntryLabel
    {
        QString key;
        QString label;
    };
    virtual void updateLabels(const QList<EntryLabel> &labels) { Q_UNUSED(labels) }

    // A sentence for a status, saying what happened and what to do next. |detail| (the backend's own text) is
    // appended when given. Empty for Ok.
    static QString explain(Status status, const QString &detail = {});

signals:
    // A write or remove under |key| succeeded. Carries no secret: for views that show whether one is stored.
    void changed(const QString &key);

protected:
    // Implementations start the operation and call answer() exactly once per request (from any later point).
    virtual void startRead(SecretRequest *request) = 0;
    virtual void startWrite(SecretRequest *request, SecretBuffer secret) = 0;
    virtual void startRemove(SecretRequest *request) = 0;
    // The default answers Ok.
    virtual void startProbe(SecretRequest *request);

    // Delivers the answer from the event loop (never from inside the caller's call). Nothing happens when the
    // request is gone (its store was destroyed) or was cancelled. |secret| only for a read that is Ok.
    void answer(SecretRequest *request, Status status, const QString &errorText, SecretBuffer secret = {});
};

// One request to a SecretStore and its answer; see SecretStore. finished() is emitted once, from the event loop;
// then the request deletes itself (later), wiping the secret it may hold.
class SecretRequest : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Read, Write, Remove, Probe };
    Q_ENUM(Operation)

    ~SecretRequest() override;

    Operation operation() const { return m_operation; }
    QString key() const { return m_key; } // empty for a probe
    bool isFinished() const { return m_finished; }
    SecretStore::Status status() const { return m_status; }
    // Empty on Ok; otherwise a user-facing sentence, SecretStore::explain(status, backend detail).
    QString errorText() const { return m_errorText; }
    // What a read found (empty unless it is Ok); readable during finished().
    const SecretBuffer &secret() const { return m_secret; }
    // Moves the secret out, so the requester keeps the only copy.
    SecretBuffer takeSecret() { return std::move(m_secret); }

    // The answer is not wanted any more: finished() is not emitted and the request goes away. The operation itself
    // may still complete in the backend.
    void cancel();

signals:
    void finished(cmic::SecretRequest *request);

private:
    friend class SecretStore;
    SecretRequest(Operation operation, const QString &key, SecretStore *store);
    void emitFinished();

    Operation m_operation;
    QString m_key;
    bool m_finished = false;
    bool m_cancelled = false;
    SecretStore::Status m_status = SecretStore::Status::OtherError;
    QString m_errorText;
    SecretBuffer m_secret;
};

} // namespace cmic
