// A workspace's relative CA bundle path names one file, whichever face reads it and whatever the working
// directory: the console's Validate setup and `cmic-oauth validate` both read it against the workspace file's
// folder (net::HttpPolicy::resolveCaBundlePath). Proven end to end on the demo sandbox, whose TLS certificate only
// its own CA verifies: the bundle sits in a "certs" folder beside the workspace, and both faces run from an
// unrelated working directory that holds a "certs/ca.pem" which is not a CA at all.
#include "CliRun.h"
#include "GuiTestKit.h"
#include "SecretStoreTestUtil.h"

#include "core/net/HttpPolicy.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/validation/SetupValidator.h"
#include "gui/MainWindow.h"
#include "gui/ValidateSetupWizard.h"
#include "sandbox/DemoSandbox.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;
using sandbox::DemoSandbox;

class tst_CaBundlePath : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    QString m_workspacePath;
    QString m_secret;
    QString m_previousCwd;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-cabundletest"));
        QSettings().clear();
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.filePath(QStringLiteral("sandbox-ca"))}, &error), qPrintable(error));

        // The workspace in <dir>/site/, its CA bundle at <dir>/site/certs/ca.pem, saved as a relative path.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("site/certs")));
        const QString bundle = m_dir.filePath(QStringLiteral("site/certs/ca.pem"));
        QVERIFY(QFile::copy(m_sandbox.caBundlePath(), bundle));
        Workspace workspace = m_sandbox.workspace();
        workspace.settings.caBundlePath = QStringLiteral("certs/ca.pem");
        m_workspacePath = m_dir.filePath(QStringLiteral("site/demo.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(m_workspacePath, workspace, true).ok());
        for (const sandbox::DemoSecret &s : m_sandbox.secrets()) {
            if (s.key == credentialKey(workspace.id, DemoSandbox::kBasicId, CredentialKind::ClientSecret))
                m_secret = s.value;
        }
        QVERIFY(!m_secret.isEmpty());

        // The working directory of both runs: its certs/ca.pem is no certificate, so reading the path against
        // it would fail the TLS steps (or the settings) instead of passing.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("elsewhere/certs")));
        QFile decoy(m_dir.filePath(QStringLiteral("elsewhere/certs/ca.pem")));
        QVERIFY(decoy.open(QIODevice::WriteOnly));
        decoy.write("not a certificate\n");
        decoy.close();
        m_previousCwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir.filePath(QStringLiteral("elsewhere"))));
    }

    void cleanupTestCase() { QDir::setCurrent(m_previousCwd); }

    void resolvesAgainstTheWorkspaceFolder()
    {
        const QString expected = m_dir.filePath(QStringLiteral("site/certs/ca.pem"));
        QCOMPARE(net::HttpPolicy::resolveCaBundlePath(QStringLiteral("certs/ca.pem"), m_workspacePath), expected);
        QCOMPARE(net::HttpPolicy::resolveCaBundlePath(QStringLiteral("./certs/../certs/ca.pem"), m_workspacePath),
                 expected);
        QCOMPARE(net::HttpPolicy::resolveCaBundlePath(expected, QStringLiteral("/somewhere/else.cmic-oauth.json")),
                 expected);
        // Never saved: the working directory is all there is.
        QCOMPARE(net::HttpPolicy::resolveCaBundlePath(QStringLiteral("certs/ca.pem"), QString()),
                 m_dir.filePath(QStringLiteral("elsewhere/certs/ca.pem")));
        QCOMPARE(net::HttpPolicy::resolveCaBundlePath(QString(), m_workspacePath), QString());
    }

    void commandLineReadsTheWorkspacesBundle()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CMIC_TEST_SECRET"), m_secret);
        const CliRun run =
            runCliProcess(QStringLiteral(CMIC_CLI_PATH),
                          {QStringLiteral("validate"), m_workspacePath, QStringLiteral("--registration"),
                           DemoSandbox::kBasicId, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                           QStringLiteral("--format"), QStringLiteral("json")},
                          {}, env);
        QVERIFY2(run.exitCode == 0, QByteArray(run.out + "\n" + run.err).constData());
        QVERIFY2(!run.err.contains("not on this computer"), run.err.constData());
    }

    void consoleReadsTheSameBundle()
    {
        MemorySecretStore secrets;
        auto window = std::make_unique<MainWindow>(&secrets);
        window->setPrompts(std::make_unique<ScriptedPrompts>());
        QVERIFY(window->openFile(m_workspacePath));
        QCOMPARE(
            writeSecret(secrets,
                        credentialKey(m_sandbox.workspace().id, DemoSandbox::kBasicId, CredentialKind::ClientSecret),
                        m_secret)
                .status,
            SecretStore::Status::Ok);
        window->show();
        QVERIFY(window->selectObject(ObjectKind::Registration, DemoSandbox::kBasicId));
        QAction *action = window->findChild<QAction *>(QStringLiteral("actionValidateSetup"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        auto *wizard = window->findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
        QVERIFY(wizard);
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const ValidationReport &report = wizard->report();
        QVERIFY2(report.step(StepId::Token).status == StepStatus::Passed, qPrintable(report.toText()));
        QVERIFY2(report.passed(), qPrintable(report.toText()));
        wizard->close();
        window.reset(); // the wizard (a child) before the store it reads
    }
};

QTEST_MAIN(tst_CaBundlePath)
#include "tst_cabundlepath.moc"
