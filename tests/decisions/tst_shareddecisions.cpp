// Decisions both faces (console and cmic-oauth) rely on, each made once in core: which credential a registration
// needs and its keychain key, the claims that carry the App ID, a file name stem made from a user's name, what is
// safe to print on a terminal, how a whole file is written, and which files the demo sandbox may replace.

#include "core/jose/ClaimsValidator.h"
#include "core/model/AppRegistration.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"
#include "core/util/TerminalText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace cmic;

namespace {

// The text a hostile file can hold in a name: terminal sequences (CSI clear, OSC title with BEL, a colour), NUL,
// DEL, the 8-bit CSI, a carriage return, a line feed that would forge a line, and bidirectional controls.
QString hostileName()
{
    return QStringLiteral("Pay\x1b[2J\x1b]0;PWNED\x07roll") + QChar(0) + QStringLiteral("\x7f") + QChar(0x9b)
           + QStringLiteral("31m\r\nerror: forged line") + QChar(0x202e) + QStringLiteral("txt") + QChar(0x2066)
           + QStringLiteral("x") + QChar(0x2069);
}

// The first character a terminal would act on (other than the line feeds in |allowed|), or -1.
qsizetype firstUnsafe(const QString &text, const QString &allowed = {})
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (allowed.contains(QChar(c)))
            continue;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            return i;
    }
    return -1;
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

mode_t nodeType(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

} // namespace

class TestSharedDecisions : public QObject
{
    Q_OBJECT

private slots:
    void credentialKindFollowsTheAuthMethod_data()
    {
        QTest::addColumn<ClientAuthMethod>("method");
        QTest::addColumn<CredentialKind>("kind");
        QTest::newRow("basic") << ClientAuthMethod::ClientSecretBasic << CredentialKind::ClientSecret;
        QTest::newRow("post") << ClientAuthMethod::ClientSecretPost << CredentialKind::ClientSecret;
        QTest::newRow("private_key_jwt") << ClientAuthMethod::PrivateKeyJwt << CredentialKind::PrivateKey;
    }
    void credentialKindFollowsTheAuthMethod()
    {
        QFETCH(ClientAuthMethod, method);
        QFETCH(CredentialKind, kind);
        AppRegistration registration;
        registration.authMethod = method;
        QCOMPARE(credentialKindFor(registration), kind);
    }

    void keychainKeyNamesAreStable()
    {
        // Entries already in admins' keychains carry these names: changing one would orphan them.
        QCOMPARE(keyName(CredentialKind::ClientSecret), QStringLiteral("client-secret"));
        QCOMPARE(keyName(CredentialKind::PrivateKey), QStringLiteral("private-key"));
        QCOMPARE(credentialKey(QStringLiteral("ws"), QStringLiteral("reg"), CredentialKind::PrivateKey),
                 QStringLiteral("ws/reg/private-key"));
        QCOMPARE(credentialKey(QStringLiteral("ws"), QStringLiteral("reg"), CredentialKind::ClientSecret),
                 SecretStore::key(QStringLiteral("ws"), QStringLiteral("reg")));
        // The form field a finding or "enter the secret" points at.
        QCOMPARE(formField(CredentialKind::ClientSecret), QStringLiteral("clientSecret"));
        QCOMPARE(formField(CredentialKind::PrivateKey), QStringLiteral("privateKey"));
        QVERIFY(displayName(CredentialKind::PrivateKey) != displayName(CredentialKind::ClientSecret));
    }

    void appIdClaimsInTheOrderTried()
    {
        QCOMPARE(jose::appIdClaimNames(), (QStringList{QStringLiteral("appid"), QStringLiteral("azp"),
                                                       QStringLiteral("cid"), QStringLiteral("client_id")}));
    }

