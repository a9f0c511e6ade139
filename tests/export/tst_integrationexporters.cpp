// The exports for integration servers and the portable config: golden files (CMIC_UPDATE_GOLDEN=1 rewrites them in
// tests/export/golden), and what the real readers make of each file: bash and sh sourcing the .env, docker's
// env-file rule, PyYAML for application.yml, a java.util.Properties reader for application.properties,
// PortableConfig::parse for the portable config. No export holds the secret unless asked.
#include "JavaPropertiesReader.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/net/FormEncoding.h"
#include "core/storage/PortableConfig.h"
#include "core/storage/SecretReference.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

const char *const kSecret = "s3cr3t +/=&% with spaces";

// A fixed workspace with hostile but valid values: quotes, $(...), backticks, line feeds, non-ASCII.
Workspace sample(ClientAuthMethod method = ClientAuthMethod::ClientSecretBasic)
{
    Workspace w;
    w.id = QStringLiteral("ws-golden");
    w.settings.clockSkewSeconds = 90;
    w.settings.caBundlePath = QStringLiteral("/etc/ssl/cmic ca/it's.pem");
    w.settings.proxyMode = ProxyMode::Manual;
    w.settings.proxyUrl = QStringLiteral("http://proxy.example:3128");
    Environment e;
    e.id = QStringLiteral("env-1");
    e.name = QStringLiteral("Prod \"main\"\n$(id)");
    e.deployment = Deployment::Enterprise;
    e.apiBaseUrl = QStringLiteral("https://erp.example.com/cmicprod");
    e.userClaim = QStringLiteral("cmicuser");
    e.ipCheck = true;
    e.patchLevel = 21;
    e.probeEndpoints = {QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess"),
                        QStringLiteral("hcm-rest-api/rest/1/employee?fields=a,b")};
    w.environments << e;
    ServiceUser u;
    u.id = QStringLiteral("su-1");
    u.username = QString::fromUtf8("SVC_INT\xc3\x89GRATION");
    w.serviceUsers << u;
    AppRegistration r;
    r.id = QStringLiteral("reg-1");
    r.name = QStringLiteral("Payroll 'sync' $(rm -rf /) `x`\nCMIC_CLIENT_ID=evil");
    r.environmentId = e.id;
    r.appId = QStringLiteral("app-123'\"$HOME`id`");
    r.issuer = QStringLiteral("https://sts.windows.net/t/");
    r.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    r.tokenEndpoint = QStringLiteral("https://login.example.com/t/oauth2/v2.0/token?a=1&b=2");
    r.scope = QStringLiteral("api://cmic/.default openid");
    r.audience = QString::fromUtf8("aud with space \xe2\x82\xac");
    r.authMethod = method;
    r.serviceUserId = u.id;
    w.registrations << r;
    AppRegistration other = r;
    other.id = QStringLiteral("reg-other");
    other.appId = QStringLiteral("other-app-must-not-leak");
    w.registrations << other;
    return w;
}

const Exporter *exporter(const QString &id) { return ExporterRegistry::instance().find(id); }

ExportResult render(const QString &id, const Workspace &w, const ExportOptions &options = {})
{
    const Exporter *e = exporter(id);
    return e ? e->render(w, w.registrations.constFirst(), options) : ExportResult{};
}

QString goldenDir()
{
    const QString source = qEnvironmentVariable("CMIC_SOURCE_DIR");
    if (!source.isEmpty())
        return QDir(source).filePath(QStringLiteral("tests/export/golden"));
    return QFINDTESTDATA("golden");
}

