#include "SecretStoreTestUtil.h"

#include "core/model/Workspace.h"
#include "core/storage/KeychainSecretStore.h"

#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "CiSkip.h"

#include <memory>

using namespace cmic;
using namespace cmic::test;

// Against the real Secret Service. scripts/with-keyring.sh starts gnome-keyring in a private D-Bus session; plain
// `ctest` without a session bus skips this test with the reason. With CI=true a missing keychain fails instead, so
// CI can never pass by skipping.
class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private:
    KeychainSecretStore m_store;
    QStringList m_written; // removed again in cleanupTestCase()

    QString freshKey(const QString &kind = QStringLiteral("client-secret"))
    {
        const QString key = SecretStore::key(Workspace::newId(), Workspace::newId(), kind);
        m_written << key;
        return key;
    }

private slots:
    void initTestCase()
    {
        QString reason;
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            reason = QStringLiteral("No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret "
                                    "Service. Run under scripts/with-keyring.sh (scripts/test.sh does).");
        } else {
            const SecretAnswer probe = probeStore(m_store);
            if (!probe.arrived)
                reason = QStringLiteral("The keychain did not answer within 20 s.");
            else if (probe.status != SecretStore::Status::Ok)
                reason = QStringLiteral("The keychain is not usable: ") + probe.errorText;
        }
        if (reason.isEmpty()) {
            // The probe only reads; a keyring with no unlocked default collection shows up on the first write.
            const SecretAnswer written = writeSecret(m_store, freshKey(), QStringLiteral("init"));
            if (written.status != SecretStore::Status::Ok)
                reason = QStringLiteral("The keychain answers but cannot store: ") + written.errorText;
        }
        if (reason.isEmpty())
            return;
        CMIC_SKIP_OR_FAIL_IN_CI(reason);
    }

    void cleanupTestCase()
    {
        for (const QString &key : std::as_const(m_written))
            removeSecret(m_store, key);
    }

    void usesTheProductServiceNameAndIsPersistent()
    {
        QCOMPARE(m_store.service(), QStringLiteral("cmic-oauth-console"));
        QVERIFY(m_store.isPersistent());
    }

    void writeThenReadReturnsTheSameText_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("plain") << QStringLiteral("s3cret-value");
        QTest::newRow("form-special") << QStringLiteral("s3cr+t/with=chars&%");
        QTest::newRow("quotes-backslash") << QStringLiteral("a\"b'c\\d`e$f;g|h");
        QTest::newRow("unicode") << QStringLiteral("pässwörd-秘密-🔑");
        QTest::newRow("whitespace") << QStringLiteral("  leading and trailing\tspaces  ");
        QTest::newRow("pem-multiline") << QStringLiteral(
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
        QTest::newRow("long-64k") << QString(65536, QLatin1Char('x')) + QStringLiteral("end");
    }

    void writeThenReadReturnsTheSameText()
    {
        QFETCH(QString, secret);
        const QString key = freshKey();
        const SecretAnswer written = writeSecret(m_store, key, secret);
        QVERIFY(written.arrived);
        QCOMPARE(written.status, SecretStore::Status::Ok);
        QCOMPARE(written.key, key);
        const SecretAnswer read = readSecret(m_store, key);
        QCOMPARE(read.status, SecretStore::Status::Ok);
        QCOMPARE(read.secret.size(), secret.size());
        QCOMPARE(read.secret, secret);

        // A second store (as after a restart) sees the same entry: it lives in the keychain, not in this object.
        KeychainSecretStore other;
        QCOMPARE(readSecret(other, key).secret, secret);
    }

    void overwriteReplacesTheSecret()
    {
        const QString key = freshKey();
        QCOMPARE(writeSecret(m_store, key, QStringLiteral("old")).status, SecretStore::Status::Ok);
        QCOMPARE(writeSecret(m_store, key, QStringLiteral("new")).status, SecretStore::Status::Ok);
        QCOMPARE(readSecret(m_store, key).secret, QStringLiteral("new"));
    }

    void removeThenReadIsNotFound()
    {
        const QString key = freshKey();
        QCOMPARE(writeSecret(m_store, key, QStringLiteral("to be removed")).status, SecretStore::Status::Ok);
        QCOMPARE(removeSecret(m_store, key).status, SecretStore::Status::Ok);
        const SecretAnswer read = readSecret(m_store, key);
        QCOMPARE(read.status, SecretStore::Status::NotFound);
        QVERIFY(read.secret.isEmpty());
        QVERIFY(!read.errorText.isEmpty());
    }

    void readOfMissingKeyIsNotFound()
    {
        const SecretAnswer read = readSecret(m_store, freshKey());
        QVERIFY(read.arrived);
        QCOMPARE(read.status, SecretStore::Status::NotFound);
    }

    void removeOfMissingKeyIsOk()
    {
        // Deleting a registration that never had a secret must not look like an error to the caller.
        const SecretAnswer removed = removeSecret(m_store, freshKey());
        QVERIFY(removed.arrived);
        QCOMPARE(removed.status, SecretStore::Status::Ok);
    }

    void sameRegistrationInTwoWorkspacesDoesNotCollide()
    {
        const QString registration = Workspace::newId();
        const QString a = SecretStore::key(Workspace::newId(), registration);
        const QString b = SecretStore::key(Workspace::newId(), registration);
        m_written << a << b;
        QCOMPARE(writeSecret(m_store, a, QStringLiteral("secret-of-a")).status, SecretStore::Status::Ok);
        QCOMPARE(writeSecret(m_store, b, QStringLiteral("secret-of-b")).status, SecretStore::Status::Ok);
        QCOMPARE(readSecret(m_store, a).secret, QStringLiteral("secret-of-a"));
        QCOMPARE(readSecret(m_store, b).secret, QStringLiteral("secret-of-b"));
        QCOMPARE(removeSecret(m_store, a).status, SecretStore::Status::Ok);
        QCOMPARE(readSecret(m_store, a).status, SecretStore::Status::NotFound);
        QCOMPARE(readSecret(m_store, b).secret, QStringLiteral("secret-of-b"));
    }

    void kindsOfOneRegistrationDoNotCollide()
    {
        const QString ws = Workspace::newId();
        const QString reg = Workspace::newId();
        const QString secretKey = SecretStore::key(ws, reg);
        const QString privateKey = SecretStore::key(ws, reg, QStringLiteral("private-key"));
        m_written << secretKey << privateKey;
        writeSecret(m_store, secretKey, QStringLiteral("client secret"));
        writeSecret(m_store, privateKey, QStringLiteral("private key"));
        QCOMPARE(readSecret(m_store, secretKey).secret, QStringLiteral("client secret"));
        QCOMPARE(readSecret(m_store, privateKey).secret, QStringLiteral("private key"));
    }

    void entryIsFiledUnderTheServiceName()
    {
        const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
        if (secretTool.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(
                QStringLiteral("secret-tool (libsecret-tools) is not installed; the entry's attributes cannot be "
                               "inspected."));
        const QString key = freshKey();
        const QString secret = QStringLiteral("visible-to-secret-tool-") + Workspace::newId();
        QCOMPARE(writeSecret(m_store, key, secret).status, SecretStore::Status::Ok);
        // QtKeychain's libsecret schema files the service as "server" and the key as "user".
        QProcess tool;
        tool.start(secretTool, {QStringLiteral("lookup"), QStringLiteral("server"),
                                QStringLiteral("cmic-oauth-console"), QStringLiteral("user"), key});
        QVERIFY(tool.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(tool.readAllStandardOutput()).trimmed(), secret);
    }

    // Two requesters on one store: only the one that asked gets the secret, the other gets nothing.
    void aSecondListenerDoesNotReceiveASecretItDidNotAskFor()
    {
        const QString keyA = freshKey();
        const QString keyB = freshKey(QStringLiteral("private-key"));
        QCOMPARE(writeSecret(m_store, keyA, QStringLiteral("only-for-a")).status, SecretStore::Status::Ok);
        QCOMPARE(writeSecret(m_store, keyB, QStringLiteral("only-for-b")).status, SecretStore::Status::Ok);
        QObject requesterA;
        QObject requesterB;
        QStringList gotA;
        QStringList gotB;
        QStringList storeWide;
        connect(&m_store, &SecretStore::changed, &requesterB, [&storeWide](const QString &key) { storeWide << key; });
        connect(m_store.read(keyA), &SecretRequest::finished, &requesterA,
                [&gotA](SecretRequest *r) { gotA << r->secret().toString(); });
        QTRY_COMPARE_WITH_TIMEOUT(gotA.size(), 1, 20000);
        QCOMPARE(gotA.first(), QStringLiteral("only-for-a"));
        QVERIFY(gotB.isEmpty());
        connect(m_store.read(keyB), &SecretRequest::finished, &requesterB,
                [&gotB](SecretRequest *r) { gotB << r->secret().toString(); });
        QTRY_COMPARE_WITH_TIMEOUT(gotB.size(), 1, 20000);
        QCOMPARE(gotB.first(), QStringLiteral("only-for-b"));
        QCOMPARE(gotA.size(), 1);
        QVERIFY(storeWide.isEmpty());
    }

    void aRequesterDestroyedBeforeTheAnswerIsNotCalled()
    {
        const QString key = freshKey();
        QCOMPARE(writeSecret(m_store, key, QStringLiteral("late")).status, SecretStore::Status::Ok);
        int calls = 0;
        auto requester = std::make_unique<QObject>();
        const QPointer<SecretRequest> request = m_store.read(key);
        connect(request, &SecretRequest::finished, requester.get(), [&calls](SecretRequest *) { ++calls; });
        requester.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!request, 20000); // answered (to nobody) and deleted
        QCOMPARE(calls, 0);
    }

    void probeReportsOk() { QCOMPARE(probeStore(m_store).status, SecretStore::Status::Ok); }

    void probeWritesNothing()
    {
        // The probe reads a reserved key that must stay absent, so probing twice still finds nothing stored there.
        probeStore(m_store);
        QCOMPARE(readSecret(m_store, QStringLiteral("cmic-oauth-console/probe/never-written")).status,
                 SecretStore::Status::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
