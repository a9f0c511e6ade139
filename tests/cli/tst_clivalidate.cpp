// Runs the real `cmic-oauth validate` against a sandbox started here (HTTPS with its own CA): exit codes 0/1/2,
// the three report formats, and the secret in no output.
#include "CiSkip.h"
#include "CliRun.h"
#include "RawControls.h"

#include "core/storage/KeychainSecretStore.h"
#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/validation/ValidationReport.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"
#include "sandbox/SandboxHttpServer.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>
#include <sys/stat.h>

using namespace cmic;
using namespace cmic::sandbox;

namespace {

using Run = cmic::test::CliRun;

// Runs the CLI without blocking this thread's event loop: the sandbox servers answer from it.
Run runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
           const QByteArray &stdinData = {})
{
    return cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), QStringList{QStringLiteral("validate")} + args,
                                     stdinData, env);
}

// One keychain request to its answer: the status (OtherError when nothing came back in time).
SecretStore::Status keychainAnswer(SecretRequest *request)
{
    SecretStore::Status status = SecretStore::Status::OtherError;
    bool arrived = false;
    QObject context;
    QObject::connect(request, &SecretRequest::finished, &context, [&](SecretRequest *finished) {
        status = finished->status();
        arrived = true;
    });
    QDeadlineTimer deadline(20000);
    while (!arrived && !deadline.hasExpired())
        QTest::qWait(10);
    return status;
}

QString explain(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(6000)), QString::fromUtf8(r.err.left(3000)));
}

} // namespace

