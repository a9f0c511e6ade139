// Renders the screenshots of docs/screenshots/ (scripts/screenshots.sh runs it under Xvfb for each theme and
// language): the demo workspace as `cmic-oauth-console --demo` opens it, the scenes an admin sees, each grabbed from
// the real widgets after a real run against the demo sandbox.
//
// make_screenshots --out DIR [--theme light|dark] [--size 1600x1000] [--suffix TEXT]
// Writes DIR/<scene><suffix>.png and prints one line per file; exits 1 when a scene could not be shown.
#include "core/model/Workspace.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "gui/MainWindow.h"
#include "gui/ValidateSetupWizard.h"
#include "sandbox/DemoSandbox.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QPalette>
#include <QPixmap>
#include <QStyleFactory>
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

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Link, QColor(0x7a, 0xb8, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
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
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.value(themeOption) == QLatin1String("dark"))
        QApplication::setPalette(darkPalette());
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
    out().flush();
    return ok ? 0 : 1;
}
