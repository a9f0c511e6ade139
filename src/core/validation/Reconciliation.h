#pragma once

// The pipeline's last step: the console's prediction (every local check) against CMiC's real answer to the probe
// calls. CMiC's answer is the judge; the workspace is only a description of CMiC, so where the two disagree the
// workspace is what is wrong, and this step says which value to change. Its result decides the report's verdict
// (ReportVerdict reads the steps after it has run). docs/validation.md describes the cases.

#include "ValidationReport.h"

#include <QList>

namespace cmic {
struct AppRegistration;
struct Environment;
} // namespace cmic

namespace cmic::validation {

// What CMiC said about the token in the CMiC call step.
struct CmicAnswer
{
    enum class Kind {
        NotCalled, // the step was skipped, or no probe got an HTTP answer
        Unjudged,  // CMiC answered, but with nothing that judges the token (429, 404, 400, ...)
        Accepted,  // some probe answered 2xx or 403: the token passed CMiC's OAuth filter (403 is API Security)
        Refused,   // a probe answered 401 or 500 and none accepted: CMiC's OAuth filter refused the token
    };
    Kind kind = Kind::NotCalled;
    int status = 0;   // the deciding HTTP status (the first 2xx/403 when accepted, the first 401/500 when refused)
    QString endpoint; // the path of that exchange
    QString cmicSaid; // for a 401: the WWW-Authenticate header CMiC sent, if any (terminal-safe, elided)
};

CmicAnswer cmicAnswerOf(const StepResult &cmicCall);

struct ReconciliationResult
{
    StepResult step; // the Reconciliation step (Skipped when CMiC gave no answer that judges the token)
    // Steps whose failure CMiC's acceptance contradicts, rewritten: status Warning, their errors downgraded to
    // warnings, a check "reconcile.overruled" saying why. The pipeline stores them over the originals.
    QList<StepResult> overruled;
};

// |report| holds every step before the reconciliation; |environment| may be null.
ReconciliationResult reconcile(const ValidationReport &report, const AppRegistration &registration,
                               const Environment *environment);

// Finding codes that are about the admin's intent, not a prediction of CMiC's answer: CMiC accepting the token does
// not contradict them (e.g. the claim names another user: CMiC then runs the calls as that user).
bool isIntentFinding(const QString &code);

} // namespace cmic::validation
