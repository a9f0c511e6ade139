#include "Reconciliation.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/jose/ClaimsValidator.h"
#include "core/model/AppRegistration.h"
#include "core/model/Environment.h"
#include "core/rules/SettingsRules.h"
#include "core/util/Elide.h"
#include "core/util/TerminalText.h"

#include <QCoreApplication>

#include <algorithm>

namespace cmic::validation {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::Reconciliation)
};

// The steps whose failures are predictions of CMiC's answer (the CMiC call itself is CMiC's answer).
constexpr StepId kPredictingSteps[] = {StepId::Configuration, StepId::Discovery, StepId::Keys,
                                       StepId::Signature,     StepId::Claims,    StepId::ServiceUser};

// A Configuration or Discovery error predicts CMiC's answer only when it is about a value CMiC's side uses (a missing
// name or an old secret expiry predicts nothing about it).
bool aboutCmicsSide(const Finding &f)
{
    static const QStringList fields{QStringLiteral("issuer"),
                                    QStringLiteral("appId"),
                                    QStringLiteral("jwksUri"),
                                    QStringLiteral("userClaim"),
                                    QStringLiteral("removeDomainFromUser"),
                                    QStringLiteral("ipCheck"),
                                    QStringLiteral("deployment"),
                                    QStringLiteral("cloudTenant"),
                                    QStringLiteral("userSource"),
                                    QStringLiteral("serviceUserId"),
                                    QStringLiteral("username"),
                                    QStringLiteral("patchLevel"),
                                    QStringLiteral("audience")};
    return fields.contains(f.field);
}

bool predictsRefusal(StepId step, const Finding &f)
{
    if (f.severity != Severity::Error || isIntentFinding(f.code))
        return false;
    if (step == StepId::Configuration || step == StepId::Discovery)
        return aboutCmicsSide(f);
    return true;
}

bool accepts(int status) { return (status >= 200 && status < 300) || status == 403; }
bool refuses(int status) { return status == 401 || status == 500; }

StepCheck makeCheck(const QString &id, jose::CheckStatus status, const QString &message)
{
    return StepCheck{id, status, message};
}

Finding makeFinding(const AppRegistration &registration, Severity severity, const QString &code, const QString &message,
                    const QString &fix, const QString &field = {})
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Registration;
    f.subjectId = registration.id;
    f.subjectName = elide(registration.name);
    f.code = code;
    f.message = message;
    f.fix = fix;
    f.field = field;
    return f;
}

QString quoted(const QString &value) { return value.isEmpty() ? Msg::tr("(empty)") : elide(value); }

// The token's App ID claim and its value, the first of the names CMiC matches that the token carries.
QPair<QString, QString> tokenAppId(const QJsonObject &claims)
{
    for (const QString &name : jose::appIdClaimNames()) {
        const QJsonValue v = claims.value(name);
        if (v.isString())
            return {name, v.toString()};
    }
    return {};
}

