#include "ValidationReport.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cmic::validation {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cmic::validation", text); }

} // namespace

QString toString(StepId step)
{
    switch (step) {
    case StepId::Configuration: return QStringLiteral("configuration");
    case StepId::Discovery: return QStringLiteral("discovery");
    case StepId::Token: return QStringLiteral("token");
    case StepId::Keys: return QStringLiteral("keys");
    case StepId::Signature: return QStringLiteral("signature");
    case StepId::Claims: return QStringLiteral("claims");
    case StepId::ServiceUser: return QStringLiteral("service-user");
    case StepId::CmicCall: return QStringLiteral("cmic-call");
    }
    return {};
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

QString displayName(StepId step)
{
    switch (step) {
    case StepId::Configuration: return tr("Configuration");
    case StepId::Discovery: return tr("Discovery");
    case StepId::Token: return tr("Token");
    case StepId::Keys: return tr("Keys");
    case StepId::Signature: return tr("Signature");
    case StepId::Claims: return tr("Claims");
    case StepId::ServiceUser: return tr("Service user");
    case StepId::CmicCall: return tr("CMiC call");
    }
    return {};
}

QString displayName(Layer layer)
{
    switch (layer) {
    case Layer::Configuration: return tr("configuration");
    case Layer::Network: return tr("network / TLS");
    case Layer::Idp: return tr("identity provider");
    case Layer::Keys: return tr("keys");
    case Layer::Token: return tr("token");
    case Layer::Cmic: return tr("CMiC");
    }
    return {};
}

Layer defaultLayer(StepId step)
{
    switch (step) {
    case StepId::Configuration: return Layer::Configuration;
    case StepId::Discovery: return Layer::Idp;
    case StepId::Token: return Layer::Idp;
    case StepId::Keys: return Layer::Keys;
    case StepId::Signature: return Layer::Token;
    case StepId::Claims: return Layer::Token;
    case StepId::ServiceUser: return Layer::Cmic;
    case StepId::CmicCall: return Layer::Cmic;
    }
    return Layer::Configuration;
}

QJsonObject StepResult::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("step"), toString(step));
    o.insert(QStringLiteral("status"), toString(status));
    o.insert(QStringLiteral("layer"), toString(layer));
    o.insert(QStringLiteral("summary"), summary);
    return o;
}

bool ValidationReport::passed() const
{
    if (cancelled || steps.size() != kStepCount)
        return false;
    for (const StepResult &s : steps) {
        if (s.status == StepStatus::Failed || s.status == StepStatus::Cancelled)
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

QJsonObject ValidationReport::toJson() const
{
    QJsonObject o;
    QJsonArray arr;
    for (const StepResult &s : steps)
        arr.append(s.toJson());
    o.insert(QStringLiteral("passed"), passed());
    o.insert(QStringLiteral("cancelled"), cancelled);
    o.insert(QStringLiteral("steps"), arr);
    return o;
}

QString ValidationReport::toHtml() const { return QStringLiteral("<!DOCTYPE html><html><body></body></html>"); }

QString ValidationReport::toText() const
{
    QString out;
    for (const StepResult &s : steps)
        out += displayName(s.step) + QStringLiteral(": ") + toString(s.status) + QLatin1Char('\n');
    return out;
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
