#pragma once

// Inside SetupValidator (not a public header): one run of the pipeline and the helpers its steps share. The
// steps are split over SetupRunIdp.cpp (configuration, discovery, token, keys) and SetupRunToken.cpp (signature,
// claims, service user, CMiC call); SetupValidator.cpp starts, cancels and ends runs.

#include "SetupValidator.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/jose/ClaimsValidator.h"
#include "core/jose/CompactJws.h"
#include "core/jose/EntraTokenShape.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/model/IdpPreset.h"
#include "core/net/CmicProbe.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwksCache.h"
#include "core/net/NetFindings.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"
#include "core/rules/SettingsRules.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <optional>

namespace cmic::validation::pipeline {

using jose::CheckStatus;

// The same context as SetupValidator::tr, which the pipeline's members use.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::SetupValidator)
};
StepCheck check(const QString &id, CheckStatus status, const QString &message);
// Where a failed exchange puts the problem: the URL itself (configuration), the transport (network / TLS), or the
// server that answered (the step's own layer).
Layer layerFor(const net::HttpResult &http, StepId step);
void downgradeErrorsToWarnings(Findings &findings);
bool hasExchange(const net::HttpResult &http);
// Failed when a check failed or an error was found; Warning when something warns; Passed otherwise (infos are fine).
StepStatus statusOf(const StepResult &result);
// The Verdict's check ids (core/jose), split over the steps that report them.
enum class VerdictPart { Signature, Claims, Ignored };
VerdictPart partOf(const QString &id);
// What to do about a failed or warning verdict check (the verdict's sentence says what was found).
QString fixForCheck(const QString &id);
QString fieldForCheck(const QString &id);
quint64 nextRunId();

} // namespace cmic::validation::pipeline

namespace cmic::validation {

using namespace pipeline;

// One run of the pipeline. Steps run one after the other, each started from the event loop; network steps keep
// their HttpJob so cancel() can abort it. Callbacks check that the run they belong to is still the live one.
struct SetupValidator::Run
{
    Run(SetupValidator &owner, const ValidationInput &in)
        : q(owner), id(nextRunId()), input(in.clone()), tokens(owner.m_policy, owner.m_clock),
          jwks(owner.m_policy, owner.m_clock)
    {
        tokens.setCacheEnabled(false); // a validation always asks the IdP
    }

    SetupValidator &q;
    const quint64 id;
    ValidationInput input;
    net::TokenClient tokens;
    net::JwksCache jwks;
    QPointer<net::HttpJob> job;
    bool done = false;

    // What the steps found so far.
    AppRegistration registration;
    std::optional<Environment> environment;
    std::optional<ServiceUser> serviceUser;
    QString stopReason;
    QUrl jwksUri;
    QUrl tokenEndpoint;
    QUrl discoveredJwksUri;
    QUrl openIdConfigurationUrl; // set when its 404 led to the RFC 8414 metadata (discovery says which answered)
    QStringList discoveredAssertionAlgorithms; // token_endpoint_auth_signing_alg_values_supported
    QString accessToken;
    bool tokenDecodable = false;
    bool jwksRefetched = false;
    std::shared_ptr<const jose::JwkSet> keySet;
    std::optional<jose::Verdict> verdict;
    int probeIndex = 0;

    QElapsedTimer stepTimer;
    StepResult result; // the running step's result

    ValidationReport &report() { return q.m_report; }
    const Clock &clock() const { return q.m_clock; }

    // Runs |f| from the event loop if this run is still the live one by then.
    template <typename F>
    auto guarded(F f)
    {
        return [self = QPointer<SetupValidator>(&q), runId = id, f = std::move(f)](auto &&...args) {
            SetupValidator *validator = self.data();
            const Run *run = validator ? validator->m_run.get() : nullptr;
            if (!run || run->id != runId || run->done)
                return;
            f(std::forward<decltype(args)>(args)...);
        };
    }
    void later(std::function<void()> f)
    {
        auto call = guarded([f = std::move(f)] { f(); });
        QMetaObject::invokeMethod(
            &q, [call]() { call(); }, Qt::QueuedConnection);
    }
    // Runs |f| after |ms| milliseconds if this run is still the live one by then (a cancel drops it).
    void after(int ms, std::function<void()> f)
    {
        if (ms <= 0) {
            later(std::move(f));
            return;
        }
        QTimer::singleShot(ms, &q, guarded([f = std::move(f)] { f(); }));
    }
    bool alive() const { return q.m_run.get() == this && !done; }

    QString verdictFix(const jose::Check &c);
    Finding finding(Severity severity, const QString &code, const QString &message, const QString &fix,
                    const QString &field = {}) const
    {
        Finding f = net::makeNetFinding(severity, code, message, fix, registration.id, field);
        f.subjectKind = SubjectKind::Registration;
        f.subjectName = registration.name;
        return f;
    }
    void addFindings(const Findings &findings)
    {
        for (Finding f : findings) {
            // A finding about a workspace setting stays the workspace's: its link opens Workspace Settings.
            if (!isSettingFinding(f) && (f.subjectId.isEmpty() || f.subjectId == registration.id)) {
                f.subjectKind = SubjectKind::Registration;
                f.subjectId = registration.id;
                if (f.subjectName.isEmpty())
                    f.subjectName = registration.name;
            }
            result.findings << f;
        }
    }
    void addExchange(const net::HttpResult &http)
    {
        if (hasExchange(http))
            result.exchanges << http.exchange;
    }
    // The IdP's clock, from its Date header, against ours (the injected clock) when the answer arrived.
    void noteServerDate(const net::HttpResult &http)
    {
        const QDateTime date = http.exchange.serverDate;
        if (!date.isValid())
            return;
        ValidationReport &r = report();
        if (!r.serverDate.isValid() || date >= r.serverDate) {
            r.serverDate = date.toUTC();
            r.serverClockOffsetSeconds = clock().now().secsTo(date);
        }
    }