    void safeFileStem_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stem");
        QTest::newRow("plain") << QStringLiteral("Payroll-Sync_2.0") << QStringLiteral("Payroll-Sync_2.0");
        QTest::newRow("spaces") << QStringLiteral("  Payroll  sync ") << QStringLiteral("Payroll-sync");
        QTest::newRow("path separators") << QStringLiteral("../../etc/passwd") << QStringLiteral("etc-passwd");
        QTest::newRow("windows separators") << QStringLiteral("C:\\Users\\x") << QStringLiteral("C-Users-x");
        QTest::newRow("accents") << QStringLiteral("Intégration Québec") << QStringLiteral("Int-gration-Qu-bec");
        QTest::newRow("control characters") << QStringLiteral("a\nb\x1b[31mc") << QStringLiteral("a-b-31mc");
        QTest::newRow("leading dot and dash") << QStringLiteral(".-hidden") << QStringLiteral("hidden");
        QTest::newRow("dots only") << QStringLiteral("..") << QStringLiteral("registration");
        QTest::newRow("empty") << QString() << QStringLiteral("registration");
        QTest::newRow("nothing kept") << QStringLiteral("«»/\\") << QStringLiteral("registration");
        QTest::newRow("long") << QString(500, u'x') << QString(80, u'x');
    }
    void safeFileStem()
    {
        QFETCH(QString, name);
        QFETCH(QString, stem);
        QCOMPARE(cmic::safeFileStem(name, QStringLiteral("registration")), stem);
    }

    // ---- the terminal-safe printer (issue 9, item 15) ---------------------------------------------------------

    void terminalSafeEscapesWhatATerminalActsOn_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("kept");    // LineFeeds::Keep
        QTest::addColumn<QString>("escaped"); // LineFeeds::Escape
        QTest::newRow("plain text untouched")
            << QStringLiteral("Intégration Québec — 東京 ✓") << QStringLiteral("Intégration Québec — 東京 ✓")
            << QStringLiteral("Intégration Québec — 東京 ✓");
        QTest::newRow("CSI clear screen")
            << QStringLiteral("a\x1b[2Jb") << QStringLiteral("a\\u001b[2Jb") << QStringLiteral("a\\u001b[2Jb");
        QTest::newRow("OSC title with BEL")
            << QStringLiteral("\x1b]0;PWNED\x07") << QStringLiteral("\\u001b]0;PWNED\\u0007")
            << QStringLiteral("\\u001b]0;PWNED\\u0007");
        QTest::newRow("NUL and DEL") << (QChar(0) + QStringLiteral("\x7f")) << QStringLiteral("\\u0000\\u007f")
                                     << QStringLiteral("\\u0000\\u007f");
        QTest::newRow("8-bit CSI") << (QChar(0x9b) + QStringLiteral("2J")) << QStringLiteral("\\u009b2J")
                                   << QStringLiteral("\\u009b2J");
        QTest::newRow("bidi override and isolates")
            << (QChar(0x202e) + QStringLiteral("a") + QChar(0x2066) + QChar(0x2069))
            << QStringLiteral("\\u202ea\\u2066\\u2069") << QStringLiteral("\\u202ea\\u2066\\u2069");
        QTest::newRow("carriage return and tab")
            << QStringLiteral("a\rb\tc") << QStringLiteral("a\\u000db\\u0009c") << QStringLiteral("a\\u000db\\u0009c");
        QTest::newRow("line feed") << QStringLiteral("a\nerror: forged") << QStringLiteral("a\nerror: forged")
                                   << QStringLiteral("a\\u000aerror: forged");
    }
    void terminalSafeEscapesWhatATerminalActsOn()
    {
        QFETCH(QString, text);
        QFETCH(QString, kept);
        QFETCH(QString, escaped);
        QCOMPARE(terminalSafe(text, LineFeeds::Keep), kept);
        QCOMPARE(terminalSafe(text, LineFeeds::Escape), escaped);
        QCOMPARE(firstUnsafe(terminalSafe(hostileName(), LineFeeds::Escape)), -1);
        QCOMPARE(firstUnsafe(terminalSafe(hostileName(), LineFeeds::Keep), QStringLiteral("\n")), -1);
    }

    // JSON output stays the same JSON value (a script reads the original names) while a terminal sees escapes.
    void terminalSafeJsonKeepsTheValue()
    {
        const QJsonObject original{{QStringLiteral("name"), hostileName()},
                                   {hostileName(), QJsonArray{hostileName(), 1, true}},
                                   {QStringLiteral("nested"), QJsonObject{{QStringLiteral("n"), hostileName()}}}};
        for (const auto format : {QJsonDocument::Indented, QJsonDocument::Compact}) {
            const QString json = terminalSafeJson(QString::fromUtf8(QJsonDocument(original).toJson(format)));
            QCOMPARE(firstUnsafe(json, QStringLiteral("\n")), -1);
            QVERIFY(json.contains(QLatin1String("\\u202e")));
            QVERIFY(json.contains(QLatin1String("\\u009b")));
            QJsonParseError error;
            const QJsonDocument back = QJsonDocument::fromJson(json.toUtf8(), &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(back.object(), original);
        }
    }

    // A path inside a sentence: native separators, and no line of its own.
    void pathInMessageStaysOnItsLine()
    {
        const QString shown = pathInMessage(QStringLiteral("/tmp/") + hostileName() + QStringLiteral(".json"));
        QCOMPARE(firstUnsafe(shown), -1);
        QVERIFY(shown.contains(QLatin1String("\\u000d\\u000aerror: forged line")));
        QVERIFY(shown.startsWith(QDir::toNativeSeparators(QStringLiteral("/tmp/"))));
    }

    // ---- one writing routine, and what the demo sandbox may replace (issue 9, items 6 and 8) ----------------

    // A whole file is written over a regular file or nothing, never over a node: a pipe is not opened (it would wait
    // for a reader), a device or a folder is not replaced by a renamed file.
    void writeRegularFileNeverReplacesANode_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("error");
        QTest::newRow("new file") << QStringLiteral("new") << int(BoundedWrite::Error::None);
        QTest::newRow("existing file") << QStringLiteral("file") << int(BoundedWrite::Error::None);
        QTest::newRow("link to a file") << QStringLiteral("file-link") << int(BoundedWrite::Error::None);
        QTest::newRow("named pipe") << QStringLiteral("fifo") << int(BoundedWrite::Error::NotRegular);
        QTest::newRow("link to a named pipe") << QStringLiteral("fifo-link") << int(BoundedWrite::Error::NotRegular);
        QTest::newRow("character device") << QStringLiteral("device") << int(BoundedWrite::Error::NotRegular);
        QTest::newRow("folder") << QStringLiteral("folder") << int(BoundedWrite::Error::Directory);
        QTest::newRow("missing folder") << QStringLiteral("missing") << int(BoundedWrite::Error::NoFolder);
    }
    void writeRegularFileNeverReplacesANode()
    {
        QFETCH(QString, kind);
        QFETCH(int, error);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("out"));
        const QString target = dir.filePath(QStringLiteral("target"));
        const QByteArray path8 = QFile::encodeName(path);
        if (kind == QLatin1String("file")) {
            QVERIFY(writeAll(path, "old"));
        } else if (kind == QLatin1String("file-link")) {
            QVERIFY(writeAll(target, "old"));
            QVERIFY(QFile::link(target, path));
        } else if (kind == QLatin1String("fifo")) {
            QVERIFY(::mkfifo(path8.constData(), 0600) == 0);
        } else if (kind == QLatin1String("fifo-link")) {
            QVERIFY(::mkfifo(QFile::encodeName(target).constData(), 0600) == 0);
            QVERIFY(QFile::link(target, path));
        } else if (kind == QLatin1String("device")) {
            // The test's own zero device, never the machine's /dev nodes; mknod needs root, as in CI.
            QVERIFY2(::mknod(path8.constData(), S_IFCHR | 0600, makedev(1, 5)) == 0, std::strerror(errno));
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out")));
        } else if (kind == QLatin1String("missing")) {
            path = dir.filePath(QStringLiteral("no/such/out"));
        }
        const mode_t before = nodeType(path);
        const BoundedWrite written = writeRegularFile(path, "new");
        QCOMPARE(int(written.error), error);
        if (written.ok()) {
            QCOMPARE(readAll(path), QByteArray("new"));
            if (kind == QLatin1String("file-link")) // written through the link, the link kept
                QVERIFY(QFileInfo(path).isSymLink() && readAll(target) == "new");
            return;
        }
        QCOMPARE(nodeType(path), before); // the node is what it was
        if (kind == QLatin1String("fifo") || kind == QLatin1String("fifo-link"))
            QVERIFY2(written.kind.contains(QLatin1String("named pipe")), qPrintable(written.kind));
        if (kind == QLatin1String("fifo-link"))
            QCOMPARE(nodeType(target), mode_t(S_IFIFO));
        if (kind == QLatin1String("device"))
            QVERIFY2(written.kind.contains(QLatin1String("character device")), qPrintable(written.kind));
    }

    // The one reading routine never reads more than its cap, whatever size the file has.
    void readRegularFileStopsAtTheCap()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f"));
        QVERIFY(writeAll(path, QByteArray(1000, 'x')));
        QByteArray out = "sentinel";
        BoundedRead read = readRegularFile(path, 999, &out);
        QCOMPARE(int(read.error), int(BoundedRead::Error::TooLarge));
        QVERIFY(out.isEmpty());
        QVERIFY(describeReadProblem(read, path, 999).contains(QLatin1String("larger than 999 bytes")));
        read = readRegularFile(path, 1000, &out);
        QVERIFY(read.ok());
        QCOMPARE(out.size(), 1000);
        QVERIFY(describeReadProblem(read, path, 1000).isEmpty());
        QCOMPARE(int(readRegularFile(dir.filePath(QStringLiteral("none")), 10, &out).error),
                 int(BoundedRead::Error::NotFound));
    }

    void demoWorkspaceIsOnlyTheSandboxsOwn()
    {
        Workspace demo;
        demo.id = kDemoWorkspaceId;
        QVERIFY(!isDemoWorkspace(demo)); // the console's --demo, saved by the user: their file
        QVERIFY(isDemoWorkspace(markedAsDemoWorkspace(demo)));
        Workspace other;
        other.id = QStringLiteral("prod");
        QVERIFY(!isDemoWorkspace(markedAsDemoWorkspace(other))); // a marker copied into a real workspace
        // The marker survives the file format (an earlier run's file is recognised).
        Workspace reread;
        QVERIFY(WorkspaceFile::parse(WorkspaceFile::serialize(markedAsDemoWorkspace(demo)), &reread).ok());
        QVERIFY(isDemoWorkspace(reread));
    }

    void demoWorkspaceTargets_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem"); // empty: may be written
        QTest::newRow("nothing there") << QStringLiteral("none") << QString();
        QTest::newRow("an earlier demo workspace") << QStringLiteral("demo") << QString();
        QTest::newRow("a real workspace") << QStringLiteral("real") << QStringLiteral("it is a workspace of its own");
        QTest::newRow("the demo id without the marker")
            << QStringLiteral("unmarked") << QStringLiteral("it is a workspace of its own");
        QTest::newRow("a damaged file") << QStringLiteral("damaged") << QStringLiteral("not a workspace file");
        QTest::newRow("a folder") << QStringLiteral("folder") << QStringLiteral("is a folder");
        QTest::newRow("a named pipe") << QStringLiteral("fifo") << QStringLiteral("named pipe");
        QTest::newRow("a missing folder") << QStringLiteral("missing") << QStringLiteral("folder does not exist");
    }
    void demoWorkspaceTargets()
    {
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("demo.cmic-oauth.json"));
        Workspace demo;
        demo.id = kDemoWorkspaceId;
        if (kind == QLatin1String("demo"))
            QVERIFY(writeAll(path, WorkspaceFile::serialize(markedAsDemoWorkspace(demo))));
        else if (kind == QLatin1String("unmarked"))
            QVERIFY(writeAll(path, WorkspaceFile::serialize(demo)));
        else if (kind == QLatin1String("real"))
            QVERIFY(writeAll(path, WorkspaceFile::serialize(Workspace{})));
        else if (kind == QLatin1String("damaged"))
            QVERIFY(writeAll(path, "{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"id\": \"cmic-demo-work"));
        else if (kind == QLatin1String("folder"))
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("demo.cmic-oauth.json")));
        else if (kind == QLatin1String("fifo"))
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        else if (kind == QLatin1String("missing"))
            path = dir.filePath(QStringLiteral("gone/demo.cmic-oauth.json"));
        const QString said = demoWorkspaceTargetProblem(path);
        if (problem.isEmpty()) {
            QVERIFY2(said.isEmpty(), qPrintable(said));
        } else {
            QVERIFY2(said.contains(problem), qPrintable(said));
            QVERIFY2(said.contains(QLatin1String("Choose")), qPrintable(said)); // what to do next
        }
    }

    void sandboxCaTargets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(kSandboxCaFileName);
        QCOMPARE(sandboxCaTargetProblem(path), QString());
        QVERIFY(writeAll(path, "-----BEGIN CERTIFICATE-----\nnot ours\n-----END CERTIFICATE-----\n"));
        QVERIFY(sandboxCaTargetProblem(path).contains(QLatin1String("not the CA certificate of an earlier sandbox")));
        QVERIFY(QFile::remove(path));
        QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        QVERIFY(sandboxCaTargetProblem(path).contains(QLatin1String("named pipe")));
    }
};

QTEST_GUILESS_MAIN(TestSharedDecisions)
#include "tst_shareddecisions.moc"
