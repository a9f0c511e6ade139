#include "SecretStoreTestUtil.h"

#include "core/storage/MemorySecretStore.h"

#include <QTest>

using namespace cmic;
using namespace cmic::test;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT

private slots:
    void keyIsNamespacedByWorkspaceRegistrationAndKind()
    {
        QCOMPARE(SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg")), QStringLiteral("ws/reg/client-secret"));
        QCOMPARE(SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg"), QStringLiteral("private-key")),
                 QStringLiteral("ws/reg/private-key"));
        QVERIFY(SecretStore::key(QStringLiteral("a"), QStringLiteral("r"))
                != SecretStore::key(QStringLiteral("b"), QStringLiteral("r")));
    }

    void keyPartsCannotRunIntoEachOther()
    {
        const QString a = SecretStore::key(QStringLiteral("a/b"), QStringLiteral("c"));
        const QString b = SecretStore::key(QStringLiteral("a"), QStringLiteral("b/c"));
        QVERIFY(a != b);
        QCOMPARE(a, QStringLiteral("a%2Fb/c/client-secret"));
        QVERIFY(SecretStore::key(QStringLiteral("a%2Fb"), QStringLiteral("c")) != a);
        const QString uuid = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
        QCOMPARE(SecretStore::key(uuid, uuid), uuid + QLatin1Char('/') + uuid + QStringLiteral("/client-secret"));
    }

    void explainSaysWhatToDo_data()
    {
        QTest::addColumn<SecretStore::Status>("status");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("not-found") << SecretStore::Status::NotFound << QStringLiteral("Enter the secret");
        QTest::newRow("unavailable") << SecretStore::Status::Unavailable << QStringLiteral("gnome-keyring or KWallet");
        QTest::newRow("access-denied") << SecretStore::Status::AccessDenied << QStringLiteral("Unlock your keyring");
        QTest::newRow("other") << SecretStore::Status::OtherError << QStringLiteral("Try again");
    }

    void explainSaysWhatToDo()
    {
        QFETCH(SecretStore::Status, status);
        QFETCH(QString, mustMention);
        const QString text = SecretStore::explain(status);
        QVERIFY2(text.contains(mustMention), qPrintable(text));
        QVERIFY(text.endsWith(QLatin1Char('.')));
        const QString withDetail = SecretStore::explain(status, QStringLiteral("org.freedesktop.DBus.Error.X"));
        QVERIFY(withDetail.startsWith(text));
        QVERIFY(withDetail.contains(QLatin1String("org.freedesktop.DBus.Error.X")));
    }

    void explainIsEmptyForOk() { QVERIFY(SecretStore::explain(SecretStore::Status::Ok).isEmpty()); }

    void unavailableOffersSessionOnly()
    {
        QVERIFY(SecretStore::explain(SecretStore::Status::Unavailable).contains(QLatin1String("this session only")));
    }

    void answersLaterNotInsideTheCall()
    {
        MemorySecretStore store;
        QSignalSpy writes(&store, &SecretStore::writeFinished);
        QSignalSpy reads(&store, &SecretStore::readFinished);
        QSignalSpy removes(&store, &SecretStore::removeFinished);
        QSignalSpy probes(&store, &SecretStore::probeFinished);
        const int w = store.write(QStringLiteral("k"), QStringLiteral("v"));
        const int r = store.read(QStringLiteral("k"));
        const int d = store.remove(QStringLiteral("k"));
        const int p = store.probe();
        QCOMPARE(writes.size(), 0);
        QCOMPARE(reads.size(), 0);
        QCOMPARE(removes.size(), 0);
        QCOMPARE(probes.size(), 0);
        QVERIFY(waitFor(writes, w).arrived);
        const SecretAnswer read = waitFor(reads, r);
        QVERIFY(read.arrived);
        QCOMPARE(read.secret, QStringLiteral("v")); // requests are answered in the order they were made
        QVERIFY(waitFor(removes, d).arrived);
        QVERIFY(waitFor(probes, p).arrived);
    }

    void requestIdsAreDistinct()
    {
        MemorySecretStore store;
        const int a = store.read(QStringLiteral("k"));
        const int b = store.write(QStringLiteral("k"), QStringLiteral("v"));
        const int c = store.remove(QStringLiteral("k"));
        QVERIFY(a != b && b != c && a != c);
    }

    void writeReadOverwriteRemove()
    {
        MemorySecretStore store;
        const QString key = SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg"));
        SecretAnswer a = writeSecret(store, key, QStringLiteral("first"));
        QCOMPARE(a.status, SecretStore::Status::Ok);
        QCOMPARE(a.key, key);
        QVERIFY(a.errorText.isEmpty());
        a = readSecret(store, key);
        QCOMPARE(a.status, SecretStore::Status::Ok);
        QCOMPARE(a.secret, QStringLiteral("first"));
        QCOMPARE(writeSecret(store, key, QStringLiteral("second")).status, SecretStore::Status::Ok);
        QCOMPARE(readSecret(store, key).secret, QStringLiteral("second"));
        QCOMPARE(store.count(), 1);
        QCOMPARE(removeSecret(store, key).status, SecretStore::Status::Ok);
        a = readSecret(store, key);
        QCOMPARE(a.status, SecretStore::Status::NotFound);
        QVERIFY(a.secret.isEmpty());
        QVERIFY(!a.errorText.isEmpty());
        QCOMPARE(store.count(), 0);
    }

    void readOfMissingKeyIsNotFound()
    {
        MemorySecretStore store;
        QCOMPARE(readSecret(store, QStringLiteral("nothing/here/client-secret")).status, SecretStore::Status::NotFound);
    }

    void removeOfMissingKeyIsOk()
    {
        // Same as the keychain: deleting a registration that never had a secret is not an error.
        MemorySecretStore store;
        QCOMPARE(removeSecret(store, QStringLiteral("nothing/here/client-secret")).status, SecretStore::Status::Ok);
    }

    void sameRegistrationInTwoWorkspacesDoesNotCollide()
    {
        MemorySecretStore store;
        const QString a = SecretStore::key(QStringLiteral("ws-a"), QStringLiteral("reg"));
        const QString b = SecretStore::key(QStringLiteral("ws-b"), QStringLiteral("reg"));
        writeSecret(store, a, QStringLiteral("secret-a"));
        writeSecret(store, b, QStringLiteral("secret-b"));
        QCOMPARE(readSecret(store, a).secret, QStringLiteral("secret-a"));
        QCOMPARE(readSecret(store, b).secret, QStringLiteral("secret-b"));
        removeSecret(store, a);
        QCOMPARE(readSecret(store, b).secret, QStringLiteral("secret-b"));
    }

    void simulatedFailureAnswersWithStatusAndChangesNothing_data()
    {
        QTest::addColumn<SecretStore::Status>("status");
        QTest::newRow("unavailable") << SecretStore::Status::Unavailable;
        QTest::newRow("access-denied") << SecretStore::Status::AccessDenied;
    }

    void simulatedFailureAnswersWithStatusAndChangesNothing()
    {
        QFETCH(SecretStore::Status, status);
        MemorySecretStore store;
        const QString key = QStringLiteral("ws/reg/client-secret");
        writeSecret(store, key, QStringLiteral("kept"));
        store.simulateFailure(status);
        SecretAnswer a = writeSecret(store, key, QStringLiteral("replaced"));
        QCOMPARE(a.status, status);
        QCOMPARE(a.errorText, SecretStore::explain(status));
        QCOMPARE(removeSecret(store, key).status, status);
        a = readSecret(store, key);
        QCOMPARE(a.status, status);
        QVERIFY(a.secret.isEmpty());
        QCOMPARE(probeStore(store).status, status);
        store.simulateFailure(std::nullopt);
        QCOMPARE(readSecret(store, key).secret, QStringLiteral("kept"));
        QCOMPARE(probeStore(store).status, SecretStore::Status::Ok);
    }

    void isNotPersistentAndSaysSo()
    {
        MemorySecretStore store;
        QVERIFY(!store.isPersistent());
        QVERIFY(store.backendName().contains(QLatin1String("session")));
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
