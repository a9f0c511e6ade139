// The contract a server's scripts and pipelines rely on, checked against the built cmic-oauth and a sandbox started
// here (HTTPS with its own CA): every command has --help, `help CMD` and a man page; exit codes; JSON with a
// "schema" member on standard output only; the secret sources (--secret-file refused unless 0600,
// --secret-env-prefix, the hidden prompt under a pseudo-terminal); validate --all with JUnit read back as XML;
// export through the exporter registry; token; SIGINT's exit code.
#include "CliRun.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "sandbox/DemoSandbox.h"

#include "core/validation/ValidationReport.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <QTest>
#include <QXmlStreamReader>

#include <csignal>
#include <sys/stat.h>

using namespace cmic;
using namespace cmic::sandbox;

namespace {

using Run = cmic::test::CliRun;

const QString kCli = QStringLiteral(CMIC_CLI_PATH);

Run runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
           const QByteArray &stdinData = {})
{
    return cmic::test::runCliProcess(kCli, args, stdinData, env);
}

// A whole PDF document with at least one page.
bool isPdf(const QByteArray &bytes)
{
    return bytes.startsWith("%PDF-1.") && bytes.trimmed().endsWith("%%EOF") && bytes.contains("/Type /Catalog")
           && bytes.contains("/Type /Page");
}

QString explain(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(4000)), QString::fromUtf8(r.err.left(3000)));
}

QStringList commandWords()
{
    const Run r = cmic::test::runCliProcess(kCli, {QStringLiteral("--list-commands")});
    return QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// The environment without a session bus: no keychain, so the secret must come from the options or the prompt.
QProcessEnvironment withoutKeychain()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    return env;
}

struct XmlCounts
{
    int suites = 0;
    int cases = 0;
    int failures = 0;
    int skipped = 0;
    QStringList failedCases; // "suite / case"
    QString error;
};

XmlCounts readJUnit(const QByteArray &xml)
{
    XmlCounts counts;
    QXmlStreamReader reader(xml);
    QString suite, testcase;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("testsuite")) {
            ++counts.suites;
            suite = reader.attributes().value(QLatin1String("name")).toString();
        } else if (name == QLatin1String("testcase")) {
            ++counts.cases;
            testcase = reader.attributes().value(QLatin1String("name")).toString();
        } else if (name == QLatin1String("failure")) {
            ++counts.failures;
            counts.failedCases << suite + QStringLiteral(" / ") + testcase;
        } else if (name == QLatin1String("skipped")) {
            ++counts.skipped;
        }
    }
    if (reader.hasError())
        counts.error = reader.errorString();
    return counts;
}

} // namespace

