// The attack table: each forged or malformed token must be rejected, and rejected by the right check.
#include "JoseTestKit.h"

#include "core/jose/Base64Url.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/SignatureVerifier.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QJsonArray>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>

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
    void audienceMismatchOnlyWarns_data();
    void audienceMismatchOnlyWarns();
    void rejectsSmallOrderEd25519Keys_data();
    void rejectsSmallOrderEd25519Keys();
    void longKidIsShortenedInTheMessage();
    void rejectsPssWithOtherParameters_data();
    void rejectsPssWithOtherParameters();

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
        // A different aud only warns (issue 10, item 6: CMiC requires aud, nothing says it compares it): see
        // audienceMismatchOnlyWarns. Its absence fails.
        c = goodClaims();
        c.remove(QStringLiteral("aud"));
        QTest::newRow("aud missing") << rsaToken(c)
                                     << QStringList{QStringLiteral("claims.aud"), QStringLiteral("claims.required")};
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

    // --- Review additions (CVE classes checked one by one). ---
    const QByteArray rsaHeader = tk::compact(header(QStringLiteral("RS256"), QStringLiteral("rsa1")));
    const QStringList hdr{QStringLiteral("token.header")};
    const QStringList payload{QStringLiteral("token.payload")};
    const auto withHeader = [&](const QByteArray &h) { return signedRaw(h, claims, m_rsa); };
    const auto withClaims = [&](const QByteArray &c) { return signedRaw(rsaHeader, c, m_rsa); };
    // goodClaims() with "exp" replaced by |text| verbatim, or with |name| added.
    const QByteArray expText = "\"exp\":" + QByteArray::number(kNow + 3600);
    const auto expAs = [&](const QByteArray &text) {
        QByteArray c = claims;
        c.replace(expText, QByteArray("\"exp\":" + text));
        return withClaims(c);
    };
    const auto plus = [&](const QByteArray &member) {
        QByteArray c = claims;
        c.chop(1);
        return withClaims(c + ',' + member + '}');
    };

    // alg spelled almost right is still not on the allow-list (exact, case-sensitive match).
    for (const char *name : {"rs256", "RS256 ", " RS256", "RS256\\u0000", "hs256", "Hs256", "PS256K", ""}) {
        const QByteArray h = QByteArray(R"({"alg":")") + name + R"(","kid":"rsa1"})";
        QTest::addRow("alg \"%s\"", name) << withHeader(h) << alg;
    }
    QTest::newRow("alg not a string") << withHeader(R"({"alg":["RS256"],"kid":"rsa1"})") << alg;
    QTest::newRow("alg null") << withHeader(R"({"alg":null,"kid":"rsa1"})") << alg;
    // HS256 with the RSA key's modulus (JWK "n" bytes) as the secret: the other common confusion variant.
    {
        const QByteArray input =
            b64(tk::compact(header(QStringLiteral("HS256"), QStringLiteral("rsa1")))) + '.' + b64(claims);
        const QByteArray n = m_rsa.jwk.value(QLatin1String("n")).toString().toLatin1();
        unsigned char mac[64];
        size_t macLength = 0;
        EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, n.constData(), size_t(n.size()),
                  reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac, sizeof mac,
                  &macLength);
        QTest::newRow("HS256 keyed with the JWK n text")
            << QByteArray(input + '.' + b64(QByteArray(reinterpret_cast<const char *>(mac), qsizetype(macLength))))
            << alg;
    }
    // An RS256 signature relabelled as PS256, RS384 or EdDSA: the key is bound to RS256 (its JWK alg).
    for (const char *relabel : {"PS256", "RS384", "ES256", "EdDSA"}) {
        const QByteArray h = QByteArray(R"({"alg":")") + relabel + R"(","kid":"rsa1"})";
        QTest::addRow("RS256 signature relabelled %s", relabel)
            << QByteArray(b64(h) + '.' + b64(claims) + '.' + b64(realSig)) << key;
    }
    // kid tricks: only an exact match selects a key.
    QTest::newRow("kid with a NUL after the real kid") << withHeader(R"({"alg":"RS256","kid":"rsa1\u0000"})") << key;
    QTest::newRow("kid with a trailing space") << withHeader(R"({"alg":"RS256","kid":"rsa1 "})") << key;
    QTest::newRow("kid differing in case") << withHeader(R"({"alg":"RS256","kid":"RSA1"})") << key;
    QTest::newRow("kid not a string") << withHeader(R"({"alg":"RS256","kid":1})") << key;
    QTest::newRow("kid an array with the real kid") << withHeader(R"({"alg":"RS256","kid":["rsa1"]})") << key;
    QTest::newRow("kid of 20,000 characters")
        << withHeader(QByteArray(R"({"alg":"RS256","kid":")") + QByteArray(20000, 'k') + R"("})") << key;
    // crit, b64, cty in other shapes.
    QTest::newRow("crit empty array") << withHeader(R"({"alg":"RS256","kid":"rsa1","crit":[]})")
                                      << QStringList{QStringLiteral("header.crit")};
    QTest::newRow("crit not an array") << withHeader(R"({"alg":"RS256","kid":"rsa1","crit":"exp"})")
                                       << QStringList{QStringLiteral("header.crit")};
    QTest::newRow("crit naming a registered header")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","crit":["kid"]})") << QStringList{QStringLiteral("header.crit")};
    QTest::newRow("b64 false without crit")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","b64":false})") << QStringList{QStringLiteral("header.b64")};
    QTest::newRow("b64 as the string false")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","b64":"false"})") << QStringList{QStringLiteral("header.b64")};
    QTest::newRow("cty jwt in lower case")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","cty":"jwt"})") << QStringList{QStringLiteral("header.cty")};
    QTest::newRow("cty not a string") << withHeader(R"({"alg":"RS256","kid":"rsa1","cty":1})")
                                      << QStringList{QStringLiteral("header.cty")};
    // ECDSA "psychic signatures" (CVE-2022-21449 class) and malformed R||S.
    {
        const QByteArray h = tk::compact(header(QStringLiteral("ES256"), QStringLiteral("ec1")));
        const QByteArray good = tk::token(h, claims, m_ec);
        const QByteArray ecInput = good.left(good.lastIndexOf('.'));
        const QByteArray ecSig = *Base64Url::decode(good.mid(good.lastIndexOf('.') + 1));
        const QByteArray n = QByteArray::fromHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        const QByteArray zero(32, '\0');
        const auto ecRow = [&](const char *name, const QByteArray &raw) {
            QTest::newRow(name) << QByteArray(ecInput + '.' + b64(raw)) << sig;
        };
        ecRow("ES256 r=0, s=0 over real input", zero + zero);
        ecRow("ES256 r=0, real s", zero + ecSig.mid(32));
        ecRow("ES256 real r, s=0", ecSig.left(32) + zero);
        ecRow("ES256 r=n, s=n", n + n);
        ecRow("ES256 real r, s=n", ecSig.left(32) + n);
        ecRow("ES256 r=n, real s", n + ecSig.mid(32));
        ecRow("ES256 all bits set", QByteArray(64, '\xff'));
        ecRow("ES256 r and s swapped", ecSig.mid(32) + ecSig.left(32));
        // The same signature DER-encoded (70-72 bytes) and P1363 with a leading zero byte (65).
        QByteArray der;
        {
            const auto derInt = [](QByteArray v) -> QByteArray {
                while (v.size() > 1 && v.at(0) == 0 && !(v.at(1) & 0x80))
                    v.remove(0, 1);
                if (v.at(0) & 0x80)
                    v.prepend('\0');
                return QByteArray(1, 0x02) + char(v.size()) + v;
            };
            const QByteArray body = derInt(ecSig.left(32)) + derInt(ecSig.mid(32));
            der = QByteArray(1, 0x30) + char(body.size()) + body;
        }
        ecRow("ES256 signature DER-encoded", der);
        ecRow("ES256 signature with a leading zero byte", QByteArray(1, '\0') + ecSig);
    }
    // Base64url that decodes but is not canonical (the unused low bits of the last character set).
    {
        QByteArray sigText = b64(realSig); // 256 bytes: 342 characters, the last one carries 4 unused bits
        const char last = sigText.back();
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        sigText.back() = alphabet[(qsizetype(strchr(alphabet, last) - alphabet) | 1)];
        QTest::newRow("signature with non-canonical base64url tail") << QByteArray(realInput + '.' + sigText) << format;
        QTest::newRow("signature with base64 padding") << QByteArray(realInput + '.' + b64(realSig) + "==") << format;
        QTest::newRow("signature in standard base64 alphabet")
            << QByteArray(realInput + '.' + realSig.toBase64(QByteArray::OmitTrailingEquals)) << format;
    }
    // JSON tricks in the header and the payload.
    QTest::newRow("header with a UTF-8 BOM") << withHeader("\xef\xbb\xbf" + rsaHeader) << hdr;
    QTest::newRow("header alg duplicated through an escape")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","\u0061lg":"none"})") << hdr;
    QTest::newRow("header kid duplicated through an escape")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","k\u0069d":"ec1"})") << hdr;
    QTest::newRow("header with a lone surrogate escape")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","x":"\udc00"})") << hdr;
    QTest::newRow("header with an overlong UTF-8 slash")
        << withHeader("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"x\":\"\xc0\xaf\"}") << hdr;
    QTest::newRow("header with a raw NUL byte")
        << withHeader(QByteArray("{\"alg\":\"RS256\",\"kid\":\"rsa1\0\"}", 29)) << hdr;
    QTest::newRow("header nested 100 deep")
        << withHeader(R"({"alg":"RS256","kid":"rsa1","x":)" + QByteArray(100, '[') + QByteArray(100, ']') + "}") << hdr;
    QTest::newRow("header with a trailing comma") << withHeader(R"({"alg":"RS256","kid":"rsa1",})") << hdr;
    QTest::newRow("payload exp duplicated through an escape") << plus(R"("\u0065xp":99999999999)") << payload;
    QTest::newRow("payload with a CESU-8 surrogate pair") << plus("\"x\":\"\xed\xa0\xbd\xed\xb8\x80\"") << payload;
    QTest::newRow("payload with a 5-byte UTF-8 sequence") << plus("\"x\":\"\xf8\x88\x80\x80\x80\"") << payload;
    QTest::newRow("payload with a code point above U+10FFFF") << plus("\"x\":\"\xf4\x90\x80\x80\"") << payload;
    QTest::newRow("payload nested 1000 deep")
        << plus("\"x\":" + QByteArray(1000, '[') + QByteArray(1000, ']')) << payload;
    QTest::newRow("payload with NaN") << plus(R"("x":NaN)") << payload;
    QTest::newRow("payload with a leading plus") << expAs("+1780003600") << payload;
    QTest::newRow("payload with a hex number") << expAs("0x6A18F310") << payload;
    // Numbers for exp / nbf / iat that are JSON but not usable NumericDates, and the skew boundaries.
    const QStringList exp{QStringLiteral("claims.exp")};
    QTest::newRow("exp 1e300 (never expires)") << expAs("1e300") << exp;
    // Beyond double range: Qt's reader refuses the number, so the whole claims set is unreadable.
    QTest::newRow("exp 1e400") << expAs("1e400") << payload;
    QTest::newRow("exp -1e400") << expAs("-1e400") << payload;
    QTest::newRow("exp 9.3e18 (beyond qint64)") << expAs("9300000000000000000") << exp;
    QTest::newRow("exp -1e300") << expAs("-1e300") << exp;
    QTest::newRow("exp -0") << expAs("-0") << exp;
    QTest::newRow("exp 1.5") << expAs("1.5") << exp;
    QTest::newRow("exp true") << expAs("true") << exp;
    QTest::newRow("exp null") << expAs("null") << exp;
    QTest::newRow("exp an array") << expAs(QByteArray("[") + QByteArray::number(kNow + 3600) + "]") << exp;
    QTest::newRow("exp exactly now minus the skew") << expAs(QByteArray::number(kNow - 60)) << exp;
    QTest::newRow("exp a millisecond past the skew") << expAs(QByteArray::number(kNow - 61) + ".999") << exp;
    QTest::newRow("nbf 1e300") << plus(R"("nbf":1e300)") << QStringList{QStringLiteral("claims.nbf")};
    QTest::newRow("nbf one second beyond the skew")
        << plus("\"nbf\":" + QByteArray::number(kNow + 61)) << QStringList{QStringLiteral("claims.nbf")};
    QTest::newRow("nbf as a string") << plus(R"("nbf":"0")") << QStringList{QStringLiteral("claims.nbf")};
    {
        QByteArray c = claims;
        c.replace(QByteArray("\"iat\":" + QByteArray::number(kNow - 60)), QByteArray("\"iat\":-1e300"));
        QTest::newRow("iat -1e300") << withClaims(c) << QStringList{QStringLiteral("claims.iat")};
        c = claims;
        c.replace(QByteArray("\"iat\":" + QByteArray::number(kNow - 60)),
                  QByteArray("\"iat\":" + QByteArray::number(kNow + 61)));
        QTest::newRow("iat one second beyond the skew") << withClaims(c) << QStringList{QStringLiteral("claims.iat")};
    }
    // Issuer, audience, typ.
    {
        QJsonObject c = goodClaims();
        c.insert(QStringLiteral("iss"), QStringLiteral("https://idp.example/ "));
        QTest::newRow("iss with a trailing space") << rsaToken(c) << QStringList{QStringLiteral("claims.iss")};
        c.insert(QStringLiteral("iss"), QStringLiteral("HTTPS://IDP.EXAMPLE/"));
        QTest::newRow("iss in other case") << rsaToken(c) << QStringList{QStringLiteral("claims.iss")};
        c.insert(QStringLiteral("iss"), QJsonArray{QStringLiteral("https://idp.example/")});
        QTest::newRow("iss as an array") << rsaToken(c) << QStringList{QStringLiteral("claims.iss")};
        c = goodClaims();
        c.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("api://cmic"), 1});
        QTest::newRow("aud array with the value and a number")
            << rsaToken(c) << QStringList{QStringLiteral("claims.aud")};
        c.insert(QStringLiteral("aud"), QJsonArray{QJsonArray{QStringLiteral("api://cmic")}});
        QTest::newRow("aud array holding an array") << rsaToken(c) << QStringList{QStringLiteral("claims.aud")};
        c.insert(QStringLiteral("aud"), QJsonObject{{QStringLiteral("api://cmic"), true}});
        QTest::newRow("aud an object") << rsaToken(c) << QStringList{QStringLiteral("claims.aud")};
        c = goodClaims();
        c.remove(QStringLiteral("sub"));
        QTest::newRow("sub missing") << rsaToken(c) << QStringList{QStringLiteral("claims.required")};
    }
    QTest::newRow("typ id token") << withHeader(R"({"alg":"RS256","kid":"rsa1","typ":"id_token+jwt"})")
                                  << QStringList{QStringLiteral("header.typ")};
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
    c.remove(QStringLiteral("aud"));
    c.insert(QStringLiteral("exp"), kNow - 4000);
    QJsonObject h = header(QStringLiteral("RS256"), QStringLiteral("rsa1"));
    h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("zip")});
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(tk::token(h, c, m_attacker), m_policy);
    const QStringList failed = v.failedIds();
    for (const char *id : {"header.crit", "signature", "claims.iss", "claims.aud", "claims.exp"})
        QVERIFY2(failed.contains(QLatin1String(id)), qPrintable(failed.join(QLatin1Char(','))));
    QVERIFY(v.find(QStringLiteral("claims.exp"))->message().contains(QLatin1String("1 h 6 min")));
}

