#pragma once

#include "SecretStore.h"

#include <QHash>
#include <optional>

namespace cmic {

// Secrets kept in this process only ("this session only"): used when no keychain is available and the admin chose
// not to persist, and by tests. Answers through queued signals exactly like the keychain, never synchronously.
// Secrets are wiped (overwritten, then released) on remove() and when the store is destroyed.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    int read(const QString &key) override;
    int write(const QString &key, const QString &secret) override;
    int remove(const QString &key) override;
    int probe() override;
    QString backendName() const override;
    bool isPersistent() const override { return false; }

    // For tests of callers: while set, every request (read, write, remove, probe) fails with |status| and changes
    // nothing, as a missing or locked keychain would. std::nullopt (the default) behaves normally.
    void simulateFailure(std::optional<Status> status) { m_simulatedFailure = status; }
    // Number of secrets held (tests).
    int count() const { return static_cast<int>(m_secrets.size()); }

private:
    QHash<QString, QString> m_secrets;
    std::optional<Status> m_simulatedFailure;
};

} // namespace cmic
