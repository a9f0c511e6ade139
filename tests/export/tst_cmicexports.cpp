// The exports for CMiC's side (registration sheet, cmicapp.properties, SQL) and the IdP's side (Keycloak client,
// Entra and Okta guides): golden files from a hostile sample workspace (CMIC_UPDATE_GOLDEN=1 rewrites them), the SQL
// through sqlite3, the properties through java.util.Properties, the Keycloak JSON against the members Keycloak needs.

#include "CiSkip.h"
#include "core/export/Exporter.h"
#include "core/export/PdfRendering.h"
#include "core/model/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

QString u8(const char *text) { return QString::fromUtf8(text); }

// Every value a little hostile: quotes, backslashes, line feeds, comment and statement starters, Markdown and HTML
// characters, "&" and non-ASCII.
Workspace sample(Deployment deployment = Deployment::Enterprise)
{
    Workspace w;
    w.id = QStringLiteral("ws");
    Environment e;
    e.id = QStringLiteral("env");
    e.name = u8("cmicpr\xc3\xb6"
                "d \"main\"\n# cmic.oauth2.ipcheck.enabled=false");
    e.deployment = deployment;
    e.cloudTenant = deployment == Deployment::Cloud ? QStringLiteral("ACME") : QString();
    e.apiBaseUrl = QStringLiteral("https://erp.example.com/cmicprod");
    e.ipCheck = true;
    e.patchLevel = 21;
    e.removeDomainFromUser = false;
    e.userClaim = u8("cmic\\us\xc3\xa9r");
    w.environments << e;
    ServiceUser u;
    u.id = QStringLiteral("su");
    u.username = QStringLiteral("SVC_O'NEIL&\"CO\"");
    w.serviceUsers << u;
    AppRegistration r;
    r.id = QStringLiteral("reg");
    r.name = u8("Payroll 'sync' <b>*x*</b> & co\n-- DROP TABLE x; /* \xe2\x82\xac");
    r.environmentId = e.id;
    r.idpPreset = QStringLiteral("entra-v1");
    r.presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("11111111-2222-3333-4444-555555555555"));
    r.appId = QStringLiteral("app-1'); DELETE FROM x; --");
    r.issuer = QStringLiteral("https://sts.windows.net/11111111-2222-3333-4444-555555555555/");
    r.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys?q=`a|b`&x=*_[y]");
    r.tokenEndpoint =
        QStringLiteral("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token");
    r.scope = QStringLiteral("api://cmic-api/.default");
    r.audience = QStringLiteral("api://cmic-api");
    r.serviceUserId = u.id;
    w.registrations << r;
    return w;
}

const Exporter *exporter(const QString &id)
{
    const Exporter *e = ExporterRegistry::instance().find(id);
    if (!e)
        qWarning("no exporter %s", qPrintable(id));
    return e;
}

ExportResult render(const QString &id, const Workspace &w, const ExportOptions &options = {})
{
    const Exporter *e = exporter(id);
    return e ? e->render(w, w.registrations.constFirst(), options) : ExportResult{};
}

QString text(const QString &id, const Workspace &w) { return QString::fromUtf8(render(id, w).content); }

QString goldenDir()
{
    const QString source = qEnvironmentVariable("CMIC_SOURCE_DIR");
    return source.isEmpty() ? QString() : source + QStringLiteral("/tests/export/golden");
}

// Runs |program| with |arguments| and |input| on stdin; returns stdout, or a null array when it could not run.
QByteArray run(const QString &program, const QStringList &arguments, const QByteArray &input, QString *error)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        *error = process.errorString();
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        *error = QStringLiteral("timed out");
        return {};
    }
    const QByteArray err = process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 || !err.isEmpty()) {
        *error = QStringLiteral("exit %1: %2").arg(process.exitCode()).arg(QString::fromUtf8(err));
        return {};
    }
    return process.readAllStandardOutput();
}

} // namespace

