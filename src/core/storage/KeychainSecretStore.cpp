#include "KeychainSecretStore.h"

#include "StorageLog.h"
#include "core/model/Workspace.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QFileInfo>
#include <QPointer>

#include <memory>

#include <qt6keychain/keychain.h>

namespace cmic {

namespace {

// Read, never written: the probe's "not found" proves the keychain answers.
const QString kProbeKey = QStringLiteral("cmic-oauth-console/probe/never-written");
// Written and removed again to tell "not found" from "locked" (see confirmWritable()).
const QString kLockCheckKey = QStringLiteral("cmic-oauth-console/probe/lock-check");

// QtKeychain reports a missing session bus or Secret Service as OtherError carrying D-Bus's or GLib's own text
// (checked with QtKeychain 0.13 / libsecret 0.20): no bus address -> "Cannot autolaunch D-Bus without X11 $DISPLAY",
// a dead socket -> "Could not connect: No such file or directory", a bus without a keyring -> "The name
// org.freedesktop.secrets was not provided by any .service files". To the admin all of these mean "no keychain".
bool looksLikeNoBus(const QString &text)
{
    static const char *const markers[] = {"D-Bus",      "DBus",           "dbus",     "org.freedesktop.secrets",
                                          "autolaunch", "ServiceUnknown", "NoServer", "Could not connect"};
    for (const char *marker : markers) {
        if (text.contains(QLatin1String(marker)))
            return true;
    }
    return false;
}

// A keyring that is there but locked, or whose default ("login") collection was never created, comes back as
// OtherError too: "Cannot create an item in a locked collection", "Object does not exist at path
// /org/freedesktop/secrets/collection/login". The admin has to unlock or set up the keyring: AccessDenied.
bool looksLikeLockedOrMissingCollection(const QString &text)
{
    return text.contains(QLatin1String("locked"), Qt::CaseInsensitive)
           || text.contains(QLatin1String("/org/freedesktop/secrets/collection/"));
}

SecretStore::Status statusFor(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoError: return SecretStore::Status::Ok;
    case QKeychain::EntryNotFound: return SecretStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented: return SecretStore::Status::Unavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return SecretStore::Status::AccessDenied;
    case QKeychain::CouldNotDeleteEntry: return SecretStore::Status::OtherError;
    case QKeychain::OtherError:
        if (looksLikeLockedOrMissingCollection(job->errorString()))
            return SecretStore::Status::AccessDenied;
        if (looksLikeNoBus(job->errorString()))
            return SecretStore::Status::Unavailable;
        return SecretStore::Status::OtherError;
    }
    return SecretStore::Status::OtherError;
}

// The Secret Service (org.freedesktop.Secret, the API gnome-keyring and KeePassXC serve and libsecret speaks).
const QString kSecretsBusName = QStringLiteral("org.freedesktop.secrets");
const QString kSecretsPath = QStringLiteral("/org/freedesktop/secrets");
const QString kSecretsServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kSecretsItemInterface = QStringLiteral("org.freedesktop.Secret.Item");
constexpr int kDBusTimeoutMs = 10000;

template <typename JobType>
JobType *makeJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new JobType(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plaintext on disk
    job->setKey(key);
    return job;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent, const QString &service)
    : SecretStore(parent), m_service(service)
{}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QCoreApplication::translate("cmic::SecretStore", "macOS Keychain");
#elif defined(Q_OS_WIN)
    return QCoreApplication::translate("cmic::SecretStore", "Windows Credential Manager");
#else
    return QCoreApplication::translate("cmic::SecretStore", "desktop keyring (Secret Service)");
#endif
}

QString KeychainSecretStore::entryLabel(const QString &registrationName, CredentialKind kind,
                                        const QString &workspaceFileName)
{
    const QString name = registrationName.trimmed().isEmpty()
                             ? QCoreApplication::translate("cmic::KeychainSecretStore", "unnamed registration")
                             : registrationName.trimmed();
    const QString file = workspaceFileName.isEmpty()
                             ? QCoreApplication::translate("cmic::KeychainSecretStore", "unsaved workspace")
                             : workspaceFileName;
    //: The label of a keychain entry, as Seahorse or KWallet lists it: %1 registration name, %2 "client secret" or
    //: "private key", %3 the workspace file's name.
    return QCoreApplication::translate("cmic::KeychainSecretStore", "CMiC OAuth Console — %1 %2 (%3)")
        .arg(name, displayName(kind), file);
}

