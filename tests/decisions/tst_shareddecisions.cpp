// Decisions both faces (console and cmic-oauth) rely on, each made once in core: which credential a registration
// needs and its keychain key, the claims that carry the App ID, and a file name stem made from a user's name.

#include "core/jose/ClaimsValidator.h"
#include "core/model/AppRegistration.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "core/util/FileNames.h"

#include <QTest>

using namespace cmic;

class TestSharedDecisions : public QObject
{
    Q_OBJECT

private slots:
    void credentialKindFollowsTheAuthMethod_data()
    {
        QTest::addColumn<ClientAuthMethod>("method");
        QTest::addColumn<CredentialKind>("kind");
        QTest::newRow("basic") << ClientAuthMethod::ClientSecretBasic << CredentialKind::ClientSecret;
        QTest::newRow("post") << ClientAuthMethod::ClientSecretPost << CredentialKind::ClientSecret;
        QTest::newRow("private_key_jwt") << ClientAuthMethod::PrivateKeyJwt << CredentialKind::PrivateKey;
    }
    void credentialKindFollowsTheAuthMethod()
    {
        QFETCH(ClientAuthMethod, method);
        QFETCH(CredentialKind, kind);
        AppRegistration registration;
        registration.authMethod = method;
        QCOMPARE(credentialKindFor(registration), kind);
    }

    void keychainKeyNamesAreStable()
    {
        // Entries already in admins' keychains carry these names: changing one would orphan them.
        QCOMPARE(keyName(CredentialKind::ClientSecret), QStringLiteral("client-secret"));
        QCOMPARE(keyName(CredentialKind::PrivateKey), QStringLiteral("private-key"));
        QCOMPARE(credentialKey(QStringLiteral("ws"), QStringLiteral("reg"), CredentialKind::PrivateKey),
                 QStringLiteral("ws/reg/private-key"));
        QCOMPARE(credentialKey(QStringLiteral("ws"), QStringLiteral("reg"), CredentialKind::ClientSecret),
                 SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg")));
        // The form field a finding or "enter the secret" points at.
        QCOMPARE(formField(CredentialKind::ClientSecret), QStringLiteral("clientSecret"));
        QCOMPARE(formField(CredentialKind::PrivateKey), QStringLiteral("privateKey"));
        QVERIFY(displayName(CredentialKind::PrivateKey) != displayName(CredentialKind::ClientSecret));
    }

    void appIdClaimsInTheOrderTried()
    {
        QCOMPARE(jose::appIdClaimNames(), (QStringList{QStringLiteral("appid"), QStringLiteral("azp"),
                                                       QStringLiteral("cid"), QStringLiteral("client_id")}));
    }

    void safeFileStem_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stem");
        QTest::newRow("plain") << QStringLiteral("Payroll-Sync_2.0") << QStringLiteral("Payroll-Sync_2.0");
        QTest::newRow("spaces") << QStringLiteral("  Payroll  sync ") << QStringLiteral("Payroll-sync");
        QTest::newRow("path separators") << QStringLiteral("../../etc/passwd") << QStringLiteral("etc-passwd");
        QTest::newRow("windows separators") << QStringLiteral("C:\\Users\\x") << QStringLiteral("C-Users-x");
        QTest::newRow("accents") << QStringLiteral("Intégration Québec") << QStringLiteral("Int-gration-Qu-bec");
        QTest::newRow("control characters") << QStringLiteral("a\nb\x1b[31mc") << QStringLiteral("a-b-31mc");
        QTest::newRow("leading dot and dash") << QStringLiteral(".-hidden") << QStringLiteral("hidden");
        QTest::newRow("dots only") << QStringLiteral("..") << QStringLiteral("registration");
        QTest::newRow("empty") << QString() << QStringLiteral("registration");
        QTest::newRow("nothing kept") << QStringLiteral("«»/\\") << QStringLiteral("registration");
        QTest::newRow("long") << QString(500, u'x') << QString(80, u'x');
    }
    void safeFileStem()
    {
        QFETCH(QString, name);
        QFETCH(QString, stem);
        QCOMPARE(cmic::safeFileStem(name, QStringLiteral("registration")), stem);
    }
};

QTEST_GUILESS_MAIN(TestSharedDecisions)
#include "tst_shareddecisions.moc"
