#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace cmic {

// Where secrets (client secrets, private keys) live: the OS keychain, never a file.
// Asynchronous: each call returns a request id and answers once with the matching signal.
// Keys are namespaced: "<workspaceId>/<registrationId>/<kind>" (see key()).
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound,          // no secret stored under that key
        Unavailable,       // no keychain service (no Secret Service / D-Bus)
        AccessDenied,      // locked keychain or the user refused
        OtherError,
    };
    Q_ENUM(Status)

    using QObject::QObject;

    static QString key(const QString &workspaceId, const QString &registrationId,
                       const QString &kind = QStringLiteral("client-secret"));

    virtual int read(const QString &key) = 0;
    virtual int write(const QString &key, const QString &secret) = 0;
    virtual int remove(const QString &key) = 0;

    // A short, user-facing description of the backend ("GNOME Keyring / Secret Service", "this session only").
    virtual QString backendName() const = 0;
    // Whether secrets survive the process (false for MemorySecretStore).
    virtual bool isPersistent() const = 0;

    // A sentence for a status, saying what to do next.
    static QString explain(Status status, const QString &detail = {});

signals:
    void readFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &secret,
                      const QString &errorText);
    void writeFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &errorText);
    void removeFinished(int requestId, const QString &key, cmic::SecretStore::Status status, const QString &errorText);

protected:
    int nextRequestId() { return ++m_lastRequestId; }

private:
    int m_lastRequestId = 0;
};

} // namespace cmic
