// Runs the real `cmic-oauth lint` binary on workspace files and checks its exit codes and output.
#include "RawControls.h"

#include "core/model/Workspace.h"
#include "core/rules/SetupRules.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/validation/ValidationReport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <utility>

using namespace cmic;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(CMIC_CLI_PATH), args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// A setup with nothing to complain about: https everywhere, a dedicated user, a far secret expiry.
Workspace cleanWorkspace()
{
    Workspace w;
    w.id = QStringLiteral("ws-lint");
    Environment e;
    e.id = QStringLiteral("env-1");
    e.name = QStringLiteral("cmicprod");
    e.apiBaseUrl = QStringLiteral("https://erp.example.com/cmicprod");
    e.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1")};
    w.environments << e;
    ServiceUser u;
    u.id = QStringLiteral("su-1");
    u.username = QStringLiteral("SVC_INTEGRATION");
    u.dedicatedConfirmed = true;
    w.serviceUsers << u;
    AppRegistration r;
    r.id = QStringLiteral("reg-1");
    r.name = QStringLiteral("Payroll sync");
    r.environmentId = e.id;
    r.idpPreset = QStringLiteral("generic");
    r.appId = QStringLiteral("payroll-sync");
    r.issuer = QStringLiteral("https://idp.example.com/");
    r.jwksUri = QStringLiteral("https://idp.example.com/jwks");
    r.tokenEndpoint = QStringLiteral("https://idp.example.com/token");
    r.audience = QStringLiteral("https://erp.example.com");
    r.serviceUserId = u.id;
    r.secretExpiry = QDate::currentDate().addYears(2);
    w.registrations << r;
    return w;
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}

} // namespace

class TestCliLint : public QObject
{
    Q_OBJECT

private slots:
    void cleanWorkspaceExitsZero()
    {
        QTemporaryDir dir;
        const QString path =
            write(dir, QStringLiteral("ok.cmic-oauth.json"), WorkspaceFile::serialize(cleanWorkspace()));
        const Run r = runCli({QStringLiteral("lint"), path});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY(r.out.contains("0 errors"));
    }

