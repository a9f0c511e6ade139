// What `cmic-oauth-console --demo` does: the sandbox servers start, the main window opens their workspace with the
// demo secrets in a session-only store, and that workspace really works: each registration gets a token from the
// demo IdP with the secret the window holds, and the CMiC stand-in answers 200 to the probe with it.
#include "core/net/CmicProbe.h"
#include "core/net/HttpPolicy.h"
#include "core/net/TokenClient.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "gui/MainWindow.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace cmic;

class TestDemoSandboxWindow : public QObject
{
    Q_OBJECT

private:
    // Reads |key| from |store| and waits for the answer.
    static QString readSecret(SecretStore &store, const QString &key)
    {
        QString secret;
        bool arrived = false;
        QObject context;
        QObject::connect(store.read(key), &SecretRequest::finished, &context, [&](SecretRequest *request) {
            arrived = true;
            if (request->status() == SecretStore::Status::Ok)
                secret = request->secret().toString();
        });
        for (int waited = 0; waited < 50 && !arrived; ++waited)
            QTest::qWait(100);
        return secret;
    }

private slots:
    void demoWorkspaceObtainsTokensAndCmicAccepts()
    {
        sandbox::DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({}, &error), qPrintable(error));

        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY(window.loadSandbox(sandbox));
        const Workspace &ws = window.document()->workspace();
        QCOMPARE(ws.registrations.size(), 3);
        QVERIFY(window.document()->filePath().isEmpty()); // untitled: Save asks where
        QVERIFY(window.statusBar()->currentMessage().contains(sandbox.identityProvider()->issuer()));

        net::HttpPolicy policy;
        QVERIFY2(policy.applySettings(ws.settings, QString(), &error), qPrintable(error)); // the sandbox's own CA
        net::TokenClient tokens(policy, Clock::system());
        tokens.setCacheEnabled(false);
        net::CmicProbe probe(policy);
        const Environment &env = ws.environments.constFirst();
        for (const AppRegistration &reg : ws.registrations) {
            const QString kind = reg.authMethod == ClientAuthMethod::PrivateKeyJwt ? QStringLiteral("private-key")
                                                                                   : QStringLiteral("client-secret");
            const QString credential = readSecret(secrets, SecretStore::key(ws.id, reg.id, kind));
            QVERIFY2(!credential.isEmpty(), qPrintable(reg.name));
            const net::TokenResponse token =
                tokens.requestBlocking(net::TokenRequest::forRegistration(reg, SecretBuffer(credential)));
            QVERIFY2(token.ok, qPrintable(reg.name + QLatin1String(": ") + token.http.message));
            const net::ProbeResult answer = probe.probeBlocking(
                net::CmicProbe::probeUrl(env.apiBaseUrl, env.probeEndpoints.value(0)), token.accessToken);
            QVERIFY2(answer.ok, qPrintable(reg.name + QStringLiteral(": CMiC answered %1").arg(answer.status)));
        }
    }

    void stoppedSandboxIsNotLoaded()
    {
        sandbox::DemoSandbox sandbox(Clock::system());
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        QVERIFY(!window.loadSandbox(sandbox)); // never started: nothing to point at
        QCOMPARE(window.document()->workspace().registrations.size(), 0);
    }
};

QTEST_MAIN(TestDemoSandboxWindow)
#include "tst_demosandboxwindow.moc"
