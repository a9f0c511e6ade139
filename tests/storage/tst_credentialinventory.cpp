// CredentialInventory: which registrations have their credential stored. It recognises a workspace whose
// registrations did not change (the same shallow copy) and looks nothing up again for it, but any change of the
// registrations -- also one made in place on a list it saw before -- is looked up.
#include "core/model/Workspace.h"
#include "core/storage/CredentialInventory.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace cmic;

namespace {

// Answers reads from a set of keys (nothing is ever written) and remembers which keys were read.
class CountingStore final : public SecretStore
{
public:
    QSet<QString> present;
    QStringList reads;
    QString backendName() const override { return QStringLiteral("counting"); }
    bool isPersistent() const override { return false; }

protected:
    void startRead(SecretRequest *request) override
    {
        reads << request->key();
        answer(request, present.contains(request->key()) ? Status::Ok : Status::NotFound, QString());
    }
    void startWrite(SecretRequest *request, SecretBuffer) override { answer(request, Status::OtherError, {}); }
    void startRemove(SecretRequest *request) override { answer(request, Status::OtherError, {}); }
};

Workspace workspaceOf(int registrations)
{
    Workspace w;
    w.id = QStringLiteral("ws");
    for (int i = 0; i < registrations; ++i) {
        AppRegistration r;
        r.id = QStringLiteral("reg-%1").arg(i);
        w.registrations << r;
    }
    return w;
}

QString keyOf(const Workspace &w, int row)
{
    const AppRegistration &r = w.registrations.at(row);
    return credentialKey(w.id, r.id, credentialKindFor(r));
}

} // namespace

class TestCredentialInventory : public QObject
{
    Q_OBJECT
private slots:
    void looksUpEveryKeyOnceAndNothingAgainForTheSameWorkspace()
    {
        CountingStore store;
        CredentialInventory inventory(&store);
        const Workspace w = workspaceOf(3);
        store.present.insert(keyOf(w, 1));
        inventory.refresh(w);
        QTRY_VERIFY(inventory.isIdle());
        QCOMPARE(store.reads, QStringList({keyOf(w, 0), keyOf(w, 1), keyOf(w, 2)}));
        QCOMPARE(inventory.isStored(keyOf(w, 0)), std::optional<bool>(false));
        QCOMPARE(inventory.isStored(keyOf(w, 1)), std::optional<bool>(true));
        QCOMPARE(inventory.isStored(keyOf(w, 2)), std::optional<bool>(false));

        inventory.refresh(w);
        const Workspace copy = w; // shares the registrations
        inventory.refresh(copy);
        QTRY_VERIFY(inventory.isIdle());
        QCOMPARE(store.reads.size(), 3);
        QCOMPARE(inventory.known().size(), 3);
    }

    void aChangeMadeInPlaceIsLookedUp()
    {
        CountingStore store;
        CredentialInventory inventory(&store);
        Workspace w = workspaceOf(2);
        inventory.refresh(w);
        QTRY_VERIFY(inventory.isIdle());
        const QString before = keyOf(w, 1);

        // The same Workspace object, edited: a new id, and another credential kind for the first registration.
        w.registrations[1].id = QStringLiteral("reg-new");
        w.registrations[0].authMethod = ClientAuthMethod::PrivateKeyJwt;
        inventory.refresh(w);
        QTRY_VERIFY(inventory.isIdle());
        QCOMPARE(store.reads.mid(2), QStringList({keyOf(w, 0), keyOf(w, 1)}));
        QVERIFY(keyOf(w, 0).endsWith(QLatin1String("/private-key")));
        QCOMPARE(inventory.isStored(keyOf(w, 1)), std::optional<bool>(false));
        QCOMPARE(inventory.isStored(before), std::nullopt); // forgotten: no registration has it now
        QCOMPARE(inventory.known().size(), 2);
    }

    // Two registrations with one id (a hand-edited file) want one key: it is looked up once.
    void aKeyWantedTwiceIsLookedUpOnce()
    {
        CountingStore store;
        CredentialInventory inventory(&store);
        Workspace w = workspaceOf(3);
        w.registrations[2].id = w.registrations[0].id;
        inventory.refresh(w);
        QTRY_VERIFY(inventory.isIdle());
        QCOMPARE(store.reads, QStringList({keyOf(w, 0), keyOf(w, 1)}));
    }

    void anotherWorkspaceIdIsLookedUp()
    {
        CountingStore store;
        CredentialInventory inventory(&store);
        Workspace w = workspaceOf(1);
        inventory.refresh(w);
        QTRY_VERIFY(inventory.isIdle());
        Workspace other = w; // the same registrations, another workspace: other keys
        other.id = QStringLiteral("ws-2");
        inventory.refresh(other);
        QTRY_VERIFY(inventory.isIdle());
        QCOMPARE(store.reads, QStringList({keyOf(w, 0), keyOf(other, 0)}));
        QCOMPARE(inventory.known().keys(), QStringList({keyOf(other, 0)}));
    }
};

QTEST_GUILESS_MAIN(TestCredentialInventory)
#include "tst_credentialinventory.moc"
