#include "translation_loader.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace pwb::ui {
namespace {

// The settings file of the program (QSettings' default once the application names are set, which
// happens after the translator must already be installed).
QString languageSetting() {
  const QSettings settings(QStringLiteral("PromptWorkbench"), QStringLiteral("prompt-workbench"));
  return settings.value(QStringLiteral("language")).toString().trimmed();
}

// Chinese written in Simplified characters: zh_CN, zh_SG and plain zh. Traditional (zh_TW, zh_HK) users
// read Simplified more easily than English, so they get it too unless they choose "en".
bool isChinese(const QLocale& locale) {
  return locale.language() == QLocale::Chinese;
}

void startupRoutine() {
  if (QCoreApplication* app = QCoreApplication::instance()) installTranslations(*app);
}

}  // namespace

QStringList availableLanguages() {
  return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString effectiveLanguage(const QString& setting) {
  if (setting.isEmpty() || setting == QLatin1String("system")) {
    // uiLanguages() also reads LANGUAGE (e.g. "zh_CN:en"), which QLocale::system().language() ignores.
    const QStringList ui = QLocale::system().uiLanguages();
    const QLocale preferred = ui.isEmpty() ? QLocale::system() : QLocale(ui.first());
    return isChinese(preferred) ? QStringLiteral("zh_CN") : QStringLiteral("en");
  }
  return isChinese(QLocale(setting)) ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString installTranslations(QCoreApplication& app) {
  const QString language = effectiveLanguage(languageSetting());
  if (language == QLatin1String("en")) return language;

  auto* own = new QTranslator(&app);
  if (!own->load(QStringLiteral(":/i18n/prompt-workbench_%1.qm").arg(language))) {
    delete own;
    return QStringLiteral("en");
  }
  QCoreApplication::installTranslator(own);

  auto* qt = new QTranslator(&app);
  if (qt->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  return language;
}

void installTranslationsAtStartup() {
  qAddPreRoutine(startupRoutine);
}

}  // namespace pwb::ui
