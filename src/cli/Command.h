#pragma once

// What every cmic-oauth command shares: the exit codes, the terminal-safe output streams, the command's spec (word,
// summary, description) and its command line (options, positional arguments, --help, usage errors).

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>

#include <optional>
#include <type_traits>

class QTextStream;

namespace cmic::cli {

// docs/cli.md: 0 success / valid, 1 checks failed / invalid, 2 usage error or unreadable input.
enum ExitCode { ExitOk = 0, ExitInvalid = 1, ExitUsage = 2 };

// A stream on a terminal. Every string written goes through terminalSafe(text, LineFeeds::Keep): file contents,
// server answers, token claims and even argv may hold escape sequences. A value quoted inside a line goes through
// oneLine() as well, so its line feeds cannot print a line of their own. JSON goes through json().
class TerminalStream
{
public:
    explicit TerminalStream(QTextStream &stream) : m_stream(stream) {}

    TerminalStream &operator<<(const QString &text);
    TerminalStream &operator<<(QLatin1String text) { return *this << QString(text); }
    TerminalStream &operator<<(const char *utf8) { return *this << QString::fromUtf8(utf8); }
    TerminalStream &operator<<(QChar c) { return *this << QString(c); }
    TerminalStream &operator<<(char c) { return *this << QString(QLatin1Char(c)); }
    template <typename Number>
    requires std::is_arithmetic_v<Number> TerminalStream &operator<<(Number n)
    {
        writeNumber(static_cast<std::conditional_t<std::is_floating_point_v<Number>, double, qlonglong>>(n));
        return *this;
    }

    // JSON output (--format json): valid JSON holding the same value, with every character a terminal acts on
    // inside its strings written as a \uXXXX escape (terminalSafeJson), so a script reads the original text and a
    // terminal shows escapes.
    void json(const QString &text);
    void flush();

private:
    void writeNumber(qlonglong n);
    void writeNumber(double n);

    QTextStream &m_stream;
};

struct Io
{
    TerminalStream out; // results (machine-readable where --format json)
    TerminalStream err; // diagnostics
    QTextStream &in;    // for "-" arguments (--secret-stdin reads standard input unbuffered, into a SecretBuffer)
};

// |text| from outside (a file, a server, a token, argv) for use inside one line: control characters, line feeds
// included, become \uXXXX escapes.
QString oneLine(const QString &text);

// One command: `cmic-oauth NAME`. summary and description are QT_TRANSLATE_NOOP("cmic::cli::Command", ...).
struct CommandSpec
{
    const char *name;        // the command word
    const char *summary;     // one line in `cmic-oauth --help`
    const char *description; // the paragraph under the usage line of `cmic-oauth NAME --help`
    int (*run)(const QStringList &args, Io &io);

    QString translatedSummary() const;
    QString translatedDescription() const;
};

// The command line of one command: its options and positional arguments, -h/--help, --verbose (the internal log
// lines on standard error, applyDefaultLoggingRules; also accepted before the command word) and usage errors.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::CommandLine)

public:
    CommandLine(const CommandSpec &spec, Io &io);

    void addOptions(const QList<QCommandLineOption> &options);
    // |syntax| is how the usage line shows it: WORKSPACE, [TOKEN|-].
    void addPositional(const QString &name, const QString &description, const QString &syntax);
    // A paragraph after the options and arguments in --help (exit status, notes).
    void addHelpNote(const QString &paragraph);
    void setSingleDashWordOptionMode(QCommandLineParser::SingleDashWordOptionMode mode);

    // Parses the arguments after the command word. An exit code when the command is done: --help printed (0) or
    // a usage error reported (2); nothing when it should run.
    [[nodiscard]] std::optional<int> parse(const QStringList &args);

    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    QStringList values(const QCommandLineOption &option) const { return m_parser.values(option); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }

    // `cmic-oauth NAME: message` and the --help hint on standard error; ExitUsage.
    int usageError(const QString &message) const;
    // `cmic-oauth NAME: message` on standard error, for input that could not be used (a file, the keychain);
    // ExitUsage.
    int inputError(const QString &message) const;
    QString usageLine() const; // cmic-oauth NAME [options] ARGS...
    QString helpText() const;

private:
    const CommandSpec &m_spec;
    Io &m_io;
    QCommandLineParser m_parser;
    const QCommandLineOption m_help;
    const QCommandLineOption m_verbose;
    QStringList m_positionalSyntax;
    QStringList m_notes;
};

} // namespace cmic::cli
