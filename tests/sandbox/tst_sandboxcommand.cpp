// 'cmic-oauth sandbox' runs both servers, writes a workspace that points at them, and stops cleanly.
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/WorkspaceFile.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::net;

class TestSandboxCommand : public QObject
{
    Q_OBJECT

private:
    QString m_cli;

private slots:
    void initTestCase()
    {
        m_cli = qEnvironmentVariable("CMIC_OAUTH_CLI");
        QVERIFY2(!m_cli.isEmpty(), "CMIC_OAUTH_CLI is not set; run this test through ctest.");
    }

    void writesWorkspaceAndServesUntilDurationEnds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        QProcess cli;
        cli.start(m_cli, {QStringLiteral("sandbox"), QStringLiteral("--plain"), QStringLiteral("--duration"),
                          QStringLiteral("3"), QStringLiteral("--workspace"), path});
        QVERIFY(cli.waitForStarted(5000));
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += cli.readAllStandardOutput()).contains("Running"), 15000);

        Workspace workspace;
        WorkspaceFile file;
        const WorkspaceFile::Result opened = file.open(path, &workspace);
        QVERIFY2(opened.ok(), qPrintable(opened.message));
        QCOMPARE(workspace.registrations.size(), 3);
        QVERIFY(workspace.settings.caBundlePath.isEmpty());

        // The servers answer while the command runs.
        HttpPolicy policy;
        HttpRequestSpec spec;
        spec.url = QUrl(workspace.registrations.first().discoveryUrl);
        const HttpResult discovery = HttpClient(policy).run(spec);
        QVERIFY2(discovery.ok, qPrintable(discovery.message));
        QCOMPARE(discovery.json.object().value(QLatin1String("issuer")).toString(),
                 workspace.registrations.first().issuer);

        QVERIFY(cli.waitForFinished(15000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
    }

    void rejectsBadDuration()
    {
        QProcess cli;
        cli.start(m_cli, {QStringLiteral("sandbox"), QStringLiteral("--duration"), QStringLiteral("soon")});
        QVERIFY(cli.waitForFinished(10000));
        QCOMPARE(cli.exitCode(), 2);
        QVERIFY(cli.readAllStandardError().contains("--duration"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxCommand)
#include "tst_sandboxcommand.moc"
