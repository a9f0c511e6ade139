#include "NetFindings.h"

#include "core/rules/SettingsRules.h"

namespace cmic::net {

Finding makeNetFinding(Severity severity, const QString &code, const QString &message, const QString &fix,
                       const QString &subjectId, const QString &field)
{
    Finding finding;
    finding.severity = severity;
    finding.subjectKind = subjectId.isEmpty() ? SubjectKind::Workspace : SubjectKind::Registration;
    finding.subjectId = subjectId;
    finding.field = field;
    finding.code = code;
    finding.message = message;
    finding.fix = fix;
    return finding;
}

QString settingFieldFor(NetErrorKind kind)
{
    switch (kind) {
    case NetErrorKind::TlsUnknownCa: return QLatin1String(settingsField::kCaBundlePath);
    case NetErrorKind::Proxy:
    case NetErrorKind::Timeout: return QLatin1String(settingsField::kProxyUrl);
    default: return {};
    }
}

Finding findingFromNetError(const HttpResult &result, const QString &subjectId, const QString &field)
{
    // The fix of these is a workspace setting (its wording names the place), so the finding points there.
    if (const QString setting = settingFieldFor(result.error); !setting.isEmpty()) {
        return makeSettingFinding(Severity::Error, QStringLiteral("net.") + toString(result.error), result.message,
                                  result.fix, setting);
    }
    return makeNetFinding(Severity::Error, QStringLiteral("net.") + toString(result.error), result.message, result.fix,
                          subjectId, field);
}

} // namespace cmic::net
