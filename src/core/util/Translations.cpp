#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace cmic {

namespace {

// The console's settings file (organisation and application name of cmic-oauth-console): cmic-oauth has names of
// its own, yet follows the language chosen in the console's Preferences.
constexpr char kSettingsOrganization[] = "cmic-oauth";
constexpr char kSettingsApplication[] = "cmic-oauth-console";

const QString kEnglish = QStringLiteral("en");
const QString kFrenchCanada = QStringLiteral("fr_CA");

// "fr_CA", "fr-ca", "FR" → the catalogue it picks, or empty when there is none for it.
QString catalogueFor(const QString &name)
{
    const QString language = name.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
    if (language == QLatin1String("fr"))
        return kFrenchCanada;
    if (language == QLatin1String("en") || language == QLatin1String("c"))
        return kEnglish;
    return {};
}

} // namespace

QStringList availableUiLanguages() { return {kEnglish, kFrenchCanada}; }

QString chooseUiLanguage(const QString &requested, const QStringList &systemLanguages)
{
    const QString asked = requested.trimmed();
    if (!asked.isEmpty() && asked.compare(QLatin1String("system"), Qt::CaseInsensitive) != 0) {
        const QString chosen = catalogueFor(asked);
        if (!chosen.isEmpty())
            return chosen;
    }
    for (const QString &name : systemLanguages) {
        const QString chosen = catalogueFor(name);
        if (!chosen.isEmpty())
            return chosen;
    }
    return kEnglish;
}

QString requestedUiLanguage()
{
    const QString fromEnvironment = qEnvironmentVariable(kUiLanguageEnvironment).trimmed();
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QSettings settings{QLatin1String(kSettingsOrganization), QLatin1String(kSettingsApplication)};
    return settings.value(QLatin1String(kUiLanguageKey)).toString();
}

QString installTranslations(QCoreApplication &app)
{
    const QString requested = requestedUiLanguage();
    const QStringList system = QLocale::system().uiLanguages();
    const QString language = chooseUiLanguage(requested, system);
    if (language != chooseUiLanguage(QString(), system))
        QLocale::setDefault(QLocale(language));

    if (language != kEnglish) {
        auto *qt = new QTranslator(&app);
        if (qt->load(QStringLiteral("qtbase_") + language.section(QLatin1Char('_'), 0, 0),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
    }
    // English is the source language; its catalogue holds only the plural forms ("1 error", "2 errors").
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/cmic-oauth-console_") + language + QStringLiteral(".qm")))
        QCoreApplication::installTranslator(own);
    else
        delete own;
    return language;
}

} // namespace cmic
