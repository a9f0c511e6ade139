// Public conformance vectors, kept in the repository under tests/data (see its README.md): Wycheproof (JWS, JWK sets,
// ECDSA P1363, RSA PKCS#1 v1.5, RSA-PSS, Ed25519) and the RFC 7520 / RFC 8037 cookbook examples. No invalid case may be
// accepted; every valid case must be accepted unless it is a documented quirk below, and every quirk must still
// be hit (so the list stays exact).
#include "core/jose/Algorithm.h"
#include "core/jose/Base64Url.h"
#include "core/jose/Jwk.h"
#include "core/jose/JwkSet.h"
#include "core/jose/SignatureVerifier.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace cmic::jose;

namespace {

struct Quirk
{
    const char *file;
    int tcId;
    const char *reason;
};

const char kHmac[] = "HS* is refused by design: access tokens must be signed with an asymmetric key";
const char kPs384[] = "the key is labelled alg PS256 but the token is PS384; alg is bound to the key";
const char kEs521[] = "the key says alg ES521 (not a JOSE name) and the token ES512; alg is bound to the key";

// Valid vectors the console rejects on purpose (the safer verdict), each with its reason.
const Quirk kQuirks[] = {
    {"json_web_signature_test.json", 1, kHmac},
    {"json_web_signature_test.json", 346, kPs384},
    {"json_web_signature_test.json", 347, kEs521},
    {"json_web_signature_test.json", 348, kHmac},
    {"json_web_signature_test.json", 350, kPs384},
    {"json_web_signature_test.json", 351, kEs521},
    {"json_web_signature_test.json", 352, kHmac},
    {"json_web_signature_test.json", 357, kHmac},
    {"json_web_signature_test.json", 358, kHmac},
    {"json_web_signature_test.json", 359, kHmac},
    {"json_web_signature_test.json", 372, kHmac},
    {"json_web_signature_test.json", 373, kHmac},
    {"json_web_signature_test.json", 376, kHmac},
    {"json_web_signature_test.json", 377, kHmac},
    {"json_web_key_test.json", 2, kHmac},
    {"json_web_key_test.json", 13, kHmac},
    {"json_web_key_test.json", 14, kHmac},
    {"json_web_key_test.json", 15, kHmac},
    {"jws_4_4.hmac-sha2_integrity_protection.json", 0, kHmac},
};

QString testDataDir() { return qEnvironmentVariable("CMIC_TEST_DATA"); }

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray hex(const QJsonValue &v) { return QByteArray::fromHex(v.toString().toLatin1()); }

struct Tally
{
    int valid = 0, invalid = 0, acceptable = 0, quirks = 0;
};

class Outcome
{
public:
    explicit Outcome(QString file) : m_file(std::move(file)) {}

    // Records one case; returns an error text when the outcome is wrong.
    QString record(int tcId, const QString &expected, bool accepted, const QString &detail)
    {
        if (expected == QLatin1String("acceptable")) {
            ++m_tally.acceptable;
            return {};
        }
        if (expected == QLatin1String("invalid")) {
            ++m_tally.invalid;
            return accepted ? QStringLiteral("%1 tc %2: invalid case accepted").arg(m_file).arg(tcId) : QString();
        }
        ++m_tally.valid;
        if (accepted)
            return {};
        for (const Quirk &q : kQuirks) {
            if (m_file == QLatin1String(q.file) && q.tcId == tcId) {
                ++m_tally.quirks;
                m_quirksHit.insert(tcId);
                return {};
            }
        }
        return QStringLiteral("%1 tc %2: valid case rejected: %3").arg(m_file).arg(tcId).arg(detail);
    }

    // Every quirk listed for this file must have been hit.
    QStringList unusedQuirks() const
    {
        QStringList unused;
        for (const Quirk &q : kQuirks) {
            if (m_file == QLatin1String(q.file) && !m_quirksHit.contains(q.tcId))
                unused.append(QStringLiteral("%1 tc %2 (%3) is listed as a quirk but was accepted")
                                  .arg(m_file)
                                  .arg(q.tcId)
                                  .arg(QLatin1String(q.reason)));
        }
        return unused;
    }

    void report() const
    {
        qInfo("%s: %d valid (%d documented quirks), %d invalid, %d acceptable", qPrintable(m_file), m_tally.valid,
              m_tally.quirks, m_tally.invalid, m_tally.acceptable);
    }

