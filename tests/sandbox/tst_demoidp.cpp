// The net clients (discovery, tokens, JWKS) against the demo IdP: every client authentication method, special
// characters, scope/audience/resource, caching, rotation, OAuth errors and IdP faults.
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
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/SandboxHttpServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cmic;
using namespace cmic::net;
using namespace cmic::sandbox;

namespace {

const QString kSpecialId = QStringLiteral("demo client+1");
const QString kSpecialSecret = QStringLiteral("s3cr+t/with=chars&%");

QJsonObject payloadOf(const QString &token)
{
    const QByteArray segment = token.section(QLatin1Char('.'), 1, 1).toLatin1();
    return QJsonDocument::fromJson(QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding)).object();
}

QJsonObject headerOf(const QString &token)
{
    const QByteArray segment = token.section(QLatin1Char('.'), 0, 0).toLatin1();
    return QJsonDocument::fromJson(QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding)).object();
}

QStringList codes(const Findings &findings)
{
    QStringList list;
    for (const Finding &finding : findings)
        list << finding.code;
    return list;
}

} // namespace

class TestDemoIdp : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<DemoIdentityProvider> m_idp;
    JwtSigner m_rsaClientKey = JwtSigner::generateRsa(2048);
    JwtSigner m_ecClientKey = JwtSigner::generateEc();

    TokenRequest requestFor(const QString &clientId, ClientAuthMethod method) const
    {
        TokenRequest request;
        request.tokenEndpoint = m_idp->tokenEndpoint();
        request.clientId = clientId;
        request.authMethod = method;
        return request;
    }

    bool signatureVerifies(const QString &token)
    {
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        const JwksResult keys = cache.getBlocking(m_idp->jwksUri());
        QString error;
        const auto set = jose::JwkSet::parse(keys.json, &error);
        if (!set)
            return false;
        return jose::TokenVerifier(&*set, m_clock).verifyJws(token.toLatin1()).valid();
    }

