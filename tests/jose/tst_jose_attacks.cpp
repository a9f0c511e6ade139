// The attack table: each forged or malformed token must be rejected, and rejected by the right check.
#include "JoseTestKit.h"

#include "core/jose/Base64Url.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QJsonArray>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace cmic::jose;
namespace tk = cmic::jose::testkit;

namespace {

constexpr qint64 kNow = 1'780'000'000;

QJsonObject goodClaims()
{
    return {{QStringLiteral("iss"), QStringLiteral("https://idp.example/")},
            {QStringLiteral("sub"), QStringLiteral("client-1")},
            {QStringLiteral("aud"), QStringLiteral("api://cmic")},
            {QStringLiteral("client_id"), QStringLiteral("client-1")},
            {QStringLiteral("iat"), kNow - 60},
            {QStringLiteral("exp"), kNow + 3600},
            {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEGRATION")}};
}

QJsonObject header(const QString &alg, const QString &kid)
{
    return {
        {QStringLiteral("alg"), alg}, {QStringLiteral("kid"), kid}, {QStringLiteral("typ"), QStringLiteral("at+jwt")}};
}

QByteArray b64(const QByteArray &b) { return Base64Url::encode(b); }

QByteArray unsignedToken(const QByteArray &headerJson, const QByteArray &payloadJson, const QByteArray &sig = {})
{
    return b64(headerJson) + '.' + b64(payloadJson) + '.' + b64(sig);
}

// Re-signs |headerJson|.|payloadJson| with |key| (the real one unless an attacker's is given).
QByteArray signedRaw(const QByteArray &headerJson, const QByteArray &payloadJson, const tk::TestKey &key)
{
    return tk::token(headerJson, payloadJson, key);
}

QByteArray hmacWithPublicKey(const QByteArray &input, EVP_PKEY *publicKey)
{
    unsigned char *der = nullptr;
    const int derLength = i2d_PUBKEY(publicKey, &der);
    unsigned char mac[64];
    size_t macLength = 0;
    EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, der, size_t(derLength),
              reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac, sizeof mac,
              &macLength);
    OPENSSL_free(der);
    return QByteArray(reinterpret_cast<const char *>(mac), qsizetype(macLength));
}

} // namespace

class TestJoseAttacks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void acceptsGenuineTokens_data();
    void acceptsGenuineTokens();
    void rejectsAttack_data();
    void rejectsAttack();
    void embeddedKeysAreReportedButNeverUsed_data();
    void embeddedKeysAreReportedButNeverUsed();
    void listsEveryFailureNotOnlyTheFirst();

private:
    QByteArray rsaToken(const QJsonObject &claims) const { return tk::token(claims, m_rsa); }
    tk::TestKey m_rsa;
    tk::TestKey m_ec;
    tk::TestKey m_ed;
    tk::TestKey m_attacker;
    std::optional<JwkSet> m_keys;
    ClaimsPolicy m_policy;
    cmic::FixedClock m_clock{QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC)};
};

void TestJoseAttacks::initTestCase()
{
    m_rsa = tk::key(Algorithm::RS256, 0, QStringLiteral("rsa1"));
    m_ec = tk::key(Algorithm::ES256, 0, QStringLiteral("ec1"));
    m_ed = tk::key(Algorithm::EdDSA, 0, QStringLiteral("ed1"));
    m_attacker = tk::key(Algorithm::RS256, 7, QStringLiteral("rsa1"));
    QString error;
    m_keys = JwkSet::parse(tk::jwks({m_rsa.jwk, m_ec.jwk, m_ed.jwk}), &error);
    QVERIFY2(m_keys, qPrintable(error));
    m_policy.issuer = QStringLiteral("https://idp.example/");
    m_policy.appId = QStringLiteral("client-1");
    m_policy.audience = QStringLiteral("api://cmic");
}

void TestJoseAttacks::acceptsGenuineTokens_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("RS256") << tk::token(goodClaims(), m_rsa);
    QTest::newRow("ES256") << tk::token(goodClaims(), m_ec);
    QTest::newRow("EdDSA") << tk::token(goodClaims(), m_ed);
}

