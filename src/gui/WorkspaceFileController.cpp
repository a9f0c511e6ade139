#include "WorkspaceFileController.h"

#include "UserPrompts.h"
#include "WorkspaceDocument.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/SecretStore.h"
#include "core/storage/WorkspaceFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace cmic {

namespace {
QString recentFilesKey() { return QStringLiteral("recentFiles"); }
} // namespace

WorkspaceFileController::WorkspaceFileController(WorkspaceDocument *document, SecretStore *secrets,
                                                 QWidget *promptParent, QObject *parent)
    : QObject(parent), m_document(document), m_secrets(secrets), m_promptParent(promptParent)
{
    setCredentialForgetter({});
    connect(m_document, &WorkspaceDocument::resetDone, this, [this] {
        // Another document (or the saved one again): registrations removed but never saved still exist in their
        // file, so their credentials stay.
        m_credentialsToDelete.clear();
        m_credentialsDeleted.clear();
        rememberLabelledNames();
    });
    connect(m_document, &WorkspaceDocument::objectInserted, this, [this](ObjectKind kind, int row) {
        if (kind == ObjectKind::Registration)
            onRegistrationInserted(m_document->objectId(kind, row));
    });
}

WorkspaceFileController::~WorkspaceFileController() = default;

void WorkspaceFileController::setCredentialForgetter(CredentialForgetter forgetter)
{
    if (forgetter) {
        m_forgetCredential = std::move(forgetter);
        return;
    }
    m_forgetCredential = [this](CredentialKind, const QString &key) {
        if (m_secrets)
            m_secrets->remove(key);
    };
}

bool WorkspaceFileController::isModified() const { return m_document->isModified(); }

bool WorkspaceFileController::maybeSave()
{
    if (!m_document->isModified())
        return true;
    switch (m_prompts->askSaveChanges(m_promptParent, m_document->displayName())) {
    case UserPrompts::SaveChoice::Save: return save();
    case UserPrompts::SaveChoice::Discard: return true;
    case UserPrompts::SaveChoice::Cancel: return false;
    }
    return false;
}

bool WorkspaceFileController::newDocument()
{
    if (!maybeSave())
        return false;
    m_document->file().clear();
    Workspace workspace;
    workspace.id = Workspace::newId();
    m_document->reset(workspace, QString());
    emit statusMessage(tr("New workspace. Start with an environment, then a service user and a registration."), 8000);
    return true;
}

bool WorkspaceFileController::openFile(const QString &path)
{
    if (!maybeSave())
        return false;
    return openWithoutAsking(path);
}

bool WorkspaceFileController::openFromDialog()
{
    if (!maybeSave())
        return false;
    const QString path = m_prompts->openFileName(m_promptParent, suggestedDirectory());
    return !path.isEmpty() && openWithoutAsking(path);
}

