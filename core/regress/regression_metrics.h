#pragma once
// Regression metrics: Pearson's r, Spearman's rho (Pearson's r of the ranks, ties given their average rank
// as scipy.stats.spearmanr and GLUE's STS-B metric do) and the mean squared error. Torch-free.
#include <cstddef>
#include <vector>

namespace pwb::regress {

struct RegressionMetrics {
  size_t count = 0;
  // NaN when undefined: fewer than two values, or one side constant (zero variance), as scipy gives nan.
  double pearson = 0;
  double spearman = 0;
  double mse = 0;  // mean of (prediction - gold)^2; NaN when count is 0
};

// Average ranks, 1-based: tied values share the mean of the ranks they occupy ({5, 1, 5} -> {2.5, 1, 2.5}).
std::vector<double> averageRanks(const std::vector<double>& values);
double pearson(const std::vector<double>& a, const std::vector<double>& b);
double spearman(const std::vector<double>& a, const std::vector<double>& b);
// Throws pwb::Error for lengths that differ or a value that is not finite.
RegressionMetrics regressionMetrics(const std::vector<double>& gold, const std::vector<double>& predicted);

}  // namespace pwb::regress
