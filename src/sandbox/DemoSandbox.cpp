#include "DemoSandbox.h"

#include "CmicStandIn.h"
#include "DemoIdentityProvider.h"
#include "SandboxTls.h"

#include "core/net/HttpPolicy.h"
#include "core/net/JwtSigner.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QUuid>

namespace cmic::sandbox {

namespace {

QString randomSecret(const QString &tail)
{
    // Fresh per run; the tail keeps the characters that break naive Basic authentication.
    return QUuid::createUuid().toString(QUuid::Id128).left(16) + tail;
}

} // namespace

DemoSandbox::DemoSandbox(const Clock &clock, QObject *parent) : QObject(parent), m_clock(clock) {}

DemoSandbox::~DemoSandbox() { stop(); }

bool DemoSandbox::start(const DemoSandboxOptions &options, QString *error)
{
    stop();
    m_policy = std::make_unique<net::HttpPolicy>();
    m_idp = std::make_unique<DemoIdentityProvider>(m_clock);
    m_cmic = std::make_unique<CmicStandIn>(m_clock, *m_policy);

    std::optional<QSslConfiguration> tls;
    if (options.tls) {
        QString folder = options.folder;
        if (folder.isEmpty()) {
            m_tempDir = std::make_unique<QTemporaryDir>();
            if (!m_tempDir->isValid()) {
                if (error)
                    *error = QCoreApplication::translate("cmic::sandbox", "Cannot create a temporary folder for the "
                                                                          "sandbox CA: %1.")
                                 .arg(m_tempDir->errorString());
                return false;
            }
            folder = m_tempDir->path();
        }
        const auto material = TlsMaterial::generate(folder, LeafProblem::None, error);
        if (!material)
            return false;
        m_caPath = material->caPemPath;
        tls = material->serverConfiguration();
        if (!m_policy->setExtraCaBundlePem(material->caPem, error))
            return false;
    }
    if (!m_idp->start(tls ? &*tls : nullptr, error) || !m_cmic->start(tls ? &*tls : nullptr, error)) {
        stop();
        return false;
    }

    m_basicSecret = randomSecret(QStringLiteral("+/with=chars&%"));
    m_postSecret = randomSecret(QStringLiteral("-post"));
    const net::JwtSigner clientKey = net::JwtSigner::generateRsa(2048);
    m_clientKeyPem = clientKey.privateKeyPem();
    m_idp->addClient({QStringLiteral("demo-basic"),
                      ClientAuthMethod::ClientSecretBasic,
                      m_basicSecret,
                      {},
                      QStringLiteral("SVC_DEMO"),
                      {},
                      {},
                      true});
    m_idp->addClient({QStringLiteral("demo-post"),
                      ClientAuthMethod::ClientSecretPost,
                      m_postSecret,
                      {},
                      QStringLiteral("SVC_DEMO"),
                      {},
                      {},
                      true});
    m_idp->addClient({QStringLiteral("demo-jwt"),
                      ClientAuthMethod::PrivateKeyJwt,
                      {},
                      clientKey.publicJwk(QStringLiteral("demo-client-key"), QStringLiteral("RS256")),
                      QStringLiteral("SVC_DEMO"),
                      {},
                      {},
                      true});

    StandInConfig &config = m_cmic->config();
    config.filter.deployment = Deployment::Enterprise;
    config.filter.ipCheck = true;
    config.patchLevel = 22;
    config.registrations.clear();
    for (const QString &appId : {QStringLiteral("demo-basic"), QStringLiteral("demo-post"), QStringLiteral("demo-jwt")})
        config.registrations.append({appId, m_idp->issuer(), m_idp->jwksUri(), {}});
    config.users = {{QStringLiteral("SVC_DEMO"), {}, true, {QStringLiteral("DEMO_API_READ")}}};
    config.endpointRoles = {{QStringLiteral("sdcompanyaccess"), {QStringLiteral("DEMO_API_READ")}}};
    m_running = true;
    return true;
}

void DemoSandbox::stop()
{
    if (m_cmic)
        m_cmic->stop();
    if (m_idp)
        m_idp->stop();
    m_cmic.reset();
    m_idp.reset();
    m_policy.reset();
    m_tempDir.reset();
    m_caPath.clear();
    m_running = false;
}

Workspace DemoSandbox::workspace() const
{
    Workspace workspace;
    workspace.id = kWorkspaceId;
    if (!m_running)
        return workspace;
    workspace.settings.caBundlePath = m_caPath;

    Environment environment;
    environment.id = kEnvironmentId;
    environment.name = QStringLiteral("Demo CMiC (sandbox)");
    environment.deployment = Deployment::Enterprise;
    environment.apiBaseUrl = m_cmic->apiBaseUrl();
    environment.userSource = UserSource::TokenClaim;
    environment.ipCheck = true;
    environment.patchLevel = m_cmic->config().patchLevel; // the demo workspace describes the stand-in as it is
    environment.probeEndpoints = {kProbePath};
    workspace.environments.append(environment);

    ServiceUser user;
    user.id = kServiceUserId;
    user.username = QStringLiteral("SVC_DEMO");
    user.displayName = QStringLiteral("Demo integration service user");
    user.dedicatedConfirmed = true;
    workspace.serviceUsers.append(user);

    const struct
    {
        QString id;
        QString name;
        QString appId;
        ClientAuthMethod method;
    } rows[] = {
        {kBasicId, QStringLiteral("Demo app (client_secret_basic)"), QStringLiteral("demo-basic"),
         ClientAuthMethod::ClientSecretBasic},
        {kPostId, QStringLiteral("Demo app (client_secret_post)"), QStringLiteral("demo-post"),
         ClientAuthMethod::ClientSecretPost},
        {kJwtId, QStringLiteral("Demo app (private_key_jwt)"), QStringLiteral("demo-jwt"),
         ClientAuthMethod::PrivateKeyJwt},
    };
    for (const auto &row : rows) {
        AppRegistration registration;
        registration.id = row.id;
        registration.name = row.name;
        registration.environmentId = kEnvironmentId;
        registration.idpPreset = QStringLiteral("generic");
        registration.appId = row.appId;
        registration.issuer = m_idp->issuer();
        registration.jwksUri = m_idp->jwksUri().toString();
        registration.tokenEndpoint = m_idp->tokenEndpoint().toString();
        registration.discoveryUrl = m_idp->discoveryUrl().toString();
        registration.audience = m_idp->defaultAudience();
        registration.authMethod = row.method;
        registration.serviceUserId = kServiceUserId;
        registration.secretExpiry = m_clock.now().date().addYears(1);
        registration.notes = QStringLiteral("Runs against the local sandbox; nothing leaves this computer.");
        workspace.registrations.append(registration);
    }
    return workspace;
}

QList<DemoSecret> DemoSandbox::secrets() const
{
    if (!m_running)
        return {};
    return {
        {credentialKey(kWorkspaceId, kBasicId, CredentialKind::ClientSecret), m_basicSecret},
        {credentialKey(kWorkspaceId, kPostId, CredentialKind::ClientSecret), m_postSecret},
        {credentialKey(kWorkspaceId, kJwtId, CredentialKind::PrivateKey), QString::fromLatin1(m_clientKeyPem)},
    };
}

QList<SecretRequest *> DemoSandbox::storeSecrets(SecretStore &store) const
{
    QList<SecretRequest *> requests;
    for (const DemoSecret &secret : secrets())
        requests << store.write(secret.key, secret.value);
    return requests;
}

} // namespace cmic::sandbox
