#pragma once

#include "SecretStoreTestUtil.h"
#include "core/storage/KeychainSecretStore.h"

#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QString>

// The Secret Service items a test wrote, read back with secret-tool (libsecret-tools): independent of the code under
// test, the way an admin would see them in Seahorse.
namespace cmic::test {

struct KeychainItem
{
    QString label;
    QString secret;
};

// Every item with QtKeychain's attributes for |service| and |key| ("server" and "user").
inline QList<KeychainItem> keychainItems(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"),
                                               QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!tool.waitForFinished(20000))
        return {};
    QList<KeychainItem> items;
    const QString out = QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
    for (const QString &line : out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('[')))
            items.append(KeychainItem{});
        else if (!items.isEmpty() && line.startsWith(QLatin1String("label = ")))
            items.last().label = line.mid(8);
        else if (!items.isEmpty() && line.startsWith(QLatin1String("secret = ")))
            items.last().secret = line.mid(9);
    }
    return items;
}

// Why these tests cannot use the Secret Service for |service| (empty when they can): no session bus, no secret-tool, or
// a test write under |probeKey| that fails. The caller removes |probeKey| afterwards.
inline QString keychainUnusableReason(const QString &service, const QString &probeKey)
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return QStringLiteral("No D-Bus session bus, so no Secret Service. Run under scripts/with-keyring.sh.");
    if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
        return QStringLiteral("secret-tool is missing (Debian: libsecret-tools; scripts/install-deps.sh).");
    KeychainSecretStore store(nullptr, service);
    const SecretAnswer written = writeSecret(store, probeKey, QStringLiteral("init"));
    if (written.status != SecretStore::Status::Ok)
        return QStringLiteral("The keychain cannot store: ") + written.errorText;
    return {};
}

} // namespace cmic::test
