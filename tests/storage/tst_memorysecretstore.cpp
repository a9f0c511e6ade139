#include "SecretStoreTestUtil.h"

#include "core/storage/MemorySecretStore.h"

#include <QPointer>
#include <QTest>

#include <memory>

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
        SecretRequest *w = store.write(QStringLiteral("k"), QStringLiteral("v"));
        SecretRequest *r = store.read(QStringLiteral("k"));
        SecretRequest *d = store.remove(QStringLiteral("k"));
        SecretRequest *p = store.probe();
        QSignalSpy writes(w, &SecretRequest::finished);
        QSignalSpy reads(r, &SecretRequest::finished);
        QSignalSpy removes(d, &SecretRequest::finished);
        QSignalSpy probes(p, &SecretRequest::finished);
        QList<SecretRequest::Operation> order;
        for (SecretRequest *request : {w, r, d, p}) {
            QVERIFY(!request->isFinished());
            connect(request, &SecretRequest::finished, this,
                    [&order](SecretRequest *finished) { order << finished->operation(); });
        }
        QCOMPARE(writes.size(), 0);
        QCOMPARE(reads.size(), 0);
        QCOMPARE(removes.size(), 0);
        QCOMPARE(probes.size(), 0);
        QString readBack;
        connect(r, &SecretRequest::finished, this,
                [&readBack](SecretRequest *finished) { readBack = finished->secret().toString(); });
        QTRY_COMPARE(order.size(), 4);
        // Requests are answered in the order they were made.
        QCOMPARE(order,
                 (QList<SecretRequest::Operation>{SecretRequest::Operation::Write, SecretRequest::Operation::Read,
                                                  SecretRequest::Operation::Remove, SecretRequest::Operation::Probe}));
        QCOMPARE(readBack, QStringLiteral("v"));
        QCOMPARE(writes.size(), 1);
        QCOMPARE(probes.size(), 1);
    }

    void eachCallHasItsOwnRequest()
    {
        MemorySecretStore store;
        SecretRequest *ra = store.read(QStringLiteral("k"));
        SecretRequest *rb = store.write(QStringLiteral("k"), QStringLiteral("v"));
        SecretRequest *rc = store.remove(QStringLiteral("k"));
        QVERIFY(ra != rb && rb != rc && ra != rc);
        QCOMPARE(ra->operation(), SecretRequest::Operation::Read);
        QCOMPARE(rb->key(), QStringLiteral("k"));
        const QPointer<SecretRequest> a = ra;
        const QPointer<SecretRequest> b = rb;
        const QPointer<SecretRequest> c = rc;
        // Each request deletes itself once it has answered.
        QTRY_VERIFY(!a && !b && !c);
    }

    // Two requesters on one store: only the one that asked gets the secret.
    void aSecondListenerDoesNotReceiveASecretItDidNotAskFor()
    {
        MemorySecretStore store;
        QVERIFY(writeSecret(store, QStringLiteral("ws/a/client-secret"), QStringLiteral("secret-a")).arrived);
        QVERIFY(writeSecret(store, QStringLiteral("ws/b/private-key"), QStringLiteral("pem-b")).arrived);
        QObject requesterA;
        QObject requesterB;
        QStringList gotA;
        QStringList gotB;
        SecretRequest *readA = store.read(QStringLiteral("ws/a/client-secret"));
        connect(readA, &SecretRequest::finished, &requesterA,
                [&gotA](SecretRequest *r) { gotA << r->secret().toString(); });
        // B listens to everything the store says and asks for nothing yet.
        QStringList storeWide;
        connect(&store, &SecretStore::changed, &requesterB, [&storeWide](const QString &key) { storeWide << key; });
        QTRY_COMPARE(gotA.size(), 1);
        QCOMPARE(gotA.first(), QStringLiteral("secret-a"));
        QVERIFY(gotB.isEmpty());
        SecretRequest *readB = store.read(QStringLiteral("ws/b/private-key"));
        connect(readB, &SecretRequest::finished, &requesterB,
                [&gotB](SecretRequest *r) { gotB << r->secret().toString(); });
        QTRY_COMPARE(gotB.size(), 1);
        QCOMPARE(gotB.first(), QStringLiteral("pem-b"));
        QCOMPARE(gotA.size(), 1);     // A was not told B's key
        QVERIFY(storeWide.isEmpty()); // reads change nothing; the store-wide signal never carries a secret
        QVERIFY(writeSecret(store, QStringLiteral("ws/a/client-secret"), QStringLiteral("secret-a2")).arrived);
        QCOMPARE(storeWide, QStringList{QStringLiteral("ws/a/client-secret")});
    }

    void aRequesterDestroyedBeforeTheAnswerIsNotCalled()
    {
        MemorySecretStore store;
        QVERIFY(writeSecret(store, QStringLiteral("k"), QStringLiteral("v")).arrived);
        int calls = 0;
        auto requester = std::make_unique<QObject>();
        SecretRequest *request = store.read(QStringLiteral("k"));
        connect(request, &SecretRequest::finished, requester.get(), [&calls](SecretRequest *) { ++calls; });
        const QPointer<SecretRequest> watched = request;
        requester.reset(); // gone before the event loop ran
        QTRY_VERIFY(!watched);
        QCOMPARE(calls, 0);
        // A cancelled request does not answer either.
        SecretRequest *cancelled = store.read(QStringLiteral("k"));
        QSignalSpy spy(cancelled, &SecretRequest::finished);
        const QPointer<SecretRequest> cancelledWatch = cancelled;
        cancelled->cancel();
        QTRY_VERIFY(!cancelledWatch);
        QCOMPARE(spy.size(), 0);
    }

    void aStoreDestroyedBeforeTheAnswerAnswersNobody()
    {
        auto store = std::make_unique<MemorySecretStore>();
        int calls = 0;
        QObject requester;
        SecretRequest *request = store->read(QStringLiteral("k"));
        connect(request, &SecretRequest::finished, &requester, [&calls](SecretRequest *) { ++calls; });
        const QPointer<SecretRequest> watched = request;
        store.reset();
        QVERIFY(!watched); // the request went with its store
        QTest::qWait(20);
        QCOMPARE(calls, 0);
    }

    void theRequesterCanTakeTheOnlyCopy()
    {
        MemorySecretStore store;
        QVERIFY(writeSecret(store, QStringLiteral("k"), QStringLiteral("value")).arrived);
        SecretBuffer taken;
        SecretRequest *request = store.read(QStringLiteral("k"));
        connect(request, &SecretRequest::finished, this, [&taken](SecretRequest *r) { taken = r->takeSecret(); });
        QTRY_VERIFY(!taken.isEmpty());
        QVERIFY(taken == QStringLiteral("value"));
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
