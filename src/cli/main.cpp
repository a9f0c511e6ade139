#include "Application.h"
#include "Commands.h"
#include "Interrupt.h"
#include "cmic/Version.h"
#include "core/storage/CoreDumps.h"
#include "core/util/Logging.h"
#include "core/util/Translations.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Main)
};

// The commands, in the order `cmic-oauth --help` lists them.
const cmic::cli::CommandSpec *const kCommands[] = {
    &cmic::cli::lintCommand,  &cmic::cli::verifyTokenCommand, &cmic::cli::validateCommand,
    &cmic::cli::tokenCommand, &cmic::cli::exportCommand,      &cmic::cli::sandboxCommand,
};

const cmic::cli::CommandSpec *findCommand(const QString &word)
{
    for (const cmic::cli::CommandSpec *c : kCommands) {
        if (word == QLatin1String(c->name))
            return c;
    }
    return nullptr;
}

void printUsage(cmic::cli::TerminalStream &s)
{
    s << Msg::tr("Usage: cmic-oauth <command> [options]\n"
                 "       cmic-oauth help <command> | --help | --version\n\n"
                 "CMiC OAuth Console, command-line twin: checks CMiC OAuth 2.0 client-credentials setups.\n\n"
                 "Commands:\n");
    for (const cmic::cli::CommandSpec *c : kCommands)
        s << "  " << QString::fromLatin1(c->name).leftJustified(14) << c->translatedSummary() << "\n";
    s << "\n"
      << Msg::tr("Run 'cmic-oauth help <command>' or 'cmic-oauth <command> --help' for a command's options, and "
                 "'man cmic-oauth-<command>' for its manual. See docs/cli.md.\n"
                 "--verbose (before or after the command) also prints the internal log lines, for a bug report.")
      << "\n";
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything can read a secret (CoreDumps.h says why for the whole process).
    cmic::disableCoreDumps();
    // OpenSSL's exit-time cleanup races with the thread-local state of Qt's network thread still winding down
    // (a double free seen under AddressSanitizer after a failed TLS fetch); the system reclaims it all at exit.
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
    // The internal log lines stay off unless asked for (--verbose, read below and by each command, or
    // QT_LOGGING_RULES).
    cmic::applyDefaultLoggingRules(false);
    const auto app = cmic::cli::makeApplication(argc, argv); // a QGuiApplication only for a PDF
    cmic::cli::installInterruptHandlers();
    QCoreApplication::setApplicationName(QStringLiteral("cmic-oauth"));
    QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CMIC_VERSION));
    // The same language as the console: CMIC_UI_LANGUAGE, its ui/language setting, or the system's.
    cmic::installTranslations(*app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    cmic::cli::Io io{cmic::cli::TerminalStream(out), cmic::cli::TerminalStream(err), in};

    QStringList args = QCoreApplication::arguments().mid(1);
    // --verbose before the command word applies to any command (each also accepts it after its word).
    while (!args.isEmpty() && args.constFirst() == QLatin1String("--verbose")) {
        args.removeFirst();
        cmic::applyDefaultLoggingRules(true);
    }
    if (args.isEmpty()) {
        printUsage(io.err);
        return cmic::cli::ExitUsage;
    }
    const QString word = args.takeFirst();
    if (word == QLatin1String("help") && !args.isEmpty()) {
        // help CMD: the command's --help.
        if (const cmic::cli::CommandSpec *c = findCommand(args.constFirst()))
            return c->run(QStringList{QStringLiteral("--help")}, io);
        io.err << Msg::tr("cmic-oauth: unknown command '%1'.").arg(cmic::cli::oneLine(args.constFirst())) << "\n\n";
        printUsage(io.err);
        return cmic::cli::ExitUsage;
    }
    if (word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("help")) {
        printUsage(io.out);
        return cmic::cli::ExitOk;
    }
    if (word == QLatin1String("--version") || word == QLatin1String("-v") || word == QLatin1String("-V")) {
        io.out << "cmic-oauth " << CMIC_VERSION << "\n"
               << Msg::tr("Qt %1 (built with %2)").arg(QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR)) << "\n"
               << Msg::tr("%1 (built with %2)")
                      .arg(QLatin1String(OpenSSL_version(OPENSSL_VERSION)), QLatin1String(OPENSSL_VERSION_TEXT))
               << "\n";
        return cmic::cli::ExitOk;
    }
    // The command words, one a line: for the completion scripts and the tests.
    if (word == QLatin1String("--list-commands")) {
        for (const cmic::cli::CommandSpec *c : kCommands)
            io.out << c->name << "\n";
        return cmic::cli::ExitOk;
    }
    if (const cmic::cli::CommandSpec *c = findCommand(word))
        return c->run(args, io);
    io.err << Msg::tr("cmic-oauth: unknown command '%1'.").arg(cmic::cli::oneLine(word)) << "\n\n";
    printUsage(io.err);
    return cmic::cli::ExitUsage;
}
