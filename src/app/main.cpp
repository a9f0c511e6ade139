// cmic-oauth-console: the desktop console. Everything lives in cmic_gui; this file only wires the application.
#include "FirstFrameExit.h"
#include "cmic/Version.h"
#include "core/storage/CoreDumps.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "core/util/Logging.h"
#include "core/util/Translations.h"
#include "gui/MainWindow.h"
#include "gui/Theme.h"
#include "gui/WorkspaceDocument.h"
#include "pdf/PdfRenderer.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoSandbox.h"

#include <openssl/crypto.h>

#include <functional>
#include <utility>

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

namespace {

// --demo: start the sandbox (a local IdP and a CMiC stand-in, HTTPS with a CA made for the run) and open the
// workspace that points at them. When the servers cannot start, the built-in example workspace still opens.
// |standIn|: --cmic KEY=VALUE settings, applied to the CMiC stand-in after the workspace describing it is made, so
// the demo shows a CMiC that differs from the workspace.
bool startDemo(cmic::MainWindow &window, QApplication &app, const QStringList &standIn)
{
    auto *sandbox = new cmic::sandbox::DemoSandbox(cmic::Clock::system(), &app);
    QString error;
    if (sandbox->start({}, &error)) {
        const bool loaded = window.loadSandbox(*sandbox);
        for (const QString &setting : standIn) {
            if (!cmic::sandbox::applyStandInSetting(sandbox->cmic()->config(), setting, &error))
                QMessageBox::warning(&window, QApplication::translate("main", "Stand-in setting ignored"), error);
        }
        return loaded;
    }
    delete sandbox;
    const bool loaded = window.loadDemo();
    QMessageBox::warning(&window, QApplication::translate("main", "Demo servers not started"),
                         QApplication::translate("main", "The demo sandbox could not start: %1\n\nThe example "
                                                         "workspace is open instead; it describes a setup but has no "
                                                         "servers to talk to.")
                             .arg(error));
    return loaded;
}

} // namespace

namespace {

// Runs |then| right after |window|'s first frame is painted and flushed (queued behind the paint), or after a second
// when the window is not painted (minimised), then deletes itself.
class AfterFirstFrame final : public QObject
{
public:
    AfterFirstFrame(QWidget *window, std::function<void()> then) : QObject(window), m_then(std::move(then))
    {
        window->installEventFilter(this);
        QTimer::singleShot(1000, this, [this] { run(); });
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_then)
            QMetaObject::invokeMethod(
                this, [this] { run(); }, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }

private:
    void run()
    {
        if (!m_then)
            return;
        const std::function<void()> then = std::exchange(m_then, nullptr);
        deleteLater();
        then();
    }

    std::function<void()> m_then;
};

} // namespace

int main(int argc, char *argv[])
{
    // Before anything can read a secret (CoreDumps.h says why for the whole process).
    cmic::disableCoreDumps();
    // OpenSSL's exit-time cleanup races with the thread-local state of Qt's network thread still winding down
    // (a double free seen under AddressSanitizer after a failed TLS fetch); the system reclaims it all at exit.
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
    // The internal log lines stay off unless asked for (--verbose below, or QT_LOGGING_RULES); what the user must
    // know, the window says.
    cmic::applyDefaultLoggingRules(false);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cmic-oauth-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("CMiC OAuth Console"));
    QApplication::setOrganizationName(QStringLiteral("cmic-oauth"));
    QApplication::setOrganizationDomain(QStringLiteral("cmic-oauth.example"));
    QApplication::setApplicationVersion(QStringLiteral(CMIC_VERSION));
    // The desktop entry and AppStream id (packaging/ca.cmic.OAuthConsole.desktop): Wayland's app id, the window icon.
    QApplication::setDesktopFileName(QStringLiteral("ca.cmic.OAuthConsole"));
    // The language: CMIC_UI_LANGUAGE, the ui/language setting, or the system's (core/util/Translations.h).
    cmic::installTranslations(app);
    // The registration sheet's PDF export renders through QtGui (core/export/PdfRendering.h).
    cmic::pdf::installPdfRenderer();
    cmic::applyStoredTheme(); // Edit ▸ Preferences ▸ Theme, before the first window

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Describe, check and save a CMiC OAuth 2.0 client-credentials setup."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QApplication::translate("main", "Start the demo sandbox (a local identity provider and CMiC stand-in) and "
                                        "open a workspace that uses it."));
    parser.addOption(demo);
    const QCommandLineOption standIn(
        QStringLiteral("cmic"),
        QApplication::translate("main", "With --demo: change the CMiC stand-in's own configuration (e.g. patch=20, "
                                        "ip-check=off, issuer=URL), so it differs from the demo workspace. Keys: %1.")
            .arg(cmic::sandbox::standInSettingKeys().join(QLatin1String(", "))),
        QStringLiteral("key=value"));
    parser.addOption(standIn);
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        QApplication::translate("main", "Print the internal log lines (cmic.*) on standard error, for a bug report."));
    parser.addOption(verbose);
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "A workspace file (*.cmic-oauth.json) to open."),
                                 QStringLiteral("[FILE]"));
    parser.process(app);
    if (parser.isSet(verbose))
        cmic::applyDefaultLoggingRules(true);

    // The demo's secrets belong to its sandbox: they are kept for this session only, never in the keychain.
    const bool wantDemo = parser.isSet(demo);
    cmic::MemorySecretStore demoSecrets;
    cmic::KeychainSecretStore keychain;
    cmic::MainWindow window(wantDemo ? static_cast<cmic::SecretStore *>(&demoSecrets) : &keychain);
    // Keychain entries are named for people: the registration and the workspace file they belong to, as they are
    // when the secret is saved (KeychainSecretStore::entryLabel).
    keychain.setLabeller([&window](const QString &key) {
        const cmic::WorkspaceDocument *document = window.document();
        return cmic::KeychainSecretStore::entryLabelFor(document->workspace(), document->filePath(), key);
    });
    window.show();
    // Files are read once the window's first frame is painted, so a large file never holds it back (reading and
    // parsing 20,000 registrations takes a while; their findings are then checked off the main thread).
    const QStringList files = parser.positionalArguments();
    const QStringList standInSettings = parser.values(standIn);
    new AfterFirstFrame(&window, [&window, &app, files, wantDemo, standInSettings] {
        if (wantDemo)
            startDemo(window, app, standInSettings);
        else if (!files.isEmpty())
            window.openFile(files.constFirst());
    });
    // bench/startup/run.sh: end the process once the first frame is painted, exactly like its bare baseline. Installed
    // after the filter above, so it sees the first paint before it (the last filter installed runs first).
    cmic::FirstFrameExit::installIfRequested(&window);
    return QApplication::exec();
}
