// Edit ▸ Workspace Settings… driven like an admin behind an internal CA would: opened by menu and shortcut, a bundle
// chosen with the file picker and tested (its certificates listed; a file that is not PEM refused with the dialog
// kept open), the proxy changed with its URL checked as typed, the clock skew set; OK is one undo step ("Change
// workspace settings") that undo and redo take back and forth, saved in the workspace and read back. Findings about a
// setting open the dialog on that field, from the findings dock and from the wizard's result page; the wizard's
// "Change…" link opens it too. End to end: a TLS failure against the HTTPS sandbox, its link, the sandbox's CA
// chosen, Run again, green.
#include "GuiTestKit.h"
#include "SecretStoreTestUtil.h"

#include "core/rules/SettingsRules.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/validation/ValidationReport.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/settings/WorkspaceSettingsDialog.h"
#include "sandbox/DemoSandbox.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QUndoStack>
#include <QWizard>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;
using sandbox::DemoSandbox;

namespace {

QString dataFile(const char *name)
{
    return qEnvironmentVariable("CMIC_TEST_DATA") + QStringLiteral("/ca-bundles/") + QLatin1String(name);
}

// Clicks the link whose text is |text| in |browser|, where it is drawn.
bool clickLink(QTextBrowser *browser, const QString &text)
{
    const QTextCursor found = browser->document()->find(text);
    if (found.isNull())
        return false;
    QTextCursor at(browser->document());
    at.setPosition(found.selectionStart() + 2);
    browser->setTextCursor(at);
    browser->ensureCursorVisible();
    const QRect rect = browser->cursorRect(at);
    QTest::mouseClick(browser->viewport(), Qt::LeftButton, {}, rect.center());
    return true;
}

} // namespace

