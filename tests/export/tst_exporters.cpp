#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/storage/WorkspaceFile.h"

#include <QTest>

using namespace cmic;

namespace {

Workspace sample(Deployment deployment)
{
    Workspace w;
    w.id = QStringLiteral("ws");
    Environment e;
    e.id = QStringLiteral("env");
    e.name = QStringLiteral("cmicprod");
    e.deployment = deployment;
    e.cloudTenant = deployment == Deployment::Cloud ? QStringLiteral("ACME") : QString();
    e.apiBaseUrl = QStringLiteral("https://erp.example.com/cmicprod");
    e.ipCheck = false;
    e.removeDomainFromUser = true;
    e.userClaim = QStringLiteral("svcuser");
    w.environments << e;
    ServiceUser u;
    u.id = QStringLiteral("su");
    u.username = QStringLiteral("SVC_INTEGRATION");
    w.serviceUsers << u;
    AppRegistration r;
    r.id = QStringLiteral("reg");
    r.name = QStringLiteral("Payroll 'sync'");
    r.environmentId = e.id;
    r.appId = QStringLiteral("app-123");
    r.issuer = QStringLiteral("https://sts.windows.net/t/");
    r.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    r.tokenEndpoint = QStringLiteral("https://login.microsoftonline.com/t/oauth2/v2.0/token");
    r.scope = QStringLiteral("api://cmic/.default");
    r.serviceUserId = u.id;
    w.registrations << r;
    // A second registration must not leak into a one-registration export.
    AppRegistration other = r;
    other.id = QStringLiteral("other");
    other.appId = QStringLiteral("other-app");
    w.registrations << other;
    return w;
}

QByteArray render(const char *id, const Workspace &w)
{
    const Exporter *e = ExporterRegistry::instance().find(QString::fromLatin1(id));
    return e ? e->render(w, w.registrations.constFirst()).content : QByteArray();
}

} // namespace

