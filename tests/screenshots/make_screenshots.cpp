// Renders the screenshots of docs/screenshots/ (scripts/screenshots.sh runs it under Xvfb for each theme and
// language): the demo workspace as `cmic-oauth-console --demo` opens it, the scenes an admin sees, each grabbed from
// the real widgets after a real run against the demo sandbox.
//
// make_screenshots --out DIR [--theme light|dark] [--size 1600x1000] [--suffix TEXT]
// Writes DIR/<scene><suffix>.png and prints one line per file; exits 1 when a scene could not be shown.
#include "core/model/Workspace.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "core/util/Translations.h"
#include "gui/ExpiryView.h"
#include "gui/MainWindow.h"
#include "gui/SetupChecklistView.h"
#include "gui/Theme.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/settings/WorkspaceSettingsDialog.h"
#include "sandbox/DemoSandbox.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <QWizard>

#include <cstdio>
#include <functional>

using namespace cmic;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Runs the event loop until |done| holds or |ms| pass.
bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.hasExpired(ms))
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

void settle(int ms = 300)
{
    waitFor([] { return false; }, ms);
}

bool save(QWidget *widget, const QString &dir, const QString &name, const QString &suffix)
{
    settle();
    const QString path = QDir(dir).filePath(name + suffix + QStringLiteral(".png"));
    const bool ok = widget->grab().save(path);
    out() << (ok ? "wrote " : "FAILED ") << path << "\n";
    out().flush();
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cmic-oauth-console-screenshots"));
    QCommandLineParser parser;
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Folder for the PNG files."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption themeOption(QStringLiteral("theme"), QStringLiteral("light or dark."),
                                         QStringLiteral("THEME"), QStringLiteral("light"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Window size, WxH."),
                                        QStringLiteral("SIZE"), QStringLiteral("1600x1000"));
    const QCommandLineOption suffixOption(QStringLiteral("suffix"), QStringLiteral("Added to each file name."),
                                          QStringLiteral("TEXT"));
    parser.addOptions({outOption, themeOption, sizeOption, suffixOption});
    parser.addHelpOption();
    parser.process(app);
    const QString dir = parser.value(outOption);
    if (dir.isEmpty() || !QDir().mkpath(dir)) {
        std::fputs("make_screenshots: --out DIR is needed (a folder that can be created)\n", stderr);
        return 2;
    }
    const QString suffix = parser.value(suffixOption);
    // The product's own themes and language decision (CMIC_UI_LANGUAGE picks the language, as in the console).
    installTranslations(app);
    applyTheme(parser.value(themeOption) == QLatin1String("dark") ? Theme::Dark : Theme::Light);
    const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
    const QSize windowSize(size.value(0).toInt(), size.value(1).toInt());

    sandbox::DemoSandbox sandbox(Clock::system());
    QString error;
    if (!sandbox.start({}, &error)) {
        std::fprintf(stderr, "make_screenshots: the demo sandbox did not start: %s\n", qPrintable(error));
        return 1;
    }
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.resize(windowSize.isValid() ? windowSize : QSize(1600, 1000));
    if (!window.loadSandbox(sandbox))
        return 1;
    window.show();
    waitFor([&] { return secrets.count() >= int(sandbox.secrets().size()); }, 10000);
    bool ok = true;

    // The registration an admin works on.
    ok &= window.selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId);
    ok &= save(&window, dir, QStringLiteral("main-window"), suffix);

    // The setup checklist of that registration (a dock below the form).
    if (SetupChecklistView *checklist = window.setupChecklist()) {
        if (QWidget *dock = checklist->parentWidget()) {
            dock->show();
            dock->raise();
        }
        ok &= save(&window, dir, QStringLiteral("setup-checklist"), suffix);
    } else {
        ok = false;
    }

    // Edit > Workspace Settings: the demo's CA bundle, tested.
    if (WorkspaceSettingsDialog *settings = window.openWorkspaceSettings()) {
        settings->resize(900, 640);
        if (auto *test = settings->findChild<QAbstractButton *>(QStringLiteral("caBundleTest")))
            test->click();
        ok &= save(settings, dir, QStringLiteral("workspace-settings"), suffix);
        settings->close();
    } else {
        ok = false;
    }

    // Validate setup, run to the end: the result page with the permissions matrix.
    if (QAction *validate = window.findChild<QAction *>(QStringLiteral("actionValidateSetup"))) {
        validate->trigger();
        auto *wizard = window.findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
        if (wizard && waitFor([&] { return wizard->button(QWizard::NextButton)->isEnabled(); }, 10000)) {
            wizard->resize(1100, 800);
            bool finished = false;
            QObject::connect(wizard, &ValidateSetupWizard::runFinished, wizard, [&] { finished = true; });
            wizard->next();
            ok &= waitFor([&] { return finished; }, 60000);
            ok &= save(wizard, dir, QStringLiteral("validate-setup-run"), suffix);
            wizard->next();
            ok &= save(wizard, dir, QStringLiteral("validate-setup-result"), suffix);
            if (auto *tabs = wizard->findChild<QTabWidget *>(QStringLiteral("resultTabs"))) {
                tabs->setCurrentIndex(2);
                ok &= save(wizard, dir, QStringLiteral("permissions-matrix"), suffix);
            } else {
                ok = false;
            }
            wizard->close();
        } else {
            ok = false;
        }
    } else {
        ok = false;
    }
    // View > Expiry after the run: the secrets' dates and the JWKS signing keys as last seen.
    if (ExpiryView *expiry = window.expiryView()) {
        if (QAction *show = window.findChild<QAction *>(QStringLiteral("actionShowExpiry")); show && !show->isChecked())
            show->trigger();
        if (QWidget *dock = expiry->parentWidget())
            dock->raise();
        ok &= save(&window, dir, QStringLiteral("expiry-view"), suffix);
    } else {
        ok = false;
    }
    out().flush();
    return ok ? 0 : 1;
}
