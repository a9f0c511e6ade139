#pragma once

#include <QString>

class QPalette;

namespace cmic {

// The console's colour theme (Preferences ▸ Theme, QSettings "ui/theme": "system", "light" or "dark").
enum class Theme { System, Light, Dark };

QString toString(Theme theme);
Theme themeFromString(const QString &word); // unknown words are System

// The palettes of the Light and Dark themes (used with the Fusion style). Text on every background meets WCAG AA.
QPalette lightPalette();
QPalette darkPalette();

// Applies |theme| to the running application: Fusion with lightPalette()/darkPalette(), or for System the platform's
// own style and palette as they were before the first call. Safe to call again at any time (the window repaints).
void applyTheme(Theme theme);
// The theme stored in QSettings, applied (main.cpp at start-up).
Theme applyStoredTheme();

} // namespace cmic
