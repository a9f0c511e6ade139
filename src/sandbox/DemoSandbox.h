#pragma once

#include "core/model/Workspace.h"
#include "core/storage/DemoFiles.h"

#include <QObject>
#include <QString>

#include <memory>

class QTemporaryDir;

namespace cmic {
class Clock;
class SecretRequest;
class SecretStore;
} // namespace cmic
namespace cmic::net {
class HttpPolicy;
}

namespace cmic::sandbox {

class CmicStandIn;
class DemoIdentityProvider;

struct DemoSandboxOptions
{
    bool tls = true; // HTTPS with a generated CA (the custom-CA path); false: plain HTTP on 127.0.0.1
    // Where the CA certificate (kSandboxCaFileName) is written; empty: a temporary folder removed on stop(). An
    // existing file there that is not an earlier sandbox's CA stops start() (sandboxCaTargetProblem).
    QString folder;
};

// One secret of the demo workspace, under the SecretStore key the console reads it from.
struct DemoSecret
{
    QString key;   // SecretStore::key(workspaceId, registrationId, kind)
    QString value; // a demo client secret or a PEM private key: meaningful only to this sandbox
};

// Both demo servers and the workspace that points at them: what `cmic-oauth-console --demo` and
// `cmic-oauth sandbox` run so an admin can walk the whole flow on one machine.
//
//     DemoSandbox sandbox(Clock::system());
//     if (!sandbox.start({}, &error)) ...;
//     Workspace ws = sandbox.workspace();         // environment, service user, three registrations
//     sandbox.storeSecrets(memorySecretStore);    // client secrets / private key for those registrations
//
// Registrations: "Demo app (client_secret_basic)" — its secret has +/=&% in it on purpose —,
// "Demo app (client_secret_post)", "Demo app (private_key_jwt)". Service user SVC_DEMO, claim cmicuser,
// Enterprise deployment, IP check on, probe endpoint /sys-rest-api/rest/1/sdcompanyaccess.
class DemoSandbox : public QObject
{
    Q_OBJECT
public:
    explicit DemoSandbox(const Clock &clock, QObject *parent = nullptr);
    ~DemoSandbox() override;

    bool start(const DemoSandboxOptions &options, QString *error = nullptr);
    void stop();
    bool isRunning() const { return m_running; }

    Workspace workspace() const;
    QList<DemoSecret> secrets() const;
    // Writes secrets() to |store| (asynchronously, as SecretStore does); returns the writes started, one request
    // each (connect to them to wait for the answers).
    QList<SecretRequest *> storeSecrets(SecretStore &store) const;
    QString caBundlePath() const { return m_caPath; }

    DemoIdentityProvider *identityProvider() const { return m_idp.get(); }
    CmicStandIn *cmic() const { return m_cmic.get(); }

    static inline const QString kWorkspaceId = kDemoWorkspaceId; // core decides what a demo workspace is
    static inline const QString kEnvironmentId = QStringLiteral("demo-environment");
    static inline const QString kServiceUserId = QStringLiteral("demo-service-user");
    static inline const QString kBasicId = QStringLiteral("demo-registration-basic");
    static inline const QString kPostId = QStringLiteral("demo-registration-post");
    static inline const QString kJwtId = QStringLiteral("demo-registration-jwt");
    static inline const QString kProbePath = QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess");

private:
    const Clock &m_clock;
    std::unique_ptr<net::HttpPolicy> m_policy; // the stand-in's own client (it fetches the JWKS like CMiC)
    std::unique_ptr<DemoIdentityProvider> m_idp;
    std::unique_ptr<CmicStandIn> m_cmic;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_caPath;
    QString m_basicSecret;
    QString m_postSecret;
    QByteArray m_clientKeyPem;
    bool m_running = false;
};

} // namespace cmic::sandbox
