#pragma once

#include "core/model/Workspace.h"
#include "core/rules/Finding.h"
#include "core/rules/SetupRules.h"
#include "core/storage/WorkspaceFile.h"

#include <QHash>
#include <QObject>

#include <memory>

class QUndoStack;
class QTimer;
template <typename T>
class QFutureWatcher;

namespace cmic {

class Clock;
class CredentialInventory;
class SecretStore;
class FindingsIndex;

// The three kinds of objects the editor lists.
enum class ObjectKind { Environment, ServiceUser, Registration };

SubjectKind toSubjectKind(ObjectKind kind);

// The document the main window edits: the Workspace, its file, its undo stack and its findings.
// Views never change the Workspace directly: models push QUndoCommands (gui/UndoCommands.h) whose redo()/undo() call
// the mutators below, which emit the signals models listen to. Findings are recomputed (SetupRules) after each change,
// coalesced to once per event loop turn, off the main thread on a copy of the workspace (a newer change cancels and
// supersedes a running check); published() is what the window shows and never blocks, findings() always answers for
// the current state (computing it on the spot when the background check has not caught up: tests and tools only).
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
    // The findings of the last finished background check, for the window; empty (and findingsKnown() false) from a
    // reset until the first check of the new workspace is in. Never null; never blocks.
    std::shared_ptr<const FindingsIndex> published() const;
    bool findingsKnown() const { return m_published != nullptr; }
    // True from a change until the findings for it are published.
    bool findingsPending() const { return m_publishedGeneration != m_generation; }
    // The published findings about one subject (a hash lookup).
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
    // The published findings changed (not emitted when a check finds the same as before).
    void findingsChanged();
    void settingsChanged();
    void findingsPendingChanged(bool pending);
    // A background check started (on the thread pool; the main thread goes on).
    void findingsCheckStarted();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    void contentChanged();
    void startFindingsCheck();
    // SetupRules with the credentials the inventory knows now (a copy, safe on another thread).
    SetupRules rules(const Clock &clock) const;
    void findingsCheckFinished();
    void cancelFindingsCheck();

    Workspace m_workspace;
    QString m_filePath;
    WorkspaceFile m_file;
    QUndoStack *m_undoStack = nullptr;
    QTimer *m_findingsTimer = nullptr;
    const Clock *m_clock = nullptr;
    CredentialInventory *m_credentials = nullptr;
    bool m_forcedModified = false;
    // Bumped by every change; the published findings and the synchronous ones say which generation they are for.
    quint64 m_generation = 1;
    quint64 m_publishedGeneration = 0;
    quint64 m_runningGeneration = 0;
    std::shared_ptr<const FindingsIndex> m_published; // null: not known yet for this workspace
    QFutureWatcher<std::shared_ptr<const FindingsIndex>> *m_findingsWatcher = nullptr;
    mutable Findings m_syncFindings;
    mutable quint64 m_syncGeneration = 0;
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
