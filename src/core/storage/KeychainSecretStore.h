#pragma once

#include "SecretStore.h"

#include <QHash>

#include <deque>
#include <functional>

namespace cmic {

struct Workspace;

// Secrets in the OS keychain through QtKeychain: on Linux the Secret Service (gnome-keyring, KWallet) over D-Bus.
// Service name "cmic-oauth-console"; the key is SecretStore::key(). The insecure plaintext fallback is off: when no
// keychain answers, requests finish with Unavailable and nothing is written anywhere.
// Entries are labelled for people (the Secret Service item label Seahorse shows): "CMiC OAuth Console — <registration
// name> client secret (<workspace file name>)", set after each write from the labeller (setLabeller()). Lookups go by
// the key alone (QtKeychain's attributes "server" = service, "user" = key), so entries written with the old label
// (the service name) are still found, and get the new label when they are next written. updateLabels() relabels
// stored entries without touching their secrets (WorkspaceFileController calls it after a save that renamed a
// registration or the file), a few D-Bus requests at a time whatever the number of entries.
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

    // Gives the label of the entry under a key; an empty answer keeps the label QtKeychain sets (the service name).
    using Labeller = std::function<QString(const QString &key)>;
    void setLabeller(Labeller labeller) { m_labeller = std::move(labeller); }

    // "CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"; "private key" for a key. An empty
    // |workspaceFileName| reads "unsaved workspace", an empty |registrationName| "unnamed registration".
    static QString entryLabel(const QString &registrationName, CredentialKind kind, const QString &workspaceFileName);
    // The label of |key| when it is the credential key of one of |workspace|'s registrations (credentialKey()),
    // with the file name of |workspaceFilePath|; empty otherwise.
    static QString entryLabelFor(const Workspace &workspace, const QString &workspaceFilePath, const QString &key);
    // The entries of |workspace|'s registrations (both kinds) whose label changed since the workspace was at
    // |namesBefore| (registration id -> name) under |filePathBefore|: a renamed registration, a new one, or all of them
    // when the file name changed. In registration order.
    static QList<EntryLabel> changedLabels(const Workspace &workspace, const QString &workspaceFilePath,
                                           const QHash<QString, QString> &namesBefore, const QString &filePathBefore);

    // Queued; at most kLabelsInFlight entries are being relabelled at once. A key queued twice gets the last label.
    void updateLabels(const QList<EntryLabel> &labels) override;
    static constexpr int kLabelsInFlight = 4;

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

    // Sets |label| on the Secret Service items under |key| (org.freedesktop.Secret.Item's Label), then calls |then|
    // (also when there is no Secret Service, e.g. KWallet through its own interface: the write stands either way).
    void relabel(const QString &key, const QString &label, std::function<void()> then);

    void relabelQueued();

    QString m_service;
    Labeller m_labeller;
    std::deque<QString> m_labelQueue;       // keys waiting to be relabelled, oldest first
    QHash<QString, QString> m_queuedLabels; // key -> the label it gets
    int m_labelsInFlight = 0;
};

} // namespace cmic
