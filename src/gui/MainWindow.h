#pragma once

#include "WorkspaceDocument.h"
#include "WorkspaceFileController.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTableView;
class QUrl;
class QToolBar;

namespace cmic::sandbox {
class DemoSandbox;
}

namespace cmic::validation {
class ValidationHistory;
struct ChecklistItem;
} // namespace cmic::validation

namespace cmic {

class Clock;
class AboutDialog;
class ExpiryView;
class ExportDialog;
class FindingsModel;
class ObjectForm;
class ObjectPage;
class ObjectTableModel;
class PreferencesDialog;
class RegistrationForm;
class SecretStore;
class SetupChecklistView;
class UserPrompts;
struct RemovalQuestion;
class ValidateSetupWizard;
class WelcomePage;
class WorkspaceSettingsDialog;

// The console's main window: navigation -> a page per kind (ObjectPage, one per objectPageSpecs() row) with a
// filter box, a table and a detail form; a findings dock; File and Edit menus over a WorkspaceDocument, the File
// menu's work done by a WorkspaceFileController.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // |secretStore|: where client secrets go (not owned); null creates the OS keychain store.
    // |clock|: for the rules (secret expiry); null is the system clock.
    explicit MainWindow(SecretStore *secretStore = nullptr, const Clock *clock = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    WorkspaceDocument *document() const { return m_document; }
    void setPrompts(std::unique_ptr<UserPrompts> prompts);
    SecretStore *secretStore() const { return m_secretStore; }

    // File operations; each returns false when cancelled or failed (the current document is then kept).
    bool newDocument();
    bool openFile(const QString &path); // asks to save unsaved changes first
    bool save();
    bool saveAs();
    // Opens the Export dialog (window-modal) for the selected registration; null when none is selected (said through
    // the prompts). The dialog deletes itself when closed.
    ExportDialog *exportCurrentRegistration();
    // Opens the Validate setup wizard (built on first use) for the selected registration; null when none is selected.
    ValidateSetupWizard *validateSetup();
    // Edit ▸ Workspace Settings… (window-modal over |over|, the window when null), with |field| (a settingsField)
    // focused. One at a time; it deletes itself when closed.
    WorkspaceSettingsDialog *openWorkspaceSettings(const QString &field = {}, QWidget *over = nullptr);
    // Edit ▸ Preferences… (window-modal; deletes itself when closed).
    PreferencesDialog *openPreferences();
    // Loads the built-in example workspace as an untitled document.
    bool loadDemo();
    // Loads the running sandbox's workspace as an untitled document and puts its demo secrets into the secret
    // store (give the window a session-only store for this: the secrets mean nothing outside the sandbox).
    bool loadSandbox(const sandbox::DemoSandbox &sandbox);

    // Navigation.
    void showPage(ObjectKind kind);
    ObjectKind currentKind() const;
    bool selectObject(ObjectKind kind, const QString &id);
    // Selects the finding's subject and focuses its field (a workspace setting's finding opens Workspace Settings on
    // it); false when the subject is gone.
    bool jumpToFinding(const Finding &finding);
    // Adds an object of the current kind and selects it; removes the selected one, asking first (core's
    // removalQuestion) unless Preferences say not to.
    void addObject();
    void removeObject();

    // The detail form of a page, built on first use (startup builds none).
    ObjectForm *form(ObjectKind kind);
    QTableView *table(ObjectKind kind) const;
    ObjectTableModel *model(ObjectKind kind) const;
    FindingsModel *findingsModel() const { return m_findingsModel; }

    // Open, save, reload, recent files and the deletion of removed registrations' credentials on save.
    WorkspaceFileController *files() const { return m_files; }
    static constexpr int kMaxRecentFiles = WorkspaceFileController::kMaxRecentFiles;
    QStringList recentFiles() const { return m_files->recentFiles(); }

    // Guidance (docs/architecture.md, gui): the welcome page while no workspace is open, the setup checklist beside
    // the registration form, View ▸ Expiry, the last validation per registration, the Help menu.
    validation::ValidationHistory *validationHistory() const { return m_history; }
    SetupChecklistView *setupChecklist() const { return m_checklist; }
    ExpiryView *expiryView() const { return m_expiry; }
    WelcomePage *welcomePage() const { return m_welcome; }
    bool isWelcomeShown() const;
    // Help ▸ About (non-modal, deleted when closed) and Help ▸ Documentation (through the URL opener).
    AboutDialog *showAbout();
    bool openDocumentation();
    // How Help ▸ Documentation opens a URL; tests replace QDesktopServices::openUrl.
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_urlOpener = std::move(opener); }
    // Does what a checklist item's button says.
    void performChecklistAction(const validation::ChecklistItem &item);
    // |geometry| (client area, with its |frame|) moved and shrunk to lie within |available|, never below |minimum|
    // unless |available| is smaller still.
    static QRect fittedGeometry(const QRect &geometry, const QRect &frame, const QRect &available,
                                const QSize &minimum);

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    ObjectPage *page(ObjectKind kind) const;
    RegistrationForm *registrationForm() const; // null until the registrations' form is built
    void createPages();
    void createActions();
    void createFindingsDock();
    void showContextMenu(const QPoint &globalPos);
    void updateTitle();
    void updateFindingsSummary();
    void updateActions();
    void forgetCredential(CredentialKind kind, const QString &key);
    void rebuildRecentMenu();
    void restoreSettings();
    void fitToScreen();
    void fitToolBar();
    void saveSettings() const;
    void selectFirstRows();
    void createGuidance();
    void updateWelcome();
    void recordValidation();
    bool confirmRemoval(const RemovalQuestion &question);
    void guardProbeEndpointRemoval(ObjectForm *form);

    WorkspaceDocument *m_document;
    SecretStore *m_secretStore;
    std::unique_ptr<UserPrompts> m_prompts;
    WorkspaceFileController *m_files = nullptr;
    QList<ObjectPage *> m_pages; // in objectPageSpecs() order, as the navigation and the stack
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    FindingsModel *m_findingsModel = nullptr;
    QTableView *m_findingsView = nullptr;
    QLabel *m_findingsLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    int m_toolBarTextWidth = 0; // the toolbar's width with text beside its icons
    bool m_shownOnce = false;
    QAction *m_saveAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_validateAction = nullptr;
    ValidateSetupWizard *m_validateWizard = nullptr;
    QPointer<ExportDialog> m_exportDialog;
    QPointer<WorkspaceSettingsDialog> m_settingsDialog;
    QWidget *m_settingsParent = nullptr; // the window m_settingsDialog is over (never dereferenced)
    const Clock *m_clock;
    validation::ValidationHistory *m_history = nullptr;
    SetupChecklistView *m_checklist = nullptr;
    ExpiryView *m_expiry = nullptr;
    WelcomePage *m_welcome = nullptr;
    QStackedWidget *m_central = nullptr; // the welcome page, or the navigation and pages
    bool m_welcomeDismissed = false;     // New, Open, the demo or an added object ends the welcome
    std::function<bool(const QUrl &)> m_urlOpener;
};

} // namespace cmic