bool WorkspaceFileController::openRecent(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        QStringList files = recentFiles();
        files.removeAll(path);
        setRecentFiles(files);
        m_prompts->information(m_promptParent, tr("File not found"),
                               tr("%1 no longer exists, so it was removed from the recent files. If it was moved, "
                                  "open it from its new place with File > Open.")
                                   .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    return openFile(path);
}

bool WorkspaceFileController::openWithoutAsking(const QString &path)
{
    WorkspaceFile file;
    Workspace workspace;
    const WorkspaceFile::Result result = file.open(path, &workspace);
    if (!result.ok()) {
        m_prompts->error(m_promptParent, tr("Could not open the workspace"), result.message);
        return false;
    }
    m_document->file() = file;
    m_document->reset(workspace, QFileInfo(path).absoluteFilePath(), result.upgraded);
    addRecentFile(path);
    emit statusMessage(tr("Opened %1.").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool WorkspaceFileController::replaceWithUntitled(const Workspace &workspace)
{
    if (!maybeSave())
        return false;
    m_document->file().clear();
    m_document->reset(workspace, QString());
    return true;
}

bool WorkspaceFileController::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath(), false);
}

bool WorkspaceFileController::saveAs()
{
    QString suggested = m_document->filePath();
    if (suggested.isEmpty())
        suggested = QDir(suggestedDirectory()).filePath(tr("workspace") + WorkspaceFile::kSuffix);
    QString path = m_prompts->saveFileName(m_promptParent, tr("Save workspace as"), suggested,
                                           tr("CMiC OAuth workspaces (*.cmic-oauth.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += WorkspaceFile::kSuffix;
    // The file dialog already asked before replacing an existing file.
    return saveTo(path, true);
}

bool WorkspaceFileController::saveTo(const QString &path, bool force)
{
    const WorkspaceFile::Result result = m_document->file().save(path, m_document->workspace(), force);
    if (result.error == WorkspaceFile::Error::ChangedOnDisk) {
        switch (m_prompts->askChangedOnDisk(m_promptParent, QDir::toNativeSeparators(path))) {
        case UserPrompts::DiskChoice::Reload: openWithoutAsking(path); return false; // not saved
        case UserPrompts::DiskChoice::Overwrite: return saveTo(path, true);
        case UserPrompts::DiskChoice::SaveAs: return saveAs();
        case UserPrompts::DiskChoice::Cancel: return false;
        }
        return false;
    }
    if (!result.ok()) {
        m_prompts->error(m_promptParent, tr("Could not save the workspace"), result.message);
        return false;
    }
    m_document->setFilePath(QFileInfo(path).absoluteFilePath());
    m_document->markSaved();
    deleteCredentialsOfSavedRemovals();
    updateKeychainLabels();
    addRecentFile(path);
    emit statusMessage(tr("Saved %1 (secrets stay in the keychain).").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
void WorkspaceFileController::rememberLabelledNames()
{
    m_labelledNames.clear();
    m_labelledPath = m_document->filePath();
    if (!m_secrets || !m_secrets->isPersistent())
        return; // nothing outlives the session, so no label to keep up to date
    const Workspace &workspace = m_document->workspace();
    m_labelledNames.reserve(workspace.registrations.size());
    for (const AppRegistration &registration : workspace.registrations)
        m_labelledNames.insert(registration.id, registration.name);
}

void WorkspaceFileController::updateKeychainLabels()
{
    if (!m_secrets || !m_secrets->isPersistent())
        return;
    const QList<SecretStore::EntryLabel> changed = KeychainSecretStore::changedLabels(
        m_document->workspace(), m_document->filePath(), m_labelledNames, m_labelledPath);
    if (!changed.isEmpty())
        m_secrets->updateLabels(changed);
    rememberLabelledNames();
}

void WorkspaceFileController::registrationRemoved(const QString &id)
{
    m_credentialsToDelete.insert(id);
    emit statusMessage(tr("Registration removed. Its secret stays in the keychain until you save, so Undo "
                          "brings both back."),
                       15000);
}

void WorkspaceFileController::onRegistrationInserted(const QString &id)
{
    if (m_credentialsToDelete.remove(id))
        emit statusMessage(tr("The registration is back, with its secret."), 5000);
    else if (m_credentialsDeleted.remove(id))
        emit statusMessage(tr("The registration is back, but its secret was deleted from the keychain when "
                              "the removal was saved: enter it again."),
                           15000);
}

void WorkspaceFileController::deleteCredentialsOfSavedRemovals()
{
    const QString workspaceId = m_document->workspace().id;
    for (const QString &id : std::as_const(m_credentialsToDelete)) {
        if (m_document->workspace().registration(id))
            continue; // back through undo/redo since
        m_forgetCredential(CredentialKind::ClientSecret, credentialKey(workspaceId, id, CredentialKind::ClientSecret));
        m_forgetCredential(CredentialKind::PrivateKey, credentialKey(workspaceId, id, CredentialKind::PrivateKey));
        m_credentialsDeleted.insert(id);
    }
    m_credentialsToDelete.clear();
}

// ---------------------------------------------------------------------------------------------------------------
QStringList WorkspaceFileController::recentFiles() const { return QSettings().value(recentFilesKey()).toStringList(); }

void WorkspaceFileController::setRecentFiles(const QStringList &files)
{
    QSettings().setValue(recentFilesKey(), files);
}

void WorkspaceFileController::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    setRecentFiles(files);
}

QString WorkspaceFileController::suggestedDirectory() const
{
    if (!m_document->filePath().isEmpty())
        return QFileInfo(m_document->filePath()).absolutePath();
    const QStringList recent = recentFiles();
    if (!recent.isEmpty())
        return QFileInfo(recent.constFirst()).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

} // namespace cmic
