// "Validate setup" against node oidc-provider with private_key_jwt clients that require one assertion signing
// algorithm each (token_endpoint_auth_signing_alg PS256 / RS256 / ES256) and one that behaves as Microsoft Entra's
// certificate credentials (the header's x5t#S256 must name its certificate, else AADSTS700027): one table row per
// setup, asserting the verdict, the failing step and layer, the finding and that its fix names the value to change.
#include "TestCertificates.h"
#include "core/net/Certificate.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwtSigner.h"
#include "core/net/OidcDiscovery.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::net;
using namespace cmic::validation;

namespace {

using Outcome = ReportVerdict::Outcome;

const Finding *findingIn(const ValidationReport &report, const QString &code)
{
    for (int i = 0; i < kStepCount; ++i) {
        for (const Finding &f : report.step(StepId(i)).findings) {
            if (f.code == code)
                return &f;
        }
    }
    return nullptr;
}

QJsonObject client(const QString &id, const QString &algorithm, const QJsonObject &jwk)
{
    return {{QStringLiteral("client_id"), id},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("private_key_jwt")},
            {QStringLiteral("token_endpoint_auth_signing_alg"), algorithm},
            {QStringLiteral("jwks"), QJsonObject{{QStringLiteral("keys"), QJsonArray{jwk}}}}};
}

} // namespace

class TestInteropAssertions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_node;
    QString m_issuer;
    DiscoveryResult m_discovery;
    JwtSigner m_rsa = JwtSigner::generateRsa(2048);
    JwtSigner m_ec = JwtSigner::generateEc();
    QByteArray m_certificate; // m_rsa's, registered for the Entra-like client

    ValidationReport run(const QString &clientId, const QString &algorithm, const QString &kid,
                         AssertionThumbprint thumbprint) const
    {
        Workspace workspace;
        workspace.id = QStringLiteral("interop-workspace");
        Environment environment;
        environment.id = QStringLiteral("interop-environment");
        environment.name = QStringLiteral("Interop CMiC");
        environment.deployment = Deployment::Enterprise;
        environment.userSource = UserSource::TokenClaim;
        environment.ipCheck = false;
        workspace.environments.append(environment);
        ServiceUser user;
        user.id = QStringLiteral("interop-user");
        user.username = QStringLiteral("SVC_INTEROP");
        user.dedicatedConfirmed = true;
        workspace.serviceUsers.append(user);
        AppRegistration reg;
        reg.id = QStringLiteral("interop-registration");
        reg.name = clientId;
        reg.environmentId = environment.id;
        reg.serviceUserId = user.id;
        reg.idpPreset = QStringLiteral("generic");
        reg.appId = clientId;
        reg.issuer = m_issuer;
        reg.discoveryUrl = OidcDiscovery::discoveryUrlFor(m_issuer).toString();
        reg.tokenEndpoint = m_discovery.metadata.tokenEndpoint.toString();
        reg.jwksUri = m_discovery.metadata.jwksUri.toString();
        reg.audience = QStringLiteral("urn:cmic:api");
        reg.scope = QStringLiteral("cmic.read");
        reg.authMethod = ClientAuthMethod::PrivateKeyJwt;
        reg.assertionAlgorithm = algorithm;
        reg.assertionKeyId = kid;
        reg.assertionThumbprint = thumbprint;
        if (thumbprint != AssertionThumbprint::None)
            reg.assertionCertificate = QString::fromLatin1(m_certificate);
        workspace.registrations.append(reg);

        ValidationInput in;
        in.workspace = workspace;
        in.registrationId = reg.id;
        const bool ec = clientId == QLatin1String("alg-es256");
        in.credential = SecretBuffer(ec ? m_ec.privateKeyPem() : m_rsa.privateKeyPem());
        in.probeCmic = false;
        HttpPolicy policy;
        SetupValidator validator(policy, Clock::system());
        return validator.runBlocking(in);
    }

