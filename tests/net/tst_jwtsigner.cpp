// JwtSigner::fromPem, the private_key_jwt key reader: which keys it takes, and a clear refusal for the others
// (encrypted, wrong curve, short RSA, not a key) -- never a pass-phrase prompt on the terminal.
#include "TestCertificates.h"
#include "core/jose/Algorithm.h"
#include "core/jose/Base64Url.h"
#include "core/jose/SignatureVerifier.h"
#include "core/model/AppRegistration.h"
#include "core/net/Certificate.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwtSigner.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"

#include <QJsonDocument>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace cmic;
using namespace cmic::net;

namespace {

QJsonObject segmentJson(const QByteArray &jws, int index)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jws.split('.').value(index), QByteArray::Base64UrlEncoding))
        .object();
}

// RSA-PSS verification straight with OpenSSL, with an exact salt length (not "auto"): RFC 7518 §3.5 wants the
// salt as long as the digest (32 bytes for PS256).
bool opensslVerifiesPss(EVP_PKEY *key, const QByteArray &jws, int saltLength)
{
    const qsizetype lastDot = jws.lastIndexOf('.');
    const QByteArray input = jws.left(lastDot);
    const QByteArray signature = QByteArray::fromBase64(jws.mid(lastDot + 1), QByteArray::Base64UrlEncoding);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, key) == 1
              && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
              && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltLength) == 1;
    ok = ok
         && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
                             size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
                             size_t(input.size()))
                == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray text(data, qsizetype(size));
    BIO_free(bio);
    return text;
}

EVP_PKEY *generate(const char *type, const char *curveOrNull, unsigned bits)
{
    if (curveOrNull)
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curveOrNull);
    return EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t(bits));
}

QByteArray pkcs8(EVP_PKEY *key, const char *passphraseOrNull)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *pass = const_cast<char *>(passphraseOrNull);
    PEM_write_bio_PKCS8PrivateKey(bio, key, passphraseOrNull ? EVP_aes_256_cbc() : nullptr, pass,
                                  passphraseOrNull ? int(qstrlen(passphraseOrNull)) : 0, nullptr, nullptr);
    return bioText(bio);
}

QByteArray traditional(EVP_PKEY *key, const char *passphraseOrNull)
{
    BIO *bio = BIO_new(BIO_s_mem());
    auto *pass = reinterpret_cast<unsigned char *>(const_cast<char *>(passphraseOrNull));
    PEM_write_bio_PrivateKey_traditional(bio, key, passphraseOrNull ? EVP_aes_128_cbc() : nullptr, pass,
                                         passphraseOrNull ? int(qstrlen(passphraseOrNull)) : 0, nullptr, nullptr);
    return bioText(bio);
}

} // namespace

class TestJwtSigner : public QObject
{
    Q_OBJECT

private slots:
    void readsRsaAndP256InBothPemForms()
    {
        EVP_PKEY *rsa = generate("RSA", nullptr, 2048);
        EVP_PKEY *ec = generate("EC", "P-256", 0);
        for (const QByteArray &pem : {pkcs8(rsa, nullptr), traditional(rsa, nullptr)}) {
            QString error;
            const JwtSigner signer = JwtSigner::fromPem(pem, &error);
            QVERIFY2(signer.isValid(), qPrintable(error));
            QVERIFY(signer.isRsa());
            QVERIFY(signer.supports(QStringLiteral("RS256")));
        }
        for (const QByteArray &pem : {pkcs8(ec, nullptr), traditional(ec, nullptr)}) {
            QString error;
            const JwtSigner signer = JwtSigner::fromPem(pem, &error);
            QVERIFY2(signer.isValid(), qPrintable(error));
            QCOMPARE(signer.defaultAlgorithm(), QStringLiteral("ES256"));
        }
        EVP_PKEY_free(rsa);
        EVP_PKEY_free(ec);
    }

    void refusesEncryptedKeysWithoutPrompting()
    {
        EVP_PKEY *ec = generate("EC", "P-256", 0);
        for (const QByteArray &pem : {pkcs8(ec, "correct horse"), traditional(ec, "correct horse")}) {
            QVERIFY(pem.contains("ENCRYPTED"));
            QString error;
            QVERIFY(!JwtSigner::fromPem(pem, &error).isValid());
            QVERIFY2(error.contains(QLatin1String("pass phrase")), qPrintable(error));
            QVERIFY(error.contains(QLatin1String("openssl pkey")));
        }
        EVP_PKEY_free(ec);
    }

