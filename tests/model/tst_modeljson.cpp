#include "core/model/Workspace.h"

#include <QJsonDocument>
#include <QTest>

using namespace cmic;

class TestModelJson : public QObject
{
    Q_OBJECT

private slots:
    void registrationRoundTripKeepsEveryField()
    {
        AppRegistration a;
        a.id = Workspace::newId();
        a.name = QStringLiteral("Payroll sync");
        a.environmentId = QStringLiteral("env-1");
        a.idpPreset = QStringLiteral("entra-v1");
        a.presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("contoso.onmicrosoft.com"));
        a.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
        a.issuer = QStringLiteral("https://sts.windows.net/tenant/");
        a.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
        a.tokenEndpoint = QStringLiteral("https://login.microsoftonline.com/tenant/oauth2/v2.0/token");
        a.scope = QStringLiteral("api://cmic/.default");
        a.audience = QStringLiteral("api://cmic");
        a.resource = QStringLiteral("https://cmic.example");
        a.authMethod = ClientAuthMethod::PrivateKeyJwt;
        a.serviceUserId = QStringLiteral("su-1");
        a.secretExpiry = QDate(2027, 3, 31);
        a.notes = QStringLiteral("ünïcode notes");
        QString error;
        const AppRegistration back = AppRegistration::fromJson(a.toJson(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(back, a);
    }

    void unknownMembersSurviveRoundTrip()
    {
        const QJsonObject in{{QStringLiteral("id"), QStringLiteral("e1")},
                             {QStringLiteral("name"), QStringLiteral("cmicprod")},
                             {QStringLiteral("futureFlag"), QJsonObject{{QStringLiteral("x"), 1}}}};
        QString error;
        const Environment e = Environment::fromJson(in, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(e.unknownMembers.value(QStringLiteral("futureFlag")).toObject().value(QStringLiteral("x")).toInt(), 1);
        QCOMPARE(e.toJson().value(QStringLiteral("futureFlag")), in.value(QStringLiteral("futureFlag")));
    }

    void wrongTypesAreAllReported()
    {
        const QJsonObject in{{QStringLiteral("name"), 5},
                             {QStringLiteral("deployment"), QStringLiteral("mainframe")},
                             {QStringLiteral("ipCheck"), QStringLiteral("yes")}};
        QString error;
        Environment::fromJson(in, &error);
        QVERIFY(error.contains(QLatin1String("\"name\"")));
        QVERIFY(error.contains(QLatin1String("\"deployment\"")));
        QVERIFY(error.contains(QLatin1String("\"ipCheck\"")));
    }

    void badExpiryDateIsReported()
    {
        QString error;
        AppRegistration::fromJson({{QStringLiteral("secretExpiry"), QStringLiteral("31/03/2027")}}, &error);
        QVERIFY(error.contains(QLatin1String("secretExpiry")));
    }

    void enumWordsAreStable()
    {
        QCOMPARE(toString(ClientAuthMethod::ClientSecretBasic), QStringLiteral("client_secret_basic"));
        QVERIFY(clientAuthMethodFromString(QStringLiteral("private_key_jwt")) == ClientAuthMethod::PrivateKeyJwt);
        QVERIFY(!clientAuthMethodFromString(QStringLiteral("CLIENT_SECRET_BASIC")).has_value());
        QVERIFY(deploymentFromString(QStringLiteral("cloud")) == Deployment::Cloud);
    }

    void lookupsByIdFindTheRightObject()
    {
        Workspace w;
        ServiceUser u;
        u.id = QStringLiteral("a");
        w.serviceUsers << u;
        u.id = QStringLiteral("b");
        u.username = QStringLiteral("SVC_B");
        w.serviceUsers << u;
        QCOMPARE(w.serviceUserIndex(QStringLiteral("b")), 1);
        QCOMPARE(w.serviceUser(QStringLiteral("b"))->username, QStringLiteral("SVC_B"));
        QVERIFY(w.serviceUser(QStringLiteral("zz")) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestModelJson)
#include "tst_modeljson.moc"
