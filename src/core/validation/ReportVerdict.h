#pragma once

// The verdict on a whole validation report, decided once here and shown by every face: the wizard's result
// page, the text, HTML and JSON reports, and cmic-oauth validate's verdict line and exit code.

#include "ValidationReport.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cmic::validation {

struct ReportVerdict
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::ReportVerdict)

public:
    enum class Outcome {
        Passed,            // every step passed, the CMiC call included: the setup works end to end
        ReadyUpToCmicCall, // every step that ran passed, but CMiC itself was not called (not requested, not applicable)
        Failed,            // a step failed: failedStep, failedLayer and fix say where and what to do
        Cancelled,         // the run was cancelled before every step finished
        Incomplete,        // steps are still pending or running
    };

    static ReportVerdict of(const ValidationReport &report);

    Outcome outcome = Outcome::Incomplete;
    // How it looks (the icon): Passed, Warning (passed or ready with warnings), Failed, Cancelled; Running while
    // incomplete.
    StepStatus look = StepStatus::Running;
    bool warnings = false; // some step passed with warnings
    // Passed although local checks predicted a refusal: CMiC's acceptance overruled them, so the workspace does not
    // describe CMiC (the Reconciliation step says what to change).
    bool disagreement = false;
    std::optional<StepId> failedStep;
    Layer failedLayer = Layer::Configuration; // for Failed: the layer the problem is in
    QString failureSummary;                   // for Failed: the failed step's summary
    QString headline;                         // translated, e.g. "Failed at the Token step"
    QString sentence;                         // translated: what the result means
    QString fix;                              // for Failed: the first fix the failed step gives, if any

    // Passed or ReadyUpToCmicCall: nothing failed.
    bool ok() const { return outcome == Outcome::Passed || outcome == Outcome::ReadyUpToCmicCall; }
    // What cmic-oauth validate exits with (docs/cli.md): 0 when ok(), 1 otherwise.
    int exitCode() const { return ok() ? 0 : 1; }
    // What the run shows once it is over: a title ("Checks finished: failed at the Token step") and a status line
    // ("Every check passed, 2 steps with warnings: ..."); a run that warns never says "Every check passed." alone.
    QString runTitle() const;
    QString runStatus() const;
    int warningSteps = 0; // how many steps passed with warnings
    // The sentence followed, when there is one, by "What to do: <fix>" on a line of its own.
    QString details() const;
    // One line, e.g. "FAILED at the Token step (identity provider): <summary>" or "READY UP TO THE CMiC CALL: ...".
    QString statusLine() const;
    // "Result: " + statusLine(), the reports' verdict line.
    QString resultLine() const;
    // {"outcome": toString(outcome), "headline", "sentence", "warnings", "disagreement", "exitCode", and for Failed
    // "step",
    //  "layer", "fix"}
    QJsonObject toJson() const;
};

// Stable words: "passed", "ready-up-to-cmic-call", "failed", "cancelled", "incomplete".
QString toString(ReportVerdict::Outcome outcome);

} // namespace cmic::validation
