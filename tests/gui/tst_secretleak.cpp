// The secret-leak session: with HOME, XDG_CONFIG_HOME and XDG_DATA_HOME pointing at fresh folders, a user sets a
// client secret through the registration form's password field (the real OS keychain: gnome-keyring in a private
// D-Bus session under scripts/with-keyring.sh), saves the workspace, exports the registration with every exporter,
// closes the window (settings written) — and then no file under HOME, config, data or the workspace folder holds the
// secret, in plain text, base64, base64url or percent-encoded form. The keychain still returns it.
// Without a session bus the test skips with the reason, except when CI=true, where it fails.
#include "CiSkip.h"
#include "GuiTestKit.h"

#include "SecretStoreTestUtil.h"
#include "core/export/Exporter.h"
#include "core/storage/KeychainSecretStore.h"
#include "gui/ExportDialog.h"
#include "gui/MainWindow.h"
#include "gui/SecretField.h"
#include "gui/WorkspaceDocument.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QUrl>

using namespace cmic;
using namespace cmic::test;

namespace {
QTemporaryDir *g_root = nullptr;
const QString kService = QStringLiteral("cmic-oauth-console-leaktest");
} // namespace

class tst_SecretLeak : public QObject
{
    Q_OBJECT

    static QString folder(const char *name) { return g_root->filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase()
    {
        QVERIFY(g_root && g_root->isValid());
        QCOMPARE(qEnvironmentVariable("HOME"), folder("home"));
        QString reason;
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            reason = QStringLiteral("No D-Bus session bus, so no Secret Service. Run under scripts/with-keyring.sh "
                                    "(scripts/test.sh does).");
        } else {
            KeychainSecretStore store(nullptr, kService);
            const SecretAnswer probe = probeStore(store);
            if (!probe.arrived)
                reason = QStringLiteral("The keychain did not answer within 20 s.");
            else if (probe.status != SecretStore::Status::Ok)
                reason = QStringLiteral("The keychain is not usable: ") + probe.errorText;
        }
        if (reason.isEmpty())
            return;
        CMIC_SKIP_OR_FAIL_IN_CI(reason);
    }

    void secretAppearsInNoFileButStaysInTheKeychain()
    {
        // A secret with characters that every encoding changes, random per run.
        const QString secret = QStringLiteral("Sx+/=%1~#&? %2")
                                   .arg(QRandomGenerator::global()->generate64(), 0, 36)
                                   .arg(QRandomGenerator::global()->generate(), 0, 16);
        const QString workspaceDir = folder("workspace");
        QVERIFY(QDir().mkpath(workspaceDir));

        KeychainSecretStore keychain(nullptr, kService);
        QString key;
        {
            MainWindow window(&keychain);
            auto prompts = std::make_unique<ScriptedPrompts>();
            ScriptedPrompts *script = prompts.get();
            window.setPrompts(std::move(prompts));
            window.show();
            QVERIFY(window.loadDemo());
            window.showPage(ObjectKind::Registration);
            ObjectForm *form = window.form(ObjectKind::Registration);
            QVERIFY(!form->currentId().isEmpty());
            auto *field = form->findChild<SecretField *>();
            QVERIFY(field);
            QTRY_VERIFY_WITH_TIMEOUT(
                field->state() == SecretField::State::NotStored || field->state() == SecretField::State::Stored, 20000);
            auto *edit = form->findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"));
            QVERIFY(edit);
            QCOMPARE(edit->echoMode(), QLineEdit::Password);
            edit->setFocus();
            edit->selectAll();
            QTest::keyClicks(edit, secret);
            QTest::keyClick(edit, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(field->state(), SecretField::State::Stored, 20000);
            key = field->key();

            // Edit something else too, so the saved file is the product of a real session.
            typeInto(form, QStringLiteral("notes"), QString());
            typeInto(form, QStringLiteral("scope"), QStringLiteral("cmic.read"));

            script->saveNames.enqueue(QDir(workspaceDir).filePath(QStringLiteral("leak.cmic-oauth.json")));
            QVERIFY(window.save());
            const QList<const Exporter *> exporters = ExporterRegistry::instance().exporters();
            QVERIFY(!exporters.isEmpty());
            for (const Exporter *exporter : exporters) {
                // Through the Export dialog, as File > Export does, without ticking "Include the secret".
                ExportDialog *dialog = window.exportCurrentRegistration();
                QVERIFY(dialog);
                QVERIFY(dialog->selectFormat(exporter->id()));
                QVERIFY(!dialog->secretIncluded());
                const QString out =
                    QDir(workspaceDir)
                        .filePath(QStringLiteral("export-%1.%2").arg(exporter->id(), exporter->fileSuffix()));
                script->saveNames.enqueue(out);
                QVERIFY2(dialog->save(), qPrintable(exporter->id()));
                dialog->close();
                QVERIFY(QFile::exists(out));
            }
            QVERIFY(window.close()); // writes the window settings
            QCOMPARE(script->unexpected, 0);
            QVERIFY(script->errors.isEmpty());
        }
        QSettings().sync();

        const QByteArray utf8 = secret.toUtf8();
        const QList<QByteArray> forms = {
            utf8,
            utf8.toBase64(),
            utf8.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
            QUrl::toPercentEncoding(secret),
            secret.toUtf8().toPercentEncoding(),
        };
        int scanned = 0;
        for (const char *root : {"home", "config", "data", "workspace"}) {
            QDirIterator it(folder(root), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile f(path);
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
                const QByteArray bytes = f.readAll();
                ++scanned;
                for (const QByteArray &form : forms)
                    QVERIFY2(!bytes.contains(form), qPrintable(QStringLiteral("secret found in ") + path));
            }
        }
        // The workspace, its exports and the settings file at least.
        QVERIFY2(scanned >= 2 + ExporterRegistry::instance().exporters().size(), qPrintable(QString::number(scanned)));

        const SecretAnswer back = readSecret(keychain, key);
        QCOMPARE(back.status, SecretStore::Status::Ok);
        QCOMPARE(back.secret, secret);
        QCOMPARE(removeSecret(keychain, key).status, SecretStore::Status::Ok);
    }
};

int main(int argc, char *argv[])
{
    // Fresh HOME, config and data folders before anything reads them.
    QTemporaryDir root;
    g_root = &root;
    for (const char *name : {"home", "config", "data", "workspace"})
        QDir().mkpath(root.filePath(QString::fromLatin1(name)));
    qputenv("HOME", QFile::encodeName(root.filePath(QStringLiteral("home"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(root.filePath(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(root.filePath(QStringLiteral("data"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(root.filePath(QStringLiteral("home/.cache"))));
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("cmic-oauth-leaktest"));
    QApplication::setApplicationName(QStringLiteral("cmic-oauth-console"));
    tst_SecretLeak test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretleak.moc"
