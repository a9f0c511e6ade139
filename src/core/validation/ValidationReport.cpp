#include "ValidationReport.h"

#include "core/net/CmicProbe.h"

#include "ReportVerdict.h"
#include "core/model/Environment.h"
#include "core/util/TerminalText.h"

#include <algorithm>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace cmic::validation {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation)
};

} // namespace

QString toString(StepId step) { return QLatin1String(stepInfo(step).word); }

std::optional<StepId> stepFromString(QStringView word)
{
    for (const StepInfo &info : kSteps) {
        if (word == QLatin1String(info.word))
            return info.id;
    }
    return std::nullopt;
}

QList<StepId> stepNeeds(StepId step)
{
    QList<StepId> needs;
    for (const StepInfo &info : kSteps) {
        if (stepInfo(step).needs & stepBit(info.id))
            needs << info.id;
    }
    return needs;
}

QString toString(Layer layer)
{
    switch (layer) {
    case Layer::Configuration: return QStringLiteral("configuration");
    case Layer::Network: return QStringLiteral("network");
    case Layer::Idp: return QStringLiteral("idp");
    case Layer::Keys: return QStringLiteral("keys");
    case Layer::Token: return QStringLiteral("token");
    case Layer::Cmic: return QStringLiteral("cmic");
    }
    return {};
}

