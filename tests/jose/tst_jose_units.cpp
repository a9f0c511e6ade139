// Base64Url, strict JSON, CompactJws, Jwk/JwkSet and SignatureVerifier.
#include "JoseTestKit.h"

#include "core/jose/Base64Url.h"
#include "core/jose/CompactJws.h"
#include "core/jose/Jwk.h"
#include "core/jose/JwkSet.h"
#include "core/jose/SignatureVerifier.h"
#include "core/jose/StrictJson.h"

#include <QJsonArray>
#include <QTest>

#include <openssl/evp.h>

using namespace cmic::jose;
namespace tk = cmic::jose::testkit;

class TestJoseUnits : public QObject
{
    Q_OBJECT

private slots:
    void base64UrlDecodesStrictly_data();
    void base64UrlDecodesStrictly();
    void base64UrlRoundTrips();

    void strictJsonRules_data();
    void strictJsonRules();

    void compactJwsSplitsThreeParts();
    void compactJwsRejectsBadStructure_data();
    void compactJwsRejectsBadStructure();
    void compactJwsReportsHeaderAndPayloadSeparately();

    void jwkBuildsEveryKeyType_data();
    void jwkBuildsEveryKeyType();
    void jwkReportsProblems_data();
    void jwkReportsProblems();
    void jwkFitsHonoursAlgUseAndKeyOps();

    void jwkSetSelectsByKidAndExplainsMisses();
    void jwkSetDuplicateKidIsAmbiguous();
    void jwkSetWithoutKidTriesFittingKeys();
    void jwkSetRejectsMalformedSets_data();
    void jwkSetRejectsMalformedSets();

    void signatureVerifiesEveryAlgorithm_data();
    void signatureVerifiesEveryAlgorithm();
    void rejectsPssWithWrongSaltLength();
    void rejectsDerEncodedEcdsaSignature();
    void rejectsKeyOfWrongType();
};

void TestJoseUnits::base64UrlDecodesStrictly_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray() << true << QByteArray();
    QTest::newRow("f") << QByteArray("Zg") << true << QByteArray("f");
    QTest::newRow("fo") << QByteArray("Zm8") << true << QByteArray("fo");
    QTest::newRow("foo") << QByteArray("Zm9v") << true << QByteArray("foo");
    QTest::newRow("url alphabet") << QByteArray("-_8") << true << QByteArray("\xfb\xff", 2);
    QTest::newRow("padding refused") << QByteArray("Zg==") << false << QByteArray();
    QTest::newRow("plus refused") << QByteArray("+/8") << false << QByteArray();
    QTest::newRow("space refused") << QByteArray("Zm 9v") << false << QByteArray();
    QTest::newRow("length 1 mod 4") << QByteArray("Zm9vY") << false << QByteArray();
    QTest::newRow("non-canonical 2") << QByteArray("Zh") << false << QByteArray();
    QTest::newRow("non-canonical 3") << QByteArray("Zm9") << false << QByteArray();
    QTest::newRow("nul byte") << QByteArray("Zm\0v", 4) << false << QByteArray();
}

void TestJoseUnits::base64UrlDecodesStrictly()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    const auto decoded = Base64Url::decode(text);
    QCOMPARE(decoded.has_value(), ok);
    if (ok)
        QCOMPARE(*decoded, bytes);
}

void TestJoseUnits::base64UrlRoundTrips()
{
    QByteArray data;
    for (int i = 0; i < 300; ++i) {
        const QByteArray enc = Base64Url::encode(data);
        QVERIFY(!enc.contains('=') && !enc.contains('+') && !enc.contains('/'));
        QCOMPARE(Base64Url::decode(enc).value_or(QByteArray("x")), data);
        data.append(char(i * 37));
    }
}

