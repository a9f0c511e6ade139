// Every network fault yields its own error kind, quickly, without hanging: real loopback servers only.
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "sandbox/SandboxHttpServer.h"
#include "sandbox/SandboxTls.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::net;
using namespace cmic::sandbox;

class TestNetFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static HttpRequestSpec get(const QUrl &url)
    {
        HttpRequestSpec spec;
        spec.url = url;
        return spec;
    }

    static QUrl at(const SandboxHttpServer &server, const QString &path)
    {
        QUrl url = server.baseUrl();
        url.setPath(path);
        return url;
    }

    // A TLS server answering {"ok":true}, with the given certificate problem; *caPem receives the CA.
    static bool startTlsServer(SandboxHttpServer &server, LeafProblem problem, QByteArray *caPem)
    {
        QString error;
        const auto material = TlsMaterial::generate({}, problem, &error);
        if (!material) {
            qWarning() << error;
            return false;
        }
        *caPem = material->caPem;
        const QSslConfiguration configuration = material->serverConfiguration();
        server.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::json(200, R"({"ok":true})"));
        });
        return server.listen(0, &configuration, &error);
    }

private slots:
    void responseExcerptNeverHoldsPartOfAToken()
    {
        // The excerpt is cut at kBodyExcerptBytes; a token that straddles the cut must not leave its first part.
        const QByteArray token = "eyJ" + QByteArray(2000, 'T') + ".payload.signature";
        const QByteArray padding(HttpExchange::kBodyExcerptBytes - 1000, ' ');
        const QByteArray body = "{\"note\":\"" + padding + "\",\"access_token\":\"" + token + "\",\"more\":\""
                                + QByteArray(2000, 'm') + "\"}";
        SandboxHttpServer server;
        server.setHandler([body](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::json(200, body));
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/token"))));
        QVERIFY(result.ok);
        QCOMPARE(result.body, body); // callers still get the whole body
        const QByteArray excerpt = result.exchange.responseBodyExcerpt;
        QCOMPARE(excerpt.size(), HttpExchange::kBodyExcerptBytes);
        QVERIFY(excerpt.contains("\"access_token\":\"***\""));
        QVERIFY(!excerpt.contains("eyJ"));
        QVERIFY(!excerpt.contains("TTTT"));
    }

    void refusesPlainHttpToRemoteHostWithoutConnecting()
    {
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(QUrl(QStringLiteral("http://example.com/token"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::InsecureUrl));
        QVERIFY(result.message.contains(QLatin1String("https")));
        QVERIFY(!result.fix.isEmpty());
    }

    void connectionRefusedOnClosedLoopbackPort()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::ConnectionRefused));
        QVERIFY(!result.ok);
        QVERIFY(result.message.contains(QString::number(port)));
    }

    void hostNotFoundForInvalidName()
    {
        HttpPolicy policy;
        policy.setTimeoutMs(10000);
        const HttpResult result =
            HttpClient(policy).run(get(QUrl(QStringLiteral("https://cmic-sandbox-does-not-exist.invalid/x"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::HostNotFound));
        QVERIFY(result.message.contains(QLatin1String("cmic-sandbox-does-not-exist.invalid")));
    }

    void timeoutWhenServerIsSlow()
    {
        SandboxHttpServer server;
        server.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            SandboxResponse response = SandboxResponse::json(200, "{}");
            response.delayMs = 3000;
            respond(response);
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        policy.setTimeoutMs(300);
        QElapsedTimer timer;
        timer.start();
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/slow"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::Timeout));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    void tlsUnknownCaWithoutExtraBundle()
    {
        SandboxHttpServer server;
        QByteArray caPem;
        QVERIFY(startTlsServer(server, LeafProblem::None, &caPem));
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::TlsUnknownCa));
        QVERIFY(result.fix.contains(QLatin1String("CA")));
    }

    void tlsTrustedThroughExtraCaBundle()
    {
        SandboxHttpServer server;
        QByteArray caPem;
        QVERIFY(startTlsServer(server, LeafProblem::None, &caPem));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(caPem));
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/"))));
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.json.object().value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(result.exchange.peerSubject, QStringLiteral("localhost"));
        QVERIFY(result.exchange.peerIssuer.contains(QLatin1String("sandbox CA")));
        QVERIFY(result.exchange.peerExpiry.isValid());
        QVERIFY(result.exchange.serverDate.isValid());
    }

    void tlsExpiredCertificate()
    {
        SandboxHttpServer server;
        QByteArray caPem;
        QVERIFY(startTlsServer(server, LeafProblem::Expired, &caPem));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(caPem));
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::TlsExpired));
    }

    void tlsWrongHostName()
    {
        SandboxHttpServer server;
        QByteArray caPem;
        QVERIFY(startTlsServer(server, LeafProblem::WrongHost, &caPem));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(caPem));
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::TlsHostMismatch));
    }

    void rejectsCaBundleWithoutCertificates()
    {
        HttpPolicy policy;
        QString error;
        QVERIFY(!policy.setExtraCaBundlePem("not a certificate", &error));
        QVERIFY(error.contains(QLatin1String("PEM")));
    }

    void answersByKind_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("expected");
        QTest::newRow("5xx") << 503 << QByteArray("application/json") << QByteArray(R"({"error":"down"})")
                             << int(NetErrorKind::HttpStatus);
        QTest::newRow("malformed json") << 200 << QByteArray("application/json") << QByteArray(R"({"issuer": )")
                                        << int(NetErrorKind::BadJson);
        QTest::newRow("html page") << 200 << QByteArray("text/html")
                                   << QByteArray("<!DOCTYPE html><html><body>Proxy sign-in</body></html>")
                                   << int(NetErrorKind::HtmlInsteadOfJson);
        QTest::newRow("empty body") << 200 << QByteArray("application/json") << QByteArray()
                                    << int(NetErrorKind::BadJson);
        QTest::newRow("valid json") << 200 << QByteArray("application/json") << QByteArray(R"({"a":1})")
                                    << int(NetErrorKind::None);
    }

    void answersByKind()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, expected);
        SandboxHttpServer server;
        server.setHandler([=](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::text(status, contentType, body));
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/x"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind(expected)));
        QCOMPARE(result.status, status);
        QCOMPARE(result.ok, expected == int(NetErrorKind::None));
        if (!result.ok)
            QVERIFY(!result.message.isEmpty() && !result.fix.isEmpty());
    }

    void bodyOverCapIsAborted_data()
    {
        QTest::addColumn<qint64>("trickle");
        QTest::newRow("all at once") << qint64(0);
        QTest::newRow("trickled") << qint64(64 * 1024);
    }

    void bodyOverCapIsAborted()
    {
        QFETCH(qint64, trickle);
        SandboxHttpServer server;
        server.setHandler([=](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            SandboxResponse response = SandboxResponse::json(200, QByteArray(2 * 1024 * 1024, ' ') + "{}");
            response.trickleBytes = trickle;
            respond(response);
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/big"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::TooLarge));
        QVERIFY(result.body.size() <= policy.maxResponseBytes());
    }

    void redirectFromHttpsToHttpIsRefused()
    {
        SandboxHttpServer plain;
        plain.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::json(200, R"({"reached":true})"));
        });
        QVERIFY(plain.listen());
        QString error;
        const auto material = TlsMaterial::generate({}, LeafProblem::None, &error);
        QVERIFY2(material, qPrintable(error));
        const QSslConfiguration tls = material->serverConfiguration();
        SandboxHttpServer server;
        const QByteArray target = at(plain, QStringLiteral("/jwks")).toEncoded();
        server.setHandler([=](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            SandboxResponse response = SandboxResponse::text(302, "text/plain", "moved");
            response.setHeader("Location", target);
            respond(response);
        });
        QVERIFY(server.listen(0, &tls));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(material->caPem));
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/jwks"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind::InsecureRedirect));
        QCOMPARE(plain.requestCount(), 0);
    }

    void redirectsFollowedWithinLimit_data()
    {
        QTest::addColumn<int>("hops");
        QTest::addColumn<int>("expected");
        QTest::newRow("3 hops followed") << 3 << int(NetErrorKind::None);
        QTest::newRow("4 hops refused") << 4 << int(NetErrorKind::TooManyRedirects);
    }

    void redirectsFollowedWithinLimit()
    {
        QFETCH(int, hops);
        QFETCH(int, expected);
        QString error;
        const auto material = TlsMaterial::generate({}, LeafProblem::None, &error);
        QVERIFY2(material, qPrintable(error));
        const QSslConfiguration tls = material->serverConfiguration();
        SandboxHttpServer server;
        server.setHandler([=](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            const int hop = request.path.mid(1).toInt();
            if (hop >= hops) {
                respond(SandboxResponse::json(200, R"({"done":true})"));
                return;
            }
            SandboxResponse response = SandboxResponse::text(302, "text/plain", "");
            response.setHeader("Location", "/" + QByteArray::number(hop + 1));
            respond(response);
        });
        QVERIFY(server.listen(0, &tls));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(material->caPem));
        const HttpResult result = HttpClient(policy).run(get(at(server, QStringLiteral("/0"))));
        QCOMPARE(toString(result.error), toString(NetErrorKind(expected)));
    }

    void postIsNeverRedirected()
    {
        SandboxHttpServer server;
        server.setHandler([](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            if (request.path == QLatin1String("/elsewhere")) {
                respond(SandboxResponse::json(200, R"({"access_token":"x"})"));
                return;
            }
            SandboxResponse response = SandboxResponse::text(307, "text/plain", "");
            response.setHeader("Location", "/elsewhere");
            respond(response);
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        HttpRequestSpec spec;
        spec.method = "POST";
        spec.url = at(server, QStringLiteral("/token"));
        spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        spec.body = "grant_type=client_credentials";
        const HttpResult result = HttpClient(policy).run(spec);
        QCOMPARE(toString(result.error), toString(NetErrorKind::UnexpectedRedirect));
        QVERIFY(result.message.contains(QLatin1String("/elsewhere")));
        QCOMPARE(server.requestCount(), 1);
    }

    void cancelTakesEffectWithin100ms()
    {
        SandboxHttpServer server;
        server.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            SandboxResponse response = SandboxResponse::json(200, "{}");
            response.delayMs = 5000;
            respond(response);
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        HttpResult received;
        QElapsedTimer sinceCancel;
        qint64 latency = -1;
        HttpJob *job =
            HttpClient(policy).start(get(at(server, QStringLiteral("/slow"))), [&](const HttpResult &result) {
                received = result;
                latency = sinceCancel.elapsed();
            });
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, 3000);
        sinceCancel.start();
        job->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(latency >= 0, 1000);
        qInfo("cancel took effect after %lld ms", latency);
        // Well before the server's 5 s answer: cancel does not wait for it (the figure above is the latency; a
        // loaded machine stretches it, so the bound is the server's delay, not a speed target).
        QVERIFY2(latency < 2500, qPrintable(QString::number(latency)));
        QCOMPARE(toString(received.error), toString(NetErrorKind::Cancelled));
    }

    void manualProxyCarriesRemoteHttps()
    {
        // A stand-in proxy on loopback: it sees the CONNECT for the remote host and refuses it.
        SandboxHttpServer proxy;
        QByteArray connectTarget;
        proxy.setHandler([&](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            if (request.method == "CONNECT")
                connectTarget = request.target;
            respond(SandboxResponse::text(403, "text/plain", "proxy policy refuses this destination"));
        });
        QVERIFY(proxy.listen());
        HttpPolicy policy;
        QVERIFY(policy.setProxy(ProxyMode::Manual, proxy.baseUrl()));
        policy.setTimeoutMs(5000);
        const HttpResult result = HttpClient(policy).run(get(QUrl(QStringLiteral("https://idp.example.invalid/jwks"))));
        QCOMPARE(connectTarget, QByteArray("idp.example.invalid:443"));
        QCOMPARE(toString(result.error), toString(NetErrorKind::Proxy));
        QVERIFY(result.fix.contains(QLatin1String("proxy")));
    }

    void loopbackBypassesProxy()
    {
        SandboxHttpServer proxy;
        proxy.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::text(403, "text/plain", "no"));
        });
        QVERIFY(proxy.listen());
        SandboxHttpServer server;
        server.setHandler([](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::json(200, "{}"));
        });
        QVERIFY(server.listen());
        HttpPolicy policy;
        QVERIFY(policy.setProxy(ProxyMode::Manual, proxy.baseUrl()));
        QVERIFY(HttpClient(policy).run(get(at(server, QStringLiteral("/")))).ok);
        QCOMPARE(proxy.requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNetFaults)
#include "tst_netfaults.moc"
