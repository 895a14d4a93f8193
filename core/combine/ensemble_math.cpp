#include "combine/ensemble_math.h"

#include <cmath>

#include "common/error.h"

namespace pwb::combine {

const char* weightingName(Weighting w) {
  return w == Weighting::Pet ? "pet" : "uniform";
}

Weighting parseWeighting(const std::string& text) {
  if (text == "uniform") return Weighting::Uniform;
  if (text == "pet") return Weighting::Pet;
  throw Error("unknown weighting '" + text + "' (expected uniform or pet)");
}

std::vector<double> normalisedWeights(const std::vector<double>& raw) {
  double sum = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (!std::isfinite(raw[i]) || raw[i] < 0)
      throw Error("member " + std::to_string(i + 1) + " has the weight " + std::to_string(raw[i]) +
                  ": weights must be finite and not negative");
    sum += raw[i];
  }
  if (raw.empty() || sum <= 0) throw Error("the members' weights sum to 0: nothing to average");
  std::vector<double> w(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) w[i] = raw[i] / sum;
  return w;
}

std::vector<std::vector<double>> meanDistribution(
    const std::vector<std::vector<std::vector<double>>>& members, const std::vector<double>& weights) {
  if (members.empty()) throw Error("an ensemble needs at least one member");
  if (weights.size() != members.size())
    throw Error("an ensemble of " + std::to_string(members.size()) + " members got " +
                std::to_string(weights.size()) + " weights");
  const size_t n = members[0].size();
  std::vector<std::vector<double>> out(n);
  for (size_t m = 0; m < members.size(); ++m) {
    if (members[m].size() != n)
      throw Error("member " + std::to_string(m + 1) + " has " + std::to_string(members[m].size()) +
                  " examples, member 1 has " + std::to_string(n));
  }
  for (size_t i = 0; i < n; ++i) {
    const size_t classes = members[0][i].size();
    out[i].assign(classes, 0.0);
    for (size_t m = 0; m < members.size(); ++m) {
      const auto& p = members[m][i];
      if (p.size() != classes)
        throw Error("member " + std::to_string(m + 1) + " has " + std::to_string(p.size()) +
                    " class probabilities for example " + std::to_string(i) + ", member 1 has " +
                    std::to_string(classes));
      // 0 + w*p with w = 1 is p exactly: an ensemble of one run reproduces that run bit for bit.
      for (size_t c = 0; c < classes; ++c) out[i][c] += weights[m] * p[c];
    }
  }
  return out;
}

}  // namespace pwb::combine
