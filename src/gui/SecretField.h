#pragma once

#include "core/storage/SecretStore.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QAction;

namespace cmic {

class CredentialSlot;
class MemorySecretStore;

// The client secret of one registration: a password field (with show/hide) that reads and writes through a
// SecretStore (the OS keychain in the app, injectable), never through the model or the workspace file. A view over
// a CredentialSlot, which owns the requests and the state machine.
// Shows where the secret is: stored / not stored / keychain unavailable (with SecretStore::explain()), and offers
// "keep for this session only" (a MemorySecretStore) when the keychain cannot be used; there is no plaintext fallback.
// The secret is written when editing finishes (Enter or leaving the field); an empty field removes it.
// Shows a secret field's state line, marked as an error for the style sheet ("cmicFinding") when |error|.
// Shared by SecretField and PrivateKeyField.
void showSecretState(QLabel *label, const QString &text, bool error);

class SecretField : public QWidget
{
    Q_OBJECT
public:
    enum class State { NoRegistration, Reading, Stored, NotStored, Writing, Failed, SessionOnly };
    Q_ENUM(State)

    explicit SecretField(QWidget *parent = nullptr);
    ~SecretField() override;

    // The persistent store (not owned). May be null: then only "this session only" is possible.
    void setStore(SecretStore *store);
    SecretStore *store() const { return m_store; }
    // The key of the registration shown (SecretStore::key(workspaceId, registrationId)); empty for none.
    void setKey(const QString &key);
    QString key() const { return m_key; }
    // Removes the secret of |key| from the keychain and from this session (a registration was deleted).
    void forget(const QString &key);

    State state() const { return m_state; }
    QString stateText() const;
    bool sessionOnly() const { return m_sessionOnly; }
    void setSessionOnly(bool on);

    QLineEdit *lineEdit() const { return m_edit; }

signals:
    void stateChanged(cmic::SecretField::State state);

protected:
    void changeEvent(QEvent *event) override;

private:
    SecretStore *activeStore() const;
    void read();
    void commit();
    void setState(State state, const QString &detail = {});
    void retranslate();
    void onAnswered(SecretRequest::Operation operation);
    void useActiveStore();

    SecretStore *m_store = nullptr; // not owned; outlives the field
    MemorySecretStore *m_session;
    CredentialSlot *m_slot; // holds what the store holds for m_key, so unchanged text is not written again
    QString m_key;
    bool m_sessionOnly = false;
    State m_state = State::NoRegistration;
    QString m_detail;

    QLineEdit *m_edit;
    QAction *m_toggle;
    QLabel *m_status;
    QCheckBox *m_sessionBox;
};

} // namespace cmic