// CMiC accepted the token although |f| predicted a refusal: what that says about the workspace, and what to change.
Finding contradiction(const Finding &f, const ValidationReport &report, const AppRegistration &registration,
                      const Environment *environment)
{
    const QString tokenIssuer = report.tokenClaims.value(QLatin1String("iss")).toString();
    const auto [appIdClaim, appIdValue] = tokenAppId(report.tokenClaims);
    const QString prefix = Msg::tr("CMiC accepted the token, so CMiC's side is not what this workspace says:");
    QString message;
    QString fix;
    QString field = f.field;
    if (f.code == QLatin1String("claims.iss") || f.code == QLatin1String("entra.issuer-mismatch")
        || f.code == QLatin1String("discovery.issuer")) {
        message = Msg::tr("%1 the Issuer here is %2, the token carries %3, and CMiC matched its registration on the "
                          "token's.")
                      .arg(prefix, quoted(registration.issuer), quoted(tokenIssuer));
        fix = Msg::tr("Set the registration's Issuer to %1, as CMiC API Security has it.").arg(quoted(tokenIssuer));
        field = QStringLiteral("issuer");
    } else if (f.code == QLatin1String("claims.appId") || f.code == QLatin1String("entra.appid-claim-mismatch")) {
        message = Msg::tr("%1 the App ID here is %2, the token's %3 claim is %4, and CMiC matched its registration on "
                          "the token's.")
                      .arg(prefix, quoted(registration.appId), quoted(appIdClaim), quoted(appIdValue));
        fix = Msg::tr("Set the registration's App ID to %1, as CMiC API Security has it.").arg(quoted(appIdValue));
        field = QStringLiteral("appId");
    } else if (f.code.startsWith(QLatin1String("signature.")) || f.code.startsWith(QLatin1String("keys."))
               || f.code.startsWith(QLatin1String("jws.")) || f.code.startsWith(QLatin1String("header."))) {
        message = Msg::tr("%1 CMiC verified the token's signature, but the console could not with the keys at %2 (%3).")
                      .arg(prefix, quoted(registration.jwksUri), f.message);
        fix = Msg::tr("Copy the JWKS URI from CMiC API Security into the registration (CMiC loads the keys from its "
                      "own; with Entra claims mapping it carries ?appid=), then validate again.");
        field = QStringLiteral("jwksUri");
    } else if (f.code == QLatin1String("claims.ipaddr")) {
        const QString tokenIp = report.tokenClaims.value(QLatin1String("ipaddr")).toString();
        message = tokenIp.isEmpty()
                      ? Msg::tr("%1 it accepted a token without an ipaddr claim, so on this CMiC the IP check is off, "
                                "or this patch level lets client-credentials tokens through without ipaddr.")
                            .arg(prefix)
                      : Msg::tr("%1 it accepted a token whose ipaddr (%2) is not the address the console predicted, "
                                "so on this CMiC the IP check is off or sees another address.")
                            .arg(prefix, quoted(tokenIp));
        fix = environment ? Msg::tr("Make environment \"%1\" say what CMiC does: its IP check setting "
                                    "(cmic.oauth2.ipcheck.enabled) and its patch level.")
                                .arg(elide(environment->name))
                          : Msg::tr("Make the environment say what CMiC does: its IP check and patch level.");
        field = QStringLiteral("ipCheck");
    } else if (f.code == QLatin1String("claims.user") || f.code == QLatin1String("service-user.unresolved")) {
        const QString claim = environment ? ServiceUserResolver::claimName(*environment) : QString();
        message = Msg::tr("%1 CMiC found a valid service user in the token, which the console could not (it read the "
                          "claim %2: %3).")
                      .arg(prefix, quoted(claim), f.message);
        fix = Msg::tr("Make the environment's claim name, deployment, Cloud tenant and remove-domain setting what "
                      "cmicapp.properties (or CMiC Cloud) really uses.");
        field = QStringLiteral("userClaim");
    } else if (f.code == QLatin1String("claims.exp") || f.code == QLatin1String("claims.nbf")
               || f.code == QLatin1String("claims.iat")) {
        message = Msg::tr("%1 CMiC's clock judged the token's times valid (%2).").arg(prefix, f.message);
        fix = Msg::tr("Check this computer's clock and %1: CMiC checks exp and nbf with its own clock.")
                  .arg(settingPlace(QLatin1String(settingsField::kClockSkewSeconds)));
        field = QLatin1String(settingsField::kClockSkewSeconds);
    } else {
        message =
            Msg::tr("%1 a local check predicted a refusal (%2), yet CMiC accepted the token.").arg(prefix, f.message);
        fix = f.fix.isEmpty()
                  ? Msg::tr("Compare the value this check names with CMiC's configuration and update the workspace.")
                  : Msg::tr("This rule does not hold for this CMiC, or the workspace does not describe it: %1")
                        .arg(f.fix);
    }
    Finding out =
        makeFinding(registration, Severity::Warning, QStringLiteral("reconcile.cmic-accepted"), message, fix, field);
    if (field == QLatin1String(settingsField::kClockSkewSeconds)) {
        out.subjectKind = SubjectKind::Workspace; // the fix is a workspace setting: the finding opens it
        out.subjectId.clear();
        out.subjectName.clear();
    } else if (f.subjectKind == SubjectKind::Environment) {
        out.subjectKind = f.subjectKind;
        out.subjectId = f.subjectId;
        out.subjectName = f.subjectName;
    }
    return out;
}

// What to compare when CMiC refused a token the console found fine, by CMiC's status.
QString refusalFix(const CmicAnswer &answer, const ValidationReport &report, const AppRegistration &registration,
                   const Environment *environment)
{
    if (answer.status == 500) {
        return Msg::tr("In CMiC API Security the registration must have App ID %1 and Issuer %2 exactly, and CMiC "
                       "must be able to load %3 from its own network. CMiC's log (logger cmic.oauth2.filter, level "
                       "FINE, with the error reference it sent) or CMiC support (with the ECID) says which.")
            .arg(quoted(registration.appId), quoted(registration.issuer), quoted(registration.jwksUri));
    }
    const QString claim = environment ? ServiceUserResolver::claimName(*environment) : QStringLiteral("cmicuser");
    const QString ip = environment && environment->ipCheck ? Msg::tr("on") : Msg::tr("off");
    return Msg::tr("Compare CMiC's side with the workspace: the registration's Issuer %1 and App ID %2 in API "
                   "Security, the JWKS URI %3, the claim CMiC reads (%4 here), the IP check (%5 here), and that the "
                   "user %6 exists and is valid in CMiC. Then correct whichever side is wrong.")
        .arg(quoted(registration.issuer), quoted(registration.appId), quoted(registration.jwksUri), quoted(claim), ip,
             quoted(report.serviceUser));
}

} // namespace

