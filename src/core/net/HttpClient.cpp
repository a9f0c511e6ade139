#include "HttpClient.h"
#include "ConnectionPool.h"

#include "HttpPolicy.h"
#include "HttpResponseParser.h"
#include "NetLog.h"
#include "core/rules/SettingsRules.h"
#include "core/storage/SecretBuffer.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

// How far the socket reads ahead of the parser; also the job's read chunk.
constexpr qint64 kSocketReadBuffer = 64 * 1024;

QDateTime parseHttpDate(const QByteArray &value)
{
    // RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    QDateTime parsed = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()),
                                               QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!parsed.isValid())
        return {};
    parsed.setTimeSpec(Qt::UTC);
    return parsed;
}

NetErrorKind classifySslErrors(const QList<QSslError> &errors, QString *detail)
{
    NetErrorKind best = NetErrorKind::None;
    auto rank = [](NetErrorKind kind) {
        switch (kind) {
        case NetErrorKind::TlsUnknownCa: return 4;
        case NetErrorKind::TlsExpired: return 3;
        case NetErrorKind::TlsHostMismatch: return 2;
        case NetErrorKind::TlsOther: return 1;
        default: return 0;
        }
    };
    QStringList texts;
    for (const QSslError &error : errors) {
        texts << error.errorString();
        NetErrorKind kind = NetErrorKind::TlsOther;
        switch (error.error()) {
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted: kind = NetErrorKind::TlsUnknownCa; break;
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid: kind = NetErrorKind::TlsExpired; break;
        case QSslError::HostNameMismatch: kind = NetErrorKind::TlsHostMismatch; break;
        default: break;
        }
        if (rank(kind) > rank(best))
            best = kind;
    }
    if (detail)
        *detail = texts.join(QLatin1String("; "));
    return best;
}

bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.toLower().contains("text/html"))
        return true;
    const QByteArray start = body.trimmed().left(64).toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith('<');
}

} // namespace

