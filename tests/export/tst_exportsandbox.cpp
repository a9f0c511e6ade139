// The exports against the demo sandbox (HTTPS with its own CA, started here): the curl script gets a token and 200
// from the probe endpoint without printing the secret or the token, and `cmic-oauth validate` accepts the exported
// portable config with the secret from --secret-env, from the variable the config names, and from a 0600 file.
#include "CliRun.h"

#include "core/export/Exporter.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::sandbox;

namespace {

using Run = cmic::test::CliRun;

QString explain(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(4000)), QString::fromUtf8(r.err.left(4000)));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestExportSandbox : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    Workspace m_workspace;
    QMap<QString, QString> m_secrets; // registration id -> credential

    QByteArray exported(const char *format, const QString &registrationId, const ExportOptions &options = {})
    {
        const Exporter *e = ExporterRegistry::instance().find(QString::fromLatin1(format));
        const AppRegistration *r = m_workspace.registration(registrationId);
        return e && r ? e->render(m_workspace, *r, options).content : QByteArray();
    }

    QProcessEnvironment envWith(const QString &name, const QString &value) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CMIC_CLIENT_SECRET"));
        env.remove(QStringLiteral("CMIC_TOKEN_ENDPOINT"));
        env.remove(QStringLiteral("CMIC_CA_BUNDLE"));
        if (!name.isEmpty())
            env.insert(name, value);
        return env;
    }

    static void expectNoSecret(const Run &r, const QString &secret, bool checkToken = false)
    {
        QVERIFY(secret.size() > 8);
        QVERIFY2(!r.out.contains(secret.toUtf8()) && !r.err.contains(secret.toUtf8()), "the secret was printed");
        QVERIFY2(!r.out.contains(QUrl::toPercentEncoding(secret)) && !r.err.contains(QUrl::toPercentEncoding(secret)),
                 "the encoded secret was printed");
        if (checkToken)
            QVERIFY2(!r.out.contains("eyJ") && !r.err.contains("eyJ"), "a token was printed");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.filePath(QStringLiteral("ca"))}, &error), qPrintable(error));
        m_workspace = m_sandbox.workspace();
        QVERIFY(!m_workspace.settings.caBundlePath.isEmpty());
        QMap<QString, QString> byKey;
        for (const DemoSecret &secret : m_sandbox.secrets())
            byKey.insert(secret.key, secret.value);
        for (const AppRegistration &r : m_workspace.registrations) {
            const bool usesKey = r.authMethod == ClientAuthMethod::PrivateKeyJwt;
            m_secrets.insert(r.id, byKey.value(SecretStore::key(m_workspace.id, r.id,
                                                                usesKey ? QStringLiteral("private-key")
                                                                        : QStringLiteral("client-secret"))));
        }
    }

    void curlScriptGets200FromTheProbeEndpoint_data()
    {
        QTest::addColumn<QString>("registration");
        QTest::newRow("client_secret_basic (secret with +/=&%)") << DemoSandbox::kBasicId;
        QTest::newRow("client_secret_post") << DemoSandbox::kPostId;
    }
    void curlScriptGets200FromTheProbeEndpoint()
    {
        QFETCH(QString, registration);
        const QString secret = m_secrets.value(registration);
        QVERIFY(!secret.isEmpty());
        const QString script = m_dir.filePath(registration + QStringLiteral(".sh"));
        QVERIFY(writeFile(script, exported("curl-script", registration)));
        const int tokensBefore = m_sandbox.identityProvider()->tokenRequests();
        const Run r = cmic::test::runCliProcess(QStringLiteral("sh"), {script}, {},
                                                envWith(QStringLiteral("CMIC_CLIENT_SECRET"), secret));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY2(r.out.contains("200 token request"), qPrintable(explain(r)));
        QVERIFY2(r.out.contains("200 GET https://"), qPrintable(explain(r)));
        QVERIFY2(r.out.contains(QByteArray(DemoSandbox::kProbePath.toUtf8() + "?limit=1")), qPrintable(explain(r)));
        QCOMPARE(m_sandbox.identityProvider()->tokenRequests(), tokensBefore + 1);
        expectNoSecret(r, secret, true);
    }

    void curlScriptFailsWithAWrongSecret()
    {
        const QString script = m_dir.filePath(QStringLiteral("wrong.sh"));
        QVERIFY(writeFile(script, exported("curl-script", DemoSandbox::kBasicId)));
        const QString wrong = QStringLiteral("not the secret +/=&% at all");
        const Run r = cmic::test::runCliProcess(QStringLiteral("sh"), {script}, {},
                                                envWith(QStringLiteral("CMIC_CLIENT_SECRET"), wrong));
        QVERIFY2(r.exitCode == 1, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("Token request failed: HTTP 401"), qPrintable(explain(r)));
        expectNoSecret(r, wrong, true);
    }

    // Round trip: export the portable config, then `cmic-oauth validate exported.json --secret-env VAR`.
    void validateAcceptsTheExportedPortableConfig()
    {
        const QString path = m_dir.filePath(QStringLiteral("exported.cmic-oauth-portable.json"));
        QVERIFY(writeFile(path, exported("portable-config", DemoSandbox::kBasicId)));
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const Run r = cmic::test::runCliProcess(
            QStringLiteral(CMIC_CLI_PATH),
            {QStringLiteral("validate"), path, QStringLiteral("--secret-env"), QStringLiteral("VAR")}, {},
            envWith(QStringLiteral("VAR"), secret));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY(r.out.contains("Result: PASSED"));
        QVERIFY(r.out.contains("Service user: SVC_DEMO"));
        expectNoSecret(r, secret);
    }

    // Without --secret-env the variable the config names is read; when it is missing the message names it.
    void validateReadsTheSecretTheConfigNames()
    {
        ExportOptions options;
        options.secretReference = QStringLiteral("env:PAYROLL_SECRET");
        const QString path = m_dir.filePath(QStringLiteral("named.cmic-oauth-portable.json"));
        QVERIFY(writeFile(path, exported("portable-config", DemoSandbox::kPostId, options)));
        const QString secret = m_secrets.value(DemoSandbox::kPostId);
        Run r = cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("validate"), path}, {},
                                          envWith(QStringLiteral("PAYROLL_SECRET"), secret));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        expectNoSecret(r, secret);
        r = cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("validate"), path}, {},
                                      envWith({}, {}));
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("PAYROLL_SECRET") && r.err.contains("env:PAYROLL_SECRET"), qPrintable(explain(r)));
    }

    void validateReadsASecretFileOnlyWithMode0600()
    {
        const QString secretPath = m_dir.filePath(QStringLiteral("client-secret"));
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        QVERIFY(writeFile(secretPath, secret.toUtf8() + "\n"));
        ExportOptions options;
        options.secretReference = QStringLiteral("file:client-secret"); // relative to the config's folder
        const QString path = m_dir.filePath(QStringLiteral("file.cmic-oauth-portable.json"));
        QVERIFY(writeFile(path, exported("portable-config", DemoSandbox::kBasicId, options)));

        QVERIFY(QFile::setPermissions(secretPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                      | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const int tokensBefore = m_sandbox.identityProvider()->tokenRequests();
        Run r = cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("validate"), path}, {},
                                          envWith({}, {}));
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("chmod 600"), qPrintable(explain(r)));
        QCOMPARE(m_sandbox.identityProvider()->tokenRequests(), tokensBefore);

        QVERIFY(QFile::setPermissions(secretPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        r = cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("validate"), path}, {},
                                      envWith({}, {}));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        expectNoSecret(r, secret);
    }

    void validateStillReadsAWorkspaceAndRefusesABrokenPortableConfig()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.cmic-oauth-portable.json"));
        QVERIFY(writeFile(path, "{\"format\": \"cmic-oauth-portable\", \"schema\": 9, \"registration\": {}}"));
        const Run r = cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("validate"), path}, {},
                                                envWith({}, {}));
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("schema 9"), qPrintable(explain(r)));
        // A server workspace export is still read as a workspace.
        const QString ws = m_dir.filePath(QStringLiteral("server.cmic-oauth.json"));
        QVERIFY(writeFile(ws, exported("server-workspace", DemoSandbox::kBasicId)));
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const Run ok = cmic::test::runCliProcess(
            QStringLiteral(CMIC_CLI_PATH),
            {QStringLiteral("validate"), ws, QStringLiteral("--secret-env"), QStringLiteral("VAR")}, {},
            envWith(QStringLiteral("VAR"), secret));
        QVERIFY2(ok.exitCode == 0, qPrintable(explain(ok)));
    }
};

QTEST_GUILESS_MAIN(TestExportSandbox)
#include "tst_exportsandbox.moc"