class TestCliContract : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    QString m_workspacePath;
    QMap<QString, QString> m_secrets; // registration id -> credential

    QString secret(const QString &id) const { return m_secrets.value(id); }

    QProcessEnvironment envWith(const QString &name, const QString &value) const
    {
        QProcessEnvironment env = withoutKeychain();
        env.insert(name, value);
        return env;
    }

    QProcessEnvironment prefixEnv(const QString &wrongFor = {}) const
    {
        QProcessEnvironment env = withoutKeychain();
        for (auto it = m_secrets.cbegin(); it != m_secrets.cend(); ++it) {
            QString name = QStringLiteral("CMIC_SECRET_") + it.key().toUpper();
            name.replace(QLatin1Char('-'), QLatin1Char('_'));
            env.insert(name, it.key() == wrongFor ? QStringLiteral("not-the-secret")
                                                  : QString(QStringLiteral("  ") + it.value() + QLatin1Char('\n')));
        }
        return env;
    }

    QString writeSecretFile(const QString &name, const QString &content, QFile::Permissions permissions)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(content.toUtf8());
        f.close();
        f.setPermissions(permissions);
        return path;
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
        QMap<QString, QString> byKey;
        for (const DemoSecret &s : m_sandbox.secrets())
            byKey.insert(s.key, s.value);
        for (const AppRegistration &r : workspace.registrations) {
            const bool usesKey = r.authMethod == ClientAuthMethod::PrivateKeyJwt;
            m_secrets.insert(r.id, byKey.value(SecretStore::key(workspace.id, r.id,
                                                                usesKey ? QStringLiteral("private-key")
                                                                        : QStringLiteral("client-secret"))));
            QVERIFY(!m_secrets.value(r.id).isEmpty());
        }
        QCOMPARE(m_secrets.size(), 3);
    }

    // --help and `help CMD` for every command the binary has, and a man page for each in packaging/man.
    void everyCommandHasHelpAndAManPage()
    {
        const QStringList commands = commandWords();
        QVERIFY2(commands.size() >= 6, qPrintable(commands.join(QLatin1Char(' '))));
        for (const QString &word : {QStringLiteral("export"), QStringLiteral("token"), QStringLiteral("validate")})
            QVERIFY2(commands.contains(word), qPrintable(word));
        const QDir man(qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/packaging/man"));
        QVERIFY2(QFileInfo::exists(man.filePath(QStringLiteral("cmic-oauth.1"))), qPrintable(man.path()));
        for (const QString &command : commands) {
            const Run help = runCli({command, QStringLiteral("--help")});
            QVERIFY2(help.exitCode == 0, qPrintable(command + explain(help)));
            QVERIFY2(help.out.startsWith(QByteArray("Usage: cmic-oauth " + command.toUtf8())), qPrintable(command));
            QVERIFY(help.err.isEmpty());
            const Run viaHelp = runCli({QStringLiteral("help"), command});
            QCOMPARE(viaHelp.exitCode, 0);
            QCOMPARE(viaHelp.out, help.out);
            const Run shortHelp = runCli({command, QStringLiteral("-h")});
            QCOMPARE(shortHelp.out, help.out);
            const QString page = man.filePath(QStringLiteral("cmic-oauth-%1.1").arg(command));
            QFile f(page);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(QStringLiteral("no man page ") + page));
            const QByteArray roff = f.readAll();
            QVERIFY2(roff.contains(QByteArray(".TH CMIC-OAUTH-" + command.toUpper().toUtf8())), qPrintable(page));
            QVERIFY2(roff.contains(".SH EXIT STATUS"), qPrintable(page));
        }
        const Run unknown = runCli({QStringLiteral("help"), QStringLiteral("no-such-command")});
        QCOMPARE(unknown.exitCode, 2);
    }

    void versionNamesQtAndOpenSsl()
    {
        const Run r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("cmic-oauth "), r.out.constData());
        QVERIFY2(r.out.contains(QByteArray("Qt " + QByteArray(qVersion()))), r.out.constData());
        QVERIFY2(r.out.contains("OpenSSL 3"), r.out.constData());
    }

    void exportListsEveryRegisteredFormat()
    {
        const Run list = runCli({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 0);
        const Run help = runCli({QStringLiteral("export"), QStringLiteral("--help")});
        const QList<const Exporter *> exporters = ExporterRegistry::instance().exporters();
        QVERIFY(!exporters.isEmpty());
        for (const Exporter *e : exporters) {
            QVERIFY2(list.out.contains(QByteArray("  " + e->id().toUtf8() + " ")), qPrintable(e->id()));
            QVERIFY2(help.out.contains(QByteArray("  " + e->id().toUtf8() + " ")), qPrintable(e->id()));
        }
        // An unknown id: exit 2 and every valid id named.
        const Run unknown =
            runCli({QStringLiteral("export"), QStringLiteral("-f"), QStringLiteral("no-such-format"), m_workspacePath});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.out.isEmpty());
        for (const Exporter *e : exporters)
            QVERIFY2(unknown.err.contains(e->id().toUtf8()), unknown.err.constData());
    }

    void exportWritesEachFormatToStdoutAndFiles()
    {
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            const ExportResult expected =
                e->render(m_sandbox.workspace(), *m_sandbox.workspace().registration(DemoSandbox::kBasicId));
            const Run r = runCli({QStringLiteral("export"), QStringLiteral("--format"), e->id(), QStringLiteral("-r"),
                                  DemoSandbox::kBasicId, m_workspacePath});
            QVERIFY2(r.exitCode == 0, qPrintable(e->id() + explain(r)));
            // This test links no QtGui, so it cannot make the PDF to compare (and a PDF carries its creation time).
            const bool pdf = e->fileSuffix() == QLatin1String("pdf");
            if (pdf) {
                QVERIFY2(isPdf(r.out), qPrintable(explain(r)));
            } else {
                QCOMPARE(r.out, expected.content); // exactly the exporter's bytes (standard output is not a terminal)
                for (const QString &warning : expected.warnings)
                    QVERIFY2(r.err.contains(warning.left(30).toUtf8()), qPrintable(warning));
            }
            const QString target = m_dir.filePath(QStringLiteral("export.") + e->fileSuffix());
            const Run toFile =
                runCli({QStringLiteral("export"), QStringLiteral("--format"), e->id(), QStringLiteral("--registration"),
                        DemoSandbox::kPostId, QStringLiteral("-o"), target, m_workspacePath});
            QVERIFY2(toFile.exitCode == 0, qPrintable(explain(toFile)));
            QVERIFY(toFile.out.isEmpty());
            QFile f(target);
            QVERIFY(f.open(QIODevice::ReadOnly));
            if (pdf) {
                QVERIFY(isPdf(f.readAll()));
            } else {
                QCOMPARE(f.readAll(),
                         e->render(m_sandbox.workspace(), *m_sandbox.workspace().registration(DemoSandbox::kPostId))
                             .content);
            }
            // Without --include-secret no format holds the secret.
            QVERIFY(!r.out.contains(secret(DemoSandbox::kBasicId).toUtf8()));
        }
    }

    // The PDF sheet from a server's shell: no display, and a platform plugin asked for that cannot start there.
    void exportMakesThePdfWithoutADisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        const QString target = m_dir.filePath(QStringLiteral("sheet.pdf"));
        const Run r =
            runCli({QStringLiteral("export"), QStringLiteral("-f"), QStringLiteral("cmic-registration-pdf"),
                    QStringLiteral("-r"), DemoSandbox::kBasicId, QStringLiteral("-o"), target, m_workspacePath},
                   env);
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY2(!r.err.contains("could not be made"), qPrintable(explain(r)));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(isPdf(f.readAll()));
        // A run that writes no PDF does not need (nor load) the graphics platform: a lint works with a broken one.
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-such-platform"));
        const Run lint = runCli({QStringLiteral("lint"), m_workspacePath}, env);
        QVERIFY2(lint.exitCode == 0 || lint.exitCode == 1, qPrintable(explain(lint)));
    }

    // --include-secret: refused (exit 2) by a format that never holds one; a format that does writes mode 0600.
    void exportIncludeSecret()
    {
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            const QString target = m_dir.filePath(QStringLiteral("secret-export.") + e->fileSuffix());
            QFile::remove(target);
            const Run r =
                runCli({QStringLiteral("export"), QStringLiteral("-f"), e->id(), QStringLiteral("-r"),
                        DemoSandbox::kBasicId, QStringLiteral("--include-secret"), QStringLiteral("--secret-env"),
                        QStringLiteral("S"), QStringLiteral("-o"), target, m_workspacePath},
                       envWith(QStringLiteral("S"), secret(DemoSandbox::kBasicId)));
            if (!e->supportsSecret()) {
                QCOMPARE(r.exitCode, 2);
                QVERIFY(r.err.contains("never holds the secret"));
                QVERIFY(!QFileInfo::exists(target));
                continue;
            }
            QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
            // 0600: the owner (who runs the test, so the "User" bits) reads and writes; group and others nothing.
            QCOMPARE(QFileInfo(target).permissions() & 0x0FFF, QFile::ReadUser | QFile::WriteUser);
        }
    }

    void exportUnknownRegistrationNamesTheRegistrations()
    {
        const Run r = runCli({QStringLiteral("export"), QStringLiteral("-f"), QStringLiteral("env"),
                              QStringLiteral("-r"), QStringLiteral("nope"), m_workspacePath});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(DemoSandbox::kBasicId.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // token: the IdP's answer as JSON on standard output only, with the schema; diagnostics on standard error.
    void tokenPrintsJsonOnStdoutOnly()
    {
        const Run r = runCli({QStringLiteral("token"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kPostId,
                              QStringLiteral("--secret-env"), QStringLiteral("S")},
                             envWith(QStringLiteral("S"), secret(DemoSandbox::kPostId)));
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QJsonParseError parseError;
        const QJsonObject doc = QJsonDocument::fromJson(r.out, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QCOMPARE(doc.value(QLatin1String("schema")).toString(), QStringLiteral("cmic-oauth.token/1"));
        const QString token =
            doc.value(QLatin1String("response")).toObject().value(QLatin1String("access_token")).toString();
        QCOMPARE(token.count(QLatin1Char('.')), 2);
        QVERIFY(doc.value(QLatin1String("error")).isNull());
        QVERIFY(!r.err.contains(token.toUtf8()));
        QVERIFY(r.err.contains("issued"));
        QVERIFY(!r.out.contains(secret(DemoSandbox::kPostId).toUtf8()));

        // The IdP refuses a wrong secret: exit 1, still JSON on standard output, the reason on standard error.
        const Run refused = runCli({QStringLiteral("token"), m_workspacePath, QStringLiteral("-r"),
                                    DemoSandbox::kPostId, QStringLiteral("--secret-env"), QStringLiteral("S")},
                                   envWith(QStringLiteral("S"), QStringLiteral("wrong-secret")));
        QVERIFY2(refused.exitCode == 1, qPrintable(explain(refused)));
        const QJsonObject error = QJsonDocument::fromJson(refused.out).object();
        QCOMPARE(error.value(QLatin1String("schema")).toString(), QStringLiteral("cmic-oauth.token/1"));
        QVERIFY(error.value(QLatin1String("error")).isObject());
        QVERIFY(!refused.err.isEmpty());
    }

    void everyJsonOutputHasASchema()
    {
        const Run lint =
            runCli({QStringLiteral("lint"), m_workspacePath, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(QJsonDocument::fromJson(lint.out).object().value(QLatin1String("schema")).toString(),
                 QStringLiteral("cmic-oauth.lint/1"));
        const Run validate =
            runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId,
                    QStringLiteral("--secret-env"), QStringLiteral("S"), QStringLiteral("-f"), QStringLiteral("json")},
                   envWith(QStringLiteral("S"), secret(DemoSandbox::kBasicId)));
        QVERIFY2(validate.exitCode == 0, qPrintable(explain(validate)));
        QCOMPARE(QJsonDocument::fromJson(validate.out).object().value(QLatin1String("schema")).toString(),
                 QStringLiteral("cmic-oauth.validation/1"));
        QVERIFY(QJsonDocument::fromJson(validate.err).isNull()); // progress and verdict, not JSON
        const Run verify = runCli({QStringLiteral("verify-token"), QStringLiteral("x.y.z"), QStringLiteral("--format"),
                                   QStringLiteral("json")});
        QCOMPARE(QJsonDocument::fromJson(verify.out).object().value(QLatin1String("schema")).toString(),
                 QStringLiteral("cmic-oauth.verify-token/1"));
    }

    // verify-token --workspace: the registration's issuer, App ID, JWKS URI, claim and IP check; a token from
    // `token` passes.
    void verifyTokenTakesTheRegistration()
    {
        const Run token = runCli({QStringLiteral("token"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId,
                                  QStringLiteral("--secret-env"), QStringLiteral("S")},
                                 envWith(QStringLiteral("S"), secret(DemoSandbox::kBasicId)));
        QVERIFY2(token.exitCode == 0, qPrintable(explain(token)));
        const QByteArray accessToken = QJsonDocument::fromJson(token.out)
                                           .object()
                                           .value(QLatin1String("response"))
                                           .toObject()
                                           .value(QLatin1String("access_token"))
                                           .toString()
                                           .toUtf8();
        const Run verify = runCli({QStringLiteral("verify-token"), QStringLiteral("--workspace"), m_workspacePath,
                                   QStringLiteral("--registration"), DemoSandbox::kBasicId, QStringLiteral("-"),
                                   QStringLiteral("--format"), QStringLiteral("json")},
                                  QProcessEnvironment::systemEnvironment(), accessToken);
        QVERIFY2(verify.exitCode == 0, qPrintable(explain(verify)));
        const QJsonObject doc = QJsonDocument::fromJson(verify.out).object();
        QCOMPARE(doc.value(QLatin1String("valid")).toBool(), true);
        QCOMPARE(doc.value(QLatin1String("serviceUser")).toString(), QStringLiteral("SVC_DEMO"));
        // The registration's issuer is compared: another one given on the command line wins and fails.
        const Run other = runCli({QStringLiteral("verify-token"), QStringLiteral("--workspace"), m_workspacePath,
                                  QStringLiteral("-r"), DemoSandbox::kBasicId, QStringLiteral("--issuer"),
                                  QStringLiteral("https://other.example"), QStringLiteral("-")},
                                 QProcessEnvironment::systemEnvironment(), accessToken);
        QCOMPARE(other.exitCode, 1);
        QVERIFY(other.out.contains("claims.iss"));
    }

    // --secret-file: a regular file of mode 0600 or stricter, else exit 2 with the chmod to run.
    void secretFileModeIsChecked()
    {
        const QString loose = writeSecretFile(QStringLiteral("loose.secret"), secret(DemoSandbox::kBasicId),
                                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        const Run refused = runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"),
                                    DemoSandbox::kBasicId, QStringLiteral("--secret-file"), loose},
                                   withoutKeychain());
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("chmod 600"), refused.err.constData());
        QVERIFY(refused.err.contains("0640"));
        QVERIFY(refused.out.isEmpty());

        const Run fifo = runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"),
                                 DemoSandbox::kBasicId, QStringLiteral("--secret-file"), QStringLiteral("/dev/null")},
                                withoutKeychain());
        QCOMPARE(fifo.exitCode, 2);
        QVERIFY(fifo.err.contains("not a regular file"));

        // Surrounding whitespace and the final line feed are trimmed, as from every source.
        const QString tight = writeSecretFile(
            QStringLiteral("tight.secret"), QStringLiteral(" ") + secret(DemoSandbox::kBasicId) + QStringLiteral("\n"),
            QFile::ReadOwner | QFile::WriteOwner);
        const Run passed =
            runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId,
                    QStringLiteral("--secret-file"), tight, QStringLiteral("--no-cmic")},
                   withoutKeychain());
        QVERIFY2(passed.exitCode == 0, qPrintable(explain(passed)));
    }

    void twoSecretSourcesAreAUsageError()
    {
        const Run r = runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId,
                              QStringLiteral("--secret-env"), QStringLiteral("S"), QStringLiteral("--secret-stdin")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("one way"));
        // No source, no keychain, no terminal: exit 2 saying what to set.
        const Run none =
            runCli({QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId},
                   withoutKeychain());
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("--secret-env"), none.err.constData());
    }

    // validate --all with --secret-env-prefix: every registration, JUnit parsed as XML.
    void validateAllWithPrefixAndJUnit()
    {
        const Run r = runCli({QStringLiteral("validate"), QStringLiteral("--all"), m_workspacePath,
                              QStringLiteral("--secret-env-prefix"), QStringLiteral("CMIC_SECRET_"),
                              QStringLiteral("--format"), QStringLiteral("junit")},
                             prefixEnv());
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        const XmlCounts counts = readJUnit(r.out);
        QVERIFY2(counts.error.isEmpty(), qPrintable(counts.error));
        QCOMPARE(counts.suites, 3);
        QCOMPARE(counts.cases, 3 * validation::kStepCount); // one testcase per step per registration
        QCOMPARE(counts.failures, 0);
        QVERIFY(r.err.contains("all 3 registrations passed")); // plural form from the English catalogue
        QVERIFY(!r.err.contains("\r"));                        // no progress when standard error is not a terminal
        for (const QString &s : m_secrets)
            QVERIFY(!r.out.contains(s.toUtf8()));

        // One wrong secret: exit 1, its Token step a <failure>, the others pass; one summary names it.
        const Run failed =
            runCli({QStringLiteral("validate"), QStringLiteral("--all"), m_workspacePath,
                    QStringLiteral("--secret-env-prefix"), QStringLiteral("CMIC_SECRET_"), QStringLiteral("-f"),
                    QStringLiteral("junit"), QStringLiteral("--jobs"), QStringLiteral("2")},
                   prefixEnv(DemoSandbox::kPostId));
        QVERIFY2(failed.exitCode == 1, qPrintable(explain(failed)));
        const XmlCounts failedCounts = readJUnit(failed.out);
        QCOMPARE(failedCounts.suites, 3);
        QCOMPARE(failedCounts.cases, 3 * validation::kStepCount);
        QCOMPARE(failedCounts.failures, 1);
        QVERIFY2(failedCounts.failedCases.constFirst().endsWith(QStringLiteral(" / Token")),
                 qPrintable(failedCounts.failedCases.join(QLatin1Char(','))));
        QVERIFY(failed.err.contains("1 of 3 registrations failed"));

        // JSON: one document with the schema, a report per registration.
        const Run json = runCli({QStringLiteral("validate"), QStringLiteral("--all"), m_workspacePath,
                                 QStringLiteral("--secret-env-prefix"), QStringLiteral("CMIC_SECRET_"),
                                 QStringLiteral("-f"), QStringLiteral("json")},
                                prefixEnv());
        QCOMPARE(json.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(doc.value(QLatin1String("schema")).toString(), QStringLiteral("cmic-oauth.validation-all/1"));
        QCOMPARE(doc.value(QLatin1String("reports")).toArray().size(), 3);

        // A missing variable: exit 2 before anything runs, naming the variable.
        QProcessEnvironment partial = prefixEnv();
        partial.remove(QStringLiteral("CMIC_SECRET_DEMO_REGISTRATION_JWT"));
        const Run missing = runCli({QStringLiteral("validate"), QStringLiteral("--all"), m_workspacePath,
                                    QStringLiteral("--secret-env-prefix"), QStringLiteral("CMIC_SECRET_")},
                                   partial);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("CMIC_SECRET_DEMO_REGISTRATION_JWT"), missing.err.constData());
    }

    // The hidden prompt under a pseudo-terminal: the typed secret never shows, and the run passes.
    void promptDoesNotEchoUnderAPty()
    {
        QProcessEnvironment env = withoutKeychain();
        const QString typed = secret(DemoSandbox::kBasicId);
        env.insert(QStringLiteral("PTY_SECRET"), typed);
        const QString driver = qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/tests/cli/pty_prompt.py");
        const Run r = cmic::test::runCliProcess(
            QStringLiteral("python3"),
            {driver, kCli, QStringLiteral("validate"), m_workspacePath, QStringLiteral("-r"), DemoSandbox::kBasicId},
            {}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(explain(r)));
        QVERIFY2(r.out.contains("(not shown)"), r.out.constData());
        QVERIFY2(!r.out.contains(typed.toUtf8()), "the typed secret was echoed");
        QVERIFY(!r.out.contains(typed.left(8).toUtf8()));
        QVERIFY(r.out.contains("Result: PASSED"));
    }

    // SIGINT while a run waits on the network: the run is cancelled and the command exits 130 (SIGTERM 143).
    void interruptExitsWithTheDocumentedCode_data()
    {
        QTest::addColumn<int>("signo");
        QTest::addColumn<int>("expected");
        QTest::newRow("SIGINT") << int(SIGINT) << 130;
        QTest::newRow("SIGTERM") << int(SIGTERM) << 143;
    }
    void interruptExitsWithTheDocumentedCode()
    {
        QFETCH(int, signo);
        QFETCH(int, expected);
        // An IdP that accepts the connection and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = silent.nextPendingConnection())
                held << s;
        });
        Workspace workspace = m_sandbox.workspace();
        AppRegistration *r = nullptr;
        for (AppRegistration &candidate : workspace.registrations) {
            if (candidate.id == DemoSandbox::kBasicId)
                r = &candidate;
        }
        QVERIFY(r);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
        r->issuer = base;
        r->discoveryUrl = base + QStringLiteral("/.well-known/openid-configuration");
        r->tokenEndpoint = base + QStringLiteral("/token");
        const QString path = m_dir.filePath(QStringLiteral("silent.cmic-oauth.json"));
        WorkspaceFile file;
        QVERIFY(file.save(path, workspace, true).ok());

        QProcess process;
        process.setProcessEnvironment(envWith(QStringLiteral("S"), QStringLiteral("whatever-secret")));
        process.start(kCli, {QStringLiteral("validate"), path, QStringLiteral("-r"), DemoSandbox::kBasicId,
                             QStringLiteral("--secret-env"), QStringLiteral("S"), QStringLiteral("--timeout"),
                             QStringLiteral("60")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!held.isEmpty(), 20000); // the run is waiting on the silent server
        QTest::qWait(200);
        ::kill(pid_t(process.processId()), signo);
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), expected);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains("CANCELLED") || out.contains("ancelled"), out.constData());
        qDeleteAll(held);
    }

    // sandbox --print-secrets: only export lines on standard output, each sourced by sh to the real value.
    void sandboxPrintsSecretsAsShellExports()
    {
        QTemporaryDir dir;
        QProcess process;
        process.start(kCli, {QStringLiteral("sandbox"), QStringLiteral("--print-secrets"), QStringLiteral("--duration"),
                             QStringLiteral("2"), QStringLiteral("--workspace"),
                             dir.filePath(QStringLiteral("demo.cmic-oauth.json"))});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000);
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("Demo identity provider"), err.constData());
        QVERIFY(!out.contains("Demo identity provider"));
        QVERIFY(out.startsWith("export CMIC_SECRET_"));
        // Sourced by a POSIX shell, the private key's line feeds included.
        QProcess shell;
        shell.start(QStringLiteral("sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("eval \"$1\"; printf %s \"$CMIC_SECRET_DEMO_REGISTRATION_JWT\""),
                     QStringLiteral("sh"), QString::fromUtf8(out)});
        QVERIFY(shell.waitForFinished());
        const QByteArray key = shell.readAllStandardOutput();
        QVERIFY2(key.startsWith("-----BEGIN"), key.constData());
        QVERIFY(key.contains('\n'));
    }
};

QTEST_GUILESS_MAIN(TestCliContract)
#include "tst_clicontract.moc"
