#pragma once

#include "core/storage/SecretBuffer.h"

#include <QString>
#include <QWizardPage>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cmic {

class CredentialSlot;
class ObjectTableModel;
class SecretStore;
class WorkspaceDocument;

// The Validate-setup wizard's start page: which registration, its environment, service user and client
// authentication, its credential (read through a CredentialSlot; when none is stored, a way to the form's field,
// the wizard staying open with what was typed), the CMiC user expected, whether to call CMiC, and the network
// settings the run will use. Complete when the selected registration's credential is present.
// The credential is memory only: wiped by forgetCredential() and, between wizardClosed() and the next
// initializePage(), nothing is read at all.
class ValidateStartPage : public QWizardPage
{
    Q_OBJECT
public:
    enum class CredentialState { NoRegistration, Reading, Present, Missing, Unavailable };
    Q_ENUM(CredentialState)

    // |document| and |secrets| must outlive the page.
    ValidateStartPage(WorkspaceDocument *document, SecretStore *secrets, QWidget *parent = nullptr);
    ~ValidateStartPage() override;

    void setRegistration(const QString &registrationId);
    QString registrationId() const;
    void setSessionSecretLookup(std::function<SecretBuffer(const QString &key)> lookup);

    CredentialState credentialState() const { return m_credentialState; }
    // The credential read for the selected registration (empty unless credentialState() is Present).
    const SecretBuffer &credential() const { return m_credential; }
    QString expectedUser() const;
    bool probeCmic() const;

    // Reads the selected registration's credential again (not while closed).
    void readCredential();
    // Reads again only when the last answer was Missing or Unavailable: back from the main window's form.
    void recheckIfMissing();
    // Wipes the credential held; emits credentialForgotten().
    void forgetCredential();
    // The wizard closed: the credential is wiped, a keychain answer still to come is dropped and nothing is read
    // until initializePage().
    void wizardClosed();

    bool isComplete() const override;
    void initializePage() override;

signals:
    // "Go to the client secret field" ("private key field"): |field| is the form field's name.
    void credentialEntryRequested(const QString &registrationId, const QString &field);
    // The credential held was wiped (another is about to be read, or the wizard closed).
    void credentialForgotten();
    // The network note's "Change…" link: open Workspace Settings.
    void workspaceSettingsRequested();

private:
    void refresh();
    void onCredentialRead();
    void setCredentialState(CredentialState state, const QString &detail = {});
    bool runShown() const;

    WorkspaceDocument *m_document;
    SecretStore *m_secrets;
    std::function<SecretBuffer(const QString &)> m_sessionLookup;

    // Credential of the selected registration: memory only, wiped when the wizard closes.
    SecretBuffer m_credential;
    QString m_credentialKey;
    CredentialSlot *m_credentialSlot = nullptr; // reads m_credentialKey from m_secrets
    bool m_closed = false;                      // between wizardClosed() and the next start: no credential is read
    CredentialState m_credentialState = CredentialState::NoRegistration;

    ObjectTableModel *m_registrations = nullptr;
    QComboBox *m_registrationCombo = nullptr;
    QLabel *m_environmentValue = nullptr;
    QLabel *m_serviceUserValue = nullptr;
    QLabel *m_authMethodValue = nullptr;
    QLabel *m_credentialIcon = nullptr;
    QLabel *m_credentialValue = nullptr;
    QPushButton *m_enterSecretButton = nullptr;
    QPushButton *m_recheckButton = nullptr;
    QLineEdit *m_expectedUserEdit = nullptr;
    QCheckBox *m_probeCheck = nullptr;
    QLabel *m_probeNote = nullptr;
    QLabel *m_networkNote = nullptr;
    QLabel *m_changeSettingsLink = nullptr;
};

} // namespace cmic
