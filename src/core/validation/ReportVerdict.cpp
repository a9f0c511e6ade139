#include "ReportVerdict.h"

#include "Reconciliation.h"

#include <algorithm>

namespace cmic::validation {

namespace {

// A sentence continuing another after a colon: "...refused the client: the IdP answered ..." (an abbreviation
// such as "IdP" or "CMiC" keeps its capital).
QString continued(QString sentence)
{
    if (sentence.size() > 1 && sentence.at(0).isUpper() && sentence.at(1).isLower())
        sentence[0] = sentence.at(0).toLower();
    return sentence;
}

// A sentence inside parentheses: continued, without its final full stop.
QString parenthesised(QString sentence)
{
    sentence = continued(sentence.trimmed());
    while (sentence.endsWith(QLatin1Char('.')))
        sentence.chop(1);
    return sentence;
}

// What the first failure means for the admin, by layer: "The identity provider refused the client: ...".
QString layerSentence(Layer layer, const QString &summary)
{
    const QString rest = continued(summary);
    switch (layer) {
    case Layer::Configuration: return ReportVerdict::tr("The registration's configuration is incomplete: %1").arg(rest);
    case Layer::Network:
        return ReportVerdict::tr("The console could not reach a server (network or TLS): %1").arg(rest);
    case Layer::Idp: return ReportVerdict::tr("The identity provider refused the client: %1").arg(rest);
    case Layer::Keys: return ReportVerdict::tr("The identity provider's signing keys cannot be used: %1").arg(rest);
    case Layer::Token: return ReportVerdict::tr("CMiC would refuse the token: %1").arg(rest);
    case Layer::Cmic: return ReportVerdict::tr("CMiC refused the call: %1").arg(rest);
    }
    return rest;
}

// The fix of the failed step's first error, or else of its first finding that has one.
QString firstFix(const StepResult &step)
{
    for (const Finding &f : step.findings) {
        if (f.severity == Severity::Error && !f.fix.isEmpty())
            return f.fix;
    }
    for (const Finding &f : step.findings) {
        if (!f.fix.isEmpty())
            return f.fix;
    }
    return {};
}

// The step's result, or an empty (pending) one when the report does not hold all steps (a report being built).
const StepResult &stepOf(const ValidationReport &report, StepId id)
{
    static const StepResult none;
    return int(id) < report.steps.size() ? report.steps.at(int(id)) : none;
}

bool anyStep(const ValidationReport &report, StepStatus status)
{
    return std::any_of(report.steps.cbegin(), report.steps.cend(),
                       [status](const StepResult &s) { return s.status == status; });
}

} // namespace

QString toString(ReportVerdict::Outcome outcome)
{
    switch (outcome) {
    case ReportVerdict::Outcome::Passed: return QStringLiteral("passed");
    case ReportVerdict::Outcome::ReadyUpToCmicCall: return QStringLiteral("ready-up-to-cmic-call");
    case ReportVerdict::Outcome::Failed: return QStringLiteral("failed");
    case ReportVerdict::Outcome::Cancelled: return QStringLiteral("cancelled");
    case ReportVerdict::Outcome::Incomplete: return QStringLiteral("incomplete");
    }
    return {};
}

ReportVerdict ReportVerdict::of(const ValidationReport &report)
{
    ReportVerdict v;
    v.warnings = anyStep(report, StepStatus::Warning);
    v.warningSteps = int(std::count_if(report.steps.cbegin(), report.steps.cend(),
                                       [](const StepResult &s) { return s.status == StepStatus::Warning; }));
    const QString warningsNote = tr("Look at the warnings in the findings before going live.");
    if (report.cancelled || anyStep(report, StepStatus::Cancelled)) {
        v.outcome = Outcome::Cancelled;
        v.look = StepStatus::Cancelled;
        v.headline = tr("Validation cancelled");
        v.sentence = tr("The run was stopped before it finished, so nothing is proven yet. Run the validation again "
                        "to complete it.");
    } else if (const StepResult *failure = report.firstFailure()) {
        v.outcome = Outcome::Failed;
        v.look = StepStatus::Failed;
        v.failedStep = failure->step;
        v.failedLayer = failure->layer;
        v.failureSummary = failure->summary;
        v.headline = tr("Failed at the %1 step").arg(displayName(failure->step));
        const QString summary =
            failure->summary.isEmpty() ? tr("see the step's findings for details.") : failure->summary;
        const CmicAnswer answer = cmicAnswerOf(stepOf(report, StepId::CmicCall));
        if (answer.kind == CmicAnswer::Kind::Refused
            && (failure->layer == Layer::Token || failure->layer == Layer::Keys))
            v.sentence = tr("CMiC refused the token (HTTP %1), as the console predicted: %2")
                             .arg(answer.status)
                             .arg(continued(summary));
        else
            v.sentence = layerSentence(failure->layer, summary);
        v.fix = firstFix(*failure);
        // CMiC's refusal tied to a local warning: the warning's layer and fix are where the problem is.
        const StepResult &reconciled = stepOf(report, StepId::Reconciliation);
        if (failure->step == StepId::CmicCall && reconciled.status == StepStatus::Failed) {
            for (const Finding &f : reconciled.findings) {
                if (f.code == QLatin1String("reconcile.warning-confirmed") && !f.fix.isEmpty()) {
                    v.fix = f.fix;
                    v.failedLayer = reconciled.layer;
                    v.sentence = reconciled.summary + QLatin1Char(' ') + f.message;
                    break;
                }
            }
        }
    } else if (report.steps.size() != kStepCount || anyStep(report, StepStatus::Pending)
               || anyStep(report, StepStatus::Running)) {
        v.outcome = Outcome::Incomplete;
        v.look = StepStatus::Running;
        v.headline = tr("Validation not finished");
        v.sentence = tr("Some steps have not finished yet, so nothing is proven yet.");
    } else {
        v.look = v.warnings ? StepStatus::Warning : StepStatus::Passed;
        const StepResult &call = report.step(StepId::CmicCall);
        // Only an answer from CMiC proves it accepts the token: a call that warns because every probe was rate
        // limited (429) got no 2xx and proves nothing.
        const bool unjudged =
            call.status == StepStatus::Warning && !call.exchanges.isEmpty()
            && std::none_of(call.exchanges.cbegin(), call.exchanges.cend(),
                            [](const net::HttpExchange &e) { return e.status >= 200 && e.status < 300; });
        const StepResult &reconciled = stepOf(report, StepId::Reconciliation);
        const bool overruled =
            std::any_of(reconciled.findings.cbegin(), reconciled.findings.cend(),
                        [](const Finding &f) { return f.code == QLatin1String("reconcile.cmic-accepted"); });
        if ((call.status == StepStatus::Passed || call.status == StepStatus::Warning) && !unjudged) {
            v.outcome = Outcome::Passed;
            v.disagreement = overruled;
            v.headline = overruled    ? tr("Passed, but this workspace does not describe CMiC")
                         : v.warnings ? tr("Passed, with warnings")
                                      : tr("Passed: the setup works end to end");
            v.sentence = tr("The identity provider issued a token that CMiC accepts for this registration.");
            if (overruled)
                v.sentence += QLatin1Char(' ')
                              + tr("Local checks predicted a refusal, so CMiC's registration or settings differ from "
                                   "the workspace; update the workspace where the step \"%1\" says, or exports made "
                                   "from it will be wrong.")
                                    .arg(displayName(StepId::Reconciliation));
        } else {
            v.outcome = Outcome::ReadyUpToCmicCall;
            v.headline = v.warnings ? tr("Ready up to the CMiC call, with warnings") : tr("Ready up to the CMiC call");
            v.sentence = tr("Every step up to the CMiC call passed; CMiC itself was not called (%1), so whether it "
                            "accepts the token is not proven.")
                             .arg(parenthesised(call.skipReason.isEmpty() ? call.summary : call.skipReason));
        }
        if (v.warnings)
            v.sentence += QLatin1Char(' ') + warningsNote;
    }
    return v;
}

QString ReportVerdict::runTitle() const
{
    switch (outcome) {
    case Outcome::Incomplete: return tr("Running the checks");
    case Outcome::Cancelled: return tr("Checks cancelled");
    case Outcome::Failed:
        return tr("Checks finished: failed at the %1 step").arg(failedStep ? displayName(*failedStep) : QString());
    case Outcome::Passed:
    case Outcome::ReadyUpToCmicCall: return warnings ? tr("Checks finished, with warnings") : tr("Checks finished");
    }
    return {};
}

QString ReportVerdict::runStatus() const
{
    switch (outcome) {
    case Outcome::Cancelled: return tr("Cancelled. The steps that had not finished are marked cancelled.");
    case Outcome::Failed:
        return tr("Failed at the %1 step. See the result for what to fix.")
            .arg(failedStep ? displayName(*failedStep) : QString());
    case Outcome::Passed:
        return warnings ? tr("No check failed, but %n step(s) warned: look at the warnings before going live.", nullptr,
                             warningSteps)
                        : tr("Every check passed.");
    case Outcome::ReadyUpToCmicCall:
        return warnings ? tr("No check that ran failed, but %n step(s) warned; CMiC itself was not called.", nullptr,
                             warningSteps)
                        : tr("Every check that ran passed; CMiC itself was not called.");
    case Outcome::Incomplete: return headline;
    }
    return {};
}

QString ReportVerdict::details() const
{
    if (fix.isEmpty())
        return sentence;
    return sentence + QLatin1Char('\n') + tr("What to do: %1").arg(fix);
}

QString ReportVerdict::statusLine() const
{
    switch (outcome) {
    case Outcome::Passed:
        if (disagreement)
            return tr("PASSED end to end, but this workspace does not describe CMiC: CMiC accepted this registration's "
                      "token although local checks predicted a refusal; update the workspace where the step \"%1\" "
                      "says.")
                .arg(displayName(StepId::Reconciliation));
        return warnings ? tr("PASSED end to end, with warnings: CMiC accepted this registration's token; look at the "
                             "warnings before going live.")
                        : tr("PASSED end to end: CMiC accepted this registration's token.");
    case Outcome::ReadyUpToCmicCall:
        return (warnings ? tr("READY UP TO THE CMiC CALL, with warnings: %1") : tr("READY UP TO THE CMiC CALL: %1"))
            .arg(sentence);
    case Outcome::Failed:
        return tr("FAILED at the %1 step (%2): %3")
            .arg(failedStep ? displayName(*failedStep) : QString(), displayName(failedLayer),
                 failureSummary.isEmpty() ? tr("see the step's findings for details.") : failureSummary);
    case Outcome::Cancelled: return tr("CANCELLED: the run was stopped before every step finished.");
    case Outcome::Incomplete: return tr("NOT FINISHED: some steps have not finished yet.");
    }
    return {};
}

QString ReportVerdict::resultLine() const { return tr("Result: %1").arg(statusLine()); }

QJsonObject ReportVerdict::toJson() const
{
    QJsonObject o{{QStringLiteral("outcome"), toString(outcome)}, {QStringLiteral("headline"), headline},
                  {QStringLiteral("sentence"), sentence},         {QStringLiteral("warnings"), warnings},
                  {QStringLiteral("disagreement"), disagreement}, {QStringLiteral("exitCode"), exitCode()}};
    if (outcome == Outcome::Failed) {
        if (failedStep)
            o.insert(QStringLiteral("step"), toString(*failedStep));
        o.insert(QStringLiteral("layer"), toString(failedLayer));
        o.insert(QStringLiteral("fix"), fix);
    }
    return o;
}

} // namespace cmic::validation