QString KeychainSecretStore::entryLabelFor(const Workspace &workspace, const QString &workspaceFilePath,
                                           const QString &key)
{
    for (const AppRegistration &registration : workspace.registrations) {
        for (const CredentialKind kind : {CredentialKind::ClientSecret, CredentialKind::PrivateKey}) {
            if (credentialKey(workspace.id, registration.id, kind) == key)
                return entryLabel(registration.name, kind,
                                  workspaceFilePath.isEmpty() ? QString() : QFileInfo(workspaceFilePath).fileName());
        }
    }
    return {};
}

QList<SecretStore::EntryLabel> KeychainSecretStore::changedLabels(const Workspace &workspace,
                                                                  const QString &workspaceFilePath,
                                                                  const QHash<QString, QString> &namesBefore,
                                                                  const QString &filePathBefore)
{
    const auto fileName = [](const QString &path) { return path.isEmpty() ? QString() : QFileInfo(path).fileName(); };
    const QString file = fileName(workspaceFilePath);
    const bool fileRenamed = file != fileName(filePathBefore);
    QList<EntryLabel> changed;
    for (const AppRegistration &registration : workspace.registrations) {
        const auto before = namesBefore.constFind(registration.id);
        if (!fileRenamed && before != namesBefore.cend() && *before == registration.name)
            continue;
        for (const CredentialKind kind : {CredentialKind::ClientSecret, CredentialKind::PrivateKey})
            changed.append(
                {credentialKey(workspace.id, registration.id, kind), entryLabel(registration.name, kind, file)});
    }
    return changed;
}

void KeychainSecretStore::updateLabels(const QList<EntryLabel> &labels)
{
    for (const EntryLabel &entry : labels) {
        const auto queued = m_queuedLabels.find(entry.key);
        if (queued != m_queuedLabels.end()) {
            *queued = entry.label;
            continue;
        }
        m_queuedLabels.insert(entry.key, entry.label);
        m_labelQueue.push_back(entry.key);
    }
    relabelQueued();
}

void KeychainSecretStore::relabelQueued()
{
    while (m_labelsInFlight < kLabelsInFlight && !m_labelQueue.empty()) {
        const QString key = m_labelQueue.front();
        m_labelQueue.pop_front();
        ++m_labelsInFlight;
        // The next one starts from the event loop, not from inside this one's answer (which may come at once when
        // there is no session bus): no recursion however long the queue.
        relabel(key, m_queuedLabels.take(key), [this] {
            --m_labelsInFlight;
            QMetaObject::invokeMethod(this, &KeychainSecretStore::relabelQueued, Qt::QueuedConnection);
        });
    }
}

void KeychainSecretStore::relabel(const QString &key, const QString &label, std::function<void()> then)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        then();
        return;
    }
    static const bool registered = [] {
        qDBusRegisterMetaType<QMap<QString, QString>>();
        qDBusRegisterMetaType<QList<QDBusObjectPath>>();
        return true;
    }();
    Q_UNUSED(registered)
    // The attributes QtKeychain's libsecret backend stores (checked with QtKeychain 0.13): "server" is the service
    // name, "user" the key.
    const QMap<QString, QString> attributes{{QStringLiteral("server"), m_service}, {QStringLiteral("user"), key}};
    QDBusMessage search = QDBusMessage::createMethodCall(kSecretsBusName, kSecretsPath, kSecretsServiceInterface,
                                                         QStringLiteral("SearchItems"));
    search << QVariant::fromValue(attributes);
    auto *searching = new QDBusPendingCallWatcher(bus.asyncCall(search, kDBusTimeoutMs), this);
    connect(searching, &QDBusPendingCallWatcher::finished, this, [this, label, then](QDBusPendingCallWatcher *call) {
        call->deleteLater();
        const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *call;
        if (reply.isError()) {
            qCDebug(lcStorage) << "keychain entry not relabelled:" << reply.error().message();
            then();
            return;
        }
        const QList<QDBusObjectPath> items = reply.argumentAt<0>(); // the unlocked ones: we just wrote there
        if (items.isEmpty()) {
            then();
            return;
        }
        auto remaining = std::make_shared<qsizetype>(items.size());
        for (const QDBusObjectPath &item : items) {
            QDBusMessage set = QDBusMessage::createMethodCall(
                kSecretsBusName, item.path(), QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Set"));
            set << kSecretsItemInterface << QStringLiteral("Label") << QVariant::fromValue(QDBusVariant(label));
            auto *setting =
                new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(set, kDBusTimeoutMs), this);
            connect(setting, &QDBusPendingCallWatcher::finished, this,
                    [remaining, then](QDBusPendingCallWatcher *done) {
                        done->deleteLater();
                        if (done->isError())
                            qCDebug(lcStorage) << "keychain entry not relabelled:" << done->error().message();
                        if (--*remaining == 0)
                            then();
                    });
        }
    });
}

