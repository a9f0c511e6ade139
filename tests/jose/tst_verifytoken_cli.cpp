// Runs the built `cmic-oauth verify-token` as a user would: exit codes, JSON shape, stdin, JWKS file and URL.
#include "CliRun.h"
#include "JoseTestKit.h"
#include "RawControls.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include "sandbox/SandboxHttpServer.h"
#include "sandbox/SandboxTls.h"
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>

using namespace cmic::jose;
namespace tk = cmic::jose::testkit;

namespace {

constexpr qint64 kNow = 1'780'000'000;

using Run = cmic::test::CliRun;

// Runs the CLI without blocking this thread's event loop (the JWKS test server lives on it).
Run runCli(const QStringList &args, const QByteArray &stdinData = {})
{
    return cmic::test::runCliProcess(QStringLiteral(CMIC_OAUTH_BINARY),
                                     QStringList{QStringLiteral("verify-token")} + args, stdinData,
                                     QProcessEnvironment::systemEnvironment(), 60000);
}

QJsonObject claims()
{
    return {{QStringLiteral("iss"), QStringLiteral("https://idp.example/")},
            {QStringLiteral("sub"), QStringLiteral("client-1")},
            {QStringLiteral("aud"), QStringLiteral("api://cmic")},
            {QStringLiteral("client_id"), QStringLiteral("client-1")},
            {QStringLiteral("iat"), kNow - 60},
            {QStringLiteral("exp"), kNow + 600},
            {QStringLiteral("ipaddr"), QStringLiteral("192.0.2.1")},
            {QStringLiteral("cmicuser"), QStringLiteral("SVC_INTEGRATION")}};
}

// A one-shot HTTP server on loopback that answers every request with |body|.
class JwksServer : public QTcpServer
{
public:
    // |redirectTo| set: answers 302 to that location instead.
    explicit JwksServer(QByteArray body, QByteArray redirectTo = {})
        : m_body(std::move(body)), m_redirectTo(std::move(redirectTo))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (!m_request.contains("\r\n\r\n"))
                        return;
                    if (!m_redirectTo.isEmpty()) {
                        socket->write("HTTP/1.1 302 Found\r\nLocation: " + m_redirectTo
                                      + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
                        socket->disconnectFromHost();
                        return;
                    }
                    socket->write(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + QByteArray::number(m_body.size()) + "\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    QByteArray m_body;
    QByteArray m_redirectTo;
    QByteArray m_request;
};

} // namespace

class TestVerifyTokenCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validTokenExitsZeroWithJsonVerdict();
    void expiredTokenExitsOneAndSaysByHowMuch();
    void readsTokenFromStdin();
    void textFormatListsEveryCheck();
    void withoutJwksTheTokenIsNotValid();
    void fetchesJwksFromLoopbackUrl();
    void refusesPlainHttpToRemoteHosts();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void refusesRedirectToPlainHttpElsewhere();
    void privateCaNeedsCaBundle();
    void followsRedirectWithinLoopback();
    void textOutputEscapesControlCharactersFromTheToken();
    void nothingFromTheTokenOrThePathDrivesTheTerminal();
    void refusesOversizeStdin();
    void jwksFileThatIsAPipeIsRefusedAtOnce();
    void showsEntraShapeInText();
    void graphTokenSignatureIsWrongScopeInJson();

private:
    QStringList baseArgs() const
    {
        return {QStringLiteral("--jwks"),         m_jwksPath,
                QStringLiteral("--issuer"),       QStringLiteral("https://idp.example/"),
                QStringLiteral("--app-id"),       QStringLiteral("client-1"),
                QStringLiteral("--app-id-claim"), QStringLiteral("client_id"),
                QStringLiteral("--audience"),     QStringLiteral("api://cmic"),
                QStringLiteral("--expect-user"),  QStringLiteral("SVC_INTEGRATION"),
                QStringLiteral("--now"),          QString::number(kNow)};
    }
    QTemporaryDir m_dir;
    QString m_jwksPath;
    QByteArray m_jwks;
    QByteArray m_token;
};

namespace {

QJsonObject entraV1Claims()
{
    QJsonObject c = claims();
    c.insert(QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/tenant-1/"));
    c.insert(QStringLiteral("ver"), QStringLiteral("1.0"));
    c.insert(QStringLiteral("tid"), QStringLiteral("tenant-1"));
    c.insert(QStringLiteral("appid"), QStringLiteral("client-1"));
    return c;
}

} // namespace

void TestVerifyTokenCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(CMIC_OAUTH_BINARY)));
    QVERIFY(m_dir.isValid());
    const tk::TestKey key = tk::key(Algorithm::ES256, 0, QStringLiteral("k1"));
    m_jwks = tk::jwks({tk::key(Algorithm::RS256, 0, QStringLiteral("k0")).jwk, key.jwk});
    m_jwksPath = m_dir.filePath(QStringLiteral("jwks.json"));
    QFile f(m_jwksPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(m_jwks);
    f.close();
    m_token = tk::token(claims(), key);
}