QString toString(NetErrorKind kind)
{
    switch (kind) {
    case NetErrorKind::None: return QStringLiteral("none");
    case NetErrorKind::InvalidUrl: return QStringLiteral("invalid-url");
    case NetErrorKind::InsecureUrl: return QStringLiteral("insecure-url");
    case NetErrorKind::ConnectionRefused: return QStringLiteral("connection-refused");
    case NetErrorKind::HostNotFound: return QStringLiteral("host-not-found");
    case NetErrorKind::Timeout: return QStringLiteral("timeout");
    case NetErrorKind::TlsUnknownCa: return QStringLiteral("tls-unknown-ca");
    case NetErrorKind::TlsExpired: return QStringLiteral("tls-expired");
    case NetErrorKind::TlsHostMismatch: return QStringLiteral("tls-host-mismatch");
    case NetErrorKind::TlsOther: return QStringLiteral("tls-other");
    case NetErrorKind::Proxy: return QStringLiteral("proxy");
    case NetErrorKind::Network: return QStringLiteral("network");
    case NetErrorKind::HttpStatus: return QStringLiteral("http-status");
    case NetErrorKind::TooLarge: return QStringLiteral("too-large");
    case NetErrorKind::Truncated: return QStringLiteral("truncated");
    case NetErrorKind::Undecodable: return QStringLiteral("undecodable");
    case NetErrorKind::Protocol: return QStringLiteral("protocol");
    case NetErrorKind::InsecureRedirect: return QStringLiteral("insecure-redirect");
    case NetErrorKind::TooManyRedirects: return QStringLiteral("too-many-redirects");
    case NetErrorKind::UnexpectedRedirect: return QStringLiteral("unexpected-redirect");
    case NetErrorKind::BadJson: return QStringLiteral("bad-json");
    case NetErrorKind::HtmlInsteadOfJson: return QStringLiteral("html-instead-of-json");
    case NetErrorKind::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

QPair<QString, QString> describeNetError(NetErrorKind kind, const QUrl &url, const QString &detail)
{
    const QString host = url.host();
    const QString where = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    QString message;
    QString fix;
    switch (kind) {
    case NetErrorKind::None: break;
    case NetErrorKind::InvalidUrl:
    case NetErrorKind::InsecureUrl:
        message = detail;
        fix = Tr::tr("Correct the address in the registration or environment.");
        break;
    case NetErrorKind::ConnectionRefused:
        message = Tr::tr("%1 refused the connection: nothing listens on that port.").arg(where);
        fix = Tr::tr(
            "Check the host and port in the URL, and that the server is running and reachable from this computer.");
        break;
    case NetErrorKind::HostNotFound:
        message = Tr::tr("The host name %1 could not be resolved.").arg(host);
        fix = Tr::tr(
            "Check the spelling of the host name, your DNS settings, and whether you need a VPN or proxy to reach it.");
        break;
    case NetErrorKind::Timeout:
        message = Tr::tr("%1 did not answer in time.").arg(where);
        fix = Tr::tr(
                  "Check that a firewall or proxy is not silently dropping the connection; set the proxy in %1 if your "
                  "network needs one, or try again later.")
                  .arg(settingPlace(QLatin1String(settingsField::kProxyUrl)));
        break;
    case NetErrorKind::TlsUnknownCa:
        message =
            Tr::tr("The TLS certificate of %1 was issued by a certificate authority this computer does not trust (%2).")
                .arg(host, detail);
        fix =
            Tr::tr(
                "If your organisation uses its own CA (or a TLS-inspecting proxy), choose its root certificate (a PEM "
                "file) in %1. Never turn verification off.")
                .arg(settingPlace(QLatin1String(settingsField::kCaBundlePath)));
        break;
    case NetErrorKind::TlsExpired:
        message = Tr::tr("The TLS certificate of %1 has expired or is not yet valid (%2).").arg(host, detail);
        fix = Tr::tr("Ask the server's owner to renew the certificate; also check this computer's date and time.");
        break;
    case NetErrorKind::TlsHostMismatch:
        message = Tr::tr("The TLS certificate presented by %1 is for a different host name (%2).").arg(host, detail);
        fix =
            Tr::tr("Use the host name the certificate was issued for, or have the certificate reissued to include %1.")
                .arg(host);
        break;
    case NetErrorKind::TlsOther:
        message = Tr::tr("The TLS connection to %1 failed: %2.").arg(host, detail);
        fix = Tr::tr("Check that the server supports TLS 1.2 or later and presents a valid certificate chain.");
        break;
    case NetErrorKind::Proxy:
        message = Tr::tr("The proxy failed while connecting to %1: %2.").arg(host, detail);
        fix = Tr::tr("Check %1 (system, none or manual) and the proxy's credentials.")
                  .arg(settingPlace(QLatin1String(settingsField::kProxyUrl)));
        break;
    case NetErrorKind::Network:
        message = Tr::tr("The request to %1 failed: %2.").arg(where, detail);
        fix = Tr::tr("Check the network connection and the URL, then try again.");
        break;
    case NetErrorKind::HttpStatus:
        message = Tr::tr("%1 answered HTTP %2.").arg(where, detail);
        fix = Tr::tr("See the response in the exchange details for the server's reason.");
        break;
    case NetErrorKind::TooLarge:
        message = Tr::tr("The answer from %1 is larger than the allowed size (%2).").arg(where, detail);
        fix = Tr::tr("Check that the URL points at the intended endpoint (not a file download or a portal page).");
        break;
    case NetErrorKind::Truncated:
        message = Tr::tr("The answer from %1 was cut short: the connection ended before the whole body arrived (%2).")
                      .arg(where, detail);
        fix =
            Tr::tr("Try again; if it keeps happening, a proxy, firewall or load balancer between this computer and the "
                   "server is dropping the connection.");
        break;
    case NetErrorKind::Protocol:
        message = Tr::tr("%1 did not answer in HTTP the console can read: %2.").arg(where, detail);
        fix =
            Tr::tr("Check that the URL points at an https API endpoint (not another service on that port); if it does, "
                   "a proxy or load balancer in between may be damaging the answers.");
        break;
    case NetErrorKind::Undecodable:
        message = Tr::tr("The answer from %1 could not be decoded (%2).").arg(where, detail);
        fix = Tr::tr(
            "The server (or a proxy) sent a compressed or encoded body that is broken; check the proxy settings, "
            "or ask the server's owner.");
        break;
    case NetErrorKind::InsecureRedirect:
        message = Tr::tr("%1 redirected to %2, which is not https.").arg(where, detail);
        fix = Tr::tr("Use the final https address directly; redirects to plain http are never followed.");
        break;
    case NetErrorKind::TooManyRedirects:
        message = Tr::tr("%1 redirected too many times.").arg(where);
        fix = Tr::tr("Use the final address directly, or check for a redirect loop on the server or proxy.");
        break;
    case NetErrorKind::UnexpectedRedirect:
        message = Tr::tr("%1 answered with a redirect to %2; this request is never redirected.").arg(where, detail);
        fix = Tr::tr("Enter the final address (the redirect target, if you trust it) as the endpoint.");
        break;
    case NetErrorKind::BadJson:
        message = Tr::tr("%1 did not answer with valid JSON (%2).").arg(where, detail);
        fix = Tr::tr("Check that the URL points at the right endpoint; the exchange details show what came back.");
        break;
    case NetErrorKind::HtmlInsteadOfJson:
        message = Tr::tr("%1 answered with an HTML page instead of JSON.").arg(where);
        fix =
            Tr::tr("This is usually a proxy login page, a portal or a wrong URL; open the exchange details to see the "
                   "page, and check the URL and proxy settings.");
        break;
    case NetErrorKind::Cancelled:
        message = Tr::tr("The request to %1 was cancelled.").arg(where);
        fix = Tr::tr("Run the check again when you are ready.");
        break;
    }
    return {message, fix};
}

HttpJob::HttpJob(const HttpPolicy &policy, HttpRequestSpec spec, QObject *parent)
    : QObject(parent), m_policy(policy), m_spec(std::move(spec))
{
    m_currentUrl = m_spec.url;
}

HttpJob::~HttpJob() { closeConnection(); }

void HttpJob::start()
{
    m_elapsed.start();
    m_result.exchange.startedAt = m_policy.clock().now();
    m_result.exchange.method = QString::fromLatin1(m_spec.method);
    m_result.exchange.url = HttpExchange::maskUrl(m_spec.url);
    m_result.exchange.basicClientId = m_spec.basicClientId;
    m_result.exchange.requestHeaders = HttpExchange::maskHeaders(m_spec.headers);
    const bool isForm = [this] {
        for (const auto &[name, value] : m_spec.headers) {
            if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                return value.toLower().startsWith("application/x-www-form-urlencoded");
        }
        return false;
    }();
    m_result.exchange.requestBody =
        isForm ? HttpExchange::maskFormBody(m_spec.body) : HttpExchange::maskJsonTokens(m_spec.body);

    const QString urlProblem = m_policy.checkUrl(m_spec.url);
    if (!urlProblem.isEmpty()) {
        m_abortKind =
            m_spec.url.isValid() && !m_spec.url.host().isEmpty() ? NetErrorKind::InsecureUrl : NetErrorKind::InvalidUrl;
        m_abortDetail = urlProblem;
        QMetaObject::invokeMethod(this, &HttpJob::complete, Qt::QueuedConnection);
        return;
    }

    m_overallTimer = new QTimer(this);
    m_overallTimer->setSingleShot(true);
    connect(m_overallTimer, &QTimer::timeout, this, [this] { abortWith(NetErrorKind::Timeout); });
    m_overallTimer->start(m_policy.timeoutMs());

    connectTo(m_spec.url);
}

void HttpJob::connectTo(const QUrl &url, bool mayReuse)
{
    m_currentUrl = url;
    m_parser = std::make_unique<HttpResponseParser>(m_policy.limits(), m_spec.method == "HEAD");
    const bool tls = url.scheme() == QLatin1String("https");
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    const QNetworkProxy proxy = m_policy.proxyFor(url);
    m_viaProxy = proxy.type() != QNetworkProxy::NoProxy;
    ConnectionPool *pool = m_policy.connectionPool();
    m_poolKey = pool ? ConnectionPool::keyFor(url, proxy) : QByteArray();
    m_reused = false;
    if (QTcpSocket *kept = pool && mayReuse ? pool->take(m_poolKey) : nullptr) {
        m_reused = true;
        m_socket = kept;
        m_socket->setParent(this);
        connect(m_socket, &QAbstractSocket::readyRead, this, &HttpJob::onReadyRead);
        connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpJob::onSocketError);
        connect(m_socket, &QAbstractSocket::disconnected, this, &HttpJob::onEndOfStream);
        qCDebug(lcNet) << "reusing a kept connection to" << m_poolKey;
        onConnected();
        return;
    }
    QSslSocket *sslSocket = tls ? new QSslSocket(this) : nullptr;
    m_socket = sslSocket ? sslSocket : new QTcpSocket(this);
    // The socket reads at most this much ahead of the parser; the kernel holds the rest back from the server.
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_socket->setProxy(proxy);
    connect(m_socket, &QAbstractSocket::readyRead, this, &HttpJob::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpJob::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpJob::onEndOfStream);
    if (sslSocket) {
        sslSocket->setSslConfiguration(m_policy.sslConfiguration());
        sslSocket->setPeerVerifyName(url.host());
        connect(sslSocket, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_tlsKind = classifySslErrors(errors, &m_tlsDetail); });
        connect(sslSocket, &QSslSocket::encrypted, this, &HttpJob::onConnected);
        sslSocket->connectToHostEncrypted(url.host(), port);
    } else {
        connect(m_socket, &QAbstractSocket::connected, this, &HttpJob::onConnected);
        m_socket->connectToHost(url.host(), port);
    }
}