void TestJoseUnits::strictJsonRules_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::newRow("object") << QByteArray(R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})") << true;
    QTest::newRow("whitespace") << QByteArray(" {\n\t\"a\" : 1 }\r\n") << true;
    QTest::newRow("unicode escape") << QByteArray(R"({"a":"\u00e9\ud83d\ude00"})") << true;
    QTest::newRow("utf8") << QByteArray("{\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\"}") << true;
    QTest::newRow("duplicate") << QByteArray(R"({"exp":1,"exp":2})") << false;
    QTest::newRow("duplicate nested") << QByteArray(R"({"a":{"x":1,"x":1}})") << false;
    QTest::newRow("duplicate via escape") << QByteArray(R"({"alg":1,"\u0061lg":2})") << false;
    QTest::newRow("same name different objects") << QByteArray(R"({"a":{"x":1},"b":{"x":1}})") << true;
    QTest::newRow("array top") << QByteArray("[1]") << false;
    QTest::newRow("trailing text") << QByteArray("{} x") << false;
    QTest::newRow("two objects") << QByteArray("{}{}") << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << false;
    QTest::newRow("single quotes") << QByteArray("{'a':1}") << false;
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})") << false;
    QTest::newRow("raw control char") << QByteArray("{\"a\":\"x\ty\"}") << false;
    QTest::newRow("invalid utf8") << QByteArray("{\"a\":\"\xff\"}") << false;
    QTest::newRow("overlong utf8") << QByteArray("{\"a\":\"\xc0\xaf\"}") << false;
    QTest::newRow("utf8 surrogate") << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << false;
    QTest::newRow("lone surrogate escape") << QByteArray(R"({"a":"\ud800"})") << false;
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf{}") << false;
    QTest::newRow("latin1 name") << QByteArray("{\"\xe9\":1}") << false;
    QTest::newRow("deep") << (QByteArray(70, '[').prepend("{\"a\":") + QByteArray(70, ']') + "}") << false;
    QTest::newRow("nan") << QByteArray(R"({"a":NaN})") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestJoseUnits::strictJsonRules()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QString error;
    const auto object = parseStrictJsonObject(json, &error);
    QCOMPARE(object.has_value(), ok);
    QCOMPARE(error.isEmpty(), ok);
}

void TestJoseUnits::compactJwsSplitsThreeParts()
{
    const QByteArray token = Base64Url::encode(R"({"alg":"RS256"})") + '.' + Base64Url::encode(R"({"sub":"x"})") + '.'
                             + Base64Url::encode("sig");
    const CompactJws jws = CompactJws::parse(token);
    QVERIFY2(jws.ok(), qPrintable(jws.formatError + jws.headerError + jws.payloadError));
    QCOMPARE(jws.header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(jws.claims.value(QLatin1String("sub")).toString(), QStringLiteral("x"));
    QCOMPARE(jws.signature, QByteArray("sig"));
    QCOMPARE(jws.signingInput, token.left(token.lastIndexOf('.')));
}

void TestJoseUnits::compactJwsRejectsBadStructure_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray h = Base64Url::encode(R"({"alg":"RS256"})");
    const QByteArray p = Base64Url::encode(R"({"sub":"x"})");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one part") << h;
    QTest::newRow("two parts") << h + '.' + p;
    QTest::newRow("four parts") << h + '.' + p + ".c2ln.c2ln";
    QTest::newRow("five parts (JWE)") << h + "...." + p;
    QTest::newRow("empty header") << "." + p + ".c2ln";
    QTest::newRow("padding") << h + '.' + p + ".c2lnAA==";
    QTest::newRow("10000 dots") << QByteArray(10000, '.');
    QTest::newRow("oversize") << h + '.' + QByteArray(CompactJws::kMaxTokenBytes, 'A') + ".c2ln";
    QTest::newRow("space") << h + ". " + p + ".c2ln";
}

void TestJoseUnits::compactJwsRejectsBadStructure()
{
    QFETCH(QByteArray, token);
    const CompactJws jws = CompactJws::parse(token);
    QVERIFY(!jws.formatOk());
    QVERIFY(!jws.formatError.isEmpty());
    QVERIFY(!jws.ok());
}

