#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace cmic {

// The one decision about the user interface's language, shared by the console (src/app/main.cpp) and cmic-oauth
// (src/cli/main.cpp). The catalogues are translations/cmic-oauth-console_<language>.ts, compiled into :/i18n.
//
// The language is, first found wins:
//   1. the environment variable CMIC_UI_LANGUAGE (for tests and scripts),
//   2. the QSettings key `ui/language` of the console (kUiLanguageKey; the Preferences dialog writes it),
//   3. the system's preferred languages (QLocale::system().uiLanguages()),
// where a value is `system` (look further), `en` or `fr_CA`. Any French the system prefers picks fr_CA, the one
// French catalogue; anything the console is not translated into picks English, the source language.

inline constexpr char kUiLanguageKey[] = "ui/language";
inline constexpr char kUiLanguageEnvironment[] = "CMIC_UI_LANGUAGE";

// The languages there is a catalogue for, as `ui/language` spells them: "en", "fr_CA".
QStringList availableUiLanguages();

// The pure decision: |requested| is a `ui/language` value (empty or "system": follow |systemLanguages|, which are
// BCP 47 names such as "fr-CA", "en-US", most preferred first). Returns one of availableUiLanguages().
QString chooseUiLanguage(const QString &requested, const QStringList &systemLanguages);

// The console's `ui/language` setting (the GUI's QSettings file, also read by cmic-oauth), or the environment
// override; empty when neither is set.
QString requestedUiLanguage();

// Chooses the language (requestedUiLanguage(), the system's languages) and installs on |app| Qt's own translations
// (qtbase_<lang> from Qt's translations folder, when installed) and the console's catalogue. A language other than
// the system's also becomes QLocale's default, so dates and numbers read like the text. Returns the language.
QString installTranslations(QCoreApplication &app);

} // namespace cmic
