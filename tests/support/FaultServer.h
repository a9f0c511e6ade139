#pragma once
// A loopback HTTP server that misbehaves on purpose, in its own thread so that it keeps writing while the client
// under test runs its event loop. Its own memory stays bounded: it writes only while less than kHighWater bytes
// wait in the socket, so the peak memory a test measures is the client's.
#include <QAtomicInt>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <functional>

namespace cmic::testing {

enum class Fault {
    EndlessChunked,  // 200, chunked, 64 KiB chunks forever
    OneByteChunks,   // 200, chunked, 1-byte chunks forever
    EndlessUnframed, // 200, no length, no chunking, bytes until the client leaves
    HeaderFlood,     // a status line, then header lines forever
    ContinueFlood,   // "HTTP/1.1 100 Continue" forever
    Truncated,       // Content-Length: 4096, 100 bytes, then close
    Undecodable,     // Content-Encoding: gzip over bytes that are not gzip
    SilentHold,      // accepts and never answers
    Healthy,         // a small JSON answer, as a well-behaved server gives
};

class FaultWorker : public QObject
{
public:
    explicit FaultWorker(Fault fault) : m_fault(fault) {}

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                serve(socket);
        });
        return m_server->listen(QHostAddress::LocalHost, 0) ? m_server->serverPort() : 0;
    }

    QAtomicInt connections;
    QAtomicInt disconnections;

private:
    static constexpr qint64 kHighWater = 256 * 1024;

    void serve(QTcpSocket *socket)
    {
        connections.ref();
        QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            disconnections.ref();
            socket->deleteLater();
        });
        // Answer once the request head arrived (the client may still be sending its body).
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            m_request[socket] += socket->readAll();
            if (m_started.contains(socket) || !m_request[socket].contains("\r\n\r\n"))
                return;
            m_started.insert(socket, true);
            start(socket);
        });
    }

    void start(QTcpSocket *socket)
    {
        switch (m_fault) {
        case Fault::EndlessChunked:
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            pump(socket, QByteArray("10000\r\n") + QByteArray(0x10000, ' ') + "\r\n");
            break;
        case Fault::OneByteChunks: {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            QByteArray batch;
            for (int i = 0; i < 8192; ++i)
                batch += "1\r\n \r\n";
            pump(socket, batch);
            break;
        }
        case Fault::EndlessUnframed:
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
            pump(socket, QByteArray(0x10000, ' '));
            break;
        case Fault::HeaderFlood: {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
            QByteArray batch;
            for (int i = 0; i < 1024; ++i)
                batch += "X-Flood: " + QByteArray(54, 'f') + "\r\n";
            pump(socket, batch);
            break;
        }
        case Fault::ContinueFlood: {
            QByteArray batch;
            for (int i = 0; i < 2048; ++i)
                batch += "HTTP/1.1 100 Continue\r\n\r\n";
            pump(socket, batch);
            break;
        }
        case Fault::Truncated:
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n");
            socket->write("{\"keys\":[" + QByteArray(90, ' '));
            socket->flush();
            socket->disconnectFromHost();
            break;
        case Fault::Undecodable:
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                          "Content-Length: 64\r\n\r\n");
            socket->write(QByteArray(64, 'z'));
            socket->flush();
            break;
        case Fault::SilentHold: break;
        case Fault::Healthy:
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                          "{\"ok\":true}");
            socket->flush();
            m_started.remove(socket); // keep-alive: the next request on this connection is answered too
            m_request.remove(socket);
            break;
        }
    }

    // Writes |unit| again each time the socket drained below the high-water mark, until the client leaves.
    void pump(QTcpSocket *socket, const QByteArray &unit)
    {
        // The connection's context is the socket itself, so |socket| is alive whenever the lambda runs.
        auto refill = [socket, unit] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < kHighWater)
                socket->write(unit);
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, refill);
        refill();
    }

    Fault m_fault;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_request;
    QHash<QTcpSocket *, bool> m_started;
};

class FaultServer
{
public:
    explicit FaultServer(Fault fault) : m_worker(new FaultWorker(fault))
    {
        m_worker->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    }
    ~FaultServer()
    {
        QMetaObject::invokeMethod(
            m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    FaultServer(const FaultServer &) = delete;
    FaultServer &operator=(const FaultServer &) = delete;

    bool isListening() const { return m_port != 0; }
    QUrl url(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }
    int connections() const { return m_worker->connections.loadAcquire(); }
    int disconnections() const { return m_worker->disconnections.loadAcquire(); }

private:
    QThread m_thread;
    FaultWorker *m_worker;
    quint16 m_port = 0;
};

} // namespace cmic::testing
