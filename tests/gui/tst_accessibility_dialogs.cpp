// Keyboard and screen-reader access beyond the object forms (issue 13): Workspace Settings, Preferences, Export,
// About, the question boxes, the Validate setup wizard (start page, running page, the finished run with each tab of
// a step's details, the result page with each of its tabs), the welcome page and each dock. On each: Tab, pressed as
// a user would, reaches every enabled input exactly once in reading order (top to bottom, left to right within a
// row) and comes back; each input has an accessible name and the role of its kind; no two mnemonics clash; text
// that can be selected or followed from the keyboard can be reached with Tab; a password field is announced as one
// and never speaks its value; status shown with colour or an icon also says it in words. The secret and the private
// key are then looked for in the whole accessibility tree of each window that shows them: nothing says them.
// All on the demo sandbox's workspace, whose registrations validate for real.
#include "AccessibilityAudit.h"
#include "GuiTestKit.h"
#include "TestCertificates.h"

#include "core/export/Exporter.h"
#include "core/model/Removal.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "gui/AboutDialog.h"
#include "gui/ExpiryView.h"
#include "gui/ExportDialog.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/PrivateKeyField.h"
#include "gui/SecretField.h"
#include "gui/SetupChecklistView.h"
#include "gui/UserPrompts.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/WelcomePage.h"
#include "gui/WorkspaceDocument.h"
#include "gui/settings/PreferencesDialog.h"
#include "gui/settings/WorkspaceSettingsDialog.h"
#include "gui/validation/ValidationStatusStyle.h"
#include "gui/validation/ValidationStepModel.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QWizard>

#include <memory>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;

namespace {

QString joined(const QStringList &problems) { return problems.join(QLatin1Char('\n')); }

// Shows |w| as the active window, as it is when a user types into it.
bool activate(QWidget *w)
{
    w->show();
    w->raise();
    w->activateWindow();
    QApplication::setActiveWindow(w);
    return QTest::qWaitForWindowActive(w);
}

// Text a user can select or follow from the keyboard is of no use when Tab never gets there.
QStringList unreachableTextProblems(const QString &surface, QWidget *root)
{
    QStringList problems;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty())
            continue;
        const Qt::TextInteractionFlags keys = Qt::TextSelectableByKeyboard | Qt::LinksAccessibleByKeyboard;
        if ((label->textInteractionFlags() & keys) && !(label->focusPolicy() & Qt::TabFocus))
            problems << QStringLiteral("%1: %2 can be read from the keyboard, but Tab never reaches it")
                            .arg(surface, describe(label));
    }
    return problems;
}

// Every password field in |root| is announced as one (what it holds, if anything, never spoken).
QStringList passwordProblemsIn(QWidget *root)
{
    QStringList problems;
    for (QLineEdit *edit : root->findChildren<QLineEdit *>()) {
        if (edit->echoMode() != QLineEdit::Normal && edit->isVisible())
            problems << passwordFieldProblems(edit, edit->text().isEmpty() ? QStringLiteral("\x01") : edit->text());
    }
    return problems;
}

// A status icon (a label showing a pixmap) says its status to a screen reader in words: its name or description.
QStringList silentIconProblems(const QString &surface, QWidget *root)
{
    QStringList problems;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        // Qt's own message box icon: the box itself is announced as an alert, with its title and text.
        if (!label->isVisible() || label->pixmap().isNull() || label->objectName().startsWith(QLatin1String("qt_")))
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(label);
        if (!iface
            || QString(iface->text(QAccessible::Name) + iface->text(QAccessible::Description)).trimmed().isEmpty())
            problems
                << QStringLiteral("%1: the icon %2 does not say in words what it shows").arg(surface, describe(label));
    }
    return problems;
}

// A cell with an icon also has words: its text, or what it says to a screen reader.
QStringList silentCellProblems(const QString &surface, const QAbstractItemModel *model, const QModelIndex &parent = {})
{
    QStringList problems;
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            const bool icon = !index.data(Qt::DecorationRole).isNull();
            const QString words =
                index.data(Qt::DisplayRole).toString() + index.data(Qt::AccessibleTextRole).toString();
            if (icon && words.trimmed().isEmpty())
                problems << QStringLiteral("%1: row %2, column %3 shows an icon and no words")
                                .arg(surface)
                                .arg(row)
                                .arg(column);
        }
        const QModelIndex first = model->index(row, 0, parent);
        if (model->hasChildren(first))
            problems << silentCellProblems(surface, model, first);
    }
    return problems;
}

