#pragma once

#include "Finding.h"

namespace cmic {

struct WorkspaceSettings;

// The workspace settings a finding can point at (Finding::field, with SubjectKind::Workspace): the GUI opens
// Workspace Settings on that field.
namespace settingsField {
inline constexpr char kCaBundlePath[] = "caBundlePath";
inline constexpr char kProxyMode[] = "proxyMode";
inline constexpr char kProxyUrl[] = "proxyUrl";
inline constexpr char kClockSkewSeconds[] = "clockSkewSeconds";
} // namespace settingsField

// The clock skew a workspace may allow, and the amount above which a warning says it is unusually wide.
inline constexpr int kMaxClockSkewSeconds = 3600;
inline constexpr int kWideClockSkewSeconds = 300;

// Where a setting is changed, as people see it: "Workspace Settings ▸ CA bundle". Empty for another field.
QString settingPlace(const QString &field);
// Whether |finding| is about a workspace setting (SubjectKind::Workspace and one of the fields above).
bool isSettingFinding(const Finding &finding);
// A finding about a workspace setting: SubjectKind::Workspace, |field| one of settingsField.
Finding makeSettingFinding(Severity severity, const QString &code, const QString &message, const QString &fix,
                           const QString &field);

// Why |url| cannot be the manual proxy (empty when it can): scheme http, https or socks5, a host and a port.
// The message says what to type.
QString proxyUrlProblem(const QString &url);

// The checks of the settings' values (not of the CA bundle's content: inspectCaBundle reads that). Codes
// settings.proxy-url-missing, settings.proxy-url-invalid, settings.clock-skew-negative, settings.clock-skew-too-large,
// settings.clock-skew-wide, settings.ca-bundle-blank.
Findings checkWorkspaceSettings(const WorkspaceSettings &settings);

} // namespace cmic
