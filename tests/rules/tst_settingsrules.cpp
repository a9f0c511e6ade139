// Workspace settings as core decides them: the proxy URL and clock skew checks (with the place they name), the CA
// bundle inspection behind "Test this bundle" (the certificates listed, a message for each way a file can be
// wrong), which network failures are about a setting, and the removal questions with their usage counts.
#include "core/model/Removal.h"
#include "core/model/Workspace.h"
#include "core/net/CaBundle.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpResult.h"
#include "core/net/NetFindings.h"
#include "core/rules/SettingsRules.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

QString dataFile(const char *name)
{
    return qEnvironmentVariable("CMIC_TEST_DATA") + QStringLiteral("/ca-bundles/") + QLatin1String(name);
}

QStringList codes(const Findings &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out << f.code;
    return out;
}

const QDateTime kValidTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);

} // namespace

class tst_SettingsRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(dataFile("root-ca.pem")), "CMIC_TEST_DATA is not set"); }

    void proxyUrlProblem_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expectedInMessage"); // empty: the URL is fine
        QTest::newRow("http") << QStringLiteral("http://proxy.example.com:3128") << QString();
        QTest::newRow("https") << QStringLiteral("https://proxy.example.com:8443") << QString();
        QTest::newRow("socks5") << QStringLiteral("socks5://127.0.0.1:1080") << QString();
        QTest::newRow("with user") << QStringLiteral("http://alice@proxy:3128") << QString();
        QTest::newRow("spaces around") << QStringLiteral("  http://proxy:3128 ") << QString();
        QTest::newRow("empty") << QString() << QStringLiteral("needs a proxy URL");
        QTest::newRow("no scheme") << QStringLiteral("proxy.example.com:3128")
                                   << QStringLiteral("has no scheme: type http://proxy.example.com:3128");
        QTest::newRow("ftp") << QStringLiteral("ftp://proxy:21") << QStringLiteral("use http, https or socks5");
        QTest::newRow("no port") << QStringLiteral("http://proxy.example.com") << QStringLiteral("names no port");
        QTest::newRow("no host") << QStringLiteral("http://:3128") << QStringLiteral("no proxy host");
        QTest::newRow("path") << QStringLiteral("http://proxy:3128/pac") << QStringLiteral("has no path");
    }
    void proxyUrlProblem()
    {
        QFETCH(QString, url);
        QFETCH(QString, expectedInMessage);
        const QString problem = cmic::proxyUrlProblem(url);
        if (expectedInMessage.isEmpty()) {
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            return;
        }
        QVERIFY2(problem.contains(expectedInMessage), qPrintable(problem));
        // Every message says what to type.
        QVERIFY2(problem.contains(QLatin1String("http://proxy.example.com:3128")), qPrintable(problem));
    }

    void checkWorkspaceSettings_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("proxyUrl");
        QTest::addColumn<int>("skew");
        QTest::addColumn<QStringList>("expected");
        const int manual = int(ProxyMode::Manual);
        const int system = int(ProxyMode::System);
        QTest::newRow("defaults") << system << QString() << 60 << QStringList();
        QTest::newRow("system ignores a stale URL") << system << QStringLiteral("nonsense") << 60 << QStringList();
        QTest::newRow("manual fine") << manual << QStringLiteral("http://proxy:3128") << 0 << QStringList();
        QTest::newRow("manual empty") << manual << QString() << 60
                                      << QStringList{QStringLiteral("settings.proxy-url-missing")};
        QTest::newRow("manual bad") << manual << QStringLiteral("proxy") << 60
                                    << QStringList{QStringLiteral("settings.proxy-url-invalid")};
        QTest::newRow("negative skew") << system << QString() << -1
                                       << QStringList{QStringLiteral("settings.clock-skew-negative")};
        QTest::newRow("wide skew") << system << QString() << 301
                                   << QStringList{QStringLiteral("settings.clock-skew-wide")};
        QTest::newRow("huge skew") << system << QString() << 3601
                                   << QStringList{QStringLiteral("settings.clock-skew-too-large")};
    }
    void checkWorkspaceSettings()
    {
        QFETCH(int, mode);
        QFETCH(QString, proxyUrl);
        QFETCH(int, skew);
        QFETCH(QStringList, expected);
        WorkspaceSettings settings;
        settings.proxyMode = ProxyMode(mode);
        settings.proxyUrl = proxyUrl;
        settings.clockSkewSeconds = skew;
        const Findings findings = cmic::checkWorkspaceSettings(settings);
        QCOMPARE(codes(findings), expected);
        for (const Finding &f : findings) {
            QVERIFY(isSettingFinding(f));
            QVERIFY(f.subjectKind == SubjectKind::Workspace);
            QVERIFY2(f.fix.contains(QStringLiteral("Workspace Settings \u25B8 ")), qPrintable(f.fix));
        }
        // The document's findings (SetupRules) carry them, so the findings dock lists them.
        Workspace workspace;
        workspace.settings = settings;
        const FixedClock clock(kValidTime);
        QCOMPARE(codes(SetupRules(clock).check(workspace)), expected);
    }

    void settingPlacesNameTheDialogAndField()
    {
        QCOMPARE(settingPlace(QStringLiteral("caBundlePath")), QStringLiteral("Workspace Settings \u25B8 CA bundle"));
        QCOMPARE(settingPlace(QStringLiteral("proxyUrl")), QStringLiteral("Workspace Settings \u25B8 Proxy"));
        QCOMPARE(settingPlace(QStringLiteral("clockSkewSeconds")),
                 QStringLiteral("Workspace Settings \u25B8 Clock skew"));
        QCOMPARE(settingPlace(QStringLiteral("issuer")), QString());
        Finding registrationField;
        registrationField.subjectKind = SubjectKind::Registration;
        registrationField.field = QStringLiteral("caBundlePath");
        QVERIFY(!isSettingFinding(registrationField));
    }

    void networkFailuresPointAtTheirSetting_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field"); // empty: stays on the registration's URL field
        QTest::newRow("unknown CA") << int(net::NetErrorKind::TlsUnknownCa) << QStringLiteral("caBundlePath");
        QTest::newRow("proxy") << int(net::NetErrorKind::Proxy) << QStringLiteral("proxyUrl");
        QTest::newRow("timeout") << int(net::NetErrorKind::Timeout) << QStringLiteral("proxyUrl");
        QTest::newRow("host mismatch") << int(net::NetErrorKind::TlsHostMismatch) << QString();
        QTest::newRow("refused") << int(net::NetErrorKind::ConnectionRefused) << QString();
    }
    void networkFailuresPointAtTheirSetting()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        net::HttpResult result;
        result.error = net::NetErrorKind(kind);
        const QUrl url(QStringLiteral("https://idp.example.com/.well-known/openid-configuration"));
        std::tie(result.message, result.fix) = net::describeNetError(result.error, url, QStringLiteral("detail"));
        const Finding f = net::findingFromNetError(result, QStringLiteral("reg-1"), QStringLiteral("discoveryUrl"));
        if (field.isEmpty()) {
            QVERIFY(f.subjectKind == SubjectKind::Registration);
            QCOMPARE(f.field, QStringLiteral("discoveryUrl"));
            QVERIFY(!f.fix.contains(QStringLiteral("Workspace Settings")));
        } else {
            QVERIFY(isSettingFinding(f));
            QCOMPARE(f.field, field);
            QVERIFY2(f.fix.contains(settingPlace(field)), qPrintable(f.fix));
        }
    }

    void inspectsTheCertificatesOfABundle()
    {
        const net::CaBundleInspection inspection = net::inspectCaBundle(dataFile("root-ca.pem"), kValidTime);
        QVERIFY(inspection.usable());
        QVERIFY2(inspection.findings.isEmpty(), qPrintable(codes(inspection.findings).join(u' ')));
        QCOMPARE(inspection.certificates.size(), 1);
        const net::CaCertificateInfo &c = inspection.certificates.at(0);
        QVERIFY2(c.subject.contains(QLatin1String("Test Root CA")), qPrintable(c.subject));
        QCOMPARE(c.issuer, c.subject);
        QCOMPARE(c.validFrom, QDateTime(QDate(2026, 12, 2), QTime(18, 53, 54), Qt::UTC));
        QCOMPARE(c.validTo, QDateTime(QDate(2046, 11, 27), QTime(18, 53, 54), Qt::UTC));
        QCOMPARE(c.sha256Fingerprint, QStringLiteral("5A:A7:1E:D7:31:5E:F3:44:49:45:84:E9:A2:FE:27:C2:46:A1:EF:A6:9A:"
                                                     "94:97:17:E7:42:74:DE:F1:0F:DF:88"));
        QVERIFY(c.isCa);
    }

    void bundleProblems_data()
    {
        QTest::addColumn<QString>("file"); // in tests/data/ca-bundles, or made by the test: <empty>, <big>, <dir>
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<bool>("usable");
        QTest::addColumn<QString>("inMessage");
        const QDateTime early(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        const QDateTime late(QDate(2050, 1, 1), QTime(0, 0), Qt::UTC);
        QTest::newRow("not pem") << QStringLiteral("not-pem.txt") << kValidTime
                                 << QStringList{QStringLiteral("settings.ca-bundle-not-pem")} << false
                                 << QStringLiteral("BEGIN CERTIFICATE");
        QTest::newRow("der") << QStringLiteral("root-ca.der") << kValidTime
                             << QStringList{QStringLiteral("settings.ca-bundle-not-pem")} << false
                             << QStringLiteral("openssl x509 -inform der");
        QTest::newRow("empty") << QStringLiteral("<empty>") << kValidTime
                               << QStringList{QStringLiteral("settings.ca-bundle-empty")} << false
                               << QStringLiteral("is empty");
        QTest::newRow("too big") << QStringLiteral("<big>") << kValidTime
                                 << QStringList{QStringLiteral("settings.ca-bundle-too-large")} << false
                                 << QStringLiteral("root and intermediate");
        QTest::newRow("folder") << QStringLiteral("<dir>") << kValidTime
                                << QStringList{QStringLiteral("settings.ca-bundle-unreadable")} << false
                                << QStringLiteral("Cannot read");
        QTest::newRow("missing") << QStringLiteral("no-such.pem") << kValidTime
                                 << QStringList{QStringLiteral("settings.ca-bundle-not-found")} << false
                                 << QStringLiteral("again");
        QTest::newRow("expired") << QStringLiteral("root-ca.pem") << late
                                 << QStringList{QStringLiteral("settings.ca-bundle-expired")} << true
                                 << QStringLiteral("expired on 2046-11-27");
        QTest::newRow("not yet valid") << QStringLiteral("root-ca.pem") << early
                                       << QStringList{QStringLiteral("settings.ca-bundle-not-yet-valid")} << true
                                       << QStringLiteral("not valid before 2026-12-02");
        QTest::newRow("server certificate") << QStringLiteral("server-only.pem") << kValidTime
                                            << QStringList{QStringLiteral("settings.ca-bundle-not-ca")} << true
                                            << QStringLiteral("not a CA certificate");
        QTest::newRow("root and server") << QStringLiteral("root-and-server.pem") << kValidTime
                                         << QStringList{QStringLiteral("settings.ca-bundle-not-ca")} << true
                                         << QStringLiteral("idp.example.com");
    }
    void bundleProblems()
    {
        QFETCH(QString, file);
        QFETCH(QDateTime, at);
        QFETCH(QStringList, expected);
        QFETCH(bool, usable);
        QFETCH(QString, inMessage);
        QTemporaryDir dir;
        QString path = dataFile(file.toLatin1().constData());
        if (file == QLatin1String("<empty>") || file == QLatin1String("<big>")) {
            path = dir.filePath(QStringLiteral("bundle.pem"));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            if (file == QLatin1String("<big>"))
                QVERIFY(out.resize(net::kMaxCaBundleBytes + 1));
        } else if (file == QLatin1String("<dir>")) {
            path = dir.path();
        }
        const net::CaBundleInspection inspection = net::inspectCaBundle(path, at);
        QCOMPARE(codes(inspection.findings), expected);
        QCOMPARE(inspection.usable(), usable);
        const Finding &f = inspection.findings.at(0);
        QVERIFY2(QString(f.message + f.fix).contains(inMessage),
                 qPrintable(QString(f.message + QStringLiteral("\n") + f.fix)));
        QVERIFY2(f.fix.contains(QStringLiteral("Workspace Settings \u25B8 CA bundle")), qPrintable(f.fix));
        QCOMPARE(f.field, QStringLiteral("caBundlePath"));
    }

    void removalQuestionsCountTheUsers()
    {
        Workspace ws;
        Environment prod;
        prod.id = QStringLiteral("env-prod");
        prod.name = QStringLiteral("Prod");
        prod.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess")};
        Environment test = prod;
        test.id = QStringLiteral("env-test");
        test.name = QStringLiteral("Test");
        ServiceUser user;
        user.id = QStringLiteral("user-1");
        user.username = QStringLiteral("SVC_API");
        ws.environments = {prod, test};
        ws.serviceUsers = {user};
        for (int i = 0; i < 2; ++i) {
            AppRegistration reg;
            reg.id = QStringLiteral("reg-%1").arg(i);
            reg.name = QStringLiteral("Payroll %1").arg(i);
            reg.environmentId = prod.id;
            reg.serviceUserId = i == 0 ? user.id : QString();
            ws.registrations << reg;
        }
        QCOMPARE(registrationsUsingEnvironment(ws, prod.id), 2);
        QCOMPARE(registrationsUsingEnvironment(ws, test.id), 0);
        QCOMPARE(registrationsUsingEnvironment(ws, QString()), 0);
        QCOMPARE(registrationsUsingServiceUser(ws, user.id), 1);

        RemovalQuestion q = removalQuestion(ws, SubjectKind::Environment, prod.id);
        QCOMPARE(q.usageCount, 2);
        QVERIFY2(q.text.contains(QStringLiteral("use environment \u201cProd\u201d: they will have no environment")),
                 qPrintable(q.text));
        QVERIFY(q.text.startsWith(QLatin1String("2 registration")));
        QVERIFY(q.detail.contains(QLatin1String("Undo")));
        q = removalQuestion(ws, SubjectKind::Environment, test.id);
        QCOMPARE(q.usageCount, 0);
        QVERIFY2(q.text.contains(QStringLiteral("No registration uses it")), qPrintable(q.text));
        q = removalQuestion(ws, SubjectKind::ServiceUser, user.id);
        QCOMPARE(q.usageCount, 1);
        QVERIFY2(q.text.contains(QStringLiteral("service user \u201cSVC_API\u201d: they will have no service user")),
                 qPrintable(q.text));
        q = removalQuestion(ws, SubjectKind::Registration, QStringLiteral("reg-1"));
        QVERIFY2(q.text.contains(QStringLiteral("\u201cPayroll 1\u201d")), qPrintable(q.text));
        QVERIFY(q.text.contains(QLatin1String("keychain")));
        q = probeEndpointRemovalQuestion(prod, prod.probeEndpoints.at(0));
        QVERIFY2(q.text.contains(QStringLiteral("\u201csys-rest-api/rest/1/sdcompanyaccess\u201d from environment "
                                                "\u201cProd\u201d")),
                 qPrintable(q.text));
    }
};

QTEST_GUILESS_MAIN(tst_SettingsRules)
#include "tst_settingsrules.moc"