void TestVerifyTokenCli::validTokenExitsZeroWithJsonVerdict()
{
    const Run r = runCli(
        baseArgs() + QStringList{QStringLiteral("--format"), QStringLiteral("json"), QString::fromLatin1(m_token)});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.value(QLatin1String("valid")).toBool(), true);
    QCOMPARE(doc.value(QLatin1String("serviceUser")).toString(), QStringLiteral("SVC_INTEGRATION"));
    QCOMPARE(doc.value(QLatin1String("header")).toObject().value(QLatin1String("kid")).toString(),
             QStringLiteral("k1"));
    QCOMPARE(doc.value(QLatin1String("claims")).toObject().value(QLatin1String("sub")).toString(),
             QStringLiteral("client-1"));
    const QJsonArray checks = doc.value(QLatin1String("checks")).toArray();
    QVERIFY(checks.size() > 15);
    QStringList ids;
    for (const QJsonValue &c : checks) {
        const QJsonObject o = c.toObject();
        QVERIFY(o.value(QLatin1String("id")).isString());
        QVERIFY(QStringList({QStringLiteral("pass"), QStringLiteral("warn"), QStringLiteral("skip")})
                    .contains(o.value(QLatin1String("status")).toString()));
        QVERIFY(!o.value(QLatin1String("message")).toString().isEmpty());
        ids.append(o.value(QLatin1String("id")).toString());
    }
    for (const char *id :
         {"signature", "key.select", "claims.iss", "claims.appId", "claims.aud", "claims.exp", "claims.user"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
    QVERIFY(r.err.contains("2 keys read")); // the English catalogue gives the plural form
}

void TestVerifyTokenCli::expiredTokenExitsOneAndSaysByHowMuch()
{
    QStringList args = baseArgs();
    args[args.indexOf(QStringLiteral("--now")) + 1] = QString::number(kNow + 600 + 190);
    const Run r =
        runCli(args + QStringList{QStringLiteral("--format"), QStringLiteral("json"), QString::fromLatin1(m_token)});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(doc.value(QLatin1String("valid")).toBool(), false);
    bool found = false;
    for (const QJsonValue &c : doc.value(QLatin1String("checks")).toArray()) {
        const QJsonObject o = c.toObject();
        if (o.value(QLatin1String("id")).toString() == QLatin1String("claims.exp")) {
            found = true;
            QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("fail"));
            QVERIFY(o.value(QLatin1String("message")).toString().contains(QLatin1String("expired 3 min 10 s ago")));
        }
    }
    QVERIFY(found);
    QVERIFY(r.err.contains("claims.exp"));
    // A larger skew turns the failure into a pass... only within the skew.
    args << QStringLiteral("--clock-skew") << QStringLiteral("300");
    QCOMPARE(runCli(args + QStringList{QString::fromLatin1(m_token)}).exitCode, 0);
}

void TestVerifyTokenCli::readsTokenFromStdin()
{
    QCOMPARE(runCli(baseArgs() + QStringList{QStringLiteral("-")}, "Bearer " + m_token + "\n").exitCode, 0);
    QByteArray tampered = m_token;
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    const Run r = runCli(baseArgs(), tampered);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("signature"));
}

void TestVerifyTokenCli::textFormatListsEveryCheck()
{
    const Run r = runCli(baseArgs() + QStringList{QString::fromLatin1(m_token)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("Token: VALID"));
    QVERIFY(r.out.contains("[pass] signature"));
    QVERIFY(r.out.contains("Service user: SVC_INTEGRATION"));
}

void TestVerifyTokenCli::withoutJwksTheTokenIsNotValid()
{
    QStringList args = baseArgs();
    args.remove(0, 2);
    const Run r =
        runCli(args + QStringList{QStringLiteral("--format"), QStringLiteral("json"), QString::fromLatin1(m_token)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("--jwks"));
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QLatin1String("valid")).toBool(), false);
}