void TestJoseUnits::compactJwsReportsHeaderAndPayloadSeparately()
{
    const QByteArray badHeader = Base64Url::encode(R"({"alg":"RS256","alg":"none"})");
    const QByteArray goodPayload = Base64Url::encode(R"({"sub":"x"})");
    CompactJws jws = CompactJws::parse(QByteArray(badHeader + '.' + goodPayload + ".c2ln"));
    QVERIFY(jws.formatOk());
    QVERIFY(!jws.headerOk());
    QVERIFY(jws.headerError.contains(QLatin1String("alg")));
    QVERIFY(jws.payloadOk());

    jws = CompactJws::parse(
        QByteArray(Base64Url::encode(R"({"alg":"RS256"})") + '.' + Base64Url::encode("not json") + ".c2ln"));
    QVERIFY(jws.headerOk());
    QVERIFY(!jws.payloadOk());
    // Plain JWS payloads may be any octets.
    jws = CompactJws::parse(
        QByteArray(Base64Url::encode(R"({"alg":"RS256"})") + '.' + Base64Url::encode("not json") + ".c2ln"),
        CompactJws::PayloadKind::Bytes);
    QVERIFY(jws.ok());
    QCOMPARE(jws.payloadBytes, QByteArray("not json"));
}

void TestJoseUnits::jwkBuildsEveryKeyType_data()
{
    QTest::addColumn<int>("alg");
    for (Algorithm a : {Algorithm::RS256, Algorithm::ES256, Algorithm::ES384, Algorithm::ES512, Algorithm::EdDSA})
        QTest::newRow(qPrintable(algorithmName(a))) << int(a);
}

void TestJoseUnits::jwkBuildsEveryKeyType()
{
    QFETCH(int, alg);
    const tk::TestKey k = tk::key(Algorithm(alg));
    const Jwk jwk = Jwk::fromJson(k.jwk);
    QVERIFY2(jwk.usable(), qPrintable(jwk.problems().join(QLatin1Char(';'))));
    QVERIFY(jwk.pkey());
    QVERIFY(jwk.fits(Algorithm(alg)));
    QCOMPARE(EVP_PKEY_eq(jwk.pkey(), k.pkey.get()), 1);
}

void TestJoseUnits::jwkReportsProblems_data()
{
    QTest::addColumn<QJsonObject>("jwk");
    QTest::addColumn<QString>("expected");
    const QJsonObject rsa = tk::key(Algorithm::RS256).jwk;
    const QJsonObject ec = tk::key(Algorithm::ES256).jwk;
    const QJsonObject ed = tk::key(Algorithm::EdDSA).jwk;

    QJsonObject o = rsa;
    o.insert(QStringLiteral("d"), QStringLiteral("AQAB"));
    QTest::newRow("rsa private member") << o << QStringLiteral("private key material");
    o = rsa;
    o.insert(QStringLiteral("n"), QString::fromLatin1(Base64Url::encode(QByteArray(128, '\xc1'))));
    QTest::newRow("rsa 1024") << o << QStringLiteral("1024 bits");
    o = rsa;
    o.insert(QStringLiteral("e"), QStringLiteral("AQ"));
    QTest::newRow("rsa e=1") << o << QStringLiteral("exponent");
    o = rsa;
    o.remove(QStringLiteral("n"));
    QTest::newRow("rsa no n") << o << QStringLiteral("\"n\" is missing");
    o = ec;
    o.insert(QStringLiteral("d"), QStringLiteral("AQAB"));
    QTest::newRow("ec private member") << o << QStringLiteral("private key material");
    o = ec;
    QByteArray y = *Base64Url::decode(ec.value(QLatin1String("y")).toString().toLatin1());
    y[31] = char(y[31] ^ 1);
    o.insert(QStringLiteral("y"), QString::fromLatin1(Base64Url::encode(y)));
    QTest::newRow("ec off curve") << o << QStringLiteral("not on curve");
    o = ec;
    o.insert(QStringLiteral("x"), QString::fromLatin1(Base64Url::encode(QByteArray(31, 'A'))));
    QTest::newRow("ec short x") << o << QStringLiteral("exactly 32 bytes");
    o = ec;
    o.insert(QStringLiteral("alg"), QStringLiteral("ES384"));
    QTest::newRow("ec alg curve mismatch") << o << QStringLiteral("does not match");
    o = ec;
    o.insert(QStringLiteral("crv"), QStringLiteral("P-192"));
    QTest::newRow("ec unknown curve") << o << QStringLiteral("not supported");
    o = ed;
    o.insert(QStringLiteral("d"), QStringLiteral("AQAB"));
    QTest::newRow("okp private member") << o << QStringLiteral("private key material");
    o = ed;
    o.insert(QStringLiteral("crv"), QStringLiteral("X25519"));
    QTest::newRow("okp x25519") << o << QStringLiteral("not supported");
    QTest::newRow("oct") << QJsonObject{{QStringLiteral("kty"), QStringLiteral("oct")},
                                        {QStringLiteral("k"), QStringLiteral("AAAA")}}
                         << QStringLiteral("symmetric");
    QTest::newRow("no kty") << QJsonObject{{QStringLiteral("n"), QStringLiteral("AAAA")}} << QStringLiteral("kty");
    o = rsa;
    o.insert(QStringLiteral("alg"), QStringLiteral("RSA1_5"));
    QTest::newRow("encryption alg") << o << QStringLiteral("not a signature algorithm");
}

