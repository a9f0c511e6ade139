#include "SecretStore.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

#include <utility>

namespace cmic {

namespace {
// Ids are UUIDs, but a hand-edited workspace may hold any text: escaping '%' and '/' keeps ("a/b", "c") and
// ("a", "b/c") apart. UUIDs pass unchanged.
QString keyPart(const QString &part)
{
    if (!part.contains(QLatin1Char('%')) && !part.contains(QLatin1Char('/')))
        return part; // no copy: a workspace's thousands of keys are made again after every edit
    QString out = part;
    out.replace(QLatin1Char('%'), QLatin1String("%25"));
    out.replace(QLatin1Char('/'), QLatin1String("%2F"));
    return out;
}
} // namespace

QString SecretStore::key(const QString &workspaceId, const QString &registrationId, const QString &kind)
{
    return keyPart(workspaceId) + QLatin1Char('/') + keyPart(registrationId) + QLatin1Char('/') + keyPart(kind);
}

// Requests still open are children: they go with the store, unanswered, their secrets wiped.
SecretStore::~SecretStore() = default;

SecretRequest *SecretStore::read(const QString &key)
{
    auto *request = new SecretRequest(SecretRequest::Operation::Read, key, this);
    startRead(request);
    return request;
}

SecretRequest *SecretStore::write(const QString &key, SecretBuffer secret)
{
    auto *request = new SecretRequest(SecretRequest::Operation::Write, key, this);
    startWrite(request, std::move(secret));
    return request;
}

SecretRequest *SecretStore::remove(const QString &key)
{
    auto *request = new SecretRequest(SecretRequest::Operation::Remove, key, this);
    startRemove(request);
    return request;
}

SecretRequest *SecretStore::probe()
{
    auto *request = new SecretRequest(SecretRequest::Operation::Probe, QString(), this);
    startProbe(request);
    return request;
}

void SecretStore::startProbe(SecretRequest *request) { answer(request, Status::Ok, QString()); }

void SecretStore::answer(SecretRequest *request, Status status, const QString &errorText, SecretBuffer secret)
{
    if (!request || request->m_cancelled || request->m_finished)
        return;
    request->m_status = status;
    request->m_errorText = status == Status::Ok ? QString() : errorText;
    if (status == Status::Ok && request->m_operation == SecretRequest::Operation::Read)
        request->m_secret = std::move(secret);
    const QPointer<SecretRequest> guard(request);
    QMetaObject::invokeMethod(
        this,
        [this, guard] {
            SecretRequest *r = guard.data();
            if (!r || r->m_cancelled)
                return;
            const bool changes = r->m_status == Status::Ok
                                 && (r->m_operation == SecretRequest::Operation::Write
                                     || r->m_operation == SecretRequest::Operation::Remove);
            const QString key = r->m_key;
            r->emitFinished();
            if (changes)
                emit changed(key);
        },
        Qt::QueuedConnection);
}

SecretRequest::SecretRequest(Operation operation, const QString &key, SecretStore *store)
    : QObject(store), m_operation(operation), m_key(key)
{}

SecretRequest::~SecretRequest() = default; // m_secret wipes itself

void SecretRequest::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    m_secret.clear();
    disconnect(this, &SecretRequest::finished, nullptr, nullptr);
    deleteLater();
}

void SecretRequest::emitFinished()
{
    m_finished = true;
    emit finished(this);
    m_secret.clear();
    deleteLater();
}

QString SecretStore::explain(Status status, const QString &detail)
{
    QString text;
    switch (status) {
    case Status::Ok: return {};
    case Status::NotFound:
        text = QCoreApplication::translate("cmic::SecretStore",
                                           "No secret is stored for this registration yet. Enter the secret and "
                                           "save it.");
        break;
    case Status::Unavailable:
        text = QCoreApplication::translate("cmic::SecretStore",
                                           "No keychain is running (Secret Service over D-Bus). Start your desktop's "
                                           "keyring (gnome-keyring or KWallet) and try again, or keep the secret for "
                                           "this session only.");
        break;
    case Status::AccessDenied:
        text = QCoreApplication::translate("cmic::SecretStore",
                                           "The keychain is locked or access to it was refused. Unlock your keyring "
                                           "(your desktop asks for its password), allow CMiC OAuth Console to use "
                                           "it, and try again, or keep the secret for this session only.");
        break;
    case Status::OtherError:
        text = QCoreApplication::translate("cmic::SecretStore",
                                           "The keychain could not complete the request. Try again; if it keeps "
                                           "failing, restart your desktop's keyring or keep the secret for this "
                                           "session only.");
        break;
    }
    if (!detail.isEmpty())
        text +=
            QLatin1Char(' ') + QCoreApplication::translate("cmic::SecretStore", "(The keychain said: %1)").arg(detail);
    return text;
}

} // namespace cmic
