#include "SetupRun.h"

#include "Reconciliation.h"

#include "core/rules/SettingsRules.h"
#include "core/util/Elide.h"

#include <algorithm>

namespace cmic::validation {

namespace {

// aud as the token has it, for a fix: "'a', 'b'".
QString sentAudience(const QJsonObject &claims)
{
    const QStringList values = jose::audienceValues(claims);
    QStringList quoted;
    for (const QString &v : values.mid(0, 3))
        quoted.append(QLatin1Char('"') + elide(v) + QLatin1Char('"'));
    return quoted.join(QStringLiteral(", "));
}

} // namespace

// The fix for a verdict check, naming the value to change where the verdict depends on this setup.
QString SetupValidator::Run::verdictFix(const jose::Check &c)
{
    if (c.id == QLatin1String("claims.aud") && c.status == jose::CheckStatus::Warn) {
        return Tr::tr("If %1 is what the IdP issues for the CMiC API, enter it as the registration's audience (now "
                      "\"%2\"); otherwise request the token for \"%2\" (scope, audience or resource).")
            .arg(sentAudience(report().tokenClaims), elide(registration.audience));
    }
    if (c.id == QLatin1String("claims.ipaddr") && environment) {
        const QString base = Tr::tr("Add the ipaddr claim at the IdP (Entra: an optional claim), or set "
                                    "cmic.oauth2.ipcheck.enabled=false on CMiC and untick the IP check of environment "
                                    "\"%1\".")
                                 .arg(elide(environment->name));
        if (c.status == jose::CheckStatus::Warn)
            return base + QLatin1Char(' ')
                   + Tr::tr("The environment's patch level is %1; below Patch 20 CMiC answers 401 for certain, so set "
                            "the patch level if you know it.")
                         .arg(Environment::patchLevelText(environment->patchLevel));
        return base;
    }
    return fixForCheck(c.id);
}

const jose::Verdict &SetupValidator::Run::ensureVerdict()
{
    if (!verdict) {
        jose::ClaimsPolicy policy;
        policy.issuer = registration.issuer;
        policy.appId = registration.appId;
        if (const IdpPreset *preset = IdpPresets::find(registration.idpPreset))
            policy.appIdClaim = preset->appIdClaim;
        policy.audience = registration.audience;
        policy.clockSkewSeconds = input.workspace.settings.clockSkewSeconds;
        policy.ipCheck = environment ? environment->ipCheck : false;
        policy.patchLevel = environment ? environment->patchLevel : Environment::kPatchUnknown;
        policy.registration = registration;
        const jose::JwkSet *keys =
            report().step(StepId::Keys).status == StepStatus::Failed || !keySet ? nullptr : keySet.get();
        verdict = jose::TokenVerifier(keys, clock()).verify(accessToken.toLatin1(), policy);
    }
    return *verdict;
}

jose::EntraShapeResult SetupValidator::Run::entraShape(std::optional<bool> kidInKeys, bool signatureFailed)
{
    jose::EntraShapeContext context;
    context.issuer = registration.issuer;
    context.appId = registration.appId;
    if (const IdpPreset *preset = IdpPresets::find(registration.idpPreset))
        context.appIdClaim = preset->appIdClaim;
    context.jwksUri = registration.jwksUri;
    context.kidInKeys = kidInKeys;
    context.signatureFailed = signatureFailed;
    return jose::recogniseEntraToken(report().tokenHeader, report().tokenClaims, context);
}

void SetupValidator::Run::addVerdictChecks(VerdictPart part)
{
    const jose::Verdict &v = ensureVerdict();
    for (const jose::Check &c : v.checks()) {
        if (partOf(c.id) != part)
            continue;
        const QString message = c.message();
        result.checks << StepCheck{c.id, c.status, message};
        if (c.status == jose::CheckStatus::Fail || c.status == jose::CheckStatus::Warn) {
            result.findings << finding(c.status == jose::CheckStatus::Fail ? Severity::Error : Severity::Warning, c.id,
                                       message, verdictFix(c), fieldForCheck(c.id));
        }
    }
}

void SetupValidator::Run::signature()
{
    if (!tokenObtained()) {
        skip(StepId::Signature, Tr::tr("The token step did not obtain a token, so there is nothing to verify."));
        return;
    }
    if (stepFailed(StepId::Keys) || stepSkipped(StepId::Keys) || !keySet) {
        skip(StepId::Signature,
             Tr::tr("The keys step did not give a usable key set, so the signature cannot be checked."));
        return;
    }
    begin(StepId::Signature);
    if (!alive())
        return;
    addVerdictChecks(VerdictPart::Signature);
    bool keysAtFault = false;
    bool signatureFailed = false;
    for (const StepCheck &c : result.checks) {
        if (c.status == CheckStatus::Fail) {
            keysAtFault = keysAtFault || c.id == QLatin1String("key.select") || c.id == QLatin1String("jwks");
            signatureFailed =
                signatureFailed || c.id == QLatin1String("key.select") || c.id == QLatin1String("signature");
        }
    }
    if (signatureFailed) {
        // A Graph token with a header nonce verifies for no one but Graph: the scope is wrong, the keys are not.
        const jose::EntraShapeResult shape = entraShape(std::nullopt, true);
        for (const Finding &f : shape.findings) {
            if (f.code != QLatin1String("entra.graph-signature"))
                continue;
            for (StepCheck &c : result.checks) {
                if (c.status == CheckStatus::Fail
                    && (c.id == QLatin1String("key.select") || c.id == QLatin1String("signature")))
                    c.message = f.message;
            }
            result.findings.erase(std::remove_if(result.findings.begin(), result.findings.end(),
                                                 [](const Finding &g) {
                                                     return g.code == QLatin1String("key.select")
                                                            || g.code == QLatin1String("signature");
                                                 }),
                                  result.findings.end());
            addFindings({f});
            keysAtFault = false;
        }
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(keysAtFault ? Layer::Keys : Layer::Token, firstProblem());
        return;
    }
    const jose::Check *sig = ensureVerdict().find(QStringLiteral("signature"));
    result.summary = sig ? sig->message() : Tr::tr("The signature verifies.");
    finish(status);
}

void SetupValidator::Run::claims()
{
    if (!tokenObtained()) {
        skip(StepId::Claims, Tr::tr("The token step did not obtain a token, so there are no claims to check."));
        return;
    }
    if (!tokenDecodable) {
        skip(StepId::Claims,
             Tr::tr("The token could not be decoded (it is not a JWT), so there are no claims to check."));
        return;
    }
    begin(StepId::Claims);
    if (!alive())
        return;
    addVerdictChecks(VerdictPart::Claims);
    // Which Entra token arrived and what it means for the Issuer and App ID claim to register (info), and where
    // the registration does not fit it (error).
    addFindings(entraShape(std::nullopt, false).findings);
    // One mismatch, one finding: Entra's says which form of Issuer to register, so the generic one goes (its check
    // row stays, failed).
    const auto hasCode = [this](const QString &code) {
        return std::any_of(result.findings.cbegin(), result.findings.cend(),
                           [&code](const Finding &f) { return f.code == code; });
    };
    if (hasCode(QStringLiteral("entra.issuer-mismatch")))
        result.findings.removeIf([](const Finding &f) { return f.code == QLatin1String("claims.iss"); });

    // The IdP's clock against ours: the token's times were set by its clock and are checked here (and by CMiC)
    // with another.
    const ValidationReport &r = report();
    const qint64 skew = input.workspace.settings.clockSkewSeconds;
    const QString id = QStringLiteral("claims.server-clock");
    if (!r.serverDate.isValid()) {
        result.checks << check(id, CheckStatus::Skip,
                               Tr::tr("The IdP sent no Date header, so its clock could not be compared."));
    } else {
        const qint64 offset = r.serverClockOffsetSeconds;
        const QString amount = jose::ClaimsValidator::formatDuration(offset);
        if (qAbs(offset) <= skew) {
            result.checks << check(
                id, CheckStatus::Pass,
                Tr::tr("The IdP's clock agrees with this computer's within %1 (the allowed clock skew "
                       "is %2).")
                    .arg(amount, jose::ClaimsValidator::formatDuration(skew)));
        } else {
            const QString message =
                (offset > 0
                     ? Tr::tr("The IdP's clock is %1 ahead of this computer's clock (its Date header said %2, this "
                              "computer said %3), more than the workspace's %4 clock skew.")
                     : Tr::tr("The IdP's clock is %1 behind this computer's clock (its Date header said %2, this "
                              "computer said %3), more than the workspace's %4 clock skew."))
                    .arg(amount, r.serverDate.toUTC().toString(Qt::ISODate),
                         r.serverDate.addSecs(-offset).toUTC().toString(Qt::ISODate),
                         jose::ClaimsValidator::formatDuration(skew));
            result.checks << check(id, CheckStatus::Warn, message);
            // About the workspace's clock skew (the message names it), so it opens that setting.
            result.findings << makeSettingFinding(
                Severity::Warning, id, message,
                Tr::tr("Synchronise this computer's clock (NTP) first: the time checks above use it. If this computer "
                       "is right, the IdP's clock is wrong; tell its administrators. CMiC's server must keep the right "
                       "time too, since it checks exp and nbf with its own clock. The allowed difference is %1.")
                    .arg(settingPlace(QLatin1String(settingsField::kClockSkewSeconds))),
                QLatin1String(settingsField::kClockSkewSeconds));
        }
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(Layer::Token, firstProblem());
        return;
    }
    result.summary = status == StepStatus::Passed ? Tr::tr("The claims are what CMiC checks for this registration.")
                                                  : firstProblem();
    finish(status);
}

void SetupValidator::Run::serviceUserStep()
{
    if (!tokenObtained()) {
        skip(StepId::ServiceUser,
             Tr::tr("The token step did not obtain a token, so CMiC's service user cannot be worked out."));
        return;
    }
    if (!tokenDecodable) {
        skip(StepId::ServiceUser,
             Tr::tr("The token could not be decoded (it is not a JWT), so CMiC's service user cannot be worked out."));
        return;
    }
    begin(StepId::ServiceUser);
    if (!alive())
        return;
    if (!environment) {
        const QString message =
            Tr::tr("The registration belongs to no environment, so the rules that decide the service "
                   "user (deployment, claim name, user source) are unknown.");
        result.checks << check(QStringLiteral("service-user.resolve"), CheckStatus::Fail, message);
        result.findings << finding(Severity::Error, QStringLiteral("service-user.no-environment"), message,
                                   Tr::tr("Choose the registration's environment, then validate again."),
                                   QStringLiteral("environmentId"));
        fail(Layer::Configuration, message);
        return;
    }
    const ResolvedServiceUser resolved = ServiceUserResolver::resolve(
        *environment, registration, serviceUser ? &*serviceUser : nullptr, report().tokenClaims);
    // From the claim, the IdP's token is what to change; from the registration, the registration is.
    const Layer layer = resolved.source == ResolvedServiceUser::Source::Registration
                                || (resolved.source == ResolvedServiceUser::Source::None
                                    && environment->userSource == UserSource::Registration && serviceUser)
                            ? Layer::Configuration
                            : Layer::Token;
    const QString field =
        resolved.source == ResolvedServiceUser::Source::Registration ? QStringLiteral("serviceUserId") : QString();
    if (!resolved.ok) {
        const QString message = resolved.reason.isEmpty()
                                    ? Tr::tr("CMiC could not tell which service user to run the calls as.")
                                    : resolved.reason;
        result.checks << check(QStringLiteral("service-user.resolve"), CheckStatus::Fail, message);
        result.findings << finding(Severity::Error, QStringLiteral("service-user.unresolved"), message,
                                   resolved.fix.isEmpty()
                                       ? Tr::tr("Make the IdP send the service user in the \"%1\" claim.")
                                             .arg(elide(ServiceUserResolver::claimName(*environment)))
                                       : resolved.fix,
                                   field);
    } else {
        report().serviceUser = resolved.username;
        if (resolved.otherUser) {
            // The claim names someone other than the registration's service user: CMiC runs the calls as that
            // user, or refuses them. An error even when no user is expected.
            result.checks << check(QStringLiteral("service-user.resolve"), CheckStatus::Fail, resolved.reason);
            result.findings << finding(Severity::Error, QStringLiteral("service-user.other-user"), resolved.reason,
                                       resolved.fix, field);
        } else if (resolved.fix.isEmpty()) {
            result.checks << check(QStringLiteral("service-user.resolve"), CheckStatus::Pass, resolved.reason);
        } else {
            result.checks << check(QStringLiteral("service-user.resolve"), CheckStatus::Warn, resolved.reason);
            result.findings << finding(Severity::Warning, QStringLiteral("service-user.note"), resolved.reason,
                                       resolved.fix, field);
        }
    }
    const QString expected = input.expectUser.trimmed();
    if (!expected.isEmpty()) {
        if (!resolved.ok) {
            result.checks << check(QStringLiteral("service-user.expected"), CheckStatus::Skip,
                                   Tr::tr("Not compared with the expected %1: the service user could not be resolved.")
                                       .arg(elide(expected)));
        } else if (resolved.username.compare(expected, Qt::CaseInsensitive) == 0) {
            result.checks << check(
                QStringLiteral("service-user.expected"), CheckStatus::Pass,
                Tr::tr("CMiC runs the calls as %1, the expected user.").arg(elide(resolved.username)));
        } else {
            const QString message = Tr::tr("CMiC would run the calls as %1, not as the expected %2.")
                                        .arg(elide(resolved.username), elide(expected));
            result.checks << check(QStringLiteral("service-user.expected"), CheckStatus::Fail, message);
            result.findings << finding(
                Severity::Error, QStringLiteral("service-user.unexpected"), message,
                resolved.source == ResolvedServiceUser::Source::Registration
                    ? Tr::tr(
                          "Set %1 as the service user of the registration in CMiC API Security and in the workspace, "
                          "or correct the expected user.")
                          .arg(elide(expected))
                    : Tr::tr("Make the IdP put %1 in the \"%2\" claim (claim mapping for this client), or correct the "
                             "expected user.")
                          .arg(elide(expected), elide(ServiceUserResolver::claimName(*environment))),
                field);
        }
    }
    const StepStatus status = statusOf(result);
    if (status == StepStatus::Failed) {
        fail(layer, firstProblem());
        return;
    }
    result.summary = Tr::tr("CMiC will run the calls as %1.").arg(elide(resolved.username));
    finish(status);
}

void SetupValidator::Run::cmicCall()
{
    QString reason;
    if (!input.probeCmic)
        reason = Tr::tr("Not requested: this run stops before calling CMiC.");
    else if (!tokenObtained())
        reason = Tr::tr("The token step did not obtain a token, so CMiC cannot be called.");
    else if (!environment)
        reason = Tr::tr("The registration belongs to no environment, so there is no CMiC to call.");
    else if (environment->apiBaseUrl.trimmed().isEmpty())
        reason = Tr::tr("The environment has no API base URL, so there is no CMiC to call; enter it (e.g. "
                        "https://host/cmicprod) to let the validation call CMiC.");
    else if (environment->probeEndpoints.isEmpty())
        reason = Tr::tr("The environment has no probe endpoint; add a cheap GET such as "
                        "/sys-rest-api/rest/1/sdcompanyaccess to let the validation call CMiC.");
    if (!reason.isEmpty()) {
        skip(StepId::CmicCall, reason);
        return;
    }
    begin(StepId::CmicCall);
    if (!alive())
        return;
    probeIndex = 0;
    probeNext();
}

void SetupValidator::Run::probeNext()
{
    const QStringList &paths = environment->probeEndpoints;
    if (probeIndex >= paths.size()) {
        const StepStatus status = statusOf(result);
        if (status == StepStatus::Failed) {
            Layer layer = Layer::Cmic;
            for (const net::HttpExchange &exchange : std::as_const(result.exchanges)) {
                if (exchange.status == 0) {
                    layer = Layer::Network;
                    break;
                }
            }
            if (layer == Layer::Network) {
                for (const Finding &f : std::as_const(result.findings)) {
                    if (f.code == QLatin1String("net.invalid-url") || f.code == QLatin1String("net.insecure-url"))
                        layer = Layer::Configuration;
                }
            }
            fail(layer, firstProblem());
            return;
        }
        const bool judged = std::any_of(result.exchanges.cbegin(), result.exchanges.cend(),
                                        [](const net::HttpExchange &e) { return e.status >= 200 && e.status < 300; });
        result.summary = judged ? Tr::tr("CMiC accepted the token on %n probe endpoint(s).", nullptr, int(paths.size()))
                                : Tr::tr("CMiC did not judge the token: %1").arg(firstProblem());
        finish(status);
        return;
    }
    const QString path = paths.at(probeIndex++);
    // One at a time and paced: CMiC Cloud answers 429 at once beyond 5 concurrent or 15 requests per second.
    after(probeIndex == 1 ? 0 : net::CmicProbe::kPaceMs, [this, path] { probe(path, false); });
}

void SetupValidator::Run::probe(const QString &path, bool retry)
{
    const QUrl url = net::CmicProbe::probeUrl(environment->apiBaseUrl, path);
    job = net::CmicProbe(q.m_policy)
              .probe(url, accessToken,
                     guarded([this, path, retry](const net::ProbeResult &answer) { onProbe(path, answer, retry); }),
                     registration.id, &q);
}

void SetupValidator::Run::onProbe(const QString &path, const net::ProbeResult &probe, bool retried)
{
    job = nullptr;
    addExchange(probe.http);
    if (probe.rateLimited && !retried) {
        // Another client from this address used up CMiC Cloud's allowance; CMiC sends no Retry-After.
        result.checks << check(QStringLiteral("cmic.rate-limit"), CheckStatus::Warn,
                               Tr::tr("GET %1: HTTP 429 (CMiC Cloud's rate limit); asked again after %n second(s).",
                                      nullptr, net::CmicProbe::kRetryAfter429Ms / 1000)
                                   .arg(elide(path)));
        after(net::CmicProbe::kRetryAfter429Ms, [this, path] { this->probe(path, true); });
        return;
    }
    QString message;
    if (probe.ok)
        message =
            Tr::tr("GET %1: HTTP %2, %n item(s).", nullptr, probe.summary.itemCount).arg(elide(path)).arg(probe.status);
    else if (probe.status != 0)
        message = Tr::tr("GET %1: HTTP %2.").arg(elide(path)).arg(probe.status);
    else
        message = Tr::tr("GET %1: no answer (%2).").arg(elide(path), probe.http.message);
    if (!probe.wwwAuthenticate.isEmpty())
        message += QLatin1Char(' ') + Tr::tr("CMiC said: %1").arg(elide(probe.wwwAuthenticate));
    const bool error = std::any_of(probe.findings.cbegin(), probe.findings.cend(),
                                   [](const Finding &f) { return f.severity == Severity::Error; });
    result.checks << check(QStringLiteral("cmic.status"),
                           probe.ok ? CheckStatus::Pass : (error ? CheckStatus::Fail : CheckStatus::Warn), message);
    // The probe names the registration; its URL fields belong to the environment.
    Findings findings = probe.findings;
    for (const Finding &h : probe.hints) {
        // fact: API Security exists since Patch 19; before it a 403 is no role denial.
        if (h.code == QLatin1String("cmic.403.role") && environment->patchKnown() && environment->patchLevel < 19) {
            findings << finding(
                Severity::Info, QStringLiteral("cmic.403.before-api-security"),
                Tr::tr("Environment \"%1\" is at %2, before API Security (Patch 19), so this 403 is not "
                       "an API Security role denial.")
                    .arg(elide(environment->name), Environment::patchLevelText(environment->patchLevel)),
                Tr::tr("Check the service user's rights in CMiC itself, and the environment's patch level."),
                QStringLiteral("patchLevel"));
            continue;
        }
        findings << h;
        if (h.code == QLatin1String("cmic.403.role")) {
            // fact: CMiC's pages contradict each other on a user without a role; both readings, neither decided.
            findings << finding(
                Severity::Info, QStringLiteral("cmic.403.no-role-readings"),
                Tr::tr("CMiC's pages disagree on what API Security does without a role: one says \"if no roles are "
                       "defined, then all users will have access\" (open); another that a call to a program neither "
                       "secured nor on the bypass list SDAPISECBYPAS \"will fail with a security message\" (closed). "
                       "The console decides neither; this 403 fits the closed reading or a missing role."),
                Tr::tr(
                    "Give the service user a role that grants GET on %1 (SDAPIROLE, SDAPITOROLE), or list the program "
                    "in SDAPISECBYPAS.")
                    .arg(elide(path)),
                QStringLiteral("probeEndpoints"));
        }
    }
    for (Finding &f : findings) {
        if (f.field == QLatin1String("probeEndpoints") || f.field == QLatin1String("apiBaseUrl")
            || f.field == QLatin1String("patchLevel")) {
            f.subjectKind = SubjectKind::Environment;
            f.subjectId = environment->id;
            f.subjectName = elide(environment->name);
        }
    }
    addFindings(findings);
    probeNext();
}

void SetupValidator::Run::reconciliation()
{
    const ReconciliationResult r = reconcile(report(), registration, environment ? &*environment : nullptr);
    if (r.step.status == StepStatus::Skipped) {
        skip(StepId::Reconciliation, r.step.skipReason);
        return;
    }
    begin(StepId::Reconciliation);
    if (!alive())
        return;
    // CMiC's acceptance overrules the steps that predicted a refusal: they are shown again as they now stand.
    for (const StepResult &overruled : r.overruled) {
        report().step(overruled.step) = overruled;
        emit q.stepFinished(overruled);
        if (!alive())
            return;
    }
    const qint64 elapsed = stepTimer.elapsed();
    result = r.step;
    result.elapsedMs = elapsed;
    finish(r.step.status);
}

} // namespace cmic::validation
