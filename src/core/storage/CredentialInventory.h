#pragma once

#include "core/model/AppRegistration.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <optional>

namespace cmic {

class SecretStore;
struct Workspace;

// Which registrations of a workspace have their credential (client secret or private key) in a SecretStore, for the
// credential.missing rule. Looks each key up once, one at a time, in the background (a read whose secret is wiped at
// once, never kept), and again when the store says the key changed. Unknown until answered; a store that is
// unavailable or locked leaves the key unknown, so no finding is made on a guess.
class CredentialInventory : public QObject
{
    Q_OBJECT
public:
    explicit CredentialInventory(SecretStore *store, QObject *parent = nullptr);
    ~CredentialInventory() override;

    SecretStore *store() const { return m_store; }
    // Looks up the credential key of every registration of |workspace| not known yet (and forgets the others).
    void refresh(const Workspace &workspace);
    std::optional<bool> isStored(const QString &key) const;
    // Every key known so far and whether it is stored (a copy, for a check on another thread).
    QHash<QString, bool> known() const { return m_known; }
    bool isIdle() const { return m_queue.isEmpty() && !m_busy; }

signals:
    // Some keys became known or changed; emitted once a batch of look-ups is answered.
    void changed();

private:
    void lookUp(const QString &key);
    void next();

    QPointer<SecretStore> m_store;
    QHash<QString, bool> m_known;
    QStringList m_queue;
    QStringList m_wanted;
    QSet<QString> m_wantedSet; // m_wanted's keys (duplicates once)
    // What m_wanted was made from: a shallow copy, so an unchanged list is recognised without looking inside.
    QString m_workspaceId;
    QList<AppRegistration> m_registrations;
    bool m_busy = false;
    bool m_dirty = false;
};

} // namespace cmic
