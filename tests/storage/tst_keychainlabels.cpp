// Keychain entries carry a label people can read in Seahorse ("CMiC OAuth Console — <registration> client secret
// (<file>)"), and entries written before the labels (labelled with the bare service name) are still found.
// Against the real Secret Service (scripts/with-keyring.sh); the label is read back with secret-tool (libsecret-tools),
// independently of the code under test.
#include "SecretStoreTestUtil.h"

#include "core/model/Workspace.h"
#include "core/storage/KeychainSecretStore.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <qt6keychain/keychain.h>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::test;

namespace {

struct Item
{
    QString label;
    QString secret;
};

// Every Secret Service item with QtKeychain's attributes for |service| and |key|, as secret-tool lists them.
QList<Item> itemsFor(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"),
                                               QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!tool.waitForFinished(20000))
        return {};
    QList<Item> items;
    const QString out = QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
    for (const QString &line : out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('[')))
            items.append(Item{});
        else if (!items.isEmpty() && line.startsWith(QLatin1String("label = ")))
            items.last().label = line.mid(8);
        else if (!items.isEmpty() && line.startsWith(QLatin1String("secret = ")))
            items.last().secret = line.mid(9);
    }
    return items;
}

Workspace sampleWorkspace()
{
    Workspace workspace;
    workspace.id = Workspace::newId();
    AppRegistration payroll;
    payroll.id = Workspace::newId();
    payroll.name = QStringLiteral("Payroll sync");
    AppRegistration unnamed;
    unnamed.id = Workspace::newId();
    workspace.registrations = {payroll, unnamed};
    return workspace;
}

} // namespace

class TestKeychainLabels : public QObject
{
    Q_OBJECT

private:
    // A service of its own, so the test never touches the product's entries.
    const QString m_service = QStringLiteral("cmic-oauth-console-labels-test-") + Workspace::newId();
    QStringList m_written;

