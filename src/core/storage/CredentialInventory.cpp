#include "CredentialInventory.h"

#include "CredentialKind.h"
#include "SecretStore.h"
#include "core/model/Workspace.h"

namespace cmic {

CredentialInventory::CredentialInventory(SecretStore *store, QObject *parent) : QObject(parent), m_store(store)
{
    if (m_store) {
        connect(m_store, &SecretStore::changed, this, [this](const QString &key) {
            if (m_wanted.contains(key))
                lookUp(key);
        });
    }
}

CredentialInventory::~CredentialInventory() = default;

void CredentialInventory::refresh(const Workspace &workspace)
{
    // The keys are made again only when the registrations changed: the document refreshes after every change of
    // the workspace and whenever look-ups are answered, and a workspace may have 20,000 registrations.
    if (workspace.id != m_workspaceId || !workspace.registrations.isSharedWith(m_registrations)) {
        QStringList wanted;
        wanted.reserve(workspace.registrations.size());
        for (const AppRegistration &reg : workspace.registrations)
            wanted.append(credentialKey(workspace.id, reg.id, credentialKindFor(reg)));
        if (wanted != m_wanted) { // e.g. a rename: the same keys, the same set
            m_wanted = wanted;
            m_wantedSet = QSet<QString>(wanted.cbegin(), wanted.cend());
        }
        m_workspaceId = workspace.id;
        m_registrations = workspace.registrations;
    }
    const QStringList &wanted = m_wanted;
    const QSet<QString> &keep = m_wantedSet;
    for (auto it = m_known.begin(); it != m_known.end();) {
        if (keep.contains(it.key()))
            ++it;
        else
            it = m_known.erase(it);
    }
    // A set for "already queued": a workspace of thousands of registrations is refreshed after every edit. Keys
    // queued here go into it only when a key is wanted twice (two registrations with one id): otherwise none comes
    // again, and 20,000 inserts are spared.
    QSet<QString> queued(m_queue.cbegin(), m_queue.cend());
    const bool eachKeyOnce = keep.size() == wanted.size();
    for (const QString &key : wanted) {
        if (!m_known.contains(key) && !queued.contains(key)) {
            m_queue.append(key);
            if (!eachKeyOnce)
                queued.insert(key);
        }
    }
    next();
}

std::optional<bool> CredentialInventory::isStored(const QString &key) const
{
    const auto it = m_known.constFind(key);
    if (it == m_known.cend())
        return std::nullopt;
    return *it;
}

void CredentialInventory::lookUp(const QString &key)
{
    m_known.remove(key);
    if (!m_queue.contains(key))
        m_queue.prepend(key);
    next();
}

void CredentialInventory::next()
{
    if (m_busy)
        return;
    if (m_queue.isEmpty() || !m_store) {
        if (m_dirty) {
            m_dirty = false;
            emit changed();
        }
        return;
    }
    const QString key = m_queue.takeFirst();
    m_busy = true;
    SecretRequest *request = m_store->read(key);
    connect(request, &SecretRequest::finished, this, [this, key](SecretRequest *answered) {
        m_busy = false;
        // Only whether it is there: the secret stays in the request, which wipes it when it goes.
        if (answered->status() == SecretStore::Status::Ok)
            m_known.insert(key, true);
        else if (answered->status() == SecretStore::Status::NotFound)
            m_known.insert(key, false);
        m_dirty = true;
        next();
    });
}

} // namespace cmic
