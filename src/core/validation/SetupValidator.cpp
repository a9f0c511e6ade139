#include "SetupValidator.h"

#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"

#include <QEventLoop>
#include <QTimer>

namespace cmic::validation {

struct SetupValidator::Run
{
    ValidationInput input;
    QString accessToken;
    bool done = false;
};

SetupValidator::SetupValidator(const net::HttpPolicy &policy, const Clock &clock, QObject *parent)
    : QObject(parent), m_policy(policy), m_clock(clock), m_report(ValidationReport::empty())
{
    qRegisterMetaType<StepId>("cmic::validation::StepId");
    qRegisterMetaType<StepResult>("cmic::validation::StepResult");
    qRegisterMetaType<ValidationReport>("cmic::validation::ValidationReport");
}

SetupValidator::~SetupValidator() = default;

bool SetupValidator::start(const ValidationInput &input)
{
    if (isRunning())
        return false;
    m_run = std::make_unique<Run>();
    m_run->input = input;
    m_report = ValidationReport::empty();
    m_report.registrationId = input.registrationId;
    QTimer::singleShot(0, this, [this] {
        if (!m_run || m_run->done)
            return;
        m_run->done = true;
        emit finished(m_report);
    });
    return true;
}

void SetupValidator::cancel()
{
    if (!isRunning())
        return;
    m_run->done = true;
    m_report.cancelled = true;
    for (StepResult &s : m_report.steps) {
        if (s.status == StepStatus::Pending || s.status == StepStatus::Running)
            s.status = StepStatus::Cancelled;
    }
    emit finished(m_report);
}

bool SetupValidator::isRunning() const { return m_run && !m_run->done; }

const ValidationReport &SetupValidator::report() const { return m_report; }

QString SetupValidator::accessToken() const { return m_run ? m_run->accessToken : QString(); }

ValidationReport SetupValidator::runBlocking(const ValidationInput &input)
{
    if (!start(input))
        return m_report;
    QEventLoop loop;
    connect(this, &SetupValidator::finished, &loop, &QEventLoop::quit);
    loop.exec();
    return m_report;
}

} // namespace cmic::validation
