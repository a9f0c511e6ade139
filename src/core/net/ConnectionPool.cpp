#include "ConnectionPool.h"

#include <QNetworkProxy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

namespace cmic::net {

ConnectionPool::ConnectionPool(int maxPerOrigin, int maxIdle, int idleMs)
    : m_maxPerOrigin(qMax(1, maxPerOrigin)), m_maxIdle(qMax(1, maxIdle)), m_idleMs(idleMs),
      m_thread(QThread::currentThread())
{}

ConnectionPool::~ConnectionPool()
{
    // Outside any socket's signal: the sockets can go at once (deleteLater would outlive a closing application).
    for (const Idle &idle : std::as_const(m_idle)) {
        idle.socket->abort();
        delete idle.socket;
    }
}

QByteArray ConnectionPool::keyFor(const QUrl &url, const QNetworkProxy &proxy)
{
    const bool tls = url.scheme() == QLatin1String("https");
    QByteArray key = url.scheme().toLatin1() + "://" + url.host(QUrl::FullyEncoded).toLower().toLatin1() + ':'
                     + QByteArray::number(url.port(tls ? 443 : 80));
    if (proxy.type() != QNetworkProxy::NoProxy && proxy.type() != QNetworkProxy::DefaultProxy) {
        key += " via " + QByteArray::number(int(proxy.type())) + ' ' + proxy.user().toUtf8() + '@'
               + proxy.hostName().toLower().toUtf8() + ':' + QByteArray::number(proxy.port());
    }
    return key;
}

bool ConnectionPool::usable(const Idle &idle) const
{
    const QTcpSocket *socket = idle.socket;
    if (idle.since.hasExpired(m_idleMs) || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    // Bytes nobody asked for (or the TLS close alert not yet read as a close) make the connection unusable.
    if (socket->bytesAvailable() > 0 || socket->bytesToWrite() > 0)
        return false;
    if (const auto *ssl = qobject_cast<const QSslSocket *>(socket))
        return ssl->isEncrypted();
    return true;
}

void ConnectionPool::drop(QTcpSocket *socket)
{
    socket->abort();
    socket->deleteLater(); // take() may run inside this socket's own signal (a redirect found in its readyRead)
}

QTcpSocket *ConnectionPool::take(const QByteArray &key)
{
    if (QThread::currentThread() != m_thread)
        return nullptr;
    QTcpSocket *found = nullptr;
    for (qsizetype i = m_idle.size() - 1; i >= 0; --i) {
        const Idle idle = m_idle.at(i);
        // Reads what the system already holds for the socket (bytes, or the server's close) without waiting.
        if (idle.key == key && idle.socket->state() == QAbstractSocket::ConnectedState)
            idle.socket->waitForReadyRead(0);
        if (!usable(idle)) {
            m_idle.removeAt(i);
            drop(idle.socket);
            continue;
        }
        if (!found && idle.key == key) { // the most recently used: the least likely to have been closed
            m_idle.removeAt(i);
            found = idle.socket;
        }
    }
    if (found)
        ++m_reuses;
    return found;
}

void ConnectionPool::give(const QByteArray &key, QTcpSocket *socket)
{
    if (!socket)
        return;
    socket->setParent(nullptr); // the giver has disconnected its own slots
    if (QThread::currentThread() != m_thread || socket->thread() != m_thread) {
        drop(socket);
        return;
    }
    int sameOrigin = 0;
    for (const Idle &idle : std::as_const(m_idle))
        sameOrigin += idle.key == key ? 1 : 0;
    if (sameOrigin >= m_maxPerOrigin) {
        for (qsizetype i = 0; i < m_idle.size(); ++i) {
            if (m_idle.at(i).key == key) {
                drop(m_idle.takeAt(i).socket);
                break;
            }
        }
    }
    if (m_idle.size() >= m_maxIdle)
        drop(m_idle.takeFirst().socket);
    Idle idle;
    idle.key = key;
    idle.socket = socket;
    idle.since.start();
    m_idle.append(idle);
}

void ConnectionPool::clear()
{
    const QList<Idle> idle = std::exchange(m_idle, {});
    for (const Idle &entry : idle)
        drop(entry.socket);
}

} // namespace cmic::net