void HttpJob::onConnected()
{
    if (!m_socket)
        return;
    QByteArray target = m_currentUrl.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (m_currentUrl.hasQuery())
        target += '?' + m_currentUrl.query(QUrl::FullyEncoded).toLatin1();
    QByteArray request;
    request.reserve(512 + m_spec.body.size());
    request += m_spec.method + ' ' + target + " HTTP/1.1\r\n";
    request += "Host: " + m_currentUrl.authority(QUrl::RemoveUserInfo | QUrl::FullyEncoded).toLatin1() + "\r\n";
    bool hasAccept = false;
    bool hasUserAgent = false;
    for (const auto &[name, value] : m_spec.headers) {
        hasAccept = hasAccept || name.compare("accept", Qt::CaseInsensitive) == 0;
        hasUserAgent = hasUserAgent || name.compare("user-agent", Qt::CaseInsensitive) == 0;
    }
    if (!hasUserAgent)
        request += "User-Agent: " + m_policy.userAgent() + "\r\n";
    if (!hasAccept)
        request += "Accept: application/json\r\n";
    request += "Accept-Encoding: gzip, deflate\r\n";
    if (!m_policy.connectionPool())
        request += "Connection: close\r\n"; // HTTP/1.1 connections persist unless one side says otherwise
    for (const auto &[name, value] : m_spec.headers) {
        const QByteArray lower = name.toLower();
        if (lower == "host" || lower == "connection" || lower == "content-length" || lower == "accept-encoding"
            || lower == "transfer-encoding")
            continue;
        request += name + ": " + value + "\r\n";
    }
    if (!m_spec.body.isEmpty() || m_spec.method == "POST" || m_spec.method == "PUT")
        request += "Content-Length: " + QByteArray::number(m_spec.body.size()) + "\r\n";
    request += "\r\n";
    request += m_spec.body;
    m_socket->write(request);
    wipeInPlace(request); // it may carry a client secret; the socket keeps its own copy until sent
}

