#include "HttpClient.h"

#include "HttpPolicy.h"
#include "NetLog.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

namespace cmic::net {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cmic::net", text); }

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

bool goesThroughProxy(const HttpPolicy &policy, const QUrl &url)
{
    QNetworkProxyFactory *factory = policy.manager()->proxyFactory();
    if (!factory)
        return false;
    const QList<QNetworkProxy> proxies = factory->queryProxy(QNetworkProxyQuery(url));
    return !proxies.isEmpty() && proxies.first().type() != QNetworkProxy::NoProxy
           && proxies.first().type() != QNetworkProxy::DefaultProxy;
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
        fix = tr("Correct the address in the registration or environment.");
        break;
    case NetErrorKind::ConnectionRefused:
        message = tr("%1 refused the connection: nothing listens on that port.").arg(where);
        fix =
            tr("Check the host and port in the URL, and that the server is running and reachable from this computer.");
        break;
    case NetErrorKind::HostNotFound:
        message = tr("The host name %1 could not be resolved.").arg(host);
        fix = tr(
            "Check the spelling of the host name, your DNS settings, and whether you need a VPN or proxy to reach it.");
        break;
    case NetErrorKind::Timeout:
        message = tr("%1 did not answer in time.").arg(where);
        fix =
            tr("Check that a firewall or proxy is not silently dropping the connection; set the proxy in the workspace "
               "settings if your network needs one, or try again later.");
        break;
    case NetErrorKind::TlsUnknownCa:
        message =
            tr("The TLS certificate of %1 was issued by a certificate authority this computer does not trust (%2).")
                .arg(host, detail);
        fix = tr("If your organisation uses its own CA (or a TLS-inspecting proxy), add its root certificate as a PEM "
                 "bundle in the workspace settings. Never turn verification off.");
        break;
    case NetErrorKind::TlsExpired:
        message = tr("The TLS certificate of %1 has expired or is not yet valid (%2).").arg(host, detail);
        fix = tr("Ask the server's owner to renew the certificate; also check this computer's date and time.");
        break;
    case NetErrorKind::TlsHostMismatch:
        message = tr("The TLS certificate presented by %1 is for a different host name (%2).").arg(host, detail);
        fix = tr("Use the host name the certificate was issued for, or have the certificate reissued to include %1.")
                  .arg(host);
        break;
    case NetErrorKind::TlsOther:
        message = tr("The TLS connection to %1 failed: %2.").arg(host, detail);
        fix = tr("Check that the server supports TLS 1.2 or later and presents a valid certificate chain.");
        break;
    case NetErrorKind::Proxy:
        message = tr("The proxy failed while connecting to %1: %2.").arg(host, detail);
        fix = tr("Check the proxy settings in the workspace (system, none or manual) and the proxy's credentials.");
        break;
    case NetErrorKind::Network:
        message = tr("The request to %1 failed: %2.").arg(where, detail);
        fix = tr("Check the network connection and the URL, then try again.");
        break;
    case NetErrorKind::HttpStatus:
        message = tr("%1 answered HTTP %2.").arg(where, detail);
        fix = tr("See the response in the exchange details for the server's reason.");
        break;
    case NetErrorKind::TooLarge:
        message = tr("The answer from %1 is larger than the allowed size (%2).").arg(where, detail);
        fix = tr("Check that the URL points at the intended endpoint (not a file download or a portal page).");
        break;
    case NetErrorKind::InsecureRedirect:
        message = tr("%1 redirected to %2, which is not https.").arg(where, detail);
        fix = tr("Use the final https address directly; redirects to plain http are never followed.");
        break;
    case NetErrorKind::TooManyRedirects:
        message = tr("%1 redirected too many times.").arg(where);
        fix = tr("Use the final address directly, or check for a redirect loop on the server or proxy.");
        break;
    case NetErrorKind::UnexpectedRedirect:
        message = tr("%1 answered with a redirect to %2; this request is never redirected.").arg(where, detail);
        fix = tr("Enter the final address (the redirect target, if you trust it) as the endpoint.");
        break;
    case NetErrorKind::BadJson:
        message = tr("%1 did not answer with valid JSON (%2).").arg(where, detail);
        fix = tr("Check that the URL points at the right endpoint; the exchange details show what came back.");
        break;
    case NetErrorKind::HtmlInsteadOfJson:
        message = tr("%1 answered with an HTML page instead of JSON.").arg(where);
        fix = tr("This is usually a proxy login page, a portal or a wrong URL; open the exchange details to see the "
                 "page, and check the URL and proxy settings.");
        break;
    case NetErrorKind::Cancelled:
        message = tr("The request to %1 was cancelled.").arg(where);
        fix = tr("Run the check again when you are ready.");
        break;
    }
    return {message, fix};
}

HttpJob::HttpJob(const HttpPolicy &policy, HttpRequestSpec spec, QObject *parent)
    : QObject(parent), m_policy(policy), m_spec(std::move(spec))
{
    m_currentUrl = m_spec.url;
}

HttpJob::~HttpJob()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

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

    sendRequest(m_spec.url);

    m_overallTimer = new QTimer(this);
    m_overallTimer->setSingleShot(true);
    connect(m_overallTimer, &QTimer::timeout, this, [this] { abortWith(NetErrorKind::Timeout); });
    m_overallTimer->start(m_policy.timeoutMs());
}

