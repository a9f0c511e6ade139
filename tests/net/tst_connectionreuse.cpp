// Kept-alive connections (ConnectionPool): a validation's exchanges with one host share a TLS connection, and only
// when nothing of one answer can reach the next. Against the real HTTPS sandbox server (generated CA) and a
// scripted plain server that closes, injects and lies on purpose.
#include "core/net/ConnectionPool.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/HttpResponseParser.h"
#include "sandbox/SandboxHttpServer.h"
#include "sandbox/SandboxTls.h"

#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace cmic::net;
using namespace cmic::sandbox;

namespace {

HttpRequestSpec get(const QUrl &url, const QString &path)
{
    HttpRequestSpec spec;
    spec.url = url.resolved(QUrl(path));
    spec.expectJson = false;
    return spec;
}

HttpRequestSpec post(const QUrl &url, const QString &path)
{
    HttpRequestSpec spec = get(url, path);
    spec.method = "POST";
    spec.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    spec.body = "grant_type=client_credentials";
    return spec;
}

// What the scripted server does after writing one answer.
enum class After { Keep, Close };

// A plain HTTP/1.1 server in this thread whose answer to the n-th request on the c-th connection is scripted.
// It records every request line and the Connection header each request carried.
class ScriptedServer
{
public:
    using Script = std::function<std::pair<QByteArray, After>(int connection, int request)>;

    explicit ScriptedServer(Script script) : m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket, m_connections++);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }
    int connections() const { return m_connections; }
    QList<QByteArray> connectionHeaders; // one per request, in order

private:
    void serve(QTcpSocket *socket, int connection)
    {
        auto buffer = std::make_shared<QByteArray>();
        auto requests = std::make_shared<int>(0);
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, connection, buffer, requests] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray head = buffer->left(end);
                qsizetype length = 0;
                QByteArray connectionHeader;
                for (const QByteArray &line : head.split('\n')) {
                    const QByteArray lower = line.trimmed().toLower();
                    if (lower.startsWith("content-length:"))
                        length = lower.mid(15).trimmed().toLongLong();
                    if (lower.startsWith("connection:"))
                        connectionHeader = lower.mid(11).trimmed();
                }
                if (buffer->size() < end + 4 + length)
                    return;
                buffer->remove(0, end + 4 + length);
                connectionHeaders << connectionHeader;
                const auto [answer, after] = m_script(connection, (*requests)++);
                socket->write(answer);
                if (after == After::Close) {
                    socket->disconnectFromHost();
                    return;
                }
            }
        });
    }

    QTcpServer m_server;
    Script m_script;
    int m_connections = 0;
};

