// Issue 12: the console's guidance, driven as a user would. The welcome page and its buttons, the setup checklist
// ticking as a registration is filled in and after a validation, the registrations table's "Last validation"
// column after a run and after a restart, View ▸ Expiry warning of a secret that expires in 10 days, Help ▸ About's
// versions, Help ▸ Documentation and Getting Started, and the wizard's report saved as PDF.
#include "GuiTestKit.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupChecklist.h"
#include "core/validation/ValidationHistory.h"
#include "gui/AboutDialog.h"
#include "gui/ExpiryView.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectTableModels.h"
#include "gui/SecretField.h"
#include "gui/SetupChecklistView.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/WelcomePage.h"
#include "pdf/PdfRenderer.h"
#include "sandbox/DemoSandbox.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <openssl/crypto.h>

#include <memory>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;

class tst_Guidance : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    MemorySecretStore m_secrets;
    FixedClock m_clock{QDateTime(QDate(2026, 12, 2), QTime(12, 0), Qt::UTC)};

    struct Window
    {
        std::unique_ptr<MainWindow> window;
        ScriptedPrompts *prompts = nullptr;
    };

    Window makeWindow(SecretStore *store = nullptr, const Clock *clock = nullptr)
    {
        Window w;
        w.window = std::make_unique<MainWindow>(store ? store : &m_secrets, clock ? clock : &m_clock);
        auto prompts = std::make_unique<ScriptedPrompts>();
        w.prompts = prompts.get();
        w.window->setPrompts(std::move(prompts));
        w.window->show();
        return w;
    }

    static void trigger(MainWindow &w, const char *action)
    {
        QAction *a = w.findChild<QAction *>(QString::fromLatin1(action));
        QVERIFY2(a, action);
        QVERIFY2(a->isEnabled(), action);
        a->trigger();
    }

    static void click(QWidget *parent, const QString &name)
    {
        auto *button = parent->findChild<QPushButton *>(name);
        QVERIFY2(button, qPrintable(name));
        QVERIFY2(button->isVisible(), qPrintable(name));
        QTest::mouseClick(button, Qt::LeftButton);
    }

    static QStringList checklistStates(const MainWindow &w)
    {
        QStringList out;
        for (int i = 1; i <= kChecklistStepCount; ++i)
            out << w.setupChecklist()
                       ->findChild<QWidget *>(QStringLiteral("checklistStep%1").arg(i))
                       ->property("checklistState")
                       .toString();
        return out;
    }

    static QString lastValidationCell(MainWindow &w, const QString &registrationId)
    {
        QTableView *table = w.table(ObjectKind::Registration);
        const QModelIndex source =
            w.model(ObjectKind::Registration)->indexOfId(registrationId, RegistrationModel::LastValidation);
        for (int c = 0; c < table->model()->columnCount(); ++c) {
            if (table->model()->headerData(c, Qt::Horizontal).toString() == QLatin1String("Last validation")) {
                for (int r = 0; r < table->model()->rowCount(); ++r) {
                    const QModelIndex cell = table->model()->index(r, c);
                    if (cell.data(ObjectTableModel::IdRole).toString() == registrationId) {
                        if (cell.data(Qt::DecorationRole).isNull() != source.data(Qt::DecorationRole).isNull())
                            return QStringLiteral("(icon differs)");
                        return cell.data().toString()
                               + (cell.data(Qt::DecorationRole).isNull() ? QString() : QStringLiteral(" +icon"));
                    }
                }
            }
        }
        return QStringLiteral("(no cell)");
    }

    struct Demo
    {
        std::unique_ptr<sandbox::DemoSandbox> sandbox;
        std::unique_ptr<MemorySecretStore> secrets;
        Window w;
        ~Demo() { w.window.reset(); }
    };

    void startDemo(Demo &demo, bool startServers = true)
    {
        if (startServers) {
            demo.sandbox = std::make_unique<sandbox::DemoSandbox>(Clock::system());
            QString error;
            QVERIFY2(demo.sandbox->start({}, &error), qPrintable(error));
            demo.secrets = std::make_unique<MemorySecretStore>();
        }
        demo.w = makeWindow(demo.secrets.get(), &Clock::system());
        QVERIFY(demo.w.window->loadSandbox(*demo.sandbox));
        QTRY_COMPARE(demo.secrets->count(), int(demo.sandbox->secrets().size()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-guidancetest"));
        QSettings().clear();
        QDir(ValidationHistory::defaultFolder()).removeRecursively();
        pdf::installPdfRenderer();
    }

    void cleanupTestCase()
    {
        QDir(ValidationHistory::defaultFolder()).removeRecursively();
        QSettings().clear();
    }

    void welcomeNewShowsTheChecklistFromNothing()
    {
        Window w = makeWindow();
        QVERIFY(w.window->isWelcomeShown());
        QVERIFY(w.window->welcomePage()->isVisible());
        click(w.window->welcomePage(), QStringLiteral("welcomeNew"));
        QVERIFY(!w.window->isWelcomeShown());
        QCOMPARE(w.window->document()->workspace().registrations.size(), 0);
        QTRY_COMPARE(checklistStates(*w.window).first(), QStringLiteral("todo"));
        QCOMPARE(w.window->setupChecklist()->actionButton(0)->text(), QStringLiteral("Add Environment"));
        QVERIFY(w.window->setupChecklist()->isVisible());

        // An empty page says what to create first, with the button, instead of an empty table and a disabled form.
        w.window->showPage(ObjectKind::Environment);
        auto *empty = w.window->findChild<QWidget *>(QStringLiteral("environmentEmptyState"));
        QVERIFY(empty && empty->isVisible());
        QVERIFY(!w.window->table(ObjectKind::Environment)->isVisible());
        click(empty, QStringLiteral("environmentEmptyAdd"));
        QCOMPARE(w.window->document()->workspace().environments.size(), 1);
        QVERIFY(!empty->isVisible());
        QVERIFY(w.window->table(ObjectKind::Environment)->isVisible());
        QVERIFY(w.window->form(ObjectKind::Environment)->isVisible());
        QCOMPARE(w.window->form(ObjectKind::Environment)->currentRow(), 0);
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void welcomeDemoOpenAndRecentOpenTheirWorkspace()
    {
        const QString path = m_dir.filePath(QStringLiteral("welcome.cmic-oauth.json"));
        {
            Window w = makeWindow();
            click(w.window->welcomePage(), QStringLiteral("welcomeDemo"));
            QVERIFY(!w.window->isWelcomeShown());
            QVERIFY(!w.window->document()->workspace().registrations.isEmpty());
            w.prompts->saveNames.enqueue(path);
            QVERIFY(w.window->saveAs());
        }
        {
            Window w = makeWindow();
            QVERIFY(w.window->isWelcomeShown());
            QListWidget *recent = w.window->welcomePage()->recentList();
            QVERIFY(recent->isVisible());
            QCOMPARE(recent->count(), 1);
            recent->setFocus();
            recent->setCurrentRow(0);
            QTest::keyClick(recent, Qt::Key_Return);
            QCOMPARE(w.window->document()->filePath(), path);
            QVERIFY(!w.window->isWelcomeShown());
        }
        {
            Window w = makeWindow();
            w.prompts->openNames.enqueue(path);
            click(w.window->welcomePage(), QStringLiteral("welcomeOpen"));
            QCOMPARE(w.window->document()->filePath(), path);
            QVERIFY(!w.window->isWelcomeShown());
            QCOMPARE(w.prompts->unexpected, 0);
        }
    }

    void checklistTicksAsYouFillARegistration()
    {
        MemorySecretStore secrets;
        Window w = makeWindow(&secrets);
        MainWindow &mw = *w.window;
        click(mw.welcomePage(), QStringLiteral("welcomeNew"));
        SetupChecklistView *checklist = mw.setupChecklist();
        QTRY_COMPARE(checklist->actionButton(0)->text(), QStringLiteral("Add Environment"));
        click(checklist, QStringLiteral("checklistAction1"));
        QCOMPARE(mw.currentKind(), ObjectKind::Environment);
        ObjectForm *env = mw.form(ObjectKind::Environment);
        QVERIFY(typeInto(env, QStringLiteral("name"), QStringLiteral("Production")));
        QVERIFY(typeInto(env, QStringLiteral("apiBaseUrl"), QStringLiteral("https://cmic.example.com/cmicprod")));
        QTRY_COMPARE(checklist->actionButton(0)->text(), QStringLiteral("Add Service User"));

        click(checklist, QStringLiteral("checklistAction1")); // Add Service User
        QCOMPARE(mw.currentKind(), ObjectKind::ServiceUser);
        ObjectForm *user = mw.form(ObjectKind::ServiceUser);
        QVERIFY(typeInto(user, QStringLiteral("username"), QStringLiteral("SVC_API")));
        auto *dedicated = user->findChild<QCheckBox *>(QStringLiteral("dedicatedConfirmed"));
        dedicated->setFocus();
        QTest::keyClick(dedicated, Qt::Key_Space);
        QTRY_COMPARE(checklistStates(mw).first(), QStringLiteral("done"));

        click(checklist, QStringLiteral("checklistAction2")); // Add Registration
        QCOMPARE(mw.currentKind(), ObjectKind::Registration);
        QCOMPARE(mw.document()->workspace().registrations.size(), 1);
        const AppRegistration &reg = mw.document()->workspace().registrations.first();
        QTRY_COMPARE(checklist->registrationId(), reg.id);
        ObjectForm *form = mw.form(ObjectKind::Registration);
        if (reg.environmentId.isEmpty() || reg.serviceUserId.isEmpty()) {
            // A new registration may start without references: the checklist leads to the field to choose them.
            QTRY_COMPARE(checklistStates(mw).first(), QStringLiteral("todo"));
            for (const char *field : {"environmentId", "serviceUserId"}) {
                auto *combo = form->findChild<QComboBox *>(QString::fromLatin1(field));
                QVERIFY(combo);
                combo->setFocus();
                QTest::keyClick(combo, Qt::Key_Down);
            }
        }
        QTRY_COMPARE(checklistStates(mw).first(), QStringLiteral("done"));
        QTRY_COMPARE(checklist->items().at(1).field, QStringLiteral("appId")); // no App ID yet
        QCOMPARE(checklistStates(mw).at(1), QStringLiteral("todo"));

        click(checklist, QStringLiteral("checklistAction2")); // Go to the field: the App ID
        QTRY_VERIFY(form->findChild<QLineEdit *>(QStringLiteral("appId"))->hasFocus());
        QVERIFY(typeInto(form, QStringLiteral("appId"), QStringLiteral("0oa1payroll")));
        QVERIFY(typeInto(form, QStringLiteral("issuer"), QStringLiteral("https://idp.example.com/oauth2/default")));
        QVERIFY(typeInto(form, QStringLiteral("tokenEndpoint"),
                         QStringLiteral("https://idp.example.com/oauth2/default/v1/token")));
        QTRY_COMPARE(checklist->items().at(2).field, QStringLiteral("jwksUri")); // the last one missing
        QCOMPARE(checklistStates(mw).at(2), QStringLiteral("todo"));
        QVERIFY(typeInto(form, QStringLiteral("jwksUri"),
                         QStringLiteral("https://idp.example.com/oauth2/default/v1/keys")));
        QTRY_COMPARE(checklistStates(mw).at(2), QStringLiteral("done"));

        // The secret is not in the store yet: step 2 asks for it and leads to the field.
        QTRY_COMPARE(checklistStates(mw).at(1), QStringLiteral("todo"));
        QCOMPARE(int(checklist->items().at(1).target), int(ChecklistTarget::Credential));
        click(checklist, QStringLiteral("checklistAction2"));
        auto *secret = form->findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"));
        QTRY_VERIFY(secret->hasFocus());
        QTest::keyClicks(secret, QStringLiteral("payroll-secret"));
        QTest::keyClick(secret, Qt::Key_Return);
        // The new environment has no probe endpoint yet: step 4 leads to it, as validation could not call CMiC.
        QTRY_COMPARE(checklistStates(mw),
                     (QStringList{QStringLiteral("done"), QStringLiteral("done"), QStringLiteral("done"),
                                  QStringLiteral("todo"), QStringLiteral("todo")}));
        QCOMPARE(checklist->items().at(3).field, QStringLiteral("probeEndpoints"));
        QCOMPARE(checklist->actionButton(4)->text(), QStringLiteral("Validate Setup…"));
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void validationTicksTheChecklistFillsTheColumnAndSurvivesARestart()
    {
        Demo demo;
        startDemo(demo);
        MainWindow &mw = *demo.w.window;
        const QString id = sandbox::DemoSandbox::kBasicId;
        QVERIFY(mw.selectObject(ObjectKind::Registration, id));
        QTRY_COMPARE(mw.setupChecklist()->registrationId(), id);
        QTRY_COMPARE(checklistStates(mw).at(4), QStringLiteral("todo"));
        QCOMPARE(lastValidationCell(mw, id), QString());

        // The checklist's last step opens Validate Setup for the registration.
        click(mw.setupChecklist(), QStringLiteral("checklistAction5"));
        auto *wizard = mw.findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
        QVERIFY(wizard);
        QCOMPARE(wizard->registrationId(), id);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(finished.first().first().toBool());

        const QString cell = lastValidationCell(mw, id);
        QVERIFY2(cell.startsWith(QStringLiteral("Passed · ")) && cell.endsWith(QStringLiteral(" +icon")),
                 qPrintable(cell));
        QTRY_COMPARE(checklistStates(mw), QStringList(kChecklistStepCount, QStringLiteral("done")));
        // The JWKS keys the run read are in the expiry view.
        mw.expiryView()->refresh();
        QTreeWidget *tree = mw.expiryView()->tree();
        QTreeWidgetItem *keys = tree->topLevelItem(1);
        QVERIFY(keys->childCount() >= 1);
        QVERIFY2(keys->child(0)->text(ExpiryView::WhatColumn).startsWith(QStringLiteral("Key ")),
                 qPrintable(keys->child(0)->text(ExpiryView::WhatColumn)));

        // The report as PDF: pages, the verdict and the steps in its text.
        const QString pdfPath = m_dir.filePath(QStringLiteral("report.pdf"));
        QVERIFY(wizard->saveReportTo(pdfPath));
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("/Type /Page") || bytes.contains("/Type/Page"));
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {pdfPath, QStringLiteral("-")});
        QVERIFY2(pdftotext.waitForFinished(), "pdftotext (poppler-utils, scripts/install-deps.sh) must be installed");
        QCOMPARE(pdftotext.exitCode(), 0);
        // NFKC: the PDF's font may set "fi" as one ligature glyph, which pdftotext gives back as U+FB01.
        const QString text =
            QString::fromUtf8(pdftotext.readAllStandardOutput()).normalized(QString::NormalizationForm_KC).simplified();
        const ReportVerdict verdict = ReportVerdict::of(wizard->report());
        QVERIFY2(text.contains(verdict.resultLine()),
                 qPrintable(verdict.resultLine() + QStringLiteral(" in: ") + text.left(600)));
        for (const StepInfo &step : kSteps)
            QVERIFY2(text.contains(displayName(step.id)), qPrintable(displayName(step.id)));

        // After a restart (a new window over the same workspace), the column and the checklist still say so.
        demo.w.window.reset();
        startDemo(demo, /*startServers=*/false);
        MainWindow &again = *demo.w.window;
        const QString cellAgain = lastValidationCell(again, id);
        QVERIFY2(cellAgain.startsWith(QStringLiteral("Passed · ")), qPrintable(cellAgain));
        QVERIFY(again.selectObject(ObjectKind::Registration, id));
        QTRY_COMPARE(checklistStates(again).at(4), QStringLiteral("done"));
        QCOMPARE(demo.w.prompts->unexpected, 0);
    }

    void expiryViewWarnsOfASecretExpiringIn10Days()
    {
        Window w = makeWindow();
        Workspace ws;
        ws.id = Workspace::newId();
        AppRegistration soon;
        soon.id = Workspace::newId();
        soon.name = QStringLiteral("Payroll");
        soon.secretExpiry = m_clock.now().date().addDays(10);
        AppRegistration later = soon;
        later.id = Workspace::newId();
        later.name = QStringLiteral("Archive");
        later.secretExpiry = m_clock.now().date().addDays(300);
        ws.registrations = {later, soon};
        QVERIFY(w.window->files()->replaceWithUntitled(ws));

        auto *dock = w.window->findChild<QDockWidget *>(QStringLiteral("expiryDock"));
        QVERIFY(!dock->isVisible());
        trigger(*w.window, "actionShowExpiry");
        QTRY_VERIFY(dock->isVisible());
        QTreeWidget *tree = w.window->expiryView()->tree();
        QTRY_COMPARE(tree->topLevelItem(0)->childCount(), 2);
        QTreeWidgetItem *first = tree->topLevelItem(0)->child(0);
        QCOMPARE(first->text(ExpiryView::RegistrationColumn), QStringLiteral("Payroll"));
        QCOMPARE(first->text(ExpiryView::DateColumn), soon.secretExpiry.toString(Qt::ISODate));
        QVERIFY2(first->text(ExpiryView::StatusColumn).contains(QStringLiteral("expires in 10 day")),
                 qPrintable(first->text(ExpiryView::StatusColumn)));
        QCOMPARE(first->data(ExpiryView::WhatColumn, Qt::UserRole + 3).toString(), QStringLiteral("warning"));
        QVERIFY(!first->icon(ExpiryView::StatusColumn).isNull());
        QCOMPARE(tree->topLevelItem(0)->child(1)->data(ExpiryView::WhatColumn, Qt::UserRole + 3).toString(),
                 QStringLiteral("ok"));
        auto *summary = w.window->expiryView()->findChild<QLabel *>(QStringLiteral("expirySummary"));
        QVERIFY2(summary->text().startsWith(QStringLiteral("1 expiring within 30 days")), qPrintable(summary->text()));

        // Activating the row goes to the registration's expiry field.
        emit tree->itemActivated(first, 0);
        QCOMPARE(w.window->currentKind(), ObjectKind::Registration);
        QCOMPARE(w.window->form(ObjectKind::Registration)->currentId(), soon.id);
    }

    // While its dock is hidden, a change does not rebuild the tree (20,000 rows nobody sees); showing the dock, or
    // asking for tree(), brings it up to date; while shown, a change is shown on the next event-loop turn.
    void expiryViewRebuildsOnlyWhileShown()
    {
        Window w = makeWindow();
        const auto workspaceOf = [this](const QStringList &names) {
            Workspace ws;
            ws.id = Workspace::newId();
            for (const QString &name : names) {
                AppRegistration r;
                r.id = Workspace::newId();
                r.name = name;
                r.secretExpiry = m_clock.now().date().addDays(100);
                ws.registrations << r;
            }
            return ws;
        };
        ExpiryView *view = w.window->expiryView();
        // The tree widget itself: tree() would bring it up to date.
        auto *rows = view->findChild<QTreeWidget *>(QStringLiteral("expiryTree"));
        QVERIFY(rows);
        auto *dock = w.window->findChild<QDockWidget *>(QStringLiteral("expiryDock"));
        QVERIFY(!dock->isVisible());

        QVERIFY(w.window->files()->replaceWithUntitled(workspaceOf({QStringLiteral("Payroll")})));
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QVERIFY(view->isStale());
        QVERIFY(rows->topLevelItem(0)->child(0)->text(ExpiryView::RegistrationColumn) != QStringLiteral("Payroll"));
        QCOMPARE(view->tree()->topLevelItem(0)->child(0)->text(ExpiryView::RegistrationColumn),
                 QStringLiteral("Payroll"));
        QVERIFY(!view->isStale());

        QVERIFY(w.window->files()->replaceWithUntitled(
            workspaceOf({QStringLiteral("Archive"), QStringLiteral("Billing")})));
        QCoreApplication::processEvents();
        QVERIFY(view->isStale());
        QCOMPARE(rows->topLevelItem(0)->childCount(), 1); // still Payroll's
        trigger(*w.window, "actionShowExpiry");
        QTRY_VERIFY(dock->isVisible());
        QVERIFY(!view->isStale());
        QCOMPARE(rows->topLevelItem(0)->childCount(), 2);

        // Shown: the next event-loop turn rebuilds it, without anyone asking.
        QVERIFY(w.window->files()->replaceWithUntitled(workspaceOf({QStringLiteral("Customs")})));
        QVERIFY(view->isStale());
        QTRY_VERIFY(!view->isStale());
        QCOMPARE(rows->topLevelItem(0)->childCount(), 1);
        QCOMPARE(rows->topLevelItem(0)->child(0)->text(ExpiryView::RegistrationColumn), QStringLiteral("Customs"));
    }

    void aboutShowsTheVersions()
    {
        Window w = makeWindow();
        trigger(*w.window, "actionAbout");
        auto *about = w.window->findChild<AboutDialog *>(QStringLiteral("aboutDialog"));
        QVERIFY(about);
        QTRY_VERIFY(about->isVisible());
        const QString text = about->versionsLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("CMiC OAuth Console ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("QtKeychain 0.")), qPrintable(text));
        about->close();
    }

    void helpOpensTheDocumentationAndTheDemo()
    {
        Window w = makeWindow();
        QList<QUrl> opened;
        w.window->setUrlOpener([&opened](const QUrl &url) {
            opened.append(url);
            return true;
        });
        trigger(*w.window, "actionDocumentation");
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.first().isLocalFile());
        QVERIFY2(QFile::exists(opened.first().toLocalFile()), qPrintable(opened.first().toString()));
        QVERIFY(opened.first().toLocalFile().endsWith(QStringLiteral("README.md")));

        w.window->setUrlOpener([](const QUrl &) { return false; });
        trigger(*w.window, "actionDocumentation");
        QCOMPARE(w.prompts->errors.size(), 1);
        QVERIFY(w.prompts->errors.first().contains(QStringLiteral("README.md")));

        QVERIFY(w.window->isWelcomeShown());
        trigger(*w.window, "actionGettingStarted");
        QVERIFY(!w.window->isWelcomeShown());
        QVERIFY(!w.window->document()->workspace().registrations.isEmpty());
        QCOMPARE(w.prompts->unexpected, 0);
    }
    // File ▸ New (Ctrl+N) over a workspace whose pages were all built: each page says what to create first with
    // its Add button (no table, no disabled form of placeholders), and the checklist guides from the environment;
    // following its buttons adds the environment, the service user and the registration in that order.
    void fileNewShowsWhatToCreateFirstOnEveryPage()
    {
        Window w = makeWindow();
        Workspace ws;
        ws.id = Workspace::newId();
        Environment env;
        env.id = Workspace::newId();
        env.name = QStringLiteral("Prod");
        ServiceUser user;
        user.id = Workspace::newId();
        user.username = QStringLiteral("SVC_API");
        AppRegistration reg;
        reg.id = Workspace::newId();
        reg.name = QStringLiteral("Payroll");
        reg.environmentId = env.id;
        reg.serviceUserId = user.id;
        reg.appId = QStringLiteral("payroll-app");
        ws.environments = {env};
        ws.serviceUsers = {user};
        ws.registrations = {reg};
        const QString path = m_dir.filePath(QStringLiteral("file-new.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(path, ws, true).ok());
        QVERIFY(w.window->openFile(path));
        for (ObjectKind kind : {ObjectKind::Environment, ObjectKind::ServiceUser, ObjectKind::Registration}) {
            w.window->showPage(kind);
            QVERIFY(w.window->form(kind)->isVisible()); // built and filled
        }

        QApplication::setActiveWindow(w.window.get());
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QTest::keySequence(w.window.get(), QKeySequence::New);
        QTRY_VERIFY(w.window->document()->filePath().isEmpty());
        QVERIFY(w.window->document()->workspace().registrations.isEmpty());
        QVERIFY(!w.window->isWelcomeShown());
        const struct
        {
            ObjectKind kind;
            const char *name;
            const char *button;
        } pages[] = {{ObjectKind::Environment, "environment", "&Add Environment"},
                     {ObjectKind::ServiceUser, "serviceUser", "&Add Service User"},
                     {ObjectKind::Registration, "registration", "&Add Registration"}};
        for (const auto &page : pages) {
            w.window->showPage(page.kind);
            const QString name = QString::fromLatin1(page.name);
            auto *empty = w.window->findChild<QWidget *>(name + QStringLiteral("EmptyState"));
            QVERIFY2(empty && empty->isVisible(), page.name);
            QVERIFY2(!w.window->table(page.kind)->isVisible(), page.name);
            QVERIFY2(!w.window->form(page.kind)->isVisible(), page.name);
            auto *text = empty->findChild<QLabel *>(name + QStringLiteral("EmptyText"));
            QVERIFY2(text && text->text().startsWith(QLatin1String("No ")), page.name);
            auto *add = empty->findChild<QPushButton *>(name + QStringLiteral("EmptyAdd"));
            QVERIFY2(add && add->isVisible(), page.name);
            QCOMPARE(add->text(), QString::fromUtf8(page.button));
        }

        // The checklist from nothing: environment first; each button adds the next object.
        QVERIFY(w.window->setupChecklist()->isVisible());
        QTRY_COMPARE(w.window->setupChecklist()->actionButton(0)->text(), QStringLiteral("Add Environment"));
        QCOMPARE(checklistStates(*w.window).first(), QStringLiteral("todo"));
        QTest::mouseClick(w.window->setupChecklist()->actionButton(0), Qt::LeftButton);
        QCOMPARE(w.window->document()->workspace().environments.size(), 1);
        QCOMPARE(w.window->currentKind(), ObjectKind::Environment);
        QVERIFY(w.window->form(ObjectKind::Environment)->isVisible());
        QTRY_COMPARE(w.window->setupChecklist()->actionButton(0)->text(), QStringLiteral("Add Service User"));
        QTest::mouseClick(w.window->setupChecklist()->actionButton(0), Qt::LeftButton);
        QCOMPARE(w.window->document()->workspace().serviceUsers.size(), 1);
        QCOMPARE(w.window->currentKind(), ObjectKind::ServiceUser);
        QTRY_COMPARE(checklistStates(*w.window).first(), QStringLiteral("done"));
        QTRY_COMPARE(w.window->setupChecklist()->actionButton(1)->text(), QStringLiteral("Add Registration"));
        QTest::mouseClick(w.window->setupChecklist()->actionButton(1), Qt::LeftButton);
        QCOMPARE(w.window->document()->workspace().registrations.size(), 1);
        QCOMPARE(w.window->currentKind(), ObjectKind::Registration);
        QVERIFY(w.window->form(ObjectKind::Registration)->isVisible());
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }
};

QTEST_MAIN(tst_Guidance)
#include "tst_guidance.moc"
