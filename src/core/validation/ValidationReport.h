#pragma once

// The outcome of "Validate setup": one StepResult per pipeline step, in order, and writers for the three
// report formats (text for terminals, JSON for scripts, HTML to attach to a ticket). Reports never hold a secret
// or the access token: the token's decoded header and claims are kept (they are what an admin compares), the
// compact token is not; exchanges are the masked HttpExchange traces.

#include "core/jose/Verdict.h"
#include "core/net/HttpExchange.h"
#include "core/rules/Finding.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <iterator>
#include <optional>

namespace cmic::validation {

// Where the problem lives: what the admin has to go and change.
enum class Layer { Configuration, Network, Idp, Keys, Token, Cmic };

// The pipeline's steps, in the order they run (docs/validation.md describes each). kSteps below holds one row per
// step in this order; everything else about a step follows from its row.
enum class StepId { Configuration, Discovery, Token, Keys, Signature, Claims, ServiceUser, CmicCall, Reconciliation };

constexpr unsigned stepBit(StepId step) { return 1u << unsigned(step); }

struct StepInfo
{
    StepId id;
    const char *word;   // stable, for JSON, HTML ids and tests
    const char *name;   // for people; translated in the context "cmic::validation"
    Layer defaultLayer; // the layer a step normally belongs to (a network failure reports Layer::Network instead)
    unsigned needs;     // stepBit()s of the steps whose results this one uses (it is Skipped when they give none)
};

inline constexpr StepInfo kSteps[] = {
    {StepId::Configuration, "configuration", QT_TRANSLATE_NOOP("cmic::validation", "Configuration"),
     Layer::Configuration, 0},
    {StepId::Discovery, "discovery", QT_TRANSLATE_NOOP("cmic::validation", "Discovery"), Layer::Idp,
     stepBit(StepId::Configuration)},
    {StepId::Token, "token", QT_TRANSLATE_NOOP("cmic::validation", "Token"), Layer::Idp,
     stepBit(StepId::Configuration) | stepBit(StepId::Discovery)},
    {StepId::Keys, "keys", QT_TRANSLATE_NOOP("cmic::validation", "Keys"), Layer::Keys,
     stepBit(StepId::Discovery) | stepBit(StepId::Token)},
    {StepId::Signature, "signature", QT_TRANSLATE_NOOP("cmic::validation", "Signature"), Layer::Token,
     stepBit(StepId::Token) | stepBit(StepId::Keys)},
    {StepId::Claims, "claims", QT_TRANSLATE_NOOP("cmic::validation", "Claims"), Layer::Token, stepBit(StepId::Token)},
    {StepId::ServiceUser, "service-user", QT_TRANSLATE_NOOP("cmic::validation", "Service user"), Layer::Cmic,
     stepBit(StepId::Token)},
    {StepId::CmicCall, "cmic-call", QT_TRANSLATE_NOOP("cmic::validation", "CMiC call"), Layer::Cmic,
     stepBit(StepId::Token)},
    // The console's prediction against CMiC's answer (Reconciliation.h); it needs no step's result to run, since it
    // says so itself when CMiC gave no answer.
    {StepId::Reconciliation, "reconciliation", QT_TRANSLATE_NOOP("cmic::validation", "Prediction vs CMiC"), Layer::Cmic,
     0},
};
inline constexpr int kStepCount = int(std::size(kSteps));

constexpr bool stepTableInOrder()
{
    for (int i = 0; i < kStepCount; ++i) {
        if (kSteps[i].id != StepId(i))
            return false;
        if (kSteps[i].needs >> i) // a step only needs steps that run before it
            return false;
    }
    return true;
}
static_assert(stepTableInOrder(), "kSteps lists every StepId once, in order, each needing only earlier steps");

constexpr const StepInfo &stepInfo(StepId step) { return kSteps[int(step)]; }
// The steps |step| needs, in order.
QList<StepId> stepNeeds(StepId step);

enum class StepStatus {
    Pending,   // not reached yet
    Running,   // in progress
    Passed,    // every check passed
    Warning,   // passed with warnings
    Failed,    // at least one check failed
    Skipped,   // not run: a step it depends on failed, or it does not apply (skipReason says which)
    Cancelled, // the run was cancelled while this step was pending or running
};

// Stable words used in JSON and by tests: the steps' words from kSteps; "configuration", "network", "idp",
// "keys", "token", "cmic"; "pending", "running", "passed", "warning", "failed", "skipped", "cancelled".
QString toString(StepId step);
QString toString(Layer layer);
QString toString(StepStatus status);
// The step with the stable word |word|, if any.
std::optional<StepId> stepFromString(QStringView word);
// Translated, for people: the steps' names from kSteps; "configuration", "network / TLS", "identity provider",
// "keys", "token", "CMiC".
QString displayName(StepId step);
QString displayName(Layer layer);
// How a check's status looks as a step status: Pass Passed, Warn Warning, Fail Failed, Skip Skipped.
StepStatus stepStatusOf(jose::CheckStatus status);
// The step's default layer (kSteps).
Layer defaultLayer(StepId step);

// One check inside a step, passed or not (the report lists them all; findings carry the fixes).
struct StepCheck
{
    QString id;                                         // stable, e.g. "discovery.issuer", "claims.exp", "cmic.status"
    jose::CheckStatus status = jose::CheckStatus::Skip; // as a word only in the writers (jose::statusName)
    QString message;                                    // a sentence
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