QByteArray answer(const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extraHeaders
           + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestConnectionReuse : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        auto material = TlsMaterial::generate(m_dir.path(), LeafProblem::None, &error);
        QVERIFY2(material, qPrintable(error));
        m_tls = std::move(*material);
    }

    // Four exchanges with one HTTPS origin (as a validation makes) use one connection, so one TLS handshake.
    void oneTlsConnectionCarriesARunsExchanges()
    {
        SandboxHttpServer server;
        server.setHandler([](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            respond(SandboxResponse::text(200, "text/plain", request.method + ' ' + request.target));
        });
        const QSslConfiguration tls = m_tls.serverConfiguration();
        QVERIFY(server.listen(0, &tls));
        HttpPolicy policy;
        QVERIFY(policy.setExtraCaBundlePem(m_tls.caPem));
        HttpClient client(policy);
        const QStringList paths{QStringLiteral("/.well-known/openid-configuration"), QStringLiteral("/jwks"),
                                QStringLiteral("/token"), QStringLiteral("/cmic")};
        for (const QString &path : paths) {
            const HttpResult result = client.run(path == QLatin1String("/token") ? post(server.baseUrl(), path)
                                                                                 : get(server.baseUrl(), path));
            QVERIFY2(result.ok, qPrintable(result.message));
            QVERIFY(result.body.endsWith(path.toLatin1()));
            QCOMPARE(result.exchange.peerIssuer, m_tls.caCertificate.subjectDisplayName()); // read on a kept one too
        }
        QCOMPARE(server.requestCount(), 4);
        QCOMPARE(server.connectionCount(), 1);
        QCOMPARE(policy.connectionPool()->reuseCount(), 3);

        // New trust anchors: nothing made under the old ones is used again.
        QVERIFY(policy.setExtraCaBundlePem(m_tls.caPem));
        QCOMPARE(policy.connectionPool()->idleCount(), 0);
        QVERIFY(client.run(get(server.baseUrl(), QStringLiteral("/again"))).ok);
        QCOMPARE(server.connectionCount(), 2);
    }

    void reuseCanBeTurnedOff()
    {
        ScriptedServer server([](int, int) { return std::pair{answer("ok"), After::Keep}; });
        HttpPolicy policy;
        policy.setReuseConnections(false);
        HttpClient client(policy);
        QVERIFY(client.run(get(server.url(), QStringLiteral("/a"))).ok);
        QVERIFY(client.run(get(server.url(), QStringLiteral("/b"))).ok);
        QCOMPARE(server.connections(), 2);
        QCOMPARE(server.connectionHeaders, (QList<QByteArray>{"close", "close"}));
        QVERIFY(!policy.connectionPool());
    }

    // An answer after which the connection must not carry another request: each next exchange gets a new one.
    void answersThatEndTheConnection_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::newRow("Connection: close") << answer("one", "Connection: close\r\n");
        QTest::newRow("close among other tokens") << answer("one", "Connection: keep-alive, Close\r\n");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\none");
        // Framed by the connection's end: the parser cannot know where the next answer would start.
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\none");
        // A second answer smuggled after the first: it must never be read as the next request's answer.
        QTest::newRow("injected answer") << answer("one") + answer("INJECTED");
        QTest::newRow("bytes after the last chunk") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n");
    }
    void answersThatEndTheConnection()
    {
        QFETCH(QByteArray, first);
        const bool untilClose = !first.contains("Content-Length") && !first.contains("chunked");
        ScriptedServer server([&](int connection, int request) {
            if (connection == 0 && request == 0)
                return std::pair{first, untilClose ? After::Close : After::Keep};
            return std::pair{answer("genuine"), After::Keep};
        });
        HttpPolicy policy;
        HttpClient client(policy);
        const HttpResult one = client.run(get(server.url(), QStringLiteral("/one")));
        QVERIFY2(one.ok, qPrintable(one.message));
        QCOMPARE(one.body, QByteArray("one"));
        const HttpResult two = client.run(get(server.url(), QStringLiteral("/two")));
        QVERIFY2(two.ok, qPrintable(two.message));
        QCOMPARE(two.body, QByteArray("genuine"));
        QCOMPARE(server.connections(), 2);
        QCOMPARE(policy.connectionPool()->reuseCount(), 0);
    }

    // A server that keeps a connection open after answering, then closes it while idle (its keep-alive timeout):
    // the next request, GET or the token POST, is sent again on a new connection, once, and succeeds.
    void aConnectionClosedWhileIdleIsReplacedOnce_data()
    {
        QTest::addColumn<bool>("isPost");
        QTest::newRow("GET") << false;
        QTest::newRow("POST") << true;
    }
    void aConnectionClosedWhileIdleIsReplacedOnce()
    {
        QFETCH(bool, isPost);
        QTcpSocket *firstConnection = nullptr;
        QTcpServer raw;
        QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
        int connections = 0;
        int answered = 0;
        QObject::connect(&raw, &QTcpServer::newConnection, &raw, [&] {
            while (QTcpSocket *socket = raw.nextPendingConnection()) {
                if (connections++ == 0)
                    firstConnection = socket;
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                    const QByteArray request = socket->readAll();
                    if (!request.contains("\r\n\r\n"))
                        return;
                    socket->write(answer("answer " + QByteArray::number(++answered)));
                });
            }
        });
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()));
        HttpPolicy policy;
        HttpClient client(policy);
        QVERIFY(client.run(get(url, QStringLiteral("/first"))).ok);
        QCOMPARE(policy.connectionPool()->idleCount(), 1);
        // The server's side goes away while the client's kept socket has not noticed yet (no event loop ran).
        QVERIFY(firstConnection);
        firstConnection->abort();
        const HttpResult again =
            client.run(isPost ? post(url, QStringLiteral("/token")) : get(url, QStringLiteral("/x")));
        QVERIFY2(again.ok, qPrintable(again.message));
        QCOMPARE(again.body, QByteArray("answer 2"));
        QCOMPARE(connections, 2);
        QCOMPARE(answered, 2);
    }

    // A server that never answers on a kept connection is not retried forever: one new connection, then its error.
    void aKeptConnectionThatFailsTwiceReportsTheError()
    {
        ScriptedServer server([](int connection, int request) {
            return connection == 0 && request == 0 ? std::pair{answer("first"), After::Keep}
                                                   : std::pair{QByteArray(), After::Close};
        });
        HttpPolicy policy;
        HttpClient client(policy);
        QVERIFY(client.run(get(server.url(), QStringLiteral("/first"))).ok);
        // The kept connection closes on the second request unanswered; so does the one that replaces it.
        const HttpResult result = client.run(get(server.url(), QStringLiteral("/second")));
        QVERIFY(!result.ok);
        QVERIFY2(result.error == NetErrorKind::Network, qPrintable(result.message));
        QCOMPARE(server.connections(), 2);
    }

    void parserSaysWhenTheConnectionMayCarryTheNextRequest_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("head");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("length") << answer("abc") << false << true;
        QTest::newRow("chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                                 << false << true;
        QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << true;
        QTest::newRow("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n") << true << true;
        QTest::newRow("100 then 200") << "HTTP/1.1 100 Continue\r\n\r\n" + answer("abc") << false << true;
        QTest::newRow("close") << answer("abc", "Connection: close\r\n") << false << false;
        QTest::newRow("second Connection line")
            << answer("abc", "Connection: keep-alive\r\nConnection: close\r\n") << false << false;
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\na") << false << false;
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nabc") << false << false;
        QTest::newRow("extra bytes") << answer("abc") + "X" << false << false;
        QTest::newRow("extra after empty body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nX") << false << false;
        QTest::newRow("incomplete") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc") << false << false;
    }
    void parserSaysWhenTheConnectionMayCarryTheNextRequest()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, head);
        QFETCH(bool, keepAlive);
        HttpResponseParser parser({}, head);
        parser.feed(wire);
        if (parser.state() == HttpResponseParser::State::Body && !wire.contains("Content-Length"))
            parser.endOfStream();
        QCOMPARE(parser.keepAlive(), keepAlive);
    }

    // The pool's own bounds: an origin keeps at most its share, the oldest goes first, an idle one expires.
    void poolIsBounded()
    {
        ScriptedServer server([](int, int) { return std::pair{answer("ok"), After::Keep}; });
        ConnectionPool pool(2, 3, 60000);
        const QByteArray key = ConnectionPool::keyFor(server.url(), QNetworkProxy(QNetworkProxy::NoProxy));
        QList<QTcpSocket *> sockets;
        for (int i = 0; i < 4; ++i) {
            auto *socket = new QTcpSocket;
            socket->connectToHost(QHostAddress::LocalHost, server.url().port());
            QVERIFY(socket->waitForConnected(5000));
            sockets << socket;
            pool.give(i < 3 ? key : QByteArray("other"), socket);
        }
        QCOMPARE(pool.idleCount(), 3); // two of |key| (the first was dropped), one other
        QTcpSocket *newest = pool.take(key);
        QCOMPARE(newest, sockets.at(2));
        QTcpSocket *older = pool.take(key);
        QCOMPARE(older, sockets.at(1));
        QVERIFY(!pool.take(key));
        delete newest;
        delete older;

        ConnectionPool expiring(4, 4, 0);
        auto *socket = new QTcpSocket;
        socket->connectToHost(QHostAddress::LocalHost, server.url().port());
        QVERIFY(socket->waitForConnected(5000));
        expiring.give(key, socket);
        QTest::qWait(5);
        QVERIFY(!expiring.take(key));
        QCOMPARE(expiring.idleCount(), 0);
    }

private:
    QTemporaryDir m_dir;
    TlsMaterial m_tls;
};

QTEST_GUILESS_MAIN(TestConnectionReuse)
#include "tst_connectionreuse.moc"
