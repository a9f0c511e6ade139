#include "SecretSource.h"

#include "Interrupt.h"

#include "core/model/Workspace.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/util/Elide.h"

#include <openssl/crypto.h>

#include <QEventLoop>
#include <QFile>
#include <QScopeGuard>
#include <QTimer>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace cmic::cli {

namespace {

constexpr qint64 kMaxSecretBytes = 64 * 1024;
constexpr int kKeychainWaitMs = 60000; // a keyring may ask the user to unlock it

struct KeychainAnswer
{
    bool arrived = false;
    SecretStore::Status status = SecretStore::Status::OtherError;
    SecretBuffer secret;
    QString errorText;
};

KeychainAnswer readKeychain(const QString &key)
{
    KeychainSecretStore store;
    KeychainAnswer answer;
    QEventLoop loop;
    QObject::connect(store.read(key), &SecretRequest::finished, &loop, [&](SecretRequest *request) {
        answer.arrived = true;
        answer.status = request->status();
        answer.secret = request->takeSecret();
        answer.errorText = request->errorText();
        loop.quit();
    });
    QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
    loop.exec();
    return answer;
}

bool haveSessionBus() { return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"); }

} // namespace

SecretSource::SecretSource(Use use)
    : m_use(use),
      m_env(QStringLiteral("secret-env"),
            tr("Read the client secret (or the PEM private key for private_key_jwt) from this environment variable."),
            QStringLiteral("VAR")),
      m_file(QStringLiteral("secret-file"),
             tr("Read the client secret (or PEM private key) from this file; it must be a regular file of mode 0600 "
                "or stricter."),
             QStringLiteral("PATH")),
      m_stdin(QStringLiteral("secret-stdin"), tr("Read the client secret (or PEM private key) from standard input.")),
      m_prefix(QStringLiteral("secret-env-prefix"),
               tr("With --all: each registration's secret from the environment variable PREFIX + its id upper-cased, "
                  "every character other than A-Z and 0-9 written as _ (e.g. CMIC_SECRET_DEMO_REGISTRATION_BASIC)."),
               QStringLiteral("PREFIX"))
{}

QList<QCommandLineOption> SecretSource::options() const { return {m_env, m_file, m_stdin, m_prefix}; }

QString SecretSource::helpNote() const
{
    return tr("The secret comes from --secret-env, --secret-file, --secret-stdin or --secret-env-prefix; without "
              "one, from the OS keychain entry the console stores it under (when a session bus is running), else "
              "from a prompt that does not echo when standard input is a terminal. Surrounding whitespace and a "
              "final line feed are removed. It is never written anywhere.");
}

QString SecretSource::usageProblem(const CommandLine &parser, bool workspaceFromStdin) const
{
    int given = 0;
    for (const QCommandLineOption *o : {&m_env, &m_file, &m_stdin, &m_prefix})
        given += parser.isSet(*o) ? 1 : 0;
    if (given > 1)
        return tr("give the secret one way: --secret-env, --secret-file, --secret-stdin or --secret-env-prefix.");
    if (m_use == Use::Many && (parser.isSet(m_env) || parser.isSet(m_file) || parser.isSet(m_stdin)))
        return tr("with --all each registration needs its own secret: use --secret-env-prefix PREFIX (or the "
                  "keychain).");
    if (m_use == Use::One && parser.isSet(m_prefix))
        return tr("--secret-env-prefix is for --all; for one registration use --secret-env VAR.");
    if (parser.isSet(m_stdin) && workspaceFromStdin)
        return tr("standard input cannot hold both the workspace and the secret; use --secret-env or --secret-file.");
    return {};
}

QString SecretSource::prefixedVariable(const QString &prefix, const QString &registrationId)
{
    QString name = prefix;
    for (const QChar c : registrationId.toUpper()) {
        const char16_t u = c.unicode();
        name += (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ? c : QLatin1Char('_');
    }
    return name;
}

QString SecretSource::fileProblem(const QString &path, unsigned mode, bool regular)
{
    if (!regular)
        return tr("the secret file %1 is not a regular file; put the secret in a file.").arg(oneLine(path));
    if ((mode & 077) != 0)
        return tr("the secret file %1 can be read or written by others (mode %2); run chmod 600 %1 and try again.")
            .arg(oneLine(path), QString::number(mode & 0777, 8).rightJustified(4, QLatin1Char('0')));
    return {};
}

namespace {

// Reads |fd| to its end (or the cap) into a SecretBuffer, unbuffered.
SecretBuffer readDescriptor(int fd, bool *tooLong)
{
    QFile in;
    if (!in.open(fd, QIODevice::ReadOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle))
        return {};
    return SecretBuffer::readFrom(in, kMaxSecretBytes, tooLong);
}

// The hidden prompt: the terminal's echo off while the secret is typed, back on at every exit (a signal included,
// Interrupt.h). A client secret is one line; a private key ends with its -----END line (or Ctrl+D).
SecretBuffer promptHidden(const QString &prompt, CredentialKind kind, Io &io, QString *problem)
{
    struct termios saved = {};
    if (::tcgetattr(STDIN_FILENO, &saved) != 0) {
        *problem = SecretSource::tr("could not read the terminal's settings: %1.")
                       .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    struct termios hidden = saved;
    hidden.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK);
    hidden.c_lflag |= ECHONL; // the line feed shows, so the next output starts on its own line
    setTerminalToRestore(STDIN_FILENO, &saved);
    const auto restore = qScopeGuard([&saved] {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        setTerminalToRestore(-1, nullptr);
    });
    if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden) != 0) {
        *problem = SecretSource::tr("could not turn the terminal's echo off (%1), so the secret is not asked for.")
                       .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    // Asked only once the echo is off: nothing typed after the prompt shows.
    io.err << prompt;
    io.err.flush();
    static std::array<char, kMaxSecretBytes> typed;
    qsizetype size = 0;
    const auto wipe = qScopeGuard([&size] { OPENSSL_cleanse(typed.data(), size_t(size)); });
    for (;;) {
        if (size >= qsizetype(typed.size())) {
            *problem = SecretSource::tr("more than %1 bytes were typed.").arg(kMaxSecretBytes);
            return {};
        }
        const ssize_t n = ::read(STDIN_FILENO, typed.data() + size, size_t(qsizetype(typed.size()) - size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // Ctrl+D or an error: what was typed so far
        size += n;
        if (typed[size_t(size - 1)] != '\n')
            continue;
        if (kind == CredentialKind::ClientSecret)
            break;
        if (QByteArray::fromRawData(typed.data(), size).contains("-----END "))
            break;
    }
    return SecretBuffer(QByteArrayView(typed.data(), size));
}

} // namespace

SecretSource::Answer SecretSource::read(const CommandLine &parser, const Workspace &workspace,
                                        const AppRegistration &registration, Io &io,
                                        const SecretReference &portable) const
{
    Answer answer;
    const CredentialKind kind = credentialKindFor(registration);
    const QString what = displayName(kind);
    const QString name = oneLine(elide(registration.name.isEmpty() ? registration.id : registration.name));
    const auto finish = [&answer](SecretBuffer secret, const QString &emptyProblem) {
        secret.trim();
        if (secret.isEmpty())
            answer.problem = emptyProblem;
        else
            answer.secret = std::move(secret);
        return std::move(answer);
    };

    if (parser.isSet(m_env) || parser.isSet(m_prefix)) {
        const QString variable =
            parser.isSet(m_env) ? parser.value(m_env) : prefixedVariable(parser.value(m_prefix), registration.id);
        // The bytes as exported, straight into the buffer (the environment block itself is the process's).
        QByteArray value = qgetenv(variable.toLocal8Bit().constData());
        return finish(SecretBuffer::takeFrom(value),
                      tr("no secret for '%1': the environment variable %2 is not set or empty. Export the %3 in it.")
                          .arg(name, oneLine(variable), what));
    }
    if (parser.isSet(m_file)) {
        const QString path = parser.value(m_file);
        // Opened first, then checked on the opened file: what is read is what was checked. O_NONBLOCK: a named
        // pipe does not block the open.
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0) {
            answer.problem = tr("cannot open the secret file %1: %2.")
                                 .arg(oneLine(path), QString::fromLocal8Bit(std::strerror(errno)));
            return answer;
        }
        const auto closeFd = qScopeGuard([fd] { ::close(fd); });
        struct stat st = {};
        if (::fstat(fd, &st) != 0) {
            answer.problem = tr("cannot read the secret file %1: %2.")
                                 .arg(oneLine(path), QString::fromLocal8Bit(std::strerror(errno)));
            return answer;
        }
        if (const QString problem = fileProblem(path, unsigned(st.st_mode), S_ISREG(st.st_mode)); !problem.isEmpty()) {
            answer.problem = problem;
            return answer;
        }
        bool tooLong = false;
        SecretBuffer secret = readDescriptor(fd, &tooLong);
        if (tooLong) {
            answer.problem = tr("the secret file %1 holds more than %2 bytes; put only the %3 in it.")
                                 .arg(oneLine(path))
                                 .arg(kMaxSecretBytes)
                                 .arg(what);
            return answer;
        }
        return finish(std::move(secret), tr("no secret: the file %1 is empty.").arg(oneLine(path)));
    }
    if (parser.isSet(m_stdin)) {
        bool tooLong = false;
        SecretBuffer secret = readDescriptor(fileno(stdin), &tooLong);
        if (tooLong) {
            answer.problem =
                tr("standard input holds more than %1 bytes; pipe in only the %2.").arg(kMaxSecretBytes).arg(what);
            return answer;
        }
        return finish(std::move(secret), tr("no secret: standard input was empty. Pipe in the %1.").arg(what));
    }

    // The portable config's own reference.
    if (portable.kind == SecretReference::Kind::Environment) {
        QByteArray value = qgetenv(portable.value.toLocal8Bit().constData());
        return finish(SecretBuffer::takeFrom(value),
                      tr("no secret for '%1': the environment variable %2 (the portable config's \"secret\": \"%3\") "
                         "is not set or empty. Export the %4 in it, or give --secret-env VAR.")
                          .arg(name, oneLine(portable.value), oneLine(portable.toString()), what));
    }
    if (portable.kind == SecretReference::Kind::File) {
        SecretFileRead read = readSecretFile(portable.value, kMaxSecretBytes);
        if (!read.ok) {
            answer.problem = tr("no secret: %1 (the file the portable config's \"secret\" names; or give "
                                "--secret-file PATH).")
                                 .arg(oneLine(read.problem));
            return answer;
        }
        return finish(std::move(read.secret), tr("no secret: the file %1 is empty.").arg(oneLine(portable.value)));
    }

    // No source named: the keychain, then the prompt.
    const bool terminal = m_use == Use::One && ::isatty(STDIN_FILENO) == 1;
    QString keychainProblem;
    if (haveSessionBus()) {
        KeychainAnswer stored = readKeychain(credentialKey(workspace.id, registration.id, kind));
        if (stored.arrived && stored.status == SecretStore::Status::Ok)
            return finish(std::move(stored.secret),
                          tr("no secret: the keychain's %1 for '%2' is empty.").arg(what, name));
        if (!stored.arrived)
            keychainProblem = tr("the OS keychain did not answer (unlock it).");
        else if (stored.status == SecretStore::Status::NotFound)
            keychainProblem = tr("the keychain holds no %1 for registration '%2' of this workspace.").arg(what, name);
        else
            keychainProblem =
                oneLine(stored.errorText.isEmpty() ? SecretStore::explain(stored.status) : stored.errorText);
    } else {
        keychainProblem = tr("no session bus is running, so the OS keychain cannot be asked.");
    }
    if (terminal) {
        QString problem;
        SecretBuffer typed = promptHidden(
            tr("%1 for '%2' (not shown): ").arg(what.left(1).toUpper() + what.mid(1), name), kind, io, &problem);
        if (!problem.isEmpty()) {
            answer.problem = tr("no secret: %1").arg(problem);
            return answer;
        }
        return finish(std::move(typed), tr("no secret: nothing was typed."));
    }
    answer.problem = m_use == Use::Many
                         ? tr("no secret for '%1': %2 Set --secret-env-prefix PREFIX, or store it with the console.")
                               .arg(name, keychainProblem)
                         : tr("no secret: %1 Set --secret-env VAR, --secret-file PATH or --secret-stdin, or store it "
                              "with the console.")
                               .arg(keychainProblem);
    return answer;
}

} // namespace cmic::cli