    Tally tally() const { return m_tally; }

private:
    QString m_file;
    Tally m_tally;
    QSet<int> m_quirksHit;
};

std::optional<Algorithm> algorithmFor(const QJsonObject &group, const QString &schema)
{
    const QString sha = group.value(QLatin1String("sha")).toString();
    const QString bits = sha == QLatin1String("SHA-256")   ? QStringLiteral("256")
                         : sha == QLatin1String("SHA-384") ? QStringLiteral("384")
                         : sha == QLatin1String("SHA-512") ? QStringLiteral("512")
                                                           : QString();
    if (schema.startsWith(QLatin1String("eddsa")))
        return Algorithm::EdDSA;
    if (bits.isEmpty())
        return std::nullopt;
    if (schema.startsWith(QLatin1String("ecdsa")))
        return algorithmFromName(QString(QStringLiteral("ES") + bits));
    if (schema.startsWith(QLatin1String("rsassa_pkcs1")))
        return algorithmFromName(QString(QStringLiteral("RS") + bits));
    if (schema.startsWith(QLatin1String("rsassa_pss"))) {
        // JOSE's PSS: MGF1 with the same digest, salt = digest length. Other parameter sets are not JWS algs.
        const int digestBytes = bits.toInt() / 8;
        if (group.value(QLatin1String("mgfSha")).toString() != sha
            || group.value(QLatin1String("sLen")).toVariant().toInt() != digestBytes)
            return std::nullopt;
        return algorithmFromName(QString(QStringLiteral("PS") + bits));
    }
    return std::nullopt;
}

// Some ECDSA groups give the point only as uncompressed hex (04 || x || y); the JWK is the same point.
QJsonObject ecJwkFromUncompressed(const QJsonObject &publicKey)
{
    const QString curve = publicKey.value(QLatin1String("curve")).toString();
    const QByteArray point = hex(publicKey.value(QLatin1String("uncompressed")));
    const QString crv = curve == QLatin1String("secp256r1")   ? QStringLiteral("P-256")
                        : curve == QLatin1String("secp384r1") ? QStringLiteral("P-384")
                        : curve == QLatin1String("secp521r1") ? QStringLiteral("P-521")
                                                              : QString();
    if (crv.isEmpty() || point.size() < 3 || point.at(0) != 0x04)
        return {};
    const qsizetype half = (point.size() - 1) / 2;
    return {{QStringLiteral("kty"), QStringLiteral("EC")},
            {QStringLiteral("crv"), crv},
            {QStringLiteral("x"), QString::fromLatin1(Base64Url::encode(point.mid(1, half)))},
            {QStringLiteral("y"), QString::fromLatin1(Base64Url::encode(point.mid(1 + half)))}};
}

QJsonObject withoutPrivateMembers(QJsonObject jwk)
{
    for (const char *m : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
        jwk.remove(QLatin1String(m));
    return jwk;
}

} // namespace

class TestJoseConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wycheproofSignatures_data();
    void wycheproofSignatures();
    void wycheproofJws_data();
    void wycheproofJws();
    void cookbookExamples_data();
    void cookbookExamples();

private:
    cmic::FixedClock m_clock{QDateTime::fromSecsSinceEpoch(0)};
};

void TestJoseConformance::initTestCase()
{
    // The vectors are part of the repository: without them the suite fails rather than passing with nothing run.
    const QString dir = testDataDir();
    QVERIFY2(!dir.isEmpty(), "CMIC_TEST_DATA is not set; run the suite through ctest (tests/CMakeLists.txt sets it).");
    for (const char *folder : {"wycheproof", "jose-cookbook"})
        QVERIFY2(QFileInfo(dir + QLatin1Char('/') + QLatin1String(folder)).isDir(),
                 qPrintable(QStringLiteral("%1/%2 is missing: the conformance vectors belong in the repository "
                                           "(tests/data/README.md).")
                                .arg(dir, QLatin1String(folder))));
}