class TestCliValidate : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    QString m_workspacePath;          // all three registrations
    QString m_singlePath;             // only the basic one, CA bundle elsewhere (as copied to a server)
    QMap<QString, QString> m_secrets; // registration id -> credential

    QProcessEnvironment envWith(const QString &name, const QString &value) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(name, value);
        return env;
    }

    // Every output the CLI wrote (stdout, stderr, the report file) is free of |secret|.
    static void expectNoSecret(const Run &r, const QString &secret, const QString &file = {})
    {
        QVERIFY(secret.size() > 8);
        const QByteArray needle = secret.toUtf8();
        QVERIFY2(!r.out.contains(needle), "the secret is on standard output");
        QVERIFY2(!r.err.contains(needle), "the secret is on standard error");
        QVERIFY2(!r.out.contains(QUrl::toPercentEncoding(secret)), "the form-encoded secret is on standard output");
        if (!file.isEmpty()) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(needle), "the secret is in the report file");
            QVERIFY2(!bytes.contains(QUrl::toPercentEncoding(secret)), "the form-encoded secret is in the report file");
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.filePath(QStringLiteral("ca"))}, &error), qPrintable(error));
        const Workspace workspace = m_sandbox.workspace();
        m_workspacePath = m_dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        WorkspaceFile file;
        QVERIFY(file.save(m_workspacePath, workspace, true).ok());

        // The server copy: one registration, and a CA bundle path that does not exist on "this" machine.
        Workspace single = workspace;
        single.registrations = {*workspace.registration(DemoSandbox::kBasicId)};
        single.settings.caBundlePath = QStringLiteral("/nonexistent/admin-laptop/sandbox-ca.pem");
        m_singlePath = m_dir.filePath(QStringLiteral("server.cmic-oauth.json"));
        WorkspaceFile singleFile;
        QVERIFY(singleFile.save(m_singlePath, single, true).ok());

        QMap<QString, QString> byKey;
        for (const DemoSecret &secret : m_sandbox.secrets())
            byKey.insert(secret.key, secret.value);
        for (const AppRegistration &r : workspace.registrations) {
            const bool usesKey = r.authMethod == ClientAuthMethod::PrivateKeyJwt;
            m_secrets.insert(r.id, byKey.value(SecretStore::key(workspace.id, r.id,
                                                                usesKey ? QStringLiteral("private-key")
                                                                        : QStringLiteral("client-secret"))));
            QVERIFY(!m_secrets.value(r.id).isEmpty());
        }
    }

    void passesWithSecretFromEnvironment()
    {
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const Run r =
            runCli({m_workspacePath, QStringLiteral("--registration"), QStringLiteral("Demo app (client_secret_basic)"),
                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")},
                   envWith(QStringLiteral("CMIC_TEST_SECRET"), secret));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY(r.out.contains("Result: PASSED"));
        QVERIFY(r.out.contains("8. CMiC call"));
        QVERIFY(r.out.contains("Service user: SVC_DEMO"));
        QVERIFY(r.err.contains("passed"));
        expectNoSecret(r, secret);
    }

    void jsonReportParsesAndHoldsNoSecret()
    {
        const QString secret = m_secrets.value(DemoSandbox::kPostId);
        const Run r = runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kPostId,
                              QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                              QStringLiteral("--format"), QStringLiteral("json")},
                             envWith(QStringLiteral("CMIC_TEST_SECRET"), secret));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &parseError);
        QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
        const QJsonObject report = doc.object();
        QCOMPARE(report.value(QLatin1String("passed")).toBool(), true);
        QCOMPARE(report.value(QLatin1String("serviceUser")).toString(), QStringLiteral("SVC_DEMO"));
        QCOMPARE(report.value(QLatin1String("registration")).toObject().value(QLatin1String("id")).toString(),
                 DemoSandbox::kPostId);
        const QJsonArray steps = report.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), qsizetype(validation::kStepCount)); // one entry per pipeline step
        for (const QJsonValue &step : steps)
            QCOMPARE(step.toObject().value(QLatin1String("status")).toString(), QStringLiteral("passed"));
        expectNoSecret(r, secret);
    }

    // Where the report goes is checked before the run (nothing fetched, nothing replaced): the workspace itself, a
    // folder that does not exist, a named pipe (issue 9, items 6, 7 and 9); "-" prints it.
    void badOutputIsRefusedBeforeTheRun_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("the workspace") << QStringLiteral("@workspace") << QStringLiteral("workspace being validated");
        QTest::newRow("missing folder") << m_dir.filePath(QStringLiteral("no/such/folder/r.html"))
                                        << QStringLiteral("folder does not exist");
        QTest::newRow("named pipe") << QStringLiteral("@fifo") << QStringLiteral("named pipe");
        QTest::newRow("a folder") << m_dir.path() << QStringLiteral("is a folder");
    }
    void badOutputIsRefusedBeforeTheRun()
    {
        QFETCH(QString, output);
        QFETCH(QString, mustMention);
        const QString fifo = m_dir.filePath(QStringLiteral("report.fifo"));
        if (output == QLatin1String("@fifo")) {
            QFile::remove(fifo);
            QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
            output = fifo;
        }
        if (output == QLatin1String("@workspace"))
            output = m_workspacePath;
        const QByteArray workspaceBefore = [this] {
            QFile f(m_workspacePath);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const int tokensBefore = m_sandbox.identityProvider()->server()->requestCount();
        const Run r = runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kPostId,
                              QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                              QStringLiteral("--output"), output},
                             envWith(QStringLiteral("CMIC_TEST_SECRET"), m_secrets.value(DemoSandbox::kPostId)));
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains(mustMention.toUtf8()), qPrintable(explain(r)));
        QVERIFY2(!r.err.contains("validating"), qPrintable(explain(r))); // refused before the run
        QCOMPARE(m_sandbox.identityProvider()->server()->requestCount(), tokensBefore);
        QFile f(m_workspacePath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), workspaceBefore);
        if (QFileInfo::exists(fifo)) {
            struct stat st = {};
            QVERIFY(::stat(QFile::encodeName(fifo).constData(), &st) == 0 && S_ISFIFO(st.st_mode));
        }
    }

    void dashOutputPrintsTheReport()
    {
        const Run r =
            runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kPostId,
                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"), QStringLiteral("--format"),
                    QStringLiteral("json"), QStringLiteral("--output"), QStringLiteral("-")},
                   envWith(QStringLiteral("CMIC_TEST_SECRET"), m_secrets.value(DemoSandbox::kPostId)));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY(QJsonDocument::fromJson(r.out).isObject());
        QVERIFY(!QFileInfo::exists(QStringLiteral("-")));
    }

    void htmlReportToFileWithKeyFromStdin()
    {
        const QString pem = m_secrets.value(DemoSandbox::kJwtId);
        const QString path = m_dir.filePath(QStringLiteral("report.html"));
        const Run r = runCli({m_workspacePath, QStringLiteral("--registration"),
                              QStringLiteral("demo-registration-jwt"), QStringLiteral("--secret-stdin"),
                              QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--output"), path},
                             QProcessEnvironment::systemEnvironment(), pem.toUtf8());
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY(r.out.isEmpty()); // the report went to the file
        QVERIFY(r.err.contains("report written to"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray html = f.readAll();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("Result: PASSED"));
        QVERIFY(!html.contains("<script"));
        const QStringList pemLines = pem.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(pemLines.size() > 4);
        expectNoSecret(r, pemLines.at(2), path);
        expectNoSecret(r, pemLines.at(pemLines.size() - 2), path);
    }

    void wrongSecretExitsOneAndNamesTheLayer()
    {
        const QString wrong = QStringLiteral("wrong-secret-5c1e9a77");
        const QString path = m_dir.filePath(QStringLiteral("failed.json"));
        const Run r = runCli({m_singlePath, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                              QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--output"), path,
                              QStringLiteral("--ca-bundle"), m_sandbox.caBundlePath()},
                             envWith(QStringLiteral("CMIC_TEST_SECRET"), wrong));
        QVERIFY2(r.exitCode == 1, qPrintable(explain(r)));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(report.value(QLatin1String("passed")).toBool(true), false);
        const QJsonObject failure = report.value(QLatin1String("firstFailure")).toObject();
        QCOMPARE(failure.value(QLatin1String("step")).toString(), QStringLiteral("token"));
        QCOMPARE(failure.value(QLatin1String("layer")).toString(), QStringLiteral("idp"));
        QVERIFY(r.err.contains("FAILED at the Token step"));
        expectNoSecret(r, wrong, path);
    }

    // A line feed in what the IdP sent (here in the token's iss claim, quoted by the Claims step's summary) stays
    // inside its line on standard output and standard error: it cannot print a made-up verdict line.
    void serverLineFeedsCannotAddLines()
    {
        const Workspace workspace = m_sandbox.workspace();
        QVERIFY(workspace.registration(DemoSandbox::kBasicId));
        const QString clientId = workspace.registration(DemoSandbox::kBasicId)->appId;
        const auto client = [&](const QJsonObject &extraClaims) {
            DemoClient c;
            c.clientId = clientId;
            c.authMethod = ClientAuthMethod::ClientSecretBasic;
            c.secret = m_secrets.value(DemoSandbox::kBasicId);
            c.cmicUser = QStringLiteral("SVC_DEMO");
            c.extraClaims = extraClaims;
            return c;
        };
        m_sandbox.identityProvider()->addClient(
            client({{QStringLiteral("iss"), QStringLiteral("x\nResult: PASSED. CMiC should accept this.")}}));
        const auto restore = qScopeGuard([&] { m_sandbox.identityProvider()->addClient(client({})); });
        const Run r = runCli({m_singlePath, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                              QStringLiteral("--ca-bundle"), m_sandbox.caBundlePath()},
                             envWith(QStringLiteral("CMIC_TEST_SECRET"), m_secrets.value(DemoSandbox::kBasicId)));
        QVERIFY2(r.exitCode == 1, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("FAILED at the Claims step"), qPrintable(explain(r)));
        QVERIFY2(r.err.contains("x\\u000aResult: PASSED"), qPrintable(explain(r)));
        for (const QByteArray &output : {r.out, r.err}) {
            for (const QByteArray &line : output.split('\n'))
                QVERIFY2(!line.trimmed().startsWith("Result: PASSED"), line.constData());
        }
    }

    // Names from the file with every kind of terminal control and a line feed that would forge a line (issue 9,
    // item 15): the environment and registration names in a passing run (progress and verdict on standard error,
    // the text report on standard output), the JSON report, the list printed for an unknown --registration, and a
    // service user's name in a run that fails on it. None reaches a stream raw or starts a line of its own.
    void everyNameFromTheFileIsEscapedOnBothStreams()
    {
        using cmic::test::escapedHostileText;
        using cmic::test::hostileText;
        const auto expectSafe = [](const Run &r) {
            QVERIFY2(r.exitCode >= 0, qPrintable(explain(r)));
            for (const QByteArray &output : {r.out, r.err}) {
                QVERIFY2(cmic::test::rawControlIn(output).isEmpty(),
                         qPrintable(cmic::test::rawControlIn(output) + QLatin1Char('\n') + explain(r)));
                QVERIFY2(cmic::test::forgedLineIn(output).isEmpty(), qPrintable(cmic::test::forgedLineIn(output)));
            }
        };
        Workspace workspace = m_sandbox.workspace();
        workspace.environments[0].name = hostileText(QStringLiteral("ENV"));
        AppRegistration basic = *workspace.registration(DemoSandbox::kBasicId);
        basic.name = hostileText(QStringLiteral("REG"));
        AppRegistration post = *workspace.registration(DemoSandbox::kPostId);
        post.name = hostileText(QStringLiteral("OTHER"));
        workspace.registrations = {basic, post};
        const QString path = m_dir.filePath(QStringLiteral("names.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, workspace, true).ok());
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const QProcessEnvironment env = envWith(QStringLiteral("CMIC_TEST_SECRET"), secret);
        const QStringList args{path,
                               QStringLiteral("--registration"),
                               DemoSandbox::kBasicId,
                               QStringLiteral("--secret-env"),
                               QStringLiteral("CMIC_TEST_SECRET"),
                               QStringLiteral("--ca-bundle"),
                               m_sandbox.caBundlePath()};

        const Run text = runCli(args, env);
        QVERIFY2(text.exitCode == 0, qPrintable(explain(text)));
        expectSafe(text);
        QVERIFY2(text.err.contains(QByteArray("validating '" + escapedHostileText(QStringLiteral("REG")) + "'")),
                 qPrintable(explain(text)));
        QVERIFY2(text.err.contains("PASSED end to end"), qPrintable(explain(text)));
        QVERIFY2(text.out.contains(escapedHostileText(QStringLiteral("REG"))), qPrintable(explain(text)));
        QVERIFY2(text.out.contains(escapedHostileText(QStringLiteral("ENV"))), qPrintable(explain(text)));

        const Run json = runCli(args + QStringList{QStringLiteral("--format"), QStringLiteral("json")}, env);
        QVERIFY2(json.exitCode == 0, qPrintable(explain(json)));
        expectSafe(json);
        QJsonParseError parseError;
        const QJsonObject report = QJsonDocument::fromJson(json.out, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(report.value(QLatin1String("registration")).toObject().value(QLatin1String("name")).toString(),
                 hostileText(QStringLiteral("REG")));
        QVERIFY(json.out.contains("\\u202e") && json.out.contains("\\u009b") && json.out.contains("\\u0000"));

        // An unknown registration (itself hostile, from argv): the names listed on standard error are escaped.
        const Run unknown = runCli({path, QStringLiteral("--registration"), hostileText(QStringLiteral("ASKED")),
                                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")},
                                   env);
        QVERIFY2(unknown.exitCode == 2, qPrintable(explain(unknown)));
        expectSafe(unknown);
        // (argv ends at the NUL.)
        QVERIFY2(unknown.err.contains("named 'ASKED\\u001b[2J\\u001b]0;PWNED\\u0007'."), qPrintable(explain(unknown)));
        for (const char *tag : {"REG", "OTHER"})
            QVERIFY2(unknown.err.contains(escapedHostileText(QLatin1String(tag))), qPrintable(explain(unknown)));
        QVERIFY2(unknown.err.contains(QByteArray("\n  " + escapedHostileText(QStringLiteral("OTHER")) + "  (id ")),
                 qPrintable(explain(unknown))); // one line per registration

        // Several registrations and none chosen: the same list.
        const Run none = runCli({path, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")}, env);
        QVERIFY2(none.exitCode == 2, qPrintable(explain(none)));
        expectSafe(none);
        QVERIFY2(none.err.contains(escapedHostileText(QStringLiteral("REG"))), qPrintable(explain(none)));

        // A service user whose name is hostile: the run fails on it, and says so in escapes.
        Workspace user = workspace;
        user.serviceUsers[0].username = hostileText(QStringLiteral("USER"));
        const QString userPath = m_dir.filePath(QStringLiteral("user.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(userPath, user, true).ok());
        QStringList userArgs = args;
        userArgs[0] = userPath;
        for (const QString &format : {QStringLiteral("text"), QStringLiteral("json")}) {
            const Run r = runCli(userArgs + QStringList{QStringLiteral("--format"), format}, env);
            expectSafe(r);
            QVERIFY2(r.out.contains(format == QLatin1String("json") ? QByteArray("USER\\u001b[2J")
                                                                    : escapedHostileText(QStringLiteral("USER"))),
                     qPrintable(explain(r)));
        }
        expectNoSecret(text, secret);
        expectNoSecret(json, secret);
    }

    // The workspace's CA bundle path names a pipe (a colleague's file may name anything): refused at once, before
    // anything is fetched; it used to wait for a writer for ever. The helper's timeout is the watchdog.
    void caBundleThatIsAPipeIsRefusedAtOnce()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("bundle.fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        Workspace workspace = m_sandbox.workspace();
        workspace.settings.caBundlePath = fifo;
        const QString path = m_dir.filePath(QStringLiteral("fifo-bundle.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, workspace, true).ok());
        const int before = m_sandbox.identityProvider()->server()->requestCount();
        const Run r = cmic::test::runCliProcess(
            QStringLiteral(CMIC_CLI_PATH),
            {QStringLiteral("validate"), path, QStringLiteral("--registration"), DemoSandbox::kBasicId,
             QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")},
            {}, envWith(QStringLiteral("CMIC_TEST_SECRET"), m_secrets.value(DemoSandbox::kBasicId)), 15000);
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("CA bundle") && r.err.contains("named pipe"), qPrintable(explain(r)));
        QCOMPARE(m_sandbox.identityProvider()->server()->requestCount(), before);
    }

    // A registration name with an escape sequence and a carriage return, quoted on standard error (progress) and in
    // the text report, reaches neither stream raw; the JSON report keeps it as it is.
    void registrationNameCannotDriveTheTerminal()
    {
        const QString hostile = QStringLiteral("Demo\x1b[2J\x1b]0;owned\x07"
                                               "app\rbasic\u202e");
        Workspace workspace = m_sandbox.workspace();
        AppRegistration registration = *workspace.registration(DemoSandbox::kBasicId);
        registration.name = hostile;
        workspace.registrations = {registration};
        const QString path = m_dir.filePath(QStringLiteral("hostile\x1b[1m\r.cmic-oauth.json"));
        WorkspaceFile file;
        QVERIFY(file.save(path, workspace, true).ok());
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const QProcessEnvironment env = envWith(QStringLiteral("CMIC_TEST_SECRET"), secret);
        const QStringList args{path,
                               QStringLiteral("--secret-env"),
                               QStringLiteral("CMIC_TEST_SECRET"),
                               QStringLiteral("--no-cmic"),
                               QStringLiteral("--ca-bundle"),
                               m_sandbox.caBundlePath()};

        const Run text = runCli(args, env);
        QVERIFY2(text.exitCode == 0, qPrintable(explain(text)));
        QVERIFY2(text.err.contains("validating 'Demo\\u001b[2J\\u001b]0;owned\\u0007app\\u000dbasic\\u202e'"),
                 qPrintable(explain(text)));
        QVERIFY2(cmic::test::rawControlIn(text.out).isEmpty(), qPrintable(cmic::test::rawControlIn(text.out)));
        QVERIFY2(cmic::test::rawControlIn(text.err).isEmpty(), qPrintable(cmic::test::rawControlIn(text.err)));

        // Several registrations and none chosen: the list of names on standard error is escaped too.
        Workspace two = workspace;
        AppRegistration second = registration;
        second.id = QStringLiteral("second\x1b[5m");
        two.registrations << second;
        const QString twoPath = m_dir.filePath(QStringLiteral("two.cmic-oauth.json"));
        WorkspaceFile twoFile;
        QVERIFY(twoFile.save(twoPath, two, true).ok());
        const Run listed = runCli({twoPath, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")}, env);
        QVERIFY2(listed.exitCode == 2, qPrintable(explain(listed)));
        QVERIFY2(listed.err.contains("(id second\\u001b[5m)"), qPrintable(explain(listed)));
        QVERIFY2(cmic::test::rawControlIn(listed.err).isEmpty(), qPrintable(cmic::test::rawControlIn(listed.err)));

        const Run json = runCli(args + QStringList{QStringLiteral("--format"), QStringLiteral("json")}, env);
        QVERIFY2(json.exitCode == 0, qPrintable(explain(json)));
        QVERIFY2(cmic::test::rawControlIn(json.err).isEmpty(), qPrintable(cmic::test::rawControlIn(json.err)));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json.out, &parseError);
        QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
        QCOMPARE(doc.object().value(QLatin1String("registration")).toObject().value(QLatin1String("name")).toString(),
                 hostile);
        expectNoSecret(text, secret);
        expectNoSecret(json, secret);
    }

    void serverCopyWithoutItsCaBundle()
    {
        // The exported workspace names a CA bundle that is not on this machine: a note, then the system CAs only,
        // so the sandbox's private CA is unknown (a TLS failure in the network layer) unless --ca-bundle names it.
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const QProcessEnvironment env = envWith(QStringLiteral("CMIC_TEST_SECRET"), secret);
        const Run withoutCa = runCli({m_singlePath, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                                      QStringLiteral("--format"), QStringLiteral("json")},
                                     env);
        QVERIFY2(withoutCa.exitCode == 1, qPrintable(explain(withoutCa)));
        QVERIFY(withoutCa.err.contains("is not on this computer"));
        const QJsonObject report = QJsonDocument::fromJson(withoutCa.out).object();
        const QJsonObject failure = report.value(QLatin1String("firstFailure")).toObject();
        QCOMPARE(failure.value(QLatin1String("step")).toString(), QStringLiteral("token"));
        QCOMPARE(failure.value(QLatin1String("layer")).toString(), QStringLiteral("network"));
        QVERIFY(withoutCa.out.contains("net.tls-unknown-ca"));
        expectNoSecret(withoutCa, secret);

        const Run withCa = runCli({m_singlePath, QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                                   QStringLiteral("--ca-bundle"), m_sandbox.caBundlePath()},
                                  env);
        QVERIFY2(withCa.exitCode == 0, qPrintable(explain(withCa)));
        expectNoSecret(withCa, secret);
    }

    void noCmicAndExpectUser()
    {
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const QProcessEnvironment env = envWith(QStringLiteral("CMIC_TEST_SECRET"), secret);
        const int before = m_sandbox.cmic()->requests();
        const Run skipped = runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kBasicId,
                                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"),
                                    QStringLiteral("--no-cmic"), QStringLiteral("--expect-user"),
                                    QStringLiteral("svc_demo"), QStringLiteral("--format"), QStringLiteral("json")},
                                   env);
        QVERIFY2(skipped.exitCode == 0, qPrintable(explain(skipped)));
        QCOMPARE(m_sandbox.cmic()->requests(), before);
        const QJsonObject call =
            QJsonDocument::fromJson(skipped.out).object().value(QLatin1String("steps")).toArray().at(7).toObject();
        QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
        QVERIFY(call.value(QLatin1String("skipReason")).toString().contains(QLatin1String("Not requested")));
        QCOMPARE(QJsonDocument::fromJson(skipped.out)
                     .object()
                     .value(QLatin1String("verdict"))
                     .toObject()
                     .value(QLatin1String("outcome"))
                     .toString(),
                 QStringLiteral("ready-up-to-cmic-call"));

        // In text, the verdict says how far the proof goes: up to the CMiC call, not that CMiC will accept.
        const Run text =
            runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kBasicId,
                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"), QStringLiteral("--no-cmic")},
                   env);
        QVERIFY2(text.exitCode == 0, qPrintable(explain(text)));
        QCOMPARE(m_sandbox.cmic()->requests(), before);
        QVERIFY2(text.out.contains("Result: READY UP TO THE CMiC CALL"), qPrintable(explain(text)));
        QVERIFY2(text.err.contains("READY UP TO THE CMiC CALL"), qPrintable(explain(text)));
        for (const QByteArray &output : {text.out, text.err}) {
            QVERIFY2(!output.contains("should accept"), output.constData());
            QVERIFY2(!output.contains("Result: PASSED"), output.constData());
        }

        const Run other =
            runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kBasicId,
                    QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET"), QStringLiteral("--no-cmic"),
                    QStringLiteral("--expect-user"), QStringLiteral("SVC_PAYROLL")},
                   env);
        QVERIFY2(other.exitCode == 1, qPrintable(explain(other)));
        QVERIFY(other.out.contains("service-user.unexpected"));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("several registrations, none chosen")
            << QStringList{QStringLiteral("WS"), QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")}
            << QStringLiteral("Demo app (client_secret_post)");
        QTest::newRow("unknown registration")
            << QStringList{QStringLiteral("WS"), QStringLiteral("--registration"), QStringLiteral("Nope"),
                           QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_SECRET")}
            << QStringLiteral("no single registration named 'Nope'");
        QTest::newRow("empty secret variable")
            << QStringList{QStringLiteral("WS"), QStringLiteral("--registration"), DemoSandbox::kBasicId,
                           QStringLiteral("--secret-env"), QStringLiteral("CMIC_TEST_UNSET_VARIABLE")}
            << QStringLiteral("no secret");
        QTest::newRow("both secret sources") << QStringList{QStringLiteral("WS"), QStringLiteral("--secret-env"),
                                                            QStringLiteral("X"), QStringLiteral("--secret-stdin")}
                                             << QStringLiteral("give the secret one way");
        QTest::newRow("bad format") << QStringList{QStringLiteral("WS"), QStringLiteral("--format"),
                                                   QStringLiteral("xml")}
                                    << QStringLiteral("--format must be text, json, junit or html");
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("WS"), QStringLiteral("--timeout"),
                                                    QStringLiteral("0")}
                                     << QStringLiteral("--timeout");
        QTest::newRow("missing workspace") << QStringList{QStringLiteral("/nonexistent/x.cmic-oauth.json"),
                                                          QStringLiteral("--secret-env"), QStringLiteral("X")}
                                           << QStringLiteral("x.cmic-oauth.json");
        QTest::newRow("no workspace") << QStringList{} << QStringLiteral("exactly one workspace");
        QTest::newRow("report file cannot be written") << QStringList{QStringLiteral("WS"),
                                                                      QStringLiteral("--registration"),
                                                                      DemoSandbox::kBasicId,
                                                                      QStringLiteral("--secret-env"),
                                                                      QStringLiteral("CMIC_TEST_SECRET"),
                                                                      QStringLiteral("--output"),
                                                                      QStringLiteral("/nonexistent/folder/report.txt")}
                                                       << QStringLiteral("Choose a folder you can write to");
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        args.replaceInStrings(QStringLiteral("WS"), m_workspacePath);
        QProcessEnvironment env = envWith(QStringLiteral("CMIC_TEST_SECRET"), m_secrets.value(DemoSandbox::kBasicId));
        env.remove(QStringLiteral("CMIC_TEST_UNSET_VARIABLE"));
        const Run r = runCli(args, env);
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains(expected.toUtf8()), qPrintable(explain(r)));
        QVERIFY(r.out.isEmpty());
    }

    void secretFromTheKeychainByDefault()
    {
        // The console's keychain entry for the registration (under scripts/with-keyring.sh in CI). A fresh workspace
        // id keeps the test's entries apart from anything else in the keychain.
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("No D-Bus session bus, so no Secret Service. Run under "
                                                   "scripts/with-keyring.sh (scripts/test.sh does)."));
        Workspace workspace;
        WorkspaceFile reader;
        QVERIFY(reader.open(m_workspacePath, &workspace).ok());
        workspace.id = Workspace::newId();
        const QString path = m_dir.filePath(QStringLiteral("keychain.cmic-oauth.json"));
        WorkspaceFile writer;
        QVERIFY(writer.save(path, workspace, true).ok());

        KeychainSecretStore store;
        const QString key = SecretStore::key(workspace.id, DemoSandbox::kBasicId);
        const QString secret = m_secrets.value(DemoSandbox::kBasicId);
        const SecretStore::Status written = keychainAnswer(store.write(key, secret));
        if (written != SecretStore::Status::Ok)
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("The keychain cannot store a secret here: ")
                                    + SecretStore::explain(written));

        const Run stored = runCli({path, QStringLiteral("--registration"), DemoSandbox::kBasicId});
        const Run missing = runCli({path, QStringLiteral("--registration"), DemoSandbox::kPostId});
        QSignalSpy removed(store.remove(key), &SecretRequest::finished);
        removed.wait(20000);

        QVERIFY2(stored.exitCode == 0, qPrintable(explain(stored)));
        expectNoSecret(stored, secret);
        QVERIFY2(missing.exitCode == 2, qPrintable(explain(missing)));
        QVERIFY2(missing.err.contains("no secret") && missing.err.contains("store it with the console"),
                 qPrintable(explain(missing)));
    }

    void keychainUnavailableExitsTwoWithWhatToDo()
    {
        // No session bus answers, so the OS keychain cannot be asked.
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + home.filePath(QStringLiteral("no-bus-listens-here")));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        const Run r = runCli({m_workspacePath, QStringLiteral("--registration"), DemoSandbox::kBasicId}, env);
        QVERIFY2(r.exitCode == 2, qPrintable(explain(r)));
        QVERIFY2(r.err.contains("no secret"), qPrintable(explain(r)));
        QVERIFY2(r.err.contains("--secret-env VAR"), qPrintable(explain(r)));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliValidate)
#include "tst_clivalidate.moc"