    QString freshKey(CredentialKind kind = CredentialKind::ClientSecret)
    {
        const QString key = credentialKey(Workspace::newId(), Workspace::newId(), kind);
        m_written << key;
        return key;
    }

private slots:
    void labelNamesTheRegistrationTheKindAndTheFile()
    {
        QCOMPARE(KeychainSecretStore::entryLabel(QStringLiteral("Payroll sync"), CredentialKind::ClientSecret,
                                                 QStringLiteral("acme.cmic-oauth.json")),
                 QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"));
        QCOMPARE(KeychainSecretStore::entryLabel(QStringLiteral("  Reports  "), CredentialKind::PrivateKey,
                                                 QStringLiteral("b.cmic-oauth.json")),
                 QStringLiteral("CMiC OAuth Console — Reports private key (b.cmic-oauth.json)"));
        QCOMPARE(KeychainSecretStore::entryLabel(QString(), CredentialKind::ClientSecret, QString()),
                 QStringLiteral("CMiC OAuth Console — unnamed registration client secret (unsaved workspace)"));
    }

    void labelForAKeyFindsItsRegistration()
    {
        const Workspace workspace = sampleWorkspace();
        const AppRegistration &payroll = workspace.registrations.at(0);
        const QString path = QStringLiteral("/home/admin/setups/acme.cmic-oauth.json");
        QCOMPARE(KeychainSecretStore::entryLabelFor(
                     workspace, path, credentialKey(workspace.id, payroll.id, CredentialKind::ClientSecret)),
                 QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"));
        QCOMPARE(KeychainSecretStore::entryLabelFor(
                     workspace, path, credentialKey(workspace.id, payroll.id, CredentialKind::PrivateKey)),
                 QStringLiteral("CMiC OAuth Console — Payroll sync private key (acme.cmic-oauth.json)"));
        QCOMPARE(KeychainSecretStore::entryLabelFor(
                     workspace, QString(),
                     credentialKey(workspace.id, workspace.registrations.at(1).id, CredentialKind::ClientSecret)),
                 QStringLiteral("CMiC OAuth Console — unnamed registration client secret (unsaved workspace)"));
        // Another workspace's key, or one that is no credential key: no label (QtKeychain's default stays).
        QVERIFY(KeychainSecretStore::entryLabelFor(
                    workspace, path, credentialKey(Workspace::newId(), payroll.id, CredentialKind::ClientSecret))
                    .isEmpty());
        QVERIFY(KeychainSecretStore::entryLabelFor(workspace, path, workspace.id).isEmpty());
    }

    void initTestCase()
    {
        QString reason;
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            reason = QStringLiteral("No D-Bus session bus, so no Secret Service. Run under scripts/with-keyring.sh.");
        else if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
            reason = QStringLiteral("secret-tool is missing (Debian: libsecret-tools; scripts/install-deps.sh).");
        if (reason.isEmpty()) {
            KeychainSecretStore store(nullptr, m_service);
            const SecretAnswer written = writeSecret(store, freshKey(), QStringLiteral("init"));
            if (written.status != SecretStore::Status::Ok)
                reason = QStringLiteral("The keychain cannot store: ") + written.errorText;
        }
        if (!reason.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(reason);
    }

    void cleanupTestCase()
    {
        KeychainSecretStore store(nullptr, m_service);
        for (const QString &key : std::as_const(m_written))
            removeSecret(store, key);
    }

    void writeSetsTheLabelFromTheLabeller()
    {
        KeychainSecretStore store(nullptr, m_service);
        QStringList asked;
        store.setLabeller([&asked](const QString &key) {
            asked << key;
            return QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)");
        });
        const QString key = freshKey();
        const SecretAnswer written = writeSecret(store, key, QStringLiteral("s3cret-value"));
        QCOMPARE(written.status, SecretStore::Status::Ok);
        QCOMPARE(asked, QStringList{key});
        const QList<Item> items = itemsFor(m_service, key);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).label,
                 QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"));
        QCOMPARE(items.at(0).secret, QStringLiteral("s3cret-value"));
        // The lookup key is unchanged: the same store reads it back.
        const SecretAnswer read = readSecret(store, key);
        QCOMPARE(read.status, SecretStore::Status::Ok);
        QCOMPARE(read.secret, QStringLiteral("s3cret-value"));
    }

    void privateKeyEntryIsLabelledAsAKey()
    {
        const Workspace workspace = sampleWorkspace();
        KeychainSecretStore store(nullptr, m_service);
        const QString path = QStringLiteral("/srv/cmic/reports.cmic-oauth.json");
        store.setLabeller([&](const QString &key) { return KeychainSecretStore::entryLabelFor(workspace, path, key); });
        const QString key = credentialKey(workspace.id, workspace.registrations.at(0).id, CredentialKind::PrivateKey);
        m_written << key;
        QCOMPARE(writeSecret(store, key, QStringLiteral("-----BEGIN PRIVATE KEY-----")).status,
                 SecretStore::Status::Ok);
        const QList<Item> items = itemsFor(m_service, key);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).label,
                 QStringLiteral("CMiC OAuth Console — Payroll sync private key (reports.cmic-oauth.json)"));
    }

    void withoutALabelTheServiceNameStays()
    {
        KeychainSecretStore store(nullptr, m_service);
        store.setLabeller([](const QString &) { return QString(); });
        const QString key = freshKey();
        QCOMPARE(writeSecret(store, key, QStringLiteral("plain")).status, SecretStore::Status::Ok);
        const QList<Item> items = itemsFor(m_service, key);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).label, m_service);
    }

    void entryWithTheOldLabelIsStillReadAndRelabelledOnWrite()
    {
        // An entry as earlier versions wrote it: QtKeychain's own label (the service name), same key.
        const QString key = freshKey();
        {
            auto *job = new QKeychain::WritePasswordJob(m_service);
            job->setAutoDelete(true);
            job->setInsecureFallback(false);
            job->setKey(key);
            job->setTextData(QStringLiteral("old-secret"));
            bool done = false;
            QKeychain::Error error = QKeychain::OtherError;
            connect(job, &QKeychain::Job::finished, this, [&](QKeychain::Job *finished) {
                error = finished->error();
                done = true;
            });
            job->start();
            QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
            QCOMPARE(error, QKeychain::NoError);
        }
        QList<Item> items = itemsFor(m_service, key);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).label, m_service);

        KeychainSecretStore store(nullptr, m_service);
        store.setLabeller([](const QString &) {
            return QStringLiteral("CMiC OAuth Console — Old one client secret (x.cmic-oauth.json)");
        });
        const SecretAnswer read = readSecret(store, key);
        QCOMPARE(read.status, SecretStore::Status::Ok);
        QCOMPARE(read.secret, QStringLiteral("old-secret"));

        // Saving it again replaces the one item (no duplicate) and gives it the people's label.
        QCOMPARE(writeSecret(store, key, QStringLiteral("new-secret")).status, SecretStore::Status::Ok);
        items = itemsFor(m_service, key);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).label, QStringLiteral("CMiC OAuth Console — Old one client secret (x.cmic-oauth.json)"));
        QCOMPARE(readSecret(store, key).secret, QStringLiteral("new-secret"));
    }
};

QTEST_GUILESS_MAIN(TestKeychainLabels)
#include "tst_keychainlabels.moc"
