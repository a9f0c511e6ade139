// The main window's guidance, kept apart from MainWindow.cpp: the welcome page, the setup checklist and expiry docks,
// the last validation per registration, and the Help menu.
#include "AboutDialog.h"
#include "ExpiryView.h"
#include "MainWindow.h"
#include "ObjectForms.h"
#include "ObjectPage.h"
#include "ObjectTableModels.h"
#include "PrivateKeyField.h"
#include "SecretField.h"
#include "SetupChecklistView.h"
#include "UserPrompts.h"
#include "ValidateSetupWizard.h"
#include "WelcomePage.h"
#include "core/storage/CredentialKind.h"
#include "core/util/Clock.h"
#include "core/validation/SetupChecklist.h"
#include "core/validation/ValidationHistory.h"

#include <QAction>
#include <QDesktopServices>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace cmic {

using namespace cmic::validation;

void MainWindow::createGuidance()
{
    static_cast<RegistrationModel *>(model(ObjectKind::Registration))->setValidationHistory(m_history, m_clock);

    // The welcome page and the pages share the central area.
    m_central = new QStackedWidget(this);
    m_central->setObjectName(QStringLiteral("centralStack"));
    m_welcome = new WelcomePage(m_central);
    QWidget *pages = takeCentralWidget();
    m_central->addWidget(m_welcome);
    m_central->addWidget(pages);
    setCentralWidget(m_central);
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::loadDemo);
    connect(m_welcome, &WelcomePage::newRequested, this, &MainWindow::newDocument);
    connect(m_welcome, &WelcomePage::openRequested, m_files, &WorkspaceFileController::openFromDialog);
    connect(m_welcome, &WelcomePage::recentRequested, m_files,
            [this](const QString &path) { m_files->openRecent(path); });
    connect(m_document, &WorkspaceDocument::resetDone, this, &MainWindow::updateWelcome);
    connect(m_document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateWelcome);
    connect(m_document, &WorkspaceDocument::objectInserted, this, &MainWindow::updateWelcome);

    // The setup checklist, beside the form below the pages (the form keeps its width on small screens).
    m_checklist = new SetupChecklistView(m_document, m_history);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("setupChecklistScroll"));
    scroll->setWidget(m_checklist);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(340); // the steps stay readable beside the findings on a 1024-pixel screen
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes to the steps' buttons, not to the area around them
    auto *checklistDock = new QDockWidget(tr("Setup checklist"), this);
    checklistDock->setObjectName(QStringLiteral("setupChecklistDock"));
    checklistDock->setAccessibleName(tr("Setup checklist"));
    checklistDock->setWidget(scroll);
    addDockWidget(Qt::BottomDockWidgetArea, checklistDock);
    auto *findingsDock = findChild<QDockWidget *>(QStringLiteral("findingsDock"));
    splitDockWidget(findingsDock, checklistDock, Qt::Horizontal);
    resizeDocks({findingsDock, checklistDock}, {3, 2}, Qt::Horizontal);
    connect(m_checklist, &SetupChecklistView::actionRequested, this, &MainWindow::performChecklistAction);
    ObjectPage *registrations = page(ObjectKind::Registration);
    // Whether the store holds the credential: what the form's field read (the checklist reads no secret itself).
    auto updatePresence = [this] {
        const RegistrationForm *form = registrationForm();
        const AppRegistration *reg = m_document->workspace().registration(m_checklist->registrationId());
        CredentialPresence presence = CredentialPresence::Unknown;
        if (form && reg && credentialKindFor(*reg) == CredentialKind::PrivateKey) {
            switch (form->privateKeyField()->state()) {
            case PrivateKeyField::State::Stored: presence = CredentialPresence::Present; break;
            case PrivateKeyField::State::NotStored: presence = CredentialPresence::Absent; break;
            case PrivateKeyField::State::Failed: presence = CredentialPresence::Unavailable; break;
            default: break;
            }
        } else if (form && reg) {
            switch (form->secretField()->state()) {
            case SecretField::State::Stored:
            case SecretField::State::SessionOnly: presence = CredentialPresence::Present; break;
            case SecretField::State::NotStored: presence = CredentialPresence::Absent; break;
            case SecretField::State::Failed: presence = CredentialPresence::Unavailable; break;
            default: break;
            }
        }
        m_checklist->setCredentialPresence(presence);
    };
    auto followSelection = [this, updatePresence] {
        RegistrationForm *form = registrationForm();
        m_checklist->setRegistration(form && form->currentRow() >= 0 ? form->currentId() : QString());
        if (form && !form->property("cmicChecklistConnected").toBool()) {
            form->setProperty("cmicChecklistConnected", true);
            connect(form->secretField(), &SecretField::stateChanged, m_checklist, updatePresence);
            connect(form->privateKeyField(), &PrivateKeyField::stateChanged, m_checklist, updatePresence);
        }
        updatePresence();
    };
    connect(registrations, &ObjectPage::selectionChanged, this, followSelection);
    connect(m_document, &WorkspaceDocument::resetDone, this, followSelection);
    connect(m_document, &WorkspaceDocument::objectChanged, m_checklist, updatePresence); // the method may change

    // View ▸ Expiry: what expires when, tabbed with the checklist, hidden until asked for.
    m_expiry = new ExpiryView(m_document, m_history, m_clock);
    auto *expiryDock = new QDockWidget(tr("Expiry"), this);
    expiryDock->setObjectName(QStringLiteral("expiryDock"));
    expiryDock->setAccessibleName(tr("Expiry"));
    expiryDock->setWidget(m_expiry);
    addDockWidget(Qt::BottomDockWidgetArea, expiryDock);
    tabifyDockWidget(checklistDock, expiryDock);
    expiryDock->hide();
    checklistDock->raise();
    connect(m_expiry, &ExpiryView::fieldRequested, this, [this](const QString &registrationId, const QString &field) {
        Finding target;
        target.subjectKind = SubjectKind::Registration;
        target.subjectId = registrationId;
        target.field = field;
        jumpToFinding(target);
    });

    QMenu *view = findChild<QMenu *>(QStringLiteral("menuView"));
    QAction *showChecklist = checklistDock->toggleViewAction();
    showChecklist->setObjectName(QStringLiteral("actionShowChecklist"));
    showChecklist->setText(tr("Setup &Checklist"));
    view->addAction(showChecklist);
    QAction *showExpiry = expiryDock->toggleViewAction();
    showExpiry->setObjectName(QStringLiteral("actionShowExpiry"));
    showExpiry->setText(tr("&Expiry"));
    showExpiry->setStatusTip(tr("Client secrets, certificates and signing keys by date, with warnings ahead of time"));
    connect(showExpiry, &QAction::triggered, expiryDock, [expiryDock](bool on) {
        if (on)
            expiryDock->raise();
    });
    view->addAction(showExpiry);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction *gettingStarted = help->addAction(tr("&Getting Started"));
    gettingStarted->setObjectName(QStringLiteral("actionGettingStarted"));
    gettingStarted->setStatusTip(tr("Open the example workspace and follow its setup checklist"));
    connect(gettingStarted, &QAction::triggered, this, &MainWindow::loadDemo);
    QAction *documentation = help->addAction(tr("&Documentation"));
    documentation->setObjectName(QStringLiteral("actionDocumentation"));
    documentation->setShortcut(QKeySequence::HelpContents);
    documentation->setStatusTip(tr("Open the console's documentation"));
    connect(documentation, &QAction::triggered, this, &MainWindow::openDocumentation);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About CMiC OAuth Console"));
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);

    m_urlOpener = [](const QUrl &url) { return QDesktopServices::openUrl(url); };
}