void TestJoseAttacks::acceptsGenuineTokens()
{
    QFETCH(QByteArray, token);
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(token, m_policy);
    QVERIFY2(v.valid(), qPrintable(v.failedIds().join(QLatin1Char(','))));
    QCOMPARE(v.status(QStringLiteral("signature")), CheckStatus::Pass);
}

void TestJoseAttacks::rejectsAttack_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QStringList>("mustFail");

    const QByteArray claims = tk::compact(goodClaims());
    const QByteArray real = rsaToken(goodClaims());
    const QByteArray realSig = *Base64Url::decode(real.mid(real.lastIndexOf('.') + 1));
    const QByteArray realInput = real.left(real.lastIndexOf('.'));
    const QStringList alg{QStringLiteral("header.alg")};
    const QStringList sig{QStringLiteral("signature")};
    const QStringList format{QStringLiteral("token.format")};
    const QStringList key{QStringLiteral("key.select")};

    for (const char *none : {"none", "None", "NONE", "nOnE"}) {
        const QByteArray h = tk::compact(header(QString::fromLatin1(none), QStringLiteral("rsa1")));
        QTest::addRow("alg %s, empty signature", none) << unsignedToken(h, claims) << alg;
        QTest::addRow("alg %s, real signature kept", none) << unsignedToken(h, claims, realSig) << alg;
    }
    {
        const QByteArray input =
            b64(tk::compact(header(QStringLiteral("HS256"), QStringLiteral("rsa1")))) + '.' + b64(claims);
        QTest::newRow("HS256 signed with the RSA public key")
            << QByteArray(input + '.' + b64(hmacWithPublicKey(input, m_rsa.pkey.get()))) << alg;
    }
    QTest::newRow("unknown alg ES256K") << signedRaw(
        tk::compact(header(QStringLiteral("ES256K"), QStringLiteral("ec1"))), claims, m_ec)
                                        << alg;
    QTest::newRow("alg missing") << unsignedToken(
        tk::compact(QJsonObject{{QStringLiteral("kid"), QStringLiteral("rsa1")}}), claims, realSig)
                                 << alg;
    {
        const QByteArray h = tk::compact(header(QStringLiteral("ES256"), QStringLiteral("ec1")));
        QTest::newRow("ES256 r=s=0") << unsignedToken(h, claims, QByteArray(64, '\0')) << sig;
        const QByteArray good = tk::token(h, claims, m_ec);
        const QByteArray ecSig = *Base64Url::decode(good.mid(good.lastIndexOf('.') + 1));
        QTest::newRow("ES256 signature too long")
            << QByteArray(good.left(good.lastIndexOf('.') + 1) + b64(ecSig + QByteArray(2, '\0'))) << sig;
        QTest::newRow("ES256 signature too short")
            << QByteArray(good.left(good.lastIndexOf('.') + 1) + b64(ecSig.left(63))) << sig;
    }
    QTest::newRow("RS256 signature too long") << QByteArray(realInput + '.' + b64(realSig + '\0')) << sig;
    QTest::newRow("RS256 signature too short")
        << QByteArray(realInput + '.' + b64(realSig.left(realSig.size() - 1))) << sig;
    QTest::newRow("RS256 signature empty") << QByteArray(realInput + '.') << sig;
    QTest::newRow("signed by another key with a known kid") << tk::token(goodClaims(), m_attacker) << sig;
    QTest::newRow("ES256 header with the RSA key's kid")
        << signedRaw(tk::compact(header(QStringLiteral("ES256"), QStringLiteral("rsa1"))), claims, m_ec) << key;
    {
        tk::TestKey ps = m_rsa;
        ps.algorithm = Algorithm::PS256;
        QTest::newRow("PS256 with a key bound to RS256")
            << signedRaw(tk::compact(header(QStringLiteral("PS256"), QStringLiteral("rsa1"))), claims, ps) << key;
    }
    QTest::newRow("kid with a path") << signedRaw(
        tk::compact(header(QStringLiteral("RS256"), QStringLiteral("../../../../etc/passwd"))), claims, m_rsa)
                                     << key;
    QTest::newRow("kid with SQL") << signedRaw(
        tk::compact(header(QStringLiteral("RS256"), QStringLiteral("x' OR '1'='1' --"))), claims, m_rsa)
                                  << key;
    {
        QJsonObject h = header(QStringLiteral("RS256"), QStringLiteral("rsa1"));
        h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("https://example.com/ext")});
        h.insert(QStringLiteral("https://example.com/ext"), true);
        QTest::newRow("unknown crit") << signedRaw(tk::compact(h), claims, m_rsa)
                                      << QStringList{QStringLiteral("header.crit")};
        h = header(QStringLiteral("RS256"), QStringLiteral("rsa1"));
        h.insert(QStringLiteral("b64"), false);
        h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("b64")});
        QTest::newRow("b64 false") << signedRaw(tk::compact(h), claims, m_rsa)
                                   << QStringList{QStringLiteral("header.b64"), QStringLiteral("header.crit")};
        h = header(QStringLiteral("RS256"), QStringLiteral("rsa1"));
        h.insert(QStringLiteral("cty"), QStringLiteral("JWT"));
        QTest::newRow("nested JWT") << signedRaw(tk::compact(h), real, m_rsa)
                                    << QStringList{QStringLiteral("header.cty"), QStringLiteral("token.payload")};
    }
    {
        QByteArray dup = claims;
        dup.chop(1);
        dup += R"(,"exp":99999999999})";
        QTest::newRow("duplicate claims")
            << signedRaw(tk::compact(header(QStringLiteral("RS256"), QStringLiteral("rsa1"))), dup, m_rsa)
            << QStringList{QStringLiteral("token.payload")};
        const QByteArray dupHeader = R"({"alg":"RS256","kid":"rsa1","alg":"none"})";
        QTest::newRow("duplicate header member")
            << signedRaw(dupHeader, claims, m_rsa) << QStringList{QStringLiteral("token.header")};
    }
    {
        QJsonObject c = goodClaims();
        c.insert(QStringLiteral("exp"), QString::number(kNow + 3600));
        QTest::newRow("exp as string") << rsaToken(c) << QStringList{QStringLiteral("claims.exp")};
        c = goodClaims();
        c.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("api://other"), QStringLiteral("account")});
        QTest::newRow("aud array without the expected value")
            << rsaToken(c) << QStringList{QStringLiteral("claims.aud")};
        c = goodClaims();
        c.insert(QStringLiteral("exp"), kNow - 190);
        QTest::newRow("expired") << rsaToken(c) << QStringList{QStringLiteral("claims.exp")};
    }
    QTest::newRow("empty segments") << QByteArray("..") << format;
    QTest::newRow("empty header segment") << QByteArray("." + b64(claims) + "." + b64(realSig)) << format;
    QTest::newRow("empty string") << QByteArray() << format;
    QTest::newRow("10,000 dots") << QByteArray(10000, '.') << format;
    QTest::newRow("oversize token") << QByteArray(realInput + QByteArray(CompactJws::kMaxTokenBytes, 'A') + '.'
                                                  + b64(realSig))
                                    << format;
    QTest::newRow("JWE (5 parts)") << QByteArray(realInput + ".." + b64("iv") + '.' + b64("tag")) << format;
    {
        QByteArray latin1 = claims;
        latin1.replace("SVC_INTEGRATION", "SVC_\xe9T\xe9");
        QTest::newRow("non-UTF-8 JSON payload")
            << signedRaw(tk::compact(header(QStringLiteral("RS256"), QStringLiteral("rsa1"))), latin1, m_rsa)
            << QStringList{QStringLiteral("token.payload")};
        QTest::newRow("non-UTF-8 JSON header")
            << signedRaw(QByteArray(R"({"alg":"RS256","kid":"rsa1","x":"\xff"})"), claims, m_rsa)
            << QStringList{QStringLiteral("token.header")};
    }
    QTest::newRow("payload not an object")
        << signedRaw(tk::compact(header(QStringLiteral("RS256"), QStringLiteral("rsa1"))), "[1,2]", m_rsa)
        << QStringList{QStringLiteral("token.payload")};
    QTest::newRow("whitespace inside the token") << QByteArray(realInput + ". " + b64(realSig)) << format;
}