QByteArray run(const QString &program, const QStringList &args, const QString &dir = {},
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int *exitCode = nullptr,
               const QByteArray &input = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return "<did not start>";
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

// The variables the .env sets and the value each must have.
QList<QPair<QString, QString>> expectedEnv(const Workspace &w)
{
    const AppRegistration &r = w.registrations.constFirst();
    return {{QStringLiteral("CMIC_TOKEN_ENDPOINT"), r.tokenEndpoint},
            {QStringLiteral("CMIC_CLIENT_ID"), r.appId},
            {QStringLiteral("CMIC_CLIENT_AUTH"), toString(r.authMethod)},
            {QStringLiteral("CMIC_SCOPE"), r.scope},
            {QStringLiteral("CMIC_AUDIENCE"), r.audience},
            {QStringLiteral("CMIC_RESOURCE"), r.resource},
            {QStringLiteral("CMIC_ISSUER"), r.issuer},
            {QStringLiteral("CMIC_JWKS_URI"), r.jwksUri},
            {QStringLiteral("CMIC_API_BASE_URL"), w.environments.constFirst().apiBaseUrl},
            {QStringLiteral("CMIC_SERVICE_USER"), w.serviceUsers.constFirst().username},
            {QStringLiteral("CMIC_CA_BUNDLE"), w.settings.caBundlePath},
            {QStringLiteral("CMIC_PROXY_URL"), w.settings.proxyUrl}};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestIntegrationExporters : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("file");
        const int basic = int(ClientAuthMethod::ClientSecretBasic);
        const int post = int(ClientAuthMethod::ClientSecretPost);
        const int jwt = int(ClientAuthMethod::PrivateKeyJwt);
        QTest::newRow("portable") << QStringLiteral("portable-config") << basic
                                  << QStringLiteral("basic.cmic-oauth-portable.json");
        QTest::newRow("env basic") << QStringLiteral("env") << basic << QStringLiteral("basic.env");
        QTest::newRow("env jwt") << QStringLiteral("env") << jwt << QStringLiteral("jwt.env");
        QTest::newRow("yaml basic") << QStringLiteral("spring-yaml") << basic
                                    << QStringLiteral("basic.application.yml");
        QTest::newRow("yaml jwt") << QStringLiteral("spring-yaml") << jwt << QStringLiteral("jwt.application.yml");
        QTest::newRow("properties basic")
            << QStringLiteral("spring-properties") << basic << QStringLiteral("basic.application.properties");
        QTest::newRow("properties post") << QStringLiteral("spring-properties") << post
                                         << QStringLiteral("post.application.properties");
        QTest::newRow("curl basic") << QStringLiteral("curl-script") << basic << QStringLiteral("basic.curl.sh");
        QTest::newRow("curl post") << QStringLiteral("curl-script") << post << QStringLiteral("post.curl.sh");
        QTest::newRow("curl jwt") << QStringLiteral("curl-script") << jwt << QStringLiteral("jwt.curl.sh");
    }
    void golden()
    {
        QFETCH(QString, format);
        QFETCH(int, method);
        QFETCH(QString, file);
        const QByteArray actual = render(format, sample(ClientAuthMethod(method))).content;
        QVERIFY(!actual.isEmpty());
        const QString path = QDir(goldenDir()).filePath(file);
        if (qEnvironmentVariableIsSet("CMIC_UPDATE_GOLDEN")) {
            QDir().mkpath(goldenDir());
            QVERIFY(writeFile(path, actual));
        }
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(" is missing (CMIC_UPDATE_GOLDEN=1)")));
        const QByteArray golden = f.readAll();
        const QList<QByteArray> a = actual.split('\n');
        const QList<QByteArray> g = golden.split('\n');
        for (qsizetype i = 0; i < qMin(a.size(), g.size()); ++i)
            QVERIFY2(a.at(i) == g.at(i), qPrintable(QStringLiteral("%1 line %2: got %3, golden %4")
                                                        .arg(file)
                                                        .arg(i + 1)
                                                        .arg(QString::fromUtf8(a.at(i)), QString::fromUtf8(g.at(i)))));
        QCOMPARE(a.size(), g.size());
    }

    void everyIntegrationFormatIsRegistered()
    {
        for (const char *id :
             {"portable-config", "server-workspace", "env", "spring-yaml", "spring-properties", "curl-script"}) {
            const Exporter *e = exporter(QString::fromLatin1(id));
            QVERIFY2(e, id);
            QVERIFY(!e->displayName().isEmpty());
            QVERIFY(!e->description().isEmpty() || QLatin1String(id) == QLatin1String("server-workspace"));
        }
        QCOMPARE(exporter(QStringLiteral("portable-config"))->fileSuffix(), QStringLiteral("cmic-oauth-portable.json"));
        QVERIFY(!exporter(QStringLiteral("portable-config"))->supportsSecret());
    }

    // `export CMIC_CLIENT_SECRET=keep; set -a; . ./x.env` keeps the secret and sets every value unchanged, in bash
    // and in sh.
    void envSourcedKeepsThePresetSecretAndEveryValue()
    {
        QVERIFY(m_dir.isValid());
        const Workspace w = sample();
        const ExportResult result = render(QStringLiteral("env"), w);
        QVERIFY(!result.content.contains("CMIC_CLIENT_SECRET="));
        QVERIFY(result.content.contains("# CMIC_CLIENT_SECRET is not in this file: export it before sourcing"));
        QVERIFY(result.content.contains("RFC 6749 section 2.3.1"));
        QVERIFY(!result.content.contains("other-app-must-not-leak"));
        QVERIFY(!result.content.contains("\nCMIC_CLIENT_ID=evil"));
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("x.env")), result.content));
        const auto expected = expectedEnv(w);
        QStringList names{QStringLiteral("CMIC_CLIENT_SECRET")};
        for (const auto &pair : expected)
            names << pair.first;
        QString script = QStringLiteral("export CMIC_CLIENT_SECRET=keep; set -a; . ./x.env; set +a;");
        for (const QString &name : names)
            script += QStringLiteral(" printf '%s\\0' \"$%1\";").arg(name);
        for (const QString &shell : {QStringLiteral("bash"), QStringLiteral("sh")}) {
            int code = -1;
            const QByteArray out = run(shell, {QStringLiteral("-c"), script}, m_dir.path(),
                                       QProcessEnvironment::systemEnvironment(), &code);
            QCOMPARE(code, 0);
            const QList<QByteArray> values = out.split('\0');
            QCOMPARE(values.size(), names.size() + 1);
            QCOMPARE(values.at(0), QByteArray("keep"));
            for (qsizetype i = 0; i < expected.size(); ++i)
                QVERIFY2(values.at(i + 1) == expected.at(i).second.toUtf8(),
                         qPrintable(shell + QLatin1Char(' ') + expected.at(i).first + QStringLiteral(": ")
                                    + QString::fromUtf8(values.at(i + 1))));
        }
    }

    // docker --env-file takes KEY=VALUE literally: every value written bare is the value itself; every other one is
    // named in a warning.
    void envFileDockerReadsTheBareValuesAsTheyAre()
    {
        const Workspace w = sample();
        const ExportResult result = render(QStringLiteral("env"), w);
        QMap<QString, QString> docker;
        for (const QByteArray &line : result.content.split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const qsizetype eq = line.indexOf('=');
            QVERIFY(eq > 0);
            docker.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
        }
        int bare = 0;
        for (const auto &[name, value] : expectedEnv(w)) {
            QVERIFY2(docker.contains(name), qPrintable(name));
            const bool warned =
                std::any_of(result.warnings.cbegin(), result.warnings.cend(),
                            [&name](const QString &warning) { return warning.startsWith(name + QLatin1Char(' ')); });
            if (docker.value(name) == value) {
                ++bare;
                QVERIFY2(!warned, qPrintable(name));
            } else {
                QVERIFY2(warned, qPrintable(name + QStringLiteral(" is quoted but no warning names it")));
            }
        }
        QVERIFY(bare >= 5);
        QVERIFY(docker.value(QStringLiteral("CMIC_ISSUER")) == QStringLiteral("https://sts.windows.net/t/"));
    }

    void envForPrivateKeyJwtNamesTheKeyFile()
    {
        const ExportResult result = render(QStringLiteral("env"), sample(ClientAuthMethod::PrivateKeyJwt));
        QVERIFY(result.content.contains("CMIC_PRIVATE_KEY_FILE is not in this file"));
        QVERIFY(!result.content.contains("CMIC_CLIENT_SECRET"));
        QVERIFY(!result.content.contains("2.3.1"));
    }

    void envWithSecretSaysSoOnItsFirstLine()
    {
        ExportOptions options;
        options.includeSecret = true;
        options.secret = kSecret;
        const ExportResult result = render(QStringLiteral("env"), sample(), options);
        QVERIFY(result.containsSecret);
        QVERIFY(result.content.startsWith("# This file holds the client secret: keep it mode 0600"));
        QVERIFY(result.content.contains(QByteArray(QByteArray("CMIC_CLIENT_SECRET='") + kSecret + "'\n")));
        QVERIFY(std::any_of(result.warnings.cbegin(), result.warnings.cend(),
                            [](const QString &w) { return w.startsWith(QLatin1String("CMIC_CLIENT_SECRET ")); }));
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("s.env")), result.content));
        int code = -1;
        const QByteArray out =
            run(QStringLiteral("sh"),
                {QStringLiteral("-c"), QStringLiteral("set -a; . ./s.env; printf %s \"$CMIC_CLIENT_SECRET\"")},
                m_dir.path(), QProcessEnvironment::systemEnvironment(), &code);
        QCOMPARE(out, QByteArray(kSecret));
        // A private key never goes into a .env.
        const ExportResult jwt = render(QStringLiteral("env"), sample(ClientAuthMethod::PrivateKeyJwt), options);
        QVERIFY(!jwt.containsSecret);
        QVERIFY(!jwt.content.contains(kSecret));
        QVERIFY(!jwt.warnings.isEmpty());
    }

    // Every export, of every group: the secret appears only when asked, only in formats that support it, and then
    // containsSecret says so.
    void noExportHoldsTheSecretUnlessAsked()
    {
        for (const int method : {0, 1, 2}) {
            const Workspace w = sample(ClientAuthMethod(method));
            for (const Exporter *e : ExporterRegistry::instance().exporters()) {
                ExportOptions options;
                options.secret = kSecret;
                const ExportResult plain = e->render(w, w.registrations.constFirst(), options);
                QVERIFY2(!plain.content.contains(kSecret), qPrintable(e->id()));
                QVERIFY2(!plain.content.contains(net::formEncode(QString::fromUtf8(kSecret))), qPrintable(e->id()));
                QVERIFY2(!plain.containsSecret, qPrintable(e->id()));
                options.includeSecret = true;
                const ExportResult asked = e->render(w, w.registrations.constFirst(), options);
                QCOMPARE(asked.containsSecret, asked.content.contains(kSecret));
                if (!e->supportsSecret())
                    QVERIFY2(!asked.containsSecret, qPrintable(e->id()));
                if (asked.containsSecret && e->escaping() == ExportEscaping::EnvFile)
                    QVERIFY2(asked.content.left(200).contains("0600"), qPrintable(e->id()));
            }
        }
    }

    void springYamlIsReadBackByPyYaml()
    {
        const Workspace w = sample();
        const ExportResult result = render(QStringLiteral("spring-yaml"), w);
        int code = -1;
        const QByteArray out = run(
            QStringLiteral("python3"),
            {QStringLiteral("-c"), QStringLiteral("import sys, json, yaml\n"
                                                  "sys.stdout.write(json.dumps(yaml.safe_load(sys.stdin.buffer.read()."
                                                  "decode('utf-8'))))\n")},
            {}, QProcessEnvironment::systemEnvironment(), &code, result.content);
        QCOMPARE(code, 0);
        const QJsonObject client = QJsonDocument::fromJson(out)
                                       .object()
                                       .value(QLatin1String("spring"))
                                       .toObject()
                                       .value(QLatin1String("security"))
                                       .toObject()
                                       .value(QLatin1String("oauth2"))
                                       .toObject()
                                       .value(QLatin1String("client"))
                                       .toObject();
        const QJsonObject registrations = client.value(QLatin1String("registration")).toObject();
        QCOMPARE(registrations.size(), 1);
        const QString id = registrations.keys().constFirst();
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9-]+$")).match(id).hasMatch(), qPrintable(id));
        const QJsonObject reg = registrations.value(id).toObject();
        const AppRegistration &r = w.registrations.constFirst();
        QCOMPARE(reg.value(QLatin1String("client-id")).toString(), r.appId);
        QCOMPARE(reg.value(QLatin1String("client-secret")).toString(), QStringLiteral("${CMIC_CLIENT_SECRET}"));
        QCOMPARE(reg.value(QLatin1String("authorization-grant-type")).toString(), QStringLiteral("client_credentials"));
        QCOMPARE(reg.value(QLatin1String("client-authentication-method")).toString(),
                 QStringLiteral("client_secret_basic"));
        QCOMPARE(reg.value(QLatin1String("provider")).toString(), id);
        QCOMPARE(reg.value(QLatin1String("scope")).toArray(),
                 (QJsonArray{QStringLiteral("api://cmic/.default"), QStringLiteral("openid")}));
        const QJsonObject provider = client.value(QLatin1String("provider")).toObject().value(id).toObject();
        QCOMPARE(provider.value(QLatin1String("token-uri")).toString(), r.tokenEndpoint);
        QVERIFY2(!provider.contains(QLatin1String("issuer-uri")), "issuer-uri makes Spring call discovery at startup");
        QVERIFY(result.content.contains("# issuer-uri: "));
        // The audience cannot be sent by these properties: said in a warning.
        QVERIFY(!result.warnings.isEmpty());
    }

    void springPropertiesAreReadBackByAPropertiesReader()
    {
        const Workspace w = sample(ClientAuthMethod::ClientSecretPost);
        const ExportResult result = render(QStringLiteral("spring-properties"), w);
        for (const char c : result.content)
            QVERIFY(uchar(c) < 0x80);
        QString error;
        const auto entries = cmic::test::loadJavaProperties(result.content, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QMap<QString, QString> map;
        for (const auto &[key, value] : entries)
            map.insert(key, value);
        const AppRegistration &r = w.registrations.constFirst();
        const QString prefix = QStringLiteral("spring.security.oauth2.client.registration.");
        QString id;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.key().startsWith(prefix) && it.key().endsWith(QLatin1String(".client-id")))
                id = it.key().mid(prefix.size()).chopped(10);
        }
        QVERIFY(!id.isEmpty());
        const QString reg = prefix + id + QLatin1Char('.');
        QCOMPARE(map.value(reg + QLatin1String("client-id")), r.appId);
        QCOMPARE(map.value(reg + QLatin1String("client-secret")), QStringLiteral("${CMIC_CLIENT_SECRET}"));
        QCOMPARE(map.value(reg + QLatin1String("authorization-grant-type")), QStringLiteral("client_credentials"));
        QCOMPARE(map.value(reg + QLatin1String("client-authentication-method")), QStringLiteral("client_secret_post"));
        QCOMPARE(map.value(reg + QLatin1String("scope[0]")), QStringLiteral("api://cmic/.default"));
        QCOMPARE(map.value(reg + QLatin1String("scope[1]")), QStringLiteral("openid"));
        QCOMPARE(map.value(QStringLiteral("spring.security.oauth2.client.provider.%1.token-uri").arg(id)),
                 r.tokenEndpoint);
        QVERIFY(!map.contains(QStringLiteral("spring.security.oauth2.client.provider.%1.issuer-uri").arg(id)));
    }

    void springPrivateKeyJwtIsWarnedAbout()
    {
        for (const char *format : {"spring-yaml", "spring-properties"}) {
            const ExportResult result = render(QString::fromLatin1(format), sample(ClientAuthMethod::PrivateKeyJwt));
            QVERIFY(result.content.contains("private_key_jwt"));
            QVERIFY(result.content.contains("JWK resolver"));
            QVERIFY(!result.content.contains("client-secret"));
            QVERIFY(std::any_of(result.warnings.cbegin(), result.warnings.cend(),
                                [](const QString &w) { return w.contains(QLatin1String("JWK resolver")); }));
        }
    }

    void springRegistrationIdIsSafeWhateverTheName()
    {
        Workspace w = sample();
        for (const QString &name :
             {QString(), QStringLiteral("..[]= :"), QStringLiteral("yes"), QString::fromUtf8("\xc3\xa9t\xc3\xa9")}) {
            w.registrations[0].name = name;
            const QByteArray text = render(QStringLiteral("spring-properties"), w).content;
            const QRegularExpression key(QStringLiteral("registration\\.(cmic[a-z0-9-]*)\\.client-id="));
            QVERIFY2(key.match(QString::fromUtf8(text)).hasMatch(), text.constData());
        }
    }

    // The curl script's form_encode() (POSIX sh + od) gives what the console's own encoder gives.
    void curlScriptFormEncodesLikeTheConsole()
    {
        const QByteArray script = render(QStringLiteral("curl-script"), sample()).content;
        const qsizetype start = script.indexOf("form_encode() {");
        const qsizetype end = script.indexOf("\n}\n", start);
        QVERIFY(start > 0 && end > start);
        const QString function = QString::fromUtf8(script.mid(start, end + 3 - start));
        for (const QString &value :
             {QString::fromUtf8(kSecret), QStringLiteral("a+b/c=d&e%f g"), QStringLiteral("*-._~!'()"),
              QString::fromUtf8("\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80"), QStringLiteral("app-123'\"$HOME`id`")}) {
            int code = -1;
            const QByteArray out = run(
                QStringLiteral("sh"),
                {QStringLiteral("-c"), function + QStringLiteral("form_encode \"$1\""), QStringLiteral("sh"), value},
                {}, QProcessEnvironment::systemEnvironment(), &code);
            QCOMPARE(code, 0);
            QCOMPARE(out, net::formEncode(value));
        }
    }

    void curlScriptIsValidShAndStopsWithoutASecret()
    {
        for (const int method : {0, 1, 2}) {
            const ExportResult result = render(QStringLiteral("curl-script"), sample(ClientAuthMethod(method)));
            QVERIFY(result.content.startsWith("#!/bin/sh\n"));
            QVERIFY(QFile::exists(QStringLiteral("/bin/sh")));
            QVERIFY(writeFile(m_dir.filePath(QStringLiteral("c.sh")), result.content));
            int code = -1;
            run(QStringLiteral("sh"), {QStringLiteral("-n"), m_dir.filePath(QStringLiteral("c.sh"))}, {},
                QProcessEnvironment::systemEnvironment(), &code);
            QCOMPARE(code, 0); // the syntax is valid POSIX sh (dash)
            if (method == 2) {
                QVERIFY(!result.warnings.isEmpty());
                run(QStringLiteral("sh"), {m_dir.filePath(QStringLiteral("c.sh"))}, {},
                    QProcessEnvironment::systemEnvironment(), &code);
                QCOMPARE(code, 2);
            } else {
                QVERIFY(result.content.contains("--cacert \"$ca_bundle\""));
                QVERIFY(result.content.contains("limit=1"));
                QVERIFY(!result.content.contains("other-app-must-not-leak"));
                // Without a secret it stops before any request.
                QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
                env.remove(QStringLiteral("CMIC_CLIENT_SECRET"));
                run(QStringLiteral("sh"), {m_dir.filePath(QStringLiteral("c.sh"))}, {}, env, &code);
                QCOMPARE(code, 2);
            }
        }
    }

    void portableConfigRoundTrips()
    {
        const Workspace w = sample();
        const ExportResult result = render(QStringLiteral("portable-config"), w);
        QVERIFY(result.warnings.isEmpty());
        QVERIFY(PortableConfig::isPortableConfig(result.content));
        PortableConfig::Content back;
        const PortableConfig::Result parsed = PortableConfig::parse(result.content, &back);
        QVERIFY2(parsed.ok, qPrintable(parsed.message));
        QCOMPARE(back.workspace.id, w.id);
        QCOMPARE(back.workspace.settings, w.settings);
        QCOMPARE(back.workspace.registrations.size(), 1);
        QCOMPARE(back.workspace.registrations.constFirst(), w.registrations.constFirst());
        QCOMPARE(back.workspace.environments, w.environments);
        QCOMPARE(back.workspace.serviceUsers, w.serviceUsers);
        QCOMPARE(back.secret.toString(), QStringLiteral("env:CMIC_CLIENT_SECRET"));
        const QJsonObject root = QJsonDocument::fromJson(result.content).object();
        QCOMPARE(root.value(QLatin1String("schema")).toInt(), 1);
        QCOMPARE(root.value(QLatin1String("format")).toString(), QStringLiteral("cmic-oauth-portable"));
    }

    void portableConfigSecretReference_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("written");
        QTest::addColumn<bool>("warned");
        QTest::newRow("default") << QString() << QStringLiteral("env:CMIC_CLIENT_SECRET") << false;
        QTest::newRow("env") << QStringLiteral("env:PAYROLL_SECRET") << QStringLiteral("env:PAYROLL_SECRET") << false;
        QTest::newRow("file") << QStringLiteral("file:/etc/cmic/secret") << QStringLiteral("file:/etc/cmic/secret")
                              << false;
        QTest::newRow("keychain") << QStringLiteral("keychain") << QStringLiteral("keychain") << false;
        QTest::newRow("bad env") << QStringLiteral("env:1 x") << QStringLiteral("env:CMIC_CLIENT_SECRET") << true;
        QTest::newRow("inline secret") << QStringLiteral("hunter2") << QStringLiteral("env:CMIC_CLIENT_SECRET") << true;
    }
    void portableConfigSecretReference()
    {
        QFETCH(QString, reference);
        QFETCH(QString, written);
        QFETCH(bool, warned);
        ExportOptions options;
        options.secretReference = reference;
        const ExportResult result = render(QStringLiteral("portable-config"), sample(), options);
        QCOMPARE(!result.warnings.isEmpty(), warned);
        PortableConfig::Content back;
        QVERIFY(PortableConfig::parse(result.content, &back).ok);
        QCOMPARE(back.secret.toString(), written);
    }

    void portableConfigNeverHoldsTheSecret()
    {
        ExportOptions options;
        options.includeSecret = true;
        options.secret = kSecret;
        const ExportResult result = render(QStringLiteral("portable-config"), sample(), options);
        QVERIFY(!result.containsSecret);
        QVERIFY(!result.content.contains(kSecret));
        QCOMPARE(result.warnings.size(), 1);
    }

    void portableConfigRefusesWhatItCannotUse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mustSay");
        const QByteArray head = "{\"format\": \"cmic-oauth-portable\", \"schema\": 1, ";
        QTest::newRow("newer schema") << QByteArray(
            "{\"format\": \"cmic-oauth-portable\", \"schema\": 7, \"registration\": {}}")
                                      << QStringLiteral("Update cmic-oauth");
        QTest::newRow("no schema") << QByteArray("{\"format\": \"cmic-oauth-portable\", \"registration\": {}}")
                                   << QStringLiteral("\"schema\"");
        QTest::newRow("no registration") << QByteArray(head + "\"secret\": \"keychain\"}")
                                         << QStringLiteral("\"registration\" is missing");
        QTest::newRow("inline secret") << QByteArray(head + "\"secret\": \"hunter2\", \"registration\": {}}")
                                       << QStringLiteral("env:NAME, file:PATH or keychain");
        QTest::newRow("foreign environment")
            << QByteArray(head + "\"environment\": {\"id\": \"e1\"}, \"registration\": {\"environmentId\": \"e2\"}}")
            << QStringLiteral("\"environmentId\"");
        QTest::newRow("missing service user") << QByteArray(head + "\"registration\": {\"serviceUserId\": \"u\"}}")
                                              << QStringLiteral("no \"serviceUser\" member");
        QTest::newRow("twice") << QByteArray(head + "\"registration\": {}, \"registration\": {}}")
                               << QStringLiteral("could not be read");
        QTest::newRow("not json") << QByteArray("{\"format\": \"cmic-oauth-portable\",")
                                  << QStringLiteral("not a JSON object");
        QTest::newRow("too large") << QByteArray(head + "\"registration\": {\"notes\": \""
                                                 + QByteArray(1100 * 1024, 'x') + "\"}}")
                                   << QStringLiteral("larger than");
    }
    void portableConfigRefusesWhatItCannotUse()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mustSay);
        PortableConfig::Content content;
        const PortableConfig::Result r = PortableConfig::parse(json, &content, QStringLiteral("x.json"));
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(mustSay), qPrintable(r.message));
    }

    void secretFileNeedsMode0600()
    {
        const QString path = m_dir.filePath(QStringLiteral("secret"));
        QVERIFY(writeFile(path, QByteArray(kSecret) + "\n"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                                | QFileDevice::ReadOther));
        SecretFileRead read = readSecretFile(path);
        QVERIFY(!read.ok);
        QVERIFY2(read.problem.contains(QLatin1String("chmod 600")), qPrintable(read.problem));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        read = readSecretFile(path);
        QVERIFY2(read.ok, qPrintable(read.problem));
        QVERIFY(read.secret == QString::fromUtf8(kSecret));
        QVERIFY(!readSecretFile(m_dir.filePath(QStringLiteral("none"))).ok);
        QVERIFY(!readSecretFile(m_dir.path()).ok);
    }
};

QTEST_GUILESS_MAIN(TestIntegrationExporters)
#include "tst_integrationexporters.moc"
