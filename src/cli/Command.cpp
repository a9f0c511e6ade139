#include "Command.h"

#include "core/util/Logging.h"
#include "core/util/TerminalText.h"

#include <QTextStream>

namespace cmic::cli {

TerminalStream &TerminalStream::operator<<(const QString &text)
{
    m_stream << terminalSafe(text, LineFeeds::Keep);
    return *this;
}

void TerminalStream::json(const QString &text) { m_stream << terminalSafeJson(text); }

void TerminalStream::flush() { m_stream.flush(); }

void TerminalStream::writeNumber(qlonglong n) { m_stream << n; }

void TerminalStream::writeNumber(double n) { m_stream << n; }

QString oneLine(const QString &text) { return terminalSafe(text, LineFeeds::Escape); }

QString CommandSpec::translatedSummary() const { return QCoreApplication::translate("cmic::cli::Command", summary); }

QString CommandSpec::translatedDescription() const
{
    return QCoreApplication::translate("cmic::cli::Command", description);
}

CommandLine::CommandLine(const CommandSpec &spec, Io &io)
    : m_spec(spec), m_io(io), m_help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help.")),
      m_verbose(QStringLiteral("verbose"),
                tr("Also print the internal log lines (cmic.*) on standard error, for a bug report. QT_LOGGING_RULES, "
                   "when set, decides instead."))
{
    m_parser.setApplicationDescription(spec.translatedDescription());
}

void CommandLine::addOptions(const QList<QCommandLineOption> &options) { m_parser.addOptions(options); }

void CommandLine::addPositional(const QString &name, const QString &description, const QString &syntax)
{
    m_parser.addPositionalArgument(name, description, syntax);
    m_positionalSyntax << syntax;
}

void CommandLine::addHelpNote(const QString &paragraph) { m_notes << paragraph; }

void CommandLine::setSingleDashWordOptionMode(QCommandLineParser::SingleDashWordOptionMode mode)
{
    m_parser.setSingleDashWordOptionMode(mode);
}

std::optional<int> CommandLine::parse(const QStringList &args)
{
    m_parser.addOption(m_verbose);
    m_parser.addOption(m_help); // last, so --help ends the list of options
    if (!m_parser.parse(QStringList{QStringLiteral("cmic-oauth ") + QLatin1String(m_spec.name)} + args))
        return usageError(oneLine(m_parser.errorText()));
    if (m_parser.isSet(m_verbose))
        applyDefaultLoggingRules(true);
    if (m_parser.isSet(m_help)) {
        m_io.out << helpText();
        m_io.out.flush();
        return ExitOk;
    }
    return std::nullopt;
}

int CommandLine::usageError(const QString &message) const
{
    m_io.err << "cmic-oauth " << m_spec.name << ": " << message << "\n"
             << tr("Run 'cmic-oauth %1 --help' for the options.").arg(QLatin1String(m_spec.name)) << "\n";
    m_io.err.flush();
    return ExitUsage;
}

int CommandLine::inputError(const QString &message) const
{
    m_io.err << "cmic-oauth " << m_spec.name << ": " << message << "\n";
    m_io.err.flush();
    return ExitUsage;
}

QString CommandLine::usageLine() const
{
    QStringList words{QStringLiteral("cmic-oauth"), QLatin1String(m_spec.name), tr("[options]")};
    words += m_positionalSyntax;
    return words.join(QLatin1Char(' '));
}

QString CommandLine::helpText() const
{
    // QCommandLineParser's own first line names the executable by its full path; the rest (description, options,
    // arguments) is kept.
    const QString generated = m_parser.helpText();
    const qsizetype firstLineEnd = generated.indexOf(QLatin1Char('\n'));
    QString text = tr("Usage: %1").arg(usageLine()) + (firstLineEnd < 0 ? QString() : generated.mid(firstLineEnd));
    for (const QString &note : m_notes)
        text += QLatin1Char('\n') + note + QLatin1Char('\n');
    return text;
}

} // namespace cmic::cli