void TestJoseAttacks::rejectsAttack()
{
    QFETCH(QByteArray, token);
    QFETCH(QStringList, mustFail);
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(token, m_policy);
    QVERIFY(!v.valid());
    const QStringList failed = v.failedIds();
    for (const QString &id : mustFail)
        QVERIFY2(failed.contains(id),
                 qPrintable(QStringLiteral("expected %1 to fail; failed: %2").arg(id, failed.join(QLatin1Char(',')))));
    QVERIFY(v.status(QStringLiteral("signature")) != CheckStatus::Pass || !failed.isEmpty());
    for (const Check &c : v.checks())
        QVERIFY2(!c.message().isEmpty(), qPrintable(c.id));
}

void TestJoseAttacks::embeddedKeysAreReportedButNeverUsed_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("kid");
    QTest::addColumn<QString>("mustFail");
    QTest::newRow("jwk with the real kid")
        << QStringLiteral("jwk") << QStringLiteral("rsa1") << QStringLiteral("signature");
    QTest::newRow("jwk without kid") << QStringLiteral("jwk") << QString() << QStringLiteral("signature");
    QTest::newRow("jku") << QStringLiteral("jku") << QStringLiteral("attacker") << QStringLiteral("key.select");
    QTest::newRow("x5u") << QStringLiteral("x5u") << QStringLiteral("attacker") << QStringLiteral("key.select");
    QTest::newRow("x5c with the real kid")
        << QStringLiteral("x5c") << QStringLiteral("rsa1") << QStringLiteral("signature");
}