void HttpJob::onReadyRead()
{
    if (!m_socket || !m_parser || m_finished)
        return;
    char buffer[kSocketReadBuffer];
    while (m_socket && m_socket->bytesAvailable() > 0) {
        const qint64 got = m_socket->read(buffer, sizeof buffer);
        if (got <= 0)
            break;
        const auto state = m_parser->feed(QByteArrayView(buffer, got));
        if (state == HttpResponseParser::State::Done || state == HttpResponseParser::State::Failed) {
            onAnswer();
            return;
        }
    }
}

void HttpJob::onSocketError()
{
    if (!m_socket || m_finished)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    const QString errorString = m_socket->errorString();
    qCDebug(lcNet) << "socket error" << error << errorString;
    if (retryOnFreshConnection())
        return;
    if (error == QAbstractSocket::RemoteHostClosedError && m_parser && m_parser->wireBytes() > 0) {
        onEndOfStream(); // the server ended its answer, or cut it short: the parser knows which
        return;
    }
    m_result.exchange.errorString = errorString;
    NetErrorKind kind = NetErrorKind::Network;
    QString detail = errorString;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError: kind = NetErrorKind::ConnectionRefused; break;
    case QAbstractSocket::HostNotFoundError: kind = NetErrorKind::HostNotFound; break;
    case QAbstractSocket::SocketTimeoutError: kind = NetErrorKind::Timeout; break;
    case QAbstractSocket::SslHandshakeFailedError:
        kind = m_tlsKind != NetErrorKind::None ? m_tlsKind : NetErrorKind::TlsOther;
        detail = m_tlsDetail.isEmpty() ? errorString : m_tlsDetail;
        break;
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: kind = NetErrorKind::TlsOther; break;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError: kind = NetErrorKind::Proxy; break;
    default:
        // A proxy that refuses a CONNECT (403, 502, ...) reaches the socket as another error.
        kind = m_tlsKind != NetErrorKind::None ? m_tlsKind : m_viaProxy ? NetErrorKind::Proxy : NetErrorKind::Network;
        if (m_tlsKind != NetErrorKind::None)
            detail = m_tlsDetail;
        break;
    }
    abortWith(kind, detail);
}

