#include "SecretStore.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace cmic {

namespace {
// Ids are UUIDs, but a hand-edited workspace may hold any text: escaping '%' and '/' keeps ("a/b", "c") and
// ("a", "b/c") apart. UUIDs pass unchanged.
QString keyPart(const QString &part)
{
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

int SecretStore::probe()
{
    const int id = nextRequestId();
    QMetaObject::invokeMethod(
        this, [this, id] { emit probeFinished(id, Status::Ok, QString()); }, Qt::QueuedConnection);
    return id;
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