void TestJoseAttacks::embeddedKeysAreReportedButNeverUsed()
{
    QFETCH(QString, member);
    QFETCH(QString, kid);
    QFETCH(QString, mustFail);
    QJsonObject h{{QStringLiteral("alg"), QStringLiteral("RS256")}};
    if (!kid.isEmpty())
        h.insert(QStringLiteral("kid"), kid);
    if (member == QLatin1String("jwk"))
        h.insert(member, m_attacker.jwk);
    else if (member == QLatin1String("x5c"))
        h.insert(member, QJsonArray{QStringLiteral("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")});
    else
        h.insert(member, QStringLiteral("https://attacker.example/keys"));
    const QByteArray token = tk::token(h, goodClaims(), m_attacker);
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(token, m_policy);
    QVERIFY(!v.valid());
    QCOMPARE(v.status(QStringLiteral("header.embeddedKeys")), CheckStatus::Warn);
    QVERIFY(v.find(QStringLiteral("header.embeddedKeys"))->message().contains(member));
    QVERIFY2(v.failedIds().contains(mustFail), qPrintable(v.failedIds().join(QLatin1Char(','))));
}

void TestJoseAttacks::listsEveryFailureNotOnlyTheFirst()
{
    QJsonObject c = goodClaims();
    c.insert(QStringLiteral("iss"), QStringLiteral("https://other.example/"));
    c.insert(QStringLiteral("aud"), QStringLiteral("api://other"));
    c.insert(QStringLiteral("exp"), kNow - 4000);
    QJsonObject h = header(QStringLiteral("RS256"), QStringLiteral("rsa1"));
    h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("zip")});
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(tk::token(h, c, m_attacker), m_policy);
    const QStringList failed = v.failedIds();
    for (const char *id : {"header.crit", "signature", "claims.iss", "claims.aud", "claims.exp"})
        QVERIFY2(failed.contains(QLatin1String(id)), qPrintable(failed.join(QLatin1Char(','))));
    QVERIFY(v.find(QStringLiteral("claims.exp"))->message().contains(QLatin1String("1 h 6 min")));
}

QTEST_GUILESS_MAIN(TestJoseAttacks)
#include "tst_jose_attacks.moc"
