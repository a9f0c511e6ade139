#pragma once

#include "WorkspaceDocument.h"

#include <QMainWindow>
#include <QSet>

#include <array>
#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace cmic::sandbox {
class DemoSandbox;
}

namespace cmic {

class Clock;
class FindingsModel;
class ObjectFilterModel;
class ObjectForm;
class ObjectTableModel;
class RegistrationForm;
class SecretStore;
class UserPrompts;
class ValidateSetupWizard;

// The console's main window: navigation (environments, service users, registrations) -> a page per kind with a
// filter box, a table and a detail form; a findings dock; File and Edit menus over a WorkspaceDocument.
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
    bool exportCurrentRegistration();
    // Opens the Validate setup wizard (built on first use) for the selected registration; null when none is selected.
    ValidateSetupWizard *validateSetup();
    // Loads the built-in example workspace as an untitled document.
    bool loadDemo();
    // Loads the running sandbox's workspace as an untitled document and puts its demo secrets into the secret
    // store (give the window a session-only store for this: the secrets mean nothing outside the sandbox).
    bool loadSandbox(const sandbox::DemoSandbox &sandbox);

    // Navigation.
    void showPage(ObjectKind kind);
    ObjectKind currentKind() const;
    bool selectObject(ObjectKind kind, const QString &id);
    // Selects the finding's subject and focuses its field; false when the subject is gone.
    bool jumpToFinding(const Finding &finding);
    // Adds an object of the current kind and selects it; removes the selected one.
    void addObject();
    void removeObject();

    // The detail form of a page, built on first use (startup builds none).
    ObjectForm *form(ObjectKind kind);
    QTableView *table(ObjectKind kind) const;
    ObjectTableModel *model(ObjectKind kind) const;
    FindingsModel *findingsModel() const { return m_findingsModel; }

    static constexpr int kMaxRecentFiles = 8;
    QStringList recentFiles() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // A page's widget is created with the window (an empty container in the stack); its filter, table and detail
    // area are built when the page is first shown or used (ensurePage), so startup builds only the visible one.
    struct Page
    {
        bool built = false;
        ObjectKind kind = ObjectKind::Environment;
        QString name;             // object-name stem, e.g. "registration"
        QByteArray splitterState; // restored state waiting for the page to be built
        QWidget *widget = nullptr;
        QLineEdit *filter = nullptr;
        QTableView *table = nullptr;
        QSplitter *splitter = nullptr;
        QScrollArea *scroll = nullptr;
        ObjectTableModel *model = nullptr;
        ObjectFilterModel *proxy = nullptr;
        ObjectForm *form = nullptr;
    };

    void createPages();
    Page createPage(ObjectKind kind, ObjectTableModel *model, const QString &name);
    Page &ensurePage(ObjectKind kind);
    void buildPage(Page &page);
    void createActions();
    void createFindingsDock();
    void updateTitle();
    void updateFindingsSummary();
    void updateActions();
    bool maybeSave();
    bool saveTo(const QString &path, bool force);
    void deleteSecretsOfRemovedRegistrations();
    bool openWithoutAsking(const QString &path);
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void openRecent(const QString &path);
    void restoreSettings();
    void saveSettings() const;
    void selectFirstRows();
    int currentSourceRow(ObjectKind kind) const;
    QString suggestedDirectory() const;

    WorkspaceDocument *m_document;
    SecretStore *m_secretStore;
    std::unique_ptr<UserPrompts> m_prompts;
    std::array<Page, 3> m_pages;
    RegistrationForm *m_registrationForm = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    FindingsModel *m_findingsModel = nullptr;
    QTableView *m_findingsView = nullptr;
    QLabel *m_findingsLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_validateAction = nullptr;
    ValidateSetupWizard *m_validateWizard = nullptr;
    const Clock *m_clock;
    QSet<QString> m_secretsToDelete; // registrations removed since the last save: their secrets go when it is saved
    QSet<QString> m_secretsDeleted;  // registrations whose secrets went with a saved removal (Undo says so)
};

} // namespace cmic
