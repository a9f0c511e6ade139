#include "SandboxHttpServer.h"

#include "SandboxLog.h"

#include <QDateTime>
#include <QLocale>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace cmic::sandbox {

namespace {

constexpr qsizetype kMaxRequestBytes = 256 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray httpDate()
{
    // The sandbox reports the real time in Date like any server; the console compares it with its own clock.
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

} // namespace

SandboxResponse SandboxResponse::json(int status, const QByteArray &body)
{
    SandboxResponse response;
    response.status = status;
    response.body = body;
    response.setHeader("Content-Type", "application/json");
    response.setHeader("Cache-Control", "no-store");
    return response;
}

SandboxResponse SandboxResponse::text(int status, const QByteArray &contentType, const QByteArray &body)
{
    SandboxResponse response;
    response.status = status;
    response.body = body;
    response.setHeader("Content-Type", contentType);
    return response;
}

void SandboxResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

SandboxHttpServer::SandboxHttpServer(QObject *parent) : QObject(parent) {}

SandboxHttpServer::~SandboxHttpServer() { close(); }

bool SandboxHttpServer::listen(quint16 port, const QSslConfiguration *tls, QString *error)
{
    close();
    if (tls) {
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(*tls);
        server->setHandshakeTimeout(5000);
        connect(server.get(), &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
            qCDebug(lcSandbox) << "TLS handshake failed:" << socket->errorString();
        });
        m_server = std::move(server);
        m_tls = true;
    } else {
        m_server = std::make_unique<QTcpServer>();
        m_tls = false;
    }
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &SandboxHttpServer::onNewConnection);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = m_server->errorString();
        m_server.reset();
        return false;
    }
    return true;
}

void SandboxHttpServer::close()
{
    if (m_server)
        m_server->close();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *socket : sockets)
        socket->abort();
    m_server.reset();
}

bool SandboxHttpServer::isListening() const { return m_server && m_server->isListening(); }

quint16 SandboxHttpServer::port() const { return m_server ? m_server->serverPort() : 0; }

QUrl SandboxHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(!m_baseHost.isEmpty() ? m_baseHost : m_tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

void SandboxHttpServer::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        socket->setParent(this);
        ++m_connectionCount;
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void SandboxHttpServer::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    if (it->busy)
        return;
    QByteArray &buffer = it->buffer;
    if (buffer.size() > kMaxRequestBytes) {
        buffer.clear();
        send(socket, SandboxResponse::text(400, "text/plain", "request too large"));
        socket->disconnectFromHost();
        return;
    }
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    SandboxRequest request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() < 3) {
        buffer.clear();
        send(socket, SandboxResponse::text(400, "text/plain", "malformed request line"));
        socket->disconnectFromHost();
        return;
    }
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype contentLength = request.header("content-length").toLongLong();
    if (buffer.size() < headerEnd + 4 + contentLength)
        return; // wait for the rest of the body
    request.body = buffer.mid(headerEnd + 4, contentLength);
    const qsizetype question = request.target.indexOf('?');
    request.path = QString::fromUtf8(
        QByteArray::fromPercentEncoding(question < 0 ? request.target : request.target.left(question)));
    request.query = question < 0 ? QByteArray() : request.target.mid(question + 1);
    request.peerAddress = socket->peerAddress();
    buffer.remove(0, headerEnd + 4 + contentLength);
    it->busy = true;
    it->closeAfter = request.header("connection").toLower().contains("close") || requestLine.at(2) == "HTTP/1.0";
    ++m_requestCount;
    qCDebug(lcSandbox) << request.method << request.target;

    QPointer<QTcpSocket> guarded(socket);
    Respond respond = [this, guarded](const SandboxResponse &response) {
        if (!guarded)
            return;
        if (response.delayMs > 0) {
            SandboxResponse now = response;
            now.delayMs = 0;
            QTimer::singleShot(response.delayMs, this, [this, guarded, now] {
                if (QTcpSocket *target = guarded.data())
                    send(target, now);
            });
            return;
        }
        if (QTcpSocket *target = guarded.data())
            send(target, response);
    };
    if (m_handler)
        m_handler(request, respond);
    else
        respond(SandboxResponse::text(404, "text/plain", "no handler"));
}

void SandboxHttpServer::send(QTcpSocket *socket, const SandboxResponse &response)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    bool hasDate = false;
    for (const auto &[name, value] : response.headers) {
        head += name + ": " + value + "\r\n";
        hasDate = hasDate || name.compare("date", Qt::CaseInsensitive) == 0;
    }
    if (!hasDate)
        head += "Date: " + httpDate() + "\r\n";
    if (const auto it = m_connections.constFind(socket); it != m_connections.cend() && it->closeAfter)
        head += "Connection: close\r\n";
    head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    socket->write(head);
    if (response.trickleBytes <= 0) {
        socket->write(response.body);
        responseDone(socket);
        return;
    }
    // Trickle the body so a client sees it grow (size-cap and timeout tests).
    auto remaining = std::make_shared<QByteArray>(response.body);
    auto timer = new QTimer(socket);
    QPointer<QTcpSocket> guarded(socket);
    connect(timer, &QTimer::timeout, socket, [this, guarded, remaining, timer, chunk = response.trickleBytes] {
        QTcpSocket *target = guarded.data();
        if (!target)
            return;
        target->write(remaining->left(chunk));
        remaining->remove(0, qMin<qsizetype>(chunk, remaining->size()));
        if (remaining->isEmpty()) {
            timer->stop();
            timer->deleteLater();
            responseDone(target);
        }
    });
    timer->start(1);
}

} // namespace cmic::sandbox

namespace cmic::sandbox {

void SandboxHttpServer::responseDone(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->busy = false;
    if (it->closeAfter) {
        socket->disconnectFromHost(); // after what was written is sent
        return;
    }
    if (!it->buffer.isEmpty())
        QTimer::singleShot(0, socket, [this, socket] { onReadyRead(socket); });
}

} // namespace cmic::sandbox
