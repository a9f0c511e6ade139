// The internal log lines (the cmic.* categories) stay off in the real `cmic-oauth` unless asked for: what a user
// reads on standard error are sentences, never "cmic.storage: ..." lines or enum names. --verbose (before or after
// the command word) turns them on, and QT_LOGGING_RULES, when set, decides over both (core/util/Logging.h).
#include "CliRun.h"

#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "sandbox/DemoSandbox.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::sandbox;

namespace {

using Run = cmic::test::CliRun;

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("QT_LOGGING_CONF"));
    env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    return env;
}

Run runCli(const QStringList &args, const QProcessEnvironment &env = cleanEnvironment(), const QByteArray &in = {})
{
    return cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), args, in, env);
}

// Lines of |err| that are internal log lines ("cmic.storage: ...", "cmic.net: ...").
QStringList logLines(const QByteArray &err)
{
    static const QRegularExpression logLine(QStringLiteral("^cmic\\.[a-z.]+: "));
    QStringList lines;
    for (const QString &line : QString::fromUtf8(err).split(QLatin1Char('\n'))) {
        if (logLine.match(line).hasMatch())
            lines << line;
    }
    return lines;
}

// No log line, and none of the internal spellings that used to reach users (an enum's scope, a raw number).
void expectOnlySentences(const Run &r)
{
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(logLines(r.err).isEmpty(), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("::Status")) && !err.contains(QLatin1String("Status::")), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("cmic::")), qPrintable(err));
}

QString explain(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(3000)), QString::fromUtf8(r.err.left(6000)));
}

} // namespace