void HttpJob::onEndOfStream()
{
    if (!m_socket || !m_parser || m_finished)
        return;
    onReadyRead(); // what is still buffered belongs to the answer
    if (m_finished || !m_parser)
        return;
    if (retryOnFreshConnection())
        return;
    if (m_parser->state() == HttpResponseParser::State::Head && m_parser->wireBytes() == 0
        && m_tlsKind != NetErrorKind::None) {
        abortWith(m_tlsKind, m_tlsDetail);
        return;
    }
    m_parser->endOfStream();
    onAnswer();
}

// The parser is Done or Failed: follow a redirect, or complete with what the answer says.
void HttpJob::onAnswer()
{
    if (m_finished || !m_parser)
        return;
    const HttpResponseParser &parser = *m_parser;
    const int status = parser.status();
    if (parser.state() == HttpResponseParser::State::Done) {
        const bool isRedirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        if (isRedirect && m_spec.followRedirects && m_spec.method == "GET") {
            const QByteArray location = parser.header("Location");
            m_result.status = status;
            fillExchange();
            releaseConnection();
            if (!followRedirect(location))
                complete();
            return;
        }
        m_body = parser.body();
    } else if (m_abortKind == NetErrorKind::None) {
        switch (parser.failure()) {
        case HttpResponseParser::Failure::None: break;
        case HttpResponseParser::Failure::TooLarge: m_abortKind = NetErrorKind::TooLarge; break;
        case HttpResponseParser::Failure::Protocol: m_abortKind = NetErrorKind::Protocol; break;
        case HttpResponseParser::Failure::Truncated: m_abortKind = NetErrorKind::Truncated; break;
        case HttpResponseParser::Failure::Undecodable: m_abortKind = NetErrorKind::Undecodable; break;
        case HttpResponseParser::Failure::NoAnswer:
            m_abortKind = m_viaProxy ? NetErrorKind::Proxy : NetErrorKind::Network;
            break;
        }
        m_abortDetail = parser.detail();
    }
    m_result.status = parser.headComplete() ? status : 0;
    fillExchange();
    releaseConnection();
    complete();
}