bool isIntentFinding(const QString &code)
{
    return code == QLatin1String("service-user.other-user") || code == QLatin1String("service-user.unexpected");
}

CmicAnswer cmicAnswerOf(const StepResult &call)
{
    CmicAnswer answer;
    if (call.status == StepStatus::Skipped || call.status == StepStatus::Pending
        || call.status == StepStatus::Cancelled)
        return answer;
    const auto accepted = std::find_if(call.exchanges.cbegin(), call.exchanges.cend(),
                                       [](const net::HttpExchange &e) { return accepts(e.status); });
    const auto refused = std::find_if(call.exchanges.cbegin(), call.exchanges.cend(),
                                      [](const net::HttpExchange &e) { return refuses(e.status); });
    const auto answered = std::find_if(call.exchanges.cbegin(), call.exchanges.cend(),
                                       [](const net::HttpExchange &e) { return e.status != 0; });
    const auto decisive = accepted != call.exchanges.cend() ? accepted : refused;
    if (decisive == call.exchanges.cend()) {
        answer.kind = answered == call.exchanges.cend() ? CmicAnswer::Kind::NotCalled : CmicAnswer::Kind::Unjudged;
        if (answered != call.exchanges.cend()) {
            answer.status = answered->status;
            answer.endpoint = answered->url.path();
        }
        return answer;
    }
    answer.kind = accepted != call.exchanges.cend() ? CmicAnswer::Kind::Accepted : CmicAnswer::Kind::Refused;
    answer.status = decisive->status;
    answer.endpoint = decisive->url.path();
    if (decisive->status == 401)
        answer.cmicSaid =
            elide(terminalSafe(QString::fromLatin1(decisive->responseHeader("WWW-Authenticate")), LineFeeds::Escape));
    return answer;
}

