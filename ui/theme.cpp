#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>
#include <array>
#include <memory>

namespace pwb::ui {

ThemeMode themeFromString(const QString& name) {
  if (name.compare(QLatin1String("dark"), Qt::CaseInsensitive) == 0) return ThemeMode::Dark;
  if (name.compare(QLatin1String("light"), Qt::CaseInsensitive) == 0) return ThemeMode::Light;
  return ThemeMode::System;
}

QString themeToString(ThemeMode mode) {
  switch (mode) {
    case ThemeMode::Dark:
      return QStringLiteral("dark");
    case ThemeMode::Light:
      return QStringLiteral("light");
    case ThemeMode::System:
      break;
  }
  return QStringLiteral("system");
}

static QPalette darkPalette() {
  QPalette p;
  const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
  const QColor button(0x35, 0x37, 0x3c), highlight(0x3d, 0x7e, 0xd6), mid(0x4a, 0x4d, 0x52);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
  p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8d, 0x93));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, button);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
  p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
  p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x44));
  p.setColor(QPalette::Mid, mid);
  p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
  p.setColor(QPalette::Shadow, QColor(0x0e, 0x0f, 0x10));
  p.setColor(QPalette::Highlight, highlight);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
  p.setColor(QPalette::LinkVisited, QColor(0xa8, 0x8c, 0xf0));
  const QColor disabled(0x7a, 0x7d, 0x83);
  p.setColor(QPalette::Disabled, QPalette::Text, disabled);
  p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
  p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
  p.setColor(QPalette::Disabled, QPalette::Highlight, mid);
  return p;
}

static QPalette lightPalette() {
  // Only the style's palette is wanted: the style itself is ours to delete (found by LeakSanitizer,
  // one Fusion style leaked per switch to the light theme).
  const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette p = fusion->standardPalette();
  p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
  p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf9));
  p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
  return p;
}

void applyTheme(QApplication& app, ThemeMode mode) {
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  switch (mode) {
    case ThemeMode::Dark:
      app.setPalette(darkPalette());
      break;
    case ThemeMode::Light:
      app.setPalette(lightPalette());
      break;
    case ThemeMode::System:
      app.setPalette(app.style()->standardPalette());
      break;
  }
}

bool isDark(const QPalette& palette) {
  return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor blend(const QColor& a, const QColor& b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                          float(a.greenF() + (b.greenF() - a.greenF()) * t),
                          float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor heatColor(double t, const QPalette& palette) {
  t = std::clamp(t, 0.0, 1.0);
  // Hue 0 (red) .. 120 (green); saturation kept moderate so the numbers on top stay legible.
  const QColor pure = QColor::fromHsvF(float(t * 120.0 / 360.0), 0.75f, 0.92f);
  return blend(palette.color(QPalette::Base), pure, isDark(palette) ? 0.55 : 0.6);
}

QColor textOn(const QColor& background) {
  return background.lightnessF() > 0.55 ? QColor(0x11, 0x11, 0x11) : QColor(0xf2, 0xf2, 0xf2);
}

QColor seriesColor(int index) {
  static const std::array<QColor, 8> colours = {
      QColor(0x3b, 0x82, 0xf6), QColor(0xef, 0x6c, 0x3a), QColor(0x22, 0xa0, 0x6b), QColor(0xc0, 0x4c, 0xd9),
      QColor(0xe0, 0xb0, 0x1c), QColor(0x17, 0xb0, 0xc4), QColor(0xe1, 0x4d, 0x7a), QColor(0x7f, 0x8c, 0x3d)};
  return colours[size_t(((index % 8) + 8) % 8)];
}

}  // namespace pwb::ui
