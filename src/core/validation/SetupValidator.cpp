#include "SetupRun.h"

#include <QEventLoop>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcValidation, "cmic.validation")

namespace cmic::validation {

SetupValidator::SetupValidator(const net::HttpPolicy &policy, const Clock &clock, QObject *parent)
    : QObject(parent), m_policy(policy), m_clock(clock), m_report(ValidationReport::empty())
{
    qRegisterMetaType<cmic::validation::StepId>("cmic::validation::StepId");
    qRegisterMetaType<cmic::validation::StepResult>("cmic::validation::StepResult");
    qRegisterMetaType<cmic::validation::ValidationReport>("cmic::validation::ValidationReport");
}

SetupValidator::~SetupValidator()
{
    if (m_run && !m_run->done) {
        m_run->done = true; // callbacks of the aborted exchange find the run over and do nothing
        if (m_run->job)
            m_run->job->cancel();
    }
}

bool SetupValidator::start(const ValidationInput &input)
{
    if (isRunning())
        return false;
    m_report = ValidationReport::empty();
    m_report.registrationId = input.registrationId;
    if (const AppRegistration *registration = input.workspace.registration(input.registrationId)) {
        m_report.registrationName = registration->name;
        if (const Environment *environment = input.workspace.environment(registration->environmentId)) {
            m_report.environmentName = environment->name;
            m_report.environmentPatchLevel = environment->patchLevel;
        }
    }
    m_report.startedAt = m_clock.now().toUTC();
    m_report.curl = m_policy.curlOptions();
    m_run = std::make_unique<Run>(*this, input);
    qCDebug(lcValidation) << "validation started for" << input.registrationId;
    m_run->later([run = m_run.get()] { run->configuration(); });
    return true;
}

void SetupValidator::cancel()
{
    if (!isRunning())
        return;
    Run &run = *m_run;
    const bool stepsLeft = std::any_of(m_report.steps.cbegin(), m_report.steps.cend(), [](const StepResult &step) {
        return step.status == StepStatus::Running || step.status == StepStatus::Pending;
    });
    if (!stepsLeft) {
        // Every step has finished and only the report was still to be sent: the run is complete, not cancelled.
        run.complete();
        return;
    }
    run.done = true; // from here on, callbacks of this run do nothing
    run.input.credential.clear();
    if (run.job)
        run.job->cancel(); // emits its finished() now; the guarded callback ignores it
    run.job = nullptr;
    m_report.cancelled = true;
    QList<StepResult> cancelled;
    for (StepResult &step : m_report.steps) {
        if (step.status == StepStatus::Running) {
            step = run.result;
            step.status = StepStatus::Cancelled;
            step.elapsedMs = run.stepTimer.isValid() ? run.stepTimer.elapsed() : 0;
            step.summary = tr("Cancelled while running.");
            cancelled << step;
        } else if (step.status == StepStatus::Pending) {
            step.status = StepStatus::Cancelled;
            step.summary = tr("Cancelled before it started.");
            cancelled << step;
        }
    }
    m_report.finishedAt = m_clock.now().toUTC();
    qCDebug(lcValidation) << "validation cancelled";
    for (const StepResult &step : std::as_const(cancelled))
        emit stepFinished(step);
    const ValidationReport copy = m_report;
    emit finished(copy);
}

bool SetupValidator::isRunning() const { return m_run && !m_run->done; }

const ValidationReport &SetupValidator::report() const { return m_report; }

QString SetupValidator::accessToken() const { return m_run ? m_run->accessToken : QString(); }

ValidationReport SetupValidator::runBlocking(const ValidationInput &input)
{
    QEventLoop loop;
    const QMetaObject::Connection connection = connect(this, &SetupValidator::finished, &loop, &QEventLoop::quit);
    if (start(input))
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    disconnect(connection);
    return m_report;
}

} // namespace cmic::validation