private slots:
    void init()
    {
        m_clock.set(QDateTime::currentDateTimeUtc());
        m_idp = std::make_unique<DemoIdentityProvider>(m_clock);
        QVERIFY(m_idp->start());
        m_idp->addClient({kSpecialId,
                          ClientAuthMethod::ClientSecretBasic,
                          kSpecialSecret,
                          {},
                          QStringLiteral("SVC_DEMO"),
                          {},
                          {},
                          true});
        m_idp->addClient({QStringLiteral("post-client"),
                          ClientAuthMethod::ClientSecretPost,
                          kSpecialSecret,
                          {},
                          QStringLiteral("SVC_DEMO"),
                          {},
                          {},
                          true});
        m_idp->addClient({QStringLiteral("jwt-rsa"),
                          ClientAuthMethod::PrivateKeyJwt,
                          {},
                          m_rsaClientKey.publicJwk(QStringLiteral("c1"), QStringLiteral("RS256")),
                          QStringLiteral("SVC_DEMO"),
                          {},
                          {},
                          true});
        m_idp->addClient({QStringLiteral("jwt-ec"),
                          ClientAuthMethod::PrivateKeyJwt,
                          {},
                          m_ecClientKey.publicJwk(QStringLiteral("c2"), QStringLiteral("ES256")),
                          QStringLiteral("SVC_DEMO"),
                          {},
                          {},
                          true});
        m_idp->addClient({QStringLiteral("scoped"),
                          ClientAuthMethod::ClientSecretPost,
                          QStringLiteral("x"),
                          {},
                          {},
                          {QStringLiteral("cmic.read")},
                          {},
                          true});
    }

    void cleanup() { m_idp.reset(); }

    void discoveryMatchesRegisteredIssuer()
    {
        HttpPolicy policy;
        const DiscoveryResult result = OidcDiscovery(policy).fetchBlocking(
            OidcDiscovery::discoveryUrlFor(m_idp->issuer()), m_idp->issuer(), m_idp->jwksUri().toString());
        QVERIFY(result.ok);
        QVERIFY2(result.findings.isEmpty(), qPrintable(codes(result.findings).join(QLatin1Char(','))));
        QCOMPARE(result.metadata.tokenEndpoint, m_idp->tokenEndpoint());
        QVERIFY(result.metadata.tokenEndpointAuthMethods.contains(QStringLiteral("private_key_jwt")));
    }

    void discoveryFlagsIssuerWithTrailingSlash()
    {
        HttpPolicy policy;
        const DiscoveryResult result =
            OidcDiscovery(policy).fetchBlocking(m_idp->discoveryUrl(), m_idp->issuer() + QLatin1Char('/'));
        QCOMPARE(codes(result.findings), QStringList{QStringLiteral("discovery.issuer-mismatch")});
        QCOMPARE(result.findings.first().field, QStringLiteral("issuer"));
    }

    void obtainsTokenWithEachClientAuthMethod_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("expectedAlg");
        QTest::newRow("client_secret_basic, special chars")
            << kSpecialId << int(ClientAuthMethod::ClientSecretBasic) << QString();
        QTest::newRow("client_secret_post, special chars")
            << QStringLiteral("post-client") << int(ClientAuthMethod::ClientSecretPost) << QString();
        QTest::newRow("private_key_jwt RS256")
            << QStringLiteral("jwt-rsa") << int(ClientAuthMethod::PrivateKeyJwt) << QStringLiteral("RS256");
        QTest::newRow("private_key_jwt ES256")
            << QStringLiteral("jwt-ec") << int(ClientAuthMethod::PrivateKeyJwt) << QStringLiteral("ES256");
    }

    void obtainsTokenWithEachClientAuthMethod()
    {
        QFETCH(QString, clientId);
        QFETCH(int, method);
        QFETCH(QString, expectedAlg);
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(clientId, ClientAuthMethod(method));
        request.setCredential(SecretBuffer(kSpecialSecret));
        if (clientId == QLatin1String("jwt-rsa")) {
            request.setCredential(SecretBuffer(m_rsaClientKey.privateKeyPem()));
            request.keyId = QStringLiteral("c1");
        } else if (clientId == QLatin1String("jwt-ec")) {
            request.setCredential(SecretBuffer(m_ecClientKey.privateKeyPem()));
        }
        if (!expectedAlg.isEmpty()) {
            QString error;
            const QByteArray assertion = client.clientAssertion(request, &error);
            QCOMPARE(headerOf(QString::fromLatin1(assertion)).value(QLatin1String("alg")).toString(), expectedAlg);
            QCOMPARE(payloadOf(QString::fromLatin1(assertion)).value(QLatin1String("aud")).toString(),
                     m_idp->tokenEndpoint().toString());
        }
        const TokenResponse response = client.requestBlocking(request);
        QVERIFY2(response.ok,
                 qPrintable(codes(response.findings).join(QLatin1Char(',')) + QLatin1Char(' ')
                            + (response.findings.isEmpty() ? QString() : response.findings.first().message)));
        QCOMPARE(response.tokenType, QStringLiteral("Bearer"));
        const QJsonObject claims = payloadOf(response.accessToken);
        QCOMPARE(claims.value(QLatin1String("client_id")).toString(), clientId);
        QCOMPARE(claims.value(QLatin1String("cmicuser")).toString(), QStringLiteral("SVC_DEMO"));
        QCOMPARE(claims.value(QLatin1String("ipaddr")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(signatureVerifies(response.accessToken));
        // The trace never holds the credential or the token.
        const QString trace = QString::fromUtf8(QJsonDocument(response.http.exchange.toJson()).toJson());
        QVERIFY(!trace.contains(response.accessToken));
        QVERIFY(!trace.contains(QLatin1String("s3cr")));
        QVERIFY(!response.http.exchange.toCurl().contains(QLatin1String("s3cr")));
    }

    void wrongSecretIsInvalidClientWithMethodHint()
    {
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(kSpecialId, ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(QStringLiteral("wrong")));
        const TokenResponse response = client.requestBlocking(request);
        QVERIFY(!response.ok);
        QCOMPARE(response.oauthError, QStringLiteral("invalid_client"));
        QCOMPARE(codes(response.findings), QStringList{QStringLiteral("token.invalid_client")});
        QVERIFY(response.findings.first().fix.contains(QLatin1String("client_secret_post")));
    }

    void methodMismatchIsInvalidClient()
    {
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(QStringLiteral("post-client"), ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(kSpecialSecret));
        const TokenResponse response = client.requestBlocking(request);
        QCOMPARE(response.oauthError, QStringLiteral("invalid_client"));
        QVERIFY(response.oauthErrorDescription.contains(QLatin1String("client_secret_post")));
    }

    void scopeAudienceAndResourceAreSent_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("audience");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("expectedAud");
        QTest::newRow("audience") << QString() << QStringLiteral("https://cmic.example.com/api") << QString()
                                  << QStringLiteral("https://cmic.example.com/api");
        QTest::newRow("resource") << QString() << QString() << QStringLiteral("urn:cmic:api")
                                  << QStringLiteral("urn:cmic:api");
        QTest::newRow("scope only") << QStringLiteral("cmic.read") << QString() << QString()
                                    << QStringLiteral("api://cmic-demo");
    }

    void scopeAudienceAndResourceAreSent()
    {
        QFETCH(QString, scope);
        QFETCH(QString, audience);
        QFETCH(QString, resource);
        QFETCH(QString, expectedAud);
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(QStringLiteral("scoped"), ClientAuthMethod::ClientSecretPost);
        request.setCredential(SecretBuffer(QStringLiteral("x")));
        request.scope = scope;
        request.audience = audience;
        request.resource = resource;
        const TokenResponse response = client.requestBlocking(request);
        QVERIFY(response.ok);
        const QJsonObject claims = payloadOf(response.accessToken);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), expectedAud);
        QCOMPARE(claims.value(QLatin1String("scope")).toString(), scope);
    }

    void unknownScopeIsExplained()
    {
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(QStringLiteral("scoped"), ClientAuthMethod::ClientSecretPost);
        request.setCredential(SecretBuffer(QStringLiteral("x")));
        request.scope = QStringLiteral("cmic.admin");
        const TokenResponse response = client.requestBlocking(request);
        QCOMPARE(codes(response.findings), QStringList{QStringLiteral("token.invalid_scope")});
        QCOMPARE(response.findings.first().field, QStringLiteral("scope"));
    }

    void tokenIsCachedUntilShortlyBeforeExpiry()
    {
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(kSpecialId, ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(kSpecialSecret));
        const TokenResponse first = client.requestBlocking(request);
        QVERIFY(first.ok && !first.fromCache);
        const TokenResponse second = client.requestBlocking(request);
        QVERIFY(second.fromCache);
        QCOMPARE(second.accessToken, first.accessToken);
        QCOMPARE(m_idp->tokenRequests(), 1);
        m_clock.advance(first.expiresIn - TokenClient::kRefreshMarginSeconds + 1);
        const TokenResponse third = client.requestBlocking(request);
        QVERIFY(third.ok && !third.fromCache);
        QCOMPARE(m_idp->tokenRequests(), 2);
        // A different secret never reuses the cached token.
        request.setCredential(SecretBuffer(QStringLiteral("other")));
        QVERIFY(!client.requestBlocking(request).fromCache);
    }

    void jwksIsCachedAndRefetchedOnceForRotatedKey()
    {
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        const JwksResult first = cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid());
        QVERIFY(first.ok && !first.fromCache);
        QVERIFY(cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid()).fromCache);
        QCOMPARE(m_idp->jwksRequests(), 1);

        m_idp->rotateKeys();
        const JwksResult rotated = cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid());
        QVERIFY(rotated.ok);
        QVERIFY(rotated.refetched);
        QVERIFY(rotated.kids.contains(m_idp->currentKid()));
        QCOMPARE(m_idp->jwksRequests(), 2);

        // A bogus kid right after: no new fetch (rate limit), a finding instead.
        const JwksResult bogus = cache.getBlocking(m_idp->jwksUri(), QStringLiteral("nope"));
        QVERIFY(!bogus.ok);
        QCOMPARE(codes(bogus.findings), QStringList{QStringLiteral("jwks.unknown-kid")});
        QCOMPARE(m_idp->jwksRequests(), 2);
        m_clock.advance(61);
        const JwksResult later = cache.getBlocking(m_idp->jwksUri(), QStringLiteral("nope"));
        QVERIFY(later.refetched);
        QCOMPARE(m_idp->jwksRequests(), 3);
    }

    void concurrentJwksRequestsShareOneFetch()
    {
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        int answered = 0;
        int ok = 0;
        for (int i = 0; i < 6; ++i) {
            cache.get(m_idp->jwksUri(), m_idp->currentKid(), [&](const JwksResult &result) {
                ++answered;
                ok += result.ok ? 1 : 0;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 6, 5000);
        QCOMPARE(ok, 6);
        QCOMPARE(m_idp->jwksRequests(), 1);
        QCOMPARE(cache.networkFetches(), 1);
    }

    void jwksCacheSharesOneParsedKeySet()
    {
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        TokenClient tokens(policy, m_clock);
        TokenRequest request = requestFor(kSpecialId, ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(kSpecialSecret));
        const TokenResponse token = tokens.requestBlocking(request);
        QVERIFY(token.ok);

        const JwksResult first = cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid());
        QVERIFY(first.ok && first.keySet);
        QVERIFY(first.keySetError.isEmpty());
        QCOMPARE(first.keySet->kids(), first.kids);
        QVERIFY(jose::TokenVerifier(first.keySet.get(), m_clock).verifyJws(token.accessToken.toLatin1()).valid());
        // Served from the cache: the very same parsed set, not a new parse.
        const JwksResult second = cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid());
        QVERIFY(second.fromCache);
        QCOMPARE(second.keySet.get(), first.keySet.get());

        // Rotation: a new document, so a new set that holds the new key; the old token no longer verifies.
        m_idp->rotateKeys();
        const JwksResult rotated = cache.getBlocking(m_idp->jwksUri(), m_idp->currentKid());
        QVERIFY(rotated.refetched && rotated.keySet);
        QVERIFY(rotated.keySet.get() != first.keySet.get());
        QVERIFY(rotated.keySet->kids().contains(m_idp->currentKid()));
        QVERIFY(!first.keySet->kids().contains(m_idp->currentKid()));
    }

    void jwksNotStrictJsonHasNoParsedKeySet()
    {
        // Qt's JSON parser keeps the last of two "keys" members; the strict parser refuses the document, so no
        // token is ever verified against a set that another parser might read differently.
        SandboxHttpServer server;
        server.setHandler([this](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            const QByteArray keys =
                QJsonDocument(
                    QJsonObject{{QStringLiteral("keys"),
                                 QJsonArray{m_ecClientKey.publicJwk(QStringLiteral("c2"), QStringLiteral("ES256"))}}})
                    .toJson(QJsonDocument::Compact);
            respond(SandboxResponse::json(200, "{\"keys\":[]," + keys.mid(1)));
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        const JwksResult result = cache.getBlocking(server.baseUrl().resolved(QUrl(QStringLiteral("/jwks"))));
        QVERIFY(result.ok);
        QCOMPARE(result.kids, QStringList{QStringLiteral("c2")});
        QVERIFY(!result.keySet);
        QVERIFY2(result.keySetError.contains(QLatin1String("\"keys\" appears twice")), qPrintable(result.keySetError));
    }

    void privateKeyJwtKeepsOneDecodedKeyPerPem()
    {
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        client.setCacheEnabled(true);
        TokenRequest request = requestFor(QStringLiteral("jwt-ec"), ClientAuthMethod::PrivateKeyJwt);
        request.setCredential(SecretBuffer(m_ecClientKey.privateKeyPem()));
        QString error;
        const QByteArray a = client.clientAssertion(request, &error);
        const QByteArray b = client.clientAssertion(request, &error);
        QVERIFY(!a.isEmpty() && !b.isEmpty() && a != b); // a fresh jti each time
        QCOMPARE(client.cachedKeyCount(), 1);

        // Another key (its PEM differs) is decoded and used, never the cached one.
        request.setCredential(SecretBuffer(m_rsaClientKey.privateKeyPem()));
        const QByteArray rsa = client.clientAssertion(request, &error);
        QCOMPARE(headerOf(QString::fromLatin1(rsa)).value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(client.cachedKeyCount(), 2);
        request.setCredential(SecretBuffer(m_ecClientKey.privateKeyPem()));
        QCOMPARE(headerOf(QString::fromLatin1(client.clientAssertion(request, &error)))
                     .value(QLatin1String("alg"))
                     .toString(),
                 QStringLiteral("ES256"));

        // A broken PEM is reported, not served from anything cached.
        request.setCredential(SecretBuffer("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"));
        QVERIFY(client.clientAssertion(request, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QCOMPARE(client.cachedKeyCount(), 2);

        client.clearCache();
        QCOMPARE(client.cachedKeyCount(), 0);
        client.setCacheEnabled(false);
        request.setCredential(SecretBuffer(m_ecClientKey.privateKeyPem()));
        QVERIFY(!client.clientAssertion(request, &error).isEmpty());
        QCOMPARE(client.cachedKeyCount(), 0); // no caches: no decoded key is kept
    }

    void cancellingTokenRequestReportsCancelled()
    {
        m_idp->setFault(IdpFault::Slow);
        HttpPolicy policy;
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(kSpecialId, ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(kSpecialSecret));
        std::optional<TokenResponse> received;
        HttpJob *job = client.request(request, [&](const TokenResponse &response) { received = response; });
        QVERIFY(job);
        QTRY_COMPARE_WITH_TIMEOUT(m_idp->tokenRequests(), 1, 3000);
        job->cancel();
        QVERIFY(received.has_value());
        QCOMPARE(received->findings.first().code, QStringLiteral("net.cancelled"));
        QCOMPARE(client.cacheSize(), 0);
    }

    void jwksIsRefetchedAfterMaxAge()
    {
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        QVERIFY(cache.getBlocking(m_idp->jwksUri()).ok);
        m_clock.advance(299);
        QVERIFY(cache.getBlocking(m_idp->jwksUri()).fromCache);
        m_clock.advance(2);
        const JwksResult expired = cache.getBlocking(m_idp->jwksUri());
        QVERIFY(expired.ok && !expired.fromCache);
        QCOMPARE(expired.http.status, 304); // revalidated with the ETag, keys unchanged
        QCOMPARE(m_idp->jwksRequests(), 2);
    }

    void idpSignsWithEachAlgorithm_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("RS256") << QStringLiteral("RS256");
        QTest::newRow("PS256") << QStringLiteral("PS256");
        QTest::newRow("ES256") << QStringLiteral("ES256");
    }

    void idpSignsWithEachAlgorithm()
    {
        QFETCH(QString, algorithm);
        m_idp->setSigningAlgorithm(algorithm);
        const QString token = QString::fromLatin1(m_idp->issueToken(m_idp->clients().first(), QHostAddress::LocalHost));
        QCOMPARE(headerOf(token).value(QLatin1String("alg")).toString(), algorithm);
        QCOMPARE(headerOf(token).value(QLatin1String("kid")).toString(), m_idp->currentKid());
        QVERIFY(signatureVerifies(token));
    }

    void jwksRevalidatesWithEtag()
    {
        m_idp->setJwksMaxAge(0);
        HttpPolicy policy;
        JwksCache cache(policy, m_clock);
        QVERIFY(cache.getBlocking(m_idp->jwksUri()).ok);
        const JwksResult again = cache.getBlocking(m_idp->jwksUri());
        QVERIFY(again.ok);
        QVERIFY(!again.fromCache);
        QCOMPARE(again.http.status, 304);
        QVERIFY(!again.kids.isEmpty());
        QCOMPARE(m_idp->jwksRequests(), 2);
    }

    void idpFaultsYieldSpecificFindings_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("code");
        QTest::newRow("5xx") << int(IdpFault::ServerError) << QStringLiteral("token.http-500");
        QTest::newRow("html page") << int(IdpFault::HtmlErrorPage) << QStringLiteral("net.html-instead-of-json");
        QTest::newRow("slow") << int(IdpFault::Slow) << QStringLiteral("net.timeout");
    }

    void idpFaultsYieldSpecificFindings()
    {
        QFETCH(int, fault);
        QFETCH(QString, code);
        m_idp->setFault(IdpFault(fault));
        HttpPolicy policy;
        policy.setTimeoutMs(400);
        TokenClient client(policy, m_clock);
        TokenRequest request = requestFor(kSpecialId, ClientAuthMethod::ClientSecretBasic);
        request.setCredential(SecretBuffer(kSpecialSecret));
        const TokenResponse response = client.requestBlocking(request);
        QVERIFY(!response.ok);
        QCOMPARE(codes(response.findings), QStringList{code});
        QVERIFY(!response.findings.first().fix.isEmpty());
    }

    void tokenFaultsChangeTheToken_data()
    {
        QTest::addColumn<int>("fault");
        QTest::newRow("wrong issuer") << int(IdpFault::WrongIssuer);
        QTest::newRow("expired") << int(IdpFault::ExpiredToken);
        QTest::newRow("missing claim") << int(IdpFault::MissingClaim);
        QTest::newRow("bad signature") << int(IdpFault::BadSignature);
        QTest::newRow("unknown kid") << int(IdpFault::UnknownKid);
    }

    void tokenFaultsChangeTheToken()
    {
        QFETCH(int, fault);
        m_idp->setFault(IdpFault(fault));
        const DemoClient demo = m_idp->clients().first();
        const QString token = QString::fromLatin1(m_idp->issueToken(demo, QHostAddress::LocalHost));
        const QJsonObject claims = payloadOf(token);
        switch (IdpFault(fault)) {
        case IdpFault::WrongIssuer: QVERIFY(claims.value(QLatin1String("iss")).toString() != m_idp->issuer()); break;
        case IdpFault::ExpiredToken:
            QVERIFY(claims.value(QLatin1String("exp")).toInteger() < m_clock.now().toSecsSinceEpoch());
            break;
        case IdpFault::MissingClaim: QVERIFY(!claims.contains(QLatin1String("cmicuser"))); break;
        case IdpFault::BadSignature: QVERIFY(!signatureVerifies(token)); break;
        case IdpFault::UnknownKid:
            QVERIFY(!m_idp->publishedKids().contains(headerOf(token).value(QLatin1String("kid")).toString()));
            break;
        default: QFAIL("unexpected row");
        }
        m_idp->setFault(IdpFault::None);
        QVERIFY(signatureVerifies(QString::fromLatin1(m_idp->issueToken(demo, QHostAddress::LocalHost))));
    }

    void entraCodesMapToSpecificFixes_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("code");
        QTest::newRow("bad secret") << QStringLiteral("invalid_client")
                                    << QStringLiteral("AADSTS7000215: Invalid client secret provided.")
                                    << QStringLiteral("token.aadsts-7000215");
        QTest::newRow("mapped claims") << QStringLiteral("invalid_request")
                                       << QStringLiteral("AADSTS50146: This application is required to be configured "
                                                         "with an application-specific signing key.")
                                       << QStringLiteral("token.aadsts-50146");
        QTest::newRow("default scope") << QStringLiteral(
            "invalid_scope") << QStringLiteral("AADSTS1002012: The provided value for scope openid is not valid.")
                                       << QStringLiteral("token.aadsts-1002012");
        QTest::newRow("unknown aadsts keeps oauth code")
            << QStringLiteral("invalid_request") << QStringLiteral("AADSTS999999: something")
            << QStringLiteral("token.invalid_request");
        QTest::newRow("plain oauth") << QStringLiteral("unauthorized_client") << QString()
                                     << QStringLiteral("token.unauthorized_client");
    }

    void entraCodesMapToSpecificFixes()
    {
        QFETCH(QString, error);
        QFETCH(QString, description);
        QFETCH(QString, code);
        const Findings findings = TokenClient::findingsForOAuthError(error, description, 400, TokenRequest{});
        QCOMPARE(codes(findings), QStringList{code});
        QVERIFY(!findings.first().fix.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDemoIdp)
#include "tst_demoidp.moc"
