// Cross-check against an independent implementation: the `jose` npm package mints tokens with fresh keys for every
// algorithm we accept (tests/interop/jose-oracle.mjs); we must accept each one and reject every one-byte change.
#include "core/jose/ClaimsValidator.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "CiSkip.h"

#include <cstring>

using namespace cmic::jose;

namespace {
constexpr qint64 kNow = 1'780'000'000;
const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
} // namespace

class TestJoseOracle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void acceptsEveryOracleToken_data();
    void acceptsEveryOracleToken();
    void rejectsEveryOneByteTamper_data();
    void rejectsEveryOneByteTamper();

private:
    void addTokenRows();
    ClaimsPolicy policy() const;

    std::optional<JwkSet> m_keys;
    QJsonArray m_tokens;
    cmic::FixedClock m_clock{QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC)};
};

void TestJoseOracle::initTestCase()
{
    // Thousands of verifications: keep the resolver's per-call debug line out of the test log.
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral(
            "node is not installed; the jose oracle needs Node.js 20 or newer (see scripts/install-deps.sh)."));
    const QString interop = qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/tests/interop");
    if (!QFileInfo::exists(interop + QStringLiteral("/node_modules/jose/package.json")))
        CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral(
            "tests/interop/node_modules/jose is missing; run 'npm ci' in tests/interop (the test scripts do)."));
    QProcess process;
    process.setWorkingDirectory(interop);
    process.start(node, {QStringLiteral("jose-oracle.mjs"), QStringLiteral("--now"), QString::number(kNow)});
    QVERIFY2(process.waitForFinished(120000), "the jose oracle did not finish in 2 minutes");
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());
    const QJsonObject doc = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QCOMPARE(doc.value(QLatin1String("now")).toInteger(), kNow);
    QString error;
    m_keys = JwkSet::parse(QJsonDocument(doc.value(QLatin1String("jwks")).toObject()).toJson(), &error);
    QVERIFY2(m_keys, qPrintable(error));
    QVERIFY2(m_keys->problems().isEmpty(), qPrintable(m_keys->problems().join(QLatin1Char('\n'))));
    m_tokens = doc.value(QLatin1String("tokens")).toArray();
    QCOMPARE(m_tokens.size(), 10);
}

ClaimsPolicy TestJoseOracle::policy() const
{
    ClaimsPolicy p;
    p.issuer = QStringLiteral("https://oracle.idp.example/");
    p.appId = QStringLiteral("oracle-client");
    p.appIdClaim = QStringLiteral("client_id");
    p.audience = QStringLiteral("api://cmic-oracle");
    p.ipCheck = true;
    p.environment = cmic::Environment{};
    p.expectUser = QStringLiteral("SVC_ORACLE");
    return p;
}

void TestJoseOracle::addTokenRows()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("alg");
    for (const QJsonValue &t : std::as_const(m_tokens)) {
        const QJsonObject o = t.toObject();
        QTest::newRow(qPrintable(o.value(QLatin1String("alg")).toString()))
            << o.value(QLatin1String("token")).toString().toLatin1() << o.value(QLatin1String("alg")).toString();
    }
}

void TestJoseOracle::acceptsEveryOracleToken_data() { addTokenRows(); }

void TestJoseOracle::acceptsEveryOracleToken()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, alg);
    const Verdict v = TokenVerifier(&*m_keys, m_clock).verify(token, policy());
    QVERIFY2(v.valid(), qPrintable(v.failedIds().join(QLatin1Char(','))));
    QCOMPARE(v.header.value(QLatin1String("alg")).toString(), alg);
    QCOMPARE(v.status(QStringLiteral("signature")), CheckStatus::Pass);
    QCOMPARE(v.serviceUser, QStringLiteral("SVC_ORACLE"));
}

void TestJoseOracle::rejectsEveryOneByteTamper_data() { addTokenRows(); }

void TestJoseOracle::rejectsEveryOneByteTamper()
{
    QFETCH(QByteArray, token);
    const TokenVerifier verifier(&*m_keys, m_clock);
    const ClaimsPolicy p = policy();
    int tampers = 0;
    for (qsizetype i = 0; i < token.size(); ++i) {
        QByteArray tampered = token;
        const char c = token.at(i);
        if (c == '.') {
            tampered[i] = 'A'; // a dot turned into data
        } else {
            const char *at = std::strchr(kAlphabet, c);
            QVERIFY(at);
            tampered[i] = kAlphabet[(at - kAlphabet + 1) % 64];
        }
        ++tampers;
        const Verdict v = verifier.verify(tampered, p);
        if (v.valid())
            QFAIL(qPrintable(QStringLiteral("accepted a token changed at byte %1 of %2").arg(i).arg(token.size())));
    }
    QCOMPARE(tampers, token.size());
}

QTEST_GUILESS_MAIN(TestJoseOracle)
#include "tst_jose_oracle.moc"
