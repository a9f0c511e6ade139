#include "Preferences.h"

#include <QSettings>
#include <QStringList>

namespace cmic::preferences {

namespace {

QString word(const char *key, const QStringList &words)
{
    const QString value = QSettings().value(QLatin1String(key)).toString();
    return words.contains(value) ? value : words.first();
}

} // namespace

QString language()
{
    return word(kLanguageKey, {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("fr_CA")});
}
void setLanguage(const QString &value) { QSettings().setValue(QLatin1String(kLanguageKey), value); }

QString theme() { return word(kThemeKey, {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}); }
void setTheme(const QString &value) { QSettings().setValue(QLatin1String(kThemeKey), value); }

QString defaultExportFolder() { return QSettings().value(QLatin1String(kDefaultExportFolderKey)).toString(); }
void setDefaultExportFolder(const QString &folder)
{
    if (folder.isEmpty())
        QSettings().remove(QLatin1String(kDefaultExportFolderKey));
    else
        QSettings().setValue(QLatin1String(kDefaultExportFolderKey), folder);
}

bool confirmRemovals() { return QSettings().value(QLatin1String(kConfirmRemovalsKey), true).toBool(); }
void setConfirmRemovals(bool ask) { QSettings().setValue(QLatin1String(kConfirmRemovalsKey), ask); }

} // namespace cmic::preferences
