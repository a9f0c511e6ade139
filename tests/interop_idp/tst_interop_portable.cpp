// The round trip a server admin makes with a real IdP (issue 11): export the portable config of a registration
// whose IdP is node oidc-provider (a certified OpenID Provider), then, with only that file and an environment
// variable, `cmic-oauth validate exported.json --secret-env VAR` proves the setup: discovery, a client-credentials
// token with client_secret_basic, its local verification, and the call to a CMiC stand-in that trusts
// oidc-provider's issuer and JWKS and runs the call as the token's cmicuser.
#include "CliRun.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"
#include "sandbox/CmicStandIn.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::sandbox;

namespace {

const QString kClientId = QStringLiteral("portable-basic");
// Characters that break Basic authentication unless form-encoded first (RFC 6749, section 2.3.1).
const QString kSecret = QStringLiteral("p0rt+able/s=cr&t%");
const QString kUser = QStringLiteral("SVC_PORTABLE");
const QString kProbe = QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess");

QString explain(const cmic::test::CliRun &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(6000)), QString::fromUtf8(r.err.left(3000)));
}

} // namespace

class TestInteropPortable : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_node;
    QString m_issuer;
    net::HttpPolicy m_policy;
    std::unique_ptr<CmicStandIn> m_cmic;

    Workspace workspace() const
    {
        Workspace w;
        w.id = Workspace::newId();
        Environment e;
        e.id = Workspace::newId();
        e.name = QStringLiteral("Stand-in trusting oidc-provider");
        e.deployment = Deployment::Enterprise;
        e.apiBaseUrl = m_cmic->apiBaseUrl();
        e.userSource = UserSource::TokenClaim;
        e.ipCheck = false; // oidc-provider puts no ipaddr claim in its tokens; the stand-in's check is off too
        e.patchLevel = 22;
        e.probeEndpoints = {kProbe};
        w.environments << e;
        ServiceUser u;
        u.id = Workspace::newId();
        u.username = kUser;
        u.displayName = QStringLiteral("Portable round trip");
        u.dedicatedConfirmed = true;
        w.serviceUsers << u;
        AppRegistration r;
        r.id = QStringLiteral("portable-round-trip");
        r.name = QStringLiteral("Integration server (oidc-provider)");
        r.environmentId = e.id;
        r.idpPreset = QStringLiteral("generic");
        r.appId = kClientId;
        r.issuer = m_issuer;
        r.discoveryUrl = m_issuer + QStringLiteral("/.well-known/openid-configuration");
        r.tokenEndpoint = m_issuer + QStringLiteral("/token");
        r.jwksUri = m_issuer + QStringLiteral("/jwks");
        r.scope = QStringLiteral("cmic.read");
        r.audience = QStringLiteral("urn:cmic:api");
        r.authMethod = ClientAuthMethod::ClientSecretBasic;
        r.serviceUserId = u.id;
        w.registrations << r;
        return w;
    }

    QString exportPortable(const QString &name)
    {
        const Workspace w = workspace();
        const Exporter *exporter = ExporterRegistry::instance().find(QStringLiteral("portable-config"));
        if (!exporter)
            return {};
        const ExportResult result = exporter->render(w, w.registrations.constFirst());
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (result.content.isEmpty() || result.containsSecret || !file.open(QIODevice::WriteOnly))
            return {};
        file.write(result.content);
        return path;
    }

    cmic::test::CliRun validate(const QString &path, const QString &secret, const QStringList &extra = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("VAR"), secret);
        return cmic::test::runCliProcess(
            QStringLiteral(CMIC_CLI_PATH),
            QStringList{QStringLiteral("validate"), path, QStringLiteral("--secret-env"), QStringLiteral("VAR")}
                + extra,
            {}, env);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString source = qEnvironmentVariable("CMIC_SOURCE_DIR");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString interop = QDir(source).filePath(QStringLiteral("tests/interop"));
        if (node.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(
                QStringLiteral("Node.js is not installed (needed to run oidc-provider); install Node.js 20 or newer."));
        if (!QFile::exists(interop + QStringLiteral("/node_modules/oidc-provider/package.json")))
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("oidc-provider is not installed; run 'npm ci' in tests/interop."));

        const QJsonObject config{
            {QStringLiteral("clients"), QJsonArray{QJsonObject{{QStringLiteral("client_id"), kClientId},
                                                               {QStringLiteral("client_secret"), kSecret},
                                                               {QStringLiteral("token_endpoint_auth_method"),
                                                                QStringLiteral("client_secret_basic")}}}},
            {QStringLiteral("cmicuser"), kUser}};
        const QString configPath = m_dir.filePath(QStringLiteral("idp.json"));
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(config).toJson());
        file.close();
        m_node.setProgram(node);
        m_node.setArguments({interop + QStringLiteral("/idp-oidc-provider.mjs"), configPath});
        m_node.start();
        QVERIFY2(m_node.waitForStarted(10000), qPrintable(m_node.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(m_node.canReadLine() || m_node.state() != QProcess::Running, 20000);
        m_issuer = QJsonDocument::fromJson(m_node.readLine()).object().value(QLatin1String("issuer")).toString();
        QVERIFY2(!m_issuer.isEmpty(), m_node.readAllStandardError().constData());

        // CMiC's side: the app registration row and the user, as the registration sheet told the CMiC admin.
        m_cmic = std::make_unique<CmicStandIn>(Clock::system(), m_policy);
        StandInConfig &cmic = m_cmic->config();
        cmic.filter.ipCheck = false;
        cmic.registrations = {{kClientId, m_issuer, QUrl(m_issuer + QStringLiteral("/jwks")), {}}};
        cmic.users = {StandInUser{kUser, {}, true, {}}};
        cmic.endpointRoles.clear();
        QString error;
        QVERIFY2(m_cmic->start(nullptr, &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        if (m_cmic)
            m_cmic->stop();
        if (m_node.state() == QProcess::Running) {
            m_node.closeWriteChannel(); // the script exits when its stdin closes
            if (!m_node.waitForFinished(5000))
                m_node.kill();
        }
    }

    void exportedConfigValidatesAgainstOidcProvider()
    {
        const QString path = exportPortable(QStringLiteral("server.cmic-oauth-portable.json"));
        QVERIFY(!path.isEmpty());
        const int before = m_cmic->requests();
        const cmic::test::CliRun r = validate(path, kSecret, {QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(!report.isEmpty(), qPrintable(explain(r)));
        QCOMPARE(report.value(QLatin1String("verdict")).toObject().value(QLatin1String("outcome")).toString(),
                 QStringLiteral("passed"));
        QVERIFY2(r.out.contains(kUser.toUtf8()), qPrintable(explain(r))); // who CMiC ran the call as
        QVERIFY(m_cmic->requests() > before);                             // CMiC was really called
        QVERIFY(!r.out.contains(kSecret.toUtf8()) && !r.err.contains(kSecret.toUtf8()));
    }

    // The same file with the wrong secret: oidc-provider refuses the client, and the verdict names the IdP layer.
    void wrongSecretFailsAtTheToken()
    {
        const QString path = exportPortable(QStringLiteral("wrong.cmic-oauth-portable.json"));
        QVERIFY(!path.isEmpty());
        const cmic::test::CliRun r = validate(path, kSecret + QStringLiteral("x"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("invalid_client"), qPrintable(explain(r)));
    }
};

QTEST_GUILESS_MAIN(TestInteropPortable)
#include "tst_interop_portable.moc"
