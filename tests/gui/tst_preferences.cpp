// Edit ▸ Preferences… (Ctrl+,) and the removal confirmations it governs, driven like a user: the language stored for
// the next start, the theme applied as soon as it is chosen (Cancel puts the old one back), the default export folder
// checked and used by File ▸ Export; removing an environment, a service user, a registration or a probe endpoint asks
// first, naming what uses it, Cancel keeps, Remove removes, Undo restores, "Don't ask again" is honoured; and the real
// question has Cancel as its default button.
#include "GuiTestKit.h"

#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "gui/ExportDialog.h"
#include "gui/MainWindow.h"
#include "gui/StringListEdit.h"
#include "gui/Theme.h"
#include "gui/settings/Preferences.h"
#include "gui/settings/PreferencesDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>

using namespace cmic;
using namespace cmic::test;

class tst_Preferences : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC)};
    MemorySecretStore m_secrets;
    QTemporaryDir m_dir;
    QPalette m_platformPalette;
    QString m_platformStyle;

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

    // Environment "Prod" (one probe endpoint) used by two registrations, one of them with service user SVC_API.
    Window makeWorkspaceWindow()
    {
        Workspace ws;
        ws.id = Workspace::newId();
        Environment prod;
        prod.id = QStringLiteral("env-prod");
        prod.name = QStringLiteral("Prod");
        prod.apiBaseUrl = QStringLiteral("https://cmic.example.com/cmicprod");
        prod.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess"),
                               QStringLiteral("sys-rest-api/rest/1/sdcompany")};
        ServiceUser user;
        user.id = QStringLiteral("user-1");
        user.username = QStringLiteral("SVC_API");
        ws.environments = {prod};
        ws.serviceUsers = {user};
        for (int i = 0; i < 2; ++i) {
            AppRegistration reg;
            reg.id = QStringLiteral("reg-%1").arg(i);
            reg.name = QStringLiteral("Payroll %1").arg(i);
            reg.environmentId = prod.id;
            reg.serviceUserId = i == 0 ? user.id : QString();
            ws.registrations << reg;
        }
        const QString path = m_dir.filePath(QStringLiteral("removals.cmic-oauth.json"));
        Window w = makeWindow();
        if (WorkspaceFile().save(path, ws, true).ok())
            w.window->openFile(path);
        return w;
    }

    static PreferencesDialog *openPreferences(MainWindow &window)
    {
        QApplication::setActiveWindow(&window);
        if (!QTest::qWaitForWindowActive(&window))
            return nullptr;
        QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+,")));
        // A dialog closed just before is deleted later: the visible one is the new one.
        for (PreferencesDialog *dialog : window.findChildren<PreferencesDialog *>()) {
            if (dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static void choose(QComboBox *combo, const QString &data)
    {
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < combo->count() && combo->currentData().toString() != data; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentData().toString(), data);
    }

    static void pressRemove(MainWindow &window)
    {
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Delete, Qt::ControlModifier);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-preferencestest"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        applyStoredTheme(); // as main() does: the platform's look is remembered before any theme
        m_platformPalette = QApplication::palette();
        m_platformStyle = QApplication::style()->name();
    }

    void languageIsStoredForTheNextStart()
    {
        Window w = makeWindow();
        PreferencesDialog *dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        QCOMPARE(dialog->languageCombo()->currentData().toString(), QStringLiteral("system"));
        QCOMPARE(dialog->languageCombo()->itemText(2), QStringLiteral("Fran\u00E7ais (Canada)"));
        auto *note = dialog->findChild<QLabel *>(QStringLiteral("languageNote"));
        QVERIFY(note && note->isVisible() && note->text().contains(QLatin1String("next time the console starts")));
        choose(dialog->languageCombo(), QStringLiteral("fr_CA"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("fr_CA"));
        QCOMPARE(preferences::language(), QStringLiteral("fr_CA"));
        PreferencesDialog *again = openPreferences(*w.window);
        QVERIFY(again);
        QCOMPARE(again->languageCombo()->currentData().toString(), QStringLiteral("fr_CA"));
        choose(again->languageCombo(), QStringLiteral("en"));
        QTest::keyClick(again, Qt::Key_Escape); // Cancel keeps what was stored
        QCOMPARE(preferences::language(), QStringLiteral("fr_CA"));
        QSettings().remove(QStringLiteral("ui/language"));
    }

    void themeChangesThePaletteAsItIsChosen()
    {
        Window w = makeWindow();
        PreferencesDialog *dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        choose(dialog->themeCombo(), QStringLiteral("dark"));
        QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
        QCOMPARE(QApplication::palette().color(QPalette::Window), darkPalette().color(QPalette::Window));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 200);
        QTRY_COMPARE(w.window->palette().color(QPalette::Base),
                     darkPalette().color(QPalette::Base)); // the window follows
        choose(dialog->themeCombo(), QStringLiteral("light"));
        QCOMPARE(QApplication::palette().color(QPalette::Window), lightPalette().color(QPalette::Window));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        // Cancel puts the previous theme (the platform's) back and stores nothing.
        QTest::keyClick(dialog, Qt::Key_Escape);
        QCOMPARE(QApplication::palette().color(QPalette::Window), m_platformPalette.color(QPalette::Window));
        QCOMPARE(QApplication::style()->name(), m_platformStyle);
        QCOMPARE(QSettings().value(QStringLiteral("ui/theme"), QStringLiteral("system")).toString(),
                 QStringLiteral("system"));

        dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        choose(dialog->themeCombo(), QStringLiteral("dark"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(QSettings().value(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
        QVERIFY(applyStoredTheme() == Theme::Dark); // what main() applies at the next start
        QCOMPARE(QApplication::palette().color(QPalette::Window), darkPalette().color(QPalette::Window));

        dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        QCOMPARE(dialog->themeCombo()->currentData().toString(), QStringLiteral("dark"));
        choose(dialog->themeCombo(), QStringLiteral("system"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(QApplication::palette().color(QPalette::Window), m_platformPalette.color(QPalette::Window));
        QCOMPARE(QApplication::style()->name(), m_platformStyle);
        QCOMPARE(QSettings().value(QStringLiteral("ui/theme")).toString(), QStringLiteral("system"));
    }

    void defaultExportFolderIsCheckedAndUsed()
    {
        QSettings().remove(ExportDialog::folderSettingsKey());
        Window w = makeWorkspaceWindow();
        QCOMPARE(w.window->document()->workspace().registrations.size(), 2);
        PreferencesDialog *dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        QVERIFY(typeInto(dialog, QStringLiteral("defaultExportFolder"), m_dir.filePath(QStringLiteral("no-such"))));
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY(dialog->exportFolderMessage()->isVisible());
        QVERIFY(dialog->exportFolderMessage()->text().contains(QLatin1String("Choose an existing folder")));
        QTemporaryDir exports;
        QVERIFY(typeInto(dialog, QStringLiteral("defaultExportFolder"), exports.path()));
        QVERIFY(dialog->okButton()->isEnabled());
        QVERIFY(!dialog->exportFolderMessage()->isVisible());
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(QSettings().value(QStringLiteral("export/defaultFolder")).toString(), exports.path());

        QVERIFY(w.window->selectObject(ObjectKind::Registration, QStringLiteral("reg-0")));
        ExportDialog *exporter = w.window->exportCurrentRegistration();
        QVERIFY(exporter);
        w.prompts->saveNames.enqueue(QString()); // cancelled
        QVERIFY(!exporter->save());
        QVERIFY2(w.prompts->saveSuggestions.constLast().startsWith(exports.path() + QLatin1Char('/')),
                 qPrintable(w.prompts->saveSuggestions.constLast()));
        exporter->close();
        QSettings().remove(QStringLiteral("export/defaultFolder"));
    }

    void removingAnEnvironmentAsksNamingItsUsers()
    {
        QSettings().remove(QStringLiteral("ui/confirmRemovals"));
        Window w = makeWorkspaceWindow();
        const Workspace original = w.window->document()->workspace();
        QVERIFY(w.window->selectObject(ObjectKind::Environment, QStringLiteral("env-prod")));

        w.prompts->removalAnswers.enqueue({false, false}); // Cancel
        pressRemove(*w.window);
        QCOMPARE(w.prompts->removalQuestions.size(), 1);
        QCOMPARE(w.prompts->removalQuestions.constLast(),
                 QStringLiteral("2 registration(s) use environment \u201cProd\u201d: they will have no environment."));
        QCOMPARE(w.window->document()->workspace(), original);

        w.prompts->removalAnswers.enqueue({true, false}); // Remove
        pressRemove(*w.window);
        QCOMPARE(w.prompts->removalQuestions.size(), 2);
        QVERIFY(w.window->document()->workspace().environments.isEmpty());
        w.window->findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(w.window->document()->workspace(), original);

        // A service user and a registration ask too, each naming itself.
        QVERIFY(w.window->selectObject(ObjectKind::ServiceUser, QStringLiteral("user-1")));
        w.prompts->removalAnswers.enqueue({false, false});
        w.window->findChild<QAction *>(QStringLiteral("actionRemove"))->trigger();
        QVERIFY(w.prompts->removalQuestions.constLast().contains(QStringLiteral("service user \u201cSVC_API\u201d")));
        QVERIFY(w.prompts->removalQuestions.constLast().startsWith(QLatin1String("1 registration")));
        QVERIFY(w.window->selectObject(ObjectKind::Registration, QStringLiteral("reg-1")));
        w.prompts->removalAnswers.enqueue({false, false});
        w.window->findChild<QAction *>(QStringLiteral("actionRemove"))->trigger();
        QVERIFY(w.prompts->removalQuestions.constLast().contains(QStringLiteral("\u201cPayroll 1\u201d")));
        QCOMPARE(w.window->document()->workspace(), original);
        QCOMPARE(w.prompts->unexpected, 0);
    }

    void dontAskAgainIsHonoured()
    {
        QSettings().remove(QStringLiteral("ui/confirmRemovals"));
        Window w = makeWorkspaceWindow();
        QVERIFY(w.window->selectObject(ObjectKind::Registration, QStringLiteral("reg-1")));
        w.prompts->removalAnswers.enqueue({true, true}); // Remove, and don't ask again
        w.window->findChild<QAction *>(QStringLiteral("actionRemove"))->trigger();
        QCOMPARE(w.window->document()->workspace().registrations.size(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("ui/confirmRemovals")).toBool(), false);
        // The next removal asks nothing.
        QVERIFY(w.window->selectObject(ObjectKind::Environment, QStringLiteral("env-prod")));
        pressRemove(*w.window);
        QCOMPARE(w.prompts->removalQuestions.size(), 1);
        QVERIFY(w.window->document()->workspace().environments.isEmpty());
        // Preferences show it, and turn it back on.
        PreferencesDialog *dialog = openPreferences(*w.window);
        QVERIFY(dialog);
        QVERIFY(!dialog->confirmRemovalsCheck()->isChecked());
        QTest::mouseClick(dialog->confirmRemovalsCheck(), Qt::LeftButton);
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(preferences::confirmRemovals());
        w.window->findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(w.window->document()->workspace().environments.size(), 1);
        QVERIFY(w.window->selectObject(ObjectKind::Environment, QStringLiteral("env-prod")));
        w.prompts->removalAnswers.enqueue({false, false});
        pressRemove(*w.window);
        QCOMPARE(w.prompts->removalQuestions.size(), 2);
        QCOMPARE(w.window->document()->workspace().environments.size(), 1);
    }

    void removingAProbeEndpointAsks()
    {
        QSettings().remove(QStringLiteral("ui/confirmRemovals"));
        Window w = makeWorkspaceWindow();
        QVERIFY(w.window->selectObject(ObjectKind::Environment, QStringLiteral("env-prod")));
        auto *list =
            w.window->form(ObjectKind::Environment)->findChild<StringListEdit *>(QStringLiteral("probeEndpoints"));
        QVERIFY(list);
        auto *view = list->findChild<QListWidget *>();
        auto *remove = list->findChild<QPushButton *>(QStringLiteral("removeProbeEndpoint"));
        QVERIFY(view && remove);
        const QStringList before = w.window->document()->workspace().environments.at(0).probeEndpoints;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualItemRect(view->item(1)).center());
        QCOMPARE(view->currentRow(), 1);

        w.prompts->removalAnswers.enqueue({false, false});
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(w.prompts->removalQuestions.constLast(),
                 QStringLiteral("Remove probe endpoint \u201csys-rest-api/rest/1/sdcompany\u201d from environment "
                                "\u201cProd\u201d? Validate Setup will no longer call it."));
        QCOMPARE(view->count(), 2);
        QCOMPARE(w.window->document()->workspace().environments.at(0).probeEndpoints, before);

        w.prompts->removalAnswers.enqueue({true, false});
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(view->count(), 1);
        QCOMPARE(w.window->document()->workspace().environments.at(0).probeEndpoints, QStringList{before.at(0)});
        w.window->findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(w.window->document()->workspace().environments.at(0).probeEndpoints, before);
        QCOMPARE(view->count(), 2);
    }

    void theRealQuestionDefaultsToCancel()
    {
        DialogPrompts prompts;
        RemovalQuestion question;
        question.title = QStringLiteral("Remove environment");
        question.text =
            QStringLiteral("2 registration(s) use environment \u201cProd\u201d: they will have no environment.");
        question.detail = QStringLiteral("You can bring it back with Edit \u25B8 Undo.");
        bool sawCancelDefault = false;
        bool sawCheckBox = false;
        QString shownText;
        // Answers the modal box from the event loop it runs, pressing Enter (the default button).
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            shownText = box->text();
            sawCancelDefault = box->defaultButton() == box->button(QMessageBox::Cancel);
            QCheckBox *again = box->checkBox();
            sawCheckBox = again && again->objectName() == QLatin1String("dontAskAgain") && !again->isChecked();
            if (again)
                again->setChecked(true);
            QTest::keyClick(box, Qt::Key_Return);
        });
        bool dontAskAgain = true;
        QVERIFY(!prompts.confirmRemoval(nullptr, question, &dontAskAgain));
        QCOMPARE(shownText, question.text);
        QVERIFY(sawCancelDefault);
        QVERIFY(sawCheckBox);
        QVERIFY(!dontAskAgain); // cancelled: the tick means nothing
    }
    // Ctrl+Del on an environment two registrations use, answered in the console's own message box: Enter takes
    // its default, Cancel, and the environment stays; the Remove button removes it; Undo brings it back.
    void ctrlDelAsksInARealBoxWhoseDefaultKeeps()
    {
        QSettings().remove(QStringLiteral("ui/confirmRemovals"));
        Window w = makeWorkspaceWindow();
        w.window->setPrompts(std::make_unique<DialogPrompts>());
        const Workspace original = w.window->document()->workspace();
        QVERIFY(w.window->selectObject(ObjectKind::Environment, QStringLiteral("env-prod")));

        // Answers the next removal question from the event loop its box runs.
        QString shown;
        bool cancelIsDefault = false;
        const auto answerWith = [&](bool pressEnter) {
            auto *poll = new QTimer(this);
            poll->setInterval(10);
            connect(poll, &QTimer::timeout, this, [&, poll, pressEnter] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box || box->objectName() != QLatin1String("removalQuestion"))
                    return;
                poll->stop();
                poll->deleteLater();
                shown = box->text();
                cancelIsDefault = box->defaultButton() == box->button(QMessageBox::Cancel);
                if (pressEnter)
                    QTest::keyClick(box, Qt::Key_Return);
                else
                    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("removeButton")), Qt::LeftButton);
            });
            poll->start();
        };

        answerWith(true);
        pressRemove(*w.window);
        QCOMPARE(shown,
                 QStringLiteral("2 registration(s) use environment \u201cProd\u201d: they will have no environment."));
        QVERIFY(cancelIsDefault);
        QCOMPARE(w.window->document()->workspace(), original);
        QVERIFY(!w.window->document()->undoStack()->canUndo());

        shown.clear();
        answerWith(false);
        pressRemove(*w.window);
        QVERIFY(!shown.isEmpty());
        QVERIFY(w.window->document()->workspace().environments.isEmpty());
        w.window->findChild<QAction *>(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(w.window->document()->workspace(), original);
    }
};

QTEST_MAIN(tst_Preferences)
#include "tst_preferences.moc"