void TestJoseUnits::jwkReportsProblems()
{
    QFETCH(QJsonObject, jwk);
    QFETCH(QString, expected);
    const Jwk key = Jwk::fromJson(jwk);
    QVERIFY(!key.usable());
    const QString all = key.problems().join(QLatin1Char(';'));
    QVERIFY2(all.contains(expected), qPrintable(all));
    QString why;
    QVERIFY(!key.fits(Algorithm::RS256, &why));
    QVERIFY(!why.isEmpty());
}

void TestJoseUnits::jwkFitsHonoursAlgUseAndKeyOps()
{
    QJsonObject o = tk::key(Algorithm::RS256).jwk; // alg RS256, use sig
    QString why;
    QVERIFY(Jwk::fromJson(o).fits(Algorithm::RS256));
    QVERIFY(!Jwk::fromJson(o).fits(Algorithm::PS256, &why));
    QVERIFY(why.contains(QLatin1String("bound to alg RS256")));
    QVERIFY(!Jwk::fromJson(o).fits(Algorithm::ES256, &why));
    o.remove(QStringLiteral("alg"));
    QVERIFY(Jwk::fromJson(o).fits(Algorithm::PS512)); // no alg: any RSA alg
    o.insert(QStringLiteral("use"), QStringLiteral("enc"));
    QVERIFY(!Jwk::fromJson(o).fits(Algorithm::RS256, &why));
    QVERIFY(why.contains(QLatin1String("enc")));
    o.remove(QStringLiteral("use"));
    o.insert(QStringLiteral("key_ops"), QJsonArray{QStringLiteral("encrypt")});
    QVERIFY(!Jwk::fromJson(o).fits(Algorithm::RS256, &why));
    QVERIFY(why.contains(QLatin1String("verify")));
    o.insert(QStringLiteral("key_ops"), QJsonArray{QStringLiteral("verify")});
    QVERIFY(Jwk::fromJson(o).fits(Algorithm::RS256));
}

void TestJoseUnits::jwkSetSelectsByKidAndExplainsMisses()
{
    const auto set = JwkSet::parse(tk::jwks({tk::key(Algorithm::RS256, 0, QStringLiteral("k1")).jwk,
                                             tk::key(Algorithm::ES256, 0, QStringLiteral("k2")).jwk}),
                                   nullptr);
    QVERIFY(set);
    QCOMPARE(set->keys().size(), 2);
    auto s = set->select(QStringLiteral("k2"), true, Algorithm::ES256);
    QCOMPARE(s.status, CheckStatus::Pass);
    QCOMPARE(s.candidates.size(), 1);
    QCOMPARE(s.candidates.first()->kid(), QStringLiteral("k2"));

    s = set->select(QStringLiteral("abc"), true, Algorithm::RS256);
    QCOMPARE(s.status, CheckStatus::Fail);
    QVERIFY(s.candidates.isEmpty());
    QVERIFY2(s.message.contains(QLatin1String("kid 'abc' is not in the JWKS; it has 'k1', 'k2'")),
             qPrintable(s.message));
    QVERIFY(s.message.contains(QLatin1String("rotated")));

    s = set->select(QStringLiteral("k1"), true, Algorithm::ES256); // kid exists, wrong alg for it
    QCOMPARE(s.status, CheckStatus::Fail);
    QVERIFY(s.message.contains(QLatin1String("cannot verify ES256")));
}

