#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>

class QNetworkProxy;
class QTcpSocket;
class QThread;
class QUrl;

namespace cmic::net {

// Idle HTTP/1.1 connections kept for the next exchange with the same origin (scheme, host, port) through the same
// proxy, as a browser or curl keeps them: a validation makes four or five exchanges with two hosts, and a new TLS
// handshake for each costs more than the rest of the exchange on a near server.
//
// A connection comes back here only after an answer that ended exactly where its framing said (Content-Length or
// the last chunk), over HTTP/1.1 without "Connection: close", with nothing more sent by the server and nothing of
// the request left unsent (HttpResponseParser::keepAlive() and HttpJob decide): so what one answer did cannot spill
// into the next. One that went quiet for longer than |idleMs|, was closed by the server or received bytes nobody
// asked for is dropped when next looked at. Bounded: at most |maxPerOrigin| idle connections per origin and
// |maxIdle| in all, the oldest dropped first.
//
// Used from the thread that made it only (sockets belong to one thread); elsewhere take() finds nothing and give()
// closes the connection.
class ConnectionPool
{
public:
    explicit ConnectionPool(int maxPerOrigin = 4, int maxIdle = 32, int idleMs = 4000);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool &) = delete;
    ConnectionPool &operator=(const ConnectionPool &) = delete;

    // The key of a connection to |url| through |proxy| (the proxy's type, host, port and user are part of it).
    static QByteArray keyFor(const QUrl &url, const QNetworkProxy &proxy);

    // A connected idle socket for |key|, whose caller becomes its owner (the parent is cleared), or nullptr.
    QTcpSocket *take(const QByteArray &key);
    // Keeps |socket| (connected, nothing buffered) for the next take(key); the pool owns it from now on.
    void give(const QByteArray &key, QTcpSocket *socket);
    // Closes every idle connection (the network settings changed, or the run ended).
    void clear();

    int idleCount() const { return int(m_idle.size()); }
    qint64 reuseCount() const { return m_reuses; }

private:
    struct Idle
    {
        QByteArray key;
        QTcpSocket *socket = nullptr;
        QElapsedTimer since;
    };
    bool usable(const Idle &idle) const;
    static void drop(QTcpSocket *socket);

    int m_maxPerOrigin;
    int m_maxIdle;
    int m_idleMs;
    QThread *m_thread;
    QList<Idle> m_idle; // oldest first
    qint64 m_reuses = 0;
};

} // namespace cmic::net