    // Each environment is described with its CMiC patch level, which decides several rules (issue 10, item 5).
    void environmentIsDescribedWithItsPatchLevel_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("unknown") << 0
                                 << QByteArray(
                                        "environment \"cmicprod\": Enterprise (on-premises), CMiC patch level unknown")
                                 << 0;
        QTest::newRow("21") << 21 << QByteArray("environment \"cmicprod\": Enterprise (on-premises), Patch 21") << 0;
        QTest::newRow("23") << 23 << QByteArray("environment \"cmicprod\": Enterprise (on-premises), Patch 23 or later")
                            << 0;
        // Registration user mode at Patch 22 is an error (the setting comes after Patch 22).
        QTest::newRow("22-registration") << 22
                                         << QByteArray("environment \"cmicprod\": Enterprise (on-premises), Patch 22")
                                         << 1;
    }

    void environmentIsDescribedWithItsPatchLevel()
    {
        QFETCH(int, patch);
        QFETCH(QByteArray, line);
        QFETCH(int, exitCode);
        Workspace w = cleanWorkspace();
        w.environments[0].patchLevel = patch;
        if (exitCode)
            w.environments[0].userSource = UserSource::Registration;
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("p.cmic-oauth.json"), WorkspaceFile::serialize(w));
        const Run r = runCli({QStringLiteral("lint"), path});
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.out.split('\n').contains(line), r.out.constData());
        if (exitCode)
            QVERIFY2(r.out.contains("(environment.user-source.before-patch-23)"), r.out.constData());
        const Run json = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), path});
        const QJsonObject env =
            QJsonDocument::fromJson(json.out).object().value(QStringLiteral("environments")).toArray().at(0).toObject();
        QCOMPARE(env.value(QStringLiteral("patchLevel")).toInt(), patch);
        QCOMPARE(env.value(QStringLiteral("name")).toString(), QStringLiteral("cmicprod"));
    }

    void errorFindingExitsOneAndNamesCodeAndFix()
    {
        Workspace w = cleanWorkspace();
        w.registrations[0].issuer = QStringLiteral("http://idp.example.com/");
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("bad.cmic-oauth.json"), WorkspaceFile::serialize(w));
        const Run r = runCli({QStringLiteral("lint"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("registration \"Payroll sync\" [issuer]"), r.out.constData());
        QVERIFY(r.out.contains("fix: "));
    }

    void jsonFormatListsFindings()
    {
        Workspace w = cleanWorkspace();
        w.registrations[0].issuer = QStringLiteral("http://idp.example.com/");
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("bad.cmic-oauth.json"), WorkspaceFile::serialize(w));
        const Run r = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QVERIFY(doc.value(QStringLiteral("errors")).toInt() >= 1);
        bool sawIssuer = false;
        for (const QJsonValue &v : doc.value(QStringLiteral("findings")).toArray()) {
            const QJsonObject f = v.toObject();
            QVERIFY(!f.value(QStringLiteral("code")).toString().isEmpty());
            sawIssuer |= f.value(QStringLiteral("field")).toString() == QLatin1String("issuer");
        }
        QVERIFY(sawIssuer);
    }

    // Lint and the validation report write a finding in one shape: the lint output for a finding equals what the
    // report writes for the same finding.
    void findingJsonIsTheReportsShape()
    {
        Workspace w = cleanWorkspace();
        w.registrations[0].issuer = QStringLiteral("http://idp.example.com/");
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("bad.cmic-oauth.json"), WorkspaceFile::serialize(w));
        const Run r = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray linted = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("findings")).toArray();
        QVERIFY(!linted.isEmpty());

        Workspace opened;
        QVERIFY(WorkspaceFile().open(path, &opened).ok());
        const Findings findings = SetupRules(Clock::system()).check(opened);
        validation::StepResult step;
        for (const Finding &f : findings) {
            if (f.field == QLatin1String("issuer"))
                step.findings << f;
        }
        QVERIFY(!step.findings.isEmpty());
        const QJsonObject reported = step.toJson().value(QStringLiteral("findings")).toArray().first().toObject();
        bool same = false;
        for (const QJsonValue &v : linted) {
            QCOMPARE(v.toObject().keys(), reported.keys()); // the same member names, every finding
            same = same || v.toObject() == reported;
        }
        QVERIFY2(same, QJsonDocument(reported).toJson().constData());
        QVERIFY(reported.contains(QStringLiteral("subject")));
        QVERIFY(reported.contains(QStringLiteral("subjectName")));
    }

    void strictTurnsWarningsIntoFailure()
    {
        Workspace w = cleanWorkspace();
        w.serviceUsers[0].dedicatedConfirmed = false; // a warning, not an error
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("warn.cmic-oauth.json"), WorkspaceFile::serialize(w));
        QCOMPARE(runCli({QStringLiteral("lint"), path}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("lint"), QStringLiteral("--strict"), path}).exitCode, 1);
    }

    void unreadableFileExitsTwoWithAMessage()
    {
        QTemporaryDir dir;
        const QString path =
            write(dir, QStringLiteral("cut.cmic-oauth.json"), QByteArrayLiteral("{\"format\": \"cmic-oa"));
        const Run r = runCli({QStringLiteral("lint"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("cut.cmic-oauth.json"));
        QVERIFY(r.out.isEmpty());
    }

    // Names from the file (and a file name with the same characters) reach the terminal as escapes, in the text
    // format on both streams; the JSON format keeps the original text.
    void namesFromTheFileCannotDriveTheTerminal()
    {
        const QString hostile = QStringLiteral("Pay\x1b[2J\x1b]0;owned\x07roll\rsync\u202e");
        const QString other = QStringLiteral("Second\x1b[31m copy");
        Workspace w = cleanWorkspace();
        w.registrations[0].name = hostile;
        AppRegistration copy = w.registrations[0];
        copy.id = QStringLiteral("reg-2");
        copy.name = other;
        w.registrations << copy; // the same Issuer and App ID: each one's error names the other
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("ws\x1b[1m\r.cmic-oauth.json"), WorkspaceFile::serialize(w));
        QVERIFY(!path.isEmpty());

        const Run text = runCli({QStringLiteral("lint"), path});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains("registration.duplicate"), text.out.constData());
        QVERIFY2(text.out.contains("registration \"Pay\\u001b[2J\\u001b]0;owned\\u0007roll\\u000dsync\\u202e\""),
                 text.out.constData());
        QVERIFY2(text.out.contains("\"Second\\u001b[31m copy\" has the same Issuer"), text.out.constData());
        QVERIFY2(text.out.contains("ws\\u001b[1m\\u000d.cmic-oauth.json"), text.out.constData());
        QVERIFY2(cmic::test::rawControlIn(text.out).isEmpty(), qPrintable(cmic::test::rawControlIn(text.out)));
        QVERIFY2(cmic::test::rawControlIn(text.err).isEmpty(), qPrintable(cmic::test::rawControlIn(text.err)));

        const Run json = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(json.exitCode, 1);
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(json.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.value(QStringLiteral("file")).toString(), path);
        bool sawDuplicate = false;
        for (const QJsonValue &v : doc.value(QStringLiteral("findings")).toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(QStringLiteral("code")).toString() != QLatin1String("registration.duplicate")
                || f.value(QStringLiteral("subjectId")).toString() != QLatin1String("reg-1"))
                continue;
            sawDuplicate = true;
            QCOMPARE(f.value(QStringLiteral("subject")).toString(), QStringLiteral("registration \"%1\"").arg(hostile));
            QVERIFY(
                f.value(QStringLiteral("message")).toString().contains(QLatin1Char('"') + other + QLatin1Char('"')));
        }
        QVERIFY(sawDuplicate);

        // Unreadable: the message on standard error quotes the path.
        const QString cut = write(dir, QStringLiteral("cut\x1b[1m\r.cmic-oauth.json"), QByteArrayLiteral("{\"format"));
        const Run unreadable = runCli({QStringLiteral("lint"), cut});
        QCOMPARE(unreadable.exitCode, 2);
        QVERIFY2(unreadable.err.contains("cut\\u001b[1m\\u000d.cmic-oauth.json"), unreadable.err.constData());
        QVERIFY2(cmic::test::rawControlIn(unreadable.err).isEmpty(),
                 qPrintable(cmic::test::rawControlIn(unreadable.err)));
    }

    // Every name a finding quotes (environment, service user, registration, and the other registration of a
    // duplicate) with every kind of terminal control and a line feed that would forge a line (issue 9, item 15): the
    // text output shows each as escapes on its own finding's line, the JSON output is valid JSON whose strings hold
    // the original names and whose text holds no raw control either.
    void everyQuotedNameIsEscapedAndStaysOnItsLine()
    {
        using cmic::test::escapedHostileText;
        using cmic::test::hostileText;
        Workspace w = cleanWorkspace();
        w.environments[0].name = hostileText(QStringLiteral("ENV"));
        w.environments[0].apiBaseUrl = QStringLiteral("http://erp.example.com/cmicprod"); // an error on it
        w.serviceUsers[0].username = hostileText(QStringLiteral("USER"));
        w.serviceUsers[0].dedicatedConfirmed = false; // a warning on it
        w.registrations[0].name = hostileText(QStringLiteral("REG"));
        AppRegistration copy = w.registrations[0];
        copy.id = QStringLiteral("reg-2");
        copy.name = hostileText(QStringLiteral("OTHER"));
        w.registrations << copy; // the same Issuer and App ID: each one's error names the other
        QTemporaryDir dir;
        const QByteArray file = WorkspaceFile::serialize(w);
        QVERIFY(file.contains("\\u0000")); // NUL is in the file as the JSON escape
        const QString path = write(dir, QStringLiteral("hostile.cmic-oauth.json"), file);

        const Run text = runCli({QStringLiteral("lint"), path});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(cmic::test::rawControlIn(text.out).isEmpty(), qPrintable(cmic::test::rawControlIn(text.out)));
        QVERIFY2(cmic::test::rawControlIn(text.err).isEmpty(), qPrintable(cmic::test::rawControlIn(text.err)));
        QVERIFY2(cmic::test::forgedLineIn(text.out).isEmpty(), qPrintable(cmic::test::forgedLineIn(text.out)));
        for (const char *tag : {"ENV", "USER", "REG", "OTHER"}) {
            const QByteArray shown = escapedHostileText(QLatin1String(tag));
            QVERIFY2(text.out.contains(shown), qPrintable(QLatin1String(tag) + QLatin1String(" not shown escaped:\n")
                                                          + QString::fromUtf8(text.out)));
        }
        QVERIFY2(text.out.contains(QByteArray("environment \"" + escapedHostileText(QStringLiteral("ENV")) + "\"")),
                 text.out.constData());
        QVERIFY2(text.out.contains(QByteArray("service user \"" + escapedHostileText(QStringLiteral("USER")) + "\"")),
                 text.out.constData());
        // Each finding is two lines at most (the finding, its fix) plus the count: nothing added by the names.
        const QList<QByteArray> lines = text.out.split('\n');
        for (const QByteArray &line : lines) {
            QVERIFY2(line.isEmpty() || line.startsWith("error: ") || line.startsWith("warning: ")
                         || line.startsWith("info: ") || line.startsWith("    fix: ") || line.contains(" errors, ")
                         || line.contains(" error, ") || line.startsWith("environment \""),
                     line.constData());
        }

        const Run json = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(json.exitCode, 1);
        QVERIFY2(cmic::test::rawControlIn(json.out).isEmpty(), qPrintable(cmic::test::rawControlIn(json.out)));
        QVERIFY2(cmic::test::forgedLineIn(json.out).isEmpty(), qPrintable(cmic::test::forgedLineIn(json.out)));
        QVERIFY(json.out.contains("\\u202e") && json.out.contains("\\u009b") && json.out.contains("\\u0000"));
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(json.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QSet<QString> names;
        for (const QJsonValue &v : doc.value(QStringLiteral("findings")).toArray())
            names << v.toObject().value(QStringLiteral("subjectName")).toString();
        for (const char *tag : {"ENV", "USER", "REG", "OTHER"})
            QVERIFY2(names.contains(hostileText(QLatin1String(tag))), tag);
    }

    // A file the loader refuses quotes the names in its message (a duplicate member's name, an item's name): on
    // standard error they stay escapes on their line too.
    void refusedFileMessagesKeepNamesOnTheirLine()
    {
        using cmic::test::escapedHostileText;
        using cmic::test::hostileText;
        QTemporaryDir dir;
        // The name is written into JSON text here: a JSON string with the controls escaped.
        const QByteArray name = QJsonDocument(QJsonArray{hostileText(QStringLiteral("NAME"))})
                                    .toJson(QJsonDocument::Compact)
                                    .chopped(1)
                                    .mid(1);
        const QByteArray duplicate =
            "{\"format\": \"cmic-oauth-workspace\", \"version\": 1, " + name + ": 1, " + name + ": 2}";
        const QByteArray badMember = QByteArray("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, "
                                                "\"registrations\": [{\"id\": \"r1\", \"name\": "
                                                + name + ", \"appId\": 5}]}");
        for (const QByteArray &bytes : {duplicate, badMember}) {
            const QString path = write(dir, QStringLiteral("refused.cmic-oauth.json"), bytes);
            const Run r = runCli({QStringLiteral("lint"), path});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            QVERIFY2(r.err.contains(escapedHostileText(QStringLiteral("NAME"))), r.err.constData());
            QVERIFY2(cmic::test::rawControlIn(r.err).isEmpty(), qPrintable(cmic::test::rawControlIn(r.err)));
            QVERIFY2(cmic::test::forgedLineIn(r.err).isEmpty(), qPrintable(cmic::test::forgedLineIn(r.err)));
        }
    }

    // `mkfifo x.json; cmic-oauth lint x.json` used to hang for ever and a link to a zero device to read until the
    // process died (issue 9, items 1 and 2): both are refused at once, exit 2, with what they are. runCli's 30 s
    // wait is the watchdog (a hung run comes back as exit -1). The device is the test's own, never /dev/zero.
    void pipesAndDevicesAreRefusedAtOnce()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("x.json"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const QString zero = dir.filePath(QStringLiteral("zero"));
        QVERIFY2(::mknod(QFile::encodeName(zero).constData(), S_IFCHR | 0600, makedev(1, 5)) == 0,
                 std::strerror(errno)); // needs root, as in CI
        const QString link = dir.filePath(QStringLiteral("z.cmic-oauth.json"));
        QVERIFY(QFile::link(zero, link));
        for (const auto &[path, what] : {std::pair{fifo, QByteArray("is a named pipe (FIFO)")},
                                         std::pair{link, QByteArray("is a character device")}}) {
            QElapsedTimer timer;
            timer.start();
            const Run r = runCli({QStringLiteral("lint"), path});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(timer.elapsed() < 10000);
            QVERIFY2(r.err.contains(what), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
    }

    void usageErrorsExitTwo()
    {
        QCOMPARE(runCli({QStringLiteral("lint")}).exitCode, 2);
        QCOMPARE(
            runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("xml"), QStringLiteral("x")})
                .exitCode,
            2);
        QCOMPARE(runCli({QStringLiteral("no-such-command")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("--version")}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliLint)
#include "tst_clilint.moc"