// A kept connection the server closed while it was idle fails before a byte of the answer: the request goes again,
// once, on a new connection (the server cannot have answered it; as browsers and curl do).
bool HttpJob::retryOnFreshConnection()
{
    if (!m_reused || m_retried || m_finished || (m_parser && m_parser->wireBytes() > 0))
        return false;
    qCDebug(lcNet) << "a kept connection to" << m_poolKey << "was closed; retrying on a new one";
    m_retried = true;
    closeConnection();
    connectTo(m_currentUrl, false);
    return true;
}

// Gives the connection back to the pool when the answer allows it (see the class comment); closes it otherwise.
void HttpJob::releaseConnection()
{
    ConnectionPool *pool = m_policy.connectionPool();
    QTcpSocket *socket = m_socket;
    const bool keep = pool && socket && m_parser && m_parser->keepAlive()
                      && socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0
                      && socket->bytesToWrite() == 0;
    if (!keep) {
        closeConnection();
        return;
    }
    m_socket = nullptr;
    socket->disconnect(this);
    pool->give(m_poolKey, socket);
}

// Follows a GET redirect when the target is allowed; false (and the job's error set) otherwise.
bool HttpJob::followRedirect(const QByteArray &location)
{
    const QUrl target = m_currentUrl.resolved(QUrl::fromEncoded(location));
    ++m_redirects;
    if (m_redirects > m_policy.maxRedirects()) {
        m_abortKind = NetErrorKind::TooManyRedirects;
        return false;
    }
    const bool fromLoopbackHttp = m_currentUrl.scheme() == QLatin1String("http");
    const bool toHttps = target.scheme() == QLatin1String("https");
    // https -> https only; a plain loopback server (the sandbox) may redirect within loopback.
    const bool allowed =
        toHttps
        || (fromLoopbackHttp && target.scheme() == QLatin1String("http") && HttpPolicy::isLoopbackHost(target.host()));
    if (!allowed || !target.isValid() || target.host().isEmpty()) {
        m_abortKind = NetErrorKind::InsecureRedirect;
        m_abortDetail = target.toDisplayString();
        return false;
    }
    qCDebug(lcNet) << "following redirect" << m_currentUrl << "->" << target;
    m_result.exchange.redirects.append(HttpExchange::maskUrl(target));
    m_body.clear();
    m_tlsKind = NetErrorKind::None;
    m_tlsDetail.clear();
    connectTo(target);
    return true;
}

void HttpJob::cancel() { abortWith(NetErrorKind::Cancelled); }

void HttpJob::abortWith(NetErrorKind kind, const QString &detail)
{
    if (m_finished)
        return;
    if (m_abortKind == NetErrorKind::None) {
        m_abortKind = kind;
        m_abortDetail = detail;
    }
    if (m_parser && m_parser->headComplete())
        m_result.status = m_parser->status();
    fillExchange();
    closeConnection();
    complete();
}

