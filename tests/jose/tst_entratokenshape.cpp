// Microsoft Entra token shapes: v1, v2, Graph (with and without a header nonce), a custom signing key, and a
// token from another IdP, each recognised from header and claims alone.
#include "core/jose/EntraTokenShape.h"

#include <QJsonArray>
#include <QTest>

using namespace cmic;
using namespace cmic::jose;

Q_DECLARE_METATYPE(cmic::jose::EntraShape)

namespace {

const QString kTenant = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
const QString kApp = QStringLiteral("11111111-2222-3333-4444-555555555555");
const QString kV1Iss = QStringLiteral("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/");
const QString kV2Iss = QStringLiteral("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
const QString kCommonKeys = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");

QJsonObject header(bool nonce = false)
{
    QJsonObject h{{QStringLiteral("alg"), QStringLiteral("RS256")},
                  {QStringLiteral("typ"), QStringLiteral("JWT")},
                  {QStringLiteral("kid"), QStringLiteral("custom-kid-1")}};
    if (nonce)
        h.insert(QStringLiteral("nonce"), QStringLiteral("AQABAAAAAAD--DLA3VO7QrddgJg7WevrAgDs"));
    return h;
}

QJsonObject v1Claims()
{
    return {{QStringLiteral("iss"), kV1Iss},
            {QStringLiteral("aud"), QString(QStringLiteral("api://") + kApp)},
            {QStringLiteral("appid"), kApp},
            {QStringLiteral("tid"), kTenant},
            {QStringLiteral("ver"), QStringLiteral("1.0")}};
}

QJsonObject v2Claims()
{
    return {{QStringLiteral("iss"), kV2Iss},
            {QStringLiteral("aud"), kApp},
            {QStringLiteral("azp"), kApp},
            {QStringLiteral("tid"), kTenant},
            {QStringLiteral("ver"), QStringLiteral("2.0")}};
}

QJsonObject graphClaims(const QJsonValue &aud)
{
    QJsonObject c = v1Claims();
    c.insert(QStringLiteral("aud"), aud);
    return c;
}

EntraShapeContext context(const QString &issuer, const QString &appIdClaim, std::optional<bool> kidInKeys = {},
                          bool signatureFailed = false, const QString &jwksUri = kCommonKeys)
{
    EntraShapeContext c;
    c.issuer = issuer;
    c.appId = kApp;
    c.appIdClaim = appIdClaim;
    c.jwksUri = jwksUri;
    c.kidInKeys = kidInKeys;
    c.signatureFailed = signatureFailed;
    return c;
}

const Finding *findCode(const Findings &findings, const QString &code)
{
    for (const Finding &f : findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

QStringList codes(const Findings &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out.append(f.code);
    return out;
}

} // namespace

class TestEntraTokenShape : public QObject
{
    Q_OBJECT

private slots:
    void recognise_data();
    void recognise();
    void customKeyNotClaimedWhenUriHasAppId();
    void shapeNames();
};

void TestEntraTokenShape::recognise_data()
{
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<EntraShapeContext>("ctx");
    QTest::addColumn<EntraShape>("shape");
    QTest::addColumn<QStringList>("expectedCodes");
    QTest::addColumn<QString>("code");     // the finding looked at below ("" when none is expected)
    QTest::addColumn<int>("severity");     // its severity
    QTest::addColumn<QString>("field");    // the registration member it names
    QTest::addColumn<QString>("fixNames"); // the value its fix must name

    QTest::newRow("v1 fits") << header() << v1Claims() << context(kV1Iss, QStringLiteral("appid")) << EntraShape::V1
                             << QStringList{QStringLiteral("entra.token-v1")} << QStringLiteral("entra.token-v1")
                             << int(Severity::Info) << QStringLiteral("issuer") << kV1Iss;
    QTest::newRow("v1, v2 issuer registered")
        << header() << v1Claims() << context(kV2Iss, QStringLiteral("appid")) << EntraShape::V1
        << QStringList{QStringLiteral("entra.token-v1"), QStringLiteral("entra.issuer-mismatch")}
        << QStringLiteral("entra.issuer-mismatch") << int(Severity::Error) << QStringLiteral("issuer") << kV1Iss;
    QTest::newRow("v1, azp preset") << header() << v1Claims() << context(kV1Iss, QStringLiteral("azp"))
                                    << EntraShape::V1
                                    << QStringList{QStringLiteral("entra.token-v1"),
                                                   QStringLiteral("entra.appid-claim-mismatch")}
                                    << QStringLiteral("entra.appid-claim-mismatch") << int(Severity::Error)
                                    << QStringLiteral("idpPreset") << QStringLiteral("entra-v1");
    QTest::newRow("v2 fits") << header() << v2Claims() << context(kV2Iss, QStringLiteral("azp")) << EntraShape::V2
                             << QStringList{QStringLiteral("entra.token-v2"), QStringLiteral("entra.v2-no-appid")}
                             << QStringLiteral("entra.token-v2") << int(Severity::Info) << QStringLiteral("issuer")
                             << kV2Iss;
    QTest::newRow("v2, no appid for CMiC")
        << header() << v2Claims() << context(kV2Iss, QStringLiteral("azp")) << EntraShape::V2
        << QStringList{QStringLiteral("entra.token-v2"), QStringLiteral("entra.v2-no-appid")}
        << QStringLiteral("entra.v2-no-appid") << int(Severity::Warning) << QString() << kV1Iss;
    QTest::newRow("v2, v1 issuer and appid registered")
        << header() << v2Claims() << context(kV1Iss, QStringLiteral("appid")) << EntraShape::V2
        << QStringList{QStringLiteral("entra.token-v2"), QStringLiteral("entra.v2-no-appid"),
                       QStringLiteral("entra.issuer-mismatch"), QStringLiteral("entra.appid-claim-mismatch")}
        << QStringLiteral("entra.issuer-mismatch") << int(Severity::Error) << QStringLiteral("issuer") << kV2Iss;
    QTest::newRow("graph with nonce, signature failed")
        << header(true) << graphClaims(QStringLiteral("00000003-0000-0000-c000-000000000000"))
        << context(kV1Iss, QStringLiteral("appid"), true, true) << EntraShape::Graph
        << QStringList{QStringLiteral("entra.graph-token"), QStringLiteral("entra.graph-signature")}
        << QStringLiteral("entra.graph-signature") << int(Severity::Error) << QStringLiteral("scope")
        << QString(QStringLiteral("api://") + kApp + QStringLiteral("/.default"));
    QTest::newRow("graph with nonce") << header(true) << graphClaims(QStringLiteral("https://graph.microsoft.com"))
                                      << context(kV1Iss, QStringLiteral("appid")) << EntraShape::Graph
                                      << QStringList{QStringLiteral("entra.graph-token")}
                                      << QStringLiteral("entra.graph-token") << int(Severity::Error)
                                      << QStringLiteral("scope")
                                      << QString(QStringLiteral("api://") + kApp + QStringLiteral("/.default"));
    QTest::newRow("graph aud without nonce, signature failed")
        << header() << graphClaims(QJsonArray{QStringLiteral("https://graph.microsoft.com/")})
        << context(kV1Iss, QStringLiteral("appid"), true, true) << EntraShape::Graph
        << QStringList{QStringLiteral("entra.graph-token")} << QStringLiteral("entra.graph-token")
        << int(Severity::Error) << QStringLiteral("scope")
        << QString(QStringLiteral("api://") + kApp + QStringLiteral("/.default"));
    QTest::newRow("custom signing key") << header() << v1Claims()
                                        << context(kV1Iss, QStringLiteral("appid"), false, true) << EntraShape::V1
                                        << QStringList{QStringLiteral("entra.token-v1"),
                                                       QStringLiteral("entra.custom-signing-key")}
                                        << QStringLiteral("entra.custom-signing-key") << int(Severity::Error)
                                        << QStringLiteral("jwksUri")
                                        << QString(QStringLiteral("https://login.microsoftonline.com/") + kTenant
                                                   + QStringLiteral("/discovery/keys?appid=") + kApp);
    QTest::newRow("kid found: no custom key")
        << header() << v1Claims() << context(kV1Iss, QStringLiteral("appid"), true) << EntraShape::V1
        << QStringList{QStringLiteral("entra.token-v1")} << QStringLiteral("entra.token-v1") << int(Severity::Info)
        << QStringLiteral("issuer") << kV1Iss;
    // Entra's claims on another host (the sandbox's Entra-like mode, Entra External ID): recognised by ver, tid and
    // the client claim; the v1 issuer to register is the same host's, not sts.windows.net.
    const QString loopV1 = QStringLiteral("https://127.0.0.1:4443/idp/") + kTenant + QLatin1Char('/');
    const QString loopV2 = QStringLiteral("https://127.0.0.1:4443/idp/") + kTenant + QStringLiteral("/v2.0");
    QJsonObject loopV1Claims = v1Claims();
    loopV1Claims.insert(QStringLiteral("iss"), loopV1);
    QJsonObject loopV2Claims = v2Claims();
    loopV2Claims.insert(QStringLiteral("iss"), loopV2);
    QTest::newRow("entra-like v1 on another host")
        << header() << loopV1Claims << context(loopV1, QStringLiteral("appid"), true) << EntraShape::V1
        << QStringList{QStringLiteral("entra.token-v1")} << QStringLiteral("entra.token-v1") << int(Severity::Info)
        << QStringLiteral("issuer") << loopV1;
    QTest::newRow("entra-like v1, v2 form registered")
        << header() << loopV1Claims << context(loopV2, QStringLiteral("appid"), true) << EntraShape::V1
        << QStringList{QStringLiteral("entra.token-v1"), QStringLiteral("entra.issuer-mismatch")}
        << QStringLiteral("entra.issuer-mismatch") << int(Severity::Error) << QStringLiteral("issuer") << loopV1;
    QTest::newRow("entra-like v2: the same host's v1 issuer")
        << header() << loopV2Claims << context(loopV2, QStringLiteral("azp"), true) << EntraShape::V2
        << QStringList{QStringLiteral("entra.token-v2"), QStringLiteral("entra.v2-no-appid")}
        << QStringLiteral("entra.v2-no-appid") << int(Severity::Warning) << QString() << loopV1;
    QJsonObject noTid = loopV1Claims;
    noTid.remove(QStringLiteral("tid"));
    QTest::newRow("ver and appid without tid: not entra")
        << header() << noTid << context(loopV1, QStringLiteral("appid"), true) << EntraShape::NotEntra << QStringList{}
        << QString() << 0 << QString() << QString();
    QJsonObject oktaVer{{QStringLiteral("iss"), QStringLiteral("https://dev-1.okta.com/oauth2/default")},
                        {QStringLiteral("ver"), 1},
                        {QStringLiteral("tid"), kTenant},
                        {QStringLiteral("appid"), kApp}};
    QTest::newRow("numeric ver: not entra")
        << header() << oktaVer << context(QString(), QString(), true) << EntraShape::NotEntra << QStringList{}
        << QString() << 0 << QString() << QString();
    QTest::newRow("not entra") << header()
                               << QJsonObject{{QStringLiteral("iss"),
                                               QStringLiteral("https://dev-1.okta.com/oauth2/default")},
                                              {QStringLiteral("aud"), QStringLiteral("api://cmic")},
                                              {QStringLiteral("cid"), QStringLiteral("0oa1")}}
                               << context(QStringLiteral("https://dev-1.okta.com/oauth2/default"),
                                          QStringLiteral("cid"), false, true)
                               << EntraShape::NotEntra << QStringList{} << QString() << 0 << QString() << QString();
}

void TestEntraTokenShape::recognise()
{
    QFETCH(QJsonObject, header);
    QFETCH(QJsonObject, claims);
    QFETCH(EntraShapeContext, ctx);
    QFETCH(EntraShape, shape);
    QFETCH(QStringList, expectedCodes);
    QFETCH(QString, code);
    QFETCH(int, severity);
    QFETCH(QString, field);
    QFETCH(QString, fixNames);

    const EntraShapeResult r = recogniseEntraToken(header, claims, ctx);
    QCOMPARE(r.shape, shape);
    QCOMPARE(codes(r.findings), expectedCodes);
    if (code.isEmpty())
        return;
    const Finding *f = findCode(r.findings, code);
    QVERIFY2(f, qPrintable(code));
    QCOMPARE(int(f->severity), severity);
    QCOMPARE(f->field, field);
    QVERIFY2(f->fix.contains(fixNames), qPrintable(f->fix));
    QVERIFY(!f->message.isEmpty());
    if (code == QLatin1String("entra.graph-signature") || code == QLatin1String("entra.graph-token")) {
        QVERIFY2(f->message.contains(QLatin1String("scope")), qPrintable(f->message));
        QVERIFY2(!f->fix.contains(QLatin1String("JWKS")), qPrintable(f->fix));
    }
}

void TestEntraTokenShape::customKeyNotClaimedWhenUriHasAppId()
{
    const QString uri = QStringLiteral("https://login.microsoftonline.com/") + kTenant
                        + QStringLiteral("/discovery/keys?appid=") + kApp;
    const EntraShapeResult r =
        recogniseEntraToken(header(), v1Claims(), context(kV1Iss, QStringLiteral("appid"), false, true, uri));
    QVERIFY(!r.customSigningKey);
    QCOMPARE(codes(r.findings), QStringList{QStringLiteral("entra.token-v1")});
}

void TestEntraTokenShape::shapeNames()
{
    QCOMPARE(entraShapeName(EntraShape::V1), QStringLiteral("v1"));
    QCOMPARE(entraShapeName(EntraShape::V2), QStringLiteral("v2"));
    QCOMPARE(entraShapeName(EntraShape::Graph), QStringLiteral("graph"));
    QCOMPARE(entraShapeName(EntraShape::NotEntra), QStringLiteral("not-entra"));
}

QTEST_GUILESS_MAIN(TestEntraTokenShape)
#include "tst_entratokenshape.moc"
