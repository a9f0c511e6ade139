#include "SecretStoreTestUtil.h"

#include "core/model/Workspace.h"
#include "core/storage/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::test;

// A keyring that is running but locked must be reported as locked (AccessDenied, "unlock your keyring"), never as
// "no secret stored yet" on read or as done on remove: gnome-keyring answers exactly that way when libsecret cannot
// show its unlock prompt.
//
// Locking is one-way here (unlocking needs the prompt), so the checks run in a keyring of their own: the test starts
// itself again under dbus-run-session with a fresh HOME and gnome-keyring, and only that child locks anything.

namespace {
const char *const kChildVariable = "CMIC_KEYCHAIN_LOCKED_CHILD";
} // namespace

// Runs in the private session.
class TestKeychainLocked : public QObject
{
    Q_OBJECT

private:
    KeychainSecretStore m_store;
    const QString m_key = SecretStore::key(Workspace::newId(), Workspace::newId());

private slots:
    void initTestCase()
    {
        const SecretAnswer written = writeSecret(m_store, m_key, QStringLiteral("stored-before-locking"));
        QVERIFY2(written.status == SecretStore::Status::Ok, qPrintable(written.errorText));
        QCOMPARE(readSecret(m_store, m_key).secret, QStringLiteral("stored-before-locking"));

        QDBusInterface service(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                               QStringLiteral("org.freedesktop.Secret.Service"), QDBusConnection::sessionBus());
        const QDBusReply<QDBusObjectPath> alias = service.call(QStringLiteral("ReadAlias"), QStringLiteral("default"));
        QVERIFY2(alias.isValid() && alias.value().path() != QLatin1String("/"), qPrintable(alias.error().message()));
        const QDBusMessage locked =
            service.call(QStringLiteral("Lock"), QVariant::fromValue(QList<QDBusObjectPath>{alias.value()}));
        QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));
    }

    void readOfALockedKeyringIsAccessDeniedNotNotFound()
    {
        const SecretAnswer answer = readSecret(m_store, m_key);
        QVERIFY(answer.arrived);
        QCOMPARE(answer.status, SecretStore::Status::AccessDenied);
        QVERIFY(answer.secret.isEmpty());
        QVERIFY2(answer.errorText.contains(QLatin1String("Unlock your keyring")), qPrintable(answer.errorText));
    }

    void removeInALockedKeyringIsNotReportedDone()
    {
        const SecretAnswer answer = removeSecret(m_store, m_key);
        QVERIFY(answer.arrived);
        QCOMPARE(answer.status, SecretStore::Status::AccessDenied);
        QVERIFY2(answer.errorText.contains(QLatin1String("Unlock your keyring")), qPrintable(answer.errorText));
    }

    void writeToALockedKeyringIsAccessDenied()
    {
        const SecretAnswer answer = writeSecret(m_store, m_key, QStringLiteral("new"));
        QCOMPARE(answer.status, SecretStore::Status::AccessDenied);
    }
};

// Runs under ctest: starts the child in a private D-Bus session with its own gnome-keyring.
class TestKeychainLockedRunner : public QObject
{
    Q_OBJECT

private slots:
    void lockedKeyringChecksPassInAPrivateKeyring()
    {
        const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        const QString keyringDaemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (dbusRunSession.isEmpty() || keyringDaemon.isEmpty()) {
            const QString reason = QStringLiteral("dbus-run-session or gnome-keyring-daemon is not installed "
                                                  "(scripts/install-deps.sh installs both).");
            CMIC_SKIP_OR_FAIL_IN_CI(reason);
        }
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral(".local/share")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral(".config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
        env.insert(QString::fromLatin1(kChildVariable), QStringLiteral("1"));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral("run")));
        QFile::setPermissions(home.filePath(QStringLiteral("run")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

        QProcess child;
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        // The keyring is created and unlocked with an empty password, as scripts/with-keyring.sh does.
        child.start(dbusRunSession,
                    {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("eval \"$(printf '\\n' | \"$1\" --unlock --components=secrets)\" && exec \"$2\""),
                     QStringLiteral("sh"), keyringDaemon, QCoreApplication::applicationFilePath()});
        QVERIFY(child.waitForFinished(180000));
        const QString output = QString::fromUtf8(child.readAll());
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
        for (const char *name : {"readOfALockedKeyringIsAccessDeniedNotNotFound",
                                 "removeInALockedKeyringIsNotReportedDone", "writeToALockedKeyringIsAccessDenied"}) {
            QVERIFY2(output.contains(QStringLiteral("PASS   : TestKeychainLocked::%1()").arg(QLatin1String(name))),
                     qPrintable(output));
        }
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildVariable)) {
        TestKeychainLocked test;
        return QTest::qExec(&test, argc, argv);
    }
    TestKeychainLockedRunner runner;
    return QTest::qExec(&runner, argc, argv);
}

#include "tst_keychainlocked.moc"
