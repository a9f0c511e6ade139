// The demo IdP's Entra-like mode for certificate credentials, walked with the console's own TokenClient: an
// assertion is accepted only with the x5t#S256 of the certificate registered for the client; x5t only, no
// thumbprint, or another certificate's thumbprint is refused as Entra does (invalid_client, AADSTS700027), and the
// console's finding names the thumbprint style to switch to.
#include "TestCertificates.h"
#include "core/model/AppRegistration.h"
#include "core/net/Certificate.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwtSigner.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"
#include "sandbox/DemoIdentityProvider.h"

#include <QJsonDocument>
#include <QTest>
#include <QUuid>

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

QJsonObject segmentOf(const QByteArray &jws, int index)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jws.split('.').value(index), QByteArray::Base64UrlEncoding))
        .object();
}

QJsonObject headerOf(const QByteArray &jws) { return segmentOf(jws, 0); }

} // namespace

class TestEntraIdp : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<DemoIdentityProvider> m_idp;
    JwtSigner m_rsa = JwtSigner::generateRsa(2048);
    JwtSigner m_ec = JwtSigner::generateEc();
    JwtSigner m_other = JwtSigner::generateRsa(2048);
    QByteArray m_rsaCertificate;
    QByteArray m_ecCertificate;
    QByteArray m_otherCertificate;

    void addClient(const QString &id, const QByteArray &certificate)
    {
        DemoClient client;
        client.clientId = id;
        client.authMethod = ClientAuthMethod::PrivateKeyJwt;
        client.cmicUser = QStringLiteral("SVC_DEMO");
        client.certificatePem = certificate;
        m_idp->addClient(client);
    }

    AppRegistration registrationFor(const QString &clientId) const
    {
        AppRegistration reg;
        reg.id = QStringLiteral("reg-") + clientId;
        reg.name = clientId;
        reg.idpPreset = QStringLiteral("entra-v1");
        reg.appId = clientId;
        reg.tokenEndpoint = m_idp->tokenEndpoint().toString();
        reg.authMethod = ClientAuthMethod::PrivateKeyJwt;
        return reg;
    }

