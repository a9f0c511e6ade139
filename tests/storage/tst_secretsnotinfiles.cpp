#include "SecretStoreTestUtil.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/rules/SetupRules.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::test;

// The acceptance check for secrets: an editing session against the real Secret Service (scripts/with-keyring.sh
// gives the test a throw-away HOME with gnome-keyring) stores a client secret, reads it back, saves the workspace
// twice (so a .bak exists), runs the setup rules and writes every export -- then no file under HOME, the config
// folder or the workspace folder holds the secret's text, and no log line does. gnome-keyring's own files
// ($XDG_DATA_HOME/keyrings, under the test's HOME) are searched too: they hold it encrypted.
namespace {

QStringList g_logLines;

void captureLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_logLines << QString::fromLatin1(context.category ? context.category : "") + QLatin1String(": ") + message;
}

// The forms a secret could take in a file: UTF-8 (JSON, .env, properties) and UTF-16 (a QString dumped raw).
QList<QByteArray> needles(const QString &secret)
{
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
    return {secret.toUtf8(), utf16};
}

// Files under |roots| whose bytes contain |secret|.
QStringList filesContaining(const QStringList &roots, const QString &secret)
{
    QStringList hits;
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue; // sockets, fifos
            const QByteArray bytes = file.readAll();
            for (const QByteArray &needle : needles(secret)) {
                if (bytes.contains(needle)) {
                    hits << path;
                    break;
                }
            }
        }
    }
    hits.removeDuplicates();
    return hits;
}

Workspace editedWorkspace()
{
    Workspace ws;
    ws.id = Workspace::newId();
    Environment env;
    env.id = Workspace::newId();
    env.name = QStringLiteral("cmicprod");
    env.apiBaseUrl = QStringLiteral("https://cmic.acme.example/cmicprod");
    env.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1")};
    ws.environments << env;
    ServiceUser user;
    user.id = Workspace::newId();
    user.username = QStringLiteral("SVC_INTEGRATION");
    user.dedicatedConfirmed = true;
    ws.serviceUsers << user;
    AppRegistration reg;
    reg.id = Workspace::newId();
    reg.name = QStringLiteral("Payroll sync");
    reg.environmentId = env.id;
    reg.idpPreset = QStringLiteral("entra-v1");
    reg.presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("9188040d-6c67-4c5b-b112-36a304b66dad"));
    reg.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    reg.issuer = QStringLiteral("https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/");
    reg.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    reg.tokenEndpoint =
        QStringLiteral("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/oauth2/v2.0/token");
    reg.serviceUserId = user.id;
    ws.registrations << reg;
    return ws;
}

} // namespace

class TestSecretsNotInFiles : public QObject
{
    Q_OBJECT

private:
    // Unique per run, and unlike anything else a file would hold.
    const QString m_secret =
        QStringLiteral("Zq8~") + Workspace::newId().remove(QLatin1Char('-')) + QStringLiteral("~sEcReT");
    KeychainSecretStore m_store;
    QTemporaryDir m_workspaceDir;
    QString m_key;

    QStringList roots() const
    {
        return {QDir::homePath(), QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                m_workspaceDir.path()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_workspaceDir.isValid());
        QString reason;
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            reason = QStringLiteral("No D-Bus session bus, so no Secret Service. Run under scripts/with-keyring.sh "
                                    "(scripts/test.sh does).");
        } else if (const SecretAnswer probe = probeStore(m_store); probe.status != SecretStore::Status::Ok) {
            reason = QStringLiteral("The keychain is not usable: ") + probe.errorText;
        }
        if (reason.isEmpty())
            return;
        CMIC_SKIP_OR_FAIL_IN_CI(reason);
    }

    void cleanupTestCase()
    {
        if (!m_key.isEmpty())
            removeSecret(m_store, m_key);
        qInstallMessageHandler(nullptr);
    }

    // Guards the search itself: a file that does hold the secret is found, in either encoding.
    void searchFindsAPlantedSecret()
    {
        const QString planted = m_workspaceDir.filePath(QStringLiteral("planted.txt"));
        for (const QByteArray &form : needles(m_secret)) {
            QFile file(planted);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("before " + form + " after");
            file.close();
            QCOMPARE(filesContaining(roots(), m_secret), QStringList{planted});
        }
        QVERIFY(QFile::remove(planted));
        QVERIFY(filesContaining(roots(), m_secret).isEmpty());
    }

    void editingSessionLeavesTheSecretOnlyInTheKeychain()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("cmic.*=true"));
        g_logLines.clear();
        qInstallMessageHandler(captureLog);

        Workspace ws = editedWorkspace();
        const AppRegistration &reg = ws.registrations.constFirst();
        m_key = SecretStore::key(ws.id, reg.id);
        QCOMPARE(writeSecret(m_store, m_key, m_secret).status, SecretStore::Status::Ok);
        const SecretAnswer back = readSecret(m_store, m_key);
        QCOMPARE(back.status, SecretStore::Status::Ok);
        QCOMPARE(back.secret, m_secret);

        const QString file = m_workspaceDir.filePath(QStringLiteral("payroll.cmic-oauth.json"));
        WorkspaceFile wf;
        WorkspaceFile::Result saved = wf.save(file, ws);
        QVERIFY2(saved.ok(), qPrintable(saved.message));
        ws.registrations[0].secretExpiry = QDate(2027, 5, 1);
        ws.registrations[0].notes = QStringLiteral("Secret rotated.");
        saved = wf.save(file, ws);
        QVERIFY2(saved.ok(), qPrintable(saved.message));
        QVERIFY(QFile::exists(WorkspaceFile::backupPath(file)));
        Workspace reopened;
        QVERIFY(WorkspaceFile().open(file, &reopened).ok());
        QCOMPARE(reopened, ws);

        const FixedClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
        const Findings findings = SetupRules(clock).check(ws);
        for (const Finding &f : findings)
            qInfo("%s: %s", qPrintable(f.code), qPrintable(f.message));

        for (const Exporter *exporter : ExporterRegistry::instance().exporters()) {
            QFile out(m_workspaceDir.filePath(QStringLiteral("export-") + exporter->id() + QLatin1Char('.')
                                              + exporter->fileSuffix()));
            QVERIFY(out.open(QIODevice::WriteOnly));
            const ExportResult result = exporter->render(ws, ws.registrations.constFirst());
            const QByteArray bytes = result.content;
            // A format that cannot be made in this process (the PDF sheet needs QtGui) says why instead.
            QVERIFY2(!bytes.isEmpty() || !result.warnings.isEmpty(), qPrintable(exporter->id()));
            out.write(bytes);
        }
        qInstallMessageHandler(nullptr);

        const QStringList hits = filesContaining(roots(), m_secret);
        QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("the secret is in: ") + hits.join(QLatin1String(", "))));
        QVERIFY2(!g_logLines.isEmpty(), "the session logged nothing, so the log check proves nothing");
        for (const QString &line : std::as_const(g_logLines))
            QVERIFY2(!line.contains(m_secret), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestSecretsNotInFiles)
#include "tst_secretsnotinfiles.moc"