void TestJoseAttacks::audienceMismatchOnlyWarns_data()
{
    QTest::addColumn<QJsonValue>("aud");
    QTest::newRow("aud array without the expected value")
        << QJsonValue(QJsonArray{QStringLiteral("api://other"), QStringLiteral("account")});
    QTest::newRow("aud with a trailing slash") << QJsonValue(QStringLiteral("api://cmic/"));
}

void TestJoseAttacks::audienceMismatchOnlyWarns()
{
    QFETCH(QJsonValue, aud);
    QJsonObject c = goodClaims();
    c.insert(QStringLiteral("aud"), aud);
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(rsaToken(c), m_policy);
    QCOMPARE(v.status(QStringLiteral("signature")), CheckStatus::Pass);
    QCOMPARE(v.status(QStringLiteral("claims.aud")), CheckStatus::Warn);
    QVERIFY(v.valid());
    QVERIFY(v.find(QStringLiteral("claims.aud"))->message().contains(QLatin1String("\"api://cmic\"")));
}

void TestJoseAttacks::rejectsSmallOrderEd25519Keys_data()
{
    QTest::addColumn<QByteArray>("publicKey");
    const QByteArray ff30(30, '\xff');
    QTest::newRow("identity (order 1)") << QByteArray::fromHex("01") + QByteArray(31, '\0');
    QTest::newRow("identity with the x sign bit") << QByteArray::fromHex("01") + QByteArray(30, '\0') + '\x80';
    QTest::newRow("identity as y = p + 1") << QByteArray::fromHex("ee") + ff30 + '\x7f';
    QTest::newRow("y = 0 (order 4)") << QByteArray(32, '\0');
    QTest::newRow("y = p (order 4, non-canonical)") << QByteArray::fromHex("ed") + ff30 + '\x7f';
    QTest::newRow("y = p - 1 (order 2)") << QByteArray::fromHex("ec") + ff30 + '\x7f';
    QTest::newRow("order 8") << QByteArray::fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
    QTest::newRow("order 8 (the other y)")
        << QByteArray::fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
}

