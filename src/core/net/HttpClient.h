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

// One running exchange over its own connection (HTTP/1.1, `Connection: close`), in the thread that starts it: no
// connection, buffer or thread is shared with another exchange, so one hostile server cannot delay or spoil the
// next exchange. What it holds is bounded by HttpResponseParser's limits and a 64 KiB socket read buffer; one
// deadline (HttpPolicy::timeoutMs) covers the whole exchange, redirects included; cancel() and the deadline close
// the connection at once. Emits finished() exactly once (also after cancel()), then deletes itself later.
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
    void connectTo(const QUrl &url);
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
