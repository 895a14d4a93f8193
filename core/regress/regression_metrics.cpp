#include "regress/regression_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/error.h"

namespace pwb::regress {

std::vector<double> averageRanks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    // Positions i..j (0-based) hold ranks i+1..j+1; their mean is (i + j) / 2 + 1.
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw Error("pearson: the two series differ in length");
  const size_t n = a.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(n);
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa == 0 || sbb == 0) return std::numeric_limits<double>::quiet_NaN();
  return sab / std::sqrt(saa * sbb);
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw Error("spearman: the two series differ in length");
  return pearson(averageRanks(a), averageRanks(b));
}

RegressionMetrics regressionMetrics(const std::vector<double>& gold, const std::vector<double>& predicted) {
  if (gold.size() != predicted.size())
    throw Error("regression metrics: " + std::to_string(gold.size()) + " gold values but " +
                std::to_string(predicted.size()) + " predictions");
  for (size_t i = 0; i < gold.size(); ++i)
    if (!std::isfinite(gold[i]) || !std::isfinite(predicted[i]))
      throw Error("regression metrics: value " + std::to_string(i + 1) + " is not finite");
  RegressionMetrics m;
  m.count = gold.size();
  m.pearson = pearson(gold, predicted);
  m.spearman = spearman(gold, predicted);
  double se = 0;
  for (size_t i = 0; i < gold.size(); ++i) se += (predicted[i] - gold[i]) * (predicted[i] - gold[i]);
  m.mse = gold.empty() ? std::numeric_limits<double>::quiet_NaN() : se / static_cast<double>(gold.size());
  return m;
}

}  // namespace pwb::regress