class TestExporters : public QObject
{
    Q_OBJECT

private slots:
    void registryListsEveryFormatWithUniqueIds()
    {
        QStringList ids;
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            QVERIFY(!e->displayName().isEmpty());
            QVERIFY(!e->fileSuffix().isEmpty());
            ids << e->id();
        }
        const qsizetype count = ids.size();
        QVERIFY(count >= 8);
        ids.removeDuplicates();
        QCOMPARE(ids.size(), count);
        QVERIFY(ExporterRegistry::instance().find(QStringLiteral("nope")) == nullptr);
    }

    void registrationSheetHasTheFourApiSecurityValues()
    {
        const QByteArray text = render("cmic-registration", sample(Deployment::Enterprise));
        QVERIFY(text.contains("App ID:            app-123"));
        QVERIFY(text.contains("Issuer:            https://sts.windows.net/t/"));
        QVERIFY(text.contains("JWKS URI:          https://login.microsoftonline.com/common/discovery/keys"));
        QVERIFY(text.contains("Service username:  SVC_INTEGRATION"));
        QVERIFY(text.contains("\"svcuser\""));
    }

    void registrationSheetGivesCloudClaimValue()
    {
        const QByteArray text = render("cmic-registration", sample(Deployment::Cloud));
        QVERIFY2(text.contains("ACME||SVC_INTEGRATION"), text.constData());
    }

    void propertiesReflectEnvironmentSwitches()
    {
        const QByteArray text = render("cmicapp-properties", sample(Deployment::Enterprise));
        QVERIFY(text.contains("cmic.oauth2.ipcheck.enabled=false\n"));
        QVERIFY(text.contains("cmic.oauth2.remove.domainFromUser=true\n"));
        QVERIFY(text.contains("cmic.oauth2.user.claim.name=svcuser\n"));
    }

    // Bare values where docker --env-file and the shell agree; the secret is never cleared (issue 11).
    void envFileWritesBareValuesAndNeverClearsTheSecret()
    {
        const QByteArray text = render("env", sample(Deployment::Enterprise));
        QVERIFY(text.contains("CMIC_CLIENT_ID=app-123\n"));
        QVERIFY(!text.contains("CMIC_CLIENT_SECRET="));
        QVERIFY(text.contains("CMIC_CLIENT_AUTH=client_secret_basic\n"));
        QVERIFY(text.contains("CMIC_API_BASE_URL=https://erp.example.com/cmicprod\n"));
    }

    void lineBreaksInNamesCannotInjectSettings()
    {
        Workspace w = sample(Deployment::Enterprise);
        w.registrations[0].name = QStringLiteral("x\nCMIC_TOKEN_ENDPOINT=https://evil.example/");
        w.environments[0].name = QStringLiteral("p\r\ncmic.oauth2.ipcheck.enabled=true");
        const QByteArray env = render("env", w);
        QVERIFY(!env.contains("\nCMIC_TOKEN_ENDPOINT=https://evil"));
        const QByteArray props = render("cmicapp-properties", w);
        QVERIFY(!props.contains("\ncmic.oauth2.ipcheck.enabled=true"));
        QVERIFY(props.contains("\ncmic.oauth2.ipcheck.enabled=false\n"));
    }

    // CMiC reads "cmicuser" when no claim name is configured (ServiceUserResolver does the same); an export must not
    // tell the server or the IdP admin to use an empty claim name.
    void emptyClaimNameExportsTheDefault()
    {
        Workspace w = sample(Deployment::Enterprise);
        w.environments[0].userClaim = QStringLiteral("  ");
        QVERIFY2(render("cmicapp-properties", w).contains("cmic.oauth2.user.claim.name=cmicuser\n"),
                 render("cmicapp-properties", w).constData());
        QVERIFY2(render("cmic-registration", w).contains("\"cmicuser\""), render("cmic-registration", w).constData());
    }

    void lineBreakInClaimNameCannotInjectSettings()
    {
        Workspace w = sample(Deployment::Enterprise);
        w.environments[0].userClaim = QStringLiteral("svcuser\ncmic.oauth2.ipcheck.enabled=true");
        const QByteArray props = render("cmicapp-properties", w);
        QVERIFY2(!props.contains("\ncmic.oauth2.ipcheck.enabled=true"), props.constData());
        QVERIFY(props.contains("\ncmic.oauth2.ipcheck.enabled=false\n"));
    }

    // Without an environment the sheet cannot know where CMiC reads the user from; it must not claim the token
    // needs no user claim.
    void sheetWithoutEnvironmentSaysToChooseOne()
    {
        Workspace w = sample(Deployment::Enterprise);
        w.registrations[0].environmentId.clear();
        const QByteArray text = render("cmic-registration", w);
        QVERIFY2(!text.contains("needs no user claim"), text.constData());
        QVERIFY2(text.contains("environment"), text.constData());
    }

    void sheetAfterPatch22NeedsNoClaimOnlyWithAServiceUser()
    {
        Workspace w = sample(Deployment::Enterprise);
        w.environments[0].userSource = UserSource::Registration;
        const QByteArray withUser = render("cmic-registration", w);
        QVERIFY2(withUser.contains("needs no user claim"), withUser.constData());
        QVERIFY2(!withUser.contains("add the claim"), withUser.constData());
        w.registrations[0].serviceUserId.clear();
        const QByteArray without = render("cmic-registration", w);
        QVERIFY2(!without.contains("needs no user claim"), without.constData());
        QVERIFY2(without.contains("add the claim \"svcuser\""), without.constData());
    }

    void serverWorkspaceHoldsOnlyThatRegistration()
    {
        const Workspace w = sample(Deployment::Enterprise);
        Workspace back;
        const WorkspaceFile::Result r = WorkspaceFile::parse(render("server-workspace", w), &back);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(back.registrations.size(), 1);
        QCOMPARE(back.registrations.constFirst(), w.registrations.constFirst());
        QCOMPARE(back.environments, w.environments);
        QCOMPARE(back.serviceUsers, w.serviceUsers);
    }
};

QTEST_GUILESS_MAIN(TestExporters)
#include "tst_exporters.moc"
