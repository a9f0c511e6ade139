// cmic-oauth validate: the "Validate setup" pipeline from the command line (see docs/cli.md and
// docs/validation.md), for one registration or, with --all, every registration of the workspace a few at a time.
// The server-side use: copy the exported server workspace to the CMiC server and prove the flow from that network.
#include "Commands.h"
#include "Interrupt.h"
#include "Output.h"
#include "SecretSource.h"
#include "WorkspaceInput.h"

#include "core/model/Workspace.h"
#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"
#include "core/util/TerminalText.h"
#include "core/validation/JUnitReport.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unistd.h>

namespace cmic::cli {

int runValidate(const QStringList &args, Io &io);

const CommandSpec validateCommand{
    "validate",
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "prove registrations end to end: token, keys, claims, service user, a CMiC call"),
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "Proves one app registration (or, with --all, every one) end to end, the way CMiC will see it: "
                      "configuration, discovery, a token from the IdP, the JWKS, the signature and claims, the "
                      "service user, and a call to CMiC. Says which layer failed and how to fix it."),
    &runValidate};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Validate)
};

enum class Format { Text, Json, JUnit, Html };

std::optional<Format> formatFrom(const QString &word)
{
    if (word == QLatin1String("text"))
        return Format::Text;
    if (word == QLatin1String("json"))
        return Format::Json;
    if (word == QLatin1String("junit"))
        return Format::JUnit;
    if (word == QLatin1String("html"))
        return Format::Html;
    return std::nullopt;
}

constexpr int kDefaultJobs = 8; // network-bound runs: 8 at once hide an IdP round trip (bench/cli)
constexpr int kMaxJobs = 32;

// One report as JSON, with the schema member every JSON output of cmic-oauth has (docs/cli.md).
QJsonObject reportJson(const validation::ValidationReport &report)
{
    QJsonObject json = report.toJson();
    json.insert(QStringLiteral("schema"), QLatin1String(kSchemaValidation));
    return json;
}

QByteArray renderOne(const validation::ValidationReport &report, Format format)
{
    switch (format) {
    case Format::Text: return validation::renderReport(report, validation::ReportFormat::Text);
    case Format::Html: return validation::renderReport(report, validation::ReportFormat::Html);
    case Format::Json: return QJsonDocument(reportJson(report)).toJson(QJsonDocument::Indented);
    case Format::JUnit: return validation::renderJUnit({report}, QStringLiteral("cmic-oauth validate"));
    }
    return {};
}

QByteArray renderAll(const QList<validation::ValidationReport> &reports, Format format)
{
    switch (format) {
    case Format::Text: {
        QByteArray text;
        for (const validation::ValidationReport &report : reports)
            text += validation::renderReport(report, validation::ReportFormat::Text) + "\n";
        return text;
    }
    case Format::Json: {
        QJsonArray list;
        int passed = 0;
        for (const validation::ValidationReport &report : reports) {
            list.append(report.toJson());
            passed += validation::ReportVerdict::of(report).ok() ? 1 : 0;
        }
        const QJsonObject doc{
            {QStringLiteral("schema"), QLatin1String(kSchemaValidationAll)},
            {QStringLiteral("passed"), passed == reports.size()},
            {QStringLiteral("summary"), QJsonObject{{QStringLiteral("registrations"), int(reports.size())},
                                                    {QStringLiteral("passed"), passed},
                                                    {QStringLiteral("failed"), int(reports.size()) - passed}}},
            {QStringLiteral("reports"), list}};
        return QJsonDocument(doc).toJson(QJsonDocument::Indented);
    }
    case Format::JUnit: return validation::renderJUnit(reports, QStringLiteral("cmic-oauth validate --all"));
    case Format::Html: break; // refused before the run
    }
    return {};
}

// Runs |inputs| with at most |jobs| validators at once, all in this thread's event loop (each run is
// asynchronous). |progress| is called after each run finishes. Stops early (every run cancelled) on stop().
class BatchRunner
{
public:
    BatchRunner(const net::HttpPolicy &policy, int jobs) : m_policy(policy), m_jobs(jobs) {}

    QList<validation::ValidationReport> run(std::vector<validation::ValidationInput> inputs,
                                            const std::function<void(int done, int failed)> &progress)
    {
        m_inputs = std::move(inputs);
        m_reports = QList<validation::ValidationReport>(qsizetype(m_inputs.size()));
        m_progress = progress;
        for (int i = 0; i < m_jobs && m_next < m_inputs.size(); ++i)
            startNext();
        if (m_running > 0)
            m_loop.exec();
        return m_reports;
    }

