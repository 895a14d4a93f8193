#pragma once
// Light/dark palettes and the few semantic colours the views share (token chips, heat-map cells, plots).
// Every colour is derived from the active palette so that the dark system palette stays readable.
#include <QColor>
#include <QPalette>
#include <QString>

class QApplication;

namespace pwb::ui {

enum class ThemeMode { System, Light, Dark };

ThemeMode themeFromString(const QString& name);  // "system" | "light" | "dark"; unknown -> System
QString themeToString(ThemeMode mode);

// Fusion style with a light or dark palette (System keeps the platform palette, under Fusion).
void applyTheme(QApplication& app, ThemeMode mode);

bool isDark(const QPalette& palette);
QColor blend(const QColor& a, const QColor& b, double t);  // t = 0 -> a, 1 -> b

// Heat-map colour for a value in [0, 1] (red -> yellow -> green), softened toward the base colour so that
// text stays readable in both themes; textOn() gives the text colour for it.
QColor heatColor(double t, const QPalette& palette);
QColor textOn(const QColor& background);

// Accent colours for series in plots, repeating after 8.
QColor seriesColor(int index);

}  // namespace pwb::ui