    // --- step bookkeeping ---
    void begin(StepId step)
    {
        result = StepResult();
        result.step = step;
        result.layer = defaultLayer(step);
        result.status = StepStatus::Running;
        report().step(step).status = StepStatus::Running;
        stepTimer.start();
        emit q.stepStarted(step);
    }
    // Ends the running step with |status| (or the status its checks and findings give) and goes on with the next.
    // |warningLayer|: where the problem of a step that warns is (e.g. the registration, for a discovery document
    // that differs from it); the step's default layer otherwise.
    void finish(std::optional<StepStatus> status, std::optional<Layer> warningLayer = std::nullopt)
    {
        result.status = status ? *status : statusOf(result);
        result.elapsedMs = stepTimer.elapsed();
        if (result.status != StepStatus::Failed)
            result.layer = warningLayer.value_or(defaultLayer(result.step));
        report().step(result.step) = result;
        const StepResult copy = result;
        emit q.stepFinished(copy);
        if (alive())
            proceedAfter(copy.step);
    }
    // From the event loop: the step after |step| in kSteps, the rest Skipped when the run was stopped, or the end.
    void proceedAfter(StepId step)
    {
        const int next = int(step) + 1;
        if (!stopReason.isEmpty() && next < kStepCount)
            later([this, next] { skipRest(StepId(next), stopReason); });
        else if (next < kStepCount)
            later([this, next] { (this->*kRunners[next])(); });
        else
            later([this] { complete(); });
    }
    // A step that does not run: announced with stepFinished only (no stepStarted).
    void skipStep(StepId step, const QString &reason)
    {
        StepResult skipped;
        skipped.step = step;
        skipped.layer = defaultLayer(step);
        skipped.status = StepStatus::Skipped;
        skipped.skipReason = reason;
        skipped.summary = reason;
        report().step(step) = skipped;
        emit q.stepFinished(skipped);
    }
    void skip(StepId step, const QString &reason)
    {
        skipStep(step, reason);
        if (alive())
            proceedAfter(step);
    }
    void fail(Layer layer, const QString &summary)
    {
        result.layer = layer;
        result.summary = summary;
        finish(StepStatus::Failed);
    }
    QString firstProblem() const
    {
        for (const Finding &f : result.findings) {
            if (f.severity == Severity::Error)
                return f.message;
        }
        for (const Finding &f : result.findings) {
            if (f.severity == Severity::Warning)
                return f.message;
        }
        return {};
    }
    void complete()
    {
        done = true;
        input.credential.clear();
        report().finishedAt = clock().now().toUTC();
        const ValidationReport copy = report();
        emit q.finished(copy);
    }
    bool stepFailed(StepId step) { return report().step(step).status == StepStatus::Failed; }
    bool stepSkipped(StepId step) { return report().step(step).status == StepStatus::Skipped; }
    bool tokenObtained() { return !accessToken.isEmpty(); }
    bool hasOwnTokenEndpoint() const { return !registration.tokenEndpoint.trimmed().isEmpty(); }
    bool hasOwnJwksUri() const { return !registration.jwksUri.trimmed().isEmpty(); }

    // --- the steps ---
    void configuration();
    void discovery();
    void fetchDiscovery(const QUrl &url);
    void onDiscovery(const QUrl &url, const net::DiscoveryResult &d);
    void discoveryUnreadable(const QUrl &url, const net::DiscoveryResult &d);
    void compareDiscoveredIssuer(const net::OidcMetadata &meta);
    void compareDiscoveredJwksUri(const net::OidcMetadata &meta);
    void compareDiscoveredTokenEndpoint(const net::OidcMetadata &meta);
    void compareDiscoveredAuthMethods(const net::OidcMetadata &meta);
    void token();
    void onToken(const net::TokenResponse &response);
    void keys();
    void onKeys(const net::JwksResult &jwksResult);
    void signature();
    void claims();
    void serviceUserStep();
    void cmicCall();
    void probeNext();
    void probe(const QString &path, bool retry);
    void onProbe(const QString &path, const net::ProbeResult &probe, bool retried);
    void reconciliation();
    void skipRest(StepId from, const QString &reason);

    // The step functions, in kSteps order.
    static constexpr void (Run::*kRunners[])() = {
        &Run::configuration, &Run::discovery,       &Run::token,    &Run::keys,          &Run::signature,
        &Run::claims,        &Run::serviceUserStep, &Run::cmicCall, &Run::reconciliation};
    static_assert(std::size(kRunners) == std::size(kSteps), "one step function per row of kSteps");
    const jose::Verdict &ensureVerdict();
    void addVerdictChecks(VerdictPart part);
    // The Entra shape of the token that arrived, against this registration (core/jose/EntraTokenShape).
    jose::EntraShapeResult entraShape(std::optional<bool> kidInKeys, bool signatureFailed);
};

} // namespace cmic::validation
