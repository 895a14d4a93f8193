#pragma once
// A fraction shown as a percentage with one decimal ("61.3"), or "—" when it is not a number: the Runs and
// Sweeps views' tables and summaries print accuracies this way.
#include <QString>
#include <cmath>

namespace pwb::ui {

inline QString percentText(double fraction) {
  return std::isfinite(fraction) ? QString::number(fraction * 100.0, 'f', 1) : QStringLiteral("—");
}

// Regression metrics (Pearson, Spearman, MSE; core/regress) are not fractions: four decimals, "—" for NaN.
inline QString correlationText(double value) {
  return std::isfinite(value) ? QString::number(value, 'f', 4) : QStringLiteral("—");
}

// A stored result by its key: the regression keys (test_pearson, test_spearman, test_mse, best_dev_pearson,
// dev_pearson) as numbers, every other key (accuracies, macro-F1) as a percentage.
inline bool isRegressionMetric(const QString& key) {
  return key.contains(QLatin1String("pearson")) || key.contains(QLatin1String("spearman")) ||
         key.endsWith(QLatin1String("_mse"));
}
inline QString metricText(const QString& key, double value) {
  return isRegressionMetric(key) ? correlationText(value) : percentText(value);
}

}  // namespace pwb::ui