    void refusesCurvesOtherThanP256()
    {
        EVP_PKEY *p384 = generate("EC", "P-384", 0);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pkcs8(p384, nullptr), &error).isValid());
        QVERIFY2(error.contains(QLatin1String("secp384r1")) && error.contains(QLatin1String("P-256")),
                 qPrintable(error));
        EVP_PKEY_free(p384);
    }

    void refusesShortRsaKeys()
    {
        EVP_PKEY *rsa = generate("RSA", nullptr, 1024);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pkcs8(rsa, nullptr), &error).isValid());
        QVERIFY2(error.contains(QLatin1String("1024")) && error.contains(QLatin1String("2048")), qPrintable(error));
        EVP_PKEY_free(rsa);
    }

    void refusesOtherKeyTypesAndText_data()
    {
        QTest::addColumn<QByteArray>("pem");
        EVP_PKEY *ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        QTest::newRow("Ed25519") << pkcs8(ed, nullptr);
        EVP_PKEY_free(ed);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("a certificate header")
            << QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        QTest::newRow("truncated") << QByteArray("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n");
    }

    void refusesOtherKeyTypesAndText()
    {
        QFETCH(QByteArray, pem);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pem, &error).isValid());
        QVERIFY(!error.isEmpty());
    }

    void ps256VerifiesWithOurVerifierAndWithOpenSsl()
    {
        const JwtSigner signer = JwtSigner::generateRsa(2048);
        QString error;
        const QByteArray jws = signer.sign(QJsonObject{{QStringLiteral("sub"), QStringLiteral("c")}},
                                           QStringLiteral("PS256"), QStringLiteral("k1"), {}, &error);
        QVERIFY2(!jws.isEmpty(), qPrintable(error));
        QCOMPARE(segmentJson(jws, 0).value(QLatin1String("alg")).toString(), QStringLiteral("PS256"));
        QCOMPARE(segmentJson(jws, 0).value(QLatin1String("kid")).toString(), QStringLiteral("k1"));
        const qsizetype lastDot = jws.lastIndexOf('.');
        const auto signature = cmic::jose::Base64Url::decode(jws.mid(lastDot + 1));
        QVERIFY(signature);
        QString why;
        QVERIFY2(cmic::jose::SignatureVerifier::verify(cmic::jose::Algorithm::PS256, signer.pkey(), jws.left(lastDot),
                                                       *signature, &why),
                 qPrintable(why));
        QVERIFY(opensslVerifiesPss(signer.pkey(), jws, 32));
        // Salt length is the digest length, not the maximum (OpenSSL's default) nor 20.
        QVERIFY(!opensslVerifiesPss(signer.pkey(), jws, 20));
        QVERIFY(!opensslVerifiesPss(signer.pkey(), jws, 222));
        // PSS is randomised: a second signature differs but verifies too.
        const QByteArray again = signer.sign(QJsonObject{{QStringLiteral("sub"), QStringLiteral("c")}},
                                             QStringLiteral("PS256"), QStringLiteral("k1"));
        QVERIFY(again != jws);
        QVERIFY(opensslVerifiesPss(signer.pkey(), again, 32));
    }

    void thumbprintsAreTheCertificateFingerprints()
    {
        const JwtSigner signer = JwtSigner::generateRsa(2048);
        const QByteArray pem = cmic::test::selfSignedCertificate(signer.pkey());
        QVERIFY(!pem.isEmpty());
        QString error;
        const Certificate certificate = Certificate::fromPem(pem, &error);
        QVERIFY2(certificate.isValid(), qPrintable(error));
        const QByteArray der = cmic::test::certificateDer(pem);
        QCOMPARE(certificate.der(), der);
        // What "openssl x509 -fingerprint -sha1/-sha256" prints, as bytes.
        const QByteArray sha1 = cmic::test::certificateFingerprint(pem, EVP_sha1());
        const QByteArray sha256 = cmic::test::certificateFingerprint(pem, EVP_sha256());
        QCOMPARE(sha1.size(), 20);
        QCOMPARE(sha256.size(), 32);
        QCOMPARE(certificate.sha1Thumbprint(), sha1);
        QCOMPARE(certificate.sha256Thumbprint(), sha256);
        QCOMPARE(certificate.x5t(),
                 QString::fromLatin1(sha1.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        QCOMPARE(certificate.x5tS256(),
                 QString::fromLatin1(sha256.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        QVERIFY(!certificate.x5t().contains(QLatin1Char('=')));
        QCOMPARE(certificate.keyType(), QStringLiteral("RSA"));
        QCOMPARE(certificate.subject(), QStringLiteral("CN=cmic-test-client"));
        QVERIFY(certificate.matchesKey(signer.pkey()));
        QVERIFY(!certificate.matchesKey(JwtSigner::generateRsa(2048).pkey()));
        const JwtSigner ec = JwtSigner::generateEc();
        const Certificate ecCertificate = Certificate::fromPem(cmic::test::selfSignedCertificate(ec.pkey()));
        QCOMPARE(ecCertificate.keyType(), QStringLiteral("EC P-256"));
        QVERIFY(ecCertificate.matchesKey(ec.pkey()));
        QVERIFY(!ecCertificate.matchesKey(signer.pkey()));
    }

    void certificateReaderRefusesKeysAndText()
    {
        QString error;
        QVERIFY(!Certificate::fromPem(JwtSigner::generateEc().privateKeyPem(), &error).isValid());
        QVERIFY2(error.contains(QLatin1String("private key")), qPrintable(error));
        QVERIFY(
            !Certificate::fromPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", &error).isValid());
        QVERIFY(error.contains(QLatin1String("BEGIN CERTIFICATE")));
    }

    void assertionHeaderCarriesWhatTheRegistrationSays_data()
    {
        QTest::addColumn<bool>("rsa");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("kid");
        QTest::addColumn<int>("thumbprint");
        QTest::addColumn<QString>("expectedAlg");
        const int none = int(AssertionThumbprint::None);
        const int x5t = int(AssertionThumbprint::X5t);
        const int s256 = int(AssertionThumbprint::X5tS256);
        QTest::newRow("PS256 kid x5t#S256")
            << true << QStringLiteral("PS256") << QStringLiteral("k1") << s256 << QStringLiteral("PS256");
        QTest::newRow("PS256 x5t") << true << QStringLiteral("PS256") << QString() << x5t << QStringLiteral("PS256");
        QTest::newRow("RS256 kid none") << true << QStringLiteral("RS256") << QStringLiteral("k2") << none
                                        << QStringLiteral("RS256");
        QTest::newRow("RS256 x5t") << true << QStringLiteral("RS256") << QString() << x5t << QStringLiteral("RS256");
        QTest::newRow("default RSA") << true << QString() << QString() << none << QStringLiteral("RS256");
        QTest::newRow("ES256 x5t#S256") << false << QStringLiteral("ES256") << QStringLiteral("e1") << s256
                                        << QStringLiteral("ES256");
        QTest::newRow("default EC x5t") << false << QString() << QString() << x5t << QStringLiteral("ES256");
    }

    void assertionHeaderCarriesWhatTheRegistrationSays()
    {
        QFETCH(bool, rsa);
        QFETCH(QString, algorithm);
        QFETCH(QString, kid);
        QFETCH(int, thumbprint);
        QFETCH(QString, expectedAlg);
        const JwtSigner signer = rsa ? JwtSigner::generateRsa(2048) : JwtSigner::generateEc();
        const QByteArray certificatePem = cmic::test::selfSignedCertificate(signer.pkey());
        const Certificate certificate = Certificate::fromPem(certificatePem);
        AppRegistration registration;
        registration.id = QStringLiteral("r1");
        registration.appId = QStringLiteral("client-1");
        registration.tokenEndpoint = QStringLiteral("http://127.0.0.1:9/token");
        registration.authMethod = ClientAuthMethod::PrivateKeyJwt;
        registration.assertionAlgorithm = algorithm;
        registration.assertionKeyId = kid;
        registration.assertionCertificate = QString::fromLatin1(certificatePem);
        registration.assertionThumbprint = AssertionThumbprint(thumbprint);
        const TokenRequest request =
            TokenRequest::forRegistration(registration, cmic::SecretBuffer(signer.privateKeyPem()));
        QCOMPARE(request.signingAlgorithm, algorithm);
        QCOMPARE(request.keyId, kid);
        HttpPolicy policy;
        FixedClock clock(QDateTime::currentDateTimeUtc());
        TokenClient client(policy, clock);
        QString error;
        const QByteArray jws = client.clientAssertion(request, &error);
        QVERIFY2(!jws.isEmpty(), qPrintable(error));
        const QJsonObject header = segmentJson(jws, 0);
        QCOMPARE(header.value(QLatin1String("alg")).toString(), expectedAlg);
        QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(header.contains(QLatin1String("kid")), !kid.isEmpty());
        QCOMPARE(header.value(QLatin1String("kid")).toString(), kid);
        QCOMPARE(header.contains(QLatin1String("x5t")), thumbprint == int(AssertionThumbprint::X5t));
        QCOMPARE(header.contains(QLatin1String("x5t#S256")), thumbprint == int(AssertionThumbprint::X5tS256));
        if (thumbprint == int(AssertionThumbprint::X5t))
            QCOMPARE(header.value(QLatin1String("x5t")).toString(), certificate.x5t());
        if (thumbprint == int(AssertionThumbprint::X5tS256))
            QCOMPARE(header.value(QLatin1String("x5t#S256")).toString(), certificate.x5tS256());
        const qsizetype lastDot = jws.lastIndexOf('.');
        const auto signature = cmic::jose::Base64Url::decode(jws.mid(lastDot + 1));
        QVERIFY(signature);
        QString why;
        QVERIFY2(cmic::jose::SignatureVerifier::verify(*cmic::jose::algorithmFromName(expectedAlg),
                                                       certificate.publicKey(), jws.left(lastDot), *signature, &why),
                 qPrintable(why));
    }

    void assertionAlgorithmComesFromDiscoveryWhenNotChosen()
    {
        const JwtSigner rsa = JwtSigner::generateRsa(2048);
        TokenRequest request;
        request.clientId = QStringLiteral("c");
        request.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
        request.authMethod = ClientAuthMethod::PrivateKeyJwt;
        request.setCredential(cmic::SecretBuffer(rsa.privateKeyPem()));
        request.idpAlgorithms = {QStringLiteral("ES256"), QStringLiteral("PS256")};
        HttpPolicy policy;
        FixedClock clock(QDateTime::currentDateTimeUtc());
        TokenClient client(policy, clock);
        QString error;
        QCOMPARE(segmentJson(client.clientAssertion(request, &error), 0).value(QLatin1String("alg")).toString(),
                 QStringLiteral("PS256"));
        request.signingAlgorithm = QStringLiteral("RS256");
        QCOMPARE(segmentJson(client.clientAssertion(request, &error), 0).value(QLatin1String("alg")).toString(),
                 QStringLiteral("RS256"));
    }

    void assertionRefusesWhatTheKeyOrCertificateCannotGive()
    {
        const JwtSigner ec = JwtSigner::generateEc();
        TokenRequest request;
        request.clientId = QStringLiteral("c");
        request.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
        request.authMethod = ClientAuthMethod::PrivateKeyJwt;
        request.setCredential(cmic::SecretBuffer(ec.privateKeyPem()));
        request.signingAlgorithm = QStringLiteral("PS256");
        HttpPolicy policy;
        FixedClock clock(QDateTime::currentDateTimeUtc());
        TokenClient client(policy, clock);
        QString error;
        QString field;
        QVERIFY(client.clientAssertion(request, &error, &field).isEmpty());
        QCOMPARE(field, QStringLiteral("assertionAlgorithm"));
        QVERIFY2(error.contains(QLatin1String("PS256")) && error.contains(QLatin1String("ES256")), qPrintable(error));
        request.signingAlgorithm.clear();
        request.thumbprint = AssertionThumbprint::X5tS256;
        QVERIFY(client.clientAssertion(request, &error, &field).isEmpty());
        QCOMPARE(field, QStringLiteral("assertionCertificate"));
        QVERIFY2(error.contains(QLatin1String("x5t#S256")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestJwtSigner)
#include "tst_jwtsigner.moc"
