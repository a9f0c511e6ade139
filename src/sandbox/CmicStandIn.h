#pragma once

#include "core/model/Environment.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class QSslConfiguration;

namespace cmic {
class Clock;
}
namespace cmic::net {
class HttpPolicy;
class JwksCache;
} // namespace cmic::net

namespace cmic::sandbox {

class SandboxHttpServer;
struct SandboxRequest;
struct SandboxResponse;

// A row of CMiC API Security's app registrations (table da.sdapi_app_registration_tn).
struct StandInRegistration
{
    QString appId;           // APIIA_APPLICATION_ID
    QString issuer;          // APIIA_ISSUER_URI, compared exactly
    QUrl jwksUri;            // APIIA_JWKS_URI
    QString serviceUsername; // after Patch 22: the service user set on the registration (empty: none)
};

struct StandInUser
{
    QString username;      // CMiC username, e.g. SVC_INTEGRATION
    QString emailUsername; // Cloud: unique username in e-mail form
    bool valid = true;     // exists and may sign in
    QStringList roles;     // API Security roles
};

struct StandInConfig
{
    // The CMiC OAuth filter settings: deployment, tenant, claim name, remove-domain, IP check.
    Environment environment;
    int patchLevel = 22;
    QString environmentPath = QStringLiteral("cmicdemo"); // first path segment, like cmicprod
    QList<StandInRegistration> registrations;
    QList<StandInUser> users;
    // API Security: resource name (last path segment, e.g. "sdcompanyaccess") -> roles granted GET on it.
    // When empty, no role exists and every endpoint is open (as in CMiC).
    QMap<QString, QStringList> endpointRoles;
};

// Answers like CMiC's OAuth filter and ADF BC REST (per ../shared/spec/cmic-api-facts.md): 401 for a missing
// bearer, bad signature, missing claim, expired token or failed IP check; 500 with an error reference for an
// unregistered application or unloadable JWKS; 403 with a security message for an API Security role denial;
// an ADF collection on success. Signatures are checked by cmic::jose against the registration's JWKS URI,
// fetched over HTTP like CMiC does.
class CmicStandIn : public QObject
{
    Q_OBJECT
public:
    CmicStandIn(const Clock &clock, const net::HttpPolicy &policy, QObject *parent = nullptr);
    ~CmicStandIn() override;

    bool start(const QSslConfiguration *tls = nullptr, QString *error = nullptr);
    void stop();

    void setConfig(const StandInConfig &config) { m_config = config; }
    StandInConfig &config() { return m_config; }

    QString apiBaseUrl() const; // e.g. http://127.0.0.1:port/cmicdemo
    int requests() const { return m_requests; }
    QString lastErrorReference() const { return m_lastErrorReference; }
    SandboxHttpServer *server() const { return m_server.get(); }

private:
    void handle(const SandboxRequest &request, const std::function<void(const SandboxResponse &)> &respond);
    SandboxResponse afterSignature(const SandboxRequest &request, const QJsonObject &claims,
                                   const StandInRegistration &registration);
    SandboxResponse serverError(const QString &logMessage);
    SandboxResponse collection(const SandboxRequest &request, const QString &resource) const;

    const Clock &m_clock;
    std::unique_ptr<net::JwksCache> m_jwks;
    std::unique_ptr<SandboxHttpServer> m_server;
    StandInConfig m_config;
    int m_requests = 0;
    int m_references = 0;
    QString m_lastErrorReference;
};

// A 401 answer as CMiC gives it (for the tests' expectations).
QByteArray standInUnauthorizedHeader(const QString &error, const QString &description);

} // namespace cmic::sandbox
