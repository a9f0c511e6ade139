// The demo sandbox end to end, as --demo uses it: HTTPS with its own CA, a workspace that points at both
// servers, and secrets under the keys the console reads; every registration gets a token CMiC accepts.
#include "core/net/CmicProbe.h"
#include "core/net/HttpPolicy.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoSandbox.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::net;
using namespace cmic::sandbox;

class TestDemoSandbox : public QObject
{
    Q_OBJECT

private slots:
    void wholeFlowWorksForEveryRegistration_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("https with sandbox CA") << true;
        QTest::newRow("plain loopback") << false;
    }

    void wholeFlowWorksForEveryRegistration()
    {
        QFETCH(bool, tls);
        QTemporaryDir dir;
        DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({tls, dir.path()}, &error), qPrintable(error));
        const Workspace workspace = sandbox.workspace();
        QCOMPARE(workspace.registrations.size(), 3);
        QCOMPARE(workspace.environments.size(), 1);
        QCOMPARE(workspace.settings.caBundlePath.isEmpty(), !tls);

        // The workspace survives the file format (no secrets inside).
        const QByteArray bytes = WorkspaceFile::serialize(workspace);
        for (const DemoSecret &secret : sandbox.secrets())
            QVERIFY(!bytes.contains(secret.value.left(40).toUtf8()));
        Workspace reread;
        QVERIFY(WorkspaceFile::parse(bytes, &reread).ok());
        QCOMPARE(reread, workspace);

        HttpPolicy policy;
        QVERIFY2(policy.applySettings(workspace.settings, QString(), &error), qPrintable(error));
        if (tls) {
            QCOMPARE(policy.extraCaCertificates().size(), 1);
            QVERIFY(workspace.environments.first().apiBaseUrl.startsWith(QLatin1String("https://")));
        }
        TokenClient tokens(policy, Clock::system());
        QMap<QString, QString> secrets;
        for (const DemoSecret &secret : sandbox.secrets())
            secrets.insert(secret.key, secret.value);

        for (const AppRegistration &registration : workspace.registrations) {
            const DiscoveryResult discovery = OidcDiscovery(policy).fetchBlocking(
                QUrl(registration.discoveryUrl), registration.issuer, registration.jwksUri);
            QVERIFY2(discovery.ok && discovery.findings.isEmpty(), qPrintable(registration.name));

            const bool usesKey = registration.authMethod == ClientAuthMethod::PrivateKeyJwt;
            const QString credential = secrets.value(
                SecretStore::key(workspace.id, registration.id,
                                 usesKey ? QStringLiteral("private-key") : QStringLiteral("client-secret")));
            const TokenRequest request = TokenRequest::forRegistration(registration, SecretBuffer(credential));
            QCOMPARE(request.tokenEndpoint, discovery.metadata.tokenEndpoint);
            const TokenResponse token = tokens.requestBlocking(request);
            QVERIFY2(token.ok, qPrintable(registration.name + QLatin1String(": ")
                                          + (token.findings.isEmpty() ? QString() : token.findings.first().message)));

            const Environment &environment = workspace.environments.first();
            const ProbeResult probe = CmicProbe(policy).probeBlocking(
                CmicProbe::probeUrl(environment.apiBaseUrl, environment.probeEndpoints.first()), token.accessToken,
                registration.id);
            QVERIFY2(probe.ok,
                     qPrintable(registration.name + QLatin1String(": HTTP ") + QString::number(probe.status)));
            QCOMPARE(probe.summary.itemCount, 1);
            if (tls)
                QCOMPARE(probe.http.exchange.peerSubject, QStringLiteral("localhost"));
        }
    }

    // The demo workspace describes the CMiC stand-in as it is configured, patch level included, so the rules
    // that follow the patch level judge the demo as the stand-in answers.
    void demoEnvironmentHasTheStandInsPatchLevel()
    {
        DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({false, {}}, &error), qPrintable(error));
        QCOMPARE(sandbox.workspace().environments.size(), 1);
        QCOMPARE(sandbox.workspace().environments.first().patchLevel, sandbox.cmic()->config().patchLevel);
        QVERIFY(sandbox.workspace().environments.first().patchLevel > 0);
    }

    void stopReleasesPortsAndWorkspaceIsEmpty()
    {
        DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({false, {}}, &error), qPrintable(error));
        QVERIFY(sandbox.isRunning());
        sandbox.stop();
        QVERIFY(!sandbox.isRunning());
        QVERIFY(sandbox.workspace().registrations.isEmpty());
        QVERIFY(sandbox.secrets().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDemoSandbox)
#include "tst_demosandbox.moc"