// OpenSSL verifies Ed25519 with a small-order public key without complaint; with the identity point the
// signature R = identity, S = 0 verifies for every message. Such a key must never be selected.
void TestJoseAttacks::rejectsSmallOrderEd25519Keys()
{
    QFETCH(QByteArray, publicKey);
    const QJsonObject jwk{{QStringLiteral("kty"), QStringLiteral("OKP")},
                          {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                          {QStringLiteral("kid"), QStringLiteral("weak")},
                          {QStringLiteral("x"), QString::fromLatin1(b64(publicKey))}};
    QString error;
    const auto keys = JwkSet::parse(tk::jwks({jwk, m_ed.jwk}), &error);
    QVERIFY2(keys, qPrintable(error));
    QVERIFY(!keys->keys().first().usable());
    QVERIFY2(keys->keys().first().problems().join(QLatin1Char(' ')).contains(QLatin1String("small order")),
             qPrintable(keys->keys().first().problems().join(QLatin1Char(' '))));

    const QByteArray forged = b64(R"({"alg":"EdDSA","kid":"weak"})") + '.' + b64(tk::compact(goodClaims())) + '.'
                              + b64(QByteArray::fromHex("01") + QByteArray(63, '\0'));
    const Verdict v = TokenVerifier(&*keys, m_clock).verify(forged, m_policy);
    QVERIFY(!v.valid());
    QCOMPARE(v.status(QStringLiteral("key.select")), CheckStatus::Fail);
    QCOMPARE(v.status(QStringLiteral("signature")), CheckStatus::Skip);
    QCOMPARE(v.status(QStringLiteral("jwks")), CheckStatus::Warn);
    // Without a kid no key but the real one is tried, and the forgery does not verify with it.
    const QByteArray noKid = b64(R"({"alg":"EdDSA"})") + '.' + b64(tk::compact(goodClaims())) + '.'
                             + b64(QByteArray::fromHex("01") + QByteArray(63, '\0'));
    const Verdict v2 = TokenVerifier(&*keys, m_clock).verify(noKid, m_policy);
    QVERIFY(!v2.valid());
    QCOMPARE(v2.status(QStringLiteral("signature")), CheckStatus::Fail);

    // Why the check matters: OpenSSL itself accepts the forgery under the identity key.
    if (qstrcmp(QTest::currentDataTag(), "identity (order 1)") == 0) {
        EVP_PKEY *raw = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                    reinterpret_cast<const unsigned char *>(publicKey.constData()), 32);
        QVERIFY(raw);
        const QByteArray input = forged.left(forged.lastIndexOf('.'));
        const QByteArray forgedSignature = QByteArray::fromHex("01") + QByteArray(63, '\0');
        const bool accepted = SignatureVerifier::verify(Algorithm::EdDSA, raw, input, forgedSignature);
        EVP_PKEY_free(raw);
        if (!accepted)
            qInfo("This OpenSSL refuses the identity-key forgery by itself; the key check is defence in depth.");
    }
}

