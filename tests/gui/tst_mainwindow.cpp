// The main window driven like a user: objects created by typing into the forms, findings appearing and
// disappearing, undo, save, reopen and compare; unsaved-changes, open-error and changed-on-disk handling; findings
// jump to their field; every interactive widget is named for tests and screen readers.
#include "GuiTestKit.h"
#include "TestCertificates.h"

#include "core/net/Certificate.h"
#include "core/net/JwtSigner.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectTableModels.h"
#include "gui/PrivateKeyField.h"
#include "gui/SecretField.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFontMetrics>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <sys/stat.h>

using namespace cmic;
using namespace cmic::test;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC)};
    MemorySecretStore m_secrets;
    QTemporaryDir m_dir;

    struct Window
    {
        std::unique_ptr<MainWindow> window;
        ScriptedPrompts *prompts = nullptr;
    };

    Window makeWindow()
    {
        Window w;
        w.window = std::make_unique<MainWindow>(&m_secrets, &m_clock);
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

    static bool hasFinding(const WorkspaceDocument &doc, const QString &code)
    {
        for (const Finding &f : doc.findings()) {
            if (f.code == code)
                return true;
        }
        return false;
    }

    static QString mark(QWidget *w) { return w->property("cmicFinding").toString(); }

    // Builds the small workspace of the typing test; returns false through QTest macros on failure.
    void typeWorkspace(MainWindow &w)
    {
        w.showPage(ObjectKind::Environment);
        trigger(w, "actionAdd");
        ObjectForm *env = w.form(ObjectKind::Environment);
        QVERIFY(typeInto(env, QStringLiteral("name"), QStringLiteral("Production")));
        QVERIFY(typeInto(env, QStringLiteral("apiBaseUrl"), QStringLiteral("https://cmic.example.com/cmicprod")));
        auto *deployment = env->findChild<QComboBox *>(QStringLiteral("deployment"));
        QVERIFY(deployment);
        QCOMPARE(deployment->currentData().toString(), QStringLiteral("enterprise"));
        auto *userSource = env->findChild<QComboBox *>(QStringLiteral("userSource"));
        userSource->setFocus();
        QTest::keyClick(userSource, Qt::Key_Down); // "set on registration (later patches)"
        QVERIFY(w.document()->workspace().environments.at(0).userSource == UserSource::Registration);

        w.showPage(ObjectKind::ServiceUser);
        trigger(w, "actionAdd");
        ObjectForm *user = w.form(ObjectKind::ServiceUser);
        QVERIFY(typeInto(user, QStringLiteral("username"), QStringLiteral("SVC_API")));
        QVERIFY(typeInto(user, QStringLiteral("displayName"), QStringLiteral("API service user")));
        auto *dedicated = user->findChild<QCheckBox *>(QStringLiteral("dedicatedConfirmed"));
        QVERIFY(dedicated);
        dedicated->setFocus();
        QTest::keyClick(dedicated, Qt::Key_Space);
        QVERIFY(w.document()->workspace().serviceUsers.at(0).dedicatedConfirmed);

        w.showPage(ObjectKind::Registration);
        trigger(w, "actionAdd");
        ObjectForm *reg = w.form(ObjectKind::Registration);
        QVERIFY(typeInto(reg, QStringLiteral("name"), QStringLiteral("Payroll sync")));
        QVERIFY(typeInto(reg, QStringLiteral("appId"), QStringLiteral("0oa1payroll")));
        QVERIFY(
            typeInto(reg, QStringLiteral("jwksUri"), QStringLiteral("https://idp.example.com/oauth2/default/v1/keys")));
        QVERIFY(typeInto(reg, QStringLiteral("tokenEndpoint"),
                         QStringLiteral("https://idp.example.com/oauth2/default/v1/token")));
        QVERIFY(typeInto(reg, QStringLiteral("scope"), QStringLiteral("cmic.api")));
        QVERIFY(typeInto(reg, QStringLiteral("audience"), QStringLiteral("api://cmic")));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings().clear();
    }

    // Issue 12, item 2: the wheel over an unfocused combo box of the registration form (client authentication)
    // changes nothing, adds no undo entry and scrolls the form instead.
    void wheelOverAnUnfocusedComboScrollsTheForm()
    {
        Window w = makeWindow();
        MainWindow &mw = *w.window;
        mw.resize(1024, 500);
        mw.showPage(ObjectKind::Registration);
        trigger(mw, "actionAdd");
        ObjectForm *reg = mw.form(ObjectKind::Registration);
        auto *auth = reg->findChild<QComboBox *>(QStringLiteral("authMethod"));
        QVERIFY(auth);
        QScrollArea *scroll = nullptr;
        for (QWidget *p = reg->parentWidget(); p && !scroll; p = p->parentWidget())
            scroll = qobject_cast<QScrollArea *>(p);
        QVERIFY(scroll);
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
        scroll->verticalScrollBar()->setValue(0);
        auto *name = reg->findChild<QLineEdit *>(QStringLiteral("name"));
        name->setFocus();
        QTRY_VERIFY(name->hasFocus());
        WorkspaceDocument *doc = mw.document();
        const int steps = doc->undoStack()->count();
        const int index = auth->currentIndex();
        const QString method = auth->currentData().toString();
        for (const int delta : {-120, -120, 120, -120}) {
            const QPointF at(5, 5);
            QWheelEvent wheel(at, auth->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            // As from the mouse (QTest does the same for its mouse events): QApplication passes an ignored wheel
            // event on to the parents only when it is spontaneous, and sendEvent() would clear that.
            QSpontaneKeyEvent::setSpontaneous(&wheel);
            qApp->notify(auth, &wheel);
        }
        QCOMPARE(auth->currentIndex(), index);
        QCOMPARE(auth->currentData().toString(), method);
        QCOMPARE(doc->undoStack()->count(), steps);
        QVERIFY(scroll->verticalScrollBar()->value() > 0);
        // Every combo box, spin box and date edit of the forms is guarded the same way.
        for (ObjectKind kind : {ObjectKind::Environment, ObjectKind::ServiceUser, ObjectKind::Registration}) {
            ObjectForm *form = mw.form(kind);
            for (auto *combo : form->findChildren<QComboBox *>())
                QVERIFY2(combo->focusPolicy() != Qt::WheelFocus, qPrintable(combo->objectName()));
            for (auto *spin : form->findChildren<QAbstractSpinBox *>())
                QVERIFY2(spin->focusPolicy() != Qt::WheelFocus, qPrintable(spin->objectName()));
        }
        QCOMPARE(w.prompts->unexpected, 0);
    }

    // The environment's CMiC patch level (issue 10, item 5): a combo through the model's undo path, offering
    // Unknown, 18 or earlier, 19-22 and 23 or later; the wheel does not change it while the form scrolls.
    void patchLevelComboGoesThroughUndoAndIgnoresTheWheel()
    {
        Window w = makeWindow();
        MainWindow &mw = *w.window;
        mw.showPage(ObjectKind::Environment);
        trigger(mw, "actionAdd");
        ObjectForm *env = mw.form(ObjectKind::Environment);
        auto *patch = env->findChild<QComboBox *>(QStringLiteral("patchLevel"));
        QVERIFY(patch);
        QCOMPARE(patch->count(), 7);
        QCOMPARE(patch->itemText(0), QStringLiteral("Unknown"));
        QCOMPARE(patch->itemData(1).toString(), QStringLiteral("18"));
        QCOMPARE(patch->itemData(6).toString(), QStringLiteral("23"));
        QCOMPARE(patch->currentData().toString(), QStringLiteral("0"));
        QCOMPARE(patch->focusPolicy(), Qt::StrongFocus);
        WorkspaceDocument *doc = mw.document();

        auto *name = env->findChild<QLineEdit *>(QStringLiteral("name"));
        name->setFocus();
        QTRY_VERIFY(name->hasFocus());
        const QPointF at(5, 5);
        QWheelEvent wheel(at, patch->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(patch, &wheel);
        QCOMPARE(patch->currentIndex(), 0);
        QCOMPARE(doc->workspace().environments.at(0).patchLevel, 0);

        const int steps = doc->undoStack()->count();
        patch->setFocus();
        QTest::keyClick(patch, Qt::Key_Down);
        QCOMPARE(doc->workspace().environments.at(0).patchLevel, 18);
        QCOMPARE(doc->undoStack()->count(), steps + 1);
        QVERIFY2(doc->undoStack()->undoText().contains(QLatin1String("Patch level")),
                 qPrintable(doc->undoStack()->undoText()));
        trigger(mw, "actionUndo");
        QCOMPARE(doc->workspace().environments.at(0).patchLevel, 0);
        QCOMPARE(patch->currentData().toString(), QStringLiteral("0"));
        trigger(mw, "actionRedo");
        QCOMPARE(patch->currentData().toString(), QStringLiteral("18"));
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void createsObjectsByTypingSeesFindingsUndoesSavesAndReopens()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        if (QTest::currentTestFailed())
            return;
        WorkspaceDocument *doc = w.window->document();
        const Workspace &ws = doc->workspace();
        QCOMPARE(ws.environments.size(), 1);
        QCOMPARE(ws.serviceUsers.size(), 1);
        QCOMPARE(ws.registrations.size(), 1);
        const AppRegistration &r = ws.registrations.at(0);
        QCOMPARE(r.name, QStringLiteral("Payroll sync"));
        QCOMPARE(r.environmentId, ws.environments.at(0).id); // the only environment is chosen for a new registration
        QCOMPARE(r.serviceUserId, ws.serviceUsers.at(0).id);

        // A plain-http issuer is an error, shown in the findings dock and on the field; fixing it clears both.
        ObjectForm *reg = w.window->form(ObjectKind::Registration);
        QLineEdit *issuer =
            typeInto(reg, QStringLiteral("issuer"), QStringLiteral("http://idp.example.com/oauth2/default"));
        QVERIFY(issuer);
        QVERIFY(hasFinding(*doc, QStringLiteral("url.not-https")));
        // The dock and the field marks follow once the findings are published (next event loop turn).
        QTRY_VERIFY(issuer->toolTip().contains(QLatin1String("does not use https")));
        QCOMPARE(mark(issuer), QStringLiteral("error"));
        for (const Finding &f : doc->findings()) {
            if (f.field == QLatin1String("issuer") && f.severity == Severity::Error)
                QVERIFY2(issuer->toolTip().contains(f.message), qPrintable(issuer->toolTip()));
        }
        FindingsModel *findings = w.window->findingsModel();
        QTRY_VERIFY(findings->count(Severity::Error) > 0);
        int issuerRow = -1;
        for (int i = 0; i < findings->rowCount(); ++i) {
            if (findings->finding(i).field == QLatin1String("issuer"))
                issuerRow = i;
        }
        QVERIFY(issuerRow >= 0);

        typeInto(reg, QStringLiteral("issuer"), QStringLiteral("https://idp.example.com/oauth2/default"));
        QVERIFY(!hasFinding(*doc, QStringLiteral("url.not-https")));
        QTRY_COMPARE(mark(issuer), QString());
        QVERIFY(!issuer->toolTip().contains(QLatin1String("does not use https")));
        for (const Finding &f : doc->findings())
            QVERIFY2(!(f.field == QLatin1String("issuer") && f.severity == Severity::Error), qPrintable(f.message));
        QCOMPARE(doc->workspace().registrations.at(0).issuer, QStringLiteral("https://idp.example.com/oauth2/default"));

        // Everything typed into the issuer since the last other field is one merged undo step: undo empties it (and
        // the "issuer missing" error comes back), redo restores the https issuer.
        QUndoStack *stack = doc->undoStack();
        const int steps = stack->count();
        QVERIFY(stack->undoText().contains(QLatin1String("Issuer")));
        trigger(*w.window, "actionUndo");
        QCOMPARE(doc->workspace().registrations.at(0).issuer, QString());
        QCOMPARE(issuer->text(), QString());
        QVERIFY(hasFinding(*doc, QStringLiteral("registration.issuer.missing")));
        QTRY_COMPARE(mark(issuer), QStringLiteral("error"));
        trigger(*w.window, "actionRedo");
        QCOMPARE(issuer->text(), QStringLiteral("https://idp.example.com/oauth2/default"));
        QCOMPARE(stack->count(), steps);

        // Undo the last field typed (the issuer), then type it again; the document stays modified.
        QVERIFY(doc->isModified());
        QVERIFY(w.window->windowTitle().contains(QLatin1String("Untitled")));

        const QString path = m_dir.filePath(QStringLiteral("typed.cmic-oauth.json"));
        w.prompts->saveNames.enqueue(path);
        trigger(*w.window, "actionSave");
        QVERIFY(QFile::exists(path));
        QVERIFY(!doc->isModified());
        QVERIFY(!w.window->isWindowModified());
        QVERIFY(w.window->windowTitle().contains(QLatin1String("typed.cmic-oauth.json")));
        QVERIFY(w.window->recentFiles().contains(QFileInfo(path).absoluteFilePath()));

        Window second = makeWindow();
        QVERIFY(second.window->openFile(path));
        QCOMPARE(second.window->document()->workspace(), doc->workspace());
        QCOMPARE(
            second.window->form(ObjectKind::Registration)->findChild<QLineEdit *>(QStringLiteral("issuer"))->text(),
            QStringLiteral("https://idp.example.com/oauth2/default"));
        QCOMPARE(w.prompts->unexpected + second.prompts->unexpected, 0);
    }

    void presetFillsUrlsAsOneUndoStep()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        if (QTest::currentTestFailed())
            return;
        ObjectForm *reg = w.window->form(ObjectKind::Registration);
        auto *preset = reg->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        QVERIFY(preset);
        const int entra = preset->findData(QStringLiteral("entra-v1"));
        QVERIFY(entra > 0);
        preset->setCurrentIndex(entra);
        emit preset->activated(entra);
        QLineEdit *tenant = reg->findChild<QLineEdit *>(QStringLiteral("presetParameter_tenant"));
        QVERIFY(tenant);
        const int before = w.window->document()->undoStack()->count();
        QTest::keyClicks(tenant, QStringLiteral("3f2504e0-4f89-41d3-9a0c-0305e82c3301"));
        const AppRegistration &r = w.window->document()->workspace().registrations.at(0);
        QCOMPARE(r.issuer, QStringLiteral("https://sts.windows.net/3f2504e0-4f89-41d3-9a0c-0305e82c3301/"));
        QCOMPARE(reg->findChild<QLineEdit *>(QStringLiteral("issuer"))->text(), r.issuer);
        QVERIFY(r.tokenEndpoint.contains(QLatin1String("3f2504e0-4f89-41d3-9a0c-0305e82c3301")));
        // The switch is a step of its own; the tenant typed after it is one more (all its keys merged).
        QCOMPARE(w.window->document()->undoStack()->count(), before + 1);
        auto *claim = reg->findChild<QLabel *>(QStringLiteral("appIdClaim"));
        QVERIFY(claim && claim->text().startsWith(QLatin1String("appid")));
        trigger(*w.window, "actionUndo");
        QCOMPARE(w.window->document()->workspace().registrations.at(0).idpPreset, QStringLiteral("entra-v1"));
        QVERIFY(w.window->document()->workspace().registrations.at(0).presetParameters.isEmpty());
        trigger(*w.window, "actionUndo");
        QCOMPARE(w.window->document()->workspace().registrations.at(0).idpPreset, QString());
        QCOMPARE(w.window->document()->workspace().registrations.at(0).issuer, QString());
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    void findingClickSelectsSubjectAndFocusesField()
    {
        Window w = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
        QVERIFY(w.window->loadDemo());
        QTRY_VERIFY(w.window->findingsModel()->rowCount() > 0);
        int row = -1;
        for (int i = 0; i < w.window->findingsModel()->rowCount(); ++i) {
            if (w.window->findingsModel()->finding(i).code == QLatin1String("issuer.entra-v2"))
                row = i;
        }
        QVERIFY2(row >= 0, "the demo workspace keeps one deliberate finding (Entra v2 issuer)");
        const Finding f = w.window->findingsModel()->finding(row);
        w.window->showPage(ObjectKind::Environment);
        auto *view = w.window->findChild<QTableView *>(QStringLiteral("findingsView"));
        QVERIFY(view);
        const QRect cell = view->visualRect(w.window->findingsModel()->index(row, FindingsModel::MessageColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(w.window->currentKind(), ObjectKind::Registration);
        QCOMPARE(w.window->form(ObjectKind::Registration)->currentId(), f.subjectId);
        QWidget *issuer = w.window->form(ObjectKind::Registration)->findChild<QWidget *>(QStringLiteral("issuer"));
        QTRY_COMPARE(QApplication::focusWidget(), issuer);
        QCOMPARE(mark(issuer), QStringLiteral("error"));
        // The demo is untitled: saving asks for a path.
        QVERIFY(w.window->document()->filePath().isEmpty());
    }

    void filterBoxFiltersVisibleColumnsCaseInsensitively()
    {
        Window w = makeWindow();
        QVERIFY(w.window->loadDemo());
        auto *filter = w.window->findChild<QLineEdit *>(QStringLiteral("registrationFilter"));
        QVERIFY(filter);
        QTableView *table = w.window->table(ObjectKind::Registration);
        QCOMPARE(table->model()->rowCount(), 3);
        QTest::keyClicks(filter, QStringLiteral("OKTA"));
        QCOMPARE(table->model()->rowCount(), 1);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("acme cloud")); // the environment's name (a visible column)
        QCOMPARE(table->model()->rowCount(), 2);
        filter->clear();
        QCOMPARE(table->model()->rowCount(), 3);
    }

    void tableColumnsFitTheirTextOnceLoaded()
    {
        Window w = makeWindow();
        QVERIFY(w.window->loadDemo());
        QTableView *table = w.window->table(ObjectKind::Registration);
        const QFontMetrics metrics(table->font());
        // The name column is wide enough for the longest demo name (up to its cap), not the old fixed 150 px that cut
        // "Job cost sync (Keycloak sandbox)".
        int widest = 0;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            widest = qMax(widest, metrics.horizontalAdvance(table->model()->index(row, 0).data().toString()));
        QVERIFY(widest > 150);
        QVERIFY2(table->columnWidth(0) >= qMin(widest, 300 - 12),
                 qPrintable(QStringLiteral("name column %1 px for text %2 px").arg(table->columnWidth(0)).arg(widest)));
        QVERIFY(table->columnWidth(0) <= 300);
        // Widths the user sets survive later changes to the rows.
        table->setColumnWidth(0, 123);
        w.window->addObject();
        QCOMPARE(table->columnWidth(0), 123);
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    void startupBuildsOnlyTheVisiblePageAndOthersSelectTheirFirstRowWhenShown()
    {
        Window w = makeWindow();
        QCOMPARE(w.window->currentKind(), ObjectKind::Registration);
        QVERIFY(w.window->findChild<QTableView *>(QStringLiteral("registrationTable")));
        QVERIFY(!w.window->findChild<QTableView *>(QStringLiteral("environmentTable")));
        QVERIFY(!w.window->findChild<QTableView *>(QStringLiteral("serviceUserTable")));
        QVERIFY(w.window->loadDemo());
        QVERIFY(!w.window->findChild<QTableView *>(QStringLiteral("environmentTable")));
        w.window->showPage(ObjectKind::Environment);
        QTableView *table = w.window->findChild<QTableView *>(QStringLiteral("environmentTable"));
        QVERIFY(table);
        QCOMPARE(table, w.window->table(ObjectKind::Environment));
        QVERIFY(table->isVisible());
        QCOMPARE(table->currentIndex().row(), 0);
        QCOMPARE(w.window->form(ObjectKind::Environment)->currentRow(), 0);
    }

    void filterClearButtonAppearsWithText()
    {
        Window w = makeWindow();
        auto *filter = w.window->findChild<QLineEdit *>(QStringLiteral("registrationFilter"));
        QVERIFY(filter);
        QVERIFY(!filter->isClearButtonEnabled()); // nothing to clear: its icon is not even created at startup
        QTest::keyClicks(filter, QStringLiteral("x"));
        QVERIFY(filter->isClearButtonEnabled());
    }

    void unsavedChangesPromptCanCancelDiscardOrSave()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        if (QTest::currentTestFailed())
            return;
        const Workspace typed = w.window->document()->workspace();
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Cancel);
        QVERIFY(!w.window->newDocument());
        QCOMPARE(w.window->document()->workspace(), typed);

        const QString path = m_dir.filePath(QStringLiteral("prompt.cmic-oauth.json"));
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Save);
        w.prompts->saveNames.enqueue(path);
        QVERIFY(w.window->newDocument());
        QVERIFY(QFile::exists(path));
        QVERIFY(w.window->document()->workspace().registrations.isEmpty());

        typeWorkspace(*w.window);
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
        QVERIFY(w.window->close());
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void openErrorKeepsTheCurrentDocument()
    {
        Window w = makeWindow();
        QVERIFY(w.window->loadDemo());
        const Workspace demo = w.window->document()->workspace();
        const QString broken = m_dir.filePath(QStringLiteral("broken.cmic-oauth.json"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"cmic-oauth-workspace\", \"version\": 1, \"environments\": [");
        f.close();
        QVERIFY(!w.window->openFile(broken));
        QCOMPARE(w.prompts->errors.size(), 1);
        QVERIFY(!w.prompts->errors.constFirst().isEmpty());
        QCOMPARE(w.window->document()->workspace(), demo);
        QVERIFY(w.window->document()->filePath().isEmpty());
    }

    void changedOnDiskOffersOverwrite()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        const QString path = m_dir.filePath(QStringLiteral("disk.cmic-oauth.json"));
        w.prompts->saveNames.enqueue(path);
        QVERIFY(w.window->save());
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write("\n");
        }
        typeInto(w.window->form(ObjectKind::Registration), QStringLiteral("name"), QStringLiteral("Renamed"));
        w.prompts->diskChoices.enqueue(UserPrompts::DiskChoice::Cancel);
        QVERIFY(!w.window->save());
        QVERIFY(w.window->document()->isModified());
        w.prompts->diskChoices.enqueue(UserPrompts::DiskChoice::Overwrite);
        QVERIFY(w.window->save());
        Workspace reread;
        QVERIFY(WorkspaceFile().open(path, &reread).ok());
        QCOMPARE(reread.registrations.at(0).name, QStringLiteral("Renamed"));
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void removingARegistrationDeletesItsSecretWhenSaved()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        auto *secret =
            w.window->form(ObjectKind::Registration)->findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"));
        QVERIFY(secret);
        auto *field = w.window->form(ObjectKind::Registration)->findChild<SecretField *>();
        QTRY_COMPARE(field->state(), SecretField::State::NotStored);
        secret->setFocus();
        QTest::keyClicks(secret, QStringLiteral("hunter2-secret"));
        QTest::keyClick(secret, Qt::Key_Return);
        QTRY_COMPARE(field->state(), SecretField::State::Stored);
        QCOMPARE(m_secrets.count(), 1);
        QVERIFY(!w.window->document()->workspace().registrations.at(0).notes.contains(QLatin1String("hunter2")));

        // Removed, then undone: the registration comes back with its secret (nothing was deleted yet).
        w.prompts->removalAnswers.enqueue({true, false}); // "Remove registration …?" Remove
        trigger(*w.window, "actionRemove");
        QVERIFY(w.window->document()->workspace().registrations.isEmpty());
        QVERIFY(w.window->statusBar()->currentMessage().contains(QLatin1String("until you save")));
        QCoreApplication::processEvents();
        QCOMPARE(m_secrets.count(), 1);
        trigger(*w.window, "actionUndo");
        QCOMPARE(w.window->document()->workspace().registrations.size(), 1);
        QVERIFY(
            w.window->selectObject(ObjectKind::Registration, w.window->document()->workspace().registrations.at(0).id));
        QTRY_COMPARE(field->state(), SecretField::State::Stored);
        QCOMPARE(secret->text(), QStringLiteral("hunter2-secret"));

        // Removed and saved: now the secret leaves the store.
        w.prompts->removalAnswers.enqueue({true, false}); // "Remove registration …?" Remove
        trigger(*w.window, "actionRemove");
        w.prompts->saveNames.enqueue(m_dir.filePath(QStringLiteral("removed.cmic-oauth.json")));
        trigger(*w.window, "actionSave");
        QVERIFY(!w.window->document()->isModified());
        QTRY_COMPARE(m_secrets.count(), 0);
        // Undo after the save brings the registration back; its secret is gone, and the window and form say so.
        trigger(*w.window, "actionUndo");
        QVERIFY(w.window->statusBar()->currentMessage().contains(QLatin1String("enter it again")));
        QVERIFY(
            w.window->selectObject(ObjectKind::Registration, w.window->document()->workspace().registrations.at(0).id));
        QTRY_COMPARE(field->state(), SecretField::State::NotStored);
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    void assertionFieldsEditThroughTheModelAndUndo()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        if (QTest::currentTestFailed())
            return;
        ObjectForm *reg = w.window->form(ObjectKind::Registration);
        auto *method = reg->findChild<QComboBox *>(QStringLiteral("authMethod"));
        auto *algorithm = reg->findChild<QComboBox *>(QStringLiteral("assertionAlgorithm"));
        auto *keyId = reg->findChild<QLineEdit *>(QStringLiteral("assertionKeyId"));
        auto *certificate = reg->findChild<QPlainTextEdit *>(QStringLiteral("assertionCertificate"));
        auto *thumbprint = reg->findChild<QComboBox *>(QStringLiteral("assertionThumbprint"));
        auto *summary = reg->findChild<QLabel *>(QStringLiteral("assertionCertificateSummary"));
        QVERIFY(method && algorithm && keyId && certificate && thumbprint && summary);
        QVERIFY(!thumbprint->isVisibleTo(reg)); // client_secret_basic: no assertion
        method->setFocus();
        QTest::keyClick(method, Qt::Key_Down);
        QTest::keyClick(method, Qt::Key_Down);
        QVERIFY(thumbprint->isVisibleTo(reg) && algorithm->isVisibleTo(reg) && certificate->isVisibleTo(reg));
        const auto current = [&w] { return w.window->document()->workspace().registrations.at(0); };

        const int ps256 = algorithm->findData(QStringLiteral("PS256"));
        QVERIFY(ps256 > 0);
        algorithm->setCurrentIndex(ps256);
        emit algorithm->activated(ps256);
        QCOMPARE(current().assertionAlgorithm, QStringLiteral("PS256"));
        QTest::keyClicks(keyId, QStringLiteral("k1"));
        QCOMPARE(current().assertionKeyId, QStringLiteral("k1"));
        const int s256 = thumbprint->findData(QStringLiteral("x5t#S256"));
        thumbprint->setCurrentIndex(s256);
        emit thumbprint->activated(s256);
        QVERIFY(current().assertionThumbprint == AssertionThumbprint::X5tS256);

        const net::JwtSigner key = net::JwtSigner::generateRsa(2048);
        // Valid from a day before the window's clock to 20 days after it: "expiring" for the rules.
        const long offset = long(QDateTime::currentDateTimeUtc().secsTo(m_clock.now()));
        const QByteArray pem = cmic::test::selfSignedCertificate(key.pkey(), offset - 86400L, offset + 20L * 86400);
        certificate->setPlainText(QString::fromLatin1(pem));
        QCOMPARE(current().assertionCertificate, QString::fromLatin1(pem));
        QVERIFY2(summary->text().contains(QLatin1String("CN=cmic-test-client")), qPrintable(summary->text()));
        QVERIFY(summary->text().contains(QLatin1String("x5t#S256")));
        // The expiring certificate is a finding of the registration, marked on the certificate field.
        QTRY_VERIFY(
            std::any_of(w.window->document()->findings().cbegin(), w.window->document()->findings().cend(),
                        [](const Finding &f) { return f.code == QLatin1String("assertion.certificate-expiring"); }));

        // Undo walks back through the same stack as every other field.
        trigger(*w.window, "actionUndo");
        QVERIFY(current().assertionCertificate.isEmpty());
        QVERIFY(summary->text().isEmpty());
        trigger(*w.window, "actionUndo");
        QVERIFY(current().assertionThumbprint == AssertionThumbprint::None);
        QCOMPARE(thumbprint->currentData().toString(), QStringLiteral("none"));
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    // The certificate file button: a PEM certificate, then a PKCS#12 file whose key goes to the store and whose
    // certificate to the registration; a wrong password, a cancelled prompt and a named pipe change nothing.
    void certificateFileImportsPemAndPkcs12()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        if (QTest::currentTestFailed())
            return;
        auto *reg = qobject_cast<RegistrationForm *>(w.window->form(ObjectKind::Registration));
        QVERIFY(reg);
        auto *method = reg->findChild<QComboBox *>(QStringLiteral("authMethod"));
        auto *button = reg->findChild<QPushButton *>(QStringLiteral("importCertificate"));
        auto *summary = reg->findChild<QLabel *>(QStringLiteral("assertionCertificateSummary"));
        auto *keyField = reg->findChild<PrivateKeyField *>(QStringLiteral("privateKey"));
        QVERIFY(method && button && summary && keyField);
        method->setFocus();
        QTest::keyClick(method, Qt::Key_Down);
        QTest::keyClick(method, Qt::Key_Down);
        QVERIFY(button->isVisibleTo(reg));
        QTRY_COMPARE(keyField->state(), PrivateKeyField::State::NotStored);
        const auto current = [&w] { return w.window->document()->workspace().registrations.at(0); };

        const net::JwtSigner pemKey = net::JwtSigner::generateEc();
        const QByteArray pem = cmic::test::selfSignedCertificate(pemKey.pkey(), -3600, 90L * 86400, "cmic-pem");
        const QString pemPath = m_dir.filePath(QStringLiteral("client.crt"));
        {
            QFile file(pemPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(pem);
        }
        QString picked = pemPath;
        reg->setCertificateFilePicker([&picked](QWidget *) { return picked; });
        int prompts = 0;
        std::optional<QString> password;
        reg->setPasswordPrompt([&](QWidget *, const QString &) {
            ++prompts;
            return password;
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(prompts, 0); // PEM: no password
        QCOMPARE(net::Certificate::fromPem(current().assertionCertificate.toLatin1()).x5tS256(),
                 net::Certificate::fromPem(pem).x5tS256());
        QVERIFY2(summary->text().contains(QLatin1String("CN=cmic-pem")), qPrintable(summary->text()));
        QVERIFY(summary->text().contains(net::Certificate::fromPem(pem).x5t()));
        QCoreApplication::processEvents();
        QCOMPARE(m_secrets.count(), 0); // a PEM certificate brings no key

        const net::JwtSigner key = net::JwtSigner::generateRsa(2048);
        const QByteArray certificate = cmic::test::selfSignedCertificate(key.pkey(), -3600, 365L * 86400, "cmic-pfx");
        const QString pfx = m_dir.filePath(QStringLiteral("client.pfx"));
        {
            QFile file(pfx);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(cmic::test::pkcs12Of(key.pkey(), certificate, "pfx-pass"));
        }
        picked = pfx;
        password = QStringLiteral("wrong");
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(prompts, 1);
        QVERIFY2(summary->text().contains(QLatin1String("password is wrong")), qPrintable(summary->text()));
        QVERIFY(current().assertionCertificate.contains(QString::fromLatin1(pem.left(40)))); // unchanged
        password.reset();                                                                    // cancelled
        QVERIFY(!reg->importCertificateFile(pfx));
        QCoreApplication::processEvents();
        QCOMPARE(m_secrets.count(), 0);

        const QString fifo = m_dir.filePath(QStringLiteral("pipe.p12"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!reg->importCertificateFile(fifo));
        QVERIFY2(summary->text().contains(QLatin1String("FIFO")), qPrintable(summary->text()));

        password = QStringLiteral("pfx-pass");
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(keyField->state(), PrivateKeyField::State::Stored);
        QCOMPARE(m_secrets.count(), 1);
        QCOMPARE(net::Certificate::fromPem(current().assertionCertificate.toLatin1()).x5tS256(),
                 net::Certificate::fromPem(certificate).x5tS256());
        QVERIFY2(summary->text().contains(QLatin1String("CN=cmic-pfx")), qPrintable(summary->text()));
        QVERIFY(keyField->stateText().contains(QLatin1String("RSA")));
        // The key is in the store, not in the workspace or on screen.
        QVERIFY(!current().assertionCertificate.contains(QLatin1String("PRIVATE KEY")));
        for (const QLabel *label : w.window->findChildren<QLabel *>())
            QVERIFY(!label->text().contains(QLatin1String("PRIVATE KEY")));
        // Undo takes the certificate back, like any edit.
        trigger(*w.window, "actionUndo");
        QVERIFY(net::Certificate::fromPem(current().assertionCertificate.toLatin1()).x5tS256()
                != net::Certificate::fromPem(certificate).x5tS256());
        keyField->forget(keyField->key()); // the next test starts with an empty store
        QTRY_COMPARE(m_secrets.count(), 0);
        w.prompts->saveChoices.enqueue(UserPrompts::SaveChoice::Discard);
    }

    void privateKeyJwtRegistrationKeepsItsKeyInTheStore()
    {
        Window w = makeWindow();
        typeWorkspace(*w.window);
        ObjectForm *reg = w.window->form(ObjectKind::Registration);
        auto *method = reg->findChild<QComboBox *>(QStringLiteral("authMethod"));
        auto *keyField = reg->findChild<PrivateKeyField *>(QStringLiteral("privateKey"));
        auto *secretField = reg->findChild<SecretField *>();
        QVERIFY(method && keyField && secretField);
        QVERIFY(secretField->isVisibleTo(reg));
        QVERIFY(!keyField->isVisibleTo(reg));

        method->setFocus();
        QTest::keyClick(method, Qt::Key_Down);
        QTest::keyClick(method, Qt::Key_Down);
        QVERIFY(w.window->document()->workspace().registrations.at(0).authMethod == ClientAuthMethod::PrivateKeyJwt);
        QVERIFY(keyField->isVisibleTo(reg));
        QVERIFY(!secretField->isVisibleTo(reg));
        QTRY_COMPARE(keyField->state(), PrivateKeyField::State::NotStored);
        QVERIFY(!keyField->findChild<QPushButton *>(QStringLiteral("copyPublicJwk"))->isEnabled());

        // A file that is not a usable key: refused with the reason, nothing stored.
        const QString bad = m_dir.filePath(QStringLiteral("short-rsa.pem"));
        {
            EVP_PKEY *rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024));
            BIO *bio = BIO_new(BIO_s_mem());
            PEM_write_bio_PrivateKey(bio, rsa, nullptr, nullptr, 0, nullptr, nullptr);
            char *data = nullptr;
            const long size = BIO_get_mem_data(bio, &data);
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(data, size);
            BIO_free(bio);
            EVP_PKEY_free(rsa);
        }
        QVERIFY(!keyField->importFile(bad));
        QCOMPARE(keyField->state(), PrivateKeyField::State::Failed);
        QVERIFY2(keyField->stateText().contains(QLatin1String("2048")), qPrintable(keyField->stateText()));
        QVERIFY(!keyField->importFile(m_dir.filePath(QStringLiteral("missing.pem"))));
        QVERIFY(keyField->stateText().contains(QLatin1String("could not be read")));
        QCoreApplication::processEvents();
        QCOMPARE(m_secrets.count(), 0);

        // A P-256 key through the Import button (the dialog replaced): stored under the "private-key" entry only.
        const net::JwtSigner key = net::JwtSigner::generateEc();
        const QString good = m_dir.filePath(QStringLiteral("client.pem"));
        {
            QFile file(good);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(key.privateKeyPem());
        }
        keyField->setFilePicker([good](QWidget *) { return good; });
        QTest::mouseClick(keyField->findChild<QPushButton *>(QStringLiteral("importPrivateKey")), Qt::LeftButton);
        QTRY_COMPARE(keyField->state(), PrivateKeyField::State::Stored);
        QCOMPARE(m_secrets.count(), 1);
        const QString registrationId = w.window->document()->workspace().registrations.at(0).id;
        QCOMPARE(keyField->key(),
                 SecretStore::key(w.window->document()->workspace().id, registrationId, QStringLiteral("private-key")));
        QVERIFY(keyField->stateText().contains(QLatin1String("ES256")));
        // The public half, to register in the IdP; the private scalar never leaves the store.
        const QJsonObject jwk = QJsonDocument::fromJson(keyField->publicJwk().toUtf8()).object();
        QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("EC"));
        QCOMPARE(jwk.value(QLatin1String("x")), key.publicJwk().value(QLatin1String("x")));
        QVERIFY(!jwk.contains(QLatin1String("d")));
        QTest::mouseClick(keyField->findChild<QPushButton *>(QStringLiteral("copyPublicJwk")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), keyField->publicJwk());
        for (const QLabel *label : w.window->findChildren<QLabel *>())
            QVERIFY(!label->text().contains(QLatin1String("PRIVATE KEY")));

        // Back to a client secret: the secret row again; the key stays stored for the registration.
        method->setFocus();
        QTest::keyClick(method, Qt::Key_Up);
        QVERIFY(secretField->isVisibleTo(reg));
        QVERIFY(!keyField->isVisibleTo(reg));
        QCOMPARE(m_secrets.count(), 1);

        // Removing the registration and saving deletes the private key too.
        w.prompts->removalAnswers.enqueue({true, false}); // "Remove registration …?" Remove
        trigger(*w.window, "actionRemove");
        w.prompts->saveNames.enqueue(m_dir.filePath(QStringLiteral("jwt.cmic-oauth.json")));
        trigger(*w.window, "actionSave");
        QTRY_COMPARE(m_secrets.count(), 0);
    }

    void windowStateAndRecentFilesPersist()
    {
        const QString path = m_dir.filePath(QStringLiteral("typed.cmic-oauth.json"));
        const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        QVERIFY2(recent.contains(QFileInfo(path).absoluteFilePath()), qPrintable(recent.join(QLatin1Char(' '))));
        {
            Window w = makeWindow();
            // A size that fits the offscreen platform's 800 x 600 screen: a larger one is fitted to the screen when
            // restored (tst_windowlayout).
            w.window->resize(777, 555);
            QVERIFY(w.window->close());
        }
        Window again = makeWindow();
        QCOMPARE(again.window->size(), QSize(777, 555));
    }

    void everyInteractiveWidgetHasObjectAndAccessibleName()
    {
        Window w = makeWindow();
        QVERIFY(w.window->loadDemo());
        // Pages and forms are built when first shown: visit each so every widget exists.
        for (ObjectKind kind : {ObjectKind::Environment, ObjectKind::ServiceUser, ObjectKind::Registration}) {
            w.window->showPage(kind);
            QVERIFY(w.window->form(kind));
        }
        QStringList missing;
        const auto widgets = w.window->findChildren<QWidget *>();
        for (QWidget *widget : widgets) {
            const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
                                     || qobject_cast<QComboBox *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
                                     || qobject_cast<QAbstractSpinBox *>(widget)
                                     || qobject_cast<QAbstractItemView *>(widget);
            if (!interactive)
                continue;
            // Qt's own internals (the line edit inside a spin box or combo box, a combo's popup list, header
            // buttons) are named by their owners.
            QWidget *parent = widget->parentWidget();
            bool internal = false;
            for (QWidget *p = parent; p && !internal; p = p->parentWidget())
                internal = qobject_cast<QAbstractSpinBox *>(p) || qobject_cast<QComboBox *>(p)
                           || qobject_cast<QAbstractItemView *>(p) || qobject_cast<QLineEdit *>(p)
                           || p->inherits("QComboBoxPrivateContainer");
            if (internal || widget->objectName().startsWith(QLatin1String("qt_"))
                || widget->inherits("QDockWidgetTitleButton") || widget->inherits("QToolBarExtension")
                || widget->inherits("QMenu"))
                continue;
            if (widget->objectName().isEmpty() || widget->accessibleName().isEmpty())
                missing.append(QStringLiteral("%1 '%2' '%3'")
                                   .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(),
                                        widget->accessibleName()));
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral("; "))));
    }

    void keychainUnavailableIsExplainedAndOffersSessionOnly()
    {
        MemorySecretStore broken;
        broken.simulateFailure(SecretStore::Status::Unavailable);
        MainWindow window(&broken, &m_clock);
        window.setPrompts(std::make_unique<ScriptedPrompts>());
        window.show();
        QVERIFY(window.loadDemo());
        auto *field = window.findChild<SecretField *>();
        QVERIFY(field);
        QTRY_COMPARE(field->state(), SecretField::State::Failed);
        auto *state = window.findChild<QLabel *>(QStringLiteral("clientSecretState"));
        QVERIFY(state && state->text().startsWith(QLatin1String("Keychain unavailable")));
        auto *sessionOnly = window.findChild<QCheckBox *>(QStringLiteral("clientSecretSessionOnly"));
        QVERIFY(sessionOnly && sessionOnly->isVisibleTo(&window));

        auto *edit = window.findChild<QLineEdit *>(QStringLiteral("clientSecretEdit"));
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("typed-secret"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE(field->state(), SecretField::State::Failed);
        QCOMPARE(edit->text(), QStringLiteral("typed-secret")); // nothing typed is lost
        QCOMPARE(broken.count(), 0);                            // and nothing went anywhere else

        QTest::mouseClick(sessionOnly, Qt::LeftButton, {}, QPoint(8, sessionOnly->height() / 2));
        QTRY_COMPARE(field->state(), SecretField::State::SessionOnly);
        QVERIFY(state->text().contains(QLatin1String("session only")));
        QCOMPARE(broken.count(), 0);
    }

    void missingRecentFileIsPrunedWithAMessage()
    {
        const QString gone = m_dir.filePath(QStringLiteral("gone.cmic-oauth.json"));
        QSettings().setValue(QStringLiteral("recentFiles"), QStringList{gone});
        Window w = makeWindow();
        auto *menu = w.window->findChild<QMenu *>(QStringLiteral("menuRecent"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        menu->actions().constFirst()->trigger();
        QCOMPARE(w.prompts->informations.size(), 1);
        QVERIFY(w.prompts->informations.constFirst().contains(QLatin1String("gone.cmic-oauth.json")));
        QVERIFY(w.window->recentFiles().isEmpty());
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