private slots:
    void initTestCase()
    {
        const QString source = qEnvironmentVariable("CMIC_SOURCE_DIR");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString interop = QDir(source).filePath(QStringLiteral("tests/interop"));
        if (node.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(
                QStringLiteral("Node.js is not installed (needed to run oidc-provider); install Node.js 20 or newer."));
        if (!QFile::exists(interop + QStringLiteral("/node_modules/oidc-provider/package.json")))
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("oidc-provider is not installed; run 'npm ci' in tests/interop."));

        m_certificate = cmic::test::selfSignedCertificate(m_rsa.pkey(), -3600, 365L * 86400, "interop-entra");
        const Certificate certificate = Certificate::fromPem(m_certificate);
        QVERIFY(certificate.isValid());
        const QJsonArray clients{
            client(QStringLiteral("alg-ps256"), QStringLiteral("PS256"),
                   m_rsa.publicJwk(QStringLiteral("rsa-1"), QStringLiteral("PS256"))),
            client(QStringLiteral("alg-rs256"), QStringLiteral("RS256"),
                   m_rsa.publicJwk(QStringLiteral("rsa-1"), QStringLiteral("RS256"))),
            client(QStringLiteral("alg-es256"), QStringLiteral("ES256"),
                   m_ec.publicJwk(QStringLiteral("ec-1"), QStringLiteral("ES256"))),
            client(QStringLiteral("entra-cert"), QStringLiteral("PS256"),
                   m_rsa.publicJwk(certificate.x5t(), QStringLiteral("PS256"))),
        };
        const QJsonObject config{
            {QStringLiteral("clients"), clients},
            {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEROP")},
            {QStringLiteral("clientAuthSigningAlgValues"),
             QJsonArray{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")}},
            {QStringLiteral("certificateThumbprints"),
             QJsonObject{{QStringLiteral("entra-cert"), certificate.x5tS256()}}},
        };
        const QString configPath = m_dir.filePath(QStringLiteral("idp.json"));
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(config).toJson());
        file.close();

        m_node.setProgram(node);
        m_node.setArguments({interop + QStringLiteral("/idp-oidc-provider.mjs"), configPath});
        m_node.setProcessChannelMode(QProcess::SeparateChannels);
        m_node.start();
        QVERIFY2(m_node.waitForStarted(10000), qPrintable(m_node.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(m_node.canReadLine() || m_node.state() != QProcess::Running, 20000);
        m_issuer = QJsonDocument::fromJson(m_node.readLine()).object().value(QLatin1String("issuer")).toString();
        QVERIFY2(!m_issuer.isEmpty(), m_node.readAllStandardError().constData());

        HttpPolicy policy;
        m_discovery = OidcDiscovery(policy).fetchBlocking(OidcDiscovery::discoveryUrlFor(m_issuer), m_issuer);
        QVERIFY(m_discovery.ok);
        QCOMPARE(m_discovery.metadata.assertionSigningAlgorithms,
                 (QStringList{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")}));
    }

    void cleanupTestCase()
    {
        if (m_node.state() == QProcess::Running) {
            m_node.closeWriteChannel(); // the script exits when its stdin closes
            if (!m_node.waitForFinished(5000))
                m_node.kill();
        }
    }

    void assertions_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("algorithm"); // the registration's; empty: as discovery lists
        QTest::addColumn<QString>("kid");
        QTest::addColumn<int>("thumbprint");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("code");         // the Token step's finding, for Failed
        QTest::addColumn<QStringList>("fixNames"); // what the fix must name

        const int none = int(AssertionThumbprint::None);
        const int ready = int(Outcome::ReadyUpToCmicCall);
        const int failed = int(Outcome::Failed);
        const QString invalidClient = QStringLiteral("token.invalid_client");
        QTest::newRow("PS256 client, PS256, kid")
            << QStringLiteral("alg-ps256") << QStringLiteral("PS256") << QStringLiteral("rsa-1") << none << ready
            << QString() << QStringList();
        QTest::newRow("PS256 client, PS256, no kid") << QStringLiteral("alg-ps256") << QStringLiteral("PS256")
                                                     << QString() << none << ready << QString() << QStringList();
        QTest::newRow("PS256 client, RS256")
            << QStringLiteral("alg-ps256") << QStringLiteral("RS256") << QStringLiteral("rsa-1") << none << failed
            << invalidClient
            << QStringList{QStringLiteral("signed RS256"), QStringLiteral("assertion algorithm"),
                           QStringLiteral("PS256")};
        // RS256 is what the console signs when the algorithm is left to discovery and RS256 is listed.
        QTest::newRow("PS256 client, as discovery lists")
            << QStringLiteral("alg-ps256") << QString() << QString() << none << failed << invalidClient
            << QStringList{QStringLiteral("signed RS256"), QStringLiteral("assertion algorithm"),
                           QStringLiteral("PS256")};
        QTest::newRow("RS256 client, RS256, kid")
            << QStringLiteral("alg-rs256") << QStringLiteral("RS256") << QStringLiteral("rsa-1") << none << ready
            << QString() << QStringList();
        QTest::newRow("RS256 client, RS256, no kid") << QStringLiteral("alg-rs256") << QStringLiteral("RS256")
                                                     << QString() << none << ready << QString() << QStringList();
        QTest::newRow("RS256 client, as discovery lists")
            << QStringLiteral("alg-rs256") << QString() << QString() << none << ready << QString() << QStringList();
        QTest::newRow("RS256 client, PS256")
            << QStringLiteral("alg-rs256") << QStringLiteral("PS256") << QString() << none << failed << invalidClient
            << QStringList{QStringLiteral("signed PS256"), QStringLiteral("assertion algorithm"),
                           QStringLiteral("RS256")};
        QTest::newRow("RS256 client, unknown kid")
            << QStringLiteral("alg-rs256") << QStringLiteral("RS256") << QStringLiteral("not-registered") << none
            << failed << invalidClient << QStringList{QStringLiteral("kid \"not-registered\""), QStringLiteral("kid")};
        QTest::newRow("ES256 client, ES256, kid")
            << QStringLiteral("alg-es256") << QStringLiteral("ES256") << QStringLiteral("ec-1") << none << ready
            << QString() << QStringList();
        QTest::newRow("ES256 client, ES256, no kid") << QStringLiteral("alg-es256") << QStringLiteral("ES256")
                                                     << QString() << none << ready << QString() << QStringList();
        QTest::newRow("ES256 client, as discovery lists")
            << QStringLiteral("alg-es256") << QString() << QString() << none << ready << QString() << QStringList();

        // The Entra-like client: x5t#S256 only.
        QTest::newRow("Entra-like, PS256 x5t#S256")
            << QStringLiteral("entra-cert") << QStringLiteral("PS256") << QString() << int(AssertionThumbprint::X5tS256)
            << ready << QString() << QStringList();
        QTest::newRow("Entra-like, PS256 x5t")
            << QStringLiteral("entra-cert") << QStringLiteral("PS256") << QString() << int(AssertionThumbprint::X5t)
            << failed << QStringLiteral("token.aadsts-700027") << QStringList{QStringLiteral("to x5t#S256")};
        QTest::newRow("Entra-like, PS256 no thumbprint")
            << QStringLiteral("entra-cert") << QStringLiteral("PS256") << QString() << none << failed
            << QStringLiteral("token.aadsts-700027") << QStringList{QStringLiteral("x5t#S256")};
    }

    void assertions()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, algorithm);
        QFETCH(QString, kid);
        QFETCH(int, thumbprint);
        QFETCH(int, outcome);
        QFETCH(QString, code);
        QFETCH(QStringList, fixNames);

        const ValidationReport report = run(clientId, algorithm, kid, AssertionThumbprint(thumbprint));
        const ReportVerdict verdict = ReportVerdict::of(report);
        QVERIFY2(verdict.outcome == Outcome(outcome),
                 qPrintable(toString(verdict.outcome) + QLatin1Char('\n') + report.toText()));
        if (Outcome(outcome) != Outcome::Failed) {
            QVERIFY2(!verdict.failedStep, qPrintable(report.toText()));
            return;
        }
        QVERIFY2(verdict.failedStep == StepId::Token, qPrintable(report.toText()));
        QVERIFY2(verdict.failedLayer == Layer::Idp, qPrintable(toString(verdict.failedLayer)));
        const Finding *f = findingIn(report, code);
        QVERIFY2(f, qPrintable(QStringLiteral("no finding %1\n%2").arg(code, report.toText())));
        for (const QString &name : std::as_const(fixNames)) {
            QVERIFY2(f->fix.contains(name), qPrintable(name + QLatin1String(" not in: ") + f->fix));
            QVERIFY2(verdict.fix.contains(name), qPrintable(name + QLatin1String(" not in: ") + verdict.fix));
        }
    }
};

QTEST_GUILESS_MAIN(TestInteropAssertions)
#include "tst_interop_assertions.moc"
