// Every CMiC answer of the stand-in, obtained with a real token from the demo IdP and explained by CmicProbe.
#include "core/net/CmicProbe.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"

#include <QTcpServer>
#include <QTest>

using namespace cmic;
using namespace cmic::net;
using namespace cmic::sandbox;

namespace {

QStringList codes(const Findings &findings)
{
    QStringList list;
    for (const Finding &finding : findings)
        list << finding.code;
    return list;
}

} // namespace

class TestCmicStandIn : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    std::unique_ptr<HttpPolicy> m_policy;
    std::unique_ptr<DemoIdentityProvider> m_idp;
    std::unique_ptr<CmicStandIn> m_cmic;

    DemoClient &demoClient() { return const_cast<DemoClient &>(m_idp->clients().first()); }

    QString token(const QString &cmicUser = QStringLiteral("SVC_DEMO"), const QJsonObject &extra = {})
    {
        DemoClient client{QStringLiteral("demo-app"),
                          ClientAuthMethod::ClientSecretPost,
                          QStringLiteral("pw"),
                          {},
                          cmicUser,
                          {},
                          extra,
                          true};
        m_idp->addClient(client);
        TokenClient tokens(*m_policy, m_clock);
        TokenRequest request;
        request.tokenEndpoint = m_idp->tokenEndpoint();
        request.clientId = client.clientId;
        request.authMethod = client.authMethod;
        request.setCredential(SecretBuffer(client.secret));
        const TokenResponse response = tokens.requestBlocking(request);
        return response.accessToken;
    }

    ProbeResult probe(const QString &accessToken,
                      const QString &path = QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess"))
    {
        return CmicProbe(*m_policy).probeBlocking(CmicProbe::probeUrl(m_cmic->apiBaseUrl(), path), accessToken);
    }

private slots:
    void init()
    {
        m_policy = std::make_unique<HttpPolicy>();
        m_idp = std::make_unique<DemoIdentityProvider>(m_clock);
        QVERIFY(m_idp->start());
        m_cmic = std::make_unique<CmicStandIn>(m_clock, *m_policy);
        QVERIFY(m_cmic->start());
        StandInConfig &config = m_cmic->config();
        config.filter.deployment = Deployment::Enterprise;
        config.filter.ipCheck = true;
        config.registrations = {{QStringLiteral("demo-app"), m_idp->issuer(), m_idp->jwksUri(), {}}};
        config.users = {
            {QStringLiteral("SVC_DEMO"), QStringLiteral("svc.demo@acme.com"), true, {QStringLiteral("API_READ")}},
            {QStringLiteral("SVC_DISABLED"), {}, false, {QStringLiteral("API_READ")}},
            {QStringLiteral("SVC_NOROLE"), {}, true, {}}};
    }

    void cleanup()
    {
        m_cmic.reset();
        m_idp.reset();
        m_policy.reset();
    }

    void validTokenReturnsAdfCollection()
    {
        const ProbeResult result = probe(token());
        QVERIFY2(result.ok, qPrintable(codes(result.findings).join(QLatin1Char(','))));
        QCOMPARE(result.status, 200);
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("cmic.200")});
        QVERIFY(result.summary.isCollection);
        QCOMPARE(result.summary.itemCount, 1);
        QCOMPARE(result.summary.limit, 1);
        QVERIFY(result.summary.hasMore);
        QCOMPARE(result.summary.firstItemFields, (QStringList{QStringLiteral("Code"), QStringLiteral("Name")}));
        QCOMPARE(result.http.exchange.method, QStringLiteral("GET"));
    }

    void missingBearerIs401()
    {
        const ProbeResult result = probe(QString());
        QCOMPARE(result.status, 401);
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("cmic.401")});
        QCOMPARE(codes(result.hints), QStringList{QStringLiteral("cmic.401.no-bearer")});
        QVERIFY(result.wwwAuthenticate.startsWith(QLatin1String("Bearer")));
    }

    void tokenProblemsAre401WithTheirHint_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("hint");
        QTest::newRow("bad signature") << int(IdpFault::BadSignature) << QStringLiteral("cmic.401.signature");
        QTest::newRow("unknown kid") << int(IdpFault::UnknownKid) << QStringLiteral("cmic.401.signature");
        QTest::newRow("expired") << int(IdpFault::ExpiredToken) << QStringLiteral("cmic.401.expired");
        QTest::newRow("missing cmicuser") << int(IdpFault::MissingClaim) << QStringLiteral("cmic.401.claim");
    }

    void tokenProblemsAre401WithTheirHint()
    {
        QFETCH(int, fault);
        QFETCH(QString, hint);
        m_idp->setFault(IdpFault(fault));
        const ProbeResult result = probe(token());
        QCOMPARE(result.status, 401);
        QVERIFY2(codes(result.hints).contains(hint),
                 qPrintable(codes(result.hints).join(QLatin1Char(',')) + QLatin1Char(' ') + result.wwwAuthenticate));
    }

    void ipCheckComparesCallerAddress()
    {
        const ProbeResult result =
            probe(token(QStringLiteral("SVC_DEMO"), {{QStringLiteral("ipaddr"), QStringLiteral("10.1.2.3")}}));
        QCOMPARE(result.status, 401);
        QVERIFY(codes(result.hints).contains(QStringLiteral("cmic.401.ip-check")));
        QVERIFY(result.wwwAuthenticate.contains(QLatin1String("10.1.2.3")));
        m_cmic->config().filter.ipCheck = false;
        QCOMPARE(
            probe(token(QStringLiteral("SVC_DEMO"), {{QStringLiteral("ipaddr"), QStringLiteral("10.1.2.3")}})).status,
            200);
    }

    void unregisteredApplicationIs500WithErrorReference()
    {
        m_idp->setFault(IdpFault::WrongIssuer);
        const ProbeResult result = probe(token());
        QCOMPARE(result.status, 500);
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("cmic.500")});
        QVERIFY(!result.errorReference.isEmpty());
        QCOMPARE(result.errorReference, m_cmic->lastErrorReference());
        QVERIFY(result.findings.first().message.contains(result.errorReference));
        QVERIFY(codes(result.hints).contains(QStringLiteral("cmic.500.not-registered")));
        QVERIFY(codes(result.hints).contains(QStringLiteral("cmic.500.jwks")));
    }

    void unloadableJwksIs500()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        m_cmic->config().registrations.first().jwksUri = QUrl(QStringLiteral("http://127.0.0.1:%1/jwks").arg(port));
        const ProbeResult result = probe(token());
        QCOMPARE(result.status, 500);
        QVERIFY(!result.errorReference.isEmpty());
    }

    void unknownOrInvalidUserIs401_data()
    {
        QTest::addColumn<QString>("user");
        QTest::newRow("unknown") << QStringLiteral("SVC_NOBODY");
        QTest::newRow("not valid") << QStringLiteral("SVC_DISABLED");
    }

    void unknownOrInvalidUserIs401()
    {
        QFETCH(QString, user);
        const ProbeResult result = probe(token(user));
        QCOMPARE(result.status, 401);
        QCOMPARE(codes(result.hints), QStringList{QStringLiteral("cmic.401.user")});
    }

    void roleDenialIs403()
    {
        m_cmic->config().endpointRoles.insert(QStringLiteral("sdcompanyaccess"), {QStringLiteral("API_READ")});
        QCOMPARE(probe(token()).status, 200);
        const ProbeResult result = probe(token(QStringLiteral("SVC_NOROLE")));
        QCOMPARE(result.status, 403);
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("cmic.403")});
        QCOMPARE(codes(result.hints), QStringList{QStringLiteral("cmic.403.role")});
        // With no role at all, every endpoint is open.
        m_cmic->config().endpointRoles.clear();
        QCOMPARE(probe(token(QStringLiteral("SVC_NOROLE"))).status, 200);
    }

    void registrationUserAfterPatch22NeedsNoClaim()
    {
        m_idp->setFault(IdpFault::MissingClaim);
        QCOMPARE(probe(token()).status, 401);
        m_cmic->config().patchLevel = 23;
        m_cmic->config().registrations.first().serviceUsername = QStringLiteral("SVC_DEMO");
        QCOMPARE(probe(token()).status, 200);
    }

    void cloudClaimFormats_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<int>("status");
        QTest::newRow("tenant||user") << QStringLiteral("ACME||SVC_DEMO") << 200;
        QTest::newRow("email username") << QStringLiteral("svc.demo@acme.com") << 200;
        QTest::newRow("other tenant") << QStringLiteral("OTHER||SVC_DEMO") << 401;
        QTest::newRow("tenant in other case") << QStringLiteral("acme||svc_demo") << 200;
        QTest::newRow("bare username (no tenant)") << QStringLiteral("SVC_DEMO") << 401;
        QTest::newRow("unknown e-mail") << QStringLiteral("nobody@acme.com") << 401;
    }

    void cloudClaimFormats()
    {
        QFETCH(QString, claim);
        QFETCH(int, status);
        m_cmic->config().filter.deployment = Deployment::Cloud;
        m_cmic->config().filter.cloudTenant = QStringLiteral("ACME");
        QCOMPARE(probe(token(claim)).status, status);
    }

    // cmic.oauth2.remove.domainFromUser strips "@domain" on Enterprise; without it the whole value is the username.
    void removeDomainFromUser_data()
    {
        QTest::addColumn<bool>("removeDomain");
        QTest::addColumn<int>("status");
        QTest::newRow("on") << true << 200;
        QTest::newRow("off") << false << 401;
    }
    void removeDomainFromUser()
    {
        QFETCH(bool, removeDomain);
        QFETCH(int, status);
        m_cmic->config().filter.removeDomainFromUser = removeDomain;
        QCOMPARE(probe(token(QStringLiteral("SVC_DEMO@acme.com"))).status, status);
    }

    // The stand-in reads the claim CMiC is configured to read, whatever the console's environment says.
    void readsItsOwnClaimName()
    {
        m_cmic->config().filter.claimName = QStringLiteral("svcuser");
        QCOMPARE(probe(token()).status, 401); // the token carries cmicuser only
        QVERIFY(probe(token()).wwwAuthenticate.contains(QLatin1String("svcuser")));
    }

    // A token without ipaddr: refused by the documented check; a stand-in playing the Patch 20 guess lets it pass.
    void missingIpaddr_data()
    {
        QTest::addColumn<bool>("passes");
        QTest::newRow("documented check") << false;
        QTest::newRow("Patch 20 guess") << true;
    }
    void missingIpaddr()
    {
        QFETCH(bool, passes);
        m_cmic->config().filter.missingIpaddrPasses = passes;
        m_idp->addClient({QStringLiteral("no-ip"),
                          ClientAuthMethod::ClientSecretPost,
                          QStringLiteral("s"),
                          {},
                          QStringLiteral("SVC_DEMO"),
                          {},
                          {},
                          false});
        m_cmic->config().registrations.append({QStringLiteral("no-ip"), m_idp->issuer(), m_idp->jwksUri(), {}});
        TokenRequest request;
        request.tokenEndpoint = m_idp->tokenEndpoint();
        request.clientId = QStringLiteral("no-ip");
        request.authMethod = ClientAuthMethod::ClientSecretPost;
        request.setCredential(SecretBuffer(QStringLiteral("s")));
        const TokenResponse response = TokenClient(*m_policy, m_clock).requestBlocking(request);
        QVERIFY(!response.accessToken.isEmpty());
        QCOMPARE(probe(response.accessToken).status, passes ? 200 : 401);
    }

    void settingsChangeOnlyWhatTheySay_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<bool>("ok");
        QTest::newRow("patch") << QStringLiteral("patch=20") << true;
        QTest::newRow("patch not a number") << QStringLiteral("patch=twenty") << false;
        QTest::newRow("ip-check") << QStringLiteral("ip-check=off") << true;
        QTest::newRow("ip-check bad") << QStringLiteral("ip-check=maybe") << false;
        QTest::newRow("missing-ipaddr") << QStringLiteral("missing-ipaddr=pass") << true;
        QTest::newRow("claim") << QStringLiteral("claim=svcuser") << true;
        QTest::newRow("claim empty") << QStringLiteral("claim=") << false;
        QTest::newRow("deployment") << QStringLiteral("deployment=cloud") << true;
        QTest::newRow("issuer") << QStringLiteral("issuer=https://other.example/") << true;
        QTest::newRow("jwks-uri relative") << QStringLiteral("jwks-uri=/keys") << false;
        QTest::newRow("roles") << QStringLiteral("roles=open") << true;
        QTest::newRow("unknown key") << QStringLiteral("colour=blue") << false;
        QTest::newRow("no equals") << QStringLiteral("patch") << false;
    }
    void settingsChangeOnlyWhatTheySay()
    {
        QFETCH(QString, setting);
        QFETCH(bool, ok);
        StandInConfig config = m_cmic->config();
        const StandInConfig before = config;
        QString error;
        QCOMPARE(applyStandInSetting(config, setting, &error), ok);
        if (!ok) {
            QVERIFY(!error.isEmpty());
            QCOMPARE(config.patchLevel, before.patchLevel);
            QCOMPARE(config.filter.claimName, before.filter.claimName);
            QCOMPARE(config.filter.ipCheck, before.filter.ipCheck);
            return;
        }
        const QString key = setting.section(QLatin1Char('='), 0, 0);
        if (key == QLatin1String("patch"))
            QCOMPARE(config.patchLevel, 20);
        else if (key == QLatin1String("ip-check"))
            QVERIFY(!config.filter.ipCheck);
        else if (key == QLatin1String("missing-ipaddr"))
            QVERIFY(config.filter.missingIpaddrPasses);
        else if (key == QLatin1String("claim"))
            QCOMPARE(config.filter.claimName, QStringLiteral("svcuser"));
        else if (key == QLatin1String("deployment"))
            QVERIFY(config.filter.deployment == Deployment::Cloud);
        else if (key == QLatin1String("issuer"))
            QCOMPARE(config.registrations.first().issuer, QStringLiteral("https://other.example/"));
        else if (key == QLatin1String("roles"))
            QVERIFY(config.endpointRoles.isEmpty());
        // Everything else is as it was.
        if (key != QLatin1String("patch"))
            QCOMPARE(config.patchLevel, before.patchLevel);
        if (key != QLatin1String("claim"))
            QCOMPARE(config.filter.claimName, before.filter.claimName);
    }

    void limitAbove1000Is400()
    {
        const ProbeResult result = probe(token(), QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess?limit=1001"));
        QCOMPARE(result.status, 400);
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("cmic.400")});
    }

    void followsIdpKeyRotation()
    {
        QCOMPARE(probe(token()).status, 200);
        m_idp->rotateKeys(true);
        QCOMPARE(probe(token()).status, 200);
        QCOMPARE(m_idp->jwksRequests(), 2);
    }

    void nonGetIsRefused()
    {
        HttpRequestSpec spec;
        spec.method = "DELETE";
        spec.url = CmicProbe::probeUrl(m_cmic->apiBaseUrl(), QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess"));
        QCOMPARE(HttpClient(*m_policy).run(spec).status, 405);
    }
};

QTEST_GUILESS_MAIN(TestCmicStandIn)
#include "tst_cmicstandin.moc"