bool MainWindow::isWelcomeShown() const { return m_central && m_central->currentWidget() == m_welcome; }

void MainWindow::updateWelcome()
{
    if (!m_central)
        return;
    const Workspace &ws = m_document->workspace();
    const bool empty = ws.environments.isEmpty() && ws.serviceUsers.isEmpty() && ws.registrations.isEmpty();
    const bool show = !m_welcomeDismissed && empty && m_document->filePath().isEmpty();
    if (!show && !empty)
        m_welcomeDismissed = true; // a workspace was opened: File ▸ New later means an empty one on purpose
    if (show)
        m_welcome->setRecentFiles(m_files->recentFiles());
    m_central->setCurrentIndex(show ? 0 : 1);
    // The docks (findings, checklist) say nothing about no workspace: hidden behind the welcome, back after it.
    static const char *const kHidden = "cmicHiddenForWelcome";
    for (QDockWidget *dock : findChildren<QDockWidget *>()) {
        if (show && !dock->isHidden()) {
            dock->setProperty(kHidden, true);
            dock->hide();
        } else if (!show && dock->property(kHidden).toBool()) {
            dock->setProperty(kHidden, false);
            dock->show();
        }
    }
}

void MainWindow::performChecklistAction(const ChecklistItem &item)
{
    auto add = [this](ObjectKind kind) {
        showPage(kind);
        addObject();
    };
    switch (item.target) {
    case ChecklistTarget::None: return;
    case ChecklistTarget::AddEnvironment: add(ObjectKind::Environment); return;
    case ChecklistTarget::AddServiceUser: add(ObjectKind::ServiceUser); return;
    case ChecklistTarget::AddRegistration: add(ObjectKind::Registration); return;
    case ChecklistTarget::Field:
    case ChecklistTarget::Credential: {
        Finding target;
        target.subjectKind = item.subjectKind;
        target.subjectId = item.subjectId;
        target.field = item.field;
        target.fix = item.detail;
        jumpToFinding(target);
        return;
    }
    case ChecklistTarget::Validate:
        if (selectObject(ObjectKind::Registration, item.subjectId))
            validateSetup();
        return;
    }
}

void MainWindow::recordValidation()
{
    if (!m_validateWizard)
        return;
    const ValidationReport &report = m_validateWizard->report();
    if (report.registrationId.isEmpty())
        return;
    ValidationRecord record = ValidationRecord::fromReport(report);
    if (!record.finishedAt.isValid())
        record.finishedAt = m_clock->now().toUTC();
    QString error;
    if (!m_history->record(m_document->workspace().id, report.registrationId, record, &error))
        statusBar()->showMessage(error, 15000);
}

AboutDialog *MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

bool MainWindow::openDocumentation()
{
    const QUrl url = AboutDialog::documentationUrl();
    if (url.isEmpty()) {
        m_prompts->error(this, tr("Documentation not found"),
                         tr("The documentation is not installed with this console. Reinstall it with its "
                            "documentation, or read README.md and the docs folder of its source."));
        return false;
    }
    if (!m_urlOpener || !m_urlOpener(url)) {
        m_prompts->error(
            this, tr("Could not open the documentation"),
            tr("No program opened %1. Open it yourself with a text editor or a browser.").arg(url.toLocalFile()));
        return false;
    }
    return true;
}

} // namespace cmic