    void stop()
    {
        m_stopping = true;
        m_next = m_inputs.size();
        for (const auto &[index, validator] : m_active)
            validator->cancel();
        if (m_running == 0)
            m_loop.quit();
    }

private:
    void startNext()
    {
        const size_t index = m_next++;
        auto validator = std::make_unique<validation::SetupValidator>(m_policy, Clock::system());
        validation::SetupValidator *raw = validator.get();
        QObject::connect(raw, &validation::SetupValidator::finished, raw,
                         [this, index, raw](const validation::ValidationReport &report) {
                             m_reports[qsizetype(index)] = report;
                             m_inputs[index].credential.clear();
                             ++m_done;
                             m_failed += validation::ReportVerdict::of(report).ok() ? 0 : 1;
                             --m_running;
                             // Destroyed later: this lambda runs inside the validator's signal.
                             raw->deleteLater();
                             m_active.erase(index);
                             if (m_progress)
                                 m_progress(m_done, m_failed);
                             if (m_next < m_inputs.size() && !m_stopping)
                                 startNext();
                             else if (m_running == 0)
                                 m_loop.quit();
                         });
        ++m_running;
        m_active.emplace(index, raw);
        validator.release(); // owned by deleteLater once finished
        raw->start(m_inputs[index]);
        m_inputs[index].credential.clear(); // the run keeps its own copy
    }

    const net::HttpPolicy &m_policy;
    const int m_jobs;
    std::vector<validation::ValidationInput> m_inputs;
    QList<validation::ValidationReport> m_reports;
    std::function<void(int, int)> m_progress;
    std::map<size_t, validation::SetupValidator *> m_active;
    size_t m_next = 0;
    int m_running = 0;
    int m_done = 0;
    int m_failed = 0;
    bool m_stopping = false;
    QEventLoop m_loop;
};

} // namespace