    // |curl|: the workspace's CA bundle and proxy for the exchanges' curl lines.
    QJsonObject toJson(const net::CurlOptions &curl = {}) const;
};
// The host a step could not reach (it failed in the network layer: DNS, connection, TLS, timeout): the host of
// its last exchange, which may differ from the issuer's (a token endpoint or JWKS on another host). Empty when
// the step did not fail that way.
QString unreachableHost(const StepResult &step);

// One row of the permissions matrix: a probe endpoint of the environment and CMiC's last answer to its GET.
struct PermissionRow
{
    QString endpoint; // the path below the API base URL, as probed (query removed)
    int status = 0;   // 0: no answer
    QString meaning;  // what the answer says about the service user's access (translated)
};

struct ValidationReport
{
    QString registrationId;
    QString registrationName;
    QString environmentName;
    int environmentPatchLevel = 0; // Environment::patchLevel; 0 unknown (the rules it decides say so)
    QDateTime startedAt;           // UTC
    QDateTime finishedAt;
    bool cancelled = false;
    QList<StepResult> steps; // always kStepCount entries, in StepId order

    // From the token step and the signature/claims steps (never the compact token itself).
    QJsonObject tokenHeader;
    QJsonObject tokenClaims;
    QString serviceUser;                 // the CMiC username the calls run as, empty when unresolved
    QDateTime serverDate;                // the latest HTTP Date header seen, invalid when none
    qint64 serverClockOffsetSeconds = 0; // serverDate - local clock, when serverDate is valid
    QStringList jwksKeyIds;              // the kids of the JWKS the keys step read (not written by the writers)
    net::CurlOptions curl;               // the run's CA bundle and proxy (HttpPolicy::curlOptions), for curl lines

    const StepResult &step(StepId id) const { return steps.at(int(id)); }
    StepResult &step(StepId id) { return steps[int(id)]; }
    // True when no step failed and the run was not cancelled (warnings and skips for "not applicable" are fine).
    // False while a step is still pending or running.
    bool passed() const;
    // The first failed step, or nullptr.
    const StepResult *firstFailure() const;
    // Every finding of every step, in step order.
    Findings allFindings() const;
    // Endpoint x result for the CMiC call: one row per probe endpoint (a retried 429 counts its last answer).
    QList<PermissionRow> permissions() const;

    // {"registration": {...}, "passed", "verdict": ReportVerdict::toJson(), "cancelled", "startedAt", "finishedAt",
    // "serviceUser", "serverClock",
    //  "token": {"header", "claims"}, "permissions": [{"endpoint", "status", "meaning"}...],
    //  "steps": [StepResult::toJson()...]}
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