void TestJoseAttacks::longKidIsShortenedInTheMessage()
{
    const QByteArray h = QByteArray(R"({"alg":"RS256","kid":")") + QByteArray(20000, 'k') + R"("})";
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(signedRaw(h, tk::compact(goodClaims()), m_rsa), m_policy);
    QCOMPARE(v.status(QStringLiteral("key.select")), CheckStatus::Fail);
    const QString message = v.find(QStringLiteral("key.select"))->message();
    QVERIFY2(message.size() < 600, qPrintable(QString::number(message.size())));
    QVERIFY(message.contains(QString(64, QLatin1Char('k')) + QStringLiteral("...")));
}

void TestJoseAttacks::rejectsPssWithOtherParameters_data()
{
    QTest::addColumn<QString>("mgfDigest");
    QTest::addColumn<int>("saltLength");
    QTest::addColumn<bool>("valid");
    QTest::newRow("PS256 as specified (control)") << QStringLiteral("SHA256") << 32 << true;
    QTest::newRow("MGF1 with SHA-1") << QStringLiteral("SHA1") << 32 << false;
    QTest::newRow("MGF1 with SHA-384") << QStringLiteral("SHA384") << 32 << false;
    QTest::newRow("salt 0") << QStringLiteral("SHA256") << 0 << false;
    QTest::newRow("salt 20") << QStringLiteral("SHA256") << 20 << false;
    QTest::newRow("salt 64") << QStringLiteral("SHA256") << 64 << false;
    QTest::newRow("salt maximal") << QStringLiteral("SHA256") << int(RSA_PSS_SALTLEN_MAX) << false;
}

// RFC 7518 3.5: PS256 is RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt; nothing else verifies.
void TestJoseAttacks::rejectsPssWithOtherParameters()
{
    QFETCH(QString, mgfDigest);
    QFETCH(int, saltLength);
    QFETCH(bool, valid);
    QJsonObject jwk = m_rsa.jwk;
    jwk.insert(QStringLiteral("kid"), QStringLiteral("pss"));
    jwk.insert(QStringLiteral("alg"), QStringLiteral("PS256"));
    QString error;
    const auto keys = JwkSet::parse(tk::jwks({jwk}), &error);
    QVERIFY2(keys, qPrintable(error));

    const QByteArray input = b64(R"({"alg":"PS256","kid":"pss"})") + '.' + b64(tk::compact(goodClaims()));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    EVP_MD *mgf = EVP_MD_fetch(nullptr, qPrintable(mgfDigest), nullptr);
    QVERIFY(EVP_DigestSignInit(ctx, &pctx, SignatureVerifier::digest(Algorithm::PS256), nullptr, m_rsa.pkey.get())
            == 1);
    QVERIFY(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1);
    QVERIFY(EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, mgf) == 1);
    QVERIFY(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltLength) == 1);
    size_t length = 512;
    QByteArray signature(qsizetype(length), '\0');
    QVERIFY(EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &length,
                           reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()))
            == 1);
    signature.resize(qsizetype(length));
    EVP_MD_free(mgf);
    EVP_MD_CTX_free(ctx);

    const Verdict v = TokenVerifier(&*keys, m_clock).verify(QByteArray(input + '.' + b64(signature)), m_policy);
    QCOMPARE(v.valid(), valid);
    QCOMPARE(v.status(QStringLiteral("key.select")), CheckStatus::Pass);
    QCOMPARE(v.status(QStringLiteral("signature")), valid ? CheckStatus::Pass : CheckStatus::Fail);
}

QTEST_GUILESS_MAIN(TestJoseAttacks)
#include "tst_jose_attacks.moc"
