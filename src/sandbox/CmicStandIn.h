#pragma once

#include "core/model/ModelEnums.h"

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

// CMiC's OAuth filter settings (cmicapp.properties on Enterprise; CMiC's own on Cloud). The stand-in's, not the
// console's: the console's Environment describes them, and may describe them wrongly.
struct StandInFilter
{
    Deployment deployment = Deployment::Enterprise;
    QString cloudTenant;                            // Cloud: the tenant of tenant||username
    QString claimName = QStringLiteral("cmicuser"); // cmic.oauth2.user.claim.name
    bool removeDomainFromUser = false;              // cmic.oauth2.remove.domainFromUser
    bool ipCheck = true;                            // cmic.oauth2.ipcheck.enabled
    // guess (cmic-api-facts.md): from Patch 20 a client-credentials token without ipaddr may pass the IP check.
    // The stand-in refuses it by default, as the documented check does; true plays a CMiC that lets it through.
    bool missingIpaddrPasses = false;
};

// The stand-in's own CMiC-side configuration: seeded by DemoSandbox to match the demo workspace, changed only through
// the sandbox (its API here, `cmic-oauth sandbox` options, the console's Demo menu), never from the workspace.
struct StandInConfig
{
    StandInFilter filter;
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

// Changes one setting of the stand-in's CMiC side from "KEY=VALUE" (`cmic-oauth sandbox --cmic KEY=VALUE`,
// `cmic-oauth-console --demo --cmic KEY=VALUE`), so the demo can show what a CMiC that differs from the workspace
// answers. Keys: patch=N, ip-check=on|off, missing-ipaddr=refuse|pass, claim=NAME, remove-domain=on|off,
// deployment=enterprise|cloud, tenant=NAME, issuer=URL (every registration), jwks-uri=URL (every registration),
// user=NAME (the one valid CMiC user, keeping the first user's roles), roles=open (no API Security role exists).
// False with *error (translated, says what to type) for an unknown key or a bad value; |config| is then unchanged.
bool applyStandInSetting(StandInConfig &config, const QString &keyValue, QString *error);
QStringList standInSettingKeys();

// A 401 answer as CMiC gives it (for the tests' expectations).
QByteArray standInUnauthorizedHeader(const QString &error, const QString &description);

} // namespace cmic::sandbox