private slots:
    void initTestCase()
    {
        m_rsaCertificate = cmic::test::selfSignedCertificate(m_rsa.pkey());
        m_ecCertificate = cmic::test::selfSignedCertificate(m_ec.pkey());
        m_otherCertificate = cmic::test::selfSignedCertificate(m_other.pkey(), -3600, 86400L * 365, "other-client");
        QVERIFY(!m_rsaCertificate.isEmpty() && !m_ecCertificate.isEmpty() && !m_otherCertificate.isEmpty());
    }

    void init()
    {
        m_clock.set(QDateTime::currentDateTimeUtc());
        m_idp = std::make_unique<DemoIdentityProvider>(m_clock);
        m_idp->setEntraMode(true);
        QVERIFY(m_idp->start());
        addClient(QStringLiteral("entra-rsa"), m_rsaCertificate);
        addClient(QStringLiteral("entra-ec"), m_ecCertificate);
        addClient(QStringLiteral("entra-none"), QByteArray());
    }

    void cleanup() { m_idp.reset(); }

    void certificateCredentials_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("kid");
        QTest::addColumn<int>("thumbprint");
        QTest::addColumn<QString>("client");     // the IdP client: which certificate it has registered
        QTest::addColumn<QString>("keyAndCert"); // the key and certificate the console holds: rsa / ec / other
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("fixNames"); // the value the fix must name

        const struct
        {
            const char *algorithm;
            const char *client;
            const char *key;
        } keys[] = {{"PS256", "entra-rsa", "rsa"}, {"RS256", "entra-rsa", "rsa"}, {"ES256", "entra-ec", "ec"}};
        const struct
        {
            AssertionThumbprint value;
            const char *fixNames;
        } thumbprints[] = {{AssertionThumbprint::None, "x5t#S256"},
                           {AssertionThumbprint::X5t, "x5t#S256"},
                           {AssertionThumbprint::X5tS256, ""}};
        for (const auto &key : keys) {
            for (const char *kid : {"", "cert-1"}) {
                for (const auto &thumbprint : thumbprints) {
                    const bool accepted = thumbprint.value == AssertionThumbprint::X5tS256;
                    QTest::addRow("%s %s %s", key.algorithm, *kid ? "kid" : "no-kid",
                                  qPrintable(toString(thumbprint.value)))
                        << QString::fromLatin1(key.algorithm) << QString::fromLatin1(kid) << int(thumbprint.value)
                        << QString::fromLatin1(key.client) << QString::fromLatin1(key.key) << accepted
                        << QString::fromLatin1(thumbprint.fixNames);
                }
            }
        }
        // x5t#S256 of a certificate the application does not have: the fix names the other style and the upload.
        QTest::newRow("PS256 x5t#S256 of another certificate")
            << QStringLiteral("PS256") << QString() << int(AssertionThumbprint::X5tS256) << QStringLiteral("entra-rsa")
            << QStringLiteral("other") << false << QStringLiteral("Certificates & secrets");
        QTest::newRow("PS256 x5t#S256, no certificate registered")
            << QStringLiteral("PS256") << QString() << int(AssertionThumbprint::X5tS256) << QStringLiteral("entra-none")
            << QStringLiteral("rsa") << false << QStringLiteral("x5t");
    }

    void certificateCredentials()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, kid);
        QFETCH(int, thumbprint);
        QFETCH(QString, client);
        QFETCH(QString, keyAndCert);
        QFETCH(bool, accepted);
        QFETCH(QString, fixNames);

        const JwtSigner &key = keyAndCert == QLatin1String("rsa")  ? m_rsa
                               : keyAndCert == QLatin1String("ec") ? m_ec
                                                                   : m_other;
        const QByteArray &certificate = keyAndCert == QLatin1String("rsa")  ? m_rsaCertificate
                                        : keyAndCert == QLatin1String("ec") ? m_ecCertificate
                                                                            : m_otherCertificate;
        AppRegistration reg = registrationFor(client);
        reg.assertionAlgorithm = algorithm;
        reg.assertionKeyId = kid;
        reg.assertionCertificate = QString::fromLatin1(certificate);
        reg.assertionThumbprint = AssertionThumbprint(thumbprint);

        HttpPolicy policy;
        TokenClient tokens(policy, m_clock);
        const TokenRequest request = TokenRequest::forRegistration(reg, SecretBuffer(key.privateKeyPem()));
        QString error;
        const QByteArray assertion = tokens.clientAssertion(request, &error);
        QVERIFY2(!assertion.isEmpty(), qPrintable(error));
        const QJsonObject header = headerOf(assertion);
        QCOMPARE(header.value(QLatin1String("alg")).toString(), algorithm);
        QCOMPARE(header.value(QLatin1String("kid")).toString(), kid);

        const TokenResponse response = tokens.requestBlocking(request);
        QCOMPARE(response.ok, accepted);
        if (accepted) {
            QVERIFY(!response.accessToken.isEmpty());
            QVERIFY2(response.findings.isEmpty(), qPrintable(codes(response.findings).join(QLatin1Char(','))));
            return;
        }
        QCOMPARE(response.oauthError, QStringLiteral("invalid_client"));
        QVERIFY2(response.oauthErrorDescription.startsWith(QLatin1String("AADSTS700027")),
                 qPrintable(response.oauthErrorDescription));
        QCOMPARE(codes(response.findings), QStringList{QStringLiteral("token.aadsts-700027")});
        const Finding &finding = response.findings.constFirst();
        QVERIFY(finding.severity == Severity::Error);
        QCOMPARE(finding.field, QStringLiteral("assertionThumbprint"));
        QCOMPARE(finding.subjectId, reg.id);
        QVERIFY2(finding.fix.contains(fixNames), qPrintable(finding.fix));
        // The fix is about the thumbprint or the certificate, not the key.
        QVERIFY2(!finding.fix.contains(QLatin1String("private key")), qPrintable(finding.fix));
        QVERIFY2(finding.fix.contains(QLatin1String("thumbprint")), qPrintable(finding.fix));
    }

    // The token shape of each version, the discovery document of the same version, and the other version's
    // endpoints, which answer too (Entra's token version is the API's choice, not the endpoint's).
    void tokenShape_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("aud");
        QTest::addColumn<bool>("ipaddr");
        QTest::newRow("v1, App ID URI scope")
            << int(EntraTokenVersion::V1) << QStringLiteral("api://cmic-demo/.default")
            << QStringLiteral("api://cmic-demo") << true;
        QTest::newRow("v1, other API, no ipaddr")
            << int(EntraTokenVersion::V1) << QStringLiteral("api://other-api/.default")
            << QStringLiteral("api://other-api") << false;
        QTest::newRow("v2, App ID URI scope")
            << int(EntraTokenVersion::V2) << QStringLiteral("api://cmic-demo/.default")
            << QStringLiteral("3b9e4a71-2c58-4f0d-8d16-a7c5e2f90b34") << true;
        QTest::newRow("v2, no scope") << int(EntraTokenVersion::V2) << QString()
                                      << QStringLiteral("3b9e4a71-2c58-4f0d-8d16-a7c5e2f90b34") << true;
    }

    void tokenShape()
    {
        QFETCH(int, version);
        QFETCH(QString, scope);
        QFETCH(QString, aud);
        QFETCH(bool, ipaddr);
        const auto v = EntraTokenVersion(version);
        const bool v1 = v == EntraTokenVersion::V1;
        m_idp->setEntraTokenVersion(v);
        DemoClient client = m_idp->clients().constFirst();
        client.emitIpaddr = ipaddr;
        m_idp->addClient(client);
        const QString tenant = m_idp->entraTenant();
        QCOMPARE(m_idp->issuer(), m_idp->entraIssuer(v));
        if (v1) {
            QVERIFY2(m_idp->issuer().endsWith(tenant + QLatin1Char('/')), qPrintable(m_idp->issuer()));
        } else {
            QVERIFY2(m_idp->issuer().endsWith(tenant + QLatin1String("/v2.0")), qPrintable(m_idp->issuer()));
        }

        AppRegistration reg = registrationFor(client.clientId);
        reg.assertionAlgorithm = QStringLiteral("PS256");
        reg.assertionCertificate = QString::fromLatin1(m_rsaCertificate);
        reg.assertionThumbprint = AssertionThumbprint::X5tS256;
        reg.scope = scope;
        HttpPolicy policy;
        TokenClient tokens(policy, m_clock);
        // Both versions' token endpoints issue the shape the IdP is set to.
        for (EntraTokenVersion endpoint : {EntraTokenVersion::V1, EntraTokenVersion::V2}) {
            reg.tokenEndpoint = m_idp->entraTokenEndpoint(endpoint).toString();
            const TokenResponse response =
                tokens.requestBlocking(TokenRequest::forRegistration(reg, SecretBuffer(m_rsa.privateKeyPem())));
            QVERIFY2(response.ok, qPrintable(response.oauthErrorDescription));
            const QJsonObject claims = segmentOf(response.accessToken.toLatin1(), 1);
            QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_idp->issuer());
            QCOMPARE(claims.value(QLatin1String("ver")).toString(), v1 ? QStringLiteral("1.0") : QStringLiteral("2.0"));
            QCOMPARE(claims.value(QLatin1String("aud")).toString(), aud);
            QCOMPARE(claims.value(QLatin1String("tid")).toString(), tenant);
            QCOMPARE(claims.value(QLatin1String(v1 ? "appid" : "azp")).toString(), client.clientId);
            QCOMPARE(claims.value(QLatin1String(v1 ? "appidacr" : "azpacr")).toString(), QStringLiteral("2"));
            for (const char *absent : {v1 ? "azp" : "appid", "client_id", "scope"})
                QVERIFY2(!claims.contains(QLatin1String(absent)), absent);
            const QString oid = claims.value(QLatin1String("oid")).toString();
            QVERIFY(!QUuid::fromString(oid).isNull());
            QCOMPARE(claims.value(QLatin1String("sub")).toString(), oid);
            QCOMPARE(claims.value(QLatin1String("idp")).toString(), m_idp->entraIssuer(EntraTokenVersion::V1));
            QVERIFY(!claims.value(QLatin1String("uti")).toString().isEmpty());
            QCOMPARE(claims.contains(QLatin1String("ipaddr")), ipaddr);
            QCOMPARE(claims.value(QLatin1String("cmicuser")).toString(), QStringLiteral("SVC_DEMO"));
        }

        // The discovery document of the chosen version names the tokens' issuer and its own endpoints.
        OidcDiscovery discovery(policy);
        const DiscoveryResult document = discovery.fetchBlocking(m_idp->discoveryUrl(), m_idp->issuer());
        QVERIFY2(document.ok, qPrintable(document.http.message));
        QCOMPARE(document.metadata.issuer, m_idp->issuer());
        QCOMPARE(document.metadata.tokenEndpoint, m_idp->tokenEndpoint());
        QCOMPARE(document.metadata.jwksUri, m_idp->jwksUri());
        QCOMPARE(OidcDiscovery::discoveryUrlFor(m_idp->issuer()), m_idp->discoveryUrl());
        // The other version's document keeps its own issuer, as Entra's two documents do.
        const EntraTokenVersion other = v1 ? EntraTokenVersion::V2 : EntraTokenVersion::V1;
        const DiscoveryResult otherDocument = discovery.fetchBlocking(m_idp->entraDiscoveryUrl(other));
        QVERIFY(otherDocument.ok);
        QCOMPARE(otherDocument.metadata.issuer, m_idp->entraIssuer(other));
        QVERIFY(otherDocument.metadata.issuer != m_idp->issuer());
    }

    void signatureIsCheckedWithTheCertificatesKey()
    {
        // The right x5t#S256 but a signature made with another key: still refused.
        AppRegistration reg = registrationFor(QStringLiteral("entra-rsa"));
        reg.assertionAlgorithm = QStringLiteral("PS256");
        reg.assertionCertificate = QString::fromLatin1(m_rsaCertificate);
        reg.assertionThumbprint = AssertionThumbprint::X5tS256;
        HttpPolicy policy;
        TokenClient tokens(policy, m_clock);
        const TokenResponse response =
            tokens.requestBlocking(TokenRequest::forRegistration(reg, SecretBuffer(m_other.privateKeyPem())));
        QVERIFY(!response.ok);
        QCOMPARE(response.oauthError, QStringLiteral("invalid_client"));
        QVERIFY(response.oauthErrorDescription.contains(QLatin1String("signature validation")));
    }

    void withoutEntraModeNoThumbprintIsNeeded()
    {
        m_idp->setEntraMode(false);
        DemoClient client;
        client.clientId = QStringLiteral("plain");
        client.authMethod = ClientAuthMethod::PrivateKeyJwt;
        client.publicJwk = m_rsa.publicJwk(QString(), QStringLiteral("PS256"));
        m_idp->addClient(client);
        AppRegistration reg = registrationFor(QStringLiteral("plain"));
        reg.idpPreset.clear();
        reg.assertionAlgorithm = QStringLiteral("PS256");
        HttpPolicy policy;
        TokenClient tokens(policy, m_clock);
        const TokenResponse response =
            tokens.requestBlocking(TokenRequest::forRegistration(reg, SecretBuffer(m_rsa.privateKeyPem())));
        QVERIFY2(response.ok, qPrintable(codes(response.findings).join(QLatin1Char(','))));
    }

    void otherEntraAnswersNameTheThumbprint_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<int>("sent");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("fixNames");
        QTest::newRow("50027 after x5t#S256")
            << QStringLiteral("AADSTS50027: JWT token is invalid or malformed.") << int(AssertionThumbprint::X5tS256)
            << QStringLiteral("token.aadsts-50027") << QStringLiteral("to x5t (");
        QTest::newRow("5002726 after x5t")
            << QStringLiteral("AADSTS5002726: Invalid JWT header type specified.") << int(AssertionThumbprint::X5t)
            << QStringLiteral("token.aadsts-5002726") << QStringLiteral("to x5t#S256");
        QTest::newRow("700027 after none")
            << QStringLiteral("AADSTS700027: Client assertion failed signature.") << int(AssertionThumbprint::None)
            << QStringLiteral("token.aadsts-700027") << QStringLiteral("Import the certificate");
    }

    void otherEntraAnswersNameTheThumbprint()
    {
        QFETCH(QString, description);
        QFETCH(int, sent);
        QFETCH(QString, code);
        QFETCH(QString, fixNames);
        TokenRequest request;
        request.authMethod = ClientAuthMethod::PrivateKeyJwt;
        request.subjectId = QStringLiteral("r1");
        request.thumbprint = AssertionThumbprint(sent);
        const Findings findings =
            TokenClient::findingsForOAuthError(QStringLiteral("invalid_client"), description, 401, request);
        QCOMPARE(codes(findings), QStringList{code});
        QCOMPARE(findings.constFirst().field, QStringLiteral("assertionThumbprint"));
        QVERIFY2(findings.constFirst().fix.contains(fixNames), qPrintable(findings.constFirst().fix));
    }
};

QTEST_GUILESS_MAIN(TestEntraIdp)
#include "tst_entraidp.moc"