class TestCliLogging : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString missingWorkspace() const { return m_dir.filePath(QStringLiteral("missing.cmic-oauth.json")); }

    // One registration and no secret anywhere: validate has to ask the keychain.
    QString workspaceWithoutSecret() const
    {
        const QString path = m_dir.filePath(QStringLiteral("one.cmic-oauth.json"));
        if (!QFile::exists(path)) {
            Workspace w;
            w.id = QStringLiteral("ws-logging");
            AppRegistration r;
            r.id = QStringLiteral("reg-1");
            r.name = QStringLiteral("Payroll sync");
            r.tokenEndpoint = QStringLiteral("https://127.0.0.1:9/token");
            w.registrations << r;
            WorkspaceFile file;
            if (!file.save(path, w, true).ok())
                return {};
        }
        return path;
    }

    // No Secret Service: a session bus address nobody listens on, and no display to start one from.
    static QProcessEnvironment withoutKeychain()
    {
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/cmic-bus"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        return env;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Used to print `cmic.storage: could not open "x" 3` before the sentence.
    void unreadableWorkspaceIsOneSentence()
    {
        const Run r = runCli({QStringLiteral("lint"), missingWorkspace()});
        QCOMPARE(r.exitCode, 2);
        expectOnlySentences(r);
        const QStringList lines = QString::fromUtf8(r.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.constFirst().startsWith(QLatin1String("cmic-oauth lint: ")), qPrintable(lines.constFirst()));
        QVERIFY(lines.constFirst().contains(QLatin1String("does not exist")));
    }

    void verboseShowsTheLogLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("after the command") << QStringList{QStringLiteral("lint"), QStringLiteral("--verbose")};
        QTest::newRow("before the command") << QStringList{QStringLiteral("--verbose"), QStringLiteral("lint")};
    }
    void verboseShowsTheLogLine()
    {
        QFETCH(QStringList, args);
        const Run r = runCli(args << missingWorkspace());
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = logLines(r.err);
        QVERIFY2(!lines.isEmpty(), qPrintable(explain(r)));
        QVERIFY2(lines.constFirst().startsWith(QLatin1String("cmic.storage: could not open")),
                 qPrintable(lines.constFirst()));
        QVERIFY(lines.constFirst().contains(QLatin1String("not-found")));
        // The sentence for the user is still there.
        QVERIFY(r.err.contains("cmic-oauth lint: "));
    }

    void verboseIsListedInEveryCommandsHelp()
    {
        for (const char *command : {"lint", "verify-token", "validate", "sandbox"}) {
            const Run r = runCli({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("--verbose"), command);
        }
    }

    // Qt applies QT_LOGGING_RULES after the program's own rules: set, it decides in both directions.
    void loggingRulesFromTheEnvironmentDecide()
    {
        QProcessEnvironment on = cleanEnvironment();
        on.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cmic.storage.debug=true"));
        const Run shown = runCli({QStringLiteral("lint"), missingWorkspace()}, on);
        QCOMPARE(shown.exitCode, 2);
        QVERIFY2(!logLines(shown.err).isEmpty(), qPrintable(explain(shown)));

        QProcessEnvironment off = cleanEnvironment();
        off.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cmic.*=false"));
        const Run hidden = runCli({QStringLiteral("lint"), QStringLiteral("--verbose"), missingWorkspace()}, off);
        QCOMPARE(hidden.exitCode, 2);
        QVERIFY2(logLines(hidden.err).isEmpty(), qPrintable(explain(hidden)));
    }

    // Used to print `cmic.storage: keychain read failed: cmic::SecretStore::Status::Unavailable ...` first.
    void unavailableKeychainIsOneSentence()
    {
        const QString workspace = workspaceWithoutSecret();
        QVERIFY(!workspace.isEmpty());
        const Run r = runCli({QStringLiteral("validate"), workspace}, withoutKeychain());
        QCOMPARE(r.exitCode, 2);
        expectOnlySentences(r);
        QVERIFY2(r.err.contains("cmic-oauth validate: no secret: "), qPrintable(explain(r)));
        QVERIFY(r.err.contains(SecretStore::explain(SecretStore::Status::Unavailable).toUtf8()));

        const Run verbose =
            runCli({QStringLiteral("validate"), QStringLiteral("--verbose"), workspace}, withoutKeychain());
        QCOMPARE(verbose.exitCode, 2);
        const QString lines = logLines(verbose.err).join(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QLatin1String("cmic.storage: keychain read failed")), qPrintable(explain(verbose)));
    }

    // A whole validation against the sandbox (discovery, token, keys, CMiC): standard error holds the progress
    // lines and the verdict, and no log line; with --verbose the network's log lines are there too.
    void aFullValidationPrintsNoLogLines()
    {
        DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({true, m_dir.filePath(QStringLiteral("ca"))}, &error), qPrintable(error));
        const Workspace workspace = sandbox.workspace();
        const QString path = m_dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        WorkspaceFile file;
        QVERIFY(file.save(path, workspace, true).ok());
        QString secret;
        for (const DemoSecret &s : sandbox.secrets()) {
            if (s.key == SecretStore::key(workspace.id, DemoSandbox::kBasicId))
                secret = s.value;
        }
        QVERIFY(!secret.isEmpty());
        const QStringList args{QStringLiteral("validate"), path, QStringLiteral("--registration"),
                               DemoSandbox::kBasicId, QStringLiteral("--secret-stdin")};

        const Run quiet = runCli(args, cleanEnvironment(), secret.toUtf8() + '\n');
        QVERIFY2(quiet.exitCode == 0, qPrintable(explain(quiet)));
        expectOnlySentences(quiet);
        QVERIFY(quiet.err.contains("cmic-oauth validate: "));

        const Run verbose =
            runCli(args + QStringList{QStringLiteral("--verbose")}, cleanEnvironment(), secret.toUtf8() + '\n');
        QVERIFY2(verbose.exitCode == 0, qPrintable(explain(verbose)));
        const QString lines = logLines(verbose.err).join(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QLatin1String("cmic.net: ")), qPrintable(explain(verbose)));
        QVERIFY2(!verbose.err.contains(secret.toUtf8()), "a log line holds the secret");
        sandbox.stop();
    }
};

QTEST_GUILESS_MAIN(TestCliLogging)
#include "tst_clilogging.moc"
