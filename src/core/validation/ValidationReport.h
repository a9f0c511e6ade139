#pragma once

// The outcome of "Validate setup": one StepResult per pipeline step, in order, and writers for the three
// report formats (text for terminals, JSON for scripts, HTML to attach to a ticket). Reports never hold a secret
// or the access token: the token's decoded header and claims are kept (they are what an admin compares), the
// compact token is not; exchanges are the masked HttpExchange traces.

#include "core/net/HttpExchange.h"
#include "core/rules/Finding.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cmic::validation {

// The pipeline's steps, in the order they run (docs/validation.md describes each).
enum class StepId { Configuration, Discovery, Token, Keys, Signature, Claims, ServiceUser, CmicCall };
constexpr int kStepCount = 8;

// Where the problem lives: what the admin has to go and change.
enum class Layer { Configuration, Network, Idp, Keys, Token, Cmic };

enum class StepStatus {
    Pending,   // not reached yet
    Running,   // in progress
    Passed,    // every check passed
    Warning,   // passed with warnings
    Failed,    // at least one check failed
    Skipped,   // not run: a step it depends on failed, or it does not apply (skipReason says which)
    Cancelled, // the run was cancelled while this step was pending or running
};

// Stable words used in JSON and by tests: "configuration", "discovery", "token", "keys", "signature", "claims",
// "service-user", "cmic-call"; "configuration", "network", "idp", "keys", "token", "cmic"; "pending", "running",
// "passed", "warning", "failed", "skipped", "cancelled".
QString toString(StepId step);
QString toString(Layer layer);
QString toString(StepStatus status);
// Translated, for people: "Configuration", "Discovery", "Token", "Keys", "Signature", "Claims", "Service user",
// "CMiC call"; "configuration", "network / TLS", "identity provider", "keys", "token", "CMiC".
QString displayName(StepId step);
QString displayName(Layer layer);
// The layer a step normally belongs to (a network failure during the Token step reports Layer::Network instead).
Layer defaultLayer(StepId step);

// One check inside a step, passed or not (the report lists them all; findings carry the fixes).
struct StepCheck
{
    QString id;      // stable, e.g. "discovery.issuer", "claims.exp", "cmic.status"
    QString status;  // "pass", "warn", "fail", "skip" (the jose::statusName words)
    QString message; // a sentence
};

struct StepResult
{
    StepId step = StepId::Configuration;
    Layer layer = Layer::Configuration; // for a failure: the layer the problem is in
    StepStatus status = StepStatus::Pending;
    QString summary;    // one line, e.g. "Token obtained (Bearer, expires in 60 min)" or what failed
    QString skipReason; // for Skipped: why (e.g. "the token step failed")
    QList<StepCheck> checks;
    Findings findings;                  // every failed check and warning, each with a fix
    QList<net::HttpExchange> exchanges; // masked traces, in order
    qint64 elapsedMs = 0;

    QJsonObject toJson() const;
};

struct ValidationReport
{
    QString registrationId;
    QString registrationName;
    QString environmentName;
    QDateTime startedAt; // UTC
    QDateTime finishedAt;
    bool cancelled = false;
    QList<StepResult> steps; // always kStepCount entries, in StepId order

    // From the token step and the signature/claims steps (never the compact token itself).
    QJsonObject tokenHeader;
    QJsonObject tokenClaims;
    QString serviceUser;                 // the CMiC username the calls run as, empty when unresolved
    QDateTime serverDate;                // the latest HTTP Date header seen, invalid when none
    qint64 serverClockOffsetSeconds = 0; // serverDate - local clock, when serverDate is valid

    const StepResult &step(StepId id) const { return steps.at(int(id)); }
    StepResult &step(StepId id) { return steps[int(id)]; }
    // True when no step failed and the run was not cancelled (warnings and skips for "not applicable" are fine).
    // False while a step is still pending or running.
    bool passed() const;
    // The first failed step, or nullptr.
    const StepResult *firstFailure() const;
    // Every finding of every step, in step order.
    Findings allFindings() const;

    // {"registration": {...}, "passed", "cancelled", "startedAt", "finishedAt", "serviceUser", "serverClock",
    //  "token": {"header", "claims"}, "steps": [StepResult::toJson()...]}
    QJsonObject toJson() const;
    // A self-contained HTML page (inline CSS, no scripts, every text escaped).
    QString toHtml() const;
    // Plain text for a terminal: one block per step, findings with their fixes, no colour codes.
    QString toText() const;

    // A report with the kStepCount steps pending.
    static ValidationReport empty();
};

} // namespace cmic::validation

Q_DECLARE_METATYPE(cmic::validation::StepId)
Q_DECLARE_METATYPE(cmic::validation::StepResult)
Q_DECLARE_METATYPE(cmic::validation::ValidationReport)
