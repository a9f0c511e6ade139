#include "CiSkip.h"
#include "core/storage/WorkspaceFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace cmic;

namespace {

// A workspace that sets every field to a non-default value and carries unknown members at every level.
Workspace fullWorkspace()
{
    Workspace ws;
    ws.id = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
    ws.settings.clockSkewSeconds = 120;
    ws.settings.caBundlePath = QStringLiteral("/etc/ssl/certs/corp-root.pem");
    ws.settings.proxyMode = ProxyMode::Manual;
    ws.settings.proxyUrl = QStringLiteral("http://proxy.corp.example:3128");
    ws.settings.unknownMembers.insert(QStringLiteral("futureSetting"), QStringLiteral("kept"));

    Environment env;
    env.id = QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    env.name = QStringLiteral("cmicprod");
    env.deployment = Deployment::Cloud;
    env.cloudTenant = QStringLiteral("ACME");
    env.apiBaseUrl = QStringLiteral("https://acme.cmiccloud.example/cmicprod");
    env.userSource = UserSource::Registration;
    env.userClaim = QStringLiteral("cmic_user");
    env.removeDomainFromUser = true;
    env.ipCheck = false;
    env.patchLevel = 21;
    env.probeEndpoints = {QStringLiteral("/sc-rest-api/rest/1/scjob"), QStringLiteral("/hcm-rest-api/rest/1/employee")};
    env.unknownMembers.insert(QStringLiteral("zoneHint"), QJsonArray{1, 2.5, true, QJsonValue()});
    ws.environments << env;
    Environment env2;
    env2.id = QStringLiteral("e2a1c0de-0000-4000-8000-000000000002");
    env2.name = QStringLiteral("cmictest \"quoted\" \\ tab\t and ünïcode");
    ws.environments << env2;

    ServiceUser su;
    su.id = QStringLiteral("16fd2706-8baf-433b-82eb-8c7fada847da");
    su.username = QStringLiteral("SVC_INTEGRATION");
    su.emailUsername = QStringLiteral("svc.integration@acme.example");
    su.displayName = QStringLiteral("Integration service user");
    su.dedicatedConfirmed = true;
    su.notes = QStringLiteral("Line one\nLine two");
    su.unknownMembers.insert(QStringLiteral("owner"), QJsonObject{{QStringLiteral("team"), QStringLiteral("IT")}});
    ws.serviceUsers << su;

    AppRegistration reg;
    reg.id = QStringLiteral("9b2d5c1e-3f4a-4b6c-8d7e-0f1a2b3c4d5e");
    reg.name = QStringLiteral("Payroll sync");
    reg.environmentId = env.id;
    reg.idpPreset = QStringLiteral("entra-v1");
    reg.presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("contoso.onmicrosoft.com"));
    reg.presetParameters.insert(QStringLiteral("region"), QStringLiteral("eu"));
    reg.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    reg.issuer = QStringLiteral("https://sts.windows.net/contoso/");
    reg.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    reg.tokenEndpoint = QStringLiteral("https://login.microsoftonline.com/contoso/oauth2/v2.0/token");
    reg.discoveryUrl = QStringLiteral("https://login.microsoftonline.com/contoso/.well-known/openid-configuration");
    reg.scope = QStringLiteral("api://cmic/.default");
    reg.audience = QStringLiteral("api://cmic");
    reg.resource = QStringLiteral("https://cmic.example");
    reg.authMethod = ClientAuthMethod::PrivateKeyJwt;
    reg.serviceUserId = su.id;
    reg.secretExpiry = QDate(2027, 3, 31);
    reg.assertionAlgorithm = QStringLiteral("ES256");
    reg.assertionKeyId = QStringLiteral("payroll-2027");
    reg.assertionCertificate = QString::fromLatin1("-----BEGIN CERTIFICATE-----\n"
                                                   "MIIBejCCAR+gAwIBAgIUc9j2JRKBaWMumDqkP/OaLw1k0UQwCgYIKoZIzj0EAwIw\n"
                                                   "ETEPMA0GA1UEAwwGZ29sZGVuMCAXDTI2MTIwMjA2MzYyM1oYDzIxMjYxMTA4MDYz\n"
                                                   "NjIzWjARMQ8wDQYDVQQDDAZnb2xkZW4wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC\n"
                                                   "AATmGtEirVYFc9rZ6M6O4Qp9ONIn8ucaVoiZqYlQDsqcT/4gOM7mnmvekabIoHfR\n"
                                                   "pJd7Z0btmwYOpaEV6/TU0b40o1MwUTAdBgNVHQ4EFgQUbkwF8nDsPwRfNKs4npnG\n"
                                                   "FzbbfsEwHwYDVR0jBBgwFoAUbkwF8nDsPwRfNKs4npnGFzbbfsEwDwYDVR0TAQH/\n"
                                                   "BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAnOTYfmM/UHGglIYUB+/OOmrwKv85\n"
                                                   "phvSqR6MJrvypiECIQCB+nftasebSQjLF/eNKVBo1ppaG9D0Aw0AqYu5FeJ6Lg==\n"
                                                   "-----END CERTIFICATE-----\n");
    reg.assertionThumbprint = AssertionThumbprint::X5tS256;
    reg.notes = QStringLiteral("Rotates every March.");
    reg.unknownMembers.insert(QStringLiteral("xCustom"), 42);
    ws.registrations << reg;
    AppRegistration reg2;
    reg2.id = QStringLiteral("a1b2c3d4-0000-4000-8000-000000000003");
    reg2.name = QStringLiteral("Minimal");
    ws.registrations << reg2;

    ws.unknownMembers.insert(QStringLiteral("comment"), QStringLiteral("written by a later console"));
    ws.unknownMembers.insert(QStringLiteral("aFutureList"),
                             QJsonArray{QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), 2}}});
    return ws;
}

QString goldenPath() { return QFINDTESTDATA("data/full.cmic-oauth.json"); }

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Something to detect whether a failed open() touched its output.
Workspace sentinel()
{
    Workspace ws;
    ws.id = QStringLiteral("sentinel");
    return ws;
}

} // namespace

class TestWorkspaceFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // ---- hostile files: a FIFO, a device, a .bak that is a link (issue 9, items 1, 2 and 4) --------------------

    // open() on a named pipe with no writer answers at once (it used to block in QFile::open for ever). The open
    // runs on its own thread with a watchdog, so a regression fails here instead of hanging the suite.
    void fifoIsRefusedWithoutBlocking()
    {
        const QString fifo = path(QStringLiteral("pipe.cmic-oauth.json"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        WorkspaceFile::Result result;
        Workspace ws = sentinel();
        std::atomic<bool> done{false};
        QThread *worker = QThread::create([&] {
            result = WorkspaceFile().open(fifo, &ws);
            done = true;
        });
        worker->start();
        QVERIFY2(worker->wait(10000), "WorkspaceFile::open blocked on a FIFO");
        delete worker;
        QVERIFY(done);
        QCOMPARE(int(result.error), int(WorkspaceFile::Error::Unreadable));
        QVERIFY2(result.message.contains(QLatin1String("named pipe")), qPrintable(result.message));
        QVERIFY(result.message.contains(QLatin1String("Choose")));
        QCOMPARE(ws.id, QStringLiteral("sentinel"));

        // Saving over it would replace the pipe with a file: refused, the pipe stays a pipe.
        const WorkspaceFile::Result saved = WorkspaceFile().save(fifo, fullWorkspace(), true);
        QCOMPARE(int(saved.error), int(WorkspaceFile::Error::WriteFailed));
        QVERIFY2(saved.message.contains(QLatin1String("Save As")), qPrintable(saved.message));
        struct stat st = {};
        QVERIFY(::stat(QFile::encodeName(fifo).constData(), &st) == 0 && S_ISFIFO(st.st_mode));
    }

    // A character device (here a zero device made for the test, reached directly and through a link named like a
    // workspace) is refused before a byte is read: /dev/zero used to be read until the process ran out of memory.
    void characterDeviceIsRefusedBeforeReading()
    {
        const QString zero = path(QStringLiteral("zero"));
        if (::mknod(QFile::encodeName(zero).constData(), S_IFCHR | 0600, makedev(1, 5)) != 0)
            CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("mknod needs root (CI runs as root): ")
                                    + QString::fromLocal8Bit(std::strerror(errno)));
        const QString link = path(QStringLiteral("z.cmic-oauth.json"));
        QVERIFY(QFile::link(zero, link));
        for (const QString &target : {zero, link}) {
            Workspace ws = sentinel();
            const WorkspaceFile::Result result = WorkspaceFile().open(target, &ws);
            QCOMPARE(int(result.error), int(WorkspaceFile::Error::Unreadable));
            QVERIFY2(result.message.contains(QLatin1String("character device")), qPrintable(result.message));
            QCOMPARE(ws.id, QStringLiteral("sentinel"));
        }
        // Saving through the link would replace the device node: refused.
        QCOMPARE(int(WorkspaceFile().save(link, fullWorkspace(), true).error), int(WorkspaceFile::Error::WriteFailed));
        struct stat st = {};
        QVERIFY(::stat(QFile::encodeName(zero).constData(), &st) == 0 && S_ISCHR(st.st_mode));
    }

    // The .bak is the console's own file: a link there is replaced by a regular file, its target left as it was
    // (it used to receive the old workspace, its mode changed to the workspace's).
    void backupThatIsALinkIsReplacedNotFollowed()
    {
        const QString file = path(QStringLiteral("linked.cmic-oauth.json"));
        const QString victim = path(QStringLiteral("victim.txt"));
        QVERIFY(writeAll(victim, "precious\n"));
        QVERIFY(QFile::setPermissions(victim, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace(), true).ok());
        QVERIFY(QFile::link(victim, WorkspaceFile::backupPath(file)));
        Workspace changed = fullWorkspace();
        changed.environments[0].name = QStringLiteral("changed");
        QVERIFY(wf.save(file, changed, true).ok());
        QCOMPARE(readAll(victim), QByteArray("precious\n"));
        QCOMPARE(QFileInfo(victim).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        const QFileInfo bak(WorkspaceFile::backupPath(file));
        QVERIFY(!bak.isSymLink());
        QVERIFY(bak.isFile());
        Workspace fromBak;
        QVERIFY(WorkspaceFile().open(bak.filePath(), &fromBak).ok());
        QCOMPARE(fromBak.environments.at(0).name, fullWorkspace().environments.at(0).name);
    }

    // A pipe where the .bak goes stops the save (nothing replaced, nothing saved).
    void backupThatIsAFifoStopsTheSave()
    {
        const QString file = path(QStringLiteral("fifobak.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace(), true).ok());
        const QByteArray before = readAll(file);
        QVERIFY(::mkfifo(QFile::encodeName(WorkspaceFile::backupPath(file)).constData(), 0600) == 0);
        Workspace changed = fullWorkspace();
        changed.environments[0].name = QStringLiteral("changed");
        const WorkspaceFile::Result r = wf.save(file, changed, true);
        QCOMPARE(int(r.error), int(WorkspaceFile::Error::WriteFailed));
        QVERIFY2(r.message.contains(QLatin1String("named pipe")), qPrintable(r.message));
        QCOMPARE(readAll(file), before);
    }

    // A workspace replaced on disk by a FIFO: the change check answers at once ("changed") instead of blocking.
    void changedOnDiskDoesNotBlockOnAFifo()
    {
        const QString file = path(QStringLiteral("swapped.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace(), true).ok());
        QVERIFY(!wf.changedOnDisk());
        QVERIFY(QFile::remove(file));
        QVERIFY(::mkfifo(QFile::encodeName(file).constData(), 0600) == 0);
        std::atomic<bool> changed{false};
        QThread *worker = QThread::create([&] { changed = wf.changedOnDisk(); });
        worker->start();
        QVERIFY2(worker->wait(10000), "changedOnDisk blocked on a FIFO");
        delete worker;
        QVERIFY(changed);
    }

    void roundTripKeepsEveryFieldAndUnknownMembers()
    {
        const Workspace ws = fullWorkspace();
        Workspace back;
        const WorkspaceFile::Result r = WorkspaceFile::parse(WorkspaceFile::serialize(ws), &back);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(!r.upgraded);
        QCOMPARE(back.unknownMembers, ws.unknownMembers);
        QCOMPARE(back.settings, ws.settings);
        QCOMPARE(back.environments, ws.environments);
        QCOMPARE(back.serviceUsers, ws.serviceUsers);
        QCOMPARE(back.registrations, ws.registrations);
        QCOMPARE(back, ws);
        QCOMPARE(WorkspaceFile::serialize(back), WorkspaceFile::serialize(ws));
    }

    void serializedFormMatchesGoldenFile()
    {
        const QByteArray actual = WorkspaceFile::serialize(fullWorkspace());
        if (qEnvironmentVariableIsSet("CMIC_UPDATE_GOLDEN")) {
            QVERIFY(writeAll(QDir(qEnvironmentVariable("CMIC_SOURCE_DIR"))
                                 .filePath(QStringLiteral("tests/storage/data/full.cmic-oauth.json")),
                             actual));
        }
        QVERIFY2(!goldenPath().isEmpty(), "tests/storage/data/full.cmic-oauth.json is missing");
        const QByteArray golden = readAll(goldenPath());
        if (actual != golden) {
            const QList<QByteArray> a = actual.split('\n');
            const QList<QByteArray> g = golden.split('\n');
            for (qsizetype i = 0; i < qMin(a.size(), g.size()); ++i)
                QVERIFY2(a.at(i) == g.at(i),
                         qPrintable(QStringLiteral("line %1: got %2, golden %3")
                                        .arg(i + 1)
                                        .arg(QString::fromUtf8(a.at(i)), QString::fromUtf8(g.at(i)))));
            QCOMPARE(a.size(), g.size());
        }
    }

    void goldenFileOpensToTheSameWorkspace()
    {
        WorkspaceFile file;
        Workspace ws;
        const WorkspaceFile::Result r = file.open(goldenPath(), &ws);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(ws, fullWorkspace());
    }

    void outputIsOrderedIndentedAndEndsWithNewline()
    {
        const QByteArray out = WorkspaceFile::serialize(fullWorkspace());
        QVERIFY(out.startsWith("{\n  \"format\": \"cmic-oauth-workspace\",\n  \"version\": 1,\n  \"id\": "));
        QVERIFY(out.endsWith("}\n"));
        QVERIFY(!out.contains('\r'));
        auto at = [&](const char *needle) { return out.indexOf(needle); };
        QVERIFY(at("\n  \"id\"") < at("\n  \"settings\""));
        QVERIFY(at("\n  \"settings\"") < at("\n  \"environments\""));
        QVERIFY(at("\n  \"environments\"") < at("\n  \"serviceUsers\""));
        QVERIFY(at("\n  \"serviceUsers\"") < at("\n  \"registrations\""));
        QVERIFY(at("\n  \"registrations\"") < at("\n  \"aFutureList\"")); // unknown members last, sorted
        QVERIFY(at("\n  \"aFutureList\"") < at("\n  \"comment\""));
        // Within an object: id and name first, in the documented order, not alphabetical.
        QVERIFY(at("\"id\": \"9b2d5c1e") < at("\"name\": \"Payroll sync\""));
        QVERIFY(at("\"name\": \"Payroll sync\"") < at("\"appId\": \"1111"));
        QVERIFY(at("\"appId\": \"1111") < at("\"issuer\": \"https://sts"));
        QCOMPARE(WorkspaceFile::serialize(fullWorkspace()), out); // deterministic
        // Whatever our writer does, it is JSON that Qt reads back to the same value.
        QJsonParseError error;
        QJsonDocument::fromJson(out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void neverWritesSecretMembers()
    {
        const QByteArray out = WorkspaceFile::serialize(fullWorkspace());
        QVERIFY(!out.contains("secret\":"));
        QVERIFY(!out.contains("password"));
    }

    void badFileIsRefusedAndLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<WorkspaceFile::Error>("error");
        QTest::addColumn<QString>("mustMention");

        const QByteArray golden = readAll(goldenPath());
        QTest::newRow("truncated") << golden.left(golden.size() / 2) << WorkspaceFile::Error::NotJson
                                   << QStringLiteral("cut short");
        QTest::newRow("garbage-binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                        << WorkspaceFile::Error::NotJson << QStringLiteral("line 1");
        QTest::newRow("empty") << QByteArray() << WorkspaceFile::Error::NotJson << QStringLiteral("is empty");
        QTest::newRow("whitespace-only") << QByteArray(" \n\t\n") << WorkspaceFile::Error::NotJson
                                         << QStringLiteral("is empty");
        QTest::newRow("prose") << QByteArray("Hello, this is not JSON.\n") << WorkspaceFile::Error::NotJson
                               << QStringLiteral("not a JSON file");
        QTest::newRow("top-level-array") << QByteArray("[1, 2]") << WorkspaceFile::Error::WrongFormat
                                         << QStringLiteral("not a CMiC OAuth Console workspace");
        QTest::newRow("postman-environment")
            << QByteArray(R"({"name": "cmicprod", "values": []})") << WorkspaceFile::Error::WrongFormat
            << QStringLiteral("no \"format\" member");
        QTest::newRow("other-format") << QByteArray(R"({"format": "something-else", "version": 1})")
                                      << WorkspaceFile::Error::WrongFormat << QStringLiteral("\"something-else\"");
        QTest::newRow("version-2") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 2})")
                                   << WorkspaceFile::Error::NewerVersion << QStringLiteral("version 2");
        QTest::newRow("version-as-string") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": "1"})")
                                           << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"version\"");
        QTest::newRow("version-missing") << QByteArray(R"({"format": "cmic-oauth-workspace"})")
                                         << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"version\"");
        QTest::newRow("version-0") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 0})")
                                   << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"version\"");
        QTest::newRow("version-1.5") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1.5})")
                                     << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"version\"");
        QTest::newRow("environments-not-array")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1, "environments": {}})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"environments\"");
        QTest::newRow("list-item-not-object")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1, "serviceUsers": ["SVC"]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("serviceUsers[0]");
        QTest::newRow("member-wrong-type")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "environments": [{"id": "e1", "name": "prod", "ipCheck": "yes"}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("environments[0] \"prod\"");
        QTest::newRow("patch-level-negative")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "environments": [{"id": "e1", "name": "prod", "patchLevel": -1}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"patchLevel\"");
        QTest::newRow("patch-level-fraction")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "environments": [{"id": "e1", "name": "prod", "patchLevel": 20.5}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"patchLevel\"");
        QTest::newRow("patch-level-string") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "environments": [{"id": "e1", "name": "prod", "patchLevel": "22"}]})")
                                            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"patchLevel\"");
        QTest::newRow("patch-level-too-high")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "environments": [{"id": "e1", "name": "prod", "patchLevel": 2022}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"patchLevel\"");
        QTest::newRow("unknown-enum-word") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "registrations": [{"id": "r1", "authMethod": "client_secret_jwt"}]})")
                                           << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"authMethod\"");
        QTest::newRow("unknown-assertion-algorithm")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "registrations": [{"id": "r1", "assertionAlgorithm": "HS256"}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"assertionAlgorithm\"");
        QTest::newRow("unknown-assertion-thumbprint")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "registrations": [{"id": "r1", "assertionThumbprint": "sha1"}]})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("x5t#S256");
        QTest::newRow("settings-not-object")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1, "settings": 5})")
            << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"settings\"");
        // Duplicate members at every level (issue 9, item 3): refused, naming both places, whichever comes first.
        QTest::newRow("duplicate-version-newer-last")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"version\": 99}")
            << WorkspaceFile::Error::NotJson
            << QStringLiteral("\"version\" appears twice, at line 1, column 36 and at line 1, column 50");
        QTest::newRow("duplicate-version-newer-first")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 99, \"version\": 1}")
            << WorkspaceFile::Error::NotJson << QStringLiteral("and at line 1, column 51");
        QTest::newRow("duplicate-registrations")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
