// The console's discovery, token and JWKS clients against node oidc-provider, a certified OpenID Provider:
// client_secret_basic (with a secret that needs RFC 6749 §2.3.1 encoding), client_secret_post and
// private_key_jwt (RS256 and ES256 assertions); the JWT access tokens verify with cmic::jose.
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwksCache.h"
#include "core/net/JwtSigner.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"

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

namespace {

const QString kBasicId = QStringLiteral("interop basic+1");
const QString kSecret = QStringLiteral("s3cr+t/with=chars&%");

QJsonObject segment(const QString &token, int index)
{
    const QByteArray part = token.section(QLatin1Char('.'), index, index).toLatin1();
    return QJsonDocument::fromJson(QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding)).object();
}

} // namespace

class TestInteropOidcProvider : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_node;
    QString m_issuer;
    JwtSigner m_rsaKey = JwtSigner::generateRsa(2048);
    JwtSigner m_ecKey = JwtSigner::generateEc();
    DiscoveryResult m_discovery;

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

        const QJsonArray clients{
            QJsonObject{{QStringLiteral("client_id"), kBasicId},
                        {QStringLiteral("client_secret"), kSecret},
                        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_basic")}},
            QJsonObject{{QStringLiteral("client_id"), QStringLiteral("interop-post")},
                        {QStringLiteral("client_secret"), kSecret},
                        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post")}},
            QJsonObject{
                {QStringLiteral("client_id"), QStringLiteral("interop-jwt-rsa")},
                {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("private_key_jwt")},
                {QStringLiteral("jwks"),
                 QJsonObject{{QStringLiteral("keys"),
                              QJsonArray{m_rsaKey.publicJwk(QStringLiteral("rsa-client"), QStringLiteral("RS256"))}}}}},
            QJsonObject{
                {QStringLiteral("client_id"), QStringLiteral("interop-jwt-ec")},
                {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("private_key_jwt")},
                {QStringLiteral("jwks"),
                 QJsonObject{{QStringLiteral("keys"),
                              QJsonArray{m_ecKey.publicJwk(QStringLiteral("ec-client"), QStringLiteral("ES256"))}}}}},
        };
        const QJsonObject config{{QStringLiteral("clients"), clients},
                                 {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEROP")}};
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
        const QByteArray line = m_node.readLine();
        m_issuer = QJsonDocument::fromJson(line).object().value(QLatin1String("issuer")).toString();
        QVERIFY2(!m_issuer.isEmpty(), m_node.readAllStandardError().constData());
        QVERIFY(m_issuer.startsWith(QLatin1String("http://127.0.0.1:")));

        HttpPolicy policy;
        m_discovery = OidcDiscovery(policy).fetchBlocking(OidcDiscovery::discoveryUrlFor(m_issuer), m_issuer);
    }

    void cleanupTestCase()
    {
        if (m_node.state() == QProcess::Running) {
            m_node.closeWriteChannel(); // the script exits when its stdin closes
            if (!m_node.waitForFinished(5000))
                m_node.kill();
        }
    }

    void discoveryMatchesIssuer()
    {
        QVERIFY(m_discovery.ok);
        QVERIFY(m_discovery.findings.isEmpty());
        QCOMPARE(m_discovery.metadata.issuer, m_issuer);
        QVERIFY(m_discovery.metadata.tokenEndpointAuthMethods.contains(QStringLiteral("private_key_jwt")));
    }

    void obtainsAndVerifiesJwtAccessToken_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<int>("method");
        QTest::newRow("client_secret_basic, special characters")
            << kBasicId << int(ClientAuthMethod::ClientSecretBasic);
        QTest::newRow("client_secret_post")
            << QStringLiteral("interop-post") << int(ClientAuthMethod::ClientSecretPost);
        QTest::newRow("private_key_jwt RS256")
            << QStringLiteral("interop-jwt-rsa") << int(ClientAuthMethod::PrivateKeyJwt);
        QTest::newRow("private_key_jwt ES256")
            << QStringLiteral("interop-jwt-ec") << int(ClientAuthMethod::PrivateKeyJwt);
    }

    void obtainsAndVerifiesJwtAccessToken()
    {
        QFETCH(QString, clientId);
        QFETCH(int, method);
        HttpPolicy policy;
        TokenClient tokens(policy, Clock::system());
        TokenRequest request;
        request.tokenEndpoint = m_discovery.metadata.tokenEndpoint;
        request.clientId = clientId;
        request.authMethod = ClientAuthMethod(method);
        request.setCredential(SecretBuffer(kSecret));
        request.scope = QStringLiteral("cmic.read");
        if (clientId == QLatin1String("interop-jwt-rsa")) {
            request.setCredential(SecretBuffer(m_rsaKey.privateKeyPem()));
            request.keyId = QStringLiteral("rsa-client");
        } else if (clientId == QLatin1String("interop-jwt-ec")) {
            request.setCredential(SecretBuffer(m_ecKey.privateKeyPem()));
            request.keyId = QStringLiteral("ec-client");
        }
        const TokenResponse token = tokens.requestBlocking(request);
        QVERIFY2(token.ok, qPrintable(token.findings.isEmpty() ? QString() : token.findings.first().message));

        const QJsonObject header = segment(token.accessToken, 0);
        const QJsonObject claims = segment(token.accessToken, 1);
        QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("at+jwt"));
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_issuer);
        QCOMPARE(claims.value(QLatin1String("client_id")).toString(), clientId);
        QCOMPARE(claims.value(QLatin1String("cmicuser")).toString(), QStringLiteral("SVC_INTEROP"));
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), QStringLiteral("urn:cmic:api"));

        JwksCache cache(policy, Clock::system());
        const JwksResult keys =
            cache.getBlocking(m_discovery.metadata.jwksUri, header.value(QLatin1String("kid")).toString());
        QVERIFY(keys.ok);
        QString error;
        const auto set = jose::JwkSet::parse(keys.json, &error);
        QVERIFY2(set, qPrintable(error));
        const jose::Verdict verdict =
            jose::TokenVerifier(&*set, Clock::system()).verifyJws(token.accessToken.toLatin1());
        QVERIFY2(verdict.valid(), qPrintable(verdict.failedIds().join(QLatin1Char(','))));
    }

    void wrongSecretIsInvalidClient()
    {
        HttpPolicy policy;
        TokenClient tokens(policy, Clock::system());
        TokenRequest request;
        request.tokenEndpoint = m_discovery.metadata.tokenEndpoint;
        request.clientId = kBasicId;
        request.setCredential(SecretBuffer(QStringLiteral("not the secret")));
        const TokenResponse token = tokens.requestBlocking(request);
        QVERIFY(!token.ok);
        QCOMPARE(token.oauthError, QStringLiteral("invalid_client"));
        QCOMPARE(token.findings.first().code, QStringLiteral("token.invalid_client"));
    }

    void secretWithoutFormEncodingFailsAsDocumented()
    {
        // The reason RFC 6749 §2.3.1 matters: Basic without form-encoding does not authenticate this client.
        HttpPolicy policy;
        HttpRequestSpec spec;
        spec.method = "POST";
        spec.url = m_discovery.metadata.tokenEndpoint;
        spec.headers = {
            {"Content-Type", "application/x-www-form-urlencoded"},
            {"Authorization", "Basic " + QString(kBasicId + QLatin1Char(':') + kSecret).toUtf8().toBase64()}};
        spec.body = "grant_type=client_credentials&scope=cmic.read";
        const HttpResult result = HttpClient(policy).run(spec);
        QVERIFY2(result.status == 400 || result.status == 401, qPrintable(QString::number(result.status)));
        const QString error = result.json.object().value(QLatin1String("error")).toString();
        QVERIFY2(error == QLatin1String("invalid_client") || error == QLatin1String("invalid_request"),
                 qPrintable(error));
        QVERIFY(!result.json.object().contains(QLatin1String("access_token")));
    }
};

QTEST_GUILESS_MAIN(TestInteropOidcProvider)
#include "tst_interop_oidcprovider.moc"