// Runs |audit| on the message box |ask| opens (it blocks in exec()), then closes the box with Esc.
template <typename Ask>
QStringList auditMessageBox(Ask ask, const std::function<QStringList(QWidget *)> &audit)
{
    QStringList problems;
    bool seen = false;
    QTimer::singleShot(0, [&] {
        QWidget *box = QApplication::activeModalWidget();
        if (!qobject_cast<QMessageBox *>(box)) {
            problems << QStringLiteral("no message box was shown");
            return;
        }
        seen = true;
        if (!activate(box))
            problems << QStringLiteral("the message box never became the active window");
        problems << audit(box);
        QTest::keyClick(box->focusWidget() ? box->focusWidget() : box, Qt::Key_Escape);
        if (box->isVisible()) {
            problems << QStringLiteral("Esc does not close the message box");
            static_cast<QMessageBox *>(box)->done(QMessageBox::Cancel);
        }
    });
    ask();
    if (!seen && problems.isEmpty())
        problems << QStringLiteral("the question did not open");
    return problems;
}

} // namespace

class TestAccessibilityDialogs : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::DemoSandbox> m_sandbox;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<MainWindow> m_window;
    ScriptedPrompts *m_prompts = nullptr;

    QString demoSecret(const QString &registrationId, const QString &kind) const
    {
        const QString key = SecretStore::key(m_sandbox->workspace().id, registrationId, kind);
        for (const sandbox::DemoSecret &s : m_sandbox->secrets()) {
            if (s.key == key)
                return s.value;
        }
        return {};
    }

    RegistrationForm *registrationForm()
    {
        return qobject_cast<RegistrationForm *>(m_window->form(ObjectKind::Registration));
    }

    // Every check of one window or part of it: names and roles, the Tab cycle, mnemonics, text reachable from the
    // keyboard, password fields, status icons in words. |root| is the part; the window is |root|'s.
    QStringList audit(const QString &surface, QWidget *root, const QList<QWidget *> &mnemonicRoots = {},
                      int presses = 150)
    {
        QCoreApplication::processEvents();
        const QList<QWidget *> stops = tabStops(root);
        QStringList problems;
        problems << nameAndRoleProblems(surface, stops);
        problems << tabCycleProblems(surface, stops, presses, root == root->window() ? nullptr : root);
        problems << mnemonicProblems(surface, root->window(), mnemonicRoots);
        problems << unreachableTextProblems(surface, root);
        problems << passwordProblemsIn(root);
        problems << silentIconProblems(surface, root);
        return problems;
    }

    ValidateSetupWizard *openWizard(const QString &registrationId)
    {
        if (!m_window->selectObject(ObjectKind::Registration, registrationId))
            return nullptr;
        m_window->findChild<QAction *>(QStringLiteral("actionValidateSetup"))->trigger();
        return m_window->findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
    }

