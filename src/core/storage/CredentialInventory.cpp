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
    QStringList wanted;
    wanted.reserve(workspace.registrations.size());
    for (const AppRegistration &reg : workspace.registrations)
        wanted.append(credentialKey(workspace.id, reg.id, credentialKindFor(reg)));
    m_wanted = wanted;
    const QSet<QString> keep(wanted.cbegin(), wanted.cend());
    for (auto it = m_known.begin(); it != m_known.end();) {
        if (keep.contains(it.key()))
            ++it;
        else
            it = m_known.erase(it);
    }
    // A set for "already queued": a workspace of thousands of registrations is refreshed after every edit.
    QSet<QString> queued(m_queue.cbegin(), m_queue.cend());
    for (const QString &key : std::as_const(wanted)) {
        if (!m_known.contains(key) && !queued.contains(key)) {
            m_queue.append(key);
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
