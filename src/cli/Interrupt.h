#pragma once

// SIGINT and SIGTERM for every command: a clean stop. While a hidden prompt has the terminal's echo off, a signal
// restores the terminal first and ends the process at once (nothing has been sent yet). While a command runs its
// event loop, a signal calls the command's stop action (cancel the validation runs, the token request) from the
// event loop; the command then returns interruptedExitCode(). A second signal ends the process at once.
// docs/cli.md: 130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as shells report it).

#include <functional>

struct termios;

namespace cmic::cli {

// Installs the handlers; main() calls it once, before any command runs.
void installInterruptHandlers();

// The stop action while it is set (from the event loop, never from the signal handler). Cleared by ~StopAction.
class StopAction
{
public:
    explicit StopAction(std::function<void()> action);
    ~StopAction();
    StopAction(const StopAction &) = delete;
    StopAction &operator=(const StopAction &) = delete;
};

// The signal that arrived (SIGINT, SIGTERM), 0 when none.
int interruptSignal();
// 128 + interruptSignal().
int interruptedExitCode();

// The terminal settings to put back when a signal arrives while the echo is off (nullptr: none to restore).
// |settings| must stay valid until it is cleared.
void setTerminalToRestore(int fd, const struct termios *settings);

} // namespace cmic::cli
