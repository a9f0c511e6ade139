#pragma once

#include "SecretStore.h"

#include <functional>

namespace cmic {

// Secrets in the OS keychain through QtKeychain: on Linux the Secret Service (gnome-keyring, KWallet) over D-Bus.
// Service name "cmic-oauth-console"; the key is SecretStore::key(). The insecure plaintext fallback is off: when no
// keychain answers, requests finish with Unavailable and nothing is written anywhere.
// A locked keyring is AccessDenied on every request: gnome-keyring's quiet "not found" on read and "done" on
// remove are confirmed by a test write (see confirmWritable()).
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static inline const QString kServiceName = QStringLiteral("cmic-oauth-console");

    // |service| is for tests that want their own namespace; the product uses kServiceName.
    explicit KeychainSecretStore(QObject *parent = nullptr, const QString &service = kServiceName);

    QString backendName() const override;
    bool isPersistent() const override { return true; }

    QString service() const { return m_service; }

protected:
    void startRead(SecretRequest *request) override;
    // QtKeychain takes the secret as a QString (setTextData, the format existing entries have): that copy lives in
    // the job until QtKeychain deletes it.
    void startWrite(SecretRequest *request, SecretBuffer secret) override;
    void startRemove(SecretRequest *request) override;
    // Reads a reserved key that is never written: "not found" means the keychain works.
    void startProbe(SecretRequest *request) override;

private:
    // Answers Ok when a reserved key can be written (and removes it), else the write's status and explanation.
    void confirmWritable(std::function<void(Status, const QString &)> then);

    QString m_service;
};

} // namespace cmic
