#pragma once

#include <QString>

// The console's per-machine preferences (QSettings; never a secret). One place for their keys and defaults.
namespace cmic::preferences {

inline constexpr char kLanguageKey[] = "ui/language";                     // "system", "en", "fr_CA"; read at start-up
inline constexpr char kThemeKey[] = "ui/theme";                           // "system", "light", "dark"; applied live
inline constexpr char kDefaultExportFolderKey[] = "export/defaultFolder"; // when no folder is remembered
inline constexpr char kConfirmRemovalsKey[] = "ui/confirmRemovals";       // true by default

QString language(); // "system" when unset or unknown
void setLanguage(const QString &word);
QString theme(); // "system" when unset or unknown
void setTheme(const QString &word);
QString defaultExportFolder(); // empty when unset
void setDefaultExportFolder(const QString &folder);
bool confirmRemovals();
void setConfirmRemovals(bool ask);

} // namespace cmic::preferences