"registrations": [{"id": "r1", "name": "first"}],
"registrations": [{"id": "r2", "name": "second"}]})")
            << WorkspaceFile::Error::NotJson << QStringLiteral("at line 2, column 1 and at line 3, column 1");
        QTest::newRow("duplicate-in-a-registration")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"registrations\": "
                          "[{\"id\": \"r1\", \"issuer\": \"https://a/\", \"issuer\": \"https://b/\"}]}")
            << WorkspaceFile::Error::NotJson << QStringLiteral("\"issuer\" appears twice");
        QTest::newRow("duplicate-in-settings")
            << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "settings": {"proxyMode": "system", "proxyMode": "none"}})")
            << WorkspaceFile::Error::NotJson << QStringLiteral("\"proxyMode\" appears twice");
        QTest::newRow("duplicate-escaped-name")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"id\": \"a\", \"\\u0069d\": \"b\"}")
            << WorkspaceFile::Error::NotJson << QStringLiteral("\"id\" appears twice");
        // Raw NUL and lone surrogates inside strings (item 5).
        QTest::newRow("raw-nul-in-a-string")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"id\": \"a\0b\"}", 61)
            << WorkspaceFile::Error::NotJson << QStringLiteral("control character");
        QTest::newRow("lone-surrogate-escape")
            << QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"id\": \"\\ud800\"}")
            << WorkspaceFile::Error::NotJson << QStringLiteral("surrogate");
        QTest::newRow("id-not-string") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1, "id": 7})")
                                       << WorkspaceFile::Error::InvalidMembers << QStringLiteral("\"id\"");
        QTest::newRow("duplicate-ids") << QByteArray(R"({"format": "cmic-oauth-workspace", "version": 1,
                 "serviceUsers": [{"id": "u1", "username": "A"}, {"id": "u1", "username": "B"}]})")
                                       << WorkspaceFile::Error::InvalidMembers
                                       << QStringLiteral("same id \"u1\" as serviceUsers[0]");
    }

    void badFileIsRefusedAndLeftUntouched()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(WorkspaceFile::Error, error);
        QFETCH(QString, mustMention);

        const QString file = path(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".cmic-oauth.json"));
        QVERIFY(writeAll(file, bytes));
        const QDateTime modified = QFileInfo(file).lastModified();

        WorkspaceFile wf;
        Workspace ws = sentinel();
        const WorkspaceFile::Result r = wf.open(file, &ws);
        QCOMPARE(r.error, error);
        QVERIFY2(r.message.contains(QDir::toNativeSeparators(file)), qPrintable(r.message));
        QVERIFY2(r.message.contains(mustMention), qPrintable(r.message));
        QVERIFY2(r.message.contains(QLatin1String("open it again")) || r.message.contains(QLatin1String("Open it"))
                     || r.message.contains(QLatin1String("Check that you chose")),
                 qPrintable(QStringLiteral("says what to do: ") + r.message));
        QCOMPARE(ws, sentinel());
        QVERIFY(wf.path().isEmpty());
        QCOMPARE(readAll(file), bytes);
        QCOMPARE(QFileInfo(file).lastModified(), modified);
        QVERIFY(!QFileInfo::exists(WorkspaceFile::backupPath(file)));
    }

    void notJsonNamesLineAndColumn()
    {
        const QByteArray bytes = "{\n  \"format\": \"cmic-oauth-workspace\",\n  \"version\": 1,\n  oops\n}\n";
        const WorkspaceFile::Result r = WorkspaceFile::parse(bytes, nullptr, QStringLiteral("/x/a.cmic-oauth.json"));
        QCOMPARE(r.error, WorkspaceFile::Error::NotJson);
        QCOMPARE(r.line, 4);
        QVERIFY(r.column >= 3 && r.column <= 4);
        QVERIFY2(r.message.contains(QStringLiteral("line 4, column %1").arg(r.column)), qPrintable(r.message));
        QVERIFY2(r.message.contains(QDir::toNativeSeparators(QStringLiteral("/x/a.cmic-oauth.json.bak"))),
                 qPrintable(r.message));
    }

    // A large file is parsed by Qt on another thread while it is checked against the strict rules: it is refused for
    // the same reasons as a small one, at the right line, and once opened a change of one byte on disk is seen.
    void largeFileIsCheckedAsStrictlyAsASmallOne_data()
    {
        QTest::addColumn<QByteArray>("insert"); // put into the last registration, after its "name" member
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("duplicate member") << QByteArray("\"name\": \"again\", ") << QStringLiteral("appears twice");
        QTest::newRow("lone surrogate") << QByteArray("\"notes\": \"\\ud800\", ") << QStringLiteral("surrogate");
        QTest::newRow("raw control character")
            << QByteArray("\"notes\": \"a\x01b\", ") << QStringLiteral("control character");
        QTest::newRow("syntax") << QByteArray("\"notes\" \"x\", ") << QStringLiteral("line");
    }

    void largeFileIsCheckedAsStrictlyAsASmallOne()
    {
        QFETCH(QByteArray, insert);
        QFETCH(QString, mustMention);
        Workspace large;
        large.id = QStringLiteral("large");
        for (int i = 0; i < 3000; ++i) {
            AppRegistration r;
            r.id = QStringLiteral("reg-%1").arg(i);
            r.name = QStringLiteral("Registration %1").arg(i);
            r.notes = QStringLiteral("Notes for registration %1").arg(i);
            large.registrations << r;
        }
        const QByteArray good = WorkspaceFile::serialize(large);
        QVERIFY2(good.size() > 512 * 1024, "large enough for the check on another thread");
        const QString file =
            path(QStringLiteral("large-%1.cmic-oauth.json").arg(QString::fromLatin1(QTest::currentDataTag())));

        // The unchanged file opens; one byte changed on disk afterwards is noticed.
        QVERIFY(writeAll(file, good));
        WorkspaceFile wf;
        Workspace opened;
        QVERIFY(wf.open(file, &opened).ok());
        QCOMPARE(opened, large);
        QVERIFY(!wf.changedOnDisk());
        QByteArray tampered = good;
        tampered[tampered.lastIndexOf("Registration 2999") + 13] = '3';
        QVERIFY(writeAll(file, tampered));
        QVERIFY(wf.changedOnDisk());

        QByteArray bad = good;
        const qsizetype at = bad.lastIndexOf("\"name\": \"Registration 2999\"");
        QVERIFY(at > 0);
        bad.insert(at, insert);
        const int expectedLine = static_cast<int>(QByteArrayView(bad.constData(), at).count('\n')) + 1;
        QVERIFY(writeAll(file, bad));
        Workspace ws = sentinel();
        const WorkspaceFile::Result r = WorkspaceFile().open(file, &ws);
        QCOMPARE(r.error, WorkspaceFile::Error::NotJson);
        QVERIFY2(r.message.contains(mustMention), qPrintable(r.message));
        QCOMPARE(r.line, expectedLine);
        QCOMPARE(ws, sentinel());
    }

    void manyInvalidMembersAreAllListedUpToALimit()
    {
        QByteArray bytes = "{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"environments\": [";
        for (int i = 0; i < 30; ++i) {
            if (i)
                bytes += ',';
            bytes += "{\"id\": \"e" + QByteArray::number(i) + "\", \"ipCheck\": 1}";
        }
        bytes += "]}";
        const WorkspaceFile::Result r = WorkspaceFile::parse(bytes, nullptr);
        QCOMPARE(r.error, WorkspaceFile::Error::InvalidMembers);
        QVERIFY(r.message.contains(QLatin1String("environments[19]")));
        QVERIFY(!r.message.contains(QLatin1String("environments[20]")));
        QVERIFY2(r.message.contains(QLatin1String("10 more")), qPrintable(r.message));
    }

    void missingIdsAreAssignedOnLoad()
    {
        const QByteArray bytes = R"({"format": "cmic-oauth-workspace", "version": 1,
            "registrations": [{"name": "no id"}], "serviceUsers": [{"id": "", "username": "SVC"}]})";
        Workspace ws;
        const WorkspaceFile::Result r = WorkspaceFile::parse(bytes, &ws);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.upgraded);
        QVERIFY(!ws.id.isEmpty());
        QCOMPARE(ws.registrations.size(), 1);
        QVERIFY(!ws.registrations.first().id.isEmpty());
        QVERIFY(!ws.serviceUsers.first().id.isEmpty());
        QVERIFY(ws.registrations.first().id != ws.serviceUsers.first().id);
    }

    void minimalFileUsesDefaults()
    {
        Workspace ws;
        const WorkspaceFile::Result r =
            WorkspaceFile::parse(R"({"format": "cmic-oauth-workspace", "version": 1, "id": "w1"})", &ws);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(!r.upgraded);
        QCOMPARE(ws.id, QStringLiteral("w1"));
        QCOMPARE(ws.settings, WorkspaceSettings());
        QVERIFY(ws.environments.isEmpty() && ws.serviceUsers.isEmpty() && ws.registrations.isEmpty());
        QVERIFY(ws.unknownMembers.isEmpty());
    }

    void byteOrderMarkIsAccepted()
    {
        Workspace ws;
        const WorkspaceFile::Result r =
            WorkspaceFile::parse("\xEF\xBB\xBF" + WorkspaceFile::serialize(fullWorkspace()), &ws);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(ws, fullWorkspace());
    }

    // The fingerprint is of the file as it is on disk, byte order mark included: opening such a file does not make
    // it look changed by someone else, and a change after the open is still seen.
    void fileWithAByteOrderMarkIsNotChangedOnDiskAfterOpening()
    {
        const QString file = path(QStringLiteral("bom.cmic-oauth.json"));
        const QByteArray bytes = "\xEF\xBB\xBF" + WorkspaceFile::serialize(fullWorkspace());
        QVERIFY(writeAll(file, bytes));
        WorkspaceFile wf;
        Workspace ws;
        QVERIFY(wf.open(file, &ws).ok());
        QVERIFY(!wf.changedOnDisk());
        QVERIFY(writeAll(file, bytes.mid(3))); // the same workspace without the mark: other bytes
        QVERIFY(wf.changedOnDisk());
    }

    void anyFileNameCanBeOpened()
    {
        const QString file = path(QStringLiteral("exported-from-colleague.json"));
        QVERIFY(writeAll(file, WorkspaceFile::serialize(fullWorkspace())));
        WorkspaceFile wf;
        Workspace ws;
        QVERIFY(wf.open(file, &ws).ok());
        QCOMPARE(wf.path(), file);
    }

    void missingFileIsNotFound()
    {
        WorkspaceFile wf;
        Workspace ws = sentinel();
        const QString file = path(QStringLiteral("does-not-exist.cmic-oauth.json"));
        const WorkspaceFile::Result r = wf.open(file, &ws);
        QCOMPARE(r.error, WorkspaceFile::Error::NotFound);
        QVERIFY(r.message.contains(QDir::toNativeSeparators(file)));
        QCOMPARE(ws, sentinel());
        QVERIFY(!QFileInfo::exists(file));
    }

    void folderIsUnreadable()
    {
        WorkspaceFile wf;
        Workspace ws;
        QCOMPARE(wf.open(m_dir.path(), &ws).error, WorkspaceFile::Error::Unreadable);
    }

    void firstSaveWritesNoBackup()
    {
        const QString file = path(QStringLiteral("first.cmic-oauth.json"));
        WorkspaceFile wf;
        const WorkspaceFile::Result r = wf.save(file, fullWorkspace());
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(readAll(file), WorkspaceFile::serialize(fullWorkspace()));
        QVERIFY(!QFileInfo::exists(WorkspaceFile::backupPath(file)));
        QCOMPARE(wf.path(), file);
        QVERIFY(!wf.changedOnDisk());
    }

    void saveKeepsThePreviousFileAsBak()
    {
        const QString file = path(QStringLiteral("bak.cmic-oauth.json"));
        Workspace ws = fullWorkspace();
        WorkspaceFile wf;
        QVERIFY(wf.save(file, ws).ok());
        const QByteArray first = readAll(file);

        ws.registrations[0].name = QStringLiteral("Payroll sync (renamed)");
        QVERIFY(wf.save(file, ws).ok());
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), first);
        QCOMPARE(readAll(file), WorkspaceFile::serialize(ws));
        const QByteArray second = readAll(file);

        ws.registrations[0].name = QStringLiteral("Third");
        QVERIFY(wf.save(file, ws).ok());
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), second);
        QCOMPARE(QFileInfo(WorkspaceFile::backupPath(file)).fileName(), QStringLiteral("bak.cmic-oauth.json.bak"));
    }

    void unchangedSaveKeepsTheBackup()
    {
        const QString file = path(QStringLiteral("same.cmic-oauth.json"));
        Workspace ws = fullWorkspace();
        WorkspaceFile wf;
        QVERIFY(wf.save(file, ws).ok());
        const QByteArray first = readAll(file);
        ws.id = QStringLiteral("changed-once");
        QVERIFY(wf.save(file, ws).ok());
        QVERIFY(wf.save(file, ws).ok()); // same content again: the .bak still holds the version before
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), first);
    }

    void changeOnDiskIsDetectedAndSaveRefused()
    {
        const QString file = path(QStringLiteral("shared.cmic-oauth.json"));
        QVERIFY(writeAll(file, WorkspaceFile::serialize(fullWorkspace())));
        WorkspaceFile wf;
        Workspace ws;
        QVERIFY(wf.open(file, &ws).ok());
        QVERIFY(!wf.changedOnDisk());

        Workspace theirs = fullWorkspace();
        theirs.environments[0].name = QStringLiteral("edited by a colleague");
        const QByteArray theirBytes = WorkspaceFile::serialize(theirs);
        QVERIFY(writeAll(file, theirBytes));
        QVERIFY(wf.changedOnDisk());

        ws.registrations[0].notes = QStringLiteral("my edit");
        const WorkspaceFile::Result r = wf.save(file, ws);
        QCOMPARE(r.error, WorkspaceFile::Error::ChangedOnDisk);
        QVERIFY(r.message.contains(QDir::toNativeSeparators(file)));
        QVERIFY(r.message.contains(QLatin1String("Reload")));
        QVERIFY(r.message.contains(QLatin1String("Save As")));
        QVERIFY(r.message.contains(QLatin1String("Overwrite")));
        QCOMPARE(readAll(file), theirBytes);
        QVERIFY(!QFileInfo::exists(WorkspaceFile::backupPath(file)));
        QCOMPARE(wf.save(file, ws).error, WorkspaceFile::Error::ChangedOnDisk); // still refused

        const WorkspaceFile::Result forced = wf.save(file, ws, /*force=*/true);
        QVERIFY2(forced.ok(), qPrintable(forced.message));
        QCOMPARE(readAll(file), WorkspaceFile::serialize(ws));
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), theirBytes); // their version is kept in the .bak
        QVERIFY(!wf.changedOnDisk());
        ws.registrations[0].notes = QStringLiteral("a later edit");
        QVERIFY(wf.save(file, ws).ok()); // our own writes never count as changes on disk
    }

    void changeOnDiskIsCheckedThroughAnotherSpellingOfThePath()
    {
        const QString file = path(QStringLiteral("spelled.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        QVERIFY(writeAll(file, "{}"));
        const QString other = m_dir.path() + QStringLiteral("/./spelled.cmic-oauth.json");
        QCOMPARE(wf.save(other, fullWorkspace()).error, WorkspaceFile::Error::ChangedOnDisk);
        QCOMPARE(readAll(file), QByteArray("{}"));
    }

    void deletedFileCountsAsChangedButCanBeSavedAgain()
    {
        const QString file = path(QStringLiteral("deleted.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        QVERIFY(QFile::remove(file));
        QVERIFY(wf.changedOnDisk());
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        QCOMPARE(readAll(file), WorkspaceFile::serialize(fullWorkspace()));
    }

    void saveAsToAnotherPathDoesNoChangeCheck()
    {
        const QString a = path(QStringLiteral("a.cmic-oauth.json"));
        const QString b = path(QStringLiteral("b.cmic-oauth.json"));
        QVERIFY(writeAll(b, "{\"other\": true}"));
        WorkspaceFile wf;
        QVERIFY(wf.save(a, fullWorkspace()).ok());
        QVERIFY(wf.save(b, fullWorkspace()).ok()); // the caller asked before overwriting b
        QCOMPARE(wf.path(), b);
        QCOMPARE(readAll(WorkspaceFile::backupPath(b)), QByteArray("{\"other\": true}"));
    }

    void failedBackupRefusesTheSaveAndLeavesTheFile()
    {
        const QString file = path(QStringLiteral("nobak.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        const QByteArray before = readAll(file);
        QVERIFY(QDir().mkpath(WorkspaceFile::backupPath(file))); // a folder where the .bak must go
        Workspace changed = fullWorkspace();
        changed.id = QStringLiteral("changed");
        const WorkspaceFile::Result r = wf.save(file, changed);
        QCOMPARE(r.error, WorkspaceFile::Error::WriteFailed);
        QVERIFY2(r.message.contains(QLatin1String("backup")), qPrintable(r.message));
        QVERIFY(r.message.contains(QLatin1String("Save As")));
        QCOMPARE(readAll(file), before);
        QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("nobak*")}, QDir::Files).size() == 1); // no temp left
    }

    // A full disk (here: a file size limit, RLIMIT_FSIZE) while writing the new contents must not cost the previous
    // .bak: the new bytes are written out before the .bak is refreshed.
    void failedWriteKeepsThePreviousBackup()
    {
        const QString file = path(QStringLiteral("full.cmic-oauth.json"));
        WorkspaceFile wf;
        Workspace ws = fullWorkspace();
        QVERIFY(wf.save(file, ws).ok());
        const QByteArray first = readAll(file);
        ws.id = QStringLiteral("second");
        QVERIFY(wf.save(file, ws).ok());
        const QByteArray second = readAll(file);
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), first);

        Workspace big = ws;
        big.registrations[0].notes = QString(64 * 1024, QLatin1Char('x'));
        const QByteArray bigBytes = WorkspaceFile::serialize(big);
        rlimit saved{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto previousHandler = signal(SIGXFSZ, SIG_IGN); // EFBIG instead of a signal
        rlimit limited = saved;
        limited.rlim_cur = rlim_t(second.size() + 1024); // room for the .bak, not for the new file
        QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
        const WorkspaceFile::Result r = wf.save(file, big);
        setrlimit(RLIMIT_FSIZE, &saved);
        signal(SIGXFSZ, previousHandler);

        QCOMPARE(r.error, WorkspaceFile::Error::WriteFailed);
        QVERIFY2(r.message.contains(QLatin1String("free space")), qPrintable(r.message));
        QCOMPARE(readAll(file), second);
        QCOMPARE(readAll(WorkspaceFile::backupPath(file)), first);
        QVERIFY(rlim_t(bigBytes.size()) > limited.rlim_cur);
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("full.*")}, QDir::Files).size(), 2); // no temp left
    }

    void saveIntoReadOnlyFolderFailsCleanly()
    {
        if (::geteuid() == 0) {
            // Folder permissions do not stop root (CI runs as root): run this one test again as "nobody".
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                CMIC_SKIP_OR_FAIL_IN_CI(QStringLiteral("Running as root, where folder permissions do not apply, and "
                                                       "setpriv (util-linux) is missing to run it as nobody."));
            // A copy of this executable that "nobody" can run wherever the build folder is (/root is not readable
            // by others); it links the project's libraries statically.
            QTemporaryDir binDir;
            QVERIFY(binDir.isValid());
            QFile::setPermissions(binDir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                     | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                                     | QFileDevice::ExeOther);
            const QString copy = binDir.filePath(QStringLiteral("tst_workspacefile"));
            QVERIFY(QFile::copy(QCoreApplication::applicationFilePath(), copy));
            QVERIFY(QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                                    | QFileDevice::ExeOther));
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), QDir::tempPath());
            child.setProcessEnvironment(env);
            child.setWorkingDirectory(QDir::tempPath());
            child.start(setpriv,
                        {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                         QStringLiteral("--clear-groups"), copy, QStringLiteral("saveIntoReadOnlyFolderFailsCleanly")});
            QVERIFY(child.waitForFinished(60000));
            const QString output = QString::fromUtf8(child.readAllStandardOutput() + child.readAllStandardError());
            QVERIFY2(output.contains(QLatin1String("Start testing")),
                     qPrintable(QStringLiteral("Could not run the test as nobody: ") + output.left(300)));
            QVERIFY2(child.exitCode() == 0, qPrintable(output));
            QVERIFY2(output.contains(QLatin1String("PASS   : TestWorkspaceFile::saveIntoReadOnlyFolderFailsCleanly()")),
                     qPrintable(output));
            return;
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("ro.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        const QByteArray before = readAll(file);
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
        Workspace changed = fullWorkspace();
        changed.id = QStringLiteral("changed");
        const WorkspaceFile::Result r = wf.save(file, changed);
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QCOMPARE(r.error, WorkspaceFile::Error::WriteFailed);
        QVERIFY(r.message.contains(QDir::toNativeSeparators(file)));
        QCOMPARE(readAll(file), before);
        QVERIFY(!QFileInfo::exists(WorkspaceFile::backupPath(file)));
    }

    void saveWhereNothingCanBeCreatedFailsCleanly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("parent-is-a-file") << QStringLiteral("plain-file/inside.cmic-oauth.json");
        QTest::newRow("parent-missing") << QStringLiteral("no/such/folder/x.cmic-oauth.json");
        if (QFileInfo(QStringLiteral("/proc/self")).exists())
            QTest::newRow("proc-read-only-even-for-root") << QStringLiteral("/proc/cmic-test.cmic-oauth.json");
    }

    void saveWhereNothingCanBeCreatedFailsCleanly()
    {
        QFETCH(QString, file);
        QVERIFY(writeAll(path(QStringLiteral("plain-file")), "x"));
        const QString target = file.startsWith(QLatin1Char('/')) ? file : path(file);
        WorkspaceFile wf;
        const WorkspaceFile::Result r = wf.save(target, fullWorkspace());
        QCOMPARE(r.error, WorkspaceFile::Error::WriteFailed);
        QVERIFY2(r.message.contains(QDir::toNativeSeparators(target)), qPrintable(r.message));
        QVERIFY(r.message.contains(QLatin1String("Save As")));
        QVERIFY(!QFileInfo::exists(target));
        QVERIFY(wf.path().isEmpty());
        QCOMPARE(readAll(path(QStringLiteral("plain-file"))), QByteArray("x"));
    }

    void saveOntoAFolderFails()
    {
        WorkspaceFile wf;
        QCOMPARE(wf.save(m_dir.path(), fullWorkspace()).error, WorkspaceFile::Error::WriteFailed);
    }

    void clearForgetsThePath()
    {
        const QString file = path(QStringLiteral("clear.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        QVERIFY(writeAll(file, "{}"));
        wf.clear();
        QVERIFY(wf.path().isEmpty());
        QVERIFY(!wf.changedOnDisk());
        QVERIFY(wf.save(file, fullWorkspace()).ok()); // a new document may replace it (the caller confirmed)
    }

    void everyTruncationIsRefused()
    {
        const QByteArray golden = readAll(goldenPath());
        const qsizetype lastBrace = golden.lastIndexOf('}');
        QVERIFY(lastBrace > 0);
        for (qsizetype n = 0; n <= lastBrace; ++n) {
            Workspace ws = sentinel();
            const WorkspaceFile::Result r = WorkspaceFile::parse(golden.left(n), &ws, QStringLiteral("cut.json"));
            QVERIFY2(r.error == WorkspaceFile::Error::NotJson, qPrintable(QStringLiteral("cut at %1").arg(n)));
            QVERIFY(!r.message.isEmpty());
            QCOMPARE(ws, sentinel());
        }
        QVERIFY(WorkspaceFile::parse(golden.left(lastBrace + 1), nullptr).ok());
    }

    void savePreservesTheFilePermissions()
    {
        const QString file = path(QStringLiteral("perm.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        const QFile::Permissions restricted = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup;
        QVERIFY(QFile::setPermissions(file, restricted));
        Workspace changed = fullWorkspace();
        changed.id = QStringLiteral("changed");
        QVERIFY(wf.save(file, changed).ok());
        QCOMPARE(QFileInfo(file).permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser), restricted);
    }

    // The .bak holds what the workspace held: a file only its owner may read must not get a world-readable copy.
    void backupKeepsTheFilePermissions()
    {
        const QString file = path(QStringLiteral("bakperm.cmic-oauth.json"));
        WorkspaceFile wf;
        QVERIFY(wf.save(file, fullWorkspace()).ok());
        const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
        QVERIFY(QFile::setPermissions(file, ownerOnly));
        Workspace changed = fullWorkspace();
        changed.id = QStringLiteral("changed");
        QVERIFY(wf.save(file, changed).ok());
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                                          | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFileInfo(WorkspaceFile::backupPath(file)).permissions() & others, QFile::Permissions());
    }

    // Numbers far outside int range must be refused with a message, not converted (undefined behaviour).
    void hugeNumbersAreRefusedWithAMessage_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("messageContains");
        QTest::newRow("version-1e30") << QByteArray(R"({"format":"cmic-oauth-workspace","version":1e30})")
                                      << int(WorkspaceFile::Error::NewerVersion) << QStringLiteral("1e+30");
        QTest::newRow("skew-1e10") << QByteArray(
            R"({"format":"cmic-oauth-workspace","version":1,"settings":{"clockSkewSeconds":1e10}})")
                                   << int(WorkspaceFile::Error::InvalidMembers) << QStringLiteral("clockSkewSeconds");
        QTest::newRow("skew-minus-3e9") << QByteArray(
            R"({"format":"cmic-oauth-workspace","version":1,"settings":{"clockSkewSeconds":-3e9}})")
                                        << int(WorkspaceFile::Error::InvalidMembers)
                                        << QStringLiteral("clockSkewSeconds");
        QTest::newRow("skew-2^31") << QByteArray(
            R"({"format":"cmic-oauth-workspace","version":1,"settings":{"clockSkewSeconds":2147483648}})")
                                   << int(WorkspaceFile::Error::InvalidMembers) << QStringLiteral("clockSkewSeconds");
    }

    void hugeNumbersAreRefusedWithAMessage()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, error);
        QFETCH(QString, messageContains);
        Workspace ws = sentinel();
        const WorkspaceFile::Result r = WorkspaceFile::parse(json, &ws, QStringLiteral("huge.json"));
        QCOMPARE(int(r.error), error);
        QVERIFY2(r.message.contains(messageContains), qPrintable(r.message));
        QVERIFY2(!r.message.contains(QLatin1String("-9223372036854775808")), qPrintable(r.message));
        QCOMPARE(ws, sentinel());
    }

    void largestIntegerSkewIsRead()
    {
        Workspace ws;
        const WorkspaceFile::Result r = WorkspaceFile::parse(
            R"({"format":"cmic-oauth-workspace","version":1,"settings":{"clockSkewSeconds":2147483647}})", &ws);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(ws.settings.clockSkewSeconds, 2147483647);
    }

    void openThenSaveUnchangedWorkspaceKeepsTheBytes()
    {
        const QString file = path(QStringLiteral("stable.cmic-oauth.json"));
        QVERIFY(QFile::copy(goldenPath(), file));
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
        WorkspaceFile wf;
        Workspace ws;
        QVERIFY(wf.open(file, &ws).ok());
        QVERIFY(wf.save(file, ws).ok());
        QCOMPARE(readAll(file), readAll(goldenPath()));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceFile)
#include "tst_workspacefile.moc"
