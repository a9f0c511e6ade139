#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>
#include <memory>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace cmic::sandbox {

struct SandboxRequest
{
    QByteArray method;
    QByteArray target;                    // as sent: path and query
    QString path;                         // decoded path without query
    QByteArray query;                     // raw query string
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QHostAddress peerAddress;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct SandboxResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0;         // answer after this long (the "slow" fault)
    qint64 trickleBytes = 0; // when > 0, send the body in chunks of this size, one per event-loop turn

    static SandboxResponse json(int status, const QByteArray &body);
    static SandboxResponse text(int status, const QByteArray &contentType, const QByteArray &body);
    void setHeader(const QByteArray &name, const QByteArray &value);
};

// A small HTTP/1.1 server on loopback for the sandbox and the tests: persistent connections, one request at a
// time per connection, plain TCP or TLS (QSslServer). Handlers may answer later through the callback.
class SandboxHttpServer : public QObject
{
    Q_OBJECT
public:
    using Respond = std::function<void(const SandboxResponse &)>;
    using Handler = std::function<void(const SandboxRequest &, const Respond &)>;

    explicit SandboxHttpServer(QObject *parent = nullptr);
    ~SandboxHttpServer() override;

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    // Loopback only. Port 0 picks a free port. With a TLS configuration the server speaks HTTPS.
    bool listen(quint16 port = 0, const QSslConfiguration *tls = nullptr, QString *error = nullptr);
    void close();
    bool isListening() const;
    quint16 port() const;
    bool isTls() const { return m_tls; }
    // "http://127.0.0.1:port" or "https://localhost:port" (TLS certificates name localhost and 127.0.0.1).
    QUrl baseUrl() const;
    void setBaseHost(const QString &host) { m_baseHost = host; }
    int requestCount() const { return m_requestCount; }
    int connectionCount() const { return m_connectionCount; } // accepted since listen()

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void send(QTcpSocket *socket, const SandboxResponse &response);
    void responseDone(QTcpSocket *socket);

    std::unique_ptr<QTcpServer> m_server;
    Handler m_handler;
    bool m_tls = false;
    QString m_baseHost;
    int m_requestCount = 0;
    int m_connectionCount = 0;
    struct Connection
    {
        QByteArray buffer;
        bool busy = false;       // a response is pending; later requests wait (no pipelining)
        bool closeAfter = false; // the client asked for "Connection: close" (or spoke HTTP/1.0)
    };
    QMap<QTcpSocket *, Connection> m_connections;
};

} // namespace cmic::sandbox
