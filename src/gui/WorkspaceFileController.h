#pragma once

#include "core/storage/CredentialKind.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>

class QWidget;

namespace cmic {

class SecretStore;
class UserPrompts;
class WorkspaceDocument;
struct Workspace;

// The file lifecycle of a WorkspaceDocument: new, open, save, save as, reload when the file changed on disk, the
// recent files (QSettings "recentFiles") and the unsaved-changes question. Also deletes the credentials of removed
// registrations when their removal is saved: until then Undo brings a registration back with its secret and key.
// Every question goes through UserPrompts (parented to |promptParent|); what happened is reported as statusMessage.
class WorkspaceFileController : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRecentFiles = 8;

    // Deletes one credential of a registration whose removal was saved. The default removes |key| from the store.
    using CredentialForgetter = std::function<void(CredentialKind kind, const QString &key)>;

    // |document|, |secrets| (may be null: nothing to delete) and |promptParent| are not owned.
    WorkspaceFileController(WorkspaceDocument *document, SecretStore *secrets, QWidget *promptParent,
                            QObject *parent = nullptr);
    ~WorkspaceFileController() override;

    WorkspaceDocument *document() const { return m_document; }
    void setPrompts(UserPrompts *prompts) { m_prompts = prompts; } // not owned; must be set before any file operation
    void setCredentialForgetter(CredentialForgetter forgetter);

    bool isModified() const;
    // Asks to save unsaved changes; false when the user cancelled or the save failed.
    bool maybeSave();

    // Each returns false when cancelled or failed (the current document is then kept).
    bool newDocument();
    bool openFile(const QString &path);   // asks to save unsaved changes first
    bool openFromDialog();                // asks to save, then for the file
    bool openRecent(const QString &path); // a missing file leaves the list, with a message
    bool save();
    bool saveAs();
    // Replaces the document by |workspace|, untitled (Save asks where to put it), after asking to save changes.
    bool replaceWithUntitled(const Workspace &workspace);

    // The selected registration |id| was removed: its credentials go when the removal is saved.
    void registrationRemoved(const QString &id);

    // Most recent first, absolute paths, at most kMaxRecentFiles.
    QStringList recentFiles() const;
    // The document's folder, else the most recent file's, else Documents.
    QString suggestedDirectory() const;

signals:
    void statusMessage(const QString &text, int timeoutMs);

private:
    bool openWithoutAsking(const QString &path);
    bool saveTo(const QString &path, bool force);
    void deleteCredentialsOfSavedRemovals();
    void addRecentFile(const QString &path);
    void setRecentFiles(const QStringList &files);
    void onRegistrationInserted(const QString &id);
    // Keychain entries are labelled with their registration's name and the file's name (KeychainSecretStore): what
    // they were at the last open or save, so a save that renamed either relabels just those entries.
    void rememberLabelledNames();
    void updateKeychainLabels();

    WorkspaceDocument *m_document;
    SecretStore *m_secrets;
    QWidget *m_promptParent;
    UserPrompts *m_prompts = nullptr;
    CredentialForgetter m_forgetCredential;
    QHash<QString, QString> m_labelledNames; // registration id -> name at the last open or save (persistent store)
    QString m_labelledPath;
    QSet<QString> m_credentialsToDelete; // registrations removed since the last save: their credentials go with it
    QSet<QString> m_credentialsDeleted;  // registrations whose credentials went with a saved removal (Undo says so)
};

} // namespace cmic
