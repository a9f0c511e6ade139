// The file lifecycle without a window: open, edit, save (with its .bak), save as, reload after a change on disk, the
// recent files list, and the credentials of a removed registration leaving the store only when the removal is saved.
#include "GuiTestKit.h"
#include "SecretStoreTestUtil.h"

#include "core/storage/CredentialKind.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"
#include "gui/WorkspaceFileController.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace cmic;
using namespace cmic::test;

class tst_WorkspaceFileController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Session
    {
        MemorySecretStore secrets;
        WorkspaceDocument document;
        ScriptedPrompts prompts;
        WorkspaceFileController files{&document, &secrets, nullptr};
        RegistrationModel registrations{&document};
        QStringList messages;
        Session()
        {
            files.setPrompts(&prompts);
            QObject::connect(&files, &WorkspaceFileController::statusMessage,
                             [this](const QString &text, int) { messages.append(text); });
        }
    };

    static Workspace workspace(const QStringList &registrationNames)
    {
        Workspace ws;
        ws.id = Workspace::newId();
        for (const QString &name : registrationNames) {
            AppRegistration r;
            r.id = Workspace::newId();
            r.name = name;
            ws.registrations.append(r);
        }
        return ws;
    }

    QString writeFile(const QString &name, const Workspace &ws)
    {
        const QString path = m_dir.filePath(name);
        WorkspaceFile file;
        const WorkspaceFile::Result result = file.save(path, ws, /*force=*/true);
        return result.ok() ? path : QString();
    }

    static Workspace reread(const QString &path)
    {
        Workspace ws;
        WorkspaceFile().open(path, &ws);
        return ws;
    }

    static void rename(Session &s, int row, const QString &name)
    {
        s.registrations.setData(s.registrations.index(row, s.registrations.columnOf(QStringLiteral("name"))), name);
    }

    // Whether |store| holds a secret under |key| (asked the way every caller asks: a request, then its answer).
    static bool holds(SecretStore &store, const QString &key)
    {
        const SecretAnswer answer = readSecret(store, key);
        return answer.arrived && answer.status == SecretStore::Status::Ok;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings().clear();
    }

    void openModifySaveWritesTheFileAndItsBackup()
    {
        const QString path = writeFile(QStringLiteral("open.cmic-oauth.json"), workspace({QStringLiteral("Payroll")}));
        QVERIFY(!path.isEmpty());
        Session s;
        QVERIFY(s.files.openFile(path));
        QCOMPARE(s.document.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!s.files.isModified());
        QVERIFY(s.messages.constLast().startsWith(QLatin1String("Opened ")));

        rename(s, 0, QStringLiteral("Payroll sync"));
        QVERIFY(s.files.isModified());
        QVERIFY(s.files.save());
        QVERIFY(!s.files.isModified());
        QCOMPARE(reread(path).registrations.at(0).name, QStringLiteral("Payroll sync"));
        QCOMPARE(reread(WorkspaceFile::backupPath(path)).registrations.at(0).name, QStringLiteral("Payroll"));
        QVERIFY(s.messages.constLast().contains(QLatin1String("secrets stay in the keychain")));
        QCOMPARE(s.prompts.unexpected, 0);

        // Unsaved changes: Cancel keeps them, Discard lets the next document in.
        rename(s, 0, QStringLiteral("Payroll 2"));
        s.prompts.saveChoices.enqueue(UserPrompts::SaveChoice::Cancel);
        QVERIFY(!s.files.newDocument());
        QCOMPARE(s.document.workspace().registrations.at(0).name, QStringLiteral("Payroll 2"));
        s.prompts.saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
        QVERIFY(s.files.newDocument());
        QVERIFY(s.document.workspace().registrations.isEmpty());
        QVERIFY(s.document.filePath().isEmpty());
        QCOMPARE(s.prompts.unexpected, 0);
    }

    void saveAsAddsTheSuffixAndAnUntitledDocumentAsksWhere()
    {
        Session s;
        QVERIFY(s.files.replaceWithUntitled(workspace({QStringLiteral("Demo")})));
        QVERIFY(s.document.filePath().isEmpty());
        const QString stem = m_dir.filePath(QStringLiteral("saved-as"));
        s.prompts.saveNames.enqueue(stem);
        QVERIFY(s.files.save()); // untitled: Save is Save As
        const QString path = stem + WorkspaceFile::kSuffix;
        QCOMPARE(s.document.filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(reread(path).registrations.at(0).name, QStringLiteral("Demo"));
        QCOMPARE(s.files.recentFiles().constFirst(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(s.files.suggestedDirectory(), QFileInfo(path).absolutePath());

        const QString other = m_dir.filePath(QStringLiteral("other.cmic-oauth.json"));
        s.prompts.saveNames.enqueue(other);
        QVERIFY(s.files.saveAs());
        QCOMPARE(s.document.filePath(), QFileInfo(other).absoluteFilePath());
        s.prompts.saveNames.enqueue(QString()); // cancelled
        QVERIFY(!s.files.saveAs());
        QCOMPARE(s.prompts.unexpected, 0);
    }

    void changedOnDiskOffersReload()
    {
        const QString path = writeFile(QStringLiteral("disk.cmic-oauth.json"), workspace({QStringLiteral("Mine")}));
        Session s;
        QVERIFY(s.files.openFile(path));
        rename(s, 0, QStringLiteral("Edited here"));
        Workspace theirs = s.document.workspace();
        theirs.registrations[0].name = QStringLiteral("Edited there");
        QVERIFY(WorkspaceFile().save(path, theirs, /*force=*/true).ok());

        s.prompts.diskChoices.enqueue(UserPrompts::DiskChoice::Cancel);
        QVERIFY(!s.files.save());
        QVERIFY(s.files.isModified());
        QCOMPARE(reread(path).registrations.at(0).name, QStringLiteral("Edited there"));

        s.prompts.diskChoices.enqueue(UserPrompts::DiskChoice::Reload);
        QVERIFY(!s.files.save()); // not saved: the file's version is loaded instead
        QVERIFY(!s.files.isModified());
        QCOMPARE(s.document.workspace().registrations.at(0).name, QStringLiteral("Edited there"));
        QCOMPARE(s.document.undoStack()->count(), 0);
        QCOMPARE(s.prompts.unexpected, 0);
    }

    void recentFilesAreCappedDeduplicatedAndPruned()
    {
        QSettings().remove(QStringLiteral("recentFiles"));
        Session s;
        QStringList paths;
        for (int i = 0; i < WorkspaceFileController::kMaxRecentFiles + 2; ++i) {
            paths.append(writeFile(QStringLiteral("recent-%1.cmic-oauth.json").arg(i), workspace({})));
            QVERIFY(s.files.openFile(paths.constLast()));
        }
        QStringList recent = s.files.recentFiles();
        QCOMPARE(recent.size(), WorkspaceFileController::kMaxRecentFiles);
        QCOMPARE(recent.constFirst(), QFileInfo(paths.constLast()).absoluteFilePath());
        QVERIFY(!recent.contains(QFileInfo(paths.at(0)).absoluteFilePath()));

        QVERIFY(s.files.openRecent(recent.at(3)));
        const QString reopened = recent.at(3);
        recent = s.files.recentFiles();
        QCOMPARE(recent.size(), WorkspaceFileController::kMaxRecentFiles);
        QCOMPARE(recent.constFirst(), reopened);
        QCOMPARE(recent.count(reopened), 1);

        const QString gone = recent.at(1);
        QVERIFY(QFile::remove(gone));
        const QString before = s.document.filePath();
        QVERIFY(!s.files.openRecent(gone));
        QCOMPARE(s.prompts.informations.size(), 1);
        QVERIFY(s.prompts.informations.constFirst().contains(QFileInfo(gone).fileName()));
        QVERIFY(!s.files.recentFiles().contains(gone));
        QCOMPARE(s.files.recentFiles().size(), WorkspaceFileController::kMaxRecentFiles - 1);
        QCOMPARE(s.document.filePath(), before);
        QCOMPARE(s.prompts.unexpected, 0);
    }

    void removedRegistrationLosesItsCredentialsOnlyWhenTheRemovalIsSaved()
    {
        const Workspace ws = workspace({QStringLiteral("Removed"), QStringLiteral("Kept")});
        const QString path = writeFile(QStringLiteral("secrets.cmic-oauth.json"), ws);
        Session s;
        QVERIFY(s.files.openFile(path));
        const QString removed = ws.registrations.at(0).id;
        const QString kept = ws.registrations.at(1).id;
        const QString removedSecret = credentialKey(ws.id, removed, CredentialKind::ClientSecret);
        const QString removedKey = credentialKey(ws.id, removed, CredentialKind::PrivateKey);
        const QString keptSecret = credentialKey(ws.id, kept, CredentialKind::ClientSecret);
        const QString keptKey = credentialKey(ws.id, kept, CredentialKind::PrivateKey);
        for (const QString &key : {removedSecret, removedKey, keptSecret, keptKey})
            s.secrets.write(key, QString(QStringLiteral("secret of ") + key));
        QTRY_COMPARE(s.secrets.count(), 4);

        // Removed, then undone before saving: nothing leaves the store, and saving afterwards deletes nothing.
        s.registrations.removeObject(0);
        s.files.registrationRemoved(removed);
        QVERIFY(s.messages.constLast().contains(QLatin1String("until you save")));
        QCoreApplication::processEvents();
        QCOMPARE(s.secrets.count(), 4);
        s.document.undoStack()->undo();
        QVERIFY(s.messages.constLast().contains(QLatin1String("back, with its secret")));
        QVERIFY(s.files.save());
        QCoreApplication::processEvents();
        QCOMPARE(s.secrets.count(), 4);

        // Removed and saved: its secret and private key go, the other registration's stay.
        s.registrations.removeObject(0);
        s.files.registrationRemoved(removed);
        QCOMPARE(s.secrets.count(), 4);
        QVERIFY(s.files.save());
        QTRY_COMPARE(s.secrets.count(), 2);
        QVERIFY(!holds(s.secrets, removedSecret));
        QVERIFY(!holds(s.secrets, removedKey));
        QVERIFY(holds(s.secrets, keptSecret));
        QVERIFY(holds(s.secrets, keptKey));
        // Undo after the save brings the registration back without them, and says so.
        s.document.undoStack()->undo();
        QCOMPARE(s.document.workspace().registrations.size(), 2);
        QVERIFY(s.messages.constLast().contains(QLatin1String("enter it again")));

        // A removal never saved loses nothing: discarding it (here by reopening the file) keeps the credentials.
        s.registrations.removeObject(1);
        s.files.registrationRemoved(kept);
        s.prompts.saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
        QVERIFY(s.files.openFile(path));
        QVERIFY(s.files.save());
        QCoreApplication::processEvents();
        QCOMPARE(s.secrets.count(), 2);
        QCOMPARE(s.prompts.unexpected, 0);
    }

    void aForgetterReplacesTheStoreForDeletion()
    {
        const Workspace ws = workspace({QStringLiteral("Removed")});
        const QString path = writeFile(QStringLiteral("forgetter.cmic-oauth.json"), ws);
        Session s;
        QList<QPair<CredentialKind, QString>> forgotten;
        s.files.setCredentialForgetter([&forgotten](CredentialKind kind, const QString &key) {
            forgotten.append({kind, key});
        });
        QVERIFY(s.files.openFile(path));
        s.registrations.removeObject(0);
        s.files.registrationRemoved(ws.registrations.at(0).id);
        QVERIFY(s.files.save());
        const QString id = ws.registrations.at(0).id;
        QCOMPARE(forgotten.size(), 2);
        QVERIFY(forgotten.contains(
            qMakePair(CredentialKind::ClientSecret, credentialKey(ws.id, id, CredentialKind::ClientSecret))));
        QVERIFY(forgotten.contains(
            qMakePair(CredentialKind::PrivateKey, credentialKey(ws.id, id, CredentialKind::PrivateKey))));
    }
};

QTEST_MAIN(tst_WorkspaceFileController)
#include "tst_workspacefilecontroller.moc"
