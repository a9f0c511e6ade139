// CMiC's claim checks with an injected clock.
#include "core/jose/ClaimsValidator.h"
#include "core/jose/Verdict.h"
#include "core/util/Clock.h"

#include <QJsonArray>
#include <QTest>

using namespace cmic::jose;

namespace {
constexpr qint64 kNow = 1'780'000'000;

QJsonObject baseClaims()
{
    return {{QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/tenant-1/")},
            {QStringLiteral("sub"), QStringLiteral("sp-object-id")},
            {QStringLiteral("aud"), QStringLiteral("api://cmic-prod")},
            {QStringLiteral("appid"), QStringLiteral("app-123")},
            {QStringLiteral("iat"), kNow - 300},
            {QStringLiteral("nbf"), kNow - 300},
            {QStringLiteral("exp"), kNow + 3300},
            {QStringLiteral("ipaddr"), QStringLiteral("203.0.113.7")},
            {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEGRATION")}};
}

ClaimsPolicy basePolicy()
{
    ClaimsPolicy p;
    p.issuer = QStringLiteral("https://sts.windows.net/tenant-1/");
    p.appId = QStringLiteral("app-123");
    p.appIdClaim = QStringLiteral("appid");
    p.audience = QStringLiteral("api://cmic-prod");
    p.ipCheck = true;
    cmic::Environment env;
    env.deployment = cmic::Deployment::Enterprise;
    env.userSource = cmic::UserSource::TokenClaim;
    p.environment = env;
    return p;
}

QJsonObject jwtHeader()
{
    return {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
}
} // namespace

class TestClaimsValidator : public QObject
{
    Q_OBJECT

private slots:
    void acceptsGoodClaims();
    void timeChecksWithSkew_data();
    void timeChecksWithSkew();
    void timeClaimsMustBeNumbers_data();
    void timeClaimsMustBeNumbers();
    void typIsCaseInsensitive_data();
    void typIsCaseInsensitive();
    void issuerMismatchExplainsTrailingSlash();
    void issuerMismatchExplainsEntraVersions();
    void appIdClaimFollowsPreset_data();
    void appIdClaimFollowsPreset();
    void audienceStringOrArray_data();
    void audienceStringOrArray();
    void requiredClaimsListedTogether();
    void ipAddrRequiredOnlyWithIpCheck();
    void ipAddrFollowsPatchLevel_data();
    void ipAddrFollowsPatchLevel();
    void audienceAbsentOrDifferent_data();
    void audienceAbsentOrDifferent();
    void claimNamingAnotherUserFails_data();
    void claimNamingAnotherUserFails();
    void userClaimResolvedThroughResolver();
    void cloudUserClaimNeedsTenantForm();
    void formatsDurations_data();
    void formatsDurations();

private:
    Verdict run(const QJsonObject &claims, const ClaimsPolicy &policy = basePolicy(),
                const QJsonObject &header = jwtHeader()) const
    {
        Verdict v;
        ClaimsValidator(m_clock).validate(header, claims, policy, &v);
        return v;
    }
    cmic::FixedClock m_clock{QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC)};
};

void TestClaimsValidator::acceptsGoodClaims()
{
    const Verdict v = run(baseClaims());
    QVERIFY2(v.failedIds().isEmpty(), qPrintable(v.failedIds().join(QLatin1Char(','))));
    for (const char *id : {"header.typ", "claims.required", "claims.iss", "claims.appId", "claims.aud", "claims.exp",
                           "claims.nbf", "claims.iat", "claims.ipaddr", "claims.user"})
        QCOMPARE(v.status(QLatin1String(id)), CheckStatus::Pass);
    QCOMPARE(v.serviceUser, QStringLiteral("SVC_INTEGRATION"));
    QVERIFY(v.find(QStringLiteral("claims.exp"))->message().contains(QLatin1String("expires in 55 min")));
}

void TestClaimsValidator::timeChecksWithSkew_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<qint64>("offset"); // claim value - now
    QTest::addColumn<qint64>("skew");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    QTest::newRow("exp 3 min 10 s ago") << QStringLiteral("exp") << qint64(-190) << qint64(60) << int(CheckStatus::Fail)
                                        << QStringLiteral("expired 3 min 10 s ago");
    QTest::newRow("exp 30 s ago within skew")
        << QStringLiteral("exp") << qint64(-30) << qint64(60) << int(CheckStatus::Warn)
        << QStringLiteral("within the 1 min clock skew");
    QTest::newRow("exp 30 s ago, no skew") << QStringLiteral("exp") << qint64(-30) << qint64(0)
                                           << int(CheckStatus::Fail) << QStringLiteral("expired 30 s ago");
    QTest::newRow("exp now is expired") << QStringLiteral("exp") << qint64(0) << qint64(0) << int(CheckStatus::Fail)
                                        << QStringLiteral("expired");
    QTest::newRow("exp in 2 h") << QStringLiteral("exp") << qint64(7200) << qint64(60) << int(CheckStatus::Pass)
                                << QStringLiteral("expires in 2 h");
    QTest::newRow("nbf in 5 min") << QStringLiteral("nbf") << qint64(300) << qint64(60) << int(CheckStatus::Fail)
                                  << QStringLiteral("not valid for another 5 min");
    QTest::newRow("nbf in 20 s within skew")
        << QStringLiteral("nbf") << qint64(20) << qint64(60) << int(CheckStatus::Warn) << QStringLiteral("20 s");
    QTest::newRow("iat in the future") << QStringLiteral("iat") << qint64(600) << qint64(60) << int(CheckStatus::Fail)
                                       << QStringLiteral("10 min in the future");
    QTest::newRow("iat with skew 900") << QStringLiteral("iat") << qint64(600) << qint64(900) << int(CheckStatus::Pass)
                                       << QStringLiteral("Issued");
}

void TestClaimsValidator::timeChecksWithSkew()
{
    QFETCH(QString, claim);
    QFETCH(qint64, offset);
    QFETCH(qint64, skew);
    QFETCH(int, status);
    QFETCH(QString, text);
    QJsonObject claims = baseClaims();
    claims.insert(claim, kNow + offset);
    ClaimsPolicy policy = basePolicy();
    policy.clockSkewSeconds = skew;
    const Verdict v = run(claims, policy);
    const Check *c = v.find(QStringLiteral("claims.") + claim);
    QVERIFY(c);
    QCOMPARE(int(c->status), status);
    QVERIFY2(c->message().contains(text), qPrintable(c->message()));
}

void TestClaimsValidator::timeClaimsMustBeNumbers_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QJsonValue>("value");
    for (const char *c : {"exp", "nbf", "iat"}) {
        QTest::addRow("%s string", c) << QString::fromLatin1(c) << QJsonValue(QString::number(kNow));
        QTest::addRow("%s bool", c) << QString::fromLatin1(c) << QJsonValue(true);
        QTest::addRow("%s null", c) << QString::fromLatin1(c) << QJsonValue(QJsonValue::Null);
    }
}

void TestClaimsValidator::timeClaimsMustBeNumbers()
{
    QFETCH(QString, claim);
    QFETCH(QJsonValue, value);
    QJsonObject claims = baseClaims();
    claims.insert(claim, value);
    const Verdict v = run(claims);
    QCOMPARE(v.status(QStringLiteral("claims.") + claim), CheckStatus::Fail);
    QVERIFY(v.find(QStringLiteral("claims.") + claim)->message().contains(QLatin1String("JSON number")));
}

void TestClaimsValidator::typIsCaseInsensitive_data()
{
    QTest::addColumn<QJsonValue>("typ");
    QTest::addColumn<bool>("ok");
    QTest::newRow("at+jwt") << QJsonValue(QStringLiteral("at+jwt")) << true;
    QTest::newRow("AT+JWT") << QJsonValue(QStringLiteral("AT+JWT")) << true;
    QTest::newRow("application/at+jwt") << QJsonValue(QStringLiteral("Application/At+JWT")) << true;
    QTest::newRow("jwt") << QJsonValue(QStringLiteral("jwt")) << true;
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << true;
    QTest::newRow("logout+jwt") << QJsonValue(QStringLiteral("logout+jwt")) << false;
    QTest::newRow("number") << QJsonValue(1) << false;
}

void TestClaimsValidator::typIsCaseInsensitive()
{
    QFETCH(QJsonValue, typ);
    QFETCH(bool, ok);
    QJsonObject header = jwtHeader();
    header.remove(QStringLiteral("typ"));
    if (!typ.isUndefined())
        header.insert(QStringLiteral("typ"), typ);
    const Verdict v = run(baseClaims(), basePolicy(), header);
    QCOMPARE(v.status(QStringLiteral("header.typ")), ok ? CheckStatus::Pass : CheckStatus::Fail);
}

void TestClaimsValidator::issuerMismatchExplainsTrailingSlash()
{
    ClaimsPolicy p = basePolicy();
    p.issuer = QStringLiteral("https://sts.windows.net/tenant-1");
    const Verdict v = run(baseClaims(), p);
    QCOMPARE(v.status(QStringLiteral("claims.iss")), CheckStatus::Fail);
    QVERIFY(v.find(QStringLiteral("claims.iss"))->message().contains(QLatin1String("trailing slash")));
}

void TestClaimsValidator::issuerMismatchExplainsEntraVersions()
{
    ClaimsPolicy p = basePolicy();
    p.issuer = QStringLiteral("https://login.microsoftonline.com/tenant-1/v2.0");
    const Verdict v = run(baseClaims(), p);
    QCOMPARE(v.status(QStringLiteral("claims.iss")), CheckStatus::Fail);
    QVERIFY(v.find(QStringLiteral("claims.iss"))->message().contains(QLatin1String("v1")));
    p.issuer.clear();
    QCOMPARE(run(baseClaims(), p).status(QStringLiteral("claims.iss")), CheckStatus::Skip);
}

void TestClaimsValidator::appIdClaimFollowsPreset_data()
{
    QTest::addColumn<QString>("claimInToken");
    QTest::addColumn<QString>("presetClaim");
    QTest::addColumn<int>("status");
    QTest::newRow("entra appid") << QStringLiteral("appid") << QStringLiteral("appid") << int(CheckStatus::Pass);
    QTest::newRow("okta cid") << QStringLiteral("cid") << QStringLiteral("cid") << int(CheckStatus::Pass);
    QTest::newRow("auth0 azp") << QStringLiteral("azp") << QStringLiteral("azp") << int(CheckStatus::Pass);
    QTest::newRow("rfc9068 client_id") << QStringLiteral("client_id") << QStringLiteral("client_id")
                                       << int(CheckStatus::Pass);
    QTest::newRow("auto-detected") << QStringLiteral("client_id") << QString() << int(CheckStatus::Pass);
    QTest::newRow("preset says appid, token has azp")
        << QStringLiteral("azp") << QStringLiteral("appid") << int(CheckStatus::Fail);
}

void TestClaimsValidator::appIdClaimFollowsPreset()
{
    QFETCH(QString, claimInToken);
    QFETCH(QString, presetClaim);
    QFETCH(int, status);
    QJsonObject claims = baseClaims();
    claims.remove(QStringLiteral("appid"));
    claims.insert(claimInToken, QStringLiteral("app-123"));
    ClaimsPolicy p = basePolicy();
    p.appIdClaim = presetClaim;
    QCOMPARE(int(run(claims, p).status(QStringLiteral("claims.appId"))), status);
    claims.insert(claimInToken, QStringLiteral("other-app"));
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.appId")), CheckStatus::Fail);
}

void TestClaimsValidator::audienceStringOrArray_data()
{
    QTest::addColumn<QJsonValue>("aud");
    QTest::addColumn<int>("status");
    const int pass = int(CheckStatus::Pass), warn = int(CheckStatus::Warn), fail = int(CheckStatus::Fail);
    QTest::newRow("string") << QJsonValue(QStringLiteral("api://cmic-prod")) << pass;
    QTest::newRow("array with it") << QJsonValue(QJsonArray{QStringLiteral("x"), QStringLiteral("api://cmic-prod")})
                                   << pass;
    // A different value only warns: CMiC requires aud, nothing says it compares it (issue 10, item 6).
    QTest::newRow("array without it") << QJsonValue(QJsonArray{QStringLiteral("x"), QStringLiteral("y")}) << warn;
    QTest::newRow("empty array") << QJsonValue(QJsonArray{}) << fail;
    QTest::newRow("other string") << QJsonValue(QStringLiteral("api://cmic-test")) << warn;
    QTest::newRow("number") << QJsonValue(5) << fail;
    QTest::newRow("array with number") << QJsonValue(QJsonArray{QStringLiteral("api://cmic-prod"), 5}) << fail;
}

void TestClaimsValidator::audienceStringOrArray()
{
    QFETCH(QJsonValue, aud);
    QFETCH(int, status);
    QJsonObject claims = baseClaims();
    claims.insert(QStringLiteral("aud"), aud);
    QCOMPARE(int(run(claims).status(QStringLiteral("claims.aud"))), status);
}

void TestClaimsValidator::requiredClaimsListedTogether()
{
    QJsonObject claims = baseClaims();
    claims.remove(QStringLiteral("sub"));
    claims.remove(QStringLiteral("aud"));
    const Verdict v = run(claims);
    QCOMPARE(v.status(QStringLiteral("claims.required")), CheckStatus::Fail);
    const QString msg = v.find(QStringLiteral("claims.required"))->message();
    QVERIFY(msg.contains(QLatin1String("sub, aud")));
    QCOMPARE(v.status(QStringLiteral("claims.aud")), CheckStatus::Fail);
}

void TestClaimsValidator::ipAddrRequiredOnlyWithIpCheck()
{
    QJsonObject claims = baseClaims();
    claims.remove(QStringLiteral("ipaddr"));
    ClaimsPolicy p = basePolicy();
    p.patchLevel = 19;
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.ipaddr")), CheckStatus::Fail);
    QVERIFY(run(claims, p).find(QStringLiteral("claims.ipaddr"))->message().contains(QLatin1String("ipcheck")));
    p.ipCheck = false;
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.ipaddr")), CheckStatus::Skip);
}

// Issue 10, item 5: a missing ipaddr is "CMiC answers 401" only where that is documented (below Patch 20); from
// Patch 20, or at an unknown patch level, it is a warning that says it rests on a guess.
void TestClaimsValidator::ipAddrFollowsPatchLevel_data()
{
    QTest::addColumn<int>("patch");
    QTest::addColumn<bool>("ipaddr");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("says");
    const int pass = int(CheckStatus::Pass), warn = int(CheckStatus::Warn), fail = int(CheckStatus::Fail);
    const QString guess = QStringLiteral("guess");
    const QString fix = QStringLiteral("cmic.oauth2.ipcheck.enabled=false");
    for (int patch : {0, 18, 19, 20, 22, 23}) {
        const QByteArray p = QByteArray::number(patch);
        QTest::newRow(QByteArray("present-" + p).constData())
            << patch << true << pass << QStringList{QStringLiteral("203.0.113.7")};
        if (patch > 0 && patch < 20)
            QTest::newRow(QByteArray("absent-" + p).constData())
                << patch << false << fail
                << QStringList{QStringLiteral("answers 401"), QStringLiteral("Patch %1").arg(patch), fix};
        else
            QTest::newRow(QByteArray("absent-" + p).constData())
                << patch << false << warn
                << QStringList{guess, QStringLiteral("Patch 20"),
                               patch ? QStringLiteral("at Patch %1").arg(patch) : QStringLiteral("unknown"), fix};
    }
}

void TestClaimsValidator::ipAddrFollowsPatchLevel()
{
    QFETCH(int, patch);
    QFETCH(bool, ipaddr);
    QFETCH(int, status);
    QFETCH(QStringList, says);
    QJsonObject claims = baseClaims();
    if (!ipaddr)
        claims.remove(QStringLiteral("ipaddr"));
    ClaimsPolicy p = basePolicy();
    p.patchLevel = patch;
    const Verdict v = run(claims, p);
    QCOMPARE(int(v.status(QStringLiteral("claims.ipaddr"))), status);
    const QString message = v.find(QStringLiteral("claims.ipaddr"))->message();
    for (const QString &text : says)
        QVERIFY2(message.contains(text), qPrintable(text + QStringLiteral(" not in: ") + message));
    // A guess never decides: the token stays valid when only ipaddr is missing from Patch 20 on.
    QCOMPARE(v.failedIds().contains(QStringLiteral("claims.ipaddr")), status == int(CheckStatus::Fail));
}

// Issue 10, item 6: aud's absence is the error; a different value a warning naming what the IdP sent.
void TestClaimsValidator::audienceAbsentOrDifferent_data()
{
    QTest::addColumn<QJsonValue>("aud"); // undefined: removed
    QTest::addColumn<int>("audStatus");
    QTest::addColumn<int>("requiredStatus");
    QTest::addColumn<QStringList>("says");
    const int pass = int(CheckStatus::Pass), warn = int(CheckStatus::Warn), fail = int(CheckStatus::Fail);
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << fail << fail
                            << QStringList{QStringLiteral("no aud"), QStringLiteral("requires")};
    QTest::newRow("different") << QJsonValue(QStringLiteral("api://cmic-prod/")) << warn << pass
                               << QStringList{QStringLiteral("'api://cmic-prod/'"),
                                              QStringLiteral("\"api://cmic-prod\""), QStringLiteral("guess"),
                                              QStringLiteral("enter it as the audience")};
    QTest::newRow("different guid") << QJsonValue(QStringLiteral("11111111-2222-3333-4444-555555555555")) << warn
                                    << pass
                                    << QStringList{QStringLiteral("'11111111-2222-3333-4444-555555555555'"),
                                                   QStringLiteral("GUID")};
    QTest::newRow("same") << QJsonValue(QStringLiteral("api://cmic-prod")) << pass << pass << QStringList();
}

void TestClaimsValidator::audienceAbsentOrDifferent()
{
    QFETCH(QJsonValue, aud);
    QFETCH(int, audStatus);
    QFETCH(int, requiredStatus);
    QFETCH(QStringList, says);
    QJsonObject claims = baseClaims();
    if (aud.isUndefined())
        claims.remove(QStringLiteral("aud"));
    else
        claims.insert(QStringLiteral("aud"), aud);
    const Verdict v = run(claims);
    QCOMPARE(int(v.status(QStringLiteral("claims.aud"))), audStatus);
    QCOMPARE(int(v.status(QStringLiteral("claims.required"))), requiredStatus);
    const QString message = v.find(QStringLiteral("claims.aud"))->message();
    for (const QString &text : says)
        QVERIFY2(message.contains(text), qPrintable(text + QStringLiteral(" not in: ") + message));
    QCOMPARE(v.failedIds().contains(QStringLiteral("claims.aud")), audStatus == int(CheckStatus::Fail));
}

// Issue 10, item 3: in claim mode a claim naming someone other than the registration's service user fails, with
// no expected user given; the message names both values.
void TestClaimsValidator::claimNamingAnotherUserFails_data()
{
    QTest::addColumn<int>("deployment");
    QTest::addColumn<QString>("claim");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("says");
    const int E = int(cmic::Deployment::Enterprise), C = int(cmic::Deployment::Cloud);
    const int pass = int(CheckStatus::Pass), fail = int(CheckStatus::Fail);
    QTest::newRow("enterprise-other") << E << QStringLiteral("JDOE") << fail
                                      << QStringList{QStringLiteral("JDOE"), QStringLiteral("\"SVC_INTEGRATION\"")};
    QTest::newRow("enterprise-same-case") << E << QStringLiteral("svc_integration") << pass << QStringList();
    QTest::newRow("cloud-other") << C << QStringLiteral("ACME||JDOE") << fail
                                 << QStringList{QStringLiteral("JDOE"), QStringLiteral("\"ACME||SVC_INTEGRATION\"")};
    QTest::newRow("cloud-same") << C << QStringLiteral("ACME||SVC_INTEGRATION") << pass << QStringList();
    QTest::newRow("cloud-email-same") << C << QStringLiteral("svc.integration@acme.com") << pass << QStringList();
}

void TestClaimsValidator::claimNamingAnotherUserFails()
{
    QFETCH(int, deployment);
    QFETCH(QString, claim);
    QFETCH(int, status);
    QFETCH(QStringList, says);
    ClaimsPolicy p = basePolicy();
    p.environment->deployment = cmic::Deployment(deployment);
    p.environment->cloudTenant = QStringLiteral("ACME");
    cmic::ServiceUser user;
    user.username = QStringLiteral("SVC_INTEGRATION");
    user.emailUsername = QStringLiteral("svc.integration@acme.com");
    p.serviceUser = user;
    QJsonObject claims = baseClaims();
    claims.insert(QStringLiteral("cmicuser"), claim);
    const Verdict v = run(claims, p);
    QCOMPARE(int(v.status(QStringLiteral("claims.user"))), status);
    const QString message = v.find(QStringLiteral("claims.user"))->message();
    for (const QString &text : says)
        QVERIFY2(message.contains(text), qPrintable(text + QStringLiteral(" not in: ") + message));
}

void TestClaimsValidator::userClaimResolvedThroughResolver()
{
    QJsonObject claims = baseClaims();
    ClaimsPolicy p = basePolicy();
    p.expectUser = QStringLiteral("svc_integration");
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.user")), CheckStatus::Pass);
    p.expectUser = QStringLiteral("SVC_OTHER");
    Verdict v = run(claims, p);
    QCOMPARE(v.status(QStringLiteral("claims.user")), CheckStatus::Fail);
    QVERIFY(v.find(QStringLiteral("claims.user"))->message().contains(QLatin1String("SVC_OTHER")));
    claims.remove(QStringLiteral("cmicuser"));
    v = run(claims);
    QCOMPARE(v.status(QStringLiteral("claims.user")), CheckStatus::Fail);
    QVERIFY(v.serviceUser.isEmpty());
    p = basePolicy();
    p.environment.reset();
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.user")), CheckStatus::Skip);
}

void TestClaimsValidator::cloudUserClaimNeedsTenantForm()
{
    ClaimsPolicy p = basePolicy();
    p.environment->deployment = cmic::Deployment::Cloud;
    p.environment->cloudTenant = QStringLiteral("ACME");
    QJsonObject claims = baseClaims();
    claims.insert(QStringLiteral("cmicuser"), QStringLiteral("ACME||SVC_INTEGRATION"));
    Verdict v = run(claims, p);
    QCOMPARE(v.status(QStringLiteral("claims.user")), CheckStatus::Pass);
    QCOMPARE(v.serviceUser, QStringLiteral("SVC_INTEGRATION"));
    claims.insert(QStringLiteral("cmicuser"), QStringLiteral("OTHER||SVC_INTEGRATION"));
    QCOMPARE(run(claims, p).status(QStringLiteral("claims.user")), CheckStatus::Fail);
}

void TestClaimsValidator::formatsDurations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << qint64(0) << QStringLiteral("0 s");
    QTest::newRow("59") << qint64(59) << QStringLiteral("59 s");
    QTest::newRow("190") << qint64(190) << QStringLiteral("3 min 10 s");
    QTest::newRow("3600") << qint64(3600) << QStringLiteral("1 h");
    QTest::newRow("7500") << qint64(7500) << QStringLiteral("2 h 5 min");
    QTest::newRow("4d3h") << qint64(4 * 86400 + 3 * 3600 + 5) << QStringLiteral("4 d 3 h");
    QTest::newRow("negative") << qint64(-190) << QStringLiteral("3 min 10 s");
}

void TestClaimsValidator::formatsDurations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(ClaimsValidator::formatDuration(seconds), text);
}

QTEST_GUILESS_MAIN(TestClaimsValidator)
#include "tst_claimsvalidator.moc"
