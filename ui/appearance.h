#pragma once

// How the app looks and speaks before the first window opens: the translation for the system
// locale, and a dark palette for desktops whose Qt theme does not pass the dark mode on.
class QApplication;
class QLocale;

namespace Appearance {
// Loads QtChat's and Qt's own translations for the locale (English needs none). True when a
// QtChat translation was found.
bool installTranslations(QApplication &app, const QLocale &locale);
// Fusion with a dark palette; every widget draws from palette roles, so nothing else changes.
void useDarkPalette(QApplication &app);
} // namespace Appearance