class TestCmicExports : public QObject
{
    Q_OBJECT

private slots:
    void everyFormatIsRegistered()
    {
        for (const char *id :
             {"cmic-registration", "cmic-registration-html", "cmic-registration-pdf", "cmicapp-properties",
              "cmic-registration-sql", "keycloak-client", "entra-guide", "okta-guide"}) {
            const Exporter *e = ExporterRegistry::instance().find(QString::fromLatin1(id));
            QVERIFY2(e, id);
            QVERIFY(!e->displayName().isEmpty());
            QVERIFY(!e->description().isEmpty());
        }
        QCOMPARE(exporter(QStringLiteral("cmic-registration-sql"))->fileSuffix(), QStringLiteral("sql"));
        QCOMPARE(exporter(QStringLiteral("keycloak-client"))->fileSuffix(), QStringLiteral("json"));
        QCOMPARE(exporter(QStringLiteral("entra-guide"))->fileSuffix(), QStringLiteral("md"));
        QCOMPARE(exporter(QStringLiteral("cmic-registration-pdf"))->fileSuffix(), QStringLiteral("pdf"));
    }

    void golden_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("cloud");
        QTest::addColumn<QString>("file");
        for (const char *id : {"cmic-registration", "cmic-registration-html", "cmicapp-properties",
                               "cmic-registration-sql", "keycloak-client", "entra-guide", "okta-guide"}) {
            const QString name = QString::fromLatin1(id);
            const Exporter *e = exporter(name);
            QVERIFY(e);
            QTest::newRow(id) << name << false << name + QLatin1Char('.') + e->fileSuffix();
        }
        for (const char *id : {"cmic-registration", "cmicapp-properties", "cmic-registration-sql"}) {
            const QString name = QString::fromLatin1(id);
            QTest::addRow("%s cloud", id)
                << name << true << name + QStringLiteral(".cloud.") + exporter(name)->fileSuffix();
        }
    }

    void golden()
    {
        QFETCH(QString, id);
        QFETCH(bool, cloud);
        QFETCH(QString, file);
        const QByteArray actual = render(id, sample(cloud ? Deployment::Cloud : Deployment::Enterprise)).content;
        QVERIFY(!actual.isEmpty());
        QVERIFY2(!goldenDir().isEmpty(), "CMIC_SOURCE_DIR is not set (ctest sets it)");
        const QString path = goldenDir() + QLatin1Char('/') + file;
        if (qEnvironmentVariableIsSet("CMIC_UPDATE_GOLDEN")) {
            QDir().mkpath(goldenDir());
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(actual);
        }
        QFile in(path);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(" is missing (CMIC_UPDATE_GOLDEN=1)")));
        const QByteArray golden = in.readAll();
        if (actual != golden) {
            const QList<QByteArray> a = actual.split('\n');
            const QList<QByteArray> g = golden.split('\n');
            for (qsizetype i = 0; i < std::max(a.size(), g.size()); ++i) {
                const QByteArray al = a.value(i);
                const QByteArray gl = g.value(i);
                if (al != gl)
                    QFAIL(qPrintable(QStringLiteral("%1 line %2: got %3, golden %4")
                                         .arg(file)
                                         .arg(i + 1)
                                         .arg(QString::fromUtf8(al), QString::fromUtf8(gl))));
            }
        }
    }

    // ---- cmicapp.properties -----------------------------------------------------------------------------------

    void propertiesAreReadBackByJava()
    {
        const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
        if (java.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("java is not installed (scripts/install-deps.sh installs it)"));
        const QStringList claims{
            QStringLiteral("cmic\\user"),   u8("cmic_us\xc3\xa9r"),
            QStringLiteral("a\\u00e9\\"),   QStringLiteral("#x=y:z !w"),
            u8("claim\xf0\x9f\x94\x91"),    QStringLiteral("svc\ncmic.oauth2.ipcheck.enabled=false"),
            QStringLiteral("tab\there\f\r")};
        // One JVM for every file: the source launcher takes seconds to start.
        QTemporaryDir dir;
        QStringList files{qEnvironmentVariable("CMIC_SOURCE_DIR")
                          + QStringLiteral("/tests/export/tools/ReadProperties.java")};
        QList<QByteArray> contents;
        for (const QString &claim : claims) {
            Workspace w = sample();
            w.environments[0].userClaim = claim;
            w.environments[0].removeDomainFromUser = true;
            w.registrations[0].name = QStringLiteral("x\ncmic.oauth2.ipcheck.enabled=false\n\\");
            contents << render(QStringLiteral("cmicapp-properties"), w).content;
            QFile file(dir.filePath(QStringLiteral("%1.properties").arg(files.size())));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(contents.constLast());
            files << file.fileName();
        }
        QString error;
        const QByteArray out = run(java, files, {}, &error);
        QVERIFY2(!out.isNull(), qPrintable(error));
        QList<QMap<QString, QString>> read;
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("== ")) {
                read.append(QMap<QString, QString>());
                continue;
            }
            if (line.isEmpty())
                continue;
            const QList<QByteArray> parts = line.split(' ');
            QCOMPARE(parts.size(), 2);
            QVERIFY(!read.isEmpty());
            read.last().insert(QString::fromUtf8(QByteArray::fromHex(parts[0])),
                               QString::fromUtf8(QByteArray::fromHex(parts[1])));
        }
        QCOMPARE(read.size(), claims.size());
        for (qsizetype i = 0; i < claims.size(); ++i) {
            const QMap<QString, QString> expected{
                {QStringLiteral("cmic.oauth2.ipcheck.enabled"), QStringLiteral("true")},
                {QStringLiteral("cmic.oauth2.remove.domainFromUser"), QStringLiteral("true")},
                {QStringLiteral("cmic.oauth2.user.claim.name"), claims[i].trimmed()}};
            QCOMPARE(read[i], expected);
            // Java reads the file as ISO 8859-1: everything outside ASCII is escaped, so the settings are ASCII.
            const QByteArray &props = contents[i];
            for (const char c : props.mid(props.indexOf("\ncmic.")))
                QVERIFY2(uchar(c) < 0x80, props.constData());
        }
    }

    void propertiesForCloudWarnAndSaySoAtTheTop()
    {
        const ExportResult cloud = render(QStringLiteral("cmicapp-properties"), sample(Deployment::Cloud));
        QCOMPARE(cloud.warnings.size(), 1);
        QVERIFY(cloud.warnings.constFirst().startsWith(QLatin1String("Cloud environment: these properties apply to "
                                                                     "Enterprise app servers only")));
        QVERIFY2(cloud.content.startsWith("# Cloud environment: these properties apply to Enterprise"),
                 cloud.content.constData());
        const ExportResult enterprise = render(QStringLiteral("cmicapp-properties"), sample());
        QVERIFY(enterprise.warnings.isEmpty());
        QVERIFY(!enterprise.content.contains("Cloud"));
    }

    // ---- SQL ----------------------------------------------------------------------------------------------------

    void sqlInsertsTheRowUnchangedIntoSqlite()
    {
        const QString sqlite = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
        if (sqlite.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("sqlite3 is not installed (scripts/install-deps.sh installs it)"));
        Workspace w = sample();
        AppRegistration &r = w.registrations[0];
        r.name = QStringLiteral("x\nINSERT INTO da.sdapi_app_registration_tn VALUES ('n','n','n');");
        r.appId = QStringLiteral("it's; --x\n'); INSERT INTO da.sdapi_app_registration_tn VALUES ('a','b','c'); --");
        r.issuer = u8("https://idp.example/\xc3\xa9t\xc3\xa9/ /* not a comment */ & &x && \r\n\n\nend;");
        r.jwksUri = u8("https://idp.example/keys?a=1&b=''\"\\\t\xf0\x9f\x94\x91 --\n/\n.\n");
        const QByteArray sql = render(QStringLiteral("cmic-registration-sql"), w).content;
        QVERIFY(!sql.isEmpty());
        const QByteArray script =
            "ATTACH ':memory:' AS da;\n"
            "CREATE TABLE da.sdapi_app_registration_tn (APIIA_APPLICATION_ID TEXT, APIIA_ISSUER_URI TEXT, "
            "APIIA_JWKS_URI TEXT);\n"
            + sql
            + "\nSELECT hex(APIIA_APPLICATION_ID), hex(APIIA_ISSUER_URI), hex(APIIA_JWKS_URI) FROM "
              "da.sdapi_app_registration_tn;\n";
        QString error;
        // The script as one argument: SQLite's parser reads the file's bytes as they are (the shell's line reader
        // would drop a CR before a line feed, as line-based SQL clients do; the export warns about line breaks).
        const QByteArray out =
            run(sqlite, {QStringLiteral("-bail"), QStringLiteral(":memory:"), QString::fromUtf8(script)}, {}, &error);
        QVERIFY2(!out.isNull(), qPrintable(error + QStringLiteral("\n") + QString::fromUtf8(sql)));
        const QList<QByteArray> rows = out.trimmed().split('\n');
        QCOMPARE(rows.size(), 1); // no second statement got in
        const QList<QByteArray> columns = rows.constFirst().split('|');
        QCOMPARE(columns.size(), 3);
        QCOMPARE(QString::fromUtf8(QByteArray::fromHex(columns[0])), r.appId);
        QCOMPARE(QString::fromUtf8(QByteArray::fromHex(columns[1])), r.issuer);
        QCOMPARE(QString::fromUtf8(QByteArray::fromHex(columns[2])), r.jwksUri);
    }

    void sqlCommentsStaySafeForSqlPlus()
    {
        const ExportResult result = render(QStringLiteral("cmic-registration-sql"), sample());
        const QList<QByteArray> lines = result.content.split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("-- "))
                QVERIFY2(!line.contains('&'), line.constData()); // SQL*Plus substitutes in comments too
        }
        QVERIFY(result.content.startsWith("-- "));
        QVERIFY(result.content.contains("SET DEFINE OFF"));
        QVERIFY(result.content.contains("SET SQLBLANKLINES ON"));
        // No blank line anywhere: SQL*Plus would end the statement there.
        QVERIFY(!result.content.contains("\n\n"));
        QVERIFY(result.content.contains("INSERT INTO da.sdapi_app_registration_tn (APIIA_APPLICATION_ID, "
                                        "APIIA_ISSUER_URI, APIIA_JWKS_URI)\nVALUES ('app-1''); DELETE FROM x; --', "));
        // The sample's JWKS URI has "&": the admin is told.
        QVERIFY(result.warnings.join(QLatin1Char(' ')).contains(QLatin1String("SET DEFINE OFF")));
    }

    void sqlWarnsForCloudAndForLineBreaks()
    {
        const ExportResult cloud = render(QStringLiteral("cmic-registration-sql"), sample(Deployment::Cloud));
        QVERIFY(cloud.warnings.constFirst().startsWith(QLatin1String("Cloud environment:")));
        QVERIFY(cloud.content.startsWith("-- Cloud environment:"));
        Workspace w = sample();
        w.registrations[0].issuer += QLatin1Char('\n');
        QVERIFY(render(QStringLiteral("cmic-registration-sql"), w)
                    .warnings.join(QLatin1Char(' '))
                    .contains(QLatin1String("line break")));
        Workspace plain = sample();
        plain.registrations[0].jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
        QVERIFY(render(QStringLiteral("cmic-registration-sql"), plain).warnings.isEmpty());
    }

    // ---- registration sheet --------------------------------------------------------------------------------------

    void sheetHasTheValuesClaimAndAppIdClaim()
    {
        const Workspace w = sample();
        for (const char *id : {"cmic-registration", "cmic-registration-html"}) {
            const QString sheet = text(QString::fromLatin1(id), w);
            QVERIFY2(sheet.contains(QLatin1String("appid")), id);
            QVERIFY2(sheet.contains(QLatin1String("IdP preset: Microsoft Entra ID (v1 access tokens)")), id);
            QVERIFY2(sheet.contains(QLatin1String("ipaddr")), id);
        }
        const QString plain = text(QStringLiteral("cmic-registration"), w);
        QVERIFY(plain.contains(QLatin1String("App ID:            app-1'); DELETE FROM x; --\n")));
        QVERIFY(plain.contains(QLatin1String("Service username:  SVC_O'NEIL&\"CO\"\n")));
        QVERIFY(plain.contains(u8("add the claim \"cmic\\us\xc3\xa9r\"")));
        QVERIFY(plain.contains(QLatin1String("with the value: SVC_O'NEIL&\"CO\"\n")));
    }

    void sheetNamesTheAppIdClaimOfEachPreset_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("expected");
        QTest::newRow("entra v1") << QStringLiteral("entra-v1") << QStringLiteral("\"appid\" claim");
        QTest::newRow("entra v2") << QStringLiteral("entra-v2") << QStringLiteral("\"azp\" claim");
        QTest::newRow("okta") << QStringLiteral("okta") << QStringLiteral("\"cid\" claim");
        QTest::newRow("generic") << QStringLiteral("generic") << QStringLiteral("\"client_id\" claim");
        QTest::newRow("none") << QString() << QStringLiteral("first of appid, azp, cid, client_id");
    }

    void sheetNamesTheAppIdClaimOfEachPreset()
    {
        QFETCH(QString, preset);
        QFETCH(QString, expected);
        Workspace w = sample();
        w.registrations[0].idpPreset = preset;
        const QString sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(sheet.contains(expected), qPrintable(sheet));
    }

    void sheetStatesTheIpaddrRequirementWithThePatchCaveat()
    {
        Workspace w = sample();
        w.environments[0].patchLevel = 19;
        QString sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(sheet.contains(QLatin1String("must carry an \"ipaddr\" claim")), qPrintable(sheet));
        QVERIFY2(sheet.contains(QLatin1String("at Patch 19 answers 401")), qPrintable(sheet));
        w.environments[0].patchLevel = 21;
        sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(sheet.contains(QLatin1String("is a guess")), qPrintable(sheet));
        w.environments[0].ipCheck = false;
        sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(!sheet.contains(QLatin1String("must carry an \"ipaddr\"")), qPrintable(sheet));
        QVERIFY2(sheet.contains(QLatin1String("IP check is off")), qPrintable(sheet));
    }

    void sheetAtPatch22WithRegistrationUserStillAsksForTheClaim()
    {
        Workspace w = sample();
        w.environments[0].userSource = UserSource::Registration;
        w.environments[0].patchLevel = 22;
        QString sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(sheet.contains(QLatin1String("add the claim")), qPrintable(sheet));
        QVERIFY2(sheet.contains(QLatin1String("At Patch 22 CMiC cannot take the service user")), qPrintable(sheet));
        w.environments[0].patchLevel = 23;
        sheet = text(QStringLiteral("cmic-registration"), w);
        QVERIFY2(sheet.contains(QLatin1String("needs no user claim")), qPrintable(sheet));
    }

    void lineFeedInANameDoesNotBreakTheSheet()
    {
        Workspace w = sample();
        w.registrations[0].name = QStringLiteral("A\nApp ID:            evil");
        w.environments[0].name = QStringLiteral("E\r\nIssuer:            evil");
        w.serviceUsers[0].username = QStringLiteral("SVC\nJWKS URI:          evil");
        const QString sheet = text(QStringLiteral("cmic-registration"), w);
        for (const QString &line : sheet.split(QLatin1Char('\n')))
            QVERIFY2(!line.contains(QLatin1String("evil")) || !line.startsWith(QLatin1String("App ID:      "))
                         || line.startsWith(QLatin1String("App ID:            app-1")),
                     qPrintable(sheet));
        QCOMPARE(sheet.count(QLatin1String("\nApp ID:")), 1);
        QCOMPARE(sheet.count(QLatin1String("\nIssuer:")), 1);
        QCOMPARE(sheet.count(QLatin1String("\nJWKS URI:")), 1);
        QVERIFY(sheet.contains(QLatin1String("Registration: A App ID:            evil\n")));
        const QString html = text(QStringLiteral("cmic-registration-html"), w);
        QVERIFY(html.contains(QLatin1String("<title>CMiC API Security &gt; Application Registration - A App ID:")));
    }

    void htmlSheetEscapesEveryValue()
    {
        const QString html = text(QStringLiteral("cmic-registration-html"), sample());
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QLatin1String("<b>")));
        QVERIFY(html.contains(QLatin1String("Payroll &#39;sync&#39; &lt;b&gt;*x*&lt;/b&gt; &amp; co")));
        QVERIFY(html.contains(QLatin1String("<code>SVC_O&#39;NEIL&amp;&quot;CO&quot;</code>")));
        QCOMPARE(html.count(QLatin1String("<tr>")), 6); // four values, the claim and its value
    }

    void pdfWithoutARendererSaysToUseTheHtml()
    {
        QVERIFY(htmlToPdfRenderer() == nullptr); // this test links no QtGui
        const ExportResult result = render(QStringLiteral("cmic-registration-pdf"), sample());
        QVERIFY(result.content.isEmpty());
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY(result.warnings.constFirst().contains(QLatin1String("HTML")));
    }

    // ---- Keycloak -------------------------------------------------------------------------------------------------

    void keycloakClientHasWhatKeycloakNeeds()
    {
        Workspace w = sample();
        w.registrations[0].idpPreset = QStringLiteral("keycloak");
        const ExportResult result = render(QStringLiteral("keycloak-client"), w);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(result.content, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject c = doc.object();
        QCOMPARE(c.value(QLatin1String("clientId")).toString(), w.registrations[0].appId);
        QCOMPARE(c.value(QLatin1String("enabled")), QJsonValue(true));
        QCOMPARE(c.value(QLatin1String("protocol")).toString(), QStringLiteral("openid-connect"));
        QCOMPARE(c.value(QLatin1String("publicClient")), QJsonValue(false));
        QCOMPARE(c.value(QLatin1String("serviceAccountsEnabled")), QJsonValue(true));
        QCOMPARE(c.value(QLatin1String("standardFlowEnabled")), QJsonValue(false));
        QCOMPARE(c.value(QLatin1String("directAccessGrantsEnabled")), QJsonValue(false));
        QCOMPARE(c.value(QLatin1String("clientAuthenticatorType")).toString(), QStringLiteral("client-secret"));
        QVERIFY(!c.contains(QLatin1String("secret")));
        QVERIFY(!result.containsSecret);

        QMap<QString, QJsonObject> mappers;
        for (const QJsonValue &m : c.value(QLatin1String("protocolMappers")).toArray()) {
            const QJsonObject o = m.toObject();
            QCOMPARE(o.value(QLatin1String("protocol")).toString(), QStringLiteral("openid-connect"));
            QVERIFY(!o.value(QLatin1String("name")).toString().isEmpty());
            const QJsonObject config = o.value(QLatin1String("config")).toObject();
            for (auto it = config.constBegin(); it != config.constEnd(); ++it)
                QVERIFY2(it.value().isString(), qPrintable(it.key())); // Keycloak's config is a map of strings
            mappers.insert(o.value(QLatin1String("protocolMapper")).toString(),
                           o.value(QLatin1String("config")).toObject());
        }
        const QJsonObject claim = mappers.value(QStringLiteral("oidc-hardcoded-claim-mapper"));
        QCOMPARE(claim.value(QLatin1String("claim.name")).toString(), w.environments[0].userClaim);
        QCOMPARE(claim.value(QLatin1String("claim.value")).toString(), w.serviceUsers[0].username);
        QCOMPARE(claim.value(QLatin1String("access.token.claim")).toString(), QStringLiteral("true"));
        QCOMPARE(claim.value(QLatin1String("jsonType.label")).toString(), QStringLiteral("String"));
        const QJsonObject audience = mappers.value(QStringLiteral("oidc-audience-mapper"));
        QCOMPARE(audience.value(QLatin1String("included.custom.audience")).toString(),
                 QStringLiteral("api://cmic-api"));
        QCOMPARE(audience.value(QLatin1String("access.token.claim")).toString(), QStringLiteral("true"));
        // The IP check is on in the sample: the caller's address goes into ipaddr.
        QCOMPARE(mappers.value(QStringLiteral("oidc-usersessionmodel-note-mapper"))
                     .value(QLatin1String("claim.name"))
                     .toString(),
                 QStringLiteral("ipaddr"));
        QVERIFY(!result.warnings.join(QLatin1Char(' ')).contains(QLatin1String("not Keycloak")));
    }

    // Keycloak nests a claim named "a.b" as {"a": {"b": ...}} unless the dot is escaped; CMiC reads a flat claim.
    void keycloakClaimNameWithADotStaysFlat()
    {
        Workspace w = sample();
        w.environments[0].userClaim = QStringLiteral("cmic.user");
        const QJsonArray mappers = QJsonDocument::fromJson(render(QStringLiteral("keycloak-client"), w).content)
                                       .object()
                                       .value(QLatin1String("protocolMappers"))
                                       .toArray();
        QCOMPARE(mappers.first()
                     .toObject()
                     .value(QLatin1String("config"))
                     .toObject()
                     .value(QLatin1String("claim.name"))
                     .toString(),
                 QStringLiteral("cmic\\.user"));
    }

    // "&copy;" in a name must not turn into a character in the guide.
    void guideKeepsAnEntityInANameLiteral()
    {
        Workspace w = sample();
        w.registrations[0].name = QStringLiteral("R&amp;D &copy;");
        const QString md = text(QStringLiteral("entra-guide"), w);
        QVERIFY2(md.contains(QLatin1String("Registration: R\\&amp;D \\&copy;")), qPrintable(md));
    }

    void keycloakClientCarriesTheSecretOnlyWhenAsked()
    {
        Workspace w = sample();
        ExportOptions options;
        options.secret = QByteArrayLiteral("s3cr\"et");
        options.includeSecret = true;
        ExportResult result = render(QStringLiteral("keycloak-client"), w, options);
        QVERIFY(result.containsSecret);
        QCOMPARE(QJsonDocument::fromJson(result.content).object().value(QLatin1String("secret")).toString(),
                 QStringLiteral("s3cr\"et"));
        // private_key_jwt: the key never goes into the client.
        w.registrations[0].authMethod = ClientAuthMethod::PrivateKeyJwt;
        result = render(QStringLiteral("keycloak-client"), w, options);
        QVERIFY(!result.containsSecret);
        const QJsonObject c = QJsonDocument::fromJson(result.content).object();
        QCOMPARE(c.value(QLatin1String("clientAuthenticatorType")).toString(), QStringLiteral("client-jwt"));
        QVERIFY(!c.contains(QLatin1String("secret")));
    }

    void noExportHoldsTheSecretUnlessAsked()
    {
        ExportOptions options;
        options.secret = QByteArrayLiteral("TOP-SECRET-VALUE");
        for (const char *id : {"cmic-registration", "cmic-registration-html", "cmicapp-properties",
                               "cmic-registration-sql", "keycloak-client", "entra-guide", "okta-guide"}) {
            const ExportResult result = render(QString::fromLatin1(id), sample(), options);
            QVERIFY2(!result.content.contains("TOP-SECRET-VALUE"), id);
            QVERIFY2(!result.containsSecret, id);
        }
    }

    // ---- guides ---------------------------------------------------------------------------------------------------

    void entraGuideIsFilledWithTheRegistration()
    {
        const ExportResult result = render(QStringLiteral("entra-guide"), sample());
        QVERIFY(result.warnings.isEmpty());
        const QString md = QString::fromUtf8(result.content);
        QVERIFY(md.contains(QLatin1String("`api://cmic-api/.default`")));
        QVERIFY(md.contains(QLatin1String("`api://cmic-api`")));
        QVERIFY(md.contains(QLatin1String("`https://sts.windows.net/11111111-2222-3333-4444-555555555555/`")));
        QVERIFY(md.contains(QLatin1String("acceptMappedClaims")));
        QVERIFY(md.contains(QLatin1String("Add optional claim > Access > ipaddr")));
        QVERIFY(md.contains(u8("as claim `cmic\\us\xc3\xa9r` with the constant value `SVC_O'NEIL&\"CO\"`")));
        for (const char *code :
             {"AADSTS1002012", "AADSTS7000215", "AADSTS700016", "AADSTS50146", "AADSTS501461", "AADSTS700027"})
            QVERIFY2(md.contains(QLatin1String(code)), code);
        // The name is running text: Markdown's characters are escaped and the line feed is gone.
        QVERIFY2(md.contains(QLatin1String("Registration: Payroll 'sync' \\<b\\>\\*x\\*\\</b\\> \\& co \\-\\- DROP")),
                 qPrintable(md));
        // A value with backticks is still one code span.
        QVERIFY(
            md.contains(QLatin1String("``https://login.microsoftonline.com/common/discovery/keys?q=`a|b`&x=*_[y]``")));
    }

    void entraGuideForACertificateNamesPs256AndX5tS256()
    {
        Workspace w = sample();
        w.registrations[0].authMethod = ClientAuthMethod::PrivateKeyJwt;
        w.registrations[0].assertionAlgorithm = QStringLiteral("PS256");
        w.registrations[0].assertionThumbprint = AssertionThumbprint::X5tS256;
        const QString md = text(QStringLiteral("entra-guide"), w);
        QVERIFY2(md.contains(QLatin1String("algorithm `PS256`, thumbprint `x5t#S256`")), qPrintable(md));
    }

    void guidesWarnWhenThePresetIsAnotherIdp()
    {
        Workspace w = sample();
        QCOMPARE(render(QStringLiteral("okta-guide"), w).warnings.size(), 1);
        w.registrations[0].idpPreset = QStringLiteral("okta");
        QVERIFY(render(QStringLiteral("okta-guide"), w).warnings.isEmpty());
        QCOMPARE(render(QStringLiteral("entra-guide"), w).warnings.size(), 1);
        QVERIFY(render(QStringLiteral("entra-guide"), w).warnings.constFirst().contains(QLatin1String("Okta")));
    }

    void oktaGuideNamesCidAndTheClaimExpression()
    {
        Workspace w = sample();
        w.registrations[0].idpPreset = QStringLiteral("okta");
        w.registrations[0].presetParameters = {{QStringLiteral("domain"), QStringLiteral("acme.okta.com")},
                                               {QStringLiteral("authServerId"), QStringLiteral("aus1")}};
        const QString md = text(QStringLiteral("okta-guide"), w);
        QVERIFY(md.contains(QLatin1String("cid")));
        QVERIFY(md.contains(QLatin1String("`aus1`")));
        QVERIFY(md.contains(QLatin1String("`acme.okta.com`")));
        QVERIFY(md.contains(QLatin1String("Client Credentials")));
        // The expression is an Okta string literal: quotes doubled.
        QVERIFY2(md.contains(QLatin1String("value `\"SVC_O'NEIL&\"\"CO\"\"\"`")), qPrintable(md));
        QVERIFY(md.contains(QLatin1String("\"cid\" claim")));
    }
};

QTEST_GUILESS_MAIN(TestCmicExports)
#include "tst_cmicexports.moc"
