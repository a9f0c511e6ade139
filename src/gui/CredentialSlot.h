#pragma once

#include "core/storage/SecretStore.h"

#include <QObject>
#include <QPointer>

#include <initializer_list>

namespace cmic {

// One credential (a client secret or a private key) of one registration in a SecretStore, as a state machine the
// views show: SecretField, PrivateKeyField and the Validate-setup wizard's start page.
//   NoKey    no key set (no registration selected)
//   Reading  read() is waiting for the store          -> Present | Absent | Failed
//   Present  the store holds a secret (secret(), until taken or forgotten)
//   Absent   the store holds none
//   Writing  write() / remove() is waiting             -> Present | Absent | Failed
//   Failed   the store answered status() with errorText() (Unavailable, AccessDenied, OtherError)
// The slot owns its request: one at a time, a new one (or setKey(), forget(), setStore()) cancels the one before,
// so a late answer for another key or store is never shown. The answers go to this slot only.
// setStore() and setKey() only change where the slot looks (state NoKey, secret wiped); read() asks.
class CredentialSlot : public QObject
{
    Q_OBJECT
public:
    enum class State { NoKey, Reading, Present, Absent, Writing, Failed };
    Q_ENUM(State)

    explicit CredentialSlot(QObject *parent = nullptr);
    ~CredentialSlot() override;

    // Not owned; must outlive the slot or be replaced first.
    void setStore(SecretStore *store);
    SecretStore *store() const { return m_store; }
    void setKey(const QString &key);
    QString key() const { return m_key; }

    void read();
    // Stores |secret| under key(); an empty buffer removes the entry. The slot keeps it (secret()) once the store
    // confirms; the store gets its own copy.
    void write(SecretBuffer secret);
    void remove();
    // Removes |key| from the store, and from each of |alsoFrom| that is another store, without waiting for the
    // answers (a registration was deleted). When it is the current key, the secret held is wiped and the state is
    // Absent.
    void forget(const QString &key, std::initializer_list<SecretStore *> alsoFrom = {});
    // Wipes the secret held without touching the store or the state.
    void clearSecret() { m_secret.clear(); }

    State state() const { return m_state; }
    // For Failed: what the store said; Ok otherwise.
    SecretStore::Status status() const { return m_status; }
    QString errorText() const { return m_errorText; }
    const SecretBuffer &secret() const { return m_secret; }
    // What write() is storing, while Writing.
    const SecretBuffer &pending() const { return m_pending; }
    SecretBuffer takeSecret() { return std::move(m_secret); }

signals:
    void stateChanged(cmic::CredentialSlot::State state);
    // Every answer, after the state was updated (also when the state did not change: Present after Present).
    void answered(cmic::SecretRequest::Operation operation, cmic::CredentialSlot::State state);

private:
    void start(SecretRequest *request, State busy);
    void onFinished(SecretRequest *request);
    void cancelRequest();
    void setState(State state, SecretStore::Status status = SecretStore::Status::Ok, const QString &errorText = {});

    SecretStore *m_store = nullptr;
    QString m_key;
    QPointer<SecretRequest> m_request;
    SecretBuffer m_pending; // being written
    SecretBuffer m_secret;
    State m_state = State::NoKey;
    SecretStore::Status m_status = SecretStore::Status::Ok;
    QString m_errorText;
};

} // namespace cmic
