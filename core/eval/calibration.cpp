#include "eval/calibration.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace pwb::eval {

std::vector<double> softmax(const std::vector<double>& scores) {
  if (scores.empty()) return {};
  const double top = *std::max_element(scores.begin(), scores.end());
  std::vector<double> out(scores.size());
  double sum = 0;
  for (size_t i = 0; i < scores.size(); ++i) sum += out[i] = std::exp(scores[i] - top);
  for (double& v : out) v /= sum;
  return out;
}

std::vector<double> applyPrior(const std::vector<double>& probs, const std::vector<double>& prior) {
  if (probs.size() != prior.size()) {
    throw Error("calibration: the prior has " + std::to_string(prior.size()) + " classes, the prediction " +
                std::to_string(probs.size()));
  }
  std::vector<double> out(probs.size());
  double sum = 0;
  for (size_t i = 0; i < probs.size(); ++i) {
    if (!(prior[i] > 0))
      throw Error("calibration: the prior of class " + std::to_string(i) + " is not positive");
    sum += out[i] = probs[i] / prior[i];
  }
  if (sum > 0) {
    for (double& v : out) v /= sum;
  }
  return out;
}

std::vector<double> meanProbs(const std::vector<std::vector<double>>& probs) {
  if (probs.empty()) return {};
  std::vector<double> out(probs[0].size(), 0.0);
  for (const auto& p : probs) {
    if (p.size() != out.size()) throw Error("calibration: priors with different class counts");
    for (size_t i = 0; i < p.size(); ++i) out[i] += p[i] / probs.size();
  }
  return out;
}

bool allFinite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

std::string nonFiniteNote(int count, size_t total, const std::string& firstId) {
  return std::to_string(count) + " of " + std::to_string(total) + " example" + (total == 1 ? "" : "s") +
         (count == 1 ? " has" : " have") +
         " NaN or infinite class scores (first: " + (firstId.empty() ? std::string("unnamed") : firstId) +
         "): no class is predicted for " + (count == 1 ? "it" : "them") + " and " +
         (count == 1 ? "it counts" : "they count") + " as wrong";
}

int argmax(const std::vector<double>& values) {
  if (values.empty() || !allFinite(values)) return -1;
  return static_cast<int>(std::max_element(values.begin(), values.end()) - values.begin());
}

}  // namespace pwb::eval