int runValidate(const QStringList &args, Io &io)
{
    CommandLine parser(validateCommand, io);
    addWorkspaceArgument(parser);
    const QCommandLineOption registrationOption = cli::registrationOption(
        Msg::tr("The registration to validate, by name or id (needed when the workspace has several)."));
    const QCommandLineOption allOption(QStringLiteral("all"),
                                       Msg::tr("Validate every registration of the workspace, a few at a time."));
    const QCommandLineOption jobsOption(QStringLiteral("jobs"),
                                        Msg::tr("With --all: how many registrations run at once, 1 to %1 (default "
                                                "%2).")
                                            .arg(kMaxJobs)
                                            .arg(kDefaultJobs),
                                        QStringLiteral("N"), QString::number(kDefaultJobs));
    const SecretSource secrets(SecretSource::Use::One);
    const SecretSource manySecrets(SecretSource::Use::Many);
    const QCommandLineOption expectUserOption(
        QStringLiteral("expect-user"),
        Msg::tr("The CMiC username the calls must run as (compared case-insensitively)."), QStringLiteral("NAME"));
    const QCommandLineOption noCmicOption(QStringLiteral("no-cmic"),
                                          Msg::tr("Stop after the service-user step; do not call CMiC."));
    const QCommandLineOption caBundleOption(
        QStringLiteral("ca-bundle"),
        Msg::tr("Extra CA certificates (PEM) to trust besides the system's, instead of the workspace's CA bundle."),
        QStringLiteral("PEM"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           Msg::tr("Timeout of each exchange, 1 to 600 seconds (default 15)."),
                                           QStringLiteral("SECONDS"), QStringLiteral("15"));
    const QCommandLineOption formatOption(QStringList{QStringLiteral("f"), QStringLiteral("format")},
                                          Msg::tr("Output: text (default), json, junit or html (html: one "
                                                  "registration only)."),
                                          QStringLiteral("text|json|junit|html"), QStringLiteral("text"));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          Msg::tr("Write the report to this file instead of standard output (- for "
                                                  "standard output)."),
                                          QStringLiteral("FILE"));
    parser.addOptions({registrationOption, allOption, jobsOption});
    parser.addOptions(secrets.options());
    parser.addOptions({expectUserOption, noCmicOption, caBundleOption, timeoutOption, formatOption, outputOption});
    parser.addHelpNote(secrets.helpNote());
    parser.addHelpNote(Msg::tr("Progress goes to standard error (with --all only when it is a terminal), the report "
                               "to standard output or --output. JUnit: one testsuite per registration, one testcase "
                               "per step, for GitLab CI and Jenkins."));
    parser.addHelpNote(
        Msg::tr("Exit status: 0 every step passed (a CMiC call that was skipped included; with --all, for every "
                "registration), 1 a step failed or the run was cancelled, 2 usage error, unreadable input or no "
                "secret, 130 interrupted (SIGINT), 143 terminated (SIGTERM)."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    const auto usage = [&parser](const QString &message) { return parser.inputError(message); };

    const bool all = parser.isSet(allOption);
    const std::optional<Format> format = formatFrom(parser.value(formatOption));
    if (!format)
        return parser.usageError(
            Msg::tr("--format must be text, json, junit or html, not '%1'.").arg(oneLine(parser.value(formatOption))));
    if (all && *format == Format::Html)
        return parser.usageError(Msg::tr("--format html holds one registration; with --all use text, json or junit."));
    if (all && parser.isSet(registrationOption))
        return parser.usageError(Msg::tr("give --all or --registration, not both."));
    bool numberOk = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&numberOk);
    if (!numberOk || timeoutSeconds < 1 || timeoutSeconds > 600)
        return parser.usageError(Msg::tr("--timeout must be a number of seconds from 1 to 600, not '%1'.")
                                     .arg(oneLine(parser.value(timeoutOption))));
    const int jobs = parser.value(jobsOption).toInt(&numberOk);
    if (!numberOk || jobs < 1 || jobs > kMaxJobs)
        return parser.usageError(Msg::tr("--jobs must be a number from 1 to %1, not '%2'.")
                                     .arg(kMaxJobs)
                                     .arg(oneLine(parser.value(jobsOption))));
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(
            Msg::tr("give exactly one workspace file, e.g. cmic-oauth validate server.cmic-oauth.json"));
    const QString workspacePath = parser.positionalArguments().constFirst();
    const bool workspaceFromStdin = workspacePath == QLatin1String("-");
    const SecretSource &source = all ? manySecrets : secrets;
    if (const QString problem = source.usageProblem(parser, workspaceFromStdin); !problem.isEmpty())
        return parser.usageError(problem);

    // Where the report goes is checked before anything is fetched; "-" is standard output.
    const bool writesFile = parser.isSet(outputOption) && parser.value(outputOption) != QLatin1String("-");
    if (writesFile) {
        if (const QString problem = validation::reportTargetProblem(parser.value(outputOption),
                                                                    workspaceFromStdin ? QString() : workspacePath);
            !problem.isEmpty())
            return parser.usageError(oneLine(problem) + QLatin1Char(' ')
                                     + Msg::tr("Or leave --output out (or give -) to print the report."));
    }

    Workspace workspace;
    SecretReference portableSecret; // what a portable config names; invalid for a workspace
    if (const QString problem = loadWorkspace(workspacePath, &workspace, &portableSecret); !problem.isEmpty())
        return usage(problem);
    QList<const AppRegistration *> registrations;
    if (all) {
        if (workspace.registrations.isEmpty())
            return usage(Msg::tr("the workspace has no registration to validate; add one in the console."));
        for (const AppRegistration &r : workspace.registrations)
            registrations << &r;
    } else {
        QString problem;
        const AppRegistration *registration = chooseRegistration(
            workspace, parser.isSet(registrationOption) ? parser.value(registrationOption) : QString(), &problem);
        if (!registration)
            return usage(problem);
        registrations << registration;
    }

    // The credentials: given for this run only, never stored. Every missing one is named before anything runs.
    std::vector<validation::ValidationInput> inputs;
    QStringList missing;
    for (const AppRegistration *registration : registrations) {
        SecretSource::Answer answer = source.read(parser, workspace, *registration, io, portableSecret);
        if (interruptSignal() != 0)
            return interruptedExitCode();
        if (!answer.problem.isEmpty()) {
            missing << answer.problem;
            continue;
        }
        validation::ValidationInput input;
        input.workspace = workspace;
        input.registrationId = registration->id;
        input.credential = std::move(answer.secret);
        input.expectUser = parser.value(expectUserOption);
        input.probeCmic = !parser.isSet(noCmicOption);
        inputs.push_back(std::move(input));
    }
    if (!missing.isEmpty()) {
        constexpr qsizetype kShown = 20;
        QString text = missing.mid(0, kShown).join(QLatin1Char('\n'));
        if (missing.size() > kShown)
            text += QLatin1Char('\n') + Msg::tr("... and %n more.", nullptr, int(missing.size() - kShown));
        return usage(text);
    }

    // The network, with the workspace's settings (the CA bundle may be replaced by --ca-bundle).
    net::HttpPolicy policy;
    QString error;
    if (!applyNetworkSettings(policy, workspace, workspacePath, parser.value(caBundleOption), "validate", io, &error))
        return usage(error);
    policy.setTimeoutMs(timeoutSeconds * 1000);

    QByteArray rendered;
    QList<validation::ValidationReport> reports;
    if (!all) {
        validation::SetupValidator validator(policy, Clock::system());
        QObject::connect(&validator, &validation::SetupValidator::stepFinished, &validator,
                         [&io](const validation::StepResult &step) {
                             io.err << "cmic-oauth validate: " << validation::displayName(step.step) << ": "
                                    << validation::toString(step.status);
                             if (step.status == validation::StepStatus::Failed)
                                 io.err << " (" << validation::displayName(step.layer) << ")";
                             io.err << "\n";
                             io.err.flush();
                         });
        io.err << Msg::tr("cmic-oauth validate: validating '%1'...").arg(oneLine(elide(registrations.first()->name)))
               << "\n";
        io.err.flush();
        const StopAction stop([&validator] { validator.cancel(); });
        reports << validator.runBlocking(inputs.front());
        inputs.front().credential.clear();
        rendered = renderOne(reports.first(), *format);
    } else {
        const bool terminal = ::isatty(STDERR_FILENO) == 1;
        const int total = int(inputs.size());
        BatchRunner runner(policy, jobs);
        const StopAction stop([&runner] { runner.stop(); });
        reports = runner.run(std::move(inputs), [&](int done, int failed) {
            if (!terminal)
                return;
            io.err << "\r" << Msg::tr("cmic-oauth validate: %1/%2 done, %3 failed").arg(done).arg(total).arg(failed);
            if (done == total)
                io.err << "\n";
            io.err.flush();
        });
        rendered = renderAll(reports, *format);
    }

    const QString outputPath = writesFile ? parser.value(outputOption) : QStringLiteral("-");
    if (const QString problem =
            writeOutput(outputPath, rendered, *format == Format::Json ? OutputKind::Json : OutputKind::Text,
                        FileAccess::Default, io);
        !problem.isEmpty())
        return usage(oneLine(problem) + QLatin1Char(' ')
                     + Msg::tr("Give another file with --output, or leave it out to print the report."));
    if (writesFile)
        io.err << Msg::tr("cmic-oauth validate: report written to %1")
                      .arg(oneLine(QFileInfo(outputPath).absoluteFilePath()))
               << "\n";

    int failed = 0;
    QStringList failedNames;
    for (const validation::ValidationReport &report : reports) {
        const validation::ReportVerdict verdict = validation::ReportVerdict::of(report);
        if (!verdict.ok()) {
            ++failed;
            failedNames << oneLine(
                elide(report.registrationName.isEmpty() ? report.registrationId : report.registrationName));
        }
        // On one line: a line feed from a server (in a step's summary) must not print a line of its own.
        if (!all)
            io.err << "cmic-oauth validate: " << terminalSafe(verdict.statusLine(), LineFeeds::Escape) << "\n";
    }
    if (all) {
        constexpr qsizetype kNamed = 10;
        io.err << "cmic-oauth validate: "
               << (failed == 0 ? Msg::tr("all %n registration(s) passed.", nullptr, int(reports.size()))
                               : Msg::tr("%1 of %2 registrations failed: %3")
                                     .arg(failed)
                                     .arg(reports.size())
                                     .arg(failedNames.mid(0, kNamed).join(QLatin1String(", "))
                                          + (failedNames.size() > kNamed ? QStringLiteral(", ...") : QString())))
               << "\n";
    }
    io.err.flush();
    if (interruptSignal() != 0)
        return interruptedExitCode();
    return failed == 0 ? ExitOk : ExitInvalid;
}

} // namespace cmic::cli
