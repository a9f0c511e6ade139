#pragma once

#include "HttpResult.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>

class QTcpSocket;
class QTimer;

namespace cmic::net {

class HttpPolicy;
class HttpResponseParser;

// One running exchange (HTTP/1.1), in the thread that starts it. It takes an idle connection to the same origin
// from the policy's ConnectionPool when there is one, and gives its connection back only after an answer that
// ended exactly where its framing said with nothing more sent (HttpResponseParser::keepAlive()), so what one answer
// did cannot spill into the next; no buffer or thread is shared with another exchange. A kept connection the server
// closed before answering is replaced by a new one, once. What it holds is bounded by HttpResponseParser's limits and a
// 64 KiB socket read buffer; one deadline (HttpPolicy::timeoutMs) covers the whole exchange, redirects included;
// cancel() and the deadline close the connection at once. Emits finished() exactly once (also after cancel()), then
// deletes itself later.
class HttpJob : public QObject
{
    Q_OBJECT
public:
    HttpJob(const HttpPolicy &policy, HttpRequestSpec spec, QObject *parent = nullptr);
    ~HttpJob() override;

    void start();
    void cancel(); // takes effect immediately: finished() is emitted before cancel() returns
    bool isFinished() const { return m_finished; }
    const HttpResult &result() const { return m_result; }

signals:
    void finished(const cmic::net::HttpResult &result);

private:
    void connectTo(const QUrl &url, bool mayReuse = true);
    bool retryOnFreshConnection();
    void releaseConnection();
    void onConnected();
    void onReadyRead();
    void onSocketError();
    void onEndOfStream();
    void onAnswer();
    bool followRedirect(const QByteArray &location);
    void abortWith(NetErrorKind kind, const QString &detail = {});
    void closeConnection();
    void complete();
    void fillExchange();

    const HttpPolicy &m_policy;
    HttpRequestSpec m_spec;
    HttpResult m_result;
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<HttpResponseParser> m_parser;
    QTimer *m_overallTimer = nullptr;
    QElapsedTimer m_elapsed;
    QByteArray m_body;
    QUrl m_currentUrl;
    bool m_viaProxy = false;
    bool m_reused = false;  // the current connection was taken from the pool
    bool m_retried = false; // a kept connection failed before answering and was replaced
    QByteArray m_poolKey;
    int m_redirects = 0;
    NetErrorKind m_abortKind = NetErrorKind::None;
    QString m_abortDetail;
    NetErrorKind m_tlsKind = NetErrorKind::None;
    QString m_tlsDetail;
    bool m_finished = false;
};

// Starts jobs under a policy. run() blocks in a local event loop (CLI, tests); start() is for the GUI.
// A job given a |parent| is aborted without a callback when the parent is destroyed first.
class HttpClient
{
public:
    explicit HttpClient(const HttpPolicy &policy) : m_policy(policy) {}

    HttpJob *start(const HttpRequestSpec &spec, std::function<void(const HttpResult &)> done,
                   QObject *parent = nullptr) const;
    HttpResult run(const HttpRequestSpec &spec) const;
    const HttpPolicy &policy() const { return m_policy; }

private:
    const HttpPolicy &m_policy;
};

// Describes an error kind as {message, fix}; `detail` is the technical text (URL, host, Qt's error string).
QPair<QString, QString> describeNetError(NetErrorKind kind, const QUrl &url, const QString &detail = {});

} // namespace cmic::net
