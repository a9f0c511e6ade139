#include "SettingsRules.h"

#include "core/model/Workspace.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QUrl>

namespace cmic {

namespace {

// The translation context of this file's messages.
class SettingsRules
{
    Q_DECLARE_TR_FUNCTIONS(cmic::SettingsRules)
};

} // namespace

QString settingPlace(const QString &field)
{
    //: The place in the console where a setting is changed: the dialog, then the field.
    const QString dialog = SettingsRules::tr("Workspace Settings");
    QString name;
    if (field == QLatin1String(settingsField::kCaBundlePath))
        name = SettingsRules::tr("CA bundle");
    else if (field == QLatin1String(settingsField::kProxyMode) || field == QLatin1String(settingsField::kProxyUrl))
        name = SettingsRules::tr("Proxy");
    else if (field == QLatin1String(settingsField::kClockSkewSeconds))
        name = SettingsRules::tr("Clock skew");
    else
        return {};
    return dialog + QStringLiteral(" \u25B8 ") + name;
}

bool isSettingFinding(const Finding &finding)
{
    return finding.subjectKind == SubjectKind::Workspace && !settingPlace(finding.field).isEmpty();
}

Finding makeSettingFinding(Severity severity, const QString &code, const QString &message, const QString &fix,
                           const QString &field)
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Workspace;
    f.field = field;
    f.code = code;
    f.message = message;
    f.fix = fix;
    return f;
}

QString proxyUrlProblem(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QString example = SettingsRules::tr("Type it as scheme://host:port, e.g. http://proxy.example.com:3128 or "
                                              "socks5://127.0.0.1:1080.");
    if (trimmed.isEmpty())
        return SettingsRules::tr("Manual proxy needs a proxy URL. %1").arg(example);
    if (!trimmed.contains(QLatin1String("://"))) {
        return SettingsRules::tr("\u201c%1\u201d has no scheme: type http://%1 (or https://, socks5://). %2")
            .arg(elide(trimmed), example);
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || scheme.isEmpty())
        return SettingsRules::tr("\u201c%1\u201d is not a URL. %2").arg(elide(trimmed), example);
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("socks5"))
        return SettingsRules::tr("The proxy scheme \u201c%1\u201d is not supported: use http, https or socks5. %2")
            .arg(elide(url.scheme()), example);
    if (url.host().isEmpty())
        return SettingsRules::tr("\u201c%1\u201d names no proxy host. %2").arg(elide(trimmed), example);
    if (url.port() <= 0)
        return SettingsRules::tr("\u201c%1\u201d names no port: add it after the host, e.g. :3128. %2")
            .arg(elide(trimmed), example);
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return SettingsRules::tr("A proxy URL has no path (\u201c%1\u201d): remove it. %2")
            .arg(elide(url.path()), example);
    return {};
}

Findings checkWorkspaceSettings(const WorkspaceSettings &settings)
{
    Findings out;
    if (settings.proxyMode == ProxyMode::Manual) {
        if (const QString problem = proxyUrlProblem(settings.proxyUrl); !problem.isEmpty()) {
            out << makeSettingFinding(
                Severity::Error,
                settings.proxyUrl.trimmed().isEmpty() ? QStringLiteral("settings.proxy-url-missing")
                                                      : QStringLiteral("settings.proxy-url-invalid"),
                problem,
                SettingsRules::tr("Enter the proxy URL in %1, or choose the system proxy settings.")
                    .arg(settingPlace(QLatin1String(settingsField::kProxyUrl))),
                QLatin1String(settingsField::kProxyUrl));
        }
    }
    const QString skewPlace = settingPlace(QLatin1String(settingsField::kClockSkewSeconds));
    if (settings.clockSkewSeconds < 0) {
        out << makeSettingFinding(Severity::Error, QStringLiteral("settings.clock-skew-negative"),
                                  SettingsRules::tr("The clock skew is %n seconds; it cannot be negative.", nullptr,
                                                    settings.clockSkewSeconds),
                                  SettingsRules::tr("Set %1 to 0 or more (60 seconds is usual).").arg(skewPlace),
                                  QLatin1String(settingsField::kClockSkewSeconds));
    } else if (settings.clockSkewSeconds > kMaxClockSkewSeconds) {
        out << makeSettingFinding(
            Severity::Error, QStringLiteral("settings.clock-skew-too-large"),
            SettingsRules::tr("The clock skew is %n seconds, more than the hour the console allows.", nullptr,
                              settings.clockSkewSeconds),
            SettingsRules::tr("Set %1 to at most %2 seconds (60 is usual) and fix the clocks instead.")
                .arg(skewPlace)
                .arg(kMaxClockSkewSeconds),
            QLatin1String(settingsField::kClockSkewSeconds));
    } else if (settings.clockSkewSeconds > kWideClockSkewSeconds) {
        out << makeSettingFinding(
            Severity::Warning, QStringLiteral("settings.clock-skew-wide"),
            SettingsRules::tr("The clock skew is %n seconds: tokens CMiC refuses as expired may still pass here.",
                              nullptr, settings.clockSkewSeconds),
            SettingsRules::tr("Lower %1 to what CMiC allows (60 seconds is usual), and synchronise the clocks.")
                .arg(skewPlace),
            QLatin1String(settingsField::kClockSkewSeconds));
    }
    if (!settings.caBundlePath.isEmpty() && settings.caBundlePath.trimmed().isEmpty()) {
        out << makeSettingFinding(
            Severity::Error, QStringLiteral("settings.ca-bundle-blank"),
            SettingsRules::tr("The CA bundle path is only spaces."),
            SettingsRules::tr("Choose the PEM file in %1, or clear the field to use the system trust store.")
                .arg(settingPlace(QLatin1String(settingsField::kCaBundlePath))),
            QLatin1String(settingsField::kCaBundlePath));
    }
    return out;
}

} // namespace cmic
