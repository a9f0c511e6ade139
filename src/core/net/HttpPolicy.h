#pragma once

#include "HttpExchange.h"
#include "HttpResponseParser.h"
#include "core/model/ModelEnums.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkProxy;
class QNetworkProxyFactory;
class QSslConfiguration;

namespace cmic {
class Clock;
struct WorkspaceSettings;
} // namespace cmic

namespace cmic::net {

class ConnectionPool;

// The rules every exchange follows: one deadline and bounded reading (HttpLimits) for every exchange, TLS always
// verified (system roots plus an optional extra CA bundle), https only except loopback, system proxy by default
// (never for loopback), GET redirects https -> https at most 3 times, the token POST never redirected.
// Not a QObject; share one per workspace or run.
class HttpPolicy
{
public:
    explicit HttpPolicy(const Clock *clock = nullptr);
    ~HttpPolicy();
    HttpPolicy(const HttpPolicy &) = delete;
    HttpPolicy &operator=(const HttpPolicy &) = delete;

    const Clock &clock() const { return *m_clock; }

    // The deadline of one whole exchange (connection, TLS, request, answer and any redirects).
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    const HttpLimits &limits() const { return m_limits; }
    qint64 maxResponseBytes() const { return m_limits.maxBodyBytes; }
    // The decoded body cap; what may be read on the wire for one answer grows with it (framing, 1-byte chunks).
    void setMaxResponseBytes(qint64 bytes);
    int maxRedirects() const { return m_maxRedirects; }
    void setMaxRedirects(int count) { m_maxRedirects = count; }

    // Extra trust anchors added to (never replacing) the system roots. False, with a message that says what
    // to do, when the PEM holds no certificate.
    bool setExtraCaBundlePem(const QByteArray &pem, QString *error = nullptr);
    bool loadExtraCaBundle(const QString &path, QString *error = nullptr);
    const QList<QSslCertificate> &extraCaCertificates() const { return m_extraCas; }

    // ProxyMode::Manual needs a proxy URL such as http://proxy:3128 (user:password@ accepted).
    // Loopback destinations never go through a proxy.
    bool setProxy(ProxyMode mode, const QUrl &proxyUrl = {}, QString *error = nullptr);
    ProxyMode proxyMode() const { return m_proxyMode; }

    // The file a workspace's CA bundle path names. Absolute paths stay as they are; a relative one is read against
    // the folder of the workspace file (|workspaceFilePath|), where it was meant to point, whichever program or
    // working directory reads the workspace; against the working directory only for a workspace never saved
    // (empty |workspaceFilePath|). Empty for an empty path.
    static QString resolveCaBundlePath(const QString &caBundlePath, const QString &workspaceFilePath);

    // The workspace's network settings: extra CA bundle (settings.caBundlePath, resolved with
    // resolveCaBundlePath) and proxy. False, with the reason, when the bundle cannot be read or the proxy URL is
    // unusable; the other setting is still applied.
    bool applySettings(const WorkspaceSettings &settings, const QString &workspaceFilePath, QString *error = nullptr);
    // What curl needs to replay an exchange made under this policy as the last applySettings() set it (the CA
    // bundle path and proxy as written in the workspace, even when they could not be applied).
    const CurlOptions &curlOptions() const { return m_curlOptions; }

    QSslConfiguration sslConfiguration() const;
    // The proxy an exchange with |url| goes through (NoProxy for loopback, for ProxyMode::None, and when the
    // system has none); an HTTP proxy is used with CONNECT.
    QNetworkProxy proxyFor(const QUrl &url) const;
    static QByteArray userAgent();

    // Idle connections kept for the next exchange with the same origin (on by default; see ConnectionPool for when
    // a connection is kept). The pool is emptied whenever the trust anchors or the proxy change. Null when off.
    void setReuseConnections(bool reuse);
    bool reuseConnections() const { return m_reuseConnections; }
    ConnectionPool *connectionPool() const;

    // Empty when the URL may be used; otherwise why not (translated).
    QString checkUrl(const QUrl &url) const;
    static bool isLoopbackHost(const QString &host);

private:
    const Clock *m_clock = nullptr;
    int m_timeoutMs = 15000;
    HttpLimits m_limits;
    std::unique_ptr<QNetworkProxyFactory> m_proxyFactory;
    int m_maxRedirects = 3;
    QList<QSslCertificate> m_extraCas;
    ProxyMode m_proxyMode = ProxyMode::System;
    std::unique_ptr<ConnectionPool> m_pool; // state, not a rule: what the exchanges under this policy left open
    bool m_reuseConnections = true;
    CurlOptions m_curlOptions;
};

} // namespace cmic::net