void KeychainSecretStore::startRead(SecretRequest *request)
{
    const QPointer<SecretRequest> target(request);
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, request->key(), this);
    connect(job, &QKeychain::Job::finished, this, [this, target](QKeychain::Job *finished) {
        const Status status = statusFor(finished);
        if (status == Status::NotFound) {
            confirmWritable([this, target](Status checked, const QString &errorText) {
                if (checked == Status::Ok)
                    answer(target, Status::NotFound, explain(Status::NotFound));
                else
                    answer(target, checked, errorText);
            });
            return;
        }
        if (status != Status::Ok) {
            qCDebug(lcStorage) << "keychain read failed:" << status << finished->errorString();
            answer(target, status, explain(status, finished->errorString()));
            return;
        }
        // The bytes as QtKeychain holds them (UTF-8, no conversion). binaryData() shares the job's own copy, which
        // is wiped through it once the buffer has its own.
        const QByteArray held = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
        SecretBuffer secret{QByteArrayView(held)};
        wipeInPlace(held);
        answer(target, Status::Ok, QString(), std::move(secret));
    });
    job->start();
}

void KeychainSecretStore::startWrite(SecretRequest *request, SecretBuffer secret)
{
    const QPointer<SecretRequest> target(request);
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, request->key(), this);
    // QtKeychain takes text (stored as is, readable with secret-tool) and keeps its own UTF-8 of it, out of reach;
    // the QString handed over is this function's and is wiped at once.
    const QString text = secret.toString();
    job->setTextData(text);
    wipeInPlace(text);
    secret.clear();
    // The label comes from the labeller now: the registration's name and the file may change before the answer.
    const QString label = m_labeller ? m_labeller(request->key()) : QString();
    connect(job, &QKeychain::Job::finished, this, [this, target, label](QKeychain::Job *finished) {
        const Status status = statusFor(finished);
        if (status != Status::Ok) {
            qCDebug(lcStorage) << "keychain write failed:" << status << finished->errorString();
            answer(target, status, explain(status, finished->errorString()));
            return;
        }
        if (label.isEmpty() || !target) {
            answer(target, Status::Ok, QString());
            return;
        }
        // QtKeychain labels every entry with the service name; the people's label is set on the item it wrote.
        relabel(finished->key(), label, [this, target] { answer(target, Status::Ok, QString()); });
    });
    job->start();
}

void KeychainSecretStore::startRemove(SecretRequest *request)
{
    const QPointer<SecretRequest> target(request);
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, request->key(), this);
    connect(job, &QKeychain::Job::finished, this, [this, target](QKeychain::Job *finished) {
        Status status = statusFor(finished);
        if (status == Status::NotFound) // libsecret says Ok here, other backends EntryNotFound: same outcome
            status = Status::Ok;
        if (status == Status::Ok) { // a locked keyring also says Ok, and the secret stays
            confirmWritable(
                [this, target](Status checked, const QString &errorText) { answer(target, checked, errorText); });
            return;
        }
        qCDebug(lcStorage) << "keychain remove failed:" << status << finished->errorString();
        answer(target, status, explain(status, finished->errorString()));
    });
    job->start();
}

// gnome-keyring (through libsecret) answers a read from a locked collection with "not found" and a delete with
// success, because libsecret cannot show the unlock prompt and gives up quietly; the admin would be told "no secret
// stored yet", or that a deleted registration's secret is gone while it stays. A write cannot be fooled: it fails
// with "locked collection". So those two answers are confirmed by writing a reserved key (removed again at once).
void KeychainSecretStore::confirmWritable(std::function<void(Status, const QString &)> then)
{
    auto *write = makeJob<QKeychain::WritePasswordJob>(m_service, kLockCheckKey, this);
    write->setTextData(QStringLiteral("-"));
    connect(write, &QKeychain::Job::finished, this, [this, then](QKeychain::Job *written) {
        const Status status = statusFor(written);
        if (status != Status::Ok) {
            qCDebug(lcStorage) << "keychain is not writable:" << status << written->errorString();
            then(status, explain(status, written->errorString()));
            return;
        }
        auto *cleanup = makeJob<QKeychain::DeletePasswordJob>(m_service, kLockCheckKey, this);
        connect(cleanup, &QKeychain::Job::finished, this, [then](QKeychain::Job *) { then(Status::Ok, QString()); });
        cleanup->start();
    });
    write->start();
}

void KeychainSecretStore::startProbe(SecretRequest *request)
{
    const QPointer<SecretRequest> target(request);
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, kProbeKey, this);
    connect(job, &QKeychain::Job::finished, this, [this, target](QKeychain::Job *finished) {
        Status status = statusFor(finished);
        if (status == Status::NotFound)
            status = Status::Ok;
        answer(target, status, status == Status::Ok ? QString() : explain(status, finished->errorString()));
    });
    job->start();
}

} // namespace cmic