void TestJoseUnits::jwkSetDuplicateKidIsAmbiguous()
{
    const auto set = JwkSet::parse(tk::jwks({tk::key(Algorithm::RS256, 0, QStringLiteral("same")).jwk,
                                             tk::key(Algorithm::RS256, 1, QStringLiteral("same")).jwk,
                                             tk::key(Algorithm::ES256, 0, QStringLiteral("same")).jwk}),
                                   nullptr);
    QVERIFY(set);
    QVERIFY(set->problems().join(QLatin1Char(';')).contains(QLatin1String("more than one key")));
    auto s = set->select(QStringLiteral("same"), true, Algorithm::RS256);
    QCOMPARE(s.status, CheckStatus::Fail);
    QVERIFY(s.message.contains(QLatin1String("ambiguous")));
    // The same kid on keys of different types is resolved by the alg.
    s = set->select(QStringLiteral("same"), true, Algorithm::ES256);
    QCOMPARE(s.status, CheckStatus::Pass);
}

void TestJoseUnits::jwkSetWithoutKidTriesFittingKeys()
{
    const auto set =
        JwkSet::parse(tk::jwks({tk::key(Algorithm::RS256, 0).jwk, tk::key(Algorithm::ES256).jwk}), nullptr);
    QVERIFY(set);
    auto s = set->select({}, false, Algorithm::RS256);
    QCOMPARE(s.status, CheckStatus::Warn);
    QCOMPARE(s.candidates.size(), 1);
    s = set->select({}, false, Algorithm::EdDSA);
    QCOMPARE(s.status, CheckStatus::Fail);
}

void TestJoseUnits::jwkSetRejectsMalformedSets_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("html") << QByteArray("<html></html>");
    QTest::newRow("no keys") << QByteArray(R"({"issuer":"x"})");
    QTest::newRow("keys not array") << QByteArray(R"({"keys":{}})");
    QTest::newRow("entry not object") << QByteArray(R"({"keys":[1]})");
    QTest::newRow("duplicate member") << QByteArray(R"({"keys":[],"keys":[]})");
}

void TestJoseUnits::jwkSetRejectsMalformedSets()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!JwkSet::parse(json, &error));
    QVERIFY(!error.isEmpty());
}

void TestJoseUnits::signatureVerifiesEveryAlgorithm_data()
{
    QTest::addColumn<int>("alg");
    for (Algorithm a : supportedAlgorithms())
        QTest::newRow(qPrintable(algorithmName(a))) << int(a);
}

void TestJoseUnits::signatureVerifiesEveryAlgorithm()
{
    QFETCH(int, alg);
    const Algorithm a = Algorithm(alg);
    const tk::TestKey k = tk::key(a);
    const Jwk jwk = Jwk::fromJson(k.jwk);
    const QByteArray input = "header.payload";
    QByteArray sig = tk::sign(a, k.pkey.get(), input);
    QString why;
    QVERIFY2(SignatureVerifier::verify(a, jwk.pkey(), input, sig, &why), qPrintable(why));
    QVERIFY(!SignatureVerifier::verify(a, jwk.pkey(), "header.payloaD", sig));
    QByteArray tampered = sig;
    tampered[tampered.size() / 2] = char(tampered[tampered.size() / 2] ^ 0x01);
    QVERIFY(!SignatureVerifier::verify(a, jwk.pkey(), input, tampered));
    QVERIFY(!SignatureVerifier::verify(a, jwk.pkey(), input, QByteArray(sig + '\0'), &why));
    QVERIFY(!why.isEmpty());
    QVERIFY(!SignatureVerifier::verify(a, jwk.pkey(), input, sig.left(sig.size() - 1)));
    QVERIFY(!SignatureVerifier::verify(a, jwk.pkey(), input, QByteArray()));
}