class tst_WorkspaceSettings : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2030, 1, 1), QTime(9, 0), Qt::UTC)}; // the test root CA is valid then
    MemorySecretStore m_secrets;
    QTemporaryDir m_dir;

    struct Window
    {
        std::unique_ptr<MainWindow> window;
        ScriptedPrompts *prompts = nullptr;
    };

    Window makeWindow(const Clock *clock = nullptr, SecretStore *secrets = nullptr)
    {
        Window w;
        w.window = std::make_unique<MainWindow>(secrets ? secrets : &m_secrets, clock ? clock : &m_clock);
        auto prompts = std::make_unique<ScriptedPrompts>();
        w.prompts = prompts.get();
        w.window->setPrompts(std::move(prompts));
        w.window->show();
        return w;
    }

    static WorkspaceSettingsDialog *openedDialog(QWidget *over)
    {
        for (WorkspaceSettingsDialog *dialog : over->findChildren<WorkspaceSettingsDialog *>()) {
            if (dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static void chooseProxyMode(WorkspaceSettingsDialog *dialog, ProxyMode mode)
    {
        QComboBox *combo = dialog->proxyModeCombo();
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < 3 && ProxyMode(combo->currentData().toInt()) != mode; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QVERIFY(ProxyMode(combo->currentData().toInt()) == mode);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-settingstest"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(dataFile("root-ca.pem")), "CMIC_TEST_DATA is not set");
    }

    void opensFromTheEditMenuAndItsShortcut()
    {
        Window w = makeWindow();
        auto *edit = w.window->menuBar()->findChild<QMenu *>(QStringLiteral("menuEdit"));
        QVERIFY(edit);
        auto *action = w.window->findChild<QAction *>(QStringLiteral("actionWorkspaceSettings"));
        QVERIFY(action && edit->actions().contains(action));
        QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Alt+S")));
        // No other action of the window has the same shortcut.
        QStringList shortcuts;
        for (const QAction *a : w.window->findChildren<QAction *>()) {
            for (const QKeySequence &key : a->shortcuts())
                shortcuts << key.toString();
        }
        QCOMPARE(shortcuts.count(QStringLiteral("Ctrl+Alt+S")), 1);
        QCOMPARE(shortcuts.count(QStringLiteral("Ctrl+,")), 1);

        QApplication::setActiveWindow(w.window.get());
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QTest::keySequence(w.window.get(), QKeySequence(QStringLiteral("Ctrl+Alt+S")));
        WorkspaceSettingsDialog *dialog = openedDialog(w.window.get());
        QVERIFY(dialog);
        QVERIFY(dialog->windowTitle().contains(QLatin1String("Workspace Settings")));
        // Cancel changes nothing and leaves nothing to undo.
        const int commands = w.window->document()->undoStack()->count();
        chooseProxyMode(dialog, ProxyMode::None);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(w.window->document()->undoStack()->count(), commands);
        QVERIFY(w.window->document()->workspace().settings.proxyMode == ProxyMode::System);
    }

    void changesAreOneUndoStepSavedInTheWorkspace()
    {
        Window w = makeWindow();
        const WorkspaceSettings before = w.window->document()->workspace().settings;
        w.window->findChild<QAction *>(QStringLiteral("actionWorkspaceSettings"))->trigger();
        WorkspaceSettingsDialog *dialog = openedDialog(w.window.get());
        QVERIFY(dialog);

        // The file picker, then the test of what it chose: the bundle's one certificate.
        const QString bundle = dataFile("root-ca.pem");
        w.prompts->readNames.enqueue(bundle);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("caBundleBrowse")), Qt::LeftButton);
        QCOMPARE(QDir::fromNativeSeparators(dialog->caBundleEdit()->text()), bundle);
        QTreeWidget *certificates = dialog->certificatesView();
        QCOMPARE(certificates->topLevelItemCount(), 1);
        QVERIFY(certificates->topLevelItem(0)->text(0).contains(QLatin1String("Test Root CA")));
        QVERIFY(certificates->topLevelItem(0)->text(4).startsWith(QLatin1String("5A:A7:1E:D7")));
        QVERIFY2(dialog->caBundleMessage()->text().contains(QLatin1String("1 certificate")),
                 qPrintable(dialog->caBundleMessage()->text()));
        // "Test this bundle" again gives the same list.
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("caBundleTest")), Qt::LeftButton);
        QCOMPARE(certificates->topLevelItemCount(), 1);

        // Manual proxy: the URL is checked as it is typed and OK waits for a usable one.
        QVERIFY(!dialog->proxyUrlEdit()->isEnabled());
        chooseProxyMode(dialog, ProxyMode::Manual);
        QVERIFY(dialog->proxyUrlEdit()->isEnabled());
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY(typeInto(dialog, QStringLiteral("proxyUrl"), QStringLiteral("proxy.example.com:3128")));
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY(dialog->proxyMessage()->isVisible());
        QVERIFY2(dialog->proxyMessage()->text().contains(QLatin1String("scheme://host:port")),
                 qPrintable(dialog->proxyMessage()->text()));
        QVERIFY(typeInto(dialog, QStringLiteral("proxyUrl"), QStringLiteral("http://proxy.example.com:3128")));
        QVERIFY(dialog->okButton()->isEnabled());
        QVERIFY(!dialog->proxyMessage()->isVisible());

        QSpinBox *skew = dialog->clockSkewSpin();
        skew->setFocus();
        skew->selectAll();
        QTest::keyClicks(skew, QStringLiteral("120"));
        QCOMPARE(skew->value(), 120);

        const int commands = w.window->document()->undoStack()->count();
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QUndoStack *undo = w.window->document()->undoStack();
        QCOMPARE(undo->count(), commands + 1);
        QCOMPARE(undo->undoText(), QStringLiteral("Change workspace settings"));
        WorkspaceSettings after = before;
        after.caBundlePath = bundle;
        after.proxyMode = ProxyMode::Manual;
        after.proxyUrl = QStringLiteral("http://proxy.example.com:3128");
        after.clockSkewSeconds = 120;
        QCOMPARE(w.window->document()->workspace().settings, after);
        QVERIFY(w.window->document()->isModified());

        w.window->findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(w.window->document()->workspace().settings, before);
        w.window->findChild<QAction *>(QStringLiteral("actionRedo"))->trigger();
        QCOMPARE(w.window->document()->workspace().settings, after);

        // Saved in the workspace file and read back by another window.
        const QString path = m_dir.filePath(QStringLiteral("settings.cmic-oauth.json"));
        w.prompts->saveNames.enqueue(path);
        w.window->findChild<QAction *>(QStringLiteral("actionSave"))->trigger();
        QVERIFY(!w.window->document()->isModified());
        Window reopened = makeWindow();
        QVERIFY(reopened.window->openFile(path));
        QCOMPARE(reopened.window->document()->workspace().settings, after);
        // The dialog opens on the saved values.
        WorkspaceSettingsDialog *again = reopened.window->openWorkspaceSettings();
        QCOMPARE(again->proxyUrlEdit()->text(), after.proxyUrl);
        QCOMPARE(again->clockSkewSpin()->value(), 120);
        QCOMPARE(w.prompts->unexpected + reopened.prompts->unexpected, 0);
    }

    void anUnusableBundleKeepsTheDialogOpen_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("not PEM") << QStringLiteral("not-pem.txt") << QStringLiteral("BEGIN CERTIFICATE");
        QTest::newRow("DER") << QStringLiteral("root-ca.der") << QStringLiteral("openssl x509 -inform der");
        QTest::newRow("missing") << QStringLiteral("no-such-file.pem") << QStringLiteral("Choose the PEM file again");
    }
    void anUnusableBundleKeepsTheDialogOpen()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        Window w = makeWindow();
        WorkspaceSettingsDialog *dialog = w.window->openWorkspaceSettings();
        const QString path = dataFile(file.toLatin1().constData());
        QVERIFY(typeInto(dialog, QStringLiteral("caBundlePath"), path));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("caBundleTest")), Qt::LeftButton);
        QVERIFY2(dialog->caBundleMessage()->text().contains(message), qPrintable(dialog->caBundleMessage()->text()));
        QCOMPARE(dialog->certificatesView()->topLevelItemCount(), 0);
        // Typing another path forgets the old answer; OK reads the file again and keeps the dialog open.
        QVERIFY(typeInto(dialog, QStringLiteral("caBundlePath"), path));
        QVERIFY(!dialog->caBundleMessage()->isVisible());
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->caBundleMessage()->text().contains(message));
        QCOMPARE(dialog->caBundleEdit()->text(), path); // nothing typed is lost
        QCOMPARE(w.window->document()->undoStack()->count(), 0);
        QVERIFY(w.window->document()->workspace().settings.caBundlePath.isEmpty());
    }

    void aSettingFindingInTheDockOpensItsField()
    {
        // A workspace with a manual proxy and no URL, as a colleague might have saved it.
        Workspace workspace;
        workspace.id = Workspace::newId();
        workspace.settings.proxyMode = ProxyMode::Manual;
        const QString path = m_dir.filePath(QStringLiteral("proxy.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, workspace, true).ok());
        Window w = makeWindow();
        QVERIFY(w.window->openFile(path));
        FindingsModel *findings = w.window->findingsModel();
        int row = -1;
        QTRY_VERIFY([&] {
            for (int i = 0; i < findings->rowCount(); ++i) {
                if (findings->finding(i).code == QLatin1String("settings.proxy-url-missing"))
                    row = i;
            }
            return row >= 0;
        }());
        QVERIFY2(findings->finding(row).fix.contains(QStringLiteral("Workspace Settings \u25B8 Proxy")),
                 qPrintable(findings->finding(row).fix));
        auto *view = w.window->findChild<QTableView *>(QStringLiteral("findingsView"));
        const QRect cell = view->visualRect(findings->index(row, FindingsModel::MessageColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        WorkspaceSettingsDialog *dialog = openedDialog(w.window.get());
        QVERIFY(dialog);
        QCOMPARE(dialog->focusWidget(), dialog->proxyUrlEdit());
        QVERIFY(dialog->proxyMessage()->text().contains(QLatin1String("needs a proxy URL")));
        // Typing the URL fixes it: OK, and the finding is gone.
        QVERIFY(typeInto(dialog, QStringLiteral("proxyUrl"), QStringLiteral("http://proxy.example.com:3128")));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY([&] {
            for (int i = 0; i < findings->rowCount(); ++i) {
                if (findings->finding(i).code.startsWith(QLatin1String("settings.proxy")))
                    return false;
            }
            return true;
        }());
    }

    void aTlsFailureLinksToTheCaBundleAndReachesGreen()
    {
        // The HTTPS sandbox, whose certificate only its own CA verifies, in a workspace without that CA.
        QTemporaryDir dir;
        DemoSandbox sandbox(Clock::system());
        QString error;
        QVERIFY2(sandbox.start({true, dir.filePath(QStringLiteral("ca"))}, &error), qPrintable(error));
        Workspace workspace = sandbox.workspace();
        workspace.settings.caBundlePath.clear();
        const QString path = dir.filePath(QStringLiteral("tls.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, workspace, true).ok());
        MemorySecretStore secrets;
        for (const sandbox::DemoSecret &s : sandbox.secrets())
            QCOMPARE(writeSecret(secrets, s.key, s.value).status, SecretStore::Status::Ok);
        Window w = makeWindow(&Clock::system(), &secrets);
        QVERIFY(w.window->openFile(path));
        QVERIFY(w.window->selectObject(ObjectKind::Registration, DemoSandbox::kBasicId));
        w.window->findChild<QAction *>(QStringLiteral("actionValidateSetup"))->trigger();
        auto *wizard = w.window->findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(!wizard->report().passed());
        const Findings all = wizard->report().allFindings();
        qsizetype tls = -1;
        for (qsizetype i = 0; i < all.size() && tls < 0; ++i) {
            if (all.at(i).code == QLatin1String("net.tls-unknown-ca"))
                tls = i;
        }
        QVERIFY2(tls >= 0, qPrintable(wizard->report().toText()));
        QCOMPARE(all.at(tls).field, QStringLiteral("caBundlePath"));
        QVERIFY(all.at(tls).fix.contains(QStringLiteral("Workspace Settings \u25B8 CA bundle")));

        // The result page's fix link opens the dialog over the wizard, on the CA bundle field.
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        auto *browser = wizard->page(ValidateSetupWizard::ResultPageId)->findChild<QTextBrowser *>();
        QVERIFY(browser);
        QVERIFY(browser->toHtml().contains(QStringLiteral("finding:%1").arg(tls)));
        QVERIFY2(clickLink(browser, QStringLiteral("Open Workspace Settings \u25B8 CA bundle")),
                 qPrintable(browser->toPlainText()));
        WorkspaceSettingsDialog *dialog = openedDialog(wizard);
        QVERIFY(dialog);
        QCOMPARE(dialog->focusWidget(), dialog->caBundleEdit());

        // The admin picks the CA, OK, Run again: green.
        w.prompts->readNames.enqueue(sandbox.caBundlePath());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("caBundleBrowse")), Qt::LeftButton);
        QCOMPARE(dialog->certificatesView()->topLevelItemCount(), 1);
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(w.window->document()->workspace().settings.caBundlePath,
                 QDir::toNativeSeparators(sandbox.caBundlePath()));
        QTest::mouseClick(
            wizard->page(ValidateSetupWizard::ResultPageId)->findChild<QPushButton *>(QStringLiteral("runAgainButton")),
            Qt::LeftButton);
        // Run again runs at once, with the new settings (the start page's network note names the bundle).
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::RunPageId));
        auto *note = wizard->findChild<QLabel *>(QStringLiteral("networkNote"));
        QVERIFY(note && note->text().contains(QLatin1String("extra CA bundle")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QVERIFY2(wizard->report().passed(), qPrintable(wizard->report().toText()));
        wizard->close();
        w.window.reset(); // the wizard (a child) before the store it reads
    }

    void theWizardsChangeLinkOpensTheDialog()
    {
        Workspace workspace;
        workspace.id = Workspace::newId();
        AppRegistration reg;
        reg.id = QStringLiteral("reg-1");
        reg.name = QStringLiteral("Payroll");
        workspace.registrations << reg;
        const QString path = m_dir.filePath(QStringLiteral("link.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, workspace, true).ok());
        Window w = makeWindow();
        QVERIFY(w.window->openFile(path));
        QVERIFY(w.window->selectObject(ObjectKind::Registration, reg.id));
        ValidateSetupWizard *wizard = w.window->validateSetup();
        QVERIFY(wizard);
        auto *link = wizard->findChild<QLabel *>(QStringLiteral("changeNetworkSettings"));
        auto *note = wizard->findChild<QLabel *>(QStringLiteral("networkNote"));
        QVERIFY(link && link->isVisible() && note);
        QVERIFY(note->text().contains(QLatin1String("clock skew allowed: 60")));
        QTest::mouseClick(link, Qt::LeftButton, {}, link->rect().center());
        WorkspaceSettingsDialog *dialog = openedDialog(wizard);
        QVERIFY(dialog);
        QSpinBox *skew = dialog->clockSkewSpin();
        skew->setFocus();
        skew->selectAll();
        QTest::keyClicks(skew, QStringLiteral("90"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(note->text().contains(QLatin1String("clock skew allowed: 90")));
        wizard->close();
    }
};

QTEST_MAIN(tst_WorkspaceSettings)
#include "tst_workspacesettings.moc"
