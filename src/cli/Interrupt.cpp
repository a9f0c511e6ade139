#include "Interrupt.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace cmic::cli {

namespace {

volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_restoreFd = -1;
const struct termios *volatile g_restoreSettings = nullptr;
int g_pipe[2] = {-1, -1};
std::function<void()> *g_action = nullptr;
QSocketNotifier *g_notifier = nullptr;

void onSignal(int signo)
{
    const int savedErrno = errno;
    const bool second = g_signal != 0;
    g_signal = signo;
    if (g_restoreSettings && g_restoreFd >= 0) {
        // Only async-signal-safe calls: put the echo back, end the prompt's line, and go.
        ::tcsetattr(g_restoreFd, TCSANOW, g_restoreSettings);
        const char lineFeed = '\n';
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, &lineFeed, 1);
        ::_exit(128 + signo);
    }
    if (second || !g_action || g_pipe[1] < 0)
        ::_exit(128 + signo);
    const char byte = char(signo);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
    errno = savedErrno;
}

void ensureNotifier()
{
    if (g_notifier || g_pipe[0] < 0 || !QCoreApplication::instance())
        return;
    g_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(g_notifier, &QSocketNotifier::activated, g_notifier, [] {
        char bytes[16];
        while (::read(g_pipe[0], bytes, sizeof bytes) > 0) {}
        if (g_action && *g_action)
            (*g_action)();
    });
}

} // namespace

void installInterruptHandlers()
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        g_pipe[0] = g_pipe[1] = -1;
    struct sigaction action = {};
    action.sa_handler = &onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a blocking read of the prompt returns
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

StopAction::StopAction(std::function<void()> action)
{
    ensureNotifier();
    delete g_action;
    g_action = new std::function<void()>(std::move(action));
}

StopAction::~StopAction()
{
    std::function<void()> *old = g_action;
    g_action = nullptr;
    delete old;
}

int interruptSignal() { return int(g_signal); }

int interruptedExitCode() { return 128 + int(g_signal); }

void setTerminalToRestore(int fd, const struct termios *settings)
{
    g_restoreSettings = nullptr;
    g_restoreFd = fd;
    g_restoreSettings = settings;
}

} // namespace cmic::cli
