// Keychain entries carry a label people can read in Seahorse ("CMiC OAuth Console — <registration> client secret
// (<file>)"), and entries written before the labels (labelled with the bare service name) are still found.
// Against the real Secret Service (scripts/with-keyring.sh); the label is read back with secret-tool (libsecret-tools),
// independently of the code under test.
#include "KeychainItems.h"
#include "SecretStoreTestUtil.h"

#include "core/model/Workspace.h"
#include "core/storage/KeychainSecretStore.h"

#include <QStandardPaths>
#include <QTest>

#include <qt6keychain/keychain.h>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::test;

namespace {

using Item = KeychainItem;

QList<Item> itemsFor(const QString &service, const QString &key) { return keychainItems(service, key); }

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
        const QString reason = keychainUnusableReason(m_service, freshKey());
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

    void changedLabelsNameTheRenamedTheNewAndAllAfterAFileRename()
    {
        Workspace workspace = sampleWorkspace();
        const QString path = QStringLiteral("/srv/cmic/acme.cmic-oauth.json");
        QHash<QString, QString> before;
        for (const AppRegistration &registration : std::as_const(workspace.registrations))
            before.insert(registration.id, registration.name);
        QVERIFY(KeychainSecretStore::changedLabels(workspace, path, before, path).isEmpty());

        workspace.registrations[0].name = QStringLiteral("Payroll export");
        AppRegistration added;
        added.id = Workspace::newId();
        added.name = QStringLiteral("Timesheets");
        workspace.registrations.append(added);
        QList<SecretStore::EntryLabel> changed = KeychainSecretStore::changedLabels(workspace, path, before, path);
        QCOMPARE(changed.size(), 4); // the renamed one and the new one, each with its two kinds of credential
        const QString payroll = workspace.registrations.at(0).id;
        QCOMPARE(changed.at(0).key, credentialKey(workspace.id, payroll, CredentialKind::ClientSecret));
        QCOMPARE(changed.at(0).label,
                 QStringLiteral("CMiC OAuth Console — Payroll export client secret (acme.cmic-oauth.json)"));
        QCOMPARE(changed.at(1).key, credentialKey(workspace.id, payroll, CredentialKind::PrivateKey));
        QCOMPARE(changed.at(1).label,
                 QStringLiteral("CMiC OAuth Console — Payroll export private key (acme.cmic-oauth.json)"));
        QCOMPARE(changed.at(2).key, credentialKey(workspace.id, added.id, CredentialKind::ClientSecret));

        // Saved under another name (or saved for the first time): every entry names the new file.
        changed =
            KeychainSecretStore::changedLabels(workspace, QStringLiteral("/tmp/other.cmic-oauth.json"), before, path);
        QCOMPARE(changed.size(), 2 * workspace.registrations.size());
        QCOMPARE(changed.at(2).label,
                 QStringLiteral("CMiC OAuth Console — unnamed registration client secret (other.cmic-oauth.json)"));
        QCOMPARE(KeychainSecretStore::changedLabels(workspace, path, before, QString()).size(),
                 2 * workspace.registrations.size());
    }

    void updateLabelsRelabelsStoredEntriesAndCreatesNone()
    {
        KeychainSecretStore store(nullptr, m_service);
        store.setLabeller(
            [](const QString &) { return QStringLiteral("CMiC OAuth Console — old (a.cmic-oauth.json)"); });
        // More entries than are relabelled at once, so the queue has to move on by itself.
        QList<SecretStore::EntryLabel> labels;
        for (int i = 0; i < KeychainSecretStore::kLabelsInFlight + 3; ++i) {
            const QString key = freshKey();
            QCOMPARE(writeSecret(store, key, QStringLiteral("secret-%1").arg(i)).status, SecretStore::Status::Ok);
            labels.append({key, QStringLiteral("CMiC OAuth Console — first %1 (b.cmic-oauth.json)").arg(i)});
        }
        const QString absent = freshKey();
        labels.append({absent, QStringLiteral("never stored")});
        store.updateLabels(labels);
        // Asked again before the first round is through: the last label wins.
        store.updateLabels(
            {{labels.last().key, QStringLiteral("never stored either")},
             {labels.constFirst().key, QStringLiteral("CMiC OAuth Console — renamed (b.cmic-oauth.json)")}});
        labels.first().label = QStringLiteral("CMiC OAuth Console — renamed (b.cmic-oauth.json)");
        for (int i = 0; i + 1 < labels.size(); ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(itemsFor(m_service, labels.at(i).key).value(0).label, labels.at(i).label, 20000);
            const QList<Item> items = itemsFor(m_service, labels.at(i).key);
            QCOMPARE(items.size(), 1);
            QCOMPARE(items.at(0).secret, QStringLiteral("secret-%1").arg(i)); // the secret is untouched
        }
        QTest::qWait(200);
        QVERIFY(itemsFor(m_service, absent).isEmpty()); // relabelling never creates an entry
    }
};

QTEST_GUILESS_MAIN(TestKeychainLabels)
#include "tst_keychainlabels.moc"
