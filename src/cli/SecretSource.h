#pragma once

// Where a command's client secret (or, for private_key_jwt, PEM private key) comes from, for validate, token and
// export alike: --secret-env VAR, --secret-file PATH (a regular file of mode 0600 or stricter), --secret-stdin,
// --secret-env-prefix PREFIX (validate --all: one variable per registration), else the OS keychain entry the
// console stores it under (where a session bus exists), else a hidden prompt when standard input is a terminal.
// Every source is trimmed the same way (surrounding whitespace, a final line feed) and read into a SecretBuffer;
// none is ever written anywhere.

#include "Command.h"

#include "core/storage/SecretBuffer.h"
#include "core/storage/SecretReference.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

namespace cmic {
struct Workspace;
struct AppRegistration;
} // namespace cmic

namespace cmic::cli {

class SecretSource
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::SecretSource)

public:
    enum class Use {
        One,  // one registration: every source
        Many, // validate --all: --secret-env-prefix or the keychain
    };
    explicit SecretSource(Use use);

    QList<QCommandLineOption> options() const;
    const QCommandLineOption &envOption() const { return m_env; }
    const QCommandLineOption &fileOption() const { return m_file; }
    QString helpNote() const;

    // After parsing: a usage problem (two sources, a source that does not fit the use); empty when fine.
    // |workspaceFromStdin|: the workspace is read from standard input, so the secret cannot be.
    QString usageProblem(const CommandLine &parser, bool workspaceFromStdin) const;

    struct Answer
    {
        SecretBuffer secret; // never empty when problem is
        QString problem;     // a sentence saying what to do (exit 2); empty on success
    };
    // The credential of |registration| (of |workspace|, for the keychain key). May prompt on the terminal.
    // |portable|: the reference a portable config names (loadWorkspace), used when no option names a source; its
    // "keychain" means the keychain, as without it.
    Answer read(const CommandLine &parser, const Workspace &workspace, const AppRegistration &registration, Io &io,
                const SecretReference &portable = {}) const;

    // PREFIX + the registration id upper-cased, every character other than A-Z and 0-9 written as "_".
    static QString prefixedVariable(const QString &prefix, const QString &registrationId);

    // Problems of a secret file opened read-only: not a regular file, or readable or writable by others. Empty
    // when it may be read. Public for tests.
    static QString fileProblem(const QString &path, unsigned mode, bool regular);

private:
    Use m_use;
    QCommandLineOption m_env;
    QCommandLineOption m_file;
    QCommandLineOption m_stdin;
    QCommandLineOption m_prefix;
};

} // namespace cmic::cli
