#include "MemorySecretStore.h"

#include <QCoreApplication>

namespace cmic {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) {}

MemorySecretStore::~MemorySecretStore() = default; // each SecretBuffer wipes itself

QString MemorySecretStore::backendName() const
{
    return QCoreApplication::translate("cmic::SecretStore", "this session only (not saved)");
}

void MemorySecretStore::startRead(SecretRequest *request)
{
    if (m_simulatedFailure) {
        answer(request, *m_simulatedFailure, explain(*m_simulatedFailure));
        return;
    }
    const auto it = m_secrets.find(request->key());
    if (it == m_secrets.end()) {
        answer(request, Status::NotFound, explain(Status::NotFound));
        return;
    }
    answer(request, Status::Ok, QString(), it->second.clone());
}

void MemorySecretStore::startWrite(SecretRequest *request, SecretBuffer secret)
{
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    if (status == Status::Ok)
        m_secrets.insert_or_assign(request->key(), std::move(secret)); // the old buffer wipes itself
    answer(request, status, explain(status));
}

void MemorySecretStore::startRemove(SecretRequest *request)
{
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    if (status == Status::Ok)
        m_secrets.erase(request->key());
    answer(request, status, explain(status));
}

void MemorySecretStore::startProbe(SecretRequest *request)
{
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    answer(request, status, explain(status));
}

} // namespace cmic
