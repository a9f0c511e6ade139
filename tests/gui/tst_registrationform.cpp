// The registration form's IdP presets driven from the keyboard as an admin would (choose, apply, switch back and
// forth, undo and redo every switch, each field checked after each step), the findings a switch leaves or clears,
// and the keyboard details of the forms: the filter's mnemonic, Delete in the probe list, new objects' names
// selected for typing; the session-only notice of --demo and the missing-credential finding.
#include "GuiTestKit.h"

#include "core/model/IdpPreset.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectTableModels.h"
#include "gui/SecretField.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>

using namespace cmic;
using namespace cmic::test;

namespace {

const QString kAppId = QStringLiteral("11111111-2222-3333-4444-555555555555");
const QString kTenant = QStringLiteral("9188040d-6c67-4c5b-b112-36a304b66dad");
const QString kMs = QStringLiteral("https://login.microsoftonline.com/");

// What one registration's preset fields hold, for comparing the model and the form after each step.
struct PresetFields
{
    QString preset;
    QString tenant;
    QString issuer;
    QString jwksUri;
    QString tokenEndpoint;
    QString discoveryUrl;
    QString scope;
    QString assertionAlgorithm;
};

} // namespace

class tst_RegistrationForm : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC)};

    struct Window
    {
        std::unique_ptr<MemorySecretStore> secrets = std::make_unique<MemorySecretStore>();
        std::unique_ptr<MainWindow> window;
        ScriptedPrompts *prompts = nullptr;
    };

    Window makeWindow()
    {
        Window w;
        w.window = std::make_unique<MainWindow>(w.secrets.get(), &m_clock);
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

    static const Finding *finding(const WorkspaceDocument &doc, const QString &code, const QString &field)
    {
        for (const Finding &f : doc.findings()) {
            if (f.code == code && f.field == field)
                return &f;
        }
        return nullptr;
    }

    // A new registration with the App ID typed, its form shown.
    static ObjectForm *newRegistration(MainWindow &w, bool typeAppId = true)
    {
        w.showPage(ObjectKind::Registration);
        trigger(w, "actionAdd");
        ObjectForm *form = w.form(ObjectKind::Registration);
        if (typeAppId)
            typeInto(form, QStringLiteral("appId"), kAppId);
        return form;
    }

    // Moves through the closed preset list with the arrow keys to |id| (nothing is applied on the way), then Enter.
    static void choosePresetWithKeys(MainWindow &w, ObjectForm *form, const QString &id)
    {
        auto *combo = form->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        QVERIFY(combo);
        const int target = combo->findData(id);
        QVERIFY2(target >= 0, qPrintable(id));
        combo->setFocus();
        const QString applied = w.document()->workspace().registrations.constLast().idpPreset;
        const int undoSteps = w.document()->undoStack()->count();
        while (combo->currentIndex() != target) {
            QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
            // Passing over a preset chooses it; only Enter or Apply applies.
            QCOMPARE(w.document()->workspace().registrations.constLast().idpPreset, applied);
            QCOMPARE(w.document()->undoStack()->count(), undoSteps);
        }
        QVERIFY(form->findChild<QPushButton *>(QStringLiteral("applyPreset"))->isEnabled());
        QTest::keyClick(combo, Qt::Key_Return);
        QCOMPARE(w.document()->workspace().registrations.constLast().idpPreset, id);
    }

    static PresetFields modelFields(const MainWindow &w)
    {
        const AppRegistration &r = w.document()->workspace().registrations.constLast();
        return {r.idpPreset,     r.presetParameters.value(QStringLiteral("tenant")),
                r.issuer,        r.jwksUri,
                r.tokenEndpoint, r.discoveryUrl,
                r.scope,         r.assertionAlgorithm};
    }

    // Every preset field, in the model and in the form the admin sees.
    static void compareFields(const MainWindow &w, ObjectForm *form, const PresetFields &expected)
    {
        const PresetFields m = modelFields(w);
        QCOMPARE(m.preset, expected.preset);
        QCOMPARE(m.tenant, expected.tenant);
        QCOMPARE(m.issuer, expected.issuer);
        QCOMPARE(m.jwksUri, expected.jwksUri);
        QCOMPARE(m.tokenEndpoint, expected.tokenEndpoint);
        QCOMPARE(m.discoveryUrl, expected.discoveryUrl);
        QCOMPARE(m.scope, expected.scope);
        QCOMPARE(m.assertionAlgorithm, expected.assertionAlgorithm);
        const std::pair<const char *, QString> shown[] = {{"issuer", expected.issuer},
                                                          {"jwksUri", expected.jwksUri},
                                                          {"tokenEndpoint", expected.tokenEndpoint},
                                                          {"discoveryUrl", expected.discoveryUrl},
                                                          {"scope", expected.scope}};
        for (const auto &[field, text] : shown)
            QCOMPARE(form->findChild<QLineEdit *>(QString::fromLatin1(field))->text(), text);
        auto *combo = form->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        QCOMPARE(combo->currentData().toString(), expected.preset);
        if (auto *tenant = form->findChild<QLineEdit *>(QStringLiteral("presetParameter_tenant"));
            tenant && tenant->isVisible())
            QCOMPARE(tenant->text(), expected.tenant);
    }

private slots:

    // Entra v1 -> v2 -> Okta -> v1, each switch its own undo step named after its preset; undo and redo walk them
    // back and forth with every field as it was.
    void switchingPresetsBackAndForthWithUndoAndRedo()
    {
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        ObjectForm *form = newRegistration(*w.window);
        QUndoStack *stack = w.window->document()->undoStack();
        QList<PresetFields> states{modelFields(*w.window)};
        QList<QString> names;

        // Entra v1: the scope is filled from the App ID typed before.
        choosePresetWithKeys(*w.window, form, QStringLiteral("entra-v1"));
        const PresetFields v1NoTenant{QStringLiteral("entra-v1"),
                                      QString(),
                                      QString(),
                                      kMs + QStringLiteral("common/discovery/keys"),
                                      QString(),
                                      QString(),
                                      QStringLiteral("api://") + kAppId + QStringLiteral("/.default"),
                                      QStringLiteral("PS256")};
        compareFields(*w.window, form, v1NoTenant);
        states.append(v1NoTenant);
        names.append(stack->undoText());
        QVERIFY(names.constLast().contains(QLatin1String("Microsoft Entra ID (v1 access tokens)")));
        // Empty URL fields show the preset's template as a hint, not as a value.
        QCOMPARE(form->findChild<QLineEdit *>(QStringLiteral("issuer"))->placeholderText(),
                 QStringLiteral("https://sts.windows.net/<tenant>/"));

        // The tenant, typed into the parameter field the switch focused.
        auto *tenant = form->findChild<QLineEdit *>(QStringLiteral("presetParameter_tenant"));
        QVERIFY(tenant);
        QTRY_COMPARE(QApplication::focusWidget(), tenant);
        QTest::keyClicks(tenant, kTenant);
        const PresetFields v1{QStringLiteral("entra-v1"),
                              kTenant,
                              QStringLiteral("https://sts.windows.net/") + kTenant + QLatin1Char('/'),
                              kMs + QStringLiteral("common/discovery/keys"),
                              kMs + kTenant + QStringLiteral("/oauth2/v2.0/token"),
                              kMs + kTenant + QStringLiteral("/.well-known/openid-configuration"),
                              QStringLiteral("api://") + kAppId + QStringLiteral("/.default"),
                              QStringLiteral("PS256")};
        compareFields(*w.window, form, v1);
        QCOMPARE(stack->count(), 4); // add, App ID, the switch, the tenant typed (one step for all its keys)
        states.append(v1);
        names.append(stack->undoText());

        // v2: the tenant is kept, every URL is v2's.
        choosePresetWithKeys(*w.window, form, QStringLiteral("entra-v2"));
        const PresetFields v2{QStringLiteral("entra-v2"),
                              kTenant,
                              kMs + kTenant + QStringLiteral("/v2.0"),
                              kMs + kTenant + QStringLiteral("/discovery/v2.0/keys"),
                              kMs + kTenant + QStringLiteral("/oauth2/v2.0/token"),
                              kMs + kTenant + QStringLiteral("/v2.0/.well-known/openid-configuration"),
                              QStringLiteral("api://") + kAppId + QStringLiteral("/.default"),
                              QStringLiteral("PS256")};
        compareFields(*w.window, form, v2);
        QVERIFY(stack->undoText().contains(QLatin1String("(v2 access tokens)")));
        states.append(v2);
        names.append(stack->undoText());

        // Okta: nothing of Entra's stays; its example scope is a hint, never a value; no finding about other IdPs.
        choosePresetWithKeys(*w.window, form, QStringLiteral("okta"));
        const PresetFields okta{
            QStringLiteral("okta"), QString(), QString(), QString(), QString(), QString(), QString(), QString()};
        compareFields(*w.window, form, okta);
        QVERIFY(stack->undoText().contains(QLatin1String("Okta")));
        QVERIFY(form->findChild<QLineEdit *>(QStringLiteral("scope"))
                    ->placeholderText()
                    .contains(QLatin1String("cmic.api")));
        QCOMPARE(form->findChild<QLineEdit *>(QStringLiteral("jwksUri"))->placeholderText(),
                 QStringLiteral("https://<domain>/oauth2/<authServerId>/v1/keys"));
        QTRY_VERIFY(!finding(*w.window->document(), QStringLiteral("registration.preset.other-idp"),
                             QStringLiteral("jwksUri")));
        states.append(okta);
        names.append(stack->undoText());

        // Back to v1: the tenant went with the switch to Okta; the scope comes back from the App ID.
        choosePresetWithKeys(*w.window, form, QStringLiteral("entra-v1"));
        compareFields(*w.window, form, v1NoTenant);
        QVERIFY(stack->undoText().contains(QLatin1String("(v1 access tokens)")));
        states.append(v1NoTenant);
        names.append(stack->undoText());
        QCOMPARE(stack->count(), 7);

        // Undo each step: every field as it was, each step named after its own preset.
        for (int i = int(states.size()) - 1; i > 0; --i) {
            QCOMPARE(stack->undoText(), names.at(i - 1));
            trigger(*w.window, "actionUndo");
            compareFields(*w.window, form, states.at(i - 1));
        }
        // And redo them.
        for (int i = 1; i < states.size(); ++i) {
            trigger(*w.window, "actionRedo");
            compareFields(*w.window, form, states.at(i));
            QCOMPARE(stack->undoText(), names.at(i - 1));
        }
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // Typing a preset's name in the closed list, or the wheel, chooses it too; Apply applies it.
    void typingInThePresetListChoosesAndApplyApplies()
    {
        Window w = makeWindow();
        ObjectForm *form = newRegistration(*w.window);
        auto *combo = form->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        auto *apply = form->findChild<QPushButton *>(QStringLiteral("applyPreset"));
        QVERIFY(combo && apply);
        QVERIFY(!apply->isEnabled());
        combo->setFocus();
        QTest::keyClicks(combo, QStringLiteral("Okta"));
        QCOMPARE(combo->currentData().toString(), QStringLiteral("okta"));
        QCOMPARE(w.window->document()->workspace().registrations.constLast().idpPreset, QString());
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(w.window->document()->workspace().registrations.constLast().idpPreset, QStringLiteral("okta"));
        QVERIFY(!apply->isEnabled());
        // Okta's "cmic.api" is an example for the placeholder, not a scope.
        QCOMPARE(w.window->document()->workspace().registrations.constLast().scope, QString());
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // The App ID typed after the preset fills Entra's scope; an empty Entra scope is a finding whose fix says what
    // to enter.
    void entraScopeFollowsTheAppIdAndIsAFindingWhenEmpty()
    {
        Window w = makeWindow();
        ObjectForm *form = newRegistration(*w.window, false);
        choosePresetWithKeys(*w.window, form, QStringLiteral("entra-v1"));
        QCOMPARE(w.window->document()->workspace().registrations.constLast().scope, QString());
        auto *scope = form->findChild<QLineEdit *>(QStringLiteral("scope"));
        QCOMPARE(scope->placeholderText(), QStringLiteral("api://<App ID>/.default"));
        QTRY_VERIFY(finding(*w.window->document(), QStringLiteral("registration.scope.entra-missing"),
                            QStringLiteral("scope")));
        QVERIFY(
            finding(*w.window->document(), QStringLiteral("registration.scope.entra-missing"), QStringLiteral("scope"))
                ->fix.contains(QLatin1String("api://<App ID>/.default")));
        QTRY_COMPARE(scope->property("cmicFinding").toString(), QStringLiteral("error"));

        typeInto(form, QStringLiteral("appId"), kAppId);
        QCOMPARE(scope->text(), QStringLiteral("api://") + kAppId + QStringLiteral("/.default"));
        QTRY_VERIFY(!finding(*w.window->document(), QStringLiteral("registration.scope.entra-missing"),
                             QStringLiteral("scope")));
        // One undo step takes back the App ID and the scope it filled.
        trigger(*w.window, "actionUndo");
        QCOMPARE(w.window->document()->workspace().registrations.constLast().appId, QString());
        QCOMPARE(scope->text(), QString());
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // Another IdP's URL under a preset (typed by hand) is a finding on that field.
    void anotherIdpsUrlIsAFinding()
    {
        Window w = makeWindow();
        ObjectForm *form = newRegistration(*w.window);
        choosePresetWithKeys(*w.window, form, QStringLiteral("okta"));
        typeInto(form, QStringLiteral("jwksUri"), kMs + QStringLiteral("common/discovery/keys"));
        QTRY_VERIFY(
            finding(*w.window->document(), QStringLiteral("registration.preset.other-idp"), QStringLiteral("jwksUri")));
        const Finding *f =
            finding(*w.window->document(), QStringLiteral("registration.preset.other-idp"), QStringLiteral("jwksUri"));
        QVERIFY(f->message.contains(QLatin1String("Microsoft Entra ID")));
        QVERIFY(f->fix.contains(QLatin1String("Okta")));
        QTRY_COMPARE(form->findChild<QLineEdit *>(QStringLiteral("jwksUri"))->property("cmicFinding").toString(),
                     QStringLiteral("warning"));
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // After New environment / service user / registration the name is focused and selected: typing replaces it.
    void newObjectsNameIsSelectedForTyping_data()
    {
        QTest::addColumn<ObjectKind>("kind");
        QTest::addColumn<QString>("field");
        QTest::newRow("environment") << ObjectKind::Environment << QStringLiteral("name");
        QTest::newRow("serviceUser") << ObjectKind::ServiceUser << QStringLiteral("username");
        QTest::newRow("registration") << ObjectKind::Registration << QStringLiteral("name");
    }

    void newObjectsNameIsSelectedForTyping()
    {
        QFETCH(ObjectKind, kind);
        QFETCH(QString, field);
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.window->showPage(kind);
        trigger(*w.window, "actionAdd");
        auto *name = w.window->form(kind)->findChild<QLineEdit *>(field);
        QVERIFY(name);
        QTRY_COMPARE(QApplication::focusWidget(), name);
        QVERIFY(!name->text().isEmpty());
        QCOMPARE(name->selectedText(), name->text());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Typed"));
        QCOMPARE(name->text(), QStringLiteral("Typed"));
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // Alt+F opens the File menu; the filter has its own mnemonic, Alt+L.
    void altFIsTheFileMenuAndAltLTheFilter()
    {
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        w.window->showPage(ObjectKind::Registration);
        trigger(*w.window, "actionAdd"); // an empty page shows what to create first, not the filter
        auto *filter = w.window->findChild<QLineEdit *>(QStringLiteral("registrationsFilter"));
        if (!filter) { // the page's name prefix
            const auto edits = w.window->findChildren<QLineEdit *>();
            for (QLineEdit *e : edits) {
                if (e->objectName().endsWith(QLatin1String("Filter")) && e->isVisible())
                    filter = e;
            }
        }
        QVERIFY(filter);
        QTest::keyClick(w.window.get(), Qt::Key_L, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget(), filter);
        w.window->menuBar()->setFocus();
        QTest::keyClick(w.window.get(), Qt::Key_F, Qt::AltModifier);
        QMenu *file = nullptr;
        for (QAction *a : w.window->menuBar()->actions()) {
            if (a->menu() && a->text() == MainWindow::tr("&File"))
                file = a->menu();
        }
        QVERIFY(file);
        QTRY_VERIFY(file->isVisible());
        QVERIFY(QApplication::focusWidget() != filter);
        file->close();
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // Delete in the probe list removes the selected endpoint, one undo step that brings exactly it back.
    void deleteRemovesTheSelectedProbeEndpoint()
    {
        Window w = makeWindow();
        w.window->showPage(ObjectKind::Environment);
        trigger(*w.window, "actionAdd");
        ObjectForm *form = w.window->form(ObjectKind::Environment);
        auto *entry = form->findChild<QLineEdit *>(QStringLiteral("probeEndpointEntry"));
        auto *list = form->findChild<QListWidget *>(QStringLiteral("probeEndpointList"));
        QVERIFY(entry && list);
        entry->setFocus();
        QTest::keyClicks(entry, QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1"));
        QTest::keyClick(entry, Qt::Key_Return);
        QTest::keyClicks(entry, QStringLiteral("jc-rest-api/rest/1/jcjob?limit=1"));
        QTest::keyClick(entry, Qt::Key_Return);
        const QStringList both{QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1"),
                               QStringLiteral("jc-rest-api/rest/1/jcjob?limit=1")};
        QCOMPARE(w.window->document()->workspace().environments.constLast().probeEndpoints, both);
        const int steps = w.window->document()->undoStack()->count();

        list->setFocus();
        QTest::keyClick(list, Qt::Key_Home);
        QCOMPARE(list->currentRow(), 0);
        w.prompts->removalAnswers.enqueue({true, false}); // Edit ▸ Preferences' "ask before removing" is on
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(w.window->document()->workspace().environments.constLast().probeEndpoints, QStringList{both.at(1)});
        QCOMPARE(list->count(), 1);
        QCOMPARE(w.window->document()->undoStack()->count(), steps + 1);
        trigger(*w.window, "actionUndo");
        QCOMPARE(w.window->document()->workspace().environments.constLast().probeEndpoints, both);
        QCOMPARE(list->count(), 2);
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // A session-only store (--demo): the window says so; a registration without a stored secret is a finding
    // that goes away once the secret is entered.
    void sessionOnlySecretsAreSaidAndAMissingSecretIsAFinding()
    {
        Window w = makeWindow();
        auto *notice = w.window->findChild<QLabel *>(QStringLiteral("sessionSecretsNotice"));
        QVERIFY(notice);
        QVERIFY(notice->isVisible());
        QCOMPARE(notice->text(), sessionOnlySecretsNotice(w.window->document()->workspace(), false));
        QVERIFY(notice->text().contains(QLatin1String("kept for this session only")));
        QVERIFY(notice->text().contains(QLatin1String("--demo")));

        ObjectForm *form = newRegistration(*w.window);
        const QString regId = w.window->document()->workspace().registrations.constLast().id;
        QTRY_VERIFY(
            finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret")));
        const Finding *f =
            finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret"));
        QCOMPARE(f->subjectId, regId);
        QVERIFY(f->message.contains(QLatin1String("this session only")));

        // The finding leads to the field; the secret typed there is stored, and the finding goes.
        QVERIFY(w.window->jumpToFinding(*f));
        auto *secret = static_cast<RegistrationForm *>(form)->secretField()->lineEdit();
        QTRY_COMPARE(QApplication::focusWidget(), secret);
        QTest::keyClicks(secret, QStringLiteral("s3cret-value"));
        QTest::keyClick(secret, Qt::Key_Return);
        QTRY_VERIFY(w.secrets->contains(
            credentialKey(w.window->document()->workspace().id, regId, CredentialKind::ClientSecret)));
        QTRY_VERIFY(
            !finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret")));
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }
    // --demo, a workspace made from scratch: the secret typed is kept for the session only. After a restart (a new
    // window over a new session store) the workspace opens with a "No client secret is stored" finding on the
    // Client secret field, and the notice says how to keep secrets.
    void sessionOnlySecretIsMissingAfterARestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("scratch.cmic-oauth.json"));
        QString regId;
        {
            Window w = makeWindow();
            ObjectForm *form = newRegistration(*w.window);
            regId = w.window->document()->workspace().registrations.constLast().id;
            auto *secret = static_cast<RegistrationForm *>(form)->secretField()->lineEdit();
            secret->setFocus();
            QTest::keyClicks(secret, QStringLiteral("s3cret-value"));
            QTest::keyClick(secret, Qt::Key_Return);
            const QString key =
                credentialKey(w.window->document()->workspace().id, regId, CredentialKind::ClientSecret);
            QTRY_VERIFY(w.secrets->contains(key));
            QTRY_VERIFY(
                !finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret")));
            w.prompts->saveNames.enqueue(path);
            QApplication::setActiveWindow(w.window.get());
            QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
            QTest::keySequence(w.window.get(), QKeySequence::Save);
            QTRY_VERIFY(QFile::exists(path));
            QCOMPARE(w.prompts->unexpected, 0);
        } // the console quits: the session's store goes with it

        Window w = makeWindow();
        QCOMPARE(w.secrets->count(), 0);
        w.prompts->openNames.enqueue(path);
        QApplication::setActiveWindow(w.window.get());
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QTest::keySequence(w.window.get(), QKeySequence::Open);
        QTRY_COMPARE(w.window->document()->filePath(), path);
        QTRY_VERIFY(
            finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret")));
        const Finding *f =
            finding(*w.window->document(), QStringLiteral("credential.missing"), QStringLiteral("clientSecret"));
        QCOMPARE(f->subjectId, regId);
        QVERIFY2(f->message.startsWith(QLatin1String("No client secret is stored")), qPrintable(f->message));
        QVERIFY2(f->message.contains(QLatin1String("this session only")), qPrintable(f->message));
        auto *notice = w.window->findChild<QLabel *>(QStringLiteral("sessionSecretsNotice"));
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QLatin1String("After a restart, enter them again")),
                 qPrintable(notice->text()));
        QCOMPARE(w.prompts->unexpected, 0);
    }

    // The reveal toggle is clicked on one registration's secret; selecting another registration in the table, and
    // opening another workspace, show the next secret hidden again.
    void revealToggleAnswersTheKeyboardInTheField()
    {
        // The eye button takes no focus, so from the keyboard the field itself shows and hides the secret.
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        Workspace ws;
        ws.id = Workspace::newId();
        AppRegistration reg;
        reg.id = Workspace::newId();
        reg.name = QStringLiteral("Payroll");
        ws.registrations << reg;
        w.window->document()->reset(ws, QString());
        w.window->showPage(ObjectKind::Registration);
        QVERIFY(w.window->selectObject(ObjectKind::Registration, reg.id));
        SecretField *field = static_cast<RegistrationForm *>(w.window->form(ObjectKind::Registration))->secretField();
        auto *toggle = field->findChild<QAction *>(QStringLiteral("showClientSecret"));
        QVERIFY(toggle);
        QVERIFY2(toggle->toolTip().contains(toggle->shortcut().toString(QKeySequence::NativeText)),
                 qPrintable(toggle->toolTip()));
        QVERIFY(!toggle->shortcut().isEmpty());
        field->lineEdit()->setFocus();
        QTRY_VERIFY(field->lineEdit()->hasFocus());
        QTest::keyClicks(field->lineEdit(), QStringLiteral("typed-secret"));
        QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Password);
        QTest::keySequence(field->lineEdit(), toggle->shortcut());
        QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Normal);
        QCOMPARE(field->lineEdit()->text(), QStringLiteral("typed-secret")); // the shortcut typed nothing
        QTest::keySequence(field->lineEdit(), toggle->shortcut());
        QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Password);
        // Elsewhere the same keys do not reveal it.
        w.window->findChild<QLineEdit *>(QStringLiteral("registrationFilter"))->setFocus();
        QTest::keySequence(QApplication::focusWidget(), toggle->shortcut());
        QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Password);
    }

    void revealToggleIsOffForTheNextRegistrationAndWorkspace()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        const auto workspaceWith = [](const QStringList &names) {
            Workspace ws;
            ws.id = Workspace::newId();
            for (const QString &name : names) {
                AppRegistration reg;
                reg.id = Workspace::newId();
                reg.name = name;
                ws.registrations << reg;
            }
            return ws;
        };
        const Workspace first = workspaceWith({QStringLiteral("Payroll"), QStringLiteral("Archive")});
        const Workspace second = workspaceWith({QStringLiteral("Other payroll")});
        for (const Workspace &ws : {first, second}) {
            for (const AppRegistration &reg : ws.registrations) {
                QSignalSpy written(w.secrets->write(credentialKey(ws.id, reg.id, CredentialKind::ClientSecret),
                                                    QString(QStringLiteral("secret-of-") + reg.name)),
                                   &SecretRequest::finished);
                QVERIFY(written.wait());
            }
        }
        const QString firstPath = dir.filePath(QStringLiteral("first.cmic-oauth.json"));
        const QString secondPath = dir.filePath(QStringLiteral("second.cmic-oauth.json"));
        QVERIFY(WorkspaceFile().save(firstPath, first, true).ok());
        QVERIFY(WorkspaceFile().save(secondPath, second, true).ok());
        QVERIFY(w.window->openFile(firstPath));
        w.window->showPage(ObjectKind::Registration);

        const auto clickRow = [&w](const QString &id) {
            QTableView *table = w.window->table(ObjectKind::Registration);
            for (int r = 0; r < table->model()->rowCount(); ++r) {
                const QModelIndex cell = table->model()->index(r, 0);
                if (cell.data(ObjectTableModel::IdRole).toString() == id) {
                    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
                    return;
                }
            }
            QFAIL(qPrintable(QStringLiteral("no row for %1").arg(id)));
        };
        const auto secretField = [&w] {
            return static_cast<RegistrationForm *>(w.window->form(ObjectKind::Registration))->secretField();
        };
        // Clicks the eye button at the end of the secret field, as the admin would.
        const auto clickReveal = [&] {
            SecretField *field = secretField();
            auto *toggle = field->findChild<QAction *>(QStringLiteral("showClientSecret"));
            QVERIFY(toggle);
            QToolButton *button = nullptr;
            for (auto *candidate : field->lineEdit()->findChildren<QToolButton *>())
                if (candidate->defaultAction() == toggle)
                    button = candidate;
            QVERIFY(button && button->isVisible());
            QTest::mouseClick(button, Qt::LeftButton);
        };

        clickRow(first.registrations.at(0).id);
        QCOMPARE(w.window->form(ObjectKind::Registration)->currentId(), first.registrations.at(0).id);
        QTRY_COMPARE(secretField()->state(), SecretField::State::Stored);
        QCOMPARE(secretField()->lineEdit()->echoMode(), QLineEdit::Password);
        clickReveal();
        QCOMPARE(secretField()->lineEdit()->echoMode(), QLineEdit::Normal);

        clickRow(first.registrations.at(1).id);
        QCOMPARE(w.window->form(ObjectKind::Registration)->currentId(), first.registrations.at(1).id);
        QTRY_COMPARE(secretField()->state(), SecretField::State::Stored);
        QCOMPARE(secretField()->lineEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!secretField()->findChild<QAction *>(QStringLiteral("showClientSecret"))->isChecked());
        clickReveal();
        QCOMPARE(secretField()->lineEdit()->echoMode(), QLineEdit::Normal);

        // File ▸ Open another workspace: its registration's secret starts hidden.
        w.prompts->openNames.enqueue(secondPath);
        QApplication::setActiveWindow(w.window.get());
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QTest::keySequence(w.window.get(), QKeySequence::Open);
        QTRY_COMPARE(w.window->document()->filePath(), secondPath);
        clickRow(second.registrations.at(0).id);
        QCOMPARE(w.window->form(ObjectKind::Registration)->currentId(), second.registrations.at(0).id);
        QTRY_COMPARE(secretField()->state(), SecretField::State::Stored);
        QCOMPARE(secretField()->lineEdit()->echoMode(), QLineEdit::Password);
        QCOMPARE(w.prompts->unexpected, 0);
    }
};

QTEST_MAIN(tst_RegistrationForm)
#include "tst_registrationform.moc"
