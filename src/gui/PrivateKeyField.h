#pragma once

#include "core/net/JwtSigner.h"
#include "core/storage/SecretStore.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace cmic {

class CredentialSlot;

// The private_key_jwt credential of a registration: a PEM private key (RSA ≥ 2048 or P-256) kept only in the
// secret store under SecretStore::key(workspace, registration, "private-key"). The key never appears on screen:
// the field shows what is stored ("P-256 key, signs ES256") and offers Import (a PEM file, checked before it is
// stored), Copy public key (the public JWK to register in the IdP) and Remove. A view over a CredentialSlot, which
// owns the requests and the state machine; the PEM is wiped as soon as it has been described.
class PrivateKeyField : public QWidget
{
    Q_OBJECT
public:
    enum class State { NoRegistration, Reading, Stored, NotStored, Writing, Failed };
    Q_ENUM(State)

    explicit PrivateKeyField(QWidget *parent = nullptr);
    ~PrivateKeyField() override;

    // The store (not owned). Null: keys are kept for this session only.
    void setStore(SecretStore *store);
    // SecretStore::key(workspaceId, registrationId, "private-key"); empty for none.
    void setKey(const QString &key);
    QString key() const { return m_key; }
    // Removes the key of |key| from the store (a registration was deleted).
    void forget(const QString &key);

    State state() const { return m_state; }
    QString stateText() const;
    // The public JWK of the stored key as compact JSON ({"kty",...,"kid","use":"sig","alg"}); empty when none.
    QString publicJwk() const { return m_publicJwk; }

    // Reads, checks and stores the PEM file at |path|. On a bad file nothing is stored, the stored key is kept,
    // and the state says what is wrong and what to do; returns false.
    bool importFile(const QString &path);
    // Checks and stores |pem| (a PEM private key taken from elsewhere, e.g. a PKCS#12 file) as importFile does;
    // |source| names where it came from in a failure's text.
    bool storeKey(SecretBuffer pem, const QString &source);
    // Tests replace the file dialog (returns an empty path when cancelled).
    void setFilePicker(std::function<QString(QWidget *)> picker) { m_pickFile = std::move(picker); }

signals:
    void stateChanged(cmic::PrivateKeyField::State state);

protected:
    void changeEvent(QEvent *event) override;

private:
    SecretStore *store() const;
    void read();
    void describe(const net::JwtSigner &signer);
    void setState(State state, const QString &detail = {});
    void retranslate();
    void onAnswered(SecretRequest::Operation operation);

    SecretStore *m_store = nullptr;
    SecretStore *m_session; // owned: used when there is no store
    CredentialSlot *m_slot;
    QString m_key;
    State m_state = State::NoRegistration;
    QString m_detail;      // the reason, for Failed
    QString m_description; // "P-256 (ES256)" of the stored key
    QString m_publicJwk;
    net::JwtSigner m_pendingSigner; // the key being written, decoded once, described when the write succeeds
    QLabel *m_status;
    QPushButton *m_import;
    QPushButton *m_copy;
    QPushButton *m_remove;
    std::function<QString(QWidget *)> m_pickFile;
};

} // namespace cmic
