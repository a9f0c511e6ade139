#include "SecretStoreTestUtil.h"

#include "core/storage/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::test;

// With no usable session bus the keychain store must say Unavailable (explained), and must not fall back to any
// file. main() below sets the environment before Qt or QtKeychain look at it: a session bus address that points at
// a socket nobody listens on, no display to autolaunch one from, and HOME / XDG folders inside a fresh directory
// this test then searches for anything written.
namespace {
QTemporaryDir *g_home = nullptr;
const QString kSecret = QStringLiteral("must-never-reach-disk-7f3a9c");
} // namespace

class TestKeychainUnavailable : public QObject
{
    Q_OBJECT

private:
    KeychainSecretStore m_store;

    static QStringList filesUnderHome()
    {
        QStringList files;
        QDirIterator it(g_home->path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        return files;
    }

private slots:
    void probeReportsUnavailable()
    {
        const SecretAnswer probe = probeStore(m_store);
        QVERIFY(probe.arrived);
        QCOMPARE(probe.status, SecretStore::Status::Unavailable);
        QVERIFY2(probe.errorText.startsWith(SecretStore::explain(SecretStore::Status::Unavailable)),
                 qPrintable(probe.errorText));
    }

    void writeReportsUnavailableAndWritesNothing()
    {
        const SecretAnswer written =
            writeSecret(m_store, SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg")), kSecret);
        QVERIFY(written.arrived);
        QCOMPARE(written.status, SecretStore::Status::Unavailable);
        QVERIFY(written.errorText.contains(QLatin1String("gnome-keyring or KWallet")));
        QVERIFY2(!written.errorText.contains(kSecret), "the message must not echo the secret");
        const QStringList files = filesUnderHome();
        QVERIFY2(files.isEmpty(), qPrintable(QStringLiteral("written: ") + files.join(QLatin1String(", "))));
    }

    void readReportsUnavailable()
    {
        const SecretAnswer read = readSecret(m_store, SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg")));
        QCOMPARE(read.status, SecretStore::Status::Unavailable);
        QVERIFY(read.secret.isEmpty());
    }

    void removeReportsUnavailable()
    {
        QCOMPARE(removeSecret(m_store, SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg"))).status,
                 SecretStore::Status::Unavailable);
    }

    void nothingWasWrittenAnywhereUnderHome()
    {
        const QStringList files = filesUnderHome();
        QVERIFY2(files.isEmpty(), qPrintable(files.join(QLatin1String(", "))));
    }
};

int main(int argc, char **argv)
{
    QTemporaryDir home(QDir::tempPath() + QStringLiteral("/cmic-no-bus-home-XXXXXX"));
    if (!home.isValid())
        return 2;
    g_home = &home;
    const QByteArray root = QFile::encodeName(home.path());
    qputenv("HOME", root);
    qputenv("XDG_CONFIG_HOME", root + "/.config");
    qputenv("XDG_DATA_HOME", root + "/.local/share");
    qputenv("XDG_CACHE_HOME", root + "/.cache");
    qputenv("XDG_RUNTIME_DIR", root + "/run");
    QDir().mkpath(home.path() + QStringLiteral("/run"));
    QFile::setPermissions(home.path() + QStringLiteral("/run"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // CMIC_NO_BUS_MODE=unset (a second CTest entry): no bus address at all; otherwise a socket nobody listens on.
    if (qEnvironmentVariable("CMIC_NO_BUS_MODE") == QLatin1String("unset"))
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + root + "/run/no-bus-listens-here");
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");

    QCoreApplication app(argc, argv);
    TestKeychainUnavailable test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainunavailable.moc"
