#pragma once
// A fraction shown as a percentage with one decimal ("61.3"), or "—" when it is not a number: the Runs and
// Sweeps views' tables and summaries print accuracies this way.
#include <QString>
#include <cmath>

namespace pwb::ui {

inline QString percentText(double fraction) {
  return std::isfinite(fraction) ? QString::number(fraction * 100.0, 'f', 1) : QStringLiteral("—");
}

}  // namespace pwb::ui
