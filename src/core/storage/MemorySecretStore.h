#pragma once

#include "SecretStore.h"

#include <map>
#include <optional>

namespace cmic {

// Secrets kept in this process only ("this session only"): used when no keychain is available and the admin chose
// not to persist, and by tests. Answers through its requests exactly like the keychain, never synchronously.
// Each secret is a SecretBuffer: wiped on overwrite, on remove() and when the store is destroyed.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    QString backendName() const override;
    bool isPersistent() const override { return false; }

    // For tests of callers: while set, every request (read, write, remove, probe) fails with |status| and changes
    // nothing, as a missing or locked keychain would. std::nullopt (the default) behaves normally.
    void simulateFailure(std::optional<Status> status) { m_simulatedFailure = status; }
    // Number of secrets held (tests).
    int count() const { return static_cast<int>(m_secrets.size()); }
    // Whether a secret is held under |key|, without reading it (tests).
    bool contains(const QString &key) const { return m_secrets.count(key) > 0; }

protected:
    void startRead(SecretRequest *request) override;
    void startWrite(SecretRequest *request, SecretBuffer secret) override;
    void startRemove(SecretRequest *request) override;
    void startProbe(SecretRequest *request) override;

private:
    // A std::map: QHash copies its values when it detaches, and a SecretBuffer is never copied.
    std::map<QString, SecretBuffer> m_secrets;
    std::optional<Status> m_simulatedFailure;
};

} // namespace cmic