void TestJoseConformance::wycheproofSignatures_data()
{
    QTest::addColumn<QString>("file");
    for (const char *f : {"ecdsa_secp256r1_sha256_p1363_test.json", "ecdsa_secp384r1_sha384_p1363_test.json",
                          "ecdsa_secp521r1_sha512_p1363_test.json", "ed25519_test.json",
                          "rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json",
                          "rsa_pss_4096_sha512_mgf1_64_test.json", "rsa_signature_2048_sha256_test.json",
                          "rsa_signature_2048_sha384_test.json", "rsa_signature_2048_sha512_test.json",
                          "rsa_signature_3072_sha256_test.json", "rsa_signature_4096_sha512_test.json"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestJoseConformance::wycheproofSignatures()
{
    QFETCH(QString, file);
    const QJsonObject doc = readJson(testDataDir() + QStringLiteral("/wycheproof/") + file);
    QVERIFY2(!doc.isEmpty(), qPrintable(file + QStringLiteral(" could not be read")));
    const QString schema = doc.value(QLatin1String("schema")).toString();
    Outcome outcome(file);
    QStringList errors;
    int cases = 0;
    for (const QJsonValue &g : doc.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = g.toObject();
        QJsonObject jwkJson = group.value(QLatin1String("publicKeyJwk")).toObject();
        if (jwkJson.isEmpty())
            jwkJson = group.value(QLatin1String("keyJwk")).toObject();
        if (jwkJson.isEmpty())
            jwkJson = ecJwkFromUncompressed(group.value(QLatin1String("publicKey")).toObject());
        const auto alg = algorithmFor(group, schema);
        const Jwk jwk = Jwk::fromJson(jwkJson);
        QString why;
        const bool keyFits = alg && jwk.fits(*alg, &why);
        for (const QJsonValue &t : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = t.toObject();
            ++cases;
            bool accepted = false;
            if (keyFits) {
                accepted = SignatureVerifier::verify(*alg, jwk.pkey(), hex(test.value(QLatin1String("msg"))),
                                                     hex(test.value(QLatin1String("sig"))), &why);
            }
            const QString error = outcome.record(test.value(QLatin1String("tcId")).toInt(),
                                                 test.value(QLatin1String("result")).toString(), accepted, why);
            if (!error.isEmpty())
                errors.append(error);
        }
    }
    outcome.report();
    errors += outcome.unusedQuirks();
    QVERIFY(cases > 100);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(outcome.tally().valid > 0 && outcome.tally().invalid > 0);
}

void TestJoseConformance::wycheproofJws_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json_web_signature_test.json") << QStringLiteral("json_web_signature_test.json");
    QTest::newRow("json_web_key_test.json") << QStringLiteral("json_web_key_test.json");
}

void TestJoseConformance::wycheproofJws()
{
    QFETCH(QString, file);
    const QJsonObject doc = readJson(testDataDir() + QStringLiteral("/wycheproof/") + file);
    QVERIFY2(!doc.isEmpty(), qPrintable(file + QStringLiteral(" could not be read")));
    Outcome outcome(file);
    QStringList errors;
    for (const QJsonValue &g : doc.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = g.toObject();
        // Verify with the public key (set) when the group has one; a private-only group (HMAC keys) is given as
        // is, and must be refused.
        QJsonObject keys = group.value(QLatin1String("public")).toObject();
        if (keys.isEmpty())
            keys = group.value(QLatin1String("private")).toObject();
        const auto set = JwkSet::parse(QJsonDocument(keys).toJson(QJsonDocument::Compact), nullptr);
        for (const QJsonValue &t : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = t.toObject();
            const int tcId = test.value(QLatin1String("tcId")).toInt();
            bool accepted = false;
            QString detail;
            const QJsonValue jws = test.value(QLatin1String("jws"));
            if (set && jws.isString()) { // the JSON serialization is not accepted at all
                const Verdict v = TokenVerifier(&*set, m_clock).verifyJws(jws.toString().toLatin1());
                accepted = v.valid();
                detail = v.failedIds().join(QLatin1Char(','));
                if (!accepted && !v.failedIds().isEmpty())
                    detail += QStringLiteral(": ") + v.find(v.failedIds().first())->message();
            }
            // The ROCA key must be refused for being ROCA-weak, not by accident.
            if (file == QLatin1String("json_web_key_test.json") && tcId == 7 && !detail.contains(QLatin1String("ROCA")))
                errors.append(QStringLiteral("tc 7: the ROCA-weak key was not reported as such: %1").arg(detail));
            const QString error =
                outcome.record(tcId, test.value(QLatin1String("result")).toString(), accepted, detail);
            if (!error.isEmpty())
                errors.append(error);
        }
    }
    outcome.report();
    errors += outcome.unusedQuirks();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(outcome.tally().valid > 0 && outcome.tally().invalid > 0);
}

void TestJoseConformance::cookbookExamples_data()
{
    QTest::addColumn<QString>("file");
    for (const char *f :
         {"jws_4_1.rsa_v15_signature.json", "jws_4_2.rsa-pss_signature.json", "jws_4_3.ecdsa_signature.json",
          "jws_4_4.hmac-sha2_integrity_protection.json", "curve25519_jws.json"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestJoseConformance::cookbookExamples()
{
    QFETCH(QString, file);
    const QString path = testDataDir() + QStringLiteral("/jose-cookbook/") + file;
    QVERIFY2(QFileInfo::exists(path), qPrintable(path + QStringLiteral(" is missing (tests/data/README.md).")));
    const QJsonObject doc = readJson(path);
    const QJsonObject key = doc.value(QLatin1String("input")).toObject().value(QLatin1String("key")).toObject();
    const QByteArray compact =
        doc.value(QLatin1String("output")).toObject().value(QLatin1String("compact")).toString().toLatin1();
    QVERIFY(!compact.isEmpty());

    // The example keys carry their private halves; published like that they are refused outright.
    const Jwk withPrivate = Jwk::fromJson(key);
    QVERIFY(!withPrivate.usable());

    const JwkSet set = JwkSet::fromKeys({Jwk::fromJson(withoutPrivateMembers(key))});
    const Verdict verdict = TokenVerifier(&set, m_clock).verifyJws(compact);
    Outcome outcome(file);
    const QString error =
        outcome.record(0, QStringLiteral("valid"), verdict.valid(), verdict.failedIds().join(QLatin1Char(',')));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(outcome.unusedQuirks().isEmpty(), qPrintable(outcome.unusedQuirks().join(QLatin1Char('\n'))));
    if (outcome.tally().quirks == 0) {
        // A one-byte change in the payload must break it.
        QByteArray tampered = compact;
        const qsizetype at = compact.indexOf('.') + 2;
        tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
        QVERIFY(!TokenVerifier(&set, m_clock).verifyJws(tampered).valid());
    } else {
        QCOMPARE(verdict.status(QStringLiteral("header.alg")), CheckStatus::Fail);
    }
}

QTEST_GUILESS_MAIN(TestJoseConformance)
#include "tst_jose_conformance.moc"
