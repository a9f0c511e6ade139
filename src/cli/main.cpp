#include "Commands.h"
#include "cmic/Version.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

namespace {

struct Command
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &, cmic::cli::Io &);
};

const Command kCommands[] = {
    {"lint", "check a workspace file for setup mistakes (no network)", &cmic::cli::runLint},
    {"verify-token", "verify a JWT locally: signature, claims, CMiC's checks", &cmic::cli::runVerifyToken},
    {"validate", "prove one registration end to end: token, keys, claims, service user, a CMiC call",
     &cmic::cli::runValidate},
    {"sandbox", "run the demo IdP and CMiC stand-in locally and write a workspace for them", &cmic::cli::runSandbox},
};

void printUsage(QTextStream &s)
{
    s << "Usage: cmic-oauth <command> [options]\n"
         "       cmic-oauth --help | --version\n\n"
         "CMiC OAuth Console, command-line twin: checks CMiC OAuth 2.0 client-credentials setups.\n\n"
         "Commands:\n";
    for (const Command &c : kCommands)
        s << "  " << QString::fromLatin1(c.name).leftJustified(14) << c.summary << "\n";
    s << "\nRun 'cmic-oauth <command> --help' for a command's options. See docs/cli.md.\n";
}

} // namespace

int main(int argc, char *argv[])
{
    // OpenSSL's exit-time cleanup races with the thread-local state of Qt's network thread still winding down
    // (a double free seen under AddressSanitizer after a failed TLS fetch); the system reclaims it all at exit.
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
    // Debug lines from the library are for developers; QT_LOGGING_RULES turns them back on.
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cmic-oauth"));
    QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CMIC_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    cmic::cli::Io io{out, err, in};

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        printUsage(err);
        return cmic::cli::ExitUsage;
    }
    const QString word = args.takeFirst();
    if (word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("help")) {
        printUsage(out);
        return cmic::cli::ExitOk;
    }
    if (word == QLatin1String("--version") || word == QLatin1String("-v")) {
        out << "cmic-oauth " << CMIC_VERSION << "\n";
        return cmic::cli::ExitOk;
    }
    for (const Command &c : kCommands) {
        if (word == QLatin1String(c.name))
            return c.run(args, io);
    }
    err << "cmic-oauth: unknown command '" << word << "'.\n\n";
    printUsage(err);
    return cmic::cli::ExitUsage;
}
