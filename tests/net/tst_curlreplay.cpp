// "Copy as curl" and the report's curl lines replay a request the way the console made it: with the workspace's CA
// bundle (--cacert, a relative path made absolute against the workspace file), its manual proxy (--proxy, the
// password from $CMIC_PROXY_PASSWORD) or none (--noproxy '*'), every value shell-quoted. Proven by running the report's
// own curl lines with /bin/sh, from an unrelated working directory, against the demo sandbox's HTTPS servers, whose
// certificate only the sandbox's CA verifies: HTTP 200. Without the options curl refuses the certificate (exit 60).
#include "core/model/Workspace.h"
#include "core/net/FormEncoding.h"
#include "core/net/HttpExchange.h"
#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"
#include "core/validation/SetupValidator.h"
#include "sandbox/DemoSandbox.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::validation;
using sandbox::DemoSandbox;

class tst_CurlReplay : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    QString m_workspacePath;
    Workspace m_workspace;
    QString m_secret;
    ValidationReport m_report;

    struct ShellRun
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // Runs |command| with /bin/sh in an unrelated folder; the secret in the environment, as the curl line expects.
    ShellRun runShell(const QString &command) const
    {
        QProcess sh;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CMIC_CLIENT_SECRET"), QString::fromLatin1(net::formEncode(m_secret)));
        env.remove(QStringLiteral("https_proxy"));
        env.remove(QStringLiteral("HTTPS_PROXY"));
        sh.setProcessEnvironment(env);
        sh.setWorkingDirectory(m_dir.filePath(QStringLiteral("elsewhere")));
        // The sandbox answers from this thread's event loop, so the loop runs while curl does.
        QEventLoop loop;
        connect(&sh, &QProcess::finished, &loop, &QEventLoop::quit);
        connect(&sh, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        loop.exec();
        if (sh.state() != QProcess::NotRunning || sh.exitStatus() != QProcess::NormalExit)
            return {};
        return {sh.exitCode(), sh.readAllStandardOutput(), sh.readAllStandardError()};
    }

    // The report's curl lines (its JSON) for the exchanges whose URL contains |urlPart|.
    QStringList reportCurlLines(const QString &method, const QString &urlPart) const
    {
        QStringList lines;
        const QJsonArray steps = m_report.toJson().value(QLatin1String("steps")).toArray();
        for (const QJsonValue &step : steps) {
            for (const QJsonValue &x : step.toObject().value(QLatin1String("exchanges")).toArray()) {
                const QJsonObject exchange = x.toObject();
                if (exchange.value(QLatin1String("method")).toString() == method
                    && exchange.value(QLatin1String("url")).toString().contains(urlPart))
                    lines << exchange.value(QLatin1String("curl")).toString();
            }
        }
        return lines;
    }

    static QString withStatusOut(const QString &curl)
    {
        return curl + QStringLiteral(" -o /dev/null -w '%{http_code}'");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.filePath(QStringLiteral("sandbox-ca"))}, &error), qPrintable(error));
        // The workspace in <dir>/site/ with its CA bundle beside it, saved as a relative path ("it's" quote tests
        // the shell quoting of the path).
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("site/it's certs")));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("elsewhere")));
        QVERIFY(QFile::copy(m_sandbox.caBundlePath(), m_dir.filePath(QStringLiteral("site/it's certs/ca.pem"))));
        m_workspace = m_sandbox.workspace();
        m_workspace.settings.caBundlePath = QStringLiteral("it's certs/ca.pem");
        m_workspacePath = m_dir.filePath(QStringLiteral("site/demo.cmic-oauth.json"));
        for (const sandbox::DemoSecret &s : m_sandbox.secrets()) {
            if (s.key.contains(DemoSandbox::kBasicId) && !s.value.contains(QLatin1String("PRIVATE KEY")))
                m_secret = s.value;
        }
        QVERIFY(!m_secret.isEmpty());

        net::HttpPolicy policy;
        QVERIFY2(policy.applySettings(m_workspace.settings, m_workspacePath, &error), qPrintable(error));
        QCOMPARE(policy.curlOptions().caBundlePath, m_dir.filePath(QStringLiteral("site/it's certs/ca.pem")));
        SetupValidator validator(policy, Clock::system());
        ValidationInput input;
        input.workspace = m_workspace;
        input.registrationId = DemoSandbox::kBasicId;
        input.credential = SecretBuffer(m_secret);
        m_report = validator.runBlocking(input);
        QVERIFY2(m_report.passed(), qPrintable(m_report.toText()));
        QCOMPARE(m_report.curl, policy.curlOptions());
    }

    void reportCurlLinesCarryTheBundle()
    {
        const QStringList lines = reportCurlLines(QStringLiteral("GET"), QStringLiteral("jwks"));
        QVERIFY(!lines.isEmpty());
        const QString expected =
            QStringLiteral("--cacert '%1'").arg(m_dir.filePath(QStringLiteral("site/it'\\''s certs/ca.pem")));
        for (const QString &line : lines)
            QVERIFY2(line.contains(expected), qPrintable(line));
        // The HTML report shows the same lines.
        QVERIFY(m_report.toHtml().contains(QStringLiteral("--cacert")));
    }

    void jwksCurlLineGets200()
    {
        const QString curl = reportCurlLines(QStringLiteral("GET"), QStringLiteral("jwks")).value(0);
        const ShellRun run = runShell(withStatusOut(curl));
        QVERIFY2(run.exitCode == 0 && run.out == "200",
                 qPrintable(curl + u'\n' + QString::fromUtf8(run.out + run.err)));
    }

    void tokenCurlLineGets200()
    {
        const QString curl = reportCurlLines(QStringLiteral("POST"), QStringLiteral("token")).value(0);
        QVERIFY2(curl.contains(QLatin1String("$CMIC_CLIENT_SECRET")), qPrintable(curl));
        const ShellRun run = runShell(withStatusOut(curl));
        QVERIFY2(run.exitCode == 0 && run.out == "200",
                 qPrintable(curl + u'\n' + QString::fromUtf8(run.out + run.err)));
    }

    void withoutTheBundleCurlRefusesTheCertificate()
    {
        // The same exchange replayed without the workspace's settings: what "Copy as curl" gave before.
        const StepResult &keys = m_report.step(StepId::Keys);
        QVERIFY(!keys.exchanges.isEmpty());
        const ShellRun run = runShell(withStatusOut(keys.exchanges.at(0).toCurl()));
        QCOMPARE(run.exitCode, 60); // curl: (60) SSL certificate problem
    }

    void optionsFollowTheProxyMode_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("proxyUrl");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("expected");
        const QString remote = QStringLiteral("https://idp.example.com/token");
        const QString loopback = QStringLiteral("https://127.0.0.1:8443/token");
        QTest::newRow("system") << int(ProxyMode::System) << QString() << remote << QStringList();
        QTest::newRow("none") << int(ProxyMode::None) << QString() << remote
                              << QStringList{QStringLiteral("--noproxy '*'")};
        QTest::newRow("manual") << int(ProxyMode::Manual) << QStringLiteral("http://proxy.example.com:3128") << remote
                                << QStringList{QStringLiteral("--proxy 'http://proxy.example.com:3128'")};
        QTest::newRow("manual with user")
            << int(ProxyMode::Manual) << QStringLiteral("http://alice:pw@proxy.example.com:3128") << remote
            << QStringList{QStringLiteral("--proxy 'http://proxy.example.com:3128'"),
                           QStringLiteral("--proxy-user 'alice:'\"$CMIC_PROXY_PASSWORD\"")};
        QTest::newRow("manual, loopback") << int(ProxyMode::Manual) << QStringLiteral("http://proxy:3128") << loopback
                                          << QStringList{QStringLiteral("--noproxy '*'")};
    }
    void optionsFollowTheProxyMode()
    {
        QFETCH(int, mode);
        QFETCH(QString, proxyUrl);
        QFETCH(QString, url);
        QFETCH(QStringList, expected);
        WorkspaceSettings settings;
        settings.proxyMode = ProxyMode(mode);
        settings.proxyUrl = proxyUrl;
        const net::CurlOptions options = net::CurlOptions::fromSettings(settings, m_workspacePath);
        QCOMPARE(options.argumentsFor(QUrl(url)), expected);
        net::HttpExchange exchange;
        exchange.method = QStringLiteral("GET");
        exchange.url = QUrl(url);
        const QString curl = exchange.toCurl(options);
        for (const QString &option : expected)
            QVERIFY2(curl.contains(option), qPrintable(curl));
        QVERIFY2(!curl.contains(QLatin1String("pw")), qPrintable(curl)); // a proxy password never in the line
    }
};

QTEST_GUILESS_MAIN(tst_CurlReplay)
#include "tst_curlreplay.moc"
