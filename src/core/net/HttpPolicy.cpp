#include "HttpPolicy.h"

#include "ConnectionPool.h"

#include "CaBundle.h"
#include "NetLog.h"
#include "cmic/Version.h"
#include "core/model/Workspace.h"
#include "core/rules/SettingsRules.h"
#include "core/util/BoundedFile.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>

namespace cmic::net {

namespace {

// System or explicit proxy, but never for loopback: the sandbox and local test servers must be reached directly.
class PolicyProxyFactory final : public QNetworkProxyFactory
{
public:
    PolicyProxyFactory(ProxyMode mode, QNetworkProxy proxy) : m_mode(mode), m_proxy(std::move(proxy)) {}

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (HttpPolicy::isLoopbackHost(query.peerHostName()) || m_mode == ProxyMode::None)
            return {QNetworkProxy(QNetworkProxy::NoProxy)};
        if (m_mode == ProxyMode::Manual)
            return {m_proxy};
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }

private:
    ProxyMode m_mode;
    QNetworkProxy m_proxy;
};

} // namespace

HttpPolicy::HttpPolicy(const Clock *clock)
    : m_clock(clock ? clock : &Clock::system()), m_pool(std::make_unique<ConnectionPool>())
{
    setProxy(ProxyMode::System);
}

HttpPolicy::~HttpPolicy() = default;

void HttpPolicy::setReuseConnections(bool reuse)
{
    m_reuseConnections = reuse;
    m_pool->clear();
}

ConnectionPool *HttpPolicy::connectionPool() const { return m_reuseConnections ? m_pool.get() : nullptr; }

void HttpPolicy::setMaxResponseBytes(qint64 bytes)
{
    m_limits.maxBodyBytes = bytes;
    // Room for framing: a 1 MiB body in small chunks is a few times larger on the wire; no more than that.
    m_limits.maxWireBytes = bytes > (qint64(1) << 40) / 8 ? bytes : 4 * bytes + m_limits.maxHeadBytes;
}

bool HttpPolicy::setExtraCaBundlePem(const QByteArray &pem, QString *error)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty()) {
        if (error) {
            *error = QCoreApplication::translate("cmic::net",
                                                 "The CA bundle holds no PEM certificate. Export your "
                                                 "organisation's root CA as Base-64 (PEM) and choose that file.");
        }
        return false;
    }
    m_extraCas = certificates;
    m_pool->clear(); // a connection made under the old trust anchors is not trusted under the new ones
    return true;
}

bool HttpPolicy::loadExtraCaBundle(const QString &path, QString *error)
{
    // The path comes from a workspace file, maybe a colleague's: a pipe or a device there is refused unread.
    QByteArray pem;
    const BoundedRead read = readRegularFile(path, kMaxCaBundleBytes, &pem);
    if (!read.ok()) {
        if (error) {
            *error = QCoreApplication::translate("cmic::net", "Cannot read the CA bundle: %1. Check the path in %2.")
                         .arg(describeReadProblem(read, path, kMaxCaBundleBytes),
                              settingPlace(QLatin1String(settingsField::kCaBundlePath)));
        }
        return false;
    }
    return setExtraCaBundlePem(pem, error);
}

bool HttpPolicy::setProxy(ProxyMode mode, const QUrl &proxyUrl, QString *error)
{
    QNetworkProxy proxy(QNetworkProxy::NoProxy);
    if (mode == ProxyMode::Manual) {
        if (!proxyUrl.isValid() || proxyUrl.host().isEmpty() || proxyUrl.port() <= 0) {
            if (error) {
                *error = QCoreApplication::translate("cmic::net", "The proxy URL '%1' is not usable. Enter it as "
                                                                  "http://host:port, e.g. http://proxy:3128.")
                             .arg(proxyUrl.toDisplayString());
            }
            return false;
        }
        const auto type = proxyUrl.scheme().startsWith(QLatin1String("socks")) ? QNetworkProxy::Socks5Proxy
                                                                               : QNetworkProxy::HttpProxy;
        proxy =
            QNetworkProxy(type, proxyUrl.host(), quint16(proxyUrl.port()), proxyUrl.userName(), proxyUrl.password());
    }
    m_proxyMode = mode;
    m_proxyFactory = std::make_unique<PolicyProxyFactory>(mode, proxy);
    m_pool->clear();
    return true;
}

QString HttpPolicy::resolveCaBundlePath(const QString &caBundlePath, const QString &workspaceFilePath)
{
    if (caBundlePath.isEmpty())
        return {};
    if (QDir::isAbsolutePath(caBundlePath) || workspaceFilePath.isEmpty())
        return QDir::cleanPath(QDir().absoluteFilePath(caBundlePath));
    return QDir::cleanPath(QFileInfo(workspaceFilePath).absoluteDir().absoluteFilePath(caBundlePath));
}

bool HttpPolicy::applySettings(const WorkspaceSettings &settings, const QString &workspaceFilePath, QString *error)
{
    QStringList problems;
    QString problem;
    m_extraCas.clear();
    m_pool->clear();
    m_curlOptions = CurlOptions::fromSettings(settings, workspaceFilePath);
    if (!settings.caBundlePath.isEmpty()
        && !loadExtraCaBundle(resolveCaBundlePath(settings.caBundlePath, workspaceFilePath), &problem))
        problems << problem;
    if (!setProxy(settings.proxyMode, QUrl(settings.proxyUrl), &problem)) {
        problems << problem;
        setProxy(ProxyMode::System);
    }
    if (error)
        *error = problems.join(QLatin1Char(' '));
    return problems.isEmpty();
}

QSslConfiguration HttpPolicy::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (!m_extraCas.isEmpty())
        configuration.addCaCertificates(m_extraCas);
    return configuration;
}

QNetworkProxy HttpPolicy::proxyFor(const QUrl &url) const
{
    const QList<QNetworkProxy> proxies = m_proxyFactory->queryProxy(QNetworkProxyQuery(url));
    for (const QNetworkProxy &proxy : proxies) {
        switch (proxy.type()) {
        case QNetworkProxy::NoProxy:
        case QNetworkProxy::DefaultProxy: return QNetworkProxy(QNetworkProxy::NoProxy);
        case QNetworkProxy::Socks5Proxy:
        case QNetworkProxy::HttpProxy: return proxy;
        case QNetworkProxy::HttpCachingProxy: {
            // A socket cannot use a caching proxy; the same proxy tunnels with CONNECT.
            QNetworkProxy tunnel = proxy;
            tunnel.setType(QNetworkProxy::HttpProxy);
            return tunnel;
        }
        case QNetworkProxy::FtpCachingProxy: break;
        }
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

QByteArray HttpPolicy::userAgent() { return QByteArrayLiteral("cmic-oauth-console/" CMIC_VERSION); }

bool HttpPolicy::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    QHostAddress address;
    if (!address.setAddress(host))
        return false;
    return address.isLoopback();
}

QString HttpPolicy::checkUrl(const QUrl &url) const
{
    if (!url.isValid() || url.host().isEmpty()) {
        return QCoreApplication::translate("cmic::net", "'%1' is not a valid URL. Enter a full address such as "
                                                        "https://login.example.com/...")
            .arg(url.toDisplayString());
    }
    if (url.scheme() == QLatin1String("https"))
        return {};
    if (url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))
        return {};
    return QCoreApplication::translate("cmic::net", "%1 does not use https. Only https is allowed (plain http only on "
                                                    "this computer's loopback address); use the https address.")
        .arg(url.toDisplayString());
}

} // namespace cmic::net
