#pragma once

// "Validate setup": proves one app registration end to end, the way CMiC will see it, and says which layer
// failed and how to fix it. Shared by the wizard (gui/ValidateSetupWizard) and the CLI (cmic-oauth validate).
//
// Steps, in order (each a StepResult; a failed step marks the steps that depend on it Skipped with the reason):
//  1. Configuration  SetupRules on the registration, its environment and service user. Errors here do not stop
//                    the run (the network steps show what they cause), except a registration that cannot be
//                    exercised at all (no token endpoint and no discovery, no credential): then Failed.
//  2. Discovery      issuer/.well-known/openid-configuration (or the registration's discoveryUrl): issuer (exact
//                    string) and jwks_uri compared with the registration. Optional: when it cannot be read and
//                    the registration has its endpoints, Warning and the run goes on with the registration's.
//  3. Token          client credentials with the registration's method, scope, audience, resource and the
//                    credential given in ValidationInput (never read from anywhere else, never stored).
//  4. Keys           the registration's JWKS URI (what CMiC uses, not discovery's), refetched once on an unknown kid.
//  5. Signature      jose::TokenVerifier: header rules, key selection, signature.
//  6. Claims         CMiC's claim checks (ClaimsPolicy from the registration, environment and workspace skew),
//                    plus the IdP's clock against ours from HTTP Date headers.
//  7. Service user   ServiceUserResolver: who CMiC runs the calls as, and why; fails when CMiC would reject it.
//  8. CMiC call      GET each of the environment's probe endpoints with the token (CmicProbe); Skipped with a
//                    reason when the environment has no API base URL or no probe endpoint.
// Dependencies: Token needs a token endpoint (registration or discovery); Keys needs a JWKS URI; Signature needs
// Token and Keys; Claims and Service user need a token that could be decoded (they run even when the signature
// failed, so every problem is listed at once, but the report still fails); CMiC call needs a token.

#include "ValidationReport.h"

#include "core/model/Workspace.h"
#include "core/storage/SecretBuffer.h"

#include <QObject>

#include <memory>

namespace cmic {
class Clock;
}

namespace cmic::net {
class HttpPolicy;
}

namespace cmic::validation {

struct ValidationInput
{
    Workspace workspace;     // a copy: editing the document while a run is going does not change the run
    QString registrationId;  // the registration to validate
    SecretBuffer credential; // client secret, or the PEM private key for private_key_jwt; memory only, move-only
    QString expectUser;      // optional: the CMiC username the admin expects the calls to run as
    bool probeCmic = true;   // false: stop after the service-user step (CMiC call Skipped: "not requested")

    // A copy with a credential buffer of its own (a run keeps one and wipes it when it ends or is cancelled).
    ValidationInput clone() const { return {workspace, registrationId, credential.clone(), expectUser, probeCmic}; }
};

class SetupValidator : public QObject
{
    Q_OBJECT

public:
    // |policy| and |clock| must outlive the validator. The policy should already carry the workspace's settings
    // (HttpPolicy::applySettings with the workspace file: CA bundle, proxy).
    SetupValidator(const net::HttpPolicy &policy, const Clock &clock, QObject *parent = nullptr);
    ~SetupValidator() override;

    // Starts a run; returns false (and does nothing) when one is running. Everything is reported through the
    // signals, always from the event loop (never from inside start()).
    bool start(const ValidationInput &input);
    // Stops the running exchange within 100 ms; the running and pending steps become Cancelled and finished()
    // is emitted once.
    void cancel();
    bool isRunning() const;

    // The report so far (complete after finished()).
    const ValidationReport &report() const;
    // The access token of the last run, for "copy token" and the token inspector; memory only, never in the
    // report. Empty when none was obtained.
    QString accessToken() const;

    // Runs start() and waits for finished() (CLI and tests).
    ValidationReport runBlocking(const ValidationInput &input);

signals:
    // stepStarted for each step that runs; stepFinished for every step, also the Skipped ones (which have no
    // stepStarted) and, after cancel(), the Cancelled ones; finished exactly once per run.
    void stepStarted(cmic::validation::StepId step);
    void stepFinished(const cmic::validation::StepResult &result);
    void finished(const cmic::validation::ValidationReport &report);

private:
    struct Run;
    const net::HttpPolicy &m_policy;
    const Clock &m_clock;
    std::unique_ptr<Run> m_run;
    ValidationReport m_report;
};

} // namespace cmic::validation
