#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include "core/model/ModelEnums.h"

namespace cmic {
struct WorkspaceSettings;
}

namespace cmic::net {

// What a replayed request needs from the workspace's network settings so that curl trusts and routes like the
// console did: the extra CA bundle (--cacert), a manual proxy (--proxy, its password from $CMIC_PROXY_PASSWORD) or
// none (--noproxy '*'). Loopback destinations never go through a proxy, as in HttpPolicy.
struct CurlOptions
{
    QString caBundlePath; // absolute (HttpPolicy::resolveCaBundlePath), empty for the system trust store only
    ProxyMode proxyMode = ProxyMode::System;
    QString proxyUrl; // ProxyMode::Manual

    bool operator==(const CurlOptions &) const = default;
    static CurlOptions fromSettings(const WorkspaceSettings &settings, const QString &workspaceFilePath);
    // The curl options for a request to |url|, each shell-quoted (escape::shellWord); empty when none is needed.
    QStringList argumentsFor(const QUrl &url) const;
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The trace of one request/response, safe to show, log and export: credentials and tokens are masked when the
// exchange is recorded, never later. `toCurl()` replays it with secrets read from environment variables.
struct HttpExchange
{
    QString method;
    QUrl url;
    QList<QUrl> redirects;     // GET redirects followed, in order; the last one answered
    HeaderList requestHeaders; // masked
    QByteArray requestBody;    // masked, form or JSON
    int status = 0;            // 0 when no HTTP answer arrived
    HeaderList responseHeaders;
    QByteArray responseBodyExcerpt; // at most kBodyExcerptBytes, tokens masked
    qint64 responseBytes = 0;
    qint64 elapsedMs = 0;
    QDateTime startedAt;  // from the injected clock
    QDateTime serverDate; // the server's HTTP Date header, invalid when absent
    QString peerSubject;  // TLS peer certificate, empty over plain HTTP
    QString peerIssuer;
    QDateTime peerExpiry;
    QString basicClientId; // the (decoded) client id when Basic authentication was sent; the secret is not kept
    QString errorString;   // transport error text, empty on success

    static constexpr int kBodyExcerptBytes = 4096;
    static const QByteArray kMask; // "***"

    QByteArray responseHeader(const QByteArray &name) const; // case-insensitive, first match
    QByteArray requestHeader(const QByteArray &name) const;

    // One shell command reproducing the request. Secrets come from $CMIC_CLIENT_SECRET,
    // $CMIC_CLIENT_ASSERTION and $CMIC_ACCESS_TOKEN, never inlined. |options|: the workspace's CA bundle and proxy.
    QString toCurl(const CurlOptions &options = {}) const;
    QJsonObject toJson() const;

    // Masking helpers, public so callers that build traces by hand use the same rules.
    static HeaderList maskHeaders(const HeaderList &headers);
    static QByteArray maskFormBody(const QByteArray &body);
    static QUrl maskUrl(const QUrl &url); // secret query parameters and user info
    static QByteArray maskJsonTokens(const QByteArray &body);
    static bool isSecretParameter(const QByteArray &name);
};

} // namespace cmic::net
