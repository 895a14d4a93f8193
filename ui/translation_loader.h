#pragma once
// The interface language: Simplified Chinese (ui/translations/prompt-workbench_zh_CN.ts, compiled into
// the program under :/i18n) or English. The QSettings key "language" chooses it ("zh_CN", "en"); when it
// is empty or "system" the system locale (LANG, LC_ALL, LC_MESSAGES, LANGUAGE) decides.
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace pwb::ui {

// The languages the interface is translated into, as QSettings "language" values: "en", "zh_CN".
QStringList availableLanguages();

// The language "language" names, or the system locale's: "zh_CN" or "en" (every other locale).
QString effectiveLanguage(const QString& setting);

// Installs the program's translator and Qt's own (qtbase_*.qm, for standard dialogs and buttons, when
// the qt6-translations-l10n package is installed) on `app`, following the "language" setting. Returns
// the language installed ("en": none). Call it right after the application object is created, before
// any tr() text is built.
QString installTranslations(QCoreApplication& app);

// Registers installTranslations to run inside the QApplication constructor (qAddPreRoutine), so that
// main() can call it before the application object exists.
void installTranslationsAtStartup();

}  // namespace pwb::ui
