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
        config.environment.deployment = Deployment::Enterprise;
        config.environment.ipCheck = true;
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
        m_cmic->config().environment.ipCheck = false;
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
    }

    void cloudClaimFormats()
    {
        QFETCH(QString, claim);
        QFETCH(int, status);
        m_cmic->config().environment.deployment = Deployment::Cloud;
        m_cmic->config().environment.cloudTenant = QStringLiteral("ACME");
        QCOMPARE(probe(token(claim)).status, status);
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