ReconciliationResult reconcile(const ValidationReport &report, const AppRegistration &registration,
                               const Environment *environment)
{
    ReconciliationResult out;
    StepResult &step = out.step;
    step.step = StepId::Reconciliation;
    step.layer = defaultLayer(StepId::Reconciliation);
    const StepResult &call = report.step(StepId::CmicCall);
    const CmicAnswer answer = cmicAnswerOf(call);
    const QString id = QStringLiteral("reconcile.answer");

    if (answer.kind == CmicAnswer::Kind::NotCalled || answer.kind == CmicAnswer::Kind::Unjudged) {
        step.status = StepStatus::Skipped;
        step.skipReason = answer.kind == CmicAnswer::Kind::NotCalled
                              ? Msg::tr("CMiC gave no answer to compare with, so the verdict is the console's "
                                        "prediction; only CMiC's answer can confirm it.")
                              : Msg::tr("CMiC's answer (HTTP %1) does not judge the token, so the verdict is the "
                                        "console's prediction; only CMiC's answer can confirm it.")
                                    .arg(answer.status);
        step.summary = step.skipReason;
        return out;
    }

    // The local findings that predicted a refusal (errors of the predicting steps), and the warnings that may
    // explain one.
    QList<QPair<StepId, Finding>> predictedRefusal;
    QList<QPair<StepId, Finding>> warnings;
    for (StepId s : kPredictingSteps) {
        for (const Finding &f : report.step(s).findings) {
            if (isIntentFinding(f.code))
                continue;
            if (predictsRefusal(s, f))
                predictedRefusal.append({s, f});
            else if (f.severity == Severity::Warning
                     && (s == StepId::Claims || s == StepId::Signature || s == StepId::Keys
                         || s == StepId::ServiceUser))
                warnings.append({s, f});
        }
    }
    const QString where = answer.endpoint.isEmpty() ? QString() : QStringLiteral(" %1").arg(elide(answer.endpoint));

    if (answer.kind == CmicAnswer::Kind::Accepted) {
        if (predictedRefusal.isEmpty()) {
            step.checks << makeCheck(id, jose::CheckStatus::Pass,
                                     Msg::tr("CMiC accepted the token (HTTP %1 on GET%2), as the console predicted.")
                                         .arg(answer.status)
                                         .arg(where));
            step.status = StepStatus::Passed;
            step.summary = Msg::tr("CMiC's answer agrees with the console's prediction.");
            return out;
        }
        // CMiC is the judge: every contradicted step is overruled, and the workspace is what to update.
        QList<StepId> overruledIds;
        for (const auto &[s, f] : std::as_const(predictedRefusal)) {
            // Two checks that saw the same mismatch (claims.iss and entra.issuer-mismatch) give one finding.
            const Finding c = contradiction(f, report, registration, environment);
            if (!step.findings.contains(c))
                step.findings << c;
            if (!overruledIds.contains(s))
                overruledIds << s;
        }
        for (StepId s : std::as_const(overruledIds)) {
            StepResult r = report.step(s);
            bool intentLeft = false;
            for (Finding &f : r.findings) {
                if (predictsRefusal(s, f))
                    f.severity = Severity::Warning;
                else if (f.severity == Severity::Error)
                    intentLeft = true; // an error CMiC's answer says nothing about: the step stays failed
            }
            if (!intentLeft) {
                for (StepCheck &c : r.checks) {
                    if (c.status == jose::CheckStatus::Fail)
                        c.status = jose::CheckStatus::Warn;
                }
            }
            const QString note = Msg::tr("CMiC accepted the token (HTTP %1), which overrules this step's prediction "
                                         "of a refusal; see the step \"%2\".")
                                     .arg(answer.status)
                                     .arg(displayName(StepId::Reconciliation));
            r.checks << makeCheck(QStringLiteral("reconcile.overruled"), jose::CheckStatus::Warn, note);
            if (!intentLeft) {
                r.status = StepStatus::Warning;
                r.layer = defaultLayer(s);
                r.summary = Msg::tr("Overruled by CMiC's answer: %1").arg(r.summary);
            }
            out.overruled << r;
        }
        step.checks << makeCheck(id, jose::CheckStatus::Warn,
                                 Msg::tr("CMiC accepted the token (HTTP %1 on GET%2) although %n local check(s) "
                                         "predicted a refusal.",
                                         nullptr, int(predictedRefusal.size()))
                                     .arg(answer.status)
                                     .arg(where));
        step.status = StepStatus::Warning;
        step.summary = Msg::tr("CMiC accepted the token, so the workspace does not describe CMiC: update it where the "
                               "findings say.");
        return out;
    }

    // CMiC refused the token.
    const QString said =
        answer.cmicSaid.isEmpty() ? QString() : QLatin1Char(' ') + Msg::tr("CMiC said: %1").arg(answer.cmicSaid);
    if (!predictedRefusal.isEmpty()) {
        const auto &[s, f] = predictedRefusal.constFirst();
        step.checks << makeCheck(id, jose::CheckStatus::Pass,
                                 Msg::tr("CMiC refused the token (HTTP %1 on GET%2), as the console predicted.%3")
                                     .arg(answer.status)
                                     .arg(where, said));
        Finding tie = makeFinding(
            registration, Severity::Info, QStringLiteral("reconcile.explained"),
            Msg::tr("CMiC's HTTP %1 is explained by the %2 step: %3").arg(answer.status).arg(displayName(s), f.message),
            f.fix, f.field);
        tie.subjectKind = f.subjectKind;
        tie.subjectId = f.subjectId;
        tie.subjectName = f.subjectName;
        step.findings << tie;
        step.status = StepStatus::Passed;
        step.summary = Msg::tr("CMiC's refusal agrees with the console's prediction; fix what the %1 step found.")
                           .arg(displayName(s));
        return out;
    }
    if (!warnings.isEmpty() && answer.status == 401) {
        // A warning that rests on a guess (e.g. a missing ipaddr on a newer patch) now has CMiC's answer.
        const auto &[s, f] = warnings.constFirst();
        const QString message = Msg::tr("CMiC refused the token (HTTP 401 on GET%1), which the warning of the %2 step "
                                        "explains: %3 On this CMiC it is a refusal, not a guess.%4")
                                    .arg(where, displayName(s), f.message, said);
        step.checks << makeCheck(id, jose::CheckStatus::Fail, message);
        Finding tie = makeFinding(registration, Severity::Error, QStringLiteral("reconcile.warning-confirmed"), message,
                                  f.fix, f.field);
        tie.subjectKind = f.subjectKind;
        tie.subjectId = f.subjectId;
        tie.subjectName = f.subjectName;
        step.findings << tie;
        step.status = StepStatus::Failed;
        step.layer = defaultLayer(s);
        step.summary =
            Msg::tr("CMiC confirmed a warning of the %1 step as the cause of its refusal.").arg(displayName(s));
        return out;
    }
    const QString message =
        Msg::tr("CMiC refused the token (HTTP %1 on GET%2) although every local check passed, so CMiC is not "
                "configured as this workspace says, or checks what the console cannot see.%3")
            .arg(answer.status)
            .arg(where, said);
    step.checks << makeCheck(id, jose::CheckStatus::Fail, message);
    step.findings << makeFinding(registration, Severity::Error, QStringLiteral("reconcile.cmic-refused"), message,
                                 refusalFix(answer, report, registration, environment));
    step.status = StepStatus::Failed;
    step.layer = Layer::Cmic;
    step.summary = Msg::tr("CMiC refused a token the console found fine: the workspace does not describe CMiC.");
    return out;
}

} // namespace cmic::validation