void TestJoseUnits::rejectsPssWithWrongSaltLength()
{
    const tk::TestKey k = tk::key(Algorithm::PS256);
    const Jwk jwk = Jwk::fromJson(k.jwk);
    const QByteArray input = "a.b";
    QVERIFY(SignatureVerifier::verify(Algorithm::PS256, jwk.pkey(), input,
                                      tk::sign(Algorithm::PS256, k.pkey.get(), input, 32)));
    QVERIFY(!SignatureVerifier::verify(Algorithm::PS256, jwk.pkey(), input,
                                       tk::sign(Algorithm::PS256, k.pkey.get(), input, 20)));
    QVERIFY(!SignatureVerifier::verify(Algorithm::PS256, jwk.pkey(), input,
                                       tk::sign(Algorithm::PS256, k.pkey.get(), input, 0)));
    // The same through the key's cached verify context.
    QVERIFY(
        SignatureVerifier::verify(Algorithm::PS256, jwk, input, tk::sign(Algorithm::PS256, k.pkey.get(), input, 32)));
    QVERIFY(
        !SignatureVerifier::verify(Algorithm::PS256, jwk, input, tk::sign(Algorithm::PS256, k.pkey.get(), input, 20)));
    QVERIFY(
        !SignatureVerifier::verify(Algorithm::RS256, jwk, input, tk::sign(Algorithm::PS256, k.pkey.get(), input, 32)));
    // A PKCS#1 v1.5 signature is not a PSS signature.
    QVERIFY(!SignatureVerifier::verify(Algorithm::PS256, jwk.pkey(), input,
                                       tk::sign(Algorithm::RS256, k.pkey.get(), input)));
}

void TestJoseUnits::rejectsDerEncodedEcdsaSignature()
{
    const tk::TestKey k = tk::key(Algorithm::ES256);
    const Jwk jwk = Jwk::fromJson(k.jwk);
    const QByteArray input = "a.b";
    const QByteArray raw = tk::sign(Algorithm::ES256, k.pkey.get(), input);
    QVERIFY(SignatureVerifier::verify(Algorithm::ES256, jwk.pkey(), input, raw));
    // The same signature DER-encoded (what a naive signer emits) is refused.
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, SignatureVerifier::digest(Algorithm::ES256), nullptr, k.pkey.get());
    size_t len = 80;
    QByteArray der(80, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(der.data()), &len,
                   reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    EVP_MD_CTX_free(ctx);
    der.resize(qsizetype(len));
    QString why;
    QVERIFY(!SignatureVerifier::verify(Algorithm::ES256, jwk.pkey(), input, der, &why));
    QVERIFY(why.contains(QLatin1String("R||S")));
}

void TestJoseUnits::rejectsKeyOfWrongType()
{
    const tk::TestKey rsa = tk::key(Algorithm::RS256);
    const tk::TestKey p384 = tk::key(Algorithm::ES384);
    const QByteArray input = "a.b";
    QString why;
    QVERIFY(
        !SignatureVerifier::verify(Algorithm::ES256, Jwk::fromJson(rsa.jwk).pkey(), input, QByteArray(64, 'x'), &why));
    QVERIFY(why.contains(QLatin1String("does not fit")));
    // A P-384 key cannot verify ES256 even with a well-formed signature.
    QVERIFY(!SignatureVerifier::verify(Algorithm::ES256, Jwk::fromJson(p384.jwk).pkey(), input,
                                       tk::sign(Algorithm::ES384, p384.pkey.get(), input).left(64)));
}

QTEST_GUILESS_MAIN(TestJoseUnits)
#include "tst_jose_units.moc"
