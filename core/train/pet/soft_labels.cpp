#include "train/pet/soft_labels.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace pwb::train::pet {

Weighting parseWeighting(const std::string& name) {
  if (name == "uniform") return Weighting::Uniform;
  if (name == "pet") return Weighting::Pet;
  throw Error("unknown ensemble weighting '" + name + "' (uniform or pet)");
}

std::string weightingName(Weighting w) {
  return w == Weighting::Uniform ? "uniform" : "pet";
}

LogitRows ensembleLogits(const std::vector<const LogitRows*>& members, const std::vector<double>& weights) {
  if (members.empty()) throw Error("an ensemble needs at least one member");
  if (weights.size() != members.size())
    throw Error("ensemble: " + std::to_string(members.size()) + " members but " +
                std::to_string(weights.size()) + " weights");
  double total = 0.0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0.0) throw Error("ensemble: a member weight is negative or not a number");
    total += w;
  }
  if (total <= 0.0) throw Error("ensemble: all member weights are zero");
  const size_t n = members[0]->size();
  for (size_t m = 1; m < members.size(); ++m) {
    if (members[m]->size() != n)
      throw Error("ensemble: member " + std::to_string(m + 1) + " scored " +
                  std::to_string(members[m]->size()) + " examples, member 1 " + std::to_string(n));
  }
  LogitRows out(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t c = (*members[0])[i].size();
    std::vector<double> acc(c, 0.0);
    for (size_t m = 0; m < members.size(); ++m) {
      const auto& row = (*members[m])[i];
      if (row.size() != c) throw Error("ensemble: members disagree on the number of classes");
      for (size_t k = 0; k < c; ++k) acc[k] += weights[m] * row[k];
    }
    out[i].resize(c);
    for (size_t k = 0; k < c; ++k) out[i][k] = static_cast<float>(acc[k] / total);
  }
  return out;
}

LogitRows softLabels(const LogitRows& logits, double temperature) {
  if (!(temperature > 0.0) || !std::isfinite(temperature)) throw Error("the temperature must be positive");
  LogitRows out(logits.size());
  for (size_t i = 0; i < logits.size(); ++i) {
    const auto& row = logits[i];
    if (row.empty()) continue;
    double top = row[0];
    for (float v : row) top = std::max(top, static_cast<double>(v));
    std::vector<double> e(row.size());
    double sum = 0.0;
    for (size_t k = 0; k < row.size(); ++k) {
      e[k] = std::exp((row[k] - top) / temperature);  // shifted by the max: no overflow
      sum += e[k];
    }
    out[i].resize(row.size());
    for (size_t k = 0; k < row.size(); ++k) out[i][k] = static_cast<float>(e[k] / sum);
  }
  return out;
}

std::vector<int> argmaxRows(const LogitRows& rows) {
  std::vector<int> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(static_cast<int>(std::max_element(r.begin(), r.end()) - r.begin()));
  return out;
}

double accuracyOfRows(const LogitRows& rows, const std::vector<int>& gold) {
  if (rows.empty() || rows.size() != gold.size()) return 0.0;
  const auto pred = argmaxRows(rows);
  size_t right = 0;
  for (size_t i = 0; i < pred.size(); ++i) right += pred[i] == gold[i];
  return static_cast<double>(right) / static_cast<double>(pred.size());
}

}  // namespace pwb::train::pet
