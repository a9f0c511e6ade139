#include "MemorySecretStore.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace cmic {

namespace {
// Overwrites the characters before the string is released, so a secret lingers less in freed memory.
void wipe(QString &secret)
{
    secret.detach();
    secret.fill(QLatin1Char('\0'));
    secret.clear();
}
} // namespace

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) {}

MemorySecretStore::~MemorySecretStore()
{
    for (auto it = m_secrets.begin(); it != m_secrets.end(); ++it)
        wipe(it.value());
}

QString MemorySecretStore::backendName() const
{
    return QCoreApplication::translate("cmic::SecretStore", "this session only (not saved)");
}

int MemorySecretStore::read(const QString &key)
{
    const int id = nextRequestId();
    Status status = Status::Ok;
    QString secret;
    if (m_simulatedFailure) {
        status = *m_simulatedFailure;
    } else if (auto it = m_secrets.constFind(key); it != m_secrets.cend()) {
        secret = it.value();
    } else {
        status = Status::NotFound;
    }
    QMetaObject::invokeMethod(
        this, [this, id, key, status, secret] { emit readFinished(id, key, status, secret, explain(status)); },
        Qt::QueuedConnection);
    return id;
}

int MemorySecretStore::write(const QString &key, const QString &secret)
{
    const int id = nextRequestId();
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    if (status == Status::Ok) {
        auto it = m_secrets.find(key);
        if (it != m_secrets.end())
            wipe(it.value());
        m_secrets.insert(key, secret);
    }
    QMetaObject::invokeMethod(
        this, [this, id, key, status] { emit writeFinished(id, key, status, explain(status)); }, Qt::QueuedConnection);
    return id;
}

int MemorySecretStore::remove(const QString &key)
{
    const int id = nextRequestId();
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    if (status == Status::Ok) {
        auto it = m_secrets.find(key);
        if (it != m_secrets.end()) {
            wipe(it.value());
            m_secrets.erase(it);
        }
    }
    QMetaObject::invokeMethod(
        this, [this, id, key, status] { emit removeFinished(id, key, status, explain(status)); }, Qt::QueuedConnection);
    return id;
}

int MemorySecretStore::probe()
{
    const int id = nextRequestId();
    const Status status = m_simulatedFailure.value_or(Status::Ok);
    QMetaObject::invokeMethod(
        this, [this, id, status] { emit probeFinished(id, status, explain(status)); }, Qt::QueuedConnection);
    return id;
}

} // namespace cmic