void TestVerifyTokenCli::fetchesJwksFromLoopbackUrl()
{
    JwksServer server(m_jwks);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QStringList args = baseArgs();
    args[1] = QStringLiteral("http://127.0.0.1:%1/jwks").arg(server.serverPort());
    const Run r = runCli(args + QStringList{QString::fromLatin1(m_token)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestVerifyTokenCli::refusesPlainHttpToRemoteHosts()
{
    QStringList args = baseArgs();
    args[1] = QStringLiteral("http://idp.example/jwks");
    const Run r = runCli(args + QStringList{QString::fromLatin1(m_token)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("https"));
}

void TestVerifyTokenCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QByteArray>("stdinData");
    QTest::addColumn<QByteArray>("mention");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate"), QStringLiteral("x")} << QByteArray()
                                    << QByteArray("frobnicate");
    QTest::newRow("bad format") << QStringList{QStringLiteral("--format"), QStringLiteral("xml"),
                                               QStringLiteral("a.b.c")}
                                << QByteArray() << QByteArray("--format");
    QTest::newRow("bad skew") << QStringList{QStringLiteral("--clock-skew"), QStringLiteral("soon"),
                                             QStringLiteral("a.b.c")}
                              << QByteArray() << QByteArray("--clock-skew");
    QTest::newRow("bad now") << QStringList{QStringLiteral("--now"), QStringLiteral("yesterday"),
                                            QStringLiteral("a.b.c")}
                             << QByteArray() << QByteArray("--now");
    QTest::newRow("bad deployment") << QStringList{QStringLiteral("--deployment"), QStringLiteral("saas"),
                                                   QStringLiteral("a.b.c")}
                                    << QByteArray() << QByteArray("--deployment");
    QTest::newRow("bad patch level") << QStringList{QStringLiteral("--patch-level"), QStringLiteral("twenty"),
                                                    QStringLiteral("a.b.c")}
                                     << QByteArray() << QByteArray("--patch-level");
    QTest::newRow("negative patch level")
        << QStringList{QStringLiteral("--patch-level"), QStringLiteral("-1"), QStringLiteral("a.b.c")} << QByteArray()
        << QByteArray("--patch-level");
    QTest::newRow("missing jwks file") << QStringList{QStringLiteral("--jwks"),
                                                      QStringLiteral("/nonexistent/jwks.json"), QStringLiteral("a.b.c")}
                                       << QByteArray() << QByteArray("cannot read");
    QTest::newRow("two tokens") << QStringList{QStringLiteral("a.b.c"), QStringLiteral("d.e.f")} << QByteArray()
                                << QByteArray("one token");
    QTest::newRow("empty stdin") << QStringList{QStringLiteral("-")} << QByteArray() << QByteArray("no token");
}

void TestVerifyTokenCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, stdinData);
    QFETCH(QByteArray, mention);
    const Run r = runCli(extra, stdinData);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mention), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestVerifyTokenCli::refusesRedirectToPlainHttpElsewhere()
{
    JwksServer server(m_jwks, "http://idp.example/jwks");
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QStringList args = baseArgs();
    args[1] = QStringLiteral("http://127.0.0.1:%1/jwks").arg(server.serverPort());
    const Run r = runCli(args + QStringList{QString::fromLatin1(m_token)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("redirected to http://idp.example/jwks"), r.err.constData());
    QVERIFY2(r.err.contains("never followed"), r.err.constData());
}

void TestVerifyTokenCli::privateCaNeedsCaBundle()
{
    // An https JWKS signed by an organisation's own CA: refused (with the way out named) until --ca-bundle trusts it.
    QTemporaryDir dir;
    QString error;
    const std::optional<cmic::sandbox::TlsMaterial> tls = cmic::sandbox::TlsMaterial::generate(dir.path(), {}, &error);
    QVERIFY2(tls, qPrintable(error));
    cmic::sandbox::SandboxHttpServer server;
    server.setHandler(
        [this](const cmic::sandbox::SandboxRequest &, const cmic::sandbox::SandboxHttpServer::Respond &respond) {
            respond(cmic::sandbox::SandboxResponse::json(200, m_jwks));
        });
    const QSslConfiguration config = tls->serverConfiguration();
    QVERIFY2(server.listen(0, &config, &error), qPrintable(error));
    QStringList args = baseArgs();
    args[1] = server.baseUrl().toString() + QStringLiteral("/jwks");

    const Run refused = runCli(args + QStringList{QString::fromLatin1(m_token)});
    QVERIFY2(refused.exitCode == 2, refused.err.constData());
    QVERIFY2(refused.err.contains("--ca-bundle"), refused.err.constData());

    const Run trusted =
        runCli(args + QStringList{QStringLiteral("--ca-bundle"), tls->caPemPath, QString::fromLatin1(m_token)});
    QVERIFY2(trusted.exitCode == 0, trusted.err.constData());

    const Run missing = runCli(args
                               + QStringList{QStringLiteral("--ca-bundle"), dir.filePath(QStringLiteral("no.pem")),
                                             QString::fromLatin1(m_token)});
    QVERIFY2(missing.exitCode == 2, missing.err.constData());
    QVERIFY2(missing.err.contains("no.pem"), missing.err.constData());
}

void TestVerifyTokenCli::followsRedirectWithinLoopback()
{
    JwksServer target(m_jwks);
    QVERIFY(target.listen(QHostAddress::LocalHost));
    JwksServer server(m_jwks, "http://127.0.0.1:" + QByteArray::number(target.serverPort()) + "/jwks");
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QStringList args = baseArgs();
    args[1] = QStringLiteral("http://127.0.0.1:%1/old").arg(server.serverPort());
    const Run r = runCli(args + QStringList{QString::fromLatin1(m_token)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

// The text output quotes the token (iss, kid, claims); a token from a stranger must not be able to send
// terminal escape sequences or reorder the line with bidirectional overrides.
void TestVerifyTokenCli::textOutputEscapesControlCharactersFromTheToken()
{
    QJsonObject c = claims();
    c.insert(QStringLiteral("iss"), QStringLiteral("https://idp.example/\x1b]0;owned\x07\x1b[2J\u009b31m\u202e"));
    const Run r =
        runCli(baseArgs()
               + QStringList{QString::fromLatin1(tk::token(c, tk::key(Algorithm::ES256, 0, QStringLiteral("k1"))))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("claims.iss"));
    QVERIFY(!r.out.contains('\x1b'));
    QVERIFY(!r.out.contains('\x07'));
    QVERIFY(!r.out.contains("\xc2\x9b"));     // U+009B in UTF-8
    QVERIFY(!r.out.contains("\xe2\x80\xae")); // U+202E in UTF-8
    QVERIFY2(r.out.contains("https://idp.example/\\u001b]0;owned\\u0007"), r.out.constData());
    QVERIFY(r.out.contains("\\u202e"));
}

void TestVerifyTokenCli::nothingFromTheTokenOrThePathDrivesTheTerminal()
{
    // Claims with ESC and CR, and a JWKS file whose name has them too (quoted on standard error).
    const QString note = QStringLiteral("hi\x1b[2J\rthere\u009b31m");
    QJsonObject c = claims();
    c.insert(QStringLiteral("x-note"), note);
    c.insert(QStringLiteral("sub"), QStringLiteral("client\x1b]0;owned\x07-1"));
    const QByteArray token = tk::token(c, tk::key(Algorithm::ES256, 0, QStringLiteral("k1")));
    const QString jwksPath = m_dir.filePath(QStringLiteral("jwks\x1b[1m\r.json"));
    QVERIFY(QFile::copy(m_jwksPath, jwksPath));
    QStringList args = baseArgs();
    args[1] = jwksPath;

    const Run text = runCli(args + QStringList{QString::fromLatin1(token)});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("\"x-note\":\"hi\\u001b[2J\\rthere\\u009b31m\""), text.out.constData());
    QVERIFY2(text.out.contains("client\\u001b]0;owned\\u0007-1"), text.out.constData());
    QVERIFY2(text.err.contains(QByteArray("2 keys read from " + m_dir.path().toUtf8() + "/jwks\\u001b[1m\\u000d.json")),
             text.err.constData());
    QVERIFY2(cmic::test::rawControlIn(text.out).isEmpty(), qPrintable(cmic::test::rawControlIn(text.out)));
    QVERIFY2(cmic::test::rawControlIn(text.err).isEmpty(), qPrintable(cmic::test::rawControlIn(text.err)));

    // A failing run prints its verdict line on standard error: still nothing raw.
    QStringList wrongIssuer = args;
    wrongIssuer[wrongIssuer.indexOf(QStringLiteral("--issuer")) + 1] = QStringLiteral("https://other\x1b[5m/");
    const Run failed = runCli(wrongIssuer + QStringList{QString::fromLatin1(token)});
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(cmic::test::rawControlIn(failed.out).isEmpty(), qPrintable(cmic::test::rawControlIn(failed.out)));
    QVERIFY2(cmic::test::rawControlIn(failed.err).isEmpty(), qPrintable(cmic::test::rawControlIn(failed.err)));

    // JSON keeps the original text, and parses.
    const Run json =
        runCli(args + QStringList{QStringLiteral("--format"), QStringLiteral("json"), QString::fromLatin1(token)});
    QCOMPARE(json.exitCode, 0);
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(json.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject claimsOut = doc.value(QLatin1String("claims")).toObject();
    QCOMPARE(claimsOut.value(QLatin1String("x-note")).toString(), note);
    QCOMPARE(claimsOut.value(QLatin1String("sub")).toString(), c.value(QLatin1String("sub")).toString());
    // ... with the C1 control (and any other character a terminal acts on) as a JSON escape, never raw.
    QVERIFY2(cmic::test::rawControlIn(json.out).isEmpty(), qPrintable(cmic::test::rawControlIn(json.out)));
    QVERIFY2(json.out.contains("\\u009b31m"), json.out.constData());
}

// A --jwks file that is a named pipe is refused at once (it used to wait for a writer for ever); the run is
// bounded by the helper's timeout, so a regression fails instead of hanging.
void TestVerifyTokenCli::jwksFileThatIsAPipeIsRefusedAtOnce()
{
    const QString fifo = m_dir.filePath(QStringLiteral("jwks.fifo"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QStringList args = baseArgs();
    args[1] = fifo;
    const Run r = cmic::test::runCliProcess(QStringLiteral(CMIC_OAUTH_BINARY),
                                            QStringList{QStringLiteral("verify-token")} + args
                                                + QStringList{QString::fromLatin1(m_token)},
                                            {}, QProcessEnvironment::systemEnvironment(), 15000);
    QVERIFY2(r.exitCode == 2, r.err.constData());
    QVERIFY2(r.err.contains("cannot read the JWKS file") && r.err.contains("named pipe"), r.err.constData());
}

void TestVerifyTokenCli::refusesOversizeStdin()
{
    const Run r = runCli(baseArgs() + QStringList{QStringLiteral("-")}, QByteArray(1024 * 1024 + 10, 'A'));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("more than"), r.err.constData());
}

void TestVerifyTokenCli::showsEntraShapeInText()
{
    // A v1 token checked against the v2 issuer: the shape, and the exact issuer to register.
    const QByteArray token = tk::token(entraV1Claims(), tk::key(Algorithm::ES256, 0, QStringLiteral("k1")));
    QStringList args = baseArgs();
    args[args.indexOf(QStringLiteral("--issuer")) + 1] =
        QStringLiteral("https://login.microsoftonline.com/tenant-1/v2.0");
    args[args.indexOf(QStringLiteral("--app-id-claim")) + 1] = QStringLiteral("appid");
    const Run r = runCli(args + QStringList{QString::fromLatin1(token)});
    QVERIFY2(r.out.contains("Entra token shape: v1"), r.out.constData());
    QVERIFY2(r.out.contains("[info] entra.token-v1"), r.out.constData());
    QVERIFY2(r.out.contains("[error] entra.issuer-mismatch"), r.out.constData());
    QVERIFY2(r.out.contains("Register the Issuer \"https://sts.windows.net/tenant-1/\" exactly"), r.out.constData());
    // A token from another IdP says nothing about Entra.
    QVERIFY(!runCli(baseArgs() + QStringList{QString::fromLatin1(m_token)}).out.contains("Entra"));
}

void TestVerifyTokenCli::graphTokenSignatureIsWrongScopeInJson()
{
    QJsonObject c = entraV1Claims();
    c.insert(QStringLiteral("aud"), QStringLiteral("00000003-0000-0000-c000-000000000000"));
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("ES256")},
                             {QStringLiteral("kid"), QStringLiteral("k1")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("nonce"), QStringLiteral("graph-nonce")}};
    QByteArray token = tk::token(header, c, tk::key(Algorithm::ES256, 0, QStringLiteral("k1")));
    token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
    const Run r = runCli(baseArgs()
                         + QStringList{QStringLiteral("--format"), QStringLiteral("json"), QString::fromLatin1(token)});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject entra = QJsonDocument::fromJson(r.out).object().value(QLatin1String("entra")).toObject();
    QCOMPARE(entra.value(QLatin1String("shape")).toString(), QStringLiteral("graph"));
    QStringList codes;
    for (const QJsonValue &f : entra.value(QLatin1String("findings")).toArray()) {
        const QJsonObject o = f.toObject();
        codes.append(o.value(QLatin1String("code")).toString());
        QCOMPARE(o.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QVERIFY2(o.value(QLatin1String("fix")).toString().contains(QLatin1String("api://client-1/.default")),
                 qPrintable(o.value(QLatin1String("fix")).toString()));
    }
    QCOMPARE(codes, (QStringList{QStringLiteral("entra.graph-token"), QStringLiteral("entra.graph-signature")}));
}

QTEST_GUILESS_MAIN(TestVerifyTokenCli)
#include "tst_verifytoken_cli.moc"