void HttpJob::sendRequest(const QUrl &url)
{
    m_currentUrl = url;
    QNetworkRequest request = m_policy.makeRequest(url, false);
    for (const auto &[name, value] : m_spec.headers)
        request.setRawHeader(name, value);
    QNetworkAccessManager *manager = m_policy.manager();
    QNetworkReply *reply = nullptr;
    if (m_spec.method == "GET")
        reply = manager->get(request);
    else if (m_spec.method == "POST")
        reply = manager->post(request, m_spec.body);
    else
        reply = manager->sendCustomRequest(request, m_spec.method, m_spec.body);
    m_reply = reply;

    connect(reply, &QNetworkReply::readyRead, this, &HttpJob::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &HttpJob::onFinished);
    connect(reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_tlsKind = classifySslErrors(errors, &m_tlsDetail); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (received > m_policy.maxResponseBytes() || total > m_policy.maxResponseBytes())
            abortWith(NetErrorKind::TooLarge, QLocale::c().formattedDataSize(m_policy.maxResponseBytes()));
    });
}

// Follows a GET redirect when the target is allowed; false (and the job aborted with the reason) otherwise.
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
    if (!allowed || !target.isValid()) {
        m_abortKind = NetErrorKind::InsecureRedirect;
        m_abortDetail = target.toDisplayString();
        return false;
    }
    qCDebug(lcNet) << "following redirect" << m_currentUrl << "->" << target;
    m_result.exchange.redirects.append(HttpExchange::maskUrl(target));
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->deleteLater();
    }
    m_reply = nullptr;
    m_body.clear();
    m_tlsKind = NetErrorKind::None;
    sendRequest(target);
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
    QNetworkReply *reply = m_reply.data();
    if (reply && reply->isRunning())
        reply->abort(); // emits finished() synchronously
    if (!m_finished)
        complete();
}

void HttpJob::onReadyRead()
{
    if (!m_reply)
        return;
    m_body += m_reply->readAll();
    if (m_body.size() > m_policy.maxResponseBytes())
        abortWith(NetErrorKind::TooLarge, QLocale::c().formattedDataSize(m_policy.maxResponseBytes()));
}

void HttpJob::onFinished()
{
    if (m_finished || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = m_reply->error();
    const QString errorString = m_reply->errorString();
    qCDebug(lcNet) << "reply finished" << networkError << errorString << status;
    if (m_abortKind == NetErrorKind::None)
        m_body += m_reply->readAll();
    const bool isRedirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (m_abortKind == NetErrorKind::None && isRedirect && m_spec.followRedirects && m_spec.method == "GET") {
        if (followRedirect(m_reply->rawHeader("Location")))
            return;
    }
    m_result.status = status;
    fillExchange();
    if (m_abortKind == NetErrorKind::None && m_body.size() > m_policy.maxResponseBytes()) {
        m_abortKind = NetErrorKind::TooLarge;
        m_abortDetail = QLocale::c().formattedDataSize(m_policy.maxResponseBytes());
    }
    if (m_abortKind == NetErrorKind::None && status == 0 && networkError != QNetworkReply::NoError) {
        m_result.exchange.errorString = errorString;
        switch (networkError) {
        case QNetworkReply::ConnectionRefusedError: m_abortKind = NetErrorKind::ConnectionRefused; break;
        case QNetworkReply::HostNotFoundError: m_abortKind = NetErrorKind::HostNotFound; break;
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError: // the transfer timeout; our own aborts set m_abortKind first
            m_abortKind = NetErrorKind::Timeout;
            break;
        case QNetworkReply::SslHandshakeFailedError:
            m_abortKind = m_tlsKind != NetErrorKind::None ? m_tlsKind : NetErrorKind::TlsOther;
            m_abortDetail = m_tlsDetail.isEmpty() ? errorString : m_tlsDetail;
            break;
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
        case QNetworkReply::ProxyAuthenticationRequiredError:
        case QNetworkReply::UnknownProxyError:
            m_abortKind = NetErrorKind::Proxy;
            m_abortDetail = errorString;
            break;
        case QNetworkReply::TooManyRedirectsError: m_abortKind = NetErrorKind::TooManyRedirects; break;
        case QNetworkReply::InsecureRedirectError: m_abortKind = NetErrorKind::InsecureRedirect; break;
        default:
            // Qt reports a proxy that refuses a CONNECT (403, 502, ...) as an unknown network error.
            m_abortKind = m_tlsKind != NetErrorKind::None            ? m_tlsKind
                          : goesThroughProxy(m_policy, m_currentUrl) ? NetErrorKind::Proxy
                                                                     : NetErrorKind::Network;
            m_abortDetail = m_tlsKind != NetErrorKind::None ? m_tlsDetail : errorString;
            break;
        }
    }
    complete();
}

void HttpJob::fillExchange()
{
    HttpExchange &exchange = m_result.exchange;
    exchange.status = m_result.status;
    exchange.url = HttpExchange::maskUrl(m_spec.url);
    exchange.elapsedMs = m_elapsed.elapsed();
    exchange.responseBytes = m_body.size();
    if (!m_reply)
        return;
    HeaderList headers;
    for (const auto &pair : m_reply->rawHeaderPairs())
        headers.append(pair);
    exchange.responseHeaders = HttpExchange::maskHeaders(headers);
    exchange.serverDate = parseHttpDate(m_reply->rawHeader("Date"));
    // Masked before it is cut: a token that straddles the cut must not leave its first part in the excerpt.
    exchange.responseBodyExcerpt = HttpExchange::maskJsonTokens(m_body).left(HttpExchange::kBodyExcerptBytes);
    if (m_spec.url.scheme() == QLatin1String("https")) {
        const QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
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
            detail = tr("empty body");
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
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