QString toString(StepStatus status)
{
    switch (status) {
    case StepStatus::Pending: return QStringLiteral("pending");
    case StepStatus::Running: return QStringLiteral("running");
    case StepStatus::Passed: return QStringLiteral("passed");
    case StepStatus::Warning: return QStringLiteral("warning");
    case StepStatus::Failed: return QStringLiteral("failed");
    case StepStatus::Skipped: return QStringLiteral("skipped");
    case StepStatus::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

QString displayName(StepId step) { return Tr::tr(stepInfo(step).name); }

QString displayName(Layer layer)
{
    switch (layer) {
    case Layer::Configuration: return Tr::tr("configuration");
    case Layer::Network: return Tr::tr("network / TLS");
    case Layer::Idp: return Tr::tr("identity provider");
    case Layer::Keys: return Tr::tr("keys");
    case Layer::Token: return Tr::tr("token");
    case Layer::Cmic: return Tr::tr("CMiC");
    }
    return {};
}

StepStatus stepStatusOf(jose::CheckStatus status)
{
    switch (status) {
    case jose::CheckStatus::Pass: return StepStatus::Passed;
    case jose::CheckStatus::Warn: return StepStatus::Warning;
    case jose::CheckStatus::Fail: return StepStatus::Failed;
    case jose::CheckStatus::Skip: return StepStatus::Skipped;
    }
    return StepStatus::Skipped;
}

QString unreachableHost(const StepResult &step)
{
    if (step.status != StepStatus::Failed || step.layer != Layer::Network || step.exchanges.isEmpty())
        return {};
    const net::HttpExchange &last = step.exchanges.constLast();
    return (last.redirects.isEmpty() ? last.url : last.redirects.constLast()).host();
}

Layer defaultLayer(StepId step) { return stepInfo(step).defaultLayer; }

namespace {

QJsonValue isoOrNull(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QString statusLabel(StepStatus status)
{
    switch (status) {
    case StepStatus::Pending: return Tr::tr("pending");
    case StepStatus::Running: return Tr::tr("running");
    case StepStatus::Passed: return Tr::tr("passed");
    case StepStatus::Warning: return Tr::tr("warning");
    case StepStatus::Failed: return Tr::tr("failed");
    case StepStatus::Skipped: return Tr::tr("skipped");
    case StepStatus::Cancelled: return Tr::tr("cancelled");
    }
    return {};
}

QString severityLabel(Severity severity)
{
    switch (severity) {
    case Severity::Error: return Tr::tr("error");
    case Severity::Warning: return Tr::tr("warning");
    case Severity::Info: return Tr::tr("info");
    }
    return {};
}

// "Patch 21", "CMiC patch level unknown": the rules that depend on it follow it (docs/rules.md, Patch levels).
QString patchSentence(int patchLevel)
{
    return patchLevel > 0
               ? Environment::patchLevelText(patchLevel)
               : QCoreApplication::translate("cmic::validation::ValidationReport", "CMiC patch level unknown");
}

QString clockSentence(const ValidationReport &report)
{
    if (!report.serverDate.isValid())
        return Tr::tr("not compared (no Date header from the IdP)");
    const qint64 offset = report.serverClockOffsetSeconds;
    const QString date = report.serverDate.toUTC().toString(Qt::ISODate);
    if (offset == 0)
        return Tr::tr("%1, in step with this computer").arg(date);
    return (offset > 0 ? Tr::tr("%1, %2 s ahead of this computer") : Tr::tr("%1, %2 s behind this computer"))
        .arg(date)
        .arg(qAbs(offset));
}

QString exchangeLine(const net::HttpExchange &e)
{
    QString line = e.method + QLatin1Char(' ') + e.url.toDisplayString(QUrl::RemoveQuery) + QStringLiteral(" -> ");
    line += e.status ? QStringLiteral("HTTP %1").arg(e.status)
                     : (e.errorString.isEmpty() ? Tr::tr("no answer") : Tr::tr("no answer (%1)").arg(e.errorString));
    line += QStringLiteral(" (") + Tr::tr("%1 ms").arg(e.elapsedMs) + QLatin1Char(')');
    return line;
}

} // namespace

QJsonObject StepResult::toJson(const net::CurlOptions &curl) const
{
    QJsonArray checkList;
    for (const StepCheck &c : checks) {
        checkList.append(QJsonObject{{QStringLiteral("id"), c.id},
                                     {QStringLiteral("status"), jose::statusName(c.status)},
                                     {QStringLiteral("message"), c.message}});
    }
    QJsonArray findingList;
    for (const Finding &f : findings)
        findingList.append(f.toJson());
    QJsonArray exchangeList;
    for (const net::HttpExchange &exchange : exchanges) {
        QJsonObject object = exchange.toJson();
        object.insert(QStringLiteral("curl"), exchange.toCurl(curl));
        exchangeList.append(object);
    }
    QJsonObject o{
        {QStringLiteral("step"), toString(step)},     {QStringLiteral("name"), displayName(step)},
        {QStringLiteral("status"), toString(status)}, {QStringLiteral("layer"), toString(layer)},
        {QStringLiteral("summary"), summary},         {QStringLiteral("elapsedMs"), elapsedMs},
        {QStringLiteral("checks"), checkList},        {QStringLiteral("findings"), findingList},
        {QStringLiteral("exchanges"), exchangeList},
    };
    if (!skipReason.isEmpty())
        o.insert(QStringLiteral("skipReason"), skipReason);
    return o;
}

bool ValidationReport::passed() const
{
    if (cancelled || steps.size() != kStepCount)
        return false;
    for (const StepResult &s : steps) {
        if (s.status == StepStatus::Failed || s.status == StepStatus::Cancelled || s.status == StepStatus::Pending
            || s.status == StepStatus::Running)
            return false;
    }
    return true;
}

const StepResult *ValidationReport::firstFailure() const
{
    for (const StepResult &s : steps) {
        if (s.status == StepStatus::Failed)
            return &s;
    }
    return nullptr;
}

Findings ValidationReport::allFindings() const
{
    Findings all;
    for (const StepResult &s : steps)
        all += s.findings;
    return all;
}

namespace {

QJsonArray permissionsJson(const ValidationReport &report)
{
    QJsonArray rows;
    for (const PermissionRow &r : report.permissions()) {
        rows.append(QJsonObject{{QStringLiteral("endpoint"), r.endpoint},
                                {QStringLiteral("status"), r.status},
                                {QStringLiteral("meaning"), r.meaning}});
    }
    return rows;
}

} // namespace

QList<PermissionRow> ValidationReport::permissions() const
{
    QList<PermissionRow> rows;
    if (steps.size() != kStepCount)
        return rows;
    for (const net::HttpExchange &e : step(StepId::CmicCall).exchanges) {
        // The path below the environment's base is not known here; the URL's path names the endpoint well enough.
        const QString endpoint = e.url.path();
        auto same =
            std::find_if(rows.begin(), rows.end(), [&](const PermissionRow &r) { return r.endpoint == endpoint; });
        PermissionRow row{endpoint, e.status, net::CmicProbe::accessMeaning(e.status)};
        if (same != rows.end())
            *same = row; // a retry: its last answer counts
        else
            rows << row;
    }
    return rows;
}

QJsonObject ValidationReport::toJson() const
{
    QJsonArray stepList;
    for (const StepResult &s : steps)
        stepList.append(s.toJson(curl));
    const StepResult *failure = firstFailure();
    QJsonObject serverClock{
        {QStringLiteral("date"),
         serverDate.isValid() ? QJsonValue(serverDate.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("offsetSeconds"),
         serverDate.isValid() ? QJsonValue(serverClockOffsetSeconds) : QJsonValue(QJsonValue::Null)}};
    return QJsonObject{
        {QStringLiteral("registration"), QJsonObject{{QStringLiteral("id"), registrationId},
                                                     {QStringLiteral("name"), registrationName},
                                                     {QStringLiteral("environment"), environmentName},
                                                     {QStringLiteral("patchLevel"), environmentPatchLevel}}},
        {QStringLiteral("passed"), passed()},
        {QStringLiteral("verdict"), ReportVerdict::of(*this).toJson()},
        {QStringLiteral("cancelled"), cancelled},
        {QStringLiteral("firstFailure"),
         failure ? QJsonValue(QJsonObject{{QStringLiteral("step"), toString(failure->step)},
                                          {QStringLiteral("layer"), toString(failure->layer)},
                                          {QStringLiteral("summary"), failure->summary}})
                 : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("startedAt"), isoOrNull(startedAt)},
        {QStringLiteral("finishedAt"), isoOrNull(finishedAt)},
        {QStringLiteral("serviceUser"), serviceUser.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(serviceUser)},
        {QStringLiteral("serverClock"), serverClock},
        {QStringLiteral("token"),
         QJsonObject{{QStringLiteral("header"), tokenHeader}, {QStringLiteral("claims"), tokenClaims}}},
        {QStringLiteral("permissions"), permissionsJson(*this)},
        {QStringLiteral("steps"), stepList},
    };
}

namespace {

const char kCss[] = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #d5d9e0; }
h3 { font-size: 1.05em; margin: 0 0 .3em 0; }
table { border-collapse: collapse; }
td, th { text-align: left; vertical-align: top; padding: .15em .8em .15em 0; }
.verdict { font-size: 1.1em; font-weight: 600; padding: .5em .8em; border-radius: 4px; }
.verdict.passed { background: #e3f4e6; color: #14592a; }
.verdict.failed { background: #fbe4e4; color: #8a1c1c; }
.verdict.ready-up-to-cmic-call { background: #e8f1f8; color: #1f4a6e; }
.verdict.cancelled, .verdict.incomplete { background: #eef0f3; color: #414a5a; }
ol.steps { list-style: none; padding: 0; }
ol.steps > li { border: 1px solid #d5d9e0; border-left-width: 6px; border-radius: 4px; padding: .6em .9em;
                margin: .7em 0; }
li.passed { border-left-color: #2e9e4f; } li.warning { border-left-color: #d99a00; }
li.failed { border-left-color: #c62828; } li.skipped, li.pending, li.cancelled, li.running { border-left-color: #9aa3b2; }
.badge { display: inline-block; min-width: 5.5em; text-align: center; font-size: .8em; font-weight: 600;
         text-transform: uppercase; border-radius: 3px; padding: .1em .4em; margin-right: .5em; background: #eef0f3; }
li.passed .badge { background: #e3f4e6; color: #14592a; } li.warning .badge { background: #fff3d6; color: #7a5600; }
li.failed .badge { background: #fbe4e4; color: #8a1c1c; }
.layer, .elapsed, .code { color: #5b6577; font-size: .9em; font-weight: normal; }
.checks td.status { font-family: ui-monospace, monospace; white-space: nowrap; }
.checks td.id { font-family: ui-monospace, monospace; white-space: nowrap; color: #414a5a; }
.status-fail { color: #c62828; } .status-warn { color: #9a6b00; } .status-pass { color: #2e7d32; }
.status-skip { color: #5b6577; }
ul.findings { padding-left: 1.2em; } ul.findings li { margin: .3em 0; }
.sev-error { color: #c62828; font-weight: 600; } .sev-warning { color: #9a6b00; font-weight: 600; }
.sev-info { color: #36587a; font-weight: 600; }
.fix { margin: .1em 0 0 0; color: #26334d; }
pre { background: #f5f6f8; border: 1px solid #e1e4ea; border-radius: 3px; padding: .5em; overflow-x: auto;
      white-space: pre-wrap; word-break: break-all; font-size: .85em; }
details { margin: .3em 0; } summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: .9em; }
footer { margin-top: 2em; color: #5b6577; font-size: .85em; }
)";

QString esc(const QString &text) { return text.toHtmlEscaped(); }

QString headersText(const net::HeaderList &headers)
{
    QString text;
    for (const auto &header : headers)
        text += QString::fromLatin1(header.first) + QStringLiteral(": ") + QString::fromLatin1(header.second)
                + QLatin1Char('\n');
    return text;
}

QString prettyJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

QString ValidationReport::toHtml() const
{
    QString h;
    const QString title =
        Tr::tr("Validate setup: %1").arg(registrationName.isEmpty() ? registrationId : registrationName);
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h += QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h += QStringLiteral("<title>") + esc(title) + QStringLiteral("</title>\n<style>") + QLatin1String(kCss)
         + QStringLiteral("</style>\n</head>\n<body>\n");
    h += QStringLiteral("<h1>") + esc(title) + QStringLiteral("</h1>\n");

    const ReportVerdict verdict = ReportVerdict::of(*this);
    h += QStringLiteral("<p class=\"verdict ") + toString(verdict.outcome) + QStringLiteral("\">")
         + esc(verdict.resultLine()) + QStringLiteral("</p>\n");

    h += QStringLiteral("<table class=\"meta\">\n");
    const auto row = [&h](const QString &label, const QString &value) {
        h += QStringLiteral("<tr><th>") + esc(label) + QStringLiteral("</th><td>") + esc(value)
             + QStringLiteral("</td></tr>\n");
    };
    row(Tr::tr("Registration"), registrationName.isEmpty() ? registrationId : registrationName);
    if (!environmentName.isEmpty())
        row(Tr::tr("Environment"), environmentName + QStringLiteral(", ") + patchSentence(environmentPatchLevel));
    row(Tr::tr("Started"), startedAt.isValid() ? startedAt.toUTC().toString(Qt::ISODate) : QString());
    row(Tr::tr("Finished"), finishedAt.isValid() ? finishedAt.toUTC().toString(Qt::ISODate) : QString());
    row(Tr::tr("Service user"), serviceUser.isEmpty() ? Tr::tr("not resolved") : serviceUser);
    row(Tr::tr("IdP clock"), clockSentence(*this));
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>") + esc(Tr::tr("Steps")) + QStringLiteral("</h2>\n<ol class=\"steps\">\n");
    for (const StepResult &s : steps) {
        h += QStringLiteral("<li class=\"") + toString(s.status) + QStringLiteral("\" id=\"step-") + toString(s.step)
             + QStringLiteral("\">\n<h3><span class=\"badge\">") + esc(statusLabel(s.status))
             + QStringLiteral("</span>") + esc(displayName(s.step));
        if (s.status == StepStatus::Failed)
            h += QStringLiteral(" <span class=\"layer\">") + esc(Tr::tr("(layer: %1)").arg(displayName(s.layer)))
                 + QStringLiteral("</span>");
        if (s.elapsedMs > 0)
            h += QStringLiteral(" <span class=\"elapsed\">") + esc(Tr::tr("%1 ms").arg(s.elapsedMs))
                 + QStringLiteral("</span>");
        h += QStringLiteral("</h3>\n");
        if (!s.summary.isEmpty())
            h += QStringLiteral("<p class=\"summary\">") + esc(s.summary) + QStringLiteral("</p>\n");
        if (!s.skipReason.isEmpty() && s.skipReason != s.summary)
            h += QStringLiteral("<p class=\"summary\">") + esc(Tr::tr("Skipped: %1").arg(s.skipReason))
                 + QStringLiteral("</p>\n");
        if (!s.checks.isEmpty()) {
            h += QStringLiteral("<table class=\"checks\">\n");
            for (const StepCheck &c : s.checks) {
                const QString word = jose::statusName(c.status);
                h += QStringLiteral("<tr><td class=\"status status-") + word + QStringLiteral("\">") + word
                     + QStringLiteral("</td><td class=\"id\">") + esc(c.id) + QStringLiteral("</td><td>")
                     + esc(c.message) + QStringLiteral("</td></tr>\n");
            }
            h += QStringLiteral("</table>\n");
        }
        if (!s.findings.isEmpty()) {
            h += QStringLiteral("<ul class=\"findings\">\n");
            for (const Finding &f : s.findings) {
                h += QStringLiteral("<li><span class=\"sev-") + toString(f.severity) + QStringLiteral("\">")
                     + esc(severityLabel(f.severity)) + QStringLiteral("</span> ") + esc(f.message)
                     + QStringLiteral(" <span class=\"code\">") + esc(f.code) + QStringLiteral("</span>");
                if (!f.fix.isEmpty())
                    h += QStringLiteral("<p class=\"fix\">") + esc(Tr::tr("Fix: %1").arg(f.fix))
                         + QStringLiteral("</p>");
                h += QStringLiteral("</li>\n");
            }
            h += QStringLiteral("</ul>\n");
        }
        for (const net::HttpExchange &e : s.exchanges) {
            h += QStringLiteral("<details><summary>") + esc(exchangeLine(e)) + QStringLiteral("</summary>\n<pre>");
            QString detail = e.method + QLatin1Char(' ') + e.url.toDisplayString() + QLatin1Char('\n')
                             + headersText(e.requestHeaders);
            if (!e.requestBody.isEmpty())
                detail += QLatin1Char('\n') + QString::fromUtf8(e.requestBody) + QLatin1Char('\n');
            detail += QStringLiteral("\nHTTP ") + QString::number(e.status) + QLatin1Char('\n')
                      + headersText(e.responseHeaders);
            if (!e.responseBodyExcerpt.isEmpty())
                detail += QLatin1Char('\n') + QString::fromUtf8(e.responseBodyExcerpt);
            if (!e.peerSubject.isEmpty())
                detail += QLatin1Char('\n')
                          + Tr::tr("TLS peer: %1, issued by %2, expires %3")
                                .arg(e.peerSubject, e.peerIssuer, e.peerExpiry.toUTC().toString(Qt::ISODate));
            h += esc(detail) + QStringLiteral("</pre>\n<pre>") + esc(e.toCurl(curl))
                 + QStringLiteral("</pre>\n</details>\n");
        }
        h += QStringLiteral("</li>\n");
    }
    h += QStringLiteral("</ol>\n");
    const QList<PermissionRow> matrix = permissions();
    if (!matrix.isEmpty()) {
        h += QStringLiteral("<h2>") + esc(Tr::tr("Permissions (GET as the service user)"))
             + QStringLiteral("</h2>\n<table class=\"meta permissions\">\n<tr><th>") + esc(Tr::tr("Endpoint"))
             + QStringLiteral("</th><th>") + esc(Tr::tr("CMiC answered")) + QStringLiteral("</th><th>")
             + esc(Tr::tr("Meaning")) + QStringLiteral("</th></tr>\n");
        for (const PermissionRow &r : matrix) {
            h += QStringLiteral("<tr><td>") + esc(r.endpoint) + QStringLiteral("</td><td>")
                 + esc(r.status ? QString::number(r.status) : Tr::tr("no answer")) + QStringLiteral("</td><td>")
                 + esc(r.meaning) + QStringLiteral("</td></tr>\n");
        }
        h += QStringLiteral("</table>\n");
    }

    if (!tokenHeader.isEmpty() || !tokenClaims.isEmpty()) {
        h += QStringLiteral("<h2>") + esc(Tr::tr("Token (decoded; the token itself is not kept)"))
             + QStringLiteral("</h2>\n");
        h += QStringLiteral("<h3>") + esc(Tr::tr("Header")) + QStringLiteral("</h3>\n<pre>")
             + esc(prettyJson(tokenHeader)) + QStringLiteral("</pre>\n");
        h += QStringLiteral("<h3>") + esc(Tr::tr("Claims")) + QStringLiteral("</h3>\n<pre>")
             + esc(prettyJson(tokenClaims)) + QStringLiteral("</pre>\n");
    }
    h += QStringLiteral("<footer>")
         + esc(Tr::tr("Written by CMiC OAuth Console. The report holds no client secret, private key or access token; "
                      "credentials in the exchanges are masked."))
         + QStringLiteral("</footer>\n</body>\n</html>\n");
    return h;
}

QString ValidationReport::toText() const
{
    // Each text keeps to its line: a line feed in what a server said would start a line of its own (a made-up
    // "Result: PASSED", say). The whole text then goes through terminalSafe() for the other controls.
    const auto one = [](const QString &text) { return terminalSafe(text, LineFeeds::Escape); };
    QString t;
    t += Tr::tr("Validate setup: %1").arg(one(registrationName.isEmpty() ? registrationId : registrationName));
    if (!environmentName.isEmpty())
        t += QStringLiteral(" (") + Tr::tr("environment %1").arg(one(environmentName)) + QStringLiteral(", ")
             + patchSentence(environmentPatchLevel) + QLatin1Char(')');
    t += QLatin1Char('\n');
    t += one(ReportVerdict::of(*this).resultLine()) + QLatin1Char('\n');
    if (startedAt.isValid())
        t += Tr::tr("Started %1, finished %2.")
                 .arg(startedAt.toUTC().toString(Qt::ISODate),
                      finishedAt.isValid() ? finishedAt.toUTC().toString(Qt::ISODate) : Tr::tr("not yet"))
             + QLatin1Char('\n');
    t += QLatin1Char('\n');
    int number = 1;
    for (const StepResult &s : steps) {
        QString head = QStringLiteral("%1. ").arg(number++) + displayName(s.step);
        head = head.leftJustified(18) + QLatin1Char(' ') + statusLabel(s.status).toUpper();
        if (s.status == StepStatus::Failed)
            head += QStringLiteral(" (") + Tr::tr("layer: %1").arg(displayName(s.layer)) + QLatin1Char(')');
        if (s.elapsedMs > 0)
            head += QStringLiteral("  ") + Tr::tr("%1 ms").arg(s.elapsedMs);
        t += head + QLatin1Char('\n');
        if (!s.summary.isEmpty())
            t += QStringLiteral("   ") + one(s.summary) + QLatin1Char('\n');
        if (!s.skipReason.isEmpty() && s.skipReason != s.summary)
            t += QStringLiteral("   ") + Tr::tr("Skipped: %1").arg(one(s.skipReason)) + QLatin1Char('\n');
        for (const StepCheck &c : s.checks) {
            const QString word = jose::statusName(c.status);
            const QString status =
                QLatin1Char('[') + (c.status == jose::CheckStatus::Fail ? word.toUpper() : word) + QLatin1Char(']');
            t += QStringLiteral("     ") + status.leftJustified(7) + one(c.id) + QStringLiteral("  ") + one(c.message)
                 + QLatin1Char('\n');
        }
        for (const Finding &f : s.findings) {
            t += QStringLiteral("   ") + severityLabel(f.severity) + QStringLiteral(" (") + one(f.code)
                 + QStringLiteral("): ") + one(f.message) + QLatin1Char('\n');
            if (!f.fix.isEmpty())
                t += QStringLiteral("     ") + Tr::tr("fix: %1").arg(one(f.fix)) + QLatin1Char('\n');
        }
        for (const net::HttpExchange &e : s.exchanges)
            t += QStringLiteral("   ") + one(exchangeLine(e)) + QLatin1Char('\n');
    }
    const QList<PermissionRow> matrix = permissions();
    if (!matrix.isEmpty()) {
        t += QLatin1Char('\n') + Tr::tr("Permissions (GET as the service user):") + QLatin1Char('\n');
        for (const PermissionRow &r : matrix) {
            t += QStringLiteral("   ") + (r.status ? QString::number(r.status) : QStringLiteral("---")).leftJustified(5)
                 + one(r.endpoint) + QStringLiteral("  ") + one(r.meaning) + QLatin1Char('\n');
        }
    }
    t += QLatin1Char('\n');
    t += Tr::tr("Service user: %1").arg(serviceUser.isEmpty() ? Tr::tr("not resolved") : one(serviceUser))
         + QLatin1Char('\n');
    t += Tr::tr("IdP clock: %1").arg(clockSentence(*this)) + QLatin1Char('\n');
    if (!tokenHeader.isEmpty())
        t +=
            Tr::tr("Token header: %1").arg(QString::fromUtf8(QJsonDocument(tokenHeader).toJson(QJsonDocument::Compact)))
            + QLatin1Char('\n');
    if (!tokenClaims.isEmpty())
        t +=
            Tr::tr("Token claims: %1").arg(QString::fromUtf8(QJsonDocument(tokenClaims).toJson(QJsonDocument::Compact)))
            + QLatin1Char('\n');
    return terminalSafe(t, LineFeeds::Keep);
}

ValidationReport ValidationReport::empty()
{
    ValidationReport r;
    for (int i = 0; i < kStepCount; ++i) {
        StepResult s;
        s.step = StepId(i);
        s.layer = defaultLayer(s.step);
        r.steps.append(s);
    }
    return r;
}

} // namespace cmic::validation
