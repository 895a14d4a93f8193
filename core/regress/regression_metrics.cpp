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

namespace {
// The series divided by its largest magnitude: the correlation does not change, and the sums of squares
// below can neither overflow (targets near 1e200) nor underflow to zero or to denormals (near 1e-170), which
// gave "correlations" far outside [-1, 1] (fuzz_task_import, tests/fuzz/RESULTS.md bug 13).
std::vector<double> scaledToUnit(const std::vector<double>& v) {
  double largest = 0;
  for (double x : v) largest = std::max(largest, std::fabs(x));
  if (largest == 0 || !std::isfinite(largest)) return v;
  std::vector<double> out;
  out.reserve(v.size());
  for (double x : v) out.push_back(x / largest);
  return out;
}
}  // namespace

double pearson(const std::vector<double>& rawA, const std::vector<double>& rawB) {
  if (rawA.size() != rawB.size()) throw Error("pearson: the two series differ in length");
  const size_t n = rawA.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> a = scaledToUnit(rawA), b = scaledToUnit(rawB);
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(n);
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa == 0 || sbb == 0) return std::numeric_limits<double>::quiet_NaN();
  // Rounding can leave |r| a few ulps above 1.
  return std::clamp(sab / (std::sqrt(saa) * std::sqrt(sbb)), -1.0, 1.0);
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