// Closes the connection now (no graceful shutdown: nothing more is read or written) and lets go of the socket.
void HttpJob::closeConnection()
{
    if (QTcpSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void HttpJob::fillExchange()
{
    HttpExchange &exchange = m_result.exchange;
    exchange.status = m_result.status;
    exchange.url = HttpExchange::maskUrl(m_spec.url);
    exchange.elapsedMs = m_elapsed.elapsed();
    if (!m_parser)
        return;
    const HttpResponseParser &parser = *m_parser;
    exchange.responseBytes = parser.body().size();
    exchange.responseHeaders = HttpExchange::maskHeaders(parser.headers());
    exchange.serverDate = parseHttpDate(parser.header("Date"));
    // Masked before it is cut: a token that straddles the cut must not leave its first part in the excerpt.
    exchange.responseBodyExcerpt = HttpExchange::maskJsonTokens(parser.body().left(4 * HttpExchange::kBodyExcerptBytes))
                                       .left(HttpExchange::kBodyExcerptBytes);
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket)) {
        const QSslCertificate peer = sslSocket->peerCertificate();
        if (!peer.isNull()) {
            exchange.peerSubject = peer.subjectDisplayName();
            exchange.peerIssuer = peer.issuerDisplayName();
            exchange.peerExpiry = peer.expiryDate();
        }
    }
}

void HttpJob::complete()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_overallTimer)
        m_overallTimer->stop();
    if (m_result.exchange.elapsedMs == 0 && m_elapsed.isValid())
        m_result.exchange.elapsedMs = m_elapsed.elapsed();
    const int status = m_result.status;
    const QByteArray contentType = m_result.exchange.responseHeader("content-type");
    NetErrorKind kind = m_abortKind;
    QString detail = m_abortDetail;
    if (kind == NetErrorKind::None) {
        m_result.body = m_body;
        if (status == 304) {
            // Not Modified: the caller's cached copy stays valid; there is no body to parse.
            m_spec.expectJson = false;
        } else if (status >= 300 && status < 400) {
            kind = NetErrorKind::UnexpectedRedirect;
            detail = QString::fromUtf8(m_result.exchange.responseHeader("location"));
        } else if (status >= 400 || status == 0) {
            kind = NetErrorKind::HttpStatus;
            detail = QString::number(status);
        }
        if (m_spec.expectJson && !m_body.isEmpty()) {
            QJsonParseError parseError;
            m_result.json = QJsonDocument::fromJson(m_body, &parseError);
            if (parseError.error != QJsonParseError::NoError && kind == NetErrorKind::None) {
                if (looksLikeHtml(m_body, contentType)) {
                    kind = NetErrorKind::HtmlInsteadOfJson;
                } else {
                    kind = NetErrorKind::BadJson;
                    detail = parseError.errorString();
                }
            }
        } else if (m_spec.expectJson && kind == NetErrorKind::None && status != 304) {
            kind = NetErrorKind::BadJson;
            detail = Tr::tr("empty body");
        }
    }
    m_result.error = kind;
    m_result.ok = kind == NetErrorKind::None;
    if (!m_result.ok) {
        const auto [message, fix] = describeNetError(kind, m_currentUrl, detail);
        m_result.message = message;
        m_result.fix = fix;
        if (m_result.exchange.errorString.isEmpty())
            m_result.exchange.errorString = message;
    }
    qCDebug(lcNet) << m_result.exchange.method << m_spec.url.toDisplayString() << status << toString(kind)
                   << m_result.exchange.elapsedMs << "ms" << m_result.exchange.errorString;
    closeConnection();
    m_parser.reset();
    emit finished(m_result);
    deleteLater();
}

HttpJob *HttpClient::start(const HttpRequestSpec &spec, std::function<void(const HttpResult &)> done,
                           QObject *parent) const
{
    auto *job = new HttpJob(m_policy, spec, parent);
    QObject::connect(job, &HttpJob::finished, job, [done = std::move(done)](const HttpResult &result) {
        if (done)
            done(result);
    });
    job->start();
    return job;
}

HttpResult HttpClient::run(const HttpRequestSpec &spec) const
{
    QEventLoop loop;
    HttpResult out;
    bool finished = false;
    start(spec, [&](const HttpResult &result) {
        out = result;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return out;
}

} // namespace cmic::net