private slots:
    void initTestCase()
    {
        const QString wanted = qEnvironmentVariable("CMIC_UI_LANGUAGE", QStringLiteral("en"));
        QCOMPARE(auditLanguage(), wanted);
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_sandbox = std::make_unique<sandbox::DemoSandbox>(Clock::system());
        QString error;
        QVERIFY2(m_sandbox->start({}, &error), qPrintable(error));
        m_secrets = std::make_unique<MemorySecretStore>();
        m_window = std::make_unique<MainWindow>(m_secrets.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        m_prompts = prompts.get();
        m_window->setPrompts(std::move(prompts));
        m_window->resize(1400, 900);
        QVERIFY(m_window->loadSandbox(*m_sandbox));
        QTRY_COMPARE(m_secrets->count(), int(m_sandbox->secrets().size()));
        QVERIFY(activate(m_window.get()));
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
    }

    void cleanupTestCase()
    {
        m_window.reset(); // the wizard (a child) before the store it reads
        m_secrets.reset();
    }

    void cleanup() { QVERIFY2(activate(m_window.get()), "the main window takes the keyboard again"); }

    void workspaceSettingsDialog()
    {
        // A bundle whose one certificate has expired: the list shows it dimmed, which must also be said in words.
        EVP_PKEY *key = EVP_EC_gen("P-256");
        QVERIFY(key);
        const QByteArray pem = selfSignedCertificate(key, -7 * 86400, -86400, "Old Root CA");
        EVP_PKEY_free(key);
        const QString bundle = m_dir.filePath(QStringLiteral("expired-root.pem"));
        QFile file(bundle);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pem);
        file.close();

        WorkspaceSettingsDialog *dialog = m_window->openWorkspaceSettings();
        QVERIFY(dialog);
        QVERIFY(activate(dialog));
        QVERIFY(typeInto(dialog, QStringLiteral("caBundlePath"), bundle));
        dialog->testBundle();
        QTreeWidget *certificates = dialog->certificatesView();
        QVERIFY(certificates->isVisible());
        QCOMPARE(certificates->topLevelItemCount(), 1);
        // Manual proxy: the URL field takes part too.
        dialog->proxyModeCombo()->setCurrentIndex(dialog->proxyModeCombo()->findData(int(ProxyMode::Manual)));
        QVERIFY(dialog->proxyUrlEdit()->isEnabled());
        QStringList problems = audit(QStringLiteral("Workspace Settings"), dialog);
        // The dimmed row says why in words.
        QTreeWidgetItem *row = certificates->topLevelItem(0);
        QStringList words;
        for (int column = 0; column < certificates->columnCount(); ++column)
            words << row->text(column);
        if (!words.join(QLatin1Char(' ')).contains(WorkspaceSettingsDialog::tr("expired")))
            problems << QStringLiteral("the expired certificate's row is only dimmed: %1").arg(words.join(u'|'));
        dialog->reject();
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void preferencesDialog()
    {
        PreferencesDialog *dialog = m_window->openPreferences();
        QVERIFY(dialog);
        QVERIFY(activate(dialog));
        const QStringList problems = audit(QStringLiteral("Preferences"), dialog);
        dialog->reject();
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void exportDialog()
    {
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        ExportDialog *dialog = m_window->exportCurrentRegistration();
        QVERIFY(dialog);
        QVERIFY(activate(dialog));
        QVERIFY(dialog->findChild<QComboBox *>(QStringLiteral("exportRegistration"))->isEnabled());
        QStringList problems = audit(QStringLiteral("Export"), dialog);
        // A format's warnings: an icon that says "Warning" and a sentence.
        for (int row = 0; row < dialog->formatModel()->rowCount(); ++row) {
            dialog->selectFormat(dialog->formatModel()->exporter(row)->id());
            if (dialog->warnings().isEmpty())
                continue;
            for (QLabel *label : dialog->findChildren<QLabel *>(QStringLiteral("exportWarning"))) {
                if (label->isVisible() && label->text().trimmed().isEmpty())
                    problems << QStringLiteral("an export warning has an icon and no words");
            }
            problems << silentIconProblems(QStringLiteral("Export warnings"), dialog);
            break;
        }
        dialog->reject();
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void aboutDialog()
    {
        AboutDialog *dialog = m_window->showAbout();
        QVERIFY(dialog);
        QVERIFY(activate(dialog));
        const QStringList problems = audit(QStringLiteral("About"), dialog);
        dialog->close();
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void questionBoxes()
    {
        DialogPrompts prompts;
        const auto check = [this](const QString &surface) {
            return [this, surface](QWidget *box) { return audit(surface, box); };
        };
        QStringList problems;
        problems << auditMessageBox([&] { prompts.askSaveChanges(m_window.get(), QStringLiteral("demo")); },
                                    check(QStringLiteral("Unsaved changes")));
        RemovalQuestion question;
        question.title = QStringLiteral("Remove the environment?");
        question.text = QStringLiteral("Remove \u201cDemo\u201d?");
        question.detail = QStringLiteral("2 registrations use it.");
        question.usageCount = 2;
        problems << auditMessageBox(
            [&] {
                bool again = false;
                prompts.confirmRemoval(m_window.get(), question, &again);
            },
            check(QStringLiteral("Removal question")));
        problems << auditMessageBox([&] { prompts.askChangedOnDisk(m_window.get(), QStringLiteral("/tmp/demo")); },
                                    check(QStringLiteral("Changed on disk")));
        problems << auditMessageBox(
            [&] {
                prompts.confirm(m_window.get(), QStringLiteral("Include the secret?"), QStringLiteral("Sure?"),
                                QStringLiteral("&Include"));
            },
            check(QStringLiteral("Confirmation")));
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void validateWizardStartPage()
    {
        ValidateSetupWizard *wizard = openWizard(sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::StartPageId));
        QVERIFY(activate(wizard));
        QStringList problems = audit(QStringLiteral("Validate setup, start page"), wizard);
        // The credential's icon says what it shows; the text beside it says it too.
        auto *icon = wizard->findChild<QLabel *>(QStringLiteral("credentialIcon"));
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(icon);
        if (!iface->text(QAccessible::Description).contains(ValidationStatusStyle::label(StepStatus::Passed)))
            problems << QStringLiteral("the credential icon does not say %1: '%2'")
                            .arg(ValidationStatusStyle::label(StepStatus::Passed),
                                 iface->text(QAccessible::Description));
        QVERIFY(!wizard->findChild<QLabel *>(QStringLiteral("credentialStatus"))->text().isEmpty());
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void validateWizardRunningPage()
    {
        // The IdP holds its answer: the run page as it is while a run goes on, Cancel run available.
        m_sandbox->identityProvider()->setSlowMs(60000);
        m_sandbox->identityProvider()->setFault(sandbox::IdpFault::Slow);
        ValidateSetupWizard *wizard = openWizard(sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::RunPageId));
        QVERIFY(wizard->isRunning());
        auto *steps = wizard->findChild<QTableView *>(QStringLiteral("stepTable"));
        QTRY_COMPARE(steps->model()->index(int(StepId::Discovery), 0).data(ValidationStepModel::StatusRole).toInt(),
                     int(StepStatus::Running));
        QVERIFY(wizard->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->isEnabled());
        QVERIFY(activate(wizard));
        QStringList problems = audit(QStringLiteral("Validate setup, running"), wizard);
        problems << silentCellProblems(QStringLiteral("step list"), steps->model());
        wizard->cancelRun();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        m_sandbox->identityProvider()->setFault(sandbox::IdpFault::None);
        m_sandbox->identityProvider()->setSlowMs(0);
        wizard->back();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::StartPageId));
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void validateWizardFinishedRunAndResultTabs()
    {
        ValidateSetupWizard *wizard = openWizard(sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::RunPageId));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY2(wizard->report().passed(), qPrintable(wizard->report().toText()));
        QVERIFY(activate(wizard));
        QStringList problems;
        // The finished run, with a step selected: each tab of its details.
        auto *steps = wizard->findChild<QTableView *>(QStringLiteral("stepTable"));
        steps->setCurrentIndex(steps->model()->index(int(StepId::Token), 0));
        auto *details = wizard->findChild<QTabWidget *>(QStringLiteral("stepDetailTabs"));
        QVERIFY(details->isEnabled());
        for (int tab = 0; tab < details->count(); ++tab) {
            details->setCurrentIndex(tab);
            if (auto *exchanges = wizard->findChild<QTreeWidget *>(QStringLiteral("stepExchanges"));
                exchanges->isVisible() && exchanges->topLevelItemCount() > 0)
                exchanges->setCurrentItem(exchanges->topLevelItem(0));
            problems << audit(QStringLiteral("Validate setup, finished run, details tab %1")
                                  .arg(details->tabText(tab).remove(QLatin1Char('&'))),
                              wizard);
        }
        problems << silentCellProblems(QStringLiteral("step list"), steps->model());

        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        auto *tabs = wizard->findChild<QTabWidget *>(QStringLiteral("resultTabs"));
        QCOMPARE(tabs->count(), 3);
        for (int tab = 0; tab < tabs->count(); ++tab) {
            QVERIFY2(tabs->isTabEnabled(tab), qPrintable(tabs->tabText(tab)));
            tabs->setCurrentIndex(tab);
            problems << audit(
                QStringLiteral("Validate setup, result, tab %1").arg(tabs->tabText(tab).remove(QLatin1Char('&'))),
                wizard);
        }
        auto *matrix = wizard->findChild<QTableView *>(QStringLiteral("permissionsMatrix"));
        QVERIFY(matrix->model()->rowCount() > 0);
        problems << silentCellProblems(QStringLiteral("permissions"), matrix->model());
        auto *resultIcon = wizard->findChild<QLabel *>(QStringLiteral("resultIcon"));
        if (!QAccessible::queryAccessibleInterface(resultIcon)
                 ->text(QAccessible::Description)
                 .contains(ValidationStatusStyle::label(StepStatus::Passed)))
            problems << QStringLiteral("the result icon does not say Passed");
        wizard->close();
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void welcomePage()
    {
        MemorySecretStore store;
        MainWindow window(&store);
        window.resize(1400, 900);
        QVERIFY(window.isWelcomeShown());
        window.welcomePage()->setRecentFiles(
            {m_dir.filePath(QStringLiteral("a.cmic-oauth.json")), m_dir.filePath(QStringLiteral("b.cmic-oauth.json"))});
        QVERIFY(activate(&window));
        const QStringList problems =
            audit(QStringLiteral("Welcome page"), window.welcomePage(), {window.welcomePage(), window.menuBar()}, 300);
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void findingsDock()
    {
        // A new, empty environment has findings: the list has rows (undone afterwards).
        m_window->showPage(ObjectKind::Environment);
        m_window->addObject();
        QTRY_VERIFY(m_window->findingsModel()->rowCount() > 0);
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("findingsDock"));
        QVERIFY(dock->isVisible());
        QVERIFY(activate(m_window.get()));
        QStringList problems = audit(QStringLiteral("Findings dock"), dock, {dock, m_window->menuBar()}, 400);
        problems << silentCellProblems(QStringLiteral("findings"), m_window->findingsModel());
        m_window->document()->undoStack()->undo();
        QTRY_COMPARE(m_window->findingsModel()->rowCount(), 0);
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void checklistDock()
    {
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("setupChecklistDock"));
        dock->show();
        dock->raise();
        QTRY_COMPARE(m_window->setupChecklist()->registrationId(), sandbox::DemoSandbox::kBasicId);
        QVERIFY(activate(m_window.get()));
        QStringList problems = audit(QStringLiteral("Checklist dock"), dock, {dock, m_window->menuBar()}, 400);
        // Each step says its state in words, not by its icon alone.
        const SetupChecklistView *checklist = m_window->setupChecklist();
        for (int i = 0; i < checklist->items().size(); ++i) {
            const auto *step = checklist->findChild<QWidget *>(QStringLiteral("checklistStep%1").arg(i + 1));
            QString shown;
            for (const QLabel *label : step->findChildren<QLabel *>())
                shown += label->text() + QLatin1Char(' ');
            const QString state = step->property("checklistState").toString();
            // In the language the audit runs in.
            const QString word = state == QLatin1String("done")         ? SetupChecklistView::tr("done")
                                 : state == QLatin1String("failed")     ? SetupChecklistView::tr("needs attention")
                                 : state == QLatin1String("unverified") ? SetupChecklistView::tr("not proven yet")
                                                                        : SetupChecklistView::tr("to do");
            if (!shown.contains(word))
                problems << QStringLiteral("checklist step %1 (%2) shows its state by its icon only: %3")
                                .arg(i + 1)
                                .arg(state, shown.simplified());
        }
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void expiryDock()
    {
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("expiryDock"));
        QAction *show = m_window->findChild<QAction *>(QStringLiteral("actionShowExpiry"));
        QVERIFY(show);
        if (!dock->isVisible())
            show->trigger();
        dock->raise();
        QTRY_VERIFY(m_window->expiryView()->isVisible());
        QVERIFY(activate(m_window.get()));
        QStringList problems = audit(QStringLiteral("Expiry dock"), dock, {dock, m_window->menuBar()}, 400);
        auto *tree = m_window->expiryView()->findChild<QTreeWidget *>(QStringLiteral("expiryTree"));
        problems << silentCellProblems(QStringLiteral("expiry"), tree->model());
        show->trigger(); // hidden again, as it starts
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }

    void secretAndPrivateKeyFields()
    {
        QStringList problems;
        // The client secret, read from the store into its field.
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        RegistrationForm *form = registrationForm();
        QVERIFY(form);
        const QString secret = demoSecret(sandbox::DemoSandbox::kBasicId, QStringLiteral("client-secret"));
        QVERIFY(!secret.isEmpty());
        QLineEdit *edit = form->secretField()->lineEdit();
        QTRY_COMPARE(form->secretField()->state(), SecretField::State::Stored);
        QCOMPARE(edit->text(), secret);
        problems << passwordFieldProblems(edit, secret);
        // Shown and hidden again: a password field once more.
        QAction *toggle = form->findChild<QAction *>(QStringLiteral("showClientSecret"));
        toggle->trigger();
        toggle->trigger();
        problems << passwordFieldProblems(edit, secret);
        for (const QString &where : accessibleTreeSays(m_window.get(), secret))
            problems << QStringLiteral("the main window's %1 says the client secret").arg(where);
        QWidget *page = form;
        while (page && !page->objectName().endsWith(QLatin1String("FilterPage")))
            page = page->parentWidget();
        QVERIFY(page);
        problems << mnemonicProblems(QStringLiteral("Registration form, client secret"), m_window.get(),
                                     {page, m_window->menuBar()});

        // The secret in Export: ticked and confirmed, the preview shows its mask.
        ExportDialog *dialog = m_window->exportCurrentRegistration();
        QVERIFY(dialog);
        for (int row = 0; row < dialog->formatModel()->rowCount(); ++row) {
            if (dialog->formatModel()->exporter(row)->supportsSecret()) {
                dialog->selectFormat(dialog->formatModel()->exporter(row)->id());
                break;
            }
        }
        auto *include = dialog->findChild<QCheckBox *>(QStringLiteral("exportIncludeSecret"));
        QVERIFY2(include->isEnabled(), qPrintable(dialog->currentExporter()->id()));
        m_prompts->confirmations.enqueue(true);
        include->click();
        QCOMPARE(m_prompts->confirmations.size(), 0);
        QTRY_VERIFY(dialog->secretIncluded());
        for (const QString &where : accessibleTreeSays(dialog, secret))
            problems << QStringLiteral("Export's %1 says the client secret").arg(where);
        dialog->reject();

        // The wizard holds the secret for its run: nothing in it says it.
        ValidateSetupWizard *wizard = openWizard(sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        for (const QString &where : accessibleTreeSays(wizard, secret))
            problems << QStringLiteral("the wizard's %1 says the client secret").arg(where);
        wizard->close();

        // The private key of a private_key_jwt registration: stored, never shown or spoken.
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kJwtId));
        QTRY_COMPARE(form->privateKeyField()->state(), PrivateKeyField::State::Stored);
        const QString pem = demoSecret(sandbox::DemoSandbox::kJwtId, QStringLiteral("private-key"));
        const QStringList pemLines = pem.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(pemLines.size() > 3);
        const QString keyLine = pemLines.at(2); // a line of the key's base64 body
        QVERIFY(activate(m_window.get()));
        for (const QString &where : accessibleTreeSays(m_window.get(), keyLine))
            problems << QStringLiteral("the main window's %1 says the private key").arg(where);
        QVERIFY(form->privateKeyField()->isVisible());
        problems << mnemonicProblems(QStringLiteral("Registration form, private key"), m_window.get(),
                                     {page, m_window->menuBar()});
        problems << audit(QStringLiteral("Private key field"), form->privateKeyField(),
                          {form->privateKeyField(), m_window->menuBar()}, 400);
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
    }
};

QTEST_MAIN(TestAccessibilityDialogs)
#include "tst_accessibility_dialogs.moc"
