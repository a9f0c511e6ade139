// Keychain entries keep naming their registration and workspace file (issue 13: "labelled for people"): saving after
// a rename, an undone rename or a Save As relabels the entries already stored, without touching their secrets, and
// entries of registrations that did not change are left alone. Against the real Secret Service
// (scripts/with-keyring.sh), read back with secret-tool.
#include "GuiTestKit.h"
#include "KeychainItems.h"
#include "SecretStoreTestUtil.h"

#include "core/storage/KeychainSecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"
#include "gui/WorkspaceFileController.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>

#include "CiSkip.h"

using namespace cmic;
using namespace cmic::test;

class tst_KeychainRelabel : public QObject
{
    Q_OBJECT

private:
    const QString m_service = QStringLiteral("cmic-oauth-console-relabel-test-") + Workspace::newId();
    QStringList m_written;
    QTemporaryDir m_dir;

    struct Session
    {
        KeychainSecretStore secrets;
        WorkspaceDocument document;
        ScriptedPrompts prompts;
        WorkspaceFileController files{&document, &secrets, nullptr};
        RegistrationModel registrations{&document};
        explicit Session(const QString &service) : secrets(nullptr, service)
        {
            files.setPrompts(&prompts);
            // As the console does (src/app/main.cpp): a write names the registration and the file as they are.
            secrets.setLabeller([this](const QString &key) {
                return KeychainSecretStore::entryLabelFor(document.workspace(), document.filePath(), key);
            });
        }
        QString key(int row, CredentialKind kind = CredentialKind::ClientSecret) const
        {
            return credentialKey(document.workspace().id, document.workspace().registrations.at(row).id, kind);
        }
        void rename(int row, const QString &name)
        {
            registrations.setData(registrations.index(row, registrations.columnOf(QStringLiteral("name"))), name);
        }
    };

    QString label(const QString &key) const { return keychainItems(m_service, key).value(0).label; }

    static Workspace twoRegistrations()
    {
        Workspace ws;
        ws.id = Workspace::newId();
        for (const QString &name : {QStringLiteral("Payroll sync"), QStringLiteral("Timesheets")}) {
            AppRegistration r;
            r.id = Workspace::newId();
            r.name = name;
            ws.registrations.append(r);
        }
        return ws;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString probeKey = credentialKey(Workspace::newId(), Workspace::newId(), CredentialKind::ClientSecret);
        m_written << probeKey;
        const QString reason = keychainUnusableReason(m_service, probeKey);
        if (!reason.isEmpty())
            CMIC_SKIP_OR_FAIL_IN_CI(reason);
    }

    void cleanupTestCase()
    {
        KeychainSecretStore store(nullptr, m_service);
        for (const QString &key : std::as_const(m_written))
            removeSecret(store, key);
    }

    void savingAfterARenameRelabelsThatRegistrationsEntries()
    {
        Session s(m_service);
        s.document.reset(twoRegistrations(), QString());
        m_written << s.key(0) << s.key(1) << s.key(0, CredentialKind::PrivateKey);
        QCOMPARE(writeSecret(s.secrets, s.key(0), QStringLiteral("payroll-secret")).status, SecretStore::Status::Ok);
        QCOMPARE(
            writeSecret(s.secrets, s.key(0, CredentialKind::PrivateKey), QStringLiteral("-----BEGIN KEY-----")).status,
            SecretStore::Status::Ok);
        QCOMPARE(writeSecret(s.secrets, s.key(1), QStringLiteral("timesheets-secret")).status, SecretStore::Status::Ok);
        QCOMPARE(label(s.key(0)),
                 QStringLiteral("CMiC OAuth Console — Payroll sync client secret (unsaved workspace)"));

        // The first save gives the entries the file's name.
        s.prompts.saveNames.enqueue(m_dir.filePath(QStringLiteral("acme.cmic-oauth.json")));
        QVERIFY(s.files.save());
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(0)), QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"),
            20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(0, CredentialKind::PrivateKey)),
            QStringLiteral("CMiC OAuth Console — Payroll sync private key (acme.cmic-oauth.json)"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(1)), QStringLiteral("CMiC OAuth Console — Timesheets client secret (acme.cmic-oauth.json)"),
            20000);

        // Renamed: nothing changes in the keychain until the rename is saved.
        s.rename(0, QStringLiteral("Payroll export"));
        QTest::qWait(200);
        QCOMPARE(label(s.key(0)),
                 QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"));
        QVERIFY(s.files.save());
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(0)), QStringLiteral("CMiC OAuth Console — Payroll export client secret (acme.cmic-oauth.json)"),
            20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(0, CredentialKind::PrivateKey)),
            QStringLiteral("CMiC OAuth Console — Payroll export private key (acme.cmic-oauth.json)"), 20000);
        const QList<KeychainItem> items = keychainItems(m_service, s.key(0));
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).secret, QStringLiteral("payroll-secret"));

        // Undone and saved again: the label follows back.
        s.document.undoStack()->undo();
        QVERIFY(s.files.save());
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(0)), QStringLiteral("CMiC OAuth Console — Payroll sync client secret (acme.cmic-oauth.json)"),
            20000);
        QCOMPARE(label(s.key(1)),
                 QStringLiteral("CMiC OAuth Console — Timesheets client secret (acme.cmic-oauth.json)"));
    }

    void saveAsRelabelsEveryEntryWithTheNewFileName()
    {
        Session s(m_service);
        const QString path = m_dir.filePath(QStringLiteral("site-a.cmic-oauth.json"));
        Workspace ws = twoRegistrations();
        QVERIFY(WorkspaceFile().save(path, ws, /*force=*/true).ok());
        QVERIFY(s.files.openFile(path));
        QTRY_VERIFY(s.document.workspace().registrations.size() == 2);
        m_written << s.key(1);
        QCOMPARE(writeSecret(s.secrets, s.key(1), QStringLiteral("timesheets")).status, SecretStore::Status::Ok);
        QCOMPARE(label(s.key(1)),
                 QStringLiteral("CMiC OAuth Console — Timesheets client secret (site-a.cmic-oauth.json)"));

        s.prompts.saveNames.enqueue(m_dir.filePath(QStringLiteral("site-b.cmic-oauth.json")));
        QVERIFY(s.files.saveAs());
        QTRY_COMPARE_WITH_TIMEOUT(
            label(s.key(1)), QStringLiteral("CMiC OAuth Console — Timesheets client secret (site-b.cmic-oauth.json)"),
            20000);
        QVERIFY(keychainItems(m_service, s.key(0)).isEmpty()); // never stored, and not created by the relabel
        QCOMPARE(s.prompts.unexpected, 0);
    }
};

QTEST_MAIN(tst_KeychainRelabel)
#include "tst_keychainrelabel.moc"
