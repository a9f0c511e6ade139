#include "CredentialSlot.h"

#include <utility>

namespace cmic {

CredentialSlot::CredentialSlot(QObject *parent) : QObject(parent) {}

CredentialSlot::~CredentialSlot() { cancelRequest(); }

void CredentialSlot::cancelRequest()
{
    if (m_request)
        m_request->cancel();
    m_request = nullptr;
    m_pending.clear();
}

void CredentialSlot::setStore(SecretStore *store)
{
    if (m_store == store)
        return;
    cancelRequest();
    m_secret.clear();
    m_store = store;
    setState(State::NoKey);
}

void CredentialSlot::setKey(const QString &key)
{
    if (key == m_key)
        return;
    cancelRequest();
    m_secret.clear();
    m_key = key;
    setState(State::NoKey);
}

void CredentialSlot::read()
{
    cancelRequest();
    if (m_key.isEmpty() || !m_store) {
        m_secret.clear();
        setState(State::NoKey);
        return;
    }
    start(m_store->read(m_key), State::Reading);
}

void CredentialSlot::write(SecretBuffer secret)
{
    if (secret.isEmpty()) {
        remove();
        return;
    }
    cancelRequest();
    if (m_key.isEmpty() || !m_store)
        return;
    m_pending = std::move(secret);
    start(m_store->write(m_key, m_pending.clone()), State::Writing);
}

void CredentialSlot::remove()
{
    cancelRequest();
    if (m_key.isEmpty() || !m_store)
        return;
    start(m_store->remove(m_key), State::Writing);
}

void CredentialSlot::forget(const QString &key, std::initializer_list<SecretStore *> alsoFrom)
{
    if (key.isEmpty())
        return;
    if (key == m_key)
        cancelRequest();
    // Nobody listens: each request answers to no one and goes away.
    if (m_store)
        m_store->remove(key);
    QList<SecretStore *> told{m_store};
    for (SecretStore *other : alsoFrom) {
        if (other && !told.contains(other)) {
            other->remove(key);
            told << other;
        }
    }
    if (key == m_key) {
        m_secret.clear();
        setState(State::Absent);
    }
}

void CredentialSlot::start(SecretRequest *request, State busy)
{
    m_request = request;
    connect(request, &SecretRequest::finished, this, &CredentialSlot::onFinished);
    setState(busy);
}

void CredentialSlot::onFinished(SecretRequest *request)
{
    if (request != m_request)
        return;
    m_request = nullptr;
    const SecretRequest::Operation operation = request->operation();
    const SecretStore::Status status = request->status();
    SecretBuffer written = std::move(m_pending);
    if (status == SecretStore::Status::Ok) {
        switch (operation) {
        case SecretRequest::Operation::Read:
            m_secret = request->takeSecret();
            setState(State::Present);
            break;
        case SecretRequest::Operation::Write:
            m_secret = std::move(written);
            setState(State::Present);
            break;
        case SecretRequest::Operation::Remove:
            m_secret.clear();
            setState(State::Absent);
            break;
        case SecretRequest::Operation::Probe: break;
        }
    } else if (status == SecretStore::Status::NotFound && operation == SecretRequest::Operation::Read) {
        m_secret.clear();
        setState(State::Absent);
    } else {
        if (operation == SecretRequest::Operation::Read)
            m_secret.clear();
        setState(State::Failed, status, request->errorText());
    }
    emit answered(operation, m_state);
}

void CredentialSlot::setState(State state, SecretStore::Status status, const QString &errorText)
{
    const bool changed = state != m_state;
    m_state = state;
    m_status = status;
    m_errorText = errorText;
    if (changed)
        emit stateChanged(state);
}

} // namespace cmic
