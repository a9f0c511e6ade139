#pragma once

#include "core/model/Workspace.h"
#include "core/rules/Finding.h"
#include "core/storage/WorkspaceFile.h"

#include <QHash>
#include <QObject>

class QUndoStack;
class QTimer;

namespace cmic {

class Clock;
class CredentialInventory;
class SecretStore;

// The three kinds of objects the editor lists.
enum class ObjectKind { Environment, ServiceUser, Registration };

SubjectKind toSubjectKind(ObjectKind kind);

// The document the main window edits: the Workspace, its file, its undo stack and its findings.
// Views never change the Workspace directly: models push QUndoCommands (gui/UndoCommands.h) whose redo()/undo() call
// the mutators below, which emit the signals models listen to. Findings are recomputed (SetupRules) after each change,
// coalesced to once per event loop turn; findings() always answers for the current state.
class WorkspaceDocument : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceDocument(QObject *parent = nullptr, const Clock *clock = nullptr);
    ~WorkspaceDocument() override;

    const Workspace &workspace() const { return m_workspace; }
    // Replaces the whole workspace (New, Open, Reload): the undo stack is cleared; the document is clean unless
    // |modified| (e.g. an untitled demo, or a file whose ids were filled in on open).
    void reset(const Workspace &workspace, const QString &filePath, bool modified = false);

    QString filePath() const { return m_filePath; }
    void setFilePath(const QString &path);
    // The file name, or "Untitled" for a document never saved.
    QString displayName() const;
    WorkspaceFile &file() { return m_file; }

    QUndoStack *undoStack() const { return m_undoStack; }
    bool isModified() const;
    // After a successful save.
    void markSaved();

    // The store the credentials live in: the findings then say which registrations have none stored
    // (credential.missing). Not owned; null: no such findings.
    void setSecretStore(SecretStore *store);

    const Findings &findings() const;
    Findings findingsFor(SubjectKind kind, const QString &id) const;

    int count(ObjectKind kind) const;
    QString objectId(ObjectKind kind, int row) const;
    int rowOf(ObjectKind kind, const QString &id) const;

    // Mutators for undo commands (and tests); each emits the matching signals. Rows must be valid.
    template <typename T>
    int indexOf(const QString &id) const;
    template <typename T>
    const T &object(int row) const;
    template <typename T>
    void replaceObject(int row, const T &value);
    template <typename T>
    void insertObject(int row, const T &value);
    template <typename T>
    void removeObject(int row);
    // The workspace settings (CA bundle, proxy, clock skew); for ChangeSettingsCommand. Emits settingsChanged.
    void setSettings(const WorkspaceSettings &settings);

signals:
    void aboutToReset();
    void resetDone();
    void objectChanged(cmic::ObjectKind kind, int row);
    void objectAboutToBeInserted(cmic::ObjectKind kind, int row);
    void objectInserted(cmic::ObjectKind kind, int row);
    void objectAboutToBeRemoved(cmic::ObjectKind kind, int row);
    void objectRemoved(cmic::ObjectKind kind, int row);
    void findingsChanged();
    void settingsChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    void contentChanged();
    void recomputeFindings() const;

    Workspace m_workspace;
    QString m_filePath;
    WorkspaceFile m_file;
    QUndoStack *m_undoStack = nullptr;
    QTimer *m_findingsTimer = nullptr;
    const Clock *m_clock = nullptr;
    CredentialInventory *m_credentials = nullptr;
    bool m_forcedModified = false;
    mutable Findings m_findings;
    mutable bool m_findingsDirty = true;
    // id -> row per ObjectKind, rebuilt on first use after a change of rows: table cells that name a referenced
    // object (a registration's service user) look it up for every row shown or filtered.
    mutable QHash<QString, int> m_rows[3];
    mutable bool m_rowsDirty[3] = {true, true, true};
    void rowsChanged(ObjectKind kind) { m_rowsDirty[static_cast<int>(kind)] = true; }
};

template <typename T>
constexpr ObjectKind kindOf();
template <>
constexpr ObjectKind kindOf<Environment>()
{
    return ObjectKind::Environment;
}
template <>
constexpr ObjectKind kindOf<ServiceUser>()
{
    return ObjectKind::ServiceUser;
}
template <>
constexpr ObjectKind kindOf<AppRegistration>()
{
    return ObjectKind::Registration;
}

} // namespace cmic

Q_DECLARE_METATYPE(cmic::ObjectKind)
